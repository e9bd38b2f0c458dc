/* template/docload.c - loads a document's YAML (page, styles, content);
 * see doc.h and docs/templates.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "template/doc.h"
#include "base/fs.h"
#include "template/yaml.h"

#define MAX_GRID_ROWS 512
#define MAX_GRID_COLS 64

/* A {{var.KEY}} seen while loading, checked once the document's dates are known. */
typedef struct var_use {
    const char *key;
    size_t len;
    ws_ynode *node;
} var_use;

typedef struct loader {
    ws_program *p;
    ws_doc_def *d;
    const ws_ydoc *y;
    const char *const *roles; /* font role names, NULL-terminated */
    ws_err *err;
    var_use *vars;
    size_t nvars, cap;
    bool numbered_row; /* compiling a repeat:/each: row's cells: {{row}} allowed */
} loader;

static ws_status oom(loader *l)
{
    return ws_err_set(l->err, WS_ERR_NOMEM, "内存不足");
}

/* --- names a template may use -------------------------------------------------- */

/* Where a row's item.COL values come from: a list field (>= 0), or: */
#define ITEMS_NONE (-1)
#define ITEMS_QUOTA (-2) /* the program's quota table */
#define ITEMS_PART (-3)  /* a packet's parts */

typedef struct names_ctx {
    ws_program *p;
    const char *const *cols; /* item.COL names, or NULL: no item here */
    size_t ncols;
} names_ctx;

static int field_cb(void *user, const char *name, size_t len)
{
    return ws_program_field(((names_ctx *)user)->p, name, len);
}

static int item_cb(void *user, const char *name, size_t len)
{
    const names_ctx *c = user;
    char want[256];
    ws_normalize_label(name, len, want, sizeof want);
    for (size_t i = 0; i < c->ncols; i++) {
        char have[256];
        ws_normalize_label(c->cols[i], strlen(c->cols[i]), have, sizeof have);
        if (strcmp(want, have) == 0) return (int)i;
    }
    return -1;
}

static const char *const PART_COLUMNS[] = WS_PART_COLUMNS;

static names_ctx names_for(loader *l, int items)
{
    names_ctx c = {l->p, NULL, 0};
    if (items >= 0) {
        c.cols = l->p->fields[items].columns;
        c.ncols = l->p->fields[items].ncolumns;
    } else if (items == ITEMS_QUOTA) {
        c.cols = l->p->quota_cols;
        c.ncols = l->p->nquota_cols;
    } else if (items == ITEMS_PART) {
        c.cols = PART_COLUMNS;
        c.ncols = sizeof PART_COLUMNS / sizeof PART_COLUMNS[0];
    }
    return c;
}

/* A units-file column whose values are a person's own, by its label: a
 * mobile, e-mail, ID, QQ or WeChat (an operator's 手机, 邮箱, QQ). A document
 * printing one is encrypted under `build --encrypt`. The unit's office 电话
 * and 地址 are not personal, even where a program lets its records call
 * their 手机 联系电话 (the build still encrypts a paper whose text shows a
 * mobile or an ID, wherever it came from). */
static bool unit_key_is_personal(const char *key, size_t len)
{
    static const char *const words[] = {"手机", "邮箱", "邮件", "身份证", "证件号", "微信", NULL};
    char k[256];
    snprintf(k, sizeof k, "%.*s", (int)len, key);
    for (size_t i = 0; words[i]; i++)
        if (strstr(k, words[i])) return true;
    return strcasestr(k, "mail") || strcasestr(k, "QQ");
}

/* A units-file column a public document may not show: a personal one, a
 * private field of the program (手机, 电子邮箱 …) by name or alias, or the
 * unit's phone or address (联系电话, 联系地址). The units file declares no
 * kinds, so its labels are all there is to go on. */
static bool unit_key_is_private(const ws_program *p, const char *key, size_t len)
{
    int f = ws_program_field(p, key, len);
    if (f >= 0 && ws_field_is_private(&p->fields[f])) return true;
    char k[256];
    snprintf(k, sizeof k, "%.*s", (int)len, key);
    return strstr(k, "电话") || strstr(k, "地址") || unit_key_is_personal(key, len);
}

/* Notes which fields the document prints, and refuses private data in a
 * public document (公示, 证书) whatever its template says: private fields
 * and private columns of the units file, checked here, once, with the
 * template's line. */
static ws_status check_public(loader *l, ws_ynode *node, const ws_tpl *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const ws_part *part = &t->parts[i];
        if (part->kind == WS_PART_UNIT && l->d->public_doc &&
            unit_key_is_private(l->p, part->text, part->len))
            return ws_yaml_error(l->y, node, l->err,
                                 "公开文档（public: true）不能显示单位信息表中的个人信息列「unit.%.*s」",
                                 (int)part->len, part->text);
        if (part->kind == WS_PART_UNIT && unit_key_is_personal(part->text, part->len))
            l->d->personal = true;
        if (part->kind != WS_PART_FIELD && part->kind != WS_PART_CHECK) continue;
        if (part->kind == WS_PART_FIELD) {
            if (!l->d->fields_shown)
                l->d->fields_shown = ws_arena_calloc(l->p->arena, l->p->nfields, sizeof(bool));
            if (!l->d->fields_shown) return oom(l);
            l->d->fields_shown[part->field] = true;
        }
        if (!ws_field_is_private(&l->p->fields[part->field])) continue;
        l->d->personal = true;
        if (l->d->public_doc)
            return ws_yaml_error(l->y, node, l->err,
                                 "公开文档（public: true）不能显示个人信息字段「%s」",
                                 l->p->fields[part->field].name);
    }
    return WS_OK;
}

/* Remembers a {{unit.KEY}} or {{rule.ID}} of the document in keys (once each). */
static ws_status note_key(loader *l, const ws_part *part, const char ***keys, size_t *n)
{
    for (size_t k = 0; k < *n; k++)
        if (strlen((*keys)[k]) == part->len && !memcmp((*keys)[k], part->text, part->len))
            return WS_OK;
    const char **v = ws_arena_grow(l->p->arena, *keys, *n, *n + 1, sizeof *v);
    if (!v) return oom(l);
    v[*n] = ws_arena_strndup(l->p->arena, part->text, part->len);
    if (!v[*n]) return oom(l);
    *keys = v;
    (*n)++;
    return WS_OK;
}

/* Notes what t uses that the document must provide or report: unit and rule
 * keys, {{var.…}} names (checked by check_vars), a record's {{seq}}. */
static ws_status note_vars(loader *l, ws_ynode *node, const ws_tpl *t)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->parts[i].kind == WS_PART_SEQ && !l->numbered_row) l->d->prints_seq = true;
        if (t->parts[i].kind == WS_PART_UNIT)
            WS_TRY(note_key(l, &t->parts[i], &l->d->unit_keys, &l->d->nunit_keys));
        if (t->parts[i].kind == WS_PART_RULE)
            WS_TRY(note_key(l, &t->parts[i], &l->d->rule_keys, &l->d->nrule_keys));
        if (t->parts[i].kind != WS_PART_VAR) continue;
        if (l->nvars == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 16;
            var_use *v = realloc(l->vars, cap * sizeof *v);
            if (!v) return oom(l);
            l->vars = v;
            l->cap = cap;
        }
        l->vars[l->nvars++] = (var_use){t->parts[i].text, t->parts[i].len, node};
    }
    return WS_OK;
}

static bool var_is(const var_use *v, const char *name)
{
    return strlen(name) == v->len && !memcmp(v->key, name, v->len);
}

/* Every {{var.KEY}} names something the document computes: count, unit,
 * group… (with group_by), sum.COL (with a quota table), or one of its dates. */
static ws_status check_vars(loader *l)
{
    static const char *const always[] = {"count", "unit", NULL};
    static const char *const grouped[] = {"group", "group_count", "group_index", NULL};
    for (size_t i = 0; i < l->nvars; i++) {
        const var_use *v = &l->vars[i];
        bool ok = false;
        for (size_t k = 0; always[k] && !ok; k++) ok = var_is(v, always[k]);
        for (size_t k = 0; grouped[k] && !ok; k++)
            ok = var_is(v, grouped[k]) && l->d->select.group_field >= 0;
        for (size_t k = 0; k < l->d->ndates && !ok; k++) ok = var_is(v, l->d->dates[k].name);
        ok = ok || (v->len > 4 && !memcmp(v->key, "sum.", 4) && l->p->quotas);
        if (ok) continue;
        ws_buf known = WS_BUF_INIT;
        ws_buf_puts(&known, "count、unit");
        if (l->d->select.group_field >= 0) ws_buf_puts(&known, "、group、group_count、group_index");
        if (l->p->quotas) ws_buf_puts(&known, "、sum.列名");
        for (size_t k = 0; k < l->d->ndates; k++) ws_buf_printf(&known, "、%s", l->d->dates[k].name);
        ws_status st = ws_yaml_error(l->y, v->node, l->err, "没有 var.%.*s（可用：%s）", (int)v->len,
                                     v->key, known.p ? known.p : "");
        ws_buf_free(&known);
        return st;
    }
    return WS_OK;
}

/* public: — and a 公示, 公告 or 荣誉证书 (by its name or file name) is public
 * whatever its template says: without the key (a copied example), or with
 * public: false, it would print an ID on a paper everyone may read. */
