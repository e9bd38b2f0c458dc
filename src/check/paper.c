/* check/paper.c - see paper.h.
 *
 * Build and check call the same functions, so whatever the build would
 * refuse to print, check reports as an error on the same record. */
#include "check/paper.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"

/* --- printable -------------------------------------------------------------------------- */

static bool is_bidi_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static bool is_private_use(uint32_t cp)
{
    return (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000;
}

/* The problem with one character, or NULL (written into out->msg). */
static bool char_problem(const ws_program *p, int field, uint32_t cp, ws_has_glyph_fn has_glyph,
                         void *user, ws_paper_problem *out)
{
    (void)p;
    out->field = field;
    if (cp == '\t' || cp == '\n' || cp == '\r') return false; /* layout: space, line, nothing */
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
        snprintf(out->msg, sizeof out->msg, "含有不可见的控制字符（U+%04X），请删除", (unsigned)cp);
        return true;
    }
    if (is_bidi_control(cp)) {
        snprintf(out->msg, sizeof out->msg,
                 "含有看不见的文字方向控制字符（U+%04X），会打乱显示顺序，请删除", (unsigned)cp);
        return true;
    }
    if (ws_is_invisible(cp)) {
        snprintf(out->msg, sizeof out->msg, "含有看不见的零宽字符（U+%04X），请删除", (unsigned)cp);
        return true;
    }
    if (is_private_use(cp)) {
        snprintf(out->msg, sizeof out->msg, "含有私用区字符（U+%04X），无法打印，请改用标准汉字",
                 (unsigned)cp);
        return true;
    }
    if (has_glyph && !ws_is_space(cp) && !has_glyph(user, cp)) {
        char u[5] = {0};
        ws_utf8_encode(cp, u);
        snprintf(out->msg, sizeof out->msg,
                 "字符「%s」（U+%04X）没有任何已安装的字体包含，无法打印。"
                 "请把包含该字的字体放入 fonts/ 目录（或在 fonts/roles.yaml 的 fallback 中加入）",
                 u, (unsigned)cp);
        return true;
    }
    return false;
}

bool ws_paper_printable(const ws_program *p, const ws_record *rec, ws_has_glyph_fn has_glyph,
                        void *user, ws_paper_problem *out)
{
    for (size_t f = 0; f < p->nfields; f++) {
        ws_field_kind k = p->fields[f].kind;
        if (k == WS_FIELD_PHOTO || k == WS_FIELD_FILES) continue; /* paths, not printed */
        const char *v = rec->values[f];
        size_t len = strlen(v), i = 0;
        while (i < len) {
            size_t n;
            int32_t cp = ws_utf8_decode(v + i, len - i, &n);
            i += n;
            if (cp >= 0 && char_problem(p, (int)f, (uint32_t)cp, has_glyph, user, out)) {
                out->doc = NULL;
                return false;
            }
        }
    }
    return true;
}

/* --- ID and mobile numbers --------------------------------------------------------------- */

/* A decimal digit (ASCII or full-width) at s: its value, and its bytes in *n. */
static int digit_at(const char *s, size_t len, size_t *n)
{
    int32_t cp = ws_utf8_decode(s, len, n);
    if (cp >= '0' && cp <= '9') return cp - '0';
    if (cp >= 0xFF10 && cp <= 0xFF19) return cp - 0xFF10;
    return -1;
}

static bool is_x(const char *s, size_t len, size_t *n)
{
    int32_t cp = ws_utf8_decode(s, len, n);
    return cp == 'X' || cp == 'x' || cp == 0xFF38 || cp == 0xFF58;
}

static bool is_separator(const char *s, size_t len, size_t *n)
{
    int32_t cp = ws_utf8_decode(s, len, n);
    return cp == ' ' || cp == '-' || cp == 0xFF0D || cp == 0x3000;
}

/* Letters and digits glued to a number make it part of a code (证书编号
 * S000036070003193000456), not a number of its own. */
static bool is_word(const char *s, size_t len)
{
    size_t n;
    if (len == 0) return false;
    int32_t cp = ws_utf8_decode(s, len, &n);
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
           (cp >= 0xFF41 && cp <= 0xFF5A);
}

static bool before_is_word(const char *s, size_t at)
{
    if (at == 0) return false;
    size_t b = at - 1;
    while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
        b--;
    return is_word(s + b, at - b);
}

static int num(const char *d, int from, int count)
{
    int v = 0;
    for (int i = from; i < from + count; i++)
        v = v * 10 + (d[i] - '0');
    return v;
}

