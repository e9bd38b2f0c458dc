/* template/yaml.c - see yaml.h.
 *
 * libfyaml 0.7 gives marks on tokens only, so a node's line is the line of
 * its own scalar token or, for collections, of the first scalar inside. */
#include "template/yaml.h"

#include <libfyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ws_ydoc {
    struct fy_document *fyd;
    char *path;
};

ws_status ws_yaml_load(const char *path, ws_ydoc **out, ws_err *err)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT, .diag = diag};
    ws_status st = WS_OK;
    struct fy_document *fyd = fy_document_build_from_file(&cfg, path);
    if (!fyd) {
        void *it = NULL;
        struct fy_diag_error *e = fy_diag_errors_iterate(diag, &it);
        if (e)
            st = ws_err_set(err, WS_ERR_TEMPLATE, "%s:%d:%d: YAML 语法错误：%s", path, e->line,
                            e->column, e->msg);
        else
            st = ws_err_set(err, WS_ERR_TEMPLATE, "%s: 无法读取（文件不存在或不是 YAML）", path);
        goto done;
    }
    ws_ydoc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->path = strdup(path))) {
        free(doc);
        fy_document_destroy(fyd);
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    doc->fyd = fyd;
    *out = doc;
done:
    fy_diag_destroy(diag);
    return st;
}

void ws_yaml_free(ws_ydoc *doc)
{
    if (!doc) return;
    fy_document_destroy(doc->fyd);
    free(doc->path);
    free(doc);
}

ws_ynode *ws_yaml_root(ws_ydoc *doc)
{
    return fy_document_root(doc->fyd);
}

const char *ws_yaml_path(const ws_ydoc *doc)
{
    return doc->path;
}

bool ws_ynode_is_map(ws_ynode *n)
{
    return n && fy_node_is_mapping(n);
}

bool ws_ynode_is_seq(ws_ynode *n)
{
    return n && fy_node_is_sequence(n);
}

bool ws_ynode_is_scalar(ws_ynode *n)
{
    return n && fy_node_is_scalar(n);
}

int ws_ynode_line(ws_ynode *n)
{
    if (!n) return 0;
    if (fy_node_is_scalar(n)) {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
        return m ? m->line + 1 : 0;
    }
    void *it = NULL;
    if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p ? ws_ynode_line(fy_node_pair_key(p)) : 0;
    }
    if (fy_node_is_sequence(n)) return ws_ynode_line(fy_node_sequence_iterate(n, &it));
    return 0;
}

ws_ynode *ws_ynode_get(ws_ynode *map, const char *key)
{
    if (!ws_ynode_is_map(map)) return NULL;
    return fy_node_mapping_lookup_by_string(map, key, FY_NT);
}

bool ws_ynode_next_pair(ws_ynode *map, void **iter, ws_ynode **key, ws_ynode **value)
{
    if (!ws_ynode_is_map(map)) return false;
    struct fy_node_pair *p = fy_node_mapping_iterate(map, iter);
    if (!p) return false;
    *key = fy_node_pair_key(p);
    *value = fy_node_pair_value(p);
    return true;
}

size_t ws_ynode_count(ws_ynode *seq)
{
    if (!ws_ynode_is_seq(seq)) return 0;
    int n = fy_node_sequence_item_count(seq);
    return n > 0 ? (size_t)n : 0;
}

ws_ynode *ws_ynode_at(ws_ynode *seq, size_t i)
{
    if (!ws_ynode_is_seq(seq)) return NULL;
    return fy_node_sequence_get_by_index(seq, (int)i);
}

const char *ws_ynode_str(ws_ynode *n)
{
    if (!ws_ynode_is_scalar(n)) return NULL;
    return fy_node_get_scalar0(n);
}

ws_status ws_yaml_error(const ws_ydoc *doc, ws_ynode *n, ws_err *err, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = ws_ynode_line(n);
    if (line > 0) return ws_err_set(err, WS_ERR_TEMPLATE, "%s:%d: %s", doc->path, line, msg);
    return ws_err_set(err, WS_ERR_TEMPLATE, "%s: %s", doc->path, msg);
}

ws_status ws_yaml_get_str(const ws_ydoc *doc, ws_ynode *map, const char *key, const char **out,
                          ws_err *err)
{
    ws_ynode *v = ws_ynode_get(map, key);
    if (!v) return WS_OK;
    if (!ws_ynode_is_scalar(v)) return ws_yaml_error(doc, v, err, "「%s」应为文字", key);
    *out = ws_ynode_str(v);
    return WS_OK;
}

ws_status ws_yaml_get_num(const ws_ydoc *doc, ws_ynode *map, const char *key, double *out,
                          ws_err *err)
{
    ws_ynode *v = ws_ynode_get(map, key);
    if (!v) return WS_OK;
    const char *s = ws_ynode_str(v);
    char *end = NULL;
    double d = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end) return ws_yaml_error(doc, v, err, "「%s」应为数字", key);
    *out = d;
    return WS_OK;
}

ws_status ws_yaml_get_int(const ws_ydoc *doc, ws_ynode *map, const char *key, int *out,
                          ws_err *err)
{
    double d = *out;
    WS_TRY(ws_yaml_get_num(doc, map, key, &d, err));
    if (d != (int)d) return ws_yaml_error(doc, ws_ynode_get(map, key), err, "「%s」应为整数", key);
    *out = (int)d;
    return WS_OK;
}

ws_status ws_yaml_get_bool(const ws_ydoc *doc, ws_ynode *map, const char *key, bool *out,
                           ws_err *err)
{
    ws_ynode *v = ws_ynode_get(map, key);
    if (!v) return WS_OK;
    const char *s = ws_ynode_str(v);
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "是"))) *out = true;
    else if (s && (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "否"))) *out = false;
    else return ws_yaml_error(doc, v, err, "「%s」应为 true 或 false", key);
    return WS_OK;
}

ws_status ws_yaml_check_keys(const ws_ydoc *doc, ws_ynode *map, const char *const *allowed,
                             const char *what, ws_err *err)
{
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(map, &it, &k, &v)) {
        const char *name = ws_ynode_str(k);
        bool ok = false;
        for (size_t i = 0; name && allowed[i]; i++)
            if (strcmp(name, allowed[i]) == 0) ok = true;
        if (!ok) {
            char list[300] = "";
            for (size_t i = 0; allowed[i]; i++) {
                strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, allowed[i], sizeof list - strlen(list) - 1);
            }
            return ws_yaml_error(doc, k, err, "%s中没有「%s」这个键（可用：%s）", what,
                                 name ? name : "?", list);
        }
    }
    return WS_OK;
}
