#!/usr/bin/python3
"""Writes the fuzz seed corpora in tests/fuzz/corpus/<harness>/ from the
project's samples and test data (small files only). Run from the top folder:

    /usr/bin/python3 tests/fuzz/make-seeds.py ./wenshu

The output is checked in; rerun only when the samples change a lot. Needs the
wenshu binary (for `wenshu init`, a libxlsxwriter workbook) and Debian's
python3-openpyxl (a workbook as openpyxl writes it, with typed cells)."""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
MAX = 24 * 1024  # seeds stay small: the fuzzer mutates, it need not read a novel


def put(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def small_records(rel, n):
    """The header and the first n records of a CSV (as UTF-8 text)."""
    rows = list(csv.reader(io.StringIO(read(rel).decode("utf-8-sig"))))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows[: n + 1])
    return buf.getvalue()


def csv_seeds():
    for rel in ["tests/golden/jiaxing-form/records.csv", "tests/golden/jiaxing-form/units.csv",
                "samples/jiaxing-2020/units.csv", "templates/jiaxing-2020/quotas.csv"] + \
               ["tests/data/bad/%s.csv" % n for n in
                ("glyphs", "invalid-utf8", "lone-quote", "missing-column", "names", "ragged")]:
        put("csv", rel.replace("/", "_"), read(rel))
    sample = small_records("samples/jiaxing-2020/candidates.csv", 3)
    put("csv", "sample-3.csv", sample)
    put("csv", "sample-3-gb18030.csv", sample.encode("gb18030"))
    put("csv", "sample-3-bom.csv", b"\xef\xbb\xbf" + sample.encode("utf-8"))
    put("csv", "sample-3-lf.csv", sample.replace("\r\n", "\n"))
    put("csv", "sample-errors-3.csv", small_records("samples/jiaxing-2020/candidates-errors.csv", 3))
    put("csv", "quotes.csv", '姓名,主要贡献\n"王""一","第一行\n第二行,含逗号"\n"",\n,,,\n')
    put("csv", "header-only.csv", "姓名,性别,身份证号\n")


SKIP = ("docProps/", "xl/theme/", "xl/drawings/", "xl/comments/", "[Content_Types].xml")


