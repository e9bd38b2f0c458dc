#!/usr/bin/python3
"""Writes the clerk-made workbooks tests/e2e/spreadsheets.sh reads, the way
clerks make them (issue 11, items 1, 2, 4, 5, 18). Run from the repository
root with Debian's python3 (openpyxl) and LibreOffice (libreoffice-calc-nogui):

    /usr/bin/python3 tests/data/input/make-fixtures.py

lo-numbers.xlsx  the jiaxing sample's first five records as a CSV opened and
                 saved by LibreOffice with default options: the 18-digit ID
                 numbers become numbers (15 significant digits kept), 2007.10
                 becomes the number 2007.1.
clerk-made.xlsx  written by openpyxl, then opened and saved by LibreOffice (so
                 formulas carry cached values): an instructions sheet first, a
                 title row above the header, one ID typed as a number, a formula
                 whose cached value is #DIV/0!, 推荐单位 merged over two
                 records, 1991.10 typed into a General cell (stored 1991.1) and
                 1994.10 in a cell formatted 0.00 (shows 1994.10).
The IDs: 330421198811023246 keeps 330421198811023000, which is itself a valid
ID of a woman born 1988-11-02 (its check digit is 0): the case that passed
every rule before."""
import csv
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "..", "samples", "jiaxing-2020", "candidates.csv")
GU_ID = "330421198811023246"  # 顾喆, born 1988-11-02


def records():
    with open(SAMPLE, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:6]
    col = {h: i for i, h in enumerate(head)}
    body[1][col["身份证号"]] = GU_ID
    return head, body, col


def libreoffice(src, outdir):
    # default import options but the character set (76 = UTF-8), which a
    # Chinese-locale LibreOffice or Excel would pick by itself
    subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx",
                    "--outdir", outdir, src],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def lo_numbers(tmp):
    head, body, col = records()
    body[1][col["来嘉工作时间"]] = "2007.10"
    src = os.path.join(tmp, "lo-numbers.csv")
    with open(src, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head] + body)
    libreoffice(src, tmp)
    shutil.copy(os.path.join(tmp, "lo-numbers.xlsx"), os.path.join(HERE, "lo-numbers.xlsx"))


def clerk_made(tmp):
    head, body, col = records()
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "填写说明"
    info.append(["填写说明"])
    info.append(["1. 每位候选人填一行，身份证号请设为文本格式。"])
    ws = wb.create_sheet("推荐人选")
    ws.append(["2020年嘉兴市技能人才推荐人选汇总表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    ws.append(["填报单位（盖章）：", "", "", "填报日期：2020年7月"])
    ws.append(head)
    for r in body:
        ws.append(r)
    first = 4  # Excel row of the first record
    ws.cell(first + 1, col["身份证号"] + 1).value = int(GU_ID)  # 顾喆: typed as a number
    ws.cell(first + 2, col["工作单位"] + 1).value = "=1/0"  # 王䶮: a formula gone wrong
    unit = col["推荐单位"] + 1  # 王䶮 and 司马文杰 are both 平湖市: merged
    ws.cell(first + 3, unit).value = None
    ws.merge_cells(start_row=first + 2, start_column=unit, end_row=first + 3, end_column=unit)
    ws.cell(first + 4, col["来嘉工作时间"] + 1).value = 1991.10  # 钱龑: General, stored 1991.1
    cell = ws.cell(first, col["来嘉工作时间"] + 1)  # 欧阳堃: 0.00 shows 1994.10
    cell.value = 1994.10
    cell.number_format = "0.00"
    src = os.path.join(tmp, "clerk-made.xlsx")
    wb.save(src)
    out = os.path.join(tmp, "lo")
    libreoffice(src, out)
    shutil.copy(os.path.join(out, "clerk-made.xlsx"), os.path.join(HERE, "clerk-made.xlsx"))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        lo_numbers(tmp)
        clerk_made(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
