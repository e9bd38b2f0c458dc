/* check/records.c - a records file with its extra sheets; see records.h.
 *
 * Which sheet feeds which list field is decided from the program's labels
 * (the same matching bind.c uses for columns), so the clerk's workbook needs
 * no configuration: a sheet called 主要工作经历 with columns 身份证号, 起止年月,
 * 工作单位及部门 … is simply where the work history is. */
#include "check/records.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "base/utf8.h"

static bool has_suffix(const char *path, const char *suffix)
{
    size_t lp = strlen(path), ls = strlen(suffix);
    return lp >= ls && strcasecmp(path + lp - ls, suffix) == 0;
}

static bool same_label(const char *a, const char *b)
{
    char na[512], nb[512];
    ws_normalize_label(a, strlen(a), na, sizeof na);
    ws_normalize_label(b, strlen(b), nb, sizeof nb);
    return strcmp(na, nb) == 0;
}

static ws_status add_note(ws_records_file *f, ws_arena *a, const ws_sheet *sheet, size_t row,
                          int col, ws_note_level level, const char *msg, ws_err *err)
{
    if (!msg) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    ws_load_note *v = ws_arena_append(a, (void **)&f->notes, &f->nnotes, &f->notes_cap, sizeof *v);
    if (!v) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    *v = (ws_load_note){sheet, row, col, level, msg};
    return WS_OK;
}

/* Column of 'sheet' whose header is field 'field' (by name or alias), or -1. */
static int column_of(const ws_program *p, const ws_sheet *sheet, int field)
{
    for (size_t c = 0; c < sheet->ncols; c++) {
        const char *h = sheet->cells[0][c];
        if (h[0] && ws_program_field(p, h, strlen(h)) == field) return (int)c;
    }
    return -1;
}

static int column_named(const ws_sheet *sheet, const char *label)
{
    for (size_t c = 0; c < sheet->ncols; c++)
        if (same_label(sheet->cells[0][c], label)) return (int)c;
    return -1;
}

/* The list field a sheet feeds: by its name, else by its header having all
 * of a list field's columns. -1 when none. */
static int list_field_of(const ws_program *p, const ws_sheet *sheet)
{
    if (sheet->name) {
        int f = ws_program_field(p, sheet->name, strlen(sheet->name));
        if (f >= 0 && p->fields[f].kind == WS_FIELD_LIST) return f;
    }
    for (size_t f = 0; f < p->nfields; f++) {
        const ws_field_def *d = &p->fields[f];
        if (d->kind != WS_FIELD_LIST) continue;
        size_t found = 0;
        for (size_t k = 0; k < d->ncolumns; k++)
            found += column_named(sheet, d->columns[k]) >= 0;
        if (found == d->ncolumns) return (int)f;
    }
    return -1;
}

static bool cell_has_text(const char *s)
{
    size_t len;
    ws_utf8_trim(s, strlen(s), &len);
    return len > 0;
}

/* Headers of an extra sheet that are neither the key, the entry columns,
 * nor the 姓名/序号 a clerk adds to find his way. */
static ws_status note_extra_headers(ws_records_file *f, ws_arena *a, const ws_sheet *x, int key_col,
                                    const size_t *cols, size_t ncols, ws_err *err)
{
    for (size_t c = 0; c < x->ncols; c++) {
        const char *h = x->cells[0][c];
        bool used = (int)c == key_col || !h[0] || same_label(h, "姓名") || same_label(h, "序号");
        for (size_t k = 0; k < ncols && !used; k++)
            used = cols[k] == c;
        if (used) continue;
        WS_TRY(add_note(f, a, x, 0, (int)c, WS_NOTE_WARNING,
                        ws_arena_printf(a, "表头「%s」不是该表的栏目，此列未读取", h), err));
    }
    return WS_OK;
}

/* How many characters a and b (the same length) differ in; SIZE_MAX when
 * their lengths differ. */
