/* Unit tests for layout/para: punctuation placed by its ink with every free
 * CJK face Debian ships that wenshu accepts (fonts-arphic-uming,
 * fonts-arphic-ukai, fonts-wqy-zenhei, fonts-lxgw-wenkai, and the CFF-outline
 * Noto Serif/Sans CJK SC of fonts-noto-cjk; scripts/deps.sh installs them),
 * and line breaking that keeps names, words and bracketed
 * groups whole in table cells.
 *
 * The ink is measured here with FreeType directly, not through the code
 * under test: a closing mark's ink must sit in the left half of its box
 * (touching the character before it, as in GB-style fonts), an opening
 * mark's in the right half, and a mark at a line end must stay inside the
 * line's width. */
#include "harness.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/utf8.h"
#include "check/regions.h"
#include "layout/display.h"
#include "layout/fonts.h"
#include "layout/para.h"

static const char *ROLES[] = {"uming", "ukai", "zenhei", "wenkai", "notoserif", "notosans",
                              "notoserifbold"};
static const char *FAMILIES[] = {"AR PL UMing CN",    "AR PL UKai CN",    "WenQuanYi Zen Hei",
                                 "LXGW WenKai",       "Noto Serif CJK SC", "Noto Sans CJK SC",
                                 "Noto Serif CJK SC:style=Bold"};
#define NFONTS 7

static ws_font_catalog *cat;
static ws_fonts *fonts;
static ws_typesetter *ts;
static ws_arena *arena;

static bool setup(void)
{
    char path[] = "/tmp/wenshu-test-roles-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return false;
    FILE *fp = fdopen(fd, "w");
    fprintf(fp, "roles:\n");
    for (int i = 0; i < NFONTS; i++) fprintf(fp, "  %s: [\"%s\"]\n", ROLES[i], FAMILIES[i]);
    fprintf(fp, "fallback: [\"AR PL UMing CN\"]\n");
    fclose(fp);
    ws_err err = {0};
    ws_status s = ws_font_catalog_create(path, NULL, &cat, &err);
    unlink(path);
    if (s != WS_OK) {
        fprintf(stderr, "font catalog: %s\n", err.msg);
        return false;
    }
    for (int i = 0; i < NFONTS; i++) {
        int r = ws_font_catalog_role(cat, ROLES[i]);
        const ws_role_info *ri = ws_font_catalog_role_info(cat, r);
        if (r < 0 || ri->missing) {
            fprintf(stderr, "font %s is not installed (scripts/deps.sh)\n", FAMILIES[i]);
            return false;
        }
    }
    return ws_fonts_open(cat, &fonts, &err) == WS_OK &&
           ws_typesetter_create(fonts, &ts, &err) == WS_OK && (arena = ws_arena_create(0));
}

/* The catalog answers from fontconfig's charsets what ws_fonts_glyph answers
 * by opening the faces (the glyph cache of check and build asks it, so no
 * CJK face is opened on the main thread): every role, every code point of
 * the BMP and the CJK extension planes. */
TEST(catalog_charsets_agree_with_the_faces)
{
    size_t differ = 0;
    for (int r = -1; r < (int)ws_font_catalog_nroles(cat); r++)
        for (uint32_t cp = 0x20; cp < 0x32000; cp++) {
            if (cp == 0x10000) cp = 0x20000;
            ws_glyph_info gi;
            bool has = ws_fonts_glyph(fonts, r, cp, &gi) == WS_OK;
            if (ws_font_catalog_has_char(cat, r, cp) != (has ? 1 : 0) && differ++ < 5)
                TH_FAIL("role %d U+%04X: the faces say %d", r, (unsigned)cp, has);
        }
    CHECK_INT(differ, 0);
}

static void ink_em(uint16_t face, uint32_t gid, float *left, float *right);

/* A face whose cmap lists a character with an empty outline (AR PL UKai's
 * 䶮 U+4DAE) does not have it: the glyph comes from the next face that
 * draws it, never a blank in a name, and the catalog (what check asks)
 * says the same. The ideographic space keeps its empty glyph. */
TEST(empty_glyphs_are_not_glyphs)
{
    int kai = ws_font_catalog_role(cat, "ukai");
    ws_glyph_info gi;
    float l, r;
    CHECK(ws_fonts_glyph(fonts, kai, 0x4DAE, &gi) == WS_OK);
    ink_em(gi.face, gi.gid, &l, &r);
    CHECK(r > l);
    CHECK(gi.fallback);
    CHECK_INT(ws_font_catalog_has_char(cat, kai, 0x4DAE), 1);
    CHECK(ws_fonts_glyph(fonts, kai, 0x3000, &gi) == WS_OK && !gi.fallback);
}

/* The test's own FreeType face of a catalog face, to hold the answers of
 * ws_fonts (HarfBuzz, FreeType for a TrueType glyph's ink) against
 * FreeType's. */
