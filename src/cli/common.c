/* cli/common.c - resources shared by the commands. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "render/pdf_merge.h"

/* Formats, escapes all but a final '\n', writes to f. */
static void say_to(FILE *f, const char *fmt, va_list ap)
{
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    if (n < 0) return;
    size_t len = (size_t)n;
    bool newline = len && text[len - 1] == '\n';
    len -= newline;
    size_t cap = 6 * len + 1; /* at most "\u001B" (6 bytes) per input byte */
    char *safe = malloc(cap);
    if (safe) {
        size_t m = ws_utf8_escape_invisible(text, len, safe, cap);
        fwrite(safe, 1, m, f);
        if (newline) fputc('\n', f);
    }
    free(safe);
    free(text);
}

void ws_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_to(stdout, fmt, ap);
    va_end(ap);
}

void ws_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wenshu: ", stderr);
    say_to(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

struct ws_glyph_cache {
    ws_fonts *fonts;
    size_t nroles;
    uint8_t known[0x110000 / 8], good[0x110000 / 8]; /* a bit per code point */
};

ws_status ws_glyph_cache_open(const ws_font_catalog *cat, ws_glyph_cache **out, ws_err *err)
{
    ws_glyph_cache *g = calloc(1, sizeof *g);
    if (!g) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    g->nroles = ws_font_catalog_nroles(cat);
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

bool ws_glyph_cache_has(void *user, uint32_t cp)
{
    ws_glyph_cache *g = user;
    if (cp >= 0x110000) return false;
    uint8_t bit = (uint8_t)(1u << (cp & 7));
    if (g->known[cp >> 3] & bit) return (g->good[cp >> 3] & bit) != 0;
    bool ok = true;
    for (size_t r = 0; r < g->nroles && ok; r++) {
        ws_glyph_info info;
        ok = ws_fonts_glyph(g->fonts, (int)r, cp, &info) == WS_OK;
    }
    g->known[cp >> 3] |= bit;
    if (ok) g->good[cp >> 3] |= bit;
    return ok;
}

static bool has_roles(const char *dir)
{
    char p[PATH_MAX];
    ws_path_join(dir, "roles.yaml", p, sizeof p);
    return ws_file_exists(p);
}

bool ws_cli_find_units(const char *given, const char *records_dir, char *out, size_t n)
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

bool ws_cli_find_fonts_dir(const char *given, char *out, size_t n)
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
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char dir[PATH_MAX];
        ws_path_dir(exe, dir, sizeof dir);
        const char *rel[] = {"fonts", "../fonts", "../share/wenshu/fonts"};
        for (size_t i = 0; i < 3; i++) {
            ws_path_join(dir, rel[i], out, n);
            if (has_roles(out)) return true;
        }
    }
    snprintf(out, n, "fonts");
    return has_roles(out);
}

ws_status ws_cli_open_fonts(const char *fonts_dir, FILE *f, ws_font_catalog **out, ws_err *err)
{
    char roles[PATH_MAX];
    ws_path_join(fonts_dir, "roles.yaml", roles, sizeof roles);
    WS_TRY(ws_font_catalog_create(roles, fonts_dir, out, err));
    for (size_t r = 0; f && r < ws_font_catalog_nroles(*out); r++) {
        const ws_role_info *ri = ws_font_catalog_role_info(*out, (int)r);
        const ws_face_info *face = ws_font_catalog_face(*out, ri->faces[0]);
        if (ri->missing)
            fprintf(f, "字体：%s 使用 %s %s 代替（未安装：%s）\n", ri->name, face->family,
                    face->style, ri->missing);
    }
    return WS_OK;
}

int ws_cmd_fonts(int argc, char **argv)
{
    const char *given = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--fonts-dir") && i + 1 < argc) given = argv[++i];
        else if (!strcmp(argv[i], "--help")) {
            puts("用法：wenshu fonts [--fonts-dir 目录]\n显示 fonts/roles.yaml 中每个字体角色实际使用的字体文件。");
            return WS_EXIT_OK;
        } else {
            ws_cli_error("fonts：未知的选项「%s」", argv[i]);
            return WS_EXIT_USAGE;
        }
    }
    char dir[PATH_MAX];
    if (!ws_cli_find_fonts_dir(given, dir, sizeof dir)) {
        ws_cli_error("找不到字体配置 roles.yaml（在 %s 中）", dir);
        return WS_EXIT_USAGE;
    }
    ws_font_catalog *cat;
    ws_err err;
    if (ws_cli_open_fonts(dir, NULL, &cat, &err) != WS_OK) {
        ws_cli_error("%s", err.msg);
        return WS_EXIT_USAGE;
    }
    printf("字体配置：%s/roles.yaml\n", dir);
    for (size_t r = 0; r < ws_font_catalog_nroles(cat); r++) {
        const ws_role_info *ri = ws_font_catalog_role_info(cat, (int)r);
        printf("%s：", ri->name);
        for (size_t i = 0; i < ri->nfaces; i++) {
            const ws_face_info *face = ws_font_catalog_face(cat, ri->faces[i]);
            printf("%s%s %s（%s）", i ? "；" : "", face->family, face->style, face->path);
        }
        if (ri->missing) printf("\n  未安装：%s", ri->missing);
        putchar('\n');
    }
    ws_font_catalog_destroy(cat);
    return WS_EXIT_OK;
}

int ws_cli_pdf_pages(const char *path, void *user)
{
    (void)user;
    int pages = -1;
    ws_err err;
    return ws_pdf_count_pages(path, NULL, &pages, &err) == WS_OK ? pages : -1;
}
