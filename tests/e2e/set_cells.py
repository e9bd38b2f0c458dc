#!/usr/bin/python3
"""Sets cells of one record in a records CSV (UTF-8, header row), in place.

  set_cells.py RECORDS.csv ROW FIELD=VALUE...

ROW counts records from 1 (the first row under the header)."""
import csv
import sys

path, row = sys.argv[1], int(sys.argv[2])
with open(path, encoding='utf-8', newline='') as f:
    rows = list(csv.DictReader(f))
for cell in sys.argv[3:]:
    field, value = cell.split('=', 1)
    rows[row - 1][field] = value
with open(path, 'w', encoding='utf-8', newline='') as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
