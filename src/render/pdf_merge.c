/* render/pdf_merge.c - see pdf_merge.h. */
#include "render/pdf_merge.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fs.h"
#include "render/qpdf_calls.h"

static ws_status qpdf_failed(qpdf_data q, const char *what, const char *path, ws_err *err)
{
    const char *why = "未知错误";
    if (qpdf_has_error(q)) why = qpdf_get_error_full_text(q, qpdf_get_error(q));
    return ws_err_set(err, WS_ERR_PDF, "%s %s 失败：%s", what, path, why);
}

/* A qpdf handle that never prints: qpdf writes its errors and its English
 * "WARNING: … file is damaged" lines to stderr by default. Errors become our
 * message; warnings (a scanned attachment qpdf repairs as it reads) are not
 * the clerk's concern once the pages come out. */
static qpdf_data quiet_qpdf(void)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    return q;
}

/* A PDF open in qpdf, and the bytes it reads from when read whole (kept until closed). */
typedef struct pdf_in {
    qpdf_data q;
    char *bytes; /* NULL when qpdf reads the file itself */
    size_t len;
} pdf_in;

/* A merge reads its sources whole into memory (faster for qpdf, which
 * seeks for every object it reads from a file) until they come to this
 * much, and leaves the rest in their files: a packet of 1000 forms and their
 * attachments read 180 MB into memory. Packets of tens of forms stay under
 * it; for the packet of 1000, 16 MB instead of 48 MB costs 3 % more CPU and
 * saves 30 MB. */
#define MERGE_READ_WHOLE_BYTES (16u << 20)

/* Opens a PDF; 'password' (may be NULL) opens one that build --encrypt wrote.
 * 'whole': the file is read whole and parsed from memory (from a file qpdf
 * seeks, fseek + lseek, for every object it reads: a third of the time spent
 * binding a packet); else qpdf reads it from the file as it needs objects.
 * NULL with err set. */
static qpdf_data open_pdf(const char *path, const char *password, bool whole, pdf_in *in,
                          ws_err *err)
{
    size_t len = 0;
    ws_err why;
    in->bytes = NULL;
    in->len = 0;
    if (whole && ws_read_file(path, &in->bytes, &len, &why) != WS_OK) {
        ws_err_set(err, why.status == WS_ERR_NOMEM ? WS_ERR_NOMEM : WS_ERR_PDF, "%s", why.msg);
        return in->q = NULL;
    }
    in->len = len;
    in->q = quiet_qpdf();
    QPDF_ERROR_CODE rc = whole ? qpdf_read_memory(in->q, path, in->bytes, len, password)
                               : qpdf_read(in->q, path, password);
    if (rc & QPDF_ERRORS) {
        qpdf_failed(in->q, "读取", path, err);
        qpdf_cleanup(&in->q);
        free(in->bytes);
        in->bytes = NULL;
        return NULL;
    }
    return in->q;
}

static void close_pdf(pdf_in *in)
{
    if (in->q) qpdf_cleanup(&in->q);
    free(in->bytes);
    in->bytes = NULL;
}

ws_status ws_pdf_count_pages(const char *path, const char *password, int *pages, ws_err *err)
{
    if (ws_qpdf_open(err) != WS_OK) return err->status;
    pdf_in in;
    qpdf_data q = open_pdf(path, password, true, &in, err);
    if (!q) return err->status;
    *pages = qpdf_get_num_pages(q);
    ws_status st = *pages < 0 ? qpdf_failed(q, "读取页面", path, err) : WS_OK;
    close_pdf(&in);
    return st;
}

/* A blank page the size of 'like'. */
static void add_blank_page(qpdf_data out, qpdf_oh like)
{
    qpdf_oh page = qpdf_oh_new_dictionary(out);
    qpdf_oh_replace_key(out, page, "/Type", qpdf_oh_new_name(out, "/Page"));
    qpdf_oh box = qpdf_oh_get_key(out, like, "/MediaBox");
    qpdf_oh_replace_key(out, page, "/MediaBox", qpdf_oh_new_object(out, box));
    qpdf_oh_replace_key(out, page, "/Resources", qpdf_oh_new_dictionary(out));
    qpdf_add_page(out, out, qpdf_make_indirect_object(out, page), QPDF_FALSE);
}

/* A new stream holding text[0..len). */
static qpdf_oh text_stream(qpdf_data out, const char *text, size_t len)
{
    qpdf_oh st = qpdf_oh_new_stream(out);
    qpdf_oh_replace_stream_data(out, st, (const unsigned char *)text, len, qpdf_oh_new_null(out),
                                qpdf_oh_new_null(out));
    return st;
}

/* The indirect objects a merge makes once and puts on many pages: the
 * content streams that wrap a page's content ("q" before it, "Q" and the
 * stamp's placement after it: the same bytes on every page of one size and
 * turn) and the stamp's resources (the same on every stamp page). Kept by
 * object number, since the handles are released after each page. */
