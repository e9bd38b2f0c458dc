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

# the checker itself, on dumps made to fail: each must be caught with its
# message, and the same page without the fault must pass (so a real fault
# cannot go unseen)
printf '姓名,身份证号\n李晓红,330421197603142131\n' > "$TMP/people.csv"
selftest() { # name, expected message, dump body (after the page line), the same page without the fault
    printf 'doc title="t" pages=1\npage 1 595.28x841.89\n%s\n' "$3" > "$TMP/bad.layout.txt"
    printf 'doc title="t" pages=1\npage 1 595.28x841.89\n%s\n' "$4" > "$TMP/good.layout.txt"
    if ! $PY tests/e2e/printcheck.py "$TMP/people.csv" "$TMP/bad.layout.txt" > "$TMP/bad.out" 2>&1 &&
        grep -q -- "$2" "$TMP/bad.out" &&
        $PY tests/e2e/printcheck.py "$TMP/people.csv" "$TMP/good.layout.txt" > "$TMP/good.out" 2>&1; then
        ok
    else
        bad "printcheck does not see $1"
        cat "$TMP/bad.out" "$TMP/good.out"
    fi
}
RULES='  line=100 90 100 130 0.5
  line=200 90 200 130 0.5'
selftest "a comma's ink over the cell's rule" 越过表格线 \
    "$RULES
  text start end face=AR PL UKai CN size=12 x=104 y=110 w=92 ink=104.5,203.5 \"一二三四五六七，\"" \
    "$RULES
  text start end face=AR PL UKai CN size=12 x=104 y=110 w=92 \"一二三四五六七，\""
selftest "a name broken in a paragraph" 李晓红 \
    '  text start end face=LXGW WenKai size=16 x=80 y=300 w=400 "特发此证，授予李晓"
  text start end face=LXGW WenKai size=16 x=80 y=329 w=100 "红同志。"' \
    '  text start end face=LXGW WenKai size=16 x=80 y=300 w=400 "特发此证，授予"
  text start end face=LXGW WenKai size=16 x=80 y=329 w=100 "李晓红同志。"'
selftest "two page numbers on a page" 页码 \
    '  text start end face=AR PL UMing CN size=14 x=276 y=797 w=49 "—4—"
  text start end face=AR PL UMing CN size=10.5 x=276 y=780 w=90 "第1页共2页"' \
    '  text start end face=AR PL UMing CN size=14 x=276 y=797 w=49 "—4—"'
selftest "a lone 一、 heading" 一、 \
    '  text start end face=WenQuanYi Zen Hei size=16 x=111 y=345 w=179 "一、嘉兴首席工匠（1名）"' \
    '  text start end face=WenQuanYi Zen Hei size=16 x=111 y=345 w=179 "一、嘉兴首席工匠（1名）"
  text start end face=WenQuanYi Zen Hei size=16 x=111 y=400 w=179 "二、嘉兴巧匠（1名）"'
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
# --- a tracked heading is centred on its characters (issue 13): the certificate's
# 荣誉证书 (tracking 0.5–0.6 em) has no tracking after its last character, so the
# run is as wide as its characters and their gaps, and centred on the page
# (every certificate's margins are symmetric). Before: 15 pt left of centre.
for program in $(ls "$TMP"); do
    [ -f "templates/$program/certificate.yaml" ] || continue
    certs=$(find "$TMP/$program" -name '*.layout.txt' -path '*证书*' | head -1)
    [ -n "$certs" ] || continue
    if $PY - "templates/$program/certificate.yaml" "$certs" <<'PY'; then ok; else bad "$program: tracked certificate heading off centre"; fi
import re, sys
styles = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"size: ([0-9.]+),.*align: center.*tracking: ([0-9.]+)", line)
    if m:
        styles[float(m[1])] = float(m[2])
page_w, found = None, 0
for line in open(sys.argv[2], encoding="utf-8"):
    m = re.match(r"page \d+ ([0-9.]+)x", line)
    if m:
        page_w = float(m[1])
    m = re.match(r'  text start end face=.*? size=([0-9.]+) x=([0-9.-]+) y=\S+ w=([0-9.]+)(?: ink=\S+)? "(.*)"$', line)
    if not m or float(m[1]) not in styles:
        continue
    size, x, w, text = float(m[1]), float(m[2]), float(m[3]), m[4]
    want = len(text) * size + (len(text) - 1) * styles[size] * size
    found += 1
    if abs(w - want) > 0.5 or abs(x + w / 2 - page_w / 2) > 0.5:
        print(f"  「{text}」 {size} pt: width {w} (characters and gaps: {want:.2f}), "
              f"centre {x + w / 2:.2f}, page centre {page_w / 2:.2f}")
        sys.exit(1)
