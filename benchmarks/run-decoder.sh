#!/usr/bin/env bash
# Decoder throughput, AttriBench beside HF transformers (same GGUF in float32, eager attention, same
# thread count) and llama.cpp (llama-cpp-python on the same quantised GGUF), in one run; prints all three
# and the ratios.  Usage: bash benchmarks/run-decoder.sh [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
PY="$(bash "$here/../scripts/reference-venv.sh" --llama-cpp)"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product DecoderThroughput >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/DecoderThroughput"
swift_out="$(mktemp)"; torch_out="$(mktemp)"; llama_out="$(mktemp)"
ATTRIBENCH_THREADS="$threads" "$bin" "$DECODER_MODEL" | tee "$swift_out"
OMP_NUM_THREADS="$threads" "$PY" "$here/python/decoder_torch.py" "$DECODER_MODEL" --threads "$threads" 2>/dev/null | tee "$torch_out"
"$PY" "$here/python/decoder_llamacpp.py" "$DECODER_MODEL" --threads "$threads" 2>/dev/null | tee "$llama_out"
"$PY" - "$swift_out" "$torch_out" "$llama_out" <<'PY'
import json, sys
ours = {r["case"]: r for r in map(json.loads, filter(str.strip, open(sys.argv[1])))}
theirs = {r["case"]: r for r in map(json.loads, filter(str.strip, open(sys.argv[2])))}
llama = {r["case"]: r for r in map(json.loads, filter(str.strip, open(sys.argv[3])))}
print(f"\n{'case':<28}{'attribench':>12}{'hf':>12}{'ratio':>8}  unit{'':<10}{'RSS MB':>8}{'hf MB':>8}")
for case, key, unit in [("prompt_with_attentions", "tokens_per_second", "tokens/s"),
                        ("prompt_without_attentions", "tokens_per_second", "tokens/s"),
                        ("generation", "tokens_per_second", "tokens/s"), ("ablation", "masks_per_second", "masks/s")]:
    a, b = ours[case][key], theirs[case][key]
    print(f"{case:<28}{a:>12.1f}{b:>12.1f}{a / b:>7.2f}x  {unit:<14}{ours[case]['peak_rss_mb']:>8.0f}{theirs[case]['peak_rss_mb']:>8.0f}")
for case in ["prompt_without_attentions", "generation"]:
    a, b = ours[case]["tokens_per_second"], llama[case]["tokens_per_second"]
    print(f"{case + ' vs llama.cpp':<28}{a:>12.1f}{b:>12.1f}{a / b:>7.2f}x  tokens/s{'':<6}{ours[case]['peak_rss_mb']:>8.0f}{llama[case]['peak_rss_mb']:>8.0f}")
print(f"model load: {ours['load']['seconds']:.1f} s (dequantised to float32 at load)")
PY
