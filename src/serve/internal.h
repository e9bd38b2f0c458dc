/* serve/internal.h - what the files of src/serve share (not for other stages).
 *
 * http.c: the daemon, the token, headers, Origin, routing, responses.
 * session.c: sessions (folder, events, outputs), the build thread, the reaper.
 * upload.c: multipart uploads and ZIPs into a session's input folder. */
#ifndef WS_SERVE_INTERNAL_H
#define WS_SERVE_INTERNAL_H

#include <limits.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/strbuf.h"
#include "serve/serve.h"

#define WS_SERVE_TOKEN_HEX 32
#define WS_SERVE_MAX_SESSIONS 32

/* A program offered on the page. */
typedef struct serve_program {
    char *dir;    /* its template folder */
    char *id, *name, *issuer;
    int year;
} serve_program;

/* An output of the last build: its path relative to the output folder and
 * the document it belongs to. */
typedef struct serve_output {
    char *path;
    char *doc;
    int pages;
} serve_output;

typedef struct session {
    char id[WS_SERVE_TOKEN_HEX + 1];
    char dir[320];           /* root/id, 0700 */
    char in_dir[336];        /* dir/in: what was uploaded */
    char out_dir[336];       /* dir/out: what the build made */
    struct ws_server *server;
    /* under server->lock */
    int refs;
    bool dead;               /* ended: freed (and its folder removed) at the last ref */
    time_t last_used;
    /* under lock */
    pthread_mutex_t lock;
    pthread_cond_t changed;  /* an event came, or the build ended, or the session died */
    bool building;
    int uploading;           /* uploads being received: check and build wait for them */
    time_t build_started;
    atomic_bool stop;        /* ws_job_opts.stop of the running build */
    char **events;           /* JSON per event of the last build */
    size_t nevents, cap_events;
    bool build_over;         /* the last build's "end" event is in events */
    serve_output *outputs;
    size_t noutputs, cap_outputs;
    size_t in_bytes, in_files; /* what the input folder holds (the limits) */
    char **records;          /* records files found in in_dir (relative, sorted) */
    size_t nrecords;
    bool has_report;         /* dir/report.xlsx: the last check's, of the files there now */
    unsigned inputs_gen;     /* counts the uploads that changed in_dir (a check's report
                                is kept only if none came while it ran) */
} session;

struct ws_server {
    ws_serve_opts opts;
    struct MHD_Daemon *daemon;
    char token[WS_SERVE_TOKEN_HEX + 1];
    char root[256];          /* private temporary root (mkdtemp, 0700) */
    char url[256];
    char origin[200];        /* http://HOST:PORT as the browser sends it */
    int port;
    serve_program *programs;
    size_t nprograms;
    pthread_mutex_t lock;    /* sessions, refs, running */
    session *sessions[WS_SERVE_MAX_SESSIONS];
    int running;             /* builds running over all sessions */
    pthread_t reaper;
    pthread_mutex_t reaper_lock;
    pthread_cond_t reaper_wake;
    bool stopping;
};

/* A file of an upload, received under a temporary name beside its place
 * (upload.c): renamed into place when the whole upload has come. */
typedef struct upload_file {
    char *tmp, *path;        /* both full paths */
} upload_file;

/* A request being received: its upload or form fields (http.c, upload.c). */
typedef struct request {
    struct MHD_PostProcessor *pp;
    session *s;              /* the session it is about (a ref), or NULL */
    int kind;                /* what route (http.c) */
    bool responded;          /* a response was queued on the first call */
    bool takes_files;        /* an upload: file parts are saved (elsewhere refused) */
    bool uploading;          /* holds one of the session's 'uploading' */
    /* form fields */
    char program[16], records[16], force[8];
    char password[256];
    bool password_too_long;
    /* a file being received (upload.c) */
    int fd;
    char rel[PATH_MAX];      /* its path inside in_dir */
    bool cur_zip;            /* it is a ZIP (form key "zip"), unpacked at the end */
    char **zips;             /* names of the ZIPs received (dir/upload-N.zip) */
    size_t nzips;
    upload_file *pending;    /* the files received, not yet in place */
    size_t npending;
    size_t bytes, files;     /* file bytes and files received by this request */
    size_t received;         /* body bytes received (fields and files) */
    int status;              /* 0, or the HTTP status of the first problem */
    char msg[512];           /* its message (Chinese) */
} request;

