/* job/docsets.h - the instances of a document: which records each covers.
 *
 * A scope-record document has one instance per matching record; a
 * scope-unit one, one per recommending unit (in the quota table's order,
 * then first appearance); a scope-program one, one in all. Each instance
 * is a ws_doc_set (template/docset.h): its records filtered by `where:`,
 * ordered by `order:` and grouped by `group_by:`, with the unit's row of
 * the units file, the quota table, and the dates the document computes
 * (var.NAME) from the holiday calendar.
 *
 * Everything lives in the arena given; the inputs are borrowed. */
#ifndef WS_JOB_DOCSETS_H
#define WS_JOB_DOCSETS_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/status.h"
#include "check/calendar.h"
#include "check/strokes.h"
#include "check/units.h"
#include "input/sheet.h"
#include "template/doc.h"

typedef struct ws_build_data {
    const ws_program *program;
    const ws_recordset *rs;
    const bool *usable;          /* per record: may go into documents (no errors, or --force) */
    const bool *public_bad;      /* per record: kept off public documents (an ID or mobile
                                  * number in a field they print); NULL: none */
    const ws_sheet *units;       /* the units file, or NULL */
    int units_key;               /* its column holding the unit's name, -1 when none */
    const char *const *unit_errors; /* per units-file row: why it may not be printed, or NULL */
    const ws_units_check *units_check; /* the units file's check (a unit without a row), or NULL */
    const ws_data_table *quotas; /* the program's quota table, or NULL */
    const ws_strokes *strokes;   /* needed by order: strokes …; NULL otherwise */
    const ws_calendar *calendar; /* needed by dates with working_days; NULL otherwise */
} ws_build_data;

/* True when rec passes d's `where:` conditions. */
bool ws_doc_matches(const ws_doc_def *d, const ws_record *rec);

/* The instances of d (scope unit or program; for scope record, one set
 * per matching usable record). Units without any matching record get no
 * instance. Errors: WS_ERR_NOMEM; WS_ERR_INPUT for a date that cannot be
 * computed (message names the document and the date). */
ws_status ws_doc_sets_make(const ws_build_data *bd, const ws_doc_def *d, ws_arena *a,
                           ws_doc_set **out, size_t *n, ws_err *err);

/* The instances of d that ws_doc_sets_make left out (made, nmade: what it
 * gave) because every record they would hold is left out (its errors, or
 * kept off a public document): a unit whose matching records all are, the
 * program's one instance when all are, a record-scope packet's left-out
 * records. Each holds those records, for its output name (an earlier
 * build's file under it is not current). Errors as ws_doc_sets_make. */
ws_status ws_doc_sets_unmade(const ws_build_data *bd, const ws_doc_def *d, const ws_doc_set *made,
                             size_t nmade, ws_arena *a, ws_doc_set **out, size_t *n, ws_err *err);

/* The usable records d shows, in its order (where:, order:), whatever its
 * scope: a record-scope document's {{seq}} is the position here (证书编号
 * follow 姓氏笔画 order when the certificates are so ordered). */
ws_status ws_doc_order(const ws_build_data *bd, const ws_doc_def *d, ws_arena *a,
                       const ws_record *const **out, size_t *n, ws_err *err);

/* Each record's {{seq}} in d (a record-scope document): its 1-based place
 * in d's order among every record matching d's where:, made or not, counted
 * afresh in every group when d has group_by: (证书编号 per category). A
 * record left out for its errors keeps its number, so the others' do not
 * move and, fixed, it gets the same one. 0 for records not matching d.
 * *out (one int per record of bd->rs, by index) lives in a. */
ws_status ws_doc_positions(const ws_build_data *bd, const ws_doc_def *d, ws_arena *a, int **out,
                           ws_err *err);

/* The set of one record (scope record): its unit's row and the document's
 * dates, so a certificate can say var.颁发日期. WS_ERR_INPUT with the units
 * file's message when d prints unit.* and that row may not be printed. */
ws_status ws_doc_set_of_record(const ws_build_data *bd, const ws_doc_def *d, const ws_record *rec,
                               ws_arena *a, ws_doc_set *out, ws_err *err);

/* Whether one of d's dates counts working days (needs the holiday calendar). */
bool ws_doc_counts_working_days(const ws_doc_def *d);

/* Works out d's dates as a build would, when none of them reads a unit's
 * row (those are worked out per unit): a date that does not exist
 * (公示开始日期: 2020-09-31 in program.yaml) or a period in a year the
 * calendar does not cover is WS_ERR_INPUT naming d's file and line, at
 * load. calendar may be NULL when no date counts working days. */
ws_status ws_doc_dates_check(const ws_program *p, const ws_calendar *calendar,
                             const ws_doc_def *d, ws_arena *a, ws_err *err);

/* A CSV read whole as a data table (quotas.csv). */
ws_status ws_data_table_load(const char *path, ws_arena *a, ws_data_table **out, ws_err *err);

/* The units file's row for a unit (names compared as labels), filling the
 * set's unit_keys/unit_values; nothing when there is none. */
void ws_doc_set_find_unit(const ws_build_data *bd, const char *unit, ws_doc_set *s);

/* Why the units-file row s uses may not be printed (the unit is on two rows,
 * its 推荐日期 does not exist, a column a document prints is empty …:
 * check/units.h), or that s's unit has no row in the units file, or that a
 * 落款 cell document d prints is empty; NULL when it may be printed (or there
 * is no units file). A document that prints unit.* fails for that unit with this
 * message; other units and documents go on. */
const char *ws_doc_set_unit_error(const ws_build_data *bd, const ws_doc_def *d,
                                  const ws_doc_set *s);

#endif
