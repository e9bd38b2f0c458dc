#!/bin/bash
# Determinism: the same inputs give byte-identical outputs. Every sample
# program is built twice into two differently named folders (with different
# -j, so thread timing cannot leak into the bytes, nor into the order of the
# lines the build prints), once with
# SOURCE_DATE_EPOCH fixed and once without it, a second apart (a date taken
# from the clock would show); `wenshu init` and `wenshu check --xlsx` write
# their workbooks twice the same way. Every pair must compare equal (cmp).
#   tests/e2e/determinism.sh ./wenshu
. "$(dirname "$0")/lib.sh"

# same_tree NAME A B: the same file names, every file byte-identical
same_tree() {
    local name=$1 a=$2 b=$3
    (cd "$a" && find . -type f | sort) > "$TMP/la"
    (cd "$b" && find . -type f | sort) > "$TMP/lb"
    if ! diff -q "$TMP/la" "$TMP/lb" > /dev/null; then
        bad "$name: different files"; diff "$TMP/la" "$TMP/lb" | head; return; fi
    local n=0 differ=0
    while IFS= read -r f; do
        n=$((n + 1))
        if ! cmp -s "$a/$f" "$b/$f"; then
            differ=$((differ + 1))
            [ $differ -le 5 ] && echo "  differs: $f ($(cmp "$a/$f" "$b/$f" 2>&1 | head -1 | sed 's/.*differ: //'))"
        fi
    done < "$TMP/la"
    if [ "$n" = 0 ]; then bad "$name: no outputs to compare"
    elif [ $differ = 0 ]; then ok; echo "  $name: $n files identical"
    else bad "$name: $differ of $n files differ"; fi
}

for mode in ${DETERMINISM_MODES:-epoch clock}; do
    if [ $mode = epoch ]; then export SOURCE_DATE_EPOCH=1601337600; else unset SOURCE_DATE_EPOCH; fi
    for dir in samples/*/; do
        program=$(basename "$dir")
        [ -f "$dir/candidates.csv" ] && [ -d "templates/$program" ] || continue
        for run in 1 2; do
            "$BIN" build "templates/$program" "$dir/candidates.csv" -o "$TMP/$mode-$program-run$run" \
                -j $((run == 1 ? 1 : 3)) > "$TMP/$mode-$program-$run.log" 2>&1
            rc=$?
            [ $rc -le 1 ] || bad "$mode $program build $run: exit $rc"
            [ $run = 1 ] && sleep 1.1
        done
        same_tree "$program build ($mode)" "$TMP/$mode-$program-run1" "$TMP/$mode-$program-run2"
        # the terminal lines too: units' documents and packets run on the workers, their
        # lines (and the warnings said while a packet is bound) in the same order at any -j
        for run in 1 2; do
            sed "s|$TMP/$mode-$program-run$run|OUT|g; s|用时 [0-9.]* 秒|用时|" \
                "$TMP/$mode-$program-$run.log" > "$TMP/$mode-$program-$run.lines"
        done
        if cmp -s "$TMP/$mode-$program-1.lines" "$TMP/$mode-$program-2.lines"; then ok
        else bad "$program build ($mode): the lines at -j 1 and -j 3 differ"
            diff "$TMP/$mode-$program-1.lines" "$TMP/$mode-$program-2.lines" | head -5; fi
        mkdir -p "$TMP/$mode-$program-x1" "$TMP/$mode-$program-x2"
        for run in 1 2; do
            "$BIN" init "templates/$program" -o "$TMP/$mode-$program-x$run/采集表.xlsx" > /dev/null 2>&1 ||
                bad "$mode $program init $run failed"
            "$BIN" check "templates/$program" "$dir/candidates.csv" --xlsx "$TMP/$mode-$program-x$run/检查报告.xlsx" \
                -q > /dev/null 2>&1
            [ $run = 1 ] && sleep 1.1
        done
        same_tree "$program init + check --xlsx ($mode)" "$TMP/$mode-$program-x1" "$TMP/$mode-$program-x2"
    done
done

# Lines said while a packet is being bound (a missing 佐证材料, on a worker) come
# before that packet's own line and in unit order, at any -j.
cp -r samples/jiaxing-2020 "$TMP/missing"
/usr/bin/python3 - "$TMP/missing/candidates.csv" <<'PY'
import csv, sys
p = sys.argv[1]
rows = list(csv.reader(open(p, encoding='utf-8-sig')))
col = rows[0].index('佐证材料')
for i in range(1, len(rows), 2):  # every other record, in every unit
    rows[i][col] = 'attachments/没有这个文件%d.pdf' % i
csv.writer(open(p, 'w', encoding='utf-8', newline='')).writerows(rows)
PY
for jobs in 1 3; do
    "$BIN" build templates/jiaxing-2020 "$TMP/missing/candidates.csv" -o "$TMP/missing-out$jobs" \
        -j $jobs --stage 申报 --force 2>&1 | sed "s|$TMP/missing-out$jobs|OUT|g; s|用时 [0-9.]* 秒|用时|" \
        > "$TMP/missing-$jobs.lines"
done
said=$(grep -c '说明页代替' "$TMP/missing-1.lines")
if [ "$said" -ge 2 ] && cmp -s "$TMP/missing-1.lines" "$TMP/missing-3.lines"; then ok
else bad "missing attachments: $said warnings; the lines at -j 1 and -j 3 differ"
    diff "$TMP/missing-1.lines" "$TMP/missing-3.lines" | head -5; fi
# each warning comes right before its own unit's packet line (not another's)
if /usr/bin/python3 - "$TMP/missing-3.lines" "$TMP/missing/candidates.csv" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[2], encoding='utf-8-sig')))
unit_col = rows[0].index('推荐单位')
pending, checked = [], 0
for line in open(sys.argv[1], encoding='utf-8'):
    w = re.search(r'第(\d+)行 .*说明页代替', line)
    if w:
        pending.append(rows[int(w.group(1)) - 1][unit_col])
    m = re.match(r'\[成功\] 装订册（(.*?)）', line)
    if m:
        if any(u != m.group(1) for u in pending):
            sys.exit('warnings of %s before the packet of %s' % (pending, m.group(1)))
        checked += len(pending)
        pending = []
sys.exit(1 if pending or checked < 2 else 0)
PY
then ok; else bad "missing attachments: a warning not right before its own unit's packet line"; fi

echo "determinism: $pass passed, $fail failed"
[ "$fail" = 0 ]
