/* input/xlsx.c - .xlsx workbooks as Excel and WPS save them.
 *
 * libzip opens the archive and expat parses each part as a stream (no tree
 * is built): first the package and workbook relationships to find the parts,
 * then the styles (which number formats are dates), the shared strings, and
 * each worksheet's <sheetData>. Cells are collected sparsely while parsing
 * and turned into the dense ws_sheet grid only at the end, once the header
 * row says how many columns there are.
 *
 * Values come out as the clerk sees them in Excel: 13800138000 and not
 * 1.38E+10, 2024-03-01 and not 45352. A long number that Excel has already
 * cut to 15 significant digits (an ID number typed as a number) is written
 * the way Excel shows it, with a warning on the cell.
 *
 * The file may come from anywhere, so every size is bounded: a part may not
 * unpack to more than 256 MB (counted while reading, not trusted from the
 * directory), a cell may not hold more than 1 MB, a sheet's grid is capped,
 * and DTDs are refused so that entity expansion cannot blow up. Errors raised
 * inside expat callbacks are recorded in the reader and stop the parser; the
 * first one wins. All results live in the caller's arena; the scratch
 * vectors, the zip handle and the parsers are freed before returning. */
#include "input/sheet.h"

#include <errno.h>
#include <limits.h>
#include <expat.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "input/zip_calls.h" /* last: the library's functions by their own names */

#define MAX_PART_BYTES ((zip_uint64_t)256 << 20) /* one part, unpacked */
#define MAX_BOOK_BYTES ((zip_uint64_t)1 << 30)   /* all parts read, unpacked */
#define MAX_TEXT_BYTES ((size_t)1 << 20)         /* one cell; Excel allows 32767 characters */
#define MAX_ROW 1048576UL                        /* Excel's last row */
#define MAX_COL 16384UL                          /* Excel's last column, XFD */
#define MAX_GRID ((size_t)16 << 20)              /* rows x header columns of one sheet */
#define MAX_CELLS ((size_t)16 << 20)             /* non-empty cells of one sheet */
#define MAX_LIST 4096                            /* sheets, relationships */
#define MAX_STYLES 65536                         /* cell formats, number formats */
#define READ_CHUNK 65536

/* --- reader state --------------------------------------------------------- */

typedef struct vec {
    void *p;
    size_t n, cap;
} vec;

typedef struct rel {
    const char *id, *type, *target;
} rel;

typedef struct sheet_ref {
    const char *name, *rid;
    bool hidden;
} sheet_ref;

typedef struct num_fmt {
    unsigned long id;
    const char *code;
} num_fmt;

/* What a number format makes of a number. */
typedef enum fmt_kind {
    FMT_NUMBER,
    FMT_DATE,    /* shows year, month and day: YYYY-MM-DD */
    FMT_MONTH,   /* year and month, no day: YYYY.MM */
    FMT_PARTIAL, /* a part of a date only (yyyy, m月d日): no reading, an error */
    FMT_TIME,    /* time of day only: HH:MM */
    FMT_TIME_S   /* HH:MM:SS */
} fmt_kind;

/* Which parts of a date a number format shows (date_parts). */
enum { PART_YEAR = 1, PART_MONTH = 2, PART_DAY = 4, PART_TIME = 8, PART_SECONDS = 16, PART_ERA = 32 };

/* How a number format shows a number, as far as a reading goes: its digits
 * (decimals rounded, the integer part padded with zeros) and a percent sign.
 * Thousands separators and literal text are decoration, left out. */
typedef enum look_kind {
    LOOK_GENERAL, /* General (and @, G/通用格式): the number as stored */
    LOOK_DIGITS,  /* placeholders 0 and #, a decimal point, %: shown as Excel does */
    LOOK_OTHER    /* scientific, fractions, ?, scaling by ",", conditions: not read */
} look_kind;

typedef struct num_look {
    look_kind kind;
    int int_zeros;  /* digits the integer part always shows (000000: 6) */
    int dec_zeros;  /* decimals always shown (0.00: 2) … */
    int dec_hashes; /* … and shown when not 0 (0.0#: 1) */
    int sections;   /* ;-separated sections: the second one shows negatives, the third 0 */
    bool percent;
    const char *code; /* the format, for messages */
} num_look;

typedef enum cell_type {
    CT_N,
    CT_S,
    CT_STR,
    CT_INLINE,
    CT_B,
    CT_E,
    CT_D,
    CT_OTHER,
    CT_REFUSED /* a formula whose saved result cannot be read: no text, an error note */
} cell_type;

/* A cell of the row being parsed. */
typedef struct cell_tmp {
    unsigned long col;
    const char *text;
    const char *note; /* NULL, or a message for the clerk */
    ws_note_level level;
} cell_tmp;

/* A kept (non-empty) row, its cells sparse and in column order. */
typedef struct row_rec {
    size_t line;
    size_t n;
    size_t width; /* last non-empty column + 1 */
    bool hidden;  /* hidden in Excel (by hand or by a filter) */
    unsigned long *cols;
    const char **texts;
    const char **notes; /* per cell, NULL when the row has no note at all */
    ws_note_level *levels;
} row_rec;

/* A merged area A2:A3 (0-based columns, Excel row numbers). */
typedef struct merge_area {
    unsigned long c1, r1, c2, r2;
} merge_area;

typedef struct xr {
    const char *path;
    const ws_header_hint *hint; /* how to find each sheet's header row, or NULL */
    ws_arena *arena;
    ws_err *err;
    ws_status st; /* first failure; once set, everything unwinds */
    zip_t *zip;
    zip_uint64_t book_bytes;
    XML_Parser parser; /* the parser running now, for XML_StopParser */
    const char *part;

    ws_buf *cap; /* where character data goes, NULL = ignore it */

    /* relationships of the part being read, workbook sheets */
    vec rels;   /* rel */
    vec sheets; /* sheet_ref */
    bool date1904;
    bool recalc_on_load; /* <calcPr fullCalcOnLoad="1">: the saved formula results are stale */

    /* styles */
    vec fmts; /* num_fmt */
    vec xfs;  /* unsigned long numFmtId per cellXfs entry */
    unsigned char *xf_kind;
    num_look *xf_look; /* per cell format, for numbers (xf_kind FMT_NUMBER) */
    bool in_numfmts, in_cellxfs;

    /* shared strings */
    vec sst; /* const char * */
    ws_buf sbuf;
    bool in_si;
    int rph; /* depth inside <rPh> phonetic runs, whose text is not shown */

    /* worksheet */
    const char *sheet_name;
    ws_sheet *sheet;
    ws_cell_note *note_tail; /* last note of 'sheet': rows come in order, so append */
    bool in_data, in_row, in_c, in_is;
    unsigned long row_num, prev_row;
    bool row_known; /* row_num came from an r attribute */
    bool row_hidden; /* the row being read has hidden="1" */
    long prev_col;
    unsigned long col;
    cell_type ctype;
    unsigned long style;
    ws_buf vbuf, tbuf; /* <v> and <is><t> text of the current cell */
    bool has_v, has_is;
    bool has_f; /* the cell has a formula */
    vec cur;    /* cell_tmp of the current row */
    vec rows;   /* row_rec */
    vec merges; /* merge_area of the sheet */
    vec arrays; /* merge_area: the cells of the sheet's array formulas (<f t="array" ref=…>) */
    size_t ncols, ncells;
} xr;

/* --- errors --------------------------------------------------------------- */

/* Records the first error and stops the running parser. Returns r->st so
 * callers outside callbacks can `return stop(...)`. */
static ws_status stopv(xr *r, ws_status st, const char *fmt, va_list ap)
{
    if (r->st != WS_OK) return r->st;
    r->st = ws_err_setv(r->err, st, fmt, ap);
    if (r->parser) XML_StopParser(r->parser, XML_FALSE);
    return r->st;
}

__attribute__((format(printf, 3, 4))) static ws_status stop(xr *r, ws_status st, const char *fmt,
                                                            ...)
{
    va_list ap;
    va_start(ap, fmt);
    stopv(r, st, fmt, ap);
    va_end(ap);
    return r->st;
}

/* The file is not a workbook Excel would open. */
__attribute__((format(printf, 2, 3))) static ws_status stop_bad(xr *r, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return stop(r, WS_ERR_INPUT, "文件 %s 不是有效的 xlsx：%s", r->path, msg);
}

/* Same, naming the sheet and row being read. */
__attribute__((format(printf, 2, 3))) static ws_status stop_row(xr *r, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return stop_bad(r, "工作表「%s」第%lu行：%s", r->sheet_name, r->row_num, msg);
}

static ws_status stop_nomem(xr *r)
{
    return stop(r, WS_ERR_NOMEM, "读取 %s 时内存不足", r->path);
}

/* --- small helpers -------------------------------------------------------- */

/* Appends one zeroed element to a malloc'd vector; NULL (and r->st set) when
 * the vector would exceed 'max' elements or memory runs out. */
static void *vec_push(xr *r, vec *v, size_t elem, size_t max, const char *what)
{
    if (v->n >= max) {
        stop_bad(r, "%s 中的%s超过 %zu 个，文件异常", r->part ? r->part : "", what, max);
        return NULL;
    }
    if (v->n == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 16;
        void *p = realloc(v->p, ncap * elem);
        if (!p) {
            stop_nomem(r);
            return NULL;
        }
        v->p = p;
        v->cap = ncap;
    }
    void *slot = (char *)v->p + v->n * elem;
    memset(slot, 0, elem);
    v->n++;
    return slot;
}

static void vec_free(vec *v)
{
    free(v->p);
    v->p = NULL;
    v->n = v->cap = 0;
}

/* The local part of an expat name "namespace|local". Matching on local names
 * accepts both transitional and strict OOXML and prefixed elements (<x:c>). */
static const char *local_name(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

/* An attribute without namespace, e.g. r="B5". */
static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0) return atts[i + 1];
    return NULL;
}

