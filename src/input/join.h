/* input/join.h - an extra sheet's rows joined into the main sheet.
 *
 * A collection workbook keeps one-to-many data (主要工作经历, 荣誉) on a
 * sheet of its own: one row per entry, the person's key (身份证号) in one
 * column. ws_sheet_join returns a copy of the main sheet (the copy shares
 * the cell text; nothing of the inputs is modified) in which each extra row
 * has been appended, as one line "a|b|c", to a cell of the main row with the
 * same key: the list value form of template/bind.h (ws_list_entries). The
 * join knows columns only by index; which sheet feeds which field is decided
 * by the caller (check/records.h does it by the program's labels).
 *
 * The result remembers where each joined entry came from, so that a finding
 * about the 3rd entry of row 5 can name the extra sheet's own row. An entry
 * cell with a reader's WS_NOTE_ERROR (an error value, lost digits) puts a
 * WS_NOTE_ERROR on the main row's joined cell, naming the extra row (the copy
 * then has its own note list; main's is not touched).
 *
 * A key several main rows share (a duplicated 身份证号, reported by the
 * check stage) gets its extra rows by runs: the k-th run of consecutive
 * extra rows with that key goes to the k-th such main row, and a single run
 * goes to all of them.
 *
 * Keys are compared after trimming spaces (ASCII, U+3000) with ASCII letters
 * in upper case (身份证号 "…123x" matches "…123X"). Inside a joined cell, a
 * line break becomes a space and a column separator (| ｜ tab) becomes "／",
 * so an entry never splits into two.
 *
 * All memory comes from the arena passed in. */
#ifndef WS_INPUT_JOIN_H
#define WS_INPUT_JOIN_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "input/sheet.h"

typedef struct ws_join {
    const ws_sheet *extra; /* the extra sheet as read */
    size_t target_col;     /* the joined sheet's column that received the entries */
    size_t *owner;         /* per extra row (index into extra->cells): the (first) main
                            * row it joined (index into main->cells, >= 1), or 0 when it
                            * joined none (the header, a blank row, a key no main row has) */
    size_t norphans;       /* extra rows with content whose key no main row has */
    size_t *first_entry;   /* per main row: entries already in the main cell */
    size_t **rows;         /* per main row: the extra rows joined, in entry order */
    size_t *nrows;
} ws_join;

/* Joins 'extra' into a copy of 'main'. main_key / extra_key are the key
 * columns; cols (ncols of them, each < extra->ncols or SIZE_MAX for "no
 * such column": an empty entry column) are the extra columns that make up an
 * entry, in order. target_col is the main column that receives the entries;
 * target_col == main->ncols appends a new column with header target_header.
 * Rows of 'main' keep their order and row numbers; extra rows are appended
 * in their sheet order. WS_ERR_INVALID for a column out of range,
 * WS_ERR_NOMEM. On success *joined and *out are set. */
ws_status ws_sheet_join(const ws_sheet *main, size_t main_key, const ws_sheet *extra,
                        size_t extra_key, const size_t *cols, size_t ncols, size_t target_col,
                        const char *target_header, ws_arena *arena, ws_sheet **joined,
                        ws_join **out, ws_err *err);

/* The extra row (index into j->extra->cells) that entry 'entry' (0-based,
 * as ws_list_entries counts) of main row 'row' came from, or 0 when the
 * entry was in the main cell itself or does not exist. */
size_t ws_join_source(const ws_join *j, size_t row, size_t entry);

/* True when two keys are equal as the join compares them. */
int ws_join_key_equal(const char *a, const char *b);

#endif