#define SHARED_SLOTS 8
typedef struct shared_obj {
    char *key; /* the stream's bytes, or the resources as qpdf unparses them in the stamp */
    int id, gen;
} shared_obj;

typedef struct shared_objs {
    shared_obj slot[SHARED_SLOTS];
    size_t next; /* the slot replaced when all are taken */
} shared_objs;

static void shared_free(shared_objs *so)
{
    for (size_t i = 0; i < SHARED_SLOTS; i++)
        free(so->slot[i].key);
}

/* Forgets the objects kept under keys that start with 'prefix'. */
static void shared_forget(shared_objs *so, const char *prefix)
{
    for (size_t i = 0; i < SHARED_SLOTS; i++)
        if (so->slot[i].key && !strncmp(so->slot[i].key, prefix, strlen(prefix))) {
            free(so->slot[i].key);
            so->slot[i].key = NULL;
        }
}

/* The object kept under key, or 0. */
static qpdf_oh shared_find(qpdf_data out, const shared_objs *so, const char *key)
{
    for (size_t i = 0; i < SHARED_SLOTS; i++)
        if (so->slot[i].key && !strcmp(so->slot[i].key, key))
            return qpdf_get_object_by_id(out, so->slot[i].id, so->slot[i].gen);
    return 0;
}

/* Keeps the indirect object oh under key (when out of memory: not kept,
 * the next page makes its own). */
static void shared_keep(qpdf_data out, shared_objs *so, const char *key, qpdf_oh oh)
{
    char *copy = strdup(key);
    if (!copy) return;
    shared_obj *sl = &so->slot[so->next];
    so->next = (so->next + 1) % SHARED_SLOTS;
    free(sl->key);
    *sl = (shared_obj){copy, qpdf_oh_get_object_id(out, oh), qpdf_oh_get_generation(out, oh)};
}

/* A content stream holding text, shared with every page that wraps its
 * content in the same bytes. */
static qpdf_oh shared_text_stream(qpdf_data out, shared_objs *so, const char *text)
{
    qpdf_oh st = shared_find(out, so, text);
    if (st) return st;
    st = text_stream(out, text, strlen(text));
    shared_keep(out, so, text, st);
    return st;
}

/* Puts 'pre' before a page's content streams and 'post' after them (a page
 * without content, a blank verso, gets 'post' alone). */
static void wrap_contents(qpdf_data out, shared_objs *so, qpdf_oh page, const char *pre,
                          const char *post)
{
    qpdf_oh contents = qpdf_oh_get_key(out, page, "/Contents");
    qpdf_oh list = qpdf_oh_new_array(out);
    if (!qpdf_oh_is_null(out, contents)) {
        qpdf_oh_append_item(out, list, shared_text_stream(out, so, pre));
        if (qpdf_oh_is_array(out, contents)) {
            int k = qpdf_oh_get_array_n_items(out, contents);
            for (int i = 0; i < k; i++)
                qpdf_oh_append_item(out, list, qpdf_oh_get_array_item(out, contents, i));
        } else {
            qpdf_oh_append_item(out, list, contents);
        }
    }
    qpdf_oh_append_item(out, list, shared_text_stream(out, so, post));
    qpdf_oh_replace_key(out, page, "/Contents", list);
}

/* A shallow copy of a dictionary (anything else: an empty one), so that a
 * page changes its own resources, not those it shares with other pages. */
static qpdf_oh dict_copy(qpdf_data q, qpdf_oh d)
{
    qpdf_oh c = qpdf_oh_new_dictionary(q);
    if (!qpdf_oh_is_dictionary(q, d)) return c;
    qpdf_oh_begin_dict_key_iter(q, d);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *k = qpdf_oh_dict_next_key(q);
        qpdf_oh_replace_key(q, c, k, qpdf_oh_get_key(q, d, k));
    }
    return c;
}

/* What a viewer shows of a page: its CropBox (else its MediaBox) as origin
 * and size, and its /Rotate (0, 90, 180, 270). */
typedef struct page_box {
    double x0, y0, w, h;
    int rotate;
} page_box;

/* The rectangle [x0 y0 x1 y1] of a page's box, normalized; false if it has none. */
static bool get_rect(qpdf_data q, qpdf_oh page, const char *key, double c[4])
{
    qpdf_oh box = qpdf_oh_get_key(q, page, key);
    if (!qpdf_oh_is_array(q, box) || qpdf_oh_get_array_n_items(q, box) != 4) return false;
    for (int k = 0; k < 4; k++) c[k] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, k));
    for (int k = 0; k < 2; k++)
        if (c[k] > c[k + 2]) {
            double t = c[k];
            c[k] = c[k + 2], c[k + 2] = t;
        }
    return c[2] > c[0] && c[3] > c[1];
}

