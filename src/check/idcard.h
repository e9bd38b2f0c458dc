/* check/idcard.h - the 18-character resident ID number (公民身份号码,
 * GB 11643-1999).
 *
 * Layout: a 6-digit area code, the birth date YYYYMMDD, a 3-digit sequence
 * number (odd for men, even for women) and a check character computed from
 * the first 17 digits (ISO 7064 MOD 11-2: 0-9 or X).
 *
 * Nothing here allocates; all functions are pure apart from
 * ws_idcard_parse reading today's date to refuse future birth dates. */
#ifndef WS_CHECK_IDCARD_H
#define WS_CHECK_IDCARD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

/* Birth dates before this year are refused (no candidate is that old). */
#define WS_IDCARD_MIN_YEAR 1800

typedef struct ws_idcard {
    int year, month, day; /* birth date */
    bool male;            /* the sequence number is odd */
    char area[7];         /* the 6-digit area code, NUL-terminated */
    char number[19];      /* the number as it should be stored: trimmed, X in upper case */
} ws_idcard;

/* Parses and checks an ID number. Surrounding spaces (ASCII, full-width
 * U+3000, no-break space) are ignored and a lower-case x as check character
 * is accepted; out->number holds the normalised form. On failure returns
 * WS_ERR_INPUT with a reason for the clerk in err->msg, without row or field
 * prefix (the caller adds 第N行「身份证号」):
 *   应为18位，实际为17位          wrong length (in characters)
 *   第5位「O」不是数字            a character that is not a digit
 *   第3位「２」是全角数字，…      full-width digits or X
 *   出生日期19490231不存在        no such day
 *   出生日期20990101晚于今天 / 早于1900年
 *   校验位应为X，实际为3
 * 'out' may be NULL when only the verdict is wanted; on failure it is left
 * unspecified. */
ws_status ws_idcard_parse(const char *text, ws_idcard *out, ws_err *err);

/* Computes the check character ('0'-'9' or 'X') of the first 17 characters
 * of 'first17' into *out. Returns false (and leaves *out alone) when any of
 * them is not an ASCII digit or the string is shorter than 17. */
bool ws_idcard_check_char(const char *first17, char *out);

/* Masks an ID number for public documents (公示名单): the first 6 and the
 * last 4 characters stay, each character between them becomes '*', so
 * "330421199001011234" becomes "330421********1234". Works on characters,
 * not bytes; text of 10 characters or fewer becomes all '*' (nothing is
 * revealed of something that is not an ID number). The result is truncated
 * to fit 'n' bytes and always NUL-terminated when n > 0 (19 bytes suffice for
 * a valid number). */
void ws_idcard_mask(const char *id, char *out, size_t n);

#endif
