/* layout/display.c - see display.h. */
#include "layout/display.h"

#include <string.h>

#include "base/utf8.h"

ws_dl_doc *ws_dl_doc_create(ws_arena *arena)
{
    ws_dl_doc *doc = ws_arena_calloc(arena, 1, sizeof *doc);
    if (doc) doc->arena = arena;
    return doc;
}

ws_page *ws_dl_add_page(ws_dl_doc *doc, float width_pt, float height_pt)
{
    if (doc->npages == doc->cap) {
        size_t ncap = doc->cap ? doc->cap * 2 : 8;
        ws_page **pages = ws_arena_grow(doc->arena, doc->pages, doc->npages, ncap, sizeof *pages);
        if (!pages) return NULL;
        doc->pages = pages;
        doc->cap = ncap;
    }
    ws_page *p = ws_arena_calloc(doc->arena, 1, sizeof *p);
    if (!p) return NULL;
    p->width_pt = width_pt;
    p->height_pt = height_pt;
    doc->pages[doc->npages++] = p;
    return p;
}

bool ws_dl_add_bookmark(ws_dl_doc *doc, const char *title, size_t page, int level)
{
    if (doc->nmarks == doc->marks_cap) {
        size_t ncap = doc->marks_cap ? doc->marks_cap * 2 : 8;
        ws_bookmark *m = ws_arena_grow(doc->arena, doc->marks, doc->nmarks, ncap, sizeof *m);
        if (!m) return false;
        doc->marks = m;
        doc->marks_cap = ncap;
    }
    doc->marks[doc->nmarks++] = (ws_bookmark){ws_arena_strdup(doc->arena, title), page, level};
    return true;
}

