/* layout/fonts.c - see fonts.h.
 *
 * libharu is not used to embed fonts (render/pdf.c builds its own CID fonts
 * from HarfBuzz subsets), so the only hard requirement on a face is outlines
 * the PDF can embed: TrueType ('glyf', embedded as FontFile2) or CFF (the
 * 'CFF ' table of OpenType such as Noto CJK and Source Han, embedded as
 * FontFile3 /CIDFontType0C). Variable CFF2 fonts and bitmap-only faces are
 * passed over, and so is a damaged face (a table past the end of its file, a
 * CFF that cannot be read or whose glyph count is not maxp's): HarfBuzz would
 * leave such a CFF out of the subset and the text set in it would be missing
 * from the paper. Deciding that here, when the roles are resolved, gives
 * `wenshu check` and `wenshu build` the same fonts and the same verdicts. */
#include "layout/fonts.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "layout/cff_read.h"
#include "template/yaml.h"

#define MAX_FACES 64

typedef struct role {
    char *name;
    int *faces;
    size_t nfaces;
    char *missing;
    char *damaged; /* files of damaged faces passed over, "、"-joined */
    char *wanted; /* the first family listed (the official font), properties cut off */
} role;

struct ws_font_catalog {
    ws_face_info faces[MAX_FACES];
    FcCharSet *charset[MAX_FACES]; /* fontconfig's, or NULL */
    size_t nfaces;
    role *roles;
    ws_role_info *infos;
    const char **names; /* NULL-terminated */
    size_t nroles;
    role fallback;
    /* each font file mapped once, on first use, for every FreeType face of
     * every worker and for HarfBuzz: a mapping per user made three copies of
     * a face's touched pages count in the process's memory */
    pthread_mutex_t files_lock;
    const unsigned char *file_data[MAX_FACES]; /* by face; faces of one file share it */
    size_t file_len[MAX_FACES];
    bool file_tried[MAX_FACES];
    /* a TrueType face's HarfBuzz font, made under files_lock on first need:
     * whether a character the charset lists has an outline (draws_char) */
    hb_font_t *hb[MAX_FACES];
    bool hb_tried[MAX_FACES], cff[MAX_FACES];
};

/* --- resolution ---------------------------------------------------------- */

typedef enum face_state { FACE_NO_OUTLINES, FACE_EMBEDDABLE, FACE_DAMAGED } face_state;

/* Looks up table tag in the table directory at d[dir]: 1 and its place
 * [*at, *at + *len) when it is there and inside the file, 0 when the face
 * has no such table (or no directory), -1 when it points past the file. */
static int find_table(const uint8_t *d, size_t len, size_t dir, const char *tag, size_t *at,
                      size_t *tlen)
{
    if (dir > len || len - dir < 12) return 0;
    size_t ntables = ws_cff_be(d + dir + 4, 2);
    if ((len - dir - 12) / 16 < ntables) return -1;
    for (size_t i = 0; i < ntables; i++) {
        const uint8_t *rec = d + dir + 12 + 16 * i;
        if (memcmp(rec, tag, 4)) continue;
        uint32_t off = ws_cff_be(rec + 8, 4), n = ws_cff_be(rec + 12, 4);
        if (off > len || n > len - off) return -1;
        *at = off;
        *tlen = n;
        return 1;
    }
    return 0;
}

/* A CFF face is embeddable when its CFF can be read and holds as many
 * glyphs as maxp says (what HarfBuzz requires to subset it). */
static face_state cff_state(const uint8_t *d, size_t len, size_t dir, size_t cff, size_t cff_len)
{
    size_t maxp = 0, maxp_len = 0;
    uint32_t glyphs = 0;
    if (find_table(d, len, dir, "maxp", &maxp, &maxp_len) != 1 || maxp_len < 6 ||
        !ws_cff_glyph_count(d + cff, cff_len, &glyphs))
        return FACE_DAMAGED;
    return glyphs == ws_cff_be(d + maxp + 4, 2) ? FACE_EMBEDDABLE : FACE_DAMAGED;
}

/* Whether the face has a non-empty 'glyf' or 'CFF ' table that can be
 * embedded, read from the mapped file (a .ttc's header first) without
 * FreeType: FreeType would parse the whole font to say as much, and opening
 * a 65,535-glyph CFF face (Noto CJK) costs 5 ms. Only the pages read are
 * touched. The face is opened by FreeType when a worker first uses it. */
