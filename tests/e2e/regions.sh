#!/bin/bash
# Findings a reviewer would agree with (issue 11 item 22): on 32 records as
# clerks fill them in (samples/jiaxing-2020/candidates-realistic.csv, made by
# tests/e2e/make_realistic_sample.py) `check` gives exactly the findings in
# tests/e2e/expected/jiaxing-2020-realistic.txt: 籍贯 that stop at a
# province or prefecture, but not 浙江桐乡 or 浙江海宁; no 学历 warning on
# 本科, 大专, 高级技工学校; and the paper prints what the clerk typed. An ID
# number whose first six digits were never a division code is an error, and
# a template without the division list is refused.
#   tests/e2e/regions.sh ./wenshu
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1596240000
REC=samples/jiaxing-2020/candidates-realistic.csv
EXP=tests/e2e/expected/jiaxing-2020-realistic.txt

"$BIN" check templates/jiaxing-2020 "$REC" --json > "$TMP/real.json" 2> "$TMP/real.err"
rc=$?
if [ $rc = 1 ] && $PY tests/e2e/findings.py < "$TMP/real.json" > "$TMP/real.got" &&
    diff -u "$EXP" "$TMP/real.got" > "$TMP/real.diff"; then ok; else
    bad "realistic records: exit $rc, findings differ from $EXP"; head -60 "$TMP/real.diff"; cat "$TMP/real.err"; fi
warnings=$(grep -c '"level":"warning"' "$TMP/real.json")
echo "  realistic records: $warnings warnings on 32 records"

# a region code that never existed: 990402 with a correct check digit
$PY - "$REC" "$TMP/bad/records.csv" <<'PY'
import csv, os, sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
col = rows[0].index("身份证号")
s = "990402" + rows[2][col][6:17]
rows[2][col] = s + "10X98765432"[sum(int(a) * w for a, w in zip(s, W)) % 11]
os.makedirs(os.path.dirname(sys.argv[2]))
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows[:3])
PY
"$BIN" check templates/jiaxing-2020 "$TMP/bad/records.csv" > "$TMP/bad.log" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q '第3行.*错误 身份证号.*前6位「990402」不是行政区划代码' "$TMP/bad.log"; then ok; else
    bad "ID number with region code 990402: exit $rc"; cat "$TMP/bad.log"; fi

# the paper prints what the clerk typed: 本科 (a synonym of 大学本科), 浙江桐乡
$PY -c 'import csv, sys; r = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(r[:2])' "$REC" "$TMP/one.csv"
cp -r samples/jiaxing-2020/photos samples/jiaxing-2020/attachments samples/jiaxing-2020/units.csv "$TMP/"
"$BIN" build templates/jiaxing-2020 "$TMP/one.csv" -o "$TMP/out" --stage 申报 -q > "$TMP/one.log" 2>&1
rc=$?
form=$(find "$TMP/out/forms" -name '*.pdf' | head -1)
if [ $rc = 0 ] && [ -n "$form" ] && pdftotext "$form" - | tr -d ' \n' > "$TMP/one.txt" &&
    grep -q '本科' "$TMP/one.txt" && ! grep -q '大学本科' "$TMP/one.txt" &&
    grep -q '浙江桐乡' "$TMP/one.txt"; then ok; else
    bad "the form does not show 学历 本科 / 籍贯 浙江桐乡 as typed (exit $rc)"; cat "$TMP/one.log"; fi

# a narrow 籍贯 cell keeps each division name whole: 浙江省 / 嘉善县, not 浙江省嘉 / 善县
$PY -c 'import csv, sys; r = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(r[:2])' \
    samples/jiaxing-2020/candidates.csv "$TMP/jiashan.csv"
cp -r samples/jiaxing-2020/photos samples/jiaxing-2020/attachments samples/jiaxing-2020/units.csv "$TMP/" 2>/dev/null
"$BIN" build templates/jiaxing-2020 "$TMP/jiashan.csv" -o "$TMP/jiashan" --stage 申报 -q > "$TMP/jiashan.log" 2>&1
rc=$?
form=$(find "$TMP/jiashan/forms" -name '*.pdf' | head -1)
if [ $rc = 0 ] && [ -n "$form" ] && grep -q '浙江省嘉善县' "$TMP/jiashan.csv" &&
    pdftotext -layout "$form" - > "$TMP/jiashan.txt" && grep -q '^ *嘉善县 *$' "$TMP/jiashan.txt" &&
    ! grep -q '浙江省嘉 *$' "$TMP/jiashan.txt"; then ok; else
    bad "籍贯 浙江省嘉善县 is split inside a name (exit $rc)"; grep -n '浙江\|善县' "$TMP/jiashan.txt"; cat "$TMP/jiashan.log"; fi

# a copied template without templates/_shared: refused, saying where the list goes
mkdir -p "$TMP/tpl"
cp -r templates/jiaxing-2020 "$TMP/tpl/jx"
"$BIN" check "$TMP/tpl/jx" "$REC" > "$TMP/nolist.log" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q '找不到行政区划表.*_shared/regions.tsv' "$TMP/nolist.log"; then ok; else
    bad "template without regions.tsv: exit $rc"; cat "$TMP/nolist.log"; fi

echo "e2e regions: $pass passed, $fail failed"
[ $fail = 0 ]
