/* job/docsets.c - see docsets.h. */
#include "job/docsets.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"

static ws_status oom(ws_err *err)
{
    return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
}


bool ws_doc_matches(const ws_doc_def *d, const ws_record *rec)
{
    const ws_select_def *sel = &d->select;
    return ws_where_holds(sel->where, sel->nwhere, false, rec) &&
           ws_where_holds(sel->where_any, sel->nwhere_any, true, rec);
}

static bool same_label(const char *a, const char *b)
{
    char na[512], nb[512];
    ws_normalize_label(a, strlen(a), na, sizeof na);
    ws_normalize_label(b, strlen(b), nb, sizeof nb);
    return strcmp(na, nb) == 0;
}

void ws_doc_set_find_unit(const ws_build_data *bd, const char *unit, ws_doc_set *s)
{
    s->unit_keys = s->unit_values = NULL;
    s->nunit = 0;
    if (!bd->units || bd->units_key < 0 || !unit) return;
    for (size_t r = 1; r < bd->units->nrows; r++) {
        if (!same_label(bd->units->cells[r][bd->units_key], unit)) continue;
        s->unit_keys = bd->units->cells[0];
        s->unit_values = bd->units->cells[r];
        s->nunit = bd->units->ncols;
        return;
    }
}

const char *ws_doc_set_unit_error(const ws_build_data *bd, const ws_doc_def *d,
                                  const ws_doc_set *s)
{
    if (!bd->units) return d->nunit_keys ? WS_UNITS_ABSENT : NULL;
    if (s->unit && !s->unit_values) return ws_units_missing(bd->units_check, s->unit);
    if (!bd->units || !bd->unit_errors || !s->unit_values) return NULL;
    for (size_t r = 1; r < bd->units->nrows; r++) {
        if ((const char *const *)bd->units->cells[r] != s->unit_values) continue;
        if (bd->unit_errors[r]) return bd->unit_errors[r];
        for (size_t k = 0; k < d->nunit_keys; k++) { /* a 落款 cell this document prints, empty */
            const char *empty = ws_units_empty(bd->units_check, r, d->unit_keys[k]);
            if (empty) return empty;
        }
        return NULL;
    }
    return NULL;
}

/* --- order and groups ------------------------------------------------------------- */

typedef struct sort_item {
    const ws_record *rec;
    const char *key;
    long choice; /* order: FIELD with choices: the key's place among them */
    long rank;   /* group rank, then the key */
} sort_item;

static int int_value(const char *s, long *out)
{
    char *end;
    if (!*s) return 0;
    *out = strtol(s, &end, 10);
    return *end == '\0';
}

static int by_key(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    if (a->choice != b->choice) return a->choice < b->choice ? -1 : 1;
    long na, nb;
    int c = int_value(a->key, &na) && int_value(b->key, &nb) ? (na > nb) - (na < nb)
                                                              : strcmp(a->key, b->key);
    if (c) return c;
    return a->rec->index < b->rec->index ? -1 : a->rec->index > b->rec->index;
}

static const char *name_of(const void *elem)
{
    return ((const sort_item *)elem)->key;
}

/* A group value's place: the field's choices order, unknown values after. */
static long group_rank(const ws_field_def *f, const char *value)
{
    for (size_t i = 0; i < f->nchoices; i++)
        if (ws_value_is(value, f->choices[i])) return (long)i;
    return (long)f->nchoices;
}

static int by_rank(const sort_item *a, const sort_item *b)
{
    return (a->rank > b->rank) - (a->rank < b->rank);
}

/* Orders items by the document's order — a field with choices: in the
 * order they are declared (技术能手 after 首席技师 when so listed, not by
 * code point) — then, stably, by group rank. */
