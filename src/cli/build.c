/* cli/build.c - `wenshu build`: records + template → documents.
 *
 * The main thread loads everything shared (fonts, template, records) and
 * decides every output name up front (so namesakes never overwrite each
 * other); worker threads, one per core, each with their own FreeType faces,
 * ICU iterator, HarfBuzz faces and arena, lay out and render one record at a
 * time. The main thread prints one line per record in input order as the
 * results arrive, with a progress bar on a terminal. */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "input/sheet.h"
#include "layout/flow.h"
#include "render/pdf.h"
#include "template/bind.h"
#include "template/doc.h"

typedef struct build_opts {
    const char *template_dir;
    const char *records;
    const char *out_dir;
    const char *fonts_dir;
    const char *sheet;
    int jobs;
    bool dump_layout;
    bool quiet;
} build_opts;

typedef struct result {
    atomic_bool done;
    bool ok;
    char msg[600];
    int pages;
    size_t bytes;
} result;

typedef struct job {
    const build_opts *opts;
    const ws_font_catalog *fonts;
    const ws_program *program;
    const ws_recordset *rs;
    char ***out_paths; /* [record][doc] relative to out_dir */
    result *results;
    atomic_size_t next;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} job;

static const char BUILD_USAGE[] =
    "用法：wenshu build <模板文件夹> <记录表.csv|.xlsx> [选项]\n"
    "\n"
    "为每条记录生成模板中的文档（如 out/forms/ 下每位候选人一份申报表 PDF），\n"
    "每条记录输出一行结果；在终端上显示进度条。\n"
    "\n"
    "选项：\n"
    "  -o, --out 目录        输出文件夹（默认 out）\n"
    "  -j, --jobs N          并行数（默认为 CPU 核数）\n"
    "  --sheet 名称          xlsx 中要读取的工作表（默认第一个）\n"
    "  --fonts-dir 目录      字体文件夹（含 roles.yaml，默认随程序的 fonts/）\n"
    "  --dump-layout         同时为每个 PDF 写出排版结果文本（.layout.txt，用于测试）\n"
    "  -q, --quiet           只输出失败的记录和汇总\n"
    "\n"
    "记录表的列按表格中的中文标题（如 姓名、性别、出生年月）对应模板字段；\n"
    "CSV 可为 UTF-8（含或不含 BOM）或 GB18030（Excel/WPS 另存的 CSV），自动识别。\n"
    "照片等文件路径相对于记录表所在的文件夹。\n"
    "\n"
    "退出状态：0 全部成功；1 部分记录失败（其余记录照常生成）；2 用法、模板或环境错误。\n";

static int usage_error(const char *fmt, const char *arg)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, arg);
    ws_cli_error("%s", msg);
    fputs("请运行 wenshu build --help 查看用法。\n", stderr);
    return WS_EXIT_USAGE;
}

static int parse_opts(int argc, char **argv, build_opts *o)
{
    *o = (build_opts){.out_dir = "out", .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN)};
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(BUILD_USAGE, stdout);
            return -1;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--out")) && has_value) {
            o->out_dir = argv[++i];
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && has_value) {
            o->jobs = atoi(argv[++i]);
        } else if (!strcmp(a, "--fonts-dir") && has_value) {
            o->fonts_dir = argv[++i];
        } else if (!strcmp(a, "--sheet") && has_value) {
            o->sheet = argv[++i];
        } else if (!strcmp(a, "--dump-layout")) {
            o->dump_layout = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("build：未知的选项或缺少参数「%s」", a);
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            return usage_error("build：多余的参数「%s」", a);
        }
    }
    if (npos < 2) return usage_error("%s", "build：需要模板文件夹和记录表两个参数");
    o->template_dir = pos[0];
    o->records = pos[1];
    if (o->jobs < 1) o->jobs = 1;
    if (o->jobs > 64) o->jobs = 64;
    return 0;
}

/* --- output names ------------------------------------------------------------------ */

/* Field values go into file names with their slashes made full-width, so
 * only the template's own "/" makes folders. */
typedef struct name_scope {
    ws_bound *b;
    ws_arena *a;
    const char *(*field)(void *user, int field);
} name_scope;

static const char *name_field(void *user, int field)
{
    name_scope *ns = user;
    ws_tpl_scope inner;
    ws_bound_scope(ns->b, &inner);
    const char *v = inner.field(inner.user, field);
    if (!v || (!strchr(v, '/') && !strchr(v, '\\'))) return v;
    ws_buf out = WS_BUF_INIT;
    for (const char *c = v; *c; c++) {
        if (*c == '/') ws_buf_puts(&out, "／");
        else if (*c == '\\') ws_buf_puts(&out, "＼");
        else ws_buf_putc(&out, *c);
    }
    char *r = ws_arena_strdup(ns->a, out.p ? out.p : "");
    ws_buf_free(&out);
    return r;
}

