/* Unit tests for input/csv.c. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "input/sheet.h"

static ws_sheet *parse(ws_arena *a, const char *text, ws_err *err)
{
    ws_sheet *s = NULL;
    if (ws_csv_parse(text, strlen(text), "t.csv", a, &s, err) != WS_OK) return NULL;
    return s;
}

TEST(quoted_fields_and_newlines)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_sheet *s = parse(a, "姓名,经历,备注\r\n王五,\"2003.09-2016.01|甲\n2016.02-至今|乙\",\"说\"\"好\"\"\"\r\n赵六,,x\r\n", &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_INT(s->nrows, 3);
    CHECK_INT(s->ncols, 3);
    CHECK_STR(s->cells[1][1], "2003.09-2016.01|甲\n2016.02-至今|乙");
    CHECK_STR(s->cells[1][2], "说\"好\"");
    CHECK_INT(s->line[1], 2);
    CHECK_INT(s->line[2], 3); /* the embedded newline does not add a spreadsheet row */
    CHECK_STR(s->encoding, "UTF-8");
    ws_arena_destroy(a);
}

TEST(bom_blank_rows_and_ragged)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_sheet *s = parse(a, "\xEF\xBB\xBF" "a,b,c\n1,2,3\n\n4,5\n6,7,8,9\n", &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_STR(s->encoding, "UTF-8 (BOM)");
    CHECK_STR(s->cells[0][0], "a");
    CHECK_INT(s->nrows, 4);
    CHECK_INT(s->line[2], 4); /* the blank line is row 3 */
    CHECK_INT(s->row_ncols[2], 2);
    CHECK_STR(s->cells[2][2], "");
    CHECK_INT(s->row_ncols[3], 4);
    ws_arena_destroy(a);
}

TEST(gb18030_detected)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    /* "姓名,性别\n王五,男\n" in GB18030 */
    const char gb[] = "\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\n\xcd\xf5\xce\xe5,\xc4\xd0\n";
    ws_sheet *s = parse(a, gb, &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_STR(s->encoding, "GB18030");
    CHECK_STR(s->cells[0][0], "姓名");
    CHECK_STR(s->cells[1][0], "王五");
    CHECK_STR(s->cells[1][1], "男");
    ws_arena_destroy(a);
}

/* Excel and WPS save a CSV in GBK with "?" for each character GBK lacks
 * (王䶮 becomes 王?): the name is lost, so a "?" beside a Chinese character
 * in a GB18030 file is that cell's error, never printed. A "?" among ASCII
 * (a URL's query) and a full-width "？" are text. */
TEST(gbk_question_mark_is_a_lost_character)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    /* "姓名,备注\n王?,男\n张三,http://a.cn/?x=1\n李四,好吗？\n" in GB18030 */
    const char gb[] = "\xd0\xd5\xc3\xfb,\xb1\xb8\xd7\xa2\n\xcd\xf5?,\xc4\xd0\n"
                      "\xd5\xc5\xc8\xfd,http://a.cn/?x=1\n\xc0\xee\xcb\xc4,\xba\xc3\xc2\xf0\xa3\xbf\n";
    ws_sheet *s = parse(a, gb, &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_STR(s->encoding, "GB18030");
    CHECK_STR(s->cells[1][0], "王?");
    int notes = 0;
    for (const ws_cell_note *n = s->notes; n; n = n->next) {
        notes++;
        CHECK(n->row == 1 && n->col == 0 && n->level == WS_NOTE_ERROR && strstr(n->msg, "CSV UTF-8"));
    }
    CHECK_INT(notes, 1);
    ws_arena_destroy(a);
}

TEST(invalid_utf8_is_a_row_note)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_sheet *s = parse(a, "姓名,单位\n王五,甲公司\n赵\xff六,乙公司\n", &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_STR(s->encoding, "UTF-8");
    CHECK(s->notes != NULL);
    if (s->notes) {
        CHECK_INT(s->notes->row, 2);
        CHECK_INT(s->notes->col, 0);
        CHECK_INT(s->notes->level, WS_NOTE_ERROR);
    }
    ws_arena_destroy(a);
}

TEST(unclosed_quote_loses_one_row_only)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_sheet *s = parse(a, "姓名,单位\n王五,\"甲公司\n赵六,乙公司\n钱七,丙公司\n", &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_INT(s->nrows, 3);
    if (s->nrows != 3) return;
    CHECK_STR(s->cells[1][0], "赵六");
    CHECK_INT(s->line[1], 3);
    CHECK_STR(s->cells[2][0], "钱七");
    CHECK(s->notes != NULL && strstr(s->notes->msg, "第2行") != NULL);
    ws_arena_destroy(a);
}

/* A file cut short inside a quoted cell: the lines after the broken row are
 * that cell's text (one cell each, no commas), not records of their own. */
