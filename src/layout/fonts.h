/* layout/fonts.h - font roles, resolved once by fontconfig, used per worker
 * through FreeType.
 *
 * A template names roles (宋体, 仿宋, 黑体, 楷体, 小标宋 …); fonts/roles.yaml
 * lists for each role the families to use, best first: the official fonts an
 * office owns (仿宋_GB2312, 方正小标宋简体 …) before Debian's free stand-ins.
 * The font catalog resolves every entry with fontconfig (the project's fonts/
 * folder is added as an application font directory, so dropping a TTF there is
 * enough), keeps only faces with TrueType (glyf) or CFF outlines that are not
 * damaged, and records which wanted families were missing and which files were
 * damaged, so the CLI can say what stands in for what.
 *
 * Per character, a role's faces are tried in order, then the catalog's
 * fallback faces; a character no face has is an error, never a blank box.
 *
 * The catalog is immutable after creation (but for the font files it maps on
 * first use, under its own lock) and may be shared by threads; each
 * worker opens its own ws_fonts (FreeType faces are not thread-safe). */
#ifndef WS_LAYOUT_FONTS_H
#define WS_LAYOUT_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct ws_font_catalog ws_font_catalog;
typedef struct ws_fonts ws_fonts;

typedef struct ws_face_info {
    const char *path;
    int index;          /* face index inside a .ttc */
    const char *family; /* as fontconfig names it */
    const char *style;
} ws_face_info;

typedef struct ws_role_info {
    const char *name;
    const int *faces;    /* indexes into the catalog's faces, best first */
    size_t nfaces;
    const char *missing; /* wanted families that are not installed, "、"-joined, or NULL */
    const char *damaged; /* files of wanted faces passed over as damaged (a CFF whose glyph
                            count is not maxp's, a table past the file's end), "、"-joined,
                            or NULL */
    const char *wanted;  /* the first family listed (the official font: 仿宋_GB2312), named
                            in workbooks whatever stands in for it here */
} ws_role_info;

/* Loads roles_file (YAML: roles: {name: [fontconfig patterns]}, fallback:
 * [patterns]) and resolves it. font_dir (may be NULL) is added to
 * fontconfig's application fonts first. Fails with WS_ERR_FONT when a role
 * has no installed face at all. */
ws_status ws_font_catalog_create(const char *roles_file, const char *font_dir,
                                 ws_font_catalog **out, ws_err *err);
void ws_font_catalog_destroy(ws_font_catalog *cat); /* accepts NULL */

/* Index of a role by name, or -1. */
int ws_font_catalog_role(const ws_font_catalog *cat, const char *name);
size_t ws_font_catalog_nroles(const ws_font_catalog *cat);
/* Role names in index order, NULL-terminated (for the template loader). */
const char *const *ws_font_catalog_role_names(const ws_font_catalog *cat);
const ws_role_info *ws_font_catalog_role_info(const ws_font_catalog *cat, int role);
size_t ws_font_catalog_nfaces(const ws_font_catalog *cat);
const ws_face_info *ws_font_catalog_face(const ws_font_catalog *cat, int face);

/* The bytes of face's font file (all of a .ttc), mapped read-only once per
 * file on first use and kept until the catalog is destroyed, so every
 * worker's FreeType faces and HarfBuzz share one mapping; *len its size.
 * NULL when the file cannot be read. Thread-safe. */
const unsigned char *ws_font_catalog_file(const ws_font_catalog *cat, int face, size_t *len);

/* Whether role (its faces, then the fallback faces; an unknown role: the
 * fallback alone) has a glyph for cp, answered from fontconfig's charsets
 * without opening a face: 1 yes, 0 no, -1 unknown (a face fontconfig gave
 * no charset for; ask ws_fonts_glyph). fontconfig builds a face's charset from
 * its cmap, so the answer is the one ws_fonts_glyph gives (checked for every
 * code point of every installed face), without FreeType's 5 ms per CJK face. */
int ws_font_catalog_has_char(const ws_font_catalog *cat, int role, uint32_t cp);

/* One worker's view: opens faces lazily (HarfBuzz; FreeType for a TrueType
 * glyph's ink), and remembers each character's glyph and each glyph's ink it
 * was asked for (memory grows with the distinct characters seen, never
 * beyond one entry each). */
ws_status ws_fonts_open(const ws_font_catalog *cat, ws_fonts **out, ws_err *err);
void ws_fonts_close(ws_fonts *f); /* accepts NULL */
const ws_font_catalog *ws_fonts_catalog(const ws_fonts *f);

typedef struct ws_glyph_info {
    uint16_t face;      /* catalog face index */
    uint32_t gid;       /* glyph id in that face */
    float advance_em;   /* horizontal advance in em */
    bool fallback;      /* not from the role's own faces */
} ws_glyph_info;

/* Finds the glyph for cp in role (its faces, then the fallback faces).
 * Returns WS_OK, or WS_ERR_FONT when no face has the character. */
ws_status ws_fonts_glyph(ws_fonts *f, int role, uint32_t cp, ws_glyph_info *out);

/* The blank space left and right of a glyph's ink, in em (for punctuation
 * compression: a full-width comma's right half is empty). */
void ws_fonts_side_space(ws_fonts *f, uint16_t face, uint32_t gid, float *left_em,
                         float *right_em);

/* Where a glyph's ink starts and ends, in em from its origin (x0 = x1 = 0
 * for a glyph without ink): what must stay inside a cell's rules. */
void ws_fonts_ink(ws_fonts *f, uint16_t face, uint32_t gid, float *x0_em, float *x1_em);

/* What a PDF font descriptor says of a face, in font units: units per em,
 * its box (head), ascender and descender (hhea, as FreeType gives them), its
 * PostScript name ("" when it has none). */
typedef struct ws_face_metrics {
    int upem;
    int bbox[4]; /* x0 y0 x1 y1 */
    int ascender, descender;
    char ps_name[64];
} ws_face_metrics;

/* false if the face cannot be read. */
bool ws_fonts_face_metrics(ws_fonts *f, uint16_t face, ws_face_metrics *m);

/* A glyph's horizontal advance in font units (0 if the face cannot be read). */
int ws_fonts_advance_units(ws_fonts *f, uint16_t face, uint32_t gid);

#endif