/* Whether a boolean attribute (xsd:boolean: "1" or "true") is set. */
static bool attr_on(const char **atts, const char *name)
{
    const char *v = attr(atts, name);
    return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

/* The r:id attribute (relationships namespace, any prefix). */
static const char *attr_rid(const char **atts)
{
    for (size_t i = 0; atts[i]; i += 2) {
        const char *bar = strrchr(atts[i], '|');
        if (bar && strcmp(bar + 1, "id") == 0 && strstr(atts[i], "relationships"))
            return atts[i + 1];
    }
    return NULL;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    if (!s || !*s) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        unsigned long d = (unsigned long)(*s - '0');
        if (v > (max - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static const char *buf_str(const ws_buf *b)
{
    return b->p ? b->p : "";
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Column letters for messages: 0 -> "A", 26 -> "AA". */
static void col_name(unsigned long col, char out[8])
{
    char tmp[8];
    size_t n = 0;
    col++;
    while (col > 0 && n < sizeof tmp - 1) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* "AC8": the current cell as Excel names it, for messages. */
static void cell_ref(const xr *r, char out[32])
{
    char col[8];
    col_name(r->col, col);
    snprintf(out, 32, "%s%lu", col, r->row_num);
}

static int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The code point of an "_xHHHH_" escape at s, or -1. */
static long xescape_at(const char *s, size_t avail)
{
    if (avail < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_') return -1;
    long cp = 0;
    for (int i = 2; i < 6; i++) {
        int h = hex_val(s[i]);
        if (h < 0) return -1;
        cp = cp * 16 + h;
    }
    return cp;
}

/* Excel writes characters XML cannot hold as _xHHHH_ (a carriage return is
 * _x000D_, a literal "_x" is escaped as _x005F_x). Escapes that would
 * produce NUL or a lone surrogate are left as they are. The result is never
 * longer than the input. */
static const char *unescape_xstring(xr *r, const char *s, size_t len)
{
    if (!strstr(s, "_x")) {
        const char *t = ws_arena_strndup(r->arena, s, len);
        if (!t) stop_nomem(r);
        return t;
    }
    char *out = ws_arena_alloc(r->arena, len + 1);
    if (!out) {
        stop_nomem(r);
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        long cp = xescape_at(s + i, len - i);
        size_t used = 7;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            long lo = xescape_at(s + i + 7, len - i - 7);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 14;
            } else {
                cp = -1;
            }
        }
        if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
            out[o++] = s[i++];
            continue;
        }
        o += ws_utf8_encode((uint32_t)cp, out + o);
        i += used;
    }
    out[o] = '\0';
    return out;
}

/* Resolves a relationship target against the directory of the part that
 * holds it ("xl/"): "worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml" and
 * "../xl/x.xml" all work; %XX escapes are decoded. NULL if it leaves the
 * package. */
static const char *resolve_target(xr *r, const char *base_dir, const char *target)
{
    size_t tl = strlen(target), bl = strlen(base_dir);
    char *path = ws_arena_alloc(r->arena, bl + tl + 2);
    if (!path) {
        stop_nomem(r);
        return NULL;
    }
    size_t n = 0;
    if (target[0] != '/') {
        memcpy(path, base_dir, bl);
        n = bl;
    } else {
        target++;
    }
    for (const char *t = target; *t; t++) {
        int h1, h2;
        if (*t == '%' && (h1 = hex_val(t[1])) >= 0 && (h2 = hex_val(t[2])) >= 0) {
            path[n++] = (char)(h1 * 16 + h2);
            t += 2;
        } else {
            path[n++] = *t;
        }
    }
    path[n] = '\0';
    /* normalise "." and ".." segments in place */
    char *out = path;
    size_t o = 0;
    for (char *seg = path; *seg;) {
        char *end = strchr(seg, '/');
        size_t sl = end ? (size_t)(end - seg) : strlen(seg);
        if (sl == 0 || (sl == 1 && seg[0] == '.')) {
            /* skip */
        } else if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
            if (o == 0) return NULL;
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0) o--; /* the slash before it */
        } else {
            if (o > 0) out[o++] = '/';
            memmove(out + o, seg, sl);
            o += sl;
        }
        if (!end) break;
        seg = end + 1;
    }
    out[o] = '\0';
    return o ? out : NULL;
}

/* "xl/workbook.xml" -> "xl/" (in the arena). */
static const char *dir_of(xr *r, const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) + 1 : 0;
    const char *d = ws_arena_strndup(r->arena, part, n);
    if (!d) stop_nomem(r);
    return d;
}

/* --- parsing one part ----------------------------------------------------- */

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xr *r = ud;
    if (r->st || !r->cap || len <= 0) return;
    if (r->cap->len + (size_t)len > MAX_TEXT_BYTES) {
        if (r->sheet)
            stop_row(r, "单元格内容超过 %zu MB，文件异常", MAX_TEXT_BYTES >> 20);
        else
            stop_bad(r, "%s 中有超过 %zu MB 的文字，文件异常", r->part, MAX_TEXT_BYTES >> 20);
        return;
    }
    ws_buf_append(r->cap, s, (size_t)len);
    if (r->cap->failed) stop_nomem(r);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    xr *r = ud;
    stop_bad(r, "%s 含有 DTD 声明，Excel 不会写出这样的文件", r->part);
}

static ws_status xml_error(xr *r, XML_Parser p, const char *part)
{
    enum XML_Error code = XML_GetErrorCode(p);
    if (code == XML_ERROR_NO_ELEMENTS)
        return stop_bad(r, "%s 内容不完整或为空，文件可能已损坏", part);
    return stop_bad(r, "%s 第%lu行第%lu列的 XML 有错误（%s），文件可能已损坏", part,
                    (unsigned long)XML_GetCurrentLineNumber(p),
                    (unsigned long)XML_GetCurrentColumnNumber(p), XML_ErrorString(code));
}

static ws_status open_error(xr *r, zip_t *zip, const char *part)
{
    zip_error_t *ze = zip_get_error(zip);
    int code = zip_error_code_zip(ze);
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
        return stop_bad(r, "%s 已加密，请在 Excel/WPS 中取消密码后另存", part);
    if (code == ZIP_ER_MEMORY) return stop_nomem(r);
    return stop_bad(r, "无法解压 %s（%s），文件可能已损坏", part, zip_error_strerror(ze));
}

/* Streams one part of the archive through expat with the given handlers. */
static ws_status parse_part(xr *r, zip_int64_t idx, const char *part,
                            XML_StartElementHandler on_start, XML_EndElementHandler on_end)
{
    zip_file_t *zf = NULL;
    XML_Parser p = NULL;
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &sb) != 0) {
        stop_bad(r, "无法读取 %s", part);
        goto done;
    }
    bool sized = (sb.valid & ZIP_STAT_SIZE) != 0;
    if (sized && sb.size > MAX_PART_BYTES) {
        stop(r, WS_ERR_INPUT, "文件 %s 中的 %s 解压后有 %llu MB，超过 %llu MB 的上限，拒绝读取",
             r->path, part, (unsigned long long)(sb.size >> 20),
             (unsigned long long)(MAX_PART_BYTES >> 20));
        goto done;
    }
    zf = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        open_error(r, r->zip, part);
        goto done;
    }
    p = XML_ParserCreateNS(NULL, '|');
    if (!p) {
        stop_nomem(r);
        goto done;
    }
    XML_SetUserData(p, r);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    r->parser = p;
    r->part = part;
    r->cap = NULL;
    zip_uint64_t total = 0;
    for (;;) {
        void *buf = XML_GetBuffer(p, READ_CHUNK);
        if (!buf) {
            stop_nomem(r);
            break;
        }
        zip_int64_t n = zip_fread(zf, buf, READ_CHUNK);
        if (n < 0) {
            stop_bad(r, "解压 %s 失败（%s），文件可能已损坏或不完整", part, zip_file_strerror(zf));
            break;
        }
        total += (zip_uint64_t)n;
        r->book_bytes += (zip_uint64_t)n;
        if (total > MAX_PART_BYTES || (sized && total > sb.size)) {
            stop(r, WS_ERR_INPUT, "文件 %s 中的 %s 解压后超过记录的大小或 %llu MB 的上限，拒绝读取",
                 r->path, part, (unsigned long long)(MAX_PART_BYTES >> 20));
            break;
        }
        if (r->book_bytes > MAX_BOOK_BYTES) {
            stop(r, WS_ERR_INPUT, "文件 %s 解压后超过 %llu MB 的上限，拒绝读取", r->path,
                 (unsigned long long)(MAX_BOOK_BYTES >> 20));
            break;
        }
        if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
            if (r->st == WS_OK) xml_error(r, p, part);
            break;
        }
        if (r->st != WS_OK || n == 0) break;
    }
done:
    r->parser = NULL;
    r->cap = NULL;
    if (p) XML_ParserFree(p);
    if (zf) zip_fclose(zf);
    return r->st;
}

/* Finds a part by name (part names are case-insensitive in OPC). */
static zip_int64_t find_part(xr *r, const char *name)
{
    return zip_name_locate(r->zip, name, ZIP_FL_NOCASE);
}

/* --- relationships and workbook ------------------------------------------- */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *r = ud;
    if (r->st || strcmp(local_name(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0)) return;
    rel *rl = vec_push(r, &r->rels, sizeof *rl, MAX_LIST, "关系");
    if (!rl) return;
    rl->id = ws_arena_strdup(r->arena, id);
    rl->type = ws_arena_strdup(r->arena, type);
    rl->target = ws_arena_strdup(r->arena, target);
    if (!rl->id || !rl->type || !rl->target) stop_nomem(r);
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static const rel *rel_by_type(xr *r, const char *suffix)
{
    const rel *rels = r->rels.p;
    for (size_t i = 0; i < r->rels.n; i++)
        if (ends_with(rels[i].type, suffix)) return &rels[i];
    return NULL;
}

static const rel *rel_by_id(xr *r, const char *id)
{
    const rel *rels = r->rels.p;
    for (size_t i = 0; i < r->rels.n; i++)
        if (strcmp(rels[i].id, id) == 0) return &rels[i];
    return NULL;
}

/* Reads a relationships part into r->rels (emptied first); a missing part
 * leaves it empty. */
static ws_status read_rels(xr *r, const char *part)
{
    r->rels.n = 0;
    zip_int64_t idx = find_part(r, part);
    if (idx < 0) return r->st;
    return parse_part(r, idx, part, rels_start, ignore_end);
}

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *r = ud;
    if (r->st) return;
    const char *ln = local_name(name);
    if (strcmp(ln, "workbookPr") == 0) {
        r->date1904 = attr_on(atts, "date1904");
    } else if (strcmp(ln, "calcPr") == 0) {
        r->recalc_on_load = attr_on(atts, "fullCalcOnLoad");
    } else if (strcmp(ln, "sheet") == 0) {
        const char *sname = attr(atts, "name"), *rid = attr_rid(atts);
        if (!sname || !rid) {
            stop_bad(r, "%s 中有工作表缺少名称或 r:id", r->part);
            return;
        }
        sheet_ref *s = vec_push(r, &r->sheets, sizeof *s, MAX_LIST, "工作表");
        if (!s) return;
        const char *state = attr(atts, "state");
        s->hidden = state && (!strcmp(state, "hidden") || !strcmp(state, "veryHidden"));
        s->name = ws_arena_strdup(r->arena, sname);
        s->rid = ws_arena_strdup(r->arena, rid);
        if (!s->name || !s->rid) stop_nomem(r);
    }
}

