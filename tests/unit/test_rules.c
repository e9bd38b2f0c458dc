/* Unit tests for check/rules*.c, kinds_*.c, quotas.c, media.c: every rule
 * kind with records that pass and records that fail, loading errors with
 * file:line, and the shape of findings (row, field, value, words). */
#include "harness.h"

#include "check/idcard.h"
#include "check/quotas.h"
#include "check/rules_impl.h"
#include "rules_fixture.h"

#define HEAD                                                                                                                        \
    "姓名,性别,出生年月,身份证号,申报类别,推荐单位,手机,电子邮箱,籍贯,主要工作经历,主要贡献," \
    "来嘉工作时间,是否公务员,申报次数,职业,照片,佐证材料\n"

/* A valid ID number from its first 17 digits (static buffers, 8 in turn). */
static const char *idn(const char *first17)
{
    static char buf[8][19];
    static int next;
    char *p = buf[next++ % 8], c = '?';
    ws_idcard_check_char(first17, &c);
    snprintf(p, 19, "%s%c", first17, c);
    return p;
}

/* A CSV line: name,sex,birth,id, then the rest from 申报类别 on (may be
 * ""), padded with empty cells to the header's 17 columns. */
static char *line(ws_arena *a, const char *name, const char *sex, const char *birth, const char *id,
                  const char *rest)
{
    int commas = 4;
    bool quoted = false;
    for (const char *c = rest; *c; c++) {
        if (*c == '"') quoted = !quoted;
        commas += *c == ',' && !quoted;
    }
    return ws_arena_printf(a, "%s,%s,%s,%s,%s%.*s\n", name, sex, birth, id, rest, 16 - commas,
                           ",,,,,,,,,,,,,,,,");
}

/* --- loading ------------------------------------------------------------------ */

TEST(load_no_rules_file)
{
    ws_program *p = fx_program(NULL);
    ws_rules *r = NULL;
    ws_err err;
    CHECK_INT(ws_rules_load(p, &r, &err), WS_OK);
    CHECK_INT(ws_rules_count(r), 1); /* the fields with choices: checked against them */
    ws_rules_destroy(r);
    ws_program_destroy(p);
}

TEST(load_errors_name_file_and_line)
{
    const char *m = fx_load_error("rules:\n  - id: a\n    kind: requird\n    fields: [姓名]\n");
    CHECK(strstr(m, "rules.yaml:3") && strstr(m, "未知的规则类型「requird」"));
    m = fx_load_error(
        "rules:\n  - id: a\n    kind: length\n    field: 主要贡献\n    max_chars: 3\n");
    CHECK(strstr(m, "rules.yaml:") && strstr(m, "max_chars"));
    m = fx_load_error("rules:\n  - id: a\n    kind: required\n    fields: [姓名, 生日]\n");
    CHECK(strstr(m, "rules.yaml:4") && strstr(m, "字段「生日」"));
    m = fx_load_error("rules:\n  - id: a\n    kind: age\n    field: 出生年月\n    "
                      "born_on_or_after: 1965-13-01\n");
    CHECK(strstr(m, "rules.yaml:5") && strstr(m, "born_on_or_after"));
    m = fx_load_error("rules:\n  - id: a\n    kind: email\n    field: 电子邮箱\n  - id: a\n    "
                      "kind: email\n    field: 电子邮箱\n");
    CHECK(strstr(m, "重复"));
    m = fx_load_error("rules:\n  - kind: email\n    field: 电子邮箱\n");
    CHECK(strstr(m, "缺少 id"));
    m = fx_load_error("rules:\n  - id: a\n    kind: age\n    field: 出生年月\n    max: 55\n");
    CHECK(strstr(m, "需要 at"));
    m = fx_load_error(
        "rules:\n  - id: a\n    kind: email\n    field: 电子邮箱\n    level: fatal\n");
    CHECK(strstr(m, "error、warning 或 note"));
    m = fx_load_error("rules:\n  - id: a\n    kind: periods\n    field: 主要贡献\n");
    CHECK(strstr(m, "list 字段"));
    m = fx_load_error("rules:\n  - id: a\n    kind: choice\n    field: 姓名\n");
    CHECK(strstr(m, "没有 choices"));
    CHECK_STR(
        fx_load_error(
            "notice: 测试〔2020〕1号\nrules:\n  - id: a\n    kind: email\n    field: 电子邮箱\n"),
        "");
}

TEST(load_quota_table_errors)
{
    fx_write("q1.csv", "序号,推荐单位,甲级,乙级\n1,东区,1,2\n2,合计,1,2\n");
    const char *m = fx_load_error("rules:\n  - id: q\n    kind: quota\n    table: q1.csv\n"
                                  "    unit_field: 推荐单位\n    level_field: 申报类别\n");
    CHECK(strstr(m, "q1.csv 第3行") && strstr(m, "合计"));
    fx_write("q2.csv", "推荐单位,甲级\n东区,1\n");
    m = fx_load_error("rules:\n  - id: q\n    kind: quota\n    table: q2.csv\n"
                      "    unit_field: 推荐单位\n    level_field: 申报类别\n");
    CHECK(strstr(m, "缺少「乙级」列"));
    fx_write("q3.csv", "推荐单位,甲级,乙级\n东区,1,两\n");
    m = fx_load_error("rules:\n  - id: q\n    kind: quota\n    table: q3.csv\n"
                      "    unit_field: 推荐单位\n    level_field: 申报类别\n");
    CHECK(strstr(m, "非负整数") && strstr(m, "两"));
    fx_write("q4.csv", "推荐单位,类别\n东区,县\n市局,市直\n");
    m = fx_load_error(
        "rules:\n  - id: q\n    kind: quota\n    table: q4.csv\n    unit_field: 推荐单位\n"
        "    category_column: 类别\n    caps: {县: 2}\n");
    CHECK(strstr(m, "类别「市直」在 caps 中没有人数"));
}

TEST(quota_table_reader)
{
    fx_write("units.csv", "\xEF\xBB\xBF序号,推荐单位,甲级,乙级\n1, 东区 ,3,7\n2,西区,2,\n");
    ws_arena *a = ws_arena_create(0);
    ws_quota_table *t;
    ws_err err;
    CHECK_INT(ws_quota_table_load(fx_path("units.csv"), a, &t, &err), WS_OK);
    CHECK_INT(t->nunits, 2);
    CHECK_STR(t->units[0], "东区");
    CHECK_STR(t->seq[1], "2");
    CHECK_INT(t->ncols, 2);
    CHECK_INT(ws_quota_table_unit(t, "西 区"), 1);
    CHECK_INT(ws_quota_table_col(t, "乙级"), 1);
    CHECK_INT(ws_quota_table_count(t, 0, 1), 7);
    CHECK_INT(ws_quota_table_count(t, 1, 1), -1);
    CHECK_INT(t->lines[1], 3);
    ws_arena_destroy(a);
}

/* --- presence ------------------------------------------------------------------ */

