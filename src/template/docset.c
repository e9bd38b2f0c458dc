/* template/docset.c - see docset.h. */
#include "template/docset.h"
#include "template/doc.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

const char *ws_doc_set_var(const ws_doc_set *s, const char *key, size_t len)
{
    for (size_t i = 0; s && i < s->nvars; i++)
        if (strlen(s->var_keys[i]) == len && memcmp(s->var_keys[i], key, len) == 0)
            return s->var_values[i];
    return NULL;
}

int ws_data_table_col(const ws_data_table *t, const char *col, size_t len)
{
    char want[256];
    ws_normalize_label(col, len, want, sizeof want);
    for (size_t c = 0; t && c < t->ncols; c++) {
        char have[256];
        ws_normalize_label(t->cols[c], strlen(t->cols[c]), have, sizeof have);
        if (strcmp(want, have) == 0) return (int)c;
    }
    return -1;
}

long ws_data_table_sum(const ws_data_table *t, const char *col, size_t len)
{
    int c = ws_data_table_col(t, col, len);
    if (c < 0) return -1;
    long sum = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *v = t->rows[r][c];
        if (!v || !v[0]) continue;
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 0) return -1;
        sum += n;
    }
    return sum;
}

bool ws_value_is(const char *value, const char *want)
{
    size_t vl;
    const char *v = ws_utf8_trim(value, strlen(value), &vl);
    return strlen(want) == vl && memcmp(v, want, vl) == 0;
}

/* One condition: the field is one of the values, or non-empty. */
static bool condition_holds(const ws_where_def *w, const ws_record *rec)
{
    const char *v = rec->values[w->field];
    if (w->n == 0) {
        size_t vl;
        ws_utf8_trim(v, strlen(v), &vl);
        return vl > 0;
    }
    for (size_t k = 0; k < w->n; k++)
        if (ws_value_is(v, w->values[k])) return true;
    return false;
}

bool ws_where_holds(const ws_where_def *w, size_t n, bool any, const ws_record *rec)
{
    if (n == 0) return true;
    for (size_t i = 0; i < n; i++)
        if (condition_holds(&w[i], rec) == any) return any;
    return !any;
}

bool ws_block_applies(const ws_block_def *b, const ws_record *rec, size_t ngroups)
{
    if (b->min_groups > 0 && ngroups < (size_t)b->min_groups) return false;
    if (b->max_groups > 0 && ngroups > (size_t)b->max_groups) return false;
    return rec && ws_where_holds(b->when, b->nwhen, false, rec) &&
           ws_where_holds(b->when_any, b->nwhen_any, true, rec);
}
