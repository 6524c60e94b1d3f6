#!/usr/bin/env bash
# Fine-tuning throughput at the SST-2 setting (all-MiniLM-L6-v2, batch 32, max length 128, dropout,
# AdamW + clipping, the same length-bucketed batches), AttriBench beside PyTorch eager in one run;
# prints both, the ratio, the achieved GFLOP/s and peak memory.
# Usage: bash benchmarks/run-training.sh [THREADS] [STEPS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"; steps="${2:-20}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
data="${ATTRIBENCH_DATA:-$here/../../shared/datasets}"
PY="$(bash "$here/../scripts/reference-venv.sh")"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product TrainingThroughput >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/TrainingThroughput"
swift_out="$(mktemp)"; torch_out="$(mktemp)"
ATTRIBENCH_THREADS="$threads" OPENBLAS_NUM_THREADS=1 "$bin" "$ENCODER_MODEL" "$data" --steps "$steps" | tee "$swift_out"
OMP_NUM_THREADS="$threads" "$PY" "$here/../scripts/reference/finetune_torch.py" --task sst2 --data "$data" \
    --model "$ENCODER_MODEL" --threads "$threads" --max-steps "$steps" --no-eval 2>/dev/null | tee "$torch_out"
"$PY" - "$swift_out" "$torch_out" <<'PY'
import json, sys
ours, theirs = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ratio = ours["examples_per_second"] / theirs["examples_per_second"]
print(f"\nSST-2 fine-tuning, {ours['steps']} timed steps of batch 32, {ours['threads']} threads")
print(f"{'peer':<12}{'ex/s':>10}{'GFLOP/s':>10}{'peak MB':>10}")
for r in (ours, theirs):
    print(f"{r['peer']:<12}{r['examples_per_second']:>10.1f}{r['gflops']:>10.1f}{r['peak_rss_mb']:>10.0f}")
print(f"ratio attribench / pytorch: {ratio:.2f}x")
PY
