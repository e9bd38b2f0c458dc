/* input/zip_calls.h - each function of WS_ZIP_FUNCTIONS (input/zip_lib.h) by
 * its own name, called through ws_zip. Included last, by the sources that
 * call them (never by zip_lib.c). */
#ifndef WS_ZIP_CALLS_H
#define WS_ZIP_CALLS_H

#include "input/zip_lib.h"

#define zip_close ws_zip.zip_close
#define zip_discard ws_zip.zip_discard
#define zip_error_code_zip ws_zip.zip_error_code_zip
#define zip_error_fini ws_zip.zip_error_fini
#define zip_error_init_with_code ws_zip.zip_error_init_with_code
#define zip_error_strerror ws_zip.zip_error_strerror
#define zip_fclose ws_zip.zip_fclose
#define zip_file_add ws_zip.zip_file_add
#define zip_file_get_external_attributes ws_zip.zip_file_get_external_attributes
#define zip_file_strerror ws_zip.zip_file_strerror
#define zip_fopen_index ws_zip.zip_fopen_index
#define zip_fread ws_zip.zip_fread
#define zip_get_error ws_zip.zip_get_error
#define zip_get_name ws_zip.zip_get_name
#define zip_get_num_entries ws_zip.zip_get_num_entries
#define zip_name_locate ws_zip.zip_name_locate
#define zip_open ws_zip.zip_open
#define zip_source_file ws_zip.zip_source_file
#define zip_source_free ws_zip.zip_source_free
#define zip_stat_index ws_zip.zip_stat_index
#define zip_stat_init ws_zip.zip_stat_init

#endif
