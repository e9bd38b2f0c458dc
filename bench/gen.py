#!/usr/bin/python3
"""bench/gen.py N OUT_DIR: N synthetic candidates made from the 嘉兴 samples (names
numbered, ID numbers re-derived with a valid check digit), with the photos and
units file copied, so wenshu build runs on realistic content at any size."""
import csv
import os
import shutil
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples', 'jiaxing-2020')


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for d in ('photos', 'attachments'):
        shutil.copytree(os.path.join(SRC, d), os.path.join(out, d), dirs_exist_ok=True)
    shutil.copy(os.path.join(SRC, 'units.csv'), out)
    rows = list(csv.DictReader(open(os.path.join(SRC, 'candidates.csv'), encoding='utf-8')))
    with open(os.path.join(out, 'candidates.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for i in range(n):
            r = dict(rows[i % len(rows)])
            r['序号'] = str(i + 1)
            r['姓名'] = r['姓名'] + str(i // len(rows) + 1) if i >= len(rows) else r['姓名']
            body = r['身份证号'][:14] + '%03d' % ((i * 2 + int(r['身份证号'][16]) % 2) % 1000)
            r['身份证号'] = body + '10X98765432'[sum(int(a) * b for a, b in zip(body, W)) % 11]
            w.writerow(r)


if __name__ == '__main__':
    main()
