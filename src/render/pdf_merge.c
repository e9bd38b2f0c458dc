/* render/pdf_merge.c - see pdf_merge.h. */
#include "render/pdf_merge.h"

#include <limits.h>
#include <qpdf/qpdf-c.h>
#include <qpdf/qpdfjob-c.h>
#include <qpdf/qpdflogger-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/strbuf.h"

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

/* A PDF qpdf reads from memory, and the bytes it reads (kept until closed). */
typedef struct pdf_in {
    qpdf_data q;
    char *bytes;
} pdf_in;

/* Opens a PDF; 'password' (may be NULL) opens one that build --encrypt wrote.
 * The file is read whole and parsed from memory: from a file qpdf seeks
 * (fseek + lseek) for every object it reads, which was a third of the time
 * spent binding a packet. NULL with err set. */
static qpdf_data open_pdf(const char *path, const char *password, pdf_in *in, ws_err *err)
{
    size_t len = 0;
    ws_err why;
    in->bytes = NULL;
    if (ws_read_file(path, &in->bytes, &len, &why) != WS_OK) {
        ws_err_set(err, why.status == WS_ERR_NOMEM ? WS_ERR_NOMEM : WS_ERR_PDF, "%s", why.msg);
        return in->q = NULL;
    }
    in->q = quiet_qpdf();
    if (qpdf_read_memory(in->q, path, in->bytes, len, password) & QPDF_ERRORS) {
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
    pdf_in in;
    qpdf_data q = open_pdf(path, password, &in, err);
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

/* Moves a page's drawing dx points sideways: its content streams wrapped in
 * "q 1 0 0 1 dx 0 cm … Q". A page without content (a blank verso) is left. */
static void shift_page(qpdf_data out, qpdf_oh page, float dx)
{
    qpdf_oh contents = qpdf_oh_get_key(out, page, "/Contents");
    if (qpdf_oh_is_null(out, contents)) return;
    qpdf_oh list = qpdf_oh_new_array(out);
    char pre[64];
    int n = snprintf(pre, sizeof pre, "q 1 0 0 1 %.3f 0 cm\n", (double)dx);
    qpdf_oh head = qpdf_oh_new_stream(out), tail = qpdf_oh_new_stream(out);
    qpdf_oh_replace_stream_data(out, head, (const unsigned char *)pre, (size_t)n,
                                qpdf_oh_new_null(out), qpdf_oh_new_null(out));
    qpdf_oh_replace_stream_data(out, tail, (const unsigned char *)"\nQ\n", 3,
                                qpdf_oh_new_null(out), qpdf_oh_new_null(out));
    qpdf_oh_append_item(out, list, head);
    if (qpdf_oh_is_array(out, contents)) {
        int k = qpdf_oh_get_array_n_items(out, contents);
        for (int i = 0; i < k; i++) qpdf_oh_append_item(out, list, qpdf_oh_get_array_item(out, contents, i));
    } else {
        qpdf_oh_append_item(out, list, contents);
    }
    qpdf_oh_append_item(out, list, tail);
    qpdf_oh_replace_key(out, page, "/Contents", list);
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
static ws_status write_out(qpdf_data out, const ws_pdf_merge_opts *o, const char *out_path,
                           ws_err *err)
{
    if (qpdf_init_write_memory(out) & QPDF_ERRORS) return qpdf_failed(out, "写入", out_path, err);
    if (o && o->password) set_encryption(out, o);
    else qpdf_set_deterministic_ID(out, QPDF_TRUE);
    qpdf_set_object_stream_mode(out, qpdf_o_generate);
    if (qpdf_write(out) & QPDF_ERRORS) return qpdf_failed(out, "写入", out_path, err);
    const unsigned char *bytes = qpdf_get_buffer(out);
    size_t len = qpdf_get_buffer_length(out);
    if (!bytes) return ws_err_set(err, WS_ERR_PDF, "写入 %s 失败：qpdf 没有生成内容", out_path);
    return ws_write_file_atomic(out_path, bytes, len, err);
}

/* The handle of an earlier part of the same file, or NULL: qpdf copies an
 * object shared by pages of one source (a font) once per source handle. */
static qpdf_data opened_before(const ws_pdf_part *parts, const pdf_in *ins, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (ins[k].q && !strcmp(parts[k].path, parts[i].path)) return ins[k].q;
    return NULL;
}

ws_status ws_pdf_merge(const ws_pdf_part *parts, size_t n, const ws_pdf_merge_opts *o,
                       const char *out_path, int *pages, ws_err *err)
{
    ws_status st = WS_OK;
    qpdf_data out = quiet_qpdf();
    pdf_in *ins = calloc(n ? n : 1, sizeof *ins);
    int *first = calloc(n ? n : 1, sizeof *first);
    if (!ins || !first) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    if (qpdf_empty_pdf(out) & QPDF_ERRORS) {
        st = qpdf_failed(out, "新建", out_path, err);
        goto done;
    }
    int total = 0;
    for (size_t i = 0; i < n; i++) { /* sources stay open until the write */
        first[i] = -1;
        qpdf_data in = opened_before(parts, ins, i);
        if (!in) in = open_pdf(parts[i].path, o ? o->read_password : NULL, &ins[i], err);
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
        if (o && o->duplex && np % 2 == 1) {
            add_blank_page(out, qpdf_get_page_n(out, (size_t)total - 1));
            total++;
        }
    }
    for (int k = 1; o && o->verso_shift_pt != 0 && k < total; k += 2) /* pages 2, 4, 6 … */
        shift_page(out, qpdf_get_page_n(out, (size_t)k), -o->verso_shift_pt);
    add_outline(out, parts, first, n);
    set_title(out, o ? o->title : NULL);
    st = write_out(out, o, out_path, err);
    if (pages) *pages = total;
done:
    for (size_t i = 0; ins && i < n; i++)
        close_pdf(&ins[i]);
    qpdf_cleanup(&out);
    free(ins);
    free(first);
    return st;
}

ws_status ws_pdf_encrypt_write(const unsigned char *pdf, size_t len, const ws_pdf_merge_opts *o,
                               const char *out_path, ws_err *err)
{
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

ws_status ws_pdf_page_sizes(const char *path, const char *password, float **w, float **h, int *n,
                            ws_err *err)
{
    pdf_in in;
    qpdf_data q = open_pdf(path, password, &in, err);
    if (!q) return err->status;
    qpdf_push_inherited_attributes_to_page(q);
    int np = qpdf_get_num_pages(q);
    *w = calloc(np > 0 ? (size_t)np : 1, sizeof **w);
    *h = calloc(np > 0 ? (size_t)np : 1, sizeof **h);
    ws_status st = WS_OK;
    if (np < 0) st = qpdf_failed(q, "读取页面", path, err);
    else if (!*w || !*h) st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (int i = 0; st == WS_OK && i < np; i++) {
        qpdf_oh box = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)i), "/MediaBox");
        if (!qpdf_oh_is_array(q, box) || qpdf_oh_get_array_n_items(q, box) != 4) {
            st = ws_err_set(err, WS_ERR_PDF, "%s 第 %d 页没有页面尺寸（MediaBox）", path, i + 1);
            break;
        }
        double c[4];
        for (int k = 0; k < 4; k++) c[k] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, k));
        (*w)[i] = (float)(c[2] - c[0]);
        (*h)[i] = (float)(c[3] - c[1]);
    }
    *n = np < 0 ? 0 : np;
    if (st != WS_OK) {
        free(*w), free(*h);
        *w = *h = NULL;
    }
    close_pdf(&in);
    return st;
}

