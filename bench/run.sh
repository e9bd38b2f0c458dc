#!/bin/bash
# `make bench`: throughput and memory of wenshu build on synthetic 嘉兴 records
# (bench/gen.py), printed as figures and ratios — never asserted.
#   start-up     forms only, 1 record: the fixed cost before the first form
#   forms only   a copy of templates/jiaxing-2020 whose program.yaml lists only the
#                申报表, on 1 and on 2 workers, and the speed-up -j 2 / -j 1
#   every stage  the real template, --stage 申报, 公示, 表彰 one by one, then the whole job
#   forms + 合订本  the forms plus one PDF of all of them, for the last N
#   phone photos  200 records, each with a 3000 x 4000 JPEG of its own: forms only and --stage 申报
# for each N in BENCH_SIZES (default 1000; `BENCH_SIZES="1000 10000" make bench` adds the
# large run, about 10 minutes). Each line (timed by bench/timed.py, to the microsecond): wall
# seconds, CPU seconds (user + system),
# forms/s (forms only), peak memory of the process; then the split of a form's bytes
# (font programs, images, the rest); the 公示 of one record without and with the stroke table
# cached (the first run of a machine and every later one). The machine may be shared: compare the CPU seconds of
# two builds run on the same machine at the same time, not wall seconds of different days.
# The start-up is printed in ms twice: the whole 1-record run, and the part before the first
# form (that run's CPU less one form's CPU at -j 1 of each N: the fixed cost alone).
# The byte split is taken for each N from the forms-only run on 2 workers.
#   bench/run.sh ./wenshu        (bench/run.sh OLD-BINARY: the same lines for another build)
set -u
BIN=$(realpath "${1:-./wenshu}")
cd "$(dirname "$0")/.."
SIZES=${BENCH_SIZES:-1000}
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
cp -r "$TMP/tpl/forms" "$TMP/tpl/volume"
sed -i 's|^  output: \(.*\)$|  output: \1\n  combined: "申报表（合订本）.pdf"|' "$TMP/tpl/volume/form.yaml"

# run LABEL TEMPLATE RECORDS JOBS EXTRA-ARGS...: builds into $TMP/out (no quota check:
# every synthetic record is built), prints one line, then the wall seconds alone on stdout
run() {
    local label=$1 tpl=$2 records=$3 jobs=$4
    shift 4
    rm -rf "$TMP/out"
    sync # the last run's files and their removal reach the disk before this run is timed
    /usr/bin/python3 bench/timed.py "$TMP/time" "$BIN" build "$tpl" "$records" -o "$TMP/out" -q \
        -j "$jobs" --no-check "$@" > "$TMP/log" 2>&1
    read -r secs user sys rss < <(tail -1 "$TMP/time")
    local forms=0 rate=""
    [ -d "$TMP/out/forms" ] && forms=$(find "$TMP/out/forms" -name '*.pdf' | wc -l)
    [ "$forms" -gt 0 ] && [[ $label == "forms only"* ]] && rate=$(printf '%7.1f forms/s' "$(echo "$forms / $secs" | bc -l)")
    printf '  %-34s %7.2f s wall %7.2f s cpu  %-15s peak %4d MB  (%d files)\n' "$label" "$secs" \
        "$(echo "$user + $sys" | bc -l)" "$rate" $((rss / 1024)) "$(find "$TMP/out" -type f | wc -l)" >&2
    echo "$user + $sys" | bc -l > "$TMP/cpu"
    echo "$secs"
}

# where a form's bytes go (the forms in $TMP/out/forms, at most 50): font programs
# (FontFile2, FontFile3), images, everything else
bytes_split() {
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
print('  bytes per form (%d forms): %.1f KB glyphs (font programs), %.1f KB images, %.1f KB the rest '
      '(page content and structure)' % (n, font / n / 1024, image / n / 1024, (total - font - image) / n / 1024))
PY
}

ratio() { echo "$1 / $2" | bc -l; }

echo "wenshu bench: $(nproc) cores, $(date -u +%Y-%m-%d), $(basename "$BIN")"
/usr/bin/python3 bench/gen.py 1 "$TMP/data1" > /dev/null
# the start-up: the median of 5 runs of 1 record (one run is ~50 ms, so noise matters)
for i in 1 2 3 4 5; do
    t=$(run "start-up: forms only, 1 record" "$TMP/tpl/forms" "$TMP/data1/candidates.csv" 1 2>/dev/null)
    echo "$t $(cat "$TMP/cpu")"
