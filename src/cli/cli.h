/* cli/cli.h - the commands. Only src/cli prints or exits; the work is done by
 * the library stages (src/job runs a whole build and reports events). */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base/status.h"
#include "job/job.h"


/* Exit statuses, as `wenshu --help` states them. */
enum { WS_EXIT_OK = 0, WS_EXIT_SOME_FAILED = 1, WS_EXIT_USAGE = 2 };

int ws_cmd_build(int argc, char **argv);
int ws_cmd_fonts(int argc, char **argv);
int ws_cmd_check(int argc, char **argv); /* cli/check.c */
int ws_cmd_init(int argc, char **argv);  /* cli/init.c */
int ws_cmd_serve(int argc, char **argv); /* cli/serve.c: the web page */

/* Prints "wenshu: message" to stderr, made safe as ws_say does. */
void ws_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A usage error of command 'cmd': "wenshu: " fmt (with arg) and a pointer
 * to `wenshu cmd --help` on stderr. Returns WS_EXIT_USAGE. */
int ws_cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* printf to stdout for every line that carries a value from a file: control
 * characters, bidi controls and zero-width characters are shown as
 * "\u001B"-style escapes (ws_utf8_escape_invisible), so a cell cannot
 * recolour, clear, hide or reorder the terminal. Only a '\n' that ends the
 * formatted text is printed as a line break. */
void ws_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

extern const char *ws_cli_argv0;

#endif
