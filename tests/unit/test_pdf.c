/* Unit tests for render/pdf.c: how images reach the file.
 *
 * A picture drawn on every certificate (the border) is deflated once per
 * build (ws_image_compress) and every PDF embeds that very stream: the test
 * gives the image a stream made at zlib level 0 (stored blocks), which
 * libharu's own compression would never produce, and looks for its bytes.
 *
 * The HarfBuzz faces are made once per build and shared by the
 * writers of every thread: the same bytes from each, one face prepared.
 *
 * A page's content says each graphics and text state once while it holds:
 * two runs of one font and size set it once, three rules of one width set
 * it once, and a run is placed by Td (the matrix BT starts with is the
 * identity), never by a full Tm; a page has no /ProcSet. Needs fonts-wqy-zenhei (scripts/deps.sh). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <zlib.h>

#include "harness.h"
#include "input/image.h"
#include "layout/display.h"
#include "render/pdf.h"

#define W_PX 64
#define H_PX 48

static ws_image *gray_image(ws_arena *a)
{
    ws_image *img = ws_arena_calloc(a, 1, sizeof *img);
    unsigned char *px = ws_arena_alloc(a, W_PX * H_PX);
    for (int i = 0; i < W_PX * H_PX; i++) px[i] = (unsigned char)(i * 7 % 251);
    *img = (ws_image){.kind = WS_IMAGE_RAW, .path = "border.png", .width_px = W_PX,
                      .height_px = H_PX, .components = 1, .orientation = 1, .data = px,
                      .size = W_PX * H_PX, .file_size = W_PX * H_PX};
    return img;
}

static ws_dl_doc *page_with(ws_arena *a, const ws_image *img)
{
    ws_dl_doc *doc = ws_dl_doc_create(a);
    ws_page *pg = ws_dl_add_page(doc, 595, 842);
    ws_dl_item *it = ws_dl_add(doc, pg, WS_DL_IMAGE);
    it->u.image = (ws_dl_image){img, 10, 10, 200, 150};
    return doc;
}

static bool render_holds(ws_pdf_writer *w, const ws_dl_doc *doc, const unsigned char *z,
                         size_t zlen)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    ws_err err;
    if (ws_pdf_render(w, doc, &pdf, &len, NULL, &err) != WS_OK) {
        TH_FAIL("render: %s", err.msg);
        return false;
    }
    bool found = memmem(pdf, len, z, zlen) != NULL;
    free(pdf);
    return found;
}

TEST(a_compressed_image_is_embedded_as_it_is)
{
    ws_arena *a = ws_arena_create(0);
    ws_image *img = gray_image(a);
    uLongf zlen = compressBound(img->size);
    unsigned char *z = ws_arena_alloc(a, zlen);
    CHECK(compress2(z, &zlen, img->data, img->size, 0) == Z_OK);
    img->zdata = z;
    img->zsize = zlen;
    ws_pdf_writer *w = NULL;
    ws_err err;
    CHECK(ws_pdf_writer_create(NULL, NULL, &w, &err) == WS_OK);
    for (int i = 0; i < 2; i++) CHECK(render_holds(w, page_with(a, img), z, zlen));
    ws_pdf_writer_destroy(w);
    ws_arena_destroy(a);
}

TEST(compress_makes_a_stream_of_the_samples)
{
    ws_arena *a = ws_arena_create(0);
    ws_image *img = gray_image(a);
    ws_err err;
    CHECK(ws_image_compress(img, a, &err) == WS_OK);
    CHECK(img->zdata != NULL);
    unsigned char back[W_PX * H_PX];
    uLongf n = sizeof back;
    CHECK(img->zdata && uncompress(back, &n, img->zdata, img->zsize) == Z_OK);
    CHECK_INT(n, img->size);
    CHECK(!memcmp(back, img->data, sizeof back));
    const unsigned char *first = img->zdata;
    CHECK(ws_image_compress(img, a, &err) == WS_OK); /* once: the stream is kept */
    CHECK(img->zdata == first);
    ws_arena_destroy(a);
}

TEST(a_jpeg_is_not_compressed_again)
{
    ws_arena *a = ws_arena_create(0);
    ws_image img = {.kind = WS_IMAGE_JPEG, .data = (const unsigned char *)"\xFF\xD8\xFF", .size = 3};
    ws_err err;
    CHECK(ws_image_compress(&img, a, &err) == WS_OK);
    CHECK(img.zdata == NULL);
    ws_arena_destroy(a);
}

