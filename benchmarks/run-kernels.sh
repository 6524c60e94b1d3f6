#!/usr/bin/env bash
# Kernel throughput: the ordo-one/benchmark suite `Kernels` (GEMM GFLOP/s at the encoder's shapes,
# softmax and layer-norm MB/s), torch.matmul at the same shapes, and the machine's theoretical FP32
# peak, in one run.  Usage: bash benchmarks/run-kernels.sh [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"
PY="$(bash "$here/../scripts/reference-venv.sh")"

# Theoretical FP32 peak: cores × 2 FMA pipes × lanes (16 with AVX-512, 8 with AVX2) × 2 flops per FMA × clock.
mhz="$(lscpu | awk -F: '/CPU max MHz/ {gsub(/ /,"",$2); print $2}')"
[ -n "$mhz" ] || mhz="$(awk -F: '/cpu MHz/ {gsub(/ /,"",$2); print $2; exit}' /proc/cpuinfo)"
lanes=8
if grep -qw avx512f /proc/cpuinfo && ! grep -q "AMD" /proc/cpuinfo; then lanes=16; fi
peak="$(python3 -c "print(round($threads * 2 * $lanes * 2 * $mhz / 1000, 1))")"
echo "theoretical FP32 peak: $threads cores x 2 FMA pipes x $lanes lanes x 2 flops x ${mhz} MHz = $peak GFLOP/s"
echo "  (AMD Zen 4 runs AVX-512 as two 256-bit halves, so it counts 8 lanes; cores that boost above the"
echo "   reported clock can exceed this figure)"

cd "$here"
ATTRIBENCH_THREADS="$threads" swift package --disable-sandbox benchmark --target Kernels --no-progress \
  --format markdown 2>/dev/null | tee /tmp/attribench-kernels.md
OMP_NUM_THREADS="$threads" "$PY" "$here/python/gemm_torch.py" --threads "$threads" | tee /tmp/attribench-gemm-torch.jsonl
python3 - "$peak" <<'PY'
import json, re, sys
peak = float(sys.argv[1])
torch = {r["shape"]: r["gflops"] for r in map(json.loads, open("/tmp/attribench-gemm-torch.jsonl"))}
text = open("/tmp/attribench-kernels.md").read()
print(f"\n{'GEMM shape':<22}{'attribench GFLOP/s (p50)':>26}{'torch GFLOP/s':>15}{'ratio':>8}{'% of peak':>11}")
for block in re.split(r"\n(?=### )", text):
    m = re.match(r"### gemm \S+ (\d+)x(\d+)\*(\d+)x(\d+)", block)
    if not m:
        continue
    shape = f"{m.group(1)}x{m.group(2)}*{m.group(3)}x{m.group(4)}"
    row = next((l for l in block.splitlines() if l.startswith("| GFLOP/s")), None)
    if row is None:
        continue
    cells = [c.strip() for c in row.strip("|").split("|")]
    p50 = float(cells[3].replace(",", "")) if len(cells) > 3 else float("nan")  # columns: metric, p0, p25, p50
    t = torch.get(shape, float("nan"))
    print(f"{shape:<22}{p50:>26.1f}{t:>15.1f}{p50 / t:>7.2f}x{100 * p50 / peak:>10.0f}%")
PY
