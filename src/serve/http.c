/* serve/http.c - the daemon: token, headers, Origin, routing, responses.
 *
 * Every request must name the token as its first path segment (compared in
 * constant time) or gets 403 before anything else is looked at; with
 * --listen it must also carry the password (HTTP basic auth). A POST or
 * DELETE must come from the page itself: its Origin header must be this
 * server's own origin, so another web site open in the same browser cannot
 * drive the API (403). Every response carries the same security headers. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "input/zip_lib.h"
#include "job/check.h"
#include "render/collect_xlsx.h"
#include "render/report_xlsx.h"
#include "serve/internal.h"
#include "template/program.h"

#include "serve/mhd_calls.h"

/* The page (src/serve/page), compiled in by the Makefile (build/serve_page.c). */
extern const unsigned char ws_page_index_html[], ws_page_app_js[], ws_page_style_css[];
extern const size_t ws_page_index_html_len, ws_page_app_js_len, ws_page_style_css_len;

static const char CSP_PAGE[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/* The 公示 web page and other outputs shown inline: no script at all, and a
 * sandbox (an origin of its own), so an output can never call the API. */
static const char CSP_OUTPUT[] = "sandbox; default-src 'none'; style-src 'unsafe-inline'; "
                                 "img-src data:; frame-ancestors 'none'";

enum { NOT_FOUND, PAGE, API_PROGRAMS, API_COLLECT, API_SESSION_NEW, API_SESSION_END, API_INPUTS,
       API_UPLOAD, API_CHECK, API_REPORT, API_BUILD, API_EVENTS, API_OUTPUTS, API_OUTPUT, API_ZIP };

/* --- responses ---------------------------------------------------------------------- */

static void secure(struct MHD_Response *resp, const char *csp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_response(struct MHD_Connection *c, unsigned status,
                                     struct MHD_Response *resp, const char *type, const char *csp)
{
    if (!resp) return MHD_NO;
    secure(resp, csp);
    if (type) MHD_add_response_header(resp, "Content-Type", type);
    enum MHD_Result ok = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result send_bytes(struct MHD_Connection *c, unsigned status, const void *data,
                                  size_t len, const char *type)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    return send_response(c, status, resp, type, CSP_PAGE);
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, ws_buf *b)
{
    if (b->failed) {
        ws_buf_free(b);
        return MHD_NO;
    }
    enum MHD_Result ok =
        send_bytes(c, status, b->p ? b->p : "{}", b->p ? b->len : 2, "application/json; charset=utf-8");
    ws_buf_free(b);
    return ok;
}

/* {"error":"…"} with a Chinese message the page shows as it is. */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, "{\"error\":");
    ws_json_str(&b, msg);
    ws_buf_putc(&b, '}');
    return send_json(c, status, &b);
}

/* "attachment; filename=…; filename*=UTF-8''…" for a file name (RFC 6266). */
static void disposition(const char *how, const char *name, char *out, size_t n)
{
    int k = snprintf(out, n, "%s; filename=\"download\"; filename*=UTF-8''", how);
    for (const unsigned char *p = (const unsigned char *)name; *p && k + 4 < (int)n; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            out[k++] = (char)*p;
        else
            k += snprintf(out + k, n - (size_t)k, "%%%02X", *p);
    }
    out[k] = '\0';
}

static const char *content_type(const char *path, bool *inline_ok)
{
    const char *dot = strrchr(path, '.');
    *inline_ok = true;
    if (dot && !strcmp(dot, ".pdf")) return "application/pdf";
    if (dot && !strcmp(dot, ".html")) return "text/html; charset=utf-8";
    *inline_ok = false;
    if (dot && !strcmp(dot, ".xlsx"))
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (dot && !strcmp(dot, ".zip")) return "application/zip";
    return "application/octet-stream";
}

