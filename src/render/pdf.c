/* render/pdf.c - see pdf.h. */
#include "render/pdf.h"

#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "render/cff_subset.h"

#define MAX_FACES 64
#define NGID 65536

/* Font programs are deflated here at the fastest level rather than by
 * libharu at zlib's default one: glyph outlines barely
 * compress (level 6 gains 7 % over level 1) and deflating was 40 % of a
 * form's time. With libdeflate instead of zlib, level 1 takes a third of
 * the CPU (2.1 ms instead of 6.4 ms for a form's 250 KB of outlines) and
 * makes 3 % fewer bytes; the output is a plain zlib stream.
 * A CFF subset (Noto CJK, Source Han, the office's OpenType fonts) is not
 * deflated at all: its charstrings are dense already, deflate saves only
 * ~14 % of them (a form: 112 KB stored instead of 94 KB) and cost 15 % of a
 * form's CPU (forms only, 300 records, -j 1: 2.64 -> 2.14 s). TrueType
 * outlines (glyf) halve, and stay deflated. */
#define DEFLATE_LEVEL 1

/* Page contents and ToUnicode maps are text (operators, numbers, hex codes)
 * and do compress: level 6 makes a form's 53 KB of them ~1.5 KB smaller than
 * level 1 for 0.6 ms more; level 12 would save 1 KB more for 10 ms. */
#define TEXT_DEFLATE_LEVEL 6

struct ws_pdf_faces {
    const ws_font_catalog *cat;
    pthread_mutex_t lock;      /* held while a face is first made */
    hb_face_t *hb[MAX_FACES];  /* cff_only_face or glyf_only_face, immutable */
    bool tried[MAX_FACES];
    bool cff[MAX_FACES];       /* outlines in a 'CFF ' table */
    size_t prepared;
};

/* A face's font program as the PDF embeds it. */
typedef struct font_program {
    hb_blob_t *blob; /* TrueType: the whole subset font; CFF: the subset's bare 'CFF ' table */
    bool cff;
    char registry[32], ordering[32]; /* the CFF's ROS; Adobe-Identity-0 otherwise */
    int supplement;
} font_program;

/* What a document says of one glyph it uses. */
typedef struct glyph_info {
    uint32_t gid_1;      /* the glyph id + 1; 0: a free slot */
    uint32_t cp;         /* the character it stands for (U+FFFD when none) */
    int32_t width_1000;  /* advance in 1/1000 em, once the font is made */
    uint16_t code;       /* its code in the content stream, a CID: the subset's gid
                            (TrueType) or its CID in the subset CFF */
} glyph_info;

/* Glyphs one document uses from one face: a hash table by glyph id (a
 * document uses hundreds of a face's up to 65,536 glyphs; arrays indexed
 * by glyph id touched ~160 fresh pages a face, a tenth of a worker's
 * start-up), plus the list in the order of first use. */
typedef struct face_use {
    glyph_info *info;    /* ninfo slots, a power of two, at most half full */
    size_t ninfo;
    uint32_t *gids;
    size_t n, cap;
    HPDF_Dict font;      /* the Type0 font in the current document */
    char res_name[8];
    uint32_t *last_gids;  /* the glyph set last subset, ascending, their codes and */
    uint16_t *last_codes; /* its program: a form's title and table faces draw the */
    size_t last_n;        /* same glyphs in every form, so they are subset once */
    font_program *last;
    font_program ros;     /* a CFF face's ROS, once a subset of it has been read */
    bool ros_known;
} face_use;

struct ws_pdf_writer {
    ws_fonts *fonts;
    FT_Library ft; /* reads the charset of subset CFF fonts */
    ws_pdf_faces *faces; /* shared, or own_faces */
    ws_pdf_faces *own_faces;
    hb_face_t *hb[MAX_FACES]; /* faces->hb already looked up (no lock) */
    face_use use[MAX_FACES];
    ws_cff_cache *cff[MAX_FACES]; /* CFF faces' subsets put together (render/cff_subset.h) */
    bool cff_tried[MAX_FACES];
    struct libdeflate_compressor *deflater; /* font programs */
    struct libdeflate_compressor *text_deflater; /* page contents, ToUnicode maps */
};

typedef struct hpdf_guard {
    HPDF_STATUS error, detail;
} hpdf_guard;

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    hpdf_guard *g = user;
    if (!g->error) {
        g->error = error;
        g->detail = detail;
    }
}

