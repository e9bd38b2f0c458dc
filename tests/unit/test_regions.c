/* Unit tests for check/regions: the division list (templates/_shared/
 * regions.tsv), codes of ID numbers, and how far down a 籍贯 goes.
 * Run from the repository root (the file is read by a relative path). */
#include "harness.h"

#include "check/regions.h"

#define REGIONS "templates/_shared/regions.tsv"

static ws_regions *reg;

#define CHECK_HAS(s, part)                                                                         \
    do {                                                                                           \
        const char *th_s = (s);                                                                    \
        if (!strstr(th_s, (part))) TH_FAIL("\"%s\" lacks \"%s\"", th_s, (part));                   \
    } while (0)

static ws_place_level place(const char *s)
{
    return ws_regions_place(reg, s, NULL);
}

/* Loads text and returns the error message ("" when it loaded). */
static const char *load_error(const char *text)
{
    static ws_err err;
    ws_regions *r = NULL;
    err = (ws_err){WS_OK, ""};
    ws_status st = ws_regions_load_text(text, strlen(text), "t.tsv", &r, &err);
    if (st == WS_OK)
        CHECK(r != NULL);
    else
        CHECK(r == NULL && st == WS_ERR_INPUT);
    ws_regions_destroy(r);
    return err.msg;
}

TEST(loads_shipped_file)
{
    ws_err err = {WS_OK, ""};
    CHECK_INT(ws_regions_load(REGIONS, &reg, &err), WS_OK);
    if (!reg) {
        fprintf(stderr, "  %s\n", err.msg);
        return;
    }
    CHECK(ws_regions_count(reg) > 6000); /* 1981-2024, abolished codes included */
}

TEST(codes_today_and_abolished)
{
    CHECK(ws_regions_code_known(reg, "330483"));  /* 桐乡市 */
    CHECK(ws_regions_code_known(reg, "330425"));  /* 桐乡县, 1983-1993 */
    CHECK(ws_regions_code_known(reg, "332125"));  /* 桐乡县 of 嘉兴地区, 1981-1983 */
    CHECK(ws_regions_code_known(reg, "110103"));  /* 崇文区, abolished 2010 */
    CHECK(ws_regions_code_known(reg, "330400"));  /* 嘉兴市 itself */
    CHECK(ws_regions_code_known(reg, "330401"));  /* 嘉兴市市辖区 */
    CHECK(ws_regions_code_known(reg, "110100"));  /* 北京市市辖区 */
    CHECK(ws_regions_code_known(reg, "810000"));  /* 港澳台居民居住证 */
    CHECK(ws_regions_code_known(reg, "830000"));
    CHECK(!ws_regions_code_known(reg, "990402")); /* no province 99 */
    CHECK(!ws_regions_code_known(reg, "330499")); /* no such county */
    CHECK(!ws_regions_code_known(reg, "123456"));
    CHECK(!ws_regions_code_known(reg, "000000"));
    CHECK(!ws_regions_code_known(reg, "33040"));
    CHECK(!ws_regions_code_known(reg, "33O402"));
    CHECK(!ws_regions_code_known(reg, ""));
}

TEST(places_that_reach_a_county)
{
    static const char *const ok[] = {
        "浙江桐乡", "浙江海宁", "浙江省海宁市", "海宁", "海宁市", "桐乡县", "嘉兴市南湖区",
        "嘉兴南湖", "浙江省嘉兴市桐乡市", "浙江 桐乡", "中国浙江桐乡", "海宁市斜桥镇",
        "北京市朝阳区", "北京朝阳", "朝阳区", "上海浦东", "湖北仙桃", "湖北省仙桃市",
        "广东东莞", "东莞市", "香港", "吉林省吉林市船营区", "江苏吴县", "吉林延吉",
        "内蒙古自治区鄂托克旗", "内蒙古鄂托克旗", "甘肃积石山", "新疆伊宁",
        "吉林德惠", "安徽巢湖市", "西藏江孜"}; /* today's meaning of a name that changed */
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        if (place(ok[i]) != WS_PLACE_COUNTY) fprintf(stderr, "  「%s」\n", ok[i]);
        CHECK_INT(place(ok[i]), WS_PLACE_COUNTY);
    }
}

TEST(places_above_a_county)
{
    static const char *const higher[] = {
        "浙江", "浙江省", "嘉兴", "嘉兴市", "浙江嘉兴", "浙江嘉兴市", "浙江省嘉兴市", "吉林",
        "吉林市", "吉林省吉林市", "辽宁朝阳", "辽宁省朝阳市", "上海", "北京市", "广西壮族自治区",
        "广西", "延边朝鲜族自治州", "吉林延边", "江西南昌"}; /* 南昌市 and 南昌县 */
    for (size_t i = 0; i < sizeof higher / sizeof *higher; i++) {
        size_t rest = 0;
        if (place(higher[i]) != WS_PLACE_HIGHER) fprintf(stderr, "  「%s」\n", higher[i]);
        CHECK_INT(ws_regions_place(reg, higher[i], &rest), WS_PLACE_HIGHER);
        CHECK_INT(rest, strlen(higher[i]));
    }
}

