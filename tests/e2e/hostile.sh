#!/bin/bash
# Hostile and broken inputs that used to hang wenshu, exhaust memory or get a
# wrong diagnosis (issue 11, items 11, 12, 19, 20):
#   - a YAML alias bomb in a template is refused with file:line, fast, under ulimit -v;
#   - an empty template YAML is called empty, not missing;
#   - a FIFO, a folder or a device as 照片 or 佐证材料 (or as the records file, a template
#     file, --units) never blocks the build (timeout),
#     and the message says what the path is;
#   - a 20000×20000 PNG is "too large", not "damaged";
#   - a 10,000-character value that cannot fit names its field;
#   - qpdf's English WARNING lines (a damaged PDF attachment) stay off the terminal;
#   - units.csv: a duplicate unit and an impossible 推荐日期 are errors naming rows and
#     fields; that unit's 推荐函 fails with the message, the other unit's comes out.
#   tests/e2e/hostile.sh ./wenshu
. "$(dirname "$0")/lib.sh"
expect() { # NAME WANT_RC GOT_RC LOG PATTERN...: exit code and every pattern (grep -E)
    local name=$1 want=$2 got=$3 log=$4
    shift 4
    [ "$got" = "$want" ] || { bad "$name: exit $got, expected $want"; head -30 "$log" | sed 's/^/    /'; return; }
    for p in "$@"; do
        grep -qE -- "$p" "$log" || { bad "$name: output lacks /$p/"; head -30 "$log" | sed 's/^/    /'; return; }
    done
    ok
}
lacks() { # NAME LOG PATTERN: the pattern is not in LOG
    if grep -qE -- "$3" "$2"; then bad "$1: output has /$3/"; grep -E -- "$3" "$2" | head -5; else ok; fi
}
REC=tests/golden/jiaxing-form/records.csv
san=false
case $BIN in *build-san*) san=true ;; esac

# --- item 11: a YAML alias bomb (nine levels of nine: 9^9 nodes once expanded) ----------
cp -r templates/jiaxing-2020 "$TMP/bomb"
{
    echo 'bomb:'
    echo '  l0: &l0 [x, x, x, x, x, x, x, x, x]'
    for i in 1 2 3 4 5 6 7 8; do
        p="*l$((i - 1))"
        echo "  l$i: &l$i [$p, $p, $p, $p, $p, $p, $p, $p, $p]"
    done
} >> "$TMP/bomb/program.yaml"
bomb_line=$(grep -n '^  l5:' "$TMP/bomb/program.yaml" | cut -d: -f1)
# CPU seconds (user + system), not wall time: the machine running the tests may be busy
if $san; then # ASan reserves terabytes of address space: no ulimit -v under it
    timeout 20 /usr/bin/time -f "%U %S" -o "$TMP/bomb.time" "$BIN" check "$TMP/bomb" "$REC" > "$TMP/bomb.log" 2>&1
else
    (ulimit -v 1000000; timeout 20 /usr/bin/time -f "%U %S" -o "$TMP/bomb.time" "$BIN" check "$TMP/bomb" "$REC") \
        > "$TMP/bomb.log" 2>&1
fi
rc=$?
secs=$(tail -1 "$TMP/bomb.time" 2>/dev/null | awk '{print $1 + $2}')
expect "alias bomb refused with file:line" 2 $rc "$TMP/bomb.log" \
    "bomb/program.yaml:$bomb_line: .*别名" "展开"
limit=0.5
$san && limit=5
[ -n "$secs" ] && [ "$(echo "$secs < $limit" | bc)" = 1 ] && ok || bad "alias bomb took ${secs:-?} s of CPU (limit $limit s)"
# aliases a real template uses (jinzhong-2019/consult.yaml) still load
"$BIN" check templates/jinzhong-2019 samples/jinzhong-2019/candidates.csv > "$TMP/aliases.log" 2>&1
rc=$?
[ $rc != 2 ] && ok || { bad "a template with ordinary aliases no longer loads"; head "$TMP/aliases.log"; }

# --- item 19: an empty template YAML is empty, not missing ------------------------------
cp -r templates/jiaxing-2020 "$TMP/empty"
: > "$TMP/empty/letter.yaml"
"$BIN" check "$TMP/empty" "$REC" > "$TMP/empty.log" 2>&1
expect "empty YAML called empty" 2 $? "$TMP/empty.log" "empty/letter.yaml.*是空的"
lacks "empty YAML is not 'missing'" "$TMP/empty.log" "不存在"
printf '# nothing but a comment\n\n' > "$TMP/empty/letter.yaml"
"$BIN" check "$TMP/empty" "$REC" > "$TMP/empty2.log" 2>&1
expect "comment-only YAML called empty" 2 $? "$TMP/empty2.log" "empty/letter.yaml.*是空的"

