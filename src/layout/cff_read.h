/* layout/cff_read.h - reading a CFF table (Adobe Technical Note 5176):
 * INDEXes, DICT operators, the header's layout, and whether a face's CFF
 * agrees with its maxp.
 *
 * Every function takes the table's bytes d[0, len) and never reads outside
 * them; a structure that does not fit is "cannot be read" (false / -1),
 * never a guess. The font catalog (layout/fonts.c) uses it to refuse a
 * damaged face when the roles are resolved; render/cff_subset.c to take
 * HarfBuzz's subsets apart. */
#ifndef WS_LAYOUT_CFF_READ_H
#define WS_LAYOUT_CFF_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The n-byte big-endian number at p (n ≤ 4). */
uint32_t ws_cff_be(const uint8_t *p, unsigned n);

/* An INDEX: its count, offset size, where its offsets start, the byte
 * before its data (offsets count from 1) and where it ends. */
typedef struct ws_cff_index {
    uint32_t count;
    unsigned off_size;
    size_t offsets, data, end;
} ws_cff_index;

/* The INDEX at d[at]; false unless its offsets and data lie within len. */
bool ws_cff_read_index(const uint8_t *d, size_t len, size_t at, ws_cff_index *ix);

/* Item i (< ix->count) of ix as [*start, *end). */
bool ws_cff_index_item(const uint8_t *d, const ws_cff_index *ix, uint32_t i, size_t *start,
                       size_t *end);

/* An operand of a DICT: its value (0 for a real), where it is, its first byte. */
typedef struct ws_cff_arg {
    int32_t value;
    size_t at;
    uint8_t b0;
} ws_cff_arg;

/* How many times operator op (12 x as 1200 + x) occurs in the DICT
 * d[start, end), -1 if it cannot be read; the first max operands of its
 * first occurrence in args, their number in *nargs. */
int ws_cff_find_op(const uint8_t *d, size_t start, size_t end, int op, ws_cff_arg *args, int max,
                   int *nargs);

/* The one operand of op, an integer, when op occurs exactly once. */
bool ws_cff_one_int(const uint8_t *d, size_t start, size_t end, int op, ws_cff_arg *a);

/* Where the header, Name, Top DICT, String and Global Subr INDEXes put the
 * (single) Top DICT, and where they end. */
typedef struct ws_cff_head {
    size_t top, top_end, end;
} ws_cff_head;
bool ws_cff_read_head(const uint8_t *d, size_t len, ws_cff_head *h);

/* The number of glyphs in the CFF's CharStrings INDEX; false when the
 * table cannot be read that far. HarfBuzz (6.0) subsets a CFF only when this
 * equals maxp's numGlyphs, and otherwise leaves the table out of the subset
 * without failing, so a face where they differ is damaged for wenshu. */
bool ws_cff_glyph_count(const uint8_t *d, size_t len, uint32_t *count);

#endif
