/* input/image.c - see image.h.
 *
 * libjpeg and libpng report errors through longjmp; each decode keeps its
 * jmp_buf local and releases everything before returning a status, so no
 * longjmp ever crosses our own frames. */
#include "input/image.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h> /* needs stdio.h first */
#include <libexif/exif-data.h>
#include <png.h>
#include <zlib.h>

#include "base/fs.h"

#define MAX_IMAGE_BYTES ((size_t)64 << 20)
#define MAX_PIXELS ((size_t)100 << 20) /* 100 megapixels */

/* Reads the whole file into the arena. Only a regular file is read: a FIFO,
 * a device (/dev/zero) or a folder given as a photo is refused by what it
 * is, before any byte is read (ws_open_regular never blocks). */
static ws_status read_file(const char *path, ws_arena *arena, unsigned char **data, size_t *size,
                           ws_err *err)
{
    int fd = -1;
    size_t len = 0;
    ws_err why;
    if (ws_open_regular(path, &fd, &len, &why) != WS_OK) {
        if (errno == ENOENT) return ws_err_set(err, WS_ERR_IMAGE, "找不到图片文件 %s", path);
        if (errno == EINVAL) return ws_err_set(err, WS_ERR_IMAGE, "%s %s", path, why.msg);
        return ws_err_set(err, WS_ERR_IO, "图片 %s %s", path, why.msg);
    }
    ws_status st = WS_OK;
    if (len > MAX_IMAGE_BYTES) {
        st = ws_err_set(err, WS_ERR_IMAGE, "图片 %s 太大（%.1f MB，上限 64 MB）", path,
                        (double)len / 1048576.0);
        goto done;
    }
    *data = ws_arena_alloc(arena, len + 1);
    if (!*data) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, *data + got, len - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            st = ws_err_set(err, WS_ERR_IO, "读取图片 %s 失败：%s", path,
                            n < 0 ? strerror(errno) : "文件在读取时变短了");
            goto done;
        }
        got += (size_t)n;
    }
    *size = len;
done:
    close(fd);
    return st;
}

/* A picture too large to use is said to be too large, with its size: it is
 * not damaged, and the clerk can shrink it. */
static ws_status too_many_pixels(const char *path, unsigned long w, unsigned long h, ws_err *err)
{
    return ws_err_set(err, WS_ERR_IMAGE,
                      "图片 %s 太大：%lu×%lu 像素（上限 1 亿像素），请缩小后再用", path, w, h);
}

/* --- JPEG ------------------------------------------------------------------ */

typedef struct jpeg_guard {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    int warnings;
    char msg[JMSG_LENGTH_MAX];
} jpeg_guard;

static void jpeg_on_error(j_common_ptr cinfo)
{
    jpeg_guard *g = (jpeg_guard *)cinfo->err;
    g->mgr.format_message(cinfo, g->msg);
    longjmp(g->jump, 1);
}

static void jpeg_on_message(j_common_ptr cinfo, int level)
{
    jpeg_guard *g = (jpeg_guard *)cinfo->err;
    if (level < 0) { /* a warning: truncated data, bad Huffman code … */
        if (!g->warnings) g->mgr.format_message(cinfo, g->msg);
        g->warnings++;
    }
}

static int exif_orientation(const unsigned char *data, size_t size)
{
    ExifData *ed = exif_data_new_from_data(data, (unsigned int)(size > 0xFFFFFFFFu ? 0xFFFFFFFFu : size));
    if (!ed) return 1;
    int orientation = 1;
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components == 1) {
        int v = exif_get_short(e->data, exif_data_get_byte_order(ed));
        if (v >= 1 && v <= 8) orientation = v;
    }
    exif_data_unref(ed);
    return orientation;
}

