/* check/quotas.h - a program's recommending units and their quotas
 * (templates/<program>/quotas.csv: 附件1 推荐名额指导数 and the like).
 *
 * The file is a CSV (UTF-8 or GB18030, as input/sheet.h reads it) whose
 * header names a 推荐单位 column, optionally a 序号 column, and any number of
 * other columns: one per level (嘉兴首席工匠, 嘉兴巧匠) holding that level's
 * quota, or a single total (名额), or a unit category (类别: 县（区、市） /
 * 市直单位) that a rule maps to a cap. There is no 合计 row: totals are
 * computed by whoever prints them. The rules file says which columns mean
 * what (docs/rules.md, kind quota); the 名额表 document reads the same file.
 *
 * Everything lives in the arena passed to the loader. */
#ifndef WS_CHECK_QUOTAS_H
#define WS_CHECK_QUOTAS_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"

#define WS_QUOTA_UNIT_COLUMN "推荐单位"
#define WS_QUOTA_SEQ_COLUMN "序号"

typedef struct ws_quota_table {
    const char *path;
    size_t nunits;
    const char **units;   /* 推荐单位, in the file's order */
    const char **seq;     /* 序号 per unit, "" when the file has no such column */
    size_t *lines;        /* the file's row number per unit */
    size_t ncols;         /* other columns, in the file's order */
    const char **cols;    /* their headers */
    const char ***values; /* values[unit][col], trimmed text */
} ws_quota_table;

/* Reads a units file. WS_ERR_IO when unreadable; WS_ERR_TEMPLATE naming
 * file and row when the header has no 推荐单位 column, a unit is blank or
 * listed twice, or a row is a 合计/总计 line. */
ws_status ws_quota_table_load(const char *path, ws_arena *arena, ws_quota_table **out, ws_err *err);

/* Index of a unit (labels compared without spaces), or -1. */
int ws_quota_table_unit(const ws_quota_table *t, const char *unit);

/* Index of a column by header (compared without spaces or bracket width), or -1. */
int ws_quota_table_col(const ws_quota_table *t, const char *name);

/* The value of a cell as a count: a non-negative integer, or -1 when the
 * cell is blank or not a whole number. */
int ws_quota_table_count(const ws_quota_table *t, size_t unit, size_t col);

#endif
