#!/bin/bash
# Public papers and what the terminal shows (issue 11 items 7, 10, 13, 15, 21):
# records named by the program's identity field, never by the previous
# record's name; values made safe before they reach the terminal; no ID or
# mobile number on a public document or its file name; `check` and `build`
# give every record the same verdict, and a record that cannot be printed is
# left out of the shared documents while the others come out; engine
# messages give no 嘉兴 example to other programs.
#   tests/e2e/public.sh ./wenshu
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1596240000
T=templates/jiaxing-2020
D=$TMP/data
mkdir -p "$D"
cp -r templates/_shared "$TMP/" # template copies below find holidays.tsv there
cp -r samples/jiaxing-2020/* "$D/"
$PY tests/e2e/make_public.py "$D" || bad "make_public.py"

build() { # name records [options]: log in $TMP/<name>.log, output in $TMP/<name>, rc
    local name=$1 records=$2
    shift 2
    "$BIN" build "$T" "$records" -o "$TMP/$name" -j 1 "$@" > "$TMP/$name.log" 2>&1
    rc=$?
}
has() { grep -qE -- "$2" "$1"; }
line_of() { grep -E -- "$2" "$1" | head -1; } # the first line of log $1 matching $2

# --- item 15: a record without a name is not reported under the previous one ---------------
build noname "$D/noname.csv"
l=$(line_of "$TMP/noname.log" '第3行')
if [ -n "$l" ] && ! echo "$l" | grep -q '欧阳堃' && echo "$l" | grep -q '未填姓名'; then ok; else
    bad "row 3 (no 姓名) is reported as: $l"; fi
# the program's identity field names records (here 工作单位, in a copy of the template)
cp -r "$T" "$TMP/ident"
sed -i 's/^unit_field:/identity: 工作单位\nunit_field:/' "$TMP/ident/program.yaml"
grep -q '^identity: 工作单位' "$TMP/ident/program.yaml" || echo 'identity: 工作单位' >> "$TMP/ident/program.yaml"
"$BIN" build "$TMP/ident" "$D/noname.csv" -o "$TMP/ident-out" -j 1 > "$TMP/ident.log" 2>&1
if has "$TMP/ident.log" '第4行 平湖市平湖光大电力设备有限公司|第4行 [^ ]*公司' && ! has "$TMP/ident.log" '第4行 王䶮'; then ok; else
    bad "identity: 工作单位 does not name the records"; grep '第4行' "$TMP/ident.log"; fi
"$BIN" check "$TMP/ident" "$D/noname.csv" > "$TMP/ident-check.log" 2>&1
if grep -E '^  第2行' "$TMP/ident-check.log" | grep -q '公司'; then ok; else
    bad "check does not name records by identity"; head -5 "$TMP/ident-check.log"; fi
sed -i 's/^identity: 工作单位/identity: 生日/' "$TMP/ident/program.yaml"
"$BIN" check "$TMP/ident" "$D/noname.csv" > "$TMP/ident-bad.log" 2>&1
rc=$?
if [ $rc = 2 ] && has "$TMP/ident-bad.log" 'program.yaml:[0-9]+.*identity.*生日'; then ok; else
    bad "identity naming no field: exit $rc"; cat "$TMP/ident-bad.log"; fi

# --- item 10: no control character from a cell reaches the terminal -------------------------
build escape "$D/escape.csv"
"$BIN" check "$T" "$D/escape.csv" > "$TMP/escape-check.log" 2>&1
for log in "$TMP/escape.log" "$TMP/escape-check.log"; do
    if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$log"; then
        bad "$(basename "$log"): a control character reached the terminal"
        LC_ALL=C grep -n $'[\x01-\x08\x0b-\x1f\x7f]' "$log" | cat -v | head -3
    elif has "$log" '\\u001B'; then ok; else bad "$(basename "$log"): ESC not shown as \\u001B"; fi
done
# a CR in a cell ends a line of the value (as in Excel); the value is shown on its finding's
# line, never as a line of its own that could pass for the build's
if has "$TMP/escape-check.log" '浙江 \[成功\] 假的' && ! grep -q '^\[成功\] 假的' "$TMP/escape-check.log"; then
    ok; else bad "a CR in a value starts a line of the terminal"; grep '籍贯' "$TMP/escape-check.log" | cat -v; fi

# --- item 7: no ID or mobile number on a public paper or in its file name -------------------
build leak "$D/leak.csv"
[ $rc = 1 ] && ok || bad "leak: exit $rc, expected 1"
pub=$(ls "$TMP/leak/公示/"*.pdf 2>/dev/null | head -1)
html=$(ls "$TMP/leak/公示/"*.html 2>/dev/null | head -1)
if [ -f "$pub" ] && [ -f "$html" ]; then
    text=$(pdftotext "$pub" - | tr -d ' \n')
    if echo "$text" | grep -qE '13957312468|330421197603142131'; then bad "公示 PDF shows a private number"; else ok; fi
    if grep -qE '13957312468|330421197603142131' "$html"; then bad "公示 HTML shows a private number"; else ok; fi
    if echo "$text" | grep -q '王䶮'; then ok; else bad "公示 lost the clean record 王䶮"; fi
else
    bad "leak: the 公示 was not made for the clean records"
fi
if find "$TMP/leak" | grep -qE '13957312468|330421197603142131'; then
    bad "a file name carries a private number"; find "$TMP/leak" | grep -E '1395|3304'; else ok; fi
for f in "$TMP/leak/证书/"*.pdf; do
    [ -f "$f" ] || continue
    if pdftotext "$f" - | tr -d ' \n' | grep -qE '13957312468|330421197603142131'; then
        bad "$(basename "$f") shows a private number"; fi
done
ok
if has "$TMP/leak.log" '第2行.*「工作单位」.*手机号码' && has "$TMP/leak.log" '第3行.*「姓名」.*身份证号'; then ok; else
    bad "leak: the lines do not name row and field"; grep -E '公示|证书|第[23]行' "$TMP/leak.log"; fi
if [ -f "$TMP/leak/证书/平湖市_王䶮_荣誉证书.pdf" ]; then ok; else bad "王䶮's certificate is missing"; fi
# e-mail, landline, street address and numbers spelt with dots or dashes stay off it too, with
# the same verdict from check
build leak2 "$D/leak2.csv" --force
"$BIN" check "$T" "$D/leak2.csv" > "$TMP/leak2-check.log" 2>&1
pub=$(ls "$TMP/leak2/公示/"*.pdf 2>/dev/null | head -1)
html=$(ls "$TMP/leak2/公示/"*.html 2>/dev/null | head -1)
private='wangyan|83334444|288号|19760314|5731'
if [ -f "$pub" ] && ! pdftotext "$pub" - | tr -d ' \n' | grep -qE "$private" && ! grep -qE "$private" "$html" &&
    ! cat "$TMP"/leak2/证书/*.pdf | grep -qaE "$private"; then ok; else
    bad "leak2: contact data went onto a public paper"; pdftotext "$pub" - | grep -E "$private"; fi
for kind in 第2行.*电子邮箱 第3行.*固定电话 第4行.*门牌地址 第5行.*身份证号 第6行.*手机号码; do
    if has "$TMP/leak2.log" "^\[未生成\].*$kind" && has "$TMP/leak2-check.log" "$kind"; then ok; else
        bad "leak2: no line from build and check for $kind"; fi
done
# a mobile number after 0086, with / or _ between its groups or a letter glued on stays off too;
# a 邮编, a date range and a certificate number do not stop a record
build leak3 "$D/leak3.csv" --force
"$BIN" check "$T" "$D/leak3.csv" > "$TMP/leak3-check.log" 2>&1
pub=$(ls "$TMP/leak3/公示/"*.pdf 2>/dev/null | head -1)
html=$(ls "$TMP/leak3/公示/"*.html 2>/dev/null | head -1)
if [ $rc = 1 ] && [ -f "$pub" ] && [ -f "$html" ] &&
    ! pdftotext "$pub" - | tr -d ' \n' | grep -qE '5731|2468' && ! grep -qE '5731|2468' "$html" &&
    ! cat "$TMP"/leak3/证书/*.pdf | grep -qaE '5731|2468'; then ok; else
    bad "leak3: a mobile number went onto a public paper, or no 公示 (exit $rc)"
    pdftotext "$pub" - | grep -E '5731|2468'; fi
for row in 2 3 4 5 6; do
    if has "$TMP/leak3.log" "^\[未生成\].*第${row}行.*手机号码（(0086 )?139\*\*\*\*2468）" &&
        has "$TMP/leak3-check.log" "第${row}行 .*错误.*手机号码（(0086 )?139\\*\\*\\*\\*2468）"; then ok; else
        bad "leak3: no line from build and check for row $row"; fi
done
text=$(pdftotext "$pub" - | tr -d ' \n')
if grep -q '邮编314100，2003.09-2016.01' "$html" && grep -q '证书1733000000300456' "$html" &&
    echo "$text" | grep -qF 邮编314100 && echo "$text" | grep -qF 2003.09-2016.01 &&
    echo "$text" | grep -qF 1733000000300456 &&
    has "$TMP/leak3.log" '^\[成功\] 第7行' && ! has "$TMP/leak3.log" '第7行.*号码' &&
    ! has "$TMP/leak3-check.log" '第7行 .*(错误|警告)'; then ok; else
    bad "leak3: the clean row 7 (邮编, dates, certificate number) was refused or changed"
    grep '第7行' "$TMP/leak3.log" "$TMP/leak3-check.log"; fi
# a number wrapped over lines in its cell, or spaced around a dash, is found too: both
# commands refuse it, and with --force it stays off the 公示 (PDF and HTML)
build leak4 "$D/leak4.csv" --force
"$BIN" check "$T" "$D/leak4.csv" > "$TMP/leak4-check.log" 2>&1
pub=$(ls "$TMP/leak4/公示/"*.pdf 2>/dev/null | head -1)
html=$(ls "$TMP/leak4/公示/"*.html 2>/dev/null | head -1)
if [ $rc = 1 ] && [ -f "$pub" ] && [ -f "$html" ] &&
    ! pdftotext "$pub" - | tr -d ' \n' | grep -qE '5731|2468|03142131' &&
    ! grep -qE '5731|2468|03142131' "$html"; then ok; else
    bad "leak4: a wrapped number went onto the 公示, or no 公示 (exit $rc)"; fi
for row in 2 3 4; do
    if has "$TMP/leak4.log" "^\[未生成\].*第${row}行.*(身份证号|手机号码)" &&
        has "$TMP/leak4-check.log" "第${row}行 .*错误.*(身份证号|手机号码)"; then ok; else
        bad "leak4: no line from build and check for row $row"; grep "第${row}行" "$TMP/leak4.log"; fi
done
# with --force the two are built, but kept off the public documents
build leakf "$D/leak.csv" --force
pub=$(ls "$TMP/leakf/公示/"*.pdf 2>/dev/null | head -1)
if [ $rc = 1 ] && [ -f "$pub" ] && [ -f "$TMP/leakf/forms/2_嘉善县_顾喆330421197603142131.pdf" ] \
    && ! pdftotext "$pub" - | tr -d ' \n' | grep -qE '13957312468|330421197603142131|欧阳堃' \
    && ! ls "$TMP/leakf/证书" | grep -qE '欧阳堃|顾喆' && has "$TMP/leakf.log" '^\[未生成\] .*第3行 .*公开文档.*「姓名」'; then ok; else
    bad "--force: a number went onto a public paper (exit $rc)"; grep -E '公示|证书|第[23]行' "$TMP/leakf.log"; fi
# refused COPY FILE EDIT PATTERN WHY: a copy of the template with sed EDIT made to FILE is
# refused when it loads (exit 2) with a line matching PATTERN
refused() {
    local copy=$TMP/$1 file=$2 edit=$3 pattern=$4 why=$5
    cp -r "$T" "$copy"
    sed -i "$edit" "$copy/$file"
    cmp -s "$T/$file" "$copy/$file" && bad "$why: the edit did not apply to $file"
    "$BIN" check "$copy" "$D/leak.csv" > "$copy.log" 2>&1
    local rc=$?
    if [ $rc = 2 ] && has "$copy.log" "$pattern"; then ok; else bad "$why: exit $rc"; cat "$copy.log"; fi
}
# a private column of units.csv in a public document is refused when the template loads
refused unitpriv certificate.yaml 's/{{program.issuer}}/{{program.issuer}}{{unit.手机}}/' \
    'certificate.yaml:[0-9]+.*unit\.手机' "{{unit.手机}} in a public document"
# a 证书 or 公示 is public whether or not its template says so: without public: true (as a new
# author copied it) {{身份证号}} is still refused, and public: false is not taken
refused notpub certificate.yaml '/^  public: true/d; s/{{姓名}} 荣誉证书/{{姓名}}{{身份证号}} 荣誉证书/' \
    'certificate.yaml:[0-9]+.*身份证号' "{{身份证号}} in a 证书 without public: true"
refused falsepub publicity.yaml 's/^  public: true/  public: false/' \
    'publicity.yaml:[0-9]+.*public: false' "public: false on a 公示"
# a public document grouped by a private field prints it as each group's heading: refused too
refused groupaddr publicity.yaml 's/group_by: 申报类别/group_by: 通信地址/' \
    'publicity.yaml:[0-9]+.*group_by.*「通信地址」' "group_by: 通信地址 in the 公示"
refused groupmail publicity.yaml 's/group_by: 申报类别/group_by: 电子邮箱/' \
    'publicity.yaml:[0-9]+.*group_by.*「电子邮箱」' "group_by: 电子邮箱 in the 公示"
refused groupid publicity.yaml 's/group_by: 申报类别/group_by: 身份证号/' \
    'publicity.yaml:[0-9]+.*group_by.*「身份证号」' "group_by: 身份证号 in the 公示"

# the web 公示 keeps a name, 序号 and 性别 on one line beside a long 工作单位, on a desktop and a phone
mkdir -p "$TMP/wide"
cp -r samples/jiaxing-2020/. "$TMP/wide/"
for row in 1 2 3; do
    $PY tests/e2e/set_cells.py "$TMP/wide/candidates.csv" $row \
        "工作单位=$(printf '嘉兴市某某精密机械制造股份有限公司第%.0s' 1 2 3)装配车间"
done
"$BIN" build "$T" "$TMP/wide/candidates.csv" -o "$TMP/wide/out" --stage 公示 -q > "$TMP/wide.log" 2>&1
html=$(ls "$TMP/wide/out/公示/"*.html 2>/dev/null | head -1)
if [ -f "$html" ] && $PY tests/e2e/htmlwrap.py "$html"; then ok; else
    bad "the web 公示 breaks short cells (exit of the build: see below)"; cat "$TMP/wide.log"; fi

# a long transcribed name may go over two lines after its ·, rather than widen the 姓名 column
# (and so lengthen every 工作单位) of the whole 公示 table
$PY tests/e2e/set_cells.py "$TMP/wide/candidates.csv" 1 "姓名=阿卜杜热合曼·买买提明"
"$BIN" build "$T" "$TMP/wide/candidates.csv" -o "$TMP/wide/out2" --stage 公示 -q --dump-layout > "$TMP/wide2.log" 2>&1
dump=$(ls "$TMP/wide/out2/公示/"*.pdf.layout.txt 2>/dev/null | head -1)
[ -f "$dump" ] && grep -q '"阿卜杜热合曼·"$' "$dump" && grep -q '"买买提明"$' "$dump" && ok ||
    { bad "阿卜杜热合曼·买买提明 is kept on one line in the 公示"; grep '买买提明' "$dump"; cat "$TMP/wide2.log"; }

# the last look before writing: a number the template itself brings (here a program text)
cp -r "$T" "$TMP/texttel"
sed -i 's/^  受理电话: .*/  受理电话: 13957312468/' "$TMP/texttel/program.yaml"
"$BIN" build "$TMP/texttel" "$D/noname.csv" -o "$TMP/texttel-out" -j 1 > "$TMP/texttel.log" 2>&1
rc=$?
if [ $rc = 1 ] && has "$TMP/texttel.log" '^\[失败\] 公示（全部）：公开文档的第1页含有手机号码（139\*+2468）' \
    && [ -z "$(ls "$TMP/texttel-out/公示" 2>/dev/null)" ]; then ok; else
    bad "a mobile number in a program text reached the 公示 (exit $rc)"; grep -E '公示' "$TMP/texttel.log"; fi

