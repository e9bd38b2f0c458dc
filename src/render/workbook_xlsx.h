/* render/workbook_xlsx.h - a kind: workbook document instance as .xlsx
 * (汇总表, 名额表), through libxlsxwriter.
 *
 * The document's content is the same vocabulary as a form's (template/doc.h):
 *   - a groups: block makes one worksheet per group (named by workbook.sheet,
 *     else the group's value); content outside groups goes on the current
 *     sheet (the first one, named workbook.sheet or the document's name);
 *   - a paragraph is one row merged across the table's columns;
 *   - a table's rows are worksheet rows (each: record / quota / part and list
 *     rows as on paper, template/rows.h), cells with their borders, spans
 *     merged; header rows are repeated on every printed page and the panes
 *     are frozen below them.
 * Column widths and row heights are computed from the text with the same
 * typesetter as the PDFs (libxlsxwriter has no autofit and never grows a
 * wrapped row): a column is as wide as its longest line, at most its share
 * of the page's text width (the table's `columns:` proportions); rows are as
 * tall as their wrapped text. Cells name the role's official font (the first
 * family in fonts/roles.yaml), whatever stands in for it on this machine.
 *
 * Values are strings (number format "@": an 身份证号 stays 18 digits; text
 * starting with = + - @ is text, never a formula) except computed whole
 * numbers - {{seq}}, {{var.…}}, {{item.…}} alone in a cell - which are
 * numbers so the bureau can add them up. Nothing is cut: a cell over Excel's
 * 32,767 characters is an error; a row that would need more than Excel's
 * 409 pt is set to 409 pt and counted in *tall_rows for the caller to report.
 * Print setup from the document's page: paper, orientation, margins, the
 * footer (第 {{page}} 页 → &P, {{pages}} → &N), fitted to one page wide.
 *
 * The file is written to a temporary name and renamed when complete; the
 * same inputs give the same bytes (creation time: SOURCE_DATE_EPOCH or the
 * program's year). */
#ifndef WS_RENDER_WORKBOOK_XLSX_H
#define WS_RENDER_WORKBOOK_XLSX_H

#include "base/arena.h"
#include "base/status.h"
#include "layout/para.h"
#include "template/bind.h"
#include "template/doc.h"

ws_status ws_workbook_write(const ws_doc_def *doc, ws_bound *b, ws_typesetter *ts,
                            ws_arena *arena, const char *path, int *tall_rows, ws_err *err);

#endif
