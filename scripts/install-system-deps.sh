#!/usr/bin/env bash
# Installs the Debian packages AttriBench builds against (OpenBLAS, json-c, zlib, pkg-config) and the
# headless browser the HTML leaderboard test renders with (chromium) and shellcheck (actionlint runs it on
# the workflow's scripts), once.
set -euo pipefail
packages=(libopenblas-dev libjson-c-dev zlib1g-dev pkg-config chromium fonts-dejavu-core shellcheck)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "attribench: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