ws_status ws_pdf_writer_create(ws_fonts *fonts, ws_pdf_faces *faces, ws_pdf_writer **out,
                               ws_err *err)
{
    ws_pdf_writer *w = calloc(1, sizeof *w);
    if (!w) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    w->fonts = fonts;
    w->faces = faces;
    w->deflater = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    w->text_deflater = libdeflate_alloc_compressor(TEXT_DEFLATE_LEVEL);
    if (!w->deflater || !w->text_deflater || FT_Init_FreeType(&w->ft)) {
        libdeflate_free_compressor(w->deflater);
        libdeflate_free_compressor(w->text_deflater);
        free(w);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    if (!faces && fonts && ws_pdf_faces_create(ws_fonts_catalog(fonts), &w->own_faces, err) != WS_OK) {
        libdeflate_free_compressor(w->deflater);
        libdeflate_free_compressor(w->text_deflater);
        FT_Done_FreeType(w->ft);
        free(w);
        return err->status;
    }
    if (!faces) w->faces = w->own_faces;
    *out = w;
    return WS_OK;
}

void ws_pdf_writer_destroy(ws_pdf_writer *w)
{
    if (!w) return;
    libdeflate_free_compressor(w->deflater);
    libdeflate_free_compressor(w->text_deflater);
    for (size_t i = 0; i < MAX_FACES; i++) {
        free(w->use[i].info);
        free(w->use[i].gids);
        free(w->use[i].last_gids);
        free(w->use[i].last_codes);
        if (w->use[i].last) hb_blob_destroy(w->use[i].last->blob);
        free(w->use[i].last);
        ws_cff_cache_destroy(w->cff[i]);
    }
    ws_pdf_faces_destroy(w->own_faces); /* after the caches over its faces */
    FT_Done_FreeType(w->ft);
    free(w);
}

ws_status ws_pdf_faces_create(const ws_font_catalog *cat, ws_pdf_faces **out, ws_err *err)
{
    ws_pdf_faces *f = calloc(1, sizeof *f);
    if (!f) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    f->cat = cat;
    pthread_mutex_init(&f->lock, NULL);
    *out = f;
    return WS_OK;
}

void ws_pdf_faces_destroy(ws_pdf_faces *f)
{
    if (!f) return;
    for (size_t i = 0; i < MAX_FACES; i++)
        if (f->hb[i]) hb_face_destroy(f->hb[i]);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

size_t ws_pdf_faces_prepared(ws_pdf_faces *f)
{
    pthread_mutex_lock(&f->lock);
    size_t n = f->prepared;
    pthread_mutex_unlock(&f->lock);
    return n;
}

/* What a CFF face's subset is made from: its 'CFF ' table and the 'maxp'
 * that gives HarfBuzz the glyph count, nothing else. Only the bare CFF is
 * embedded (codes come from its charset, widths from FreeType), and the
 * other tables cost most of a subset: with the cmap in the face, a plan
 * walks its 30,000+ entries for the code points of the kept glyphs, and
 * hmtx, vmtx, OS/2, post … are subset too, only to be thrown away. */
static hb_face_t *face_of_tables(hb_face_t *raw, const hb_tag_t *kept, size_t n)
{
    hb_face_t *only = hb_face_builder_create();
    for (size_t i = 0; i < n; i++) {
        hb_blob_t *table = hb_face_reference_table(raw, kept[i]);
        if (hb_blob_get_length(table) > 0) hb_face_builder_add_table(only, kept[i], table);
        hb_blob_destroy(table);
    }
    return only;
}

static hb_face_t *cff_only_face(hb_face_t *raw)
{
    static const hb_tag_t kept[] = {HB_TAG('C', 'F', 'F', ' '), HB_TAG('m', 'a', 'x', 'p')};
    return face_of_tables(raw, kept, sizeof kept / sizeof *kept);
}

/* What a TrueType face's subset is made from: the tables a CIDFontType2
 * with an Identity CIDToGIDMap is drawn from (PDF 32000-1 9.9; the hinting
 * tables cvt, fpgm and prep are dropped with the hints). Without cmap, OS/2,
 * post … in the face, a plan neither walks nor subsets them, and the PDF
 * does not carry them (tests/e2e/ttftables.py). */
static hb_face_t *glyf_only_face(hb_face_t *raw)
{
    static const hb_tag_t kept[] = {HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
                                    HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
                                    HB_TAG('l', 'o', 'c', 'a'), HB_TAG('g', 'l', 'y', 'f')};
    return face_of_tables(raw, kept, sizeof kept / sizeof *kept);
}

/* The face to subset from, made on first use by any writer; NULL if unreadable. */
static hb_face_t *prepared_face(ws_pdf_faces *f, uint16_t face)
{
    pthread_mutex_lock(&f->lock);
    if (!f->tried[face]) {
        f->tried[face] = true;
        const ws_face_info *info = ws_font_catalog_face(f->cat, face);
        size_t len = 0;
        const unsigned char *data = info ? ws_font_catalog_file(f->cat, face, &len) : NULL;
        hb_blob_t *blob = data ? hb_blob_create_or_fail((const char *)data, (unsigned)len,
                                                        HB_MEMORY_MODE_READONLY, NULL, NULL)
                               : NULL;
        if (blob) {
            hb_face_t *raw = hb_face_create(blob, (unsigned)info->index);
            hb_blob_t *cff = hb_face_reference_table(raw, HB_TAG('C', 'F', 'F', ' '));
            f->cff[face] = hb_blob_get_length(cff) > 0;
            hb_blob_destroy(cff);
            /* No face is preprocessed (hb_subset_preprocess): for a CFF face
             * HarfBuzz 6 parses every charstring up front, 4–5 s for Noto CJK's
             * 65,535 glyphs; for a TrueType face it copies every table (18 MB
             * held for the whole build for AR PL UKai, and all 16 MB of the
             * file touched) to make plans cheaper that, given glyph ids and
             * only the tables embedded, are cheap already. */
            f->hb[face] = f->cff[face] ? cff_only_face(raw) : glyf_only_face(raw);
            hb_face_make_immutable(f->hb[face]);
            f->prepared++;
            hb_face_destroy(raw);
            hb_blob_destroy(blob);
        }
    }
    hb_face_t *hb = f->hb[face];
    pthread_mutex_unlock(&f->lock);
    return hb;
}

static hb_face_t *hb_face_for(ws_pdf_writer *w, uint16_t face)
{
    if (!w->hb[face] && w->faces) w->hb[face] = prepared_face(w->faces, face);
    return w->hb[face];
}

/* --- collecting glyphs ------------------------------------------------------ */

/* The slot of gid in table (n slots, a power of two): where it is, or the
 * free slot where it goes. */
static glyph_info *slot_of(glyph_info *table, size_t n, uint32_t gid)
{
    size_t i = (gid * 2654435761u) & (n - 1);
    while (table[i].gid_1 && table[i].gid_1 != gid + 1)
        i = (i + 1) & (n - 1);
    return &table[i];
}

/* The glyph gid of a document's glyphs (use_glyph has filed it). */
static glyph_info *info_of(const face_use *u, uint32_t gid)
{
    return slot_of(u->info, u->ninfo, gid);
}

/* Room in u's table for one more glyph: doubled (and the glyphs filed
 * again) when it would be over half full. */
static bool make_room(face_use *u)
{
    if (2 * (u->n + 1) <= u->ninfo) return true;
    size_t n = u->ninfo ? 2 * u->ninfo : 1024;
    glyph_info *t = calloc(n, sizeof *t);
    if (!t) return false;
    for (size_t i = 0; i < u->n; i++)
        *slot_of(t, n, u->gids[i]) = *info_of(u, u->gids[i]);
    free(u->info);
    u->info = t;
    u->ninfo = n;
    return true;
}

static bool use_glyph(face_use *u, uint32_t gid, uint32_t cp)
{
    if (gid >= NGID || (u->ninfo && info_of(u, gid)->gid_1)) return true;
    if (!make_room(u)) return false;
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 256;
        uint32_t *g = realloc(u->gids, cap * sizeof *g);
        if (!g) return false;
        u->gids = g;
        u->cap = cap;
    }
    *info_of(u, gid) = (glyph_info){.gid_1 = gid + 1, .cp = cp ? cp : 0xFFFD};
    u->gids[u->n++] = gid;
    return true;
}

/* Empties every face's table for the next document: all of it (a few
 * pages), since clearing slot by slot would cut the probe sequences of the
 * glyphs still to be found and cleared. */
static void reset_use(ws_pdf_writer *w)
{
    for (size_t f = 0; f < MAX_FACES; f++) {
        face_use *u = &w->use[f];
        if (u->n) memset(u->info, 0, u->ninfo * sizeof *u->info);
        u->n = 0;
        u->font = NULL;
    }
}

static ws_status collect_glyphs(ws_pdf_writer *w, const ws_dl_doc *doc, ws_err *err)
{
    for (size_t p = 0; p < doc->npages; p++) {
        const ws_page *pg = doc->pages[p];
        for (size_t i = 0; i < pg->n; i++) {
            if (pg->items[i].kind != WS_DL_TEXT) continue;
            const ws_dl_text *t = &pg->items[i].u.text;
            if (t->face >= MAX_FACES) return ws_err_set(err, WS_ERR_PDF, "字体编号超出范围");
            for (uint32_t k = 0; k < t->n; k++)
                if (!use_glyph(&w->use[t->face], t->glyphs[k].gid, t->glyphs[k].cp))
                    return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        }
    }
    return WS_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* --- font objects --------------------------------------------------------------- */

typedef struct pdf_ctx {
    HPDF_Doc pdf;
    hpdf_guard guard;
    ws_pdf_stats stats;
} pdf_ctx;

/* Six capital letters from the glyph set, as PDF subset tags require. */
static void subset_tag(const face_use *u, uint16_t face, char tag[7])
{
    uint64_t h = 1469598103934665603ull ^ face;
    for (size_t i = 0; i < u->n; i++) h = (h ^ u->gids[i]) * 1099511628211ull;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

static void font_base_name(const ws_face_metrics *m, uint16_t face, const char tag[7], char *out,
                           size_t n)
{
    char clean[64];
    size_t k = 0;
    for (const char *p = m->ps_name; *p && k < sizeof clean - 1; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-')
            clean[k++] = *p;
    clean[k] = '\0';
    if (k == 0) snprintf(clean, sizeof clean, "WenshuFace%u", face);
    snprintf(out, n, "%s+%s", tag, clean);
}

static HPDF_Dict make_descriptor(pdf_ctx *c, const ws_face_metrics *m, const char *name,
                                 HPDF_Dict file, bool cff)
{
    HPDF_MMgr mm = c->pdf->mmgr;
    HPDF_Dict fd = HPDF_Dict_New(mm);
    if (!fd || HPDF_Xref_Add(c->pdf->xref, fd) != HPDF_OK) return NULL;
    double k = 1000.0 / m->upem;
    HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    HPDF_Dict_AddName(fd, "FontName", name);
    HPDF_Dict_AddNumber(fd, "Flags", 4); /* symbolic: glyphs outside the Latin set */
    HPDF_Array bbox = HPDF_Array_New(mm);
    HPDF_Array_AddNumber(bbox, (HPDF_INT32)lround(m->bbox[0] * k));
    HPDF_Array_AddNumber(bbox, (HPDF_INT32)lround(m->bbox[1] * k));
    HPDF_Array_AddNumber(bbox, (HPDF_INT32)lround(m->bbox[2] * k));
    HPDF_Array_AddNumber(bbox, (HPDF_INT32)lround(m->bbox[3] * k));
    HPDF_Dict_Add(fd, "FontBBox", bbox);
    HPDF_Dict_AddNumber(fd, "ItalicAngle", 0);
    HPDF_Dict_AddNumber(fd, "Ascent", (HPDF_INT32)lround(m->ascender * k));
    HPDF_Dict_AddNumber(fd, "Descent", (HPDF_INT32)lround(m->descender * k));
    HPDF_Dict_AddNumber(fd, "CapHeight", (HPDF_INT32)lround(m->ascender * k * 0.8));
    HPDF_Dict_AddNumber(fd, "StemV", 80);
    HPDF_Dict_Add(fd, cff ? "FontFile3" : "FontFile2", file);
    return fd;
}

/* /W as runs of consecutive CIDs whose width differs from /DW 1000. */
static HPDF_Array make_widths(pdf_ctx *c, const face_use *u, const uint32_t *sorted)
{
    HPDF_MMgr mm = c->pdf->mmgr;
    HPDF_Array w = HPDF_Array_New(mm);
    HPDF_Array run = NULL;
    int last_cid = -2;
    for (size_t i = 0; i < u->n; i++) {
        uint32_t gid = sorted[i];
        const glyph_info *gi = info_of(u, gid);
        int cid = gi->code, width = gi->width_1000;
        if (width == 1000) {
            last_cid = -2;
            continue;
        }
        if (cid != last_cid + 1 || !run) {
            HPDF_Array_AddNumber(w, cid);
            run = HPDF_Array_New(mm);
            HPDF_Array_Add(w, run);
        }
        HPDF_Array_AddNumber(run, width);
        last_cid = cid;
    }
    return w;
}

static void cmap_hex(ws_buf *b, uint32_t cp)
{
    if (cp < 0x10000) {
        ws_buf_printf(b, "<%04X>", cp);
    } else {
        uint32_t v = cp - 0x10000;
        ws_buf_printf(b, "<%04X%04X>", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
    }
}

static bool put_deflated(struct libdeflate_compressor *deflater, HPDF_Dict d,
                         const unsigned char *bytes, size_t len);

/* Deflated here like the page contents (libharu's zlib at the default level
 * was 5 % of a form's time). */
static HPDF_Dict make_tounicode(pdf_ctx *c, struct libdeflate_compressor *deflater,
                                const face_use *u, const uint32_t *sorted)
{
    HPDF_Dict s = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!s) return NULL;
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < u->n; i += 100) {
        size_t m = u->n - i < 100 ? u->n - i : 100;
        ws_buf_printf(&b, "%zu beginbfchar\n", m);
        for (size_t k = i; k < i + m; k++) {
            const glyph_info *gi = info_of(u, sorted[k]);
            ws_buf_printf(&b, "<%04X> ", gi->code);
            cmap_hex(&b, gi->cp);
            ws_buf_putc(&b, '\n');
        }
        ws_buf_puts(&b, "endbfchar\n");
    }
    ws_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    bool failed = b.failed || !put_deflated(deflater, s, (const unsigned char *)b.p, b.len);
    ws_buf_free(&b);
    return failed ? NULL : s;
}

/* The ROS (registry, ordering, supplement) of the CFF of a subset of u's
 * face, read once from the first subset with FreeType; CIDSystemInfo must
 * match it. Stays Adobe-Identity-0 when FreeType finds none. */
static ws_status cff_ros(ws_pdf_writer *w, face_use *u, font_program *prog, ws_err *err)
{
    if (!u->ros_known) {
        unsigned len = 0;
        const char *data = hb_blob_get_data(prog->blob, &len);
        FT_Face cff;
        if (FT_New_Memory_Face(w->ft, (const FT_Byte *)data, (FT_Long)len, 0, &cff))
            return ws_err_set(err, WS_ERR_FONT, "FreeType 无法读取 HarfBuzz 生成的 CFF 子集");
        const char *registry = NULL, *ordering = NULL;
        FT_Int supplement = 0;
        u->ros = (font_program){.registry = "Adobe", .ordering = "Identity"};
        if (FT_Get_CID_Registry_Ordering_Supplement(cff, &registry, &ordering, &supplement) == 0) {
            snprintf(u->ros.registry, sizeof u->ros.registry, "%s", registry);
            snprintf(u->ros.ordering, sizeof u->ros.ordering, "%s", ordering);
            u->ros.supplement = supplement;
        }
        FT_Done_Face(cff);
        u->ros_known = true;
    }
    memcpy(prog->registry, u->ros.registry, sizeof prog->registry);
    memcpy(prog->ordering, u->ros.ordering, sizeof prog->ordering);
    prog->supplement = u->ros.supplement;
    return WS_OK;
}

/* The codes of a CFF subset's glyphs. For a CIDFontType0 the content
 * stream's codes are CIDs, which the reader maps to glyphs through the CFF's
 * charset (there is no CIDToGIDMap). HarfBuzz keeps a CID-keyed font's
 * original CIDs (Noto CJK: a glyph's CID is its gid in the whole font, not
 * in the subset), so the charset of the very bytes embedded is read back
 * with FreeType: code = the CID of the glyph's new gid. A name-keyed CFF has
 * no CIDs; the PDF then takes codes as gids. */
static ws_status cff_codes(ws_pdf_writer *w, face_use *u, const hb_map_t *old_to_new,
                           font_program *prog, ws_err *err)
{
    unsigned len = 0;
    const char *data = hb_blob_get_data(prog->blob, &len);
    FT_Face cff;
    if (FT_New_Memory_Face(w->ft, (const FT_Byte *)data, (FT_Long)len, 0, &cff))
        return ws_err_set(err, WS_ERR_FONT, "FreeType 无法读取 HarfBuzz 生成的 CFF 子集");
    for (size_t i = 0; i < u->n; i++) {
        FT_UInt gid = hb_map_get(old_to_new, u->gids[i]), cid = 0;
        if (FT_Get_CID_From_Glyph_Index(cff, gid, &cid)) cid = gid;
        info_of(u, u->gids[i])->code = (uint16_t)cid;
    }
    FT_Done_Face(cff);
    return cff_ros(w, u, prog, err);
}

/* Subsets one face to the glyphs in u with HarfBuzz, picks the font program
 * to embed and records each used glyph's code. */
static ws_status subset_face(ws_pdf_writer *w, uint16_t face, face_use *u, font_program *prog,
                             ws_err *err)
{
    hb_face_t *src = hb_face_for(w, face);
    if (!src) return ws_err_set(err, WS_ERR_FONT, "无法读取字体文件（第 %u 号字体）", face);
    hb_subset_plan_t *plan = ws_subset_plan(src, u->gids, u->n, w->faces->cff[face]);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    ws_status st = WS_OK;
    if (!sub) {
        st = ws_err_set(err, WS_ERR_FONT, "HarfBuzz 无法为字体生成子集");
        goto done;
    }
    const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    *prog = (font_program){.registry = "Adobe", .ordering = "Identity"};
    hb_blob_t *cff = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
    if (w->faces->cff[face] && hb_blob_get_length(cff) == 0) {
        /* HarfBuzz leaves out a CFF it cannot subset and still says it made
         * the subset; embedded as it is, the text of that font was missing
         * from a paper said to be made. The font catalog already passes
         * over the damage known to cause it (glyph count not maxp's:
         * layout/fonts.c), so this is the guard for any other cause. */
        hb_blob_destroy(cff);
        const ws_face_info *info = ws_font_catalog_face(w->faces->cat, face);
        st = ws_err_set(err, WS_ERR_FONT,
                        "字体文件 %s（%s）已损坏，无法嵌入 PDF（字形表与字形数不符）；"
                        "请换一份完好的字体文件，或把它从字体文件夹中移走",
                        info ? info->path : "?", info ? info->family : "?");
        goto done;
    }
    if (hb_blob_get_length(cff) > 0) {
        prog->cff = true;
        prog->blob = cff;
        st = cff_codes(w, u, map, prog, err);
    } else {
        hb_blob_destroy(cff);
        prog->blob = hb_face_reference_blob(sub);
        for (size_t i = 0; i < u->n; i++)
            info_of(u, u->gids[i])->code = (uint16_t)hb_map_get(map, u->gids[i]);
    }
done:
    if (sub) hb_face_destroy(sub);
    if (plan) hb_subset_plan_destroy(plan);
    return st;
}

/* A CFF face's program as the writer's cache of the face puts it together
 * (render/cff_subset.h: HarfBuzz's bytes without HarfBuzz's work), or
 * subset_face when the cache cannot. set: u's glyphs, ascending. */
static ws_status cff_program(ws_pdf_writer *w, uint16_t face, face_use *u, const uint32_t *set,
                             font_program *prog, ws_err *err)
{
    if (!w->cff_tried[face]) {
        w->cff_tried[face] = true;
        hb_face_t *src = hb_face_for(w, face);
        w->cff[face] = src ? ws_cff_cache_create(src) : NULL;
    }
    size_t notdef = u->n && set[0] == 0; /* glyph 0 is in every subset */
    uint16_t *cids = malloc((u->n ? u->n : 1) * sizeof *cids);
    hb_blob_t *blob = w->cff[face] && cids
                          ? ws_cff_cache_subset(w->cff[face], set + notdef, u->n - notdef, cids)
                          : NULL;
    if (!blob) {
        free(cids);
        return subset_face(w, face, u, prog, err);
    }
    *prog = (font_program){.blob = blob, .cff = true};
    if (notdef) info_of(u, 0)->code = 0;
    for (size_t i = notdef; i < u->n; i++) info_of(u, set[i])->code = cids[i - notdef];
    free(cids);
    return cff_ros(w, u, prog, err);
}

/* subset_face, or the program of the face's previous subset when the glyph
 * set is the same (HarfBuzz gives the same bytes for the same set), with
 * the codes that subset gave. */
static ws_status program_for(ws_pdf_writer *w, uint16_t face, face_use *u, font_program *prog,
                             ws_err *err)
{
    uint32_t *set = malloc((u->n ? u->n : 1) * sizeof *set);
    if (!set) return subset_face(w, face, u, prog, err);
    memcpy(set, u->gids, u->n * sizeof *set);
    qsort(set, u->n, sizeof *set, cmp_u32);
    if (u->last && u->last_n == u->n && memcmp(u->last_gids, set, u->n * sizeof *set) == 0) {
        free(set);
        for (size_t i = 0; i < u->n; i++)
            info_of(u, u->last_gids[i])->code = u->last_codes[i];
        *prog = *u->last;
        hb_blob_reference(prog->blob);
        return WS_OK;
    }
    ws_status st = w->faces->cff[face] ? cff_program(w, face, u, set, prog, err)
                                       : subset_face(w, face, u, prog, err);
    if (!u->last) u->last = calloc(1, sizeof *u->last);
    uint16_t *codes = malloc((u->n ? u->n : 1) * sizeof *codes);
    if (st != WS_OK || !u->last || !codes) {
        free(set);
        free(codes);
        return st;
    }
    for (size_t i = 0; i < u->n; i++)
        codes[i] = info_of(u, set[i])->code;
    if (u->last->blob) hb_blob_destroy(u->last->blob);
    free(u->last_gids);
    free(u->last_codes);
    *u->last = *prog;
    hb_blob_reference(prog->blob);
    u->last_gids = set;
    u->last_codes = codes;
    u->last_n = u->n;
    return WS_OK;
}

/* The used glyphs in the order of their codes (/W and ToUnicode list codes
 * ascending): code and gid are both below 2^16, so one sort of code << 16 |
 * gid does it. */
static uint32_t *glyphs_by_code(const face_use *u)
{
    uint32_t *sorted = malloc((u->n ? u->n : 1) * sizeof *sorted);
    if (!sorted) return NULL;
    for (size_t i = 0; i < u->n; i++)
        sorted[i] = (uint32_t)info_of(u, u->gids[i])->code << 16 | u->gids[i];
    qsort(sorted, u->n, sizeof *sorted, cmp_u32);
    for (size_t i = 0; i < u->n; i++) sorted[i] &= 0xFFFF;
    return sorted;
}

/* libharu drops a Filter entry from a stream it does not filter itself, so
 * the entry is written by the dictionary's write hook instead. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Sets stream dict d's data to bytes, deflated here and marked FlateDecode
 * (its memory stream must be empty). False on OOM or a write error. */
static bool put_deflated(struct libdeflate_compressor *deflater, HPDF_Dict d,
                         const unsigned char *bytes, size_t len)
{
    size_t bound = libdeflate_zlib_compress_bound(deflater, len);
    unsigned char *z = malloc(bound);
    size_t zlen = z ? libdeflate_zlib_compress(deflater, bytes, len, z, bound) : 0;
    bool ok = zlen > 0 && HPDF_Stream_Write(d->stream, z, (HPDF_UINT)zlen) == HPDF_OK;
    free(z);
    d->filter = HPDF_STREAM_FILTER_NONE; /* already deflated: libharu writes it as it is */
    d->write_fn = write_flate_filter;
    return ok;
}

/* The font program stream. A TrueType subset is FontFile2. A CFF subset is
 * FontFile3 /CIDFontType0C holding the bare 'CFF ' table, under a
 * CIDFontType0: the form of PDF 1.3 that poppler, mupdf, pdf.js and Acrobat
 * all read and PDF/A allows, and the smaller one (no cmap, hmtx, OS/2 …). The
 * alternative, FontFile3 /OpenType (PDF 1.6) holding the whole subset, needs
 * a PDF 1.6 reader and leaves it to choose between the OpenType tables and
 * the CFF charset; it gains nothing here, where widths are in /W and text in
 * ToUnicode. Checked: qpdf --check, pdffonts ("CID Type 0C", embedded,
 * subset), poppler and mupdf draw every glyph (tests/e2e/fonts.sh). */
static HPDF_Dict make_font_file(pdf_ctx *c, struct libdeflate_compressor *deflater,
                                const font_program *prog)
{
    unsigned len = 0;
    const char *bytes = hb_blob_get_data(prog->blob, &len);
    HPDF_Dict file = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!file) return NULL;
    if (prog->cff) { /* stored as it is: see DEFLATE_LEVEL */
        if (HPDF_Stream_Write(file->stream, (const HPDF_BYTE *)bytes, len) != HPDF_OK) return NULL;
        file->filter = HPDF_STREAM_FILTER_NONE;
    } else if (!put_deflated(deflater, file, (const unsigned char *)bytes, len)) {
        return NULL;
    }
    HPDF_STATUS st = prog->cff ? HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C")
                               : HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len);
    if (st != HPDF_OK) return NULL;
    c->stats.font_bytes += len;
    return file;
}

/* The CIDFont: CIDFontType2 over TrueType with Identity CIDToGIDMap (codes are
 * the subset's gids), CIDFontType0 over CFF (codes are CIDs, see cff_codes). */
static HPDF_Dict make_cid_font(pdf_ctx *c, const face_use *u, const font_program *prog,
                               const char *name, HPDF_Dict fd, const uint32_t *sorted)
{
    HPDF_MMgr mm = c->pdf->mmgr;
    HPDF_Dict cid = HPDF_Dict_New(mm), info = HPDF_Dict_New(mm);
    if (!cid || !info || HPDF_Xref_Add(c->pdf->xref, cid) != HPDF_OK) return NULL;
    HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, prog->registry, NULL));
    HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, prog->ordering, NULL));
    HPDF_Dict_AddNumber(info, "Supplement", prog->supplement);
    HPDF_Dict_AddName(cid, "Type", "Font");
    HPDF_Dict_AddName(cid, "Subtype", prog->cff ? "CIDFontType0" : "CIDFontType2");
    HPDF_Dict_AddName(cid, "BaseFont", name);
    HPDF_Dict_Add(cid, "CIDSystemInfo", info);
    HPDF_Dict_Add(cid, "FontDescriptor", fd);
    if (!prog->cff) HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
    HPDF_Dict_AddNumber(cid, "DW", 1000);
    HPDF_Dict_Add(cid, "W", make_widths(c, u, sorted));
    return cid;
}