static FT_Face ft_face(uint16_t face)
{
    static FT_Library lib;
    static FT_Face opened[64];
    if (!lib && FT_Init_FreeType(&lib)) return NULL;
    if (face >= 64 || face >= ws_font_catalog_nfaces(cat)) return NULL;
    if (!opened[face]) {
        size_t len = 0;
        const unsigned char *data = ws_font_catalog_file(cat, face, &len);
        if (!data || FT_New_Memory_Face(lib, data, (FT_Long)len,
                                        ws_font_catalog_face(cat, face)->index, &opened[face]))
            opened[face] = NULL;
    }
    return opened[face];
}

/* Ink extent of a glyph in em from its origin, measured with FreeType. */
static void ink_em(uint16_t face, uint32_t gid, float *left, float *right)
{
    FT_Face ft = ft_face(face);
    *left = *right = 0;
    if (!ft || FT_Load_Glyph(ft, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING)) return;
    float upem = (float)ft->units_per_EM;
    *left = (float)ft->glyph->metrics.horiBearingX / upem;
    *right = (float)(ft->glyph->metrics.horiBearingX + ft->glyph->metrics.width) / upem;
}

static ws_text_style style(int font, float width_em_unused)
{
    (void)width_em_unused;
    return (ws_text_style){ws_font_catalog_role(cat, ROLES[font]), 12, 1.2f, WS_ALIGN_LEFT, 0, 0,
                           0, false};
}

static bool is_closing(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3001 || cp == 0x3002 || cp == 0xFF1A || cp == 0xFF1B ||
           cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF09 || cp == 0x300B;
}

static bool is_opening(uint32_t cp)
{
    return cp == 0xFF08 || cp == 0x300A;
}

/* Every mark of 'text' (one line, wide column) sits by its ink. */
static void check_marks(int font, const char *text)
{
    ws_text_style st = style(font, 0);
    ws_ptext pt;
    ws_err err = {0};
    ws_arena_reset(arena);
    if (ws_typeset(ts, text, strlen(text), &st, 1000, arena, &pt, &err) != WS_OK) {
        TH_FAIL("%s: %s", FAMILIES[font], err.msg);
        return;
    }
    CHECK_INT(pt.nlines, 1);
    const ws_tline *l = &pt.lines[0];
    float em = st.size_pt;
    for (uint32_t i = 1; i + 1 < l->n; i++) {
        const ws_tglyph *g = &l->g[i];
        float il, ir;
        ink_em(g->face, g->gid, &il, &ir);
        float ink_l = g->x + il * em, ink_r = g->x + ir * em;
        float box_l = l->g[i - 1].x + l->g[i - 1].adv, box_r = l->g[i + 1].x;
        char u[8] = {0};
        snprintf(u, sizeof u, "U+%04X", g->cp);
        if (is_closing(g->cp)) {
            if (ink_l < box_l - 0.01f || (ink_l + ink_r) / 2 > box_l + 0.3f * em)
                TH_FAIL("%s %s in \"%s\": ink %.2f–%.2f em after the character before it, "
                        "expected in the left half of its box",
                        FAMILIES[font], u, text, (ink_l - box_l) / em, (ink_r - box_l) / em);
        } else if (is_opening(g->cp)) {
            if (ink_r > box_r + 0.01f || (ink_l + ink_r) / 2 < box_r - 0.3f * em)
                TH_FAIL("%s %s in \"%s\": ink %.2f–%.2f em before the next character, "
                        "expected in the right half of its box",
                        FAMILIES[font], u, text, (box_r - ink_r) / em, (box_r - ink_l) / em);
        }
    }
}

TEST(closing_marks_by_ink)
{
    for (int f = 0; f < NFONTS; f++) {
        check_marks(f, "共2项，其中技能、技艺。好");
        check_marks(f, "特发此证，以资鼓励：另；好！对？嗯");
        check_marks(f, "高级技师（一级）《书名》好");
    }
}

/* A build that writes no layout dump leaves the glyphs' ink out (finding
 * it loads every glyph's outline): the lines are placed the same, marks
 * squeezed by their side bearings as before, only ink0 = ink1 = 0. */
TEST(ink_only_when_wanted)
{
    const char *text = "共2项，其中技能、技艺。高级技师（一级）《书名》好";
    for (int f = 0; f < NFONTS; f++) {
        ws_text_style st = style(f, 0);
        st.align = WS_ALIGN_JUSTIFY;
        ws_ptext with, without;
        ws_err err = {0};
        ws_arena_reset(arena);
        ws_typesetter_set_ink(ts, true);
        ws_status a = ws_typeset(ts, text, strlen(text), &st, 100, arena, &with, &err);
        ws_typesetter_set_ink(ts, false);
        ws_status b = ws_typeset(ts, text, strlen(text), &st, 100, arena, &without, &err);
        ws_typesetter_set_ink(ts, true);
        CHECK_INT(a, WS_OK);
        CHECK_INT(b, WS_OK);
        if (a != WS_OK || b != WS_OK) return;
        CHECK_INT(without.nlines, with.nlines);
        size_t inked = 0, differ = 0;
        for (size_t k = 0; k < with.nlines && k < without.nlines; k++) {
            const ws_tline *l = &with.lines[k], *m = &without.lines[k];
            CHECK_INT(m->n, l->n);
            for (uint32_t i = 0; i < l->n && i < m->n; i++) {
                inked += l->g[i].ink1 > l->g[i].ink0;
                differ += m->g[i].x != l->g[i].x || m->g[i].adv != l->g[i].adv ||
                          m->g[i].ink0 != 0 || m->g[i].ink1 != 0;
            }
        }
        CHECK(inked > 0);
        CHECK_INT(differ, 0);
    }
}

