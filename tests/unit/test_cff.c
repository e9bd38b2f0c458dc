/* Unit tests for render/cff_subset.c: a subset put together from the cache
 * is HarfBuzz's own subset of the same glyphs, byte for byte, with the CIDs
 * HarfBuzz's charset gives them; HarfBuzz is called only for glyphs (or font
 * dicts) the cache has not met. Random glyph sets — spread over the face,
 * clustered, long runs of consecutive glyphs (charset formats 0, 1 and 2),
 * single glyphs — on the CID-keyed CFF faces installed (fonts-noto-cjk,
 * scripts/deps.sh; none installed is a failure, not a pass). */
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H

#include "harness.h"
#include "render/cff_subset.h"

#define MAX_TEST_FACES 3

/* A face of the font's CFF and maxp alone, as render/pdf.c subsets from. */
static hb_face_t *cff_face(const char *file, int index)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
    if (!blob) return NULL;
    hb_face_t *raw = hb_face_create(blob, (unsigned)index), *only = hb_face_builder_create();
    static const hb_tag_t kept[] = {HB_TAG('C', 'F', 'F', ' '), HB_TAG('m', 'a', 'x', 'p')};
    for (size_t i = 0; i < 2; i++) {
        hb_blob_t *t = hb_face_reference_table(raw, kept[i]);
        hb_face_builder_add_table(only, kept[i], t);
        hb_blob_destroy(t);
    }
    hb_face_destroy(raw);
    hb_blob_destroy(blob);
    return only;
}

/* Up to max CID-keyed CFF faces, one per font file. */
static size_t cff_faces(hb_face_t **faces, size_t max)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"CFF");
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, NULL);
    FcFontSet *set = FcFontList(NULL, pat, os);
    size_t n = 0;
    char seen[MAX_TEST_FACES][512];
    for (int i = 0; set && i < set->nfont && n < max; i++) {
        FcChar8 *file = NULL;
        int index = 0;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= strcmp(seen[k], (const char *)file) == 0;
        hb_face_t *face = dup || index != 0 ? NULL : cff_face((const char *)file, index);
        ws_cff_cache *probe = face ? ws_cff_cache_create(face) : NULL;
        if (probe) {
            snprintf(seen[n], sizeof seen[n], "%s", (const char *)file);
            faces[n++] = face;
        } else if (face) {
            hb_face_destroy(face);
        }
        ws_cff_cache_destroy(probe);
    }
    if (set) FcFontSetDestroy(set);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    return n;
}

static uint32_t rnd_state = 12345;
static uint32_t rnd(uint32_t below)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % below;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and makes distinct; drops 0. */
static size_t normalize(uint32_t *g, size_t n)
{
    qsort(g, n, sizeof *g, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i] != 0 && (k == 0 || g[i] != g[k - 1])) g[k++] = g[i];
    return k;
}

/* HarfBuzz's subset of glyph 0 and gids: its CFF bytes, and each gid's CID
 * as FreeType reads the subset's charset. */
static hb_blob_t *harfbuzz_subset(hb_face_t *face, const uint32_t *gids, size_t n, uint16_t *cids)
{
    hb_subset_plan_t *plan = ws_subset_plan(face, gids, n, true);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    hb_blob_t *cff = sub ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' ')) : NULL;
    unsigned len = 0;
    const char *d = cff ? hb_blob_get_data(cff, &len) : NULL;
    FT_Library ft;
    FT_Face f;
    if (d && FT_Init_FreeType(&ft) == 0) {
        if (FT_New_Memory_Face(ft, (const FT_Byte *)d, (FT_Long)len, 0, &f) == 0) {
            const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
            for (size_t i = 0; i < n; i++) {
                FT_UInt cid = 0;
                FT_Get_CID_From_Glyph_Index(f, hb_map_get(map, gids[i]), &cid);
                cids[i] = (uint16_t)cid;
            }
            FT_Done_Face(f);
        }
        FT_Done_FreeType(ft);
    }
    if (sub) hb_face_destroy(sub);
    if (plan) hb_subset_plan_destroy(plan);
    return cff;
}

