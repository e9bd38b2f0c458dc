/* check/units.c - see units.h. */
#include "check/units.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fs.h"
#include "base/utf8.h"
#include "check/paper.h"
#include "check/rules_impl.h"
#include "template/program.h"

typedef struct units_run {
    const ws_sheet *s;
    ws_arena *a;
    ws_units_check *out;
    size_t cap;
    ws_err *err;
} units_run;

static const char *file_of(const units_run *u)
{
    return u->s->path ? u->s->path : "单位信息表";
}

/* Appends a finished message to the problems. */
static ws_status append(units_run *u, ws_unit_problem p)
{
    if (!p.msg) return ws_err_set(u->err, WS_ERR_NOMEM, "内存不足");
    if (u->out->n == u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 8;
        ws_unit_problem *grown = ws_arena_grow(u->a, u->out->problems, u->out->n, cap, sizeof *grown);
        if (!grown) return ws_err_set(u->err, WS_ERR_NOMEM, "内存不足");
        u->out->problems = grown;
        u->cap = cap;
    }
    u->out->problems[u->out->n++] = p;
    return WS_OK;
}

/* Appends a finished message about row (>= 1): the row may not be printed. */
static ws_status add(units_run *u, size_t row, const char *text)
{
    WS_TRY(append(u, (ws_unit_problem){row, u->s->line[row], text}));
    if (!u->out->row_error[row]) u->out->row_error[row] = text;
    return WS_OK;
}

static ws_status problem(units_run *u, size_t row, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A problem of one row: "FILE 第N行" and the formatted rest. */
static ws_status problem(units_run *u, size_t row, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return add(u, row, ws_arena_printf(u->a, "%s 第%zu行%s", file_of(u), u->s->line[row], msg));
}

static bool is_date_column(const char *header)
{
    char h[256];
    ws_normalize_label(header, strlen(header), h, sizeof h);
    size_t len = strlen(h), tail = strlen("日期");
    return len >= tail && !strcmp(h + len - tail, "日期");
}

static bool row_is_blank(const ws_sheet *s, size_t r)
{
    for (size_t c = 0; c < s->ncols; c++)
        if (s->cells[r][c][0]) return false;
    return true;
}

/* Why some character of v cannot go on paper (a control, bidi, zero-width
 * or private-use character; tabs and line breaks are fine), into msg; false
 * when none. The same words as for a record's (check/paper.c). */
static bool refused_char(const char *v, char *msg, size_t n)
{
    size_t len = strlen(v), i = 0;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(v + i, len - i, &k);
        i += k ? k : 1;
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp < 0) continue;
        if (ws_char_refused((uint32_t)cp, msg, n)) return true;
    }
    return false;
}

/* What a column of the units file holds, by its header: the documents print
 * 填报人's 手机, 联系电话, 电子邮箱 and 邮编 as they are, so they are checked as
 * a record's would be. */
typedef enum unit_column { UC_OTHER, UC_MOBILE, UC_PHONE, UC_EMAIL, UC_POSTCODE } unit_column;

static unit_column column_kind(const char *header)
{
    char h[256];
    ws_normalize_label(header, strlen(header), h, sizeof h);
    if (strstr(h, "手机")) return UC_MOBILE;
    if (strstr(h, "电话")) return UC_PHONE;
    if (strstr(h, "邮箱") || strstr(h, "邮件") || strcasestr(h, "email")) return UC_EMAIL;
    if (strstr(h, "邮编") || strstr(h, "邮政编码")) return UC_POSTCODE;
    return UC_OTHER;
}

/* The problem with value v of a column of kind k, or NULL. */
static const char *value_problem(units_run *u, unit_column k, const char *v)
{
    const char *number = NULL, *why = NULL;
    switch (k) {
    case UC_MOBILE: why = ws_phone_problem(u->a, v, true, false, &number); break;
    case UC_PHONE: why = ws_phone_problem(u->a, v, true, true, &number); break;
    case UC_EMAIL: return ws_email_problem(v);
    case UC_POSTCODE: {
        size_t n = strspn(v, "0123456789");
        return v[0] && (n != 6 || v[n]) ? "邮编应为6位半角数字" : NULL;
    }
    case UC_OTHER: return NULL;
    }
    return why ? ws_arena_printf(u->a, "「%s」%s", number, why) : NULL;
}

/* A row's own problems: reader notes, a missing unit name, characters
 * that cannot be printed, phones, e-mail, 邮编 and dates. */
