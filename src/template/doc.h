/* template/doc.h - document definitions: page, styles, content blocks,
 * form grids. Loaded by program.c from a document's YAML file; read by the
 * layout stage. */
#ifndef WS_TEMPLATE_DOC_H
#define WS_TEMPLATE_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "template/docset.h"
#include "template/program.h"
#include "template/tpl.h"

typedef enum ws_doc_kind {
    WS_DOC_FORM,     /* a paged PDF: forms, letters, notices, certificates */
    WS_DOC_WORKBOOK, /* an XLSX workbook (汇总表, 名额表): template/workbook.h */
    WS_DOC_PACKET    /* PDFs of other documents bound into one (装订成册) */
} ws_doc_kind;

/* A kind: workbook document (汇总表, 名额表 as .xlsx): the same page, styles
 * and content as a form, written as worksheets (render/workbook_xlsx.h):
 * every groups: block makes one sheet per group, paragraphs are rows merged
 * across the table's columns, tables are cells with borders. The optional
 * `workbook:` section adds what only a spreadsheet has. */
typedef struct ws_workbook_def {
    ws_tpl *sheet;   /* a sheet's name (var.group inside groups), NULL: the group / document name */
    bool freeze;     /* freeze the panes below a table's header rows (default true) */
    bool fit_width;  /* print scaled to one page wide (default true) */
} ws_workbook_def;

/* WS_H_SIGNATURE: a 落款 block (GB/T 9704 §7.3.5): the last line (成文日期) four
 * characters in from the right, the lines before it (署名) centred over it. */
typedef enum ws_halign { WS_H_JUSTIFY, WS_H_LEFT, WS_H_CENTER, WS_H_RIGHT, WS_H_DISTRIBUTE,
                         WS_H_SIGNATURE } ws_halign;
typedef enum ws_valign { WS_V_MIDDLE = 0, WS_V_TOP, WS_V_BOTTOM } ws_valign;

typedef struct ws_style_def {
    const char *name;
    int role;            /* font role in the catalog */
    float size_pt;
    float leading;       /* line height / size */
    ws_halign align;
    ws_valign valign;
    float indent_em;
    float min_size_pt;   /* shrink-to-fit floor (single-line values) */
    float tracking_em;
} ws_style_def;

typedef struct ws_page_def {
    float width_mm, height_mm;
    float top_mm, right_mm, bottom_mm, left_mm;
    ws_tpl *footer;            /* may be NULL */
    const ws_style_def *footer_style;
    int footer_min_pages;      /* the footer only when the document has at least this many pages
                                  (2: a one-page letter carries no "— 1 —", GB/T 9704 §7.5) */
} ws_page_def;

enum { WS_BORDER_TOP = 1, WS_BORDER_RIGHT = 2, WS_BORDER_BOTTOM = 4, WS_BORDER_LEFT = 8,
       WS_BORDER_ALL = 15 };

typedef struct ws_cell_def {
    int col;                   /* first grid column (computed) */
    int colspan, rowspan;
    ws_tpl *text;              /* NULL for a photo cell */
    const ws_style_def *style;
    int photo_field;           /* >= 0: this cell shows that field's image */
    ws_tpl *placeholder;       /* text when there is no photo */
    ws_tpl **footer;           /* lines set at the bottom right (盖章, 年 月 日) */
    size_t nfooter;
    ws_tpl *continued;         /* label on a continuation page (主要贡献（续）) */
    unsigned borders;
    bool flows;                /* the cell whose text may continue on the next page */
    int line;
} ws_cell_def;

/* What a row repeats over (besides a list field's entries, repeat_field). */
typedef enum ws_row_each {
    WS_EACH_NONE = 0,
    WS_EACH_RECORD, /* each record of the document's set (of the current group inside a group block) */
    WS_EACH_QUOTA,  /* each row of the program's quota table: item.COL are its columns */
    WS_EACH_PART    /* each part of a packet (its cover's 目录): item.标题 / item.页码 / item.页数 */
} ws_row_each;

/* item.COL names of a packet part row. */
#define WS_PART_COLUMNS {"标题", "页码", "页数"}

