#!/bin/bash
# End-to-end, what notices ask (issue 13, part B): docs/rules.md's cookbook
# "quotas by unit type, preferences", pasted as written into a copy of
# jiaxing-2020: places per 单位类型 from units.csv (check and build give the
# same verdict), and a prefer rule whose mark a 汇总表 column prints; then
# `wenshu init` for a program whose records are studios, not people, and
# list_key: the field a list sheet's rows name their record by.
#   tests/e2e/notices.sh ./wenshu
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/q"
cp -r templates/_shared "$TMP/q/"
cp -r templates/jiaxing-2020 "$TMP/q/jx"
cp -r samples/jiaxing-2020 "$TMP/q/data"
$PY - docs/rules.md "$TMP/q/jx" "$TMP/q/data" <<'PY'
import csv, re, sys
doc, jx, data = sys.argv[1:]
text = open(doc, encoding='utf-8').read()
cook = text[text.index('## Cookbook: quotas by unit type, preferences'):]
units_csv, quota, prefer, cells = re.findall(r'```(?:yaml|csv)\n(.*?)```', cook, re.S)[:4]
with open(f'{jx}/rules.yaml', 'a', encoding='utf-8') as f:
    f.write('\n' + quota + prefer)
# the 汇总表 (全市) column: the cookbook's two cells in place of 职务
head, cell = [l for l in cells.splitlines() if l.strip()]
s = open(f'{jx}/summary-all.yaml', encoding='utf-8').read()
s = s.replace('                - {label: 职务}\n', head + '\n', 1)
s = s.replace('                - "{{职务}}"\n', cell + '\n', 1)
open(f'{jx}/summary-all.yaml', 'w', encoding='utf-8').write(s)
# units.csv: the 单位类型 column as the cookbook shows it (秀洲区 left empty)
kinds = {'经开区': '驻市单位', '港区': '驻市单位', '秀洲区': ''}
assert units_csv.startswith('推荐单位,单位类型,')
rows = list(csv.reader(open(f'{data}/units.csv', encoding='utf-8')))
rows = [[r[0], '单位类型' if i == 0 else kinds.get(r[0], '县市区')] + r[1:] for i, r in enumerate(rows)]
csv.writer(open(f'{data}/units.csv', 'w', encoding='utf-8', newline='')).writerows(rows)
# three more 首席工匠 recommended by 港区 (rows 4, 6, 8): 港区 has four, no 巧匠
recs = list(csv.DictReader(open(f'{data}/candidates.csv', encoding='utf-8')))
for i in (2, 4, 6):
    recs[i]['推荐单位'] = '港区'
w = csv.DictWriter(open(f'{data}/records.csv', 'w', encoding='utf-8', newline=''), fieldnames=list(recs[0]))
w.writeheader()
w.writerows(recs)
PY
REC="$TMP/q/data/records.csv"
"$BIN" check "$TMP/q/jx" "$REC" > "$TMP/q/check" 2>&1
rc=$?
[ $rc = 1 ] && ok || { bad "check with the cookbook's rules exits 1, got $rc"; head -5 "$TMP/q/check"; }
grep -q "第8行.*嘉兴首席工匠：驻市单位 港区 推荐3人，上限2人" "$TMP/q/check" && ok ||
    { bad "check: the 3rd 首席工匠 of a 驻市单位 goes over 2"; grep 单位类型名额 "$TMP/q/check" | head -5; }
grep -q "第15行.*推荐4人，上限2人" "$TMP/q/check" && ok || bad "check: so does the 4th"
grep -q "嘉兴巧匠：驻市单位 港区 推荐0人，下限1人" "$TMP/q/check" && ok || bad "check: a range's minimum"
grep -q "嘉兴首席工匠：驻市单位 经开区 推荐0人，下限1人" "$TMP/q/check" && ok || bad "check: 经开区 sent no 首席工匠"
grep -q "第13行.*「秀洲区」在单位信息表.*第8行没有填写「单位类型」" "$TMP/q/check" && ok ||
    { bad "check: a unit without 单位类型 is a finding"; grep 秀洲区 "$TMP/q/check" | head -3; }
