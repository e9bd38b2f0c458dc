/* check/regions.h - the administrative divisions (GB/T 2260 行政区划代码),
 * for 籍贯 down to the county and the first six digits of an ID number.
 *
 * The list lives in a data file (templates/_shared/regions.tsv, derived
 * from a public dataset by scripts/make-regions.py; its header says where
 * from): every county-level-and-above code since 1981, abolished ones
 * included, since an ID number issued decades ago carries the code of its
 * day. Lines, TAB-separated:
 *   330483<TAB>桐乡市<TAB>县<TAB>桐乡<TAB>1993<TAB>
 *   code, name, level (省 地 县), short name (may be empty), first year,
 *   last year (empty: still in use)
 * '#' comment lines and blank lines are skipped; a UTF-8 BOM and CRLF are
 * accepted. A ws_regions is read-only once loaded (safe to share between
 * threads) and is freed with ws_regions_destroy. Nothing here prints. */
#ifndef WS_CHECK_REGIONS_H
#define WS_CHECK_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef struct ws_regions ws_regions;

/* Reads the file at 'path' into a new list (*out, owned by the caller).
 * WS_ERR_IO when it cannot be read, WS_ERR_NOMEM, or WS_ERR_INPUT naming
 * the file and line of a malformed line (a code that is not six digits, an
 * unknown level, a year that is not a number). *out is NULL on failure. */
ws_status ws_regions_load(const char *path, ws_regions **out, ws_err *err);

/* As ws_regions_load, from the len bytes at text; 'name' stands for the file
 * in messages. */
ws_status ws_regions_load_text(const char *text, size_t len, const char *name, ws_regions **out,
                               ws_err *err);

void ws_regions_destroy(ws_regions *r); /* accepts NULL */

/* Number of lines (code-name pairs) loaded. */
size_t ws_regions_count(const ws_regions *r);

/* True when the six ASCII digits at 'code' are, or were, an administrative
 * division code: any code of the list, a 市辖区 code (the city's code with
 * 01 for 00, which GB/T 2260 listed and ID numbers carry), or 830000 (the
 * Taiwan residents' 居住证, as 810000/820000 for Hong Kong and Macao).
 * False for anything else, including text that is not six digits. */
bool ws_regions_code_known(const ws_regions *r, const char *code);

typedef enum ws_place_level {
    WS_PLACE_UNKNOWN = 0, /* no division name found at the start of the text */
    WS_PLACE_HIGHER,      /* only a province or prefecture (浙江、嘉兴、浙江嘉兴) */
    WS_PLACE_COUNTY       /* reaches a county, county-level city or district */
} ws_place_level;

/* How far down a place such as a 籍贯 goes, read as a path of division
 * names from the top: each name full (浙江省) or short (浙江), each below
 * the previous one (浙江桐乡: 桐乡 is a county of 浙江). A name that is a
 * county everywhere it fits is WS_PLACE_COUNTY (桐乡, 海宁市, 浙江桐乡,
 * 嘉兴市南湖区); a name that is also a province or prefecture where it fits
 * counts as that (浙江嘉兴, 嘉兴市, 辽宁朝阳), and so does a text that ends
 * with one. A prefecture or province without counties (东莞市, 中山市, 香港)
 * counts as a county: there is nothing finer to write. Spaces are ignored,
 * and a leading 中国 or 中华人民共和国. When the text goes on after a
 * province or prefecture with something the list does not know (a
 * development zone, a typo), *rest is set to the byte offset of that rest
 * and the result is WS_PLACE_HIGHER; for WS_PLACE_UNKNOWN it is 0, else the
 * text's length.
 * 'rest' may be NULL. */
ws_place_level ws_regions_place(const ws_regions *r, const char *text, size_t *rest);

/* The division names a place at the start of text[0..len) is read as (the
 * same reading as ws_regions_place, a leading 中国 counted as a name): the
 * byte offset in text where each ends goes to ends[], up to max of them;
 * returns how many. 浙江省嘉善县 → 9, 18; 嘉善恒达精密机械有限公司 → 6 (嘉善);
 * 0 when no name is found at the start. Only the first 511 bytes are read. */
size_t ws_regions_names(const ws_regions *r, const char *text, size_t len, size_t *ends,
                        size_t max);

#endif
