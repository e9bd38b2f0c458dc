/* check/rules_load.c - rules.yaml into a ws_rules; see rules.h and
 * docs/rules.md.
 *
 * Every rule is a mapping with an id, a kind and the kind's keys. Each kind
 * lists the keys it accepts, so a misspelt key (max_chars for max) is an
 * error at load time with file:line, never a rule that silently checks
 * nothing. Field names are resolved to indexes here, dates parsed, the quota
 * table read: evaluation never meets a malformed rule. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "check/rules_impl.h"
#include "template/doc.h"
#include "template/yaml.h"

#define COMMON "id", "kind", "level", "words", "when", "summary"

/* column: is accepted by the kinds that check one value (and then check that
 * column of every entry of a list field); see load_entry_column. */
static const char *const K_REQUIRED[] = {COMMON, "field", "fields", "document", "column", NULL};
static const char *const K_FIELDS[] = {COMMON, "field", "fields", "column", NULL};
static const char *const K_VALUES[] = {COMMON, "field", "fields", "values", "column", NULL};
static const char *const K_CHOICE[] = {COMMON, "field", "fields", "values", "also", "column", NULL};
static const char *const K_IDCARD[] = {COMMON, "field", "fields", "birth", "sex", NULL};
static const char *const K_DATE[] = {COMMON,       "field",      "fields",    "format", "style",
                                     "not_future", "not_before", "not_after", "column", NULL};
static const char *const K_PERIODS[] = {COMMON,  "field",      "fields",  "column", "format",
                                        "style", "not_future", "present", NULL};
static const char *const K_AGE[] = {
    COMMON, "field", "fields", "at", "min", "max", "born_on_or_after", "born_before", "flag", NULL};
static const char *const K_TENURE[] = {COMMON, "field",     "fields", "latest_start",
                                       "at",   "min_years", NULL};
static const char *const K_LENGTH[] = {COMMON, "field", "fields", "min", "max", "count", "column", NULL};
static const char *const K_NUMBER[] = {COMMON, "field", "fields", "min", "max", "column", NULL};
static const char *const K_ENTRIES[] = {COMMON, "field", "fields", "min", "max", NULL};
static const char *const K_PHONE[] = {COMMON, "field", "fields", "allow", "column", NULL};
static const char *const K_UNIQUE[] = {COMMON, "field", "fields", "within", "across", NULL};
static const char *const K_QUOTA[] = {
    COMMON, "table",        "unit_field",   "level_field",    "column", "category_column",
    "caps", "max_per_unit", "unknown_unit", "unit_attribute", "limits", NULL};
static const char *const K_PHOTO[] = {COMMON,   "field",  "fields", "required", "formats",
                                      "max_kb", "min_px", "max_px", NULL};
static const char *const K_PREFER[] = {COMMON, "field", "fields", "values", "mark", NULL};
static const char *const K_FILES[] = {COMMON, "field", "fields", "extensions", NULL};

static const struct {
    const char *name;
    rule_kind kind;
    const char *const *keys;
} KINDS[RK_COUNT] = {
    {"required", RK_REQUIRED, K_REQUIRED},
    {"blank", RK_BLANK, K_FIELDS},
    {"choice", RK_CHOICE, K_CHOICE},
    {"idcard", RK_IDCARD, K_IDCARD},
    {"date", RK_DATE, K_DATE},
    {"periods", RK_PERIODS, K_PERIODS},
    {"age", RK_AGE, K_AGE},
    {"tenure", RK_TENURE, K_TENURE},
    {"length", RK_LENGTH, K_LENGTH},
    {"number", RK_NUMBER, K_NUMBER},
    {"phone", RK_PHONE, K_PHONE},
    {"email", RK_EMAIL, K_FIELDS},
    {"place", RK_PLACE, K_FIELDS},
    {"exclude", RK_EXCLUDE, K_VALUES},
    {"contains", RK_CONTAINS, K_VALUES},
    {"unique", RK_UNIQUE, K_UNIQUE},
    {"quota", RK_QUOTA, K_QUOTA},
    {"photo", RK_PHOTO, K_PHOTO},
    {"files", RK_FILES, K_FILES},
    {"any", RK_ANY, K_VALUES},
    {"count", RK_ENTRIES, K_ENTRIES},
    {"prefer", RK_PREFER, K_PREFER},
};

const char *ws_rule_kind_name(rule_kind k)
{
    return k < RK_COUNT ? KINDS[k].name : "?";
}

/* Loader state: the rules being built, the YAML document, the program. */
typedef struct loader {
    ws_rules *rs;
    ws_ydoc *doc;
    const ws_program *p;
    ws_err *err;
} loader;

static ws_status nomem(loader *L)
{
    return ws_err_set(L->err, WS_ERR_NOMEM, "内存不足");
}

static const char *dup(loader *L, const char *s)
{
    return s ? ws_arena_strdup(L->rs->arena, s) : NULL;
}

/* --- typed values --------------------------------------------------------------- */

static ws_status get_field(loader *L, ws_ynode *n, int *out)
{
    const char *s = ws_ynode_str(n);
    if (!s) return ws_yaml_error(L->doc, n, L->err, "字段名应为文字");
    int f = ws_program_field(L->p, s, strlen(s));
    if (f < 0)
        return ws_yaml_error(L->doc, n, L->err, "字段「%s」不在 %s 的 fields 中", s, L->p->file);
    *out = f;
    return WS_OK;
}

/* An optional single field key (birth:, sex:, within: …); -1 when absent. */
static ws_status get_opt_field(loader *L, ws_ynode *map, const char *key, int *out)
{
    *out = -1;
    ws_ynode *n = ws_ynode_get(map, key);
    return n ? get_field(L, n, out) : WS_OK;
}