static bool get_box(qpdf_data q, qpdf_oh page, page_box *b)
{
    double c[4], crop[4];
    if (!get_rect(q, page, "/MediaBox", c)) return false;
    if (get_rect(q, page, "/CropBox", crop)) /* the part of the MediaBox it shows */
        for (int k = 0; k < 4; k++) c[k] = k < 2 ? fmax(c[k], crop[k]) : fmin(c[k], crop[k]);
    if (c[2] <= c[0] || c[3] <= c[1]) return false;
    qpdf_oh rot = qpdf_oh_get_key(q, page, "/Rotate");
    int r = qpdf_oh_is_integer(q, rot) ? (int)qpdf_oh_get_int_value(q, rot) : 0;
    *b = (page_box){c[0], c[1], c[2] - c[0], c[3] - c[1], ((r % 360) + 360) % 360};
    return true;
}

/* The size of a page as it is seen (a quarter turn swaps width and height). */
static void seen_size(const page_box *b, float *w, float *h)
{
    bool turned = b->rotate == 90 || b->rotate == 270;
    *w = (float)(turned ? b->h : b->w);
    *h = (float)(turned ? b->w : b->h);
}

/* The matrix from the page as it is seen (origin bottom left, upright) to
 * its user space, so a stamp drawn for the seen page is upright on it. */
static void seen_to_user(const page_box *b, char *cm, size_t n)
{
    double a = 1, bb = 0, c = 0, d = 1, e = 0, f = 0;
    if (b->rotate == 90) a = 0, bb = 1, c = -1, d = 0, e = b->w;
    else if (b->rotate == 180) a = -1, d = -1, e = b->w, f = b->h;
    else if (b->rotate == 270) a = 0, bb = -1, c = 1, d = 0, f = b->h;
    snprintf(cm, n, "%g %g %g %g %.3f %.3f cm", a, bb, c, d, e + b->x0, f + b->y0);
}

/* How deep copy_whole follows a stamp's objects (its resources: font,
 * descendant, descriptor, font file: 5 levels). */
#define COPY_DEPTH 16

static qpdf_oh copy_whole(qpdf_data to, qpdf_data from, qpdf_oh oh, int depth);

/* The keys of dictionary d, strdup'd, NULL-terminated (qpdf's key iterator
 * is one per qpdf_data: it cannot be held across a copy of the values). */
static char **dict_keys(qpdf_data q, qpdf_oh d)
{
    size_t n = 0, cap = 8;
    char **keys = malloc(cap * sizeof *keys);
    qpdf_oh_begin_dict_key_iter(q, d);
    while (keys && qpdf_oh_dict_more_keys(q)) {
        if (n + 1 == cap) {
            char **more = realloc(keys, (cap *= 2) * sizeof *keys);
            if (!more) break;
            keys = more;
        }
        if (!(keys[n] = strdup(qpdf_oh_dict_next_key(q)))) break;
        n++;
    }
    if (keys) keys[n] = NULL;
    return keys;
}

static void free_keys(char **keys)
{
    for (size_t i = 0; keys && keys[i]; i++)
        free(keys[i]);
    free(keys);
}

/* Copies the entries of 'from''s dictionary src into 'to''s dst (a stream's
 * dictionary: all but those replace_stream_data sets). */
static void copy_entries(qpdf_data to, qpdf_data from, qpdf_oh src, qpdf_oh dst, bool of_stream,
                         int depth)
{
    char **keys = dict_keys(from, src);
    for (size_t i = 0; keys && keys[i]; i++) {
        if (of_stream && (!strcmp(keys[i], "/Length") || !strcmp(keys[i], "/Filter") ||
                          !strcmp(keys[i], "/DecodeParms")))
            continue;
        qpdf_oh_replace_key(to, dst, keys[i],
                            copy_whole(to, from, qpdf_oh_get_key(from, src, keys[i]), depth + 1));
    }
    free_keys(keys);
}

/* A stream of 'from' as a new stream of 'to' holding its raw data. */
static qpdf_oh copy_stream(qpdf_data to, qpdf_data from, qpdf_oh oh, int depth)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_stream_data(from, oh, qpdf_dl_none, NULL, &data, &len) & QPDF_ERRORS) {
        free(data);
        return qpdf_oh_new_null(to);
    }
    qpdf_oh dict = qpdf_oh_get_dict(from, oh);
    qpdf_oh copy = qpdf_oh_new_stream(to);
    qpdf_oh_replace_stream_data(to, copy, data, len,
                                copy_whole(to, from, qpdf_oh_get_key(from, dict, "/Filter"), depth + 1),
                                copy_whole(to, from, qpdf_oh_get_key(from, dict, "/DecodeParms"),
                                           depth + 1));
    free(data);
    copy_entries(to, from, dict, qpdf_oh_get_dict(to, copy), true, depth);
    return copy;
}

