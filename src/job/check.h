/* job/check.h - a whole `wenshu check` as a library stage: findings as data.
 *
 * ws_job_check_run loads the program and its rules, reads every records file
 * (with the units file beside the first one), runs the rules over all of
 * them together and keeps the findings. It never prints: src/cli prints
 * them as a table or as JSON (ws_job_check_json), src/serve sends the same
 * JSON to the page, so the terminal and the page can never disagree. */
#ifndef WS_JOB_CHECK_H
#define WS_JOB_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "check/records.h"
#include "check/rules.h"
#include "check/units.h"
#include "job/job.h"

typedef struct ws_job_check_opts {
    const char *template_dir;
    const char *const *records; /* one or more records files, checked together */
    size_t nrecords;
    const char *fonts_dir;
    const char *sheet;
    const char *units;          /* --units; default units.csv … beside the first records file */
    bool no_files;              /* do not open photos and attachments */
} ws_job_check_opts;

/* A finished check; everything lives until ws_job_check_destroy. */
typedef struct ws_job_check {
    ws_font_catalog *fonts;
    ws_glyph_cache *glyphs;
    ws_program *program;
    ws_rules *rules;
    ws_arena *arena;
    ws_records_file **files;    /* nfiles, in the order given */
    size_t nfiles;
    const char *units_path;     /* the units file, or NULL */
    const ws_sheet *units_sheet; /* as read: quotas by unit_attribute: read it */
    int units_key;              /* its unit-name column, -1 */
    ws_units_check units;       /* its problems (as wenshu build reports them) */
    ws_findings *findings;
} ws_job_check;

/* Runs the check. WS_OK and *out (caller destroys), or the status of what
 * could not be used (the template, a records file, the units file) with
 * err naming it; *out is NULL then. Findings about records are data, never
 * a failed status. */
ws_status ws_job_check_run(const ws_job_check_opts *o, ws_job_check **out, ws_err *err);
void ws_job_check_destroy(ws_job_check *c); /* accepts NULL */

/* The summary's counts, as wenshu build counts the same files: the records
 * read plus the rows that could not be read at all (an unclosed quote),
 * each of those a record with an error. */
typedef struct ws_check_counts {
    size_t records, with_errors, with_warnings, unreadable;
} ws_check_counts;
ws_check_counts ws_job_check_counts(const ws_job_check *c);

/* The record's identity value (姓名/名称) for findings, "" when the
 * program has none or the finding is not about a record. */
const char *ws_job_check_record_name(const ws_job_check *c, size_t file, size_t record);

/* The findings as the JSON of `wenshu check --json` (program, files,
 * findings, units, summary), with a "unit" member in each finding when
 * with_unit (the page filters by it). Appends to b; false when out of memory. */
bool ws_job_check_json(const ws_job_check *c, bool with_unit, ws_buf *b);

/* Appends s as a JSON string ("null" for NULL): quotes, backslashes and
 * control characters escaped, and bidi, zero-width and C1 controls as
 * \uXXXX so that JSON read on a terminal cannot reorder or hide text. */
void ws_json_str(ws_buf *b, const char *s);

#endif
