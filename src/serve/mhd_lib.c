/* serve/mhd_lib.c - see mhd_lib.h. */
#include "serve/mhd_lib.h"

#include "base/dynlib.h"

#define WS_DYNLIB_TARGET ws_mhd
WS_DYNLIB_DEFINE(ws_mhd_api, ws_mhd, WS_MHD_FUNCTIONS, WS_MHD_SONAME, "libmicrohttpd12", ws_mhd_open)
