#!/bin/bash
# Workbooks as clerks make them (issue 11, items 1, 2, 4, 5, 14, 18, 19): no
# value changes between the spreadsheet and the paper without an error.
# The fixtures in tests/data/input/ are written by make-fixtures.py (openpyxl
# and LibreOffice); CSV cases are made here.
#   - an ID number stored as a number (15 digits kept), a formula's #DIV/0!, a
#     year.month stored as 2018.1: an error on that record, naming the field,
#     and the value appears on no paper, even with build --force (pdftotext of
#     every PDF, the text of every XLSX);
#   - a value merged over two records reaches both, with a warning;
#   - a value hidden under a merge (not what Excel shows there) is refused;
#   - a date whose format shows only a part of it (yyyy, m月d日) is refused, not completed;
#   - a formula whose saved result is stale (the book asks Excel to recalculate it) or missing,
#     whatever its type, is refused;
#   - a title row above the header and an instructions sheet first: the
#     header is found and said; when none matches, the sheets and rows looked at;
#   - a NUL byte in one CSV cell is that row's error; a UTF-8 BOM before
#     GB18030 text is diagnosed as mixed encoding;
#   - a CSV cell ="…" is read as the text Excel shows (007, not ="007"); any other cell
#     starting with = is a formula, refused naming row and field, and printed nowhere;
#   - an .ods (or one renamed .csv, or given as --units) is said to be OpenDocument, not an xlsx.
#   tests/e2e/spreadsheets.sh ./wenshu
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1596240000
P=templates/jiaxing-2020
S=samples/jiaxing-2020
cp -r "$S/photos" "$S/attachments" "$S/units.csv" "$TMP/"
cp tests/data/input/clerk-made.xlsx tests/data/input/lo-numbers.xlsx "$TMP/"

expect_rc() { if [ "$3" = "$2" ]; then ok; else bad "$1: exit $3, expected $2"; fi; }
has() { # NAME FILE TEXT: FILE contains TEXT
    if grep -qF -- "$3" "$2"; then ok; else bad "$1: no「$3」in $(basename "$2")"; fi
}
has_row() { # NAME FILE TEXT: a row of check's table, however wide its columns are padded
    if tr -s ' ' < "$2" | grep -qF -- "$(echo "$3" | tr -s ' ')"; then ok; else bad "$1: no「$3」in $(basename "$2")"; fi
}
hasnt() {
    if grep -qF -- "$3" "$2"; then bad "$1:「$3」in $(basename "$2")"; grep -F -- "$3" "$2" | head -3; else ok; fi
}

# Every text a build wrote (PDFs through pdftotext, spaces removed; XLSX cell
# text and HTML as they are) into one file.
all_text() { # OUT_DIR > text
    find "$1" -type f -name '*.pdf' | sort | while read -r f; do
        pdftotext "$f" - 2> /dev/null | tr -d ' \n'
        echo
    done
    find "$1" -type f -name '*.html' -exec cat {} +
    find "$1" -type f -name '*.xlsx' | sort | while read -r f; do
        $PY - "$f" <<'PYEOF'
import sys, openpyxl
for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:
    for row in ws.iter_rows(values_only=True):
        print("\t".join("" if v is None else str(v) for v in row))
PYEOF
    done
}

# --- the clerk-made workbook: title row, instructions sheet, each trap once ---
B=$TMP/clerk-made.xlsx
"$BIN" check "$P" "$B" > "$TMP/c.txt" 2>&1
expect_rc "clerk-made: check" 1 $?
has "header found" "$TMP/c.txt" "表头在工作表「推荐人选」第3行"
has "instructions sheet said" "$TMP/c.txt" "工作表「填写说明」中没有本项目的栏目"
has_row "ID as number" "$TMP/c.txt" "第5行     顾喆     错误 身份证号"
has "ID fix" "$TMP/c.txt" "请把该列设为文本后重新输入"
has_row "#DIV/0!" "$TMP/c.txt" "第6行     王䶮     错误 工作单位                 单元格显示错误值 #DIV/0!"
has "2018.1 both readings" "$TMP/c.txt" "单元格 AC8 是数值 1991.1，既可读作 1991 年 1 月（1991.01），也可读作 1991 年 10 月（1991.10"
has_row "merge carried" "$TMP/c.txt" "第7行     司马文杰 警告 推荐单位                 该格属于合并单元格"
hasnt "merged not blank" "$TMP/c.txt" "未填写"
hasnt "no guess" "$TMP/c.txt" "应写成“1991.01”"

