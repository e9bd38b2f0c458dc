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

/* A combining mark (U+0301 after 李): the faces draw it apart or not at
 * all, so what the paper shows is not what was typed. */
static bool is_combining_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

static bool is_private_use(uint32_t cp)
{
    return (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000;
}

bool ws_char_refused(uint32_t cp, char *msg, size_t n)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
        snprintf(msg, n, "含有不可见的控制字符（U+%04X），请删除", (unsigned)cp);
        return true;
    }
    if (is_bidi_control(cp)) {
        snprintf(msg, n, "含有看不见的文字方向控制字符（U+%04X），会打乱显示顺序，请删除",
                 (unsigned)cp);
        return true;
    }
    if (ws_is_invisible(cp)) {
        snprintf(msg, n, "含有看不见的零宽字符（U+%04X），请删除", (unsigned)cp);
        return true;
    }
    if (is_combining_mark(cp)) {
        snprintf(msg, n,
                 "含有组合用的附加符号（U+%04X），纸上印不出来：请删除，或改用带这个符号的完整字母"
                 "（如 é）",
                 (unsigned)cp);
        return true;
    }
    if (is_private_use(cp)) {
        snprintf(msg, n, "含有私用区字符（U+%04X），无法打印，请改用标准汉字", (unsigned)cp);
        return true;
    }
    return false;
}

void ws_char_no_font(uint32_t cp, const char *lacking, char *msg, size_t n)
{
    char u[5] = {0};
    ws_utf8_encode(cp, u);
    char where[160] = "没有任何已安装的字体包含";
    if (lacking) snprintf(where, sizeof where, "字体角色「%s」的字体和 fallback 中都没有", lacking);
    snprintf(msg, n,
             "字符「%s」（U+%04X）%s，无法打印。"
             "请把包含该字的字体放入 fonts/ 目录（或在 fonts/roles.yaml 的 fallback 中加入）",
             u, (unsigned)cp, where);
}

