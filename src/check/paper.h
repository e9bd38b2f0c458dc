/* check/paper.h - what a record may put on paper.
 *
 * Two questions both `wenshu check` (as findings) and `wenshu build` (before
 * any document that several records share) ask of a record, so that the two
 * commands give every record the same verdict:
 *   - can every character of its fields be printed: no control, bidi or
 *     zero-width characters (ws_is_invisible), no combining marks (李 + U+0301
 *     prints as 李), no private-use characters,
 *     and some installed font has each character (the caller says which
 *     through has_glyph; this stage does not open fonts);
 *   - does a public document (公示, 证书: `public: true`) that shows the
 *     record print an ID or phone number, an e-mail or a street address
 *     from one of its fields.
 * Nothing here allocates or prints. */
#ifndef WS_CHECK_PAPER_H
#define WS_CHECK_PAPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "template/bind.h"
#include "template/doc.h"

/* True when the fonts that may print a record's text have cp (the build's
 * fonts, looked up by the caller); NULL means "do not ask". When false,
 * *lacking is the font role that lacks it while another has it, or NULL
 * when none has it (the message then says no installed font has it). */
typedef bool (*ws_has_glyph_fn)(void *user, uint32_t cp, const char **lacking);

typedef struct ws_paper_problem {
    int field;             /* the field at fault */
    const ws_doc_def *doc; /* public leaks: the public document that would print it */
    char msg[320];         /* Chinese, what is wrong and the fix (the caller names the field) */
} ws_paper_problem;

/* Whether cp itself may never be printed (a control, bidi or zero-width
 * character, a combining mark, or one of a private-use area): then the
 * reason and the fix, in Chinese, are written into msg[0..n). Layout gives
 * the same words for a character of a template's own text. */
bool ws_char_refused(uint32_t cp, char *msg, size_t n);

/* The message for a character no font prints: 'lacking' is the font role
 * that lacks it while another has it, or NULL when no installed font has it. */
void ws_char_no_font(uint32_t cp, const char *lacking, char *msg, size_t n);

/* Whether cp may stand in an e-mail address: letters, digits and '-' in a
 * host's labels (which dots join), and also . _ + % in the name before the
 * @ ('local'). Public papers are scanned for addresses with it, and layout
 * keeps an address on one line with it. */
bool ws_is_mail_char(int32_t cp, bool local);

/* Checks every field of rec except photo and attachment paths. Returns true
 * when all can be printed; otherwise false with the first problem in *out. */
bool ws_paper_printable(const ws_program *p, const ws_record *rec, ws_has_glyph_fn has_glyph,
                        void *user, ws_paper_problem *out);

typedef enum ws_number_kind {
    WS_NUMBER_NONE = 0,
    WS_NUMBER_ID,    /* 18 characters (17 digits + digit or X) or 15 digits, with a
                      * plausible birth date where the ID has it */
    WS_NUMBER_MOBILE, /* 11 digits 1[3-9]…, or 86 or 0086 in front */
    /* found by ws_find_contact only (a public paper's own texts carry the bureau's phone
     * and address): */
    WS_NUMBER_LANDLINE, /* 0 + a 2- or 3-digit area code + 7 or 8 digits, "(0536)8231234" */
    WS_NUMBER_EMAIL,    /* name@host.domain */
    WS_NUMBER_ADDRESS   /* a street number: 胜利路288号, 3单元, 502室 */
} ws_number_kind;

typedef struct ws_number_hit {
    ws_number_kind kind;
    size_t at, len; /* bytes of the number in the text, separators included */
} ws_number_hit;

/* Finds the first ID or mobile number in s (len bytes, any bytes). Digits may
 * be ASCII or full-width (a letter O between two digits counts as a zero:
 * 3304211976O3142131), groups separated by blanks (spaces, tabs, line
 * breaks) and at most one kind of dash, dot, slash or underscore
 * ("139 5731 2468", "139—5731—2468", "139 - 5731 - 2468",
 * "330421.19760314.2131", "139/5731/2468"); a number must not be part of a
 * longer run of digits (a code), but letters glued on do not hide it
 * ("13957312468a"), and two numbers in one run of groups are each found
 * ("13957312468/13857312468"). Returns true and fills *hit when one is found. */
bool ws_find_private_number(const char *s, size_t len, ws_number_hit *hit);

/* What a record's field must not bring onto a public paper: an ID or mobile
 * number as ws_find_private_number finds them, else a landline, an e-mail
 * address or a street address (the first of these kinds found). */
bool ws_find_contact(const char *s, size_t len, ws_number_hit *hit);

/* "139****2468" / "+86 138****0527" / "330421********2131" / "0573-****8815" / "wa***@163.com"
 * / "胜利路***号": what hit found with its middle hidden, for messages (out at least 48
 * bytes). */
void ws_mask_number(const char *s, const ws_number_hit *hit, char *out, size_t n);

/* Whether a public document shows rec (its where: holds) and prints one of
 * rec's fields that holds personal contact data (ws_find_contact). Returns true when rec is
 * fine; otherwise false with the field, the document and the message. */
bool ws_paper_public_ok(const ws_program *p, const ws_record *rec, ws_paper_problem *out);

#endif
