/* layout/para.c - see para.h.
 *
 * Each paragraph becomes an array of characters with their glyph, class and
 * spacing; breaking is a greedy first fit over prefix sums, which is what
 * Chinese documents use (there are no hyphenation choices to optimise).
 * Widths are in points throughout. */
#include "layout/para.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "base/utf8.h"
#include "check/paper.h"

#define EPS 0.01f
#define ASCENT_EM 0.88f /* baseline inside the ideographic em box */

typedef enum cls { C_HAN, C_ALNUM, C_SPACE, C_OPEN, C_CLOSE, C_OTHER, C_OBJECT } cls;

typedef struct tch {
    uint32_t cp;
    uint32_t gid;
    uint16_t face;
    uint8_t cls;
    bool brk;         /* a line may break before this character */
    bool loose;       /* … when the stricter keep_groups rules are set aside */
    bool word;        /* … when only a place name too long for the line is broken (between
                       * its dictionary words: 内蒙古 / 自治区) */
    bool glue;        /* follows a U+2060 WORD JOINER: never break before it */
    float adv;        /* natural advance after pair compression */
    float pre;        /* glyph drawn this far left of the pen */
    float end_shrink; /* saved when the character ends a line */
    float shrink;     /* may be squeezed inside a line */
    float gap;        /* space after it (Han–Latin) */
    float track;      /* positive tracking, part of adv; dropped at a line end */
} tch;

struct ws_typesetter {
    ws_fonts *fonts;
    UBreakIterator *brk;
    UBreakIterator *words; /* ICU's dictionary words, for keep_groups */
    tch *ch;
    size_t cap;
    UChar *u16;
    int32_t *u16_to_ch;
    size_t u16_cap;
    bool no_ink; /* ws_typesetter_set_ink(ts, false) */
    const ws_regions *regions; /* place names kept whole in cells, or NULL */
};

ws_status ws_typesetter_create(ws_fonts *fonts, ws_typesetter **out, ws_err *err)
{
    ws_typesetter *ts = calloc(1, sizeof *ts);
    if (!ts) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    UErrorCode uerr = U_ZERO_ERROR;
    ts->brk = ubrk_open(UBRK_LINE, "zh", NULL, 0, &uerr);
    if (U_FAILURE(uerr)) {
        free(ts);
        return ws_err_set(err, WS_ERR_INVALID, "ICU 断行器不可用：%s", u_errorName(uerr));
    }
    ts->words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &uerr);
    if (U_FAILURE(uerr)) {
        ubrk_close(ts->brk);
        free(ts);
        return ws_err_set(err, WS_ERR_INVALID, "ICU 分词器不可用：%s", u_errorName(uerr));
    }
    ts->fonts = fonts;
    *out = ts;
    return WS_OK;
}

void ws_typesetter_set_regions(ws_typesetter *ts, const ws_regions *regions)
{
    ts->regions = regions;
}

void ws_typesetter_destroy(ws_typesetter *ts)
{
    if (!ts) return;
    ubrk_close(ts->brk);
    ubrk_close(ts->words);
    free(ts->ch);
    free(ts->u16);
    free(ts->u16_to_ch);
    free(ts);
}

ws_fonts *ws_typesetter_fonts(ws_typesetter *ts)
{
    return ts->fonts;
}

void ws_typesetter_set_ink(ws_typesetter *ts, bool on)
{
    ts->no_ink = !on;
}

/* --- character classes ------------------------------------------------------ */

static bool in_list(uint32_t cp, const uint32_t *list)
{
    for (; *list; list++)
        if (*list == cp) return true;
    return false;
}

/* clreq: may not start a line (closing marks; ink in the left half). */
static const uint32_t CLOSING[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1B, 0xFF1A, 0xFF01,
                                   0xFF1F, 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x3011,
                                   0x3015, 0x3017, 0x300B, 0x3009, 0xFF3D, 0xFF5D, 0};
/* clreq: may not end a line (opening marks; ink in the right half). */
static const uint32_t OPENING[] = {0x201C, 0x2018, 0x300C, 0x300E, 0xFF08, 0x3010, 0x3014,
                                   0x3016, 0x300A, 0x3008, 0xFF3B, 0xFF5B, 0};
/* Other marks that may not start a line: connectors and Western closers. */
static const uint32_t NO_START[] = {0x00B7, 0x2027, 0x30FB, ')', ']', '}', ',', '.', ';', ':',
                                    '!', '?', '%', 0x2030, 0x2103, 0};
static const uint32_t NO_END[] = {'(', '[', '{', 0};

static cls classify(uint32_t cp)
{
    if (cp == WS_CP_BOX_EMPTY || cp == WS_CP_BOX_CHECKED) return C_OBJECT;
    if (ws_is_space(cp)) return C_SPACE;
    if (in_list(cp, CLOSING)) return C_CLOSE;
    if (in_list(cp, OPENING)) return C_OPEN;
    if (ws_is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF)) return C_HAN;
    if (ws_is_fullwidth_punct(cp) || cp == 0x2014 || cp == 0x2026) return C_OTHER;
    return C_ALNUM;
}

