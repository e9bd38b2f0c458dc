/* Unit tests for input/join.c, check/records.c (workbooks with extra
 * sheets), render/collect_xlsx.c (wenshu init) and render/report_xlsx.c
 * (check --xlsx): workbooks are written with libxlsxwriter and read back
 * with the project's own reader. */
#include "harness.h"

#include <xlsxwriter.h>

#include "base/utf8.h"
#include "check/idcard.h"
#include "input/join.h"
#include "render/collect_xlsx.h"
#include "render/report_xlsx.h"
#include "rules_fixture.h"

static ws_sheet *csv(ws_arena *a, const char *text)
{
    ws_sheet *s = NULL;
    ws_err err;
    if (ws_csv_parse(text, strlen(text), "t.csv", a, &s, &err) != WS_OK)
        fprintf(stderr, "%s\n", err.msg);
    return s;
}

/* --- the sheet-level join ---------------------------------------------------------- */

TEST(join_appends_entries_by_key)
{
    ws_arena *a = ws_arena_create(0);
    ws_sheet *m =
        csv(a, "姓名,身份证号,经历\n甲,11010519491231002x,旧的一段\n乙,440524188001010014,\n");
    ws_sheet *x = csv(a, "身份证号,起止,单位\n11010519491231002X,2001.01-2002.01,A|B\n"
                         "440524188001010014,2003.01-至今,\"多\n行\"\n,,\n999,2004.01-2005.01,C\n");
    CHECK(m && x);
    if (!m || !x) return;
    size_t cols[] = {1, 2, SIZE_MAX};
    ws_sheet *j;
    ws_join *jn;
    ws_err err;
    CHECK_INT(ws_sheet_join(m, 1, x, 0, cols, 3, 2, "经历", a, &j, &jn, &err), WS_OK);
    CHECK_STR(j->cells[1][2], "旧的一段\n2001.01-2002.01|A／B|");
    CHECK_STR(j->cells[2][2], "2003.01-至今|多 行|");
    CHECK_STR(m->cells[1][2], "旧的一段"); /* the input is untouched */
    CHECK_INT(jn->owner[1], 1);
    CHECK_INT(jn->owner[2], 2);
    CHECK_INT(jn->owner[3], 0); /* blank */
    CHECK_INT(jn->owner[4], 0); /* no such key */
    CHECK_INT(jn->norphans, 1);
    CHECK_INT(ws_join_source(jn, 1, 0), 0); /* the main cell's own entry */
    CHECK_INT(ws_join_source(jn, 1, 1), 1);
    CHECK_INT(ws_join_source(jn, 2, 0), 2);
    CHECK_INT(ws_join_source(jn, 2, 1), 0);
    CHECK_INT(ws_sheet_join(m, 1, x, 0, cols, 3, 3, "新列", a, &j, &jn, &err), WS_OK);
    CHECK_INT(j->ncols, 4);
    CHECK_STR(j->cells[0][3], "新列");
    CHECK_STR(j->cells[2][3], "2003.01-至今|多 行|");
    CHECK_INT(j->row_ncols[1], 4);
    size_t bad[] = {7};
    CHECK_INT(ws_sheet_join(m, 1, x, 0, bad, 1, 2, "", a, &j, &jn, &err), WS_ERR_INVALID);
    ws_arena_destroy(a);
}

TEST(join_duplicate_keys_by_runs)
{
    ws_arena *a = ws_arena_create(0);
    ws_sheet *m = csv(a, "姓名,身份证号,经历\n甲,K1,\n乙,K2,\n甲again,K1,\n丙,K3,\n丙again,K3,\n");
    ws_sheet *x = csv(a, "身份证号,段\nK1,a1\nK1,a2\nK2,b1\nK1,c1\nK3,d1\nK3,d2\n");
    size_t cols[] = {1};
    ws_sheet *j;
    ws_join *jn;
    ws_err err;
    CHECK_INT(ws_sheet_join(m, 1, x, 0, cols, 1, 2, "经历", a, &j, &jn, &err), WS_OK);
    CHECK_STR(j->cells[1][2], "a1\na2"); /* first run of K1 */
    CHECK_STR(j->cells[2][2], "b1");
    CHECK_STR(j->cells[3][2], "c1");     /* second run of K1: the second K1 row */
    CHECK_STR(j->cells[4][2], "d1\nd2"); /* one run of K3: both K3 rows */
    CHECK_STR(j->cells[5][2], "d1\nd2");
    CHECK(ws_join_key_equal(" k1 ", "K1"));
    CHECK(!ws_join_key_equal("K1", "K12"));
    ws_arena_destroy(a);
}