for force in "" --force; do
    out=$TMP/out$force
    "$BIN" build "$P" "$B" -o "$out" -j 1 $force > "$TMP/b$force.txt" 2>&1
    expect_rc "clerk-made: build $force" 1 $?
    if [ -f "$out/forms/1_嘉善县_欧阳堃.pdf" ] && [ -f "$out/forms/4_平湖市_司马文杰.pdf" ]; then ok
    else bad "clerk-made $force: the clean records were not built"; ls -R "$out" | head; fi
    n=$(find "$out/forms" -name '*.pdf' | wc -l)
    if [ "$n" = 2 ]; then ok; else bad "clerk-made $force: $n forms, expected 2"; fi
    all_text "$out" > "$TMP/all$force.txt"
    [ -z "$force" ] && has "clerk-made: the records left out of the units' documents are named" "$TMP/b.txt" \
        "不列入按单位或全体生成的文档（汇总表、推荐函、公示、装订册等）：第"
    has "merged unit on the form $force" <(pdftotext "$out/forms/4_平湖市_司马文杰.pdf" - | tr -d ' \n') "平湖市"
    for v in 330421198811023 '#DIV/0!' 顾喆 王䶮 钱龑; do
        hasnt "clerk-made $force: refused value or record printed" "$TMP/all$force.txt" "$v"
    done
done

# --- a CSV opened and saved by LibreOffice: every ID became a number ---------
B=$TMP/lo-numbers.xlsx
"$BIN" check "$P" "$B" > "$TMP/l.txt" 2>&1
expect_rc "lo-numbers: check" 1 $?
n=$(grep -c "错误 身份证号                 该单元格是数值" "$TMP/l.txt")
if [ "$n" = 5 ]; then ok; else bad "lo-numbers: $n ID errors, expected 5"; cat "$TMP/l.txt"; fi
has "lo-numbers: 2007.10 stored as 2007.1" "$TMP/l.txt" "单元格 AC3 是数值 2007.1"
"$BIN" build "$P" "$B" -o "$TMP/lo" -j 1 --force > "$TMP/lb.txt" 2>&1
expect_rc "lo-numbers: build --force" 1 $?
all_text "$TMP/lo" > "$TMP/lo-all.txt"
for id in 330421197603142 330421198811023 330482198107231 341522198605193 330424197309083; do
    hasnt "lo-numbers: an ID that lost digits printed" "$TMP/lo-all.txt" "$id"
done
if [ -z "$(find "$TMP/lo" -path '*forms*' -name '*.pdf')" ]; then ok; else bad "lo-numbers: forms built"; fi
# the units' documents are not made (every record refused): not with advice to add --force
has "lo-numbers: units' documents not made" "$TMP/lb.txt" "[未生成] 汇总表（嘉善县）"
hasnt "lo-numbers: --force advised to a build that has it" "$TMP/lb.txt" "加 --force"
has "lo-numbers: the summary counts them" "$TMP/lb.txt" "份，未生成"
"$BIN" build "$P" "$B" -o "$TMP/loq" -j 1 --force -q > "$TMP/lbq.txt" 2>&1
has "lo-numbers: -q still says a unit gets no 汇总表" "$TMP/lbq.txt" "[未生成] 汇总表（嘉善县）"

# --- number formats and formulas as openpyxl writes them (a new user's find) ------------
# Every cell text but four: 年限 22.3561643835616 formatted 0 (shows 22) and, on the third
# record, 14.6 in #,##0 (shows 15), 邮政编码 10020 in 000000 (shows 010020); the second record's
# 工作单位 is a formula openpyxl saves without its result. A format that shows the number itself
# (010020) is read as shown; one that shows another number (22 for 22.356) and the formula are
# refused: the paper would differ from the cell or from what Excel shows.
mkdir -p "$TMP/hz"
cp -r samples/hangzhou-2017/photos samples/hangzhou-2017/units.csv "$TMP/hz/"
$PY - samples/hangzhou-2017/candidates.csv "$TMP/hz/formats.xlsx" <<'PYEOF'
import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[:4]
wb = openpyxl.Workbook()
ws = wb.active
for r in rows:
    ws.append(r)
