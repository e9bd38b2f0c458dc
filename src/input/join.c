/* input/join.c - extra sheets joined on a key column; see join.h.
 *
 * Main keys go into an open-addressing table once, so a workbook with
 * thousands of people and their work history joins in linear time. A key
 * that two main rows share (a duplicated 身份证号) joins the first of them;
 * the duplicate itself is the check stage's business. */
#include "input/join.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"

/* The key as compared: trimmed, ASCII letters upper-cased, into the arena. */
static char *norm_key(const char *s, ws_arena *a)
{
    size_t len;
    const char *t = ws_utf8_trim(s, strlen(s), &len);
    char *k = ws_arena_strndup(a, t, len);
    if (!k) return NULL;
    for (char *c = k; *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    return k;
}

int ws_join_key_equal(const char *a, const char *b)
{
    size_t la, lb;
    const char *ta = ws_utf8_trim(a, strlen(a), &la), *tb = ws_utf8_trim(b, strlen(b), &lb);
    if (la != lb) return 0;
    for (size_t i = 0; i < la; i++) {
        char x = ta[i], y = tb[i];
        if (x >= 'a' && x <= 'z') x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z') y = (char)(y - 'a' + 'A');
        if (x != y) return 0;
    }
    return 1;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Main rows by key. A key that several main rows share (a duplicated
 * 身份证号) keeps all of them, in order. */
typedef struct key_group {
    const char *key;
    size_t *rows; /* main rows with this key */
    size_t n;
    size_t runs;      /* runs of consecutive extra rows seen with this key */
    size_t last_seen; /* the extra row (1-based count of non-blank rows) that was last */
} key_group;

typedef struct key_table {
    key_group *slots;
    size_t cap;
} key_table;

static key_group *table_slot(const key_table *t, const char *k)
{
    size_t i = hash_str(k) & (t->cap - 1);
    while (t->slots[i].key && strcmp(t->slots[i].key, k) != 0)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static bool table_build(const ws_sheet *main, size_t key_col, ws_arena *a, key_table *t)
{
    t->cap = 16;
    while (t->cap < 2 * main->nrows)
        t->cap *= 2;
    t->slots = ws_arena_calloc(a, t->cap, sizeof *t->slots);
    if (!t->slots) return false;
    for (size_t r = 1; r < main->nrows; r++) {
        char *k = norm_key(main->cells[r][key_col], a);
        if (!k) return false;
        if (!k[0]) continue;
        key_group *g = table_slot(t, k);
        size_t *rows = ws_arena_grow(a, g->rows, g->n, g->n + 1, sizeof *rows);
        if (!rows) return false;
        g->key = k;
        g->rows = rows;
        g->rows[g->n++] = r;
    }
    return true;
}

/* Appends a cell's text to an entry line, keeping it one line of one column. */
static void put_cell(ws_buf *b, const char *s)
{
    size_t len;
    const char *t = ws_utf8_trim(s, strlen(s), &len);
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            ws_buf_putc(b, ' ');
        } else if (c == '|') {
            ws_buf_puts(b, "\xef\xbc\x8f");                                /* ／ */
        } else if (i + 2 < len && memcmp(t + i, "\xef\xbd\x9c", 3) == 0) { /* ｜ */
            ws_buf_puts(b, "\xef\xbc\x8f");
            i += 2;
        } else {
            ws_buf_putc(b, c);
        }
    }
}


static bool row_is_blank(const ws_sheet *x, size_t r, const size_t *cols, size_t ncols)
{
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c] == SIZE_MAX) continue;
        size_t len;
        const char *v = x->cells[r][cols[c]];
        ws_utf8_trim(v, strlen(v), &len);
        if (len) return false;
    }
    return true;
}

/* The copy of main with room for the target column. */
static ws_sheet *copy_sheet(const ws_sheet *main, size_t target_col, const char *header,
                            ws_arena *a)
{
    ws_sheet *s = ws_arena_alloc(a, sizeof *s);
    if (!s) return NULL;
    *s = *main;
    s->ncols = target_col == main->ncols ? main->ncols + 1 : main->ncols;
    s->cells = ws_arena_alloc(a, (main->nrows ? main->nrows : 1) * sizeof *s->cells);
    s->row_ncols = ws_arena_alloc(a, (main->nrows ? main->nrows : 1) * sizeof *s->row_ncols);
    if (!s->cells || !s->row_ncols) return NULL;
    for (size_t r = 0; r < main->nrows; r++) {
        /* a full row of the main sheet is a full row of the copy */
        size_t have = main->row_ncols[r];
        s->row_ncols[r] = have >= main->ncols ? have + (s->ncols - main->ncols) : have;
        const char **row = ws_arena_alloc(a, s->ncols * sizeof *row);
        if (!row) return NULL;
        memcpy(row, main->cells[r], main->ncols * sizeof *row);
        if (s->ncols > main->ncols) row[main->ncols] = r == 0 ? header : "";
        s->cells[r] = row;
    }
    return s;
}

