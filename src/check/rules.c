/* check/rules.c - running the rules and assembling findings; see rules.h.
 *
 * The driver runs rule by rule, file by file, record by record, and the
 * findings are then sorted (stably) by file and record: a record's problems
 * come out together, in the order the rules file lists its rules, which is
 * the order of the notice. Reader notes and headers no field claims come
 * first, as the clerk must fix those before anything else makes sense. */
#include "check/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "check/rules_impl.h"
#include "template/bind.h"

const char *ws_level_name_cn(ws_level level)
{
    return level == WS_LEVEL_ERROR ? "错误" : level == WS_LEVEL_WARNING ? "警告" : "提示";
}

const char *ws_level_name(ws_level level)
{
    return level == WS_LEVEL_ERROR ? "error" : level == WS_LEVEL_WARNING ? "warning" : "note";
}

ws_status ws_check_ctx_init(ws_check_ctx *ctx, ws_err *err)
{
    *ctx = (ws_check_ctx){.units_key = -1};
    if (ws_date_today_or_epoch(&ctx->today) != WS_OK)
        return ws_err_set(err, WS_ERR_INVALID, "环境变量 SOURCE_DATE_EPOCH 应为非负整数（秒）");
    return WS_OK;
}

/* --- helpers for the kinds ---------------------------------------------------------- */

const char *ws_run_value(const check_run *run, size_t file, size_t record, int field)
{
    if (run->entry >= 0 && field == run->entry_field) return run->entry_value;
    return run->files[file]->rs->records[record].values[field];
}

const char *ws_rule_when_text(ws_arena *a, const ws_program *p, const ws_rule *r)
{
    ws_buf b = WS_BUF_INIT;
    for (size_t i = 0; i < r->nwhen; i++) {
        ws_buf_printf(&b, "%s%s为", i ? "、" : "", p->fields[r->when[i].field].name);
        for (size_t k = 0; k < r->when[i].nvalues; k++)
            ws_buf_printf(&b, "%s%s", k ? "或" : "", r->when[i].values[k]);
    }
    const char *s = b.failed ? "" : ws_arena_strdup(a, b.p ? b.p : "");
    ws_buf_free(&b);
    return s ? s : "";
}

const char *ws_run_date_cn(check_run *run, ws_date d)
{
    char buf[WS_DATE_FORMAT_MAX];
    if (ws_date_format(d, "cn", buf, sizeof buf) != WS_OK) return "";
    const char *s = ws_arena_strdup(run->arena, buf);
    return s ? s : "";
}

bool ws_rule_applies(const ws_rule *r, const ws_record *rec)
{
    for (size_t i = 0; i < r->nwhen; i++) {
        const char *v = rec->values[r->when[i].field];
        bool any = false;
        for (size_t k = 0; k < r->when[i].nvalues && !any; k++)
            any = !strcmp(v, r->when[i].values[k]);
        if (!any) return false;
    }
    return true;
}

/* --- findings ------------------------------------------------------------------------ */

static ws_finding *new_finding(check_run *run)
{
    if (run->nomem) return NULL;
    if (run->n == run->cap) {
        size_t cap = run->cap ? run->cap * 2 : 64;
        ws_finding *v = ws_arena_grow(run->arena, run->items, run->n, cap, sizeof *v);
        if (!v) {
            run->nomem = true;
            return NULL;
        }
        run->items = v;
        run->cap = cap;
    }
    ws_finding *f = &run->items[run->n++];
    *f = (ws_finding){
        .record = WS_NO_RECORD, .field = -1, .col = -1, .entry = -1, .value = "", .words = ""};
    return f;
}