static ws_status get_str_list(loader *L, ws_ynode *n, const char *key, const char ***out,
                              size_t *count)
{
    if (ws_ynode_is_scalar(n)) { /* one value written without brackets */
        const char **v = ws_arena_alloc(L->rs->arena, sizeof *v);
        if (!v || !(v[0] = dup(L, ws_ynode_str(n)))) return nomem(L);
        *out = v;
        *count = 1;
        return WS_OK;
    }
    if (!ws_ynode_is_seq(n) || ws_ynode_count(n) == 0)
        return ws_yaml_error(L->doc, n, L->err, "「%s」应为非空列表", key);
    size_t k = ws_ynode_count(n);
    const char **v = ws_arena_calloc(L->rs->arena, k, sizeof *v);
    if (!v) return nomem(L);
    for (size_t i = 0; i < k; i++) {
        const char *s = ws_ynode_str(ws_ynode_at(n, i));
        if (!s)
            return ws_yaml_error(L->doc, ws_ynode_at(n, i), L->err, "「%s」的每一项应为文字", key);
        if (!(v[i] = dup(L, s))) return nomem(L);
    }
    *out = v;
    *count = k;
    return WS_OK;
}

static ws_status get_date(loader *L, ws_ynode *map, const char *key, ws_date *out, bool *has)
{
    ws_ynode *n = ws_ynode_get(map, key);
    if (!n) return WS_OK;
    const char *s = ws_ynode_str(n);
    ws_err why;
    if (!s || ws_date_parse_full(s, strlen(s), out, &why) != WS_OK)
        return ws_yaml_error(L->doc, n, L->err, "「%s」应为完整日期，如 2020-07-23（%s）", key,
                             s ? why.msg : "不是文字");
    *has = true;
    return WS_OK;
}

static ws_status get_bounds(loader *L, ws_ynode *map, ws_rule *r)
{
    r->has_min = ws_ynode_get(map, "min") != NULL;
    r->has_max = ws_ynode_get(map, "max") != NULL;
    WS_TRY(ws_yaml_get_num(L->doc, map, "min", &r->min, L->err));
    WS_TRY(ws_yaml_get_num(L->doc, map, "max", &r->max, L->err));
    if (r->has_min && r->has_max && r->min > r->max)
        return ws_yaml_error(L->doc, ws_ynode_get(map, "min"), L->err, "min 大于 max");
    return WS_OK;
}

/* [w, h] in pixels. */
static ws_status get_px(loader *L, ws_ynode *map, const char *key, int out[2])
{
    ws_ynode *n = ws_ynode_get(map, key);
    if (!n) return WS_OK;
    for (size_t i = 0; i < 2 && ws_ynode_is_seq(n) && ws_ynode_count(n) == 2; i++) {
        const char *s = ws_ynode_str(ws_ynode_at(n, i));
        char *end;
        long v = s ? strtol(s, &end, 10) : 0;
        if (!s || *end || v <= 0 || v > 100000) break;
        out[i] = (int)v;
        if (i == 1) return WS_OK;
    }
    return ws_yaml_error(L->doc, n, L->err, "「%s」应为 [宽, 高]（像素），如 [80, 110]", key);
}

static ws_status get_level(loader *L, ws_ynode *map, const char *key, ws_level *out)
{
    const char *s = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, map, key, &s, L->err));
    if (!s) return WS_OK;
    static const char *const names[][2] = {
        {"error", "错误"}, {"warning", "警告"}, {"note", "提示"}};
    for (int i = 0; i < 3; i++) {
        if (!strcmp(s, names[i][0]) || !strcmp(s, names[i][1])) {
            *out = (ws_level)i;
            return WS_OK;
        }
    }
    return ws_yaml_error(L->doc, ws_ynode_get(map, key), L->err,
                         "「%s」应为 error、warning 或 note（错误、警告、提示）", key);
}

/* --- common keys ----------------------------------------------------------------- */

static ws_status load_fields(loader *L, ws_ynode *map, ws_rule *r, bool needed)
{
    ws_ynode *one = ws_ynode_get(map, "field"), *many = ws_ynode_get(map, "fields");
    if (one && many) return ws_yaml_error(L->doc, one, L->err, "field 与 fields 只能写一个");
    if (!one && !many) {
        if (!needed) return WS_OK;
        return ws_yaml_error(L->doc, map, L->err, "规则「%s」缺少 field 或 fields", r->id);
    }
    ws_ynode *n = one ? one : many;
    size_t k = one ? 1 : ws_ynode_count(n);
    if (many && (!ws_ynode_is_seq(many) || k == 0))
        return ws_yaml_error(L->doc, many, L->err, "fields 应为字段名列表，如 [姓名, 性别]");
    r->fields = ws_arena_calloc(L->rs->arena, k, sizeof *r->fields);
    if (!r->fields) return nomem(L);
    for (size_t i = 0; i < k; i++)
        WS_TRY(get_field(L, one ? one : ws_ynode_at(n, i), &r->fields[i]));
    r->nfields = k;
    return WS_OK;
}

static ws_status load_when(loader *L, ws_ynode *map, ws_rule *r)
{
    ws_ynode *w = ws_ynode_get(map, "when");
    if (!w) return WS_OK;
    if (!ws_ynode_is_map(w))
        return ws_yaml_error(L->doc, w, L->err,
                             "when 应为「字段: 值」映射，如 {申报类别: 某类别}");
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(w, &it, &k, &v))
        r->nwhen++;
    r->when = ws_arena_calloc(L->rs->arena, r->nwhen ? r->nwhen : 1, sizeof *r->when);
    if (!r->when) return nomem(L);
    it = NULL;
    for (size_t i = 0; ws_ynode_next_pair(w, &it, &k, &v); i++) {
        WS_TRY(get_field(L, k, &r->when[i].field));
        WS_TRY(get_str_list(L, v, "when", &r->when[i].values, &r->when[i].nvalues));
    }
    return WS_OK;
}

static ws_status load_kind(loader *L, ws_ynode *map, ws_rule *r)
{
    const char *kind = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, map, "kind", &kind, L->err));
    if (!kind) return ws_yaml_error(L->doc, map, L->err, "规则「%s」缺少 kind", r->id);
    for (int k = 0; k < RK_COUNT; k++) {
        if (strcmp(kind, KINDS[k].name) == 0) {
            r->kind = KINDS[k].kind;
            return ws_yaml_check_keys(L->doc, map, KINDS[k].keys, kind, L->err);
        }
    }
    char list[512] = "";
    for (int k = 0; k < RK_COUNT; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? " " : "",
                 KINDS[k].name);
    return ws_yaml_error(L->doc, ws_ynode_get(map, "kind"), L->err,
                         "未知的规则类型「%s」（可用：%s）", kind, list);
}

