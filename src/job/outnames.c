/* job/outnames.c - output file names: made safe for every file system,
 * kept inside the output folder, unique within a build (namesakes get -2),
 * also where case does not count (Li Ming / LI MING). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "job/build.h"

/* --- output names ------------------------------------------------------------------ */

/* Field values go into file names with their slashes made full-width, so
 * only the template's own "/" makes folders. */
typedef struct name_scope {
    ws_tpl_scope inner; /* the bound's own getters */
    ws_arena *a;
} name_scope;

/* Slashes in a value become full-width, so they cannot make folders. */
static const char *no_slashes(name_scope *ns, const char *v)
{
    if (!v || (!strchr(v, '/') && !strchr(v, '\\'))) return v;
    ws_buf out = WS_BUF_INIT;
    for (const char *c = v; *c; c++) {
        if (*c == '/') ws_buf_puts(&out, "／");
        else if (*c == '\\') ws_buf_puts(&out, "＼");
        else ws_buf_putc(&out, *c);
    }
    char *r = ws_arena_strdup(ns->a, out.p ? out.p : "");
    ws_buf_free(&out);
    return r;
}

static const char *name_field(void *user, int field)
{
    name_scope *ns = user;
    return no_slashes(ns, ns->inner.field(ns->inner.user, field));
}

static const char *name_item(void *user, int column)
{
    name_scope *ns = user;
    return no_slashes(ns, ns->inner.item(ns->inner.user, column));
}

static const char *name_program(void *user, const char *key, size_t len)
{
    name_scope *ns = user;
    return no_slashes(ns, ns->inner.program(ns->inner.user, key, len));
}

static const char *name_unit(void *user, const char *key, size_t len)
{
    name_scope *ns = user;
    return no_slashes(ns, ns->inner.unit(ns->inner.user, key, len));
}

static const char *name_var(void *user, const char *key, size_t len)
{
    name_scope *ns = user;
    return no_slashes(ns, ns->inner.var(ns->inner.user, key, len));
}

/* A file name within n bytes keeping its extension: the stem is cut, never
 * the ".pdf". */
static void safe_component(char *part, char *out, size_t n)
{
    char *dot = strrchr(part, '.');
    if (!dot || dot == part || strlen(dot) > 8) {
        ws_safe_filename(part, out, n);
        return;
    }
    char ext[16];
    ws_safe_filename(dot, ext, sizeof ext); /* drops the leading dot */
    *dot = '\0';
    ws_safe_filename(part, out, n - strlen(ext) - 1);
    *dot = '.';
    size_t o = strlen(out);
    snprintf(out + o, n - o, ".%s", ext);
}

/* Expands a document's output template for a record and makes every path
 * component safe; the template's "a/b" stays a subfolder, nothing from a
 * record can make one or climb out of the output folder. */
static char *safe_output_path(const ws_tpl *output, ws_bound *b, ws_arena *a)
{
    name_scope ns = {.a = a};
    ws_bound_scope(b, &ns.inner);
    ws_tpl_scope scope = ns.inner;
    scope.user = &ns;
    scope.field = name_field;
    scope.item = name_item;
    scope.program = name_program;
    scope.unit = name_unit;
    scope.var = name_var;
    char *raw = ws_tpl_expand(output, &scope, a);
    if (!raw) return NULL;
    ws_buf out = WS_BUF_INIT;
    char *save = NULL;
    for (char *part = strtok_r(raw, "/\\", &save); part; part = strtok_r(NULL, "/\\", &save)) {
        if (!strcmp(part, ".") || !strcmp(part, "..")) continue;
        /* collapse the "_" left by empty fields: "__嘉善县_王五" → "嘉善县_王五";
         * in place, whatever the length (a fixed buffer once cut a 10,000-character
         * unit's name before its ".pdf") */
        char *squeezed = part;
        size_t k = 0;
        for (const char *c = part; *c; c++) {
            if (*c == '_' && (k == 0 || squeezed[k - 1] == '_')) continue;
            squeezed[k++] = *c;
        }
        while (k > 0 && squeezed[k - 1] == '_') k--;
        squeezed[k] = '\0';
        char *dot = strrchr(squeezed, '.');
        if (dot && dot > squeezed && dot[-1] == '_') memmove(dot - 1, dot, strlen(dot) + 1);
        char safe[256];
        safe_component(squeezed, safe, 200);
        ws_buf_printf(&out, "%s%s", out.len ? "/" : "", safe);
    }
    char *path = out.failed ? NULL : ws_arena_strdup(a, out.p ? out.p : "_");
    ws_buf_free(&out);
    return path;
}

/* Output names already given, to tell namesakes apart: an open-addressing
 * set that doubles when half full. One per build (build_run.names), so two
 * builds in one process (wenshu serve) never see each other's names. */