static face_state face_state_of(const char *path, int index)
{
    const char *data = NULL;
    size_t len = 0;
    ws_err err;
    if (ws_map_file(path, &data, &len, &err) != WS_OK) return FACE_NO_OUTLINES;
    const uint8_t *d = (const uint8_t *)data;
    face_state st = FACE_NO_OUTLINES;
    size_t dir = 0, at = 0, n = 0;
    if (len >= 12 && !memcmp(d, "ttcf", 4)) { /* collection: the face's directory */
        uint32_t face = (uint32_t)index & 0xFFFF; /* higher bits: a named instance */
        if (face >= ws_cff_be(d + 8, 4) || (len - 12) / 4 <= face) goto done;
        dir = ws_cff_be(d + 12 + 4 * (size_t)face, 4);
    }
    int glyf = find_table(d, len, dir, "glyf", &at, &n);
    if (glyf == 1 && n > 0) {
        st = FACE_EMBEDDABLE;
        goto done;
    }
    int cff = find_table(d, len, dir, "CFF ", &at, &n);
    if (cff == 1 && n > 0) st = cff_state(d, len, dir, at, n);
    else if (glyf < 0 || cff < 0) st = FACE_DAMAGED;
done:
    ws_unmap_file(data, len);
    return st;
}

static bool in_catalog(const ws_font_catalog *cat, const char *path, int index)
{
    for (size_t i = 0; i < cat->nfaces; i++)
        if (cat->faces[i].index == index && strcmp(cat->faces[i].path, path) == 0) return true;
    return false;
}

static int find_or_add_face(ws_font_catalog *cat, const char *path, int index,
                            const char *family, const char *style, FcCharSet *charset, bool cff)
{
    for (size_t i = 0; i < cat->nfaces; i++)
        if (cat->faces[i].index == index && strcmp(cat->faces[i].path, path) == 0) return (int)i;
    if (cat->nfaces == MAX_FACES) return -1;
    ws_face_info *f = &cat->faces[cat->nfaces];
    f->path = strdup(path);
    f->index = index;
    f->family = strdup(family);
    f->style = strdup(style);
    cat->charset[cat->nfaces] = charset ? FcCharSetCopy(charset) : NULL;
    cat->cff[cat->nfaces] = cff; /* draws_char does not open it */
    return (int)cat->nfaces++;
}

/* How well a listed font suits an entry that named no style: regular weight
 * and upright first, then a stable order by file and index. */
static int style_rank(FcPattern *p)
{
    int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
    FcPatternGetInteger(p, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(p, FC_SLANT, 0, &slant);
    int d = weight - FC_WEIGHT_REGULAR;
    if (d < 0) d = -d;
    return d + (slant != FC_SLANT_ROMAN ? 1000 : 0);
}

/* "Family" or "Family:prop=value:…" as a pattern. The family is taken
 * literally (fontconfig's own syntax would read "FZShuSong-Z01S" as family
 * FZShuSong at size Z01S); only what follows the first ':' is parsed. */
static FcPattern *entry_pattern(const char *entry)
{
    const char *colon = strchr(entry, ':');
    FcPattern *pat = FcNameParse((const FcChar8 *)(colon ? colon : ""));
    if (!pat) return NULL;
    char family[256];
    size_t n = colon ? (size_t)(colon - entry) : strlen(entry);
    if (n >= sizeof family) n = sizeof family - 1;
    memcpy(family, entry, n);
    family[n] = '\0';
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    return pat;
}

typedef struct candidate {
    int font;         /* index in the listed font set */
    int rank;         /* style_rank, or 0 when the entry named a style */
    const char *file;
} candidate;

/* Best first: lower rank, then file name, then the order fontconfig listed them in. */
static int cmp_candidate(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    int c = strcmp(x->file, y->file);
    if (c) return c;
    return (x->font > y->font) - (x->font < y->font);
}

/* Appends item to the "、"-joined list in b unless it is there already. */
static void add_once(ws_buf *b, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = b->len ? b->p : NULL; p;) {
        const char *sep = strstr(p, "、");
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        if (len == n && !memcmp(p, item, n)) return;
        p = sep ? sep + strlen("、") : NULL;
    }
    if (b->len) ws_buf_puts(b, "、");
    ws_buf_puts(b, item);
}

/* Resolves one entry ("AR PL UMing CN", "LXGW WenKai:style=Bold") to an
 * installed face with TrueType or CFF outlines; returns its catalog index or -1.
 * Damaged faces are passed over: their files go to damaged (when not NULL)
 * and *saw_damaged is set.
 * The listed fonts are ranked from fontconfig's data first and opened with
 * FreeType only until one has outlines to embed: a family such as Noto Serif
 * CJK lists seven weights of 65,535-glyph CFF faces, and opening each of them
 * was most of the start-up. */
