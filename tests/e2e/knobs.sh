#!/bin/bash
# End-to-end: per-record packets, page limits and layout knobs (issue 13, part A),
# on copies of jiaxing-2020 changed as docs/templates.md shows:
# a packet per record (the cookbook's), max_pages in build and check, keep_with_previous
# on a letter's 落款 and on a four-row 附件说明 (no row alone), empty_groups (a unit
# workbook's "0 人" sheets).
#   tests/e2e/knobs.sh ./wenshu
. "$(dirname "$0")/lib.sh"
CSV=samples/jiaxing-2020/candidates.csv
[ -n "${KNOBS_KEEP:-}" ] && trap - EXIT && echo "scratch: $TMP" # to look at the outputs
mk() { # name: a fresh copy of jiaxing-2020 at $TMP/name/jx, templates/_shared beside it
    mkdir -p "$TMP/$1"
    cp -r templates/_shared "$TMP/$1/"
    cp -r templates/jiaxing-2020 "$TMP/$1/jx"
}
only_documents() { # name file...: program.yaml of copy 'name' lists only these documents
    local name=$1
    shift
    $PY - "$TMP/$name/jx/program.yaml" "$@" <<'PY'
import re, sys
path, keep = sys.argv[1], sys.argv[2:]
out, skipping = [], False
for line in open(path, encoding="utf-8"):
    if line.startswith("documents:"):
        out.append(line)
        out.extend(f"  - {d}\n" for d in keep)
        skipping = True
        continue
    if skipping and re.match(r"\s+- ", line):
        continue
    skipping = False
    out.append(line)
open(path, "w", encoding="utf-8").write("".join(out))
PY
}

# --- keep_with_previous: a letter's 落款 never stands alone on a page -------------------------
# 22 units, each with one record and a letter whose last paragraph is k full lines longer
# (k = 0…21: one page's worth), so in one of them the 落款 falls just past the page's foot.
mk keep
only_documents keep letter.yaml
$PY - "$CSV" samples/jiaxing-2020/units.csv "$TMP/keep" <<'PY'
import csv, sys
src, units, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.reader(open(src, encoding="utf-8-sig", newline="")))
head, rec = rows[0], rows[1]
urows = list(csv.reader(open(units, encoding="utf-8-sig", newline="")))
uhead, urec = urows[0] + ["说明"], urows[1]
recs, us = [head], [uhead]
for k in range(22):
    unit = f"测试单位{k:02d}"
    r = list(rec)
    r[head.index("推荐单位")] = unit
    r[head.index("序号")] = str(k + 1)
    recs.append(r)
    u = list(urec) + ["测" * (28 * k)]
    u[uhead.index("推荐单位")] = unit
    u[uhead.index("落款单位")] = f"测试单位{k:02d}人力资源和社会保障局"
    us.append(u)
csv.writer(open(f"{out}/records.csv", "w", encoding="utf-8", newline="")).writerows(recs)
csv.writer(open(f"{out}/units.csv", "w", encoding="utf-8", newline="")).writerows(us)
PY
sed -i '/keep_with_previous/d' "$TMP/keep/jx/letter.yaml" # as the letter was before
sed -i 's/^  - paragraph: "以上同志的申报材料/  - paragraph: "{{unit.说明}}以上同志的申报材料/' "$TMP/keep/jx/letter.yaml"
signature_alone() { # out folder: the units whose 落款 is on a page without 正文
    $PY - "$1" <<'PY'
import glob, re, sys
for path in sorted(glob.glob(f"{sys.argv[1]}/推荐函/*.layout.txt")):
    pages, alone = [], []
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            pages.append([])
        m = re.search(r' "(.*)"$', line)
        if m and pages:
            pages[-1].append(m[1])
    for texts in pages:
        if any(t.endswith("人力资源和社会保障局") for t in texts) and \
                not any("测测" in t or "函告" in t for t in texts):
            alone.append(path.split("/")[-1][:6])
    print(" ".join(alone), end=" ")
PY
}
"$BIN" build "$TMP/keep/jx" "$TMP/keep/records.csv" -o "$TMP/keep/plain" --no-check -q -j 2 \
    --dump-layout > "$TMP/keep/log" 2>&1
