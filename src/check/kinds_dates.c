/* check/kinds_dates.c - rule kinds about dates and people's ages: idcard,
 * date, periods, age, tenure. See docs/rules.md.
 *
 * A year-month (出生年月 "1965.01") stands for a whole month. Against a
 * limit it gets the benefit of the doubt: "born on or after 1965-01-01" is
 * broken only when even the month's last day is earlier, "founded by
 * 2019-06-30" only when even its first day is later. Cut-off dates come
 * from the rules (the notice's own dates); only "not in the future"
 * compares with today (SOURCE_DATE_EPOCH, see ws_check_ctx). */
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "check/idcard.h"
#include "check/rules_impl.h"
#include "template/bind.h"

static finding_at at_field(size_t file, size_t record, int field)
{
    return (finding_at){file, record, field, -1, -1};
}

/* The first and last day a (possibly year-month) date stands for. */
static ws_date first_day(ws_date d)
{
    if (!d.month) d.month = 1; /* a year (format: year) */
    if (!d.day) d.day = 1;
    return d;
}

static ws_date last_day(ws_date d)
{
    if (!d.month) d.month = 12;
    if (!d.day) d.day = ws_date_days_in_month(d.year, d.month);
    return d;
}

/* A year alone, 2021 or 2021年 (full-width digits too): its value in *year. */
static bool parse_year(const char *v, int *year)
{
    size_t len;
    const char *s = ws_utf8_trim(v, strlen(v), &len);
    int y = 0, digits = 0;
    while (len > 0 && digits < 5) {
        size_t n;
        int32_t cp = ws_utf8_decode(s, len, &n);
        int d = cp >= '0' && cp <= '9' ? cp - '0' : cp >= 0xFF10 && cp <= 0xFF19 ? cp - 0xFF10 : -1;
        if (d < 0) break;
        y = y * 10 + d, digits++, s += n, len -= n;
    }
    if (len == 3 && !memcmp(s, "年", 3)) len = 0;
    if (digits != 4 || len != 0 || y < 1000) return false;
    *year = y;
    return true;
}

/* Style problems (1978-05 for 1978.05) are at most warnings. */
static ws_level style_level(const ws_rule *r)
{
    return r->level == WS_LEVEL_ERROR ? WS_LEVEL_WARNING : r->level;
}

/* Is s exactly YYYY.MM (or YYYY.MM.DD for a full date)? */
static bool is_dot_form(const char *s, bool full)
{
    size_t n = strlen(s), want = full ? 10 : 7;
    if (n != want) return false;
    for (size_t i = 0; i < n; i++) {
        bool dot = i == 4 || i == 7;
        if (dot ? s[i] != '.' : (s[i] < '0' || s[i] > '9')) return false;
    }
    return true;
}

/* Where s[0..len) holds a year and month 1 written "YYYY.1" (not "YYYY.1.5",
 * not part of a longer number): January, or YYYY.10 that a number cell cut
 * short. NULL when it holds none. */
static const char *year_dot_one(const char *s, size_t len)
{
    for (size_t i = 0; i + 6 <= len; i++) {
        if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
        bool year = true;
        for (size_t k = i; k < i + 4; k++)
            year = year && s[k] >= '0' && s[k] <= '9';
        if (!year || s[i + 4] != '.' || s[i + 5] != '1') continue;
        char next = i + 6 < len ? s[i + 6] : '\0';
        if ((next >= '0' && next <= '9') || next == '.') continue;
        return s + i;
    }
    return NULL;
}

/* Refuses a value holding "YYYY.1" (year_dot_one at 'y'), whatever the
 * rule's level: which month the clerk meant is not known, so no rule may
 * judge it, and printed as typed it would say January. */
static void refuse_month_one(check_run *run, const ws_rule *r, finding_at at, const char *v,
                             const char *y)
{
    char problem[320];
    snprintf(problem, sizeof problem,
             "是%.4s年1月还是10月？1月请写成“%.4s.01”，10月请写成“%.4s.10”"
             "（常规格式的单元格会把%.4s.10存成%.4s.1）",
             y, y, y, y, y);
    for (size_t i = 0; i < run->n; i++) { /* said once, not by every date rule of the field */
        const ws_finding *f = &run->items[i];
        if (f->file == at.file && f->record == at.record && f->field == at.field &&
            f->entry == at.entry && !strcmp(f->problem, problem))
            return;
    }
    ws_run_report_as(run, WS_LEVEL_ERROR, r->id, r->words, at, v, "%s", problem);
}

static const char *dot_text(check_run *run, ws_date d)
{
    char buf[WS_DATE_FORMAT_MAX];
    ws_date_format(d, "dot", buf, sizeof buf);
    const char *s = ws_arena_strdup(run->arena, buf);
    return s ? s : "";
}

