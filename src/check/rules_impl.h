/* check/rules_impl.h - the inside of a ws_rules, shared by the loader
 * (rules_load.c), the driver (rules.c) and the rule kinds (kinds_*.c,
 * quotas.c, media.c). Not for use outside src/check. */
#ifndef WS_CHECK_RULES_IMPL_H
#define WS_CHECK_RULES_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/date.h"
#include "check/quotas.h"
#include "check/regions.h"
#include "check/rules.h"

typedef enum rule_kind {
    RK_REQUIRED,
    RK_BLANK,
    RK_CHOICE,
    RK_IDCARD,
    RK_DATE,
    RK_PERIODS,
    RK_AGE,
    RK_TENURE,
    RK_LENGTH,
    RK_NUMBER,
    RK_PHONE,
    RK_EMAIL,
    RK_PLACE,
    RK_EXCLUDE,
    RK_CONTAINS,
    RK_UNIQUE,
    RK_QUOTA,
    RK_PHOTO,
    RK_FILES,
    RK_ANY,     /* at least one of several fields is filled (or has one of values) */
    RK_ENTRIES, /* kind: count — how many entries a list field has (成员 ≥ 5) */
    RK_PREFER,  /* 同等条件下优先: a note, and a mark for {{rule.ID}} */
    RK_COUNT
} rule_kind;

/* when: {field: value or [values]} — all pairs must hold. */
typedef struct rule_cond {
    int field;
    const char **values;
    size_t nvalues;
} rule_cond;

/* quota limits: — the places of a unit whose unit_attribute has 'value', in
 * one category of level_field (or in every category / in total: -1). */
typedef struct quota_limit {
    const char *value; /* the attribute's value (县市区), as a label */
    int category;      /* index into level_field's choices, -1 = each / the total */
    int min, max;      /* -1 when not given */
} quota_limit;

typedef enum date_form { DF_ANY = 0, DF_YEARMONTH, DF_DATE, DF_YEAR } date_form;

typedef struct ws_rule {
    const char *id;
    rule_kind kind;
    ws_level level;
    const char *words;    /* the notice's words, "" when none */
    const char *document; /* required: the document that needs the fields, may be NULL */
    const char *summary;  /* one line for the collection workbook */
    int line;             /* in rules.yaml */
    rule_cond *when;
    size_t nwhen;
    int *fields;
    size_t nfields;
    /* kind parameters; each kind uses a few (see rules_load.c) */
    const char **values; /* choice/exclude/contains values, phone allow, present words,
                          * photo formats, file extensions */
    size_t nvalues;
    bool has_min, has_max;
    double min, max; /* number, length, age (周岁) */
    bool count_han;  /* length: count Han characters only */
    date_form form;  /* date, periods */
    bool dot_style;  /* date, periods: the notice's 1960.01 form is expected */
    bool not_future;
    bool has_not_before, has_not_after, has_at;
    ws_date not_before, not_after, at; /* date; age born_on_or_after/born_before; tenure */
    double min_years;                  /* tenure */
    bool flag;                         /* age: report records that meet the condition */
    int column;                        /* periods: entry column (0-based) */
    int entry_column;                  /* column: — the rule checks this column of every entry
                                        * of its (one, list) field, -1 = the whole value */
    int birth_field, sex_field;        /* idcard: fields to agree with, -1 none */
    int within, across;                /* unique */
    bool require;                      /* photo: a photo must be given */
    double max_kb;
    int min_px[2], max_px[2];
    ws_quota_table *quota; /* quota */
    int unit_field, level_field;
    const char *cap_column, *category_column;
    const char **cat_names;
    int *cat_caps;
    size_t ncats;
    int max_per_unit; /* 0 = none */
    int attr_field;          /* unit_attribute: a record field, -1 */
    const char *attr_column; /* unit_attribute: a column of the units file (when not a field) */
    quota_limit *limits;     /* limits: per value of the attribute */
    size_t nlimits;
    ws_level unknown_level;
    bool unknown_ignore;
    const char *mark;                  /* prefer: what {{rule.ID}} prints (default 是) */
    const char **also_from, **also_to; /* choice: also_from[i] means also_to[i] (本科 = 大学本科) */
    size_t nalso;
} ws_rule;

/* The id of the rule that checks, as errors, the fields with choices: no
 * choice rule of rules.yaml checks (rules_load.c, add_implicit_choices). */
#define IMPLICIT_CHOICE_ID "选项（program.yaml）"

struct ws_rules {
    ws_arena *arena;
    const ws_program *program;
    const char *path; /* the rules file */
    const char *notice;
    ws_rule *rules;
    size_t n;
    ws_regions *regions; /* the division list, loaded when a place or idcard rule needs it */
};

/* The name of a kind in rules.yaml. */
const char *ws_rule_kind_name(rule_kind k);

