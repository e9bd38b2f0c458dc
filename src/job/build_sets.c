/* job/build_sets.c - documents of a unit or of the whole program, combined
 * volumes and bound packets; see build.h.
 *
 * They are planned on the calling thread after the per-record documents
 * (names given out in document order, lines said in place) and made on the
 * record workers (build_queue.c); packets wait until the documents they bind
 * are made. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "job/build.h"
#include "render/html.h"
#include "render/pdf_merge.h"
#include "render/workbook_xlsx.h"

/* Who an instance is for on the build's lines: the record (a record packet,
 * by the program's identity), the unit, or 全部. */
static const char *scope_label(build_run *run, const ws_doc_set *s)
{
    if (s->seq && s->n == 1) {
        char name[256];
        ws_build_record_name(run->program, s->records[0], name, sizeof name);
        const char *copy = ws_arena_strdup(run->arena, name);
        if (copy) return copy;
    }
    return s->unit ? s->unit : "全部";
}

static void report_ok(build_run *run, const ws_doc_def *d, const char *who, const char *path,
                      int pages)
{
    run->made++;
    ws_event ev = {.kind = WS_EVENT_DOCUMENT, .level = WS_EVENT_SUCCESS, .verbose = true,
                   .who = who, .doc = d->name, .paths = &path, .npaths = 1, .pages = pages};
    char count[32] = "";
    if (pages > 0) snprintf(count, sizeof count, "（%d 页）", pages);
    ws_build_emit(run, &ev, "[成功] %s（%s）→ %s/%s%s", d->name, who, run->opts->out_dir, path, count);
}

static void report_failure(build_run *run, const ws_doc_def *d, const char *who, const ws_err *err)
{
    run->failed++;
    ws_event ev = {.kind = WS_EVENT_DOCUMENT, .level = WS_EVENT_FAILED, .who = who, .doc = d->name,
                   .reason = err->msg};
    ws_build_emit(run, &ev, "[失败] %s（%s）：%s", d->name, who, err->msg);
}

static size_t doc_index(const ws_program *p, const char *name)
{
    for (size_t d = 0; d < p->ndocs; d++)
        if (!strcmp(p->docs[d]->name, name)) return d;
    return (size_t)-1;
}

static ws_bound bound_for_set(const build_run *run, const ws_doc_set *s, size_t d)
{
    return (ws_bound){.program = run->program,
                      .record = s->n ? s->records[0] : NULL,
                      .seq = s->seq ? s->seq : 1,
                      .set = s,
                      .unit_keys = s->unit_keys,
                      .unit_values = s->unit_values,
                      .nunit = s->nunit,
                      .background = run->backgrounds[d]};
}

static ws_status full_path(build_run *run, const char *rel, char *out, size_t n, ws_err *err)
{
    ws_path_join(run->opts->out_dir, rel, out, n);
    char dir[PATH_MAX];
    ws_path_dir(out, dir, sizeof dir);
    return ws_mkdirs(dir, err);
}

void ws_build_html_name(const char *pdf_rel, char *rel)
{
    snprintf(rel, PATH_MAX, "%s", pdf_rel);
    char *dot = strrchr(rel, '.');
    if (dot && !strchr(dot, '/')) *dot = '\0';
    strncat(rel, ".html", PATH_MAX - strlen(rel) - 1);
}

/* The HTML rendition beside the PDF. */
static ws_status write_html(build_run *run, build_tools *t, const ws_doc_def *doc, ws_bound *b,
                            const char *pdf_rel, char *path, size_t n, ws_err *err)
{
    char rel[PATH_MAX];
    ws_build_html_name(pdf_rel, rel);
    WS_TRY(full_path(run, rel, path, n, err));
    ws_status st = ws_html_write(doc, b, t->arena, path, err);
    if (st != WS_OK) path[0] = '\0';
    return st;
}

/* libxlsxwriter stamps a workbook's creation date with gmtime(), whose one
 * static buffer two workers would share (ThreadSanitizer saw it): workbooks
 * are written one at a time. */
static pthread_mutex_t workbook_lock = PTHREAD_MUTEX_INITIALIZER;

/* A workbook instance; rows taller than Excel allows are said, not hidden. */
static ws_status write_workbook(build_run *run, build_tools *t, const ws_doc_def *doc,
                                ws_bound *b, const char *rel, const char *path, ws_err *err)
{
    int tall = 0;
    pthread_mutex_lock(&workbook_lock);
    ws_status st = ws_workbook_write(doc, b, t->ts, t->arena, path, &tall, err);
    pthread_mutex_unlock(&workbook_lock);
    WS_TRY(st);
    ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING, .doc = doc->name,
                   .paths = &rel, .npaths = 1};
    if (tall) {
        run->tall_rows++; /* said in the summary; the cells hold every word (exit as check's) */
        ws_build_emit(run, &ev,
                      "[警告] %s：%d 行文字超过 Excel 行高上限 409 磅，打印出来会被截断；"
                      "请调整列宽，或打印 PDF 版核对",
                      rel, tall);
    }
    return WS_OK;
}

/* Document d's instance for set s: its bound data and, its output path
 * 'rel' (relative to the output folder, given out by the plan) in full
 * (PATH_MAX bytes), its folder made. */
static ws_status instance_output(build_run *run, const ws_doc_set *s, size_t d, const char *rel,
                                 ws_bound *b, char *path, ws_err *err)
{
    *b = bound_for_set(run, s, d);
    return full_path(run, rel, path, PATH_MAX, err);
}

/* One instance of a form or workbook document, written to rel. */
static ws_status make_instance(build_run *run, build_tools *t, size_t d, const ws_doc_set *s,
                               const char *rel, int *pages, ws_err *err)
{
    const ws_doc_def *doc = run->program->docs[d];
    ws_bound b;
    char path[PATH_MAX];
    WS_TRY(instance_output(run, s, d, rel, &b, path, err));
    *pages = 0;
    if (doc->kind == WS_DOC_WORKBOOK) return write_workbook(run, t, doc, &b, rel, path, err);
    ws_dl_doc *dl;
    WS_TRY(ws_layout_doc(t->ts, doc, &b, t->arena, &dl, err));
    dl->author = run->program->issuer;
    WS_TRY(ws_build_scan_public(doc, dl, rel, err));
    /* The web page and the PDF come out together or the document fails
     * (the page is removed again when the PDF cannot be written). */
    char html_path[PATH_MAX] = "";
    if (doc->html) WS_TRY(write_html(run, t, doc, &b, rel, html_path, sizeof html_path, err));
    ws_status st = ws_build_write_pdf(run, t, dl, rel, doc->personal, NULL, err);
    if (st != WS_OK && html_path[0]) remove(html_path);
    *pages = (int)dl->npages;
    return st;
}

