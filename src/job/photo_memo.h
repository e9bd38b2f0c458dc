/* job/photo_memo.h - a record's photo shrunk once per build, not again for
 * its packet.
 *
 * A packet (and a 合订本) lays its records' forms out again, and with them
 * their photos: a phone's 12-megapixel JPEG was read, checked (decoded at
 * 1/8) and shrunk (decoded at 1/4, re-encoded) a second time, ~12 ms of CPU
 * each. The memo keeps what the shrinking made in a temporary file of the
 * output folder (WS_TMP_PREFIX: a killed build's is removed by the next one)
 * and hands it back while the photo file is the one it was made from (same
 * device, inode, size and modification time). Only shrunk JPEGs are kept: a
 * photo small enough is read and checked again, which is cheap. Not for a
 * build with --encrypt: a photo is personal data, and a temporary would hold
 * it unencrypted. Thread-safe. */
#ifndef WS_JOB_PHOTO_MEMO_H
#define WS_JOB_PHOTO_MEMO_H

#include <sys/stat.h>

#include "base/arena.h"
#include "input/image.h"

typedef struct ws_photo_memo ws_photo_memo;

/* A memo keeping its files in folder 'dir' (which must exist); NULL when
 * out of memory (the build then goes without). */
ws_photo_memo *ws_photo_memo_create(const char *dir);

/* Removes its files and frees it. Accepts NULL. */
void ws_photo_memo_destroy(ws_photo_memo *m);

/* The photo at 'path' (sb: its stat now) as it was shrunk, read back into
 * 'arena': a JPEG of the shrunk size, with the file's orientation and size.
 * NULL when it was not kept, the file has changed since, or the kept copy
 * cannot be read back whole: then load it as usual. */
ws_image *ws_photo_memo_find(ws_photo_memo *m, const char *path, const struct stat *sb,
                             ws_arena *arena);

/* Keeps img, loaded from 'path' whose stat before loading was *sb, if it
 * is a shrunk JPEG (img->recoded). Quietly keeps nothing when it cannot
 * (disk full, out of memory): the photo is then shrunk again when needed. */
void ws_photo_memo_keep(ws_photo_memo *m, const char *path, const struct stat *sb,
                        const ws_image *img);

/* How many finds were answered from the memo (tests, bench). */
size_t ws_photo_memo_hits(ws_photo_memo *m);

#endif
