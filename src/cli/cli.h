/* cli/cli.h - the commands. Only src/cli prints or exits. */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base/status.h"
#include "layout/fonts.h"

struct ws_program;

/* Exit statuses, as `wenshu --help` states them. */
enum { WS_EXIT_OK = 0, WS_EXIT_SOME_FAILED = 1, WS_EXIT_USAGE = 2 };

int ws_cmd_build(int argc, char **argv);
int ws_cmd_fonts(int argc, char **argv);
int ws_cmd_check(int argc, char **argv); /* cli/check.c */
int ws_cmd_init(int argc, char **argv);  /* cli/init.c */

/* Loads a program template, taking the font role names from the font
 * catalog (--fonts-dir or the usual places) without printing anything.
 * The catalog is handed to *cat_out (caller destroys) or, when cat_out is
 * NULL, destroyed. */
ws_status ws_cli_load_program(const char *template_dir, const char *fonts_dir,
                              struct ws_program **out, ws_font_catalog **cat_out, ws_err *err);

/* Which characters some installed font has, asked once per character: the
 * has_glyph of check/paper.h for check and build. A character counts as
 * printable when every font role has it (its own faces or the fallback
 * list), as a field may be printed in any role. Single-threaded. */
typedef struct ws_glyph_cache ws_glyph_cache;
ws_status ws_glyph_cache_open(const ws_font_catalog *cat, ws_glyph_cache **out, ws_err *err);
void ws_glyph_cache_close(ws_glyph_cache *g); /* accepts NULL */
bool ws_glyph_cache_has(void *g, uint32_t cp);

/* A PDF attachment's page count (libqpdf), -1 when it cannot be read: the
 * pdf_pages of check/rules.h, so check estimates a packet's pages as the
 * build will count them. */
int ws_cli_pdf_pages(const char *path, void *user);

/* Where wenshu finds its fonts/ folder: --fonts-dir, $WENSHU_FONTS, next to
 * the executable, ../share/wenshu/fonts, ./fonts. Writes the folder to out. */
bool ws_cli_find_fonts_dir(const char *given, char *out, size_t n);

/* Opens the font catalog from <fonts_dir>/roles.yaml and prints (to f) what
 * stands in for missing official fonts, once. */
ws_status ws_cli_open_fonts(const char *fonts_dir, FILE *f, ws_font_catalog **out, ws_err *err);

/* The units file: 'given' (--units) when not NULL, else units.csv,
 * units.xlsx, 推荐单位.csv or 推荐单位.xlsx in records_dir, the first that
 * exists. Writes it to out; false when there is none. */
bool ws_cli_find_units(const char *given, const char *records_dir, char *out, size_t n);

/* Prints "wenshu: message" to stderr, made safe as ws_say does. */
void ws_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* printf to stdout for every line that carries a value from a file: control
 * characters, bidi controls and zero-width characters are shown as
 * "\u001B"-style escapes (ws_utf8_escape_invisible), so a cell cannot
 * recolour, clear, hide or reorder the terminal. Only a '\n' that ends the
 * formatted text is printed as a line break. */
void ws_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

extern const char *ws_cli_argv0;

#endif
