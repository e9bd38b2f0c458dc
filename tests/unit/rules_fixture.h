/* tests/unit/rules_fixture.h - a small program built in memory (no fonts,
 * no documents), rules written to a temporary folder, records parsed from
 * CSV text: what test_rules.c and test_records.c check rules against. */
#ifndef WS_TEST_RULES_FIXTURE_H
#define WS_TEST_RULES_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/records.h"
#include "check/rules.h"
#include "input/sheet.h"
#include "template/bind.h"
#include "template/program.h"

/* Not every test file uses every helper. */
#define FX_UNUSED __attribute__((unused))

static char fx_dir[64];

FX_UNUSED static const char *fx_path(const char *name)
{
    static char buf[8][256];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", fx_dir, name);
    return p;
}

FX_UNUSED static void fx_write(const char *name, const char *text)
{
    FILE *f = fopen(fx_path(name), "wb");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

FX_UNUSED static void fx_init(void)
{
    snprintf(fx_dir, sizeof fx_dir, "/tmp/wenshu-rules-XXXXXX");
    if (!mkdtemp(fx_dir)) perror("mkdtemp");
    /* the division list place and idcard rules need, as the program's own */
    char *shared = realpath("templates/_shared/regions.tsv", NULL);
    if (!shared || symlink(shared, fx_path("regions.tsv")) != 0) perror("regions.tsv");
    free(shared);
}

FX_UNUSED static void fx_cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
}

typedef struct fx_field {
    const char *name;
    ws_field_kind kind;
    const char *choices; /* '/'-separated */
} fx_field;

static const fx_field FX_FIELDS[] = {
    {"姓名", WS_FIELD_TEXT, NULL},
    {"性别", WS_FIELD_CHOICE, "男/女"},
    {"出生年月", WS_FIELD_YEARMONTH, NULL},
    {"身份证号", WS_FIELD_IDCARD, NULL},
    {"申报类别", WS_FIELD_CHOICE, "甲级/乙级"},
    {"推荐单位", WS_FIELD_TEXT, NULL},
    {"手机", WS_FIELD_PHONE, NULL},
    {"电子邮箱", WS_FIELD_EMAIL, NULL},
    {"籍贯", WS_FIELD_TEXT, NULL},
    {"主要工作经历", WS_FIELD_LIST, "起止年月/单位"},
    {"主要贡献", WS_FIELD_TEXT, NULL},
    {"来嘉工作时间", WS_FIELD_YEARMONTH, NULL},
    {"是否公务员", WS_FIELD_CHOICE, "是/否"},
    {"申报次数", WS_FIELD_NUMBER, NULL},
    {"职业", WS_FIELD_TEXT, NULL},
    {"照片", WS_FIELD_PHOTO, NULL},
    {"佐证材料", WS_FIELD_FILES, NULL},
};
#define FX_NFIELDS (sizeof FX_FIELDS / sizeof FX_FIELDS[0])

FX_UNUSED static size_t fx_split(ws_arena *a, const char *s, const char ***out)
{
    size_t n = 1;
    for (const char *c = s; *c; c++)
        n += *c == '/';
    const char **v = ws_arena_calloc(a, n, sizeof *v);
    size_t k = 0;
    for (const char *c = s;; c++) {
        const char *e = strchr(c, '/');
        v[k++] = ws_arena_strndup(a, c, e ? (size_t)(e - c) : strlen(c));
        if (!e) break;
        c = e;
    }
    *out = v;
    return k;
}

/* The program, with rules.yaml in fx_dir holding 'rules' (NULL: no rules file). */
FX_UNUSED static ws_program *fx_program(const char *rules)
{
    ws_arena *a = ws_arena_create(0);
    ws_program *p = ws_arena_calloc(a, 1, sizeof *p);
    p->arena = a;
    p->dir = ws_arena_strdup(a, fx_dir);
    p->file = ws_arena_strdup(a, fx_path("program.yaml"));
    p->id = "fixture";
    p->name = "测试项目";
    p->nfields = FX_NFIELDS;
    p->fields = ws_arena_calloc(a, FX_NFIELDS, sizeof *p->fields);
    for (size_t i = 0; i < FX_NFIELDS; i++) {
        ws_field_def *f = &p->fields[i];
        f->name = FX_FIELDS[i].name;
        f->kind = FX_FIELDS[i].kind;
        if (f->kind == WS_FIELD_LIST)
            f->ncolumns = fx_split(a, FX_FIELDS[i].choices, &f->columns);
        else if (FX_FIELDS[i].choices)
            f->nchoices = fx_split(a, FX_FIELDS[i].choices, &f->choices);
    }
    if (rules) {
        fx_write("rules.yaml", rules);
        p->rules = ws_arena_strdup(a, fx_path("rules.yaml"));
    }
    return p;
}

