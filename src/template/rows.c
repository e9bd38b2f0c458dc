/* template/rows.c - see rows.h. */
#include "template/rows.h"

/* The records an each: record row repeats over: the current group's, or the whole set's. */
static size_t each_records(const ws_bound *b, const ws_record *const **recs)
{
    const ws_doc_set *s = b->set;
    *recs = NULL;
    if (!s) return 0;
    if (b->group) {
        *recs = s->records + b->group->first;
        return b->group->n;
    }
    *recs = s->records;
    return s->n;
}

static const ws_data_table *each_table(const ws_bound *b, ws_row_each each)
{
    const ws_doc_set *s = b->set;
    if (!s) return NULL;
    return each == WS_EACH_QUOTA ? s->quotas : each == WS_EACH_PART ? s->parts : NULL;
}

/* A repeat row's entries; *nrows is at least min_rows (blank ones pad). */
static size_t list_entries(const ws_row_def *def, const ws_bound *b, ws_arena *arena,
                           ws_entry **entries, size_t *nrows)
{
    const ws_record *rec = b->record;
    size_t n = ws_list_entries(rec ? rec->values[def->repeat_field] : "", arena, entries);
    *nrows = n > (size_t)def->min_rows ? n : (size_t)def->min_rows;
    return n;
}

size_t ws_row_instance_count(const ws_row_def *def, const ws_bound *b, ws_arena *arena)
{
    if (def->repeat_field >= 0) {
        ws_entry *list;
        size_t rows;
        list_entries(def, b, arena, &list, &rows);
        return rows;
    }
    if (def->each == WS_EACH_RECORD) {
        const ws_record *const *recs;
        return each_records(b, &recs);
    }
    if (def->each != WS_EACH_NONE) {
        const ws_data_table *t = each_table(b, def->each);
        return t ? t->nrows : 0;
    }
    return 1;
}

static ws_status visit_records(const ws_row_def *def, ws_bound *b, ws_tpl_scope *scope,
                               ws_row_visit visit, void *user)
{
    const ws_record *const *recs;
    size_t n = each_records(b, &recs);
    ws_status st = WS_OK;
    for (size_t k = 0; k < n && st == WS_OK; k++) {
        b->record = recs[k];
        b->seq = scope->seq = scope->row = (int)k + 1;
        st = visit(user, def, NULL);
    }
    return st;
}

static ws_status visit_table(const ws_row_def *def, ws_bound *b, ws_tpl_scope *scope,
                             ws_arena *arena, ws_row_visit visit, void *user)
{
    const ws_data_table *t = each_table(b, def->each);
    ws_status st = WS_OK;
    for (size_t k = 0; t && k < t->nrows && st == WS_OK; k++) {
        ws_entry *e = ws_arena_alloc(arena, sizeof *e);
        if (!e) return WS_ERR_NOMEM;
        *e = (ws_entry){(const char **)t->rows[k], t->ncols};
        b->item = e;
        scope->seq = scope->row = (int)k + 1;
        st = visit(user, def, e);
    }
    return st;
}

/* A list's rows number its entries: {{row}}, and {{seq}} too (as in each:
 * rows), so a member list reads 1, 2, 3 … rather than the record's number on
 * every row. Padding rows go on counting. */
static ws_status visit_list(const ws_row_def *def, ws_bound *b, ws_tpl_scope *scope,
                            ws_arena *arena, ws_row_visit visit, void *user)
{
    static const ws_entry blank = {NULL, 0};
    ws_entry *list = NULL;
    size_t rows, n = list_entries(def, b, arena, &list, &rows);
    ws_status st = WS_OK;
    for (size_t k = 0; k < rows && st == WS_OK; k++) {
        b->item = k < n ? &list[k] : &blank;
        scope->seq = scope->row = (int)k + 1;
        st = visit(user, def, b->item);
    }
    return st;
}

ws_status ws_row_instances(const ws_row_def *def, ws_bound *b, ws_tpl_scope *scope,
                           ws_arena *arena, ws_row_visit visit, void *user)
{
    const ws_record *saved_rec = b->record;
    const ws_entry *saved_item = b->item;
    int saved_seq = b->seq, saved_scope_seq = scope->seq, saved_row = scope->row;
    ws_status st;
    if (def->repeat_field >= 0) st = visit_list(def, b, scope, arena, visit, user);
    else if (def->each == WS_EACH_RECORD) st = visit_records(def, b, scope, visit, user);
    else if (def->each != WS_EACH_NONE) st = visit_table(def, b, scope, arena, visit, user);
    else {
        if (def->numbered_after)
            scope->row = (int)ws_row_instance_count(def->numbered_after, b, arena) + 1;
        st = visit(user, def, NULL);
    }
    b->record = saved_rec;
    b->item = saved_item;
    b->seq = saved_seq;
    scope->seq = saved_scope_seq;
    scope->row = saved_row;
    return st;
}

ws_status ws_groups_each(ws_bound *b, ws_group_visit visit, void *user)
{
    const ws_doc_set *s = b->set;
    const ws_record *saved = b->record;
    ws_status st = WS_OK;
    for (size_t g = 0; s && g < s->ngroups && st == WS_OK; g++) {
        b->group = &s->groups[g];
        b->group_index = g;
        const ws_group *gr = &s->groups[g];
        b->record = gr->n ? s->records[gr->first] : gr->blank ? gr->blank : saved;
        st = visit(user, &s->groups[g]);
    }
    b->group = NULL;
    b->record = saved;
    return st;
}
