/* render/cff_subset.c - see cff_subset.h. */
#include "render/cff_subset.h"

#include <stdlib.h>
#include <string.h>

#include "layout/cff_read.h"

#define CFF_TAG HB_TAG('C', 'F', 'F', ' ')
#define MAX_FDS 256

/* Tables HarfBuzz would subset and a PDF font program does not carry. */
static const char *const dropped_tables[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern",
                                             "vhea", "vmtx", "VORG", "name", "DSIG", "morx"};

hb_subset_plan_t *ws_subset_plan(hb_face_t *face, const uint32_t *gids, size_t n, bool cff)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return NULL;
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(glyphs, gids[i]);
    /* A CJK document uses a few hundred of a CFF's 65,535 glyphs: inlining
     * their subroutines is faster than subsetting the subroutines and gives a
     * smaller font (72 KB against 77 KB for 250 ideographs of Noto Serif CJK). */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
                                      (cff ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0));
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped_tables / sizeof *dropped_tables; i++)
        hb_set_add(drop, hb_tag_from_string(dropped_tables[i], 4));
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
    hb_subset_input_destroy(in);
    return plan;
}

/* --- reading CFF: layout/cff_read.h. Offsets are taken only from DICTs that
 * hold their operator once (ws_cff_one_int): HarfBuzz keeps a repeated
 * operator, and an offset patched in one place only would leave the other
 * where the subset it was learnt from had it. ------------------------------- */

static void put_be(uint8_t *p, uint32_t v, unsigned n)
{
    while (n--) {
        p[n] = (uint8_t)v;
        v >>= 8;
    }
}

/* --- the cache ------------------------------------------------------------------- */

/* A glyph as HarfBuzz flattened it: its charstring is pool[off, off + len). */
typedef struct glyph {
    uint32_t gid_1; /* gid + 1; 0: a free slot */
    uint32_t off, len;
    uint16_t cid;
} glyph;

/* What HarfBuzz's subsets of one FD set share, with the places that hold
 * offsets (each a 5-byte integer operand: byte 29, then 4 bytes). */
typedef struct frame {
    uint64_t fds[MAX_FDS / 64];
    uint8_t *prefix; /* header, Name, Top DICT, String and Global Subr INDEXes */
    size_t prefix_len;
    size_t at_charset, at_fdselect, at_fdarray, at_charstrings; /* in prefix */
    uint8_t *fdarray;                                           /* the FDArray INDEX */
    size_t fdarray_len;
    size_t *at_private;    /* in fdarray: each font dict's private dict offset */
    uint32_t *private_rel; /* that offset less where the private dicts start */
    unsigned nfd;
    uint8_t *privates; /* the private dicts, after the CharStrings INDEX to the end */
    size_t privates_len;
} frame;

struct ws_cff_cache {
    hb_face_t *face;
    hb_blob_t *table;
    const uint8_t *d; /* the face's CFF */
    size_t len;
    uint32_t nglyphs;
    unsigned nfds;
    size_t fdselect; /* format 0 or 3 */
    glyph *glyphs;   /* hash table by gid, at most half full */
    size_t nslots, nused;
    uint8_t *pool;
    size_t pool_len, pool_cap;
    frame *frames;
    size_t nframes;
    size_t hb_subsets;
    bool gave_up;
};

/* The FD of gid in the face's FDSelect, -1 if it has none. */
static int fd_of(const ws_cff_cache *c, uint32_t gid)
{
    const uint8_t *s = c->d + c->fdselect;
    int fd;
    if (s[0] == 0) {
        fd = s[1 + gid];
    } else { /* format 3: the last range starting at or before gid */
        uint32_t lo = 0, hi = ws_cff_be(s + 1, 2);
        while (hi - lo > 1) {
            uint32_t mid = (lo + hi) / 2;
            if (ws_cff_be(s + 3 + 3 * mid, 2) <= gid)
                lo = mid;
            else
                hi = mid;
        }
        fd = s[3 + 3 * lo + 2];
    }
    return fd < (int)c->nfds ? fd : -1;
}

