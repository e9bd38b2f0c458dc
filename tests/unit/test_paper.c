/* Unit tests for check/paper.c: ID and mobile numbers found where clerks
 * type them (and not in codes, dates or landlines), masked for messages;
 * what cannot go on paper; public documents' fields (issue 11 items 7, 13). */
#include "harness.h"

#include "check/paper.h"

typedef bool (*finder)(const char *s, size_t len, ws_number_hit *hit);

static ws_number_kind kind_by(finder find, const char *s)
{
    ws_number_hit h;
    return find(s, strlen(s), &h) ? h.kind : WS_NUMBER_NONE;
}

static ws_number_kind kind_of(const char *s)
{
    return kind_by(ws_find_private_number, s);
}

static const char *found(const char *s)
{
    static char buf[64];
    ws_number_hit h;
    if (!ws_find_private_number(s, strlen(s), &h)) return "";
    snprintf(buf, sizeof buf, "%.*s", (int)h.len, s + h.at);
    return buf;
}

TEST(numbers_found)
{
    CHECK_INT(kind_of("某公司（联系电话13957312468）"), WS_NUMBER_MOBILE);
    CHECK_STR(found("某公司（联系电话13957312468）"), "13957312468");
    CHECK_INT(kind_of("顾喆330421197603142131"), WS_NUMBER_ID);
    CHECK_INT(kind_of("33042119881102648X"), WS_NUMBER_ID);
    CHECK_INT(kind_of("33042119881102648x。"), WS_NUMBER_ID);
    CHECK_INT(kind_of("老号码330421760314213"), WS_NUMBER_ID);
    CHECK_STR(found("手机：139 5731 2468；"), "139 5731 2468");
    CHECK_STR(found("139-5731-2468"), "139-5731-2468");
    CHECK_INT(kind_of("１３９５７３１２４６８"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("+86 13957312468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("8613957312468"), WS_NUMBER_MOBILE);
    /* other separators clerks type: dots, dashes of every width (one kind in a number) */
    CHECK_INT(kind_of("330421.19760314.2131"), WS_NUMBER_ID);
    CHECK_STR(found("手机139—5731—2468。"), "139—5731—2468");
    CHECK_INT(kind_of("139–5731–2468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("139.5731.2468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("139·5731·2468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("+86 139-5731-2468"), WS_NUMBER_MOBILE);
    /* the international prefix 00 86, slashes and underscores between groups, full-width too */
    CHECK_STR(found("恒达公司（0086-139-5731-2468）"), "0086-139-5731-2468");
    CHECK_STR(found("恒达公司（0086 13957312468）"), "0086 13957312468");
    CHECK_INT(kind_of("008613957312468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("００８６　１３９５７３１２４６８"), WS_NUMBER_MOBILE);
    CHECK_STR(found("恒达公司（139/5731/2468）"), "139/5731/2468");
    CHECK_STR(found("恒达公司（139_5731_2468）"), "139_5731_2468");
    CHECK_INT(kind_of("139／5731／2468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("139＿5731＿2468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("3304_2119_7603_1421_31"), WS_NUMBER_ID);
    /* letters glued on do not hide a number: only more digits make it part of a code */
    CHECK_STR(found("恒达公司（微信 13957312468a）"), "13957312468");
    CHECK_INT(kind_of("13957312468A"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("tel13957312468"), WS_NUMBER_MOBILE);
    CHECK_INT(kind_of("ID330421197603142131abc"), WS_NUMBER_ID);
    /* several numbers in one run of groups: each is still found */
    CHECK_STR(found("13957312468/13857312468"), "13957312468");
    CHECK_STR(found("手机 13957312468 13857312468"), "13957312468");
    CHECK_STR(found("0573-82228815/13957312468"), "13957312468");
    CHECK_STR(found("13957312468/0573-82228815"), "13957312468");
    CHECK_INT(kind_of("330421197603142131/13957312468"), WS_NUMBER_ID);
    CHECK_STR(found("2020 139-5731-2468"), "139-5731-2468");
    CHECK_STR(found("33042119881102648X/13957312468"), "33042119881102648X");
    /* a line break (a cell wrapped by hand: Alt+Enter), a tab or a run of blanks between
       groups is a space too, blanks may stand around a mark ("139 - 5731 - 2468"), and a
       letter O typed for a zero between digits leaves the number the person's */
    static const struct {
        const char *text, *number; /* the number found in text */
        ws_number_kind kind;
    } typed[] = {
        {"嘉善恒达3304211976\n03142131", "3304211976\n03142131", WS_NUMBER_ID},
        {"嘉善恒达330421\n19760314\n2131", "330421\n19760314\n2131", WS_NUMBER_ID},
        {"嘉善恒达 139\n5731\n2468", "139\n5731\n2468", WS_NUMBER_MOBILE},
        {"嘉善恒达 1395731\r\n2468", "1395731\r\n2468", WS_NUMBER_MOBILE},
        {"嘉善恒达 3304211976031\n42131", "3304211976031\n42131", WS_NUMBER_ID},
        {"139\t5731\t2468", "139\t5731\t2468", WS_NUMBER_MOBILE},
        {"139\u00a05731\u00a02468", "139\u00a05731\u00a02468", WS_NUMBER_MOBILE},
        {"139  5731\u30002468", "139  5731\u30002468", WS_NUMBER_MOBILE},
        {"手机：139 - 5731 - 2468。", "139 - 5731 - 2468", WS_NUMBER_MOBILE},
        {"330421 . 19760314 . 2131", "330421 . 19760314 . 2131", WS_NUMBER_ID},
        {"嘉善恒达3304211976O3142131", "3304211976O3142131", WS_NUMBER_ID},
        {"139o5731246", "139o5731246", WS_NUMBER_MOBILE},
        {"3304211976Ｏ3142131", "3304211976Ｏ3142131", WS_NUMBER_ID},
        {"3304211976〇3142131", "3304211976〇3142131", WS_NUMBER_ID},
        {"13957312468 ＯK", "13957312468", WS_NUMBER_MOBILE}};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        CHECK_INT(kind_of(typed[i].text), typed[i].kind);
        CHECK_STR(found(typed[i].text), typed[i].number);
    }
}

TEST(numbers_not_found)
{
    CHECK_INT(kind_of("0573-82228815"), WS_NUMBER_NONE);                  /* a landline */
    CHECK_INT(kind_of("证书编号S000036070003193000456"), WS_NUMBER_NONE); /* a code */
    CHECK_INT(kind_of("ZL201810123456.7"), WS_NUMBER_NONE);
    CHECK_INT(kind_of("JXGJ2020-001"), WS_NUMBER_NONE);
    CHECK_INT(kind_of("2003.09-2016.01|嘉兴市某公司|钳工"), WS_NUMBER_NONE);
    CHECK_INT(kind_of("2020年9月29日至2020年10月12日"), WS_NUMBER_NONE);
    CHECK_INT(kind_of("12345678901"), WS_NUMBER_NONE);        /* not a mobile prefix */
    CHECK_INT(kind_of("330421197613422131"), WS_NUMBER_NONE); /* month 13: no ID */
    CHECK_INT(kind_of("139573124680"), WS_NUMBER_NONE);       /* 12 digits */
    CHECK_INT(kind_of(""), WS_NUMBER_NONE);
    CHECK_INT(kind_of("1994.7-1998.12"), WS_NUMBER_NONE); /* dates: not one number */
    CHECK_INT(kind_of("1994.07—1998.12"), WS_NUMBER_NONE);
    CHECK_INT(kind_of("获奖2019.12.01"), WS_NUMBER_NONE);
    /* ordinary values written with the separators and prefixes numbers are now found with */
    static const char *fine[] = {
        "2003/09-2016/01|嘉兴市某公司|钳工", "2016/01/05-2019/03/01", "2003_09-2016_01",
        "邮编314100", "邮编 314100", "嘉兴市南湖区（314100）", "0086-573-82228815",
        "证书编号1733000000300456", "证书编号 S000036070003193000456", "GB/T 19001-2016",
        "HX-1395-A", "SN_2020_0001", "型号139/57", "1998 2003 2008 2013 2018",
        "2003.09.01 2016.01.01", "13957312468013957312468", "0086", "0086139573124",
        "12345678901AB", "ISBN 978-7-115-13957-3", "2019/12/01 2020/01/05 2021/03/08",
        /* lists of dates whose groups are joined by a mark and by spaces */
        "1999/8 2003/12", "1985/07 2021/3", "1989_5 1995_12", "2011/12/20 11/15 11/4",
        "1999.8 2003.12",
        /* the same lists over several lines */
        "1998\n2003\n2008\n2013\n2018", "1999/8\n2003/12", "2019.12.01\r\n2020.01.05",
        "1994.7 - 1998.12",
        /* an O not between two digits stays a letter */
        "1395731246O", "型号O1395731246", "139573124O"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        if (kind_of(fine[i]) != WS_NUMBER_NONE) TH_FAIL("found a number in %s", fine[i]);
}

static ws_number_kind contact_of(const char *s)
{
    return kind_by(ws_find_contact, s);
}

static const char *contact_masked(const char *s)
{
    static char buf[64];
    ws_number_hit h;
    buf[0] = '\0';
    if (ws_find_contact(s, strlen(s), &h)) ws_mask_number(s, &h, buf, sizeof buf);
    return buf;
}

/* What a public paper must not print from a record besides ID and mobile
 * numbers: e-mail, landlines, street addresses (a public paper's own texts,
 * the bureau's phone and address, are not scanned for these). */
TEST(contacts_found)
{
    static const struct {
        const char *text;
        ws_number_kind kind;
    } cases[] = {
        {"13957312468", WS_NUMBER_MOBILE},
        {"330421197603142131", WS_NUMBER_ID},
        {"嘉兴某公司 wangyan@163.com", WS_NUMBER_EMAIL},
        {"ZHANG.San@163.COM", WS_NUMBER_EMAIL},
        {"邮箱：li_ming＠qq.com", WS_NUMBER_EMAIL},
        {"0573-82228815", WS_NUMBER_LANDLINE},
        {"钳工（0536-8231234）", WS_NUMBER_LANDLINE},
        {"(0536)8231234", WS_NUMBER_LANDLINE},
        {"（010）62345678", WS_NUMBER_LANDLINE},
        {"057382228815", WS_NUMBER_LANDLINE},
        {"平湖市当湖街道胜利路288号", WS_NUMBER_ADDRESS},
        {"潍坊市奎文区东风东街 123 号", WS_NUMBER_ADDRESS},
        {"小区3单元502室", WS_NUMBER_ADDRESS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (contact_of(cases[i].text) != cases[i].kind)
            TH_FAIL("%s: kind %d, expected %d", cases[i].text, contact_of(cases[i].text),
                    cases[i].kind);
    CHECK_STR(contact_masked("wangyan@163.com"), "wa***@163.com");
    CHECK_STR(contact_masked("电话0573-82228815"), "0573-****8815");
    CHECK_STR(contact_masked("胜利路288号"), "胜利路***号");
}

TEST(contacts_not_found)
{
    const char *fine[] = {"嘉兴市第一医院",
                          "中车株洲电力机车有限公司",
                          "110kV变电站运维班",
                          "第3车间",
                          "4S店",
                          "ZL201810123456.7",
                          "JXGJ2020-001",
                          "99.5%",
                          "2020年9月29日",
                          "2003.09-2016.01|嘉兴市某公司|钳工",
                          "国道320线养护",
                          "12345678",
                          "0.5mm",
                          "@某某",
                          "a@b",
                          "28号线",
                          "中铁十八局"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        if (contact_of(fine[i]) != WS_NUMBER_NONE) TH_FAIL("found a contact in %s", fine[i]);
}

TEST(numbers_masked)
{
    char out[32];
    const char *s = "电话13957312468";
    ws_number_hit h;
    CHECK(ws_find_private_number(s, strlen(s), &h));
    ws_mask_number(s, &h, out, sizeof out);
    CHECK_STR(out, "139****2468");
    s = "33042119881102648X";
    CHECK(ws_find_private_number(s, strlen(s), &h));
    ws_mask_number(s, &h, out, sizeof out);
    CHECK_STR(out, "330421********648X");
    s = "电话 +86 13819360527"; /* the country code is not the number's head */
    CHECK(ws_find_private_number(s, strlen(s), &h));
    ws_mask_number(s, &h, out, sizeof out);
    CHECK_STR(out, "+86 138****0527");
    s = "0086-139-5731-2468";
    CHECK(ws_find_private_number(s, strlen(s), &h));
    ws_mask_number(s, &h, out, sizeof out);
    CHECK_STR(out, "0086 139****2468");
    /* an O typed for a zero is masked as the digit it was read as (fuzz_public found the
       number shown whole in the message: the Os were not counted as digits) */
    s = "嘉善恒达3304211976O3142131";
    CHECK(ws_find_private_number(s, strlen(s), &h));
    ws_mask_number(s, &h, out, sizeof out);
    CHECK_STR(out, "330421********2131");
    s = "139o5731246";
    CHECK(ws_find_private_number(s, strlen(s), &h));
    ws_mask_number(s, &h, out, sizeof out);
    CHECK_STR(out, "139****1246");
}

static bool no_tangut(void *user, uint32_t cp, const char **lacking)
{
    (void)user;
    *lacking = NULL;
    return cp < 0x17000 || cp > 0x187FF;
}

/* 𠀾 is missing from 楷体 alone */
static bool kai_lacks(void *user, uint32_t cp, const char **lacking)
{
    (void)user;
    *lacking = cp == 0x2003E ? "楷体" : NULL;
    return cp != 0x2003E;
}

static ws_field_def FIELDS[] = {
    {.name = "姓名"}, {.name = "工作单位"}, {.name = "照片", .kind = WS_FIELD_PHOTO}};

TEST(printable)
{
    ws_program p = {.fields = FIELDS, .nfields = 3, .identity_field = 0};
    const char *v[3] = {"王䶮", "某公司\n车间", "photos/\x1b.jpg"};
    ws_record rec = {.values = v, .line = 2};
    ws_paper_problem pr;
    CHECK(ws_paper_printable(&p, &rec, no_tangut, NULL, &pr)); /* photo paths are not printed */
    const char *bad[][2] = {{"王\xf0\x97\x80\x80", "U+17000"}, {"顾\xe2\x80\xae喆", "文字方向"},
                            {"\xef\xbb\xbf王", "零宽"},        {"王\xe2\x80\x8b二", "零宽"},
                            {"主任\x1b[31m", "控制字符"},      {"李\xcc\x81四", "附加符号（U+0301）"},
                            {"王\xee\x84\xa3", "私用区"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v[0] = bad[i][0];
        CHECK(!ws_paper_printable(&p, &rec, no_tangut, NULL, &pr) && pr.field == 0 &&
              strstr(pr.msg, bad[i][1]));
    }
    CHECK(strstr(pr.msg, "没有任何已安装的字体包含") == NULL); /* the last was 私用区 */
    v[0] = "王\xf0\x97\x80\x80";
    CHECK(!ws_paper_printable(&p, &rec, no_tangut, NULL, &pr) &&
          strstr(pr.msg, "没有任何已安装的字体包含"));
    v[0] = "陈\xf0\xa0\x80\xbe"; /* 陈𠀾: the role that lacks it is named */
    CHECK(ws_paper_printable(&p, &rec, no_tangut, NULL, &pr));
    CHECK(!ws_paper_printable(&p, &rec, kai_lacks, NULL, &pr) && pr.field == 0 &&
          strstr(pr.msg,
                 "字符「\xf0\xa0\x80\xbe」（U+2003E）字体角色「楷体」的字体和 fallback 中都没有"));
}

TEST(public_fields)
{
    bool shown[3] = {true, false, false};
    ws_doc_def pub = {.name = "公示", .public_doc = true, .fields_shown = shown};
    ws_doc_def *docs[] = {&pub};
    ws_program p = {.fields = FIELDS, .nfields = 3, .docs = docs, .ndocs = 1};
    const char *v[3] = {"王二", "某公司（13957312468）", ""};
    ws_record rec = {.values = v};
    ws_paper_problem pr;
    CHECK(ws_paper_public_ok(&p, &rec, &pr)); /* 工作单位 is not on the public paper */
    shown[1] = true;
    CHECK(!ws_paper_public_ok(&p, &rec, &pr) && pr.field == 1 && pr.doc == &pub &&
          strstr(pr.msg, "手机号码（139****2468）") && strstr(pr.msg, "「公示」"));
    v[1] = "某公司 wangyan@163.com";
    CHECK(!ws_paper_public_ok(&p, &rec, &pr) && strstr(pr.msg, "电子邮箱（wa***@163.com）"));
    v[1] = "某公司（0573-82228815）";
    CHECK(!ws_paper_public_ok(&p, &rec, &pr) && strstr(pr.msg, "固定电话（0573-****8815）"));
    v[1] = "平湖市当湖街道胜利路288号";
    CHECK(!ws_paper_public_ok(&p, &rec, &pr) && strstr(pr.msg, "门牌地址（胜利路***号）"));
    pub.public_doc = false;
    CHECK(ws_paper_public_ok(&p, &rec, &pr));
}

int main(void)
{
    RUN(numbers_found);
    RUN(numbers_not_found);
    RUN(numbers_masked);
    RUN(contacts_found);
    RUN(contacts_not_found);
    RUN(printable);
    RUN(public_fields);
    return TH_DONE();
}
