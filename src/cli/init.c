/* cli/init.c - `wenshu init`: the empty data-collection workbook a bureau
 * sends to the units (render/collect_xlsx.h). A filled copy goes straight
 * back into `wenshu check` and `wenshu build`. */
#include <stdio.h>
#include <string.h>

#include "check/rules.h"
#include "cli/cli.h"
#include "render/collect_xlsx.h"

static const char INIT_USAGE[] =
    "用法：wenshu init <模板文件夹> [-o 采集表.xlsx]\n"
    "\n"
    "生成发给各推荐单位的空白信息采集表（xlsx）：每个字段一列，表头为申报表上的栏目名，\n"
    "表头批注写明填表说明和检查规则（如 年月用公历“1960.01”、限1500字）；申报类别、性别、\n"
    "政治面貌、学历、是/否、推荐单位等用下拉列表；身份证号、手机、年月等列为文本格式；\n"
    "工作经历、成员等多段内容各有一个工作表，每行用第一列对应到记录：个人项目按身份证号，\n"
    "工作室等项目按 program.yaml 的 identity 字段（如工作室名称），list_key 可另行指定；\n"
    "填表说明的措辞也随 identity 而定。\n"
    "填好的采集表可直接用于 wenshu check 和 wenshu build。\n"
    "\n"
    "选项：\n"
    "  -o, --out 文件        输出文件（默认 采集表.xlsx）\n"
    "  --fonts-dir 目录      字体文件夹（含 roles.yaml；加载模板时需要）\n";

int ws_cmd_init(int argc, char **argv)
{
    const char *dir = NULL, *out = "采集表.xlsx", *fonts_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(INIT_USAGE, stdout);
            return WS_EXIT_OK;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--out")) && has_value) {
            out = argv[++i];
        } else if (!strcmp(a, "--fonts-dir") && has_value) {
            fonts_dir = argv[++i];
        } else if ((a[0] == '-' && a[1]) || dir) {
            ws_cli_error("init：未知的选项、多余的参数或缺少参数「%s」", a);
            fputs("请运行 wenshu init --help 查看用法。\n", stderr);
            return WS_EXIT_USAGE;
        } else {
            dir = a;
        }
    }
    if (!dir) {
        ws_cli_error("init：需要模板文件夹");
        fputs("请运行 wenshu init --help 查看用法。\n", stderr);
        return WS_EXIT_USAGE;
    }
    ws_program *p = NULL;
    ws_rules *rules = NULL;
    ws_err err;
    ws_err_clear(&err);
    int rc = WS_EXIT_OK;
    if (ws_job_load_program(dir, fonts_dir, &p, NULL, &err) != WS_OK ||
        ws_rules_load(p, &rules, &err) != WS_OK ||
        ws_collect_xlsx_write(out, p, rules, &err) != WS_OK) {
        ws_cli_error("%s", err.msg);
        rc = WS_EXIT_USAGE;
    } else {
        size_t cols = 0, lists = 0;
        for (size_t f = 0; f < p->nfields; f++) {
            if (p->fields[f].kind == WS_FIELD_LIST)
                lists++;
            else
                cols++;
        }
        printf("已生成 %s：「%s」表 %zu 列，另有 %zu 个多行内容工作表和「%s」。\n", out,
               WS_COLLECT_MAIN_SHEET, cols, lists, WS_COLLECT_HELP_SHEET);
    }
    ws_rules_destroy(rules);
    ws_program_destroy(p);
    return rc;
}