/* A value short enough to quote in a message. */
static const char *quote_value(ws_arena *a, const char *v)
{
    size_t len = strlen(v), chars = 0, i = 0;
    while (i < len && chars < 40) {
        size_t k;
        ws_utf8_decode(v + i, len - i, &k);
        i += k ? k : 1;
        chars++;
    }
    const char *q = i < len ? ws_arena_printf(a, "%.*s…", (int)i, v) : v;
    /* one line in a message */
    char *s = q ? ws_arena_strdup(a, q) : NULL;
    for (char *c = s; c && *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t') *c = ' ';
    return s ? s : "";
}

/* The column name within a list entry, for messages. */
static const char *entry_col_name(const check_run *run, const ws_finding *f, int entry_col)
{
    const ws_field_def *d = &run->rules->program->fields[f->field];
    return entry_col >= 0 && (size_t)entry_col < d->ncolumns ? d->columns[entry_col] : NULL;
}

/* f's message after its leading "第N行" (and a "：" right after it) when the
 * row is the record's own; the whole message otherwise. */
static const char *after_row(const ws_finding *f)
{
    char row[32];
    int n = snprintf(row, sizeof row, "第%zu行", f->line);
    if (f->sheet || !f->line || strncmp(f->message, row, (size_t)n)) return f->message;
    const char *rest = f->message + n;
    return strncmp(rest, "：", strlen("：")) ? rest : rest + strlen("：");
}

static const char *place_text(check_run *run, const ws_finding *f, int entry_col)
{
    ws_arena *a = run->arena;
    const ws_field_def *fd = f->field >= 0 ? &run->rules->program->fields[f->field] : NULL;
    const char *col = f->field >= 0 ? entry_col_name(run, f, entry_col) : NULL;
    if (f->sheet && fd)
        return ws_arena_printf(a, "工作表「%s」第%zu行「%s」", f->sheet, f->line,
                               col ? col : fd->name);
    if (f->sheet) return ws_arena_printf(a, "工作表「%s」第%zu行", f->sheet, f->line);
    const char *row = f->line ? ws_arena_printf(a, "第%zu行", f->line) : "";
    if (!fd) return row;
    if (f->entry >= 0)
        return ws_arena_printf(a, "%s「%s」第%d项%s%s%s", row, fd->name, f->entry + 1,
                               col ? "「" : "", col ? col : "", col ? "」" : "");
    return ws_arena_printf(a, "%s「%s」", row, fd->name);
}

static void compose(check_run *run, ws_finding *f, int entry_col)
{
    ws_arena *a = run->arena;
    const char *place = place_text(run, f, entry_col);
    const char *value =
        f->value[0] ? ws_arena_printf(a, "（值：%s）", quote_value(a, f->value)) : "";
    const char *words = f->words[0] ? ws_arena_printf(a, "——%s", f->words) : "";
    f->message = ws_arena_printf(a, "%s%s%s%s%s", place ? place : "", place && place[0] ? "：" : "",
                                 f->problem, value ? value : "", words ? words : "");
    if (!f->message || !place || !value || !words) {
        run->nomem = true;
        return;
    }
    f->in_record = after_row(f);
}

/* Fills where a finding about (file, record, field, entry) points. */
static void locate(check_run *run, ws_finding *f, finding_at at)
{
    const ws_records_file *file = run->files[at.file];
    f->file = at.file;
    f->path = file->path;
    f->record = at.record;
    f->field = at.field;
    f->entry = at.entry;
    f->entry_column = at.entry >= 0 && at.entry_col >= 0 ? entry_col_name(run, f, at.entry_col) : NULL;
    if (at.record == WS_NO_RECORD) return;
    size_t row = at.record + 1;
    f->line = file->rs->records[at.record].line;
    int col = at.field >= 0 ? file->rs->column_of_field[at.field] : -1;
    f->col = col >= 0 && (size_t)col < file->sheet->ncols ? col : -1;
    for (size_t j = 0; at.entry >= 0 && j < file->njoins; j++) {
        if (file->joins[j].field != at.field) continue;
        const ws_join *jn = file->joins[j].join;
        size_t xrow = ws_join_source(jn, row, (size_t)at.entry);
        if (!xrow) continue;
        f->sheet = jn->extra->name ? jn->extra->name : "";
        f->line = jn->extra->line[xrow];
        f->col = -1;
        const char *cname = at.entry_col >= 0 ? entry_col_name(run, f, at.entry_col) : NULL;
        for (size_t c = 0; cname && c < jn->extra->ncols; c++) {
            char a[256], b[256];
            ws_normalize_label(cname, strlen(cname), a, sizeof a);
            ws_normalize_label(jn->extra->cells[0][c], strlen(jn->extra->cells[0][c]), b, sizeof b);
            if (!strcmp(a, b)) f->col = (int)c;
        }
    }
}

static void report_v(check_run *run, ws_level level, const char *rule, const char *words,
                     finding_at at, const char *value, const char *fmt, va_list ap)
{
    ws_finding *f = new_finding(run);
    if (!f) return;
    if (run->entry >= 0 && at.field == run->entry_field && at.record != WS_NO_RECORD) {
        at.entry = run->entry;
        at.entry_col = run->entry_col;
    }
    char problem[1024];
    vsnprintf(problem, sizeof problem, fmt, ap);
    f->level = level;
    f->rule = rule;
    f->words = words ? words : "";
    f->value = ws_arena_strdup(run->arena, value ? value : "");
    f->problem = ws_arena_strdup(run->arena, problem);
    if (!f->value || !f->problem) {
        run->nomem = true;
        return;
    }
    locate(run, f, at);
    compose(run, f, at.entry_col);
}

void ws_run_report(check_run *run, const ws_rule *r, finding_at at, const char *value,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(run, r->level, r->id, r->words, at, value, fmt, ap);
    va_end(ap);
}

void ws_run_report_as(check_run *run, ws_level level, const char *rule, const char *words,
                      finding_at at, const char *value, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(run, level, rule, words, at, value, fmt, ap);
    va_end(ap);
}

void ws_run_report_row(check_run *run, size_t file, const ws_sheet *sheet, size_t row, int col,
                       ws_level level, const char *rule, const char *msg)
{
    if (!msg) {
        run->nomem = true;
        return;
    }
    ws_finding *f = new_finding(run);
    if (!f) return;
    const ws_records_file *rf = run->files[file];
    f->level = level;
    f->rule = rule;
    f->file = file;
    f->path = rf->path;
    f->problem = msg;
    f->col = col;
    bool main_sheet = sheet == rf->sheet || sheet == rf->rs->sheet;
    f->sheet = main_sheet ? NULL : (sheet->name ? sheet->name : "");
    f->line = row < sheet->nrows ? sheet->line[row] : 0;
    if (main_sheet && row > 0 && row - 1 < rf->rs->n) f->record = row - 1;
    const char *colname = col >= 0 && (size_t)col < sheet->ncols ? sheet->cells[0][col] : NULL;
    if (main_sheet && colname)
        f->field = ws_program_field(run->rules->program, colname, strlen(colname));
    const char *at = f->sheet ? ws_arena_printf(run->arena, "工作表「%s」", f->sheet) : "";
    const char *line =
        f->line && (row > 0 || !f->sheet) ? ws_arena_printf(run->arena, "第%zu行", f->line) : "";
    const char *cn = colname && colname[0] ? ws_arena_printf(run->arena, "「%s」", colname) : "";
    f->message = ws_arena_printf(run->arena, "%s%s%s：%s", at ? at : "", line ? line : "",
                                 cn ? cn : "", msg);
    if (!f->message) run->nomem = true;
    else f->in_record = after_row(f);
}

/* --- built-in findings ----------------------------------------------------------------- */

static ws_level note_level(ws_note_level l)
{
    return l == WS_NOTE_ERROR  ? WS_LEVEL_ERROR
           : l == WS_NOTE_INFO ? WS_LEVEL_NOTE
                               : WS_LEVEL_WARNING;
}

static void sheet_notes(check_run *run, size_t file, const ws_sheet *sheet)
{
    const ws_recordset *rs = run->files[file]->rs;
    for (const ws_cell_note *n = sheet->notes; n; n = n->next)
        if (sheet != rs->sheet || ws_note_counts(run->rules->program, rs, n))
            ws_run_report_row(run, file, sheet, n->row, n->col, note_level(n->level), "读取",
                              n->msg);
}

/* Rows whose cells do not match the header. More cells shift the columns
 * (an unquoted comma in a CSV): the record cannot be trusted. Fewer cells
 * matter in a CSV only: an XLSX row simply ends at its last non-empty cell. */
static void ragged_rows(check_run *run, size_t file)
{
    const ws_records_file *f = run->files[file];
    const ws_sheet *sh = f->sheet;
    for (size_t r = 1; r < sh->nrows; r++) {
        size_t have = sh->row_ncols[r];
        if (have > sh->ncols)
            ws_run_report_row(run, file, sh, r, -1, WS_LEVEL_ERROR, "读取",
                              ws_arena_printf(run->arena,
                                              "这一行有 %zu 个单元格，比表头的 %zu 列多，"
                                              "可能有未加引号的逗号使各列错位",
                                              have, sh->ncols));
        else if (have && have < sh->ncols && !sh->name)
            ws_run_report_row(run, file, sh, r, -1, WS_LEVEL_WARNING, "读取",
                              ws_arena_printf(run->arena,
                                              "这一行只有 %zu 个单元格，表头有 %zu 列，"
                                              "缺少的按空白处理",
                                              have, sh->ncols));
    }
}

static void unknown_headers(check_run *run, size_t file)
{
    const ws_records_file *f = run->files[file];
    for (size_t i = 0; i < f->rs->nunknown; i++) {
        int col = -1;
        for (size_t c = 0; c < f->sheet->ncols && col < 0; c++)
            if (f->sheet->cells[0][c] == f->rs->unknown[i]) col = (int)c;
        ws_run_report_row(run, file, f->sheet, 0, col, WS_LEVEL_WARNING, "表头",
                          "不是本项目的栏目，此列未读取（请核对表头文字）");
    }
}

static bool rule_has_field(const ws_rule *r, int field);

/* Photo fields no photo rule looks at for a record are still opened as the
 * build will open them, so a program without a photo rule gets the same
 * verdict from check and build. */
static void photo_findings(check_run *run, size_t file, size_t record)
{
    const ws_program *p = run->rules->program;
    const ws_record *rec = &run->files[file]->rs->records[record];
    for (size_t f = 0; f < p->nfields; f++) {
        if (p->fields[f].kind != WS_FIELD_PHOTO) continue;
        bool covered = false;
        for (size_t i = 0; i < run->rules->n && !covered; i++) {
            const ws_rule *r = &run->rules->rules[i];
            covered = r->kind == RK_PHOTO && rule_has_field(r, (int)f) && ws_rule_applies(r, rec);
        }
        if (!covered) ws_check_photo_builtin(run, file, record, (int)f);
    }
}

/* What `wenshu build` would refuse to put on paper (check/paper.h): an error
 * on the record here, whatever the rules say, so check and build agree. */
static void paper_findings(check_run *run, size_t file)
{
    const ws_recordset *rs = run->files[file]->rs;
    const ws_program *p = run->rules->program;
    for (size_t r = 0; r < rs->n && !run->nomem; r++) {
        const ws_record *rec = &rs->records[r];
        ws_paper_problem pr;
        if (!ws_paper_printable(p, rec, run->ctx->has_glyph, run->ctx->glyph_user, &pr))
            ws_run_report_as(run, WS_LEVEL_ERROR, "打印", NULL,
                             (finding_at){file, r, pr.field, -1, -1}, rec->values[pr.field], "%s",
                             pr.msg);
        else if (run->ctx->lays_out && !run->ctx->lays_out(run->ctx->layout_user, file, rec, &pr))
            ws_run_report_as(run, WS_LEVEL_ERROR, "排版", NULL,
                             (finding_at){file, r, pr.field, -1, -1},
                             pr.field >= 0 ? rec->values[pr.field] : "", "%s", pr.msg);
        if (!ws_paper_public_ok(p, rec, &pr))
            ws_run_report_as(run, WS_LEVEL_ERROR, "公开文档", NULL,
                             (finding_at){file, r, pr.field, -1, -1}, rec->values[pr.field], "%s",
                             pr.msg);
        photo_findings(run, file, r);
    }
}

/* The entry's columns as the list's hint writes them: 起止年月|工作单位及部门|… */
static const char *columns_text(check_run *run, const ws_field_def *fd)
{
    ws_buf b = WS_BUF_INIT;
    for (size_t c = 0; c < fd->ncolumns; c++) {
        if (c) ws_buf_putc(&b, '|');
        ws_buf_puts(&b, fd->columns[c]);
    }
    const char *t = b.failed ? NULL : ws_arena_strdup(run->arena, b.p ? b.p : "");
    ws_buf_free(&b);
    if (!t) run->nomem = true;
    return t ? t : "";
}

/* The entries of a record's list field (template/bind.h ws_list_entries);
 * *out NULL and run->nomem set when out of memory. */
static size_t record_entries(check_run *run, size_t file, size_t record, int field,
                             ws_entry **out)
{
    const char *v = run->files[file]->rs->records[record].values[field];
    *out = NULL;
    size_t n = ws_list_entries(v, run->arena, out);
    if (!*out) run->nomem = true;
    return *out ? n : 0;
}

/* The first column from 'from' on that holds text. */
static const char *first_filled(const ws_entry *e, size_t from)
{
    for (size_t c = from; c < e->n; c++)
        if (e->cols[c][0]) return e->cols[c];
    return "";
}

/* A list entry with more columns than its list has is an error (what is past
 * the last column would print nowhere: 维修车间|钳工 split by one | too many);
 * with fewer, a warning (the missing columns print blank). */
static void entry_columns(check_run *run, size_t file, size_t record, int field)
{
    const ws_field_def *fd = &run->rules->program->fields[field];
    ws_entry *entries;
    size_t n = record_entries(run, file, record, field, &entries);
    for (size_t k = 0; k < n && !run->nomem; k++) {
        const ws_entry *e = &entries[k];
        size_t cols = e->n; /* a separator typed after the last column adds nothing */
        while (cols > fd->ncolumns && !e->cols[cols - 1][0]) cols--;
        if (cols == fd->ncolumns) continue;
        finding_at at = {file, record, field, (int)k, -1};
        const char *extra = cols > fd->ncolumns ? first_filled(e, fd->ncolumns) : NULL;
        if (extra)
            ws_run_report_as(run, WS_LEVEL_ERROR, "列表", NULL, at, extra,
                             "分成了 %zu 栏，多于表中的 %zu 栏（%s）：多出的「%s」印不出来；"
                             "请删去多写的“|”，或把它并入相邻一栏",
                             cols, fd->ncolumns, columns_text(run, fd), extra);
        else
            ws_run_report_as(run, WS_LEVEL_WARNING, "列表", NULL, at, "",
                             "只有 %zu 栏，缺少「%s」（印出来是空的）；每项写成：%s", cols,
                             fd->columns[cols], columns_text(run, fd));
    }
}

static void list_findings(check_run *run, size_t file)
{
    const ws_program *p = run->rules->program;
    const ws_recordset *rs = run->files[file]->rs;
    for (size_t f = 0; f < p->nfields; f++) {
        if (p->fields[f].kind != WS_FIELD_LIST || p->fields[f].ncolumns < 2) continue;
        if (rs->column_of_field[f] < 0) continue;
        for (size_t r = 0; r < rs->n && !run->nomem; r++)
            entry_columns(run, file, r, (int)f);
    }
}

/* Documents that cannot be made whatever the records (ws_check_ctx). */
static void doc_findings(check_run *run, size_t file)
{
    for (size_t i = 0; file == 0 && i < run->ctx->ndoc_problems; i++)
        ws_run_report_as(run, WS_LEVEL_ERROR, "模板", NULL,
                         (finding_at){file, WS_NO_RECORD, -1, -1, -1}, "", "%s",
                         run->ctx->doc_problems[i]);
}

static void builtin_findings(check_run *run, size_t file)
{
    const ws_records_file *f = run->files[file];
    doc_findings(run, file);
    sheet_notes(run, file, f->rs->sheet);
    ragged_rows(run, file);
    for (size_t j = 0; j < f->njoins; j++)
        sheet_notes(run, file, f->joins[j].join->extra);
    for (size_t i = 0; i < f->nnotes; i++) {
        const ws_load_note *n = &f->notes[i];
        ws_run_report_row(run, file, n->sheet, n->row, n->col, note_level(n->level), "关联",
                          n->msg);
    }
    unknown_headers(run, file);
    list_findings(run, file);
    paper_findings(run, file);
    if (f->rs->n == 0)
        ws_run_report_row(run, file, f->sheet, 0, -1, WS_LEVEL_WARNING, "读取",
                          "表中没有记录（表头下面每行填一位候选人）");
}

/* --- the driver ---------------------------------------------------------------------------- */

typedef struct sort_key {
    size_t file, record1, seq; /* record1 = record + 1: WS_NO_RECORD sorts first */
} sort_key;

static int cmp_keys(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->file != y->file) return x->file < y->file ? -1 : 1;
    if (x->record1 != y->record1) return x->record1 < y->record1 ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static ws_status assemble(check_run *run, ws_findings **out, ws_err *err)
{
    ws_findings *fs = ws_arena_calloc(run->arena, 1, sizeof *fs);
    ws_finding *sorted = ws_arena_calloc(run->arena, run->n + 1, sizeof *sorted);
    sort_key *keys = ws_arena_calloc(run->arena, run->n + 1, sizeof *keys);
    if (!fs || !sorted || !keys) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t i = 0; i < run->n; i++)
        keys[i] = (sort_key){run->items[i].file, run->items[i].record + 1, i};
    qsort(keys, run->n, sizeof *keys, cmp_keys);
    for (size_t i = 0; i < run->n; i++)
        sorted[i] = run->items[keys[i].seq];
    fs->items = sorted;
    fs->n = run->n;
    fs->nfiles = run->nfiles;
    fs->nrecords = ws_arena_calloc(run->arena, run->nfiles + 1, sizeof *fs->nrecords);
    fs->worst = ws_arena_calloc(run->arena, run->nfiles + 1, sizeof *fs->worst);
    if (!fs->nrecords || !fs->worst) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    for (size_t f = 0; f < run->nfiles; f++) {
        fs->nrecords[f] = run->files[f]->rs->n;
        fs->worst[f] = ws_arena_calloc(run->arena, fs->nrecords[f] + 1, 1);
        if (!fs->worst[f]) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    for (size_t i = 0; i < fs->n; i++) {
        const ws_finding *f = &fs->items[i];
        fs->nerrors += f->level == WS_LEVEL_ERROR;
        fs->nwarnings += f->level == WS_LEVEL_WARNING;
        fs->nnotes += f->level == WS_LEVEL_NOTE;
        unsigned char w = (unsigned char)(3 - f->level);
        if (f->record != WS_NO_RECORD && fs->worst[f->file][f->record] < w)
            fs->worst[f->file][f->record] = w;
    }
    *out = fs;
    return WS_OK;
}

/* A rule with column: runs once per entry of its list field, on that column
 * (an entry without it: ""). A list without entries is left to required and
 * count rules. */
static void each_entry(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    int field = r->fields[0];
    ws_entry *entries;
    size_t n = record_entries(run, file, record, field, &entries);
    if (!entries) return;
    run->entry_field = field;
    run->entry_col = r->entry_column;
    for (size_t k = 0; k < n && !run->nomem; k++) {
        const ws_entry *e = &entries[k];
        run->entry = (int)k;
        run->entry_value = (size_t)r->entry_column < e->n ? e->cols[r->entry_column] : "";
        if (!run->entry_value) run->entry_value = "";
        ws_kind_record(run, r, file, record);
        run->first_in_file = false;
    }
    run->entry_field = run->entry = run->entry_col = -1;
    run->entry_value = NULL;
}

ws_status ws_rules_check(const ws_rules *r, const ws_records_file *const *files, size_t nfiles,
                         const ws_check_ctx *ctx, ws_arena *arena, ws_findings **out, ws_err *err)
{
    check_run run = {.rules = r, .files = files, .nfiles = nfiles, .ctx = ctx, .arena = arena,
                     .entry_field = -1, .entry = -1, .entry_col = -1};
    for (size_t f = 0; f < nfiles; f++)
        builtin_findings(&run, f);
    for (size_t i = 0; i < r->n && !run.nomem; i++) {
        const ws_rule *rule = &r->rules[i];
        if (rule->kind == RK_UNIQUE || rule->kind == RK_QUOTA) {
            ws_kind_all(&run, rule);
            continue;
        }
        for (size_t f = 0; f < nfiles; f++) {
            run.first_in_file = true;
            for (size_t k = 0; k < files[f]->rs->n && !run.nomem; k++) {
                if (!ws_rule_applies(rule, &files[f]->rs->records[k])) continue;
                if (rule->entry_column >= 0)
                    each_entry(&run, rule, f, k);
                else
                    ws_kind_record(&run, rule, f, k);
                run.first_in_file = false;
            }
        }
    }
    if (!run.nomem) ws_check_packet_pages(&run);
    if (run.nomem) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return assemble(&run, out, err);
}

void ws_kind_all(check_run *run, const ws_rule *r)
{
    if (r->kind == RK_UNIQUE)
        ws_check_unique(run, r);
    else
        ws_check_quota(run, r);
}

void ws_kind_record(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    static void (*const fns[RK_COUNT])(check_run *, const ws_rule *, size_t, size_t) = {
        [RK_REQUIRED] = ws_check_required, [RK_BLANK] = ws_check_blank,
        [RK_CHOICE] = ws_check_choice,     [RK_IDCARD] = ws_check_idcard,
        [RK_DATE] = ws_check_date,         [RK_PERIODS] = ws_check_periods,
        [RK_AGE] = ws_check_age,           [RK_TENURE] = ws_check_tenure,
        [RK_LENGTH] = ws_check_length,     [RK_NUMBER] = ws_check_number,
        [RK_PHONE] = ws_check_phone,       [RK_EMAIL] = ws_check_email,
        [RK_PLACE] = ws_check_place,       [RK_EXCLUDE] = ws_check_exclude,
        [RK_CONTAINS] = ws_check_contains, [RK_PHOTO] = ws_check_photo,
        [RK_FILES] = ws_check_files,       [RK_ANY] = ws_check_any,
        [RK_ENTRIES] = ws_check_entries,   [RK_PREFER] = ws_check_prefer,
    };
    if (fns[r->kind]) fns[r->kind](run, r, file, record);
}

bool ws_findings_record_has_error(const ws_findings *f, size_t file, size_t record)
{
    return file < f->nfiles && record < f->nrecords[file] && f->worst[file][record] == 3;
}

const ws_finding *ws_findings_first(const ws_findings *f, size_t file, size_t record,
                                    ws_level level)
{
    /* items are sorted by file, then record (file-level first): find the
     * record's first item by bisection */
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ws_finding *m = &f->items[mid];
        bool before = m->file < file || (m->file == file && m->record + 1 < record + 1);
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < f->n && f->items[i].file == file && f->items[i].record == record; i++)
        if (f->items[i].level == level) return &f->items[i];
    return NULL;
}