sys.exit(0 if found else 1)
PY
done
# --- a section's title and column heads never end a page alone: with 13-15 entries of 工作经历 the
# 主要技术简况、贡献成果登记 title or its 项目 | 内容 row used to stand at the foot of page 3 with
# every row they head overleaf
cp -r samples/jiaxing-2020/photos samples/jiaxing-2020/attachments samples/jiaxing-2020/units.csv "$TMP/"
for n in 13 14 15; do
    $PY - samples/jiaxing-2020/candidates.csv "$TMP/work$n.csv" $n <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
r, n = rows[0], int(sys.argv[3])
r['主要工作经历'] = '\n'.join('%d.01-%d.12|嘉善恒达精密机械有限公司第%d装配车间|钳工' % (1990 + i, 1990 + i, i + 1)
                          for i in range(n))
w = csv.DictWriter(open(sys.argv[2], 'w', encoding='utf-8', newline=''), fieldnames=list(r))
w.writeheader()
w.writerow(r)
PY
    "$BIN" build templates/jiaxing-2020 "$TMP/work$n.csv" -o "$TMP/work$n" --stage 申报 -q > "$TMP/work$n.log" 2>&1
    form=$(find "$TMP/work$n/forms" -name '*.pdf' | head -1)
    ends=""
    for p in $(seq 1 "$(pdfinfo "$form" 2> /dev/null | awk '/^Pages/ {print $2}')"); do
        last=$(pdftotext -layout -f "$p" -l "$p" "$form" - | grep -v '^\s*$' | tail -1)
        case "$last" in *主要技术简况*|*项*目*内*容*) ends="$ends page $p: $last" ;; esac
    done
    [ -n "$form" ] && [ -z "$ends" ] && ok || { bad "$n entries of 工作经历: a page ends with labels alone:$ends"; cat "$TMP/work$n.log"; }
done

# --- an opinion box with its 盖章 / 年 月 日 footer keeps its 42 mm (room for the seal): near a
# page's foot it goes over whole, not cut short (主要贡献 of 425-475 characters put it there)
$PY - samples/jiaxing-2020/candidates.csv "$TMP/seal.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
filler = '他长期扎根生产一线，刻苦钻研技术，解决了大量生产难题，为企业创造了显著的经济效益。' * 40
out = []
for i, n in enumerate((425, 450, 475)):
    r = dict(rows[0])
    r['姓名'], r['序号'] = '测试' + '甲乙丙'[i], str(i + 1)
    r['被推荐人所在单位意见'], r['主要贡献'] = '同意推荐。', filler[:n]
    out.append(r)
w = csv.DictWriter(open(sys.argv[2], 'w', encoding='utf-8', newline=''), fieldnames=list(rows[0]))
w.writeheader()
w.writerows(out)
PY
"$BIN" build templates/jiaxing-2020 "$TMP/seal.csv" -o "$TMP/seal" --stage 申报 --force -q --dump-layout > "$TMP/seal.log" 2>&1
if $PY - "$TMP/seal/forms" <<'PY'; then ok; else bad "an opinion box with room for the seal is cut short at a page's foot"; fi
import glob, re, sys
short, seen = [], 0
for f in glob.glob(sys.argv[1] + '/*.layout.txt'):
    for page in re.split(r'\n(?=page )', open(f, encoding='utf-8').read()):
        m = re.search(r'y=([\d.]+)[^\n]*"被推荐人所在单位意见"', page)
        if not m:
            continue
        y = float(m.group(1))
        for a, b in re.findall(r'line=189\.92 ([\d.]+) 189\.92 ([\d.]+)', page):
            if float(a) <= y <= float(b):
                seen += 1
                mm = (float(b) - float(a)) / 72 * 25.4
                if mm < 41.9:
                    short.append('%s: %.1f mm' % (f.split('/')[-1], mm))
print('\n'.join(short))
sys.exit(1 if short or seen < 3 else 0)
PY

