#!/bin/bash
# End-to-end: lists inside records and numbering (issue 13), on copies of
# jiaxing-2020 changed as docs/templates.md and docs/rules.md show:
# a repeat: row numbered with {{row}}, rules per list entry (column:) and on
# the number of entries (kind: count), certificates ordered by the field's
# declared choices and numbered per category (group_by:), a record field in a
# program-scope date refused at load, a program's holidays.tsv extending
# templates/_shared/.
#   tests/e2e/lists.sh ./wenshu
. "$(dirname "$0")/lib.sh"
CSV=samples/jiaxing-2020/candidates.csv
mk() { # name: a fresh copy of jiaxing-2020 at $TMP/name/jx, templates/_shared beside it
    mkdir -p "$TMP/$1"
    cp -r templates/_shared "$TMP/$1/"
    cp -r templates/jiaxing-2020 "$TMP/$1/jx"
}
# pages of a PDF: "类别 编号" per page (嘉兴首席工匠 → 首席, 嘉兴巧匠 → 巧匠)
cert_pages() {
    /usr/bin/python3 - "$1" <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
n = int(subprocess.run(['qpdf', '--show-npages', pdf], capture_output=True, text=True).stdout)
for p in range(1, n + 1):
    t = subprocess.run(['pdftotext', '-f', str(p), '-l', str(p), pdf, '-'],
                       capture_output=True, text=True).stdout.replace(' ', '').replace('\n', '')
    cat = '首席' if '嘉兴首席工匠' in t else '巧匠' if '嘉兴巧匠' in t else '?'
    m = re.search(r'JXGJ2020-(\d+)', t)
    print(cat, int(m.group(1)) if m else '?', end=' ')
print()
PY
}

# --- a repeat: row numbers its own entries -------------------------------------------------
mk row
sed -i 's/cells: \["{{item.1}}", {text: "{{item.2}}"/cells: ["{{row}}、{{item.1}}", {text: "{{item.2}}"/' "$TMP/row/jx/form.yaml"
"$BIN" build "$TMP/row/jx" "$CSV" -o "$TMP/row/out" -q --stage 申报 > "$TMP/row/log" 2>&1
t=$(pdftotext "$TMP/row/out/forms/1_嘉善县_欧阳堃.pdf" - 2>/dev/null | tr -d ' \n')
[[ $t == *"1、1994.07"*"2、1999.01"*"5、2014.01"* ]] && ok || { bad "{{row}} numbers a list's rows 1…5"; head -5 "$TMP/row/log"; }
[[ $t != *"1、1999.01"* ]] && ok || bad "{{row}} repeats the record's number"
sed -i 's/          cells: \[{label: 起止年月}/          cells: [{label: "{{row}}起止年月"}/' "$TMP/row/jx/form.yaml"
"$BIN" build "$TMP/row/jx" "$CSV" -o "$TMP/row/out2" -q > "$TMP/row/log2" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "form.yaml:[0-9]*:.*{{row}}" "$TMP/row/log2" && ok ||
    { bad "{{row}} outside a repeated row is a load error (exit $rc)"; head -3 "$TMP/row/log2"; }

# --- rules per entry and on the number of entries ---------------------------------------------
mk rules
cat >> "$TMP/rules/jx/rules.yaml" <<'YAML'
  - id: 经历条数
    kind: count
    field: 主要工作经历
    min: 4
    words: 主要工作经历不少于4段
  - id: 工种字数
    kind: length
    field: 主要工作经历
    column: 从事职业（工种）
    max: 6
YAML
"$BIN" check "$TMP/rules/jx" "$CSV" > "$TMP/rules/log" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "check with list rules exits 1, got $rc"
grep -q "第3行.*主要工作经历.*共3条，应不少于4条" "$TMP/rules/log" && ok || { bad "count rule names row and count"; grep 经历条数 "$TMP/rules/log" | head -3; }
grep -q "第2行.*主要工作经历 第5项 .*共7字，超过6字（值：钳工、车间主任）" "$TMP/rules/log" && ok ||
    { bad "a column rule names the entry"; grep 工种字数 "$TMP/rules/log" | head -3; }