static bool read_fdselect(ws_cff_cache *c, size_t at)
{
    if (at >= c->len) return false;
    const uint8_t *s = c->d + at;
    size_t left = c->len - at;
    c->fdselect = at;
    if (s[0] == 0) return left >= 1 + (size_t)c->nglyphs;
    if (s[0] != 3 || left < 3) return false;
    uint32_t nranges = ws_cff_be(s + 1, 2);
    return nranges >= 1 && left >= 3 + 3 * (size_t)nranges + 2 && ws_cff_be(s + 3, 2) == 0;
}

/* Reads the face's CFF: CID-keyed (ROS), its glyph count, FDs and FDSelect. */
static bool read_source(ws_cff_cache *c)
{
    unsigned len = 0;
    c->d = (const uint8_t *)hb_blob_get_data(c->table, &len);
    c->len = len;
    ws_cff_head h;
    ws_cff_arg a[3], charstrings, fdarray, fdselect;
    int n = 0;
    ws_cff_index cs, fds;
    if (!c->d || !ws_cff_read_head(c->d, c->len, &h) ||
        ws_cff_find_op(c->d, h.top, h.top_end, 1230, a, 3, &n) != 1 || n != 3 ||
        !ws_cff_one_int(c->d, h.top, h.top_end, 17, &charstrings) ||
        !ws_cff_one_int(c->d, h.top, h.top_end, 1236, &fdarray) ||
        !ws_cff_one_int(c->d, h.top, h.top_end, 1237, &fdselect) ||
        !ws_cff_read_index(c->d, c->len, (size_t)charstrings.value, &cs) ||
        !ws_cff_read_index(c->d, c->len, (size_t)fdarray.value, &fds))
        return false;
    c->nglyphs = cs.count;
    c->nfds = fds.count;
    return c->nglyphs > 0 && c->nfds > 0 && c->nfds <= MAX_FDS &&
           read_fdselect(c, (size_t)fdselect.value);
}

ws_cff_cache *ws_cff_cache_create(hb_face_t *face)
{
    ws_cff_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->face = face;
    c->table = hb_face_reference_table(face, CFF_TAG);
    if (!read_source(c)) {
        ws_cff_cache_destroy(c);
        return NULL;
    }
    return c;
}

static void free_frame(frame *f)
{
    free(f->prefix);
    free(f->fdarray);
    free(f->at_private);
    free(f->private_rel);
    free(f->privates);
}

void ws_cff_cache_destroy(ws_cff_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nframes; i++)
        free_frame(&c->frames[i]);
    free(c->frames);
    free(c->glyphs);
    free(c->pool);
    hb_blob_destroy(c->table);
    free(c);
}

size_t ws_cff_cache_hb_subsets(const ws_cff_cache *c)
{
    return c ? c->hb_subsets : 0;
}

bool ws_cff_cache_gave_up(const ws_cff_cache *c)
{
    return c && c->gave_up;
}

static glyph *slot_of(glyph *table, size_t nslots, uint32_t gid)
{
    size_t i = (gid * 2654435761u) & (nslots - 1);
    while (table[i].gid_1 && table[i].gid_1 != gid + 1)
        i = (i + 1) & (nslots - 1);
    return &table[i];
}

static const glyph *known(const ws_cff_cache *c, uint32_t gid)
{
    if (!c->nslots) return NULL;
    const glyph *g = slot_of(c->glyphs, c->nslots, gid);
    return g->gid_1 ? g : NULL;
}