static const ws_rule *rule_by_id(const ws_rules *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->rules[i].id, id)) return &r->rules[i];
    return NULL;
}

ws_status ws_findings_mark(const ws_rules *r, const ws_findings *f, size_t file, ws_recordset *rs,
                           ws_arena *arena, ws_err *err)
{
    for (size_t i = 0; i < f->n; i++) {
        const ws_finding *fd = &f->items[i];
        if (fd->file != file || fd->record >= rs->n) continue;
        const ws_rule *rule = rule_by_id(r, fd->rule);
        if (!rule || rule->kind != RK_PREFER) continue;
        ws_record *rec = &rs->records[fd->record];
        ws_mark *m =
            ws_arena_grow(arena, (ws_mark *)rec->marks, rec->nmarks, rec->nmarks + 1, sizeof *m);
        if (!m) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        m[rec->nmarks] = (ws_mark){rule->id, rule->mark};
        rec->marks = m;
        rec->nmarks++;
    }
    return WS_OK;
}

size_t ws_findings_records_with(const ws_findings *f, ws_level level)
{
    size_t n = 0;
    unsigned char want = (unsigned char)(3 - level);
    for (size_t file = 0; file < f->nfiles; file++)
        for (size_t r = 0; r < f->nrecords[file]; r++)
            n += f->worst[file][r] == want;
    return n;
}