/* A file (fd, taken) as a download or inline. */
static enum MHD_Result send_file(struct MHD_Connection *c, int fd, size_t size, const char *name,
                                 bool want_inline)
{
    bool can_inline;
    const char *type = content_type(name, &can_inline);
    struct MHD_Response *resp = MHD_create_response_from_fd(size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    const char *base = strrchr(name, '/');
    char disp[1024];
    disposition(want_inline && can_inline ? "inline" : "attachment", base ? base + 1 : name, disp,
                sizeof disp);
    MHD_add_response_header(resp, "Content-Disposition", disp);
    return send_response(c, 200, resp, type, can_inline && want_inline ? CSP_OUTPUT : CSP_PAGE);
}

/* --- the checks on every request ------------------------------------------------------ */

static bool same_bytes(const char *a, const char *b, size_t n)
{
    volatile unsigned char diff = 0;
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* The part of the URL after "/TOKEN/", or NULL when the token is not there. */
static const char *after_token(const ws_server *srv, const char *url, bool *bare)
{
    *bare = false;
    size_t len = strlen(url);
    if (len < 1 + WS_SERVE_TOKEN_HEX || url[0] != '/') return NULL;
    if (!same_bytes(url + 1, srv->token, WS_SERVE_TOKEN_HEX)) return NULL;
    if (len == 1 + WS_SERVE_TOKEN_HEX) {
        *bare = true;
        return url + len;
    }
    return url[1 + WS_SERVE_TOKEN_HEX] == '/' ? url + 2 + WS_SERVE_TOKEN_HEX : NULL;
}

static bool password_ok(const ws_server *srv, struct MHD_Connection *c)
{
    if (!srv->opts.password) return true;
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &pass);
    size_t want = strlen(srv->opts.password);
    bool ok = pass && strlen(pass) == want && same_bytes(pass, srv->opts.password, want);
    if (user) MHD_free(user);
    if (pass) MHD_free(pass);
    return ok;
}

/* A POST or DELETE must come from this page: Origin is http://HOST where
 * HOST is the Host the request was sent to, and that host is this server
 * (127.0.0.1 or localhost and the port; any name with --listen). */
static bool origin_ok(const ws_server *srv, struct MHD_Connection *c)
{
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!origin || !host || strncmp(origin, "http://", 7) || strcmp(origin + 7, host)) return false;
    if (srv->opts.listen) return true;
    char local[64], named[64];
    snprintf(local, sizeof local, "127.0.0.1:%d", srv->port);
    snprintf(named, sizeof named, "localhost:%d", srv->port);
    return !strcmp(host, local) || !strcmp(host, named);
}

/* --- routes ------------------------------------------------------------------------- */

/* A whole decimal number (no sign, no spaces) below 'limit'. */
static bool parse_index(const char *s, size_t len, size_t limit, size_t *out)
{
    size_t v = 0;
    if (!len || len > 9) return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    *out = v;
    return v < limit;
}

typedef struct route {
    int kind;
    char sid[WS_SERVE_TOKEN_HEX + 1];
    size_t index;
} route;

static bool starts(const char *s, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);
    if (strncmp(s, prefix, n)) return false;
    *rest = s + n;
    return true;
}

