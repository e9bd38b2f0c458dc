/* base/fs.c - see fs.h. */
#include "base/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/utf8.h"

ws_status ws_mkdirs(const char *path, ws_err *err)
{
    char buf[4096];
    size_t len = strlen(path);
    if (len == 0) return WS_OK;
    if (len >= sizeof buf) return ws_err_set(err, WS_ERR_IO, "路径太长：%s", path);
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return ws_err_set(err, WS_ERR_IO, "无法创建文件夹 %s：%s", buf, strerror(errno));
        buf[i] = saved;
    }
    if (!ws_dir_exists(path))
        return ws_err_set(err, WS_ERR_IO, "%s 已存在但不是文件夹", path);
    return WS_OK;
}

void ws_tmp_path_for(const char *path, char *out, size_t n)
{
    static atomic_uint counter;
    unsigned k = atomic_fetch_add(&counter, 1);
    char dir[4096];
    ws_path_dir(path, dir, sizeof dir);
    snprintf(out, n, "%s/" WS_TMP_PREFIX "%ld-%u", dir, (long)getpid(), k);
}

const char *ws_write_reason(int e)
{
    switch (e) {
    case ENOSPC: return "磁盘已满，请清理输出文件夹所在的磁盘或换一个输出文件夹";
    case EFBIG: return "文件太大，超过了系统允许的单个文件大小（ulimit -f 或文件系统的上限）";
#ifdef EDQUOT
    case EDQUOT: return "超出了磁盘配额，请清理或请管理员增加配额";
#endif
    case EROFS: return "输出文件夹所在的磁盘是只读的";
    case EACCES:
    case EPERM: return "没有写入权限";
    default: return strerror(e);
    }
}

const char *ws_disk_reason(int e, const char *fallback)
{
    bool disk = e == ENOSPC || e == EFBIG || e == EROFS;
#ifdef EDQUOT
    disk = disk || e == EDQUOT;
#endif
    return disk ? ws_write_reason(e) : fallback;
}

/* WENSHU_TEST_STOP_BEFORE_RENAME (tests only): the process stops itself
 * (SIGSTOP) right before each rename into a final name, so a test can look
 * at the folder at exactly the moment a kill would leave it in, then let it
 * go on (SIGCONT). */
static void test_stop_before_rename(void)
{
    static atomic_int wanted = -1; /* worker threads commit too */
    int w = atomic_load(&wanted);
    if (w < 0) {
        w = getenv("WENSHU_TEST_STOP_BEFORE_RENAME") != NULL;
        atomic_store(&wanted, w);
    }
    if (w) raise(SIGSTOP);
}

/* No fsync per file: a killed run cannot leave a partial file under its
 * final name (the rename only happens once the bytes are written), and an
 * fsync per PDF cost more than making it (tens of ms each). The build flushes
 * the output folder's file system once at the end (ws_sync_folder). */
ws_status ws_commit_tmp(const char *tmp, const char *path, ws_err *err)
{
    test_stop_before_rename();
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return ws_err_set(err, WS_ERR_IO, "无法写入 %s：%s", path, ws_write_reason(e));
    }
    return WS_OK;
}

int ws_write_all_close(int fd, const void *data, size_t len)
{
    const char *p = data;
    size_t left = len;
    int e = 0;
    while (left > 0) {
        ssize_t k = write(fd, p, left);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            e = k < 0 ? errno : ENOSPC;
            break;
        }
        p += k;
        left -= (size_t)k;
    }
    if (close(fd) != 0 && !e) e = errno;
    return e;
}

/* Every write and the close are checked (a full disk may only show at the
 * close, when stdio flushes its buffer); on any failure the temporary goes. */
ws_status ws_write_file_atomic(const char *path, const void *data, size_t len, ws_err *err)
{
    char tmp[4200];
    ws_tmp_path_for(path, tmp, sizeof tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return ws_err_set(err, WS_ERR_IO, "无法写入 %s：%s", path, ws_write_reason(errno));
    int e = ws_write_all_close(fd, data, len);
    if (e) {
        unlink(tmp);
        return ws_err_set(err, WS_ERR_IO, "写入 %s 失败：%s", path, ws_write_reason(e));
    }
    return ws_commit_tmp(tmp, path, err);
}

size_t ws_remove_stale_tmp(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char p[4200];
        ws_path_join(dir, e->d_name, p, sizeof p);
        if (strncmp(e->d_name, WS_TMP_PREFIX, strlen(WS_TMP_PREFIX)) == 0) {
            removed += unlink(p) == 0;
        } else if (depth > 0 && ws_dir_exists(p)) {
            removed += ws_remove_stale_tmp(p, depth - 1);
        }
    }
    closedir(d);
    return removed;
}

