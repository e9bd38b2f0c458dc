/* job/made_list.c - the output folder's list of the files the last build of
 * each program made there (build.h: WS_MADE_LIST), so that a build removes
 * what it no longer makes: a certificate whose record is no longer 入选, the
 * files of a deleted row, the old names of numbers that moved. Without the
 * list only the names this build would give (ws_build_unmade_path) can be
 * looked for, and a numbered name cannot be guessed. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "job/build.h"

static const char list_head[] = "# wenshu：上次生成的文件（下次生成时据此删除不再生成的旧文件，请勿编辑）\n";

/* A path an earlier list may name that stays inside the output folder:
 * relative, no "." or ".." component, no backslash. */
static bool inside_folder(const char *rel)
{
    if (!rel[0] || rel[0] == '/' || strchr(rel, '\\')) return false;
    for (const char *c = rel; *c;) {
        size_t n = strcspn(c, "/");
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        c += n + (c[n] == '/');
    }
    return true;
}

static bool is_regular(const char *out_dir, const char *rel)
{
    char path[PATH_MAX];
    struct stat sb;
    ws_path_join(out_dir, rel, path, sizeof path);
    return lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Document number of 'name' in this program, or -1. */
static long doc_named(const ws_program *p, const char *name)
{
    for (size_t d = 0; d < p->ndocs; d++)
        if (strcmp(p->docs[d]->name, name) == 0) return (long)d;
    return -1;
}

/* The earlier file rel of document d is not made by this build: it goes,
 * with what wenshu writes beside it (the HTML rendition, a layout dump). */
static void remove_old(build_run *run, const ws_doc_def *doc, const char *rel)
{
    static const char why[] = "这次没有生成（记录已删除或改动、不再符合条件，或编号已变）";
    ws_build_remove_stale(run, rel, "上次生成", doc->name, why);
    char side[PATH_MAX];
    snprintf(side, sizeof side, "%s.layout.txt", rel);
    ws_build_remove_stale(run, side, "上次生成", doc->name, why);
    if (!doc->html) return;
    snprintf(side, sizeof side, "%s", rel);
    char *dot = strrchr(side, '.');
    if (dot && !strchr(dot, '/')) *dot = '\0';
    strncat(side, ".html", sizeof side - strlen(side) - 1);
    ws_build_remove_stale(run, side, "上次生成", doc->name, why);
}

/* One line of the earlier list ("id TAB doc TAB rel", cut in place): kept
 * in 'keep' as it was when it is another program's or another stage's; its
 * file removed when this build gave it no name and 'sweep'. */
static void take_old_line(build_run *run, char *line, bool sweep, ws_arena *scratch, ws_buf *keep)
{
    char *doc_name = strchr(line, '\t');
    char *rel = doc_name ? strchr(doc_name + 1, '\t') : NULL;
    if (!rel || line[0] == '#') return;
    *doc_name++ = '\0';
    *rel++ = '\0';
    if (!inside_folder(rel)) return;
    const ws_program *p = run->program;
    long d = strcmp(line, p->id) == 0 ? doc_named(p, doc_name) : -1;
    if (d < 0 || !run->doc_wanted[d]) {
        ws_buf_printf(keep, "%s\t%s\t%s\n", line, doc_name, rel);
        return;
    }
    if (ws_build_name_given(run, rel, scratch)) return; /* listed again below */
    if (sweep) remove_old(run, p->docs[d], rel);
    else ws_buf_printf(keep, "%s\t%s\t%s\n", line, doc_name, rel);
}

/* The earlier list's lines, each taken (take_old_line). */
static void take_old_list(build_run *run, const char *list, bool sweep, ws_buf *keep)
{
    char *data = NULL;
    size_t len = 0;
    ws_err ignored;
    if (ws_read_file(list, &data, &len, &ignored) != WS_OK) return; /* none yet */
    ws_arena *scratch = ws_arena_create(0);
    char *save = NULL;
    for (char *line = strtok_r(data, "\r\n", &save); line && scratch;
         line = strtok_r(NULL, "\r\n", &save))
        take_old_line(run, line, sweep, scratch, keep);
    ws_arena_destroy(scratch);
    free(data);
}

void ws_build_sweep_unmade(build_run *run, bool sweep)
{
    const char *out = run->opts->out_dir;
    char list[PATH_MAX];
    ws_path_join(out, WS_MADE_LIST, list, sizeof list);
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, list_head);
    take_old_list(run, list, sweep, &b);
    size_t n;
    const ws_build_given *given = ws_build_names_given(run, &n);
    const ws_program *p = run->program;
    for (size_t i = 0; i < n; i++) {
        const char *doc = p->docs[given[i].d]->name;
        if (strpbrk(doc, "\t\r\n") || strpbrk(p->id, "\t\r\n")) continue;
        if (is_regular(out, given[i].path))
            ws_buf_printf(&b, "%s\t%s\t%s\n", p->id, doc, given[i].path);
    }
    ws_err err;
    ws_err_clear(&err);
    if (b.failed) ws_err_set(&err, WS_ERR_NOMEM, "内存不足");
    else ws_write_file_atomic(list, b.p, b.len, &err);
    if (err.status != WS_OK) {
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING, .reason = err.msg};
        ws_build_emit(run, &ev,
                      "[警告] 无法记下这次生成的文件（%s）：下次生成时，不再需要的旧文件要手工删除",
                      err.msg);
    }
    ws_buf_free(&b);
}
