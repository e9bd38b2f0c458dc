/* serve/session.c - sessions: a folder each, the build thread and its
 * events, the outputs, and the reaper that ends what is left behind.
 *
 * A session lives in the server's table until it ends (DELETE, idle limit,
 * server stop); it is freed, and its folder removed, when the last holder
 * (a request, the build thread) lets go, so a build never writes into a
 * folder that is gone. Events are kept as JSON strings so that a page that
 * reconnects replays them from Last-Event-ID. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "job/check.h"
#include "job/job.h"
#include "serve/internal.h"

#include "serve/mhd_calls.h"
#include "input/zip_calls.h" /* last: the library's functions by their own names */

/* --- helpers ------------------------------------------------------------------------ */

bool ws_random_hex(char *out, size_t nbytes)
{
    unsigned char r[64];
    if (nbytes > sizeof r || getrandom(r, nbytes, 0) != (ssize_t)nbytes) return false;
    for (size_t i = 0; i < nbytes; i++) snprintf(out + 2 * i, 3, "%02x", r[i]);
    return true;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    remove(path);
    return 0;
}

void ws_remove_tree(const char *path)
{
    if (path[0]) nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Replaces every 'from' in b with 'to' (not longer than 'from'). */
static void replace_all(ws_buf *b, const char *from, const char *to)
{
    size_t flen = strlen(from), tlen = strlen(to), w = 0;
    if (!b->p || !flen || tlen > flen) return;
    for (size_t r = 0; r < b->len;) {
        if (b->len - r >= flen && !memcmp(b->p + r, from, flen)) {
            memcpy(b->p + w, to, tlen);
            w += tlen;
            r += flen;
            continue;
        }
        b->p[w++] = b->p[r++];
    }
    b->len = w;
    b->p[w] = '\0';
}

void ws_session_clean_paths(const session *s, ws_buf *b)
{
    char in[sizeof s->in_dir + 1];
    snprintf(in, sizeof in, "%s/", s->in_dir);
    replace_all(b, in, "");
    replace_all(b, s->out_dir, "out");
}

/* --- the table ---------------------------------------------------------------------- */

session *ws_session_create(ws_server *srv, char *msg, size_t n)
{
    session *s = calloc(1, sizeof *s);
    if (!s || !ws_random_hex(s->id, WS_SERVE_TOKEN_HEX / 2)) {
        free(s);
        snprintf(msg, n, "%s", "内存不足或无法取得随机数");
        return NULL;
    }
    s->server = srv;
    snprintf(s->dir, sizeof s->dir, "%s/%s", srv->root, s->id);
    snprintf(s->in_dir, sizeof s->in_dir, "%s/in", s->dir);
    snprintf(s->out_dir, sizeof s->out_dir, "%s/out", s->dir);
    if (mkdir(s->dir, 0700) != 0 || mkdir(s->in_dir, 0700) != 0) {
        snprintf(msg, n, "无法建立会话文件夹：%s", strerror(errno));
        ws_remove_tree(s->dir);
        free(s);
        return NULL;
    }
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->changed, NULL);
    s->last_used = time(NULL);
    pthread_mutex_lock(&srv->lock);
    int slot = -1;
    for (int i = 0; i < WS_SERVE_MAX_SESSIONS && slot < 0 && !srv->stopping; i++)
        if (!srv->sessions[i]) slot = i;
    if (slot >= 0) {
        srv->sessions[slot] = s;
        s->refs = 1;
    }
    pthread_mutex_unlock(&srv->lock);
    if (slot < 0) {
        snprintf(msg, n, "%s", "同时打开的页面太多，请关闭不用的页面后再试");
        ws_remove_tree(s->dir);
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->changed);
        free(s);
        return NULL;
    }
    return s;
}

static void session_free(session *s)
{
    ws_remove_tree(s->dir);
    for (size_t i = 0; i < s->nevents; i++) free(s->events[i]);
    free(s->events);
    for (size_t i = 0; i < s->noutputs; i++) free(s->outputs[i].path), free(s->outputs[i].doc);
    free(s->outputs);
    for (size_t i = 0; i < s->nrecords; i++) free(s->records[i]);
    free(s->records);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->changed);
    free(s);
}

