/* job/job.h - a whole `wenshu build` as a library stage.
 *
 * ws_job_build loads the fonts, the program and the records, checks them,
 * builds every record's documents on worker threads, then every document of
 * a unit or of the whole program, the combined volumes and the packets. It
 * never prints: everything a clerk should know is an event, handed to the
 * caller's function on the calling thread, in the order the terminal has
 * always shown it. src/cli prints each event's text as one line; a web front
 * end turns the same events into JSON, so the two can never disagree.
 *
 * Also here: what `check`, `init` and `fonts` share with the build (finding
 * the fonts folder and the units file, the glyph cache). */
#ifndef WS_JOB_JOB_H
#define WS_JOB_JOB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "check/units.h"
#include "layout/fonts.h"
#include "template/bind.h"

struct ws_program;

/* What `wenshu build` was asked to do (its command-line options). */
typedef struct ws_job_opts {
    const char *template_dir;
    const char *records;
    const char *out_dir;
    const char *fonts_dir;
    const char *sheet;
    const char *units;   /* --units: the units file; default units.csv/.xlsx beside the records */
    const char *stage;   /* --stage: only documents of this stage (申报, 公示, 表彰) */
    int jobs;
    bool dump_layout;
    bool force;          /* build records with errors too (each marked on its line) */
    bool no_check;       /* skip the program's rules (reader and layout problems still count) */
    const char *password; /* --encrypt FILE: AES-256 for PDFs with personal data, or NULL */
    const char *owner_password; /* with password: never equal to it (the file's second
                                   line, else random per build) */
    const atomic_bool *stop; /* or NULL; once true, records not yet started fail
                                ("已停止") and no documents of units are made: a
                                front end's time limit or cancel (wenshu serve) */
} ws_job_opts;

typedef enum ws_event_kind {
    WS_EVENT_LINE,     /* a note not about one output: fonts, records read, findings, hints */
    WS_EVENT_RECORD,   /* one record's own documents: made, failed or not made (input order) */
    WS_EVENT_DOCUMENT, /* a document of a unit or of the program, a volume, a packet */
    WS_EVENT_PROGRESS, /* records finished: done of total (after each WS_EVENT_RECORD) */
    WS_EVENT_SUMMARY,  /* the last event of a build that ran: the totals */
} ws_event_kind;

/* The tag of an event's line, as the terminal shows it. */
typedef enum ws_event_level {
    WS_EVENT_PLAIN,    /* no tag (读取…, 单位信息…, 字体…, the summary) */
    WS_EVENT_SUCCESS,  /* [成功] */
    WS_EVENT_INFO,     /* [提示] */
    WS_EVENT_WARNING,  /* [警告] */
    WS_EVENT_ERROR,    /* [错误]: a finding that keeps records or units out */
    WS_EVENT_NOT_MADE, /* [未生成]: left out because of errors (not a failure of wenshu) */
    WS_EVENT_SKIPPED,  /* [跳过]: nothing to make */
    WS_EVENT_FAILED,   /* [失败] */
} ws_event_level;

/* The totals of a build (WS_EVENT_SUMMARY). */
typedef struct ws_job_summary {
    size_t records;      /* rows read as records, with rows that could not be read */
    size_t succeeded, failed;
    size_t skipped;      /* not built because of errors (without --force) */
    size_t forced;       /* built with errors because of --force */
    size_t docs_made, docs_failed; /* documents of units / the program, volumes, packets */
    size_t docs_not_made;          /* … not made: every record of their unit failed */
    size_t placeholders; /* attachments a packet shows as a "missing" page */
    size_t file_errors;  /* findings about the whole file (quotas, duplicates…) */
    size_t unit_errors;  /* rows of the units file with errors */
    size_t left_out;     /* records kept off the public documents */
    size_t over_pages;   /* packets over their max_pages */
    size_t tall_rows;    /* workbooks with a row over Excel's 409 pt (printed cut short) */
    double seconds;
} ws_job_summary;

/* One thing that happened. Strings live until the function returns; copy
 * what you keep. Fields that do not apply are NULL / 0. */
typedef struct ws_event {
    ws_event_kind kind;
    ws_event_level level;
    bool verbose;           /* detail `--quiet` leaves out ([成功] lines, notes, warnings) */
    const char *text;       /* the whole line as the terminal shows it, tag included,
                               without '\n'; NULL only for WS_EVENT_PROGRESS. Values from
                               the records are as they are: escape them for the medium. */
    const char *file;       /* the records file it is about */
    size_t row;             /* the record's row as Excel shows it */
    const char *who;        /* the record's name (identity), or the unit */
    const char *doc;        /* the document's name */
    const char *reason;     /* why it failed / the finding's message */
    const char *const *paths; /* outputs made, relative to the output folder */
    const char *const *path_docs; /* WS_EVENT_RECORD: per path, its document's name */
    size_t npaths;
    int pages;
    size_t bytes;
    size_t done, total;     /* WS_EVENT_RECORD / WS_EVENT_PROGRESS: records finished of all */
    const ws_job_summary *summary; /* WS_EVENT_SUMMARY */
} ws_event;

typedef void (*ws_event_fn)(const ws_event *ev, void *user);

