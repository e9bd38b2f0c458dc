#!/bin/bash
# `wenshu check` end to end: each program's error samples give exactly the
# findings in tests/e2e/expected/<program>-errors.txt (row, field, rule,
# level), the exit statuses hold, --json and the table agree, and the --xlsx
# report marks every offending cell with a comment.
#   tests/e2e/check.sh ./wenshu
# "Not in the future" is judged on SOURCE_DATE_EPOCH = 2020-08-01, or on the
# date in tests/e2e/expected/<program>-today.txt (one line, YYYY-MM-DD) for a
# program whose notice is later (docs/templates.md, checklist for a new program).
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1596240000

# today_of PROGRAM: the SOURCE_DATE_EPOCH its error sample is judged on
today_of() {
    local f=tests/e2e/expected/$1-today.txt
    if [ -f "$f" ]; then date -u -d "$(head -1 "$f") 00:00:00" +%s; else echo 1596240000; fi
}

# expect NAME WANT GOT: an exit status
expect_rc() { if [ "$3" = "$2" ]; then ok; else bad "$1: exit $3, expected $2"; fi; }

# --- every error sample is compared: a program with one has its expected findings ------
for errs in samples/*/candidates-errors.csv; do
    program=$(basename "$(dirname "$errs")")
    [ -d "templates/$program" ] || continue
    if [ -f "tests/e2e/expected/$program-errors.txt" ]; then ok; else
        bad "$program: $errs has no tests/e2e/expected/$program-errors.txt (its findings are not checked)"; fi
    today=tests/e2e/expected/$program-today.txt
    if [ ! -f "$today" ] || grep -qxE '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$today"; then ok; else
        bad "$today: one line YYYY-MM-DD expected"; fi
done

# --- every program with an error sample ---------------------------------------------
for exp in tests/e2e/expected/*-errors.txt; do
    [ -f "$exp" ] || continue
    program=$(basename "$exp" -errors.txt)
    records=samples/$program/candidates-errors.csv
    out=$TMP/$program
    SOURCE_DATE_EPOCH=$(today_of "$program")
    "$BIN" check "templates/$program" "$records" --json > "$out.json" 2> "$out.err"
    expect_rc "$program: check --json" 1 $?
    if $PY tests/e2e/findings.py < "$out.json" > "$out.got" && diff -u "$exp" "$out.got" > "$out.diff"; then
        ok
    else
        bad "$program: findings differ from $exp"
        head -40 "$out.diff"
        cat "$out.err"
    fi
    # the table: one line per finding, then the summary
    "$BIN" check "templates/$program" "$records" > "$out.txt" 2>&1
    expect_rc "$program: check (table)" 1 $?
    n=$(wc -l < "$exp")
    lines=$(grep -cE '^  (第[0-9]+行|—|「.+」第[0-9]+行) ' "$out.txt")
    if [ "$lines" = "$n" ] && grep -qE "^共 [0-9]+ 条记录：.*错误 [0-9]+ 处" "$out.txt"; then ok; else
        bad "$program: table has $lines finding lines, expected $n"; head -5 "$out.txt"; fi
    # messages are for the clerk: no YAML key of the template (max_pages …)
    if ! grep -E 'max_pages|page_numbers|not_future|not_after|not_before' "$out.txt"; then ok; else
        bad "$program: the table shows a YAML key"; fi
    # the report workbook
    "$BIN" check "templates/$program" "$records" --xlsx "$out-report.xlsx" -q > "$out.rep" 2>&1
    expect_rc "$program: check --xlsx" 1 $?
    if $PY - "$out-report.xlsx" "$out.json" > "$out.xcheck" 2>&1 <<'PYEOF'
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
data = json.load(open(sys.argv[2]))
found = data["findings"]
summary = wb["检查结果"]
units = (data.get("units") or {}).get("errors", [])
assert summary.max_row == len(found) + len(units) + 1, (summary.max_row, len(found), len(units))
main = wb.worksheets[1]
fills = {"error": "FFFFC7CE", "warning": "FFFFEB9C", "note": "FFDDEBF7"}
for f in found:
    if f["sheet"] or f["row"] is None or f["column"] is None:
        continue
    cell = main.cell(row=f["row"], column=f["column"])
    assert cell.comment is not None and f["message"] in cell.comment.text, (f["message"], cell.coordinate)
    worst = min(("error", "warning", "note").index(g["level"]) for g in found
                if g["row"] == f["row"] and g["column"] == f["column"] and not g["sheet"])
    assert cell.fill.fgColor.rgb == fills[("error", "warning", "note")[worst]], (cell.coordinate, cell.fill.fgColor.rgb)
print("report ok")
PYEOF
    then ok; else bad "$program: --xlsx report"; tail -5 "$out.xcheck"; fi
    # the same file twice: every person is now a duplicate across files
    "$BIN" check "templates/$program" "$records" "$records" --json > "$out.twice" 2>&1
    expect_rc "$program: two files" 1 $?
    # (the unique rule's id is the template's: 重复申报, 重复推荐 …)
    if grep -q "\"problem\":\"与$records 第2行重复" "$out.twice"; then ok; else
        bad "$program: duplicates across files not reported"; fi
done

SOURCE_DATE_EPOCH=1596240000

# --- the per-program today is what not_future is judged on: a member born 2021.01 is past on
# studio-2026's day (2026) and would be "in the future" on the default 2020-08-01
sed '0,/|1999\.08|/s//|2021.01|/' samples/studio-2026/candidates.csv > "$TMP/today.csv"
n_own=$(SOURCE_DATE_EPOCH=$(today_of studio-2026) "$BIN" check templates/studio-2026 "$TMP/today.csv" --json 2>&1 | grep -c '"rule":"成员出生年月"')
n_2020=$("$BIN" check templates/studio-2026 "$TMP/today.csv" --json 2>&1 | grep -c '"rule":"成员出生年月"')
[ "$n_own" = 0 ] && [ "$n_2020" = 1 ] && ok ||
    bad "today: 2021.01 judged $n_own times on studio-2026's day, $n_2020 times on 2020-08-01 (expected 0 and 1)"

# --- a finding inside a list entry names the entry's column, in the table and in --json -------
SOURCE_DATE_EPOCH=$(today_of studio-2026)
"$BIN" check templates/studio-2026 samples/studio-2026/candidates-errors.csv > "$TMP/entry.txt" 2>&1
grep -qE '^  第4行 .* 错误 成员 第3项 出生年月 +不是有效的年月' "$TMP/entry.txt" && ok ||
    { bad "check table: a list entry's finding without its column (成员 第3项 出生年月)"; grep 第3项 "$TMP/entry.txt"; }
"$BIN" check templates/studio-2026 samples/studio-2026/candidates-errors.csv --json > "$TMP/entry.json" 2>&1
$PY - "$TMP/entry.json" <<'PY' && ok || bad "check --json: entry, entry_column and column of a list entry's finding"
import json, sys
found = json.load(open(sys.argv[1]))["findings"]
f = [g for g in found if g["rule"] == "成员出生年月"]
assert len(f) == 1, f
f = f[0]
# column: the sheet column (成员 is the 13th, M), as for every other finding
assert (f["field"], f["entry"], f.get("entry_column"), f["column"]) == ("成员", 3, "出生年月", 13), f
# a finding about the list as a whole, or about a plain field, has no entry column
assert all(g.get("entry_column", 0) is None for g in found if g["entry"] is None), found
PY
"$BIN" check templates/studio-2026 samples/studio-2026/candidates-errors.csv --xlsx "$TMP/entry.xlsx" -q > /dev/null 2>&1
$PY - "$TMP/entry.xlsx" <<'PY' && ok || bad "check --xlsx: the 字段 column names a list entry's field as the table does"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["检查结果"]
heads = [c.value for c in ws[1]]
fields = {r[heads.index("规则")]: r[heads.index("字段")] for r in ws.iter_rows(min_row=2, values_only=True)}
assert fields["成员出生年月"] == "成员 第3项 出生年月" and fields["成员人数"] == "成员", fields
PY
SOURCE_DATE_EPOCH=1596240000

# --- a clean sample, when the program has one: it runs (its findings are listed) -----
for dir in samples/*/; do
    program=$(basename "$dir")
    [ -f "$dir/candidates.csv" ] && [ -d "templates/$program" ] || continue
    SOURCE_DATE_EPOCH=$(today_of "$program")
    "$BIN" check "templates/$program" "$dir/candidates.csv" > "$TMP/$program-clean.txt" 2>&1
    rc=$?
    if [ $rc -le 1 ]; then ok; else bad "$program: check on candidates.csv exit $rc"; fi
    tail -1 "$TMP/$program-clean.txt" | sed "s|^|  $program candidates.csv: |"