session *ws_session_get(ws_server *srv, const char *id)
{
    session *found = NULL;
    size_t idlen = strlen(id);
    pthread_mutex_lock(&srv->lock);
    for (int i = 0; i < WS_SERVE_MAX_SESSIONS && !found; i++) {
        session *s = srv->sessions[i];
        if (s && idlen == WS_SERVE_TOKEN_HEX && !memcmp(s->id, id, idlen)) found = s;
    }
    if (found) {
        found->refs++;
        found->last_used = time(NULL);
    }
    pthread_mutex_unlock(&srv->lock);
    return found;
}

void ws_session_put(session *s)
{
    if (!s) return;
    ws_server *srv = s->server;
    pthread_mutex_lock(&srv->lock);
    bool last = --s->refs == 0 && s->dead;
    s->last_used = time(NULL);
    pthread_mutex_unlock(&srv->lock);
    if (last) session_free(s);
}

/* Marks s ended (under srv->lock): out of the table, its build told to stop,
 * its event streams woken. True when nobody holds it any more: the caller
 * frees it (session_free) after letting go of srv->lock. */
static bool end_locked(ws_server *srv, session *s)
{
    for (int i = 0; i < WS_SERVE_MAX_SESSIONS; i++)
        if (srv->sessions[i] == s) srv->sessions[i] = NULL;
    if (s->dead) return false;
    s->dead = true;
    s->refs--; /* the table's own ref */
    atomic_store(&s->stop, true);
    pthread_mutex_lock(&s->lock);
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    return s->refs == 0;
}

void ws_session_end(session *s)
{
    ws_server *srv = s->server;
    pthread_mutex_lock(&srv->lock);
    bool unheld = end_locked(srv, s);
    pthread_mutex_unlock(&srv->lock);
    if (unheld) session_free(s);
}

void ws_sessions_stop_all(ws_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->stopping = true;
    session *held[WS_SERVE_MAX_SESSIONS];
    int n = 0;
    for (int i = 0; i < WS_SERVE_MAX_SESSIONS; i++) {
        session *s = srv->sessions[i];
        if (!s) continue;
        s->refs++; /* held until its build is gone */
        held[n++] = s;
        end_locked(srv, s);
    }
    pthread_mutex_unlock(&srv->lock);
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&held[i]->lock);
        while (held[i]->building) pthread_cond_wait(&held[i]->changed, &held[i]->lock);
        pthread_mutex_unlock(&held[i]->lock);
        ws_session_put(held[i]);
    }
}

void *ws_session_reaper(void *arg)
{
    ws_server *srv = arg;
    pthread_mutex_lock(&srv->reaper_lock);
    while (!srv->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&srv->reaper_wake, &srv->reaper_lock, &until);
        time_t now = time(NULL);
        session *idle[WS_SERVE_MAX_SESSIONS];
        int nidle = 0;
        pthread_mutex_lock(&srv->lock);
        for (int i = 0; i < WS_SERVE_MAX_SESSIONS; i++) {
            session *s = srv->sessions[i];
            if (!s) continue;
            if (s->refs <= 1 && now - s->last_used > srv->opts.idle_seconds) {
                if (end_locked(srv, s)) idle[nidle++] = s;
                continue;
            }
            pthread_mutex_lock(&s->lock);
            if (s->building && now - s->build_started > srv->opts.build_seconds)
                atomic_store(&s->stop, true);
            pthread_mutex_unlock(&s->lock);
        }
        pthread_mutex_unlock(&srv->lock);
        for (int i = 0; i < nidle; i++) session_free(idle[i]);
    }
    pthread_mutex_unlock(&srv->reaper_lock);
    return NULL;
}

/* --- events ------------------------------------------------------------------------- */

static const char *kind_name(ws_event_kind k)
{
    switch (k) {
    case WS_EVENT_LINE: return "line";
    case WS_EVENT_RECORD: return "record";
    case WS_EVENT_DOCUMENT: return "document";
    case WS_EVENT_PROGRESS: return "progress";
    case WS_EVENT_SUMMARY: return "summary";
    }
    return "line";
}

static const char *level_name(ws_event_level l)
{
    static const char *names[] = {"plain", "success", "info", "warning",
                                  "error", "not_made", "skipped", "failed"};
    return (size_t)l < sizeof names / sizeof *names ? names[l] : "plain";
}