! grep -q "第[23]行.*单位类型名额\|第6行.*单位类型名额" "$TMP/q/check" && ok || bad "check: records within the limits pass"
grep -q "第2行.*是否愿意参评巧匠.*同等条件下优先（值：是）——同等条件下，优先推荐愿意参评巧匠的人选" "$TMP/q/check" && ok ||
    { bad "check lists who is preferred"; grep 优先 "$TMP/q/check" | head -3; }
! grep -q "第4行.*同等条件下优先" "$TMP/q/check" && ok || bad "check: 否 is not preferred"

"$BIN" build "$TMP/q/jx" "$REC" -o "$TMP/q/out" --stage 申报 > "$TMP/q/build" 2>&1
rc=$?
[ $rc = 1 ] && ok || { bad "build exits 1, got $rc"; tail -3 "$TMP/q/build"; }
grep -q "未生成.*第8行 张建明" "$TMP/q/build" && grep -q "未生成.*第15行 蔡振华" "$TMP/q/build" &&
    grep -q "第13行 马骏.*没有填写「单位类型」" "$TMP/q/build" && ok ||
    { bad "build leaves out what check calls errors, saying why"; grep "未生成" "$TMP/q/build" | head -5; }
grep -q "^\[错误\] 嘉兴巧匠：驻市单位 港区 推荐0人，下限1人" "$TMP/q/build" && ok ||
    { bad "build says the shortfall as check does"; grep 下限 "$TMP/q/build" | head -3; }
[ -s "$TMP/q/out/forms/4_平湖市_王䶮.pdf" ] || ls "$TMP/q/out/forms/" | grep -q 王䶮 && ok || bad "records within the limits are built"
$PY - "$TMP/q/out/汇总表/全市_汇总表.xlsx" > "$TMP/q/marks" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    h = next(i for i, r in enumerate(rows) if r and '姓名' in r)
    name, mark = rows[h].index('姓名'), rows[h].index('同等条件优先')
    for r in rows[h + 1:]:
        if r[name]: print(r[name], r[mark] or '-')
PY
grep -q "^欧阳堃 优先$" "$TMP/q/marks" && grep -q "^朱国华 优先$" "$TMP/q/marks" && grep -q "^王䶮 -$" "$TMP/q/marks" &&
    grep -q "^顾喆 -$" "$TMP/q/marks" && ok || { bad "the 汇总表 column prints {{rule.优先推荐}}"; head -5 "$TMP/q/marks"; }

# a {{rule.ID}} that is no prefer rule is a load error
sed -i 's/{{rule.优先推荐}}/{{rule.优先}}/' "$TMP/q/jx/summary-all.yaml"
"$BIN" check "$TMP/q/jx" "$REC" > "$TMP/q/bad" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "summary-all.yaml.*{{rule.优先}}.*prefer" "$TMP/q/bad" && ok ||
    { bad "{{rule.X}} without a prefer rule X is refused (exit $rc)"; head -3 "$TMP/q/bad"; }

workbook_words() { # xlsx: every cell and header comment, "SHEET A1 text" / "SHEET A1 comment text"
    $PY - "$1" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value: print(ws.title, c.coordinate, str(c.value).replace('\n', ' '))
            if c.comment: print(ws.title, c.coordinate, 'comment', c.comment.text.replace('\n', ' '))
PY
}
# --- wenshu init speaks of the program's records, not of people ----------------------------------
S="$TMP/studio"
mkdir -p "$S"
cat > "$S/program.yaml" <<'YAML'
program: {id: studio, name: 技能大师工作室, issuer: 某市人力资源和社会保障局, year: 2024}
fields:
  - {name: 工作室名称, required: true}
  - 领办人
  - 推荐单位
  - {name: 成员, kind: list, columns: [姓名, 性别, 职务]}
unit_field: 推荐单位
identity: 工作室名称
rules: rules.yaml
documents: [form.yaml]
YAML
cat > "$S/rules.yaml" <<'YAML'
rules:
  - {id: 一室一次, kind: unique, field: 工作室名称}
YAML
cat > "$S/form.yaml" <<'YAML'
document: {name: 申报表, output: "{{工作室名称}}.pdf"}
page: {size: A4}
styles:
  正文: {font: 仿宋, size: 12}