/* A refused entry cell (here invalid bytes; in a workbook an error value or
 * a number that lost digits) makes its person's joined cell an error. */
TEST(join_carries_refused_entries)
{
    ws_arena *a = ws_arena_create(0);
    ws_sheet *m = csv(a, "姓名,身份证号\n甲,K1\n乙,K2\n");
    ws_sheet *x = csv(a, "身份证号,起止,单位\nK1,2001.01-2002.01,A\nK2,2003.01-至今,\xff坏\n");
    CHECK(m && x);
    if (!m || !x) return;
    size_t cols[] = {1, 2};
    ws_sheet *j;
    ws_join *jn;
    ws_err err;
    CHECK_INT(ws_sheet_join(m, 1, x, 0, cols, 2, 2, "经历", a, &j, &jn, &err), WS_OK);
    const ws_cell_note *n = j->notes;
    CHECK(n && n->row == 2 && n->col == 2 && n->level == WS_NOTE_ERROR && !n->next);
    if (n) CHECK(strstr(n->msg, "第3行「单位」") != NULL);
    CHECK(m->notes == NULL); /* the main sheet is untouched */
    ws_arena_destroy(a);
}

/* --- workbooks ------------------------------------------------------------------------ */

static const char *idn(const char *first17)
{
    static char buf[4][19];
    static int next;
    char *p = buf[next++ % 4], c = '?';
    ws_idcard_check_char(first17, &c);
    snprintf(p, 19, "%s%c", first17, c);
    return p;
}

/* A workbook as a clerk fills it: main sheet, history sheet, helper sheets. */
static void write_book(const char *path, bool with_key, bool unknown_sheet)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *m = workbook_add_worksheet(wb, "候选人");
    lxw_worksheet *h = workbook_add_worksheet(wb, "主要工作经历");
    lxw_worksheet *help = workbook_add_worksheet(wb, WS_COLLECT_HELP_SHEET);
    lxw_worksheet *lists = workbook_add_worksheet(wb, WS_COLLECT_LIST_SHEET);
    const char *heads[] = {"姓名", "身份证号", "出生年月", "手机"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(m, 0, (lxw_col_t)c, heads[c], NULL);
    worksheet_write_string(m, 1, 0, "张三", NULL);
    worksheet_write_string(m, 1, 1, idn("33040219780512131"), NULL);
    lxw_format *ym = workbook_add_format(wb);
    format_set_num_format(ym, "yyyy.mm");
    lxw_datetime born = {1978, 5, 1, 0, 0, 0};
    worksheet_write_datetime(m, 1, 2, &born, ym);
    worksheet_write_number(m, 1, 3, 13800138000.0, NULL);
    worksheet_write_string(m, 2, 0, "李四", NULL);
    worksheet_write_string(m, 2, 1, idn("33040219800306264"), NULL);
    worksheet_write_string(m, 2, 2, "1980.03", NULL);
    const char *hh[] = {"身份证号", "姓名", "起止年月", "单位", "备注"};
    for (int c = 0; c < (with_key ? 5 : 4); c++)
        worksheet_write_string(h, 0, (lxw_col_t)c, hh[c + (with_key ? 0 : 1)], NULL);
    if (with_key) {
        worksheet_write_string(h, 1, 0, idn("33040219780512131"), NULL);
        worksheet_write_string(h, 1, 2, "1998.07-2008.12", NULL);
        worksheet_write_string(h, 1, 3, "甲厂", NULL);
        worksheet_write_string(h, 2, 0, idn("33040219780512131"), NULL);
        worksheet_write_string(h, 2, 2, "2009.01-2003.01", NULL);
        worksheet_write_string(h, 2, 3, "乙厂", NULL);
        worksheet_write_string(h, 3, 0, "330402000000000000", NULL);
        worksheet_write_string(h, 3, 2, "2001.01-2002.01", NULL);
    }
    worksheet_write_string(help, 0, 0, "说明", NULL);
    worksheet_write_string(lists, 0, 0, "选项", NULL);
    if (unknown_sheet)
        worksheet_write_string(workbook_add_worksheet(wb, "备注"), 0, 0, "随便写的", NULL);
    workbook_close(wb);
}

