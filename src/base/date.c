/* base/date.c - see date.h.
 *
 * Clerks type dates in half a dozen ways and spreadsheets keep them as text,
 * so parsing first cuts the input into tokens (numbers and separators, with
 * full-width forms folded to ASCII and whitespace dropped) and then matches
 * the token list against the few accepted shapes. Anything else is refused
 * with a reason rather than guessed: a wrong 出生年月 or 公示 date is worse
 * than a rejected record. Day arithmetic uses Howard Hinnant's
 * days-from-civil algorithm, which is exact for the proleptic Gregorian
 * calendar and needs no time zone. */
#include "base/date.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"

enum { TOK_NUM, TOK_SEP };
#define MAX_TOKS 8
#define QUOTE_MAX 60 /* bytes of the input quoted in a message */

typedef struct tok {
    int kind;
    long value;   /* TOK_NUM: the number (only meaningful up to 9 digits) */
    int digits;   /* TOK_NUM: how many digits */
    uint32_t sep; /* TOK_SEP: '-', '/', '.', or 年 月 日 */
} tok;

typedef struct toks {
    tok t[MAX_TOKS];
    int n;
    bool overflow;
} toks;

#define CP_NIAN 0x5E74u /* 年 */
#define CP_YUE 0x6708u  /* 月 */
#define CP_RI 0x65E5u   /* 日 */

/* Bytes of s (len) that can be quoted: a valid UTF-8 prefix of at most
 * QUOTE_MAX bytes ending on a character boundary. */
static int quote_len(const char *s, size_t len)
{
    size_t bad = ws_utf8_invalid_at(s, len);
    if (bad < len) len = bad;
    size_t i = 0;
    while (i < len) {
        size_t n;
        ws_utf8_decode(s + i, len - i, &n);
        if (i + n > QUOTE_MAX) break;
        i += n;
    }
    return (int)i;
}

static int ascii_digit(uint32_t cp)
{
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10); /* ０..９ */
    return -1;
}

/* The separator cp stands for, or 0 if it is none. */
static uint32_t separator(uint32_t cp)
{
    switch (cp) {
    case '-':
    case 0xFF0D: return '-'; /* － */
    case '/':
    case 0xFF0F: return '/'; /* ／ */
    case '.':
    case 0xFF0E: return '.'; /* ． */
    case CP_NIAN:
    case CP_YUE:
    case CP_RI: return cp;
    default: return 0;
    }
}

static void push_digit(toks *tk, int digit, bool *in_num)
{
    if (!*in_num) {
        if (tk->n == MAX_TOKS) {
            tk->overflow = true;
            return;
        }
        tk->t[tk->n++] = (tok){TOK_NUM, 0, 0, 0};
        *in_num = true;
    }
    tok *t = &tk->t[tk->n - 1];
    if (t->digits < 9) t->value = t->value * 10 + digit;
    t->digits++;
}

/* Cuts s into tokens. Returns false on a character that is neither a digit,
 * a separator nor whitespace (or invalid UTF-8). */
static bool tokenize(const char *s, size_t len, toks *tk)
{
    bool in_num = false;
    tk->n = 0;
    tk->overflow = false;
    for (size_t i = 0; i < len;) {
        size_t n;
        int32_t cp = ws_utf8_decode(s + i, len - i, &n);
        i += n;
        if (cp < 0) return false;
        int digit = ascii_digit((uint32_t)cp);
        if (digit >= 0) {
            push_digit(tk, digit, &in_num);
            continue;
        }
        in_num = false;
        if (ws_is_space((uint32_t)cp)) continue;
        uint32_t sep = separator((uint32_t)cp);
        if (!sep) return false;
        if (tk->n == MAX_TOKS)
            tk->overflow = true;
        else
            tk->t[tk->n++] = (tok){TOK_SEP, 0, 0, sep};
    }
    return true;
}

static bool is_num(const tok *t, int min_digits, int max_digits)
{
    return t->kind == TOK_NUM && t->digits >= min_digits && t->digits <= max_digits;
}

static bool is_sep(const tok *t, uint32_t sep)
{
    return t->kind == TOK_SEP && t->sep == sep;
}

static bool is_plain_sep(const tok *t)
{
    return t->kind == TOK_SEP && (t->sep == '-' || t->sep == '/' || t->sep == '.');
}

/* Fields found by the match_* functions; day_given false for a year-month. */
typedef struct fields {
    long year;
    int year_digits;
    long month, day;
    bool day_given;
} fields;

/* 20200723 */
static bool match_compact(const toks *tk, fields *f)
{
    if (tk->n != 1 || !is_num(&tk->t[0], 8, 8)) return false;
    long v = tk->t[0].value;
    *f = (fields){v / 10000, 4, (v / 100) % 100, v % 100, true};
    return true;
}