/* Explains a zip that holds no workbook. */
static ws_status no_workbook(xr *r, const char *part)
{
    if (find_part(r, "word/document.xml") >= 0)
        return stop_bad(r, "这是 Word 文档（.docx），不是 Excel 表格");
    if (find_part(r, "ppt/presentation.xml") >= 0)
        return stop_bad(r, "这是 PowerPoint 文档（.pptx），不是 Excel 表格");
    if (find_part(r, "content.xml") >= 0)
        return stop_bad(r, WS_MSG_OPENDOCUMENT);
    return stop_bad(r, "压缩包中没有 %s，不是 Excel 工作簿", part);
}

/* Finds and reads the workbook part and its relationships. */
static ws_status read_workbook(xr *r, const char **wb_dir)
{
    const char *wb = "xl/workbook.xml";
    if (read_rels(r, "_rels/.rels") != WS_OK) return r->st;
    const rel *doc = rel_by_type(r, "/officeDocument");
    if (doc) {
        const char *t = resolve_target(r, "", doc->target);
        if (r->st) return r->st;
        if (t) wb = t;
    }
    zip_int64_t idx = find_part(r, wb);
    if (idx < 0 && strcmp(wb, "xl/workbook.xml") != 0) {
        wb = "xl/workbook.xml";
        idx = find_part(r, wb);
    }
    if (idx < 0) return no_workbook(r, wb);
    if (parse_part(r, idx, wb, workbook_start, ignore_end) != WS_OK) return r->st;
    if (r->sheets.n == 0) return stop_bad(r, "工作簿中没有工作表");

    *wb_dir = dir_of(r, wb);
    if (r->st) return r->st;
    const char *base = strrchr(wb, '/');
    base = base ? base + 1 : wb;
    const char *rels_part = ws_arena_printf(r->arena, "%s_rels/%s.rels", *wb_dir, base);
    if (!rels_part) return stop_nomem(r);
    if (find_part(r, rels_part) < 0) return stop_bad(r, "缺少 %s", rels_part);
    return read_rels(r, rels_part);
}

/* --- number formats ------------------------------------------------------- */

/* Excel's built-in date and time formats (the zh-CN forms of 27-36, 50-58);
 * other built-in ids are numbers or text. */
static const char *builtin_format(unsigned long id)
{
    switch (id) {
    case 14: return "yyyy/m/d";
    case 15: return "d-mmm-yy";
    case 16: return "d-mmm";
    case 17: return "mmm-yy";
    case 18: return "h:mm AM/PM";
    case 19: return "h:mm:ss AM/PM";
    case 20: return "h:mm";
    case 21: return "h:mm:ss";
    case 22: return "yyyy/m/d h:mm";
    case 27:
    case 36:
    case 50:
    case 52:
    case 57: return "yyyy\"年\"m\"月\"";
    case 28:
    case 29:
    case 51:
    case 53:
    case 54:
    case 58: return "m\"月\"d\"日\"";
    case 30: return "m-d-yy";
    case 31: return "yyyy\"年\"m\"月\"d\"日\"";
    case 32: return "h\"时\"mm\"分\"";
    case 33: return "h\"时\"mm\"分\"ss\"秒\"";
    case 34:
    case 55: return "上午/下午h\"时\"mm\"分\"";
    case 35:
    case 56: return "上午/下午h\"时\"mm\"分\"ss\"秒\"";
    case 1: return "0";
    case 2: return "0.00";
    case 3: return "#,##0";
    case 4: return "#,##0.00";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 12: return "# ?/?";
    case 13: return "# ?\?/?\?"; /* escaped: ??/ is a trigraph */
    case 37: return "#,##0 ;(#,##0)";
    case 38: return "#,##0 ;[Red](#,##0)";
    case 48: return "##0.0E+0";
    case 39:
    case 40: return "#,##0.00_);(#,##0.00)";
    case 45: return "mm:ss";
    case 46: return "[h]:mm:ss";
    case 47: return "mmss.0";
    default: return NULL;
    }
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Skips one UTF-8 character (or one byte of garbage). */
static const char *next_char(const char *p)
{
    if (!*p) return p;
    p++;
    while ((*p & 0xC0) == 0x80)
        p++;
    return p;
}

/* Past what a number format shows literally at p: a "quoted" string, a
 * [bracketed] colour or condition, an escaped \c, a _ padding or * fill
 * character; p itself when none starts there. */
static const char *skip_literal(const char *p)
{
    if (*p == '"') {
        p++;
        while (*p && *p != '"')
            p++;
        return *p ? p + 1 : p;
    }
    if (*p == '[') {
        while (*p && *p != ']')
            p++;
        return *p ? p + 1 : p;
    }
    if (*p == '\\' || *p == '_' || *p == '*') return next_char(p + 1);
    return p;
}

/* The parts of a date a format shows (PART_*): d, m, y, h or s outside
 * quotes, brackets and escapes. An m run is minutes when it follows h or
 * precedes s (Excel's rule), else months; ddd and dddd are the weekday, not
 * the day of the month; e and g are an era's year and name (民国 109 in
 * Taiwan's locale, 令和 in Japan's). */
static unsigned date_parts(const char *f)
{
    unsigned parts = 0;
    bool pending_m = false;
    int prev = 0;
    for (const char *p = f; *p;) {
        const char *after = skip_literal(p);
        if (after != p) {
            p = after;
            continue;
        }
        if (strncasecmp(p, "am/pm", 5) == 0) {
            p += 5;
            continue;
        }
        if (strncasecmp(p, "a/p", 3) == 0) {
            p += 3;
            continue;
        }
        int c = ascii_lower((unsigned char)*p);
        if (c == 'e' || c == 'g') {
            parts |= PART_ERA;
            p++;
            continue;
        }
        if (c != 'd' && c != 'm' && c != 'y' && c != 'h' && c != 's') {
            p = next_char(p);
            continue;
        }
        size_t run = 0;
        while (ascii_lower((unsigned char)*p) == c)
            p++, run++;
        if (pending_m) {
            parts |= c == 's' ? PART_TIME : PART_MONTH;
            pending_m = false;
        }
        switch (c) {
        case 'd': parts |= run <= 2 ? PART_DAY : 0; break;
        case 'y': parts |= PART_YEAR; break;
        case 'h': parts |= PART_TIME; break;
        case 's': parts |= PART_TIME | PART_SECONDS; break;
        case 'm':
            if (prev == 'h')
                parts |= PART_TIME;
            else
                pending_m = true;
            break;
        }
        prev = c;
    }
    if (pending_m) parts |= PART_MONTH;
    return parts;
}

/* A format is a date when it shows a part of one. Read as a date only when
 * it shows the year and the month (and the day): a format showing less
 * (yyyy shows 1973 for 1973-09-18) is FMT_PARTIAL, so that no month or year
 * the cell does not show is made up. */
static fmt_kind classify_format(const char *f)
{
    unsigned parts = date_parts(f);
    unsigned ymd = parts & (PART_YEAR | PART_MONTH | PART_DAY);
    if (ymd && (parts & PART_ERA)) return FMT_PARTIAL; /* not the calendar year */
    if (ymd == (PART_YEAR | PART_MONTH | PART_DAY)) return FMT_DATE;
    if (ymd == (PART_YEAR | PART_MONTH)) return FMT_MONTH;
    if (ymd) return FMT_PARTIAL;
    if (parts & PART_TIME) return parts & PART_SECONDS ? FMT_TIME_S : FMT_TIME;
    return FMT_NUMBER;
}

/* What a number format (its code f) shows of a number. Only the first
 * section is read; shown_digits refuses a number another section would show. */
static num_look look_of(const char *f)
{
    num_look k = {.kind = LOOK_DIGITS, .sections = 1, .code = f};
    if (!strcasecmp(f, "General") || !strcmp(f, "G/通用格式") || !strcmp(f, "@"))
        return (num_look){.kind = LOOK_GENERAL, .code = f};
    bool in_dec = false, digits = false;
    for (const char *p = f; *p;) {
        if (*p == ';') {
            k.sections++;
            p++;
            continue;
        }
        if (k.sections > 1) { /* only counted */
            const char *after = skip_literal(p);
            p = after != p ? after : next_char(p);
            continue;
        }
        if (*p == '[' && (p[1] == '<' || p[1] == '>' || p[1] == '=')) k.kind = LOOK_OTHER;
        const char *after = skip_literal(p);
        if (after != p) {
            p = after;
            continue;
        }
        if (*p == '0' || *p == '#') {
            digits = true;
            if (in_dec) *(*p == '0' && !k.dec_hashes ? &k.dec_zeros : &k.dec_hashes) += 1;
            else k.int_zeros += *p == '0';
        } else if (*p == '.') {
            if (in_dec) k.kind = LOOK_OTHER;
            in_dec = true;
        } else if (*p == ',') { /* a separator between digits; after the last, a scaling */
            if (in_dec || (p[1] != '0' && p[1] != '#')) k.kind = LOOK_OTHER;
        } else if (*p == '%') {
            k.percent = true;
        } else if (strchr("EeG?/@", *p)) {
            k.kind = LOOK_OTHER;
        }
        p = next_char(p);
    }
    if (!digits || k.int_zeros > 15 || k.dec_zeros + k.dec_hashes > 15) k.kind = LOOK_OTHER;
    return k;
}

static int cmp_fmt(const void *a, const void *b)
{
    const num_fmt *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *r = ud;
    if (r->st) return;
    const char *ln = local_name(name);
    unsigned long id = 0;
    if (strcmp(ln, "numFmts") == 0) {
        r->in_numfmts = true;
    } else if (strcmp(ln, "cellXfs") == 0) {
        r->in_cellxfs = true;
    } else if (r->in_numfmts && strcmp(ln, "numFmt") == 0) {
        const char *code = attr(atts, "formatCode");
        if (!code || !parse_uint(attr(atts, "numFmtId"), ULONG_MAX, &id)) return;
        num_fmt *f = vec_push(r, &r->fmts, sizeof *f, MAX_STYLES, "数字格式");
        if (!f) return;
        f->id = id;
        f->code = ws_arena_strdup(r->arena, code);
        if (!f->code) stop_nomem(r);
    } else if (r->in_cellxfs && strcmp(ln, "xf") == 0) {
        unsigned long *x = vec_push(r, &r->xfs, sizeof *x, MAX_STYLES, "单元格格式");
        if (!x) return;
        if (parse_uint(attr(atts, "numFmtId"), ULONG_MAX, &id)) *x = id;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    xr *r = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "numFmts") == 0)
        r->in_numfmts = false;
    else if (strcmp(ln, "cellXfs") == 0)
        r->in_cellxfs = false;
}

