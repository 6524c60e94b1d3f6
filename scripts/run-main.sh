#!/usr/bin/env bash
# The main job on a fresh machine: system packages, a release build, the models, the four fine-tuned
# classifiers (reused when current, resumed when killed), then the `default` benchmark suite, which
# writes leaderboard/ (Markdown, CSV, JSON, HTML). Re-running resumes: nothing computed is redone.
# Usage: bash scripts/run-main.sh [SUITE]   (default: default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
suite="${1:-default}"
bash scripts/install-system-deps.sh
swift build -c release $(bash scripts/swift-flags.sh) --product attribench
bin="$(swift build -c release --show-bin-path)/attribench"
eval "$("$bin" setup | sed 's/^/export /')"
[ -n "${ATTRIBENCH_DATA:-}" ] || { echo "attribench: error: set ATTRIBENCH_DATA to the task data folder (sst2/, hatexplain/, …)" >&2; exit 2; }
# The four encoder classifiers the benchmark explains.
for task in cola sst2 hatexplain movies; do
  "$bin" finetune --task "$task"
done
status=0
"$bin" run --suite "$suite" --out leaderboard || status=$?
# 1 = the run finished with recorded failures (they are in the leaderboard); anything else is an error.
[ "$status" -le 1 ] || exit "$status"
echo "attribench: leaderboard written to $(pwd)/leaderboard (leaderboard.md, .csv, .json, .html)" >&2
exit "$status"
