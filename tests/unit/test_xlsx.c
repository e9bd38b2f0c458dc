/* Unit tests for input/xlsx: workbooks written by libxlsxwriter, parts
 * written by hand with libzip (what libxlsxwriter never writes: missing r
 * attributes, phonetic runs, error cells, 1904 dates, prefixed namespaces),
 * and files that are not workbooks at all. Fixtures go to /tmp. */
#include "harness.h"

#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "input/sheet.h"

#define NS                                                                                         \
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                         \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static char tmp_dir[64];

static const char *tmp_path(const char *name)
{
    static char buf[8][128];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", tmp_dir, name);
    return p;
}

/* --- fixtures -------------------------------------------------------------- */

typedef struct part {
    const char *name;
    const char *data;
} part;

static bool write_zip(const char *path, const part *parts, size_t n)
{
    int code;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!z) return false;
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i].data, strlen(parts[i].data), 0);
        if (!src || zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) < 0) {
            zip_source_free(src);
            zip_discard(z);
            return false;
        }
    }
    return zip_close(z) == 0;
}

static bool write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* A one-sheet workbook ("Sheet1") around the given <sheetData> content;
 * sst and styles are optional whole parts, workbook_pr goes into
 * workbook.xml (e.g. <workbookPr date1904="1"/>). */
static bool make_book(const char *path, const char *workbook_pr, const char *sheet_data,
                      const char *sst, const char *styles)
{
    static char workbook[1024], sheet[1 << 16];
    snprintf(workbook, sizeof workbook,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<workbook " NS ">%s<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
             "</sheets></workbook>",
             workbook_pr ? workbook_pr : "");
    snprintf(sheet, sizeof sheet, "<worksheet " NS "><sheetData>%s</sheetData></worksheet>",
             sheet_data);
    part parts[6] = {
        {"_rels/.rels",
         "<Relationships xmlns=\"" REL_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"" REL_NS "\">"
         "<Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
         "<Relationship Id=\"rId2\" Type=\"" REL_TYPE
         "sharedStrings\" Target=\"sharedStrings.xml\"/>"
         "<Relationship Id=\"rId3\" Type=\"" REL_TYPE "styles\" Target=\"styles.xml\"/>"
         "</Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet},
    };
    size_t n = 4;
    if (sst) parts[n++] = (part){"xl/sharedStrings.xml", sst};
    if (styles) parts[n++] = (part){"xl/styles.xml", styles};
    return write_zip(path, parts, n);
}

/* The workbook a clerk would send: written by libxlsxwriter. */
static bool make_writer_book(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return false;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "报名表");
    lxw_format *ymd = workbook_add_format(wb);
    format_set_num_format(ymd, "yyyy-mm-dd");
    lxw_format *ym = workbook_add_format(wb);
    format_set_num_format(ym, "yyyy.mm");
    lxw_format *cn_ym = workbook_add_format(wb);
    format_set_num_format(cn_ym, "yyyy\"年\"m\"月\"");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);

    const char *header[] = {"姓名",         "身份证号", "手机", "分数", "出生日期",
                            "参加工作时间", "毕业时间", "党员", "简历"};
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], NULL);

    /* Excel row 2: every kind of value */
    worksheet_write_string(ws, 1, 0, "张三", NULL);
    worksheet_write_number(ws, 1, 1, 110105194912310021.0, NULL); /* an ID typed as a number */
    worksheet_write_number(ws, 1, 2, 13800138000.0, NULL);
    worksheet_write_number(ws, 1, 3, 3.5, NULL);
    lxw_datetime birth = {1990, 5, 17, 0, 0, 0};
    lxw_datetime work = {2012, 7, 1, 0, 0, 0};
    lxw_datetime grad = {2012, 6, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 4, &birth, ymd);
    worksheet_write_datetime(ws, 1, 5, &work, ym);
    worksheet_write_datetime(ws, 1, 6, &grad, cn_ym);
    worksheet_write_boolean(ws, 1, 7, 1, NULL);
    worksheet_write_string(ws, 1, 8, "2008.09—2012.06 北京大学\n2012.07—今 某单位", NULL);

    /* Excel row 3: nothing; row 4: only a formatted blank (both skipped) */
    worksheet_write_blank(ws, 3, 2, bold);

    /* Excel row 5: sparse, rich text, a carriage return, content past the header */
    lxw_rich_string_tuple f1 = {.format = bold, .string = "李"};
    lxw_rich_string_tuple f2 = {.format = NULL, .string = "四"};
    lxw_rich_string_tuple *rich[] = {&f1, &f2, NULL};
    worksheet_write_rich_string(ws, 4, 0, rich, NULL);
    worksheet_write_string(ws, 4, 1, "11010519491231002X", NULL);
    worksheet_write_number(ws, 4, 3, 90, NULL);
    worksheet_write_boolean(ws, 4, 7, 0, NULL);
    worksheet_write_string(ws, 4, 8, "行一\r\n行二", NULL);
    worksheet_write_string(ws, 4, 10, "备注", NULL);

    /* Excel row 6: a formula with a saved string result, which libxlsxwriter
     * marks stale (fullCalcOnLoad): Excel recalculates it on opening */
    worksheet_write_string(ws, 5, 0, "王五", NULL);
    worksheet_write_formula_str(ws, 5, 2, "=\"010-\"&\"12345678\"", NULL, "010-12345678");

    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "工作经历");
    worksheet_write_string(ws2, 0, 0, "姓名", NULL);
    worksheet_write_string(ws2, 0, 1, "单位", NULL);
    worksheet_write_string(ws2, 1, 0, "张三", NULL);
    worksheet_write_string(ws2, 1, 1, "某市人力资源和社会保障局", NULL);
    return workbook_close(wb) == LXW_NO_ERROR;
}

/* --- helpers ------------------------------------------------------------- */

static const ws_cell_note *note_at(const ws_sheet *s, size_t row, int col)
{
    for (const ws_cell_note *n = s->notes; n; n = n->next)
        if (n->row == row && n->col == col) return n;
    return NULL;
}

static size_t note_count(const ws_sheet *s)
{
    size_t n = 0;
    for (const ws_cell_note *p = s->notes; p; p = p->next)
        n++;
    return n;
}

static bool starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Reads a one-sheet workbook; NULL on failure (err filled). */
static ws_sheet *read_one(const char *path, ws_arena *a, ws_err *err)
{
    ws_book *book = NULL;
    if (ws_xlsx_read(path, a, &book, err) != WS_OK) return NULL;
    return book->nsheets ? book->sheets[0] : NULL;
}

/* Writes a one-sheet workbook (make_book's parts) to tmp_path(name) and reads
 * it into a new arena (*a, the caller's to destroy): its sheet, or NULL when
 * it could not be written or read (the test failed, *a destroyed). */
static ws_sheet *book_sheet(const char *name, const char *data, const char *sst, const char *styles,
                            ws_arena **a)
{
    const char *path = tmp_path(name);
    ws_err err = {0};
    *a = ws_arena_create(0);
    ws_sheet *s = make_book(path, NULL, data, sst, styles) ? read_one(path, *a, &err) : NULL;
    if (!s) {
        TH_FAIL("%s: %s", name, err.msg[0] ? err.msg : "not written");
        ws_arena_destroy(*a);
        *a = NULL;
    }
    return s;
}

static const char *LOST_DIGITS =
    "该单元格是数值，Excel 只保留15位有效数字，长数字（如身份证号）的末几位已丢失，"
    "读到的数不能使用：请把该列设为文本后重新输入";

/* --- libxlsxwriter workbook ----------------------------------------------- */

