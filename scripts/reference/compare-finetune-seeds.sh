#!/usr/bin/env bash
# Fine-tunes each task with AttriBench and with the PyTorch peer (scripts/reference/finetune_torch.py)
# for several seeds and prints one JSON line per (trainer, task, seed) with the evaluation scores, so
# the two trainers are compared as distributions over seeds, not as one draw each. The seed sets the
# head initialisation, the batch order and the dropout masks on both sides; without dropout the two
# trainers follow the same trajectory (Tests/TrainingTests/TrainingTrajectoryGoldenTests).
# AttriBench's checkpoints go to a scratch ATTRIBENCH_HOME (models linked from the real one), so the
# default fine-tunes in ~/.cache/attribench/finetuned are left alone.
# Usage: bash scripts/reference/compare-finetune-seeds.sh "cola sst2" "1 2" > seeds.jsonl
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tasks="${1:-cola sst2 hatexplain movies}"
seeds="${2:-0 1 2}"
home="${ATTRIBENCH_HOME:-$HOME/.cache/attribench}"
scratch="${SEEDS_HOME:-$home/seed-comparison}"
mkdir -p "$scratch"
[ -e "$scratch/models" ] || ln -s "$home/models" "$scratch/models"
read -ra flags <<< "$(bash scripts/swift-flags.sh)"
swift build -c release "${flags[@]}" >&2
bin="$(swift build -c release --show-bin-path)/attribench"
py="$(bash scripts/reference-venv.sh)"
for seed in $seeds; do
    for task in $tasks; do
        ATTRIBENCH_HOME="$scratch" "$bin" finetune --task "$task" --seed "$seed" --json > /dev/null
        ATTRIBENCH_HOME="$scratch" "$bin" evaluate --task "$task" --model "$scratch/finetuned/$task" --json \
            | "$py" -c "import json,sys; r=json.load(sys.stdin); r.update(trainer='attribench', seed=$seed); print(json.dumps(r))"
        "$py" scripts/reference/finetune_torch.py --task "$task" --seed "$seed" 2> /dev/null \
            | "$py" -c "import json,sys; r=json.load(sys.stdin); r.update(trainer='pytorch', seed=$seed); print(json.dumps(r))"
    done
done
