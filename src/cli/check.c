/* cli/check.c - `wenshu check`: records against the program's rules.
 *
 * Loads the program and its rules, reads every records file given (CSV or
 * XLSX with its extra sheets), runs the rules over all of them together and
 * prints the findings as a table in Chinese, or as JSON (--json), and
 * optionally writes the records back with the offending cells marked
 * (--xlsx). Exit 0: nothing found; 1: errors or warnings; 2: could not run. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "job/check.h"
#include "render/report_xlsx.h"

typedef struct check_opts {
    const char *template_dir;
    const char *const *records;
    int nrecords;
    const char *fonts_dir;
    const char *sheet;
    const char *xlsx;
    const char *units; /* --units; default units.csv … beside the first records file */
    bool json;
    bool quiet;
    bool no_files;
} check_opts;

static const char CHECK_USAGE[] =
    "用法：wenshu check <模板文件夹> <记录表.csv|.xlsx>… [选项]\n"
    "\n"
    "按项目模板中的规则（rules.yaml：通知中的申报条件和填表要求）检查记录表，\n"
    "列出每一处问题：文件、行（与 Excel/WPS 中显示的行号一致）、字段、值和通知原文。\n"
    "可同时检查多个记录表（如各推荐单位分别报来的表）：重复申报和名额按全部记录计算。\n"
    "xlsx 中与列表字段同名的工作表（如「主要工作经历」）按身份证号并入对应的人。\n"
    "\n"
    "选项：\n"
    "  --json                以 JSON 输出（供程序读取）\n"
    "  --xlsx 报告.xlsx      另存一份检查报告：问题清单，以及标出问题单元格（附批注）的原表\n"
    "  --sheet 名称          xlsx 中候选人所在的工作表（默认：表头含本项目栏目最多的那个）\n"
    "  --units 文件          推荐单位信息表（默认为第一个记录表旁的 units.csv），同样检查\n"
    "  --no-files            不打开照片和附件文件（只检查路径写法）\n"
    "  --fonts-dir 目录      字体文件夹（含 roles.yaml；加载模板时需要）\n"
    "  -q, --quiet           只输出汇总\n"
    "\n"
    "“不晚于今天”一类检查按环境变量 SOURCE_DATE_EPOCH 的日期（未设置时为今天）；\n"
    "年龄、任职年限等界限一律取自通知（规则文件），与运行日期无关。\n"
    "\n"
    "退出状态：0 没有发现问题（可能有“提示”）；1 有错误或警告；2 "
    "无法运行（用法、模板或文件错误）。\n";

static int usage_error(const char *msg, const char *arg)
{
    return ws_cli_usage_error("check", msg, arg);
}

static int parse_opts(int argc, char **argv, check_opts *o)
{
    *o = (check_opts){0};
    const char **records = calloc((size_t)argc, sizeof *records);
    o->records = records;
    if (!o->records) return usage_error("%s", "内存不足");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(CHECK_USAGE, stdout);
            return -1;
        } else if (!strcmp(a, "--json")) {
            o->json = true;
        } else if (!strcmp(a, "--xlsx") && has_value) {
            o->xlsx = argv[++i];
        } else if (!strcmp(a, "--sheet") && has_value) {
            o->sheet = argv[++i];
        } else if (!strcmp(a, "--units") && has_value) {
            o->units = argv[++i];
        } else if (!strcmp(a, "--fonts-dir") && has_value) {
            o->fonts_dir = argv[++i];
        } else if (!strcmp(a, "--no-files")) {
            o->no_files = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("check：未知的选项或缺少参数「%s」", a);
        } else if (!o->template_dir) {
            o->template_dir = a;
        } else {
            records[o->nrecords++] = a;
        }
    }
    if (!o->template_dir || !o->nrecords)
        return usage_error("%s", "check：需要模板文件夹和至少一个记录表");
    return 0;
}

/* --- the table --------------------------------------------------------------------------- */

