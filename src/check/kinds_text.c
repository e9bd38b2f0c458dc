/* check/kinds_text.c - rule kinds about a value's presence, wording and
 * shape: required, blank, choice, length, number, phone, email, place,
 * exclude, contains. See docs/rules.md for what each accepts.
 *
 * Shapes are checked the way a clerk types them: spaces and dashes inside a
 * phone number are fine ("0573-8222 8815"), several numbers may share a
 * cell ("13800138000；0573-82228815"), and a full-width digit or ＠ is
 * named as such, since it looks right on screen and is still wrong. */
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "check/rules_impl.h"
#include "template/bind.h"

static finding_at at_field(size_t file, size_t record, int field)
{
    return (finding_at){file, record, field, -1, -1};
}

static const ws_field_def *fdef(const check_run *run, int field)
{
    return &run->rules->program->fields[field];
}

/* "（申报类别为嘉兴巧匠、是否公务员为是时必填）" for rules with when:, else "";
 * fmt has one %s for every condition together. */
static const char *when_note(check_run *run, const ws_rule *r, const char *fmt)
{
    if (!r->nwhen) return "";
    const char *s =
        ws_arena_printf(run->arena, fmt, ws_rule_when_text(run->arena, run->rules->program, r));
    return s ? s : "";
}

void ws_check_required(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    const ws_recordset *rs = run->files[file]->rs;
    for (size_t i = 0; i < r->nfields; i++) {
        int f = r->fields[i];
        const char *need = r->document ? ws_arena_printf(run->arena, "（%s需要）", r->document)
                                       : when_note(run, r, "（%s时必填）");
        if (rs->column_of_field[f] < 0) {
            if (run->first_in_file)
                ws_run_report(run, r, at_field(file, WS_NO_RECORD, f), "", "表中没有这一列%s",
                              need ? need : "");
            continue;
        }
        const ws_record *rec = &rs->records[record];
        if (!ws_run_value(run, file, record, f)[0] &&
            !(rec->withheld && rec->withheld[f])) /* a withheld value is reported by 读取 */
            ws_run_report(run, r, at_field(file, record, f), "", "未填写%s", need ? need : "");
    }
}

void ws_check_blank(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        if (v[0])
            ws_run_report(run, r, at_field(file, record, r->fields[i]), v, "此项应不填%s",
                          when_note(run, r, "（%s）"));
    }
}

static const char *join_list(check_run *run, const char *const *v, size_t n)
{
    ws_buf b = WS_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        ws_buf_printf(&b, "「%s」", v[i]);
    const char *s = b.failed ? "" : ws_arena_strdup(run->arena, b.p ? b.p : "");
    ws_buf_free(&b);
    return s ? s : "";
}

void ws_check_choice(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const ws_field_def *d = fdef(run, r->fields[i]);
        const char *const *vals = r->nvalues ? r->values : d->choices;
        size_t n = r->nvalues ? r->nvalues : d->nchoices;
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        if (!v[0]) continue;
        bool ok = false;
        for (size_t k = 0; k < n && !ok; k++)
            ok = !strcmp(v, vals[k]);
        for (size_t s = 0; s < r->nalso && !ok; s++) /* a synonym of one of this field's choices */
            for (size_t k = 0; k < n && !ok && !strcmp(v, r->also_from[s]); k++)
                ok = !strcmp(r->also_to[s], vals[k]);
        if (!ok)
            ws_run_report(run, r, at_field(file, record, r->fields[i]), v, "应为%s之一",
                          join_list(run, vals, n));
    }
}

void ws_check_length(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    const char *unit = r->count_han ? "个汉字" : "字";
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        if (!v[0]) continue;
        size_t len = strlen(v);
        size_t n = r->count_han ? ws_utf8_count_han(v, len) : ws_utf8_count_chars(v, len);
        finding_at at = at_field(file, record, r->fields[i]);
        if (r->has_max && (double)n > r->max)
            ws_run_report(run, r, at, v, "共%zu%s，超过%g%s", n, unit, r->max, unit);
        else if (r->has_min && (double)n < r->min)
            ws_run_report(run, r, at, v, "共%zu%s，少于%g%s", n, unit, r->min, unit);
    }
}

