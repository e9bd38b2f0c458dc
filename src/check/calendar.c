/* check/calendar.c - see calendar.h.
 *
 * The file lists only exceptions (a few dozen dates a year), so the
 * calendar is a sorted array of them searched by day number; everything not
 * listed follows the plain Monday-Friday week. A year missing from the file
 * is not treated as "no holidays": a publicity period that would silently
 * skip 国庆节 is exactly the mistake this module exists to prevent, so
 * counting through an uncovered year is an error. Mistakes in the file are
 * reported with their line because clerks edit it by hand every November. */
#include "check/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <limits.h>

#include "base/fs.h"
#include "base/strbuf.h"
#include "base/utf8.h"

typedef struct entry {
    long days; /* ws_date_to_days */
    bool work; /* true: 调休 working day; false: day off */
    int file;  /* 0: the first file read (_shared), 1: the program's own */
    int line;
} entry;

struct ws_calendar {
    entry *entries; /* sorted by days, no duplicates */
    size_t n, cap;
    int *years; /* distinct years with entries, ascending */
    size_t nyears;
    char *name; /* the file(s), for messages: "a.tsv" or "a.tsv、b.tsv" */
};

void ws_calendar_destroy(ws_calendar *cal)
{
    if (!cal) return;
    free(cal->entries);
    free(cal->years);
    free(cal->name);
    free(cal);
}

static bool push_entry(ws_calendar *cal, entry e)
{
    if (cal->n == cal->cap) {
        size_t cap = cal->cap ? cal->cap * 2 : 256;
        entry *p = realloc(cal->entries, cap * sizeof *p);
        if (!p) return false;
        cal->entries = p;
        cal->cap = cap;
    }
    cal->entries[cal->n++] = e;
    return true;
}

/* Parses one data line into *e; the error message has no file/line prefix. */
static ws_status parse_line(const char *line, size_t len, entry *e, ws_err *err)
{
    const char *f[3];
    size_t flen[3];
    int n = ws_utf8_split_tabs(line, len, f, flen, 3);
    if (n < 2 || n > 3)
        return ws_err_set(err, WS_ERR_INPUT,
                          "应为「日期<TAB>off 或 work<TAB>名称」三列，用制表符分隔");
    ws_date d;
    WS_TRY(ws_date_parse_full(f[0], flen[0], &d, err));
    if (flen[1] == 3 && memcmp(f[1], "off", 3) == 0)
        e->work = false;
    else if (flen[1] == 4 && memcmp(f[1], "work", 4) == 0)
        e->work = true;
    else
        return ws_err_set(err, WS_ERR_INPUT,
                          "未知的类型「%.*s」，应为 off（放假）或 work（调休上班）",
                          (int)(flen[1] > 40 ? 40 : flen[1]), f[1]);
    if (e->work && ws_date_weekday(d) < 5)
        return ws_err_set(err, WS_ERR_INPUT,
                          "%d年%d月%d日不是周六或周日，本来就是工作日，不需要标 work", d.year,
                          d.month, d.day);
    e->days = ws_date_to_days(d);
    return WS_OK;
}

static bool is_blank_or_comment(const char *line, size_t len)
{
    size_t tlen;
    const char *t = ws_utf8_trim(line, len, &tlen);
    return tlen == 0 || t[0] == '#';
}

/* Reads every line of text (file number 'file', called 'name') into
 * cal->entries (unsorted). */
