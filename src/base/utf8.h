/* base/utf8.h - UTF-8 decoding and character classes the layout needs.
 *
 * All text inside wenshu is UTF-8; readers convert and validate at the edge. */
#ifndef WS_BASE_UTF8_H
#define WS_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (len bytes available). Stores the number of
 * bytes consumed in *n (always >= 1 when len > 0). Returns the code point, or
 * -1 for an invalid sequence (overlong, surrogate, > U+10FFFF, truncated). */
int32_t ws_utf8_decode(const char *s, size_t len, size_t *n);

/* Writes cp as UTF-8 into out (at least 4 bytes); returns the byte count. */
size_t ws_utf8_encode(uint32_t cp, char *out);

/* Byte offset of the first invalid sequence, or (size_t)-1 if valid. */
size_t ws_utf8_invalid_at(const char *s, size_t len);

/* Number of code points (invalid bytes count as one each). */
size_t ws_utf8_count(const char *s, size_t len);

/* Characters as a notice counts them for a word limit (限1500字): every
 * code point except whitespace and control characters. */
size_t ws_utf8_count_chars(const char *s, size_t len);

/* Han ideographs only (限300个汉字). */
size_t ws_utf8_count_han(const char *s, size_t len);

bool ws_is_han(uint32_t cp);          /* CJK ideograph, any block incl. Ext-B..G, compat */
bool ws_is_space(uint32_t cp);        /* ASCII space/tab, U+3000, NBSP */
bool ws_is_fullwidth_punct(uint32_t cp);

/* Characters that print as nothing or move other text, so a reader (on paper
 * or at a terminal) cannot see what is there: C0/C1 controls and DEL,
 * bidirectional controls (U+061C, U+200E/F, U+202A-E, U+2066-9), zero-width
 * characters (U+200B-D, U+2060, U+FEFF) and the line/paragraph separators
 * U+2028/9. */
bool ws_is_invisible(uint32_t cp);

/* Appends s to out (NUL-terminated, cut at a character boundary to n - 1
 * bytes) with every invisible character (ws_is_invisible) written as
 * "\u001B" / "\u202E", and invalid bytes as U+FFFD, so a value can be shown
 * in a message without recolouring, clearing or reordering a terminal.
 * Returns the bytes written. */
size_t ws_utf8_escape_invisible(const char *s, size_t len, char *out, size_t n);

/* How many bytes of s, at most max, end on a character boundary: s cut
 * short for a message without splitting a character. */
size_t ws_utf8_clip(const char *s, size_t max);

/* Returns the text with leading/trailing whitespace (ASCII and U+3000)
 * removed, as a pointer into s and a length. */
const char *ws_utf8_trim(const char *s, size_t len, size_t *out_len);

/* Splits line (len bytes, a line of a TSV data file) at TABs into at most
 * 'max' fields, each trimmed as ws_utf8_trim does (f[i], flen[i]); returns
 * how many there are (max + 1 when there are more). */
int ws_utf8_split_tabs(const char *line, size_t len, const char **f, size_t *flen, int max);

/* How many lines of s are not blank (ws_utf8_trim leaves something): the
 * entries of a list value (template/bind.h ws_list_entries). */
size_t ws_utf8_count_nonblank_lines(const char *s);

#endif