TEST(writer_book)
{
    const char *path = tmp_path("writer.xlsx");
    CHECK(make_writer_book(path));
    ws_arena *a = ws_arena_create(0);
    ws_err err = {0};
    ws_book *book = NULL;
    CHECK_INT(ws_xlsx_read(path, a, &book, &err), WS_OK);
    if (!book) {
        TH_FAIL("%s", err.msg);
        ws_arena_destroy(a);
        return;
    }
    CHECK_INT(book->nsheets, 2);
    const ws_sheet *s = book->sheets[0];
    CHECK_STR(s->name, "报名表");
    CHECK_STR(s->encoding, "XLSX");
    CHECK_STR(s->path, path);
    CHECK_INT(s->ncols, 9);
    CHECK_INT(s->nrows, 4);
    CHECK_INT(s->line[0], 1);
    CHECK_INT(s->line[1], 2);
    CHECK_INT(s->line[2], 5);
    CHECK_INT(s->line[3], 6);
    CHECK_STR(s->cells[0][0], "姓名");
    CHECK_STR(s->cells[0][8], "简历");
    CHECK_INT(s->row_ncols[0], 9);

    CHECK_STR(s->cells[1][0], "张三");
    CHECK_STR(s->cells[1][1], "110105194912310000");
    CHECK_STR(s->cells[1][2], "13800138000");
    CHECK_STR(s->cells[1][3], "3.5");
    CHECK_STR(s->cells[1][4], "1990-05-17");
    CHECK_STR(s->cells[1][5], "2012.07");
    CHECK_STR(s->cells[1][6], "2012.06");
    CHECK_STR(s->cells[1][7], "TRUE");
    CHECK_STR(s->cells[1][8], "2008.09—2012.06 北京大学\n2012.07—今 某单位");
    CHECK_INT(s->row_ncols[1], 9);

    CHECK_STR(s->cells[2][0], "李四");
    CHECK_STR(s->cells[2][1], "11010519491231002X");
    CHECK_STR(s->cells[2][2], "");
    CHECK_STR(s->cells[2][3], "90");
    CHECK_STR(s->cells[2][4], "");
    CHECK_STR(s->cells[2][7], "FALSE");
    CHECK_STR(s->cells[2][8], "行一\r\n行二");
    CHECK_INT(s->row_ncols[2], 11);

    CHECK_STR(s->cells[3][0], "王五");
    CHECK_STR(s->cells[3][1], "");
    CHECK_STR(s->cells[3][2], ""); /* not the saved 010-12345678 */
    CHECK_INT(s->row_ncols[3], 3);

    /* the lost digits on row 2, the column without header on row 5, the formula on row 6 */
    CHECK_INT(note_count(s), 3);
    const ws_cell_note *n = note_at(s, 1, 1);
    CHECK(n && n->level == WS_NOTE_ERROR); /* never usable: the records stage withholds it */
    if (n) CHECK_STR(n->msg, LOST_DIGITS);
    n = note_at(s, 2, -1);
    CHECK(n && n->level == WS_NOTE_WARNING);
    if (n) CHECK_STR(n->msg, "第K列有内容但没有表头");
    n = note_at(s, 3, 2);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "C6") && strstr(n->msg, "重新计算"));

    const ws_sheet *w = book->sheets[1];
    CHECK_STR(w->name, "工作经历");
    CHECK_INT(w->nrows, 2);
    CHECK_INT(w->ncols, 2);
    CHECK_STR(w->cells[1][1], "某市人力资源和社会保障局");
    CHECK(w->notes == NULL);
    ws_arena_destroy(a);
}

TEST(sheet_read_by_name)
{
    const char *path = tmp_path("writer.xlsx");
    ws_arena *a = ws_arena_create(0);
    ws_err err = {0};
    ws_sheet *s = NULL;
    CHECK_INT(ws_sheet_read(path, "工作经历", a, &s, &err), WS_OK);
    if (s) CHECK_STR(s->cells[0][1], "单位");
    CHECK_INT(ws_sheet_read(path, NULL, a, &s, &err), WS_OK);
    if (s) CHECK_STR(s->name, "报名表");
    CHECK_INT(ws_sheet_read(path, "没有", a, &s, &err), WS_ERR_INPUT);
    ws_arena_destroy(a);
}

/* --- what the clerk typed, or an error ------------------------------------ */

static const char *STYLES_DEC =
    "<styleSheet " NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"General\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.0\"/>"
    "</numFmts><cellXfs>"
    "<xf numFmtId=\"0\"/>"   /* 0 General */
    "<xf numFmtId=\"2\"/>"   /* 1 built-in 0.00 */
    "<xf numFmtId=\"164\"/>" /* 2 General spelt out, as LibreOffice writes it */
    "<xf numFmtId=\"165\"/>" /* 3 0.0 */
    "<xf numFmtId=\"10\"/>"  /* 4 0.00% */
    "<xf numFmtId=\"14\"/>"  /* 5 a date */
    "</cellXfs></styleSheet>";

TEST(numbers_read_as_shown)
{
    const char *data =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>年月</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>身份证号</t></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>公式</t></is></c></row>"
        /* 2018.10 typed into a 0.00 cell: the cell shows 2018.10 */
        "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>2018.1</v></c>"
        "<c r=\"B2\" s=\"2\"><v>3.30402198506308E+017</v></c>"
        "<c r=\"C2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"
        /* General: 2018.1 is January or October; LibreOffice's "General" too */
        "<row r=\"3\"><c r=\"A3\"><v>2018.1</v></c><c r=\"B3\"><v>330402198506308246</v></c>"
        "<c r=\"C3\" t=\"e\"><f>#REF!+1</f><v>#REF!</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" s=\"2\"><v>2018.1</v></c><c r=\"B4\"><v>123456789012345</v></c>"
        "<c r=\"C4\" t=\"e\"><v>#VALUE!</v></c></row>"
        /* not ambiguous: 2018.3 cannot have been 2018.30; 0.0 shows 2018.1 as typed */
        "<row r=\"5\"><c r=\"A5\"><v>2018.3</v></c><c r=\"B5\" s=\"3\"><v>2018.1</v></c>"
        "<c r=\"C5\" s=\"4\"><v>0.125</v></c></row>"
        "<row r=\"6\"><c r=\"A6\" s=\"1\"><v>3</v></c><c r=\"B6\"><v>1850.1</v></c>"
        "<c r=\"C6\" s=\"5\"><v>330402198506308246</v></c></row>"; /* an ID in a date column */
    ws_arena *a;
    ws_sheet *s = book_sheet("shown.xlsx", data, NULL, STYLES_DEC, &a);
    if (!s) return;
    CHECK_STR(s->cells[1][0], "2018.10");
    CHECK(note_at(s, 1, 0) == NULL);
    const ws_cell_note *n = note_at(s, 1, 1);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "把该列设为文本后重新输入"));
    n = note_at(s, 1, 2);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "#DIV/0!"));
    for (size_t row = 2; row <= 3; row++) {
        n = note_at(s, row, 0);
        CHECK(n && n->level == WS_NOTE_ERROR);
        if (!n) continue;
        CHECK(strstr(n->msg, row == 2 ? "A3" : "A4") != NULL); /* the cell */
        CHECK(strstr(n->msg, "2018.01") && strstr(n->msg, "2018.10")); /* both readings */
        CHECK(strstr(n->msg, "设为文本") != NULL);
    }
    n = note_at(s, 2, 1);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "15位"));
    CHECK_STR(s->cells[3][1], "123456789012345"); /* 15 digits are whole */
    CHECK(note_at(s, 3, 1) == NULL);
    n = note_at(s, 2, 2);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "#REF!"));
    n = note_at(s, 3, 2);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "#VALUE!"));
    CHECK_STR(s->cells[4][0], "2018.3");
    CHECK(note_at(s, 4, 0) == NULL);
    CHECK_STR(s->cells[4][1], "2018.1");
    CHECK(note_at(s, 4, 1) == NULL);
    CHECK_STR(s->cells[4][2], "12.50%"); /* as the cell shows it */
    CHECK_STR(s->cells[5][0], "3.00");
    CHECK(note_at(s, 5, 1) == NULL); /* 1850 is no year of a working life */
    n = note_at(s, 5, 2);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "15位"));
    ws_arena_destroy(a);
}