typedef ws_status (*instance_fn)(build_run *run, build_tools *t, size_t d, const ws_doc_set *s,
                                 const char *rel, int *pages, ws_err *err);

/* Why the records of d (of unit, or all when NULL) are all left out: some
 * for their errors (--force would make them), or only because their own
 * papers failed (a full disk: --force would not help). */
static const char *why_left_out(const build_run *run, const ws_doc_def *doc, const char *unit,
                                const char *errors, const char *failed)
{
    const ws_recordset *rs = run->data.rs;
    int uf = run->program->unit_field;
    for (size_t r = 0; r < rs->n; r++) {
        const ws_record *rec = &rs->records[r];
        if (run->data.usable[r] || !ws_doc_matches(doc, rec) ||
            (unit && !ws_value_is(rec->values[uf], unit)))
            continue;
        if (!run->not_written || !run->not_written[r]) return errors;
    }
    return failed;
}

/* Units whose records for d all have errors get no instance: say so, once
 * each, instead of leaving a unit's 汇总表 or 装订册 silently missing. */
static void report_units_left_out(build_run *run, const ws_doc_def *doc, const ws_doc_set *sets,
                                  size_t n)
{
    const ws_recordset *rs = run->data.rs;
    int uf = run->program->unit_field;
    if (doc->select.scope != WS_SCOPE_UNIT || uf < 0) return;
    const char **said = ws_arena_calloc(run->arena, rs->n ? rs->n : 1, sizeof *said);
    size_t nsaid = 0;
    for (size_t r = 0; r < rs->n && said; r++) {
        const ws_record *rec = &rs->records[r];
        const char *unit = rec->values[uf];
        if (run->data.usable[r] || !*unit || !ws_doc_matches(doc, rec)) continue;
        bool known = false; /* made for it, or said already: a few units, many records */
        for (size_t i = 0; i < n && !known; i++) known = sets[i].unit && ws_value_is(unit, sets[i].unit);
        for (size_t k = 0; k < nsaid && !known; k++) known = ws_value_is(unit, said[k]);
        if (known) continue;
        said[nsaid++] = unit;
        /* with --force, what is left out cannot be made at all (a value the sheet lost) */
        const char *why = why_left_out(run, doc, unit,
                                       run->opts->force ? "该单位的记录都无法生成（见上）"
                                                        : "该单位的记录都有错误（见上），加 --force 可照样生成",
                                       "该单位的记录都没能生成（原因见上），解决后重新生成");
        run->not_made++;
        ws_event ev = {.kind = WS_EVENT_DOCUMENT, .level = WS_EVENT_NOT_MADE, .who = unit,
                       .doc = doc->name, .reason = why}; /* shown with -q too: a unit goes without */
        ws_build_emit(run, &ev, "[未生成] %s（%s）：%s", doc->name, unit, ev.reason);
    }
}

/* A packet over the notice's page limit (max_pages: "不超过50页") is never a
 * plain [成功]: at level error it is a failure line, the file kept so the
 * clerk sees what to take out; at level warning a [警告] line before the
 * [成功] one. Both name who it is for and the count, and exit 1. Returns
 * true when it was reported as a failure. */
static bool over_page_limit(build_run *run, const ws_doc_def *doc, const char *who,
                            const char *rel, int pages)
{
    if (!doc->max_pages || pages <= doc->max_pages) return false;
    char over[64];
    ws_doc_page_limit_text(doc, over, sizeof over);
    const char *words = doc->max_pages_words ? doc->max_pages_words : "";
    ws_event ev = {.kind = WS_EVENT_DOCUMENT, .who = who, .doc = doc->name, .pages = pages,
                   .paths = &rel, .npaths = 1, .reason = over};
    if (doc->max_pages_warning) {
        run->over_pages++;
        ev.kind = WS_EVENT_LINE;
        ev.level = WS_EVENT_WARNING;
        ws_build_emit(run, &ev, "[警告] %s（%s）：共 %d 页，%s%s%s", doc->name, who, pages, over,
                      words[0] ? "——" : "", words);
        return false;
    }
    run->failed++;
    ev.level = WS_EVENT_FAILED;
    ws_build_emit(run, &ev, "[失败] %s（%s）：共 %d 页，%s；已写出 %s/%s 供删减后重新生成%s%s",
                  doc->name, who, pages, over, run->opts->out_dir, rel, words[0] ? "——" : "", words);
    return true;
}

/* One instance to make on a worker: document d for set s, written to rel. */
typedef struct instance_task {
    size_t d;
    const ws_doc_set *set;
    const char *rel;
    instance_fn make;
} instance_task;

static ws_status instance_work(build_run *run, build_tools *t, void *arg, int *pages, ws_err *err)
{
    instance_task *it = arg;
    return it->make(run, t, it->d, it->set, it->rel, pages, err);
}

/* Its output, for the packets (on the worker, as soon as it is made): not a
 * document that failed, nor one over an error-level page limit. */
static void instance_note(build_run *run, void *arg, ws_status st, int pages)
{
    instance_task *it = arg;
    const ws_doc_def *doc = run->program->docs[it->d];
    const ws_doc_set *s = it->set;
    bool refused = doc->max_pages && pages > doc->max_pages && !doc->max_pages_warning;
    if (st == WS_OK && !refused)
        ws_build_note_output(run, it->d, s->unit, s->seq ? s->records[0] : NULL, it->rel, pages,
                             s->seq);
}

/* Its line (on the calling thread): over the page limit, made, or failed. */
static void instance_done(build_run *run, void *arg, ws_status st, int pages, const ws_err *err)
{
    instance_task *it = arg;
    const ws_doc_def *doc = run->program->docs[it->d];
    const ws_doc_set *s = it->set;
    if (st != WS_OK) {
        report_failure(run, doc, scope_label(run, s), err);
        ws_build_remove_stale(run, it->rel, scope_label(run, s), doc->name, NULL);
        return;
    }
    if (over_page_limit(run, doc, scope_label(run, s), it->rel, pages)) return;
    report_ok(run, doc, scope_label(run, s), it->rel, pages);
}

