/* Unit tests for check/calendar: the holiday file and working-day counts.
 * Run from the repository root (the file is read by a relative path). */
#include "harness.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "check/calendar.h"

#define HOLIDAYS "templates/_shared/holidays.tsv"

static ws_calendar *cal;

static const char *iso(ws_date d)
{
    static char buf[WS_DATE_FORMAT_MAX];
    if (ws_date_format(d, "iso", buf, sizeof buf) != WS_OK) return "(error)";
    return buf;
}

/* The end of an n-working-day period starting on y-m-d, or an error text. */
static const char *period_end(int y, int m, int d, int n)
{
    static ws_err err;
    ws_date end;
    if (ws_calendar_add_workdays(cal, (ws_date){y, m, d}, n, &end, &err) != WS_OK) return err.msg;
    return iso(end);
}

/* Loads text and returns the error message ("" when it loaded). */
static const char *load_error(const char *text)
{
    static ws_err err;
    ws_calendar *c = NULL;
    err = (ws_err){WS_OK, ""};
    ws_status st = ws_calendar_load_text(text, strlen(text), "t.tsv", &c, &err);
    if (st == WS_OK)
        CHECK(c != NULL);
    else
        CHECK(c == NULL && st == WS_ERR_INPUT);
    ws_calendar_destroy(c);
    return err.msg;
}

#define CHECK_HAS(s, part)                                                                         \
    do {                                                                                           \
        const char *th_s = (s);                                                                    \
        if (!strstr(th_s, (part))) TH_FAIL("\"%s\" lacks \"%s\"", th_s, (part));                   \
    } while (0)

TEST(loads_shipped_file)
{
    ws_err err = {WS_OK, ""};
    ws_status st = ws_calendar_load(HOLIDAYS, &cal, &err);
    if (st != WS_OK) TH_FAIL("%s", err.msg);
    CHECK(cal != NULL);
    for (int y = 2017; y <= 2026; y++)
        CHECK(ws_calendar_covers(cal, y));
    CHECK(!ws_calendar_covers(cal, 2016));
    CHECK(!ws_calendar_covers(cal, 2027));
}

TEST(workdays)
{
    CHECK(ws_calendar_is_workday(cal, (ws_date){2020, 7, 23}));   /* Thursday */
    CHECK(!ws_calendar_is_workday(cal, (ws_date){2020, 7, 25}));  /* Saturday */
    CHECK(!ws_calendar_is_workday(cal, (ws_date){2020, 10, 8}));  /* 国庆节 */
    CHECK(ws_calendar_is_workday(cal, (ws_date){2020, 10, 10}));  /* Saturday, 调休 */
    CHECK(ws_calendar_is_workday(cal, (ws_date){2020, 9, 27}));   /* Sunday, 调休 */
    CHECK(!ws_calendar_is_workday(cal, (ws_date){2020, 1, 31}));  /* 春节 extended */
    CHECK(!ws_calendar_is_workday(cal, (ws_date){2020, 2, 1}));   /* 调休 cancelled */
    CHECK(!ws_calendar_is_workday(cal, (ws_date){2018, 12, 31})); /* 2019 元旦 */
    CHECK(ws_calendar_is_workday(cal, (ws_date){2018, 12, 29}));
    CHECK(ws_calendar_is_workday(cal, (ws_date){2024, 2, 9}));   /* 除夕 2024: not off */
    CHECK(!ws_calendar_is_workday(cal, (ws_date){2025, 1, 28})); /* 除夕 2025: off */
    CHECK(!ws_calendar_is_workday(cal, (ws_date){2025, 5, 2}));
}

TEST(publicity_periods)
{
    CHECK_STR(period_end(2020, 7, 23, 5), "2020-07-29");
    CHECK_STR(period_end(2020, 9, 29, 5), "2020-10-12");
    CHECK_STR(period_end(2020, 7, 25, 5), "2020-07-31"); /* starts Monday 7/27 */
    CHECK_STR(period_end(2020, 7, 23, 1), "2020-07-23");
    CHECK_STR(period_end(2020, 10, 1, 1), "2020-10-09");
    /* 2026: 春节 2/15-2/23 off, 2/14 and 2/28 (Saturdays) worked */
    CHECK_STR(period_end(2026, 2, 12, 5), "2026-02-25"); /* 2/12 2/13 2/14 2/24 2/25 */
    CHECK_STR(period_end(2026, 9, 24, 7), "2026-10-10"); /* 9/24 9/28 9/29 9/30 10/8 10/9 10/10 */
    CHECK_STR(period_end(2023, 9, 27, 5), "2023-10-09"); /* 9/27 9/28 10/7 10/8 10/9 */
    CHECK_STR(period_end(2019, 4, 26, 5), "2019-05-05"); /* 4/26 4/28(Sun) 4/29 4/30 5/5(Sun) */
}

TEST(uncovered_year_is_an_error)
{
    const char *msg = period_end(2027, 3, 1, 5);
    CHECK_HAS(msg, "没有2027年");
    CHECK_HAS(msg, HOLIDAYS);
    msg = period_end(2026, 12, 28, 5); /* runs into 2027 */
    CHECK_HAS(msg, "没有2027年");
    CHECK_HAS(msg, "2026年12月28日");
    CHECK_STR(period_end(2026, 12, 28, 4), "2026-12-31");
    CHECK_HAS(period_end(2016, 12, 1, 5), "没有2016年");
}

