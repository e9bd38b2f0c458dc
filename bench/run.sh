#!/bin/bash
# `make bench`: throughput of wenshu build on synthetic 嘉兴 records (bench/gen.py),
# printed as figures and ratios — never asserted.
#   forms only   a copy of templates/jiaxing-2020 whose program.yaml lists only the
#                申报表, for N = 200 and 1000 (BENCH_SIZES), on 1 core and on all cores
#   forms + 合订本  the same, plus one PDF of all forms, for the last N
#   every stage  the real template (all documents, packets, 公示 …) for the first N
# Each line: seconds, forms/s, pages/s, KB per form, peak memory; then the split of a
# form's bytes (font programs, images, the rest) and the parallel speed-up.
#   bench/run.sh ./wenshu
set -u
BIN=$(realpath "${1:-./wenshu}")
cd "$(dirname "$0")/.."
SIZES=${BENCH_SIZES:-200 1000}
CORES=$(nproc)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# the forms-only template: the same files, documents: [form.yaml]
mkdir -p "$TMP/tpl"
cp -r templates/_shared "$TMP/tpl/"
cp -r templates/jiaxing-2020 "$TMP/tpl/forms"
/usr/bin/python3 - "$TMP/tpl/forms/program.yaml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
s = re.sub(r'documents:\n(  - .*\n)+', 'documents:\n  - form.yaml\n', s)
open(p, 'w', encoding='utf-8').write(s)
PY

run() { # label template records jobs extra-args...: prints one line, then the seconds alone
    local label=$1 tpl=$2 records=$3 jobs=$4
    shift 4
    rm -rf "$TMP/out"
    /usr/bin/time -f '%e %M' -o "$TMP/time" "$BIN" build "$tpl" "$records" -o "$TMP/out" -q \
        -j "$jobs" "$@" > "$TMP/log" 2>&1
    read -r secs rss < <(tail -1 "$TMP/time")
    forms=$(find "$TMP/out/forms" -name '*.pdf' | wc -l)
    pages=0
    for f in "$TMP"/out/forms/*.pdf; do pages=$((pages + $(qpdf --show-npages "$f"))); done
    kb=$(du -sk "$TMP/out/forms" | cut -f1)
    printf '%-36s %6.2f s  %6.1f forms/s  %7.1f pages/s  %5d KB/form  peak %d MB\n' "$label" "$secs" \
        "$(echo "$forms / $secs" | bc -l)" "$(echo "$pages / $secs" | bc -l)" $((kb / (forms ? forms : 1))) \
        $((rss / 1024)) >&2
    echo "$secs"
}

echo "wenshu bench: $CORES cores, $(date -u +%Y-%m-%d)"
first=""
for n in $SIZES; do
    /usr/bin/python3 bench/gen.py "$n" "$TMP/data$n" > /dev/null
    first=${first:-$n}
    t1=$(run "forms only, $n records, -j 1" "$TMP/tpl/forms" "$TMP/data$n/candidates.csv" 1 --no-check)
    tn=$(run "forms only, $n records, -j $CORES" "$TMP/tpl/forms" "$TMP/data$n/candidates.csv" "$CORES" --no-check)
    printf '  parallel speed-up: %.2fx on %d cores\n' "$(echo "$t1 / $tn" | bc -l)" "$CORES"
done
# the 合订本: the same forms plus one PDF of all of them (laid out again, rendered once)
last=${SIZES##* }
cp -r "$TMP/tpl/forms" "$TMP/tpl/volume"
sed -i 's|^  output: \(.*\)$|  output: \1\n  combined: "申报表（合订本）.pdf"|' "$TMP/tpl/volume/form.yaml"
tv=$(run "forms + 合订本, $last records, -j $CORES" "$TMP/tpl/volume" "$TMP/data$last/candidates.csv" \
    "$CORES" --no-check)
printf '  the 合订本 of %d forms: %.2f s more, %d pages, %d MB (the separate forms: %d MB)\n' "$last" \
    "$(echo "$tv - $tn" | bc -l)" "$(qpdf --show-npages "$TMP/out/申报表（合订本）.pdf")" \
    $(($(stat -c %s "$TMP/out/申报表（合订本）.pdf") / 1048576)) $(($(du -sk "$TMP/out/forms" | cut -f1) / 1024))
run "every stage, $first records, -j $CORES" templates/jiaxing-2020 "$TMP/data$first/candidates.csv" \
    "$CORES" --no-check > /dev/null  # no quota check: every synthetic record is built
# where a form's bytes go: font programs (FontFile2, FontFile3), images, everything else
/usr/bin/python3 - "$TMP"/out/forms/*.pdf <<'PY'
import subprocess, sys
font = image = total = 0
files = sys.argv[1:][:50]
for f in files:
    data = subprocess.run(['qpdf', '--qdf', '--object-streams=disable', '--stream-data=preserve', f, '-'],
                          capture_output=True).stdout
    total += len(open(f, 'rb').read())
    for obj in data.split(b'endobj'):
        at = obj.find(b'stream\n')
        if at < 0:
            continue
        n = len(obj[at + 7:obj.rfind(b'endstream')])
        head = obj[:at]
        if b'/Length1' in head or b'/CIDFontType0C' in head:
            font += n
        elif b'/Subtype /Image' in head:
            image += n
n = len(files)
print('  bytes per form (%d forms): %d KB font programs, %d KB images, %d KB page content and structure'
      % (n, font / n / 1024, image / n / 1024, (total - font - image) / n / 1024))
PY