def parts_form(xlsx_bytes):
    """An .xlsx as the fuzz_xlsx part list: "@@ name" lines, each part's bytes,
    without the parts the reader never opens (themes, comments, drawings)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as z:
        for info in z.infolist():
            if info.filename.startswith(SKIP):
                continue
            out.append(b"@@ " + info.filename.encode("utf-8") + b"\n" + z.read(info))
    return b"\n".join(out)


def xlsx_seeds(wenshu):
    tmp = tempfile.mkdtemp()
    try:
        # openpyxl: typed cells (numbers, a date, an 18-digit ID typed as a number, a formula)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "申报"
        rows = list(csv.reader(io.StringIO(small_records("tests/golden/jiaxing-form/records.csv", 2))))
        for r in rows:
            ws.append([c[:200] for c in r[:12]])
        ws.append(["嘉兴巧匠", "王三", "男", 1978.05, "汉族", None, True, 3.5, 330421197805120037,
                   "=1+1", None, "x"])
        import datetime
        ws["F4"] = datetime.date(1980, 3, 1)
        ws["F4"].number_format = "yyyy.mm"
        wb.create_sheet("工作经历").append(["身份证号", "起止年月"])
        p = os.path.join(tmp, "openpyxl.xlsx")
        wb.save(p)
        data = open(p, "rb").read()
        put("xlsx", "openpyxl.xlsx", data)
        put("xlsx", "openpyxl.parts", parts_form(data))
        # libxlsxwriter: the collection workbook `wenshu init` writes, filled by the e2e helper
        collect = os.path.join(tmp, "collect.xlsx")
        subprocess.run([wenshu, "init", os.path.join(ROOT, "templates/jiaxing-2020"), "-o", collect],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        records = os.path.join(tmp, "records.csv")
        open(records, "w", encoding="utf-8").write(
            small_records("tests/golden/jiaxing-form/records.csv", 1))
        filled = os.path.join(tmp, "filled.xlsx")
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests/e2e/fill_collect.py"), "fill",
                        collect, records, filled, "--typed"], check=True, stdout=subprocess.DEVNULL)
        for name, path in (("collect", collect), ("filled", filled)):
            data = open(path, "rb").read()
            if len(data) <= 4 * MAX:
                put("xlsx", name + ".xlsx", data)
            put("xlsx", name + ".parts", parts_form(data))
        # clerk-made workbooks (tests/data/input/make-fixtures.py, LibreOffice): IDs and
        # year.months stored as numbers, a formula's #DIV/0!, merged cells, a title row
        # (whole: their parts are 110-130 KB of LibreOffice XML; the hand-made seed
        # below gives the same cases in parts form)
        for name in ("clerk-made", "lo-numbers"):
            put("xlsx", name + ".xlsx", read("tests/data/input/%s.xlsx" % name))
        put("xlsx", "numbers-errors-merges.parts", "\n".join([
            "@@ xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="说明" sheetId="1" r:id="rId1"/>'
            '<sheet name="S" sheetId="2" r:id="rId2"/></sheets></workbook>',
            "@@ xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet2.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>',
            "@@ xl/styles.xml",
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<numFmts><numFmt numFmtId="164" formatCode="General"/>'
            '<numFmt numFmtId="165" formatCode="#,##0.00&quot;元&quot;;[Red]-0.0"/></numFmts>'
            '<cellXfs><xf numFmtId="0"/><xf numFmtId="2"/><xf numFmtId="164"/><xf numFmtId="165"/>'
            '<xf numFmtId="57"/></cellXfs></styleSheet>',
            "@@ xl/worksheets/sheet1.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>填写说明</t></is></c></row></sheetData></worksheet>',
            "@@ xl/worksheets/sheet2.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>2020年推荐人选</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>姓名</t></is></c><c r="B2" t="inlineStr">'
            '<is><t>身份证号</t></is></c><c r="C2" t="inlineStr"><is><t>推荐单位</t></is></c>'
            '<c r="D2" t="inlineStr"><is><t>来嘉工作时间</t></is></c></row>'
            '<row r="3"><c r="A3" t="inlineStr"><is><t>王一</t></is></c><c r="B3" s="2">'
            '<v>3.30402198506308E+017</v></c><c r="C3" t="inlineStr"><is><t>东区</t></is></c>'
            '<c r="D3" s="1"><v>2018.1</v></c></row>'
            '<row r="4"><c r="A4" t="inlineStr"><is><t>李二</t></is></c><c r="B4" t="e">'
            '<f>1/0</f><v>#DIV/0!</v></c><c r="D4"><v>2018.1</v></c><c r="E4" s="3"><v>12.5</v></c></row>'
            '<row r="5"><c r="A5" t="e"><v>#N/A</v></c><c r="D5" s="4"><v>43374</v></c></row>'
            '</sheetData><mergeCells count="3"><mergeCell ref="A1:D1"/><mergeCell ref="C3:C5"/>'
            '<mergeCell ref="D4:E5"/></mergeCells></worksheet>',
        ]))
        # the smallest workbook the reader accepts, by hand
        put("xlsx", "minimal.parts", "\n".join([
            "@@ xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "@@ xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
            "@@ xl/worksheets/sheet1.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr">'
            '<is><t>出生年月</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>王一</t>'
            '</is></c><c r="B2" s="0"><v>28491</v></c></row></sheetData></worksheet>',
        ]))
    finally:
        shutil.rmtree(tmp)


def template_seeds():
    d = os.path.join(ROOT, "templates/jiaxing-2020")
    for n in sorted(os.listdir(d)):
        if n.endswith(".yaml") and n not in ("program.yaml", "rules.yaml"):
            put("template", n, read("templates/jiaxing-2020/" + n))
    put("template", "tiny.yaml", "document:\n  name: t\n  kind: form\n")
    bomb = "bomb:\n  l0: &l0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        "  l%d: &l%d [%s]\n" % (i, i, ", ".join(["*l%d" % (i - 1)] * 9)) for i in range(1, 9))
    put("template", "alias-bomb.yaml", "document:\n  name: t\n  kind: form\n" + bomb)
    put("template", "alias-deep.yaml", "a: &a [x]\n" + "".join(
        "b%d: &b%d [*%s]\n" % (i, i, "a" if i == 0 else "b%d" % (i - 1)) for i in range(300)))
    put("template", "empty.yaml", "# only a comment\n")


def para_seeds():
    # header: role, align, width (pt = 1 + 2*b), size/flags (see fuzz_para.c)
    def seed(name, role, align, width_pt, size_pt, text, flags=0):
        hdr = bytes([role, align, max(0, min(255, (width_pt - 1) // 2)), (size_pt - 5) | flags])
        put("para", name, hdr + text.encode("utf-8"))

    rows = list(csv.reader(io.StringIO(read("tests/golden/jiaxing-form/records.csv").decode("utf-8"))))
    head = rows[0]
    rec = rows[1]
    contrib = rec[head.index("主要贡献")][:600]
    seed("contribution", 1, 0, 400, 12, contrib)
    seed("contribution-narrow", 1, 0, 60, 12, contrib[:200])
    seed("experience", 0, 1, 300, 10, rec[head.index("主要工作经历")])
    seed("name-distribute", 3, 4, 80, 14, "欧阳堃")
    seed("name-shrink", 2, 2, 40, 16, "王王王王王王王王王王", 128)
    seed("rare", 0, 0, 200, 12, "堃喆龑䶮𠀾 郑八")
    seed("punct", 1, 0, 120, 12, "“干一行，就要钻一行。”（以上）——《通知》……【附件】、；：！？")
    seed("mixed", 0, 0, 150, 10, "CNC五轴加工中心0.01mm，PLC控制系统改造43.5%，ZL201810123456.7")
    seed("latin-long", 0, 3, 50, 9, "ouyangkun.precision@example.com Supercalifragilisticexpialidocious")
    seed("title-tracking", 4, 2, 300, 22, "填表说明", 32)
    seed("indent-paras", 1, 0, 250, 12, "第一段。\n第二段，有缩进。\n\n第四段", 64)
    seed("bad-utf8", 0, 0, 100, 12, "")
    with open(os.path.join(OUT, "para", "bad-utf8"), "ab") as f:
        f.write(b"\xe7\x8e\x8b\xff\xfe\xc0\x80")
    seed("pua-control", 0, 0, 100, 12, "王\ue123二\x07三")


def units_seeds():
    """units.csv as clerks keep it: every sample's, and the problems the
    units check finds (a unit twice, impossible and partial dates, a row
    without a name, control characters, a GB18030 file)."""
    for d in sorted(os.listdir(os.path.join(ROOT, "samples"))):
        rel = "samples/%s/units.csv" % d
        if os.path.exists(os.path.join(ROOT, rel)):
            put("units", d + ".csv", read(rel))
    put("units", "golden.csv", read("tests/golden/jiaxing-form/units.csv"))
    head = "推荐单位,填报人,联系电话,推荐日期,专家评议日期,落款单位\n"
    put("units", "duplicates.csv", head +
        "嘉善县,张敏,0573-84123456,2020-08-05,,嘉善县人社局\n桐乡市,李华,,2020-08-06,,\n"
        "嘉 善县,王五,,2020-08-07,,\n港区(开发区),甲,,,,\n港区（开发区）,乙,,,,\n")
    put("units", "dates.csv", head +
        "嘉善县,,,2020-13-45,2019-02-29,\n桐乡市,,,2020.08,2020年8月6日,\n平湖市,,,下周,20200807,\n"
        "海盐县,,,２０２０．０８．０５,0000-00-00,\n")
    put("units", "no-name-control.csv", head + " ,某,,,,\n嘉善县,\x1b[31m,,,,\x07\n,,,,,\n")
    put("units", "gb18030.csv", (head + "嘉善县,张敏,,2020-08-05,,嘉善县人社局\n").encode("gb18030"))


def public_seeds():
    # field values as clerks type them: numbers alone, inside text, spaced,
    # full-width, next to codes that are not numbers (fuzz_public.c)
    for name, text in [
        ("mobile-in-unit", "某公司（联系电话13957312468）"),
        ("id-in-name", "顾喆330421197603142131"),
        ("id-x", "33042119881102648X"),
        ("id15", "330421760314213"),
        ("mobile-spaced", "手机：139 5731 2468；座机0573-82228815"),
        ("fullwidth", "１３９５７３１２４６８"),
        ("plus86", "+86 13957312468"),
        ("codes", "证书编号S000036070003193000456，专利ZL201810123456.7，JXGJ2020-001"),
        ("dates", "2003.09-2016.01|嘉兴市某公司|钳工\n2020年9月29日至2020年10月12日"),
        ("controls", "欧阳\x1b[2J堃\u202e\ufeff\u200b\r\n"),
    ]:
        put("public", name, text)
    put("public", "bad-utf8", b"139\xff57312468\xe7\x8e")


def main():
    wenshu = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "wenshu"))
    for h in ("csv", "xlsx", "template", "para", "units", "public"):
        shutil.rmtree(os.path.join(OUT, h), ignore_errors=True)
    csv_seeds()
    units_seeds()
    xlsx_seeds(wenshu)
    template_seeds()
    para_seeds()
    public_seeds()
    for h in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, h))
        size = sum(os.path.getsize(os.path.join(OUT, h, f)) for f in files)
        print("%-9s %3d seeds, %6d bytes" % (h, len(files), size))


main()