/* Files gid's charstring bytes (a copy) and CID, unless it is filed. */
static bool file_glyph(ws_cff_cache *c, uint32_t gid, uint16_t cid, const uint8_t *cs, size_t len)
{
    if (known(c, gid)) return true;
    if (2 * (c->nused + 1) > c->nslots) {
        size_t n = c->nslots ? 2 * c->nslots : 1024;
        glyph *t = calloc(n, sizeof *t);
        if (!t) return false;
        for (size_t i = 0; i < c->nslots; i++)
            if (c->glyphs[i].gid_1) *slot_of(t, n, c->glyphs[i].gid_1 - 1) = c->glyphs[i];
        free(c->glyphs);
        c->glyphs = t;
        c->nslots = n;
    }
    if (len > UINT32_MAX - c->pool_len) return false;
    if (c->pool_len + len > c->pool_cap) {
        size_t cap = c->pool_cap ? c->pool_cap : 64 * 1024;
        while (cap < c->pool_len + len)
            cap *= 2;
        uint8_t *p = realloc(c->pool, cap);
        if (!p) return false;
        c->pool = p;
        c->pool_cap = cap;
    }
    memcpy(c->pool + c->pool_len, cs, len);
    *slot_of(c->glyphs, c->nslots, gid) =
        (glyph){.gid_1 = gid + 1, .off = (uint32_t)c->pool_len, .len = (uint32_t)len, .cid = cid};
    c->pool_len += len;
    c->nused++;
    return true;
}

static frame *frame_for(const ws_cff_cache *c, const uint64_t *fds)
{
    for (size_t i = 0; i < c->nframes; i++)
        if (memcmp(c->frames[i].fds, fds, sizeof c->frames[i].fds) == 0) return &c->frames[i];
    return NULL;
}

static unsigned fd_population(const uint64_t *fds)
{
    unsigned n = 0;
    for (size_t i = 0; i < MAX_FDS / 64; i++)
        n += (unsigned)__builtin_popcountll(fds[i]);
    return n;
}

/* The FD's place among the set's FDs (HarfBuzz keeps them in the order of the face). */
static unsigned fd_rank(const uint64_t *fds, unsigned fd)
{
    unsigned rank = 0;
    for (unsigned i = 0; i < fd / 64; i++)
        rank += (unsigned)__builtin_popcountll(fds[i]);
    uint64_t below = fd % 64 ? fds[fd / 64] & ((UINT64_C(1) << (fd % 64)) - 1) : 0;
    return rank + (unsigned)__builtin_popcountll(below);
}

/* --- reading HarfBuzz's subsets ----------------------------------------------------- */

/* Where a subset's parts are, checked to follow each other as HarfBuzz 6.0
 * lays them out: prefix, charset, FDSelect (format 3), FDArray, CharStrings,
 * private dicts to the end. Every offset is a 5-byte integer. */
typedef struct subset_parts {
    ws_cff_head head;
    ws_cff_arg charset, fdselect, fdarray, charstrings;
    ws_cff_index fda, cs;
} subset_parts;

static bool five_bytes(const ws_cff_arg *a)
{
    return a->b0 == 29 && a->value >= 0;
}

/* The CIDs of a subset's n glyphs from its charset at d[at]; where it ends. */
static bool read_charset(const uint8_t *d, size_t len, size_t at, size_t n, uint16_t *cids,
                         size_t *end)
{
    if (at >= len) return false;
    unsigned format = d[at++];
    cids[0] = 0;
    if (format == 0) {
        if ((len - at) / 2 < n - 1) return false;
        for (size_t g = 1; g < n; g++, at += 2)
            cids[g] = (uint16_t)ws_cff_be(d + at, 2);
    } else if (format == 1 || format == 2) {
        unsigned w = format == 1 ? 1 : 2;
        for (size_t g = 1; g < n;) {
            if (len - at < 2 + w) return false;
            uint32_t first = ws_cff_be(d + at, 2), left = ws_cff_be(d + at + 2, w);
            at += 2 + w;
            for (uint32_t k = 0; k <= left && g < n; k++)
                cids[g++] = (uint16_t)(first + k);
        }
    } else {
        return false;
    }
    *end = at;
    return true;
}