static bool is_word_char(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
           (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* --- building the character array ----------------------------------------- */

static bool ensure_cap(ws_typesetter *ts, size_t n)
{
    if (n <= ts->cap) return true;
    size_t cap = ts->cap ? ts->cap : 256;
    while (cap < n) cap *= 2;
    tch *ch = realloc(ts->ch, cap * sizeof *ch);
    if (!ch) return false;
    ts->ch = ch;
    ts->cap = cap;
    return true;
}

static ws_status missing_glyph(uint32_t cp, ws_err *err)
{
    char msg[320];
    if (!ws_char_refused(cp, msg, sizeof msg)) ws_char_no_font(cp, NULL, msg, sizeof msg);
    bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
    return ws_err_set(err, control ? WS_ERR_INPUT : WS_ERR_FONT, "%s", msg);
}

static void note_fallback(ws_ptext *out, uint32_t cp)
{
    for (size_t i = 0; i < out->nfallback; i++)
        if (out->fallback_cp[i] == cp) return;
    if (out->nfallback < sizeof out->fallback_cp / sizeof out->fallback_cp[0])
        out->fallback_cp[out->nfallback++] = cp;
}

/* Decodes one paragraph into ts->ch with glyphs and natural advances. */
static ws_status decode(ws_typesetter *ts, const char *s, size_t len, const ws_text_style *st,
                        float size, bool strip_spaces, ws_ptext *out, size_t *count, ws_err *err)
{
    if (!ensure_cap(ts, len + 1)) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    size_t n = 0, i = 0;
    bool glue = false;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        if (cp < 0) return ws_err_set(err, WS_ERR_INPUT, "含有无效的 UTF-8 字节");
        i += k;
        if (cp == '\t') cp = ' ';
        if (cp == '\r') continue;
        if (cp == 0x2060) { /* WORD JOINER: no glyph, no break */
            glue = n > 0;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return missing_glyph((uint32_t)cp, err);
        tch *c = &ts->ch[n];
        memset(c, 0, sizeof *c);
        c->cp = (uint32_t)cp;
        c->cls = (uint8_t)classify(c->cp);
        c->glue = glue;
        glue = false;
        if (strip_spaces && c->cls == C_SPACE) continue;
        if (c->cls == C_OBJECT) {
            c->adv = size;
        } else {
            ws_glyph_info g;
            if (ws_fonts_glyph(ts->fonts, st->role, c->cp, &g) != WS_OK)
                return missing_glyph(c->cp, err);
            c->face = g.face;
            c->gid = g.gid;
            c->adv = g.advance_em * size;
            if (g.fallback) note_fallback(out, c->cp);
        }
        /* letterspacing (a title's 0.5 em) is space between characters and
           is dropped after a line's last one; negative tracking condenses
           every character (the GB/T 9704 grid of 28 per line) and stays */
        c->track = st->tracking_em > 0 ? st->tracking_em * size : 0;
        c->adv += st->tracking_em * size;
        n++;
    }
    *count = n;
    return WS_OK;
}

static bool is_cjk_context(const tch *c)
{
    return c && (c->cls == C_HAN || c->cls == C_OPEN || c->cls == C_CLOSE || c->cls == C_OTHER);
}

/* Curly quotes are shared with Western text, so many fonts (LXGW WenKai)
 * give them a narrow advance. Next to Chinese they must take a full em, the
 * blank on the outer side: “ gets it on the left, ” on the right. */
static void widen_quote(tch *c, const tch *prev, const tch *next, float size, float *left,
                        float *right)
{
    bool opening = c->cp == 0x201C || c->cp == 0x2018;
    bool closing = c->cp == 0x201D || c->cp == 0x2019;
    if ((!opening && !closing) || c->adv >= 0.9f * size) return;
    if (!is_cjk_context(prev) && !is_cjk_context(next)) return;
    float pad = size - c->adv;
    if (opening) {
        c->pre = -pad; /* drawn further right */
        *left += pad;
    } else {
        *right += pad;
    }
    c->adv = size;
}

/* GB-style marks are placed by their ink, whatever the font drew (as xeCJK
 * does): a closing mark's ink centred in the left half of its box, next to
 * the character before it, an opening mark's in the right half. The free
 * stand-ins centre some marks in the em (AR PL UKai's ，：, WenQuanYi Zen
 * Hei's ，：；！, AR PL UMing's 、。), which read "2 项 ,其中" once the empty
 * half is squeezed away. A mark already within INK_TOLERANCE_EM of its place
 * is left as the font designed it. left/right are the blanks beside the ink
 * in the box (pt) and are updated; the glyph moves through c->pre. */
#define INK_CENTRE_EM 0.25f
#define INK_TOLERANCE_EM 0.05f
static void place_by_ink(tch *c, float size, float *left, float *right)
{
    if (c->adv < 0.9f * size) return; /* not a full-width mark */
    float target = INK_CENTRE_EM * size, tol = INK_TOLERANCE_EM * size;
    if (c->cls == C_CLOSE) {
        float centre = (c->adv + *left - *right) / 2;
        if (centre <= target + tol) return;
        float shift = fminf(centre - target, *left);
        c->pre += shift;
        *left -= shift;
        *right += shift;
    } else {
        float centre = (c->adv - *left + *right) / 2; /* from the box's right edge */
        if (centre <= target + tol) return;
        float shift = fminf(centre - target, *right);
        c->pre -= shift;
        *left += shift;
        *right -= shift;
    }
}

/* Pair compression, line-end and in-line squeeze amounts, Han–Latin gaps. */
static void set_spacing(ws_typesetter *ts, size_t n, float size)
{
    tch *ch = ts->ch;
    float half = 0.5f * size;
    for (size_t i = 0; i < n; i++) {
        tch *c = &ch[i];
        if (c->cls != C_CLOSE && c->cls != C_OPEN) {
            if (c->cls == C_SPACE && c->cp == ' ') c->shrink = fmaxf(0, c->adv - 0.25f * size);
            continue;
        }
        float left = 0, right = 0;
        ws_fonts_side_space(ts->fonts, c->face, c->gid, &left, &right);
        left *= size;
        right *= size;
        widen_quote(c, i ? &ch[i - 1] : NULL, i + 1 < n ? &ch[i + 1] : NULL, size, &left, &right);
        place_by_ink(c, size, &left, &right);
        if (c->cls == C_CLOSE) {
            c->end_shrink = fminf(right, half);
            c->shrink = c->end_shrink;
        } else {
            c->shrink = fminf(left, half);
        }
    }
    for (size_t i = 0; i + 1 < n; i++) {
        tch *a = &ch[i], *b = &ch[i + 1];
        bool a_punct = a->cls == C_CLOSE || a->cls == C_OPEN;
        bool b_punct = b->cls == C_CLOSE || b->cls == C_OPEN;
        if (a_punct && b_punct) {
            if (a->cls == C_CLOSE && a->shrink > 0) { /* 。” → the 。 gives its right half */
                a->adv -= a->shrink;
                a->end_shrink = 0;
                a->shrink = 0;
            } else if (b->cls == C_OPEN && b->shrink > 0) { /* ）（ or （“ → the second gives its left */
                b->pre += b->shrink;
                b->adv -= b->shrink;
                b->shrink = 0;
            }
        }
        bool a_han = a->cls == C_HAN, b_han = b->cls == C_HAN;
        if ((a_han && is_word_char(b->cp)) || (is_word_char(a->cp) && b_han))
            a->gap = 0.25f * size;
    }
}

/* --- break opportunities ---------------------------------------------------- */

static ws_status icu_breaks(ws_typesetter *ts, size_t n, ws_err *err)
{
    tch *ch = ts->ch;
    size_t need = 2 * n + 1;
    if (need > ts->u16_cap) {
        UChar *u = realloc(ts->u16, need * sizeof *u);
        if (u) ts->u16 = u;
        int32_t *m = realloc(ts->u16_to_ch, (need + 1) * sizeof *m);
        if (m) ts->u16_to_ch = m;
        if (!u || !m) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        ts->u16_cap = need;
    }
    int32_t len = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = ch[i].cp;
        if (ch[i].cls == C_OBJECT) cp = 0x25A1; /* □: an ideographic-like object */
        ts->u16_to_ch[len] = (int32_t)i;
        if (cp >= 0x10000) {
            ts->u16[len++] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
            ts->u16_to_ch[len] = -1;
            ts->u16[len++] = (UChar)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            ts->u16[len++] = (UChar)cp;
        }
        ch[i].brk = false;
    }
    UErrorCode uerr = U_ZERO_ERROR;
    ubrk_setText(ts->brk, ts->u16, len, &uerr);
    if (U_FAILURE(uerr)) return ws_err_set(err, WS_ERR_INVALID, "ICU：%s", u_errorName(uerr));
    for (int32_t p = ubrk_first(ts->brk); p != UBRK_DONE; p = ubrk_next(ts->brk)) {
        if (p > 0 && p < len && ts->u16_to_ch[p] >= 0) ch[ts->u16_to_ch[p]].brk = true;
    }
    return WS_OK;
}

/* The clreq basic prohibitions, whatever ICU said; and a break after the ×
 * of a product of sizes (25mm× / 25mm), which ICU reads as one word. */
static void enforce_kinsoku(tch *ch, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (ch[i - 1].cp == 0x00D7 && is_word_char(ch[i].cp) && i >= 2 && is_word_char(ch[i - 2].cp))
            ch[i].brk = true;
    for (size_t i = 1; i < n; i++) {
        tch *a = &ch[i - 1], *b = &ch[i];
        if (b->cls == C_CLOSE || in_list(b->cp, NO_START)) b->brk = false;
        if (a->cls == C_OPEN || in_list(a->cp, NO_END) || a->cls == C_OBJECT) b->brk = false;
        if (a->cp == b->cp && (a->cp == 0x2014 || a->cp == 0x2026)) b->brk = false;
    }
}

/* keep_groups: what must not break in a table cell, on top of the clreq
 * rules. ch[].loose keeps the ordinary opportunities for a line too narrow
 * for a whole group. */
static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* 2020年8月7日, 1978年5月: no break inside, whatever ICU allows (in any
 * text, not only in table cells). */
static void keep_dates(tch *ch, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t cp = ch[i].cp;
        bool unit = cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5; /* 年 月 日 */
        if (unit && is_digit(ch[i - 1].cp)) ch[i].brk = false;
        if (is_digit(cp) && (ch[i - 1].cp == 0x5E74 || ch[i - 1].cp == 0x6708) && i >= 2 &&
            is_digit(ch[i - 2].cp))
            ch[i].brk = false;
    }
}

