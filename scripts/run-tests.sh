#!/bin/sh
# `make test`: unit tests, golden layout dumps, end-to-end builds of every
# sample checked with public PDF/XLSX tools. Prints each suite's line and a
# final "tests: N passed, N failed" line; exits non-zero if anything failed.
#   scripts/run-tests.sh ./wenshu build/tests/test_*
bin=$1
shift
. "$(dirname "$0")/san-env.sh" # sanitizer options (used when built with SAN=1)
# Under sanitizers (build-san/wenshu) everything runs several times slower: the
# kill test uses fewer records and determinism one mode (SOURCE_DATE_EPOCH set);
# the normal `make test` runs them in full.
case $bin in *build-san*) export KILL_RECORDS=${KILL_RECORDS:-40} DETERMINISM_MODES=${DETERMINISM_MODES:-epoch} ;; esac
total_pass=0
total_fail=0

count() { # suite output on stdin: adds its "N passed, N failed" line to the totals
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed$' | tail -1)
    p=$(echo "$line" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    echo "${p:-0} ${f:-1}"
}

run_suite() { # name command...
    name=$1
    shift
    out=$("$@" 2>&1)
    rc=$?
    echo "$out" | tail -n 40
    set -- $(echo "$out" | count)
    p=$1
    f=$2
    [ $rc -ne 0 ] && [ "$f" = 0 ] && f=1
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    echo "== $name: $p passed, $f failed"
}

run_suite unit scripts/run-unit.sh "$@"
run_suite golden tests/golden/run.sh "$bin"
run_suite e2e tests/e2e/run.sh "$bin"
# --- wenshu check / wenshu init: findings on the error samples, the clerk's round trip ---
run_suite check tests/e2e/check.sh "$bin"
run_suite regions tests/e2e/regions.sh "$bin"
run_suite roundtrip tests/e2e/roundtrip.sh "$bin"
run_suite documents tests/e2e/documents.sh "$bin"
# --- workbooks as clerks make them (issue 11): numbers, error values, merges, title rows ---
run_suite spreadsheets tests/e2e/spreadsheets.sh "$bin"
run_suite programs tests/e2e/programs.sh "$bin"
# --- print review (issue 12): geometry of every sample document from its layout dump ---
run_suite print tests/e2e/print.sh "$bin"
# --- CFF-outline faces (issue 12): Noto CJK embedded as CID Type 0C, the right glyphs drawn ---
run_suite fonts tests/e2e/fonts.sh "$bin"
# --- lists inside records, numbering, per-category order, document dates, holidays (issue 13) ---
run_suite lists tests/e2e/lists.sh "$bin"
# --- quotas by unit type, preferences, init wording (issue 13, part B) ---
run_suite notices tests/e2e/notices.sh "$bin"
# --- per-record packets, page limits, keep_with_previous, "0 人" sheets (issue 13, part A) ---
run_suite knobs tests/e2e/knobs.sh "$bin"
# --- hardening (issue 6): fuzz inputs replayed, kill -9 mid-run, byte-identical rebuilds, hostile names ---
run_suite fuzz-replay tests/fuzz/replay.sh ${FUZZ_REPLAY:-}
run_suite names tests/e2e/names.sh "$bin"
# --- issue 11 (items 11, 12, 19, 20): alias bomb, FIFOs, wrong diagnoses, units.csv validated ---
run_suite hostile tests/e2e/hostile.sh "$bin"
run_suite public tests/e2e/public.sh "$bin"
run_suite determinism tests/e2e/determinism.sh "$bin"
run_suite kill tests/e2e/kill.sh "$bin"
# --- issue 11: full disk per writer (ulimit -f), --encrypt never plain on disk, options, names ---
run_suite writes tests/e2e/writes.sh "$bin"
run_suite limits /usr/bin/python3 tests/e2e/limits.py "$bin"
# --- issue 15: wenshu serve, the clerk's web page (API, token, Origin, uploads, ZIPs, limits) ---
run_suite serve tests/e2e/serve.sh "$bin"

echo "tests: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