static route parse_route(const char *path, const char *method)
{
    route r = {.kind = NOT_FOUND};
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD"), post = !strcmp(method, "POST");
    const char *rest;
    if (get && (!*path || !strcmp(path, "index.html") || !strcmp(path, "app.js") ||
                !strcmp(path, "style.css")))
        r.kind = PAGE;
    else if (get && !strcmp(path, "api/programs"))
        r.kind = API_PROGRAMS;
    else if (get && starts(path, "api/programs/", &rest)) {
        const char *slash = strchr(rest, '/');
        if (slash && !strcmp(slash, "/collect.xlsx") &&
            parse_index(rest, (size_t)(slash - rest), (size_t)-1 / 2, &r.index))
            r.kind = API_COLLECT;
    } else if (post && !strcmp(path, "api/session"))
        r.kind = API_SESSION_NEW;
    else if (starts(path, "api/session/", &rest) && strlen(rest) >= WS_SERVE_TOKEN_HEX) {
        memcpy(r.sid, rest, WS_SERVE_TOKEN_HEX);
        rest += WS_SERVE_TOKEN_HEX;
        struct {
            const char *tail, *method;
            int kind;
        } table[] = {{"", "DELETE", API_SESSION_END}, {"/inputs", "GET", API_INPUTS},
                     {"/upload", "POST", API_UPLOAD},  {"/check", "POST", API_CHECK},
                     {"/report.xlsx", "GET", API_REPORT}, {"/build", "POST", API_BUILD},
                     {"/events", "GET", API_EVENTS},   {"/outputs", "GET", API_OUTPUTS},
                     {"/all.zip", "GET", API_ZIP}};
        for (size_t i = 0; i < sizeof table / sizeof *table; i++)
            if (!strcmp(rest, table[i].tail) && !strcmp(method, table[i].method))
                r.kind = table[i].kind;
        const char *num;
        if (get && starts(rest, "/output/", &num) &&
            parse_index(num, strlen(num), (size_t)-1 / 2, &r.index))
            r.kind = API_OUTPUT;
    }
    return r;
}

static enum MHD_Result serve_page(struct MHD_Connection *c, const char *path)
{
    if (!strcmp(path, "app.js"))
        return send_bytes(c, 200, ws_page_app_js, ws_page_app_js_len,
                          "text/javascript; charset=utf-8");
    if (!strcmp(path, "style.css"))
        return send_bytes(c, 200, ws_page_style_css, ws_page_style_css_len,
                          "text/css; charset=utf-8");
    return send_bytes(c, 200, ws_page_index_html, ws_page_index_html_len,
                      "text/html; charset=utf-8");
}

static enum MHD_Result serve_programs(ws_server *srv, struct MHD_Connection *c)
{
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, "{\"programs\":[");
    for (size_t i = 0; i < srv->nprograms; i++) {
        const serve_program *p = &srv->programs[i];
        ws_buf_printf(&b, "%s{\"index\":%zu,\"id\":", i ? "," : "", i);
        ws_json_str(&b, p->id);
        ws_buf_puts(&b, ",\"name\":");
        ws_json_str(&b, p->name);
        ws_buf_puts(&b, ",\"issuer\":");
        ws_json_str(&b, p->issuer);
        ws_buf_printf(&b, ",\"year\":%d}", p->year);
    }
    ws_buf_puts(&b, "]}");
    return send_json(c, 200, &b);
}

/* The collection workbook of program i (`wenshu init`), made for this request. */
static enum MHD_Result serve_collect(ws_server *srv, struct MHD_Connection *c, size_t i)
{
    if (i >= srv->nprograms) return send_error(c, 404, "没有这个项目");
    const serve_program *sp = &srv->programs[i];
    ws_program *p = NULL;
    ws_rules *rules = NULL;
    ws_err err;
    char rnd[17], path[PATH_MAX + 64];
    if (!ws_random_hex(rnd, 8)) return send_error(c, 500, "无法取得随机数");
    snprintf(path, sizeof path, "%s/collect-%s.xlsx", srv->root, rnd);
    int fd = -1;
    if (ws_job_load_program(sp->dir, srv->opts.fonts_dir, &p, NULL, &err) == WS_OK &&
        ws_rules_load(p, &rules, &err) == WS_OK &&
        ws_collect_xlsx_write(path, p, rules, &err) == WS_OK)
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    unlink(path); /* the open descriptor keeps it until it is sent */
    ws_rules_destroy(rules);
    ws_program_destroy(p);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) close(fd);
        return send_error(c, 500, err.msg[0] ? err.msg : "无法生成采集表");
    }
    char name[300];
    snprintf(name, sizeof name, "%s-采集表.xlsx", sp->id);
    return send_file(c, fd, (size_t)st.st_size, name, false);
}

