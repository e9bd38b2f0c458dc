/* Unit tests for render/pdf_merge.c: the stamp drawn over a bound document.
 *
 * A packet's page numbers are a stamp PDF of one page per bound page. Made
 * for a whole packet at once, that PDF held libharu's objects of every page
 * (a packet of 6,600 pages: ~80 MB, twice over with two packets bound at
 * once), so the merge asks for it in slices of at most WS_PDF_STAMP_SLICE
 * pages: each call says which pages it is for (first, n) and how many the
 * result has (total, for "共 N 页"), and every page still gets its own
 * stamp. The documents are written with libharu here (no fonts needed):
 * the source pages are blank, stamp page k draws a rectangle k + 1 points
 * wide, which the test finds in the stamp form drawn over page k. */
#include <hpdf.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "render/pdf_merge.h"

#define SOURCE_PAGES 600

typedef struct stamp_calls {
    int n;
    int first[8], count[8], total[8];
} stamp_calls;

static void on_haru_error(HPDF_STATUS e, HPDF_STATUS d, void *user)
{
    (void)d;
    (void)user;
    fprintf(stderr, "libharu error %04X\n", (unsigned)e);
}

/* A PDF of 'pages' pages in memory; page k (first + k) draws, when 'mark',
 * a rectangle first + k + 1 points wide. */
static bool haru_pdf(int first, int pages, bool mark, unsigned char **pdf, size_t *len)
{
    HPDF_Doc doc = HPDF_New(on_haru_error, NULL);
    if (!doc) return false;
    for (int k = 0; k < pages; k++) {
        HPDF_Page pg = HPDF_AddPage(doc);
        HPDF_Page_SetWidth(pg, 595);
        HPDF_Page_SetHeight(pg, 842);
        if (mark) {
            HPDF_Page_Rectangle(pg, 10, 10, (HPDF_REAL)(first + k + 1), 5);
            HPDF_Page_Fill(pg);
        }
    }
    bool ok = HPDF_SaveToStream(doc) == HPDF_OK;
    *len = ok ? HPDF_GetStreamSize(doc) : 0;
    *pdf = ok ? malloc(*len ? *len : 1) : NULL;
    HPDF_UINT32 got = (HPDF_UINT32)*len;
    ok = *pdf && HPDF_ReadFromStream(doc, *pdf, &got) == HPDF_OK && got == *len;
    HPDF_Free(doc);
    return ok;
}

static ws_status record_stamp(void *user, const float *w, const float *h, int first, int n,
                              int total, unsigned char **pdf, size_t *len, ws_err *err)
{
    stamp_calls *calls = user;
    if (calls->n < 8) {
        calls->first[calls->n] = first;
        calls->count[calls->n] = n;
        calls->total[calls->n] = total;
    }
    calls->n++;
    CHECK(w[0] == 595 && h[n - 1] == 842);
    if (!haru_pdf(first, n, true, pdf, len)) return ws_err_set(err, WS_ERR_PDF, "stamp");
    return WS_OK;
}

/* The content of the stamp form over page k of the merged file, or "". */
static void stamp_content_of(qpdf_data q, int k, char *out, size_t n)
{
    out[0] = 0;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)k);
    qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
    qpdf_oh form = qpdf_oh_get_key(q, qpdf_oh_get_key(q, res, "/XObject"), "/WsStamp");
    unsigned char *data = NULL;
    size_t len = 0;
    if (!qpdf_oh_is_stream(q, form) ||
        (qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, NULL, &data, &len) & QPDF_ERRORS))
        return;
    snprintf(out, n, "%.*s", (int)len, (const char *)data);
    free(data);
}