/* 2020-07-23, 2020/7/23, 2020.07.23, 1978.05 */
static bool match_separated(const toks *tk, fields *f)
{
    const tok *t = tk->t;
    if (tk->n != 3 && tk->n != 5) return false;
    if (t[0].kind != TOK_NUM || !is_plain_sep(&t[1]) || !is_num(&t[2], 1, 2)) return false;
    if (tk->n == 5 && (!is_sep(&t[3], t[1].sep) || !is_num(&t[4], 1, 2))) return false;
    bool day_given = tk->n == 5;
    *f = (fields){t[0].value, t[0].digits, t[2].value, day_given ? t[4].value : 0, day_given};
    return true;
}

/* 2020年7月23日, 1978年5月 */
static bool match_chinese(const toks *tk, fields *f)
{
    const tok *t = tk->t;
    if (tk->n != 4 && tk->n != 6) return false;
    if (t[0].kind != TOK_NUM || !is_sep(&t[1], CP_NIAN) || !is_num(&t[2], 1, 2) ||
        !is_sep(&t[3], CP_YUE))
        return false;
    if (tk->n == 6 && (!is_num(&t[4], 1, 2) || !is_sep(&t[5], CP_RI))) return false;
    bool day_given = tk->n == 6;
    *f = (fields){t[0].value, t[0].digits, t[2].value, day_given ? t[4].value : 0, day_given};
    return true;
}

/* Checks the fields and fills *out, or explains what is wrong. q/qn quote
 * the input. */
static ws_status check_fields(const fields *f, const char *q, int qn, ws_date *out, ws_err *err)
{
    long year = f->year;
    if (f->year_digits != 4 || year < 1000)
        return ws_err_set(err, WS_ERR_INPUT, "日期「%.*s」的年份应为四位数", qn, q);
    if (f->month < 1 || f->month > 12)
        return ws_err_set(err, WS_ERR_INPUT, "日期「%.*s」不存在：没有%ld月", qn, q, f->month);
    if (f->day_given) {
        int dim = ws_date_days_in_month((int)year, (int)f->month);
        if (f->day < 1) return ws_err_set(err, WS_ERR_INPUT, "日期「%.*s」不存在：没有0日", qn, q);
        if (f->day > dim)
            return ws_err_set(err, WS_ERR_INPUT, "日期「%.*s」不存在：%ld年%ld月只有%d天", qn, q,
                              year, f->month, dim);
    }
    *out = (ws_date){(int)year, (int)f->month, f->day_given ? (int)f->day : 0};
    return WS_OK;
}

ws_status ws_date_parse(const char *s, size_t len, ws_date *out, ws_err *err)
{
    *out = (ws_date){0, 0, 0};
    size_t tlen;
    const char *t = ws_utf8_trim(s, len, &tlen);
    int qn = quote_len(t, tlen);
    if (tlen == 0) return ws_err_set(err, WS_ERR_INPUT, "日期为空");
    toks tk;
    if (!tokenize(t, tlen, &tk))
        return ws_err_set(err, WS_ERR_INPUT, "日期「%.*s」含有不能出现在日期中的字符", qn, t);
    fields f = {0, 0, 0, 0, false};
    if (tk.overflow ||
        !(match_compact(&tk, &f) || match_separated(&tk, &f) || match_chinese(&tk, &f)))
        return ws_err_set(err, WS_ERR_INPUT,
                          "无法识别日期「%.*s」：应写成 2020-07-23、2020年7月23日、20200723 "
                          "或 1978.05 这样的形式",
                          qn, t);
    return check_fields(&f, t, qn, out, err);
}

ws_status ws_date_parse_full(const char *s, size_t len, ws_date *out, ws_err *err)
{
    WS_TRY(ws_date_parse(s, len, out, err));
    if (out->day != 0) return WS_OK;
    *out = (ws_date){0, 0, 0};
    size_t tlen;
    const char *t = ws_utf8_trim(s, len, &tlen);
    return ws_err_set(err, WS_ERR_INPUT, "日期「%.*s」缺少日", quote_len(t, tlen), t);
}

bool ws_date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int ws_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && ws_date_is_leap(year)) return 29;
    return days[month - 1];
}

bool ws_date_is_valid(ws_date d)
{
    if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12) return false;
    return d.day >= 0 && d.day <= ws_date_days_in_month(d.year, d.month);
}

long ws_date_to_days(ws_date d)
{
    int day = d.day > 0 ? d.day : 1;
    long y = (long)d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                          /* [0, 399] */
    long mp = d.month > 2 ? d.month - 3 : d.month + 9; /* March = 0 */
    long doy = (153 * mp + 2) / 5 + day - 1;           /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

ws_date ws_date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    int year = (int)(yoe + era * 400 + (month <= 2));
    return (ws_date){year, month, day};
}