TEST(records_load_joins_extra_sheets)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = fx_program("rules:\n  - id: 经历\n    kind: periods\n    field: 主要工作经历\n"
                               "  - id: 必填\n    kind: required\n    field: 主要工作经历\n");
    write_book(fx_path("book.xlsx"), true, true);
    ws_records_file *f = NULL;
    ws_err err;
    CHECK_INT(ws_records_load(p, fx_path("book.xlsx"), NULL, a, &f, &err), WS_OK);
    if (!f) return;
    CHECK_INT(f->rs->n, 2);
    CHECK_INT(f->njoins, 1);
    int hist = ws_program_field(p, "主要工作经历", strlen("主要工作经历"));
    int born = ws_program_field(p, "出生年月", strlen("出生年月"));
    int phone = ws_program_field(p, "手机", strlen("手机"));
    CHECK_STR(f->rs->records[0].values[hist], "1998.07-2008.12|甲厂\n2009.01-2003.01|乙厂");
    CHECK_STR(f->rs->records[0].values[born], "1978.05");      /* an Excel date shown yyyy.mm */
    CHECK_STR(f->rs->records[0].values[phone], "13800138000"); /* a number, read back whole */
    CHECK_STR(f->rs->records[1].values[hist], "");
    CHECK_STR(f->sheet->name, "候选人");
    int orphan = 0, header = 0, sheet = 0;
    for (size_t i = 0; i < f->nnotes; i++) {
        const ws_load_note *n = &f->notes[i];
        orphan += n->row == 3 && n->level == WS_NOTE_ERROR && strstr(n->msg, "找不到") != NULL;
        header += n->row == 0 && n->col == 4 && strstr(n->msg, "备注") != NULL;
        sheet += n->row == 0 && n->col == -1 && strstr(n->msg, "「备注」") != NULL;
    }
    CHECK_INT(orphan, 1);
    CHECK_INT(header, 1);
    CHECK_INT(sheet, 1);
    CHECK_INT(f->nnotes, 3); /* 填表说明 and 选项列表 are skipped silently */

    ws_rules *r;
    CHECK_INT(ws_rules_load(p, &r, &err), WS_OK);
    ws_check_ctx ctx = {.today = {2020, 8, 1}};
    ws_findings *fs = NULL;
    const ws_records_file *files[] = {f};
    CHECK_INT(ws_rules_check(r, files, 1, &ctx, a, &fs, &err), WS_OK);
    int entry = 0, missing = 0, joined = 0;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const ws_finding *x = &fs->items[i];
        if (!strcmp(x->rule, "经历")) {
            entry++;
            CHECK_STR(x->sheet, "主要工作经历");
            CHECK_INT(x->line, 3);
            CHECK_INT(x->record, 0);
            CHECK_INT(x->entry, 1);
            CHECK_INT(x->col, 2);
            CHECK(strstr(x->message, "工作表「主要工作经历」第3行「起止年月」") == x->message);
        }
        missing += !strcmp(x->rule, "必填") && x->line == 3 && !x->sheet;
        joined += !strcmp(x->rule, "关联");
    }
    CHECK_INT(entry, 1);
    CHECK_INT(missing, 1);
    CHECK_INT(joined, 3);

    /* the report: findings list, records at their own rows, extra sheet marked */
    CHECK_INT(ws_report_xlsx_write(fx_path("report.xlsx"), p, files, 1, fs, NULL, &err), WS_OK);
    ws_book *book;
    CHECK_INT(ws_xlsx_read(fx_path("report.xlsx"), a, &book, &err), WS_OK);
    CHECK_INT(book->nsheets, 3);
    if (book->nsheets == 3) {
        CHECK_STR(book->sheets[0]->name, WS_REPORT_SUMMARY_SHEET);
        CHECK_INT(book->sheets[0]->nrows, fs->n + 1);
        CHECK_STR(book->sheets[1]->name, "候选人");
        CHECK_STR(book->sheets[1]->cells[2][0], "李四");
        CHECK_INT(book->sheets[1]->line[2], 3);
        CHECK_STR(book->sheets[2]->name, "主要工作经历");
        CHECK_STR(book->sheets[2]->cells[2][2], "2009.01-2003.01");
    }
    ws_rules_destroy(r);
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

