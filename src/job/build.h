/* job/build.h - what the files of the build (job.h) share.
 *
 * build.c: loading, the preflight check, per-record documents on
 * worker threads, the summary. build_sets.c: documents of a unit or of the
 * whole program (汇总表, 推荐函, 公示, 名额表), combined volumes (证书合订本)
 * and bound packets, planned on the calling thread after the records and
 * made on the same workers (build_queue.c). */
#ifndef WS_JOB_BUILD_H
#define WS_JOB_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "job/docsets.h"
#include "job/job.h"
#include "layout/flow.h"
#include "render/pdf.h"

typedef ws_job_opts build_opts; /* job.h */

/* One thread's tools: fonts, typesetter, PDF writer, scratch arena. */
typedef struct build_tools {
    ws_fonts *fonts;
    ws_typesetter *ts;
    ws_pdf_writer *pdf;
    ws_arena *arena;
} build_tools;

/* 'faces': the build's HarfBuzz faces to subset from, shared by every thread's
 * writer (NULL: the writer prepares its own). */
ws_status ws_build_tools_open(const ws_font_catalog *cat, ws_pdf_faces *faces, build_tools *t,
                              ws_err *err);
void ws_build_tools_close(build_tools *t);

/* A document output made by the build. */
typedef struct build_output {
    const char *unit;  /* scope unit: its unit; NULL otherwise */
    const ws_record *record; /* scope record: its record; NULL otherwise */
    const char *path;  /* relative to the output folder */
    int pages;
    int seq;           /* scope record: the record's {{seq}} in that document */
} build_output;

typedef struct build_run {
    const build_opts *opts;
    ws_event_fn on_event;      /* where everything is reported (job.h) */
    void *user;
    const ws_font_catalog *fonts;
    ws_pdf_faces *pdf_faces;   /* made once, shared by every writer */
    const ws_regions *regions; /* the rules' division list (place names kept whole), or NULL */
    const ws_program *program;
    ws_build_data data;
    bool *doc_wanted;          /* per document: in the chosen stage */
    const ws_image **backgrounds; /* per document: its background image, or NULL */
    build_output **outputs;    /* per document: what was made, in order */
    size_t *noutputs;
    size_t *outputs_cap;       /* per document: room in outputs[d] (grown by doubling) */
    ws_arena *arena;           /* lives for the whole build */
    size_t made, failed;       /* documents of build_sets.c */
    size_t not_made;           /* … not made for a unit whose records all failed */
    size_t placeholders;       /* attachments a packet shows as a "missing" page (exit 1) */
    size_t left_out;           /* records kept off the public documents (exit 1) */
    bool *not_written;         /* per record: left out of the shared papers because its own
                                  failed (a write, a layout), not for errors; NULL: none */
    size_t over_pages;         /* packets over their max_pages, warning level (exit 1; the
                                  error level counts in 'failed') */
    size_t stale_left;         /* earlier files that could not be removed (exit 1) */
    size_t tall_rows;          /* workbooks with a row over Excel's 409 pt, printed cut short
                                  (a warning that -q shows; the workbook holds every word,
                                  so the exit status is as check's) */
    bool made_list_warned;     /* the list of files made could not be written (said once) */
    struct build_names *names; /* output names given so far (outnames.c) */
    struct ws_photo_memo *photos; /* shrunk photos kept for the records' second layout (a
                                     packet's, a 合订本's), or NULL (photo_memo.h) */
} build_run;

/* Reports ev to the caller with its text made from fmt (ev->text is set
 * here; the text lives until the call returns). */