/* A mark at the end of a line keeps its ink inside the line (the column);
 * every glyph keeps its box inside. (An ideograph's ink is the font's design:
 * Noto Serif CJK SC Bold's 六 reaches 0.07 em past its box, which a cell's
 * padding takes; only a mark's blank is wenshu's to place.) */
TEST(line_end_mark_inside_column)
{
    for (int f = 0; f < NFONTS; f++) {
        ws_text_style st = style(f, 0);
        st.align = WS_ALIGN_JUSTIFY;
        const char *text = "一二三四五，六七八九十。一二三四五、六七八九十：一二";
        for (float w = 60; w <= 130; w += 6) {
            ws_ptext pt;
            ws_err err = {0};
            ws_arena_reset(arena);
            if (ws_typeset(ts, text, strlen(text), &st, w, arena, &pt, &err) != WS_OK) {
                TH_FAIL("%s", err.msg);
                return;
            }
            for (size_t k = 0; k < pt.nlines; k++) {
                const ws_tline *l = &pt.lines[k];
                if (!l->n) continue;
                const ws_tglyph *g = &l->g[l->n - 1];
                float il, ir;
                ink_em(g->face, g->gid, &il, &ir);
                float ink_r = g->x + ir * st.size_pt;
                bool mark = is_closing(g->cp) || is_opening(g->cp);
                if ((mark && ink_r > w + 0.01f) || g->x + g->adv > w + 0.01f)
                    TH_FAIL("%s width %.0f line %zu: U+%04X ink ends at %.2f, box at %.2f",
                            FAMILIES[f], w, k + 1, g->cp, ink_r, g->x + g->adv);
                /* the ink layout records (and the dump shows) is FreeType's */
                if (fabsf(g->x + g->ink1 - ink_r) > 0.01f ||
                    fabsf(g->ink0 - il * st.size_pt) > 0.01f)
                    TH_FAIL("%s U+%04X: ink recorded %.2f–%.2f, FreeType %.2f–%.2f", FAMILIES[f],
                            g->cp, g->ink0, g->ink1, il * st.size_pt, ir * st.size_pt);
            }
        }
    }
}

/* The lines of text set in a column width_em wide, joined by " / ". */
static const char *lines_of(const char *text, ws_text_style st, float width_em)
{
    static char buf[512];
    ws_ptext pt;
    ws_err err = {0};
    ws_arena_reset(arena);
    buf[0] = '\0';
    if (ws_typeset(ts, text, strlen(text), &st, width_em * st.size_pt, arena, &pt, &err) != WS_OK) {
        snprintf(buf, sizeof buf, "%s", err.msg);
        return buf;
    }
    size_t at = 0;
    for (size_t k = 0; k < pt.nlines; k++) {
        if (k) at += (size_t)snprintf(buf + at, sizeof buf - at, " / ");
        for (uint32_t i = 0; i < pt.lines[k].n && at + 8 < sizeof buf; i++) {
            uint32_t cp = pt.lines[k].g[i].cp;
            at += ws_utf8_encode(cp, buf + at);
        }
        buf[at] = '\0';
    }
    return buf;
}

static ws_text_style cell_style(ws_align align)
{
    ws_text_style st = style(0, 0);
    st.align = align;
    st.keep_groups = true;
    return st;
}

/* Table cells: bracketed groups, dates, dictionary words and glued names
 * stay on one line when the column can hold them. */