alone=$(signature_alone "$TMP/keep/plain")
[ -n "${alone// /}" ] && ok || bad "without keep_with_previous some 落款 should stand alone (the test no longer pushes one)"
$PY - "$TMP/keep/jx/letter.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("      style: 附件说明\n", "      style: 附件说明\n      keep_with_previous: true\n", 1)
s = s.replace("    style: 落款\n", "    style: 落款\n    keep_with_previous: true\n", 1)
open(p, "w", encoding="utf-8").write(s)
PY
"$BIN" build "$TMP/keep/jx" "$TMP/keep/records.csv" -o "$TMP/keep/kept" --no-check -q -j 2 \
    --dump-layout > "$TMP/keep/log2" 2>&1
rc=$?
[ $rc = 0 ] && ok || { bad "keep_with_previous build: exit $rc"; head -3 "$TMP/keep/log2"; }
alone=$(signature_alone "$TMP/keep/kept")
[ -z "${alone// /}" ] && ok || bad "keep_with_previous: 落款 without 正文 on a page in: $alone"
# after a listing: the 公示's 落款 takes the last list (its heading, header and rows) along
"$BIN" build templates/jiaxing-2020 tests/golden/jiaxing-form/records.csv -o "$TMP/keep/gs" --force \
    -q --stage 公示 --dump-layout > "$TMP/keep/gslog" 2>&1
