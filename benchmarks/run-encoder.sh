#!/usr/bin/env bash
# Encoder throughput, AttriBench beside PyTorch eager (same model, same thread count, attentions on),
# in one run; prints both and the ratios.  Usage: [ROUNDS=5] [CASE_SECONDS=1] bash benchmarks/run-encoder.sh [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
PY="$(bash "$here/../scripts/reference-venv.sh")"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product EncoderThroughput >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/EncoderThroughput"
# Rounds alternate the two peers (AttriBench, PyTorch, AttriBench, ...) so a slow spell of a shared
# machine hits both alike; the table gives each case's median over rounds and the median of the
# per-round ratios, with their range.
rounds="${ROUNDS:-5}"; seconds="${CASE_SECONDS:-1}"   # per case and round
swift_out="$(mktemp)"; torch_out="$(mktemp)"
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  ATTRIBENCH_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" "$bin" "$ENCODER_MODEL" --seconds "$seconds" | sed "s/^{/{\"round\": $round, /" | tee -a "$swift_out"
  OMP_NUM_THREADS="$threads" "$PY" "$here/python/encoder_torch.py" "$ENCODER_MODEL" --threads "$threads" --seconds "$seconds" 2>/dev/null \
    | sed "s/^{/{\"round\": $round, /" | tee -a "$torch_out"
done
"$PY" - "$swift_out" "$torch_out" <<'PY'
import json, statistics, sys
ours = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
theirs = {(r["round"], r["case"], r["batch"], r["tokens"]): r for r in (json.loads(l) for l in open(sys.argv[2]) if l.strip())}
peak_of_round = {r["round"]: r["gflops"] for r in ours if r["case"] == "sgemm_peak"}
peaks = list(peak_of_round.values())
peak = statistics.median(peaks)
rounds = sorted({r["round"] for r in ours})
print(f"\nsgemm peak measured in this run: {peak:.1f} GFLOP/s (median of {len(peaks)}: "
      f"{', '.join(f'{p:.1f}' for p in peaks)}; 1536^3, {next(r['threads'] for r in ours if r['case'] == 'sgemm_peak')} threads)")
print(f"{len(rounds)} rounds; ex/s and GFLOP/s are medians over rounds; the ratio and % of peak are medians of per-round"
      " values (each round's GFLOP/s against that round's sgemm peak)")
print(f"{'case':<18}{'B':>4}{'T':>5}{'attribench ex/s':>17}{'pytorch ex/s':>14}{'ratio':>8}{'ratio range':>16}{'GFLOP/s':>9}{'% peak':>8}{'RSS MB':>8}{'torch MB':>9}")
runs = [r for r in ours if r["case"] != "sgemm_peak"]
cases = []
for r in runs:
    if (r["case"], r["batch"], r["tokens"]) not in cases:
        cases.append((r["case"], r["batch"], r["tokens"]))
for case, batch, tokens in cases:
    mine = [r for r in runs if (r["case"], r["batch"], r["tokens"]) == (case, batch, tokens)]
    pairs = [(r, theirs.get((r["round"], case, batch, tokens))) for r in mine]
    ratios = sorted(r["examples_per_second"] / t["examples_per_second"] for r, t in pairs if t)
    torch_rates = [t["examples_per_second"] for _, t in pairs if t]
    ratio = statistics.median(ratios) if ratios else float("nan")
    spread = f"{ratios[0]:.2f}-{ratios[-1]:.2f}x" if ratios else "-"
    gflops = statistics.median(r["gflops"] for r in mine)
    share = statistics.median(r["gflops"] / peak_of_round[r["round"]] for r in mine)
    print(f"{case:<18}{batch:>4}{tokens:>5}{statistics.median(r['examples_per_second'] for r in mine):>17.1f}"
          f"{(statistics.median(torch_rates) if torch_rates else float('nan')):>14.1f}{ratio:>7.2f}x{spread:>16}{gflops:>9.1f}"
          f"{100 * share:>7.0f}%{max(r['peak_rss_mb'] for r in mine):>8.0f}"
          f"{max((t['peak_rss_mb'] for _, t in pairs if t), default=float('nan')):>9.0f}")
PY
