#!/usr/bin/python3
"""Writes N copies of one sample record into a new records file, for the
hardening tests (tests/e2e/kill.sh): 序号 1..N and a distinct 姓名 each, the
photo copied next to it so relative paths still resolve, and the units file.

  make_many.py samples/jiaxing-2020/candidates.csv OUT_DIR N [ROW]

writes OUT_DIR/records.csv (ROW: which record to copy, 1 = the first)."""
import csv
import os
import shutil
import sys

src, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
row_no = int(sys.argv[4]) if len(sys.argv) > 4 else 1
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
head, rec = rows[0], rows[row_no]
DIGITS = "〇一二三四五六七八九"
os.makedirs(out_dir, exist_ok=True)
for sub in ("photos", "attachments"):
    d = os.path.join(os.path.dirname(src), sub)
    if os.path.isdir(d):
        shutil.copytree(d, os.path.join(out_dir, sub), dirs_exist_ok=True)
units = os.path.join(os.path.dirname(src), "units.csv")  # the letters' 落款: without it they fail
if os.path.isfile(units):
    shutil.copy(units, out_dir)
with open(os.path.join(out_dir, "records.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for i in range(1, n + 1):
        r = list(rec)
        if "序号" in head:
            r[head.index("序号")] = str(i)
        r[head.index("姓名")] = "王" + "".join(DIGITS[int(c)] for c in str(i))
        w.writerow(r)
