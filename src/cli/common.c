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
    if (!ws_job_find_fonts_dir(given, dir, sizeof dir)) {
        ws_cli_error("找不到字体配置 roles.yaml（在 %s 中）", dir);
        return WS_EXIT_USAGE;
    }
    ws_font_catalog *cat;
    ws_err err;
    if (ws_job_open_fonts(dir, &cat, &err) != WS_OK) {
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
        if (ri->damaged) printf("\n  已损坏：%s", ri->damaged);
        putchar('\n');
    }
    ws_font_catalog_destroy(cat);
    return WS_EXIT_OK;
}

int ws_cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    ws_cli_error("%s", msg);
    fprintf(stderr, "请运行 wenshu %s --help 查看用法。\n", cmd);
    return WS_EXIT_USAGE;
}
