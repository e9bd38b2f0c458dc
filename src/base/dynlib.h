/* base/dynlib.h - a shared library opened when a run first needs it.
 *
 * Every library the binary links is mapped and relocated before main, in
 * every run. libqpdf (with GnuTLS, Nettle, GMP and p11-kit behind it) and
 * libmicrohttpd cost ~7 ms of a 1-record build's ~55 ms start-up, and only
 * packets, volumes, encryption and the web page use them; libzip and
 * libxlsxwriter (OpenSSL's libcrypto behind both) ~5 ms, and only an .xlsx
 * read or written uses them. So they are opened with dlopen where they are
 * first used (render/qpdf_lib.h, serve/mhd_lib.h, input/zip_lib.h,
 * render/xlsxwriter_lib.h) and their functions called through pointers. The
 * Debian package depends on them by name (scripts/debian/control), since
 * dh_shlibdeps cannot see a dlopen. Nothing here prints. */
#ifndef WS_BASE_DYNLIB_H
#define WS_BASE_DYNLIB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef struct ws_dynlib {
    const char *soname;        /* as the linker names it: "libqpdf.so.29" */
    const char *package;       /* the Debian package that holds it, for the message */
    bool (*bind)(void *handle, const char **missing); /* fills the caller's pointers */
    pthread_mutex_t lock;
    bool tried;
    ws_status status;
    char msg[256];
} ws_dynlib;

#define WS_DYNLIB_INIT(soname, package, bind) \
    {(soname), (package), (bind), PTHREAD_MUTEX_INITIALIZER, false, WS_OK, ""}

/* Opens the library and binds its functions the first time (under the
 * lock: safe from any thread), and gives the same answer every later time:
 * WS_OK, or WS_ERR_IO saying which library or function is missing and the
 * package to install. The library stays open until the process ends. */
ws_status ws_dynlib_open(ws_dynlib *lib, ws_err *err);

/* Sets the function pointer at fn (fn_size bytes: a function pointer's) to
 * the symbol name of handle; false when there is none. */
bool ws_dynlib_symbol(void *handle, const char *name, void *fn, size_t fn_size);

/* The whole of a library's *_lib.c: defines 'api' (of api_type, a struct of
 * a pointer per function of the X-macro LIST, each named as the function)
 * and open_fn, which opens soname once and binds every pointer. The file
 * defines WS_DYNLIB_TARGET as 'api' before it. */
#define WS_DYNLIB_BIND_ONE(f) \
    if (!ws_dynlib_symbol(handle, #f, &WS_DYNLIB_TARGET.f, sizeof WS_DYNLIB_TARGET.f)) { \
        *missing = #f; \
        return false; \
    }
#define WS_DYNLIB_DEFINE(api_type, api, LIST, soname, package, open_fn) \
    _Static_assert(sizeof(soname) > 1, "no SONAME for " package ": the Makefile reads it with " \
                                       "objdump (binutils) from the -dev package's library"); \
    api_type api; \
    static bool bind_functions(void *handle, const char **missing) \
    { \
        LIST(WS_DYNLIB_BIND_ONE) \
        return true; \
    } \
    static ws_dynlib library = WS_DYNLIB_INIT(soname, package, bind_functions); \
    ws_status open_fn(ws_err *err) \
    { \
        return ws_dynlib_open(&library, err); \
    }

#endif
