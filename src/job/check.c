/* job/check.c - see check.h. Moved here from cli/check.c so that the web
 * page (src/serve) runs the very check the command runs. */
#include "job/check.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "job/build.h"
#include "layout/flow.h"
#include "template/bind.h"

void ws_json_str(ws_buf *b, const char *s)
{
    if (!s) {
        ws_buf_puts(b, "null");
        return;
    }
    ws_buf_putc(b, '"');
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            ws_buf_printf(b, "\\%c", *c);
        else if (*c == '\n')
            ws_buf_puts(b, "\\n");
        else if (*c == '\r')
            ws_buf_puts(b, "\\r");
        else if (*c == '\t')
            ws_buf_puts(b, "\\t");
        else if (*c < 0x20 || *c == 0x7F)
            ws_buf_printf(b, "\\u%04x", *c);
        else if (*c < 0x80)
            ws_buf_putc(b, (char)*c);
        else { /* bidi, zero-width and C1 controls as \uXXXX too: JSON read on a terminal */
            size_t len = strnlen((const char *)c, 4), k;
            int32_t cp = ws_utf8_decode((const char *)c, len, &k);
            if (cp >= 0 && ws_is_invisible((uint32_t)cp))
                ws_buf_printf(b, "\\u%04x", (unsigned)cp);
            else
                ws_buf_append(b, c, k);
            c += k - 1;
        }
    }
    ws_buf_putc(b, '"');
}

const char *ws_job_check_record_name(const ws_job_check *c, size_t file, size_t record)
{
    if (c->program->identity_field < 0 || record == WS_NO_RECORD) return "";
    const char *name =
        ws_record_identity(c->program, &c->files[file]->rs->records[record], c->arena);
    return name ? name : "";
}

static const char *record_unit(const ws_job_check *c, size_t file, size_t record)
{
    int unit = c->program->unit_field;
    if (unit < 0 || record == WS_NO_RECORD) return NULL;
    return c->files[file]->rs->records[record].values[unit];
}

static void json_finding(ws_buf *b, const ws_job_check *c, const ws_finding *f, bool with_unit)
{
    const ws_program *p = c->program;
    ws_buf_printf(b, "{\"level\":\"%s\",\"rule\":", ws_level_name(f->level));
    ws_json_str(b, f->rule);
    ws_buf_puts(b, ",\"file\":");
    ws_json_str(b, f->path);
    ws_buf_puts(b, ",\"sheet\":");
    ws_json_str(b, f->sheet);
    if (f->line)
        ws_buf_printf(b, ",\"row\":%zu", f->line);
    else
        ws_buf_puts(b, ",\"row\":null");
    if (f->record != WS_NO_RECORD)
        ws_buf_printf(b, ",\"record\":%zu", f->record);
    else
        ws_buf_puts(b, ",\"record\":null");
    ws_buf_puts(b, ",\"name\":");
    ws_json_str(b, f->record != WS_NO_RECORD ? ws_job_check_record_name(c, f->file, f->record)
                                              : NULL);
    if (with_unit) {
        ws_buf_puts(b, ",\"unit\":");
        ws_json_str(b, record_unit(c, f->file, f->record));
    }
    ws_buf_puts(b, ",\"field\":");
    ws_json_str(b, f->field >= 0 ? p->fields[f->field].name : NULL);
    if (f->entry >= 0)
        ws_buf_printf(b, ",\"entry\":%d", f->entry + 1);
    else
        ws_buf_puts(b, ",\"entry\":null");
    ws_buf_puts(b, ",\"entry_column\":");
    ws_json_str(b, f->entry_column);
    if (f->col >= 0)
        ws_buf_printf(b, ",\"column\":%d", f->col + 1);
    else
        ws_buf_puts(b, ",\"column\":null");
    ws_buf_puts(b, ",\"value\":");
    ws_json_str(b, f->value);
    ws_buf_puts(b, ",\"problem\":");
    ws_json_str(b, f->problem);
    ws_buf_puts(b, ",\"words\":");
    ws_json_str(b, f->words);
    ws_buf_puts(b, ",\"message\":");
    ws_json_str(b, f->message);
    ws_buf_putc(b, '}');
}

