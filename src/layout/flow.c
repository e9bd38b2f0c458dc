/* layout/flow.c - see flow.h. */
#include "layout/flow.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "template/rows.h"

#define FOOTER_GAP_PT 4.0f

typedef struct flow {
    ws_typesetter *ts;
    ws_arena *a;
    ws_dl_doc *dl;
    const ws_doc_def *doc;
    ws_bound *b;
    ws_tpl_scope scope;
    ws_page *page;
    float x0, y0, width, bottom; /* type area, pt */
    float y;                     /* next free position */
    bool page_empty;
    size_t short_page;  /* keep_with_previous: this page (index) ends short_by pt higher, */
    float short_by;     /* so the last of what stands on it goes over with the kept block */
    /* the blocks right before the table being placed, from a keep_with_next
     * heading on, and the display list as it was before them (see
     * keep_heading_with_rows); heading_n == 0: none */
    const ws_block_def *heading;
    size_t heading_n, heading_npages, heading_nitems;
    float heading_y;
    bool heading_page_empty;
    ws_err *err;
} flow;

ws_text_style ws_text_style_of(const ws_style_def *st)
{
    static const ws_align map[] = {WS_ALIGN_JUSTIFY, WS_ALIGN_LEFT,       WS_ALIGN_CENTER,
                                   WS_ALIGN_RIGHT,   WS_ALIGN_DISTRIBUTE, WS_ALIGN_SIGNATURE};
    return (ws_text_style){st->role, st->size_pt, st->leading, map[st->align], st->indent_em,
                           st->min_size_pt, st->tracking_em, false};
}

static ws_status oom(flow *f)
{
    return ws_err_set(f->err, WS_ERR_NOMEM, "内存不足");
}

/* The page's bottom edge of the type area (raised on a short page). */
static void set_bottom(flow *f)
{
    const ws_page_def *pd = &f->doc->page;
    f->bottom = (pd->height_mm - pd->bottom_mm) * WS_MM;
    if (f->dl->npages - 1 == f->short_page) f->bottom -= f->short_by;
}

static ws_status new_page(flow *f)
{
    const ws_page_def *pd = &f->doc->page;
    f->page = ws_dl_add_page(f->dl, pd->width_mm * WS_MM, pd->height_mm * WS_MM);
    if (!f->page) return oom(f);
    f->x0 = pd->left_mm * WS_MM;
    f->y0 = pd->top_mm * WS_MM;
    f->width = (pd->width_mm - pd->left_mm - pd->right_mm) * WS_MM;
    set_bottom(f);
    f->y = f->y0;
    f->page_empty = true;
    if (f->b->background) { /* under everything else on the page */
        ws_dl_item *it = ws_dl_add(f->dl, f->page, WS_DL_IMAGE);
        if (!it) return oom(f);
        it->u.image = (ws_dl_image){f->b->background, 0, 0, pd->width_mm * WS_MM,
                                    pd->height_mm * WS_MM};
    }
    return WS_OK;
}

/* Names the field a template shows, for messages ("「主要贡献」：…"). */
static void blame_field(flow *f, const ws_tpl *t)
{
    for (size_t i = 0; t && i < t->n; i++) {
        if (t->parts[i].kind == WS_PART_FIELD) {
            ws_err_prefix(f->err, "「%s」：", f->b->program->fields[t->parts[i].field].name);
            return;
        }
    }
}

/* A person's name never breaks: the value of a field whose name says 姓名
 * (姓名, 被推荐人姓名) is glued with U+2060 WORD JOINER between its
 * characters; the typesetter draws nothing for it. */
static bool is_name_part(const flow *f, const ws_part *p)
{
    return p->kind == WS_PART_FIELD && p->field >= 0 &&
           strstr(f->b->program->fields[p->field].name, "姓名") != NULL;
}

/* Whether the len bytes at s end with the dot between the parts of a
 * transcribed name (阿卜杜热合曼·买买提明): · ・ • ‧. */
static bool ends_with_name_dot(const char *s, size_t len)
{
    static const char *const dots[] = {"\u00B7", "\u30FB", "\u2022", "\u2027"};
    for (size_t i = 0; i < sizeof dots / sizeof *dots; i++) {
        size_t dl = strlen(dots[i]);
        if (len >= dl && !memcmp(s + len - dl, dots[i], dl)) return true;
    }
    return false;
}

/* Appends the name v (vl bytes) with a U+2060 WORD JOINER between its
 * characters, except after the dot between the parts of a transcribed name:
 * a long 阿卜杜热合曼·买买提明 may go over two lines there rather than widen
 * its column for a whole table. */
static void append_glued(ws_buf *b, const char *v, size_t vl)
{
    for (size_t k = 0; k < vl; k++) {
        bool starts_char = k > 0 && ((unsigned char)v[k] & 0xC0) != 0x80;
        if (starts_char && !ends_with_name_dot(v, k)) ws_buf_puts(b, "\u2060");
        ws_buf_append(b, v + k, 1);
    }
}

/* The current record's names where the text mentions them ("建立“赵建国
 * 电气技能工作室”"), glued the same way. */
static char *glue_mentions(flow *f, char *text)
{
    const ws_program *pg = f->b->program;
    const ws_record *rec = f->b->record;
    for (size_t i = 0; rec && text && i < pg->nfields; i++) {
        const char *v = rec->values[i];
        if (!strstr(pg->fields[i].name, "姓名") || strlen(v) < 6 || !strstr(text, v)) continue;
        ws_buf b = WS_BUF_INIT;
        size_t vl = strlen(v);
        for (const char *p = text; *p;) {
            const char *hit = strstr(p, v);
            size_t plain = hit ? (size_t)(hit - p) : strlen(p);
            ws_buf_append(&b, p, plain);
            p += plain;
            if (!hit) break;
            append_glued(&b, v, vl);
            p += vl;
        }
        text = b.failed ? NULL : ws_arena_strndup(f->a, b.p ? b.p : "", b.len);
        ws_buf_free(&b);
    }
    return text;
}

static char *expand_glued(flow *f, const ws_tpl *t)
{
    bool names = false;
    for (size_t i = 0; i < t->n && !t->constant; i++) names |= is_name_part(f, &t->parts[i]);
    if (!names) return glue_mentions(f, ws_tpl_expand(t, &f->scope, f->a));
    ws_buf b = WS_BUF_INIT;
    for (size_t i = 0; i < t->n; i++) {
        ws_tpl one = {&t->parts[i], 1, t->src, false};
        char *v = ws_tpl_expand(&one, &f->scope, f->a);
        if (!v) break;
        if (!is_name_part(f, &t->parts[i])) {
            ws_buf_puts(&b, v);
            continue;
        }
        append_glued(&b, v, strlen(v));
    }
    char *out = b.failed ? NULL : ws_arena_strndup(f->a, b.p ? b.p : "", b.len);
    ws_buf_free(&b);
    return out;
}

static ws_status typeset_tpl(flow *f, const ws_tpl *t, const ws_style_def *st, float width,
                             ws_ptext *out)
{
    char *text = expand_glued(f, t);
    if (!text) return oom(f);
    ws_text_style ts = ws_text_style_of(st);
    /* a centred title breaks between words (GB/T 9704 §7.3.3: 回行时词意完整):
     * 拟入选人员 / 的公示, not 拟入选人 / 员的公示 */
    if (ts.align == WS_ALIGN_CENTER) ts.keep_groups = true;
    ws_status s = ws_typeset(f->ts, text, strlen(text), &ts, width, f->a, out, f->err);
    if (s != WS_OK) blame_field(f, t);
    return s;
}

/* A column title in a generated table's header row is a term: one of up to
 * TERM_CHARS characters (序号, 性别, 身份证号) stays on one line; a longer
 * title (本岗位年限, 最高学历取得院校) breaks between ICU's words. Each line
 * of the label counts on its own. */
#define TERM_CHARS 4
static char *glue_terms(flow *f, const char *text)
{
    ws_buf b = WS_BUF_INIT;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        size_t chars = 0;
        for (size_t k = 0; k < len; k++) chars += ((unsigned char)p[k] & 0xC0) != 0x80;
        for (size_t k = 0; k < len; k++) {
            if (k > 0 && chars <= TERM_CHARS && ((unsigned char)p[k] & 0xC0) != 0x80)
                ws_buf_puts(&b, "\u2060");
            ws_buf_append(&b, p + k, 1);
        }
        p += len;
        if (*p) ws_buf_append(&b, p++, 1);
    }
    char *out = b.failed ? NULL : ws_arena_strndup(f->a, b.p ? b.p : "", b.len);
    ws_buf_free(&b);
    return out;
}

/* A table cell's text: names glued, groups kept whole (ws_text_style.keep_groups). */
static ws_status typeset_cell(flow *f, const ws_tpl *t, const ws_style_def *st, float width,
                              float size_pt, bool term, ws_ptext *out)
{
    char *text = expand_glued(f, t);
    if (text && term) text = glue_terms(f, text);
    if (!text) return oom(f);
    ws_text_style ts = ws_text_style_of(st);
    ts.keep_groups = true;
    if (size_pt > 0) { /* the column's common size */
        ts.size_pt = size_pt;
        ts.min_size_pt = 0;
    }
    ws_status s = ws_typeset(f->ts, text, strlen(text), &ts, width, f->a, out, f->err);
    if (s != WS_OK) blame_field(f, t);
    return s;
}