done
SOURCE_DATE_EPOCH=1596240000

# --- could not run: exit 2 with a message ----------------------------------------------
"$BIN" check templates/jiaxing-2020 "$TMP/none.csv" > "$TMP/none.log" 2>&1
expect_rc "missing records file" 2 $?
"$BIN" check templates/jiaxing-2020 > "$TMP/usage.log" 2>&1
expect_rc "no records argument" 2 $?
"$BIN" check templates/jiaxing-2020 samples/jiaxing-2020/candidates-errors.csv --bogus > "$TMP/opt.log" 2>&1
expect_rc "unknown option" 2 $?
"$BIN" check --help > "$TMP/help.log" 2>&1
expect_rc "check --help" 0 $?
cp -r templates/jiaxing-2020 "$TMP/broken"
sed -i 's/^    kind: periods$/    kind: period/' "$TMP/broken/rules.yaml"
"$BIN" check "$TMP/broken" samples/jiaxing-2020/candidates-errors.csv > "$TMP/broken.log" 2>&1
rc=$?
if [ $rc = 2 ] && grep -qE 'rules.yaml:[0-9]+: 未知的规则类型「period」' "$TMP/broken.log"; then ok; else
    bad "broken rules.yaml: exit $rc"; cat "$TMP/broken.log"; fi
