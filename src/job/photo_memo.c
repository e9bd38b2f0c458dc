/* job/photo_memo.c - see photo_memo.h. */
#include "job/photo_memo.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fs.h"

#define BUCKETS 4096

typedef struct kept {
    struct kept *next;
    char *path;     /* the photo file */
    char *copy;     /* the temporary holding its shrunk bytes */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    size_t bytes;   /* of the copy */
    int width_px, height_px, components, orientation;
    size_t file_size;
} kept;

struct ws_photo_memo {
    pthread_mutex_t lock;
    char *dir;
    kept *bucket[BUCKETS];
    atomic_size_t hits;
};

static size_t bucket_of(const char *path)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) h = (h ^ *p) * 16777619u;
    return h % BUCKETS;
}

static bool same_file(const kept *k, const struct stat *sb)
{
    return k->dev == sb->st_dev && k->ino == sb->st_ino && k->size == sb->st_size &&
           k->mtime.tv_sec == sb->st_mtim.tv_sec && k->mtime.tv_nsec == sb->st_mtim.tv_nsec;
}

ws_photo_memo *ws_photo_memo_create(const char *dir)
{
    ws_photo_memo *m = calloc(1, sizeof *m);
    if (!m || !(m->dir = strdup(dir))) {
        free(m);
        return NULL;
    }
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

void ws_photo_memo_destroy(ws_photo_memo *m)
{
    if (!m) return;
    for (size_t b = 0; b < BUCKETS; b++)
        for (kept *k = m->bucket[b], *next; k; k = next) {
            next = k->next;
            unlink(k->copy);
            free(k->copy);
            free(k->path);
            free(k);
        }
    pthread_mutex_destroy(&m->lock);
    free(m->dir);
    free(m);
}

size_t ws_photo_memo_hits(ws_photo_memo *m)
{
    return m ? atomic_load(&m->hits) : 0;
}

/* The entry for path (under the lock), or NULL. */
static kept *lookup(ws_photo_memo *m, const char *path)
{
    for (kept *k = m->bucket[bucket_of(path)]; k; k = k->next)
        if (!strcmp(k->path, path)) return k;
    return NULL;
}

/* Reads the whole of file (exactly 'bytes' of it) into arena; NULL when it
 * is not there whole or is not a complete JPEG (SOI ... EOI). */
static unsigned char *read_copy(const char *file, size_t bytes, ws_arena *arena)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    unsigned char *data = bytes >= 4 ? ws_arena_alloc(arena, bytes + 1) : NULL;
    size_t got = 0;
    while (data && got <= bytes) { /* one byte more than expected: a longer file fails */
        ssize_t k = read(fd, data + got, bytes + 1 - got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        got += (size_t)k;
    }
    close(fd);
    if (!data || got != bytes) return NULL;
    bool jpeg = data[0] == 0xFF && data[1] == 0xD8 && data[bytes - 2] == 0xFF && data[bytes - 1] == 0xD9;
    return jpeg ? data : NULL;
}

ws_image *ws_photo_memo_find(ws_photo_memo *m, const char *path, const struct stat *sb,
                             ws_arena *arena)
{
    if (!m) return NULL;
    pthread_mutex_lock(&m->lock);
    const kept *k = lookup(m, path);
    kept found = k && same_file(k, sb) ? *k : (kept){0};
    pthread_mutex_unlock(&m->lock);
    if (!found.copy) return NULL;
    unsigned char *data = read_copy(found.copy, found.bytes, arena); /* entries are never freed
                                                                       before the memo */
    ws_image *img = data ? ws_arena_calloc(arena, 1, sizeof *img) : NULL;
    char *own_path = img ? ws_arena_strdup(arena, path) : NULL;
    if (!own_path) return NULL;
    *img = (ws_image){.kind = WS_IMAGE_JPEG, .path = own_path, .width_px = found.width_px,
                      .height_px = found.height_px, .components = found.components,
                      .orientation = found.orientation, .data = data, .size = found.bytes,
                      .file_size = found.file_size, .recoded = true};
    atomic_fetch_add(&m->hits, 1);
    return img;
}

/* Writes bytes to a new temporary in the memo's folder; its path, or NULL. */
static char *write_copy(const ws_photo_memo *m, const unsigned char *bytes, size_t len)
{
    char near[4200], tmp[4300];
    snprintf(near, sizeof near, "%s/photo", m->dir);
    ws_tmp_path_for(near, tmp, sizeof tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return NULL;
    if (ws_write_all_close(fd, bytes, len) != 0) {
        unlink(tmp);
        return NULL;
    }
    char *copy = strdup(tmp);
    if (!copy) unlink(tmp);
    return copy;
}

void ws_photo_memo_keep(ws_photo_memo *m, const char *path, const struct stat *sb,
                        const ws_image *img)
{
    if (!m || img->kind != WS_IMAGE_JPEG || !img->recoded) return;
    pthread_mutex_lock(&m->lock);
    bool known = lookup(m, path) != NULL;
    pthread_mutex_unlock(&m->lock);
    if (known) return;
    kept *k = calloc(1, sizeof *k);
    if (!k || !(k->path = strdup(path)) || !(k->copy = write_copy(m, img->data, img->size))) {
        if (k) free(k->path);
        free(k);
        return;
    }
    k->dev = sb->st_dev, k->ino = sb->st_ino, k->size = sb->st_size, k->mtime = sb->st_mtim;
    k->bytes = img->size, k->file_size = img->file_size;
    k->width_px = img->width_px, k->height_px = img->height_px;
    k->components = img->components, k->orientation = img->orientation;
    pthread_mutex_lock(&m->lock);
    bool raced = lookup(m, path) != NULL; /* another worker kept the same photo meanwhile */
    if (!raced) {
        size_t b = bucket_of(path);
        k->next = m->bucket[b];
        m->bucket[b] = k;
    }
    pthread_mutex_unlock(&m->lock);
    if (raced) {
        unlink(k->copy);
        free(k->copy);
        free(k->path);
        free(k);
    }
}
