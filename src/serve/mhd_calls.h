/* serve/mhd_calls.h - each function of WS_MHD_FUNCTIONS
 * (serve/mhd_lib.h) by its own name, called through ws_mhd.
 * Included last, by the sources that call them (never by mhd_lib.c). */
#ifndef WS_MHD_CALLS_H
#define WS_MHD_CALLS_H

#include "serve/mhd_lib.h"

#define MHD_add_response_header ws_mhd.MHD_add_response_header
#define MHD_basic_auth_get_username_password ws_mhd.MHD_basic_auth_get_username_password
#define MHD_create_post_processor ws_mhd.MHD_create_post_processor
#define MHD_create_response_from_buffer ws_mhd.MHD_create_response_from_buffer
#define MHD_create_response_from_callback ws_mhd.MHD_create_response_from_callback
#define MHD_create_response_from_fd ws_mhd.MHD_create_response_from_fd
#define MHD_destroy_post_processor ws_mhd.MHD_destroy_post_processor
#define MHD_destroy_response ws_mhd.MHD_destroy_response
#define MHD_free ws_mhd.MHD_free
#define MHD_get_daemon_info ws_mhd.MHD_get_daemon_info
#define MHD_lookup_connection_value ws_mhd.MHD_lookup_connection_value
#define MHD_post_process ws_mhd.MHD_post_process
#define MHD_queue_basic_auth_fail_response ws_mhd.MHD_queue_basic_auth_fail_response
#define MHD_queue_response ws_mhd.MHD_queue_response
#define MHD_start_daemon ws_mhd.MHD_start_daemon
#define MHD_stop_daemon ws_mhd.MHD_stop_daemon

#endif
