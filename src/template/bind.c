/* template/bind.c - see bind.h. */
#include "template/bind.h"
#include "template/docset.h"

#include <stdio.h>
#include <string.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"

static ws_status map_columns(const ws_program *p, const ws_sheet *sh, ws_recordset *rs,
                             ws_arena *a, ws_err *err)
{
    rs->column_of_field = ws_arena_alloc(a, (p->nfields ? p->nfields : 1) * sizeof(int));
    rs->unknown = ws_arena_calloc(a, sh->ncols ? sh->ncols : 1, sizeof *rs->unknown);
    if (!rs->column_of_field || !rs->unknown) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t f = 0; f < p->nfields; f++) rs->column_of_field[f] = -1;
    for (size_t c = 0; c < sh->ncols; c++) {
        const char *h = sh->cells[0][c];
        if (!h[0]) continue;
        int f = ws_program_field(p, h, strlen(h));
        if (f < 0) {
            rs->unknown[rs->nunknown++] = h;
            continue;
        }
        if (rs->column_of_field[f] >= 0)
            return ws_err_set(err, WS_ERR_INPUT, "%s：第 %d 列和第 %zu 列都是「%s」，请删除其中一列",
                              sh->path, rs->column_of_field[f] + 1, c + 1, p->fields[f].name);
        rs->column_of_field[f] = (int)c;
    }
    ws_buf missing = WS_BUF_INIT;
    for (size_t f = 0; f < p->nfields; f++) {
        if (!p->fields[f].required || rs->column_of_field[f] >= 0) continue;
        ws_buf_printf(&missing, "%s「%s」", missing.len ? "、" : "", p->fields[f].name);
    }
    ws_status st = WS_OK;
    if (missing.len)
        st = ws_err_set(err, WS_ERR_INPUT, "%s：缺少必需的列 %s（第%zu行表头中找不到）", sh->path,
                        missing.p, sh->nrows ? sh->line[0] : (size_t)1);
    ws_buf_free(&missing);
    return st;
}

static const char *note_text(const ws_sheet *sh, const ws_cell_note *n, ws_arena *a)
{
    if (n->col >= 0 && (size_t)n->col < sh->ncols)
        return ws_arena_printf(a, "「%s」：%s", sh->cells[0][n->col], n->msg);
    return n->msg;
}

static bool add_warning(ws_record *r, const char *msg, ws_arena *a)
{
    const char **w = ws_arena_grow(a, r->warnings, r->nwarnings, r->nwarnings + 1, sizeof *w);
    if (!w) return false;
    w[r->nwarnings++] = msg;
    r->warnings = w;
    return true;
}

bool ws_note_counts(const ws_program *p, const ws_recordset *rs, const ws_cell_note *n)
{
    if (n->level != WS_NOTE_ERROR || n->col < 0 || n->row == 0) return true;
    for (size_t f = 0; f < p->nfields; f++)
        if (rs->column_of_field[f] == n->col) return true;
    return false;
}

/* The reader's notes on this row, and cells that do not match the header:
 * more cells than the header means the row's columns have shifted (an
 * unquoted comma), so the record is not used; fewer is kept with a warning. */