static int resolve_entry(ws_font_catalog *cat, const char *entry, ws_buf *damaged,
                         bool *saw_damaged)
{
    FcPattern *pat = entry_pattern(entry);
    if (!pat) return -1;
    bool wants_style = FcPatternGet(pat, FC_STYLE, 0, &(FcValue){0}) == FcResultMatch ||
                       FcPatternGet(pat, FC_WEIGHT, 0, &(FcValue){0}) == FcResultMatch;
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FAMILY, FC_STYLE, FC_WEIGHT,
                                       FC_SLANT, FC_CHARSET, (char *)0);
    FcFontSet *fs = FcFontList(NULL, pat, os);
    candidate *cands = fs && fs->nfont > 0 ? calloc((size_t)fs->nfont, sizeof *cands) : NULL;
    size_t ncands = 0;
    for (int i = 0; cands && i < fs->nfont; i++) {
        FcChar8 *file = NULL;
        if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        cands[ncands++] = (candidate){i, wants_style ? 0 : style_rank(fs->fonts[i]),
                                      (const char *)file};
    }
    if (ncands) qsort(cands, ncands, sizeof *cands, cmp_candidate);
    int face = -1;
    for (size_t c = 0; c < ncands && face < 0; c++) {
        FcPattern *font = fs->fonts[cands[c].font];
        FcChar8 *family = NULL, *style = NULL;
        FcCharSet *charset = NULL;
        int index = 0;
        FcPatternGetInteger(font, FC_INDEX, 0, &index);
        if (!in_catalog(cat, cands[c].file, index)) { /* one in it was checked when added */
            face_state state = face_state_of(cands[c].file, index);
            if (state == FACE_DAMAGED) {
                *saw_damaged = true;
                if (damaged) add_once(damaged, cands[c].file);
            }
            if (state != FACE_EMBEDDABLE) continue;
        }
        FcPatternGetString(font, FC_FAMILY, 0, &family);
        FcPatternGetString(font, FC_STYLE, 0, &style);
        FcPatternGetCharSet(font, FC_CHARSET, 0, &charset);
        FcChar8 *format = NULL;
        FcPatternGetString(font, FC_FONTFORMAT, 0, &format);
        face = find_or_add_face(cat, cands[c].file, index, family ? (char *)family : entry,
                                style ? (char *)style : "", charset,
                                format && !strcmp((const char *)format, "CFF"));
    }
    free(cands);
    if (fs) FcFontSetDestroy(fs);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    return face;
}

static ws_status resolve_role(ws_font_catalog *cat, const ws_ydoc *doc,
                              ws_ynode *list, role *r, ws_err *err)
{
    size_t n = ws_ynode_count(list);
    if (!ws_ynode_is_seq(list) || n == 0)
        return ws_yaml_error(doc, list, err, "字体角色「%s」应为字体名称列表", r->name);
    r->faces = calloc(n, sizeof *r->faces);
    if (!r->faces) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    ws_buf missing = WS_BUF_INIT, damaged = WS_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const char *entry = ws_ynode_str(ws_ynode_at(list, i));
        if (!entry) return ws_yaml_error(doc, ws_ynode_at(list, i), err, "字体名称应为文字");
        if (i == 0) r->wanted = strndup(entry, strcspn(entry, ":"));
        bool saw_damaged = false; /* only what was wanted before the one in use is told */
        int face = resolve_entry(cat, entry, r->nfaces ? NULL : &damaged, &saw_damaged);
        if (face < 0) {
            if (r->nfaces == 0 && !saw_damaged) {
                if (missing.len) ws_buf_puts(&missing, "、");
                ws_buf_puts(&missing, entry);
            }
            continue;
        }
        bool dup = false;
        for (size_t k = 0; k < r->nfaces; k++) dup |= r->faces[k] == face;
        if (!dup) r->faces[r->nfaces++] = face;
    }
    r->missing = missing.len ? ws_buf_take(&missing, NULL) : NULL;
    r->damaged = damaged.len ? ws_buf_take(&damaged, NULL) : NULL;
    ws_buf_free(&missing);
    ws_buf_free(&damaged);
    return WS_OK;
}