/* --- what the rules say about a field (collection workbook) ------------------------------ */

static bool rule_has_field(const ws_rule *r, int field)
{
    if (r->kind == RK_QUOTA) return r->unit_field == field;
    for (size_t i = 0; i < r->nfields; i++)
        if (r->fields[i] == field) return true;
    return false;
}

static const char *when_text(const ws_rules *rs, const ws_rule *r)
{
    if (!r->nwhen) return "";
    return ws_arena_printf(rs->arena, "%s时", ws_rule_when_text(rs->arena, rs->program, r));
}

static const char *date_limits(const ws_rules *rs, const ws_rule *r, const char *after_word)
{
    char a[WS_DATE_FORMAT_MAX] = "", b[WS_DATE_FORMAT_MAX] = "";
    if (r->has_not_before) ws_date_format(r->not_before, "cn", a, sizeof a);
    if (r->has_not_after) ws_date_format(r->not_after, "cn", b, sizeof b);
    return ws_arena_printf(rs->arena, "%s%s%s%s%s%s", a[0] ? "不早于" : "", a,
                           a[0] && b[0] ? "，" : "", b[0] ? "不晚于" : "", b, after_word);
}

/* A quota by unit attribute in one line: 名额按「单位类型」（单位信息表）：
 * 县市区不超过5人，驻市单位1–2人（申报类别每类分别计）. */
