/* template/tpl.c - see tpl.h. */
#include "template/tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define MAX_PARTS 256
#define MAX_WORDS 4

static const struct {
    const char *name;
    ws_filter f;
} FILTERS[] = {{"date_cn", WS_FILTER_DATE_CN},       {"date_numeral", WS_FILTER_DATE_NUMERAL},
               {"date_dot", WS_FILTER_DATE_DOT},     {"mask_id", WS_FILTER_MASK_ID},
               {"first_line", WS_FILTER_FIRST_LINE}, {"upper", WS_FILTER_UPPER},
               {"or_seq", WS_FILTER_OR_SEQ},         {"pad2", WS_FILTER_PAD2},
               {"pad3", WS_FILTER_PAD3},             {"cn_number", WS_FILTER_CN_NUMBER},
               {"count", WS_FILTER_COUNT}};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Splits 'check 申报类别 "嘉兴巧匠"' into words; returns the count. */
static size_t split_words(const char *s, size_t len, const char **w, size_t *wl)
{
    size_t n = 0, i = 0;
    while (i < len && n < MAX_WORDS) {
        while (i < len && is_blank(s[i])) i++;
        if (i >= len) break;
        bool quoted = s[i] == '"';
        size_t start = quoted ? ++i : i;
        while (i < len && (quoted ? s[i] != '"' : !is_blank(s[i]))) i++;
        w[n] = s + start;
        wl[n] = i - start;
        n++;
        if (quoted && i < len) i++;
    }
    while (i < len && is_blank(s[i])) i++;
    return i < len ? MAX_WORDS + 1 : n; /* too many words */
}

static bool word_is(const char *w, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(w, lit, len) == 0;
}

static bool has_prefix(const char *w, size_t len, const char *prefix, size_t *plen)
{
    *plen = strlen(prefix);
    return len > *plen && memcmp(w, prefix, *plen) == 0;
}

static ws_status parse_filter(const char *s, size_t len, ws_filter *out, ws_err *err)
{
    for (size_t i = 0; i < sizeof FILTERS / sizeof FILTERS[0]; i++) {
        if (word_is(s, len, FILTERS[i].name)) {
            *out = FILTERS[i].f;
            return WS_OK;
        }
    }
    return ws_err_set(err, WS_ERR_TEMPLATE,
                      "未知的过滤器「%.*s」（可用：date_cn, date_numeral, date_dot, mask_id, "
                      "first_line, upper, or_seq, pad2, pad3, cn_number, count）",
                      (int)len, s);
}

static int small_number(const char *s, size_t len)
{
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || i > 2) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return len ? v : -1;
}

static ws_status compile_item(const char *col, size_t cl, const ws_tpl_names *names, ws_part *p,
                              ws_err *err)
{
    if (!names->item_column)
        return ws_err_set(err, WS_ERR_TEMPLATE, "「item.%.*s」只能用在 repeat 的行里", (int)cl,
                          col);
    int n = small_number(col, cl);
    int idx = n > 0 ? n - 1 : names->item_column(names->user, col, cl);
    if (idx < 0)
        return ws_err_set(err, WS_ERR_TEMPLATE, "列表中没有「%.*s」这一列", (int)cl, col);
    p->kind = WS_PART_ITEM;
    p->field = idx;
    return WS_OK;
}

