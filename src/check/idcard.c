/* check/idcard.c - see idcard.h.
 *
 * Checks run in the order a clerk can fix them: length first, then each
 * character (naming its position, and saying so when it is a full-width
 * digit typed with a Chinese input method), then the birth date, and last
 * the check character, which is only meaningful once the rest is right. */
#include "check/idcard.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"

#define ID_LEN 18

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

bool ws_idcard_check_char(const char *first17, char *out)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (first17[i] < '0' || first17[i] > '9') return false;
        sum += (first17[i] - '0') * weights[i];
    }
    *out = check_chars[sum % 11];
    return true;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Today as YYYYMMDD in local time. */
static long today_ymd(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !localtime_r(&now, &tm)) return 99991231L;
    return (tm.tm_year + 1900) * 10000L + (tm.tm_mon + 1) * 100L + tm.tm_mday;
}

static int digits_value(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Checks the 18 code points of the number; copies the ASCII form to num. */
static ws_status check_chars_of(const char *s, size_t len, char num[19], ws_err *err)
{
    size_t pos = 0;
    for (int i = 0; i < ID_LEN; i++) {
        size_t n;
        int32_t cp = ws_utf8_decode(s + pos, len - pos, &n);
        bool last = i == ID_LEN - 1;
        if (cp >= '0' && cp <= '9') {
            num[i] = (char)cp;
        } else if (last && (cp == 'X' || cp == 'x')) {
            num[i] = 'X';
        } else if ((cp >= 0xFF10 && cp <= 0xFF19) || (last && (cp == 0xFF38 || cp == 0xFF58))) {
            return ws_err_set(err, WS_ERR_INPUT, "第%d位「%.*s」是全角字符，请改用半角数字%s",
                              i + 1, (int)n, s + pos, last ? "或 X" : "");
        } else if (cp < 0) {
            return ws_err_set(err, WS_ERR_INPUT, "第%d位不是有效的字符（字节 0x%02X）", i + 1,
                              (unsigned char)s[pos]);
        } else {
            return ws_err_set(err, WS_ERR_INPUT, "第%d位「%.*s」不是数字%s", i + 1, (int)n, s + pos,
                              last ? "或 X" : "");
        }
        pos += n;
    }
    num[ID_LEN] = '\0';
    return WS_OK;
}

static ws_status check_birth(const char *num, int *y, int *m, int *d, ws_err *err)
{
    *y = digits_value(num + 6, 4);
    *m = digits_value(num + 10, 2);
    *d = digits_value(num + 12, 2);
    if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return ws_err_set(err, WS_ERR_INPUT, "出生日期%.8s不存在", num + 6);
    if (*y < WS_IDCARD_MIN_YEAR)
        return ws_err_set(err, WS_ERR_INPUT, "出生日期%.8s早于%d年", num + 6, WS_IDCARD_MIN_YEAR);
    if (*y * 10000L + *m * 100L + *d > today_ymd())
        return ws_err_set(err, WS_ERR_INPUT, "出生日期%.8s晚于今天", num + 6);
    return WS_OK;
}

ws_status ws_idcard_parse(const char *text, ws_idcard *out, ws_err *err)
{
    if (!text) text = "";
    size_t len;
    const char *s = ws_utf8_trim(text, strlen(text), &len);
    size_t count = ws_utf8_count(s, len);
    if (count == 0) return ws_err_set(err, WS_ERR_INPUT, "身份证号为空");
    if (count != ID_LEN)
        return ws_err_set(err, WS_ERR_INPUT, "应为18位，实际为%zu位%s", count,
                          count == 15 ? "（15位的旧号码请换成18位新号码）" : "");
    char num[ID_LEN + 1];
    WS_TRY(check_chars_of(s, len, num, err));
    int y, m, d;
    WS_TRY(check_birth(num, &y, &m, &d, err));
    char want = 0;
    ws_idcard_check_char(num, &want);
    if (num[17] != want)
        return ws_err_set(err, WS_ERR_INPUT, "校验位应为%c，实际为%c", want, num[17]);
    if (out) {
        out->year = y;
        out->month = m;
        out->day = d;
        out->male = (num[16] - '0') % 2 == 1;
        memcpy(out->area, num, 6);
        out->area[6] = '\0';
        memcpy(out->number, num, sizeof out->number);
    }
    return WS_OK;
}

void ws_idcard_mask(const char *id, char *out, size_t n)
{
    if (n == 0) return;
    if (!id) id = "";
    size_t len = strlen(id);
    size_t count = ws_utf8_count(id, len);
    size_t o = 0, pos = 0;
    for (size_t i = 0; i < count; i++) {
        size_t cl;
        ws_utf8_decode(id + pos, len - pos, &cl);
        bool keep = count > 10 && (i < 6 || i >= count - 4);
        size_t w = keep ? cl : 1;
        if (o + w >= n) break;
        if (keep)
            memcpy(out + o, id + pos, cl);
        else
            out[o] = '*';
        o += w;
        pos += cl;
    }
    out[o] = '\0';
}