static ws_font_catalog *zenhei_catalog(void)
{
    char path[] = "/tmp/wenshu-test-pdf-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *fp = fdopen(fd, "w");
    fprintf(fp, "roles:\n  zenhei: [\"WenQuanYi Zen Hei\"]\nfallback: [\"WenQuanYi Zen Hei\"]\n");
    fclose(fp);
    ws_font_catalog *cat = NULL;
    ws_err err;
    if (ws_font_catalog_create(path, NULL, &cat, &err) != WS_OK) fprintf(stderr, "%s\n", err.msg);
    unlink(path);
    return cat;
}

/* One line of text, the n characters cps in the catalog's first role. */
static ws_dl_doc *line_doc(ws_fonts *fonts, ws_arena *a, const uint32_t *cps, size_t n)
{
    ws_dl_doc *doc = ws_dl_doc_create(a);
    ws_page *pg = ws_dl_add_page(doc, 595, 842);
    ws_dl_item *it = ws_dl_add(doc, pg, WS_DL_TEXT);
    ws_dl_glyph *g = ws_arena_calloc(a, n, sizeof *g);
    uint16_t face = 0;
    for (size_t i = 0; i < n; i++) {
        ws_glyph_info gi;
        if (ws_fonts_glyph(fonts, 0, cps[i], &gi) != WS_OK) return NULL;
        face = gi.face;
        g[i] = (ws_dl_glyph){gi.gid, cps[i], 12.0f * (float)i};
    }
    it->u.text = (ws_dl_text){.face = face, .size_pt = 12, .x = 72, .y = 100, .width = 84,
                              .n = (uint32_t)n, .glyphs = g};
    return doc;
}

/* "嘉兴市首席工匠" */
static ws_dl_doc *text_doc(ws_fonts *fonts, ws_arena *a)
{
    static const uint32_t cps[] = {0x5609, 0x5174, 0x5E02, 0x9996, 0x5E2D, 0x5DE5, 0x5320};
    return line_doc(fonts, a, cps, sizeof cps / sizeof *cps);
}

/* The inflated content stream of the first page that has text ("TJ"), or NULL. */
static char *page_content(const unsigned char *pdf, size_t len)
{
    const unsigned char *p = pdf, *end = pdf + len;
    while ((p = memmem(p, (size_t)(end - p), "stream", 6)) != NULL) {
        bool is_end = p - pdf >= 3 && !memcmp(p - 3, "end", 3);
        p += 6;
        if (is_end) continue;
        if (p < end && *p == '\015') p++;
        if (p < end && *p == '\012') p++;
        const unsigned char *stop = memmem(p, (size_t)(end - p), "endstream", 9);
        if (!stop) break;
        uLongf n = 1 << 20;
        char *out = malloc(n + 1);
        if (out && uncompress((unsigned char *)out, &n, p, (uLong)(stop - p)) == Z_OK) {
            out[n] = '\0';
            if (strstr(out, "TJ")) return out;
        }
        free(out);
        p = stop;
    }
    return NULL;
}

static size_t count_of(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what)) n++;
    return n;
}

/* A writer over the WenQuanYi catalog and a one-line document (text_doc). */
typedef struct text_fixture {
    ws_font_catalog *cat;
    ws_fonts *fonts;
    ws_pdf_writer *w;
    ws_arena *a;
    ws_dl_doc *doc; /* NULL when any of it could not be made */
} text_fixture;

static text_fixture text_fixture_open(void)
{
    text_fixture f = {.cat = zenhei_catalog(), .a = ws_arena_create(0)};
    ws_err err;
    if (f.cat && f.a && ws_fonts_open(f.cat, &f.fonts, &err) == WS_OK &&
        ws_pdf_writer_create(f.fonts, NULL, &f.w, &err) == WS_OK)
        f.doc = text_doc(f.fonts, f.a);
    return f;
}

static void text_fixture_close(text_fixture *f)
{
    ws_pdf_writer_destroy(f->w);
    ws_fonts_close(f->fonts);
    ws_arena_destroy(f->a);
    ws_font_catalog_destroy(f->cat);
}