/* --- paragraphs ---------------------------------------------------------------------- */

static ws_status place_paragraph(flow *f, const ws_block_def *b)
{
    ws_ptext pt;
    WS_TRY(typeset_tpl(f, b->text, b->style, f->width, &pt));
    if (b->keep_with_next && !f->page_empty) { /* a heading takes two more lines with it */
        float need = b->before_mm * WS_MM + ws_ptext_height(&pt, 0, pt.nlines) + 2 * pt.line_h;
        if (f->y + need > f->bottom) WS_TRY(new_page(f));
    }
    f->y += b->before_mm * WS_MM;
    size_t k = 0;
    while (k < pt.nlines) {
        size_t fit = (size_t)floorf((f->bottom - f->y + 0.01f) / pt.line_h);
        if (fit == 0) {
            WS_TRY(new_page(f));
            continue;
        }
        size_t left = pt.nlines - k;
        /* no orphan (one line left at the foot) and no widow (one line alone on top) */
        if (fit < left && !f->page_empty && (fit == 1 || left <= 3)) {
            WS_TRY(new_page(f));
            continue;
        }
        if (fit < left && left - fit == 1 && fit > 2) fit--;
        size_t to = k + fit < pt.nlines ? k + fit : pt.nlines;
        if (!ws_ptext_emit(&pt, k, to, f->x0, f->y, f->dl, f->page)) return oom(f);
        f->y += ws_ptext_height(&pt, k, to);
        f->page_empty = false;
        k = to;
    }
    f->y += b->after_mm * WS_MM;
    return WS_OK;
}

/* --- tables ---------------------------------------------------------------------------- */

typedef struct cell_box {
    const ws_cell_def *def;
    float x, w;              /* outer box, pt */
    bool has_text;
    ws_ptext text;
    const ws_tpl *tpl;       /* what text shows */
    ws_ptext *footer;
    float footer_h;
    const ws_image *image;
    float need_h;            /* content + padding */
} cell_box;

/* The record, list entry and numbers a row instance was laid out with. */
typedef struct row_binding {
    const ws_record *record;
    const ws_entry *item;
    int seq, scope_seq, scope_row;
} row_binding;

typedef struct row_inst {
    const ws_row_def *def;
    cell_box *cells;
    size_t n;
    float h;
    const ws_entry *item;
    row_binding bind;
} row_inst;

typedef struct table_ctx {
    flow *f;
    const ws_table_def *t;
    float *col_x; /* ncols + 1 edges, absolute pt */
    float pad;
    row_inst *rows;
    size_t nrows;
    size_t nheader; /* leading rows marked header: repeated on every page of the table */
    bool in_body;   /* placing rows after the header ones */
    size_t break_at; /* a listing's page ends before this row (keep its last rows company) */
    bool cur_header; /* filling a header row */
    bool cur_each;   /* filling a row repeated per record, quota row or list entry */
    float *col_size; /* tables with repeated rows: one text size per column of those rows (0:
                        the style's), or NULL */
    bool generated;  /* columns sized from content (generated(), fit_columns) */
} table_ctx;

static ws_status draw_group(table_ctx *tc, size_t from, size_t to, float y);
static float rows_height(const table_ctx *tc, size_t from, size_t to);
static float start_height(const table_ctx *tc, size_t r);

/* A new page in the middle of a table: the header rows again on top. */
static ws_status table_page(table_ctx *tc)
{
    WS_TRY(new_page(tc->f));
    if (!tc->in_body || tc->nheader == 0) return WS_OK;
    WS_TRY(draw_group(tc, 0, tc->nheader, tc->f->y));
    tc->f->page_empty = true; /* only the header: a row that still does not fit must split */
    return WS_OK;
}

static void set_columns(table_ctx *tc)
{
    const ws_table_def *t = tc->t;
    float total = 0;
    for (size_t i = 0; i < t->ncols; i++) total += t->col_mm[i];
    float scale = tc->f->width / (total * WS_MM);
    tc->col_x[0] = tc->f->x0;
    for (size_t i = 0; i < t->ncols; i++)
        tc->col_x[i + 1] = tc->col_x[i] + t->col_mm[i] * WS_MM * scale;
}

/* --- generated tables: columns from content ---------------------------------------------
 *
 * A table with rows repeated per record or quota row (汇总表, 公示, 名额表; not
 * a form whose grid repeats a list field's entries) is
 * sized as a careful designer does with Word's "根据内容调整表格": each
 * column's minimum is its widest unbreakable item at body size (a name, an
 * ID, a date, a header word) plus padding; a column the template made
 * narrower than that is widened to it, the others share what is left in the
 * template's proportions, and only then does text wrap. */

typedef struct col_need {
    table_ctx *tc;
    float *min_w; /* per column, outer width: the widest unbreakable item */
    float *relax_w; /* the same, running text's long words (a URL in 业绩) breakable */
    float *hard_w;  /* and shrink-to-fit values (身份证号) at their least size */
    float *max_w; /* per column, outer width: the widest text on one line */
    bool *filled; /* some repeated row has text in the column (a blank 备注 column has none
                     and is never narrowed to its header) */
    float *share_w; /* the template's width of the column, scaled to the type area */
    bool *texted;   /* some row, header or repeated, has text in the column */
} col_need;

static bool generated(const ws_table_def *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].each != WS_EACH_NONE) return true;
    return false;
}

/* A row laid out once per record, quota row or entry of a list field (a
 * form's 工作经历). */
static bool repeated(const ws_row_def *def)
{
    return def->each != WS_EACH_NONE || def->repeat_field >= 0;
}

static bool has_repeated_rows(const ws_table_def *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (repeated(&t->rows[r])) return true;
    return false;
}

/* ws_row_visit: widens the columns' minimums for one row instance. */
static ws_status measure_row(void *user, const ws_row_def *def, const ws_entry *item)
{
    col_need *cn = user;
    flow *f = cn->tc->f;
    f->b->item = item;
    ws_status st = WS_OK;
    for (size_t i = 0; i < def->ncells && st == WS_OK; i++) {
        const ws_cell_def *d = &def->cells[i];
        if (d->colspan != 1 || !d->text || d->photo_field >= 0) continue;
        char *text = expand_glued(f, d->text);
        if (text && def->header) text = glue_terms(f, text);
        if (!text) {
            st = oom(f);
            break;
        }
        ws_text_style ts = ws_text_style_of(d->style);
        ts.keep_groups = true;
        float mn = 0, mx = 0;
        st = ws_text_widths(f->ts, text, strlen(text), &ts, &mn, &mx, f->err);
        if (st != WS_OK) blame_field(f, d->text);
        float air = 2 * cn->tc->pad + 0.5f; /* padding and a little air beside the rules */
        if (mn + air > cn->min_w[d->col]) cn->min_w[d->col] = mn + air;
        /* running text (wrapping over lines in its designed width anyway) may break a
         * long word; a shrink-to-fit value may go down to its least size (the floor) */
        float relax = mn, hard = mn;
        if (!def->header && mx > 3 * cn->share_w[d->col]) relax = hard = fminf(mn, 4 * ts.size_pt);
        float least = ts.min_size_pt > WS_FLOOR_PT ? ts.min_size_pt : WS_FLOOR_PT;
        if (ts.min_size_pt > 0 && least < ts.size_pt) hard = fminf(hard, mn * least / ts.size_pt);
        if (relax + air > cn->relax_w[d->col]) cn->relax_w[d->col] = relax + air;
        if (hard + air > cn->hard_w[d->col]) cn->hard_w[d->col] = hard + air;
        if (mx + air > cn->max_w[d->col]) cn->max_w[d->col] = mx + air;
        if (def->each != WS_EACH_NONE && mx > 0) cn->filled[d->col] = true;
        if (mx > 0) cn->texted[d->col] = true;
    }
    f->b->item = NULL;
    return st;
}

/* The width of a column pinned at a bound: 'n' its minimum, 'x' its text on
 * one line, 's' its designed width (a column without text). */
static float fixed_width(const col_need *cn, char how, size_t i)
{
    return how == 'n' ? cn->min_w[i] : how == 'x' ? cn->max_w[i] : cn->share_w[i];
}

/* Shares 'width' among the columns in the template's proportions, a column
 * never below its minimum nor, while another column still wants more, above
 * the width its text needs on one line (a 身份证号 column does not keep space
 * the 业绩 column could use). Columns pinned at a bound leave the share. */
