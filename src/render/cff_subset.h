/* render/cff_subset.h - subsets of a CID-keyed CFF put together from glyphs
 * HarfBuzz has flattened before.
 *
 * HarfBuzz 6 subsets a CFF by interpreting every kept charstring twice (for
 * the plan, then to flatten its subroutines): about 4 µs a glyph, half of a
 * form's CPU, and a build subsets the same few thousand glyphs form after
 * form. Yet a glyph's flattened charstring is the same in every subset, and
 * the rest of HarfBuzz's output (header, names, strings, font dicts, private
 * dicts) depends only on which font dicts (FDs) the kept glyphs use. A
 * ws_cff_cache keeps both as HarfBuzz made them and puts a subset together
 * from them, laying out the charset, the FDSelect and the CharStrings INDEX
 * by HarfBuzz's own rules (hb-subset-cff1.cc and hb-subset-cff-common.cc of
 * HarfBuzz 6.0): the bytes are those HarfBuzz gives for the same glyphs.
 *
 * HarfBuzz still flattens each glyph the first time a cache meets it, and
 * each subset it makes for the cache is compared with the cache's own
 * assembly of the same glyphs: one byte different (another HarfBuzz, another
 * layout) and the cache gives up for good, and ws_cff_cache_subset returns
 * NULL: the caller subsets with HarfBuzz as before. tests/unit/test_cff.c
 * compares the two on random glyph sets of every installed CID-keyed face. */
#ifndef WS_RENDER_CFF_SUBSET_H
#define WS_RENDER_CFF_SUBSET_H

#include <hb-subset.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* HarfBuzz's plan for subsetting face to glyph 0 and gids[0..n), with the
 * flags and dropped tables of every font program wenshu embeds (no hinting;
 * a CFF's subroutines flattened when cff). NULL when HarfBuzz fails.
 * The caller destroys it (hb_subset_plan_destroy). */
hb_subset_plan_t *ws_subset_plan(hb_face_t *face, const uint32_t *gids, size_t n, bool cff);

typedef struct ws_cff_cache ws_cff_cache;

/* A cache over face (borrowed: it must outlive the cache; HarfBuzz subsets
 * from it). NULL when the face's 'CFF ' table is not CID-keyed, cannot be
 * read as the CFF specification says, or on OOM: subset with HarfBuzz then.
 * A cache belongs to one thread. */
ws_cff_cache *ws_cff_cache_create(hb_face_t *face);
void ws_cff_cache_destroy(ws_cff_cache *c); /* accepts NULL */

/* The bare 'CFF ' table of face's subset to glyph 0 and gids[0..n)
 * (ascending, distinct, none of them 0), byte for byte what HarfBuzz makes
 * with ws_subset_plan, and in cids[i] the CID of gids[i]. A new blob the
 * caller destroys. NULL on OOM, when a gid is not in the face, or once the
 * cache has given up (above): subset with HarfBuzz then. */
hb_blob_t *ws_cff_cache_subset(ws_cff_cache *c, const uint32_t *gids, size_t n, uint16_t *cids);

/* How many subsets HarfBuzz made for this cache, and whether it gave up
 * (for tests and the bench). */
size_t ws_cff_cache_hb_subsets(const ws_cff_cache *c);
bool ws_cff_cache_gave_up(const ws_cff_cache *c);

#endif