TEST(cells_keep_groups_whole)
{
    ws_text_style c = cell_style(WS_ALIGN_CENTER);
    CHECK_STR(lines_of("高级技师（一级）", c, 6.2f), "高级技师 / （一级）");
    CHECK_STR(lines_of("果树栽培（脐橙）", c, 6.2f), "果树栽培 / （脐橙）");
    CHECK_STR(lines_of("嘉兴市精工机械有限公司", c, 6.2f), "嘉兴市精工 / 机械有限公司");
    CHECK_STR(lines_of("起重装卸机械操作工 高级技师", c, 9.2f), "起重装卸机械操作工 / 高级技师");
    /* a typed space is taken over a word break when what follows it fits one line: as many
       lines, and 高级技师 whole */
    CHECK_STR(lines_of("起重装卸机械操作工 高级技师", c, 6.2f), "起重装卸机械 / 操作工 / 高级技师");
    CHECK_STR(lines_of("电工 高级技师", c, 6.2f), "电工 / 高级技师");
    /* a lone character before a typed space ends the word before it (操作工, which ICU's
       dictionary does not hold): not "起重装卸机械操作 / 工 高级技师" */
    CHECK_STR(lines_of("起重装卸机械操作工 高级技师", c, 8.2f), "起重装卸机械 / 操作工高级技师");
    CHECK_STR(lines_of("数控车床操作工 技师", c, 6.2f), "数控车床 / 操作工技师");
    CHECK_STR(lines_of("填报时间：2020年8月7日", c, 8.2f), "填报时间： / 2020年8月7日");
    CHECK_STR(lines_of("申报人司\u2060马\u2060文\u2060杰", c, 5.2f), "申报人 / 司马文杰");
    /* justified prose keeps groups but may break between any two ideographs */
    ws_text_style j = cell_style(WS_ALIGN_JUSTIFY);
    CHECK_STR(lines_of("获市技能大赛（一类）第一名", j, 7.2f), "获市技能大赛 / （一类）第一名");
    /* … and a typed space is no better a break there: a line cut short at one is spread out */
    CHECK_STR(lines_of("2014.04 嘉兴市劳动模范；2017.09 浙江省首席技师", j, 17.2f),
              "2014.04嘉兴市劳动模范；2017.09浙江 / 省首席技师");
    /* a group wider than the column breaks as before rather than overflow */
    CHECK_STR(lines_of("（以近五年为主）", c, 4.2f), "（以近五 / 年为主）");
}

/* A word wider than its line (an e-mail address, a web address) breaks where
 * a reader expects it to go on: after @ or /, before a dot, after - or _ —
 * not between two letters of a name. */
TEST(long_addresses_break_at_their_punctuation)
{
    ws_text_style c = cell_style(WS_ALIGN_LEFT);
    CHECK_STR(lines_of("zhangweiming1985@example.com", c, 9.2f), "zhangweiming1985@ / example.com");
    CHECK_STR(lines_of("zhangweiming1985@mail.example.com", c, 12.2f),
              "zhangweiming1985@mail / .example.com");
    CHECK_STR(lines_of("wang_xiaoming_jx@163.com", c, 7.2f), "wang_xiaoming_ / jx@163.com");
    /* with nowhere of that kind in the line, between letters as before */
    CHECK_STR(lines_of("abcdefghijklmnopqrstuvwxyz", c, 6.2f), "abcdefghijkl / mnopqrstuvwx / yz");
}

/* An e-mail address is never broken after a hyphen (shenkun@hengyuan- /
 * chem.example.cn reads as a hyphen that is not there), and a patent
 * number never at its spaces (ZL2017 1 / 0523456.1), whatever the width. */
TEST(mail_and_patent_numbers_hold_together)
{
    ws_text_style c = cell_style(WS_ALIGN_LEFT), p = style(0, 0);
    for (float w = 6.2f; w <= 20.2f; w += 0.5f) {
        const char *mail = lines_of("shenkun@hengyuan-chem.example.cn", c, w);
        if (strstr(mail, "- / ")) TH_FAIL("width %.1f: %s", (double)w, mail);
        const char *pat = lines_of("获发明专利一项（ZL2017 1 0523456.1），实用新型两项", p, w);
        const char *z = strstr(pat, "ZL");
        const char *end = z ? strstr(z, "0523456.1") : NULL;
        const char *cut = z ? strstr(z, " / ") : NULL;
        if (w >= 10 && (!end || (cut && cut < end))) TH_FAIL("width %.1f: %s", (double)w, pat);
    }
}

/* A product of sizes (25mm×25mm) may break after its ×: as one unbreakable
 * word it left the line before it short, spread to 0.4 em between
 * characters (擅 长 精 密 测 量). A size alone is not split. */
TEST(sizes_break_after_their_times_sign)
{
    ws_text_style p = style(0, 0);
    CHECK_STR(lines_of("擅长精密测量，能加工25mm×25mm的零件", p, 13.2f),
              "擅长精密测量，能加工25mm× / 25mm的零件");
    CHECK_STR(lines_of("擅长精密测量，能加工0.01mm以内的零件", p, 12.2f),
              "擅长精密测量，能加工 / 0.01mm以内的零件");
}

/* Table cells keep each division name of a place whole (浙江省 / 嘉善县, not
 * 浙江省嘉 / 善县), from the program's division list; prose may break
 * anywhere, and a name wider than the column breaks rather than overflow. */