static ws_status order_items(const ws_build_data *bd, const ws_select_def *sel, sort_item *it,
                             size_t n, ws_err *err)
{
    const ws_field_def *of = sel->order_field >= 0 ? &bd->program->fields[sel->order_field] : NULL;
    for (size_t i = 0; i < n; i++) {
        it[i].key = of ? it[i].rec->values[sel->order_field] : "";
        it[i].choice = of && of->nchoices ? group_rank(of, it[i].key) : 0;
        it[i].rank = 0;
    }
    if (sel->order == WS_ORDER_FIELD) {
        qsort(it, n, sizeof *it, by_key);
    } else if (sel->order == WS_ORDER_STROKES) {
        if (!bd->strokes) return ws_err_set(err, WS_ERR_INVALID, "笔画数据未加载");
        if (ws_strokes_sort(bd->strokes, it, n, sizeof *it, name_of) != WS_OK) return oom(err);
    }
    if (sel->group_field < 0) return WS_OK;
    const ws_field_def *gf = &bd->program->fields[sel->group_field];
    for (size_t i = 0; i < n; i++) it[i].rank = group_rank(gf, it[i].rec->values[sel->group_field]);
    /* insertion sort: stable, and sets are small (one unit's or one program's records) */
    for (size_t i = 1; i < n; i++) {
        sort_item x = it[i];
        size_t k = i;
        while (k > 0 && by_rank(&it[k - 1], &x) > 0) {
            it[k] = it[k - 1];
            k--;
        }
        it[k] = x;
    }
    return WS_OK;
}

/* A record holding only the unit and the group value: what an empty group's
 * own text ({{推荐单位}}, {{check 申报类别 …}}) reads. */
static const ws_record *blank_record(const ws_build_data *bd, const ws_select_def *sel,
                                     const ws_doc_set *s, const char *value, ws_arena *a)
{
    const ws_program *p = bd->program;
    ws_record *r = ws_arena_calloc(a, 1, sizeof *r);
    const char **values = ws_arena_calloc(a, p->nfields ? p->nfields : 1, sizeof *values);
    if (!r || !values) return NULL;
    for (size_t f = 0; f < p->nfields; f++) values[f] = "";
    if (p->unit_field >= 0 && s->unit) values[p->unit_field] = s->unit;
    values[sel->group_field] = value;
    r->values = values;
    return r;
}

/* empty_groups: a group per declared choice, in their order, the empty ones
 * too; values outside the choices (refused by a choices rule, shown with
 * --force) follow as found. */
static ws_status add_empty_groups(const ws_build_data *bd, const ws_select_def *sel,
                                  ws_doc_set *s, ws_arena *a, ws_err *err)
{
    const ws_field_def *gf = &bd->program->fields[sel->group_field];
    ws_group *all = ws_arena_calloc(a, gf->nchoices + s->ngroups, sizeof *all);
    if (!all) return oom(err);
    size_t n = 0;
    for (size_t c = 0; c < gf->nchoices; c++) {
        size_t g = 0;
        while (g < s->ngroups && !ws_value_is(s->groups[g].value, gf->choices[c])) g++;
        if (g < s->ngroups) {
            all[n++] = s->groups[g];
            continue;
        }
        all[n] = (ws_group){gf->choices[c], s->n, 0, NULL};
        if (!(all[n++].blank = blank_record(bd, sel, s, gf->choices[c], a))) return oom(err);
    }
    for (size_t g = 0; g < s->ngroups; g++)
        if (group_rank(gf, s->groups[g].value) == (long)gf->nchoices) all[n++] = s->groups[g];
    s->groups = all;
    s->ngroups = n;
    return WS_OK;
}

