/* Unit tests for check/units.c: the units file validated like the records. */
#include "harness.h"

#include "check/units.h"

static ws_units_check check(ws_arena *a, const char *csv)
{
    ws_units_check c = {0};
    ws_sheet *s = NULL;
    ws_err err;
    if (ws_csv_parse(csv, strlen(csv), "units.csv", a, &s, &err) != WS_OK ||
        ws_units_check_sheet(s, 0, a, &c, &err) != WS_OK)
        TH_FAIL("could not check: %s", err.msg);
    return c;
}

TEST(good_file_has_no_problems)
{
    ws_arena *a = ws_arena_create(0);
    ws_units_check c = check(a, "推荐单位,填报人,推荐日期,公示起止\n"
                                "嘉善县,张敏,2020-08-05,2020年5月22日至5月26日\n"
                                "桐乡市,李华,2020年8月6日,\n"
                                "\n"
                                "平湖市,陆文斌,,\n");
    CHECK_INT(c.n, 0);
    CHECK(c.row_error && !c.row_error[1] && !c.row_error[2]);
    ws_arena_destroy(a);
}

TEST(duplicate_unit_names_every_row)
{
    ws_arena *a = ws_arena_create(0);
    /* the same unit as the build matches names: spaces and bracket widths ignored */
    ws_units_check c = check(a, "推荐单位,填报人\n嘉善县,张敏\n桐乡市,李华\n嘉 善县,王五\n港区(开发区),甲\n"
                                "港区（开发区）,乙\n港区(开发区),丙\n");
    CHECK_INT(c.n, 2); /* each duplicate once, at its first row */
    if (c.n < 2) goto done;
    CHECK_STR(c.problems[0].msg,
              "units.csv 第2行和第4行都是「嘉善县」（「推荐单位」列）：不知道该用哪一行，请只保留一行");
    CHECK_INT(c.problems[0].row, 1);
    CHECK(c.row_error[1] == c.problems[0].msg && c.row_error[3] == c.problems[0].msg);
    CHECK(!c.row_error[2]); /* 桐乡市 stays usable */
    CHECK_INT(c.problems[1].row, 4);
    CHECK(strstr(c.row_error[4], "第5行、第6行和第7行都是「港区(开发区)」") != NULL);
    CHECK(c.row_error[6] == c.row_error[4] && c.row_error[5] == c.row_error[4]);
done:
    ws_arena_destroy(a);
}

TEST(dates_checked_like_the_records)
{
    ws_arena *a = ws_arena_create(0);
    ws_units_check c = check(a, "推荐单位,推荐日期,专家评议日期\n嘉善县,2020-13-45,2019-02-29\n桐乡市,2020-08-06,下周\n"
                                "平湖市,2020.08,2020-08-07\n");
    CHECK_INT(c.n, 4);
    if (c.n < 4) goto done;
    CHECK_STR(c.problems[0].msg, "units.csv 第2行「推荐日期」：日期「2020-13-45」不存在：没有13月；请写成如 2020-08-05 的日期");
    CHECK(strstr(c.problems[1].msg, "第2行「专家评议日期」：日期「2019-02-29」不存在") != NULL);
    CHECK(strstr(c.problems[2].msg, "第3行「专家评议日期」：") != NULL);
    CHECK(strstr(c.problems[3].msg, "第4行「推荐日期」：日期「2020.08」缺少日") != NULL);
    CHECK(c.row_error[1] == c.problems[0].msg); /* the first problem of the row */
done:
    ws_arena_destroy(a);
}

TEST(no_name_and_control_characters)
{
    ws_arena *a = ws_arena_create(0);
    ws_units_check c = check(a, "推荐单位,落款单位\n ,某局\n嘉善县,嘉善县\x1b[31m人社局\n");
    CHECK_INT(c.n, 2);
    if (c.n < 2) goto done;
    CHECK(strstr(c.problems[0].msg, "units.csv 第2行：「推荐单位」是空的") != NULL);
    CHECK_STR(c.problems[1].msg, "units.csv 第3行「落款单位」：含有不可见的控制字符（U+001B），请删除");
done:
    ws_arena_destroy(a);
}

/* The units the records name against the columns the documents print: a
 * unit without a row, and an empty printed cell of a named unit, are
 * problems; units no record names, and columns no document prints, are not. */
TEST(units_the_records_name_and_what_is_printed)
{
    ws_arena *a = ws_arena_create(0);
    const char *csv = "推荐单位,落款单位,说明\n嘉善县,嘉善县人社局,\n秀洲区,,\n平湖市,,\n";
    const char *used[] = {"嘉善县", "秀洲区", "港区", "港 区", "", "嘉善县"};
    const char *keys[] = {"说明", "落款单位"}; /* 说明 may be empty: it is not the 落款 */
    ws_err err;
    ws_sheet *s = NULL;
    ws_units_check c = check(a, csv);
    CHECK_INT(ws_csv_parse(csv, strlen(csv), "units.csv", a, &s, &err), WS_OK);
    const char *docs[] = {"汇总表", "推荐函"};
    CHECK_INT(ws_units_check_used(s, 0, used, 6, keys, docs, 2, "汇总表、推荐函", a, &c, &err), WS_OK);
    CHECK_INT(c.n, 2);
    CHECK_INT(c.nmissing, 1);
    if (c.n < 2) goto done;
    CHECK_STR(c.problems[0].msg, "units.csv 第3行「落款单位」是空的，而推荐函要印出它；请填写");
    CHECK(!c.row_error[1] && !c.row_error[2] && !c.row_error[3]); /* 平湖市: no record names it */
    CHECK(ws_units_empty(&c, 2, "落款单位") == c.problems[0].msg); /* only for what prints it */
    CHECK(ws_units_empty(&c, 2, "说明") == NULL);
    CHECK_INT(c.problems[1].line, 0);
    CHECK(strstr(c.problems[1].msg, "units.csv 没有「推荐单位」为「港区」的一行") != NULL);
    CHECK(strstr(c.problems[1].msg, "汇总表、推荐函要印出") != NULL);
    CHECK(ws_units_missing(&c, "港 区") == c.problems[1].msg);
    CHECK(ws_units_missing(&c, "嘉善县") == NULL);
    /* nothing printed from the units file: nothing to say */
    ws_units_check none = check(a, "推荐单位,落款单位\n嘉善县,\n");
    CHECK_INT(ws_units_check_used(s, 0, used, 6, keys, docs, 0, "", a, &none, &err), WS_OK);
    CHECK_INT(none.n, 0);
done:
    ws_arena_destroy(a);
}

int main(void)
{
    RUN(good_file_has_no_problems);
    RUN(duplicate_unit_names_every_row);
    RUN(dates_checked_like_the_records);
    RUN(no_name_and_control_characters);
    RUN(units_the_records_name_and_what_is_printed);
    return TH_DONE();
}
