/* render/pdf.h - display list to PDF, through libharu.
 *
 * libharu writes the file (objects, pages, images, outlines, compression).
 * Fonts are NOT handed to libharu's TrueType loader: it drops the components
 * of composite glyphs, writes characters above U+FFFF as spaces, emits a
 * malformed ToUnicode CMap and spends ~60 ms per document walking every BMP
 * code point. Instead each face used by a document is subset with HarfBuzz
 * (only the glyphs drawn, hinting dropped) and embedded as a Type0 font with
 * Identity-H encoding over
 *   - a CIDFontType2 (FontFile2, CIDToGIDMap Identity) for TrueType outlines:
 *     the codes in the content stream are the subset's glyph ids;
 *   - a CIDFontType0 (FontFile3 /CIDFontType0C, the subset's bare CFF table)
 *     for CFF outlines (Noto CJK): the codes are the CIDs the subset's CFF
 *     charset gives its glyphs.
 * /W carries the widths and a ToUnicode CMap maps every code back to its
 * characters (surrogate pairs for CJK Ext-B), so the text stays extractable. Page content is written as PDF operators into
 * libharu's page stream.
 *
 * A CFF subset is put together by the writer's cache of glyphs HarfBuzz has
 * flattened before (render/cff_subset.h): HarfBuzz's bytes, without its work.
 *
 * A ws_pdf_writer belongs to one worker thread; the HarfBuzz faces it
 * subsets from (ws_pdf_faces) are shared by every writer of a build. */
#ifndef WS_RENDER_PDF_H
#define WS_RENDER_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"
#include "layout/display.h"
#include "layout/fonts.h"

typedef struct ws_pdf_writer ws_pdf_writer;

/* The faces of a font catalog as HarfBuzz subsets from them: each is made
 * (a face of only the tables embedded, over the catalog's mapping of the
 * file: no copy) the first time a document uses it, once per build, then
 * read by every writer on any thread (the face is immutable; the lock guards
 * only the first use). The catalog must outlive it. */
typedef struct ws_pdf_faces ws_pdf_faces;

ws_status ws_pdf_faces_create(const ws_font_catalog *cat, ws_pdf_faces **out, ws_err *err);
void ws_pdf_faces_destroy(ws_pdf_faces *faces); /* accepts NULL; after every writer using it */
/* How many faces have been made so far (for tests and the bench). */
size_t ws_pdf_faces_prepared(ws_pdf_faces *faces);

typedef struct ws_pdf_stats {
    size_t font_bytes;  /* embedded font programs (uncompressed subset sizes) */
    size_t image_bytes; /* embedded image data */
    size_t total_bytes; /* the whole file */
} ws_pdf_stats;

/* A writer drawing with 'fonts' (the thread's own) and subsetting from
 * 'faces' (shared, not owned; NULL: the writer makes faces for itself). */
ws_status ws_pdf_writer_create(ws_fonts *fonts, ws_pdf_faces *faces, ws_pdf_writer **out,
                               ws_err *err);
void ws_pdf_writer_destroy(ws_pdf_writer *w); /* accepts NULL */

/* Renders doc into a PDF in memory (malloc'd, caller frees *data).
 * Same display list → same bytes. stats may be NULL. */
ws_status ws_pdf_render(ws_pdf_writer *w, const ws_dl_doc *doc, unsigned char **data,
                        size_t *len, ws_pdf_stats *stats, ws_err *err);

/* Renders and writes atomically to path. */
ws_status ws_pdf_write(ws_pdf_writer *w, const ws_dl_doc *doc, const char *path,
                       ws_pdf_stats *stats, ws_err *err);

#endif