/* A number, name, string, boolean or null of 'from' as a new direct object
 * of 'to', by its value (qpdf_oh_unparse of an indirect one is "N 0 R",
 * which would name another object of 'to'; so is qpdf_oh_unparse_resolved's
 * in libqpdf 11.3). */
static qpdf_oh copy_scalar(qpdf_data to, qpdf_data from, qpdf_oh oh)
{
    size_t len = 0;
    const char *bytes;
    switch (qpdf_oh_get_type_code(from, oh)) {
    case ot_boolean: return qpdf_oh_new_bool(to, qpdf_oh_get_bool_value(from, oh));
    case ot_integer: return qpdf_oh_new_integer(to, qpdf_oh_get_int_value(from, oh));
    case ot_real: return qpdf_oh_new_real_from_string(to, qpdf_oh_get_real_value(from, oh));
    case ot_name: return qpdf_oh_new_name(to, qpdf_oh_get_name(from, oh));
    case ot_string:
        bytes = qpdf_oh_get_binary_string_value(from, oh, &len);
        return qpdf_oh_new_binary_string(to, bytes, len);
    default: return qpdf_oh_new_null(to);
    }
}

/* Object oh of 'from' copied into 'to' whole, a stream with its data, so
 * that 'from' can be closed before 'to' is written
 * (qpdf_oh_copy_foreign_object leaves a copied stream's data to be read
 * from its source as the result is written). For a stamp's resources: an
 * object reached twice is copied twice, and there must be no cycle. */
static qpdf_oh copy_whole(qpdf_data to, qpdf_data from, qpdf_oh oh, int depth)
{
    if (depth > COPY_DEPTH) return qpdf_oh_new_null(to);
    if (qpdf_oh_is_stream(from, oh)) return copy_stream(to, from, oh, depth);
    qpdf_oh copy;
    if (qpdf_oh_is_dictionary(from, oh)) {
        copy = qpdf_oh_new_dictionary(to);
        copy_entries(to, from, oh, copy, false, depth);
    } else if (qpdf_oh_is_array(from, oh)) {
        copy = qpdf_oh_new_array(to);
        int n = qpdf_oh_get_array_n_items(from, oh);
        for (int i = 0; i < n; i++)
            qpdf_oh_append_item(to, copy,
                                copy_whole(to, from, qpdf_oh_get_array_item(from, oh, i), depth + 1));
    } else {
        copy = copy_scalar(to, from, oh);
    }
    return qpdf_oh_is_indirect(from, oh) ? qpdf_make_indirect_object(to, copy) : copy;
}

/* The stamp page's resources res copied into out: once for all the stamp
 * pages whose resources read the same (the stamp's pages share their fonts,
 * so each page's dictionary names the same objects). Copied whole: the
 * slice's stamp is closed once its pages are stamped, before the write. */
static qpdf_oh stamp_resources(qpdf_data out, shared_objs *so, qpdf_data st, qpdf_oh res)
{
    const char *text = qpdf_oh_unparse(st, res);
    char key[512];
    bool shareable = text && strlen(text) + 5 < sizeof key;
    if (shareable) snprintf(key, sizeof key, "res:%s", text);
    qpdf_oh copy = shareable ? shared_find(out, so, key) : 0;
    if (copy) return copy;
    copy = qpdf_make_indirect_object(out, copy_whole(out, st, res, 0));
    if (shareable) shared_keep(out, so, key, copy);
    return copy;
}

/* The array [0 0 w h], one indirect object for every stamp of that size
 * (five objects less a page of a big packet than each its own). */
static qpdf_oh shared_bbox(qpdf_data out, shared_objs *so, float w, float h)
{
    char key[64];
    snprintf(key, sizeof key, "box:%.3f %.3f", (double)w, (double)h);
    qpdf_oh bbox = shared_find(out, so, key);
    if (bbox) return bbox;
    bbox = qpdf_oh_new_array(out);
    double box[4] = {0, 0, w, h};
    for (int k = 0; k < 4; k++) qpdf_oh_append_item(out, bbox, qpdf_oh_new_real_from_double(out, box[k], 3));
    bbox = qpdf_make_indirect_object(out, bbox);
    shared_keep(out, so, key, bbox);
    return bbox;
}

/* Stamp page 'sp' of 'st' as a form XObject of 'out' (its content and
 * resources copied), or 0 when it draws nothing or cannot be read. */
