/* render/workbook_xlsx.c - see workbook_xlsx.h.
 *
 * Three passes: collect (the document's blocks expanded into sheets of rows
 * of cells), measure (column widths, then row heights, with the
 * typesetter), write (libxlsxwriter). Rows and sheets live in malloc'd
 * arrays owned by the writer; texts in the caller's arena. */
#include "render/workbook_xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "layout/flow.h"
#include "template/rows.h"
#include "render/xlsxwriter_calls.h" /* last: the library's functions by their own names */

#define EXCEL_MAX_ROW_PT 409.0f
#define EXCEL_MAX_CELL_CHARS 32767
#define EXCEL_MAX_SHEET_NAME 31 /* characters */
#define EXCEL_LINE 1.3f         /* Excel's line height for CJK fonts, × size */
#define NATURAL_WIDTH 100000.0f /* "no wrapping" when measuring a column's longest line */
#define FONT_SLACK 1.08f        /* Latin letters and digits are wider in some fonts that may
                                   stand in for the one measured here; CJK is 1 em in all */

typedef struct xcell {
    const char *text;
    const ws_style_def *style;
    int col, colspan, rowspan;
    unsigned borders;
    bool number; /* a computed whole number: written as a number */
} xcell;

typedef struct xrow {
    xcell *cells;
    size_t n;
    float min_pt;    /* the template's minimum height, or a spacer's */
    float extra_pt;  /* a paragraph's space before and after */
    float pad_pt;    /* cell padding (table rows) */
    bool paragraph;  /* one cell across every column, no border */
    float height_pt; /* computed */
} xrow;

typedef struct xsheet {
    const char *name;
    xrow *rows;
    size_t nrows, cap;
    int head_first, head_last; /* header rows of the sheet's first table, -1 when none */
    bool table_done;           /* a table has been placed: later ones repeat nothing */
} xsheet;

typedef struct format_key {
    const ws_style_def *style;
    unsigned borders;
    bool number;
    lxw_format *f;
} format_key;

typedef struct wbw {
    const ws_doc_def *doc;
    ws_bound *b;
    ws_tpl_scope scope;
    ws_typesetter *ts;
    const ws_font_catalog *cat;
    ws_arena *a;
    ws_arena *scratch; /* where a cell is typeset to be measured: reset after each */
    ws_err *err;
    xsheet *sheets;
    size_t nsheets, cap;
    xsheet *cur;
    const ws_table_def *table; /* the first table: its columns are the sheet's */
    size_t ncols;
    float *width_pt;
    float text_w_pt;
    lxw_workbook *wb;
    format_key *formats;
    size_t nformats, fcap;
    int tall_rows;
} wbw;

static ws_status oom(wbw *w)
{
    return ws_err_set(w->err, WS_ERR_NOMEM, "内存不足");
}

static void free_sheets(wbw *w)
{
    for (size_t i = 0; i < w->nsheets; i++) free(w->sheets[i].rows);
    free(w->sheets);
    free(w->formats);
    free(w->width_pt);
}

/* --- collect ------------------------------------------------------------------------ */

/* The check boxes of {{check …}} (private-use code points for the PDF's
 * vector boxes) as the characters a spreadsheet can show. */
static const char *plain_text(wbw *w, const char *s)
{
    if (!strstr(s, "\xee\x80")) return s;
    ws_buf out = WS_BUF_INIT;
    for (const char *p = s; *p;) {
        if (!strncmp(p, "\xee\x80\x80", 3)) ws_buf_puts(&out, "□"), p += 3;
        else if (!strncmp(p, "\xee\x80\x81", 3)) ws_buf_puts(&out, "☑"), p += 3;
        else ws_buf_putc(&out, *p++);
    }
    char *r = out.len ? ws_arena_strdup(w->a, out.p) : (char *)"";
    ws_buf_free(&out);
    return r;
}

static const char *expand(wbw *w, const ws_tpl *t)
{
    if (!t) return "";
    char *s = ws_tpl_expand(t, &w->scope, w->a);
    return s ? plain_text(w, s) : NULL;
}

