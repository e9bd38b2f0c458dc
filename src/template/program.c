/* template/program.c - loads program.yaml; see program.h. */
#include "template/program.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "input/sheet.h"
#include "template/doc.h"
#include "template/tpl.h"
#include "template/yaml.h"

/* --- label matching ---------------------------------------------------------- */

static uint32_t fold_char(uint32_t cp)
{
    switch (cp) {
    case 0xFF08: return '(';
    case 0xFF09: return ')';
    case 0x3010: return '[';
    case 0x3011: return ']';
    case 0xFF1A: return ':';
    case 0xFF0F: return '/';
    case 0xFF0C: return ',';
    default: return cp;
    }
}

void ws_normalize_label(const char *s, size_t len, char *out, size_t n)
{
    size_t o = 0, i = 0;
    while (i < len && o + 4 < n) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        i += k;
        if (cp < 0) continue;
        if (ws_is_space((uint32_t)cp) || cp == 0xFEFF) continue;
        o += ws_utf8_encode(fold_char((uint32_t)cp), out + o);
    }
    out[o] = '\0';
}

static bool label_matches(const char *candidate, const char *wanted_norm)
{
    char norm[512];
    ws_normalize_label(candidate, strlen(candidate), norm, sizeof norm);
    return strcmp(norm, wanted_norm) == 0;
}

int ws_program_field(const ws_program *p, const char *name, size_t len)
{
    char norm[512];
    ws_normalize_label(name, len, norm, sizeof norm);
    for (size_t i = 0; i < p->nfields; i++) {
        const ws_field_def *f = &p->fields[i];
        if (label_matches(f->name, norm)) return (int)i;
        for (size_t a = 0; a < f->naliases; a++)
            if (label_matches(f->aliases[a], norm)) return (int)i;
    }
    return -1;
}

const char *ws_program_text(const ws_program *p, const char *key, size_t len)
{
    for (size_t i = 0; i < p->ntexts; i++)
        if (strlen(p->texts[i].key) == len && memcmp(p->texts[i].key, key, len) == 0)
            return p->texts[i].value;
    return NULL;
}

/* --- loading ---------------------------------------------------------------------- */

static const char *dup_str(ws_program *p, const char *s)
{
    return s ? ws_arena_strdup(p->arena, s) : NULL;
}

/* A list of strings (YAML sequence of scalars) into the arena. */
static ws_status load_str_list(ws_program *p, const ws_ydoc *doc, ws_ynode *list, const char *what,
                               const char ***out, size_t *n, ws_err *err)
{
    if (!list) return WS_OK;
    if (!ws_ynode_is_seq(list)) return ws_yaml_error(doc, list, err, "「%s」应为列表", what);
    *n = ws_ynode_count(list);
    const char **v = ws_arena_calloc(p->arena, *n ? *n : 1, sizeof *v);
    if (!v) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < *n; i++) {
        const char *s = ws_ynode_str(ws_ynode_at(list, i));
        if (!s) return ws_yaml_error(doc, ws_ynode_at(list, i), err, "「%s」的每一项应为文字", what);
        v[i] = dup_str(p, s);
    }
    *out = v;
    return WS_OK;
}

static const struct {
    const char *name;
    ws_field_kind kind;
} FIELD_KINDS[] = {{"text", WS_FIELD_TEXT},     {"choice", WS_FIELD_CHOICE},
                   {"idcard", WS_FIELD_IDCARD}, {"date", WS_FIELD_DATE},
                   {"yearmonth", WS_FIELD_YEARMONTH}, {"phone", WS_FIELD_PHONE},
                   {"email", WS_FIELD_EMAIL},   {"number", WS_FIELD_NUMBER},
                   {"list", WS_FIELD_LIST},     {"photo", WS_FIELD_PHOTO},
                   {"files", WS_FIELD_FILES}};

static ws_status parse_kind(const ws_ydoc *doc, ws_ynode *node, const char *s, ws_field_kind *out,
                            ws_err *err)
{
    for (size_t i = 0; i < sizeof FIELD_KINDS / sizeof FIELD_KINDS[0]; i++) {
        if (strcmp(s, FIELD_KINDS[i].name) == 0) {
            *out = FIELD_KINDS[i].kind;
            return WS_OK;
        }
    }
    return ws_yaml_error(doc, node, err,
                         "未知的字段类型「%s」（可用：text choice idcard date yearmonth phone "
                         "email number list photo files）",
                         s);
}

