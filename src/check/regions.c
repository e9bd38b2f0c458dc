/* check/regions.c - see regions.h.
 *
 * About 6,800 code-name pairs. Codes are kept sorted for a binary search;
 * every full and short name points at its pair from a second sorted array,
 * so reading a 籍贯 is a longest-match walk over the text: at each point the
 * longest name that fits below what was read before. Names repeat across
 * the country (朝阳区, 城区) and over time (嘉兴市 was a county-level city
 * until 1983 and is a prefecture since), so a name stands for every pair
 * that carries it, filtered by the code prefix of the province or
 * prefecture read before it, and by today's meaning when it has one: 德惠
 * was a prefecture for a year (德惠地区, 1982) and is a county-level city
 * now, 巢湖 the other way round; a name that is still both (南昌: 南昌市 and
 * 南昌县) counts as the higher one, as a reader would take it. */
#include "check/regions.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/fs.h"
#include "base/utf8.h"

typedef enum level { LV_PROVINCE, LV_PREFECTURE, LV_COUNTY } level;

typedef struct region {
    long code;
    const char *name, *short_name; /* short_name may be "" */
    level lv;
    bool current;   /* still in use (no last year) */
    bool childless; /* a province or prefecture no county code lies below (东莞市) */
} region;

typedef struct name_ref {
    uint64_t head; /* the name's first 8 bytes, big-endian, zero-padded: most
                      comparisons of the sort end here */
    const char *name;
    uint32_t len;
    uint32_t idx; /* into items */
} name_ref;

struct ws_regions {
    ws_arena *arena;
    region *items; /* sorted by code */
    size_t n;
    name_ref *names; /* sorted by name bytes */
    size_t nnames;
};

void ws_regions_destroy(ws_regions *r)
{
    if (r) ws_arena_destroy(r->arena);
}

size_t ws_regions_count(const ws_regions *r)
{
    return r ? r->n : 0;
}

/* --- loading ------------------------------------------------------------------ */