static ws_status new_sheet(wbw *w, const char *name)
{
    if (w->nsheets == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 4;
        xsheet *s = realloc(w->sheets, cap * sizeof *s);
        if (!s) return oom(w);
        w->sheets = s;
        w->cap = cap;
    }
    w->cur = &w->sheets[w->nsheets++];
    *w->cur = (xsheet){.name = name, .head_first = -1, .head_last = -1};
    return name ? WS_OK : oom(w);
}

/* A sheet's name: workbook.sheet, else the group's value, else the document's name. */
static const char *sheet_name(wbw *w, const ws_group *g)
{
    if (w->doc->workbook.sheet) return expand(w, w->doc->workbook.sheet);
    if (g && g->value && *g->value) return g->value;
    return w->doc->name;
}

static ws_status current_sheet(wbw *w)
{
    return w->cur ? WS_OK : new_sheet(w, sheet_name(w, NULL));
}

static xrow *add_row(wbw *w, size_t ncells)
{
    xsheet *s = w->cur;
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        xrow *r = realloc(s->rows, cap * sizeof *r);
        if (!r) return NULL;
        s->rows = r;
        s->cap = cap;
    }
    xrow *r = &s->rows[s->nrows++];
    *r = (xrow){.n = ncells};
    r->cells = ncells ? ws_arena_calloc(w->a, ncells, sizeof *r->cells) : NULL;
    return ncells && !r->cells ? NULL : r;
}

/* {{seq}}, {{row}}, {{var.X}} or {{item.X}} alone: a computed value, a number when it is one. */
static bool computed_number(const ws_tpl *t, const char *value)
{
    if (!t || t->n != 1 || t->parts[0].filter != WS_FILTER_NONE) return false;
    ws_part_kind k = t->parts[0].kind;
    if (k != WS_PART_SEQ && k != WS_PART_ROW && k != WS_PART_VAR && k != WS_PART_ITEM) return false;
    const char *p = value + (*value == '-');
    size_t digits = strspn(p, "0123456789");
    return digits > 0 && digits <= 15 && p[digits] == '\0' && (p[0] != '0' || digits == 1);
}

/* A cell's text: its template, or a photo cell's placeholder, then its footer lines. */
static const char *cell_text(wbw *w, const ws_cell_def *d)
{
    const char *text = expand(w, d->photo_field >= 0 ? d->placeholder : d->text);
    if (!text || !d->nfooter) return text;
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, text);
    for (size_t i = 0; i < d->nfooter; i++) {
        const char *line = expand(w, d->footer[i]);
        if (!line) break;
        ws_buf_printf(&b, "%s%s", b.len ? "\n" : "", line);
    }
    char *r = ws_arena_strdup(w->a, b.p ? b.p : "");
    ws_buf_free(&b);
    return r;
}

typedef struct table_walk {
    wbw *w;
    const ws_table_def *t;
} table_walk;

/* ws_row_visit: one instance of a table row as a worksheet row. */
static ws_status add_table_row(void *user, const ws_row_def *def, const ws_entry *item)
{
    table_walk *tw = user;
    wbw *w = tw->w;
    w->b->item = item;
    xrow *r = add_row(w, def->ncells);
    if (!r) return oom(w);
    r->min_pt = def->min_height_mm * WS_MM;
    r->pad_pt = tw->t->pad_mm * WS_MM;
    for (size_t i = 0; i < def->ncells; i++) {
        const ws_cell_def *d = &def->cells[i];
        const char *text = cell_text(w, d);
        if (!text) return oom(w);
        if (ws_utf8_count_chars(text, strlen(text)) > EXCEL_MAX_CELL_CHARS)
            return ws_err_set(w->err, WS_ERR_INPUT,
                              "%s:%d: 单元格文字超过 Excel 的上限 %d 字，无法完整写入（不会截断）",
                              w->doc->file, d->line, EXCEL_MAX_CELL_CHARS);
        r->cells[i] = (xcell){text, d->style, d->col, d->colspan, d->rowspan, d->borders,
                              computed_number(d->text, text)};
    }
    xsheet *s = w->cur;
    int at = (int)s->nrows - 1;
    if (def->header && !s->table_done && (s->head_first < 0 || s->head_last == at - 1)) {
        if (s->head_first < 0) s->head_first = at;
        s->head_last = at;
    }
    return WS_OK;
}

