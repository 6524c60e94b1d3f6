#!/usr/bin/env bash
# Builds the package and its tests with ThreadSanitizer and/or AddressSanitizer (LeakSanitizer included)
# in their own build folders (.build-thread, .build-address) and runs the tests there; the CLI tests run
# the sanitized `attribench` too. Prints, per sanitizer, the distinct reports (by their SUMMARY line).
# Usage: bash scripts/sanitize.sh [thread|address|all] [TEST_FILTER]
#   TEST_FILTER defaults to the fast, thread-heavy subset below; pass '.' for every test (slow: the
#   real-model tests run 5-20 times slower under a sanitizer).
# Environment: SANITIZE_SKIP_BUILD (set: reuse the built folders).
# Exit code 1 when a sanitizer reports anything or a test fails; the log is named in the output.
set -euo pipefail
cd "$(dirname "$0")/.."

which="${1:-all}"
filter="${2:-TensorCoreTests|ExplainerKitTests|DatasetsTests|AttriJSONTests|BenchRunnerTests|ExplainersPerturbationTests.LimeAndTreeTests|CLITests.BadInputMatrixTests|CLITests.FaultTests}"
case "$which" in
    all) kinds=(thread address) ;;
    thread|address) kinds=("$which") ;;
    *) echo "usage: bash scripts/sanitize.sh [thread|address|all] [TEST_FILTER]" >&2; exit 2 ;;
esac

export ATTRIBENCH_DATA="${ATTRIBENCH_DATA:-$(cd .. && pwd)/shared/datasets}"
# Keep going after a report so one run lists them all; the process still exits non-zero at the end.
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
export ASAN_OPTIONS="halt_on_error=1 detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# Leaks inside Foundation itself (not AttriBench) are listed in fuzz/lsan.supp.
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

failed=0
for kind in "${kinds[@]}"; do
    scratch=".build-$kind"
    log="$scratch/sanitize.log"
    mkdir -p "$scratch"
    start=$(date +%s)
    if [ -z "${SANITIZE_SKIP_BUILD:-}" ]; then
        swift build --build-tests --sanitize="$kind" --scratch-path "$scratch" -Xswiftc -O 2>&1 | tail -n 2
    fi
    set +e
    # The full-disk test runs attribench under a file-size limit (ulimit -f), where a sanitized process
    # cannot even start: the TSan runtime dies with SIGBUS on `attribench list explainers` alike.
    # Every test uses swift-testing; XCTest's empty pass only adds XCTest's own leaks (XCTMainMisc).
    swift test --skip-build --disable-xctest --sanitize="$kind" --scratch-path "$scratch" --filter "$filter" --skip aFullDiskStopsTheRun > "$log" 2>&1
    rc=$?
    set -e
    reports=$(grep -c -E '^(WARNING: ThreadSanitizer|==[0-9]+==ERROR: (Address|Leak)Sanitizer)' "$log" || true)
    distinct=$(grep -E '^SUMMARY: (Thread|Address|Leak)Sanitizer' "$log" | sort -u || true)
    tests=$(grep -E 'Test run with [0-9]+ tests' "$log" | tail -n 1 || true)
    echo "$kind: exit $rc, $reports reports, $(printf '%s' "$distinct" | grep -c . || true) distinct, $(( $(date +%s) - start )) s; ${tests:-no test summary}; log $log"
    [ -n "$distinct" ] && printf '%s\n' "$distinct" | head -n 20
    if [ $rc -ne 0 ] || [ "$reports" -ne 0 ]; then failed=1; fi
done
exit $failed