ws_dl_item *ws_dl_add(ws_dl_doc *doc, ws_page *page, ws_dl_kind kind)
{
    if (page->n == page->cap) {
        size_t ncap = page->cap ? page->cap * 2 : 16; /* a packet's page-number stamp: one item a page */
        ws_dl_item *items = ws_arena_grow(doc->arena, page->items, page->n, ncap, sizeof *items);
        if (!items) return NULL;
        page->items = items;
        page->cap = ncap;
    }
    ws_dl_item *it = &page->items[page->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

bool ws_dl_line_add(ws_dl_doc *doc, ws_page *page, float x1, float y1, float x2, float y2,
                    float width_pt)
{
    ws_dl_item *it = ws_dl_add(doc, page, WS_DL_LINE);
    if (!it) return false;
    it->u.line = (ws_dl_line){x1, y1, x2, y2, width_pt};
    return true;
}

bool ws_dl_rect_add(ws_dl_doc *doc, ws_page *page, float x, float y, float w, float h,
                    float stroke_pt, float fill_gray)
{
    ws_dl_item *it = ws_dl_add(doc, page, WS_DL_RECT);
    if (!it) return false;
    it->u.rect = (ws_dl_rect){x, y, w, h, stroke_pt, fill_gray};
    return true;
}

/* A run's ink is dumped (ink=LEFT,RIGHT, page coordinates) only where it
 * reaches further than this outside the run's advance box [x, x+w]: most
 * runs' ink lies inside it (a side bearing a little below zero is the font's
 * design, and cell padding is wider), and the dumps stay as they were. */
#define INK_SLACK_PT 0.5f

static void dump_text(const ws_dl_text *t, const ws_font_catalog *cat, ws_buf *out)
{
    const ws_face_info *face = cat ? ws_font_catalog_face(cat, t->face) : NULL;
    ws_buf_printf(out, "  text%s%s face=%s size=", t->line_start ? " start" : "",
                  t->line_end ? " end" : "", face ? face->family : "?");
    ws_buf_num(out, t->size_pt, 2);
    ws_buf_puts(out, " x=");
    ws_buf_num(out, t->x, 2);
    ws_buf_puts(out, " y=");
    ws_buf_num(out, t->y, 2);
    ws_buf_puts(out, " w=");
    ws_buf_num(out, t->width, 2);
    if (t->ink_x0 < t->ink_x1 &&
        (t->ink_x0 < -INK_SLACK_PT || t->ink_x1 > t->width + INK_SLACK_PT)) {
        ws_buf_puts(out, " ink=");
        ws_buf_num(out, t->x + t->ink_x0, 2);
        ws_buf_putc(out, ',');
        ws_buf_num(out, t->x + t->ink_x1, 2);
    }
    ws_buf_puts(out, " \"");
    for (uint32_t i = 0; i < t->n; i++) {
        char u[4];
        uint32_t cp = t->glyphs[i].cp;
        if (cp == '"' || cp == '\\') ws_buf_putc(out, '\\');
        ws_buf_append(out, u, ws_utf8_encode(cp, u));
    }
    ws_buf_puts(out, "\"\n");
}

static void dump_nums(ws_buf *out, const char *label, const float *v, size_t n)
{
    ws_buf_puts(out, label);
    for (size_t i = 0; i < n; i++) {
        ws_buf_putc(out, i ? ' ' : '=');
        ws_buf_num(out, v[i], 2);
    }
}

void ws_dl_dump(const ws_dl_doc *doc, const ws_font_catalog *cat, ws_buf *out)
{
    ws_buf_printf(out, "doc title=\"%s\" pages=%zu\n", doc->title ? doc->title : "",
                  doc->npages);
    for (size_t m = 0; m < doc->nmarks; m++)
        ws_buf_printf(out, "bookmark page=%zu level=%d \"%s\"\n", doc->marks[m].page + 1,
                      doc->marks[m].level, doc->marks[m].title);
    for (size_t p = 0; p < doc->npages; p++) {
        const ws_page *pg = doc->pages[p];
        ws_buf_printf(out, "page %zu ", p + 1);
        ws_buf_num(out, pg->width_pt, 2);
        ws_buf_putc(out, 'x');
        ws_buf_num(out, pg->height_pt, 2);
        ws_buf_putc(out, '\n');
        for (size_t i = 0; i < pg->n; i++) {
            const ws_dl_item *it = &pg->items[i];
            switch (it->kind) {
            case WS_DL_TEXT: dump_text(&it->u.text, cat, out); break;
            case WS_DL_LINE: {
                const ws_dl_line *l = &it->u.line;
                float v[5] = {l->x1, l->y1, l->x2, l->y2, l->width_pt};
                dump_nums(out, "  line", v, 5);
                ws_buf_putc(out, '\n');
                break;
            }
            case WS_DL_RECT: {
                const ws_dl_rect *r = &it->u.rect;
                float v[6] = {r->x, r->y, r->w, r->h, r->stroke_pt, r->fill_gray};
                dump_nums(out, "  rect", v, 6);
                ws_buf_putc(out, '\n');
                break;
            }
            case WS_DL_IMAGE: {
                const ws_dl_image *im = &it->u.image;
                float v[4] = {im->x, im->y, im->w, im->h};
                dump_nums(out, "  image", v, 4);
                ws_buf_printf(out, " px=%dx%d orient=%d\n", im->image->width_px,
                              im->image->height_px, im->image->orientation);
                break;
            }
            case WS_DL_PATH: {
                const ws_dl_path *pa = &it->u.path;
                ws_buf_printf(out, "  path n=%u", pa->n);
                dump_nums(out, " pts", pa->xy, pa->n * 2);
                ws_buf_putc(out, '\n');
                break;
            }
            }
        }
    }
}

bool ws_dl_append_pages(ws_dl_doc *doc, const ws_dl_doc *from)
{
    if (doc->npages + from->npages > doc->cap) {
        size_t ncap = doc->cap ? doc->cap : 8;
        while (ncap < doc->npages + from->npages) ncap *= 2;
        ws_page **pages = ws_arena_grow(doc->arena, doc->pages, doc->npages, ncap, sizeof *pages);
        if (!pages) return false;
        doc->pages = pages;
        doc->cap = ncap;
    }
    for (size_t i = 0; i < from->npages; i++) doc->pages[doc->npages++] = from->pages[i];
    return true;
}

/* An image of scratch copied into a (its bytes or, for RAW samples deflated
 * already, only that stream: the renderer reads nothing else; its palette
 * and its path). */
static const ws_image *copy_image(ws_arena *a, const ws_image *img)
{
    ws_image *c = ws_arena_alloc(a, sizeof *c);
    if (!c) return NULL;
    *c = *img;
    if (img->path && !(c->path = ws_arena_strdup(a, img->path))) return NULL;
    if (img->kind == WS_IMAGE_RAW && img->zdata) c->data = NULL, c->size = 0;
    unsigned char *data = c->size ? ws_arena_alloc(a, c->size) : NULL;
    unsigned char *z = img->zdata && img->zsize ? ws_arena_alloc(a, img->zsize) : NULL;
    if ((c->size && !data) || (img->zdata && img->zsize && !z)) return NULL;
    if (data) memcpy(data, img->data, img->size), c->data = data;
    if (z) memcpy(z, img->zdata, img->zsize), c->zdata = z;
    if (img->palette_size > 0) {
        unsigned char *pal = ws_arena_alloc(a, 3 * (size_t)img->palette_size);
        if (!pal) return NULL;
        memcpy(pal, img->palette, 3 * (size_t)img->palette_size);
        c->palette = pal;
    }
    return c;
}

typedef struct image_copies {
    const ws_image *from[8], *to[8];
    size_t n;
} image_copies;

/* The copy of img (made once per call for the first few: a photo drawn on two pages). */
static const ws_image *image_in(ws_arena *a, const ws_arena *scratch, image_copies *done,
                                const ws_image *img)
{
    if (!img || !ws_arena_owns(scratch, img)) return img;
    for (size_t i = 0; i < done->n; i++)
        if (done->from[i] == img) return done->to[i];
    const ws_image *c = copy_image(a, img);
    if (c && done->n < 8) done->from[done->n] = img, done->to[done->n++] = c;
    return c;
}

static bool copy_item(ws_arena *a, const ws_arena *scratch, image_copies *imgs, ws_dl_item *it)
{
    if (it->kind == WS_DL_TEXT && it->u.text.n) {
        ws_dl_glyph *g = ws_arena_alloc(a, it->u.text.n * sizeof *g);
        if (!g) return false;
        memcpy(g, it->u.text.glyphs, it->u.text.n * sizeof *g);
        it->u.text.glyphs = g;
    } else if (it->kind == WS_DL_PATH && it->u.path.n) {
        float *xy = ws_arena_alloc(a, 2 * it->u.path.n * sizeof *xy);
        if (!xy) return false;
        memcpy(xy, it->u.path.xy, 2 * it->u.path.n * sizeof *xy);
        it->u.path.xy = xy;
    } else if (it->kind == WS_DL_IMAGE) {
        it->u.image.image = image_in(a, scratch, imgs, it->u.image.image);
        if (!it->u.image.image) return false;
    }
    return true;
}

bool ws_dl_copy_pages(ws_dl_doc *doc, const ws_dl_doc *from, const ws_arena *scratch)
{
    image_copies imgs = {.n = 0};
    for (size_t p = 0; p < from->npages; p++) {
        const ws_page *src = from->pages[p];
        ws_page *pg = ws_arena_alloc(doc->arena, sizeof *pg);
        ws_dl_item *items = src->n ? ws_arena_alloc(doc->arena, src->n * sizeof *items) : NULL;
        if (!pg || (src->n && !items)) return false;
        if (src->n) memcpy(items, src->items, src->n * sizeof *items);
        *pg = (ws_page){src->width_pt, src->height_pt, items, src->n, src->n};
        for (size_t i = 0; i < src->n; i++)
            if (!copy_item(doc->arena, scratch, &imgs, &items[i])) return false;
        ws_dl_doc one = {.pages = &pg, .npages = 1};
        if (!ws_dl_append_pages(doc, &one)) return false;
    }
    return true;
}