$PY - "$TMP/keep/gs"/公示/*.layout.txt <<'PY' && ok || bad "the 公示's 落款 stands alone on its page"
import re, sys
pages = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("page "):
        pages.append([])
    m = re.search(r' "(.*)"$', line)
    if m and pages and not re.fullmatch(r"—\s*\d+\s*—", m[1]):
        pages[-1].append(m[1])
last = next(p for p in pages if "嘉兴市人力资源和社会保障局" in p)
sys.exit(0 if "王䶮𠀾" in last and "序号" in last else 1)
PY
n=$(ls "$TMP/keep/kept/推荐函/"*.pdf 2> /dev/null | wc -l)
[ "$n" = 22 ] && ok || bad "keep_with_previous: 22 letters expected, got $n"
# a kept table moves as a whole (issue 13, 9b): the letters above with a 附件说明 of four rows
# inside a `min_groups: 1` block (as a 附件说明 shown only for some letters would be), whose own
# list has nothing before the table; in some of them it falls across the page's foot
mk rows
only_documents rows letter.yaml
cp "$TMP/keep/jx/letter.yaml" "$TMP/rows/jx/letter.yaml"
$PY - "$TMP/rows/jx/letter.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
row2 = '        - cells: [{text: "", border: none}, {text: "", border: none}, {text: "2.候选人情况汇总表", border: none}]\n'
assert row2 in s and "keep_with_previous: true" in s
more = "".join(row2.replace("2.候选人情况汇总表", t) for t in ("3.推荐名额使用情况", "4.联系人名单"))
s = s.replace(row2, row2 + more, 1)
i, j = s.index("  - table:\n      columns: [11, 16, 129]"), s.index("  - spacer: 6")
table = "".join("    " + line for line in s[i:j].splitlines(keepends=True))
open(p, "w", encoding="utf-8").write(s[:i] + "  - min_groups: 1\n    blocks:\n" + table + s[j:])
PY
split_rows() { # out folder: each letter whose 附件说明 leaves a row alone, then "crossing N letters N"
    $PY - "$1" <<'PY'
import glob, re, sys
rows = ("1.申报表", "2.候选人情况汇总表", "3.推荐名额使用情况", "4.联系人名单")
crossing, letters = 0, 0
for path in sorted(glob.glob(f"{sys.argv[1]}/推荐函/*.layout.txt")):
    letters += 1
    page, where = 0, {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            page += 1
        m = re.search(r' "(.*)"$', line)
        if m and any(m[1].startswith(r) for r in rows):
            where[m[1][:2]] = page
    per_page = sorted([list(where.values()).count(p) for p in set(where.values())])
    if len(where) != 4:
        print(path.split("/")[-1][:6], "rows found:", sorted(where))
    elif len(per_page) > 1:
        crossing += 1
        if per_page[0] < 2:
            print(path.split("/")[-1][:6], "rows per page:", [where[r[:2]] for r in rows])
print("crossing", crossing, "letters", letters)
PY
}
cp -r "$TMP/rows/jx" "$TMP/rows/plain"
sed -i '/^          keep_with_previous: true$/d' "$TMP/rows/plain/letter.yaml"
"$BIN" build "$TMP/rows/plain" "$TMP/keep/records.csv" -o "$TMP/rows/out0" --no-check -q -j 2 \
    --dump-layout > "$TMP/rows/log0" 2>&1
split_rows "$TMP/rows/out0" > "$TMP/rows/split0"
grep -q "rows per page" "$TMP/rows/split0" && ok ||
    bad "without keep_with_previous some 附件说明 should leave a row alone (the test no longer pushes one)"
"$BIN" build "$TMP/rows/jx" "$TMP/keep/records.csv" -o "$TMP/rows/out" --no-check -q -j 2 \
    --dump-layout > "$TMP/rows/log" 2>&1
rc=$?
[ $rc = 0 ] && ok || { bad "four-row 附件说明 build: exit $rc"; head -3 "$TMP/rows/log"; }
split_rows "$TMP/rows/out" > "$TMP/rows/split"
grep -q "letters 22$" "$TMP/rows/split" && ok || bad "22 letters with a 附件说明 expected: $(tail -1 "$TMP/rows/split")"
! grep -q "rows" "$TMP/rows/split" && ok ||
    { bad "a kept 附件说明 leaves a row alone on a page"; grep rows "$TMP/rows/split" | head -5; }
# … and at the start of a groups: block, where the flow finds no content before it in its own
# list to take along, the table splits leaving two rows or more on each side, or moves whole
cp -r "$TMP/rows/jx" "$TMP/rows/groups"
sed -i -z 's/  - min_groups: 1\n    blocks:\n/  - groups:\n/' "$TMP/rows/groups/letter.yaml"
grep -q "^  - groups:$" "$TMP/rows/groups/letter.yaml" || bad "the 附件说明 is not in a groups: block"
"$BIN" build "$TMP/rows/groups" "$TMP/keep/records.csv" -o "$TMP/rows/out2" --no-check -q -j 2 \
    --dump-layout > "$TMP/rows/log2" 2>&1 || { bad "groups: 附件说明 build failed"; head -3 "$TMP/rows/log2"; }
split_rows "$TMP/rows/out2" > "$TMP/rows/split2"
grep -q "letters 22$" "$TMP/rows/split2" && ! grep -q "rows" "$TMP/rows/split2" && ok ||
    { bad "a kept 附件说明 in a groups: block leaves a row alone on a page"; cat "$TMP/rows/split2" | head -5; }

# --- empty_groups: a unit's 汇总表 has a sheet for every category, "0 人" ones too ------------
mk zero
only_documents zero summary.yaml
sed -i 's/^  group_by: 申报类别$/  group_by: 申报类别\n  empty_groups: true/' "$TMP/zero/jx/summary.yaml"
sed -i 's/^        style: 填报行$/        style: 填报行\n      - paragraph: "本层次推荐{{var.group_count}}人"\n        style: 填报行/' \
    "$TMP/zero/jx/summary.yaml"
"$BIN" build "$TMP/zero/jx" "$CSV" -o "$TMP/zero/out" -q -j 2 > "$TMP/zero/log" 2>&1
rc=$?
[ $rc = 0 ] && ok || { bad "empty_groups build: exit $rc"; head -3 "$TMP/zero/log"; }
$PY - "$TMP/zero/out/汇总表" "$CSV" <<'PY' && ok || bad "empty_groups: sheets of a unit's 汇总表"
import csv, glob, os, sys
import openpyxl
folder, records = sys.argv[1], sys.argv[2]
recs = list(csv.DictReader(open(records, encoding="utf-8-sig")))
ok = True
books = sorted(glob.glob(f"{folder}/*.xlsx"))
if len(books) != 9:
    print(f"  9 units' workbooks expected, got {len(books)}"); ok = False
for path in books:
    unit = os.path.basename(path).split("_")[0]
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != ["嘉兴首席工匠", "嘉兴巧匠"]:
        print(f"  {unit}: sheets {wb.sheetnames}"); ok = False
        continue
    for ws in wb.worksheets:
        mine = [r for r in recs if r["推荐单位"] == unit and r["申报类别"] == ws.title]
        text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
        if f"本层次推荐{len(mine)}人" not in text or "序号" not in text or f"：{unit}" not in text:
            print(f"  {unit} {ws.title}: count line, header or unit missing"); ok = False
        others = [r for r in recs if r["推荐单位"] == unit and r["申报类别"] != ws.title]
        if any(r["身份证号"] in text or r["姓名"] in text for r in others):
            print(f"  {unit} {ws.title}: shows a record of the other category"); ok = False
        box = text[text.find("填报单位"):]
        if box.find(ws.title) < 0 or "☑" + ws.title not in box.replace(" ", ""):
            print(f"  {unit} {ws.title}: the category box is not the sheet's: {box[:60]!r}"); ok = False
sys.exit(0 if ok else 1)
PY

# --- scope: record packets: one 装订册 per applicant, its cover, 目录 and page numbers -----------
mk rec
only_documents rec form.yaml person-packet.yaml person-cover.yaml
# the packet as docs/templates.md's cookbook writes it, first without its page limit
$PY - docs/templates.md "$TMP/rec/person-packet.yaml" <<'PY'
import sys
doc = open(sys.argv[1], encoding="utf-8").read()
at = doc.index("**A packet per applicant")
start = doc.index("```yaml\n", at) + len("```yaml\n")
open(sys.argv[2], "w", encoding="utf-8").write(doc[start:doc.index("```", start)])
PY
grep -v '^  max_pages:\|^  words:' "$TMP/rec/person-packet.yaml" > "$TMP/rec/jx/person-packet.yaml"
sed -e 's/^  name: 装订册封面/  name: 个人封面/' -e 's/^  scope: unit/  scope: record/' \
    -e 's|^  output: .*|  output: "个人装订册/{{姓名}}_封面.pdf"|' \
    -e 's/推荐人数：{{var.count}} 名/申报人：{{姓名}}/' \
    templates/jiaxing-2020/packet-cover.yaml > "$TMP/rec/jx/person-cover.yaml"
"$BIN" build "$TMP/rec/jx" "$CSV" -o "$TMP/rec/out" -j 2 > "$TMP/rec/log" 2>&1
rc=$?
[ $rc = 0 ] && ok || { bad "record packets: build exit $rc"; grep -v '^字体' "$TMP/rec/log" | head -5; }
n=$(ls "$TMP/rec/out/个人装订册/" 2> /dev/null | grep -c '\.pdf$')
[ "$n" = 14 ] && ok || bad "record packets: 14 packets expected, got $n: $(ls "$TMP/rec/out/个人装订册/" | head -3)"
grep -q "^\[成功\] 个人装订册（欧阳堃）→ .*个人装订册/001_欧阳堃.pdf" "$TMP/rec/log" && ok ||
    { bad "record packets: the line names the record"; grep 个人装订册 "$TMP/rec/log" | head -2; }
$PY - "$TMP/rec/out" <<'PY' && ok || bad "record packets: contents, 目录 and page numbers"
import subprocess, sys
out = sys.argv[1]
def text(pdf, first, last):
    return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), pdf, "-"],
                          capture_output=True, text=True).stdout
def pages(pdf):
    return int(subprocess.run(["qpdf", "--show-npages", pdf], capture_output=True, text=True).stdout)
pk = f"{out}/个人装订册/001_欧阳堃.pdf"
form = pages(f"{out}/forms/1_嘉善县_欧阳堃.pdf")
n, ok = pages(pk), True
if n != 2 + form + 2:  # cover + 目录, the 申报表, a PDF and a JPEG attachment
    print(f"  {pk}: {n} pages, expected {2 + form + 2}"); ok = False
toc = text(pk, 2, 2)
if "申报表：欧阳堃" not in toc or "佐证材料：欧阳堃" not in toc or "申报人：欧阳堃" not in text(pk, 1, 1):
    print("  the cover and 目录 are not the record's:", toc[:200]); ok = False
line = [l for l in toc.splitlines() if "佐证材料：欧阳堃" in l]
if not line or not line[0].rstrip().endswith(str(3 + form)):
    print(f"  目录: 佐证材料 should start on page {3 + form}: {line}"); ok = False
whole = text(pk, 1, n)
if "顾喆" in whole:
    print("  another record's papers in 欧阳堃's packet"); ok = False
if f"— {n} —" not in text(pk, n, n):
    print("  the last page carries no packet number"); ok = False
import glob
if glob.glob(f"{out}/个人装订册/*封面*"):
    print("  the cover was written on its own"); ok = False
sys.exit(0 if ok else 1)
PY

# --- max_pages: a packet over the notice's limit is never a silent [成功] ------------------------
# 欧阳堃's packet has 10 pages (two attachments), the others 8.
cp "$TMP/rec/person-packet.yaml" "$TMP/rec/jx/person-packet.yaml" # with the cookbook's max_pages: 9
"$BIN" build "$TMP/rec/jx" "$CSV" -o "$TMP/rec/max" -j 2 > "$TMP/rec/maxlog" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "max_pages (error): exit $rc, expected 1"
grep -q "^\[失败\] 个人装订册（欧阳堃）：共 10 页，超过通知规定的 9 页；已写出 .*001_欧阳堃.pdf 供删减后重新生成——申报材料不超过9页$" "$TMP/rec/maxlog" && ok ||
    { bad "max_pages (error): a failure line naming the record and the count"; grep 欧阳堃 "$TMP/rec/maxlog" | tail -2; }
! grep -q "^\[成功\] 个人装订册（欧阳堃）" "$TMP/rec/maxlog" && ok || bad "max_pages: [成功] for a packet over the limit"
[ -f "$TMP/rec/max/个人装订册/001_欧阳堃.pdf" ] && ok || bad "max_pages: the packet over the limit is kept for the clerk"
[ "$(grep -c '^\[成功\] 个人装订册' "$TMP/rec/maxlog")" = 13 ] && ok || bad "max_pages: the 13 packets within the limit are [成功]"
sed -i 's/^  max_pages: 9 .*/  max_pages: {pages: 9, level: warning}/' "$TMP/rec/jx/person-packet.yaml"
"$BIN" build "$TMP/rec/jx" "$CSV" -o "$TMP/rec/maxw" -j 2 > "$TMP/rec/maxwlog" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "max_pages (warning): exit $rc, expected 1"
grep -q "^\[警告\] 个人装订册（欧阳堃）：共 10 页，超过通知规定的 9 页——申报材料不超过9页$" "$TMP/rec/maxwlog" && ok ||
    bad "max_pages (warning): a warning line naming the record and the count"
