/* Unit tests for quotas keyed by a unit attribute (check/quotas.c, kind
 * quota with unit_attribute: and limits:): the attribute read from the units
 * file or from the records, maxima and ranges per category, and the
 * findings for a unit the attribute cannot be found for. */
#include "harness.h"

#include "check/units.h"
#include "rules_fixture.h"

#define HEAD                                                                                                                        \
    "姓名,性别,出生年月,身份证号,申报类别,推荐单位,手机,电子邮箱,籍贯,主要工作经历,主要贡献," \
    "来嘉工作时间,是否公务员,申报次数,职业,照片,佐证材料\n"

/* A record: name, category, unit, 职业 (the 15th column); the rest empty. */
static char *rec(ws_arena *a, const char *name, const char *cat, const char *unit, const char *job)
{
    return ws_arena_printf(a, "%s,,,,%s,%s,,,,,,,,,%s,,\n", name, cat, unit, job);
}

/* Checks 'csv' against 'rules' with units.csv holding 'units' (NULL: no
 * units file), as check and build do (ws_check_ctx.units). */
static ws_findings *check_with_units(const char *rules, const char *units, const char *csv,
                                     ws_arena *a)
{
    ws_err err;
    ws_check_ctx ctx = {.today = {2020, 8, 1}, .units_key = -1};
    if (units) {
        fx_write("units.csv", units);
        ws_sheet *s;
        if (ws_units_load(fx_path("units.csv"), "推荐单位", a, &s, &ctx.units_key, &err) != WS_OK) {
            fprintf(stderr, "units: %s\n", err.msg);
            return NULL;
        }
        ctx.units = s;
    }
    return fx_check_ctx(rules, csv, &ctx, a);
}

/* The problem of the finding of rule 'rule' at row 'line' (0: file-level), or "". */
static const char *problem_at(const ws_findings *fs, size_t line, const char *rule)
{
    for (size_t i = 0; fs && i < fs->n; i++)
        if (fs->items[i].line == line && !strcmp(fs->items[i].rule, rule))
            return fs->items[i].problem;
    return "";
}

static const char *const RULES =
    "rules:\n  - id: 名额\n    kind: quota\n    unit_field: 推荐单位\n"
    "    level_field: 申报类别\n    unit_attribute: 单位类型\n"
    "    limits: {县市区: 2, 市直单位: 1, 驻市单位: 1-2}\n    words: 按单位类型\n";

static const char *const UNITS = "推荐单位,单位类型\n东区,县市区\n市局,市直单位\n"
                                 "供电公司,驻市单位\n新区,\n";

TEST(max_per_category_and_attribute)
{
    ws_arena *a = ws_arena_create(0);
    char *csv = ws_arena_printf(a, HEAD "%s%s%s%s%s%s", rec(a, "a", "甲级", "东区", ""),
                                rec(a, "b", "甲级", "东区", ""), rec(a, "c", "甲级", " 东区", ""),
                                rec(a, "d", "乙级", "东区", ""), rec(a, "e", "乙级", "市局", ""),
                                rec(a, "f", "乙级", "市局", ""));
    ws_findings *fs = check_with_units(RULES, UNITS, csv, a);
    CHECK(fs != NULL);
    CHECK_STR(problem_at(fs, 4, "名额"), "甲级：县市区 东区 推荐3人，上限2人");
    CHECK_STR(problem_at(fs, 7, "名额"), "乙级：市直单位 市局 推荐2人，上限1人");
    CHECK_INT(fx_count(fs, 2, NULL, "名额") + fx_count(fs, 3, NULL, "名额") +
                  fx_count(fs, 5, NULL, "名额") + fx_count(fs, 6, NULL, "名额"),
              0);
    CHECK(fs && fs->nerrors == 2);
    fx_done(a);
}

TEST(range_minimum_is_a_file_level_finding)
{
    ws_arena *a = ws_arena_create(0);
    char *csv =
        ws_arena_printf(a, HEAD "%s%s%s%s", rec(a, "a", "甲级", "供电公司", ""),
                        rec(a, "b", "甲级", "供电公司", ""), rec(a, "c", "甲级", "供电公司", ""),
                        rec(a, "d", "甲级", "东区", ""));
    ws_findings *fs = check_with_units(RULES, UNITS, csv, a);
    CHECK_STR(problem_at(fs, 4, "名额"), "甲级：驻市单位 供电公司 推荐3人，上限2人");
    /* 乙级 of 供电公司: none, at least one wanted; 东区 has no minimum */
    CHECK_STR(problem_at(fs, 0, "名额"), "乙级：驻市单位 供电公司 推荐0人，下限1人");
    CHECK_INT(fx_count(fs, 0, NULL, "名额"), 2);
    fx_done(a);
}

TEST(unit_without_attribute_is_a_finding)
{
    ws_arena *a = ws_arena_create(0);
    char *csv = ws_arena_printf(a, HEAD "%s%s%s", rec(a, "a", "甲级", "新区", ""),
                                rec(a, "b", "甲级", "新区", ""), rec(a, "c", "甲级", "某协会", ""));
    ws_findings *fs = check_with_units(RULES, UNITS, csv, a);
    CHECK(strstr(problem_at(fs, 2, "名额"), "「新区」在单位信息表") &&
          strstr(problem_at(fs, 2, "名额"), "没有填写「单位类型」"));
    CHECK(strstr(problem_at(fs, 3, "名额"), "没有填写「单位类型」"));
    CHECK(strstr(problem_at(fs, 4, "名额"), "「某协会」不在单位信息表"));
    CHECK(fs && fs->nerrors == 3);
    fx_done(a);
    /* a value the limits do not list */
    a = ws_arena_create(0);
    csv = ws_arena_printf(a, HEAD "%s", rec(a, "a", "甲级", "西区", ""));
    fs = check_with_units(RULES, "推荐单位,单位类型\n西区,社会组织\n", csv, a);
    CHECK(strstr(problem_at(fs, 2, "名额"), "「社会组织」") &&
          strstr(problem_at(fs, 2, "名额"), "县市区、市直单位、驻市单位"));
    fx_done(a);
}