static ws_status make_groups(const ws_build_data *bd, const ws_select_def *sel, ws_doc_set *s,
                             ws_arena *a, ws_err *err)
{
    s->groups = ws_arena_calloc(a, s->n ? s->n : 1, sizeof *s->groups);
    if (!s->groups) return oom(err);
    s->ngroups = 0;
    if (sel->group_field < 0) {
        s->groups[0] = (ws_group){NULL, 0, s->n, NULL};
        s->ngroups = 1;
        return WS_OK;
    }
    for (size_t i = 0; i < s->n; i++) {
        const char *v = s->records[i]->values[sel->group_field];
        ws_group *last = s->ngroups ? &s->groups[s->ngroups - 1] : NULL;
        if (last && ws_value_is(v, last->value)) {
            last->n++;
            continue;
        }
        size_t vl;
        const char *t = ws_utf8_trim(v, strlen(v), &vl);
        s->groups[s->ngroups++] = (ws_group){ws_arena_strndup(a, t, vl), i, 1, NULL};
    }
    return sel->empty_groups ? add_empty_groups(bd, sel, s, a, err) : WS_OK;
}

/* --- dates ------------------------------------------------------------------------ */

/* count_days false: a date counting working days is its from date (the
 * calendar is not there to count with). */
static ws_status compute_dates(const ws_build_data *bd, const ws_doc_def *d, bool count_days,
                               ws_doc_set *s, ws_arena *a, ws_err *err)
{
    if (d->ndates == 0) return WS_OK;
    const char **keys = ws_arena_calloc(a, d->ndates, sizeof *keys);
    const char **values = ws_arena_calloc(a, d->ndates, sizeof *values);
    if (!keys || !values) return oom(err);
    s->var_keys = keys;
    s->var_values = values;
    for (size_t i = 0; i < d->ndates; i++) {
        const ws_date_def *dd = &d->dates[i];
        ws_bound b = {.program = bd->program, .set = s, .unit_keys = s->unit_keys,
                      .unit_values = s->unit_values, .nunit = s->nunit};
        ws_tpl_scope scope;
        ws_bound_scope(&b, &scope);
        const char *from = ws_tpl_expand(dd->from, &scope, a);
        if (!from) return oom(err);
        ws_date start, end;
        if (ws_date_parse_full(from, strlen(from), &start, err) != WS_OK) {
            bool typed = false;
            for (size_t k = 0; k < dd->from->n; k++) typed |= dd->from->parts[k].kind == WS_PART_PROGRAM;
            ws_err_prefix(err, "%s:%d: 日期「%s」的起始日%s：", d->file, dd->line, dd->name,
                          typed ? "（program.yaml 的 texts: 里填的日期）" : "");
            return err->status;
        }
        end = start;
        if (dd->working_days > 0 && count_days) {
            if (!bd->calendar) return ws_err_set(err, WS_ERR_INVALID, "节假日表未加载");
            if (ws_calendar_add_workdays(bd->calendar, start, dd->working_days, &end, err) != WS_OK) {
                ws_err_prefix(err, "%s:%d: 日期「%s」：", d->file, dd->line, dd->name);
                return err->status;
            }
        }
        char iso[32];
        ws_date_format(end, "iso", iso, sizeof iso);
        keys[i] = dd->name;
        values[i] = ws_arena_strdup(a, iso);
        s->nvars = i + 1;
        if (!values[i]) return oom(err);
    }
    return WS_OK;
}

bool ws_doc_counts_working_days(const ws_doc_def *d)
{
    for (size_t i = 0; i < d->ndates; i++)
        if (d->dates[i].working_days > 0) return true;
    return false;
}

/* Whether one of d's dates is worked out from a unit's row (per unit), or
 * from a var.NAME other than an earlier date (known only in a document). */
static bool dates_read_units(const ws_doc_def *d)
{
    for (size_t i = 0; i < d->ndates; i++) {
        const ws_tpl *t = d->dates[i].from;
        for (size_t k = 0; k < t->n; k++) {
            const ws_part *part = &t->parts[k];
            if (part->kind == WS_PART_UNIT) return true;
            if (part->kind != WS_PART_VAR) continue;
            bool earlier = false;
            for (size_t j = 0; j < i && !earlier; j++)
                earlier = strlen(d->dates[j].name) == part->len &&
                          !memcmp(d->dates[j].name, part->text, part->len);
            if (!earlier) return true;
        }
    }
    return false;
}

