#!/bin/bash
# `make valgrind`: wenshu under valgrind's memcheck on small builds - the
# sample records with every document of the program, the bad-input records
# (each failing its own way), `wenshu check` and `wenshu init`. A run fails
# on any memory error or any definite leak (only library-owned caches are
# suppressed, see tests/valgrind.supp); wenshu's own exit status must be the
# one the run expects.
#   scripts/valgrind.sh ./wenshu
set -u
BIN=$(realpath "${1:-./wenshu}")
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
VG=(valgrind --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite
    --error-exitcode=99 --num-callers=40 --suppressions=tests/valgrind.supp --track-fds=no)
pass=0
fail=0

# run NAME WANT_EXIT ARGS...: wenshu ARGS under memcheck
run() {
    local name=$1 want=$2
    shift 2
    "${VG[@]}" --log-file="$TMP/$name.vg" "$BIN" "$@" > "$TMP/$name.log" 2>&1
    local rc=$?
    if [ $rc = 99 ] || grep -qE 'definitely lost: [1-9]|ERROR SUMMARY: [1-9]' "$TMP/$name.vg"; then
        fail=$((fail + 1))
        echo "FAIL: valgrind $name: memory errors or definite leaks"
        grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Mismatched|[0-9,]+ .*definitely lost|   (at|by) )' "$TMP/$name.vg" | head -60
    elif [ $rc != "$want" ]; then
        fail=$((fail + 1))
        echo "FAIL: valgrind $name: wenshu exited $rc, expected $want"
        tail -5 "$TMP/$name.log"
    else
        pass=$((pass + 1))
        echo "ok $name ($(grep -oE 'definitely lost: [0-9,]+ bytes' "$TMP/$name.vg" || echo 'no leaks'))"
    fi
}

TPL=templates/jiaxing-2020
# the golden sample: two records, one of them breaking a rule (--force), all documents
run sample 1 build $TPL tests/golden/jiaxing-form/records.csv -o "$TMP/sample" --force -j 2
# records that fail: a broken photo, characters no font has, hostile names, a lone quote
run photos 1 build $TPL tests/data/bad/photos.csv -o "$TMP/photos" --no-check -j 1
run glyphs 1 build $TPL tests/data/bad/glyphs.csv -o "$TMP/glyphs" --no-check -j 1
run names 1 build $TPL tests/data/bad/names.csv -o "$TMP/names" --no-check -j 1
run quote 1 build $TPL tests/data/bad/lone-quote.csv -o "$TMP/quote" --no-check -j 1
# the rules engine and the collection workbook
run check 1 check $TPL samples/jiaxing-2020/candidates-errors.csv
run init 0 init $TPL -o "$TMP/init.xlsx"
echo "valgrind: $pass passed, $fail failed"
[ "$fail" = 0 ]
