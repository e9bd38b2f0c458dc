#!/bin/bash
# Determinism: the same inputs give byte-identical outputs. Every sample
# program is built twice into two differently named folders (with different
# -j, so thread timing cannot leak into the bytes), once with
# SOURCE_DATE_EPOCH fixed and once without it, a second apart (a date taken
# from the clock would show); `wenshu init` and `wenshu check --xlsx` write
# their workbooks twice the same way. Every pair must compare equal (cmp).
#   tests/e2e/determinism.sh ./wenshu
. "$(dirname "$0")/lib.sh"

# same_tree NAME A B: the same file names, every file byte-identical
same_tree() {
    local name=$1 a=$2 b=$3
    (cd "$a" && find . -type f | sort) > "$TMP/la"
    (cd "$b" && find . -type f | sort) > "$TMP/lb"
    if ! diff -q "$TMP/la" "$TMP/lb" > /dev/null; then
        bad "$name: different files"; diff "$TMP/la" "$TMP/lb" | head; return; fi
    local n=0 differ=0
    while IFS= read -r f; do
        n=$((n + 1))
        if ! cmp -s "$a/$f" "$b/$f"; then
            differ=$((differ + 1))
            [ $differ -le 5 ] && echo "  differs: $f ($(cmp "$a/$f" "$b/$f" 2>&1 | head -1 | sed 's/.*differ: //'))"
        fi
    done < "$TMP/la"
    if [ "$n" = 0 ]; then bad "$name: no outputs to compare"
    elif [ $differ = 0 ]; then ok; echo "  $name: $n files identical"
    else bad "$name: $differ of $n files differ"; fi
}

for mode in ${DETERMINISM_MODES:-epoch clock}; do
    if [ $mode = epoch ]; then export SOURCE_DATE_EPOCH=1601337600; else unset SOURCE_DATE_EPOCH; fi
    for dir in samples/*/; do
        program=$(basename "$dir")
        [ -f "$dir/candidates.csv" ] && [ -d "templates/$program" ] || continue
        for run in 1 2; do
            "$BIN" build "templates/$program" "$dir/candidates.csv" -o "$TMP/$mode-$program-run$run" \
                -j "$run" -q > "$TMP/$mode-$program-$run.log" 2>&1
            rc=$?
            [ $rc -le 1 ] || bad "$mode $program build $run: exit $rc"
            [ $run = 1 ] && sleep 1.1
        done
        same_tree "$program build ($mode)" "$TMP/$mode-$program-run1" "$TMP/$mode-$program-run2"
        mkdir -p "$TMP/$mode-$program-x1" "$TMP/$mode-$program-x2"
        for run in 1 2; do
            "$BIN" init "templates/$program" -o "$TMP/$mode-$program-x$run/采集表.xlsx" > /dev/null 2>&1 ||
                bad "$mode $program init $run failed"
            "$BIN" check "templates/$program" "$dir/candidates.csv" --xlsx "$TMP/$mode-$program-x$run/检查报告.xlsx" \
                -q > /dev/null 2>&1
            [ $run = 1 ] && sleep 1.1
        done
        same_tree "$program init + check --xlsx ($mode)" "$TMP/$mode-$program-x1" "$TMP/$mode-$program-x2"
    done
done

echo "determinism: $pass passed, $fail failed"
[ "$fail" = 0 ]
