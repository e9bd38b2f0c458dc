/* template/yaml.c - see yaml.h.
 *
 * libfyaml 0.7 gives marks on tokens only, so a node's line is the line of
 * its own scalar token or, for collections, of the first scalar inside. */
#include "template/yaml.h"

#include <errno.h>
#include <libfyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/utf8.h"

struct ws_ydoc {
    struct fy_document *fyd;
    char *text; /* the file's bytes: libfyaml's scalars point into them */
    char *path;
};

/* Templates come from colleagues by e-mail, so a file must not be able to
 * make the loader expand aliases without end ("billion laughs": nine levels
 * of nine aliases are 9^9 nodes, 16 GB). The file is parsed without
 * resolving, the nodes it would have once every alias is expanded are
 * counted up to a bound, and only a document under the bound is resolved.
 * Real templates use aliases for repeated blocks (the largest shipped file,
 * jinzhong-2019/consult.yaml, has 1,631 nodes expanded); the bound is far
 * above that and far below anything that costs much memory or time. */
#define MAX_EXPANDED_NODES 200000
#define MAX_EXPANDED_DEPTH 256

typedef struct expansion {
    size_t nodes;
    struct fy_node *alias; /* the outermost alias being expanded, for the message */
    struct fy_node *culprit;
    bool too_deep;
} expansion;

/* Adds n's nodes, aliases expanded, to e->nodes; false once over a bound
 * (e->culprit = the alias that crossed it, or the node when no alias did). */
static bool count_expanded(struct fy_node *n, int depth, expansion *e)
{
    if (!n) return true;
    if (++e->nodes > MAX_EXPANDED_NODES || depth > MAX_EXPANDED_DEPTH) {
        e->too_deep = depth > MAX_EXPANDED_DEPTH;
        e->culprit = e->alias ? e->alias : n;
        return false;
    }
    if (fy_node_is_alias(n)) {
        struct fy_node *target = fy_node_resolve_alias(n);
        if (!target) return true; /* an unknown anchor: fy_document_resolve says so */
        bool outer = !e->alias;
        if (outer) e->alias = n;
        bool ok = count_expanded(target, depth + 1, e);
        if (outer && ok) e->alias = NULL;
        return ok;
    }
    void *it = NULL;
    if (fy_node_is_sequence(n)) {
        for (struct fy_node *c; (c = fy_node_sequence_iterate(n, &it));)
            if (!count_expanded(c, depth + 1, e)) return false;
    } else if (fy_node_is_mapping(n)) {
        for (struct fy_node_pair *p; (p = fy_node_mapping_iterate(n, &it));)
            if (!count_expanded(fy_node_pair_key(p), depth + 1, e) ||
                !count_expanded(fy_node_pair_value(p), depth + 1, e))
                return false;
    }
    return true;
}

/* Refuses a document whose aliases expand beyond the bounds, with file:line. */
static ws_status check_expansion(struct fy_document *fyd, const char *path, ws_err *err)
{
    expansion e = {0};
    if (count_expanded(fy_document_root(fyd), 0, &e)) return WS_OK;
    int line = ws_ynode_line(e.culprit);
    const char *what = e.too_deep ? "嵌套超过 256 层" : "节点超过 200000 个";
    if (line > 0)
        return ws_err_set(err, WS_ERR_TEMPLATE,
                          "%s:%d: 这里的别名（*名称）展开后%s，模板不能这样写（多层嵌套的别名会耗尽内存）；"
                          "请直接写出内容，或减少别名的嵌套",
                          path, line, what);
    return ws_err_set(err, WS_ERR_TEMPLATE, "%s: 内容展开后%s，无法作为模板读取", path, what);
}

/* Why a file gave no document: missing, unreadable, or nothing but blanks and comments. */
static ws_status no_document(const char *path, ws_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0) /* gone since it was opened */
        return ws_err_set(err, WS_ERR_TEMPLATE, "%s: 无法读取：%s", path, strerror(errno));
    return ws_err_set(err, WS_ERR_TEMPLATE,
                      "%s: 文件是空的（没有内容，或只有空行和注释）；请写入内容，或从模板中删去这个文件", path);
}