TEST(cut_short_inside_a_quoted_cell)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_sheet *s = parse(a, "姓名,单位,职务\n王五,甲公司,工人\n赵六,\"乙公司\n第一段\n第二段\n", &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_INT(s->nrows, 2);
    CHECK(s->notes != NULL && strstr(s->notes->msg, "第3行") && strstr(s->notes->msg, "第4至5行"));
    ws_arena_destroy(a);
}

TEST(empty_file_fails)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    CHECK(parse(a, "", &err) == NULL);
    CHECK_INT(err.status, WS_ERR_INPUT);
    CHECK(parse(a, "\n\n", &err) == NULL);
    ws_arena_destroy(a);
}

TEST(long_field)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    size_t n = 100000;
    char *text = malloc(n + 32);
    strcpy(text, "a\n\"");
    memset(text + 3, 'x', n);
    strcpy(text + 3 + n, "\"\n");
    ws_sheet *s = parse(a, text, &err);
    CHECK(s != NULL && strlen(s->cells[1][0]) == n);
    free(text);
    ws_arena_destroy(a);
}

/* parse() with an explicit length: the text holds NUL bytes. */
static ws_sheet *parse_n(ws_arena *a, const char *text, size_t len, ws_err *err)
{
    ws_sheet *s = NULL;
    if (ws_csv_parse(text, len, "t.csv", a, &s, err) != WS_OK) return NULL;
    return s;
}

TEST(nul_byte_is_that_cells_error)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err = {0};
    const char text[] = "姓名,单位\n王五,甲公司\n赵六,乙\0公司\n钱七,丙公司\n";
    ws_sheet *s = parse_n(a, text, sizeof text - 1, &err);
    CHECK(s != NULL);
    if (!s) {
        TH_FAIL("%s", err.msg);
        ws_arena_destroy(a);
        return;
    }
    CHECK_INT(s->nrows, 4); /* the other rows are read */
    CHECK_STR(s->cells[3][0], "钱七");
    CHECK_STR(s->cells[2][1], "乙公司");
    const ws_cell_note *n = s->notes;
    CHECK(n != NULL && n->next == NULL);
    if (n) {
        CHECK_INT(n->row, 2);
        CHECK_INT(n->col, 1);
        CHECK_INT(n->level, WS_NOTE_ERROR);
        CHECK(strstr(n->msg, "NUL") != NULL);
    }
    /* a file full of NUL bytes is still no CSV at all */
    char bin[400];
    memset(bin, 0, sizeof bin);
    memcpy(bin, "a,b\n", 4);
    CHECK(parse_n(a, bin, sizeof bin, &err) == NULL);
    CHECK(strstr(err.msg, "NUL") != NULL);
    /* UTF-16 text says so */
    const char u16[] = "\xFF\xFE" "a\0,\0b\0\n\0";
    CHECK(parse_n(a, u16, sizeof u16 - 1, &err) == NULL);
    CHECK(strstr(err.msg, "UTF-16") != NULL);
    ws_arena_destroy(a);
}

TEST(bom_then_gb18030_is_mixed_encoding)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err = {0};
    /* a UTF-8 BOM, then "姓名,性别\n王五,男\n" in GB18030 */
    const char gb[] = "\xEF\xBB\xBF\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\n\xcd\xf5\xce\xe5,\xc4\xd0\n";
    CHECK(parse(a, gb, &err) == NULL);
    CHECK_INT(err.status, WS_ERR_INPUT);
    CHECK(strstr(err.msg, "BOM") != NULL && strstr(err.msg, "不是 UTF-8") != NULL);
    CHECK(strstr(err.msg, "CSV UTF-8") != NULL);
    ws_arena_destroy(a);
}

/* Excel's way to keep leading zeros in a CSV: a cell ="…" shows the text
 * inside ("" in it is one quote); read as Excel shows it. Any other cell that
 * starts with = is a formula Excel would compute: refused on that cell. */
static const ws_cell_note *note_at(const ws_sheet *s, size_t row, int col)
{
    for (const ws_cell_note *n = s->notes; n; n = n->next)
        if (n->row == row && n->col == col) return n;
    return NULL;
}