static void json_summary(ws_buf *b, const ws_job_summary *m)
{
    ws_buf_printf(b,
                  ",\"summary\":{\"records\":%zu,\"succeeded\":%zu,\"failed\":%zu,"
                  "\"skipped\":%zu,\"forced\":%zu,\"docs_made\":%zu,\"docs_failed\":%zu,"
                  "\"docs_not_made\":%zu,"
                  "\"placeholders\":%zu,\"file_errors\":%zu,\"unit_errors\":%zu,"
                  "\"left_out\":%zu,\"seconds\":%.1f}",
                  m->records, m->succeeded, m->failed, m->skipped, m->forced, m->docs_made,
                  m->docs_failed, m->docs_not_made, m->placeholders, m->file_errors, m->unit_errors, m->left_out,
                  m->seconds);
}

static void json_event(ws_buf *b, const ws_event *ev)
{
    ws_buf_printf(b, "{\"kind\":\"%s\",\"level\":\"%s\",\"verbose\":%s", kind_name(ev->kind),
                  level_name(ev->level), ev->verbose ? "true" : "false");
    const char *keys[] = {"text", "file", "who", "doc", "reason"};
    const char *vals[] = {ev->text, ev->file, ev->who, ev->doc, ev->reason};
    for (size_t i = 0; i < 5; i++) {
        ws_buf_printf(b, ",\"%s\":", keys[i]);
        ws_json_str(b, vals[i]);
    }
    ws_buf_printf(b, ",\"row\":%zu,\"pages\":%d,\"done\":%zu,\"total\":%zu,\"paths\":[", ev->row,
                  ev->pages, ev->done, ev->total);
    for (size_t i = 0; i < ev->npaths; i++) {
        if (i) ws_buf_putc(b, ',');
        ws_json_str(b, ev->paths[i]);
    }
    ws_buf_putc(b, ']');
    if (ev->summary) json_summary(b, ev->summary);
    ws_buf_putc(b, '}');
}

/* Appends one JSON event (taken from b) and wakes the streams; under s->lock. */
static void append_event(session *s, ws_buf *b)
{
    char *json = b->failed ? NULL : ws_buf_take(b, NULL);
    ws_buf_free(b);
    if (!json) return;
    if (s->nevents == s->cap_events) {
        size_t cap = s->cap_events ? 2 * s->cap_events : 64;
        char **ev = realloc(s->events, cap * sizeof *ev);
        if (!ev) {
            free(json);
            return;
        }
        s->events = ev;
        s->cap_events = cap;
    }
    s->events[s->nevents++] = json;
    pthread_cond_broadcast(&s->changed);
}

static void push_event(session *s, ws_buf *b)
{
    pthread_mutex_lock(&s->lock);
    append_event(s, b);
    pthread_mutex_unlock(&s->lock);
}

static void note_output(session *s, const char *path, const char *doc, int pages)
{
    pthread_mutex_lock(&s->lock);
    if (s->noutputs == s->cap_outputs) {
        size_t cap = s->cap_outputs ? 2 * s->cap_outputs : 64;
        serve_output *o = realloc(s->outputs, cap * sizeof *o);
        if (!o) goto done;
        s->outputs = o;
        s->cap_outputs = cap;
    }
    serve_output *o = &s->outputs[s->noutputs];
    o->path = strdup(path);
    o->doc = strdup(doc ? doc : "其他");
    o->pages = pages;
    if (o->path && o->doc)
        s->noutputs++;
    else
        free(o->path), free(o->doc);
done:
    pthread_mutex_unlock(&s->lock);
}

/* The build's event function: JSON into the session (temporary paths out of
 * the texts), outputs into its list. Called on the build thread. */
static void on_event(const ws_event *ev, void *user)
{
    session *s = user;
    ws_buf b = WS_BUF_INIT;
    json_event(&b, ev);
    ws_session_clean_paths(s, &b);
    push_event(s, &b);
    if (ev->kind == WS_EVENT_RECORD || ev->kind == WS_EVENT_DOCUMENT)
        for (size_t i = 0; i < ev->npaths; i++)
            note_output(s, ev->paths[i], ev->path_docs ? ev->path_docs[i] : ev->doc,
                        ev->path_docs ? 0 : ev->pages);
}