TEST(no_units_file_or_column)
{
    ws_arena *a = ws_arena_create(0);
    char *csv = ws_arena_printf(a, HEAD "%s%s", rec(a, "a", "甲级", "东区", ""),
                                rec(a, "b", "甲级", "东区", ""));
    ws_findings *fs = check_with_units(RULES, NULL, csv, a);
    CHECK(strstr(problem_at(fs, 0, "名额"), "没有单位信息表"));
    CHECK_INT(fx_count(fs, 0, NULL, "名额"), 1);
    fx_done(a);
    a = ws_arena_create(0);
    csv = ws_arena_printf(a, HEAD "%s", rec(a, "a", "甲级", "东区", ""));
    fs = check_with_units(RULES, "推荐单位,类别\n东区,县市区\n", csv, a);
    CHECK(strstr(problem_at(fs, 0, "名额"), "没有「单位类型」列"));
    CHECK_INT(fx_count(fs, 0, NULL, "名额"), 1);
    fx_done(a);
}

TEST(attribute_from_the_records_and_limits_per_category)
{
    ws_arena *a = ws_arena_create(0);
    const char *rules = "rules:\n  - id: 名额\n    kind: quota\n    level_field: 申报类别\n"
                        "    unit_field: 推荐单位\n    unit_attribute: 职业\n"
                        "    limits:\n      企业: {甲级: 1, 乙级: 2–3人}\n      机关: 1\n";
    char *csv =
        ws_arena_printf(a, HEAD "%s%s%s%s%s%s", rec(a, "a", "甲级", "甲厂", "企业"),
                        rec(a, "b", "甲级", "甲厂", "企业"), rec(a, "c", "乙级", "甲厂", "企业"),
                        rec(a, "d", "甲级", "某局", ""), rec(a, "e", "甲级", "乙厂", "机关"),
                        rec(a, "f", "甲级", "甲厂", "机关"));
    ws_findings *fs = check_with_units(rules, NULL, csv, a);
    CHECK_STR(problem_at(fs, 3, "名额"), "甲级：企业 甲厂 推荐2人，上限1人");
    CHECK_STR(problem_at(fs, 0, "名额"), "乙级：企业 甲厂 推荐1人，下限2人");
    CHECK(strstr(problem_at(fs, 5, "名额"), "「职业」未填写"));
    CHECK_INT(fx_count(fs, 6, NULL, "名额"), 0); /* 机关: 1 per category */
    /* one unit, two kinds: said, and counted as its first record says */
    CHECK_STR(problem_at(fs, 7, "名额"), "甲厂的「职业」在第2行为「企业」，此处为「机关」");
    CHECK_INT(fx_count(fs, 7, NULL, "名额"), 2); /* and its 3rd 甲级 of 企业 */
    fx_done(a);
}

TEST(load_errors)
{
    static const struct {
        const char *yaml; /* after id, kind and unit_field */
        const char *says, *also;
    } cases[] = {
        {"    unit_attribute: 单位类型\n", "limits", ""},
        {"    unit_attribute: 单位类型\n    limits: {县市区: 3-1}\n", "rules.yaml:6", "3-1"},
        {"    unit_attribute: 单位类型\n    limits: {县市区: 很多}\n", "很多", ""},
        {"    level_field: 申报类别\n    unit_attribute: 单位类型\n    limits: {县市区: {丙级: "
         "1}}\n",
         "丙级", "申报类别"},
        {"    unit_attribute: 单位类型\n    limits: {县市区: {甲级: 1}}\n", "level_field", ""},
        {"    limits: {县市区: 2}\n", "unit_attribute", ""},
        {"    unit_attribute: 单位类型\n    limits: {县市区: 2}\n    max_per_unit: 3\n", "另写一条",
         ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512];
        snprintf(buf, sizeof buf,
                 "rules:\n  - id: q\n    kind: quota\n    unit_field: 推荐单位\n%s", cases[i].yaml);
        const char *m = fx_load_error(buf);
        if (!strstr(m, cases[i].says) || !strstr(m, cases[i].also))
            TH_FAIL("case %zu: \"%s\" does not say %s %s", i, m, cases[i].says, cases[i].also);
    }
}

TEST(collection_workbook_says_the_limits)
{
    ws_arena *a = ws_arena_create(0);
    char *csv = ws_arena_printf(a, HEAD "%s", rec(a, "a", "甲级", "东区", ""));
    ws_findings *fs = check_with_units(RULES, UNITS, csv, a);
    const char *notes[4];
    size_t n = fs ? ws_rules_field_notes(fx_rules, 5, notes, 4) : 0; /* 推荐单位 */
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_STR(notes[0], "名额按「单位类型」（单位信息表）：县市区不超过2人，市直单位不超过1人，"
                            "驻市单位1–2人（申报类别每类分别计）");
    fx_done(a);
}

int main(void)
{
    fx_init();
    RUN(max_per_category_and_attribute);
    RUN(range_minimum_is_a_file_level_finding);
    RUN(unit_without_attribute_is_a_finding);
    RUN(no_units_file_or_column);
    RUN(attribute_from_the_records_and_limits_per_category);
    RUN(load_errors);
    RUN(collection_workbook_says_the_limits);
    fx_cleanup();
    return TH_DONE();
}