/* An e-mail address is one word: ICU would break it after the hyphen of
 * hengyuan-chem, and "shenkun@hengyuan-" / "chem.example.cn" reads as a
 * hyphen that is not there. Wider than its line, it breaks where
 * address_break says. */
static void keep_mail(tch *ch, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++) {
        if (ch[i].cp != '@' || !ws_is_mail_char((int32_t)ch[i - 1].cp, true) ||
            !ws_is_mail_char((int32_t)ch[i + 1].cp, false) || ch[i + 1].cp == '-')
            continue;
        size_t s = i, e = i + 1;
        while (s > 0 && ws_is_mail_char((int32_t)ch[s - 1].cp, true)) s--;
        while (e < n && (ws_is_mail_char((int32_t)ch[e].cp, false) || ch[e].cp == '.')) e++;
        while (e > i + 1 && (ch[e - 1].cp == '.' || ch[e - 1].cp == '-')) e--; /* a full stop */
        for (size_t k = s + 1; k < e; k++) ch[k].brk = ch[k].loose = false;
        i = e;
    }
}

/* A Chinese patent number, ZL2017 1 0523456.1 (ZL, the year, the kind, the
 * serial and its check digit, spaces as the patent office prints them), is
 * not split at its spaces: "ZL2017 1" / "0523456.1" reads as two numbers. */
