/* input/zip_lib.h - libzip, opened when a run first reads an .xlsx (or `wenshu serve` starts:
 * uploads and the ZIP of all outputs); base/dynlib.h says why: with OpenSSL's libcrypto and
 * libbz2 behind it, ~3 ms of every run that reads only CSV. ws_zip_open before any call; then
 * each function of the list below is called through ws_zip: a source that calls them includes
 * input/zip_calls.h after this header and calls them by their own names. A function newly
 * used must join the list. */
#ifndef WS_ZIP_LIB_H
#define WS_ZIP_LIB_H

#include <zip.h>

#include "base/status.h"

#define WS_ZIP_FUNCTIONS(X) \
    X(zip_close) \
    X(zip_discard) \
    X(zip_error_code_zip) \
    X(zip_error_fini) \
    X(zip_error_init_with_code) \
    X(zip_error_strerror) \
    X(zip_fclose) \
    X(zip_file_add) \
    X(zip_file_get_external_attributes) \
    X(zip_file_strerror) \
    X(zip_fopen_index) \
    X(zip_fread) \
    X(zip_get_error) \
    X(zip_get_name) \
    X(zip_get_num_entries) \
    X(zip_name_locate) \
    X(zip_open) \
    X(zip_source_file) \
    X(zip_source_free) \
    X(zip_stat_index) \
    X(zip_stat_init)

typedef struct ws_zip_api {
#define WS_ZIP_POINTER(f) __typeof__(f) *f;
    WS_ZIP_FUNCTIONS(WS_ZIP_POINTER)
#undef WS_ZIP_POINTER
} ws_zip_api;

extern ws_zip_api ws_zip;

/* Opens libzip and binds the list the first time (any thread), then
 * answers as it did: WS_ERR_IO naming what is missing and the package. */
ws_status ws_zip_open(ws_err *err);

#endif
