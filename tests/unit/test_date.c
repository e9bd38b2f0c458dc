/* Unit tests for base/date: parsing, arithmetic, formatting. */
#include "harness.h"

#include <stdlib.h>

#include "base/date.h"

/* Parses s and checks the result; day 0 for a year-month. */
#define CHECK_PARSE(s, y, m, d)                                                                    \
    do {                                                                                           \
        ws_date th_d;                                                                              \
        ws_err th_e = {WS_OK, ""};                                                                 \
        ws_status th_st = ws_date_parse((s), strlen(s), &th_d, &th_e);                             \
        if (th_st != WS_OK)                                                                        \
            TH_FAIL("parse \"%s\": %s", (s), th_e.msg);                                            \
        else if (th_d.year != (y) || th_d.month != (m) || th_d.day != (d))                         \
            TH_FAIL("parse \"%s\" = %d-%d-%d, expected %d-%d-%d", (s), th_d.year, th_d.month,      \
                    th_d.day, (y), (m), (d));                                                      \
    } while (0)

/* Parsing s must fail with a message containing 'reason'. */
#define CHECK_REJECT(s, reason)                                                                    \
    do {                                                                                           \
        ws_date th_d;                                                                              \
        ws_err th_e = {WS_OK, ""};                                                                 \
        ws_status th_st = ws_date_parse((s), strlen(s), &th_d, &th_e);                             \
        if (th_st != WS_ERR_INPUT)                                                                 \
            TH_FAIL("parse \"%s\" accepted", (s));                                                 \
        else if (!strstr(th_e.msg, (reason)))                                                      \
            TH_FAIL("parse \"%s\": \"%s\" lacks \"%s\"", (s), th_e.msg, (reason));                 \
        CHECK_INT(th_d.year, 0);                                                                   \
    } while (0)

static const char *fmt(ws_date d, const char *style)
{
    static char buf[WS_DATE_FORMAT_MAX];
    if (ws_date_format(d, style, buf, sizeof buf) != WS_OK) return "(error)";
    return buf;
}

TEST(parse_full_dates)
{
    CHECK_PARSE("2020-07-23", 2020, 7, 23);
    CHECK_PARSE("2020/7/23", 2020, 7, 23);
    CHECK_PARSE("2020.07.23", 2020, 7, 23);
    CHECK_PARSE("2020年7月23日", 2020, 7, 23);
    CHECK_PARSE("20200723", 2020, 7, 23);
    CHECK_PARSE("  2020-07-23\t", 2020, 7, 23);
    CHECK_PARSE("　2020 年 7 月 23 日　", 2020, 7, 23);
    CHECK_PARSE("２０２０．０７．２３", 2020, 7, 23);
    CHECK_PARSE("2020-02-29", 2020, 2, 29);
    CHECK_PARSE("2000-02-29", 2000, 2, 29);
}

TEST(parse_year_month)
{
    CHECK_PARSE("1978.05", 1978, 5, 0);
    CHECK_PARSE("1978.5", 1978, 5, 0);
    CHECK_PARSE("1978-05", 1978, 5, 0);
    CHECK_PARSE("1978年5月", 1978, 5, 0);
    CHECK_PARSE("1978.12", 1978, 12, 0);
}

TEST(parse_rejects_with_reason)
{
    CHECK_REJECT("2019-02-29", "2019年2月只有28天");
    CHECK_REJECT("1900-02-29", "1900年2月只有28天");
    CHECK_REJECT("2020-04-31", "2020年4月只有30天");
    CHECK_REJECT("1978.13", "没有13月");
    CHECK_REJECT("1978.00", "没有0月");
    CHECK_REJECT("2020-07-00", "没有0日");
    CHECK_REJECT("20201301", "没有13月");
    CHECK_REJECT("", "日期为空");
    CHECK_REJECT("　 ", "日期为空");
    CHECK_REJECT("78.05", "年份应为四位数");
    CHECK_REJECT("0978.05", "年份应为四位数");
    CHECK_REJECT("2020-07/23", "无法识别日期");
    CHECK_REJECT("2020-07-23-01", "无法识别日期");
    CHECK_REJECT("2020年7月23", "无法识别日期");
    CHECK_REJECT("2020.123.1", "无法识别日期");
    CHECK_REJECT("2020723", "无法识别日期");
    CHECK_REJECT("2020年7月23日上午", "不能出现在日期中的字符");
    CHECK_REJECT("July 2020", "不能出现在日期中的字符");
    CHECK_REJECT("2020-07-2\xff", "不能出现在日期中的字符");
    CHECK_REJECT("1.2.3.4.5.6.7.8.9", "无法识别日期");
}

