/* check/regions.c - see regions.h.
 *
 * About 6,800 code-name pairs. Codes are kept sorted for a binary search;
 * every full and short name is found through a hash table of names, so
 * reading a 籍贯 is a longest-match walk over the text: at each point the
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

#include "base/fs.h"
#include "base/utf8.h"

typedef enum level { LV_PROVINCE, LV_PREFECTURE, LV_COUNTY } level;

typedef struct region {
    int32_t code;
    uint32_t name, short_name;      /* offsets into the list's text … */
    uint16_t name_len, short_len;   /* … and lengths (short_len 0: none) */
    uint8_t lv;     /* a level */
    bool current;   /* still in use (no last year) */
    bool childless; /* a province or prefecture no county code lies below (东莞市) */
} region;

/* Every full and short name is an entry: entry e is item e / 2's full name
 * (e even) or short name (e odd). The names are found through a hash table
 * of distinct names, each slot the first entry of that name (+1; 0 is
 * empty); next_same chains the entries of one name in code order. A table
 * rather than a sorted array: loading it is part of every build's start-up,
 * and sorting 13,600 names (with qsort's copy of them) was half of that. */
#define NO_ENTRY UINT32_MAX

struct ws_regions {
    const char *text; /* the file's bytes, mapped (ws_map_file) or a copy */
    size_t text_len;
    bool mapped;
    region *items; /* sorted by code */
    size_t n;
    uint32_t *slots; /* nslots, a power of two */
    size_t nslots;
    uint32_t *next_same; /* 2 n entries */
};