/* NAME, NAME|filter, item.X, program.X, unit.X, var.X, page, pages, seq. */
static ws_status compile_name(const char *w, size_t wl, const ws_tpl_names *names, ws_part *p,
                              ws_err *err)
{
    const char *bar = memchr(w, '|', wl);
    size_t nl = bar ? (size_t)(bar - w) : wl;
    if (bar) WS_TRY(parse_filter(bar + 1, wl - nl - 1, &p->filter, err));
    size_t plen;
    if (has_prefix(w, nl, "item.", &plen)) return compile_item(w + plen, nl - plen, names, p, err);
    static const struct {
        const char *prefix;
        ws_part_kind kind;
    } ns[] = {{"program.", WS_PART_PROGRAM},
              {"unit.", WS_PART_UNIT},
              {"var.", WS_PART_VAR},
              {"rule.", WS_PART_RULE}};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        if (has_prefix(w, nl, ns[i].prefix, &plen)) {
            p->kind = ns[i].kind;
            p->text = w + plen;
            p->len = nl - plen;
            return WS_OK;
        }
    }
    if (word_is(w, nl, "page") || word_is(w, nl, "pages")) {
        if (!names->allow_page)
            return ws_err_set(err, WS_ERR_TEMPLATE, "{{page}}、{{pages}} 只能用在页眉页脚中");
        p->kind = nl == 4 ? WS_PART_PAGE : WS_PART_PAGES;
        return WS_OK;
    }
    if (word_is(w, nl, "seq")) {
        p->kind = WS_PART_SEQ;
        return WS_OK;
    }
    if (word_is(w, nl, "row")) {
        if (!names->allow_row)
            return ws_err_set(err, WS_ERR_TEMPLATE,
                              "{{row}}（行的序号）只能用在 repeat 或 each 的行里；"
                              "记录的序号用 {{seq}}");
        p->kind = WS_PART_ROW;
        return WS_OK;
    }
    int f = names->field ? names->field(names->user, w, nl) : -1;
    if (f < 0)
        return ws_err_set(err, WS_ERR_TEMPLATE,
                          "没有名为「%.*s」的字段（program.yaml 的 fields 中未定义）", (int)nl, w);
    p->kind = WS_PART_FIELD;
    p->field = f;
    return WS_OK;
}

static ws_status compile_placeholder(const char *s, size_t len, const ws_tpl_names *names,
                                     ws_part *p, ws_err *err)
{
    const char *w[MAX_WORDS];
    size_t wl[MAX_WORDS];
    size_t n = split_words(s, len, w, wl);
    if (n == 0) return ws_err_set(err, WS_ERR_TEMPLATE, "空的 {{ }}");
    if (n == 3 && word_is(w[0], wl[0], "check")) {
        int f = names->field ? names->field(names->user, w[1], wl[1]) : -1;
        if (f < 0)
            return ws_err_set(err, WS_ERR_TEMPLATE, "check 中没有名为「%.*s」的字段", (int)wl[1],
                              w[1]);
        p->kind = WS_PART_CHECK;
        p->field = f;
        p->text = w[2];
        p->len = wl[2];
        return WS_OK;
    }
    if (n != 1)
        return ws_err_set(err, WS_ERR_TEMPLATE, "无法理解「{{%.*s}}」（应为 {{字段名}} 或 "
                          "{{check 字段名 选项}}）", (int)len, s);
    return compile_name(w[0], wl[0], names, p, err);
}

bool ws_tpl_uses_seq(const ws_tpl *t)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (t->parts[i].kind == WS_PART_SEQ || t->parts[i].filter == WS_FILTER_OR_SEQ) return true;
    return false;
}