static const char *describe_limits(const ws_rules *rs, const ws_rule *r)
{
    const ws_program *p = rs->program;
    ws_buf b = WS_BUF_INIT;
    ws_buf_printf(&b, "名额按「%s」%s：",
                  r->attr_field >= 0 ? p->fields[r->attr_field].name : r->attr_column,
                  r->attr_field >= 0 ? "" : "（单位信息表）");
    for (size_t i = 0; i < r->nlimits; i++) {
        const quota_limit *l = &r->limits[i];
        ws_buf_printf(&b, "%s%s%s%s", i ? "，" : "", l->value, l->category >= 0 ? "的" : "",
                      l->category >= 0 ? p->fields[r->level_field].choices[l->category] : "");
        if (l->min >= 0)
            ws_buf_printf(&b, "%d–%d人", l->min, l->max);
        else
            ws_buf_printf(&b, "不超过%d人", l->max);
    }
    if (r->level_field >= 0) ws_buf_printf(&b, "（%s每类分别计）", p->fields[r->level_field].name);
    const char *s = b.failed ? NULL : ws_arena_strdup(rs->arena, b.p ? b.p : "");
    ws_buf_free(&b);
    return s;
}

/* Whether a rule without format: may leave the form to its field's own
 * kind (a year-month or date field; not a column of a list's entries). */