static void keep_patents(tch *ch, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if ((ch[i].cp != 'Z' && ch[i].cp != 'z') || (ch[i + 1].cp != 'L' && ch[i + 1].cp != 'l'))
            continue;
        size_t e = i + 2, digits = 0;
        while (e < n && (is_digit(ch[e].cp) || ch[e].cp == ' ' || ch[e].cp == '.' ||
                         ((ch[e].cp == 'X' || ch[e].cp == 'x') && digits))) {
            digits += is_digit(ch[e].cp);
            e++;
        }
        while (e > i + 2 && (ch[e - 1].cp == ' ' || ch[e - 1].cp == '.')) e--;
        if (digits < 8) continue; /* not a patent number: ZL alone, a model name */
        for (size_t k = i + 1; k < e; k++) ch[k].brk = false;
        i = e;
    }
}

/* A bracketed group of up to KEEP_GROUP_CHARS characters inside stays on
 * one line with its brackets: 高级技师（一级）, 职业（工种）. */
#define KEEP_GROUP_CHARS 10
static void keep_brackets(tch *ch, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ch[i].cls != C_OPEN && !in_list(ch[i].cp, NO_END)) continue;
        int depth = 0;
        for (size_t j = i; j < n && j <= i + KEEP_GROUP_CHARS + 1; j++) {
            if (ch[j].cls == C_OPEN || in_list(ch[j].cp, NO_END)) depth++;
            else if (ch[j].cp == 0xFF09 || ch[j].cp == ')' || ch[j].cp == 0x3011 ||
                     ch[j].cp == 0x3015 || ch[j].cp == 0x300B || ch[j].cp == ']')
                depth--;
            if (depth == 0) {
                for (size_t k = i + 1; k <= j; k++) ch[k].brk = false;
                break;
            }
        }
    }
}

/* Words of ICU's Chinese dictionary (有限公司, 高级技师, 序号) are not split. */
static void keep_words(ws_typesetter *ts, tch *ch, size_t n)
{
    int32_t len = 0;
    for (size_t i = 0; i < n; i++) len += ch[i].cp >= 0x10000 ? 2 : 1;
    UErrorCode uerr = U_ZERO_ERROR;
    ubrk_setText(ts->words, ts->u16, len, &uerr);
    if (U_FAILURE(uerr)) return;
    int32_t a = ubrk_first(ts->words);
    for (int32_t b = ubrk_next(ts->words); b != UBRK_DONE; a = b, b = ubrk_next(ts->words)) {
        if (ubrk_getRuleStatus(ts->words) < UBRK_WORD_LETTER) continue;
        for (int32_t p = a + 1; p < b; p++)
            if (ts->u16_to_ch[p] >= 0) ch[ts->u16_to_ch[p]].brk = false;
    }
}

/* A place at the start of a cell (籍贯, a unit's name) keeps each division
 * name whole: 浙江省 / 嘉善县. Only the first PLACE_CHARS characters are
 * read; a place is never longer. */
#define PLACE_CHARS 40
static void keep_places(const ws_typesetter *ts, tch *ch, size_t n)
{
    char text[PLACE_CHARS * 4 + 1];
    size_t char_at[PLACE_CHARS * 4 + 1], len = 0;
    for (size_t i = 0; i < n && i < PLACE_CHARS; i++) {
        size_t k = ws_utf8_encode(ch[i].cp, text + len);
        for (size_t b = 0; b < k; b++) char_at[len + b] = i;
        len += k;
    }
    char_at[len] = n < PLACE_CHARS ? n : PLACE_CHARS;
    size_t ends[8], start = 0;
    size_t names = ws_regions_names(ts->regions, text, len, ends, 8);
    for (size_t k = 0; k < names; k++) {
        size_t first = char_at[start];
        while (first < char_at[ends[k]] && ch[first].cls == C_SPACE) first++; /* 浙江 桐乡 */
        for (size_t i = first + 1; i < char_at[ends[k]]; i++) ch[i].brk = false;
        start = ends[k];
    }
}

/* A lone ideograph before a typed space ends the word before it: 操作工,
 * 装配工, 检验员 (ICU's dictionary lacks many trade names and splits them
 * 操作 / 工); the line must not start with it. */
static void keep_word_ends(tch *ch, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++)
        if (ch[i].cls == C_HAN && ch[i - 1].cls == C_HAN && ch[i + 1].cls == C_SPACE)
            ch[i].brk = false;
}

static void keep_groups(ws_typesetter *ts, size_t n, const ws_text_style *st)
{
    tch *ch = ts->ch;
    for (size_t i = 0; i < n; i++) {
        if (ch[i].glue) ch[i].brk = false; /* U+2060 binds in any text */
        ch[i].loose = ch[i].brk;
    }
    keep_dates(ch, n); /* in prose too: a reviewer reads 2026年9 / 月28日 as an error */
    keep_mail(ch, n);
    keep_patents(ch, n);
    for (size_t i = 0; i < n; i++) ch[i].word = ch[i].brk;
    if (!st->keep_groups) return;
    if (st->align != WS_ALIGN_JUSTIFY) keep_words(ts, ch, n);
    keep_word_ends(ch, n);
    keep_brackets(ch, n);
    for (size_t i = 0; i < n; i++) ch[i].word = ch[i].brk;
    if (st->align != WS_ALIGN_JUSTIFY && ts->regions) keep_places(ts, ch, n);
}

/* --- measuring lines ---------------------------------------------------------- */

