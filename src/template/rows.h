/* template/rows.h - the instances of a table row definition.
 *
 * A row of a template table stands for one row, or one row per entry of a
 * list field (repeat_field, padded to min_rows with blank entries), per
 * record of the document's set (each: record; the current group's inside a
 * groups: block), per row of the quota table (each: quota) or per packet
 * part (each: part). The layout (layout/flow.c) and the workbook writer
 * (render/workbook_xlsx.c) both walk rows through this, so a row means the
 * same thing on paper and in a spreadsheet. */
#ifndef WS_TEMPLATE_ROWS_H
#define WS_TEMPLATE_ROWS_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "template/bind.h"
#include "template/doc.h"

/* Called once per instance with b->record, b->seq, b->item, scope->seq and
 * scope->row bound as the instance needs ({{FIELD}}, {{seq}}, {{item.COL}},
 * {{row}}: the instance's 1-based number; in a repeat: row {{seq}} is it too;
 * in a plain row numbered_after a repeated one, that row's count + 1). */
typedef ws_status (*ws_row_visit)(void *user, const ws_row_def *def, const ws_entry *item);

/* How many instances def has in b's context. */
size_t ws_row_instance_count(const ws_row_def *def, const ws_bound *b, ws_arena *arena);

/* Visits every instance in order; restores b's record, seq and item and
 * scope->seq and scope->row afterwards. Stops at the first status that is not WS_OK and
 * returns it (WS_ERR_NOMEM when the arena runs out). */
ws_status ws_row_instances(const ws_row_def *def, ws_bound *b, ws_tpl_scope *scope,
                           ws_arena *arena, ws_row_visit visit, void *user);

/* Called once per group of b->set with b->group, b->group_index and
 * b->record (the group's first record, what {{FIELD}} reads outside each:
 * rows) bound. */
typedef ws_status (*ws_group_visit)(void *user, const ws_group *g);

/* Visits the groups of a `groups:` block in order; restores b afterwards.
 * Stops at the first status that is not WS_OK and returns it. */
ws_status ws_groups_each(ws_bound *b, ws_group_visit visit, void *user);

#endif