/* --- the build ---------------------------------------------------------------------- */

/* Clears the last build's events and outputs (under s->lock). */
static void reset_build(session *s)
{
    for (size_t i = 0; i < s->nevents; i++) free(s->events[i]);
    s->nevents = 0;
    for (size_t i = 0; i < s->noutputs; i++) free(s->outputs[i].path), free(s->outputs[i].doc);
    s->noutputs = 0;
    s->build_over = false;
}

/* The last build's files, removed on the build thread before it starts. */
static void remove_old_outputs(session *s)
{
    ws_remove_tree(s->out_dir);
    char zip[PATH_MAX + 8];
    snprintf(zip, sizeof zip, "%s/all.zip", s->dir);
    unlink(zip);
}

void ws_session_drop_report_locked(session *s)
{
    char report[PATH_MAX + 16];
    snprintf(report, sizeof report, "%s/report.xlsx", s->dir);
    unlink(report);
    s->has_report = false;
}

void ws_session_inputs_changed(session *s)
{
    pthread_mutex_lock(&s->lock);
    s->inputs_gen++;
    ws_session_drop_report_locked(s);
    pthread_mutex_unlock(&s->lock);
}

int ws_session_upload_begin(session *s, char *msg, size_t n)
{
    pthread_mutex_lock(&s->lock);
    int status = s->building ? 409 : 0;
    if (status)
        snprintf(msg, n, "%s", "正在生成，请等生成完成后再上传");
    else
        s->uploading++;
    pthread_mutex_unlock(&s->lock);
    return status;
}

void ws_session_upload_end(session *s)
{
    pthread_mutex_lock(&s->lock);
    s->uploading--;
    pthread_mutex_unlock(&s->lock);
}

typedef struct build_job {
    session *s;
    ws_job_opts opts;
    char template_dir[PATH_MAX], records[2 * PATH_MAX];
    char password[256], owner[WS_SERVE_TOKEN_HEX + 1];
} build_job;

static void *build_main(void *arg)
{
    build_job *bj = arg;
    session *s = bj->s;
    ws_err err;
    remove_old_outputs(s);
    int rc = ws_job_build(&bj->opts, on_event, s, &err);
    ws_buf b = WS_BUF_INIT;
    ws_buf_printf(&b, "{\"kind\":\"end\",\"rc\":%d,\"stopped\":%s,\"error\":", rc,
                  atomic_load(&s->stop) ? "true" : "false");
    ws_json_str(&b, rc == WS_JOB_UNUSABLE ? err.msg : NULL);
    ws_buf_putc(&b, '}');
    ws_session_clean_paths(s, &b);
    explicit_bzero(bj->password, sizeof bj->password);
    free(bj);
    ws_server *srv = s->server;
    pthread_mutex_lock(&srv->lock);
    srv->running--;
    pthread_mutex_unlock(&srv->lock);
    /* the "end" event and the end of the build at once: a page that has
     * seen "end" finds the outputs ready */
    pthread_mutex_lock(&s->lock);
    append_event(s, &b);
    s->building = false;
    s->build_over = true;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    ws_session_put(s);
    return NULL;
}

/* Takes a place for a build: in this session (409) and overall (503), and
 * the records file's path into bj (400 when there is no such file). Not
 * while an upload is arriving (409): its files are not in place yet, and
 * the list of records files changes when it ends; once 'building' is set,
 * no upload starts. */
static int claim(session *s, size_t records, build_job *bj, char *msg, size_t n)
{
    ws_server *srv = s->server;
    int status = 0;
    pthread_mutex_lock(&srv->lock);
    pthread_mutex_lock(&s->lock);
    if (s->building) {
        status = 409;
        snprintf(msg, n, "%s", "正在生成，请等这一次完成后再生成");
    } else if (s->uploading) {
        status = 409;
        snprintf(msg, n, "%s", "文件还在上传，请等上传完成后再生成");
    } else if (records >= s->nrecords) {
        status = 400;
        snprintf(msg, n, "%s", "请先上传记录表，并选择要生成的记录表");
    } else if (srv->running >= srv->opts.max_builds) {
        status = 503;
        snprintf(msg, n, "%s", "其他页面正在生成，请稍后再试");
    } else {
        snprintf(bj->records, sizeof bj->records, "%s/%s", s->in_dir, s->records[records]);
        s->building = true;
        s->build_started = time(NULL);
        atomic_store(&s->stop, false);
        reset_build(s);
        srv->running++;
        s->refs++; /* the build thread's */
    }
    pthread_mutex_unlock(&s->lock);
    pthread_mutex_unlock(&srv->lock);
    return status;
}