ws_status ws_tpl_compile(const char *src, const ws_tpl_names *names, ws_arena *arena,
                         ws_tpl **out, ws_err *err)
{
    ws_part parts[MAX_PARTS];
    size_t n = 0, i = 0, len = strlen(src);
    while (i < len) {
        if (n == MAX_PARTS) return ws_err_set(err, WS_ERR_TEMPLATE, "模板中的 {{ }} 太多");
        const char *open = strstr(src + i, "{{");
        size_t lit_end = open ? (size_t)(open - src) : len;
        if (lit_end > i) {
            parts[n++] = (ws_part){.kind = WS_PART_TEXT, .text = src + i, .len = lit_end - i};
            i = lit_end;
            continue;
        }
        const char *close = strstr(open + 2, "}}");
        if (!close) return ws_err_set(err, WS_ERR_TEMPLATE, "「{{」没有对应的「}}」");
        memset(&parts[n], 0, sizeof parts[n]);
        WS_TRY(compile_placeholder(open + 2, (size_t)(close - open - 2), names, &parts[n], err));
        n++;
        i = (size_t)(close - src) + 2;
    }
    ws_tpl *t = ws_arena_calloc(arena, 1, sizeof *t);
    ws_part *copy = ws_arena_alloc(arena, (n ? n : 1) * sizeof *copy);
    char *src_copy = ws_arena_strdup(arena, src);
    if (!t || !copy || !src_copy) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    /* re-point literal and key slices into the arena copy of the source */
    for (size_t k = 0; k < n; k++) {
        copy[k] = parts[k];
        if (parts[k].text) copy[k].text = src_copy + (parts[k].text - src);
    }
    t->parts = copy;
    t->n = n;
    t->src = src_copy;
    t->constant = n == 0 || (n == 1 && copy[0].kind == WS_PART_TEXT);
    *out = t;
    return WS_OK;
}

/* --- expansion ---------------------------------------------------------------- */

static const char *date_filter(ws_filter f, const char *value, ws_arena *arena)
{
    ws_date d;
    if (ws_date_parse(value, strlen(value), &d, NULL) != WS_OK) return value;
    const char *style = f == WS_FILTER_DATE_CN ? "cn" : f == WS_FILTER_DATE_NUMERAL ? "cn-numeral"
                                                                                    : "dot";
    char buf[128];
    if (ws_date_format(d, style, buf, sizeof buf) != WS_OK) return value;
    return ws_arena_strdup(arena, buf);
}

static const char *mask_id(const char *value, ws_arena *arena)
{
    size_t len = strlen(value);
    if (len < 10) return "";
    char *out = ws_arena_strdup(arena, value);
    if (!out) return "";
    for (size_t i = 6; i + 4 < len; i++) out[i] = '*';
    return out;
}

/* A whole number 0..9999 or -1. */
static int small_count(const char *s)
{
    int v = 0, digits = 0;
    for (; *s; s++, digits++) {
        if (*s < '0' || *s > '9' || digits == 4) return -1;
        v = v * 10 + (*s - '0');
    }
    return digits ? v : -1;
}

static const char *padded(const char *value, int width, ws_arena *arena)
{
    int n = small_count(value);
    return n < 0 ? value : ws_arena_printf(arena, "%0*d", width, n);
}

/* 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999). */
static const char *cn_number(const char *value, ws_arena *arena)
{
    static const char *const DIGIT[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const UNIT[] = {"千", "百", "十", ""};
    int n = small_count(value);
    if (n < 0) return value;
    if (n == 0) return DIGIT[0];
    char out[96] = "";
    int div[] = {1000, 100, 10, 1};
    bool started = false, zero = false;
    for (int i = 0; i < 4; i++) {
        int d = n / div[i] % 10;
        if (d == 0) {
            zero = started;
            continue;
        }
        if (zero) strcat(out, DIGIT[0]);
        zero = false;
        if (!(d == 1 && i == 2 && !started)) strcat(out, DIGIT[d]); /* 十二, not 一十二 */
        strcat(out, UNIT[i]);
        started = true;
    }
    return ws_arena_strdup(arena, out);
}

/* The entries of a list value, as template/bind.c splits them: non-blank lines. */
static const char *count_entries(const char *value, ws_arena *arena)
{
    return ws_arena_printf(arena, "%zu", ws_utf8_count_nonblank_lines(value ? value : ""));
}

const char *ws_tpl_apply_filter(ws_filter f, const char *value, ws_arena *arena)
{
    switch (f) {
    case WS_FILTER_NONE:
    case WS_FILTER_OR_SEQ: return value; /* needs the scope: see ws_tpl_expand */
    case WS_FILTER_DATE_CN:
    case WS_FILTER_DATE_NUMERAL:
    case WS_FILTER_DATE_DOT: return date_filter(f, value, arena);
    case WS_FILTER_MASK_ID: return mask_id(value, arena);
    case WS_FILTER_PAD2: return padded(value, 2, arena);
    case WS_FILTER_PAD3: return padded(value, 3, arena);
    case WS_FILTER_CN_NUMBER: return cn_number(value, arena);
    case WS_FILTER_COUNT: return count_entries(value, arena);
    case WS_FILTER_FIRST_LINE: {
        const char *nl = strchr(value, '\n');
        return nl ? ws_arena_strndup(arena, value, (size_t)(nl - value)) : value;
    }
    case WS_FILTER_UPPER: {
        char *out = ws_arena_strdup(arena, value);
        for (char *c = out; out && *c; c++)
            if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 32);
        return out ? out : value;
    }
    }
    return value;
}

