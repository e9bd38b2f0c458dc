#!/bin/bash
# CFF-outline OpenType faces (issue 12, "Better free stand-ins"): every role
# set in Noto Serif/Sans CJK SC (fonts-noto-cjk), the 嘉兴 sample built, and
# every PDF checked with public tools:
#   - pdfcheck.py (qpdf --check, fonts embedded, the record's text extracted,
#     no .notdef glyph in mutool trace);
#   - pdffonts lists each Noto face as an embedded, subset "CID Type 0C" font
#     with a ToUnicode map;
#   - glyphcheck.py: every ideograph drawn is the font's glyph for the
#     character the text says (text extraction reads ToUnicode and would not
#     see a code that selects the wrong glyph through the CFF charset).
# Prints "fonts: N passed, N failed".
#   tests/e2e/fonts.sh ./wenshu
. "$(dirname "$0")/lib.sh"

face_of() { # family style → "file index" as fontconfig lists it
    fc-match -f '%{file} %{index}' "$1:style=$2"
}
SERIF=$(face_of "Noto Serif CJK SC" Regular)
SERIF_FILE=$(fc-match -f '%{file}' "Noto Serif CJK SC:style=Regular")
SANS=$(face_of "Noto Sans CJK SC" Regular)
case "$SERIF $SANS" in
*NotoSerifCJK*NotoSansCJK*) ;;
*)
    bad "Noto Serif/Sans CJK SC not installed (fonts-noto-cjk, scripts/deps.sh): $SERIF / $SANS"
    echo "fonts: $pass passed, $fail failed"
    exit 1
    ;;
esac

# Every role in a CFF face; the fallback faces (TrueType) only for characters
# Noto lacks (𠀾 of the sample's rare names).
mkdir -p "$TMP/fonts"
cat > "$TMP/fonts/roles.yaml" << 'EOF'
roles:
  宋体: ["Noto Serif CJK SC"]
  仿宋: ["Noto Serif CJK SC"]
  楷体: ["Noto Serif CJK SC"]
  黑体: ["Noto Sans CJK SC"]
  小标宋: ["Noto Serif CJK SC:style=Bold"]
fallback: ["AR PL UMing CN", "LXGW WenKai", "WenQuanYi Zen Hei", "AR PL UKai CN"]
EOF
program=jiaxing-2020
"$BIN" build "templates/$program" "samples/$program/candidates.csv" -o "$TMP/out" \
    --fonts-dir "$TMP/fonts" -j 2 > "$TMP/build.log" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "失败 0" "$TMP/build.log"; then ok; else
    bad "$program in Noto CJK: build exit $rc"
    tail -5 "$TMP/build.log"
fi

if $PY tests/e2e/pdfcheck.py "templates/$program" "samples/$program/candidates.csv" \
    "$TMP/build.log" > "$TMP/pdfcheck.out" 2>&1; then ok; else
    bad "$program in Noto CJK: pdfcheck"
    tail -10 "$TMP/pdfcheck.out"
fi