/* A number in a cell of a number format reads as the cell shows it, or is
 * refused when that cannot be told (numbers_read_as_shown has 0.00). */
static const char *STYLES_LOOK =
    "<styleSheet " NS "><numFmts count=\"7\">"
    "<numFmt numFmtId=\"164\" formatCode=\"000000\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.0#\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"#.00\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"0&quot;年&quot;_ \"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"G/通用格式\"/>"
    "<numFmt numFmtId=\"169\" formatCode=\"0.0\"/>"
    "<numFmt numFmtId=\"170\" formatCode=\"#,##0,\"/>"
    "</numFmts><cellXfs>"
    "<xf numFmtId=\"1\"/>"   /* 0 built-in 0 */
    "<xf numFmtId=\"3\"/>"   /* 1 built-in #,##0 */
    "<xf numFmtId=\"164\"/>" /* 2 000000 */
    "<xf numFmtId=\"9\"/>"   /* 3 built-in 0% */
    "<xf numFmtId=\"2\"/>"   /* 4 built-in 0.00 */
    "<xf numFmtId=\"165\"/>" /* 5 0.0# */
    "<xf numFmtId=\"11\"/>"  /* 6 built-in 0.00E+00 */
    "<xf numFmtId=\"37\"/>"  /* 7 built-in #,##0 ;(#,##0) */
    "<xf numFmtId=\"166\"/>" /* 8 #.00 */
    "<xf numFmtId=\"167\"/>" /* 9 0"年" with a padding space */
    "<xf numFmtId=\"168\"/>" /* 10 General, as Chinese Excel spells it */
    "<xf numFmtId=\"169\"/>" /* 11 0.0 */
    "<xf numFmtId=\"49\"/>"  /* 12 built-in @ (text), on a number */
    "<xf numFmtId=\"170\"/>" /* 13 #,##0, thousands */
    "</cellXfs></styleSheet>";

TEST(numbers_read_as_their_format_shows)
{
    static const struct {
        int style;
        const char *stored, *read; /* read NULL: refused */
    } cases[] = {
        /* a format that shows the number itself: read as shown */
        {2, "10020", "010020"},     {3, "0.11", "11%"},       {5, "1.25", "1.25"},
        {5, "1.2", "1.2"},          {7, "5", "5"},            {10, "22.3561", "22.3561"},
        {12, "123.45", "123.45"},   {1, "1234", "1234"},      {4, "2.5", "2.50"},
        {9, "22", "22"},            {11, "99.5", "99.5"},
        /* a format that shows another number (rounded): which one is meant is not sure */
        {0, "22.3561643835616", NULL}, {1, "14.6", NULL},     {4, "2.675", NULL},
        {9, "22.6", NULL},          {11, "99.96", NULL},      {0, "-2.5", NULL},
        {4, "1E-300", NULL},        {11, "0.05", NULL},       {11, "1998.06", NULL},
        /* what the reader cannot show exactly */
        {6, "12345", NULL},         {7, "-5", NULL},          {8, "0.5", NULL},
        {13, "12000", NULL},        {4, "-0.001", NULL},
    };
    enum { N = sizeof cases / sizeof *cases };
    static char data[8192];
    size_t o = (size_t)snprintf(data, sizeof data,
                                "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>数</t></is></c></row>");
    for (int i = 0; i < N; i++)
        o += (size_t)snprintf(data + o, sizeof data - o, "<row r=\"%d\"><c r=\"A%d\" s=\"%d\"><v>%s</v></c></row>",
                              i + 2, i + 2, cases[i].style, cases[i].stored);
    ws_arena *a;
    ws_sheet *s = book_sheet("looks.xlsx", data, NULL, STYLES_LOOK, &a);
    if (!s) return;
    for (int i = 0; i < N; i++) {
        const ws_cell_note *n = note_at(s, (size_t)i + 1, 0);
        if (cases[i].read) {
            if (strcmp(s->cells[i + 1][0], cases[i].read) || n)
                TH_FAIL("%s in style %d: read %s%s", cases[i].stored, cases[i].style,
                        s->cells[i + 1][0], n ? " with a note" : "");
        } else if (!n || n->level != WS_NOTE_ERROR || !strstr(n->msg, "设为文本")) {
            TH_FAIL("%s in style %d: not refused", cases[i].stored, cases[i].style);
        }
    }
    ws_arena_destroy(a);
}

/* A formula saved without its result (openpyxl and other programs write
 * them so) cannot be read as the empty text it is in the file, whatever its
 * type says; an empty string saved as the result (<v></v>) is one. */
TEST(formula_without_result_is_refused)
{
    const char *data =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>甲</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>乙</t></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>丙</t></is></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><t>丁</t></is></c>"
        "<c r=\"E1\" t=\"inlineStr\"><is><t>戊</t></is></c>"
        "<c r=\"F1\" t=\"inlineStr\"><is><t>己</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\"><f>1/0</f><v></v></c><c r=\"B2\"><f>A1</f></c>"
        "<c r=\"C2\" t=\"str\"><f>IF(1,\"\",\"x\")</f><v></v></c>" /* a result that is "" */
        "<c r=\"D2\"><f>1+1</f><v>2</v></c>"
        "<c r=\"E2\" t=\"str\"><f>Sheet2!B2</f></c><c r=\"F2\" t=\"b\"><f>A1=B1</f></c></row>";
    ws_arena *a;
    ws_sheet *s = book_sheet("formulas.xlsx", data, NULL, NULL, &a);
    if (!s) return;
    const char *refused[] = {"A2", "B2", NULL, NULL, "E2", "F2"};
    for (int col = 0; col < 6; col++) {
        const ws_cell_note *n = note_at(s, 1, col);
        if (!refused[col]) continue;
        CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, refused[col]) &&
              strstr(n->msg, "没有保存它的计算结果"));
        CHECK_STR(s->cells[1][col], "");
    }
    CHECK(note_at(s, 1, 2) == NULL);
    CHECK_STR(s->cells[1][3], "2");
    CHECK(note_at(s, 1, 3) == NULL);
    ws_arena_destroy(a);
}