static bool all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* One data line into *out; the message has no file/line prefix. */
static ws_status parse_line(ws_arena *a, const char *line, size_t len, region *out, ws_err *err)
{
    const char *f[6];
    size_t fl[6];
    int n = ws_utf8_split_tabs(line, len, f, fl, 6);
    if (n < 5 || n > 6)
        return ws_err_set(err, WS_ERR_INPUT, "应为「代码<TAB>名称<TAB>级别<TAB>简称<TAB>启用年<TAB>停用年」");
    if (fl[0] != 6 || !all_digits(f[0], 6))
        return ws_err_set(err, WS_ERR_INPUT, "代码「%.*s」不是6位数字", (int)fl[0], f[0]);
    if (!fl[1]) return ws_err_set(err, WS_ERR_INPUT, "缺少名称");
    static const char *const LV[] = {"省", "地", "县"};
    int lv = -1;
    for (int i = 0; i < 3; i++)
        if (fl[2] == strlen(LV[i]) && !memcmp(f[2], LV[i], fl[2])) lv = i;
    if (lv < 0)
        return ws_err_set(err, WS_ERR_INPUT, "级别「%.*s」应为 省、地 或 县", (int)fl[2], f[2]);
    for (int i = 4; i < n; i++)
        if (!all_digits(f[i], fl[i]) || fl[i] > 4)
            return ws_err_set(err, WS_ERR_INPUT, "年份「%.*s」应为4位数字或留空", (int)fl[i], f[i]);
    out->code = 0;
    for (int i = 0; i < 6; i++)
        out->code = out->code * 10 + (f[0][i] - '0');
    out->name = ws_arena_strndup(a, f[1], fl[1]);
    out->short_name = ws_arena_strndup(a, f[3], fl[3]);
    out->lv = (level)lv;
    out->current = n < 6 || fl[5] == 0;
    out->childless = false;
    if (!out->name || !out->short_name) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

static int by_code(const void *a, const void *b)
{
    long x = ((const region *)a)->code, y = ((const region *)b)->code;
    return (x > y) - (x < y);
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

/* By name bytes, then code order (glibc's qsort, a merge sort, kept the
 * order they were made in: the same). */
static int by_name(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    if (x->head != y->head) return x->head < y->head ? -1 : 1;
    int c = cmp_bytes(x->name, x->len, y->name, y->len);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static name_ref name_ref_of(const char *name, size_t idx)
{
    name_ref nr = {0, name, (uint32_t)strlen(name), (uint32_t)idx};
    for (size_t k = 0; k < 8; k++)
        nr.head = nr.head << 8 | (k < nr.len ? (unsigned char)name[k] : 0);
    return nr;
}

static bool sorted_by_code(const ws_regions *r)
{
    for (size_t i = 1; i < r->n; i++)
        if (r->items[i - 1].code > r->items[i].code) return false;
    return true;
}

/* Is there a county code below the province (2-digit prefix) or prefecture
 * (4-digit prefix) of item i? Items are sorted by code. */
static bool has_county_below(const ws_regions *r, size_t i)
{
    long unit = r->items[i].lv == LV_PROVINCE ? 10000 : 100;
    long top = r->items[i].code / unit;
    for (size_t k = i + 1; k < r->n && r->items[k].code / unit == top; k++)
        if (r->items[k].lv == LV_COUNTY) return true;
    return false;
}

static ws_status index_names(ws_regions *r, ws_err *err)
{
    /* the shipped table is in code order already; qsort (a merge sort in
     * glibc, stable) would keep it so: equal codes stay in file order */
    if (!sorted_by_code(r)) qsort(r->items, r->n, sizeof *r->items, by_code);
    r->names = ws_arena_alloc(r->arena, (2 * r->n + 1) * sizeof *r->names);
    if (!r->names) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < r->n; i++) {
        region *g = &r->items[i];
        if (g->lv != LV_COUNTY) g->childless = !has_county_below(r, i);
        r->names[r->nnames++] = name_ref_of(g->name, i);
        if (g->short_name[0])
            r->names[r->nnames++] = name_ref_of(g->short_name, i);
    }
    qsort(r->names, r->nnames, sizeof *r->names, by_name);
    return WS_OK;
}

ws_status ws_regions_load_text(const char *text, size_t len, const char *name, ws_regions **out,
                               ws_err *err)
{
    *out = NULL;
    ws_arena *a = ws_arena_create(0);
    ws_regions *r = a ? ws_arena_calloc(a, 1, sizeof *r) : NULL;
    if (!r) {
        ws_arena_destroy(a);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    r->arena = a;
    ws_status st = WS_OK;
    size_t cap = 0, lineno = 0, pos = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) pos = 3;
    while (pos < len && st == WS_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len, ll = end - pos;
        const char *line = text + pos;
        pos = end + 1;
        lineno++;
        if (ll && line[ll - 1] == '\r') ll--;
        size_t tl;
        ws_utf8_trim(line, ll, &tl);
        if (!tl || line[0] == '#') continue;
        if (r->n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            region *p = ws_arena_grow(a, r->items, cap, ncap, sizeof *p);
            if (!p) {
                st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
                break;
            }
            r->items = p;
            cap = ncap;
        }
        ws_err e;
        if (parse_line(a, line, ll, &r->items[r->n], &e) != WS_OK)
            st = ws_err_set(err, e.status, "%s:%zu: %s", name, lineno, e.msg);
        else
            r->n++;
    }
    if (st == WS_OK && !r->n) st = ws_err_set(err, WS_ERR_INPUT, "%s: 没有任何行政区划", name);
    if (st == WS_OK) st = index_names(r, err);
    if (st != WS_OK) {
        ws_regions_destroy(r);
        return st;
    }
    *out = r;
    return WS_OK;
}

ws_status ws_regions_load(const char *path, ws_regions **out, ws_err *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    ws_status st = ws_read_file(path, &data, &len, err);
    if (st == WS_OK) st = ws_regions_load_text(data, len, path, out, err);
    free(data);
    return st;
}

/* --- codes -------------------------------------------------------------------- */

static const region *find_code(const ws_regions *r, long code)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->items[mid].code < code) lo = mid + 1;
        else hi = mid;
    }
    return lo < r->n && r->items[lo].code == code ? &r->items[lo] : NULL;
}

bool ws_regions_code_known(const ws_regions *r, const char *code)
{
    if (!code || strlen(code) < 6 || !all_digits(code, 6)) return false;
    char six[7];
    memcpy(six, code, 6);
    six[6] = '\0';
    long c = strtol(six, NULL, 10);
    if (c == 830000) return true; /* 台湾居民居住证 (810000, 820000 are in the list) */
    if (find_code(r, c)) return true;
    /* 市辖区: xxxx01 summarises a city's districts, xx0100 those of a 直辖市
     * (accepted below any province-level code) */
    if (c % 100 == 1) {
        const region *city = find_code(r, c - 1);
        return city && city->lv == LV_PREFECTURE;
    }
    if (c % 10000 == 100) {
        const region *prov = find_code(r, c - 100);
        return prov && prov->lv == LV_PROVINCE;
    }
    return false;
}

/* --- places ------------------------------------------------------------------- */

/* The first name_ref equal to s[0..len), or NULL. */
static const name_ref *find_name(const ws_regions *r, const char *s, size_t len, size_t *count)
{
    size_t lo = 0, hi = r->nnames;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_bytes(r->names[mid].name, r->names[mid].len, s, len) < 0) lo = mid + 1;
        else hi = mid;
    }
    size_t k = lo;
    while (k < r->nnames && !cmp_bytes(r->names[k].name, r->names[k].len, s, len))
        k++;
    *count = k - lo;
    return k > lo ? &r->names[lo] : NULL;
}