static ws_status collect_table(wbw *w, const ws_table_def *t)
{
    WS_TRY(current_sheet(w));
    table_walk tw = {w, t};
    for (size_t r = 0; r < t->nrows; r++) {
        ws_status st = ws_row_instances(&t->rows[r], w->b, &w->scope, w->a, add_table_row, &tw);
        if (st == WS_ERR_NOMEM) return oom(w);
        WS_TRY(st);
    }
    w->cur->table_done = true;
    return WS_OK;
}

static ws_status collect_paragraph(wbw *w, const ws_block_def *b)
{
    WS_TRY(current_sheet(w));
    xrow *r = add_row(w, 1);
    const char *text = expand(w, b->text);
    if (!r || !text) return oom(w);
    r->paragraph = true;
    r->extra_pt = (b->before_mm + b->after_mm) * WS_MM;
    r->cells[0] = (xcell){text, b->style, 0, (int)w->ncols, 1, 0, false};
    return WS_OK;
}

static ws_status collect_blocks(wbw *w, const ws_block_def *b, size_t n);

typedef struct group_sheet {
    wbw *w;
    const ws_block_def *b;
} group_sheet;

/* ws_group_visit: one sheet for the group, its blocks on it. */
static ws_status collect_group(void *user, const ws_group *g)
{
    group_sheet *gs = user;
    WS_TRY(new_sheet(gs->w, sheet_name(gs->w, g)));
    return collect_blocks(gs->w, gs->b->blocks, gs->b->nblocks);
}

/* A groups: block: one sheet per group, with var.group … and {{FIELD}} of its first record. */
static ws_status collect_groups(wbw *w, const ws_block_def *b)
{
    group_sheet gs = {w, b};
    return ws_groups_each(w->b, collect_group, &gs);
}

static ws_status collect_blocks(wbw *w, const ws_block_def *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (b[i].kind) {
        case WS_BLOCK_PARAGRAPH: WS_TRY(collect_paragraph(w, &b[i])); break;
        case WS_BLOCK_SPACER: {
            WS_TRY(current_sheet(w));
            xrow *r = add_row(w, 0);
            if (!r) return oom(w);
            r->min_pt = b[i].height_mm * WS_MM;
            break;
        }
        case WS_BLOCK_PAGE_BREAK: break; /* a sheet prints as it flows */
        case WS_BLOCK_TABLE: WS_TRY(collect_table(w, b[i].table)); break;
        case WS_BLOCK_GROUPS: WS_TRY(collect_groups(w, &b[i])); break;
        case WS_BLOCK_WHEN:
            if (ws_block_applies(&b[i], w->b->record, ws_bound_groups(w->b)))
                WS_TRY(collect_blocks(w, b[i].blocks, b[i].nblocks));
            break;
        }
    }
    return WS_OK;
}

static const ws_table_def *first_table(const ws_block_def *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind == WS_BLOCK_TABLE) return b[i].table;
        if (b[i].kind == WS_BLOCK_GROUPS || b[i].kind == WS_BLOCK_WHEN) {
            const ws_table_def *t = first_table(b[i].blocks, b[i].nblocks);
            if (t) return t;
        }
    }
    return NULL;
}

/* --- measure ------------------------------------------------------------------------ */

typedef struct text_size {
    float width;  /* the longest line */
    float height; /* all lines, at Excel's line height or the style's, whichever is taller */
} text_size;

/* The size of text set in a column width_pt wide. A character no font has
 * here still goes into the workbook (the spreadsheet's own fonts show it):
 * it is measured as one em per character. */
static text_size measure(wbw *w, const char *text, const ws_style_def *st, float width_pt)
{
    ws_text_style ts = ws_text_style_of(st);
    ts.min_size_pt = 0; /* a spreadsheet cell does not shrink its text */
    ts.indent_em = 0;
    ts.align = WS_ALIGN_LEFT; /* a centred line's width would count its offset */
    float line = fmaxf(st->size_pt * st->leading, st->size_pt * EXCEL_LINE);
    ws_ptext pt;
    ws_err e;
    ws_err_clear(&e);
    ws_arena_reset(w->scratch);
    if (*text && ws_typeset(w->ts, text, strlen(text), &ts, width_pt, w->scratch, &pt, &e) == WS_OK) {
        float widest = 0;
        for (size_t i = 0; i < pt.nlines; i++) widest = fmaxf(widest, pt.lines[i].width);
        return (text_size){widest, (float)(pt.nlines ? pt.nlines : 1) * line};
    }
    float chars = (float)ws_utf8_count_chars(text, strlen(text)) * st->size_pt;
    float lines = fmaxf(1.0f, ceilf(chars / width_pt));
    return (text_size){fminf(chars, width_pt), lines * line};
}

