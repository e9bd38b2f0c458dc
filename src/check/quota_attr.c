/* check/quota_attr.c - quotas keyed by a unit attribute (kind quota with
 * unit_attribute: and limits:, docs/rules.md).
 *
 * Notices cap places by the kind of unit rather than unit by unit: 县市区
 * 每类不超过5人，市直部门不超过3人，驻市单位推荐1–2人. The kind (单位类型) is
 * a column of the units file, where a clerk keeps it with the other unit
 * details, or a field of the records. Records are counted in input order per
 * unit and category, as the quota tables are (quotas.c): the record that
 * goes over a maximum carries the finding. A minimum can only be judged once
 * everything is counted, and no one record is wrong, so a shortfall is a
 * finding about the file. A unit whose attribute cannot be found is never
 * let through unchecked: each of its records says why. */
#include <string.h>

#include "base/utf8.h"
#include "check/rules_impl.h"
#include "check/units.h"

typedef struct attr_unit {
    char key[256];       /* the unit's name as a label */
    const char *name;    /* as its first record writes it */
    const char *attr;    /* the attribute's value; NULL when it cannot be found */
    const char *why;     /* then why, for each of its records */
    size_t file, record; /* its first record */
    int *counts;         /* per category of level_field, or [0]: all records */
} attr_unit;

typedef struct attr_state {
    check_run *run;
    const ws_rule *r;
    const ws_sheet *units; /* NULL when the attribute is a record field */
    int attr_col;
    attr_unit *v;
    size_t n;
    size_t ncats; /* level_field's choices, or 1 */
} attr_state;

static bool same_label(const char *a, const char *b)
{
    char x[256], y[256];
    ws_normalize_label(a, strlen(a), x, sizeof x);
    ws_normalize_label(b, strlen(b), y, sizeof y);
    return !strcmp(x, y);
}

static const char *attr_name(const attr_state *q)
{
    const ws_rule *r = q->r;
    return r->attr_field >= 0 ? q->run->rules->program->fields[r->attr_field].name : r->attr_column;
}

/* The units file and its attribute column; a file-level finding when either
 * is missing (every count would be a guess). */
static bool find_units_column(attr_state *q)
{
    const ws_check_ctx *ctx = q->run->ctx;
    finding_at at = {0, WS_NO_RECORD, -1, -1, -1};
    if (!ctx->units) {
        ws_run_report(q->run, q->r, at, "",
                      "没有单位信息表（units.csv，或用 --units 指定），无法按「%s」核对名额",
                      q->r->attr_column);
        return false;
    }
    q->units = ctx->units;
    q->attr_col = ws_units_column(ctx->units, q->r->attr_column);
    if (q->attr_col < 0) {
        ws_run_report(q->run, q->r, at, "", "单位信息表 %s 没有「%s」列，无法按「%s」核对名额",
                      ctx->units->path ? ctx->units->path : "", q->r->attr_column,
                      q->r->attr_column);
        return false;
    }
    return true;
}

/* The limit for a value of the attribute in category cat (-1: no
 * level_field): one written for that category first, else one for all. */
static const quota_limit *limit_for(const ws_rule *r, const char *attr, int cat)
{
    const quota_limit *all = NULL;
    for (size_t i = 0; i < r->nlimits; i++) {
        const quota_limit *l = &r->limits[i];
        if (!same_label(l->value, attr)) continue;
        if (l->category == cat && cat >= 0) return l;
        if (l->category < 0) all = l;
    }
    return all;
}

static bool attr_known(const ws_rule *r, const char *attr)
{
    for (size_t i = 0; i < r->nlimits; i++)
        if (same_label(r->limits[i].value, attr)) return true;
    return false;
}

/* "县市区、市直单位、驻市单位": the values limits: lists. */
static const char *known_values(attr_state *q)
{
    const char *s = "";
    for (size_t i = 0; s && i < q->r->nlimits; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(q->r->limits[k].value, q->r->limits[i].value);
        if (!seen)
            s = ws_arena_printf(q->run->arena, "%s%s%s", s, s[0] ? "、" : "",
                                q->r->limits[i].value);
    }
    return s ? s : "";
}

/* The attribute of a unit from the units file, or NULL and a reason. */
static const char *attr_from_units(attr_state *q, const char *unit, const char **why)
{
    int key = q->run->ctx->units_key;
    size_t row = ws_units_row(q->units, key, unit);
    const char *path = q->units->path ? q->units->path : "";
    if (!row) {
        *why = ws_arena_printf(q->run->arena,
                               "「%s」不在单位信息表 %s 中，不知道它的「%s」，无法核对名额", unit,
                               path, q->r->attr_column);
        return NULL;
    }
    size_t len;
    const char *v = q->units->cells[row][q->attr_col];
    v = ws_utf8_trim(v, strlen(v), &len);
    if (len) return ws_arena_strndup(q->run->arena, v, len);
    *why =
        ws_arena_printf(q->run->arena, "「%s」在单位信息表 %s 第%zu行没有填写「%s」，无法核对名额",
                        unit, path, q->units->line[row], q->r->attr_column);
    return NULL;
}

