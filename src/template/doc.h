/* template/doc.h - document definitions: page, styles, content blocks,
 * form grids. Loaded by program.c from a document's YAML file; read by the
 * layout stage. */
#ifndef WS_TEMPLATE_DOC_H
#define WS_TEMPLATE_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "template/program.h"
#include "template/tpl.h"

typedef enum ws_doc_kind {
    WS_DOC_FORM /* one PDF per record */
} ws_doc_kind;

typedef enum ws_halign { WS_H_JUSTIFY, WS_H_LEFT, WS_H_CENTER, WS_H_RIGHT, WS_H_DISTRIBUTE } ws_halign;
typedef enum ws_valign { WS_V_MIDDLE = 0, WS_V_TOP, WS_V_BOTTOM } ws_valign;

typedef struct ws_style_def {
    const char *name;
    int role;            /* font role in the catalog */
    float size_pt;
    float leading;       /* line height / size */
    ws_halign align;
    ws_valign valign;
    float indent_em;
    float min_size_pt;   /* shrink-to-fit floor (single-line values) */
    float tracking_em;
} ws_style_def;

typedef struct ws_page_def {
    float width_mm, height_mm;
    float top_mm, right_mm, bottom_mm, left_mm;
    ws_tpl *footer;            /* may be NULL */
    const ws_style_def *footer_style;
} ws_page_def;

enum { WS_BORDER_TOP = 1, WS_BORDER_RIGHT = 2, WS_BORDER_BOTTOM = 4, WS_BORDER_LEFT = 8,
       WS_BORDER_ALL = 15 };

typedef struct ws_cell_def {
    int col;                   /* first grid column (computed) */
    int colspan, rowspan;
    ws_tpl *text;              /* NULL for a photo cell */
    const ws_style_def *style;
    int photo_field;           /* >= 0: this cell shows that field's image */
    ws_tpl *placeholder;       /* text when there is no photo */
    ws_tpl **footer;           /* lines set at the bottom right (盖章, 年 月 日) */
    size_t nfooter;
    ws_tpl *continued;         /* label on a continuation page (主要贡献（续）) */
    unsigned borders;
    bool flows;                /* the cell whose text may continue on the next page */
    int line;
} ws_cell_def;

typedef struct ws_row_def {
    ws_cell_def *cells;
    size_t ncells;
    float min_height_mm;
    bool split;                /* may continue on the next page */
    int repeat_field;          /* >= 0: one row per entry of that list field */
    int min_rows;              /* repeat: at least this many rows (blank ones) */
    int line;
} ws_row_def;

typedef struct ws_table_def {
    float *col_mm;             /* as written; scaled to the text width at layout */
    size_t ncols;
    ws_row_def *rows;
    size_t nrows;
    float border_pt;
    float pad_mm;
} ws_table_def;

typedef enum ws_block_kind {
    WS_BLOCK_PARAGRAPH,
    WS_BLOCK_SPACER,
    WS_BLOCK_PAGE_BREAK,
    WS_BLOCK_TABLE
} ws_block_kind;

typedef struct ws_block_def {
    ws_block_kind kind;
    ws_tpl *text;
    const ws_style_def *style;
    float before_mm, after_mm; /* paragraph spacing */
    float height_mm;           /* spacer */
    ws_table_def *table;
    int line;
} ws_block_def;

typedef struct ws_doc_def {
    const char *name;          /* 申报表 */
    const char *file;          /* the YAML it came from */
    ws_doc_kind kind;
    ws_tpl *output;            /* output path under the output folder */
    ws_tpl *title;             /* PDF title */
    ws_page_def page;
    ws_style_def *styles;
    size_t nstyles;
    ws_block_def *blocks;
    size_t nblocks;
} ws_doc_def;

/* Loads one document file into p (called by ws_program_load). Style
 * fonts are role names looked up in 'roles' (NULL-terminated); a style's
 * role is the index found there. */
ws_status ws_doc_load(ws_program *p, const char *path, const char *const *roles,
                      ws_doc_def **out, ws_err *err);

#endif