static ws_status load_public(loader *l, ws_ynode *m)
{
    WS_TRY(ws_yaml_get_bool(l->y, m, "public", &l->d->public_doc, l->err));
    const char *out = ws_ynode_get(m, "output") ? ws_ynode_str(ws_ynode_get(m, "output")) : NULL;
    static const char *const words[] = {"公示", "公告", "荣誉证书"};
    const char *word = NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0] && !word; i++)
        if (strstr(l->d->name, words[i]) || (out && strstr(out, words[i]))) word = words[i];
    if (!word) return WS_OK;
    if (ws_ynode_get(m, "public") && !l->d->public_doc)
        return ws_yaml_error(l->y, ws_ynode_get(m, "public"), l->err,
                             "「%s」是公开的文档（名称或文件名含「%s」），不能设 public: false："
                             "公开文档不能显示身份证号、手机等个人信息",
                             l->d->name, word);
    l->d->public_doc = true;
    return WS_OK;
}

static ws_status compile_at(loader *l, ws_ynode *node, const char *src, int items,
                            bool allow_page, ws_tpl **out)
{
    names_ctx ctx = names_for(l, items);
    ws_tpl_names names = {&ctx, field_cb, ctx.cols ? item_cb : NULL, allow_page, l->numbered_row};
    if (ws_tpl_compile(src, &names, l->p->arena, out, l->err) == WS_OK) {
        WS_TRY(note_vars(l, node, *out));
        return check_public(l, node, *out);
    }
    char why[512];
    snprintf(why, sizeof why, "%s", l->err->msg);
    return ws_yaml_error(l->y, node, l->err, "%s", why);
}

static ws_status compile_key(loader *l, ws_ynode *map, const char *key, int list_field,
                             bool allow_page, ws_tpl **out)
{
    ws_ynode *v = ws_ynode_get(map, key);
    if (!v) return WS_OK;
    const char *s = ws_ynode_str(v);
    if (!s) return ws_yaml_error(l->y, v, l->err, "「%s」应为文字", key);
    return compile_at(l, v, s, list_field, allow_page, out);
}

/* --- units ---------------------------------------------------------------------- */

static const struct {
    const char *name;
    float pt;
} CN_SIZES[] = {{"初号", 42},  {"小初", 36}, {"一号", 26},  {"小一", 24}, {"二号", 22},
                {"小二", 18},  {"三号", 16}, {"小三", 15},  {"四号", 14}, {"小四", 12},
                {"五号", 10.5f}, {"小五", 9}, {"六号", 7.5f}, {"小六", 6.5f}};

/* A font size: points ("12", "10.5") or a Chinese size name (小四). */
static ws_status parse_size(loader *l, ws_ynode *node, float *out)
{
    const char *s = ws_ynode_str(node);
    if (!s) return ws_yaml_error(l->y, node, l->err, "字号应为数字（磅）或字号名（如 小四）");
    for (size_t i = 0; i < sizeof CN_SIZES / sizeof CN_SIZES[0]; i++) {
        if (strcmp(s, CN_SIZES[i].name) == 0) {
            *out = CN_SIZES[i].pt;
            return WS_OK;
        }
    }
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v <= 0 || v > 200)
        return ws_yaml_error(l->y, node, l->err, "无法理解字号「%s」", s);
    *out = (float)v;
    return WS_OK;
}

static ws_status get_mm(loader *l, ws_ynode *map, const char *key, float *out)
{
    double v = *out;
    WS_TRY(ws_yaml_get_num(l->y, map, key, &v, l->err));
    if (v < 0 || v > 2000) return ws_yaml_error(l->y, ws_ynode_get(map, key), l->err, "「%s」超出范围", key);
    *out = (float)v;
    return WS_OK;
}

/* --- styles ------------------------------------------------------------------------- */

static ws_status parse_halign(loader *l, ws_ynode *node, ws_halign *out)
{
    static const struct {
        const char *name;
        ws_halign a;
    } names[] = {{"justify", WS_H_JUSTIFY}, {"left", WS_H_LEFT},     {"center", WS_H_CENTER},
                 {"right", WS_H_RIGHT},     {"distribute", WS_H_DISTRIBUTE},
                 {"signature", WS_H_SIGNATURE}};
    const char *s = ws_ynode_str(node);
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].a;
            return WS_OK;
        }
    }
    return ws_yaml_error(l->y, node, l->err,
                         "align 应为 justify、left、center、right、distribute（分散对齐）"
                         "或 signature（落款：成文日期右空四字，署名居中于其上）");
}

static ws_status parse_valign(loader *l, ws_ynode *node, ws_valign *out)
{
    const char *s = ws_ynode_str(node);
    if (s && !strcmp(s, "top")) *out = WS_V_TOP;
    else if (s && !strcmp(s, "middle")) *out = WS_V_MIDDLE;
    else if (s && !strcmp(s, "bottom")) *out = WS_V_BOTTOM;
    else return ws_yaml_error(l->y, node, l->err, "valign 应为 top、middle 或 bottom");
    return WS_OK;
}

/* Reads the style keys present in map into st (keeping the others). */
static ws_status apply_style_keys(loader *l, ws_ynode *map, ws_style_def *st)
{
    const char *font = NULL;
    WS_TRY(ws_yaml_get_str(l->y, map, "font", &font, l->err));
    if (font) {
        st->role = -1;
        for (int i = 0; l->roles && l->roles[i]; i++)
            if (strcmp(l->roles[i], font) == 0) st->role = i;
        if (st->role >= 0 && (size_t)st->role < l->p->nroles) l->p->roles_named[st->role] = true;
        if (st->role < 0)
            return ws_yaml_error(l->y, ws_ynode_get(map, "font"), l->err,
                                 "字体角色「%s」不在 fonts/roles.yaml 中", font);
    }
    if (ws_ynode_get(map, "size")) WS_TRY(parse_size(l, ws_ynode_get(map, "size"), &st->size_pt));
    if (ws_ynode_get(map, "min_size"))
        WS_TRY(parse_size(l, ws_ynode_get(map, "min_size"), &st->min_size_pt));
    if (ws_ynode_get(map, "align")) WS_TRY(parse_halign(l, ws_ynode_get(map, "align"), &st->align));
    if (ws_ynode_get(map, "valign"))
        WS_TRY(parse_valign(l, ws_ynode_get(map, "valign"), &st->valign));
    double v = st->leading;
    WS_TRY(ws_yaml_get_num(l->y, map, "leading", &v, l->err));
    st->leading = (float)v;
    v = st->indent_em;
    WS_TRY(ws_yaml_get_num(l->y, map, "indent", &v, l->err));
    st->indent_em = (float)v;
    v = st->tracking_em;
    WS_TRY(ws_yaml_get_num(l->y, map, "tracking", &v, l->err));
    st->tracking_em = (float)v;
    return WS_OK;
}

static const char *const STYLE_KEYS[] = {"font", "size", "min_size", "align", "valign",
                                         "leading", "indent", "tracking", NULL};

static ws_status load_styles(loader *l, ws_ynode *map)
{
    if (!ws_ynode_is_map(map)) return ws_yaml_error(l->y, map, l->err, "styles 应为「样式名: {…}」映射");
    size_t n = 0;
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(map, &it, &k, &v)) n++;
    l->d->styles = ws_arena_calloc(l->p->arena, n ? n : 1, sizeof *l->d->styles);
    if (!l->d->styles) return oom(l);
    it = NULL;
    while (ws_ynode_next_pair(map, &it, &k, &v)) {
        ws_style_def *st = &l->d->styles[l->d->nstyles++];
        *st = (ws_style_def){.name = ws_arena_strdup(l->p->arena, ws_ynode_str(k)),
                             .role = -1, .size_pt = 12, .leading = 1.5f};
        if (!ws_ynode_is_map(v)) return ws_yaml_error(l->y, v, l->err, "样式「%s」应为映射", st->name);
        WS_TRY(ws_yaml_check_keys(l->y, v, STYLE_KEYS, "样式", l->err));
        WS_TRY(apply_style_keys(l, v, st));
        if (st->role < 0) return ws_yaml_error(l->y, v, l->err, "样式「%s」缺少 font", st->name);
    }
    return WS_OK;
}

static const ws_style_def *find_style(const ws_doc_def *d, const char *name)
{
    for (size_t i = 0; i < d->nstyles; i++)
        if (strcmp(d->styles[i].name, name) == 0) return &d->styles[i];
    return NULL;
}

/* The style named by 'key' in map (or 'fallback'), with any inline
 * overrides (align:, valign:, size: …) applied to a private copy. */
static ws_status style_for(loader *l, ws_ynode *map, const char *key, const ws_style_def *fallback,
                           const ws_style_def **out)
{
    const char *name = NULL;
    WS_TRY(ws_yaml_get_str(l->y, map, key, &name, l->err));
    const ws_style_def *st = fallback;
    if (name) {
        st = find_style(l->d, name);
        if (!st) return ws_yaml_error(l->y, ws_ynode_get(map, key), l->err, "没有名为「%s」的样式", name);
    }
    if (!st) return ws_yaml_error(l->y, map, l->err, "没有指定样式（style）");
    bool overrides = false;
    for (size_t i = 0; STYLE_KEYS[i]; i++) overrides |= ws_ynode_get(map, STYLE_KEYS[i]) != NULL;
    if (overrides) {
        ws_style_def *copy = ws_arena_alloc(l->p->arena, sizeof *copy);
        if (!copy) return oom(l);
        *copy = *st;
        WS_TRY(apply_style_keys(l, map, copy));
        st = copy;
    }
    *out = st;
    return WS_OK;
}

