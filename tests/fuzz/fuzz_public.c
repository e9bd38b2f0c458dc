/* tests/fuzz/fuzz_public.c - the public-document scan (check/paper.c): ID
 * and mobile numbers found in any text (ws_find_private_number), masked for
 * messages (ws_mask_number), and values escaped for the terminal
 * (ws_utf8_escape_invisible).
 *
 * Input: any bytes, scanned as the text of a field. Besides not crashing,
 * the harness holds the scan to what it promises and aborts otherwise:
 *   - a hit lies inside the text, and the number alone is found again as
 *     the same kind and length (a hit does not depend on what surrounds it
 *     except for the digits glued on that cancel it);
 *   - the masked form is NUL-terminated within its buffer and hides the
 *     middle digits;
 *   - the escaped text holds no control, bidi or zero-width character. */
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "check/paper.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_escaped(const char *s, size_t len)
{
    size_t cap = 6 * len + 1;
    char *out = malloc(cap);
    if (!out) return;
    size_t n = ws_utf8_escape_invisible(s, len, out, cap);
    if (n >= cap || out[n] != '\0') abort();
    for (size_t i = 0; i < n;) {
        size_t k;
        int32_t cp = ws_utf8_decode(out + i, n - i, &k);
        if (cp < 0 || ws_is_invisible((uint32_t)cp)) abort();
        i += k;
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ws_number_hit hit;
    if (ws_find_private_number(s, size, &hit)) {
        if (hit.kind == WS_NUMBER_NONE || hit.len == 0 || hit.at + hit.len > size) abort();
        ws_number_hit again;
        if (!ws_find_private_number(s + hit.at, hit.len, &again) || again.at != 0 ||
            again.len != hit.len || again.kind != hit.kind)
            abort();
        char masked[32];
        memset(masked, 'z', sizeof masked);
        ws_mask_number(s, &hit, masked, sizeof masked);
        if (!memchr(masked, '\0', sizeof masked) || !strchr(masked, '*')) abort();
    }
    check_escaped(s, size);
    return 0;
}
