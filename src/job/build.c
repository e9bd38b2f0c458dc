/* job/build.c - a build: records + template → documents (job.h).
 *
 * The calling thread loads everything shared (fonts, template, records) and
 * decides every output name up front (so namesakes never overwrite each
 * other); worker threads, one per core, each with their own FreeType faces,
 * ICU iterator, HarfBuzz faces and arena, lay out and render one record at a
 * time. The calling thread reports one event per record in input order as
 * the results arrive, then a progress event. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "job/build.h"
#include "job/photo_memo.h"
#include "input/sheet.h"
#include "render/pdf_merge.h"
#include "template/bind.h"
#include "template/doc.h"

/* How often the output folder's file system is flushed while the records are
 * made (ws_flusher_start): often enough that the disk keeps up. */
#define FLUSH_PERIOD_MS 100

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

/* --- which documents each record gets ------------------------------------------------ */

/* Whether d is one of this build's record documents (a form per record, not a cover). */
static bool record_doc(const build_run *run, size_t d)
{
    return run->doc_wanted[d] && ws_build_lays_out_record(run->program, d);
}

/* Whether record r has a number in d, this build's record document: it
 * matches d's where:, made or not (ws_doc_positions). */
static bool numbered_in(const build_run *run, size_t d, size_t r)
{
    return record_doc(run, d) && ws_doc_matches(run->program->docs[d], &run->data.rs->records[r]);
}

/* Whether this build makes record r's paper d. */
static bool doc_for_record(const build_run *run, size_t d, size_t r)
{
    const ws_doc_def *doc = run->program->docs[d];
    return numbered_in(run, d, r) && run->data.usable[r] &&
           !(doc->public_doc && run->data.public_bad[r]);
}

/* Makes the folder of out_dir/rel, unless it is made_last (the folder the
 * caller made before, PATH_MAX bytes, "" at first; updated): a thousand forms
 * share one folder, and making it is a mkdir for each of its parents. */
static ws_status make_parent_dir(const char *out_dir, const char *rel, char *made_last,
                                 ws_err *err)
{
    char full[PATH_MAX], dir[PATH_MAX];
    ws_path_join(out_dir, rel, full, sizeof full);
    ws_path_dir(full, dir, sizeof dir);
    if (strcmp(dir, made_last) == 0) return WS_OK;
    WS_TRY(ws_mkdirs(dir, err));
    snprintf(made_last, PATH_MAX, "%s", dir);
    return WS_OK;
}

/* For a record-scope document of this build's stage with an order: or group_by: each record's
 * 1-based position in that order (per group), so {{seq}} and file names
 * follow it; *out stays NULL for documents in input order. */