# --- a certificate's name never runs into its 同志：: a name long enough to be shrunk to the
# underline's width used to end 0.8 pt before it (阿卜杜热合曼·买买提明·艾合买提同志：)
for program in $(ls templates); do
    grep -q '同志：", border: none' "templates/$program/certificate.yaml" 2> /dev/null || continue
    [ -f "samples/$program/candidates.csv" ] || continue
    rm -rf "$TMP/longname"
    mkdir -p "$TMP/longname"
    cp -r "samples/$program/." "$TMP/longname/"
    $PY - "$TMP/longname/candidates.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
for i, r in enumerate(rows):
    r['姓名'] = '阿卜杜热合曼·买买提明·艾合买提' + chr(0x7532 + i)
w = csv.DictWriter(open(sys.argv[1], 'w', encoding='utf-8', newline=''), fieldnames=list(rows[0]))
w.writeheader()
w.writerows(rows)
PY
    "$BIN" build "templates/$program" "$TMP/longname/candidates.csv" -o "$TMP/longname/out" --stage 表彰 \
        --force -q --dump-layout > "$TMP/longname.log" 2>&1
    if $PY - "$TMP/longname/out" <<'PY'; then ok; else bad "$program: a long name runs into 同志："; fi
import glob, re, sys
close, seen = [], 0
for f in glob.glob(sys.argv[1] + '/**/*.layout.txt', recursive=True):
    name_end = None
    for line in open(f, encoding='utf-8'):
        m = re.search(r' x=([\d.]+) y=\S+ w=([\d.]+)(?: ink=\S+)? "(.*)"$', line)
        if not m:
            continue
        x, w, text = float(m[1]), float(m[2]), m[3]
        if text.startswith('阿卜杜热合曼'):
            name_end = x + w
        elif text == '同志：' and name_end is not None:
            seen += 1
            if x - name_end < 5:  # at least ~2 mm of the underline after the name
                close.append('%s: %.1f pt' % (f.split('/')[-1], x - name_end))
            name_end = None
print('\n'.join(close))
sys.exit(1 if close or not seen else 0)
PY
done

# --- rows of a 汇总表 that continue over pages (1500-character 业绩/获奖 cells): a continuation
# repeats the identity of the record whose text goes on (it repeated the FIRST record's 序号, 姓名,
# ID), 「（续）」 once, not on every short cell; a record's 序号, 姓名, ID on its first page (晋中
# printed them nowhere: a header alone on page 1, the cells centred in a row taller than the page);
# every cell's text inside the type area and the grid closed by a bottom rule on each page; no ID
# broken over two lines (splitcheck.py says how the records are made)
for program in ganzhou hangzhou-2017 jiaxing-2020 jinzhong-2019; do
    sdir=$TMP/split-$program
    mkdir -p "$sdir"
    cp -r "samples/$program/." "$sdir/"
    $PY tests/e2e/splitcheck.py make "$program" "samples/$program/candidates.csv" "$sdir/candidates.csv"
    "$BIN" build "templates/$program" "$sdir/candidates.csv" -o "$sdir/out" --stage 申报 --force -q \
        --dump-layout -j 1 > "$sdir/log" 2>&1
    bottom=$(sed -n 's/^ *margins: \[[0-9.]*, [0-9.]*, \([0-9.]*\),.*/\1/p' "templates/$program/summary-pdf.yaml")
    dumps=$(find "$sdir/out/汇总表" -name '*.pdf.layout.txt' | sort)
    if [ -n "$dumps" ] && $PY tests/e2e/splitcheck.py check "$sdir/candidates.csv" "$bottom" $dumps > "$sdir.out" 2>&1 &&
        $PY tests/e2e/printcheck.py "$sdir/candidates.csv" $dumps >> "$sdir.out" 2>&1; then
        ok
    else
        bad "$program: 汇总表 rows continued over pages"
        sed -e "s|$TMP/||" "$sdir.out" | grep -v passed | head -8
    fi
done

# --- the sign-and-seal line under a unit's 汇总表 (宁波: 单位负责人（签字）…（单位盖章） 年 月 日)
# and the 填报人 line under the others' never stands alone on the last page (宁波 with 60 records,
# 港区 with 18 did); the last rows go over with it
for case in ningbo-2021:60 gangqu-2019:18; do
    program=${case%:*}
    sdir=$TMP/many-$program
    mkdir -p "$sdir"
    cp -r "samples/$program/." "$sdir/"
    $PY tests/e2e/splitcheck.py many "samples/$program/candidates.csv" "$sdir/candidates.csv" "${case#*:}"
    "$BIN" build "templates/$program" "$sdir/candidates.csv" -o "$sdir/out" --stage 申报 --force -q \
        --dump-layout -j 1 > "$sdir/log" 2>&1
    dumps=$(find "$sdir/out/汇总表" -name '*.pdf.layout.txt' | sort)
    if [ -n "$dumps" ] && $PY tests/e2e/splitcheck.py last "$sdir/candidates.csv" $dumps > "$sdir.out" 2>&1; then
        ok
    else
        bad "$program: 汇总表 of ${case#*:} records: the closing line alone on the last page"
        sed -e "s|$TMP/||" "$sdir.out" | head -4
    fi