typedef struct measure {
    float natural; /* width with end compression */
    float squeeze; /* how much more can be taken by squeezing */
    size_t end;    /* one past the last non-space character */
} measure;

static size_t skip_spaces(const tch *ch, size_t s, size_t e)
{
    while (s < e && ch[s].cls == C_SPACE) s++;
    return s;
}

/* A paragraph's own leading full-width spaces (U+3000) are its indentation
 * ("　　　2.汇总表" under "附件：1.申报表") and stay, unless the style indents
 * the first line itself: then they would indent it twice (text pasted from
 * Word starts paragraphs with "　　"). */
static size_t skip_ascii_spaces(const tch *ch, size_t s, size_t e)
{
    while (s < e && ch[s].cls == C_SPACE && ch[s].cp != 0x3000) s++;
    return s;
}

static measure measure_line(const tch *ch, size_t s, size_t e)
{
    measure m = {0, 0, e};
    while (m.end > s && ch[m.end - 1].cls == C_SPACE) m.end--;
    for (size_t i = s; i < m.end; i++) {
        m.natural += ch[i].adv;
        if (i + 1 < m.end) {
            m.natural += ch[i].gap;
            m.squeeze += ch[i].shrink + ch[i].gap * 0.5f;
        }
    }
    /* tracking is space between characters: none after the last one, so a
       tracked heading is centred (and right text flush) on its characters */
    if (m.end > s) m.natural -= ch[m.end - 1].end_shrink + ch[m.end - 1].track;
    return m;
}

static bool fits(const tch *ch, size_t s, size_t e, float avail)
{
    measure m = measure_line(ch, s, e);
    return m.natural - m.squeeze <= avail + EPS;
}

/* Chooses where the line starting at s ends (index of the first character
 * of the next line). Prefers the last opportunity that fits; when a single
 * word is wider than the line, breaks it between characters. */
typedef enum break_level {
    BREAK_KEPT,  /* every keep_groups rule */
    BREAK_WORDS, /* a place name broken between its words */
    BREAK_LOOSE  /* any ordinary opportunity */
} break_level;

static bool may_break(const tch *c, break_level level)
{
    return level == BREAK_KEPT ? c->brk : level == BREAK_WORDS ? c->word : c->loose;
}

static size_t last_fitting(const tch *ch, size_t s, size_t n, float avail, break_level level)
{
    size_t best = 0;
    for (size_t b = s + 1; b <= n; b++) {
        if (b < n && !may_break(&ch[b], level)) continue;
        if (!fits(ch, s, b, avail)) break;
        best = b;
    }
    return best;
}

/* In a table cell a space the writer typed is the better place to break
 * ("起重装卸机械操作工 / 高级技师", not "…操作 / 工 高级技师") as long as
 * the line keeps at least half the width, or what follows the space fits
 * the next line whole (as many lines: "操作工 / 高级技师", not "操作工高级 /
 * 技师"). */
static size_t prefer_space(const tch *ch, size_t s, size_t n, size_t best, float avail)
{
    for (size_t b = best; b > s + 1; b--) {
        if (!ch[b].brk || ch[b - 1].cls != C_SPACE) continue;
        if (measure_line(ch, s, b).natural >= 0.5f * avail) return b;
        if (fits(ch, skip_spaces(ch, b, n), n, avail)) return b;
        break;
    }
    return best;
}

/* Justified text in a narrow column: keeping a group whole must not leave a
 * line more than a third empty (its characters would be spread apart), so
 * the ordinary break is taken then. */
static size_t justify_break(const tch *ch, size_t s, size_t n, size_t best, float avail)
{
    if (best >= n || measure_line(ch, s, best).natural >= (2.0f / 3.0f) * avail) return best;
    size_t loose = last_fitting(ch, s, n, avail, BREAK_LOOSE);
    return loose > best ? loose : best;
}

/* Inside a word too wide for its line, an address reads on best after @ or
 * /, after _, or before a dot (zhangwei@ / example.com), as long as the
 * line keeps at least half its width; otherwise k, the last that fits.
 * Never after a hyphen: hengyuan- / chem reads as a word broken in two. */
static bool is_address_break(const tch *ch, size_t b)
{
    uint32_t before = ch[b - 1].cp, at = ch[b].cp;
    if (before == '@' || before == '/' || before == '_') return true;
    return at == '.' && before != '.';
}

static size_t address_break(const tch *ch, size_t s, size_t k, float avail)
{
    for (size_t b = k; b > s + 1; b--) {
        if (!is_address_break(ch, b)) continue;
        if (measure_line(ch, s, b).natural >= 0.5f * avail) return b;
        break;
    }
    return ch[k - 1].cp == '-' && k - 1 > s + 1 ? k - 1 : k; /* before the hyphen, not after */
}

static size_t choose_break(const tch *ch, size_t s, size_t n, float avail, bool keep,
                           bool justify)
{
    size_t best = last_fitting(ch, s, n, avail, BREAK_KEPT);
    if (best && best < n && keep && !justify) best = prefer_space(ch, s, n, best, avail);
    if (best && keep && justify) best = justify_break(ch, s, n, best, avail);
    if (!best) best = last_fitting(ch, s, n, avail, BREAK_WORDS);
    if (!best) best = last_fitting(ch, s, n, avail, BREAK_LOOSE);
    if (best) return best;
    /* emergency: no opportunity fits, break inside the word */
    size_t k = s + 1;
    while (k < n && fits(ch, s, k + 1, avail)) k++;
    while (k > s + 1 && k < n && (ch[k].cls == C_CLOSE || in_list(ch[k].cp, NO_START))) k--;
    return k < n ? address_break(ch, s, k, avail) : k;
}

