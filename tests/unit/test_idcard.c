/* Unit tests for check/idcard: parsing, each rejection, check character, masking. */
#include "harness.h"

#include "check/idcard.h"

TEST(valid_numbers)
{
    ws_idcard id;
    ws_err err = {0};
    CHECK_INT(ws_idcard_parse("11010519491231002X", &id, &err), WS_OK);
    CHECK_INT(id.year, 1949);
    CHECK_INT(id.month, 12);
    CHECK_INT(id.day, 31);
    CHECK(!id.male); /* sequence 002 */
    CHECK_STR(id.area, "110105");
    CHECK_STR(id.number, "11010519491231002X");

    /* lower-case x and surrounding spaces (ASCII and full-width) are accepted */
    CHECK_INT(ws_idcard_parse(" \t11010519491231002x　", &id, &err), WS_OK);
    CHECK_STR(id.number, "11010519491231002X");

    /* a man born on 29 February of a leap year */
    char c;
    char num[19] = "11010520000229001";
    CHECK(ws_idcard_check_char(num, &c));
    num[17] = c;
    num[18] = '\0';
    CHECK_INT(ws_idcard_parse(num, &id, &err), WS_OK);
    CHECK(id.male);
    CHECK_INT(id.month, 2);
    CHECK_INT(id.day, 29);
    CHECK_INT(ws_idcard_parse(num, NULL, &err), WS_OK);
}

TEST(check_character)
{
    char c = '?';
    CHECK(ws_idcard_check_char("11010519491231002", &c));
    CHECK_INT(c, 'X');
    CHECK(ws_idcard_check_char("44052418800101001", &c));
    CHECK_INT(c, '4');
    CHECK(!ws_idcard_check_char("4405241880010100A", &c));
    CHECK(!ws_idcard_check_char("4405", &c));
}

TEST(standard_example_born_1880)
{
    /* GB 11643-1999's own example (born 1880) is a valid number: age limits
     * are the rules' business, not the number's. */
    ws_err err = {0};
    ws_idcard id;
    CHECK_INT(ws_idcard_parse("440524188001010014", &id, &err), WS_OK);
    CHECK_INT(id.year, 1880);
    CHECK(id.male);
    CHECK_INT(ws_idcard_parse("440524179912310014", NULL, &err), WS_ERR_INPUT);
}

TEST(wrong_length)
{
    ws_err err = {0};
    CHECK_INT(ws_idcard_parse("11010519491231002", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "应为18位，实际为17位");
    CHECK_INT(ws_idcard_parse("11010519491231002X1", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "应为18位，实际为19位");
    CHECK_INT(ws_idcard_parse("110105491231002", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "应为18位，实际为15位（15位的旧号码请换成18位新号码）");
    CHECK_INT(ws_idcard_parse("   ", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "身份证号为空");
    CHECK_INT(ws_idcard_parse(NULL, NULL, &err), WS_ERR_INPUT);
}

TEST(bad_characters)
{
    ws_err err = {0};
    CHECK_INT(ws_idcard_parse("1101O519491231002X", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "第5位「O」不是数字");
    CHECK_INT(ws_idcard_parse("11010519491231002Y", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "第18位「Y」不是数字或 X");
    CHECK_INT(ws_idcard_parse("11X10519491231002X", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "第3位「X」不是数字");
    /* full-width digits count as 18 characters but are named as such */
    CHECK_INT(ws_idcard_parse("11０10519491231002X", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "第3位「０」是全角字符，请改用半角数字");
    CHECK_INT(ws_idcard_parse("１１０１０５１９４９１２３１００２Ｘ", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "第1位「１」是全角字符，请改用半角数字");
    CHECK_INT(ws_idcard_parse("11010519491231002Ｘ", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "第18位「Ｘ」是全角字符，请改用半角数字或 X");
    CHECK_INT(ws_idcard_parse("110105194912310\xff"
                              "2X",
                              NULL, &err),
              WS_ERR_INPUT);
    CHECK_STR(err.msg, "第16位不是有效的字符（字节 0xFF）");
}

TEST(bad_birth_dates)
{
    ws_err err = {0};
    char num[19];
    char c;
    /* builds a number with the right check character around a birth date */
    const char *dates[] = {"19490231", "19000229", "19491301", "19490000", "17991231", "20991231"};
    const char *msgs[] = {"出生日期19490231不存在",     "出生日期19000229不存在",
                          "出生日期19491301不存在",     "出生日期19490000不存在",
                          "出生日期17991231早于1800年", "出生日期20991231晚于今天"};
    for (int i = 0; i < 6; i++) {
        snprintf(num, sizeof num, "110105%s002", dates[i]);
        CHECK(ws_idcard_check_char(num, &c));
        num[17] = c;
        num[18] = '\0';
        CHECK_INT(ws_idcard_parse(num, NULL, &err), WS_ERR_INPUT);
        CHECK_STR(err.msg, msgs[i]);
    }
}

TEST(wrong_check_character)
{
    ws_err err = {0};
    CHECK_INT(ws_idcard_parse("110105194912310023", NULL, &err), WS_ERR_INPUT);
    CHECK_STR(err.msg, "校验位应为X，实际为3");
    CHECK_INT(ws_idcard_parse("440524199001010010", NULL, &err), WS_ERR_INPUT);
    CHECK(strncmp(err.msg, "校验位应为", strlen("校验位应为")) == 0);
}

TEST(masking)
{
    char out[64];
    ws_idcard_mask("330421199001011234", out, sizeof out);
    CHECK_STR(out, "330421********1234");
    ws_idcard_mask("11010519491231002X", out, sizeof out);
    CHECK_STR(out, "110105********002X");
    ws_idcard_mask("1234567890", out, sizeof out);
    CHECK_STR(out, "**********");
    ws_idcard_mask("", out, sizeof out);
    CHECK_STR(out, "");
    ws_idcard_mask(NULL, out, sizeof out);
    CHECK_STR(out, "");
    /* characters, not bytes: a full-width number keeps whole characters */
    ws_idcard_mask("１１０１０５１９４９１２３１００２Ｘ", out, sizeof out);
    CHECK_STR(out, "１１０１０５********００２Ｘ");
    /* truncation always leaves a terminated prefix */
    char small[8];
    ws_idcard_mask("330421199001011234", small, sizeof small);
    CHECK_STR(small, "330421*");
    out[0] = 'z';
    ws_idcard_mask("330421199001011234", out, 0);
    CHECK_INT(out[0], 'z');
}

int main(void)
{
    RUN(valid_numbers);
    RUN(check_character);
    RUN(standard_example_born_1880);
    RUN(wrong_length);
    RUN(bad_characters);
    RUN(bad_birth_dates);
    RUN(wrong_check_character);
    RUN(masking);
    return TH_DONE();
}