static bool pick_program(const ws_server *srv, const request *r, size_t *out)
{
    return parse_index(r->program, strlen(r->program), srv->nprograms, out);
}

/* POST check: the same check as `wenshu check`, its JSON, and report.xlsx kept.
 * Not while an upload of the session is arriving (409): its files are not in
 * place yet. The last check's report goes when a check starts, so a check
 * that fails leaves none (report.xlsx never answers with another check's
 * findings); and a report is kept only when no upload replaced files while
 * the check ran. */
static enum MHD_Result serve_check(ws_server *srv, struct MHD_Connection *c, request *r)
{
    session *s = r->s;
    size_t prog, rec;
    char records[2 * PATH_MAX];
    pthread_mutex_lock(&s->lock);
    bool ok = pick_program(srv, r, &prog) &&
              parse_index(r->records, strlen(r->records), s->nrecords, &rec);
    if (ok) snprintf(records, sizeof records, "%s/%s", s->in_dir, s->records[rec]);
    unsigned gen = s->inputs_gen;
    bool uploading = s->uploading > 0;
    if (ok && !uploading) ws_session_drop_report_locked(s);
    pthread_mutex_unlock(&s->lock);
    if (uploading) return send_error(c, 409, "文件还在上传，请等上传完成后再检查");
    if (!ok) return send_error(c, 400, "请先选择项目，上传记录表并选择要检查的记录表");
    const char *files[] = {records};
    ws_job_check_opts o = {.template_dir = srv->programs[prog].dir, .records = files,
                           .nrecords = 1, .fonts_dir = srv->opts.fonts_dir};
    ws_job_check *chk = NULL;
    ws_err err;
    char report[PATH_MAX + 16];
    snprintf(report, sizeof report, "%s/report.xlsx", s->dir);
    if (ws_job_check_run(&o, &chk, &err) != WS_OK) {
        ws_buf b = WS_BUF_INIT;
        ws_buf_puts(&b, err.msg);
        ws_session_clean_paths(s, &b);
        enum MHD_Result res = send_error(c, 422, b.p ? b.p : "无法检查");
        ws_buf_free(&b);
        return res;
    }
    ws_report_units units = {chk->units_path, &chk->units};
    bool written = ws_report_xlsx_write(report, chk->program,
                                        (const ws_records_file *const *)chk->files, chk->nfiles,
                                        chk->findings, &units, &err) == WS_OK;
    pthread_mutex_lock(&s->lock);
    if (written && s->inputs_gen == gen)
        s->has_report = true;
    else if (written)
        ws_session_drop_report_locked(s); /* of files an upload has replaced since */
    written = s->has_report;
    pthread_mutex_unlock(&s->lock);
    ws_buf b = WS_BUF_INIT;
    ws_buf_printf(&b, "{\"report\":%s,\"check\":", written ? "true" : "false");
    ws_job_check_json(chk, true, &b);
    ws_buf_putc(&b, '}');
    ws_job_check_destroy(chk);
    ws_session_clean_paths(s, &b);
    return send_json(c, 200, &b);
}

static enum MHD_Result serve_build(ws_server *srv, struct MHD_Connection *c, request *r)
{
    size_t prog, rec;
    if (!pick_program(srv, r, &prog)) return send_error(c, 400, "请先选择项目");
    if (r->password_too_long) return send_error(c, 400, "密码太长（最多 127 字节，约 42 个汉字）");
    size_t plen = strlen(r->password);
    if (plen > 127) return send_error(c, 400, "密码太长（最多 127 字节，约 42 个汉字）");
    if (plen && ws_utf8_invalid_at(r->password, plen) != (size_t)-1)
        return send_error(c, 400, "密码不是有效的文字");
    if (!parse_index(r->records, strlen(r->records), (size_t)-1 / 2, &rec))
        return send_error(c, 400, "请先上传记录表，并选择要生成的记录表");
    char msg[256];
    int status = ws_session_build(r->s, &srv->programs[prog], rec, !strcmp(r->force, "1"),
                                  r->password, msg, sizeof msg);
    explicit_bzero(r->password, sizeof r->password);
    if (status) return send_error(c, (unsigned)status, msg);
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, "{\"started\":true}");
    return send_json(c, 202, &b);
}