/* The problem with one character, or false (written into out->msg). */
static bool char_problem(int field, uint32_t cp, ws_has_glyph_fn has_glyph, void *user,
                         ws_paper_problem *out)
{
    out->field = field;
    if (cp == '\t' || cp == '\n' || cp == '\r') return false; /* layout: space, line, nothing */
    if (ws_char_refused(cp, out->msg, sizeof out->msg)) return true;
    const char *lacking = NULL;
    if (has_glyph && !ws_is_space(cp) && !has_glyph(user, cp, &lacking)) {
        ws_char_no_font(cp, lacking, out->msg, sizeof out->msg);
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
            if (cp >= 0 && char_problem((int)f, (uint32_t)cp, has_glyph, user, out)) {
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

/* A blank between digit groups: a space of either width, a no-break space,
 * a tab, or a line break (a cell wrapped by hand with Alt+Enter). */
static bool is_blank(int32_t cp)
{
    return cp == ' ' || cp == 0x3000 || cp == 0x00A0 || cp == '\t' || cp == '\n' || cp == '\r';
}

/* A mark clerks type between digit groups: a dash of any width
 * (- ‐ ‑ ‒ – — －), a dot (. ． · ・), a slash or an underscore (/ ／ _ ＿);
 * in a landline also a closing bracket. */
static bool is_mark(int32_t cp, bool brackets)
{
    switch (cp) {
    case '-':
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0xFF0D:
    case '.':
    case 0xFF0E:
    case 0x00B7:
    case 0x30FB:
    case '/':
    case 0xFF0F:
    case '_':
    case 0xFF3F: return true;
    case ')':
    case 0xFF09: return brackets;
    default: return false;
    }
}

/* The separator at s: blanks, or one mark with blanks around it or not
 * ("139 5731", "139-5731", "139 - 5731", "3304211976\n03142131"). Its
 * length in bytes, 0 when s does not start with one; *mark is its mark, or
 * 0 when it is blanks alone. */
static size_t separator_at(const char *s, size_t len, bool brackets, int32_t *mark)
{
    size_t i = 0, n;
    *mark = 0;
    while (i < len) {
        int32_t cp = ws_utf8_decode(s + i, len - i, &n);
        if (n == 0) break;
        if (is_blank(cp)) {
            i += n;
        } else if (!*mark && is_mark(cp, brackets)) {
            *mark = cp;
            i += n;
        } else {
            break;
        }
    }
    return i;
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

/* A mobile number: 1[3-9] and 9 more digits. */
static bool is_mobile(const char *d, size_t count)
{
    return count == 11 && d[0] == '1' && d[1] >= '3';
}

/* What the digits d (count of them, x: an X follows) are. A mobile may carry
 * the country code as 86 or as 0086 (how it is dialled from abroad). */
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
    if (is_mobile(d, count)) return WS_NUMBER_MOBILE;
    if (count == 13 && d[0] == '8' && d[1] == '6' && is_mobile(d + 2, 11)) return WS_NUMBER_MOBILE;
    if (count == 15 && memcmp(d, "0086", 4) == 0 && is_mobile(d + 4, 11)) return WS_NUMBER_MOBILE;
    return WS_NUMBER_NONE;
}

/* The digits of a landline's area code by its second digit: 010, 02x have 3, others 4. */
static size_t area_code_digits(char second)
{
    return second == '1' || second == '2' ? 3 : 4;
}

/* A landline: 0, an area code (area_code_digits), then 7 or 8 digits from 2–9. */
static bool is_landline(const char *d, size_t count)
{
    if (count < 10 || count > 12 || d[0] != '0' || d[1] == '0') return false;
    size_t area = area_code_digits(d[1]), local = count - area;
    return (local == 7 || local == 8) && d[area] >= '2';
}

/* The end of the run of digit groups starting at s[at] (a digit). Spaces
 * may join groups, and one kind of dash, dot, slash or underscore (a date
 * range 1994.07-1998.12 is two runs, not one number); with brackets, a
 * closing bracket too ("(0536)8231234"). */
static size_t run_end(const char *s, size_t len, size_t at, bool brackets)
{
    size_t i = at, n;
    int32_t joiner = 0; /* the dash, dot, slash or underscore this run's groups are joined with */
    for (;;) {
        if (digit_at(s + i, len - i, &n) < 0) break;
        i += n;
        size_t k;
        int32_t mark;
        size_t m = i < len ? separator_at(s + i, len - i, brackets, &mark) : 0;
        if (m == 0 || i + m >= len || digit_at(s + i + m, len - i - m, &k) < 0) continue;
        if (mark && joiner && mark != joiner) break;
        if (mark) joiner = mark;
        i += m;
    }
    return i;
}

/* How groups are joined: by a space, or by the run's one dash, dot, slash or underscore. */
enum { JOIN_SPACE = 1, JOIN_MARK = 2 };

/* The class of the separator at s (within a run: one is there) and its length in *n. */
static unsigned join_class(const char *s, size_t len, size_t *n)
{
    int32_t mark;
    *n = separator_at(s, len, true, &mark);
    if (*n == 0) *n = 1; /* not reached within a run; never stands still */
    return mark ? JOIN_MARK : JOIN_SPACE;
}

/* The longest number made of whole groups of the run [from, end) that starts
 * at its group g ('before': how g is joined to the group before it, 0 for
 * the first). Digits glued to digits belong to a longer code
 * (S000036070003193000456), but a separator can end a number, so two mobiles
 * in one cell ("13957312468/13857312468", "13957312468 13857312468") are
 * each found. A part of a run counts only when it is set off by a separator
 * of another kind than those inside it ("2020 139-5731-2468"), so that a
 * list of dates such as "2019/12/01 2020/01/05 2021/03/08" holds no ID; nor
 * is one number joined both by spaces and by a mark ("1999/8 2003/12"). A
 * letter glued on hides nothing ("13957312468a", "tel13957312468"); an X
 * right after the run is an ID's check character when that makes an ID. */
static ws_number_kind longest_from(const char *s, size_t len, size_t g, unsigned before, size_t end,
                                   bool landlines, size_t *hit_end)
{
    char d[24];
    size_t count = 0, i = g, n;
    unsigned inside = 0; /* the kinds of separator within the candidate */
    ws_number_kind best = WS_NUMBER_NONE;
    while (i < end && count <= 18) { /* no number has more than 18 digits */
        int v = digit_at(s + i, end - i, &n);
        if (v < 0) { /* a separator between two groups */
            inside |= join_class(s + i, end - i, &n);
            if (inside == (JOIN_SPACE | JOIN_MARK))
                break; /* 1999/8 2003/12: a list, not one number */
            i += n;
            continue;
        }
        d[count++] = (char)('0' + v);
        i += n;
        if (i < end && digit_at(s + i, end - i, &n) >= 0) continue;
        /* the end of a group: d holds a candidate */
        size_t skip;
        unsigned around = before | (i < end ? join_class(s + i, end - i, &skip) : 0);
        if (inside & around) continue;
        size_t xn;
        ws_number_kind kind = WS_NUMBER_NONE;
        if (i == end && end < len && is_x(s + end, len - end, &xn)) {
            kind = classify(d, count, true);
            if (kind != WS_NUMBER_NONE) {
                best = kind;
                *hit_end = end + xn;
                continue;
            }
        }
        kind = classify(d, count, false);
        if (kind == WS_NUMBER_NONE && landlines && is_landline(d, count)) kind = WS_NUMBER_LANDLINE;
        if (kind != WS_NUMBER_NONE) {
            best = kind;
            *hit_end = i;
        }
    }
    return best;
}

/* The first ID or mobile number in s, or with landlines a landline too. */
static bool find_number(const char *s, size_t len, bool landlines, ws_number_hit *hit)
{
    size_t i = 0;
    while (i < len) {
        size_t n;
        if (digit_at(s + i, len - i, &n) < 0) {
            i += n ? n : 1;
            continue;
        }
        size_t end = run_end(s, len, i, landlines);
        unsigned before = 0;
        for (size_t g = i; g < end;) { /* each group of the run in turn */
            size_t hit_end;
            ws_number_kind kind = longest_from(s, len, g, before, end, landlines, &hit_end);
            if (kind != WS_NUMBER_NONE) {
                *hit = (ws_number_hit){kind, g, hit_end - g};
                return true;
            }
            while (g < end && digit_at(s + g, end - g, &n) >= 0) /* past this group */
                g += n;
            if (g < end) { /* and its separator */
                before = join_class(s + g, end - g, &n);
                g += n;
            }
        }
        i = end;
    }
    return false;
}

/* A letter O (O o Ｏ ｏ 〇) between two digits is a zero typed with the wrong
 * key (3304211976O3142131): the number is still the person's. s[0..len) is
 * copied into buf with those Os made zeros of the same width (so a hit's
 * offsets hold for s); false, and buf untouched, when it does not fit. */
static bool zeros_for_os(const char *s, size_t len, char *buf, size_t cap)
{
    if (len >= cap) return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    bool digit_before = false;
    for (size_t i = 0; i < len;) {
        size_t n, k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &n);
        if (n == 0) n = 1;
        bool o = cp == 'O' || cp == 'o' || cp == 0xFF2F || cp == 0xFF4F || cp == 0x3007;
        if (o && digit_before && i + n < len && digit_at(s + i + n, len - i - n, &k) >= 0)
            memcpy(buf + i, n == 1 ? "0" : "\xef\xbc\x90", n); /* 0, or ０ (3 bytes as Ｏ, 〇) */
        else
            digit_before = digit_at(s + i, len - i, &k) >= 0;
        i += n;
    }
    return true;
}

/* find_number over s as zeros_for_os reads it (s itself when it is too long). */
static bool find_number_typed(const char *s, size_t len, bool landlines, ws_number_hit *hit)
{
    char buf[16384];
    return find_number(zeros_for_os(s, len, buf, sizeof buf) ? buf : s, len, landlines, hit);
}

bool ws_find_private_number(const char *s, size_t len, ws_number_hit *hit)
{
    return find_number_typed(s, len, false, hit);
}

/* --- e-mail and street addresses --------------------------------------------------------- */

bool ws_is_mail_char(int32_t cp, bool local)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           cp == '-' || (local && (cp == '.' || cp == '_' || cp == '+' || cp == '%'));
}

/* The host after an @ at s[at]: labels of letters, digits and '-' joined by
 * dots, at least two, the last of letters only. Its end, or 0. */
static size_t mail_host_end(const char *s, size_t len, size_t at)
{
    size_t i = at, label = 0, labels = 0, end = 0;
    bool letters = true;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' && label) {
            labels++;
            label = 0;
            letters = true;
        } else if (c < 0x80 && ws_is_mail_char(c, false)) {
            label++;
            letters = letters && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        } else {
            break;
        }
        i++;
        if (label >= 2 && labels >= 1 && letters) end = i;
    }
    return end;
}