/* The cache's subset of gids equals HarfBuzz's, CIDs included. */
static bool same_as_harfbuzz(ws_cff_cache *c, hb_face_t *face, const uint32_t *gids, size_t n)
{
    uint16_t *mine = calloc(n + 1, sizeof *mine), *theirs = calloc(n + 1, sizeof *theirs);
    hb_blob_t *a = ws_cff_cache_subset(c, gids, n, mine);
    hb_blob_t *b = harfbuzz_subset(face, gids, n, theirs);
    unsigned alen = 0, blen = 0;
    const char *ad = a ? hb_blob_get_data(a, &alen) : NULL;
    const char *bd = b ? hb_blob_get_data(b, &blen) : NULL;
    bool same = ad && bd && alen == blen && memcmp(ad, bd, alen) == 0 &&
                memcmp(mine, theirs, n * sizeof *mine) == 0;
    if (!same)
        TH_FAIL("%zu glyphs from %u: cache %u bytes%s, HarfBuzz %u bytes", n, n ? gids[0] : 0, alen,
                ad ? "" : " (none)", blen);
    hb_blob_destroy(a);
    hb_blob_destroy(b);
    free(mine);
    free(theirs);
    return same;
}

/* A set of the kind k: spread over the face, clustered like a document's
 * ideographs, runs of consecutive glyphs, or one glyph. */
static size_t random_set(unsigned kind, uint32_t nglyphs, uint32_t *g)
{
    size_t n = 0;
    if (kind == 0) {
        size_t want = 1 + rnd(600);
        while (n < want)
            g[n++] = 1 + rnd(nglyphs - 1);
    } else if (kind == 1) {
        uint32_t from = rnd(nglyphs - 3000);
        size_t want = 50 + rnd(500);
        while (n < want)
            g[n++] = from + rnd(3000);
    } else if (kind == 2) {
        for (unsigned r = 1 + rnd(3); r; r--) {
            uint32_t len = 1 + rnd(400), from = 1 + rnd(nglyphs - len - 1);
            for (uint32_t k = 0; k < len; k++)
                g[n++] = from + k;
        }
    } else {
        g[n++] = 1 + rnd(nglyphs - 1);
    }
    return normalize(g, n);
}

static unsigned face_glyphs(hb_face_t *face)
{
    return hb_face_get_glyph_count(face);
}

TEST(a_subset_is_harfbuzzs_own_subset)
{
    hb_face_t *faces[MAX_TEST_FACES];
    size_t nfaces = cff_faces(faces, MAX_TEST_FACES);
    if (nfaces == 0) TH_FAIL("no CID-keyed CFF face installed (fonts-noto-cjk)");
    uint32_t *g = malloc(2000 * sizeof *g);
    for (size_t f = 0; f < nfaces; f++) {
        ws_cff_cache *c = ws_cff_cache_create(faces[f]);
        unsigned nglyphs = face_glyphs(faces[f]);
        CHECK(nglyphs > 4000);
        for (unsigned round = 0; round < 24 && !th_cur_failed; round++) {
            size_t n = random_set(round % 4, nglyphs, g);
            same_as_harfbuzz(c, faces[f], g, n);
        }
        /* runs of 256 and 257 glyphs: the longest a format 1 range holds, and one more */
        for (uint32_t len = 255; len <= 258; len++) {
            size_t n = 0;
            for (uint32_t k = 0; k < len; k++)
                g[n++] = 2000 + k;
            g[n++] = 2000 + len + 5;
            same_as_harfbuzz(c, faces[f], g, n);
        }
        CHECK(!ws_cff_cache_gave_up(c));
        ws_cff_cache_destroy(c);
        hb_face_destroy(faces[f]);
    }
    free(g);
}

/* The first CID-keyed CFF face installed; NULL (and a failure) if none. */
static hb_face_t *first_cff_face(void)
{
    hb_face_t *face;
    if (cff_faces(&face, 1) == 1) return face;
    TH_FAIL("no CID-keyed CFF face installed (fonts-noto-cjk)");
    return NULL;
}

TEST(glyphs_met_before_need_no_harfbuzz)
{
    hb_face_t *face = first_cff_face();
    if (!face) return;
    ws_cff_cache *c = ws_cff_cache_create(face);
    uint32_t big[400], part[200];
    size_t n = 0;
    for (uint32_t k = 0; k < 400; k++)
        big[n++] = 1 + rnd(face_glyphs(face) - 1);
    n = normalize(big, n);
    same_as_harfbuzz(c, face, big, n);
    size_t calls = ws_cff_cache_hb_subsets(c);
    CHECK(calls >= 1);
    /* every other glyph of the first set, then one alone: HarfBuzz at most
     * once each, for the frame of a set of font dicts not met before */
    size_t m = 0;
    for (size_t i = 0; i < n; i += 2)
        part[m++] = big[i];
    same_as_harfbuzz(c, face, part, m);
    same_as_harfbuzz(c, face, big + 7, 1);
    CHECK(ws_cff_cache_hb_subsets(c) <= calls + 2);
    calls = ws_cff_cache_hb_subsets(c);
    same_as_harfbuzz(c, face, big, n);
    same_as_harfbuzz(c, face, part, m);
    same_as_harfbuzz(c, face, big + 7, 1);
    CHECK_INT(ws_cff_cache_hb_subsets(c), calls);
    ws_cff_cache_destroy(c);
    hb_face_destroy(face);
}