/* --- kinds -------------------------------------------------------------------------- */

static ws_status load_date_form(loader *L, ws_ynode *map, ws_rule *r)
{
    const char *form = NULL, *style = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, map, "format", &form, L->err));
    WS_TRY(ws_yaml_get_str(L->doc, map, "style", &style, L->err));
    WS_TRY(ws_yaml_get_bool(L->doc, map, "not_future", &r->not_future, L->err));
    r->form = DF_ANY;
    if (form && !strcmp(form, "yearmonth"))
        r->form = DF_YEARMONTH;
    else if (form && !strcmp(form, "date"))
        r->form = DF_DATE;
    else if (form && !strcmp(form, "year"))
        r->form = DF_YEAR;
    else if (form && strcmp(form, "any"))
        return ws_yaml_error(L->doc, ws_ynode_get(map, "format"), L->err,
                             "format 应为 yearmonth（1960.01）、date（2020.07.23）、year（2021）或 any");
    r->dot_style = style && !strcmp(style, "dot");
    if (style && !r->dot_style && strcmp(style, "any"))
        return ws_yaml_error(L->doc, ws_ynode_get(map, "style"), L->err,
                             "style 应为 dot（用“.”分隔，如1960.01）或 any");
    return WS_OK;
}

static ws_status load_idcard(loader *L, ws_ynode *map, ws_rule *r)
{
    if (r->nfields != 1) return ws_yaml_error(L->doc, map, L->err, "idcard 规则只能针对一个字段");
    WS_TRY(get_opt_field(L, map, "birth", &r->birth_field));
    return get_opt_field(L, map, "sex", &r->sex_field);
}

static ws_status load_periods(loader *L, ws_ynode *map, ws_rule *r)
{
    WS_TRY(load_date_form(L, map, r));
    if (r->form == DF_YEAR)
        return ws_yaml_error(L->doc, ws_ynode_get(map, "format"), L->err,
                             "periods 的 format 应为 yearmonth、date 或 any（起止年月，如2003.09-2016.01）");
    const ws_field_def *f = &L->p->fields[r->fields[0]];
    if (r->nfields != 1 || f->kind != WS_FIELD_LIST)
        return ws_yaml_error(L->doc, map, L->err,
                             "periods 规则针对一个 list 字段（如 主要工作经历）");
    const char *col = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, map, "column", &col, L->err));
    r->column = 0;
    if (col) {
        r->column = -1;
        for (size_t i = 0; i < f->ncolumns; i++)
            if (!strcmp(f->columns[i], col)) r->column = (int)i;
        if (r->column < 0)
            return ws_yaml_error(L->doc, ws_ynode_get(map, "column"), L->err, "「%s」没有「%s」栏",
                                 f->name, col);
    }
    ws_ynode *present = ws_ynode_get(map, "present");
    if (present) return get_str_list(L, present, "present", &r->values, &r->nvalues);
    static const char *defaults[] = {"至今", "今", "现在", "目前"};
    r->values = defaults;
    r->nvalues = 4;
    return WS_OK;
}

static ws_status load_age(loader *L, ws_ynode *map, ws_rule *r)
{
    WS_TRY(get_bounds(L, map, r));
    WS_TRY(get_date(L, map, "at", &r->at, &r->has_at));
    WS_TRY(get_date(L, map, "born_on_or_after", &r->not_before, &r->has_not_before));
    WS_TRY(get_date(L, map, "born_before", &r->not_after, &r->has_not_after));
    WS_TRY(ws_yaml_get_bool(L->doc, map, "flag", &r->flag, L->err));
    if ((r->has_min || r->has_max) && !r->has_at)
        return ws_yaml_error(L->doc, map, L->err,
                             "age 规则用 min/max 时需要 at（按哪一天计算周岁）");
    if (!r->has_min && !r->has_max && !r->has_not_before && !r->has_not_after)
        return ws_yaml_error(L->doc, map, L->err,
                             "age 规则需要 max、min、born_on_or_after 或 born_before 之一");
    if (r->flag && !ws_ynode_get(map, "level")) r->level = WS_LEVEL_NOTE;
    return WS_OK;
}

static ws_status load_tenure(loader *L, ws_ynode *map, ws_rule *r)
{
    WS_TRY(get_date(L, map, "latest_start", &r->not_after, &r->has_not_after));
    WS_TRY(get_date(L, map, "at", &r->at, &r->has_at));
    WS_TRY(ws_yaml_get_num(L->doc, map, "min_years", &r->min_years, L->err));
    bool years = ws_ynode_get(map, "min_years") != NULL;
    if (years == r->has_not_after || (years && !r->has_at))
        return ws_yaml_error(L->doc, map, L->err,
                             "tenure 规则需要 latest_start，或 min_years 与 at（二者选一）");
    return WS_OK;
}

static ws_status load_length(loader *L, ws_ynode *map, ws_rule *r)
{
    WS_TRY(get_bounds(L, map, r));
    const char *count = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, map, "count", &count, L->err));
    r->count_han = count && !strcmp(count, "han");
    if (count && !r->count_han && strcmp(count, "chars"))
        return ws_yaml_error(L->doc, ws_ynode_get(map, "count"), L->err,
                             "count 应为 chars（字，不计空白）或 han（汉字）");
    if (!r->has_max && !r->has_min)
        return ws_yaml_error(L->doc, map, L->err, "length 规则需要 max 或 min");
    return WS_OK;
}

static ws_status load_values(loader *L, ws_ynode *map, ws_rule *r, bool needed)
{
    ws_ynode *v = ws_ynode_get(map, "values");
    if (v) return get_str_list(L, v, "values", &r->values, &r->nvalues);
    if (needed) return ws_yaml_error(L->doc, map, L->err, "规则「%s」需要 values", r->id);
    return WS_OK;
}

/* Is s one of the choices the rule gives field i (values:, else the field's)? */
static bool rule_has_choice(const loader *L, const ws_rule *r, size_t i, const char *s)
{
    const ws_field_def *d = &L->p->fields[r->fields[i]];
    const char *const *v = r->nvalues ? r->values : d->choices;
    size_t n = r->nvalues ? r->nvalues : d->nchoices;
    for (size_t k = 0; k < n; k++)
        if (!strcmp(v[k], s)) return true;
    return false;
}