/* Reads the styles part (optional) and works out, for every cell format, what
 * its number format makes of a number. */
static ws_status read_styles(xr *r, const char *wb_dir)
{
    const rel *rl = rel_by_type(r, "/styles");
    const char *part = rl ? resolve_target(r, wb_dir, rl->target) : NULL;
    if (r->st) return r->st;
    zip_int64_t idx = part ? find_part(r, part) : -1;
    if (idx < 0) {
        part = ws_arena_printf(r->arena, "%sstyles.xml", wb_dir);
        if (!part) return stop_nomem(r);
        idx = find_part(r, part);
    }
    if (idx < 0) return WS_OK;
    if (parse_part(r, idx, part, styles_start, styles_end) != WS_OK) return r->st;
    num_fmt *fmts = r->fmts.p;
    if (r->fmts.n) qsort(fmts, r->fmts.n, sizeof *fmts, cmp_fmt);
    r->xf_kind = calloc(r->xfs.n ? r->xfs.n : 1, 1);
    r->xf_look = calloc(r->xfs.n ? r->xfs.n : 1, sizeof *r->xf_look);
    if (!r->xf_kind || !r->xf_look) return stop_nomem(r);
    const unsigned long *xfs = r->xfs.p;
    for (size_t i = 0; i < r->xfs.n; i++) {
        num_fmt key = {.id = xfs[i]};
        const num_fmt *custom =
            r->fmts.n ? bsearch(&key, fmts, r->fmts.n, sizeof *fmts, cmp_fmt) : NULL;
        const char *code = custom ? custom->code : builtin_format(xfs[i]);
        r->xf_kind[i] = (unsigned char)(code ? classify_format(code) : FMT_NUMBER);
        r->xf_look[i] = code ? look_of(code) : (num_look){.kind = LOOK_GENERAL};
    }
    return WS_OK;
}

static fmt_kind style_kind(const xr *r, unsigned long style)
{
    return r->xf_kind && style < r->xfs.n ? (fmt_kind)r->xf_kind[style] : FMT_NUMBER;
}

static num_look style_look(const xr *r, unsigned long style)
{
    return r->xf_look && style < r->xfs.n ? r->xf_look[style] : (num_look){.kind = LOOK_GENERAL};
}

/* --- shared strings ------------------------------------------------------- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    xr *r = ud;
    if (r->st) return;
    const char *ln = local_name(name);
    if (strcmp(ln, "si") == 0) {
        r->in_si = true;
        r->rph = 0;
        ws_buf_clear(&r->sbuf);
    } else if (r->in_si && strcmp(ln, "rPh") == 0) {
        r->rph++;
        r->cap = NULL;
    } else if (r->in_si && r->rph == 0 && strcmp(ln, "t") == 0) {
        r->cap = &r->sbuf;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    xr *r = ud;
    if (r->st) return;
    const char *ln = local_name(name);
    if (strcmp(ln, "t") == 0) {
        r->cap = NULL;
    } else if (strcmp(ln, "rPh") == 0) {
        if (r->rph > 0) r->rph--;
    } else if (strcmp(ln, "si") == 0 && r->in_si) {
        r->in_si = false;
        r->cap = NULL;
        const char **slot = vec_push(r, &r->sst, sizeof *slot, SIZE_MAX / sizeof *slot, "字符串");
        if (!slot) return;
        *slot = r->sbuf.len ? unescape_xstring(r, r->sbuf.p, r->sbuf.len) : "";
    }
}

static ws_status read_shared_strings(xr *r, const char *wb_dir)
{
    const rel *rl = rel_by_type(r, "/sharedStrings");
    const char *part = rl ? resolve_target(r, wb_dir, rl->target) : NULL;
    if (r->st) return r->st;
    zip_int64_t idx = part ? find_part(r, part) : -1;
    if (idx < 0) {
        part = ws_arena_printf(r->arena, "%ssharedStrings.xml", wb_dir);
        if (!part) return stop_nomem(r);
        idx = find_part(r, part);
    }
    if (idx < 0) return WS_OK;
    return parse_part(r, idx, part, sst_start, sst_end);
}

/* --- numbers and dates ---------------------------------------------------- */

/* A decimal number as Excel writes it: [sign] digits [. digits] [E exp]. */
static bool parse_number(const char *s, double *out)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    const char *start = p;
    if (*p == '+' || *p == '-') p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (digits == 0) return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    while (*p == ' ')
        p++;
    if (*p) return false;
    *out = strtod(start, NULL);
    return isfinite(*out);
}

/* Rewrites printf's "[-]d.ddde[+-]XX" as plain decimals. */
static void expand_exponent(const char *g, char *out, size_t n)
{
    char digits[40];
    size_t nd = 0;
    const char *p = g;
    bool neg = *p == '-';
    if (neg) p++;
    for (; *p && *p != 'e' && nd < sizeof digits - 1; p++)
        if (*p != '.') digits[nd++] = *p;
    digits[nd] = '\0';
    long e = *p == 'e' ? strtol(p + 1, NULL, 10) : 0;
    size_t o = 0;
#define PUT(c) (o + 1 < n ? (void)(out[o++] = (c)) : (void)0)
    if (neg) PUT('-');
    if (e < 0) {
        PUT('0');
        PUT('.');
        for (long i = 0; i < -e - 1; i++)
            PUT('0');
        for (size_t i = 0; i < nd; i++)
            PUT(digits[i]);
    } else {
        for (long i = 0; i <= e; i++)
            PUT((size_t)i < nd ? digits[i] : '0');
        if ((size_t)e + 1 < nd) {
            PUT('.');
            for (size_t i = (size_t)e + 1; i < nd; i++)
                PUT(digits[i]);
        }
    }
#undef PUT
    out[o] = '\0';
}

/* Writes v the way Excel shows it in the formula bar: integers in full
 * digits, other numbers with 15 significant digits, never an exponent.
 * Returns true when v is an integer of 16 or more digits: Excel keeps 15
 * significant digits, so the text has the 15 it kept and then zeros. */
static bool format_number(double v, char *out, size_t n)
{
    if (v == 0) v = 0; /* no "-0" */
    char g[48];
    if (v == trunc(v)) {
        if (fabs(v) < 1e15) {
            snprintf(out, n, "%.0f", v);
            return false;
        }
        snprintf(g, sizeof g, "%.14e", v);
        expand_exponent(g, out, n);
        return true;
    }
    snprintf(g, sizeof g, "%.15g", v);
    if (strchr(g, 'e')) {
        expand_exponent(g, out, n);
    } else {
        snprintf(out, n, "%s", g);
    }
    return false;
}

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

/* Formats a date serial number. Serial 1 is 1900-01-01; Excel (after Lotus)
 * counts a 1900-02-29 that never was, so from serial 61 on the day is one
 * less than a plain count. With date1904, serial 0 is 1904-01-01. Returns
 * false for numbers outside Excel's dates (before serial 1, after 9999). */
static bool format_date(double v, bool date1904, fmt_kind kind, char *out, size_t n)
{
    double ms = round(v * 86400000.0); /* Excel resolves to the millisecond */
    double day = floor(ms / 86400000.0);
    if (kind == FMT_TIME || kind == FMT_TIME_S) {
        if (!(v >= 0 && v < 1e7)) return false;
        long secs = lround((ms - day * 86400000.0) / 1000.0) % 86400;
        if (kind == FMT_TIME_S)
            snprintf(out, n, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
        else
            snprintf(out, n, "%02ld:%02ld", secs / 3600, secs / 60 % 60);
        return true;
    }
    int y, m, d;
    if (date1904) {
        if (!(day >= 0 && day <= 2957003)) return false;
        civil_from_days(days_from_civil(1904, 1, 1) + (long)day, &y, &m, &d);
    } else {
        if (!(day >= 1 && day <= 2958465)) return false;
        if (day == 60) {
            y = 1900, m = 2, d = 29;
        } else {
            long base = days_from_civil(1899, 12, day < 60 ? 31 : 30);
            civil_from_days(base + (long)day, &y, &m, &d);
        }
    }
    if (kind == FMT_MONTH)
        snprintf(out, n, "%04d.%02d", y, m);
    else
        snprintf(out, n, "%04d-%02d-%02d", y, m, d);
    return true;
}

/* --- worksheet ------------------------------------------------------------ */

/* Parses a cell reference such as "B5" into a 0-based column and a row. */
static bool parse_ref(xr *r, const char *ref, unsigned long *col, unsigned long *row)
{
    unsigned long c = 0;
    const char *p = ref;
    size_t letters = 0;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++, letters++) {
        if (letters < 4) c = c * 26 + (unsigned long)(ascii_lower((unsigned char)*p) - 'a' + 1);
    }
    if (letters == 0 || !parse_uint(p, ULONG_MAX, row) || *row == 0) {
        stop_row(r, "单元格地址「%.20s」无效", ref);
        return false;
    }
    if (letters > 3 || c > MAX_COL) {
        stop_row(r, "单元格地址 %.20s 超出了 Excel 的最后一列 XFD", ref);
        return false;
    }
    if (*row > MAX_ROW) {
        stop_row(r, "单元格地址 %.20s 超出了 Excel 的最后一行 %lu", ref, MAX_ROW);
        return false;
    }
    *col = c - 1;
    return true;
}

static cell_type parse_cell_type(const char *t)
{
    if (!t || strcmp(t, "n") == 0) return CT_N;
    if (strcmp(t, "s") == 0) return CT_S;
    if (strcmp(t, "str") == 0) return CT_STR;
    if (strcmp(t, "inlineStr") == 0) return CT_INLINE;
    if (strcmp(t, "b") == 0) return CT_B;
    if (strcmp(t, "e") == 0) return CT_E;
    if (strcmp(t, "d") == 0) return CT_D;
    return CT_OTHER;
}

/* Drops the array formulas' areas that end above the row being read: rows
 * come in order, so none of their cells is still to come. */
static void drop_arrays_above(xr *r)
{
    merge_area *m = r->arrays.p;
    size_t kept = 0;
    for (size_t k = 0; k < r->arrays.n; k++)
        if (m[k].r2 >= r->row_num) m[kept++] = m[k];
    r->arrays.n = kept;
}