TEST(a_page_says_each_state_once)
{
    text_fixture f = text_fixture_open();
    ws_dl_doc *doc = f.doc;
    ws_err err;
    CHECK(doc != NULL);
    if (!doc) goto done;
    ws_page *pg = doc->pages[0];
    ws_dl_text second = pg->items[0].u.text;
    second.y = 130;
    ws_dl_add(doc, pg, WS_DL_TEXT)->u.text = second;
    for (int i = 0; i < 3; i++)
        ws_dl_add(doc, pg, WS_DL_LINE)->u.line = (ws_dl_line){72, 140.0f + 10 * i, 300,
                                                              140.0f + 10 * i, 0.5f};
    unsigned char *pdf = NULL;
    size_t len = 0;
    CHECK(ws_pdf_render(f.w, doc, &pdf, &len, NULL, &err) == WS_OK);
    CHECK(!pdf || !memmem(pdf, len, "/ProcSet", 8)); /* obsolete since PDF 1.4, 48 bytes a page */
    char *content = pdf ? page_content(pdf, len) : NULL;
    CHECK(content != NULL);
    if (content) {
        CHECK_INT(count_of(content, " Tf"), 1);
        CHECK_INT(count_of(content, " w"), 1);
        CHECK_INT(count_of(content, " Tm"), 0);
        CHECK_INT(count_of(content, " Td"), 2);
        CHECK(strstr(content, " Tf 72 742 Td") != NULL);
        CHECK(strstr(content, "BT 72 712 Td") != NULL);
    }
    free(content);
    free(pdf);
done:
    text_fixture_close(&f);
}

/* A 合订本 of 10,000 forms has 50,000 pages: past the 32,767 kids one
 * libharu Pages node may hold ("libharu 无法添加页面" at N = 10,000). */
TEST(a_volume_past_32767_pages_renders)
{
    text_fixture f = text_fixture_open();
    ws_dl_doc *doc = f.doc;
    ws_err err;
    CHECK(doc != NULL);
    if (!doc) goto done;
    while (doc->npages < 40000) ws_dl_add_page(doc, 595, 842);
    unsigned char *pdf = NULL;
    size_t len = 0;
    ws_status st = ws_pdf_render(f.w, doc, &pdf, &len, NULL, &err);
    CHECK_INT(st, WS_OK);
    if (st != WS_OK) fprintf(stderr, "  %s\n", err.msg);
    CHECK(pdf && memmem(pdf, len, "/Count 40000", 12));
    free(pdf);
done:
    text_fixture_close(&f);
}

typedef struct render_job {
    const ws_font_catalog *cat;
    ws_pdf_faces *faces;
    unsigned char *pdf;
    size_t len;
} render_job;

/* A thread's own fonts and writer, the build's shared faces. */
static void *render_thread(void *arg)
{
    render_job *job = arg;
    ws_fonts *fonts = NULL;
    ws_pdf_writer *w = NULL;
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    ws_dl_doc *doc = NULL;
    if (ws_fonts_open(job->cat, &fonts, &err) == WS_OK &&
        ws_pdf_writer_create(fonts, job->faces, &w, &err) == WS_OK && (doc = text_doc(fonts, a)))
        ws_pdf_render(w, doc, &job->pdf, &job->len, NULL, &err);
    ws_pdf_writer_destroy(w);
    ws_fonts_close(fonts);
    ws_arena_destroy(a);
    return NULL;
}

