/* base/arena.h - bump allocator for everything that lives as long as one
 * record (or one template, or one document).
 *
 * Memory comes in chunks; ws_arena_reset() keeps the first chunk and frees the
 * rest, so a worker that lays out thousands of records reuses the same memory
 * and its footprint stays flat. Nothing allocated from an arena is freed on
 * its own. Allocation returns NULL only when malloc fails. */
#ifndef WS_BASE_ARENA_H
#define WS_BASE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ws_arena ws_arena;

ws_arena *ws_arena_create(size_t chunk_size); /* 0 = 64 KiB */
void ws_arena_destroy(ws_arena *a);          /* accepts NULL */
void ws_arena_reset(ws_arena *a);

void *ws_arena_alloc(ws_arena *a, size_t size);   /* 16-byte aligned, uninitialised */
void *ws_arena_calloc(ws_arena *a, size_t n, size_t size);
char *ws_arena_strdup(ws_arena *a, const char *s);
char *ws_arena_strndup(ws_arena *a, const char *s, size_t len);
char *ws_arena_printf(ws_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Grows an array allocated from the arena: returns a block of new_n elements
 * holding the old contents. When old is the arena's latest allocation it is
 * extended where it is (and a new chunk for it keeps room to grow), so an
 * array grown one element at a time costs memory in proportion to its size;
 * otherwise the old block is abandoned (use ws_arena_append then). */
void *ws_arena_grow(ws_arena *a, void *old, size_t old_n, size_t new_n, size_t elem_size);

/* Appends one zeroed element to the array *arr of *n elements and room for
 * *cap (both 0 and *arr NULL at first), doubling the room when full: linear
 * memory whatever else is allocated in between. Returns the new element
 * (*n grown by one), or NULL when out of memory (nothing changed). */
void *ws_arena_append(ws_arena *a, void **arr, size_t *n, size_t *cap, size_t elem_size);

/* Bytes the arena holds from malloc (its chunks), used or not. */
size_t ws_arena_reserved(const ws_arena *a);

/* Whether p points into memory a handed out (since its last reset). */
bool ws_arena_owns(const ws_arena *a, const void *p);

/* Bytes handed out since the last reset (for tests and the benchmark). */
size_t ws_arena_used(const ws_arena *a);

#endif