TEST(bad_arguments)
{
    ws_err err = {WS_OK, ""};
    ws_date end;
    CHECK_INT(ws_calendar_add_workdays(cal, (ws_date){2020, 7, 23}, 0, &end, &err), WS_ERR_INVALID);
    CHECK_INT(ws_calendar_add_workdays(cal, (ws_date){2020, 2, 30}, 5, &end, &err), WS_ERR_INVALID);
    CHECK_INT(ws_calendar_add_workdays(cal, (ws_date){2020, 7, 0}, 5, &end, &err), WS_ERR_INVALID);
}

TEST(file_errors_name_the_line)
{
    CHECK_STR(load_error("# x\n\n2020-10-01\toff\t国庆节\r\n2020-09-27\twork\n"), "");
    CHECK_STR(load_error("\xEF\xBB\xBF"
                         "2020-10-01\toff\t国庆节\n"),
              "");
    CHECK_STR(load_error(""), "");
    const char *m = load_error("# c\n2020-10-01\toff\t国庆节\n2020-10-01 off 国庆节\n");
    CHECK_HAS(m, "t.tsv 第3行");
    CHECK_HAS(m, "制表符");
    m = load_error("2020-10-01\toff\t国庆节\n2020-10-02\tholiday\t国庆节\n");
    CHECK_HAS(m, "第2行");
    CHECK_HAS(m, "未知的类型「holiday」");
    m = load_error("2020-10-01\toff\ta\n2020-10-02\toff\tb\n2020-10-01\toff\tc\n");
    CHECK_HAS(m, "第3行");
    CHECK_HAS(m, "重复（第1行已有）");
    m = load_error("2019-02-29\toff\tx\n");
    CHECK_HAS(m, "第1行");
    CHECK_HAS(m, "2019年2月只有28天");
    m = load_error("2020-09-28\twork\t国庆节调休\n"); /* a Monday */
    CHECK_HAS(m, "不是周六或周日");
    m = load_error("2020-10\toff\tx\n");
    CHECK_HAS(m, "缺少日");
    m = load_error("2020-10-01\toff\tx\textra\n");
    CHECK_HAS(m, "三列");
}

TEST(missing_file)
{
    ws_calendar *c = (ws_calendar *)1;
    ws_err err = {WS_OK, ""};
    CHECK_INT(ws_calendar_load("no/such/holidays.tsv", &c, &err), WS_ERR_IO);
    CHECK(c == NULL);
    CHECK_HAS(err.msg, "no/such/holidays.tsv");
}

/* A program's own holidays.tsv adds to templates/_shared/holidays.tsv: both
 * years count, a date in both is the program's, and a missing year is named
 * with the years the files do cover. */
TEST(program_file_extends_shared)
{
    char dir[] = "/tmp/wenshu-cal-XXXXXX", prog[96], path[128];
    if (!mkdtemp(dir)) return;
    snprintf(path, sizeof path, "%s/_shared", dir);
    mkdir(path, 0700);
    snprintf(prog, sizeof prog, "%s/prog", dir);
    mkdir(prog, 0700);
    snprintf(path, sizeof path, "%s/_shared/holidays.tsv", dir);
    FILE *f = fopen(path, "w");
    if (f) fputs("2020-10-01\toff\t国庆节\n2020-10-03\toff\t国庆节\n", f), fclose(f);
    snprintf(path, sizeof path, "%s/holidays.tsv", prog);
    f = fopen(path, "w");
    if (f) fputs("2031-10-01\toff\t国庆节\n2020-10-03\twork\t改\n", f), fclose(f);
    ws_calendar *c = NULL;
    ws_err err = {WS_OK, ""};
    CHECK_INT(ws_calendar_load_program(prog, &c, &err), WS_OK);
    if (c) {
        CHECK(ws_calendar_covers(c, 2020) && ws_calendar_covers(c, 2031));
        CHECK(!ws_calendar_is_workday(c, (ws_date){2020, 10, 1}));
        CHECK(ws_calendar_is_workday(c, (ws_date){2020, 10, 3})); /* the program's word */
        ws_date end;
        CHECK_INT(ws_calendar_add_workdays(c, (ws_date){2025, 3, 3}, 5, &end, &err), WS_ERR_INPUT);
        CHECK_HAS(err.msg, "没有2025年");
        CHECK_HAS(err.msg, "2020、2031年");
        CHECK_HAS(err.msg, "_shared/holidays.tsv");
        CHECK_HAS(err.msg, "prog/holidays.tsv");
    }
    ws_calendar_destroy(c);
    /* only the program's file: it is enough */
    snprintf(path, sizeof path, "%s/_shared/holidays.tsv", dir);
    remove(path);
    c = NULL;
    CHECK_INT(ws_calendar_load_program(prog, &c, &err), WS_OK);
    CHECK(c && ws_calendar_covers(c, 2031) && ws_calendar_is_workday(c, (ws_date){2020, 10, 1}));
    ws_calendar_destroy(c);
    snprintf(path, sizeof path, "%s/holidays.tsv", prog);
    remove(path);
    c = (ws_calendar *)1;
    CHECK_INT(ws_calendar_load_program(prog, &c, &err), WS_ERR_TEMPLATE);
    CHECK(c == NULL);
    CHECK_HAS(err.msg, "找不到节假日表");
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) TH_FAIL("cleanup");
}

int main(void)
{
    RUN(loads_shipped_file);
    if (!cal) return TH_DONE();
    RUN(workdays);
    RUN(publicity_periods);
    RUN(uncovered_year_is_an_error);
    RUN(bad_arguments);
    RUN(file_errors_name_the_line);
    RUN(missing_file);
    RUN(program_file_extends_shared);
    ws_calendar_destroy(cal);
    return TH_DONE();
}