static ws_status embed_face(ws_pdf_writer *w, pdf_ctx *c, uint16_t face, ws_err *err)
{
    face_use *u = &w->use[face];
    ws_face_metrics m;
    if (!ws_fonts_face_metrics(w->fonts, face, &m))
        return ws_err_set(err, WS_ERR_FONT, "无法打开第 %u 号字体", face);
    font_program prog = {0};
    uint32_t *sorted = NULL;
    ws_status st = program_for(w, face, u, &prog, err);
    if (st != WS_OK) goto done;
    sorted = glyphs_by_code(u);
    if (!sorted) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    for (size_t i = 0; i < u->n; i++) {
        int adv = ws_fonts_advance_units(w->fonts, face, sorted[i]);
        info_of(u, sorted[i])->width_1000 = (int32_t)lround((double)adv * 1000.0 / m.upem);
    }
    char tag[7], name[96];
    subset_tag(u, face, tag);
    font_base_name(&m, face, tag, name, sizeof name);
    HPDF_MMgr mm = c->pdf->mmgr;
    HPDF_Dict file = make_font_file(c, w->deflater, &prog);
    HPDF_Dict fd = file ? make_descriptor(c, &m, name, file, prog.cff) : NULL;
    HPDF_Dict cid = fd ? make_cid_font(c, u, &prog, name, fd, sorted) : NULL;
    HPDF_Dict t0 = HPDF_Dict_New(mm);
    HPDF_Dict tounicode = make_tounicode(c, w->text_deflater, u, sorted);
    if (!cid || !t0 || !tounicode || HPDF_Xref_Add(c->pdf->xref, t0) != HPDF_OK) {
        st = ws_err_set(err, WS_ERR_PDF, "无法创建字体对象（libharu 错误 0x%04X）",
                        (unsigned)c->guard.error);
        goto done;
    }
    HPDF_Dict_AddName(t0, "Type", "Font");
    HPDF_Dict_AddName(t0, "Subtype", "Type0");
    HPDF_Dict_AddName(t0, "BaseFont", name);
    HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
    HPDF_Array desc = HPDF_Array_New(mm);
    HPDF_Array_Add(desc, cid);
    HPDF_Dict_Add(t0, "DescendantFonts", desc);
    HPDF_Dict_Add(t0, "ToUnicode", tounicode);
    u->font = t0;
    snprintf(u->res_name, sizeof u->res_name, "W%u", face);
done:
    if (prog.blob) hb_blob_destroy(prog.blob);
    free(sorted);
    return st;
}

