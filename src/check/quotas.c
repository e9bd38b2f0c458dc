/* check/quotas.c - the units file, and the rules that look at all records
 * at once: unique (the same 身份证号 twice) and quota (推荐名额).
 *
 * Both go through the records in input order (file by file), so the
 * finding lands on the later row: the first person a unit listed keeps the
 * place, the 4th of a quota of 3 is the one flagged. */
#include "check/quotas.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "check/rules_impl.h"
#include "input/sheet.h"

/* --- the units file ------------------------------------------------------------ */

static void norm(const char *s, char *out, size_t n)
{
    ws_normalize_label(s, strlen(s), out, n);
}

static int find_header(const ws_sheet *s, const char *name)
{
    char want[256], have[256];
    norm(name, want, sizeof want);
    for (size_t c = 0; c < s->ncols; c++) {
        norm(s->cells[0][c], have, sizeof have);
        if (!strcmp(want, have)) return (int)c;
    }
    return -1;
}

static const char *trimmed(ws_arena *a, const char *s)
{
    size_t len;
    const char *t = ws_utf8_trim(s, strlen(s), &len);
    return ws_arena_strndup(a, t, len);
}

static bool is_total_row(const char *unit)
{
    return strstr(unit, "合计") || strstr(unit, "总计") || strstr(unit, "小计");
}

