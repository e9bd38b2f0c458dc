#!/usr/bin/python3
"""Reads `wenshu check --json` on stdin and prints one line per finding:
row, field, rule id and level, tab-separated, as the expected files in
tests/e2e/expected/ hold them. A row on an extra sheet is written
"工作表!行"; a missing row or field is "-"; "#N" after a list field is its
N-th entry.

  findings.py             by spreadsheet row (the expected files)
  findings.py --records   by record number instead of row, so that a CSV and
                          a workbook holding the same records (work history on
                          its own sheet) compare equal
  findings.py --error-records
                          only the record numbers (0-based) that have errors"""
import json
import sys

data = json.load(sys.stdin)
mode = sys.argv[1] if len(sys.argv) > 1 else ""
if mode == "--error-records":
    bad = sorted({f["record"] for f in data["findings"]
                  if f["level"] == "error" and f["record"] is not None})
    print(" ".join(str(r) for r in bad))
    sys.exit(0)
for f in data["findings"]:
    if mode == "--records":
        rec = "-" if f["record"] is None else "record %d" % f["record"]
        field = (f["field"] or "-") + ("#%d" % f["entry"] if f["entry"] else "")
        print("\t".join([rec, field, f["rule"], f["level"]]))
        continue
    row = "-" if f["row"] is None else str(f["row"])
    if f["sheet"]:
        row = f["sheet"] + "!" + row
    field = f["field"] or "-"
    if f["entry"]:
        field += "#%d" % f["entry"]
    print("\t".join([row, field, f["rule"], f["level"]]))