/* Decodes the whole JPEG at 1/8 scale: proves every scan is present. */
static ws_status check_jpeg(ws_image *img, ws_err *err)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_guard g = {0};
    JSAMPARRAY row = NULL;
    cinfo.err = jpeg_std_error(&g.mgr);
    g.mgr.error_exit = jpeg_on_error;
    g.mgr.emit_message = jpeg_on_message;
    if (setjmp(g.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return ws_err_set(err, WS_ERR_IMAGE, "JPEG 图片 %s 已损坏（%s）", img->path, g.msg);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, img->data, (unsigned long)img->size);
    jpeg_read_header(&cinfo, TRUE);
    img->width_px = (int)cinfo.image_width;
    img->height_px = (int)cinfo.image_height;
    img->components = cinfo.num_components;
    if ((size_t)img->width_px * (size_t)img->height_px > MAX_PIXELS) {
        jpeg_destroy_decompress(&cinfo);
        return too_many_pixels(img->path, (unsigned long)img->width_px,
                               (unsigned long)img->height_px, err);
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = 8;
    cinfo.dct_method = JDCT_IFAST;
    jpeg_start_decompress(&cinfo);
    row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                      cinfo.output_width * (JDIMENSION)cinfo.output_components, 1);
    while (cinfo.output_scanline < cinfo.output_height) jpeg_read_scanlines(&cinfo, row, 1);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    if (g.warnings)
        return ws_err_set(err, WS_ERR_IMAGE, "JPEG 图片 %s 不完整或已损坏（%s）", img->path, g.msg);
    if (img->components != 1 && img->components != 3 && img->components != 4)
        return ws_err_set(err, WS_ERR_IMAGE, "JPEG 图片 %s 的颜色格式不受支持", img->path);
    return WS_OK;
}

/* A larger JPEG than its limit (WS_IMAGE_MAX_SIDE_PX, WS_PHOTO_MAX_SIDE_PX)
 * is decoded at 1/2, 1/4 or 1/8 scale by libjpeg and re-encoded at this
 * quality, so forms and packets stay a sensible size. */
#define SHRUNK_QUALITY 90

typedef struct jpeg_pair {
    struct jpeg_decompress_struct in;
    struct jpeg_compress_struct out;
    jpeg_guard g;
    unsigned char *buf;
    unsigned long len;
    unsigned denom; /* set before setjmp: locals may be clobbered by longjmp */
} jpeg_pair;

/* Streams the scaled-down decode into the encoder, one row at a time. */
static void recode_rows(jpeg_pair *p)
{
    jpeg_start_decompress(&p->in);
    p->out.image_width = p->in.output_width;
    p->out.image_height = p->in.output_height;
    p->out.input_components = p->in.output_components;
    p->out.in_color_space = p->in.out_color_space;
    jpeg_set_defaults(&p->out);
    jpeg_set_quality(&p->out, SHRUNK_QUALITY, TRUE);
    jpeg_start_compress(&p->out, TRUE);
    JSAMPARRAY row = (*p->in.mem->alloc_sarray)((j_common_ptr)&p->in, JPOOL_IMAGE,
                                                 p->in.output_width * (JDIMENSION)p->in.output_components, 1);
    while (p->in.output_scanline < p->in.output_height) {
        jpeg_read_scanlines(&p->in, row, 1);
        jpeg_write_scanlines(&p->out, row, 1);
    }
    jpeg_finish_compress(&p->out);
    jpeg_finish_decompress(&p->in);
}

static ws_status shrink_jpeg(ws_image *img, int max_side, ws_arena *arena, ws_err *err)
{
    int side = img->width_px > img->height_px ? img->width_px : img->height_px;
    if (max_side <= 0 || side <= max_side || img->components == 4) return WS_OK; /* CMYK: as it is */
    jpeg_pair *p = calloc(1, sizeof *p);
    if (!p) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    p->denom = 2;
    while (p->denom < 8 && side / (int)p->denom > max_side) p->denom *= 2;
    p->in.err = p->out.err = jpeg_std_error(&p->g.mgr);
    p->g.mgr.error_exit = jpeg_on_error;
    if (setjmp(p->g.jump)) {
        jpeg_destroy_decompress(&p->in);
        jpeg_destroy_compress(&p->out);
        free(p->buf);
        ws_status st = ws_err_set(err, WS_ERR_IMAGE, "JPEG 图片 %s 无法缩小（%s）", img->path, p->g.msg);
        free(p);
        return st;
    }
    jpeg_create_decompress(&p->in);
    jpeg_create_compress(&p->out);
    jpeg_mem_src(&p->in, img->data, (unsigned long)img->size);
    jpeg_mem_dest(&p->out, &p->buf, &p->len);
    jpeg_read_header(&p->in, TRUE);
    p->in.scale_num = 1;
    p->in.scale_denom = p->denom;
    recode_rows(p);
    img->width_px = (int)p->out.image_width;
    img->height_px = (int)p->out.image_height;
    jpeg_destroy_decompress(&p->in);
    jpeg_destroy_compress(&p->out);
    unsigned char *copy = ws_arena_alloc(arena, p->len);
    if (copy) memcpy(copy, p->buf, p->len);
    size_t len = p->len;
    free(p->buf);
    free(p);
    if (!copy) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    img->data = copy;
    img->size = len;
    img->recoded = true;
    return WS_OK;
}