static size_t count_visible(const tch *ch, size_t s, size_t e)
{
    size_t v = 0;
    for (size_t i = s; i < e; i++) v += ch[i].cls != C_SPACE;
    return v;
}

/* Characters of ch[s..e) other than spaces and marks that may not start a
 * line (。，” ）…). */
static size_t count_unpunctuated(const tch *ch, size_t s, size_t e)
{
    size_t v = 0;
    for (size_t i = s; i < e; i++)
        v += ch[i].cls != C_SPACE && ch[i].cls != C_CLOSE && !in_list(ch[i].cp, NO_START);
    return v;
}

/* --- placing a line ------------------------------------------------------- */

typedef struct line_ctx {
    const ws_text_style *st;
    float size, width;
    ws_arena *arena;
    ws_fonts *fonts; /* for the glyphs' ink, or NULL: none wanted */
} line_ctx;

/* Squeeze factors per category, spent in the clreq order. */
static void squeeze_factors(const tch *ch, size_t s, size_t e, float excess, float f[3])
{
    float sum[3] = {0, 0, 0};
    for (size_t i = s; i + 1 < e; i++) {
        sum[ch[i].cls == C_SPACE ? 0 : 1] += ch[i].shrink;
        sum[2] += ch[i].gap * 0.5f;
    }
    for (int k = 0; k < 3; k++) {
        f[k] = 0;
        if (excess <= 0 || sum[k] <= 0) continue;
        f[k] = fminf(1.0f, excess / sum[k]);
        excess -= f[k] * sum[k];
    }
}

static size_t stretch_points(const tch *ch, size_t s, size_t e, bool all)
{
    size_t k = 0;
    for (size_t i = s; i + 1 < e; i++)
        if (all || !(ch[i].cls == C_ALNUM && ch[i + 1].cls == C_ALNUM)) k++;
    return k;
}

static ws_status place_line(const tch *ch, size_t s, size_t e, bool para_start, bool para_end,
                            const line_ctx *lc, ws_tline *line)
{
    const ws_text_style *st = lc->st;
    float indent = para_start ? st->indent_em * lc->size : 0;
    float avail = lc->width - indent;
    measure m = measure_line(ch, s, e);
    size_t end = m.end;
    float f[3] = {0, 0, 0};
    float excess = m.natural - avail;
    squeeze_factors(ch, s, end, excess, f);
    float used = m.natural;
    if (excess > 0) used = fmaxf(avail, m.natural - m.squeeze);
    float extra = 0;
    bool distribute = st->align == WS_ALIGN_DISTRIBUTE;
    if (avail - used > EPS && ((st->align == WS_ALIGN_JUSTIFY && !para_end) || distribute)) {
        size_t k = stretch_points(ch, s, end, distribute);
        if (k) extra = (avail - used) / (float)k;
    }
    float offset = indent;
    if (extra == 0 && avail > used) {
        if (st->align == WS_ALIGN_CENTER || (distribute && count_visible(ch, s, end) <= 1))
            offset += (avail - used) / 2;
        else if (st->align == WS_ALIGN_RIGHT)
            offset += avail - used;
    }
    line->g = ws_arena_alloc(lc->arena, (end > s ? end - s : 1) * sizeof *line->g);
    if (!line->g) return WS_ERR_NOMEM;
    line->n = 0;
    float pen = offset;
    for (size_t i = s; i < end; i++) {
        const tch *c = &ch[i];
        float adv = c->adv, squeeze = 0;
        if (i + 1 == end) adv -= c->end_shrink + c->track;
        else squeeze = c->shrink * f[c->cls == C_SPACE ? 0 : 1];
        adv -= squeeze;
        /* an opening mark gives up the blank on its left: move the glyph */
        float pre = c->pre + (c->cls == C_OPEN ? squeeze : 0);
        if (c->cls != C_SPACE) {
            float x = pen - pre, ink0 = 0, ink1 = 0; /* none wanted: none */
            if (lc->fonts && c->cls == C_OBJECT) {
                ink1 = c->adv; /* a check box fills its em */
            } else if (lc->fonts) {
                ws_fonts_ink(lc->fonts, c->face, c->gid, &ink0, &ink1);
                ink0 *= lc->size;
                ink1 *= lc->size;
            }
            line->g[line->n++] = (ws_tglyph){c->face, c->gid, c->cp, x, adv + pre, ink0, ink1};
        }
        pen += adv;
        if (i + 1 < end) {
            pen += c->gap - c->gap * 0.5f * f[2];
            if (extra > 0 && (distribute || !(c->cls == C_ALNUM && ch[i + 1].cls == C_ALNUM)))
                pen += extra;
        }
    }
    line->width = pen;
    return WS_OK;
}

/* --- paragraphs ------------------------------------------------------------- */

typedef struct line_vec {
    ws_tline *v;
    size_t n, cap;
} line_vec;

static ws_tline *push_line(line_vec *lv, ws_arena *a)
{
    if (lv->n == lv->cap) {
        size_t ncap = lv->cap ? lv->cap * 2 : 16;
        ws_tline *v = ws_arena_grow(a, lv->v, lv->n, ncap, sizeof *v);
        if (!v) return NULL;
        lv->v = v;
        lv->cap = ncap;
    }
    ws_tline *l = &lv->v[lv->n++];
    memset(l, 0, sizeof *l);
    return l;
}