/* "units": the units file and its problems (check/units.h), or null. */
static void json_units(ws_buf *b, const char *path, const ws_units_check *u)
{
    if (!path) {
        ws_buf_puts(b, "\n\"units\":null,");
        return;
    }
    ws_buf_puts(b, "\n\"units\":{\"path\":");
    ws_json_str(b, path);
    ws_buf_puts(b, ",\"errors\":[");
    for (size_t i = 0; i < u->n; i++) {
        ws_buf_printf(b, "%s{\"row\":%zu,\"message\":", i ? "," : "", u->problems[i].line);
        ws_json_str(b, u->problems[i].msg);
        ws_buf_putc(b, '}');
    }
    ws_buf_puts(b, "]},");
}

ws_check_counts ws_job_check_counts(const ws_job_check *c)
{
    ws_check_counts n = {.with_errors = ws_findings_records_with(c->findings, WS_LEVEL_ERROR),
                         .with_warnings = ws_findings_records_with(c->findings, WS_LEVEL_WARNING)};
    for (size_t i = 0; i < c->nfiles; i++) {
        const ws_recordset *rs = c->files[i]->rs;
        n.records += rs->n;
        n.unreadable += ws_sheet_unreadable_rows(rs->sheet);
    }
    n.records += n.unreadable;
    n.with_errors += n.unreadable;
    return n;
}

bool ws_job_check_json(const ws_job_check *c, bool with_unit, ws_buf *b)
{
    const ws_program *p = c->program;
    const ws_findings *fs = c->findings;
    ws_buf_puts(b, "{\"program\":");
    ws_json_str(b, p->id ? p->id : p->name);
    ws_buf_puts(b, ",\"files\":[");
    for (size_t i = 0; i < c->nfiles; i++) {
        ws_buf_puts(b, i ? ",{\"path\":" : "{\"path\":");
        ws_json_str(b, c->files[i]->path);
        ws_buf_printf(b, ",\"records\":%zu}", c->files[i]->rs->n);
    }
    ws_buf_puts(b, "],\n\"findings\":[\n");
    for (size_t k = 0; k < fs->n; k++) {
        if (k) ws_buf_puts(b, ",\n");
        json_finding(b, c, &fs->items[k], with_unit);
    }
    ws_buf_puts(b, "\n],");
    json_units(b, c->units_path, &c->units);
    ws_check_counts n = ws_job_check_counts(c);
    ws_buf_printf(b,
                  "\n\"summary\":{\"records\":%zu,\"records_with_errors\":%zu,"
                  "\"records_with_warnings\":%zu,\"unreadable_rows\":%zu,\"errors\":%zu,"
                  "\"warnings\":%zu,\"notes\":%zu}}\n",
                  n.records, n.with_errors, n.with_warnings, n.unreadable, fs->nerrors,
                  fs->nwarnings, fs->nnotes);
    return !b->failed;
}

/* No units file beside the records: a problem when a document prints
 * {{unit.KEY}} (build fails those documents), as a units file's would be. */
static ws_status units_absent(ws_job_check *c, ws_err *err)
{
    char docs[200], path[PATH_MAX];
    ws_job_unit_docs(c->program, NULL, NULL, docs, sizeof docs);
    if (!docs[0]) return WS_OK;
    ws_path_join(c->files[0]->rs->base_dir, "units.csv", path, sizeof path);
    c->units_path = ws_arena_strdup(c->arena, path);
    if (!c->units_path) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return ws_units_check_absent(path, docs, c->arena, &c->units, err);
}