/* name@host.domain (the @ ASCII or full-width). */
static bool find_email(const char *s, size_t len, ws_number_hit *hit)
{
    for (size_t i = 0; i < len; i++) {
        size_t at = 0;
        if (s[i] == '@')
            at = 1;
        else if (len - i >= 3 && !memcmp(s + i, "\xef\xbc\xa0", 3))
            at = 3; /* ＠ */
        if (!at) continue;
        size_t b = i;
        while (b > 0 && (unsigned char)s[b - 1] < 0x80 && ws_is_mail_char(s[b - 1], true))
            b--;
        size_t end = b < i ? mail_host_end(s, len, i + at) : 0;
        if (end) {
            *hit = (ws_number_hit){WS_NUMBER_EMAIL, b, end - b};
            return true;
        }
    }
    return false;
}

/* Where the spaces from s[at] on end. */
static size_t skip_spaces(const char *s, size_t len, size_t at)
{
    size_t n;
    while (at < len && is_blank(ws_utf8_decode(s + at, len - at, &n)))
        at += n;
    return at;
}

/* The code point before s[at], spaces skipped: its start in *from. */
static int32_t cp_before(const char *s, size_t at, size_t *from)
{
    while (at > 0) {
        size_t b = at - 1, n;
        while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
        int32_t cp = ws_utf8_decode(s + b, at - b, &n);
        *from = b;
        if (!is_blank(cp)) return cp;
        at = b;
    }
    return -1;
}

