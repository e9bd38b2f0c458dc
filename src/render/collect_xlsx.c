/* render/collect_xlsx.c - the data-collection workbook; see collect_xlsx.h.
 *
 * Everything a clerk could get wrong in Excel is closed off where Excel
 * allows it: text format so long numbers and 1960.10 survive, dropdowns for
 * closed lists, a length check on 身份证号. What Excel cannot check (check
 * digits, ages, word limits) is said in the header comment, taken from the
 * same rules `wenshu check` applies, so the two never disagree. */
#include "render/collect_xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "check/records.h"
#include "render/xlsxwriter_calls.h" /* last: the library's functions by their own names */

#define INLINE_LIST_MAX 200 /* bytes; libxlsxwriter aborts beyond 255 */

#if defined(__SANITIZE_ADDRESS__)
/* libxlsxwriter 1.1.4 never frees its copy of a LIST_FORMULA validation's
 * formula (a few bytes per long dropdown, once per workbook). Tell
 * LeakSanitizer, so `make SAN=1` reports only our own leaks. The library
 * has no frame pointers, so the report's stack ends inside it: match the
 * library, not the function. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libxlsxwriter.so\n";
}
#endif

typedef struct collect {
    lxw_workbook *wb;
    const ws_program *p;
    const ws_rules *rules;
    lxw_worksheet *lists; /* hidden sheet holding long dropdown lists */
    int nlists;           /* its columns used */
    lxw_format *head, *head_required, *text, *number, *title, *body, *table_head, *cell;
    ws_status st;
    ws_err *err;
} collect;

double ws_xlsx_text_width(const char *s)
{
    double w = 0, line = 0;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        i += k;
        if (cp == '\n') {
            w = line > w ? line : w;
            line = 0;
            continue;
        }
        line += cp >= 0x2E80 ? 2.0 : 1.1;
    }
    return line > w ? line : w;
}

static void lxw_check(collect *c, lxw_error e, const char *what)
{
    if (e == LXW_NO_ERROR || c->st != WS_OK) return;
    c->st = ws_err_set(c->err, WS_ERR_XLSX, "写入采集表失败（%s）：%s", what, lxw_strerror(e));
}

static lxw_format *fmt(collect *c, bool bold, bool wrap, bool text, lxw_color_t bg,
                       lxw_color_t color)
{
    lxw_format *f = workbook_add_format(c->wb);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 11);
    if (bold) format_set_bold(f);
    if (wrap) format_set_text_wrap(f);
    if (text) format_set_num_format(f, "@");
    if (bg) format_set_bg_color(f, bg);
    if (color) format_set_font_color(f, color);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void make_formats(collect *c)
{
    c->head = fmt(c, true, true, false, 0xDDEBF7, 0);
    c->head_required = fmt(c, true, true, false, 0xDDEBF7, 0xC00000);
    format_set_align(c->head, LXW_ALIGN_CENTER);
    format_set_align(c->head_required, LXW_ALIGN_CENTER);
    format_set_border(c->head, LXW_BORDER_THIN);
    format_set_border(c->head_required, LXW_BORDER_THIN);
    c->text = fmt(c, false, false, true, 0, 0);
    c->number = fmt(c, false, false, false, 0, 0);
    c->title = fmt(c, true, false, false, 0, 0);
    format_set_font_size(c->title, 14);
    c->body = fmt(c, false, true, false, 0, 0);
    c->table_head = fmt(c, true, true, false, 0xDDEBF7, 0);
    format_set_border(c->table_head, LXW_BORDER_THIN);
    c->cell = fmt(c, false, true, false, 0, 0);
    format_set_border(c->cell, LXW_BORDER_THIN);
}

/* --- header comments ----------------------------------------------------------------- */

static bool field_required(const collect *c, int f, const char *const *notes, size_t n)
{
    if (c->p->fields[f].required) return true;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(notes[i], "必填")) return true;
    return false;
}

/* hint + what the rules say, one per line, without repeating the hint. */
static char *comment_text(const collect *c, int f, bool *required)
{
    const char *notes[16];
    size_t n = c->rules ? ws_rules_field_notes(c->rules, f, notes, 16) : 0;
    *required = field_required(c, f, notes, n);
    const char *hint = c->p->fields[f].hint;
    ws_buf b = WS_BUF_INIT;
    if (*required) ws_buf_puts(&b, "必填");
    if (hint) ws_buf_printf(&b, "%s%s", b.len ? "\n" : "", hint);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(notes[i], "必填") || (hint && strstr(hint, notes[i]))) continue;
        ws_buf_printf(&b, "%s%s", b.len ? "\n" : "", notes[i]);
    }
    if (b.failed) {
        ws_buf_free(&b);
        return NULL;
    }
    return ws_buf_take(&b, NULL);
}

