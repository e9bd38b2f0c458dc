#!/usr/bin/python3
"""Writes the taian-2026 sample records (candidates.csv, candidates-errors.csv) and photos/.
Deterministic: run it after editing. Names, units, ID and phone numbers are invented."""
import csv, os, random
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))

def id_number(area, birth, serial, male):
    s17 = f"{area}{birth}{serial:02d}{(1 if male else 2) + 2 * (serial % 4)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return s17 + "10X98765432"[sum(int(c) * w for c, w in zip(s17, weights)) % 11]

def photo(path, seed):
    """A 2寸 portrait placeholder: a coloured ground, a head and shoulders."""
    rng = random.Random(seed)
    im = Image.new("RGB", (413, 579), (rng.randint(60, 120), rng.randint(110, 170), rng.randint(180, 230)))
    d = ImageDraw.Draw(im)
    skin = (rng.randint(200, 240), rng.randint(170, 200), rng.randint(140, 170))
    d.ellipse([126, 110, 286, 300], fill=skin)
    d.rectangle([156, 290, 256, 340], fill=skin)
    d.ellipse([40, 330, 373, 700], fill=(rng.randint(20, 60),) * 3)
    im.save(path, "JPEG", quality=85)

# 业绩：按工种写的几句，组合成200–400字
DEEDS = {
    "电工": "长期从事220千伏变电站运维和配网抢修工作，主持完成“配电线路带电作业工具改进”等技术革新{n}项，"
            "其中“绝缘遮蔽罩快速安装器”获国家实用新型专利。",
    "钳工": "从事矿山机械设备维修{y}年，攻克采煤机截割部齿轮箱漏油、刮板输送机断链等难题，"
            "总结的“四步定位刮研法”在全矿推广，年节约维修费用{m}万元。",
    "焊工": "擅长锅炉压力管道全位置氩电联焊，焊缝射线检测一次合格率保持在99%以上，"
            "参与泰安抽水蓄能电站压力钢管焊接，承担关键焊缝{n}百余道。",
    "汽车维修工": "从事新能源汽车动力电池和电控系统维修，牵头编写《纯电动客车高压系统故障诊断手册》，"
                 "带领班组将公交车辆平均修复时间缩短{n}0%。",
    "数控车工": "熟练操作多种数控系统，解决航空液压件深孔精密加工难题，零件尺寸精度稳定在0.005mm以内，"
               "编制加工程序和工艺卡片{n}0余份。",
    "中式烹调师": "精于鲁菜烹饪技艺，挖掘整理泰山豆腐宴、泰山赤鳞鱼等地方名菜{n}道，"
                 "参与制定《泰山宴席服务规范》地方标准。",
    "化学检验员": "负责原油及成品油质量检验，建立快速检测方法{n}项，检测数据准确率100%，"
                 "实验室连续多年通过CNAS能力验证。",
}
TAIL = ("近年来带徒{a}人，其中{b}人取得技师以上等级；{prize}。"
        "获{honor}称号。")
PRIZES = ["在山东省职业技能大赛中获二等奖", "在泰安市职业技能大赛中获第一名", "在全国行业职业技能竞赛中获三等奖",
          "在全省电力行业技能竞赛中获个人一等奖"]
HONORS = ["泰安市技术能手", "泰安市五一劳动奖章", "山东省技术能手", "泰安市劳动模范", "泰山技能人才"]

FIELDS = ["申报类别", "推荐单位", "姓名", "性别", "出生年月", "民族", "政治面貌", "学历", "身份证号", "手机",
          "工作单位", "职业（工种）", "技能等级", "是否生产一线职工", "照片", "主要业绩", "评审结果"]

AREAS = {"泰山区": "370902", "岱岳区": "370911", "新泰市": "370982", "肥城市": "370983",
         "市交通运输局": "370902", "国网泰安供电公司": "370911", "中国石化泰安石油分公司": "370902"}

