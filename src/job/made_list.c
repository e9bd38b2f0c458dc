/* job/made_list.c - the output folder's list of the files the last build of
 * each program made there (build.h: WS_MADE_LIST), so that a build removes
 * what it no longer makes: a certificate whose record is no longer 入选, the
 * files of a deleted row, the old names of numbers that moved. Without the
 * list only the names this build would give (ws_build_unmade_path) can be
 * looked for, and a numbered name cannot be guessed.
 *
 * The list is written when the records' names are given, again when the
 * units' and the program's documents are planned (a build killed after
 * either leaves a list naming what it may have written) and at the end,
 * when what is no longer made is removed. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "job/build.h"

static const char list_head[] = "# wenshu：上次生成的文件（下次生成时据此删除不再生成的旧文件，请勿编辑）\n";

/* How the list knows a program: its id, its name without one. */
static const char *program_key(const ws_program *p)
{
    return p->id && p->id[0] ? p->id : p->name && p->name[0] ? p->name : "-";
}

/* A path an earlier list may name that stays inside the output folder:
 * relative, no "." or ".." component, no backslash, and no folder on the
 * way that is a symbolic link (to somewhere outside). */
static bool inside_folder(const char *out_dir, const char *rel)
{
    if (!rel[0] || rel[0] == '/' || strchr(rel, '\\')) return false;
    for (const char *c = rel; *c;) {
        size_t n = strcspn(c, "/");
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        if (c[n] == '/') { /* a folder: a real one */
            char dir[PATH_MAX], path[PATH_MAX];
            snprintf(dir, sizeof dir, "%.*s", (int)(c + n - rel), rel);
            ws_path_join(out_dir, dir, path, sizeof path);
            struct stat sb;
            if (lstat(path, &sb) == 0 && !S_ISDIR(sb.st_mode)) return false;
        }
        c += n + (c[n] == '/');
    }
    return true;
}

static bool stat_in(const char *out_dir, const char *rel, struct stat *sb)
{
    char path[PATH_MAX];
    ws_path_join(out_dir, rel, path, sizeof path);
    return lstat(path, sb) == 0;
}

static bool is_regular(const char *out_dir, const char *rel)
{
    struct stat sb;
    return stat_in(out_dir, rel, &sb) && S_ISREG(sb.st_mode);
}

