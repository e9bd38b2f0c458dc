/* template/docset.h - which records a document shows, and in what order.
 *
 * A document has a scope (doc YAML key `scope:`):
 *   record   one output per record (申报表, 荣誉证书)               - the default
 *   unit     one output per recommending unit (汇总表, 推荐函, 装订册); the
 *            unit is the value of the program's unit field (program.yaml
 *            `unit_field:`, 推荐单位), its details a row of the units file
 *   program  one output for the whole batch (公示, 名额表, all-units 汇总表)
 * and, optionally, a filter (`where:`), an order (`order:`) and a grouping
 * (`group_by:`), e.g. for the 公示:
 *   where: {评审结果: [拟入选嘉兴首席工匠, 拟入选嘉兴巧匠]}
 *   where_any: {政治面貌: [中共党员], 是否公务员: [是]}   # one of these at least
 *   order: strokes 姓名        # 姓氏笔画 (check/strokes.h); or a field name; or input
 *   group_by: 申报类别          # groups in the field's choices order
 *
 * A ws_doc_set is one instance of a document: the records it covers, in
 * order, with their groups, plus the unit's row and the values the
 * document kind computes (var.KEY in templates). Built by the caller (cli)
 * before layout or rendering; everything borrowed or in the caller's arena. */
#ifndef WS_TEMPLATE_DOCSET_H
#define WS_TEMPLATE_DOCSET_H

#include <stdbool.h>
#include <stddef.h>

#include "template/bind.h"
#include "template/program.h"

typedef enum ws_doc_scope { WS_SCOPE_RECORD = 0, WS_SCOPE_UNIT, WS_SCOPE_PROGRAM } ws_doc_scope;

typedef enum ws_order_kind {
    WS_ORDER_INPUT = 0, /* as the records file has them */
    WS_ORDER_FIELD,     /* by a field's text (then input order) */
    WS_ORDER_STROKES    /* by 姓氏笔画 of a name field (then input order) */
} ws_order_kind;

/* One condition: the field's value is one of 'values' (n > 0), or is
 * non-empty (n == 0). Conditions of a `where:` all hold (AND). */
typedef struct ws_where_def {
    int field;
    const char **values;
    size_t n;
} ws_where_def;

typedef struct ws_select_def {
    ws_doc_scope scope;
    ws_where_def *where;       /* all of these hold (AND) … */
    size_t nwhere;
    ws_where_def *where_any;   /* … and, when given, at least one of these (OR): `where_any:` */
    size_t nwhere_any;
    ws_order_kind order;
    int order_field;  /* -1 with WS_ORDER_INPUT */
    int group_field;  /* -1: no groups */
    bool empty_groups; /* `empty_groups: true`: a group for every declared choice of the group
                          field, those nobody is in too (a 汇总表 sheet "0 人") */
} ws_select_def;

/* A run of consecutive records in a doc set sharing the group field's value. */
typedef struct ws_group {
    const char *value; /* 嘉兴首席工匠 */
    size_t first, n;   /* indexes into ws_doc_set.records */
    const ws_record *blank; /* n == 0 (empty_groups): what the group's own text reads - a
                               record holding only the unit and the group value, so no other
                               group's record shows in it */
} ws_group;

/* A small table from the template folder (quotas.csv: 推荐名额指导数), as
 * text: rows[i][j] is row i's value in column cols[j]. */
typedef struct ws_data_table {
    const char *const *cols;
    size_t ncols;
    const char *const *const *rows;
    size_t nrows;
} ws_data_table;

typedef struct ws_doc_set {
    const ws_program *program;
    const ws_recordset *rs;
    const ws_record **records; /* filtered, ordered, grouped */
    size_t n;
    ws_group *groups;          /* one group holding everything when not grouped */
    size_t ngroups;
    const char *unit;          /* scope unit: the unit's name; NULL otherwise (a record
                                  packet: its record's unit) */
    int seq;                   /* a scope-record packet: its record's place in the packet's
                                  order (1-based, per group), its {{seq}}; 0 otherwise */
    const char *const *unit_keys, *const *unit_values; /* its units-file row; NULL when none */
    size_t nunit;
    const char *const *var_keys, *const *var_values;   /* var.KEY values */
    size_t nvars;
    const ws_data_table *quotas;                       /* the program's quota table, or NULL */
    const ws_data_table *parts;                        /* a packet cover: 标题, 页码, 页数 per part */
} ws_doc_set;

/* Whether the value, trimmed, is exactly want. */
bool ws_value_is(const char *value, const char *want);

/* Whether rec meets conditions w[0..n): all of them, or (any) at least one;
 * n == 0 holds. Values compare with the record's value trimmed. */
bool ws_where_holds(const ws_where_def *w, size_t n, bool any, const ws_record *rec);

/* The value of var.KEY among the set's own values, or NULL. */
const char *ws_doc_set_var(const ws_doc_set *s, const char *key, size_t len);

/* The total of a column of a data table (blank cells count 0), or -1 when
 * there is no such column or a cell is not a whole number. Column names
 * compare as ws_normalize_label does. */
long ws_data_table_sum(const ws_data_table *t, const char *col, size_t len);

/* Index of a column by name, or -1. */
int ws_data_table_col(const ws_data_table *t, const char *col, size_t len);

#endif