/* libfyaml 0.7.12 (Debian 12) loops for ever on a directive line ("%...")
 * holding a byte that is not UTF-8 (libfyaml issue 101, fixed after that
 * release). A template saved as GBK by Notepad is the everyday way to such
 * bytes, so the whole file is checked before libfyaml sees it, and the clerk
 * is told the line and how to save it again. */
static ws_status check_utf8(const char *path, const char *text, size_t len, ws_err *err)
{
    size_t bad = ws_utf8_invalid_at(text, len);
    if (bad == (size_t)-1) return WS_OK;
    int line = 1;
    for (size_t i = 0; i < bad; i++) line += text[i] == '\n';
    return ws_err_set(err, WS_ERR_TEMPLATE,
                      "%s:%d: 文件不是 UTF-8 编码（这一行有无法识别的字节，常见于用 GBK/ANSI 保存的文件）；"
                      "请用记事本打开，「另存为」时编码选 UTF-8",
                      path, line);
}

/* Reads a template file whole: a regular file only (a FIFO would block),
 * UTF-8 only. *text is malloc'd and NUL-terminated. */
static ws_status read_template_file(const char *path, char **text, size_t *len, ws_err *err)
{
    ws_err why;
    int fd = -1;
    if (ws_open_regular(path, &fd, NULL, &why) != WS_OK)
        return errno == ENOENT ? ws_err_set(err, WS_ERR_TEMPLATE, "%s: 文件不存在", path)
                               : ws_err_set(err, WS_ERR_TEMPLATE, "%s: %s，无法作为模板读取", path, why.msg);
    FILE *f = fdopen(fd, "rb"); /* the file checked is the file read */
    if (!f) {
        close(fd);
        return ws_err_set(err, WS_ERR_TEMPLATE, "%s: %s，无法作为模板读取", path, strerror(errno));
    }
    ws_status st = ws_read_stream(f, path, WS_READ_ANY_SIZE, text, len, &why);
    fclose(f);
    if (st != WS_OK)
        return ws_err_set(err, st == WS_ERR_NOMEM ? WS_ERR_NOMEM : WS_ERR_TEMPLATE, "%s", why.msg);
    st = check_utf8(path, *text, *len, err);
    if (st != WS_OK) {
        free(*text);
        *text = NULL;
    }
    return st;
}

ws_status ws_yaml_load(const char *path, ws_ydoc **out, ws_err *err)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET, .diag = diag}; /* resolved below */
    ws_status st = WS_OK;
    struct fy_document *fyd = NULL;
    char *text = NULL;
    size_t len = 0;
    if ((st = read_template_file(path, &text, &len, err)) != WS_OK) goto done;
    fyd = fy_document_build_from_string(&cfg, text, len);
    if (!fyd) {
        void *it = NULL;
        struct fy_diag_error *e = fy_diag_errors_iterate(diag, &it);
        if (e)
            st = ws_err_set(err, WS_ERR_TEMPLATE, "%s:%d:%d: YAML 语法错误：%s", path, e->line,
                            e->column, e->msg);
        else
            st = no_document(path, err);
        goto done;
    }
    if (!fy_document_root(fyd)) {
        st = no_document(path, err);
        goto done;
    }
    if ((st = check_expansion(fyd, path, err)) != WS_OK) goto done;
    if (fy_document_resolve(fyd) != 0) {
        void *it = NULL;
        struct fy_diag_error *e = fy_diag_errors_iterate(diag, &it);
        st = e ? ws_err_set(err, WS_ERR_TEMPLATE, "%s:%d:%d: YAML 别名错误：%s", path, e->line,
                            e->column, e->msg)
               : ws_err_set(err, WS_ERR_TEMPLATE, "%s: YAML 别名（*名称）无法解析", path);
        goto done;
    }
    ws_ydoc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->path = strdup(path))) {
        free(doc);
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    doc->fyd = fyd;
    doc->text = text;
    fyd = NULL;
    text = NULL;
    *out = doc;
done:
    fy_document_destroy(fyd);
    free(text);
    fy_diag_destroy(diag);
    return st;
}

void ws_yaml_free(ws_ydoc *doc)
{
    if (!doc) return;
    fy_document_destroy(doc->fyd);
    free(doc->text);
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