/* Terminal columns: East Asian wide characters take two. */
static int display_width(const char *s)
{
    int w = 0;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        i += k;
        w += (cp >= 0x1100 &&
              (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
               (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
               (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000))
                 ? 2
                 : 1;
    }
    return w;
}

static void pad(const char *s, int width)
{
    ws_say("%s", s);
    for (int w = display_width(s); w < width; w++)
        putchar(' ');
    putchar(' ');
}

/* The row column: the record's own row (an entry from an extra sheet is
 * listed under its person), else the sheet row, else a dash. */
static void row_text(const ws_records_file *file, const ws_finding *f, char *out, size_t n)
{
    if (f->record != WS_NO_RECORD)
        snprintf(out, n, "第%zu行", file->rs->records[f->record].line);
    else if (f->sheet)
        snprintf(out, n, "「%s」第%zu行", f->sheet, f->line);
    else if (f->line)
        snprintf(out, n, "第%zu行", f->line);
    else
        snprintf(out, n, "—");
}

/* The field as the clerk reads it: 身份证号; 成员 第3项 出生年月 inside a list
 * entry (plus the extra sheet's row when the entry came from one). */
static void field_text(const ws_program *p, const ws_records_file *file, const ws_finding *f,
                       char *out, size_t n)
{
    char name[384];
    ws_finding_field_text(p, f, name, sizeof name);
    if (f->field >= 0 && f->entry >= 0 && f->sheet)
        snprintf(out, n, "%s（「%s」表第%zu行）", name, f->sheet, f->line);
    else if (f->field >= 0)
        snprintf(out, n, "%s", name);
    else if (f->col >= 0 && !f->sheet && (size_t)f->col < file->sheet->ncols)
        snprintf(out, n, "「%s」列", file->sheet->cells[0][f->col]);
    else
        snprintf(out, n, "%s", "");
}

/* The first max characters of s on one line, "…" when cut. */
static void put_short(ws_buf *b, const char *s, size_t max)
{
    size_t len = strlen(s), i = 0, chars = 0;
    while (i < len && chars < max) {
        size_t k;
        ws_utf8_decode(s + i, len - i, &k);
        for (size_t j = 0; j < k; j++)
            ws_buf_putc(b, s[i + j] == '\n' || s[i + j] == '\t' ? ' ' : s[i + j]);
        i += k;
        chars++;
    }
    if (i < len) ws_buf_puts(b, "…");
}

/* The widths of the table's first columns in one file: the widest entry, at
 * least the header's default, at most a third of a wide terminal. */
typedef struct table_widths {
    int row, who, field;
} table_widths;

static const char *finding_who(const ws_job_check *c, size_t nfile, const ws_finding *f)
{
    const char *name = ws_job_check_record_name(c, nfile, f->record);
    return name[0] || f->record == WS_NO_RECORD ? name : "（未填）";
}

static int wider(int have, const char *s, int most)
{
    int w = display_width(s);
    return w > have ? (w < most ? w : most) : have;
}

static table_widths file_widths(const ws_job_check *c, size_t nfile)
{
    table_widths tw = {9, 8, 24};
    const ws_records_file *file = c->files[nfile];
    for (size_t k = 0; k < c->findings->n; k++) {
        const ws_finding *f = &c->findings->items[k];
        if (f->file != nfile) continue;
        char row[160], field[512];
        row_text(file, f, row, sizeof row);
        field_text(c->program, file, f, field, sizeof field);
        tw.row = wider(tw.row, row, 20);
        tw.who = wider(tw.who, finding_who(c, nfile, f), 40);
        tw.field = wider(tw.field, field, 40);
    }
    return tw;
}

static void print_finding(const ws_job_check *c, size_t nfile, const ws_finding *f,
                          const table_widths *tw)
{
    const ws_program *p = c->program;
    const ws_records_file *file = c->files[nfile];
    char row[160], field[512];
    row_text(file, f, row, sizeof row);
    field_text(p, file, f, field, sizeof field);
    ws_say("  ");
    pad(row, tw->row);
    pad(finding_who(c, nfile, f), tw->who);
    pad(ws_level_name_cn(f->level), 4);
    pad(field, tw->field);
    ws_buf b = WS_BUF_INIT;
    ws_buf_puts(&b, f->problem);
    if (f->value[0]) {
        ws_buf_puts(&b, "（值：");
        put_short(&b, f->value, 40);
        ws_buf_puts(&b, "）");
    }
    if (f->words[0]) ws_buf_printf(&b, "——%s", f->words);
    ws_say("%s\n", b.p ? b.p : "");
    ws_buf_free(&b);
}

static void print_table(const ws_job_check *c, bool quiet)
{
    const ws_program *p = c->program;
    const ws_records_file *const *files = (const ws_records_file *const *)c->files;
    size_t nfiles = c->nfiles;
    const ws_findings *fs = c->findings;
    for (size_t i = 0; i < nfiles && !quiet; i++) {
        const ws_records_file *f = files[i];
        ws_say("文件：%s（%s，%zu 条记录）\n", f->path, f->sheet->encoding, f->rs->n);
        bool any = false;
        table_widths tw = file_widths(c, i);
        for (size_t k = 0; k < fs->n; k++) {
            if (fs->items[k].file != i) continue;
            if (!any) {
                ws_say("  ");
                const char *who =
                    p->identity_field >= 0 ? p->fields[p->identity_field].name : "姓名";
                pad("行", tw.row), pad(who, tw.who), pad("级别", 4), pad("字段", tw.field);
                ws_say("问题\n");
            }
            any = true;
            print_finding(c, i, &fs->items[k], &tw);
        }
        if (!any) ws_say("  没有发现问题。\n");
    }
    ws_check_counts n = ws_job_check_counts(c);
    char lost[64] = "";
    if (n.unreadable) snprintf(lost, sizeof lost, "（其中 %zu 行无法读取）", n.unreadable);
    ws_say("共 %zu 条记录%s：%zu 条有错误，%zu 条只有警告；错误 %zu 处，警告 %zu 处，提示 %zu 处。\n",
           n.records, lost, n.with_errors, n.with_warnings, fs->nerrors, fs->nwarnings,
           fs->nnotes);
    if (n.with_errors) ws_say("有错误的记录在 wenshu build 时不会生成（除非加 --force）。\n");
}

/* The units file's problems after the records' table (one line per message);
 * with -q only when it has some (exit 1 must have its reason on screen). */
static void print_units(const ws_job_check *c, bool quiet)
{
    if (!c->units_path || (quiet && !c->units.n)) return;
    printf("单位信息表：%s（%s）\n", c->units_path, c->units.n ? "有错误" : "没有发现问题");
    for (size_t i = 0; i < c->units.n; i++) printf("  错误 %s\n", c->units.problems[i].msg);
}

static bool print_json(const ws_job_check *c)
{
    ws_buf b = WS_BUF_INIT;
    bool ok = ws_job_check_json(c, false, &b);
    if (ok) fwrite(b.p, 1, b.len, stdout);
    ws_buf_free(&b);
    return ok;
}

/* --- the command ---------------------------------------------------------------------------- */

int ws_cmd_check(int argc, char **argv)
{
    check_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc) {
        free((void *)o.records);
        return rc < 0 ? WS_EXIT_OK : rc;
    }
    ws_err err;
    ws_job_check *c = NULL;
    ws_job_check_opts jo = {.template_dir = o.template_dir, .records = o.records,
                            .nrecords = (size_t)o.nrecords, .fonts_dir = o.fonts_dir,
                            .sheet = o.sheet, .units = o.units, .no_files = o.no_files};
    if (ws_job_check_run(&jo, &c, &err) != WS_OK) goto fail;
    const ws_records_file *const *files = (const ws_records_file *const *)c->files;
    if (o.json) {
        if (!print_json(c)) {
            ws_err_set(&err, WS_ERR_NOMEM, "内存不足");
            goto fail;
        }
    } else {
        print_table(c, o.quiet);
        print_units(c, o.quiet);
    }
    if (o.xlsx) {
        ws_report_units units = {c->units_path, &c->units};
        if (ws_report_xlsx_write(o.xlsx, c->program, files, c->nfiles, c->findings, &units, &err) !=
            WS_OK)
            goto fail;
        if (!o.json) ws_say("检查报告：%s\n", o.xlsx);
    }
    rc = c->findings->nerrors + c->findings->nwarnings + c->units.n ? WS_EXIT_SOME_FAILED
                                                                    : WS_EXIT_OK;
    goto done;
fail:
    ws_cli_error("%s", err.msg);
    rc = WS_EXIT_USAGE;
done:
    ws_job_check_destroy(c);
    free((void *)o.records);
    return rc;
}