/* The program's one instance of doc is not made: its matching records all
 * have errors (said like report_units_left_out's units). */
static void report_program_left_out(build_run *run, const ws_doc_def *doc)
{
    const char *why = why_left_out(run, doc, NULL,
                                   run->opts->force ? "符合条件的记录都无法生成（见上）"
                                                    : "符合条件的记录都有错误（见上），加 --force 可照样生成",
                                   "符合条件的记录都没能生成（原因见上），解决后重新生成");
    run->not_made++;
    ws_event ev = {.kind = WS_EVENT_DOCUMENT, .level = WS_EVENT_NOT_MADE, .who = "全部",
                   .doc = doc->name, .reason = why};
    ws_build_emit(run, &ev, "[未生成] %s：%s", doc->name, ev.reason);
}

/* An instance of d not made this time (set s, perhaps empty): what an
 * earlier build made under its name goes, the web page too. */
static void remove_instance(build_run *run, size_t d, const ws_doc_set *s, const char *why)
{
    const ws_doc_def *doc = run->program->docs[d];
    ws_bound b = bound_for_set(run, s, d);
    const char *rel = ws_build_unmade_path(run, doc->output, &b, run->arena);
    if (!rel) return;
    ws_build_remove_stale(run, rel, scope_label(run, s), doc->name, why);
    char html[PATH_MAX];
    ws_build_html_name(rel, html);
    if (doc->html) ws_build_remove_stale(run, html, scope_label(run, s), doc->name, why);
}

/* Instances of d left out for their records' errors (ws_doc_sets_unmade),
 * or the program's one when no record matches d at all: their earlier files go. */
static void remove_unmade_instances(build_run *run, size_t d, const ws_doc_set *gone, size_t n,
                                    size_t nmade)
{
    for (size_t i = 0; i < n; i++)
        remove_instance(run, d, &gone[i], NULL);
    if (n || nmade || run->program->docs[d]->select.scope != WS_SCOPE_PROGRAM) return;
    ws_doc_set none = {.program = run->program, .rs = run->data.rs, .quotas = run->data.quotas};
    remove_instance(run, d, &none, "没有符合条件的记录");
}

/* Plans every instance of document d, made with 'make': its output names
 * given out here, in order, and its lines (跳过, 未生成) said in place. */
static void plan_instances(build_run *run, build_queue *q, size_t d, instance_fn make)
{
    const ws_doc_def *doc = run->program->docs[d];
    ws_err err;
    ws_err_clear(&err);
    ws_doc_set *sets, *gone;
    size_t n, ngone;
    if (ws_doc_sets_make(&run->data, doc, run->arena, &sets, &n, &err) != WS_OK) {
        report_failure(run, doc, "全部", &err);
        return;
    }
    if (ws_doc_sets_unmade(&run->data, doc, sets, n, run->arena, &gone, &ngone, &err) != WS_OK)
        ngone = 0; /* the same sets over more records: what failed above fails here too */
    if (n == 0 && ngone == 0) {
        ws_event ev = {.kind = WS_EVENT_DOCUMENT, .level = WS_EVENT_SKIPPED, .verbose = true,
                       .doc = doc->name, .reason = "没有符合条件的记录"};
        ws_build_emit(run, &ev, "[跳过] %s：没有符合条件的记录%s", doc->name,
                      doc->select.nwhere ? "（见模板的 where 条件）" : "");
    }
    if (n == 0 && ngone && doc->select.scope == WS_SCOPE_PROGRAM) report_program_left_out(run, doc);
    report_units_left_out(run, doc, sets, n);
    remove_unmade_instances(run, d, gone, ngone, n);
    for (size_t i = 0; i < n; i++) {
        ws_err_clear(&err);
        const char *bad_unit = doc->nunit_keys ? ws_doc_set_unit_error(&run->data, doc, &sets[i]) : NULL;
        if (bad_unit) { /* never printed from a row the units file check refused */
            ws_err_set(&err, WS_ERR_INPUT, "%s", bad_unit);
            report_failure(run, doc, scope_label(run, &sets[i]), &err);
            continue;
        }
        ws_bound b = bound_for_set(run, &sets[i], d);
        instance_task *it = ws_arena_calloc(run->arena, 1, sizeof *it);
        char *rel = ws_build_output_path(run, d, doc->output, &b);
        if (!it || !rel) {
            ws_err_set(&err, WS_ERR_NOMEM, "内存不足");
            report_failure(run, doc, scope_label(run, &sets[i]), &err);
            continue;
        }
        *it = (instance_task){d, &sets[i], rel, make};
        /* a packet makes a form and its papers per record; a table, a line per record */
        size_t weight = sets[i].n * (doc->kind == WS_DOC_PACKET ? 6 : 1) + 1;
        if (!ws_build_queue_add(q, instance_work, instance_note, instance_done, it, weight)) {
            ws_err_set(&err, WS_ERR_NOMEM, "内存不足");
            report_failure(run, doc, scope_label(run, &sets[i]), &err);
        }
    }
}

/* --- combined volumes (证书合订本) ------------------------------------------------------ */

/* The records of a scope-record document that came out, in its order. */
static size_t records_made_in_order(build_run *run, size_t d, const build_output ***out)
{
    const ws_record *const *recs;
    size_t n, made = 0;
    ws_err err;
    if (ws_doc_order(&run->data, run->program->docs[d], run->arena, &recs, &n, &err) != WS_OK)
        return 0;
    const build_output **outs = ws_arena_calloc(run->arena, n ? n : 1, sizeof *outs);
    if (!outs) return 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < run->noutputs[d]; k++)
            if (run->outputs[d][k].record == recs[i]) outs[made++] = &run->outputs[d][k];
    *out = outs;
    return made;
}

/* The combined volume (合订本) of a scope-record document: every record laid
 * out again into one display list and rendered once, so the volume carries
 * one font subset per face rather than one per record (1000 申报表 make a
 * fraction of the bytes of their separate PDFs, in one pass). A bookmark per
 * record. */
