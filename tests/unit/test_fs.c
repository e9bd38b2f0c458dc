/* Unit tests for base/fs: atomic writes on a full disk, safe file names. */
#include "harness.h"

#include <dirent.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/fs.h"

/* Files in dir (not . and ..). */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d) closedir(d);
    return n;
}

/* RLIMIT_FSIZE with SIGXFSZ ignored: a write past the limit fails with
 * EFBIG, as on a full disk. The write must fail with the reason, leave no
 * temporary and no file under the final name; under the limit it succeeds. */
TEST(write_atomic_reports_a_full_disk)
{
    char dir[] = "/tmp/ws-test-fs-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    static char data[64 * 1024];
    memset(data, 'x', sizeof data);
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 16 * 1024;
    signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    ws_err err;
    ws_err_clear(&err);
    ws_status st = ws_write_file_atomic(path, data, sizeof data, &err);
    ws_status small = ws_write_file_atomic(path, data, 1000, NULL);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, SIG_DFL);
    CHECK_INT(st, WS_ERR_IO);
    CHECK(strstr(err.msg, "文件太大") != NULL);
    CHECK(strstr(err.msg, "out.pdf") != NULL);
    CHECK_INT(small, WS_OK);
    CHECK_INT(count_files(dir), 1); /* out.pdf of 1000 bytes, no temporary */
    CHECK(ws_file_exists(path));
    unlink(path);
    rmdir(dir);
}

TEST(safe_filename_drops_invisible_characters)
{
    char out[256];
    ws_safe_filename("王\u200b五", out, sizeof out);
    CHECK_STR(out, "王五");
    ws_safe_filename("\ufeff李\u202e四\u2060\u200d", out, sizeof out);
    CHECK_STR(out, "李四");
    ws_safe_filename("a\x1b[31mb", out, sizeof out);
    CHECK_STR(out, "a[31mb");
    ws_safe_filename("\u200b", out, sizeof out);
    CHECK_STR(out, "_");
}

/* A file is read into a buffer of its own size: growing 64 KB at a time and
 * doubling gave a 35 KB attachment 128 KB, and a packet binding 1000 of them
 * held 150 MB of buffers for 40 MB of PDFs. */
TEST(read_file_takes_the_file_size)
{
    char path[] = "/tmp/wenshu-test-read-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    static char bytes[35000];
    memset(bytes, 'x', sizeof bytes);
    CHECK(write(fd, bytes, sizeof bytes) == (ssize_t)sizeof bytes);
    close(fd);
    char *data = NULL;
    size_t len = 0;
    ws_err err;
    CHECK_INT(ws_read_file(path, &data, &len, &err), WS_OK);
    CHECK(len == sizeof bytes && data[len] == 0 && !memcmp(data, bytes, len));
    CHECK(malloc_usable_size(data) < sizeof bytes + 4096);
    free(data);
    unlink(path);
}

/* A read with a limit stops one byte past it, from a file or a pipe: the
 * caller (a records file: 256 MB) sees the limit passed without holding the
 * rest; an empty stream reads as "" (a buffer of its own). */
TEST(read_stream_stops_past_its_limit)
{
    char path[] = "/tmp/wenshu-test-limit-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    close(fd);
    static const struct {
        size_t limit, len;
    } cases[] = {{4, 5}, {9, 10}, {10, 10}, {WS_READ_ANY_SIZE, 10}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "rb");
        char *data = NULL;
        size_t len = 0;
        ws_err err;
        CHECK_INT(ws_read_stream(f, path, cases[i].limit, &data, &len, &err), WS_OK);
        CHECK_INT((int)len, (int)cases[i].len);
        CHECK(data && data[len] == 0 && !memcmp(data, "0123456789", len));
        free(data);
        fclose(f);
    }
    unlink(path);
    FILE *p = popen("head -c 200000 /dev/zero", "r");
    char *data = NULL;
    size_t len = 0;
    ws_err err;
    CHECK_INT(ws_read_stream(p, "pipe", 100000, &data, &len, &err), WS_OK);
    CHECK_INT((int)len, 100001);
    free(data);
    pclose(p);
    p = popen("true", "r");
    CHECK_INT(ws_read_stream(p, "pipe", 100000, &data, &len, &err), WS_OK);
    CHECK(len == 0 && data && data[0] == 0);
    free(data);
    pclose(p);
}

/* The flusher of a build's output folder: starts on a folder (not on a
 * missing one), and stopping it wakes its thread at once, whatever its
 * period: the build's end never waits for the next flush. */
TEST(a_flusher_stops_at_once)
{
    char dir[] = "/tmp/wenshu-flush-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    CHECK(ws_flusher_start("/nonexistent/wenshu-folder", 100) == NULL);
    ws_flusher_stop(NULL);
    ws_flusher *f = ws_flusher_start(dir, 60 * 1000);
    CHECK(f != NULL);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    ws_flusher_stop(f);
    clock_gettime(CLOCK_MONOTONIC, &b);
    CHECK(b.tv_sec - a.tv_sec < 5);
    ws_flusher *quick = ws_flusher_start(dir, 1);
    CHECK(quick != NULL);
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL); /* a few flushes */
    ws_flusher_stop(quick);
    rmdir(dir);
}

int main(void)
{
    RUN(write_atomic_reports_a_full_disk);
    RUN(safe_filename_drops_invisible_characters);
    RUN(read_file_takes_the_file_size);
    RUN(read_stream_stops_past_its_limit);
    RUN(a_flusher_stops_at_once);
    return TH_DONE();
}