static attr_unit *unit_of(attr_state *q, const char *unit, size_t file, size_t record)
{
    char key[256];
    ws_normalize_label(unit, strlen(unit), key, sizeof key);
    for (size_t i = 0; i < q->n; i++)
        if (!strcmp(q->v[i].key, key)) return &q->v[i];
    attr_unit *v = ws_arena_grow(q->run->arena, q->v, q->n, q->n + 1, sizeof *v);
    int *counts = ws_arena_calloc(q->run->arena, q->ncats, sizeof *counts);
    if (!v || !counts) return NULL;
    q->v = v;
    attr_unit *u = &v[q->n++];
    *u = (attr_unit){.name = unit, .file = file, .record = record, .counts = counts};
    memcpy(u->key, key, sizeof key);
    return u;
}

/* The unit's attribute for this record, or NULL after reporting why. From
 * the records, a unit's first record decides; a later one that says
 * otherwise is a finding. */
static const char *record_attr(attr_state *q, attr_unit *u, bool is_new, finding_at at)
{
    const ws_rule *r = q->r;
    if (r->attr_field < 0) {
        if (is_new) u->attr = attr_from_units(q, u->name, &u->why);
        if (!u->attr) ws_run_report(q->run, r, at, u->name, "%s", u->why ? u->why : "");
        return u->attr;
    }
    const char *v = ws_run_value(q->run, at.file, at.record, r->attr_field);
    if (!v[0]) {
        at.field = r->attr_field;
        ws_run_report(q->run, r, at, "", "「%s」未填写，无法核对%s的名额", attr_name(q), u->name);
        return NULL;
    }
    if (is_new) u->attr = v;
    if (same_label(u->attr, v)) return v;
    at.field = r->attr_field;
    ws_run_report(q->run, r, at, v, "%s的「%s」在第%zu行为「%s」，此处为「%s」", u->name, attr_name(q),
                  q->run->files[u->file]->rs->records[u->record].line, u->attr, v);
    return u->attr; /* counted as the unit's first record says */
}

static void count_record(attr_state *q, size_t file, size_t record)
{
    const ws_rule *r = q->r;
    const char *unit = ws_run_value(q->run, file, record, r->unit_field);
    if (!unit[0]) return; /* a required rule's business */
    size_t before = q->n;
    attr_unit *u = unit_of(q, unit, file, record);
    if (!u) {
        q->run->nomem = true;
        return;
    }
    finding_at at = {file, record, r->unit_field, -1, -1};
    const char *attr = record_attr(q, u, q->n > before, at);
    if (!attr) return;
    if (!attr_known(r, attr)) {
        ws_run_report(q->run, r, at, unit, "%s的%s「%s」在名额规则中没有人数（limits：%s）",
                      u->name, attr_name(q), attr, known_values(q));
        return;
    }
    int cat = 0;
    const char *level = "";
    if (r->level_field >= 0) {
        const ws_field_def *lf = &q->run->rules->program->fields[r->level_field];
        level = ws_run_value(q->run, file, record, r->level_field);
        for (cat = 0; (size_t)cat < lf->nchoices && strcmp(lf->choices[cat], level); cat++)
            continue;
        if ((size_t)cat == lf->nchoices) return; /* not a category: a choice rule's business */
    }
    int n = ++u->counts[cat];
    const quota_limit *l = limit_for(r, attr, r->level_field >= 0 ? cat : -1);
    if (l && l->max >= 0 && n > l->max)
        ws_run_report(q->run, r, at, unit, "%s%s%s %s 推荐%d人，上限%d人", level,
                      level[0] ? "：" : "", l->value, u->name, n, l->max);
}

/* Minimums, once all records are counted: a finding about the file. */
static void shortfalls(attr_state *q)
{
    const ws_rule *r = q->r;
    const ws_field_def *lf =
        r->level_field >= 0 ? &q->run->rules->program->fields[r->level_field] : NULL;
    for (size_t i = 0; i < q->n; i++) {
        const attr_unit *u = &q->v[i];
        for (size_t c = 0; u->attr && c < q->ncats; c++) {
            const quota_limit *l = limit_for(r, u->attr, lf ? (int)c : -1);
            if (!l || l->min < 0 || u->counts[c] >= l->min) continue;
            finding_at at = {u->file, WS_NO_RECORD, -1, -1, -1};
            const char *level = lf ? lf->choices[c] : "";
            ws_run_report(q->run, r, at, "", "%s%s%s %s 推荐%d人，下限%d人", level, lf ? "：" : "",
                          l->value, u->name, u->counts[c], l->min);
        }
    }
}

void ws_check_quota_by_attribute(check_run *run, const ws_rule *r)
{
    attr_state q = {.run = run, .r = r, .attr_col = -1, .ncats = 1};
    if (r->level_field >= 0) q.ncats = run->rules->program->fields[r->level_field].nchoices;
    if (!run->nfiles || (r->attr_field < 0 && !find_units_column(&q))) return;
    for (size_t f = 0; f < run->nfiles; f++) {
        const ws_recordset *rs = run->files[f]->rs;
        for (size_t i = 0; i < rs->n && !run->nomem; i++)
            if (ws_rule_applies(r, &rs->records[i])) count_record(&q, f, i);
    }
    shortfalls(&q);
}
