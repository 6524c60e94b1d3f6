#!/usr/bin/env bash
# Attribution throughput, AttriBench beside Captum (same model, same SST-2 dev sentences, same thread
# count) in one run; prints examples/s for both and the ratios, and the attention family's throughput
# as a fraction of a bare forward pass.  Usage: bash benchmarks/run-attribution.sh [THREADS] [EXAMPLES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"; examples="${2:-32}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
: "${ATTRIBENCH_DATA:?set ATTRIBENCH_DATA to the folder holding sst2/}"
PY="$(bash "$here/../scripts/reference-venv.sh")"
head="$here/../Tests/TransformerCoreTests/Golden/encoder_head.safetensors"
data="$ATTRIBENCH_DATA/sst2/sst2_dev_rationales.jsonl"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product AttributionThroughput >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/AttributionThroughput"
swift_out="$(mktemp)"; captum_out="$(mktemp)"
ATTRIBENCH_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" "$bin" "$ENCODER_MODEL" "$head" "$data" --examples "$examples" | tee "$swift_out"
OMP_NUM_THREADS="$threads" "$PY" "$here/python/attribution_captum.py" "$ENCODER_MODEL" "$head" "$data" \
  --examples "$examples" --threads "$threads" 2>/dev/null | tee "$captum_out"
"$PY" - "$swift_out" "$captum_out" <<'PY'
import json, sys
ours = {r["case"]: r for r in (json.loads(l) for l in open(sys.argv[1]) if l.strip())}
theirs = {r["case"]: r for r in (json.loads(l) for l in open(sys.argv[2]) if l.strip())}
forward = ours["forward"]["examples_per_second"]
print(f"\n{'case':<22}{'attribench ex/s':>17}{'captum ex/s':>13}{'ratio':>8}{'vs bare forward':>17}")
for case, r in ours.items():
    t = theirs.get(case)
    ratio = f"{r['examples_per_second'] / t['examples_per_second']:>7.2f}x" if t else f"{'':>8}"
    peer = f"{t['examples_per_second']:>13.1f}" if t else f"{'':>13}"
    print(f"{case:<22}{r['examples_per_second']:>17.1f}{peer}{ratio}{100 * r['examples_per_second'] / forward:>16.0f}%")
PY