/* --- idcard --------------------------------------------------------------------------- */

static void agree_birth(check_run *run, const ws_rule *r, size_t file, size_t record,
                        const ws_idcard *id)
{
    const char *v = ws_run_value(run, file, record, r->birth_field);
    ws_date d;
    ws_err e;
    if (!v[0] || ws_date_parse(v, strlen(v), &d, &e) != WS_OK) return;
    if (d.year == id->year && d.month == id->month && (!d.day || d.day == id->day)) return;
    ws_date born = {id->year, id->month, d.day ? id->day : 0};
    ws_run_report(run, r, at_field(file, record, r->birth_field), v,
                  "与身份证号不一致（身份证号中为%s）", ws_run_date_cn(run, born));
}

static void agree_sex(check_run *run, const ws_rule *r, size_t file, size_t record,
                      const ws_idcard *id)
{
    const char *v = ws_run_value(run, file, record, r->sex_field);
    bool male = !strcmp(v, "男"), female = !strcmp(v, "女");
    if ((!male && !female) || male == id->male) return;
    ws_run_report(run, r, at_field(file, record, r->sex_field), v,
                  "与身份证号不一致（身份证号第17位为%s数，应为%s）", id->male ? "奇" : "偶",
                  id->male ? "男" : "女");
}

void ws_check_idcard(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    const char *v = ws_run_value(run, file, record, r->fields[0]);
    if (!v[0]) return;
    ws_idcard id;
    ws_err e;
    if (ws_idcard_parse(v, &id, &e) != WS_OK) {
        ws_run_report(run, r, at_field(file, record, r->fields[0]), v, "%s", e.msg);
        return;
    }
    const ws_regions *regions = run->rules->regions;
    if (regions && !ws_regions_code_known(regions, id.area)) {
        ws_run_report(run, r, at_field(file, record, r->fields[0]), v,
                      "前6位「%s」不是行政区划代码（GB/T 2260，含已撤销的代码），请核对身份证号",
                      id.area);
        return;
    }
    if (r->birth_field >= 0) agree_birth(run, r, file, record, &id);
    if (r->sex_field >= 0) agree_sex(run, r, file, record, &id);
}

/* --- date ------------------------------------------------------------------------------ */

/* Parses a date value for rule r; reports and returns false when it is not one. */
static bool parse_for(check_run *run, const ws_rule *r, finding_at at, const char *v, ws_date *d)
{
    ws_err e;
    int year;
    if (r->form == DF_YEAR && parse_year(v, &year)) {
        *d = (ws_date){year, 0, 0};
        return true;
    }
    if (r->form == DF_YEAR) {
        if (ws_date_parse(v, strlen(v), d, &e) == WS_OK)
            ws_run_report(run, r, at, v, "只需填年份，如%04d", d->year);
        else
            ws_run_report(run, r, at, v, "不是年份（应为四位数的年份，如2021）");
        return false;
    }
    if (ws_date_parse(v, strlen(v), d, &e) != WS_OK) {
        ws_run_report(run, r, at, v, "不是有效的%s：%s", r->form == DF_YEARMONTH ? "年月" : "日期",
                      e.msg);
        return false;
    }
    if (r->form == DF_DATE && !d->day) {
        ws_run_report(run, r, at, v, "缺少日（应为完整日期，如2020.07.23）");
        return false;
    }
    return true;
}

static void check_style(check_run *run, const ws_rule *r, finding_at at, const char *v, ws_date d)
{
    if (!r->dot_style || r->form == DF_YEAR) return;
    bool full = r->form == DF_DATE || (r->form == DF_ANY && d.day);
    if (r->form == DF_YEARMONTH && d.day) {
        ws_run_report_as(run, style_level(r), r->id, r->words, at, v, "只需填年月，应写成“%s”",
                         dot_text(run, (ws_date){d.year, d.month, 0}));
        return;
    }
    if (is_dot_form(v, full)) return;
    ws_run_report_as(run, style_level(r), r->id, r->words, at, v, "应写成“%s”（用“.”分隔）",
                     dot_text(run, d));
}

/* not_future / not_before / not_after on a parsed value. */
static void check_limits(check_run *run, const ws_rule *r, finding_at at, const char *v, ws_date d)
{
    if (r->not_future && ws_date_compare(first_day(d), run->ctx->today) > 0)
        ws_run_report(run, r, at, v, "晚于今天（%s）", ws_run_date_cn(run, run->ctx->today));
    else if (r->has_not_before && ws_date_compare(last_day(d), r->not_before) < 0)
        ws_run_report(run, r, at, v, "早于%s", ws_run_date_cn(run, r->not_before));
    else if (r->has_not_after && ws_date_compare(first_day(d), r->not_after) > 0)
        ws_run_report(run, r, at, v, "晚于%s", ws_run_date_cn(run, r->not_after));
}

