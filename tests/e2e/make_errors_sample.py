#!/usr/bin/python3
"""Writes samples/jiaxing-2020/candidates-errors.csv and its files in
samples/jiaxing-2020/errors/: records that each break specific rules of
templates/jiaxing-2020/rules.yaml (the expected findings are in
tests/e2e/expected/jiaxing-2020-errors.txt). Run from the repository root
with /usr/bin/python3 (needs python3-pil); the output is checked in, so this
only needs running again when the sample changes."""
import csv
from PIL import Image, ImageDraw

OUT = "samples/jiaxing-2020"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idno(area, ymd, seq):
    s = f"{area}{ymd}{seq:03d}"
    return s + "10X98765432"[sum(int(a) * w for a, w in zip(s, W)) % 11]


def bad_check(idn):
    return idn[:-1] + ("3" if idn[-1] != "3" else "4")


def files():
    img = Image.new("RGB", (413, 579), (210, 225, 240))
    d = ImageDraw.Draw(img)
    d.ellipse((120, 100, 290, 300), fill=(240, 200, 170))
    d.rectangle((80, 320, 330, 579), fill=(40, 60, 110))
    img.save(f"{OUT}/errors/ok.jpg", quality=70)
    with open(f"{OUT}/errors/broken.jpg", "w") as f:
        f.write("这不是图片\n")
    with open(f"{OUT}/errors/佐证.pdf", "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


FIELDS = ["序号", "申报类别", "姓名", "性别", "出生年月", "民族", "籍贯", "学历", "政治面貌",
          "职业（工种）及技能等级", "身份证号", "手机", "工作单位", "职务", "通信地址", "电子邮箱",
          "推荐单位", "是否愿意参评巧匠", "主要工作经历", "本专业技术特长或技术绝招情况",
          "参加技能竞赛及获奖的情况", "技术革新、技术改造成果情况", "培养技能人才或带徒情况",
          "何年何月获得何种荣誉称号", "主要贡献", "照片", "最高学历取得院校", "主要业绩和技能荣誉",
          "来嘉工作时间", "单位成立时间", "是否公务员或参公人员", "是否已入选“创新嘉兴·精英引领计划”",
          "申报次数（含本次）", "被推荐人所在单位意见", "佐证材料"]

BASE = {
    "申报类别": "嘉兴首席工匠", "民族": "汉族", "籍贯": "嘉兴市南湖区", "学历": "大学专科",
    "政治面貌": "中共党员", "职业（工种）及技能等级": "钳工 高级技师", "工作单位": "嘉兴某机械有限公司",
    "职务": "车间主任", "通信地址": "嘉兴市南湖区东升东路1号", "电子邮箱": "worker@example.com",
    "推荐单位": "嘉善县", "是否愿意参评巧匠": "是",
    "主要工作经历": "1998.07-2008.12|嘉兴某机械有限公司装配车间|钳工\n"
                    "2009.01-至今|嘉兴某机械有限公司设备科|钳工",
    "本专业技术特长或技术绝招情况": "精密装配，手工刮研精度达0.002毫米。",
    "参加技能竞赛及获奖的情况": "2016年浙江省钳工技能竞赛第二名。",
    "技术革新、技术改造成果情况": "主持设备改造12项，获实用新型专利3项。",
    "培养技能人才或带徒情况": "带徒15人，其中技师6人。",
    "何年何月获得何种荣誉称号": "2017年获浙江省技术能手称号。",
    "主要贡献": "长期在生产一线从事精密装配工作，解决关键技术难题多项，为企业创造经济效益八百余万元。",
    "照片": "errors/ok.jpg", "最高学历取得院校": "浙江工业职业技术学院",
    "主要业绩和技能荣誉": "浙江省技术能手，获专利3项，带徒15人。",
    "来嘉工作时间": "1998.07", "单位成立时间": "2001.05", "是否公务员或参公人员": "否",
    "是否已入选“创新嘉兴·精英引领计划”": "否", "申报次数（含本次）": "1",
    "被推荐人所在单位意见": "", "佐证材料": "errors/佐证.pdf",
}


def rec(**kw):
    r = dict(BASE)
    r.update(kw)
    return [r.get(f, "") for f in FIELDS]


def main():
    files()
    zm = idno("330402", "19780512", 131)
    lf = idno("330421", "19900318", 242)
    wq = idno("330481", "19641203", 153)
    zl = idno("330402", "19800306", 264)  # even sequence: a woman
    cg = idno("330411", "19750920", 175)
    ids = [idno("330402", d, s) for d, s in
           [("19820101", 311), ("19830202", 322), ("19840303", 333)]]
    sy = idno("330482", "19790411", 344)
    fj = idno("330402", "19810615", 352)
    hl = idno("330424", "19770808", 363)
    work = {"手机": "13905730001"}
    rows = [
        # 2: nothing wrong
        rec(姓名="张明", 性别="男", 出生年月="1978.05", 身份证号=zm, 手机="13800138000"),
        # 3: nothing wrong; 35 or younger (a note)
        rec(申报类别="嘉兴巧匠", 姓名="李芳", 性别="女", 出生年月="1990.03", 身份证号=lf,
            籍贯="浙江省海宁市", 是否愿意参评巧匠="", 推荐单位="海盐县", **work),
        # 4: check digit, born 1964, 10-digit mobile, full-width ＠
        rec(姓名="王强", 性别="男", 出生年月="1964.12", 身份证号=bad_check(wq), 手机="1380013800",
            电子邮箱="wangqiang＠163.com", 推荐单位="平湖市"),
        # 5: sex against the ID, 1980-03, in 嘉兴 since 2019, unit founded 2019.08
        rec(姓名="赵丽", 性别="男", 出生年月="1980-03", 身份证号=zl, 手机="13905730002",
            来嘉工作时间="2019.03", 单位成立时间="2019.08", 推荐单位="平湖市"),
        # 6: 公务员, 4th application, word limits, work history, fixed line for 手机, 籍贯 浙江
        rec(姓名="陈刚", 性别="男", 出生年月="1975.09", 身份证号=cg, 手机="0573-82228815", 籍贯="浙江",
            是否公务员或参公人员="是", **{"申报次数（含本次）": "4"},
            主要贡献="长期在生产一线从事精密装配工作。" * 95,
            主要业绩和技能荣誉="浙江省技术能手，获专利3项，带徒15人。" * 12,
            主要工作经历="2003.09-2001.01|嘉兴某厂|钳工\n2005.3-2010.12|嘉兴某公司|钳工\n"
                         "2030.01-至今|嘉兴某公司|钳工", 推荐单位="海宁市"),
        # 7: row 2's person again at the other level; 巧匠 answering 是否愿意参评巧匠
        rec(申报类别="嘉兴巧匠", 姓名="张明", 性别="男", 出生年月="1978.05", 身份证号=zm,
            手机="13800138000"),
        # 8-10: 港区 has 2 places for 嘉兴首席工匠: the 3rd is over
        rec(姓名="周杰", 性别="男", 出生年月="1982.01", 身份证号=ids[0], 手机="13905730003", 推荐单位="港区"),
        rec(姓名="吴敏", 性别="女", 出生年月="1983.02", 身份证号=ids[1], 手机="13905730004", 推荐单位="港区"),
        rec(姓名="郑涛", 性别="男", 出生年月="1984.03", 身份证号=ids[2], 手机="13905730005", 推荐单位="港区"),
        # 11: unit not in 附件1, no 主要贡献, broken photo, 政治面貌 党员, 高级工, missing attachment
        rec(申报类别="嘉兴巧匠", 姓名="孙悦", 性别="女", 出生年月="1979.04", 身份证号=sy,
            手机="13905730006", 推荐单位="市总工会", 是否愿意参评巧匠="", 主要贡献="",
            照片="errors/broken.jpg", 政治面貌="党员", **{"职业（工种）及技能等级": "电工 高级工"},
            佐证材料="errors/missing.pdf"),
        # 12: row 3's person again at the same level (check letter in lower case)
        rec(申报类别="嘉兴巧匠", 姓名="李芳", 性别="女", 出生年月="1990.03", 身份证号=lf.lower(),
            籍贯="浙江省海宁市", 是否愿意参评巧匠="", 推荐单位="海盐县", **work),
        # 13: 申报类别 misspelt, 精英引领计划, 出生年月 against the ID, blanks, long 单位意见
        rec(申报类别="首席工匠", 姓名="冯静", 性别="女", 出生年月="1981.07", 身份证号=fj,
            手机="13905730007", 推荐单位="桐乡市", 是否愿意参评巧匠="",
            **{"是否已入选“创新嘉兴·精英引领计划”": "是", "最高学历取得院校": "", "职务": "",
               "来嘉工作时间": "", "被推荐人所在单位意见": "该同志工作认真负责。" * 70},
            佐证材料=""),
        # 14: 首席工匠 without 是否愿意参评巧匠, 学历 中技 (not in the list)
        rec(姓名="何磊", 性别="男", 出生年月="1977.08", 身份证号=hl, 手机="13905730008",
            推荐单位="南湖区", 是否愿意参评巧匠="", 学历="中技"),
    ]
    with open(f"{OUT}/candidates-errors.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FIELDS)
        w.writerows(rows)


if __name__ == "__main__":
    main()
