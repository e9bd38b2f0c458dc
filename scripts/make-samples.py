#!/usr/bin/python3
"""Writes samples/jiaxing-2020/: 14 realistic (invented) candidates, their photos,
attachments and the units file. Deterministic: run it again and the files are
byte-identical. The hard cases each record covers are listed in the README there.

    /usr/bin/python3 scripts/make-samples.py
"""
import csv
import io
import os
import time
import random

from PIL import Image, ImageDraw

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'samples', 'jiaxing-2020')
FIXED = time.gmtime(1595466000)  # PDF dates: same bytes on every run
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idcard(area, birth, seq, male):
    seq = seq * 2 + (1 if male else 0)  # odd 17th digit = male
    body = '%s%s%03d' % (area, birth, seq % 1000)
    s = sum(int(a) * b for a, b in zip(body, W))
    return body + '10X98765432'[s % 11]


UNITS = [  # 推荐单位, 落款单位, 填报人, 电话, 手机, 地址, 邮编
    ('嘉善县', '嘉善县人力资源和社会保障局', '沈佳怡', '0573-84012345', '13957301234', '嘉善县罗星街道体育南路88号', '314100'),
    ('平湖市', '平湖市人力资源和社会保障局', '陆文斌', '0573-85012346', '13857302345', '平湖市当湖街道胜利路288号', '314200'),
    ('海盐县', '海盐县人力资源和社会保障局', '朱晓燕', '0573-86012347', '15057303456', '海盐县武原街道枣园中路8号', '314300'),
    ('海宁市', '海宁市人力资源和社会保障局', '钱国强', '0573-87012348', '13705734567', '海宁市海洲街道水月亭西路238号', '314400'),
    ('桐乡市', '桐乡市人力资源和社会保障局', '徐丽娟', '0573-88012349', '13605735678', '桐乡市梧桐街道庆丰南路1号', '314500'),
    ('南湖区', '南湖区人力资源和社会保障局', '顾建平', '0573-82012350', '13567306789', '嘉兴市南湖区南溪东路1号', '314001'),
    ('秀洲区', '秀洲区人力资源和社会保障局', '金海燕', '0573-82712351', '18857307890', '嘉兴市秀洲区康和路1288号', '314031'),
    ('经开区', '嘉兴经济技术开发区人力资源和社会保障局', '周俊杰', '0573-82212352', '13967308901', '嘉兴市城南路1369号', '314033'),
    ('港区', '嘉兴港区人力资源和社会保障局', '吴一鸣', '0573-85212353', '13757309012', '嘉兴港区乍浦镇雅山西路1号', '314201'),
]