grep -q "1 份装订册超过页数上限" "$TMP/rec/maxwlog" && ok || bad "max_pages (warning): the summary counts it"
sed -i 's/^  max_pages: .*/  max_pages: 0/' "$TMP/rec/jx/person-packet.yaml"
"$BIN" build "$TMP/rec/jx" "$CSV" -o "$TMP/rec/max0" > "$TMP/rec/max0log" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "person-packet.yaml:[0-9]*:.*max_pages" "$TMP/rec/max0log" && ok ||
    { bad "max_pages: 0 is a load error (exit $rc)"; head -2 "$TMP/rec/max0log"; }
# a unit packet says the unit
mk unitmax
sed -i 's/^  scope: unit$/  scope: unit\n  max_pages: 12/' "$TMP/unitmax/jx/packet.yaml"
"$BIN" build "$TMP/unitmax/jx" "$CSV" -o "$TMP/unitmax/out" -j 2 --stage 申报 > "$TMP/unitmax/log" 2>&1
grep -q "^\[失败\] 装订册（嘉善县）：共 [0-9]* 页，超过通知规定的 12 页；" "$TMP/unitmax/log" && ok ||
    { bad "max_pages on a unit packet names the unit"; grep "装订册（嘉善县）" "$TMP/unitmax/log" | head -2; }

