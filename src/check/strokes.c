/* check/strokes.c - see strokes.h.
 *
 * The two Debian files are large (Unihan: 11.7 MB once decompressed, of
 * which only the 98,000 kTotalStrokes lines matter; rime: 2.3 MB), but a
 * publicity list needs two small facts per character. So loading streams
 * the bzip2 text through a fixed buffer, keeps a sorted array of
 * {code point, count, sequence offset} plus one pool of sequence letters,
 * and throws the rest away; lookups are binary searches. Unihan lists code
 * points in ascending order, so the array is built sorted (and sorted
 * once if a future file is not).
 *
 * The rime file holds two tables one after the other: sequences from
 * Taiwan's CNS 11643 for Taiwan glyphs, then (after the comment "以下詞條
 * 繼承自原碼表…用以兼容大陸規範字形") the older table's lines for mainland
 * glyphs, kept only where they differ. The Taiwan lines count 阝 as three
 * strokes (陈 zzshzzpn), classify 提 as 点 (江 nnnhsh) and 竖钩 as 折 (丁
 * hz), and follow Taiwan stroke order (万 hpz); the mainland norm
 * (现代汉语通用字笔顺规范, 1997) puts 提 under 横 and 竖钩 under 竖: 陈
 * zshzspn, 江 nnhhsh, 丁 hs, 万 hzp. So of a character's lines the LAST one
 * whose length equals the mainland kTotalStrokes wins (the mainland line
 * when there is one); when none has that length, the last line is kept. */
#include "check/strokes.h"

#include <bzlib.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "base/fs.h"
#include "base/utf8.h"

#define OUT_CHUNK (1u << 20) /* decompression buffer */

typedef struct entry {
    uint32_t cp;
    uint32_t seq;    /* offset + 1 into pool, 0 = no sequence */
    uint16_t count;  /* mainland kTotalStrokes */
    uint8_t matched; /* seq has exactly 'count' strokes */
} entry;

struct ws_strokes {
    entry *e;
    size_t n, cap;
    char *pool; /* NUL-terminated sequences */
    size_t pool_len, pool_cap;
    size_t skipped_lines;
    bool sorted, nomem, from_cache;
};

void ws_strokes_destroy(ws_strokes *s)
{
    if (!s) return;
    free(s->e);
    free(s->pool);
    free(s);
}

/* ---- reading files ---- */

/* Reads the whole file into a malloc'ed buffer (*data, *size). 'what' and
 * 'package' go into the message when the file cannot be opened. */
static ws_status read_file(const char *path, const char *what, const char *package, char **data,
                           size_t *size, ws_err *err)
{
    *data = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ws_err_set(err, WS_ERR_IO,
                          "无法打开%s文件 %s（%s）：请安装 Debian 软件包 %s / cannot open %s: "
                          "install the Debian package %s (apt-get install %s)",
                          what, path, strerror(errno), package, path, package, package);
    ws_status st = WS_OK;
    long len = -1;
    if (fseek(f, 0, SEEK_END) == 0) len = ftell(f);
    if (len < 0 || fseek(f, 0, SEEK_SET) != 0) {
        st = ws_err_set(err, WS_ERR_IO, "无法读取%s文件 %s", what, path);
        goto done;
    }
    *data = malloc((size_t)len + 1);
    if (!*data) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    *size = fread(*data, 1, (size_t)len, f);
    (*data)[*size] = '\0';
    if (*size != (size_t)len) st = ws_err_set(err, WS_ERR_IO, "读取%s文件 %s 出错", what, path);
done:
    fclose(f);
    if (st != WS_OK) {
        free(*data);
        *data = NULL;
    }
    return st;
}

/* ---- the table ---- */

static void push_entry(ws_strokes *s, uint32_t cp, int count)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 65536;
        entry *p = realloc(s->e, cap * sizeof *p);
        if (!p) {
            s->nomem = true;
            return;
        }
        s->e = p;
        s->cap = cap;
    }
    if (s->n > 0 && s->e[s->n - 1].cp >= cp) s->sorted = false;
    s->e[s->n++] = (entry){cp, 0, (uint16_t)count, 0};
}