/* --- page content ------------------------------------------------------------------- */

static void put_num(ws_buf *b, double v)
{
    ws_buf_num(b, v, 3);
    ws_buf_putc(b, ' ');
}

/* What the page's content has set so far, so that each state is said once
 * while it holds (a form's rules are nearly all 0.5 pt, its runs a few
 * fonts and sizes): line width and text font persist across paths and text
 * objects, and an image's q … Q gives them back as they were. Values are
 * compared as written, in thousandths. */
typedef struct page_state {
    long long line_w;   /* -1: not set yet */
    int font;           /* -1: not set yet */
    long long font_size;
} page_state;

static long long thousandths(double v)
{
    return llround(v * 1000.0);
}

static void set_line_width(ws_buf *b, page_state *ps, double width_pt)
{
    if (ps->line_w == thousandths(width_pt)) return;
    ps->line_w = thousandths(width_pt);
    put_num(b, width_pt);
    ws_buf_puts(b, "w ");
}

/* One text run as a TJ array: positions come from layout, widths from /W;
 * the adjustments make up the difference. BT starts from the identity
 * matrix, so Td places the run. */
static void write_text(ws_buf *b, page_state *ps, uint16_t face, const face_use *u,
                       const ws_dl_text *t, float page_h)
{
    ws_buf_puts(b, "BT ");
    if (ps->font != face || ps->font_size != thousandths(t->size_pt)) {
        ps->font = face;
        ps->font_size = thousandths(t->size_pt);
        ws_buf_printf(b, "/%s ", u->res_name);
        put_num(b, t->size_pt);
        ws_buf_puts(b, "Tf ");
    }
    put_num(b, t->x + t->glyphs[0].x);
    put_num(b, page_h - t->y);
    ws_buf_puts(b, "Td [<");
    double pen = t->glyphs[0].x;
    for (uint32_t i = 0; i < t->n; i++) {
        const ws_dl_glyph *g = &t->glyphs[i];
        double adjust = (pen - g->x) * 1000.0 / t->size_pt;
        if (i > 0 && fabs(adjust) > 0.05) {
            ws_buf_puts(b, "> ");
            ws_buf_num(b, adjust, 1);
            ws_buf_puts(b, " <");
        }
        const glyph_info *gi = info_of(u, g->gid);
        ws_buf_printf(b, "%04X", gi->code);
        pen = g->x + gi->width_1000 * t->size_pt / 1000.0;
    }
    ws_buf_puts(b, ">] TJ ET\n");
}