static bool field_says_form(const ws_rules *rs, const ws_rule *r)
{
    if (r->entry_column >= 0 || r->nfields == 0) return false;
    ws_field_kind k = rs->program->fields[r->fields[0]].kind;
    return k == WS_FIELD_YEARMONTH || k == WS_FIELD_DATE;
}

/* What a date rule asks: the form its format: says (an example only when
 * there is no limit, which the example might break), then the limits. */
static const char *describe_date(const ws_rules *rs, const ws_rule *r)
{
    const char *limits = date_limits(rs, r, "");
    bool limited = limits && limits[0];
    const char *form;
    if (r->form == DF_YEARMONTH)
        form = r->dot_style ? (limited ? "用公历，用“.”分隔年、月" : "用公历，用“.”分隔年、月，如1960.01")
                            : (limited ? "年月" : "年月，如1960.01");
    else if (r->form == DF_DATE)
        form = limited ? "年月日" : "年月日，如2020.07.23";
    else if (r->form == DF_YEAR)
        form = limited ? "年份" : "年份，如2021";
    else if (field_says_form(rs, r))
        form = "";
    else
        form = limited ? "年月或年月日" : "年月或年月日，如1960.01、2020.07.23";
    if (!form[0]) return limited ? limits : NULL;
    return ws_arena_printf(rs->arena, "%s%s%s", form, limited ? "；" : "", limited ? limits : "");
}