printf '%s\n' "序号,推荐单位,嘉兴首席工匠,嘉兴巧匠" "1,嘉善县,3,7" "2,合计,3,7" > "$TMP/broken/quotas.csv"
sed -i 's/^    kind: period$/    kind: periods/' "$TMP/broken/rules.yaml"
"$BIN" check "$TMP/broken" samples/jiaxing-2020/candidates-errors.csv > "$TMP/quota.log" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q '合计' "$TMP/quota.log"; then ok; else bad "quota table with 合计: exit $rc"; cat "$TMP/quota.log"; fi

# the table's columns line up whatever the names' widths: the 级别 word (错误/警告/提示) and the
# problem start at the same terminal column on every row (studio names are 15–20 characters)
for program in studio-2026 jiaxing-2020; do
    "$BIN" check "templates/$program" "samples/$program/candidates-errors.csv" > "$TMP/cols-$program.txt" 2>&1
    /usr/bin/python3 - "$TMP/cols-$program.txt" > "$TMP/cols-$program.out" 2>&1 <<'PY' && ok || { bad "$program: the check table's columns do not line up"; cat "$TMP/cols-$program.out"; }
import re, sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
starts = set()
for line in open(sys.argv[1], encoding='utf-8'):
    m = re.match(r'(  (?:第\d+行|「[^」]*」第\d+行|—)\s+.*? )(错误|警告|提示) ', line)
    if m:
        starts.add(width(m.group(1)))
print(sorted(starts))
sys.exit(0 if len(starts) == 1 else 1)
PY
done

# a phone's photo (3000 x 4000) against a pixel limit: the message gives the file's own size,
# not the size it is shrunk to for the form (3000×4000, not 1500×2000); the check only reads it
mkdir -p "$TMP/px" && cp -r samples/hangzhou-2017/. "$TMP/px/"
/usr/bin/python3 - "$TMP/px/photos/phone.jpg" <<'PY'
import sys
from PIL import Image
size = (3000, 4000)
Image.merge('RGB', [Image.linear_gradient('L').resize(size), Image.radial_gradient('L').resize(size),
                    Image.effect_noise(size, 40)]).save(sys.argv[1], quality=90)
PY
/usr/bin/python3 tests/e2e/set_cells.py "$TMP/px/candidates.csv" 1 "照片=photos/phone.jpg"
"$BIN" check templates/hangzhou-2017 "$TMP/px/candidates.csv" > "$TMP/px.log" 2>&1
if grep -q '照片3000×4000像素，大于128×180像素' "$TMP/px.log"; then ok; else
    bad "a 3000 x 4000 photo's pixel limit message"; grep -a '像素' "$TMP/px.log" | head -3; fi

