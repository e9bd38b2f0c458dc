#!/usr/bin/python3
"""The clerk's side of the round trip, for tests/e2e/roundtrip.sh.

  fill_collect.py inspect 采集表.xlsx [TEMPLATE_DIR]
      checks what `wenshu init` promised: header comments, dropdowns, text
      format on 身份证号/手机/年月 columns, frozen header, the hidden list
      sheet, one sheet per list field. With the template folder, the columns
      come from its program.yaml (idcard, phone and yearmonth fields, fields
      with choices, the unit field when there is a quota table, list fields);
      without, those of 嘉兴2020.
  fill_collect.py fill 采集表.xlsx records.csv out.xlsx [--typed]
      fills a copy of the collection workbook with the records of a CSV,
      by header label, as a clerk would: list fields (主要工作经历) go to
      their own sheet, one row per entry, after the record's key columns
      (身份证号 and 姓名, or the program's identity). --typed
      enters what Excel would make of careless typing: phone numbers and
      counts as numbers, 年月 as real dates shown "yyyy.mm".

Needs Debian's python3-openpyxl (run with /usr/bin/python3)."""
import csv
import datetime
import re
import sys

import openpyxl


def fail(msg):
    print("fill_collect: " + msg, file=sys.stderr)
    sys.exit(1)


def expectations(template):
    """(text-formatted labels, the yearmonth label with its hint, dropdown labels, list sheets)."""
    if not template:
        return (("身份证号", "手机", "出生年月"), ("出生年月", "1960.01"),
                ("申报类别", "性别", "政治面貌", "学历", "推荐单位"), ("主要工作经历",))
    import os
    import yaml
    prog = yaml.safe_load(open(os.path.join(template, "program.yaml"), encoding="utf-8"))
    fields = [f if isinstance(f, dict) else {"name": f} for f in prog["fields"]]
    text = [f["name"] for f in fields if f.get("kind") in ("idcard", "phone", "yearmonth")]
    months = [f for f in fields if f.get("kind") == "yearmonth" and f.get("hint")]
    month = (months[0]["name"], months[0]["hint"][-7:]) if months else None
    drops = [f["name"] for f in fields if f.get("choices")]
    if prog.get("quotas") and prog.get("unit_field"):
        drops.append(prog["unit_field"])
    lists = [f["name"] for f in fields if f.get("kind") == "list"]
    return tuple(text), month, tuple(drops), tuple(lists)


def inspect(path, template=None):
    text, month, drops, list_sheets = expectations(template)
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    main = wb.worksheets[0]
    if main.freeze_panes != "A2":
        fail("header row not frozen: %s" % main.freeze_panes)
    heads = {c.value: c for c in main[1] if c.value}
    for label in text:
        cell = heads.get(label)
        if cell is None:
            fail("no column " + label)
        if main.column_dimensions[cell.column_letter].width < 8:
            fail("column %s too narrow" % label)
        fmt = main.column_dimensions[cell.column_letter].number_format
        if fmt != "@":
            fail("column %s is not text-formatted (%s)" % (label, fmt))
    if month and (not heads[month[0]].comment or month[1] not in heads[month[0]].comment.text):
        fail("%s header has no comment with the 填表说明" % month[0])
    lists = {}
    for dv in main.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            lists[re.sub(r"\d+", "", rng.split(":")[0])] = dv
    for label in drops:
        col = heads[label].column_letter
        if col not in lists or lists[col].type != "list":
            fail("no dropdown on " + label)
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state == "hidden"]
    if hidden != ["选项列表"]:
        fail("hidden sheets: %s" % hidden)
    if "填表说明" not in names or any(l not in names for l in list_sheets):
        fail("sheets: %s" % names)
    print("inspect: ok (%d columns, sheets %s)" % (len(heads), ", ".join(names)))


def typed_value(label, value):
    """What Excel stores when a clerk types 'value' into a General cell."""
    if re.fullmatch(r"1\d{9,10}", value) and label in ("手机", "联系电话"):
        return int(value), None
    if re.fullmatch(r"\d{1,2}", value):
        return int(value), None
    m = re.fullmatch(r"(\d{4})\.(\d{2})", value)
    if m and label in ("出生年月", "来嘉工作时间", "单位成立时间"):
        return datetime.datetime(int(m.group(1)), int(m.group(2)), 1), "yyyy.mm"
    return value, None


def put(ws, row, col, label, value, typed):
    cell = ws.cell(row=row, column=col)
    if typed:
        v, fmt = typed_value(label, value)
        cell.value = v
        cell.number_format = fmt or "General"
    else:
        cell.value = value


def fill(template, records, out, typed):
    wb = openpyxl.load_workbook(template)
    main = wb.worksheets[0]
    cols = {c.value: c.column for c in main[1] if c.value}
    with open(records, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    next_row = {}
    for i, rec in enumerate(rows):
        for label, value in rec.items():
            if not value:
                continue
            if label in cols:
                put(main, i + 2, cols[label], label, value, typed)
            elif label in wb.sheetnames:
                ws = wb[label]
                heads = [c.value for c in ws[1]]
                r = next_row.get(label, 2)
                for line in value.split("\n"):
                    if not line.strip():
                        continue
                    entry = line.split("|")
                    nkeys = len(heads) - len(entry)  # the record's key (ID number, 姓名 or
                    parts = dict(zip(heads[nkeys:], entry))  # identity) before the entry's columns
                    for key in heads[:nkeys]:
                        parts[key] = rec.get(key, "")
                    for c, h in enumerate(heads):
                        if parts.get(h):
                            ws.cell(row=r, column=c + 1).value = parts[h]
                    r += 1
                next_row[label] = r
            else:
                fail("the workbook has no column or sheet for 「%s」" % label)
    wb.save(out)
    print("fill: %d records into %s%s" % (len(rows), out, " (typed)" if typed else ""))


def main():
    if len(sys.argv) in (3, 4) and sys.argv[1] == "inspect":
        inspect(*sys.argv[2:])
    elif len(sys.argv) in (5, 6) and sys.argv[1] == "fill":
        fill(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:] == ["--typed"])
    else:
        fail(__doc__)


if __name__ == "__main__":
    main()
