#!/usr/bin/env bash
# Perturbation explainers, AttriBench beside shap, lime and Captum (same model, sentences, masker and
# budgets, same thread count), in one run: seconds per explanation, forward passes used, and the ratios.
# Usage: bash benchmarks/run-perturbation.sh [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
PY="$(bash "$here/../scripts/reference-venv.sh")"
head="$here/../Tests/TransformerCoreTests/Golden/encoder_head.safetensors"
sentences="$here/perturbation_sentences.json"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product PerturbationSpeed >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/PerturbationSpeed"
swift_out="$(mktemp)"; py_out="$(mktemp)"
ATTRIBENCH_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" "$bin" "$ENCODER_MODEL" "$head" "$sentences" | tee "$swift_out"
OMP_NUM_THREADS="$threads" "$PY" "$here/python/perturbation_libs.py" "$ENCODER_MODEL" "$head" "$sentences" --threads "$threads" 2>/dev/null | tee "$py_out"
"$PY" - "$swift_out" "$py_out" <<'PY'
import json, sys
ours = {(r["method"], r["sentence"]): r for r in (json.loads(l) for l in open(sys.argv[1]) if l.strip())}
theirs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
print(f"\n{'method':<15}{'sentence':>9}{'M':>4}{'peer':>8}{'setting':>9}{'peer s':>9}{'passes':>8}{'ours s':>9}{'passes':>8}{'speed-up':>10}")
ratios = {}
for t in theirs:
    o = ours[(t["method"], t["sentence"])]
    ratio = t["seconds"] / o["seconds"]
    ratios.setdefault((t["peer"], t["method"], t["setting"]), []).append(ratio)
    print(f"{t['method']:<15}{t['sentence']:>9}{t['words']:>4}{t['peer']:>8}{t['setting']:>9}{t['seconds']:>9.3f}{t['forward_passes']:>8}"
          f"{o['seconds']:>9.3f}{o['forward_passes']:>8}{ratio:>9.2f}x")
print("\ngeometric-mean speed-up over the sentences:")
for (peer, method, setting), values in sorted(ratios.items()):
    mean = 1.0
    for v in values:
        mean *= v
    print(f"  {peer:<7}{method:<15}{setting:<9}{mean ** (1 / len(values)):7.2f}x")
PY
