/* layout/cff_read.c - see cff_read.h. */
#include "layout/cff_read.h"

uint32_t ws_cff_be(const uint8_t *p, unsigned n)
{
    uint32_t v = 0;
    while (n--)
        v = v << 8 | *p++;
    return v;
}

bool ws_cff_read_index(const uint8_t *d, size_t len, size_t at, ws_cff_index *ix)
{
    if (at > len || len - at < 2) return false;
    *ix = (ws_cff_index){.count = ws_cff_be(d + at, 2), .end = at + 2};
    if (ix->count == 0) return true;
    if (len - at < 3) return false;
    ix->off_size = d[at + 2];
    if (ix->off_size < 1 || ix->off_size > 4) return false;
    ix->offsets = at + 3;
    size_t table = ((size_t)ix->count + 1) * ix->off_size;
    if (len - ix->offsets < table) return false;
    ix->data = ix->offsets + table - 1;
    uint32_t last = ws_cff_be(d + ix->offsets + (size_t)ix->count * ix->off_size, ix->off_size);
    if (last < 1 || last > len - ix->data) return false;
    ix->end = ix->data + last;
    return true;
}

bool ws_cff_index_item(const uint8_t *d, const ws_cff_index *ix, uint32_t i, size_t *start,
                       size_t *end)
{
    uint32_t a = ws_cff_be(d + ix->offsets + (size_t)i * ix->off_size, ix->off_size);
    uint32_t b = ws_cff_be(d + ix->offsets + (size_t)(i + 1) * ix->off_size, ix->off_size);
    if (a < 1 || b < a || ix->data + b > ix->end) return false;
    *start = ix->data + a;
    *end = ix->data + b;
    return true;
}

/* Reads the operand at d[*i], before end. */
static bool read_operand(const uint8_t *d, size_t end, size_t *i, ws_cff_arg *a)
{
    uint8_t b = d[*i];
    *a = (ws_cff_arg){.at = *i, .b0 = b};
    size_t left = end - *i;
    if (b == 28 && left >= 3) {
        a->value = (int16_t)ws_cff_be(d + *i + 1, 2);
        *i += 3;
    } else if (b == 29 && left >= 5) {
        a->value = (int32_t)ws_cff_be(d + *i + 1, 4);
        *i += 5;
    } else if (b == 30) { /* a real: nibbles up to the one that is 0xF */
        for (++*i; *i < end; ++*i)
            if ((d[*i] & 0x0F) == 0x0F || (d[*i] >> 4) == 0x0F) break;
        if (*i >= end) return false;
        ++*i;
    } else if (b >= 32 && b <= 246) {
        a->value = b - 139;
        *i += 1;
    } else if (b >= 247 && b <= 250 && left >= 2) {
        a->value = (b - 247) * 256 + d[*i + 1] + 108;
        *i += 2;
    } else if (b >= 251 && b <= 254 && left >= 2) {
        a->value = -(b - 251) * 256 - d[*i + 1] - 108;
        *i += 2;
    } else {
        return false;
    }
    return true;
}

int ws_cff_find_op(const uint8_t *d, size_t start, size_t end, int op, ws_cff_arg *args, int max,
                   int *nargs)
{
    int n = 0, count = 0;
    for (size_t i = start; i < end;) {
        if (d[i] <= 21) {
            int code = d[i];
            if (code == 12) {
                if (i + 1 >= end) return -1;
                code = 1200 + d[++i];
            }
            i++;
            if (code == op && count++ == 0) *nargs = n;
            n = 0;
            continue;
        }
        ws_cff_arg a;
        if (!read_operand(d, end, &i, &a)) return -1;
        if (count == 0 && n < max) args[n] = a;
        n++;
    }
    return count;
}

bool ws_cff_one_int(const uint8_t *d, size_t start, size_t end, int op, ws_cff_arg *a)
{
    int n = 0;
    return ws_cff_find_op(d, start, end, op, a, 1, &n) == 1 && n == 1 && a->b0 != 30;
}

bool ws_cff_read_head(const uint8_t *d, size_t len, ws_cff_head *h)
{
    ws_cff_index names, tops, strings, gsubrs;
    return len >= 4 && d[0] == 1 && ws_cff_read_index(d, len, d[2], &names) &&
           ws_cff_read_index(d, len, names.end, &tops) && tops.count == 1 &&
           ws_cff_index_item(d, &tops, 0, &h->top, &h->top_end) &&
           ws_cff_read_index(d, len, tops.end, &strings) &&
           ws_cff_read_index(d, len, strings.end, &gsubrs) && (h->end = gsubrs.end, true);
}

bool ws_cff_glyph_count(const uint8_t *d, size_t len, uint32_t *count)
{
    ws_cff_head h;
    ws_cff_arg charstrings;
    ws_cff_index cs;
    if (!ws_cff_read_head(d, len, &h) || !ws_cff_one_int(d, h.top, h.top_end, 17, &charstrings) ||
        charstrings.value < 0 || !ws_cff_read_index(d, len, (size_t)charstrings.value, &cs))
        return false;
    *count = cs.count;
    return true;
}