/* --- page ----------------------------------------------------------------------------- */

static ws_status load_margins(loader *l, ws_ynode *m, ws_page_def *pg)
{
    if (ws_ynode_is_seq(m) && ws_ynode_count(m) == 4) {
        float *v[4] = {&pg->top_mm, &pg->right_mm, &pg->bottom_mm, &pg->left_mm};
        for (size_t i = 0; i < 4; i++) {
            const char *s = ws_ynode_str(ws_ynode_at(m, i));
            char *end;
            double x = s ? strtod(s, &end) : -1;
            if (!s || end == s || *end || x < 0 || x > 200)
                return ws_yaml_error(l->y, ws_ynode_at(m, i), l->err, "页边距应为毫米数");
            *v[i] = (float)x;
        }
        return WS_OK;
    }
    if (!ws_ynode_is_map(m))
        return ws_yaml_error(l->y, m, l->err, "margins 应为 [上, 右, 下, 左]（毫米）或 {top: …}");
    WS_TRY(get_mm(l, m, "top", &pg->top_mm));
    WS_TRY(get_mm(l, m, "right", &pg->right_mm));
    WS_TRY(get_mm(l, m, "bottom", &pg->bottom_mm));
    return get_mm(l, m, "left", &pg->left_mm);
}

static ws_status load_page(loader *l, ws_ynode *m)
{
    ws_page_def *pg = &l->d->page;
    *pg = (ws_page_def){210, 297, 25, 20, 20, 25, NULL, NULL, 1};
    if (!m) return WS_OK;
    static const char *const keys[] = {"size",         "orientation",      "margins", "footer",
                                       "footer_style", "footer_min_pages", NULL};
    WS_TRY(ws_yaml_check_keys(l->y, m, keys, "page 段", l->err));
    ws_ynode *size = ws_ynode_get(m, "size");
    if (size) {
        const char *s = ws_ynode_str(size);
        if (s && !strcmp(s, "A4")) pg->width_mm = 210, pg->height_mm = 297;
        else if (s && !strcmp(s, "A3")) pg->width_mm = 297, pg->height_mm = 420;
        else if (s && !strcmp(s, "A5")) pg->width_mm = 148, pg->height_mm = 210;
        else if (ws_ynode_count(size) == 2) {
            pg->width_mm = (float)atof(ws_ynode_str(ws_ynode_at(size, 0)) ? ws_ynode_str(ws_ynode_at(size, 0)) : "0");
            pg->height_mm = (float)atof(ws_ynode_str(ws_ynode_at(size, 1)) ? ws_ynode_str(ws_ynode_at(size, 1)) : "0");
            if (pg->width_mm < 50 || pg->height_mm < 50)
                return ws_yaml_error(l->y, size, l->err, "纸张尺寸应为 [宽, 高]（毫米）");
        } else {
            return ws_yaml_error(l->y, size, l->err, "size 应为 A4、A3、A5 或 [宽, 高]（毫米）");
        }
    }
    const char *orient = NULL;
    WS_TRY(ws_yaml_get_str(l->y, m, "orientation", &orient, l->err));
    if (orient && !strcmp(orient, "landscape") && pg->width_mm < pg->height_mm) {
        float t = pg->width_mm;
        pg->width_mm = pg->height_mm;
        pg->height_mm = t;
    } else if (orient && strcmp(orient, "portrait") && strcmp(orient, "landscape")) {
        return ws_yaml_error(l->y, ws_ynode_get(m, "orientation"), l->err,
                             "orientation 应为 portrait 或 landscape");
    }
    if (ws_ynode_get(m, "margins")) WS_TRY(load_margins(l, ws_ynode_get(m, "margins"), pg));
    WS_TRY(compile_key(l, m, "footer", -1, true, &pg->footer));
    if (pg->footer) { /* a style name only: page keys (size …) are not style overrides here */
        const char *name = NULL;
        WS_TRY(ws_yaml_get_str(l->y, m, "footer_style", &name, l->err));
        pg->footer_style = name ? find_style(l->d, name) : NULL;
        if (!pg->footer_style)
            return ws_yaml_error(l->y, m, l->err, "footer 需要 footer_style（已定义的样式名）");
    }
    WS_TRY(ws_yaml_get_int(l->y, m, "footer_min_pages", &pg->footer_min_pages, l->err));
    if (pg->left_mm + pg->right_mm > pg->width_mm - 20 || pg->top_mm + pg->bottom_mm > pg->height_mm - 20)
        return ws_yaml_error(l->y, m, l->err, "页边距太大，版心放不下");
    return WS_OK;
}

/* --- tables ------------------------------------------------------------------------- */

typedef struct table_defaults {
    const ws_style_def *value_style;
    const ws_style_def *label_style;
    unsigned borders; /* a cell's sides when it has no border: key */
} table_defaults;

/* border: all | none | top | bottom | top-bottom, or a list of the sides
 * drawn: [left, right, bottom] (a block of rows that reads as one box). */
static ws_status parse_borders(loader *l, ws_ynode *node, unsigned *out)
{
    if (ws_ynode_is_seq(node)) {
        static const struct {
            const char *name;
            unsigned bit;
        } sides[] = {{"top", WS_BORDER_TOP},
                     {"right", WS_BORDER_RIGHT},
                     {"bottom", WS_BORDER_BOTTOM},
                     {"left", WS_BORDER_LEFT}};
        unsigned bits = 0;
        for (size_t i = 0; i < ws_ynode_count(node); i++) {
            const char *side = ws_ynode_str(ws_ynode_at(node, i));
            size_t k = 0;
            while (side && k < sizeof sides / sizeof sides[0] && strcmp(side, sides[k].name)) k++;
            if (!side || k == sizeof sides / sizeof sides[0])
                return ws_yaml_error(l->y, ws_ynode_at(node, i), l->err,
                                     "border 列表的每项应为 top、right、bottom 或 left");
            bits |= sides[k].bit;
        }
        *out = bits;
        return WS_OK;
    }
    const char *s = ws_ynode_str(node);
    static const struct {
        const char *name;
        unsigned bits;
    } names[] = {{"all", WS_BORDER_ALL},       {"none", 0},
                 {"bottom", WS_BORDER_BOTTOM}, {"top", WS_BORDER_TOP},
                 {"top-bottom", WS_BORDER_TOP | WS_BORDER_BOTTOM}};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].bits;
            return WS_OK;
        }
    }
    return ws_yaml_error(l->y, node, l->err,
                         "border 应为 all、none、bottom、top、top-bottom 或边的列表（如 [left, right, bottom]）");
}

static ws_status load_footer_lines(loader *l, ws_ynode *list, int list_field, ws_cell_def *c)
{
    if (!ws_ynode_is_seq(list)) return ws_yaml_error(l->y, list, l->err, "footer 应为文字列表");
    c->nfooter = ws_ynode_count(list);
    c->footer = ws_arena_calloc(l->p->arena, c->nfooter ? c->nfooter : 1, sizeof *c->footer);
    if (!c->footer) return oom(l);
    for (size_t i = 0; i < c->nfooter; i++) {
        ws_ynode *item = ws_ynode_at(list, i);
        if (!ws_ynode_str(item)) return ws_yaml_error(l->y, item, l->err, "footer 的每一行应为文字");
        WS_TRY(compile_at(l, item, ws_ynode_str(item), list_field, false, &c->footer[i]));
    }
    return WS_OK;
}

static ws_status load_photo_cell(loader *l, ws_ynode *node, ws_cell_def *c)
{
    const char *field = NULL;
    WS_TRY(ws_yaml_get_str(l->y, node, "photo", &field, l->err));
    c->photo_field = ws_program_field(l->p, field, strlen(field));
    if (c->photo_field < 0)
        return ws_yaml_error(l->y, ws_ynode_get(node, "photo"), l->err, "没有名为「%s」的字段", field);
    if (l->p->fields[c->photo_field].kind != WS_FIELD_PHOTO)
        return ws_yaml_error(l->y, node, l->err, "字段「%s」不是 photo 类型", field);
    return compile_key(l, node, "placeholder", -1, false, &c->placeholder);
}

static const char *const CELL_KEYS[] = {"label", "text", "photo", "placeholder", "style",
                                        "colspan", "rowspan", "footer", "continued", "border",
                                        "flow", "font", "size", "min_size", "align", "valign",
                                        "leading", "indent", "tracking", NULL};

