/* input/zip_lib.c - see zip_lib.h. */
#include "input/zip_lib.h"

#include "base/dynlib.h"

#define WS_DYNLIB_TARGET ws_zip
WS_DYNLIB_DEFINE(ws_zip_api, ws_zip, WS_ZIP_FUNCTIONS, WS_ZIP_SONAME, "libzip4", ws_zip_open)