for c in ws[1]:
    for row in (2, 3, 4):
        ws.cell(row, c.column).number_format = '@'
col = {c.value: c.column for c in ws[1]}
years, post = col['从事本职业（工种）年限'], col['邮政编码']
ws.cell(2, years).value, ws.cell(2, years).number_format = 22.3561643835616, '0'
ws.cell(4, years).value, ws.cell(4, years).number_format = 14.6, '#,##0'
ws.cell(2, post).value, ws.cell(2, post).number_format = 10020, '000000'
ws.cell(3, col['工作单位']).value = '=J2'
wb.save(sys.argv[2])
PYEOF
P2=templates/hangzhou-2017
"$BIN" build "$P2" "$TMP/hz/formats.xlsx" -o "$TMP/hzout" -j 1 > "$TMP/hz.txt" 2>&1
expect_rc "openpyxl formats: build" 1 $?
has "openpyxl formats: a formula without its result is refused" "$TMP/hz.txt" "是公式，但文件里没有保存它的计算结果"
has "openpyxl formats: 22.356 in 0 is refused" "$TMP/hz.txt" "22.3561643835616，按数字格式「0」显示为 22"
has "openpyxl formats: 14.6 in #,##0 is refused" "$TMP/hz.txt" "14.6，按数字格式「#,##0」显示为 15"
all_text "$TMP/hzout" > "$TMP/hz-all.txt"
for v in 22.356 14.6 "22 年" "15 年"; do hasnt "openpyxl formats: $v on paper" "$TMP/hz-all.txt" "$v"; done
"$BIN" check "$P2" "$TMP/hz/formats.xlsx" > "$TMP/hz-check.txt" 2>&1
has "openpyxl formats: check refuses 22.356 too" "$TMP/hz-check.txt" "显示为 22"
$PY - "$TMP/hz/formats.xlsx" "$TMP/hz/postcode.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
col = {c.value: c.column for c in ws[1]}
ws.cell(2, col['从事本职业（工种）年限']).value = 22
ws.cell(4, col['从事本职业（工种）年限']).value = 15
ws.cell(3, col['工作单位']).value = ws.cell(2, col['工作单位']).value
wb.save(sys.argv[2])
PYEOF
"$BIN" build "$P2" "$TMP/hz/postcode.xlsx" -o "$TMP/hzout2" -j 1 > "$TMP/hz2.txt" 2>&1
expect_rc "openpyxl formats, values typed as shown: build" 0 $?
f=$(find "$TMP/hzout2/forms" -name '*周*.pdf' | head -1)
if [ -n "$f" ]; then
    pdftotext -layout "$f" "$TMP/hz1.txt"
    has "a 000000 cell keeps its zero" "$TMP/hz1.txt" "010020"
    has "a 0 cell holding 22 prints 22" "$TMP/hz1.txt" "22 年"
else bad "openpyxl formats: 周𠀾's form was not made"; head -5 "$TMP/hz2.txt"; fi

# --- formulas with stale saved results (fullCalcOnLoad, as XlsxWriter and openpyxl mark a book) ---
# 序号 =ROW()-1 saved as 0 and a 工作单位 formula saved with an old name: Excel recalculates both
# on opening, so neither saved value is read; those records are refused, naming the cell and why.
# So is the fourth record, whose 职务 (optional) is a string formula saved with no result at all.
$PY - "$S/candidates.csv" "$TMP/fullcalc.xlsx" <<'PYEOF'
import csv, io, re, sys, zipfile, openpyxl
from openpyxl.utils import get_column_letter
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[:4]
wb = openpyxl.Workbook()
for r in rows:
    wb.active.append(r)
buf = io.BytesIO()
wb.save(buf)
unit = get_column_letter(rows[0].index('工作单位') + 1)
duty = get_column_letter(rows[0].index('职务') + 1)
cells = {'A2': '<c r="A2"><f>ROW()-1</f><v>0</v></c>',
         duty + '4': '<c r="%s4" t="str"><f>Sheet2!B2</f></c>' % duty,
         unit + '3': '<c r="%s3" t="str"><f>"旧名称"&amp;"机械厂"</f><v>旧名称机械厂</v></c>' % unit}
