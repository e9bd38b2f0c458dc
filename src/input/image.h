/* input/image.h - photos and attachment pages, checked before use.
 *
 * libharu passes JPEG through untouched but ignores EXIF orientation, fails
 * on interlaced PNG and garbles 16-bit PNG. So: a JPEG is fully decoded once
 * at 1/8 scale (cheap) to prove it is complete, and its EXIF orientation is
 * read; a PNG is decoded with libpng to 8-bit gray or RGB (alpha composited
 * on white). The renderer then embeds JPEG bytes as they are (rotated by the
 * drawing matrix), a plain PNG's own deflated rows (see zdata), or the raw
 * pixels. */
#ifndef WS_INPUT_IMAGE_H
#define WS_INPUT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"

typedef enum ws_image_kind {
    WS_IMAGE_JPEG, /* data = the JPEG file's bytes */
    WS_IMAGE_RAW   /* data = width*height*components 8-bit samples, rows top to bottom */
} ws_image_kind;

typedef struct ws_image {
    ws_image_kind kind;
    const char *path;
    int width_px, height_px; /* as stored */
    int components;          /* 1 gray, 3 RGB, 4 CMYK (JPEG only) */
    int orientation;         /* EXIF 1..8; 1 = upright */
    const unsigned char *data;
    size_t size;
    size_t file_size;
    /* RAW only, after ws_image_compress: the samples as one zlib stream, which
     * a renderer embeds as it is (PDF FlateDecode); NULL until then. A PNG
     * that is not interlaced, 8-bit gray or RGB or a palette of 1 to 8 bits,
     * and holds nothing that changes its samples (no tRNS, gAMA, sBIT …) has
     * it from the start: its own IDAT data, rows with their PNG filters, so
     * 'predictor' is 15 (PDF /DecodeParms << /Predictor 15 /Colors
     * stream_colors /BitsPerComponent stream_bits /Columns width >>); else 0:
     * the bare samples, 8-bit, 'components' to a pixel. */
    const unsigned char *zdata;
    size_t zsize;
    int predictor;
    int stream_colors, stream_bits; /* predictor 15: per pixel in the stream */
    const unsigned char *palette;   /* predictor 15, palette PNG: RGB triples */
    int palette_size;               /* ... how many (1..256); 0: no palette */
    bool recoded; /* JPEG: data is a shrunk re-encoding (ws_image_load_within), not the file */
} ws_image;

/* Loads and checks an image file (JPEG or PNG, recognised by content).
 * Errors are WS_ERR_IMAGE with a Chinese reason ("不是 JPEG 或 PNG 图片",
 * "JPEG 文件不完整（可能只传了一半）" …), WS_ERR_IO when unreadable. */
ws_status ws_image_load(const char *path, ws_arena *arena, ws_image **out, ws_err *err);

/* A scanned page or a template's picture never needs more than this many
 * pixels on its long side (a full A4 page at 200 dpi is 2339 px). */
#define WS_IMAGE_MAX_SIDE_PX 2400
/* Nor does a record's photo (a `photo:` cell): in a 2-inch box (35 x 49 mm)
 * 1600 px are over 800 dpi, and a cell of half an A4 page still gets 300
 * dpi. A phone's 12-megapixel picture (4000 x 3000) is decoded at 1/4 scale
 * to 1000 x 750, not at 1/2 to 2000 x 1500: a quarter of the pixels to
 * encode, to embed in the form and again in its packet. */
#define WS_PHOTO_MAX_SIDE_PX 1600

/* ws_image_load, a JPEG longer than max_side_px on a side shrunk (by 1/2,
 * 1/4 or 1/8, re-encoded) until it is not, or to 1/8. max_side_px 0: never
 * shrunk — what a check wants: the file's own pixel size, and no decoding
 * beyond the 1/8-scale pass that proves it whole. */
ws_status ws_image_load_within(const char *path, int max_side_px, ws_arena *arena,
                               ws_image **out, ws_err *err);

/* Deflates a RAW image's samples once into img->zdata (in arena), so that
 * every document drawing the picture reuses that stream instead of
 * compressing megabytes of pixels again: for an image that lives for the
 * whole build and is drawn many times (a template's certificate border).
 * Does nothing for a JPEG (embedded as its own bytes) or when done already.
 * WS_ERR_NOMEM on failure. Not thread-safe: call before the image is shared. */
ws_status ws_image_compress(ws_image *img, ws_arena *arena, ws_err *err);

/* Width and height as the picture is meant to be seen (orientation applied). */
int ws_image_shown_width(const ws_image *img);
int ws_image_shown_height(const ws_image *img);

#endif