static ws_status load_field(ws_program *p, const ws_ydoc *doc, ws_ynode *node, ws_field_def *f,
                            ws_err *err)
{
    static const char *const keys[] = {"name", "aliases", "kind", "required", "choices",
                                       "columns", "hint", "private", "collected", NULL};
    if (ws_ynode_is_scalar(node)) { /* "- 民族": a plain text field */
        f->name = dup_str(p, ws_ynode_str(node));
        f->line = ws_ynode_line(node);
        return WS_OK;
    }
    if (!ws_ynode_is_map(node)) return ws_yaml_error(doc, node, err, "字段应为名称或映射");
    WS_TRY(ws_yaml_check_keys(doc, node, keys, "字段定义", err));
    const char *name = NULL, *kind = NULL, *hint = NULL;
    WS_TRY(ws_yaml_get_str(doc, node, "name", &name, err));
    if (!name) return ws_yaml_error(doc, node, err, "字段缺少 name");
    WS_TRY(ws_yaml_get_str(doc, node, "kind", &kind, err));
    WS_TRY(ws_yaml_get_str(doc, node, "hint", &hint, err));
    WS_TRY(ws_yaml_get_bool(doc, node, "required", &f->required, err));
    WS_TRY(ws_yaml_get_bool(doc, node, "private", &f->private_data, err));
    WS_TRY(ws_yaml_get_bool(doc, node, "collected", &f->collected, err));
    f->name = dup_str(p, name);
    f->hint = dup_str(p, hint);
    f->line = ws_ynode_line(node);
    if (kind) WS_TRY(parse_kind(doc, ws_ynode_get(node, "kind"), kind, &f->kind, err));
    WS_TRY(load_str_list(p, doc, ws_ynode_get(node, "aliases"), "aliases", &f->aliases,
                         &f->naliases, err));
    WS_TRY(load_str_list(p, doc, ws_ynode_get(node, "choices"), "choices", &f->choices,
                         &f->nchoices, err));
    WS_TRY(load_str_list(p, doc, ws_ynode_get(node, "columns"), "columns", &f->columns,
                         &f->ncolumns, err));
    if (f->nchoices && !kind) f->kind = WS_FIELD_CHOICE;
    if (f->kind == WS_FIELD_LIST && f->ncolumns == 0)
        return ws_yaml_error(doc, node, err, "list 字段「%s」需要 columns", name);
    return WS_OK;
}

static ws_status load_fields(ws_program *p, const ws_ydoc *doc, ws_ynode *list, ws_err *err)
{
    if (!ws_ynode_is_seq(list) || ws_ynode_count(list) == 0)
        return ws_yaml_error(doc, list, err, "fields 应为字段列表");
    p->nfields = ws_ynode_count(list);
    p->fields = ws_arena_calloc(p->arena, p->nfields, sizeof *p->fields);
    if (!p->fields) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < p->nfields; i++) {
        WS_TRY(load_field(p, doc, ws_ynode_at(list, i), &p->fields[i], err));
        for (size_t k = 0; k < i; k++) {
            int dup = ws_program_field(&(ws_program){.fields = p->fields, .nfields = k + 1},
                                       p->fields[i].name, strlen(p->fields[i].name));
            if (dup >= 0)
                return ws_yaml_error(doc, ws_ynode_at(list, i), err, "字段「%s」重复定义",
                                     p->fields[i].name);
        }
    }
    return WS_OK;
}

static ws_status load_texts(ws_program *p, const ws_ydoc *doc, ws_ynode *map, ws_err *err)
{
    if (!map) return WS_OK;
    if (!ws_ynode_is_map(map)) return ws_yaml_error(doc, map, err, "texts 应为「键: 文字」映射");
    size_t n = 0;
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(map, &it, &k, &v)) n++;
    p->texts = ws_arena_calloc(p->arena, n ? n : 1, sizeof *p->texts);
    if (!p->texts) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    it = NULL;
    while (ws_ynode_next_pair(map, &it, &k, &v)) {
        if (!ws_ynode_str(v)) return ws_yaml_error(doc, v, err, "texts 的值应为文字");
        p->texts[p->ntexts++] = (ws_text_def){dup_str(p, ws_ynode_str(k)), dup_str(p, ws_ynode_str(v))};
    }
    return WS_OK;
}

static ws_status add_builtin_text(ws_program *p, const char *key, const char *value, ws_err *err)
{
    if (!value || ws_program_text(p, key, strlen(key))) return WS_OK;
    ws_text_def *t = ws_arena_grow(p->arena, p->texts, p->ntexts, p->ntexts + 1, sizeof *t);
    if (!t) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    t[p->ntexts++] = (ws_text_def){key, value};
    p->texts = t;
    return WS_OK;
}

