/* layout/flow.h - lays out a document definition for one record (or one
 * unit, or the program) into a display list.
 *
 * Blocks flow down the page's type area; paragraphs break between lines;
 * tables are placed row by row: rows grow with their content, rows tied by
 * a rowspan stay together, and a row marked `split` continues on the next
 * page with the grid closed at the page foot and reopened on top, its label
 * repeated (主要贡献（续）). Nothing is clipped: text that cannot be placed
 * is an error naming the field. */
#ifndef WS_LAYOUT_FLOW_H
#define WS_LAYOUT_FLOW_H

#include "base/arena.h"
#include "base/status.h"
#include "layout/display.h"
#include "layout/para.h"
#include "template/bind.h"
#include "template/doc.h"

#define WS_MM (72.0f / 25.4f) /* points per millimetre */

/* Lays out doc with values from b. The display list lives in 'arena'.
 * Errors: WS_ERR_FONT (a character no font has), WS_ERR_INPUT, WS_ERR_NOMEM;
 * the message names the field. */
ws_status ws_layout_doc(ws_typesetter *ts, const ws_doc_def *doc, ws_bound *b, ws_arena *arena,
                        ws_dl_doc **out, ws_err *err);

/* The paragraph style a template style stands for. */
ws_text_style ws_text_style_of(const ws_style_def *st);

#endif
