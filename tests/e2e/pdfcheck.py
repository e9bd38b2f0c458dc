#!/usr/bin/python3
"""Checks the PDFs a `wenshu build` made, with public tools only.

Usage: pdfcheck.py TEMPLATE_DIR RECORDS.csv BUILD_STDOUT.txt

For every "[成功] 第N行 … → FILE.pdf" line in the build's output (and, but for
the record-text check, every "[成功] 文档（单位）→ FILE.pdf" line):
  - qpdf --check passes;
  - pdffonts lists every font as embedded;
  - pdftotext contains every character of every record field the
    template prints ({{字段}} in its documents);
  - mutool trace shows no glyph 0 (.notdef) and no line that starts with a
    closing mark (，。、；：？！）】》” …) or ends with an opening one;
  - the PDF title names the candidate.
Prints one line per failure and "pdfcheck: N passed, N failed".
"""
import csv
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NO_START = set("、，。；：！？”’」』）】〕〗》〉·‧")
NO_END = set("“‘「『（【〔〖《〈")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def read_records(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    rows = list(csv.reader(text.splitlines(keepends=True) and __import__("io").StringIO(text)))
    return rows[0], rows  # header, all rows (index = spreadsheet row - 1)


def printed_fields(template_dir):
    """Per output folder (the first part of a document's output: forms, 证书 …), the field
    names that document shows as text: {{NAME}} without a prefix or filter."""
    by_dir = {}
    for doc in glob.glob(os.path.join(template_dir, "*.yaml")):
        if os.path.basename(doc) in ("program.yaml", "rules.yaml"):
            continue
        text = open(doc, encoding="utf-8").read()
        out = re.search(r'^\s*output:\s*"?([^"/\n]+)/', text, re.M)
        names = by_dir.setdefault(out.group(1) if out else "", set())
        # file names and PDF titles are not page text
        text = re.sub(r"^\s*(output|title|combined):.*$", "", text, flags=re.M)
        for m in re.finditer(r"\{\{\s*([^}]+?)\s*\}\}", text):
            expr = m.group(1)
            if " " in expr or "|" in expr or "." in expr or expr in ("page", "pages", "seq"):
                continue
            names.add(expr)
    return by_dir


def norm(s):
    return re.sub(r"[\s\u3000]", "", s).replace("（", "(").replace("）", ")")


def check_text(pdf, values):
    out = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    if out.returncode:
        return ["pdftotext failed: " + out.stderr.strip()]
    text = set(norm(out.stdout))
    errors = []
    for field, value in values.items():
        value = re.sub(r"[|｜\t]", "", value)
        missing = sorted(set(norm(value)) - text)
        if missing:
            errors.append("field %s: characters missing from the text: %s" % (field, "".join(missing[:20])))
    return errors


def check_fonts(pdf):
    out = run(["pdffonts", pdf])
    lines = out.stdout.splitlines()[2:]
    bad = [l for l in lines if len(l.split()) >= 5 and l.split()[-5] != "yes"]
    return ["font not embedded: " + l for l in bad]


def check_qpdf(pdf):
    out = run(["qpdf", "--check", pdf])
    return [] if out.returncode == 0 else ["qpdf --check: " + (out.stdout + out.stderr).strip()[-300:]]


def check_trace(pdf):
    """No .notdef glyph; no line starting with a closing mark or ending with an opening one."""
    out = run(["mutool", "trace", pdf])
    if out.returncode:
        return ["mutool trace failed: " + out.stderr.strip()[:200]]
    errors = []
    page_glyphs = []
    pages = []
    size = 12.0
    for line in out.stdout.splitlines():
        if line.startswith("<page "):
            page_glyphs = []
            pages.append(page_glyphs)
        t = re.search(r'<span [^>]*trm="([-\d.]+)', line)
        if t:
            size = abs(float(t.group(1))) or 12.0
        m = re.search(r'<g unicode="([^"]*)" glyph="([^"]*)" x="([^"]*)" y="([^"]*)" adv="([^"]*)"', line)
        if m:
            uni, glyph, x, y, adv = m.groups()
            page_glyphs.append((uni, glyph, float(x), float(y), float(adv) * size, size))
    for n, glyphs in enumerate(pages, 1):
        by_line = {}
        for g in glyphs:
            if g[1] in ("0", ".notdef"):
                errors.append("page %d: glyph 0 (.notdef) for %r" % (n, g[0]))
            by_line.setdefault(round(g[3], 1), []).append(g)
        for y, gs in by_line.items():
            gs.sort(key=lambda g: g[2])
            # split a baseline into lines: a gap wider than 1.2 em separates cells
            runs, cur = [], [gs[0]]
            for a, b in zip(gs, gs[1:]):
                if b[2] - (a[2] + a[4]) > 1.2 * a[5]:
                    runs.append(cur)
                    cur = []
                cur.append(b)
            runs.append(cur)
            for r in runs:
                if r[0][0] in NO_START:
                    errors.append("page %d: a line starts with %s" % (n, r[0][0]))
                if r[-1][0] in NO_END:
                    errors.append("page %d: a line ends with %s" % (n, r[-1][0]))
    return errors


def checks(log, rows, cols, fields):
    """(pdf, errors) for every PDF the build's output announces."""
    for line in open(log, encoding="utf-8"):
        m = re.match(r"\[成功\] 第(\d+)行 (.*?) → (.*?)（", line)
        if m:
            row = rows[int(m.group(1)) - 1]
            for pdf in m.group(3).split("、"):
                shown = fields.get(os.path.basename(os.path.dirname(pdf)), set())
                values = {f: row[cols[f]] for f in shown if f in cols and cols[f] < len(row)}
                yield pdf, check_qpdf(pdf) + check_fonts(pdf) + check_text(pdf, values) + check_trace(pdf)
            continue
        # the unit and program documents (汇总表, 推荐函, 公示, 证书合订本, 装订册): the same
        # checks but the per-record text, for which pdfcheck does not know the records they show
        m = re.match(r"\[成功\] (?!第\d+行)(.*?)\s*→\s*(.*?\.pdf)", line)
        if m:
            pdf = m.group(2)
            yield pdf, check_qpdf(pdf) + check_fonts(pdf) + check_trace(pdf)


def main():
    template_dir, records, log = sys.argv[1:4]
    header, rows = read_records(records)
    cols = {h.strip(): i for i, h in enumerate(header)}
    passed = failed = 0
    for pdf, errors in checks(log, rows, cols, printed_fields(template_dir)):
        if errors:
            failed += 1
            for e in errors:
                print("%s: %s" % (pdf, e))
        else:
            passed += 1
    print("pdfcheck: %d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
