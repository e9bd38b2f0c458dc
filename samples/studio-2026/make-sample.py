#!/usr/bin/python3
"""Writes the studio-2026 sample records (candidates.csv, candidates-errors.csv) and their
attachments (attachments/*.pdf: scanned-looking pages). Deterministic: run it after editing."""
import csv, os, random
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
random.seed(2026)

def id_number(area, birth, serial, male):
    """An 18-character GB 11643 number; the 17th digit odd for men."""
    s17 = f"{area}{birth}{serial:02d}{(1 if male else 2) + 2 * (serial % 4)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(s17, weights))
    return s17 + "10X98765432"[total % 11]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN_M = ["建国", "志强", "海涛", "伟", "磊", "俊杰", "振华", "国栋", "立新", "明", "晓东", "春雷", "广平", "洪亮", "鹏", "学军", "德胜", "浩然"]
GIVEN_F = ["秀兰", "丽娟", "晓燕", "静", "海燕", "春梅", "玉洁", "婷", "倩", "慧敏", "雪", "红霞"]

def member(trade, role, rng):
    male = rng.random() < 0.75
    name = rng.choice(SURNAMES) + rng.choice(GIVEN_M if male else GIVEN_F)
    year = rng.randint(1970, 2000)
    level = rng.choice(["高级技师", "技师", "高级工"])
    return f"{name}|{'男' if male else '女'}|{year}.{rng.randint(1, 12):02d}|{trade} {level}|{role}"

def members(leader, sex, born, trade, n, seed):
    rng = random.Random(seed)
    rows = [f"{leader}|{sex}|{born}|{trade} 高级技师|领办人"]
    roles = ["技术骨干"] * 3 + ["成员"] * 40
    for i in range(n - 1):
        role = "副领办人" if i == 0 else ("秘书" if i == 1 else roles[i])
        rows.append(member(trade, role, rng))
    return "\n".join(rows)

def scan(path, title, pages):
    """A PDF of 'pages' A4 pages that look like a scanned certificate (a frame and bars)."""
    imgs = []
    for p in range(pages):
        im = Image.new("L", (595, 842), 250)
        d = ImageDraw.Draw(im)
        d.rectangle([40, 40, 555, 802], outline=90, width=3)
        d.rectangle([180, 90, 415, 120], fill=120)
        for y in range(180, 700, 28):
            d.rectangle([80, y, 80 + (y * 37 + p * 53) % 400 + 60, y + 8], fill=170)
        imgs.append(im.point(lambda v: 255 if v > 200 else 0).convert("1"))
    imgs[0].save(path, save_all=True, append_images=imgs[1:], resolution=72)

BASIC = ("工作室建于{y}年，依托{u}建设，现有专用场地{a}平方米，其中实训区{b}平方米、技术攻关室{c}平方米，"
         "配备{eq}等设备{n}台（套），设备原值约{m}万元。依托单位每年安排专项经费不少于{f}万元，"
         "建立了工作室例会、带徒协议、成果登记和经费管理四项制度，工作室成员定期开展技术交流和技能培训。")
RESULTS = ("近三年，工作室围绕{focus}开展技术攻关{k}项，解决生产难题{p}个，为企业创造经济效益约{e}万元；"
           "获国家发明专利{pt}项、实用新型专利{ut}项，形成操作法{op}项并在{scope}推广应用。"
           "领办人与成员签订师带徒协议{ap}份，培养高级技师{hs}人、技师{ts}人，"
           "{comp}。工作室面向社会开展职业技能培训{tr}人次，承担{host}。")

STUDIOS = [
    # unit, studio, host, founded, leader, sex, born, area, trade, level, honours, n members, pages, result, focus
    ("奎文区", "潍坊市王建国数控加工技能大师工作室", "潍坊恒通精密机械有限公司", "2019.05.20", "王建国", "男", "1975.06", "370705",
     "数控车工", "高级技师", "2019年山东省技术能手；2022年齐鲁首席技师", 28, 4, "拟命名", "大型曲轴、缸体类零件高效精密加工"),
    ("奎文区", "潍坊市李秀兰电工技能大师工作室", "国网潍坊供电公司奎文供电中心", "2020.09.01", "李秀兰", "女", "1979.11", "370705",
     "电工", "高级技师", "2020年潍坊市劳动模范", 9, 3, "拟命名", "配网带电作业和智能电表运维"),
    ("寿光市", "寿光市张志强设施蔬菜园艺技能大师工作室", "寿光蔬菜产业集团有限公司", "2018.03.15", "张志强", "男", "1972.02", "370783",
     "农艺工", "高级技师", "2018年全国农业技术能手", 12, 5, "拟命名", "日光温室蔬菜栽培和病虫害绿色防控"),
    ("寿光市", "寿光市陈海燕化工总控技能大师工作室", "山东寿光鲁清石化有限公司", "2021.07.10", "陈海燕", "女", "1984.08", "370783",
     "化工总控工", "技师", "2021年潍坊市技术能手", 6, 2, "未通过", "催化裂化装置平稳运行和节能降耗"),
    ("市国资委", "潍坊市刘振华焊接技能大师工作室", "潍柴动力股份有限公司", "2017.11.28", "刘振华", "男", "1970.04", "370702",
     "焊工", "特级技师", "2016年全国技术能手；2020年全国五一劳动奖章", 15, 6, "拟命名", "发动机机体和排气管焊接质量提升"),
]