static ws_status load_cell(loader *l, ws_ynode *node, const table_defaults *td, int list_field,
                           ws_cell_def *c)
{
    *c = (ws_cell_def){.colspan = 1, .rowspan = 1, .photo_field = -1, .borders = td->borders,
                       .line = ws_ynode_line(node)};
    if (ws_ynode_is_scalar(node)) { /* "{{姓名}}": a value cell */
        c->style = td->value_style;
        if (!c->style) return ws_yaml_error(l->y, node, l->err, "表格缺少 style（默认单元格样式）");
        return compile_at(l, node, ws_ynode_str(node), list_field, false, &c->text);
    }
    if (!ws_ynode_is_map(node)) return ws_yaml_error(l->y, node, l->err, "单元格应为文字或映射");
    WS_TRY(ws_yaml_check_keys(l->y, node, CELL_KEYS, "单元格", l->err));
    WS_TRY(ws_yaml_get_int(l->y, node, "colspan", &c->colspan, l->err));
    WS_TRY(ws_yaml_get_int(l->y, node, "rowspan", &c->rowspan, l->err));
    WS_TRY(ws_yaml_get_bool(l->y, node, "flow", &c->flows, l->err));
    if (c->colspan < 1 || c->rowspan < 1 || c->colspan > MAX_GRID_COLS || c->rowspan > 64)
        return ws_yaml_error(l->y, node, l->err, "colspan/rowspan 应为正整数");
    bool is_label = ws_ynode_get(node, "label") != NULL;
    WS_TRY(style_for(l, node, "style", is_label ? td->label_style : td->value_style, &c->style));
    if (ws_ynode_get(node, "border")) WS_TRY(parse_borders(l, ws_ynode_get(node, "border"), &c->borders));
    if (ws_ynode_get(node, "photo")) WS_TRY(load_photo_cell(l, node, c));
    else if (is_label) WS_TRY(compile_key(l, node, "label", list_field, false, &c->text));
    else WS_TRY(compile_key(l, node, "text", list_field, false, &c->text));
    if (!c->text && c->photo_field < 0) WS_TRY(compile_at(l, node, "", -1, false, &c->text));
    if (ws_ynode_get(node, "footer"))
        WS_TRY(load_footer_lines(l, ws_ynode_get(node, "footer"), list_field, c));
    return compile_key(l, node, "continued", -1, false, &c->continued);
}

/* Places cells on the grid (rowspans from rows above occupy columns) and
 * checks that every row is filled exactly. */
typedef struct grid {
    unsigned char used[MAX_GRID_ROWS][MAX_GRID_COLS];
} grid;

static ws_status place_row(loader *l, grid *g, size_t r, size_t nrows, size_t ncols, ws_row_def *row,
                           ws_ynode *node)
{
    size_t c = 0;
    for (size_t i = 0; i < row->ncells; i++) {
        ws_cell_def *cell = &row->cells[i];
        while (c < ncols && g->used[r][c]) c++;
        if (c + (size_t)cell->colspan > ncols)
            return ws_yaml_error(l->y, ws_ynode_at(node, i), l->err,
                                 "这一行的单元格超出了表格的 %zu 列", ncols);
        if (r + (size_t)cell->rowspan > nrows)
            return ws_yaml_error(l->y, ws_ynode_at(node, i), l->err, "rowspan 超出了表格的行数（按 rows: 中写出的行计，repeat:/each:/min_rows 生成的行不计在内）");
        cell->col = (int)c;
        for (int dr = 0; dr < cell->rowspan; dr++)
            for (int dc = 0; dc < cell->colspan; dc++) g->used[r + (size_t)dr][c + (size_t)dc] = 1;
        c += (size_t)cell->colspan;
    }
    for (size_t k = 0; k < ncols; k++)
        if (!g->used[r][k])
            return ws_yaml_error(l->y, node, l->err, "这一行只填满了 %zu 列中的 %zu 列", ncols, k);
    return WS_OK;
}

static ws_status parse_each(loader *l, ws_ynode *node, ws_row_def *row)
{
    const char *each = NULL;
    WS_TRY(ws_yaml_get_str(l->y, node, "each", &each, l->err));
    if (!each) return WS_OK;
    if (!strcmp(each, "record")) row->each = WS_EACH_RECORD;
    else if (!strcmp(each, "quota")) row->each = WS_EACH_QUOTA;
    else if (!strcmp(each, "part")) row->each = WS_EACH_PART;
    else
        return ws_yaml_error(l->y, ws_ynode_get(node, "each"), l->err,
                             "each 应为 record（每条记录一行）、quota（名额表每行）或 part（装订册各部分）");
    if (row->each == WS_EACH_QUOTA && !l->p->quotas)
        return ws_yaml_error(l->y, ws_ynode_get(node, "each"), l->err,
                             "each: quota 需要 program.yaml 中的 quotas: 名额表文件");
    if (row->each == WS_EACH_RECORD && l->d->select.scope == WS_SCOPE_RECORD)
        return ws_yaml_error(l->y, ws_ynode_get(node, "each"), l->err,
                             "each: record 只能用于 scope: unit 或 scope: program 的文档");
    return WS_OK;
}

static ws_status load_row_options(loader *l, ws_ynode *node, ws_row_def *row)
{
    static const char *const keys[] = {"cells", "height", "shrink_to", "split", "repeat",
                                       "min_rows", "each", "header", NULL};
    WS_TRY(ws_yaml_check_keys(l->y, node, keys, "表格行", l->err));
    WS_TRY(get_mm(l, node, "height", &row->min_height_mm));
    WS_TRY(get_mm(l, node, "shrink_to", &row->shrink_mm));
    if (row->shrink_mm > row->min_height_mm)
        return ws_yaml_error(l->y, ws_ynode_get(node, "shrink_to"), l->err,
                             "shrink_to（%.0f）应不大于 height（%.0f）", row->shrink_mm,
                             row->min_height_mm);
    WS_TRY(ws_yaml_get_bool(l->y, node, "split", &row->split, l->err));
    WS_TRY(ws_yaml_get_bool(l->y, node, "header", &row->header, l->err));
    WS_TRY(ws_yaml_get_int(l->y, node, "min_rows", &row->min_rows, l->err));
    WS_TRY(parse_each(l, node, row));
    const char *repeat = NULL;
    WS_TRY(ws_yaml_get_str(l->y, node, "repeat", &repeat, l->err));
    if (!repeat) return WS_OK;
    if (row->each != WS_EACH_NONE)
        return ws_yaml_error(l->y, node, l->err, "一行不能同时有 repeat 和 each");
    row->repeat_field = ws_program_field(l->p, repeat, strlen(repeat));
    if (row->repeat_field < 0 || l->p->fields[row->repeat_field].kind != WS_FIELD_LIST)
        return ws_yaml_error(l->y, ws_ynode_get(node, "repeat"), l->err,
                             "repeat 应为 list 类型的字段（「%s」不是）", repeat);
    return WS_OK;
}

/* A row repeated per entry, record, quota row or part. */
static bool row_repeats(const ws_row_def *row)
{
    return row->repeat_field >= 0 || row->each != WS_EACH_NONE;
}

/* 'prev' is the row above in the same table, or NULL: a plain row right
 * under a repeated one may number itself on with {{row}} (合计 after 1…9). */
static ws_status load_row(loader *l, ws_ynode *node, const table_defaults *td,
                          const ws_row_def *prev, ws_row_def *row)
{
    *row = (ws_row_def){.repeat_field = -1, .line = ws_ynode_line(node)};
    ws_ynode *cells = node;
    if (ws_ynode_is_map(node)) {
        WS_TRY(load_row_options(l, node, row));
        cells = ws_ynode_get(node, "cells");
    }
    if (!ws_ynode_is_seq(cells) || ws_ynode_count(cells) == 0)
        return ws_yaml_error(l->y, node, l->err, "表格行应有 cells（单元格列表）");
    row->ncells = ws_ynode_count(cells);
    row->cells = ws_arena_calloc(l->p->arena, row->ncells, sizeof *row->cells);
    if (!row->cells) return oom(l);
    int items = row->repeat_field >= 0       ? row->repeat_field
                : row->each == WS_EACH_QUOTA ? ITEMS_QUOTA
                : row->each == WS_EACH_PART  ? ITEMS_PART
                                             : ITEMS_NONE;
    if (!row_repeats(row) && prev && row_repeats(prev)) row->numbered_after = prev;
    l->numbered_row = row_repeats(row) || row->numbered_after;
    ws_status st = WS_OK;
    for (size_t i = 0; i < row->ncells && st == WS_OK; i++)
        st = load_cell(l, ws_ynode_at(cells, i), td, items, &row->cells[i]);
    l->numbered_row = false;
    if (st != WS_OK) return st;
    if (row->split) { /* the flowing cell: marked, else the last text cell */
        ws_cell_def *flow = NULL;
        for (size_t i = 0; i < row->ncells; i++)
            if (row->cells[i].flows) flow = &row->cells[i];
        for (size_t i = row->ncells; !flow && i-- > 0;)
            if (row->cells[i].photo_field < 0) flow = &row->cells[i];
        if (flow) flow->flows = true;
    }
    return WS_OK;
}

static ws_status load_columns(loader *l, ws_ynode *cols, ws_table_def *t)
{
    t->ncols = ws_ynode_count(cols);
    if (!ws_ynode_is_seq(cols) || t->ncols == 0 || t->ncols > MAX_GRID_COLS)
        return ws_yaml_error(l->y, cols, l->err, "columns 应为各列宽度（毫米）的列表");
    t->col_mm = ws_arena_calloc(l->p->arena, t->ncols, sizeof *t->col_mm);
    if (!t->col_mm) return oom(l);
    for (size_t i = 0; i < t->ncols; i++) {
        const char *s = ws_ynode_str(ws_ynode_at(cols, i));
        char *end;
        double v = s ? strtod(s, &end) : 0;
        if (!s || end == s || *end || v <= 0)
            return ws_yaml_error(l->y, ws_ynode_at(cols, i), l->err, "列宽应为正数（毫米）");
        t->col_mm[i] = (float)v;
    }
    return WS_OK;
}

