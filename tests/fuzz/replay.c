/* tests/fuzz/replay.c - runs a fuzz harness on saved inputs, without
 * libFuzzer: `replay_<name> FILE...` calls LLVMFuzzerTestOneInput once per
 * file, printing "ok FILE" after each, so a crash names the input it died on
 * (the last "ok" is the one before). Exits 0 when all ran. Built with the
 * normal compiler against the normal (or SAN=1) library by `make test`. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        unsigned char *data = slurp(argv[i], &len);
        if (!data) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            bad = 1;
            continue;
        }
        fprintf(stderr, "running %s\n", argv[i]);
        /* a copy of exactly len bytes, as libFuzzer gives: overreads show under ASan */
        unsigned char *exact = malloc(len ? len : 1);
        if (!exact) abort();
        for (size_t k = 0; k < len; k++) exact[k] = data[k];
        free(data);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        printf("ok %s\n", argv[i]);
        fflush(stdout);
    }
    return bad;
}
