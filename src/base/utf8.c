/* base/utf8.c - see utf8.h. */
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

int32_t ws_utf8_decode(const char *str, size_t len, size_t *n)
{
    const unsigned char *s = (const unsigned char *)str;
    *n = 1;
    if (len == 0) {
        *n = 0;
        return -1;
    }
    uint32_t c = s[0];
    if (c < 0x80) return (int32_t)c;
    size_t need;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) {
        need = 2;
        c &= 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 3;
        c &= 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return -1;
    }
    if (len < need) return -1;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return -1;
    *n = need;
    return (int32_t)c;
}

size_t ws_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t ws_utf8_invalid_at(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n;
        if (ws_utf8_decode(s + i, len - i, &n) < 0) return i;
        i += n;
    }
    return (size_t)-1;
}

size_t ws_utf8_count(const char *s, size_t len)
{
    size_t count = 0, i = 0;
    while (i < len) {
        size_t n;
        ws_utf8_decode(s + i, len - i, &n);
        i += n;
        count++;
    }
    return count;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

size_t ws_utf8_count_chars(const char *s, size_t len)
{
    size_t count = 0, i = 0;
    while (i < len) {
        size_t n;
        int32_t cp = ws_utf8_decode(s + i, len - i, &n);
        i += n;
        if (cp < 0 || (!ws_is_space((uint32_t)cp) && !is_control((uint32_t)cp))) count++;
    }
    return count;
}

size_t ws_utf8_count_han(const char *s, size_t len)
{
    size_t count = 0, i = 0;
    while (i < len) {
        size_t n;
        int32_t cp = ws_utf8_decode(s + i, len - i, &n);
        i += n;
        if (cp >= 0 && ws_is_han((uint32_t)cp)) count++;
    }
    return count;
}

bool ws_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF)      /* URO */
           || (cp >= 0x3400 && cp <= 0x4DBF)   /* Ext-A */
           || (cp >= 0x20000 && cp <= 0x323AF) /* Ext-B..H */
           || (cp >= 0xF900 && cp <= 0xFAFF)   /* compatibility */
           || (cp >= 0x2F800 && cp <= 0x2FA1F) || cp == 0x3007;
}

bool ws_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0;
}

bool ws_is_fullwidth_punct(uint32_t cp)
{
    return (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) ||
           (cp >= 0x3014 && cp <= 0x301F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
           (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
           (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2014 ||
           cp == 0x2026 || cp == 0x00B7 || cp == 0x2027 || cp == 0x30FB;
}

size_t ws_utf8_clip(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return max;
}

const char *ws_utf8_trim(const char *s, size_t len, size_t *out_len)
{
    size_t start = 0, end = len;
    while (start < end) {
        size_t n;
        int32_t cp = ws_utf8_decode(s + start, end - start, &n);
        if (cp < 0 || !ws_is_space((uint32_t)cp)) break;
        start += n;
    }
    while (end > start) {
        /* step back to the start of the previous code point */
        size_t b = end - 1;
        while (b > start && ((unsigned char)s[b] & 0xC0) == 0x80) b--;
        size_t n;
        int32_t cp = ws_utf8_decode(s + b, end - b, &n);
        if (cp < 0 || n != end - b || !ws_is_space((uint32_t)cp)) break;
        end = b;
    }
    *out_len = end - start;
    return s + start;
}

bool ws_is_invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

size_t ws_utf8_escape_invisible(const char *s, size_t len, char *out, size_t n)
{
    size_t o = 0, i = 0;
    if (n == 0) return 0;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        char one[8];
        size_t m;
        if (cp < 0) m = ws_utf8_encode(0xFFFD, one);
        else if (ws_is_invisible((uint32_t)cp)) m = (size_t)snprintf(one, sizeof one, "\\u%04X", (unsigned)cp);
        else m = ws_utf8_encode((uint32_t)cp, one);
        if (o + m >= n) break;
        memcpy(out + o, one, m);
        o += m;
        i += k;
    }
    out[o] = '\0';
    return o;
}

int ws_utf8_split_tabs(const char *line, size_t len, const char **f, size_t *flen, int max)
{
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t') continue;
        if (n == max) return max + 1;
        f[n] = ws_utf8_trim(line + start, i - start, &flen[n]);
        n++;
        start = i + 1;
    }
    return n;
}

size_t ws_utf8_count_nonblank_lines(const char *s)
{
    size_t n = 0;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s), tl;
        ws_utf8_trim(s, len, &tl);
        n += tl > 0;
        s += len + (nl ? 1 : 0);
    }
    return n;
}
