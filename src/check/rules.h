/* check/rules.h - a program's rules (templates/<program>/rules.yaml) and the
 * findings they produce on records.
 *
 * A notice's conditions — 不得空项, 年龄不超过55周岁（1965年1月1日以后出生）,
 * 限1500字, 推荐名额指导数 … — are declared as data in the program's
 * rules file, in a small vocabulary of rule kinds documented in
 * docs/rules.md; no C code knows any particular program. Loading checks
 * every key, field name, date and number and reports the first problem as
 * file:line (WS_ERR_TEMPLATE), so a misspelt rule never silently checks
 * nothing.
 *
 * Checking runs every rule on every record of one or more records files
 * (duplicates and quotas count across all of them, as when a bureau checks
 * every unit's workbook together) and returns findings: errors (the record
 * must be corrected), warnings (look at it) and notes (提示, e.g. the 35周岁及
 * 以下 bonus). Each names the file, the spreadsheet row as the clerk sees it
 * (header = 第1行, first record = 第2行), the field, the value, the rule id
 * and the notice's own words. The reader's notes (a number that lost digits,
 * an unreadable row) and headers no field claims become findings too.
 *
 * How `wenshu build` uses it (the same as `wenshu check`):
 *
 *   ws_rules *rules;                                  // once per program
 *   ws_rules_load(program, &rules, &err);             // WS_ERR_TEMPLATE -> exit 2
 *   ws_records_file *file;                            // check/records.h:
 *   ws_records_load(program, path, sheet, arena, &file, &err);  // CSV/XLSX + joined sheets
 *   ws_check_ctx ctx;
 *   ws_check_ctx_init(&ctx);                          // today from SOURCE_DATE_EPOCH
 *   ws_findings *f;
 *   ws_rules_check(rules, (const ws_records_file *const[]){file}, 1, &ctx, arena, &f, &err);
 *   for each finding: print f->items[i].message (file-level ones too);
 *   build record r only if !ws_findings_record_has_error(f, 0, r); for a
 *     skipped record, ws_findings_first(f, 0, r, WS_LEVEL_ERROR)->message says why
 *     (with --force: build it anyway, and say so on its result line);
 *   ws_rules_destroy(rules);
 *
 * A program without a rules file loads as an empty rule set: only reader
 * notes and unknown headers are reported. Everything a ws_rules holds is
 * owned by it; findings live in the arena passed to ws_rules_check. A loaded
 * ws_rules is read-only and may be shared between threads. */
#ifndef WS_CHECK_RULES_H
#define WS_CHECK_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/status.h"
#include "check/paper.h"
#include "check/regions.h"
#include "check/records.h"
#include "input/sheet.h"
#include "template/program.h"

typedef enum ws_level {
    WS_LEVEL_ERROR = 0, /* 错误: must be corrected; build skips the record */
    WS_LEVEL_WARNING,   /* 警告: probably wrong, look at it */
    WS_LEVEL_NOTE       /* 提示: a fact the clerk should know (35周岁及以下 …) */
} ws_level;

/* "错误" "警告" "提示" / "error" "warning" "note". */
const char *ws_level_name_cn(ws_level level);
const char *ws_level_name(ws_level level);

typedef struct ws_rules ws_rules;

/* Loads p->rules (see docs/rules.md); when p->rules is NULL, an empty rule
 * set. Field names are resolved against p; a quota table is read from the
 * template folder. WS_ERR_TEMPLATE with "file:line: message" for anything
 * wrong in the rules file, WS_ERR_IO / WS_ERR_NOMEM. *out is owned by the
 * caller (ws_rules_destroy). */
ws_status ws_rules_load(const ws_program *p, ws_rules **out, ws_err *err);
void ws_rules_destroy(ws_rules *r); /* accepts NULL */

/* Number of rules, and the notice's reference (rules.yaml's notice:, may be NULL). */
size_t ws_rules_count(const ws_rules *r);
const char *ws_rules_notice(const ws_rules *r);

/* The division list the rules loaded (a place or idcard rule needs it), or
 * NULL (also for r NULL); it lives as long as the rules. */
const ws_regions *ws_rules_regions(const ws_rules *r);

/* What the rules say about one field, for the collection workbook's header
 * comments: up to max lines ("必填", "限1500字", "1965年1月1日以后出生" …),
 * each the rule's summary: or a description made from its keys — except
 * that a field with its own hint: gets no built-in idcard or email
 * description (the hint replaces it; the caller prints the hint). Returns
 * how many. The lines live in the rules' arena (so this call is not for
 * several threads at once). */
size_t ws_rules_field_notes(const ws_rules *r, int field, const char **out, size_t max);

/* The largest character count a length rule allows the field, 0 when none. */
double ws_rules_max_length(const ws_rules *r, int field);

/* The recommending units of the quota table (推荐单位 dropdown) and the
 * field they go in: *field = -1 and 0 returned when there is no table. */
size_t ws_rules_units(const ws_rules *r, int *field, const char *const **units);

