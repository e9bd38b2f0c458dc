/* serve/serve.h - `wenshu serve`: the clerk's web page over the same job.
 *
 * A local HTTP server (libmicrohttpd, a thread per connection) that serves
 * a static page (src/serve/page, compiled in) and a small API under a
 * random token: http://127.0.0.1:PORT/TOKEN/. The page lists the programs,
 * hands out the collection workbook, takes the records and their photos
 * (files, a folder or a ZIP) into a session folder, runs the check
 * (job/check.h) and the build (job/job.h) and shows their findings and
 * events, and serves the outputs by their index in the build's list.
 * The protections (token, Origin, headers, limits, session folders) are
 * listed in docs/security.md. Nothing here prints: the caller prints the
 * URL and any error. */
#ifndef WS_SERVE_SERVE_H
#define WS_SERVE_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef struct ws_serve_opts {
    const char *listen;        /* address to listen on; NULL: 127.0.0.1 only */
    int port;                  /* 0: any free port */
    const char *password;      /* HTTP basic auth password (required with listen), or NULL */
    const char *templates_dir; /* the programs offered: its subfolders with a program.yaml */
    const char *fonts_dir;     /* or NULL: found as the build finds it */
    size_t max_upload_bytes;   /* per session: bytes received and bytes unpacked (0: 200 MB) */
    size_t max_files;          /* per session: files received or unpacked (0: 5000) */
    int idle_seconds;          /* a session unused this long ends (0: 2 hours) */
    int build_seconds;         /* a build running this long is stopped (0: 1 hour) */
    int max_builds;            /* builds running at once over all sessions (0: 2) */
} ws_serve_opts;

typedef struct ws_server ws_server;

/* Makes the private temporary root (0700), finds the programs and starts
 * listening. WS_OK and *out, or err says why (port taken, no programs …). */
ws_status ws_server_start(const ws_serve_opts *o, ws_server **out, ws_err *err);

/* The page's URL with its token, e.g. http://127.0.0.1:8080/0123…/ */
const char *ws_server_url(const ws_server *s);

/* Stops every build, closes the connections, removes every session folder
 * and the temporary root, and frees s (accepts NULL). */
void ws_server_stop(ws_server *s);

#endif