TEST(records_load_refuses_extra_sheet_without_key)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = fx_program(NULL);
    write_book(fx_path("nokey.xlsx"), false, false);
    ws_records_file *f = NULL;
    ws_err err;
    CHECK_INT(ws_records_load(p, fx_path("nokey.xlsx"), NULL, a, &f, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "工作表「主要工作经历」缺少「身份证号」列") != NULL);
    CHECK_INT(ws_records_load(p, fx_path("nokey.xlsx"), "没有", a, &f, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "没有名为「没有」的工作表") != NULL);
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

/* An ID typed as a number keeps 15 digits: 330402198506308246 becomes
 * 330402198506308000, itself a valid ID (check digit 0). It is an error on
 * the record with the fix, and the value is withheld, never checked or printed. */
TEST(number_typed_id_is_flagged)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = fx_program("rules:\n  - id: 身份证\n    kind: idcard\n    field: 身份证号\n"
                               "  - id: 必填\n    kind: required\n    field: 身份证号\n");
    lxw_workbook *wb = workbook_new(fx_path("num.xlsx"));
    lxw_worksheet *m = workbook_add_worksheet(wb, NULL);
    worksheet_write_string(m, 0, 0, "姓名", NULL);
    worksheet_write_string(m, 0, 1, "身份证号", NULL);
    worksheet_write_string(m, 1, 0, "张三", NULL);
    worksheet_write_number(m, 1, 1, 330402198506308246.0, NULL); /* Excel keeps 15 digits */
    workbook_close(wb);
    ws_records_file *f = NULL;
    ws_rules *r = NULL;
    ws_findings *fs = NULL;
    ws_err err;
    ws_check_ctx ctx = {.today = {2020, 8, 1}};
    CHECK_INT(ws_records_load(p, fx_path("num.xlsx"), NULL, a, &f, &err), WS_OK);
    CHECK_INT(ws_rules_load(p, &r, &err), WS_OK);
    const ws_records_file *files[] = {f};
    if (f && r) CHECK_INT(ws_rules_check(r, files, 1, &ctx, a, &fs, &err), WS_OK);
    int lost = 0, other = 0;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const ws_finding *x = &fs->items[i];
        if (!strcmp(x->rule, "读取") && x->level == WS_LEVEL_ERROR && x->line == 2 && x->col == 1 &&
            x->record == 0 && strstr(x->message, "15位") &&
            strstr(x->message, "把该列设为文本后重新输入"))
            lost++;
        else
            other++; /* neither 未填写 nor a verdict on digits that were never typed */
    }
    CHECK_INT(lost, 1);
    CHECK_INT(other, 0);
    int id = ws_program_field(p, "身份证号", strlen("身份证号"));
    if (f) {
        const ws_record *rec = &f->rs->records[0];
        CHECK(rec->error != NULL);
        CHECK_STR(rec->values[id], "");
        CHECK(rec->withheld && rec->withheld[id]);
    }
    if (fs) CHECK(ws_findings_record_has_error(fs, 0, 0));
    ws_rules_destroy(r);
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

/* tests/data/input/clerk-made.xlsx (make-fixtures.py): openpyxl, then saved by
 * LibreOffice. Rows 1-2 are a title, the header is on row 3 of the second
 * sheet; records on rows 4-8. */
#define CLERK_BOOK "tests/data/input/clerk-made.xlsx"

static int fid(const ws_program *p, const char *name)
{
    return ws_program_field(p, name, strlen(name));
}