/* Document number of 'name' in this program, or -1. */
static long doc_named(const ws_program *p, const char *name)
{
    for (size_t d = 0; d < p->ndocs; d++)
        if (strcmp(p->docs[d]->name, name) == 0) return (long)d;
    return -1;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* This run's names, sorted, to look a path up exactly. */
typedef struct given_set {
    const char **paths;
    size_t n;
} given_set;

static bool given_exactly(const given_set *g, const char *rel)
{
    return g->n && bsearch(&rel, g->paths, g->n, sizeof *g->paths, compare_paths);
}

/* An earlier file whose name this build gave only as a case-blind file
 * system reads it (Anna Li, now ANNA LI): the same file there, a file of
 * its own where case counts. */
static bool same_file_as_given(const build_run *run, const char *rel, ws_arena *scratch)
{
    struct stat old, now;
    if (!stat_in(run->opts->out_dir, rel, &old)) return true; /* nothing to remove */
    size_t n;
    const ws_build_given *given = ws_build_names_given(run, &n);
    for (size_t i = 0; i < n; i++) {
        ws_arena_reset(scratch);
        if (!ws_build_same_name(given[i].path, rel, scratch)) continue;
        if (stat_in(run->opts->out_dir, given[i].path, &now) && now.st_dev == old.st_dev &&
            now.st_ino == old.st_ino)
            return true;
    }
    return false;
}

/* The earlier file rel of document d is not made by this build: it goes,
 * with what wenshu writes beside it (the HTML rendition, a layout dump).
 * False when it is still there. */
static bool remove_old(build_run *run, const ws_doc_def *doc, const char *rel)
{
    static const char why[] = "这次没有生成（记录已删除或改动、不再符合条件，或编号已变）";
    if (!ws_build_remove_stale(run, rel, "上次生成", doc->name, why)) return false;
    char side[PATH_MAX];
    snprintf(side, sizeof side, "%s.layout.txt", rel);
    ws_build_remove_stale(run, side, "上次生成", doc->name, why);
    if (!doc->html) return true;
    ws_build_html_name(rel, side);
    ws_build_remove_stale(run, side, "上次生成", doc->name, why);
    return true;
}

typedef struct list_pass {
    build_run *run;
    ws_made_step step;
    const given_set *given;
    ws_arena *scratch;
    ws_buf *keep; /* the new list */
} list_pass;

/* One line of the earlier list ("id TAB doc TAB rel", NUL-terminated, cut
 * in place): kept as it was when it is another program's or another
 * stage's, or the build is not over; dropped when this build gave the path
 * (it is listed again from the names given); its file removed when this
 * build gave it no name and is over. */
static void take_old_line(list_pass *lp, char *line)
{
    char *doc_name = strchr(line, '\t');
    char *rel = doc_name ? strchr(doc_name + 1, '\t') : NULL;
    if (!rel || line[0] == '#') return;
    *doc_name++ = '\0';
    *rel++ = '\0';
    build_run *run = lp->run;
    if (!inside_folder(run->opts->out_dir, rel)) return;
    const ws_program *p = run->program;
    long d = strcmp(line, program_key(p)) == 0 ? doc_named(p, doc_name) : -1;
    bool ours = d >= 0 && run->doc_wanted[d];
    if (ours && given_exactly(lp->given, rel)) return;
    bool gone = ours && lp->step == WS_MADE_DONE &&
                (!ws_build_name_given(run, rel, lp->scratch) ||
                 !same_file_as_given(run, rel, lp->scratch)) &&
                remove_old(run, p->docs[d], rel);
    if (!gone) ws_buf_printf(lp->keep, "%s\t%s\t%s\n", line, doc_name, rel);
}

/* The earlier list's lines (one a line; CRLF too; a line with a NUL byte
 * skipped, not the rest), each taken (take_old_line). */
static void take_old_list(list_pass *lp, const char *list)
{
    char *data = NULL;
    size_t len = 0;
    ws_err ignored;
    if (ws_read_file(list, &data, &len, &ignored) != WS_OK) return; /* none yet */
    for (size_t at = 0; at < len;) {
        char *line = data + at;
        char *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        at += n + 1;
        if (n && line[n - 1] == '\r') n--;
        if (memchr(line, '\0', n)) continue;
        line[n] = '\0';
        take_old_line(lp, line);
    }
    free(data);
}

/* The names given, sorted into out (in a). False on OOM. */
static bool sort_given(const ws_build_given *given, size_t n, ws_arena *a, given_set *out)
{
    out->n = 0;
    out->paths = n ? ws_arena_alloc(a, n * sizeof *out->paths) : NULL;
    if (n && !out->paths) return false;
    for (size_t i = 0; i < n; i++) out->paths[out->n++] = given[i].path;
    if (out->n) qsort(out->paths, out->n, sizeof *out->paths, compare_paths);
    return true;
}

void ws_build_made_list(build_run *run, ws_made_step step)
{
    const char *out = run->opts->out_dir;
    const ws_program *p = run->program;
    char list[PATH_MAX];
    ws_path_join(out, WS_MADE_LIST, list, sizeof list);
    size_t n;
    const ws_build_given *given = ws_build_names_given(run, &n);
    ws_arena *a = ws_arena_create(0);
    ws_arena *scratch = ws_arena_create(0);
    given_set gs = {0};
    ws_buf b = WS_BUF_INIT;
    if (!a || !scratch || !sort_given(given, n, a, &gs)) b.failed = true;
    ws_buf_puts(&b, list_head);
    list_pass lp = {run, step, &gs, scratch, &b};
    if (!b.failed) take_old_list(&lp, list);
    const char *key = program_key(p);
    for (size_t i = 0; i < n && !strpbrk(key, "\t\r\n"); i++) {
        const char *doc = p->docs[given[i].d]->name;
        if (strpbrk(doc, "\t\r\n")) continue;
        if (step == WS_MADE_PLANNED || is_regular(out, given[i].path))
            ws_buf_printf(&b, "%s\t%s\t%s\n", key, doc, given[i].path);
    }
    ws_arena_destroy(scratch);
    ws_arena_destroy(a);
    ws_err err;
    ws_err_clear(&err);
    if (b.failed) ws_err_set(&err, WS_ERR_NOMEM, "内存不足");
    else ws_write_file_atomic(list, b.p, b.len, &err);
    if (err.status != WS_OK && !run->made_list_warned) {
        run->made_list_warned = true;
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING, .reason = err.msg};
        ws_build_emit(run, &ev,
                      "[警告] 无法记下这次生成的文件（%s）：下次生成时，不再需要的旧文件要手工删除",
                      err.msg);
    }
    ws_buf_free(&b);
}
