/* template/tpl.h - text templates: "{{姓名}}同志", "{{check 申报类别 嘉兴巧匠}}".
 *
 * A template string is compiled once when the program is loaded (every
 * name is checked then, so a misspelt field is a template error with
 * file:line, not a blank on paper) and expanded per record.
 *
 * Syntax inside {{ }}:
 *   NAME                 a record field (by its name in program.yaml)
 *   NAME|FILTER          a field through a filter (see ws_tpl_filter_names)
 *   check NAME OPTION    a vector check box: ticked when the field equals OPTION
 *   item.N / item.COL    column N (1-based) or COL of the current entry of a list field
 *   program.KEY          a text from program.yaml's texts: (also program.name …)
 *   unit.KEY             a column of the recommending unit's row in the units file
 *   var.KEY              a value the document kind computes (公示 dates, counts …)
 *   rule.ID              the mark of the prefer rule ID when the record meets it, else ""
 *                        (ids are checked against the rules file when it loads)
 *   page / pages         page number / page count (page headers and footers only)
 *   seq                  the record's position in its list (1, 2, 3 …); in a row
 *                        repeated over a list's entries, the entry's
 *   row                  the running number of a repeated row (repeat:, each:);
 *                        a template error anywhere else
 */
#ifndef WS_TEMPLATE_TPL_H
#define WS_TEMPLATE_TPL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"

typedef enum ws_part_kind {
    WS_PART_TEXT,
    WS_PART_FIELD,
    WS_PART_CHECK,
    WS_PART_ITEM,
    WS_PART_PROGRAM,
    WS_PART_UNIT,
    WS_PART_VAR,
    WS_PART_RULE, /* rule.ID: the mark of a prefer rule the record meets */
    WS_PART_PAGE,
    WS_PART_PAGES,
    WS_PART_SEQ,
    WS_PART_ROW
} ws_part_kind;

typedef enum ws_filter {
    WS_FILTER_NONE = 0,
    WS_FILTER_DATE_CN,      /* 2020年7月23日 */
    WS_FILTER_DATE_NUMERAL, /* 二〇二〇年七月二十三日 */
    WS_FILTER_DATE_DOT,     /* 2020.07.23 / 1978.05 */
    WS_FILTER_MASK_ID,      /* 330421********1234 */
    WS_FILTER_FIRST_LINE,   /* the first line only */
    WS_FILTER_UPPER,
    WS_FILTER_OR_SEQ,       /* the value, or the record's position when empty (序号) */
    WS_FILTER_PAD2,         /* 7 → 07 */
    WS_FILTER_PAD3,         /* 7 → 007 (证书编号) */
    WS_FILTER_CN_NUMBER,    /* 12 → 十二 (一、二、 headings) */
    WS_FILTER_COUNT         /* a list's entries (non-blank lines): 成员人数 */
} ws_filter;

typedef struct ws_part {
    ws_part_kind kind;
    const char *text; /* TEXT: the literal; CHECK: the option; PROGRAM/UNIT/VAR: the key */
    size_t len;
    int field;        /* FIELD, CHECK: field index; ITEM: column index (0-based) */
    ws_filter filter;
} ws_part;

typedef struct ws_tpl {
    const ws_part *parts;
    size_t n;
    const char *src;
    bool constant; /* no placeholders */
} ws_tpl;

/* What names a template may use; callbacks return -1 for unknown names. */
typedef struct ws_tpl_names {
    void *user;
    int (*field)(void *user, const char *name, size_t len);
    int (*item_column)(void *user, const char *name, size_t len); /* NULL: no item here */
    bool allow_page;                                              /* footers/headers */
    bool allow_row; /* a row repeated per entry / record / quota row / part: {{row}} */
} ws_tpl_names;

/* Compiles src. On an unknown name or bad syntax returns WS_ERR_TEMPLATE
 * with the reason in err (the caller prefixes file:line). */
ws_status ws_tpl_compile(const char *src, const ws_tpl_names *names, ws_arena *arena,
                         ws_tpl **out, ws_err *err);

/* Whether t prints a {{seq}} (also through or_seq). */
bool ws_tpl_uses_seq(const ws_tpl *t);

/* Values a template is expanded against. Any getter may be NULL. */
typedef struct ws_tpl_scope {
    void *user;
    const char *(*field)(void *user, int field);
    const char *(*item)(void *user, int column);
    const char *(*program)(void *user, const char *key, size_t len);
    const char *(*unit)(void *user, const char *key, size_t len);
    const char *(*var)(void *user, const char *key, size_t len);
    const char *(*rule)(void *user, const char *id, size_t len);
    int page, pages, seq;
    int row; /* the running number of a repeated row (template/rows.c sets it) */
} ws_tpl_scope;

/* Expands into the arena; NULL only on OOM. Unknown runtime values
 * (a unit column the file lacks) expand to "". */
char *ws_tpl_expand(const ws_tpl *t, const ws_tpl_scope *scope, ws_arena *arena);

/* Applies a filter to a value (also used by other stages). */
const char *ws_tpl_apply_filter(ws_filter f, const char *value, ws_arena *arena);

#endif