static void share_widths(const ws_table_def *t, const col_need *cn, float width, char *fixed,
                         float *w)
{
    size_t n = t->ncols;
    /* a column with no text in any row (a list's indent) keeps its designed width */
    for (size_t i = 0; i < n; i++)
        if (!cn->texted[i]) fixed[i] = 's';
    for (bool changed = true; changed;) {
        changed = false;
        float left = width, weight = 0;
        for (size_t i = 0; i < n; i++) {
            if (fixed[i]) left -= fixed_width(cn, fixed[i], i);
            else weight += t->col_mm[i];
        }
        if (weight <= 0) break;
        for (size_t i = 0; i < n; i++) {
            if (fixed[i]) {
                w[i] = fixed_width(cn, fixed[i], i);
                continue;
            }
            w[i] = left * t->col_mm[i] / weight;
            if (w[i] < cn->min_w[i] - 0.01f) fixed[i] = 'n', changed = true;
        }
        if (changed) continue;
        for (size_t i = 0; i < n; i++)
            if (!fixed[i] && cn->filled[i] && w[i] > cn->max_w[i] + 0.01f)
                fixed[i] = 'x', changed = true;
    }
    /* every column pinned at its one-line width: the space left goes to all alike (but
       the columns without text) */
    float used = 0, weight = 0;
    for (size_t i = 0; i < n; i++) used += w[i], weight += cn->texted[i] ? t->col_mm[i] : 0;
    if (used < width - 0.01f && weight > 0)
        for (size_t i = 0; i < n; i++)
            if (cn->texted[i]) w[i] += (width - used) * t->col_mm[i] / weight;
}

static ws_status fit_columns(table_ctx *tc)
{
    const ws_table_def *t = tc->t;
    flow *f = tc->f;
    size_t n = t->ncols;
    col_need cn = {tc,
                   ws_arena_calloc(f->a, n, sizeof(float)),
                   ws_arena_calloc(f->a, n, sizeof(float)),
                   ws_arena_calloc(f->a, n, sizeof(float)),
                   ws_arena_calloc(f->a, n, sizeof(float)),
                   ws_arena_calloc(f->a, n, sizeof(bool)),
                   ws_arena_calloc(f->a, n, sizeof(float)),
                   ws_arena_calloc(f->a, n, sizeof(bool))};
    float *w = ws_arena_calloc(f->a, n, sizeof *w);
    char *fixed = ws_arena_calloc(f->a, n, sizeof *fixed); /* 0 free, 'n' at min, 'x' at max */
    if (!cn.min_w || !cn.relax_w || !cn.hard_w || !cn.max_w || !cn.filled || !cn.share_w ||
        !cn.texted || !w || !fixed)
        return oom(f);
    for (size_t i = 0; i < n; i++) cn.share_w[i] = tc->col_x[i + 1] - tc->col_x[i];
    for (size_t r = 0; r < t->nrows; r++) {
        ws_status st = ws_row_instances(&t->rows[r], f->b, &f->scope, f->a, measure_row, &cn);
        if (st == WS_ERR_NOMEM) return oom(f);
        WS_TRY(st);
    }
    /* When the widest items do not fit side by side (a template whose columns add up to
     * more than the page, an e-mail address in 业绩), running text breaks its long words
     * first, then shrink-to-fit values (身份证号) go smaller; the columns keep the template's
     * proportions beyond that: a 1500-character 业绩 never takes 工作单位's width */
    float *mins[] = {cn.min_w, cn.relax_w, cn.hard_w};
    float sum_min = 0;
    for (size_t k = 0; k < sizeof mins / sizeof *mins; k++) {
        sum_min = 0;
        for (size_t i = 0; i < n; i++) sum_min += mins[k][i];
        cn.min_w = mins[k];
        if (sum_min <= f->width) break;
    }
    if (sum_min > f->width) { /* cannot fit: every column at its least, scaled */
        for (size_t i = 0; i < n; i++) w[i] = cn.min_w[i] * f->width / sum_min;
    } else {
        share_widths(t, &cn, f->width, fixed, w);
    }
    tc->col_x[0] = f->x0;
    for (size_t i = 0; i < n; i++) tc->col_x[i + 1] = tc->col_x[i] + w[i];
    return WS_OK;
}

/* All repeated cells of a column at one size: when shrinking set some smaller
 * than others, the smallest for all (身份证号 at one size; a 工作经历 column).
 * True when a column changed and the rows must be laid out again. */
static bool uniform_sizes(table_ctx *tc)
{
    size_t n = tc->t->ncols;
    bool redo = false;
    for (size_t c = 0; c < n; c++) {
        float lo = 0, hi = 0;
        for (size_t r = tc->nheader; r < tc->nrows; r++)
            for (size_t i = 0; i < tc->rows[r].n && repeated(tc->rows[r].def); i++) {
                const cell_box *cb = &tc->rows[r].cells[i];
                if ((size_t)cb->def->col != c || cb->def->colspan != 1 || !cb->has_text ||
                    cb->text.nlines == 0)
                    continue;
                float sz = cb->text.size_pt;
                if (lo == 0 || sz < lo) lo = sz;
                if (sz > hi) hi = sz;
            }
        if (lo > 0 && hi - lo > 0.01f) {
            tc->col_size[c] = lo;
            redo = true;
        }
    }
    return redo;
}

static ws_status fill_footer(table_ctx *tc, cell_box *cb, float inner_w)
{
    const ws_cell_def *d = cb->def;
    if (!d->nfooter) return WS_OK;
    cb->footer = ws_arena_calloc(tc->f->a, d->nfooter, sizeof *cb->footer);
    if (!cb->footer) return oom(tc->f);
    ws_style_def right = *d->style;
    right.align = WS_H_RIGHT;
    right.indent_em = 0;
    for (size_t i = 0; i < d->nfooter; i++) {
        /* set in from the right edge by two characters, as the forms do */
        WS_TRY(typeset_tpl(tc->f, d->footer[i], &right, inner_w - 2 * right.size_pt, &cb->footer[i]));
        cb->footer_h += ws_ptext_height(&cb->footer[i], 0, cb->footer[i].nlines);
    }
    cb->footer_h += FOOTER_GAP_PT;
    return WS_OK;
}

static ws_status fill_cell(table_ctx *tc, const ws_cell_def *d, cell_box *cb)
{
    flow *f = tc->f;
    cb->def = d;
    cb->x = tc->col_x[d->col];
    cb->w = tc->col_x[d->col + d->colspan] - cb->x;
    float inner_w = cb->w - 2 * tc->pad;
    if (inner_w < 4)
        return ws_err_set(f->err, WS_ERR_TEMPLATE, "%s:%d: 单元格太窄（减去内边距后不足 4 磅）",
                          f->doc->file, d->line);
    const ws_tpl *tpl = d->text;
    if (d->photo_field >= 0) {
        cb->image = f->b->images ? f->b->images[d->photo_field] : NULL;
        tpl = cb->image ? NULL : d->placeholder;
    }
    if (tpl && d->nfooter) { /* a blank opinion box: only its 盖章/年月日 lines need room */
        const char *v = ws_tpl_expand(tpl, &f->scope, f->a);
        if (!v) return oom(f);
        if (!*v) tpl = NULL;
    }
    if (tpl) {
        float size = tc->col_size && tc->cur_each && d->colspan == 1 ? tc->col_size[d->col] : 0;
        bool term = tc->generated && tc->cur_header;
        WS_TRY(typeset_cell(f, tpl, d->style, inner_w, size, term, &cb->text));
        cb->has_text = true;
        cb->tpl = tpl;
    }
    WS_TRY(fill_footer(tc, cb, inner_w));
    float text_h = cb->has_text ? ws_ptext_height(&cb->text, 0, cb->text.nlines) : 0;
    cb->need_h = 2 * tc->pad + text_h + cb->footer_h;
    return WS_OK;
}

static ws_status fill_row(table_ctx *tc, const ws_row_def *def, const ws_entry *item, row_inst *ri)
{
    ri->def = def;
    ri->item = item;
    ri->bind = (row_binding){tc->f->b->record, item, tc->f->b->seq, tc->f->scope.seq,
                             tc->f->scope.row};
    ri->n = def->ncells;
    ri->cells = ws_arena_calloc(tc->f->a, def->ncells, sizeof *ri->cells);
    if (!ri->cells) return oom(tc->f);
    tc->f->b->item = item;
    ri->h = def->min_height_mm * WS_MM;
    tc->cur_header = def->header;
    tc->cur_each = repeated(def);
    for (size_t i = 0; i < def->ncells; i++) {
        WS_TRY(fill_cell(tc, &def->cells[i], &ri->cells[i]));
        if (def->cells[i].rowspan == 1 && ri->cells[i].need_h > ri->h) ri->h = ri->cells[i].need_h;
    }
    tc->f->b->item = NULL;
    return WS_OK;
}

/* ws_row_visit: one instance of a row definition, laid out. */
static ws_status add_row(void *user, const ws_row_def *def, const ws_entry *item)
{
    table_ctx *tc = user;
    return fill_row(tc, def, item, &tc->rows[tc->nrows++]);
}

static ws_status build_rows(table_ctx *tc)
{
    const ws_table_def *t = tc->t;
    flow *f = tc->f;
    size_t cap = 0;
    for (size_t r = 0; r < t->nrows; r++) cap += ws_row_instance_count(&t->rows[r], f->b, f->a);
    tc->rows = ws_arena_calloc(f->a, cap ? cap : 1, sizeof *tc->rows);
    if (!tc->rows) return oom(f);
    for (size_t r = 0; r < t->nrows; r++) {
        const ws_row_def *def = &t->rows[r];
        ws_status st = ws_row_instances(def, f->b, &f->scope, f->a, add_row, tc);
        if (st == WS_ERR_NOMEM) return oom(f);
        WS_TRY(st);
        if (def->header && tc->nheader == tc->nrows - 1) tc->nheader = tc->nrows;
    }
    return WS_OK;
}

