/* base/date.h - calendar dates as clerks type them and as documents print them.
 *
 * A ws_date is a plain proleptic Gregorian date. day == 0 marks a year-month
 * value such as 出生年月 "1978.05"; functions say whether they accept one.
 * Nothing here allocates; parsing fills a caller-owned ws_err with a reason in
 * Chinese (日期「2019-02-29」不存在：2019年2月只有28天). */
#ifndef WS_BASE_DATE_H
#define WS_BASE_DATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef struct ws_date {
    int year, month, day; /* day 0 = year-month only */
} ws_date;

/* Enough for every ws_date_format style, NUL included
 * ("二〇二〇年十二月三十一日" is 36 bytes). */
#define WS_DATE_FORMAT_MAX 48

/* Parses the len bytes at s. Accepted, with whitespace (ASCII, U+3000)
 * anywhere around or between the parts, and full-width digits and
 * separators (２０２０．０７) read as ASCII:
 *   full dates   2020-07-23  2020/7/23  2020.07.23  2020年7月23日  20200723
 *   year-month   1978.05  1978.5  1978-05  1978/05  1978年5月      (day = 0)
 * The year has four digits (1000-9999); the same separator is used twice.
 * Returns WS_OK and sets *out, or returns WS_ERR_INPUT with a Chinese reason
 * in err (unknown form, month 13, 2019-02-29 ...) and leaves *out as {0}. */
ws_status ws_date_parse(const char *s, size_t len, ws_date *out, ws_err *err);

/* As ws_date_parse, but a year-month value is an error (日期「1978.05」缺少日). */
ws_status ws_date_parse_full(const char *s, size_t len, ws_date *out, ws_err *err);

bool ws_date_is_leap(int year);

/* 28..31, or 0 when month is not 1..12. */
int ws_date_days_in_month(int year, int month);

/* True for an existing date, or a year-month (day 0) with month 1..12;
 * year must be 1..9999. */
bool ws_date_is_valid(ws_date d);

/* Days since 1970-01-01 (negative before). A year-month counts as its 1st
 * day. d must be valid. */
long ws_date_to_days(ws_date d);

/* The date 'days' days after 1970-01-01. */
ws_date ws_date_from_days(long days);

/* 0 = Monday ... 6 = Sunday. d must be valid (day 0 counts as the 1st). */
int ws_date_weekday(ws_date d);

/* d plus n days (n may be negative); the result is a full date. */
ws_date ws_date_add_days(ws_date d, long n);

/* <0, 0, >0 as a is before, equal to, after b, field by field (a
 * year-month sorts before the 1st of its month). Usable with qsort on
 * arrays of ws_date through a small wrapper. */
int ws_date_compare(ws_date a, ws_date b);

/* Age in full years (周岁) on 'at': the birthday must have been reached,
 * so someone born 2000-02-29 turns 21 on 2021-03-01. A year-month birth
 * date counts from the 1st of its month. Returns -1 when at is before
 * birth. Both must be valid. */
int ws_date_age_at(ws_date birth, ws_date at);

/* Writes d into out (n bytes, NUL-terminated) in one of these styles:
 *   "cn"          2020年7月23日        1978年5月
 *   "cn-numeral"  二〇二〇年七月二十三日  一九七八年五月   (certificates: 〇 for zero
 *                 in the year, 十 in months and days, never 零)
 *   "dot"         2020.07.23           1978.05
 *   "iso"         2020-07-23           1978-05
 * Returns WS_OK, or WS_ERR_INVALID (out = "") for an unknown style, an
 * invalid date or a buffer shorter than the text (WS_DATE_FORMAT_MAX is
 * always enough). */
ws_status ws_date_format(ws_date d, const char *style, char *out, size_t n);

/* The date documents are dated with. If the environment variable
 * SOURCE_DATE_EPOCH is set (seconds since 1970-01-01 UTC, the
 * reproducible-builds convention), its UTC date; otherwise today's local
 * date. Returns WS_OK, or WS_ERR_INVALID when SOURCE_DATE_EPOCH is set but
 * is not a non-negative decimal integer (*out is then left untouched). */
ws_status ws_date_today_or_epoch(ws_date *out);

/* The moment a file records as its creation time (an .xlsx's docProps):
 * SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC) when it is set and valid,
 * else 'fallback_secs' - a time taken from the data (e.g. 1 January of the
 * program's year), never the clock, so the same inputs give the same bytes. */
long long ws_date_source_epoch(long long fallback_secs);

/* ws_date_source_epoch with 1 January of 'year' 00:00 UTC as the fallback
 * (a year outside 1000..9999 counts as 2000): a workbook's creation time. */
long long ws_date_year_epoch(int year);

#endif
