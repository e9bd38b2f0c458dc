/* render/workbook_xlsx.c - placeholder by the lead until the workbook
 * helper's writer lands. */
#include "render/workbook_xlsx.h"

ws_status ws_workbook_write(const ws_doc_def *doc, const ws_doc_set *set,
                            const ws_font_catalog *fonts, const char *path, ws_err *err)
{
    (void)doc, (void)set, (void)fonts, (void)path;
    return ws_err_set(err, WS_ERR_INVALID, "workbook 文档暂不支持");
}
