#!/usr/bin/env bash
# Creates (or reuses) the reference venv at $ATTRIBENCH_HOME/venv-reference with the pinned Python
# stack of scripts/reference-requirements.txt, and prints the path of its python.
# Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/….py
#        bash scripts/reference-venv.sh --llama-cpp   # also the optional llama.cpp peer
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${ATTRIBENCH_HOME:-$HOME/.cache/attribench}"
venv="$home/venv-reference"
req="$here/reference-requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | awk '{print $1}')"

if [ ! -x "$venv/bin/python" ]; then
  echo "reference venv: creating $venv" >&2
  python3 -m venv "$venv" || { echo "reference venv: error: python3 -m venv failed; install python3-venv" >&2; exit 2; }
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "reference venv: installing $(grep -cv '^#' "$req") pinned packages from PyPI (several GB for torch)" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2 \
    || { echo "reference venv: error: pip install -r $req failed; check the network to PyPI" >&2; exit 2; }
  echo "$want" > "$stamp"
fi
if [ "${1:-}" = "--llama-cpp" ]; then
  extra="$here/reference-requirements-llamacpp.txt"
  extra_stamp="$venv/.requirements-llamacpp.sha256"
  extra_want="$(sha256sum "$extra" | awk '{print $1}')"
  if [ ! -f "$extra_stamp" ] || [ "$(cat "$extra_stamp")" != "$extra_want" ]; then
    echo "reference venv: building llama-cpp-python from source (about 6 minutes)" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$extra" >&2 \
      || { echo "reference venv: error: pip install -r $extra failed; it needs a C++ compiler and cmake" >&2; exit 2; }
    echo "$extra_want" > "$extra_stamp"
  fi
fi
echo "$venv/bin/python"