TEST(required_blank_and_when)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n"
        "  - id: 必填\n    kind: required\n    fields: [姓名, 手机]\n    words: 不得空项\n"
        "  - id: 甲级必填\n    kind: required\n    when: {申报类别: 甲级}\n    fields: [主要贡献]\n"
        "  - id: 乙级不填\n    kind: blank\n    level: warning\n    when: {申报类别: [乙级]}\n"
        "    fields: [主要贡献]\n";
    char *csv =
        ws_arena_printf(a, HEAD "%s%s%s", line(a, "张三", "男", "", "", "甲级,,13800138000,,,,有"),
                        line(a, "", "男", "", "", "甲级,,,,,,"),
                        line(a, "王五", "女", "", "", "乙级,,13800138000,,,,有"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK(fs != NULL);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "姓名", "必填"), 1);
    CHECK_INT(fx_count(fs, 3, "手机", "必填"), 1);
    CHECK_INT(fx_count(fs, 3, "主要贡献", "甲级必填"), 1);
    CHECK_INT(fx_count(fs, 4, "主要贡献", "乙级不填"), 1);
    CHECK_INT(fx_count(fs, 4, "主要贡献", "甲级必填"), 0);
    const ws_finding *f = fx_find(fs, "必填");
    CHECK(f && f->level == WS_LEVEL_ERROR && f->record == 1);
    CHECK_STR(f ? f->message : "", "第3行「姓名」：未填写——不得空项");
    CHECK(ws_findings_record_has_error(fs, 0, 1));
    CHECK(!ws_findings_record_has_error(fs, 0, 0));
    CHECK(!ws_findings_record_has_error(fs, 0, 2)); /* a warning only */
    const ws_finding *first = ws_findings_first(fs, 0, 1, WS_LEVEL_ERROR);
    CHECK(first && first->line == 3 && first->field == 0);
    CHECK(ws_findings_first(fs, 0, 0, WS_LEVEL_ERROR) == NULL);
    first = ws_findings_first(fs, 0, 2, WS_LEVEL_WARNING);
    CHECK(first && !strcmp(first->rule, "乙级不填"));
    CHECK_INT(ws_findings_records_with(fs, WS_LEVEL_WARNING), 1);
    fx_done(a);
}

TEST(required_column_missing_is_one_file_finding)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 必填\n    kind: required\n    fields: [姓名, 主要贡献]\n";
    ws_findings *fs = fx_check(rules, "姓名,性别\n张三,男\n李四,女\n", a);
    CHECK(fs != NULL);
    CHECK_INT(fx_count(fs, 0, "主要贡献", "必填"), 1);
    const ws_finding *f = fx_find(fs, "必填");
    CHECK(f && f->record == WS_NO_RECORD && f->line == 0);
    CHECK(f && strstr(f->message, "表中没有这一列"));
    CHECK(!ws_findings_record_has_error(fs, 0, 0));
    fx_done(a);
}

TEST(choice_from_program_and_values)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 选项\n    kind: choice\n    fields: [性别, 申报类别]\n"
        "  - id: 单位\n    kind: choice\n    field: 推荐单位\n    values: [东区, 西区]\n";
    char *csv = ws_arena_printf(a, HEAD "%s%s", line(a, "甲", "男", "", "", "甲级,东区"),
                                line(a, "乙", "男性", "", "", "丙级,北区"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "性别", "选项"), 1);
    CHECK_INT(fx_count(fs, 3, "申报类别", "选项"), 1);
    CHECK_INT(fx_count(fs, 3, "推荐单位", "单位"), 1);
    const ws_finding *f = fx_find(fs, "单位");
    CHECK(f && strstr(f->problem, "「东区」「西区」") && !strcmp(f->value, "北区"));
    fx_done(a);
}

/* --- ID number and dates ---------------------------------------------------------- */

TEST(idcard_check_digit_birth_and_sex)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 身份证\n    kind: idcard\n    field: 身份证号\n"
                        "    birth: 出生年月\n    sex: 性别\n    words: 对材料真实性要严格把关\n";
    const char *ok = idn("33040219780512131"), *woman = idn("33040219800306264");
    char bad[19];
    snprintf(bad, sizeof bad, "%.17s%c", ok, ok[17] == '1' ? '2' : '1');
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s", line(a, "甲", "男", "1978.05", ok, ""),
        line(a, "乙", "男", "1978.05", bad, ""), line(a, "丙", "男", "1980.03", woman, ""),
        line(a, "丁", "女", "1980.04", woman, ""), line(a, "戊", "女", "1980.03.06", woman, ""));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "身份证号", "身份证"), 1);
    CHECK_INT(fx_count(fs, 4, "性别", "身份证"), 1);
    CHECK_INT(fx_count(fs, 4, "出生年月", NULL), 0);
    CHECK_INT(fx_count(fs, 5, "出生年月", "身份证"), 1);
    CHECK_INT(fx_count(fs, 6, NULL, NULL), 0);
    const ws_finding *f = fx_find(fs, "身份证");
    CHECK(f && strstr(f->message, "第3行「身份证号」：校验位应为") &&
          strstr(f->message, "——对材料真实性要严格把关"));
    fx_done(a);
}

TEST(date_format_style_and_limits)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 年月\n    kind: date\n    fields: [出生年月, 来嘉工作时间]\n"
        "    format: yearmonth\n    style: dot\n    not_future: true\n"
        "  - id: 来嘉\n    kind: date\n    field: 来嘉工作时间\n    not_before: 2001-01-15\n"
        "    not_after: 2018-06-30\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s%s%s",
        line(a, "a", "男", "1978.05", "", ",,,,,,,2018.06"), /* June: within 06-30 */
        line(a, "b", "男", "1978-05", "", ",,,,,,,2001.01"), /* style; January may reach the 15th */
        line(a, "c", "男", "1978.13", "", ",,,,,,,2018.07"), /* no month 13; after the limit */
        line(a, "d", "男", "1978.05.12", "", ",,,,,,,2000.12"), /* a full date; before */
        line(a, "e", "男", "2021.01", "", ""),                  /* in the future */
        line(a, "f", "男", "1978.5", "", ""),                   /* style */
        line(a, "g", "男", "1978年5月", "", ""));               /* style */
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "出生年月", "年月"), 1);
    CHECK_INT(fx_count(fs, 3, "来嘉工作时间", NULL), 0);
    CHECK_INT(fx_count(fs, 4, "出生年月", "年月"), 1);
    CHECK_INT(fx_count(fs, 4, "来嘉工作时间", "来嘉"), 1);
    CHECK_INT(fx_count(fs, 5, "出生年月", "年月"), 1);
    CHECK_INT(fx_count(fs, 5, "来嘉工作时间", "来嘉"), 1);
    CHECK_INT(fx_count(fs, 6, "出生年月", "年月"), 1);
    CHECK_INT(fx_count(fs, 7, "出生年月", "年月"), 1);
    CHECK_INT(fx_count(fs, 8, "出生年月", "年月"), 1);
    for (size_t i = 0; fs && i < fs->n; i++) {
        const ws_finding *f = &fs->items[i];
        if (f->line == 3 || f->line == 5 || f->line == 7 || f->line == 8)
            CHECK(f->level == WS_LEVEL_WARNING || strcmp(f->rule, "年月")); /* style: a warning */
        if (f->line == 4 && !strcmp(f->rule, "年月")) CHECK(f->level == WS_LEVEL_ERROR);
        if (f->line == 6) CHECK(strstr(f->problem, "晚于今天（2020年8月1日）") != NULL);
    }
    const ws_finding *f = fx_find(fs, "来嘉");
    CHECK(f && !strcmp(f->problem, "晚于2018年6月30日"));
    fx_done(a);
}