zin, zout = zipfile.ZipFile(buf), zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED)
for it in zin.infolist():
    data = zin.read(it.filename).decode()
    if it.filename == 'xl/workbook.xml':
        assert 'fullCalcOnLoad="1"' in data
    if it.filename == 'xl/worksheets/sheet1.xml':
        for ref, xml in cells.items():
            data, n = re.subn(r'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref, lambda m: xml, data, count=1)
            assert n == 1, ref
    zout.writestr(it, data)
zout.close()
PYEOF
"$BIN" check "$P" "$TMP/fullcalc.xlsx" > "$TMP/fc.txt" 2>&1
expect_rc "stale formulas: check" 1 $?
has_row "stale formulas: 序号" "$TMP/fc.txt" "第2行 欧阳堃 错误 序号 单元格 A2 是公式，文件要求打开时重新计算"
has "stale formulas: 工作单位" "$TMP/fc.txt" "3 是公式，文件要求打开时重新计算"
has_row "string formula without result" "$TMP/fc.txt" "第4行 王䶮 错误 职务 单元格 N4 是公式，但文件里没有保存它的计算结果"
"$BIN" build "$P" "$TMP/fullcalc.xlsx" -o "$TMP/fcout" -j 1 --force > "$TMP/fcb.txt" 2>&1
expect_rc "stale formulas: build --force" 1 $?
all_text "$TMP/fcout" > "$TMP/fc-all.txt"
hasnt "stale formulas: the saved result printed" "$TMP/fc-all.txt" "旧名称机械厂"

# --- a merge that kept the covered cell's content (LibreOffice/WPS can merge so) ---------------
# 推荐单位 of rows 3 (嘉善县) and 4 (平湖市) merged: Excel shows 嘉善县 on both, the file still holds
# 平湖市 under the merge. Row 4 cannot be read either way: refused, saying both; row 3 is fine.
$PY - "$S/candidates.csv" "$TMP/merge-hidden.xlsx" <<'PYEOF'
import csv, io, sys, zipfile, openpyxl
from openpyxl.utils import get_column_letter
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[:4]
wb = openpyxl.Workbook()
for r in rows:
    wb.active.append(r)
buf = io.BytesIO()
wb.save(buf)
unit = get_column_letter(rows[0].index('推荐单位') + 1)
assert (rows[2][rows[0].index('推荐单位')], rows[3][rows[0].index('推荐单位')]) == ('嘉善县', '平湖市')
zin, zout = zipfile.ZipFile(buf), zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED)
for it in zin.infolist():
    data = zin.read(it.filename).decode()
    if it.filename == 'xl/worksheets/sheet1.xml':
        data = data.replace('</sheetData>', '</sheetData><mergeCells count="1">'
                            '<mergeCell ref="%s3:%s4"/></mergeCells>' % (unit, unit))
    zout.writestr(it, data)
zout.close()
PYEOF
"$BIN" check "$P" "$TMP/merge-hidden.xlsx" > "$TMP/mh.txt" 2>&1
expect_rc "content under a merge: check" 1 $?
has_row "content under a merge: refused" "$TMP/mh.txt" "第4行 王䶮 错误 推荐单位 该格属于合并单元格 Q3:Q4，Excel 在这里显示合并格 Q3 的「嘉善县」，但该格里还存着被合并盖住的「平湖市」"
hasnt "content under a merge: the top row is fine" "$TMP/mh.txt" "第3行     顾喆     错误"

# --- a date whose format shows only a part of it ----------------------------------------------
# 钱龑's 出生年月 is the date 1973-09-18 in a yyyy cell: Excel shows 1973. No month is made up from
# the number behind it: the record is refused, and 1973.09 is on no paper even with --force.
$PY - "$S/candidates.csv" "$TMP/year-only.xlsx" <<'PYEOF'
import csv, datetime, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[:6]
wb = openpyxl.Workbook()
for r in rows:
    wb.active.append(r)
