/* render/xlsxwriter_lib.c - see xlsxwriter_lib.h. */
#include "render/xlsxwriter_lib.h"

#include "base/dynlib.h"

#define WS_DYNLIB_TARGET ws_xlsxwriter
WS_DYNLIB_DEFINE(ws_xlsxwriter_api, ws_xlsxwriter, WS_XLSXWRITER_FUNCTIONS, WS_XLSXWRITER_SONAME,
                 "libxlsxwriter4", ws_xlsxwriter_open)