content:
  - paragraph: "{{工作室名称}} {{领办人}} {{推荐单位}}"
    style: 正文
  - table:
      columns: [40, 40, 40]
      style: 正文
      rows:
        - repeat: 成员
          cells: ["{{item.姓名}}", "{{item.性别}}", "{{item.职务}}"]
YAML
"$BIN" init "$S" -o "$S/采集表.xlsx" > "$S/init.log" 2>&1 && ok || { bad "init of a studio program"; cat "$S/init.log"; }
workbook_words "$S/采集表.xlsx" > "$S/words" 2>&1
! grep -q "本人\|同一人\|对应到人\|每位候选人" "$S/words" && ok ||
    { bad "init speaks of people in a studio program"; grep "本人\|同一人\|对应到人\|每位候选人" "$S/words"; }
grep -q "^成员 A1 工作室名称$" "$S/words" && grep -q "^成员 A1 comment .*填写与「候选人」表中相同的「工作室名称」" "$S/words" && ok ||
    { bad "the 成员 sheet is keyed by 工作室名称"; grep "^成员 A1" "$S/words"; }
grep -q "同一工作室名称只能申报一次" "$S/words" && grep -q "每个工作室在「候选人」表中填一行" "$S/words" &&
    grep -q "成员等多段内容.*用「工作室名称」对应到工作室" "$S/words" && ok ||
    { bad "the 填表说明 follows identity: 工作室名称"; grep "填表说明 A[23] \|一次" "$S/words"; }
# the filled workbook reads back: members joined to their studio by name
$PY - "$S/采集表.xlsx" "$S/filled.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
main, members = wb.worksheets[0], wb['成员']
heads = [c.value for c in main[1]]
for r, (name, lead) in enumerate([('曹华技能大师工作室', '曹华'), ('李明工作室', '李明')], start=2):
    main.cell(r, heads.index('工作室名称') + 1, name)
    main.cell(r, heads.index('领办人') + 1, lead)
    main.cell(r, heads.index('推荐单位') + 1, '某区')
mh = [c.value for c in members[1]]
for r, (studio, who) in enumerate([('曹华技能大师工作室', '张三'), ('曹华技能大师工作室', '李四'), ('李明工作室', '王五')], start=2):
    members.cell(r, mh.index('工作室名称') + 1, studio)
    members.cell(r, mh.index('姓名') + 1, who)
wb.save(sys.argv[2])
PY
"$BIN" build "$S" "$S/filled.xlsx" -o "$S/out" -q > "$S/build.log" 2>&1
t=$(pdftotext "$S/out/曹华技能大师工作室.pdf" - 2>/dev/null | tr -d ' \n')
[[ $t == *张三*李四* && $t != *王五* ]] && ok || { bad "members join their studio by 工作室名称"; cat "$S/build.log"; }

# --- identity as a template of fields (issue 13): a studio named with its leader in
# every line of build and check; a personal-data field in it is a load error
I=$TMP/ident
mkdir -p "$I"
cp -r templates/_shared templates/studio-2026 "$I/"
sed -i 's/^identity: 工作室名称$/identity: "{{工作室名称}}（{{领办人}}）"/' "$I/studio-2026/program.yaml"
"$BIN" build "$I/studio-2026" samples/studio-2026/candidates.csv -o "$I/out" > "$I/build.log" 2>&1
rc=$?
if [ $rc = 0 ] && grep -qE '^\[成功\] 第2行 [^ ]+工作室（[^ ）]+） → ' "$I/build.log" &&
    grep -qE '^\[成功\] [^（]+（[^ ]+工作室（[^ ）]+））→ ' "$I/build.log"; then ok
else bad "identity template in build lines (exit $rc)"; head -5 "$I/build.log"; fi
"$BIN" check "$I/studio-2026" samples/studio-2026/candidates-errors.csv > "$I/check.log" 2>&1
grep -qE '第3行 +[^ ]+工作室（[^ ）]+） +错误' "$I/check.log" && ok ||
    { bad "identity template in check's table"; head -5 "$I/check.log"; }
sed -i 's/^identity: .*/identity: "{{工作室名称}}（{{领办人身份证号}}）"/' "$I/studio-2026/program.yaml"
"$BIN" check "$I/studio-2026" samples/studio-2026/candidates.csv > "$I/private.log" 2>&1
[ $? = 2 ] && grep -q "identity：「领办人身份证号」是个人信息字段" "$I/private.log" && ok ||
    { bad "a personal-data field in the identity template is refused"; head -3 "$I/private.log"; }