static ws_status check_row(units_run *u, size_t r, int key)
{
    const ws_sheet *s = u->s;
    for (const ws_cell_note *n = s->notes; n; n = n->next)
        if (n->row == r && n->level == WS_NOTE_ERROR) {
            if (n->col >= 0 && (size_t)n->col < s->ncols)
                WS_TRY(problem(u, r, "「%s」：%s", s->cells[0][n->col], n->msg));
            else
                WS_TRY(problem(u, r, "：%s", n->msg));
        }
    char label[512];
    ws_normalize_label(s->cells[r][key], strlen(s->cells[r][key]), label, sizeof label);
    if (!label[0])
        WS_TRY(problem(u, r, "：「%s」是空的，这一行的单位信息用不上；请填写单位名称，或删去这一行",
                       s->cells[0][key]));
    for (size_t c = 0; c < s->ncols; c++) {
        const char *v = s->cells[r][c], *wrong;
        char msg[320];
        if (refused_char(v, msg, sizeof msg)) WS_TRY(problem(u, r, "「%s」：%s", s->cells[0][c], msg));
        if ((wrong = value_problem(u, column_kind(s->cells[0][c]), v)))
            WS_TRY(problem(u, r, "「%s」：%s", s->cells[0][c], wrong));
        if (!v[0] || !is_date_column(s->cells[0][c])) continue;
        ws_date d;
        ws_err why;
        if (ws_date_parse_full(v, strlen(v), &d, &why) != WS_OK)
            WS_TRY(problem(u, r, "「%s」：%s；请写成如 2020-08-05 的日期", s->cells[0][c], why.msg));
    }
    return WS_OK;
}

static int by_string(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

typedef struct keyed_row {
    const char *key; /* the unit name as a label */
    size_t row;
} keyed_row;

static int by_key_then_row(const void *pa, const void *pb)
{
    const keyed_row *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

/* The rows k[0..n) name the same unit: each gets one message naming all
 * (into dup[row]); first[] marks the first of them, where it is listed. */
static ws_status same_unit(units_run *u, const keyed_row *k, size_t n, int key, const char **dup,
                           bool *first)
{
    char rows[400] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof rows - 40; i++)
        len += (size_t)snprintf(rows + len, sizeof rows - len, "%s第%zu行",
                                i == 0 ? "" : i + 1 == n ? "和" : "、", u->s->line[k[i].row]);
    const char *text = ws_arena_printf(u->a, "%s %s都是「%s」（「%s」列）：不知道该用哪一行，请只保留一行",
                                       file_of(u), rows, u->s->cells[k[0].row][key],
                                       u->s->cells[0][key]);
    if (!text) return ws_err_set(u->err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < n; i++) dup[k[i].row] = text;
    first[k[0].row] = true;
    return WS_OK;
}

/* Units named on more than one row, a message per row into dup[] (sorted
 * by name, so a long file costs n log n). */
static ws_status find_duplicates(units_run *u, int key, const char **dup, bool *first)
{
    const ws_sheet *s = u->s;
    keyed_row *k = ws_arena_calloc(u->a, s->nrows ? s->nrows : 1, sizeof *k);
    if (!k) return ws_err_set(u->err, WS_ERR_NOMEM, "内存不足");
    size_t n = 0;
    for (size_t r = 1; r < s->nrows; r++) {
        const char *v = s->cells[r][key];
        char label[512];
        ws_normalize_label(v, strlen(v), label, sizeof label);
        if (!label[0]) continue; /* no name: check_row says so */
        if (!(k[n].key = ws_arena_strdup(u->a, label))) return ws_err_set(u->err, WS_ERR_NOMEM, "内存不足");
        k[n++].row = r;
    }
    qsort(k, n, sizeof *k, by_key_then_row);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !strcmp(k[j].key, k[i].key)) j++;
        if (j - i > 1) WS_TRY(same_unit(u, k + i, j - i, key, dup, first));
        i = j;
    }
    return WS_OK;
}