void ws_path_join(const char *dir, const char *name, char *out, size_t n)
{
    if (!dir || !*dir || name[0] == '/') {
        snprintf(out, n, "%s", name);
        return;
    }
    size_t dl = strlen(dir);
    snprintf(out, n, "%s%s%s", dir, dir[dl - 1] == '/' ? "" : "/", name);
}

void ws_path_dir(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(out, n, ".");
        return;
    }
    size_t len = (size_t)(slash - path);
    if (len == 0) len = 1; /* "/x" → "/" */
    snprintf(out, n, "%.*s", (int)len, path);
}

bool ws_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* What a non-regular file is, in the words ws_open_regular promises. */
static const char *not_regular(mode_t mode)
{
    if (S_ISDIR(mode)) return "是文件夹，不是文件";
    if (S_ISFIFO(mode)) return "是命名管道（FIFO），不是普通文件";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "是设备文件（如 /dev/zero），不是普通文件";
    if (S_ISSOCK(mode)) return "是套接字，不是普通文件";
    return "不是普通文件";
}

ws_status ws_open_regular(const char *path, int *fd, size_t *size, ws_err *err)
{
    int f = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (f < 0) {
        int e = errno == ENOTDIR ? ENOENT : errno;
        ws_status rc = e == ENOENT ? ws_err_set(err, WS_ERR_IO, "找不到文件")
                                   : ws_err_set(err, WS_ERR_IO, "无法打开：%s", strerror(e));
        errno = e;
        return rc;
    }
    struct stat st;
    if (fstat(f, &st) != 0) {
        int e = errno;
        close(f);
        ws_status rc = ws_err_set(err, WS_ERR_IO, "无法读取：%s", strerror(e));
        errno = e;
        return rc;
    }
    if (!S_ISREG(st.st_mode)) {
        close(f);
        ws_status rc = ws_err_set(err, WS_ERR_IO, "%s", not_regular(st.st_mode));
        errno = EINVAL;
        return rc;
    }
    int flags = fcntl(f, F_GETFL);
    if (flags >= 0) fcntl(f, F_SETFL, flags & ~O_NONBLOCK); /* a regular file never blocks anyway */
    if (size) *size = (size_t)st.st_size;
    if (fd) *fd = f;
    else close(f);
    return WS_OK;
}

FILE *ws_fopen_regular(const char *path, ws_err *err)
{
    int fd;
    ws_err why;
    ws_err_clear(&why);
    if (ws_open_regular(path, &fd, NULL, &why) != WS_OK) {
        ws_err_set(err, WS_ERR_IO, "无法打开 %s：%s", path, why.msg);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        ws_err_set(err, WS_ERR_IO, "无法打开 %s：%s", path, strerror(errno));
        close(fd);
    }
    return f;
}

bool ws_dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

ws_status ws_read_file(const char *path, char **data, size_t *len, ws_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return ws_err_set(err, WS_ERR_IO, "无法打开 %s：%s", path, strerror(errno));
    ws_status st = ws_read_stream(f, path, WS_READ_ANY_SIZE, data, len, err);
    fclose(f);
    return st;
}

ws_status ws_read_stream(FILE *f, const char *path, size_t limit, char **data, size_t *len,
                         ws_err *err)
{
    char *buf = NULL;
    size_t size = 0, cap = 0, most = limit + 1; /* one byte past the limit shows it is passed */
    ws_status st = WS_OK;
    struct stat sb; /* a regular file: one buffer of its size (the +1 sees its end) */
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (size_t)sb.st_size < most && (buf = malloc((size_t)sb.st_size + 2)))
        cap = (size_t)sb.st_size + 1;
    while (size < most) {
        if (size == cap) { /* buf holds cap + 1 bytes: the last one for the '\0' */
            cap = cap ? cap * 2 : 65536;
            if (cap > most) cap = most;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                st = ws_err_set(err, WS_ERR_NOMEM, "%s：内存不足", path);
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + size, 1, cap - size, f);
        size += got;
        if (got == 0) {
            if (ferror(f)) st = ws_err_set(err, WS_ERR_IO, "读取 %s 失败：%s", path, strerror(errno));
            break;
        }
    }
    if (st != WS_OK) {
        free(buf);
        return st;
    }
    if (!buf && !(buf = malloc(1))) return ws_err_set(err, WS_ERR_NOMEM, "%s：内存不足", path);
    buf[size] = '\0';
    *data = buf;
    *len = size;
    return WS_OK;
}

