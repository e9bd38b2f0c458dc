/* check/media.c - rule kinds about files a record names: photo, files.
 *
 * Paths are relative to the records file's folder, as `wenshu build` reads
 * them; absolute paths and ".." are refused for the same reason (a
 * spreadsheet must not make wenshu read files elsewhere). A photo is
 * decoded with input/image.c exactly as the build will, in a scratch arena
 * freed right after, so checking a thousand 5 MB photos does not hold them
 * all in memory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/fs.h"
#include "check/rules_impl.h"
#include "input/image.h"

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
        else if (ws_image_load(path, scratch, &img, &e) != WS_OK)
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
    else if (ws_image_load(path, scratch, &img, &e) != WS_OK)
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
    }
}

void ws_check_files(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        finding_at at = at_field(file, record, r->fields[i]);
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
            if (name[0]) one_file(run, r, at, name);
            s += len;
            if (!strncmp(s, "；", strlen("；")))
                s += strlen("；");
            else if (*s)
                s++;
        }
    }
}