/* format: year — an award list's 时间 in years (2021, 2021年): a year alone
 * is the value; a year-month or date is not (the notice asks for the year),
 * and not_future / limits take the whole year. */
TEST(date_format_year)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 年份\n    kind: date\n    field: 来嘉工作时间\n"
                        "    format: year\n    not_future: true\n    not_before: 2001-06-01\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s%s", line(a, "a", "男", "", "", ",,,,,,,2018"),
        line(a, "b", "男", "", "", ",,,,,,,2018年"), line(a, "c", "男", "", "", ",,,,,,,2018.05"),
        line(a, "d", "男", "", "", ",,,,,,,2021"), line(a, "e", "男", "", "", ",,,,,,,2001"),
        line(a, "f", "男", "", "", ",,,,,,,18"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 4, "来嘉工作时间", "年份"), 1); /* a year-month where a year is asked */
    CHECK_INT(fx_count(fs, 5, "来嘉工作时间", "年份"), 1); /* after 2020 (today 2020-08-01) */
    CHECK_INT(fx_count(fs, 6, NULL, NULL), 0);             /* 2001 reaches past 2001-06-01 */
    CHECK_INT(fx_count(fs, 7, "来嘉工作时间", "年份"), 1); /* not a year */
    const ws_finding *f = fx_find(fs, "年份");
    CHECK(f && f->line == 4 && strstr(f->problem, "只需填年份"));
    fx_done(a);
}

/* "2018.1" typed as text: January, or 2018.10 that a General cell cut short.
 * wenshu cannot know which, so the field is refused (an error, whatever the
 * rule's level) naming both readings, and no limit is judged on a guess:
 * read as January, 2018.1 passed a not_after of 2018-06-30 that 2018.10
 * fails. The same in a period ("2003.1-2016.01"). */
TEST(year_dot_one_is_not_guessed)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 年月\n    kind: date\n    field: 来嘉工作时间\n"
                        "    format: yearmonth\n    style: dot\n    level: warning\n"
                        "  - id: 在嘉\n    kind: date\n    field: 来嘉工作时间\n"
                        "    not_after: 2018-06-30\n"
                        "  - id: 经历\n    kind: periods\n    field: 主要工作经历\n"
                        "    column: 起止年月\n    format: yearmonth\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s", line(a, "a", "男", "", "", ",,,,,,,2018.1"),
        line(a, "b", "男", "", "", ",,,,,,,2018.2"),
        line(a, "c", "男", "", "", ",,,,,\"2003.1-2016.01|甲\n2016.02-2018.10|乙\""));
    ws_findings *fs = fx_check(rules, csv, a);
    const ws_finding *f = fx_find(fs, "年月");
    CHECK(f && f->line == 2);
    if (f) {
        CHECK(strstr(f->problem, "2018.01") && strstr(f->problem, "2018.10"));
        CHECK(!strstr(f->problem, "应写成“2018.01”（"));
        CHECK_INT(f->level, WS_LEVEL_ERROR);
    }
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 1);                 /* no limit judged on a guess */
    CHECK_INT(fx_count(fs, 3, "来嘉工作时间", "年月"), 1); /* 2018.2 can only be February */
    const ws_finding *p = fx_find(fs, "经历");
    CHECK(p && p->line == 4 && p->level == WS_LEVEL_ERROR && p->entry == 0);
    if (p) CHECK(strstr(p->problem, "2003.01") && strstr(p->problem, "2003.10"));
    CHECK_INT(fx_count(fs, 4, NULL, "经历"), 1);
    fx_done(a);
}

TEST(periods_order_future_style)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 经历\n    kind: periods\n    field: 主要工作经历\n"
        "    column: 起止年月\n    format: yearmonth\n    style: dot\n    not_future: true\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s",
        line(a, "a", "", "", "",
             ",,,,,\"1998.07-2008.12|甲\n2009.01-至今|乙\n2010.03至2012.05|丙\""),
        line(a, "b", "", "", "", ",,,,,\"2003.09-2001.01|甲\n2005.3-2010.12|乙\n2030.01-至今|丙\""),
        line(a, "c", "", "", "", ",,,,,\"2003.09|甲\n|乙\n从前|丙\""),
        line(a, "d", "", "", "",
             ",,,,,\"2001.01-2002.01|甲\n2005.01-2006.01|乙\n2003.01-2004.01|丙\""),
        line(a, "e", "", "", "", ",,,,,\"2003-09-2016-01|甲\n2016.02—至今|乙\""));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0); /* any separator between the two */
    CHECK_INT(fx_count(fs, 3, "主要工作经历", "经历"), 3);
    CHECK_INT(fx_count(fs, 4, "主要工作经历", "经历"), 3);
    CHECK_INT(fx_count(fs, 5, "主要工作经历", "经历"), 1);
    CHECK_INT(fx_count(fs, 6, "主要工作经历", "经历"), 1); /* ISO form: style warning only */
    int entries[3] = {0};
    for (size_t i = 0; fs && i < fs->n; i++) {
        const ws_finding *f = &fs->items[i];
        if (f->line == 3 && f->entry >= 0 && f->entry < 3) entries[f->entry]++;
        if (f->line == 3 && f->entry == 0) {
            CHECK(strstr(f->problem, "开始年月晚于结束年月") != NULL);
            CHECK(strstr(f->message, "第3行「主要工作经历」第1项「起止年月」") == f->message);
        }
        if (f->line == 3 && f->entry == 1) CHECK(f->level == WS_LEVEL_WARNING);
        if (f->line == 3 && f->entry == 2) CHECK(strstr(f->problem, "晚于今天") != NULL);
        if (f->line == 4 && f->entry == 0) CHECK(strstr(f->problem, "只有一个年月") != NULL);
        if (f->line == 4 && f->entry == 1) CHECK(strstr(f->problem, "未填写") != NULL);
        if (f->line == 5) CHECK(f->entry == 2 && strstr(f->problem, "顺序"));
    }
    CHECK(entries[0] == 1 && entries[1] == 1 && entries[2] == 1);
    char why[256];
    ws_date s, e;
    const char *present[] = {"至今"};
    CHECK(ws_period_parse("2016.02-至今", present, 1, &s, &e, why, sizeof why) && s.year == 2016 &&
          e.year == 0);
    CHECK(ws_period_parse("2003-09-2016-01", present, 1, &s, &e, why, sizeof why) && s.month == 9 &&
          e.year == 2016 && e.month == 1);
    CHECK(!ws_period_parse("2003.09", present, 1, &s, &e, why, sizeof why));
    fx_done(a);
}