ws_status ws_units_check_sheet(const ws_sheet *units, int key_col, ws_arena *arena,
                               ws_units_check *out, ws_err *err)
{
    *out = (ws_units_check){0};
    units_run u = {units, arena, out, 0, err};
    size_t rows = units->nrows ? units->nrows : 1;
    out->row_error = ws_arena_calloc(arena, rows, sizeof *out->row_error);
    const char **dup = ws_arena_calloc(arena, rows, sizeof *dup);
    bool *first = ws_arena_calloc(arena, rows, sizeof *first);
    if (!out->row_error || !dup || !first) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (key_col < 0 || (size_t)key_col >= units->ncols) return WS_OK;
    WS_TRY(find_duplicates(&u, key_col, dup, first));
    for (size_t r = 1; r < units->nrows; r++) { /* problems in row order */
        if (dup[r] && first[r]) WS_TRY(add(&u, r, dup[r])); /* listed once, at its first row */
        else if (dup[r]) out->row_error[r] = dup[r];
        if (!row_is_blank(units, r)) WS_TRY(check_row(&u, r, key_col));
    }
    return WS_OK;
}

static bool same_label(const char *a, const char *b)
{
    char x[512], y[512];
    ws_normalize_label(a, strlen(a), x, sizeof x);
    ws_normalize_label(b, strlen(b), y, sizeof y);
    return !strcmp(x, y);
}

size_t ws_units_row(const ws_sheet *units, int key_col, const char *unit)
{
    if (key_col < 0 || (size_t)key_col >= units->ncols) return 0;
    for (size_t r = 1; r < units->nrows; r++)
        if (same_label(units->cells[r][key_col], unit)) return r;
    return 0;
}

int ws_units_column(const ws_sheet *units, const char *name)
{
    int found = -1;
    for (size_t c = 0; units->nrows && c < units->ncols; c++)
        if (same_label(units->cells[0][c], name)) found = (int)c;
    return found;
}

/* The distinct unit names of used[0..n) as labels, sorted; *count of them. */
static const char **distinct_labels(const char *const *used, size_t n, ws_arena *a, size_t *count)
{
    const char **labels = ws_arena_calloc(a, n ? n : 1, sizeof *labels);
    if (!labels) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char label[512];
        ws_normalize_label(used[i], strlen(used[i]), label, sizeof label);
        if (label[0] && !(labels[k++] = ws_arena_strdup(a, label))) return NULL;
    }
    qsort(labels, k, sizeof *labels, by_string);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (!m || strcmp(labels[m - 1], labels[i])) labels[m++] = labels[i];
    *count = m;
    return labels;
}

/* Whether the reader refused cell (r, c) (its own message says so). */
static bool refused_cell(const ws_sheet *s, size_t r, int c)
{
    for (const ws_cell_note *n = s->notes; n; n = n->next)
        if (n->row == r && n->col == c && n->level == WS_NOTE_ERROR) return true;
    return false;
}

/* A unit the records name with no row of its own. */
static ws_status missing_unit(units_run *u, const char *unit, int key, const char *docs)
{
    int shown = (int)ws_utf8_clip(unit, 60);
    const char *text = ws_arena_printf(
        u->a, "%s 没有「%s」为「%.*s%s」的一行（记录里有这个%s）：%s要印出这个单位的落款等信息，"
              "不能空着印出，这些文档不会生成；请在单位信息表中补上这一行",
        file_of(u), u->s->cells[0][key], shown, unit, unit[shown] ? "…" : "",
        u->s->cells[0][key], docs);
    size_t n = u->out->nmissing;
    const char **units = ws_arena_grow(u->a, u->out->missing, n, n + 1, sizeof *units);
    const char **msgs = units ? ws_arena_grow(u->a, u->out->missing_msg, n, n + 1, sizeof *msgs) : NULL;
    if (!text || !msgs) return ws_err_set(u->err, WS_ERR_NOMEM, "内存不足");
    units[n] = unit;
    msgs[n] = text;
    u->out->missing = units;
    u->out->missing_msg = msgs;
    u->out->nmissing = n + 1;
    return append(u, (ws_unit_problem){0, 0, text});
}

/* A column of the 落款 a letter is signed and stamped under: the signing
 * unit (落款单位) or a date (推荐日期). Other columns may be left empty on
 * purpose (an optional 说明 before a paragraph). */
static bool is_signature_column(const char *header)
{
    char h[256];
    ws_normalize_label(header, strlen(header), h, sizeof h);
    return strstr(h, "落款") || is_date_column(header);
}

static bool blank(const char *v)
{
    char label[512];
    ws_normalize_label(v, strlen(v), label, sizeof label);
    return !label[0];
}

