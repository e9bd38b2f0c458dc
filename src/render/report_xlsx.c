/* render/report_xlsx.c - the findings as a workbook; see report_xlsx.h.
 *
 * The records are written back at their own row numbers rather than
 * compacted, because the clerk will go back to the original file with the
 * report open beside it: 第12行 has to be row 12 in both. */
#include "render/report_xlsx.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "render/collect_xlsx.h"
#include "template/bind.h"
#include "render/xlsxwriter_calls.h" /* last: the library's functions by their own names */

typedef struct report {
    lxw_workbook *wb;
    const ws_program *p;
    const ws_records_file *const *files;
    size_t nfiles;
    const ws_findings *fs;
    const ws_report_units *units; /* NULL: none */
    lxw_format *head, *plain, *wrap;
    lxw_format *level[3];      /* fills for error, warning, note */
    lxw_format *level_wrap[3]; /* the same, wrapped, for the list */
    char **names;              /* sheet names given so far */
    ws_arena *arena;           /* records' names (identity templates) */
    size_t nnames;
    ws_status st;
    ws_err *err;
} report;

static void lxw_check(report *r, lxw_error e, const char *what)
{
    if (e == LXW_NO_ERROR || r->st != WS_OK) return;
    r->st = ws_err_set(r->err, WS_ERR_XLSX, "写入检查报告失败（%s）：%s", what, lxw_strerror(e));
}

static lxw_format *fill(report *r, lxw_color_t bg, lxw_color_t fg, bool wrap)
{
    lxw_format *f = workbook_add_format(r->wb);
    format_set_font_name(f, "宋体");
    format_set_num_format(f, "@");
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (bg) format_set_bg_color(f, bg);
    if (fg) format_set_font_color(f, fg);
    if (wrap) format_set_text_wrap(f);
    return f;
}

static void make_formats(report *r)
{
    r->head = fill(r, 0xDDEBF7, 0, true);
    format_set_bold(r->head);
    format_set_border(r->head, LXW_BORDER_THIN);
    r->plain = fill(r, 0, 0, false);
    r->wrap = fill(r, 0, 0, true);
    static const lxw_color_t bg[3] = {0xFFC7CE, 0xFFEB9C, 0xDDEBF7};
    static const lxw_color_t fg[3] = {0x9C0006, 0x9C5700, 0x1F4E78};
    for (int i = 0; i < 3; i++) {
        r->level[i] = fill(r, bg[i], fg[i], false);
        r->level_wrap[i] = fill(r, bg[i], fg[i], true);
    }
}

/* The first max_chars characters of s into out. */
static void cut_chars(const char *s, size_t max_chars, char *out, size_t n)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < max_chars && i + 4 < n) {
        size_t k = 1;
        while ((s[i + k] & 0xC0) == 0x80)
            k++;
        i += k;
        chars++;
    }
    snprintf(out, n, "%.*s", (int)i, s);
}

/* A unique, valid sheet name derived from 'want'. */
static const char *unique_sheet(report *r, const char *want, char out[128])
{
    char base[128];
    ws_xlsx_sheet_name(want[0] ? want : "记录", base, sizeof base);
    size_t n = 128;
    snprintf(out, n, "%s", base);
    for (int k = 2;; k++) {
        bool taken = !strcmp(out, WS_REPORT_SUMMARY_SHEET);
        for (size_t i = 0; i < r->nnames && !taken; i++)
            taken = !strcmp(r->names[i], out);
        if (!taken) break;
        char cut[96];
        cut_chars(base, 26, cut, sizeof cut);
        snprintf(out, n, "%.95s(%d)", cut, k);
    }
    char **v = realloc(r->names, (r->nnames + 1) * sizeof *v);
    if (v) r->names = v;
    char *copy = v ? strdup(out) : NULL;
    if (!copy) {
        r->st = ws_err_set(r->err, WS_ERR_NOMEM, "内存不足");
        return out;
    }
    r->names[r->nnames++] = copy;
    return out;
}

