/* render/xlsxwriter_lib.h - libxlsxwriter, opened when a run first writes a workbook (a
 * 汇总表, check's report, init's collection sheet; base/dynlib.h says why: with libminizip and
 * OpenSSL's libcrypto behind it, ~3 ms of every run that writes none). ws_xlsxwriter_open
 * before any call; then each function of the list below is called through ws_xlsxwriter: a
 * source that calls them includes render/xlsxwriter_calls.h after this header and calls them
 * by their own names. A function newly used must join the list. */
#ifndef WS_XLSXWRITER_LIB_H
#define WS_XLSXWRITER_LIB_H

#include <xlsxwriter.h>

#include "base/status.h"

#define WS_XLSXWRITER_FUNCTIONS(X) \
    X(format_set_align) \
    X(format_set_bg_color) \
    X(format_set_bold) \
    X(format_set_border) \
    X(format_set_bottom) \
    X(format_set_font_color) \
    X(format_set_font_name) \
    X(format_set_font_size) \
    X(format_set_left) \
    X(format_set_num_format) \
    X(format_set_right) \
    X(format_set_shrink) \
    X(format_set_text_wrap) \
    X(format_set_top) \
    X(lxw_col_to_name) \
    X(lxw_strerror) \
    X(workbook_add_format) \
    X(workbook_add_worksheet) \
    X(workbook_close) \
    X(workbook_new) \
    X(workbook_new_opt) \
    X(workbook_set_properties) \
    X(worksheet_activate) \
    X(worksheet_autofilter) \
    X(worksheet_center_horizontally) \
    X(worksheet_data_validation_range) \
    X(worksheet_fit_to_pages) \
    X(worksheet_freeze_panes) \
    X(worksheet_hide) \
    X(worksheet_merge_range) \
    X(worksheet_repeat_rows) \
    X(worksheet_set_column) \
    X(worksheet_set_footer) \
    X(worksheet_set_header) \
    X(worksheet_set_landscape) \
    X(worksheet_set_margins) \
    X(worksheet_set_paper) \
    X(worksheet_set_portrait) \
    X(worksheet_set_row) \
    X(worksheet_write_comment_opt) \
    X(worksheet_write_number) \
    X(worksheet_write_string)

typedef struct ws_xlsxwriter_api {
#define WS_XLSXWRITER_POINTER(f) __typeof__(f) *f;
    WS_XLSXWRITER_FUNCTIONS(WS_XLSXWRITER_POINTER)
#undef WS_XLSXWRITER_POINTER
} ws_xlsxwriter_api;

extern ws_xlsxwriter_api ws_xlsxwriter;

/* Opens libxlsxwriter and binds the list the first time (any thread), then
 * answers as it did: WS_ERR_IO naming what is missing and the package. */
ws_status ws_xlsxwriter_open(ws_err *err);

#endif