/* A one-sheet workbook whose worksheet part ends with 'tail' (mergeCells). */
static bool make_book_tail(const char *path, const char *sheet_data, const char *tail)
{
    static char sheet[1 << 16];
    snprintf(sheet, sizeof sheet, "<worksheet " NS "><sheetData>%s</sheetData>%s</worksheet>",
             sheet_data, tail);
    part parts[] = {
        {"_rels/.rels",
         "<Relationships xmlns=\"" REL_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", "<workbook " NS "><sheets><sheet name=\"名单\" sheetId=\"1\" "
                            "r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"" REL_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet},
    };
    return write_zip(path, parts, 4);
}

/* As book_sheet, for a sheet with what follows its sheetData (mergeCells). */
static ws_sheet *merged_sheet(const char *name, const char *data, const char *tail, ws_arena **a)
{
    const char *path = tmp_path(name);
    ws_err err = {0};
    *a = ws_arena_create(0);
    ws_sheet *s = make_book_tail(path, data, tail) ? read_one(path, *a, &err) : NULL;
    if (!s) {
        TH_FAIL("%s: %s", name, err.msg[0] ? err.msg : "not written");
        ws_arena_destroy(*a);
        *a = NULL;
    }
    return s;
}

#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"

TEST(merged_cells_carried_down)
{
    const char *data = "<row r=\"1\">" IS("A1", "姓名") IS("B1", "推荐单位") IS("C1", "备注") "</row>"
                       "<row r=\"2\">" IS("A2", "甲") IS("B2", "东区") "</row>"
                       "<row r=\"3\">" IS("A3", "乙") "<c r=\"B3\"/></row>"
                       "<row r=\"4\">" IS("A4", "丙") "</row>"
                       "<row r=\"5\">" IS("A5", "丁") IS("B5", "西区") "</row>";
    const char *merges = "<mergeCells count=\"4\"><mergeCell ref=\"A1:A2\"/>"
                         "<mergeCell ref=\"B2:C4\"/><mergeCell ref=\"C5:C5\"/>"
                         "<mergeCell ref=\"B5:B9\"/></mergeCells>";
    ws_arena *a;
    ws_sheet *s = merged_sheet("merged.xlsx", data, merges, &a);
    if (!s) return;
    CHECK_INT(s->ncols, 3);
    CHECK_STR(s->cells[1][0], "甲"); /* nothing carried from the header … */
    const ws_cell_note *hid = note_at(s, 1, 0); /* … and 甲 is hidden under 姓名 in Excel */
    CHECK(hid && hid->level == WS_NOTE_ERROR && strstr(hid->msg, "A1:A2") && strstr(hid->msg, "「甲」"));
    CHECK_STR(s->cells[1][1], "东区");
    CHECK_STR(s->cells[2][1], "东区");
    CHECK_STR(s->cells[3][1], "东区");
    CHECK_STR(s->cells[3][2], "");     /* only the area's first column */
    CHECK_STR(s->cells[4][1], "西区"); /* rows 6-9 do not exist */
    const ws_cell_note *n = note_at(s, 2, 1);
    CHECK(n && n->level == WS_NOTE_WARNING && strstr(n->msg, "B2:C4") && strstr(n->msg, "第2行"));
    CHECK(note_at(s, 3, 1) != NULL);
    CHECK(note_at(s, 1, 1) == NULL);
    CHECK_INT(note_count(s), 3);
    ws_arena_destroy(a);
}

/* libxlsxwriter, XlsxWriter and openpyxl mark the workbook <calcPr
 * fullCalcOnLoad="1">: the results saved with its formulas are stale (=ROW()-1
 * saved as 0) and Excel recalculates them on opening. Such a result is
 * refused like a missing one; without the mark it is what Excel showed. */
TEST(stale_formula_results_refused)
{
    const char *data =
        "<row r=\"1\">" IS("A1", "序号") IS("B1", "推荐单位") IS("C1", "分数") "</row>"
        "<row r=\"2\"><c r=\"A2\"><f>ROW()-1</f><v>0</v></c>"
        "<c r=\"B2\" t=\"str\"><f>\"东\"&amp;\"区\"</f><v>东区</v></c><c r=\"C2\"><v>5</v></c></row>"
        /* an array formula is written in its first cell only: A4 holds its stale result too */
        "<row r=\"3\"><c r=\"A3\"><f t=\"array\" ref=\"A3:A4\">ROW(A3:A4)-1</f><v>0</v></c></row>"
        "<row r=\"4\"><c r=\"A4\"><v>0</v></c><c r=\"B4\"><v>7</v></c></row>";
    const char *calc[] = {"<calcPr calcId=\"124519\"/>",
                          "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/>"};
    for (int stale = 0; stale < 2; stale++) {
        const char *path = tmp_path("fullcalc.xlsx");
        CHECK(make_book(path, calc[stale], data, NULL, NULL));
        ws_arena *a = ws_arena_create(0);
        ws_err err = {0};
        ws_sheet *s = read_one(path, a, &err);
        if (!s) {
            TH_FAIL("%s", err.msg);
            ws_arena_destroy(a);
            return;
        }
        CHECK_STR(s->cells[1][2], "5");
        CHECK(note_at(s, 1, 2) == NULL);
        if (!stale) {
            CHECK_STR(s->cells[1][0], "0");
            CHECK_STR(s->cells[1][1], "东区");
            CHECK_STR(s->cells[3][0], "0");
            CHECK(s->notes == NULL);
        }
        CHECK_STR(s->cells[3][1], "7"); /* beside the array: no formula */
        CHECK(note_at(s, 3, 1) == NULL);
        for (int row = 2; stale && row < 4; row++) {
            const ws_cell_note *n = note_at(s, row, 0);
            CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, row == 2 ? "A3" : "A4") &&
                  strstr(n->msg, "重新计算"));
            CHECK_STR(s->cells[row][0], "");
        }
        for (int col = 0; stale && col < 2; col++) {
            const ws_cell_note *n = note_at(s, 1, col);
            CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, col ? "B2" : "A2") &&
                  strstr(n->msg, "重新计算"));
            CHECK_STR(s->cells[1][col], ""); /* the stale result is nowhere */
        }
        ws_arena_destroy(a);
    }
}

/* LibreOffice and WPS can merge keeping the covered cells' contents: Excel
 * shows the area's top-left value on every row, the file still holds the
 * other one under the merge. Content that differs is an error on its cell;
 * the same value, or nothing, is what Excel shows. */
TEST(content_hidden_under_a_merge_refused)
{
    const char *data = "<row r=\"1\">" IS("A1", "姓名") IS("B1", "推荐单位") IS("C1", "备注") "</row>"
                       "<row r=\"2\">" IS("A2", "甲") IS("B2", "嘉善县") "</row>"
                       "<row r=\"3\">" IS("A3", "乙") IS("B3", "平湖市") "</row>"
                       "<row r=\"4\">" IS("A4", "丙") IS("B4", "嘉善县 ") "</row>" /* spaces around: the same */
                       "<row r=\"5\">" IS("A5", "丁") "</row>"
                       "<row r=\"6\">" IS("A6", "戊") IS("B6", "海宁市") IS("C6", "旧备注") "</row>";
    const char *merges = "<mergeCells count=\"2\"><mergeCell ref=\"B2:B5\"/>"
                         "<mergeCell ref=\"B6:C6\"/></mergeCells>";
    ws_arena *a;
    ws_sheet *s = merged_sheet("merged-hidden.xlsx", data, merges, &a);
    if (!s) return;
    const ws_cell_note *n = note_at(s, 2, 1);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "B2:B5") && strstr(n->msg, "「嘉善县」") &&
          strstr(n->msg, "「平湖市」") && strstr(n->msg, "取消合并"));
    CHECK(note_at(s, 3, 1) == NULL); /* the same value as shown */
    CHECK_STR(s->cells[4][1], "嘉善县"); /* an empty covered cell is still carried */
    n = note_at(s, 4, 1);
    CHECK(n && n->level == WS_NOTE_WARNING);
    n = note_at(s, 5, 2); /* a merge across columns hides C6 */
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "B6:C6") && strstr(n->msg, "「旧备注」"));
    CHECK_INT(note_count(s), 3);
    ws_arena_destroy(a);
}

/* A merged value the reader refuses (an ID that lost its digits, a formula
 * without its result) is refused on every row the merge covers, not carried
 * down as a value (or as nothing) with a warning. */
