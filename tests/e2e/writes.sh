#!/bin/bash
# Writes that fail, and what the build says about them (issue 11: items 3, 6,
# 8, 9, 16, 17).
#
# A full disk is simulated without root by `ulimit -f` (RLIMIT_FSIZE) in a
# subshell that ignores SIGXFSZ, so a write past the limit fails with EFBIG:
# for each kind of writer (a form through libharu, an encrypted form, a packet
# bound by qpdf, an XLSX workbook, the HTML 公示, a combined volume) the
# document must be reported [失败] with the reason (文件太大), the exit status
# be 1, no temporary be left and every file under a final name be complete.
# --encrypt: the build is stopped (SIGSTOP, a test hook) right before every
# rename; at each of those moments no PDF in the folders of personal
# documents (forms, 汇总表, 装订册) may be unencrypted, under its final name
# or as a temporary. Then the password file (BOM, blank), the
# refused --encrypt --dump-layout, the options -o/-j, and long or
# case-colliding file names.
#   tests/e2e/writes.sh ./wenshu
. "$(dirname "$0")/lib.sh"
trap '[ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
TPL=templates/jiaxing-2020
for n in 1 3 6; do
    $PY tests/e2e/make_many.py samples/jiaxing-2020/candidates.csv "$TMP/d$n" $n > /dev/null &&
        cp samples/jiaxing-2020/units.csv "$TMP/d$n/" || { echo "writes: 0 passed, 1 failed"; exit 1; }
done
printf 'secret\n' > "$TMP/pw"

# limited KB OUT ARGS...: a build whose files may not exceed KB kilobytes.
limited() {
    local kb=$1 out=$2
    shift 2
    ( trap '' XFSZ; ulimit -f "$kb"; exec "$BIN" build "$TPL" "$@" -o "$out" --no-check -j 1 -q ) \
        > "$out.log" 2>&1
}

# complete OUT: no temporary left, every PDF passes qpdf --check (opened with
# the test password when encrypted), every HTML ends, every XLSX is a sound zip.
complete() {
    local out=$1 label=$2 f
    local temps
    temps=$(find "$out" -name '.wenshu-tmp-*' | wc -l)
    [ "$temps" = 0 ] && ok || bad "$label: $temps temporaries left in $out"
    while IFS= read -r -d '' f; do
        case $f in
        *.pdf) qpdf --password=secret --check "$f" > /dev/null 2>&1 || bad "$label: incomplete PDF $f" ;;
        *.html) tail -c 64 "$f" | grep -q '</html>' || bad "$label: incomplete HTML $f" ;;
        *.xlsx) $PY -c 'import sys,zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' \
                    "$f" 2> /dev/null || bad "$label: incomplete XLSX $f" ;;
        esac
    done < <(find "$out" -type f ! -name '*.log' -print0)
}

TMP_PREFIX=.wenshu-tmp-
# expect_fail LABEL RC OUT REGEX [FILES-GLOB]: exit 1, a [失败] line matching
# REGEX that gives the reason, the files of FILES-GLOB absent, the rest complete.
expect_fail() {
    local label=$1 rc=$2 out=$3 re=$4 glob=${5:-}
    [ "$rc" = 1 ] && ok || bad "$label: exit $rc, expected 1"
    grep -qE "^\[失败\].*$re.*文件太大" "$out.log" && ok ||
        { bad "$label: no [失败] line matching '$re' with the reason 文件太大"; head -20 "$out.log"; }
    grep -q "^\[失败\].*$TMP_PREFIX" "$out.log" && bad "$label: a line names a temporary, not the document's file" || ok
    if [ -n "$glob" ]; then
        local left
        left=$(compgen -G "$out/$glob" | wc -l)
        [ "$left" = 0 ] && ok || bad "$label: $left file(s) $glob exist though their write failed"
    fi
    complete "$out" "$label"
}

