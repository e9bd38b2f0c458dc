/* check/strokes.h - 姓氏笔画排序: ordering names by the strokes of their
 * characters, the way mainland publicity lists do.
 *
 * Order of two names, character by character: fewer strokes first; at equal
 * counts, by the first stroke in the order 横 竖 撇 点 折 (h s p n z), then
 * the second stroke, and so on; equal characters move on to the next
 * character, and a name that is a prefix of the other comes first (欧 before
 * 欧阳). A compound surname needs no special case. ICU's "stroke" collation
 * is not used: it follows Taiwan counts (阝 = 3, so 陈 = 9).
 *
 * Data, read once from Debian packages:
 *   stroke counts     Unihan kTotalStrokes, first value (the mainland one),
 *                     package unicode-data: /usr/share/unicode/Unihan_IRGSources.txt.bz2
 *   stroke sequences  package rime-data-stroke: /usr/share/rime-data/stroke.dict.yaml,
 *                     lines "字<TAB>hspnz..."; when a character has several
 *                     lines (Taiwan CNS table first, mainland lines after),
 *                     the last whose length equals the count is used (the
 *                     mainland one: 提 counts as 横, 竖钩 as 竖, 陈 zshzspn),
 *                     else the last listed (counted in ws_strokes_info).
 * A ws_strokes is read-only after loading: safe to share between threads. */
#ifndef WS_CHECK_STROKES_H
#define WS_CHECK_STROKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct ws_strokes ws_strokes;

#define WS_STROKES_UNIHAN_PATH "/usr/share/unicode/Unihan_IRGSources.txt.bz2"
#define WS_STROKES_RIME_PATH "/usr/share/rime-data/stroke.dict.yaml"

/* Loads both files (NULL = the Debian paths above) into a new table (*out,
 * freed with ws_strokes_destroy). Keeps only code point -> count and
 * sequence. Decompressing Unihan costs about 0.2 s of CPU, so with a
 * cache_dir (made when missing; NULL = no cache) the table is kept there in
 * strokes.bin, keyed by both files' device, inode, size and modification
 * time and checked by a CRC-32: a later load whose files are unchanged
 * reads it instead (about 1 ms). A cache that is missing, stale, damaged or
 * cut short is ignored and written anew; a folder or file that cannot be
 * written only loses the speed, never the load. Returns WS_OK; WS_ERR_IO when a file is missing or unreadable
 * (the message names the Debian package to install); WS_ERR_INPUT when the
 * Unihan file is not bzip2 or holds no kTotalStrokes; WS_ERR_NOMEM. Lines
 * of the rime file whose sequence has letters other than h s p n z are
 * skipped (counted in ws_strokes_info). *out is NULL on failure. */
ws_status ws_strokes_load(const char *unihan_bz2, const char *rime_dict, const char *cache_dir,
                          ws_strokes **out, ws_err *err);

void ws_strokes_destroy(ws_strokes *s); /* accepts NULL */

/* Mainland stroke count of cp, or -1 when unknown. */
int ws_strokes_count(const ws_strokes *s, uint32_t cp);

/* The stroke sequence of cp as letters h s p n z (NUL-terminated, owned by
 * s), or NULL when unknown. Its length differs from ws_strokes_count only
 * for the few characters no listed sequence matched. */
const char *ws_strokes_sequence(const ws_strokes *s, uint32_t cp);

/* <0, 0, >0 as UTF-8 name a sorts before, with, after name b (rules
 * above). Whitespace inside names (王　五, padded for alignment) is ignored
 * for the order. Characters without data sort after all known ones, then by
 * code point; a known count without a sequence sorts after the characters
 * with one of the same count; characters equal in count and sequence (土 士)
 * sort by code point; invalid bytes sort after every character. Names equal
 * under these rules are ordered by their bytes, so the result is 0 only for
 * identical strings and is a total order (consistent for qsort). Neither
 * name may be NULL. */
int ws_strokes_compare(const ws_strokes *s, const char *a, const char *b);

/* Sorts n elements of 'size' bytes at base by ws_strokes_compare on the name
 * name_of returns for each (never NULL), keeping the given order of equal
 * names (a stable sort, so a list already ordered by score keeps that order
 * among namesakes). Returns WS_OK or WS_ERR_NOMEM (base unchanged). */
ws_status ws_strokes_sort(const ws_strokes *s, void *base, size_t n, size_t size,
                          const char *(*name_of)(const void *elem));

/* What was loaded, for tests and diagnostics. */
typedef struct ws_strokes_info {
    size_t chars;           /* characters with a stroke count */
    size_t with_sequence;   /* ... of which with a stroke sequence */
    size_t length_mismatch; /* ... whose sequence length differs from the count */
    size_t skipped_lines;   /* rime lines not understood */
    bool from_cache;        /* read from the cache, not the two files */
} ws_strokes_info;

void ws_strokes_describe(const ws_strokes *s, ws_strokes_info *out);

#endif