TEST(refused_merged_value_refused_below)
{
    const char *data = "<row r=\"1\">" IS("A1", "姓名") IS("B1", "身份证号") IS("C1", "推荐单位") "</row>"
                       "<row r=\"2\">" IS("A2", "甲") "<c r=\"B2\"><v>330421197603142131</v></c>"
                       "<c r=\"C2\"><f>Sheet2!A1</f></c></row>"
                       "<row r=\"3\">" IS("A3", "乙") "</row>";
    const char *merges = "<mergeCells count=\"2\"><mergeCell ref=\"B2:B3\"/>"
                         "<mergeCell ref=\"C2:C3\"/></mergeCells>";
    ws_arena *a;
    ws_sheet *s = merged_sheet("merged-refused.xlsx", data, merges, &a);
    if (!s) return;
    for (int col = 1; col < 3; col++) {
        const ws_cell_note *n = note_at(s, 2, col);
        CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, col == 1 ? "B2:B3" : "C2:C3") &&
              strstr(n->msg, col == 1 ? "15位有效数字" : "没有保存它的计算结果"));
    }
    ws_arena_destroy(a);
}

static const char *STYLES_PARTIAL =
    "<styleSheet " NS "><numFmts count=\"6\">"
    "<numFmt numFmtId=\"170\" formatCode=\"yyyy\"/>"
    "<numFmt numFmtId=\"171\" formatCode=\"[$-804]mm&quot;月&quot;\"/>"
    "<numFmt numFmtId=\"172\" formatCode=\"dd\"/>"
    "<numFmt numFmtId=\"173\" formatCode=\"yy.mm\"/>"
    "<numFmt numFmtId=\"174\" formatCode=\"yyyy.mm dddd\"/>"
    "<numFmt numFmtId=\"175\" formatCode=\"yyyy&quot;年&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"176\" formatCode=\"e&quot;年&quot;m&quot;月&quot;\"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"[$-404]ge/m/d\"/>"
    "</numFmts><cellXfs>"
    "<xf numFmtId=\"0\"/>"   /* 0 General */
    "<xf numFmtId=\"170\"/>" /* 1 the year only */
    "<xf numFmtId=\"171\"/>" /* 2 the month only */
    "<xf numFmtId=\"16\"/>"  /* 3 d-mmm: day and month */
    "<xf numFmtId=\"28\"/>"  /* 4 m月d日 */
    "<xf numFmtId=\"172\"/>" /* 5 the day only */
    "<xf numFmtId=\"175\"/>" /* 6 year and day */
    "<xf numFmtId=\"173\"/>" /* 7 yy.mm: the year in two digits is still the year */
    "<xf numFmtId=\"174\"/>" /* 8 a weekday is not a day of the month */
    "<xf numFmtId=\"176\"/>" /* 9 the year of an era (e: 民国 in Taiwan, 令和 in Japan) */
    "<xf numFmtId=\"177\"/>" /* 10 era name, its year, month and day */
    "</cellXfs></styleSheet>";

/* A date reads as its format shows it: one showing only the year (yyyy),
 * only the month, the month and day, … shows no year-month, so none is made
 * up from the number behind it (1973-09-18 in yyyy is not 1973.09). */
TEST(partial_date_formats_refused)
{
    static char data[4096];
    size_t n = (size_t)snprintf(data, sizeof data, "<row r=\"1\">");
    for (int c = 0; c < 11; c++)
        n += (size_t)snprintf(data + n, sizeof data - n,
                              "<c r=\"%c1\" t=\"inlineStr\"><is><t>列%d</t></is></c>", 'A' + c, c);
    n += (size_t)snprintf(data + n, sizeof data - n, "</row><row r=\"2\">");
    for (int c = 0; c < 11; c++)
        n += (size_t)snprintf(data + n, sizeof data - n, "<c r=\"%c2\" s=\"%d\"><v>26925</v></c>",
                              'A' + c, c);
    snprintf(data + n, sizeof data - n,
             "</row><row r=\"3\"><c r=\"A3\" t=\"d\" s=\"1\"><v>1973-09-18T00:00:00</v></c></row>");
    ws_arena *a;
    ws_sheet *s = book_sheet("partial-dates.xlsx", data, NULL, STYLES_PARTIAL, &a);
    if (!s) return;
    CHECK_STR(s->cells[1][0], "26925");
    const char *shows[] = {NULL, "只显示年份", "只显示月份", "只显示月和日",
                           "只显示月和日", "只显示日", "只显示年和日"};
    for (int c = 1; c < 7; c++) {
        const ws_cell_note *note = note_at(s, 1, c);
        CHECK(note && note->level == WS_NOTE_ERROR && strstr(note->msg, "1973-09-18") &&
              strstr(note->msg, shows[c]) && strstr(note->msg, "1973.09"));
        CHECK_STR(s->cells[1][c], "");
    }
    CHECK_STR(s->cells[1][7], "1973.09");
    CHECK_STR(s->cells[1][8], "1973.09");
    CHECK(note_at(s, 1, 7) == NULL && note_at(s, 1, 8) == NULL);
    /* a year of an era is not the calendar year the record means: refused, and said so */
    for (int c = 9; c < 11; c++) {
        const ws_cell_note *note = note_at(s, 1, c);
        CHECK(note && note->level == WS_NOTE_ERROR && strstr(note->msg, "按年号纪年") && strstr(note->msg, "不是公历年月"));
        CHECK_STR(s->cells[1][c], "");
    }
    const ws_cell_note *iso = note_at(s, 2, 0); /* t="d" in a year-only cell */
    CHECK(iso && iso->level == WS_NOTE_ERROR && strstr(iso->msg, "只显示年份"));
    CHECK_STR(s->cells[2][0], "");
    ws_arena_destroy(a);
}

static int label_is(void *user, const char *text)
{
    for (const char *const *l = user; *l; l++)
        if (!strcmp(*l, text)) return 1;
    return 0;
}

TEST(header_found_below_a_title)
{
    const char *data = "<row r=\"1\">" IS("A1", "2020年推荐人选汇总表") "</row>"
                       "<row r=\"2\">" IS("A2", "填报单位：") IS("D2", "姓名") "</row>"
                       "<row r=\"3\">" IS("A3", "姓名") IS("B3", "推荐单位") IS("C3", "备注") "</row>"
                       "<row r=\"4\">" IS("A4", "甲") IS("B4", "东区") "</row>"
                       "<row r=\"5\">" IS("A5", "乙") "</row>";
    const char *merges = "<mergeCells count=\"1\"><mergeCell ref=\"B4:B5\"/></mergeCells>";
    const char *path = tmp_path("title.xlsx");
    CHECK(make_book_tail(path, data, merges));
    const char *labels[] = {"姓名", "推荐单位", NULL};
    ws_header_hint hint = {label_is, labels, 10};
    ws_arena *a = ws_arena_create(0);
    ws_err err = {0};
    ws_book *book = NULL;
    CHECK_INT(ws_xlsx_read_hinted(path, &hint, a, &book, &err), WS_OK);
    const ws_sheet *s = book && book->nsheets ? book->sheets[0] : NULL;
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(s->header_labels, 2);
        CHECK_INT(s->looked_first, 1);
        CHECK_INT(s->looked_last, 5);
        CHECK_INT(s->nrows, 3);
        CHECK_INT(s->ncols, 3);
        CHECK_INT(s->line[0], 3);
        CHECK_STR(s->cells[0][1], "推荐单位");
        CHECK_STR(s->cells[2][1], "东区");
        CHECK(s->notes && s->notes->row == 2 && s->notes->col == 1);
    }
    /* without a hint the first row stays the header */
    CHECK_INT(ws_xlsx_read(path, a, &book, &err), WS_OK);
    if (book && book->nsheets) {
        CHECK_INT(book->sheets[0]->line[0], 1);
        CHECK_INT(book->sheets[0]->header_labels, 0);
    }
    ws_arena_destroy(a);
}