# 姓名, 性别, 生年月日, 地区码, 籍贯, 推荐单位, 类别, 职业, 单位, 职务, 学历, 院校, 政治面貌, 民族, 结果, 照片
PEOPLE = [
    ('欧阳堃', '男', '19780512', '330421', '浙江省嘉善县', '嘉善县', '嘉兴首席工匠', '钳工 高级技师', '嘉善精工机械有限公司', '装配车间主任', '大学专科', '嘉兴职业技术学院', '中共党员', '汉族', '入选', 'jpg'),
    ('王䶮', '男', '19820318', '330482', '浙江省平湖市', '平湖市', '嘉兴首席工匠', '数控车工 高级技师', '平湖华达精密制造股份有限公司', '技术总监', '大学本科', '浙江工业大学', '中共党员', '汉族', '入选', 'jpg'),
    ('张喆', '男', '19860907', '330424', '浙江省海盐县', '海盐县', '嘉兴巧匠', '焊工 技师', '海盐核电设备安装有限公司', '焊接班班长', '大学专科', '浙江机电职业技术学院', '群众', '汉族', '入选', 'jpg'),
    ('李龑', '男', '19750621', '330481', '浙江省海宁市', '海宁市', '嘉兴首席工匠', '电工 高级技师', '海宁经编电气科技有限公司', '总工程师', '大学本科', '浙江大学', '中共党员', '汉族', '入选', 'jpg'),
    ('陈𠀾', '女', '19900214', '330483', '浙江省桐乡市', '桐乡市', '嘉兴巧匠', '化学检验员 技师', '桐乡新材料研究院有限公司', '检测中心主任', '硕士研究生', '江南大学', '中共预备党员', '汉族', '拟入选', 'png'),
    ('司马晓雯', '女', '19880430', '330402', '浙江省嘉兴市南湖区', '南湖区', '嘉兴巧匠', '中式烹调师 技师', '嘉兴五芳斋实业集团股份有限公司', '研发厨师长', '大学专科', '杭州职业技术学院', '群众', '汉族', '入选', 'jpg'),
    ('马骏', '男', '19810115', '330411', '浙江省嘉兴市秀洲区', '秀洲区', '嘉兴巧匠', '汽车维修工 技师', '嘉兴秀洲汽车服务有限公司', '技术主管', '中专', '嘉兴市交通学校', '中共党员', '回族', '拟入选', 'jpg'),
    ('刘建国', '男', '19680822', '330402', '浙江省嘉兴市南湖区', '经开区', '嘉兴首席工匠', '工具钳工 高级技师', '嘉兴经开区精密模具有限公司', '模具车间主任', '高中', '嘉兴市第一中学', '中共党员', '汉族', '入选', 'jpg'),
    ('朱丹', '女', '19930509', '330482', '浙江省平湖市', '港区', '嘉兴巧匠', '起重装卸机械操作工 技师', '嘉兴港区码头有限公司', '班组长', '大学专科', '浙江交通职业技术学院', '共青团员', '汉族', '未入选', 'jpg'),
    ('沈国华', '男', '19720303', '330421', '浙江省嘉善县', '嘉善县', '嘉兴巧匠', '木工 技师', '嘉善县古建筑营造有限公司', '项目技术负责人', '初中', '嘉善县魏塘中学', '群众', '汉族', '入选', 'jpg'),
    ('吴佳琪', '女', '19910826', '330481', '浙江省海宁市', '海宁市', '嘉兴巧匠', '服装制版师 技师', '海宁皮革时装城服饰有限公司', '制版主管', '大学本科', '浙江理工大学', '中共党员', '汉族', '', 'jpg'),
    ('钱海涛', '男', '19790119', '330424', '浙江省海盐县', '海盐县', '嘉兴巧匠', '维修电工 技师', '海盐紧固件集团有限公司', '设备科科长', '技工学校', '海盐县技工学校', '中共党员', '汉族', '未入选', 'jpg'),
    ('徐晓峰', '男', '19840604', '330483', '浙江省桐乡市', '桐乡市', '嘉兴首席工匠', '化纤纺丝工 高级技师', '桐乡化纤股份有限公司', '纺丝车间主任', '大学专科', '浙江纺织服装职业技术学院', '中共党员', '汉族', '', ''),
    ('周韵', '女', '19870228', '330411', '浙江省嘉兴市秀洲区', '秀洲区', '嘉兴巧匠', '农民画师（工艺美术品制作工） 技师', '嘉兴秀洲农民画艺术有限公司', '创作部主任', '大学本科', '中国美术学院', '群众', '汉族', '入选', 'jpg'),
]