TEST(the_stamp_is_asked_for_in_slices_and_lands_on_every_page)
{
    char src[] = "/tmp/ws-merge-src-XXXXXX", dst[] = "/tmp/ws-merge-out-XXXXXX";
    int fs = mkstemp(src), fd = mkstemp(dst);
    CHECK(fs >= 0 && fd >= 0);
    unsigned char *pdf = NULL;
    size_t len = 0;
    CHECK(haru_pdf(0, SOURCE_PAGES, false, &pdf, &len));
    CHECK(pdf && write(fs, pdf, len) == (ssize_t)len);
    free(pdf);
    close(fs);
    close(fd);

    stamp_calls calls = {0};
    ws_pdf_part part = {.path = src, .title = "表"};
    ws_pdf_merge_opts o = {.stamp = record_stamp, .stamp_user = &calls};
    int pages = 0;
    ws_err err;
    ws_status st = ws_pdf_merge(&part, 1, &o, dst, &pages, &err);
    CHECK_INT(st, WS_OK);
    if (st != WS_OK) fprintf(stderr, "  %s\n", err.msg);
    CHECK_INT(pages, SOURCE_PAGES);

    /* slices of WS_PDF_STAMP_SLICE pages, in order, each told the total */
    int slices = (SOURCE_PAGES + WS_PDF_STAMP_SLICE - 1) / WS_PDF_STAMP_SLICE;
    CHECK(slices > 1);
    CHECK_INT(calls.n, slices);
    for (int i = 0; i < calls.n && i < 8; i++) {
        CHECK_INT(calls.first[i], i * WS_PDF_STAMP_SLICE);
        int left = SOURCE_PAGES - i * WS_PDF_STAMP_SLICE;
        CHECK_INT(calls.count[i], left < WS_PDF_STAMP_SLICE ? left : WS_PDF_STAMP_SLICE);
        CHECK_INT(calls.total[i], SOURCE_PAGES);
    }

    /* every page carries its own stamp page's drawing */
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    CHECK(!(qpdf_read(q, dst, NULL) & QPDF_ERRORS));
    CHECK_INT(qpdf_get_num_pages(q), SOURCE_PAGES);
    int wrong = 0;
    for (int k = 0; k < SOURCE_PAGES; k++) {
        char content[256], want[32];
        stamp_content_of(q, k, content, sizeof content);
        snprintf(want, sizeof want, " %d 5 re", k + 1);
        if (!strstr(content, want) && wrong++ < 3)
            TH_FAIL("page %d: stamp \"%s\", expected \"%s\"", k + 1, content, want);
        qpdf_oh_release_all(q);
    }
    CHECK_INT(wrong, 0);
    qpdf_cleanup(&q);
    unlink(src);
    unlink(dst);
}

/* A stamp written by hand: n pages sharing resources whose graphics state's
 * /CA is an indirect number (object 900): copied into the merged file, it
 * must stay 0.25, not become a reference to an object 900 of the merged file. */
static ws_status indirect_stamp(void *user, const float *w, const float *h, int first, int n,
                                int total, unsigned char **pdf, size_t *len, ws_err *err)
{
    (void)user, (void)w, (void)h, (void)first, (void)total;
    size_t cap = 512 + (size_t)n * 160;
    char *out = malloc(cap);
    if (!out) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    int at = snprintf(out, cap,
                      "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                      "3 0 obj << /ExtGState << /G1 << /CA 900 0 R >> >> >> endobj\n"
                      "900 0 obj 0.25 endobj\n5 0 obj << /Length 22 >> stream\n"
                      "q /G1 gs 0 0 5 5 re f Q\nendstream endobj\n2 0 obj << /Type /Pages /Count %d /Kids [",
                      n);
    for (int k = 0; k < n; k++) at += snprintf(out + at, cap - (size_t)at, " %d 0 R", 10 + k);
    at += snprintf(out + at, cap - (size_t)at, " ] >> endobj\n");
    for (int k = 0; k < n; k++)
        at += snprintf(out + at, cap - (size_t)at,
                       "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       "/Resources 3 0 R /Contents 5 0 R >> endobj\n",
                       10 + k);
    at += snprintf(out + at, cap - (size_t)at, "trailer << /Root 1 0 R >>\n%%%%EOF\n");
    *pdf = (unsigned char *)out;
    *len = (size_t)at;
    return WS_OK;
}

TEST(a_stamps_indirect_values_are_copied_as_values)
{
    char src[] = "/tmp/ws-merge-src-XXXXXX", dst[] = "/tmp/ws-merge-out-XXXXXX";
    int fs = mkstemp(src), fd = mkstemp(dst);
    unsigned char *pdf = NULL;
    size_t len = 0;
    CHECK(haru_pdf(0, 3, false, &pdf, &len));
    CHECK(fs >= 0 && pdf && write(fs, pdf, len) == (ssize_t)len);
    free(pdf);
    close(fs);
    close(fd);
    ws_pdf_part part = {.path = src, .title = "表"};
    ws_pdf_merge_opts o = {.stamp = indirect_stamp};
    ws_err err;
    ws_status st = ws_pdf_merge(&part, 1, &o, dst, NULL, &err);
    CHECK_INT(st, WS_OK);
    if (st != WS_OK) fprintf(stderr, "  %s\n", err.msg);
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    CHECK(!(qpdf_read(q, dst, NULL) & QPDF_ERRORS));
    for (int k = 0; k < 3; k++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)k);
        qpdf_oh form = qpdf_oh_get_key(
            q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/XObject"), "/WsStamp");
        qpdf_oh res = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, form), "/Resources");
        qpdf_oh ca = qpdf_oh_get_key(
            q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, res, "/ExtGState"), "/G1"), "/CA");
        CHECK(qpdf_oh_is_number(q, ca));
        CHECK_NEAR(qpdf_oh_get_numeric_value(q, ca), 0.25, 1e-6);
        qpdf_oh_release_all(q);
    }
    qpdf_cleanup(&q);
    unlink(src);
    unlink(dst);
}

int main(void)
{
    RUN(the_stamp_is_asked_for_in_slices_and_lands_on_every_page);
    RUN(a_stamps_indirect_values_are_copied_as_values);
    return TH_DONE();
}