static ws_status load_roles(ws_font_catalog *cat, ws_ydoc *doc, ws_err *err)
{
    ws_ynode *root = ws_yaml_root(doc);
    static const char *const keys[] = {"roles", "fallback", NULL};
    WS_TRY(ws_yaml_check_keys(doc, root, keys, "字体配置", err));
    ws_ynode *roles = ws_ynode_get(root, "roles");
    if (!ws_ynode_is_map(roles))
        return ws_yaml_error(doc, root, err, "缺少 roles：每个字体角色对应的字体列表");
    size_t n = 0;
    void *it = NULL;
    ws_ynode *k, *v;
    while (ws_ynode_next_pair(roles, &it, &k, &v)) n++;
    cat->roles = calloc(n, sizeof *cat->roles);
    cat->infos = calloc(n, sizeof *cat->infos);
    cat->names = calloc(n + 1, sizeof *cat->names);
    if (!cat->roles || !cat->infos || !cat->names) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    it = NULL;
    while (ws_ynode_next_pair(roles, &it, &k, &v)) {
        role *r = &cat->roles[cat->nroles++];
        r->name = strdup(ws_ynode_str(k) ? ws_ynode_str(k) : "?");
        WS_TRY(resolve_role(cat, doc, v, r, err));
        if (r->nfaces == 0 && r->damaged)
            return ws_yaml_error(doc, v, err,
                                 "字体角色「%s」列出的字体没有一个能用（%s%s%s已损坏：%s）。请换一份完好的"
                                 "字体文件，或把它从字体文件夹中移走后运行 make deps 安装 Debian 字体包",
                                 r->name, r->missing ? "未安装：" : "", r->missing ? r->missing : "",
                                 r->missing ? "；" : "", r->damaged);
        if (r->nfaces == 0)
            return ws_yaml_error(doc, v, err,
                                 "字体角色「%s」列出的字体一个也没有安装（%s）。请运行 make deps "
                                 "安装 Debian 字体包，或把字体文件放入 fonts/ 目录",
                                 r->name, r->missing ? r->missing : "");
    }
    ws_ynode *fb = ws_ynode_get(root, "fallback");
    cat->fallback.name = strdup("fallback");
    if (fb) WS_TRY(resolve_role(cat, doc, fb, &cat->fallback, err));
    for (size_t i = 0; i < cat->nroles; i++) {
        const role *r = &cat->roles[i];
        cat->infos[i] = (ws_role_info){r->name, r->faces, r->nfaces, r->missing, r->damaged,
                                       r->wanted};
        cat->names[i] = cat->roles[i].name;
    }
    return WS_OK;
}

ws_status ws_font_catalog_create(const char *roles_file, const char *font_dir,
                                 ws_font_catalog **out, ws_err *err)
{
    if (!FcInit()) return ws_err_set(err, WS_ERR_FONT, "fontconfig 初始化失败");
    if (font_dir) FcConfigAppFontAddDir(NULL, (const FcChar8 *)font_dir);
    ws_font_catalog *cat = calloc(1, sizeof *cat);
    if (!cat) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    pthread_mutex_init(&cat->files_lock, NULL);
    ws_ydoc *doc = NULL;
    ws_status st = ws_yaml_load(roles_file, &doc, err);
    if (st == WS_OK) st = load_roles(cat, doc, err);
    ws_yaml_free(doc);
    if (st != WS_OK) {
        ws_font_catalog_destroy(cat);
        return st;
    }
    *out = cat;
    return WS_OK;
}

/* Whether face i's file is the mapping of an earlier face (a .ttc's faces). */
static bool shares_file_of_earlier(const ws_font_catalog *cat, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (cat->file_data[k] == cat->file_data[i]) return true;
    return false;
}

static const unsigned char *map_file(const char *path, size_t *len)
{
    const char *p;
    ws_err e;
    if (ws_map_file(path, &p, len, &e) != WS_OK || !*len) return NULL;
    return (const unsigned char *)p;
}

const unsigned char *ws_font_catalog_file(const ws_font_catalog *cat, int face, size_t *len)
{
    if (face < 0 || (size_t)face >= cat->nfaces) return NULL;
    ws_font_catalog *c = (ws_font_catalog *)cat; /* the mappings are filled in under the lock */
    pthread_mutex_lock(&c->files_lock);
    if (!c->file_tried[face]) {
        c->file_tried[face] = true;
        for (size_t k = 0; k < c->nfaces && !c->file_data[face]; k++)
            if (c->file_data[k] && !strcmp(c->faces[k].path, c->faces[face].path))
                c->file_data[face] = c->file_data[k], c->file_len[face] = c->file_len[k];
        if (!c->file_data[face]) c->file_data[face] = map_file(c->faces[face].path, &c->file_len[face]);
    }
    const unsigned char *data = c->file_data[face];
    *len = c->file_len[face];
    pthread_mutex_unlock(&c->files_lock);
    return data;
}

static void free_role(role *r)
{
    free(r->name);
    free(r->faces);
    free(r->missing);
    free(r->damaged);
    free(r->wanted);
}