SKILLS = {
    '钳工': ('精密装配与刮研', '齿轮箱体', '0.01mm', '五轴CNC'),
    '数控车工': ('多轴数控车削与编程', '液压阀芯', '0.005mm', 'CNC车铣复合'),
    '焊工': ('核级管道氩弧焊', '主蒸汽管道', '0.5mm', '机器人焊接'),
    '电工': ('PLC控制系统改造', '经编机电控柜', '0.1秒', 'PLC与5G远程运维'),
    '化学检验员': ('高分子材料分析', '改性尼龙', '0.001%', '气相色谱-质谱联用'),
    '中式烹调师': ('传统粽子工艺标准化', '鲜肉粽', '±2克', '3D打印模具'),
    '汽车维修工': ('新能源汽车三电系统诊断', '动力电池包', '0.05V', 'CAN总线诊断'),
    '工具钳工': ('精密冲压模具制造', '级进模', '0.002mm', '慢走丝线切割'),
    '起重装卸机械操作工': ('岸桥精准作业', '集装箱', '2cm', '5G远程控制'),
    '木工': ('古建筑榫卯修缮', '木构梁架', '1mm', '3D扫描测绘'),
    '服装制版师': ('立体裁剪与数字制版', '皮草大衣', '0.5cm', 'CAD智能排料'),
    '维修电工': ('变频调速系统维护', '冷镦机', '0.2秒', 'PLC与ISO 9001体系'),
    '化纤纺丝工': ('涤纶长丝纺丝工艺', 'FDY细旦丝', '0.3%', 'DCS集散控制'),
    '农民画师（工艺美术品制作工）': ('江南农民画创作', '运河风情长卷', '1:1', '数字化图稿'),
}


def trade(job):
    return job.split(' ')[0]


def contribution(p, rng, chars):
    """Paragraphs of plausible achievements, close to 'chars' characters (never over)."""
    name, job = p[0], trade(p[7])
    skill, part, tol, tech = SKILLS[job]
    pieces = [
        f'{name}同志从事{job}工作二十余年，始终扎根生产一线，专注{skill}，练就了过硬的本领。',
        f'面对{part}加工精度长期不稳定的难题，他（她）带领班组反复试验，将关键尺寸公差控制在{tol}以内，一次交检合格率由92.3%提高到99.6%，每年为企业节约成本约180万元。',
        f'在引进{tech}设备的过程中，主动承担调试任务，编写操作规程和作业指导书共36份，使新设备提前两个月投入使用。',
        '坚持“传帮带”，先后带徒28名，其中7人取得技师、2人取得高级技师资格，3人在市级以上职业技能竞赛中获奖。',
        '牵头成立技能大师工作室，开展“小改小革”活动，累计完成技术革新项目41项，获国家实用新型专利6项、发明专利1项。',
        f'参与制定《{part}加工工艺规范》企业标准，推动生产过程标准化、数字化，车间劳动生产率提高了27%。',
        '多次在省、市职业技能竞赛中担任裁判和技术指导，为行业培养了一批技术骨干；积极参加“技能进校园”活动，到职业院校授课40余课时。',
        '疫情期间，他（她）主动请缨，连续奋战45天，完成防疫物资生产线的改造和调试，保障了订单按期交付，受到当地政府通报表扬。',
        '工作之余潜心钻研，撰写技术论文5篇，其中2篇发表在省级期刊上；总结的“三查四看”操作法在全公司推广。',
        '他（她）爱岗敬业、精益求精，以实际行动诠释了新时代工匠精神，是企业技能人才队伍中的领军人物。',
    ]
    out = ''
    i = 0
    while True:
        nxt = pieces[i % len(pieces)] if i < len(pieces) else rng.choice(pieces[1:9])
        if len(out) + len(nxt) + 1 > chars:
            break
        out += ('\n' if out and i % 3 == 0 else '') + nxt
        i += 1
    return out


def history(p, rng):
    y = int(p[2][:4]) + 18 + rng.randint(0, 3)
    units = ['嘉兴市某机械厂维修车间', p[8] + '生产部', p[8] + '技术部']
    rows = []
    for k, u in enumerate(units):
        end = y + 4 + rng.randint(2, 6) if k < 2 else None
        if end and end > 2019:
            end = 2019
        rows.append('%d.%02d-%s|%s|%s' % (y, rng.randint(1, 12), '%d.%02d' % (end, rng.randint(1, 12)) if end else '至今', u, trade(p[7])))
        if not end:
            break
        y = end + (1 if rng.random() < 0.5 else 0)
    return '\n'.join(rows)


