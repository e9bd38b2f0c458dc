/* Unit tests for template/rows.c and the row-numbering parts of tpl.c:
 * a repeat: row numbers its own entries ({{row}}, and {{seq}} inside it),
 * names its columns (item.N, item.COL), and a list's entries can be counted
 * ({{FIELD|count}}). */
#include "harness.h"

#include "template/rows.h"
#include "template/tpl.h"

static const char *MEMBER_COLS[] = {"姓名", "性别", "职务"};

/* fields: 0 名称 (text), 1 成员 (list: 姓名|性别|职务) */
static ws_program *program(ws_arena *a)
{
    ws_program *p = ws_arena_calloc(a, 1, sizeof *p);
    p->arena = a;
    p->nfields = 2;
    p->fields = ws_arena_calloc(a, 2, sizeof *p->fields);
    p->fields[0] = (ws_field_def){.name = "名称", .kind = WS_FIELD_TEXT};
    p->fields[1] = (ws_field_def){.name = "成员", .kind = WS_FIELD_LIST, .columns = MEMBER_COLS,
                                  .ncolumns = 3};
    p->unit_field = -1;
    return p;
}

typedef struct names_user {
    const ws_program *p;
} names_user;

static int field_cb(void *user, const char *name, size_t len)
{
    return ws_program_field(((names_user *)user)->p, name, len);
}

static int item_cb(void *user, const char *name, size_t len)
{
    (void)user;
    for (int i = 0; i < 3; i++)
        if (strlen(MEMBER_COLS[i]) == len && !memcmp(MEMBER_COLS[i], name, len)) return i;
    return -1;
}

/* The program of program(), its field names for templates, and an arena. */
typedef struct fixture {
    ws_arena *a;
    ws_program *p;
    names_user nu;
} fixture;

static fixture fixture_make(void)
{
    fixture fx = {ws_arena_create(0), NULL, {NULL}};
    fx.p = program(fx.a);
    fx.nu.p = fx.p;
    return fx;
}

/* src compiled for p's fields (and a repeat row's item columns), or NULL. */
static ws_tpl *compile(ws_program *p, ws_arena *a, const char *src, bool in_repeat)
{
    names_user nu = {p};
    ws_tpl_names names = {&nu, field_cb, in_repeat ? item_cb : NULL, false, in_repeat};
    ws_tpl *t = NULL;
    ws_err err;
    return ws_tpl_compile(src, &names, a, &t, &err) == WS_OK ? t : NULL;
}

typedef struct collect {
    const ws_tpl *tpl;
    ws_tpl_scope *scope;
    ws_arena *a;
    char out[512];
    ws_bound *b; /* groups: the scope is bound again for each group */
} collect;

/* Appends the template expanded in the current scope, and ";". */
static ws_status append(collect *c)
{
    char *s = ws_tpl_expand(c->tpl, c->scope, c->a);
    if (!s) return WS_ERR_NOMEM;
    snprintf(c->out + strlen(c->out), sizeof c->out - strlen(c->out), "%s;", s);
    return WS_OK;
}

static ws_status add_row(void *user, const ws_row_def *def, const ws_entry *item)
{
    (void)def;
    (void)item;
    return append(user);
}

TEST(repeat_rows_number_their_entries)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = program(a);
    ws_tpl *t = compile(p, a, "{{row}}/{{seq}}/{{item.1}}/{{item.职务}}/{{成员|count}}", true);
    CHECK(t != NULL);
    const char *values[] = {"工作室甲", "曹华|男|领办人\n\n李明|男|成员\n王芳｜女｜成员\n"};
    ws_record rec = {.values = values};
    ws_bound b = {.program = p, .record = &rec, .seq = 7};
    ws_tpl_scope scope;
    ws_bound_scope(&b, &scope);
    ws_row_def def = {.repeat_field = 1, .min_rows = 4};
    collect c = {t, &scope, a, "", NULL};
    if (t) CHECK_INT(ws_row_instances(&def, &b, &scope, a, add_row, &c), WS_OK);
    /* a blank padding row (min_rows) still counts, but shows no entry */
    CHECK_STR(c.out, "1/1/曹华/领办人/3;2/2/李明/成员/3;3/3/王芳/成员/3;4/4///3;");
    CHECK_INT(scope.seq, 7); /* the record's number again after the rows */
    ws_arena_destroy(a);
}

