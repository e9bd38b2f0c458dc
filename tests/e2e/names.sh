#!/bin/bash
# Safe names and paths: output file names made from record fields cannot
# leave the output folder, make folders, carry control characters or
# characters Windows forbids, or exceed 255 bytes, and namesakes never
# overwrite each other; photo and attachment paths in records that point
# outside the records' folder (.., absolute, a drive, a backslash) fail
# their record - or, for attachments, the unit's packet - with a message.
# Records: tests/e2e/make_hostile.py.
#   tests/e2e/names.sh ./wenshu
. "$(dirname "$0")/lib.sh"
expect() { # NAME LOG PATTERN...: every pattern (grep -E) is in LOG
    local name=$1 log=$2
    shift 2
    for p in "$@"; do
        grep -qE -- "$p" "$log" || { bad "$name: output lacks /$p/"; head -30 "$log" | sed 's/^/    /'; return; }
    done
    ok
}

$PY tests/e2e/make_hostile.py samples/jiaxing-2020/candidates.csv "$TMP/data" || {
    echo "names: 0 passed, 1 failed"; exit 1; }
mkdir -p "$TMP/box"
OUT=$TMP/box/out

# --- hostile 姓名 / 推荐单位 / 序号 ------------------------------------------------
# (a copy of the template whose certificate may run to two pages: the 200-character 姓名 would
# otherwise fail its record on max_pages: 1, and its file names are what is tested here)
mkdir -p "$TMP/tpl"
cp -r templates/_shared templates/jiaxing-2020 "$TMP/tpl/"
sed -i '/^  max_pages: 1/d' "$TMP/tpl/jiaxing-2020/certificate.yaml"
"$BIN" build "$TMP/tpl/jiaxing-2020" "$TMP/data/names.csv" -o "$OUT" --no-check > "$TMP/names.log" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "hostile names: exit $rc, expected 1"
expect "hostile names: the summary" "$TMP/names.log" "成功 10，失败 2"
expect "control characters fail their record, naming row and field" "$TMP/names.log" \
    "names.csv 第8行 .*「姓名」：含有不可见的控制字符（U\+0001）" \
    "names.csv 第9行 .*「推荐单位」：含有不可见的控制字符（U\+001B）"

# nothing was written beside the output folder or outside it
extra=$(find "$TMP/box" -mindepth 1 -maxdepth 1 ! -name out; find "$TMP" -maxdepth 1 -mindepth 1 \
    ! -name box ! -name data ! -name tpl ! -name secret.jpg ! -name '*.log')
[ -z "$extra" ] && ok || bad "files outside the output folder: $extra"
[ -z "$(find "$OUT" -type l)" ] && ok || bad "symbolic links in the output: $(find "$OUT" -type l)"

# every path component is a safe file name; folders are only the template's own
if $PY - "$OUT" > "$TMP/components.log" 2>&1 <<'PYEOF'
import os, sys
out = sys.argv[1].encode()
FOLDERS = {"forms", "证书", "推荐函", "汇总表", "装订册", "公示"}
DEVICES = {"CON", "PRN", "AUX", "NUL"} | {"COM%d" % i for i in range(1, 10)} | {"LPT%d" % i for i in range(1, 10)}
problems = []
for root, dirs, files in os.walk(out):
    for name in dirs + files:
        if root == out and name == b".wenshu-made":  # the build's own list of its files
            continue
        rel = os.path.relpath(os.path.join(root, name), out).decode()
        parts = rel.split("/")
        if name in dirs and (len(parts) > 1 or parts[0] not in FOLDERS):
            problems.append("unexpected folder: " + rel)
        if len(parts) > 2:
            problems.append("too deep: " + rel)
        if len(name) > 255:
            problems.append("%d bytes: %s" % (len(name), rel))
        s = name.decode("utf-8", "replace")
        if "\ufffd" in s:
            problems.append("not UTF-8: " + rel)
        if any(ord(c) < 0x20 or ord(c) == 0x7F or 0x80 <= ord(c) < 0xA0 for c in s):
            problems.append("control character: " + repr(rel))
        if any(c in s for c in '<>:"\\|?*'):
            problems.append("Windows-forbidden character: " + rel)
        if s.endswith((".", " ")) or s.startswith((".", " ")) or s in (".", ".."):
            problems.append("leading/trailing dot or space: " + repr(rel))
        if s.split(".")[0].upper() in DEVICES:
            problems.append("Windows device name: " + rel)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PYEOF