# --- check estimates a packet's pages from its attachments (a PDF's pages, an image 1) ---------
sed -i 's/^  max_pages: .*/  max_pages: 1/' "$TMP/rec/jx/person-packet.yaml"
"$BIN" check "$TMP/rec/jx" "$CSV" > "$TMP/rec/checklog" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "check with max_pages: exit $rc, expected 1"
grep -q "第2行 *欧阳堃 *错误 佐证材料 *「个人装订册」仅附件就有 2 页，超过通知规定的 1 页，装订后还会更多——申报材料不超过9页$" "$TMP/rec/checklog" && ok ||
    { bad "check names the record and the attachments' pages"; grep -E "页数|max_pages" "$TMP/rec/checklog" | head -3; }
[ "$(grep -c '仅附件就有' "$TMP/rec/checklog")" = 1 ] && ok || bad "check: only 欧阳堃's attachments (2 pages) are over 1"
"$BIN" check "$TMP/rec/jx" "$CSV" --json > "$TMP/rec/check.json" 2>&1
grep -q '"rule":"页数".*"problem":"「个人装订册」仅附件就有 2 页，超过通知规定的 1 页，装订后还会更多","words":"申报材料不超过9页"' "$TMP/rec/check.json" && ok ||
    { bad "check --json: the packet's words: are the finding's words"; grep 页数 "$TMP/rec/check.json"; }