/* A file name within 255 bytes keeping its extension. */
static void safe_component(const char *part, char *out, size_t n)
{
    const char *dot = strrchr(part, '.');
    if (!dot || dot == part || strlen(dot) > 8) {
        ws_safe_filename(part, out, n);
        return;
    }
    char stem[1024];
    snprintf(stem, sizeof stem, "%.*s", (int)(dot - part), part);
    size_t dot_len = strlen(dot);
    ws_safe_filename(stem, out, n - dot_len);
    memcpy(out + strlen(out), dot, dot_len + 1);
}

/* Expands a document's output template for a record and makes every path
 * component safe; the template's "a/b" stays a subfolder, nothing from a
 * record can make one or climb out of the output folder. */
static char *safe_output_path(const ws_doc_def *d, ws_bound *b, ws_arena *a)
{
    ws_tpl_scope scope;
    ws_bound_scope(b, &scope);
    name_scope ns = {b, a, scope.field};
    scope.user = &ns;
    scope.field = name_field;
    char *raw = ws_tpl_expand(d->output, &scope, a);
    if (!raw) return NULL;
    ws_buf out = WS_BUF_INIT;
    char *save = NULL;
    for (char *part = strtok_r(raw, "/\\", &save); part; part = strtok_r(NULL, "/\\", &save)) {
        if (!strcmp(part, ".") || !strcmp(part, "..")) continue;
        /* collapse the "_" left by empty fields: "__嘉善县_王五" → "嘉善县_王五" */
        char squeezed[1024];
        size_t k = 0;
        for (const char *c = part; *c && k < sizeof squeezed - 1; c++) {
            if (*c == '_' && (k == 0 || squeezed[k - 1] == '_')) continue;
            squeezed[k++] = *c;
        }
        while (k > 0 && squeezed[k - 1] == '_') k--;
        squeezed[k] = '\0';
        char *dot = strrchr(squeezed, '.');
        if (dot && dot > squeezed && dot[-1] == '_') memmove(dot - 1, dot, strlen(dot) + 1);
        char safe[256];
        safe_component(squeezed, safe, 200);
        ws_buf_printf(&out, "%s%s", out.len ? "/" : "", safe);
    }
    char *path = out.failed ? NULL : ws_arena_strdup(a, out.p ? out.p : "_");
    ws_buf_free(&out);
    return path;
}

/* Output names already given, to tell namesakes apart. */
typedef struct name_set {
    const char **slots;
    size_t cap;
} name_set;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Adds s unless present; returns false when it was already there. */
static bool name_add(name_set *set, const char *s)
{
    size_t i = hash_str(s) & (set->cap - 1);
    while (set->slots[i]) {
        if (strcmp(set->slots[i], s) == 0) return false;
        i = (i + 1) & (set->cap - 1);
    }
    set->slots[i] = s;
    return true;
}

/* Two records may expand to the same name (namesakes): the later ones get
 * "-2", "-3" before the extension. */
static char *unique_name(name_set *set, char *path, ws_arena *a)
{
    if (name_add(set, path)) return path;
    char *dot = strrchr(path, '.');
    if (dot && strchr(dot, '/')) dot = NULL;
    size_t stem = dot ? (size_t)(dot - path) : strlen(path);
    for (int n = 2;; n++) {
        char *candidate = ws_arena_printf(a, "%.*s-%d%s", (int)stem, path, n, dot ? dot : "");
        if (!candidate || name_add(set, candidate)) return candidate;
    }
}

static ws_status plan_outputs(job *j, ws_arena *a, ws_err *err)
{
    const ws_recordset *rs = j->rs;
    const ws_program *p = j->program;
    j->out_paths = ws_arena_calloc(a, rs->n ? rs->n : 1, sizeof *j->out_paths);
    name_set set = {NULL, 64};
    while (set.cap < 2 * (rs->n * p->ndocs + 1)) set.cap *= 2;
    set.slots = ws_arena_calloc(a, set.cap, sizeof *set.slots);
    if (!j->out_paths || !set.slots) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t r = 0; r < rs->n; r++) {
        j->out_paths[r] = ws_arena_calloc(a, p->ndocs, sizeof **j->out_paths);
        if (!j->out_paths[r]) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        ws_bound b = {.program = p, .record = &rs->records[r], .seq = (int)r + 1};
        for (size_t d = 0; d < p->ndocs; d++) {
            char *path = safe_output_path(p->docs[d], &b, a);
            if (path) path = unique_name(&set, path, a);
            if (!path) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
            j->out_paths[r][d] = path;
            char full[PATH_MAX], dir[PATH_MAX];
            ws_path_join(j->opts->out_dir, path, full, sizeof full);
            ws_path_dir(full, dir, sizeof dir);
            WS_TRY(ws_mkdirs(dir, err));
        }
    }
    return WS_OK;
}