void ws_check_number(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        if (!v[0]) continue;
        char *end;
        double x = strtod(v, &end);
        finding_at at = at_field(file, record, r->fields[i]);
        if (end == v || *end)
            ws_run_report(run, r, at, v, "应为数字（半角阿拉伯数字）");
        else if (r->has_max && x > r->max)
            ws_run_report(run, r, at, v, "为%g，超过%g", x, r->max);
        else if (r->has_min && x < r->min)
            ws_run_report(run, r, at, v, "为%g，小于%g", x, r->min);
    }
}

/* --- phone and e-mail --------------------------------------------------------------- */

/* The digits of a number as typed, separators removed; false when anything
 * else is in it. */
static bool phone_digits(const char *s, char *out, size_t n)
{
    size_t o = 0, len = strlen(s), i = 0;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        i += k;
        if (cp >= '0' && cp <= '9') {
            if (o + 1 >= n) return false;
            out[o++] = (char)cp;
        } else if (!(cp == ' ' || cp == '-' || cp == '(' || cp == ')' || cp == 0x3000 ||
                     cp == 0xFF0D || cp == 0x2014 || cp == 0x2013 || cp == 0xFF08 || cp == 0xFF09 ||
                     (cp == '+' && o == 0))) {
            return false;
        }
    }
    out[o] = '\0';
    return o > 0;
}

bool ws_phone_is_mobile(const char *s)
{
    char d[32];
    if (!phone_digits(s, d, sizeof d)) return false;
    const char *p = d;
    if (!strncmp(p, "0086", 4))
        p += 4;
    else if (!strncmp(p, "86", 2) && strlen(p) == 13)
        p += 2;
    return strlen(p) == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9';
}

bool ws_phone_is_fixed(const char *s)
{
    char d[32];
    if (!phone_digits(s, d, sizeof d)) return false;
    size_t n = strlen(d);
    if (d[0] == '0') return n >= 10 && n <= 12 && d[1] != '0'; /* area code + 7-8 digits */
    return (n == 7 || n == 8) && d[0] >= '2';                  /* a local number */
}

static bool has_fullwidth_ascii(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t k;
        int32_t cp = ws_utf8_decode(s + i, len - i, &k);
        i += k;
        if (cp >= 0xFF01 && cp <= 0xFF5E) return true;
    }
    return false;
}

/* Splits a cell holding several numbers: ，,;；/、 or 或. */
static size_t split_numbers(ws_arena *a, const char *v, const char **out, size_t max)
{
    static const char *const seps[] = {"，", ",", "；", ";", "/", "、", "或", "／"};
    size_t n = 0;
    const char *s = v;
    while (*s && n < max) {
        const char *best = NULL;
        size_t blen = 0;
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
            const char *p = strstr(s, seps[k]);
            if (p && (!best || p < best)) best = p, blen = strlen(seps[k]);
        }
        size_t len = best ? (size_t)(best - s) : strlen(s), tl;
        const char *t = ws_utf8_trim(s, len, &tl);
        if (tl && !(out[n] = ws_arena_strndup(a, t, tl))) return n;
        n += tl > 0;
        s += len + blen;
        if (!best) break;
    }
    return n;
}

const char *ws_phone_problem(ws_arena *a, const char *v, bool mobile, bool fixed,
                             const char **number)
{
    const char *nums[8];
    size_t n = v[0] ? split_numbers(a, v, nums, 8) : 0;
    for (size_t k = 0; k < n; k++) {
        if ((mobile && ws_phone_is_mobile(nums[k])) || (fixed && ws_phone_is_fixed(nums[k])))
            continue;
        *number = nums[k];
        const char *what = mobile && !fixed ? "不是11位手机号码"
                           : fixed && !mobile ? "不是有效的固定电话号码（区号-号码）"
                                              : "不是有效的手机号码或固定电话（区号-号码）";
        return ws_arena_printf(a, "%s%s", what,
                               has_fullwidth_ascii(nums[k]) ? "：含全角数字或符号" : "");
    }
    return NULL;
}