/* --- evaluation ------------------------------------------------------------- */

/* Everything a kind needs to report, for one run of ws_rules_check. */
typedef struct check_run {
    const ws_rules *rules;
    const ws_records_file *const *files;
    size_t nfiles;
    const ws_check_ctx *ctx;
    ws_arena *arena;
    ws_finding *items;
    size_t n, cap;
    bool first_in_file; /* the record being checked is the rule's first in its file */
    bool nomem;
    /* a rule with column: runs once per entry; ws_run_value gives the entry's
     * column for entry_field, and findings on it name the entry */
    int entry_field, entry, entry_col; /* -1 when not inside an entry */
    const char *entry_value;
} check_run;

/* Where a finding points. */
typedef struct finding_at {
    size_t file;
    size_t record; /* WS_NO_RECORD: file-level */
    int field;     /* -1 none */
    int entry;     /* list entry, -1 none */
    int entry_col; /* column within the entry (for the message), -1 none */
} finding_at;

/* Adds a finding of rule 'r' (level, id and words from it) at 'at' with the
 * offending value and a printf-formatted problem. */
void ws_run_report(check_run *run, const ws_rule *r, finding_at at, const char *value,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Same with an explicit level and rule id (built-in findings). */
void ws_run_report_as(check_run *run, ws_level level, const char *rule, const char *words,
                      finding_at at, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* A finding about a row of a sheet that is not a record (extra sheets). */
void ws_run_report_row(check_run *run, size_t file, const ws_sheet *sheet, size_t row, int col,
                       ws_level level, const char *rule, const char *msg);

/* True when record 'rec' meets r's when: conditions. */
bool ws_rule_applies(const ws_rule *r, const ws_record *rec);

/* Per-record kinds (kinds_text.c, kinds_dates.c, media.c). */
void ws_kind_record(check_run *run, const ws_rule *r, size_t file, size_t record);

/* Kinds over all records (quotas.c): unique, quota. */
void ws_kind_all(check_run *run, const ws_rule *r);

/* The Chinese form of a date for messages: 2020年7月23日 / 1978年5月. */
const char *ws_run_date_cn(check_run *run, ws_date d);

/* "申报类别为甲级、是否公务员为是" — every when: condition of r, "" when none. */
const char *ws_rule_when_text(ws_arena *a, const ws_program *p, const ws_rule *r);

/* A field's value in a record (inside an entry run: the entry's column for
 * the rule's list field). */
const char *ws_run_value(const check_run *run, size_t file, size_t record, int field);

/* Per-kind entry points used by ws_kind_record. */
void ws_check_required(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_blank(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_choice(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_idcard(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_date(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_periods(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_age(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_tenure(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_length(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_number(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_phone(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_email(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_place(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_exclude(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_contains(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_photo(check_run *run, const ws_rule *r, size_t file, size_t record);
/* A photo field no photo rule covers for this record: what build would
 * refuse (path outside the folder, unreadable picture) is an error, a
 * missing file a warning (build prints the empty box). */
void ws_check_photo_builtin(check_run *run, size_t file, size_t record, int field);
void ws_check_files(check_run *run, const ws_rule *r, size_t file, size_t record);
/* Packets with max_pages: the pages their attachments alone will take
 * (media.c), a finding at the packet's level when that is over the limit. */
void ws_check_packet_pages(check_run *run);
void ws_check_any(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_entries(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_prefer(check_run *run, const ws_rule *r, size_t file, size_t record);
void ws_check_unique(check_run *run, const ws_rule *r);
void ws_check_quota(check_run *run, const ws_rule *r);
/* quota with unit_attribute: and limits: (quota_attr.c). */
void ws_check_quota_by_attribute(check_run *run, const ws_rule *r);

/* Value shape helpers, exposed for unit tests. */
bool ws_phone_is_mobile(const char *s);
bool ws_phone_is_fixed(const char *s);
bool ws_email_is_valid(const char *s);
/* What is wrong with the phone numbers of v (several may be separated by
 * ，,;；/、或): the first that is not a mobile (when 'mobile') or a landline
 * (when 'fixed') in *number and the problem, in Chinese; NULL when all are
 * (or v is empty). Records' phone rules and the units file share it. */
const char *ws_phone_problem(ws_arena *a, const char *v, bool mobile, bool fixed,
                             const char **number);
/* The problem with an e-mail address, in Chinese, or NULL (empty: NULL). */
const char *ws_email_problem(const char *v);
bool ws_place_is_county(const char *s);

/* Parses "2003.09-2016.01" / "2016.02-至今" into start and end (end.year = 0
 * for an open end). present: words accepted for an open end. Returns false
 * and a reason in why (n bytes) when it is not a period. */
bool ws_period_parse(const char *s, const char *const *present, size_t npresent, ws_date *start,
                     ws_date *end, char *why, size_t n);

#endif