static qpdf_oh stamp_form(qpdf_data out, shared_objs *so, qpdf_data st, qpdf_oh sp, float w,
                          float h)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if ((qpdf_oh_get_page_content_data(st, sp, &data, &len) & QPDF_ERRORS) || !len) {
        free(data);
        return 0;
    }
    qpdf_oh form = qpdf_oh_new_stream(out);
    qpdf_oh_replace_stream_data(out, form, data, len, qpdf_oh_new_null(out), qpdf_oh_new_null(out));
    free(data);
    qpdf_oh dict = qpdf_oh_get_dict(out, form);
    qpdf_oh_replace_key(out, dict, "/Type", qpdf_oh_new_name(out, "/XObject"));
    qpdf_oh_replace_key(out, dict, "/Subtype", qpdf_oh_new_name(out, "/Form"));
    qpdf_oh_replace_key(out, dict, "/BBox", shared_bbox(out, so, w, h));
    qpdf_oh res = qpdf_oh_get_key(st, sp, "/Resources");
    if (qpdf_oh_is_dictionary(st, res))
        qpdf_oh_replace_key(out, dict, "/Resources", stamp_resources(out, so, st, res));
    return form; /* a new stream is an indirect object already */
}

/* Draws the form over the page (after its content; the page's own resources
 * gain it as /WsStamp) and moves the page's content dx points sideways. */
static void finish_page(qpdf_data out, shared_objs *so, qpdf_oh page, const page_box *b,
                        qpdf_oh form, float dx)
{
    bool content = !qpdf_oh_is_null(out, qpdf_oh_get_key(out, page, "/Contents"));
    if (!form && (!content || dx == 0)) return;
    char pre[64] = "q\n", cm[96] = "", post[160];
    if (dx != 0) snprintf(pre, sizeof pre, "q 1 0 0 1 %.3f 0 cm\n", (double)dx);
    if (form) seen_to_user(b, cm, sizeof cm);
    snprintf(post, sizeof post, "%s%s%s%s", content ? "\nQ\n" : "", form ? "q " : "", cm,
             form ? " /WsStamp Do Q\n" : "");
    if (form) {
        qpdf_oh res = dict_copy(out, qpdf_oh_get_key(out, page, "/Resources"));
        qpdf_oh xo = dict_copy(out, qpdf_oh_get_key(out, res, "/XObject"));
        qpdf_oh_replace_key(out, xo, "/WsStamp", form);
        qpdf_oh_replace_key(out, res, "/XObject", xo);
        qpdf_oh_replace_key(out, page, "/Resources", res);
    }
    wrap_contents(out, so, page, pre, post);
}

/* The box of every bound page, as the stamp is drawn over it. */
static ws_status read_boxes(qpdf_data out, int total, page_box *boxes, const char *out_path,
                            ws_err *err)
{
    for (int i = 0; i < total; i++) {
        if (!get_box(out, qpdf_get_page_n(out, (size_t)i), &boxes[i]))
            return ws_err_set(err, WS_ERR_PDF, "%s 第 %d 页没有页面尺寸（MediaBox）", out_path, i + 1);
        qpdf_oh_release_all(out);
    }
    return WS_OK;
}

/* The stamp of pages [first, first + n) of 'total' (o->stamp), opened into 'in'. */
static ws_status open_stamp(int first, int n, int total, const ws_pdf_merge_opts *o,
                            const page_box *boxes, pdf_in *in, const char *out_path, ws_err *err)
{
    float *w = calloc((size_t)n + 1, sizeof *w), *h = calloc((size_t)n + 1, sizeof *h);
    ws_status st = w && h ? WS_OK : ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (int i = 0; st == WS_OK && i < n; i++)
        seen_size(&boxes[first + i], &w[i], &h[i]);
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (st == WS_OK) st = o->stamp(o->stamp_user, w, h, first, n, total, &pdf, &len, err);
    free(w);
    free(h);
    if (st != WS_OK) return st;
    in->bytes = (char *)pdf;
    in->len = len;
    in->q = quiet_qpdf();
    if (qpdf_read_memory(in->q, out_path, in->bytes, len, NULL) & QPDF_ERRORS)
        return qpdf_failed(in->q, "加页码", out_path, err);
    return WS_OK;
}

/* The stamp of the slice from page 'first' on, opened into 'in' (the
 * previous slice's closed first: what its pages drew was copied whole). */
static ws_status next_stamp(int first, int total, const ws_pdf_merge_opts *o,
                            const page_box *boxes, pdf_in *in, const char *out_path, ws_err *err)
{
    close_pdf(in);
    int n = total - first < WS_PDF_STAMP_SLICE ? total - first : WS_PDF_STAMP_SLICE;
    return open_stamp(first, n, total, o, boxes, in, out_path, err);
}

/* Shifts the versos and draws the stamp (o->stamp, asked for slice by
 * slice) over every page but the blank versos the merge added (blanks:
 * their indices ascending, then -1): counted, never numbered, as a book's
 * blank pages. */
