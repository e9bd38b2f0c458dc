/* check/calendar.h - working days under China's holiday calendar, for the
 * publicity period of a notice (公示期为5个工作日).
 *
 * The State Council publishes each November which days of the next year are
 * holidays and which weekend days are worked instead (调休). That changes
 * every year, so it lives in a data file (templates/_shared/holidays.tsv;
 * its header says how to add a year), not in code:
 *   2020-10-01<TAB>off<TAB>国庆节        a day off
 *   2020-09-27<TAB>work<TAB>国庆节调休   a Saturday/Sunday that is worked
 * A ws_calendar is loaded once, is read-only afterwards (safe to share
 * between threads) and is freed with ws_calendar_destroy. */
#ifndef WS_CHECK_CALENDAR_H
#define WS_CHECK_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/status.h"

typedef struct ws_calendar ws_calendar;

/* Reads the holiday file at 'path' into a new calendar (*out, owned by the
 * caller). Lines: "YYYY-MM-DD<TAB>off|work<TAB>name" (the name may be
 * left out), '#' comment lines and blank lines; a UTF-8 BOM and CRLF line
 * ends are accepted. Returns WS_OK, WS_ERR_IO when the file cannot be read,
 * WS_ERR_NOMEM, or WS_ERR_INPUT naming the file and line for a malformed
 * line, an impossible date, an unknown kind, a date listed twice, or a
 * 'work' day that is not a Saturday or Sunday. *out is NULL on failure. */
ws_status ws_calendar_load(const char *path, ws_calendar **out, ws_err *err);

/* As ws_calendar_load, from the len bytes at text; 'name' stands for the
 * file in messages. */
ws_status ws_calendar_load_text(const char *text, size_t len, const char *name, ws_calendar **out,
                                ws_err *err);

/* The calendar of the program in folder 'dir': templates/_shared/holidays.tsv
 * (dir/../_shared/) extended by the program's own dir/holidays.tsv, either
 * of which may be absent. A date both list is the program's; a date one file
 * lists twice is an error as above. WS_ERR_TEMPLATE when neither exists. */
ws_status ws_calendar_load_program(const char *dir, ws_calendar **out, ws_err *err);

/* Whether a program folder has a holiday file to load (its own or the
 * shared one beside it). */
bool ws_calendar_program_found(const char *dir);

void ws_calendar_destroy(ws_calendar *cal); /* accepts NULL */

/* True when the file lists at least one date in 'year', i.e. that year's
 * notice has been entered. */
bool ws_calendar_covers(const ws_calendar *cal, int year);

/* Monday to Friday unless listed 'off'; Saturday and Sunday only if listed
 * 'work'. Does not check coverage: in a year the file does not cover this
 * is just the plain week. d must be a valid full date. */
bool ws_calendar_is_workday(const ws_calendar *cal, ws_date d);

/* The publicity period of n (>= 1) working days beginning on 'start' (or,
 * when start is not a working day, on the next working day): sets *end to
 * its n-th working day. E.g. 2020-07-23 (Thursday), 5 -> 2020-07-29;
 * 2020-09-29, 5 -> 2020-10-12 (9/29, 9/30, 10/9, 10/10 调休, 10/12).
 * Returns WS_OK; WS_ERR_INVALID when n < 1 or start is not a valid full
 * date; WS_ERR_INPUT, with a message naming the year and the years the
 * files do cover, when the period reaches a year they do not cover. */
ws_status ws_calendar_add_workdays(const ws_calendar *cal, ws_date start, int n, ws_date *end,
                                   ws_err *err);

#endif
