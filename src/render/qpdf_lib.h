/* render/qpdf_lib.h - libqpdf, opened when a packet, a volume or an encryption first needs it
 * (base/dynlib.h says why). ws_qpdf_open before any call; then each
 * function of the list below is called through ws_qpdf: a source that
 * calls them includes render/qpdf_calls.h after this header and calls
 * them by their own names. A function newly used must join the list. */
#ifndef WS_QPDF_LIB_H
#define WS_QPDF_LIB_H

#include <qpdf/qpdf-c.h>

#include "base/status.h"

#define WS_QPDF_FUNCTIONS(X) \
    X(qpdf_add_page) \
    X(qpdf_cleanup) \
    X(qpdf_empty_pdf) \
    X(qpdf_get_buffer) \
    X(qpdf_get_buffer_length) \
    X(qpdf_get_error) \
    X(qpdf_get_error_full_text) \
    X(qpdf_get_num_pages) \
    X(qpdf_get_object_by_id) \
    X(qpdf_get_page_n) \
    X(qpdf_get_root) \
    X(qpdf_get_trailer) \
    X(qpdf_has_error) \
    X(qpdf_init) \
    X(qpdf_init_write) \
    X(qpdf_init_write_memory) \
    X(qpdf_make_indirect_object) \
    X(qpdf_oh_append_item) \
    X(qpdf_oh_begin_dict_key_iter) \
    X(qpdf_oh_dict_more_keys) \
    X(qpdf_oh_dict_next_key) \
    X(qpdf_oh_get_array_item) \
    X(qpdf_oh_get_array_n_items) \
    X(qpdf_oh_get_binary_string_value) \
    X(qpdf_oh_get_bool_value) \
    X(qpdf_oh_get_dict) \
    X(qpdf_oh_get_generation) \
    X(qpdf_oh_get_int_value) \
    X(qpdf_oh_get_key) \
    X(qpdf_oh_get_name) \
    X(qpdf_oh_get_numeric_value) \
    X(qpdf_oh_get_object_id) \
    X(qpdf_oh_get_page_content_data) \
    X(qpdf_oh_get_real_value) \
    X(qpdf_oh_get_stream_data) \
    X(qpdf_oh_get_type_code) \
    X(qpdf_oh_is_array) \
    X(qpdf_oh_is_dictionary) \
    X(qpdf_oh_is_indirect) \
    X(qpdf_oh_is_integer) \
    X(qpdf_oh_is_null) \
    X(qpdf_oh_is_stream) \
    X(qpdf_oh_new_array) \
    X(qpdf_oh_new_binary_string) \
    X(qpdf_oh_new_bool) \
    X(qpdf_oh_new_dictionary) \
    X(qpdf_oh_new_integer) \
    X(qpdf_oh_new_name) \
    X(qpdf_oh_new_null) \
    X(qpdf_oh_new_object) \
    X(qpdf_oh_new_real_from_double) \
    X(qpdf_oh_new_real_from_string) \
    X(qpdf_oh_new_stream) \
    X(qpdf_oh_new_unicode_string) \
    X(qpdf_oh_release_all) \
    X(qpdf_oh_replace_key) \
    X(qpdf_oh_replace_stream_data) \
    X(qpdf_oh_unparse) \
    X(qpdf_read) \
    X(qpdf_read_memory) \
    X(qpdf_set_object_stream_mode) \
    X(qpdf_set_deterministic_ID) \
    X(qpdf_set_r6_encryption_parameters2) \
    X(qpdf_set_suppress_warnings) \
    X(qpdf_silence_errors) \
    X(qpdf_write)

typedef struct ws_qpdf_api {
#define WS_QPDF_POINTER(f) __typeof__(f) *f;
    WS_QPDF_FUNCTIONS(WS_QPDF_POINTER)
#undef WS_QPDF_POINTER
} ws_qpdf_api;

extern ws_qpdf_api ws_qpdf;

/* Opens libqpdf and binds the list the first time (any thread), then
 * answers as it did: WS_ERR_IO naming what is missing and the package. */
ws_status ws_qpdf_open(ws_err *err);

#endif