static ws_status finish_pages(qpdf_data out, int total, const int *blanks,
                              const ws_pdf_merge_opts *o, const char *out_path, ws_err *err)
{
    bool shift = o && o->verso_shift_pt != 0;
    if (!o || (!o->stamp && !shift)) return WS_OK;
    page_box *boxes = calloc((size_t)total + 1, sizeof *boxes);
    ws_status st = boxes ? WS_OK : ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (st == WS_OK && o->stamp) st = read_boxes(out, total, boxes, out_path, err);
    shared_objs so = {0};
    pdf_in stamp = {0}; /* the slice's */
    qpdf_data sq = NULL;
    int nstamp = 0;
    for (int i = 0; st == WS_OK && i < total; i++) {
        if (o->stamp && i % WS_PDF_STAMP_SLICE == 0) {
            st = next_stamp(i, total, o, boxes, &stamp, out_path, err);
            if (st != WS_OK) break;
            sq = stamp.q;
            nstamp = qpdf_get_num_pages(sq);
            shared_forget(&so, "res:"); /* each slice's stamp brings its own font */
        }
        qpdf_oh page = qpdf_get_page_n(out, (size_t)i);
        qpdf_oh form = 0;
        int k = i % WS_PDF_STAMP_SLICE;
        bool blank = blanks && *blanks == i;
        blanks += blank;
        if (sq && k < nstamp && !blank) {
            float w, h;
            seen_size(&boxes[i], &w, &h);
            form = stamp_form(out, &so, sq, qpdf_get_page_n(sq, (size_t)k), w, h);
        }
        finish_page(out, &so, page, &boxes[i], form, shift && i % 2 ? -o->verso_shift_pt : 0);
        qpdf_oh_release_all(out); /* the C API keeps every handle it gave out until then */
        if (sq) qpdf_oh_release_all(sq);
    }
    if (st == WS_OK && qpdf_has_error(out)) st = qpdf_failed(out, "加页码", out_path, err);
    close_pdf(&stamp);
    shared_free(&so);
    free(boxes);
    return st;
}

/* One outline item per titled part, pointing at its first page. */
static void add_outline(qpdf_data out, const ws_pdf_part *parts, const int *first_page, size_t n)
{
    qpdf_oh outlines = qpdf_make_indirect_object(out, qpdf_oh_new_dictionary(out));
    qpdf_oh_replace_key(out, outlines, "/Type", qpdf_oh_new_name(out, "/Outlines"));
    qpdf_oh prev = 0, first = 0;
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i].title || first_page[i] < 0) continue;
        qpdf_oh item = qpdf_make_indirect_object(out, qpdf_oh_new_dictionary(out));
        qpdf_oh_replace_key(out, item, "/Title", qpdf_oh_new_unicode_string(out, parts[i].title));
        qpdf_oh_replace_key(out, item, "/Parent", outlines);
        qpdf_oh dest = qpdf_oh_new_array(out);
        qpdf_oh_append_item(out, dest, qpdf_get_page_n(out, (size_t)first_page[i]));
        qpdf_oh_append_item(out, dest, qpdf_oh_new_name(out, "/Fit"));
        qpdf_oh_replace_key(out, item, "/Dest", dest);
        if (prev) {
            qpdf_oh_replace_key(out, prev, "/Next", item);
            qpdf_oh_replace_key(out, item, "/Prev", prev);
        } else {
            first = item;
        }
        prev = item;
        count++;
    }
    if (!count) return;
    qpdf_oh_replace_key(out, outlines, "/First", first);
    qpdf_oh_replace_key(out, outlines, "/Last", prev);
    qpdf_oh_replace_key(out, outlines, "/Count", qpdf_oh_new_integer(out, count));
    qpdf_oh root = qpdf_get_root(out);
    qpdf_oh_replace_key(out, root, "/Outlines", outlines);
    qpdf_oh_replace_key(out, root, "/PageMode", qpdf_oh_new_name(out, "/UseOutlines"));
}

static void set_title(qpdf_data out, const char *title)
{
    if (!title) return;
    qpdf_oh info = qpdf_make_indirect_object(out, qpdf_oh_new_dictionary(out));
    qpdf_oh_replace_key(out, info, "/Title", qpdf_oh_new_unicode_string(out, title));
    qpdf_oh_replace_key(out, info, "/Producer", qpdf_oh_new_unicode_string(out, "wenshu"));
    qpdf_oh_replace_key(out, qpdf_get_trailer(out), "/Info", info);
}

/* AES-256 (R6): the clerk's password opens the file; the owner password
 * (never the same, see ws_pdf_merge_opts) is needed only to change it. */
static void set_encryption(qpdf_data q, const ws_pdf_merge_opts *o)
{
    const char *owner = o->owner_password ? o->owner_password : o->password;
    qpdf_set_r6_encryption_parameters2(q, o->password, owner, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
                                       QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, qpdf_r3p_full, QPDF_TRUE);
}

/* qpdf writes into memory and wenshu writes the bytes (ws_write_file_atomic):
 * qpdf's own file output ignores a failed final flush and close, so on a
 * full disk it left a truncated file that was then renamed into place. */