TEST(clerk_made_workbook)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = fx_program("rules:\n  - id: 必填\n    kind: required\n"
                               "    fields: [身份证号, 推荐单位, 来嘉工作时间]\n");
    ws_records_file *f = NULL;
    ws_err err = {0};
    CHECK_INT(ws_records_load(p, CLERK_BOOK, NULL, a, &f, &err), WS_OK);
    if (!f) {
        TH_FAIL("%s", err.msg);
        ws_program_destroy(p);
        ws_arena_destroy(a);
        return;
    }
    /* the data sheet after the instructions, the header under the title */
    CHECK_STR(f->sheet->name, "推荐人选");
    CHECK_INT(f->sheet->line[0], 3);
    CHECK_INT(f->rs->n, 5);
    CHECK_INT(f->rs->records[0].line, 4);
    const ws_cell_note *used = f->sheet->notes;
    CHECK(used && used->row == 0 && used->level == WS_NOTE_INFO && strstr(used->msg, "第3行") &&
          strstr(used->msg, "推荐人选"));
    int info = 0;
    for (size_t i = 0; i < f->nnotes; i++)
        info += f->notes[i].level == WS_NOTE_INFO && strstr(f->notes[i].msg, "填写说明") != NULL;
    CHECK_INT(info, 1);

    const ws_record *rec = f->rs->records;
    CHECK_STR(rec[0].values[fid(p, "来嘉工作时间")], "1994.10"); /* a 0.00 cell */
    CHECK(rec[0].error == NULL);
    CHECK(rec[1].error && strstr(rec[1].error, "15位"));      /* 顾喆: ID typed as a number */
    CHECK_STR(rec[1].values[fid(p, "身份证号")], "");
    /* 王䶮: a formula's error in 工作单位, a column this program does not read: noted, but it
       refuses nothing (ws_note_counts; spreadsheets.sh has it refused where 工作单位 is read) */
    bool div0 = false;
    for (const ws_cell_note *n = f->sheet->notes; n; n = n->next)
        div0 |= n->level == WS_NOTE_ERROR && strstr(n->msg, "#DIV/0!") != NULL;
    CHECK(div0 && rec[2].error == NULL);
    CHECK_STR(rec[3].values[fid(p, "推荐单位")], "平湖市");   /* 司马文杰: merged with 王䶮's */
    CHECK(rec[3].error == NULL && rec[3].nwarnings == 1);
    if (rec[3].nwarnings) CHECK(strstr(rec[3].warnings[0], "合并") != NULL);
    CHECK(rec[4].error && strstr(rec[4].error, "1991.01") && strstr(rec[4].error, "1991.10"));
    CHECK_STR(rec[4].values[fid(p, "来嘉工作时间")], "");

    ws_rules *r = NULL;
    ws_findings *fs = NULL;
    ws_check_ctx ctx = {.today = {2020, 8, 1}};
    CHECK_INT(ws_rules_load(p, &r, &err), WS_OK);
    const ws_records_file *files[] = {f};
    if (r) CHECK_INT(ws_rules_check(r, files, 1, &ctx, a, &fs, &err), WS_OK);
    int blank = 0;
    for (size_t i = 0; fs && i < fs->n; i++)
        blank += !strcmp(fs->items[i].rule, "必填");
    CHECK_INT(blank, 0); /* a refused or merged cell is not 未填写 */
    ws_rules_destroy(r);
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

TEST(no_header_says_where_it_looked)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = fx_program(NULL);
    p->fields[fid(p, "姓名")].required = true;
    lxw_workbook *wb = workbook_new(fx_path("nohead.xlsx"));
    lxw_worksheet *s1 = workbook_add_worksheet(wb, "说明");
    lxw_worksheet *s2 = workbook_add_worksheet(wb, "数据");
    worksheet_write_string(s1, 0, 0, "请按要求填写", NULL);
    worksheet_write_string(s1, 1, 0, "谢谢", NULL);
    for (int row = 0; row < 3; row++)
        worksheet_write_string(s2, (lxw_row_t)row, 0, "名字", NULL);
    workbook_close(wb);
    ws_records_file *f = NULL;
    ws_err err = {0};
    CHECK_INT(ws_records_load(p, fx_path("nohead.xlsx"), NULL, a, &f, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "缺少必需的列") != NULL);
    CHECK(strstr(err.msg, "工作表「说明」第1至2行") != NULL);
    CHECK(strstr(err.msg, "工作表「数据」第1至3行") != NULL);
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

/* --- the collection workbook -------------------------------------------------------------- */