birth = wb.active.cell(6, rows[0].index('出生年月') + 1)
assert rows[5][rows[0].index('姓名')] == '钱龑'
birth.value, birth.number_format = datetime.datetime(1973, 9, 18), 'yyyy'
wb.save(sys.argv[2])
PYEOF
"$BIN" check "$P" "$TMP/year-only.xlsx" > "$TMP/yo.txt" 2>&1
expect_rc "year-only date: check" 1 $?
has_row "year-only date: refused" "$TMP/yo.txt" "第6行 钱龑 错误 出生年月 单元格 E6 是日期 1973-09-18，但数字格式「yyyy」只显示年份"
"$BIN" build "$P" "$TMP/year-only.xlsx" -o "$TMP/yoout" -j 1 --force > "$TMP/yob.txt" 2>&1
expect_rc "year-only date: build --force" 1 $?
all_text "$TMP/yoout" > "$TMP/yo-all.txt"
hasnt "year-only date: a month made up" "$TMP/yo-all.txt" "1973.09"

# --- a column the program does not read refuses no record --------------------------------
# A clerk's extra columns (填表日期 in m"月"d"日", a 年龄 formula openpyxl saves without its
# result) are not printed: refusing their cells, as a field's would be, blocked every record.
# The header's 此列未读取 warning is all they get.
mkdir -p "$TMP/xc"
cp -r "$S/photos" "$S/attachments" "$S/units.csv" "$TMP/xc/"
$PY - "$S/candidates.csv" "$TMP/xc/extra-cols.xlsx" <<'PYEOF'
import csv, datetime, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[:6]
wb = openpyxl.Workbook()
ws = wb.active
ws.append(rows[0] + ['填表日期', '年龄', '备注'])
for i, r in enumerate(rows[1:]):
    ws.append(r + [datetime.datetime(2020, 7, 1), '=2020-1976', '已核'])
n = len(rows[0])
for i in range(2, len(rows) + 1):
    ws.cell(i, n + 1).number_format = 'm"月"d"日"'
wb.save(sys.argv[2])
PYEOF
"$BIN" check "$P" "$TMP/xc/extra-cols.xlsx" > "$TMP/xc.txt" 2>&1
hasnt "unread columns: no error" "$TMP/xc.txt" " 错误 "
"$BIN" build "$P" "$TMP/xc/extra-cols.xlsx" -o "$TMP/xcout" -j 1 --stage 申报 > "$TMP/xcb.txt" 2>&1
expect_rc "unread columns: build" 0 $?
has_row "unread columns: every record made" "$TMP/xcb.txt" "共 5 条记录：成功 5，失败 0"

# --- hidden sheets: an old copy hidden before the records, a hidden list sheet -----------
# What Excel does not show is never read as records or list entries, and a line says so.
$PY - "$S/candidates.csv" "$TMP/hidden.xlsx" <<'PYEOF'
import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[:4]
unit = rows[0].index('工作单位')
wb = openpyxl.Workbook()
old = wb.active
old.title = '候选人（旧）'
for i, r in enumerate(rows):
    old.append([('旧单位' + v if i and c == unit else v) for c, v in enumerate(r)])
old.sheet_state = 'hidden'
new = wb.create_sheet('候选人')
for r in rows:
    new.append(r)
new.row_dimensions[3].hidden = True
work = wb.create_sheet('主要工作经历')
work.append(['身份证号', '起止年月', '工作单位及部门', '从事职业（工种）'])
work.append([rows[1][rows[0].index('身份证号')], '1990.01-1991.01', '隐藏表里的单位', '学徒'])
work.sheet_state = 'hidden'
wb.active = 1
wb.save(sys.argv[2])
PYEOF
"$BIN" build "$P" "$TMP/hidden.xlsx" -o "$TMP/hidout" -j 1 --stage 申报 > "$TMP/hid.txt" 2>&1
all_text "$TMP/hidout" > "$TMP/hid-all.txt"
hasnt "hidden sheet: its records printed" "$TMP/hid-all.txt" "旧单位"
hasnt "hidden list sheet: its entries printed" "$TMP/hid-all.txt" "隐藏表里的单位"
has "hidden sheet: said" "$TMP/hid.txt" "工作表「候选人（旧）」在 Excel 中是隐藏的"
has "hidden list sheet: said" "$TMP/hid.txt" "工作表「主要工作经历」在 Excel 中是隐藏的"
"$BIN" check "$P" "$TMP/hidden.xlsx" > "$TMP/hid-check.txt" 2>&1
has_row "hidden row: check warns" "$TMP/hid-check.txt" "第3行 顾喆 警告 这一行在 Excel 中是隐藏的"
[ -n "$(find "$TMP/hidout/forms" -name '*.pdf')" ] && ok || bad "hidden sheets: no form from the visible sheet"

