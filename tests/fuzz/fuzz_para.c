/* tests/fuzz/fuzz_para.c - Chinese paragraph layout (layout/para.c): ICU
 * line breaking, clreq prohibitions, punctuation squeezing, justification,
 * shrink-to-fit, font fallback per character; then the lines are drawn into
 * a display list and dumped as text (layout/display.c).
 *
 * Input: 4 bytes of style, then the text (arbitrary bytes: invalid UTF-8 and
 * characters no font has must fail cleanly with WS_ERR_INPUT / WS_ERR_FONT).
 *   byte 0: font role (mod the number of roles)      byte 1: alignment (low 7 bits mod 6,
 *                                                    signature included), bit 7 keep_groups
 *   byte 2: column width, 0..255 -> 1..511 pt        byte 3: size 5..36 pt,
 *           bit 7 shrink-to-fit, bit 6 indent 2 em, bit 5 tracking
 * The font catalog comes from the project's fonts/roles.yaml, loaded once. */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "fuzz.h"
#include "layout/para.h"

static ws_font_catalog *g_cat;
static ws_fonts *g_fonts;
static ws_typesetter *g_ts;

static void cleanup(void)
{
    ws_typesetter_destroy(g_ts);
    ws_fonts_close(g_fonts);
    ws_font_catalog_destroy(g_cat);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ws_err err = {0};
    /* fontconfig's default configuration is a process-wide cache whose parser
     * drops a few bytes (tests/lsan.supp); load it with leak checking off so
     * the fuzzer can use fast stack unwinding, then ws_font_catalog_create's
     * own FcInit() finds it ready. */
    ws_lsan_disable();
    FcInit();
    ws_lsan_enable();
    if (ws_font_catalog_create(WS_SOURCE_DIR "/fonts/roles.yaml", WS_SOURCE_DIR "/fonts", &g_cat,
                               &err) != WS_OK ||
        ws_fonts_open(g_cat, &g_fonts, &err) != WS_OK ||
        ws_typesetter_create(g_fonts, &g_ts, &err) != WS_OK) {
        fprintf(stderr, "fuzz_para: %s\n", err.msg);
        abort();
    }
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) return 0;
    size_t nroles = ws_font_catalog_nroles(g_cat);
    ws_text_style st = {
        .role = nroles ? (int)(data[0] % nroles) : 0,
        .size_pt = 5.0f + (float)(data[3] & 31),
        .leading = 1.5f,
        .align = (ws_align)((data[1] & 127) % 6),
        .indent_em = (data[3] & 64) ? 2.0f : 0.0f,
        .min_size_pt = (data[3] & 128) ? 5.0f : 0.0f,
        .tracking_em = (data[3] & 32) ? 0.5f : 0.0f,
        .keep_groups = (data[1] & 128) != 0,
    };
    float width_pt = 1.0f + 2.0f * (float)data[2];
    const char *text = (const char *)data + 4;
    size_t len = size - 4;

    ws_arena *a = ws_arena_create(0);
    if (!a) return 0;
    ws_ptext pt;
    ws_err err = {0};
    if (ws_typeset(g_ts, text, len, &st, width_pt, a, &pt, &err) == WS_OK) {
        if (pt.nfallback > sizeof pt.fallback_cp / sizeof pt.fallback_cp[0]) abort();
        ws_dl_doc *doc = ws_dl_doc_create(a);
        ws_page *page = doc ? ws_dl_add_page(doc, 595.0f, 842.0f) : NULL;
        if (page && ws_ptext_emit(&pt, 0, pt.nlines, 20.0f, 20.0f, doc, page)) {
            float h = ws_ptext_height(&pt, 0, pt.nlines);
            if (!(h >= 0.0f)) abort(); /* also catches NaN */
            ws_buf dump = WS_BUF_INIT;
            ws_dl_dump(doc, g_cat, &dump);
            ws_buf_free(&dump);
        }
    } else if (err.status != WS_ERR_INPUT && err.status != WS_ERR_FONT &&
               err.status != WS_ERR_NOMEM) {
        abort(); /* only bad text or a missing glyph may fail */
    }
    ws_arena_destroy(a);
    return 0;
}