"$BIN" build "$TMP/rec/jx" "$CSV" -o "$TMP/rec/max1" -j 2 > "$TMP/rec/max1log" 2>&1
grep -q "^\[未生成\] .*第2行 欧阳堃：.*「个人装订册」仅附件就有 2 页，超过通知规定的 1 页" "$TMP/rec/max1log" && ok ||
    { bad "build gives check's verdict (the record is not built)"; grep 欧阳堃 "$TMP/rec/max1log" | head -2; }
sed -i 's/^  max_pages: 12$/  max_pages: {pages: 2, level: warning}/' "$TMP/unitmax/jx/packet.yaml"
"$BIN" check "$TMP/unitmax/jx" "$CSV" > "$TMP/unitmax/checklog" 2>&1
grep -q "警告 推荐单位 *「装订册」（嘉善县）仅附件就有 3 页，超过通知规定的 2 页，装订后还会更多" "$TMP/unitmax/checklog" && ok ||
    { bad "check on a unit packet names the unit and the count"; grep 仅附件 "$TMP/unitmax/checklog" | head -3; }
# messages never show a YAML key
! grep -h max_pages "$TMP/rec/maxlog" "$TMP/rec/maxwlog" "$TMP/unitmax/log" "$TMP/rec/checklog" \
    "$TMP/rec/check.json" "$TMP/rec/max1log" "$TMP/unitmax/checklog" && ok || bad "a page-limit message shows the YAML key max_pages"
# words: is the notice's sentence of a packet's page limit: only on a packet that has one
sed -i 's/^  max_pages: .*//' "$TMP/rec/jx/person-packet.yaml"
"$BIN" check "$TMP/rec/jx" "$CSV" > "$TMP/rec/nolimit" 2>&1
[ $? = 2 ] && grep -q "person-packet.yaml:[0-9]*:.*words.*max_pages\|person-packet.yaml:[0-9]*:.*words.*页数" "$TMP/rec/nolimit" && ok ||
    { bad "words: without a page limit is a load error"; head -2 "$TMP/rec/nolimit"; }
sed -i '/^  words:/d' "$TMP/rec/jx/person-packet.yaml"
sed -i 's/^  scope: record$/  scope: record\n  words: 申报材料不超过9页/' "$TMP/rec/jx/person-cover.yaml"
"$BIN" check "$TMP/rec/jx" "$CSV" > "$TMP/rec/formwords" 2>&1
[ $? = 2 ] && grep -q "person-cover.yaml:[0-9]*:.*words.*packet" "$TMP/rec/formwords" && ok ||
    { bad "words: on a form is a load error"; head -2 "$TMP/rec/formwords"; }

echo "knobs: $pass passed, $fail failed"
[ "$fail" = 0 ]
