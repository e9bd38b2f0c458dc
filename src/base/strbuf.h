/* base/strbuf.h - a growable byte buffer (malloc-owned).
 *
 * Used for content streams, dumps and messages. The buffer is always
 * NUL-terminated after its len bytes. On allocation failure the buffer
 * records it in 'failed' and further appends are ignored; check once at the
 * end instead of after every append. */
#ifndef WS_BASE_STRBUF_H
#define WS_BASE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ws_buf {
    char *p;
    size_t len;
    size_t cap;
    bool failed;
} ws_buf;

#define WS_BUF_INIT {NULL, 0, 0, false}

void ws_buf_free(ws_buf *b);       /* frees p and zeroes the struct */
void ws_buf_clear(ws_buf *b);      /* len = 0, keeps memory */
bool ws_buf_reserve(ws_buf *b, size_t extra);
void ws_buf_append(ws_buf *b, const void *data, size_t len);
void ws_buf_puts(ws_buf *b, const char *s);
void ws_buf_putc(ws_buf *b, char c);
void ws_buf_printf(ws_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a number with at most 'decimals' decimals, trailing zeros removed
 * ("12", "12.5"), the form PDF operators and dumps use. */
void ws_buf_num(ws_buf *b, double v, int decimals);

/* Takes ownership of the bytes (caller frees); the buffer is left empty. */
char *ws_buf_take(ws_buf *b, size_t *len);

#endif
