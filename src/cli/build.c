/* cli/build.c - `wenshu build`: reads the options, runs the build
 * (job/job.h) and prints its events: one line each on stdout, and a progress
 * bar on stderr when that is a terminal. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "base/utf8.h"
#include "cli/cli.h"

static const char BUILD_USAGE[] =
    "用法：wenshu build <模板文件夹> <记录表.csv|.xlsx> [选项]\n"
    "\n"
    "为每条记录生成模板中的文档（如 out/forms/ 下每位候选人一份申报表 PDF），\n"
    "每条记录输出一行结果；在终端上显示进度条。\n"
    "\n"
    "选项：\n"
    "  -o, --out 目录        输出文件夹（默认 out）\n"
    "  -j, --jobs N          并行数（默认为 CPU 核数）\n"
    "  --sheet 名称          xlsx 中要读取的工作表（默认：表头含本项目栏目最多的那个）\n"
    "  --units 文件          推荐单位信息表（填报人、联系电话等；默认为记录表旁的 units.csv）\n"
    "  --stage 阶段          只生成这一阶段的文档：申报、公示 或 表彰（默认全部）\n"
    "  --force               有错误的记录也生成（每条在结果中注明）\n"
    "  --no-check            不按模板规则检查，直接生成（只报告读取和排版问题）\n"
    "  --fonts-dir 目录      字体文件夹（含 roles.yaml，默认随程序的 fonts/）\n"
    "  --encrypt 密码文件    含个人信息（身份证号、手机等）的 PDF（申报表、装订册…）用 AES-256\n"
    "                        加密，打开密码为该文件的第一行（UTF-8，可带 BOM；第二行可写另一个\n"
    "                        所有者密码，不写则随机生成；XLSX 不加密；加密后每次输出不同）\n"
    "  --dump-layout         同时为每个 PDF 写出排版结果文本（.layout.txt，用于测试；不能与\n"
    "                        --encrypt 同用）\n"
    "  -q, --quiet           只输出失败的记录和汇总\n"
    "\n"
    "生成前先按模板的规则检查记录（同 wenshu check），有错误的记录不生成。\n"
    "按推荐单位或全体生成的文档（汇总表、推荐函、公示、名额表、装订册）在各条记录之后生成。\n"
    "\n"
    "记录表的列按表格中的中文标题（如 姓名、性别、出生年月）对应模板字段；\n"
    "CSV 可为 UTF-8（含或不含 BOM）或 GB18030（Excel/WPS 另存的 CSV），自动识别。\n"
    "照片等文件路径相对于记录表所在的文件夹。\n"
    "\n"
    "选项的值也可写成 -o目录、-j2、--out=目录、--jobs=2。\n"
    "\n"
    "退出状态：0 全部成功；1 部分记录或文档失败（如磁盘已满；其余照常生成）；2 用法、模板或环境错误。\n";

static int usage_error(const char *fmt, const char *arg)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, arg);
    ws_cli_error("%s", msg);
    fputs("请运行 wenshu build --help 查看用法。\n", stderr);
    return WS_EXIT_USAGE;
}

/* One line of a password file (without its CR/LF) into out; false when
 * there is no such line. */
static bool password_line(const char *text, size_t len, size_t *pos, char *out, size_t n)
{
    if (*pos >= len) return false;
    size_t end = *pos;
    while (end < len && text[end] != '\n' && text[end] != '\r') end++;
    size_t k = end - *pos < n - 1 ? end - *pos : n - 1;
    memcpy(out, text + *pos, k);
    out[k] = '\0';
    if (end < len && text[end] == '\r') end++;
    if (end < len && text[end] == '\n') end++;
    *pos = end;
    return true;
}

static bool all_blank(const char *s)
{
    size_t n;
    ws_utf8_trim(s, strlen(s), &n);
    return n == 0;
}

/* An owner password nobody needs to know (the clerk only opens the files):
 * 32 random hex digits, so it can never equal the user password. */
static bool random_owner(char *out, size_t n)
{
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) return false;
    for (size_t i = 0; i < sizeof r && 2 * i + 2 < n; i++) snprintf(out + 2 * i, 3, "%02x", r[i]);
    return true;
}

/* --encrypt FILE: the password is the file's first line (so it is not on the
 * command line, where other users could see it), without a UTF-8 BOM
 * (Notepad writes one); an optional second line is the owner password,
 * else a random one. PDF R6 passwords are UTF-8 and at most 127 bytes. */
static int read_password(const char *file, ws_job_opts *o)
{
    static char pw[256], owner[256];
    char text[4097];
    size_t pos = 0;
    FILE *f = fopen(file, "rb");
    if (!f) return usage_error("build：无法读取密码文件 %s", file);
    size_t len = fread(text, 1, sizeof text, f); /* a password file is a line or two */
    bool failed = ferror(f);
    fclose(f);
    if (failed) return usage_error("build：无法读取密码文件 %s", file);
    if (len > 4096) return usage_error("build：密码文件 %s 太大（应只有一两行）", file);
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) pos = 3;
    if (ws_utf8_invalid_at(text + pos, len - pos) != (size_t)-1)
        return usage_error("build：密码文件 %s 不是 UTF-8 文本（请用记事本“另存为”，编码选 UTF-8）", file);
    if (!password_line(text, len, &pos, pw, sizeof pw) || all_blank(pw))
        return usage_error("build：密码文件 %s 的第一行是空的（或只有空格），请在第一行写上密码", file);
    if (strlen(pw) > 127)
        return usage_error("build：密码文件 %s 的密码太长（最多 127 字节，约 42 个汉字）", file);
    if (password_line(text, len, &pos, owner, sizeof owner) && !all_blank(owner)) {
        if (!strcmp(owner, pw) || strlen(owner) > 127)
            return usage_error("build：密码文件 %s 第二行的所有者密码不能与第一行的打开密码相同，"
                               "也不能超过 127 字节", file);
    } else if (!random_owner(owner, sizeof owner)) {
        return usage_error("build：无法生成随机的所有者密码（%s）", file);
    }
    o->password = pw;
    o->owner_password = owner;
    return 0;
}

