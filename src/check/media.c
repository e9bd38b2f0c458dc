/* check/media.c - rule kinds about files a record names: photo, files.
 *
 * Paths are relative to the records file's folder, as `wenshu build` reads
 * them; absolute paths and ".." are refused for the same reason (a
 * spreadsheet must not make wenshu read files elsewhere). A photo is
 * decoded with input/image.c exactly as the build will, in a scratch arena
 * freed right after, so checking a thousand 5 MB photos does not hold them
 * all in memory; an attachment is opened the same way (a PDF through the
 * caller's page counter, libqpdf), so a file the packet could not bind
 * fails its record in check as in build. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/fs.h"
#include "check/rules_impl.h"
#include "input/image.h"
#include "template/doc.h"

static finding_at at_field(size_t file, size_t record, int field)
{
    return (finding_at){file, record, field, -1, -1};
}

/* The file a record's path names, or false (and a reason) when the path
 * may not be used. */
static bool resolve(const check_run *run, size_t file, const char *value, char *out, size_t n,
                    const char **why)
{
    if (value[0] == '/' || strstr(value, "..") || strchr(value, '\\') || strchr(value, ':')) {
        *why = "路径不在记录表所在的文件夹内（只能用相对路径，不能含 ..、\\ 或盘符）";
        return false;
    }
    ws_path_join(run->files[file]->rs->base_dir, value, out, n);
    return true;
}

static bool format_allowed(const ws_rule *r, ws_image_kind kind)
{
    if (!r->nvalues) return true;
    const char *want = kind == WS_IMAGE_JPEG ? "jpeg" : "png";
    for (size_t i = 0; i < r->nvalues; i++)
        if (!strcmp(r->values[i], want)) return true;
    return false;
}

/* Size, format and pixel limits of a loaded photo. */
static void photo_limits(check_run *run, const ws_rule *r, finding_at at, const char *v,
                         const ws_image *img)
{
    int w = ws_image_shown_width(img), h = ws_image_shown_height(img);
    if (!format_allowed(r, img->kind))
        ws_run_report(run, r, at, v, "照片应为%s格式，实际为%s",
                      r->nvalues == 1 && !strcmp(r->values[0], "jpeg") ? " JPEG（.jpg）" : " PNG",
                      img->kind == WS_IMAGE_JPEG ? " JPEG" : " PNG");
    if (r->max_kb > 0 && (double)img->file_size > r->max_kb * 1024)
        ws_run_report(run, r, at, v, "照片文件%.1fKB，超过%gKB", (double)img->file_size / 1024,
                      r->max_kb);
    if (r->min_px[0] && (w < r->min_px[0] || h < r->min_px[1]))
        ws_run_report(run, r, at, v, "照片%d×%d像素，小于%d×%d像素", w, h, r->min_px[0],
                      r->min_px[1]);
    if (r->max_px[0] && (w > r->max_px[0] || h > r->max_px[1]))
        ws_run_report(run, r, at, v, "照片%d×%d像素，大于%d×%d像素", w, h, r->max_px[0],
                      r->max_px[1]);
}

void ws_check_photo(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        finding_at at = at_field(file, record, r->fields[i]);
        if (!v[0]) {
            if (r->require) ws_run_report(run, r, at, "", "未提供照片");
            continue;
        }
        char path[4096];
        const char *why;
        /* What the build refuses (a path outside the folder, a damaged image) is an
         * error whatever the rule's level; only a missing file may be a warning:
         * the form then prints the box a paper photo is glued in. */
        if (!resolve(run, file, v, path, sizeof path, &why)) {
            ws_run_report_as(run, WS_LEVEL_ERROR, r->id, r->words, at, v, "%s", why);
            continue;
        }
        if (run->ctx->skip_files) continue;
        ws_err e;
        if (ws_open_regular(path, NULL, NULL, &e) != WS_OK) { /* never blocks on a FIFO */
            if (errno == ENOENT) ws_run_report(run, r, at, v, "找不到照片文件 %s", path);
            else ws_run_report(run, r, at, v, "照片 %s %s", path, e.msg);
            continue;
        }
        ws_arena *scratch = ws_arena_create(0);
        ws_image *img;
        if (!scratch)
            run->nomem = true;
        else if (ws_image_load_within(path, 0, scratch, &img, &e) != WS_OK) /* as it is */
            ws_run_report_as(run, WS_LEVEL_ERROR, r->id, r->words, at, v, "照片无法使用：%s",
                             e.msg);
        else
            photo_limits(run, r, at, v, img);
        ws_arena_destroy(scratch);
    }
}

