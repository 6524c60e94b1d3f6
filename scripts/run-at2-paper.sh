#!/usr/bin/env bash
# The at2-paper suite in one command: builds in release mode, trains AT2 when its learned state is
# missing (task-specific on XQuAD's training articles, general on ERASER Movies summaries), then runs
# the suite and writes the leaderboard to leaderboard/at2-paper/.
# Usage: bash scripts/run-at2-paper.sh   (AT2_TRAIN_EXAMPLES, default 120, sets the training inputs per variant)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
examples="${AT2_TRAIN_EXAMPLES:-120}"
swift build -c release $(bash scripts/swift-flags.sh) >&2
bin="$(swift build -c release --show-bin-path)/attribench"
if [ ! -f leaderboard/at2/xquad-task/at2-state.json ]; then
  "$bin" train-at2 --explainer at2 --data xquad --examples "$examples" --out leaderboard/at2/xquad-task --json
fi
if [ ! -f leaderboard/at2/general/at2-state.json ]; then
  "$bin" train-at2 --explainer at2-general --data movies --examples "$examples" --out leaderboard/at2/general --json
fi
"$bin" run --suite at2-paper --out leaderboard/at2-paper