static ws_status ordered_positions(build_run *run, size_t d, int **out, ws_err *err)
{
    const ws_doc_def *doc = run->program->docs[d];
    *out = NULL;
    if (!run->doc_wanted[d] || doc->select.scope != WS_SCOPE_RECORD ||
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
    char made_last[PATH_MAX] = "";
    for (size_t r = 0; r < rs->n; r++) {
        j->out_paths[r] = ws_arena_calloc(run->arena, p->ndocs, sizeof **j->out_paths);
        j->seqs[r] = ws_arena_calloc(run->arena, p->ndocs, sizeof **j->seqs);
        if (!j->out_paths[r] || !j->seqs[r]) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        for (size_t d = 0; d < p->ndocs; d++) {
            if (!numbered_in(run, d, r)) continue;
            ++counter[d];
            j->seqs[r][d] = ranks[d] && ranks[d][r] ? ranks[d][r] : counter[d];
            if (!doc_for_record(run, d, r)) continue;
            ws_bound b = {.program = p, .record = &rs->records[r], .seq = j->seqs[r][d]};
            char *path = ws_build_output_path(run, d, p->docs[d]->output, &b);
            if (!path) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
            j->out_paths[r][d] = path;
            WS_TRY(make_parent_dir(run->opts->out_dir, path, made_last, err));
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
        bool seen = st == WS_OK && stat(path, &sb) == 0;
        if (st == WS_OK && !seen && errno == ENOENT) {
            if (missing && *missing < 0) *missing = (int)f;
            continue;
        }
        if (seen && (images[f] = ws_photo_memo_find(run->photos, path, &sb, arena))) continue;
        if (st == WS_OK) st = ws_image_load_within(path, WS_PHOTO_MAX_SIDE_PX, arena, &images[f], err);
        if (st == WS_OK && seen) ws_photo_memo_keep(run->photos, path, &sb, images[f]);
        /* a PNG's samples deflated once: the form and a packet's copy embed that stream */
        if (st == WS_OK) st = ws_image_compress(images[f], arena, err);
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

/* The text of a page into b (cleared first): runs of one typeset line
 * joined, lines apart. False when out of memory. */
static bool page_text(const ws_page *page, ws_buf *b)
{
    ws_buf_clear(b);
    for (size_t i = 0; i < page->n; i++) {
        if (page->items[i].kind != WS_DL_TEXT) continue;
        const ws_dl_text *t = &page->items[i].u.text;
        if (t->line_start) ws_buf_putc(b, '\n');
        for (uint32_t g = 0; g < t->n; g++) {
            char u[4];
            ws_buf_append(b, u, ws_utf8_encode(t->glyphs[g].cp, u));
        }
    }
    return !b->failed;
}

/* Whether some page of dl shows an ID or mobile number (out of memory:
 * true, so the caller encrypts rather than guesses). */
static bool shows_private_number(const ws_dl_doc *dl)
{
    ws_buf b = WS_BUF_INIT;
    ws_number_hit hit;
    bool found = false;
    for (size_t p = 0; p < dl->npages && !found; p++)
        found = !page_text(dl->pages[p], &b) || (b.p && ws_find_private_number(b.p, b.len, &hit));
    ws_buf_free(&b);
    return found;
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
        if (!page_text(dl->pages[p], &b)) {
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
 * killed at any moment leaves no readable 申报表 behind. Personal: the
 * template prints a private field or a unit's personal column, or the text
 * of some page shows an ID or a mobile number whatever it came from. */
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
    if (run->opts->password && !personal) personal = shows_private_number(dl);
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

ws_status ws_build_check_pages(const ws_doc_def *doc, const ws_dl_doc *dl, ws_err *err)
{
    if (doc->max_pages && dl->npages > (size_t)doc->max_pages) /* a certificate on 2 pages */
        return ws_err_set(err, WS_ERR_INPUT,
                          "「%s」排出来共 %zu 页，超过模板规定的最多 %d 页：请精简这条记录的文字，"
                          "或调整模板",
                          doc->name, dl->npages, doc->max_pages);
    return WS_OK;
}

bool ws_build_lays_out_record(const ws_program *p, size_t d)
{
    const ws_doc_def *doc = p->docs[d];
    return doc->kind == WS_DOC_FORM && doc->select.scope == WS_SCOPE_RECORD &&
           !ws_build_is_cover(p, doc);
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
        WS_TRY(ws_build_check_pages(doc, dl, err));
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

static bool stopped(const build_opts *o)
{
    return o->stop && atomic_load(o->stop);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    job *j = w->j;
    for (;;) {
        size_t r = atomic_fetch_add(&j->next, 1);
        if (r >= j->rs->n) break;
        result *res = &j->results[r];
        if (!res->skipped && stopped(j->run->opts)) {
            snprintf(res->msg, sizeof res->msg, "%s", "已停止：生成超时或已取消，这条记录没有生成");
        } else if (!res->skipped) {
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

/* The record's name for messages: its identity (program.yaml's identity:,
 * a field, 姓名 by default, or a template of fields), invisible characters
 * escaped; always written to buf, so a record without a name is never shown
 * under another's (the identity field empty: （未填…）). */
const char *ws_build_record_name(const ws_program *p, const ws_record *rec, char *buf, size_t n)
{
    int f = p->identity_field;
    ws_arena *a = p->identity_tpl ? ws_arena_create(256) : NULL;
    const char *name = p->identity_tpl ? (a ? ws_record_identity(p, rec, a) : NULL)
                                       : (f >= 0 ? rec->values[f] : "");
    if (!name) name = "";
    if (!name[0] || (f >= 0 && !rec->values[f][0]))
        snprintf(buf, n, "（未填%s）", f >= 0 ? p->fields[f].name : "姓名");
    else
        ws_utf8_escape_invisible(name, strlen(name), buf, n);
    ws_arena_destroy(a);
    return buf;
}

void ws_build_emit(const build_run *run, ws_event *ev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    ev->text = n < 0 ? "（内存不足，无法报告）" : text;
    run->on_event(ev, run->user);
    free(text);
}

static const char *const record_tag[] = {[WS_EVENT_SUCCESS] = "成功", [WS_EVENT_NOT_MADE] = "未生成",
                                         [WS_EVENT_FAILED] = "失败"};

/* "[成功] 第3行 张三 → out/a.pdf、out/b.pdf（6 页，120 KB）（note)", or the
 * failure's "[失败] file 第3行 张三：reason". */
static void record_line(const build_run *run, const ws_event *ev, ws_buf *b)
{
    if (ev->level != WS_EVENT_SUCCESS) {
        ws_buf_printf(b, "[%s] %s 第%zu行 %s：%s", record_tag[ev->level], ev->file, ev->row, ev->who,
                      ev->reason);
        return;
    }
    ws_buf_printf(b, "[成功] 第%zu行 %s → ", ev->row, ev->who);
    for (size_t i = 0; i < ev->npaths; i++)
        ws_buf_printf(b, "%s%s/%s", i ? "、" : "", run->opts->out_dir, ev->paths[i]);
    if (!ev->npaths) ws_buf_printf(b, "（本阶段没有这条记录的文档）");
    if (ev->pages) ws_buf_printf(b, "（%d 页，%zu KB）", ev->pages, (ev->bytes + 512) / 1024);
    if (ev->reason[0]) ws_buf_printf(b, "（%s）", ev->reason);
}

/* Where record r's paper d would be had it been made: a record left out
 * for its errors has no output path, yet an earlier build may have made its
 * paper under the name the template gives it. NULL when d is not a paper of
 * r's (or of this build), or when ws_build_unmade_path gives none. */
static const char *unmade_path(const job *j, size_t d, size_t r, ws_arena *a)
{
    const build_run *run = j->run;
    if (!numbered_in(run, d, r)) return NULL;
    ws_bound b = {.program = run->program, .record = &j->rs->records[r], .seq = j->seqs[r][d]};
    return a ? ws_build_unmade_path(run, run->program->docs[d]->output, &b, a) : NULL;
}

/* Record r was not made, or not whole: what an earlier build made for it goes. */
static void remove_unmade(const job *j, size_t r, const char *who)
{
    build_run *run = j->run;
    ws_arena *a = ws_arena_create(0);
    for (size_t d = 0; d < run->program->ndocs; d++) {
        const char *rel = j->out_paths[r][d] ? j->out_paths[r][d] : unmade_path(j, d, r, a);
        if (rel) ws_build_remove_stale(run, rel, who, run->program->docs[d]->name, NULL);
    }
    ws_arena_destroy(a);
}

/* Record r no longer matches document d of this build (入选 became 未入选):
 * the paper an earlier build made for it under d's name goes. Only for
 * names without {{seq}}: without a number in d, r's name is not known. */
static void remove_unmatched(const job *j, size_t r, const char *who)
{
    build_run *run = j->run;
    const ws_record *rec = &j->rs->records[r];
    ws_arena *a = NULL;
    for (size_t d = 0; d < run->program->ndocs; d++) {
        const ws_doc_def *doc = run->program->docs[d];
        if (!record_doc(run, d) || ws_doc_matches(doc, rec) || ws_tpl_uses_seq(doc->output))
            continue;
        if (!a && !(a = ws_arena_create(0))) return;
        ws_bound b = {.program = run->program, .record = rec};
        const char *rel = ws_build_unmade_path(run, doc->output, &b, a);
        if (rel) ws_build_remove_stale(run, rel, who, doc->name, "记录已不符合这份文档的条件（见模板的 where）");
    }
    ws_arena_destroy(a);
}

bool ws_build_remove_stale(build_run *run, const char *rel, const char *who, const char *doc,
                           const char *why)
{
    char path[PATH_MAX];
    ws_path_join(run->opts->out_dir, rel, path, sizeof path);
    struct stat sb;
    if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return true;
    why = why ? why : "这次没有生成，旧文件的内容可能与现在的记录不符";
    if (unlink(path) != 0) {
        run->stale_left++;
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING, .who = who, .doc = doc,
                       .reason = strerror(errno)};
        ws_build_emit(run, &ev, "[警告] 无法删除上次生成的%s %s/%s（%s）：%s；请手工删除，以免误用",
                      doc, run->opts->out_dir, rel, ev.reason, why);
        return false;
    }
    ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_INFO, .who = who, .doc = doc,
                   .reason = why};
    ws_build_emit(run, &ev, "[提示] 已删除上次生成的%s %s/%s：%s", doc, run->opts->out_dir, rel,
                  ev.reason);
    return true;
}

/* The record's event (then the progress event) */
static void report_record(const job *j, size_t r)
{
    const build_run *run = j->run;
    const result *res = &j->results[r];
    const ws_record *rec = &j->rs->records[r];
    char name[256];
    const char **paths = calloc(2 * run->program->ndocs + 1, sizeof *paths);
    const char **docs = paths ? paths + run->program->ndocs : NULL;
    ws_event ev = {.kind = WS_EVENT_RECORD, .file = j->rs->path, .row = rec->line,
                   .who = ws_build_record_name(run->program, rec, name, sizeof name),
                   .reason = res->msg, .paths = paths, .path_docs = docs, .done = r + 1,
                   .total = j->rs->n};
    ev.level = res->skipped ? WS_EVENT_NOT_MADE : res->ok ? WS_EVENT_SUCCESS : WS_EVENT_FAILED;
    ev.verbose = ev.level == WS_EVENT_SUCCESS;
    if (res->ok && !res->skipped && paths) {
        for (size_t d = 0; d < run->program->ndocs; d++)
            if (j->out_paths[r][d]) {
                docs[ev.npaths] = run->program->docs[d]->name;
                paths[ev.npaths++] = j->out_paths[r][d];
            }
        ev.pages = res->pages;
        ev.bytes = res->bytes;
    }
    ws_buf b = WS_BUF_INIT;
    record_line(run, &ev, &b);
    ws_build_emit(run, &ev, "%s", b.failed ? "（内存不足，无法报告）" : b.p);
    ws_buf_free(&b);
    free(paths);
    if (!res->ok || res->skipped) remove_unmade(j, r, name);
    remove_unmatched(j, r, name);
    ws_event progress = {.kind = WS_EVENT_PROGRESS, .done = r + 1, .total = j->rs->n};
    run->on_event(&progress, run->user);
}

/* Reader notes not tied to a record (rows that could not be read at all,
 * ws_sheet_unreadable_rows). Record warnings are findings (below). */
static void report_sheet_notes(const build_run *run, const ws_recordset *rs)
{
    for (const ws_cell_note *n = rs->sheet->notes; n; n = n->next) {
        if (n->row != 0) continue;
        ws_event ev = {.kind = WS_EVENT_LINE, .file = rs->path, .reason = n->msg};
        ev.level = n->level == WS_NOTE_ERROR  ? WS_EVENT_FAILED
                   : n->level == WS_NOTE_INFO ? WS_EVENT_INFO
                                              : WS_EVENT_WARNING;
        ws_build_emit(run, &ev, "[%s] %s %s",
                      n->level == WS_NOTE_ERROR  ? "失败"
                      : n->level == WS_NOTE_INFO ? "提示"
                                                 : "警告",
                      rs->path, n->msg);
    }
}

/* Runs the records on 'jobs' workers and reports them in input order. The
 * workers' tools stay open in *tools_out (*ntools_out of them, the caller
 * closes them): the documents of units and packets run on them next. */
static size_t run_workers(job *j, int jobs, build_tools **tools_out, int *ntools_out, ws_err *err)
{
    worker *ws = calloc((size_t)jobs, sizeof *ws);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    *tools_out = NULL;
    *ntools_out = 0;
    int started = 0;
    if (!ws || !threads) {
        ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    for (int i = 0; i < jobs; i++) {
        ws[i].j = j;
        if (ws_build_tools_open(j->run->fonts, j->run->pdf_faces, &ws[i].tools, err) != WS_OK)
            goto done;
        ws_typesetter_set_ink(ws[i].tools.ts, j->run->opts->dump_layout); /* only the dump reads it */
        ws_typesetter_set_regions(ws[i].tools.ts, j->run->regions);
        if (pthread_create(&threads[i], NULL, worker_main, &ws[i]) != 0) break;
        started++;
    }
done:;
    size_t failed = 0;
    for (size_t r = 0; started > 0 && r < j->rs->n; r++) {
        pthread_mutex_lock(&j->lock);
        while (!atomic_load(&j->results[r].done)) pthread_cond_wait(&j->cond, &j->lock);
        pthread_mutex_unlock(&j->lock);
        report_record(j, r);
        failed += !j->results[r].ok;
    }
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    build_tools *tools = started > 0 ? calloc((size_t)started, sizeof *tools) : NULL;
    for (int i = 0; ws && i < jobs; i++) {
        if (tools && i < started) tools[i] = ws[i].tools; /* kept for ws_build_sets */
        else ws_build_tools_close(&ws[i].tools);
    }
    free(ws);
    free(threads);
    if (tools) *tools_out = tools, *ntools_out = started;
    if (started == 0 && j->rs->n > 0) return (size_t)-1;
    if (started > 0 && !tools) {
        ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        return (size_t)-1;
    }
    return failed;
}

static void close_tools(build_tools *tools, int n)
{
    for (int i = 0; tools && i < n; i++) ws_build_tools_close(&tools[i]);
    free(tools);
}

/* A warning or hint about record r: "[警告] file 第N行 name：message". */
static void report_record_note(const build_run *run, size_t r, ws_event_level level, bool verbose,
                               const char *message)
{
    const ws_recordset *rs = run->data.rs;
    char name[256];
    ws_event ev = {.kind = WS_EVENT_LINE, .level = level, .verbose = verbose, .file = rs->path,
                   .row = rs->records[r].line, .reason = message,
                   .who = ws_build_record_name(run->program, &rs->records[r], name, sizeof name)};
    ws_build_emit(run, &ev, "[%s] %s 第%zu行 %s：%s", level == WS_EVENT_INFO ? "提示" : "警告",
                  rs->path, ev.row, ev.who, message);
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
        for (size_t r = 0; r < rs->n; r++)
            for (size_t w = 0; w < rs->records[r].nwarnings; w++)
                report_record_note(run, r, WS_EVENT_WARNING, false, rs->records[r].warnings[w]);
        return 0;
    }
    ws_check_ctx ctx;
    ws_findings *fs = NULL;
    if (ws_check_ctx_init(&ctx, err) != WS_OK) return (size_t)-1;
    ctx.has_glyph = ws_glyph_cache_has;
    ctx.pdf_pages = ws_job_pdf_pages;
    ctx.glyph_user = j->glyphs;
    ctx.units = run->data.units;
    ctx.units_key = run->data.units_key;
    if (ws_rules_check(rules, &file, 1, &ctx, run->arena, &fs, err) != WS_OK ||
        ws_findings_mark(rules, fs, 0, file->rs, run->arena, err) != WS_OK) /* {{rule.ID}} */
        return (size_t)-1;
    j->findings = fs;
    size_t file_errors = 0;
    for (size_t k = 0; k < fs->n; k++) {
        const ws_finding *f = &fs->items[k];
        if (f->level == WS_LEVEL_NOTE) continue;
        if (f->record == WS_NO_RECORD) {
            bool error = f->level == WS_LEVEL_ERROR;
            ws_event ev = {.kind = WS_EVENT_LINE, .file = rs->path, .reason = f->message,
                           .level = error ? WS_EVENT_ERROR : WS_EVENT_WARNING};
            ws_build_emit(run, &ev, "[%s] %s", error ? "错误" : "警告", f->message);
            file_errors += error;
        } else if (f->level == WS_LEVEL_WARNING) {
            report_record_note(run, f->record, WS_EVENT_WARNING, true, f->in_record);
        }
    }
    for (size_t r = 0; r < rs->n; r++) {
        if (!ws_findings_record_has_error(fs, 0, r)) continue;
        const ws_finding *first = ws_findings_first(fs, 0, r, WS_LEVEL_ERROR);
        size_t count = 0;
        for (size_t k = 0; k < fs->n; k++)
            count += fs->items[k].record == r && fs->items[k].level == WS_LEVEL_ERROR;
        result *res = &j->results[r];
        snprintf(res->msg, sizeof res->msg, "%s%s", first ? first->in_record : "有错误",
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
            ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_NOT_MADE, .file = j->rs->path,
                           .row = rec->line, .who = ws_build_record_name(p, rec, name, sizeof name),
                           .doc = pr.doc->name, .reason = pr.msg};
            ws_build_emit(run, &ev, "[未生成] %s 第%zu行 %s 的公开文档（%s 等）：「%s」：%s",
                          j->rs->path, rec->line, ev.who, pr.doc->name, p->fields[pr.field].name,
                          pr.msg);
        }
    }
}

/* Records not made for their errors are not in the 汇总表, 推荐函, 公示 and
 * packets either, which come out [成功] without them: one line names them
 * (the first ten), so a unit's table one person short is not a surprise. */
static void say_skipped_left_out(const job *j)
{
    const build_run *run = j->run;
    ws_buf b = WS_BUF_INIT;
    size_t n = 0;
    for (size_t r = 0; r < j->rs->n; r++) {
        if (!j->results[r].skipped) continue;
        if (++n > 10) continue;
        char name[256];
        ws_buf_printf(&b, "%s第%zu行 %s", n > 1 ? "、" : "", j->rs->records[r].line,
                      ws_build_record_name(run->program, &j->rs->records[r], name, sizeof name));
    }
    if (n > 10) ws_buf_printf(&b, " 等 %zu 条", n);
    if (n && !b.failed) {
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_INFO, .file = j->rs->path,
                       .reason = "有错误未生成的记录，不列入按单位或全体生成的文档（汇总表、推荐函、公示、装订册等）"};
        ws_build_emit(run, &ev, "[提示] %s：%s", ev.reason, b.p);
    }
    ws_buf_free(&b);
}

/* A record document numbering its records (证书编号) keeps the numbers of
 * those it did not make (ws_doc_positions): one line per such document
 * names them (the first ten), so a gap in the numbers is not a surprise. */
static void say_numbers_kept(const job *j, size_t d)
{
    const build_run *run = j->run;
    ws_buf b = WS_BUF_INIT;
    size_t n = 0;
    for (size_t r = 0; r < j->rs->n; r++) {
        const result *res = &j->results[r];
        if (!numbered_in(run, d, r) || (res->ok && !res->skipped && j->out_paths[r][d])) continue;
        if (++n > 10) continue;
        char name[256];
        ws_buf_printf(&b, "%s第%zu行 %s（序号 %d）", n > 1 ? "、" : "", j->rs->records[r].line,
                      ws_build_record_name(run->program, &j->rs->records[r], name, sizeof name),
                      j->seqs[r][d]);
    }
    if (n > 10) ws_buf_printf(&b, " 等 %zu 条", n);
    if (n && !b.failed) {
        const char *doc = run->program->docs[d]->name;
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_INFO, .file = j->rs->path,
                       .doc = doc,
                       .reason = "留出了没有生成的记录的序号，其他人的序号不变；改正后重新生成，仍用原序号"};
        ws_build_emit(run, &ev, "[提示] %s%s：%s", doc, ev.reason, b.p);
    }
    ws_buf_free(&b);
}

/* Records whose own documents failed are left out of the documents they
 * share with others (汇总表, 推荐函, 公示, 装订册), so one record cannot fail
 * them all, and what a shared document lists has its papers; a line names
 * each. */
static void leave_out_failed(job *j)
{
    build_run *run = j->run;
    bool *usable = (bool *)run->data.usable;
    bool shared = false;
    for (size_t d = 0; d < run->program->ndocs; d++)
        shared |= run->doc_wanted[d] && run->program->docs[d]->select.scope != WS_SCOPE_RECORD;
    for (size_t r = 0; r < j->rs->n; r++) {
        const result *res = &j->results[r];
        if (!usable[r] || res->ok || res->skipped) continue;
        usable[r] = false;
        if (!run->not_written) run->not_written = ws_arena_calloc(run->arena, j->rs->n, sizeof(bool));
        if (run->not_written) run->not_written[r] = true;
        if (!shared) continue;
        char name[256];
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_INFO, .file = j->rs->path,
                       .row = j->rs->records[r].line,
                       .who = ws_build_record_name(run->program, &j->rs->records[r], name, sizeof name),
                       .reason = "没有生成，不列入按单位或全体生成的文档（汇总表、公示等）"};
        ws_build_emit(run, &ev, "[提示] 第%zu行 %s %s", ev.row, ev.who, ev.reason);
    }
    if (shared) say_skipped_left_out(j);
    for (size_t d = 0; d < run->program->ndocs; d++)
        if (run->program->docs[d]->prints_seq) say_numbers_kept(j, d);
}

/* --- the whole build ------------------------------------------------------------------- */

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

/* Whether a document this build makes (its stage's, and what their packets bind) has pred. */
static bool any_doc(const ws_program *p, const char *stage, bool (*pred)(const ws_doc_def *))
{
    for (size_t d = 0; d < p->ndocs; d++)
        if (pred(p->docs[d]) && ws_program_doc_in_stage(p, d, stage)) return true;
    return false;
}

static bool needs_strokes(const ws_doc_def *d)
{
    return d->select.order == WS_ORDER_STROKES;
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
 * checked like the records (check/units.h). Read before the rules run (a
 * quota's unit_attribute: reads it); its problems are reported by
 * report_units. A document that prints unit.* fails for a unit whose row has
 * one (ws_doc_set_unit_error), other units go on. */
static ws_status load_units(const build_run *run, build_env *env, ws_build_data *bd,
                            ws_units_check *c, ws_err *err)
{
    char path[PATH_MAX];
    bd->units_key = -1;
    *c = (ws_units_check){0};
    if (!ws_job_find_units(run->opts->units, env->file->rs->base_dir, path, sizeof path))
        return WS_OK;
    ws_sheet *sheet;
    int uf = env->program->unit_field;
    const char *key = uf >= 0 ? env->program->fields[uf].name : "推荐单位";
    WS_TRY(ws_units_load(path, key, env->arena, &sheet, &bd->units_key, err));
    WS_TRY(ws_units_check_sheet(sheet, bd->units_key, env->arena, c, err));
    const ws_recordset *rs = env->file->rs;
    WS_TRY(ws_job_check_units_used(env->program, run->doc_wanted, &rs, 1, sheet, bd->units_key,
                                   env->arena, c, err));
    bd->units = sheet;
    bd->unit_errors = c->row_error;
    bd->units_check = c;
    return WS_OK;
}

/* The units a units file names: its rows with a name in the key column, a
 * unit on two rows once. */
static size_t count_units(const ws_sheet *sheet, int key)
{
    size_t n = 0;
    for (size_t r = 1; key >= 0 && r < sheet->nrows; r++) {
        const char *name = sheet->cells[r][key];
        bool again = !*name;
        for (size_t q = 1; q < r && !again; q++) again = ws_value_is(name, sheet->cells[q][key]);
        n += !again;
    }
    return n;
}

/* Reports the units file's problems, once; returns how many of its rows
 * have one, and units the records name without a row (exit status 1). */
static size_t report_units(const build_run *run, const ws_units_check *c)
{
    const ws_sheet *sheet = run->data.units;
    size_t problems = 0;
    if (!sheet) return 0;
    ws_event ev = {.kind = WS_EVENT_LINE, .verbose = true, .file = sheet->path};
    ws_build_emit(run, &ev, "单位信息：%s（%zu 个单位）", sheet->path,
                  count_units(sheet, run->data.units_key));
    for (size_t i = 0; i < c->n; i++) {
        ev = (ws_event){.kind = WS_EVENT_LINE, .level = WS_EVENT_ERROR, .file = sheet->path,
                        .reason = c->problems[i].msg};
        ws_build_emit(run, &ev, "[错误] %s", c->problems[i].msg);
    }
    for (size_t r = 1; r < sheet->nrows; r++) problems += c->row_error[r] != NULL;
    for (size_t i = 0; i < c->nempty; i++) /* rows with only an empty 落款 cell */
        problems += !c->row_error[c->empty[i].row] &&
                    (i == 0 || c->empty[i - 1].row != c->empty[i].row);
    return problems + c->nmissing;
}

/* Says which {{unit.KEY}} the wanted documents print that the units file
 * lacks: they would print blank. (With no units file at all, those
 * documents fail: ws_doc_set_unit_error.) */
static void warn_unit_columns(const build_run *run)
{
    const ws_sheet *units = run->data.units;
    ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING, .verbose = true};
    for (size_t d = 0; d < run->program->ndocs; d++) {
        const ws_doc_def *doc = run->program->docs[d];
        if (!run->doc_wanted[d] || !doc->nunit_keys) continue;
        if (!units) continue; /* each of its instances fails (WS_UNITS_ABSENT) */
        for (size_t k = 0; k < doc->nunit_keys; k++) {
            if (header_column(units, doc->unit_keys[k]) >= 0) continue;
            ev.doc = doc->name;
            ws_build_emit(run, &ev, "[警告] %s 用到 unit.%s，但单位信息表 %s 没有「%s」列，这一处将是空白",
                              doc->name, doc->unit_keys[k], units->path ? units->path : "",
                              doc->unit_keys[k]);
        }
    }
}

/* "字体：宋体 使用 AR PL UMing CN Light 代替（未安装：SimSun…）", once per role
 * whose official fonts are missing; a warning everyone sees when a font file
 * was passed over as damaged (the clerk put it there to be used). */
static void report_font_stand_ins(const build_run *run, const ws_font_catalog *cat)
{
    for (size_t r = 0; r < ws_font_catalog_nroles(cat); r++) {
        const ws_role_info *ri = ws_font_catalog_role_info(cat, (int)r);
        const ws_face_info *face = ws_font_catalog_face(cat, ri->faces[0]);
        if (ri->damaged) {
            ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING, .reason = ri->damaged};
            ws_build_emit(run, &ev,
                          "[警告] 字体：%s 使用 %s %s 代替（已损坏：%s%s%s）；请换一份完好的字体文件",
                          ri->name, face->family, face->style, ri->damaged,
                          ri->missing ? "；未安装：" : "", ri->missing ? ri->missing : "");
        } else if (ri->missing) {
            ws_event ev = {.kind = WS_EVENT_LINE, .verbose = true, .reason = ri->missing};
            ws_build_emit(run, &ev, "字体：%s 使用 %s %s 代替（未安装：%s）", ri->name,
                          face->family, face->style, ri->missing);
        }
    }
}

/* --stage names a stage of the program's documents (all of them when none
 * is asked); otherwise an error listing the stages it has. */
static ws_status check_stage(const ws_program *p, const char *stage, ws_err *err)
{
    if (!stage) return WS_OK;
    char known[256] = "";
    size_t len = 0;
    for (size_t d = 0; d < p->ndocs; d++) {
        const char *s = p->docs[d]->stage;
        if (!s) continue;
        if (!strcmp(s, stage)) return WS_OK;
        bool seen = false;
        for (size_t e = 0; e < d && !seen; e++)
            seen = p->docs[e]->stage && !strcmp(p->docs[e]->stage, s);
        if (!seen && len + strlen(s) + 4 < sizeof known)
            len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", len ? "、" : "", s);
    }
    return ws_err_set(err, WS_ERR_INVALID, "模板中没有阶段为「%s」的文档（有：%s）", stage,
                      known[0] ? known : "无");
}

static int setup(const build_run *run, build_env *env, ws_err *err)
{
    const build_opts *o = run->opts;
    char fonts_dir[PATH_MAX];
    if (!ws_job_find_fonts_dir(o->fonts_dir, fonts_dir, sizeof fonts_dir)) {
        ws_err_set(err, WS_ERR_FONT, "找不到字体配置：%s/roles.yaml（用 --fonts-dir 指定）", fonts_dir);
        return WS_JOB_UNUSABLE;
    }
    if (ws_job_open_fonts(fonts_dir, &env->fonts, err) != WS_OK) return WS_JOB_UNUSABLE;
    report_font_stand_ins(run, env->fonts);
    if (ws_program_load(o->template_dir, ws_font_catalog_role_names(env->fonts), &env->program,
                        err) != WS_OK ||
        check_stage(env->program, o->stage, err) != WS_OK)
        return WS_JOB_UNUSABLE;
    if (ws_rules_load(env->program, &env->rules, err) != WS_OK || /* none: built-in checks only */
        ws_glyph_cache_open(env->fonts, env->program, &env->glyphs, err) != WS_OK)
        return WS_JOB_UNUSABLE;
    char cache[PATH_MAX];
    bool keep = ws_job_cache_dir(cache, sizeof cache);
    if (any_doc(env->program, o->stage, needs_strokes) &&
        ws_strokes_load(NULL, NULL, keep ? cache : NULL, &env->strokes, err) != WS_OK)
        return WS_JOB_UNUSABLE;
    if (any_doc(env->program, o->stage, ws_doc_counts_working_days) && load_calendar(env->program, &env->calendar, err) != WS_OK)
        return WS_JOB_UNUSABLE;
    env->arena = ws_arena_create(1 << 20);
    if (!env->arena ||
        ws_records_load(env->program, o->records, o->sheet, env->arena, &env->file, err) != WS_OK)
        return WS_JOB_UNUSABLE;
    return WS_JOB_OK;
}

static void report_intro(const build_run *run, const ws_recordset *rs)
{
    ws_event ev = {.kind = WS_EVENT_LINE, .verbose = true, .file = rs->path};
    ws_build_emit(run, &ev, "读取 %s（%s，%zu 条记录）", rs->path, rs->sheet->encoding, rs->n);
    if (!rs->nunknown) return;
    ws_buf b = WS_BUF_INIT;
    ws_buf_printf(&b, "[提示] 以下列在模板中没有对应字段，已忽略：");
    for (size_t i = 0; i < rs->nunknown; i++)
        ws_buf_printf(&b, "%s「%s」", i ? "、" : "", rs->unknown[i]);
    ev.level = WS_EVENT_INFO;
    ws_build_emit(run, &ev, "%s", b.failed ? "" : b.p);
    ws_buf_free(&b);
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
    run->outputs_cap = ws_arena_calloc(run->arena, p->ndocs, sizeof *run->outputs_cap);
    if (!run->doc_wanted || !run->backgrounds || !run->outputs || !run->noutputs ||
        !run->outputs_cap)
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
    build_output *o = ws_arena_append(run->arena, (void **)&run->outputs[d], &run->noutputs[d],
                                      &run->outputs_cap[d], sizeof *o);
    if (!o) return false;
    *o = (build_output){unit, rec, path, pages, seq};
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

/* "共 N 条记录：成功 …；输出在 out/（用时 1.23 秒）" */
static void report_summary(const build_run *run, const ws_job_summary *sum)
{
    ws_buf b = WS_BUF_INIT;
    ws_buf_printf(&b, "共 %zu 条记录：成功 %zu，失败 %zu", sum->records, sum->succeeded, sum->failed);
    if (sum->skipped) ws_buf_printf(&b, "（其中 %zu 条因有错误未生成）", sum->skipped);
    if (sum->forced) ws_buf_printf(&b, "；%zu 条有错误但按 --force 生成", sum->forced);
    if (sum->docs_made || sum->docs_failed || sum->docs_not_made)
        ws_buf_printf(&b, "；按单位/汇总的文档 %zu 份，失败 %zu 份", sum->docs_made, sum->docs_failed);
    if (sum->docs_not_made) ws_buf_printf(&b, "，未生成 %zu 份", sum->docs_not_made);
    if (sum->placeholders)
        ws_buf_printf(&b, "；%zu 份佐证材料缺失或无法读取（装订册中以说明页代替）", sum->placeholders);
    if (sum->file_errors) ws_buf_printf(&b, "；整体检查错误 %zu 处", sum->file_errors);
    if (sum->unit_errors) ws_buf_printf(&b, "；单位信息表有错误的行 %zu 行", sum->unit_errors);
    if (sum->left_out) ws_buf_printf(&b, "；%zu 条记录未列入公开文档", sum->left_out);
    if (sum->over_pages) ws_buf_printf(&b, "；%zu 份装订册超过页数上限", sum->over_pages);
    if (sum->tall_rows)
        ws_buf_printf(&b, "；%zu 份工作簿有的行超过 Excel 行高上限（打印请用 PDF 版）", sum->tall_rows);
    ws_buf_printf(&b, "；输出在 %s/（用时 %.2f 秒）", run->opts->out_dir, sum->seconds);
    ws_event ev = {.kind = WS_EVENT_SUMMARY, .summary = sum};
    ws_build_emit(run, &ev, "%s", b.failed ? "" : b.p);
    ws_buf_free(&b);
}

/* Whether records are laid out a second time (a packet binding their forms,
 * a 合订本 of them), so their shrunk photos are worth keeping; never with
 * --encrypt (the memo's temporaries would hold photos unencrypted). */
static bool lays_records_out_again(const build_run *run)
{
    if (run->opts->password) return false;
    for (size_t d = 0; d < run->program->ndocs; d++) {
        const ws_doc_def *doc = run->program->docs[d];
        if (run->doc_wanted[d] && (doc->kind == WS_DOC_PACKET || doc->combined)) return true;
    }
    return false;
}

static int run_build(const build_opts *o, build_env *env, job *j, const struct timespec *t0,
                     ws_err *err)
{
    build_run *run = j->run;
    const ws_recordset *rs = env->file->rs;
    j->rs = rs;
    run->data.rs = rs;
    report_intro(run, rs);
    j->results = calloc(rs->n ? rs->n : 1, sizeof *j->results);
    bool *usable = ws_arena_calloc(env->arena, rs->n ? rs->n : 1, sizeof *usable);
    if (!j->results || !usable) {
        ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        return WS_JOB_UNUSABLE;
    }
    bool *public_bad = ws_arena_calloc(env->arena, rs->n ? rs->n : 1, sizeof *public_bad);
    if (!public_bad) {
        ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        return WS_JOB_UNUSABLE;
    }
    run->data.usable = usable;
    run->data.public_bad = public_bad;
    report_sheet_notes(run, rs);
    size_t lost = ws_sheet_unreadable_rows(rs->sheet);
    ws_units_check units_check;
    if (load_units(run, env, &run->data, &units_check, err) != WS_OK) return WS_JOB_UNUSABLE;
    size_t file_errors = preflight(j, env->rules, env->file, usable, err);
    if (file_errors == (size_t)-1) return WS_JOB_UNUSABLE;
    paper_pass(j, usable, public_bad);
    if (ws_mkdirs(o->out_dir, err) != WS_OK) return WS_JOB_UNUSABLE;
    size_t unit_errors = report_units(run, &units_check);
    if (prepare_docs(run, err) != WS_OK || plan_outputs(j, err) != WS_OK) return WS_JOB_UNUSABLE;
    ws_build_made_list(run, WS_MADE_PLANNED); /* a build killed from now on: the next one knows */
    warn_unit_columns(run);
    if (run->program->quotas &&
        ws_data_table_load(run->program->quotas, env->arena, (ws_data_table **)&run->data.quotas,
                           err) != WS_OK)
        return WS_JOB_UNUSABLE;
    ws_remove_stale_tmp(o->out_dir, 3);
    if (lays_records_out_again(run)) run->photos = ws_photo_memo_create(o->out_dir);
    build_tools *tools;
    int ntools;
    ws_flusher *flusher = ws_flusher_start(o->out_dir, FLUSH_PERIOD_MS);
    size_t failed = run_workers(j, o->jobs, &tools, &ntools, err);
    if (failed == (size_t)-1) {
        ws_flusher_stop(flusher);
        close_tools(tools, ntools);
        ws_photo_memo_destroy(run->photos);
        run->photos = NULL;
        return WS_JOB_UNUSABLE;
    }
    note_record_outputs(j);
    leave_out_failed(j);
    if (stopped(o)) {
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING};
        ws_build_emit(run, &ev, "%s",
                      "[警告] 已停止：生成超时或已取消，各单位和项目的文档（汇总表、公示、"
                      "合订本等）没有生成");
    } else if (ntools > 0) {
        ws_build_sets(run, tools, ntools);
    }
    close_tools(tools, ntools);
    ws_flusher_stop(flusher);
    ws_photo_memo_destroy(run->photos); /* its temporaries go before the folder is synced */
    run->photos = NULL;
    ws_build_made_list(run, stopped(o) ? WS_MADE_STOPPED : WS_MADE_DONE);
    ws_sync_folder(o->out_dir); /* once, instead of an fsync per file */
    size_t skipped = 0, forced = 0;
    for (size_t r = 0; r < rs->n; r++) {
        skipped += j->results[r].skipped;
        forced += j->results[r].forced && j->results[r].ok;
    }
    ws_job_summary sum = {.records = rs->n + lost, .succeeded = rs->n - failed,
                          .failed = failed + lost, .skipped = skipped, .forced = forced,
                          .docs_made = run->made, .docs_failed = run->failed,
                          .docs_not_made = run->not_made,
                          .placeholders = run->placeholders, .file_errors = file_errors,
                          .unit_errors = unit_errors, .left_out = run->left_out,
                          .over_pages = run->over_pages, .tall_rows = run->tall_rows,
                          .seconds = seconds_since(t0)};
    report_summary(run, &sum);
    return sum.failed + forced + run->failed + run->placeholders + file_errors + unit_errors +
                   run->left_out + run->over_pages + run->stale_left
               ? WS_JOB_SOME_FAILED
               : WS_JOB_OK;
}

int ws_job_build(const ws_job_opts *o, ws_event_fn on_event, void *user, ws_err *err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    build_env env = {0};
    ws_err_clear(err);
    build_run run = {.opts = o, .on_event = on_event, .user = user};
    job j = {.run = &run};
    pthread_mutex_init(&j.lock, NULL);
    pthread_cond_init(&j.cond, NULL);
    int rc = setup(&run, &env, err);
    if (rc == WS_JOB_OK && ws_pdf_faces_create(env.fonts, &run.pdf_faces, err) != WS_OK)
        rc = WS_JOB_UNUSABLE;
    if (rc == WS_JOB_OK) {
        run.fonts = env.fonts;
        run.regions = ws_rules_regions(env.rules);
        run.program = env.program;
        run.arena = env.arena;
        run.data.program = env.program;
        run.data.strokes = env.strokes;
        run.data.calendar = env.calendar;
        j.glyphs = env.glyphs;
        rc = run_build(o, &env, &j, &t0, err);
    }
    free(j.results);
    pthread_mutex_destroy(&j.lock);
    pthread_cond_destroy(&j.cond);
    ws_build_names_free(&run);
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
