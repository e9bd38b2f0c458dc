/* input/csv.c - CSV files as Excel and WPS write them.
 *
 * libcsv does the RFC 4180 parsing. Around it this file does what a clerk's
 * file needs: it detects the encoding (a UTF-8 BOM, plain UTF-8, or GB18030
 * from a Chinese Excel/WPS "CSV (逗号分隔)"), converts to UTF-8 with iconv,
 * and keeps the row number Excel would show for every record (a quoted cell
 * with line breaks is still one spreadsheet row; a blank line is a row).
 *
 * The buffer is fed to libcsv one physical line at a time so that we know
 * where each record starts: when a quote is never closed, libcsv would
 * swallow the rest of the file into one cell; instead the broken row is
 * reported and parsing resumes on the line after it. */
#include "input/sheet.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"

/* The records are held in memory (about 4× the file: rules compare records,
 * unit documents list them): beyond 256 MB, refuse with a message rather
 * than push an office PC into swap. */
#define MAX_CSV_BYTES ((size_t)256 << 20)
#define TOO_BIG "%s：文件超过 256 MB，请分成几个文件分批处理（记录全部读入内存，约需文件大小的 4 倍）"

typedef struct row_acc {
    const char **cells;
    size_t n, cap;
} row_acc;

/* A cell that held NUL bytes (removed from its text). */
typedef struct nul_cell {
    size_t row, col;
    struct nul_cell *next;
} nul_cell;

/* A row whose quote never closed, and the one-cell lines after it taken as
 * its cell's text (swallowed_first..last, 0 when none). */
typedef struct broken_row {
    size_t excel_row;
    size_t swallowed_first, swallowed_last;
    struct broken_row *next;
} broken_row;

typedef struct parse_ctx {
    ws_arena *arena;
    broken_row *swallowing; /* read again after this broken row: its cell's lines are dropped */
    row_acc cur;
    nul_cell *cur_nuls; /* cells of the current record with NUL bytes (row not known yet) */
    nul_cell *nuls;     /* of finished rows, newest first */
    /* finished rows */
    const char ***rows;
    size_t *row_n;
    size_t *lines;
    size_t nrows, cap;
    size_t excel_row;    /* row number of the record being parsed (1-based) */
    bool bytes_in_row;   /* something of the current record has been fed */
    bool oom;
    bool all_utf8;       /* the whole text is valid UTF-8, so is every cell (the
                            separators are ASCII): no cell is checked again */
} parse_ctx;

static void on_field(void *data, size_t len, void *user)
{
    parse_ctx *c = user;
    if (c->cur.n == c->cur.cap) {
        size_t ncap = c->cur.cap ? c->cur.cap * 2 : 32;
        const char **grown = ws_arena_grow(c->arena, c->cur.cells, c->cur.n, ncap, sizeof *grown);
        if (!grown) {
            c->oom = true;
            return;
        }
        c->cur.cells = grown;
        c->cur.cap = ncap;
    }
    char *text = ws_arena_strndup(c->arena, data ? data : "", data ? len : 0);
    if (!text) c->oom = true;
    if (text && memchr(text, '\0', len)) { /* keep the rest, report the cell */
        size_t o = 0;
        for (size_t i = 0; i < len; i++)
            if (text[i]) text[o++] = text[i];
        text[o] = '\0';
        nul_cell *n = ws_arena_calloc(c->arena, 1, sizeof *n);
        if (!n) {
            c->oom = true;
        } else {
            n->col = c->cur.n;
            n->next = c->cur_nuls;
            c->cur_nuls = n;
        }
    }
    c->cur.cells[c->cur.n++] = text ? text : "";
}

static bool row_is_blank(const row_acc *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->cells[i][0]) return false;
    return true;
}

static void push_row(parse_ctx *c)
{
    if (c->nrows == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 64;
        const char ***rows = ws_arena_grow(c->arena, c->rows, c->nrows, ncap, sizeof *rows);
        size_t *row_n = ws_arena_grow(c->arena, c->row_n, c->nrows, ncap, sizeof *row_n);
        size_t *lines = ws_arena_grow(c->arena, c->lines, c->nrows, ncap, sizeof *lines);
        if (!rows || !row_n || !lines) {
            c->oom = true;
            return;
        }
        c->rows = rows;
        c->row_n = row_n;
        c->lines = lines;
        c->cap = ncap;
    }
    c->rows[c->nrows] = c->cur.cells;
    c->row_n[c->nrows] = c->cur.n;
    c->lines[c->nrows] = c->excel_row;
    c->nrows++;
}

