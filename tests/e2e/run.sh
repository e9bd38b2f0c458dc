#!/bin/bash
# End-to-end: run the CLI as a clerk would, on the samples and on bad input,
# and check the results with public tools (tests/e2e/pdfcheck.py).
#   tests/e2e/run.sh ./wenshu
. "$(dirname "$0")/lib.sh"


# expect NAME EXIT_CODE LOG PATTERN... : the run exited with EXIT_CODE and its
# output contains every PATTERN (grep -E).
expect() {
    local name=$1 want=$2 got=$3 log=$4
    shift 4
    [ "$got" = "$want" ] || { bad "$name: exit $got, expected $want"; sed 's/^/    /' "$log" | head -20; return; }
    for p in "$@"; do
        grep -qE -- "$p" "$log" || { bad "$name: output lacks /$p/"; sed 's/^/    /' "$log" | head -20; return; }
    done
    ok
}

build() { # out-name records [options]: runs wenshu build, log in $TMP/<name>.log, sets rc
    local name=$1 records=$2
    shift 2
    "$BIN" build templates/jiaxing-2020 "$records" -o "$TMP/$name" "$@" > "$TMP/$name.log" 2>&1
    rc=$?
}

# --- every sample program: builds clean, every PDF passes the checker -----------------
for dir in samples/*/; do
    program=$(basename "$dir")
    [ -f "$dir/candidates.csv" ] && [ -d "templates/$program" ] || continue
    "$BIN" build "templates/$program" "$dir/candidates.csv" -o "$TMP/$program" > "$TMP/$program.log" 2>&1
    expect "samples/$program builds" 0 $? "$TMP/$program.log" "失败 0"
    if $PY tests/e2e/pdfcheck.py "templates/$program" "$dir/candidates.csv" "$TMP/$program.log" > "$TMP/$program.check" 2>&1; then
        ok
    else
        bad "samples/$program: pdfcheck"
        tail -20 "$TMP/$program.check"
    fi
done

# --- a line that names a record's row does not name it again in its message ("第7行 张三：第7行「照片」")
build errors-lines samples/jiaxing-2020/candidates-errors.csv
if grep -E '第([0-9]+)行 [^：]*：第\1行' "$TMP/errors-lines.log" > "$TMP/errors-lines.dup"; then
    bad "a record's row said twice on one line"
    head -3 "$TMP/errors-lines.dup"
elif grep -qE '^\[(警告|未生成)\] .* 第[0-9]+行 .*：「' "$TMP/errors-lines.log"; then
    ok
else
    bad "no record warning lines to look at"
    head -5 "$TMP/errors-lines.log"
fi

# --- encodings: GB18030 and BOM copies of the sample build the same ------------------
SAMPLE=samples/jiaxing-2020/candidates.csv
if [ -f "$SAMPLE" ]; then
    mkdir -p "$TMP/enc"
    cp -r samples/jiaxing-2020/* "$TMP/enc/"
    iconv -f UTF-8 -t GB18030 "$SAMPLE" > "$TMP/enc/gb.csv"
    { printf '\xef\xbb\xbf'; cat "$SAMPLE"; } > "$TMP/enc/bom.csv"
    build gb "$TMP/enc/gb.csv"
    expect "GB18030 csv" 0 $rc "$TMP/gb.log" "GB18030" "失败 0"
    build bom "$TMP/enc/bom.csv"
    expect "UTF-8 BOM csv" 0 $rc "$TMP/bom.log" "UTF-8 \(BOM\)" "失败 0"
fi

# --- bad input: clear message naming file, row and field; the others still come out ----
# These records break the program's rules too (wenshu check covers that, tests/e2e/check.sh);
# here the engine itself is under test, so the rules are skipped with --no-check.
D=tests/data/bad
raw_build() { build "$@" --no-check; }
raw_build ragged $D/ragged.csv
expect "ragged rows" 1 $rc "$TMP/ragged.log" "ragged.csv 第3行 赵二：这一行有 26 个单元格" \
    "\[警告\] .*ragged.csv 第4行.*这一行只有 20 个单元格" "成功 3，失败 1"
raw_build quote $D/lone-quote.csv
expect "unclosed quote" 1 $rc "$TMP/quote.log" "lone-quote.csv 第3行：引号没有闭合" "成功 2，失败 1"
raw_build utf8 $D/invalid-utf8.csv
expect "invalid UTF-8" 1 $rc "$TMP/utf8.log" "invalid-utf8.csv 第3行 .*「姓名」：含有无效的 UTF-8 字节" "成功 2，失败 1"
raw_build column $D/missing-column.csv
expect "missing column" 2 $rc "$TMP/column.log" "missing-column.csv：缺少必需的列 「身份证号」"
raw_build glyphs $D/glyphs.csv
expect "characters no font has" 1 $rc "$TMP/glyphs.log" "第2行 .*「姓名」：字符「𗀀」（U\+17000）没有任何已安装的字体包含" \
    "第3行 赵二：「主要贡献」：含有私用区字符（U\+E123）" "第4行 钱三：「主要贡献」：含有不可见的控制字符（U\+0007）" \
    "\[成功\] 第5行 堃喆龑䶮𠀾" "成功 1，失败 3"
raw_build long $D/long.csv --units samples/jiaxing-2020/units.csv
# exit 1: the packet shows a 未提交 page for the 佐证材料 the notice requires (long.csv has none)
expect "10,000 and 100,000 characters, an empty record" 1 $rc "$TMP/long.log" "成功 3，失败 0" "「佐证材料」未提交"
raw_build names $D/names.csv
expect "hostile names" 1 $rc "$TMP/names.log" "第6行 王\\\\u0007二：「姓名」：含有不可见的控制字符" "成功 5，失败 1"
if [ -f "$TMP/names/forms/1_嘉善县_王一.pdf" ] && [ -f "$TMP/names/forms/2_嘉善县_王一.pdf" ] &&
   [ -z "$(find "$TMP/names" -mindepth 2 -type d)" ] && [ -z "$(find "$TMP/names" -name '*..*' -path '*/../*')" ]; then
    ok
else
    bad "hostile names: outputs escaped the folder or were overwritten"; find "$TMP/names"
fi
long_name=$(find "$TMP/names/forms" -name '6_*')
if [ -n "$long_name" ] && [ "$(basename "$long_name" | wc -c)" -le 256 ] && [[ "$long_name" == *.pdf ]]; then ok; else bad "a 200-character name: $long_name"; fi

if [ -d tests/data/photos ]; then
    raw_build photos $D/photos.csv
    expect "photos" 1 $rc "$TMP/photos.log" \
        "第2行 王一：「照片」：路径「../photos/no-such.jpg」不在记录表所在的文件夹内" \
        "\[成功\] 第3行 赵二 → .*「照片」：找不到照片文件 nope.jpg，表上留出照片框" \
        "第4行 钱三：「照片」：JPEG 图片 .*corrupt.jpg (已损坏|不完整)" \
        "第5行 孙四：「照片」：.*not-an-image.jpg 不是 JPEG 或 PNG 图片" \
        "\[成功\] 第6行 李五" "\[成功\] 第7行 周六" "\[成功\] 第8行 吴七" "\[成功\] 第9行 郑八" \
        "成功 5，失败 3"
fi

# --- the CLI itself -----------------------------------------------------------------
"$BIN" --help > "$TMP/help.log" 2>&1
expect "wenshu --help" 0 $? "$TMP/help.log" "build" "退出状态"
"$BIN" build --help > "$TMP/bhelp.log" 2>&1
expect "wenshu build --help" 0 $? "$TMP/bhelp.log" "-o, --out" "退出状态：0"
"$BIN" build > "$TMP/usage.log" 2>&1
expect "usage error" 2 $? "$TMP/usage.log" "需要模板文件夹和记录表"
"$BIN" build templates/no-such "$D/ragged.csv" > "$TMP/tpl.log" 2>&1
expect "missing template" 2 $? "$TMP/tpl.log" "模板文件夹 templates/no-such 不存在"

# --- a stage the template does not have is refused before anything is read or made: it used to
# read the records, print their warnings and make an empty -o folder first
"$BIN" build templates/jiaxing-2020 samples/jiaxing-2020/candidates.csv -o "$TMP/nostage" --stage 评审 \
    > "$TMP/nostage.log" 2>&1
rc=$?
[ $rc = 2 ] && [ ! -e "$TMP/nostage" ] && ! grep -q '^读取\|^\[警告\]' "$TMP/nostage.log" &&
    grep -q '没有阶段为「评审」.*申报、公示、表彰' "$TMP/nostage.log" && ok ||
    { bad "an unknown --stage (exit $rc)"; cat "$TMP/nostage.log"; }

# --- the units line counts units, not rows: a blank row and a unit's second row are not units
mkdir -p "$TMP/ucount"
cp -r samples/jiaxing-2020/. "$TMP/ucount/"
{ cat samples/jiaxing-2020/units.csv; echo ',,,,,,,,'; sed -n 2p samples/jiaxing-2020/units.csv; } > "$TMP/ucount/units.csv"
"$BIN" build templates/jiaxing-2020 "$TMP/ucount/candidates.csv" -o "$TMP/ucount/out" --stage 公示 > "$TMP/ucount.log" 2>&1
grep -q '^单位信息：.*（9 个单位）' "$TMP/ucount.log" && ok || { bad "units counted by rows"; grep '^单位信息' "$TMP/ucount.log"; }

echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