! grep -q "第2行.*经历条数" "$TMP/rules/log" && ok || bad "5 entries pass min 4"
printf '  - id: 错用\n    kind: date\n    field: 主要工作经历\n' >> "$TMP/rules/jx/rules.yaml"
"$BIN" check "$TMP/rules/jx" "$CSV" > "$TMP/rules/log2" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "rules.yaml:[0-9]*:.*list 字段.*column" "$TMP/rules/log2" && ok ||
    { bad "kind: date on a list without column: is a load error (exit $rc)"; head -3 "$TMP/rules/log2"; }

# --- certificates: the field's choices order, numbers per category ---------------------------
mk order
sed -i 's/^  where: {评审结果: 入选}/  where: {评审结果: 入选}\n  order: 申报类别/' "$TMP/order/jx/certificate.yaml"
"$BIN" build "$TMP/order/jx" "$CSV" -o "$TMP/order/out" -q --stage 表彰 > "$TMP/order/log" 2>&1
got=$(cert_pages "$TMP/order/out/证书/荣誉证书（合订本）.pdf")
[ "$got" = "首席 1 首席 2 首席 3 首席 4 首席 5 巧匠 6 巧匠 7 巧匠 8 " ] && ok ||
    bad "order: 申报类别 follows the choices (首席工匠 first): $got"
sed -i 's/^  order: 申报类别/  group_by: 申报类别/' "$TMP/order/jx/certificate.yaml"
"$BIN" build "$TMP/order/jx" "$CSV" -o "$TMP/order/out2" -q --stage 表彰 > "$TMP/order/log2" 2>&1
got=$(cert_pages "$TMP/order/out2/证书/荣誉证书（合订本）.pdf")
[ "$got" = "首席 1 首席 2 首席 3 首席 4 首席 5 巧匠 1 巧匠 2 巧匠 3 " ] && ok ||
    bad "group_by: on a record-scope document numbers per category: $got"
t=$(pdftotext "$TMP/order/out2/证书/嘉善县_顾喆_荣誉证书.pdf" - 2>/dev/null | tr -d ' \n')
[[ $t == *"JXGJ2020-001"* ]] && ok || bad "the single certificate carries its per-category number"

# --- a record field in a document's dates: is a load error ----------------------------------------
mk dates
sed -i 's/  - {name: 公示开始, from: "{{program.公示开始日期}}"}/  - {name: 公示开始, from: "{{出生年月}}"}/' "$TMP/dates/jx/publicity.yaml"
"$BIN" build "$TMP/dates/jx" "$CSV" -o "$TMP/dates/out" -q --stage 公示 > "$TMP/dates/log" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "publicity.yaml:20:.*出生年月" "$TMP/dates/log" && ok ||
    { bad "dates: from: a record field is a load error with file:line (exit $rc)"; head -3 "$TMP/dates/log"; }

# --- a program's holidays.tsv extends templates/_shared/ -----------------------------------------
mk hol
printf '2031-10-01\toff\t国庆节\n' > "$TMP/hol/jx/holidays.tsv"
"$BIN" build "$TMP/hol/jx" "$CSV" -o "$TMP/hol/out" -q --stage 公示 > "$TMP/hol/log" 2>&1
rc=$?
[ $rc = 0 ] && ls "$TMP/hol/out/公示/"*.pdf > /dev/null 2>&1 && ok ||
    { bad "a program's holidays.tsv for 2031 keeps _shared's 2020 (exit $rc)"; head -3 "$TMP/hol/log"; }