static ws_status check_rowspans(loader *l, ws_ynode *rows, ws_table_def *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        ws_row_def *row = &t->rows[r];
        if (row->repeat_field < 0 && !row->split && row->each == WS_EACH_NONE) continue;
        for (size_t i = 0; i < row->ncells; i++)
            if (row->cells[i].rowspan > 1)
                return ws_yaml_error(l->y, ws_ynode_at(rows, r), l->err,
                                     "repeat 或 split 的行不能有 rowspan");
        for (size_t q = 0; q < r; q++)
            for (size_t i = 0; i < t->rows[q].ncells; i++)
                if (q + (size_t)t->rows[q].cells[i].rowspan > r)
                    return ws_yaml_error(l->y, ws_ynode_at(rows, r), l->err,
                                         "上面的 rowspan 不能跨入 repeat 或 split 的行");
    }
    return WS_OK;
}

static ws_status load_table(loader *l, ws_ynode *node, ws_table_def **out)
{
    static const char *const keys[] = {"columns",     "rows",          "border", "padding",
                                       "style",       "label_style",   "keep_together",
                                       "keep_with_previous", NULL};
    if (!ws_ynode_is_map(node)) return ws_yaml_error(l->y, node, l->err, "table 应为映射");
    WS_TRY(ws_yaml_check_keys(l->y, node, keys, "table", l->err));
    ws_table_def *t = ws_arena_calloc(l->p->arena, 1, sizeof *t);
    if (!t) return oom(l);
    t->border_pt = 0.5f;
    t->pad_mm = 1.2f;
    double b = t->border_pt;
    WS_TRY(ws_yaml_get_num(l->y, node, "border", &b, l->err));
    /* border: 0 - cells have no lines unless one says which (border: bottom, the
     * line under a certificate's name), drawn at the usual 0.5 pt */
    table_defaults td = {NULL, NULL, b > 0 ? WS_BORDER_ALL : 0};
    t->border_pt = b > 0 ? (float)b : 0.5f;
    WS_TRY(get_mm(l, node, "padding", &t->pad_mm));
    WS_TRY(ws_yaml_get_bool(l->y, node, "keep_together", &t->keep_together, l->err));
    WS_TRY(ws_yaml_get_bool(l->y, node, "keep_with_previous", &t->keep_with_previous, l->err));
    const char *name = NULL;
    WS_TRY(ws_yaml_get_str(l->y, node, "style", &name, l->err));
    if (name && !(td.value_style = find_style(l->d, name)))
        return ws_yaml_error(l->y, ws_ynode_get(node, "style"), l->err, "没有名为「%s」的样式", name);
    name = NULL;
    WS_TRY(ws_yaml_get_str(l->y, node, "label_style", &name, l->err));
    td.label_style = td.value_style;
    if (name && !(td.label_style = find_style(l->d, name)))
        return ws_yaml_error(l->y, ws_ynode_get(node, "label_style"), l->err, "没有名为「%s」的样式", name);
    WS_TRY(load_columns(l, ws_ynode_get(node, "columns"), t));
    ws_ynode *rows = ws_ynode_get(node, "rows");
    t->nrows = ws_ynode_count(rows);
    if (t->nrows == 0 || t->nrows > MAX_GRID_ROWS)
        return ws_yaml_error(l->y, node, l->err, "table 需要 rows（1 到 %d 行）", MAX_GRID_ROWS);
    t->rows = ws_arena_calloc(l->p->arena, t->nrows, sizeof *t->rows);
    grid *g = calloc(1, sizeof *g);
    if (!t->rows || !g) {
        free(g);
        return oom(l);
    }
    ws_status st = WS_OK;
    for (size_t r = 0; r < t->nrows && st == WS_OK; r++) {
        ws_ynode *rn = ws_ynode_at(rows, r);
        st = load_row(l, rn, &td, r ? &t->rows[r - 1] : NULL, &t->rows[r]);
        ws_ynode *cells = ws_ynode_is_map(rn) ? ws_ynode_get(rn, "cells") : rn;
        if (st == WS_OK) st = place_row(l, g, r, t->nrows, t->ncols, &t->rows[r], cells);
    }
    free(g);
    WS_TRY(st);
    WS_TRY(check_rowspans(l, rows, t));
    *out = t;
    return WS_OK;
}

/* --- content blocks -------------------------------------------------------------------- */

static ws_status load_blocks(loader *l, ws_ynode *list, ws_block_def **out, size_t *n);

static ws_status field_named(loader *l, ws_ynode *node, const char *name, int *out)
{
    *out = ws_program_field(l->p, name, strlen(name));
    if (*out < 0) return ws_yaml_error(l->y, node, l->err, "没有名为「%s」的字段", name);
    return WS_OK;
}

/* A condition's value must be one the field can take, when its choices are
 * listed: a typo (人选 for 入选) would otherwise select nobody, silently. */
static ws_status check_choice(loader *l, ws_ynode *node, int field, const char *value)
{
    const ws_field_def *f = &l->p->fields[field];
    if (!f->nchoices) return WS_OK;
    for (size_t i = 0; i < f->nchoices; i++)
        if (!strcmp(f->choices[i], value)) return WS_OK;
    ws_buf list = WS_BUF_INIT;
    for (size_t i = 0; i < f->nchoices; i++) ws_buf_printf(&list, "%s%s", i ? "、" : "", f->choices[i]);
    ws_status st = ws_yaml_error(l->y, node, l->err, "字段「%s」没有「%s」这个选项（可选：%s）",
                                 f->name, value, list.p ? list.p : "");
    ws_buf_free(&list);
    return st;
}

/* A where: or where_any: map, {field: [values…] | value | "*"}, into *out. */
static ws_status load_where(loader *l, ws_ynode *w, const char *key, ws_where_def **out,
                            size_t *nout)
{
    if (!w) return WS_OK;
    if (!ws_ynode_is_map(w))
        return ws_yaml_error(l->y, w, l->err, "%s 应为「字段: [可取的值…]」映射（值为 \"*\" 表示非空）",
                             key);
    size_t n = 0;
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(w, &it, &k, &v)) n++;
    *out = ws_arena_calloc(l->p->arena, n ? n : 1, sizeof **out);
    if (!*out) return oom(l);
    it = NULL;
    while (ws_ynode_next_pair(w, &it, &k, &v)) {
        ws_where_def *c = &(*out)[(*nout)++];
        WS_TRY(field_named(l, k, ws_ynode_str(k) ? ws_ynode_str(k) : "", &c->field));
        size_t nv = ws_ynode_is_seq(v) ? ws_ynode_count(v) : 1;
        const char *one = ws_ynode_str(v);
        if (one && !strcmp(one, "*")) continue; /* non-empty */
        c->values = ws_arena_calloc(l->p->arena, nv, sizeof *c->values);
        if (!c->values) return oom(l);
        for (size_t i = 0; i < nv; i++) {
            const char *s = ws_ynode_is_seq(v) ? ws_ynode_str(ws_ynode_at(v, i)) : one;
            if (!s) return ws_yaml_error(l->y, v, l->err, "%s 的值应为文字或文字列表", key);
            WS_TRY(check_choice(l, v, c->field, s));
            c->values[c->n++] = ws_arena_strdup(l->p->arena, s);
        }
    }
    return WS_OK;
}

/* min_groups/max_groups of a when: block: whole numbers ≥ 1, only in a
 * document with group_by (otherwise there is always one group). */
static ws_status load_group_bounds(loader *l, ws_ynode *node, ws_block_def *b)
{
    static const char *const keys[] = {"min_groups", "max_groups"};
    int *bounds[] = {&b->min_groups, &b->max_groups};
    for (size_t i = 0; i < 2; i++) {
        ws_ynode *v = ws_ynode_get(node, keys[i]);
        if (!v) continue;
        if (l->d->select.group_field < 0)
            return ws_yaml_error(l->y, v, l->err, "%s 需要文档的 group_by（按哪个字段分组）",
                                 keys[i]);
        WS_TRY(ws_yaml_get_int(l->y, node, keys[i], bounds[i], l->err));
        if (*bounds[i] < 1)
            return ws_yaml_error(l->y, v, l->err, "%s 应为不小于 1 的整数", keys[i]);
    }
    return WS_OK;
}