# a FIFO as a template file or as --units never blocks either
cp -r templates/jiaxing-2020 "$TMP/fifo-tpl"
rm "$TMP/fifo-tpl/letter.yaml"
mkfifo "$TMP/fifo-tpl/letter.yaml" "$TMP/units-fifo.csv"
timeout 20 "$BIN" check "$TMP/fifo-tpl" "$REC" > "$TMP/fifo-tpl.log" 2>&1
expect "a FIFO as a template file" 2 $? "$TMP/fifo-tpl.log" "letter.yaml: 是命名管道（FIFO）"
timeout 20 "$BIN" check templates/jiaxing-2020 "$REC" --units "$TMP/units-fifo.csv" > "$TMP/fifo-units.log" 2>&1
expect "a FIFO as --units" 2 $? "$TMP/fifo-units.log" "units-fifo.csv 是命名管道（FIFO）"
# … nor as the records file itself (CSV or XLSX)
mkfifo "$TMP/records-fifo.csv" "$TMP/records-fifo.xlsx"
for f in records-fifo.csv records-fifo.xlsx; do
    timeout 20 "$BIN" check templates/jiaxing-2020 "$TMP/$f" > "$TMP/$f.log" 2>&1
    expect "a FIFO as the records file ($f)" 2 $? "$TMP/$f.log" "无法打开 .*$f：是命名管道（FIFO）"
done

# --- item 12 (and 19): FIFOs, folders and devices as 照片 / 佐证材料; a huge PNG ---------
D=$TMP/media
mkdir -p "$D/photos" "$D/attachments/folder.pdf" "$D/photos/folder.jpg"
cp tests/golden/jiaxing-form/units.csv "$D/"
mkfifo "$D/photos/pipe.jpg" "$D/attachments/pipe.pdf"
ln -s /dev/zero "$D/photos/zero.jpg"
ln -s /dev/zero "$D/attachments/zero.pdf"
cp tests/data/bad/photos/ok.jpg "$D/photos/ok.jpg"
$PY - "$D/photos/huge.png" <<'PY'
import struct, sys, zlib
w = h = 20000                      # 400 megapixels, 1-bit gray: a few kB on disk
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
row = b'\0' + b'\0' * (w // 8)
z = zlib.compressobj(9)
idat = b''.join(z.compress(row) for _ in range(h)) + z.flush()
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 1, 0, 0, 0, 0))
                              + chunk(b'IDAT', idat) + chunk(b'IEND', b''))
PY
# a PDF qpdf can read only by repairing it (its xref offset is wrong): qpdf warns in English
$PY - samples/jiaxing-2020/attachments/01_职业资格证书.pdf "$D/attachments/damaged.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
data = re.sub(rb'startxref\s+\d+', b'startxref\n12', data)
open(sys.argv[2], 'wb').write(data)
PY
$PY - "$REC" "$D/records.csv" <<'PY'
import csv, sys
base = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))[0]
cases = [('管道', 'photos/pipe.jpg', ''), ('文件夹', 'photos/folder.jpg', ''),
         ('设备', 'photos/zero.jpg', ''), ('巨图', 'photos/huge.png', ''),
         ('附件', 'photos/ok.jpg', 'attachments/pipe.pdf;attachments/folder.pdf;attachments/zero.pdf;attachments/damaged.pdf')]
fields = list(base.keys()) + [f for f in ('照片', '佐证材料') if f not in base]
w = csv.DictWriter(open(sys.argv[2], 'w', encoding='utf-8', newline=''), fieldnames=fields)
w.writeheader()
for name, photo, files in cases:
    r = dict(base, 姓名=name, 照片=photo, 佐证材料=files)
    if files:
        r['推荐单位'] = '桐乡市'  # a packet of its own: the other unit's records all fail
    w.writerow(r)
PY
timeout 120 "$BIN" build templates/jiaxing-2020 "$D/records.csv" -o "$TMP/mo" --no-check --stage 申报 \
    > "$TMP/media.log" 2> "$TMP/media.err"
rc=$?
cat "$TMP/media.err" >> "$TMP/media.log"
expect "FIFO, folder, device, huge PNG as photos: the build ends, each named" 1 $rc "$TMP/media.log" \
    "第2行 管道：「照片」：.*pipe.jpg 是命名管道（FIFO），不是普通文件" \
    "第3行 文件夹：「照片」：.*folder.jpg 是文件夹，不是文件" \
    "第4行 设备：「照片」：.*zero.jpg 是设备文件" \
    "第5行 巨图：「照片」：.*huge.png 太大.*20000×20000" \
    "\[成功\] 第6行 附件" "成功 1，失败 4"
# (the scratch folder's random name, in every path of the log, may itself hold "MB")
sed "s|$TMP||g" "$TMP/media.log" > "$TMP/media.paths-out.log"
lacks "a folder is not a size" "$TMP/media.paths-out.log" "MB"
lacks "a huge PNG is not damaged" "$TMP/media.log" "已损坏"
expect "FIFO, folder, device as attachments: named in the packet's lines" 1 $rc "$TMP/media.log" \
    "「佐证材料」attachments/pipe.pdf（是命名管道（FIFO），不是普通文件）" \
    "「佐证材料」attachments/folder.pdf（是文件夹，不是文件）" \
    "「佐证材料」attachments/zero.pdf（是设备文件" "\[成功\] 装订册（桐乡市）"