/* Does code lie below the prefix (a code divided by 'unit'; unit 0: anywhere)? */
static bool below(long code, long prefix, long unit)
{
    return !unit || code / unit == prefix;
}

/* A name read at one point of the text: what it stands for below the
 * current prefix. */
typedef struct reading {
    size_t len;   /* bytes of the text it covers, 0 when no name fits */
    bool county;  /* every pair it can be is county-level (or childless) */
    long prefix;  /* for a higher name: the code prefix below it … */
    long unit;    /* … as code / unit (10000 province, 100 prefecture) */
} reading;

/* The narrowest code prefix every higher division in g[0..n) lies in:
 * their prefecture when they share one, else their province, else none. */
static void common_prefix(const region *const *g, size_t n, long *prefix, long *unit)
{
    bool same4 = true, same2 = true;
    for (size_t k = 1; k < n; k++) {
        same4 &= g[k]->code / 100 == g[0]->code / 100 && g[k]->lv == LV_PREFECTURE &&
                 g[0]->lv == LV_PREFECTURE;
        same2 &= g[k]->code / 10000 == g[0]->code / 10000;
    }
    if (n && same4 && g[0]->lv == LV_PREFECTURE) *prefix = g[0]->code / 100, *unit = 100;
    else if (n && same2) *prefix = g[0]->code / 10000, *unit = 10000;
    else *prefix = 0, *unit = 0;
}

static reading read_name(const ws_regions *r, const char *s, size_t n, long prefix, long unit)
{
    reading best = {0, false, 0, 0};
    /* candidate lengths at character boundaries, longest first */
    size_t ends[32], nends = 0;
    for (size_t i = 0; i < n && nends < 32;) {
        size_t k;
        ws_utf8_decode(s + i, n - i, &k);
        i += k;
        ends[nends++] = i;
    }
    for (size_t e = nends; e-- > 1;) { /* at least two characters */
        size_t count;
        const name_ref *m = find_name(r, s, ends[e], &count);
        /* what the name means today when it still names something here;
         * else what it meant (江苏吴县) */
        bool any = false, today = false;
        for (size_t k = 0; m && k < count; k++) {
            const region *g = &r->items[m[k].idx];
            if (!below(g->code, prefix, unit)) continue;
            any = true;
            today |= g->current;
        }
        if (!any) continue;
        const region *higher[64];
        size_t nh = 0;
        for (size_t k = 0; k < count; k++) {
            const region *g = &r->items[m[k].idx];
            if (below(g->code, prefix, unit) && (g->current || !today) && g->lv != LV_COUNTY &&
                !g->childless && nh < 64)
                higher[nh++] = g;
        }
        best.len = ends[e];
        best.county = nh == 0;
        if (nh) common_prefix(higher, nh, &best.prefix, &best.unit);
        return best;
    }
    return best;
}

/* Copies v without spaces into s (n bytes), with at[i] the offset in v of
 * s[i]; returns the length of s. */
static size_t squeeze(const char *v, char *s, size_t *at, size_t n)
{
    size_t o = 0, len = strlen(v);
    for (size_t i = 0; i < len && o + 4 < n;) {
        size_t k;
        int32_t cp = ws_utf8_decode(v + i, len - i, &k);
        if (cp >= 0 && !ws_is_space((uint32_t)cp))
            for (size_t j = 0; j < k; j++)
                at[o] = i + j, s[o++] = v[i + j];
        i += k;
    }
    s[o] = '\0';
    at[o] = len;
    return o;
}

ws_place_level ws_regions_place(const ws_regions *r, const char *text, size_t *rest)
{
    char s[512];
    size_t at[512];
    size_t n = squeeze(text, s, at, sizeof s), pos = 0;
    static const char *const COUNTRY[] = {"中华人民共和国", "中国"};
    for (size_t i = 0; i < 2; i++) {
        size_t cl = strlen(COUNTRY[i]);
        if (n >= cl && !memcmp(s, COUNTRY[i], cl)) {
            pos = cl;
            break;
        }
    }
    long prefix = 0, unit = 0;
    bool higher = false;
    while (pos < n) {
        reading g = read_name(r, s + pos, n - pos, prefix, unit);
        if (!g.len) break;
        pos += g.len;
        if (g.county) {
            if (rest) *rest = strlen(text);
            return WS_PLACE_COUNTY;
        }
        higher = true;
        prefix = g.prefix;
        unit = g.unit;
    }
    if (rest) *rest = higher ? at[pos] : 0;
    return higher ? WS_PLACE_HIGHER : WS_PLACE_UNKNOWN;
}