static ws_status load_block(loader *l, ws_ynode *node, ws_block_def *b)
{
    b->line = ws_ynode_line(node);
    const char *s = ws_ynode_str(node);
    if (s && !strcmp(s, "page_break")) {
        b->kind = WS_BLOCK_PAGE_BREAK;
        return WS_OK;
    }
    if (!ws_ynode_is_map(node))
        return ws_yaml_error(l->y, node, l->err, "内容项应为 paragraph、spacer、table 或 page_break");
    if (ws_ynode_get(node, "table")) {
        static const char *const keys[] = {"table", NULL};
        WS_TRY(ws_yaml_check_keys(l->y, node, keys, "table 项", l->err));
        b->kind = WS_BLOCK_TABLE;
        return load_table(l, ws_ynode_get(node, "table"), &b->table);
    }
    if (ws_ynode_get(node, "groups")) {
        static const char *const keys[] = {"groups", NULL};
        WS_TRY(ws_yaml_check_keys(l->y, node, keys, "groups 项", l->err));
        if (l->d->select.group_field < 0)
            return ws_yaml_error(l->y, node, l->err, "groups 需要文档的 group_by（按哪个字段分组）");
        b->kind = WS_BLOCK_GROUPS;
        return load_blocks(l, ws_ynode_get(node, "groups"), &b->blocks, &b->nblocks);
    }
    if (ws_ynode_get(node, "when") || ws_ynode_get(node, "when_any") ||
        ws_ynode_get(node, "min_groups") || ws_ynode_get(node, "max_groups")) {
        static const char *const keys[] = {"when",       "when_any", "min_groups",
                                           "max_groups", "blocks",   NULL};
        WS_TRY(ws_yaml_check_keys(l->y, node, keys, "when 项", l->err));
        b->kind = WS_BLOCK_WHEN;
        WS_TRY(load_where(l, ws_ynode_get(node, "when"), "when", &b->when, &b->nwhen));
        WS_TRY(load_where(l, ws_ynode_get(node, "when_any"), "when_any", &b->when_any,
                          &b->nwhen_any));
        WS_TRY(load_group_bounds(l, node, b));
        if (!ws_ynode_get(node, "blocks"))
            return ws_yaml_error(l->y, node, l->err, "when 项需要 blocks：条件成立时显示的内容");
        return load_blocks(l, ws_ynode_get(node, "blocks"), &b->blocks, &b->nblocks);
    }
    if (ws_ynode_get(node, "spacer")) {
        static const char *const keys[] = {"spacer", NULL};
        WS_TRY(ws_yaml_check_keys(l->y, node, keys, "spacer 项", l->err));
        b->kind = WS_BLOCK_SPACER;
        return get_mm(l, node, "spacer", &b->height_mm);
    }
    if (ws_ynode_get(node, "paragraph")) {
        static const char *const keys[] = {"paragraph", "style", "before", "after", "font", "size",
                                           "min_size", "align", "valign", "leading", "indent",
                                           "tracking", "keep_with_next", "keep_with_previous",
                                           NULL};
        WS_TRY(ws_yaml_check_keys(l->y, node, keys, "paragraph 项", l->err));
        b->kind = WS_BLOCK_PARAGRAPH;
        WS_TRY(ws_yaml_get_bool(l->y, node, "keep_with_next", &b->keep_with_next, l->err));
        WS_TRY(ws_yaml_get_bool(l->y, node, "keep_with_previous", &b->keep_with_previous,
                                l->err));
        WS_TRY(get_mm(l, node, "before", &b->before_mm));
        WS_TRY(get_mm(l, node, "after", &b->after_mm));
        WS_TRY(style_for(l, node, "style", NULL, &b->style));
        return compile_key(l, node, "paragraph", -1, false, &b->text);
    }
    return ws_yaml_error(l->y, node, l->err, "内容项应为 paragraph、spacer、table、groups、when 或 page_break");
}

static ws_status load_blocks(loader *l, ws_ynode *list, ws_block_def **out, size_t *n)
{
    if (!ws_ynode_is_seq(list) || ws_ynode_count(list) == 0)
        return ws_yaml_error(l->y, list, l->err, "content 应为内容项列表");
    *n = ws_ynode_count(list);
    *out = ws_arena_calloc(l->p->arena, *n, sizeof **out);
    if (!*out) return oom(l);
    for (size_t i = 0; i < *n; i++) WS_TRY(load_block(l, ws_ynode_at(list, i), &(*out)[i]));
    return WS_OK;
}

/* --- which records: scope, where, order, group_by ---------------------------------- */

static ws_status load_scope(loader *l, ws_ynode *m)
{
    ws_select_def *sel = &l->d->select;
    const char *scope = "record";
    WS_TRY(ws_yaml_get_str(l->y, m, "scope", &scope, l->err));
    if (!strcmp(scope, "record")) sel->scope = WS_SCOPE_RECORD;
    else if (!strcmp(scope, "unit")) sel->scope = WS_SCOPE_UNIT;
    else if (!strcmp(scope, "program")) sel->scope = WS_SCOPE_PROGRAM;
    else
        return ws_yaml_error(l->y, ws_ynode_get(m, "scope"), l->err,
                             "scope 应为 record（每条记录一份）、unit（每个推荐单位一份）或 program（一份）");
    if (sel->scope == WS_SCOPE_UNIT && l->p->unit_field < 0)
        return ws_yaml_error(l->y, ws_ynode_get(m, "scope"), l->err,
                             "scope: unit 需要 program.yaml 中的 unit_field（如 推荐单位）");
    return WS_OK;
}

static ws_status load_order(loader *l, ws_ynode *m)
{
    ws_select_def *sel = &l->d->select;
    const char *order = NULL, *group = NULL;
    WS_TRY(ws_yaml_get_str(l->y, m, "order", &order, l->err));
    WS_TRY(ws_yaml_get_str(l->y, m, "group_by", &group, l->err));
    sel->order_field = sel->group_field = -1;
    if (group) WS_TRY(field_named(l, ws_ynode_get(m, "group_by"), group, &sel->group_field));
    WS_TRY(ws_yaml_get_bool(l->y, m, "empty_groups", &sel->empty_groups, l->err));
    if (sel->empty_groups && (sel->group_field < 0 || !l->p->fields[sel->group_field].nchoices))
        return ws_yaml_error(l->y, ws_ynode_get(m, "empty_groups"), l->err,
                             "empty_groups 需要 group_by，且分组字段在 program.yaml 中列出 choices"
                             "（每个选项一组，没有人的也列出）");
    if (!order || !strcmp(order, "input")) return WS_OK;
    ws_ynode *node = ws_ynode_get(m, "order");
    if (!strncmp(order, "strokes ", 8)) {
        sel->order = WS_ORDER_STROKES;
        return field_named(l, node, order + 8, &sel->order_field);
    }
    sel->order = WS_ORDER_FIELD;
    return field_named(l, node, order, &sel->order_field);
}

/* The group_by field's values head the groups ({{var.group}}, groups:), so
 * the document prints it as a field it shows; a public document grouped by
 * a private field (通信地址, 电子邮箱, 身份证号) would print them all. */
static ws_status check_group_public(loader *l, ws_ynode *m)
{
    int f = l->d->select.group_field;
    if (f < 0) return WS_OK;
    if (!l->d->fields_shown)
        l->d->fields_shown = ws_arena_calloc(l->p->arena, l->p->nfields, sizeof(bool));
    if (!l->d->fields_shown) return oom(l);
    l->d->fields_shown[f] = true;
    if (!ws_field_is_private(&l->p->fields[f])) return WS_OK;
    l->d->personal = true;
    if (!l->d->public_doc) return WS_OK;
    return ws_yaml_error(l->y, ws_ynode_get(m, "group_by"), l->err,
                         "公开文档（public: true）不能按个人信息字段分组（group_by: 「%s」）："
                         "每组的标题会印出它",
                         l->p->fields[f].name);
}

/* A document's date is computed once per document (per unit, or for the
 * whole program), before any record is in view: a record's field or
 * number there would be blank at build time and fail every record. */
static ws_status check_date_from(loader *l, ws_ynode *node, const ws_tpl *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const ws_part *part = &t->parts[i];
        if (part->kind == WS_PART_FIELD || part->kind == WS_PART_CHECK)
            return ws_yaml_error(l->y, node, l->err,
                                 "dates 的 from 不能用记录的字段「%s」：日期每份文档只算一次，"
                                 "不属于哪一条记录。请写固定日期（2020-07-24）、program.yaml "
                                 "texts 中的值（{{program.公示开始日期}}）、单位信息表的列"
                                 "（{{unit.列名}}）或前面算出的日期（{{var.名称}}）",
                                 l->p->fields[part->field].name);
        if (part->kind == WS_PART_SEQ || part->kind == WS_PART_ITEM || part->kind == WS_PART_RULE)
            return ws_yaml_error(
                l->y, node, l->err,
                "dates 的 from 不能用 {{seq}}、{{item.…}} 或 {{rule.…}}：日期每份文档只算一次");
    }
    return WS_OK;
}

static ws_status load_dates(loader *l, ws_ynode *list)
{
    if (!list) return WS_OK;
    if (!ws_ynode_is_seq(list))
        return ws_yaml_error(l->y, list, l->err, "dates 应为列表：- {name: …, from: …, working_days: N}");
    l->d->ndates = ws_ynode_count(list);
    l->d->dates = ws_arena_calloc(l->p->arena, l->d->ndates ? l->d->ndates : 1, sizeof *l->d->dates);
    if (!l->d->dates) return oom(l);
    static const char *const keys[] = {"name", "from", "working_days", NULL};
    for (size_t i = 0; i < l->d->ndates; i++) {
        ws_ynode *m = ws_ynode_at(list, i);
        ws_date_def *dd = &l->d->dates[i];
        dd->line = ws_ynode_line(m);
        if (!ws_ynode_is_map(m)) return ws_yaml_error(l->y, m, l->err, "dates 的每项应为映射");
        WS_TRY(ws_yaml_check_keys(l->y, m, keys, "dates 项", l->err));
        WS_TRY(ws_yaml_get_str(l->y, m, "name", &dd->name, l->err));
        WS_TRY(ws_yaml_get_int(l->y, m, "working_days", &dd->working_days, l->err));
        if (!dd->name || !ws_ynode_get(m, "from"))
            return ws_yaml_error(l->y, m, l->err, "dates 项需要 name 和 from");
        dd->name = ws_arena_strdup(l->p->arena, dd->name);
        if (dd->working_days < 0 || dd->working_days > 365)
            return ws_yaml_error(l->y, m, l->err, "working_days 应在 0 到 365 之间");
        WS_TRY(compile_key(l, m, "from", ITEMS_NONE, false, &dd->from));
        WS_TRY(check_date_from(l, ws_ynode_get(m, "from"), dd->from));
    }
    return WS_OK;
}

