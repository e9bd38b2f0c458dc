/* job/env.c - what the build shares with check, init and fonts: the fonts
 * folder, the program, the units file, the glyph cache (see job.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fs.h"
#include "job/docsets.h"
#include "job/job.h"
#include "render/pdf_merge.h"
#include "template/doc.h"
#include "template/program.h"

struct ws_glyph_cache {
    const ws_font_catalog *cat;
    ws_fonts *fonts; /* faces opened only where fontconfig gave no charset */
    size_t nroles;
    const bool *asked; /* per role: whether its characters are asked (NULL: every role) */
    uint8_t known[0x110000 / 8], good[0x110000 / 8]; /* a bit per code point */
};

ws_status ws_glyph_cache_open(const ws_font_catalog *cat, const ws_program *p, ws_glyph_cache **out,
                              ws_err *err)
{
    ws_glyph_cache *g = calloc(1, sizeof *g);
    if (!g) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    g->cat = cat;
    g->nroles = ws_font_catalog_nroles(cat);
    if (p && p->nroles == g->nroles) g->asked = p->roles_named;
    ws_status st = ws_fonts_open(cat, &g->fonts, err);
    if (st != WS_OK) {
        free(g);
        return st;
    }
    *out = g;
    return WS_OK;
}

void ws_glyph_cache_close(ws_glyph_cache *g)
{
    if (!g) return;
    ws_fonts_close(g->fonts);
    free(g);
}

/* Whether role r (its faces, then the fallback faces) prints cp. */
static bool role_prints(ws_glyph_cache *g, size_t r, uint32_t cp)
{
    int has = ws_font_catalog_has_char(g->cat, (int)r, cp); /* no face opened */
    ws_glyph_info info;
    return has < 0 ? ws_fonts_glyph(g->fonts, (int)r, cp, &info) == WS_OK : has == 1;
}

static bool role_asked(const ws_glyph_cache *g, size_t r)
{
    return !g->asked || g->asked[r];
}

/* The role that does not print cp while another asked role does, or NULL. */
static const char *role_lacking(ws_glyph_cache *g, uint32_t cp)
{
    size_t lacking = g->nroles;
    bool printed = false;
    for (size_t r = 0; r < g->nroles; r++) {
        if (!role_asked(g, r)) continue;
        if (role_prints(g, r, cp))
            printed = true;
        else if (lacking == g->nroles)
            lacking = r;
    }
    return printed && lacking < g->nroles ? ws_font_catalog_role_names(g->cat)[lacking] : NULL;
}

bool ws_glyph_cache_has(void *user, uint32_t cp, const char **lacking)
{
    ws_glyph_cache *g = user;
    if (lacking) *lacking = NULL;
    if (cp >= 0x110000) return false;
    uint8_t bit = (uint8_t)(1u << (cp & 7));
    if (!(g->known[cp >> 3] & bit)) {
        bool ok = true;
        for (size_t r = 0; r < g->nroles && ok; r++)
            ok = !role_asked(g, r) || role_prints(g, r, cp);
        g->known[cp >> 3] |= bit;
        if (ok) g->good[cp >> 3] |= bit;
    }
    if (g->good[cp >> 3] & bit) return true;
    if (lacking) *lacking = role_lacking(g, cp); /* a record's error: rare, asked again */
    return false;
}

static bool has_roles(const char *dir)
{
    char p[PATH_MAX];
    ws_path_join(dir, "roles.yaml", p, sizeof p);
    return ws_file_exists(p);
}

/* A folder 'name' that 'ok' accepts: next to the executable, one up (the
 * repository), ../share/wenshu/NAME (installed), else ./NAME. */
static bool beside_exe(const char *name, bool (*ok)(const char *), char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char dir[PATH_MAX], rel[3][64];
        ws_path_dir(exe, dir, sizeof dir);
        snprintf(rel[0], sizeof rel[0], "%s", name);
        snprintf(rel[1], sizeof rel[1], "../%s", name);
        snprintf(rel[2], sizeof rel[2], "../share/wenshu/%s", name);
        for (size_t i = 0; i < 3; i++) {
            ws_path_join(dir, rel[i], out, n);
            if (ok(out)) return true;
        }
    }
    snprintf(out, n, "%s", name);
    return ok(out);
}