static void row_start(xr *r, const char **atts)
{
    if (r->in_row) {
        stop_row(r, "行中嵌套了行，文件结构异常");
        return;
    }
    const char *rs = attr(atts, "r");
    unsigned long num;
    if (rs) {
        if (!parse_uint(rs, ULONG_MAX, &num) || num == 0 || num > MAX_ROW) {
            stop_bad(r, "工作表「%s」中的行号「%.20s」无效", r->sheet_name, rs);
            return;
        }
        if (num <= r->prev_row) {
            r->row_num = num;
            stop_row(r, "行号重复或顺序颠倒（前一行是第%lu行）", r->prev_row);
            return;
        }
    } else {
        num = r->prev_row + 1;
        if (num > MAX_ROW) {
            stop_bad(r, "工作表「%s」超过了 Excel 的最后一行 %lu", r->sheet_name, MAX_ROW);
            return;
        }
    }
    r->row_num = num;
    drop_arrays_above(r);
    r->row_known = rs != NULL;
    r->row_hidden = attr_on(atts, "hidden");
    r->in_row = true;
    r->prev_col = -1;
    r->cur.n = 0;
}

/* Whether the cell being read lies in an array formula's area. */
static bool in_array_formula(const xr *r)
{
    const merge_area *m = r->arrays.p;
    for (size_t k = 0; k < r->arrays.n; k++)
        if (r->row_num >= m[k].r1 && r->row_num <= m[k].r2 && r->col >= m[k].c1 && r->col <= m[k].c2)
            return true;
    return false;
}

static void cell_start(xr *r, const char **atts)
{
    if (r->in_c) {
        stop_row(r, "单元格中嵌套了单元格，文件结构异常");
        return;
    }
    const char *ref = attr(atts, "r");
    unsigned long col;
    if (ref) {
        unsigned long row;
        if (!parse_ref(r, ref, &col, &row)) return;
        if (!r->row_known && r->prev_col < 0 && row > r->prev_row) r->row_num = row;
        r->row_known = true;
        if ((long)col <= r->prev_col) {
            stop_row(r, "单元格 %.20s 重复或顺序颠倒", ref);
            return;
        }
    } else {
        col = (unsigned long)(r->prev_col + 1);
        if (col >= MAX_COL) {
            stop_row(r, "单元格超出了 Excel 的最后一列 XFD");
            return;
        }
    }
    r->col = col;
    r->ctype = parse_cell_type(attr(atts, "t"));
    if (!parse_uint(attr(atts, "s"), ULONG_MAX, &r->style)) r->style = 0;
    ws_buf_clear(&r->vbuf);
    ws_buf_clear(&r->tbuf);
    r->has_v = r->has_is = false;
    r->has_f = in_array_formula(r);
    r->in_c = true;
}

/* Excel stores 2018.10 typed into a General cell as the number 2018.1,
 * which is also how 2018年1月 is typed: the two readings cannot be told
 * apart. Only ".1" is ambiguous (2018.2 cannot have been 2018.20). */
static bool ambiguous_year_month(const char *text)
{
    if (strlen(text) != 6 || text[4] != '.' || text[5] != '1') return false;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (text[i] < '0' || text[i] > '9') return false;
        y = y * 10 + (text[i] - '0');
    }
    return y >= 1900 && y <= 2100;
}

/* An integer beyond Excel's 15 significant digits: never what was typed. */
static const char LOST_DIGITS[] =
    "该单元格是数值，Excel 只保留15位有效数字，长数字（如身份证号）的末几位已丢失，"
    "读到的数不能使用：请把该列设为文本后重新输入";

/* x (|x| < 1e15) rounded as Excel shows it with 'dec' (<= 15) decimals: its
 * 15 significant digits, rounded half away from zero (2.675 with 0.00 is
 * 2.68, where printf's binary rounding gives 2.67). Into d (64 bytes) as
 * digits without sign or point; *point is how many are before the point. */
static void round_shown(double x, int dec, char *d, int *point)
{
    char e[32];
    snprintf(e, sizeof e, "%.14e", fabs(x)); /* d.dddddddddddddde±XX */
    int exp10 = atoi(strchr(e, 'e') + 1), nd = 0;
    if (exp10 < -(dec + 1)) { /* below half the last decimal: 0.00…0 (and d stays short) */
        memset(d, '0', (size_t)dec + 1);
        d[dec + 1] = '\0';
        *point = 1;
        return;
    }
    int lead = exp10 < 0 ? -exp10 : 0; /* zeros before the first digit, 0.000d… */
    for (int i = 0; i < lead; i++)
        d[nd++] = '0';
    for (const char *p = e; *p != 'e'; p++)
        if (*p != '.') d[nd++] = *p;
    *point = exp10 + 1 + lead;
    while (nd < *point + dec + 1)
        d[nd++] = '0';
    int keep = *point + dec;
    bool up = d[keep] >= '5';
    d[keep] = '\0';
    for (int i = keep - 1; up && i >= 0; i--) {
        up = d[i] == '9';
        d[i] = up ? '0' : (char)(d[i] + 1);
    }
    if (up) { /* 9.99 -> 10.0 */
        memmove(d + 1, d, (size_t)keep + 1);
        d[0] = '1';
        ++*point;
    }
}

/* Whether shown (digits, a point, perhaps a %) is v itself to Excel's 15
 * significant digits: 010020 is 10020 and 2.50 is 2.5, but 22 is not 22.36. */
static bool shows_value(const char *shown, double v)
{
    char *end;
    double s = strtod(shown, &end);
    if (*end == '%') s /= 100;
    char a[32], b[32];
    snprintf(a, sizeof a, "%.14e", v);
    snprintf(b, sizeof b, "%.14e", s);
    return strcmp(a, b) == 0;
}

/* v as a number format of LOOK_DIGITS shows it: decimals rounded, trailing
 * optional ones dropped, the integer part padded to int_zeros, a percent
 * sign. False when the reading would not be what the cell shows: a number
 * another section shows (a negative, a 0), a number whose integer part the
 * format hides (#.00 shows 0.5 as .50), a negative shown as 0, one beyond 15 digits. */
static bool shown_digits(const num_look *k, double v, char *out, size_t n)
{
    double x = k->percent ? v * 100 : v;
    if ((v < 0 && k->sections > 1) || (v == 0 && k->sections > 2) || fabs(x) >= 1e15) return false;
    char d[64];
    int point;
    round_shown(x, k->dec_zeros + k->dec_hashes, d, &point);
    int len = (int)strlen(d), first = 0;
    while (first < point - 1 && d[first] == '0') /* no leading zeros … */
        first++;
    int pad = k->int_zeros - (point - first) > 0 ? k->int_zeros - (point - first) : 0;
    if (!k->int_zeros && point - first == 1 && d[first] == '0') return false;
    int end = len;
    while (end > point + k->dec_zeros && d[end - 1] == '0') /* … nor optional trailing ones */
        end--;
    bool zero = true;
    for (int i = first; i < end; i++)
        zero &= d[i] == '0';
    if (zero && x < 0) return false; /* -0.001 in 0.00: Excel and LibreOffice differ (0.00, -0.00) */
    int w = snprintf(out, n, "%s%.*s%.*s%s%.*s%s", x < 0 ? "-" : "", pad, "000000000000000",
                     point - first, d + first, end > point ? "." : "", end - point, d + point,
                     k->percent ? "%" : "");
    return w > 0 && (size_t)w < n;
}

/* A date (iso, YYYY-MM-DD) in a cell whose format shows only a part of it
 * (FMT_PARTIAL): the note that refuses it, saying what the format shows. */
static const char *partial_date_note(xr *r, const char *iso)
{
    const char *code = style_look(r, r->style).code;
    if (!code) code = "";
    unsigned parts = date_parts(code), ymd = parts & (PART_YEAR | PART_MONTH | PART_DAY);
    const char *shows = parts & PART_ERA ? "按年号纪年（e、g）显示年份，Excel 里看到的不是公历年月"
                        : ymd == PART_YEAR               ? "只显示年份，Excel 里看不到完整的年月"
                        : ymd == PART_MONTH              ? "只显示月份，Excel 里看不到完整的年月"
                        : ymd == PART_DAY                ? "只显示日，Excel 里看不到完整的年月"
                        : ymd == (PART_MONTH | PART_DAY) ? "只显示月和日，Excel 里看不到完整的年月"
                                                         : "只显示年和日，Excel 里看不到完整的年月";
    char cell[32];
    cell_ref(r, cell);
    int lc = (int)ws_utf8_clip(code, 60);
    return ws_arena_printf(r->arena,
                           "单元格 %s 是日期 %s，但数字格式「%.*s%s」%s，读到的日期不能使用："
                           "请把该列设为文本后按要印的样子输入（如 %.4s.%.2s），"
                           "或把单元格格式改为同时显示年和月的格式（如 yyyy.mm 或 yyyy-mm-dd）",
                           cell, iso, lc, code, code[lc] ? "…" : "", shows, iso, iso + 5);
}

/* The text of a numeric cell, by its number format. A value that cannot be
 * what the clerk typed (an integer beyond Excel's 15 digits, an ambiguous
 * year.month) gets an error note: the records stage withholds it. */