# a CSV cut short inside a quoted cell: check counts the rows it could not read as build does
mkdir -p "$TMP/cut" && cp -r samples/jiaxing-2020/. "$TMP/cut/"
head -c -700 samples/jiaxing-2020/candidates.csv > "$TMP/cut/candidates.csv"
"$BIN" check templates/jiaxing-2020 "$TMP/cut/candidates.csv" -q > "$TMP/cut-check.log" 2>&1
"$BIN" build templates/jiaxing-2020 "$TMP/cut/candidates.csv" -o "$TMP/cut-out" -q > "$TMP/cut-build.log" 2>&1
c=$(sed -n 's/.*共 \([0-9]*\) 条记录[^：]*：\([0-9]*\) 条有错误.*/\1 \2/p' "$TMP/cut-check.log")
b=$(sed -n 's/.*共 \([0-9]*\) 条记录：成功 \([0-9]*\)，失败 \([0-9]*\).*/\1 \2 \3/p' "$TMP/cut-build.log")
read -r ct ce <<< "$c"
read -r bt bs bf <<< "$b"
[ -n "$ct" ] && [ "$ct" = "$bt" ] && [ "$ce" = "$bf" ] && ok ||
    bad "cut CSV: check says $ct records, $ce with errors; build $bt records, $bf failed"
"$BIN" check templates/jiaxing-2020 "$TMP/cut/candidates.csv" --json > "$TMP/cut.json" 2> /dev/null
/usr/bin/python3 -c "
import json, sys
s = json.load(open(sys.argv[1]))['summary']
assert (s['records'], s['records_with_errors']) == ($bt, $bf), s" "$TMP/cut.json" && ok ||
    bad "cut CSV: check --json counts differ from build"

# --- a text the form cannot hold (籍贯 of 318 characters in a cell that cannot go over a page):
# check lays the record out as build does, so both say it is an error on that row and field ---
mkdir -p "$TMP/long"
cp -r samples/jiaxing-2020/. "$TMP/long/"
$PY tests/e2e/set_cells.py "$TMP/long/candidates.csv" 6 "籍贯=$(printf '浙江省海宁市长安镇%.0s' $(seq 1 35))"
"$BIN" check templates/jiaxing-2020 "$TMP/long/candidates.csv" > "$TMP/long.check" 2>&1
rc=$?
[ $rc = 1 ] && grep -q '^  第7行 .* 错误 籍贯 *内容太多（315 字），表格第 [0-9]* 行.*一页放不下' "$TMP/long.check" &&
    [ "$(grep -c ' 错误 ' "$TMP/long.check")" = 1 ] && ok ||
    { bad "a 籍贯 too long for its cell: check (exit $rc)"; grep -E '第7行|错误' "$TMP/long.check" | head -5; }
"$BIN" check templates/jiaxing-2020 "$TMP/long/candidates.csv" --json > "$TMP/long.json" 2> /dev/null
grep -q '"rule":"排版"' "$TMP/long.json" && ok || bad "a 籍贯 too long for its cell: check --json has no 排版 finding"
"$BIN" build templates/jiaxing-2020 "$TMP/long/candidates.csv" -o "$TMP/long/out" --stage 申报 > "$TMP/long.build" 2>&1
rc=$?
[ $rc = 1 ] && grep -q '^\[失败\] .* 第7行 .*「籍贯」：内容太多（315 字）' "$TMP/long.build" &&
    [ "$(ls "$TMP/long/out/forms" | wc -l)" = 13 ] && ok ||
    { bad "a 籍贯 too long for its cell: build (exit $rc)"; grep -E '第7行' "$TMP/long.build" | head -3; }

