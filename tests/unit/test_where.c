/* Unit tests: which records a document or a when: block is for
 * (ws_where_holds, ws_block_applies; template/docset.c). */
#include "harness.h"
#include "template/doc.h"

static const char *VALUES_PARTY[] = {"中共党员", "中共预备党员"};
static const char *VALUES_YES[] = {"是"};

/* fields: 0 政治面貌, 1 是否公职人员, 2 是否经营大户或创办企业, 3 备注 */
static ws_record rec(const char *party, const char *official, const char *business,
                     const char *note, const char **buf)
{
    buf[0] = party, buf[1] = official, buf[2] = business, buf[3] = note;
    return (ws_record){.values = buf};
}

static const ws_where_def PARTY_OR_OFFICIAL[] = {{0, VALUES_PARTY, 2}, {1, VALUES_YES, 1}};
static const ws_where_def BUSINESS[] = {{2, VALUES_YES, 1}};
static const ws_where_def NOTE_FILLED[] = {{3, NULL, 0}};

TEST(all_conditions_must_hold)
{
    const char *v[4];
    ws_record r = rec("中共党员", "否", " 是 ", "", v);
    CHECK(ws_where_holds(BUSINESS, 1, false, &r)); /* values compare trimmed */
    CHECK(!ws_where_holds(PARTY_OR_OFFICIAL, 2, false, &r));
    CHECK(ws_where_holds(NULL, 0, false, &r));
}

TEST(any_condition_is_enough)
{
    const char *v[4];
    ws_record party = rec("中共预备党员", "否", "否", "", v);
    CHECK(ws_where_holds(PARTY_OR_OFFICIAL, 2, true, &party));
    const char *w[4];
    ws_record official = rec("群众", "是", "否", "", w);
    CHECK(ws_where_holds(PARTY_OR_OFFICIAL, 2, true, &official));
    const char *x[4];
    ws_record neither = rec("群众", "否", "是", "", x);
    CHECK(!ws_where_holds(PARTY_OR_OFFICIAL, 2, true, &neither));
    CHECK(ws_where_holds(NULL, 0, true, &neither)); /* no where_any: no constraint */
}

TEST(star_means_filled)
{
    const char *v[4];
    ws_record blank = rec("群众", "否", "否", "　 ", v);
    CHECK(!ws_where_holds(NOTE_FILLED, 1, false, &blank));
    const char *w[4];
    ws_record filled = rec("群众", "否", "否", "见附件", w);
    CHECK(ws_where_holds(NOTE_FILLED, 1, false, &filled));
}

TEST(when_block_needs_both_parts_and_a_record)
{
    ws_block_def b = {.kind = WS_BLOCK_WHEN, .when = (ws_where_def *)BUSINESS, .nwhen = 1,
                      .when_any = (ws_where_def *)PARTY_OR_OFFICIAL, .nwhen_any = 2};
    const char *v[4];
    ws_record both = rec("中共党员", "否", "是", "", v);
    CHECK(ws_block_applies(&b, &both, 1));
    const char *w[4];
    ws_record business_only = rec("群众", "否", "是", "", w);
    CHECK(!ws_block_applies(&b, &business_only, 1));
    CHECK(!ws_block_applies(&b, NULL, 1));
}

/* min_groups/max_groups: a "一、" heading only when there is a 二、 (issue 12) */
TEST(when_block_counts_the_groups)
{
    const char *v[4];
    ws_record r = rec("群众", "否", "否", "", v);
    ws_block_def several = {.kind = WS_BLOCK_WHEN, .min_groups = 2};
    CHECK(!ws_block_applies(&several, &r, 1));
    CHECK(ws_block_applies(&several, &r, 2));
    CHECK(ws_block_applies(&several, &r, 3));
    ws_block_def single = {.kind = WS_BLOCK_WHEN, .max_groups = 1};
    CHECK(ws_block_applies(&single, &r, 1));
    CHECK(!ws_block_applies(&single, &r, 2));
    ws_block_def both = {
        .kind = WS_BLOCK_WHEN, .when = (ws_where_def *)BUSINESS, .nwhen = 1, .max_groups = 1};
    CHECK(!ws_block_applies(&both, &r, 1)); /* the record's condition still holds back */
}

int main(void)
{
    RUN(all_conditions_must_hold);
    RUN(any_condition_is_enough);
    RUN(star_means_filled);
    RUN(when_block_needs_both_parts_and_a_record);
    RUN(when_block_counts_the_groups);
    return TH_DONE();
}