FIELDS = ["推荐单位", "工作室名称", "依托单位", "工作室成立时间", "领办人", "领办人性别", "领办人出生年月",
          "领办人身份证号", "领办人手机", "职业（工种）", "技能等级", "领办人主要荣誉", "成员",
          "工作室基本情况", "近三年主要成果", "申报材料", "评审结果"]

def record(i, s, rng, n_members=None, pages=None, born=None, member_fix=None, result=None):
    unit, name, host, founded, leader, sex, born0, area, trade, level, honours, n, pg, res, focus = s
    born = born or born0
    n = n_members if n_members is not None else n
    pg = pages if pages is not None else pg
    y, m = born0.split(".")
    idn = id_number(area, f"{y}{m}{(i * 7) % 27 + 1:02d}", 10 + i, sex == "男")
    mem = members(leader, sex, born, trade, n, 100 + i)
    if member_fix:
        mem = member_fix(mem)
    os.makedirs(os.path.join(HERE, "attachments"), exist_ok=True)
    att = f"attachments/{i:02d}_佐证材料.pdf"
    scan(os.path.join(HERE, att), name, pg)
    basic = BASIC.format(y=founded[:4], u=host, a=rng.randint(180, 600), b=rng.randint(80, 200), c=rng.randint(30, 80),
                         eq=rng.choice(["数控车床、加工中心、三坐标测量仪", "带电作业仿真平台、绝缘斗臂车",
                                        "智能温室控制系统、土壤检测仪", "DCS仿真培训系统", "焊接机器人、X射线探伤仪"]),
                         n=rng.randint(12, 45), m=rng.randint(80, 900), f=rng.randint(10, 50))
    results = RESULTS.format(focus=focus, k=rng.randint(8, 25), p=rng.randint(15, 60), e=rng.randint(300, 3000),
                             pt=rng.randint(1, 5), ut=rng.randint(3, 12), op=rng.randint(2, 6),
                             scope=rng.choice(["全市同行业", "依托单位各生产车间", "省内12家企业"]),
                             ap=rng.randint(10, 30), hs=rng.randint(2, 6), ts=rng.randint(5, 15),
                             comp=rng.choice(["成员在全国行业职业技能竞赛中获二等奖1项、三等奖2项",
                                              "成员在山东省职业技能大赛中获一等奖1项，2人获“山东省技术能手”称号",
                                              "成员在潍坊市职业技能大赛中获一等奖3项"]),
                             tr=rng.randint(300, 2000), host=rng.choice(["潍坊市职业技能大赛的命题和裁判工作",
                                                                          "市级高技能人才研修班2期"]))
    phone = f"13{rng.randint(5, 9)}{rng.randint(10000000, 99999999)}"
    return [unit, name, host, founded, leader, sex, born, idn, phone, trade, level, honours, mem,
            basic, results, att, result or res]

def write(path, rows):
    with open(os.path.join(HERE, path), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FIELDS)
        w.writerows(rows)

rng = random.Random(7)
write("candidates.csv", [record(i + 1, s, rng) for i, s in enumerate(STUDIOS)])

# Records that break the rules on purpose, one rule each (see README.md).
rng = random.Random(8)
bad_birth = lambda mem: mem.replace(mem.split("\n")[2].split("|")[2], "1988-13", 1)
errors = [
    record(11, STUDIOS[0], rng),                                      # fine: the reference record
    record(12, STUDIOS[1], rng, n_members=4),                        # 成员人数: 4 < 5
    record(13, STUDIOS[2], rng, member_fix=bad_birth),               # 成员出生年月: 1988-13
    record(14, STUDIOS[4], rng, pages=52),                           # 申报材料: 52 pages > 50
]
dup = record(15, STUDIOS[0], rng)                                     # 重复申报: same studio name again
errors.append(dup)
write("candidates-errors.csv", errors)