static ws_status row_problems(const ws_program *p, const ws_recordset *rs, const ws_sheet *sh,
                              size_t row, ws_record *r, ws_arena *a, ws_err *err)
{
    for (const ws_cell_note *n = sh->notes; n; n = n->next) {
        if (n->row != row || !ws_note_counts(p, rs, n)) continue;
        const char *msg = note_text(sh, n, a);
        if (!msg) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        if (n->level == WS_NOTE_ERROR && !r->error) r->error = msg;
        else if (n->level == WS_NOTE_WARNING && !add_warning(r, msg, a))
            return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    size_t have = sh->row_ncols[row];
    if (have > sh->ncols && !r->error) {
        r->error = ws_arena_printf(a, "这一行有 %zu 个单元格，比表头的 %zu 列多，"
                                   "可能有未加引号的逗号使各列错位", have, sh->ncols);
    } else if (have < sh->ncols && have > 0 && !sh->name) { /* CSV only: XLSX omits empty cells */
        const char *w = ws_arena_printf(a, "这一行只有 %zu 个单元格，表头有 %zu 列，"
                                        "缺少的按空白处理", have, sh->ncols);
        if (!w || !add_warning(r, w, a)) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    return WS_OK;
}

/* Cells the reader refused (an ID that lost digits, #DIV/0!, an ambiguous
 * 2018.1): the record already has the error; the value is withheld too, so
 * that no path (build --force, a shared document) can print it. */
static ws_status withhold_refused(const ws_program *p, const ws_sheet *sh, const ws_recordset *rs,
                                  ws_record *r, size_t row, ws_arena *a, ws_err *err)
{
    bool *withheld = NULL;
    for (const ws_cell_note *n = sh->notes; n; n = n->next) {
        if (n->row != row || n->level != WS_NOTE_ERROR || n->col < 0) continue;
        for (size_t f = 0; f < p->nfields; f++) {
            if (rs->column_of_field[f] != n->col) continue;
            if (!withheld && !(withheld = ws_arena_calloc(a, p->nfields, sizeof *withheld)))
                return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
            withheld[f] = true;
            r->values[f] = "";
        }
    }
    if (withheld) r->withheld = withheld;
    return WS_OK;
}

/* A value's line ends as line feeds: CR LF and a bare CR (an old Mac's line
 * end, pasted into a cell) end a line, as in Excel; list entries and
 * paragraphs are split at line feeds only. */
static const char *line_feeds(const char *s, size_t len, ws_arena *arena)
{
    char *out = ws_arena_alloc(arena, len + 1);
    if (!out) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\r') out[n++] = s[i];
        else if (i + 1 == len || s[i + 1] != '\n') out[n++] = '\n';
    }
    out[n] = '\0';
    return out;
}

ws_status ws_records_bind(const ws_program *p, const ws_sheet *sheet, ws_arena *arena,
                          ws_recordset **out, ws_err *err)
{
    ws_recordset *rs = ws_arena_calloc(arena, 1, sizeof *rs);
    if (!rs) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    rs->program = p;
    rs->sheet = sheet;
    rs->path = sheet->path;
    char dir[4096];
    ws_path_dir(sheet->path, dir, sizeof dir);
    rs->base_dir = ws_arena_strdup(arena, dir);
    WS_TRY(map_columns(p, sheet, rs, arena, err));
    rs->n = sheet->nrows ? sheet->nrows - 1 : 0;
    rs->records = ws_arena_calloc(arena, rs->n ? rs->n : 1, sizeof *rs->records);
    if (!rs->records) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < rs->n; i++) {
        ws_record *r = &rs->records[i];
        r->index = i;
        r->line = sheet->line[i + 1];
        WS_TRY(row_problems(p, rs, sheet, i + 1, r, arena, err));
        r->values = ws_arena_calloc(arena, p->nfields ? p->nfields : 1, sizeof *r->values);
        if (!r->values) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        for (size_t f = 0; f < p->nfields; f++) {
            int c = rs->column_of_field[f];
            const char *v = c >= 0 ? sheet->cells[i + 1][c] : "";
            size_t len, vlen = strlen(v);
            const char *t = ws_utf8_trim(v, vlen, &len);
            /* the sheet's own cell when nothing is trimmed off its end (the sheet
             * lives as long as the records): 10,000 records were 21 MB of copies */
            r->values[f] = t + len == v + vlen ? t : ws_arena_strndup(arena, t, len);
            if (r->values[f] && memchr(t, '\r', len)) r->values[f] = line_feeds(t, len, arena);
            if (!r->values[f]) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        }
        WS_TRY(withhold_refused(p, sheet, rs, r, i + 1, arena, err));
    }
    *out = rs;
    return WS_OK;
}

/* --- list values ----------------------------------------------------------------- */

/* Next column separator: '|', '\t' or U+FF5C '｜'; returns its length or 0. */
static size_t separator_at(const char *s, size_t len)
{
    if (s[0] == '|' || s[0] == '\t') return 1;
    if (len >= 3 && memcmp(s, "\xef\xbd\x9c", 3) == 0) return 3;
    return 0;
}

static ws_entry split_entry(const char *line, size_t len, ws_arena *a)
{
    ws_entry e = {NULL, 0};
    size_t n = 1;
    for (size_t i = 0; i < len; i++) n += separator_at(line + i, len - i) > 0;
    e.cols = ws_arena_calloc(a, n, sizeof *e.cols);
    if (!e.cols) return e;
    size_t start = 0, i = 0;
    while (i <= len) {
        size_t sep = i < len ? separator_at(line + i, len - i) : 1;
        if (!sep) {
            i++;
            continue;
        }
        size_t tl;
        const char *t = ws_utf8_trim(line + start, i - start, &tl);
        e.cols[e.n++] = ws_arena_strndup(a, t, tl);
        i += sep;
        start = i;
    }
    return e;
}