/* --- PNG ------------------------------------------------------------------- */

typedef struct png_reader {
    const unsigned char *data;
    size_t size, pos;
} png_reader;

static void png_read_mem(png_structp png, png_bytep out, png_size_t n)
{
    png_reader *r = png_get_io_ptr(png);
    if (n > r->size - r->pos) png_error(png, "PNG 文件不完整");
    memcpy(out, r->data + r->pos, n);
    r->pos += n;
}

static void png_on_error(png_structp png, png_const_charp msg)
{
    char *dst = png_get_error_ptr(png);
    snprintf(dst, 200, "%s", msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* The chunks a PNG may hold for its IDAT data to be embedded as it is:
 * besides the critical ones, those that libpng leaves the samples alone for
 * (decode_png asks for no gamma or colour handling); any other (tRNS, gAMA,
 * sBIT, bKGD …) and the picture is decoded and deflated again. */
static bool harmless_chunk(const unsigned char *type)
{
    static const char *const ok[] = {"IHDR", "PLTE", "IDAT", "IEND", "pHYs", "tEXt",
                                     "zTXt", "iTXt", "tIME", "sRGB", "iCCP", "eXIf"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (!memcmp(type, ok[i], 4)) return true;
    return false;
}

/* What a PNG's IHDR says of the rows in its IDAT data: colours and bits to a
 * sample, when a PDF reader can take them as they are (8-bit gray or RGB; a
 * palette of 1, 2, 4 or 8 bits), not interlaced; false otherwise. */
static bool plain_png_rows(const unsigned char *file, int *colors, int *bits)
{
    int depth = file[24], type = file[25];
    if (file[28] != 0) return false; /* Adam7 */
    *bits = depth;
    *colors = type == 2 ? 3 : 1;
    if (type == 0 || type == 2) return depth == 8;
    return type == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8);
}

/* When the PNG file (file, size bytes) has plain rows and only harmless
 * chunks: its IDAT data joined into img->zdata (in arena), predictor 15,
 * and its palette; true then. decode_png still has libpng read it all, so
 * a damaged file is refused as before. */
static bool keep_png_rows(ws_image *img, const unsigned char *file, size_t size, ws_arena *arena)
{
    int colors, bits;
    if (size < 33 || memcmp(file + 12, "IHDR", 4) || !plain_png_rows(file, &colors, &bits))
        return false;
    size_t total = 0, palette_at = 0, palette_len = 0;
    for (size_t at = 8; at + 12 <= size;) {
        size_t len = be32(file + at);
        if (len > size - at - 12 || !harmless_chunk(file + at + 4)) return false;
        if (!memcmp(file + at + 4, "IDAT", 4)) total += len;
        if (!memcmp(file + at + 4, "PLTE", 4)) palette_at = at + 8, palette_len = len;
        at += 12 + len;
    }
    bool indexed = file[25] == 3;
    if (indexed && (palette_len == 0 || palette_len % 3 || palette_len > 768)) return false;
    unsigned char *z = total ? ws_arena_alloc(arena, total) : NULL;
    if (!z) return false; /* out of memory: decoded and deflated instead */
    size_t got = 0;
    for (size_t at = 8; at + 12 <= size; at += 12 + be32(file + at))
        if (!memcmp(file + at + 4, "IDAT", 4)) {
            memcpy(z + got, file + at + 8, be32(file + at));
            got += be32(file + at);
        }
    img->zdata = z;
    img->zsize = total;
    img->predictor = 15;
    img->stream_colors = colors;
    img->stream_bits = bits;
    if (indexed) img->palette = file + palette_at, img->palette_size = (int)(palette_len / 3);
    return true;
}

/* Decodes to 8-bit gray or RGB, alpha composited on white, any interlace;
 * a PNG kept as its own rows (keep_png_rows) is read through, not kept. */
static ws_status decode_png(ws_image *img, ws_arena *arena, ws_err *err)
{
    /* the size is in the IHDR chunk right after the signature: checked
     * before libpng, whose own limits would call a huge picture damaged */
    if (img->size >= 24 && !memcmp(img->data + 12, "IHDR", 4) &&
        (size_t)be32(img->data + 16) * be32(img->data + 20) > MAX_PIXELS)
        return too_many_pixels(img->path, be32(img->data + 16), be32(img->data + 20), err);
    char why[200] = "";
    const unsigned char *file = img->data;
    size_t file_size = img->size;
    png_reader reader = {img->data, img->size, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, why, png_on_error,
                                             png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *volatile rows = NULL; /* freed after a longjmp */
    unsigned char *volatile one_row = NULL;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, NULL);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    bool own_rows = keep_png_rows(img, file, file_size, arena);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        free(one_row);
        img->zdata = NULL, img->predictor = 0, img->palette = NULL, img->palette_size = 0;
        return ws_err_set(err, WS_ERR_IMAGE, "PNG 图片 %s 已损坏（%s）", img->path, why);
    }
    png_set_read_fn(png, &reader, png_read_mem);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if ((size_t)w * h > MAX_PIXELS) png_error(png, "像素太多");
    int color = png_get_color_type(png, info);
    png_set_strip_16(png);
    png_set_packing(png);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    png_color_16 white = {0, 255, 255, 255, 255};
    png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info);
    size_t stride = png_get_rowbytes(png, info);
    unsigned char *pixels = NULL; /* none kept for a picture embedded as its own rows */
    if (own_rows) { /* every row read into one, none kept: proof that the file decodes */
        if (!(one_row = malloc(stride ? stride : 1))) png_error(png, "内存不足");
        for (png_uint_32 y = 0; y < h; y++) png_read_row(png, one_row, NULL);
    } else {
        pixels = ws_arena_alloc(arena, stride * h);
        rows = malloc(sizeof *rows * h);
        if (!pixels || !rows) png_error(png, "内存不足");
        for (png_uint_32 y = 0; y < h; y++) rows[y] = pixels + y * stride;
        png_read_image(png, rows);
    }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    free(one_row);
    img->kind = WS_IMAGE_RAW;
    img->width_px = (int)w;
    img->height_px = (int)h;
    img->components = channels;
    img->data = pixels;
    img->size = pixels ? stride * h : 0;
    if (channels != 1 && channels != 3)
        return ws_err_set(err, WS_ERR_IMAGE, "PNG 图片 %s 的颜色格式不受支持", img->path);
    return WS_OK;
}