static ws_status fill_target(ws_sheet *s, const ws_sheet *extra, ws_join *j, const size_t *cols,
                             size_t ncols, ws_arena *a, ws_err *err)
{
    ws_buf b = WS_BUF_INIT;
    ws_status st = WS_OK;
    for (size_t r = 1; r < s->nrows && st == WS_OK; r++) {
        if (!j->nrows[r]) continue;
        ws_buf_clear(&b);
        const char *old = s->cells[r][j->target_col];
        ws_buf_puts(&b, old);
        for (size_t k = 0; k < j->nrows[r]; k++) {
            if (b.len) ws_buf_putc(&b, '\n');
            for (size_t c = 0; c < ncols; c++) {
                if (c) ws_buf_putc(&b, '|');
                if (cols[c] != SIZE_MAX) put_cell(&b, extra->cells[j->rows[r][k]][cols[c]]);
            }
        }
        const char *v = b.failed ? NULL : ws_arena_strndup(a, b.p, b.len);
        if (!v)
            st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        else
            s->cells[r][j->target_col] = v;
    }
    ws_buf_free(&b);
    return st;
}

/* The joined sheet's own note list: a copy of main's, so that adding to it
 * leaves main untouched. */
static bool own_notes(ws_sheet *s, const ws_sheet *main, ws_arena *a)
{
    ws_cell_note **tail = &s->notes;
    *tail = NULL;
    for (const ws_cell_note *n = main->notes; n; n = n->next) {
        ws_cell_note *c = ws_arena_alloc(a, sizeof *c);
        if (!c) return false;
        *c = *n;
        c->next = NULL;
        *tail = c;
        tail = &c->next;
    }
    return true;
}

/* An entry cell the reader refused (an error value, a number that lost
 * digits, invalid bytes) makes the entry unusable: the main row gets an
 * error on the joined column, naming the extra sheet's row, so the records
 * stage refuses the record and withholds the list. */
static ws_status carry_errors(ws_sheet *s, const ws_sheet *main, const ws_join *j,
                              const size_t *cols, size_t ncols, ws_arena *a, ws_err *err)
{
    const ws_sheet *x = j->extra;
    const char **why = NULL;
    for (const ws_cell_note *n = x->notes; n; n = n->next) {
        if (n->level != WS_NOTE_ERROR || n->row == 0 || n->row >= x->nrows) continue;
        bool entry_col = n->col < 0;
        for (size_t c = 0; c < ncols && !entry_col; c++)
            entry_col = cols[c] == (size_t)n->col;
        if (!entry_col) continue;
        if (!why && !(why = ws_arena_calloc(a, x->nrows, sizeof *why))) goto nomem;
        if (why[n->row]) continue;
        why[n->row] = n->col >= 0 && (size_t)n->col < x->ncols
                          ? ws_arena_printf(a, "工作表「%s」第%zu行「%s」：%s", x->name ? x->name : "",
                                            x->line[n->row], x->cells[0][n->col], n->msg)
                          : ws_arena_printf(a, "工作表「%s」第%zu行：%s", x->name ? x->name : "",
                                            x->line[n->row], n->msg);
        if (!why[n->row]) goto nomem;
    }
    if (!why) return WS_OK;
    if (!own_notes(s, main, a)) goto nomem;
    for (size_t m = 1; m < s->nrows; m++)
        for (size_t k = 0; k < j->nrows[m]; k++)
            if (why[j->rows[m][k]]) {
                ws_sheet_note(s, a, m, (int)j->target_col, WS_NOTE_ERROR, "%s", why[j->rows[m][k]]);
                break;
            }
    return WS_OK;
nomem:
    return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
}

static ws_join *join_alloc(const ws_sheet *main, const ws_sheet *extra, ws_arena *a)
{
    ws_join *j = ws_arena_calloc(a, 1, sizeof *j);
    if (!j) return NULL;
    size_t nm = main->nrows ? main->nrows : 1, nx = extra->nrows ? extra->nrows : 1;
    j->extra = extra;
    j->owner = ws_arena_calloc(a, nx, sizeof *j->owner);
    j->first_entry = ws_arena_calloc(a, nm, sizeof *j->first_entry);
    j->rows = ws_arena_calloc(a, nm, sizeof *j->rows);
    j->nrows = ws_arena_calloc(a, nm, sizeof *j->nrows);
    return j->owner && j->first_entry && j->rows && j->nrows ? j : NULL;
}

/* Adds extra row x to main row m's list (sizes counted first, then filled). */
static void count_or_add(ws_join *j, size_t m, size_t x, bool fill)
{
    if (fill) j->rows[m][j->nrows[m]] = x;
    j->nrows[m]++;
}

