/* render/pdf_merge.h - binds finished PDFs into one (装订成册, 合订本)
 * through libqpdf: pages copied as they are, one bookmark per part, an
 * optional blank page after odd-length parts for duplex printing, and
 * optional AES-256 encryption (libharu itself only has RC4).
 *
 * The output is written to a temporary beside 'out_path' and renamed when
 * complete; its /ID is deterministic (same inputs, same bytes) unless it is
 * encrypted. */
#ifndef WS_RENDER_PDF_MERGE_H
#define WS_RENDER_PDF_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef struct ws_pdf_part {
    const char *path;  /* a PDF file */
    const char *title; /* its bookmark, or NULL for none */
} ws_pdf_part;

typedef struct ws_pdf_merge_opts {
    bool duplex;          /* a blank page after each part with an odd page count */
    const char *password; /* non-NULL: AES-256 (R6) with this user password */
    const char *read_password; /* opens parts encrypted with it (build --encrypt), or NULL */
    float verso_shift_pt; /* duplex binding: content of even pages moved left by this much,
                             so the wider (binding) margin is on the inner side; 0 = none */
    const char *title;    /* the document title (Info /Title), or NULL */
} ws_pdf_merge_opts;

/* Binds parts[0..n) in order into out_path; *pages = the result's page
 * count (may be NULL). WS_ERR_PDF naming the part that qpdf could not
 * read, or WS_ERR_IO. */
ws_status ws_pdf_merge(const ws_pdf_part *parts, size_t n, const ws_pdf_merge_opts *o,
                       const char *out_path, int *pages, ws_err *err);

/* Pages of a PDF file ('password' opens an encrypted one; may be NULL);
 * WS_ERR_PDF when qpdf cannot read it. */
ws_status ws_pdf_count_pages(const char *path, const char *password, int *pages, ws_err *err);

/* The size in points of every page of a PDF (its MediaBox, inherited or
 * not): *w and *h are malloc'd arrays of *n entries, freed by the caller. */
ws_status ws_pdf_page_sizes(const char *path, float **w, float **h, int *n, ws_err *err);

/* Writes out_path: page i of 'in' with page i of 'stamp' drawn over it (a
 * stamp with fewer pages leaves the rest as they are), through qpdf's
 * overlay. Atomic, deterministic /ID. */
ws_status ws_pdf_overlay(const char *in, const char *stamp, const char *out_path, ws_err *err);

/* Rewrites a PDF in place, encrypted with AES-256 (R6). */
ws_status ws_pdf_encrypt(const char *path, const char *password, ws_err *err);

#endif