static const char *number_text(xr *r, const char *raw, const char **note, ws_note_level *level)
{
    char out[400];
    double v;
    if (!parse_number(raw, &v)) {
        *note = ws_arena_printf(r->arena, "数值「%.40s」无法识别，按原样读取", raw);
        return ws_arena_strdup(r->arena, raw);
    }
    fmt_kind kind = style_kind(r, r->style);
    if (kind == FMT_PARTIAL && format_date(v, r->date1904, FMT_DATE, out, sizeof out)) {
        *level = WS_NOTE_ERROR;
        *note = partial_date_note(r, out);
        return "";
    }
    if (kind != FMT_NUMBER) {
        if (format_date(v, r->date1904, kind, out, sizeof out))
            return ws_arena_strdup(r->arena, out);
        if (format_number(v, out, sizeof out)) { /* an ID in a column formatted as dates */
            *level = WS_NOTE_ERROR;
            *note = LOST_DIGITS;
        } else {
            *note =
                ws_arena_printf(r->arena, "该单元格设为日期格式，但数值 %s 不是有效的日期", out);
        }
        return ws_arena_strdup(r->arena, out);
    }
    num_look look = style_look(r, r->style);
    /* what the cell shows: 000000 makes 10020 "010020", 0.00 makes 2.5 "2.50" */
    if (look.kind != LOOK_GENERAL && fabs(v) < 1e15) {
        char shown[400];
        bool readable = look.kind == LOOK_DIGITS && shown_digits(&look, v, shown, sizeof shown);
        if (readable && shows_value(shown, v)) return ws_arena_strdup(r->arena, shown);
        format_number(v, out, sizeof out);
        char cell[32];
        cell_ref(r, cell);
        *level = WS_NOTE_ERROR;
        if (readable) /* 0.0 shows 1998.06 as 1998.1, 0 shows 22.36 as 22 */
            *note = ws_arena_printf(
                r->arena,
                "单元格 %s 是数值 %s，按数字格式「%.60s」显示为 %s，纸上该印哪一个无法确定："
                "请把该列设为文本后按要印的样子重新输入",
                cell, out, look.code ? look.code : "", shown);
        else
            *note = ws_arena_printf(
                r->arena,
                "单元格 %s 是数值 %s，设有数字格式「%.60s」，Excel 显示的样子"
                "与数值不同，无法确定应读作哪一个：请把该列设为文本后按显示的样子重新输入",
                cell, out, look.code ? look.code : "");
        return ws_arena_strdup(r->arena, out);
    }
    if (format_number(v, out, sizeof out)) {
        *level = WS_NOTE_ERROR;
        *note = LOST_DIGITS;
    } else if (ambiguous_year_month(out)) {
        char cell[32];
        cell_ref(r, cell);
        *level = WS_NOTE_ERROR;
        *note = ws_arena_printf(r->arena,
                                "单元格 %s 是数值 %s，既可读作 %.4s 年 1 月（%.4s.01），"
                                "也可读作 %.4s 年 10 月（%.4s.10，常规格式会把末尾的 0 去掉），"
                                "无法确定：请把该列设为文本后重新输入",
                                cell, out, out, out, out, out);
    }
    return ws_arena_strdup(r->arena, out);
}