then ok; else bad "unsafe output names:"; head -20 "$TMP/components.log"; fi

# one form and one certificate per record that came out: nobody overwrote anybody
made=$(grep -c '^\[成功\] 第' "$TMP/names.log")
forms=$(find "$OUT/forms" -name '*.pdf' | wc -l)
certs=$(find "$OUT/证书" -name '*.pdf' ! -name '*合订本*' | wc -l)
[ "$made" = 10 ] && [ "$forms" = 10 ] && [ "$certs" = 10 ] && ok ||
    bad "records made $made, forms $forms, certificates $certs (expected 10 each)"
if [ -f "$OUT/证书/嘉善县_王同名_荣誉证书.pdf" ] && [ -f "$OUT/证书/嘉善县_王同名_荣誉证书-2.pdf" ] &&
    [ "$(find "$OUT/forms" -name '*_嘉善县_王同名.pdf' | wc -l)" = 2 ]; then ok; else
    bad "namesakes: expected two forms and 嘉善县_王同名_荣誉证书.pdf + -2.pdf"; ls "$OUT/证书" "$OUT/forms"; fi
# the two namesakes' certificates are two documents (sequence numbers differ), not one written twice
if ! cmp -s "$OUT/证书/嘉善县_王同名_荣誉证书.pdf" "$OUT/证书/嘉善县_王同名_荣誉证书-2.pdf"; then ok; else
    bad "namesakes: the two certificates are the same file"; fi
# each record's line names the file it wrote, and that file exists
missing=0
while IFS= read -r f; do [ -f "$f" ] || { missing=$((missing + 1)); echo "  announced but missing: $f"; }; done < <(
    grep '^\[成功\] 第' "$TMP/names.log" | sed 's/.* → //; s/（[0-9]* 页.*//; s/、/\n/g')
[ $missing = 0 ] && ok || bad "$missing announced outputs missing"

# --- photo and attachment paths ------------------------------------------------------
"$BIN" build templates/jiaxing-2020 "$TMP/data/paths.csv" -o "$TMP/box/out2" --no-check \
    --units samples/jiaxing-2020/units.csv > "$TMP/paths.log" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "hostile paths: exit $rc, expected 1"
OUTSIDE="不在记录表所在的文件夹内"
expect "photo paths outside the records' folder fail their record" "$TMP/paths.log" \
    "第2行 王一：「照片」：路径「\.\./secret\.jpg」$OUTSIDE" \
    "第3行 王二：「照片」：路径「/.*secret\.jpg」$OUTSIDE" \
    "第4行 王三：「照片」：路径「photos/\.\./\.\./secret\.jpg」$OUTSIDE" \
    "第5行 王四：「照片」：路径「C:.secret\.jpg」$OUTSIDE" \
    "第6行 王五：「照片」：路径「photos.01\.jpg」$OUTSIDE" \
    "\[成功\] 第7行 王六" "成功 4，失败 5"
# an attachment path outside the folder is never read: the packet shows a page saying so
expect "attachment paths outside the records' folder are refused, named, and replaced by a page" "$TMP/paths.log" \
    "\[警告\] .*「佐证材料」\.\./secret\.jpg（.*$OUTSIDE.*装订册中以说明页代替" \
    "\[警告\] .*「佐证材料」/.*secret\.jpg（.*$OUTSIDE.*装订册中以说明页代替" \
    "\[成功\] 装订册（桐乡市）" "佐证材料缺失或无法读取"
for u in 平湖市 海宁市; do
    f="$TMP/box/out2/装订册/${u}_推荐材料.pdf"
    if [ -f "$f" ] && pdftotext "$f" - | tr -d ' \n' | grep -q "佐证材料缺失.*不在记录表所在的文件夹内" &&
        ! pdfimages -list "$f" 2>/dev/null | grep -q "$(stat -c %s "$TMP/secret.jpg" 2>/dev/null || echo none)B"; then
        ok
    else
        bad "packet $u: missing, or without the page naming the refused path"
    fi
done
# wenshu check says the same before anything is built
"$BIN" check templates/jiaxing-2020 "$TMP/data/paths.csv" > "$TMP/check.log" 2>&1
expect "wenshu check flags the same paths" "$TMP/check.log" \
    "第2行 .*照片.*路径不在记录表所在的文件夹内" "第5行 .*照片.*路径不在记录表所在的文件夹内" \
    "第6行 .*照片.*路径不在记录表所在的文件夹内"

echo "names: $pass passed, $fail failed"
[ "$fail" = 0 ]