static size_t key_distance(const char *a, const char *b)
{
    size_t n = strlen(a), d = 0;
    if (n != strlen(b)) return SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

/* The one record (main sheet row) whose key is one or two characters off
 * key (a typo in an ID), or an 18-character key whose first 15 are the same
 * (an ID typed as a number keeps Excel's 15 digits), or 0 when none or
 * several are. */
static size_t near_record(const ws_sheet *main, size_t main_key, const char *key)
{
    size_t found = 0;
    if (strlen(key) < 6) return 0; /* a short key is near too many */
    for (size_t r = 1; r < main->nrows; r++) {
        const char *mine = main->cells[r][main_key];
        size_t d = key_distance(mine, key);
        bool cut = strlen(key) == 18 && d != SIZE_MAX && !strncmp(mine, key, 15);
        if (d == 0 || (d > 2 && !cut)) continue;
        if (found) return 0;
        found = r;
    }
    return found;
}

/* The one main row whose identity (姓名) is name, or 0 when none or several
 * have it. */
static size_t record_named(const ws_sheet *main, int name_col, const char *name)
{
    size_t found = 0;
    if (name_col < 0 || !cell_has_text(name)) return 0;
    for (size_t r = 1; r < main->nrows; r++) {
        if (!same_label(main->cells[r][name_col], name)) continue;
        if (found) return 0;
        found = r;
    }
    return found;
}

/* Whether extra row r has something in an entry column. */
static bool row_has_entry(const ws_sheet *x, size_t r, const size_t *cols, size_t ncols)
{
    for (size_t k = 0; k < ncols; k++)
        if (cols[k] != SIZE_MAX && cell_has_text(x->cells[r][cols[k]])) return true;
    return false;
}

/* The record whose rows are the nearest entries above and below extra row r
 * (a row in the middle of one person's entries is his), or 0. */
static size_t record_around(const ws_join *j, size_t r, const size_t *cols, size_t ncols)
{
    const ws_sheet *x = j->extra;
    size_t above = 0, below = 0;
    for (size_t k = r - 1; k >= 1 && !above; k--)
        if (row_has_entry(x, k, cols, ncols)) above = j->owner[k] ? j->owner[k] : SIZE_MAX;
    for (size_t k = r + 1; k < x->nrows && !below; k++)
        if (row_has_entry(x, k, cols, ncols)) below = j->owner[k] ? j->owner[k] : SIZE_MAX;
    return above && above != SIZE_MAX && above == below ? above : 0;
}

/* Which columns of an extra sheet the notes below read. */
typedef struct list_sheet {
    const ws_join *j;
    size_t key_col;
    const size_t *cols;
    size_t ncols;
    int name_col;      /* the extra sheet's 姓名 (the identity), -1 */
    int main_name_col; /* the main sheet's, -1 */
    const char *key_name, *name_name, *list;
} list_sheet;

/* An entry whose key no record has. 'p' says what a record is (人, or the
 * identity's thing: 工作室) for the message. The record the row was surely
 * meant for gets an error too, or it would come out with an entry missing
 * and no word of it: one whose key is one or two characters off the
 * entry's, or whose first 15 are the same (an ID typed as a number loses its
 * last digits), else the one the row names (姓名), else the one whose
 * entries are just above and below it. */
static ws_status note_orphans(ws_records_file *f, ws_arena *a, const list_sheet *ls,
                              const ws_program *p, size_t main_key, ws_err *err)
{
    char noun[128];
    bool people = ws_program_records_people(p);
    const char *who = people ? "人" : ws_program_record_noun(p, noun, sizeof noun);
    const ws_sheet *x = ls->j->extra;
    for (size_t r = 1; r < x->nrows; r++) {
        if (ls->j->owner[r] || !row_has_entry(x, r, ls->cols, ls->ncols)) continue;
        const char *key = x->cells[r][ls->key_col];
        const char *msg = cell_has_text(key)
                              ? ws_arena_printf(a, "「%s」%s 在主表中找不到，此行未并入任何%s%s",
                                                ls->key_name, key, who, people ? "的记录" : "")
                              : ws_arena_printf(a, "「%s」为空，此行无法对应到%s", ls->key_name, who);
        WS_TRY(add_note(f, a, x, r, (int)ls->key_col, WS_NOTE_ERROR, msg, err));
        const char *why = NULL, *name = ls->name_col >= 0 ? x->cells[r][ls->name_col] : "";
        size_t near = cell_has_text(key) ? near_record(f->sheet, main_key, key) : 0;
        if (near) {
            why = ws_arena_printf(a, "的「%s」%s 与本记录的只差 %zu 位", ls->key_name, key,
                                  key_distance(f->sheet->cells[near][main_key], key));
        } else if ((near = record_named(f->sheet, ls->main_name_col, name))) {
            why = ws_arena_printf(a, "写的是本记录的%s「%s」，但「%s」%s%s", ls->name_name, name,
                                  ls->key_name, cell_has_text(key) ? "是 " : "为空",
                                  cell_has_text(key) ? key : "");
        } else if ((near = record_around(ls->j, r, ls->cols, ls->ncols))) {
            why = ws_arena_printf(a, "夹在本记录的各行之间，但「%s」%s%s", ls->key_name,
                                  cell_has_text(key) ? "是 " : "为空", cell_has_text(key) ? key : "");
        }
        if (near)
            WS_TRY(add_note(f, a, f->sheet, near, -1, WS_NOTE_ERROR,
                            ws_arena_printf(a,
                                            "「%s」工作表第%zu行%s，那一行没有并入，本记录的"
                                            "「%s」会少一项：请核对改正",
                                            x->name ? x->name : "", x->line[r], why ? why : "",
                                            ls->list),
                            err));
    }
    return WS_OK;
}

/* An entry joined by its key to a record whose 姓名 is not the one the row
 * gives (a key filled down from the row above): the record would print
 * another's entry, and the one named would miss it. Both are errors. */
static ws_status note_wrong_names(ws_records_file *f, ws_arena *a, const list_sheet *ls,
                                  ws_err *err)
{
    const ws_sheet *x = ls->j->extra, *main = f->sheet;
    if (ls->name_col < 0 || ls->main_name_col < 0) return WS_OK;
    for (size_t r = 1; r < x->nrows; r++) {
        size_t owner = ls->j->owner[r];
        const char *name = x->cells[r][ls->name_col];
        if (!owner || !cell_has_text(name) || same_label(name, main->cells[owner][ls->main_name_col]))
            continue;
        const char *sheet = x->name ? x->name : "", *key = x->cells[r][ls->key_col];
        WS_TRY(add_note(f, a, main, owner, -1, WS_NOTE_ERROR,
                        ws_arena_printf(a,
                                        "「%s」工作表第%zu行的%s写的是「%s」，「%s」却是本记录的 %s，"
                                        "那一行并入了本记录（本记录的「%s」多了一项）：请核对这一行属于谁",
                                        sheet, x->line[r], ls->name_name, name, ls->key_name, key,
                                        ls->list),
                        err));
        size_t named = record_named(main, ls->main_name_col, name);
        if (named && named != owner)
            WS_TRY(add_note(f, a, main, named, -1, WS_NOTE_ERROR,
                            ws_arena_printf(a,
                                            "「%s」工作表第%zu行写的是本记录的%s，但「%s」是 %s，"
                                            "那一行并入了「%s」的记录，本记录的「%s」会少一项：请核对改正",
                                            sheet, x->line[r], ls->name_name, ls->key_name, key,
                                            main->cells[owner][ls->main_name_col], ls->list),
                            err));
    }
    return WS_OK;
}

typedef struct join_state {
    const ws_program *p;
    ws_records_file *f;
    const ws_sheet *cur; /* the main sheet with the joins so far */
    int key_field;
    int main_key;
    ws_arena *a;
} join_state;

static ws_status join_sheet(join_state *s, const ws_sheet *x, int field, ws_err *err)
{
    const ws_program *p = s->p;
    const ws_field_def *d = &p->fields[field];
    const char *key_name = p->fields[s->key_field].name;
    int xkey = column_of(p, x, s->key_field);
    char noun[128];
    if (xkey < 0)
        return ws_err_set(err, WS_ERR_INPUT, "%s：工作表「%s」缺少「%s」列，无法把各行对应到%s",
                          s->f->path, x->name, key_name,
                          ws_program_records_people(p) ? "人"
                                                       : ws_program_record_noun(p, noun, sizeof noun));
    size_t *cols = ws_arena_alloc(s->a, d->ncolumns * sizeof *cols);
    if (!cols) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    size_t found = 0;
    for (size_t k = 0; k < d->ncolumns; k++) {
        int c = column_named(x, d->columns[k]);
        cols[k] = c >= 0 ? (size_t)c : SIZE_MAX;
        found += c >= 0;
    }
    if (!found)
        return ws_err_set(err, WS_ERR_INPUT, "%s：工作表「%s」没有「%s」的任何栏目（如「%s」）",
                          s->f->path, x->name, d->name, d->columns[0]);
    WS_TRY(note_extra_headers(s->f, s->a, x, xkey, cols, d->ncolumns, err));
    int target = column_of(p, s->cur, field);
    ws_sheet *joined;
    ws_join *j;
    WS_TRY(ws_sheet_join(s->cur, (size_t)s->main_key, x, (size_t)xkey, cols, d->ncolumns,
                         target >= 0 ? (size_t)target : s->cur->ncols, d->name, s->a, &joined, &j,
                         err));
    int name_field = p->identity_field != s->key_field ? p->identity_field : -1;
    list_sheet ls = {j,
                     (size_t)xkey,
                     cols,
                     d->ncolumns,
                     name_field >= 0 ? column_of(p, x, name_field) : -1,
                     name_field >= 0 ? column_of(p, s->f->sheet, name_field) : -1,
                     key_name,
                     name_field >= 0 ? p->fields[name_field].name : "",
                     d->name};
    WS_TRY(note_orphans(s->f, s->a, &ls, p, (size_t)s->main_key, err));
    WS_TRY(note_wrong_names(s->f, s->a, &ls, err));
    ws_joined_sheet *v =
        ws_arena_grow(s->a, s->f->joins, s->f->njoins, s->f->njoins + 1, sizeof *v);
    if (!v) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    v[s->f->njoins++] = (ws_joined_sheet){field, j};
    s->f->joins = v;
    s->cur = joined;
    return WS_OK;
}

static ws_status join_book(join_state *s, const ws_book *book, ws_err *err)
{
    for (size_t i = 0; i < book->nsheets; i++) {
        const ws_sheet *x = book->sheets[i];
        if (x == s->f->sheet || x->nrows == 0) continue;
        if (x->name &&
            (!strcmp(x->name, WS_COLLECT_HELP_SHEET) || !strcmp(x->name, WS_COLLECT_LIST_SHEET)))
            continue;
        if (x->hidden) { /* what the clerk does not see does not go on paper */
            WS_TRY(add_note(s->f, s->a, x, 0, -1, WS_NOTE_WARNING,
                            ws_arena_printf(s->a,
                                            "工作表「%s」在 Excel 中是隐藏的，未读取（要用其中的"
                                            "内容，请在 Excel 中取消隐藏）",
                                            x->name ? x->name : ""),
                            err));
            continue;
        }
        int field = list_field_of(s->p, x);
        const char *name = x->name ? x->name : "", *why = NULL;
        if (field < 0)
            why = ws_arena_printf(
                s->a, "工作表「%s」不对应任何列表字段（工作表名应为字段名，如「主要工作经历」），未读取",
                name);
        else if (s->key_field < 0)
            why = ws_arena_printf(
                s->a, "工作表「%s」无法对应到记录：项目没有身份证号、identity 或 list_key 字段，未读取",
                name);
        else if (s->main_key < 0)
            why = ws_arena_printf(s->a, "工作表「%s」无法对应到记录：主表没有「%s」列，未读取", name,
                                  s->p->fields[s->key_field].name);
        ws_note_level level = WS_NOTE_WARNING;
        if (field < 0 && !x->header_labels) { /* no label of ours: instructions, notes */
            why = ws_arena_printf(s->a, "工作表「%s」中没有本项目的栏目（当作说明），未读取", name);
            level = WS_NOTE_INFO;
        }
        if (field < 0 || s->key_field < 0 || s->main_key < 0) { /* not read, saying why */
            if (!why) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
            WS_TRY(add_note(s->f, s->a, x, 0, -1, level, why, err));
            continue;
        }
        WS_TRY(join_sheet(s, x, field, err));
    }
    return WS_OK;
}

/* How many rows from the top are looked at for the header: a title, a date
 * line, a note to the clerk and a two-row header leave room to spare. */
#define HEADER_ROWS 10

static int is_field_label(void *user, const char *text)
{
    return ws_program_field(user, text, strlen(text)) >= 0;
}

/* The sheet a clerk's workbook keeps the records on: the named one, else the
 * shown one whose header matches the most of the program's labels (an
 * instructions sheet may come first, an old copy be hidden), the first of
 * equals. */
static ws_sheet *pick_sheet(const ws_book *b, const char *sheet_name)
{
    ws_sheet *best = NULL;
    for (size_t i = 0; i < b->nsheets; i++) {
        ws_sheet *s = b->sheets[i];
        if (sheet_name) {
            if (s->name && strcmp(s->name, sheet_name) == 0) return s;
        } else if (!s->hidden && (!best || s->header_labels > best->header_labels)) {
            best = s;
        }
    }
    return sheet_name ? NULL : best ? best : b->sheets[0];
}

/* Says which sheet and row the header was found on, when it is not simply
 * row 1 of the first sheet (a 提示, not a problem). */
static void note_header_used(const ws_book *b, ws_sheet *s, ws_arena *a)
{
    if (!s->nrows || !s->header_labels) return;
    bool other_sheet = s != b->sheets[0], lower_row = s->line[0] != 1;
    if (!other_sheet && !lower_row) return;
    if (lower_row)
        ws_sheet_note(s, a, 0, -1, WS_NOTE_INFO,
                      "表头在工作表「%s」第%zu行（上面的第%zu至%zu行当作标题或说明，未读取）",
                      s->name ? s->name : "", s->line[0], s->looked_first, s->line[0] - 1);
    else
        ws_sheet_note(s, a, 0, -1, WS_NOTE_INFO, "记录在工作表「%s」（表头在第%zu行）",
                      s->name ? s->name : "", s->line[0]);
}

static ws_status read_main(const ws_program *p, const char *path, const char *sheet_name,
                           ws_arena *a, const ws_sheet **main, const ws_book **book, ws_err *err)
{
    *book = NULL;
    if (!has_suffix(path, ".xlsx") && !has_suffix(path, ".xlsm")) {
        ws_sheet *s;
        WS_TRY(ws_sheet_read(path, sheet_name, a, &s, err));
        *main = s;
        return WS_OK;
    }
    ws_book *b;
    ws_header_hint hint = {is_field_label, (void *)p, HEADER_ROWS};
    WS_TRY(ws_xlsx_read_hinted(path, &hint, a, &b, err));
    if (b->nsheets == 0) return ws_err_set(err, WS_ERR_INPUT, "%s：工作簿中没有工作表", path);
    *book = b;
    ws_sheet *s = pick_sheet(b, sheet_name);
    if (!s) return ws_err_set(err, WS_ERR_INPUT, "%s：没有名为「%s」的工作表", path, sheet_name);
    note_header_used(b, s, a);
    *main = s;
    return WS_OK;
}

/* Adds to a "缺少必需的列" message where the header was looked for. */
static ws_status header_not_found(const ws_book *b, const char *sheet_name, ws_arena *a,
                                  ws_err *err)
{
    ws_buf where = WS_BUF_INIT;
    for (size_t i = 0; i < b->nsheets; i++) {
        const ws_sheet *s = b->sheets[i];
        if (sheet_name && (!s->name || strcmp(s->name, sheet_name) != 0)) continue;
        if (!s->looked_first)
            ws_buf_printf(&where, "%s工作表「%s」（空）", where.len ? "、" : "",
                          s->name ? s->name : "");
        else
            ws_buf_printf(&where, "%s工作表「%s」第%zu至%zu行", where.len ? "、" : "",
                          s->name ? s->name : "", s->looked_first, s->looked_last);
    }
    const char *msg = where.failed ? NULL
                                   : ws_arena_printf(a, "%s；已查找：%s，都不是含这些列的表头",
                                                     err->msg, where.p ? where.p : "");
    ws_buf_free(&where);
    if (msg) snprintf(err->msg, sizeof err->msg, "%s", msg);
    return err->status;
}

ws_status ws_records_load(const ws_program *p, const char *path, const char *sheet_name,
                          ws_arena *arena, ws_records_file **out, ws_err *err)
{
    ws_records_file *f = ws_arena_calloc(arena, 1, sizeof *f);
    if (!f || !(f->path = ws_arena_strdup(arena, path)))
        return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    const ws_book *book;
    WS_TRY(read_main(p, path, sheet_name, arena, &f->sheet, &book, err));
    if (f->sheet->nrows == 0)
        return ws_err_set(err, WS_ERR_INPUT, "%s：表格是空的（第1行应为表头）", path);
    join_state s = {p, f, f->sheet, ws_program_key_field(p), -1, arena};
    if (s.key_field >= 0) s.main_key = column_of(p, f->sheet, s.key_field);
    if (book) WS_TRY(join_book(&s, book, err));
    ws_status st = ws_records_bind(p, s.cur, arena, &f->rs, err);
    if (st == WS_ERR_INPUT && book && !f->sheet->header_labels)
        return header_not_found(book, sheet_name, arena, err);
    WS_TRY(st);
    *out = f;
    return WS_OK;
}

ws_records_file *ws_records_file_wrap(ws_recordset *rs, ws_arena *arena)
{
    ws_records_file *f = ws_arena_calloc(arena, 1, sizeof *f);
    if (!f) return NULL;
    f->path = rs->path;
    f->sheet = rs->sheet;
    f->rs = rs;
    return f;
}

const ws_join *ws_records_join_of(const ws_records_file *f, int field)
{
    for (size_t i = 0; i < f->njoins; i++)
        if (f->joins[i].field == field) return f->joins[i].join;
    return NULL;
}