/* --- the list of findings ---------------------------------------------------------- */

static const char *record_name(const report *r, const ws_finding *f)
{
    if (r->p->identity_field < 0 || f->record == WS_NO_RECORD) return "";
    const char *name = ws_record_identity(r->p, &r->files[f->file]->rs->records[f->record], r->arena);
    return name ? name : "";
}

static void summary_row(report *r, lxw_worksheet *ws, lxw_row_t row, const ws_finding *f)
{
    char line[32] = "";
    if (f->line) snprintf(line, sizeof line, "%zu", f->line);
    char field[384];
    ws_finding_field_text(r->p, f, field, sizeof field);
    const char *cells[] = {f->path,
                           f->sheet ? f->sheet : "",
                           line,
                           record_name(r, f),
                           ws_level_name_cn(f->level),
                           field,
                           f->problem,
                           f->value,
                           f->words,
                           f->rule};
    lxw_check(r, worksheet_write_number(ws, row, 0, (double)row, NULL), "检查结果");
    for (int c = 0; c < 10; c++) {
        lxw_format *fm = c == 4 ? r->level[f->level] : c >= 6 ? r->wrap : r->plain;
        lxw_check(r, worksheet_write_string(ws, row, (lxw_col_t)(c + 1), cells[c], fm), "检查结果");
    }
}

/* A units file's problem as a row of 检查结果: its file, its line (none for a
 * unit without a row), 错误, the message. */
static void units_row(report *r, lxw_worksheet *ws, lxw_row_t row, const ws_unit_problem *u)
{
    char line[32] = "";
    if (u->line) snprintf(line, sizeof line, "%zu", u->line);
    const char *cells[] = {r->units->path, "", line, "", ws_level_name_cn(WS_LEVEL_ERROR), "",
                           u->msg, "", "", "单位信息表"};
    lxw_check(r, worksheet_write_number(ws, row, 0, (double)row, NULL), "检查结果");
    for (int c = 0; c < 10; c++) {
        lxw_format *fm = c == 4 ? r->level[WS_LEVEL_ERROR] : c >= 6 ? r->wrap : r->plain;
        lxw_check(r, worksheet_write_string(ws, row, (lxw_col_t)(c + 1), cells[c], fm), "检查结果");
    }
}

static void summary_sheet(report *r)
{
    lxw_worksheet *ws = workbook_add_worksheet(r->wb, WS_REPORT_SUMMARY_SHEET);
    if (!ws) {
        r->st = ws_err_set(r->err, WS_ERR_XLSX, "无法创建工作表");
        return;
    }
    static const char *const heads[] = {"序号", "文件", "工作表", "行",       "姓名", "级别",
                                        "字段", "问题", "值",     "通知原文", "规则"};
    static const double widths[] = {6, 24, 12, 6, 10, 6, 18, 40, 24, 40, 14};
    for (int c = 0; c < 11; c++) {
        lxw_check(r, worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], r->head), "检查结果");
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    for (size_t i = 0; i < r->fs->n && r->st == WS_OK; i++)
        summary_row(r, ws, (lxw_row_t)(i + 1), &r->fs->items[i]);
    size_t rows = r->fs->n;
    const ws_units_check *u = r->units && r->units->path ? r->units->check : NULL;
    for (size_t i = 0; u && i < u->n && r->st == WS_OK; i++)
        units_row(r, ws, (lxw_row_t)++rows, &u->problems[i]);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows ? rows : 1), 10);
}

/* --- the records, marked ------------------------------------------------------------- */

typedef struct mark {
    size_t row; /* index into sheet->cells */
    size_t col;
    int level;
    size_t order;
    const char *msg;
} mark;