void ws_font_catalog_destroy(ws_font_catalog *cat)
{
    if (!cat) return;
    for (size_t i = 0; i < cat->nroles; i++) free_role(&cat->roles[i]);
    free_role(&cat->fallback);
    free(cat->roles);
    free(cat->infos);
    free(cat->names);
    for (size_t i = 0; i < cat->nfaces; i++) {
        if (cat->file_data[i] && !shares_file_of_earlier(cat, i))
            ws_unmap_file((const char *)cat->file_data[i], cat->file_len[i]);
        if (cat->charset[i]) FcCharSetDestroy(cat->charset[i]);
        if (cat->hb[i]) hb_font_destroy(cat->hb[i]);
        free((char *)cat->faces[i].path);
        free((char *)cat->faces[i].family);
        free((char *)cat->faces[i].style);
    }
    pthread_mutex_destroy(&cat->files_lock);
    free(cat);
}

int ws_font_catalog_role(const ws_font_catalog *cat, const char *name)
{
    for (size_t i = 0; i < cat->nroles; i++)
        if (strcmp(cat->roles[i].name, name) == 0) return (int)i;
    return -1;
}

size_t ws_font_catalog_nroles(const ws_font_catalog *cat)
{
    return cat->nroles;
}

const char *const *ws_font_catalog_role_names(const ws_font_catalog *cat)
{
    return cat->names;
}

const ws_role_info *ws_font_catalog_role_info(const ws_font_catalog *cat, int r)
{
    return r >= 0 && (size_t)r < cat->nroles ? &cat->infos[r] : NULL;
}

size_t ws_font_catalog_nfaces(const ws_font_catalog *cat)
{
    return cat->nfaces;
}

const ws_face_info *ws_font_catalog_face(const ws_font_catalog *cat, int face)
{
    return face >= 0 && (size_t)face < cat->nfaces ? &cat->faces[face] : NULL;
}

/* A HarfBuzz font of a face's data (NULL when it has no glyphs), whether
 * its outlines are CFF, its units per em. */
static hb_font_t *make_hb_font(const unsigned char *data, size_t len, unsigned index, bool *cff,
                               unsigned *upem, hb_face_t **face_out)
{
    hb_blob_t *blob = data ? hb_blob_create_or_fail((const char *)data, (unsigned)len,
                                                    HB_MEMORY_MODE_READONLY, NULL, NULL)
                           : NULL;
    hb_face_t *hf = blob ? hb_face_create(blob, index) : NULL;
    hb_font_t *font = NULL;
    *upem = hf ? hb_face_get_upem(hf) : 0;
    if (hf && hb_face_get_glyph_count(hf) > 0 && *upem > 0) {
        hb_blob_t *table = hb_face_reference_table(hf, HB_TAG('C', 'F', 'F', ' '));
        *cff = hb_blob_get_length(table) > 0;
        hb_blob_destroy(table);
        font = hb_font_create(hf);
    }
    if (face_out) *face_out = hf;
    else hb_face_destroy(hf);
    hb_blob_destroy(blob);
    return font;
}

