/* tests/fuzz/fuzz_xlsx.c - the XLSX reader (ws_xlsx_read: libzip + expat,
 * shared strings, styles and number formats, sheets).
 *
 * The reader takes a path, so each input is written to one temporary file.
 * Two input shapes:
 *   - bytes starting with "PK": written as they are (a whole .xlsx: the
 *     zip layer itself is under test);
 *   - anything else: a list of parts, each introduced by a line "@@ name",
 *     zipped here (stored, with correct CRCs) so that mutations reach the
 *     XML parsers instead of dying in inflate or a CRC check.
 * tests/fuzz/make-seeds.py writes seeds of both shapes from the samples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "fuzz.h"
#include "input/sheet.h"

static char g_dir[256], g_path[300];

static void cleanup(void)
{
    if (g_path[0]) unlink(g_path);
    if (g_dir[0]) rmdir(g_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/wenshu-fuzz-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir)) abort();
    snprintf(g_path, sizeof g_path, "%s/in.xlsx", g_dir);
    atexit(cleanup);
    return 0;
}

static int is_label(void *user, const char *text)
{
    (void)user;
    return !strcmp(text, "姓名") || !strcmp(text, "身份证号") || !strcmp(text, "推荐单位");
}

static int write_raw(const uint8_t *data, size_t size)
{
    FILE *f = fopen(g_path, "wb");
    if (!f) return -1;
    size_t put = fwrite(data, 1, size, f);
    return fclose(f) == 0 && put == size ? 0 : -1;
}

/* "@@ name\n" starts a part; its content runs to the next "\n@@ " (the
 * newline before it belongs to the separator). Text before the first
 * header is ignored. */
static int write_parts(const uint8_t *data, size_t size)
{
    int code = 0;
    zip_t *z = zip_open(g_path, ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!z) return -1;
    const char *p = (const char *)data, *end = p + size;
    const char *h = NULL;
    if (size >= 3 && memcmp(p, "@@ ", 3) == 0) h = p;
    else h = memmem(p, size, "\n@@ ", 4), h = h ? h + 1 : NULL;
    int nparts = 0;
    while (h && nparts < 64) {
        const char *name = h + 3;
        const char *nl = memchr(name, '\n', (size_t)(end - name));
        if (!nl) break;
        const char *body = nl + 1;
        const char *next = memmem(body, (size_t)(end - body), "\n@@ ", 4);
        const char *body_end = next ? next : end;
        char nbuf[256];
        size_t nlen = (size_t)(nl - name) < sizeof nbuf - 1 ? (size_t)(nl - name) : sizeof nbuf - 1;
        memcpy(nbuf, name, nlen);
        nbuf[nlen] = '\0';
        /* libzip copies the bytes at zip_close; the input outlives that */
        zip_source_t *src = zip_source_buffer(z, body, (zip_uint64_t)(body_end - body), 0);
        if (src) {
            zip_int64_t idx = zip_file_add(z, nbuf, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
            if (idx < 0) zip_source_free(src);
            else zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        }
        nparts++;
        h = next ? next + 1 : NULL;
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        return -1;
    }
    return nparts ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int w = size >= 2 && data[0] == 'P' && data[1] == 'K' ? write_raw(data, size)
                                                          : write_parts(data, size);
    if (w != 0) return 0;
    ws_arena *a = ws_arena_create(0);
    if (!a) return 0;
    ws_book *book = NULL;
    ws_err err = {0};
    /* with a header hint, as records are read: the header may be any of the first rows */
    ws_header_hint hint = {is_label, NULL, 10};
    if (ws_xlsx_read_hinted(g_path, &hint, a, &book, &err) == WS_OK) {
        size_t sum = 0;
        for (size_t s = 0; s < book->nsheets; s++) {
            const ws_sheet *sh = book->sheets[s];
            for (size_t r = 0; r < sh->nrows; r++) {
                for (size_t c = 0; c < sh->ncols; c++) sum += strlen(sh->cells[r][c]);
                sum += sh->line[r] + sh->row_ncols[r];
            }
            size_t prev = 0;
            for (const ws_cell_note *n = sh->notes; n; n = n->next) {
                if (n->row >= sh->nrows || n->row < prev) abort(); /* notes in row order */
                if (n->col >= 0 && (size_t)n->col >= sh->ncols) abort();
                prev = n->row;
                sum += strlen(n->msg);
            }
        }
        if (sum == (size_t)-1) abort();
    }
    ws_arena_destroy(a);
    return 0;
}
