#!/usr/bin/env bash
# Encoder throughput, AttriBench beside PyTorch eager (same model, same thread count, attentions on),
# in one run; prints both and the ratios.  Usage: bash benchmarks/run-encoder.sh [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
PY="$(bash "$here/../scripts/reference-venv.sh")"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product EncoderThroughput >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/EncoderThroughput"
swift_out="$(mktemp)"; torch_out="$(mktemp)"
ATTRIBENCH_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" "$bin" "$ENCODER_MODEL" | tee "$swift_out"
OMP_NUM_THREADS="$threads" "$PY" "$here/python/encoder_torch.py" "$ENCODER_MODEL" --threads "$threads" 2>/dev/null | tee "$torch_out"
"$PY" - "$swift_out" "$torch_out" <<'PY'
import json, sys
ours = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
theirs = {(r["case"], r["batch"], r["tokens"]): r for r in (json.loads(l) for l in open(sys.argv[2]) if l.strip())}
peak = next(r for r in ours if r["case"] == "sgemm_peak")
print(f"\nsgemm peak measured in this run: {peak['gflops']:.1f} GFLOP/s ({peak['size']}^3, {peak['threads']} threads)")
print(f"{'case':<18}{'B':>4}{'T':>5}{'attribench ex/s':>17}{'pytorch ex/s':>14}{'ratio':>8}{'GFLOP/s':>9}{'% peak':>8}{'RSS MB':>8}{'torch MB':>9}")
for r in ours:
    if r["case"] == "sgemm_peak":
        continue
    t = theirs.get((r["case"], r["batch"], r["tokens"]))
    ratio = r["examples_per_second"] / t["examples_per_second"] if t else float("nan")
    print(f"{r['case']:<18}{r['batch']:>4}{r['tokens']:>5}{r['examples_per_second']:>17.1f}"
          f"{(t or {}).get('examples_per_second', float('nan')):>14.1f}{ratio:>7.2f}x{r['gflops']:>9.1f}"
          f"{100 * r['gflops'] / peak['gflops']:>7.0f}%{r['peak_rss_mb']:>8.0f}{(t or {}).get('peak_rss_mb', float('nan')):>9.0f}")
PY