static void unclaim(session *s)
{
    ws_server *srv = s->server;
    pthread_mutex_lock(&srv->lock);
    srv->running--;
    s->refs--;
    pthread_mutex_unlock(&srv->lock);
    pthread_mutex_lock(&s->lock);
    s->building = false;
    pthread_mutex_unlock(&s->lock);
}

int ws_session_build(session *s, const serve_program *p, size_t records, bool force,
                     const char *password, char *msg, size_t n)
{
    build_job *bj = calloc(1, sizeof *bj);
    if (!bj) {
        snprintf(msg, n, "%s", "内存不足");
        return 500;
    }
    bj->s = s;
    snprintf(bj->template_dir, sizeof bj->template_dir, "%s", p->dir);
    ws_server *srv = s->server;
    bj->opts = (ws_job_opts){.template_dir = bj->template_dir, .records = bj->records,
                             .out_dir = s->out_dir, .fonts_dir = srv->opts.fonts_dir,
                             .jobs = 2, .force = force, .stop = &s->stop};
    if (password && password[0]) {
        snprintf(bj->password, sizeof bj->password, "%s", password);
        if (!ws_random_hex(bj->owner, WS_SERVE_TOKEN_HEX / 2)) {
            free(bj);
            snprintf(msg, n, "%s", "无法取得随机数");
            return 500;
        }
        bj->opts.password = bj->password;
        bj->opts.owner_password = bj->owner;
    }
    int status = claim(s, records, bj, msg, n);
    if (status) {
        explicit_bzero(bj->password, sizeof bj->password);
        free(bj);
        return status;
    }
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, build_main, bj) != 0) {
        pthread_attr_destroy(&attr);
        unclaim(s);
        explicit_bzero(bj->password, sizeof bj->password);
        free(bj);
        snprintf(msg, n, "%s", "无法启动生成");
        return 500;
    }
    pthread_attr_destroy(&attr);
    return 0;
}

/* --- server-sent events ------------------------------------------------------------- */

typedef struct stream {
    session *s;
    size_t next;     /* the next event to send */
    ws_buf pending;  /* formatted, not yet handed to MHD */
    size_t sent;     /* of pending */
    bool over;
} stream;

/* Fills st->pending with the next event, a keep-alive comment after 15 s
 * of silence, or nothing when the stream is over. */
static void next_chunk(stream *st)
{
    session *s = st->s;
    ws_buf_clear(&st->pending);
    st->sent = 0;
    pthread_mutex_lock(&s->lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 15;
    while (st->next >= s->nevents && !s->build_over && !s->dead) {
        if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT) break;
    }
    if (st->next < s->nevents) {
        ws_buf_printf(&st->pending, "id: %zu\ndata: %s\n\n", st->next, s->events[st->next]);
        st->next++;
    } else if (s->build_over || s->dead) {
        st->over = true;
    } else {
        ws_buf_puts(&st->pending, ": 仍在生成\n\n");
    }
    pthread_mutex_unlock(&s->lock);
    pthread_mutex_lock(&s->server->lock);
    s->last_used = time(NULL);
    pthread_mutex_unlock(&s->server->lock);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    stream *st = cls;
    if (st->sent >= st->pending.len) {
        next_chunk(st);
        if (st->over) return MHD_CONTENT_READER_END_OF_STREAM;
        if (st->pending.failed) return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t k = st->pending.len - st->sent < max ? st->pending.len - st->sent : max;
    memcpy(buf, st->pending.p + st->sent, k);
    st->sent += k;
    return (ssize_t)k;
}

static void stream_free(void *cls)
{
    stream *st = cls;
    ws_buf_free(&st->pending);
    ws_session_put(st->s);
    free(st);
}

struct MHD_Response *ws_session_events_response(session *s, size_t from)
{
    stream *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    pthread_mutex_lock(&s->server->lock);
    s->refs++;
    pthread_mutex_unlock(&s->server->lock);
    st->s = s;
    st->next = from;
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, st, stream_free);
    if (!r) stream_free(st);
    return r;
}