ws_status ws_doc_dates_check(const ws_program *p, const ws_calendar *calendar,
                             const ws_doc_def *d, ws_arena *a, ws_err *err)
{
    if (d->ndates == 0 || dates_read_units(d)) return WS_OK;
    ws_build_data bd = {.program = p, .calendar = calendar};
    ws_doc_set s = {.program = p};
    return compute_dates(&bd, d, calendar != NULL, &s, a, err);
}

/* --- instances ---------------------------------------------------------------------- */

/* Whether record r goes into d: usable, matching, and not kept off it. */
static bool shown(const ws_build_data *bd, const ws_doc_def *d, size_t r)
{
    return bd->usable[r] && !(d->public_doc && bd->public_bad && bd->public_bad[r]) &&
           ws_doc_matches(d, &bd->rs->records[r]);
}

/* Fills s with the usable records matching d (and unit, when given); with
 * every_match, with every record matching d, made or not (numbering). */
static ws_status fill_matching(const ws_build_data *bd, const ws_doc_def *d, const char *unit,
                               bool every_match, ws_arena *a, ws_doc_set *s, ws_err *err)
{
    const ws_recordset *rs = bd->rs;
    *s = (ws_doc_set){.program = bd->program, .rs = rs, .unit = unit, .quotas = bd->quotas};
    sort_item *items = ws_arena_calloc(a, rs->n ? rs->n : 1, sizeof *items);
    if (!items) return oom(err);
    size_t n = 0;
    int uf = bd->program->unit_field;
    for (size_t r = 0; r < rs->n; r++) {
        const ws_record *rec = &rs->records[r];
        if (every_match ? !ws_doc_matches(d, rec) : !shown(bd, d, r)) continue;
        if (unit && !ws_value_is(rec->values[uf], unit)) continue;
        items[n++].rec = rec;
    }
    WS_TRY(order_items(bd, &d->select, items, n, err));
    const ws_record **recs = ws_arena_calloc(a, n ? n : 1, sizeof *recs);
    if (!recs) return oom(err);
    for (size_t i = 0; i < n; i++) recs[i] = items[i].rec;
    s->records = recs;
    s->n = n;
    WS_TRY(make_groups(bd, &d->select, s, a, err));
    ws_doc_set_find_unit(bd, unit, s);
    return compute_dates(bd, d, true, s, a, err);
}

static ws_status fill_set(const ws_build_data *bd, const ws_doc_def *d, const char *unit,
                          ws_arena *a, ws_doc_set *s, ws_err *err)
{
    return fill_matching(bd, d, unit, false, a, s, err);
}

/* The units with usable records matching d (with every_match, with any
 * record matching d): quota-table order first. */
static size_t list_units(const ws_build_data *bd, const ws_doc_def *d, bool every_match,
                         ws_arena *a, const char ***out)
{
    const ws_recordset *rs = bd->rs;
    int uf = bd->program->unit_field;
    const char **units = ws_arena_calloc(a, rs->n ? rs->n : 1, sizeof *units);
    long *rank = ws_arena_calloc(a, rs->n ? rs->n : 1, sizeof *rank);
    if (!units || !rank) return (size_t)-1;
    size_t n = 0;
    for (size_t r = 0; r < rs->n; r++) {
        const ws_record *rec = &rs->records[r];
        if (every_match ? !ws_doc_matches(d, rec) : !shown(bd, d, r)) continue;
        size_t vl;
        const char *v = ws_utf8_trim(rec->values[uf], strlen(rec->values[uf]), &vl);
        if (!vl) continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++) seen = ws_value_is(rec->values[uf], units[k]);
        if (seen) continue;
        units[n] = ws_arena_strndup(a, v, vl);
        rank[n] = (long)rs->n + (long)n;
        int unit_col = bd->quotas ? ws_data_table_col(bd->quotas, bd->program->fields[uf].name,
                                                      strlen(bd->program->fields[uf].name))
                                  : -1;
        for (size_t q = 0; unit_col >= 0 && q < bd->quotas->nrows; q++)
            if (same_label(bd->quotas->rows[q][unit_col], units[n])) rank[n] = (long)q;
        n++;
    }
    for (size_t i = 1; i < n; i++) { /* by rank, stable */
        const char *u = units[i];
        long k = rank[i];
        size_t j = i;
        while (j > 0 && rank[j - 1] > k) {
            units[j] = units[j - 1];
            rank[j] = rank[j - 1];
            j--;
        }
        units[j] = u;
        rank[j] = k;
    }
    *out = units;
    return n;
}