/* --- one record ---------------------------------------------------------------------- */

typedef struct worker {
    job *j;
    ws_fonts *fonts;
    ws_typesetter *ts;
    ws_pdf_writer *pdf;
    ws_arena *arena;
} worker;

/* A path from a record, resolved inside the records' folder: absolute
 * paths and ".." are refused, so a spreadsheet cannot make wenshu read
 * files elsewhere. */
static ws_status resolve_data_path(const ws_recordset *rs, const char *value, char *out, size_t n,
                                   ws_err *err)
{
    if (value[0] == '/' || strstr(value, "..") || strchr(value, '\\') || strchr(value, ':'))
        return ws_err_set(err, WS_ERR_INPUT,
                          "路径「%s」不在记录表所在的文件夹内（只能使用相对路径，不能含 ..）", value);
    ws_path_join(rs->base_dir, value, out, n);
    return WS_OK;
}

static ws_status load_images(worker *w, const ws_record *rec, ws_image ***out, ws_err *err)
{
    const ws_program *p = w->j->program;
    ws_image **images = ws_arena_calloc(w->arena, p->nfields, sizeof *images);
    if (!images) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t f = 0; f < p->nfields; f++) {
        if (p->fields[f].kind != WS_FIELD_PHOTO || !rec->values[f][0]) continue;
        char path[PATH_MAX];
        ws_status st = resolve_data_path(w->j->rs, rec->values[f], path, sizeof path, err);
        if (st == WS_OK) st = ws_image_load(path, w->arena, &images[f], err);
        if (st != WS_OK) {
            ws_err_prefix(err, "「%s」：", p->fields[f].name);
            return st;
        }
    }
    *out = images;
    return WS_OK;
}

static ws_status write_dump(const ws_dl_doc *dl, const ws_font_catalog *cat, const char *pdf_path,
                            ws_err *err)
{
    ws_buf b = WS_BUF_INIT;
    ws_dl_dump(dl, cat, &b);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s.layout.txt", pdf_path);
    ws_status st = b.failed ? ws_err_set(err, WS_ERR_NOMEM, "内存不足")
                            : ws_write_file_atomic(path, b.p, b.len, err);
    ws_buf_free(&b);
    return st;
}

static ws_status build_record(worker *w, size_t r, result *res, ws_err *err)
{
    job *j = w->j;
    const ws_record *rec = &j->rs->records[r];
    if (rec->error) return ws_err_set(err, WS_ERR_INPUT, "%s", rec->error);
    ws_image **images = NULL;
    WS_TRY(load_images(w, rec, &images, err));
    ws_bound b = {.program = j->program, .record = rec, .images = images, .seq = (int)r + 1};
    for (size_t d = 0; d < j->program->ndocs; d++) {
        const ws_doc_def *doc = j->program->docs[d];
        ws_dl_doc *dl;
        WS_TRY(ws_layout_doc(w->ts, doc, &b, w->arena, &dl, err));
        dl->author = j->program->issuer;
        char path[PATH_MAX];
        ws_path_join(j->opts->out_dir, j->out_paths[r][d], path, sizeof path);
        ws_pdf_stats stats;
        WS_TRY(ws_pdf_write(w->pdf, dl, path, &stats, err));
        if (j->opts->dump_layout) WS_TRY(write_dump(dl, j->fonts, path, err));
        res->pages += (int)dl->npages;
        res->bytes += stats.total_bytes;
    }
    return WS_OK;
}

static void finish(job *j, result *res)
{
    pthread_mutex_lock(&j->lock);
    atomic_store(&res->done, true);
    pthread_cond_broadcast(&j->cond);
    pthread_mutex_unlock(&j->lock);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    job *j = w->j;
    for (;;) {
        size_t r = atomic_fetch_add(&j->next, 1);
        if (r >= j->rs->n) break;
        result *res = &j->results[r];
        ws_err err;
        ws_err_clear(&err);
        res->ok = build_record(w, r, res, &err) == WS_OK;
        if (!res->ok) snprintf(res->msg, sizeof res->msg, "%s", err.msg);
        ws_arena_reset(w->arena);
        finish(j, res);
    }
    return NULL;
}

