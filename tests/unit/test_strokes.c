/* Unit tests for check/strokes: mainland stroke counts, stroke sequences and
 * the 姓氏笔画 order. Needs the Debian packages unicode-data and
 * rime-data-stroke (scripts/deps.sh installs them). */
#include "harness.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check/strokes.h"

static ws_strokes *st;

static int cmp(const char *a, const char *b)
{
    return ws_strokes_compare(st, a, b);
}

static const char *name_of(const void *elem)
{
    return *(const char *const *)elem;
}

/* Sorts names (n of them) and checks they come out as 'want'. */
static void check_sorted(const char **names, size_t n, const char **want)
{
    CHECK_INT(ws_strokes_sort(st, names, n, sizeof *names, name_of), WS_OK);
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], want[i]) != 0)
            TH_FAIL("position %zu: %s, expected %s", i, names[i], want[i]);
}

TEST(loads)
{
    ws_err err = {WS_OK, ""};
    if (ws_strokes_load(NULL, NULL, NULL, &st, &err) != WS_OK) TH_FAIL("%s", err.msg);
    CHECK(st != NULL);
}

TEST(mainland_counts_and_sequences)
{
    CHECK_INT(ws_strokes_count(st, 0x4E01), 2);            /* 丁 */
    CHECK_INT(ws_strokes_count(st, 0x9A6C), 3);            /* 马 */
    CHECK_INT(ws_strokes_count(st, 0x9093), 4);            /* 邓 */
    CHECK_INT(ws_strokes_count(st, 0x9648), 7);            /* 陈, not 9 */
    CHECK_INT(ws_strokes_count(st, 0x8303), 8);            /* 范: "8 9", first value */
    CHECK_STR(ws_strokes_sequence(st, 0x9648), "zshzspn"); /* the mainland line, not zzshzzpn */
    CHECK_STR(ws_strokes_sequence(st, 0x9093), "znzs");
    CHECK_STR(ws_strokes_sequence(st, 0x738B), "hhsh");   /* 王 */
    CHECK_STR(ws_strokes_sequence(st, 0x5218), "nhpnss"); /* 刘: 竖钩 counts as 竖 */
    /* mainland lines win over Taiwan lines of the same length */
    CHECK_STR(ws_strokes_sequence(st, 0x4E01), "hs");     /* 丁, Taiwan hz */
    CHECK_STR(ws_strokes_sequence(st, 0x6C5F), "nnhhsh"); /* 江: 提 as 横, Taiwan nnnhsh */
    CHECK_STR(ws_strokes_sequence(st, 0x4E07), "hzp");    /* 万, Taiwan hpz */
    CHECK_STR(ws_strokes_sequence(st, 0x534E), "pspzhs"); /* 华, Taiwan line is 華's */
    CHECK_INT(ws_strokes_count(st, 'A'), -1);
    CHECK(ws_strokes_sequence(st, 'A') == NULL);
    CHECK(ws_strokes_sequence(st, 0x4E2D) != NULL); /* 中 */
    ws_strokes_info info;
    ws_strokes_describe(st, &info);
    CHECK(info.chars > 90000);
    CHECK(info.with_sequence > 70000);
    CHECK(info.length_mismatch < info.with_sequence / 10);
    CHECK(info.skipped_lines >= 1); /* 𠭟 pznnn6zznzn in the 2023 package */
}

TEST(surname_order)
{
    const char *names[] = {"郑", "陈", "阮", "刘", "邓", "王", "马", "丁"};
    const char *want[] = {"丁", "马", "王", "邓", "刘", "阮", "陈", "郑"};
    check_sorted(names, 8, want);
    CHECK(cmp("王", "邓") < 0); /* 4 strokes each: 横 before 折 */
    CHECK(cmp("刘", "阮") < 0); /* 6 strokes each: 点 before 折 */
    CHECK(cmp("陈", "郑") < 0);
}

TEST(given_names_and_compounds)
{
    CHECK(cmp("王一", "王二") < 0); /* equal surnames: the given name decides */
    CHECK(cmp("李华", "李明") < 0); /* 华 6 strokes, 明 8 */
    CHECK(cmp("欧", "欧阳") < 0);   /* a prefix comes first */
    CHECK(cmp("欧阳", "欧阳娜娜") < 0);
    CHECK(cmp("欧阳锋", "王五") > 0); /* 欧 8 strokes after 王 4 */
    CHECK(cmp("王五", "王五") == 0);
    CHECK(cmp("王　五", "王五") != 0); /* padded: same place, bytes decide */
    CHECK(cmp("王　五", "王六") < 0);  /* the padding is ignored for the order */
    CHECK(cmp("王五", "王　五") == -cmp("王　五", "王五"));
}