/* --- session.c ---------------------------------------------------------------------- */

/* A new session with its folders; NULL and msg when too many or on failure. */
session *ws_session_create(struct ws_server *srv, char *msg, size_t n);
/* The live session with this id, with a ref taken (ws_session_put), or NULL. */
session *ws_session_get(struct ws_server *srv, const char *id);
void ws_session_put(session *s);
/* Ends a session: stops its build; its folder goes with the last ref. */
void ws_session_end(session *s);
/* Ends every session and waits until every build thread is gone. */
void ws_sessions_stop_all(struct ws_server *srv);
/* The reaper: ends idle sessions, stops builds over the time limit. */
void *ws_session_reaper(void *arg);

/* Removes dir/report.xlsx and forgets it (under s->lock): a check starts,
 * or the files it checked were replaced. */
void ws_session_drop_report_locked(session *s);
/* New files are in in_dir: the last check's report no longer describes them. */
void ws_session_inputs_changed(session *s);

/* An upload of the session starts: 0, or 409 with msg while it builds
 * (the build reads the input folder). Each 0 is ended by
 * ws_session_upload_end, once the upload's files are in place or dropped. */
int ws_session_upload_begin(session *s, char *msg, size_t n);
void ws_session_upload_end(session *s);

/* Starts a build of program p on records file index 'records'. 0 when
 * started; else an HTTP status (409 one is running or an upload is still
 * arriving, 503 too many overall, 400 bad input) with msg. */
int ws_session_build(session *s, const serve_program *p, size_t records, bool force,
                     const char *password, char *msg, size_t n);

/* An MHD response streaming the events of the session's last build as
 * server-sent events, from index 'from'; NULL on failure. */
struct MHD_Response *ws_session_events_response(session *s, size_t from);

/* The outputs as JSON: [{"index":0,"path":…,"doc":…,"pages":n}, …]. */
bool ws_session_outputs_json(session *s, ws_buf *b);
/* Opens output i read-only; -1 when there is no such output. *path gets
 * its relative path (for the content type), *size its size. */
int ws_session_open_output(session *s, size_t i, char *path, size_t n, size_t *size);
/* Writes dir/all.zip with everything in out_dir (the layout of -o) and opens
 * it; -1 and msg on failure. */
int ws_session_zip_outputs(session *s, size_t *size, char *msg, size_t n);

/* Removes a folder and everything in it (never following links). */
void ws_remove_tree(const char *path);
/* n random bytes as 2n hex digits (out has 2n+1 bytes); false on failure. */
bool ws_random_hex(char *out, size_t nbytes);
/* The session's folders out of a text for the page: "<in_dir>/x.csv" reads
 * "x.csv" and "<out_dir>/a.pdf" reads "out/a.pdf" (as `build -o out` shows it). */
void ws_session_clean_paths(const session *s, ws_buf *b);

/* --- upload.c ----------------------------------------------------------------------- */

/* The post processor's iterator for every form (fields and files). */
enum MHD_Result ws_upload_iterate(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *content_type,
                                  const char *transfer_encoding, const char *data, uint64_t off,
                                  size_t size);
/* After the last byte of an upload: closes the file, unpacks the ZIPs, and
 * when all went well renames every file into place (else drops them all);
 * lists the records files. r->status stays 0 on success. */
void ws_upload_finish(request *r);
/* Drops what a failed or aborted request left (its files not yet in place,
 * its ZIPs): the input folder stays as it was before the upload. */
void ws_upload_abort(request *r);
/* A path from the client ("照片/张三.jpg", "a\\b.jpg"), made relative and
 * checked: UTF-8, no control characters, no empty, "." or ".." part, not
 * absolute; backslashes count as slashes. False with 'why' (Chinese). */
bool ws_upload_safe_path(const char *in, char *out, size_t n, const char **why);
/* The session's input listing: counts, bytes, records files. JSON. */
bool ws_upload_inputs_json(session *s, ws_buf *b);

#endif