/* A scope-record packet (装订册 per applicant): one set per usable matching
 * record, in the packet's order, each holding that record alone, its unit's
 * row and its {{seq}} (counted over every matching record, as
 * ws_doc_positions does). */
static ws_status record_sets(const ws_build_data *bd, const ws_doc_def *d, bool every_match,
                             ws_arena *a, ws_doc_set **out, size_t *n, ws_err *err)
{
    ws_doc_set all;
    int *seq;
    WS_TRY(fill_matching(bd, d, NULL, every_match, a, &all, err));
    WS_TRY(ws_doc_positions(bd, d, a, &seq, err));
    ws_doc_set *sets = ws_arena_calloc(a, all.n ? all.n : 1, sizeof *sets);
    if (!sets) return oom(err);
    int uf = bd->program->unit_field;
    for (size_t g = 0; g < all.ngroups; g++) {
        for (size_t k = 0; k < all.groups[g].n; k++) {
            size_t i = all.groups[g].first + k;
            ws_doc_set *s = &sets[i];
            *s = all;
            s->records = &all.records[i];
            s->n = 1;
            s->seq = seq[all.records[i]->index];
            s->unit = uf >= 0 ? all.records[i]->values[uf] : NULL;
            WS_TRY(make_groups(bd, &d->select, s, a, err));
            ws_doc_set_find_unit(bd, s->unit, s);
        }
    }
    *out = sets;
    *n = all.n;
    return WS_OK;
}

/* The instances of d over its usable records, or (every_match) over every
 * record matching it. */
static ws_status sets_make(const ws_build_data *bd, const ws_doc_def *d, bool every_match,
                           ws_arena *a, ws_doc_set **out, size_t *n, ws_err *err)
{
    *out = NULL;
    *n = 0;
    if (d->select.scope == WS_SCOPE_PROGRAM) {
        ws_doc_set *s = ws_arena_calloc(a, 1, sizeof *s);
        if (!s) return oom(err);
        WS_TRY(fill_matching(bd, d, NULL, every_match, a, s, err));
        /* with nothing to list, only a document that lists no record (名额表, no
           conditions) is made: a 汇总表 of no one is not the city's summary */
        if (s->n == 0 &&
            (d->select.nwhere + d->select.nwhere_any > 0 || !bd->quotas || d->fields_shown))
            return WS_OK;
        *out = s;
        *n = 1;
        return WS_OK;
    }
    if (d->select.scope == WS_SCOPE_RECORD) return record_sets(bd, d, every_match, a, out, n, err);
    const char **units = NULL;
    size_t nunits = d->select.scope == WS_SCOPE_UNIT ? list_units(bd, d, every_match, a, &units) : 0;
    if (nunits == (size_t)-1) return oom(err);
    ws_doc_set *sets = ws_arena_calloc(a, nunits ? nunits : 1, sizeof *sets);
    if (!sets) return oom(err);
    for (size_t u = 0; u < nunits; u++)
        WS_TRY(fill_matching(bd, d, units[u], every_match, a, &sets[u], err));
    *out = sets;
    *n = nunits;
    return WS_OK;
}

ws_status ws_doc_sets_make(const ws_build_data *bd, const ws_doc_def *d, ws_arena *a,
                           ws_doc_set **out, size_t *n, ws_err *err)
{
    return sets_make(bd, d, false, a, out, n, err);
}