static bool read_parts(const uint8_t *d, size_t len, size_t n, uint16_t *cids, subset_parts *p)
{
    const ws_cff_head *h = &p->head;
    size_t charset_end = 0;
    if (!ws_cff_read_head(d, len, &p->head) ||
        !ws_cff_one_int(d, h->top, h->top_end, 15, &p->charset) ||
        !ws_cff_one_int(d, h->top, h->top_end, 1237, &p->fdselect) ||
        !ws_cff_one_int(d, h->top, h->top_end, 1236, &p->fdarray) ||
        !ws_cff_one_int(d, h->top, h->top_end, 17, &p->charstrings) || !five_bytes(&p->charset) ||
        !five_bytes(&p->fdselect) || !five_bytes(&p->fdarray) || !five_bytes(&p->charstrings) ||
        (size_t)p->charset.value != h->end ||
        !read_charset(d, len, h->end, n, cids, &charset_end) ||
        (size_t)p->fdselect.value != charset_end || charset_end + 3 > len || d[charset_end] != 3)
        return false;
    size_t fdselect_end = charset_end + 3 + 3 * (size_t)ws_cff_be(d + charset_end + 1, 2) + 2;
    return (size_t)p->fdarray.value == fdselect_end &&
           ws_cff_read_index(d, len, fdselect_end, &p->fda) &&
           (size_t)p->charstrings.value == p->fda.end &&
           ws_cff_read_index(d, len, p->fda.end, &p->cs) && p->cs.count == n;
}

/* The frame of a subset read into p, whose FDs are fds. */
static bool make_frame(ws_cff_cache *c, const uint8_t *d, size_t len, const subset_parts *p,
                       const uint64_t *fds)
{
    frame *grown = realloc(c->frames, (c->nframes + 1) * sizeof *grown);
    if (!grown) return false;
    c->frames = grown;
    frame *f = &c->frames[c->nframes];
    *f = (frame){.nfd = p->fda.count};
    memcpy(f->fds, fds, sizeof f->fds);
    size_t base = p->cs.end;
    f->prefix_len = p->head.end;
    f->fdarray_len = p->fda.end - (size_t)p->fdarray.value;
    f->privates_len = len - base;
    f->prefix = malloc(f->prefix_len);
    f->fdarray = malloc(f->fdarray_len);
    f->privates = malloc(f->privates_len ? f->privates_len : 1);
    f->at_private = malloc(f->nfd * sizeof *f->at_private);
    f->private_rel = malloc(f->nfd * sizeof *f->private_rel);
    bool ok = f->prefix && f->fdarray && f->privates && f->at_private && f->private_rel &&
              f->nfd == fd_population(fds);
    for (unsigned i = 0; ok && i < f->nfd; i++) {
        size_t start, end;
        ws_cff_arg a[2];
        int n = 0;
        ok = ws_cff_index_item(d, &p->fda, i, &start, &end) &&
             ws_cff_find_op(d, start, end, 18, a, 2, &n) == 1 && n == 2 && five_bytes(&a[1]) &&
             (size_t)a[1].value >= base && a[0].value >= 0 &&
             (size_t)a[0].value <= len - (size_t)a[1].value;
        if (ok) {
            f->at_private[i] = a[1].at - (size_t)p->fdarray.value;
            f->private_rel[i] = (uint32_t)((size_t)a[1].value - base);
        }
    }
    if (!ok) {
        free_frame(f);
        return false;
    }
    memcpy(f->prefix, d, f->prefix_len);
    memcpy(f->fdarray, d + p->fdarray.value, f->fdarray_len);
    memcpy(f->privates, d + base, f->privates_len);
    f->at_charset = p->charset.at;
    f->at_fdselect = p->fdselect.at;
    f->at_fdarray = p->fdarray.at;
    f->at_charstrings = p->charstrings.at;
    c->nframes++;
    return true;
}

/* Files the glyphs of HarfBuzz's subset d[0, len) of olds[0..n) (old gids
 * in the order of the subset's; olds[0] is 0), and the frame of their FD
 * set fds unless there is one. False when the subset is not laid out as
 * read_parts expects, or on OOM. */