lacks "qpdf's English warnings stay off the terminal" "$TMP/media.log" "WARNING"
timeout 60 "$BIN" check templates/jiaxing-2020 "$D/records.csv" > "$TMP/mcheck.log" 2>&1
rc=$?
expect "check says the same about the photos, and ends" 1 $rc "$TMP/mcheck.log" \
    "第2行.*pipe.jpg 是命名管道（FIFO）" "第3行.*folder.jpg 是文件夹" "第4行.*zero.jpg 是设备文件" \
    "第5行.*huge.png 太大" "第6行.*attachments/pipe.pdf 是命名管道（FIFO）"

# --- item 19: a 10,000-character value that cannot fit names its field -------------------
$PY - "$REC" "$TMP/long.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
rows[0]['民族'] = '汉' * 10000
w = csv.DictWriter(open(sys.argv[2], 'w', encoding='utf-8', newline=''), fieldnames=list(rows[0].keys()))
w.writeheader()
w.writerows(rows)
PY
cp tests/golden/jiaxing-form/units.csv "$TMP/"
"$BIN" build templates/jiaxing-2020 "$TMP/long.csv" -o "$TMP/lo" --no-check --stage 申报 > "$TMP/long.log" 2>&1
expect "a value too long to fit names its field" 1 $? "$TMP/long.log" \
    "第2行 .*「民族」.*太多" "\[成功\] 第3行"

# --- item 20: units.csv validated like the records ----------------------------------------
U=$TMP/units
mkdir -p "$U"
cp "$REC" "$U/records.csv"
cat > "$U/units.csv" <<'CSV'
推荐单位,填报人,联系电话,手机,推荐日期,落款单位
嘉善县,张敏,0573-84123456,13905731234,2020-08-05,嘉善县人力资源和社会保障局
桐乡市,李华,0573-88123456,13805739876,2020-13-45,桐乡市人力资源和社会保障局
嘉善县,王五,0573-84000000,13900000000,2020-08-07,嘉善县人力资源和社会保障局
CSV
"$BIN" build templates/jiaxing-2020 "$U/records.csv" -o "$TMP/uo" --force --stage 申报 > "$TMP/units.log" 2>&1
rc=$?
expect "units.csv: duplicate unit and impossible date are errors" 1 $rc "$TMP/units.log" \
    "units.csv 第2行和第4行.*「嘉善县」" "units.csv 第3行「推荐日期」：.*2020-13-45" \
    "\[失败\] 推荐函（嘉善县）：.*第2行和第4行" "\[失败\] 推荐函（桐乡市）：.*第3行「推荐日期」"
lacks "the impossible date is never printed" "$TMP/units.log" "\[成功\] 推荐函"
[ ! -e "$TMP/uo/推荐函/桐乡市_推荐函.pdf" ] && ok || bad "a letter with 2020-13-45 was written"
# a packet whose cover is the only part printing unit.* (报送日期) fails the same way
cp -r templates/jiaxing-2020 "$TMP/cover-tpl"
cp -r templates/_shared "$TMP/" # holidays.tsv beside the copied template
sed -i '/document: 推荐函, title/d; /document: 汇总表（PDF）, title/d' "$TMP/cover-tpl/packet.yaml"
"$BIN" build "$TMP/cover-tpl" "$U/records.csv" -o "$TMP/uc" --force --stage 申报 > "$TMP/ucover.log" 2>&1
expect "a packet's cover is never printed from a refused units row" 1 $? "$TMP/ucover.log" \
    "\[失败\] 装订册（桐乡市）：.*第3行「推荐日期」"
# the same, for `wenshu check`
"$BIN" check templates/jiaxing-2020 "$U/records.csv" > "$TMP/ucheck.log" 2>&1
expect "check reports the units file too" 1 $? "$TMP/ucheck.log" \
    "units.csv 第2行和第4行.*「嘉善县」" "units.csv 第3行「推荐日期」"
"$BIN" check templates/jiaxing-2020 "$U/records.csv" --json > "$TMP/ucheck.json" 2> /dev/null
if $PY - "$TMP/ucheck.json" <<'PY'
import json, sys
u = json.load(open(sys.argv[1]))["units"]
rows = [e["row"] for e in u["errors"]]
assert u["path"].endswith("units.csv") and rows == [2, 3], rows
assert "第2行和第4行" in u["errors"][0]["message"] and "2020-13-45" in u["errors"][1]["message"]
PY
then ok; else bad "check --json lists the units file's errors"; fi
# a good units file: no unit errors, the letters come out
cp tests/golden/jiaxing-form/units.csv "$U/units.csv"
"$BIN" build templates/jiaxing-2020 "$U/records.csv" -o "$TMP/uo2" --force --stage 申报 > "$TMP/units2.log" 2>&1
expect "a good units file" 1 $? "$TMP/units2.log" "\[成功\] 推荐函（嘉善县）" "\[成功\] 推荐函（桐乡市）"
lacks "a good units file has no unit errors" "$TMP/units2.log" "units.csv 第"

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