static void write_line(ws_buf *b, page_state *ps, const ws_dl_line *l, float page_h)
{
    set_line_width(b, ps, l->width_pt);
    put_num(b, l->x1);
    put_num(b, page_h - l->y1);
    ws_buf_puts(b, "m ");
    put_num(b, l->x2);
    put_num(b, page_h - l->y2);
    ws_buf_puts(b, "l S\n");
}

static void write_rect(ws_buf *b, page_state *ps, const ws_dl_rect *r, float page_h)
{
    if (r->fill_gray >= 0) {
        put_num(b, r->fill_gray);
        ws_buf_puts(b, "g ");
    }
    if (r->stroke_pt > 0) set_line_width(b, ps, r->stroke_pt);
    put_num(b, r->x);
    put_num(b, page_h - r->y - r->h);
    put_num(b, r->w);
    put_num(b, r->h);
    ws_buf_puts(b, "re ");
    ws_buf_puts(b, r->fill_gray >= 0 ? (r->stroke_pt > 0 ? "B" : "f") : "S");
    if (r->fill_gray >= 0) ws_buf_puts(b, " 0 g");
    ws_buf_putc(b, '\n');
}

static void write_path(ws_buf *b, page_state *ps, const ws_dl_path *p, float page_h)
{
    set_line_width(b, ps, p->width_pt);
    ws_buf_puts(b, "1 J 1 j ");
    for (uint32_t i = 0; i < p->n; i++) {
        put_num(b, p->xy[2 * i]);
        put_num(b, page_h - p->xy[2 * i + 1]);
        ws_buf_puts(b, i ? "l " : "m ");
    }
    ws_buf_puts(b, "S 0 J 0 j\n");
}