# --- item 13: check and build agree; one record does not poison the shared documents -------
"$BIN" check "$T" "$D/poison.csv" --json > "$TMP/poison.json" 2> "$TMP/poison-check.err"
build poison "$D/poison.csv"
[ $rc = 1 ] && ok || bad "poison: exit $rc, expected 1"
if $PY - "$TMP/poison.json" "$TMP/poison.log" <<'PYEOF'; then ok; else bad "check and build disagree (above)"; fi
import json, re, sys
fs = json.load(open(sys.argv[1]))['findings']
check_err = {f['row'] for f in fs if f['level'] == 'error' and f['row']}
build_bad, build_ok = set(), set()
for line in open(sys.argv[2], encoding='utf-8'):
    m = re.match(r'\[(成功|失败|未生成)\] (?:\S+ )?第(\d+)行', line)
    if m:
        (build_ok if m.group(1) == '成功' else build_bad).add(int(m.group(2)))
want_bad = {2, 3, 4, 5, 6}
ok = True
if check_err != want_bad:
    print('check errors on rows', sorted(check_err), 'expected', sorted(want_bad)); ok = False
if build_bad != want_bad or build_ok != {7, 8, 9}:
    print('build failed rows', sorted(build_bad), 'made', sorted(build_ok)); ok = False
