/* render/report_xlsx.h - the checked records as a workbook for the clerk
 * (`wenshu check --xlsx report.xlsx`).
 *
 * First a sheet 检查结果 listing every finding (file, sheet, row, 姓名,
 * level, field, problem, value, the notice's words), filterable, then the
 * units file's problems. Then each
 * records file's sheets as they were read, every row at the row number it
 * had, so 第12行 in a message is row 12 here too; each cell a finding
 * points at is filled (errors red, warnings yellow, notes blue) and carries
 * a comment with the findings' messages. A finding about a whole row, or
 * about a field that has no column, is commented on the row's first cell
 * (or the header). Cell text is written as text, never converted.
 *
 * The file is written under a temporary name and renamed into place. */
#ifndef WS_RENDER_REPORT_XLSX_H
#define WS_RENDER_REPORT_XLSX_H

#include <stddef.h>

#include "base/status.h"
#include "check/records.h"
#include "check/rules.h"
#include "check/units.h"

#define WS_REPORT_SUMMARY_SHEET "检查结果"

/* The units file and its problems (check/units.h), listed in 检查结果 after
 * the records' findings, one error row each. */
typedef struct ws_report_units {
    const char *path;             /* NULL: no units file */
    const ws_units_check *check;
} ws_report_units;

/* units may be NULL. WS_ERR_XLSX naming libxlsxwriter's error, WS_ERR_IO,
 * WS_ERR_NOMEM. */
ws_status ws_report_xlsx_write(const char *path, const ws_program *p,
                               const ws_records_file *const *files, size_t nfiles,
                               const ws_findings *findings, const ws_report_units *units,
                               ws_err *err);

#endif
