/* tests/fuzz/fuzz_units.c - the units file (units.csv) as the build reads it:
 * any bytes parsed as a CSV (ws_csv_parse), then checked like the records
 * (ws_units_check_sheet: duplicate units, dates through base/date.c, control
 * characters, reader notes) with the unit names in column 0, and once more in
 * the last column, as a units file whose 推荐单位 column is elsewhere. Every
 * problem must name a row of the sheet and be a terminated string, and the
 * row errors must agree with the problems listed. */
#include <stdlib.h>
#include <string.h>

#include "check/units.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Aborts on any broken promise of ws_units_check_sheet. */
static void check_result(const ws_sheet *sh, const ws_units_check *c)
{
    size_t with_error = 0, sum = 0;
    for (size_t i = 0; i < c->n; i++) {
        const ws_unit_problem *p = &c->problems[i];
        if (p->row == 0 || p->row >= sh->nrows || !p->msg) abort();
        if (i && p->row < c->problems[i - 1].row) abort(); /* in row order */
        if (!c->row_error[p->row]) abort();                 /* a listed problem marks its row */
        sum += strlen(p->msg);
    }
    for (size_t r = 0; r < sh->nrows; r++) {
        if (!c->row_error[r]) continue;
        if (r == 0) abort(); /* the header is never a unit */
        with_error++;
        sum += strlen(c->row_error[r]);
    }
    if (with_error && !c->n) abort(); /* a row in error has a problem listed (at its group's first row) */
    if (sum == (size_t)-1) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ws_arena *a = ws_arena_create(0);
    if (!a) return 0;
    ws_sheet *sh = NULL;
    ws_err err = {0};
    if (ws_csv_parse((const char *)data, size, "units.csv", a, &sh, &err) == WS_OK && sh->ncols) {
        int keys[2] = {0, (int)sh->ncols - 1};
        for (int k = 0; k < 2; k++) {
            ws_units_check c;
            if (ws_units_check_sheet(sh, keys[k], a, &c, &err) == WS_OK) check_result(sh, &c);
            else if (err.status != WS_ERR_NOMEM) abort(); /* problems are data, not failures */
        }
    }
    ws_arena_destroy(a);
    return 0;
}