static void write_comment(collect *c, lxw_worksheet *ws, int col, const char *text)
{
    if (!text || !text[0]) return;
    size_t lines = 1;
    for (const char *s = text; *s; s++)
        lines += *s == '\n';
    double w = ws_xlsx_text_width(text);
    lxw_comment_options o = {.author = "wenshu",
                             .x_scale = w > 40 ? 2.6 : 1.8,
                             .y_scale = 0.5 + 0.35 * (double)(lines + (size_t)(w / 40))};
    lxw_check(c, worksheet_write_comment_opt(ws, 0, (lxw_col_t)col, text, &o), "批注");
}

/* --- dropdowns ---------------------------------------------------------------------- */

static size_t joined_bytes(const char *const *items, size_t n)
{
    size_t b = 0;
    for (size_t i = 0; i < n; i++)
        b += strlen(items[i]) + (i ? 1 : 0);
    return b;
}

/* A range on the hidden sheet holding items; returns the formula or NULL. */
static char *list_range(collect *c, const char *const *items, size_t n)
{
    int col = c->nlists++;
    for (size_t i = 0; i < n; i++)
        lxw_check(c, worksheet_write_string(c->lists, (lxw_row_t)i, (lxw_col_t)col, items[i], NULL),
                  "选项列表");
    char letters[8];
    lxw_col_to_name(letters, (lxw_col_t)col, false);
    char *f = malloc(128);
    if (f) snprintf(f, 128, "='%s'!$%s$1:$%s$%zu", WS_COLLECT_LIST_SHEET, letters, letters, n);
    return f;
}

static void add_dropdown(collect *c, lxw_worksheet *ws, int col, const char *const *items, size_t n,
                         bool strict)
{
    lxw_data_validation v = {0};
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.error_type = strict ? LXW_VALIDATION_ERROR_TYPE_STOP : LXW_VALIDATION_ERROR_TYPE_WARNING;
    v.error_title = "请从下拉列表中选择";
    v.error_message = strict ? "只能填写下拉列表中的选项。" : "该值不在列表中，请核对。";
    char *formula = NULL;
    char **list = NULL;
    if (joined_bytes(items, n) > INLINE_LIST_MAX) {
        v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        v.value_formula = formula = list_range(c, items, n);
    } else {
        list = calloc(n + 1, sizeof *list);
        for (size_t i = 0; list && i < n; i++)
            list[i] = (char *)items[i];
        v.value_list = list;
    }
    if ((formula || list) && c->st == WS_OK)
        lxw_check(c,
                  worksheet_data_validation_range(ws, 1, (lxw_col_t)col, WS_COLLECT_ROWS,
                                                  (lxw_col_t)col, &v),
                  "下拉列表");
    else if (c->st == WS_OK)
        c->st = ws_err_set(c->err, WS_ERR_NOMEM, "内存不足");
    free(formula);
    free(list);
}

static void add_length18(collect *c, lxw_worksheet *ws, int col)
{
    lxw_data_validation v = {0};
    /* the _FORMULA form: libxlsxwriter 1.1.4 leaks the text it makes of value_number */
    v.validate = LXW_VALIDATION_TYPE_LENGTH_FORMULA;
    v.criteria = LXW_VALIDATION_CRITERIA_EQUAL_TO;
    v.value_formula = "=18";
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    v.error_title = "身份证号应为18位";
    v.error_message = "请输入18位身份证号（最后一位可为X）。";
    lxw_check(
        c,
        worksheet_data_validation_range(ws, 1, (lxw_col_t)col, WS_COLLECT_ROWS, (lxw_col_t)col, &v),
        "身份证号长度");
}

static void field_validation(collect *c, lxw_worksheet *ws, int col, int f)
{
    const ws_field_def *d = &c->p->fields[f];
    int unit_field = -1;
    const char *const *units = NULL;
    size_t nunits = c->rules ? ws_rules_units(c->rules, &unit_field, &units) : 0;
    if (d->kind == WS_FIELD_IDCARD)
        add_length18(c, ws, col);
    else if (d->nchoices)
        add_dropdown(c, ws, col, d->choices, d->nchoices, true);
    else if (unit_field == f && nunits)
        add_dropdown(c, ws, col, units, nunits, false);
}

