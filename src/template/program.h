/* template/program.h - a selection program as data: its fields and documents.
 *
 * A program is one folder in templates/ (see docs/templates.md):
 * program.yaml names the program, its fields (the columns of the records)
 * and its documents, each described in its own YAML file (and, optionally,
 * its rules file for check/rules.h). Loading checks
 * everything a build will need (field names in every {{ }}, font roles,
 * table grids) and reports the first problem as file:line, so a template
 * error never surfaces halfway through a batch. No C code knows any
 * particular program.
 *
 * Everything is owned by the program's arena; ws_program_destroy frees it. */
#ifndef WS_TEMPLATE_PROGRAM_H
#define WS_TEMPLATE_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "template/tpl.h"

typedef enum ws_field_kind {
    WS_FIELD_TEXT = 0,
    WS_FIELD_CHOICE,    /* one of 'choices' */
    WS_FIELD_IDCARD,    /* 18-character resident ID number */
    WS_FIELD_DATE,      /* 2020-07-23 */
    WS_FIELD_YEARMONTH, /* 1978.05 */
    WS_FIELD_PHONE,
    WS_FIELD_EMAIL,
    WS_FIELD_NUMBER,
    WS_FIELD_LIST,      /* entries, one per line, columns split by | ｜ or tab */
    WS_FIELD_PHOTO,     /* an image path relative to the records file */
    WS_FIELD_FILES      /* ';'-separated paths (attachments) */
} ws_field_kind;

typedef struct ws_field_def {
    const char *name;      /* used in {{ }} and as the column header */
    const char **aliases;  /* other headers accepted for the column */
    size_t naliases;
    ws_field_kind kind;
    bool required;         /* the column must be present */
    const char **choices;
    size_t nchoices;
    const char **columns;  /* LIST: the entry's columns */
    size_t ncolumns;
    const char *hint;      /* 填表说明 for this field (shown in the collection workbook) */
    bool collected;        /* `collected: true`: read and checked, deliberately printed on no
                              paper (评审结果, eligibility facts); every other field is printed
                              somewhere (tests/e2e/fieldsprinted.py holds the shipped templates to it) */
    bool private_data;     /* `private: true` (addresses …): never in a public document;
                            * idcard, phone and email fields are private whatever this says */
    int line;              /* in program.yaml */
} ws_field_def;

typedef struct ws_text_def {
    const char *key;
    const char *value;
} ws_text_def;

struct ws_doc_def;

typedef struct ws_program {
    ws_arena *arena;
    const char *dir;       /* the template folder */
    const char *file;      /* its program.yaml */
    const char *id, *name, *issuer;
    int year;
    ws_text_def *texts;    /* program.KEY values */
    size_t ntexts;
    ws_field_def *fields;
    size_t nfields;
    struct ws_doc_def **docs;
    size_t ndocs;
    int file_field_order;  /* unused for now */
    const char *rules;     /* program.yaml's rules: file (check/rules.h), resolved against
                            * dir; NULL when the program declares no rules */
    int unit_field;        /* `unit_field:` (推荐单位): what scope-unit documents group by; -1 */
    int identity_field;    /* `identity:` the field that names a record in messages and
                            * bookmarks; default 姓名; -1 when the program has neither. For an
                            * identity template, its first field (the key, init's wording) */
    const struct ws_tpl *identity_tpl; /* `identity: "{{工作室名称}}（{{领办人}}）"`: how a
                            * record is named (ws_record_identity); NULL: the field alone */
    const ws_field_def *list_key; /* `list_key:` the field that ties list sheets to
                            * records (one of fields); NULL: the default (ws_program_key_field) */
    const char *quotas;    /* `quotas:` file (quotas.csv) resolved against dir, or NULL */
    const char **quota_cols; /* its header, read at load (item.COL names of quota rows) */
    size_t nquota_cols;
    bool *roles_named;     /* per font role of 'roles' at load (nroles): named by a `font:` of
                            * some document, or role 0, which page numbers, marks and the pages
                            * standing in for a missing attachment use unnamed. A record's text
                            * need print only in these (ws_glyph_cache_open). */
    size_t nroles;
} ws_program;

/* Loads templates/<program>/program.yaml and every document it lists.
 * 'roles' are the font role names (NULL-terminated, in the font catalog's
 * order) styles may name. WS_ERR_TEMPLATE with file:line. */
ws_status ws_program_load(const char *dir, const char *const *roles, ws_program **out,
                          ws_err *err);
void ws_program_destroy(ws_program *p); /* accepts NULL */

/* Index of a field by name or alias (spaces and full/half-width brackets
 * ignored), or -1. */
int ws_program_field(const ws_program *p, const char *name, size_t len);

/* The field that ties a list field's extra sheet (成员, 主要工作经历) to its
 * record: program.yaml's `list_key:`; else, for records that are people
 * (ws_program_records_people), the first idcard field (身份证号), else the
 * identity field; for other records (工作室) the identity field (工作室名称),
 * else the first idcard field; -1 when the program has none of these.
 * `init` writes it as the list sheet's first column, the join reads it. */
int ws_program_key_field(const ws_program *p);

/* True when a record is a person: the program names records by 姓名 (its
 * identity: is 姓名, or it has none and a 姓名 field). `init` and check's
 * words then speak of 人; otherwise of the identity's thing (工作室). */
bool ws_program_records_people(const ws_program *p);

/* What one record is, for sentences: "候选人" for people, else the
 * identity field's name without a trailing 名称/名字 (工作室名称 → 工作室),
 * else "记录". Written into out (n bytes). */
const char *ws_program_record_noun(const ws_program *p, char *out, size_t n);

/* True when document d is made in a build of stage (NULL: every stage): its
 * own stage is that one, or a packet of that stage binds it (as a part or as
 * its cover) and so lays it out again. */
bool ws_program_doc_in_stage(const ws_program *p, size_t d, const char *stage);

/* True when a field's values must never appear in a public document. */
bool ws_field_is_private(const ws_field_def *f);

/* A program text by key: texts: entries, plus name, issuer, year, id. */
const char *ws_program_text(const ws_program *p, const char *key, size_t len);

/* A header as the clerk typed it, reduced for matching: spaces removed,
 * （）【】： turned into ()[]:. Written into out. */
void ws_normalize_label(const char *s, size_t len, char *out, size_t n);

#endif