/* The verdicts of ws_job_build; the command's exit statuses are the same. */
enum { WS_JOB_OK = 0, WS_JOB_SOME_FAILED = 1, WS_JOB_UNUSABLE = 2 };

/* Runs the build 'o' describes, reporting through on_event (called on this
 * thread only). WS_JOB_OK when every record and document was made;
 * WS_JOB_SOME_FAILED when some were not (each said in an event; the others
 * were made); WS_JOB_UNUSABLE when the fonts, the program, the records or
 * the output folder could not be used at all: err says why, and no
 * WS_EVENT_SUMMARY came. */
int ws_job_build(const ws_job_opts *o, ws_event_fn on_event, void *user, ws_err *err);

/* The dates the documents work out from program.yaml alone (公示开始日期 …),
 * worked out as a build would (job/docsets.h ws_doc_dates_check): for each
 * document whose date does not exist, or whose period the holiday calendar
 * does not cover, a message (「公示」不能生成：publicity.yaml:20: …) in *out
 * (n of them, in arena). Build fails those documents when it makes them;
 * check reports the messages as errors (check/rules.h doc_problems), so the
 * two agree. WS_ERR_NOMEM only. */
ws_status ws_job_program_date_problems(const ws_program *p, ws_arena *arena,
                                       const char ***out, size_t *n, ws_err *err);

/* Loads a program template, taking the font role names from the font
 * catalog (fonts_dir or the usual places) without reporting anything. The
 * catalog is handed to *cat_out (caller destroys) or, when cat_out is NULL,
 * destroyed. */
ws_status ws_job_load_program(const char *template_dir, const char *fonts_dir,
                              struct ws_program **out, ws_font_catalog **cat_out, ws_err *err);

/* Where wenshu finds its fonts/ folder: 'given' (--fonts-dir),
 * $WENSHU_FONTS, next to the executable, ../share/wenshu/fonts, ./fonts.
 * Writes the folder to out; false when it has no roles.yaml. */
bool ws_job_find_fonts_dir(const char *given, char *out, size_t n);

/* The folder for what wenshu may keep between runs to start faster (the
 * stroke table, check/strokes.h): $WENSHU_CACHE_DIR, else
 * $XDG_CACHE_HOME/wenshu, else $HOME/.cache/wenshu. Writes it to out; false
 * (out "") when none is set: then nothing is kept. Set WENSHU_CACHE_DIR to
 * "" to keep nothing. */
bool ws_job_cache_dir(char *out, size_t n);

/* Where wenshu finds its templates/ folder (wenshu serve's programs):
 * 'given' (--templates), else as the fonts folder is found. False when
 * there is no such folder; out holds the last place tried. */
bool ws_job_find_templates_dir(const char *given, char *out, size_t n);

/* Opens the font catalog from <fonts_dir>/roles.yaml. */
ws_status ws_job_open_fonts(const char *fonts_dir, ws_font_catalog **out, ws_err *err);

/* The units file: 'given' (--units) when not NULL, else units.csv,
 * units.xlsx, 推荐单位.csv or 推荐单位.xlsx in records_dir, the first that
 * exists. Writes it to out; false when there is none. */
bool ws_job_find_units(const char *given, const char *records_dir, char *out, size_t n);

/* The units the records of rss[0..nrs) name, checked against the units
 * file (ws_units_check_used) for the {{unit.KEY}} columns the documents
 * print: every document, or those with wanted[d] when wanted is not NULL
 * (build --stage). check and build call it alike, so they agree. Appends to
 * *c; WS_ERR_NOMEM only. */
ws_status ws_job_check_units_used(const ws_program *p, const bool *wanted,
                                  const ws_recordset *const *rss, size_t nrs,
                                  const ws_sheet *units, int key_col, ws_arena *a,
                                  ws_units_check *c, ws_err *err);

/* The names of the documents that print {{unit.KEY}} ('key', or any when
 * key is NULL), every one or those with wanted[d], joined with 、 into out
 * (n bytes; "" when none): what the units file's messages name. */
void ws_job_unit_docs(const ws_program *p, const bool *wanted, const char *key, char *out,
                      size_t n);

/* A PDF attachment's page count (libqpdf), -1 when it cannot be read: the
 * pdf_pages of check/rules.h, so check estimates a packet's pages as the
 * build will count them. */
int ws_job_pdf_pages(const char *path, void *user);

/* Which characters some installed font has, asked once per character: the
 * has_glyph of check/paper.h for check and build. A character counts as
 * printable when every font role program p prints in (p->roles_named: its
 * documents' styles, and role 0) has it, in its own faces or the fallback
 * list, as a field may be printed in any of them; a role p never names is
 * not asked (a TrueType face is asked per glyph, a page of its file read
 * each time). p NULL: every role. Single-threaded. */
typedef struct ws_glyph_cache ws_glyph_cache;
ws_status ws_glyph_cache_open(const ws_font_catalog *cat, const ws_program *p,
                              ws_glyph_cache **out, ws_err *err);
void ws_glyph_cache_close(ws_glyph_cache *g); /* accepts NULL */
bool ws_glyph_cache_has(void *g, uint32_t cp, const char **lacking);

#endif