/* An age rule's bounds and the day ages are counted on (the notice's cut-off:
 * “年龄不超过55周岁（按2027年6月30日计算）”). */
static const char *describe_age(const ws_rules *rs, const ws_rule *r)
{
    char at[WS_DATE_FORMAT_MAX];
    ws_date_format(r->at, "cn", at, sizeof at);
    if (r->has_min && r->has_max)
        return ws_arena_printf(rs->arena, "年龄%g至%g周岁（按%s计算）", r->min, r->max, at);
    if (r->has_min) return ws_arena_printf(rs->arena, "年龄不小于%g周岁（按%s计算）", r->min, at);
    return ws_arena_printf(rs->arena, "年龄不超过%g周岁（按%s计算）", r->max, at);
}

/* A one-line description of what rule r asks of a field. */
static const char *describe(const ws_rules *rs, const ws_rule *r)
{
    ws_arena *a = rs->arena;
    switch (r->kind) {
    case RK_REQUIRED: return ws_arena_printf(a, "%s必填", when_text(rs, r));
    case RK_BLANK: return ws_arena_printf(a, "%s不填", when_text(rs, r));
    case RK_CHOICE: return "从下拉列表中选择";
    case RK_IDCARD: return "18位，最后一位可为X；须与出生年月、性别一致";
    case RK_DATE: return describe_date(rs, r);
    case RK_PERIODS: return "每段一行，起止年月如 2003.09-2016.01，至今的写 2016.02-至今";
    case RK_AGE:
        if (r->flag) return NULL;
        if (r->has_not_before) {
            char d[WS_DATE_FORMAT_MAX];
            ws_date_format(r->not_before, "cn", d, sizeof d);
            return ws_arena_printf(a, "%s以后出生", d);
        }
        return describe_age(rs, r);
    case RK_TENURE:
        if (r->has_not_after) {
            char d[WS_DATE_FORMAT_MAX];
            ws_date_format(r->not_after, "cn", d, sizeof d);
            return ws_arena_printf(a, "不晚于%s", d);
        }
        return ws_arena_printf(a, "至少%g年", r->min_years);
    case RK_LENGTH:
        return r->has_max ? ws_arena_printf(a, "限%g%s", r->max, r->count_han ? "个汉字" : "字")
                          : NULL;
    case RK_NUMBER:
        if (r->has_min && r->has_max) return ws_arena_printf(a, "%g到%g之间的数", r->min, r->max);
        if (r->has_min) return ws_arena_printf(a, "不少于%g", r->min);
        return r->has_max ? ws_arena_printf(a, "不超过%g", r->max) : NULL;
    case RK_PHONE:
        return r->nvalues == 1 && !strcmp(r->values[0], "mobile")
                   ? "11位手机号码"
                   : "手机号码或固定电话（区号-号码）";
    case RK_EMAIL: return "电子邮箱，如 name@example.com";
    case RK_PLACE: return "填至县（区）一级，如“某某市某某区”“某某省某某县”";
    case RK_EXCLUDE: return ws_arena_printf(a, "填“%s”者不得申报", r->values[0]);
    case RK_CONTAINS: return NULL;
    case RK_UNIQUE: /* about people only when it is their ID or name */
        if (rs->program->fields[r->fields[0]].kind == WS_FIELD_IDCARD ||
            ws_program_records_people(rs->program))
            return "同一人只能申报一次";
        return ws_arena_printf(a, "同一%s只能申报一次", rs->program->fields[r->fields[0]].name);
    case RK_QUOTA: return r->nlimits ? describe_limits(rs, r) : "从下拉列表中选择推荐单位";
    case RK_PHOTO: return "照片文件的路径（相对于本表格所在文件夹）";
    case RK_FILES: return "多个文件用“;”分隔";
    case RK_ENTRIES:
        if (r->has_min && r->has_max) return ws_arena_printf(a, "%g到%g条", r->min, r->max);
        return r->has_min ? ws_arena_printf(a, "不少于%g条", r->min)
                          : ws_arena_printf(a, "不超过%g条", r->max);
    case RK_ANY:
        return r->nvalues ? ws_arena_printf(a, "与同组各栏至少一项填“%s”", r->values[0])
                          : "与同组各栏至少填一项";
    default: return NULL;
    }
}