/* also: {大学本科: [本科, 大学]} — words that mean a choice. The choice must
 * be one of the rule's (for some field), a synonym must not itself be one. */
static ws_status load_also(loader *L, ws_ynode *map, ws_rule *r)
{
    ws_ynode *also = ws_ynode_get(map, "also");
    if (!also) return WS_OK;
    if (!ws_ynode_is_map(also))
        return ws_yaml_error(L->doc, also, L->err,
                             "also 应为「选项: [同义写法, …]」映射，如 {大学本科: [本科]}");
    void *it = NULL;
    ws_ynode *k, *v;
    size_t total = 0;
    while (ws_ynode_next_pair(also, &it, &k, &v))
        total += ws_ynode_is_seq(v) ? ws_ynode_count(v) : 1;
    r->also_from = ws_arena_calloc(L->rs->arena, total + 1, sizeof *r->also_from);
    r->also_to = ws_arena_calloc(L->rs->arena, total + 1, sizeof *r->also_to);
    if (!r->also_from || !r->also_to) return nomem(L);
    it = NULL;
    while (ws_ynode_next_pair(also, &it, &k, &v)) {
        const char *to = ws_ynode_str(k), **words;
        size_t nw;
        bool known = false;
        for (size_t i = 0; to && i < r->nfields && !known; i++)
            known = rule_has_choice(L, r, i, to);
        if (!known)
            return ws_yaml_error(L->doc, k, L->err, "also 中的「%s」不是这条规则的选项之一",
                                 to ? to : "");
        WS_TRY(get_str_list(L, v, "also", &words, &nw));
        for (size_t w = 0; w < nw; w++) {
            for (size_t i = 0; i < r->nfields; i++)
                if (rule_has_choice(L, r, i, words[w]))
                    return ws_yaml_error(L->doc, v, L->err,
                                         "also 中的「%s」本身就是选项，不能作为「%s」的同义写法",
                                         words[w], to);
            r->also_from[r->nalso] = words[w];
            r->also_to[r->nalso++] = dup(L, to);
        }
    }
    return WS_OK;
}

static ws_status load_choice(loader *L, ws_ynode *map, ws_rule *r)
{
    WS_TRY(load_values(L, map, r, false));
    for (size_t i = 0; !r->nvalues && i < r->nfields; i++)
        if (!L->p->fields[r->fields[i]].nchoices)
            return ws_yaml_error(L->doc, map, L->err, "字段「%s」没有 choices，请在规则中写 values",
                                 L->p->fields[r->fields[i]].name);
    return load_also(L, map, r);
}

static ws_status load_phone(loader *L, ws_ynode *map, ws_rule *r)
{
    ws_ynode *a = ws_ynode_get(map, "allow");
    if (!a) {
        static const char *both[] = {"mobile", "fixed"};
        r->values = both;
        r->nvalues = 2;
        return WS_OK;
    }
    WS_TRY(get_str_list(L, a, "allow", &r->values, &r->nvalues));
    for (size_t i = 0; i < r->nvalues; i++)
        if (strcmp(r->values[i], "mobile") && strcmp(r->values[i], "fixed"))
            return ws_yaml_error(L->doc, a, L->err,
                                 "allow 的值应为 mobile（手机）或 fixed（固定电话）");
    return WS_OK;
}

static ws_status load_unique(loader *L, ws_ynode *map, ws_rule *r)
{
    WS_TRY(get_opt_field(L, map, "within", &r->within));
    WS_TRY(get_opt_field(L, map, "across", &r->across));
    if (r->nfields != 1) return ws_yaml_error(L->doc, map, L->err, "unique 规则只能针对一个字段");
    return WS_OK;
}

static ws_status load_photo(loader *L, ws_ynode *map, ws_rule *r)
{
    WS_TRY(ws_yaml_get_bool(L->doc, map, "required", &r->require, L->err));
    WS_TRY(ws_yaml_get_num(L->doc, map, "max_kb", &r->max_kb, L->err));
    WS_TRY(get_px(L, map, "min_px", r->min_px));
    WS_TRY(get_px(L, map, "max_px", r->max_px));
    ws_ynode *f = ws_ynode_get(map, "formats");
    if (!f) return WS_OK;
    WS_TRY(get_str_list(L, f, "formats", &r->values, &r->nvalues));
    for (size_t i = 0; i < r->nvalues; i++)
        if (strcmp(r->values[i], "jpeg") && strcmp(r->values[i], "png"))
            return ws_yaml_error(L->doc, f, L->err, "formats 的值应为 jpeg 或 png");
    return WS_OK;
}

/* quota: see docs/rules.md. */
static ws_status load_caps(loader *L, ws_ynode *map, ws_rule *r)
{
    ws_ynode *caps = ws_ynode_get(map, "caps");
    if (!caps) return WS_OK;
    if (!ws_ynode_is_map(caps) || !r->category_column)
        return ws_yaml_error(L->doc, caps, L->err,
                             "caps 应为「类别: 人数」映射，并需要 category_column");
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(caps, &it, &k, &v))
        r->ncats++;
    r->cat_names = ws_arena_calloc(L->rs->arena, r->ncats + 1, sizeof *r->cat_names);
    r->cat_caps = ws_arena_calloc(L->rs->arena, r->ncats + 1, sizeof *r->cat_caps);
    if (!r->cat_names || !r->cat_caps) return nomem(L);
    it = NULL;
    for (size_t i = 0; ws_ynode_next_pair(caps, &it, &k, &v); i++) {
        const char *s = ws_ynode_str(v);
        char *end;
        long n = s ? strtol(s, &end, 10) : -1;
        if (!s || *end || n < 0) return ws_yaml_error(L->doc, v, L->err, "人数应为非负整数");
        r->cat_names[i] = dup(L, ws_ynode_str(k));
        r->cat_caps[i] = (int)n;
    }
    return WS_OK;
}

static ws_status check_quota_cells(loader *L, ws_ynode *map, ws_rule *r, int col)
{
    const ws_quota_table *t = r->quota;
    for (size_t u = 0; u < t->nunits; u++) {
        if (ws_quota_table_count(t, u, (size_t)col) >= 0) continue;
        return ws_yaml_error(L->doc, map, L->err,
                             "%s 第%zu行「%s」列应为人数（非负整数），实际为「%s」", t->path,
                             t->lines[u], t->cols[col], t->values[u][col]);
    }
    return WS_OK;
}

