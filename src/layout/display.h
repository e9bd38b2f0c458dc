/* layout/display.h - the display list: pages of positioned glyph runs,
 * rules, boxes and images.
 *
 * This is the seam between layout and the renderers: layout fills it, the
 * PDF renderer only draws it, and ws_dl_dump() prints it as stable text for
 * golden tests. Coordinates are points from the page's top-left corner, y
 * growing downwards; a text run's y is its baseline. Everything lives in the
 * arena the document was created with. */
#ifndef WS_LAYOUT_DISPLAY_H
#define WS_LAYOUT_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "input/image.h"
#include "layout/fonts.h"

/* Code points layout uses for inline objects drawn as vector boxes
 * (private use area; user text containing them is refused by the fonts). */
#define WS_CP_BOX_EMPTY 0xE000u
#define WS_CP_BOX_CHECKED 0xE001u

typedef struct ws_dl_glyph {
    uint32_t gid;
    uint32_t cp; /* for extraction (ToUnicode) and dumps */
    float x;     /* from the run's origin, pt */
} ws_dl_glyph;

typedef enum ws_dl_kind { WS_DL_TEXT, WS_DL_LINE, WS_DL_RECT, WS_DL_IMAGE, WS_DL_PATH } ws_dl_kind;

typedef struct ws_dl_text {
    uint16_t face;
    float size_pt;
    float x, y; /* origin: left end of the baseline */
    float width;
    uint32_t n;
    ws_dl_glyph *glyphs;
    bool line_start, line_end; /* the run begins / ends a typeset line */
    float ink_x0, ink_x1;      /* the glyphs' ink from x (ink_x0 = ink_x1: none); may reach
                                  outside [0, width] (a side bearing below zero), never over a
                                  cell's rule (tests/e2e/printcheck.py reads it from the dump) */
} ws_dl_text;

typedef struct ws_dl_line {
    float x1, y1, x2, y2;
    float width_pt;
} ws_dl_line;

typedef struct ws_dl_rect {
    float x, y, w, h;
    float stroke_pt; /* 0 = no stroke */
    float fill_gray; /* <0 = no fill, 0 black .. 1 white */
} ws_dl_rect;

typedef struct ws_dl_image {
    const ws_image *image;
    float x, y, w, h; /* the box the picture fills (orientation already applied) */
} ws_dl_image;

typedef struct ws_dl_path {
    const float *xy; /* n points */
    uint32_t n;
    float width_pt;
} ws_dl_path;

typedef struct ws_dl_item {
    ws_dl_kind kind;
    union {
        ws_dl_text text;
        ws_dl_line line;
        ws_dl_rect rect;
        ws_dl_image image;
        ws_dl_path path;
    } u;
} ws_dl_item;

typedef struct ws_page {
    float width_pt, height_pt;
    ws_dl_item *items;
    size_t n, cap;
} ws_page;

typedef struct ws_bookmark {
    const char *title;
    size_t page; /* 0-based */
    int level;   /* 0 = top */
} ws_bookmark;

typedef struct ws_dl_doc {
    ws_arena *arena;
    ws_page **pages;
    size_t npages, cap;
    const char *title, *author, *subject, *creator;
    ws_bookmark *marks;
    size_t nmarks, marks_cap;
} ws_dl_doc;

/* A document whose memory is 'arena' (not owned). NULL on OOM. */
ws_dl_doc *ws_dl_doc_create(ws_arena *arena);
ws_page *ws_dl_add_page(ws_dl_doc *doc, float width_pt, float height_pt);
bool ws_dl_add_bookmark(ws_dl_doc *doc, const char *title, size_t page, int level);
/* Appends from's pages to doc (the pages themselves are shared, not copied:
 * both documents must live in arenas that outlive doc). False on OOM. */
bool ws_dl_append_pages(ws_dl_doc *doc, const ws_dl_doc *from);

/* Appends copies of from's pages to doc, in doc's arena: their items,
 * glyphs, paths, and the images that live in 'scratch' (the arena 'from'
 * was laid out in, to be reset next); an image elsewhere (a template's
 * background, kept for the whole build) stays shared. What layout needed
 * only while it worked stays behind in scratch: a volume or packet of
 * hundreds of forms keeps about a quarter of the memory that laying them
 * all out in one arena held. False on OOM. */
bool ws_dl_copy_pages(ws_dl_doc *doc, const ws_dl_doc *from, const ws_arena *scratch);

/* Adders return the new item or NULL on OOM. */
ws_dl_item *ws_dl_add(ws_dl_doc *doc, ws_page *page, ws_dl_kind kind);
bool ws_dl_line_add(ws_dl_doc *doc, ws_page *page, float x1, float y1, float x2, float y2,
                    float width_pt);
bool ws_dl_rect_add(ws_dl_doc *doc, ws_page *page, float x, float y, float w, float h,
                    float stroke_pt, float fill_gray);

/* Stable text form: one line per item, 2 decimals, glyphs as text. */
void ws_dl_dump(const ws_dl_doc *doc, const ws_font_catalog *cat, ws_buf *out);

#endif