/* Characters drawn without ink: spaces, controls, format characters. */
static bool inkless(uint32_t cp)
{
    return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 ||
           cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

/* A TrueType glyph with no outline for a character that has ink: AR PL
 * UKai's cmap lists 䶮 (U+4DAE) with an empty glyph, which would print a
 * blank in a name. (A CFF face is not asked: reading its charstring costs
 * ~40 µs, and no CFF face shipped has such glyphs.) */
static bool outline_missing(hb_font_t *font, bool cff, hb_codepoint_t gid, uint32_t cp)
{
    hb_glyph_extents_t e;
    return !cff && !inkless(cp) && hb_font_get_glyph_extents(font, gid, &e) && e.width == 0 &&
           e.height == 0;
}

/* Whether face draws cp, its charset listing it: a TrueType glyph must have
 * an outline (outline_missing), as ws_fonts_glyph asks. */
static bool draws_char(const ws_font_catalog *cat, int face, uint32_t cp)
{
    ws_font_catalog *c = (ws_font_catalog *)cat; /* the fonts are made under the lock */
    if (cat->cff[face]) return true; /* known from fontconfig: the file stays closed */
    size_t len = 0;
    const unsigned char *data = ws_font_catalog_file(cat, face, &len);
    pthread_mutex_lock(&c->files_lock);
    if (!c->hb_tried[face]) {
        unsigned upem;
        c->hb_tried[face] = true;
        c->hb[face] = make_hb_font(data, len, (unsigned)c->faces[face].index, &c->cff[face], &upem,
                                   NULL);
    }
    hb_font_t *font = c->hb[face];
    bool cff = c->cff[face];
    pthread_mutex_unlock(&c->files_lock);
    hb_codepoint_t gid = 0;
    if (!font || cff) return true;
    return !hb_font_get_nominal_glyph(font, cp, &gid) || !gid || !outline_missing(font, cff, gid, cp);
}

/* 1, 0, or -1 when a face has no charset */
static int faces_have_char(const ws_font_catalog *cat, const role *r, uint32_t cp)
{
    int answer = 0;
    for (size_t i = 0; i < r->nfaces && answer != 1; i++) {
        FcCharSet *cs = cat->charset[r->faces[i]];
        if (!cs) answer = -1;
        else if (FcCharSetHasChar(cs, cp) && draws_char(cat, r->faces[i], cp)) answer = 1;
    }
    return answer;
}

int ws_font_catalog_has_char(const ws_font_catalog *cat, int role_index, uint32_t cp)
{
    int own = role_index >= 0 && (size_t)role_index < cat->nroles
                  ? faces_have_char(cat, &cat->roles[role_index], cp)
                  : 0;
    if (own == 1) return 1;
    int fallback = faces_have_char(cat, &cat->fallback, cp);
    return fallback == 1 ? 1 : own < 0 || fallback < 0 ? -1 : 0;
}

/* --- per worker ---------------------------------------------------------- */

/* Per worker, two memos keyed by a nonzero uint32: a character's glyph in a
 * role (a face's cmap is walked, then the fallback faces'), and a glyph's
 * ink (a CFF glyph's charstring is run, ~40 µs for a Noto CJK ideograph). A form draws ~500 distinct glyphs and a batch
 * of forms a few thousand: a direct-mapped cache of 128 (then 8192) entries
 * thrashed, and loading glyphs again was a quarter of a form's CPU. The
 * memos grow instead and never evict: at most one entry per character or
 * glyph a worker has seen. */
typedef struct memo {
    uint32_t *keys;         /* 0 = empty slot */
    unsigned char *vals;    /* cap values of val_size bytes */
    size_t val_size, cap, n;
} memo;

static size_t memo_home(uint32_t key, size_t cap)
{
    return (size_t)((key * 2654435761u) ^ (key >> 16)) & (cap - 1);
}

/* Doubles the table (linear probing, at most half full). False on OOM. */
static bool memo_grow(memo *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    uint32_t *keys = calloc(cap, sizeof *keys);
    unsigned char *vals = malloc(cap * m->val_size);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t k = memo_home(m->keys[i], cap);
        while (keys[k]) k = (k + 1) & (cap - 1);
        keys[k] = m->keys[i];
        memcpy(vals + k * m->val_size, m->vals + i * m->val_size, m->val_size);
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return true;
}

/* The value slot of key (nonzero): *fresh tells whether it was just added
 * (its value is then the caller's to fill). NULL when out of memory. The
 * pointer is valid until the next memo_slot on m. */
static void *memo_slot(memo *m, uint32_t key, bool *fresh)
{
    if ((m->n + 1) * 2 > m->cap && !memo_grow(m)) return NULL;
    size_t k = memo_home(key, m->cap);
    while (m->keys[k] && m->keys[k] != key) k = (k + 1) & (m->cap - 1);
    *fresh = !m->keys[k];
    if (*fresh) {
        m->keys[k] = key;
        m->n++;
    }
    return m->vals + k * m->val_size;
}

static void memo_free(memo *m)
{
    free(m->keys);
    free(m->vals);
}

typedef struct side_entry {
    float left, right;
    float ink0, ink1; /* the ink's left and right end from the glyph origin, em */
} side_entry;

typedef struct glyph_entry {
    ws_glyph_info info;
    bool found;
} glyph_entry;

struct ws_fonts {
    const ws_font_catalog *cat;
    FT_Library lib;
    hb_font_t *hb[MAX_FACES]; /* cmap, advances, a CFF glyph's ink */
    bool hb_tried[MAX_FACES];
    ws_face_metrics metrics[MAX_FACES]; /* read when hb[face] is made */
    bool cff[MAX_FACES];
    FT_Face ft[MAX_FACES]; /* a TrueType glyph's ink only */
    bool tried[MAX_FACES];
    float inv_upem[MAX_FACES];
    memo side;          /* (face + 1) << 24 | gid → side_entry */
    memo glyph;         /* (role + 2) << 21 | code point → glyph_entry */
    side_entry no_memo; /* side_of's answer when the memo is out of memory */
};

ws_status ws_fonts_open(const ws_font_catalog *cat, ws_fonts **out, ws_err *err)
{
    ws_fonts *f = calloc(1, sizeof *f);
    if (!f) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    f->cat = cat;
    f->side.val_size = sizeof(side_entry);
    f->glyph.val_size = sizeof(glyph_entry);
    if (FT_Init_FreeType(&f->lib)) {
        free(f);
        return ws_err_set(err, WS_ERR_FONT, "FreeType 初始化失败");
    }
    *out = f;
    return WS_OK;
}

void ws_fonts_close(ws_fonts *f)
{
    if (!f) return;
    for (size_t i = 0; i < MAX_FACES; i++) {
        if (f->ft[i]) FT_Done_Face(f->ft[i]);
        if (f->hb[i]) hb_font_destroy(f->hb[i]);
    }
    FT_Done_FreeType(f->lib);
    memo_free(&f->side);
    memo_free(&f->glyph);
    free(f);
}

const ws_font_catalog *ws_fonts_catalog(const ws_fonts *f)
{
    return f->cat;
}

/* A big-endian 16-bit number of a table, 0 past its end. */
static int table_i16(hb_blob_t *table, unsigned at)
{
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(table, &len);
    return at + 2 <= len ? (int16_t)(p[at] << 8 | p[at + 1]) : 0;
}

/* What the font descriptors need of a face, read once when it is opened. */
static void read_metrics(hb_face_t *hf, ws_face_metrics *m)
{
    *m = (ws_face_metrics){.upem = (int)hb_face_get_upem(hf)};
    hb_blob_t *head = hb_face_reference_table(hf, HB_TAG('h', 'e', 'a', 'd'));
    for (unsigned k = 0; k < 4; k++) m->bbox[k] = table_i16(head, 36 + 2 * k);
    hb_blob_destroy(head);
    /* hhea's; when it has none, OS/2's typographic ones, else its Windows
     * ones (FreeType's face->ascender and ->descender) */
    hb_blob_t *hhea = hb_face_reference_table(hf, HB_TAG('h', 'h', 'e', 'a'));
    m->ascender = table_i16(hhea, 4);
    m->descender = table_i16(hhea, 6);
    hb_blob_destroy(hhea);
    if (!m->ascender && !m->descender) {
        hb_blob_t *os2 = hb_face_reference_table(hf, HB_TAG('O', 'S', '/', '2'));
        m->ascender = table_i16(os2, 68);
        m->descender = table_i16(os2, 70);
        if (!m->ascender && !m->descender) {
            m->ascender = (uint16_t)table_i16(os2, 74);
            m->descender = -(int)(uint16_t)table_i16(os2, 76);
        }
        hb_blob_destroy(os2);
    }
    unsigned n = sizeof m->ps_name;
    if (!hb_ot_name_get_utf8(hf, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &n,
                             m->ps_name))
        m->ps_name[0] = '\0';
}

/* The HarfBuzz font of a face (its scale: font units), made on first use
 * over the catalog's mapping of the file; NULL if it cannot be read. Not
 * FreeType: opening a Noto CJK face costs FreeType 3.5–5 ms (its CFF charset
 * of 65,535 glyphs, its cmaps checked), HarfBuzz 0.1 ms, and each worker
 * opened every face it set text in. Glyph ids and advances are FreeType's
 * (compared for every code point of the installed CJK faces). */
static hb_font_t *hb_font_of(ws_fonts *f, uint16_t face)
{
    if (face >= f->cat->nfaces) return NULL;
    if (!f->hb_tried[face]) {
        f->hb_tried[face] = true;
        size_t len = 0;
        unsigned upem;
        hb_face_t *hf;
        const unsigned char *data = ws_font_catalog_file(f->cat, face, &len);
        f->hb[face] = make_hb_font(data, len, (unsigned)f->cat->faces[face].index, &f->cff[face],
                                   &upem, &hf);
        if (f->hb[face]) {
            f->inv_upem[face] = 1.0f / (float)upem;
            read_metrics(hf, &f->metrics[face]);
        }
        hb_face_destroy(hf);
    }
    return f->hb[face];
}

/* The FreeType face, for the ink of a TrueType glyph: FreeType measures the
 * points of its outline, HarfBuzz takes the box its glyf entry states,
 * which some fonts (AR PL UMing, WenQuanYi Zen Hei) state a unit or more
 * off. For a CFF glyph both measure the outline alike. */
static FT_Face open_face(ws_fonts *f, uint16_t face)
{
    if (face >= f->cat->nfaces) return NULL;
    if (!f->tried[face]) {
        f->tried[face] = true;
        const ws_face_info *info = &f->cat->faces[face];
        size_t len = 0;
        const unsigned char *data = ws_font_catalog_file(f->cat, face, &len);
        if (!data || FT_New_Memory_Face(f->lib, data, (FT_Long)len, info->index, &f->ft[face]))
            f->ft[face] = NULL;
    }
    return f->ft[face];
}

static bool try_face(ws_fonts *f, int face, uint32_t cp, ws_glyph_info *out)
{
    hb_font_t *font = hb_font_of(f, (uint16_t)face);
    hb_codepoint_t gid = 0;
    if (!font || !hb_font_get_nominal_glyph(font, cp, &gid) || !gid ||
        outline_missing(font, f->cff[face], gid, cp))
        return false;
    out->face = (uint16_t)face;
    out->gid = gid;
    out->advance_em = (float)hb_font_get_glyph_h_advance(font, gid) * f->inv_upem[face];
    return true;
}

static ws_status find_glyph(ws_fonts *f, const role *r, uint32_t cp, ws_glyph_info *out)
{
    for (size_t i = 0; i < r->nfaces; i++) {
        if (try_face(f, r->faces[i], cp, out)) {
            out->fallback = false;
            return WS_OK;
        }
    }
    const role *fb = &f->cat->fallback;
    for (size_t i = 0; i < fb->nfaces; i++) {
        if (try_face(f, fb->faces[i], cp, out)) {
            out->fallback = true;
            return WS_OK;
        }
    }
    return WS_ERR_FONT;
}

ws_status ws_fonts_glyph(ws_fonts *f, int role_index, uint32_t cp, ws_glyph_info *out)
{
    bool own = role_index >= 0 && (size_t)role_index < f->cat->nroles;
    const role *r = own ? &f->cat->roles[role_index] : &f->cat->fallback;
    uint32_t key = ((uint32_t)(own ? role_index + 2 : 1) << 21) | (cp & 0x1FFFFF);
    bool fresh = true;
    glyph_entry *e = cp <= 0x10FFFF && f->cat->nroles < 2000 ? memo_slot(&f->glyph, key, &fresh)
                                                             : NULL;
    if (!e) return find_glyph(f, r, cp, out);
    if (fresh) e->found = find_glyph(f, r, cp, &e->info) == WS_OK;
    if (!e->found) return WS_ERR_FONT;
    *out = e->info;
    return WS_OK;
}

/* Where a glyph's ink starts (x0) and how wide it is, in font units; false
 * when the glyph cannot be read. */
static bool glyph_ink(ws_fonts *f, uint16_t face, uint32_t gid, long *x0, long *width)
{
    hb_font_t *font = hb_font_of(f, face);
    if (font && f->cff[face]) {
        hb_glyph_extents_t e;
        if (!hb_font_get_glyph_extents(font, gid, &e)) return false;
        *x0 = e.x_bearing;
        *width = e.width;
        return true;
    }
    FT_Face ft = open_face(f, face);
    if (!ft || FT_Load_Glyph(ft, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING)) return false;
    *x0 = ft->glyph->metrics.horiBearingX;
    *width = ft->glyph->metrics.width;
    return true;
}

static void load_side(ws_fonts *f, uint16_t face, uint32_t gid, side_entry *e)
{
    *e = (side_entry){0};
    long x0 = 0, width = 0;
    hb_font_t *font = hb_font_of(f, face);
    if (!font || !glyph_ink(f, face, gid, &x0, &width) || width == 0) return; /* a space */
    float inv = f->inv_upem[face];
    long advance = hb_font_get_glyph_h_advance(font, gid);
    e->left = (float)x0 * inv;
    e->right = (float)(advance - x0 - width) * inv;
    e->ink0 = e->left;
    e->ink1 = (float)(x0 + width) * inv;
}

static const side_entry *side_of(ws_fonts *f, uint16_t face, uint32_t gid)
{
    uint32_t key = ((uint32_t)(face + 1) << 24) | (gid & 0xFFFFFF);
    bool fresh = true;
    side_entry *e = memo_slot(&f->side, key, &fresh);
    if (!e) e = &f->no_memo;
    if (fresh) load_side(f, face, gid, e);
    return e;
}

void ws_fonts_side_space(ws_fonts *f, uint16_t face, uint32_t gid, float *left_em, float *right_em)
{
    const side_entry *e = side_of(f, face, gid);
    *left_em = e->left;
    *right_em = e->right;
}

void ws_fonts_ink(ws_fonts *f, uint16_t face, uint32_t gid, float *x0_em, float *x1_em)
{
    const side_entry *e = side_of(f, face, gid);
    *x0_em = e->ink0;
    *x1_em = e->ink1;
}

bool ws_fonts_face_metrics(ws_fonts *f, uint16_t face, ws_face_metrics *m)
{
    if (!hb_font_of(f, face)) return false;
    *m = f->metrics[face];
    return true;
}

int ws_fonts_advance_units(ws_fonts *f, uint16_t face, uint32_t gid)
{
    hb_font_t *font = hb_font_of(f, face);
    return font ? (int)hb_font_get_glyph_h_advance(font, gid) : 0;
}