done

# --- a 公示 listing never starts at the foot of page 1 with its header and ONE row, the rest under
# the header repeated overleaf (港区, 杭州 with a long 工作单位 did): two rows or more stay with the
# header, or the table starts on the next page (pagecheck.py counts a row between rules too)
for program in gangqu-2019 hangzhou-2017; do
    sdir=$TMP/public-$program
    mkdir -p "$sdir"
    cp -r "samples/$program/." "$sdir/"
    $PY tests/e2e/splitcheck.py make "$program" "samples/$program/candidates.csv" "$sdir/candidates.csv"
    "$BIN" build "templates/$program" "$sdir/candidates.csv" -o "$sdir/out" --stage 公示 --force -q \
        --dump-layout -j 1 > "$sdir/log" 2>&1
    if [ -d "$sdir/out/公示" ] && $PY tests/e2e/pagecheck.py "$sdir/out/公示" > "$sdir.out" 2>&1; then
        ok
    else
        bad "$program: 公示 header and one row at the foot of a page"
        sed -e "s|$TMP/||" "$sdir.out" | head -4
    fi
done
# --- a 推荐函's list of names is indented like its paragraphs (2 characters), not flush left:
# 「1.邱建平，…」 stood at the margin under 「　　根据《…》」
for program in ganzhou taian-2026; do
    letter=$(find "$TMP/$program" -path '*推荐函*' -name '*.layout.txt' | head -1)
    if [ -n "$letter" ] && $PY - "$letter" <<'PY'; then ok; else bad "$program: the 推荐函's list is not indented"; fi
import re, sys
runs = [(float(m[1]), m[2]) for m in re.finditer(r' x=([\d.]+) y=\S+ w=\S+(?: ink=\S+)? "(.*)"', open(sys.argv[1], encoding='utf-8').read())]
indent = next(x for x, t in runs if t.startswith('根据'))
numbers = [x for x, t in runs if re.fullmatch(r'\d+\.', t)]
print(indent, numbers)
sys.exit(0 if numbers and all(abs(x - indent) < 1.5 for x in numbers) else 1)
PY
done

# --- a long text split over pages leaves no paragraph's last line alone at the top of a page
# (「机电行业推广。」 opened page 2 of a 宁波 申报表) nor a paragraph's first line alone at a foot
mkdir -p "$TMP/widow"
cp -r samples/ningbo-2021/. "$TMP/widow/"
$PY - "$TMP/widow/candidates.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
base = rows[0]
out = []
clause = '主持完成大型电机定子装配工装改进等技术革新项目十五项累计为企业节约成本三百余万元'
for i in range(16):
    r = dict(base)
    r['姓名'] = '测试' + '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳'[i]
    r['身份证号'] = ''
    lengths = [40 + (i * 7 + k * 13) % 70 for k in range(9)]
    r['主要技能业绩'] = '\n'.join((clause * 4)[:n] + '。' for n in lengths)
    out.append(r)
w = csv.DictWriter(open(sys.argv[1], 'w', encoding='utf-8', newline=''), fieldnames=list(base))
w.writeheader()
w.writerows(out)
PY
"$BIN" build templates/ningbo-2021 "$TMP/widow/candidates.csv" -o "$TMP/widow/out" --stage 申报 --force -q \
    --dump-layout > "$TMP/widow.log" 2>&1