def photo(path, seed, size=(413, 579), fmt='JPEG'):
    rng = random.Random(seed)
    bg = rng.choice([(70, 120, 190), (200, 40, 40), (235, 235, 235)])
    im = Image.new('RGB', size, bg)
    d = ImageDraw.Draw(im)
    w, h = size
    skin = (rng.randint(210, 240), rng.randint(170, 200), rng.randint(140, 170))
    cloth = rng.choice([(30, 30, 40), (40, 60, 90), (240, 240, 240)])
    d.ellipse([w * 0.1, h * 0.62, w * 0.9, h * 1.25], fill=cloth)          # shoulders
    d.rectangle([w * 0.42, h * 0.45, w * 0.58, h * 0.66], fill=skin)       # neck
    d.ellipse([w * 0.28, h * 0.12, w * 0.72, h * 0.55], fill=skin)         # face
    d.chord([w * 0.26, h * 0.08, w * 0.74, h * 0.42], 180, 360, fill=(25, 20, 20))  # hair
    if fmt == 'PNG':
        im.save(path, 'PNG', optimize=True)
    else:
        im.save(path, 'JPEG', quality=80, optimize=True)


def attachment_pdf(path, title):
    im = Image.new('RGB', (827, 1169), 'white')  # A4 at 100 dpi
    d = ImageDraw.Draw(im)
    d.rectangle([60, 60, 767, 1109], outline=(0, 0, 0), width=3)
    for k in range(14):
        d.line([120, 220 + 60 * k, 700 - 40 * (k % 3), 220 + 60 * k], fill=(120, 120, 120), width=4)
    d.rectangle([520, 900, 700, 1060], outline=(200, 0, 0), width=4)
    im.save(path, 'PDF', resolution=100.0, title=title, creationDate=FIXED, modDate=FIXED)