/* A 落款 cell of a unit's row left empty, that docs print. */
static ws_status empty_cell(units_run *u, size_t r, const char *key, const char *docs)
{
    const char *text = ws_arena_printf(u->a, "%s 第%zu行「%s」是空的，而%s要印出它；请填写",
                                       file_of(u), u->s->line[r], key, docs);
    size_t n = u->out->nempty;
    ws_unit_problem *cells = ws_arena_grow(u->a, u->out->empty, n, n + 1, sizeof *cells);
    const char **keys = cells ? ws_arena_grow(u->a, u->out->empty_key, n, n + 1, sizeof *keys) : NULL;
    if (!text || !keys) return ws_err_set(u->err, WS_ERR_NOMEM, "内存不足");
    cells[n] = (ws_unit_problem){r, u->s->line[r], text};
    keys[n] = key;
    u->out->empty = cells;
    u->out->empty_key = keys;
    u->out->nempty = n + 1;
    return append(u, cells[n]);
}

ws_status ws_units_check_used(const ws_sheet *units, int key_col, const char *const *used,
                              size_t nused, const char *const *keys, const char *const *docs,
                              size_t nkeys, const char *all_docs, ws_arena *arena,
                              ws_units_check *out, ws_err *err)
{
    if (!nkeys || key_col < 0 || (size_t)key_col >= units->ncols || !out->row_error) return WS_OK;
    units_run u = {units, arena, out, out->n, err};
    size_t n;
    const char **labels = distinct_labels(used, nused, arena, &n);
    if (!labels) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t r = 1; r < units->nrows; r++) { /* the named units' rows, in row order */
        char label[512];
        ws_normalize_label(units->cells[r][key_col], strlen(units->cells[r][key_col]), label,
                           sizeof label);
        if (!label[0] || !bsearch(&(const char *){label}, labels, n, sizeof *labels, by_string))
            continue;
        for (size_t k = 0; k < nkeys; k++) {
            int c = ws_units_column(units, keys[k]);
            if (c >= 0 && is_signature_column(keys[k]) && blank(units->cells[r][c]) &&
                !refused_cell(units, r, c))
                WS_TRY(empty_cell(&u, r, keys[k], docs[k]));
        }
    }
    for (size_t i = 0; i < n; i++) /* then the units with no row */
        if (!ws_units_row(units, key_col, labels[i]))
            WS_TRY(missing_unit(&u, labels[i], key_col, all_docs));
    return WS_OK;
}

const char *ws_units_empty(const ws_units_check *c, size_t row, const char *key)
{
    for (size_t i = 0; c && i < c->nempty; i++)
        if (c->empty[i].row == row && same_label(c->empty_key[i], key)) return c->empty[i].msg;
    return NULL;
}

const char WS_UNITS_ABSENT[] =
    "没有单位信息表（记录表旁的 units.csv 或 units.xlsx，或用 --units 指定）：这份文件要印出"
    "推荐单位的落款等信息，不能空着印出，不会生成；请提供单位信息表";

ws_status ws_units_check_absent(const char *path, const char *docs, ws_arena *arena,
                                ws_units_check *out, ws_err *err)
{
    *out = (ws_units_check){0};
    const char *text = ws_arena_printf(
        arena, "找不到单位信息表 %s（或 units.xlsx、推荐单位.csv、推荐单位.xlsx，或用 --units 指定）：%s"
               "要印出推荐单位的落款等信息，不能空着印出，这些文档不会生成；请把单位信息表放在记录表旁边",
        path, docs);
    out->problems = ws_arena_alloc(arena, sizeof *out->problems);
    if (!text || !out->problems) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    out->problems[0] = (ws_unit_problem){0, 0, text};
    out->n = 1;
    return WS_OK;
}

const char *ws_units_missing(const ws_units_check *c, const char *unit)
{
    for (size_t i = 0; c && i < c->nmissing; i++)
        if (same_label(c->missing[i], unit)) return c->missing_msg[i];
    return NULL;
}

ws_status ws_units_load(const char *path, const char *key, ws_arena *arena, ws_sheet **out,
                        int *key_col, ws_err *err)
{
    ws_sheet *sheet;
    ws_err why;
    if (ws_open_regular(path, NULL, NULL, &why) != WS_OK) /* a FIFO would block the reader */
        return ws_err_set(err, WS_ERR_INPUT, "单位信息表 %s %s", path, why.msg);
    WS_TRY(ws_sheet_read(path, NULL, arena, &sheet, err));
    *key_col = ws_units_column(sheet, key);
    if (*key_col < 0) return ws_err_set(err, WS_ERR_INPUT, "%s：第1行没有「%s」列", path, key);
    *out = sheet;
    return WS_OK;
}