TEST(cells_keep_place_names_whole)
{
    ws_regions *reg = NULL;
    ws_err err = {0};
    CHECK_INT(ws_regions_load("templates/_shared/regions.tsv", &reg, &err), WS_OK);
    ws_text_style c = cell_style(WS_ALIGN_CENTER);
    /* without the list, as before */
    CHECK_STR(lines_of("浙江省嘉善县", c, 4.2f), "浙江省嘉 / 善县");
    ws_typesetter_set_regions(ts, reg);
    CHECK_STR(lines_of("浙江省嘉善县", c, 4.2f), "浙江省 / 嘉善县");
    CHECK_STR(lines_of("江西省余干县", c, 4.2f), "江西省 / 余干县");
    CHECK_STR(lines_of("四川省蓬溪县", c, 4.2f), "四川省 / 蓬溪县");
    CHECK_STR(lines_of("浙江省嘉兴市南湖区", c, 6.2f), "浙江省嘉兴市 / 南湖区");
    CHECK_STR(lines_of("浙江省嘉兴市南湖区", c, 5.2f), "浙江省 / 嘉兴市 / 南湖区");
    /* a name too long for the line breaks between its words, as before the list */
    CHECK_STR(lines_of("内蒙古自治区", c, 5.2f), "内蒙古 / 自治区");
    CHECK_STR(lines_of("广西壮族自治区桂林市恭城瑶族自治县", c, 5.2f),
              "广西壮族 / 自治区 / 桂林市 / 恭城瑶族 / 自治县");
    CHECK_STR(lines_of("新疆维吾尔自治区和静县", c, 4.2f), "新疆 / 维吾尔 / 自治区 / 和静县");
    ws_text_style j = cell_style(WS_ALIGN_JUSTIFY);
    CHECK_STR(lines_of("浙江省嘉善县人", j, 4.2f), "浙江省嘉 / 善县人");
    ws_typesetter_set_regions(ts, NULL);
    ws_regions_destroy(reg);
}

/* A paragraph's last line holds at least two characters besides its
 * punctuation (no 孤字 such as 号。 alone): the line before gives one up. */
TEST(last_line_is_not_one_character)
{
    ws_text_style p = style(0, 0);
    CHECK_STR(lines_of("一二三四五六七八九十号", p, 10.2f), "一二三四五六七八九 / 十号");
    CHECK_STR(lines_of("一二三四五六七八九十号。", p, 10.2f), "一二三四五六七八九 / 十号。");
    CHECK_STR(lines_of("一二三四五六七八九十号。”", p, 10.2f), "一二三四五六七八九 / 十号。”");
    CHECK_STR(lines_of("一二三四五六七八九十号码。", p, 10.2f), "一二三四五六七八九十 / 号码。");
}

/* Shrink-to-fit stops at the 9 pt floor whatever min_size says. */
TEST(shrink_has_floor)
{
    ws_text_style st = style(0, 0);
    st.min_size_pt = 6;
    ws_ptext pt;
    ws_err err = {0};
    ws_arena_reset(arena);
    const char *id = "330482198107231511";
    CHECK_INT(ws_typeset(ts, id, strlen(id), &st, 50, arena, &pt, &err), WS_OK);
    CHECK_NEAR(pt.size_pt, WS_FLOOR_PT, 0.01);
}

/* What a column needs: the widest unbreakable item, and the one-line width. */
TEST(text_widths)
{
    ws_text_style c = cell_style(WS_ALIGN_CENTER);
    ws_err err = {0};
    float mn, mx;
    CHECK_INT(ws_text_widths(ts, "嘉兴市精工机械有限公司", strlen("嘉兴市精工机械有限公司"), &c,
                             &mn, &mx, &err),
              WS_OK);
    CHECK_NEAR(mn, 4 * c.size_pt, 0.5);
    CHECK_NEAR(mx, 11 * c.size_pt, 0.5);
    const char *id = "330482198107231511";
    CHECK_INT(ws_text_widths(ts, id, strlen(id), &c, &mn, &mx, &err), WS_OK);
    CHECK(mn > 8 * c.size_pt);
    CHECK_NEAR(mn, mx, 0.01);
}

/* 落款 (GB/T 9704 §7.3.5): 成文日期 four characters in from the right, 署名
 * centred over it; trailing 全角 spaces typed by the template do not count. */
TEST(signature_block)
{
    ws_text_style st = style(3, 0);
    st.size_pt = 16;
    st.align = WS_ALIGN_SIGNATURE;
    float width = 28 * st.size_pt;
    const char *text[] = {"嘉兴市人力资源和社会保障局\n2020年9月29日",
                          "嘉兴市人力资源和社会保障局　　　　\n2020年9月29日　　　　"};
    for (int t = 0; t < 2; t++) {
        ws_ptext pt;
        ws_err err = {0};
        ws_arena_reset(arena);
        CHECK_INT(ws_typeset(ts, text[t], strlen(text[t]), &st, width, arena, &pt, &err), WS_OK);
        CHECK_INT(pt.nlines, 2);
        if (pt.nlines != 2) return;
        const ws_tline *issuer = &pt.lines[0], *date = &pt.lines[1];
        CHECK_NEAR(date->width, width - 4 * st.size_pt, 0.05);
        float date_c = (date->g[0].x + date->width) / 2;
        float issuer_c = (issuer->g[0].x + issuer->width) / 2;
        CHECK_NEAR(issuer_c, date_c, 0.05);
    }
    /* an issuer too long to centre ends at the right edge, not past it */
    const char *long_issuer = "某某市某某区人力资源和社会保障局职业能力建设处\n2020年9月29日";
    ws_ptext pt;
    ws_err err = {0};
    ws_arena_reset(arena);
    CHECK_INT(ws_typeset(ts, long_issuer, strlen(long_issuer), &st, width, arena, &pt, &err),
              WS_OK);
    CHECK(pt.nlines == 2 && pt.lines[0].width <= width + 0.05f);
}

