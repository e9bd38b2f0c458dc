#!/bin/bash
# `make bench`: throughput of wenshu build on synthetic 嘉兴 records (bench/gen.py),
# printed as figures and ratios — never asserted. N defaults to 200 (BENCH_N).
#   bench/run.sh ./wenshu
set -u
BIN=$(realpath "${1:-./wenshu}")
cd "$(dirname "$0")/.."
N=${BENCH_N:-200}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 bench/gen.py "$N" "$TMP/data"
run() { # label jobs extra-args...
    local label=$1 jobs=$2
    shift 2
    rm -rf "$TMP/out"
    /usr/bin/time -f '%e %M' -o "$TMP/time" "$BIN" build templates/jiaxing-2020 "$TMP/data/candidates.csv" \
        -o "$TMP/out" -q -j "$jobs" "$@" > "$TMP/log" 2>&1
    read -r secs rss < <(tail -1 "$TMP/time")
    forms=$(find "$TMP/out/forms" -name '*.pdf' | wc -l)
    pages=0
    for f in "$TMP"/out/forms/*.pdf; do pages=$((pages + $(qpdf --show-npages "$f"))); done
    kb=$(du -sk "$TMP/out/forms" | cut -f1)
    printf '%-34s %6.2f s  %6.1f forms/s  %7.1f pages/s  %5d KB/form  peak %d MB\n' "$label" "$secs" \
        "$(echo "$forms / $secs" | bc -l)" "$(echo "$pages / $secs" | bc -l)" $((kb / (forms ? forms : 1))) $((rss / 1024))
    echo "$secs"
}
echo "wenshu bench: $N records, $(nproc) cores, $(date -u +%Y-%m-%d)"
t1=$(run "forms only (--stage 申报 -j 1)" 1 --stage 申报 | tee /dev/stderr | tail -1)
t2=$(run "forms only (--stage 申报 -j $(nproc))" "$(nproc)" --stage 申报 | tee /dev/stderr | tail -1)
run "every stage (-j $(nproc))" "$(nproc)" > /dev/null
printf 'parallel speed-up: %.2fx on %d cores\n' "$(echo "$t1 / $t2" | bc -l)" "$(nproc)"