/* Every level of level_field needs its column; every category its cap. */
static ws_status check_quota_table(loader *L, ws_ynode *map, ws_rule *r)
{
    const ws_quota_table *t = r->quota;
    if (r->level_field >= 0) {
        const ws_field_def *lf = &L->p->fields[r->level_field];
        for (size_t i = 0; i < lf->nchoices; i++) {
            int c = ws_quota_table_col(t, lf->choices[i]);
            if (c < 0)
                return ws_yaml_error(L->doc, map, L->err, "%s 缺少「%s」列（%s 的每个选项一列）",
                                     t->path, lf->choices[i], lf->name);
            WS_TRY(check_quota_cells(L, map, r, c));
        }
    }
    if (r->cap_column) {
        int c = ws_quota_table_col(t, r->cap_column);
        if (c < 0)
            return ws_yaml_error(L->doc, map, L->err, "%s 没有「%s」列", t->path, r->cap_column);
        WS_TRY(check_quota_cells(L, map, r, c));
    }
    if (!r->category_column) return WS_OK;
    int c = ws_quota_table_col(t, r->category_column);
    if (c < 0)
        return ws_yaml_error(L->doc, map, L->err, "%s 没有「%s」列", t->path, r->category_column);
    for (size_t u = 0; u < t->nunits; u++) {
        bool known = false;
        for (size_t k = 0; k < r->ncats && !known; k++)
            known = !strcmp(r->cat_names[k], t->values[u][c]);
        if (!known)
            return ws_yaml_error(L->doc, map, L->err, "%s 第%zu行的类别「%s」在 caps 中没有人数",
                                 t->path, t->lines[u], t->values[u][c]);
    }
    return WS_OK;
}

/* One limit as the notice says it: "3" (at most 3), "1-2", "1–2人", "1至2". */
static bool parse_limit(const char *s, int *min, int *max)
{
    static const char *const seps[] = {"-", "–", "—", "－", "~", "～", "至", "到", NULL};
    char *end;
    long a = strtol(s, &end, 10), b = a;
    if (end == s || a < 0 || a > 100000 || *s == '-' || *s == '+') return false;
    *min = -1;
    for (size_t i = 0; seps[i]; i++) {
        size_t k = strlen(seps[i]);
        if (strncmp(end, seps[i], k) != 0) continue;
        const char *from = end + k;
        b = strtol(from, &end, 10);
        if (end == from || *from == '-' || *from == '+' || b < a || b > 100000) return false;
        *min = (int)a;
        break;
    }
    if (!strcmp(end, "人")) end += strlen(end);
    *max = (int)b;
    return !*end;
}

static ws_status add_limit(loader *L, ws_ynode *v, ws_rule *r, const char *value, int category)
{
    const char *s = ws_ynode_str(v);
    quota_limit q = {dup(L, value), category, -1, -1};
    if (!s || !parse_limit(s, &q.min, &q.max))
        return ws_yaml_error(L->doc, v, L->err,
                             "「%s」的名额应为人数（如 3）或范围（如 1-2），实际为「%s」", value,
                             s ? s : "（映射）");
    quota_limit *grown =
        ws_arena_grow(L->rs->arena, r->limits, r->nlimits, r->nlimits + 1, sizeof *grown);
    if (!grown || !q.value) return nomem(L);
    r->limits = grown;
    r->limits[r->nlimits++] = q;
    return WS_OK;
}

/* limits: {县市区: 5, 驻市单位: 1-2, 市直单位: {技术能手: 3, 首席技师: 1}} */
static ws_status load_limits(loader *L, ws_ynode *map, ws_rule *r)
{
    ws_ynode *lim = ws_ynode_get(map, "limits");
    if (!lim || !ws_ynode_is_map(lim))
        return ws_yaml_error(
            L->doc, lim ? lim : map, L->err,
            "unit_attribute 需要 limits：每种单位类型的名额，如 limits: {县市区: 5, "
            "驻市单位: 1-2}");
    const ws_field_def *lf = r->level_field >= 0 ? &L->p->fields[r->level_field] : NULL;
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(lim, &it, &k, &v)) {
        const char *value = ws_ynode_str(k);
        if (!value) return ws_yaml_error(L->doc, k, L->err, "limits 的键应为单位类型（文字）");
        if (!ws_ynode_is_map(v)) {
            WS_TRY(add_limit(L, v, r, value, -1));
            continue;
        }
        if (!lf)
            return ws_yaml_error(L->doc, v, L->err,
                                 "按类别分列名额（%s: {类别: 人数}）需要 level_field", value);
        void *it2 = NULL;
        ws_ynode *ck, *cv;
        while (ws_ynode_next_pair(v, &it2, &ck, &cv)) {
            const char *cat = ws_ynode_str(ck);
            int c = -1;
            for (size_t i = 0; cat && i < lf->nchoices; i++)
                if (!strcmp(lf->choices[i], cat)) c = (int)i;
            if (c < 0)
                return ws_yaml_error(L->doc, ck, L->err, "「%s」不是「%s」的选项", cat ? cat : "",
                                     lf->name);
            WS_TRY(add_limit(L, cv, r, value, c));
        }
    }
    return r->nlimits ? WS_OK : ws_yaml_error(L->doc, lim, L->err, "limits 是空的");
}

/* unit_attribute: a field of the records, else a column of the units file;
 * it goes with limits: and none of the table keys. */
static ws_status load_unit_attribute(loader *L, ws_ynode *map, ws_rule *r)
{
    const char *attr = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, map, "unit_attribute", &attr, L->err));
    r->attr_field = -1;
    if (!attr) {
        ws_ynode *lim = ws_ynode_get(map, "limits");
        return lim ? ws_yaml_error(L->doc, lim, L->err,
                                   "limits 需要 unit_attribute（单位信息表中的一列，如 单位类型）")
                   : WS_OK;
    }
    static const char *const table_keys[] = {"table", "column",       "category_column",
                                             "caps",  "max_per_unit", NULL};
    for (size_t i = 0; table_keys[i]; i++)
        if (ws_ynode_get(map, table_keys[i]))
            return ws_yaml_error(L->doc, ws_ynode_get(map, table_keys[i]), L->err,
                                 "unit_attribute 与 %s 不能写在同一条规则中，请另写一条 quota 规则",
                                 table_keys[i]);
    r->attr_field = ws_program_field(L->p, attr, strlen(attr));
    if (r->attr_field < 0 && !(r->attr_column = dup(L, attr))) return nomem(L);
    return load_limits(L, map, r);
}