# --- a list sheet row whose ID is one digit off a record's: that record is not made --------
# (its 主要工作经历 would come out one entry short with a [成功] line)
$PY - "$S/candidates.csv" "$TMP/listkey.xlsx" <<'PYEOF'
import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[:4]
head, work = rows[0], rows[0].index('主要工作经历')
wb = openpyxl.Workbook()
main = wb.active
main.title = '候选人'
lists = wb.create_sheet('主要工作经历')
lists.append(['身份证号', '起止年月', '工作单位及部门', '从事职业（工种）'])
for i, r in enumerate(rows):
    main.append([('' if i and c == work else v) for c, v in enumerate(r)])
    if not i:
        continue
    key = r[head.index('身份证号')]
    for k, line in enumerate(r[work].splitlines()):
        typo = i == 1 and k == 1
        lists.append([key[:-1] + ('0' if key[-1] != '0' else '1') if typo else key] + line.split('|'))
wb.save(sys.argv[2])
PYEOF
"$BIN" build "$P" "$TMP/listkey.xlsx" -o "$TMP/lkout" -j 1 --stage 申报 > "$TMP/lk.txt" 2>&1
expect_rc "list key one digit off: build" 1 $?
grep -q '^\[未生成\].*第2行 欧阳堃.*主要工作经历.*只差' "$TMP/lk.txt" && ok ||
    bad "list key one digit off: 欧阳堃 is not refused: $(grep 欧阳堃 "$TMP/lk.txt")"
"$BIN" check "$P" "$TMP/listkey.xlsx" > "$TMP/lk-check.txt" 2>&1
has_row "list key one digit off: check" "$TMP/lk-check.txt" "第2行 欧阳堃 错误"

# --- no header anywhere: which sheets and rows were looked at ------------------
$PY - "$TMP/nohead.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.Workbook()
wb.active.title = "说明"
wb.active.append(["请按通知填写"])
ws = wb.create_sheet("数据")
for i in range(12):
    ws.append(["第%d行" % (i + 1), "随便"])
wb.save(sys.argv[1])
PYEOF
"$BIN" check "$P" "$TMP/nohead.xlsx" > "$TMP/n.txt" 2>&1
expect_rc "no header: check" 2 $?
has "no header: where" "$TMP/n.txt" "已查找：工作表「说明」第1至1行、工作表「数据」第1至10行"

# --- CSV: a NUL byte in one cell, a BOM before GB18030 ------------------------
$PY - "$S/candidates.csv" "$TMP" <<'PYEOF'
import sys
src = open(sys.argv[1], "rb").read()
out = sys.argv[2]
name = "嘉善西塘古镇餐饮管理有限公司".encode()
open(out + "/nul.csv", "wb").write(src.replace(name, name[:6] + b"\0" + name[6:], 1))
text = src.decode("utf-8-sig")
open(out + "/bomgb.csv", "wb").write(b"\xef\xbb\xbf" + text.encode("gb18030"))
PYEOF
"$BIN" check "$P" "$TMP/nul.csv" > "$TMP/nul.txt" 2>&1
expect_rc "NUL: check" 1 $?
has_row "NUL: that row and field" "$TMP/nul.txt" "第3行     顾喆     错误 工作单位                 含有 NUL 字节"
n=$(grep -c " 错误 " "$TMP/nul.txt")
if [ "$n" = 1 ]; then ok; else bad "NUL: $n error lines, other rows should be fine"; cat "$TMP/nul.txt"; fi
"$BIN" build "$P" "$TMP/nul.csv" -o "$TMP/nulout" -j 1 -q > "$TMP/nulb.txt" 2>&1
expect_rc "NUL: build" 1 $?
n=$(find "$TMP/nulout/forms" -name '*.pdf' | wc -l)
if [ "$n" = 13 ]; then ok; else bad "NUL: $n forms, expected 13 of 14"; fi
"$BIN" check "$P" "$TMP/bomgb.csv" > "$TMP/bomgb.txt" 2>&1
expect_rc "BOM+GB18030: check" 2 $?
has "BOM+GB18030: diagnosis" "$TMP/bomgb.txt" "编码混杂"
hasnt "BOM+GB18030: not missing columns" "$TMP/bomgb.txt" "缺少必需的列"