static bool learn(ws_cff_cache *c, const uint8_t *d, size_t len, const uint32_t *olds, size_t n,
                  const uint64_t *fds)
{
    uint16_t *cids = malloc(n * sizeof *cids);
    subset_parts p;
    bool ok = cids && read_parts(d, len, n, cids, &p);
    for (size_t k = 0; ok && k < n; k++) {
        size_t start, end;
        ok = ws_cff_index_item(d, &p.cs, (uint32_t)k, &start, &end) &&
             file_glyph(c, olds[k], cids[k], d + start, end - start);
    }
    free(cids);
    return ok && (frame_for(c, fds) || make_frame(c, d, len, &p, fds));
}

/* --- putting a subset together -------------------------------------------------------- */

static unsigned bytes_for(uint32_t v)
{
    unsigned bits = 0;
    while (v) {
        bits++;
        v >>= 1;
    }
    return (bits + 7) / 8;
}

/* The charset of the glyphs, as HarfBuzz chooses it: ranges of consecutive
 * CIDs (format 1, or 2 when a range covers more than 256 glyphs) unless one
 * CID a glyph (format 0) is smaller. Written to out when it is not NULL;
 * returns its size. */
static size_t put_charset(const glyph *const *gs, size_t n, uint8_t *out)
{
    size_t nranges = 0, longest = 0, run = 0;
    for (size_t g = 1; g < n; g++) {
        if (g == 1 || gs[g]->cid != gs[g - 1]->cid + 1) {
            nranges++;
            run = 0;
        }
        if (++run > longest) longest = run;
    }
    bool two_byte = longest - (longest > 0) >= 0x100;
    size_t size0 = 2 * (n - 1), size_ranges = (two_byte ? 4 : 3) * nranges;
    unsigned format = size0 < size_ranges ? 0 : two_byte ? 2 : 1;
    size_t size = 1 + (format == 0 ? size0 : size_ranges);
    if (!out) return size;
    *out++ = (uint8_t)format;
    for (size_t g = 1; g < n;) {
        if (format == 0) {
            put_be(out, gs[g++]->cid, 2);
            out += 2;
            continue;
        }
        size_t first = g++;
        while (g < n && gs[g]->cid == gs[g - 1]->cid + 1)
            g++;
        put_be(out, gs[first]->cid, 2);
        put_be(out + 2, (uint32_t)(g - first - 1), format == 1 ? 1 : 2);
        out += format == 1 ? 3 : 4;
    }
    return size;
}

/* FDSelect format 3 (HarfBuzz 6 never writes format 0): a range wherever
 * the FD changes, then the glyph count. */
static size_t put_fdselect(const uint8_t *ranks, size_t n, uint8_t *out)
{
    size_t nranges = 0;
    for (size_t g = 0; g < n; g++)
        if (g == 0 || ranks[g] != ranks[g - 1]) nranges++;
    size_t size = 1 + 2 + 3 * nranges + 2;
    if (!out) return size;
    out[0] = 3;
    put_be(out + 1, (uint32_t)nranges, 2);
    uint8_t *r = out + 3;
    for (size_t g = 0; g < n; g++)
        if (g == 0 || ranks[g] != ranks[g - 1]) {
            put_be(r, (uint32_t)g, 2);
            r[2] = ranks[g];
            r += 3;
        }
    put_be(r, (uint32_t)n, 2);
    return size;
}

/* The CharStrings INDEX, offsets as wide as the data needs. */
static size_t put_charstrings(const ws_cff_cache *c, const glyph *const *gs, size_t n, uint8_t *out)
{
    size_t total = 0;
    for (size_t g = 0; g < n; g++)
        total += gs[g]->len;
    unsigned off_size = bytes_for((uint32_t)total + 1);
    size_t size = 3 + (n + 1) * off_size + total;
    if (!out) return size;
    put_be(out, (uint32_t)n, 2);
    out[2] = (uint8_t)off_size;
    uint8_t *offsets = out + 3, *data = offsets + (n + 1) * off_size;
    uint32_t at = 1;
    for (size_t g = 0; g < n; g++) {
        put_be(offsets + g * off_size, at, off_size);
        memcpy(data + at - 1, c->pool + gs[g]->off, gs[g]->len);
        at += gs[g]->len;
    }
    put_be(offsets + n * off_size, at, off_size);
    return size;
}