static enum MHD_Result serve_session_get(ws_server *srv, struct MHD_Connection *c, route *rt,
                                         session *s)
{
    (void)srv;
    ws_buf b = WS_BUF_INIT;
    char msg[256], path[PATH_MAX + 16];
    size_t size;
    int fd;
    switch (rt->kind) {
    case API_INPUTS:
        ws_upload_inputs_json(s, &b);
        return send_json(c, 200, &b);
    case API_OUTPUTS:
        ws_session_outputs_json(s, &b);
        return send_json(c, 200, &b);
    case API_OUTPUT:
        fd = ws_session_open_output(s, rt->index, path, sizeof path, &size);
        if (fd < 0) return send_error(c, 404, "没有这个文件（或正在生成）");
        return send_file(c, fd, size, path, true);
    case API_ZIP:
        fd = ws_session_zip_outputs(s, &size, msg, sizeof msg);
        if (fd < 0) return send_error(c, 409, msg);
        return send_file(c, fd, size, "文书-全部.zip", false);
    case API_REPORT:
        snprintf(path, sizeof path, "%s/report.xlsx", s->dir);
        pthread_mutex_lock(&s->lock);
        fd = s->has_report ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
        pthread_mutex_unlock(&s->lock);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            if (fd >= 0) close(fd);
            return send_error(c, 404, "请先检查");
        }
        return send_file(c, fd, (size_t)st.st_size, "检查报告.xlsx", false);
    case API_EVENTS: {
        const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
        size_t from = 0;
        if (last && parse_index(last, strlen(last), (size_t)-1 / 2, &from)) from++;
        struct MHD_Response *resp = ws_session_events_response(s, from);
        return send_response(c, 200, resp, "text/event-stream; charset=utf-8", CSP_PAGE);
    }
    }
    return send_error(c, 404, "没有这个地址");
}

/* --- the handler -------------------------------------------------------------------- */

static request *request_new(void)
{
    request *r = calloc(1, sizeof *r);
    if (r) r->fd = -1;
    return r;
}

static bool has_body(int kind)
{
    return kind == API_UPLOAD || kind == API_CHECK || kind == API_BUILD;
}

/* The first call of a request: every check that needs no body. Returns
 * true when a response was queued (the request is answered). */