/* --- hand-written parts -------------------------------------------------- */

static const char *STYLES =
    "<styleSheet " NS "><numFmts count=\"3\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[$-804]yyyy&quot;年&quot;m&quot;月&quot;;@\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"#,##0.00&quot;元&quot;\"/>"
    "</numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs>"
    "<xf numFmtId=\"0\"/>"   /* 0 General */
    "<xf numFmtId=\"14\"/>"  /* 1 built-in date */
    "<xf numFmtId=\"17\"/>"  /* 2 mmm-yy: no day */
    "<xf numFmtId=\"31\"/>"  /* 3 yyyy年m月d日 */
    "<xf numFmtId=\"57\"/>"  /* 4 yyyy年m月 */
    "<xf numFmtId=\"164\"/>" /* 5 */
    "<xf numFmtId=\"165\"/>" /* 6 */
    "<xf numFmtId=\"166\"/>" /* 7 money, not a date */
    "<xf numFmtId=\"20\"/>"  /* 8 h:mm */
    "<xf numFmtId=\"21\"/>"  /* 9 h:mm:ss */
    "<xf numFmtId=\"49\"/>"  /* 10 text */
    "</cellXfs></styleSheet>";

TEST(values_and_formats)
{
    const char *sst = "<sst " NS " count=\"4\" uniqueCount=\"4\">"
                      "<si><t>编号</t></si>"
                      "<si><r><rPr><b/></rPr><t>数</t></r><r><t xml:space=\"preserve\">值 </t></r>"
                      "<rPh sb=\"0\" eb=\"1\"><t>すう</t></rPh><phoneticPr fontId=\"1\"/></si>"
                      "<si><t>a_x000D_b_x005F_x000D_c_xD83D__xDE00_d_x0000_</t></si>"
                      "<si><t/></si>"
                      "</sst>";
    const char *data =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c t=\"inlineStr\"><is><t>日期</t></is></c><c><v>7</v></c></row>"
        /* dates by built-in and custom formats, numbers */
        "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" s=\"1\"><v>45352</v></c>"
        "<c r=\"C2\" s=\"2\"><v>45352</v></c><c r=\"D2\" s=\"3\"><v>45352.75</v></c></row>"
        "<row r=\"3\"><c r=\"A3\"><v>2</v></c><c r=\"B3\" s=\"4\"><v>45352</v></c>"
        "<c r=\"C3\" s=\"5\"><v>36526</v></c><c r=\"D3\" s=\"6\"><v>36526</v></c></row>"
        "<row r=\"4\"><c r=\"A4\"><v>3</v></c><c r=\"B4\" s=\"1\"><v>59</v></c>"
        "<c r=\"C4\" s=\"1\"><v>60</v></c><c r=\"D4\" s=\"1\"><v>61</v></c></row>"
        "<row r=\"5\"><c r=\"A5\"><v>4</v></c><c r=\"B5\" s=\"7\"><v>1234.5</v></c>"
        "<c r=\"C5\" s=\"8\"><v>0.5</v></c><c r=\"D5\" s=\"9\"><v>0.75001157407</v></c></row>"
        "<row r=\"6\"><c r=\"A6\"><v>5</v></c><c r=\"B6\"><v>0.30000000000000004</v></c>"
        "<c r=\"C6\"><v>1E-7</v></c><c r=\"D6\"><v>-0</v></c></row>"
        "<row r=\"7\"><c r=\"A7\"><v>6</v></c><c r=\"B7\"><v>1.5E+3</v></c>"
        "<c r=\"C7\" s=\"10\"><v>-12.25</v></c><c r=\"D7\"><v>1.2345678901234567E+19</v></c></row>"
        /* strings: phonetic run ignored, escapes decoded, inline rich text */
        "<row r=\"8\"><c r=\"A8\"><v>7</v></c><c r=\"B8\" t=\"s\"><v>2</v></c>"
        "<c r=\"C8\" t=\"inlineStr\"><is><r><t>甲</t></r><r><t>乙</t></r>"
        "<rPh><t>こう</t></rPh></is></c><c r=\"D8\" t=\"str\"><f>A1</f><v>x_x000A_y</v></c></row>"
        /* errors and oddities: error value, unknown string index, bad boolean, ISO date */
        "<row r=\"9\"><c r=\"A9\"><v>8</v></c><c r=\"B9\" t=\"e\"><v>#N/A</v></c>"
        "<c r=\"C9\" t=\"s\"><v>99</v></c><c r=\"D9\" t=\"b\"><v>2</v></c></row>"
        "<row r=\"10\"><c r=\"A10\"><v>9</v></c><c r=\"B10\" t=\"d\"><v>2024-03-01T00:00:00</v></c>"
        "<c r=\"C10\" t=\"d\" s=\"2\"><v>2024-03-01</v></c><c r=\"D10\" s=\"1\"><v>0</v></c></row>"
        "<row r=\"11\"><c r=\"A11\"><v>10</v></c><c r=\"B11\"><v>abc</v></c>"
        "<c r=\"C11\" t=\"s\"><v>3</v></c><c r=\"D11\"><f>B1</f></c></row>";
    ws_arena *a;
    ws_sheet *s = book_sheet("values.xlsx", data, sst, STYLES, &a);
    if (!s) return;
    CHECK_INT(s->ncols, 4);
    CHECK_INT(s->nrows, 11);
    CHECK_STR(s->cells[0][0], "编号");
    CHECK_STR(s->cells[0][1], "数值 ");
    CHECK_STR(s->cells[0][2], "日期");
    CHECK_STR(s->cells[0][3], "7");

    CHECK_STR(s->cells[1][1], "2024-03-01");
    CHECK_STR(s->cells[1][2], "2024.03");
    CHECK_STR(s->cells[1][3], "2024-03-01");
    CHECK_STR(s->cells[2][1], "2024.03");
    CHECK_STR(s->cells[2][2], "2000-01-01");
    CHECK_STR(s->cells[2][3], "2000.01");
    /* the Lotus leap-year bug: serial 60 is 1900-02-29 */
    CHECK_STR(s->cells[3][1], "1900-02-28");
    CHECK_STR(s->cells[3][2], "1900-02-29");
    CHECK_STR(s->cells[3][3], "1900-03-01");
    CHECK_STR(s->cells[4][1], "1234.50"); /* #,##0.00"元" shows two decimals */
    CHECK_STR(s->cells[4][2], "12:00");
    CHECK_STR(s->cells[4][3], "18:00:01");
    CHECK_STR(s->cells[5][1], "0.3");
    CHECK_STR(s->cells[5][2], "0.0000001");
    CHECK_STR(s->cells[5][3], "0");
    CHECK_STR(s->cells[6][1], "1500");
    CHECK_STR(s->cells[6][2], "-12.25");
    CHECK_STR(s->cells[6][3], "12345678901234600000");

    CHECK_STR(s->cells[7][1], "a\rb_x000D_c\xF0\x9F\x98\x80"
                              "d_x0000_");
    CHECK_STR(s->cells[7][2], "甲乙");
    CHECK_STR(s->cells[7][3], "x\ny");

    CHECK_STR(s->cells[8][1], "#N/A");
    CHECK_STR(s->cells[8][2], "");
    CHECK_STR(s->cells[8][3], "2");
    CHECK_STR(s->cells[9][1], "2024-03-01");
    CHECK_STR(s->cells[9][2], "2024.03");
    CHECK_STR(s->cells[9][3], "0");
    CHECK_STR(s->cells[10][1], "abc");
    CHECK_STR(s->cells[10][2], "");
    CHECK_STR(s->cells[10][3], "");
    CHECK_INT(s->row_ncols[10], 4); /* D11 carries a note */

    const ws_cell_note *n = note_at(s, 6, 3);
    CHECK(n && n->level == WS_NOTE_ERROR);
    if (n) CHECK_STR(n->msg, LOST_DIGITS);
    n = note_at(s, 8, 1);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "#N/A"));
    n = note_at(s, 8, 2);
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "共享字符串"));
    n = note_at(s, 8, 3);
    CHECK(n && n->level == WS_NOTE_WARNING);
    n = note_at(s, 9, 3);
    CHECK(n && strstr(n->msg, "不是有效的日期"));
    n = note_at(s, 10, 1);
    CHECK(n && strstr(n->msg, "abc"));
    n = note_at(s, 10, 3); /* a formula with no saved result */
    CHECK(n && n->level == WS_NOTE_ERROR && strstr(n->msg, "D11"));
    CHECK_INT(note_count(s), 7);
    /* notes are in row order */
    size_t prev = 0;
    for (const ws_cell_note *p = s->notes; p; p = p->next) {
        CHECK(p->row >= prev);
        prev = p->row;
    }
    ws_arena_destroy(a);
}