if $PY - "$TMP/widow/out" <<'PY'; then ok; else bad "a paragraph's last or first line alone on a page of a split cell"; fi
import glob, re, sys
bad, splits = [], 0
for f in glob.glob(sys.argv[1] + '/forms/*.layout.txt'):
    pages = re.split(r'\npage ', open(f, encoding='utf-8').read())
    cells = []  # per page: the lines of the long text (the clause's characters), with x
    for page in pages[1:]:
        lines = [(float(m[1]), m[2]) for m in re.finditer(r' x=([\d.]+) y=\S+ w=\S+(?: ink=\S+)? "(.*)"', page)
                 if m[2].startswith(('主持', '完成', '大型', '电机', '定子', '装配', '工装', '改进', '等技', '技术', '革新',
                                     '项目', '十五', '累计', '为企', '企业', '节约', '成本', '三百', '余万', '万元', '术革',
                                     '新项', '目十', '五项', '计为', '业节', '约成', '本三', '百余', '元主', '持完', '成大',
                                     '型电', '机定', '子装', '配工', '装改', '进等', '元。', '。'))]
        cells.append(lines)
    for a, b in zip(cells, cells[1:]):
        if not a or not b:
            continue
        splits += 1
        x0 = min(x for x, _ in a + b)
        first_next, last_here = b[0], a[-1]
        if first_next[1].endswith('。') and first_next[0] <= x0 + 1:
            bad.append('%s: 「%s」 alone at the top of a page' % (f.split('/')[-1], first_next[1]))
        if last_here[0] > x0 + 1 and not last_here[1].endswith('。'):
            bad.append('%s: 「%s」 alone at the foot of a page' % (f.split('/')[-1], last_here[1]))
print('\n'.join(bad[:6]), splits)
sys.exit(1 if bad or splits < 8 else 0)
PY

# --- a row over three pages prints a cell that ended on its first page once: 晋中's 获奖情况 came
# back whole on the third page of a 1200-character 业绩
mkdir -p "$TMP/three"
cp -r samples/jinzhong-2019/. "$TMP/three/"
$PY tests/e2e/set_cells.py "$TMP/three/candidates.csv" 1 \
    "主要技能、技术成果和业绩贡献=$(printf '主持完成数控机床主轴箱精密装配工艺改进使装配合格率由百分之九十提高到百分之九十九点五。%.0s' $(seq 1 28))"
"$BIN" build templates/jinzhong-2019 "$TMP/three/candidates.csv" -o "$TMP/three/out" --stage 申报 -q > /dev/null 2>&1
sum=$(find "$TMP/three/out/汇总表" -name '榆次区*.pdf')
pages=$(pdfinfo "$sum" 2> /dev/null | awk '/^Pages/ {print $2}')
awards=$(pdftotext -layout "$sum" - 2> /dev/null | grep -c "年获山西省钳")
[ "${pages:-0}" -ge 3 ] && [ "$awards" = 1 ] && ok ||
    bad "a cell ended on a split row's first page printed again: $awards times on $pages pages"

# --- a 公示 group whose table goes to the next page takes its heading along: 「一、嘉兴首席工匠（2名）」
# stood alone at the foot of page 1 (a listing of two long rows started overleaf without it)
mkdir -p "$TMP/head"
cp -r samples/jiaxing-2020/. "$TMP/head/"
$PY - "$TMP/head/candidates.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
keep = [r for r in rows if r['申报类别'] == '嘉兴首席工匠'][:2] + [r for r in rows if r['申报类别'] == '嘉兴巧匠'][:2]
for r, name in zip(keep, ('阿卜杜热合曼·买买提明', '司马䶮', '欧阳堃', '诸葛𠀾喆')):
    r['姓名'], r['评审结果'] = name, '入选'
    r['工作单位'] = '浙江省嘉兴港区石油化工新材料产业集聚区管理委员会下属国有资产经营投资集团有限责任公司第二分公司（筹）'
w = csv.DictWriter(open(sys.argv[1], 'w', encoding='utf-8', newline=''), fieldnames=list(rows[0]))
w.writeheader()
w.writerows(keep)
PY
"$BIN" build templates/jiaxing-2020 "$TMP/head/candidates.csv" -o "$TMP/head/out" --stage 公示 --force -q > /dev/null 2>&1
pub=$(find "$TMP/head/out/公示" -name '*.pdf' | head -1)
lone=""
for p in $(seq 1 "$(pdfinfo "$pub" 2> /dev/null | awk '/^Pages/ {print $2}')"); do
    last=$(pdftotext -layout -f "$p" -l "$p" "$pub" - | grep -v '^\s*$' | grep -v '—' | tail -1)
    case "$last" in *一、*|*二、*) lone="$lone page $p: $last" ;; esac
done
[ -n "$pub" ] && [ -z "$lone" ] && ok || bad "a 公示 heading alone at a page's foot:$lone"

echo "print: $pass passed, $fail failed"
[ "$fail" = 0 ]