bool ws_job_find_units(const char *given, const char *records_dir, char *out, size_t n)
{
    if (given) {
        snprintf(out, n, "%s", given);
        return true;
    }
    const char *names[] = {"units.csv", "units.xlsx", "推荐单位.csv", "推荐单位.xlsx"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        ws_path_join(records_dir, names[i], out, n);
        if (ws_file_exists(out)) return true;
    }
    out[0] = '\0';
    return false;
}

/* Whether doc prints {{unit.KEY}}: 'key', or any when key is NULL. */
static bool prints_unit_key(const ws_doc_def *doc, const char *key)
{
    for (size_t k = 0; k < doc->nunit_keys; k++)
        if (!key || !strcmp(doc->unit_keys[k], key)) return true;
    return false;
}

void ws_job_unit_docs(const ws_program *p, const bool *wanted, const char *key, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t d = 0; d < p->ndocs && len < n; d++)
        if ((!wanted || wanted[d]) && prints_unit_key(p->docs[d], key))
            len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "、" : "", p->docs[d]->name);
}

/* Adds key to keys[0..*n) unless it is there. */
static void add_key(const char **keys, size_t *n, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(keys[i], key)) return;
    keys[(*n)++] = key;
}

#define DOCS_TEXT 200
ws_status ws_job_check_units_used(const ws_program *p, const bool *wanted,
                                  const ws_recordset *const *rss, size_t nrs, const ws_sheet *units,
                                  int key_col, ws_arena *a, ws_units_check *c, ws_err *err)
{
    size_t most = 0, nkeys = 0, nused = 0, total = 0;
    for (size_t d = 0; d < p->ndocs; d++)
        most += p->docs[d]->nunit_keys;
    for (size_t i = 0; i < nrs; i++)
        total += rss[i]->n;
    const char **keys = ws_arena_calloc(a, most ? most : 1, sizeof *keys);
    const char **doc_of = ws_arena_calloc(a, most ? most : 1, sizeof *doc_of);
    const char **used = ws_arena_calloc(a, total ? total : 1, sizeof *used);
    char all[DOCS_TEXT];
    if (!keys || !doc_of || !used) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t d = 0; d < p->ndocs; d++)
        for (size_t k = 0; (!wanted || wanted[d]) && k < p->docs[d]->nunit_keys; k++)
            add_key(keys, &nkeys, p->docs[d]->unit_keys[k]);
    for (size_t k = 0; k < nkeys; k++) {
        char *docs = ws_arena_alloc(a, DOCS_TEXT);
        if (!docs) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        ws_job_unit_docs(p, wanted, keys[k], docs, DOCS_TEXT);
        doc_of[k] = docs;
    }
    ws_job_unit_docs(p, wanted, NULL, all, sizeof all);
    int uf = p->unit_field;
    for (size_t i = 0; i < nrs && uf >= 0; i++)
        for (size_t r = 0; r < rss[i]->n; r++)
            used[nused++] = rss[i]->records[r].values[uf];
    return ws_units_check_used(units, key_col, used, nused, keys, doc_of, nkeys, all, a, c, err);
}

bool ws_job_find_fonts_dir(const char *given, char *out, size_t n)
{
    if (given) {
        snprintf(out, n, "%s", given);
        return has_roles(out);
    }
    const char *env = getenv("WENSHU_FONTS");
    if (env && has_roles(env)) {
        snprintf(out, n, "%s", env);
        return true;
    }
    return beside_exe("fonts", has_roles, out, n);
}

