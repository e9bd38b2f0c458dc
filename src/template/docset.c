/* template/docset.c - see docset.h. */
#include "template/docset.h"

#include <stdlib.h>
#include <string.h>

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