static ws_status parse_text(ws_calendar *cal, int file, const char *name, const char *text,
                            size_t len, ws_err *err)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* BOM */
        text += 3;
        len -= 3;
    }
    int lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t llen = end - pos;
        pos = end + 1;
        lineno++;
        if (is_blank_or_comment(line, llen)) continue;
        entry e = {0, false, file, lineno};
        if (parse_line(line, llen, &e, err) != WS_OK) {
            ws_err_prefix(err, "文件 %s 第%d行：", name, lineno);
            return WS_ERR_INPUT;
        }
        if (!push_entry(cal, e)) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    }
    return WS_OK;
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->days != y->days) return x->days < y->days ? -1 : 1;
    if (x->file != y->file) return x->file < y->file ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Sorts the entries, refuses a date listed twice in one file (a date in
 * both files is the later file's: the program's own word over _shared's)
 * and collects the covered years. names[i]: file i, for messages. */
static ws_status index_entries(ws_calendar *cal, const char *const *names, ws_err *err)
{
    if (cal->n > 0) qsort(cal->entries, cal->n, sizeof *cal->entries, entry_cmp);
    cal->years = malloc((cal->n ? cal->n : 1) * sizeof *cal->years);
    if (!cal->years) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    size_t kept = 0;
    for (size_t i = 0; i < cal->n; i++) {
        entry e = cal->entries[i];
        ws_date d = ws_date_from_days(e.days);
        const entry *prev = kept ? &cal->entries[kept - 1] : NULL;
        if (prev && prev->days == e.days && prev->file == e.file)
            return ws_err_set(err, WS_ERR_INPUT, "文件 %s 第%d行：%d-%02d-%02d 重复（第%d行已有）",
                              names[e.file], e.line, d.year, d.month, d.day, prev->line);
        if (prev && prev->days == e.days) kept--; /* the later file's entry replaces it */
        cal->entries[kept++] = e;
        if (cal->nyears == 0 || cal->years[cal->nyears - 1] != d.year)
            cal->years[cal->nyears++] = d.year;
    }
    cal->n = kept;
    return WS_OK;
}

ws_status ws_calendar_load_text(const char *text, size_t len, const char *name, ws_calendar **out,
                                ws_err *err)
{
    *out = NULL;
    ws_status st = WS_OK;
    ws_calendar *cal = calloc(1, sizeof *cal);
    if (!cal || !(cal->name = strdup(name ? name : "(节假日表)"))) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    st = parse_text(cal, 0, cal->name, text, len, err);
    if (st == WS_OK) st = index_entries(cal, (const char *const[]){cal->name}, err);
done:
    if (st != WS_OK)
        ws_calendar_destroy(cal);
    else
        *out = cal;
    return st;
}

/* Reads the whole file at path into b. */
static ws_status read_all(const char *path, ws_buf *b, ws_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return ws_err_set(err, WS_ERR_IO, "无法打开节假日表 %s：%s", path, strerror(errno));
    char chunk[16384];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        ws_buf_append(b, chunk, got);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) return ws_err_set(err, WS_ERR_IO, "读取节假日表 %s 出错", path);
    if (b->failed) return ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    return WS_OK;
}

ws_status ws_calendar_load(const char *path, ws_calendar **out, ws_err *err)
{
    *out = NULL;
    ws_buf b = WS_BUF_INIT;
    ws_status st = read_all(path, &b, err);
    if (st == WS_OK) st = ws_calendar_load_text(b.p ? b.p : "", b.len, path, out, err);
    ws_buf_free(&b);
    return st;
}

/* Reads the files that exist of shared, own into one calendar. */
static ws_status load_both(const char *const paths[2], ws_calendar **out, ws_err *err)
{
    ws_status st = WS_OK;
    ws_buf names = WS_BUF_INIT;
    const char *file_names[2] = {"", ""};
    int nfiles = 0;
    ws_calendar *cal = calloc(1, sizeof *cal);
    if (!cal) {
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
        goto done;
    }
    for (int i = 0; i < 2 && st == WS_OK; i++) {
        if (!paths[i]) continue;
        ws_buf b = WS_BUF_INIT;
        st = read_all(paths[i], &b, err);
        if (st == WS_OK)
            st = parse_text(cal, nfiles, paths[i], b.p ? b.p : "", b.len, err);
        ws_buf_free(&b);
        ws_buf_printf(&names, "%s%s", nfiles ? "、" : "", paths[i]);
        file_names[nfiles++] = paths[i];
    }
    if (st == WS_OK && names.failed) st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (st == WS_OK && !(cal->name = strdup(names.p ? names.p : "")))
        st = ws_err_set(err, WS_ERR_NOMEM, "内存不足");
    if (st == WS_OK) st = index_entries(cal, file_names, err);
done:
    ws_buf_free(&names);
    if (st != WS_OK) {
        ws_calendar_destroy(cal);
        cal = NULL;
    }
    *out = cal;
    return st;
}

/* A program's holiday files: [0] the shared one beside its folder, [1] its
 * own; NULL where there is none. */
