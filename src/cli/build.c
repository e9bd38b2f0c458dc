/* cli/build.c - `wenshu build`: records + template → documents.
 *
 * The main thread loads everything shared (fonts, template, records) and
 * decides every output name up front (so namesakes never overwrite each
 * other); worker threads, one per core, each with their own FreeType faces,
 * ICU iterator, HarfBuzz faces and arena, lay out and render one record at a
 * time. The main thread prints one line per record in input order as the
 * results arrive, with a progress bar on a terminal. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "check/paper.h"
#include "check/records.h"
#include "check/rules.h"
#include "check/units.h"
#include "cli/build.h"
#include "cli/cli.h"
#include "input/sheet.h"
#include "render/pdf_merge.h"
#include "template/bind.h"
#include "template/doc.h"

typedef struct result {
    atomic_bool done;
    bool ok;
    bool skipped;      /* has errors: not built (without --force) */
    bool forced;       /* has errors, built because of --force */
    bool unprintable;  /* a character that cannot go on paper (msg says which): fails */
    char msg[600];
    int pages;
    size_t bytes;
} result;

typedef struct job {
    build_run *run;
    ws_glyph_cache *glyphs;
    const ws_recordset *rs;
    const ws_findings *findings;
    char ***out_paths; /* [record][doc] relative to out_dir; NULL: not made for this record */
    int **seqs;        /* [record][doc]: the record's position among the doc's records (证书编号) */
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
    "  --sheet 名称          xlsx 中要读取的工作表（默认：表头含本项目栏目最多的那个）\n"
    "  --units 文件          推荐单位信息表（填报人、联系电话等；默认为记录表旁的 units.csv）\n"
    "  --stage 阶段          只生成这一阶段的文档：申报、公示 或 表彰（默认全部）\n"
    "  --force               有错误的记录也生成（每条在结果中注明）\n"
    "  --no-check            不按模板规则检查，直接生成（只报告读取和排版问题）\n"
    "  --fonts-dir 目录      字体文件夹（含 roles.yaml，默认随程序的 fonts/）\n"
    "  --encrypt 密码文件    含个人信息（身份证号、手机等）的 PDF（申报表、装订册…）用 AES-256\n"
    "                        加密，打开密码为该文件的第一行（UTF-8，可带 BOM；第二行可写另一个\n"
    "                        所有者密码，不写则随机生成；XLSX 不加密；加密后每次输出不同）\n"
    "  --dump-layout         同时为每个 PDF 写出排版结果文本（.layout.txt，用于测试；不能与\n"
    "                        --encrypt 同用）\n"
    "  -q, --quiet           只输出失败的记录和汇总\n"
    "\n"
    "生成前先按模板的规则检查记录（同 wenshu check），有错误的记录不生成。\n"
    "按推荐单位或全体生成的文档（汇总表、推荐函、公示、名额表、装订册）在各条记录之后生成。\n"
    "\n"
    "记录表的列按表格中的中文标题（如 姓名、性别、出生年月）对应模板字段；\n"
    "CSV 可为 UTF-8（含或不含 BOM）或 GB18030（Excel/WPS 另存的 CSV），自动识别。\n"
    "照片等文件路径相对于记录表所在的文件夹。\n"
    "\n"
    "选项的值也可写成 -o目录、-j2、--out=目录、--jobs=2。\n"
    "\n"
    "退出状态：0 全部成功；1 部分记录或文档失败（如磁盘已满；其余照常生成）；2 用法、模板或环境错误。\n";

static int usage_error(const char *fmt, const char *arg)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, arg);
    ws_cli_error("%s", msg);
    fputs("请运行 wenshu build --help 查看用法。\n", stderr);
    return WS_EXIT_USAGE;
}

/* One line of a password file (without its CR/LF) into out; false when
 * there is no such line. */
static bool password_line(const char *text, size_t len, size_t *pos, char *out, size_t n)
{
    if (*pos >= len) return false;
    size_t end = *pos;
    while (end < len && text[end] != '\n' && text[end] != '\r') end++;
    size_t k = end - *pos < n - 1 ? end - *pos : n - 1;
    memcpy(out, text + *pos, k);
    out[k] = '\0';
    if (end < len && text[end] == '\r') end++;
    if (end < len && text[end] == '\n') end++;
    *pos = end;
    return true;
}

static bool all_blank(const char *s)
{
    size_t n;
    ws_utf8_trim(s, strlen(s), &n);
    return n == 0;
}

/* An owner password nobody needs to know (the clerk only opens the files):
 * 32 random hex digits, so it can never equal the user password. */
static bool random_owner(char *out, size_t n)
{
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) return false;
    for (size_t i = 0; i < sizeof r && 2 * i + 2 < n; i++) snprintf(out + 2 * i, 3, "%02x", r[i]);
    return true;
}

/* --encrypt FILE: the password is the file's first line (so it is not on the
 * command line, where other users could see it), without a UTF-8 BOM
 * (Notepad writes one); an optional second line is the owner password,
 * else a random one. PDF R6 passwords are UTF-8 and at most 127 bytes. */