/* The image's colour space: gray or RGB, or for a palette PNG's own rows
 * [/Indexed /DeviceRGB last <palette>]. */
static bool add_color_space(pdf_ctx *c, HPDF_Dict d, const ws_image *img)
{
    if (img->predictor != 15 || img->palette_size <= 0)
        return HPDF_Dict_AddName(d, "ColorSpace",
                                 img->components == 1 ? "DeviceGray" : "DeviceRGB") == HPDF_OK;
    HPDF_Array cs = HPDF_Array_New(c->pdf->mmgr);
    HPDF_Binary pal = HPDF_Binary_New(c->pdf->mmgr, (HPDF_BYTE *)img->palette,
                                      (HPDF_UINT)(3 * img->palette_size));
    if (!cs || !pal) return false;
    return HPDF_Dict_Add(d, "ColorSpace", cs) == HPDF_OK &&
           HPDF_Array_AddName(cs, "Indexed") == HPDF_OK &&
           HPDF_Array_AddName(cs, "DeviceRGB") == HPDF_OK &&
           HPDF_Array_AddNumber(cs, img->palette_size - 1) == HPDF_OK &&
           HPDF_Array_Add(cs, pal) == HPDF_OK;
}

/* For a PNG's own rows: how to undo its row filters. */
static bool add_png_decode_parms(pdf_ctx *c, HPDF_Dict d, const ws_image *img)
{
    HPDF_Dict parms = HPDF_Dict_New(c->pdf->mmgr);
    return parms && HPDF_Dict_Add(d, "DecodeParms", parms) == HPDF_OK &&
           HPDF_Dict_AddNumber(parms, "Predictor", 15) == HPDF_OK &&
           HPDF_Dict_AddNumber(parms, "Colors", img->stream_colors) == HPDF_OK &&
           HPDF_Dict_AddNumber(parms, "BitsPerComponent", img->stream_bits) == HPDF_OK &&
           HPDF_Dict_AddNumber(parms, "Columns", img->width_px) == HPDF_OK;
}

/* A RAW image whose samples were deflated once for the build
 * (ws_image_compress), or a PNG's own deflated rows: an image XObject made
 * here around that stream, as libharu would make it, but without
 * compressing the pixels again. */
