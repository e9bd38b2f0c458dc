#!/bin/bash
# Print review (issue 12): every document of every program's samples, built
# with --dump-layout, checked on its geometry by printcheck.py (no text over a
# cell rule, none below the 9 pt floor, no name, ID, date or short bracketed
# group broken across lines in a table cell). Prints the checker's findings
# and a final "print: N passed, N failed" line (one test per program).
#   tests/e2e/print.sh ./wenshu
. "$(dirname "$0")/lib.sh"
for dir in samples/*/; do
    program=$(basename "$dir")
    [ -f "$dir/candidates.csv" ] && [ -d "templates/$program" ] || continue
    "$BIN" build "templates/$program" "$dir/candidates.csv" -o "$TMP/$program" --dump-layout \
        --force -q -j 1 > "$TMP/$program.log" 2>&1
    rc=$?
    if [ $rc -gt 1 ]; then
        bad "$program: build exit $rc"
        tail -3 "$TMP/$program.log"
        continue
    fi
    find "$TMP/$program" -name '*.layout.txt' -print0 | sort -z > "$TMP/$program.list"
    if [ ! -s "$TMP/$program.list" ]; then
        bad "$program: no layout dumps"
        continue
    fi
    if xargs -0 $PY tests/e2e/printcheck.py "$dir/candidates.csv" < "$TMP/$program.list" \
        > "$TMP/$program.out" 2>&1; then
        ok
    else
        bad "$program: print review"
        sed -e "s|$TMP/||" "$TMP/$program.out" | head -20
    fi
    tail -1 "$TMP/$program.out" | sed "s|^|  $program |"
done
echo "print: $pass passed, $fail failed"
[ "$fail" = 0 ]
