/* render/qpdf_lib.c - see qpdf_lib.h. */
#include "render/qpdf_lib.h"

#include "base/dynlib.h"

ws_qpdf_api ws_qpdf;

static bool bind_functions(void *handle, const char **missing)
{
#define WS_QPDF_BIND(f) \
    if (!ws_dynlib_symbol(handle, #f, &ws_qpdf.f, sizeof ws_qpdf.f)) { \
        *missing = #f; \
        return false; \
    }
    WS_QPDF_FUNCTIONS(WS_QPDF_BIND)
#undef WS_QPDF_BIND
    return true;
}

static ws_dynlib lib = WS_DYNLIB_INIT(WS_QPDF_SONAME, "libqpdf29", bind_functions);

ws_status ws_qpdf_open(ws_err *err)
{
    return ws_dynlib_open(&lib, err);
}
