/* serve/mhd_lib.h - libmicrohttpd, opened when the web page (wenshu serve) first needs it
 * (base/dynlib.h says why). ws_mhd_open before any call; then each
 * function of the list below is called through ws_mhd: a source that
 * calls them includes serve/mhd_calls.h after this header and calls
 * them by their own names. A function newly used must join the list. */
#ifndef WS_MHD_LIB_H
#define WS_MHD_LIB_H

#include <microhttpd.h>

#include "base/status.h"

#define WS_MHD_FUNCTIONS(X) \
    X(MHD_add_response_header) \
    X(MHD_basic_auth_get_username_password) \
    X(MHD_create_post_processor) \
    X(MHD_create_response_from_buffer) \
    X(MHD_create_response_from_callback) \
    X(MHD_create_response_from_fd) \
    X(MHD_destroy_post_processor) \
    X(MHD_destroy_response) \
    X(MHD_free) \
    X(MHD_get_daemon_info) \
    X(MHD_lookup_connection_value) \
    X(MHD_post_process) \
    X(MHD_queue_basic_auth_fail_response) \
    X(MHD_queue_response) \
    X(MHD_start_daemon) \
    X(MHD_stop_daemon)

typedef struct ws_mhd_api {
#define WS_MHD_POINTER(f) __typeof__(f) *f;
    WS_MHD_FUNCTIONS(WS_MHD_POINTER)
#undef WS_MHD_POINTER
} ws_mhd_api;

extern ws_mhd_api ws_mhd;

/* Opens libmicrohttpd and binds the list the first time (any thread), then
 * answers as it did: WS_ERR_IO naming what is missing and the package. */
ws_status ws_mhd_open(ws_err *err);

#endif
