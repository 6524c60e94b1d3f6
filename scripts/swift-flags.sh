#!/usr/bin/env bash
# Prints the swiftc flags that let the compiler use this CPU's vector instructions: Swift builds for
# baseline x86-64 (SSE2) unless told, which halves the speed of the project's own SIMD kernels (GELU,
# softmax, layer norm). On an x86-64 CPU with AVX2 and FMA it prints `-Xswiftc -target-cpu -Xswiftc
# haswell` (AVX2 + FMA, which every AMD Zen and Intel core since 2013 has); elsewhere nothing.
# The binary then needs such a CPU: build where you run.  Usage: swift build $(bash scripts/swift-flags.sh)
set -euo pipefail
if [ "$(uname -m)" = "x86_64" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo 2>/dev/null; then
  echo "-Xswiftc -target-cpu -Xswiftc haswell"
fi
