/* template/workbook.c - placeholder by the lead until the workbook helper's
 * loader lands: refuses workbook documents with a clear message. */
#include "template/workbook.h"

ws_status ws_workbook_def_load(ws_program *p, const ws_ydoc *y, ws_ynode *node,
                               struct ws_workbook_def **out, ws_err *err)
{
    (void)p;
    *out = NULL;
    return ws_yaml_error(y, node, err, "workbook 文档暂不支持");
}