static ws_status combine(build_run *run, build_tools *t, size_t d, const build_output **outs,
                         size_t n, const char *rel, int *pages, ws_err *err)
{
    const ws_doc_def *doc = run->program->docs[d];
    ws_arena *arena = ws_arena_create(0);
    ws_dl_doc *all = arena ? ws_dl_doc_create(arena) : NULL;
    ws_status st = all ? WS_OK : ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < n && st == WS_OK; i++) { /* t->arena: one record's layout at a time */
        ws_dl_doc *one;
        st = ws_build_layout_record(run, t, t->arena, d, NULL, outs[i]->record, outs[i]->seq, &one,
                                    err);
        char name[256];
        ws_build_record_name(run->program, outs[i]->record, name, sizeof name);
        if (st == WS_OK && (!ws_dl_add_bookmark(all, ws_arena_strdup(arena, name), all->npages, 0) ||
                            !ws_dl_copy_pages(all, one, t->arena)))
            st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        ws_arena_reset(t->arena);
    }
    if (st == WS_OK) {
        all->title = doc->name;
        all->author = run->program->issuer;
        all->creator = "wenshu";
        st = ws_build_scan_public(doc, all, rel, err);
        if (st == WS_OK) st = ws_build_write_pdf(run, t, all, rel, doc->personal, NULL, err);
        *pages = (int)all->npages;
    }
    ws_arena_destroy(arena);
    return st;
}

/* The 合订本 of a scope-record document, made on a worker. */
typedef struct combined_task {
    size_t d;
    const build_output **outs;
    size_t n;
    const char *rel;
} combined_task;

static ws_status combined_work(build_run *run, build_tools *t, void *arg, int *pages, ws_err *err)
{
    combined_task *ct = arg;
    char path[PATH_MAX];
    WS_TRY(full_path(run, ct->rel, path, sizeof path, err));
    return combine(run, t, ct->d, ct->outs, ct->n, ct->rel, pages, err);
}

static void combined_done(build_run *run, void *arg, ws_status st, int pages, const ws_err *err)
{
    combined_task *ct = arg;
    const ws_doc_def *doc = run->program->docs[ct->d];
    if (st == WS_OK) report_ok(run, doc, "合订本", ct->rel, pages);
    else report_failure(run, doc, "合订本", err);
}

/* Whether any record matches doc's where: (made or not). */
static bool any_matching(const build_run *run, const ws_doc_def *doc)
{
    for (size_t r = 0; r < run->data.rs->n; r++)
        if (ws_doc_matches(doc, &run->data.rs->records[r])) return true;
    return false;
}

/* Plans document d's 合订本 (its name given out here, after the documents before it). */
static void plan_combined(build_run *run, build_queue *q, size_t d)
{
    const ws_doc_def *doc = run->program->docs[d];
    const build_output **outs = NULL;
    size_t n = records_made_in_order(run, d, &outs);
    ws_bound b = {.program = run->program};
    if (n == 0) { /* none made: an earlier 合订本 goes */
        const char *old = ws_build_unmade_path(run, doc->combined, &b, run->arena);
        if (old)
            ws_build_remove_stale(run, old, "合订本", doc->name,
                                  any_matching(run, doc) ? NULL : "没有符合条件的记录");
        return;
    }
    char *rel = ws_build_output_path(run, d, doc->combined, &b);
    combined_task *ct = ws_arena_calloc(run->arena, 1, sizeof *ct);
    if (ct && rel) *ct = (combined_task){d, outs, n, rel};
    if (!ct || !rel || !ws_build_queue_add(q, combined_work, NULL, combined_done, ct, n)) {
        ws_err err;
        ws_err_set(&err, WS_ERR_NOMEM, "内存不足");
        report_failure(run, doc, "合订本", &err);
    }
}

/* --- packets (装订成册) --------------------------------------------------------------- */

typedef struct packet {
    ws_pdf_part *parts;
    int *pages;
    size_t n, cap;
    char **temps; /* image attachments turned into one-page PDFs, the parts laid out again */
    size_t ntemps;
    bool numbered; /* the packet stamps its own page numbers */
    ws_dl_doc *again; /* the parts laid out again (no footer) since the last slice, rendered
                         as one PDF: one font subset per face for all of them; their parts
                         have path NULL until then */
    ws_arena *again_arena; /* where 'again' lives: reset once a slice is rendered */
    ws_arena *scratch; /* where one part is laid out before its pages are copied to 'again',
                          or an image attachment is read: reset before each */
} packet;

/* The parts laid out again are rendered this many pages at a time (about 40
 * 申报表 of 6 pages), so a unit of 1000 candidates does not hold every page
 * of its packet (display lists, libharu's objects) at once; each slice
 * brings its own font subsets, a few hundred KB. */
#define PACKET_SLICE_PAGES 256

/* Appends a part: 'path' whole, or (range) its pages [first, first + pages). */
static ws_status packet_push(build_run *run, packet *pk, const char *path, const char *title,
                             bool range, int first, int pages, ws_err *err)
{
    if (pk->n == pk->cap) {
        size_t cap = pk->cap ? pk->cap * 2 : 16;
        ws_pdf_part *parts = ws_arena_grow(run->arena, pk->parts, pk->n, cap, sizeof *parts);
        int *pg = ws_arena_grow(run->arena, pk->pages, pk->n, cap, sizeof *pg);
        if (!parts || !pg) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        pk->parts = parts, pk->pages = pg, pk->cap = cap;
    }
    char *copy = path ? ws_arena_strdup(run->arena, path) : NULL;
    if (path && !copy) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    pk->parts[pk->n] = (ws_pdf_part){.path = copy, .title = title, .range = range, .first = first,
                                     .count = pages};
    pk->pages[pk->n++] = pages;
    return WS_OK;
}

static ws_status packet_add(build_run *run, packet *pk, const char *path, const char *title,
                            ws_err *err)
{
    int pages;
    WS_TRY(ws_pdf_count_pages(path, run->opts->password, &pages, err));
    return packet_push(run, pk, path, title, false, 0, pages, err);
}

/* Renders dl to a temporary PDF in the folder of 'near' (the packet being
 * made), named with 'suffix'; *out is its path in the run's arena. The caller
 * removes it once it is bound. With --encrypt it is encrypted (the parts of
 * a packet are opened with the password). */