void ws_check_date(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        finding_at at = at_field(file, record, r->fields[i]);
        ws_date d;
        if (!v[0]) continue;
        const char *y = r->form != DF_YEAR ? year_dot_one(v, strlen(v)) : NULL;
        if (y) { /* January, or October cut short: say both, never guess */
            refuse_month_one(run, r, at, v, y);
            continue;
        }
        if (!parse_for(run, r, at, v, &d)) continue;
        check_style(run, r, at, v, d);
        check_limits(run, r, at, v, d);
    }
}

/* --- periods ------------------------------------------------------------------------------ */

static const char *const PERIOD_SEPS[] = {"——", "—", "－", "–", "-", "～", "~", "至", "到"};

static bool is_present(const char *s, size_t len, const char *const *present, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(present[i]) == len && !memcmp(s, present[i], len)) return true;
    return false;
}

bool ws_period_parse(const char *s, const char *const *present, size_t npresent, ws_date *start,
                     ws_date *end, char *why, size_t n)
{
    size_t len = strlen(s);
    ws_err e;
    for (size_t i = 1; i < len; i++) {
        for (size_t k = 0; k < sizeof PERIOD_SEPS / sizeof *PERIOD_SEPS; k++) {
            size_t sl = strlen(PERIOD_SEPS[k]);
            if (i + sl > len || memcmp(s + i, PERIOD_SEPS[k], sl)) continue;
            size_t al, bl;
            const char *a = ws_utf8_trim(s, i, &al),
                       *b = ws_utf8_trim(s + i + sl, len - i - sl, &bl);
            if (!al || !bl || ws_date_parse(a, al, start, &e) != WS_OK) continue;
            if (is_present(b, bl, present, npresent)) {
                *end = (ws_date){0, 0, 0};
                return true;
            }
            if (ws_date_parse(b, bl, end, &e) == WS_OK) return true;
        }
    }
    if (ws_date_parse(s, len, start, &e) == WS_OK)
        snprintf(why, n, "只有一个年月，应写起止两个年月，如2003.09-2016.01（至今的写“-至今”）");
    else
        snprintf(why, n, "不是“起-止”年月，应如2003.09-2016.01");
    return false;
}

/* Are both ends of a period in the 1960.01 form ("2003.09-2016.01",
 * "2016.02至今")? Any separator will do; the notice fixes only the dates. */
static bool period_style_ok(const char *s, const char *const *present, size_t np)
{
    size_t len = strlen(s);
    for (size_t i = 1; i < len; i++) {
        for (size_t k = 0; k < sizeof PERIOD_SEPS / sizeof *PERIOD_SEPS; k++) {
            size_t sl = strlen(PERIOD_SEPS[k]), al, bl;
            if (i + sl > len || memcmp(s + i, PERIOD_SEPS[k], sl)) continue;
            const char *a = ws_utf8_trim(s, i, &al),
                       *b = ws_utf8_trim(s + i + sl, len - i - sl, &bl);
            char x[64], y[64];
            snprintf(x, sizeof x, "%.*s", (int)al, a);
            snprintf(y, sizeof y, "%.*s", (int)bl, b);
            if (is_dot_form(x, false) && (is_dot_form(y, false) || is_present(b, bl, present, np)))
                return true;
        }
    }
    return false;
}

typedef struct period_state {
    check_run *run;
    const ws_rule *r;
    size_t file, record;
    int ups, downs; /* how many steps go forward / backward in time */
    bool order_reported;
    ws_date prev;
    bool have_prev;
} period_state;