static HPDF_Image precompressed_image(pdf_ctx *c, const ws_image *img)
{
    HPDF_Dict d = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!d) return NULL;
    d->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    bool rows = img->predictor == 15;
    bool ok = HPDF_Dict_AddName(d, "Type", "XObject") == HPDF_OK &&
              HPDF_Dict_AddName(d, "Subtype", "Image") == HPDF_OK &&
              HPDF_Dict_AddNumber(d, "Width", img->width_px) == HPDF_OK &&
              HPDF_Dict_AddNumber(d, "Height", img->height_px) == HPDF_OK &&
              add_color_space(c, d, img) &&
              HPDF_Dict_AddNumber(d, "BitsPerComponent", rows ? img->stream_bits : 8) == HPDF_OK &&
              (!rows || add_png_decode_parms(c, d, img)) &&
              HPDF_Stream_Write(d->stream, img->zdata, (HPDF_UINT)img->zsize) == HPDF_OK;
    d->filter = HPDF_STREAM_FILTER_NONE; /* already deflated: libharu writes it as it is */
    d->write_fn = write_flate_filter;
    return ok ? d : NULL;
}

static HPDF_Image load_image(pdf_ctx *c, const ws_image *img)
{
    if (img->kind == WS_IMAGE_RAW && img->zdata) return precompressed_image(c, img);
    if (img->kind == WS_IMAGE_JPEG)
        return HPDF_LoadJpegImageFromMem(c->pdf, img->data, (HPDF_UINT)img->size);
    HPDF_ColorSpace cs = img->components == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB;
    return HPDF_LoadRawImageFromMem(c->pdf, img->data, (HPDF_UINT)img->width_px,
                                    (HPDF_UINT)img->height_px, cs, 8);
}

/* The matrix that maps the image's unit square onto the box, applying the
 * EXIF orientation (1..8) so the picture is upright. */
static void orientation_matrix(int o, double x, double y, double w, double h, double m[6])
{
    double a = w, b = 0, cc = 0, d = h, e = x, f = y;
    switch (o) {
    case 2: a = -w; e = x + w; break;
    case 3: a = -w; d = -h; e = x + w; f = y + h; break;
    case 4: d = -h; f = y + h; break;
    case 5: a = 0; b = -h; cc = -w; d = 0; e = x + w; f = y + h; break;
    case 6: a = 0; b = -h; cc = w; d = 0; e = x; f = y + h; break;
    case 7: a = 0; b = h; cc = w; d = 0; e = x; f = y; break;
    case 8: a = 0; b = h; cc = -w; d = 0; e = x + w; f = y; break;
    default: break;
    }
    m[0] = a, m[1] = b, m[2] = cc, m[3] = d, m[4] = e, m[5] = f;
}

typedef struct image_slot {
    const ws_image *key;
    HPDF_Image img;
} image_slot;

static ws_status draw_image(pdf_ctx *c, HPDF_Page page, const ws_dl_image *im, float page_h,
                            image_slot *slots, size_t *nslots, ws_err *err)
{
    HPDF_Image img = NULL;
    for (size_t i = 0; i < *nslots; i++)
        if (slots[i].key == im->image) img = slots[i].img;
    if (!img) {
        img = load_image(c, im->image);
        if (!img)
            return ws_err_set(err, WS_ERR_IMAGE, "libharu 无法嵌入图片 %s（错误 0x%04X）",
                              im->image->path, (unsigned)c->guard.error);
        c->stats.image_bytes += im->image->size;
        if (*nslots < 64) slots[(*nslots)++] = (image_slot){im->image, img};
    }
    double m[6];
    orientation_matrix(im->image->orientation, im->x, page_h - im->y - im->h, im->w, im->h, m);
    HPDF_Page_GSave(page);
    HPDF_Page_Concat(page, (HPDF_REAL)m[0], (HPDF_REAL)m[1], (HPDF_REAL)m[2], (HPDF_REAL)m[3],
                     (HPDF_REAL)m[4], (HPDF_REAL)m[5]);
    HPDF_Page_DrawImage(page, img, 0, 0, 1, 1);
    HPDF_Page_GRestore(page);
    return WS_OK;
}

static void flush_ops(HPDF_Page page, ws_buf *ops)
{
    if (!ops->len) return;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops->p, (HPDF_UINT)ops->len);
    ws_buf_clear(ops);
}

/* The page's content stream, deflated here with libdeflate at
 * TEXT_DEFLATE_LEVEL (libharu's zlib at its default level took a third of a
 * form's time). The stream is read back from libharu's memory stream, replaced
 * by its deflated bytes, and marked FlateDecode through the write hook. */
static ws_status deflate_contents(ws_pdf_writer *w, HPDF_Page page, ws_err *err)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Stream s = attr->stream;
    HPDF_UINT len = HPDF_Stream_Size(s), got = len;
    unsigned char *raw = malloc(len ? len : 1);
    bool ok = raw && HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) == HPDF_OK &&
              (len == 0 || HPDF_Stream_Read(s, raw, &got) == HPDF_OK) && got == len;
    if (ok) {
        HPDF_MemStream_FreeData(s);
        ok = put_deflated(w->text_deflater, attr->contents, raw, len);
    }
    free(raw);
    return ok ? WS_OK : ws_err_set(err, WS_ERR_PDF, "无法压缩页面内容");
}

static ws_status write_page(ws_pdf_writer *w, pdf_ctx *c, const ws_page *pg, HPDF_Dict fonts,
                            image_slot *slots, size_t *nslots, ws_buf *ops, ws_err *err)
{
    HPDF_Page page = HPDF_AddPage(c->pdf);
    if (!page) return ws_err_set(err, WS_ERR_PDF, "libharu 无法添加页面");
    HPDF_Page_SetWidth(page, pg->width_pt);
    HPDF_Page_SetHeight(page, pg->height_pt);
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    if (res && fonts) HPDF_Dict_Add(res, "Font", fonts);
    /* libharu's /ProcSet: readers have ignored it since PDF 1.4; 48 bytes a page */
    if (res && HPDF_Dict_GetItem(res, "ProcSet", HPDF_OCLASS_ARRAY))
        HPDF_Dict_RemoveElement(res, "ProcSet");
    float h = pg->height_pt;
    page_state ps = {.line_w = -1, .font = -1, .font_size = -1};
    ws_buf_clear(ops);
    for (size_t i = 0; i < pg->n; i++) {
        const ws_dl_item *it = &pg->items[i];
        switch (it->kind) {
        case WS_DL_TEXT:
            write_text(ops, &ps, it->u.text.face, &w->use[it->u.text.face], &it->u.text, h);
            break;
        case WS_DL_LINE: write_line(ops, &ps, &it->u.line, h); break;
        case WS_DL_RECT: write_rect(ops, &ps, &it->u.rect, h); break;
        case WS_DL_PATH: write_path(ops, &ps, &it->u.path, h); break;
        case WS_DL_IMAGE:
            flush_ops(page, ops);
            WS_TRY(draw_image(c, page, &it->u.image, h, slots, nslots, err));
            break;
        }
    }
    flush_ops(page, ops);
    if (ops->failed) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return deflate_contents(w, page, err);
}

/* --- document ------------------------------------------------------------------- */

