/* tests/fuzz/fuzz_template.c - the template loader: libfyaml through
 * template/yaml.c, then template/docload.c (pages, styles, blocks, form
 * grids, {{ }} text templates) and, for workbook documents, workbook.c.
 *
 * LLVMFuzzerInitialize makes a temporary template folder holding the
 * jiaxing-2020 program.yaml with its document list cut down to one file,
 * doc.yaml, plus the files documents may name (quotas.csv, the certificate
 * border). Each input becomes doc.yaml and the whole program is loaded and
 * destroyed, as `wenshu build` does before touching any record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fs.h"
#include "fuzz.h"
#include "template/program.h"

static char g_dir[256], g_doc[300];
static const char *const ROLES[] = {"宋体", "仿宋", "楷体", "黑体", "小标宋", NULL};
static const char *const COPIED[] = {"quotas.csv", "certificate-border.png", NULL};

static void cleanup(void)
{
    char p[400];
    unlink(g_doc);
    snprintf(p, sizeof p, "%s/program.yaml", g_dir);
    unlink(p);
    for (size_t i = 0; COPIED[i]; i++) {
        snprintf(p, sizeof p, "%s/%s", g_dir, COPIED[i]);
        unlink(p);
    }
    rmdir(g_dir);
}

static void copy_file(const char *from, const char *to, const char *cut_at, const char *append)
{
    char *data = NULL;
    size_t len = 0;
    ws_err err;
    if (ws_read_file(from, &data, &len, &err) != WS_OK) abort();
    if (cut_at) {
        char *c = strstr(data, cut_at);
        if (!c) abort();
        len = (size_t)(c - data);
    }
    FILE *f = fopen(to, "wb");
    if (!f || fwrite(data, 1, len, f) != len) abort();
    if (append) fputs(append, f);
    if (fclose(f) != 0) abort();
    free(data);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/wenshu-fuzz-tpl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir)) abort();
    atexit(cleanup);
    char from[512], to[512];
    const char *src = WS_SOURCE_DIR "/templates/jiaxing-2020";
    snprintf(from, sizeof from, "%s/program.yaml", src);
    snprintf(to, sizeof to, "%s/program.yaml", g_dir);
    /* everything after "documents:" (the list, then rules:) is replaced */
    copy_file(from, to, "\ndocuments:", "\ndocuments:\n  - doc.yaml\n");
    for (size_t i = 0; COPIED[i]; i++) {
        snprintf(from, sizeof from, "%s/%s", src, COPIED[i]);
        snprintf(to, sizeof to, "%s/%s", g_dir, COPIED[i]);
        copy_file(from, to, NULL, NULL);
    }
    snprintf(g_doc, sizeof g_doc, "%s/doc.yaml", g_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(g_doc, "wb");
    if (!f) return 0;
    size_t put = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || put != size) return 0;
    ws_program *p = NULL;
    ws_err err = {0};
    if (ws_program_load(g_dir, ROLES, &p, &err) == WS_OK) ws_program_destroy(p);
    else if (!memchr(err.msg, '\0', sizeof err.msg)) abort();
    return 0;
}