/* t="d": an ISO 8601 date such as 2024-03-01T00:00:00. */
static const char *iso_date_text(xr *r, const char *raw, const char **note, ws_note_level *level)
{
    int y, m, d, used = 0;
    if (sscanf(raw, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 && m >= 1 && m <= 12 &&
        d >= 1 && d <= 31) {
        if (style_kind(r, r->style) == FMT_PARTIAL) {
            char iso[16];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
            *level = WS_NOTE_ERROR;
            *note = partial_date_note(r, iso);
            return "";
        }
        if (style_kind(r, r->style) == FMT_MONTH)
            return ws_arena_printf(r->arena, "%04d.%02d", y, m);
        return ws_arena_printf(r->arena, "%04d-%02d-%02d", y, m, d);
    }
    *note = ws_arena_printf(r->arena, "日期「%.40s」无法识别，按原样读取", raw);
    return ws_arena_strdup(r->arena, raw);
}

/* Whether a formula cell has its result saved in the file (openpyxl saves
 * formulas without one, whatever the t= type): a <v>, which only a string
 * result may leave empty (<v></v> is the result ""); or inline text. */
static bool formula_result_saved(const xr *r)
{
    if (r->has_is) return true;
    if (r->ctype == CT_STR || r->ctype == CT_INLINE) return r->has_v;
    return r->vbuf.len > 0;
}

/* A formula whose saved result is not what Excel shows: none was saved, or
 * the workbook is marked fullCalcOnLoad (libxlsxwriter, XlsxWriter and
 * openpyxl mark it so), whose saved results are stale (=ROW()-1 saved as 0)
 * and recalculated by Excel on opening. Sets *note (an error) and returns
 * true for such a cell: it is read as nothing, whatever the file holds.
 * LibreOffice does not recalculate on opening (it saves the stale value and
 * drops the mark), hence its own advice. */
static bool refuse_formula(xr *r, const char **note)
{
    if (!r->has_f) return false;
    char cell[32];
    cell_ref(r, cell);
    if (!formula_result_saved(r))
        *note = ws_arena_printf(
            r->arena,
            "单元格 %s 是公式，但文件里没有保存它的计算结果（程序生成的表格常这样），"
            "读不到它显示的内容：请在 Excel 或 WPS 中打开并保存后再试，或直接填写内容",
            cell);
    else if (r->recalc_on_load)
        *note =
            ws_arena_printf(r->arena,
                            "单元格 %s 是公式，文件要求打开时重新计算（程序生成的表格常这样），"
                            "里面保存的计算结果可能已过时，读不到它显示的内容：请在 Excel 或 WPS 中"
                            "打开并保存后再试（LibreOffice 须先按 Ctrl+Shift+F9 重新计算再保存），"
                            "或复制后“选择性粘贴”为数值，或直接填写内容",
                            cell);
    else
        return false;
    if (!*note) stop_nomem(r);
    return true;
}

/* Turns the finished cell into text and, when something is wrong, a note. */
static void cell_end(xr *r)
{
    r->in_c = false;
    r->prev_col = (long)r->col;
    if (r->vbuf.failed || r->tbuf.failed) {
        stop_nomem(r);
        return;
    }
    const char *v = buf_str(&r->vbuf);
    const char *text = "", *note = NULL;
    ws_note_level level = WS_NOTE_WARNING;
    cell_type t = r->ctype;
    if (t == CT_N && !r->has_v && r->has_is) t = CT_INLINE;
    if (refuse_formula(r, &note)) {
        level = WS_NOTE_ERROR;
        t = CT_REFUSED;
    }
    switch (t) {
    case CT_REFUSED: break;
    case CT_N:
        if (r->vbuf.len) text = number_text(r, v, &note, &level);
        break;
    case CT_S: {
        unsigned long i;
        const char *tv = v;
        while (*tv == ' ')
            tv++;
        if (parse_uint(tv, ULONG_MAX, &i) && i < r->sst.n) {
            text = ((const char **)r->sst.p)[i];
        } else if (r->has_v) {
            level = WS_NOTE_ERROR;
            note = ws_arena_printf(r->arena,
                                   "单元格引用了不存在的共享字符串（序号 %.20s），内容无法读取", v);
        }
        break;
    }
    case CT_STR:
    case CT_INLINE: {
        const ws_buf *b = (t == CT_INLINE && r->has_is) || !r->has_v ? &r->tbuf : &r->vbuf;
        if (b->len) text = unescape_xstring(r, b->p, b->len);
        break;
    }
    case CT_B:
        if (strcmp(v, "1") == 0)
            text = "TRUE";
        else if (strcmp(v, "0") == 0)
            text = "FALSE";
        else if (r->vbuf.len) {
            text = ws_arena_strdup(r->arena, v);
            note = ws_arena_printf(r->arena, "逻辑值「%.40s」无法识别，按原样读取", v);
        }
        break;
    case CT_E: /* #DIV/0!, #N/A, #REF!: never the clerk's data */
        text = ws_arena_strdup(r->arena, r->vbuf.len ? v : "#VALUE!");
        level = WS_NOTE_ERROR;
        note = ws_arena_printf(r->arena,
                               "单元格显示错误值 %.40s（公式出错），不能使用：请改正公式，"
                               "或直接填写内容",
                               r->vbuf.len ? v : "#VALUE!");
        break;
    case CT_D:
        if (r->vbuf.len) text = iso_date_text(r, v, &note, &level);
        break;
    case CT_OTHER:
        if (r->vbuf.len) {
            text = ws_arena_strdup(r->arena, v);
            note = "单元格类型无法识别，按原样读取";
        }
        break;
    }
    if (r->st) return;
    if (!text || (note && !note[0]) || (level == WS_NOTE_ERROR && !note)) {
        stop_nomem(r);
        return;
    }
    if (!text[0] && !note) return;
    cell_tmp *c = vec_push(r, &r->cur, sizeof *c, MAX_COL, "单元格");
    if (!c) return;
    c->col = r->col;
    c->text = text;
    c->note = note;
    c->level = level;
}

/* Adds a note to the sheet being read. Same result as ws_sheet_note, whose
 * walk to the insertion point would make a sheet with a warning on every row
 * quadratic: rows arrive in order here, so the note goes at the tail. 'msg'
 * must live in the arena (or be a literal); it is not copied. */
static void add_note_str(xr *r, size_t row, int col, ws_note_level level, const char *msg)
{
    ws_cell_note *n = ws_arena_calloc(r->arena, 1, sizeof *n);
    if (!n) {
        stop_nomem(r);
        return;
    }
    n->row = row;
    n->col = col;
    n->level = level;
    n->msg = msg;
    if (r->note_tail)
        r->note_tail->next = n;
    else
        r->sheet->notes = n;
    r->note_tail = n;
}

__attribute__((format(printf, 5, 6))) static void
add_note(xr *r, size_t row, int col, ws_note_level level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *copy = ws_arena_strdup(r->arena, msg);
    if (!copy) {
        stop_nomem(r);
        return;
    }
    add_note_str(r, row, col, level, copy);
}

/* Notes for cells right of the header: cell notes there become row notes
 * (a column without a header has no name), and content there is reported. */
static void note_beyond_header(xr *r, size_t idx, const row_rec *row)
{
    char list[200] = "";
    size_t len = 0, count = 0;
    for (size_t i = 0; i < row->n; i++) {
        if (row->cols[i] < r->ncols) continue;
        char name[8];
        col_name(row->cols[i], name);
        if (row->notes && row->notes[i])
            add_note(r, idx, -1, row->levels[i], "第%s列：%s", name, row->notes[i]);
        if (!row->texts[i][0]) continue;
        if (count < 5)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", count ? "、" : "", name);
        else if (count == 5)
            len += (size_t)snprintf(list + len, sizeof list - len, "等");
        count++;
    }
    if (count) add_note(r, idx, -1, WS_NOTE_WARNING, "第%s列有内容但没有表头", list);
}

/* Keeps a row that has any content, with its cells' notes; which row is the
 * header is decided when the sheet is complete (build_grid). */
static void row_end(xr *r)
{
    r->in_row = false;
    r->prev_row = r->row_num;
    const cell_tmp *cells = r->cur.p;
    size_t n = r->cur.n;
    if (n == 0) return;
    size_t width = cells[n - 1].col + 1;
    if (r->rows.n == 0) r->ncols = width;
    if ((r->rows.n + 1) * (r->ncols ? r->ncols : 1) > MAX_GRID || r->ncells + n > MAX_CELLS) {
        stop(r, WS_ERR_INPUT, "文件 %s 工作表「%s」太大（%zu行×%zu列以上），超出本程序的处理范围",
             r->path, r->sheet_name, r->rows.n + 1, r->ncols);
        return;
    }
    r->ncells += n;
    row_rec *row = vec_push(r, &r->rows, sizeof *row, MAX_ROW, "行");
    if (!row) return;
    row->line = r->row_num;
    row->n = n;
    row->width = width;
    row->hidden = r->row_hidden;
    row->cols = ws_arena_alloc(r->arena, n * sizeof *row->cols);
    row->texts = ws_arena_alloc(r->arena, n * sizeof *row->texts);
    if (!row->cols || !row->texts) {
        stop_nomem(r);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        row->cols[i] = cells[i].col;
        row->texts[i] = cells[i].text;
        if (!cells[i].note) continue;
        if (!row->notes) {
            row->notes = ws_arena_calloc(r->arena, n, sizeof *row->notes);
            row->levels = ws_arena_calloc(r->arena, n, sizeof *row->levels);
            if (!row->notes || !row->levels) {
                stop_nomem(r);
                return;
            }
        }
        row->notes[i] = cells[i].note;
        row->levels[i] = cells[i].level;
    }
}

/* <mergeCell ref="C2:C3"/>: kept to carry the value down and to find
 * content hidden under the merge (read_merges). */
/* An area of more than one cell, A1:B2, into *m; false for anything else. */
static bool parse_area(xr *r, const char *ref, merge_area *m)
{
    const char *colon = ref ? strchr(ref, ':') : NULL;
    if (!colon || colon - ref > 20) return false;
    char first[24];
    memcpy(first, ref, (size_t)(colon - ref));
    first[colon - ref] = '\0';
    if (!parse_ref(r, first, &m->c1, &m->r1) || !parse_ref(r, colon + 1, &m->c2, &m->r2))
        return false;
    return m->r2 >= m->r1 && m->c2 >= m->c1 && (m->r2 > m->r1 || m->c2 > m->c1);
}

static void merge_start(xr *r, const char **atts)
{
    merge_area m;
    if (!parse_area(r, attr(atts, "ref"), &m)) return;
    merge_area *slot = vec_push(r, &r->merges, sizeof *slot, MAX_CELLS, "合并单元格");
    if (slot) *slot = m;
}

/* An array formula is written in the first cell of its area only; the other
 * cells hold its results as plain values, as stale as the first one's. */
static void formula_start(xr *r, const char **atts)
{
    r->has_f = true;
    const char *t = attr(atts, "t");
    merge_area m;
    if (!t || strcmp(t, "array") != 0 || !parse_area(r, attr(atts, "ref"), &m)) return;
    merge_area *slot = vec_push(r, &r->arrays, sizeof *slot, MAX_CELLS, "数组公式");
    if (slot) *slot = m;
}


static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *r = ud;
    if (r->st) return;
    const char *ln = local_name(name);
    if (strcmp(ln, "sheetData") == 0) {
        r->in_data = true;
    } else if (!r->in_data) {
        if (strcmp(ln, "mergeCell") == 0) merge_start(r, atts);
        return;
    } else if (strcmp(ln, "row") == 0) {
        row_start(r, atts);
    } else if (!r->in_row) {
        return;
    } else if (strcmp(ln, "c") == 0) {
        cell_start(r, atts);
    } else if (!r->in_c) {
        return;
    } else if (strcmp(ln, "v") == 0) {
        r->has_v = true;
        r->cap = &r->vbuf;
    } else if (strcmp(ln, "f") == 0) {
        formula_start(r, atts);
    } else if (strcmp(ln, "is") == 0) {
        r->in_is = true;
        r->has_is = true;
        r->rph = 0;
    } else if (r->in_is && strcmp(ln, "rPh") == 0) {
        r->rph++;
        r->cap = NULL;
    } else if (r->in_is && r->rph == 0 && strcmp(ln, "t") == 0) {
        r->cap = &r->tbuf;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    xr *r = ud;
    if (r->st) return;
    const char *ln = local_name(name);
    if (strcmp(ln, "v") == 0 || strcmp(ln, "t") == 0) {
        r->cap = NULL;
    } else if (strcmp(ln, "rPh") == 0) {
        if (r->rph > 0) r->rph--;
    } else if (strcmp(ln, "is") == 0) {
        r->in_is = false;
        r->cap = NULL;
    } else if (strcmp(ln, "c") == 0 && r->in_c) {
        r->cap = NULL;
        cell_end(r);
    } else if (strcmp(ln, "row") == 0 && r->in_row) {
        if (r->in_c) cell_end(r);
        row_end(r);
    } else if (strcmp(ln, "sheetData") == 0) {
        r->in_data = false;
    }
}

/* The header row: among the first rows, the one with the most cells that
 * are labels the caller expects (the first of equals). Without a hint, or
 * when no row has a label, the first row. Records which rows were looked at. */
static size_t find_header(xr *r, ws_sheet *sh)
{
    const row_rec *rows = r->rows.p;
    const ws_header_hint *hint = r->hint;
    size_t look = hint && hint->is_label ? hint->max_rows : 1;
    if (look > r->rows.n) look = r->rows.n;
    size_t best = 0, best_score = 0;
    for (size_t i = 0; hint && hint->is_label && i < look; i++) {
        size_t score = 0;
        for (size_t k = 0; k < rows[i].n; k++)
            score += rows[i].texts[k][0] && hint->is_label(hint->user, rows[i].texts[k]);
        if (score > best_score) best = i, best_score = score;
    }
    sh->header_labels = best_score;
    if (look && hint && hint->is_label) {
        sh->looked_first = rows[0].line;
        sh->looked_last = rows[look - 1].line;
    }
    return best;
}

/* What a merged area means for a data cell it covers: the area's value
 * carried down into it (hidden NULL; refused: the error on the area's
 * top-left cell, or NULL), or content of its own, hidden under the merge,
 * that is not what Excel shows there (hidden). */
typedef struct merge_note {
    size_t row; /* index into the grid */
    unsigned long col;
    const merge_area *m;
    const char *shown, *hidden, *refused;
} merge_note;

static int cmp_merge_note(const void *a, const void *b)
{
    const merge_note *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* The kept cell at spreadsheet row 'line', column 'col' (above the header
 * too): its text ("" when there is none) and its error note (else NULL). */
static void kept_cell(const xr *r, unsigned long line, unsigned long col, const char **text,
                      const char **error)
{
    const row_rec *rows = r->rows.p;
    size_t lo = 0, hi = r->rows.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rows[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    *text = "";
    *error = NULL;
    if (lo == r->rows.n || rows[lo].line != line) return;
    const row_rec *row = &rows[lo];
    for (size_t k = 0; k < row->n; k++) {
        if (row->cols[k] != col) continue;
        *text = row->texts[k];
        if (row->notes && row->notes[k] && row->levels[k] == WS_NOTE_ERROR) *error = row->notes[k];
        return;
    }
}

/* The first data row (index >= 1) whose spreadsheet row is 'line' or later;
 * sh->nrows when there is none. */
static size_t first_data_row_from(const ws_sheet *sh, size_t line)
{
    size_t r = ws_sheet_first_row_from(sh, line);
    return r ? r : (sh->nrows ? 1 : 0);
}

/* Excel shows a merged area's top-left value over the whole area; the file
 * holds it in the top-left cell only, and sometimes (LibreOffice and WPS can
 * merge keeping what the other cells held) other content under it.
 *
 * A cell merged over several rows (推荐单位 for two candidates) would read
 * blank below its first row: the value is carried down the area's first
 * column into the data rows it covers (never from the header), and so is
 * the error of a value the reader refuses there. A covered
 * data cell holding something else than what Excel shows there cannot be
 * read either way: it is found, for an error. Fills *out (malloc'd, sorted
 * by row and column) and *n. */
/* Whether a and b are the same text but for spaces around it (the records
 * are read trimmed: 嘉善县 and 嘉善县␣ under one merge say the same). */
static bool same_trimmed(const char *a, const char *b)
{
    size_t al, bl;
    const char *ta = ws_utf8_trim(a, strlen(a), &al), *tb = ws_utf8_trim(b, strlen(b), &bl);
    return al == bl && !memcmp(ta, tb, al);
}

static ws_status read_merges(xr *r, ws_sheet *sh, merge_note **out, size_t *n)
{
    const merge_area *m = r->merges.p;
    vec v = {0};
    size_t steps = 0;
    for (size_t k = 0; k < r->merges.n && r->st == WS_OK; k++) {
        if (m[k].c1 >= sh->ncols) continue;
        const char *shown, *refused;
        kept_cell(r, m[k].r1, m[k].c1, &shown, &refused);
        bool carry = m[k].r1 > sh->line[0] && (shown[0] || refused);
        for (size_t i = first_data_row_from(sh, m[k].r1);
             i < sh->nrows && sh->line[i] <= m[k].r2 && r->st == WS_OK; i++) {
            for (unsigned long c = m[k].c1; c <= m[k].c2 && c < sh->ncols; c++) {
                if (++steps > MAX_GRID) {
                    stop_bad(r, "工作表「%s」的合并单元格互相重叠，文件异常", r->sheet_name);
                    break;
                }
                const char *held = sh->cells[i][c];
                if (sh->line[i] == m[k].r1 && c == m[k].c1) continue; /* the top-left itself */
                merge_note note = {i, c, &m[k], shown, NULL, NULL};
                if (held[0] && !same_trimmed(held, shown)) {
                    note.hidden = held;
                } else if (!held[0] && c == m[k].c1 && carry) {
                    sh->cells[i][c] = shown;
                    note.refused = refused;
                } else {
                    continue; /* what Excel shows there already */
                }
                merge_note *slot = vec_push(r, &v, sizeof *slot, MAX_GRID, "合并单元格");
                if (!slot) break;
                *slot = note;
            }
        }
    }
    if (r->st != WS_OK) {
        vec_free(&v);
        return r->st;
    }
    if (v.n) qsort(v.p, v.n, sizeof(merge_note), cmp_merge_note);
    *out = v.p;
    *n = v.n;
    return WS_OK;
}

static void note_merge(xr *r, const merge_note *c)
{
    char c1[8], c2[8];
    col_name(c->m->c1, c1);
    col_name(c->m->c2, c2);
    if (c->refused) {
        const char *msg = ws_arena_printf(
            r->arena, "该格属于合并单元格 %s%lu:%s%lu，合并格（第%lu行）的内容不能使用：%s", c1,
            c->m->r1, c2, c->m->r2, c->m->r1, c->refused);
        if (msg)
            add_note_str(r, c->row, (int)c->col, WS_NOTE_ERROR, msg);
        else
            stop_nomem(r);
        return;
    }
    if (!c->hidden) {
        add_note(r, c->row, (int)c->col, WS_NOTE_WARNING,
                 "该格属于合并单元格 %s%lu:%s%lu，按合并格（第%lu行）的内容读取", c1, c->m->r1, c2,
                 c->m->r2, c->m->r1);
        return;
    }
    int ls = (int)ws_utf8_clip(c->shown, 60), lh = (int)ws_utf8_clip(c->hidden, 60);
    add_note(r, c->row, (int)c->col, WS_NOTE_ERROR,
             "该格属于合并单元格 %s%lu:%s%lu，Excel 在这里显示合并格 %s%lu 的%s%.*s%s%s，"
             "但该格里还存着被合并盖住的「%.*s%s」（合并时保留了被盖住单元格的内容），"
             "无法确定应读作哪一个：请取消合并后逐行填写，或清除被合并盖住的内容",
             c1, c->m->r1, c2, c->m->r2, c1, c->m->r1, c->shown[0] ? "「" : "内容（空白", ls,
             c->shown, c->shown[ls] ? "…" : "", c->shown[0] ? "」" : "）", lh, c->hidden,
             c->hidden[lh] ? "…" : "");
}

/* Turns the kept rows, from the header row on, into the dense grid of
 * sheet.h, then adds the notes in row order. */
static ws_status build_grid(xr *r, ws_sheet *sh)
{
    const row_rec *rows = r->rows.p;
    size_t h = r->rows.n ? find_header(r, sh) : 0;
    size_t nrows = r->rows.n - h, ncols = nrows ? rows[h].width : 0;
    r->ncols = ncols;
    if (nrows * (ncols ? ncols : 1) > MAX_GRID)
        return stop(r, WS_ERR_INPUT,
                    "文件 %s 工作表「%s」太大（%zu行×%zu列以上），超出本程序的处理范围", r->path,
                    r->sheet_name, nrows, ncols);
    sh->nrows = nrows;
    sh->ncols = ncols;
    sh->cells = ws_arena_calloc(r->arena, nrows ? nrows : 1, sizeof *sh->cells);
    sh->row_ncols = ws_arena_calloc(r->arena, nrows ? nrows : 1, sizeof *sh->row_ncols);
    sh->line = ws_arena_calloc(r->arena, nrows ? nrows : 1, sizeof *sh->line);
    if (!sh->cells || !sh->row_ncols || !sh->line) return stop_nomem(r);
    for (size_t i = 0; i < nrows; i++) {
        const row_rec *row = &rows[h + i];
        const char **cells = ws_arena_alloc(r->arena, (ncols ? ncols : 1) * sizeof *cells);
        if (!cells) return stop_nomem(r);
        for (size_t c = 0; c < ncols; c++)
            cells[c] = "";
        for (size_t k = 0; k < row->n && row->cols[k] < ncols; k++)
            cells[row->cols[k]] = row->texts[k];
        sh->cells[i] = cells;
        sh->row_ncols[i] = row->width;
        sh->line[i] = row->line;
    }
    merge_note *merged = NULL;
    size_t nmerged = 0, next = 0;
    if (nrows && read_merges(r, sh, &merged, &nmerged) != WS_OK) return r->st;
    for (size_t i = 0; i < nrows && r->st == WS_OK; i++) {
        const row_rec *row = &rows[h + i];
        for (size_t k = 0; row->notes && k < row->n; k++)
            if (row->notes[k] && row->cols[k] < ncols)
                add_note_str(r, i, (int)row->cols[k], row->levels[k], row->notes[k]);
        if (row->width > ncols) note_beyond_header(r, i, row);
        if (row->hidden && i > 0)
            add_note(r, i, -1, WS_NOTE_WARNING,
                     "这一行在 Excel 中是隐藏的（或被筛选掉），仍按记录读取、生成：不要它就删除这一行");
        for (; next < nmerged && merged[next].row == i; next++)
            note_merge(r, &merged[next]);
    }
    free(merged);
    return r->st;
}

/* Reads one worksheet part into a new ws_sheet. */
static ws_status read_sheet(xr *r, const char *name, const char *part, bool chart, ws_sheet **out)
{
    ws_sheet *sh = ws_arena_calloc(r->arena, 1, sizeof *sh);
    if (!sh) return stop_nomem(r);
    sh->path = r->path;
    sh->name = name;
    sh->encoding = "XLSX";
    r->sheet = sh;
    r->note_tail = NULL;
    r->sheet_name = name;
    r->in_data = r->in_row = r->in_c = r->in_is = false;
    r->row_num = r->prev_row = 0;
    r->rows.n = r->cur.n = r->merges.n = r->arrays.n = 0;
    r->ncols = r->ncells = 0;
    if (!chart) {
        zip_int64_t idx = find_part(r, part);
        if (idx < 0) return stop_bad(r, "找不到工作表「%s」的数据（%s）", name, part);
        if (parse_part(r, idx, part, sheet_start, sheet_end) != WS_OK) return r->st;
    }
    if (build_grid(r, sh) != WS_OK) return r->st;
    r->sheet = NULL;
    *out = sh;
    return WS_OK;
}

static ws_status read_sheets(xr *r, const char *wb_dir, ws_book **out)
{
    ws_book *book = ws_arena_calloc(r->arena, 1, sizeof *book);
    const sheet_ref *refs = r->sheets.p;
    size_t n = r->sheets.n;
    if (!book || !(book->sheets = ws_arena_calloc(r->arena, n, sizeof *book->sheets)))
        return stop_nomem(r);
    bool any_rows = false;
    for (size_t i = 0; i < n; i++) {
        const rel *rl = rel_by_id(r, refs[i].rid);
        if (!rl) return stop_bad(r, "找不到工作表「%s」的数据（%s）", refs[i].name, refs[i].rid);
        const char *part = resolve_target(r, wb_dir, rl->target);
        if (r->st) return r->st;
        if (!part) return stop_bad(r, "工作表「%s」的位置「%.60s」无效", refs[i].name, rl->target);
        bool chart = ends_with(rl->type, "/chartsheet");
        if (read_sheet(r, refs[i].name, part, chart, &book->sheets[i]) != WS_OK) return r->st;
        book->sheets[i]->hidden = refs[i].hidden;
        if (book->sheets[i]->nrows) any_rows = true;
        book->nsheets++;
    }
    if (!any_rows)
        return stop(r, WS_ERR_INPUT, "%s：工作簿中的工作表都是空的，没有表头行", r->path);
    *out = book;
    return WS_OK;
}

/* --- opening the file ----------------------------------------------------- */

/* Before libzip sees the file: a clear word for an empty file, an old .xls,
 * a web page or a CSV saved under an .xlsx name. */
static ws_status check_signature(const char *path, ws_err *err)
{
    unsigned char head[512];
    FILE *f = ws_fopen_regular(path, err); /* a FIFO or a folder never hangs the read */
    if (!f) return WS_ERR_IO;
    size_t n = fread(head, 1, sizeof head, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) return ws_err_set(err, WS_ERR_IO, "读取 %s 失败", path);
    if (n == 0) return ws_err_set(err, WS_ERR_INPUT, "%s：文件是空的", path);
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) return WS_OK;
    if (n >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return ws_err_set(err, WS_ERR_INPUT,
                          "文件 %s 不是有效的 xlsx：它实际是旧版 .xls 文件或设置了打开密码的文件，"
                          "请在 Excel/WPS 中取消密码并另存为 .xlsx",
                          path);
    size_t i = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i < n && head[i] == '<')
        return ws_err_set(
            err, WS_ERR_INPUT,
            "文件 %s 不是有效的 xlsx：它实际是网页或 XML 文件，请在 Excel/WPS 中另存为 .xlsx",
            path);
    if (!memchr(head, 0, n))
        return ws_err_set(err, WS_ERR_INPUT,
                          "文件 %s 不是有效的 xlsx：它看起来是 CSV 或文本文件，"
                          "请把扩展名改为 .csv，或在 Excel/WPS 中另存为 .xlsx",
                          path);
    return ws_err_set(err, WS_ERR_INPUT, "文件 %s 不是有效的 xlsx：无法识别的文件格式", path);
}

static ws_status zip_open_error(const char *path, int code, ws_err *err)
{
    if (code == ZIP_ER_MEMORY) return ws_err_set(err, WS_ERR_NOMEM, "读取 %s 时内存不足", path);
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_SEEK)
        return ws_err_set(err, WS_ERR_IO, "无法读取 %s：%s", path, strerror(errno));
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF)
        return ws_err_set(err, WS_ERR_INPUT,
                          "文件 %s 不是有效的 xlsx：文件不完整或已损坏（找不到完整的压缩目录），"
                          "可能没有下载或复制完整，请重新获取文件",
                          path);
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    ws_status st =
        ws_err_set(err, WS_ERR_INPUT, "文件 %s 不是有效的 xlsx：%s", path, zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return st;
}

ws_status ws_xlsx_read(const char *path, ws_arena *arena, ws_book **out, ws_err *err)
{
    return ws_xlsx_read_hinted(path, NULL, arena, out, err);
}

ws_status ws_xlsx_read_hinted(const char *path, const ws_header_hint *hint, ws_arena *arena,
                              ws_book **out, ws_err *err)
{
    xr r = {.path = path, .hint = hint, .arena = arena, .err = err};
    const char *wb_dir = "xl/";
    ws_book *book = NULL;
    r.st = check_signature(path, err);
    if (r.st == WS_OK) r.st = ws_zip_open(err);
    if (r.st != WS_OK) goto done;
    int code = 0;
    r.zip = zip_open(path, ZIP_RDONLY, &code);
    if (!r.zip) {
        r.st = zip_open_error(path, code, err);
        goto done;
    }
    if (read_workbook(&r, &wb_dir) != WS_OK) goto done;
    if (read_styles(&r, wb_dir) != WS_OK) goto done;
    if (read_shared_strings(&r, wb_dir) != WS_OK) goto done;
    if (read_sheets(&r, wb_dir, &book) != WS_OK) goto done;
    *out = book;
done:
    if (r.zip) zip_discard(r.zip);
    vec_free(&r.rels);
    vec_free(&r.sheets);
    vec_free(&r.fmts);
    vec_free(&r.xfs);
    vec_free(&r.sst);
    vec_free(&r.cur);
    vec_free(&r.rows);
    vec_free(&r.merges);
    vec_free(&r.arrays);
    free(r.xf_kind);
    free(r.xf_look);
    ws_buf_free(&r.sbuf);
    ws_buf_free(&r.vbuf);
    ws_buf_free(&r.tbuf);
    return r.st;
}
