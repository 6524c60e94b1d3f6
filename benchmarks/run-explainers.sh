#!/usr/bin/env bash
# ExpNet inference examples/s against raw-attention's (target: ratio >= 0.9), same sentences, same
# classifier, same thread count, alternating rounds.  Usage: bash benchmarks/run-explainers.sh [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads="${1:-2}"
eval "$(bash "$here/../scripts/setup-models.sh" | sed 's/^/export /')"
swift build -c release $(bash "$here/../scripts/swift-flags.sh") --package-path "$here" --product ExplainerThroughput >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/ExplainerThroughput"
ATTRIBENCH_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" "$bin" "$ENCODER_MODEL" --examples 64 --rounds 5