# 类别, 推荐单位, 姓名, 性别, 出生年月, 工作单位, 工种, 等级, 一线, 评审结果
PEOPLE = [
    ("首席技师", "泰山区", "王守义", "男", "1972.03", "泰安泰山科技有限公司", "数控车工", "高级技师", "是", "入选"),
    ("技术能手", "泰山区", "刘晓燕", "女", "1986.09", "泰山宾馆", "中式烹调师", "技师", "是", "入选"),
    ("首席技师", "泰山区", "孔令军", "男", "1969.11", "泰安市泰山区热力有限公司", "焊工", "高级技师", "是", "拟推荐"),
    ("技术能手", "泰山区", "赵鹏", "男", "1990.05", "泰安泰山科技有限公司", "数控车工", "技师", "是", "拟推荐"),
    ("技术能手", "泰山区", "马丽", "女", "1988.12", "泰安市泰山区餐饮协会培训中心", "中式烹调师", "高级技师", "否", "未入选"),
    ("首席技师", "新泰市", "张廷玉", "男", "1975.07", "新汶矿业集团协庄煤矿", "钳工", "高级技师", "是", "入选"),
    ("技术能手", "市交通运输局", "郭子明", "男", "1984.02", "泰安市公共交通集团有限公司", "汽车维修工", "高级技师", "是", "入选"),
    ("技术能手", "市交通运输局", "欧阳晨", "男", "1992.08", "泰安市交通运输事业发展中心", "汽车维修工", "技师", "否", "拟推荐"),
    ("首席技师", "国网泰安供电公司", "陈立华", "男", "1971.10", "国网泰安供电公司运维检修部", "电工", "高级技师", "是", "入选"),
    ("技术能手", "国网泰安供电公司", "宋雪", "女", "1989.04", "国网泰安供电公司变电运维中心", "电工", "技师", "是", "拟推荐"),
    ("技术能手", "国网泰安供电公司", "丁宁", "男", "1987.06", "国网泰安供电公司配电运检室", "电工", "高级技师", "是", "入选"),
    ("技术能手", "肥城市", "尹红梅", "女", "1983.01", "肥城市白庄煤矿", "化学检验员", "技师", "是", "拟推荐"),
    ("技术能手", "肥城市", "李建", "男", "1985.10", "山东肥城精制盐厂", "钳工", "技师", "是", "入选"),
    ("首席技师", "肥城市", "石磊", "男", "1974.05", "肥城市石横特钢集团", "焊工", "高级技师", "否", "拟推荐"),
]
POLITICS = ["中共党员", "群众", "中共党员", "民主党派", "中共党员", "群众"]
EDU = ["大学专科", "技工院校", "大学本科", "中专", "大学专科"]

def record(i, p, rng, with_photo=True):
    cat, unit, name, sex, born, employer, trade, level, front, result = p
    y, m = born.split(".")
    idn = id_number(AREAS[unit], f"{y}{m}{(i * 5) % 27 + 1:02d}", 20 + i, sex == "男")
    ph = ""
    if with_photo:
        ph = f"photos/{i:02d}.jpg"
        photo(os.path.join(HERE, ph), i)
    deed = DEEDS[trade].format(n=rng.randint(3, 9), y=rng.randint(12, 28), m=rng.randint(20, 180))
    deed += TAIL.format(a=rng.randint(6, 30), b=rng.randint(2, 8), prize=rng.choice(PRIZES), honor=rng.choice(HONORS))
    phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    return [cat, unit, name, sex, born, "汉族", rng.choice(POLITICS), rng.choice(EDU), idn, phone,
            employer, trade, level, front, ph, deed, result]

def write(path, rows):
    with open(os.path.join(HERE, path), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FIELDS)
        w.writerows(rows)

rng = random.Random(2026)
write("candidates.csv", [record(i + 1, p, rng, with_photo=(i != 4)) for i, p in enumerate(PEOPLE)])

# 名额超限的样例（README.md）：市交通运输局（市直部门）推荐技术能手4人，上限3人；
# 国网泰安供电公司（驻市单位）推荐技术能手3人，上限2人；中国石化泰安石油分公司（驻市单位）
# 只推荐了技术能手，首席技师0人，下限1人。
rng = random.Random(7)
extra = [
    ("技术能手", "市交通运输局", "田志刚", "男", "1986.03", "泰安市公共交通集团有限公司", "汽车维修工", "技师", "是", ""),
    ("技术能手", "市交通运输局", "韩梅", "女", "1991.07", "泰安市交通运输事业发展中心", "汽车维修工", "技师", "否", ""),
    ("技术能手", "国网泰安供电公司", "邵华", "男", "1988.11", "国网泰安供电公司输电运检室", "电工", "技师", "是", ""),
    ("技术能手", "中国石化泰安石油分公司", "袁野", "男", "1987.02", "中国石化泰安石油分公司化验室", "化学检验员", "技师", "是", ""),
]
rows = [record(i + 1, p, rng, with_photo=False) for i, p in enumerate(PEOPLE)]
rows += [record(31 + i, p, rng, with_photo=False) for i, p in enumerate(extra)]
write("candidates-errors.csv", rows)