typedef struct ws_row_def {
    ws_cell_def *cells;
    size_t ncells;
    float min_height_mm;       /* height: the row's height unless its content needs more */
    float shrink_mm;           /* shrink_to: a blank opinion row may give up height down to this
                                  (never below its content) so a form's last rows stay on the
                                  page before instead of standing alone (0: rigid) */
    bool split;                /* may continue on the next page */
    int repeat_field;          /* >= 0: one row per entry of that list field */
    int min_rows;              /* repeat: at least this many rows (blank ones) */
    ws_row_each each;
    bool header;               /* drawn again on top of every page the table continues on */
    const struct ws_row_def *numbered_after; /* a plain row right after a repeated one (the 合计
                                  row under the quota rows): its {{row}} numbers on from that
                                  row's last instance; NULL otherwise */
    int line;
} ws_row_def;

typedef struct ws_table_def {
    float *col_mm;             /* as written; scaled to the text width at layout */
    size_t ncols;
    ws_row_def *rows;
    size_t nrows;
    float border_pt;
    float pad_mm;
    bool keep_together;        /* a signature/opinion block: starts on a new page rather than
                                  being split, when it fits on one (flexible rows shrunk first) */
    bool keep_with_previous;   /* never starts a page alone: see ws_block_def */
} ws_table_def;

typedef enum ws_block_kind {
    WS_BLOCK_PARAGRAPH,
    WS_BLOCK_SPACER,
    WS_BLOCK_PAGE_BREAK,
    WS_BLOCK_TABLE,
    WS_BLOCK_GROUPS, /* its blocks, once per group of the document's set */
    WS_BLOCK_WHEN    /* its blocks, only for a record meeting when/when_any (征求意见表 pages) */
} ws_block_kind;

typedef struct ws_block_def {
    ws_block_kind kind;
    ws_tpl *text;
    const ws_style_def *style;
    float before_mm, after_mm; /* paragraph spacing */
    float height_mm;           /* spacer */
    ws_table_def *table;
    struct ws_block_def *blocks; /* WS_BLOCK_GROUPS, WS_BLOCK_WHEN */
    size_t nblocks;
    ws_where_def *when;          /* WS_BLOCK_WHEN: all of these hold … */
    size_t nwhen;
    ws_where_def *when_any;      /* … and, when given, one of these at least */
    size_t nwhen_any;
    int min_groups, max_groups; /* WS_BLOCK_WHEN: … and the document's records form at least /
                                   at most this many groups (group_by); 0: no bound. A "一、"
                                   heading only when there is a 二、 */
    bool keep_with_next;       /* paragraph: never the last thing on a page (headings) */
    bool keep_with_previous;   /* paragraph (a 落款): never on a page without the content before
                                  it (in the same list of blocks, no page_break between); when
                                  it would be, the end of that content goes over with it */
    int line;
} ws_block_def;

/* A date the document computes: var.NAME = 'from' plus 'working_days'
 * working days (check/calendar.h: weekends, holidays and 调休 days of
 * templates/_shared/holidays.tsv), or 'from' itself when 0. */
typedef struct ws_date_def {
    const char *name;
    ws_tpl *from;              /* expands to a date: 2020-07-24 */
    int working_days;
    int line;
} ws_date_def;

/* A packet part: another document's outputs, or files named by a field. */
typedef struct ws_part_def {
    const char *doc;           /* a document's name, or NULL */
    int files_field;           /* >= 0: the record's attachment files (PDF/JPEG/PNG) */
    bool per_record;           /* once per record of the unit, in order */
    bool required;             /* files part: the notice requires it; an empty value gets a
                                  "未提交" page in the packet and a warning line (exit 1) */
    bool keep_footer;          /* in a packet with page_numbers: keep the document's own page
                                  footer (by default the packet's number replaces it) */
    ws_tpl *title;             /* the 目录 line */
    int line;
} ws_part_def;

/* A packet's own page numbers, stamped on the bound pages (GB/T 9704: 4号
 * 宋体 "— 3 —", odd pages at the right, even at the left, one character in
 * from the edge of the type area, 7 mm below it). */