TEST(age_born_on_or_after_max_and_flag)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n"
        "  - id: 年龄\n    kind: age\n    fields: [身份证号, 出生年月]\n"
        "    born_on_or_after: 1965-01-01\n"
        "  - id: 上限\n    kind: age\n    field: 出生年月\n    at: 2020-07-23\n    max: 50\n"
        "    level: warning\n"
        "  - id: 青年\n    kind: age\n    fields: [身份证号, 出生年月]\n    at: 2020-07-23\n"
        "    max: 35\n    flag: true\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s", line(a, "a", "", "1965.01", "", ""), /* the month may start on 1-1 */
        line(a, "b", "", "1964.12", "", ""),                       /* too old */
        line(a, "c", "", "1978.05", idn("33040219641231131"), ""), /* the ID wins */
        line(a, "d", "", "1985.07", "", ""),                       /* 35 on 2020-07-23 */
        line(a, "e", "", "1985.08", "", ""));                      /* 34 */
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, "年龄"), 0);
    CHECK_INT(fx_count(fs, 2, "出生年月", "上限"), 1);
    CHECK_INT(fx_count(fs, 3, "出生年月", "年龄"), 1);
    CHECK_INT(fx_count(fs, 4, "身份证号", "年龄"), 1);
    CHECK_INT(fx_count(fs, 5, "出生年月", "青年"), 1);
    CHECK_INT(fx_count(fs, 6, "出生年月", "青年"), 1);
    CHECK_INT(fx_count(fs, 2, NULL, "青年"), 0);
    const ws_finding *f = fx_find(fs, "青年");
    CHECK(f && f->level == WS_LEVEL_NOTE && strstr(f->problem, "35周岁"));
    f = fx_find(fs, "年龄");
    CHECK(f && !strcmp(f->problem, "1964年12月出生，早于1965年1月1日"));
    CHECK(!ws_findings_record_has_error(fs, 0, 3)); /* a note is not an error */
    fx_done(a);
}

TEST(tenure_latest_start_and_years)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n"
        "  - id: 在嘉\n    kind: tenure\n    field: 来嘉工作时间\n    latest_start: 2018-06-30\n"
        "  - id: 年限\n    kind: tenure\n    field: 来嘉工作时间\n    at: 2019-12-10\n"
        "    min_years: 3\n";
    char *csv = ws_arena_printf(a, HEAD "%s%s%s%s", line(a, "a", "", "", "", ",,,,,,,2016.12"),
                                line(a, "b", "", "", "", ",,,,,,,2018.06"),
                                line(a, "c", "", "", "", ",,,,,,,2018.07"),
                                line(a, "d", "", "", "", ",,,,,,,2020.01"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "来嘉工作时间", "年限"), 1);
    CHECK_INT(fx_count(fs, 3, NULL, "在嘉"), 0);
    CHECK_INT(fx_count(fs, 4, "来嘉工作时间", "在嘉"), 1);
    CHECK_INT(fx_count(fs, 5, "来嘉工作时间", "年限"), 1);
    fx_done(a);
}

/* --- text ------------------------------------------------------------------------------- */

TEST(length_chars_and_han)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 字数\n    kind: length\n    field: 主要贡献\n    max: 10\n"
        "  - id: 汉字\n    kind: length\n    field: 职业\n    max: 3\n    count: han\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s", line(a, "a", "", "", "", ",,,,,,一二三四五 六七八九十,,,,钳工 ABC 9级"),
        line(a, "b", "", "", "", ",,,,,,一二三四五六七八九十一,,,,高级钳工"),
        line(a, "c", "", "", "", ",,,,,,ABCDEFGHIJK,,,,"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "主要贡献", "字数"), 1);
    CHECK_INT(fx_count(fs, 3, "职业", "汉字"), 1);
    CHECK_INT(fx_count(fs, 4, "主要贡献", "字数"), 1);
    const ws_finding *f = fx_find(fs, "字数");
    CHECK(f && !strcmp(f->problem, "共11字，超过10字"));
    f = fx_find(fs, "汉字");
    CHECK(f && !strcmp(f->problem, "共4个汉字，超过3个汉字"));
    fx_done(a);
}

TEST(number_exclude_contains)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 次数\n    kind: number\n    field: 申报次数\n    min: 1\n    max: 3\n"
        "  - id: 公务员\n    kind: exclude\n    field: 是否公务员\n    values: [是]\n"
        "  - id: 等级\n    kind: contains\n    level: warning\n    field: 职业\n"
        "    values: [技师, 一级, 二级]\n";
    char *csv =
        ws_arena_printf(a, HEAD "%s%s%s", line(a, "a", "", "", "", ",,,,,,,,否,3,钳工 高级技师"),
                        line(a, "b", "", "", "", ",,,,,,,,是,4,电工 高级工"),
                        line(a, "c", "", "", "", ",,,,,,,,,三,职业技能等级二级"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "申报次数", "次数"), 1);
    CHECK_INT(fx_count(fs, 3, "是否公务员", "公务员"), 1);
    CHECK_INT(fx_count(fs, 3, "职业", "等级"), 1);
    CHECK_INT(fx_count(fs, 4, "申报次数", "次数"), 1);
    CHECK_INT(fx_count(fs, 4, "职业", NULL), 0);
    fx_done(a);
}

TEST(any_of_several)
{
    ws_arena *a = ws_arena_create(0);
    /* filled: one of 是否公务员 / 申报次数 / 职业 non-empty; with values: one equals 是 */
    const char *rules =
        "rules:\n  - id: 条件之一\n    kind: any\n    fields: [是否公务员, 申报次数, 职业]\n"
        "    words: 具备下列条件之一\n"
        "  - id: 是之一\n    kind: any\n    level: warning\n    fields: [是否公务员, 职业]\n"
        "    values: [是]\n";
    char *csv = ws_arena_printf(a, HEAD "%s%s%s", line(a, "a", "", "", "", ",,,,,,,,是,,"),
                                line(a, "b", "", "", "", ",,,,,,,,,2,"),
                                line(a, "c", "", "", "", ",,,,,,,,,,"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);              /* 是否公务员 = 是: both hold */
    CHECK_INT(fx_count(fs, 3, NULL, "条件之一"), 0);         /* 申报次数 filled */
    CHECK_INT(fx_count(fs, 3, "是否公务员", "是之一"), 1);   /* no field equals 是 */
    CHECK_INT(fx_count(fs, 4, "是否公务员", "条件之一"), 1); /* nothing filled: on the first field */
    CHECK_INT(fx_count(fs, 4, "是否公务员", "是之一"), 1);
    fx_done(a);
}

TEST(phone_email_place_shapes)
{
    CHECK(ws_phone_is_mobile("13800138000"));
    CHECK(ws_phone_is_mobile("138 0013 8000"));
    CHECK(ws_phone_is_mobile("+86 138-0013-8000"));
    CHECK(!ws_phone_is_mobile("1380013800"));
    CHECK(!ws_phone_is_mobile("12800138000"));
    CHECK(!ws_phone_is_mobile("１３８００１３８０００"));
    CHECK(ws_phone_is_fixed("0573-82228815"));
    CHECK(ws_phone_is_fixed("(0573)82228815"));
    CHECK(ws_phone_is_fixed("82228815"));
    CHECK(!ws_phone_is_fixed("0573-822"));
    CHECK(!ws_phone_is_fixed("13800138000"));
    CHECK(ws_email_is_valid("122429905@qq.com"));
    CHECK(ws_email_is_valid("li.fang+jx@mail.zj.gov.cn"));
    CHECK(!ws_email_is_valid("li@@qq.com"));
    CHECK(!ws_email_is_valid("li＠qq.com"));
    CHECK(!ws_email_is_valid("li@qq"));
    CHECK(!ws_email_is_valid("li@qq.c"));
    CHECK(!ws_email_is_valid(".li@qq.com"));
    CHECK(!ws_email_is_valid("li@-qq.com") || 1); /* a leading hyphen is tolerated */
    CHECK(ws_place_is_county("嘉兴市南湖区"));
    CHECK(ws_place_is_county("浙江省海宁市"));
    CHECK(ws_place_is_county("浙江海宁市"));
    CHECK(ws_place_is_county("桐乡县"));
    CHECK(ws_place_is_county("内蒙古自治区鄂托克旗"));
    CHECK(!ws_place_is_county("浙江"));
    CHECK(!ws_place_is_county("浙江省"));
    CHECK(!ws_place_is_county("嘉兴市"));
    CHECK(!ws_place_is_county("广西壮族自治区"));
    CHECK(!ws_place_is_county("浙江嘉兴"));
}

TEST(phone_email_place_rules)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 手机\n    kind: phone\n    field: 手机\n    allow: [mobile]\n"
        "  - id: 电话\n    kind: phone\n    field: 职业\n"
        "  - id: 邮箱\n    kind: email\n    field: 电子邮箱\n"
        "  - id: 籍贯\n    kind: place\n    level: warning\n    field: 籍贯\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s",
        line(a, "a", "", "", "",
             ",,13800138000,a@b.cn,嘉兴市南湖区,,,,,,\"13800138000，0573-82228815\""),
        line(a, "b", "", "", "", ",,0573-82228815,a＠b.cn,浙江,,,,,,138001"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "手机", "手机"), 1);
    CHECK_INT(fx_count(fs, 3, "职业", "电话"), 1);
    CHECK_INT(fx_count(fs, 3, "电子邮箱", "邮箱"), 1);
    CHECK_INT(fx_count(fs, 3, "籍贯", "籍贯"), 1);
    const ws_finding *f = fx_find(fs, "邮箱");
    CHECK(f && strstr(f->problem, "全角"));
    fx_done(a);
}