static int read_password(const char *file, build_opts *o)
{
    static char pw[256], owner[256];
    char text[4097];
    size_t pos = 0;
    FILE *f = fopen(file, "rb");
    if (!f) return usage_error("build：无法读取密码文件 %s", file);
    size_t len = fread(text, 1, sizeof text, f); /* a password file is a line or two */
    bool failed = ferror(f);
    fclose(f);
    if (failed) return usage_error("build：无法读取密码文件 %s", file);
    if (len > 4096) return usage_error("build：密码文件 %s 太大（应只有一两行）", file);
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) pos = 3;
    if (ws_utf8_invalid_at(text + pos, len - pos) != (size_t)-1)
        return usage_error("build：密码文件 %s 不是 UTF-8 文本（请用记事本“另存为”，编码选 UTF-8）", file);
    if (!password_line(text, len, &pos, pw, sizeof pw) || all_blank(pw))
        return usage_error("build：密码文件 %s 的第一行是空的（或只有空格），请在第一行写上密码", file);
    if (strlen(pw) > 127)
        return usage_error("build：密码文件 %s 的密码太长（最多 127 字节，约 42 个汉字）", file);
    if (password_line(text, len, &pos, owner, sizeof owner) && !all_blank(owner)) {
        if (!strcmp(owner, pw) || strlen(owner) > 127)
            return usage_error("build：密码文件 %s 第二行的所有者密码不能与第一行的打开密码相同，"
                               "也不能超过 127 字节", file);
    } else if (!random_owner(owner, sizeof owner)) {
        return usage_error("build：无法生成随机的所有者密码（%s）", file);
    }
    o->password = pw;
    o->owner_password = owner;
    return 0;
}

/* A value option: "-o DIR", "-oDIR" (short), "--out DIR", "--out=DIR".
 * Returns 1 and sets *value when argv[*i] is the option (advancing *i past a
 * separate value), 0 when it is not, -1 when its value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *shrt, const char *lng,
                     const char **value)
{
    const char *a = argv[*i];
    size_t ll = strlen(lng);
    if ((shrt && !strcmp(a, shrt)) || !strcmp(a, lng)) {
        if (*i + 1 >= argc) return -1;
        *value = argv[++*i];
        return 1;
    }
    if (shrt && !strncmp(a, shrt, 2) && a[2]) {
        *value = a + 2;
        return 1;
    }
    if (!strncmp(a, lng, ll) && a[ll] == '=') {
        *value = a + ll + 1;
        return 1;
    }
    return 0;
}

/* -j N: a whole number from 1 (more than 64 is taken as 64). */
static bool parse_jobs(const char *v, int *jobs)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < 1) return false;
    *jobs = n > 64 ? 64 : (int)n;
    return true;
}

/* The output folder as given, without trailing slashes ("out/" → "out"). */
static const char *clean_out_dir(const char *dir)
{
    static char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", dir);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/') buf[--n] = '\0';
    return buf;
}

static int parse_opts(int argc, char **argv, build_opts *o)
{
    *o = (build_opts){.out_dir = "out", .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN)};
    const char *pos[2] = {NULL, NULL};
    const char *jobs = NULL, *password_file = NULL;
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int m = 0;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(BUILD_USAGE, stdout);
            return -1;
        } else if ((m = opt_value(argc, argv, &i, "-o", "--out", &o->out_dir)) ||
                   (m = opt_value(argc, argv, &i, "-j", "--jobs", &jobs)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--fonts-dir", &o->fonts_dir)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--sheet", &o->sheet)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--units", &o->units)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--stage", &o->stage)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--encrypt", &password_file))) {
            if (m < 0) return usage_error("build：选项「%s」缺少参数", a);
        } else if (!strcmp(a, "--force")) {
            o->force = true;
        } else if (!strcmp(a, "--no-check")) {
            o->no_check = true;
        } else if (!strcmp(a, "--dump-layout")) {
            o->dump_layout = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("build：未知的选项「%s」", a);
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            return usage_error("build：多余的参数「%s」", a);
        }
    }
    if (npos < 2) return usage_error("%s", "build：需要模板文件夹和记录表两个参数");
    o->template_dir = pos[0];
    o->records = pos[1];
    if (!o->out_dir[0]) return usage_error("%s", "build：输出文件夹（-o）不能为空，例如 -o out");
    o->out_dir = clean_out_dir(o->out_dir);
    if (jobs && !parse_jobs(jobs, &o->jobs))
        return usage_error("build：并行数（-j）应为 1 以上的整数，而不是「%s」", jobs);
    if (o->jobs < 1) o->jobs = 1;
    if (o->jobs > 64) o->jobs = 64;
    if (password_file && o->dump_layout)
        return usage_error("%s", "build：--encrypt 不能与 --dump-layout 同用"
                                 "（排版结果文本会以明文包含身份证号等个人信息）");
    if (password_file && read_password(password_file, o) != 0) return WS_EXIT_USAGE;
    return 0;
}

/* --- which documents each record gets ------------------------------------------------ */

static bool doc_for_record(const build_run *run, size_t d, size_t r)
{
    const ws_doc_def *doc = run->program->docs[d];
    return run->doc_wanted[d] && doc->kind == WS_DOC_FORM &&
           doc->select.scope == WS_SCOPE_RECORD && run->data.usable[r] &&
           !(doc->public_doc && run->data.public_bad[r]) &&
           ws_doc_matches(doc, &run->data.rs->records[r]);
}

static ws_status make_parent_dir(const char *out_dir, const char *rel, ws_err *err)
{
    char full[PATH_MAX], dir[PATH_MAX];
    ws_path_join(out_dir, rel, full, sizeof full);
    ws_path_dir(full, dir, sizeof dir);
    return ws_mkdirs(dir, err);
}

/* For a record-scope document with an order: or group_by: each record's
 * 1-based position in that order (per group), so {{seq}} and file names
 * follow it; *out stays NULL for documents in input order. */
static ws_status ordered_positions(build_run *run, size_t d, int **out, ws_err *err)
{
    const ws_doc_def *doc = run->program->docs[d];
    *out = NULL;
    if (doc->select.scope != WS_SCOPE_RECORD ||
        (doc->select.order == WS_ORDER_INPUT && doc->select.group_field < 0))
        return WS_OK;
    return ws_doc_positions(&run->data, doc, run->arena, out, err);
}