/* Rows a rowspan cell covers must together be tall enough for it. */
static void grow_for_rowspans(table_ctx *tc)
{
    for (size_t r = 0; r < tc->nrows; r++) {
        for (size_t i = 0; i < tc->rows[r].n; i++) {
            const cell_box *cb = &tc->rows[r].cells[i];
            size_t span = (size_t)cb->def->rowspan;
            if (span < 2 || r + span > tc->nrows) continue;
            float sum = 0;
            for (size_t k = r; k < r + span; k++) sum += tc->rows[k].h;
            if (cb->need_h > sum) tc->rows[r + span - 1].h += cb->need_h - sum;
        }
    }
}

/* One past the last row tied to row r by rowspans. */
static size_t group_end(const table_ctx *tc, size_t r)
{
    size_t end = r + 1;
    for (size_t k = r; k < end && k < tc->nrows; k++)
        for (size_t i = 0; i < tc->rows[k].n; i++) {
            size_t e = k + (size_t)tc->rows[k].cells[i].def->rowspan;
            if (e > end) end = e;
        }
    return end < tc->nrows ? end : tc->nrows;
}

/* --- drawing cells ---- */

static ws_status draw_borders(table_ctx *tc, unsigned borders, float x, float y, float w, float h)
{
    flow *f = tc->f;
    float bw = tc->t->border_pt;
    if (bw <= 0) return WS_OK;
    bool ok = true;
    if (borders & WS_BORDER_TOP) ok &= ws_dl_line_add(f->dl, f->page, x, y, x + w, y, bw);
    if (borders & WS_BORDER_BOTTOM) ok &= ws_dl_line_add(f->dl, f->page, x, y + h, x + w, y + h, bw);
    if (borders & WS_BORDER_LEFT) ok &= ws_dl_line_add(f->dl, f->page, x, y, x, y + h, bw);
    if (borders & WS_BORDER_RIGHT) ok &= ws_dl_line_add(f->dl, f->page, x + w, y, x + w, y + h, bw);
    return ok ? WS_OK : oom(f);
}

static ws_status draw_image(table_ctx *tc, const ws_image *img, float x, float y, float w, float h)
{
    float iw = (float)ws_image_shown_width(img), ih = (float)ws_image_shown_height(img);
    float scale = fminf(w / iw, h / ih);
    float dw = iw * scale, dh = ih * scale;
    ws_dl_item *it = ws_dl_add(tc->f->dl, tc->f->page, WS_DL_IMAGE);
    if (!it) return oom(tc->f);
    it->u.image = (ws_dl_image){img, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh};
    return WS_OK;
}

/* What part of a cell to draw in one segment of a row. */
typedef struct cell_part {
    const ws_ptext *text;
    size_t from, to;
    bool footer;
    bool image;
} cell_part;

static ws_status draw_cell(table_ctx *tc, const cell_box *cb, const cell_part *part, float y, float h)
{
    flow *f = tc->f;
    WS_TRY(draw_borders(tc, cb->def->borders, cb->x, y, cb->w, h));
    float pad = tc->pad, ix = cb->x + pad, iy = y + pad, iw = cb->w - 2 * pad, ih = h - 2 * pad;
    float foot = part->footer ? cb->footer_h : 0;
    if (part->image && cb->image) return draw_image(tc, cb->image, ix, iy, iw, ih);
    if (part->text && part->to > part->from) {
        float th = ws_ptext_height(part->text, part->from, part->to);
        float ty = iy;
        ws_valign va = cb->def->style->valign;
        if (va == WS_V_MIDDLE) ty = iy + (ih - foot - th) / 2;
        else if (va == WS_V_BOTTOM) ty = iy + ih - foot - th;
        if (ty < iy) ty = iy;
        if (!ws_ptext_emit(part->text, part->from, part->to, ix, ty, f->dl, f->page)) return oom(f);
    }
    if (part->footer) {
        float fy = iy + ih - cb->footer_h + FOOTER_GAP_PT;
        for (size_t i = 0; i < cb->def->nfooter; i++) {
            const ws_ptext *pt = &cb->footer[i];
            if (!ws_ptext_emit(pt, 0, pt->nlines, ix, fy, f->dl, f->page)) return oom(f);
            fy += ws_ptext_height(pt, 0, pt->nlines);
        }
    }
    return WS_OK;
}

static cell_part whole(const cell_box *cb)
{
    return (cell_part){cb->has_text ? &cb->text : NULL, 0, cb->has_text ? cb->text.nlines : 0,
                       true, cb->image != NULL};
}

static ws_status draw_group(table_ctx *tc, size_t from, size_t to, float y)
{
    float *top = ws_arena_alloc(tc->f->a, (to - from + 1) * sizeof *top);
    if (!top) return oom(tc->f);
    top[0] = y;
    for (size_t r = from; r < to; r++) top[r - from + 1] = top[r - from] + tc->rows[r].h;
    for (size_t r = from; r < to; r++) {
        for (size_t i = 0; i < tc->rows[r].n; i++) {
            const cell_box *cb = &tc->rows[r].cells[i];
            size_t end = r + (size_t)cb->def->rowspan;
            if (end > to) end = to;
            cell_part part = whole(cb);
            WS_TRY(draw_cell(tc, cb, &part, top[r - from], top[end - from] - top[r - from]));
        }
    }
    tc->f->y = top[to - from];
    tc->f->page_empty = false;
    return WS_OK;
}

/* --- rows that continue on the next page ---------------------------------------------- */

/* The cell whose lines are spread over pages: the one marked, else the
 * one with most lines. */
static size_t flowing_cell(const row_inst *ri)
{
    size_t best = 0, best_lines = 0;
    for (size_t i = 0; i < ri->n; i++) {
        if (ri->cells[i].def->flows) return i;
        size_t lines = ri->cells[i].has_text ? ri->cells[i].text.nlines : 0;
        if (lines > best_lines) best = i, best_lines = lines;
    }
    return best;
}

/* Whether cell i of a split row is running text that goes on over pages
 * (the flowing cell; in a listing's record row every column set at valign
 * top too: 业绩 and 获奖情况 side by side both continue), rather than a cell
 * drawn whole on the row's first page and shown again on its continuations
 * (a form's label, a record's 序号, 姓名, 身份证号). */
static bool prose_cell(const row_inst *ri, size_t i, size_t flow_i)
{
    const ws_cell_def *d = ri->cells[i].def;
    return i == flow_i || d->flows || (repeated(ri->def) && d->style->valign == WS_V_TOP);
}

/* Binds the record, list entry and numbers row ri was laid out with and
 * returns what was bound, so text made for it later — its continued
 * labels — reads its own record, not the document's first. */
static row_binding bind_row(flow *f, const row_inst *ri)
{
    row_binding saved = {f->b->record, f->b->item, f->b->seq, f->scope.seq, f->scope.row};
    f->b->record = ri->bind.record;
    f->b->item = ri->bind.item;
    f->b->seq = ri->bind.seq;
    f->scope.seq = ri->bind.scope_seq;
    f->scope.row = ri->bind.scope_row;
    return saved;
}

static void unbind_row(flow *f, const row_binding *saved)
{
    f->b->record = saved->record;
    f->b->item = saved->item;
    f->b->seq = saved->seq;
    f->scope.seq = saved->scope_seq;
    f->scope.row = saved->scope_row;
}

/* The label a cell shows on a continuation page: its `continued` text, or
 * its first line followed by （续）. In a listing's repeated row (a record
 * of the 汇总表) a value cell shows its value again, whole, and only
 * 'mark' — the name's cell — says （续）. */
static ws_status continued_label(table_ctx *tc, const row_inst *ri, const cell_box *cb, bool mark,
                                 ws_ptext *out, bool *has)
{
    *has = false;
    if (!cb->has_text || cb->def->photo_field >= 0) return WS_OK;
    float inner_w = cb->w - 2 * tc->pad;
    if (cb->def->continued) {
        *has = true;
        return typeset_tpl(tc->f, cb->def->continued, cb->def->style, inner_w, out);
    }
    bool value_row = repeated(ri->def);
    if (value_row && !mark) {
        *out = cb->text; /* the same lines at the same width */
        *has = cb->text.nlines > 0;
        return WS_OK;
    }
    char *text = value_row ? expand_glued(tc->f, cb->tpl)
                           : ws_tpl_expand(cb->def->text, &tc->f->scope, tc->f->a);
    if (!text) return oom(tc->f);
    if (!value_row) {
        char *nl = strchr(text, '\n');
        if (nl) *nl = '\0';
    }
    if (!text[0]) return WS_OK;
    char *label = ws_arena_printf(tc->f->a, "%s（续）", text);
    if (!label) return oom(tc->f);
    ws_text_style st = ws_text_style_of(cb->def->style);
    if (value_row) {
        st.keep_groups = true;
        if (cb->text.nlines) st.size_pt = cb->text.size_pt, st.min_size_pt = 0;
    }
    *has = true;
    return ws_typeset(tc->f->ts, label, strlen(label), &st, inner_w, tc->f->a, out, tc->f->err);
}

/* The cell of a repeated row that says （续） on its continuations: the one
 * showing a 姓名 field, else the first value cell that is not running text. */