/* One pass over the extra rows: the owner of each, and (when fill) the
 * lists. With a key that several main rows share, the k-th run of
 * consecutive extra rows with that key goes to the k-th of them; a single
 * run goes to all of them (it is one person's history either way). */
static bool pass(ws_join *j, const key_table *t, const char *const *keys, const size_t *cols,
                 size_t ncols, bool fill)
{
    const ws_sheet *extra = j->extra;
    size_t seen = 0;
    for (size_t i = 0; i < t->cap; i++)
        t->slots[i].runs = t->slots[i].last_seen = 0;
    for (size_t r = 1; r < extra->nrows; r++) {
        if (row_is_blank(extra, r, cols, ncols)) continue;
        seen++;
        key_group *g = keys[r][0] ? table_slot(t, keys[r]) : NULL;
        if (!g || !g->key) {
            j->owner[r] = 0;
            continue;
        }
        if (g->last_seen != seen - 1 || !g->runs) g->runs++;
        g->last_seen = seen;
        size_t k = g->runs - 1 < g->n ? g->runs - 1 : g->n - 1;
        j->owner[r] = g->rows[k];
        count_or_add(j, g->rows[k], r, fill);
    }
    return true;
}

/* Main rows beyond the first that share a key whose extra rows came in one run. */
static void share_single_runs(ws_join *j, const key_table *t, const char *const *keys, bool fill)
{
    const ws_sheet *extra = j->extra;
    for (size_t r = 1; r < extra->nrows; r++) {
        if (!j->owner[r]) continue;
        key_group *g = table_slot(t, keys[r]);
        if (g->runs != 1) continue;
        for (size_t k = 1; k < g->n; k++)
            count_or_add(j, g->rows[k], r, fill);
    }
}

/* Decides the owner of every extra row and lists each main row's extra rows. */
static bool assign_rows(ws_join *j, const ws_sheet *main, size_t main_key, size_t extra_key,
                        const size_t *cols, size_t ncols, ws_arena *a)
{
    const ws_sheet *extra = j->extra;
    key_table t;
    const char **keys = ws_arena_calloc(a, extra->nrows ? extra->nrows : 1, sizeof *keys);
    if (!keys || !table_build(main, main_key, a, &t)) return false;
    for (size_t r = 1; r < extra->nrows; r++)
        if (!(keys[r] = norm_key(extra->cells[r][extra_key], a))) return false;
    pass(j, &t, keys, cols, ncols, false);
    share_single_runs(j, &t, keys, false);
    for (size_t m = 1; m < main->nrows; m++) {
        if (!j->nrows[m]) continue;
        j->rows[m] = ws_arena_alloc(a, j->nrows[m] * sizeof **j->rows);
        if (!j->rows[m]) return false;
        j->nrows[m] = 0;
    }
    pass(j, &t, keys, cols, ncols, true);
    share_single_runs(j, &t, keys, true);
    for (size_t r = 1; r < extra->nrows; r++)
        j->norphans += !j->owner[r] && !row_is_blank(extra, r, cols, ncols);
    return true;
}

ws_status ws_sheet_join(const ws_sheet *main, size_t main_key, const ws_sheet *extra,
                        size_t extra_key, const size_t *cols, size_t ncols, size_t target_col,
                        const char *target_header, ws_arena *arena, ws_sheet **joined,
                        ws_join **out, ws_err *err)
{
    if (main_key >= main->ncols || extra_key >= extra->ncols || target_col > main->ncols)
        return ws_err_set(err, WS_ERR_INVALID, "关联：列号超出范围");
    for (size_t c = 0; c < ncols; c++)
        if (cols[c] != SIZE_MAX && cols[c] >= extra->ncols)
            return ws_err_set(err, WS_ERR_INVALID, "关联：列号超出范围");
    ws_join *j = join_alloc(main, extra, arena);
    ws_sheet *s =
        j ? copy_sheet(main, target_col, target_header ? target_header : "", arena) : NULL;
    if (!s || !assign_rows(j, main, main_key, extra_key, cols, ncols, arena))
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    j->target_col = target_col;
    for (size_t m = 1; m < s->nrows; m++)
        j->first_entry[m] = ws_utf8_count_nonblank_lines(s->cells[m][target_col]);
    WS_TRY(fill_target(s, extra, j, cols, ncols, arena, err));
    WS_TRY(carry_errors(s, main, j, cols, ncols, arena, err));
    *joined = s;
    *out = j;
    return WS_OK;
}

size_t ws_join_source(const ws_join *j, size_t row, size_t entry)
{
    if (!j || row == 0 || entry < j->first_entry[row]) return 0;
    size_t k = entry - j->first_entry[row];
    return k < j->nrows[row] ? j->rows[row][k] : 0;
}
