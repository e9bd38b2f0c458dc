/* render/html.c - see html.h. */
#include "render/html.h"


#include <string.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "template/rows.h"

typedef struct html {
    ws_buf out;
    ws_bound *b;
    ws_tpl_scope scope;
    ws_arena *a;
} html;

/* Escapes text; check boxes (U+E000/E001) become ☐/☑, newlines <br>. */
static void put_text(html *h, const char *s)
{
    for (; *s; s++) {
        if (!strncmp(s, "\xee\x80\x80", 3)) {
            ws_buf_puts(&h->out, "☐");
            s += 2;
        } else if (!strncmp(s, "\xee\x80\x81", 3)) {
            ws_buf_puts(&h->out, "☑");
            s += 2;
        } else if (*s == '<') {
            ws_buf_puts(&h->out, "&lt;");
        } else if (*s == '>') {
            ws_buf_puts(&h->out, "&gt;");
        } else if (*s == '&') {
            ws_buf_puts(&h->out, "&amp;");
        } else if (*s == '"') {
            ws_buf_puts(&h->out, "&quot;");
        } else if (*s == '\n') {
            ws_buf_puts(&h->out, "<br>");
        } else {
            ws_buf_putc(&h->out, *s);
        }
    }
}

static void put_tpl(html *h, const ws_tpl *t)
{
    const char *s = t ? ws_tpl_expand(t, &h->scope, h->a) : "";
    put_text(h, s ? s : "");
}

static const char *align_class(const ws_style_def *st)
{
    switch (st->align) {
    case WS_H_CENTER: return "c";
    case WS_H_RIGHT:
    case WS_H_SIGNATURE: return "r";
    default: return "j";
    }
}

/* A paragraph block: each line of its text ('\n' starts a paragraph, as on
 * paper) is its own element, so every one gets the first-line indent. A
 * title (h1) keeps its line breaks. */
static void put_paragraph(html *h, const ws_block_def *blk)
{
    const ws_style_def *st = blk->style;
    const char *tag = st->size_pt >= 18 ? "h1" : blk->keep_with_next ? "h2" : "p";
    const char *text = blk->text ? ws_tpl_expand(blk->text, &h->scope, h->a) : "";
    if (!text) text = "";
    bool split = strcmp(tag, "h1") != 0;
    do {
        size_t len = split ? strcspn(text, "\n") : strlen(text);
        char *line = ws_arena_strndup(h->a, text, len);
        ws_buf_printf(&h->out, "<%s class=\"%s%s\">", tag, align_class(st), st->indent_em > 0 ? " i" : "");
        put_text(h, line ? line : "");
        ws_buf_printf(&h->out, "</%s>\n", tag);
        text += len + (text[len] == '\n');
    } while (*text);
}

/* A cell this short (a name, 序号, 性别, 职业（工种）) stays on one line,
 * whatever width the browser gives its column; a table too wide for a phone
 * scrolls sideways (.t) rather than break 欧阳 / 堃. */
#define SHORT_CELL_CHARS 6

static void put_row(html *h, const ws_row_def *row)
{
    ws_buf_puts(&h->out, row->header ? "<tr class=\"h\">" : "<tr>");
    for (size_t i = 0; i < row->ncells; i++) {
        const ws_cell_def *c = &row->cells[i];
        const char *tag = row->header ? "th" : "td";
        ws_buf_printf(&h->out, "<%s", tag);
        if (c->colspan > 1) ws_buf_printf(&h->out, " colspan=\"%d\"", c->colspan);
        if (c->rowspan > 1) ws_buf_printf(&h->out, " rowspan=\"%d\"", c->rowspan);
        const char *text = c->text ? ws_tpl_expand(c->text, &h->scope, h->a) : "";
        if (!text) text = "";
        if (ws_utf8_count_chars(text, strlen(text)) <= SHORT_CELL_CHARS)
            ws_buf_puts(&h->out, " class=\"n\"");
        ws_buf_puts(&h->out, ">");
        put_text(h, text);
        ws_buf_printf(&h->out, "</%s>", tag);
    }
    ws_buf_puts(&h->out, "</tr>\n");
}