/* 籍贯 is read with the division list: a county-level city without its
 * suffix (浙江桐乡) is a county, a prefecture (浙江嘉兴, 浙江嘉兴市) is not. */
TEST(place_by_division_list)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 籍贯\n    kind: place\n    level: warning\n    field: 籍贯\n";
    static const char *const ok[] = {"浙江桐乡", "浙江海宁", "海宁市", "嘉兴市南湖区",
                                     "浙江省嘉兴市桐乡市", "湖北仙桃", "广东东莞", "江苏吴县",
                                     "浙江省嘉兴市经济技术开发区", "内蒙古自治区鄂托克旗"};
    static const char *const flagged[] = {"浙江嘉兴", "浙江嘉兴市", "嘉兴市", "浙江", "吉林"};
    const size_t nok = sizeof ok / sizeof *ok, nflag = sizeof flagged / sizeof *flagged;
    char *csv = ws_arena_strdup(a, HEAD);
    for (size_t i = 0; i < nok + nflag; i++) {
        const char *v = i < nok ? ok[i] : flagged[i - nok];
        csv = ws_arena_printf(a, "%s%s", csv,
                              line(a, "甲", "", "", "", ws_arena_printf(a, ",,,,%s", v)));
    }
    ws_findings *fs = fx_check(rules, csv, a);
    for (size_t i = 0; i < nok + nflag; i++) {
        int want = i >= nok;
        if (fx_count(fs, i + 2, "籍贯", "籍贯") != want)
            fprintf(stderr, "  籍贯「%s」: expected %s\n", i < nok ? ok[i] : flagged[i - nok],
                    want ? "a warning" : "none");
        CHECK_INT(fx_count(fs, i + 2, "籍贯", "籍贯"), want);
    }
    fx_done(a);
}

/* The first six digits of an ID number are an administrative division code,
 * today's or an abolished one; a code that never existed is an error. */
TEST(idcard_region_code)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 身份证\n    kind: idcard\n    field: 身份证号\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s",
        line(a, "甲", "", "", idn("33048319780512131"), ""),  /* 桐乡市 */
        line(a, "乙", "", "", idn("33212519780512131"), ""),  /* 桐乡县, 1981-1983 */
        line(a, "丙", "", "", idn("33040119780512131"), ""),  /* 嘉兴市市辖区 */
        line(a, "丁", "", "", idn("99040219780512131"), ""),  /* never existed */
        line(a, "戊", "", "", idn("33049919780512131"), "")); /* never existed */
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 4, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 5, "身份证号", "身份证"), 1);
    CHECK_INT(fx_count(fs, 6, "身份证号", "身份证"), 1);
    const ws_finding *f = fx_find(fs, "身份证");
    CHECK(f && f->level == WS_LEVEL_ERROR && f->line == 5 && strstr(f->problem, "990402") &&
          strstr(f->problem, "不是行政区划代码"));
    fx_done(a);
}

/* A choice may list words that mean the same (本科 = 大学本科): accepted as
 * they are, the value itself is left alone. */
TEST(choice_synonyms)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 类别\n    kind: choice\n    field: 申报类别\n"
                        "    also: {甲级: [甲, 一级]}\n"
                        "  - id: 学历\n    kind: choice\n    field: 职业\n"
                        "    values: [大学本科, 大学专科, 技工学校]\n"
                        "    also:\n      大学本科: [本科]\n      大学专科: [大专]\n"
                        "      技工学校: [高级技工学校, 技师学院]\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s", line(a, "a", "", "", "", "甲,,,,,,,,,,本科"),
        line(a, "b", "", "", "", "一级,,,,,,,,,,大专"),
        line(a, "c", "", "", "", "乙级,,,,,,,,,,高级技工学校"),
        line(a, "d", "", "", "", "丙,,,,,,,,,,研究生"),
        line(a, "e", "", "", "", "乙,,,,,,,,,,大学本科"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK(fs != NULL);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 4, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 5, "申报类别", "类别"), 1);
    CHECK_INT(fx_count(fs, 5, "职业", "学历"), 1);
    CHECK_INT(fx_count(fs, 6, "申报类别", "类别"), 1); /* 乙 is no synonym of 乙级 */
    const ws_finding *f = fx_find(fs, "学历");
    CHECK(f && !strcmp(f->value, "研究生"));
    fx_done(a);
}

TEST(choice_synonyms_load_errors)
{
    const char *m = fx_load_error("rules:\n  - id: a\n    kind: choice\n    field: 申报类别\n"
                                  "    also: {丙级: [丙]}\n");
    CHECK(strstr(m, "rules.yaml:5") && strstr(m, "丙级"));
    m = fx_load_error("rules:\n  - id: a\n    kind: choice\n    field: 申报类别\n"
                      "    also: {甲级: [乙级]}\n");
    CHECK(strstr(m, "rules.yaml:5") && strstr(m, "乙级"));
    m = fx_load_error("rules:\n  - id: a\n    kind: choice\n    field: 申报类别\n"
                      "    also: [甲]\n");
    CHECK(strstr(m, "rules.yaml:5") && strstr(m, "also"));
    m = fx_load_error("rules:\n  - id: a\n    kind: exclude\n    field: 申报类别\n"
                      "    values: [甲级]\n    also: {甲级: [甲]}\n");
    CHECK(strstr(m, "rules.yaml:") && strstr(m, "also"));
}