static ws_status write_temp_pdf(build_run *run, build_tools *t, const ws_dl_doc *dl,
                                const char *near, const char *suffix, char **out, ws_err *err)
{
    char tmp[PATH_MAX];
    ws_tmp_path_for(near, tmp, sizeof tmp);
    strncat(tmp, suffix, sizeof tmp - strlen(tmp) - 1);
    unsigned char *data;
    size_t len;
    WS_TRY(ws_pdf_render(t->pdf, dl, &data, &len, NULL, err));
    ws_status st;
    if (run->opts->password) { /* scans, the 目录: encrypted even as temporaries */
        ws_pdf_merge_opts o = {.password = run->opts->password,
                               .owner_password = run->opts->owner_password};
        st = ws_pdf_encrypt_write(data, len, &o, tmp, err);
    } else {
        st = ws_write_file_atomic(tmp, data, len, err);
    }
    free(data);
    WS_TRY(st);
    *out = ws_arena_strdup(run->arena, tmp);
    return *out ? WS_OK : ws_err_set(err, WS_ERR_NOMEM, "内存不足");
}

/* An image attachment as a one-page A4 PDF, the picture fitted within 15 mm margins. */
static ws_status image_to_pdf(build_run *run, build_tools *t, const ws_image *img,
                              const char *near, char **out, ws_err *err)
{
    ws_dl_doc *dl = ws_dl_doc_create(t->arena);
    ws_page *pg = dl ? ws_dl_add_page(dl, 210 * WS_MM, 297 * WS_MM) : NULL;
    ws_dl_item *it = pg ? ws_dl_add(dl, pg, WS_DL_IMAGE) : NULL;
    if (!it) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    float bw = 180 * WS_MM, bh = 267 * WS_MM;
    float iw = (float)ws_image_shown_width(img), ih = (float)ws_image_shown_height(img);
    float sc = bw / iw < bh / ih ? bw / iw : bh / ih;
    it->u.image = (ws_dl_image){img, 15 * WS_MM + (bw - iw * sc) / 2, 15 * WS_MM, iw * sc, ih * sc};
    return write_temp_pdf(run, t, dl, near, "-image.pdf", out, err);
}

static bool is_pdf_name(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".pdf");
}

/* The next attachment path of a files value: items are separated by ';', '；'
 * or new lines; *cursor advances. Returns NULL at the end. */
static char *next_file(char **cursor)
{
    char *s = *cursor;
    for (;;) {
        while (*s == ' ' || *s == ';' || *s == '\n' || *s == '\r') s++;
        if (!strncmp(s, "；", strlen("；"))) {
            s += strlen("；");
            continue;
        }
        break;
    }
    if (!*s) return NULL;
    char *start = s;
    while (*s && *s != ';' && *s != '\n' && *s != '\r' && strncmp(s, "；", strlen("；"))) s++;
    char *end = s;
    if (*s == ';' || *s == '\n' || *s == '\r') s++;
    else if (*s) s += strlen("；");
    while (end > start && end[-1] == ' ') end--;
    *end = '\0';
    *cursor = s;
    return start;
}

/* A temporary file of the packet, removed when it is bound. */
static ws_status keep_temp(build_run *run, packet *pk, char *tmp, ws_err *err)
{
    char **temps = ws_arena_grow(run->arena, pk->temps, pk->ntemps, pk->ntemps + 1, sizeof *temps);
    if (!temps) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    temps[pk->ntemps++] = tmp;
    pk->temps = temps;
    return WS_OK;
}

/* An A4 page saying which attachment is missing and why, in place of it. */
static ws_status placeholder_pdf(build_run *run, build_tools *t, const char *near,
                                 const char *text, char **out, ws_err *err)
{
    ws_dl_doc *dl = ws_dl_doc_create(t->arena);
    ws_page *pg = dl ? ws_dl_add_page(dl, 210 * WS_MM, 297 * WS_MM) : NULL;
    if (!pg) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    ws_text_style ts = {.role = 0, .size_pt = 16, .leading = 1.8f, .align = WS_ALIGN_LEFT};
    ws_ptext pt;
    WS_TRY(ws_typeset(t->ts, text, strlen(text), &ts, 150 * WS_MM, t->arena, &pt, err));
    if (!ws_ptext_emit(&pt, 0, pt.nlines, 30 * WS_MM, 100 * WS_MM, dl, pg))
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return write_temp_pdf(run, t, dl, near, "-missing.pdf", out, err);
}

/* One attachment file as PDF pages of the packet: a PDF as it is, an image on
 * an A4 page. What is wrong with the file goes to 'why' (the packet shows a
 * page in its place); a temporary that cannot be written (a full disk) is
 * the packet's own failure, *ours set: never blamed on the attachment. */
static ws_status add_attachment(build_run *run, build_tools *t, packet *pk, const char *path,
                                const char *title, const char *near, bool *ours, ws_err *why)
{
    *ours = false;
    if (is_pdf_name(path)) return packet_add(run, pk, path, title, why);
    ws_arena_reset(pk->scratch); /* the picture is needed only until its page is written */
    ws_image *img;
    WS_TRY(ws_image_load(path, pk->scratch, &img, why));
    char *tmp = NULL;
    ws_status st = image_to_pdf(run, t, img, near, &tmp, why);
    if (st == WS_OK) st = keep_temp(run, pk, tmp, why);
    if (st != WS_OK) {
        *ours = true;
        return st;
    }
    return packet_add(run, pk, tmp, title, why);
}

/* A missing or unreadable attachment: said on the build's output and, in the
 * packet, a page naming it, so the bound copy shows the gap. */
static ws_status add_missing(build_run *run, build_tools *t, packet *pk, const ws_part_def *pd,
                             const ws_record *rec, const char *item, const char *why,
                             const char *title, const char *near, ws_err *err)
{
    const char *field = run->program->fields[pd->files_field].name;
    char who[256];
    ws_build_record_name(run->program, rec, who, sizeof who);
    run->placeholders++;
    ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING, .verbose = true,
                   .file = run->data.rs->path, .row = rec->line, .who = who, .reason = why};
    ws_build_emit(run, &ev, "[警告] %s 第%zu行 %s：「%s」%s（%s），装订册中以说明页代替",
                  run->data.rs->path, rec->line, who, field, item, why);
    char *text = ws_arena_printf(t->arena, "佐证材料缺失\n\n%s%s「%s」：%s\n%s\n\n（请补交后重新生成装订册）",
                                 who, *who ? " " : "", field, item, why);
    char *tmp = NULL;
    if (!text) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    WS_TRY(placeholder_pdf(run, t, near, text, &tmp, err));
    WS_TRY(keep_temp(run, pk, tmp, err));
    return packet_add(run, pk, tmp, title, err);
}

