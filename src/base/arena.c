/* base/arena.c - see arena.h. */
#include "base/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
} chunk;

struct ws_arena {
    chunk *head;        /* current chunk, newest first */
    size_t chunk_size;
    size_t handed_out;
};

static chunk *chunk_new(size_t size)
{
    chunk *c = malloc(sizeof *c + size);
    if (!c) return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

ws_arena *ws_arena_create(size_t chunk_size)
{
    ws_arena *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->head = chunk_new(a->chunk_size);
    if (!a->head) {
        free(a);
        return NULL;
    }
    return a;
}

void ws_arena_destroy(ws_arena *a)
{
    if (!a) return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void ws_arena_reset(ws_arena *a)
{
    /* keep the oldest chunk (the last in the list): it is the usual size */
    chunk *c = a->head;
    while (c->next) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    c->used = 0;
    a->head = c;
    a->handed_out = 0;
}

void *ws_arena_alloc(ws_arena *a, size_t size)
{
    size_t need = (size + 15) & ~(size_t)15;
    if (need < size) return NULL; /* overflow */
    chunk *c = a->head;
    if (c->size - c->used < need) {
        size_t csize = need > a->chunk_size ? need : a->chunk_size;
        chunk *n = chunk_new(csize);
        if (!n) return NULL;
        n->next = c;
        a->head = c = n;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->handed_out += need;
    return p;
}

void *ws_arena_calloc(ws_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = ws_arena_alloc(a, n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

char *ws_arena_strndup(ws_arena *a, const char *s, size_t len)
{
    char *p = ws_arena_alloc(a, len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *ws_arena_strdup(ws_arena *a, const char *s)
{
    return ws_arena_strndup(a, s, strlen(s));
}

char *ws_arena_printf(ws_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = ws_arena_alloc(a, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static size_t rounded(size_t size)
{
    return (size + 15) & ~(size_t)15;
}

/* Extends old (old_size bytes) to new_size where it is, when it is the
 * head chunk's latest block and the chunk has room. */
static bool extend_in_place(ws_arena *a, const void *old, size_t old_size, size_t new_size)
{
    chunk *c = a->head;
    size_t have = rounded(old_size), need = rounded(new_size);
    if (!old || (const unsigned char *)old + have != c->data + c->used) return false;
    if (need < have || c->size - (c->used - have) < need) return false;
    c->used = c->used - have + need;
    a->handed_out = a->handed_out - have + need;
    return true;
}

void *ws_arena_grow(ws_arena *a, void *old, size_t old_n, size_t new_n, size_t elem_size)
{
    if (elem_size && new_n > SIZE_MAX / elem_size) return NULL;
    size_t new_size = new_n * elem_size, old_size = old_n * elem_size;
    if (old && old_n && new_n >= old_n && extend_in_place(a, old, old_size, new_size)) return old;
    /* a block past the chunk size gets a chunk of twice its size: room to
     * grow in place next time */
    if (new_size > a->chunk_size / 2 && new_size <= SIZE_MAX / 4 &&
        a->head->size - a->head->used < rounded(new_size)) {
        chunk *n = chunk_new(2 * rounded(new_size));
        if (!n) return NULL;
        n->next = a->head;
        a->head = n;
    }
    void *p = ws_arena_alloc(a, new_size);
    if (p && old && old_n) memcpy(p, old, (old_n < new_n ? old_n : new_n) * elem_size);
    return p;
}

void *ws_arena_append(ws_arena *a, void **arr, size_t *n, size_t *cap, size_t elem_size)
{
    if (*n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 16;
        void *grown = ws_arena_grow(a, *arr, *n, ncap, elem_size);
        if (!grown) return NULL;
        *arr = grown;
        *cap = ncap;
    }
    unsigned char *e = (unsigned char *)*arr + *n * elem_size;
    memset(e, 0, elem_size);
    (*n)++;
    return e;
}

size_t ws_arena_used(const ws_arena *a)
{
    return a->handed_out;
}

bool ws_arena_owns(const ws_arena *a, const void *p)
{
    const unsigned char *b = p;
    for (const chunk *c = a->head; c; c = c->next)
        if (b >= c->data && b < c->data + c->used) return true;
    return false;
}

size_t ws_arena_reserved(const ws_arena *a)
{
    size_t n = 0;
    for (const chunk *c = a->head; c; c = c->next) n += c->size;
    return n;
}