static ws_status load_parts(loader *l, ws_ynode *list)
{
    if (l->d->kind != WS_DOC_PACKET) {
        if (list) return ws_yaml_error(l->y, list, l->err, "parts 只用于 kind: packet 的文档");
        return WS_OK;
    }
    if (!ws_ynode_is_seq(list) || ws_ynode_count(list) == 0)
        return ws_yaml_error(l->y, list, l->err, "packet 需要 parts：装订的各部分（按顺序）");
    l->d->nparts = ws_ynode_count(list);
    l->d->parts = ws_arena_calloc(l->p->arena, l->d->nparts, sizeof *l->d->parts);
    if (!l->d->parts) return oom(l);
    static const char *const keys[] = {"document", "files",    "each_record", "keep_footer",
                                       "required", "title", NULL};
    for (size_t i = 0; i < l->d->nparts; i++) {
        ws_ynode *m = ws_ynode_at(list, i);
        ws_part_def *pd = &l->d->parts[i];
        *pd = (ws_part_def){.files_field = -1, .line = ws_ynode_line(m)};
        if (!ws_ynode_is_map(m)) return ws_yaml_error(l->y, m, l->err, "parts 的每项应为映射");
        WS_TRY(ws_yaml_check_keys(l->y, m, keys, "parts 项", l->err));
        const char *files = NULL;
        WS_TRY(ws_yaml_get_str(l->y, m, "document", &pd->doc, l->err));
        WS_TRY(ws_yaml_get_str(l->y, m, "files", &files, l->err));
        WS_TRY(ws_yaml_get_bool(l->y, m, "each_record", &pd->per_record, l->err));
        WS_TRY(ws_yaml_get_bool(l->y, m, "keep_footer", &pd->keep_footer, l->err));
        WS_TRY(ws_yaml_get_bool(l->y, m, "required", &pd->required, l->err));
        if (!pd->doc == !files)
            return ws_yaml_error(l->y, m, l->err, "parts 项应有 document（文档名）或 files（附件字段）之一");
        if (pd->doc) pd->doc = ws_arena_strdup(l->p->arena, pd->doc);
        if (files) {
            WS_TRY(field_named(l, ws_ynode_get(m, "files"), files, &pd->files_field));
            if (l->p->fields[pd->files_field].kind != WS_FIELD_FILES)
                return ws_yaml_error(l->y, m, l->err, "字段「%s」不是 files 类型", files);
            pd->per_record = true;
        }
        if (pd->required && !files)
            return ws_yaml_error(l->y, m, l->err, "required 只用于 files 部分（附件字段）");
        if (l->d->select.scope == WS_SCOPE_RECORD && ws_ynode_get(m, "each_record"))
            return ws_yaml_error(l->y, ws_ynode_get(m, "each_record"), l->err,
                                 "each_record 只用于 scope: unit 或 program 的装订册"
                                 "（scope: record 的装订册每份只有一条记录，各部分都是它的）");
        if (l->d->select.scope == WS_SCOPE_RECORD) pd->per_record = true;
        WS_TRY(compile_key(l, m, "title", ITEMS_NONE, false, &pd->title));
        if (!pd->title) return ws_yaml_error(l->y, m, l->err, "parts 项需要 title（目录中的标题）");
    }
    return WS_OK;
}

/* A packet's page limit: `max_pages: 50` (going over is an error) or
 * `max_pages: {pages: 50, level: warning}`; a form's (a certificate's
 * max_pages: 1), an error only. */
static ws_status load_max_pages(loader *l, ws_ynode *header)
{
    ws_ynode *m = ws_ynode_get(header, "max_pages");
    if (!m) return WS_OK;
    double pages = 0;
    const char *level = "error";
    if (ws_ynode_is_map(m)) {
        static const char *const keys[] = {"pages", "level", NULL};
        WS_TRY(ws_yaml_check_keys(l->y, m, keys, "max_pages", l->err));
        WS_TRY(ws_yaml_get_num(l->y, m, "pages", &pages, l->err));
        WS_TRY(ws_yaml_get_str(l->y, m, "level", &level, l->err));
    } else {
        WS_TRY(ws_yaml_get_num(l->y, header, "max_pages", &pages, l->err));
    }
    if (pages < 1 || pages > 100000 || pages != (int)pages)
        return ws_yaml_error(l->y, m, l->err, "max_pages 应为页数（1 以上的整数），如 50");
    if (strcmp(level, "error") && strcmp(level, "warning"))
        return ws_yaml_error(l->y, m, l->err, "max_pages 的 level 应为 error（默认）或 warning");
    l->d->max_pages = (int)pages;
    l->d->max_pages_warning = !strcmp(level, "warning");
    return WS_OK;
}

/* A packet's words: the notice's sentence its page limit encodes, so it
 * needs max_pages (load_header refuses it on other kinds). */
static ws_status load_limit_words(loader *l, ws_ynode *header)
{
    const char *words = NULL;
    WS_TRY(ws_yaml_get_str(l->y, header, "words", &words, l->err));
    if (words && !l->d->max_pages)
        return ws_yaml_error(l->y, ws_ynode_get(header, "words"), l->err,
                             "words 是页数上限的通知原文，需与 max_pages 一起用");
    l->d->max_pages_words = words ? ws_arena_strdup(l->p->arena, words) : "";
    return l->d->max_pages_words ? WS_OK : ws_err_set(l->err, WS_ERR_NOMEM, "内存不足");
}

const char *ws_doc_page_limit_text(const ws_doc_def *d, char *out, size_t n)
{
    snprintf(out, n, "超过通知规定的 %d 页", d->max_pages);
    return out;
}

/* A packet's page_numbers: {text, position, font, size, bottom, side, from}. */
static ws_status load_page_numbers(loader *l, ws_ynode *m)
{
    if (!m) return WS_OK;
    static const char *const keys[] = {"text", "position", "font", "size", "bottom", "side",
                                       "from", NULL};
    if (!ws_ynode_is_map(m)) return ws_yaml_error(l->y, m, l->err, "page_numbers 应为映射");
    WS_TRY(ws_yaml_check_keys(l->y, m, keys, "page_numbers", l->err));
    ws_pagenum_def *pn = ws_arena_calloc(l->p->arena, 1, sizeof *pn);
    if (!pn) return oom(l);
    *pn = (ws_pagenum_def){.outside = true, .bottom_mm = 20, .side_mm = 26, .from = 2,
                           .style = {.name = "page_numbers", .role = 0, .size_pt = 14,
                                     .leading = 1.2f}};
    WS_TRY(apply_style_keys(l, m, &pn->style));
    if (pn->style.role < 0) pn->style.role = 0;
    const char *pos = NULL;
    WS_TRY(ws_yaml_get_str(l->y, m, "position", &pos, l->err));
    if (pos && strcmp(pos, "outside") && strcmp(pos, "center"))
        return ws_yaml_error(l->y, ws_ynode_get(m, "position"), l->err,
                             "position 应为 outside（单页居右、双页居左）或 center");
    pn->outside = !pos || !strcmp(pos, "outside");
    double v = pn->bottom_mm;
    WS_TRY(ws_yaml_get_num(l->y, m, "bottom", &v, l->err));
    pn->bottom_mm = (float)v;
    v = pn->side_mm;
    WS_TRY(ws_yaml_get_num(l->y, m, "side", &v, l->err));
    pn->side_mm = (float)v;
    WS_TRY(ws_yaml_get_int(l->y, m, "from", &pn->from, l->err));
    WS_TRY(compile_key(l, m, "text", ITEMS_NONE, true, &pn->text));
    if (!pn->text) WS_TRY(compile_at(l, m, "— {{page}} —", ITEMS_NONE, true, &pn->text));
    l->d->page_numbers = pn;
    return WS_OK;
}

static ws_status load_kind(loader *l, ws_ynode *m)
{
    const char *kind = "form";
    WS_TRY(ws_yaml_get_str(l->y, m, "kind", &kind, l->err));
    if (strcmp(kind, "form") == 0) l->d->kind = WS_DOC_FORM;
    else if (strcmp(kind, "workbook") == 0) l->d->kind = WS_DOC_WORKBOOK;
    else if (strcmp(kind, "packet") == 0) l->d->kind = WS_DOC_PACKET;
    else
        return ws_yaml_error(l->y, ws_ynode_get(m, "kind"), l->err,
                             "未知的文档类型「%s」（可用：form、workbook、packet）", kind);
    return WS_OK;
}