static ws_status load_meta(ws_program *p, const ws_ydoc *doc, ws_ynode *meta, ws_err *err)
{
    static const char *const keys[] = {"id", "name", "issuer", "year", NULL};
    if (!ws_ynode_is_map(meta)) return ws_yaml_error(doc, meta, err, "缺少 program: 段（名称、年份等）");
    WS_TRY(ws_yaml_check_keys(doc, meta, keys, "program 段", err));
    const char *id = NULL, *name = NULL, *issuer = NULL;
    WS_TRY(ws_yaml_get_str(doc, meta, "id", &id, err));
    WS_TRY(ws_yaml_get_str(doc, meta, "name", &name, err));
    WS_TRY(ws_yaml_get_str(doc, meta, "issuer", &issuer, err));
    WS_TRY(ws_yaml_get_int(doc, meta, "year", &p->year, err));
    if (!name) return ws_yaml_error(doc, meta, err, "program 段缺少 name");
    p->id = dup_str(p, id);
    p->name = dup_str(p, name);
    p->issuer = dup_str(p, issuer);
    return WS_OK;
}

static ws_status load_documents(ws_program *p, const ws_ydoc *doc, ws_ynode *list,
                                const char *const *roles, ws_err *err)
{
    if (!ws_ynode_is_seq(list) || ws_ynode_count(list) == 0)
        return ws_yaml_error(doc, list, err, "documents 应为文档文件列表");
    p->ndocs = ws_ynode_count(list);
    p->docs = ws_arena_calloc(p->arena, p->ndocs, sizeof *p->docs);
    if (!p->docs) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < p->ndocs; i++) {
        const char *name = ws_ynode_str(ws_ynode_at(list, i));
        if (!name) return ws_yaml_error(doc, ws_ynode_at(list, i), err, "文档应为文件名");
        char path[4096];
        ws_path_join(p->dir, name, path, sizeof path);
        WS_TRY(ws_doc_load(p, path, roles, &p->docs[i], err));
    }
    return WS_OK;
}

/* rules: a file name in the template folder; its content is read by
 * check/rules.c, which only needs the resolved path. */
static ws_status load_rules_name(ws_program *p, const ws_ydoc *doc, ws_ynode *root, ws_err *err)
{
    const char *name = NULL;
    WS_TRY(ws_yaml_get_str(doc, root, "rules", &name, err));
    if (!name || !name[0]) return WS_OK;
    char path[4096];
    ws_path_join(p->dir, name, path, sizeof path);
    if (!ws_file_exists(path))
        return ws_yaml_error(doc, ws_ynode_get(root, "rules"), err, "规则文件 %s 不存在", path);
    p->rules = dup_str(p, path);
    return WS_OK;
}

/* quotas: a CSV in the template folder; only its header is read here (the
 * names quota rows may use as item.COL); check/quotas.h reads the rest. */
static ws_status load_quotas_name(ws_program *p, const ws_ydoc *doc, ws_ynode *root, ws_err *err)
{
    const char *name = NULL;
    WS_TRY(ws_yaml_get_str(doc, root, "quotas", &name, err));
    if (!name || !name[0]) return WS_OK;
    char path[4096];
    ws_path_join(p->dir, name, path, sizeof path);
    ws_sheet *sheet = NULL;
    if (ws_csv_read(path, p->arena, &sheet, err) != WS_OK) {
        char why[512];
        snprintf(why, sizeof why, "%s", err->msg);
        return ws_yaml_error(doc, ws_ynode_get(root, "quotas"), err, "名额表：%s", why);
    }
    if (sheet->nrows == 0)
        return ws_yaml_error(doc, ws_ynode_get(root, "quotas"), err, "名额表 %s 是空的", path);
    p->quotas = dup_str(p, path);
    p->quota_cols = (const char **)sheet->cells[0];
    p->nquota_cols = sheet->ncols;
    return WS_OK;
}

static ws_status load_unit_field(ws_program *p, const ws_ydoc *doc, ws_ynode *root, ws_err *err)
{
    const char *name = NULL;
    p->unit_field = -1;
    WS_TRY(ws_yaml_get_str(doc, root, "unit_field", &name, err));
    if (!name) return WS_OK;
    p->unit_field = ws_program_field(p, name, strlen(name));
    if (p->unit_field < 0)
        return ws_yaml_error(doc, ws_ynode_get(root, "unit_field"), err, "unit_field：没有字段「%s」",
                             name);
    return WS_OK;
}

/* The fields an identity template names: each must exist and not be
 * personal data; the first one found is the identity field. */
typedef struct identity_names {
    ws_program *p;
    int first;
    int private_field; /* -1, or a personal-data field it names */
} identity_names;