/* Letters and digits in the font a spreadsheet ends up using are up to
 * 0.65 em wide (DejaVu Sans digits; SimSun's are 0.5): widths are never
 * taken below that, whatever the font measured here says. */
static float char_em(uint32_t cp)
{
    return cp < 0x1100 ? 0.65f : 1.0f;
}

/* The longest line (longest=false) or the longest run of letters and digits
 * that will not wrap (longest=true) of s, at char_em widths. */
static float estimate(const char *s, float size, bool word)
{
    float run = 0, best = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t n;
        int32_t cp = ws_utf8_decode(s + i, len - i, &n);
        i += n ? n : 1;
        bool ends = cp == '\n' || (word && (cp >= 0x1100 || cp == ' '));
        if (ends) run = 0;
        else run += char_em(cp < 0 ? 0xFFFD : (uint32_t)cp) * size;
        best = fmaxf(best, run);
    }
    return best;
}

/* The width a cell asks of its column: its longest line, at most the
 * column's share 'cap' - unless a word (an ID number, a model name) is wider
 * than that, or the style shrinks to fit (min_size: one line in Excel). */
static float cell_width(wbw *w, const xcell *c, float pad, float cap)
{
    float size = c->style->size_pt;
    float margins = 2 * pad + size * 0.5f; /* and Excel's own cell margins */
    float measured = measure(w, c->text, c->style, NATURAL_WIDTH).width * FONT_SLACK;
    float natural = fmaxf(measured, estimate(c->text, size, false)) + margins;
    if (natural <= cap || c->style->min_size_pt > 0) return natural;
    return fmaxf(cap, estimate(c->text, size, true) + margins);
}

/* Column widths: each column's longest line (cells of one column), at most
 * its share of the page's text width. */
static ws_status column_widths(wbw *w)
{
    w->width_pt = calloc(w->ncols, sizeof *w->width_pt);
    float *cap = calloc(w->ncols, sizeof *cap);
    if (!w->width_pt || !cap) return free(cap), oom(w);
    float total = 0;
    for (size_t j = 0; w->table && j < w->ncols; j++) total += w->table->col_mm[j];
    for (size_t j = 0; j < w->ncols; j++)
        cap[j] = w->table ? w->table->col_mm[j] / total * w->text_w_pt : w->text_w_pt;
    for (size_t s = 0; s < w->nsheets; s++) {
        for (size_t r = 0; r < w->sheets[s].nrows; r++) {
            const xrow *row = &w->sheets[s].rows[r];
            for (size_t i = 0; !row->paragraph && i < row->n; i++) {
                const xcell *c = &row->cells[i];
                if (c->colspan != 1 || !*c->text) continue;
                float need = cell_width(w, c, row->pad_pt, cap[c->col]);
                if (need > w->width_pt[c->col]) w->width_pt[c->col] = need;
            }
        }
    }
    for (size_t j = 0; j < w->ncols; j++)
        if (w->width_pt[j] == 0) w->width_pt[j] = fminf(cap[j], 24.0f);
    free(cap);
    return WS_OK;
}

static float span_width(const wbw *w, int col, int colspan)
{
    float sum = 0;
    for (int j = col; j < col + colspan && (size_t)j < w->ncols; j++) sum += w->width_pt[j];
    return sum;
}

static void row_height(wbw *w, xrow *row)
{
    float h = row->min_pt;
    for (size_t i = 0; i < row->n; i++) {
        const xcell *c = &row->cells[i];
        if (c->rowspan != 1) continue;
        float inner = (span_width(w, c->col, c->colspan) - 2 * row->pad_pt - c->style->size_pt * 0.5f) /
                      FONT_SLACK;
        float need = measure(w, c->text, c->style, fmaxf(inner, c->style->size_pt)).height +
                     2 * row->pad_pt;
        h = fmaxf(h, need);
    }
    h += row->extra_pt;
    if (h > EXCEL_MAX_ROW_PT) {
        w->tall_rows++;
        h = EXCEL_MAX_ROW_PT;
    }
    row->height_pt = h;
}

