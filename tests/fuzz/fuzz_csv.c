/* tests/fuzz/fuzz_csv.c - the CSV reader (ws_csv_parse): encoding detection
 * (UTF-8, BOM, GB18030 through iconv), quotes, embedded newlines, ragged
 * rows, per-row notes. Whatever the bytes, it returns a sheet or an error;
 * a returned sheet must be well-formed (every cell a string). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "input/sheet.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ws_arena *a = ws_arena_create(0);
    if (!a) return 0;
    ws_sheet *sh = NULL;
    ws_err err = {0};
    if (ws_csv_parse((const char *)data, size, "fuzz.csv", a, &sh, &err) == WS_OK) {
        /* touch every cell and note: ASan catches a dangling or short row */
        size_t sum = 0;
        for (size_t r = 0; r < sh->nrows; r++) {
            for (size_t c = 0; c < sh->ncols; c++) sum += strlen(sh->cells[r][c]);
            sum += sh->line[r] + sh->row_ncols[r];
        }
        for (const ws_cell_note *n = sh->notes; n; n = n->next) {
            if (n->row >= sh->nrows) abort();
            sum += strlen(n->msg);
        }
        if (sum == (size_t)-1) abort(); /* keeps the loop */
    } else if (memchr(err.msg, '\0', sizeof err.msg) == NULL) {
        abort(); /* the message must be a terminated string */
    }
    ws_arena_destroy(a);
    return 0;
}
