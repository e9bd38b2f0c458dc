/* render/pdf_merge.h - binds finished PDFs into one (装订成册, 合订本)
 * through libqpdf: pages copied as they are, one bookmark per part, an
 * optional blank page after odd-length parts for duplex printing, an
 * optional stamp drawn over every page (page numbers) in the same pass, and
 * optional AES-256 encryption (libharu itself only has RC4).
 *
 * A merge has qpdf write a temporary beside 'out_path' and checks it whole
 * before renaming it (qpdf does not check its own file writes: the file
 * must end with %%EOF and its startxref must point at the cross-reference);
 * the other writers here have qpdf write into memory and write the bytes
 * themselves, every write checked. Either way a full disk is an error, never
 * a truncated file under the final name. The /ID is deterministic (same
 * inputs, same bytes) unless the output is encrypted. */
#ifndef WS_RENDER_PDF_MERGE_H
#define WS_RENDER_PDF_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef struct ws_pdf_part {
    const char *path;  /* a PDF file */
    const char *title; /* its bookmark, or NULL for none */
    bool range;        /* only pages [first, first + count) of path (0-based), not all */
    int first, count;
} ws_pdf_part;

/* The stamp is asked for this many pages at a time: made for a whole packet
 * at once, it held libharu's objects of every page (~12 KB a page: 80 MB for
 * a packet of 6,600 pages) until it was written. */
#define WS_PDF_STAMP_SLICE 256

typedef struct ws_pdf_merge_opts {
    bool duplex;          /* a blank page after each part with an odd page count (the stamp's
                             page number counts it, never draws on it) */
    const char *password; /* non-NULL: AES-256 (R6) with this user password */
    const char *owner_password; /* with password: the owner password (must differ from
                                   it; NULL = the user password, for old callers) */
    const char *read_password; /* opens parts encrypted with it (build --encrypt), or NULL */
    float verso_shift_pt; /* duplex binding: content of even pages moved left by this much,
                             so the wider (binding) margin is on the inner side; 0 = none */
    const char *title;    /* the document title (Info /Title), or NULL */
    /* Or NULL. Called once the pages are bound (blank versos included), for
     * pages [first, first + n) of the result's 'total', in order, n at most
     * WS_PDF_STAMP_SLICE, with the size of each as it is seen (a
     * quarter-turned page: width and height swapped): *pdf (malloc'd, *len
     * bytes; the merge frees it) is a PDF whose page i is drawn upright over
     * page first + i of the result, after its content and outside the verso
     * shift (the packet's page numbers). Pages past the stamp's, or where it
     * draws nothing, are left as they are. */
    ws_status (*stamp)(void *user, const float *w, const float *h, int first, int n, int total,
                       unsigned char **pdf, size_t *len, ws_err *err);
    void *stamp_user;
} ws_pdf_merge_opts;

/* Binds parts[0..n) in order into out_path; *pages = the result's page
 * count (may be NULL). Parts naming the same file read it once, so what
 * their pages share (the fonts of one rendered PDF) is copied once. WS_ERR_PDF naming the part that qpdf could not
 * read, or WS_ERR_IO. */
ws_status ws_pdf_merge(const ws_pdf_part *parts, size_t n, const ws_pdf_merge_opts *o,
                       const char *out_path, int *pages, ws_err *err);

/* Pages of a PDF file ('password' opens an encrypted one; may be NULL);
 * WS_ERR_PDF when qpdf cannot read it. */
ws_status ws_pdf_count_pages(const char *path, const char *password, int *pages, ws_err *err);

/* Writes the PDF pdf[0..len) to out_path encrypted with AES-256 (R6) with
 * o->password and o->owner_password (o->read_password opens pdf when it is
 * encrypted already). The plain bytes never reach the disk; atomic. */
ws_status ws_pdf_encrypt_write(const unsigned char *pdf, size_t len, const ws_pdf_merge_opts *o,
                               const char *out_path, ws_err *err);

#endif