static bool first_call(ws_server *srv, struct MHD_Connection *c, const char *url,
                       const char *method, request *r, enum MHD_Result *res)
{
    bool bare;
    const char *path = after_token(srv, url, &bare);
    *res = MHD_YES;
    if (!path) return (*res = send_error(c, 403, "地址不对（请使用 wenshu serve 显示的完整地址）")), true;
    if (!password_ok(srv, c)) {
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(strlen("需要密码"), "需要密码", MHD_RESPMEM_PERSISTENT);
        secure(resp, CSP_PAGE);
        *res = MHD_queue_basic_auth_fail_response(c, "wenshu", resp);
        MHD_destroy_response(resp);
        return true;
    }
    if (bare) {
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
        char loc[WS_SERVE_TOKEN_HEX + 3];
        snprintf(loc, sizeof loc, "/%s/", srv->token);
        MHD_add_response_header(resp, "Location", loc);
        *res = send_response(c, 302, resp, NULL, CSP_PAGE);
        return true;
    }
    bool changes = strcmp(method, "GET") && strcmp(method, "HEAD");
    if (changes && !origin_ok(srv, c))
        return (*res = send_error(c, 403, "请求不是从本页面发出的，已拒绝")), true;
    route rt = parse_route(path, method);
    r->kind = rt.kind;
    if (rt.kind == NOT_FOUND) return (*res = send_error(c, 404, "没有这个地址")), true;
    if (rt.kind == PAGE) return (*res = serve_page(c, path)), true;
    if (rt.kind == API_PROGRAMS) return (*res = serve_programs(srv, c)), true;
    if (rt.kind == API_COLLECT) return (*res = serve_collect(srv, c, rt.index)), true;
    if (rt.kind == API_SESSION_NEW) {
        char msg[256];
        session *s = ws_session_create(srv, msg, sizeof msg);
        if (!s) return (*res = send_error(c, 503, msg)), true;
        ws_buf b = WS_BUF_INIT;
        ws_buf_printf(&b, "{\"session\":\"%s\"}", s->id);
        return (*res = send_json(c, 201, &b)), true;
    }
    r->s = ws_session_get(srv, rt.sid);
    if (!r->s) return (*res = send_error(c, 404, "会话已结束，请刷新页面")), true;
    if (rt.kind == API_SESSION_END) {
        ws_session_end(r->s);
        ws_buf b = WS_BUF_INIT;
        ws_buf_puts(&b, "{\"ended\":true}");
        return (*res = send_json(c, 200, &b)), true;
    }
    if (!has_body(rt.kind)) return (*res = serve_session_get(srv, c, &rt, r->s)), true;
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    size_t limit = rt.kind == API_UPLOAD ? srv->opts.max_upload_bytes : 65536;
    if (length && strtoull(length, NULL, 10) > limit) {
        char msg[160];
        snprintf(msg, sizeof msg, "上传的内容太大（最多 %zu MB）", limit >> 20);
        return (*res = send_error(c, 413, rt.kind == API_UPLOAD ? msg : "请求太大")), true;
    }
    r->takes_files = rt.kind == API_UPLOAD;
    r->pp = MHD_create_post_processor(c, 65536, ws_upload_iterate, r);
    if (!r->pp) return (*res = send_error(c, 400, "请求的格式不对（应为表单）")), true;
    if (rt.kind == API_UPLOAD) {
        /* last: every answer above leaves no upload to end */
        char msg[160];
        int status = ws_session_upload_begin(r->s, msg, sizeof msg);
        if (status) return (*res = send_error(c, (unsigned)status, msg)), true;
        r->uploading = true;
    }
    return false;
}

/* The upload's place in the session, given back once its files are in place
 * or dropped: a check or build the page sends after the answer finds them. */
static void upload_over(request *r)
{
    if (!r->uploading) return;
    r->uploading = false;
    ws_session_upload_end(r->s);
}