/* A value option: "-o DIR", "-oDIR" (short), "--out DIR", "--out=DIR".
 * Returns 1 and sets *value when argv[*i] is the option (advancing *i past a
 * separate value), 0 when it is not, -1 when its value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *shrt, const char *lng,
                     const char **value)
{
    const char *a = argv[*i];
    size_t ll = strlen(lng);
    if ((shrt && !strcmp(a, shrt)) || !strcmp(a, lng)) {
        if (*i + 1 >= argc) return -1;
        *value = argv[++*i];
        return 1;
    }
    if (shrt && !strncmp(a, shrt, 2) && a[2]) {
        *value = a + 2;
        return 1;
    }
    if (!strncmp(a, lng, ll) && a[ll] == '=') {
        *value = a + ll + 1;
        return 1;
    }
    return 0;
}

/* -j N: a whole number from 1 (more than 64 is taken as 64). */
static bool parse_jobs(const char *v, int *jobs)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < 1) return false;
    *jobs = n > 64 ? 64 : (int)n;
    return true;
}

/* The output folder as given, without trailing slashes ("out/" → "out"). */
static const char *clean_out_dir(const char *dir)
{
    static char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", dir);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/') buf[--n] = '\0';
    return buf;
}

static int parse_opts(int argc, char **argv, ws_job_opts *o, bool *quiet)
{
    *o = (ws_job_opts){.out_dir = "out", .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN)};
    const char *pos[2] = {NULL, NULL};
    const char *jobs = NULL, *password_file = NULL;
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int m = 0;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(BUILD_USAGE, stdout);
            return -1;
        } else if ((m = opt_value(argc, argv, &i, "-o", "--out", &o->out_dir)) ||
                   (m = opt_value(argc, argv, &i, "-j", "--jobs", &jobs)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--fonts-dir", &o->fonts_dir)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--sheet", &o->sheet)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--units", &o->units)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--stage", &o->stage)) ||
                   (m = opt_value(argc, argv, &i, NULL, "--encrypt", &password_file))) {
            if (m < 0) return usage_error("build：选项「%s」缺少参数", a);
        } else if (!strcmp(a, "--force")) {
            o->force = true;
        } else if (!strcmp(a, "--no-check")) {
            o->no_check = true;
        } else if (!strcmp(a, "--dump-layout")) {
            o->dump_layout = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            *quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("build：未知的选项「%s」", a);
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            return usage_error("build：多余的参数「%s」", a);
        }
    }
    if (npos < 2) return usage_error("%s", "build：需要模板文件夹和记录表两个参数");
    o->template_dir = pos[0];
    o->records = pos[1];
    if (!o->out_dir[0]) return usage_error("%s", "build：输出文件夹（-o）不能为空，例如 -o out");
    o->out_dir = clean_out_dir(o->out_dir);
    if (jobs && !parse_jobs(jobs, &o->jobs))
        return usage_error("build：并行数（-j）应为 1 以上的整数，而不是「%s」", jobs);
    if (o->jobs < 1) o->jobs = 1;
    if (o->jobs > 64) o->jobs = 64;
    if (password_file && o->dump_layout)
        return usage_error("%s", "build：--encrypt 不能与 --dump-layout 同用"
                                 "（排版结果文本会以明文包含身份证号等个人信息）");
    if (password_file && read_password(password_file, o) != 0) return WS_EXIT_USAGE;
    return 0;
}

typedef struct terminal {
    bool quiet; /* -q: failures, findings and the summary only */
    bool tty;   /* stderr is a terminal: a progress bar for 20 records or more */
} terminal;

static void progress_bar(size_t done, size_t total)
{
    int width = 30, filled = (int)(done * (size_t)width / total);
    fprintf(stderr, "\r[");
    for (int i = 0; i < width; i++) fputc(i < filled ? '#' : ' ', stderr);
    fprintf(stderr, "] %zu/%zu", done, total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

static void print_event(const ws_event *ev, void *user)
{
    const terminal *term = user;
    bool bar = term->tty && ev->total >= 20;
    if (ev->kind == WS_EVENT_PROGRESS) {
        if (bar) progress_bar(ev->done, ev->total);
        return;
    }
    if (ev->kind == WS_EVENT_RECORD && bar) fputs("\r\033[K", stderr); /* the bar's line */
    if (ev->verbose && term->quiet) return;
    ws_say("%s\n", ev->text);
    if (ev->kind == WS_EVENT_RECORD) fflush(stdout);
}

int ws_cmd_build(int argc, char **argv)
{
    ws_job_opts o;
    terminal term = {.tty = isatty(STDERR_FILENO)};
    int rc = parse_opts(argc, argv, &o, &term.quiet);
    if (rc) return rc < 0 ? WS_EXIT_OK : rc;
    ws_err err;
    rc = ws_job_build(&o, print_event, &term, &err);
    if (rc == WS_JOB_UNUSABLE) ws_cli_error("%s", err.msg);
    return rc;
}