# a program without list fields (taian-2026) has no sheet of entries: its 填表说明 does not send
# the clerk to one
"$BIN" init templates/taian-2026 -o "$TMP/taian-init.xlsx" > /dev/null 2>&1
workbook_words "$TMP/taian-init.xlsx" > "$TMP/taian-words" 2>&1
! grep -q "同名工作表" "$TMP/taian-words" && grep -q "^填表说明 A3 2. 每项内容填在「候选人」表的一格里" "$TMP/taian-words" &&
    ok || { bad "taian-2026's 填表说明 speaks of list sheets it does not have"; grep "^填表说明 A3" "$TMP/taian-words"; }

# --- list_key: which field ties a list sheet to its record (issue 13, item 6): studio-2026's
# 成员 sheet is keyed by the studio (工作室名称), not by the leader's ID every member row would
# have to repeat; a member row whose studio is not on the main sheet is refused with sheet, row
# and field; the template may choose another key, and a key that cannot be one is a load error
K=$TMP/listkey
mkdir -p "$K"
cp -r templates/_shared templates/studio-2026 "$K/"
cp -r samples/studio-2026 "$K/data" # the filled workbook beside the attachments it names
"$BIN" init "$K/studio-2026" -o "$K/采集表.xlsx" > "$K/init.log" 2>&1 && ok || { bad "init studio-2026"; cat "$K/init.log"; }
workbook_words "$K/采集表.xlsx" > "$K/words" 2>&1
grep -q "^成员 A1 工作室名称$" "$K/words" && ! grep -q "^成员 [A-Z]1 领办人身份证号$" "$K/words" &&
    grep -q "^成员 A1 comment 必填 每段一行：填写与「候选人」表中相同的「工作室名称」，以便对应到那个工作室" "$K/words" &&
    grep -q "^填表说明 A3 2. 成员等多段内容填在同名工作表中，每段一行，用「工作室名称」对应到工作室。" "$K/words" && ok ||
    { bad "studio-2026's 成员 sheet, its comment and the 填表说明 say 工作室名称"; grep "^成员 A1\|^填表说明 A3" "$K/words"; }
$PY tests/e2e/fill_collect.py fill "$K/采集表.xlsx" samples/studio-2026/candidates.csv "$K/data/filled.xlsx" > "$K/fill.log" 2>&1 ||
    { bad "fill studio-2026's workbook"; cat "$K/fill.log"; }
"$BIN" build "$K/studio-2026" "$K/data/filled.xlsx" -o "$K/out" -q > "$K/build.log" 2>&1
rc=$?
t=$(pdftotext "$K/out/申报表/"*王建国*.pdf - 2>/dev/null | tr -d ' \n')
[ $rc = 0 ] && [[ $t == *韩浩然*副领办人* ]] && ok || { bad "members join their studio by 工作室名称 (exit $rc)"; head -5 "$K/build.log"; ls "$K/out" "$K/out/forms" 2>&1 | head; }
$PY - "$K/data/filled.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
m = wb['成员']
r = m.max_row + 1
m.cell(r, 1, '潍坊市不存在的技能大师工作室')
m.cell(r, 2, '赵六')
wb.save(sys.argv[1])
print(r, file=open(sys.argv[1] + '.row', 'w'))
PY
row=$(cat "$K/data/filled.xlsx.row")
"$BIN" check "$K/studio-2026" "$K/data/filled.xlsx" > "$K/check.log" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "成员.*第${row}行.*「工作室名称」潍坊市不存在的技能大师工作室 在主表中找不到，此行未并入任何工作室" "$K/check.log" && ok ||
    { bad "a member row whose studio is not there is refused, naming sheet, row $row and field (exit $rc)"; grep -n "不存在\|成员" "$K/check.log" | head -5; }
"$BIN" build "$K/studio-2026" "$K/data/filled.xlsx" -o "$K/out2" -q > "$K/build2.log" 2>&1
[ $? = 1 ] && grep -q "第${row}行.*潍坊市不存在的技能大师工作室" "$K/build2.log" && ok ||
    { bad "build refuses the orphan member row as check does"; tail -3 "$K/build2.log"; }
