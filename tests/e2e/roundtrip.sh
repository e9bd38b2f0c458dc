#!/bin/bash
# The clerk's round trip, for every program with samples:
#   wenshu init → the workbook has what it promises (fill_collect.py inspect)
#   → a script fills it as a clerk would, once with text and once with what
#     Excel makes of careless typing (numbers, real dates)
#   → wenshu check finds exactly what it finds in the CSV the records came from
#   → wenshu build makes the documents of every record check found no error in.
#   tests/e2e/roundtrip.sh ./wenshu
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1596240000


# roundtrip PROGRAM CSV: one records file through init, fill, check, build
roundtrip() {
    local program=$1 records=$2 name
    name=$program-$(basename "$records" .csv)
    local dir=$TMP/$name
    mkdir -p "$dir"
    cp -r "samples/$program/." "$dir/"   # photos and attachments, at the same relative paths
    if "$BIN" init "templates/$program" -o "$dir/采集表.xlsx" > "$dir/init.log" 2>&1; then ok; else
        bad "$name: init"; cat "$dir/init.log"; return; fi
    if $PY tests/e2e/fill_collect.py inspect "$dir/采集表.xlsx" "templates/$program" > "$dir/inspect.log" 2>&1; then ok; else
        bad "$name: the collection workbook"; cat "$dir/inspect.log"; fi
    "$BIN" check "templates/$program" "$records" --json > "$dir/csv.json" 2> "$dir/csv.err"
    $PY tests/e2e/findings.py --records < "$dir/csv.json" > "$dir/csv.txt"
    for mode in text typed; do
        local flag=""
        [ $mode = typed ] && flag=--typed
        if ! $PY tests/e2e/fill_collect.py fill "$dir/采集表.xlsx" "$records" "$dir/$mode.xlsx" $flag \
            > "$dir/fill-$mode.log" 2>&1; then
            bad "$name: fill ($mode)"; cat "$dir/fill-$mode.log"; continue
        fi
        "$BIN" check "templates/$program" "$dir/$mode.xlsx" --json > "$dir/$mode.json" 2> "$dir/$mode.err"
        local rc=$?
        if [ $rc -le 1 ] && $PY tests/e2e/findings.py --records < "$dir/$mode.json" > "$dir/$mode.txt" &&
            diff -u "$dir/csv.txt" "$dir/$mode.txt" > "$dir/$mode.diff"; then ok; else
            bad "$name: check on the filled workbook ($mode) differs from the CSV (exit $rc)"
            head -30 "$dir/$mode.diff"; cat "$dir/$mode.err"
        fi
    done
    # build: every record without errors is built (records are rows 2, 3 … of the workbook)
    "$BIN" build "templates/$program" "$dir/text.xlsx" -o "$dir/out" > "$dir/build.log" 2>&1
    local rc=$? errors missing=""
    errors=" $($PY tests/e2e/findings.py --error-records < "$dir/text.json") "
    local n
    n=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['files'][0]['records'])" "$dir/text.json")
    for ((r = 0; r < n; r++)); do
        case "$errors" in *" $r "*) continue ;; esac
        grep -q "^\[成功\] 第$((r + 2))行 " "$dir/build.log" || missing="$missing 第$((r + 2))行"
    done
    if [ $rc -le 1 ] && [ -z "$missing" ]; then ok; else
        bad "$name: build (exit $rc) did not make:$missing"; tail -5 "$dir/build.log"; fi
}

for dir in samples/*/; do
    program=$(basename "$dir")
    [ -f "templates/$program/program.yaml" ] || continue
    for records in "$dir"candidates-errors.csv "$dir"candidates.csv; do
        [ -f "$records" ] && roundtrip "$program" "$records"
    done
done

# --- a list sheet's row that names one person but carries another's key (filled down), or no
# key at all: both records it touches fail, in check and build alike, never [成功] with an entry
# on the wrong paper or missing from the right one
K=$TMP/listrows
mkdir -p "$K"
cp -r samples/hangzhou-2017/. "$K/"
"$BIN" init templates/hangzhou-2017 -o "$K/采集表.xlsx" > /dev/null 2>&1
$PY tests/e2e/fill_collect.py fill "$K/采集表.xlsx" samples/hangzhou-2017/candidates.csv "$K/ok.xlsx" \
    > /dev/null 2>&1 || bad "listrows: fill"
$PY - "$K/ok.xlsx" "$K" <<'PY' || bad "listrows: could not edit the workbook"
import openpyxl, sys
for variant in ("filldown", "blankid"):
    wb = openpyxl.load_workbook(sys.argv[1])
    ws = wb["主要工作经历"]
    rows = list(ws.iter_rows(min_row=2))
    owner = {}  # name -> the first row's ID
    for r in rows:
        owner.setdefault(r[1].value, r[0].value)
    names = list(owner)
    # the second entry of the third person: 金喆's ID beside 楼龑's name, or no ID at all
    third = [r for r in rows if r[1].value == names[2]]
    third[1][0].value = owner[names[1]] if variant == "filldown" else None
    wb.save(f"{sys.argv[2]}/{variant}.xlsx")
    print(names[1], names[2], file=open(f"{sys.argv[2]}/{variant}.names", "w"))
PY
for variant in filldown blankid; do
    read -r second third < "$K/$variant.names"
    "$BIN" check templates/hangzhou-2017 "$K/$variant.xlsx" > "$K/$variant.check" 2>&1
    crc=$?
    "$BIN" build templates/hangzhou-2017 "$K/$variant.xlsx" -o "$K/$variant-out" > "$K/$variant.build" 2>&1
    brc=$?
    want="$third"
    [ $variant = filldown ] && want="$second $third"
    for who in $want; do
        if [ $crc = 1 ] && grep -qE "^ *第[0-9]+行 +$who +错误 .*「主要工作经历」" "$K/$variant.check" &&
            [ $brc = 1 ] && grep -qE "^\[未生成\] .*第[0-9]+行 $who：" "$K/$variant.build"; then ok; else
            bad "listrows $variant: $who is not refused by check and build (exit $crc/$brc)"
            grep -E "$who" "$K/$variant.check" "$K/$variant.build" | head -5; fi
    done
done

echo "e2e roundtrip: $pass passed, $fail failed"
[ $fail = 0 ]
