/* render/qpdf_lib.c - see qpdf_lib.h. */
#include "render/qpdf_lib.h"

#include "base/dynlib.h"

#define WS_DYNLIB_TARGET ws_qpdf
WS_DYNLIB_DEFINE(ws_qpdf_api, ws_qpdf, WS_QPDF_FUNCTIONS, WS_QPDF_SONAME, "libqpdf29", ws_qpdf_open)