TEST(sparse_rows_and_missing_refs)
{
    /* header on Excel row 3 starting in column B; rows without r follow the
     * previous one; cells without r follow the previous cell */
    const char *data = "<row r=\"1\"/>"
                       "<row r=\"2\"><c r=\"A2\" s=\"0\"/></row>"
                       "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>姓名</t></is></c>"
                       "<c t=\"inlineStr\"><is><t>性别</t></is></c></row>"
                       "<row><c r=\"A4\"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>"
                       "<row r=\"7\"><c r=\"C7\" t=\"inlineStr\"><is><t>女</t></is></c>"
                       "<c r=\"F7\" t=\"e\"><v>#REF!</v></c><c r=\"H7\"><v>8</v></c></row>"
                       "<row><c><v>9</v></c></row>"
                       "<row><c r=\"A9\" t=\"inlineStr\"><is><t></t></is></c></row>";
    ws_arena *a;
    ws_sheet *s = book_sheet("sparse.xlsx", data, NULL, NULL, &a);
    if (!s) return;
    CHECK_INT(s->nrows, 4);
    CHECK_INT(s->ncols, 3);
    CHECK_STR(s->cells[0][0], "");
    CHECK_STR(s->cells[0][1], "姓名");
    CHECK_STR(s->cells[0][2], "性别");
    CHECK_INT(s->line[0], 3);
    CHECK_INT(s->line[1], 4);
    CHECK_STR(s->cells[1][2], "3");
    CHECK_INT(s->line[2], 7);
    CHECK_STR(s->cells[2][2], "女");
    CHECK_INT(s->row_ncols[2], 8);
    CHECK_INT(s->line[3], 8);
    CHECK_STR(s->cells[3][0], "9");
    CHECK_INT(s->row_ncols[3], 1);
    /* the error value right of the header becomes a row note, and both
     * columns without a header are named */
    const ws_cell_note *n = note_at(s, 2, -1);
    CHECK(n != NULL);
    if (n) CHECK(starts_with(n->msg, "第F列："));
    if (n && n->next) CHECK_STR(n->next->msg, "第F、H列有内容但没有表头");
    CHECK_INT(note_count(s), 2);
    ws_arena_destroy(a);
}

TEST(date1904_prefixes_and_absolute_targets)
{
    /* Prefixed elements, an absolute target, no _rels/.rels, no styles rel
     * but a styles part in the usual place, and a chartsheet. */
    const char *x =
        "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    char workbook[512], sheet[1024];
    snprintf(workbook, sizeof workbook,
             "<x:workbook %s><x:workbookPr date1904=\"true\"/><x:sheets>"
             "<x:sheet name=\"图表\" sheetId=\"2\" r:id=\"rId9\"/>"
             "<x:sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>",
             x);
    snprintf(sheet, sizeof sheet,
             "<x:worksheet %s><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\">"
             "<x:is><x:t>出生日期</x:t></x:is></x:c></x:row>"
             "<x:row r=\"2\"><x:c r=\"A2\" s=\"1\"><x:v>0</x:v></x:c></x:row>"
             "<x:row r=\"3\"><x:c r=\"A3\" s=\"1\"><x:v>43830</x:v></x:c></x:row>"
             "</x:sheetData></x:worksheet>",
             x);
    part parts[] = {
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" REL_NS "\">"
                                       "<Relationship Id=\"rId1\" Type=\"" REL_TYPE
                                       "worksheet\" Target=\"/xl/worksheets/a%20b.xml\"/>"
                                       "<Relationship Id=\"rId9\" Type=\"" REL_TYPE
                                       "chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
                                       "</Relationships>"},
        {"xl/worksheets/a b.xml", sheet},
        {"xl/styles.xml",
         "<styleSheet " NS "><cellXfs><xf/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"},
    };
    const char *path = tmp_path("d1904.xlsx");
    CHECK(write_zip(path, parts, 4));
    ws_arena *a = ws_arena_create(0);
    ws_err err = {0};
    ws_book *book = NULL;
    CHECK_INT(ws_xlsx_read(path, a, &book, &err), WS_OK);
    if (!book) {
        TH_FAIL("%s", err.msg);
        ws_arena_destroy(a);
        return;
    }
    CHECK_INT(book->nsheets, 2);
    CHECK_STR(book->sheets[0]->name, "图表");
    CHECK_INT(book->sheets[0]->nrows, 0);
    CHECK(book->sheets[0]->cells != NULL);
    const ws_sheet *s = book->sheets[1];
    CHECK_STR(s->name, "名单");
    CHECK_INT(s->nrows, 3);
    CHECK_STR(s->cells[0][0], "出生日期");
    CHECK_STR(s->cells[1][0], "1904-01-01");
    CHECK_STR(s->cells[2][0], "2024-01-01");
    ws_arena_destroy(a);
}

/* --- broken workbooks ---------------------------------------------------- */

static ws_status read_status(const char *path, ws_err *err)
{
    ws_arena *a = ws_arena_create(0);
    ws_book *book = NULL;
    ws_status st = ws_xlsx_read(path, a, &book, err);
    ws_arena_destroy(a);
    return st;
}

static void check_bad_sheet(const char *data, const char *expect)
{
    const char *path = tmp_path("bad.xlsx");
    ws_err err = {0};
    CHECK(make_book(path, NULL, data, NULL, NULL));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    if (!strstr(err.msg, expect)) TH_FAIL("message \"%s\" lacks \"%s\"", err.msg, expect);
}