static size_t marked_cell(const table_ctx *tc, const row_inst *ri, const bool *prose)
{
    size_t first = SIZE_MAX;
    for (size_t i = 0; i < ri->n; i++) {
        const cell_box *cb = &ri->cells[i];
        if (prose[i] || !cb->has_text || !cb->tpl || cb->def->photo_field >= 0) continue;
        if (first == SIZE_MAX) first = i;
        for (size_t k = 0; k < cb->tpl->n; k++)
            if (is_name_part(tc->f, &cb->tpl->parts[k])) return i;
    }
    return first;
}

/* The continued labels of row ri's cells that are not running text, made
 * with ri's own record bound. */
static ws_status make_labels(table_ctx *tc, const row_inst *ri, const bool *prose, ws_ptext **labels,
                             bool **has_label)
{
    flow *f = tc->f;
    *labels = ws_arena_calloc(f->a, ri->n, sizeof **labels);
    *has_label = ws_arena_calloc(f->a, ri->n, sizeof **has_label);
    if (!*labels || !*has_label) return oom(f);
    size_t mark = repeated(ri->def) ? marked_cell(tc, ri, prose) : SIZE_MAX;
    row_binding saved = bind_row(f, ri);
    ws_status st = WS_OK;
    for (size_t i = 0; i < ri->n && st == WS_OK; i++)
        if (!prose[i])
            st = continued_label(tc, ri, &ri->cells[i], i == mark, &(*labels)[i], &(*has_label)[i]);
    unbind_row(f, &saved);
    return st;
}

/* What each cell of a split row shows in one segment and how tall that is. */
typedef struct seg_cell {
    size_t from, to; /* lines of the cell's text (or of its label) */
    bool label;      /* its continued label */
    bool last;       /* the cell's text ends here: its footer too */
    float h;         /* content + padding */
} seg_cell;

/* Whether a split row whose text fits here but whose height does not goes
 * over whole, as a row that may not split would: a blank box to write in, or
 * a box with its 盖章 / 年 月 日 footer (an opinion, 同意推荐。 and the room
 * for the seal). Its height is the room to write or stamp in, so it is not
 * cut short. A row of text alone stays, its height cut at the type area's
 * foot (split_row): no row runs into the page number. */
static bool box_goes_over(const flow *f, const row_inst *ri, const cell_box *fc, size_t nlines,
                          size_t k, float avail)
{
    return (nlines == 0 || fc->footer_h > 0) && k == 0 && ri->h > avail + 0.01f &&
           !f->page_empty && ri->h <= f->bottom - f->y0;
}

/* Whether a split row whose flowing cell is signed (its 盖章 / 年 月 日
 * footer: the 被推荐人所在单位意见) goes over whole rather than split, as
 * long as it fits on a page of its own: its last lines and the seal alone
 * atop the next page read as another opinion. 'fresh' is a new page's room. */
static bool signed_box_goes_over(const flow *f, const row_inst *ri, const cell_box *fc, float fresh)
{
    return fc->footer_h > 0 && !f->page_empty && ri->h <= fresh + 0.01f;
}

static ws_status draw_segment(table_ctx *tc, const row_inst *ri, const seg_cell *sc,
                              const ws_ptext *labels, bool first, float h)
{
    for (size_t i = 0; i < ri->n; i++) {
        const cell_box *cb = &ri->cells[i];
        cell_part part = {cb->has_text ? &cb->text : NULL, sc[i].from, sc[i].to, sc[i].last,
                          first && cb->image != NULL};
        if (sc[i].label) part = (cell_part){&labels[i], sc[i].from, sc[i].to, false, false};
        WS_TRY(draw_cell(tc, cb, &part, tc->f->y, h));
    }
    tc->f->y += h;
    tc->f->page_empty = false;
    return WS_OK;
}

/* Lines at..at+fit of a split text stay on this page (fit > 2): fewer while
 * that leaves a paragraph's last line alone at the top of the next page (a
 * widow: 「机电行业推广。」) or its first line alone at this page's foot, as
 * long as two lines stay. */
static size_t keep_paragraph_company(const ws_ptext *t, size_t at, size_t fit)
{
    const ws_tline *l = t->lines;
    for (size_t keep = fit; keep >= 2; keep--) {
        size_t cut = at + keep; /* the next page's first line */
        bool widow = l[cut].para_end && !l[cut - 1].para_end;
        bool orphan = !l[cut - 1].para_end && cut >= 2 && l[cut - 2].para_end;
        if (!widow && !orphan) return keep;
    }
    return fit; /* nowhere better: as it was */
}

/* A row taller than what is left of the page, laid out over pages. Each
 * cell whose text does not fit goes on by its lines, several side by side
 * (a record's 业绩 and 获奖情况), each keeping two lines or more on either
 * side of a break; the other cells stand whole on the row's first page and
 * are shown again on its continuations (continued_label). Every segment
 * ends within the type area and is closed by the cells' bottom rules. */
static ws_status split_row(table_ctx *tc, const row_inst *ri)
{
    flow *f = tc->f;
    size_t flow_i = flowing_cell(ri);
    const cell_box *fc = &ri->cells[flow_i];
    float pad = tc->pad;
    size_t *at = ws_arena_calloc(f->a, ri->n, sizeof *at);
    bool *prose = ws_arena_calloc(f->a, ri->n, sizeof *prose);
    seg_cell *sc = ws_arena_calloc(f->a, ri->n, sizeof *sc);
    if (!at || !prose || !sc) return oom(f);
    for (size_t i = 0; i < ri->n; i++) prose[i] = prose_cell(ri, i, flow_i);
    float fresh = f->bottom - f->y0 - (tc->in_body ? rows_height(tc, 0, tc->nheader) : 0);
    ws_ptext *labels = NULL;
    bool *has_label = NULL;
    for (bool first = true;;) {
        float avail = f->bottom - f->y;
        bool rest_fits = true, turn = false;
        float h = 0;
        for (size_t i = 0; i < ri->n; i++) {
            const cell_box *cb = &ri->cells[i];
            size_t n = cb->has_text ? cb->text.nlines : 0;
            float lh = cb->has_text ? cb->text.line_h : 0;
            seg_cell *s = &sc[i];
            *s = (seg_cell){at[i], at[i], false, false, 2 * pad}; /* nothing, and where it is */
            if (!first && !prose[i]) { /* a label on the continuations */
                s->label = has_label[i];
                s->from = 0;
                s->to = s->label ? labels[i].nlines : 0;
                if (s->label) s->h += ws_ptext_height(&labels[i], 0, s->to);
                if (s->h > avail + 0.01f) rest_fits = false, turn = true;
                continue;
            }
            if (!first && at[i] >= n) continue; /* its text ended on an earlier page */
            float whole = (float)(n - at[i]) * lh + cb->footer_h + 2 * pad;
            if (first && !cb->has_text) whole = cb->need_h;
            s->from = at[i];
            if (whole <= avail + 0.01f) {
                *s = (seg_cell){at[i], n, false, true, whole};
                continue;
            }
            rest_fits = false;
            if (!cb->has_text || n == 0 || (!prose[i] && whole <= fresh + 0.01f)) {
                turn = true; /* a cell drawn whole: on the next page */
                s->last = true, s->to = n, s->h = fminf(whole, avail);
                continue;
            }
            size_t left = n - at[i];
            size_t fit = avail > 2 * pad ? (size_t)floorf((avail - 2 * pad + 0.01f) / lh) : 0;
            if (fit >= left) { /* the text fits, its footer (盖章, 年月日) does not */
                if (left >= 4) fit = left - 2; /* the last two lines go on with it */
                else turn = true;
            }
            if (fit < left && left - fit == 1) { /* never one line alone on the next page */
                if (fit > 2) fit--;
                else turn = true;
            }
            if (fit < left && fit > 2) fit = keep_paragraph_company(&cb->text, at[i], fit);
            if (fit < 2 && left >= 2) turn = true; /* nor one line alone at this page's foot */
            if (fit == 0) fit = 1;                  /* a page too short for one line */
            if (fit > left) fit = left;
            *s = (seg_cell){at[i], at[i] + fit, false, at[i] + fit == n, (float)fit * lh + 2 * pad};
            if (s->last) s->h += cb->footer_h;
        }
        if (rest_fits && first && box_goes_over(f, ri, fc, fc->has_text ? fc->text.nlines : 0, 0, avail))
            turn = true;
        if (!rest_fits && first && signed_box_goes_over(f, ri, fc, fresh)) turn = true;
        if (turn && !f->page_empty) {
            WS_TRY(table_page(tc));
            continue;
        }
        for (size_t i = 0; i < ri->n; i++) h = fmaxf(h, sc[i].h);
        if (rest_fits && first) h = fmaxf(h, fminf(ri->h, avail)); /* never past the type area's foot */
        if (!rest_fits) h = fminf(h, fmaxf(avail, 0)); /* a cell drawn whole on a full page is cut */
        WS_TRY(draw_segment(tc, ri, sc, labels, first, h));
        if (rest_fits) return WS_OK;
        bool more = false;
        for (size_t i = 0; i < ri->n; i++) {
            if (first || prose[i]) at[i] = sc[i].to;
            size_t n = ri->cells[i].has_text ? ri->cells[i].text.nlines : 0;
            if (first && !prose[i] && at[i] < n) prose[i] = true; /* split: it goes on */
            if ((first || prose[i]) && at[i] < n) more = true;
        }
        if (!more) return WS_OK; /* only a footer or an image was cut on a page too short */
        if (first) WS_TRY(make_labels(tc, ri, prose, &labels, &has_label));
        first = false;
        WS_TRY(table_page(tc));
    }
}