# --- a date the template computes from program.yaml (公示开始日期) that does not exist, or a
# 公示 period in a year holidays.tsv does not cover: build fails that document (the others are
# made) and check reports the same error (exit 1 both); check used to say nothing, and build
# called 2020-09-31 "not a complete date". A blank or bad date never stops --stage 申报, init or
# the other papers (the 公示 date is often unknown while units apply).
for bad_date in 2020-09-31 2029-09-27; do
    rm -rf "$TMP/tdate"
    cp -r templates "$TMP/tdate"
    sed -i "s/^  公示开始日期: .*/  公示开始日期: $bad_date/" "$TMP/tdate/jiaxing-2020/program.yaml"
    case $bad_date in 2020-09-31) want='program.yaml.*2020年9月只有30天' ;; *) want='没有2029年的放假安排' ;; esac
    "$BIN" check "$TMP/tdate/jiaxing-2020" samples/jiaxing-2020/candidates.csv > "$TMP/tdate.check" 2>&1
    rc=$?
    [ $rc = 1 ] && grep -q "^  — .* 错误 .*「公示」不能生成：.*publicity.yaml:[0-9]*: 日期「公示.*$want" "$TMP/tdate.check" && ok ||
        { bad "check with 公示开始日期 $bad_date: exit $rc"; grep -E '错误|wenshu' "$TMP/tdate.check" | head -3; }
    "$BIN" build "$TMP/tdate/jiaxing-2020" samples/jiaxing-2020/candidates.csv -o "$TMP/tdate/out" > "$TMP/tdate.build" 2>&1
    rc=$?
    [ $rc = 1 ] && grep -q "^\[失败\] 公示.*publicity.yaml:[0-9]*: 日期「公示.*$want" "$TMP/tdate.build" &&
        [ "$(ls "$TMP/tdate/out/forms" | wc -l)" = 14 ] && ok ||
        { bad "build with 公示开始日期 $bad_date: exit $rc"; grep -E '失败|wenshu' "$TMP/tdate.build" | head -3; }
    "$BIN" build "$TMP/tdate/jiaxing-2020" samples/jiaxing-2020/candidates.csv -o "$TMP/tdate/out2" --stage 申报 \
        > "$TMP/tdate.stage" 2>&1
    rc=$?
    [ $rc = 0 ] && ok || { bad "build --stage 申报 with 公示开始日期 $bad_date: exit $rc"; tail -2 "$TMP/tdate.stage"; }
    "$BIN" init "$TMP/tdate/jiaxing-2020" -o "$TMP/tdate/collect.xlsx" > "$TMP/tdate.init" 2>&1 && ok ||
        { bad "init with 公示开始日期 $bad_date"; tail -2 "$TMP/tdate.init"; }
done

# --- a units file's error shows with -q and in the --xlsx report (the report goes back to the
# units; it used to list nothing while check exited 1 for the units file alone)
rm -rf "$TMP/uerr"
mkdir -p "$TMP/uerr"
cp -r samples/jiaxing-2020/. "$TMP/uerr/"
sed -i '2s/2020-08-03$/2020-13-45/' "$TMP/uerr/units.csv"
"$BIN" check templates/jiaxing-2020 "$TMP/uerr/candidates.csv" -q --xlsx "$TMP/uerr/report.xlsx" > "$TMP/uerr.out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q 'units.csv 第2行「推荐日期」.*没有13月' "$TMP/uerr.out" && ok ||
    { bad "check -q: a units file's error is not shown (exit $rc)"; cat "$TMP/uerr.out"; }
