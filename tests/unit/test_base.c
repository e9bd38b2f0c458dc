/* Unit tests for base/: arena, strbuf, utf8. */
#include <stdint.h>
#include <string.h>

#include "harness.h"

#include "base/arena.h"
#include "base/dynlib.h"
#include "base/strbuf.h"
#include "base/utf8.h"

TEST(arena_reset_reuses_memory)
{
    ws_arena *a = ws_arena_create(1024);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++) CHECK(ws_arena_alloc(a, 100) != NULL);
        CHECK(ws_arena_used(a) >= 100 * 100);
        ws_arena_reset(a);
        CHECK_INT(ws_arena_used(a), 0);
    }
    char *s = ws_arena_printf(a, "%s-%d", "行", 12);
    CHECK_STR(s, "行-12");
    ws_arena_destroy(a);
}

/* An array grown one element at a time (a build's outputs, a file's notes:
 * one per record) costs memory in proportion to its size, not to the square
 * of it: 10,000 records once took 1.7 GB. */
TEST(arena_growing_by_one_stays_linear)
{
    ws_arena *a = ws_arena_create(0);
    uint64_t *v = NULL;
    size_t n = 0;
    for (; n < 5000; n++) {
        v = ws_arena_grow(a, v, n, n + 1, sizeof *v);
        CHECK(v != NULL);
        if (!v) break;
        v[n] = n;
    }
    CHECK(v && v[0] == 0 && v[4999] == 4999);
    CHECK(ws_arena_reserved(a) < 4 * 5000 * sizeof *v + 64 * 1024);
    ws_arena_destroy(a);
}

TEST(arena_append_interleaved_stays_linear)
{
    ws_arena *a = ws_arena_create(0);
    uint64_t *x = NULL, *y = NULL;
    size_t nx = 0, cx = 0, ny = 0, cy = 0;
    bool ok = true;
    for (uint64_t i = 0; i < 5000 && ok; i++) {
        uint64_t *px = ws_arena_append(a, (void **)&x, &nx, &cx, sizeof *x);
        CHECK(ws_arena_strdup(a, "某某单位") != NULL);
        uint64_t *py = ws_arena_append(a, (void **)&y, &ny, &cy, sizeof *y);
        ok = px && py && *px == 0 && *py == 0; /* zeroed */
        if (ok) *px = i, *py = 2 * i;
    }
    CHECK(ok && nx == 5000 && ny == 5000 && x[4999] == 4999 && y[4999] == 9998 && x[17] == 17);
    CHECK(ws_arena_reserved(a) < 4 * 2 * 5000 * sizeof *x + 5000 * 16 + 64 * 1024);
    ws_arena_destroy(a);
}

TEST(buf_numbers)
{
    ws_buf b = WS_BUF_INIT;
    ws_buf_num(&b, 12.0, 2);
    ws_buf_putc(&b, ' ');
    ws_buf_num(&b, 12.504, 2);
    ws_buf_putc(&b, ' ');
    ws_buf_num(&b, -0.0001, 2);
    CHECK_STR(b.p, "12 12.5 0");
    ws_buf_clear(&b);
    ws_buf_num(&b, 0.05, 2);
    ws_buf_putc(&b, ' ');
    ws_buf_num(&b, -1.5, 3);
    ws_buf_putc(&b, ' ');
    ws_buf_num(&b, 1234.5674, 3);
    ws_buf_putc(&b, ' ');
    ws_buf_num(&b, 100, 2);
    ws_buf_putc(&b, ' ');
    ws_buf_num(&b, -0.004, 3);
    ws_buf_putc(&b, ' ');
    ws_buf_num(&b, 841.8898, 2);
    CHECK_STR(b.p, "0.05 -1.5 1234.567 100 -0.004 841.89");
    ws_buf_free(&b);
}

TEST(utf8_decode_and_reject)
{
    size_t n;
    CHECK_INT(ws_utf8_decode("\xe4\xb8\xad", 3, &n), 0x4E2D);
    CHECK_INT(n, 3);
    CHECK_INT(ws_utf8_decode("\xf0\xa0\x80\xbe", 4, &n), 0x2003E); /* 𠀾 */
    CHECK_INT(n, 4);
    CHECK_INT(ws_utf8_decode("\xc0\xaf", 2, &n), -1);     /* overlong */
    CHECK_INT(ws_utf8_decode("\xed\xa0\x80", 3, &n), -1); /* surrogate */
    CHECK_INT(ws_utf8_decode("\xe4\xb8", 2, &n), -1);     /* truncated */
    CHECK_INT(ws_utf8_invalid_at("ab\xff", 3), 2);
    CHECK_INT(ws_utf8_invalid_at("中文", strlen("中文")), (long long)(size_t)-1);
}