int ws_date_weekday(ws_date d)
{
    long days = ws_date_to_days(d);
    return (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
}

ws_date ws_date_add_days(ws_date d, long n)
{
    return ws_date_from_days(ws_date_to_days(d) + n);
}

int ws_date_compare(ws_date a, ws_date b)
{
    if (a.year != b.year) return a.year < b.year ? -1 : 1;
    if (a.month != b.month) return a.month < b.month ? -1 : 1;
    if (a.day != b.day) return a.day < b.day ? -1 : 1;
    return 0;
}

int ws_date_age_at(ws_date birth, ws_date at)
{
    if (birth.day == 0) birth.day = 1;
    if (at.day == 0) at.day = 1;
    if (ws_date_compare(at, birth) < 0) return -1;
    int age = at.year - birth.year;
    if (at.month < birth.month || (at.month == birth.month && at.day < birth.day)) age--;
    return age;
}

/* Appends the Chinese numeral for 1..31 the certificate way: 十, 十一,
 * 二十三, 三十 (never 零 or 一十). */
static size_t put_cn_number(char *p, int v)
{
    static const char *digit[10] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    size_t n = 0;
    if (v >= 20) n += (size_t)sprintf(p + n, "%s", digit[v / 10]);
    if (v >= 10) n += (size_t)sprintf(p + n, "十");
    if (v % 10 != 0 || v < 10) n += (size_t)sprintf(p + n, "%s", digit[v % 10]);
    return n;
}

/* Year digit by digit with 〇, then 年, month 月 [, day 日]. tmp holds at
 * least WS_DATE_FORMAT_MAX bytes. */
static void format_cn_numeral(ws_date d, char *tmp)
{
    static const char *digit[10] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    char year[8];
    size_t n = 0;
    snprintf(year, sizeof year, "%04d", d.year);
    for (const char *y = year; *y; y++)
        n += (size_t)sprintf(tmp + n, "%s", digit[*y - '0']);
    n += (size_t)sprintf(tmp + n, "年");
    n += put_cn_number(tmp + n, d.month);
    n += (size_t)sprintf(tmp + n, "月");
    if (d.day == 0) return;
    n += put_cn_number(tmp + n, d.day);
    sprintf(tmp + n, "日");
}

/* Formats into tmp (WS_DATE_FORMAT_MAX bytes); false for an unknown style. */
static bool format_style(ws_date d, const char *style, char *tmp)
{
    const size_t m = WS_DATE_FORMAT_MAX;
    bool ym = d.day == 0;
    if (strcmp(style, "cn") == 0) {
        if (ym)
            snprintf(tmp, m, "%d年%d月", d.year, d.month);
        else
            snprintf(tmp, m, "%d年%d月%d日", d.year, d.month, d.day);
    } else if (strcmp(style, "cn-numeral") == 0) {
        format_cn_numeral(d, tmp);
    } else if (strcmp(style, "dot") == 0 || strcmp(style, "iso") == 0) {
        char sep = style[0] == 'd' ? '.' : '-';
        if (ym)
            snprintf(tmp, m, "%04d%c%02d", d.year, sep, d.month);
        else
            snprintf(tmp, m, "%04d%c%02d%c%02d", d.year, sep, d.month, sep, d.day);
    } else {
        return false;
    }
    return true;
}

ws_status ws_date_format(ws_date d, const char *style, char *out, size_t n)
{
    char tmp[WS_DATE_FORMAT_MAX];
    if (n > 0) out[0] = '\0';
    if (!style || !ws_date_is_valid(d) || !format_style(d, style, tmp)) return WS_ERR_INVALID;
    size_t len = strlen(tmp);
    if (len >= n) return WS_ERR_INVALID;
    memcpy(out, tmp, len + 1);
    return WS_OK;
}

/* Parses a non-negative decimal number of seconds no later than year 9999. */
static bool parse_epoch(const char *s, long long *out)
{
    const long long max = 253402300799LL; /* 9999-12-31T23:59:59Z */
    long long v = 0;
    if (!*s) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        v = v * 10 + (*s - '0');
        if (v > max) return false;
    }
    *out = v;
    return true;
}

ws_status ws_date_today_or_epoch(ws_date *out)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env) {
        long long secs;
        if (!parse_epoch(env, &secs)) return WS_ERR_INVALID;
        *out = ws_date_from_days((long)(secs / 86400));
        return WS_OK;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !localtime_r(&now, &tm)) return WS_ERR_INVALID;
    *out = (ws_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return WS_OK;
}

long long ws_date_source_epoch(long long fallback_secs)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    long long secs;
    return env && parse_epoch(env, &secs) ? secs : fallback_secs;
}

long long ws_date_year_epoch(int year)
{
    ws_date d = {year >= 1000 && year <= 9999 ? year : 2000, 1, 1};
    return ws_date_source_epoch((long long)ws_date_to_days(d) * 86400);
}