sed -i 's/^  公示开始日期: .*/  公示开始日期: 2029-03-01/' "$TMP/hol/jx/program.yaml"
"$BIN" build "$TMP/hol/jx" "$CSV" -o "$TMP/hol/out2" -q --stage 公示 > "$TMP/hol/log2" 2>&1
grep -q "没有2029年.*现有2017–2026、2031年" "$TMP/hol/log2" && ok ||
    { bad "an uncovered year is named with the years covered"; head -3 "$TMP/hol/log2"; }

# --- docs/templates.md's cookbook, pasted as written into a copy of jiaxing-2020 -----------------
mk cook
cp -r samples/jiaxing-2020 "$TMP/cook/data"   # photos and units.csv beside the records
/usr/bin/python3 - docs/templates.md "$TMP/cook/jx" "$CSV" "$TMP/cook/data/records.csv" <<'PY'
import csv, re, sys
doc, jx, src, dst = sys.argv[1:]
text = open(doc, encoding='utf-8').read()
cook = text[text.index('## Cookbook: lists and numbering'):]
cook = cook[:cook.index('\n## ', 10)]
blocks = re.findall(r'```yaml\n(.*?)```', cook, re.S)
field, rows, rules, cert = blocks
def edit(name, f):
    path = f'{jx}/{name}'
    s = open(path, encoding='utf-8').read()
    open(path, 'w', encoding='utf-8').write(f(s))
# program.yaml: the 成员 field before 评审结果, a prefix for certificate numbers
edit('program.yaml', lambda s: s.replace('  - name: 评审结果', field + '  - name: 评审结果', 1)
                                 .replace('  颁证日期:', '  证书编号前缀: JXGJ2020-\n  颁证日期:', 1))
# form.yaml: the cookbook's table after the 主要工作经历 table
table = rows
edit('form.yaml', lambda s: s.replace('\n  - table:\n      columns: [42, 123]', '\n' + table + '\n  - table:\n      columns: [42, 123]', 1))
edit('rules.yaml', lambda s: s.rstrip('\n') + '\n' + rules)
# certificate.yaml: the cookbook's document: header and number line
head, content = cert.split('content:\n')
def cert_edit(s):
    s = re.sub(r'^document:\n(?:  .*\n)+', head.rstrip('\n') + '\n', s, count=1, flags=re.M)
    return re.sub(r'^  - paragraph: "证书编号：.*$', content.rstrip('\n'), s, count=1, flags=re.M)
edit('certificate.yaml', cert_edit)
rows_in = list(csv.DictReader(open(src, encoding='utf-8')))
for i, r in enumerate(rows_in):
    r['成员'] = '曹华|男|1980.05|领办人\n李明|男|1985.1|成员' if i == 0 else \
        '\n'.join(f'成员{k}|女|1990.0{k}|成员' for k in range(1, 6))
w = csv.DictWriter(open(dst, 'w', encoding='utf-8', newline=''), fieldnames=list(rows_in[0].keys()))
w.writeheader()
w.writerows(rows_in)
PY
"$BIN" check "$TMP/cook/jx" "$TMP/cook/data/records.csv" > "$TMP/cook/check" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "第2行.*成员 .*共2条，应不少于5条——工作室成员不少于5人" "$TMP/cook/check" &&
    grep -q "第2行.*成员 第2项 .*1985.1" "$TMP/cook/check" && ! grep -q "第3行.*成员" "$TMP/cook/check" && ok ||
    { bad "cookbook rules: count and per-member date (exit $rc)"; grep -m5 "成员\|rules.yaml" "$TMP/cook/check"; }
"$BIN" build "$TMP/cook/jx" "$TMP/cook/data/records.csv" -o "$TMP/cook/out" --force -q --stage 申报 > "$TMP/cook/log" 2>&1
t=$(pdftotext "$TMP/cook/out/forms/1_嘉善县_欧阳堃.pdf" - 2>/dev/null | tr -d ' \n')
[[ $t == *"1曹华男1980.05领办人"*"2李明男"*"共2人"* ]] && ok ||
    { bad "cookbook member list: numbered rows and the count"; grep -m3 "失败\|form.yaml" "$TMP/cook/log"; }
