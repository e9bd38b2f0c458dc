/* cli/serve.c - `wenshu serve`: reads the options, starts the page's server
 * (serve/serve.h), prints its address, opens the browser, and on Ctrl-C or
 * SIGTERM stops it (every session folder removed). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "serve/serve.h"

extern char **environ;

static const char SERVE_USAGE[] =
    "用法：wenshu serve [选项]\n"
    "\n"
    "在本机启动文书生成网页，并用浏览器打开：选择项目、下载采集表、上传记录表和照片、\n"
    "检查、生成、下载。网页地址中含一段随机口令，只有本机、只有拿到这个地址的人能用；\n"
    "上传的文件和生成的文件都在临时文件夹中，关闭页面、超时或按 Ctrl-C 后删除。\n"
    "\n"
    "选项：\n"
    "  --port N              端口（默认 0：任选一个空闲端口）\n"
    "  --no-browser          不自动打开浏览器（只显示地址）\n"
    "  --templates 目录      项目模板所在的文件夹（默认随程序的 templates/）\n"
    "  --fonts-dir 目录      字体文件夹（含 roles.yaml，默认随程序的 fonts/）\n"
    "  --listen 地址         在这个地址上监听（默认只监听本机 127.0.0.1）；\n"
    "                        必须同时给出 --password-file（浏览器会要求输入这个密码）\n"
    "  --password-file 文件  网页密码，为该文件的第一行\n"
    "  --max-upload MB       每个页面最多上传（及解压）多少 MB（默认 200）\n"
    "\n"
    "退出状态：0 正常结束；2 用法错误或无法启动。\n";

/* The first line of the password file (without a UTF-8 BOM), not blank. */
static bool read_password(const char *file, char *out, size_t n)
{
    char *text;
    size_t len;
    ws_err err;
    if (ws_read_file(file, &text, &len, &err) != WS_OK) return false;
    size_t start = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0, end = start;
    while (end < len && text[end] != '\n' && text[end] != '\r') end++;
    bool ok = end > start && end - start < n;
    if (ok) {
        memcpy(out, text + start, end - start);
        out[end - start] = '\0';
    }
    explicit_bzero(text, len);
    free(text);
    return ok;
}

static void open_browser(const char *url)
{
    char *argv[] = {"xdg-open", (char *)url, NULL};
    pid_t pid;
    if (posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ) != 0) {
        printf("（无法自动打开浏览器，请手动打开上面的地址）\n");
        return;
    }
    /* xdg-open returns once the browser was asked; not waited for here (SIGCHLD ignored). */
}

static bool parse_number(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi) return false;
    *out = v;
    return true;
}

int ws_cmd_serve(int argc, char **argv)
{
    ws_serve_opts o = {0};
    const char *templates = NULL, *password_file = NULL;
    bool browser = true;
    static char password[256];
    char templates_dir[PATH_MAX];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        long v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(SERVE_USAGE, stdout);
            return WS_EXIT_OK;
        } else if (!strcmp(a, "--no-browser")) {
            browser = false;
        } else if (!strcmp(a, "--port") && has_value) {
            if (!parse_number(argv[++i], 0, 65535, &v))
                return ws_cli_usage_error("serve", "serve：端口应为 0 到 65535 的整数，而不是「%s」", argv[i]);
            o.port = (int)v;
        } else if (!strcmp(a, "--max-upload") && has_value) {
            if (!parse_number(argv[++i], 1, 100000, &v))
                return ws_cli_usage_error("serve", "serve：--max-upload 应为 1 以上的整数（MB），而不是「%s」", argv[i]);
            o.max_upload_bytes = (size_t)v << 20;
        } else if (!strcmp(a, "--templates") && has_value) {
            templates = argv[++i];
        } else if (!strcmp(a, "--fonts-dir") && has_value) {
            o.fonts_dir = argv[++i];
        } else if (!strcmp(a, "--listen") && has_value) {
            o.listen = argv[++i];
        } else if (!strcmp(a, "--password-file") && has_value) {
            password_file = argv[++i];
        } else {
            return ws_cli_usage_error("serve", "serve：未知的选项、多余的参数或缺少参数「%s」", a);
        }
    }
    if (o.listen && !password_file)
        return ws_cli_usage_error("serve", "%s", "serve：--listen 必须同时给出 --password-file（网页密码）");
    if (password_file) {
        if (!read_password(password_file, password, sizeof password))
            return ws_cli_usage_error("serve", "serve：无法读取密码文件 %s（或第一行是空的）", password_file);
        o.password = password;
    }
    if (!ws_job_find_templates_dir(templates, templates_dir, sizeof templates_dir))
        return ws_cli_usage_error("serve", "serve：找不到模板文件夹 %s（用 --templates 指定）", templates_dir);
    o.templates_dir = templates_dir;
    /* the time limits, shortened by the tests (tests/e2e/serve_api.py) */
    long secs;
    const char *idle = getenv("WENSHU_SERVE_IDLE_SECONDS"), *build = getenv("WENSHU_SERVE_BUILD_SECONDS");
    if (idle && parse_number(idle, 1, 86400 * 7, &secs)) o.idle_seconds = (int)secs;
    if (build && parse_number(build, 1, 86400 * 7, &secs)) o.build_seconds = (int)secs;
    /* Ctrl-C, SIGTERM and SIGHUP (the desktop entry's terminal window
     * closed) are waited for here; every thread inherits the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_IGN);
    ws_server *srv;
    ws_err err;
    if (ws_server_start(&o, &srv, &err) != WS_OK) {
        ws_cli_error("%s", err.msg);
        return WS_EXIT_USAGE;
    }
    printf("文书生成网页已启动：%s\n", ws_server_url(srv));
    printf("请用浏览器打开上面的地址；用完后按 Ctrl-C 结束（上传和生成的文件随之删除）。\n");
    fflush(stdout);
    if (browser) open_browser(ws_server_url(srv));
    int sig;
    sigwait(&stop, &sig);
    printf("正在结束……\n");
    fflush(stdout);
    ws_server_stop(srv);
    explicit_bzero(password, sizeof password);
    return WS_EXIT_OK;
}