def main():
    rng = random.Random(20200723)
    os.makedirs(os.path.join(OUT, 'photos'), exist_ok=True)
    os.makedirs(os.path.join(OUT, 'attachments'), exist_ok=True)
    header = ['序号', '申报类别', '姓名', '性别', '出生年月', '民族', '籍贯', '学历', '政治面貌', '职业（工种）及技能等级',
              '身份证号', '手机', '工作单位', '职务', '通信地址', '电子邮箱', '推荐单位', '是否愿意参评巧匠', '主要工作经历',
              '本专业技术特长或技术绝招情况', '参加技能竞赛及获奖的情况', '技术革新、技术改造成果情况', '培养技能人才或带徒情况',
              '何年何月获得何种荣誉称号', '主要贡献', '照片', '最高学历取得院校', '主要业绩和技能荣誉', '来嘉工作时间',
              '单位成立时间', '是否公务员或参公人员', '是否已入选“创新嘉兴·精英引领计划”', '申报次数（含本次）',
              '被推荐人所在单位意见', '佐证材料', '评审结果']
    rows = []
    lengths = {0: 1500, 1: 980, 3: 760, 7: 640}
    for i, p in enumerate(PEOPLE):
        (name, sex, birth, area, native, unit, level, job, employer, post, edu, school, party, nation, result, ph) = p
        skill, part, tol, tech = SKILLS[trade(job)]
        idno = idcard(area, birth, 10 + i * 7, sex == '男')
        photo_path = ''
        if ph:
            photo_path = 'photos/%02d.%s' % (i + 1, ph)
            size = (413, 579) if i not in (3, 5) else ((480, 640) if i == 3 else (640, 480))
            photo(os.path.join(OUT, photo_path), i, size, 'PNG' if ph == 'png' else 'JPEG')
        files = ''
        if True:  # every candidate attaches a scanned certificate; the first also a photo of an honour
            a = 'attachments/%02d_职业资格证书.pdf' % (i + 1)
            attachment_pdf(os.path.join(OUT, a), name + ' 职业资格证书')
            files = a
            if i == 0:
                b = 'attachments/01_荣誉证书.jpg'
                Image.new('RGB', (800, 560), (250, 245, 230)).save(os.path.join(OUT, b), 'JPEG', quality=70)
                files += ';' + b
        chars = lengths.get(i, 420 + 37 * i)
        honors = f'{int(birth[:4]) + 30}年获嘉兴市技术能手称号；{int(birth[:4]) + 33}年获浙江省技术能手称号；2019年获嘉兴市“南湖百杰”称号'
        row = {
            '序号': str(i + 1), '申报类别': level, '姓名': name, '性别': sex,
            '出生年月': '%s.%s' % (birth[:4], birth[4:6]), '民族': nation, '籍贯': native, '学历': edu,
            '政治面貌': party, '职业（工种）及技能等级': job, '身份证号': idno,
            '手机': '1%d%08d' % (rng.choice([35, 38, 39, 50, 58, 88]), rng.randint(10**7, 10**8 - 1)),
            '工作单位': employer, '职务': post, '通信地址': '%s%s' % (native.replace('浙江省', ''), '某路%d号' % (10 + i * 13)),
            '电子邮箱': 'jx%04d@example.com' % (1000 + i * 37), '推荐单位': unit,
            '是否愿意参评巧匠': ('是' if i % 2 == 0 else '否') if level == '嘉兴首席工匠' else '',
            '主要工作经历': history(p, rng),
            '本专业技术特长或技术绝招情况': f'擅长{skill}，能在{tol}精度要求下完成{part}的关键工序；熟练掌握{tech}技术。',
            '参加技能竞赛及获奖的情况': f'{int(birth[:4]) + 28}年获嘉兴市{trade(job)}职业技能竞赛第一名；{int(birth[:4]) + 31}年获浙江省职业技能大赛二等奖。',
            '技术革新、技术改造成果情况': f'主持“{part}工艺优化”等革新项目12项，获国家实用新型专利3项（ZL2019 2 0123456.7等）。',
            '培养技能人才或带徒情况': '带徒%d名，其中技师%d名、高级工%d名。' % (10 + i, 2 + i % 4, 5 + i % 3),
            '何年何月获得何种荣誉称号': honors,
            '主要贡献': contribution(p, rng, chars),
            '照片': photo_path, '最高学历取得院校': school,
            '主要业绩和技能荣誉': f'擅长{skill}，主持技术革新12项，获专利3项，带徒{10 + i}名；{honors}。'[:190],
            '来嘉工作时间': '%d.%02d' % (min(int(birth[:4]) + 20, 2016), 3 + i % 9),
            '单位成立时间': '%d.%02d' % (1985 + i * 2, 1 + i % 12),
            '是否公务员或参公人员': '否', '是否已入选“创新嘉兴·精英引领计划”': '否',
            '申报次数（含本次）': str(1 + i % 3),
            '被推荐人所在单位意见': f'{name}同志政治立场坚定，爱岗敬业，技术精湛，在{skill}方面有独到之处，主持完成多项技术革新，'
                                f'为企业创造了显著的经济效益，培养了一批技能骨干。经研究，同意推荐该同志申报{level}。',
            '佐证材料': files, '评审结果': result,
        }
        rows.append(row)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator='\r\n')
    w.writeheader()
    w.writerows(rows)
    open(os.path.join(OUT, 'candidates.csv'), 'w', encoding='utf-8', newline='').write(buf.getvalue())
    with open(os.path.join(OUT, 'units.csv'), 'w', encoding='utf-8', newline='') as f:
        uw = csv.writer(f, lineterminator='\r\n')
        uw.writerow(['推荐单位', '落款单位', '填报人', '联系电话', '手机', '联系地址', '邮编', '推荐日期'])
        for k, u in enumerate(UNITS):
            uw.writerow(list(u) + ['2020-08-%02d' % (3 + k % 4)])


if __name__ == '__main__':
    main()