static enum MHD_Result last_call(ws_server *srv, struct MHD_Connection *c, request *r)
{
    if (r->kind == API_UPLOAD) {
        if (r->status)
            ws_upload_abort(r);
        else
            ws_upload_finish(r);
        upload_over(r);
        if (r->status) return send_error(c, (unsigned)r->status, r->msg);
        ws_buf b = WS_BUF_INIT;
        ws_upload_inputs_json(r->s, &b);
        return send_json(c, 200, &b);
    }
    if (r->status) return send_error(c, (unsigned)r->status, r->msg);
    if (r->kind == API_CHECK) return serve_check(srv, c, r);
    return serve_build(srv, c, r);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)version;
    ws_server *srv = cls;
    request *r = *con_cls;
    if (!r) {
        r = request_new();
        if (!r) return MHD_NO;
        *con_cls = r;
        enum MHD_Result res;
        if (first_call(srv, c, url, method, r, &res)) r->responded = true;
        return res;
    }
    if (r->responded) {
        *upload_data_size = 0; /* a body nobody asked for: dropped */
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* the body as it comes (a chunked one has no Content-Length): over the
         * limit it is answered 413 at its end; far over it, the connection closes */
        size_t limit = r->kind == API_UPLOAD ? srv->opts.max_upload_bytes + (1 << 20) : 65536;
        r->received += *upload_data_size;
        if (r->received > 2 * limit) return MHD_NO;
        if (r->received > limit && !r->status) {
            r->status = 413;
            snprintf(r->msg, sizeof r->msg, "上传的内容太大（最多 %zu MB）",
                     srv->opts.max_upload_bytes >> 20);
        }
        if (!r->status && MHD_post_process(r->pp, upload_data, *upload_data_size) != MHD_YES &&
            !r->status) {
            r->status = 400;
            snprintf(r->msg, sizeof r->msg, "%s", "上传的表单格式不对");
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    r->responded = true;
    return last_call(srv, c, r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    request *r = *con_cls;
    if (!r) return;
    if (r->pp) MHD_destroy_post_processor(r->pp);
    if (r->fd >= 0 || r->nzips || r->npending) ws_upload_abort(r); /* cut off midway */
    upload_over(r);
    explicit_bzero(r->password, sizeof r->password);
    ws_session_put(r->s);
    free(r);
    *con_cls = NULL;
}

/* --- programs and the daemon ---------------------------------------------------------- */

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The programs: every folder of templates_dir with a program.yaml that loads. */
static ws_status find_programs(ws_server *srv, ws_err *err)
{
    struct dirent **ents;
    int n = scandir(srv->opts.templates_dir, &ents, NULL, by_name);
    if (n < 0)
        return ws_err_set(err, WS_ERR_IO, "无法打开模板文件夹 %s：%s", srv->opts.templates_dir,
                          strerror(errno));
    srv->programs = calloc((size_t)n + 1, sizeof *srv->programs);
    for (int i = 0; i < n; i++) {
        char dir[PATH_MAX], yaml[PATH_MAX + 16];
        const char *name = ents[i]->d_name;
        snprintf(dir, sizeof dir, "%s/%s", srv->opts.templates_dir, name);
        snprintf(yaml, sizeof yaml, "%s/program.yaml", dir);
        ws_program *p = NULL;
        ws_err perr;
        if (srv->programs && name[0] != '.' && name[0] != '_' && ws_file_exists(yaml) &&
            ws_job_load_program(dir, srv->opts.fonts_dir, &p, NULL, &perr) == WS_OK) {
            serve_program *sp = &srv->programs[srv->nprograms++];
            sp->dir = strdup(dir);
            sp->id = strdup(p->id ? p->id : name);
            sp->name = strdup(p->name ? p->name : name);
            sp->issuer = strdup(p->issuer ? p->issuer : "");
            sp->year = p->year;
            ws_program_destroy(p);
        }
        free(ents[i]);
    }
    free(ents);
    if (!srv->programs) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (!srv->nprograms)
        return ws_err_set(err, WS_ERR_INPUT, "模板文件夹 %s 中没有可用的项目（含 program.yaml 的文件夹）",
                          srv->opts.templates_dir);
    return WS_OK;
}

static ws_status start_daemon(ws_server *srv, ws_err *err)
{
    if (ws_mhd_open(err) != WS_OK || ws_zip_open(err) != WS_OK) return err->status;
    const char *addr = srv->opts.listen ? srv->opts.listen : "127.0.0.1";
    struct sockaddr_in v4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv->opts.port)};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)srv->opts.port)};
    struct sockaddr *sa;
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
    if (inet_pton(AF_INET, addr, &v4.sin_addr) == 1) {
        sa = (struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, addr, &v6.sin6_addr) == 1) {
        sa = (struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        return ws_err_set(err, WS_ERR_INVALID, "--listen 的地址「%s」不是 IP 地址", addr);
    }
    srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, handle, srv, MHD_OPTION_SOCK_ADDR, sa,
                                   MHD_OPTION_NOTIFY_COMPLETED, completed, srv,
                                   MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
                                   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)300, MHD_OPTION_END);
    if (!srv->daemon)
        return ws_err_set(err, WS_ERR_IO, "无法在 %s 端口 %d 上启动（端口已被占用？）", addr,
                          srv->opts.port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : srv->opts.port;
    snprintf(srv->url, sizeof srv->url, "http://%s%s%s:%d/%s/", sa == (struct sockaddr *)&v6 ? "[" : "",
             addr, sa == (struct sockaddr *)&v6 ? "]" : "", srv->port, srv->token);
    return WS_OK;
}

