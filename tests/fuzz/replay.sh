#!/bin/bash
# Part of `make test`: every saved fuzz input (seed corpora in
# tests/fuzz/corpus/<name>/ and the inputs of fixed crashes in
# tests/fuzz/regress/<name>/) through its harness once, linked with
# tests/fuzz/replay.c. A harness that crashes, trips ASan/UBSan (SAN=1) or
# leaks fails, naming the input it died on. One pass per input; a harness
# still running after REPLAY_LIMIT seconds (an input that hangs a library)
# is killed and fails the same way, so a hang never stalls the test run.
#   tests/fuzz/replay.sh build/fuzz/replay_csv build/fuzz/replay_xlsx ...
set -u
cd "$(dirname "$0")/../.."
. scripts/san-env.sh
pass=0
fail=0
if [ $# = 0 ]; then
    echo "FAIL: no replay binaries given (run through make test)"
    echo "fuzz replay: 0 passed, 1 failed"
    exit 1
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for bin in "$@"; do
    h=${bin##*/replay_}
    files=()
    for f in tests/fuzz/corpus/"$h"/* tests/fuzz/regress/"$h"/*; do [ -f "$f" ] && files+=("$f"); done
    if [ ${#files[@]} = 0 ]; then
        fail=$((fail + 1))
        echo "FAIL: fuzz replay $h: no inputs in tests/fuzz/corpus/$h"
        continue
    fi
    timeout -k 10 "${REPLAY_LIMIT:-300}" "$bin" "${files[@]}" > "$TMP/$h.out" 2> "$TMP/$h.err"
    rc=$?
    [ $rc = 124 ] && echo "timed out after ${REPLAY_LIMIT:-300} s" >> "$TMP/$h.err"
    n=$(grep -c '^ok ' "$TMP/$h.out")
    pass=$((pass + n))
    if [ $rc != 0 ] || [ "$n" != ${#files[@]} ]; then
        fail=$((fail + 1))
        echo "FAIL: fuzz replay $h (exit $rc) on $(grep '^running ' "$TMP/$h.err" | tail -1 | cut -c9-)"
        grep -vE '^running ' "$TMP/$h.err" | head -30
    fi
done
echo "fuzz replay: $pass passed, $fail failed"
[ "$fail" = 0 ]