TEST(rare_and_unknown_characters)
{
    CHECK_INT(ws_strokes_count(st, 0x2003E), 10); /* 𠀾 (Ext-B) */
    CHECK(ws_strokes_sequence(st, 0x2003E) != NULL);
    CHECK(cmp("王𠀾", "王中") > 0);         /* 10 strokes after 4 */
    CHECK(cmp("王𠀾", "王露") < 0);         /* 露 21 */
    if (ws_strokes_count(st, 0x4DAE) > 0) { /* 䶮 */
        CHECK_INT(ws_strokes_count(st, 0x4DAE), 9);
        CHECK(cmp("刘䶮", "刘亮") > 0 || cmp("刘䶮", "刘亮") < 0);
        CHECK(cmp("䶮", "陈") > 0); /* 9 after 7 */
    }
    /* no data: after every known character, then by code point */
    CHECK(cmp("王A", "王龘") > 0);
    CHECK(cmp("阿依古丽·买买提", "阿依古丽") > 0);
    CHECK(cmp("A", "B") < 0);
    CHECK(cmp("王\xff", "王A") > 0); /* invalid byte last */
    CHECK(cmp("", "丁") < 0);
    CHECK(cmp("", "") == 0);
}

TEST(total_order)
{
    const char *names[] = {"张三", "张 三", "李四", "王五", "赵六",   "欧阳", "欧", "A",  "",
                           "陈",   "陈晨",  "土",   "士",   "王\xff", "𠀾",   "邓", "王", "丁一"};
    size_t n = sizeof names / sizeof *names;
    for (size_t i = 0; i < n; i++) {
        CHECK(cmp(names[i], names[i]) == 0);
        for (size_t j = 0; j < n; j++) {
            int ij = cmp(names[i], names[j]), ji = cmp(names[j], names[i]);
            if (i != j && (ij == 0 || ij != -ji)) TH_FAIL("antisymmetry %s %s", names[i], names[j]);
            for (size_t k = 0; k < n; k++)
                if (ij < 0 && cmp(names[j], names[k]) < 0 && cmp(names[i], names[k]) >= 0)
                    TH_FAIL("transitivity %s %s %s", names[i], names[j], names[k]);
        }
    }
    CHECK(cmp("土", "士") != 0); /* same strokes hsh: code point decides */
}

typedef struct person {
    const char *name;
    int rank;
} person;

static const char *person_name(const void *elem)
{
    return ((const person *)elem)->name;
}

TEST(sort_is_stable)
{
    person p[] = {{"王伟", 1}, {"陈静", 2}, {"王伟", 3}, {"丁一", 4}, {"王伟", 5}};
    CHECK_INT(ws_strokes_sort(st, p, 5, sizeof *p, person_name), WS_OK);
    CHECK_STR(p[0].name, "丁一");
    CHECK_INT(p[1].rank, 1);
    CHECK_INT(p[2].rank, 3);
    CHECK_INT(p[3].rank, 5);
    CHECK_STR(p[4].name, "陈静");
    CHECK_INT(ws_strokes_sort(st, p, 0, sizeof *p, person_name), WS_OK);
}

TEST(missing_files_name_the_package)
{
    ws_strokes *s = NULL;
    ws_err err = {WS_OK, ""};
    CHECK_INT(ws_strokes_load("/nonexistent/Unihan.bz2", NULL, NULL, &s, &err), WS_ERR_IO);
    CHECK(s == NULL);
    CHECK(strstr(err.msg, "unicode-data") != NULL);
    CHECK_INT(ws_strokes_load(NULL, "/nonexistent/stroke.dict.yaml", NULL, &s, &err), WS_ERR_IO);
    CHECK(strstr(err.msg, "rime-data-stroke") != NULL);
    CHECK(s == NULL);
    /* a file that is not bzip2 */
    CHECK_INT(ws_strokes_load(WS_STROKES_RIME_PATH, NULL, NULL, &s, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "bzip2") != NULL);
    CHECK(s == NULL);
}

/* ---- the cache of the two files' facts ---- */

static char cache_tmp[] = "/tmp/ws-strokes-test-XXXXXX";

/* Loads with the cache in dir (rime: the rime file, NULL = Debian's);
 * returns the table (or NULL after a failed CHECK) and whether it came
 * from the cache. */
static ws_strokes *load_cached(const char *rime, const char *dir, bool *from_cache)
{
    ws_strokes *s = NULL;
    ws_err err = {WS_OK, ""};
    if (ws_strokes_load(NULL, rime, dir, &s, &err) != WS_OK) {
        TH_FAIL("%s", err.msg);
        return NULL;
    }
    ws_strokes_info info;
    ws_strokes_describe(s, &info);
    *from_cache = info.from_cache;
    return s;
}