static ws_status load_header(loader *l, ws_ynode *m)
{
    static const char *const keys[] = {"name",  "kind",     "output", "title",  "scope",
                                       "where", "where_any", "order", "group_by", "stage", "combined",
                                       "public", "html",    "background", "cover", "duplex",
                                       "page_numbers", "gutter", "mark", "empty_groups",
                                       "max_pages", "words", NULL};
    if (!ws_ynode_is_map(m)) return ws_yaml_error(l->y, m, l->err, "缺少 document: 段");
    WS_TRY(ws_yaml_check_keys(l->y, m, keys, "document 段", l->err));
    if (l->d->kind != WS_DOC_PACKET && ws_ynode_get(m, "words"))
        return ws_yaml_error(l->y, ws_ynode_get(m, "words"), l->err,
                             "words（页数上限的通知原文）只用于 kind: packet 的文档");
    const char *name = NULL, *bg = NULL;
    WS_TRY(ws_yaml_get_str(l->y, m, "name", &name, l->err));
    if (!name) return ws_yaml_error(l->y, m, l->err, "document 段缺少 name");
    l->d->name = ws_arena_strdup(l->p->arena, name);
    WS_TRY(load_kind(l, m));
    WS_TRY(load_scope(l, m));
    ws_select_def *sel = &l->d->select;
    WS_TRY(load_where(l, ws_ynode_get(m, "where"), "where", &sel->where, &sel->nwhere));
    WS_TRY(load_where(l, ws_ynode_get(m, "where_any"), "where_any", &sel->where_any,
                      &sel->nwhere_any));
    WS_TRY(load_order(l, m));
    WS_TRY(ws_yaml_get_str(l->y, m, "stage", &l->d->stage, l->err));
    if (l->d->stage) l->d->stage = ws_arena_strdup(l->p->arena, l->d->stage);
    WS_TRY(load_public(l, m));
    WS_TRY(check_group_public(l, m));
    WS_TRY(ws_yaml_get_bool(l->y, m, "html", &l->d->html, l->err));
    WS_TRY(ws_yaml_get_bool(l->y, m, "duplex", &l->d->duplex, l->err));
    WS_TRY(ws_yaml_get_str(l->y, m, "cover", &l->d->cover, l->err));
    if (l->d->cover) l->d->cover = ws_arena_strdup(l->p->arena, l->d->cover);
    WS_TRY(ws_yaml_get_str(l->y, m, "background", &bg, l->err));
    if (bg) {
        char path[4096];
        ws_path_join(l->p->dir, bg, path, sizeof path);
        if (!ws_file_exists(path))
            return ws_yaml_error(l->y, ws_ynode_get(m, "background"), l->err, "背景图 %s 不存在", path);
        l->d->background = ws_arena_strdup(l->p->arena, path);
    }
    if (!ws_ynode_get(m, "output")) return ws_yaml_error(l->y, m, l->err, "document 段缺少 output（输出文件名）");
    WS_TRY(compile_key(l, m, "output", ITEMS_NONE, false, &l->d->output));
    if (ws_ynode_get(m, "combined") && l->d->select.scope != WS_SCOPE_RECORD)
        return ws_yaml_error(l->y, ws_ynode_get(m, "combined"), l->err,
                             "combined（合订本）只用于 scope: record 的文档");
    WS_TRY(compile_key(l, m, "combined", ITEMS_NONE, false, &l->d->combined));
    WS_TRY(compile_key(l, m, "mark", ITEMS_NONE, false, &l->d->mark));
    l->d->mark_style = (ws_style_def){.name = "mark", .role = 0, .size_pt = 9, .leading = 1.2f,
                                      .align = WS_H_RIGHT};
    return compile_key(l, m, "title", ITEMS_NONE, false, &l->d->title);
}

/* The column count of the first table among blocks (groups included), or 0;
 * *mixed is set when another table has a different count. */
static size_t table_columns(const ws_block_def *b, size_t n, size_t cols, bool *mixed)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind == WS_BLOCK_GROUPS || b[i].kind == WS_BLOCK_WHEN)
            cols = table_columns(b[i].blocks, b[i].nblocks, cols, mixed);
        if (b[i].kind != WS_BLOCK_TABLE) continue;
        if (cols && cols != b[i].table->ncols) *mixed = true;
        if (!cols) cols = b[i].table->ncols;
    }
    return cols;
}

/* The workbook: section of a kind: workbook document (all keys optional). */
static ws_status load_workbook(loader *l, ws_ynode *m)
{
    ws_workbook_def *wb = &l->d->workbook;
    wb->freeze = true;
    wb->fit_width = true;
    bool mixed = false;
    table_columns(l->d->blocks, l->d->nblocks, 0, &mixed);
    if (mixed)
        return ws_yaml_error(l->y, m ? m : ws_yaml_root((ws_ydoc *)l->y), l->err,
                             "workbook 文档中的各个表格列数应相同（工作表的列是共用的）");
    if (!m) return WS_OK;
    static const char *const keys[] = {"sheet", "freeze", "fit_width", NULL};
    if (!ws_ynode_is_map(m)) return ws_yaml_error(l->y, m, l->err, "workbook: 段应为键值表");
    WS_TRY(ws_yaml_check_keys(l->y, m, keys, "workbook 段", l->err));
    WS_TRY(ws_yaml_get_bool(l->y, m, "freeze", &wb->freeze, l->err));
    WS_TRY(ws_yaml_get_bool(l->y, m, "fit_width", &wb->fit_width, l->err));
    return compile_key(l, m, "sheet", ITEMS_NONE, false, &wb->sheet);
}

static ws_status load_doc(loader *l, ws_ydoc *y)
{
    ws_ynode *root = ws_yaml_root(y);
    static const char *const keys[] = {"document", "page", "styles", "content", "dates",
                                       "workbook", "parts", NULL};
    WS_TRY(ws_yaml_check_keys(l->y, root, keys, "文档文件", l->err));
    ws_ynode *header = ws_ynode_get(root, "document");
    WS_TRY(load_kind(l, header));
    if (l->d->kind == WS_DOC_PACKET) {
        WS_TRY(load_header(l, header));
        if (l->d->combined)
            return ws_yaml_error(l->y, ws_ynode_get(header, "combined"), l->err,
                                 "combined（合订本）不用于 packet");
        WS_TRY(load_page_numbers(l, ws_ynode_get(header, "page_numbers")));
        double gutter = 0;
        WS_TRY(ws_yaml_get_num(l->y, header, "gutter", &gutter, l->err));
        if (gutter < 0 || gutter > 30 || (gutter > 0 && !l->d->duplex))
            return ws_yaml_error(l->y, ws_ynode_get(header, "gutter"), l->err,
                                 "gutter（装订边，毫米）应在 0 到 30 之间，且只用于 duplex: true 的装订册");
        l->d->gutter_mm = (float)gutter;
        WS_TRY(load_max_pages(l, header));
        WS_TRY(load_limit_words(l, header));
        return load_parts(l, ws_ynode_get(root, "parts"));
    }
    if (ws_ynode_get(header, "page_numbers") || ws_ynode_get(header, "gutter"))
        return ws_yaml_error(l->y, header, l->err,
                             "page_numbers 和 gutter 只用于 kind: packet（表单的页码用 page: footer）");
    if (ws_ynode_get(header, "max_pages") && l->d->kind == WS_DOC_WORKBOOK)
        return ws_yaml_error(l->y, ws_ynode_get(header, "max_pages"), l->err,
                             "max_pages 不用于 kind: workbook");
    WS_TRY(load_max_pages(l, header));
    if (l->d->max_pages_warning)
        return ws_yaml_error(l->y, ws_ynode_get(header, "max_pages"), l->err,
                             "表单的 max_pages 超出即为错误，不能设 level: warning");
    /* styles first: the header and page refer to them */
    WS_TRY(load_styles(l, ws_ynode_get(root, "styles")));
    WS_TRY(load_header(l, header));
    WS_TRY(load_dates(l, ws_ynode_get(root, "dates")));
    WS_TRY(load_page(l, ws_ynode_get(root, "page")));
    WS_TRY(load_blocks(l, ws_ynode_get(root, "content"), &l->d->blocks, &l->d->nblocks));
    if (l->d->kind == WS_DOC_WORKBOOK) return load_workbook(l, ws_ynode_get(root, "workbook"));
    if (ws_ynode_get(root, "workbook"))
        return ws_yaml_error(l->y, ws_ynode_get(root, "workbook"), l->err,
                             "workbook: 段只用于 kind: workbook 的文档");
    return WS_OK;
}

ws_status ws_doc_load(ws_program *p, const char *path, const char *const *roles,
                      ws_doc_def **out, ws_err *err)
{
    ws_doc_def *d = ws_arena_calloc(p->arena, 1, sizeof *d);
    if (!d) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    d->file = ws_arena_strdup(p->arena, path);
    ws_ydoc *y = NULL;
    WS_TRY(ws_yaml_load(path, &y, err));
    loader l = {p, d, y, roles, err, NULL, 0, 0, false};
    ws_status st = load_doc(&l, y);
    if (st == WS_OK) st = check_vars(&l);
    free(l.vars);
    ws_yaml_free(y);
    if (st == WS_OK) *out = d;
    return st;
}
