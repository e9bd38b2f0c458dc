/* Unit tests for render/pdf.c: how images reach the file.
 *
 * A picture drawn on every certificate (the border) is deflated once per
 * build (ws_image_compress) and every PDF embeds that very stream: the test
 * gives the image a stream made at zlib level 0 (stored blocks), which
 * libharu's own compression would never produce, and looks for its bytes. */
#include <stdlib.h>
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
    CHECK(ws_pdf_writer_create(NULL, &w, &err) == WS_OK);
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

int main(void)
{
    RUN(a_compressed_image_is_embedded_as_it_is);
    RUN(compress_makes_a_stream_of_the_samples);
    RUN(a_jpeg_is_not_compressed_again);
    return TH_DONE();
}