TEST(what_the_cache_cannot_do_is_left_to_harfbuzz)
{
    hb_face_t *face = first_cff_face();
    if (!face) return;
    ws_cff_cache *c = ws_cff_cache_create(face);
    uint16_t cids[2];
    uint32_t past[] = {5, face_glyphs(face)}, unsorted[] = {9, 5}, zero[] = {0};
    CHECK(ws_cff_cache_subset(c, past, 2, cids) == NULL);
    CHECK(ws_cff_cache_subset(c, unsorted, 2, cids) == NULL);
    CHECK(ws_cff_cache_subset(c, zero, 1, cids) == NULL);
    CHECK(!ws_cff_cache_gave_up(c));
    ws_cff_cache_destroy(c);
    hb_face_destroy(face);

    /* a TrueType face (no 'CFF ' table) has no cache */
    FcPattern *pat = FcNameParse((const FcChar8 *)"WenQuanYi Zen Hei:fontformat=TrueType");
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult r;
    FcPattern *m = FcFontMatch(NULL, pat, &r);
    FcChar8 *file = NULL;
    if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
        hb_blob_t *blob = hb_blob_create_from_file_or_fail((const char *)file);
        hb_face_t *tt = hb_face_create(blob, 0);
        CHECK(ws_cff_cache_create(tt) == NULL);
        hb_face_destroy(tt);
        hb_blob_destroy(blob);
    }
    if (m) FcPatternDestroy(m);
    FcPatternDestroy(pat);
}

/* face with one table replaced by bytes (the others as they are). */
static hb_face_t *with_table(hb_face_t *face, hb_tag_t tag, uint8_t *bytes, unsigned len)
{
    static const hb_tag_t tags[] = {HB_TAG('C', 'F', 'F', ' '), HB_TAG('m', 'a', 'x', 'p')};
    hb_face_t *f = hb_face_builder_create();
    for (size_t i = 0; i < 2; i++) {
        hb_blob_t *t = tags[i] == tag ? hb_blob_create((const char *)bytes, len,
                                                       HB_MEMORY_MODE_WRITABLE, bytes, free)
                                      : hb_face_reference_table(face, tags[i]);
        hb_face_builder_add_table(f, tags[i], t);
        hb_blob_destroy(t);
    }
    return f;
}

/* An INDEX at d[at]: item i as [*start, *end). */
static void index_span(const uint8_t *d, size_t at, unsigned i, size_t *start, size_t *end)
{
    unsigned count = (unsigned)(d[at] << 8 | d[at + 1]), size = d[at + 2];
    size_t offsets = at + 3, data = offsets + (count + 1) * size - 1, a = 0, b = 0;
    for (unsigned k = 0; k < size; k++) {
        a = a << 8 | d[offsets + i * size + k];
        b = b << 8 | d[offsets + (i + 1) * size + k];
    }
    *start = data + a;
    *end = data + b;
}

/* Where the INDEX at d[at] ends (it has items). */
static size_t index_end(const uint8_t *d, size_t at)
{
    size_t start, end;
    index_span(d, at, (unsigned)(d[at] << 8 | d[at + 1]) - 1, &start, &end);
    return end;
}

/* face's CFF with its Top DICT's Notice and FullName (two 3-byte entries in
 * Noto CJK) turned into a second CharStrings operator of the same length,
 * the same offset: a font HarfBuzz subsets, repeating the operator. NULL
 * when the Top DICT has no such entries. */