static int identity_field_cb(void *user, const char *name, size_t len)
{
    identity_names *in = user;
    int f = ws_program_field(in->p, name, len);
    if (f >= 0 && in->first < 0) in->first = f;
    if (f >= 0 && ws_field_is_private(&in->p->fields[f]) && in->private_field < 0)
        in->private_field = f;
    return f;
}

/* identity: "{{工作室名称}}（{{领办人}}）": a template of the record's fields. */
static ws_status load_identity_template(ws_program *p, const ws_ydoc *doc, ws_ynode *root,
                                        const char *src, ws_err *err)
{
    identity_names in = {p, -1, -1};
    ws_tpl_names names = {&in, identity_field_cb, NULL, false, false};
    ws_tpl *t = NULL;
    if (ws_tpl_compile(src, &names, p->arena, &t, err) != WS_OK)
        return ws_yaml_error(doc, ws_ynode_get(root, "identity"), err, "identity：%s", err->msg);
    if (in.first < 0)
        return ws_yaml_error(doc, ws_ynode_get(root, "identity"), err,
                             "identity：「%s」没有用到任何字段", src);
    if (in.private_field >= 0)
        return ws_yaml_error(doc, ws_ynode_get(root, "identity"), err,
                             "identity：「%s」是个人信息字段，不能用来称呼记录（会出现在书签和公开文档中）",
                             p->fields[in.private_field].name);
    p->identity_field = in.first;
    p->identity_tpl = t;
    return WS_OK;
}

/* identity: names a record for the clerk (messages, bookmarks); 姓名 unless
 * the program says otherwise (a program of units, not people, names them by
 * 单位名称, or by a template of fields: {{工作室名称}}（{{领办人}}）). */
static ws_status load_identity(ws_program *p, const ws_ydoc *doc, ws_ynode *root, ws_err *err)
{
    const char *name = NULL;
    WS_TRY(ws_yaml_get_str(doc, root, "identity", &name, err));
    if (name && strstr(name, "{{")) return load_identity_template(p, doc, root, name, err);
    p->identity_field = ws_program_field(p, name ? name : "姓名", strlen(name ? name : "姓名"));
    if (name && p->identity_field < 0)
        return ws_yaml_error(doc, ws_ynode_get(root, "identity"), err, "identity：没有字段「%s」",
                             name);
    if (name && ws_field_is_private(&p->fields[p->identity_field]))
        return ws_yaml_error(doc, ws_ynode_get(root, "identity"), err,
                             "identity：「%s」是个人信息字段，不能用来称呼记录（会出现在书签和公开文档中）",
                             name);
    return WS_OK;
}

int ws_program_key_field(const ws_program *p)
{
    if (p->list_key) return (int)(p->list_key - p->fields);
    int idcard = -1;
    for (size_t f = 0; f < p->nfields && idcard < 0; f++)
        if (p->fields[f].kind == WS_FIELD_IDCARD) idcard = (int)f;
    bool people = ws_program_records_people(p);
    if (people || p->identity_field < 0) return idcard >= 0 ? idcard : p->identity_field;
    return p->identity_field;
}

bool ws_program_records_people(const ws_program *p)
{
    return p->identity_field >= 0 && !strcmp(p->fields[p->identity_field].name, "姓名");
}

static bool doc_of_stage(const ws_doc_def *doc, const char *stage)
{
    return !stage || (doc->stage && !strcmp(doc->stage, stage));
}

static bool packet_binds(const ws_doc_def *packet, const char *name)
{
    if (packet->kind != WS_DOC_PACKET) return false;
    if (packet->cover && !strcmp(packet->cover, name)) return true;
    for (size_t i = 0; i < packet->nparts; i++)
        if (packet->parts[i].doc && !strcmp(packet->parts[i].doc, name)) return true;
    return false;
}

bool ws_program_doc_in_stage(const ws_program *p, size_t d, const char *stage)
{
    if (doc_of_stage(p->docs[d], stage)) return true;
    for (size_t k = 0; k < p->ndocs; k++)
        if (doc_of_stage(p->docs[k], stage) && packet_binds(p->docs[k], p->docs[d]->name))
            return true;
    return false;
}

const char *ws_program_record_noun(const ws_program *p, char *out, size_t n)
{
    const char *name = ws_program_records_people(p) ? "候选人"
                       : p->identity_field >= 0     ? p->fields[p->identity_field].name
                                                    : "记录";
    snprintf(out, n, "%s", name);
    size_t len = strlen(out);
    static const char *const tails[] = {"名称", "名字", NULL};
    for (size_t i = 0; tails[i]; i++) {
        size_t k = strlen(tails[i]);
        if (len > k && !strcmp(out + len - k, tails[i])) out[len - k] = '\0';
    }
    return out;
}