void ws_check_phone(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    bool mobile = false, fixed = false;
    for (size_t k = 0; k < r->nvalues; k++) {
        mobile |= !strcmp(r->values[k], "mobile");
        fixed |= !strcmp(r->values[k], "fixed");
    }
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]), *number = NULL;
        const char *why = ws_phone_problem(run->arena, v, mobile, fixed, &number);
        if (why) ws_run_report(run, r, at_field(file, record, r->fields[i]), number, "%s", why);
    }
}

static bool email_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("._%+-", c);
}

static bool domain_ok(const char *d)
{
    size_t labels = 0, len = 0, last_letters = 0;
    bool letters_only = true;
    for (const char *c = d;; c++) {
        if (*c == '.' || !*c) {
            if (len == 0 || c[-1] == '-') return false;
            labels++;
            last_letters = letters_only ? len : 0;
            if (!*c) break;
            len = 0;
            letters_only = true;
            continue;
        }
        bool alpha = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z');
        if (!alpha && !(*c >= '0' && *c <= '9') && !(*c == '-' && len > 0)) return false;
        letters_only &= alpha;
        len++;
    }
    return labels >= 2 && last_letters >= 2;
}

bool ws_email_is_valid(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !at[1]) return false;
    if (s[0] == '.' || at[-1] == '.') return false;
    for (const char *c = s; c < at; c++)
        if (!email_char(*c) || (c[0] == '.' && c[1] == '.')) return false;
    return domain_ok(at + 1);
}

const char *ws_email_problem(const char *v)
{
    if (!v[0] || ws_email_is_valid(v)) return NULL;
    return has_fullwidth_ascii(v) ? "电子邮箱格式不正确：含全角字符（如＠、．）"
                                  : "电子邮箱格式不正确（应如 name@example.com）";
}

void ws_check_email(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        const char *why = ws_email_problem(v);
        if (why) ws_run_report(run, r, at_field(file, record, r->fields[i]), v, "%s", why);
    }
}

/* --- place of origin --------------------------------------------------------------------- */

static const char *const PROVINCES[] = {"北京", "天津",   "上海", "重庆", "河北", "山西", "辽宁",
                                        "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
                                        "山东", "河南",   "湖北", "湖南", "广东", "海南", "四川",
                                        "贵州", "云南",   "陕西", "甘肃", "青海", "台湾", "内蒙古",
                                        "广西", "西藏",   "宁夏", "新疆", "香港", "澳门"};

static bool starts_with_province(const char *s)
{
    for (size_t i = 0; i < sizeof PROVINCES / sizeof *PROVINCES; i++)
        if (!strncmp(s, PROVINCES[i], strlen(PROVINCES[i]))) return true;
    return false;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && !memcmp(s + len - n, suffix, n);
}

/* Is there a county-level unit (县, 旗, a 区 that is not 自治区/地区, or a
 * 市 below a province or city) ending at byte 'end' of s? */
static bool county_at(const char *s, size_t end, bool higher_before)
{
    if (ends_with(s, end, "县") || ends_with(s, end, "旗")) return true;
    if (ends_with(s, end, "区")) return !ends_with(s, end, "自治区") && !ends_with(s, end, "地区");
    return ends_with(s, end, "市") && higher_before;
}

/* By suffix alone; higher_before: a province or city comes before v. */
static bool county_by_suffix(const char *v, bool higher_before)
{
    char s[512];
    size_t n = 0, len = strlen(v);
    for (size_t i = 0; i < len && n + 4 < sizeof s;) { /* without spaces */
        size_t k;
        int32_t cp = ws_utf8_decode(v + i, len - i, &k);
        if (cp >= 0 && !ws_is_space((uint32_t)cp)) memcpy(s + n, v + i, k), n += k;
        i += k;
    }
    s[n] = '\0';
    bool higher = higher_before || starts_with_province(s);
    for (size_t i = 0; i < n;) {
        size_t k;
        ws_utf8_decode(s + i, n - i, &k);
        i += k;
        if (county_at(s, i, higher)) return true;
        if (ends_with(s, i, "省") || ends_with(s, i, "市") || ends_with(s, i, "州") ||
            ends_with(s, i, "盟") || ends_with(s, i, "自治区") || ends_with(s, i, "地区"))
            higher = true;
    }
    return false;
}