bool ws_job_cache_dir(char *out, size_t n)
{
    const char *own = getenv("WENSHU_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"),
               *home = getenv("HOME");
    int len = -1;
    if (own)
        len = snprintf(out, n, "%s", own);
    else if (xdg && xdg[0] == '/')
        len = snprintf(out, n, "%s/wenshu", xdg);
    else if (home && home[0] == '/')
        len = snprintf(out, n, "%s/.cache/wenshu", home);
    if (len > 0 && (size_t)len < n) return true;
    out[0] = '\0';
    return false;
}

bool ws_job_find_templates_dir(const char *given, char *out, size_t n)
{
    if (given) {
        snprintf(out, n, "%s", given);
        return ws_dir_exists(out);
    }
    return beside_exe("templates", ws_dir_exists, out, n);
}

ws_status ws_job_open_fonts(const char *fonts_dir, ws_font_catalog **out, ws_err *err)
{
    char roles[PATH_MAX];
    ws_path_join(fonts_dir, "roles.yaml", roles, sizeof roles);
    return ws_font_catalog_create(roles, fonts_dir, out, err);
}

ws_status ws_job_program_date_problems(const ws_program *p, ws_arena *arena, const char ***out,
                                       size_t *n, ws_err *err)
{
    *out = NULL;
    *n = 0;
    bool counts = false, any = false;
    for (size_t d = 0; d < p->ndocs; d++) {
        any |= p->docs[d]->ndates > 0;
        counts |= ws_doc_counts_working_days(p->docs[d]);
    }
    if (!any) return WS_OK;
    const char **problems = ws_arena_calloc(arena, p->ndocs + 1, sizeof *problems);
    ws_arena *scratch = ws_arena_create(0);
    if (!problems || !scratch) {
        ws_arena_destroy(scratch);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    ws_status st = WS_OK;
    ws_calendar *calendar = NULL;
    ws_err e;
    ws_err_clear(&e);
    /* no holiday file at all: only the from dates are worked out (a build of a stage that
       counts working days says what is missing) */
    if (counts && ws_calendar_program_found(p->dir) &&
        (st = ws_calendar_load_program(p->dir, &calendar, &e)) != WS_OK && st != WS_ERR_NOMEM) {
        problems[(*n)++] = ws_arena_strdup(arena, e.msg);
        st = WS_OK;
    }
    for (size_t d = 0; d < p->ndocs && st == WS_OK; d++) {
        ws_err_clear(&e);
        st = ws_doc_dates_check(p, calendar, p->docs[d], scratch, &e);
        if (st != WS_OK && st != WS_ERR_NOMEM) {
            problems[(*n)++] =
                ws_arena_printf(arena, "「%s」不能生成：%s", p->docs[d]->name, e.msg);
            st = WS_OK;
        }
        ws_arena_reset(scratch);
    }
    ws_arena_destroy(scratch);
    ws_calendar_destroy(calendar);
    for (size_t k = 0; k < *n; k++)
        if (!problems[k]) st = WS_ERR_NOMEM;
    if (st == WS_ERR_NOMEM) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    *out = problems;
    return WS_OK;
}

ws_status ws_job_load_program(const char *template_dir, const char *fonts_dir, ws_program **out,
                              ws_font_catalog **cat_out, ws_err *err)
{
    char dir[PATH_MAX];
    if (!ws_job_find_fonts_dir(fonts_dir, dir, sizeof dir))
        return ws_err_set(err, WS_ERR_FONT, "找不到字体配置：%s/roles.yaml（用 --fonts-dir 指定）",
                          dir);
    ws_font_catalog *cat;
    WS_TRY(ws_job_open_fonts(dir, &cat, err));
    ws_status st = ws_program_load(template_dir, ws_font_catalog_role_names(cat), out, err);
    if (st == WS_OK && cat_out)
        *cat_out = cat;
    else
        ws_font_catalog_destroy(cat);
    return st;
}

int ws_job_pdf_pages(const char *path, void *user)
{
    (void)user;
    int pages = -1;
    ws_err err;
    return ws_pdf_count_pages(path, NULL, &pages, &err) == WS_OK ? pages : -1;
}