static ws_status plan_outputs(job *j, ws_err *err)
{
    build_run *run = j->run;
    const ws_recordset *rs = j->rs;
    const ws_program *p = run->program;
    j->out_paths = ws_arena_calloc(run->arena, rs->n ? rs->n : 1, sizeof *j->out_paths);
    j->seqs = ws_arena_calloc(run->arena, rs->n ? rs->n : 1, sizeof *j->seqs);
    int *counter = ws_arena_calloc(run->arena, p->ndocs, sizeof *counter);
    if (!j->out_paths || !j->seqs || !counter) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    int **ranks = ws_arena_calloc(run->arena, p->ndocs, sizeof *ranks);
    if (!ranks) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t d = 0; d < p->ndocs; d++) WS_TRY(ordered_positions(run, d, &ranks[d], err));
    for (size_t r = 0; r < rs->n; r++) {
        j->out_paths[r] = ws_arena_calloc(run->arena, p->ndocs, sizeof **j->out_paths);
        j->seqs[r] = ws_arena_calloc(run->arena, p->ndocs, sizeof **j->seqs);
        if (!j->out_paths[r] || !j->seqs[r]) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        for (size_t d = 0; d < p->ndocs; d++) {
            if (!doc_for_record(run, d, r)) continue;
            ++counter[d];
            j->seqs[r][d] = ranks[d] && ranks[d][r] ? ranks[d][r] : counter[d];
            ws_bound b = {.program = p, .record = &rs->records[r], .seq = j->seqs[r][d]};
            char *path = ws_build_output_path(run, p->docs[d]->output, &b);
            if (!path) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
            j->out_paths[r][d] = path;
            WS_TRY(make_parent_dir(run->opts->out_dir, path, err));
        }
    }
    return WS_OK;
}

/* --- one record ---------------------------------------------------------------------- */

ws_status ws_build_data_path(const ws_recordset *rs, const char *value, char *out, size_t n,
                             ws_err *err)
{
    if (value[0] == '/' || strstr(value, "..") || strchr(value, '\\') || strchr(value, ':'))
        return ws_err_set(err, WS_ERR_INPUT,
                          "路径「%s」不在记录表所在的文件夹内（只能使用相对路径，不能含 ..）", value);
    ws_path_join(rs->base_dir, value, out, n);
    return WS_OK;
}

/* A record's photos. A photo file that does not exist prints as the empty
 * box (the form has one for a paper photo, and `wenshu check` calls it a
 * warning); 'missing' (may be NULL) gets the first such field. A path
 * outside the folder or an image that cannot be read fails the record. */