static ws_status load_quota(loader *L, ws_ynode *map, ws_rule *r)
{
    const char *table = NULL, *unknown = NULL;
    WS_TRY(get_opt_field(L, map, "unit_field", &r->unit_field));
    WS_TRY(get_opt_field(L, map, "level_field", &r->level_field));
    WS_TRY(ws_yaml_get_str(L->doc, map, "table", &table, L->err));
    WS_TRY(ws_yaml_get_str(L->doc, map, "column", &r->cap_column, L->err));
    WS_TRY(ws_yaml_get_str(L->doc, map, "category_column", &r->category_column, L->err));
    WS_TRY(ws_yaml_get_int(L->doc, map, "max_per_unit", &r->max_per_unit, L->err));
    WS_TRY(ws_yaml_get_str(L->doc, map, "unknown_unit", &unknown, L->err));
    r->cap_column = dup(L, r->cap_column);
    r->category_column = dup(L, r->category_column);
    if (r->unit_field < 0) r->unit_field = L->p->unit_field; /* program.yaml's, by default */
    if (r->unit_field < 0)
        return ws_yaml_error(L->doc, map, L->err,
                             "quota 规则需要 unit_field（如 推荐单位；可写在本规则或 program.yaml 中）");
    if (r->level_field >= 0 && !L->p->fields[r->level_field].nchoices)
        return ws_yaml_error(L->doc, map, L->err, "level_field「%s」应为有 choices 的字段",
                             L->p->fields[r->level_field].name);
    WS_TRY(load_unit_attribute(L, map, r));
    if (r->nlimits) return WS_OK;
    WS_TRY(load_caps(L, map, r));
    r->unknown_level = WS_LEVEL_ERROR;
    if (unknown) {
        if (!strcmp(unknown, "ignore"))
            r->unknown_ignore = true;
        else
            WS_TRY(get_level(L, map, "unknown_unit", &r->unknown_level));
    }
    if (!table) {
        if (!r->max_per_unit)
            return ws_yaml_error(L->doc, map, L->err,
                                 "quota 规则需要 table（名额表文件）或 max_per_unit");
        r->unknown_ignore = true;
        return WS_OK;
    }
    if (r->level_field < 0 && !r->cap_column && !r->category_column && !r->max_per_unit)
        return ws_yaml_error(
            L->doc, map, L->err,
            "quota 规则需要 level_field、column、category_column 或 max_per_unit 之一");
    char path[4096];
    ws_path_join(L->p->dir, table, path, sizeof path);
    ws_err terr;
    if (ws_quota_table_load(path, L->rs->arena, &r->quota, &terr) != WS_OK)
        return ws_yaml_error(L->doc, ws_ynode_get(map, "table"), L->err, "%s", terr.msg);
    return check_quota_table(L, map, r);
}

/* The kinds that read one value (a date, a number, a choice …): on a list
 * field the whole value is several entries of several columns, so such a
 * rule needs column:, or it would fail every record at build time. */
static bool reads_one_value(rule_kind k)
{
    return k == RK_CHOICE || k == RK_IDCARD || k == RK_DATE || k == RK_AGE || k == RK_TENURE ||
           k == RK_NUMBER || k == RK_PHONE || k == RK_EMAIL || k == RK_PLACE;
}

static const char *column_names(loader *L, const ws_field_def *f)
{
    char buf[512] = "";
    for (size_t i = 0; i < f->ncolumns; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "、" : "",
                 f->columns[i]);
    const char *s = dup(L, buf);
    return s ? s : "";
}

/* column: NAME — the rule checks that column of every entry of its list field. */
static ws_status load_entry_column(loader *L, ws_ynode *map, ws_rule *r)
{
    if (r->kind == RK_PERIODS || r->kind == RK_ENTRIES || r->kind == RK_QUOTA)
        return WS_OK; /* column: means something else there, or nothing */
    ws_ynode *cn = ws_ynode_get(map, "column");
    ws_ynode *fnode = ws_ynode_get(map, "field");
    if (!fnode) fnode = ws_ynode_get(map, "fields");
    if (!cn) {
        for (size_t i = 0; reads_one_value(r->kind) && i < r->nfields; i++) {
            const ws_field_def *f = &L->p->fields[r->fields[i]];
            if (f->kind != WS_FIELD_LIST) continue;
            if (r->kind == RK_IDCARD || r->kind == RK_AGE || r->kind == RK_TENURE)
                return ws_yaml_error(L->doc, fnode, L->err,
                                     "「%s」是 list 字段（每行一条），%s 规则不能用于 list 字段",
                                     f->name, ws_rule_kind_name(r->kind));
            return ws_yaml_error(L->doc, fnode, L->err,
                                 "「%s」是 list 字段（每行一条，栏目：%s），%s 规则需用 column "
                                 "指明检查哪一栏，如 column: %s",
                                 f->name, column_names(L, f), ws_rule_kind_name(r->kind),
                                 f->ncolumns ? f->columns[0] : "…");
        }
        return WS_OK;
    }
    const char *col = ws_ynode_str(cn);
    const ws_field_def *f = r->nfields == 1 ? &L->p->fields[r->fields[0]] : NULL;
    if (!f || f->kind != WS_FIELD_LIST || r->kind == RK_ANY)
        return ws_yaml_error(L->doc, cn, L->err,
                             "column 只能用在针对一个 list 字段（field: 主要工作经历）的规则中");
    for (size_t i = 0; col && i < f->ncolumns; i++)
        if (!strcmp(f->columns[i], col)) r->entry_column = (int)i;
    if (r->entry_column < 0)
        return ws_yaml_error(L->doc, cn, L->err, "「%s」没有「%s」栏（栏目：%s）", f->name,
                             col ? col : "", column_names(L, f));
    return WS_OK;
}