# --- CSV: ="…" cells (Excel's way to keep leading zeros) and formulas ----------------------
$PY - "$S/candidates.csv" "$TMP/eq.csv" <<'PYEOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
head = rows[0]
col = {name: head.index(name) for name in ("身份证号", "职务", "手机", "工作单位")}
rows[1][col["身份证号"]] = '="' + rows[1][col["身份证号"]] + '"'
rows[1][col["职务"]] = '="007"'
rows[4][col["职务"]] = '="车间""一号""线"'
rows[2][col["手机"]] = "=13957312468"
rows[3][col["工作单位"]] = "=A1+1"
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows)
PYEOF
"$BIN" check "$P" "$TMP/eq.csv" > "$TMP/eq.txt" 2>&1
expect_rc "=\"…\": check" 1 $?
has_row "=\"…\": a formula's row and field" "$TMP/eq.txt" "第3行     顾喆     错误 手机                     是公式「=13957312468」"
has_row "=\"…\": a formula's row and field" "$TMP/eq.txt" "错误 工作单位                 是公式「=A1+1」"
has "=\"…\": how to fix it" "$TMP/eq.txt" "请直接填写值本身"
n=$(grep -c " 错误 " "$TMP/eq.txt")
if [ "$n" = 2 ]; then ok; else bad "=\"…\": $n error lines, expected 2"; cat "$TMP/eq.txt"; fi
hasnt "=\"…\": the ID read as written" "$TMP/eq.txt" "第2行     欧阳堃   错误"
"$BIN" build "$P" "$TMP/eq.csv" -o "$TMP/eqout" -j 1 --force > "$TMP/eqb.txt" 2>&1
expect_rc "=\"…\": build --force" 1 $?
pdftotext "$TMP/eqout/forms/1_嘉善县_欧阳堃.pdf" - 2> /dev/null | tr -d ' \n' > "$TMP/eq-form.txt"
has "=\"…\": 职务 as Excel shows it" "$TMP/eq-form.txt" "007"
has "=\"…\": the ID as Excel shows it" "$TMP/eq-form.txt" "330421197603142131"
find "$TMP/eqout" -type f -name '*.pdf' | while read -r f; do pdftotext "$f" - 2> /dev/null | tr -d ' \n'; done > "$TMP/eq-all.txt"
has "=\"…\": \"\" inside is a quote" "$TMP/eq-all.txt" '车间"一号"线'
for v in '="' =13957312468 =A1+1; do # printed nowhere (the PDFs' text is one long line each)
    if grep -qF -- "$v" "$TMP/eq-all.txt"; then
        bad "=\"…\":「$v」printed"; grep -oF -- "$v" "$TMP/eq-all.txt" | head -2; else ok; fi
done

# --- an OpenDocument spreadsheet (.ods, as LibreOffice saves it) is named as one ------------
$PY - "$TMP/lo.ods" <<'PYEOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
               compress_type=zipfile.ZIP_STORED)  # first and stored, as OpenDocument requires
    z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>')
    z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest/>')
PYEOF
cp "$TMP/lo.ods" "$TMP/lo-ods.csv"
for args in "$TMP/lo.ods" "$TMP/lo-ods.csv" "$S/candidates.csv --units $TMP/lo.ods"; do
    # shellcheck disable=SC2086 # the units case is two arguments
    "$BIN" check "$P" $args > "$TMP/ods.txt" 2>&1
    rc=$?
    if [ $rc = 2 ] && grep -qF "这是 OpenDocument 文件（如 .ods），请在 Excel/WPS 中另存为 .xlsx" "$TMP/ods.txt" &&
        ! grep -qF "扩展名改为" "$TMP/ods.txt"; then ok; else
        bad "ods: check $args: exit $rc"; cat "$TMP/ods.txt"; fi
done
cp tests/data/input/clerk-made.xlsx "$TMP/xlsx-named.csv"
"$BIN" check "$P" "$TMP/xlsx-named.csv" > "$TMP/xlsxcsv.txt" 2>&1
expect_rc "xlsx named .csv: check" 2 $?
has "xlsx named .csv: told to rename it" "$TMP/xlsxcsv.txt" "请把扩展名改为 .xlsx"

echo "e2e spreadsheets: $pass passed, $fail failed"
[ $fail = 0 ]