$PY - "$TMP/uerr/report.xlsx" <<'PY' && ok || bad "check --xlsx: a units file's error is not in 检查结果"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["检查结果"]
heads = [c.value for c in ws[1]]
rows = [dict(zip(heads, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
hit = [r for r in rows if str(r["文件"]).endswith("units.csv")]
assert len(hit) == 1 and hit[0]["行"] == "2" and hit[0]["级别"] == "错误" and "没有13月" in hit[0]["问题"], hit
PY

# edited_sample NAME COLUMN ROW=VALUE...: samples/jiaxing-2020 copied to $TMP/NAME with the
# column's cell in each spreadsheet ROW (as Excel numbers it) set to VALUE
edited_sample() {
    local name=$1
    shift
    rm -rf "$TMP/$name"
    mkdir -p "$TMP/$name"
    cp -r samples/jiaxing-2020/. "$TMP/$name/"
    $PY - "$TMP/$name/candidates.csv" "$@" <<'PY' || bad "$name: could not edit the sample"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
col = rows[0].index(sys.argv[2])
for edit in sys.argv[3:]:
    row, value = edit.split("=", 1)
    rows[int(row) - 1][col] = value
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
}

# refused_by_both NAME FIELD ROW:TEXT...: check and build of $TMP/NAME's records each refuse
# every ROW for FIELD, with TEXT (a pattern) on its line
refused_by_both() {
    local name=$1 field=$2 crc brc
    shift 2
    "$BIN" check templates/jiaxing-2020 "$TMP/$name/candidates.csv" > "$TMP/$name.check" 2>&1
    crc=$?
    "$BIN" build templates/jiaxing-2020 "$TMP/$name/candidates.csv" -o "$TMP/$name/out" > "$TMP/$name.build" 2>&1
    brc=$?
    for want in "$@"; do
        local row=${want%%:*} text=${want#*:}
        if [ $crc = 1 ] && grep -qE "^ *第${row}行 .*错误 ${field} .*${text}" "$TMP/$name.check"; then ok; else
            bad "$name: check does not refuse row $row (exit $crc)"; grep -E "第${row}行|^共" "$TMP/$name.check"; fi
        if [ $brc = 1 ] && grep -qE "^\[未生成\] .*第${row}行 .*「${field}」.*${text}" "$TMP/$name.build"; then ok; else
            bad "$name: build does not refuse row $row (exit $brc)"; grep -E "第${row}行" "$TMP/$name.build"; fi
    done
}

# --- a value outside a field's choices: that no choice rule checks (评审结果 in 嘉兴) is an
# error in check and build alike, not a record silently left out of the 公示 and certificates
edited_sample choice 评审结果 3=已入选 4=入选。
refused_by_both choice 评审结果 '3:「拟入选」「入选」「未入选」.*已入选' '4:入选。'

# --- an attachment that is there but cannot be read (a PDF cut short, a JPEG half copied):
# check says so on the record, as it does of a missing one, and build gives the same verdict
edited_sample damaged 佐证材料 "2=attachments/01_职业资格证书.pdf;attachments/cut.jpg" 3=attachments/cut.pdf
head -c 3000 "$TMP/damaged/attachments/02_职业资格证书.pdf" > "$TMP/damaged/attachments/cut.pdf"
f="$TMP/damaged/attachments/01_荣誉证书.jpg"
head -c $(($(stat -c %s "$f") / 2)) "$f" > "$TMP/damaged/attachments/cut.jpg"
refused_by_both damaged 佐证材料 '2:cut\.jpg' '3:cut\.pdf'

# --- the units file is checked as records are: its 手机, 电子邮箱, 邮编 and characters that
# cannot be printed are errors naming file, row and column (they print on 汇总表 and 推荐函)
rm -rf "$TMP/uval"
mkdir -p "$TMP/uval"
cp -r samples/jiaxing-2020/. "$TMP/uval/"
$PY - "$TMP/uval/units.csv" <<'PY' || bad "uval: could not edit units.csv"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
h = rows[0]
rows[1][h.index("手机")] = "1395731826"
rows[2][h.index("电子邮箱")] = "phrsj_zjk@163"
rows[3][h.index("填报人")] += "\u200b"
rows[4][h.index("邮编")] = "31410"
rows[5][h.index("手机")] = "１３９５７３１８２６４"
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
"$BIN" check templates/jiaxing-2020 "$TMP/uval/candidates.csv" -q > "$TMP/uval.out" 2>&1
rc=$?
n=0
for want in '第2行「手机」：「1395731826」不是11位手机号码' '第3行「电子邮箱」：电子邮箱格式不正确' \
    '第4行「填报人」：含有看不见的零宽字符（U\+200B）' '第5行「邮编」：邮编应为6位半角数字' \
    '第6行「手机」：.*含全角数字'; do
    grep -qE "units.csv $want" "$TMP/uval.out" && n=$((n + 1))
done
[ $rc = 1 ] && [ $n = 5 ] && ok || { bad "check: the units file's values are not checked ($n of 5, exit $rc)"; cat "$TMP/uval.out"; }

echo "e2e check: $pass passed, $fail failed"
[ $fail = 0 ]