/* A character layout cannot print is refused in the words check uses for a
 * record's (check/paper.c), so a template's own text and a record's say the
 * same: a private-use character of plane 15 was "no installed font has it". */
TEST(unprintable_characters_in_checks_words)
{
    static const struct {
        const char *text;
        ws_status st;
        const char *says;
    } cases[] = {
        {"甲\a乙", WS_ERR_INPUT, "含有不可见的控制字符（U+0007），请删除"},
        {"甲\xf3\xb0\x80\x80乙", WS_ERR_FONT, "含有私用区字符（U+F0000），无法打印，请改用标准汉字"},
        {"甲\xf0\xaf\xbf\xbd乙", WS_ERR_FONT, "字符「\xf0\xaf\xbf\xbd」（U+2FFFD）没有任何已安装的字体包含"},
    };
    ws_text_style st = style(0, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ws_ptext pt;
        ws_err err = {0};
        ws_arena_reset(arena);
        const char *t = cases[i].text;
        CHECK_INT(ws_typeset(ts, t, strlen(t), &st, 200, arena, &pt, &err), cases[i].st);
        if (!strstr(err.msg, cases[i].says)) TH_FAIL("%s 应含「%s」", err.msg, cases[i].says);
    }
}

/* A tracked heading (证书标题 "荣誉证书", tracking 0.6 em) is centred on its
 * characters: the tracking after the last one is not part of the line, so
 * the line does not sit that much left of centre. Right-aligned tracked text
 * ends flush with the right edge for the same reason. */
TEST(tracked_text_centred_on_its_characters)
{
    ws_text_style st = style(3, 0);
    st.size_pt = 48;
    st.tracking_em = 0.6f;
    const char *title = "荣誉证书";
    float width = 15 * st.size_pt;
    for (int a = 0; a < 2; a++) {
        st.align = a ? WS_ALIGN_RIGHT : WS_ALIGN_CENTER;
        ws_ptext pt;
        ws_err err = {0};
        ws_arena_reset(arena);
        CHECK_INT(ws_typeset(ts, title, strlen(title), &st, width, arena, &pt, &err), WS_OK);
        if (pt.nlines != 1 || pt.lines[0].n != 4) {
            TH_FAIL("expected one line of 4 glyphs, got %zu lines", pt.nlines);
            continue;
        }
        const ws_tline *l = &pt.lines[0];
        float first = l->g[0].x, last_end = l->g[3].x + st.size_pt; /* ideographs: 1 em */
        CHECK_NEAR(last_end - first, 4 * st.size_pt + 3 * st.tracking_em * st.size_pt, 0.05);
        CHECK_NEAR(l->width, last_end, 0.05);
        if (a) CHECK_NEAR(last_end, width, 0.05);
        else CHECK_NEAR((first + last_end) / 2, width / 2, 0.05);
    }
    /* negative tracking keeps the GB/T 9704 grid: 28 characters of 三号 on a
       156 mm line (docs/templates.md), the last one's share included */
    st = style(3, 0);
    st.size_pt = 16;
    st.tracking_em = -0.013f;
    const char *row = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八";
    ws_ptext pt;
    ws_err err = {0};
    ws_arena_reset(arena);
    CHECK_INT(ws_typeset(ts, row, strlen(row), &st, 156 / 25.4f * 72, arena, &pt, &err), WS_OK);
    CHECK_INT(pt.nlines, 1);
}

/* ws_fonts remembers each character's glyph and each glyph's ink per worker
 * (FreeType is slow to ask again, above all for CFF faces): the answers stay
 * FreeType's while the memos grow past thousands of entries, in a CFF face
 * (Noto Serif) and a TrueType one (UMing), and a character no face has
 * stays an error. */
