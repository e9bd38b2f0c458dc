/* render/collect_xlsx.h - the empty data-collection workbook a bureau sends
 * to the units (`wenshu init`).
 *
 * One sheet 候选人 with a column per field (list fields excepted), headed
 * by the form's own label, so that a filled copy reads back through
 * check/records.h unchanged:
 *   - each header carries a comment: 必填, the 填表说明 hint, what the rules
 *     ask (限1500字, 1965年1月1日以后出生 …);
 *   - closed lists (申报类别, 性别, 政治面貌, 学历, 是/否, the quota table's
 *     推荐单位) are dropdowns; a list longer than Excel's 255-byte inline limit
 *     (libxlsxwriter aborts beyond it) refers to a range on the hidden sheet
 *     WS_COLLECT_LIST_SHEET;
 *   - every column but numbers is text-formatted, so 身份证号 keeps its 18
 *     digits, 0573-… keeps its 0 and 1960.10 stays 1960.10; 身份证号 is
 *     limited to 18 characters;
 *   - the header row is frozen, widths are computed from the labels and the
 *     kind of value (libxlsxwriter has no autofit).
 * One more sheet per list field (主要工作经历: 身份证号, 姓名, then the
 * entry's columns), and a 填表说明 sheet listing every field.
 *
 * The file is written under a temporary name and renamed into place. */
#ifndef WS_RENDER_COLLECT_XLSX_H
#define WS_RENDER_COLLECT_XLSX_H

#include "base/status.h"
#include "check/rules.h"
#include "template/program.h"

/* The main sheet's name. */
#define WS_COLLECT_MAIN_SHEET "候选人"

/* Data rows prepared with dropdowns and formats. */
#define WS_COLLECT_ROWS 1000

/* Writes the workbook for program p to 'path'; rules may be NULL (no
 * rule notes, no unit list). WS_ERR_XLSX naming libxlsxwriter's error,
 * WS_ERR_IO, WS_ERR_NOMEM. */
ws_status ws_collect_xlsx_write(const char *path, const ws_program *p, const ws_rules *rules,
                                ws_err *err);

/* Excel column width (in "0" characters) that shows text without cutting:
 * a Han or full-width character counts about 2, others 1.1. Exposed for
 * the report writer and tests. */
double ws_xlsx_text_width(const char *s);

/* A sheet name Excel accepts, into out (n bytes): at most 31 characters,
 * none of []:*?/\' . */
void ws_xlsx_sheet_name(const char *s, char *out, size_t n);

#endif