/* count: how many entries a list field has, min and/or max. */
static ws_status load_entries(loader *L, ws_ynode *map, ws_rule *r)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (L->p->fields[r->fields[i]].kind != WS_FIELD_LIST)
            return ws_yaml_error(L->doc, map, L->err,
                                 "count 规则数的是 list 字段的条数，「%s」不是 list 字段",
                                 L->p->fields[r->fields[i]].name);
    WS_TRY(get_bounds(L, map, r));
    if (!r->has_min && !r->has_max)
        return ws_yaml_error(L->doc, map, L->err, "count 规则需要 min 或 max（条数）");
    return WS_OK;
}

/* prefer: a note, never an error — 同等条件下 the notice prefers, it does not exclude. */
static ws_status load_prefer(loader *L, ws_ynode *map, ws_rule *r)
{
    const char *mark = NULL;
    if (!ws_ynode_get(map, "level")) r->level = WS_LEVEL_NOTE;
    if (r->level != WS_LEVEL_NOTE)
        return ws_yaml_error(L->doc, ws_ynode_get(map, "level"), L->err,
                             "prefer 规则（同等条件下优先）只是提示，level 只能是 note（提示）");
    WS_TRY(ws_yaml_get_str(L->doc, map, "mark", &mark, L->err));
    if (!(r->mark = dup(L, mark ? mark : "是"))) return nomem(L);
    return load_values(L, map, r, false);
}

static ws_status load_params(loader *L, ws_ynode *map, ws_rule *r)
{
    switch (r->kind) {
    case RK_REQUIRED: return ws_yaml_get_str(L->doc, map, "document", &r->document, L->err);
    case RK_CHOICE: return load_choice(L, map, r);
    case RK_IDCARD: return load_idcard(L, map, r);
    case RK_DATE:
        WS_TRY(get_date(L, map, "not_before", &r->not_before, &r->has_not_before));
        WS_TRY(get_date(L, map, "not_after", &r->not_after, &r->has_not_after));
        return load_date_form(L, map, r);
    case RK_PERIODS: return load_periods(L, map, r);
    case RK_AGE: return load_age(L, map, r);
    case RK_TENURE: return load_tenure(L, map, r);
    case RK_LENGTH: return load_length(L, map, r);
    case RK_NUMBER:
        WS_TRY(get_bounds(L, map, r));
        if (!r->has_min && !r->has_max)
            return ws_yaml_error(L->doc, map, L->err, "number 规则需要 min 或 max");
        return WS_OK;
    case RK_PHONE: return load_phone(L, map, r);
    case RK_EXCLUDE:
    case RK_CONTAINS: return load_values(L, map, r, true);
    case RK_ANY:
        if (r->nfields < 2)
            return ws_yaml_error(L->doc, map, L->err,
                                 "any 规则针对几个字段（fields），其中至少一项应填写（或为 values 之一）");
        return load_values(L, map, r, false);
    case RK_ENTRIES: return load_entries(L, map, r);
    case RK_PREFER: return load_prefer(L, map, r);
    case RK_UNIQUE: return load_unique(L, map, r);
    case RK_QUOTA: return load_quota(L, map, r);
    case RK_PHOTO: return load_photo(L, map, r);
    case RK_FILES: {
        ws_ynode *e = ws_ynode_get(map, "extensions");
        return e ? get_str_list(L, e, "extensions", &r->values, &r->nvalues) : WS_OK;
    }
    default: return WS_OK;
    }
}

static ws_status load_rule(loader *L, ws_ynode *map, ws_rule *r)
{
    if (!ws_ynode_is_map(map))
        return ws_yaml_error(L->doc, map, L->err, "每条规则应为映射（id、kind …）");
    const char *id = NULL, *words = NULL, *summary = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, map, "id", &id, L->err));
    if (!id || !id[0]) return ws_yaml_error(L->doc, map, L->err, "规则缺少 id");
    r->id = dup(L, id);
    r->line = ws_ynode_line(map);
    r->birth_field = r->sex_field = r->within = r->across = r->unit_field = r->level_field = -1;
    r->entry_column = -1;
    WS_TRY(load_kind(L, map, r));
    WS_TRY(get_level(L, map, "level", &r->level));
    WS_TRY(ws_yaml_get_str(L->doc, map, "words", &words, L->err));
    WS_TRY(ws_yaml_get_str(L->doc, map, "summary", &summary, L->err));
    r->words = dup(L, words ? words : "");
    r->summary = dup(L, summary);
    WS_TRY(load_when(L, map, r));
    WS_TRY(load_fields(L, map, r, r->kind != RK_QUOTA));
    WS_TRY(load_entry_column(L, map, r));
    WS_TRY(load_params(L, map, r));
    r->document = dup(L, r->document);
    return r->words && r->id ? WS_OK : nomem(L);
}

static ws_status load_file(loader *L)
{
    ws_ynode *root = ws_yaml_root(L->doc);
    static const char *const keys[] = {"notice", "rules", NULL};
    if (!ws_ynode_is_map(root))
        return ws_yaml_error(L->doc, root, L->err, "规则文件应为映射（notice、rules）");
    WS_TRY(ws_yaml_check_keys(L->doc, root, keys, "规则文件", L->err));
    const char *notice = NULL;
    WS_TRY(ws_yaml_get_str(L->doc, root, "notice", &notice, L->err));
    L->rs->notice = dup(L, notice);
    ws_ynode *list = ws_ynode_get(root, "rules");
    if (!list) return WS_OK;
    if (!ws_ynode_is_seq(list)) return ws_yaml_error(L->doc, list, L->err, "rules 应为规则列表");
    size_t n = ws_ynode_count(list);
    L->rs->rules = ws_arena_calloc(L->rs->arena, n ? n : 1, sizeof *L->rs->rules);
    if (!L->rs->rules) return nomem(L);
    for (size_t i = 0; i < n; i++) {
        ws_ynode *node = ws_ynode_at(list, i);
        WS_TRY(load_rule(L, node, &L->rs->rules[i]));
        for (size_t k = 0; k < i; k++)
            if (!strcmp(L->rs->rules[k].id, L->rs->rules[i].id))
                return ws_yaml_error(L->doc, node, L->err, "规则 id「%s」重复（第%d行已用）",
                                     L->rs->rules[i].id, L->rs->rules[k].line);
        L->rs->n = i + 1;
    }
    return WS_OK;
}