TEST(glyph_memos_keep_freetype_answers)
{
    static const int faces_of[] = {4, 0};
    for (size_t k = 0; k < 2; k++) {
        int role = ws_font_catalog_role(cat, ROLES[faces_of[k]]);
        static ws_glyph_info first[0x2000];
        static ws_status found[0x2000];
        size_t nfound = 0;
        for (uint32_t i = 0; i < 0x2000; i++) {
            found[i] = ws_fonts_glyph(fonts, role, 0x4E00 + i, &first[i]);
            if (found[i] != WS_OK) continue;
            nfound++;
            float x0, x1;
            ws_fonts_ink(fonts, first[i].face, first[i].gid, &x0, &x1);
        }
        CHECK(nfound > 0x1000);
        for (uint32_t i = 0; i < 0x2000; i += 37) {
            ws_glyph_info again;
            CHECK_INT(ws_fonts_glyph(fonts, role, 0x4E00 + i, &again), found[i]);
            if (found[i] != WS_OK) continue;
            CHECK(again.face == first[i].face && again.gid == first[i].gid &&
                  again.advance_em == first[i].advance_em && again.fallback == first[i].fallback);
            FT_Face ft = ft_face(again.face);
            CHECK(ft && FT_Get_Char_Index(ft, 0x4E00 + i) == again.gid);
            FT_Fixed adv = 0;
            if (ft) FT_Get_Advance(ft, again.gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &adv);
            CHECK(ft && again.advance_em == (float)adv * (1.0f / (float)ft->units_per_EM));
            float x0, x1, want0, want1;
            ws_fonts_ink(fonts, again.face, again.gid, &x0, &x1);
            ink_em(again.face, again.gid, &want0, &want1);
            CHECK(fabsf(x0 - want0) < 1e-5f && fabsf(x1 - want1) < 1e-5f);
        }
        ws_glyph_info none;
        CHECK_INT(ws_fonts_glyph(fonts, role, 0x10FFFD, &none), WS_ERR_FONT);
        CHECK_INT(ws_fonts_glyph(fonts, role, 0x10FFFD, &none), WS_ERR_FONT);
    }
}

/* What a font descriptor is made of (ws_fonts_face_metrics, read from the
 * face's tables with HarfBuzz) is what FreeType says of every face. */
TEST(face_metrics_are_freetypes)
{
    for (uint16_t face = 0; face < ws_font_catalog_nfaces(cat); face++) {
        FT_Face ft = ft_face(face);
        ws_face_metrics m;
        CHECK(ft != NULL);
        CHECK(ws_fonts_face_metrics(fonts, face, &m));
        if (!ft) continue;
        const char *ps = FT_Get_Postscript_Name(ft);
        CHECK_INT(m.upem, ft->units_per_EM);
        CHECK(m.bbox[0] == ft->bbox.xMin && m.bbox[1] == ft->bbox.yMin &&
              m.bbox[2] == ft->bbox.xMax && m.bbox[3] == ft->bbox.yMax);
        CHECK_INT(m.ascender, ft->ascender);
        CHECK_INT(m.descender, ft->descender);
        CHECK_STR(m.ps_name, ps ? ps : "");
        FT_Fixed adv = 0;
        FT_Get_Advance(ft, 1, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &adv);
        CHECK_INT(ws_fonts_advance_units(fonts, face, 1), (int)adv);
    }
}

/* A volume keeps copies of each record's pages (ws_dl_copy_pages): they must
 * not point into the scratch arena the record was laid out in, which is
 * reset (here: destroyed) next; an image of the template stays shared. */
TEST(copied_pages_outlive_their_scratch)
{
    ws_arena *keep = ws_arena_create(0), *scratch = ws_arena_create(0);
    static const unsigned char bytes[] = {1, 2, 3, 4};
    static const ws_image border = {.kind = WS_IMAGE_JPEG, .data = bytes, .size = 4};
    ws_image *photo = ws_arena_calloc(scratch, 1, sizeof *photo);
    unsigned char *pix = ws_arena_alloc(scratch, 3);
    memcpy(pix, "abc", 3);
    *photo = (ws_image){.kind = WS_IMAGE_JPEG, .path = ws_arena_strdup(scratch, "p.jpg"),
                        .data = pix, .size = 3};
    ws_dl_doc *one = ws_dl_doc_create(scratch), *all = ws_dl_doc_create(keep);
    ws_page *pg = ws_dl_add_page(one, 100, 200);
    ws_dl_item *t = ws_dl_add(one, pg, WS_DL_TEXT);
    ws_dl_glyph *g = ws_arena_calloc(scratch, 2, sizeof *g);
    g[0] = (ws_dl_glyph){.gid = 7, .cp = 0x4E2D}, g[1] = (ws_dl_glyph){.gid = 8, .cp = 0x6587, .x = 12};
    t->u.text = (ws_dl_text){.size_pt = 12, .n = 2, .glyphs = g};
    ws_dl_add(one, pg, WS_DL_IMAGE)->u.image = (ws_dl_image){.image = photo, .w = 10, .h = 10};
    ws_dl_add(one, pg, WS_DL_IMAGE)->u.image = (ws_dl_image){.image = &border, .w = 90};
    CHECK(ws_arena_owns(scratch, g) && !ws_arena_owns(keep, g) && !ws_arena_owns(scratch, &border));
    CHECK(ws_dl_copy_pages(all, one, scratch));
    ws_arena_destroy(scratch); /* everything of 'one' is gone */
    CHECK_INT(all->npages, 1);
    const ws_page *c = all->pages[0];
    CHECK_INT(c->n, 3);
    CHECK(ws_arena_owns(keep, c) && ws_arena_owns(keep, c->items));
    CHECK(ws_arena_owns(keep, c->items[0].u.text.glyphs));
    CHECK_INT(c->items[0].u.text.glyphs[1].cp, 0x6587);
    const ws_image *img = c->items[1].u.image.image;
    CHECK(ws_arena_owns(keep, img) && ws_arena_owns(keep, img->data) && !memcmp(img->data, "abc", 3));
    CHECK(img->path && !strcmp(img->path, "p.jpg"));
    CHECK(c->items[2].u.image.image == &border); /* not copied: it is not the record's */
    ws_arena_destroy(keep);
}