static void on_row(int term, void *user)
{
    (void)term;
    parse_ctx *c = user;
    bool kept = !row_is_blank(&c->cur) || c->cur_nuls;
    if (kept && c->swallowing && c->nrows > 0 && c->cur.n * 2 < c->row_n[0]) {
        /* a line of the unclosed cell (a file cut short in it), not a record */
        broken_row *b = c->swallowing;
        if (!b->swallowed_first) b->swallowed_first = c->excel_row;
        b->swallowed_last = c->excel_row;
        kept = false;
    } else if (kept) {
        c->swallowing = NULL; /* a record again: what follows is read as it is */
    }
    if (kept) push_row(c);
    while (c->cur_nuls) {
        nul_cell *n = c->cur_nuls;
        c->cur_nuls = n->next;
        if (!kept || c->oom) continue;
        n->row = c->nrows - 1;
        n->next = c->nuls;
        c->nuls = n;
    }
    c->cur.cells = NULL;
    c->cur.n = c->cur.cap = 0;
    c->excel_row++;
    c->bytes_in_row = false;
}

/* --- encoding ----------------------------------------------------------- */

/* Share of non-ASCII bytes that belong to valid UTF-8 sequences. A UTF-8
 * file with a stray byte stays UTF-8 (and that row is reported), while a
 * GB18030 file almost never decodes as UTF-8. Exactly 1.0 when every byte
 * is. */
static double utf8_share(const char *s, size_t len)
{
    size_t high = 0, good = 0, i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n;
        int32_t cp = ws_utf8_decode(s + i, len - i, &n);
        high += n;
        if (cp >= 0) good += n;
        i += n;
    }
    return high ? (double)good / (double)high : 1.0;
}

static ws_status gb18030_to_utf8(const char *in, size_t len, const char *label, ws_buf *out,
                                 ws_err *err)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return ws_err_set(err, WS_ERR_IO, "%s：系统不支持 GB18030 转换", label);
    ws_status st = WS_OK;
    char *src = (char *)in;
    size_t left = len;
    while (left > 0) {
        if (!ws_buf_reserve(out, left * 2 + 16)) {
            st = ws_err_set(err, WS_ERR_NOMEM, "%s：内存不足", label);
            goto done;
        }
        char *dst = out->p + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->p);
        if (r == (size_t)-1 && errno != E2BIG) {
            st = ws_err_set(err, WS_ERR_INPUT,
                            "%s：既不是 UTF-8 也不是 GB18030 编码（第 %zu 字节无法识别），"
                            "请在 Excel/WPS 中另存为「CSV UTF-8」",
                            label, (size_t)(src - in) + 1);
            goto done;
        }
    }
    out->p[out->len] = '\0';
done:
    iconv_close(cd);
    return st;
}

/* NUL bytes all over the file (one byte in eight: an .xls, UTF-16, a picture)
 * make it no CSV at all;
 * a few, in a cell exported from another system, are that cell's problem. */
static bool looks_binary(const char *s, size_t len)
{
    size_t nul = 0;
    for (const char *p = s; (p = memchr(p, '\0', len - (size_t)(p - s))) != NULL; p++)
        nul++;
    return nul * 8 > len;
}

/* --- parsing ------------------------------------------------------------ */

static size_t line_end(const char *s, size_t len, size_t from)
{
    const char *nl = memchr(s + from, '\n', len - from);
    return nl ? (size_t)(nl - s) + 1 : len;
}

static bool is_blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

/* libcsv's parser states (csv.c): a quoted field still open at the end of
 * the input is FIELD_BEGUN with 'quoted' set. CSV_STRICT_FINI would report
 * it only in strict mode, which also rejects the stray quotes (王"五) that
 * Excel itself writes unquoted, so we look at the public state instead. */
enum { LIBCSV_FIELD_BEGUN = 2 };

static bool quote_still_open(const struct csv_parser *p)
{
    return p->pstate == LIBCSV_FIELD_BEGUN && p->quoted;
}