photo = [f for f in fs if f['row'] == 7 and f['field'] == '照片']
if not photo or photo[0]['level'] != 'warning':
    print('row 7 (photo file missing) should be a warning in check:', photo); ok = False
sys.exit(0 if ok else 1)
PYEOF
if ! grep -q $'\xe2\x80\xae\|\xef\xbb\xbf' "$TMP/poison.json" && grep -q '\\u202e' "$TMP/poison.json"; then ok; else
    bad "check --json carries a raw bidi or zero-width character"; fi
for doc in '公示（全部）' '汇总表（PDF）（嘉善县）' '推荐函（嘉善县）' '装订册（嘉善县）' '荣誉证书（合订本）'; do
    if has "$TMP/poison.log" "^\[成功\] $doc"; then ok; else bad "poison: $doc did not come out"; grep -F "$doc" "$TMP/poison.log"; fi
done
pub=$(ls "$TMP/poison/公示/"*.pdf 2>/dev/null | head -1)
if [ -f "$pub" ] && pdftotext "$pub" - | tr -d ' \n' | grep -q '张建明'; then ok; else bad "poison: 公示 lacks 张建明"; fi
# a program without a photo rule: check opens the photos as build does, same verdict
cp -r "$T" "$TMP/nophoto"
$PY - "$TMP/nophoto/rules.yaml" <<'PYEOF'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
text, n = re.subn(r'\n  - id: 照片\n(    .*\n)+', '\n', text)
assert n == 1
open(sys.argv[1], 'w', encoding='utf-8').write(text)
PYEOF
"$BIN" check "$TMP/nophoto" "$D/poison.csv" --json > "$TMP/nophoto.json" 2>&1
if $PY - "$TMP/nophoto.json" <<'PYEOF'; then ok; else bad "without a photo rule, check does not open the photos"; fi
import json, sys
fs = [f for f in json.load(open(sys.argv[1]))['findings'] if f['field'] == '照片']
got = sorted((f['row'], f['level']) for f in fs)
if got != [(5, 'error'), (7, 'warning')]:
    print('photo findings (row, level):', got, 'expected [(5, error), (7, warning)]')
    sys.exit(1)