/* --- outputs ------------------------------------------------------------------------ */

bool ws_session_outputs_json(session *s, ws_buf *b)
{
    pthread_mutex_lock(&s->lock);
    ws_buf_printf(b, "{\"building\":%s,\"outputs\":[", s->building ? "true" : "false");
    for (size_t i = 0; i < s->noutputs; i++) {
        ws_buf_printf(b, "%s{\"index\":%zu,\"path\":", i ? "," : "", i);
        ws_json_str(b, s->outputs[i].path);
        ws_buf_puts(b, ",\"doc\":");
        ws_json_str(b, s->outputs[i].doc);
        ws_buf_printf(b, ",\"pages\":%d}", s->outputs[i].pages);
    }
    ws_buf_puts(b, "]}");
    pthread_mutex_unlock(&s->lock);
    return !b->failed;
}

/* Opens a regular file without following a link in its last part. */
static int open_regular(const char *path, size_t *size)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0) return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    *size = (size_t)st.st_size;
    return fd;
}

int ws_session_open_output(session *s, size_t i, char *path, size_t n, size_t *size)
{
    char full[2 * PATH_MAX];
    pthread_mutex_lock(&s->lock);
    bool ok = i < s->noutputs && !s->building;
    if (ok) {
        snprintf(path, n, "%s", s->outputs[i].path);
        snprintf(full, sizeof full, "%s/%s", s->out_dir, s->outputs[i].path);
    }
    pthread_mutex_unlock(&s->lock);
    return ok ? open_regular(full, size) : -1;
}

/* Adds every regular file under dir to the archive, named by its path below
 * 'base'; not hidden ones (the build's list of its files, WS_MADE_LIST). */
static bool zip_add_tree(zip_t *z, const char *dir, size_t base_len)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0) return false;
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        char full[2 * PATH_MAX];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", dir, name);
        if (!strcmp(name, ".") || !strcmp(name, "..") || lstat(full, &st) != 0) goto next;
        if (S_ISDIR(st.st_mode)) {
            ok = ok && zip_add_tree(z, full, base_len);
        } else if (S_ISREG(st.st_mode) && !strstr(name, ".tmp") && name[0] != '.') {
            zip_source_t *src = zip_source_file(z, full, 0, -1);
            if (!src || zip_file_add(z, full + base_len, src, ZIP_FL_ENC_UTF_8) < 0) {
                zip_source_free(src);
                ok = false;
            }
        }
    next:
        free(ents[i]);
    }
    free(ents);
    return ok;
}

int ws_session_zip_outputs(session *s, size_t *size, char *msg, size_t n)
{
    char zip_path[PATH_MAX + 8], tmp[PATH_MAX + 16];
    snprintf(zip_path, sizeof zip_path, "%s/all.zip", s->dir);
    snprintf(tmp, sizeof tmp, "%s/all.zip.part", s->dir);
    pthread_mutex_lock(&s->lock);
    bool busy = s->building, any = s->noutputs > 0;
    pthread_mutex_unlock(&s->lock);
    if (busy || !any) {
        snprintf(msg, n, "%s", busy ? "正在生成，请等生成完成后再下载" : "还没有生成的文件");
        return -1;
    }
    int fd = open_regular(zip_path, size);
    if (fd >= 0) return fd;
    unlink(tmp);
    int zerr = 0;
    zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &zerr);
    bool ok = z && zip_add_tree(z, s->out_dir, strlen(s->out_dir) + 1);
    if (z && (!ok || zip_close(z) != 0)) {
        zip_discard(z);
        ok = false;
    }
    if (!ok || rename(tmp, zip_path) != 0) {
        unlink(tmp);
        snprintf(msg, n, "%s", "无法打包生成的文件（磁盘已满？）");
        return -1;
    }
    return open_regular(zip_path, size);
}
