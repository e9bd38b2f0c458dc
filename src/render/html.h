/* render/html.h - a document as one self-contained HTML page (the 公示 for
 * the bureau's web site): the same paragraphs and tables as the PDF, from
 * the same template and values, readable on a phone (responsive CSS, no
 * external files, no scripts). Check boxes become ☑/☐.
 *
 * It walks the document definition rather than the display list: a web
 * page reflows, so it wants paragraphs and table cells, not positioned
 * glyphs. Written atomically. */
#ifndef WS_RENDER_HTML_H
#define WS_RENDER_HTML_H

#include "base/arena.h"
#include "base/status.h"
#include "template/bind.h"
#include "template/doc.h"

ws_status ws_html_write(const ws_doc_def *doc, ws_bound *b, ws_arena *arena, const char *path,
                        ws_err *err);

#endif