TEST(places_the_list_does_not_know)
{
    size_t rest = 99;
    CHECK_INT(ws_regions_place(reg, "美国加州", &rest), WS_PLACE_UNKNOWN);
    CHECK_INT(rest, 0);
    CHECK_INT(ws_regions_place(reg, "", &rest), WS_PLACE_UNKNOWN);
    const char *v = "浙江省嘉兴市经济技术开发区";
    CHECK_INT(ws_regions_place(reg, v, &rest), WS_PLACE_HIGHER);
    CHECK(!strcmp(v + rest, "经济技术开发区"));
    v = "浙江 嘉兴 某镇";
    CHECK_INT(ws_regions_place(reg, v, &rest), WS_PLACE_HIGHER);
    CHECK(!strcmp(v + rest, "某镇"));
    /* a county of another province is not read below the one before it */
    CHECK(place("浙江朝阳区") != WS_PLACE_COUNTY);
}

/* Where each division name of a place read from the start ends, for the
 * typesetter to keep 嘉善县 whole in a narrow 籍贯 cell. */
static const char *name_ends(const char *s)
{
    static char out[256];
    size_t ends[8];
    size_t n = ws_regions_names(reg, s, strlen(s), ends, 8), at = 0, from = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        at += (size_t)snprintf(out + at, sizeof out - at, "%s%.*s", k ? " / " : "",
                               (int)(ends[k] - from), s + from);
        from = ends[k];
    }
    return out;
}

TEST(names_of_a_place_and_where_they_end)
{
    CHECK_STR(name_ends("浙江省嘉善县"), "浙江省 / 嘉善县");
    CHECK_STR(name_ends("浙江省嘉兴市南湖区"), "浙江省 / 嘉兴市 / 南湖区");
    CHECK_STR(name_ends("江西省余干县"), "江西省 / 余干县");
    CHECK_STR(name_ends("浙江 桐乡"), "浙江 /  桐乡"); /* the space goes with what follows */
    CHECK_STR(name_ends("中国浙江桐乡"), "中国 / 浙江 / 桐乡");
    /* the name of a company goes on after its place; only the place is named */
    CHECK_STR(name_ends("嘉善恒达精密机械有限公司"), "嘉善");
    CHECK_STR(name_ends("浙江省嘉兴市经济技术开发区"), "浙江省 / 嘉兴市");
    CHECK_STR(name_ends("美国加州"), "");
    CHECK_STR(name_ends(""), "");
    /* at most max ends */
    size_t one[1];
    CHECK_INT(ws_regions_names(reg, "浙江省嘉善县", strlen("浙江省嘉善县"), one, 1), 1);
    CHECK_INT(one[0], strlen("浙江省"));
    /* a length shorter than the string: only what lies inside it */
    CHECK_INT(ws_regions_names(reg, "浙江省嘉善县", strlen("浙江省嘉"), one, 1), 1);
}

TEST(file_errors_name_the_line)
{
    CHECK(!strcmp(load_error("# c\n330000\t浙江省\t省\t浙江\t1981\t\n"), ""));
    CHECK(!strcmp(load_error("\xEF\xBB\xBF"
                             "330000\t浙江省\t省\t浙江\t1981\t\r\n"),
                  ""));
    CHECK_HAS(load_error("# c\n33000\t浙江省\t省\t浙江\t1981\t\n"), "t.tsv:2");
    CHECK_HAS(load_error("330000\t浙江省\t州\t浙江\t1981\t\n"), "级别");
    CHECK_HAS(load_error("330000\t浙江省\t省\t浙江\t一九八一\t\n"), "年份");
    CHECK_HAS(load_error("330000\t浙江省\n"), "t.tsv:1");
    CHECK_HAS(load_error("# nothing\n"), "没有");
}

TEST(missing_file)
{
    ws_regions *r = (ws_regions *)1;
    ws_err err = {WS_OK, ""};
    CHECK_INT(ws_regions_load("no/such/regions.tsv", &r, &err), WS_ERR_IO);
    CHECK(r == NULL);
    CHECK_HAS(err.msg, "no/such/regions.tsv");
}

int main(void)
{
    RUN(loads_shipped_file);
    if (!reg) return TH_DONE();
    RUN(codes_today_and_abolished);
    RUN(places_that_reach_a_county);
    RUN(places_above_a_county);
    RUN(places_the_list_does_not_know);
    RUN(names_of_a_place_and_where_they_end);
    RUN(file_errors_name_the_line);
    RUN(missing_file);
    ws_regions_destroy(reg);
    return TH_DONE();
}