/* After qpdf_init_write*: encrypted, or a deterministic /ID; object streams. */
static void set_write_options(qpdf_data out, const ws_pdf_merge_opts *o)
{
    if (o && o->password) set_encryption(out, o);
    else qpdf_set_deterministic_ID(out, QPDF_TRUE);
    qpdf_set_object_stream_mode(out, qpdf_o_generate);
}

static ws_status write_out(qpdf_data out, const ws_pdf_merge_opts *o, const char *out_path,
                           ws_err *err)
{
    if (qpdf_init_write_memory(out) & QPDF_ERRORS) return qpdf_failed(out, "写入", out_path, err);
    set_write_options(out, o);
    if (qpdf_write(out) & QPDF_ERRORS) return qpdf_failed(out, "写入", out_path, err);
    const unsigned char *bytes = qpdf_get_buffer(out);
    size_t len = qpdf_get_buffer_length(out);
    if (!bytes) return ws_err_set(err, WS_ERR_PDF, "写入 %s 失败：qpdf 没有生成内容", out_path);
    return ws_write_file_atomic(out_path, bytes, len, err);
}

/* Whether the file at fd is all qpdf wrote: qpdf does not check the
 * writes of its file output (a file past the disk's limit came out with its
 * end missing and no error), so the file must end with "%%EOF" and its
 * startxref must point at the cross-reference (an object header or "xref"),
 * which it does not when a buffer was lost on the way: qpdf counted the
 * bytes it meant to write. */
static bool written_whole(int fd)
{
    char tail[64];
    off_t size = lseek(fd, 0, SEEK_END);
    off_t from = size > (off_t)sizeof tail - 1 ? size - (off_t)sizeof tail + 1 : 0;
    ssize_t k = pread(fd, tail, (size_t)(size - from), from);
    if (k <= 0 || k != size - from) return false;
    tail[k] = 0;
    const char *sx = memmem(tail, (size_t)k, "startxref\n", 10); /* binary bytes before it */
    long long at = -1;
    if (!sx || k < 6 || strcmp(tail + k - 6, "%%EOF\n") || sscanf(sx + 10, "%lld", &at) != 1 ||
        at < 0 || at >= (long long)size)
        return false;
    char head[24] = {0};
    if (pread(fd, head, sizeof head - 1, (off_t)at) <= 0) return false;
    unsigned num, gen;
    char word[4] = {0};
    return !strncmp(head, "xref", 4) ||
           (sscanf(head, "%u %u %3s", &num, &gen, word) == 3 && !strcmp(word, "obj"));
}

/* Why the disk refused the end of 'path' (ENOSPC, EFBIG …): one more byte
 * written to it is refused for the same reason. 0 when it is not. */
static int refusal_of(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) return errno;
    int e = write(fd, "\n", 1) == 1 ? 0 : errno;
    close(fd);
    return e;
}

/* What a failed write of qpdf's says to the clerk: the disk's own reason
 * when errno names one (full, too large, quota …), else qpdf's message. */
static ws_status write_failed(qpdf_data out, int errnum, const char *out_path, ws_err *err)
{
    const char *disk = ws_disk_reason(errnum, NULL);
    if (disk) return ws_err_set(err, WS_ERR_IO, "写入 %s 失败：%s", out_path, disk);
    return qpdf_failed(out, "写入", out_path, err);
}

/* As write_out, but qpdf writes the file itself (a temporary beside
 * out_path, renamed when complete): a bound packet of 1000 forms held its
 * 60 MB twice over in memory on the way to the disk. */
static ws_status write_out_file(qpdf_data out, const ws_pdf_merge_opts *o, const char *out_path,
                                ws_err *err)
{
    char tmp[PATH_MAX];
    ws_tmp_path_for(out_path, tmp, sizeof tmp);
    if (qpdf_init_write(out, tmp) & QPDF_ERRORS) {
        ws_status st = write_failed(out, errno, out_path, err);
        unlink(tmp);
        return st;
    }
    set_write_options(out, o);
    errno = 0;
    if (qpdf_write(out) & QPDF_ERRORS) {
        ws_status st = write_failed(out, errno, out_path, err);
        unlink(tmp);
        return st;
    }
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    bool whole = fd >= 0 && written_whole(fd);
    if (fd >= 0) close(fd);
    if (!whole) {
        const char *why = ws_disk_reason(refusal_of(tmp), "文件没有写完整（磁盘可能已满，或超过了单个文件大小的上限）");
        unlink(tmp);
        return ws_err_set(err, WS_ERR_IO, "写入 %s 失败：%s", out_path, why);
    }
    return ws_commit_tmp(tmp, out_path, err);
}

