/* input/sheet.h - a grid of text cells as read from a CSV or XLSX file.
 *
 * Readers turn bytes into a ws_sheet: every cell is NUL-terminated UTF-8
 * ("" when empty), row 0 is the header row. The sheet remembers the row number
 * the spreadsheet shows for each row (header = 1) so that every message can
 * say 第N行 exactly as the clerk sees it in Excel/WPS.
 *
 * A problem confined to one row (invalid bytes, a number that lost digits)
 * does not fail the read: it is attached to that row as a note and the
 * records stage reports it against the record. A problem with the whole file
 * (unreadable, not CSV/XLSX, no header) fails the read.
 *
 * All memory comes from the arena passed to the reader. */
#ifndef WS_INPUT_SHEET_H
#define WS_INPUT_SHEET_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"

/* WARNING: kept, worth a look; ERROR: the row (or cell) cannot be used;
 * INFO: a fact about how the file was read (which header row was used). */
typedef enum ws_note_level { WS_NOTE_WARNING, WS_NOTE_ERROR, WS_NOTE_INFO } ws_note_level;

/* Something a reader noticed about one cell (col >= 0) or a whole row (col < 0). */
typedef struct ws_cell_note {
    size_t row;        /* index into cells[] */
    int col;           /* column index, or -1 for the row */
    ws_note_level level;
    const char *msg;   /* Chinese, for the clerk, without file/row prefix */
    struct ws_cell_note *next;
} ws_cell_note;

typedef struct ws_sheet {
    const char *path;      /* the file, for messages */
    const char *name;      /* sheet name (XLSX), NULL for CSV */
    const char *encoding;  /* how the bytes were read: "UTF-8", "UTF-8 (BOM)", "GB18030", "XLSX" */
    size_t nrows;          /* including the header row */
    size_t ncols;          /* the header's column count */
    const char ***cells;   /* cells[row][col] for col < ncols; never NULL */
    size_t *row_ncols;     /* how many cells the source row really had (ragged rows) */
    size_t *line;          /* spreadsheet row number shown to people (header = 1) */
    ws_cell_note *notes;   /* in row order */
    /* XLSX read with a ws_header_hint: how many header cells are expected
     * labels, and the first and last spreadsheet rows looked at for the
     * header (0 when not looked for). Rows above the header are dropped. */
    size_t header_labels;
    size_t looked_first, looked_last;
    bool hidden; /* XLSX: hidden in Excel (state hidden or veryHidden): never read as data */
} ws_sheet;

/* How a reader finds the header row under a title or instructions rows:
 * is_label(user, text) says whether a cell's text is an expected column
 * label; the first max_rows non-empty rows are looked at. */
typedef struct ws_header_hint {
    int (*is_label)(void *user, const char *text);
    void *user;
    size_t max_rows;
} ws_header_hint;

/* What a clerk is told about an OpenDocument file (.ods), whatever its name. */
#define WS_MSG_OPENDOCUMENT "这是 OpenDocument 文件（如 .ods），请在 Excel/WPS 中另存为 .xlsx"

/* Reads a CSV file (RFC 4180: quotes, embedded newlines). The encoding is
 * detected: UTF-8 with or without BOM, else GB18030 (as Excel/WPS save it);
 * sheet->encoding says which. Completely blank rows are skipped (but line
 * numbers stay those of the file). An OpenDocument file (by its name or its
 * ZIP's mimetype entry) and any other ZIP (an xlsx misnamed) are refused
 * with what they are. A cell ="…" becomes the text Excel shows
 * ("" inside is one quote); any other data cell starting with "=" and more
 * is a formula: a WS_NOTE_ERROR on the cell. */
ws_status ws_csv_read(const char *path, ws_arena *arena, ws_sheet **out, ws_err *err);

/* Same from memory; 'label' names the source in messages. */
ws_status ws_csv_parse(const char *data, size_t len, const char *label, ws_arena *arena,
                       ws_sheet **out, ws_err *err);

/* A workbook's sheets as read by ws_xlsx_read. */
typedef struct ws_book {
    size_t nsheets;
    ws_sheet **sheets; /* in workbook order */
} ws_book;

/* Reads every sheet of an .xlsx file (shared strings, inline strings,
 * numbers, booleans, dates by their number format). Numbers are written the
 * way Excel shows them, never 1.1e17; a format with fixed decimals is
 * honoured (2018.1 in a 0.00 cell reads "2018.10"). Dates become "YYYY.MM"
 * when the format shows the year and month but no day, "YYYY-MM-DD" when it
 * shows all three; a format showing less (yyyy, m月d日) is an error on the
 * cell, never completed from the number behind it. The first non-empty row
 * of each sheet is its header.
 *
 * A value that is not what the clerk typed gets a WS_NOTE_ERROR on its cell
 * (the records stage withholds it): an integer of 16 or more digits (Excel
 * keeps 15 significant digits: an 18-digit ID typed as a number has lost its
 * last digits), a year.month General number that reads two ways (2018.1 is
 * 2018.01 or 2018.10), a formula's error value (#DIV/0!, #N/A, #REF!), a
 * formula of any type whose result the file does not hold (a string result
 * saved empty, <v></v>, is one) or holds stale (the workbook asks to be
 * recalculated on opening: <calcPr fullCalcOnLoad="1"/>). A
 * cell merged over several rows is carried down its first column into the
 * data rows it covers, with a WS_NOTE_WARNING on each carried cell (the
 * WS_NOTE_ERROR of a value refused there goes down instead); a data
 * cell under a merge that holds content other than the area's top-left value
 * (what Excel shows there) gets a WS_NOTE_ERROR. */
ws_status ws_xlsx_read(const char *path, ws_arena *arena, ws_book **out, ws_err *err);

/* Same, the header row of each sheet found with 'hint' (NULL = the first
 * non-empty row); each sheet says what it found (header_labels, looked_*). */
ws_status ws_xlsx_read_hinted(const char *path, const ws_header_hint *hint, ws_arena *arena,
                              ws_book **out, ws_err *err);

/* Reads a CSV or XLSX file by its extension, returning the named sheet (or
 * the first when sheet_name is NULL). */
ws_status ws_sheet_read(const char *path, const char *sheet_name, ws_arena *arena,
                        ws_sheet **out, ws_err *err);

/* The row index whose spreadsheet row number (sheet->line) is 'line', or
 * SIZE_MAX when no row has it (line numbers grow with the index). */
size_t ws_sheet_row_of_line(const ws_sheet *s, size_t line);

/* The first row index whose spreadsheet row is 'line' or later (rows are in
 * line order); s->nrows when there is none. */
size_t ws_sheet_first_row_from(const ws_sheet *s, size_t line);

/* Adds a note to a sheet (readers and tests). */
void ws_sheet_note(ws_sheet *s, ws_arena *arena, size_t row, int col, ws_note_level level,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* How many rows the reader could not read at all (an unclosed quote): its
 * errors on the header row (row 0). check and build count them as records
 * with errors alike. */
size_t ws_sheet_unreadable_rows(const ws_sheet *s);

#endif
