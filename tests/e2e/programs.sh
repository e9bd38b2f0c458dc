#!/bin/bash
# End-to-end, every program in templates/: `wenshu build` on its samples
# makes exactly the documents tests/e2e/expected/<program>-outputs.txt lists
# (the build's output folder, one relative path per line, sorted), and each
# of them is sound when read back with public tools:
#   PDF   qpdf --check, every font embedded, text extractable;
#   XLSX  opens with openpyxl, no formulas, ID numbers of the records as text;
#   公示/证书 (file names containing them, PDF and HTML): no 身份证号 or 手机 of
#         any record.
#   pages (from the --dump-layout dumps, tests/e2e/pagecheck.py): no page after
#         the first holds only one table row or one line, no continued cell a
#         single line, no table rule in the bottom 15 mm (past every type area);
#   装订册 one page number per page after the cover, the packet's, matching the
#         目录, nothing drawn beside, below or just above it (tests/e2e/packetcheck.py).
# Where tests/e2e/expected/<program>-pages.txt exists ("path: pages" per
# line), those files must have exactly those page counts (documents whose
# pages depend on the records, e.g. 晋中's 征求意见表: one page per department).
#   tests/e2e/programs.sh ./wenshu
. "$(dirname "$0")/lib.sh"

# every field a program collects is printed on some paper or declared collected: true
if /usr/bin/python3 tests/e2e/fieldsprinted.py templates/*/ > "$TMP/fields" 2>&1; then ok; else
    bad "fields read and checked but printed nowhere"; grep FAIL "$TMP/fields"; fi

for tpl in templates/*/; do
    p=$(basename "$tpl")
    rec=samples/$p/candidates.csv
    [ -f "$tpl/program.yaml" ] && [ -f "$rec" ] || continue
    out=$TMP/$p
    SOURCE_DATE_EPOCH=1600000000 "$BIN" build "$tpl" "$rec" -o "$out" -q --dump-layout > "$TMP/$p.log" 2>&1
    rc=$?
    [ $rc = 0 ] && ok || { bad "$p: build exits $rc"; tail -20 "$TMP/$p.log"; continue; }
    (cd "$out" && find . -type f ! -name '*.layout.txt' ! -name .wenshu-made | sed 's|^\./||' | LC_ALL=C sort) > "$TMP/$p.list"
    # page breaks: no page after the first holds only one table row or one line (issue 12)
    if /usr/bin/python3 tests/e2e/pagecheck.py "$out" > "$TMP/$p.pages" 2>&1; then ok; else
        bad "$p: page breaks"; grep FAIL "$TMP/$p.pages" | head -8; fi
    want=tests/e2e/expected/$p-outputs.txt
    if [ -f "$want" ]; then
        diff -u "$want" "$TMP/$p.list" > "$TMP/$p.diff" && ok ||
            { bad "$p: outputs differ from $want"; cat "$TMP/$p.diff"; }
    else
        bad "$p: no $want (the documents this program must make)"
    fi
    # page counts that depend on the records (when: blocks), where a program lists them
    pages=tests/e2e/expected/$p-pages.txt
    if [ -f "$pages" ]; then
        wrong=0
        while IFS=': ' read -r f n; do
            got=$(qpdf --show-npages "$out/$f" 2>/dev/null)
            [ "$got" = "$n" ] || { echo "  $f: $got pages, expected $n"; wrong=1; }
        done < "$pages"
        [ $wrong = 0 ] && ok || bad "$p: page counts differ from $pages"
    fi
    while read -r f; do
        case $f in
        *.pdf)
            qpdf --check "$out/$f" > /dev/null 2>&1 || bad "$p: qpdf --check $f"
            if pdffonts "$out/$f" 2>/dev/null | tail -n +3 | awk '{print $(NF-4)}' | grep -q no; then
                bad "$p: unembedded font in $f"
            fi
            [ -n "$(pdftotext "$out/$f" - 2>/dev/null | tr -d ' \n\f')" ] || case $f in
                *佐证* | *附件*) ;; # scanned attachments may be pictures only
                *) bad "$p: no text in $f" ;;
            esac
            ;;
        *.xlsx)
            /usr/bin/python3 - "$out/$f" "$rec" <<'PY' || bad "$p: $f"
