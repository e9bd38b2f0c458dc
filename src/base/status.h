/* base/status.h - status codes and the error record every stage fills.
 *
 * A function that can fail returns ws_status and, when it fails, fills a
 * caller-owned ws_err with a message for people (in Chinese where a clerk
 * reads it: 第12行「身份证号」：校验位应为 X). Nothing below src/cli prints
 * or exits. */
#ifndef WS_BASE_STATUS_H
#define WS_BASE_STATUS_H

#include <stdarg.h>
#include <stddef.h>

typedef enum ws_status {
    WS_OK = 0,
    WS_ERR_NOMEM,    /* out of memory */
    WS_ERR_IO,       /* a file could not be read or written */
    WS_ERR_INPUT,    /* a record or data file is wrong: the record fails, the batch goes on */
    WS_ERR_INVALID,  /* an argument or value is not acceptable */
    WS_ERR_TEMPLATE, /* a program template is wrong: nothing can be built */
    WS_ERR_FONT,     /* no usable font, or a character no font has */
    WS_ERR_IMAGE,    /* a photo or attachment image cannot be used */
    WS_ERR_PDF,      /* libharu or qpdf reported an error */
    WS_ERR_XLSX      /* libxlsxwriter reported an error */
} ws_status;

typedef struct ws_err {
    ws_status status;
    char msg[512];
} ws_err;

/* Sets err (if not NULL) to status and a printf-formatted message; returns
 * status so callers can write `return ws_err_set(err, WS_ERR_IO, ...)`. */
ws_status ws_err_set(ws_err *err, ws_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ws_status ws_err_setv(ws_err *err, ws_status status, const char *fmt, va_list ap);

/* Prepends a context such as "文件 a.csv 第3行：" to an existing message. */
void ws_err_prefix(ws_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void ws_err_clear(ws_err *err);

/* A short English name for a status ("io", "input", ...). Never NULL. */
const char *ws_status_name(ws_status status);

#define WS_TRY(expr)                                                                               \
    do {                                                                                           \
        ws_status ws_try_status_ = (expr);                                                         \
        if (ws_try_status_ != WS_OK) return ws_try_status_;                                        \
    } while (0)

#endif
