/* serve/upload.c - files from the page into a session's input folder.
 *
 * Every path comes from the client, so every path is checked
 * (ws_upload_safe_path) and every file is created fresh inside in_dir with
 * O_EXCL | O_NOFOLLOW, in folders this code made itself: no link can exist
 * there, so nothing is ever written outside. The session's limits count
 * what arrives (bytes, files) and what a ZIP unpacks to: the ZIP's declared
 * sizes are added up before anything is unpacked, and the bytes actually
 * unpacked are counted again while writing (a ZIP can lie).
 *
 * Nothing in in_dir changes until the whole upload has come: each file, and
 * each file a ZIP holds, is written under a temporary name beside its place
 * and all are renamed into place at the end, or all removed when anything
 * went wrong or the page went away. A file being replaced is whole on disk
 * at every moment, and a failed upload leaves the folder as it was. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "job/check.h"
#include "serve/internal.h"
#include "input/zip_calls.h" /* last: the library's functions by their own names */

static void fail(request *r, int status, const char *fmt, const char *arg)
{
    if (r->status) return;
    r->status = status;
    snprintf(r->msg, sizeof r->msg, fmt, arg ? arg : "");
}

bool ws_upload_safe_path(const char *in, char *out, size_t n, const char **why)
{
    size_t len = strlen(in), w = 0;
    *why = NULL;
    if (!len || len >= n || len > 1024) *why = "文件名为空或太长";
    else if (ws_utf8_invalid_at(in, len) != (size_t)-1) *why = "文件名不是 UTF-8 编码";
    else if (in[0] == '/' || in[0] == '\\') *why = "是绝对路径";
    for (size_t i = 0; i < len && !*why; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x20 || c == 0x7F) *why = "文件名含控制字符";
        out[w++] = c == '\\' ? '/' : (char)c;
    }
    if (*why) return false;
    out[w] = '\0';
    /* every part: not empty, not "." or "..", at most 255 bytes */
    for (char *part = out;;) {
        char *slash = strchr(part, '/');
        size_t plen = slash ? (size_t)(slash - part) : strlen(part);
        if (plen == 0 || (plen == 1 && part[0] == '.') || (plen == 2 && !memcmp(part, "..", 2))) {
            *why = "路径中有空的部分、“.”或“..”";
            return false;
        }
        if (plen > 255) {
            *why = "文件名太长";
            return false;
        }
        if (!slash) break;
        part = slash + 1;
    }
    return true;
}

/* Makes the folders of rel (a checked path) inside base, 0700. */
static bool make_parents(const char *base, const char *rel)
{
    char path[2 * PATH_MAX];
    int k = snprintf(path, sizeof path, "%s/%s", base, rel);
    if (k < 0 || (size_t)k >= sizeof path) return false;
    for (char *p = path + strlen(base) + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        bool ok = mkdir(path, 0700) == 0 || errno == EEXIST;
        struct stat st;
        ok = ok && lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        *p = '/';
        if (!ok) return false;
    }
    return true;
}

/* Creates base/rel afresh (an older file of the same name is replaced). */
static int create_file(const char *base, const char *rel)
{
    char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    if (!make_parents(base, rel)) return -1;
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) return -1;
        unlink(path);
    }
    return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
}

/* Creates the temporary that becomes in_dir/rel when the upload is over
 * (r->pending); -1 when it cannot be made, or rel is there as something
 * other than a file. */
static int create_input(request *r, const char *rel)
{
    const char *in = r->s->in_dir;
    char path[2 * PATH_MAX], tmp[2 * PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", in, rel);
    if (!make_parents(in, rel)) return -1;
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) return -1;
    upload_file *p = realloc(r->pending, (r->npending + 1) * sizeof *p);
    if (!p) return -1;
    r->pending = p;
    ws_tmp_path_for(path, tmp, sizeof tmp);
    upload_file f = {strdup(tmp), strdup(path)};
    int fd = -1;
    if (f.tmp && f.path)
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        free(f.tmp), free(f.path);
        return -1;
    }
    r->pending[r->npending++] = f;
    return fd;
}

/* Removes the temporaries of r->pending from index 'from' on and forgets them all. */
static void drop_pending(request *r, size_t from)
{
    for (size_t i = 0; i < r->npending; i++) {
        if (i >= from) unlink(r->pending[i].tmp);
        free(r->pending[i].tmp), free(r->pending[i].path);
    }
    free(r->pending);
    r->pending = NULL;
    r->npending = 0;
}

/* Renames every received file into place, in the order received (the last
 * of two with one name wins). */