/* --- write -------------------------------------------------------------------------- */

static ws_status lxw_status(wbw *w, lxw_error e, const char *what)
{
    if (e == LXW_NO_ERROR) return WS_OK;
    return ws_err_set(w->err, WS_ERR_XLSX, "写入工作簿失败（%s）：%s", what, lxw_strerror(e));
}

static lxw_format *new_format(wbw *w, const ws_style_def *st, unsigned borders, bool number)
{
    static const uint8_t halign[] = {LXW_ALIGN_JUSTIFY, LXW_ALIGN_LEFT, LXW_ALIGN_CENTER,
                                     LXW_ALIGN_RIGHT, LXW_ALIGN_DISTRIBUTED, LXW_ALIGN_RIGHT};
    static const uint8_t valign[] = {LXW_ALIGN_VERTICAL_CENTER, LXW_ALIGN_VERTICAL_TOP,
                                     LXW_ALIGN_VERTICAL_BOTTOM};
    lxw_format *f = workbook_add_format(w->wb);
    if (!f) return NULL;
    const ws_role_info *ri = ws_font_catalog_role_info(w->cat, st->role);
    if (ri && ri->wanted) format_set_font_name(f, ri->wanted);
    format_set_font_size(f, st->size_pt);
    format_set_align(f, halign[st->align]);
    format_set_align(f, valign[st->valign]);
    if (st->min_size_pt > 0) format_set_shrink(f); /* one line, shrunk to the cell (号码) */
    else format_set_text_wrap(f);
    if (!number) format_set_num_format(f, "@"); /* typed-over values stay text too */
    if (borders & WS_BORDER_TOP) format_set_top(f, LXW_BORDER_THIN);
    if (borders & WS_BORDER_RIGHT) format_set_right(f, LXW_BORDER_THIN);
    if (borders & WS_BORDER_BOTTOM) format_set_bottom(f, LXW_BORDER_THIN);
    if (borders & WS_BORDER_LEFT) format_set_left(f, LXW_BORDER_THIN);
    return f;
}

static lxw_format *format_for(wbw *w, const ws_style_def *st, unsigned borders, bool number)
{
    for (size_t i = 0; i < w->nformats; i++) {
        const format_key *k = &w->formats[i];
        if (k->style == st && k->borders == borders && k->number == number) return k->f;
    }
    if (w->nformats == w->fcap) {
        size_t cap = w->fcap ? 2 * w->fcap : 16;
        format_key *k = realloc(w->formats, cap * sizeof *k);
        if (!k) return NULL;
        w->formats = k;
        w->fcap = cap;
    }
    lxw_format *f = new_format(w, st, borders, number);
    if (f) w->formats[w->nformats++] = (format_key){st, borders, number, f};
    return f;
}

/* Excel's column width unit: characters of the default font's digits (7 px
 * at 96 dpi, plus 5 px of margin). */
static double excel_width(float pt)
{
    double px = pt / 0.75;
    return px > 12 ? (px - 5) / 7 : px / 12;
}

static ws_status write_cell(wbw *w, lxw_worksheet *ws, lxw_row_t r, const xcell *c,
                            unsigned borders)
{
    lxw_format *f = format_for(w, c->style, borders, c->number);
    if (!f) return oom(w);
    lxw_col_t col = (lxw_col_t)c->col;
    if (c->colspan > 1 || c->rowspan > 1) {
        WS_TRY(lxw_status(w, worksheet_merge_range(ws, r, col, r + (lxw_row_t)c->rowspan - 1,
                                                   col + (lxw_col_t)c->colspan - 1,
                                                   c->number ? "" : c->text, f),
                          "合并单元格"));
        if (!c->number) return WS_OK;
    }
    if (c->number)
        return lxw_status(w, worksheet_write_number(ws, r, col, strtod(c->text, NULL), f), "数值");
    return lxw_status(w, worksheet_write_string(ws, r, col, c->text, f), "文字");
}

/* A page template as an Excel header/footer section ('where': "&C", "&R"):
 * {{page}} {{pages}} as &P, &N, '&' doubled. "" when t is NULL. */
