#!/usr/bin/python3
"""Reads back a workbook wenshu made (kind: workbook) and checks it as a
clerk would rely on it: every record of the unit on the sheet of its level,
values exactly as in the records (ID numbers as 18-character text, long
texts whole), no formulas, print setup (paper, orientation, one page wide,
header rows repeated, frozen panes, page numbers in the footer) and rows
tall enough for their wrapped text.

  xlsxcheck.py summary BOOK.xlsx RECORDS.csv UNIT|- LEVEL_FIELD [EXTRA_COL]
      UNIT '-' means every unit (the bureau-wide workbook)
  xlsxcheck.py quotas BOOK.xlsx QUOTAS.csv
Prints what is wrong and exits 1; silent and 0 when all holds."""
import csv
import math
import sys

import openpyxl
import openpyxl.utils

problems = []


def bad(msg):
    problems.append(msg)


def width_pt(ws, col_letter):
    w = ws.column_dimensions[col_letter].width or 8.43
    return (w * 7 + 5) * 0.75


def common(ws, landscape):
    ps = ws.page_setup
    if str(ps.paperSize) != '9':
        bad(f'{ws.title}: paper {ps.paperSize}, not A4 (9)')
    if (ps.orientation == 'landscape') != landscape:
        bad(f'{ws.title}: orientation {ps.orientation}')
    if ws.sheet_properties.pageSetUpPr is None or not ws.sheet_properties.pageSetUpPr.fitToPage:
        bad(f'{ws.title}: not fitted to the page width')
    if str(ps.fitToHeight) != '0':
        bad(f'{ws.title}: fitToHeight {ps.fitToHeight}, want 0 (as many pages as needed)')
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == 'f':
                bad(f'{ws.title}!{c.coordinate}: a formula {c.value!r}')


def header_row(ws, first_label):
    for row in ws.iter_rows(min_row=1, max_row=10):
        if row[0].value == first_label:
            return row[0].row
    bad(f'{ws.title}: no header row starting with {first_label}')
    return None


def check_summary(book, records, unit, level_field, extra):
    rows = list(csv.DictReader(open(records, encoding='utf-8-sig')))
    if unit != '-':
        rows = [r for r in rows if r['推荐单位'].strip() == unit]
    wb = openpyxl.load_workbook(book)
    levels = []
    for r in rows:
        if r[level_field] not in levels:
            levels.append(r[level_field])
    if sorted(wb.sheetnames) != sorted(levels):
        bad(f'sheets {wb.sheetnames}, want one per level {levels}')
    for ws in wb.worksheets:
        common(ws, landscape=True)
        h = header_row(ws, '序号')
        if h is None:
            continue
        if ws.freeze_panes != f'A{h + 1}':
            bad(f'{ws.title}: panes frozen at {ws.freeze_panes}, want A{h + 1}')
        if ws.print_title_rows != f'${h}:${h}':
            bad(f'{ws.title}: repeated rows {ws.print_title_rows}, want ${h}:${h}')
        if '&P' not in (ws.oddFooter.center.text or '') or '&N' not in (ws.oddFooter.center.text or ''):
            bad(f'{ws.title}: footer {ws.oddFooter.center.text!r} has no page numbers')
        heads = [c.value for c in ws[h]]
        last_col = openpyxl.utils.get_column_letter(len(heads))
        merged = {str(r) for r in ws.merged_cells.ranges}
        for row in range(1, h):  # the title and 填报单位 lines above the header span the table
            if ws.cell(row, 1).value and f'A{row}:{last_col}{row}' not in merged:
                bad(f'{ws.title}: row {row} ({ws.cell(row, 1).value!r:.20}) not merged across A:{last_col}')
        want = [r for r in rows if r[level_field] == ws.title]
        body = [row for row in ws.iter_rows(min_row=h + 1) if isinstance(row[0].value, (int, float))]
        if len(body) != len(want):
            bad(f'{ws.title}: {len(body)} rows, want {len(want)}')
        for i, (row, rec) in enumerate(zip(body, want)):
            vals = {heads[k]: row[k].value for k in range(len(heads)) if heads[k]}
            if row[0].value != i + 1:
                bad(f'{ws.title}: 序号 {row[0].value} on row {row[0].row}, want {i + 1}')
            for col, field in (('姓名', '姓名'), ('身份证号', '身份证号'), (extra, extra)):
                if col and vals.get(col) != rec[field].strip():
                    bad(f'{ws.title} row {row[0].row}: {col} {vals.get(col)!r}, want {rec[field].strip()!r}')
            idc = row[heads.index('身份证号')]
            if idc.data_type != 's' or idc.number_format != '@':
                bad(f'{ws.title}!{idc.coordinate}: 身份证号 stored as {idc.data_type}/{idc.number_format}')
            last = row[len(heads) - 1]
            text = rec['主要业绩和技能荣誉'].strip()
            if last.value != text:
                bad(f'{ws.title}!{last.coordinate}: 业绩 text not whole ({len(last.value or "")} of {len(text)} chars)')
            size = last.font.sz or 11
            per_line = max(1, int(width_pt(ws, last.column_letter) / size) - 1)
            lines = sum(math.ceil(max(1, len(p)) / per_line) for p in text.split('\n'))
            height = ws.row_dimensions[row[0].row].height or 15
            if height < lines * size * 1.2:
                bad(f'{ws.title} row {row[0].row}: height {height:.0f}pt for {lines} lines of {size}pt')


def check_quotas(book, quotas):
    rows = list(csv.DictReader(open(quotas, encoding='utf-8-sig')))
    cols = [c for c in rows[0].keys() if c not in ('序号', '推荐单位')]
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    common(ws, landscape=False)
    h = header_row(ws, '序号')
    if h is None:
        return
    body = list(ws.iter_rows(min_row=h + 1, values_only=True))
    for i, r in enumerate(rows):
        got = body[i] if i < len(body) else ()
        want = (int(r['序号']), r['推荐单位']) + tuple(int(r[c]) for c in cols)
        if tuple(got[:len(want)]) != want:
            bad(f'quota row {i + 1}: {got}, want {want}')
    total = body[len(rows)] if len(body) > len(rows) else ()
    # the notice numbers the 合计 row on (嘉兴 附件1: 1…9, then 10 合计)
    want = (len(rows) + 1, '合计') + tuple(sum(int(r[c]) for r in rows) for c in cols)
    if tuple(v for v in total if v is not None) != want:
        bad(f'合计 row {total}, want {want} (numbers)')


if __name__ == '__main__':
    kind = sys.argv[1]
    if kind == 'summary':
        check_summary(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5],
                      sys.argv[6] if len(sys.argv) > 6 else None)
    elif kind == 'quotas':
        check_quotas(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f'unknown check {kind}')
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