# the template chooses another key: 领办人; and keys that cannot be one
sed -i 's/^list_key: .*$//; s/^identity: 工作室名称$/identity: 工作室名称\nlist_key: 领办人/' "$K/studio-2026/program.yaml"
"$BIN" init "$K/studio-2026" -o "$K/by-leader.xlsx" > "$K/init2.log" 2>&1
$PY -c "import sys,openpyxl; print(openpyxl.load_workbook(sys.argv[1])['成员']['A1'].value)" "$K/by-leader.xlsx" > "$K/a1" 2>&1
[ "$(cat "$K/a1")" = 领办人 ] && ok || { bad "list_key: 领办人 keys the 成员 sheet"; cat "$K/init2.log" "$K/a1"; }
for key in 成员:是列表字段 领办人学历:没有字段 申报材料:是附件字段; do
    sed -i "s/^list_key: .*/list_key: ${key%%:*}/" "$K/studio-2026/program.yaml"
    "$BIN" check "$K/studio-2026" samples/studio-2026/candidates.csv > "$K/bad.log" 2>&1
    [ $? = 2 ] && grep -q "program.yaml:[0-9]*.*list_key：.*${key#*:}" "$K/bad.log" && ok ||
        { bad "list_key: ${key%%:*} is a load error saying ${key#*:}"; head -3 "$K/bad.log"; }
done

# --- init: a field's own hint: replaces the built-in description of its idcard (or email) rule
# (the 18位… text was printed below the template's hint); other rules' notes stay, and so does
# a phone rule's (it says which numbers it allows)
H=$TMP/hint
mkdir -p "$H"
cp -r templates/_shared templates/studio-2026 "$H/"
"$BIN" init "$H/studio-2026" -o "$H/plain.xlsx" > "$H/init.log" 2>&1 || { bad "init studio-2026"; cat "$H/init.log"; }
sed -i 's/^    aliases: \[身份证号\]$/&\n    hint: 填领办人本人的居民身份证号码，18位/' "$H/studio-2026/program.yaml"
sed -i 's/^  - name: 领办人手机$/&\n    hint: 领办人本人的手机，单位电话不填/' "$H/studio-2026/program.yaml"
"$BIN" init "$H/studio-2026" -o "$H/hint.xlsx" > "$H/init.log" 2>&1 || { bad "init studio-2026 with hints"; cat "$H/init.log"; }
$PY - "$H/plain.xlsx" "$H/hint.xlsx" > "$H/out" 2>&1 <<'PY' && ok || { bad "init: a field's hint and the built-in idcard/phone text"; cat "$H/out"; }
import sys, openpyxl
def texts(path):  # header comment and 填表说明 text of each field
    wb = openpyxl.load_workbook(path)
    main, help_ = wb.worksheets[0], wb["填表说明"]
    out = {c.value: c.comment.text for c in main[1] if c.comment}
    for row in help_.iter_rows():
        if row[0].value in out and len(row) > 2 and row[2].value:
            out[row[0].value] = (out[row[0].value], row[2].value)
    return out
plain, hint = texts(sys.argv[1]), texts(sys.argv[2])
builtin_id, builtin_phone = "18位，最后一位可为X；须与出生年月、性别一致", "11位手机号码"
ok = True
for field, mine, builtin in (("领办人身份证号", "填领办人本人的居民身份证号码，18位", builtin_id),
                             ("领办人手机", "领办人本人的手机，单位电话不填", builtin_phone)):
    for where, text in zip(("comment", "填表说明"), hint[field]):
        if text.count(mine) != 1 or (builtin in text) != (builtin == builtin_phone):
            print(f"  {field} {where} with hint: {text!r}"); ok = False
    for where, text in zip(("comment", "填表说明"), plain[field]):
        if builtin not in text:
            print(f"  {field} {where} without hint lost the built-in text: {text!r}"); ok = False
if "年龄不超过60周岁（按2026年6月30日计算）" not in hint["领办人身份证号"][0]:
    print("  the age rule's note went with the idcard text:", hint["领办人身份证号"][0]); ok = False
sys.exit(0 if ok else 1)
PY

echo "e2e notices: $pass passed, $fail failed"
[ $fail = 0 ]
