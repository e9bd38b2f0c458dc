/* template/yaml.h - YAML files with positions, for template and font files.
 *
 * A thin layer over libfyaml: loading reports syntax errors as file:line:col,
 * and every accessor that finds the wrong shape fills a ws_err naming the
 * file and line, so a template author sees exactly where to look. Nodes are
 * borrowed from the document and live until ws_yaml_free(). */
#ifndef WS_TEMPLATE_YAML_H
#define WS_TEMPLATE_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef struct ws_ydoc ws_ydoc;
typedef struct fy_node ws_ynode;

/* Parses a file; on a syntax error returns WS_ERR_TEMPLATE with
 * "path:line:col: message". */
ws_status ws_yaml_load(const char *path, ws_ydoc **out, ws_err *err);
void ws_yaml_free(ws_ydoc *doc); /* accepts NULL */

ws_ynode *ws_yaml_root(ws_ydoc *doc);
const char *ws_yaml_path(const ws_ydoc *doc);

bool ws_ynode_is_map(ws_ynode *n);
bool ws_ynode_is_seq(ws_ynode *n);
bool ws_ynode_is_scalar(ws_ynode *n);

/* 1-based line of a node (of its first scalar for maps and sequences); 0 if unknown. */
int ws_ynode_line(ws_ynode *n);

/* Value of key in a mapping, or NULL (also NULL when n is not a mapping). */
ws_ynode *ws_ynode_get(ws_ynode *map, const char *key);

/* Iterates a mapping: start with *iter = NULL; returns false at the end. */
bool ws_ynode_next_pair(ws_ynode *map, void **iter, ws_ynode **key, ws_ynode **value);

size_t ws_ynode_count(ws_ynode *seq); /* items of a sequence, 0 otherwise */
ws_ynode *ws_ynode_at(ws_ynode *seq, size_t i);

/* Scalar text (NUL-terminated, owned by the document), NULL if not a scalar. */
const char *ws_ynode_str(ws_ynode *n);

/* Fills err with "path:line: message" about node n and returns WS_ERR_TEMPLATE. */
ws_status ws_yaml_error(const ws_ydoc *doc, ws_ynode *n, ws_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Typed getters for an optional key of a mapping. When the key is absent the
 * output keeps its value (so callers preset defaults). A present key of the
 * wrong type is an error naming file and line. */
ws_status ws_yaml_get_str(const ws_ydoc *doc, ws_ynode *map, const char *key, const char **out,
                          ws_err *err);
ws_status ws_yaml_get_num(const ws_ydoc *doc, ws_ynode *map, const char *key, double *out,
                          ws_err *err);
ws_status ws_yaml_get_int(const ws_ydoc *doc, ws_ynode *map, const char *key, int *out,
                          ws_err *err);
ws_status ws_yaml_get_bool(const ws_ydoc *doc, ws_ynode *map, const char *key, bool *out,
                           ws_err *err);

/* Fails with file:line on the first key of map that is not in 'allowed'
 * (a NULL-terminated list): a misspelt key must not be ignored silently. */
ws_status ws_yaml_check_keys(const ws_ydoc *doc, ws_ynode *map, const char *const *allowed,
                             const char *what, ws_err *err);

#endif
