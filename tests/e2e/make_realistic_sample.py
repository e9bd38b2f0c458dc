#!/usr/bin/python3
"""Writes samples/jiaxing-2020/candidates-realistic.csv: 32 records as clerks
really fill them in, for measuring warnings a reviewer would not raise
(issue 11 item 22). Each is one of the 14 hand-written records of
candidates.csv under another name, with 籍贯, 学历 and 政治面貌 in the forms
units send in (浙江桐乡 rather than 浙江省桐乡市, 本科 rather than 大学本科) and
an ID number whose first six digits are the code of the birthplace of the
day (330425 桐乡县 for someone registered before 1993). tests/e2e/regions.sh
says which findings are expected. Run from the repository root; the output
is checked in, so this only needs running again when the sample changes."""
import csv

SRC = "samples/jiaxing-2020/candidates.csv"
OUT = "samples/jiaxing-2020/candidates-realistic.csv"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idno(area, ymd, seq):
    s = f"{area}{ymd}{seq:03d}"
    return s + "10X98765432"[sum(int(a) * w for a, w in zip(s, W)) % 11]


# 籍贯 as typed, the code of the birthplace, 学历, 政治面貌. A reviewer flags
# only the 籍贯 that stop at a province or prefecture (浙江嘉兴, 浙江绍兴, 安徽阜阳,
# 江苏盐城, 浙江, 贵州遵义), 学历 中技 and 政治面貌 党员 (which party?).
PEOPLE = [
    ("浙江桐乡", "330425", "本科", "中共党员"), ("浙江海宁", "330481", "大专", "中共党员"),
    ("浙江嘉兴", "330402", "高级技工学校", "群众"), ("嘉善", "330421", "中专", "中共党员"),
    ("浙江平湖", "330482", "高中", "中共党员"), ("浙江省海盐县", "330424", "大学本科", "团员"),
    ("嘉兴南湖", "330402", "大学专科", "中共党员"), ("嘉兴市秀洲区", "330411", "技校", "群众"),
    ("安徽霍邱", "341522", "初中", "中共党员"), ("江西余干", "361127", "本科", "中共党员"),
    ("河南郸城", "411625", "大专", "群众"), ("四川蓬溪", "510921", "技工学校", "预备党员"),
    ("湖北仙桃", "429004", "职高", "中共党员"), ("浙江省桐乡市", "330483", "硕士", "中共党员"),
    ("江苏吴江", "320584", "大专", "群众"), ("浙江绍兴", "330602", "本科", "中共党员"),
    ("浙江诸暨", "330681", "中专", "中国共产党党员"), ("浙江上虞", "330682", "高级技工学校", "中共党员"),
    ("浙江萧山", "330181", "专科", "无党派"), ("湖南邵东", "430521", "本科", "中共党员"),
    ("安徽阜阳", "341202", "大专", "群众"), ("浙江海宁", "330481", "技师学院", "中共党员"),
    ("浙江桐乡", "330483", "高中", "中共党员"), ("江苏盐城", "320902", "大学专科", "群众"),
    ("浙江嘉善", "330421", "本科", "中共党员"), ("海宁市", "330481", "大专", "中共党员"),
    ("桐乡市", "330483", "中技", "中共党员"), ("山东郓城", "371725", "初中", "群众"),
    ("浙江", "330102", "本科", "党员"), ("贵州遵义", "520321", "大专", "中共党员"),
    ("浙江嘉兴秀洲", "330411", "中专", "中共党员"), ("浙江平湖", "330482", "本科", "中共党员"),
]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = ["建国", "海燕", "志强", "丽华", "伟", "敏", "国平", "雪芳", "永明", "红英", "立新",
         "晓东", "春梅", "卫东", "秀英", "建军"]
UNITS = ["嘉善县", "平湖市", "海盐县", "海宁市", "桐乡市", "南湖区", "秀洲区", "经开区", "港区"]


def main():
    with open(SRC, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0].keys())
    out = []
    for i, (place, area, edu, party) in enumerate(PEOPLE):
        r = dict(rows[i % len(rows)])
        y, m = r["出生年月"].split(".")
        male = r["性别"] == "男"
        r["序号"] = str(i + 1)
        r["姓名"] = SURNAMES[i] + GIVEN[i % len(GIVEN)]
        r["籍贯"], r["学历"], r["政治面貌"] = place, edu, party
        r["身份证号"] = idno(area, f"{y}{m}{(i % 27) + 1:02d}", 100 + 2 * i + (1 if male else 0))
        r["手机"] = f"139573{i:05d}"
        r["电子邮箱"] = f"worker{i + 1:02d}@example.com"
        r["推荐单位"] = UNITS[i % len(UNITS)]
        # two 首席工匠 at most per unit (港区 and 经开区 have 2 places)
        r["申报类别"] = "嘉兴首席工匠" if i < 18 else "嘉兴巧匠"
        r["是否愿意参评巧匠"] = r["是否愿意参评巧匠"] or "是" if i < 18 else ""
        out.append(r)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(out)


if __name__ == "__main__":
    main()