find "$TMP/out" -name '*.pdf' -print0 | sort -z > "$TMP/pdfs"
npdf=0
while IFS= read -r -d '' pdf; do
    npdf=$((npdf + 1))
    name=${pdf#"$TMP/out/"}
    fonts=$(pdffonts "$pdf" 2>&1)
    # name type(3 words) encoding emb sub uni object: the CFF faces are subset CID Type 0C
    wrong=$(echo "$fonts" | awk '/NotoS(erif|ans)CJK/ && !/CID Type 0C +Identity-H +yes +yes +yes/')
    if ! echo "$fonts" | grep -q 'NotoSerifCJK'; then
        bad "$name: no Noto Serif CJK font in pdffonts"
    elif [ -n "$wrong" ]; then
        bad "$name: Noto face not an embedded subset CID Type 0C font with ToUnicode: $wrong"
    else
        ok
    fi
done < "$TMP/pdfs"
[ "$npdf" -gt 40 ] && ok || bad "only $npdf PDFs built"

# The glyphs: the forms (all roles, tables, small sizes) and the certificates
# (rare names), in the regular serif and sans faces and the bold title face.
BOLD=$(face_of "Noto Serif CJK SC" Bold)
glyphs() { # pdf fontname "file index"
    set -- "$1" "$2" $3
    if [ ! -f "$1" ]; then
        bad "no PDF to check the glyphs of $2 in"
        return
    fi
    if $PY tests/e2e/glyphcheck.py "$1" "$2" "$3" "$4" > "$TMP/glyph.out" 2>&1; then ok; else
        bad "${1#"$TMP/out/"}: glyphs of $2"
        head -5 "$TMP/glyph.out"
    fi
    tail -2 "$TMP/glyph.out" | head -1 | sed "s|^|  ${1#"$TMP/out/"}|"
}
form=$(find "$TMP/out/forms" 2>/dev/null -name '*.pdf' | sort | head -1)
cert=$(find "$TMP/out/证书" 2>/dev/null -name '*欧阳堃*.pdf' | head -1)
glyphs "$form" NotoSerifCJKsc-Regular "$SERIF"
glyphs "$form" NotoSansCJKsc-Regular "$SANS"
glyphs "$form" NotoSerifCJKsc-Bold "$BOLD"
glyphs "$cert" NotoSerifCJKsc-Regular "$SERIF"
if [ -f "$cert" ] && pdftotext "$cert" - | grep -q '欧阳堃'; then ok; else bad "certificate: 欧阳堃 not extracted"; fi

# Each CFF subset holds the glyphs drawn and .notdef, nothing else (the
# subset is made from the face's 'CFF ' table alone, without the cmap whose
# variation sequences added glyphs never drawn).
for pdf in "$form" "$cert"; do
    if $PY tests/e2e/cffglyphs.py "$pdf" > "$TMP/cffglyphs.out" 2>&1; then ok; else
        bad "${pdf#"$TMP/out/"}: CFF subset glyphs"
        head -5 "$TMP/cffglyphs.out"
    fi
done

# A damaged CFF font dropped into the fonts folder (make_broken_font.py: its
# maxp one glyph short of its CFF). HarfBuzz cannot subset it and says so only
# by leaving the CFF out: embedded, the text set in it was missing from papers
# said to be made; failed at render, `wenshu build` failed every record while
# `wenshu check` passed them. The font catalog now reads the two counts when
# it resolves the roles, so check and build see the same fonts:
#   - a role whose only font is damaged: both refuse the program (exit 2),
#     naming the file and 已损坏;
#   - a damaged font before a good one: both use the good one (build exit 0,
#     check as with good fonts only), build warns that the damaged file
#     stands aside, `wenshu fonts` lists it.
mkdir -p "$TMP/broken" "$TMP/broken2"
if $PY tests/e2e/make_broken_font.py "$SERIF_FILE" "$TMP/broken/broken.otf"; then ok; else
    bad "could not write the damaged font"
fi
cp "$TMP/broken/broken.otf" "$TMP/broken2/broken.otf"
sed 's/"Noto Serif CJK SC"\]/"Wenshu Broken Serif"]/' "$TMP/fonts/roles.yaml" > "$TMP/broken/roles.yaml"
sed 's/\["Noto Serif CJK SC"\]/["Wenshu Broken Serif", "Noto Serif CJK SC"]/' "$TMP/fonts/roles.yaml" \
    > "$TMP/broken2/roles.yaml"
records="samples/$program/candidates.csv"
build_and_check() { # fonts folder name → rc, check_rc, made; logs NAME.log, NAME-check.log
    "$BIN" build "templates/$program" "$records" -o "$TMP/out-$1" \
        --fonts-dir "$TMP/$1" --stage 申报 -j 2 > "$TMP/$1.log" 2>&1
    rc=$?
    "$BIN" check "templates/$program" "$records" --fonts-dir "$TMP/$1" > "$TMP/$1-check.log" 2>&1
    check_rc=$?
    made=$(find "$TMP/out-$1/forms" -name '*.pdf' 2>/dev/null | wc -l)
}
build_and_check broken
if [ $rc -eq 2 ] && [ $check_rc -eq 2 ] && [ "$made" = 0 ] &&
    grep -q "已损坏：$TMP/broken/broken.otf" "$TMP/broken.log" &&
    grep -q "已损坏：$TMP/broken/broken.otf" "$TMP/broken-check.log"; then ok; else
    bad "a role with only a damaged font: build exit $rc, check exit $check_rc, $made forms made"
    head -3 "$TMP/broken.log" "$TMP/broken-check.log"
fi
"$BIN" check "templates/$program" "$records" --fonts-dir "$TMP/fonts" > /dev/null 2>&1
good_check_rc=$?
build_and_check broken2
if [ $rc -eq 0 ] && [ $check_rc -eq $good_check_rc ] && [ "$made" -gt 0 ] &&
    grep -q "^\[警告\] 字体：宋体 使用 Noto Serif CJK SC .*已损坏：$TMP/broken2/broken.otf" "$TMP/broken2.log" &&
    "$BIN" fonts --fonts-dir "$TMP/broken2" | grep -q "已损坏：$TMP/broken2/broken.otf"; then ok; else
    bad "a damaged font before a good one: build exit $rc, check exit $check_rc, $made forms made"
    grep -m3 -E '字体|失败' "$TMP/broken2.log" "$TMP/broken2-check.log"
fi

# A role that lacks a character refuses a record only when the program prints
# in that role: 楷体 set in WenQuanYi Zen Hei alone (no 𠀾, and no fallback
# that has it), every other role in Noto. The 嘉兴 program sets its
# certificates in 楷体, so 陈𠀾 is refused by check and build alike, the
# message naming 楷体 (Noto has the character); the same program with its
# 申报表 alone never prints in 楷体, so 陈𠀾 gets his form.
mkdir -p "$TMP/kai" "$TMP/formonly"
cat > "$TMP/kai/roles.yaml" << 'EOF'
roles:
  宋体: ["Noto Serif CJK SC"]
  仿宋: ["Noto Serif CJK SC"]
  楷体: ["WenQuanYi Zen Hei"]
  黑体: ["Noto Sans CJK SC"]
  小标宋: ["Noto Serif CJK SC:style=Bold"]
fallback: ["WenQuanYi Zen Hei"]
EOF
cp -r templates/_shared "$TMP/formonly/"
cp -r "templates/$program" "$TMP/formonly/forms"
sed -i '/^documents:/,$ { /^  - /d }; /^documents:/a\  - form.yaml' "$TMP/formonly/forms/program.yaml"
lacks='第7行 *陈𠀾.*字符「𠀾」（U+2003E）字体角色「楷体」的字体和 fallback 中都没有'
"$BIN" build "templates/$program" "$records" -o "$TMP/out-kai" --fonts-dir "$TMP/kai" --stage 申报 \
    > "$TMP/kai.log" 2>&1
"$BIN" check "templates/$program" "$records" --fonts-dir "$TMP/kai" > "$TMP/kai-check.log" 2>&1
if grep -q "^\[未生成\] .*$lacks" "$TMP/kai.log" && grep -q "$lacks" "$TMP/kai-check.log" &&
    ! ls "$TMP/out-kai/forms" | grep -q 陈; then ok; else
    bad "a character 楷体 lacks, the program printing in 楷体: not refused by both"
    grep -m2 '𠀾' "$TMP/kai.log" "$TMP/kai-check.log"
fi
"$BIN" build "$TMP/formonly/forms" "$records" -o "$TMP/out-formonly" --fonts-dir "$TMP/kai" \
    > "$TMP/formonly.log" 2>&1
"$BIN" check "$TMP/formonly/forms" "$records" --fonts-dir "$TMP/kai" > "$TMP/formonly-check.log" 2>&1
if grep -q '^\[成功\] 第7行 陈𠀾' "$TMP/formonly.log" && ! grep -q 'U+2003E' "$TMP/formonly-check.log" &&
    [ -f "$TMP/out-formonly/forms/6_海宁市_陈𠀾.pdf" ]; then ok; else
    bad "a character only 楷体 lacks, the program never printing in 楷体: 陈𠀾 refused"
    grep -m2 '𠀾' "$TMP/formonly.log" "$TMP/formonly-check.log"
fi

echo "fonts: $pass passed, $fail failed"
[ "$fail" = 0 ]