/* The tallest cell of rows [from, to): the one that made them not fit. */
static const cell_box *tallest_cell(const table_ctx *tc, size_t from, size_t to)
{
    const cell_box *best = NULL;
    for (size_t r = from; r < to; r++)
        for (size_t i = 0; i < tc->rows[r].n; i++)
            if (!best || tc->rows[r].cells[i].need_h > best->need_h) best = &tc->rows[r].cells[i];
    return best;
}

/* The record fields a cell shows, as 「民族」「籍贯」 into out ("" when none);
 * *field = the first one's index, or -1. */
static void cell_fields(const flow *f, const ws_cell_def *d, char *out, size_t n, int *field)
{
    *field = -1;
    out[0] = '\0';
    for (size_t i = 0; d->text && i < d->text->n; i++) {
        const ws_part *part = &d->text->parts[i];
        if (part->kind != WS_PART_FIELD || part->field < 0) continue;
        if (*field < 0) *field = part->field;
        size_t len = strlen(out);
        snprintf(out + len, n - len, "「%s」", f->b->program->fields[part->field].name);
    }
}

/* A row (or rows tied by rowspan) that may not split and is taller than a
 * page: the error names the field whose text made it so, with its length,
 * so the clerk knows what to shorten. */
static ws_status too_tall(table_ctx *tc, size_t from, size_t to)
{
    flow *f = tc->f;
    const cell_box *cb = tallest_cell(tc, from, to);
    char fields[200];
    int field = -1;
    if (cb) cell_fields(f, cb->def, fields, sizeof fields, &field);
    int line = cb ? cb->def->line : tc->rows[from].def->line;
    if (field < 0)
        return ws_err_set(f->err, WS_ERR_INPUT,
                          "表格第 %d 行（模板 %s）的内容太多，一页放不下，而且这一行不能跨页",
                          line, f->doc->file);
    const char *v = f->b->record ? f->b->record->values[field] : "";
    return ws_err_set(f->err, WS_ERR_INPUT,
                      "%s：内容太多（%zu 字），表格第 %d 行（模板 %s）一页放不下，而这一格不能跨页；"
                      "请删减%s的文字",
                      fields, ws_utf8_count_chars(v, strlen(v)), line, f->doc->file, fields);
}

/* The height of the table's rows [from, to), in pt. */
static float rows_height(const table_ctx *tc, size_t from, size_t to)
{
    float h = 0;
    for (size_t r = from; r < to; r++) h += tc->rows[r].h;
    return h;
}

static ws_status place_group(table_ctx *tc, size_t from, size_t to)
{
    flow *f = tc->f;
    float h = rows_height(tc, from, to);
    if (f->y + h <= f->bottom + 0.01f) return draw_group(tc, from, to, f->y);
    bool single = to == from + 1;
    float page_h = f->bottom - f->y0;
    if (single && (tc->rows[from].def->split || h > page_h)) return split_row(tc, &tc->rows[from]);
    if (!f->page_empty) {
        WS_TRY(table_page(tc));
        if (f->y + h <= f->bottom + 0.01f) return draw_group(tc, from, to, f->y);
    }
    return too_tall(tc, from, to);
}

/* The least height row r may shrink to: its shrink_to, never below its content. */
static float shrink_floor(const table_ctx *tc, size_t r)
{
    const row_inst *ri = &tc->rows[r];
    float floor = ri->def->shrink_mm * WS_MM;
    for (size_t i = 0; i < ri->n; i++)
        if (ri->cells[i].def->rowspan == 1 && ri->cells[i].need_h > floor) floor = ri->cells[i].need_h;
    return floor;
}

/* A listing (a table with header rows: 公示, 汇总表) whose last one or two
 * rows would go over alone takes more with them, so its continuation page
 * shows at least three rows under the repeated header: the page ends before
 * the row that starts the third group from the end. When this page holds
 * too few for that (tall rows, three to a page), the two pages share them
 * (2 + 2, never 3 + 1 nor 1 + 3). */
static void break_before_tail(table_ctx *tc, size_t r, size_t k, size_t tail_groups)
{
    size_t starts[3] = {(size_t)-1, (size_t)-1, (size_t)-1}; /* the last group starts before k */
    size_t n = 0;
    for (size_t i = r > tc->nheader ? r : tc->nheader; i < k; i = group_end(tc, i))
        starts[n++ % 3] = i;
    size_t back = 3 - tail_groups; /* groups to take along: 1 or 2 */
    if (n <= tail_groups) return;
    if (back > (n - tail_groups) / 2) back = (n - tail_groups) / 2; /* as many on each side */
    if (back == 0) return;
    tc->break_at = starts[(n - back) % 3];
}

/* A form's last row that would go over alone (k: its group, the table's
 * last) takes the group before it along when that one was to be placed on
 * this page whole (from r on, not a row that splits): two opinion boxes on
 * the new page, not 市级主管部门意见 by itself. */
static void pair_last_row(table_ctx *tc, size_t r, size_t k)
{
    size_t before = (size_t)-1;
    for (size_t i = r; i < k; i = group_end(tc, i)) before = i;
    if (before == (size_t)-1 || before == r || tc->rows[before].def->split) return;
    tc->break_at = before;
}

/* The row before which the groups from row r on stop fitting on this page
 * as things are (tc->nrows: they all fit); *y where the last one ends. */
static size_t fitting_groups_end(const table_ctx *tc, size_t r, float *y)
{
    const flow *f = tc->f;
    size_t k = r;
    *y = f->y;
    while (k < tc->nrows) {
        size_t e = group_end(tc, k);
        float h = rows_height(tc, k, e);
        if (*y + h > f->bottom + 0.01f) break;
        *y += h;
        k = e;
    }
    return k;
}

/* A form's last one or two rows must not stand alone on a page when the
 * flexible rows (shrink_to:) from row r on — those about to be placed on this
 * page and the tail itself — can give up the height they need (a form designer's 撑满/压缩: blank opinion
 * boxes are made smaller rather than the 市人社局评审意见 row going over).
 * Shrinks those rows in proportion to what each can give; does nothing when
 * the rest of the table fits, when more than max_groups groups of rows would
 * go over (two for any table; all of them for keep_together), when the first
 * of them may split, or when there is not enough slack. */
static void keep_tail_on_page(table_ctx *tc, size_t r, size_t max_groups)
{
    flow *f = tc->f;
    float y;
    size_t k = fitting_groups_end(tc, r, &y);
    if (k == tc->nrows || tc->rows[k].def->split) return;
    float tail = rows_height(tc, k, tc->nrows);
    size_t groups = 0;
    for (size_t i = k; i < tc->nrows; i = group_end(tc, i)) groups++;
    float deficit = y + tail - f->bottom;
    if (groups > max_groups || deficit <= 0) return;
    float slack = 0; /* the rows to place here and the tail itself */
    for (size_t i = r; i < tc->nrows; i++)
        if (tc->rows[i].def->shrink_mm > 0 && group_end(tc, i) == i + 1)
            slack += fmaxf(0, tc->rows[i].h - shrink_floor(tc, i));
    if (slack < deficit + 0.01f) {
        if (tc->nheader > 0 && max_groups == 2) break_before_tail(tc, r, k, groups);
        else if (tc->nheader == 0 && max_groups == 2 && groups == 1) pair_last_row(tc, r, k);
        return;
    }
    for (size_t i = r; i < tc->nrows; i++)
        if (tc->rows[i].def->shrink_mm > 0 && group_end(tc, i) == i + 1) {
            float give = fmaxf(0, tc->rows[i].h - shrink_floor(tc, i));
            tc->rows[i].h -= (deficit + 0.01f) * give / slack;
        }
}

/* A table kept with the content before it (keep_with_previous, no header
 * rows: an 附件说明) that the flow could not keep whole on one page still
 * never leaves a single group of rows alone on either side of the break,
 * as a listing keeps company for its last rows (break_before_tail): with
 * one group going over, one more goes along when two stay; a table whose
 * first page would hold one group, or whose rows cannot leave two on each
 * side, starts on the next page. Rows that may split are left alone. */
static void pair_kept_rows(table_ctx *tc, size_t r)
{
    float y;
    size_t k = fitting_groups_end(tc, r, &y);
    if (!tc->t->keep_with_previous || tc->nheader > 0 || k == tc->nrows ||
        tc->rows[k].def->split)
        return;
    size_t here = 0, over = 0, last = r; /* groups on this page, over it; the last here */
    for (size_t i = r; i < k; i = group_end(tc, i), here++)
        last = i;
    for (size_t i = k; i < tc->nrows; i = group_end(tc, i)) over++;
    if (here >= 2 && over >= 2) return;
    if (over == 1 && here >= 3) tc->break_at = last;
    else if (r == 0 && here > 0) tc->break_at = 0;
}

/* keep_together: a table that does not fit in what is left of the page,
 * even with its flexible rows shrunk, but fits on a page of its own, starts
 * on the next page (the 承诺 and 意见 boxes of a form stay one block). */