static ws_status add_files(build_run *run, build_tools *t, packet *pk, const ws_part_def *pd,
                           const ws_record *rec, const char *title, const char *near, ws_err *err)
{
    char *cursor = ws_arena_strdup(t->arena, rec->values[pd->files_field]);
    if (!cursor) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    size_t items = 0;
    for (char *item = next_file(&cursor); item; item = next_file(&cursor), items++) {
        char path[PATH_MAX];
        ws_err why;
        ws_err_clear(&why);
        bool ours = false;
        ws_status st = ws_build_data_path(run->data.rs, item, path, sizeof path, &why);
        if (st == WS_OK) st = ws_open_regular(path, NULL, NULL, &why); /* a FIFO never blocks */
        if (st == WS_OK) st = add_attachment(run, t, pk, path, title, near, &ours, &why);
        if (st == WS_ERR_NOMEM) return ws_err_set(err, st, "内存不足");
        if (st != WS_OK && ours) {
            *err = why;
            return st;
        }
        if (st != WS_OK) WS_TRY(add_missing(run, t, pk, pd, rec, item, why.msg, title, near, err));
        title = NULL; /* one bookmark for a record's attachments */
    }
    if (items == 0 && pd->required) /* the notice requires it: the gap shows in the packet */
        return add_missing(run, t, pk, pd, rec, "未提交", "通知要求的材料", title, near, err);
    return WS_OK;
}

static const build_output *find_output(const build_run *run, size_t d, const char *unit,
                                       const ws_record *rec)
{
    for (size_t k = 0; k < run->noutputs[d]; k++) {
        const build_output *o = &run->outputs[d][k];
        if (rec ? o->record == rec : (!unit || !o->unit || !strcmp(o->unit, unit))) return o;
    }
    return NULL;
}

static char *part_title(build_run *run, const ws_part_def *pd, const ws_doc_set *s,
                        const ws_record *rec, int seq)
{
    ws_bound b = {.program = run->program, .record = rec ? rec : (s->n ? s->records[0] : NULL),
                  .seq = seq, .set = s, .unit_keys = s->unit_keys,
                  .unit_values = s->unit_values, .nunit = s->nunit};
    ws_tpl_scope scope;
    ws_bound_scope(&b, &scope);
    return ws_tpl_expand(pd->title, &scope, run->arena);
}

/* Document d laid out again as it is bound, rather than its file copied:
 * its pages join pk->again, rendered once for the whole packet
 * (render_again), so all the forms of a packet share one font subset per
 * face instead of bringing one each (a packet of 100 forms was 35 MB of
 * them). With 'drop_footer' without its own page footer, whose "第 1 页
 * 共 2 页" or "— 1 —" would contradict the packet's number on the same
 * page. A record's part is laid out for rec; a unit's part for the set
 * document d itself makes for the packet's unit (its own where: and
 * order:, not the packet's). */
static ws_status add_laid_out(build_run *run, build_tools *t, packet *pk, size_t d,
                              const ws_doc_set *s, const ws_record *rec, int seq, const char *title,
                              bool drop_footer, ws_err *err)
{
    ws_doc_def bare = *run->program->docs[d];
    if (drop_footer) bare.page.footer = NULL;
    ws_dl_doc *dl = NULL;
    ws_arena_reset(pk->scratch);
    if (rec) {
        WS_TRY(ws_build_layout_record(run, t, pk->scratch, d, &bare, rec, seq, &dl, err));
    } else {
        ws_doc_set *sets;
        size_t n, i = 0;
        WS_TRY(ws_doc_sets_make(&run->data, &bare, pk->scratch, &sets, &n, err));
        while (i < n && s->unit && !(sets[i].unit && ws_value_is(sets[i].unit, s->unit))) i++;
        if (i == n) return ws_err_set(err, WS_ERR_INPUT, "「%s」没有该单位的内容，无法装订", bare.name);
        ws_bound b = bound_for_set(run, &sets[i], d);
        WS_TRY(ws_layout_doc(t->ts, &bare, &b, pk->scratch, &dl, err));
    }
    if (!pk->again && !(pk->again = ws_dl_doc_create(pk->again_arena)))
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    int first = (int)pk->again->npages;
    if (!ws_dl_copy_pages(pk->again, dl, pk->scratch)) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return packet_push(run, pk, NULL, title, true, first, (int)dl->npages, err);
}

/* Renders the parts laid out again since the last slice as one temporary
 * PDF (their parts name it) and lets go of their pages. */
static ws_status render_again(build_run *run, build_tools *t, packet *pk, const char *near,
                              ws_err *err)
{
    if (!pk->again) return WS_OK;
    char *tmp = NULL;
    char suffix[32];
    snprintf(suffix, sizeof suffix, "-parts%zu.pdf", pk->ntemps);
    WS_TRY(write_temp_pdf(run, t, pk->again, near, suffix, &tmp, err));
    WS_TRY(keep_temp(run, pk, tmp, err));
    for (size_t i = 0; i < pk->n; i++)
        if (!pk->parts[i].path) pk->parts[i].path = tmp;
    pk->again = NULL;
    ws_arena_reset(pk->again_arena);
    return WS_OK;
}

/* Renders a slice once the parts laid out again fill one. */
static ws_status render_full_slice(build_run *run, build_tools *t, packet *pk, const char *near,
                                   ws_err *err)
{
    if (!pk->again || pk->again->npages < PACKET_SLICE_PAGES) return WS_OK;
    return render_again(run, t, pk, near, err);
}

/* One instance of a part: a document's output (the record's, or the unit's
 * when rec is NULL) or the record's attachment files. */