/* A street number: digits after 路 街 巷 弄 道 and before 号, or before 单元 or 室. */
static bool find_address(const char *s, size_t len, ws_number_hit *hit)
{
    size_t i = 0, n;
    while (i < len) {
        if (digit_at(s + i, len - i, &n) < 0) {
            i += n ? n : 1;
            continue;
        }
        size_t start = i, from = i;
        while (i < len && digit_at(s + i, len - i, &n) >= 0)
            i += n;
        size_t j = skip_spaces(s, len, i);
        int32_t before = cp_before(s, start, &from);
        const char *rest = s + j;
        size_t left = len - j, word = 0;
        if (left >= 3 && !memcmp(rest, "号", 3) &&
            (before == 0x8DEF || before == 0x8857 || before == 0x5DF7 || before == 0x5F04 ||
             before == 0x9053)) /* 路 街 巷 弄 道 */
            word = 3;
        else if (left >= 3 && !memcmp(rest, "室", 3))
            word = 3;
        else if (left >= 6 && !memcmp(rest, "单元", 6))
            word = 6;
        if (word) {
            size_t head = start; /* up to three characters before the number, for the mask */
            for (int k = 0; k < 3 && head > 0; k++) {
                size_t b;
                int32_t cp = cp_before(s, head, &b);
                if (cp < 0x2E80) break;
                head = b;
            }
            *hit = (ws_number_hit){WS_NUMBER_ADDRESS, head, j + word - head};
            return true;
        }
    }
    return false;
}

bool ws_find_contact(const char *s, size_t len, ws_number_hit *hit)
{
    return find_number_typed(s, len, true, hit) || find_email(s, len, hit) ||
           find_address(s, len, hit);
}