/* The units file, checked as wenshu build checks it (check/units.h). */
static ws_status check_units(const ws_job_check_opts *o, ws_job_check *c, ws_err *err)
{
    char path[PATH_MAX];
    if (!ws_job_find_units(o->units, c->files[0]->rs->base_dir, path, sizeof path))
        return units_absent(c, err);
    int uf = c->program->unit_field, key_col;
    const char *key = uf >= 0 ? c->program->fields[uf].name : "推荐单位";
    ws_sheet *sheet;
    WS_TRY(ws_units_load(path, key, c->arena, &sheet, &key_col, err));
    WS_TRY(ws_units_check_sheet(sheet, key_col, c->arena, &c->units, err));
    const ws_recordset **rss = ws_arena_calloc(c->arena, c->nfiles ? c->nfiles : 1, sizeof *rss);
    if (!rss) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < c->nfiles; i++) rss[i] = c->files[i]->rs;
    WS_TRY(ws_job_check_units_used(c->program, NULL, rss, c->nfiles, sheet, key_col, c->arena,
                                   &c->units, err));
    c->units_sheet = sheet;
    c->units_key = key_col;
    c->units_path = ws_arena_strdup(c->arena, path);
    return c->units_path ? WS_OK : ws_err_set(err, WS_ERR_NOMEM, "内存不足");
}

static ws_status load_all(const ws_job_check_opts *o, ws_job_check *c, ws_err *err)
{
    WS_TRY(ws_job_load_program(o->template_dir, o->fonts_dir, &c->program, &c->fonts, err));
    WS_TRY(ws_glyph_cache_open(c->fonts, c->program, &c->glyphs, err));
    WS_TRY(ws_rules_load(c->program, &c->rules, err));
    c->arena = ws_arena_create(1 << 20);
    c->files = calloc(o->nrecords ? o->nrecords : 1, sizeof *c->files);
    if (!c->arena || !c->files) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < o->nrecords; i++) {
        WS_TRY(ws_records_load(c->program, o->records[i], o->sheet, c->arena, &c->files[i], err));
        c->nfiles++;
    }
    return check_units(o, c, err);
}

/* --- laying records out as build does --------------------------------------------- */

/* What check/rules.h's lays_out needs: the build's fonts and typesetter,
 * and what a record's paper reads besides the record (its unit's row). */
typedef struct layout_probe {
    const ws_job_check *c;
    ws_fonts *fonts;
    ws_typesetter *ts;
    ws_arena *arena; /* one record's layouts, emptied after each */
    ws_image **no_images; /* per field: none (a photo's box is laid out the same without it) */
} layout_probe;

/* The problem of a layout error: the field its message starts with
 * (「籍贯」：…) and the rest, or field -1 and the whole message. */
static void layout_problem(const ws_program *p, const char *msg, ws_paper_problem *out)
{
    const char *open = "「", *close = "」：";
    out->field = -1;
    out->doc = NULL;
    const char *end = strncmp(msg, open, strlen(open)) ? NULL : strstr(msg, close);
    int f = end ? ws_program_field(p, msg + strlen(open), (size_t)(end - msg - strlen(open))) : -1;
    if (f >= 0) {
        out->field = f;
        msg = end + strlen(close);
    }
    size_t n = ws_utf8_clip(msg, sizeof out->msg - 1);
    memcpy(out->msg, msg, n);
    out->msg[n] = '\0';
}

/* One record in every form it gets (ws_build_lays_out_record and its
 * where:), laid out and not rendered, as build_record lays it out. */