static ws_status add_part(build_run *run, build_tools *t, packet *pk, const ws_part_def *pd,
                          const ws_doc_set *s, const ws_record *rec, int seq, const char *near,
                          ws_err *err)
{
    char *title = part_title(run, pd, s, rec, seq);
    if (!title) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (pd->files_field >= 0) return add_files(run, t, pk, pd, rec, title, near, err);
    size_t d = doc_index(run->program, pd->doc);
    if (d == (size_t)-1)
        return ws_err_set(err, WS_ERR_TEMPLATE, "装订部分引用了不存在的文档「%s」", pd->doc);
    if (run->program->docs[d]->kind != WS_DOC_FORM)
        return ws_err_set(err, WS_ERR_TEMPLATE, "装订部分「%s」不是 PDF 文档（工作簿请用它的 PDF 版）",
                          pd->doc);
    /* a record packet binds its unit's 推荐函 as the unit's, not the record's */
    if (run->program->docs[d]->select.scope != WS_SCOPE_RECORD) rec = NULL;
    const build_output *o = find_output(run, d, s->unit, rec);
    if (!o) {
        if (!run->doc_wanted[d]) return WS_OK; /* another stage's document */
        return ws_err_set(err, WS_ERR_INPUT, "「%s」%s没有生成，无法装订", pd->doc,
                          rec ? "（该记录）" : "");
    }
    bool drop_footer = pk->numbered && run->program->docs[d]->page.footer && !pd->keep_footer;
    WS_TRY(add_laid_out(run, t, pk, d, s, rec, rec ? o->seq : seq, title, drop_footer, err));
    return render_full_slice(run, t, pk, near, err);
}

/* All parts in binding order. A run of consecutive per-record parts (a
 * record's 申报表, then its 佐证材料) is bound record by record, so each
 * candidate's papers stay together. */
static ws_status add_parts(build_run *run, build_tools *t, packet *pk, const ws_doc_def *doc,
                           const ws_doc_set *s, const char *near, ws_err *err)
{
    for (size_t i = 0; i < doc->nparts;) {
        if (!doc->parts[i].per_record) {
            WS_TRY(add_part(run, t, pk, &doc->parts[i++], s, NULL, 1, near, err));
            continue;
        }
        size_t end = i;
        while (end < doc->nparts && doc->parts[end].per_record) end++;
        for (size_t r = 0; r < s->n; r++)
            for (size_t k = i; k < end; k++)
                WS_TRY(add_part(run, t, pk, &doc->parts[k], s, s->records[r],
                                (s->seq ? s->seq : 1) + (int)r, near, err));
        i = end;
    }
    return WS_OK;
}

/* The cover's 目录 rows: 标题, 页码 (first page in the packet), 页数. */
static ws_data_table *toc_table(build_run *run, const packet *pk, int cover_pages, bool duplex)
{
    static const char *const cols[] = WS_PART_COLUMNS;
    ws_data_table *t = ws_arena_calloc(run->arena, 1, sizeof *t);
    const char ***rows = ws_arena_calloc(run->arena, pk->n ? pk->n : 1, sizeof *rows);
    if (!t || !rows) return NULL;
    int page = cover_pages + (duplex && cover_pages % 2) + 1;
    size_t n = 0;
    for (size_t i = 0; i < pk->n; i++) {
        if (pk->parts[i].title) {
            const char **row = ws_arena_calloc(run->arena, 3, sizeof *row);
            if (!row) return NULL;
            row[0] = pk->parts[i].title;
            row[1] = ws_arena_printf(run->arena, "%d", page);
            int span = pk->pages[i];
            for (size_t k = i + 1; k < pk->n && !pk->parts[k].title; k++) span += pk->pages[k];
            row[2] = ws_arena_printf(run->arena, "%d", span);
            rows[n++] = row;
        }
        page += pk->pages[i] + (duplex && pk->pages[i] % 2);
    }
    t->cols = cols;
    t->ncols = 3;
    t->rows = (const char *const *const *)rows;
    t->nrows = n;
    return t;
}

/* Lays out the cover twice: the 目录's page numbers depend on its own length. */
static ws_status make_cover(build_run *run, build_tools *t, const ws_doc_def *packet_doc,
                            const ws_doc_set *s, packet *pk, const char *near, char **out,
                            ws_err *err)
{
    size_t cd = doc_index(run->program, packet_doc->cover);
    if (cd == (size_t)-1)
        return ws_err_set(err, WS_ERR_TEMPLATE, "cover 引用了不存在的文档「%s」", packet_doc->cover);
    const ws_doc_def *cover = run->program->docs[cd];
    const char *bad_unit = cover->nunit_keys ? ws_doc_set_unit_error(&run->data, cover, s) : NULL;
    if (bad_unit) return ws_err_set(err, WS_ERR_INPUT, "%s", bad_unit); /* its 报送日期 … */
    ws_doc_set cs = *s;
    ws_bound b = bound_for_set(run, &cs, cd);
    ws_dl_doc *dl = NULL;
    int cover_pages = 1;
    for (int pass = 0; pass < 2; pass++) {
        cs.parts = toc_table(run, pk, cover_pages, packet_doc->duplex);
        if (!cs.parts) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        WS_TRY(ws_layout_doc(t->ts, cover, &b, t->arena, &dl, err));
        if ((int)dl->npages == cover_pages) break;
        cover_pages = (int)dl->npages;
    }
    return write_temp_pdf(run, t, dl, near, "-cover.pdf", out, err);
}

