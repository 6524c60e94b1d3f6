#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (with -sanitize=fuzzer,address) and runs each for
# SECONDS_PER_TARGET seconds (default 60), then prints a table of executions per target.
# Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   The issue's bar, 1,000,000 executions or 10 minutes per target: FUZZ_MAX_RUNS=1000000 bash scripts/fuzz.sh 600
# Environment: FUZZ_MAX_RUNS (stop a target after this many executions, libFuzzer's -runs; default
# unlimited), FUZZ_RSS_LIMIT_MB (default 2048; also the malloc limit), FUZZ_TIMEOUT (seconds per
# input, default 10), FUZZ_SKIP_BUILD (set: reuse the built targets), FUZZ_JOBS_DIR (where working corpora and crash artifacts go, default fuzz/.build/fuzz-work).
# Exit code 1 when any target crashes, leaks, times out or exceeds the memory limit; the reproducer is
# named in the output (rerun it with fuzz/.build/debug/<Target> <file>).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all=(FuzzSafetensors FuzzGGUF FuzzBPE FuzzWordPiece FuzzJSON FuzzRationaleJSONL FuzzTSV FuzzEraser FuzzSquad FuzzSuite)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
rss="${FUZZ_RSS_LIMIT_MB:-2048}"
timeout="${FUZZ_TIMEOUT:-10}"
runs_limit="${FUZZ_MAX_RUNS:--1}"
work="${FUZZ_JOBS_DIR:-$PWD/fuzz/.build/fuzz-work}"

# Leaks inside Foundation itself (not AttriBench) are listed in fuzz/lsan.supp.
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

start=$(date +%s)
[ -n "${FUZZ_SKIP_BUILD:-}" ] || (cd fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
    | grep -v "warning: Cannot export local symbol" | tail -n 3)
echo "build: $(( $(date +%s) - start )) s"

failed=0
summary=()
for target in "${targets[@]}"; do
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    log="$work/$target.log"
    set +e
    # New inputs go to the first (uncommitted) corpus folder; the committed seeds are only read.
    "fuzz/.build/debug/$target" "$work/corpus/$target" "fuzz/corpus/$target" \
        -max_total_time="$seconds" -runs="$runs_limit" -rss_limit_mb="$rss" -timeout="$timeout" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$target/" > "$log" 2>&1
    rc=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)
    took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -n 1 | grep -o 'in [0-9]*' | grep -o '[0-9]*' || true)
    if [ $rc -ne 0 ]; then
        failed=1
        summary+=("$(printf '%-20s FAILED (exit %d) after %s runs; see %s' "$target" "$rc" "${runs:-?}" "$log")")
        grep -E 'ERROR: |SUMMARY: |Test unit written to' "$log" | head -n 5 || true
    else
        summary+=("$(printf '%-20s %12s runs in %4s s' "$target" "${runs:-?}" "${took:-?}")")
    fi
done
printf '%s\n' "${summary[@]}"
echo "total: $(( $(date +%s) - start )) s"
exit $failed