typedef struct build_names name_set;
struct build_names {
    const char **slots;
    size_t cap, n;
    ws_build_given *given; /* every name given, in order, with its document */
    size_t ngiven, given_cap;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void name_put(const char **slots, size_t cap, const char *s)
{
    size_t i = hash_str(s) & (cap - 1);
    while (slots[i]) i = (i + 1) & (cap - 1);
    slots[i] = s;
}

/* Adds s unless present; returns 0 when added, 1 when already there, -1 on OOM. */
static int name_add(name_set *set, const char *s)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 256;
        const char **slots = calloc(cap, sizeof *slots);
        if (!slots) return -1;
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i]) name_put(slots, cap, set->slots[i]);
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    size_t i = hash_str(s) & (set->cap - 1);
    while (set->slots[i]) {
        if (strcmp(set->slots[i], s) == 0) return 1;
        i = (i + 1) & (set->cap - 1);
    }
    set->slots[i] = s;
    set->n++;
    return 0;
}

/* The name as a file system that ignores case (Windows, macOS) or
 * normalisation (macOS) compares it: NFKC with case folding, so "Li Ming",
 * "LI MING" and "Ｌｉ Ｍｉｎｇ" are one name. In the arena; NULL on failure. */
static const char *name_key(const char *path, ws_arena *a)
{
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&ec);
    int32_t n16 = 0, len = (int32_t)strlen(path);
    u_strFromUTF8(NULL, 0, &n16, path, len, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec)) return NULL;
    ec = U_ZERO_ERROR;
    int32_t cap = 3 * n16 + 16;
    UChar *in = ws_arena_alloc(a, (size_t)n16 * sizeof *in + 2);
    UChar *folded = ws_arena_alloc(a, (size_t)cap * sizeof *folded);
    char *out = ws_arena_alloc(a, (size_t)cap * 3 + 1);
    if (!in || !folded || !out) return NULL;
    u_strFromUTF8(in, n16 + 1, NULL, path, len, &ec);
    int32_t nf = unorm2_normalize(nfkc_cf, in, n16, folded, cap, &ec);
    u_strToUTF8(out, cap * 3 + 1, NULL, folded, nf, &ec);
    return U_FAILURE(ec) ? NULL : out;
}

/* Adds path's key (name_key) unless present: 0 when added, 1 when taken, -1 on failure. */
static int name_take(name_set *set, const char *path, ws_arena *a)
{
    const char *key = name_key(path, a);
    return key ? name_add(set, key) : -1;
}

/* Two outputs may expand to the same name (namesakes, or names that differ
 * only in case): the later ones get "-2", "-3" before the extension. */
static char *unique_name(name_set *set, char *path, ws_arena *a)
{
    int r = name_take(set, path, a);
    if (r <= 0) return r == 0 ? path : NULL;
    char *dot = strrchr(path, '.');
    if (dot && strchr(dot, '/')) dot = NULL;
    size_t stem = dot ? (size_t)(dot - path) : strlen(path);
    for (int n = 2;; n++) {
        char *candidate = ws_arena_printf(a, "%.*s-%d%s", (int)stem, path, n, dot ? dot : "");
        if (!candidate) return NULL;
        r = name_take(set, candidate, a);
        if (r <= 0) return r == 0 ? candidate : NULL;
    }
}

char *ws_build_output_path(build_run *run, size_t d, const ws_tpl *output, ws_bound *b)
{
    char *path = safe_output_path(output, b, run->arena);
    if (!path) return NULL;
    if (!run->names && !(run->names = calloc(1, sizeof *run->names))) return NULL;
    name_set *set = run->names;
    char *unique = unique_name(set, path, run->arena);
    ws_build_given *g = unique ? ws_arena_append(run->arena, (void **)&set->given, &set->ngiven,
                                                 &set->given_cap, sizeof *g)
                               : NULL;
    if (!g) return NULL;
    *g = (ws_build_given){d, unique};
    return unique;
}

/* Whether key is in set (no change to it). */
static bool name_present(const name_set *set, const char *key)
{
    for (size_t i = set->cap ? hash_str(key) & (set->cap - 1) : 0; set->cap && set->slots[i];
         i = (i + 1) & (set->cap - 1))
        if (strcmp(set->slots[i], key) == 0) return true;
    return false;
}

char *ws_build_unmade_path(const build_run *run, const ws_tpl *output, ws_bound *b, ws_arena *a)
{
    char *path = safe_output_path(output, b, a);
    const char *key = path ? name_key(path, a) : NULL;
    if (!key || (run->names && name_present(run->names, key))) return NULL;
    return path;
}

const ws_build_given *ws_build_names_given(const build_run *run, size_t *n)
{
    *n = run->names ? run->names->ngiven : 0;
    return run->names ? run->names->given : NULL;
}

bool ws_build_name_given(const build_run *run, const char *path, ws_arena *a)
{
    const char *key = name_key(path, a);
    return key && run->names && name_present(run->names, key);
}

bool ws_build_same_name(const char *a, const char *b, ws_arena *scratch)
{
    const char *ka = name_key(a, scratch), *kb = name_key(b, scratch);
    return ka && kb && strcmp(ka, kb) == 0;
}

void ws_build_names_free(build_run *run)
{
    if (run->names) free(run->names->slots);
    free(run->names);
    run->names = NULL;
}