static const char *safe(const char *s)
{
    return s ? s : "";
}

static bool equal_trimmed(const char *value, const char *opt, size_t opt_len)
{
    size_t vl;
    const char *v = ws_utf8_trim(value, strlen(value), &vl);
    return vl == opt_len && memcmp(v, opt, vl) == 0;
}

static const char *part_value(const ws_part *p, const ws_tpl_scope *sc, ws_arena *arena,
                              char *num, size_t num_size)
{
    switch (p->kind) {
    case WS_PART_TEXT: return NULL;
    case WS_PART_FIELD: return sc->field ? safe(sc->field(sc->user, p->field)) : "";
    case WS_PART_CHECK: {
        const char *v = sc->field ? safe(sc->field(sc->user, p->field)) : "";
        return equal_trimmed(v, p->text, p->len) ? "\xee\x80\x81" : "\xee\x80\x80"; /* U+E001/E000 */
    }
    case WS_PART_ITEM: return sc->item ? safe(sc->item(sc->user, p->field)) : "";
    case WS_PART_PROGRAM: return sc->program ? safe(sc->program(sc->user, p->text, p->len)) : "";
    case WS_PART_UNIT: return sc->unit ? safe(sc->unit(sc->user, p->text, p->len)) : "";
    case WS_PART_VAR: return sc->var ? safe(sc->var(sc->user, p->text, p->len)) : "";
    case WS_PART_RULE: return sc->rule ? safe(sc->rule(sc->user, p->text, p->len)) : "";
    case WS_PART_PAGE: snprintf(num, num_size, "%d", sc->page); return num;
    case WS_PART_PAGES: snprintf(num, num_size, "%d", sc->pages); return num;
    case WS_PART_SEQ: snprintf(num, num_size, "%d", sc->seq); return num;
    case WS_PART_ROW: snprintf(num, num_size, "%d", sc->row); return num;
    }
    (void)arena;
    return "";
}

char *ws_tpl_expand(const ws_tpl *t, const ws_tpl_scope *scope, ws_arena *arena)
{
    if (t->constant) return t->n ? ws_arena_strndup(arena, t->parts[0].text, t->parts[0].len)
                                 : ws_arena_strdup(arena, "");
    ws_buf b = WS_BUF_INIT;
    for (size_t i = 0; i < t->n; i++) {
        const ws_part *p = &t->parts[i];
        if (p->kind == WS_PART_TEXT) {
            ws_buf_append(&b, p->text, p->len);
            continue;
        }
        char num[32];
        const char *v = part_value(p, scope, arena, num, sizeof num);
        if (p->filter == WS_FILTER_OR_SEQ && (!v || !*v)) {
            snprintf(num, sizeof num, "%d", scope->seq);
            v = num;
        } else if (p->filter) {
            v = ws_tpl_apply_filter(p->filter, v, arena);
        }
        ws_buf_puts(&b, v ? v : "");
    }
    char *out = b.failed ? NULL : ws_arena_strndup(arena, b.p ? b.p : "", b.len);
    ws_buf_free(&b);
    return out;
}
