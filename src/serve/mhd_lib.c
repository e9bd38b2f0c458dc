/* serve/mhd_lib.c - see mhd_lib.h. */
#include "serve/mhd_lib.h"

#include "base/dynlib.h"

ws_mhd_api ws_mhd;

static bool bind_functions(void *handle, const char **missing)
{
#define WS_MHD_BIND(f) \
    if (!ws_dynlib_symbol(handle, #f, &ws_mhd.f, sizeof ws_mhd.f)) { \
        *missing = #f; \
        return false; \
    }
    WS_MHD_FUNCTIONS(WS_MHD_BIND)
#undef WS_MHD_BIND
    return true;
}

static ws_dynlib lib = WS_DYNLIB_INIT(WS_MHD_SONAME, "libmicrohttpd12", bind_functions);

ws_status ws_mhd_open(ws_err *err)
{
    return ws_dynlib_open(&lib, err);
}