"$BIN" build "$TMP/cook/jx" "$TMP/cook/data/records.csv" -o "$TMP/cook/out" --force -q --stage 表彰 > "$TMP/cook/log2" 2>&1
[ -s "$TMP/cook/out/证书/嘉兴巧匠_001_顾喆.pdf" ] && [ -s "$TMP/cook/out/证书/嘉兴首席工匠_005_蔡振华.pdf" ] && ok ||
    { bad "cookbook certificates: numbered per category in their names"; ls "$TMP/cook/out/证书" | head; }
got=$(cert_pages "$TMP/cook/out/证书/合订本.pdf")
[ "$got" = "首席 1 首席 2 首席 3 首席 4 首席 5 巧匠 1 巧匠 2 巧匠 3 " ] && ok || bad "cookbook 合订本: $got"

# --- an entry with more columns than its list has loses nothing silently: 维修车间|钳工 split
# with one | too many printed 维修车间 as the 工种 and dropped 钳工 (check said nothing, build
# 成功). More columns: an error; fewer: a warning (the missing column prints blank). A bare CR
# (an old Mac line end pasted into a cell) separates entries as a line feed does: it merged
# five entries into one.
mkdir -p "$TMP/cols"
cp -r samples/jiaxing-2020/. "$TMP/cols/"
$PY tests/e2e/set_cells.py "$TMP/cols/candidates.csv" 1 \
    "主要工作经历=2003.09-2016.01|嘉兴某公司|维修车间|钳工
2016.02-2020.06|某厂|钳工"
$PY tests/e2e/set_cells.py "$TMP/cols/candidates.csv" 2 "主要工作经历=2003.09-2016.01|嘉兴某公司"
# a separator typed after the last column holds nothing more: no finding
$PY tests/e2e/set_cells.py "$TMP/cols/candidates.csv" 4 "主要工作经历=2003.09-2016.01|嘉兴某公司|钳工|
2016.02-2020.06|某厂|钳工｜ 
2020.07-2020.08|某厂|钳工||"
$PY tests/e2e/set_cells.py "$TMP/cols/candidates.csv" 3 \
    "主要工作经历=$(printf '1994.07-1998.12|嘉善县机械厂|钳工\r1999.01-2006.05|恒达公司|钳工\r2006.06-2020.06|恒达公司|装配工')"
"$BIN" check templates/jiaxing-2020 "$TMP/cols/candidates.csv" > "$TMP/cols.check" 2>&1
rc=$?
[ $rc = 1 ] &&
    grep -q '^  第2行 .* 错误 主要工作经历 第1项 .*4 栏.*3 栏' "$TMP/cols.check" &&
    grep -q '^  第3行 .* 警告 主要工作经历 第1项 .*2 栏.*从事职业（工种）' "$TMP/cols.check" &&
    ! grep -q '^  第[45]行 .* 主要工作经历' "$TMP/cols.check" && ok ||
    { bad "list entries with a column too many or too few (exit $rc)"; grep -E '主要工作经历' "$TMP/cols.check"; }
"$BIN" build templates/jiaxing-2020 "$TMP/cols/candidates.csv" -o "$TMP/cols/out" --stage 申报 > "$TMP/cols.build" 2>&1
rc=$?
form3=$(find "$TMP/cols/out/forms" -name '3_*.pdf' | head -1)
[ $rc = 1 ] && grep -q '^\[未生成\] .* 第2行 ' "$TMP/cols.build" && [ -n "$form3" ] &&
    [ "$(pdftotext -layout "$form3" - | grep -cE '^ *(1994\.07|1999\.01|2006\.06)-')" = 3 ] && ok ||
    { bad "list entries: build (exit $rc)"; grep -E '第[234]行' "$TMP/cols.build" | head -5; }

echo "e2e lists: $pass passed, $fail failed"
[ $fail = 0 ]
