/* base/status.c - see status.h. */
#include "base/status.h"

#include <stdio.h>
#include <string.h>

ws_status ws_err_setv(ws_err *err, ws_status status, const char *fmt, va_list ap)
{
    if (err) {
        err->status = status;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    }
    return status;
}

ws_status ws_err_set(ws_err *err, ws_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ws_err_setv(err, status, fmt, ap);
    va_end(ap);
    return status;
}

void ws_err_prefix(ws_err *err, const char *fmt, ...)
{
    if (!err) return;
    char prefix[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    char joined[sizeof err->msg];
    size_t plen = strlen(prefix);
    if (plen >= sizeof joined) plen = sizeof joined - 1;
    memcpy(joined, prefix, plen);
    size_t mlen = strlen(err->msg);
    if (mlen > sizeof joined - 1 - plen) mlen = sizeof joined - 1 - plen;
    memcpy(joined + plen, err->msg, mlen);
    joined[plen + mlen] = '\0';
    memcpy(err->msg, joined, sizeof joined);
}

void ws_err_clear(ws_err *err)
{
    if (!err) return;
    err->status = WS_OK;
    err->msg[0] = '\0';
}

const char *ws_status_name(ws_status status)
{
    switch (status) {
    case WS_OK: return "ok";
    case WS_ERR_NOMEM: return "nomem";
    case WS_ERR_IO: return "io";
    case WS_ERR_INPUT: return "input";
    case WS_ERR_INVALID: return "invalid";
    case WS_ERR_TEMPLATE: return "template";
    case WS_ERR_FONT: return "font";
    case WS_ERR_IMAGE: return "image";
    case WS_ERR_PDF: return "pdf";
    case WS_ERR_XLSX: return "xlsx";
    }
    return "unknown";
}
