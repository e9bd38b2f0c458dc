#!/bin/sh
# `make demo`: builds every program's samples into out/<program>/.
#   scripts/demo.sh ./wenshu
set -u
bin=${1:-./wenshu}
status=0
for dir in samples/*/; do
    program=$(basename "$dir")
    [ -d "templates/$program" ] || continue
    [ -f "$dir/candidates.csv" ] || continue
    echo "== $program"
    "$bin" build "templates/$program" "$dir/candidates.csv" -o "out/$program" || status=$?
done
echo "demo: the documents are in out/"
exit $status