static void commit_pending(request *r)
{
    size_t i = 0;
    for (; i < r->npending; i++) {
        if (rename(r->pending[i].tmp, r->pending[i].path) != 0) {
            const char *rel = r->pending[i].path + strlen(r->s->in_dir) + 1;
            snprintf(r->msg, sizeof r->msg, "无法保存上传的文件 %.200s：%s", rel,
                     errno == EISDIR || errno == ENOTEMPTY ? "已有同名的文件夹"
                                                           : ws_write_reason(errno));
            r->status = 500;
            break;
        }
    }
    drop_pending(r, i);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcasecmp(s + a - b, suffix);
}

/* Room left in the session for bytes and files (under s->lock). */
static bool take_room(session *s, size_t bytes, size_t files)
{
    const ws_serve_opts *o = &s->server->opts;
    pthread_mutex_lock(&s->lock);
    bool ok = s->in_bytes + bytes <= o->max_upload_bytes && s->in_files + files <= o->max_files;
    if (ok) {
        s->in_bytes += bytes;
        s->in_files += files;
    }
    pthread_mutex_unlock(&s->lock);
    return ok;
}

static void close_file(request *r)
{
    if (r->fd < 0) return;
    if (close(r->fd) != 0) fail(r, 500, "无法保存上传的文件（磁盘已满？）%s", "");
    r->fd = -1;
}

/* A new file part: where it goes. A part sent as "zip" goes to a temporary
 * name and is unpacked at the end; any other part ("files") is kept as it
 * is, a .zip among the attachments too. */
static void start_file(request *r, const char *key, const char *filename)
{
    session *s = r->s;
    const char *why;
    close_file(r);
    if (!ws_upload_safe_path(filename, r->rel, sizeof r->rel, &why)) {
        fail(r, 400, "上传的文件名不能用（%s）", why);
        return;
    }
    if (!take_room(s, 0, 1)) {
        snprintf(r->msg, sizeof r->msg, "上传的文件太多（最多 %zu 个）", s->server->opts.max_files);
        r->status = 413;
        return;
    }
    r->files++;
    r->cur_zip = !strcmp(key, "zip");
    if (r->cur_zip) {
        char **z = realloc(r->zips, (r->nzips + 1) * sizeof *z);
        if (!z) {
            fail(r, 500, "%s", "内存不足");
            return;
        }
        r->zips = z;
        char name[64];
        snprintf(name, sizeof name, "upload-%zu.zip", r->nzips);
        r->zips[r->nzips] = strdup(r->rel); /* its name for messages */
        if (!r->zips[r->nzips]) {
            fail(r, 500, "%s", "内存不足");
            return;
        }
        r->nzips++;
        r->fd = create_file(s->dir, name);
    } else {
        r->fd = create_input(r, r->rel);
    }
    if (r->fd < 0) fail(r, 500, "无法保存上传的文件 %.200s", r->rel);
}

static void add_field(request *r, const char *key, const char *data, uint64_t off, size_t size)
{
    struct {
        const char *key;
        char *buf;
        size_t cap;
    } fields[] = {{"program", r->program, sizeof r->program},
                  {"records", r->records, sizeof r->records},
                  {"force", r->force, sizeof r->force},
                  {"password", r->password, sizeof r->password}};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (strcmp(key, fields[i].key)) continue;
        if (off + size >= fields[i].cap) {
            if (fields[i].buf == r->password) r->password_too_long = true;
            return;
        }
        memcpy(fields[i].buf + off, data, size);
        fields[i].buf[off + size] = '\0';
    }
}

enum MHD_Result ws_upload_iterate(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *content_type,
                                  const char *transfer_encoding, const char *data, uint64_t off,
                                  size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    request *r = cls;
    if (r->status) return MHD_YES; /* read the rest, answer at the end */
    if (!filename) {
        add_field(r, key, data, off, size);
        return MHD_YES;
    }
    if (!r->s || !r->takes_files) {
        fail(r, 400, "%s", "这里不接受文件");
        return MHD_YES;
    }
    if (off == 0) start_file(r, key, filename);
    if (r->status || !size) return MHD_YES;
    if (!take_room(r->s, size, 0)) {
        snprintf(r->msg, sizeof r->msg, "上传的文件太大（合计最多 %zu MB）",
                 r->s->server->opts.max_upload_bytes >> 20);
        r->status = 413;
        return MHD_YES;
    }
    r->bytes += size;
    for (size_t done = 0; done < size;) {
        ssize_t k = write(r->fd, data + done, size - done);
        if (k <= 0) {
            fail(r, 500, "无法保存上传的文件 %.200s（磁盘已满？）", r->rel);
            return MHD_YES;
        }
        done += (size_t)k;
    }
    return MHD_YES;
}

/* --- ZIP ---------------------------------------------------------------------------- */

/* An entry's name as UTF-8: as stored when it is UTF-8, else converted from
 * GB18030 (the encoding Chinese Windows writes into ZIPs); false when it is
 * neither. */