/* --- widths --------------------------------------------------------------------------- */

static double choices_width(const ws_field_def *d)
{
    double w = 0;
    for (size_t i = 0; i < d->nchoices; i++) {
        double x = ws_xlsx_text_width(d->choices[i]);
        if (x > w) w = x;
    }
    return w + 3; /* the dropdown arrow */
}

static double content_width(const collect *c, int f)
{
    const ws_field_def *d = &c->p->fields[f];
    switch (d->kind) {
    case WS_FIELD_IDCARD: return 21;
    case WS_FIELD_PHONE: return 14;
    case WS_FIELD_EMAIL: return 22;
    case WS_FIELD_YEARMONTH: return 10;
    case WS_FIELD_DATE: return 12;
    case WS_FIELD_NUMBER: return 6;
    case WS_FIELD_CHOICE: return choices_width(d);
    case WS_FIELD_PHOTO: return 20;
    case WS_FIELD_FILES: return 28;
    default: break;
    }
    double max = c->rules ? ws_rules_max_length(c->rules, f) : 0;
    return max >= 100 ? 40 : 14;
}

/* Width of a column: its content, and the label in at most two lines. */
static double column_width(double label, double content)
{
    double w = content > label / 2 + 2 ? content : label / 2 + 2;
    if (label + 2 <= 16 && label + 2 > w) w = label + 2;
    return w < 6 ? 6 : w > 50 ? 50 : w;
}

static int header_lines(double label, double width)
{
    int lines = (int)((label + width - 2.5) / (width - 2));
    return lines < 1 ? 1 : lines;
}

/* --- the sheets -------------------------------------------------------------------------- */

/* One column of a data sheet: header, comment, width, format, validation. */
static int data_column(collect *c, lxw_worksheet *ws, int col, int f, const char *label,
                       const char *extra_comment)
{
    bool required = false;
    char *comment = f >= 0 ? comment_text(c, f, &required) : NULL;
    const ws_field_def *d = f >= 0 ? &c->p->fields[f] : NULL;
    double lw = ws_xlsx_text_width(label);
    double width = column_width(lw, d ? content_width(c, f) : 14);
    bool number = d && d->kind == WS_FIELD_NUMBER;
    lxw_check(c,
              worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, width,
                                   number ? c->number : c->text),
              "列宽");
    lxw_check(
        c,
        worksheet_write_string(ws, 0, (lxw_col_t)col, label, required ? c->head_required : c->head),
        "表头");
    if (extra_comment) {
        write_comment(c, ws, col, extra_comment);
    } else {
        write_comment(c, ws, col, comment);
    }
    free(comment);
    if (f >= 0) field_validation(c, ws, col, f);
    return header_lines(lw, width);
}

static void finish_sheet(collect *c, lxw_worksheet *ws, int lines)
{
    lxw_check(c, worksheet_set_row(ws, 0, 15.0 * lines + 6, NULL), "行高");
    worksheet_freeze_panes(ws, 1, 0);
}

static void main_sheet(collect *c, lxw_worksheet *ws)
{
    int col = 0, lines = 1;
    for (size_t f = 0; f < c->p->nfields; f++) {
        if (c->p->fields[f].kind == WS_FIELD_LIST) continue;
        int l = data_column(c, ws, col++, (int)f, c->p->fields[f].name, NULL);
        if (l > lines) lines = l;
    }
    finish_sheet(c, ws, lines);
}

/* A list field's sheet: the key that ties an entry to its record
 * (ws_program_key_field: 身份证号, 工作室名称, or list_key:), for people a 姓名 column to read the
 * rows by, then the entry's columns. */
static void list_sheet(collect *c, lxw_worksheet *ws, int f)
{
    const ws_field_def *d = &c->p->fields[f];
    bool people = ws_program_records_people(c->p);
    int key = ws_program_key_field(c->p), name = -1;
    if (people && key >= 0 && key != c->p->identity_field) name = c->p->identity_field;
    int col = 0, lines = 1;
    char note[512], noun[128];
    if (people)
        snprintf(note, sizeof note, "必填\n每段一行：填写本人%s，以便对应到「%s」表中的人",
                 key >= 0 ? c->p->fields[key].name : "", WS_COLLECT_MAIN_SHEET);
    else
        snprintf(note, sizeof note,
                 "必填\n每段一行：填写与「%s」表中相同的「%s」，以便对应到那个%s",
                 WS_COLLECT_MAIN_SHEET, key >= 0 ? c->p->fields[key].name : "",
                 ws_program_record_noun(c->p, noun, sizeof noun));
    if (key >= 0) data_column(c, ws, col++, key, c->p->fields[key].name, note);
    if (name >= 0) data_column(c, ws, col++, -1, c->p->fields[name].name, "便于核对，可不填");
    for (size_t k = 0; k < d->ncolumns; k++) {
        const char *hint = k == 0 && d->hint ? d->hint : NULL;
        int l = data_column(c, ws, col++, -1, d->columns[k], hint);
        if (l > lines) lines = l;
    }
    finish_sheet(c, ws, lines);
}