/* path as a JSON string (quotes and backslashes escaped, control bytes as \u). */
static void json_string(ws_buf *b, const char *path)
{
    ws_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '"' || *p == '\\') ws_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20) ws_buf_printf(b, "\\u%04x", *p);
        else ws_buf_putc(b, (char)*p);
    }
    ws_buf_putc(b, '"');
}

/* qpdf's "save" output ("outputFile": "-") collected in memory. */
static int save_to_buf(const char *data, size_t len, void *user)
{
    ws_buf *b = user;
    ws_buf_append(b, data, len);
    return b->failed ? -1 : 0;
}

ws_status ws_pdf_overlay(const char *in, const char *stamp, const ws_pdf_merge_opts *o,
                         const char *out_path, ws_err *err)
{
    ws_buf job = WS_BUF_INIT, pdf = WS_BUF_INIT;
    ws_buf_puts(&job, "{\"inputFile\": ");
    json_string(&job, in);
    if (o && o->read_password) {
        ws_buf_puts(&job, ", \"password\": ");
        json_string(&job, o->read_password);
        ws_buf_puts(&job, ", \"decrypt\": \"\"");
    }
    ws_buf_puts(&job, ", \"outputFile\": \"-\", \"deterministicId\": \"\", "
                      "\"objectStreams\": \"generate\", \"overlay\": {\"file\": ");
    json_string(&job, stamp);
    if (o && o->read_password) {
        ws_buf_puts(&job, ", \"password\": ");
        json_string(&job, o->read_password);
    }
    ws_buf_puts(&job, "}}");
    ws_status st = WS_OK;
    if (job.failed) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    /* qpdfjob writes its own messages to stderr; ours names the file */
    qpdfjob_handle j = qpdfjob_init();
    qpdflogger_handle log = qpdflogger_create();
    qpdflogger_set_save(log, qpdf_log_dest_custom, save_to_buf, &pdf, 0);
    qpdflogger_set_warn(log, qpdf_log_dest_discard, NULL, NULL); /* no English WARNING: lines */
    qpdfjob_set_logger(j, log);
    int rc = qpdfjob_initialize_from_json(j, job.p);
    if (rc == 0) rc = qpdfjob_run(j);
    qpdflogger_cleanup(&log);
    qpdfjob_cleanup(&j);
    if ((rc != 0 && rc != 3) || pdf.failed || pdf.len == 0) { /* 3: warnings only */
        st = pdf.failed ? ws_err_set(err, WS_ERR_NOMEM, "内存不足")
                        : ws_err_set(err, WS_ERR_PDF, "给 %s 加页码失败（qpdf 退出码 %d）", out_path, rc);
        goto done;
    }
    if (o && o->password) {
        ws_pdf_merge_opts enc = *o;
        enc.read_password = NULL; /* the overlay's output is decrypted, in memory only */
        st = ws_pdf_encrypt_write((const unsigned char *)pdf.p, pdf.len, &enc, out_path, err);
    } else {
        st = ws_write_file_atomic(out_path, pdf.p, pdf.len, err);
    }
done:
    ws_buf_free(&job);
    ws_buf_free(&pdf);
    return st;
}