typedef struct ws_pagenum_def {
    ws_tpl *text;          /* "— {{page}} —" ({{page}}, {{pages}}) */
    bool outside;          /* odd pages right, even pages left; false: centred */
    ws_style_def style;    /* font role and size (align is set by 'outside') */
    float bottom_mm;       /* from the page's bottom edge up to the number's baseline area */
    float side_mm;         /* from the page's side edge in to the number (outside) */
    int from;              /* the first page numbered (1: the cover too) */
} ws_pagenum_def;

typedef struct ws_doc_def {
    const char *name;          /* 申报表 */
    const char *file;          /* the YAML it came from */
    ws_doc_kind kind;
    ws_tpl *output;            /* output path under the output folder */
    ws_tpl *title;             /* PDF title */
    const char *stage;         /* 申报 / 公示 / 表彰 (free text; `build --stage` picks), NULL = always */
    ws_select_def select;      /* scope, where, order, group_by */
    ws_tpl *combined;          /* scope record: also one PDF of all records (荣誉证书 合订本), or NULL */
    ws_workbook_def workbook;  /* WS_DOC_WORKBOOK */
    bool public_doc;           /* published (公示, 证书): no ID, phone, e-mail or address may appear */
    bool prints_seq;           /* the record's {{seq}} (证书编号) is in its text or file name */
    bool personal;             /* shows a private field (身份证号, 手机 …): `build --encrypt` encrypts it */
    bool *fields_shown;        /* per program field: printed by one of its templates ({{NAME}} in
                                * text, tables or the file name); NULL when it prints none */
    const char **unit_keys;    /* the {{unit.KEY}} columns it prints (checked against the units file) */
    size_t nunit_keys;
    const char **rule_keys;    /* the {{rule.ID}} it prints (checked when the rules load) */
    size_t nrule_keys;
    bool html;                 /* also an .html rendition beside the PDF (web publication) */
    const char *background;    /* full-page image under every page (template-relative), or NULL */
    ws_date_def *dates;
    size_t ndates;
    ws_part_def *parts;        /* WS_DOC_PACKET, in binding order */
    size_t nparts;
    const char *cover;         /* WS_DOC_PACKET: the cover document's name, or NULL */
    bool duplex;               /* WS_DOC_PACKET: blank page after odd-length parts */
    ws_pagenum_def *page_numbers; /* WS_DOC_PACKET: stamped page numbers, or NULL */
    float gutter_mm;           /* WS_DOC_PACKET, duplex: even pages moved toward the outer edge */
    int max_pages;             /* WS_DOC_PACKET: the notice's limit ("不超过50页"), 0 = none;
                                  going over is an error, or a warning with level: warning */
    bool max_pages_warning;
    const char *max_pages_words; /* WS_DOC_PACKET: the notice's words of that limit (`words:`,
                                  "每个工作室申报材料不超过50页"), "" when none: said after
                                  "——" in build's and check's messages, as a rule's words */
    ws_tpl *mark;              /* a line in the top margin of every page, at the right, also
                                  inside packets: what the paper is ("核对稿（正式表以系统打印为
                                  准）" on a look-alike of a form an online system prints), or NULL */
    ws_style_def mark_style;   /* 宋体 小五 */
    ws_page_def page;
    ws_style_def *styles;
    size_t nstyles;
    ws_block_def *blocks;
    size_t nblocks;
} ws_doc_def;

/* Whether a when: block shows for rec (NULL: never) in a document whose
 * records form ngroups groups (1 when it has no group_by). */
bool ws_block_applies(const ws_block_def *b, const ws_record *rec, size_t ngroups);

/* What going over packet d's page limit is, as build and check both say it
 * to the clerk: "超过通知规定的 50 页" (never the YAML key). Written into
 * out (n bytes); returns out. */
const char *ws_doc_page_limit_text(const ws_doc_def *d, char *out, size_t n);

/* Loads one document file into p (called by ws_program_load). Style
 * fonts are role names looked up in 'roles' (NULL-terminated); a style's
 * role is the index found there. */
ws_status ws_doc_load(ws_program *p, const char *path, const char *const *roles,
                      ws_doc_def **out, ws_err *err);

#endif