static void put_offset(uint8_t *operand, size_t value)
{
    put_be(operand + 1, (uint32_t)value, 4);
}

/* The subset of olds[0..n) (olds[0] = 0, ascending) from frame f and the
 * filed glyphs gs, ranks their FDs' places in f. NULL on OOM. */
static hb_blob_t *assemble(const ws_cff_cache *c, const frame *f, const glyph *const *gs,
                           const uint8_t *ranks, size_t n)
{
    size_t charset = f->prefix_len, fdselect = charset + put_charset(gs, n, NULL);
    size_t fdarray = fdselect + put_fdselect(ranks, n, NULL);
    size_t charstrings = fdarray + f->fdarray_len;
    size_t privates = charstrings + put_charstrings(c, gs, n, NULL);
    size_t len = privates + f->privates_len;
    if (len >= (size_t)1 << 31) return NULL; /* CFF offsets are signed 32-bit */
    uint8_t *out = malloc(len);
    if (!out) return NULL;
    memcpy(out, f->prefix, f->prefix_len);
    put_offset(out + f->at_charset, charset);
    put_offset(out + f->at_fdselect, fdselect);
    put_offset(out + f->at_fdarray, fdarray);
    put_offset(out + f->at_charstrings, charstrings);
    put_charset(gs, n, out + charset);
    put_fdselect(ranks, n, out + fdselect);
    memcpy(out + fdarray, f->fdarray, f->fdarray_len);
    for (unsigned i = 0; i < f->nfd; i++)
        put_offset(out + fdarray + f->at_private[i], privates + f->private_rel[i]);
    put_charstrings(c, gs, n, out + charstrings);
    memcpy(out + privates, f->privates, f->privates_len);
    /* on failure HarfBuzz has called free(out) itself */
    return hb_blob_create_or_fail((const char *)out, (unsigned)len, HB_MEMORY_MODE_WRITABLE, out,
                                  free);
}

/* A glyph set being put together: olds (0 first, then the gids asked for),
 * their FDs, the FD set, and each glyph once filed. */
typedef struct glyph_set {
    uint32_t *olds;
    uint8_t *fds, *ranks;
    const glyph **gs;
    size_t n;
    uint64_t fdset[MAX_FDS / 64];
} glyph_set;

static void free_set(glyph_set *s)
{
    free(s->olds);
    free(s->fds);
    free(s->ranks);
    free(s->gs);
}

/* Makes s of glyph 0 and gids[0..n); false on OOM or a gid not in the face. */
static bool make_set(const ws_cff_cache *c, const uint32_t *gids, size_t n, glyph_set *s)
{
    *s = (glyph_set){.n = n + 1};
    s->olds = malloc(s->n * sizeof *s->olds);
    s->fds = malloc(s->n);
    s->ranks = malloc(s->n);
    s->gs = malloc(s->n * sizeof *s->gs);
    if (!s->olds || !s->fds || !s->ranks || !s->gs) return false;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t gid = i ? gids[i - 1] : 0;
        if (gid >= c->nglyphs || (i > 1 && gid <= s->olds[i - 1]) || (i == 1 && gid == 0))
            return false;
        int fd = fd_of(c, gid);
        if (fd < 0) return false;
        s->olds[i] = gid;
        s->fds[i] = (uint8_t)fd;
        s->fdset[fd / 64] |= UINT64_C(1) << (fd % 64);
    }
    for (size_t i = 0; i < s->n; i++)
        s->ranks[i] = (uint8_t)fd_rank(s->fdset, s->fds[i]);
    return true;
}

