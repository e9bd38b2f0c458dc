/* base/arena.c - see arena.h. */
#include "base/arena.h"

#include <stdarg.h>
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

void *ws_arena_grow(ws_arena *a, void *old, size_t old_n, size_t new_n, size_t elem_size)
{
    if (elem_size && new_n > SIZE_MAX / elem_size) return NULL;
    void *p = ws_arena_alloc(a, new_n * elem_size);
    if (p && old && old_n) memcpy(p, old, (old_n < new_n ? old_n : new_n) * elem_size);
    return p;
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
