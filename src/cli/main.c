/* cli/main.c - entry point: wenshu <command> …  */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const char *ws_cli_argv0 = "wenshu";

static const char USAGE[] =
    "用法：wenshu <命令> [选项]\n"
    "\n"
    "wenshu 把候选人表格和一个项目模板变成通知要求的全部材料（申报表等 PDF）。\n"
    "\n"
    "命令：\n"
    "  build <模板文件夹> <记录表> [-o 输出文件夹]   生成每位候选人的材料\n"
    "  check <模板文件夹> <记录表>… [--json] [--xlsx 报告.xlsx]\n"
    "                                                 按通知的申报条件和填表要求检查记录表\n"
    "  init <模板文件夹> [-o 采集表.xlsx]             生成发给各单位的空白信息采集表\n"
    "  fonts [--fonts-dir 目录]                       显示各字体角色实际使用的字体\n"
    "  serve [--port N] [--no-browser]                启动文书生成网页（在浏览器中完成全部步骤）\n"
    "  help [命令]                                     显示帮助\n"
    "\n"
    "示例：\n"
    "  wenshu build templates/jiaxing-2020 samples/jiaxing-2020/candidates.csv -o out/\n"
    "  wenshu check templates/jiaxing-2020 samples/jiaxing-2020/candidates.csv --xlsx 检查报告.xlsx\n"
    "  wenshu init templates/jiaxing-2020 -o 采集表.xlsx\n"
    "\n"
    "退出状态：0 全部成功；1 部分记录失败（其余记录照常生成）；2 用法、模板或环境错误。\n"
    "详见 README.md 与 docs/。\n";

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* A write past the file size limit (ulimit -f) must fail with EFBIG, which
     * every writer reports as 文件太大 for its document, not kill the whole
     * run without a word. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc > 0) ws_cli_argv0 = argv[0];
    if (argc < 2) {
        fputs(USAGE, stderr);
        return WS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        char *args[] = {argv[0], "--help", NULL};
        if (argc > 2 && !strcmp(argv[2], "build")) return ws_cmd_build(2, args);
        if (argc > 2 && !strcmp(argv[2], "check")) return ws_cmd_check(2, args);
        if (argc > 2 && !strcmp(argv[2], "init")) return ws_cmd_init(2, args);
        if (argc > 2 && !strcmp(argv[2], "serve")) return ws_cmd_serve(2, args);
        fputs(USAGE, stdout);
        return WS_EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        puts("wenshu 0.1");
        return WS_EXIT_OK;
    }
    if (!strcmp(cmd, "build")) return ws_cmd_build(argc - 1, argv + 1);
    if (!strcmp(cmd, "fonts")) return ws_cmd_fonts(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return ws_cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "init")) return ws_cmd_init(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return ws_cmd_serve(argc - 1, argv + 1);
    ws_cli_error("未知的命令「%s」", cmd);
    fputs(USAGE, stderr);
    return WS_EXIT_USAGE;
}