/* The set's subset when its frame and every glyph are filed, else NULL
 * (*missing says whether that was the reason). */
static hb_blob_t *try_assemble(const ws_cff_cache *c, glyph_set *s, bool *missing)
{
    const frame *f = frame_for(c, s->fdset);
    *missing = !f;
    for (size_t i = 0; i < s->n && !*missing; i++)
        *missing = !(s->gs[i] = known(c, s->olds[i]));
    return *missing ? NULL : assemble(c, f, s->gs, s->ranks, s->n);
}

/* HarfBuzz's subset of the set's glyphs not yet filed, and of one glyph of
 * each of its FDs (so the subset has the set's frame), filed; then checked
 * against the cache's own assembly of the same glyphs. False when the cache
 * gives up, or on OOM. */
static bool flatten_missing(ws_cff_cache *c, const glyph_set *s)
{
    uint32_t *ask = malloc(s->n * sizeof *ask);
    size_t nask = 0;
    uint64_t represented[MAX_FDS / 64] = {0};
    represented[s->fds[0] / 64] |= UINT64_C(1) << (s->fds[0] % 64);
    for (size_t i = 1; ask && i < s->n; i++) {
        uint64_t bit = UINT64_C(1) << (s->fds[i] % 64);
        bool new_fd = !(represented[s->fds[i] / 64] & bit);
        represented[s->fds[i] / 64] |= bit;
        if (new_fd || !known(c, s->olds[i])) ask[nask++] = s->olds[i];
    }
    hb_subset_plan_t *plan = ask ? ws_subset_plan(c->face, ask, nask, true) : NULL;
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    hb_blob_t *made = sub ? hb_face_reference_table(sub, CFF_TAG) : NULL;
    unsigned len = 0;
    const uint8_t *d = made ? (const uint8_t *)hb_blob_get_data(made, &len) : NULL;
    c->hb_subsets++;
    glyph_set check = {0};
    const hb_map_t *new_to_old = plan ? hb_subset_plan_new_to_old_glyph_mapping(plan) : NULL;
    bool ok = d && make_set(c, ask, nask, &check) && hb_map_get_population(new_to_old) == check.n;
    for (size_t i = 0; ok && i < check.n; i++)
        ok = hb_map_get(new_to_old, (hb_codepoint_t)i) == check.olds[i];
    ok = ok && learn(c, d, len, check.olds, check.n, check.fdset);
    bool missing = true;
    hb_blob_t *mine = ok ? try_assemble(c, &check, &missing) : NULL;
    unsigned mine_len = 0;
    const char *mine_d = mine ? hb_blob_get_data(mine, &mine_len) : NULL;
    /* HarfBuzz failing (or leaving the CFF out of its subset, as it does
     * when the face's maxp and CFF disagree) gives up too: every later
     * subset of this face would fail the same way, after a wasted try */
    if (!(d && len > 0 && mine_d && mine_len == len && memcmp(mine_d, d, len) == 0))
        c->gave_up = true;
    hb_blob_destroy(mine);
    free_set(&check);
    hb_blob_destroy(made);
    if (sub) hb_face_destroy(sub);
    if (plan) hb_subset_plan_destroy(plan);
    free(ask);
    return !c->gave_up && mine_d;
}

hb_blob_t *ws_cff_cache_subset(ws_cff_cache *c, const uint32_t *gids, size_t n, uint16_t *cids)
{
    if (!c || c->gave_up) return NULL;
    glyph_set s;
    hb_blob_t *blob = NULL;
    bool missing = false;
    if (make_set(c, gids, n, &s)) {
        blob = try_assemble(c, &s, &missing);
        if (!blob && missing && flatten_missing(c, &s)) blob = try_assemble(c, &s, &missing);
    }
    for (size_t i = 0; blob && i < n; i++)
        cids[i] = s.gs[i + 1]->cid;
    free_set(&s);
    return blob;
}