static int cmp_marks(const void *a, const void *b)
{
    const mark *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The row index in 'sheet' whose spreadsheet number is 'line' (0 = header
 * when there is none). */
static size_t row_of_line(const ws_sheet *sheet, size_t line)
{
    size_t r = ws_sheet_row_of_line(sheet, line);
    return r == SIZE_MAX ? 0 : r;
}

/* Where finding f lands on 'sheet' (the main sheet when extra is NULL). */
static bool mark_of(const report *r, const ws_finding *f, size_t file, const ws_sheet *sheet,
                    bool is_main, mark *m)
{
    if (f->file != file) return false;
    if (is_main ? f->sheet != NULL : !f->sheet || !sheet->name || strcmp(f->sheet, sheet->name))
        return false;
    m->row = f->line ? row_of_line(sheet, f->line) : 0;
    m->col = 0;
    if (f->col >= 0 && (size_t)f->col < sheet->ncols) {
        m->col = (size_t)f->col;
    } else if (is_main && f->field >= 0) {
        int c = r->files[file]->rs->column_of_field[f->field];
        if (c >= 0 && (size_t)c < sheet->ncols) m->col = (size_t)c;
    }
    m->level = (int)f->level;
    m->msg = f->message;
    return true;
}

static mark *collect_marks(report *r, size_t file, const ws_sheet *sheet, bool is_main, size_t *n)
{
    mark *v = calloc(r->fs->n + 1, sizeof *v);
    *n = 0;
    if (!v) return NULL;
    for (size_t i = 0; i < r->fs->n; i++)
        if (mark_of(r, &r->fs->items[i], file, sheet, is_main, &v[*n])) v[*n].order = i, (*n)++;
    qsort(v, *n, sizeof *v, cmp_marks);
    return v;
}

static void write_mark_comment(report *r, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                               const mark *m, size_t k)
{
    ws_buf b = WS_BUF_INIT;
    for (size_t i = 0; i < k; i++)
        ws_buf_printf(&b, "%s%s：%s", i ? "\n" : "", ws_level_name_cn((ws_level)m[i].level),
                      m[i].msg);
    if (b.failed) {
        r->st = ws_err_set(r->err, WS_ERR_NOMEM, "内存不足");
    } else {
        lxw_comment_options o = {
            .author = "wenshu", .x_scale = 3, .y_scale = 1.0 + 0.8 * (double)k};
        lxw_check(r, worksheet_write_comment_opt(ws, row, col, b.p, &o), "批注");
    }
    ws_buf_free(&b);
}

static void write_cells(report *r, lxw_worksheet *ws, const ws_sheet *sheet, const mark *m,
                        size_t nm)
{
    size_t k = 0;
    for (size_t row = 0; row < sheet->nrows && r->st == WS_OK; row++) {
        lxw_row_t out = (lxw_row_t)(sheet->line[row] ? sheet->line[row] - 1 : row);
        for (size_t c = 0; c < sheet->ncols; c++) {
            while (k < nm && (m[k].row < row || (m[k].row == row && m[k].col < c)))
                k++;
            size_t e = k;
            int worst = 3;
            while (e < nm && m[e].row == row && m[e].col == c) {
                if (m[e].level < worst) worst = m[e].level;
                e++;
            }
            lxw_format *fm = row == 0 ? r->head : worst < 3 ? r->level[worst] : r->plain;
            const char *text = sheet->cells[row][c];
            if (text[0] || worst < 3 || row == 0)
                lxw_check(r, worksheet_write_string(ws, out, (lxw_col_t)c, text, fm), "单元格");
            if (e > k) write_mark_comment(r, ws, out, (lxw_col_t)c, m + k, e - k);
            k = e;
        }
    }
}

static void set_widths(lxw_worksheet *ws, const ws_sheet *sheet)
{
    for (size_t c = 0; c < sheet->ncols; c++) {
        double w = ws_xlsx_text_width(sheet->cells[0][c]) + 2;
        for (size_t row = 1; row < sheet->nrows && row < 200; row++) {
            double x = ws_xlsx_text_width(sheet->cells[row][c]) + 1;
            if (x > w) w = x;
        }
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < 6 ? 6 : w > 40 ? 40 : w, NULL);
    }
}