bool ws_field_is_private(const ws_field_def *f)
{
    return f->private_data || f->kind == WS_FIELD_IDCARD || f->kind == WS_FIELD_PHONE ||
           f->kind == WS_FIELD_EMAIL;
}

/* list_key: 工作室名称: a field whose one value names the record on each
 * row of a list sheet; a list, a photo or attachments cannot. */
static ws_status load_list_key(ws_program *p, const ws_ydoc *doc, ws_ynode *root, ws_err *err)
{
    const char *name = NULL;
    p->list_key = NULL;
    WS_TRY(ws_yaml_get_str(doc, root, "list_key", &name, err));
    if (!name) return WS_OK;
    ws_ynode *at = ws_ynode_get(root, "list_key");
    int f = ws_program_field(p, name, strlen(name));
    if (f < 0) return ws_yaml_error(doc, at, err, "list_key：没有字段「%s」", name);
    static const char *const unfit[] = {[WS_FIELD_LIST] = "列表字段", [WS_FIELD_FILES] = "附件字段",
                                        [WS_FIELD_PHOTO] = "照片字段"};
    ws_field_kind k = p->fields[f].kind;
    if ((size_t)k < sizeof unfit / sizeof *unfit && unfit[k])
        return ws_yaml_error(doc, at, err,
                             "list_key：「%s」是%s，不能用来把多段内容工作表的各行对应到记录",
                             name, unfit[k]);
    p->list_key = &p->fields[f];
    return WS_OK;
}

static ws_status load_program(ws_program *p, ws_ydoc *doc, const char *const *roles,
                              ws_err *err)
{
    ws_ynode *root = ws_yaml_root(doc);
    static const char *const keys[] = {"program", "texts", "fields", "documents", "rules",
                                       "quotas", "unit_field", "identity", "list_key", NULL};
    WS_TRY(ws_yaml_check_keys(doc, root, keys, "program.yaml", err));
    WS_TRY(load_rules_name(p, doc, root, err));
    WS_TRY(load_quotas_name(p, doc, root, err));
    WS_TRY(load_meta(p, doc, ws_ynode_get(root, "program"), err));
    WS_TRY(load_texts(p, doc, ws_ynode_get(root, "texts"), err));
    char year[16];
    snprintf(year, sizeof year, "%d", p->year);
    WS_TRY(add_builtin_text(p, "name", p->name, err));
    WS_TRY(add_builtin_text(p, "issuer", p->issuer, err));
    WS_TRY(add_builtin_text(p, "id", p->id, err));
    WS_TRY(add_builtin_text(p, "year", p->year ? dup_str(p, year) : NULL, err));
    WS_TRY(load_fields(p, doc, ws_ynode_get(root, "fields"), err));
    WS_TRY(load_unit_field(p, doc, root, err));
    WS_TRY(load_identity(p, doc, root, err));
    WS_TRY(load_list_key(p, doc, root, err));
    return load_documents(p, doc, ws_ynode_get(root, "documents"), roles, err);
}

ws_status ws_program_load(const char *dir, const char *const *roles, ws_program **out,
                          ws_err *err)
{
    ws_arena *arena = ws_arena_create(0);
    ws_program *p = arena ? ws_arena_calloc(arena, 1, sizeof *p) : NULL;
    if (!p) {
        ws_arena_destroy(arena);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    p->arena = arena;
    p->dir = ws_arena_strdup(arena, dir);
    char file[4096];
    ws_path_join(dir, "program.yaml", file, sizeof file);
    p->file = ws_arena_strdup(arena, file);
    if (!ws_dir_exists(dir)) {
        ws_program_destroy(p);
        return ws_err_set(err, WS_ERR_TEMPLATE, "模板文件夹 %s 不存在", dir);
    }
    while (roles && roles[p->nroles]) p->nroles++;
    p->roles_named = ws_arena_calloc(arena, p->nroles ? p->nroles : 1, sizeof *p->roles_named);
    if (!p->roles_named) {
        ws_program_destroy(p);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    if (p->nroles) p->roles_named[0] = true;
    ws_ydoc *doc = NULL;
    ws_status st = ws_yaml_load(file, &doc, err);
    if (st == WS_OK) st = load_program(p, doc, roles, err);
    ws_yaml_free(doc);
    if (st != WS_OK) {
        ws_program_destroy(p);
        return st;
    }
    *out = p;
    return WS_OK;
}

void ws_program_destroy(ws_program *p)
{
    if (p) ws_arena_destroy(p->arena);
}
