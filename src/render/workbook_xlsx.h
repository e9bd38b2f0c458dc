/* render/workbook_xlsx.h - a kind: workbook document instance as .xlsx.
 * (Placeholder declaration by the lead so build links; the workbook helper
 * owns this file and replaces it.) */
#ifndef WS_RENDER_WORKBOOK_XLSX_H
#define WS_RENDER_WORKBOOK_XLSX_H

#include "base/status.h"
#include "layout/fonts.h"
#include "template/doc.h"

ws_status ws_workbook_write(const ws_doc_def *doc, const ws_doc_set *set,
                            const ws_font_catalog *fonts, const char *path, ws_err *err);

#endif
