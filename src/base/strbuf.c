/* base/strbuf.c - see strbuf.h. */
#include "base/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ws_buf_free(ws_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

void ws_buf_clear(ws_buf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

bool ws_buf_reserve(ws_buf *b, size_t extra)
{
    if (b->failed) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

void ws_buf_append(ws_buf *b, const void *data, size_t len)
{
    if (!ws_buf_reserve(b, len)) return;
    if (len) memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
}

void ws_buf_puts(ws_buf *b, const char *s)
{
    ws_buf_append(b, s, strlen(s));
}

void ws_buf_putc(ws_buf *b, char c)
{
    ws_buf_append(b, &c, 1);
}

void ws_buf_printf(ws_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        ws_buf_append(b, small, (size_t)n);
        return;
    }
    if (!ws_buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Content streams are mostly numbers: formatted from the rounded integer
 * (v × 10^decimals) by hand, without snprintf (a tenth of a form's time). */
void ws_buf_num(ws_buf *b, double v, int decimals)
{
    if (!isfinite(v)) v = 0;
    if (decimals < 0) decimals = 0;
    if (decimals > 9) decimals = 9;
    double scale = 1;
    for (int i = 0; i < decimals; i++) scale *= 10;
    double scaled = round(v * scale);
    if (fabs(scaled) >= 1e17) { /* beyond exact integers: the slow way */
        char tmp[400];
        int n = snprintf(tmp, sizeof tmp, "%.0f", v);
        if (n > 0) ws_buf_append(b, tmp, (size_t)n);
        return;
    }
    long long q = (long long)scaled;
    char tmp[48], *end = tmp + sizeof tmp, *p = end;
    bool neg = q < 0;
    unsigned long long u = neg ? (unsigned long long)-q : (unsigned long long)q;
    int frac = decimals;
    while (frac > 0 && u % 10 == 0) u /= 10, frac--; /* trailing zeros of the fraction */
    for (int i = 0; i < frac; i++) *--p = (char)('0' + u % 10), u /= 10;
    if (frac > 0) *--p = '.';
    do *--p = (char)('0' + u % 10), u /= 10;
    while (u);
    if (neg) *--p = '-';
    ws_buf_append(b, p, (size_t)(end - p));
}

char *ws_buf_take(ws_buf *b, size_t *len)
{
    char *p = b->p;
    if (len) *len = b->len;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}
