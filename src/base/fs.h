/* base/fs.h - paths, folders and atomic file writes.
 *
 * Every output file is written under a temporary name in its own folder and
 * renamed into place when complete, so a run killed at any moment leaves
 * only whole files (plus ".wenshu-tmp-*" files that the next run removes). */
#ifndef WS_BASE_FS_H
#define WS_BASE_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

#define WS_TMP_PREFIX ".wenshu-tmp-"

/* mkdir -p; WS_ERR_IO naming the folder on failure. */
ws_status ws_mkdirs(const char *path, ws_err *err);

/* A temporary name next to 'path' (same folder) into out. */
void ws_tmp_path_for(const char *path, char *out, size_t n);

/* Renames tmp (complete) to path; on failure removes tmp and returns
 * WS_ERR_IO naming path and the reason. No fsync (see ws_sync_folder).
 * With WENSHU_TEST_STOP_BEFORE_RENAME set in the environment the process
 * stops itself (SIGSTOP) before each rename: a test hook for "killed between
 * write and rename" (tests/e2e/writes.sh). */
ws_status ws_commit_tmp(const char *tmp, const char *path, ws_err *err);

/* Why a write failed, for a clerk (磁盘已满 for ENOSPC, 文件太大 for EFBIG …);
 * a static string. */
const char *ws_write_reason(int errnum);

/* ws_write_reason(errnum) when errnum says the disk refused the bytes
 * (full, file too large, quota, read-only), else 'fallback': for libraries
 * whose own message would hide that (libxlsxwriter's "ZIP_ERRNO"). */
const char *ws_disk_reason(int errnum, const char *fallback);

/* Flushes the file system holding dir to disk (syncfs): once, after a
 * build, so the files survive a power cut too. */
void ws_sync_folder(const char *dir);

/* A thread that flushes dir's file system every period_ms while a build
 * writes, so that the disk takes the files as they come and the one
 * ws_sync_folder at the end has little left to wait for (1000 forms: 140 MB
 * written at the end, 0.1 s with every core idle). It only hurries what
 * ws_sync_folder does anyway. NULL when the thread cannot start (nothing
 * lost: the final sync does it all). */
typedef struct ws_flusher ws_flusher;
ws_flusher *ws_flusher_start(const char *dir, int period_ms);
void ws_flusher_stop(ws_flusher *f); /* waits for the thread; accepts NULL */

/* Writes bytes to a temporary beside path, checking every write and the
 * close, and renames it to path only when all bytes are on disk; on failure
 * the temporary is removed and WS_ERR_IO says why (ws_write_reason). */
ws_status ws_write_file_atomic(const char *path, const void *data, size_t len, ws_err *err);

/* Writes all of data[0..len) to fd (again after EINTR or a short write)
 * and closes it: 0, or the errno of the write or close that failed
 * (ENOSPC for a write that wrote nothing). The fd is closed either way. */
int ws_write_all_close(int fd, const void *data, size_t len);

/* Removes leftover temporaries (WS_TMP_PREFIX*) in dir and its subfolders
 * up to 'depth' levels; returns how many were removed. */
size_t ws_remove_stale_tmp(const char *dir, int depth);

/* Joins dir and name with one '/' into out. */
void ws_path_join(const char *dir, const char *name, char *out, size_t n);

/* The folder part of path ("." when none) into out. */
void ws_path_dir(const char *path, char *out, size_t n);

bool ws_file_exists(const char *path);

/* Opens a file a record or template names, for reading, accepting regular
 * files only. The open is non-blocking, so a FIFO (or a device, or a path
 * swapped for one) can never hang the caller in open(); fstat then decides
 * on what was opened. On WS_OK, *fd (when fd is not NULL; otherwise it is
 * closed) is an ordinary blocking descriptor the caller closes, and *size
 * (may be NULL) the file's size. Otherwise WS_ERR_IO, errno is ENOENT when
 * nothing is there, and err says why in a few words for a clerk, without
 * the path: 找不到文件 / 是文件夹，不是文件 / 是命名管道（FIFO），不是普通文件 /
 * 是设备文件（如 /dev/zero），不是普通文件 / 是套接字，不是普通文件 / the system's
 * reason. Callers put the path and the field around it. */
ws_status ws_open_regular(const char *path, int *fd, size_t *size, ws_err *err);

/* ws_open_regular as a FILE* for reading ("rb"), or NULL with err set to
 * WS_ERR_IO and "无法打开 PATH：<why>" (a records file given as a FIFO says so
 * instead of blocking). */
FILE *ws_fopen_regular(const char *path, ws_err *err);
bool ws_dir_exists(const char *path);

/* Reads a whole file (malloc'd, NUL-terminated). */
ws_status ws_read_file(const char *path, char **data, size_t *len, ws_err *err);
/* The same from f, open for reading (left open; path names it in messages):
 * for a file opened with ws_fopen_regular, so that what was checked is what
 * is read. Reads at most limit + 1 bytes (limit < SIZE_MAX - 1): *len >
 * limit says the file is longer than the caller accepts (a pipe, or a file
 * still growing after its size was checked), and the caller says so. */
#define WS_READ_ANY_SIZE (SIZE_MAX - 2) /* ws_read_stream's limit for "no limit" */
ws_status ws_read_stream(FILE *f, const char *path, size_t limit, char **data, size_t *len,
                         ws_err *err);

/* Maps a whole file read-only (*data, *len; undone with ws_unmap_file): a
 * large data file read in place costs a page fault per 16 pages where a copy
 * costs one per page. An empty file maps to "" (len 0). WS_ERR_IO when it
 * cannot be opened or mapped. The file must not shrink while it is mapped. */
ws_status ws_map_file(const char *path, const char **data, size_t *len, ws_err *err);
void ws_unmap_file(const char *data, size_t len); /* accepts what ws_map_file gave, and NULL */

/* Makes a file name component safe on every file system: removes control
 * characters and invisible ones (zero-width, bidi controls, BOM), replaces
 * / \ : * ? " < > | by full-width look-alikes or '_',
 * trims dots and spaces at the ends, avoids Windows device names (CON, NUL …)
 * and cuts (at a character boundary) to max_bytes. "" becomes "_". */
void ws_safe_filename(const char *name, char *out, size_t max_bytes);

#endif