/* Break positions of one paragraph: starts[k] is where line k begins. */
static size_t break_paragraph(const tch *ch, size_t n, const line_ctx *lc, size_t *starts,
                              bool *overflow)
{
    float indent = lc->st->indent_em * lc->size;
    size_t nl = 0, s = indent > 0 ? skip_spaces(ch, 0, n) : skip_ascii_spaces(ch, 0, n);
    while (s < n) {
        float avail = lc->width - (nl == 0 ? indent : 0);
        size_t e = choose_break(ch, s, n, avail, lc->st->keep_groups,
                                lc->st->align == WS_ALIGN_JUSTIFY);
        if (!fits(ch, s, e, avail)) *overflow = true;
        starts[nl++] = s;
        s = skip_spaces(ch, e, n);
    }
    /* a paragraph's last line should hold at least two characters, its
       punctuation aside (号。 alone is a 孤字 too) */
    if (nl >= 2 && count_unpunctuated(ch, starts[nl - 1], n) <= 1) {
        size_t prev = starts[nl - 2], last = starts[nl - 1];
        bool by_words = !ch[last].brk; /* a place name too long for a line was broken */
        for (size_t b = last - 1; b > prev + 1; b--) {
            if (!ch[b].brk && !(by_words && ch[b].word)) continue;
            float avail = lc->width - (nl == 2 ? indent : 0);
            if (count_visible(ch, prev, b) >= 2 && fits(ch, b, n, lc->width) &&
                fits(ch, prev, b, avail))
                starts[nl - 1] = b;
            break;
        }
    }
    return nl;
}

static ws_status layout_paragraph(ws_typesetter *ts, const char *s, size_t len, const line_ctx *lc,
                                  line_vec *lines, ws_ptext *out, ws_err *err)
{
    size_t n = 0;
    bool strip = lc->st->align == WS_ALIGN_DISTRIBUTE;
    WS_TRY(decode(ts, s, len, lc->st, lc->size, strip, out, &n, err));
    if (n == 0) {
        ws_tline *empty = push_line(lines, lc->arena);
        if (!empty) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        empty->para_end = true;
        return WS_OK;
    }
    set_spacing(ts, n, lc->size);
    WS_TRY(icu_breaks(ts, n, err));
    enforce_kinsoku(ts->ch, n);
    keep_groups(ts, n, lc->st);
    size_t *starts = ws_arena_alloc(lc->arena, (n + 1) * sizeof *starts);
    if (!starts) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    size_t nl = break_paragraph(ts->ch, n, lc, starts, &out->overflow);
    for (size_t k = 0; k < nl; k++) {
        ws_tline *line = push_line(lines, lc->arena);
        size_t e = k + 1 < nl ? starts[k + 1] : n;
        if (!line || place_line(ts->ch, starts[k], e, k == 0, k + 1 == nl, lc, line) != WS_OK)
            return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        line->para_end = k + 1 == nl;
    }
    return WS_OK;
}

/* Trailing spaces were trimmed by measure_line; a line's extent is from its
 * first glyph's box to its width. */
static void shift_line(ws_tline *l, float dx)
{
    for (uint32_t i = 0; i < l->n; i++) l->g[i].x += dx;
    l->width += dx;
}

#define DATE_RIGHT_EM 4.0f /* 成文日期右空四字 */
static void place_signature(ws_tline *lines, size_t n, float size, float width)
{
    if (n == 0) return;
    ws_tline *date = &lines[n - 1];
    float date_l = date->n ? date->g[0].x : 0;
    float date_w = date->width - date_l;
    float right = fmaxf(date_w, width - DATE_RIGHT_EM * size); /* never past the left edge */
    shift_line(date, right - date->width);
    float centre = right - date_w / 2;
    for (size_t k = 0; k + 1 < n; k++) {
        ws_tline *l = &lines[k];
        if (!l->n) continue;
        float l0 = l->g[0].x, w = l->width - l0;
        float x = fminf(fmaxf(centre - w / 2, 0), width - w);
        shift_line(l, x - l0);
    }
}

static ws_status typeset_at(ws_typesetter *ts, const char *text, size_t len,
                            const ws_text_style *st, float size, float width, ws_arena *arena,
                            ws_ptext *out, ws_err *err)
{
    memset(out, 0, sizeof *out);
    out->size_pt = size;
    out->line_h = size * (st->leading > 0 ? st->leading : 1.2f);
    line_ctx lc = {st, size, width, arena, ts->no_ink ? NULL : ts->fonts};
    line_vec lines = {0};
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n' && text[i] != '\v' && text[i] != '\f') continue;
        WS_TRY(layout_paragraph(ts, text + start, i - start, &lc, &lines, out, err));
        start = i + 1;
    }
    /* a text that ends with a newline does not get an empty last line */
    while (lines.n > 0 && lines.v[lines.n - 1].n == 0 && len > 0) lines.n--;
    if (st->align == WS_ALIGN_SIGNATURE) place_signature(lines.v, lines.n, size, width);
    out->lines = lines.v;
    out->nlines = lines.n;
    return WS_OK;
}

static size_t count_paragraphs(const char *text, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++) n += text[i] == '\n';
    return n;
}

ws_status ws_typeset(ws_typesetter *ts, const char *text, size_t len, const ws_text_style *st,
                     float width_pt, ws_arena *arena, ws_ptext *out, ws_err *err)
{
    float size = st->size_pt;
    ws_text_style floored = *st;
    if (floored.min_size_pt > 0 && floored.min_size_pt < WS_FLOOR_PT)
        floored.min_size_pt = WS_FLOOR_PT;
    st = &floored;
    if (st->min_size_pt > 0 && st->min_size_pt < size) {
        size_t paras = count_paragraphs(text, len);
        for (; size > st->min_size_pt + EPS; size -= 0.5f) {
            WS_TRY(typeset_at(ts, text, len, st, size, width_pt, arena, out, err));
            if (out->nlines <= paras && !out->overflow) return WS_OK;
        }
        size = st->min_size_pt;
    }
    return typeset_at(ts, text, len, st, size, width_pt, arena, out, err);
}