/* s answers exactly as the table read from the files (st) does. */
static void same_as_files(const ws_strokes *s)
{
    ws_strokes_info a, b;
    ws_strokes_describe(s, &a);
    ws_strokes_describe(st, &b);
    CHECK_INT(a.chars, b.chars);
    CHECK_INT(a.with_sequence, b.with_sequence);
    CHECK_INT(a.length_mismatch, b.length_mismatch);
    CHECK_INT(a.skipped_lines, b.skipped_lines);
    const uint32_t cps[] = {0x4E01, 0x9648, 0x8303, 0x6C5F, 0x4E07, 0x5218, 0x20021, 0x4DAE, 'A'};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        CHECK_INT(ws_strokes_count(s, cps[i]), ws_strokes_count(st, cps[i]));
        const char *x = ws_strokes_sequence(s, cps[i]), *y = ws_strokes_sequence(st, cps[i]);
        CHECK((x == NULL) == (y == NULL));
        if (x && y) CHECK_STR(x, y);
    }
    CHECK(ws_strokes_compare(s, "陈静", "欧阳娜") < 0); /* 7 strokes before 8 */
}

/* Loads with Debian's files and the cache in dir, and checks it came from
 * the cache or not (want_cached) and answers as the files do. */
static void expect_load(const char *dir, bool want_cached)
{
    bool cached = !want_cached;
    ws_strokes *s = load_cached(NULL, dir, &cached);
    if (!s) return;
    CHECK(cached == want_cached);
    same_as_files(s);
    ws_strokes_destroy(s);
}

TEST(cache_is_written_then_reused)
{
    CHECK(mkdtemp(cache_tmp) != NULL);
    char dir[256];
    snprintf(dir, sizeof dir, "%s/wenshu", cache_tmp); /* made on first use */
    expect_load(dir, false);
    expect_load(dir, true);
}

/* A changed source file (an update of rime-data-stroke) is read again, not
 * answered from the cache of the old one. */
TEST(cache_follows_a_changed_source)
{
    char rime[256], dir[256], cmd[768];
    snprintf(rime, sizeof rime, "%s/stroke.dict.yaml", cache_tmp);
    snprintf(dir, sizeof dir, "%s/changed", cache_tmp);
    snprintf(cmd, sizeof cmd, "cp %s %s", WS_STROKES_RIME_PATH, rime);
    CHECK_INT(system(cmd), 0);
    bool cached = true;
    ws_strokes *s = load_cached(rime, dir, &cached);
    if (!s) return;
    CHECK_STR(ws_strokes_sequence(s, 0x4E01), "hs");
    ws_strokes_destroy(s);
    FILE *f = fopen(rime, "a");
    CHECK(f != NULL);
    if (!f) return;
    fputs("\xe4\xb8\x81\thh\n", f); /* 丁 hh: a later line of the right length wins */
    fclose(f);
    s = load_cached(rime, dir, &cached);
    if (!s) return;
    CHECK(!cached);
    CHECK_STR(ws_strokes_sequence(s, 0x4E01), "hh");
    ws_strokes_destroy(s);
}

/* A damaged cache file is never believed: the files are read again and the
 * cache written anew. */
TEST(damaged_cache_is_read_again)
{
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/wenshu", cache_tmp);
    snprintf(path, sizeof path, "%s/strokes.bin", dir);
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    if (!f) return;
    CHECK_INT(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    CHECK(size > 100000);
    CHECK_INT(fseek(f, size / 2, SEEK_SET), 0);
    int c = fgetc(f);
    CHECK_INT(fseek(f, size / 2, SEEK_SET), 0);
    fputc(c ^ 0x01, f);
    fclose(f);
    expect_load(dir, false);
    CHECK_INT(truncate(path, size / 3), 0); /* cut short */
    expect_load(dir, false);
    expect_load(dir, true);
}

/* What a run killed while writing the cache left (a 2.9 MB temporary) is
 * removed by the next run that writes it. */
TEST(killed_write_leaves_nothing_for_long)
{
    char dir[256], stale[300], path[300], cmd[700];
    snprintf(dir, sizeof dir, "%s/killed", cache_tmp);
    snprintf(stale, sizeof stale, "%s/.wenshu-tmp-99999-0", dir);
    snprintf(path, sizeof path, "%s/strokes.bin", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p %s && echo half > %s", dir, stale);
    CHECK_INT(system(cmd), 0);
    expect_load(dir, false);
    CHECK(access(stale, F_OK) != 0);
    CHECK(access(path, F_OK) == 0);
}

/* A cache folder that cannot be made is no reason to fail. */
TEST(unusable_cache_folder_is_skipped)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s/stroke.dict.yaml/sub", cache_tmp); /* under a file */
    expect_load(dir, false);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", cache_tmp);
    CHECK_INT(system(cmd), 0);
}

int main(void)
{
    RUN(loads);
    if (!st) return TH_DONE();
    RUN(mainland_counts_and_sequences);
    RUN(surname_order);
    RUN(given_names_and_compounds);
    RUN(rare_and_unknown_characters);
    RUN(total_order);
    RUN(sort_is_stable);
    RUN(missing_files_name_the_package);
    RUN(cache_is_written_then_reused);
    RUN(cache_follows_a_changed_source);
    RUN(damaged_cache_is_read_again);
    RUN(killed_write_leaves_nothing_for_long);
    RUN(unusable_cache_folder_is_skipped);
    ws_strokes_destroy(st);
    return TH_DONE();
}