/* A PNG photo (RAW samples) is deflated once when its record is laid out;
 * a packet's copy of the page then carries only that stream, not the
 * megabytes of samples the renderer no longer reads (a packet of 110 forms
 * held 74 MB of them). */
TEST(copied_raw_image_keeps_only_its_stream)
{
    ws_arena *keep = ws_arena_create(0), *scratch = ws_arena_create(0);
    size_t n = 413 * 579 * 3;
    unsigned char *pix = ws_arena_alloc(scratch, n);
    for (size_t i = 0; i < n; i++) pix[i] = (unsigned char)(i % 7 * 30);
    ws_image *photo = ws_arena_calloc(scratch, 1, sizeof *photo);
    *photo = (ws_image){.kind = WS_IMAGE_RAW, .width_px = 413, .height_px = 579, .components = 3,
                        .data = pix, .size = n};
    ws_err err;
    CHECK_INT(ws_image_compress(photo, scratch, &err), WS_OK);
    ws_dl_doc *one = ws_dl_doc_create(scratch), *all = ws_dl_doc_create(keep);
    ws_page *pg = ws_dl_add_page(one, 100, 200);
    ws_dl_add(one, pg, WS_DL_IMAGE)->u.image = (ws_dl_image){.image = photo, .w = 10, .h = 10};
    size_t before = ws_arena_used(keep);
    CHECK(ws_dl_copy_pages(all, one, scratch));
    const ws_image *img = all->pages[0]->items[0].u.image.image;
    CHECK(ws_arena_owns(keep, img) && ws_arena_owns(keep, img->zdata));
    CHECK(img->zsize == photo->zsize && !memcmp(img->zdata, photo->zdata, img->zsize));
    CHECK(ws_arena_used(keep) - before < n / 4);
    ws_arena_destroy(scratch);
    ws_arena_destroy(keep);
}

/* How many of this process's mappings are of 'path' (/proc/self/maps). */
static int mappings_of(const char *path)
{
    FILE *fp = fopen("/proc/self/maps", "r");
    char line[4096];
    int n = 0;
    while (fp && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = 0;
        size_t len = strlen(line), plen = strlen(path);
        n += len >= plen && !strcmp(line + len - plen, path);
    }
    if (fp) fclose(fp);
    return n;
}

/* Every worker's FreeType faces read one mapping of a font file (the
 * catalog's), not one each: three mappings of a 26 MB Noto CJK face put
 * three copies of its touched pages into the build's memory. */
TEST(workers_share_one_mapping_of_a_font)
{
    int role = ws_font_catalog_role(cat, ROLES[0]);
    ws_glyph_info g;
    CHECK_INT(ws_fonts_glyph(fonts, role, 0x4E2D, &g), WS_OK);
    const char *path = ws_font_catalog_face(cat, g.face)->path;
    ws_fonts *second = NULL;
    ws_err err;
    CHECK_INT(ws_fonts_open(cat, &second, &err), WS_OK);
    ws_glyph_info g2;
    CHECK_INT(ws_fonts_glyph(second, role, 0x6587, &g2), WS_OK);
    CHECK(g2.face == g.face);
    size_t len = 0;
    const unsigned char *data = ws_font_catalog_file(cat, g.face, &len);
    CHECK(data && len > 1000);
    CHECK_INT(mappings_of(path), 1);
    ws_fonts_close(second);
}

int main(void)
{
    if (!setup()) {
        fprintf(stderr, "unit test_para: setup failed\n");
        return 1;
    }
    RUN(closing_marks_by_ink);
    RUN(ink_only_when_wanted);
    RUN(line_end_mark_inside_column);
    RUN(cells_keep_groups_whole);
    RUN(cells_keep_place_names_whole);
    RUN(long_addresses_break_at_their_punctuation);
    RUN(sizes_break_after_their_times_sign);
    RUN(mail_and_patent_numbers_hold_together);
    RUN(last_line_is_not_one_character);
    RUN(empty_glyphs_are_not_glyphs);
    RUN(shrink_has_floor);
    RUN(text_widths);
    RUN(signature_block);
    RUN(tracked_text_centred_on_its_characters);
    RUN(unprintable_characters_in_checks_words);
    RUN(glyph_memos_keep_freetype_answers);
    RUN(face_metrics_are_freetypes);
    RUN(catalog_charsets_agree_with_the_faces);
    RUN(copied_pages_outlive_their_scratch);
    RUN(copied_raw_image_keeps_only_its_stream);
    RUN(workers_share_one_mapping_of_a_font);
    ws_typesetter_destroy(ts);
    ws_fonts_close(fonts);
    ws_font_catalog_destroy(cat);
    ws_arena_destroy(arena);
    return TH_DONE();
}