static void help_row(collect *c, lxw_worksheet *ws, lxw_row_t row, int f)
{
    bool required = false;
    char *comment = comment_text(c, f, &required);
    const ws_field_def *d = &c->p->fields[f];
    char where[256];
    if (d->kind == WS_FIELD_LIST)
        snprintf(where, sizeof where, "%s（填在「%s」工作表，每段一行）", d->name, d->name);
    else
        snprintf(where, sizeof where, "%s", d->name);
    lxw_check(c, worksheet_write_string(ws, row, 0, where, c->cell), "填表说明");
    lxw_check(c, worksheet_write_string(ws, row, 1, required ? "是" : "", c->cell), "填表说明");
    /* the comment without its 必填 line, which has its own column */
    const char *text = comment ? comment : "";
    if (!strncmp(text, "必填", strlen("必填"))) text += strlen("必填");
    if (*text == '\n') text++;
    lxw_check(c, worksheet_write_string(ws, row, 2, text, c->cell), "填表说明");
    size_t lines = 1;
    for (const char *s = text; *s; s++)
        lines += *s == '\n';
    lines += (size_t)(ws_xlsx_text_width(text) / 60);
    lxw_check(c, worksheet_set_row(ws, row, 15.0 * (double)lines + 4, NULL), "行高");
    free(comment);
}

/* The program's first list field (主要工作经历, 成员), or NULL: one has a
 * sheet of its own in the workbook. */
static const char *first_list(const ws_program *p)
{
    for (size_t f = 0; f < p->nfields; f++)
        if (p->fields[f].kind == WS_FIELD_LIST) return p->fields[f].name;
    return NULL;
}

/* Lines 1 and 2 of the 填表说明: one row per record, entries tied by the
 * key — in the words of people (候选人, 身份证号, 人) or of the program's
 * identity (工作室, 工作室名称). A program without list fields has no sheet
 * of entries to speak of. */
static void help_record_lines(const collect *c, char *first, size_t n1, char *second, size_t n2)
{
    const ws_program *p = c->p;
    int key = ws_program_key_field(p);
    bool people = ws_program_records_people(p);
    char noun[128];
    if (!people) ws_program_record_noun(p, noun, sizeof noun);
    if (people)
        snprintf(first, n1, "1. 每位候选人在「%s」表中填一行（从第2行起），不要改动第1行的表头。",
                 WS_COLLECT_MAIN_SHEET);
    else
        snprintf(first, n1, "1. 每个%s在「%s」表中填一行（从第2行起），不要改动第1行的表头。",
                 noun, WS_COLLECT_MAIN_SHEET);
    const char *list = first_list(p);
    if (!list) {
        snprintf(second, n2, "2. 每项内容填在「%s」表的一格里；一格内要分行时按 Alt+Enter。",
                 WS_COLLECT_MAIN_SHEET);
        return;
    }
    const char *keyname = key >= 0 ? p->fields[key].name : "身份证号";
    if (people)
        snprintf(second, n2, "2. %s等多段内容填在同名工作表中，每段一行，用%s对应到人。", list,
                 keyname);
    else
        snprintf(second, n2, "2. %s等多段内容填在同名工作表中，每段一行，用「%s」对应到%s。", list,
                 keyname, noun);
}