size_t ws_list_entries(const char *value, ws_arena *arena, ws_entry **out)
{
    size_t lines = 1;
    for (const char *c = value; *c; c++) lines += *c == '\n';
    ws_entry *v = ws_arena_calloc(arena, lines, sizeof *v);
    if (!v) return 0;
    size_t n = 0;
    const char *s = value;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        size_t tl;
        const char *t = ws_utf8_trim(s, len, &tl);
        if (tl) v[n++] = split_entry(t, tl, arena);
        s += len + (nl ? 1 : 0);
    }
    *out = v;
    return n;
}

/* --- scopes ----------------------------------------------------------------------- */

static const char *field_value(void *user, int field)
{
    const ws_bound *b = user;
    if (!b->record || field < 0 || (size_t)field >= b->program->nfields) return "";
    return b->record->values[field];
}

static const char *item_value(void *user, int column)
{
    const ws_bound *b = user;
    if (!b->item || column < 0 || (size_t)column >= b->item->n) return "";
    return b->item->cols[column];
}

static const char *program_value(void *user, const char *key, size_t len)
{
    const ws_bound *b = user;
    return ws_program_text(b->program, key, len);
}

static const char *unit_value(void *user, const char *key, size_t len)
{
    const ws_bound *b = user;
    for (size_t i = 0; i < b->nunit; i++)
        if (strlen(b->unit_keys[i]) == len && memcmp(b->unit_keys[i], key, len) == 0)
            return b->unit_values[i];
    return "";
}

/* {{rule.ID}}: the mark of a prefer rule the record meets, else "". */
static const char *rule_mark(void *user, const char *key, size_t len)
{
    const ws_bound *b = user;
    for (size_t i = 0; b->record && i < b->record->nmarks; i++)
        if (strlen(b->record->marks[i].rule) == len && !memcmp(b->record->marks[i].rule, key, len))
            return b->record->marks[i].text;
    return "";
}

static bool key_is(const char *key, size_t len, const char *want)
{
    return strlen(want) == len && memcmp(key, want, len) == 0;
}

static const char *var_value(void *user, const char *key, size_t len)
{
    ws_bound *b = user;
    const ws_doc_set *s = b->set;
    if (!s) return "";
    char *num = b->var_buf;
    size_t cap = sizeof b->var_buf;
    if (key_is(key, len, "count")) {
        snprintf(num, cap, "%zu", s->n);
        return num;
    }
    if (key_is(key, len, "unit")) return s->unit ? s->unit : "";
    if (b->group && key_is(key, len, "group")) return b->group->value ? b->group->value : "";
    if (b->group && key_is(key, len, "group_count")) {
        snprintf(num, cap, "%zu", b->group->n);
        return num;
    }
    if (b->group && key_is(key, len, "group_index")) {
        snprintf(num, cap, "%zu", b->group_index + 1);
        return num;
    }
    if (len > 4 && memcmp(key, "sum.", 4) == 0 && s->quotas) {
        long sum = ws_data_table_sum(s->quotas, key + 4, len - 4);
        if (sum >= 0) {
            snprintf(num, cap, "%ld", sum);
            return num;
        }
    }
    const char *v = ws_doc_set_var(s, key, len);
    return v ? v : "";
}

size_t ws_bound_groups(const ws_bound *b)
{
    return b->set && b->set->ngroups > 1 ? b->set->ngroups : 1;
}

void ws_bound_scope(ws_bound *b, ws_tpl_scope *scope)
{
    *scope = (ws_tpl_scope){.user = b,
                            .field = field_value,
                            .item = item_value,
                            .program = program_value,
                            .unit = unit_value,
                            .var = var_value,
                            .rule = rule_mark,
                            .seq = b->seq};
}

const char *ws_record_identity(const ws_program *p, const ws_record *rec, ws_arena *arena)
{
    if (!p->identity_tpl) return p->identity_field >= 0 ? rec->values[p->identity_field] : "";
    ws_bound b = {.program = p, .record = rec};
    ws_tpl_scope scope;
    ws_bound_scope(&b, &scope);
    return ws_tpl_expand(p->identity_tpl, &scope, arena);
}