static ws_status load_images(build_run *run, ws_arena *arena, const ws_record *rec,
                             ws_image ***out, int *missing, ws_err *err)
{
    const ws_program *p = run->program;
    ws_image **images = ws_arena_calloc(arena, p->nfields, sizeof *images);
    if (!images) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (missing) *missing = -1;
    for (size_t f = 0; f < p->nfields; f++) {
        if (p->fields[f].kind != WS_FIELD_PHOTO || !rec->values[f][0]) continue;
        char path[PATH_MAX];
        ws_status st = ws_build_data_path(run->data.rs, rec->values[f], path, sizeof path, err);
        struct stat sb; /* nothing there: the form keeps its photo box (a FIFO, a folder … fail) */
        if (st == WS_OK && stat(path, &sb) != 0 && errno == ENOENT) {
            if (missing && *missing < 0) *missing = (int)f;
            continue;
        }
        if (st == WS_OK) st = ws_image_load(path, arena, &images[f], err);
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

static ws_status number_found(const char *text, const ws_number_hit *hit, const char *where,
                              ws_err *err)
{
    char masked[32];
    ws_mask_number(text, hit, masked, sizeof masked);
    return ws_err_set(err, WS_ERR_INPUT,
                      "公开文档的%s含有%s（%s），不能公开：它不来自某条记录的字段（字段已逐条检查），"
                      "请检查模板文字（program.yaml 的 texts）和单位信息表",
                      where, hit->kind == WS_NUMBER_ID ? "身份证号" : "手机号码", masked);
}

ws_status ws_build_scan_public(const ws_doc_def *doc, const ws_dl_doc *dl, const char *rel_path,
                               ws_err *err)
{
    if (!doc->public_doc) return WS_OK;
    ws_number_hit hit;
    if (ws_find_private_number(rel_path, strlen(rel_path), &hit))
        return number_found(rel_path, &hit, "文件名", err);
    for (size_t m = 0; m < dl->nmarks; m++)
        if (dl->marks[m].title &&
            ws_find_private_number(dl->marks[m].title, strlen(dl->marks[m].title), &hit))
            return number_found(dl->marks[m].title, &hit, "书签", err);
    ws_status st = WS_OK;
    ws_buf b = WS_BUF_INIT;
    for (size_t p = 0; p < dl->npages && st == WS_OK; p++) {
        ws_buf_clear(&b);
        const ws_page *page = dl->pages[p];
        for (size_t i = 0; i < page->n; i++) { /* runs of one typeset line joined, lines apart */
            if (page->items[i].kind != WS_DL_TEXT) continue;
            const ws_dl_text *t = &page->items[i].u.text;
            if (t->line_start) ws_buf_putc(&b, '\n');
            for (uint32_t g = 0; g < t->n; g++) {
                char u[4];
                ws_buf_append(&b, u, ws_utf8_encode(t->glyphs[g].cp, u));
            }
        }
        if (b.failed) {
            st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        } else if (b.p && ws_find_private_number(b.p, b.len, &hit)) {
            char where[32];
            snprintf(where, sizeof where, "第%zu页", p + 1);
            st = number_found(b.p, &hit, where, err);
        }
    }
    ws_buf_free(&b);
    return st;
}

/* A PDF with personal data is encrypted in memory when --encrypt is on, so
 * its plain bytes never reach the disk, not even as a temporary: a build
 * killed at any moment leaves no readable 申报表 behind. */
ws_status ws_build_write_pdf(build_run *run, build_tools *t, const ws_dl_doc *dl,
                             const char *rel_path, bool personal, ws_pdf_stats *stats,
                             ws_err *err)
{
    char path[PATH_MAX];
    ws_path_join(run->opts->out_dir, rel_path, path, sizeof path);
    unsigned char *data = NULL;
    size_t len = 0;
    WS_TRY(ws_pdf_render(t->pdf, dl, &data, &len, stats, err));
    ws_status st;
    if (personal && run->opts->password) {
        ws_pdf_merge_opts o = {.password = run->opts->password,
                               .owner_password = run->opts->owner_password};
        st = ws_pdf_encrypt_write(data, len, &o, path, err);
    } else {
        st = ws_write_file_atomic(path, data, len, err);
    }
    free(data);
    WS_TRY(st);
    if (run->opts->dump_layout) WS_TRY(write_dump(dl, run->fonts, path, err));
    return WS_OK;
}

/* One record's layout of document d (laid out as 'doc'), with its photos
 * (already loaded, or loaded here into arena when images is NULL). */
static ws_status layout_record(build_run *run, build_tools *t, ws_arena *arena, size_t d,
                               const ws_doc_def *doc, const ws_record *rec, int seq,
                               ws_image **images, ws_dl_doc **out, ws_err *err)
{
    if (!images) WS_TRY(load_images(run, arena, rec, &images, NULL, err));
    ws_doc_set *set = ws_arena_calloc(arena, 1, sizeof *set);
    if (!set) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    WS_TRY(ws_doc_set_of_record(&run->data, doc, rec, arena, set, err));
    ws_bound b = {.program = run->program, .record = rec, .images = images, .seq = seq,
                  .set = set, .unit_keys = set->unit_keys, .unit_values = set->unit_values,
                  .nunit = set->nunit, .background = run->backgrounds[d]};
    WS_TRY(ws_layout_doc(t->ts, doc, &b, arena, out, err));
    (*out)->author = run->program->issuer;
    return WS_OK;
}

ws_status ws_build_layout_record(build_run *run, build_tools *t, ws_arena *arena, size_t d,
                                 const ws_doc_def *as, const ws_record *rec, int seq,
                                 ws_dl_doc **out, ws_err *err)
{
    const ws_doc_def *doc = as ? as : run->program->docs[d];
    return layout_record(run, t, arena, d, doc, rec, seq, NULL, out, err);
}

static ws_status build_record(build_tools *t, job *j, size_t r, result *res, ws_err *err)
{
    build_run *run = j->run;
    const ws_record *rec = &j->rs->records[r];
    if (rec->error) return ws_err_set(err, WS_ERR_INPUT, "%s", rec->error);
    if (res->unprintable) return ws_err_set(err, WS_ERR_INPUT, "%s", res->msg);
    ws_image **images = NULL;
    int missing;
    WS_TRY(load_images(run, t->arena, rec, &images, &missing, err));
    if (missing >= 0 && !res->msg[0])
        snprintf(res->msg, sizeof res->msg, "「%s」：找不到照片文件 %s，表上留出照片框，可贴纸质照片",
                 run->program->fields[missing].name, rec->values[missing]);
    for (size_t d = 0; d < run->program->ndocs; d++) {
        if (!j->out_paths[r][d]) continue;
        const ws_doc_def *doc = run->program->docs[d];
        ws_dl_doc *dl;
        WS_TRY(layout_record(run, t, t->arena, d, doc, rec, j->seqs[r][d], images, &dl, err));
        ws_pdf_stats stats;
        WS_TRY(ws_build_scan_public(doc, dl, j->out_paths[r][d], err));
        WS_TRY(ws_build_write_pdf(run, t, dl, j->out_paths[r][d], doc->personal, &stats, err));
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

typedef struct worker {
    job *j;
    build_tools tools;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    job *j = w->j;
    for (;;) {
        size_t r = atomic_fetch_add(&j->next, 1);
        if (r >= j->rs->n) break;
        result *res = &j->results[r];
        if (!res->skipped) {
            ws_err err;
            ws_err_clear(&err);
            res->ok = build_record(&w->tools, j, r, res, &err) == WS_OK;
            if (!res->ok) snprintf(res->msg, sizeof res->msg, "%s", err.msg);
            ws_arena_reset(w->tools.arena);
        }
        finish(j, res);
    }
    return NULL;
}

ws_status ws_build_tools_open(const ws_font_catalog *cat, ws_pdf_faces *faces, build_tools *t,
                              ws_err *err)
{
    *t = (build_tools){0};
    WS_TRY(ws_fonts_open(cat, &t->fonts, err));
    WS_TRY(ws_typesetter_create(t->fonts, &t->ts, err));
    WS_TRY(ws_pdf_writer_create(t->fonts, faces, &t->pdf, err));
    t->arena = ws_arena_create(1 << 20);
    if (!t->arena) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

void ws_build_tools_close(build_tools *t)
{
    ws_pdf_writer_destroy(t->pdf);
    ws_typesetter_destroy(t->ts);
    ws_fonts_close(t->fonts);
    ws_arena_destroy(t->arena);
    *t = (build_tools){0};
}

/* --- reporting --------------------------------------------------------------------------- */

/* The record's name for messages: its identity field (program.yaml's
 * identity:, 姓名 by default), invisible characters escaped; always written
 * to buf, so a record without a name is never shown under another's. */
const char *ws_build_record_name(const ws_program *p, const ws_record *rec, char *buf, size_t n)
{
    int f = p->identity_field;
    const char *name = f >= 0 ? rec->values[f] : "";
    if (!name[0])
        snprintf(buf, n, "（未填%s）", f >= 0 ? p->fields[f].name : "姓名");
    else
        ws_utf8_escape_invisible(name, strlen(name), buf, n);
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

static void print_outputs(const job *j, size_t r)
{
    const build_run *run = j->run;
    size_t shown = 0;
    for (size_t d = 0; d < run->program->ndocs; d++) {
        if (!j->out_paths[r][d]) continue;
        ws_say("%s%s/%s", shown++ ? "、" : "", run->opts->out_dir, j->out_paths[r][d]);
    }
    if (!shown) ws_say("（本阶段没有这条记录的文档）");
}

static void print_result(const job *j, size_t r, bool tty)
{
    const build_run *run = j->run;
    const result *res = &j->results[r];
    const ws_record *rec = &j->rs->records[r];
    char name[256];
    ws_build_record_name(run->program, rec, name, sizeof name);
    if (tty && j->rs->n >= 20) fputs("\r\033[K", stderr);
    if (res->skipped) {
        ws_say("[未生成] %s 第%zu行 %s：%s\n", j->rs->path, rec->line, name, res->msg);
    } else if (res->ok) {
        if (run->opts->quiet) return;
        ws_say("[成功] 第%zu行 %s → ", rec->line, name);
        print_outputs(j, r);
        if (res->pages) ws_say("（%d 页，%zu KB）", res->pages, (res->bytes + 512) / 1024);
        if (res->msg[0]) ws_say("（%s）", res->msg);
        putchar('\n');
    } else {
        ws_say("[失败] %s 第%zu行 %s：%s\n", j->rs->path, rec->line, name, res->msg);
    }
    fflush(stdout);
}

/* Reader notes not tied to a record (rows that could not be read at all);
 * returns how many rows were lost. Record warnings are findings (below). */
static size_t print_sheet_notes(const ws_recordset *rs)
{
    size_t lost = 0;
    for (const ws_cell_note *n = rs->sheet->notes; n; n = n->next) {
        if (n->row != 0) continue;
        ws_say("[%s] %s %s\n",
               n->level == WS_NOTE_ERROR  ? "失败"
               : n->level == WS_NOTE_INFO ? "提示"
                                          : "警告",
               rs->path, n->msg);
        lost += n->level == WS_NOTE_ERROR;
    }
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
        ws[i].j = j;
        if (ws_build_tools_open(j->run->fonts, j->run->pdf_faces, &ws[i].tools, err) != WS_OK)
            goto done;
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
    for (int i = 0; ws && i < jobs; i++) ws_build_tools_close(&ws[i].tools);
    free(ws);
    free(threads);
    if (started == 0 && j->rs->n > 0) return (size_t)-1;
    return failed;
}

/* --- the preflight check ---------------------------------------------------------------- */

/* Runs the program's rules; prints file-level findings and every warning;
 * marks records with errors as skipped (or, with --force, as built anyway).
 * Returns the number of file-level errors (quotas, duplicates across units…). */
static size_t preflight(job *j, const ws_rules *rules, const ws_records_file *file, bool *usable,
                        ws_err *err)
{
    build_run *run = j->run;
    const ws_recordset *rs = j->rs;
    for (size_t r = 0; r < rs->n; r++) usable[r] = !rs->records[r].error;
    if (!rules || run->opts->no_check) { /* the reader's own warnings, then straight to work */
        char name[256];
        for (size_t r = 0; r < rs->n; r++)
            for (size_t w = 0; w < rs->records[r].nwarnings; w++)
                ws_say("[警告] %s 第%zu行 %s：%s\n", rs->path, rs->records[r].line,
                       ws_build_record_name(run->program, &rs->records[r], name, sizeof name),
                       rs->records[r].warnings[w]);
        return 0;
    }
    ws_check_ctx ctx;
    ws_findings *fs = NULL;
    if (ws_check_ctx_init(&ctx, err) != WS_OK) return (size_t)-1;
    ctx.has_glyph = ws_glyph_cache_has;
    ctx.glyph_user = j->glyphs;
    if (ws_rules_check(rules, &file, 1, &ctx, run->arena, &fs, err) != WS_OK) return (size_t)-1;
    j->findings = fs;
    size_t file_errors = 0;
    char name[256];
    for (size_t k = 0; k < fs->n; k++) {
        const ws_finding *f = &fs->items[k];
        if (f->level == WS_LEVEL_NOTE) continue;
        if (f->record == WS_NO_RECORD) {
            ws_say("[%s] %s\n", f->level == WS_LEVEL_ERROR ? "错误" : "警告", f->message);
            file_errors += f->level == WS_LEVEL_ERROR;
        } else if (f->level == WS_LEVEL_WARNING && !run->opts->quiet) {
            ws_say("[警告] %s 第%zu行 %s：%s\n", rs->path, rs->records[f->record].line,
                   ws_build_record_name(run->program, &rs->records[f->record], name, sizeof name),
                   f->message);
        }
    }
    for (size_t r = 0; r < rs->n; r++) {
        if (!ws_findings_record_has_error(fs, 0, r)) continue;
        const ws_finding *first = ws_findings_first(fs, 0, r, WS_LEVEL_ERROR);
        size_t count = 0;
        for (size_t k = 0; k < fs->n; k++)
            count += fs->items[k].record == r && fs->items[k].level == WS_LEVEL_ERROR;
        result *res = &j->results[r];
        snprintf(res->msg, sizeof res->msg, "%s%s", first ? first->message : "有错误",
                 count > 1 ? "（另有其他错误，用 wenshu check 查看全部）" : "");
        if (run->opts->force) {
            char note[sizeof res->msg + 64];
            snprintf(note, sizeof note, "有 %zu 处错误，按 --force 照样生成：%s", count, res->msg);
            res->forced = true;
            memcpy(res->msg, note, sizeof res->msg - 1);
            res->msg[sizeof res->msg - 1] = '\0';
        } else {
            usable[r] = false;
            res->skipped = true;
        }
    }
    return file_errors;
}

/* --- what may go on paper ------------------------------------------------------------- */

/* The same questions check asks (check/paper.h), asked again of the records
 * that are to be built: with --force or --no-check, check's errors did not
 * stop them. A record that cannot be printed fails (before any layout, so
 * also in a stage without forms of its own); a record whose
 * field would put an ID or mobile number on a public document is left off
 * the public documents (公示, 证书) and the others still get them. */
static void paper_pass(job *j, bool *usable, bool *public_bad)
{
    build_run *run = j->run;
    const ws_program *p = run->program;
    char name[256];
    for (size_t r = 0; r < j->rs->n; r++) {
        const ws_record *rec = &j->rs->records[r];
        result *res = &j->results[r];
        ws_paper_problem pr;
        if (!usable[r]) continue;
        if (!ws_paper_printable(p, rec, ws_glyph_cache_has, j->glyphs, &pr)) {
            res->unprintable = true; /* fails on its worker, then leave_out_failed */
            snprintf(res->msg, sizeof res->msg, "「%s」：%s", p->fields[pr.field].name, pr.msg);
        } else if (!ws_paper_public_ok(p, rec, &pr)) {
            public_bad[r] = true;
            run->left_out++;
            ws_say("[未生成] %s 第%zu行 %s 的公开文档（%s 等）：「%s」：%s\n", j->rs->path, rec->line,
                   ws_build_record_name(p, rec, name, sizeof name), pr.doc->name,
                   p->fields[pr.field].name, pr.msg);
        }
    }
}

/* Records whose own documents failed are left out of the documents they
 * share with others (汇总表, 推荐函, 公示, 装订册), so one record cannot fail
 * them all, and what a shared document lists has its papers; a line names
 * each. */
static void leave_out_failed(job *j)
{
    build_run *run = j->run;
    bool *usable = (bool *)run->data.usable;
    char name[256];
    bool shared = false;
    for (size_t d = 0; d < run->program->ndocs; d++)
        shared |= run->doc_wanted[d] && run->program->docs[d]->select.scope != WS_SCOPE_RECORD;
    for (size_t r = 0; r < j->rs->n; r++) {
        const result *res = &j->results[r];
        if (!usable[r] || res->ok || res->skipped) continue;
        usable[r] = false;
        if (shared)
            ws_say("[提示] 第%zu行 %s 没有生成，不列入按单位或全体生成的文档（汇总表、公示等）\n",
                   j->rs->records[r].line,
                   ws_build_record_name(run->program, &j->rs->records[r], name, sizeof name));
    }
}

/* --- the command ----------------------------------------------------------------------- */

typedef struct build_env {
    ws_font_catalog *fonts;
    ws_program *program;
    ws_rules *rules;
    ws_records_file *file;
    ws_strokes *strokes;
    ws_calendar *calendar;
    ws_glyph_cache *glyphs; /* which characters the fonts have (check/paper.h) */
    ws_arena *arena;
} build_env;

static int fail_setup(ws_err *err)
{
    ws_cli_error("%s", err->msg);
    return WS_EXIT_USAGE;
}

static bool any_doc(const ws_program *p, bool (*pred)(const ws_doc_def *))
{
    for (size_t d = 0; d < p->ndocs; d++)
        if (pred(p->docs[d])) return true;
    return false;
}

static bool needs_strokes(const ws_doc_def *d)
{
    return d->select.order == WS_ORDER_STROKES;
}

static bool needs_calendar(const ws_doc_def *d)
{
    for (size_t i = 0; i < d->ndates; i++)
        if (d->dates[i].working_days > 0) return true;
    return false;
}

/* The holiday file: templates/_shared/'s extended by the program's own holidays.tsv. */
static ws_status load_calendar(const ws_program *p, ws_calendar **out, ws_err *err)
{
    return ws_calendar_load_program(p->dir, out, err);
}

/* The column of a sheet whose header (row 1) is label, compared as labels
 * (spaces, full/half-width brackets ignored); the last such; -1 when none. */
static int header_column(const ws_sheet *sheet, const char *label)
{
    char want[256];
    ws_normalize_label(label, strlen(label), want, sizeof want);
    int found = -1;
    for (size_t c = 0; sheet->nrows && c < sheet->ncols; c++) {
        char have[256];
        ws_normalize_label(sheet->cells[0][c], strlen(sheet->cells[0][c]), have, sizeof have);
        if (!strcmp(have, want)) found = (int)c;
    }
    return found;
}

/* The units file: --units, else units.csv / units.xlsx beside the records;
 * checked like the records (check/units.h). Its problems are printed here,
 * once, and counted in *problems (exit status 1); a document that prints
 * unit.* fails for a unit whose row has one (ws_doc_set_unit_error), other
 * units go on. */
static ws_status load_units(const build_opts *o, build_env *env, ws_build_data *bd,
                            size_t *problems, ws_err *err)
{
    char path[PATH_MAX];
    bd->units_key = -1;
    *problems = 0;
    if (!ws_cli_find_units(o->units, env->file->rs->base_dir, path, sizeof path)) return WS_OK;
    ws_sheet *sheet;
    int uf = env->program->unit_field;
    const char *key = uf >= 0 ? env->program->fields[uf].name : "推荐单位";
    WS_TRY(ws_units_load(path, key, env->arena, &sheet, &bd->units_key, err));
    bd->units = sheet;
    ws_units_check c;
    WS_TRY(ws_units_check_sheet(sheet, bd->units_key, env->arena, &c, err));
    bd->unit_errors = c.row_error;
    if (!o->quiet) ws_say("单位信息：%s（%zu 个单位）\n", path, sheet->nrows ? sheet->nrows - 1 : 0);
    for (size_t i = 0; i < c.n; i++) ws_say("[错误] %s\n", c.problems[i].msg);
    for (size_t r = 1; r < sheet->nrows; r++) *problems += c.row_error[r] != NULL;
    return WS_OK;
}

/* Says which {{unit.KEY}} the wanted documents print that the units file
 * lacks (or that there is no units file): they would print blank. */
static void warn_unit_columns(const build_run *run)
{
    const ws_sheet *units = run->data.units;
    for (size_t d = 0; d < run->program->ndocs; d++) {
        const ws_doc_def *doc = run->program->docs[d];
        if (!run->doc_wanted[d] || !doc->nunit_keys) continue;
        if (!units) {
            ws_say("[警告] %s 用到单位信息（unit.%s 等），但没有单位信息表（units.csv，或用 --units 指定），"
                   "这些位置将是空白\n", doc->name, doc->unit_keys[0]);
            continue;
        }
        for (size_t k = 0; k < doc->nunit_keys; k++) {
            if (header_column(units, doc->unit_keys[k]) < 0)
                ws_say("[警告] %s 用到 unit.%s，但单位信息表 %s 没有「%s」列，这一处将是空白\n", doc->name,
                       doc->unit_keys[k], units->path ? units->path : "", doc->unit_keys[k]);
        }
    }
}

static int setup(const build_opts *o, build_env *env, ws_err *err)
{
    char fonts_dir[PATH_MAX];
    if (!ws_cli_find_fonts_dir(o->fonts_dir, fonts_dir, sizeof fonts_dir)) {
        ws_cli_error("找不到字体配置：%s/roles.yaml（用 --fonts-dir 指定）", fonts_dir);
        return WS_EXIT_USAGE;
    }
    if (ws_cli_open_fonts(fonts_dir, o->quiet ? NULL : stdout, &env->fonts, err) != WS_OK ||
        ws_program_load(o->template_dir, ws_font_catalog_role_names(env->fonts), &env->program,
                        err) != WS_OK)
        return fail_setup(err);
    if (ws_rules_load(env->program, &env->rules, err) != WS_OK || /* none: built-in checks only */
        ws_glyph_cache_open(env->fonts, &env->glyphs, err) != WS_OK)
        return fail_setup(err);
    if (any_doc(env->program, needs_strokes) &&
        ws_strokes_load(NULL, NULL, &env->strokes, err) != WS_OK)
        return fail_setup(err);
    if (any_doc(env->program, needs_calendar) && load_calendar(env->program, &env->calendar, err) != WS_OK)
        return fail_setup(err);
    env->arena = ws_arena_create(1 << 20);
    if (!env->arena ||
        ws_records_load(env->program, o->records, o->sheet, env->arena, &env->file, err) != WS_OK)
        return fail_setup(err);
    return WS_EXIT_OK;
}

static void print_intro(const build_opts *o, const ws_recordset *rs)
{
    if (o->quiet) return;
    ws_say("读取 %s（%s，%zu 条记录）\n", rs->path, rs->sheet->encoding, rs->n);
    if (rs->nunknown) {
        ws_say("[提示] 以下列在模板中没有对应字段，已忽略：");
        for (size_t i = 0; i < rs->nunknown; i++) ws_say("%s「%s」", i ? "、" : "", rs->unknown[i]);
        putchar('\n');
    }
}

/* Per document: in the chosen stage? its background image loaded (and
 * deflated once: every certificate embeds the same stream). */
static ws_status prepare_docs(build_run *run, ws_err *err)
{
    const ws_program *p = run->program;
    run->doc_wanted = ws_arena_calloc(run->arena, p->ndocs, sizeof *run->doc_wanted);
    run->backgrounds = ws_arena_calloc(run->arena, p->ndocs, sizeof *run->backgrounds);
    run->outputs = ws_arena_calloc(run->arena, p->ndocs, sizeof *run->outputs);
    run->noutputs = ws_arena_calloc(run->arena, p->ndocs, sizeof *run->noutputs);
    if (!run->doc_wanted || !run->backgrounds || !run->outputs || !run->noutputs)
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    bool any = false;
    for (size_t d = 0; d < p->ndocs; d++) {
        const ws_doc_def *doc = p->docs[d];
        const char *stage = run->opts->stage;
        run->doc_wanted[d] = !stage || (doc->stage && !strcmp(doc->stage, stage));
        any |= run->doc_wanted[d];
        if (doc->background && run->doc_wanted[d]) {
            ws_image *img;
            WS_TRY(ws_image_load(doc->background, run->arena, &img, err));
            WS_TRY(ws_image_compress(img, run->arena, err)); /* once, not per page */
            run->backgrounds[d] = img;
        }
    }
    if (!any)
        return ws_err_set(err, WS_ERR_INVALID, "模板中没有阶段为「%s」的文档", run->opts->stage);
    return WS_OK;
}

bool ws_build_note_output(build_run *run, size_t d, const char *unit, const ws_record *rec,
                          const char *path, int pages, int seq)
{
    build_output *o = ws_arena_grow(run->arena, run->outputs[d], run->noutputs[d],
                                    run->noutputs[d] + 1, sizeof *o);
    if (!o) return false;
    o[run->noutputs[d]++] = (build_output){unit, rec, path, pages, seq};
    run->outputs[d] = o;
    return true;
}

/* Remembers each record's outputs for combined volumes and packets. */
static void note_record_outputs(job *j)
{
    build_run *run = j->run;
    for (size_t r = 0; r < j->rs->n; r++) {
        if (!j->results[r].ok || j->results[r].skipped) continue;
        for (size_t d = 0; d < run->program->ndocs; d++)
            if (j->out_paths[r][d])
                ws_build_note_output(run, d, NULL, &j->rs->records[r], j->out_paths[r][d], 0,
                                     j->seqs[r][d]);
    }
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int run_build(const build_opts *o, build_env *env, job *j, const struct timespec *t0,
                     ws_err *err)
{
    build_run *run = j->run;
    const ws_recordset *rs = env->file->rs;
    j->rs = rs;
    run->data.rs = rs;
    print_intro(o, rs);
    j->results = calloc(rs->n ? rs->n : 1, sizeof *j->results);
    bool *usable = ws_arena_calloc(env->arena, rs->n ? rs->n : 1, sizeof *usable);
    if (!j->results || !usable) {
        ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        return fail_setup(err);
    }
    bool *public_bad = ws_arena_calloc(env->arena, rs->n ? rs->n : 1, sizeof *public_bad);
    if (!public_bad) {
        ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        return fail_setup(err);
    }
    run->data.usable = usable;
    run->data.public_bad = public_bad;
    size_t lost = print_sheet_notes(rs);
    size_t file_errors = preflight(j, env->rules, env->file, usable, err);
    if (file_errors == (size_t)-1) return fail_setup(err);
    size_t unit_errors = 0;
    paper_pass(j, usable, public_bad);
    if (ws_mkdirs(o->out_dir, err) != WS_OK ||
        load_units(o, env, &run->data, &unit_errors, err) != WS_OK ||
        prepare_docs(run, err) != WS_OK || plan_outputs(j, err) != WS_OK)
        return fail_setup(err);
    if (!o->quiet) warn_unit_columns(run);
    if (run->program->quotas &&
        ws_data_table_load(run->program->quotas, env->arena, (ws_data_table **)&run->data.quotas,
                           err) != WS_OK)
        return fail_setup(err);
    ws_remove_stale_tmp(o->out_dir, 3);
    size_t failed = run_workers(j, o->jobs, err);
    if (failed == (size_t)-1) return fail_setup(err);
    note_record_outputs(j);
    leave_out_failed(j);
    build_tools tools;
    if (ws_build_tools_open(run->fonts, run->pdf_faces, &tools, err) != WS_OK) {
        ws_build_tools_close(&tools);
        return fail_setup(err);
    }
    ws_build_sets(run, &tools);
    ws_build_tools_close(&tools);
    ws_sync_folder(o->out_dir); /* once, instead of an fsync per file */
    size_t skipped = 0, forced = 0;
    for (size_t r = 0; r < rs->n; r++) {
        skipped += j->results[r].skipped;
        forced += j->results[r].forced && j->results[r].ok;
    }
    ws_say("共 %zu 条记录：成功 %zu，失败 %zu", rs->n + lost, rs->n - failed, failed + lost);
    if (skipped) ws_say("（其中 %zu 条因有错误未生成）", skipped);
    if (forced) ws_say("；%zu 条有错误但按 --force 生成", forced);
    if (run->made || run->failed) ws_say("；按单位/汇总的文档 %zu 份，失败 %zu 份", run->made, run->failed);
    if (run->placeholders) ws_say("；%zu 份佐证材料缺失或无法读取（装订册中以说明页代替）", run->placeholders);
    if (file_errors) ws_say("；整体检查错误 %zu 处", file_errors);
    if (unit_errors) ws_say("；单位信息表有错误的行 %zu 行", unit_errors);
    if (run->left_out) ws_say("；%zu 条记录未列入公开文档", run->left_out);
    ws_say("；输出在 %s/（用时 %.2f 秒）\n", o->out_dir, seconds_since(t0));
    return failed + lost + forced + run->failed + run->placeholders + file_errors + unit_errors +
           run->left_out
               ? WS_EXIT_SOME_FAILED
               : WS_EXIT_OK;
}

void ws_build_names_free(void);

int ws_cmd_build(int argc, char **argv)
{
    build_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc) return rc < 0 ? WS_EXIT_OK : rc;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    build_env env = {0};
    ws_err err;
    ws_err_clear(&err);
    build_run run = {.opts = &o};
    job j = {.run = &run};
    pthread_mutex_init(&j.lock, NULL);
    pthread_cond_init(&j.cond, NULL);
    rc = setup(&o, &env, &err);
    if (rc == WS_EXIT_OK && ws_pdf_faces_create(env.fonts, &run.pdf_faces, &err) != WS_OK)
        rc = fail_setup(&err);
    if (rc == WS_EXIT_OK) {
        run.fonts = env.fonts;
        run.program = env.program;
        run.arena = env.arena;
        run.data.program = env.program;
        run.data.strokes = env.strokes;
        run.data.calendar = env.calendar;
        j.glyphs = env.glyphs;
        rc = run_build(&o, &env, &j, &t0, &err);
    }
    free(j.results);
    pthread_mutex_destroy(&j.lock);
    pthread_cond_destroy(&j.cond);
    ws_build_names_free();
    ws_rules_destroy(env.rules);
    ws_strokes_destroy(env.strokes);
    ws_calendar_destroy(env.calendar);
    ws_glyph_cache_close(env.glyphs);
    ws_program_destroy(env.program);
    ws_pdf_faces_destroy(run.pdf_faces);
    ws_font_catalog_destroy(env.fonts);
    ws_arena_destroy(env.arena);
    return rc;
}