/* "0573-****8815": the area code and the last four digits shown. */
static void mask_landline(const char *s, const ws_number_hit *hit, char *out, size_t n)
{
    size_t total = 0, digits = 0, area = 0, i, k, o = 0;
    for (i = hit->at; i < hit->at + hit->len; i += k ? k : 1) {
        int v = digit_at(s + i, hit->at + hit->len - i, &k);
        if (v >= 0 && ++total == 2) area = area_code_digits((char)('0' + v));
    }
    for (i = hit->at; i < hit->at + hit->len && o + 5 < n; i += k ? k : 1) {
        int v = digit_at(s + i, hit->at + hit->len - i, &k);
        if (v < 0) {
            for (size_t c = 0; c < k && o + 1 < n; c++)
                out[o++] = s[i + c];
            continue;
        }
        out[o++] = digits < area || digits + 4 >= total ? (char)('0' + v) : '*';
        digits++;
    }
    out[o] = '\0';
}

/* "wa***@163.com": two characters of the name, the host. */
static void mask_email(const char *s, const ws_number_hit *hit, char *out, size_t n)
{
    const char *at = memchr(s + hit->at, '@', hit->len);
    size_t name = at ? (size_t)(at - (s + hit->at)) : 0, host_at = name;
    if (!at) { /* a full-width ＠ */
        for (name = 0; name < hit->len && (unsigned char)s[hit->at + name] < 0x80; name++) {
        }
        host_at = name;
    }
    snprintf(out, n, "%.*s***%.*s", (int)(name < 2 ? name : 2), s + hit->at,
             (int)(hit->len - host_at), s + hit->at + host_at);
}

/* "胜利路***号": the words around the street number, the number hidden. */
static void mask_address(const char *s, const ws_number_hit *hit, char *out, size_t n)
{
    size_t o = 0, i = hit->at, k;
    bool starred = false;
    while (i < hit->at + hit->len && o + 4 < n) {
        bool digit = digit_at(s + i, hit->at + hit->len - i, &k) >= 0;
        if (digit && !starred) {
            memcpy(out + o, "***", 3);
            o += 3;
            starred = true;
        } else if (!digit &&
                   !(starred && is_blank(ws_utf8_decode(s + i, hit->at + hit->len - i, &k)))) {
            for (size_t c = 0; c < k && o + 1 < n; c++)
                out[o++] = s[i + c];
        }
        i += k ? k : 1;
    }
    out[o] = '\0';
}

void ws_mask_number(const char *s, const ws_number_hit *in, char *out, size_t n)
{
    /* the number as the scan read it (find_number_typed): an O between two digits is a
       zero, masked like one, never shown as the letter it was typed with */
    char typed[4096];
    ws_number_hit own = *in;
    const ws_number_hit *hit = &own;
    if (in->kind != WS_NUMBER_EMAIL && in->kind != WS_NUMBER_ADDRESS &&
        zeros_for_os(s + in->at, in->len, typed, sizeof typed)) {
        s = typed;
        own.at = 0;
    }
    switch (hit->kind) {
    case WS_NUMBER_LANDLINE: mask_landline(s, hit, out, n); return;
    case WS_NUMBER_EMAIL: mask_email(s, hit, out, n); return;
    case WS_NUMBER_ADDRESS: mask_address(s, hit, out, n); return;
    default: break; /* ID and mobile numbers below */
    }
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
    } else if (hit->kind == WS_NUMBER_MOBILE && count == 15) { /* 0086 139****2468 */
        cc = "0086 ";
        num += 4;
        count -= 4;
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
            if (!d->fields_shown[f] || !ws_find_contact(v, strlen(v), &hit)) continue;
            static const char *const what[] = {[WS_NUMBER_ID] = "身份证号",
                                               [WS_NUMBER_MOBILE] = "手机号码",
                                               [WS_NUMBER_LANDLINE] = "固定电话",
                                               [WS_NUMBER_EMAIL] = "电子邮箱",
                                               [WS_NUMBER_ADDRESS] = "门牌地址"};
            char masked[64];
            ws_mask_number(v, &hit, masked, sizeof masked);
            out->field = (int)f;
            out->doc = d;
            snprintf(out->msg, sizeof out->msg, "含有%s（%s），公开的「%s」会印出它，请从该栏删除",
                     what[hit.kind], masked, d->name);
            return false;
        }
    }
    return true;
}