/* Copies a sequence into the pool; returns its offset + 1, or 0 when out of
 * memory. */
static uint32_t pool_add(ws_strokes *s, const char *seq, size_t len)
{
    if (s->pool_len + len + 1 > s->pool_cap) {
        size_t cap = s->pool_cap ? s->pool_cap * 2 : (1u << 20);
        while (cap < s->pool_len + len + 1)
            cap *= 2;
        char *p = cap <= UINT32_MAX ? realloc(s->pool, cap) : NULL;
        if (!p) {
            s->nomem = true;
            return 0;
        }
        s->pool = p;
        s->pool_cap = cap;
    }
    memcpy(s->pool + s->pool_len, seq, len);
    s->pool[s->pool_len + len] = '\0';
    uint32_t off = (uint32_t)s->pool_len + 1;
    s->pool_len += len + 1;
    return off;
}

static const entry *find(const ws_strokes *s, uint32_t cp)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->e[mid].cp == cp) return &s->e[mid];
        if (s->e[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

/* ---- Unihan ---- */

/* "U+4E01<TAB>kTotalStrokes<TAB>2" or "...<TAB>8 9": records the first count. */
static void unihan_line(ws_strokes *s, const char *p, size_t len)
{
    static const char key[] = "\tkTotalStrokes\t";
    const size_t klen = sizeof key - 1;
    if (len < 8 || p[0] != 'U' || p[1] != '+') return;
    size_t i = 2;
    uint32_t cp = 0;
    for (; i < len && i < 9; i++) {
        int c = (unsigned char)p[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) break;
        cp = cp * 16 + (uint32_t)v;
    }
    if (i + klen >= len || memcmp(p + i, key, klen) != 0) return;
    int count = 0;
    for (i += klen; i < len && p[i] >= '0' && p[i] <= '9' && count < 1000; i++)
        count = count * 10 + (p[i] - '0');
    if (count > 0 && count < 1000) push_entry(s, cp, count);
}

/* Hands every complete line of buf (len bytes) to unihan_line, moves the
 * unfinished last line to the front and returns its length. */
static size_t unihan_lines(ws_strokes *s, char *buf, size_t len)
{
    size_t pos = 0;
    for (;;) {
        char *nl = memchr(buf + pos, '\n', len - pos);
        if (!nl) break;
        size_t end = (size_t)(nl - buf);
        unihan_line(s, buf + pos, end - pos);
        pos = end + 1;
    }
    size_t rest = len - pos;
    if (rest == OUT_CHUNK) return 0; /* a line longer than the buffer: drop it */
    memmove(buf, buf + pos, rest);
    return rest;
}

/* Restarts the decoder on what follows a finished bzip2 stream (files made
 * by concatenating streams, as pbzip2 does). */
static int next_stream(bz_stream *z)
{
    char *in = z->next_in;
    unsigned avail = z->avail_in;
    BZ2_bzDecompressEnd(z);
    memset(z, 0, sizeof *z);
    int rc = BZ2_bzDecompressInit(z, 0, 0);
    z->next_in = in;
    z->avail_in = avail;
    return rc;
}

/* Decompresses data (size bytes of bzip2) line by line into s. */
static ws_status unihan_inflate(ws_strokes *s, char *data, size_t size, char *out, const char *path,
                                ws_err *err)
{
    bz_stream z;
    memset(&z, 0, sizeof z);
    if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    z.next_in = data;
    z.avail_in = (unsigned)size;
    size_t keep = 0;
    int rc;
    for (;;) {
        z.next_out = out + keep;
        z.avail_out = (unsigned)(OUT_CHUNK - keep);
        rc = BZ2_bzDecompress(&z);
        size_t have = OUT_CHUNK - z.avail_out;
        bool progress = have > keep;
        keep = unihan_lines(s, out, have);
        if (rc == BZ_STREAM_END && z.avail_in > 0)
            rc = next_stream(&z);
        else if (rc == BZ_STREAM_END)
            break;
        if (rc != BZ_OK || (!progress && z.avail_in == 0)) break;
    }
    BZ2_bzDecompressEnd(&z);
    unihan_line(s, out, keep);
    if (rc == BZ_STREAM_END) return WS_OK;
    if (rc == BZ_MEM_ERROR) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (rc == BZ_DATA_ERROR_MAGIC)
        return ws_err_set(err, WS_ERR_INPUT, "%s 不是 bzip2 文件 / not a bzip2 file", path);
    return ws_err_set(err, WS_ERR_INPUT, "%s 已损坏或不完整（libbz2 错误 %d）/ corrupt bzip2 file",
                      path, rc == BZ_OK ? BZ_UNEXPECTED_EOF : rc);
}

static ws_status load_unihan(ws_strokes *s, const char *path, ws_err *err)
{
    char *data = NULL, *out = NULL;
    size_t size = 0;
    ws_status st =
        read_file(path, "笔画数（Unihan kTotalStrokes）", "unicode-data", &data, &size, err);
    if (st != WS_OK) goto done;
    if (size > UINT32_MAX) {
        st = ws_err_set(err, WS_ERR_INPUT, "%s 太大", path);
        goto done;
    }
    out = malloc(OUT_CHUNK);
    if (!out) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    st = unihan_inflate(s, data, size, out, path, err);
    if (st == WS_OK && s->nomem) st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (st == WS_OK && s->n == 0)
        st = ws_err_set(err, WS_ERR_INPUT, "%s 中没有 kTotalStrokes 笔画数", path);
    if (st == WS_OK && !s->sorted) qsort(s->e, s->n, sizeof *s->e, entry_cmp);
done:
    free(out);
    free(data);
    return st;
}

/* ---- rime stroke.dict.yaml ---- */

static bool is_stroke_letters(const char *p, size_t len)
{
    if (len == 0) return false;
    for (size_t i = 0; i < len; i++)
        if (!strchr("hspnz", p[i]) || p[i] == '\0') return false;
    return true;
}

/* "字<TAB>sequence[<TAB>weight]": offers the sequence to the character. */
static void rime_line(ws_strokes *s, const char *p, size_t len)
{
    size_t n;
    int32_t cp = ws_utf8_decode(p, len, &n);
    if (cp < 0 || n >= len || p[n] != '\t') return; /* comment, blank, or a phrase */
    const char *seq = p + n + 1;
    size_t slen = 0;
    while (seq + slen < p + len && seq[slen] != '\t' && seq[slen] != '\r')
        slen++;
    if (!is_stroke_letters(seq, slen)) {
        s->skipped_lines++;
        return;
    }
    entry *e = (entry *)find(s, (uint32_t)cp);
    if (!e) return;
    if (slen == e->count) { /* a later matching line wins: the mainland one */
        e->seq = pool_add(s, seq, slen);
        e->matched = 1;
    } else if (!e->matched) {
        e->seq = pool_add(s, seq, slen);
    }
}

/* The entries start after the YAML header's "..." line. */
static const char *rime_body(const char *text)
{
    const char *p = strstr(text, "\n...");
    if (!p) return text;
    p = strchr(p + 1, '\n');
    return p ? p + 1 : text;
}

static ws_status load_rime(ws_strokes *s, const char *path, ws_err *err)
{
    char *data = NULL;
    size_t size = 0;
    WS_TRY(read_file(path, "笔顺（rime stroke）", "rime-data-stroke", &data, &size, err));
    const char *end = data + size;
    for (const char *p = rime_body(data); p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        rime_line(s, p, (size_t)(line_end - p));
        p = line_end + 1;
    }
    free(data);
    if (s->nomem) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

/* ---- the cache (strokes.h) ----
 * strokes.bin: a header of little-endian 64-bit words
 *   magic, then per source file (Unihan, rime) device, inode, size,
 *   modification seconds and nanoseconds, then n, pool_len, skipped_lines,
 *   and the CRC-32 of everything after the header,
 * then n entries of 12 bytes (cp, seq, count, matched, 0 as little-endian
 * fields) and the pool. Written field by field, never as structs, so no
 * padding byte reaches the file and the format does not follow the
 * compiler. */

#define CACHE_MAGIC 0x316b727473737775ull /* "uwsstrk1" */
#define CACHE_SOURCE_WORDS 5
#define CACHE_HEAD_WORDS (1 + 2 * CACHE_SOURCE_WORDS + 4)
#define CACHE_ENTRY_BYTES 12

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* The words that say which file the table came from; false when it
 * cannot be stat'ed (then there is no cache to trust). */
static bool source_key(const char *path, uint64_t key[CACHE_SOURCE_WORDS])
{
    struct stat st;
    if (stat(path, &st) != 0) return false;
    key[0] = (uint64_t)st.st_dev;
    key[1] = (uint64_t)st.st_ino;
    key[2] = (uint64_t)st.st_size;
    key[3] = (uint64_t)st.st_mtim.tv_sec;
    key[4] = (uint64_t)st.st_mtim.tv_nsec;
    return true;
}

static bool cache_key(const char *unihan, const char *rime, uint64_t key[2 * CACHE_SOURCE_WORDS])
{
    return source_key(unihan, key) && source_key(rime, key + CACHE_SOURCE_WORDS);
}

/* Takes the table from the cache file's bytes when they are whole, match
 * key and pass the CRC; false (s untouched) otherwise. */
static bool cache_take(ws_strokes *s, const unsigned char *d, size_t len,
                       const uint64_t key[2 * CACHE_SOURCE_WORDS])
{
    const size_t head = CACHE_HEAD_WORDS * 8;
    if (len < head || get_le(d, 8) != CACHE_MAGIC) return false;
    for (int i = 0; i < 2 * CACHE_SOURCE_WORDS; i++)
        if (get_le(d + 8 * (1 + i), 8) != key[i]) return false;
    const unsigned char *w = d + 8 * (1 + 2 * CACHE_SOURCE_WORDS);
    uint64_t n = get_le(w, 8), pool_len = get_le(w + 8, 8), skipped = get_le(w + 16, 8);
    uint64_t crc = get_le(w + 24, 8);
    if (n == 0 || n > (len - head) / CACHE_ENTRY_BYTES || pool_len > UINT32_MAX ||
        len - head != n * CACHE_ENTRY_BYTES + pool_len)
        return false;
    if (crc != crc32(crc32(0, NULL, 0), d + head, (uInt)(len - head))) return false;
    entry *e = malloc((size_t)n * sizeof *e);
    char *pool = malloc(pool_len ? (size_t)pool_len : 1);
    if (!e || !pool) {
        free(e);
        free(pool);
        return false;
    }
    const unsigned char *p = d + head;
    for (size_t i = 0; i < n; i++, p += CACHE_ENTRY_BYTES)
        e[i] = (entry){(uint32_t)get_le(p, 4), (uint32_t)get_le(p + 4, 4), (uint16_t)get_le(p + 8, 2),
                       p[10]};
    memcpy(pool, p, (size_t)pool_len);
    free(s->e);
    free(s->pool);
    *s = (ws_strokes){.e = e, .n = n, .cap = n, .pool = pool, .pool_len = pool_len,
                      .pool_cap = pool_len, .skipped_lines = skipped, .sorted = true,
                      .from_cache = true};
    return true;
}

static bool cache_read(ws_strokes *s, const char *path, const uint64_t key[2 * CACHE_SOURCE_WORDS])
{
    char *data = NULL;
    size_t len = 0;
    ws_err ignored = {WS_OK, ""};
    if (ws_read_file(path, &data, &len, &ignored) != WS_OK) return false;
    bool ok = cache_take(s, (const unsigned char *)data, len, key);
    free(data);
    return ok;
}

/* Writes s to path (atomically); any failure only leaves no cache. */
static void cache_write(const ws_strokes *s, const char *dir, const char *path,
                        const uint64_t key[2 * CACHE_SOURCE_WORDS])
{
    const size_t head = CACHE_HEAD_WORDS * 8, body = s->n * CACHE_ENTRY_BYTES + s->pool_len;
    if (body > UINT_MAX) return; /* crc32 takes an unsigned length */
    unsigned char *d = malloc(head + body);
    ws_err ignored = {WS_OK, ""};
    if (!d || ws_mkdirs(dir, &ignored) != WS_OK) {
        free(d);
        return;
    }
    ws_remove_stale_tmp(dir, 0); /* a killed run's half-written table */
    unsigned char *p = d + head;
    for (size_t i = 0; i < s->n; i++, p += CACHE_ENTRY_BYTES) {
        put_le(p, s->e[i].cp, 4);
        put_le(p + 4, s->e[i].seq, 4);
        put_le(p + 8, s->e[i].count, 2);
        p[10] = s->e[i].matched;
        p[11] = 0;
    }
    if (s->pool_len) memcpy(p, s->pool, s->pool_len);
    const uint64_t words[CACHE_HEAD_WORDS] = {
        CACHE_MAGIC, key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7], key[8], key[9],
        s->n, s->pool_len, s->skipped_lines, crc32(crc32(0, NULL, 0), d + head, (uInt)body)};
    for (int i = 0; i < CACHE_HEAD_WORDS; i++)
        put_le(d + 8 * i, words[i], 8);
    (void)ws_write_file_atomic(path, d, head + body, &ignored);
    free(d);
}

static ws_status load_files(ws_strokes *s, const char *unihan, const char *rime, ws_err *err)
{
    WS_TRY(load_unihan(s, unihan, err));
    return load_rime(s, rime, err);
}

ws_status ws_strokes_load(const char *unihan_bz2, const char *rime_dict, const char *cache_dir,
                          ws_strokes **out, ws_err *err)
{
    *out = NULL;
    const char *unihan = unihan_bz2 ? unihan_bz2 : WS_STROKES_UNIHAN_PATH;
    const char *rime = rime_dict ? rime_dict : WS_STROKES_RIME_PATH;
    ws_strokes *s = calloc(1, sizeof *s);
    if (!s) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    s->sorted = true;
    char path[PATH_MAX];
    uint64_t key[2 * CACHE_SOURCE_WORDS];
    bool cacheable = cache_dir && cache_key(unihan, rime, key);
    if (cacheable) ws_path_join(cache_dir, "strokes.bin", path, sizeof path);
    if (cacheable && cache_read(s, path, key)) {
        *out = s;
        return WS_OK;
    }
    ws_status st = load_files(s, unihan, rime, err);
    if (st != WS_OK) {
        ws_strokes_destroy(s);
        return st;
    }
    if (cacheable) cache_write(s, cache_dir, path, key);
    *out = s;
    return WS_OK;
}

/* ---- lookups ---- */

int ws_strokes_count(const ws_strokes *s, uint32_t cp)
{
    const entry *e = find(s, cp);
    return e ? e->count : -1;
}

static const char *entry_seq(const ws_strokes *s, const entry *e)
{
    return e && e->seq ? s->pool + e->seq - 1 : NULL;
}

const char *ws_strokes_sequence(const ws_strokes *s, uint32_t cp)
{
    return entry_seq(s, find(s, cp));
}

void ws_strokes_describe(const ws_strokes *s, ws_strokes_info *out)
{
    *out = (ws_strokes_info){s->n, 0, 0, s->skipped_lines, s->from_cache};
    for (size_t i = 0; i < s->n; i++) {
        if (!s->e[i].seq) continue;
        out->with_sequence++;
        if (!s->e[i].matched) out->length_mismatch++;
    }
}

/* ---- order ---- */

/* 横 竖 撇 点 折 -> 0..4 */
static int stroke_rank(char c)
{
    switch (c) {
    case 'h': return 0;
    case 's': return 1;
    case 'p': return 2;
    case 'n': return 3;
    default: return 4;
    }
}

/* Stroke by stroke; a sequence that is a prefix of the other comes first;
 * no sequence (NULL) comes after any sequence. */
static int seq_cmp(const char *a, const char *b)
{
    if (!a || !b) return (a == NULL) - (b == NULL);
    for (; *a && *b; a++, b++) {
        int d = stroke_rank(*a) - stroke_rank(*b);
        if (d) return d < 0 ? -1 : 1;
    }
    return (*a != '\0') - (*b != '\0');
}

static int char_cmp(const ws_strokes *s, uint32_t a, uint32_t b)
{
    if (a == b) return 0;
    const entry *ea = find(s, a), *eb = find(s, b);
    if (ea && eb) {
        if (ea->count != eb->count) return ea->count < eb->count ? -1 : 1;
        int c = seq_cmp(entry_seq(s, ea), entry_seq(s, eb));
        if (c) return c;
    } else if (ea || eb) {
        return ea ? -1 : 1;
    }
    return a < b ? -1 : 1;
}

/* The next character of name at *i that takes part in the order (not
 * whitespace), or -1 at the end. An invalid byte stands for 0x110000 + its
 * value, after every real code point. */
static int64_t next_char(const char *name, size_t len, size_t *i)
{
    while (*i < len) {
        size_t n;
        int32_t cp = ws_utf8_decode(name + *i, len - *i, &n);
        int64_t c = cp >= 0 ? cp : 0x110000 + (unsigned char)name[*i];
        *i += n;
        if (cp < 0 || !ws_is_space((uint32_t)cp)) return c;
    }
    return -1;
}

int ws_strokes_compare(const ws_strokes *s, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), ia = 0, ib = 0;
    for (;;) {
        int64_t ca = next_char(a, la, &ia), cb = next_char(b, lb, &ib);
        if (ca < 0 || cb < 0) {
            if (ca >= 0 || cb >= 0) return ca < 0 ? -1 : 1;
            break;
        }
        int c = char_cmp(s, (uint32_t)ca, (uint32_t)cb);
        if (c) return c;
    }
    int c = strcmp(a, b);
    return (c > 0) - (c < 0);
}

/* ---- stable sort ---- */

typedef struct sort_ctx {
    const ws_strokes *s;
    const char **names; /* per element */
} sort_ctx;

/* Merges idx[lo, mid) and idx[mid, hi) through tmp, left first on ties. */
static void merge(const sort_ctx *ctx, size_t *idx, size_t *tmp, size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        bool right = ws_strokes_compare(ctx->s, ctx->names[idx[j]], ctx->names[idx[i]]) < 0;
        tmp[k++] = right ? idx[j++] : idx[i++];
    }
    while (i < mid)
        tmp[k++] = idx[i++];
    while (j < hi)
        tmp[k++] = idx[j++];
    memcpy(idx + lo, tmp + lo, (hi - lo) * sizeof *idx);
}

static void merge_sort(const sort_ctx *ctx, size_t *idx, size_t *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2)
        for (size_t lo = 0; lo + width < n; lo += 2 * width) {
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge(ctx, idx, tmp, lo, lo + width, hi);
        }
}

ws_status ws_strokes_sort(const ws_strokes *s, void *base, size_t n, size_t size,
                          const char *(*name_of)(const void *elem))
{
    if (n < 2) return WS_OK;
    char *elems = base;
    size_t *idx = malloc(n * sizeof *idx), *tmp = malloc(n * sizeof *tmp);
    const char **names = malloc(n * sizeof *names);
    char *copy = malloc(n * size);
    ws_status st = idx && tmp && names && copy ? WS_OK : WS_ERR_NOMEM;
    if (st != WS_OK) goto done;
    for (size_t i = 0; i < n; i++) {
        idx[i] = i;
        names[i] = name_of(elems + i * size);
    }
    merge_sort(&(sort_ctx){s, names}, idx, tmp, n);
    for (size_t i = 0; i < n; i++)
        memcpy(copy + i * size, elems + idx[i] * size, size);
    memcpy(base, copy, n * size);
done:
    free(idx);
    free(tmp);
    free(names);
    free(copy);
    return st;
}