static bool entry_name(const char *raw, char *out, size_t n)
{
    size_t len = strlen(raw);
    if (ws_utf8_invalid_at(raw, len) == (size_t)-1) {
        snprintf(out, n, "%s", raw);
        return len < n;
    }
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return false;
    char *in = (char *)raw, *o = out;
    size_t inleft = len, outleft = n - 1;
    bool ok = iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1 && inleft == 0;
    iconv_close(cd);
    *o = '\0';
    return ok;
}

/* What an entry's external attributes say it is (Unix mode bits, when made on Unix). */
static bool entry_is_link_or_special(zip_t *z, zip_uint64_t i)
{
    zip_uint8_t opsys;
    zip_uint32_t attr;
    if (zip_file_get_external_attributes(z, i, 0, &opsys, &attr) != 0) return true;
    if (opsys != ZIP_OPSYS_UNIX) return false;
    unsigned mode = (attr >> 16) & S_IFMT;
    return mode && mode != S_IFREG && mode != S_IFDIR;
}

typedef struct zip_entry {
    char name[PATH_MAX];
    zip_uint64_t size;
    bool dir;
} zip_entry;

/* Looks at every entry before anything is written: names, kinds, the
 * declared total size and count against the session's room. */
static zip_entry *zip_plan(request *r, zip_t *z, const char *zip_name, zip_int64_t *count)
{
    session *s = r->s;
    const ws_serve_opts *o = &s->server->opts;
    zip_int64_t n = zip_get_num_entries(z, 0);
    *count = n;
    if (n < 0 || (zip_uint64_t)n > o->max_files) {
        snprintf(r->msg, sizeof r->msg, "ZIP 文件 %s 中的文件太多（最多 %zu 个）", zip_name,
                 o->max_files);
        r->status = 413;
        return NULL;
    }
    zip_entry *e = calloc((size_t)n + 1, sizeof *e);
    if (!e) {
        fail(r, 500, "%s", "内存不足");
        return NULL;
    }
    zip_uint64_t total = 0;
    for (zip_int64_t i = 0; i < n && !r->status; i++) {
        zip_stat_t st;
        const char *raw = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        char name[PATH_MAX];
        const char *why = NULL;
        if (!raw || zip_stat_index(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0 ||
            !(st.valid & ZIP_STAT_SIZE))
            why = "无法读取目录";
        else if (!entry_name(raw, name, sizeof name))
            why = "文件名既不是 UTF-8 也不是 GB18030 编码";
        else if (entry_is_link_or_special(z, (zip_uint64_t)i))
            why = "含有符号链接或特殊文件";
        if (!why) {
            size_t len = strlen(name);
            e[i].dir = len && name[len - 1] == '/';
            if (e[i].dir) name[len - 1] = '\0';
            if (!ws_upload_safe_path(name, e[i].name, sizeof e[i].name, &why))
                snprintf(r->msg, sizeof r->msg, "ZIP 文件 %.200s 中的「%.200s」不能解压：%s", zip_name,
                         name, why);
            e[i].size = st.size;
            total += st.size;
        } else {
            snprintf(r->msg, sizeof r->msg, "ZIP 文件 %s 不能解压：%s", zip_name, why);
        }
        if (why) r->status = 400;
    }
    if (!r->status && !take_room(s, total, (size_t)n)) {
        snprintf(r->msg, sizeof r->msg, "ZIP 文件 %s 解压后太大（合计最多 %zu MB）或文件太多",
                 zip_name, o->max_upload_bytes >> 20);
        r->status = 413;
    }
    if (r->status) {
        free(e);
        return NULL;
    }
    return e;
}

/* Unpacks one planned entry, counting the bytes that really come. */
static bool zip_write(request *r, zip_t *z, zip_uint64_t i, const zip_entry *e, const char *zip_name)
{
    int fd = create_input(r, e->name);
    zip_file_t *f = fd >= 0 ? zip_fopen_index(z, i, 0) : NULL;
    bool ok = f != NULL;
    zip_uint64_t got = 0;
    char buf[65536];
    while (ok) {
        zip_int64_t k = zip_fread(f, buf, sizeof buf);
        if (k <= 0) {
            ok = k == 0;
            break;
        }
        got += (zip_uint64_t)k;
        if (got > e->size) {
            snprintf(r->msg, sizeof r->msg, "ZIP 文件 %.200s 中的「%.200s」解压后比它声明的大，不能解压",
                     zip_name, e->name);
            r->status = 413;
            ok = false;
            break;
        }
        ok = write(fd, buf, (size_t)k) == k;
    }
    if (f && zip_fclose(f) != 0) ok = false;
    if (fd >= 0 && close(fd) != 0) ok = false;
    if (!ok && !r->status)
        snprintf(r->msg, sizeof r->msg, "ZIP 文件 %.200s 中的「%.200s」无法解压（文件损坏或磁盘已满）",
                 zip_name, e->name), r->status = 400;
    return ok;
}

/* Unpacks a received ZIP into temporaries in in_dir (r->pending). */
static void unpack(request *r, const char *zip_file, const char *zip_name)
{
    int zerr = 0;
    zip_t *z = zip_open(zip_file, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!z) {
        fail(r, 400, "%s 不是完好的 ZIP 文件", zip_name);
        return;
    }
    zip_int64_t n = 0;
    zip_entry *e = zip_plan(r, z, zip_name, &n);
    for (zip_int64_t i = 0; e && i < n && !r->status; i++) {
        if (e[i].dir) {
            char path[2 * PATH_MAX];
            snprintf(path, sizeof path, "%s/%s/x", r->s->in_dir, e[i].name);
            if (!make_parents(r->s->in_dir, path + strlen(r->s->in_dir) + 1))
                fail(r, 400, "ZIP 文件 %s 中的文件夹无法建立", zip_name);
        } else {
            zip_write(r, z, (zip_uint64_t)i, &e[i], zip_name);
        }
    }
    free(e);
    zip_discard(z);
}

/* --- the input listing -------------------------------------------------------------- */

static session *g_listing; /* nftw has no user pointer; guarded by listing_lock */
static pthread_mutex_t listing_lock = PTHREAD_MUTEX_INITIALIZER;
static char **g_found;
static size_t g_nfound, g_bytes, g_files;

static int list_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type != FTW_F || !S_ISREG(st->st_mode)) return 0;
    g_files++;
    g_bytes += (size_t)st->st_size;
    if (!ends_with(path, ".csv") && !ends_with(path, ".xlsx")) return 0;
    char **f = realloc(g_found, (g_nfound + 1) * sizeof *f);
    if (!f) return 1;
    g_found = f;
    g_found[g_nfound] = strdup(path + strlen(g_listing->in_dir) + 1);
    if (g_found[g_nfound]) g_nfound++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the records files (CSV, XLSX) under in_dir, sorted, and recounts
 * bytes and files from what is really there. */