ws_status ws_server_start(const ws_serve_opts *o, ws_server **out, ws_err *err)
{
    *out = NULL;
    ws_err_clear(err);
    if (o->listen && !o->password)
        return ws_err_set(err, WS_ERR_INVALID, "%s", "--listen 必须同时用 --password-file 设置密码");
    ws_server *srv = calloc(1, sizeof *srv);
    if (!srv) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    srv->opts = *o;
    if (!srv->opts.max_upload_bytes) srv->opts.max_upload_bytes = (size_t)200 << 20;
    if (!srv->opts.max_files) srv->opts.max_files = 5000;
    if (!srv->opts.idle_seconds) srv->opts.idle_seconds = 2 * 3600;
    if (!srv->opts.build_seconds) srv->opts.build_seconds = 3600;
    if (!srv->opts.max_builds) srv->opts.max_builds = 2;
    pthread_mutex_init(&srv->lock, NULL);
    pthread_mutex_init(&srv->reaper_lock, NULL);
    pthread_cond_init(&srv->reaper_wake, NULL);
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !tmp[0] || strlen(tmp) > 200) tmp = "/tmp";
    snprintf(srv->root, sizeof srv->root, "%s/wenshu-serve-XXXXXX", tmp);
    ws_status st = WS_OK;
    if (!ws_random_hex(srv->token, WS_SERVE_TOKEN_HEX / 2))
        st = ws_err_set(err, WS_ERR_IO, "%s", "无法取得随机数（getrandom）");
    else if (!mkdtemp(srv->root)) {
        st = ws_err_set(err, WS_ERR_IO, "无法建立临时文件夹 %s：%s", srv->root, strerror(errno));
        srv->root[0] = '\0';
    }
    if (st == WS_OK) st = find_programs(srv, err);
    if (st == WS_OK) st = start_daemon(srv, err);
    if (st == WS_OK && pthread_create(&srv->reaper, NULL, ws_session_reaper, srv) != 0) {
        st = ws_err_set(err, WS_ERR_IO, "%s", "无法启动线程");
        srv->reaper = 0;
    }
    if (st != WS_OK) {
        ws_server_stop(srv);
        return st;
    }
    *out = srv;
    return WS_OK;
}

const char *ws_server_url(const ws_server *s)
{
    return s->url;
}

void ws_server_stop(ws_server *srv)
{
    if (!srv) return;
    pthread_mutex_lock(&srv->reaper_lock);
    srv->stopping = true;
    pthread_cond_signal(&srv->reaper_wake);
    pthread_mutex_unlock(&srv->reaper_lock);
    if (srv->reaper) pthread_join(srv->reaper, NULL);
    ws_sessions_stop_all(srv); /* wakes the event streams, waits for the builds */
    if (srv->daemon) MHD_stop_daemon(srv->daemon);
    ws_remove_tree(srv->root);
    for (size_t i = 0; i < srv->nprograms; i++) {
        serve_program *p = &srv->programs[i];
        free(p->dir), free(p->id), free(p->name), free(p->issuer);
    }
    free(srv->programs);
    pthread_mutex_destroy(&srv->lock);
    pthread_mutex_destroy(&srv->reaper_lock);
    pthread_cond_destroy(&srv->reaper_wake);
    free(srv);
}