static ws_status alloc_table(ws_quota_table *t, const ws_sheet *s, ws_arena *a, ws_err *err)
{
    size_t n = s->nrows ? s->nrows - 1 : 0;
    t->units = ws_arena_calloc(a, n + 1, sizeof *t->units);
    t->seq = ws_arena_calloc(a, n + 1, sizeof *t->seq);
    t->lines = ws_arena_calloc(a, n + 1, sizeof *t->lines);
    t->values = ws_arena_calloc(a, n + 1, sizeof *t->values);
    t->cols = ws_arena_calloc(a, s->ncols + 1, sizeof *t->cols);
    if (!t->units || !t->seq || !t->lines || !t->values || !t->cols)
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

static ws_status read_rows(ws_quota_table *t, const ws_sheet *s, int unit_col, int seq_col,
                           ws_arena *a, ws_err *err)
{
    for (size_t r = 1; r < s->nrows; r++) {
        const char *unit = trimmed(a, s->cells[r][unit_col]);
        if (!unit) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        if (!unit[0])
            return ws_err_set(err, WS_ERR_TEMPLATE, "%s 第%zu行：推荐单位为空", t->path,
                              s->line[r]);
        if (is_total_row(unit))
            return ws_err_set(err, WS_ERR_TEMPLATE, "%s 第%zu行：不要写「%s」行，合计由程序计算",
                              t->path, s->line[r], unit);
        if (ws_quota_table_unit(t, unit) >= 0)
            return ws_err_set(err, WS_ERR_TEMPLATE, "%s 第%zu行：推荐单位「%s」重复", t->path,
                              s->line[r], unit);
        size_t u = t->nunits;
        t->units[u] = unit;
        t->seq[u] = seq_col >= 0 ? trimmed(a, s->cells[r][seq_col]) : "";
        t->lines[u] = s->line[r];
        t->values[u] = ws_arena_calloc(a, t->ncols + 1, sizeof **t->values);
        if (!t->seq[u] || !t->values[u]) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        for (size_t c = 0, k = 0; c < s->ncols; c++) {
            if ((int)c == unit_col || (int)c == seq_col || !s->cells[0][c][0]) continue;
            if (!(t->values[u][k++] = trimmed(a, s->cells[r][c])))
                return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        }
        t->nunits++;
    }
    return WS_OK;
}

ws_status ws_quota_table_load(const char *path, ws_arena *arena, ws_quota_table **out, ws_err *err)
{
    ws_sheet *s;
    WS_TRY(ws_csv_read(path, arena, &s, err));
    ws_quota_table *t = ws_arena_calloc(arena, 1, sizeof *t);
    if (!t || !(t->path = ws_arena_strdup(arena, path)))
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    int unit_col = s->nrows ? find_header(s, WS_QUOTA_UNIT_COLUMN) : -1;
    if (unit_col < 0)
        return ws_err_set(err, WS_ERR_TEMPLATE, "%s：第1行表头中没有「%s」列", path,
                          WS_QUOTA_UNIT_COLUMN);
    int seq_col = find_header(s, WS_QUOTA_SEQ_COLUMN);
    WS_TRY(alloc_table(t, s, arena, err));
    for (size_t c = 0; c < s->ncols; c++)
        if ((int)c != unit_col && (int)c != seq_col && s->cells[0][c][0])
            t->cols[t->ncols++] = s->cells[0][c];
    WS_TRY(read_rows(t, s, unit_col, seq_col, arena, err));
    *out = t;
    return WS_OK;
}

int ws_quota_table_unit(const ws_quota_table *t, const char *unit)
{
    char want[256], have[256];
    norm(unit, want, sizeof want);
    for (size_t u = 0; u < t->nunits; u++) {
        norm(t->units[u], have, sizeof have);
        if (!strcmp(want, have)) return (int)u;
    }
    return -1;
}

int ws_quota_table_col(const ws_quota_table *t, const char *name)
{
    char want[256], have[256];
    norm(name, want, sizeof want);
    for (size_t c = 0; c < t->ncols; c++) {
        norm(t->cols[c], have, sizeof have);
        if (!strcmp(want, have)) return (int)c;
    }
    return -1;
}

int ws_quota_table_count(const ws_quota_table *t, size_t unit, size_t col)
{
    const char *s = t->values[unit][col];
    if (!s[0] || strlen(s) > 6) return -1;
    int v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* --- unique ------------------------------------------------------------------------ */

typedef struct occ {
    const char *key;
    size_t file, record, order;
} occ;

static int cmp_occ(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The key as compared: trimmed, ASCII letters upper-cased. */
static char *unique_key(ws_arena *a, const char *v)
{
    char *k = (char *)trimmed(a, v);
    for (char *c = k; k && *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    return k;
}

static const char *where(check_run *run, size_t file, size_t cur_file, size_t record)
{
    const ws_records_file *f = run->files[file];
    size_t line = f->rs->records[record].line;
    if (file == cur_file) return ws_arena_printf(run->arena, "第%zu行", line);
    return ws_arena_printf(run->arena, "%s 第%zu行", f->path, line);
}

/* Reports o against the first earlier occurrence the rule cares about. */
static void unique_pair(check_run *run, const ws_rule *r, const occ *group, size_t i)
{
    const occ *o = &group[i];
    for (size_t j = 0; j < i; j++) {
        const occ *e = &group[j];
        const char *ow = r->within >= 0 ? ws_run_value(run, o->file, o->record, r->within) : "";
        const char *ew = r->within >= 0 ? ws_run_value(run, e->file, e->record, r->within) : "";
        const char *oa = r->across >= 0 ? ws_run_value(run, o->file, o->record, r->across) : "";
        const char *ea = r->across >= 0 ? ws_run_value(run, e->file, e->record, r->across) : "";
        if (strcmp(ow, ew) != 0 || (r->across >= 0 && strcmp(oa, ea) == 0)) continue;
        finding_at at = {o->file, o->record, r->fields[0], -1, -1};
        const char *other = where(run, e->file, o->file, e->record);
        const char *value = ws_run_value(run, o->file, o->record, r->fields[0]);
        const ws_field_def *fd = run->rules->program->fields;
        if (r->across >= 0)
            ws_run_report(run, r, at, value, "与%s为同一人，但%s不同（%s／%s）", other,
                          fd[r->across].name, ea, oa);
        else if (r->within >= 0)
            ws_run_report(run, r, at, value, "与%s重复（%s均为%s）", other, fd[r->within].name, ow);
        else
            ws_run_report(run, r, at, value, "与%s重复", other);
        return;
    }
}

void ws_check_unique(check_run *run, const ws_rule *r)
{
    size_t total = 0;
    for (size_t f = 0; f < run->nfiles; f++)
        total += run->files[f]->rs->n;
    occ *v = ws_arena_calloc(run->arena, total + 1, sizeof *v);
    if (!v) {
        run->nomem = true;
        return;
    }
    size_t n = 0;
    for (size_t f = 0; f < run->nfiles; f++) {
        const ws_recordset *rs = run->files[f]->rs;
        for (size_t i = 0; i < rs->n; i++) {
            if (!ws_rule_applies(r, &rs->records[i])) continue;
            char *k = unique_key(run->arena, rs->records[i].values[r->fields[0]]);
            if (!k) {
                run->nomem = true;
                return;
            }
            if (k[0]) v[n] = (occ){k, f, i, n}, n++;
        }
    }
    qsort(v, n, sizeof *v, cmp_occ);
    for (size_t s = 0, e; s < n; s = e) {
        for (e = s + 1; e < n && !strcmp(v[e].key, v[s].key); e++)
            continue;
        for (size_t i = 1; i < e - s; i++)
            unique_pair(run, r, v + s, i);
    }
}

/* --- quota --------------------------------------------------------------------------- */

typedef struct unit_count {
    char key[256]; /* normalised name */
    int table;     /* index in the table, -1 */
    int total;
    int *by_level; /* per choice of level_field */
} unit_count;

typedef struct quota_state {
    check_run *run;
    const ws_rule *r;
    unit_count *units;
    size_t n;
    size_t nlevels;
} quota_state;

static unit_count *unit_of(quota_state *q, const char *unit)
{
    char key[256];
    norm(unit, key, sizeof key);
    for (size_t i = 0; i < q->n; i++)
        if (!strcmp(q->units[i].key, key)) return &q->units[i];
    unit_count *v = ws_arena_grow(q->run->arena, q->units, q->n, q->n + 1, sizeof *v);
    int *levels = ws_arena_calloc(q->run->arena, q->nlevels + 1, sizeof *levels);
    if (!v || !levels) return NULL;
    q->units = v;
    unit_count *u = &v[q->n++];
    memcpy(u->key, key, sizeof key);
    u->table = q->r->quota ? ws_quota_table_unit(q->r->quota, unit) : -1;
    u->total = 0;
    u->by_level = levels;
    return u;
}

static int category_cap(const ws_rule *r, int unit)
{
    int c = ws_quota_table_col(r->quota, r->category_column);
    const char *cat = r->quota->values[unit][c];
    for (size_t k = 0; k < r->ncats; k++)
        if (!strcmp(r->cat_names[k], cat)) return r->cat_caps[k];
    return -1;
}

static void over(quota_state *q, finding_at at, const char *unit, const char *what, int count,
                 int cap)
{
    ws_run_report(q->run, q->r, at, unit, "%s推荐%s已达%d人，超过名额%d人", unit, what, count, cap);
}

/* Counts one record and reports when a cap is passed. */
static void quota_record(quota_state *q, size_t file, size_t record)
{
    const ws_rule *r = q->r;
    const char *unit = ws_run_value(q->run, file, record, r->unit_field);
    if (!unit[0]) return;
    unit_count *u = unit_of(q, unit);
    if (!u) {
        q->run->nomem = true;
        return;
    }
    finding_at at = {file, record, r->unit_field, -1, -1};
    if (r->quota && u->table < 0 && !r->unknown_ignore) {
        ws_run_report_as(q->run, r->unknown_level, r->id, r->words, at, unit,
                         "「%s」不在名额表（%s）的推荐单位中", unit, r->quota->path);
    }
    u->total++;
    const ws_field_def *lf =
        r->level_field >= 0 ? &q->run->rules->program->fields[r->level_field] : NULL;
    const char *level = lf ? ws_run_value(q->run, file, record, r->level_field) : "";
    for (size_t k = 0; lf && k < lf->nchoices; k++) {
        if (strcmp(lf->choices[k], level)) continue;
        int n = ++u->by_level[k];
        int col = u->table >= 0 ? ws_quota_table_col(r->quota, level) : -1;
        int cap = col >= 0 ? ws_quota_table_count(r->quota, (size_t)u->table, (size_t)col) : -1;
        if (cap >= 0 && n > cap) over(q, at, unit, level, n, cap);
    }
    int cap = -1;
    if (u->table >= 0 && r->cap_column)
        cap = ws_quota_table_count(r->quota, (size_t)u->table,
                                   (size_t)ws_quota_table_col(r->quota, r->cap_column));
    if (u->table >= 0 && r->category_column) {
        int c = category_cap(r, u->table);
        if (c >= 0 && (cap < 0 || c < cap)) cap = c;
    }
    if (r->max_per_unit > 0 && (cap < 0 || r->max_per_unit < cap)) cap = r->max_per_unit;
    if (cap >= 0 && u->total > cap) over(q, at, unit, "人选", u->total, cap);
}

void ws_check_quota(check_run *run, const ws_rule *r)
{
    if (r->nlimits) {
        ws_check_quota_by_attribute(run, r);
        return;
    }
    quota_state q = {run, r, NULL, 0, 0};
    if (r->level_field >= 0) q.nlevels = run->rules->program->fields[r->level_field].nchoices;
    for (size_t f = 0; f < run->nfiles; f++) {
        const ws_recordset *rs = run->files[f]->rs;
        for (size_t i = 0; i < rs->n && !run->nomem; i++)
            if (ws_rule_applies(r, &rs->records[i])) quota_record(&q, f, i);
    }
}