TEST(parse_full_needs_day)
{
    ws_date d;
    ws_err e = {WS_OK, ""};
    CHECK_INT(ws_date_parse_full("1978.05", 7, &d, &e), WS_ERR_INPUT);
    CHECK(strstr(e.msg, "缺少日") != NULL);
    CHECK_INT(ws_date_parse_full("1978.05.04", 10, &d, &e), WS_OK);
    CHECK_INT(d.day, 4);
}

TEST(long_input_is_quoted_short)
{
    char big[10001];
    memset(big, '9', 10000);
    big[10000] = '\0';
    ws_date d;
    ws_err e = {WS_OK, ""};
    CHECK_INT(ws_date_parse(big, 10000, &d, &e), WS_ERR_INPUT);
    CHECK(strlen(e.msg) < 200);
}

TEST(days_and_weekdays)
{
    CHECK_INT(ws_date_to_days((ws_date){1970, 1, 1}), 0);
    CHECK_INT(ws_date_to_days((ws_date){2000, 3, 1}), 11017);
    CHECK_INT(ws_date_to_days((ws_date){1969, 12, 31}), -1);
    ws_date d = ws_date_from_days(18466); /* 2020-07-23 */
    CHECK_INT(d.year, 2020);
    CHECK_INT(d.month, 7);
    CHECK_INT(d.day, 23);
    CHECK_INT(ws_date_weekday((ws_date){2020, 7, 23}), 3);  /* Thursday */
    CHECK_INT(ws_date_weekday((ws_date){2020, 10, 10}), 5); /* Saturday */
    CHECK_INT(ws_date_weekday((ws_date){2026, 2, 15}), 6);  /* Sunday */
    CHECK_INT(ws_date_weekday((ws_date){1969, 12, 29}), 0); /* Monday */
    for (long n = -600000; n <= 800000; n += 997) {
        ws_date x = ws_date_from_days(n);
        CHECK(ws_date_is_valid(x));
        CHECK_INT(ws_date_to_days(x), n);
    }
}

TEST(add_and_compare)
{
    ws_date d = ws_date_add_days((ws_date){2020, 2, 28}, 1);
    CHECK_STR(fmt(d, "iso"), "2020-02-29");
    d = ws_date_add_days((ws_date){2020, 12, 31}, 1);
    CHECK_STR(fmt(d, "iso"), "2021-01-01");
    d = ws_date_add_days((ws_date){2021, 3, 1}, -1);
    CHECK_STR(fmt(d, "iso"), "2021-02-28");
    CHECK(ws_date_compare((ws_date){2020, 7, 23}, (ws_date){2020, 7, 24}) < 0);
    CHECK(ws_date_compare((ws_date){2020, 8, 1}, (ws_date){2020, 7, 31}) > 0);
    CHECK(ws_date_compare((ws_date){1978, 5, 0}, (ws_date){1978, 5, 1}) < 0);
    CHECK_INT(ws_date_compare((ws_date){2020, 7, 23}, (ws_date){2020, 7, 23}), 0);
}

TEST(age_in_full_years)
{
    CHECK_INT(ws_date_age_at((ws_date){1985, 7, 23}, (ws_date){2020, 7, 22}), 34);
    CHECK_INT(ws_date_age_at((ws_date){1985, 7, 23}, (ws_date){2020, 7, 23}), 35);
    CHECK_INT(ws_date_age_at((ws_date){2000, 2, 29}, (ws_date){2021, 2, 28}), 20);
    CHECK_INT(ws_date_age_at((ws_date){2000, 2, 29}, (ws_date){2021, 3, 1}), 21);
    CHECK_INT(ws_date_age_at((ws_date){1978, 5, 0}, (ws_date){2020, 5, 1}), 42);
    CHECK_INT(ws_date_age_at((ws_date){1978, 5, 0}, (ws_date){2020, 4, 30}), 41);
    CHECK_INT(ws_date_age_at((ws_date){2020, 7, 23}, (ws_date){2020, 7, 22}), -1);
}