/* One page of the stamp: the number at the outside corner (odd right, even left) or centred. */
static ws_status stamp_page(build_tools *t, ws_arena *arena, const ws_pagenum_def *pn, ws_dl_doc *dl,
                            ws_page *pg, float w, float h, int page, int pages, ws_err *err)
{
    ws_bound b = {0};
    ws_tpl_scope scope;
    ws_bound_scope(&b, &scope);
    scope.page = page;
    scope.pages = pages;
    char *text = ws_tpl_expand(pn->text, &scope, arena);
    if (!text) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    ws_style_def st = pn->style;
    st.align = !pn->outside ? WS_H_CENTER : page % 2 ? WS_H_RIGHT : WS_H_LEFT;
    ws_text_style ts = ws_text_style_of(&st);
    float side = pn->outside ? pn->side_mm * WS_MM : 0;
    ws_ptext pt;
    WS_TRY(ws_typeset(t->ts, text, strlen(text), &ts, w - 2 * side, arena, &pt, err));
    float y = h - pn->bottom_mm * WS_MM - ws_ptext_height(&pt, 0, pt.nlines);
    if (!ws_ptext_emit(&pt, 0, pt.nlines, side, y, dl, pg))
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

/* What the packet's page numbers are made with (the merge's stamp). */
typedef struct number_stamp {
    build_tools *t;
    const ws_pagenum_def *pn;
} number_stamp;

/* The merge's stamp: a PDF in memory of the page numbers of pages
 * [first, first + n) of the packet's 'total', one page per bound page of the
 * size it is seen at. Laid out in an arena of its own, let go once rendered. */
static ws_status number_pages(void *user, const float *w, const float *h, int first, int n,
                              int total, unsigned char **pdf, size_t *len, ws_err *err)
{
    const number_stamp *ns = user;
    ws_arena *arena = ws_arena_create(1 << 20);
    ws_dl_doc *dl = arena ? ws_dl_doc_create(arena) : NULL;
    ws_status st = dl ? WS_OK : ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (int i = 0; st == WS_OK && i < n; i++) {
        ws_page *pg = ws_dl_add_page(dl, w[i], h[i]);
        if (!pg) st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        else if (first + i + 1 >= ns->pn->from)
            st = stamp_page(ns->t, arena, ns->pn, dl, pg, w[i], h[i], first + i + 1, total, err);
    }
    if (st == WS_OK) st = ws_pdf_render(ns->t->pdf, dl, pdf, len, NULL, err);
    ws_arena_destroy(arena);
    return st;
}

/* Binds the parts, with the packet's page numbers drawn in the same pass.
 * A packet holds personal data (forms, attachments): with --encrypt it is
 * encrypted like the forms. */
static ws_status bind_packet(build_run *run, build_tools *t, const ws_doc_def *doc,
                             const ws_pdf_part *parts, size_t n, const char *path, int *pages,
                             ws_err *err)
{
    const char *pw = run->opts->password;
    number_stamp ns = {t, doc->page_numbers};
    ws_pdf_merge_opts o = {.duplex = doc->duplex, .title = doc->name, .read_password = pw,
                           .password = pw, .owner_password = run->opts->owner_password,
                           .verso_shift_pt = doc->gutter_mm * WS_MM,
                           .stamp = doc->page_numbers ? number_pages : NULL, .stamp_user = &ns};
    return ws_pdf_merge(parts, n, &o, path, pages, err);
}

/* A write that failed on one of the packet's temporaries (the bound parts,
 * a scan, the cover) is said of the packet, the file the clerk knows:
 * 「写入 装订册/X.pdf 失败：磁盘已满…」. */
static void name_the_packet(ws_err *err, const char *path)
{
    const char *tmp = strstr(err->msg, WS_TMP_PREFIX);
    const char *why = tmp ? strstr(tmp, "失败：") : NULL;
    if (!why) return;
    char reason[sizeof err->msg];
    snprintf(reason, sizeof reason, "%s", why + strlen("失败："));
    ws_err_set(err, WS_ERR_IO, "写入 %s 失败：%s", path, reason);
}

static ws_status make_packet(build_run *run, build_tools *t, size_t d, const ws_doc_set *s,
                             const char *rel, int *pages_out, ws_err *err)
{
    const ws_doc_def *doc = run->program->docs[d];
    ws_bound b;
    char path[PATH_MAX];
    WS_TRY(instance_output(run, s, d, rel, &b, path, err));
    packet pk = {.numbered = doc->page_numbers != NULL, .scratch = ws_arena_create(1 << 20),
                 .again_arena = ws_arena_create(1 << 20)};
    ws_status st = pk.scratch && pk.again_arena ? WS_OK : ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (st == WS_OK) st = add_parts(run, t, &pk, doc, s, path, err);
    if (st == WS_OK) st = render_again(run, t, &pk, path, err);
    char *cover = NULL;
    if (st == WS_OK && doc->cover) st = make_cover(run, t, doc, s, &pk, path, &cover, err);
    if (st == WS_OK) {
        ws_pdf_part *all = ws_arena_calloc(run->arena, pk.n + 1, sizeof *all);
        if (!all) st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        size_t n = 0;
        if (all && cover) all[n++] = (ws_pdf_part){.path = cover, .title = "封面和目录"};
        for (size_t i = 0; all && i < pk.n; i++) all[n++] = pk.parts[i];
        if (all) st = bind_packet(run, t, doc, all, n, path, pages_out, err);
    }
    if (cover) remove(cover);
    for (size_t i = 0; i < pk.ntemps; i++) remove(pk.temps[i]);
    ws_arena_destroy(pk.scratch);
    ws_arena_destroy(pk.again_arena);
    if (st == WS_ERR_IO) name_the_packet(err, path);
    return st;
}

bool ws_build_is_cover(const ws_program *p, const ws_doc_def *doc)
{
    for (size_t d = 0; d < p->ndocs; d++)
        if (p->docs[d]->kind == WS_DOC_PACKET && p->docs[d]->cover &&
            !strcmp(p->docs[d]->cover, doc->name))
            return true;
    return false;
}

void ws_build_sets(build_run *run, build_tools *tools, int ntools)
{
    const ws_program *p = run->program;
    build_queue *q = ws_build_queue_create(run);
    if (!q) {
        ws_err err;
        ws_err_set(&err, WS_ERR_NOMEM, "内存不足");
        run->failed++;
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_FAILED, .reason = err.msg};
        ws_build_emit(run, &ev, "[失败] 按单位/汇总的文档：%s", err.msg);
        return;
    }
    for (size_t d = 0; d < p->ndocs; d++) {
        const ws_doc_def *doc = p->docs[d];
        if (!run->doc_wanted[d] || doc->kind == WS_DOC_PACKET || ws_build_is_cover(p, doc)) continue;
        if (doc->select.scope != WS_SCOPE_RECORD) plan_instances(run, q, d, make_instance);
        else if (doc->combined) plan_combined(run, q, d);
    }
    ws_build_queue_barrier(q); /* a packet binds the letters and tables made before it */
    for (size_t d = 0; d < p->ndocs; d++)
        if (run->doc_wanted[d] && p->docs[d]->kind == WS_DOC_PACKET)
            plan_instances(run, q, d, make_packet);
    ws_build_made_list(run, WS_MADE_PLANNED); /* the names of these documents too */
    ws_build_queue_run(q, tools, ntools);
    ws_build_queue_destroy(q);
}
