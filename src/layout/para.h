/* layout/para.h - Chinese paragraph layout: line breaking and justification.
 *
 * What "correct" means is in shared/notes/typesetting.md (clreq, GB/T 15834):
 * ICU's line iterator (locale zh) gives the break opportunities, the clreq
 * prohibitions are enforced on top (no line starts with ，。、；：！？）】》”
 * nor ends with （【《“; —— and …… stay whole; Latin words and numbers are not
 * split unless a single one is wider than the line). Full-width punctuation
 * at a line end is set at half an em, two adjacent marks compress to 1.5 em,
 * ¼ em separates Han from Latin letters and digits, and lines are justified
 * with the paragraph's last line left-aligned. When a line must shrink,
 * line-end punctuation goes first, then Western spaces, then inner
 * punctuation, then the Han–Latin gaps ("先挤进，后推出"): a line is only
 * pushed out when squeezing cannot make it fit. GB-style marks are placed
 * by their ink, measured with FreeType (cached per face and glyph): a closing
 * mark's ink in the left half of its box, an opening mark's in the right,
 * whatever the font drew, so squeezing the blank half never leaves a gap
 * before a comma. U+2060 WORD JOINER binds the characters around it and is
 * not drawn.
 *
 * A ws_typesetter belongs to one worker thread (ICU iterator, FreeType). */
#ifndef WS_LAYOUT_PARA_H
#define WS_LAYOUT_PARA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "layout/display.h"
#include "check/regions.h"
#include "layout/fonts.h"

typedef enum ws_align {
    WS_ALIGN_JUSTIFY = 0, /* both edges flush, last line left */
    WS_ALIGN_LEFT,
    WS_ALIGN_CENTER,
    WS_ALIGN_RIGHT,
    WS_ALIGN_DISTRIBUTE, /* 分散对齐: every line, even the last, spread to the full width */
    WS_ALIGN_SIGNATURE   /* 落款 (GB/T 9704 §7.3.5): the last line (成文日期) ends four
                            characters in from the right edge; every line before it (署名)
                            is centred over it, moved left if it would pass the right edge */
} ws_align;

typedef struct ws_text_style {
    int role;           /* font role index in the catalog */
    float size_pt;
    float leading;      /* line height as a multiple of size_pt */
    ws_align align;
    float indent_em;    /* first-line indent of every paragraph */
    float min_size_pt;  /* if > 0: a text that would need more lines than it has
                           paragraphs first shrinks, 0.5 pt at a time, down to
                           this size; it wraps only at that size */
    float tracking_em;  /* extra space after every character (titles set "填 表 说 明") */
    bool keep_groups;   /* table cells: no break inside a date (2020年8月7日), a short
                           bracketed group (高级技师（一级）) or a run glued with U+2060 WORD
                           JOINER (flow.c glues names); unless justified, none inside a
                           word either (ICU's dictionary: 有限公司, 序号). When no such
                           break fits the line, ordinary breaks are used, then any. */
} ws_text_style;

/* Shrink-to-fit never goes below this size (the templates' default floor):
 * a style's min_size under it is raised to it. */
#define WS_FLOOR_PT 9.0f

typedef struct ws_tglyph {
    uint16_t face;
    uint32_t gid;
    uint32_t cp;
    float x;   /* from the line's left edge */
    float adv; /* advance as set (after squeezing), for extents */
    float ink0, ink1; /* where its ink starts and ends, from x (equal: no ink) */
} ws_tglyph;

typedef struct ws_tline {
    ws_tglyph *g;
    uint32_t n;
    float width;   /* from the left edge to the end of the last glyph */
    bool para_end; /* the last line of its paragraph (a page break after it leaves no
                      widow; flow.c keeps a paragraph's first and last lines company) */
} ws_tline;

typedef struct ws_ptext {
    ws_tline *lines;
    size_t nlines;
    float size_pt;   /* the size used (after shrinking to fit) */
    float line_h;    /* line height in pt */
    bool overflow;   /* some line is wider than the column (a glyph wider than the cell) */
    uint32_t fallback_cp[8]; /* characters drawn from a fallback font */
    size_t nfallback;
} ws_ptext;

typedef struct ws_typesetter ws_typesetter;

ws_status ws_typesetter_create(ws_fonts *fonts, ws_typesetter **out, ws_err *err);
void ws_typesetter_destroy(ws_typesetter *ts); /* accepts NULL */
ws_fonts *ws_typesetter_fonts(ws_typesetter *ts);
/* Whether ws_typeset finds each glyph's ink (ws_tglyph.ink0/ink1, and so
 * ws_dl_text.ink_x0/ink_x1): on from ws_typesetter_create. Only the layout
 * dump reads it (--dump-layout; tests/e2e/printcheck.py), and finding it
 * loads every glyph's outline once per worker (FreeType runs a CFF glyph's
 * charstring, ~40 µs): ~20 ms of a build's first form. Off, both are 0 (no
 * ink); the lines are placed the same (marks squeeze by their side
 * bearings either way). */
void ws_typesetter_set_ink(ws_typesetter *ts, bool on);

/* The division list (check/regions.h) whose names a table cell keeps whole
 * when its text begins with a place (浙江省 / 嘉善县, not 浙江省嘉 / 善县;
 * keep_groups styles that are not justified, as ICU's dictionary words).
 * NULL (the default) keeps no place names. The list is only read, and must
 * outlive the typesetter's use of it. */
void ws_typesetter_set_regions(ws_typesetter *ts, const ws_regions *regions);

/* Lays out UTF-8 text ('\n' separates paragraphs) in a column width_pt wide.
 * Lines live in 'arena'. Fails with WS_ERR_FONT for a character no font has
 * ("字符「X」（U+XXXX）没有任何已安装的字体包含"), WS_ERR_INPUT for invalid
 * UTF-8; the caller adds record and field to the message. */
ws_status ws_typeset(ws_typesetter *ts, const char *text, size_t len, const ws_text_style *st,
                     float width_pt, ws_arena *arena, ws_ptext *out, ws_err *err);

/* Widths a table column needs for text at the style's size (no shrinking):
 * *min_pt the widest item that never breaks (a name, an ID, a word, a
 * bracketed group), *max_pt the widest paragraph set on one line. */
ws_status ws_text_widths(ws_typesetter *ts, const char *text, size_t len, const ws_text_style *st,
                         float *min_pt, float *max_pt, ws_err *err);

/* Total height of lines [from, to). */
float ws_ptext_height(const ws_ptext *t, size_t from, size_t to);

/* Draws lines [from, to): the first line's top at y_top, left edge at x.
 * Returns false on OOM. */
bool ws_ptext_emit(const ws_ptext *t, size_t from, size_t to, float x, float y_top,
                   ws_dl_doc *doc, ws_page *page);

#endif
