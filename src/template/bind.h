/* template/bind.h - records: sheet rows bound to a program's fields.
 *
 * Columns are matched to fields by the form's own labels (and the aliases
 * a template declares), ignoring spaces and full/half-width brackets, so
 * "职业（工种）及技能等级" and "职业(工种)及技能等级" are one column. A
 * required field without a column is an error for the whole file; a column
 * no field claims is reported (never silently ignored) and skipped. */
#ifndef WS_TEMPLATE_BIND_H
#define WS_TEMPLATE_BIND_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "input/image.h"
#include "input/sheet.h"
#include "template/program.h"
#include "template/tpl.h"

/* What a note-level rule (kind: prefer) says about a record: {{rule.ID}}
 * prints 'text' (check/rules.h ws_findings_mark sets them). */
typedef struct ws_mark {
    const char *rule; /* the rule's id */
    const char *text; /* its mark: */
} ws_mark;

typedef struct ws_record {
    size_t index;         /* 0-based position among the records */
    size_t line;          /* the row number the spreadsheet shows */
    const char **values;  /* per program field, trimmed; "" when absent; may point into
                             the sheet's cells, which live as long as the records */
    const char *error;    /* why the row cannot be used (bad bytes, more cells than the
                             header …), Chinese, naming the column; NULL when fine */
    const char **warnings;/* what the reader noticed but kept (fewer cells, a merged cell …) */
    size_t nwarnings;
    const bool *withheld; /* per field: the reader refused the cell (digits lost, #N/A …),
                             so its value is "" and never printed; NULL when none */
    const ws_mark *marks; /* the prefer rules the record meets, set after checking */
    size_t nmarks;
} ws_record;

typedef struct ws_recordset {
    const ws_program *program;
    const ws_sheet *sheet;
    const char *path;            /* the records file */
    const char *base_dir;        /* its folder: photos and attachments are relative to it */
    ws_record *records;
    size_t n;
    int *column_of_field;        /* sheet column per field, -1 when absent */
    const char **unknown;        /* headers no field claims */
    size_t nunknown;
} ws_recordset;

/* Whether the reader's note n on a row of rs's sheet counts for its record:
 * an error in a column no field reads (an extra 年龄 formula, a 填表日期 the
 * program does not print) changes no paper, so it does not refuse the row
 * (the header's 此列未读取 warning says the column is left out); any other
 * note counts. */
bool ws_note_counts(const ws_program *p, const ws_recordset *rs, const ws_cell_note *n);

/* Binds a sheet to the program's fields. WS_ERR_INPUT when required
 * columns are missing (the message lists them all) or a field has two
 * columns. A cell with a reader's WS_NOTE_ERROR makes the record's error and
 * its value is withheld (ws_record.withheld): what the reader could not read
 * faithfully reaches no paper, even with build --force. */
ws_status ws_records_bind(const ws_program *p, const ws_sheet *sheet, ws_arena *arena,
                          ws_recordset **out, ws_err *err);

/* One entry of a list field: its columns. */
typedef struct ws_entry {
    const char **cols;
    size_t n;
} ws_entry;

/* Splits a list value: entries are lines, columns are separated by | ｜ or
 * a tab. Blank lines are skipped. */
size_t ws_list_entries(const char *value, ws_arena *arena, ws_entry **out);

/* Everything a document needs to expand its templates for one record
 * (or one unit, or the whole program). */
typedef struct ws_bound {
    const ws_program *program;
    const ws_record *record;     /* may be NULL */
    ws_image **images;           /* per field: loaded photos, NULL when none */
    const ws_entry *item;        /* the current entry of a repeat row */
    const char *const *unit_keys, *const *unit_values; /* the unit's row, may be NULL */
    size_t nunit;
    int seq;
    const struct ws_doc_set *set; /* scope unit/program: the document's records, or NULL */
    const struct ws_group *group; /* the current group inside a `groups:` block, or NULL */
    size_t group_index;           /* its 0-based position */
    const ws_image *background;   /* drawn under every page, or NULL */
    char var_buf[32];             /* var.count and the like are formatted here */
} ws_bound;

/* How the program names rec for the clerk (messages, bookmarks, check's
 * report): its identity template expanded into arena, or the identity
 * field's value; "" when the program has neither. NULL only on OOM. */
const char *ws_record_identity(const ws_program *p, const ws_record *rec, ws_arena *arena);

/* Fills a scope whose getters read from b (b must outlive the scope).
 * var.KEY reads, in order: count (records in the set), group, group_count,
 * group_index (1-based), unit, sum.COL (a quota column's total), then the
 * set's own values (ws_doc_set_var). */
void ws_bound_scope(ws_bound *b, ws_tpl_scope *scope);

/* How many groups the document's records form: the set's (group_by), 1 when
 * there is no set or no grouping (for when: blocks' min_groups/max_groups). */
size_t ws_bound_groups(const ws_bound *b);

#endif
