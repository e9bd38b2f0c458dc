/* tests/unit/harness.h - a minimal test harness.
 *
 * Each test file defines tests with TEST(name) { ... } and lists them in
 * main with RUN(name). CHECK* record a failure and go on; the process exits
 * non-zero when any check failed and prints "unit <file>: N passed, N failed". */
#ifndef WS_TEST_HARNESS_H
#define WS_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int th_passed, th_failed, th_cur_failed;
static const char *th_cur;

#define TEST(name) static void name(void)
#define RUN(name)                                                                                  \
    do {                                                                                           \
        th_cur = #name;                                                                            \
        th_cur_failed = 0;                                                                         \
        name();                                                                                    \
        if (th_cur_failed) th_failed++;                                                            \
        else th_passed++;                                                                          \
    } while (0)
#define TH_FAIL(...)                                                                               \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, th_cur);                                \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        th_cur_failed = 1;                                                                         \
    } while (0)
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) TH_FAIL("CHECK(%s)", #c);                                                        \
    } while (0)
#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long th_a = (long long)(a), th_b = (long long)(b);                                    \
        if (th_a != th_b) TH_FAIL("%s == %lld, expected %lld", #a, th_a, th_b);                    \
    } while (0)
#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *th_a = (a), *th_b = (b);                                                       \
        if (!th_a || !th_b || strcmp(th_a, th_b) != 0)                                             \
            TH_FAIL("%s == \"%s\", expected \"%s\"", #a, th_a ? th_a : "(null)", th_b);            \
    } while (0)
#define CHECK_NEAR(a, b, eps)                                                                      \
    do {                                                                                           \
        double th_a = (a), th_b = (b);                                                             \
        if (fabs(th_a - th_b) > (eps)) TH_FAIL("%s == %g, expected %g", #a, th_a, th_b);           \
    } while (0)
#define TH_DONE()                                                                                  \
    (printf("unit %s: %d passed, %d failed\n", __FILE__, th_passed, th_failed), th_failed ? 1 : 0)

#endif