done | sort -k2 -n > "$TMP/startup"
read -r t0 c0 < <(sed -n 3p "$TMP/startup")
printf '  start-up, 1 record (median of 5): %.1f ms wall, %.1f ms cpu\n' "$(echo "$t0 * 1000" | bc -l)" \
    "$(echo "$c0 * 1000" | bc -l)"
# the 公示's stroke table: read once from Unihan on a machine's first run, then from the cache
# (README, "What it keeps between runs"); the stage runs below are the clerk's later runs
export WENSHU_CACHE_DIR=$TMP/cache
run "公示 of 1 record, no stroke cache yet" templates/jiaxing-2020 "$TMP/data1/candidates.csv" 1 \
    --stage 公示 > /dev/null
run "公示 of 1 record, stroke table cached" templates/jiaxing-2020 "$TMP/data1/candidates.csv" 1 \
    --stage 公示 > /dev/null
for n in $SIZES; do
    echo "N = $n records"
    /usr/bin/python3 bench/gen.py "$n" "$TMP/data$n" > /dev/null
    recs=$TMP/data$n/candidates.csv
    t1=$(run "forms only, -j 1" "$TMP/tpl/forms" "$recs" 1)
    c1=$(cat "$TMP/cpu")
    # cpu(1 record) = S + f and cpu(N) = S + N f: f a form, S the start-up before the first one
    f1=$(echo "($c1 - $c0) / ($n - 1)" | bc -l)
    printf '  a form on 1 worker: %.2f ms cpu; start-up before the first form: %.1f ms cpu\n' \
        "$(echo "$f1 * 1000" | bc -l)" "$(echo "($c0 - $f1) * 1000" | bc -l)"
    t2=$(run "forms only, -j 2" "$TMP/tpl/forms" "$recs" 2)
    printf '  speed-up -j 2 / -j 1: %.2fx\n' "$(ratio "$t1" "$t2")"
    bytes_split
    for stage in 申报 公示 表彰; do
        run "--stage $stage, -j 2" templates/jiaxing-2020 "$recs" 2 --stage "$stage" > /dev/null
    done
    run "every document (the whole job), -j 2" templates/jiaxing-2020 "$recs" 2 > /dev/null
    echo "  the packets (装订册): $(du -sk "$TMP/out/装订册" | cut -f1) KB in $(ls "$TMP/out/装订册" | wc -l) files"
    last=$n
done
# photos as phones take them (3000 x 4000 JPEG, one file per record): shrunk for the form, kept
# for the packet (job/photo_memo.c)
echo "N = 200 records with 12-megapixel photos"
/usr/bin/python3 bench/gen.py 200 "$TMP/phone" phone > /dev/null
run "forms only, -j 2" "$TMP/tpl/forms" "$TMP/phone/candidates.csv" 2 > /dev/null
run "--stage 申报, -j 2" templates/jiaxing-2020 "$TMP/phone/candidates.csv" 2 --stage 申报 > /dev/null
echo "  a form: $(($(du -sk "$TMP/out/forms" | cut -f1) / 200)) KB; the packets: $(du -sk "$TMP/out/装订册" | cut -f1) KB"
# the 合订本: the same forms plus one PDF of all of them (laid out again, rendered once)
recs=$TMP/data$last/candidates.csv
tn=$(run "forms only, -j 2 (again)" "$TMP/tpl/forms" "$recs" 2)
tv=$(run "forms + 合订本, -j 2" "$TMP/tpl/volume" "$recs" 2)
printf '  the 合订本 of %d forms: %.2f s more, %d pages, %d MB (the separate forms: %d MB)\n' "$last" \
    "$(echo "$tv - $tn" | bc -l)" "$(qpdf --show-npages "$TMP/out/申报表（合订本）.pdf")" \
    $(($(stat -c %s "$TMP/out/申报表（合订本）.pdf") / 1048576)) $(($(du -sk "$TMP/out/forms" | cut -f1) / 1024))