static void help_sheet(collect *c, lxw_worksheet *ws)
{
    const char *notice = c->rules ? ws_rules_notice(c->rules) : NULL;
    char title[512];
    snprintf(title, sizeof title, "%s 信息采集表%s%s%s", c->p->name, notice ? "（" : "",
             notice ? notice : "", notice ? "）" : "");
    char first[256], second[512];
    help_record_lines(c, first, sizeof first, second, sizeof second);
    const char *const lines[] = {
        first, second,
        "3. "
        "身份证号、手机、年月等列已设为文本格式，直接输入即可；年月用公历，用“.”分隔年、月，如1960."
        "01。",
        "4. 红色表头为必填项；把鼠标移到表头上可看到填写要求。填好后可用 wenshu check 检查。"};
    lxw_check(c, worksheet_write_string(ws, 0, 0, title, c->title), "填表说明");
    for (size_t i = 0; i < 4; i++)
        lxw_check(c, worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, lines[i], NULL), "填表说明");
    lxw_row_t row = 6;
    static const char *const heads[] = {"栏目", "必填", "填写要求"};
    for (int k = 0; k < 3; k++)
        lxw_check(c, worksheet_write_string(ws, row, (lxw_col_t)k, heads[k], c->table_head),
                  "填表说明");
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 1, 6, NULL);
    worksheet_set_column(ws, 2, 2, 70, NULL);
    for (size_t f = 0; f < c->p->nfields; f++)
        help_row(c, ws, ++row, (int)f);
}

void ws_xlsx_sheet_name(const char *s, char *out, size_t n)
{
    size_t o = 0, chars = 0, len = strlen(s), i = 0;
    while (i < len && chars < 31 && o + 4 < n) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        if (cp > 0 && (cp >= 128 || !strchr("[]:*?/\\'", (int)cp)))
            memcpy(out + o, s + i, k), o += k, chars++;
        i += k;
    }
    out[o] = '\0';
}

static void build(collect *c)
{
    lxw_worksheet *main = workbook_add_worksheet(c->wb, WS_COLLECT_MAIN_SHEET);
    lxw_worksheet **lists = calloc(c->p->nfields + 1, sizeof *lists);
    if (!main || !lists) {
        free(lists);
        c->st = ws_err_set(c->err, WS_ERR_NOMEM, "内存不足");
        return;
    }
    for (size_t f = 0; f < c->p->nfields; f++) {
        if (c->p->fields[f].kind != WS_FIELD_LIST) continue;
        char name[128];
        ws_xlsx_sheet_name(c->p->fields[f].name, name, sizeof name);
        lists[f] = workbook_add_worksheet(c->wb, name);
    }
    lxw_worksheet *help = workbook_add_worksheet(c->wb, WS_COLLECT_HELP_SHEET);
    c->lists = workbook_add_worksheet(c->wb, WS_COLLECT_LIST_SHEET);
    if (!help || !c->lists) c->st = ws_err_set(c->err, WS_ERR_XLSX, "无法创建工作表");
    for (size_t f = 0; f < c->p->nfields && c->st == WS_OK; f++)
        if (lists[f]) list_sheet(c, lists[f], (int)f);
    if (c->st == WS_OK) main_sheet(c, main);
    if (c->st == WS_OK) help_sheet(c, help);
    if (c->st == WS_OK) worksheet_hide(c->lists);
    worksheet_activate(main);
    free(lists);
}

ws_status ws_collect_xlsx_write(const char *path, const ws_program *p, const ws_rules *rules,
                                ws_err *err)
{
    char tmp[4096], dir[4096];
    WS_TRY(ws_xlsxwriter_open(err));
    ws_path_dir(path, dir, sizeof dir);
    if (!ws_dir_exists(dir)) /* checked here: libxlsxwriter would print its own message */
        return ws_err_set(err, WS_ERR_IO, "无法写入 %s：文件夹 %s 不存在", path, dir);
    ws_tmp_path_for(path, tmp, sizeof tmp);
    lxw_workbook_options o = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    collect c = {.p = p, .rules = rules, .err = err};
    c.wb = workbook_new_opt(tmp, &o);
    if (!c.wb) return ws_err_set(err, WS_ERR_IO, "无法创建 %s", path);
    lxw_doc_properties props = {.title = (char *)p->name,
                                .author = (char *)(p->issuer ? p->issuer : ""),
                                .comments = "wenshu init",
                                /* not the clock: the same template gives the same bytes */
                                .created = (time_t)ws_date_year_epoch(p->year)};
    workbook_set_properties(c.wb, &props);
    make_formats(&c);
    build(&c);
    errno = 0;
    lxw_error e = workbook_close(c.wb);
    int saved = errno;
    if (c.st == WS_OK && e != LXW_NO_ERROR)
        c.st = ws_err_set(err, WS_ERR_XLSX, "写入 %s 失败：%s", path,
                          ws_disk_reason(saved, lxw_strerror(e)));
    if (c.st == WS_OK) return ws_commit_tmp(tmp, path, err);
    remove(tmp);
    return c.st;
}