static ws_status keep_table_together(table_ctx *tc)
{
    flow *f = tc->f;
    if (f->page_empty || f->y + rows_height(tc, 0, tc->nrows) <= f->bottom + 0.01f) return WS_OK;
    keep_tail_on_page(tc, 0, tc->nrows);
    float h = rows_height(tc, 0, tc->nrows);
    if (f->y + h <= f->bottom + 0.01f || h > f->bottom - f->y0) return WS_OK;
    return new_page(f);
}

static ws_status place_block(flow *f, const ws_block_def *b);

/* Whether a listing (header rows: 公示, 汇总表) about to start here would
 * leave its header alone at the page's foot, or with a single row under it
 * and the rest under the header repeated overleaf: it starts on the next
 * page instead, when that page holds the header with more (two rows, or
 * the first row's start). Not at the top of a page, nor for a table that
 * ends with its first row. */
static bool listing_start_stranded(const table_ctx *tc)
{
    const flow *f = tc->f;
    size_t r = tc->nheader;
    if (r == 0 || r >= tc->nrows || f->page_empty || tc->t->keep_together) return false;
    float head = rows_height(tc, 0, r), page = f->bottom - f->y0;
    float room = f->bottom - f->y - head + 0.01f;
    float first = start_height(tc, r);
    if (first > room) return head + first <= page + 0.01f; /* the header alone */
    size_t e = group_end(tc, r);
    float whole = rows_height(tc, r, e);
    if (e >= tc->nrows || whole > room) return false; /* one row, or the first splits here */
    float second = start_height(tc, e);
    if (whole + second <= room) return false;
    return head + whole + second <= page + 0.01f; /* one row, the rest overleaf */
}

/* A listing that would start at the foot of a page with its header and a
 * single row, the rest under the header repeated overleaf (a 公示's "二、技术
 * 能手", its header and one row), goes over with the keep_with_next heading
 * placed right before it: the display list is taken back to before the
 * heading, which is placed again on the next page. Needs two body rows
 * (groups) or more; does nothing when the heading stands at the top of its
 * page already. */
static ws_status keep_heading_with_rows(table_ctx *tc)
{
    flow *f = tc->f;
    const ws_block_def *heading = f->heading;
    size_t n = f->heading_n;
    f->heading_n = 0;
    bool heading_here = n && tc->nheader > 0 && !f->heading_page_empty &&
                        f->heading_npages == f->dl->npages;
    bool stranded = listing_start_stranded(tc);
    if (!heading_here) return stranded ? new_page(f) : WS_OK;
    float need = 0;
    size_t groups = 0, r = 0;
    for (; r < tc->nheader; r++) need += tc->rows[r].h;
    for (; r < tc->nrows && groups < 2; r = group_end(tc, r), groups++)
        for (size_t i = r; i < group_end(tc, r); i++) need += tc->rows[i].h;
    bool one_row_here = groups >= 2 && r < tc->nrows && f->y + need > f->bottom + 0.01f;
    if (!one_row_here && !stranded) return WS_OK;
    f->page->n = f->heading_nitems; /* the heading's lines off this page */
    f->y = f->heading_y;
    WS_TRY(new_page(f));
    for (size_t i = 0; i < n; i++) WS_TRY(place_block(f, &heading[i]));
    return WS_OK;
}

/* Whether the group of body rows at r goes on the next page whole (it
 * does not fit here, and neither splits nor is taller than a page): the
 * page is turned before it, not inside place_group, so the rows left for the
 * next page are weighed with r among them. */
static bool goes_over(const table_ctx *tc, size_t r)
{
    const flow *f = tc->f;
    size_t end = group_end(tc, r);
    float h = rows_height(tc, r, end);
    return r >= tc->nheader && !f->page_empty && f->y + h > f->bottom + 0.01f &&
           !(end == r + 1 && tc->rows[r].def->split) && h <= f->bottom - f->y0;
}

/* A row of labels only (a section's title 主要技术简况、贡献成果登记, its
 * 项目 | 内容 column heads): fixed text, no field, no photo. */
static bool labels_only(const row_inst *ri)
{
    for (size_t i = 0; i < ri->n; i++) {
        const ws_cell_def *c = ri->cells[i].def;
        if (c->photo_field >= 0 || !c->text || !c->text->constant) return false;
    }
    return ri->n > 0;
}

/* The least of the group at r that must stand on a page for it to have
 * started there: a row that splits, its first two lines (as split_row asks)
 * beside its other cells; any other group, whole. */
static float start_height(const table_ctx *tc, size_t r)
{
    const row_inst *ri = &tc->rows[r];
    size_t end = group_end(tc, r);
    float whole = rows_height(tc, r, end);
    if (end != r + 1 || !ri->def->split) return whole;
    size_t flow_i = flowing_cell(ri);
    float h = 0;
    for (size_t i = 0; i < ri->n; i++) {
        const cell_box *cb = &ri->cells[i];
        float least = cb->need_h;
        if (prose_cell(ri, i, flow_i) && cb->has_text && cb->text.nlines >= 2)
            least = fminf(least, 2 * cb->text.line_h + 2 * tc->pad);
        h = fmaxf(h, least);
    }
    return fminf(whole, h);
}

/* Whether the label rows from body row r on would end this page with
 * nothing of the row they head (the section title alone at the foot, its
 * content overleaf): the page is turned before them. Not when they stand
 * at the top of a page already, end the table, or could never share a page
 * with that row. */
static bool labels_stranded(const table_ctx *tc, size_t r)
{
    const flow *f = tc->f;
    if (f->page_empty || r < tc->nheader || !labels_only(&tc->rows[r])) return false;
    size_t m = r;
    while (m < tc->nrows && labels_only(&tc->rows[m])) m = group_end(tc, m);
    if (m == tc->nrows) return false;
    float need = rows_height(tc, r, m) + start_height(tc, m);
    return f->y + need > f->bottom + 0.01f && need <= f->bottom - f->y0;
}

static ws_status place_table(flow *f, const ws_table_def *t)
{
    table_ctx tc = {.f = f, .t = t, .pad = t->pad_mm * WS_MM, .break_at = (size_t)-1};
    tc.col_x = ws_arena_alloc(f->a, (t->ncols + 1) * sizeof *tc.col_x);
    if (!tc.col_x) return oom(f);
    set_columns(&tc);
    tc.generated = generated(t);
    if (tc.generated) WS_TRY(fit_columns(&tc));
    if (has_repeated_rows(t)) {
        tc.col_size = ws_arena_calloc(f->a, t->ncols, sizeof *tc.col_size);
        if (!tc.col_size) return oom(f);
    }
    WS_TRY(build_rows(&tc));
    if (tc.col_size && uniform_sizes(&tc)) {
        tc.nrows = tc.nheader = 0;
        WS_TRY(build_rows(&tc));
    }
    grow_for_rowspans(&tc);
    if (t->keep_together) WS_TRY(keep_table_together(&tc));
    else WS_TRY(keep_heading_with_rows(&tc)); /* and listing_start_stranded */
    size_t tail_checked = 0; /* the page keep_tail_on_page last looked at */
    for (size_t r = 0; r < tc.nrows;) {
        tc.in_body = r >= tc.nheader;
        if (goes_over(&tc, r)) WS_TRY(table_page(&tc)); /* so the tail is weighed before it */
        if (f->dl->npages != tail_checked) { /* first rows placed on this page */
            keep_tail_on_page(&tc, r, 2);
            pair_kept_rows(&tc, r);
            tail_checked = f->dl->npages;
        }
        if (r == tc.break_at && !f->page_empty) WS_TRY(table_page(&tc));
        if (labels_stranded(&tc, r)) WS_TRY(table_page(&tc));
        size_t end = group_end(&tc, r);
        WS_TRY(place_group(&tc, r, end));
        r = end;
    }
    return WS_OK;
}

/* --- the document ---------------------------------------------------------------------- */

/* --- keep_with_previous: a 落款 never starts a page alone ------------------------------- */

/* GB/T 9704 §7.3.5: a page may not hold the 落款 without 正文. The flow
 * cannot know what is the last content before such a block until the block
 * has been placed, so it places it, and when the block reached a page
 * holding nothing before it, rewinds the display list to before the block
 * of content preceding it (a paragraph, a table, a groups: list; not one
 * kept itself, such as the 附件说明 before a 落款) and lays that out again on
 * a page that ends as much above where that content ended as the kept
 * block is tall: its last lines or rows go over with the block, by the
 * usual rules (no line alone, a listing's rows under their header). */
typedef struct flow_mark {
    size_t npages, nitems; /* pages, and items on the last one */
    float y;
    bool page_empty;
} flow_mark;

static flow_mark mark_of(const flow *f)
{
    return (flow_mark){f->dl->npages, f->page->n, f->y, f->page_empty};
}

static void rewind_to(flow *f, const flow_mark *m)
{
    f->dl->npages = m->npages;
    f->page = f->dl->pages[m->npages - 1];
    f->page->n = m->nitems;
    f->y = m->y;
    f->page_empty = m->page_empty;
    set_bottom(f);
}

/* The page where what was placed after 'before' begins. */
static size_t first_page(const flow *f, const flow_mark *before)
{
    bool added = f->dl->pages[before->npages - 1]->n > before->nitems;
    return added || f->dl->npages == before->npages ? before->npages - 1 : before->npages;
}