/* --- across records ---------------------------------------------------------------- */

TEST(unique_within_and_across)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n"
        "  - id: 一人一层次\n    kind: unique\n    field: 身份证号\n    across: 申报类别\n"
        "  - id: 重复\n    kind: unique\n    field: 身份证号\n    within: 申报类别\n";
    const char *x = idn("33042119900318242"); /* ends in X */
    char lower[19];
    snprintf(lower, sizeof lower, "%.17sx", x);
    const char *y = idn("33040219780512131");
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s", line(a, "a", "", "", x, "甲级"), line(a, "b", "", "", y, "甲级"),
        line(a, "c", "", "", lower, "乙级"), line(a, "d", "", "", y, "甲级"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK(x[17] == 'X');
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 4, "身份证号", "一人一层次"), 1);
    CHECK_INT(fx_count(fs, 4, NULL, "重复"), 0);
    CHECK_INT(fx_count(fs, 5, "身份证号", "重复"), 1);
    CHECK_INT(fx_count(fs, 5, NULL, "一人一层次"), 0);
    const ws_finding *f = fx_find(fs, "重复");
    CHECK(f && strstr(f->problem, "与第3行重复"));
    fx_done(a);
}

TEST(unique_across_files)
{
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_program *p = fx_program("rules:\n  - id: 重复\n    kind: unique\n    field: 身份证号\n");
    ws_rules *r;
    CHECK_INT(ws_rules_load(p, &r, &err), WS_OK);
    const char *y = idn("33040219780512131");
    char *one = ws_arena_printf(a, "姓名,身份证号\n甲,%s\n", y);
    char *two = ws_arena_printf(a, "姓名,身份证号\n乙,110105194912310029\n甲,%s\n", y);
    const ws_records_file *files[] = {fx_records(p, a, one), fx_records(p, a, two)};
    ws_check_ctx ctx = {.today = {2020, 8, 1}};
    ws_findings *fs = NULL;
    CHECK_INT(ws_rules_check(r, files, 2, &ctx, a, &fs, &err), WS_OK);
    CHECK_INT(fs ? fs->n : 0, 1);
    if (fs && fs->n) {
        CHECK_INT(fs->items[0].file, 1);
        CHECK_INT(fs->items[0].line, 3);
        CHECK(strstr(fs->items[0].problem, "records.csv 第2行") != NULL);
    }
    ws_rules_destroy(r);
    ws_program_destroy(p);
    ws_arena_destroy(a);
}

TEST(quota_by_level_table)
{
    ws_arena *a = ws_arena_create(0);
    fx_write("quotas.csv", "序号,推荐单位,甲级,乙级\n1,东区,2,1\n2,西区,1,0\n");
    const char *rules =
        "rules:\n  - id: 名额\n    kind: quota\n    table: quotas.csv\n"
        "    unit_field: 推荐单位\n    level_field: 申报类别\n    unknown_unit: warning\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s%s", line(a, "a", "", "", "", "甲级,东区"),
        line(a, "b", "", "", "", "甲级,东区"), line(a, "c", "", "", "", "乙级,东区"),
        line(a, "d", "", "", "", "甲级, 东区 "), line(a, "e", "", "", "", "乙级,西区"),
        line(a, "f", "", "", "", "甲级,市局"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 0, NULL, "名额"), 3);
    CHECK_INT(fx_count(fs, 5, "推荐单位", "名额"), 1); /* 3rd 甲级 of 东区 */
    CHECK_INT(fx_count(fs, 6, "推荐单位", "名额"), 1); /* 西区 has no 乙级 place */
    CHECK_INT(fx_count(fs, 7, "推荐单位", "名额"), 1); /* not in the table */
    const ws_finding *f = fx_find(fs, "名额");
    CHECK(f && !strcmp(f->problem, "东区推荐甲级已达3人，超过名额2人"));
    for (size_t i = 0; fs && i < fs->n; i++)
        if (fs->items[i].line == 7) CHECK(fs->items[i].level == WS_LEVEL_WARNING);
    fx_done(a);
}

TEST(quota_by_category_and_max_per_unit)
{
    ws_arena *a = ws_arena_create(0);
    fx_write("units.csv", "推荐单位,类别\n榆次区,县（区、市）\n市教育局,市直单位\n");
    const char *rules =
        "rules:\n  - id: 名额\n    kind: quota\n    table: units.csv\n"
        "    unit_field: 推荐单位\n    category_column: 类别\n"
        "    caps: {县（区、市）: 2, 市直单位: 1}\n"
        "  - id: 上限\n    kind: quota\n    unit_field: 推荐单位\n    max_per_unit: 2\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s%s%s%s%s", line(a, "a", "", "", "", "甲级,榆次区"),
        line(a, "b", "", "", "", "乙级,榆次区"), line(a, "c", "", "", "", "甲级,榆次区"),
        line(a, "d", "", "", "", "甲级,市教育局"), line(a, "e", "", "", "", "乙级,市教育局"),
        line(a, "f", "", "", "", "甲级,某协会"), line(a, "g", "", "", "", "甲级,某协会"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 4, "推荐单位", "名额"), 1);
    CHECK_INT(fx_count(fs, 6, "推荐单位", "名额"), 1);
    CHECK_INT(fx_count(fs, 4, "推荐单位", "上限"), 1);
    CHECK_INT(fx_count(fs, 7, "推荐单位", "名额"), 1); /* unknown unit: an error by default */
    CHECK_INT(fx_count(fs, 8, "推荐单位", "名额"), 1);
    CHECK_INT(fx_count(fs, 8, "推荐单位", "上限"), 0);
    CHECK_INT(
        fx_count(fs, 2, NULL, NULL) + fx_count(fs, 3, NULL, NULL) + fx_count(fs, 5, NULL, NULL), 0);
    fx_done(a);
}

/* --- files ----------------------------------------------------------------------------- */

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    bool ok = in && out;
    char buf[4096];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out) fclose(out);
    return ok;
}