TEST(row_outside_repeated_rows_is_a_template_error)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = program(a);
    names_user nu = {p};
    ws_tpl_names names = {&nu, field_cb, NULL, false, false};
    ws_tpl *t = NULL;
    ws_err err;
    CHECK_INT(ws_tpl_compile("{{row}}", &names, a, &t, &err), WS_ERR_TEMPLATE);
    CHECK(strstr(err.msg, "{{row}}") && strstr(err.msg, "repeat"));
    CHECK_INT(ws_tpl_compile("共{{成员|count}}人", &names, a, &t, &err), WS_OK);
    ws_arena_destroy(a);
}

/* The 合计 row after the quota rows is numbered on (嘉兴 附件1: 1…9, then 10 合计). */
TEST(total_row_after_repeated_rows_numbers_on)
{
    fixture fx = fixture_make();
    ws_arena *a = fx.a;
    ws_tpl_names names = {&fx.nu, field_cb, NULL, false, true};
    ws_tpl *t = NULL;
    ws_err err;
    CHECK_INT(ws_tpl_compile("{{row}}", &names, a, &t, &err), WS_OK);
    const char *values[] = {"工作室甲", "曹华|男|领办人\n李明|男|成员\n王芳|女|成员\n"};
    ws_record rec = {.values = values};
    ws_bound b = {.program = fx.p, .record = &rec};
    ws_tpl_scope scope;
    ws_bound_scope(&b, &scope);
    ws_row_def list = {.repeat_field = 1, .min_rows = 2};
    ws_row_def total = {.repeat_field = -1, .numbered_after = &list};
    collect c = {t, &scope, a, "", NULL};
    if (t) CHECK_INT(ws_row_instances(&total, &b, &scope, a, add_row, &c), WS_OK);
    CHECK_STR(c.out, "4;");
    list.min_rows = 5; /* padding rows count, as they are numbered */
    c.out[0] = 0;
    if (t) CHECK_INT(ws_row_instances(&total, &b, &scope, a, add_row, &c), WS_OK);
    CHECK_STR(c.out, "6;");
    ws_arena_destroy(a);
}

TEST(count_filter_counts_entries)
{
    ws_arena *a = ws_arena_create(0);
    CHECK_STR(ws_tpl_apply_filter(WS_FILTER_COUNT, "a|b\n \n c\n", a), "2");
    CHECK_STR(ws_tpl_apply_filter(WS_FILTER_COUNT, "", a), "0");
    CHECK_STR(ws_tpl_apply_filter(WS_FILTER_COUNT, "一\r\n二\r\n", a), "2");
    ws_arena_destroy(a);
}

/* empty_groups: a group nobody is in reads its own blank record, never the
 * record of another group (or the document's first); its count is 0. */
static ws_status see_group(void *user, const ws_group *g)
{
    (void)g;
    collect *c = user;
    ws_bound_scope(c->b, c->scope);
    return append(c);
}

TEST(empty_group_reads_its_blank_record)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = program(a);
    ws_tpl *t = compile(p, a, "{{var.group}}:{{名称}}:{{var.group_count}}", false);
    CHECK(t != NULL);
    const char *v1[] = {"工作室甲", ""}, *blank[] = {"", ""};
    ws_record r1 = {.values = v1}, none = {.values = blank};
    const ws_record *recs[] = {&r1};
    ws_group groups[] = {{"技能大师", 0, 1, NULL}, {"劳模创新", 1, 0, &none}};
    ws_doc_set set = {.program = p, .records = recs, .n = 1, .groups = groups, .ngroups = 2};
    ws_bound b = {.program = p, .record = &r1, .seq = 1, .set = &set};
    ws_tpl_scope scope;
    collect c = {t, &scope, a, "", &b};
    if (t) CHECK_INT(ws_groups_each(&b, see_group, &c), WS_OK);
    CHECK_STR(c.out, "技能大师:工作室甲:1;劳模创新::0;");
    CHECK(b.record == &r1); /* restored */
    ws_arena_destroy(a);
}

int main(void)
{
    RUN(repeat_rows_number_their_entries);
    RUN(row_outside_repeated_rows_is_a_template_error);
    RUN(total_row_after_repeated_rows_numbers_on);
    RUN(count_filter_counts_entries);
    RUN(empty_group_reads_its_blank_record);
    return TH_DONE();
}