/* Parses UTF-8 text; records rows whose quote never closed in *broken. */
static ws_status parse_utf8(const char *s, size_t len, parse_ctx *c, broken_row **broken,
                            const char *label, ws_err *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return ws_err_set(err, WS_ERR_NOMEM, "%s：内存不足", label);
    size_t pos = 0;
    size_t record_start = 0; /* byte offset where the current record began */
    size_t record_row = c->excel_row;
    while (pos < len) {
        size_t end = line_end(s, len, pos);
        if (!c->bytes_in_row) {
            record_start = pos;
            record_row = c->excel_row;
            if (is_blank_line(s + pos, end - pos)) { /* an empty spreadsheet row */
                c->excel_row++;
                pos = end;
                continue;
            }
        }
        c->bytes_in_row = true;
        if (csv_parse(&p, s + pos, end - pos, on_field, on_row, c) != end - pos) {
            csv_free(&p);
            return ws_err_set(err, WS_ERR_NOMEM, "%s：%s", label, csv_strerror(csv_error(&p)));
        }
        pos = end;
        if (c->oom) break;
    }
    if (!c->oom && quote_still_open(&p)) {
        /* The record that began at record_start never closed its quote:
         * report it and parse again from the line after its first line. */
        broken_row *b = ws_arena_calloc(c->arena, 1, sizeof *b);
        if (b) {
            b->excel_row = record_row;
            b->next = *broken;
            *broken = b;
        }
        c->swallowing = b;
        c->cur.cells = NULL;
        c->cur.n = c->cur.cap = 0;
        c->cur_nuls = NULL;
        c->bytes_in_row = false;
        c->excel_row = record_row + 1;
        csv_free(&p);
        size_t next = line_end(s, len, record_start);
        return parse_utf8(s + next, len - next, c, broken, label, err);
    }
    if (!c->oom) csv_fini(&p, on_field, on_row, c);
    csv_free(&p);
    if (c->oom) return ws_err_set(err, WS_ERR_NOMEM, "%s：内存不足", label);
    return WS_OK;
}

/* --- cells Excel computes ------------------------------------------------ */

/* The text of an Excel text formula ="…" (the usual way to keep the leading
 * zeros of 007 or an ID number in a CSV; "" inside is one quote), as Excel
 * and WPS show it, or NULL when cell is not exactly that. */
static const char *excel_text(const char *cell, ws_arena *arena, bool *oom)
{
    size_t len = strlen(cell);
    if (len < 3 || cell[0] != '=' || cell[1] != '"' || cell[len - 1] != '"') return NULL;
    const char *body = cell + 2;
    size_t n = len - 3;
    for (size_t i = 0; i < n; i++) {
        if (body[i] != '"') continue;
        if (i + 1 < n && body[i + 1] == '"') i++;
        else return NULL; /* a lone quote: ="1"&"2" is a formula, not a text */
    }
    char *text = ws_arena_strndup(arena, body, n);
    if (!text) {
        *oom = true;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        text[o++] = body[i];
        if (body[i] == '"') i++;
    }
    text[o] = '\0';
    return text;
}

/* Excel and WPS open a CSV cell that starts with "=" as a formula and show
 * its result; wenshu computes no formula, so reading the cell's letters would
 * print something other than what the clerk saw. ="…" is read as the text
 * Excel shows; any other cell with something after its "=" is refused on
 * that cell (the record is not used and its value never printed). A lone
 * "=" stays text, as in Excel. The header row is unwrapped, never refused:
 * a column it does not name is reported as unknown anyway. */
static ws_status excel_cells(ws_sheet *sh, ws_arena *arena, ws_err *err)
{
    for (size_t r = 0; r < sh->nrows; r++) {
        for (size_t col = 0; col < sh->row_ncols[r] && col < sh->ncols; col++) {
            const char *cell = sh->cells[r][col];
            if (cell[0] != '=') continue;
            bool oom = false;
            const char *text = excel_text(cell, arena, &oom);
            if (oom) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
            if (text) {
                sh->cells[r][col] = text;
                continue;
            }
            size_t tail;
            ws_utf8_trim(cell + 1, strlen(cell + 1), &tail);
            if (r == 0 || tail == 0) continue;
            size_t shown = ws_utf8_clip(cell, 60);
            ws_sheet_note(sh, arena, r, (int)col, WS_NOTE_ERROR,
                          "是公式「%.*s%s」：Excel/WPS 打开 CSV 时把以“=”开头的单元格当作公式，"
                          "显示的是计算结果，而 wenshu 不计算公式，这一格不能使用。请直接填写值本身，"
                          "不要以“=”开头（要保留开头的 0，可写成 =\"007\"）",
                          (int)shown, cell, cell[shown] ? "…" : "");
        }
    }
    return WS_OK;
}

/* Whether cell holds an ASCII "?" beside a character that is not ASCII
 * (王?): in a CSV saved in GBK that is a character GBK lacks (䶮, 𠀾),
 * which Excel and WPS replace with "?" when they save. */