/* The part among parts[0..upto) that holds path open, or NULL. */
static pdf_in *opener(const ws_pdf_part *parts, pdf_in *ins, size_t upto, const char *path)
{
    for (size_t k = 0; k < upto; k++)
        if (ins[k].q && !strcmp(parts[k].path, path)) return &ins[k];
    return NULL;
}

/* The handle of an earlier part of the same file, or NULL: qpdf copies an
 * object shared by pages of one source (a font) once per source handle. */
static qpdf_data opened_before(const ws_pdf_part *parts, pdf_in *ins, size_t i)
{
    pdf_in *in = opener(parts, ins, i, parts[i].path);
    return in ? in->q : NULL;
}

/* Whether a part after i binds pages of the same file. */
static bool used_later(const ws_pdf_part *parts, size_t n, size_t i)
{
    for (size_t k = i + 1; k < n; k++)
        if (!strcmp(parts[k].path, parts[i].path)) return true;
    return false;
}

/* Lets go of qpdf's parse of part i's file once its last pages are bound:
 * the copies read their streams' data from the file (or the bytes read
 * whole, kept until the write), not from that parse (libqpdf >= 8.3), and
 * the parses of every part held until the write were most of a big
 * packet's memory. */
static void release_parse(const ws_pdf_part *parts, pdf_in *ins, size_t i)
{
    pdf_in *in = opener(parts, ins, i + 1, parts[i].path);
    if (in) qpdf_cleanup(&in->q);
}

ws_status ws_pdf_merge(const ws_pdf_part *parts, size_t n, const ws_pdf_merge_opts *o,
                       const char *out_path, int *pages, ws_err *err)
{
    if (ws_qpdf_open(err) != WS_OK) return err->status;
    ws_status st = WS_OK;
    qpdf_data out = quiet_qpdf();
    pdf_in *ins = calloc(n ? n : 1, sizeof *ins);
    int *first = calloc(n ? n : 1, sizeof *first);
    int *blanks = malloc((n + 1) * sizeof *blanks), nblanks = 0; /* the versos added, in order */
    if (!ins || !first || !blanks) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    if (qpdf_empty_pdf(out) & QPDF_ERRORS) {
        st = qpdf_failed(out, "新建", out_path, err);
        goto done;
    }
    int total = 0;
    size_t read_whole = 0; /* bytes of the sources read into memory */
    for (size_t i = 0; i < n; i++) { /* sources stay open until the write */
        first[i] = -1;
        qpdf_data in = opened_before(parts, ins, i);
        if (!in) {
            in = open_pdf(parts[i].path, o ? o->read_password : NULL,
                          read_whole < MERGE_READ_WHOLE_BYTES, &ins[i], err);
            read_whole += ins[i].len;
        }
        if (!in) {
            st = err->status;
            goto done;
        }
        int np = qpdf_get_num_pages(in), from = 0;
        if (parts[i].range) {
            if (parts[i].first < 0 || parts[i].count < 0 || parts[i].first + parts[i].count > np) {
                st = ws_err_set(err, WS_ERR_PDF, "合并 %s 失败：没有第 %d–%d 页", parts[i].path,
                                parts[i].first + 1, parts[i].first + parts[i].count);
                goto done;
            }
            from = parts[i].first;
            np = parts[i].count;
        }
        for (int k = from; k < from + np; k++)
            if (qpdf_add_page(out, in, qpdf_get_page_n(in, (size_t)k), QPDF_FALSE) &
                QPDF_ERRORS) {
                st = qpdf_failed(out, "合并", parts[i].path, err);
                goto done;
            }
        if (np > 0) first[i] = total;
        total += np;
        if (!used_later(parts, n, i)) release_parse(parts, ins, i);
        if (o && o->duplex && np % 2 == 1) {
            add_blank_page(out, qpdf_get_page_n(out, (size_t)total - 1));
            blanks[nblanks++] = total++;
        }
    }
    blanks[nblanks] = -1;
    st = finish_pages(out, total, blanks, o, out_path, err);
    if (st != WS_OK) goto done;
    add_outline(out, parts, first, n);
    set_title(out, o ? o->title : NULL);
    st = write_out_file(out, o, out_path, err);
    if (pages) *pages = total;
done:
    qpdf_cleanup(&out);
    for (size_t i = 0; ins && i < n; i++)
        close_pdf(&ins[i]);
    free(ins);
    free(first);
    free(blanks);
    return st;
}

ws_status ws_pdf_encrypt_write(const unsigned char *pdf, size_t len, const ws_pdf_merge_opts *o,
                               const char *out_path, ws_err *err)
{
    if (ws_qpdf_open(err) != WS_OK) return err->status;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    ws_status st;
    if (qpdf_read_memory(q, out_path, (const char *)pdf, len, o->read_password) & QPDF_ERRORS)
        st = qpdf_failed(q, "读取", out_path, err);
    else
        st = write_out(q, o, out_path, err);
    qpdf_cleanup(&q);
    return st;
}
