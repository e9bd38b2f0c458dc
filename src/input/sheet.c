/* input/sheet.c - reader dispatch and notes; see sheet.h. */
#include "input/sheet.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void ws_sheet_note(ws_sheet *s, ws_arena *arena, size_t row, int col, ws_note_level level,
                   const char *fmt, ...)
{
    ws_cell_note *n = ws_arena_calloc(arena, 1, sizeof *n);
    if (!n) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    n->row = row;
    n->col = col;
    n->level = level;
    n->msg = ws_arena_strdup(arena, msg);
    /* keep row order: append after the last note of an earlier or equal row */
    ws_cell_note **p = &s->notes;
    while (*p && (*p)->row <= row) p = &(*p)->next;
    n->next = *p;
    *p = n;
}

static bool has_suffix(const char *path, const char *suffix)
{
    size_t lp = strlen(path), ls = strlen(suffix);
    return lp >= ls && strcasecmp(path + lp - ls, suffix) == 0;
}

ws_status ws_sheet_read(const char *path, const char *sheet_name, ws_arena *arena,
                        ws_sheet **out, ws_err *err)
{
    if (has_suffix(path, ".xlsx") || has_suffix(path, ".xlsm")) {
        ws_book *book;
        WS_TRY(ws_xlsx_read(path, arena, &book, err));
        if (book->nsheets == 0)
            return ws_err_set(err, WS_ERR_INPUT, "%s：工作簿中没有工作表", path);
        if (!sheet_name) {
            *out = book->sheets[0];
            return WS_OK;
        }
        for (size_t i = 0; i < book->nsheets; i++) {
            if (book->sheets[i]->name && strcmp(book->sheets[i]->name, sheet_name) == 0) {
                *out = book->sheets[i];
                return WS_OK;
            }
        }
        return ws_err_set(err, WS_ERR_INPUT, "%s：没有名为「%s」的工作表", path, sheet_name);
    }
    if (has_suffix(path, ".xls"))
        return ws_err_set(err, WS_ERR_INPUT,
                          "%s：不支持旧版 .xls 格式，请在 Excel/WPS 中另存为 .xlsx 或 CSV", path);
    return ws_csv_read(path, arena, out, err);
}

size_t ws_sheet_first_row_from(const ws_sheet *s, size_t line)
{
    size_t lo = 0, hi = s->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->line[mid] < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t ws_sheet_row_of_line(const ws_sheet *s, size_t line)
{
    size_t lo = ws_sheet_first_row_from(s, line);
    return lo < s->nrows && s->line[lo] == line ? lo : SIZE_MAX;
}

size_t ws_sheet_unreadable_rows(const ws_sheet *s)
{
    size_t n = 0;
    for (const ws_cell_note *note = s->notes; note; note = note->next)
        n += note->row == 0 && note->level == WS_NOTE_ERROR;
    return n;
}