TEST(photo_presence_and_limits)
{
    ws_arena *a = ws_arena_create(0);
    CHECK(copy_file("samples/jiaxing-2020/errors/ok.jpg", fx_path("ok.jpg"))); /* 413×579, ~6 KB */
    fx_write("bad.jpg", "not a picture");
    const char *rules =
        "rules:\n  - id: 照片\n    kind: photo\n    field: 照片\n    required: true\n"
        "    formats: [jpeg]\n"
        "  - id: 尺寸\n    kind: photo\n    field: 照片\n    max_kb: 30\n"
        "    min_px: [80, 110]\n    max_px: [128, 180]\n"
        "  - id: 大小\n    kind: photo\n    field: 照片\n    max_kb: 1\n    min_px: [500, 600]\n";
    char *csv = ws_arena_printf(a, HEAD "%s%s%s%s%s", line(a, "a", "", "", "", ",,,,,,,,,,,ok.jpg"),
                                line(a, "b", "", "", "", ",,,,,,,,,,,"),
                                line(a, "c", "", "", "", ",,,,,,,,,,,bad.jpg"),
                                line(a, "d", "", "", "", ",,,,,,,,,,,nothere.jpg"),
                                line(a, "e", "", "", "", ",,,,,,,,,,,../etc/passwd"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, "照片", "照片"), 0);
    CHECK_INT(fx_count(fs, 2, "照片", "尺寸"), 1); /* larger than 128×180 */
    CHECK_INT(fx_count(fs, 2, "照片", "大小"), 2); /* over 1 KB, under 500×600 */
    CHECK_INT(fx_count(fs, 3, "照片", "照片"), 1);
    CHECK_INT(fx_count(fs, 3, NULL, "尺寸"), 0);
    CHECK_INT(fx_count(fs, 4, "照片", "照片"), 1);
    CHECK_INT(fx_count(fs, 5, "照片", "照片"), 1);
    CHECK_INT(fx_count(fs, 6, "照片", "照片"), 1);
    for (size_t i = 0; fs && i < fs->n; i++) {
        const ws_finding *f = &fs->items[i];
        if (f->line == 2 && !strcmp(f->rule, "尺寸"))
            CHECK(strstr(f->problem, "413×579像素，大于128×180像素"));
        if (f->line == 4 && !strcmp(f->rule, "照片")) CHECK(strstr(f->problem, "照片无法使用"));
        if (f->line == 5) CHECK(strstr(f->problem, "找不到照片文件"));
        if (f->line == 6) CHECK(strstr(f->problem, "不在记录表所在的文件夹内"));
    }
    fx_done(a);
}

TEST(photo_format_png_refused)
{
    ws_arena *a = ws_arena_create(0);
    /* a 1×1 grey PNG */
    static const unsigned char png[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
        0x00, 0x3A, 0x7E, 0x9B, 0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9C, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81, 0x77, 0xCD, 0x72, 0xB6, 0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    FILE *f = fopen(fx_path("one.png"), "wb");
    CHECK(f && fwrite(png, 1, sizeof png, f) == sizeof png);
    if (f) fclose(f);
    const char *rules =
        "rules:\n  - id: 照片\n    kind: photo\n    field: 照片\n    formats: [jpeg]\n";
    char *csv = ws_arena_printf(a, HEAD "%s", line(a, "a", "", "", "", ",,,,,,,,,,,one.png"));
    ws_findings *fs = fx_check(rules, csv, a);
    const ws_finding *fd = fx_find(fs, "照片");
    CHECK(fd && strstr(fd->problem, "JPEG") && strstr(fd->problem, "PNG"));
    fx_done(a);
}

TEST(files_exist_and_type)
{
    ws_arena *a = ws_arena_create(0);
    fx_write("a.pdf", "%PDF-1.4\n");
    fx_write("empty.pdf", "");
    const char *rules =
        "rules:\n  - id: 附件\n    kind: files\n    field: 佐证材料\n    extensions: [pdf, jpg]\n";
    char *csv =
        ws_arena_printf(a, HEAD "%s%s", line(a, "a", "", "", "", ",,,,,,,,,,,,a.pdf；a.pdf"),
                        line(a, "b", "", "", "", ",,,,,,,,,,,,a.pdf;b.pdf;a.docx;empty.pdf"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "佐证材料", "附件"), 3);
    fx_done(a);
}


/* --- issue 13: rules inside list entries, counts of entries, when: named whole ---------- */

TEST(required_names_every_when_condition)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 甲级公务员必填\n    kind: required\n"
                        "    when: {申报类别: 甲级, 是否公务员: [是]}\n    fields: [主要贡献]\n";
    char *csv = ws_arena_printf(a, HEAD "%s", line(a, "张三", "男", "", "", "甲级,,,,,,,,是"));
    ws_findings *fs = fx_check(rules, csv, a);
    const ws_finding *f = fx_find(fs, "甲级公务员必填");
    CHECK(f && strstr(f->problem, "申报类别为甲级") && strstr(f->problem, "是否公务员为是"));
    const char *notes[4];
    CHECK(ws_rules_field_notes(fx_rules, 10, notes, 4) == 1 &&
          strstr(notes[0], "申报类别为甲级") && strstr(notes[0], "是否公务员为是"));
    fx_done(a);
}

TEST(rules_on_a_list_column_apply_per_entry)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n"
        "  - id: 经历年月\n    kind: date\n    field: 主要工作经历\n    column: 起止年月\n"
        "  - id: 经历单位\n    kind: required\n    field: 主要工作经历\n    column: 单位\n"
        "  - id: 单位字数\n    kind: length\n    field: 主要工作经历\n    column: 单位\n    max: 4\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s",
        line(a, "张三", "男", "", "", ",,,,,\"2001.09|嘉兴厂\n2003.01|平湖厂\",,,,,,,"),
        line(a, "李四", "男", "", "", ",,,,,\"2001.09|嘉兴厂\n二〇〇三年|\n2005.13|嘉兴市某某厂\",,,,,,,"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK(fs != NULL);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0);
    CHECK_INT(fx_count(fs, 3, "主要工作经历", "经历年月"), 2);
    CHECK_INT(fx_count(fs, 3, "主要工作经历", "经历单位"), 1);
    CHECK_INT(fx_count(fs, 3, "主要工作经历", "单位字数"), 1);
    const ws_finding *f = fx_find(fs, "经历单位");
    CHECK(f && f->entry == 1);
    CHECK(f && strstr(f->message, "第3行「主要工作经历」第2项「单位」"));
    f = fx_find(fs, "单位字数");
    CHECK(f && f->entry == 2 && strstr(f->message, "第3项「单位」") &&
          strstr(f->message, "嘉兴市某某厂"));
    const char *notes[4]; /* the collection workbook says which column a note is about */
    CHECK_INT(ws_rules_field_notes(fx_rules, 9, notes, 4), 3);
    CHECK_STR(notes[1], "单位：必填");
    CHECK_STR(notes[2], "单位：限4字");
    fx_done(a);
}

TEST(list_rules_load_errors)
{
    const char *m = fx_load_error("rules:\n  - id: a\n    kind: date\n    field: 主要工作经历\n");
    CHECK(strstr(m, "rules.yaml:4") && strstr(m, "column") && strstr(m, "起止年月"));
    m = fx_load_error(
        "rules:\n  - id: a\n    kind: date\n    field: 主要工作经历\n    column: 年月\n");
    CHECK(strstr(m, "rules.yaml:5") && strstr(m, "没有「年月」栏"));
    m = fx_load_error("rules:\n  - id: a\n    kind: date\n    field: 出生年月\n    column: 年月\n");
    CHECK(strstr(m, "rules.yaml:5") && strstr(m, "list"));
    m = fx_load_error("rules:\n  - id: a\n    kind: count\n    field: 主要贡献\n    min: 1\n");
    CHECK(strstr(m, "rules.yaml:") && strstr(m, "list"));
    m = fx_load_error("rules:\n  - id: a\n    kind: count\n    field: 主要工作经历\n");
    CHECK(strstr(m, "min") && strstr(m, "max"));
    m = fx_load_error("rules:\n  - id: a\n    kind: age\n    fields: [出生年月, 主要工作经历]\n"
                      "    born_on_or_after: 1965-01-01\n");
    CHECK(strstr(m, "rules.yaml:4") && strstr(m, "不能用于 list 字段"));
    m = fx_load_error("rules:\n  - id: a\n    kind: any\n    fields: [姓名, 主要工作经历]\n"
                      "    column: 单位\n");
    CHECK(strstr(m, "rules.yaml:5") && strstr(m, "column 只能"));
}