TEST(utf8_counts)
{
    const char *s = "中文 CNC，0.01mm\n堃";
    CHECK_INT(ws_utf8_count_han(s, strlen(s)), 3);
    CHECK_INT(ws_utf8_count_chars(s, strlen(s)), 13);
    size_t len;
    const char *t = ws_utf8_trim("　 王五 ", strlen("　 王五 "), &len);
    CHECK_INT(len, strlen("王五"));
    CHECK(strncmp(t, "王五", len) == 0);
}

/* Issue 11 item 10: what a message shows of a value cannot drive the terminal. */
TEST(utf8_escape_invisible)
{
    char out[64];
    const char *s = "红\x1b[31m\r\n王\xe2\x80\xae喆\xef\xbb\xbf\xff";
    size_t n = ws_utf8_escape_invisible(s, strlen(s), out, sizeof out);
    CHECK_STR(out, "红\\u001B[31m\\u000D\\u000A王\\u202E喆\\uFEFF\xef\xbf\xbd");
    CHECK_INT(n, strlen(out));
    CHECK(ws_is_invisible(0x7F) && ws_is_invisible(0x85) && ws_is_invisible(0x200B) &&
          ws_is_invisible(0x2066) && !ws_is_invisible(0x3000) && !ws_is_invisible(0x4E2D));
    /* cut at a character boundary, never inside an escape */
    ws_utf8_escape_invisible("王\x1b", 4, out, 8);
    CHECK_STR(out, "王");
    ws_utf8_escape_invisible("abc", 3, out, 1);
    CHECK_STR(out, "");
}

/* A library opened when first needed: bound once, the same answer after;
 * a missing library or function named with the package to install. */
static size_t (*test_strlen)(const char *);
static const char *test_wanted = "strlen";
static int test_binds;

static bool bind_strlen(void *handle, const char **missing)
{
    test_binds++;
    if (ws_dynlib_symbol(handle, test_wanted, &test_strlen, sizeof test_strlen)) return true;
    *missing = test_wanted;
    return false;
}

TEST(dynlib_binds_once_and_names_what_is_missing)
{
    ws_err err;
    static ws_dynlib libc = WS_DYNLIB_INIT("libc.so.6", "libc6", bind_strlen);
    CHECK(ws_dynlib_open(&libc, &err) == WS_OK);
    CHECK(ws_dynlib_open(&libc, &err) == WS_OK);
    CHECK(test_binds == 1 && test_strlen && test_strlen("文书") == 6);

    static ws_dynlib none = WS_DYNLIB_INIT("libwenshu-none.so.0", "libwenshu-none0", bind_strlen);
    CHECK(ws_dynlib_open(&none, &err) == WS_ERR_IO);
    CHECK(strstr(err.msg, "libwenshu-none.so.0") && strstr(err.msg, "libwenshu-none0"));
    CHECK(test_binds == 1);

    test_wanted = "wenshu_no_such_function";
    static ws_dynlib libc2 = WS_DYNLIB_INIT("libc.so.6", "libc6", bind_strlen);
    CHECK(ws_dynlib_open(&libc2, &err) == WS_ERR_IO);
    CHECK(strstr(err.msg, "wenshu_no_such_function") && strstr(err.msg, "libc6"));
    err.msg[0] = '\0';
    CHECK(ws_dynlib_open(&libc2, &err) == WS_ERR_IO && strstr(err.msg, "wenshu_no_such_function"));
    CHECK(test_binds == 2);
}

int main(void)
{
    RUN(arena_reset_reuses_memory);
    RUN(arena_growing_by_one_stays_linear);
    RUN(arena_append_interleaved_stays_linear);
    RUN(buf_numbers);
    RUN(utf8_decode_and_reject);
    RUN(utf8_counts);
    RUN(utf8_escape_invisible);
    RUN(dynlib_binds_once_and_names_what_is_missing);
    return TH_DONE();
}