static bool lost_character(const char *cell)
{
    for (const char *q = strchr(cell, '?'); q; q = strchr(q + 1, '?'))
        if ((q > cell && (unsigned char)q[-1] >= 0x80) || (unsigned char)q[1] >= 0x80) return true;
    return false;
}

/* A GB18030 file: each data cell with a lost character is that cell's error. */
static void note_lost_characters(ws_sheet *sh, ws_arena *arena)
{
    for (size_t r = 1; r < sh->nrows; r++)
        for (size_t col = 0; col < sh->row_ncols[r] && col < sh->ncols; col++)
            if (lost_character(sh->cells[r][col]))
                ws_sheet_note(sh, arena, r, (int)col, WS_NOTE_ERROR,
                              "含有“?”：这个 CSV 是 GBK/GB18030 编码，Excel/WPS 保存时会把 GBK 里"
                              "没有的生僻字（如䶮、𠀾）写成“?”，原来的字已经丢失。请把表格另存为"
                              "「CSV UTF-8」后重新生成；若“?”本来就要印出，请改用全角“？”");
}

static ws_status build_sheet(parse_ctx *c, const char *label, const char *encoding,
                             broken_row *broken, ws_arena *arena, ws_sheet **out, ws_err *err)
{
    if (c->nrows == 0) return ws_err_set(err, WS_ERR_INPUT, "%s：文件是空的，没有表头行", label);
    ws_sheet *sh = ws_arena_calloc(arena, 1, sizeof *sh);
    if (!sh) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    sh->path = ws_arena_strdup(arena, label);
    sh->encoding = encoding;
    sh->nrows = c->nrows;
    sh->ncols = c->row_n[0];
    sh->cells = c->rows;
    sh->row_ncols = c->row_n;
    sh->line = c->lines;
    /* pad short rows so cells[r][col] is valid for every col < ncols */
    for (size_t r = 0; r < sh->nrows; r++) {
        if (sh->row_ncols[r] >= sh->ncols) continue;
        const char **padded = ws_arena_calloc(arena, sh->ncols, sizeof *padded);
        if (!padded) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        for (size_t col = 0; col < sh->ncols; col++)
            padded[col] = col < sh->row_ncols[r] ? sh->cells[r][col] : "";
        sh->cells[r] = padded;
    }
    WS_TRY(excel_cells(sh, arena, err));
    if (!strcmp(encoding, "GB18030")) note_lost_characters(sh, arena);
    for (size_t r = 0; r < sh->nrows && !c->all_utf8; r++) {
        for (size_t col = 0; col < sh->row_ncols[r] && col < sh->ncols; col++) {
            const char *cell = sh->cells[r][col];
            size_t bad = ws_utf8_invalid_at(cell, strlen(cell));
            if (bad != (size_t)-1)
                ws_sheet_note(sh, arena, r, (int)col, WS_NOTE_ERROR,
                              "含有无效的 UTF-8 字节（该格第 %zu 个字符处）",
                              ws_utf8_count(cell, bad) + 1);
        }
    }
    for (nul_cell *n = c->nuls; n; n = n->next) /* newest first; notes keep row order */
        ws_sheet_note(sh, arena, n->row, n->col < sh->ncols ? (int)n->col : -1, WS_NOTE_ERROR,
                      "含有 NUL 字节（空字符，常见于从其他系统导出的数据），该格无法可靠读取："
                      "请删除该格内容后重新输入");
    for (broken_row *b = broken; b; b = b->next) {
        /* attach to the header row index 0 with the real row number in the text */
        char range[64] = "", after[256] = "";
        if (b->swallowed_last > b->swallowed_first)
            snprintf(range, sizeof range, "第%zu至%zu行都", b->swallowed_first, b->swallowed_last);
        else if (b->swallowed_first)
            snprintf(range, sizeof range, "第%zu行", b->swallowed_first);
        if (range[0])
            snprintf(after, sizeof after,
                     "；其后%s只有一格，看来是那一格的后续文字，也未读取（文件可能不完整）", range);
        ws_sheet_note(sh, arena, 0, -1, WS_NOTE_ERROR,
                      "第%zu行：引号没有闭合，这一行无法读取（请检查该行单元格中的英文双引号）%s",
                      b->excel_row, after);
    }
    *out = sh;
    return WS_OK;
}