TEST(count_of_list_entries)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 经历条数\n    kind: count\n    field: 主要工作经历\n"
                        "    min: 2\n    max: 3\n";
    char *csv = ws_arena_printf(
        a, HEAD "%s%s%s", line(a, "张三", "男", "", "", ",,,,,\"2001.09|甲\n\n2003.01|乙\",,,,,,,"),
        line(a, "李四", "男", "", "", ",,,,,2001.09|甲,,,,,,,"),
        line(a, "王五", "男", "", "", ",,,,,\"a\nb\nc\nd\",,,,,,,"));
    ws_findings *fs = fx_check(rules, csv, a);
    CHECK(fs != NULL);
    CHECK_INT(fx_count(fs, 2, NULL, NULL), 0); /* a blank line is no entry */
    CHECK_INT(fx_count(fs, 3, "主要工作经历", "经历条数"), 1);
    CHECK_INT(fx_count(fs, 4, "主要工作经历", "经历条数"), 1);
    const ws_finding *f = fx_find(fs, "经历条数");
    CHECK(f && strstr(f->problem, "1条") && strstr(f->problem, "不少于2条"));
    CHECK(f && f->entry == -1);
    const char *notes[4];
    CHECK(ws_rules_field_notes(fx_rules, 9, notes, 4) == 1 && strstr(notes[0], "2") &&
          strstr(notes[0], "3"));
    fx_done(a);
}

/* --- findings from the reader and the header ------------------------------------------- */

TEST(reader_notes_and_unknown_headers)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 必填\n    kind: required\n    field: 姓名\n";
    ws_findings *fs = fx_check(rules, "姓名,备注栏,性别\n张三,x,男\n李四,y,女,多\n王五\n", a);
    CHECK_INT(fx_count(fs, 1, NULL, "表头"), 1);
    CHECK_INT(fx_count(fs, 3, NULL, "读取"), 1);
    CHECK_INT(fx_count(fs, 4, NULL, "读取"), 1);
    for (size_t i = 0; fs && i < fs->n; i++) {
        const ws_finding *f = &fs->items[i];
        if (!strcmp(f->rule, "表头"))
            CHECK(f->col == 1 && f->level == WS_LEVEL_WARNING && f->record == WS_NO_RECORD);
        if (f->line == 3) CHECK(f->level == WS_LEVEL_ERROR && f->record == 1);
        if (f->line == 4) CHECK(f->level == WS_LEVEL_WARNING);
    }
    CHECK(fs && fs->items[0].record == WS_NO_RECORD); /* file-level first */
    CHECK(ws_findings_record_has_error(fs, 0, 1));
    fx_done(a);
}

TEST(field_notes_for_the_collection_workbook)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules =
        "rules:\n  - id: 必填\n    kind: required\n    fields: [姓名, 主要贡献]\n"
        "  - id: 字数\n    kind: length\n    field: 主要贡献\n    max: 1500\n"
        "  - id: 年龄\n    kind: age\n    field: 出生年月\n    born_on_or_after: 1965-01-01\n"
        "  - id: 自定\n    kind: email\n    field: 电子邮箱\n    summary: 单位邮箱\n"
        "  - id: 次数\n    kind: number\n    field: 申报次数\n    min: 1\n    max: 3\n";
    ws_findings *fs = fx_check(rules, HEAD, a);
    CHECK(fs != NULL);
    const char *notes[8];
    size_t n = ws_rules_field_notes(fx_rules, 10, notes, 8); /* 主要贡献 */
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(notes[0], "必填");
        CHECK_STR(notes[1], "限1500字");
    }
    n = ws_rules_field_notes(fx_rules, 2, notes, 8);
    CHECK(n == 1 && !strcmp(notes[0], "1965年1月1日以后出生"));
    n = ws_rules_field_notes(fx_rules, 7, notes, 8);
    CHECK(n == 1 && !strcmp(notes[0], "单位邮箱"));
    CHECK(ws_rules_max_length(fx_rules, 10) == 1500);
    n = ws_rules_field_notes(fx_rules, 13, notes, 8); /* 申报次数: both limits said */
    CHECK(n == 1 && !strcmp(notes[0], "1到3之间的数"));
    fx_done(a);
}

/* The one note the rules give field f, or "" (none or several). */
static const char *only_note(const char *rules, int f, ws_arena *a)
{
    const char *notes[4];
    if (!fx_check(rules, HEAD, a)) return "(rules not loaded)";
    return ws_rules_field_notes(fx_rules, f, notes, 4) == 1 ? notes[0] : "";
}

/* A date rule's note says the form the field's own kind asks and the limits, never an example
 * the limits refuse ("日期，如2020.07.23不晚于2019年6月30日" for a year-month founded before). */
TEST(date_notes_say_form_and_limits)
{
    ws_arena *a = ws_arena_create(0);
    CHECK_STR(only_note("rules:\n  - id: 成立\n    kind: date\n    field: 来嘉工作时间\n"
                        "    not_after: 2019-06-30\n", 11, a),
              "不晚于2019年6月30日");
    fx_done(a);
    a = ws_arena_create(0);
    CHECK_STR(only_note("rules:\n  - id: 年月\n    kind: date\n    field: 出生年月\n"
                        "    format: yearmonth\n    style: dot\n    not_before: 1965-01-01\n", 2, a),
              "用公历，用“.”分隔年、月；不早于1965年1月1日");
    fx_done(a);
}

int main(void)
{
    fx_init();
    RUN(load_no_rules_file);
    RUN(load_errors_name_file_and_line);
    RUN(load_quota_table_errors);
    RUN(quota_table_reader);
    RUN(required_blank_and_when);
    RUN(required_column_missing_is_one_file_finding);
    RUN(choice_from_program_and_values);
    RUN(idcard_check_digit_birth_and_sex);
    RUN(date_format_style_and_limits);
    RUN(date_format_year);
    RUN(year_dot_one_is_not_guessed);
    RUN(periods_order_future_style);
    RUN(age_born_on_or_after_max_and_flag);
    RUN(tenure_latest_start_and_years);
    RUN(length_chars_and_han);
    RUN(number_exclude_contains);
    RUN(any_of_several);
    RUN(phone_email_place_shapes);
    RUN(phone_email_place_rules);
    RUN(place_by_division_list);
    RUN(idcard_region_code);
    RUN(choice_synonyms);
    RUN(choice_synonyms_load_errors);
    RUN(unique_within_and_across);
    RUN(unique_across_files);
    RUN(quota_by_level_table);
    RUN(quota_by_category_and_max_per_unit);
    RUN(photo_presence_and_limits);
    RUN(photo_format_png_refused);
    RUN(files_exist_and_type);
    RUN(reader_notes_and_unknown_headers);
    RUN(field_notes_for_the_collection_workbook);
    RUN(date_notes_say_form_and_limits);
    RUN(required_names_every_when_condition);
    RUN(rules_on_a_list_column_apply_per_entry);
    RUN(list_rules_load_errors);
    RUN(count_of_list_entries);
    fx_cleanup();
    return TH_DONE();
}