# --- a full disk, one writer at a time -------------------------------------------------
# (a form is 160 KB in Noto CJK, 250 KB in the TrueType stand-ins: 120 KB stops it either way)
limited 120 "$TMP/form" "$TMP/d1/records.csv" --stage 申报
expect_fail "form PDF" $? "$TMP/form" '第2行' 'forms/*.pdf'
# the unit's papers are not made for want of the form: not for errors --force would pass
grep -q '^\[未生成\] 汇总表（嘉善县）：该单位的记录都没能生成' "$TMP/form.log" && ok ||
    bad "form PDF: the unit's 汇总表 line: $(grep '汇总表（嘉善县）' "$TMP/form.log")"
! grep -q 'force' "$TMP/form.log" && ok || bad "form PDF: --force is advised for a full disk"

# the clerk's shell does not ignore SIGXFSZ: wenshu must, or the first write past the limit
# kills it (status 153, not a word) instead of failing that document with 文件太大
( ulimit -f 120; exec "$BIN" build "$TPL" "$TMP/d1/records.csv" --stage 申报 -o "$TMP/sig" --no-check -j 1 \
    -q ) > "$TMP/sig.log" 2>&1
expect_fail "form PDF, SIGXFSZ not ignored by the shell" $? "$TMP/sig" '第2行' 'forms/*.pdf'

# the stroke table kept between runs (README) is only a speed-up: a limit it cannot be written
# under leaves no cache and no temporary, and the 公示 is made all the same
( ulimit -f 1000; WENSHU_CACHE_DIR="$TMP/cache" exec "$BIN" build "$TPL" "$TMP/d3/records.csv" \
    --stage 公示 -o "$TMP/cachefull" --no-check -j 1 -q ) > "$TMP/cachefull.log" 2>&1
rc=$?
[ $rc = 0 ] && [ -n "$(find "$TMP/cachefull" -name '*.pdf')" ] && ok ||
    { bad "公示 with a stroke cache that cannot be written: exit $rc"; head -5 "$TMP/cachefull.log"; }
[ -z "$(ls -A "$TMP/cache" 2>/dev/null)" ] && ok || bad "the unwritable stroke cache left $(ls -A "$TMP/cache")"

limited 120 "$TMP/enc" "$TMP/d1/records.csv" --stage 申报 --encrypt "$TMP/pw"
expect_fail "encrypted form" $? "$TMP/enc" '第2行' 'forms/*.pdf'

