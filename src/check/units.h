/* check/units.h - the units file (units.csv: 推荐单位, 落款单位, 填报人,
 * 推荐日期 …) checked like the records.
 *
 * A unit's row is printed on the papers that unit signs and stamps (推荐函,
 * 汇总表, 装订册 cover), so a row that is wrong must never be used silently:
 *   - the same unit on two rows (names compared as labels, as the build
 *     matches them): which one is meant is unknown, so every row of the unit
 *     is wrong, each message naming all of them;
 *   - a column whose header ends in 日期 (推荐日期, 专家评议日期) holding
 *     something that is not a real date, read by ws_date_parse_full as the
 *     records' dates are (2020-13-45: 没有13月);
 *   - a row with values but no unit name (it can never be used);
 *   - a character that cannot be printed (control, bidi, zero-width,
 *     private-use: check/paper.h's words), and what the reader noted as an
 *     error on the row (invalid bytes);
 *   - by the column's header, the values the papers print for the unit's
 *     contact: 手机 (an 11-digit mobile), 电话 (a mobile or a landline),
 *     邮箱/邮件/Email (an e-mail address), 邮编 (6 digits) — as a record's
 *     phone and email rules judge them.
 * Other rows stay usable. Messages are Chinese and name the file, the row as
 * the spreadsheet shows it (header 第1行) and the column. */
#ifndef WS_CHECK_UNITS_H
#define WS_CHECK_UNITS_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "input/sheet.h"

typedef struct ws_unit_problem {
    size_t row;      /* index into the sheet's cells[] (>= 1) */
    size_t line;     /* that row as the spreadsheet shows it (header = 1) */
    const char *msg; /* "units.csv 第3行「推荐日期」：日期「2020-13-45」不存在：没有13月" */
} ws_unit_problem;

typedef struct ws_units_check {
    ws_unit_problem *problems; /* in row order, then column order; a duplicate unit once,
                                  at its first row (the message names every row) */
    size_t n;
    const char **row_error;    /* per sheet row: its first problem's message (a duplicate
                                  unit's for each of its rows), or NULL */
    const char **missing;      /* units the records name that have no row (ws_units_check_used): */
    const char **missing_msg;  /* … each as a label, and its message (also in problems, row 0) */
    size_t nmissing;
    ws_unit_problem *empty;    /* 落款 cells left empty that documents print (ws_units_check_used), */
    const char **empty_key;    /* … each with its column (also in problems) */
    size_t nempty;
} ws_units_check;

/* Reads a units file (CSV or XLSX, first sheet) and finds the column
 * holding the unit names: the last whose header is 'key' compared as a
 * label (spaces, bracket widths ignored). WS_ERR_INPUT "FILE：第1行没有「key」列"
 * when there is none; reader errors as ws_sheet_read gives them. */
ws_status ws_units_load(const char *path, const char *key, ws_arena *arena, ws_sheet **out,
                        int *key_col, ws_err *err);

/* Checks every row of 'units' (row 0 is the header) whose unit name is in
 * column key_col. Everything lives in arena. WS_ERR_NOMEM only; problems
 * are data, not a failure. */
ws_status ws_units_check_sheet(const ws_sheet *units, int key_col, ws_arena *arena,
                               ws_units_check *out, ws_err *err);

/* The units the records name (used[0..nused), repeats and empty names
 * ignored), against the columns the documents print as {{unit.KEY}}
 * (keys[0..nkeys), docs[k] naming the documents that print keys[k] in
 * messages, "推荐函、装订册封面", and all_docs those that print any): a unit with no row is a problem (row 0,
 * line 0; also listed in out->missing), and so is a row of a named unit
 * whose KEY cell is empty when KEY is part of the 落款 (it names 落款, or
 * ends in 日期 like 推荐日期): either would print a blank 落款 on a paper
 * that is signed and stamped. The empty cells are listed in out->empty, not
 * in row_error: only the documents that print that column fail (see
 * ws_units_empty). Other columns may be empty on purpose. Appends to what
 * ws_units_check_sheet gave in *out. Nothing to do without keys.
 * WS_ERR_NOMEM only. */
ws_status ws_units_check_used(const ws_sheet *units, int key_col, const char *const *used,
                              size_t nused, const char *const *keys, const char *const *docs,
                              size_t nkeys, const char *all_docs, ws_arena *arena,
                              ws_units_check *out, ws_err *err);

/* No units file where one was looked for ('path', the first name tried),
 * while the documents 'docs' print {{unit.KEY}}: a problem (row 0, line 0)
 * in *out (zeroed first), as every unit's 落款 would be blank. WS_ERR_NOMEM
 * only. */
ws_status ws_units_check_absent(const char *path, const char *docs, ws_arena *arena,
                                ws_units_check *out, ws_err *err);

/* What a document that prints {{unit.KEY}} says when there is no units file. */
extern const char WS_UNITS_ABSENT[];

/* The message of ws_units_check_used for row's 'key' cell left empty, or NULL. */
const char *ws_units_empty(const ws_units_check *c, size_t row, const char *key);

/* The message of ws_units_check_used for 'unit' having no row, or NULL. */
const char *ws_units_missing(const ws_units_check *c, const char *unit);

/* The first row (>= 1) of 'units' whose column key_col names 'unit' (compared
 * as labels, as the build matches them), or 0 when none. */
size_t ws_units_row(const ws_sheet *units, int key_col, const char *unit);

/* The last column whose header is 'name' compared as a label, or -1. */
int ws_units_column(const ws_sheet *units, const char *name);

#endif
