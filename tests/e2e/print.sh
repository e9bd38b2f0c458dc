#!/bin/bash
# Print review (issue 12): every document of every program's samples, built
# with --dump-layout, checked on its geometry by printcheck.py (no glyph's ink
# over a cell rule or off the page, none below the 9 pt floor, no name, ID,
# date or short bracketed group broken across lines in a table cell, no lone
# "一、" heading). The long cells (嘉兴 申报表, 晋中 申报表 and 事迹材料) are
# also set with each free CJK face Debian ships alone (--fonts-dir with a
# roles.yaml naming only that face): a line-end ，。 must not hang over a rule
# whatever the font's ink. Prints the checker's findings and a final
# "print: N passed, N failed" line (one test per program and font).
#   tests/e2e/print.sh ./wenshu
. "$(dirname "$0")/lib.sh"

# the checker itself: a comma whose ink hangs over the cell's right rule fails,
# the same run with its ink inside passes (so a real overhang cannot go unseen)
cat > "$TMP/hang.layout.txt" <<'DUMP'
doc title="hang" pages=1
page 1 595.28x841.89
  line=100 90 100 130 0.5
  line=200 90 200 130 0.5
  text start end face=AR PL UKai CN size=12 x=104 y=110 w=92 ink=104.5,203.5 "一二三四五六七，"
DUMP
sed 's/ ink=104.5,203.5//' "$TMP/hang.layout.txt" > "$TMP/inside.layout.txt"
if ! $PY tests/e2e/printcheck.py /dev/null "$TMP/hang.layout.txt" > "$TMP/hang.out" 2>&1 &&
    grep -q '越过表格线' "$TMP/hang.out" && $PY tests/e2e/printcheck.py /dev/null "$TMP/inside.layout.txt" > /dev/null; then
    ok
else
    bad "printcheck does not see ink over a rule"
    cat "$TMP/hang.out"
fi
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
# the long cells with each free face alone
for font in "AR PL UMing CN" "AR PL UKai CN" "WenQuanYi Zen Hei" "LXGW WenKai"; do
    fdir=$TMP/fonts-${font// /}
    mkdir -p "$fdir"
    { echo "roles:"
      for role in 宋体 仿宋 楷体 黑体 小标宋; do printf '  %s: ["%s"]\n' "$role" "$font"; done
      echo 'fallback: ["AR PL UMing CN", "LXGW WenKai", "WenQuanYi Zen Hei", "AR PL UKai CN"]'
    } > "$fdir/roles.yaml"
    for program in jiaxing-2020 jinzhong-2019; do
        out=$TMP/$program-${font// /}
        "$BIN" build "templates/$program" "samples/$program/candidates.csv" -o "$out" --dump-layout \
            --fonts-dir "$fdir" --stage 申报 --force -q -j 1 > "$out.log" 2>&1
        if [ $? -gt 1 ]; then
            bad "$program ($font): build failed"
            tail -3 "$out.log"
            continue
        fi
        if find "$out" -name '*.layout.txt' -print0 | sort -z |
            xargs -0 $PY tests/e2e/printcheck.py "samples/$program/candidates.csv" > "$out.out" 2>&1; then
            ok
        else
            bad "$program ($font): print review"
            sed -e "s|$TMP/||" "$out.out" | head -10
        fi
        tail -1 "$out.out" | sed "s|^|  $program ($font) |"
    done
done
echo "print: $pass passed, $fail failed"
[ "$fail" = 0 ]