static hb_face_t *with_charstrings_twice(hb_face_t *face)
{
    hb_blob_t *t = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const uint8_t *d = (const uint8_t *)hb_blob_get_data(t, &len);
    uint8_t *copy = malloc(len);
    memcpy(copy, d, len);
    hb_blob_destroy(t);
    /* the Top DICT: the only item of the INDEX after the Name INDEX */
    size_t name = copy[2], top, start, end;
    index_span(copy, name, 0, &start, &end);
    top = index_end(copy, name);
    index_span(copy, top, 0, &start, &end);
    size_t pair = 0;
    long charstrings = -1, value = 0;
    for (size_t i = start; i < end;) { /* the DICT's operands and operators */
        uint8_t b = copy[i];
        if (!pair && i + 5 < end && b >= 247 && b <= 250 && copy[i + 2] == 1 && copy[i + 3] >= 247 &&
            copy[i + 3] <= 250 && copy[i + 5] == 2)
            pair = i;
        if (b == 28) value = (int16_t)(copy[i + 1] << 8 | copy[i + 2]), i += 3;
        else if (b == 29) value = (long)((uint32_t)copy[i + 1] << 24 | (uint32_t)copy[i + 2] << 16 |
                                         (uint32_t)copy[i + 3] << 8 | copy[i + 4]),
             i += 5;
        else if (b == 30) { /* a real */
            while (++i < end && (copy[i] & 0x0F) != 0x0F && (copy[i] >> 4) != 0x0F) {
            }
            i++;
        } else if (b >= 32 && b <= 246) value = b - 139, i++;
        else if (b >= 247 && b <= 254) i += 2;
        else if (b == 17) charstrings = value, i++;
        else i += b == 12 ? 2 : 1;
    }
    if (!pair || charstrings < 0) {
        free(copy);
        return NULL;
    }
    copy[pair] = 29; /* the same offset again, as a 5-byte integer, then CharStrings */
    for (int k = 0; k < 4; k++) copy[pair + 1 + k] = (uint8_t)(charstrings >> (24 - 8 * k));
    copy[pair + 5] = 17;
    return with_table(face, HB_TAG('C', 'F', 'F', ' '), copy, len);
}

/* A font that repeats an offset operator gets no cache (or, were it to
 * get one, never a subset that differs from HarfBuzz's): the frame would
 * patch one of the two offsets and leave the other as the subset it was
 * learnt from had it. A set learnt, then part of it (the same font dicts,
 * another charset size) put together without HarfBuzz, shows it. */
TEST(a_font_repeating_an_offset_operator_never_gets_a_wrong_subset)
{
    hb_face_t *face = first_cff_face();
    if (!face) return;
    hb_face_t *twice = with_charstrings_twice(face);
    if (!twice) TH_FAIL("no Notice and FullName of 3 bytes in the Top DICT to turn into CharStrings");
    ws_cff_cache *c = twice ? ws_cff_cache_create(twice) : NULL;
    uint32_t g[300];
    size_t n = 0;
    for (uint32_t k = 0; k < 300; k++) g[n++] = 20000 + 7 * k;
    for (size_t drop = 0; c && drop < 5; drop++) {
        uint16_t cids[300];
        hb_blob_t *mine = ws_cff_cache_subset(c, g, n - drop, cids);
        if (mine) same_as_harfbuzz(c, twice, g, n - drop);
        hb_blob_destroy(mine);
    }
    ws_cff_cache_destroy(c);
    if (twice) hb_face_destroy(twice);
    hb_face_destroy(face);
}

/* A face whose maxp disagrees with its CFF: HarfBuzz "subsets" it by
 * leaving the CFF out. The cache gives up at once, not trying HarfBuzz
 * again for every document. */
TEST(a_face_harfbuzz_cannot_subset_gives_the_cache_up)
{
    hb_face_t *face = first_cff_face();
    if (!face) return;
    hb_blob_t *maxp = hb_face_reference_table(face, HB_TAG('m', 'a', 'x', 'p'));
    unsigned len = 0;
    const char *d = hb_blob_get_data(maxp, &len);
    uint8_t *copy = malloc(len);
    memcpy(copy, d, len);
    hb_blob_destroy(maxp);
    unsigned count = (unsigned)(copy[4] << 8 | copy[5]) - 1; /* numGlyphs one short */
    copy[4] = (uint8_t)(count >> 8);
    copy[5] = (uint8_t)count;
    hb_face_t *bad = with_table(face, HB_TAG('m', 'a', 'x', 'p'), copy, len);
    ws_cff_cache *c = ws_cff_cache_create(bad);
    uint32_t g[] = {5, 100};
    uint16_t cids[2];
    hb_blob_t *b = c ? ws_cff_cache_subset(c, g, 2, cids) : NULL;
    CHECK(b == NULL);
    hb_blob_destroy(b);
    if (c) {
        CHECK(ws_cff_cache_gave_up(c));
        size_t calls = ws_cff_cache_hb_subsets(c);
        CHECK(ws_cff_cache_subset(c, g, 2, cids) == NULL);
        CHECK_INT(ws_cff_cache_hb_subsets(c), calls);
    }
    ws_cff_cache_destroy(c);
    hb_face_destroy(bad);
    hb_face_destroy(face);
}

int main(void)
{
    RUN(a_subset_is_harfbuzzs_own_subset);
    RUN(glyphs_met_before_need_no_harfbuzz);
    RUN(what_the_cache_cannot_do_is_left_to_harfbuzz);
    RUN(a_font_repeating_an_offset_operator_never_gets_a_wrong_subset);
    RUN(a_face_harfbuzz_cannot_subset_gives_the_cache_up);
    return TH_DONE();
}