void ws_check_photo_builtin(check_run *run, size_t file, size_t record, int field)
{
    const char *v = ws_run_value(run, file, record, field);
    finding_at at = at_field(file, record, field);
    char path[4096];
    const char *why;
    if (!v[0]) return;
    if (!resolve(run, file, v, path, sizeof path, &why)) {
        ws_run_report_as(run, WS_LEVEL_ERROR, "照片", "", at, v, "%s", why);
        return;
    }
    if (run->ctx->skip_files) return;
    if (!ws_file_exists(path)) {
        ws_run_report_as(run, WS_LEVEL_WARNING, "照片", "", at, v,
                         "找不到照片文件 %s（表上将留出照片框）", path);
        return;
    }
    ws_arena *scratch = ws_arena_create(0);
    ws_image *img;
    ws_err e;
    if (!scratch)
        run->nomem = true;
    else if (ws_image_load_within(path, 0, scratch, &img, &e) != WS_OK) /* as it is */
        ws_run_report_as(run, WS_LEVEL_ERROR, "照片", "", at, v, "照片无法使用：%s", e.msg);
    ws_arena_destroy(scratch);
}

static bool extension_allowed(const ws_rule *r, const char *path)
{
    if (!r->nvalues) return true;
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return false;
    for (size_t i = 0; i < r->nvalues; i++)
        if (!strcasecmp(dot + 1, r->values[i])) return true;
    return false;
}

static bool is_pdf(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".pdf");
}

/* Why the file at path cannot be bound as the build binds it (a PDF qpdf
 * cannot read, an image input/image.c cannot decode), into why[0..n);
 * false when it can, or when there is no way to tell (no page counter). */
static bool unreadable(check_run *run, const char *path, char *why, size_t n)
{
    if (is_pdf(path)) {
        if (!run->ctx->pdf_pages || run->ctx->pdf_pages(path, run->ctx->pdf_user) >= 0) return false;
        snprintf(why, n, "%s 不是可以读取的 PDF 文件（可能已损坏或只复制了一部分），请重新导出或扫描",
                 path);
        return true;
    }
    ws_arena *scratch = ws_arena_create(0); /* decoded as the packet will, then let go */
    ws_image *img;
    ws_err e;
    bool bad = scratch && ws_image_load_within(path, 0, scratch, &img, &e) != WS_OK;
    if (!scratch) run->nomem = true;
    if (bad) snprintf(why, n, "%.400s，请重新扫描或导出", e.msg);
    ws_arena_destroy(scratch);
    return bad;
}

static void one_file(check_run *run, const ws_rule *r, finding_at at, const char *name)
{
    char path[4096];
    const char *why;
    size_t size = 0;
    ws_err e;
    if (!resolve(run, at.file, name, path, sizeof path, &why)) { /* the build refuses it */
        ws_run_report_as(run, WS_LEVEL_ERROR, r->id, r->words, at, name, "%s", why);
    } else if (!extension_allowed(r, name)) {
        ws_run_report(run, r, at, name, "文件类型不符（可用：%s%s%s%s）", r->values[0],
                      r->nvalues > 1 ? "、" : "", r->nvalues > 1 ? r->values[1] : "",
                      r->nvalues > 2 ? " 等" : "");
    } else if (run->ctx->skip_files) {
        return;
    } else if (ws_open_regular(path, NULL, &size, &e) != WS_OK) { /* never blocks on a FIFO */
        if (errno == ENOENT) ws_run_report(run, r, at, name, "找不到文件 %s", path);
        else ws_run_report(run, r, at, name, "%s %s", path, e.msg);
    } else if (size == 0) {
        ws_run_report(run, r, at, name, "文件 %s 是空的", path);
    } else {
        char why_not[640];
        if (unreadable(run, path, why_not, sizeof why_not))
            ws_run_report(run, r, at, name, "%s", why_not);
    }
}

/* Calls fn for each path of a files value (separated by ';', '；' or new
 * lines, blanks trimmed), as the build splits it. */
static void each_item(const char *v, void (*fn)(void *user, const char *name), void *user)
{
    const char *s = v;
    while (*s) {
        size_t len = strcspn(s, ";\n");
        const char *full = strstr(s, "；");
        if (full && (size_t)(full - s) < len) len = (size_t)(full - s);
        char name[1024];
        size_t a = 0, b = len;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
            b--;
        snprintf(name, sizeof name, "%.*s", (int)(b - a), s + a);
        if (name[0]) fn(user, name);
        s += len;
        if (!strncmp(s, "；", strlen("；")))
            s += strlen("；");
        else if (*s)
            s++;
    }
}

typedef struct file_check {
    check_run *run;
    const ws_rule *r;
    finding_at at;
} file_check;

static void check_item(void *user, const char *name)
{
    file_check *fc = user;
    one_file(fc->run, fc->r, fc->at, name);
}

void ws_check_files(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        file_check fc = {run, r, at_field(file, record, r->fields[i])};
        each_item(ws_run_value(run, file, record, r->fields[i]), check_item, &fc);
    }
}

/* --- packet page limits (max_pages) ------------------------------------------------------ */

/* `check` cannot bind a packet, but its attachments' pages are known
 * before the build: a PDF's own count, an image one A4 page. When they
 * alone are over the packet's max_pages, the build will be too, so check
 * says it now, at the packet's level (an error keeps the record out of the
 * build, as the build's own preflight does). Files that cannot be used
 * count 0: the files and photo rules report them. */
