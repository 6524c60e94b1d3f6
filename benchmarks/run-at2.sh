#!/usr/bin/env bash
# AT2 throughput, AttriBench beside the reference computation on HF transformers (same GGUF in float32,
# eager attention, same thread count), in one run: AT2 inference against one forward pass with
# attention outputs (target ≥ 0.9), and training-data generation in masks/s.
# Usage: bash benchmarks/run-at2.sh [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
PY="$(bash "$here/../scripts/reference-venv.sh")"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product AT2Throughput >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/AT2Throughput"
swift_out="$(mktemp)"; torch_out="$(mktemp)"
ATTRIBENCH_THREADS="$threads" "$bin" "$DECODER_MODEL" | tee "$swift_out"
OMP_NUM_THREADS="$threads" "$PY" "$here/python/at2_torch.py" "$DECODER_MODEL" --threads "$threads" 2>/dev/null | tee "$torch_out"
"$PY" - "$swift_out" "$torch_out" <<'PY'
import json, sys
ours = {r["case"]: r for r in map(json.loads, filter(str.strip, open(sys.argv[1])))}
theirs = {r["case"]: r for r in map(json.loads, filter(str.strip, open(sys.argv[2])))}
print(f"\n{'case':<26}{'attribench':>12}{'hf':>12}{'speed-up':>10}")
for case in ["forward_with_attentions", "at2_inference"]:
    a, b = ours[case]["seconds"], theirs[case]["seconds"]
    print(f"{case:<26}{a * 1000:>10.1f}ms{b * 1000:>10.1f}ms{b / a:>9.2f}x")
a, b = ours["training_data"]["masks_per_second"], theirs["training_data"]["masks_per_second"]
print(f"{'training_data (masks/s)':<26}{a:>12.1f}{b:>12.1f}{a / b:>9.2f}x")
print(f"AT2 inference speed / one forward pass with attentions: {ours['at2_inference']['forward_over_inference']:.3f} (target >= 0.9)")
PY
