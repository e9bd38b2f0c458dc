#!/bin/bash
# `make fuzz`: runs each libFuzzer harness for FUZZ_SECONDS (default 60) on
# its seed corpus (tests/fuzz/corpus/<name>) and regression inputs
# (tests/fuzz/regress/<name>). New interesting inputs go to
# build-fuzz/corpus/<name> (not checked in); a crash, leak or timeout leaves
# its input in build-fuzz/artifacts/<name>/ and fails the run. After fixing
# the bug, copy that input to tests/fuzz/regress/<name>/ so `make test`
# replays it for ever.
#   tests/fuzz/run.sh build-fuzz csv xlsx template para units
set -u
BUILD=$1
shift
cd "$(dirname "$0")/../.."
# Fast stack unwinding (the harnesses keep library caches out of leak
# checking themselves); the rest as in every sanitizer run.
: "${ASAN_OPTIONS:=detect_leaks=1:strict_string_checks=1}"
export ASAN_OPTIONS
. scripts/san-env.sh
SECONDS_EACH=${FUZZ_SECONDS:-60}
pass=0
fail=0

max_len() {
    case $1 in
    xlsx) echo 131072 ;;
    csv | units) echo 32768 ;;
    template) echo 16384 ;;
    *) echo 4096 ;;
    esac
}

for h in "$@"; do
    bin=$BUILD/fuzz_$h
    work=$BUILD/corpus/$h
    arts=$BUILD/artifacts/$h
    mkdir -p "$work" "$arts" "tests/fuzz/regress/$h"
    log=$BUILD/fuzz_$h.log
    echo "fuzz $h: ${SECONDS_EACH}s (log $log)"
    "$bin" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$h")" -timeout=20 \
        -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
        -artifact_prefix="$arts/" "$work" "tests/fuzz/corpus/$h" "tests/fuzz/regress/$h" > "$log" 2>&1
    rc=$?
    if [ $rc = 0 ]; then
        pass=$((pass + 1))
        grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$log" | tr '\n' ' '
        echo
    else
        fail=$((fail + 1))
        echo "FAIL: fuzz $h (exit $rc)"
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written|#[0-9]+ 0x' "$log" | head -30
        echo "  fix the bug, then: cp $arts/<crash-file> tests/fuzz/regress/$h/"
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