import csv, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ids = {v.strip() for r in csv.DictReader(open(sys.argv[2], encoding='utf-8-sig'))
       for k, v in r.items() if k and k.startswith('身份证') and v}
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == 'f':
                sys.exit(f'{ws.title}!{c.coordinate}: formula {c.value!r}')
            if isinstance(c.value, (int, float)) and str(int(c.value)) in ids:
                sys.exit(f'{ws.title}!{c.coordinate}: an ID number stored as a number')
PY
            ;;
        esac
    done < "$TMP/$p.list"
    ok
    # public papers never show an ID or phone number
    /usr/bin/python3 - "$rec" > "$TMP/$p.pii" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    for k, v in r.items():
        v = (v or '').strip()
        if k and k.startswith(('身份证', '手机', '联系电话', '电子邮箱', '邮箱')) and len(v) >= 7:
            print(v)
PY
    leaks=0
    while read -r f; do
        case $f in *公示* | *证书*) ;; *) continue ;; esac
        case $f in
        *.pdf) pdftotext "$out/$f" - 2>/dev/null | tr -d ' \n' > "$TMP/text" ;;
        *.html) cp "$out/$f" "$TMP/text" ;;
        *) continue ;;
        esac
        while read -r v; do grep -qF -- "$v" "$TMP/text" && { echo "$p: $v in $f"; leaks=1; }; done < "$TMP/$p.pii"
    done < "$TMP/$p.list"
    [ $leaks = 0 ] && ok || bad "$p: private data in a public document"
    # 杭州: the look-alikes of the forms the city's system prints say so on every page (mark:)
    if [ "$p" = hangzhou-2017 ]; then
        unmarked=$(for f in "$out"/forms/*.pdf "$out"/汇总表/*.pdf; do
            n=$(qpdf --show-npages "$f"); m=$(pdftotext "$f" - | tr -d ' ' | grep -c '核对稿（正式表以系统打印为准）')
            [ "$n" = "$m" ] || echo "$f: $m of $n pages"; done
            for f in "$out"/汇总表/*.xlsx; do /usr/bin/python3 -c "import openpyxl,sys
wb = openpyxl.load_workbook(sys.argv[1])
sys.exit(any('核对稿' not in (ws.oddHeader.right.text or '') for ws in wb.worksheets))" "$f" || echo "$f: no header mark"; done)
        [ -z "$unmarked" ] && ok || { bad "$p: 核对稿 mark missing"; echo "$unmarked" | head -5; }
    fi
    # packets: one page number per page, the packet's own, as the 目录 says (issue 12)
    if /usr/bin/python3 tests/e2e/packetcheck.py "$out" > "$TMP/$p.packets" 2>&1; then ok; else
        bad "$p: packet page numbers"; grep FAIL "$TMP/$p.packets" | head -8; fi
done

# --- each packet binds every paper its notice lists for a candidate: 港区 (notice 四（二）3)
# 评选推荐表, 先进事迹材料 and 证明材料 (the 先进事迹材料 was missing)
packet=$(ls "$TMP/gangqu-2019/装订册/"*.pdf 2> /dev/null | head -1)
toc=$(pdftotext -f 2 -l 3 "$packet" - 2> /dev/null | tr -d ' ')
case "$toc" in *评选推荐表：*先进事迹材料：*证明材料：*) ok ;; *) bad "gangqu-2019: the packet's 目录 lacks a part: $(echo "$toc" | head -12 | tr '\n' ' ')" ;; esac

echo "e2e programs: $pass passed, $fail failed"
[ $fail = 0 ]