/* ws_row_visit: one instance of a table row. */
static ws_status put_row_instance(void *user, const ws_row_def *def, const ws_entry *item)
{
    (void)item; /* bound in h->b by the iterator */
    put_row(user, def);
    return WS_OK;
}

static void put_table(html *h, const ws_table_def *t)
{
    ws_buf_puts(&h->out, "<div class=\"t\"><table>\n");
    for (size_t r = 0; r < t->nrows; r++)
        ws_row_instances(&t->rows[r], h->b, &h->scope, h->a, put_row_instance, h);
    ws_buf_puts(&h->out, "</table></div>\n");
}

static void put_blocks(html *h, const ws_block_def *blocks, size_t n);

typedef struct group_html {
    html *h;
    const ws_block_def *b;
} group_html;

/* ws_group_visit: the groups: block's blocks for one group. */
static ws_status put_group(void *user, const ws_group *g)
{
    group_html *gh = user;
    (void)g;
    put_blocks(gh->h, gh->b->blocks, gh->b->nblocks);
    return WS_OK;
}

static void put_groups(html *h, const ws_block_def *blk)
{
    group_html gh = {h, blk};
    ws_groups_each(h->b, put_group, &gh);
}

static void put_blocks(html *h, const ws_block_def *blocks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ws_block_def *blk = &blocks[i];
        switch (blk->kind) {
        case WS_BLOCK_PARAGRAPH: put_paragraph(h, blk); break;
        case WS_BLOCK_TABLE: put_table(h, blk->table); break;
        case WS_BLOCK_GROUPS: put_groups(h, blk); break;
        case WS_BLOCK_WHEN:
            if (ws_block_applies(blk, h->b->record, ws_bound_groups(h->b)))
                put_blocks(h, blk->blocks, blk->nblocks);
            break;
        case WS_BLOCK_SPACER: ws_buf_puts(&h->out, "<div class=\"s\"></div>\n"); break;
        case WS_BLOCK_PAGE_BREAK: break;
        }
    }
}

static const char CSS[] =
    "body{font-family:\"FangSong\",\"仿宋\",\"STFangsong\",serif;max-width:46em;margin:0 auto;"
    "padding:1em;line-height:1.8;font-size:1.05em;color:#111}"
    "h1{font-family:\"SimHei\",\"黑体\",sans-serif;font-size:1.5em;text-align:center;"
    "line-height:1.4;margin:1em 0}"
    "h2{font-size:1.1em;margin:1em 0 .5em}"
    "p{margin:.3em 0}.c{text-align:center}.r{text-align:right}.j{text-align:justify}"
    ".i{text-indent:2em}.s{height:1em}"
    ".t{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5em 0}"
    "td,th{border:1px solid #444;padding:.3em .5em;text-align:center}"
    "th{background:#f2f2f2}.n{white-space:nowrap}";

ws_status ws_html_write(const ws_doc_def *doc, ws_bound *b, ws_arena *arena, const char *path,
                        ws_err *err)
{
    html h = {WS_BUF_INIT, b, {0}, arena};
    ws_bound_scope(b, &h.scope);
    ws_buf_puts(&h.out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>");
    if (doc->title) put_tpl(&h, doc->title);
    else put_text(&h, doc->name);
    ws_buf_printf(&h.out, "</title>\n<style>%s</style>\n</head>\n<body>\n", CSS);
    put_blocks(&h, doc->blocks, doc->nblocks);
    ws_buf_puts(&h.out, "</body>\n</html>\n");
    ws_status st = h.out.failed ? ws_err_set(err, WS_ERR_NOMEM, "内存不足")
                                : ws_write_file_atomic(path, h.out.p, h.out.len, err);
    ws_buf_free(&h.out);
    return st;
}