static ws_status header_footer_string(wbw *w, const ws_tpl *t, const char *where,
                                      const char *what, char *out, size_t n)
{
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, where);
    for (size_t i = 0; t && i < t->n; i++) {
        const ws_part *p = &t->parts[i];
        if (p->kind == WS_PART_PAGE || p->kind == WS_PART_PAGES) {
            ws_buf_puts(&b, p->kind == WS_PART_PAGE ? "&P" : "&N");
            continue;
        }
        ws_tpl one = {p, 1, NULL, p->kind == WS_PART_TEXT};
        const char *v = ws_tpl_expand(&one, &w->scope, w->a);
        for (; v && *v; v++) { if (*v == '&') ws_buf_putc(&b, '&'); ws_buf_putc(&b, *v); }
    }
    bool fits = b.len < 255 && b.len < n;
    snprintf(out, n, "%s", t && b.p ? b.p : "");
    ws_buf_free(&b);
    if (!fits)
        return ws_err_set(w->err, WS_ERR_TEMPLATE, "%s: %s太长（Excel 页眉页脚不超过 255 字节）",
                          w->doc->file, what);
    return WS_OK;
}

/* "第 {{page}} 页 共 {{pages}} 页" as an Excel footer, centred. */
static ws_status footer_string(wbw *w, char *out, size_t n)
{
    return header_footer_string(w, w->doc->page.footer, "&C", "页脚", out, n);
}

/* A valid, unique sheet name: no []:*?/\, at most 31 characters. */
static void safe_sheet_name(wbw *w, size_t index, char *out, size_t n)
{
    const char *src = w->sheets[index].name;
    size_t o = 0, chars = 0;
    for (const char *p = src; *p && chars < EXCEL_MAX_SHEET_NAME - 4;) {
        size_t len;
        int32_t cp = ws_utf8_decode(p, strlen(p), &len);
        if (cp < 0) len = 1;
        if (o + len + 1 >= n) break;
        if (cp < 0x20 || (cp < 0x80 && strchr("[]:*?/\\", (int)cp))) out[o++] = '_';
        else memcpy(out + o, p, len), o += len;
        p += len;
        chars++;
    }
    out[o] = '\0';
    if (!o || out[0] == '\'') snprintf(out, n, "Sheet%zu", index + 1);
    for (size_t k = 0, dup = 1; k < index; k++) { /* earlier sheets have their final names */
        if (strcmp(out, w->sheets[k].name) != 0) continue;
        char base[128];
        snprintf(base, sizeof base, "%s", out);
        snprintf(out, n, "%s(%zu)", base, ++dup);
        k = (size_t)-1;
    }
}

static uint8_t paper_code(const ws_page_def *pg)
{
    float s = fminf(pg->width_mm, pg->height_mm), l = fmaxf(pg->width_mm, pg->height_mm);
    if (fabsf(s - 297) < 2 && fabsf(l - 420) < 2) return 8;  /* A3 */
    if (fabsf(s - 148) < 2 && fabsf(l - 210) < 2) return 11; /* A5 */
    return 9;                                                  /* A4 */
}

static ws_status page_setup(wbw *w, lxw_worksheet *ws, const xsheet *s, const char *footer)
{
    const ws_page_def *pg = &w->doc->page;
    worksheet_set_paper(ws, paper_code(pg));
    if (pg->width_mm > pg->height_mm) worksheet_set_landscape(ws);
    else worksheet_set_portrait(ws);
    worksheet_set_margins(ws, pg->left_mm / 25.4, pg->right_mm / 25.4, pg->top_mm / 25.4,
                          pg->bottom_mm / 25.4);
    worksheet_center_horizontally(ws);
    if (w->doc->workbook.fit_width) worksheet_fit_to_pages(ws, 1, 0);
    if (*footer) WS_TRY(lxw_status(w, worksheet_set_footer(ws, footer), "页脚"));
    if (w->doc->mark) { /* 核对稿…: at the right of the header, on every printed page */
        char header[256];
        WS_TRY(header_footer_string(w, w->doc->mark, "&R", "mark", header, sizeof header));
        WS_TRY(lxw_status(w, worksheet_set_header(ws, header), "页眉"));
    }
    if (s->head_first >= 0) {
        WS_TRY(lxw_status(w, worksheet_repeat_rows(ws, (lxw_row_t)s->head_first,
                                                   (lxw_row_t)s->head_last), "重复表头"));
        if (w->doc->workbook.freeze) worksheet_freeze_panes(ws, (lxw_row_t)s->head_last + 1, 0);
    }
    return WS_OK;
}