TEST(format_styles)
{
    ws_date d = {2020, 7, 23};
    CHECK_STR(fmt(d, "cn"), "2020年7月23日");
    CHECK_STR(fmt(d, "dot"), "2020.07.23");
    CHECK_STR(fmt(d, "iso"), "2020-07-23");
    ws_date ym = {1978, 5, 0};
    CHECK_STR(fmt(ym, "cn"), "1978年5月");
    CHECK_STR(fmt(ym, "dot"), "1978.05");
    CHECK_STR(fmt(ym, "iso"), "1978-05");
    CHECK_STR(fmt(ym, "cn-numeral"), "一九七八年五月");
}

TEST(format_chinese_numerals)
{
    CHECK_STR(fmt((ws_date){2020, 7, 23}, "cn-numeral"), "二〇二〇年七月二十三日");
    CHECK_STR(fmt((ws_date){2021, 10, 10}, "cn-numeral"), "二〇二一年十月十日");
    CHECK_STR(fmt((ws_date){2000, 1, 30}, "cn-numeral"), "二〇〇〇年一月三十日");
    CHECK_STR(fmt((ws_date){2019, 11, 20}, "cn-numeral"), "二〇一九年十一月二十日");
    CHECK_STR(fmt((ws_date){2024, 12, 31}, "cn-numeral"), "二〇二四年十二月三十一日");
    CHECK_STR(fmt((ws_date){2025, 3, 1}, "cn-numeral"), "二〇二五年三月一日");
    CHECK_STR(fmt((ws_date){2023, 6, 19}, "cn-numeral"), "二〇二三年六月十九日");
    /* never 零 in any day of a year */
    for (long n = 0; n < 366; n++) {
        const char *s = fmt(ws_date_add_days((ws_date){2024, 1, 1}, n), "cn-numeral");
        CHECK(strstr(s, "零") == NULL && strstr(s, "一十") == NULL);
        CHECK(strlen(s) < WS_DATE_FORMAT_MAX);
    }
}

TEST(format_refuses)
{
    char small[8] = "x";
    CHECK_INT(ws_date_format((ws_date){2020, 7, 23}, "cn", small, sizeof small), WS_ERR_INVALID);
    CHECK_STR(small, "");
    char buf[WS_DATE_FORMAT_MAX];
    CHECK_INT(ws_date_format((ws_date){2020, 7, 23}, "roman", buf, sizeof buf), WS_ERR_INVALID);
    CHECK_INT(ws_date_format((ws_date){2019, 2, 29}, "cn", buf, sizeof buf), WS_ERR_INVALID);
    CHECK_INT(ws_date_format((ws_date){2020, 7, 23}, NULL, buf, sizeof buf), WS_ERR_INVALID);
}

TEST(today_or_epoch)
{
    ws_date d = {0, 0, 0};
    setenv("SOURCE_DATE_EPOCH", "1595462400", 1); /* 2020-07-23T00:00:00Z */
    CHECK_INT(ws_date_today_or_epoch(&d), WS_OK);
    CHECK_STR(fmt(d, "iso"), "2020-07-23");
    setenv("SOURCE_DATE_EPOCH", "1595548799", 1); /* 23:59:59 the same day */
    CHECK_INT(ws_date_today_or_epoch(&d), WS_OK);
    CHECK_STR(fmt(d, "iso"), "2020-07-23");
    setenv("SOURCE_DATE_EPOCH", "-5", 1);
    CHECK_INT(ws_date_today_or_epoch(&d), WS_ERR_INVALID);
    setenv("SOURCE_DATE_EPOCH", "12ab", 1);
    CHECK_INT(ws_date_today_or_epoch(&d), WS_ERR_INVALID);
    setenv("SOURCE_DATE_EPOCH", "99999999999999999999999", 1);
    CHECK_INT(ws_date_today_or_epoch(&d), WS_ERR_INVALID);
    unsetenv("SOURCE_DATE_EPOCH");
    CHECK_INT(ws_date_today_or_epoch(&d), WS_OK);
    CHECK(ws_date_is_valid(d) && d.day != 0 && d.year >= 2024);
}

int main(void)
{
    RUN(parse_full_dates);
    RUN(parse_year_month);
    RUN(parse_rejects_with_reason);
    RUN(parse_full_needs_day);
    RUN(long_input_is_quoted_short);
    RUN(days_and_weekdays);
    RUN(add_and_compare);
    RUN(age_in_full_years);
    RUN(format_styles);
    RUN(format_chinese_numerals);
    RUN(format_refuses);
    RUN(today_or_epoch);
    return TH_DONE();
}