static bool probe_lays_out(void *user, size_t file, const ws_record *rec, ws_paper_problem *out)
{
    layout_probe *lp = user;
    const ws_job_check *c = lp->c;
    const ws_program *p = c->program;
    ws_build_data bd = {.program = p, .rs = c->files[file]->rs, .units = c->units_sheet,
                        .units_key = c->units_key, .unit_errors = c->units.row_error,
                        .units_check = &c->units};
    ws_err err;
    ws_err_clear(&err);
    ws_status st = WS_OK;
    for (size_t d = 0; d < p->ndocs && st == WS_OK; d++) {
        const ws_doc_def *doc = p->docs[d];
        if (!ws_build_lays_out_record(p, d) || !ws_doc_matches(doc, rec)) continue;
        ws_doc_set set;
        ws_dl_doc *dl;
        st = ws_doc_set_of_record(&bd, doc, rec, lp->arena, &set, &err);
        ws_bound b = {.program = p, .record = rec, .images = lp->no_images, .seq = 1, .set = &set,
                      .unit_keys = set.unit_keys, .unit_values = set.unit_values, .nunit = set.nunit};
        if (st == WS_OK) st = ws_layout_doc(lp->ts, doc, &b, lp->arena, &dl, &err);
        if (st == WS_OK) st = ws_build_check_pages(doc, dl, &err);
        ws_arena_reset(lp->arena);
    }
    if (st == WS_OK || st == WS_ERR_NOMEM) return true; /* out of memory says nothing of the record */
    layout_problem(p, err.msg, out);
    return false;
}

static ws_status layout_probe_open(const ws_job_check *c, layout_probe *lp, ws_err *err)
{
    *lp = (layout_probe){.c = c};
    WS_TRY(ws_fonts_open(c->fonts, &lp->fonts, err));
    WS_TRY(ws_typesetter_create(lp->fonts, &lp->ts, err));
    ws_typesetter_set_ink(lp->ts, false);
    ws_typesetter_set_regions(lp->ts, ws_rules_regions(c->rules));
    lp->arena = ws_arena_create(1 << 20);
    lp->no_images = calloc(c->program->nfields ? c->program->nfields : 1, sizeof *lp->no_images);
    if (!lp->arena || !lp->no_images) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

static void layout_probe_close(layout_probe *lp)
{
    ws_typesetter_destroy(lp->ts);
    ws_fonts_close(lp->fonts);
    ws_arena_destroy(lp->arena);
    free(lp->no_images);
}

ws_status ws_job_check_run(const ws_job_check_opts *o, ws_job_check **out, ws_err *err)
{
    *out = NULL;
    ws_err_clear(err);
    if (!o->nrecords) return ws_err_set(err, WS_ERR_INVALID, "没有要检查的记录表");
    ws_job_check *c = calloc(1, sizeof *c);
    if (!c) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    c->units_key = -1;
    ws_check_ctx ctx;
    layout_probe probe = {0};
    ws_status st = load_all(o, c, err);
    if (st == WS_OK) st = ws_check_ctx_init(&ctx, err);
    if (st == WS_OK) {
        ctx.skip_files = o->no_files;
        ctx.has_glyph = ws_glyph_cache_has;
        ctx.glyph_user = c->glyphs;
        ctx.pdf_pages = ws_job_pdf_pages;
        ctx.units = c->units_sheet;
        ctx.units_key = c->units_key;
        ctx.lays_out = probe_lays_out;
        ctx.layout_user = &probe;
        const char **doc_problems;
        st = ws_job_program_date_problems(c->program, c->arena, &doc_problems,
                                          &ctx.ndoc_problems, err);
        ctx.doc_problems = doc_problems;
    }
    if (st == WS_OK) st = layout_probe_open(c, &probe, err);
    if (st == WS_OK)
        st = ws_rules_check(c->rules, (const ws_records_file *const *)c->files, c->nfiles, &ctx,
                            c->arena, &c->findings, err);
    layout_probe_close(&probe);
    if (st != WS_OK) {
        ws_job_check_destroy(c);
        return st;
    }
    *out = c;
    return WS_OK;
}

void ws_job_check_destroy(ws_job_check *c)
{
    if (!c) return;
    ws_rules_destroy(c->rules);
    ws_program_destroy(c->program);
    ws_glyph_cache_close(c->glyphs);
    ws_font_catalog_destroy(c->fonts);
    ws_arena_destroy(c->arena);
    free(c->files);
    free(c);
}