bool ws_place_is_county(const char *v)
{
    return county_by_suffix(v, false);
}

/* With the division list: a name it knows decides (浙江桐乡 is a county,
 * 浙江嘉兴市 a prefecture); what it does not know (a development zone, a
 * place abroad) is judged by its suffix as before. */
static bool place_ok(const ws_regions *regions, const char *v)
{
    size_t rest = 0;
    ws_place_level lv = regions ? ws_regions_place(regions, v, &rest) : WS_PLACE_UNKNOWN;
    if (lv == WS_PLACE_COUNTY) return true;
    if (lv == WS_PLACE_UNKNOWN) return ws_place_is_county(v);
    return v[rest] && county_by_suffix(v + rest, true);
}

void ws_check_place(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        if (v[0] && !place_ok(run->rules->regions, v))
            ws_run_report(run, r, at_field(file, record, r->fields[i]), v,
                          "未填到县（区）一级（应如“某某市某某区”“某某省某某县”）");
    }
}

/* --- declarations ------------------------------------------------------------------------ */

void ws_check_exclude(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        for (size_t k = 0; k < r->nvalues; k++) {
            if (strcmp(v, r->values[k])) continue;
            ws_run_report(run, r, at_field(file, record, r->fields[i]), v,
                          "填为「%s」，不符合申报条件", v);
            break;
        }
    }
}

void ws_check_contains(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        if (!v[0]) continue;
        bool found = false;
        for (size_t k = 0; k < r->nvalues && !found; k++)
            found = strstr(v, r->values[k]) != NULL;
        if (!found)
            ws_run_report(run, r, at_field(file, record, r->fields[i]), v, "未写明%s中的任何一项",
                          join_list(run, r->values, r->nvalues));
    }
}

/* any: "具备以下条件之一" — at least one of the fields is filled (with values:
 * holds one of them). A file without any of the columns is left to required. */
/* The first of r's fields that is filled (with values: holds one of them),
 * or -1; *present: the first of them the file has a column for, or -1. */
static int first_filled(check_run *run, const ws_rule *r, size_t file, size_t record, int *present)
{
    const ws_recordset *rs = run->files[file]->rs;
    *present = -1;
    for (size_t i = 0; i < r->nfields; i++) {
        if (rs->column_of_field[r->fields[i]] < 0) continue;
        if (*present < 0) *present = r->fields[i];
        const char *v = ws_run_value(run, file, record, r->fields[i]);
        if (!r->nvalues && v[0]) return r->fields[i];
        for (size_t k = 0; k < r->nvalues; k++)
            if (!strcmp(v, r->values[k])) return r->fields[i];
    }
    return -1;
}

void ws_check_prefer(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    int present, f = first_filled(run, r, file, record, &present);
    if (f >= 0)
        ws_run_report(run, r, at_field(file, record, f), ws_run_value(run, file, record, f),
                      "同等条件下优先");
}

void ws_check_any(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    int first;
    if (first_filled(run, r, file, record, &first) >= 0 || first < 0) return;
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < r->nfields && n < 64; i++)
        names[n++] = fdef(run, r->fields[i])->name;
    if (r->nvalues)
        ws_run_report(run, r, at_field(file, record, first), ws_run_value(run, file, record, first),
                      "%s中至少应有一项为%s", join_list(run, names, n),
                      join_list(run, r->values, r->nvalues));
    else
        ws_run_report(run, r, at_field(file, record, first), "", "%s中至少应填写一项",
                      join_list(run, names, n));
}

/* count: the number of entries of a list field (blank lines are no entry). */
void ws_check_entries(check_run *run, const ws_rule *r, size_t file, size_t record)
{
    for (size_t i = 0; i < r->nfields; i++) {
        ws_entry *entries;
        double n = (double)ws_list_entries(ws_run_value(run, file, record, r->fields[i]),
                                           run->arena, &entries);
        finding_at at = at_field(file, record, r->fields[i]);
        if (r->has_min && n < r->min)
            ws_run_report(run, r, at, "", "共%g条，应不少于%g条", n, r->min);
        else if (r->has_max && n > r->max)
            ws_run_report(run, r, at, "", "共%g条，应不超过%g条", n, r->max);
    }
}