ws_status ws_image_load(const char *path, ws_arena *arena, ws_image **out, ws_err *err)
{
    return ws_image_load_within(path, WS_IMAGE_MAX_SIDE_PX, arena, out, err);
}

ws_status ws_image_load_within(const char *path, int max_side_px, ws_arena *arena,
                               ws_image **out, ws_err *err)
{
    ws_image *img = ws_arena_calloc(arena, 1, sizeof *img);
    if (!img) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    img->path = ws_arena_strdup(arena, path);
    img->orientation = 1;
    unsigned char *data = NULL;
    size_t size = 0;
    WS_TRY(read_file(path, arena, &data, &size, err));
    img->data = data;
    img->size = img->file_size = size;
    if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        img->kind = WS_IMAGE_JPEG;
        WS_TRY(check_jpeg(img, err));
        img->orientation = exif_orientation(data, size);
        WS_TRY(shrink_jpeg(img, max_side_px, arena, err)); /* after EXIF: the copy has none */
    } else if (size >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
        WS_TRY(decode_png(img, arena, err));
    } else if (size == 0) {
        return ws_err_set(err, WS_ERR_IMAGE, "图片文件 %s 是空的", path);
    } else {
        return ws_err_set(err, WS_ERR_IMAGE, "%s 不是 JPEG 或 PNG 图片", path);
    }
    *out = img;
    return WS_OK;
}

static int swaps_axes(const ws_image *img)
{
    return img->orientation >= 5 && img->orientation <= 8;
}

int ws_image_shown_width(const ws_image *img)
{
    return swaps_axes(img) ? img->height_px : img->width_px;
}

int ws_image_shown_height(const ws_image *img)
{
    return swaps_axes(img) ? img->width_px : img->height_px;
}

/* zlib's default level: the stream is made once per build, so the smaller
 * file is worth the few milliseconds more than level 1. */
ws_status ws_image_compress(ws_image *img, ws_arena *arena, ws_err *err)
{
    if (img->kind != WS_IMAGE_RAW || img->zdata) return WS_OK;
    uLongf zlen = compressBound((uLong)img->size);
    unsigned char *z = malloc(zlen);
    if (!z || compress2(z, &zlen, img->data, (uLong)img->size, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(z);
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    unsigned char *kept = ws_arena_alloc(arena, zlen);
    if (kept) memcpy(kept, z, zlen);
    free(z);
    if (!kept) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    img->zdata = kept;
    img->zsize = zlen;
    return WS_OK;
}