static void list_inputs(session *s)
{
    pthread_mutex_lock(&listing_lock);
    g_listing = s;
    g_found = NULL;
    g_nfound = g_bytes = g_files = 0;
    nftw(s->in_dir, list_entry, 16, FTW_PHYS);
    if (g_nfound) qsort(g_found, g_nfound, sizeof *g_found, by_name);
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nrecords; i++) free(s->records[i]);
    free(s->records);
    s->records = g_found;
    s->nrecords = g_nfound;
    s->in_bytes = g_bytes;
    s->in_files = g_files;
    pthread_mutex_unlock(&s->lock);
    pthread_mutex_unlock(&listing_lock);
}

void ws_upload_finish(request *r)
{
    close_file(r);
    /* each ZIP is unpacked and let go: with none left, the request's end
     * (after the answer) has nothing for ws_upload_abort to do */
    for (size_t i = 0; i < r->nzips; i++) {
        char path[PATH_MAX + 80];
        snprintf(path, sizeof path, "%s/upload-%zu.zip", r->s->dir, i);
        if (!r->status) unpack(r, path, r->zips[i]);
        unlink(path);
        free(r->zips[i]);
    }
    free(r->zips);
    r->zips = NULL;
    r->nzips = 0;
    if (r->status) {
        ws_upload_abort(r);
        return;
    }
    bool changed = r->npending > 0;
    commit_pending(r);
    list_inputs(r->s);
    if (changed) ws_session_inputs_changed(r->s);
}

void ws_upload_abort(request *r)
{
    if (r->fd >= 0) {
        close(r->fd);
        r->fd = -1;
    }
    drop_pending(r, 0);
    for (size_t i = 0; i < r->nzips; i++) {
        if (r->s) {
            char path[PATH_MAX + 80];
            snprintf(path, sizeof path, "%s/upload-%zu.zip", r->s->dir, i);
            unlink(path);
        }
        free(r->zips[i]);
    }
    free(r->zips);
    r->zips = NULL;
    r->nzips = 0;
    if (r->s) list_inputs(r->s);
}

bool ws_upload_inputs_json(session *s, ws_buf *b)
{
    pthread_mutex_lock(&s->lock);
    ws_buf_printf(b, "{\"files\":%zu,\"bytes\":%zu,\"records\":[", s->in_files, s->in_bytes);
    for (size_t i = 0; i < s->nrecords; i++) {
        if (i) ws_buf_putc(b, ',');
        ws_json_str(b, s->records[i]);
    }
    ws_buf_puts(b, "]}");
    pthread_mutex_unlock(&s->lock);
    return !b->failed;
}
