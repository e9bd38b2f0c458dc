/* test_job.c - job/job.h: a build as a library, several in one process. */
#include <dirent.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "job/build.h"
#include "job/job.h"

/* Counts files under dir whose name has "-2." (a namesake's suffix). */
static int count_suffixed(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "find '%s' -name '*-2.*' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}

typedef struct nested {
    const ws_job_opts *inner;
    bool ran;
    int rc;
} nested;

static void quiet(const ws_event *ev, void *user)
{
    (void)ev, (void)user;
}

/* Starts a whole second build from inside the first one's first record
 * event: the first build has planned its output names by then. */
static void start_inner(const ws_event *ev, void *user)
{
    nested *n = user;
    if (ev->kind != WS_EVENT_RECORD || n->ran) return;
    n->ran = true;
    ws_err err;
    n->rc = ws_job_build(n->inner, quiet, NULL, &err);
}

/* Two builds at the same time (wenshu serve: two sessions) each name their
 * outputs on their own: the second never sees the first's names as taken. */
TEST(two_builds_name_outputs_apart)
{
    char tmp[] = "/tmp/ws_test_job_XXXXXX";
    if (!mkdtemp(tmp)) {
        TH_FAIL("mkdtemp");
        return;
    }
    char out_a[600], out_b[600];
    snprintf(out_a, sizeof out_a, "%s/a", tmp);
    snprintf(out_b, sizeof out_b, "%s/b", tmp);
    ws_job_opts b = {.template_dir = "templates/jiaxing-2020",
                     .records = "samples/jiaxing-2020/candidates.csv", .out_dir = out_b,
                     .jobs = 1, .stage = "申报"};
    ws_job_opts a = b;
    a.out_dir = out_a;
    nested n = {.inner = &b};
    ws_err err;
    int rc = ws_job_build(&a, start_inner, &n, &err);
    CHECK(rc != WS_JOB_UNUSABLE);
    CHECK(n.ran);
    CHECK(n.rc != WS_JOB_UNUSABLE);
    CHECK_INT(count_suffixed(out_a), 0);
    CHECK_INT(count_suffixed(out_b), 0);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    CHECK(system(cmd) == 0);
}

typedef struct stopper {
    atomic_bool stop;
    size_t stopped, docs_made;
    bool summary, last_stopped;
} stopper;

/* Asks the build to stop at its first record's line (the worker may have
 * finished one more by then), and counts what came after. */
static void stop_at_first(const ws_event *ev, void *user)
{
    stopper *s = user;
    if (ev->kind == WS_EVENT_RECORD) {
        bool stopped = ev->reason && strstr(ev->reason, "已停止");
        s->stopped += stopped;
        s->last_stopped = stopped;
        atomic_store(&s->stop, true);
    }
    if (ev->kind == WS_EVENT_DOCUMENT && ev->level == WS_EVENT_SUCCESS) s->docs_made++;
    if (ev->kind == WS_EVENT_SUMMARY) s->summary = true;
}

/* A build told to stop (wenshu serve: time limit, session closed) starts no
 * more records, makes no documents of units, and still ends with its totals. */
TEST(a_stopped_build_starts_nothing_more)
{
    char tmp[] = "/tmp/ws_test_job_XXXXXX";
    if (!mkdtemp(tmp)) {
        TH_FAIL("mkdtemp");
        return;
    }
    stopper s = {.stop = false};
    ws_job_opts o = {.template_dir = "templates/jiaxing-2020",
                     .records = "samples/jiaxing-2020/candidates.csv", .out_dir = tmp, .jobs = 1,
                     .stop = &s.stop};
    ws_err err;
    int rc = ws_job_build(&o, stop_at_first, &s, &err);
    CHECK_INT(rc, WS_JOB_SOME_FAILED);
    CHECK(s.summary);
    CHECK(s.stopped >= 1);
    CHECK(s.last_stopped);
    CHECK_INT(s.docs_made, 0);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    CHECK(system(cmd) == 0);
}

/* A paper longer than its template allows says so in the clerk's words,
 * not with the template's YAML key (max_pages). */
TEST(too_many_pages_in_the_clerks_words)
{
    ws_doc_def doc = {.name = "荣誉证书", .max_pages = 1};
    ws_dl_doc dl = {.npages = 2};
    ws_err err = {0};
    CHECK_INT(ws_build_check_pages(&doc, &dl, &err), WS_ERR_INPUT);
    CHECK(strstr(err.msg, "「荣誉证书」") && strstr(err.msg, "2 页") && strstr(err.msg, "最多 1 页"));
    CHECK(!strstr(err.msg, "max_pages"));
    dl.npages = 1;
    CHECK_INT(ws_build_check_pages(&doc, &dl, &err), WS_OK);
}

int main(void)
{
    RUN(two_builds_name_outputs_apart);
    RUN(a_stopped_build_starts_nothing_more);
    RUN(too_many_pages_in_the_clerks_words);
    return TH_DONE();
}