static bool plausible_date(int month, int day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* What the digits d (count of them, x: an X follows) are. */
static ws_number_kind classify(const char *d, size_t count, bool x)
{
    if ((count == 18 && !x) || (count == 17 && x)) {
        int year = num(d, 6, 4);
        if (d[0] != '0' && year >= 1900 && year <= 2099 &&
            plausible_date(num(d, 10, 2), num(d, 12, 2)))
            return WS_NUMBER_ID;
    }
    if (count == 15 && !x && d[0] != '0' && plausible_date(num(d, 8, 2), num(d, 10, 2)))
        return WS_NUMBER_ID;
    if (x) return WS_NUMBER_NONE;
    if (count == 11 && d[0] == '1' && d[1] >= '3') return WS_NUMBER_MOBILE;
    if (count == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1' && d[3] >= '3')
        return WS_NUMBER_MOBILE;
    return WS_NUMBER_NONE;
}

/* Reads the run of digit groups starting at s[at] (a digit): digits into d
 * (at most 24), the end in *end. */
static size_t read_run(const char *s, size_t len, size_t at, char *d, size_t *end, bool *x)
{
    size_t count = 0, i = at, n;
    *x = false;
    for (;;) {
        int v = digit_at(s + i, len - i, &n);
        if (v < 0) break;
        if (count < 24) d[count] = (char)('0' + v);
        count++;
        i += n;
        size_t m, k;
        if (i < len && is_separator(s + i, len - i, &m) && i + m < len &&
            digit_at(s + i + m, len - i - m, &k) >= 0)
            i += m;
    }
    if (i < len && is_x(s + i, len - i, &n)) {
        *x = true;
        i += n;
    }
    *end = i;
    return count;
}

bool ws_find_private_number(const char *s, size_t len, ws_number_hit *hit)
{
    size_t i = 0;
    while (i < len) {
        size_t n;
        if (digit_at(s + i, len - i, &n) < 0) {
            i += n ? n : 1;
            continue;
        }
        char d[24];
        size_t end;
        bool x;
        size_t count = read_run(s, len, i, d, &end, &x);
        ws_number_kind kind = count <= 24 ? classify(d, count, x) : WS_NUMBER_NONE;
        if (kind != WS_NUMBER_NONE && !before_is_word(s, i) && !is_word(s + end, len - end)) {
            *hit = (ws_number_hit){kind, i, end - i};
            return true;
        }
        i = end;
        while (i < len && is_word(s + i, len - i)) { /* the rest of a code like 12345678901AB */
            ws_utf8_decode(s + i, len - i, &n);
            i += n;
        }
    }
    return false;
}

void ws_mask_number(const char *s, const ws_number_hit *hit, char *out, size_t n)
{
    char d[32];
    size_t count = 0, i = hit->at, k;
    while (i < hit->at + hit->len && count < sizeof d - 1) {
        int v = digit_at(s + i, hit->at + hit->len - i, &k);
        if (v >= 0)
            d[count++] = (char)('0' + v);
        else if (is_x(s + i, hit->at + hit->len - i, &k))
            d[count++] = 'X';
        i += k ? k : 1;
    }
    const char *cc = ""; /* a mobile's country code: +86 138****0527, not 861******0527 */
    char *num = d;
    if (hit->kind == WS_NUMBER_MOBILE && count == 13 && d[0] == '8' && d[1] == '6') {
        cc = "+86 ";
        num += 2;
        count -= 2;
    }
    size_t head = hit->kind == WS_NUMBER_MOBILE ? 3 : 6, tail = 4;
    if (count < head + tail) head = tail = 0;
    for (size_t j = head; j + tail < count; j++)
        num[j] = '*';
    num[count] = '\0';
    snprintf(out, n, "%s%s", cc, num);
}

/* --- public documents -------------------------------------------------------------------- */

static bool doc_shows(const ws_doc_def *d, const ws_record *rec)
{
    const ws_select_def *sel = &d->select;
    return ws_where_holds(sel->where, sel->nwhere, false, rec) &&
           ws_where_holds(sel->where_any, sel->nwhere_any, true, rec);
}

bool ws_paper_public_ok(const ws_program *p, const ws_record *rec, ws_paper_problem *out)
{
    for (size_t k = 0; k < p->ndocs; k++) {
        const ws_doc_def *d = p->docs[k];
        if (!d->public_doc || !d->fields_shown || !doc_shows(d, rec)) continue;
        for (size_t f = 0; f < p->nfields; f++) {
            ws_number_hit hit;
            const char *v = rec->values[f];
            if (!d->fields_shown[f] || !ws_find_private_number(v, strlen(v), &hit)) continue;
            char masked[32];
            ws_mask_number(v, &hit, masked, sizeof masked);
            out->field = (int)f;
            out->doc = d;
            snprintf(out->msg, sizeof out->msg, "含有%s（%s），公开的「%s」会印出它，请从该栏删除",
                     hit.kind == WS_NUMBER_ID ? "身份证号" : "手机号码", masked, d->name);
            return false;
        }
    }
    return true;
}