/* A PDF text string in UTF-16BE with BOM (Info and outline titles). */
static HPDF_Binary utf16_string(HPDF_MMgr mm, const char *utf8)
{
    size_t len = strlen(utf8), i = 0;
    unsigned char *buf = malloc(2 + len * 4);
    if (!buf) return NULL;
    size_t o = 0;
    buf[o++] = 0xFE;
    buf[o++] = 0xFF;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(utf8 + i, len - i, &k);
        i += k;
        if (cp < 0) cp = 0xFFFD;
        if (cp >= 0x10000) {
            uint32_t v = (uint32_t)cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            buf[o++] = (unsigned char)(hi >> 8), buf[o++] = (unsigned char)hi;
            buf[o++] = (unsigned char)(lo >> 8), buf[o++] = (unsigned char)lo;
        } else {
            buf[o++] = (unsigned char)(cp >> 8), buf[o++] = (unsigned char)cp;
        }
    }
    HPDF_Binary s = HPDF_Binary_New(mm, buf, (HPDF_UINT)o);
    free(buf);
    return s;
}

static void set_info(pdf_ctx *c, const ws_dl_doc *doc)
{
    HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "wenshu (libharu)");
    HPDF_Dict info = c->pdf->info;
    if (!info) return;
    if (doc->title) HPDF_Dict_Add(info, "Title", utf16_string(c->pdf->mmgr, doc->title));
    if (doc->author) HPDF_Dict_Add(info, "Author", utf16_string(c->pdf->mmgr, doc->author));
    if (doc->subject) HPDF_Dict_Add(info, "Subject", utf16_string(c->pdf->mmgr, doc->subject));
    HPDF_Dict_Add(info, "Creator", utf16_string(c->pdf->mmgr, doc->creator ? doc->creator : "wenshu"));
}

static void add_outlines(pdf_ctx *c, const ws_dl_doc *doc)
{
    HPDF_Outline parents[4] = {NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < doc->nmarks; i++) {
        const ws_bookmark *m = &doc->marks[i];
        int level = m->level < 0 ? 0 : m->level > 3 ? 3 : m->level;
        HPDF_Outline parent = level > 0 ? parents[level - 1] : NULL;
        HPDF_Outline o = HPDF_CreateOutline(c->pdf, parent, "-", NULL);
        if (!o) continue;
        HPDF_Dict_Add(o, "Title", utf16_string(c->pdf->mmgr, m->title));
        HPDF_Page page = HPDF_GetPageByIndex(c->pdf, (HPDF_UINT)m->page);
        if (page) {
            HPDF_Destination dst = HPDF_Page_CreateDestination(page);
            HPDF_Destination_SetFit(dst); /* SetXYZ refuses zoom 0 ("keep") */
            HPDF_Outline_SetDestination(o, dst);
        }
        parents[level] = o;
        for (int k = level + 1; k < 4; k++) parents[k] = NULL;
    }
    if (doc->nmarks) HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

static ws_status build(ws_pdf_writer *w, pdf_ctx *c, const ws_dl_doc *doc, ws_err *err)
{
    HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL);
    WS_TRY(collect_glyphs(w, doc, err));
    HPDF_Dict fonts = NULL;
    for (uint16_t f = 0; f < MAX_FACES; f++) {
        if (!w->use[f].n) continue;
        WS_TRY(embed_face(w, c, f, err));
        if (!fonts) {
            fonts = HPDF_Dict_New(c->pdf->mmgr);
            if (!fonts || HPDF_Xref_Add(c->pdf->xref, fonts) != HPDF_OK)
                return ws_err_set(err, WS_ERR_PDF, "libharu 无法创建字体资源");
        }
        HPDF_Dict_Add(fonts, w->use[f].res_name, w->use[f].font);
    }
    image_slot slots[64];
    size_t nslots = 0;
    ws_buf ops = WS_BUF_INIT;
    ws_status st = WS_OK;
    for (size_t p = 0; p < doc->npages && st == WS_OK; p++)
        st = write_page(w, c, doc->pages[p], fonts, slots, &nslots, &ops, err);
    ws_buf_free(&ops);
    WS_TRY(st);
    set_info(c, doc);
    add_outlines(c, doc);
    if (c->guard.error)
        return ws_err_set(err, WS_ERR_PDF, "libharu 错误 0x%04X（详情 %u）",
                          (unsigned)c->guard.error, (unsigned)c->guard.detail);
    return WS_OK;
}

/* What libharu writes the document through (pdf->stream, which
 * HPDF_SaveToStream takes when set): our buffer. Its own memory stream was
 * filled and then read out again a byte at a time (HPDF_MemCpy), the whole
 * document twice: 3 % of a packet's CPU. */
static HPDF_STATUS collect_bytes(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
    ws_buf *b = stream->attr;
    ws_buf_append(b, ptr, siz);
    return b->failed ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

ws_status ws_pdf_render(ws_pdf_writer *w, const ws_dl_doc *doc, unsigned char **data,
                        size_t *len, ws_pdf_stats *stats, ws_err *err)
{
    pdf_ctx c = {0};
    c.pdf = HPDF_New(on_hpdf_error, &c.guard);
    if (!c.pdf) return ws_err_set(err, WS_ERR_NOMEM, "libharu 无法创建文档");
    /* one Pages node holds at most 32,767 pages (a 合订本 of 10,000 forms has
     * 50,000): past that, a tree of nodes of 8192 each; below, the bytes of
     * every document stay as they were */
    if (doc->npages > 32767 && HPDF_SetPagesConfiguration(c.pdf, 8192) != HPDF_OK) {
        HPDF_Free(c.pdf);
        return ws_err_set(err, WS_ERR_PDF, "libharu 无法为 %zu 页建立页面树", doc->npages);
    }
    ws_status st = build(w, &c, doc, err);
    ws_buf out = {0};
    if (st == WS_OK && !(c.pdf->stream = HPDF_CallbackWriter_New(c.pdf->mmgr, collect_bytes, &out)))
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (st == WS_OK && HPDF_SaveToStream(c.pdf) != HPDF_OK)
        st = out.failed ? ws_err_set(err, WS_ERR_NOMEM, "内存不足")
                        : ws_err_set(err, WS_ERR_PDF, "libharu 无法生成 PDF（错误 0x%04X）",
                                     (unsigned)c.guard.error);
    if (st == WS_OK) {
        *data = (unsigned char *)ws_buf_take(&out, len);
        c.stats.total_bytes = *len;
    }
    ws_buf_free(&out);
    HPDF_Free(c.pdf);
    reset_use(w);
    if (stats) *stats = c.stats;
    return st;
}

ws_status ws_pdf_write(ws_pdf_writer *w, const ws_dl_doc *doc, const char *path,
                       ws_pdf_stats *stats, ws_err *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    WS_TRY(ws_pdf_render(w, doc, &data, &len, stats, err));
    ws_status st = ws_write_file_atomic(path, data, len, err);
    free(data);
    return st;
}