# 320 KB: above a form (240 KB), below the packet of three (440 KB; its forms share their fonts)
limited 320 "$TMP/packet" "$TMP/d3/records.csv" --stage 申报
expect_fail "packet (qpdf)" $? "$TMP/packet" '装订册（嘉善县）：写入 [^ ]*/装订册/嘉善县_推荐材料\.pdf' '装订册/*.pdf'
[ "$(compgen -G "$TMP/packet/forms/*.pdf" | wc -l)" = 3 ] && ok || bad "packet: the forms under the limit were not made"

limited 320 "$TMP/encpacket" "$TMP/d3/records.csv" --stage 申报 --encrypt "$TMP/pw"
expect_fail "encrypted packet (qpdf)" $? "$TMP/encpacket" '装订册（嘉善县）：写入 [^ ]*/装订册/嘉善县_推荐材料\.pdf' \
    '装订册/*.pdf'

# a full disk while an image attachment becomes a page of the packet is the packet's failure,
# not a fault of the attachment: no "佐证材料 … 无法读取, 说明页代替" for a sound photo
mkdir -p "$TMP/dimg"
cp -r "$TMP/d3/." "$TMP/dimg/"
$PY - "$TMP/dimg" <<'PY'
import random, sys
from PIL import Image
random.seed(7)
img = Image.new('RGB', (800, 800))
img.putdata([(random.randrange(256), random.randrange(256), random.randrange(256)) for _ in range(800 * 800)])
img.save(sys.argv[1] + '/attachments/big.jpg', quality=95)  # ~1 MB: past the limit as a page
PY
$PY tests/e2e/set_cells.py "$TMP/dimg/records.csv" 1 '佐证材料=attachments/big.jpg'
limited 320 "$TMP/img" "$TMP/dimg/records.csv" --stage 申报
expect_fail "packet with an image attachment" $? "$TMP/img" '装订册（嘉善县）：写入 [^ ]*/装订册/嘉善县_推荐材料\.pdf' '装订册/*.pdf'
grep -q 'big\.jpg' "$TMP/img.log" && { bad "a full disk blamed on the attachment"; grep big "$TMP/img.log"; } || ok

# the workbooks alone: with the forms in the build, the record's failed form would keep it out
# of the 汇总表 before any workbook is written
mkdir -p "$TMP/tpl"
cp -r templates/_shared templates/jiaxing-2020 "$TMP/tpl/"
sed -i '/^documents:/,/^$/{/^  - /d}; s/^documents:/documents: [summary.yaml, summary-all.yaml]/' \
    "$TMP/tpl/jiaxing-2020/program.yaml"
TPL=$TMP/tpl/jiaxing-2020 limited 7 "$TMP/xlsx" "$TMP/d1/records.csv" --stage 申报
expect_fail "XLSX workbook" $? "$TMP/xlsx" '汇总表（嘉善县）：.*xlsx' '汇总表/*.xlsx'

limited 2 "$TMP/html" "$TMP/d1/records.csv" --stage 公示
expect_fail "HTML 公示" $? "$TMP/html" '公示（全部）：.*\.html' '公示/*'

# 35 KB: above a certificate (32.6 KB), below the 合订本 of six (38.5 KB)
limited 35 "$TMP/combined" "$TMP/d6/records.csv" --stage 表彰
expect_fail "combined volume" $? "$TMP/combined" '荣誉证书（合订本）' '证书/*合订本*'
[ "$(compgen -G "$TMP/combined/证书/*_荣誉证书.pdf" | wc -l)" = 6 ] && ok ||
    bad "combined: the certificates under the limit were not made"

# --- a rebuild into the folder of an earlier build -----------------------------------------
# A paper the rebuild should have made and did not (its write failed, its record now has an
# error) must not stay behind under its name with the old data, looking made.
# rebuilt LABEL OUT RECORDS STAGE KB GLOB: a whole build, then one limited to KB over it
rebuilt() {
    local label=$1 out=$2 records=$3 stage=$4 kb=$5 glob=$6
    "$BIN" build "$TPL" "$records" --stage "$stage" -o "$out" --no-check -j 1 -q > /dev/null 2>&1
    [ -n "$(compgen -G "$out/$glob")" ] && ok || bad "$label: the first build made no $glob"
    limited "$kb" "$out" "$records" --stage "$stage"
    expect_fail "$label" $? "$out" "$7" "$glob"
    grep -q "已删除上次生成的" "$out.log" && ok || bad "$label: no line says the earlier file was removed"
}
TPL=templates/jiaxing-2020
rebuilt "rebuilt form" "$TMP/re1" "$TMP/d1/records.csv" 申报 120 'forms/*.pdf' '第2行'
rebuilt "rebuilt packet" "$TMP/re2" "$TMP/d3/records.csv" 申报 320 '装订册/*.pdf' '装订册（嘉善县）'
"$BIN" build "$TPL" "$TMP/d1/records.csv" --stage 申报 -o "$TMP/re3" -j 1 -q > /dev/null 2>&1
cp -r "$TMP/d1" "$TMP/d1bad"
$PY tests/e2e/set_cells.py "$TMP/d1bad/records.csv" 1 '身份证号=330421197603142130'
"$BIN" build "$TPL" "$TMP/d1bad/records.csv" --stage 申报 -o "$TMP/re3" -j 1 -q > "$TMP/re3.log" 2>&1
rc=$?
[ $rc = 1 ] && grep -q '^\[未生成\]' "$TMP/re3.log" && ok || bad "rebuilt with an error: exit $rc, no [未生成]"
[ -z "$(compgen -G "$TMP/re3/forms/*.pdf")" ] && ok ||
    bad "rebuilt with an error: the earlier build's form is still there: $(ls "$TMP/re3/forms")"
grep -q "已删除上次生成的" "$TMP/re3.log" && ok || bad "rebuilt with an error: no line says the form was removed"

# Every stage rebuilt over an earlier build leaves what a build into an empty folder makes: the
# papers of a unit (汇总表, 推荐函, 装订册), the 公示 and the 合订本 whose records now all have
# errors go too, and are said to be not made, not skipped for want of matching records.
for stage in 申报 公示 表彰; do
    "$BIN" build "$TPL" "$TMP/d1/records.csv" --stage $stage -o "$TMP/re4" -j 1 -q > /dev/null 2>&1
done
for stage in 申报 公示 表彰; do
    "$BIN" build "$TPL" "$TMP/d1bad/records.csv" --stage $stage -o "$TMP/re4" -j 1 > "$TMP/re4.$stage.log" 2>&1
    "$BIN" build "$TPL" "$TMP/d1bad/records.csv" --stage $stage -o "$TMP/re5" -j 1 > /dev/null 2>&1
done
left=$(diff <(cd "$TMP/re4" && find . -type f | sort) <(cd "$TMP/re5" && find . -type f | sort))
[ -z "$left" ] && ok || bad "rebuilt with an error: the earlier build's papers stay: $(echo $left)"
! grep -h '^\[跳过\]' "$TMP"/re4.*.log && ok || bad "rebuilt with an error: a document is said to be skipped"
grep -q '^\[未生成\] 公示.*都有错误' "$TMP/re4.公示.log" && ok || bad "rebuilt with an error: no [未生成] 公示 line"
# … the city's 汇总表 too: not an empty workbook said to be made
grep -q '^\[未生成\] 汇总表（全市）.*都有错误' "$TMP/re4.申报.log" && [ ! -e "$TMP/re4/汇总表/全市_汇总表.xlsx" ] &&
    ok || bad "rebuilt with an error: the city 汇总表 is made empty: $(grep '汇总表（全市）' "$TMP/re4.申报.log")"

# A record that no longer matches a document (入选 → 未入选) loses its certificate; a sheet
# where no record matches (评审结果 emptied) loses the 公示 and the 合订本 too.
for stage in 公示 表彰; do
    "$BIN" build "$TPL" samples/jiaxing-2020/candidates.csv --stage $stage -o "$TMP/re6" -q > /dev/null 2>&1
done
cp -r samples/jiaxing-2020 "$TMP/unsel"
$PY tests/e2e/set_cells.py "$TMP/unsel/candidates.csv" 1 '评审结果=未入选'
"$BIN" build "$TPL" "$TMP/unsel/candidates.csv" --stage 表彰 -o "$TMP/re6" > "$TMP/re6.log" 2>&1
[ ! -e "$TMP/re6/证书/嘉善县_欧阳堃_荣誉证书.pdf" ] && ok || bad "unselected: 欧阳堃's certificate stays"
grep -q '已删除上次生成的荣誉证书 .*欧阳堃' "$TMP/re6.log" && ok || bad "unselected: no line says the certificate went"
cp -r samples/jiaxing-2020 "$TMP/nores"
$PY - "$TMP/nores/candidates.csv" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))
for r in rows:
    r['评审结果'] = ''
w = csv.DictWriter(open(sys.argv[1], 'w', encoding='utf-8', newline=''), fieldnames=list(rows[0]))
w.writeheader()
w.writerows(rows)
PYEOF
for stage in 公示 表彰; do
    "$BIN" build "$TPL" "$TMP/nores/candidates.csv" --stage $stage -o "$TMP/re6" -q > /dev/null 2>&1
done
left=$(cd "$TMP/re6" && find 公示 证书 -type f 2> /dev/null)
[ -z "$left" ] && ok || bad "no results: the earlier 公示 and certificates stay: $(echo $left)"

# --- --encrypt: stopped before every rename, nothing plain on disk ------------------------
# The password file is what Notepad writes: a UTF-8 BOM, CRLF.
printf '\357\273\277secret\r\n' > "$TMP/pwbom"
stops=0
plain=0
declare -A seen
WENSHU_TEST_STOP_BEFORE_RENAME=1 "$BIN" build "$TPL" "$TMP/d1/records.csv" -o "$TMP/stop" --no-check -j 1 \
    -q --stage 申报 --encrypt "$TMP/pwbom" > "$TMP/stop.log" 2>&1 &
pid=$!
while kill -0 "$pid" 2> /dev/null; do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2> /dev/null)
    if [ "$state" = T ]; then
        stops=$((stops + 1))
        while IFS= read -r -d '' f; do
            key="$f:$(stat -c '%i:%s:%Y' "$f")"
            [ -n "${seen[$key]:-}" ] && continue # looked at in an earlier stop, unchanged
            seen[$key]=1
            [ "$(head -c 5 "$f")" = "%PDF-" ] || continue # a workbook, or a temporary being written
            qpdf --requires-password "$f" > /dev/null 2>&1 ||
                { plain=$((plain + 1)); echo "  stop $stops: not encrypted: ${f#"$TMP"/}"; }
        done < <(find "$TMP/stop/forms" "$TMP/stop/汇总表" "$TMP/stop/装订册" -type f -print0 2> /dev/null)
        kill -CONT "$pid"
    fi
    sleep 0.01
done
wait "$pid"
rc=$?
pid=
[ "$rc" = 0 ] && ok || { bad "stop-before-rename build: exit $rc"; tail -5 "$TMP/stop.log"; }
[ "$stops" -ge 5 ] && ok || bad "the build stopped before only $stops renames"
[ "$plain" = 0 ] && ok || bad "$plain times an unencrypted PDF with personal data lay on disk"
n_enc=0
for f in "$TMP"/stop/forms/*.pdf "$TMP"/stop/汇总表/*.pdf "$TMP"/stop/装订册/*.pdf; do
    qpdf --requires-password "$f" > /dev/null 2>&1 && qpdf --password=secret --check "$f" > /dev/null 2>&1 &&
        n_enc=$((n_enc + 1))
done
[ "$n_enc" = 3 ] && ok ||
    bad "$n_enc of 3 personal PDFs encrypted and opened by the password typed (the file had a BOM)"
qpdf --show-encryption --password=secret "$TMP"/stop/forms/*.pdf 2>&1 | grep -q 'Supplied password is owner password' &&
    bad "the owner password equals the user password" || ok

# --- refused: --encrypt --dump-layout, blank passwords ----------------------------------
"$BIN" build "$TPL" "$TMP/d1/records.csv" -o "$TMP/dump" --no-check -q --encrypt "$TMP/pw" --dump-layout \
    > "$TMP/dump.log" 2>&1
rc=$?
[ "$rc" = 2 ] && ok || bad "--encrypt --dump-layout: exit $rc, expected 2 (refused)"
[ ! -e "$TMP/dump" ] && ok || bad "--encrypt --dump-layout wrote $(find "$TMP/dump" -name '*.layout.txt' | wc -l) layout dumps"
for blank in '\n' '   \n' '\357\273\277\n' '\t\343\200\200 \r\n'; do
    printf "$blank" > "$TMP/pwblank"
    "$BIN" build "$TPL" "$TMP/d1/records.csv" -o "$TMP/blank" --no-check -q --encrypt "$TMP/pwblank" \
        > "$TMP/blank.log" 2>&1
    rc=$?
    [ "$rc" = 2 ] && grep -q '密码' "$TMP/blank.log" && ok || bad "blank password '$blank': exit $rc, expected 2"
done

# --- options ---------------------------------------------------------------------------
usage() { # a build in $TMP with these options must be a usage error
    (cd "$TMP" && "$BIN" build "$OLDPWD/$TPL" "$TMP/d1/records.csv" --stage 公示 --no-check -q "$@") \
        > "$TMP/opt.log" 2>&1
    local rc=$?
    [ "$rc" = 2 ] && ok || bad "build $*: exit $rc, expected 2 (usage error)"
}
usage -o ''
usage --out=
usage -j abc
usage -j 0
usage -j -1
usage -j 2x
usage --jobs ''
usage -j
[ ! -e "$TMP/公示" ] && ok || bad "-o \"\" wrote into the current folder"
for args in "-j2 --out=$TMP/eq" "--jobs=1 -o$TMP/glued"; do
    "$BIN" build "$TPL" "$TMP/d1/records.csv" --stage 公示 --no-check -q $args > "$TMP/opt.log" 2>&1
    rc=$?
    [ "$rc" = 0 ] && ok || { bad "build $args: exit $rc, expected 0"; tail -2 "$TMP/opt.log"; }
done
[ -n "$(compgen -G "$TMP/eq/公示/*.pdf")" ] && ok || bad "--out=DIR did not write into DIR"
[ -n "$(compgen -G "$TMP/glued/公示/*.pdf")" ] && ok || bad "-oDIR did not write into DIR"

# --- file names: a 10,000-character unit, Li Ming / LI MING ------------------------------
$PY - "$TMP/d1/records.csv" "$TMP/names" <<'PY'
import csv, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
rows = list(csv.reader(open(src, encoding="utf-8", newline="")))
head, rec = rows[0], rows[1]
long_unit = list(rec); long_unit[head.index("推荐单位")] = "海" * 10000
li = list(rec); li[head.index("姓名")] = "Li Ming"; li[head.index("序号")] = "2"
LI = list(rec); LI[head.index("姓名")] = "LI MING"; LI[head.index("序号")] = "3"
with open(os.path.join(out, "records.csv"), "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows([head, long_unit, li, LI])
PY
cp -r "$TMP/d1/photos" "$TMP/d1/attachments" "$TMP/d1/units.csv" "$TMP/names/" 2> /dev/null
$PY - "$TMP/names/units.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
unit = list(rows[1]); unit[rows[0].index("推荐单位")] = "海" * 10000
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows + [unit])
PY
"$BIN" build "$TPL" "$TMP/names/records.csv" -o "$TMP/long" --no-check -q -j 1 > "$TMP/long.log" 2>&1
forms=$(find "$TMP/long/forms" -type f -name '1_*' | wc -l)
[ "$forms" = 1 ] && [ -n "$(find "$TMP/long/forms" -type f -name '1_*.pdf')" ] && ok ||
    bad "a 10,000-character 推荐单位: the form is not a .pdf: $(ls "$TMP/long/forms" | cut -c1-40)"
[ -n "$(find "$TMP/long/汇总表" -name '海*.xlsx')" ] && [ -n "$(find "$TMP/long/汇总表" -name '海*.pdf')" ] && ok ||
    bad "a 10,000-character 推荐单位: the unit's 汇总表 XLSX and PDF are not both there: $(ls "$TMP/long/汇总表" | cut -c1-20 | tr '\n' ' ')"
long=$(find "$TMP/long" -mindepth 1 -printf '%f\n' | LC_ALL=C awk '{ if (length($0) > 255) n++ } END { print n + 0 }')
[ "$long" = 0 ] && ok || bad "$long names longer than 255 bytes"
certs=$(find "$TMP/long/证书" -name '*_Li Ming_*' -o -name '*_LI MING_*' | tr 'A-Z' 'a-z' | sort -u | wc -l)
[ "$certs" = 2 ] && ok || bad "Li Ming / LI MING: $certs certificate names distinct without case (expected 2): $(ls "$TMP/long/证书" | tr '\n' ' ')"
complete "$TMP/long" "names"

echo "writes: $pass passed, $fail failed"
[ "$fail" = 0 ]