/* Whether ws_doc_sets_make gave an instance like e: for its record (shown
 * on d), for the same unit, or (scope program) any. */
static bool set_made(const ws_build_data *bd, const ws_doc_def *d, const ws_doc_set *e,
                     const ws_doc_set *made, size_t nmade)
{
    if (d->select.scope == WS_SCOPE_RECORD) return shown(bd, d, e->records[0]->index);
    for (size_t i = 0; i < nmade; i++)
        if (!e->unit || (made[i].unit && ws_value_is(e->unit, made[i].unit))) return true;
    return false;
}

ws_status ws_doc_sets_unmade(const ws_build_data *bd, const ws_doc_def *d, const ws_doc_set *made,
                             size_t nmade, ws_arena *a, ws_doc_set **out, size_t *n, ws_err *err)
{
    ws_doc_set *every;
    size_t nevery, k = 0;
    WS_TRY(sets_make(bd, d, true, a, &every, &nevery, err));
    for (size_t i = 0; i < nevery; i++)
        if (every[i].n && !set_made(bd, d, &every[i], made, nmade)) every[k++] = every[i];
    *out = every;
    *n = k;
    return WS_OK;
}

ws_status ws_doc_order(const ws_build_data *bd, const ws_doc_def *d, ws_arena *a,
                       const ws_record *const **out, size_t *n, ws_err *err)
{
    ws_doc_set s;
    WS_TRY(fill_set(bd, d, NULL, a, &s, err));
    *out = s.records;
    *n = s.n;
    return WS_OK;
}

ws_status ws_doc_positions(const ws_build_data *bd, const ws_doc_def *d, ws_arena *a, int **out,
                           ws_err *err)
{
    ws_doc_set s;
    *out = NULL;
    WS_TRY(fill_matching(bd, d, NULL, true, a, &s, err));
    int *pos = ws_arena_calloc(a, bd->rs->n ? bd->rs->n : 1, sizeof *pos);
    if (!pos) return oom(err);
    for (size_t g = 0; g < s.ngroups; g++)
        for (size_t k = 0; k < s.groups[g].n; k++)
            pos[s.records[s.groups[g].first + k]->index] = (int)k + 1;
    *out = pos;
    return WS_OK;
}

ws_status ws_doc_set_of_record(const ws_build_data *bd, const ws_doc_def *d, const ws_record *rec,
                               ws_arena *a, ws_doc_set *out, ws_err *err)
{
    *out = (ws_doc_set){.program = bd->program, .rs = bd->rs, .quotas = bd->quotas};
    const ws_record **one = ws_arena_alloc(a, sizeof *one);
    if (!one) return oom(err);
    one[0] = rec;
    out->records = one;
    out->n = 1;
    int uf = bd->program->unit_field;
    if (uf >= 0) out->unit = rec->values[uf];
    WS_TRY(make_groups(bd, &d->select, out, a, err));
    ws_doc_set_find_unit(bd, out->unit, out);
    const char *bad = d->nunit_keys ? ws_doc_set_unit_error(bd, d, out) : NULL;
    if (bad) return ws_err_set(err, WS_ERR_INPUT, "%s", bad);
    return compute_dates(bd, d, true, out, a, err);
}

ws_status ws_data_table_load(const char *path, ws_arena *a, ws_data_table **out, ws_err *err)
{
    ws_sheet *sheet;
    WS_TRY(ws_csv_read(path, a, &sheet, err));
    ws_data_table *t = ws_arena_calloc(a, 1, sizeof *t);
    if (!t) return oom(err);
    t->cols = sheet->cells[0];
    t->ncols = sheet->ncols;
    t->rows = (const char *const *const *)(sheet->cells + 1);
    t->nrows = sheet->nrows ? sheet->nrows - 1 : 0;
    *out = t;
    return WS_OK;
}