/* A records file from CSV text (named records.csv in fx_dir, for paths). */
FX_UNUSED static ws_records_file *fx_records(const ws_program *p, ws_arena *a, const char *csv)
{
    ws_sheet *s;
    ws_recordset *rs;
    ws_err err;
    if (ws_csv_parse(csv, strlen(csv), fx_path("records.csv"), a, &s, &err) != WS_OK ||
        ws_records_bind(p, s, a, &rs, &err) != WS_OK) {
        fprintf(stderr, "fixture records: %s\n", err.msg);
        return NULL;
    }
    return ws_records_file_wrap(rs, a);
}

/* Loads 'rules', checks the CSV text on 2020-08-01; NULL (and a message)
 * when something fails. The program is destroyed by fx_done. */
static ws_program *fx_prog;
static ws_rules *fx_rules;

/* The same with the check context 'ctx' (its today, its units file …). */
FX_UNUSED static ws_findings *fx_check_ctx(const char *rules, const char *csv,
                                           const ws_check_ctx *ctx, ws_arena *a)
{
    ws_err err;
    fx_prog = fx_program(rules);
    fx_rules = NULL;
    if (ws_rules_load(fx_prog, &fx_rules, &err) != WS_OK) {
        fprintf(stderr, "fixture rules: %s\n", err.msg);
        return NULL;
    }
    ws_records_file *f = fx_records(fx_prog, a, csv);
    if (!f) return NULL;
    ws_findings *fs;
    const ws_records_file *files[] = {f};
    if (ws_rules_check(fx_rules, files, 1, ctx, a, &fs, &err) != WS_OK) {
        fprintf(stderr, "fixture check: %s\n", err.msg);
        return NULL;
    }
    return fs;
}

FX_UNUSED static ws_findings *fx_check(const char *rules, const char *csv, ws_arena *a)
{
    ws_check_ctx ctx = {.today = {2020, 8, 1}, .units_key = -1};
    return fx_check_ctx(rules, csv, &ctx, a);
}

FX_UNUSED static void fx_done(ws_arena *a)
{
    ws_rules_destroy(fx_rules);
    ws_program_destroy(fx_prog);
    ws_arena_destroy(a);
    fx_rules = NULL;
    fx_prog = NULL;
}

/* How many findings of rule 'rule' (NULL: any) at spreadsheet row 'line'
 * (0: any) on field 'field' (NULL: any). */
FX_UNUSED static int fx_count(const ws_findings *fs, size_t line, const char *field,
                              const char *rule)
{
    int n = 0;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const ws_finding *f = &fs->items[i];
        if (line && f->line != line) continue;
        if (rule && strcmp(f->rule, rule)) continue;
        if (field && (f->field < 0 || strcmp(fx_prog->fields[f->field].name, field))) continue;
        n++;
    }
    return n;
}

/* The first finding of rule 'rule', or NULL. */
FX_UNUSED static const ws_finding *fx_find(const ws_findings *fs, const char *rule)
{
    for (size_t i = 0; fs && i < fs->n; i++)
        if (!strcmp(fs->items[i].rule, rule)) return &fs->items[i];
    return NULL;
}

/* Loading 'rules' fails; returns the message ("" when it loaded). */
FX_UNUSED static const char *fx_load_error(const char *rules)
{
    static ws_err err;
    ws_program *p = fx_program(rules);
    ws_rules *r = NULL;
    ws_err_clear(&err);
    ws_status st = ws_rules_load(p, &r, &err);
    ws_rules_destroy(r);
    ws_program_destroy(p);
    return st == WS_OK ? "" : err.msg;
}

#endif