/* Whether what was placed after 'before' reaches a page holding nothing
 * placed before it (a 落款 after a spacer that filled the page, the second
 * row of an 附件说明 split from the first). */
static bool went_past(const flow *f, const flow_mark *before)
{
    size_t last_content = before->npages - 1; /* the page content before it ends on */
    if (before->page_empty) {
        if (last_content == 0) return false;
        last_content--;
    }
    return f->dl->npages - 1 > last_content;
}

/* A block kept with the content before it: a paragraph or table that says
 * so, or a when: (min_groups: …) that applies and whose first block is kept
 * — its own list has nothing before that block, so the list around it
 * keeps the whole when: with the content before it. */
static bool keeps_with_previous(const flow *f, const ws_block_def *b)
{
    if (b->kind == WS_BLOCK_WHEN)
        return b->nblocks && ws_block_applies(b, f->b->record, ws_bound_groups(f->b)) &&
               keeps_with_previous(f, &b->blocks[0]);
    return (b->kind == WS_BLOCK_PARAGRAPH && b->keep_with_previous) ||
           (b->kind == WS_BLOCK_TABLE && b->table->keep_with_previous);
}

/* The latest block of content in a list of blocks: where to rewind to. */
typedef struct last_content {
    size_t index; /* SIZE_MAX: none since the start or a page_break */
    flow_mark before;
    size_t end_page; /* the page its content ends on */
    float end_y;     /* and where on it */
} last_content;

/* A heading that keeps with what follows it: the block itself, or the last
 * block of a when: that applies. */
static bool ends_with_heading(const flow *f, const ws_block_def *b)
{
    if (b->kind == WS_BLOCK_PARAGRAPH) return b->keep_with_next;
    if (b->kind != WS_BLOCK_WHEN || !b->nblocks ||
        !ws_block_applies(b, f->b->record, ws_bound_groups(f->b)))
        return false;
    return ends_with_heading(f, &b->blocks[b->nblocks - 1]);
}

static ws_status place_noting(flow *f, const ws_block_def *blocks, size_t i, last_content *lc)
{
    flow_mark before = mark_of(f);
    WS_TRY(place_block(f, &blocks[i]));
    ws_block_kind k = blocks[i].kind;
    if (k == WS_BLOCK_PAGE_BREAK) lc->index = SIZE_MAX;
    else if (k != WS_BLOCK_SPACER && !keeps_with_previous(f, &blocks[i]) &&
             (f->dl->npages > before.npages || f->page->n > before.nitems))
        *lc = (last_content){i, before, f->dl->npages - 1, f->y};
    return WS_OK;
}

/* Lays out blocks [from, to] again with page 'short_page' ending short_by
 * higher; *together: block 'to' is wholly on the page where block 'from'
 * ends. */
static ws_status replay(flow *f, const ws_block_def *blocks, size_t from, size_t to,
                        size_t short_page, float short_by, last_content *lc, bool *together)
{
    f->short_page = short_page;
    f->short_by = short_by;
    set_bottom(f);
    size_t from_end = 0;
    flow_mark before = mark_of(f);
    for (size_t k = from; k <= to; k++) {
        if (k == to) before = mark_of(f);
        WS_TRY(place_noting(f, blocks, k, lc));
        if (k == from) from_end = f->dl->npages - 1;
    }
    f->short_page = SIZE_MAX;
    set_bottom(f);
    *together = first_page(f, &before) == from_end && f->dl->npages - 1 == from_end;
    return WS_OK;
}

/* A list of blocks (the content, a group's, a when:'s), top to bottom. A
 * keep_with_previous block that reaches a page holding nothing before it
 * takes the end of the content before it along; when even that does not
 * put it wholly on one page with it, the blocks are laid out as they were. */
static ws_status place_blocks(flow *f, const ws_block_def *blocks, size_t n)
{
    last_content lc = {SIZE_MAX, {0}, 0, 0};
    for (size_t i = 0; i < n; i++) {
        flow_mark before = mark_of(f);
        last_content prev = lc;
        if (blocks[i].kind == WS_BLOCK_TABLE && lc.index != SIZE_MAX &&
            ends_with_heading(f, &blocks[lc.index])) { /* see keep_heading_with_rows */
            f->heading = &blocks[lc.index];
            f->heading_n = i - lc.index;
            f->heading_npages = lc.before.npages;
            f->heading_nitems = lc.before.nitems;
            f->heading_y = lc.before.y;
            f->heading_page_empty = lc.before.page_empty;
        }
        WS_TRY(place_noting(f, blocks, i, &lc));
        f->heading_n = 0;
        if (!keeps_with_previous(f, &blocks[i]) || prev.index == SIZE_MAX) continue;
        if (f->short_page != SIZE_MAX || !went_past(f, &before)) continue; /* one at a time */
        /* the page ends above the content's end by what the kept block takes */
        float cut = f->bottom - prev.end_y + (f->y - f->y0);
        bool together = false;
        for (int attempt = 0; attempt < 2 && !together; attempt++) {
            rewind_to(f, &prev.before);
            lc = prev;
            WS_TRY(replay(f, blocks, prev.index, i, attempt ? SIZE_MAX : prev.end_page, cut,
                          &lc, &together));
        }
    }
    return WS_OK;
}

typedef struct group_blocks {
    flow *f;
    const ws_block_def *b;
} group_blocks;

/* ws_group_visit: the groups: block's blocks for one group. */
static ws_status place_group_blocks(void *user, const ws_group *g)
{
    group_blocks *gb = user;
    (void)g;
    return place_blocks(gb->f, gb->b->blocks, gb->b->nblocks);
}

/* A groups: block: its blocks once per group of the set, with var.group … set. */
static ws_status place_groups(flow *f, const ws_block_def *b)
{
    group_blocks gb = {f, b};
    return ws_groups_each(f->b, place_group_blocks, &gb);
}

static ws_status place_block(flow *f, const ws_block_def *b)
{
    switch (b->kind) {
    case WS_BLOCK_PARAGRAPH: return place_paragraph(f, b);
    case WS_BLOCK_SPACER:
        f->y += b->height_mm * WS_MM;
        if (f->y > f->bottom) return new_page(f);
        return WS_OK;
    case WS_BLOCK_PAGE_BREAK: return f->page_empty ? WS_OK : new_page(f);
    case WS_BLOCK_TABLE: return place_table(f, b->table);
    case WS_BLOCK_GROUPS: return place_groups(f, b);
    case WS_BLOCK_WHEN:
        return ws_block_applies(b, f->b->record, ws_bound_groups(f->b)) ? place_blocks(f, b->blocks, b->nblocks) : WS_OK;
    }
    return WS_OK;
}

static ws_status add_footers(flow *f)
{
    const ws_page_def *pd = &f->doc->page;
    if (!pd->footer || (int)f->dl->npages < pd->footer_min_pages) return WS_OK;
    for (size_t i = 0; i < f->dl->npages; i++) {
        f->scope.page = (int)i + 1;
        f->scope.pages = (int)f->dl->npages;
        ws_ptext pt;
        ws_style_def st = *pd->footer_style;
        st.align = WS_H_CENTER;
        WS_TRY(typeset_tpl(f, pd->footer, &st, f->width, &pt));
        float y = (pd->height_mm - pd->bottom_mm / 2) * WS_MM - pt.line_h / 2;
        if (!ws_ptext_emit(&pt, 0, pt.nlines, pd->left_mm * WS_MM, y, f->dl, f->dl->pages[i]))
            return oom(f);
    }
    return WS_OK;
}

/* The document's mark (核对稿…) in the top margin of every page, flush with
 * the type area's right edge, half-way down the margin. */
static ws_status add_marks(flow *f)
{
    const ws_page_def *pd = &f->doc->page;
    if (!f->doc->mark) return WS_OK;
    for (size_t i = 0; i < f->dl->npages; i++) {
        ws_ptext pt;
        WS_TRY(typeset_tpl(f, f->doc->mark, &f->doc->mark_style, f->width, &pt));
        float y = pd->top_mm / 2 * WS_MM - pt.line_h / 2;
        if (!ws_ptext_emit(&pt, 0, pt.nlines, pd->left_mm * WS_MM, y, f->dl, f->dl->pages[i]))
            return oom(f);
    }
    return WS_OK;
}

ws_status ws_layout_doc(ws_typesetter *ts, const ws_doc_def *doc, ws_bound *b, ws_arena *arena,
                        ws_dl_doc **out, ws_err *err)
{
    flow f = {.ts = ts, .a = arena, .doc = doc, .b = b, .short_page = SIZE_MAX, .err = err};
    ws_bound_scope(b, &f.scope);
    f.dl = ws_dl_doc_create(arena);
    if (!f.dl) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (doc->title) f.dl->title = ws_tpl_expand(doc->title, &f.scope, arena);
    f.dl->creator = "wenshu";
    WS_TRY(new_page(&f));
    WS_TRY(place_blocks(&f, doc->blocks, doc->nblocks));
    /* a trailing page break leaves an empty last page: drop it */
    if (f.page_empty && f.dl->npages > 1) f.dl->npages--;
    WS_TRY(add_footers(&f));
    WS_TRY(add_marks(&f));
    *out = f.dl;
    return WS_OK;
}