/* One paragraph's unbreakable and one-line widths. */
static ws_status paragraph_widths(ws_typesetter *ts, const char *s, size_t len,
                                  const ws_text_style *st, float *min_pt, float *max_pt,
                                  ws_err *err)
{
    ws_ptext scratch = {0};
    size_t n = 0;
    WS_TRY(decode(ts, s, len, st, st->size_pt, st->align == WS_ALIGN_DISTRIBUTE, &scratch, &n,
                  err));
    if (n == 0) return WS_OK;
    set_spacing(ts, n, st->size_pt);
    WS_TRY(icu_breaks(ts, n, err));
    enforce_kinsoku(ts->ch, n);
    keep_groups(ts, n, st);
    const tch *ch = ts->ch;
    size_t first = skip_spaces(ch, 0, n);
    float indent = st->indent_em * st->size_pt;
    measure whole = measure_line(ch, first, n);
    if (whole.natural + indent > *max_pt) *max_pt = whole.natural + indent;
    for (size_t a = first; a < n;) {
        size_t b = a + 1;
        while (b < n && !ch[b].brk) b++;
        float w = measure_line(ch, a, b).natural + (a == first ? indent : 0);
        if (w > *min_pt) *min_pt = w;
        a = skip_spaces(ch, b, n);
    }
    return WS_OK;
}

ws_status ws_text_widths(ws_typesetter *ts, const char *text, size_t len, const ws_text_style *st,
                         float *min_pt, float *max_pt, ws_err *err)
{
    *min_pt = *max_pt = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n' && text[i] != '\v' && text[i] != '\f') continue;
        WS_TRY(paragraph_widths(ts, text + start, i - start, st, min_pt, max_pt, err));
        start = i + 1;
    }
    return WS_OK;
}

float ws_ptext_height(const ws_ptext *t, size_t from, size_t to)
{
    return to > from ? (float)(to - from) * t->line_h : 0;
}

/* --- emitting ------------------------------------------------------------------ */

static bool emit_box(const ws_tglyph *g, float size, float x, float baseline, ws_dl_doc *doc,
                     ws_page *page)
{
    float side = 0.72f * size;
    float bx = x + g->x + (size - side) / 2;
    float by = baseline - ASCENT_EM * size + (size - side) / 2;
    if (!ws_dl_rect_add(doc, page, bx, by, side, side, 0.6f, -1)) return false;
    if (g->cp != WS_CP_BOX_CHECKED) return true;
    ws_dl_item *it = ws_dl_add(doc, page, WS_DL_PATH);
    float *xy = ws_arena_alloc(doc->arena, 6 * sizeof *xy);
    if (!it || !xy) return false;
    float pts[6] = {bx + side * 0.18f, by + side * 0.52f, bx + side * 0.42f, by + side * 0.78f,
                    bx + side * 0.85f, by + side * 0.2f};
    memcpy(xy, pts, sizeof pts);
    it->u.path = (ws_dl_path){xy, 3, 0.9f};
    return true;
}

static bool emit_run(const ws_tline *l, uint32_t a, uint32_t b, float size, float x,
                     float baseline, ws_dl_doc *doc, ws_page *page)
{
    ws_dl_item *it = ws_dl_add(doc, page, WS_DL_TEXT);
    ws_dl_glyph *g = ws_arena_alloc(doc->arena, (b - a) * sizeof *g);
    if (!it || !g) return false;
    float x0 = l->g[a].x;
    for (uint32_t i = a; i < b; i++)
        g[i - a] = (ws_dl_glyph){l->g[i].gid, l->g[i].cp, l->g[i].x - x0};
    float width = l->g[b - 1].x + l->g[b - 1].adv - x0;
    float ink0 = 0, ink1 = 0;
    for (uint32_t i = a; i < b; i++) {
        if (l->g[i].ink0 >= l->g[i].ink1) continue;
        float g0 = l->g[i].x + l->g[i].ink0 - x0, g1 = l->g[i].x + l->g[i].ink1 - x0;
        bool first = ink0 >= ink1;
        if (first || g0 < ink0) ink0 = g0;
        if (first || g1 > ink1) ink1 = g1;
    }
    it->u.text = (ws_dl_text){l->g[a].face, size,      x + x0, baseline, width, b - a, g,
                              a == 0,       b == l->n, ink0,   ink1};
    return true;
}

bool ws_ptext_emit(const ws_ptext *t, size_t from, size_t to, float x, float y_top,
                   ws_dl_doc *doc, ws_page *page)
{
    float size = t->size_pt;
    for (size_t k = from; k < to && k < t->nlines; k++) {
        const ws_tline *l = &t->lines[k];
        float top = y_top + (float)(k - from) * t->line_h;
        float baseline = top + (t->line_h - size) / 2 + ASCENT_EM * size;
        uint32_t a = 0;
        while (a < l->n) {
            if (l->g[a].cp == WS_CP_BOX_EMPTY || l->g[a].cp == WS_CP_BOX_CHECKED) {
                if (!emit_box(&l->g[a], size, x, baseline, doc, page)) return false;
                a++;
                continue;
            }
            uint32_t b = a + 1;
            while (b < l->n && l->g[b].face == l->g[a].face && l->g[b].cp != WS_CP_BOX_EMPTY &&
                   l->g[b].cp != WS_CP_BOX_CHECKED)
                b++;
            if (!emit_run(l, a, b, size, x, baseline, doc, page)) return false;
            a = b;
        }
    }
    return true;
}