static void records_sheet(report *r, size_t file, const ws_sheet *sheet, bool is_main,
                          const char *name)
{
    char sname[128];
    lxw_worksheet *ws = workbook_add_worksheet(r->wb, unique_sheet(r, name, sname));
    if (!ws) {
        r->st = ws_err_set(r->err, WS_ERR_XLSX, "无法创建工作表「%s」", sname);
        return;
    }
    size_t nm;
    mark *m = collect_marks(r, file, sheet, is_main, &nm);
    if (!m) {
        r->st = ws_err_set(r->err, WS_ERR_NOMEM, "内存不足");
        return;
    }
    set_widths(ws, sheet);
    write_cells(r, ws, sheet, m, nm);
    if (sheet->nrows) worksheet_freeze_panes(ws, (lxw_row_t)sheet->line[0], 0);
    free(m);
}

/* The name of a file's main sheet in the report. */
static const char *main_name(const report *r, size_t i, char *out, size_t n)
{
    const ws_records_file *f = r->files[i];
    const char *base = strrchr(f->path, '/');
    base = base ? base + 1 : f->path;
    const char *name = f->sheet->name ? f->sheet->name : base;
    if (r->nfiles > 1)
        snprintf(out, n, "%zu-%s", i + 1, name);
    else
        snprintf(out, n, "%s", name);
    char *dot = f->sheet->name ? NULL : strrchr(out, '.');
    if (dot) *dot = '\0';
    return out;
}

ws_status ws_report_xlsx_write(const char *path, const ws_program *p,
                               const ws_records_file *const *files, size_t nfiles,
                               const ws_findings *findings, const ws_report_units *units,
                               ws_err *err)
{
    char tmp[4096], dir[4096];
    WS_TRY(ws_xlsxwriter_open(err));
    ws_path_dir(path, dir, sizeof dir);
    if (!ws_dir_exists(dir)) /* checked here: libxlsxwriter would print its own message */
        return ws_err_set(err, WS_ERR_IO, "无法写入 %s：文件夹 %s 不存在", path, dir);
    ws_tmp_path_for(path, tmp, sizeof tmp);
    report r = {.p = p, .files = files, .nfiles = nfiles, .fs = findings, .units = units,
                .err = err};
    r.arena = ws_arena_create(4096);
    r.wb = r.arena ? workbook_new(tmp) : NULL;
    if (!r.wb) {
        ws_arena_destroy(r.arena);
        return ws_err_set(err, WS_ERR_IO, "无法创建 %s", path);
    }
    /* not the clock: the same records give the same bytes */
    lxw_doc_properties props = {.created = (time_t)ws_date_year_epoch(p->year)};
    workbook_set_properties(r.wb, &props);
    make_formats(&r);
    summary_sheet(&r);
    for (size_t i = 0; i < nfiles && r.st == WS_OK; i++) {
        char name[256];
        records_sheet(&r, i, files[i]->sheet, true, main_name(&r, i, name, sizeof name));
        for (size_t j = 0; j < files[i]->njoins && r.st == WS_OK; j++) {
            const ws_sheet *x = files[i]->joins[j].join->extra;
            records_sheet(&r, i, x, false, x->name ? x->name : "");
        }
    }
    errno = 0;
    lxw_error e = workbook_close(r.wb);
    int saved = errno;
    for (size_t i = 0; i < r.nnames; i++)
        free(r.names[i]);
    free(r.names);
    ws_arena_destroy(r.arena);
    if (r.st == WS_OK && e != LXW_NO_ERROR)
        r.st = ws_err_set(err, WS_ERR_XLSX, "写入 %s 失败：%s", path,
                          ws_disk_reason(saved, lxw_strerror(e)));
    if (r.st == WS_OK) return ws_commit_tmp(tmp, path, err);
    remove(tmp);
    return r.st;
}
