/* Unit tests for kind prefer (同等条件下优先推荐…): a note on the records with
 * the preferred quality, never an error, and the mark {{rule.ID}} prints. */
#include "harness.h"

#include "rules_fixture.h"

#define HEAD                                                                                                                        \
    "姓名,性别,出生年月,身份证号,申报类别,推荐单位,手机,电子邮箱,籍贯,主要工作经历,主要贡献," \
    "来嘉工作时间,是否公务员,申报次数,职业,照片,佐证材料\n"

static const char *const RULES =
    "rules:\n  - id: 一线优先\n    kind: prefer\n    field: 职业\n    values: [一线职工, 班组长]\n"
    "    mark: 优先\n    words: 同等条件下优先推荐生产一线职工\n"
    "  - id: 贡献\n    kind: prefer\n    field: 主要贡献\n";

/* name, 主要贡献, 职业 */
static char *rec(ws_arena *a, const char *name, const char *contrib, const char *job)
{
    return ws_arena_printf(a, "%s,,,,,,,,,,%s,,,,%s,,\n", name, contrib, job);
}

TEST(prefer_is_a_note_on_who_has_the_quality)
{
    ws_arena *a = ws_arena_create(0);
    char *csv = ws_arena_printf(a, HEAD "%s%s%s", rec(a, "甲", "", "一线职工"),
                                rec(a, "乙", "革新", "科员"), rec(a, "丙", "", ""));
    ws_findings *fs = fx_check(RULES, csv, a);
    CHECK_INT(fx_count(fs, 2, "职业", "一线优先"), 1);
    CHECK_INT(fx_count(fs, 3, NULL, "一线优先"), 0);
    CHECK_INT(fx_count(fs, 3, "主要贡献", "贡献"), 1);
    CHECK_INT(fx_count(fs, 4, NULL, NULL), 0);
    const ws_finding *f = fx_find(fs, "一线优先");
    CHECK(f && f->level == WS_LEVEL_NOTE);
    CHECK(f &&
          !strcmp(f->message,
                  "第2行「职业」：同等条件下优先（值：一线职工）——同等条件下优先推荐生产一线职工"));
    CHECK(fs && fs->nerrors == 0 && fs->nwarnings == 0 && fs->nnotes == 2);
    fx_done(a);
}

TEST(prefer_marks_records_for_templates)
{
    ws_arena *a = ws_arena_create(0);
    char *csv =
        ws_arena_printf(a, HEAD "%s%s", rec(a, "甲", "", "班组长"), rec(a, "乙", "革新", ""));
    ws_findings *fs = fx_check(RULES, csv, a);
    ws_records_file *file = fx_records(fx_prog, a, csv);
    ws_err err;
    CHECK(fs && file);
    if (!fs || !file) return;
    CHECK_INT(ws_findings_mark(fx_rules, fs, 0, file->rs, a, &err), WS_OK);
    const ws_record *r0 = &file->rs->records[0], *r1 = &file->rs->records[1];
    CHECK_INT(r0->nmarks, 1);
    CHECK(r0->nmarks == 1 && !strcmp(r0->marks[0].rule, "一线优先") &&
          !strcmp(r0->marks[0].text, "优先"));
    CHECK(r1->nmarks == 1 && !strcmp(r1->marks[0].text, "是")); /* the default mark */
    /* {{rule.ID}} prints the mark, or nothing */
    ws_tpl_names names = {0};
    ws_tpl *t;
    CHECK_INT(ws_tpl_compile("[{{rule.一线优先}}]", &names, a, &t, &err), WS_OK);
    ws_bound b = {.program = fx_prog, .record = r0};
    ws_tpl_scope sc;
    ws_bound_scope(&b, &sc);
    CHECK_STR(ws_tpl_expand(t, &sc, a), "[优先]");
    b.record = r1;
    CHECK_STR(ws_tpl_expand(t, &sc, a), "[]");
    fx_done(a);
}

TEST(prefer_load_errors)
{
    const char *m =
        fx_load_error("rules:\n  - id: p\n    kind: prefer\n    field: 职业\n    level: error\n");
    CHECK(strstr(m, "rules.yaml:") && strstr(m, "note"));
    m = fx_load_error("rules:\n  - id: p\n    kind: prefer\n");
    CHECK(strstr(m, "field"));
}

int main(void)
{
    fx_init();
    RUN(prefer_is_a_note_on_who_has_the_quality);
    RUN(prefer_marks_records_for_templates);
    RUN(prefer_load_errors);
    fx_cleanup();
    return TH_DONE();
}
