/* template/workbook.h - the `workbook:` section of a kind: workbook document.
 * (Placeholder declaration by the lead so docload.c links; the workbook
 * helper owns this file and replaces it with the real definition.) */
#ifndef WS_TEMPLATE_WORKBOOK_H
#define WS_TEMPLATE_WORKBOOK_H

#include "base/status.h"
#include "template/program.h"
#include "template/yaml.h"

struct ws_workbook_def;

ws_status ws_workbook_def_load(ws_program *p, const ws_ydoc *y, ws_ynode *node,
                               struct ws_workbook_def **out, ws_err *err);

#endif