static void one_period(period_state *ps, size_t k, const char *text)
{
    const ws_rule *r = ps->r;
    finding_at at = {ps->file, ps->record, r->fields[0], (int)k, r->column};
    ws_date a, b;
    char why[256];
    if (!text[0]) {
        ws_run_report(ps->run, r, at, "", "未填写");
        return;
    }
    const char *y = year_dot_one(text, strlen(text));
    if (y) {
        refuse_month_one(ps->run, r, at, text, y);
        return;
    }
    if (!ws_period_parse(text, r->values, r->nvalues, &a, &b, why, sizeof why)) {
        ws_run_report(ps->run, r, at, text, "%s", why);
        return;
    }
    const ws_date *today = &ps->run->ctx->today;
    if (b.year && ws_date_compare(first_day(a), last_day(b)) > 0)
        ws_run_report(ps->run, r, at, text, "开始年月晚于结束年月");
    else if (r->not_future && (ws_date_compare(first_day(a), *today) > 0 ||
                               (b.year && ws_date_compare(first_day(b), *today) > 0)))
        ws_run_report(ps->run, r, at, text, "晚于今天（%s）", ws_run_date_cn(ps->run, *today));
    else if (r->dot_style && !period_style_ok(text, r->values, r->nvalues))
        ws_run_report_as(ps->run, style_level(r), r->id, r->words, at, text, "应写成“%s-%s”的形式",
                         dot_text(ps->run, (ws_date){a.year, a.month, 0}),
                         b.year ? dot_text(ps->run, (ws_date){b.year, b.month, 0}) : "至今");
    if (ps->have_prev && !ps->order_reported) {
        int c = ws_date_compare(a, ps->prev);
        ps->ups += c > 0;
        ps->downs += c < 0;
        if (ps->ups && ps->downs) {
            ws_run_report_as(ps->run, style_level(r), r->id, r->words, at, text,
                             "各段经历未按时间顺序排列");
            ps->order_reported = true;
        }
    }
    ps->prev = a;
    ps->have_prev = true;
}

void ws_check_periods(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    const char *v = ws_run_value(run, file, record, r->fields[0]);
    if (!v[0]) return;
    ws_entry *entries;
    size_t n = ws_list_entries(v, run->arena, &entries);
    period_state ps = {run, r, file, record, 0, 0, false, {0, 0, 0}, false};
    for (size_t k = 0; k < n; k++) {
        const ws_entry *e = &entries[k];
        one_period(&ps, k, (size_t)r->column < e->n ? e->cols[r->column] : "");
    }
}

/* --- age ------------------------------------------------------------------------------------ */

/* The birth date from the first of r's fields that yields one. */
static int birth_of(check_run *run, const ws_rule *r, size_t file, size_t record, ws_date *out)
{
    const ws_field_def *fields = run->rules->program->fields;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        ws_err e;
        if (!v[0]) continue;
        if (fields[r->fields[i]].kind == WS_FIELD_IDCARD) {
            ws_idcard id;
            if (ws_idcard_parse(v, &id, &e) != WS_OK) continue;
            *out = (ws_date){id.year, id.month, id.day};
            return r->fields[i];
        }
        if (ws_date_parse(v, strlen(v), out, &e) == WS_OK) return r->fields[i];
    }
    return -1;
}

void ws_check_age(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    ws_date born;
    int f = birth_of(run, r, file, record, &born);
    if (f < 0) return;
    const char *v = ws_run_value(run, file, record, f);
    finding_at at = at_field(file, record, f);
    const char *when = ws_run_date_cn(run, born);
    int age = r->has_at ? ws_date_age_at(first_day(born), r->at) : 0;
    bool early = r->has_not_before && ws_date_compare(last_day(born), r->not_before) < 0;
    bool late = r->has_not_after && ws_date_compare(first_day(born), r->not_after) >= 0;
    bool old = r->has_max && age > r->max, young = r->has_min && age < r->min;
    if (r->flag) {
        if (!early && !late && !old && !young)
            ws_run_report(run, r, at, v, "%s出生，%s时%d周岁", when, ws_run_date_cn(run, r->at),
                          age);
        return;
    }
    if (early)
        ws_run_report(run, r, at, v, "%s出生，早于%s", when, ws_run_date_cn(run, r->not_before));
    else if (late)
        ws_run_report(run, r, at, v, "%s出生，应在%s之前出生", when,
                      ws_run_date_cn(run, r->not_after));
    else if (old || young)
        ws_run_report(run, r, at, v, "%s出生，%s时%d周岁，%s%g周岁", when,
                      ws_run_date_cn(run, r->at), age, old ? "超过" : "不满",
                      old ? r->max : r->min);
}

/* --- tenure ----------------------------------------------------------------------------------- */

void ws_check_tenure(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        ws_date d;
        ws_err e;
        if (!v[0] || ws_date_parse(v, strlen(v), &d, &e) != WS_OK) continue; /* date rules report */
        finding_at at = at_field(file, record, r->fields[i]);
        if (r->has_not_after) {
            if (ws_date_compare(first_day(d), r->not_after) > 0)
                ws_run_report(run, r, at, v, "%s开始，晚于%s", ws_run_date_cn(run, d),
                              ws_run_date_cn(run, r->not_after));
            continue;
        }
        int years = ws_date_age_at(first_day(d), r->at);
        if (years < r->min_years)
            ws_run_report(run, r, at, v, "%s开始，至%s%s，不足%g年", ws_run_date_cn(run, d),
                          ws_run_date_cn(run, r->at),
                          years < 0 ? "尚未开始" : ws_arena_printf(run->arena, "满%d年", years),
                          r->min_years);
    }
}