/* The division list for place and idcard rules: the program's own
 * regions.tsv, else _shared/regions.tsv beside the program's folder (as the
 * holiday file). Without it those rules would check less than they say, so
 * a missing list is a template error. */
static ws_status load_regions(ws_rules *rs, ws_err *err)
{
    bool needed = false;
    for (size_t i = 0; i < rs->n; i++)
        needed |= rs->rules[i].kind == RK_PLACE || rs->rules[i].kind == RK_IDCARD;
    if (!needed) return WS_OK;
    const char *dir = rs->program->dir ? rs->program->dir : ".";
    char path[PATH_MAX], parent[PATH_MAX];
    ws_path_join(dir, "regions.tsv", path, sizeof path);
    if (!ws_file_exists(path)) {
        ws_path_join(dir, "..", parent, sizeof parent);
        ws_path_join(parent, "_shared/regions.tsv", path, sizeof path);
    }
    if (!ws_file_exists(path))
        return ws_err_set(err, WS_ERR_TEMPLATE,
                          "找不到行政区划表：%s 有籍贯（place）或身份证号（idcard）规则，需要 "
                          "%s/regions.tsv，或与模板文件夹同级的 _shared/regions.tsv（随 wenshu 提供的 "
                          "templates/_shared/，复制模板时请一并复制或把模板放在 templates/ 下）",
                          rs->path, dir);
    ws_status st = ws_regions_load(path, &rs->regions, err);
    if (st == WS_ERR_INPUT) err->status = st = WS_ERR_TEMPLATE;
    return st;
}

/* Every {{rule.ID}} a document prints names a prefer rule: a misspelt id
 * would print nothing on every paper. */
static ws_status check_rule_keys(const ws_rules *rs, ws_err *err)
{
    const ws_program *p = rs->program;
    for (size_t d = 0; d < p->ndocs; d++) {
        const ws_doc_def *doc = p->docs[d];
        for (size_t k = 0; k < doc->nrule_keys; k++) {
            bool found = false;
            for (size_t i = 0; i < rs->n && !found; i++)
                found =
                    rs->rules[i].kind == RK_PREFER && !strcmp(rs->rules[i].id, doc->rule_keys[k]);
            if (!found)
                return ws_err_set(err, WS_ERR_TEMPLATE,
                                  "%s：{{rule.%s}} 不是 %s 中 kind: prefer 规则的 id",
                                  doc->file ? doc->file : doc->name, doc->rule_keys[k],
                                  rs->path ? rs->path : "rules.yaml（program.yaml 没有 rules:）");
        }
    }
    return WS_OK;
}

/* Whether a choice rule already checks field f. */
static bool choice_checked(const ws_rules *rs, int f)
{
    for (size_t i = 0; i < rs->n; i++)
        for (size_t k = 0; rs->rules[i].kind == RK_CHOICE && k < rs->rules[i].nfields; k++)
            if (rs->rules[i].fields[k] == f) return true;
    return false;
}

/* A field with choices: that no choice rule checks is checked against them,
 * as an error, by a rule of the program's own (IMPLICIT_CHOICE_ID): a value
 * outside them (评审结果「已入选」) printed as typed, or left its record out
 * of every document whose where: names a choice (no 公示, no 证书), and
 * check said nothing. */
static ws_status add_implicit_choices(ws_rules *rs, ws_err *err)
{
    const ws_program *p = rs->program;
    int *fields = ws_arena_calloc(rs->arena, p->nfields + 1, sizeof *fields);
    if (!fields) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    size_t n = 0;
    for (size_t f = 0; f < p->nfields; f++)
        if (p->fields[f].nchoices && !choice_checked(rs, (int)f)) fields[n++] = (int)f;
    if (!n) return WS_OK;
    ws_rule *rules = ws_arena_calloc(rs->arena, rs->n + 1, sizeof *rules);
    if (!rules) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (rs->n) memcpy(rules, rs->rules, rs->n * sizeof *rules);
    rules[rs->n] = (ws_rule){.id = IMPLICIT_CHOICE_ID, .kind = RK_CHOICE, .level = WS_LEVEL_ERROR,
                             .words = "", .fields = fields, .nfields = n, .birth_field = -1,
                             .sex_field = -1, .within = -1, .across = -1, .unit_field = -1,
                             .level_field = -1, .entry_column = -1, .attr_field = -1};
    rs->rules = rules;
    rs->n++;
    return WS_OK;
}

ws_status ws_rules_load(const ws_program *p, ws_rules **out, ws_err *err)
{
    ws_arena *a = ws_arena_create(0);
    ws_rules *rs = a ? ws_arena_calloc(a, 1, sizeof *rs) : NULL;
    if (!rs) {
        ws_arena_destroy(a);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    rs->arena = a;
    rs->program = p;
    if (!p->rules) {
        ws_status st = add_implicit_choices(rs, err);
        if (st == WS_OK) st = check_rule_keys(rs, err);
        if (st != WS_OK)
            ws_rules_destroy(rs);
        else
            *out = rs;
        return st;
    }
    rs->path = ws_arena_strdup(a, p->rules);
    loader L = {rs, NULL, p, err};
    ws_status st = ws_yaml_load(p->rules, &L.doc, err);
    if (st == WS_OK) st = load_file(&L);
    if (st == WS_OK) st = load_regions(rs, err);
    if (st == WS_OK) st = add_implicit_choices(rs, err);
    if (st == WS_OK) st = check_rule_keys(rs, err);
    ws_yaml_free(L.doc);
    if (st != WS_OK) {
        ws_rules_destroy(rs);
        return st;
    }
    *out = rs;
    return WS_OK;
}

void ws_rules_destroy(ws_rules *r)
{
    if (!r) return;
    ws_regions_destroy(r->regions);
    ws_arena_destroy(r->arena);
}

size_t ws_rules_count(const ws_rules *r)
{
    return r->n;
}

const ws_regions *ws_rules_regions(const ws_rules *r)
{
    return r ? r->regions : NULL;
}

const char *ws_rules_notice(const ws_rules *r)
{
    return r->notice;
}