static ws_status worker_open(worker *w, job *j, ws_err *err)
{
    *w = (worker){.j = j};
    WS_TRY(ws_fonts_open(j->fonts, &w->fonts, err));
    WS_TRY(ws_typesetter_create(w->fonts, &w->ts, err));
    WS_TRY(ws_pdf_writer_create(w->fonts, &w->pdf, err));
    w->arena = ws_arena_create(1 << 20);
    if (!w->arena) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

static void worker_close(worker *w)
{
    ws_pdf_writer_destroy(w->pdf);
    ws_typesetter_destroy(w->ts);
    ws_fonts_close(w->fonts);
    ws_arena_destroy(w->arena);
}

/* --- reporting --------------------------------------------------------------------------- */

/* The record's name for messages, as valid printable UTF-8 (bad bytes
 * become U+FFFD, control characters '?'). */
static const char *record_name(const job *j, size_t r, char *buf, size_t n)
{
    int f = ws_program_field(j->program, "姓名", strlen("姓名"));
    const char *name = f >= 0 ? j->rs->records[r].values[f] : "";
    if (!name[0]) return "（无姓名）";
    size_t o = 0, i = 0, len = strlen(name);
    while (i < len && o + 4 < n) {
        size_t k;
        int32_t cp = ws_utf8_decode(name + i, len - i, &k);
        if (cp < 0) cp = 0xFFFD;
        else if (cp < 0x20 || cp == 0x7F) cp = '?';
        i += k;
        o += ws_utf8_encode((uint32_t)cp, buf + o);
    }
    buf[o] = '\0';
    return buf;
}

static void progress(size_t done, size_t total, bool tty)
{
    if (!tty || total < 20) return;
    int width = 30, filled = (int)(done * (size_t)width / total);
    fprintf(stderr, "\r[");
    for (int i = 0; i < width; i++) fputc(i < filled ? '#' : ' ', stderr);
    fprintf(stderr, "] %zu/%zu", done, total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

static void print_result(const job *j, size_t r, bool tty)
{
    const result *res = &j->results[r];
    const ws_record *rec = &j->rs->records[r];
    char name[256];
    if (tty && j->rs->n >= 20) fputs("\r\033[K", stderr);
    if (res->ok) {
        if (j->opts->quiet) return;
        printf("[成功] 第%zu行 %s → ", rec->line, record_name(j, r, name, sizeof name));
        for (size_t d = 0; d < j->program->ndocs; d++)
            printf("%s%s/%s", d ? "、" : "", j->opts->out_dir, j->out_paths[r][d]);
        printf("（%d 页，%zu KB）\n", res->pages, (res->bytes + 512) / 1024);
    } else {
        printf("[失败] %s 第%zu行 %s：%s\n", j->rs->path, rec->line,
               record_name(j, r, name, sizeof name), res->msg);
    }
    fflush(stdout);
}

/* Reader notes not tied to a record (rows that could not be read at all)
 * and every record's warnings; returns how many rows were lost. */
static size_t print_sheet_notes(const ws_recordset *rs)
{
    size_t lost = 0;
    for (const ws_cell_note *n = rs->sheet->notes; n; n = n->next) {
        if (n->row != 0) continue;
        printf("[%s] %s %s\n", n->level == WS_NOTE_ERROR ? "失败" : "警告", rs->path, n->msg);
        lost += n->level == WS_NOTE_ERROR;
    }
    for (size_t r = 0; r < rs->n; r++)
        for (size_t w = 0; w < rs->records[r].nwarnings; w++)
            printf("[警告] %s 第%zu行：%s\n", rs->path, rs->records[r].line,
                   rs->records[r].warnings[w]);
    return lost;
}

static size_t run_workers(job *j, int jobs, ws_err *err)
{
    worker *ws = calloc((size_t)jobs, sizeof *ws);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    int started = 0;
    if (!ws || !threads) {
        ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    for (int i = 0; i < jobs; i++) {
        if (worker_open(&ws[i], j, err) != WS_OK) goto done;
        if (pthread_create(&threads[i], NULL, worker_main, &ws[i]) != 0) break;
        started++;
    }
done:;
    bool tty = isatty(STDERR_FILENO);
    size_t failed = 0;
    for (size_t r = 0; started > 0 && r < j->rs->n; r++) {
        pthread_mutex_lock(&j->lock);
        while (!atomic_load(&j->results[r].done)) pthread_cond_wait(&j->cond, &j->lock);
        pthread_mutex_unlock(&j->lock);
        print_result(j, r, tty);
        failed += !j->results[r].ok;
        progress(r + 1, j->rs->n, tty);
    }
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    for (int i = 0; ws && i < jobs; i++) worker_close(&ws[i]);
    free(ws);
    free(threads);
    if (started == 0 && j->rs->n > 0) return (size_t)-1;
    return failed;
}

/* --- the command ----------------------------------------------------------------------- */

typedef struct build_env {
    ws_font_catalog *fonts;
    ws_program *program;
    ws_arena *arena;
} build_env;

static int setup(const build_opts *o, build_env *env, ws_sheet **sheet, ws_err *err)
{
    char fonts_dir[PATH_MAX];
    if (!ws_cli_find_fonts_dir(o->fonts_dir, fonts_dir, sizeof fonts_dir)) {
        ws_cli_error("找不到字体配置：%s/roles.yaml（用 --fonts-dir 指定）", fonts_dir);
        return WS_EXIT_USAGE;
    }
    if (ws_cli_open_fonts(fonts_dir, o->quiet ? NULL : stdout, &env->fonts, err) != WS_OK ||
        ws_program_load(o->template_dir, ws_font_catalog_role_names(env->fonts), &env->program,
                        err) != WS_OK) {
        ws_cli_error("%s", err->msg);
        return WS_EXIT_USAGE;
    }
    env->arena = ws_arena_create(1 << 20);
    if (!env->arena || ws_sheet_read(o->records, o->sheet, env->arena, sheet, err) != WS_OK) {
        ws_cli_error("%s", err->msg);
        return WS_EXIT_USAGE;
    }
    return WS_EXIT_OK;
}

static void print_intro(const build_opts *o, const ws_recordset *rs)
{
    if (o->quiet) return;
    printf("读取 %s（%s，%zu 条记录）\n", rs->path, rs->sheet->encoding, rs->n);
    if (rs->nunknown) {
        printf("[提示] 以下列在模板中没有对应字段，已忽略：");
        for (size_t i = 0; i < rs->nunknown; i++) printf("%s「%s」", i ? "、" : "", rs->unknown[i]);
        putchar('\n');
    }
}

int ws_cmd_build(int argc, char **argv)
{
    build_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc) return rc < 0 ? WS_EXIT_OK : rc;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    build_env env = {0};
    ws_sheet *sheet = NULL;
    ws_recordset *rs = NULL;
    ws_err err;
    ws_err_clear(&err);
    job j = {.opts = &o};
    rc = setup(&o, &env, &sheet, &err);
    if (rc) goto done;
    if (ws_records_bind(env.program, sheet, env.arena, &rs, &err) != WS_OK ||
        ws_mkdirs(o.out_dir, &err) != WS_OK) {
        ws_cli_error("%s", err.msg);
        rc = WS_EXIT_USAGE;
        goto done;
    }
    print_intro(&o, rs);
    ws_remove_stale_tmp(o.out_dir, 3);
    j.fonts = env.fonts;
    j.program = env.program;
    j.rs = rs;
    j.results = calloc(rs->n ? rs->n : 1, sizeof *j.results);
    pthread_mutex_init(&j.lock, NULL);
    pthread_cond_init(&j.cond, NULL);
    if (!j.results || plan_outputs(&j, env.arena, &err) != WS_OK) {
        ws_cli_error("%s", err.msg[0] ? err.msg : "内存不足");
        rc = WS_EXIT_USAGE;
        goto done_job;
    }
    size_t lost = print_sheet_notes(rs);
    size_t failed = run_workers(&j, o.jobs, &err);
    if (failed == (size_t)-1) {
        ws_cli_error("%s", err.msg);
        rc = WS_EXIT_USAGE;
        goto done_job;
    }
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("共 %zu 条记录：成功 %zu，失败 %zu", rs->n + lost, rs->n - failed, failed + lost);
    printf("；输出在 %s/（用时 %.2f 秒）\n", o.out_dir, secs);
    rc = failed + lost ? WS_EXIT_SOME_FAILED : WS_EXIT_OK;
done_job:
    free(j.results);
    pthread_mutex_destroy(&j.lock);
    pthread_cond_destroy(&j.cond);
done:
    ws_program_destroy(env.program);
    ws_font_catalog_destroy(env.fonts);
    ws_arena_destroy(env.arena);
    return rc;
}
