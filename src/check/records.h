/* check/records.h - a records file read the way check and build need it.
 *
 * CSV, or XLSX: the main sheet (the first, or the one named) holds one row
 * per person; any other sheet whose name is a list field's name or alias
 * (主要工作经历), or whose header has all of a list field's columns, holds
 * one row per entry with the record's key (ws_program_key_field: 身份证号,
 * 工作室名称, or program.yaml's list_key:) and is joined into that field
 * (input/join.h); a row whose key no record has is an error. A collection
 * workbook made by `wenshu init` reads back unchanged: its helper sheets
 * (WS_COLLECT_HELP_SHEET, WS_COLLECT_LIST_SHEET) are skipped; any other
 * sheet that feeds no field is reported, never silently dropped.
 *
 * Problems with the file as a whole (unreadable, not CSV/XLSX, required
 * columns missing, an extra sheet without the key column) fail the load
 * with WS_ERR_INPUT. Problems with single rows (an entry whose key no person
 * has, an extra sheet no field claims) are kept as notes and become findings
 * (rule 关联) when the file is checked. Everything lives in the arena. */
#ifndef WS_CHECK_RECORDS_H
#define WS_CHECK_RECORDS_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "input/join.h"
#include "input/sheet.h"
#include "template/bind.h"
#include "template/program.h"

/* Sheet names `wenshu init` writes besides the data sheets. */
#define WS_COLLECT_HELP_SHEET "填表说明"
#define WS_COLLECT_LIST_SHEET "选项列表"

/* Something about a sheet's row worth a finding (not tied to a record). */
typedef struct ws_load_note {
    const ws_sheet *sheet;
    size_t row; /* index into sheet->cells (0 = header / the sheet as a whole) */
    int col;    /* -1 for the row */
    ws_note_level level;
    const char *msg; /* Chinese, without file or row */
} ws_load_note;

/* One extra sheet joined into a list field. */
typedef struct ws_joined_sheet {
    int field; /* the list field it fed */
    const ws_join *join;
} ws_joined_sheet;

typedef struct ws_records_file {
    const char *path;
    const ws_sheet *sheet; /* the main sheet as read (reports write it back) */
    ws_recordset *rs;      /* records, bound to the main sheet with joined entries */
    ws_joined_sheet *joins;
    size_t njoins;
    ws_load_note *notes;
    size_t nnotes, notes_cap;
} ws_records_file;

/* Reads 'path' (CSV or XLSX; sheet_name picks the main sheet of a workbook,
 * NULL = the first), joins the workbook's extra sheets and binds the result
 * to p's fields. Returns WS_OK and *out, or WS_ERR_IO / WS_ERR_INPUT with a
 * message naming the file (and sheet), or WS_ERR_NOMEM. */
ws_status ws_records_load(const ws_program *p, const char *path, const char *sheet_name,
                          ws_arena *arena, ws_records_file **out, ws_err *err);

/* Wraps a recordset bound elsewhere (no joins, no notes) so that it can be
 * checked; NULL when out of memory. */
ws_records_file *ws_records_file_wrap(ws_recordset *rs, ws_arena *arena);

/* The join that fed field 'field' of this file, or NULL. */
const ws_join *ws_records_join_of(const ws_records_file *f, int field);

#endif