ws_status ws_map_file(const char *path, const char **data, size_t *len, ws_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ws_err_set(err, WS_ERR_IO, "无法打开 %s：%s", path, strerror(errno));
    struct stat sb;
    void *p = MAP_FAILED;
    int fail = 0;
    if (fstat(fd, &sb) != 0) fail = errno;
    else if (sb.st_size == 0) p = (void *)"";
    else if ((p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) fail = errno;
    close(fd);
    if (p == MAP_FAILED) return ws_err_set(err, WS_ERR_IO, "读取 %s 失败：%s", path, strerror(fail));
    *data = p;
    *len = (size_t)sb.st_size;
    return WS_OK;
}

void ws_unmap_file(const char *data, size_t len)
{
    if (data && len) munmap((void *)data, len);
}

static const char *safe_replacement(uint32_t cp)
{
    switch (cp) {
    case '/': return "／";
    case '\\': return "＼";
    case ':': return "：";
    case '*': return "＊";
    case '?': return "？";
    case '"': return "＂";
    case '<': return "＜";
    case '>': return "＞";
    case '|': return "｜";
    default: return NULL;
    }
}

/* Characters that print as nothing yet make two names differ: zero-width
 * spaces and joiners, bidi controls (U+202E turns "gpj.exe" around), the BOM,
 * soft hyphen, invisible operators, line/paragraph separators, tags. */
static bool is_invisible(int32_t cp)
{
    return cp == 0xAD || cp == 0x34F || cp == 0x61C || cp == 0x115F || cp == 0x1160 ||
           cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFFB) ||
           (cp >= 0xE0000 && cp <= 0xE0FFF);
}

static bool is_device_name(const char *s)
{
    static const char *const names[] = {"CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
                                        "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
                                        "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
                                        "LPT9", NULL};
    const char *dot = strchr(s, '.');
    size_t len = dot ? (size_t)(dot - s) : strlen(s);
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == len && strncasecmp(s, names[i], len) == 0) return true;
    return false;
}

void ws_safe_filename(const char *name, char *out, size_t max_bytes)
{
    size_t len = strlen(name), o = 0, i = 0;
    if (max_bytes < 8) max_bytes = 8;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(name + i, len - i, &k);
        const char *piece = name + i;
        size_t plen = k;
        i += k;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) continue; /* controls, bad bytes */
        if (is_invisible(cp)) continue;
        const char *rep = safe_replacement((uint32_t)cp);
        if (rep) {
            piece = rep;
            plen = strlen(rep);
        }
        if (o + plen > max_bytes - 1) break;
        memcpy(out + o, piece, plen);
        o += plen;
    }
    out[o] = '\0';
    /* no leading/trailing dots or spaces (Windows drops them; "." and ".." are special) */
    size_t start = 0;
    while (out[start] == '.' || out[start] == ' ') start++;
    memmove(out, out + start, strlen(out + start) + 1);
    o = strlen(out);
    while (o > 0 && (out[o - 1] == '.' || out[o - 1] == ' ')) out[--o] = '\0';
    if (o == 0) snprintf(out, max_bytes, "_");
    else if (is_device_name(out)) {
        memmove(out + 1, out, strlen(out) + 1 < max_bytes - 1 ? strlen(out) + 1 : max_bytes - 2);
        out[0] = '_';
        out[max_bytes - 1] = '\0';
    }
}

void ws_sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    syncfs(fd);
    close(fd);
}

struct ws_flusher {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    int fd, period_ms;
};

static void *flusher_main(void *arg)
{
    ws_flusher *f = arg;
    pthread_mutex_lock(&f->lock);
    while (!f->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)f->period_ms * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        while (!f->stop && pthread_cond_timedwait(&f->wake, &f->lock, &until) != ETIMEDOUT) {
        }
        if (f->stop) break;
        pthread_mutex_unlock(&f->lock);
        syncfs(f->fd);
        pthread_mutex_lock(&f->lock);
    }
    pthread_mutex_unlock(&f->lock);
    return NULL;
}

ws_flusher *ws_flusher_start(const char *dir, int period_ms)
{
    ws_flusher *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    f->period_ms = period_ms;
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->wake, NULL);
    if (f->fd < 0 || pthread_create(&f->thread, NULL, flusher_main, f) != 0) {
        if (f->fd >= 0) close(f->fd);
        pthread_mutex_destroy(&f->lock);
        pthread_cond_destroy(&f->wake);
        free(f);
        return NULL;
    }
    return f;
}

void ws_flusher_stop(ws_flusher *f)
{
    if (!f) return;
    pthread_mutex_lock(&f->lock);
    f->stop = true;
    pthread_cond_signal(&f->wake);
    pthread_mutex_unlock(&f->lock);
    pthread_join(f->thread, NULL);
    close(f->fd);
    pthread_mutex_destroy(&f->lock);
    pthread_cond_destroy(&f->wake);
    free(f);
}
