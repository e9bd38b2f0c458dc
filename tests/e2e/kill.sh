#!/bin/bash
# Atomic outputs: a build killed with SIGKILL at any moment leaves only
# complete files (and ".wenshu-tmp-*" temporaries), and the next run removes
# the temporaries and completes everything.
#
# KILL_RECORDS (150) copies of a sample record are built; the build is killed
# four times - early in the per-record forms, in their middle, in the
# per-unit/whole-program documents (packets merged by qpdf, publicity HTML),
# and the moment a temporary file appears -
# and after each kill every file in the output folder must be either a
# temporary or complete: PDFs pass `qpdf --check`, HTML ends with </html>,
# XLSX is a sound zip. Then stale temporaries are planted and a last run must
# remove them and build everything.
#   tests/e2e/kill.sh ./wenshu
. "$(dirname "$0")/lib.sh"
N=${KILL_RECORDS:-150}
trap '[ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT

$PY tests/e2e/make_many.py samples/jiaxing-2020/candidates.csv "$TMP/data" "$N" || {
    echo "kill: 0 passed, 1 failed"; exit 1; }
OUT=$TMP/out
mkdir -p "$OUT"

count() { find "$OUT/$1" -maxdepth 1 -name '*.pdf' 2>/dev/null | wc -l; }

# check_outputs LABEL STAMP: every file newer than STAMP is a temporary or
# complete (older ones were checked after an earlier round); prints what it saw.
check_outputs() {
    local label=$1 stamp=$2 temps=0 bad_files=0 n=0
    : > "$TMP/pdfs"
    while IFS= read -r -d '' f; do
        local name=${f##*/}
        case $name in
        .wenshu-tmp-*) temps=$((temps + 1)) ;;
        .wenshu-made) n=$((n + 1)) # the build's list of its files: written whole, then renamed
            tail -c 1 "$f" | od -An -c | grep -q '\\n' || { bad_files=$((bad_files + 1)); echo "  incomplete list: $f"; } ;;
        *.pdf) echo "$f" >> "$TMP/pdfs" ;;
        *.html) n=$((n + 1))
            tail -c 64 "$f" | grep -q '</html>' || { bad_files=$((bad_files + 1)); echo "  incomplete HTML: $f"; } ;;
        *.xlsx) n=$((n + 1))
            $PY -c 'import sys,zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' "$f" 2>/dev/null ||
                { bad_files=$((bad_files + 1)); echo "  incomplete XLSX: $f"; } ;;
        *) bad_files=$((bad_files + 1)); echo "  unexpected file: $f" ;;
        esac
    done < <(find "$OUT" -type f -newer "$stamp" -print0)
    # qpdf --check exits 0 for a sound file (2 errors, 3 warnings)
    tr '\n' '\0' < "$TMP/pdfs" | xargs -0 -r -n 1 -P 2 sh -c 'qpdf --check "$1" > /dev/null 2>&1 || echo "$1"' _ \
        > "$TMP/badpdfs"
    local npdf badpdf
    npdf=$(wc -l < "$TMP/pdfs")
    badpdf=$(wc -l < "$TMP/badpdfs")
    sed 's/^/  incomplete PDF (qpdf --check): /' "$TMP/badpdfs" | head -5
    echo "  $label: $npdf new PDFs checked, $n other outputs, $temps temporaries"
    [ "$bad_files" = 0 ] && [ "$badpdf" = 0 ]
}

# round LABEL CONDITION: starts a build, kills it with SIGKILL as soon as
# CONDITION (a shell test) holds, then checks the folder.
round() {
    local label=$1 cond=$2
    touch "$TMP/stamp"
    sleep 0.01
    "$BIN" build templates/jiaxing-2020 "$TMP/data/records.csv" -o "$OUT" --no-check -q \
        > "$TMP/$label.log" 2>&1 &
    pid=$!
    local waited=0
    until eval "$cond"; do
        if ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.05
        waited=$((waited + 1))
        [ $waited -gt 6000 ] && break
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    local rc=$?
    pid=
    if [ $rc != 137 ]; then
        bad "$label: the build was not killed midway (exit $rc; condition: $cond)"
        tail -3 "$TMP/$label.log"
        return
    fi
    echo "  $label: killed with $(count forms) forms, $(count 证书) certificates in place"
    if check_outputs "$label" "$TMP/stamp"; then ok; else bad "$label: incomplete files after SIGKILL"; fi
}

round early '[ "$(count forms)" -ge 3 ]'
round middle '[ "$(count forms)" -ge $((N / 2)) ]'
# the per-unit documents come after every record's; kill a moment into them
round sets '[ "$(count 证书)" -ge "$N" ] && [ -d "$OUT/公示" -o -d "$OUT/推荐函" -o -d "$OUT/汇总表" ] && sleep 0.2'
# and while a file is being written: as soon as a temporary of this run shows up
# (the 装订册 packet, tens of MB through qpdf, is the likeliest)
round writing '[ -n "$(find "$OUT" -name ".wenshu-tmp-*" -newer "$TMP/stamp" -print -quit)" ]'

# stale temporaries from a killed run (besides any the kills left) must go
for d in "$OUT" "$OUT/forms" "$OUT/装订册"; do
    mkdir -p "$d"
    printf '%%PDF-1.4 half' > "$d/.wenshu-tmp-99999-0"
done
touch "$TMP/stamp0"
"$BIN" build templates/jiaxing-2020 "$TMP/data/records.csv" -o "$OUT" --no-check -q > "$TMP/final.log" 2>&1
rc=$?
if [ $rc = 0 ] && grep -q "成功 $N，失败 0" "$TMP/final.log" && grep -q '失败 0 份' "$TMP/final.log"; then ok; else
    bad "rerun after the kills: exit $rc"; tail -5 "$TMP/final.log"; fi
left=$(find "$OUT" -name '.wenshu-tmp-*' | wc -l)
if [ "$left" = 0 ]; then ok; else bad "rerun left $left temporaries:"; find "$OUT" -name '.wenshu-tmp-*' | head; fi
if [ "$(count forms)" = "$N" ] && [ "$(count 证书)" -ge "$N" ]; then ok; else
    bad "rerun: $(count forms) forms and $(count 证书) certificates, expected $N each"; fi
# everything the rerun wrote (every file: it rewrites all) is complete
if check_outputs final "$TMP/stamp0"; then ok; else bad "rerun: incomplete outputs"; fi
stale=$(find "$OUT" -type f ! -newer "$TMP/stamp0" | wc -l)
if [ "$stale" = 0 ]; then ok; else bad "rerun: $stale files not rewritten"; find "$OUT" -type f ! -newer "$TMP/stamp0" | head -3; fi

echo "kill: $pass passed, $fail failed"
[ "$fail" = 0 ]