TEST(malformed_sheets)
{
    check_bad_sheet("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", "超出了 Excel 的最后一列 XFD");
    check_bad_sheet("<row r=\"1\"><c r=\"AAAA1\"><v>1</v></c></row>", "最后一列 XFD");
    check_bad_sheet("<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>", "最后一行");
    check_bad_sheet("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", "单元格地址「1A」无效");
    check_bad_sheet("<row r=\"2\"><c><v>1</v></c></row><row r=\"2\"/>",
                    "第2行：行号重复或顺序颠倒");
    check_bad_sheet("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>",
                    "单元格 A1 重复或顺序颠倒");
    check_bad_sheet("<row r=\"x\"/>", "行号「x」无效");
    check_bad_sheet("<row r=\"1\"><c><v>1</v></row>", "不是有效的 xlsx");
    check_bad_sheet("<row r=\"1\"><c><v>1</v></c></row><row r=\"1048576\"/><row/>", "最后一行");
    check_bad_sheet("", "都是空的");
    check_bad_sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>&bogus;</t></is></c></row>",
                    "XML 有错误");

    /* a DTD is refused before any entity is defined */
    const char *path = tmp_path("dtd.xlsx");
    ws_err err = {0};
    const char *sst =
        "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><sst " NS "><si><t>&b;</t></si></sst>";
    CHECK(make_book(path, NULL, "<row><c t=\"s\"><v>0</v></c></row>", sst, NULL));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "DTD") != NULL);

    /* one cell larger than the limit */
    size_t big = (1u << 20) + 10;
    char *data = malloc(big + 200);
    if (data) {
        int n = snprintf(data, 200, "<row r=\"1\"><c t=\"inlineStr\"><is><t>");
        memset(data + n, 'a', big);
        strcpy(data + n + big, "</t></is></c></row>");
        char *sheet = malloc(big + 400);
        if (sheet) {
            snprintf(sheet, big + 400, "<worksheet " NS "><sheetData>%s</sheetData></worksheet>",
                     data);
            part parts[] = {
                {"xl/workbook.xml", "<workbook " NS "><sheets><sheet name=\"S\" r:id=\"rId1\"/>"
                                    "</sheets></workbook>"},
                {"xl/_rels/workbook.xml.rels",
                 "<Relationships xmlns=\"" REL_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
                 "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
                {"xl/worksheets/sheet1.xml", sheet},
            };
            CHECK(write_zip(path, parts, 3));
            CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
            CHECK(strstr(err.msg, "单元格内容超过 1 MB") != NULL);
            free(sheet);
        }
        free(data);
    }
}

TEST(broken_structure)
{
    ws_err err = {0};
    const char *path = tmp_path("nosheet.xlsx");
    part missing_part[] = {
        {"xl/workbook.xml",
         "<workbook " NS "><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"" REL_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "worksheet\" Target=\"worksheets/gone.xml\"/></Relationships>"},
    };
    CHECK(write_zip(path, missing_part, 2));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "找不到工作表「S」的数据") != NULL);

    part missing_rel[] = {
        {"xl/workbook.xml",
         "<workbook " NS "><sheets><sheet name=\"S\" r:id=\"rId7\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" REL_NS "\"/>"},
    };
    CHECK(write_zip(path, missing_rel, 2));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "rId7") != NULL);

    part no_sheets[] = {{"xl/workbook.xml", "<workbook " NS "><sheets/></workbook>"}};
    CHECK(write_zip(path, no_sheets, 1));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "没有工作表") != NULL);

    part outside[] = {
        {"xl/workbook.xml",
         "<workbook " NS "><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"" REL_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "worksheet\" Target=\"../../../etc/passwd\"/></Relationships>"},
    };
    CHECK(write_zip(path, outside, 2));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "无效") != NULL);

    part no_name[] = {
        {"xl/workbook.xml", "<workbook " NS "><sheets><sheet r:id=\"rId1\"/></sheets></workbook>"}};
    CHECK(write_zip(path, no_name, 1));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "缺少名称") != NULL);

    part bad_xml[] = {{"xl/workbook.xml", "<workbook " NS "><sheets>"}};
    CHECK(write_zip(path, bad_xml, 1));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(starts_with(err.msg, "文件 "));
    CHECK(strstr(err.msg, "不是有效的 xlsx：xl/workbook.xml") != NULL);
}

TEST(not_a_workbook)
{
    ws_err err = {0};
    const char *path = tmp_path("csv.xlsx");
    const char *csv = "姓名,身份证号\n张三,11010519491231002X\n";
    CHECK(write_file(path, csv, strlen(csv)));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "CSV") != NULL);

    path = tmp_path("empty.xlsx");
    CHECK(write_file(path, "", 0));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "空的") != NULL);

    path = tmp_path("old.xlsx");
    CHECK(write_file(path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, ".xls") != NULL);

    path = tmp_path("page.xlsx");
    const char *page = "\xEF\xBB\xBF<html><table></table></html>";
    CHECK(write_file(path, page, strlen(page)));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "网页") != NULL);

    path = tmp_path("binary.xlsx");
    CHECK(write_file(path, "\x01\x02\0\x03", 4));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "无法识别") != NULL);

    path = tmp_path("plain.xlsx");
    part plain[] = {{"readme.txt", "hello"}};
    CHECK(write_zip(path, plain, 1));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "没有 xl/workbook.xml") != NULL);

    part docx[] = {{"word/document.xml", "<w:document/>"}};
    CHECK(write_zip(path, docx, 1));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "Word") != NULL);

    CHECK_INT(read_status(tmp_path("does-not-exist.xlsx"), &err), WS_ERR_IO);
}

/* Cuts the libxlsxwriter workbook at many lengths: every read must fail
 * cleanly (or succeed), never crash or leak. */
TEST(truncated_files)
{
    const char *src = tmp_path("writer.xlsx");
    FILE *f = fopen(src, "rb");
    CHECK(f != NULL);
    if (!f) return;
    static char data[1 << 16];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    CHECK(len > 1000 && len < sizeof data);
    const char *path = tmp_path("cut.xlsx");
    ws_err err = {0};
    CHECK(write_file(path, data, len / 2));
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "不完整") != NULL);
    for (size_t cut = 1; cut < len; cut += 97) {
        CHECK(write_file(path, data, cut));
        ws_status st = read_status(path, &err);
        CHECK(st == WS_ERR_INPUT);
    }
    /* flipped bytes inside the compressed data */
    for (size_t at = 100; at < len; at += 211) {
        char saved = data[at];
        data[at] = (char)(data[at] ^ 0x5A);
        CHECK(write_file(path, data, len));
        ws_status st = read_status(path, &err);
        CHECK(st == WS_OK || st == WS_ERR_INPUT);
        data[at] = saved;
    }
}

TEST(zip_bomb_refused)
{
    /* a worksheet that unpacks to 257 MB of spaces from a small file */
    size_t big = ((size_t)257 << 20);
    char *spaces = malloc(big + 1);
    CHECK(spaces != NULL);
    if (!spaces) return;
    memset(spaces, ' ', big);
    spaces[big] = '\0';
    const char *path = tmp_path("bomb.xlsx");
    part parts[] = {
        {"xl/workbook.xml",
         "<workbook " NS "><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"" REL_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", spaces},
    };
    CHECK(write_zip(path, parts, 3));
    free(spaces);
    ws_err err = {0};
    CHECK_INT(read_status(path, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "256 MB") != NULL);
    unlink(path);
}

int main(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/wenshu-test-xlsx-%d", (int)getpid());
    char cmd[128];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", tmp_dir);
    if (system(cmd) != 0) return 1;
    RUN(writer_book);
    RUN(sheet_read_by_name);
    RUN(values_and_formats);
    RUN(sparse_rows_and_missing_refs);
    RUN(date1904_prefixes_and_absolute_targets);
    RUN(malformed_sheets);
    RUN(broken_structure);
    RUN(not_a_workbook);
    RUN(truncated_files);
    RUN(zip_bomb_refused);
    RUN(numbers_read_as_shown);
    RUN(numbers_read_as_their_format_shows);
    RUN(formula_without_result_is_refused);
    RUN(stale_formula_results_refused);
    RUN(merged_cells_carried_down);
    RUN(content_hidden_under_a_merge_refused);
    RUN(partial_date_formats_refused);
    RUN(refused_merged_value_refused_below);
    RUN(header_found_below_a_title);
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp_dir);
    if (system(cmd) != 0) return 1;
    return TH_DONE();
}
