#!/usr/bin/env bash
# The main job on a fresh machine: system packages, a release build, the models, then the furthest
# end-to-end path the project has today — the encoder on the task data: every layer's attention and
# the gradient to the input embeddings for an SST-2 dev sentence, checked and summarised.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-system-deps.sh
swift build -c release --product attribench
eval "$(bash scripts/setup-models.sh | sed 's/^/export /')"
bin="$(swift build -c release --show-bin-path)/attribench"
[ -n "${ATTRIBENCH_DATA:-}" ] || { echo "attribench: error: set ATTRIBENCH_DATA to the task data folder (sst2/, hatexplain/, …)" >&2; exit 2; }
sentence="$(head -n 1 "$ATTRIBENCH_DATA/sst2/sst2_dev_rationales.jsonl" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["tokens"]))')"
echo "attribench: SST-2 dev sentence: $sentence" >&2
"$bin" tokenize --model "$ENCODER_MODEL" "$sentence"
"$bin" forward --model "$ENCODER_MODEL" --json --attentions "$sentence" > /tmp/attribench-forward.json
python3 - /tmp/attribench-forward.json <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
att = out["attentions"]
sums = [sum(row) for layer in att for head in layer for row in head]
print(f"{len(out['ids'])} tokens; attentions {len(att)} layers x {len(att[0])} heads; "
      f"row sums in [{min(sums):.6f}, {max(sums):.6f}]")
PY
# The four encoder classifiers the benchmark explains (reused when current, resumed when killed).
for task in cola sst2 hatexplain movies; do
  "$bin" finetune --task "$task"
done