TEST(collect_workbook_reads_back_empty)
{
    ws_arena *a = ws_arena_create(0);
    fx_write("quotas.csv", "序号,推荐单位,甲级,乙级\n1,东区,2,1\n");
    ws_program *p = fx_program("rules:\n  - id: 名额\n    kind: quota\n    table: quotas.csv\n"
                               "    unit_field: 推荐单位\n    level_field: 申报类别\n"
                               "  - id: 必填\n    kind: required\n    field: 姓名\n");
    ws_rules *r;
    ws_err err;
    CHECK_INT(ws_rules_load(p, &r, &err), WS_OK);
    CHECK_INT(ws_collect_xlsx_write(fx_path("collect.xlsx"), p, r, &err), WS_OK);
    ws_book *book;
    CHECK_INT(ws_xlsx_read(fx_path("collect.xlsx"), a, &book, &err), WS_OK);
    CHECK_INT(book->nsheets, 4);
    if (book->nsheets == 4) {
        CHECK_STR(book->sheets[0]->name, WS_COLLECT_MAIN_SHEET);
        CHECK_STR(book->sheets[1]->name, "主要工作经历");
        CHECK_STR(book->sheets[2]->name, WS_COLLECT_HELP_SHEET);
        CHECK_STR(book->sheets[3]->name, WS_COLLECT_LIST_SHEET);
        const ws_sheet *m = book->sheets[0];
        CHECK_INT(m->ncols, FX_NFIELDS - 1); /* every field but the list */
        for (size_t c = 0; c < m->ncols; c++)
            CHECK(ws_program_field(p, m->cells[0][c], strlen(m->cells[0][c])) >= 0);
        CHECK_STR(book->sheets[1]->cells[0][0], "身份证号");
        CHECK_STR(book->sheets[1]->cells[0][2], "起止年月");
    }
    ws_records_file *f = NULL;
    CHECK_INT(ws_records_load(p, fx_path("collect.xlsx"), NULL, a, &f, &err), WS_OK);
    CHECK(f && f->rs->n == 0 && f->nnotes == 0 && f->rs->nunknown == 0);
    ws_rules_destroy(r);
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

TEST(collect_long_list_goes_to_hidden_sheet)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = fx_program(NULL);
    /* 26 × "人员类" is over libxlsxwriter's 255-byte inline limit */
    ws_field_def *f = &p->fields[ws_program_field(p, "申报类别", strlen("申报类别"))];
    f->nchoices = 26;
    f->choices = ws_arena_calloc(p->arena, 26, sizeof *f->choices);
    for (int i = 0; i < 26; i++)
        f->choices[i] = ws_arena_printf(p->arena, "%c类人员类", 'A' + i);
    ws_err err;
    CHECK_INT(ws_collect_xlsx_write(fx_path("long.xlsx"), p, NULL, &err), WS_OK);
    ws_book *book;
    CHECK_INT(ws_xlsx_read(fx_path("long.xlsx"), a, &book, &err), WS_OK);
    const ws_sheet *lists = book->nsheets == 4 ? book->sheets[3] : NULL;
    CHECK(lists != NULL);
    if (lists) {
        CHECK_INT(lists->nrows, 26);
        CHECK_STR(lists->cells[25][0], "Z类人员类");
    }
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

TEST(text_width_and_sheet_names)
{
    CHECK_NEAR(ws_xlsx_text_width("身份证号"), 8.0, 0.01);
    CHECK_NEAR(ws_xlsx_text_width("ab\n中"), 2.2, 0.01);
    char out[128];
    ws_xlsx_sheet_name("主要工作经历[1]:a/b", out, sizeof out);
    CHECK_STR(out, "主要工作经历1ab");
    ws_xlsx_sheet_name("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", out,
                       sizeof out);
    CHECK_INT(ws_utf8_count(out, strlen(out)), 31);
}

int main(void)
{
    fx_init();
    RUN(join_appends_entries_by_key);
    RUN(join_duplicate_keys_by_runs);
    RUN(join_carries_refused_entries);
    RUN(records_load_joins_extra_sheets);
    RUN(records_load_refuses_extra_sheet_without_key);
    RUN(number_typed_id_is_flagged);
    RUN(clerk_made_workbook);
    RUN(no_header_says_where_it_looked);
    RUN(collect_workbook_reads_back_empty);
    RUN(collect_long_list_goes_to_hidden_sheet);
    RUN(text_width_and_sheet_names);
    fx_cleanup();
    return TH_DONE();
}