static void program_files(const char *dir, char own[PATH_MAX], char shared[PATH_MAX],
                          const char *paths[2])
{
    char parent[PATH_MAX];
    ws_path_join(dir, "holidays.tsv", own, PATH_MAX);
    ws_path_join(dir, "..", parent, sizeof parent);
    ws_path_join(parent, "_shared/holidays.tsv", shared, PATH_MAX);
    paths[0] = ws_file_exists(shared) ? shared : NULL;
    paths[1] = ws_file_exists(own) ? own : NULL;
}

bool ws_calendar_program_found(const char *dir)
{
    char own[PATH_MAX], shared[PATH_MAX];
    const char *paths[2];
    program_files(dir, own, shared, paths);
    return paths[0] || paths[1];
}

ws_status ws_calendar_load_program(const char *dir, ws_calendar **out, ws_err *err)
{
    char own[PATH_MAX], shared[PATH_MAX];
    const char *paths[2];
    *out = NULL;
    program_files(dir, own, shared, paths);
    if (!paths[0] && !paths[1])
        return ws_err_set(err, WS_ERR_TEMPLATE,
                          "找不到节假日表：模板中有按工作日计算的日期（公示期），需要 %s/holidays.tsv，"
                          "或与模板文件夹同级的 _shared/holidays.tsv（随 wenshu 提供的 templates/_shared/，"
                          "复制模板时请一并复制或把模板放在 templates/ 下）",
                          dir);
    return load_both(paths, out, err);
}

bool ws_calendar_covers(const ws_calendar *cal, int year)
{
    size_t lo = 0, hi = cal->nyears;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->years[mid] == year) return true;
        if (cal->years[mid] < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static const entry *find_entry(const ws_calendar *cal, long days)
{
    size_t lo = 0, hi = cal->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->entries[mid].days == days) return &cal->entries[mid];
        if (cal->entries[mid].days < days)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool ws_calendar_is_workday(const ws_calendar *cal, ws_date d)
{
    const entry *e = find_entry(cal, ws_date_to_days(d));
    if (e) return e->work;
    return ws_date_weekday(d) < 5;
}

/* "2017–2026、2031年": the years the files cover, runs of years joined. */
static void covered_years(const ws_calendar *cal, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < cal->nyears && len < size; i++) {
        size_t j = i;
        while (j + 1 < cal->nyears && cal->years[j + 1] == cal->years[j] + 1) j++;
        int w = j > i + 1 ? snprintf(out + len, size - len, "%s%d–%d", i ? "、" : "",
                                     cal->years[i], cal->years[j])
                          : snprintf(out + len, size - len, "%s%d", i ? "、" : "", cal->years[i]);
        if (j == i + 1) j = i; /* two years: listed one by one */
        len += w > 0 ? (size_t)w : 0;
        i = j;
    }
}

static ws_status uncovered(const ws_calendar *cal, ws_date start, int n, int year, ws_err *err)
{
    char years[256];
    covered_years(cal, years, sizeof years);
    return ws_err_set(err, WS_ERR_INPUT,
                      "无法计算从%d年%d月%d日起%d个工作日的公示期：节假日表 %s 中没有%d年的"
                      "放假安排（现有%s年），请按《国务院办公厅关于%d年部分节假日安排的通知》补充",
                      start.year, start.month, start.day, n, cal->name, year,
                      years[0] ? years : "：无", year);
}

ws_status ws_calendar_add_workdays(const ws_calendar *cal, ws_date start, int n, ws_date *end,
                                   ws_err *err)
{
    if (n < 1) return ws_err_set(err, WS_ERR_INVALID, "公示期的工作日数应至少为1，而不是%d", n);
    if (!ws_date_is_valid(start) || start.day == 0)
        return ws_err_set(err, WS_ERR_INVALID, "公示期的起始日期无效");
    long day = ws_date_to_days(start);
    for (int counted = 0;; day++) {
        ws_date d = ws_date_from_days(day);
        if (!ws_calendar_covers(cal, d.year)) return uncovered(cal, start, n, d.year, err);
        if (ws_calendar_is_workday(cal, d) && ++counted == n) {
            *end = d;
            return WS_OK;
        }
    }
}