void ws_regions_destroy(ws_regions *r)
{
    if (!r) return;
    if (r->mapped) ws_unmap_file(r->text, r->text_len);
    else free((char *)r->text);
    free(r->items);
    free(r->slots);
    free(r->next_same);
    free(r);
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

/* One data line (in text) into *out; the message has no file/line prefix. */
static ws_status parse_line(const char *text, const char *line, size_t len, region *out,
                            ws_err *err)
{
    const char *f[6];
    size_t fl[6];
    int n = ws_utf8_split_tabs(line, len, f, fl, 6);
    if (n < 5 || n > 6)
        return ws_err_set(err, WS_ERR_INPUT, "应为「代码<TAB>名称<TAB>级别<TAB>简称<TAB>启用年<TAB>停用年」");
    if (fl[0] != 6 || !all_digits(f[0], 6))
        return ws_err_set(err, WS_ERR_INPUT, "代码「%.*s」不是6位数字", (int)fl[0], f[0]);
    if (!fl[1]) return ws_err_set(err, WS_ERR_INPUT, "缺少名称");
    if (fl[1] > UINT16_MAX || fl[3] > UINT16_MAX || (size_t)(line - text) + len > UINT32_MAX)
        return ws_err_set(err, WS_ERR_INPUT, "名称太长");
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
    out->name = (uint32_t)(f[1] - text);
    out->short_name = (uint32_t)(f[3] - text);
    out->name_len = (uint16_t)fl[1];
    out->short_len = (uint16_t)fl[3];
    out->lv = (uint8_t)lv;
    out->current = n < 6 || fl[5] == 0;
    out->childless = false;
    return WS_OK;
}

static int by_code(const void *a, const void *b)
{
    int32_t x = ((const region *)a)->code, y = ((const region *)b)->code;
    return (x > y) - (x < y);
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

static uint32_t hash_name(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Entry e's name and length. */
static const char *entry_name(const ws_regions *r, uint32_t e, size_t *len)
{
    const region *g = &r->items[e / 2];
    *len = e % 2 ? g->short_len : g->name_len;
    return r->text + (e % 2 ? g->short_name : g->name);
}

/* The slot that holds the name s[0..len), or the empty slot where it would go. */
static size_t slot_of(const ws_regions *r, const char *s, size_t len)
{
    size_t mask = r->nslots - 1;
    for (size_t i = hash_name(s, len) & mask;; i = (i + 1) & mask) {
        if (!r->slots[i]) return i;
        size_t nl;
        const char *name = entry_name(r, r->slots[i] - 1, &nl);
        if (nl == len && !memcmp(name, s, len)) return i;
    }
}

/* Files every full and short name: walking the entries from the last, each
 * goes in front of its name's chain, which so ends in code order (full name
 * before short name of the same item, as a stable sort by name would). */
static ws_status index_names(ws_regions *r, ws_err *err)
{
    /* the shipped table is in code order already; qsort (a merge sort in
     * glibc, stable) would keep it so: equal codes stay in file order */
    if (!sorted_by_code(r)) qsort(r->items, r->n, sizeof *r->items, by_code);
    r->nslots = 1024;
    while (r->nslots < 4 * r->n) /* at most half full: 2 n entries */
        r->nslots *= 2;
    r->slots = calloc(r->nslots, sizeof *r->slots);
    r->next_same = malloc(2 * r->n * sizeof *r->next_same);
    if (!r->slots || !r->next_same) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < r->n; i++) {
        region *g = &r->items[i];
        if (g->lv != LV_COUNTY) g->childless = !has_county_below(r, i);
    }
    for (size_t e = 2 * r->n; e-- > 0;) {
        size_t len;
        const char *name = entry_name(r, (uint32_t)e, &len);
        r->next_same[e] = NO_ENTRY;
        if (!len) continue; /* no short name */
        size_t at = slot_of(r, name, len);
        if (r->slots[at]) r->next_same[e] = r->slots[at] - 1;
        r->slots[at] = (uint32_t)e + 1;
    }
    return WS_OK;
}

/* Data lines of text (at most), to size the list once. */
static size_t count_lines(const char *text, size_t len)
{
    size_t n = 1;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
        n++;
    return n;
}

/* Reads the list from text (len bytes), which it takes over whatever
 * happens: mapped by ws_map_file, else malloc'd. */
static ws_status load_owned(const char *text, size_t len, bool mapped, const char *name,
                            ws_regions **out, ws_err *err)
{
    *out = NULL;
    ws_regions *r = calloc(1, sizeof *r);
    if (r) r->text = text, r->text_len = len, r->mapped = mapped;
    else if (mapped) ws_unmap_file(text, len);
    else free((char *)text);
    size_t cap = r ? count_lines(text, len) : 0;
    if (r) r->items = malloc(cap * sizeof *r->items);
    if (!r || !r->items || cap >= UINT32_MAX / 2) {
        ws_regions_destroy(r);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    ws_status st = WS_OK;
    size_t lineno = 0, pos = 0;
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
        ws_err e;
        if (parse_line(text, line, ll, &r->items[r->n], &e) != WS_OK)
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

ws_status ws_regions_load_text(const char *text, size_t len, const char *name, ws_regions **out,
                               ws_err *err)
{
    char *own = malloc(len ? len : 1);
    if (!own) {
        *out = NULL;
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    memcpy(own, text, len);
    return load_owned(own, len, false, name, out, err);
}

ws_status ws_regions_load(const char *path, ws_regions **out, ws_err *err)
{
    const char *data = NULL;
    size_t len = 0;
    *out = NULL;
    ws_status st = ws_map_file(path, &data, &len, err);
    return st == WS_OK ? load_owned(data, len, true, path, out, err) : st;
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

/* The first entry named s[0..len) (the rest follow through next_same),
 * or NO_ENTRY. */
static uint32_t first_named(const ws_regions *r, const char *s, size_t len)
{
    uint32_t slot = r->slots[slot_of(r, s, len)];
    return slot ? slot - 1 : NO_ENTRY;
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
        uint32_t first = first_named(r, s, ends[e]);
        /* what the name means today when it still names something here;
         * else what it meant (江苏吴县) */
        bool any = false, today = false;
        for (uint32_t k = first; k != NO_ENTRY; k = r->next_same[k]) {
            const region *g = &r->items[k / 2];
            if (!below(g->code, prefix, unit)) continue;
            any = true;
            today |= g->current;
        }
        if (!any) continue;
        const region *higher[64];
        size_t nh = 0;
        for (uint32_t k = first; k != NO_ENTRY; k = r->next_same[k]) {
            const region *g = &r->items[k / 2];
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

/* A place read as a path of division names from the start of text (a
 * leading 中国 or 中华人民共和国 counted as one): each name's end in text
 * goes to ends[] (up to max), *level says how far down the path goes and
 * *rest where what follows a higher name begins (as ws_regions_place). */
typedef struct place_path {
    ws_place_level level;
    size_t rest;
    size_t nends;
} place_path;

static place_path read_path(const ws_regions *r, const char *text, size_t *ends, size_t max)
{
    char s[512];
    size_t at[512];
    size_t n = squeeze(text, s, at, sizeof s), pos = 0;
    place_path path = {WS_PLACE_UNKNOWN, 0, 0};
    static const char *const COUNTRY[] = {"中华人民共和国", "中国"};
    for (size_t i = 0; i < 2; i++) {
        size_t cl = strlen(COUNTRY[i]);
        if (n >= cl && !memcmp(s, COUNTRY[i], cl)) {
            pos = cl;
            if (path.nends < max) ends[path.nends++] = at[pos - 1] + 1;
            break;
        }
    }
    long prefix = 0, unit = 0;
    while (pos < n) {
        reading g = read_name(r, s + pos, n - pos, prefix, unit);
        if (!g.len) break;
        pos += g.len;
        if (path.nends < max) ends[path.nends++] = at[pos - 1] + 1;
        if (g.county) {
            path.level = WS_PLACE_COUNTY;
            path.rest = strlen(text);
            return path;
        }
        path.level = WS_PLACE_HIGHER;
        prefix = g.prefix;
        unit = g.unit;
    }
    path.rest = path.level == WS_PLACE_HIGHER ? at[pos] : 0;
    if (path.level == WS_PLACE_UNKNOWN) path.nends = 0; /* 中国 alone names no place */
    return path;
}

ws_place_level ws_regions_place(const ws_regions *r, const char *text, size_t *rest)
{
    place_path path = read_path(r, text, NULL, 0);
    if (rest) *rest = path.rest;
    return path.level;
}

size_t ws_regions_names(const ws_regions *r, const char *text, size_t len, size_t *ends, size_t max)
{
    char s[512];
    if (len >= sizeof s) len = sizeof s - 1;
    memcpy(s, text, len);
    s[len] = '\0';
    return read_path(r, s, ends, max).nends;
}