typedef struct page_count {
    check_run *run;
    size_t file;
    int pages;
} page_count;

static void count_item(void *user, const char *name)
{
    page_count *pc = user;
    char path[4096];
    const char *why;
    ws_err e;
    if (pc->run->ctx->skip_files || !resolve(pc->run, pc->file, name, path, sizeof path, &why) ||
        ws_open_regular(path, NULL, NULL, &e) != WS_OK) /* never blocks on a FIFO */
        return;
    if (!is_pdf(path)) {
        pc->pages++;
        return;
    }
    int n = pc->run->ctx->pdf_pages ? pc->run->ctx->pdf_pages(path, pc->run->ctx->pdf_user) : 0;
    if (n > 0) pc->pages += n;
}

/* The pages of record k's attachments that packet d binds. */
static int attachment_pages(check_run *run, const ws_doc_def *d, size_t file, size_t k)
{
    page_count pc = {run, file, 0};
    for (size_t i = 0; i < d->nparts; i++)
        if (d->parts[i].files_field >= 0)
            each_item(ws_run_value(run, file, k, d->parts[i].files_field), count_item, &pc);
    return pc.pages;
}

static int first_files_field(const ws_doc_def *d)
{
    for (size_t i = 0; i < d->nparts; i++)
        if (d->parts[i].files_field >= 0) return d->parts[i].files_field;
    return -1;
}

static bool in_packet(const ws_doc_def *d, const ws_record *rec)
{
    const ws_select_def *sel = &d->select;
    return ws_where_holds(sel->where, sel->nwhere, false, rec) &&
           ws_where_holds(sel->where_any, sel->nwhere_any, true, rec);
}

static void record_packet_pages(check_run *run, const ws_doc_def *d, ws_level level)
{
    int field = first_files_field(d);
    char over[64];
    for (size_t f = 0; f < run->nfiles; f++) {
        for (size_t k = 0; k < run->files[f]->rs->n && !run->nomem; k++) {
            if (!in_packet(d, &run->files[f]->rs->records[k])) continue;
            int pages = attachment_pages(run, d, f, k);
            if (pages > d->max_pages)
                ws_run_report_as(run, level, "页数", d->max_pages_words, at_field(f, k, field), "",
                                 "「%s」仅附件就有 %d 页，%s，装订后还会更多", d->name, pages,
                                 ws_doc_page_limit_text(d, over, sizeof over));
        }
    }
}

/* A unit's (or the program's) packet: every matching record's attachments,
 * summed per unit (in the order units first appear). */
typedef struct unit_pages {
    const char *unit;
    size_t file; /* where it first appears */
    int pages;
} unit_pages;

static void shared_packet_pages(check_run *run, const ws_doc_def *d, ws_level level)
{
    int uf = d->select.scope == WS_SCOPE_UNIT ? run->rules->program->unit_field : -1;
    size_t total = 0, nu = 0;
    for (size_t f = 0; f < run->nfiles; f++) total += run->files[f]->rs->n;
    unit_pages *u = ws_arena_calloc(run->arena, total ? total : 1, sizeof *u);
    char over[64];
    if (!u) {
        run->nomem = true;
        return;
    }
    for (size_t f = 0; f < run->nfiles; f++) {
        for (size_t k = 0; k < run->files[f]->rs->n; k++) {
            const ws_record *rec = &run->files[f]->rs->records[k];
            const char *unit = uf >= 0 ? rec->values[uf] : "";
            if (!in_packet(d, rec) || (uf >= 0 && !unit[0])) continue;
            size_t i = 0;
            while (i < nu && !ws_value_is(unit, u[i].unit)) i++;
            if (i == nu) u[nu++] = (unit_pages){unit, f, 0};
            u[i].pages += attachment_pages(run, d, f, k);
        }
    }
    for (size_t i = 0; i < nu; i++)
        if (u[i].pages > d->max_pages)
            ws_run_report_as(run, level, "页数", d->max_pages_words,
                             at_field(u[i].file, WS_NO_RECORD, uf), u[i].unit,
                             "「%s」（%s）仅附件就有 %d 页，%s，装订后还会更多", d->name,
                             uf >= 0 ? u[i].unit : "全部", u[i].pages,
                             ws_doc_page_limit_text(d, over, sizeof over));
}

void ws_check_packet_pages(check_run *run)
{
    const ws_program *p = run->rules->program;
    for (size_t i = 0; i < p->ndocs && !run->nomem; i++) {
        const ws_doc_def *d = p->docs[i];
        if (d->kind != WS_DOC_PACKET || !d->max_pages || first_files_field(d) < 0) continue;
        ws_level level = d->max_pages_warning ? WS_LEVEL_WARNING : WS_LEVEL_ERROR;
        if (d->select.scope == WS_SCOPE_RECORD) record_packet_pages(run, d, level);
        else shared_packet_pages(run, d, level);
    }
}