ws_status ws_csv_parse(const char *data, size_t len, const char *label, ws_arena *arena,
                       ws_sheet **out, ws_err *err)
{
    const char *encoding = "UTF-8";
    ws_buf converted = WS_BUF_INIT;
    ws_status st = WS_OK;
    double share = 1.0;
    if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE) &&
        ((unsigned char)data[1] ^ (unsigned char)data[0]) == 0x01) {
        st = ws_err_set(err, WS_ERR_INPUT,
                        "%s：文件是 UTF-16 编码（Unicode 文本），请在 Excel/WPS 中另存为「CSV UTF-8」",
                        label);
        goto done;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
        encoding = "UTF-8 (BOM)";
        share = utf8_share(data, len);
        if (share < 0.9) { /* a BOM pasted onto GB18030 text */
            st = ws_err_set(err, WS_ERR_INPUT,
                            "%s：文件开头标明是 UTF-8（有 BOM），后面的内容却不是 UTF-8"
                            "（像是 GB18030/GBK 编码的中文）：编码混杂，无法可靠读取。"
                            "请在 Excel/WPS 中打开并另存为「CSV UTF-8」",
                            label);
            goto done;
        }
    } else if ((share = utf8_share(data, len)) < 0.9) {
        share = 0; /* converted: each cell is checked */
        st = gb18030_to_utf8(data, len, label, &converted, err);
        if (st != WS_OK) goto done;
        data = converted.p;
        len = converted.len;
        encoding = "GB18030";
    }
    if (looks_binary(data, len)) {
        st = ws_err_set(err, WS_ERR_INPUT, "%s：含有 NUL 字节，不是文本 CSV 文件（是 Excel 文件吗？）",
                        label);
        goto done;
    }
    parse_ctx c = {.arena = arena, .excel_row = 1, .all_utf8 = share == 1.0};
    broken_row *broken = NULL;
    st = parse_utf8(data, len, &c, &broken, label, err);
    if (st == WS_OK) st = build_sheet(&c, label, encoding, broken, arena, out, err);
done:
    ws_buf_free(&converted);
    return st;
}

/* An OpenDocument spreadsheet (LibreOffice's own format, WPS can write it):
 * by its name (.ods, a template .ots, flat XML .fods), or by the first entry
 * of its ZIP, which OpenDocument makes a stored "mimetype" file holding
 * application/vnd.oasis.opendocument.*, so it is read from the local file
 * header without unpacking anything. */
static bool is_opendocument(const char *path, const char *b, size_t len)
{
    static const char *const suffixes[] = {".ods", ".ots", ".fods"};
    size_t lp = strlen(path);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t ls = strlen(suffixes[i]);
        if (lp >= ls && strcasecmp(path + lp - ls, suffixes[i]) == 0) return true;
    }
    static const char type[] = "application/vnd.oasis.opendocument.";
    if (len < 30 || memcmp(b, "PK\x03\x04", 4) != 0) return false;
    size_t name_len = (unsigned char)b[26] | (size_t)(unsigned char)b[27] << 8;
    size_t extra_len = (unsigned char)b[28] | (size_t)(unsigned char)b[29] << 8;
    size_t data = 30 + name_len + extra_len;
    return name_len == 8 && memcmp(b + 30, "mimetype", 8) == 0 && b[8] == 0 && b[9] == 0 &&
           data + sizeof type - 1 <= len && memcmp(b + data, type, sizeof type - 1) == 0;
}

ws_status ws_csv_read(const char *path, ws_arena *arena, ws_sheet **out, ws_err *err)
{
    FILE *f = ws_fopen_regular(path, err); /* a FIFO or a folder never hangs the read */
    if (!f) return WS_ERR_IO;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && (size_t)sb.st_size > MAX_CSV_BYTES) { /* before reading any */
        fclose(f);
        return ws_err_set(err, WS_ERR_INPUT, TOO_BIG, path);
    }
    char *text = NULL;
    size_t len = 0;
    ws_status st = ws_read_stream(f, path, MAX_CSV_BYTES, &text, &len, err);
    if (st != WS_OK) goto done;
    if (len > MAX_CSV_BYTES) {
        st = ws_err_set(err, WS_ERR_INPUT, TOO_BIG, path); /* a pipe, or a file still growing */
        goto done;
    }
    if (is_opendocument(path, text, len)) {
        st = ws_err_set(err, WS_ERR_INPUT, "%s：" WS_MSG_OPENDOCUMENT, path);
        goto done;
    }
    if (len >= 4 && memcmp(text, "PK\x03\x04", 4) == 0) {
        st = ws_err_set(err, WS_ERR_INPUT, "%s：这是一个 xlsx 文件，请把扩展名改为 .xlsx", path);
        goto done;
    }
    st = ws_csv_parse(text, len, path, arena, out, err);
done:
    fclose(f);
    free(text);
    return st;
}