void ws_build_emit(const build_run *run, ws_event *ev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A paper this build did not make (its record failed, has errors or no
 * longer matches the document; its write failed): a file an earlier build
 * left under its name (rel, in the output folder) would pass for it, with
 * the old data. Removes it when there is one, and says so in an info line
 * naming who, doc and why (NULL: it was not made this time). One that
 * cannot be removed is a warning line and counts in run->stale_left (exit
 * 1); false then, true when nothing stale is left. */
bool ws_build_remove_stale(build_run *run, const char *rel, const char *who, const char *doc,
                           const char *why);

/* Records an output of document d (arena copies). False on OOM. */
bool ws_build_note_output(build_run *run, size_t d, const char *unit, const ws_record *rec,
                          const char *path, int pages, int seq);

/* Lays out document d (scope record) for one record into arena: the
 * record's photos loaded there too, so the result lives as long as it.
 * 'as' is the definition to lay out (NULL: the program's own document d; a
 * packet passes a copy without its page footer). */
ws_status ws_build_layout_record(build_run *run, build_tools *t, ws_arena *arena, size_t d,
                                 const ws_doc_def *as, const ws_record *rec, int seq,
                                 ws_dl_doc **out, ws_err *err);

/* Makes every wanted scope-unit/program document, then combined volumes,
 * then packets, on the workers whose tools are given (tools[0..ntools));
 * reports a line per output on the calling thread, in the same order at
 * any number of workers. Failures are counted in run->failed (and
 * reported), never fatal. */
void ws_build_sets(build_run *run, build_tools *tools, int ntools);

/* --- the queue of those documents (build_queue.c) ---------------------------------- */

/* A task: one output. It runs on a worker with a run of its own (its arena
 * lives until its lines are said; what it reports is recorded and said
 * later, in plan order). Returns its status; *pages for the line. */
typedef ws_status (*build_task_fn)(build_run *run, build_tools *t, void *arg, int *pages,
                                   ws_err *err);
/* Called on the worker as soon as the task is done, with the real run
 * (under the queue's lock, never at the same time as another note or a
 * done): notes its output, so the tasks after the barrier can bind it. */
typedef void (*build_task_note_fn)(build_run *run, void *arg, ws_status st, int pages);
/* Called on the calling thread, with the real run, right after the task's
 * recorded lines: says its result. */
typedef void (*build_task_done_fn)(build_run *run, void *arg, ws_status st, int pages,
                                   const ws_err *err);

typedef struct build_queue build_queue;

/* Starts a plan: from now on until ws_build_queue_run, what run reports is
 * recorded in the order said, before the tasks added after it. NULL on OOM. */
build_queue *ws_build_queue_create(build_run *run);

/* Adds a task after what was reported so far; 'arg' must live until the
 * queue is destroyed. 'note' may be NULL: then no later task needs this one
 * (a 合订本), and those after the barrier do not wait for it. 'weight' is
 * about how many pages the task makes: a free worker starts the heaviest
 * task that may start (the first added of equals), so the biggest packet
 * does not start last and leave the other workers idle; the lines are said
 * in the order added all the same. False on OOM. */
bool ws_build_queue_add(build_queue *q, build_task_fn work, build_task_note_fn note,
                        build_task_done_fn done, void *arg, size_t weight);

/* Tasks added from now on start only once every task with a 'note' added
 * before is done and noted (a packet binds the letters and tables made
 * before it); they may run beside a 合订本. */
void ws_build_queue_barrier(build_queue *q);

/* Runs the tasks on one thread per tools[i] and says everything in plan
 * order on the calling thread; returns when all is said. */
void ws_build_queue_run(build_queue *q, build_tools *tools, int ntools);

void ws_build_queue_destroy(build_queue *q); /* accepts NULL */

/* Whether doc is a packet's cover: made inside its packet only (a unit's,
 * or, for a record packet, a record's). */
bool ws_build_is_cover(const ws_program *p, const ws_doc_def *doc);

/* Whether document d is laid out once per record (a form: kind form, scope
 * record, not a packet's cover): what build makes per record and check lays
 * out to give the same verdict. */
bool ws_build_lays_out_record(const ws_program *p, size_t d);

/* WS_ERR_INPUT when dl has more pages than doc's max_pages (the message
 * names the document and both counts), else WS_OK. */
ws_status ws_build_check_pages(const ws_doc_def *doc, const ws_dl_doc *dl, ws_err *err);

/* A template's output path for a scope (fields made file-name safe, the
 * template's own folders kept), unique among the outputs of this build;
 * remembered as a name of document d (ws_build_names_given). */
char *ws_build_output_path(build_run *run, size_t d, const ws_tpl *output, ws_bound *b);

/* A name ws_build_output_path gave: document d's output. */
typedef struct ws_build_given {
    size_t d;
    const char *path; /* relative to the output folder */
} ws_build_given;

/* Every name given in this run so far, in the order given (*n of them). */
const ws_build_given *ws_build_names_given(const build_run *run, size_t *n);

/* Whether this run gave path (or a name a case-blind file system takes for
 * it) to one of its outputs; a scratch key in a. */
bool ws_build_name_given(const build_run *run, const char *path, ws_arena *a);

/* The path a record's paper would have had had it been made (a record with
 * errors): the template's output path, not given out, in arena a (not the
 * run's: workers may be running); NULL when another output of this build
 * has that name (a namesake's: never to be removed), or on OOM. */
char *ws_build_unmade_path(const build_run *run, const ws_tpl *output, ws_bound *b, ws_arena *a);

/* Whether a case-blind file system takes paths a and b for one name
 * (NFKC with case folding: Anna Li / ANNA LI); scratch keys in arena. */
bool ws_build_same_name(const char *a, const char *b, ws_arena *scratch);

/* The name of the HTML rendition beside the PDF pdf_rel: same name, .html
 * (build_sets.c). */
void ws_build_html_name(const char *pdf_rel, char *rel); /* rel: PATH_MAX bytes */

/* Frees the names ws_build_output_path gave out in this run. */
void ws_build_names_free(build_run *run);

/* --- the files an earlier build made (made_list.c) ---------------------------------- */

/* The output folder's list of what the last build of each program made
 * there: <out>/.wenshu-made, lines "program id TAB document TAB path". */
#define WS_MADE_LIST ".wenshu-made"

typedef enum ws_made_step {
    WS_MADE_PLANNED, /* names given, files not yet made: the list keeps every earlier line and
                        adds the names given so far, so a build killed after this point
                        leaves a list naming what it may have written */
    WS_MADE_DONE,    /* the build is over: what the last build of this program made for a
                        document of this build's stage and this build gave no name (a row
                        deleted, a record no longer matching its document, a number that
                        moved, a name changed only in case) is removed (ws_build_remove_stale;
                        one that cannot be stays listed), and the list is written anew:
                        this build's files, other programs' and stages' lines as they were */
    WS_MADE_STOPPED, /* a stopped build: as PLANNED, but only the files made are added */
} ws_made_step;

/* Reads and writes the list for 'step'. A program is known by its id (its
 * name without one). Paths that would leave the folder, or pass through a
 * symbolic link, are never followed. A list that cannot be written is a
 * warning line. */
void ws_build_made_list(build_run *run, ws_made_step step);

/* The last look at a public document (doc->public_doc) before it is
 * written: its text, line by line, its bookmarks and its file name, scanned
 * for ID and mobile numbers (check/paper.h). The records' fields were
 * checked one by one before; this catches what the template itself brings
 * (program texts, the units file). WS_ERR_INPUT naming the number, masked,
 * and the page; WS_OK for documents that are not public. */
ws_status ws_build_scan_public(const ws_doc_def *doc, const ws_dl_doc *dl, const char *rel_path,
                               ws_err *err);

/* Writes a display list as PDF (and its layout dump with --dump-layout),
 * encrypted with --encrypt's password when 'personal'. */
ws_status ws_build_write_pdf(build_run *run, build_tools *t, const ws_dl_doc *dl,
                             const char *rel_path, bool personal, ws_pdf_stats *stats,
                             ws_err *err);

/* A path from a record (photo, attachment), resolved inside the records'
 * folder: absolute paths and ".." are refused (WS_ERR_INPUT). */
ws_status ws_build_data_path(const ws_recordset *rs, const char *value, char *out, size_t n,
                             ws_err *err);

/* The record's name for messages, printable UTF-8, in buf. */
const char *ws_build_record_name(const ws_program *p, const ws_record *rec, char *buf, size_t n);

#endif