TEST(excel_text_cells_and_formulas)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_sheet *s = parse(a,
                        "=\"姓名\",身份证号,职务,备注\n"
                        "王五,\"=\"\"330421197603142131\"\"\",=\"007\",\"=\"\"说\"\"\"\"好\"\"\"\"\"\"\"\n"
                        "赵六,=13957312468,=A1+1,=\"\"\n"
                        "钱七,=\"1\"&\"2\",= \"007\",=\n"
                        "孙八,\"a=\"\"b\"\"\",\" =\"\"007\"\"\",==\n",
                        &err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_STR(s->cells[0][0], "姓名");
    CHECK_STR(s->cells[1][1], "330421197603142131");
    CHECK_STR(s->cells[1][2], "007");
    CHECK_STR(s->cells[1][3], "说\"好\"");
    CHECK(note_at(s, 1, 1) == NULL && note_at(s, 1, 2) == NULL && note_at(s, 1, 3) == NULL);
    CHECK_STR(s->cells[2][3], ""); /* ="" is an empty cell */
    CHECK(note_at(s, 2, 3) == NULL);
    /* formulas: an error on the cell, saying what and how to fix it */
    static const struct {
        size_t row;
        int col;
    } formulas[] = {{2, 1}, {2, 2}, {3, 1}, {3, 2}, {4, 3}};
    for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
        const ws_cell_note *n = note_at(s, formulas[i].row, formulas[i].col);
        if (!n || n->level != WS_NOTE_ERROR || !strstr(n->msg, "公式") ||
            !strstr(n->msg, "直接填写"))
            TH_FAIL("row %zu col %d: %s", formulas[i].row, formulas[i].col,
                    n ? n->msg : "no note");
    }
    const ws_cell_note *n = note_at(s, 2, 1);
    CHECK(n && strstr(n->msg, "=13957312468"));
    /* not formulas: a lone =, text with = inside, a leading space (Excel keeps them as text) */
    CHECK_STR(s->cells[3][3], "=");
    CHECK(note_at(s, 3, 3) == NULL);
    CHECK_STR(s->cells[4][1], "a=\"b\"");
    CHECK(note_at(s, 4, 1) == NULL);
    CHECK_STR(s->cells[4][2], " =\"007\"");
    CHECK(note_at(s, 4, 2) == NULL);
    ws_arena_destroy(a);
}

/* A ZIP read as a CSV: an OpenDocument spreadsheet (.ods, or one renamed .csv)
 * is named as such straight away, by its extension or by its "mimetype"
 * entry (the first entry of every OpenDocument file, stored uncompressed);
 * only other ZIPs are taken for an xlsx with the wrong extension. */
static const char *read_error(const char *dir, const char *name, const char *bytes, size_t n,
                              bool as_sheet)
{
    static ws_err err;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return "cannot write";
    fwrite(bytes, 1, n, f);
    fclose(f);
    ws_arena *a = ws_arena_create(0);
    ws_sheet *s = NULL;
    ws_status st = as_sheet ? ws_sheet_read(path, NULL, a, &s, &err) : ws_csv_read(path, a, &s, &err);
    ws_arena_destroy(a);
    remove(path);
    return st == WS_OK ? "read" : err.msg;
}

TEST(opendocument_is_named)
{
    char dir[] = "/tmp/wenshu-test-csv-XXXXXX";
    if (!mkdtemp(dir)) {
        TH_FAIL("mkdtemp");
        return;
    }
    /* a local file header: stored, name "mimetype", then its 46 bytes */
    static const char ods[] = "PK\x03\x04\x14\x00\x00\x08\x00\x00\x00\x00\x00\x00"
                              "\x00\x00\x00\x00\x2e\x00\x00\x00\x2e\x00\x00\x00\x08\x00\x00\x00"
                              "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    static const char xlsx[] = "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00\x00\x00"
                               "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x13\x00\x00\x00"
                               "[Content_Types].xml";
    const char *files[][2] = {{"a.ods", "ods"}, {"b.csv", "ods"}, {"c.ODS", "ods"}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        for (int as_sheet = 0; as_sheet < 2; as_sheet++) {
            const char *msg = read_error(dir, files[i][0], ods, sizeof ods - 1, as_sheet);
            if (!strstr(msg, "OpenDocument") || !strstr(msg, "另存为 .xlsx") ||
                strstr(msg, "扩展名改为"))
                TH_FAIL("%s (%s): %s", files[i][0], as_sheet ? "sheet" : "csv", msg);
        }
    }
    /* a CSV named .ods is not read as a CSV either: the name is what the clerk will fix */
    const char *msg = read_error(dir, "d.ods", "姓名\n王五\n", strlen("姓名\n王五\n"), true);
    CHECK(strstr(msg, "OpenDocument") != NULL);
    /* an xlsx named .csv is still told to change its extension */
    msg = read_error(dir, "e.csv", xlsx, sizeof xlsx - 1, false);
    CHECK(strstr(msg, "扩展名改为 .xlsx") != NULL);
    rmdir(dir);
}

int main(void)
{
    RUN(quoted_fields_and_newlines);
    RUN(bom_blank_rows_and_ragged);
    RUN(gb18030_detected);
    RUN(gbk_question_mark_is_a_lost_character);
    RUN(invalid_utf8_is_a_row_note);
    RUN(unclosed_quote_loses_one_row_only);
    RUN(cut_short_inside_a_quoted_cell);
    RUN(empty_file_fails);
    RUN(long_field);
    RUN(nul_byte_is_that_cells_error);
    RUN(bom_then_gb18030_is_mixed_encoding);
    RUN(excel_text_cells_and_formulas);
    RUN(opendocument_is_named);
    return TH_DONE();
}
#ifdef WS_NO_XLSX
ws_status ws_xlsx_read(const char *path, ws_arena *arena, ws_book **out, ws_err *err)
{
    (void)path; (void)arena; (void)out;
    return ws_err_set(err, WS_ERR_INPUT, "no xlsx");
}
#endif
