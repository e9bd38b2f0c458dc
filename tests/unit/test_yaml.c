/* Unit tests for template/yaml.c: aliases bounded before they are expanded,
 * and a file that gives no document said to be empty or missing. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "template/yaml.h"

static char path[64];

static const char *write_yaml(const char *text)
{
    snprintf(path, sizeof path, "/tmp/wenshu-test-yaml-%d.yaml", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f) return path;
    fputs(text, f);
    fclose(f);
    return path;
}

static ws_status load(const char *text, ws_err *err, ws_ydoc **doc)
{
    *doc = NULL;
    ws_err_clear(err);
    return ws_yaml_load(write_yaml(text), doc, err);
}

TEST(ordinary_aliases_resolve)
{
    ws_ydoc *doc;
    ws_err err;
    CHECK_INT(load("a: &x {k: v}\nb: *x\nc: [*x, *x]\n", &err, &doc), WS_OK);
    if (!doc) return;
    ws_ynode *b = ws_ynode_get(ws_yaml_root(doc), "b");
    CHECK_STR(ws_ynode_str(ws_ynode_get(b, "k")), "v");
    CHECK_INT(ws_ynode_count(ws_ynode_get(ws_yaml_root(doc), "c")), 2);
    ws_yaml_free(doc);
}

TEST(alias_bomb_refused_with_line)
{
    char text[2048] = "l0: &l0 [x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; i++) {
        char line[200];
        snprintf(line, sizeof line, "l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n",
                 i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        strcat(text, line);
    }
    ws_ydoc *doc;
    ws_err err;
    CHECK_INT(load(text, &err, &doc), WS_ERR_TEMPLATE);
    /* 9+81+…+9^5 = 597,870 > 200,000: the first alias of l5 (line 6) crosses the bound */
    char want[100];
    snprintf(want, sizeof want, "%s:6: ", path);
    CHECK(strstr(err.msg, want) == err.msg);
    CHECK(strstr(err.msg, "别名") && strstr(err.msg, "节点超过 200000 个"));
    ws_yaml_free(doc);
}

TEST(deep_alias_chain_refused)
{
    char *text = malloc(20000);
    if (!text) return;
    strcpy(text, "a: &a [x]\n");
    for (int i = 0; i < 300; i++) {
        char line[64];
        if (i == 0) snprintf(line, sizeof line, "b0: &b0 [*a]\n");
        else snprintf(line, sizeof line, "b%d: &b%d [*b%d]\n", i, i, i - 1);
        strcat(text, line);
    }
    ws_ydoc *doc;
    ws_err err;
    CHECK_INT(load(text, &err, &doc), WS_ERR_TEMPLATE);
    CHECK(strstr(err.msg, "嵌套超过 256 层") != NULL);
    ws_yaml_free(doc);
    free(text);
}

TEST(empty_and_missing_files)
{
    ws_ydoc *doc;
    ws_err err;
    CHECK_INT(load("", &err, &doc), WS_ERR_TEMPLATE);
    CHECK(strstr(err.msg, "文件是空的") != NULL);
    CHECK_INT(load("# a comment\n\n", &err, &doc), WS_ERR_TEMPLATE);
    CHECK(strstr(err.msg, "文件是空的") != NULL);
    unlink(path);
    CHECK_INT(ws_yaml_load(path, &doc, &err), WS_ERR_TEMPLATE);
    CHECK(strstr(err.msg, "文件不存在") != NULL);
}

int main(void)
{
    RUN(ordinary_aliases_resolve);
    RUN(alias_bomb_refused_with_line);
    RUN(deep_alias_chain_refused);
    RUN(empty_and_missing_files);
    unlink(path);
    return TH_DONE();
}