/* The built-in text of an idcard or email rule only says what such a value
 * looks like (18位，最后一位可为X…): a field's own hint: says the same in the
 * template's words, so it replaces it (a rule's summary: stays). A phone
 * rule's text stays: it says which numbers the rule allows. */
static bool hint_replaces(const ws_rules *r, const ws_rule *rule, int field)
{
    return r->program->fields[field].hint && !rule->summary &&
           (rule->kind == RK_IDCARD || rule->kind == RK_EMAIL);
}

const char *ws_finding_field_text(const ws_program *p, const ws_finding *f, char *out, size_t n)
{
    const char *col = f->entry_column ? f->entry_column : "";
    if (f->field >= 0 && f->entry >= 0)
        snprintf(out, n, "%s 第%d项%s%s", p->fields[f->field].name, f->entry + 1,
                 col[0] ? " " : "", col);
    else
        snprintf(out, n, "%s", f->field >= 0 ? p->fields[f->field].name : "");
    return out;
}

size_t ws_rules_field_notes(const ws_rules *r, int field, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n && n < max; i++) {
        const ws_rule *rule = &r->rules[i];
        if (!rule_has_field(rule, field) || hint_replaces(r, rule, field)) continue;
        const char *d = rule->summary ? rule->summary : describe(r, rule);
        if (!d) continue;
        if (rule->entry_column >= 0) /* about one column of every entry */
            d = ws_arena_printf(r->arena, "%s：%s",
                                r->program->fields[field].columns[rule->entry_column], d);
        if (!d) continue;
        bool dup = false;
        for (size_t k = 0; k < n && !dup; k++)
            dup = !strcmp(out[k], d);
        if (!dup) out[n++] = d;
    }
    return n;
}

double ws_rules_max_length(const ws_rules *r, int field)
{
    double max = 0;
    for (size_t i = 0; i < r->n; i++) {
        const ws_rule *rule = &r->rules[i];
        if (rule->kind == RK_LENGTH && rule->has_max && rule_has_field(rule, field) &&
            rule->max > max)
            max = rule->max;
    }
    return max;
}

size_t ws_rules_units(const ws_rules *r, int *field, const char *const **units)
{
    for (size_t i = 0; i < r->n; i++) {
        const ws_rule *rule = &r->rules[i];
        if (rule->kind != RK_QUOTA || !rule->quota) continue;
        *field = rule->unit_field;
        *units = rule->quota->units;
        return rule->quota->nunits;
    }
    *field = -1;
    *units = NULL;
    return 0;
}