PYEOF
# with --force the records are made where they can be, and left out of the shared documents
build force "$D/poison.csv" --force
if has "$TMP/force.log" '^\[成功\] 公示（全部）' && has "$TMP/force.log" '^\[成功\] 汇总表（PDF）（嘉善县）' \
    && has "$TMP/force.log" '^\[失败\] .* 第2行 .*U\+17000' && has "$TMP/force.log" '第5行 司马文杰 .*不列入'; then ok; else
    bad "--force: a bad record still poisons the shared documents"; grep -vE '^字体' "$TMP/force.log" | head -30; fi
if $PY - "$TMP/force/汇总表/嘉善县_汇总表.xlsx" <<'PYEOF'; then ok; else bad "--force: the 汇总表 XLSX lists a record left out of its PDF"; fi
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
text = ''.join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
sys.exit(1 if ('\u202e' in text or '\U00017000' in text or '\ufeff' in text) else 0)
PYEOF

# --- item 21: engine messages give other programs no 嘉兴 example -------------------------
cp -r templates/ganzhou "$TMP/gz"
printf '%s\n' '  - id: 单位所在地' '    kind: place' '    level: warning' '    field: 工作单位' >> "$TMP/gz/rules.yaml"
"$BIN" check "$TMP/gz" samples/ganzhou/candidates.csv > "$TMP/gz.log" 2>&1
if has "$TMP/gz.log" '县（区）' && ! has "$TMP/gz.log" '嘉兴'; then ok; else
    bad "ganzhou check names 嘉兴 (or no place finding)"; grep -E '县（区）|嘉兴' "$TMP/gz.log" | head -3; fi
"$BIN" init "$TMP/gz" -o "$TMP/gz.xlsx" > /dev/null 2>&1
if $PY - "$TMP/gz.xlsx" <<'PYEOF'; then ok; else bad "ganzhou 采集表 notes name 嘉兴"; fi
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = ''.join(z.read(n).decode('utf-8', 'replace') for n in z.namelist() if n.endswith('.xml'))
sys.exit(0 if '县（区）' in text and '嘉兴' not in text else 1)
PYEOF

echo "public: $pass passed, $fail failed"
[ "$fail" = 0 ]