typedef struct ws_check_ctx {
    ws_date today;   /* "not in the future" compares with this; never the cut-off */
    bool skip_files; /* do not open photos and attachments (faster; their rules pass) */
    ws_has_glyph_fn has_glyph; /* the build's fonts (check/paper.h): characters no font has
                                * are errors; NULL: not asked */
    void *glyph_user;
    const ws_sheet *units; /* the units file (check/units.h) a quota's unit_attribute: reads,
                            * as build and check load it; NULL: there is none */
    int units_key;         /* its unit-name column, -1 */
    int (*pdf_pages)(const char *path, void *user); /* a PDF attachment's page count, -1 when
                                * it cannot be read; NULL: PDFs are not counted (the packet
                                * page estimate then counts images only) */
    void *pdf_user;
    /* Whether record rec of file 'file' fits the papers the build lays out for
     * it (a text too long for a cell that cannot go over a page, more pages
     * than a document's max_pages): false with the problem in *out (field -1
     * when it names none). Asked only of records whose fields can be printed.
     * NULL: not asked (build, which finds the same when it lays them out). */
    bool (*lays_out)(void *user, size_t file, const ws_record *rec, ws_paper_problem *out);
    void *layout_user;
    /* Why documents of the program cannot be made whatever the records (a
     * 公示开始日期 that does not exist, a year the holiday calendar lacks): an
     * error of the first file each, as build fails those documents. */
    const char *const *doc_problems;
    size_t ndoc_problems;
} ws_check_ctx;

/* today = SOURCE_DATE_EPOCH's date (or the clock), skip_files = false,
 * has_glyph = NULL, units = NULL.
 * WS_ERR_INVALID when SOURCE_DATE_EPOCH is set but malformed. */
ws_status ws_check_ctx_init(ws_check_ctx *ctx, ws_err *err);

#define WS_NO_RECORD ((size_t)-1)

typedef struct ws_finding {
    ws_level level;
    const char *rule;    /* the rule's id; built-in: 读取 (reader notes), 表头 (headers),
                          * 关联 (extra sheets) */
    size_t file;         /* index of the records file */
    const char *path;    /* that file */
    const char *sheet;   /* NULL: the main sheet; else the extra sheet 'line' is on */
    size_t record;       /* record index in its file, or WS_NO_RECORD (file-level) */
    size_t line;         /* the row number the spreadsheet shows; 0 = none */
    int field;           /* program field, -1 when none */
    int col;             /* column in that sheet, -1 when none (absent column, whole row) */
    int entry;           /* 0-based entry of a list field, -1 when none */
    const char *entry_column; /* the list's column within that entry the finding is
                          * about (出生年月), NULL when none or the entry as a whole */
    const char *value;   /* the offending value, "" when none */
    const char *problem; /* what is wrong, Chinese, without row or field */
    const char *words;   /* the notice's words the rule encodes, "" when none */
    const char *message; /* for the clerk: 第N行「字段」：问题（值：…）——原文 */
    const char *in_record; /* the same after the record's row (「字段」：问题…), for a line
                            * that names the row already; the message itself when the
                            * finding is about another sheet's row or none */
} ws_finding;

typedef struct ws_findings {
    ws_finding *items; /* by file, then file-level first, then record order, then rule order */
    size_t n;
    size_t nerrors, nwarnings, nnotes;
    size_t nfiles;
    size_t *nrecords;      /* per file */
    unsigned char **worst; /* per file, per record: 0 none, 1 note, 2 warning, 3 error */
} ws_findings;

/* Runs every rule on the records of 'files' (checked together: duplicates
 * and quotas count across them). Returns WS_OK with *out set (findings in
 * 'arena'), or WS_ERR_NOMEM. A record's problems are findings, never a
 * failed status. */
ws_status ws_rules_check(const ws_rules *r, const ws_records_file *const *files, size_t nfiles,
                         const ws_check_ctx *ctx, ws_arena *arena, ws_findings **out, ws_err *err);

/* f's field as the clerk reads it, for tables and reports: 身份证号; inside a
 * list entry 成员 第3项 出生年月 (or 成员 第3项 about the entry as a whole);
 * "" when the finding is about no field. p: the program the findings are
 * of. Written into out (n bytes); returns out. */
const char *ws_finding_field_text(const ws_program *p, const ws_finding *f, char *out, size_t n);

/* True when record 'record' of file 'file' has at least one error finding. */
bool ws_findings_record_has_error(const ws_findings *f, size_t file, size_t record);

/* The first finding of record 'record' of file 'file' at 'level' (in rule
 * order), or NULL: what build prints on a skipped record's line. */
const ws_finding *ws_findings_first(const ws_findings *f, size_t file, size_t record,
                                    ws_level level);

/* Sets the marks of the records of file 'file' (rs: that file's records)
 * from the findings of prefer rules (同等条件下优先), so that documents print
 * them with {{rule.ID}}. Marks live in 'arena'. WS_ERR_NOMEM only. */
ws_status ws_findings_mark(const ws_rules *r, const ws_findings *f, size_t file, ws_recordset *rs,
                           ws_arena *arena, ws_err *err);

/* Records (over all files) with at least one error / at least one warning but no error. */
size_t ws_findings_records_with(const ws_findings *f, ws_level level);

#endif
