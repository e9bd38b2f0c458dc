#!/bin/bash
# Golden layout tests: each case folder holds a template path (template),
# records (records.csv) and the expected layout dumps (expected/*.layout.txt,
# plus expected/log.txt: the build's messages without timings).
#   tests/golden/run.sh ./wenshu            compare
#   tests/golden/run.sh ./wenshu --update   rewrite expected/ (review the diff!)
set -u
BIN=$(realpath "${1:-./wenshu}")
UPDATE=${2:-}
cd "$(dirname "$0")"
pass=0
fail=0
for case in */; do
    case=${case%/}
    [ -f "$case/template" ] || continue
    tpl=../../$(cat "$case/template")
    out=$(mktemp -d)
    "$BIN" build "$tpl" "$case/records.csv" -o "$out" --dump-layout --force -j 1 2>&1 |
        grep -v '^字体：' | sed -e "s|$out|OUT|g" -e 's/（用时 [0-9.]* 秒）//' -e 's/，[0-9]* KB）/）/' > "$out/log.txt"
    (cd "$out" && find . -name '*.layout.txt' | sort) > "$out/list"
    if [ "$UPDATE" = --update ]; then
        rm -rf "$case/expected"
        mkdir -p "$case/expected"
        cp "$out/log.txt" "$case/expected/"
        while read -r f; do cp "$out/$f" "$case/expected/$(basename "$f")"; done < "$out/list"
        echo "updated $case"
    fi
    ok=1
    diff -u "$case/expected/log.txt" "$out/log.txt" > "$out/diff" || { ok=0; cat "$out/diff"; }
    while read -r f; do
        exp="$case/expected/$(basename "$f")"
        if ! diff -u "$exp" "$out/$f" > "$out/diff" 2>&1; then
            ok=0
            echo "golden $case: $(basename "$f") differs:"
            head -40 "$out/diff"
        fi
    done < "$out/list"
    n_exp=$(ls "$case/expected" | grep -c '\.layout\.txt$')
    [ "$n_exp" = "$(wc -l < "$out/list")" ] || { ok=0; echo "golden $case: expected $n_exp dumps, got $(wc -l < "$out/list")"; }
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL golden $case"; fi
    rm -rf "$out"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