TEST(threads_share_one_face)
{
    ws_font_catalog *cat = zenhei_catalog();
    ws_pdf_faces *faces = NULL;
    ws_err err;
    CHECK(cat && ws_pdf_faces_create(cat, &faces, &err) == WS_OK);
    if (!faces) return;
    render_job jobs[3] = {{cat, faces, NULL, 0}, {cat, faces, NULL, 0}, {cat, NULL, NULL, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, render_thread, &jobs[i]);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    render_thread(&jobs[2]); /* a writer of its own faces: the same file */
    CHECK_INT(ws_pdf_faces_prepared(faces), 1);
    for (int i = 0; i < 3; i++) CHECK(jobs[i].pdf && jobs[i].len > 1000);
    for (int i = 1; i < 3; i++)
        CHECK(jobs[0].pdf && jobs[i].pdf && jobs[i].len == jobs[0].len &&
              !memcmp(jobs[i].pdf, jobs[0].pdf, jobs[0].len));
    for (int i = 0; i < 3; i++) free(jobs[i].pdf);
    ws_pdf_faces_destroy(faces);
    ws_font_catalog_destroy(cat);
}

/* A writer subsets a face again only when its glyph set changes (a form's
 * title and table faces draw the same glyphs in every form): documents A, B,
 * A, A from one writer are the bytes of A and B from a fresh writer each, in
 * a TrueType face (codes are the subset's gids, which B renumbers). */
TEST(a_repeated_glyph_set_reuses_its_subset)
{
    static const uint32_t b_cps[] = {0x5609, 0x5174, 0x4EBA, 0x624D, 0x7533, 0x62A5, 0x8868};
    ws_font_catalog *cat = zenhei_catalog();
    ws_fonts *fonts = NULL;
    ws_pdf_writer *w = NULL, *fresh = NULL;
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    CHECK(cat && ws_fonts_open(cat, &fonts, &err) == WS_OK &&
          ws_pdf_writer_create(fonts, NULL, &w, &err) == WS_OK);
    if (!w) return;
    ws_dl_doc *doc_a = text_doc(fonts, a), *doc_b = line_doc(fonts, a, b_cps, 7);
    CHECK(doc_a && doc_b);
    if (!doc_a || !doc_b) return;
    const ws_dl_doc *order[4] = {doc_a, doc_b, doc_a, doc_a};
    unsigned char *pdf[4] = {0}, *want[2] = {0};
    size_t len[4] = {0}, want_len[2] = {0};
    for (int i = 0; i < 4; i++)
        CHECK(ws_pdf_render(w, order[i], &pdf[i], &len[i], NULL, &err) == WS_OK);
    for (int i = 0; i < 2; i++) {
        CHECK(ws_pdf_writer_create(fonts, NULL, &fresh, &err) == WS_OK);
        CHECK(ws_pdf_render(fresh, order[i], &want[i], &want_len[i], NULL, &err) == WS_OK);
        ws_pdf_writer_destroy(fresh);
    }
    for (int i = 0; i < 4; i++) {
        int k = order[i] == doc_a ? 0 : 1;
        CHECK(pdf[i] && want[k] && len[i] == want_len[k] && !memcmp(pdf[i], want[k], len[i]));
        free(pdf[i]);
    }
    free(want[0]);
    free(want[1]);
    ws_pdf_writer_destroy(w);
    ws_fonts_close(fonts);
    ws_arena_destroy(a);
    ws_font_catalog_destroy(cat);
}

/* One writer renders document after document, each of its own glyphs (a
 * worker's forms), to the bytes a fresh writer makes of each: nothing of
 * one document's glyphs is left for the next. 30 lines of 300 ideographs
 * from a fixed pseudo-random sequence, overlapping. */
TEST(a_writer_renders_each_document_as_a_fresh_one)
{
    ws_font_catalog *cat = zenhei_catalog();
    ws_fonts *fonts = NULL;
    ws_pdf_writer *w = NULL;
    ws_arena *a = ws_arena_create(0);
    ws_err err;
    CHECK(cat && ws_fonts_open(cat, &fonts, &err) == WS_OK &&
          ws_pdf_writer_create(fonts, NULL, &w, &err) == WS_OK);
    if (!w) return;
    uint32_t seed = 12345, cps[300];
    for (int d = 0; d < 30; d++) {
        for (size_t i = 0; i < 300; i++) {
            seed = seed * 1103515245u + 12345u;
            cps[i] = 0x4E00 + (seed >> 8) % 0x2000; /* WenQuanYi has all of these */
        }
        ws_dl_doc *doc = line_doc(fonts, a, cps, 300);
        CHECK(doc != NULL);
        if (!doc) break;
        ws_pdf_writer *fresh = NULL;
        unsigned char *got = NULL, *want = NULL;
        size_t got_len = 0, want_len = 0;
        CHECK(ws_pdf_render(w, doc, &got, &got_len, NULL, &err) == WS_OK);
        CHECK(ws_pdf_writer_create(fonts, NULL, &fresh, &err) == WS_OK &&
              ws_pdf_render(fresh, doc, &want, &want_len, NULL, &err) == WS_OK);
        CHECK(got && want && got_len == want_len && !memcmp(got, want, got_len));
        ws_pdf_writer_destroy(fresh);
        free(got);
        free(want);
    }
    ws_pdf_writer_destroy(w);
    ws_fonts_close(fonts);
    ws_arena_destroy(a);
    ws_font_catalog_destroy(cat);
}

int main(void)
{
    RUN(a_compressed_image_is_embedded_as_it_is);
    RUN(compress_makes_a_stream_of_the_samples);
    RUN(a_jpeg_is_not_compressed_again);
    RUN(threads_share_one_face);
    RUN(a_repeated_glyph_set_reuses_its_subset);
    RUN(a_writer_renders_each_document_as_a_fresh_one);
    RUN(a_page_says_each_state_once);
    RUN(a_volume_past_32767_pages_renders);
    return TH_DONE();
}