static ws_status write_sheet(wbw *w, size_t index, const char *footer)
{
    xsheet *s = &w->sheets[index];
    char name[256];
    safe_sheet_name(w, index, name, sizeof name);
    s->name = ws_arena_strdup(w->a, name);
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    if (!ws || !s->name) return ws_err_set(w->err, WS_ERR_XLSX, "无法添加工作表「%s」", name);
    WS_TRY(page_setup(w, ws, s, footer));
    for (size_t j = 0; j < w->ncols; j++)
        worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, excel_width(w->width_pt[j]), NULL);
    for (size_t r = 0; r < s->nrows; r++) {
        xrow *row = &s->rows[r];
        row_height(w, row);
        worksheet_set_row(ws, (lxw_row_t)r, row->height_pt, NULL);
        for (size_t i = 0; i < row->n; i++)
            WS_TRY(write_cell(w, ws, (lxw_row_t)r, &row->cells[i],
                              row->paragraph ? 0 : row->cells[i].borders));
    }
    return WS_OK;
}

static ws_status write_book(wbw *w, const char *tmp, const char *path)
{
    w->wb = workbook_new(tmp);
    if (!w->wb) return ws_err_set(w->err, WS_ERR_IO, "无法创建 %s", path);
    const ws_program *p = w->b->program;
    const char *title = expand(w, w->doc->title);
    lxw_doc_properties props = {.title = (char *)(title ? title : ""),
                                .author = (char *)(p->issuer ? p->issuer : ""),
                                .comments = "wenshu",
                                /* not the clock: the same inputs give the same bytes */
                                .created = (time_t)ws_date_year_epoch(p->year)};
    workbook_set_properties(w->wb, &props);
    char footer[512];
    ws_status st = footer_string(w, footer, sizeof footer);
    for (size_t i = 0; i < w->nsheets && st == WS_OK; i++) st = write_sheet(w, i, footer);
    errno = 0;
    lxw_error e = workbook_close(w->wb);
    int saved = errno; /* a full disk shows as ZIP_ERRNO: say what errno says */
    if (st == WS_OK && e != LXW_NO_ERROR)
        st = ws_err_set(w->err, WS_ERR_XLSX, "写入 %s 失败：%s", path,
                        ws_disk_reason(saved, lxw_strerror(e)));
    return st;
}

ws_status ws_workbook_write(const ws_doc_def *doc, ws_bound *b, ws_typesetter *ts,
                            ws_arena *arena, const char *path, int *tall_rows, ws_err *err)
{
    WS_TRY(ws_xlsxwriter_open(err));
    wbw w = {.doc = doc, .b = b, .ts = ts, .a = arena, .err = err};
    w.cat = ws_fonts_catalog(ws_typesetter_fonts(ts));
    ws_bound_scope(b, &w.scope);
    w.table = first_table(doc->blocks, doc->nblocks);
    w.ncols = w.table ? w.table->ncols : 1;
    w.text_w_pt = (doc->page.width_mm - doc->page.left_mm - doc->page.right_mm) * WS_MM;
    *tall_rows = 0;
    /* Each cell is typeset twice to be measured (its width, then its row's
     * height): in the build's arena that was ~25 KB a record never given
     * back, 250 MB for the 汇总表 of 10,000 records. */
    w.scratch = ws_arena_create(0);
    if (!w.scratch) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    ws_status st = collect_blocks(&w, doc->blocks, doc->nblocks);
    if (st == WS_OK && w.nsheets == 0) st = current_sheet(&w); /* an empty set: headers only */
    if (st == WS_OK) st = column_widths(&w);
    char tmp[4096];
    ws_tmp_path_for(path, tmp, sizeof tmp);
    if (st == WS_OK) st = write_book(&w, tmp, path);
    if (st == WS_OK) st = ws_commit_tmp(tmp, path, err);
    else remove(tmp);
    *tall_rows = w.tall_rows;
    free_sheets(&w);
    ws_arena_destroy(w.scratch);
    return st;
}
