#!/usr/bin/python3
"""Writes samples/gangqu-2019/: 9 invented candidates for the 嘉兴港区“港区工匠”
评选 (嘉港区办〔2019〕60号), their photos, the units file and the error sample
candidates-errors.csv (each of its records breaks one rule of
templates/gangqu-2019/rules.yaml; the findings are in
tests/e2e/expected/gangqu-2019-errors.txt). Deterministic: run it again and
the files are byte-identical.

    /usr/bin/python3 samples/gangqu-2019/make-samples.py

Hard cases: rare characters in names (堃 喆 龑 䶮), a 主要业绩 just under the
300-Han-character limit, Latin and digits inside Chinese text (PLC、DCS、
0.01mm、ZL2017 1 0523456.1), closing marks that land at line starts and opening
marks at line ends, one candidate without a photo (the form prints the photo
box), a PNG photo.

评审结果 covers every stage: 入选 (证书, 公示), 拟入选 (公示 only), 未入选 and
empty (neither). 证明材料 are invented scans bound into the 装订册: a 1-bit
"scanned" 职业资格证书 PDF for most candidates, a phone photo (JPEG) of an
honour certificate for 序号1 (序号8 has no photo). The packet requires
them (required: true): a record without any gets a "未提交" page. The error
sample keeps its own header (no 证明材料, 评审结果 columns): its findings do not
depend on them.
"""
import csv
import io
import os
import random
import re
import time

from PIL import Image, ImageDraw, ImageFont

OUT = os.path.dirname(os.path.abspath(__file__))
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
FIXED = time.gmtime(1575158400)  # 2019-12-01: the PDFs' dates, so the bytes never change
FONTS = ['/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf',
         '/usr/share/fonts/truetype/arphic/uming.ttc']


def idcard(area, birth, seq, male):
    """GB 11643: area + YYYYMMDD + sequence (odd 17th digit = male) + check."""
    seq = seq * 2 + (1 if male else 0)
    body = '%s%s%03d' % (area, birth, seq % 1000)
    return body + '10X98765432'[sum(int(a) * b for a, b in zip(body, W)) % 11]


def photo(path, seed, size=(295, 413), fmt='JPEG', quality=80):
    """A plain portrait: coloured background, shoulders, face, hair."""
    rng = random.Random(seed)
    bg = rng.choice([(70, 120, 190), (200, 40, 40), (235, 235, 235)])
    im = Image.new('RGB', size, bg)
    d = ImageDraw.Draw(im)
    w, h = size
    skin = (rng.randint(210, 240), rng.randint(170, 200), rng.randint(140, 170))
    cloth = rng.choice([(30, 30, 40), (40, 60, 90), (240, 240, 240)])
    d.ellipse([w * 0.1, h * 0.62, w * 0.9, h * 1.25], fill=cloth)
    d.rectangle([w * 0.42, h * 0.45, w * 0.58, h * 0.66], fill=skin)
    d.ellipse([w * 0.28, h * 0.12, w * 0.72, h * 0.55], fill=skin)
    d.chord([w * 0.26, h * 0.08, w * 0.74, h * 0.42], 180, 360, fill=(25, 20, 20))
    if fmt == 'PNG':
        im.save(path, 'PNG', optimize=True)
    else:
        im.save(path, 'JPEG', quality=quality, optimize=True)


def font(px):
    for f in FONTS:
        if os.path.exists(f):
            return ImageFont.truetype(f, px)
    raise SystemExit('make-samples: no CJK font (install fonts-lxgw-wenkai)')


def certificate_pdf(path, rec, issuer='浙江省人力资源和社会保障厅'):
    """A 'scanned' 职业资格证书: one A4 page at 100 dpi, 1-bit (samples/jinzhong-2019 uses it too)."""
    rng = random.Random(path)
    im = Image.new('L', (827, 1169), 255)
    d = ImageDraw.Draw(im)
    d.rectangle([60, 70, 767, 1099], outline=0, width=4)
    d.rectangle([72, 82, 755, 1087], outline=0, width=1)
    d.text((413, 190), '中华人民共和国', font=font(34), fill=0, anchor='mm')
    d.text((413, 260), '职业资格证书', font=font(56), fill=0, anchor='mm')
    job, _, level = rec['职业资格及等级'].partition(' ')
    lines = [('姓　　名', rec['姓名']), ('性　　别', rec['性别']), ('身份证号', rec['身份证号']),
             ('职业（工种）', job), ('等　　级', level),
             ('证书编号', '%s%05d' % (rec['身份证号'][:6], 2000 + 41 * int(rec['序号'])))]
    y = 380
    for k, v in lines:
        d.text((130, y), k, font=font(28), fill=0)
        d.text((340, y), v, font=font(28), fill=0)
        d.line([(335, y + 38), (720, y + 38)], fill=0, width=1)
        y += 70
    d.text((413, 930), issuer, font=font(28), fill=0, anchor='mm')
    d.ellipse([470, 860, 630, 1020], outline=0, width=3)
    d.text((150, 1040), '（本证书复印件与原件一致）', font=font(20), fill=0)
    im = im.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, fillcolor=255)
    px = im.load()
    for _ in range(300):  # scanner dust
        px[rng.randrange(827), rng.randrange(1169)] = 0
    im.point(lambda v: 255 if v > 150 else 0).convert('1').save(
        path, 'PDF', resolution=100.0, title=rec['姓名'] + ' 职业资格证书',
        creationDate=FIXED, modDate=FIXED)


def honour_jpg(path, name, award, issuer, date):
    """A colour photograph of a 荣誉证书 taken with a phone: slightly rotated."""
    rng = random.Random(path)
    w, h = 900, 640
    im = Image.new('RGB', (w, h), (205, 200, 190))
    paper = Image.new('RGB', (800, 560), (250, 244, 228))
    d = ImageDraw.Draw(paper)
    d.rectangle([20, 20, 780, 540], outline=(190, 150, 60), width=8)
    d.text((400, 110), '荣誉证书', font=font(64), fill=(190, 20, 20), anchor='mm')
    d.text((110, 220), '%s同志：' % name, font=font(32), fill=(30, 30, 30))
    d.text((170, 290), '荣获%s。' % award, font=font(32), fill=(30, 30, 30))
    d.text((170, 340), '特发此证，以资鼓励。', font=font(32), fill=(30, 30, 30))
    d.text((470, 440), issuer, font=font(30), fill=(30, 30, 30))
    d.text((470, 485), date, font=font(28), fill=(30, 30, 30))
    d.ellipse([480, 380, 640, 540], outline=(200, 30, 30), width=5)
    paper = paper.rotate(rng.uniform(-2, 2), resample=Image.BICUBIC, expand=True, fillcolor=(205, 200, 190))
    im.paste(paper, ((w - paper.width) // 2, (h - paper.height) // 2))
    im.save(path, 'JPEG', quality=72, optimize=True)


def han(s):
    return len(re.findall(r'[\u3400-\u9fff\U00020000-\U0003ffff]', s))


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, '') for h in header])
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(buf.getvalue())


HEADER = ['序号', '姓名', '性别', '户籍', '身份证号', '学历', '从事专业', '本工种年限', '归口行业',
          '技术职称及等级', '职业资格及等级', '工作单位', '在港区工作年限', '手机', '通信地址', '办公电话',
          '电子邮箱', '推荐类型', '推荐单位', '工作简历', '获得过何种荣誉和奖励', '获得的发明专利及专利号',
          '主要业绩', '照片', '证明材料', '评审结果']
ERRORS_HEADER = HEADER[:-1]  # the error sample: no 评审结果 (a 申报-stage file); 证明材料 are handed in

UNITS = [  # 推荐单位, 填报人, 联系电话, 手机, 联系地址, 推荐日期
    ('嘉兴港区恒远化工有限公司', '沈丽华', '0573-85581201', '13957312601', '嘉兴港区乍浦镇东方大道88号', '2019-12-05'),
    ('浙江乍浦港口集装箱码头有限公司', '陈立新', '0573-85582302', '13857323602', '嘉兴港区乍浦镇港口大道1号', '2019-12-06'),
    ('嘉兴港区石化新材料行业协会', '周海燕', '0573-85583403', '15057334603', '嘉兴港区乍浦镇平海路1111号', '2019-12-04'),
    ('嘉兴港区港口物流行业协会', '钱建华', '0573-85584504', '13705745604', '嘉兴港区乍浦镇中山西路318号', '2019-12-06'),
    ('浙江华港精密机械有限公司', '吴丹', '0573-85585605', '13605756605', '嘉兴港区乍浦镇滨海大道2299号', '2019-12-05'),
    ('乍浦镇', '许文斌', '0573-85521706', '13567367606', '嘉兴港区乍浦镇雅山西路158号', '2019-12-09'),
]

P = [
    dict(姓名='沈堃', 性别='男', 户籍='浙江省平湖市', area='330482', birth='19820316', 学历='大学专科',
         从事专业='化工总控工', 本工种年限='16', 归口行业='石化新材料', 技术职称及等级='助理工程师',
         职业资格及等级='化工总控工 高级技师（一级）', 工作单位='嘉兴港区恒远化工有限公司', 在港区工作年限='16',
         手机='13957312611', 通信地址='嘉兴港区乍浦镇东方大道88号', 办公电话='0573-85581218',
         电子邮箱='shenkun@hengyuan-chem.example.cn', 推荐类型='单位推荐', 推荐单位='嘉兴港区恒远化工有限公司',
         工作简历='2003.07—2008.02　嘉兴港区恒远化工有限公司　环氧乙烷装置操作工\n'
                  '2008.03—2014.06　嘉兴港区恒远化工有限公司　主操、班长\n'
                  '2014.07—至今　嘉兴港区恒远化工有限公司　生产部副经理、首席操作师',
         获得过何种荣誉和奖励='2012年获嘉兴市化工总控工职业技能竞赛第一名；2015年获“浙江省技术能手”称号；'
                           '2017年获嘉兴市五一劳动奖章；2018年获“嘉兴港区优秀人才”称号。',
         获得的发明专利及专利号='一种环氧乙烷精馏塔节能控制方法（ZL2017 1 0523456.1）；'
                             '一种反应釜尾气回收装置（实用新型，ZL2016 2 0781234.5）。',
         主要业绩='扎根化工生产一线十六年，熟练掌握环氧乙烷、乙二醇装置全流程操作，能凭声音和仪表细微变化判断设备隐患，'
                  '被同事称为装置的“听诊器”。主持“精馏塔回流比优化”攻关，使蒸汽单耗下降百分之八点五，年节约成本六百余万元；'
                  '牵头编写《装置开停车操作规程》等岗位标准十二项，实现连续安全生产两千一百余天。带徒二十三名，'
                  '其中九人取得技师资格，三人成为装置主操。领衔的“尾气回收”项目获嘉兴市职工技术创新成果一等奖，'
                  '获发明专利一项、实用新型专利三项。多次在夜间紧急处置中排除重大险情，保障了园区上下游企业的稳定生产，'
                  '以精益求精的工匠精神带出了一支作风过硬的操作团队。2019年，他又带领“沈堃技能大师工作室”完成装置“安、稳、长、满、优”运行评估，提出整改建议四十余条，全部落实到位，受到园区通报表扬。', photo='jpg'),
    dict(姓名='王喆', 性别='男', 户籍='浙江省嘉兴市南湖区', area='330402', birth='19860722', 学历='大学本科',
         从事专业='电工', 本工种年限='12', 归口行业='先进制造业', 技术职称及等级='工程师',
         职业资格及等级='电工 高级技师（一级）', 工作单位='浙江华港精密机械有限公司', 在港区工作年限='9',
         手机='13857323612', 通信地址='嘉兴港区乍浦镇滨海大道2299号', 办公电话='0573-85585618',
         电子邮箱='wangzhe@huagang.example.com', 推荐类型='单位推荐', 推荐单位='浙江华港精密机械有限公司',
         工作简历='2007.07—2010.08　嘉兴某电气设备有限公司　维修电工\n'
                  '2010.09—至今　浙江华港精密机械有限公司　设备部电气工程师、电气班长',
         获得过何种荣誉和奖励='2014年获浙江省电工职业技能竞赛第三名；2016年获“嘉兴市技术能手”称号；'
                           '2019年被评为嘉兴港区“优秀共产党员”。',
         获得的发明专利及专利号='一种基于PLC的数控机床主轴温升补偿系统（ZL2018 1 0334567.2）。',
         主要业绩='主持完成全厂三十二台数控机床的PLC控制系统改造，把主轴温升引起的加工误差从0.02mm控制到0.005mm以内；'
                  '自主开发设备远程诊断平台，故障平均修复时间由四小时缩短到四十分钟。带徒十二名，其中高级技师二名。'
                  '2018年领衔的“智能产线电气改造”获嘉兴市职工技术创新成果二等奖。', photo='jpg'),
    dict(姓名='陆龑', 性别='男', 户籍='浙江省平湖市', area='330482', birth='19790105', 学历='高中',
         从事专业='港口装卸机械司机（岸桥）', 本工种年限='18', 归口行业='港口物流', 技术职称及等级='无',
         职业资格及等级='起重装卸机械操作工 技师（二级）', 工作单位='浙江乍浦港口集装箱码头有限公司', 在港区工作年限='18',
         手机='13705745613', 通信地址='嘉兴港区乍浦镇港口大道1号', 办公电话='0573-85582318',
         电子邮箱='', 推荐类型='行业组织推荐', 推荐单位='嘉兴港区港口物流行业协会',
         工作简历='2001.03—2004.12　乍浦港务公司　装卸工\n'
                  '2005.01—至今　浙江乍浦港口集装箱码头有限公司　岸桥司机、岸桥班组长',
         获得过何种荣誉和奖励='2013年获浙江省港口岸桥操作技能竞赛第二名；2016年获“浙江金蓝领”称号；'
                           '2018年获嘉兴市劳动模范称号。',
         获得的发明专利及专利号='无',
         主要业绩='总结出“一看二稳三对位”岸桥操作法，单机作业效率达每小时四十二自然箱，连续六年保持码头最高纪录；'
                  '十八年无一起责任事故。带徒三十一名，其中十一人成为岸桥骨干。', photo='jpg'),
    dict(姓名='张䶮', 性别='女', 户籍='浙江省海盐县', area='330424', birth='19900411', 学历='大学本科',
         从事专业='化学检验员', 本工种年限='8', 归口行业='石化新材料', 技术职称及等级='工程师',
         职业资格及等级='化学检验员 技师（二级）', 工作单位='嘉兴港区恒远化工有限公司', 在港区工作年限='8',
         手机='15057334614', 通信地址='嘉兴港区乍浦镇东方大道88号质检中心', 办公电话='0573-85581236',
         电子邮箱='zhangyan@hengyuan-chem.example.cn', 推荐类型='行业组织推荐', 推荐单位='嘉兴港区石化新材料行业协会',
         工作简历='2011.07—至今　嘉兴港区恒远化工有限公司　质检中心化验员、色谱组组长',
         获得过何种荣誉和奖励='2016年获嘉兴市化学检验员职业技能竞赛第一名，被授予“嘉兴市技术能手”称号；'
                           '2018年获浙江省化学检验员职业技能竞赛第三名。',
         获得的发明专利及专利号='一种聚酯切片中微量二甘醇的测定方法（ZL2019 1 0123789.0）。',
         主要业绩='建立气相色谱（GC）测定微量杂质的新方法，检出限由10ppm降至0.5ppm，为产品进入高端纺丝市场提供了数据支撑；'
                  '主导实验室通过CNAS认可。“张䶮色谱工作法”在园区六家企业推广。', photo='png'),
    dict(姓名='朱晓燕', 性别='女', 户籍='浙江省嘉善县', area='330421', birth='19850908', 学历='大学专科',
         从事专业='仪器仪表维修工', 本工种年限='14', 归口行业='石化新材料', 技术职称及等级='助理工程师',
         职业资格及等级='仪器仪表维修工 高级技师（一级）', 工作单位='嘉兴港区利安特种化学品有限公司', 在港区工作年限='11',
         手机='13605756615', 通信地址='嘉兴港区乍浦镇平海路1111号', 办公电话='0573-85583418',
         电子邮箱='zhuxy@lian-chem.example.com', 推荐类型='行业组织推荐', 推荐单位='嘉兴港区石化新材料行业协会',
         工作简历='2005.07—2008.06　嘉善某自动化仪表有限公司　仪表工\n'
                  '2008.07—至今　嘉兴港区利安特种化学品有限公司　仪表班长、DCS系统工程师',
         获得过何种荣誉和奖励='2015年获嘉兴市“巾帼建功标兵”称号；2017年获浙江省仪器仪表维修工技能竞赛第二名；'
                           '2019年获“浙江省技术能手”称号。',
         获得的发明专利及专利号='一种防爆型压力变送器快速校验装置（实用新型，ZL2018 2 0456123.9）。',
         主要业绩='负责全厂DCS、SIS系统和两千余台仪表的维护，牵头完成“安全仪表系统（SIS）国产化替代”，节约投资三百余万元；'
                  '编写的《仪表维修作业指导书》被协会推荐为园区通用教材。', photo='jpg'),
    dict(姓名='钱国平', 性别='男', 户籍='浙江省平湖市', area='330482', birth='19710624', 学历='技工学校',
         从事专业='焊工', 本工种年限='28', 归口行业='先进制造业', 技术职称及等级='无',
         职业资格及等级='焊工 高级技师（一级）', 工作单位='浙江华港精密机械有限公司', 在港区工作年限='22',
         手机='13567367616', 通信地址='平湖市乍浦镇南湾路12号', 办公电话='0573-85585631',
         电子邮箱='', 推荐类型='单位推荐', 推荐单位='浙江华港精密机械有限公司',
         工作简历='1991.07—1997.06　平湖市某锅炉厂　焊工\n'
                  '1997.07—至今　浙江华港精密机械有限公司　焊工、焊接车间技术主管',
         获得过何种荣誉和奖励='2009年获全国焊工职业技能竞赛浙江赛区第一名；2012年享受嘉兴市政府特殊津贴；'
                           '2016年建立“钱国平焊接技能大师工作室”（市级）。',
         获得的发明专利及专利号='一种大口径不锈钢管道自动氩弧焊工装（实用新型，ZL2015 2 0987654.3）。',
         主要业绩='掌握不锈钢、钛材、双相钢等多种材料的全位置焊接，压力容器焊缝一次探伤合格率连续十年保持百分之九十九以上。'
                  '技能大师工作室累计培训焊工六百余人次，带出技师十五名。', photo='jpg'),
    dict(姓名='徐建明', 性别='男', 户籍='浙江省海宁市', area='330481', birth='19760313', 学历='中专',
         从事专业='数控车工', 本工种年限='20', 归口行业='先进制造业', 技术职称及等级='无',
         职业资格及等级='数控车工 技师（二级）', 工作单位='浙江华港精密机械有限公司', 在港区工作年限='6',
         手机='18857378617', 通信地址='嘉兴港区乍浦镇滨海大道2299号', 办公电话='',
         电子邮箱='xujm@huagang.example.com', 推荐类型='单位推荐', 推荐单位='浙江华港精密机械有限公司',
         工作简历='1999.07—2013.05　海宁某机械制造有限公司　车工、数控车工\n'
                  '2013.06—至今　浙江华港精密机械有限公司　CNC车间组长',
         获得过何种荣誉和奖励='2014年获嘉兴市数控车工技能竞赛第二名；2018年获嘉兴港区“技术标兵”称号。',
         获得的发明专利及专利号='无',
         主要业绩='熟练操作五轴CNC加工中心，关键轴类零件尺寸精度稳定控制在0.01mm以内；优化刀具路径，单件加工时间缩短三成。', photo='jpg'),
    dict(姓名='顾佳丽', 性别='女', 户籍='浙江省平湖市', area='330482', birth='19880217', 学历='大学专科',
         从事专业='物流服务师', 本工种年限='9', 归口行业='现代服务业', 技术职称及等级='助理物流师',
         职业资格及等级='物流服务师 高级工（三级）', 工作单位='嘉兴港区通达国际物流有限公司', 在港区工作年限='9',
         手机='13957312618', 通信地址='嘉兴港区乍浦镇中山西路318号', 办公电话='0573-85584518',
         电子邮箱='gujiali@tongda-logistics.example.cn', 推荐类型='行业组织推荐', 推荐单位='嘉兴港区港口物流行业协会',
         工作简历='2010.07—至今　嘉兴港区通达国际物流有限公司　单证员、操作主管、危险品物流部经理',
         获得过何种荣誉和奖励='2017年获嘉兴市物流服务师职业技能竞赛第一名；2018年获嘉兴港区“青年岗位能手”称号。',
         获得的发明专利及专利号='无',
         主要业绩='建立危险品集装箱“一箱一档”追溯流程，全年差错率由千分之三降至零；牵头开发单证自动校验小程序，'
                  '每票单证处理时间由二十分钟缩短到五分钟。', photo=''),
    dict(姓名='马文涛', 性别='男', 户籍='浙江省嘉兴市秀洲区', area='330411', birth='19840529', 学历='高中',
         从事专业='机修钳工', 本工种年限='15', 归口行业='先进制造业', 技术职称及等级='无',
         职业资格及等级='机修钳工 技师（二级）', 工作单位='乍浦镇海塘精工机械厂', 在港区工作年限='15',
         手机='13705745619', 通信地址='嘉兴港区乍浦镇海塘路56号', 办公电话='0573-85521788',
         电子邮箱='mawentao@example.com', 推荐类型='单位推荐', 推荐单位='乍浦镇',
         工作简历='2004.03—至今　乍浦镇海塘精工机械厂　机修钳工、设备维修组组长',
         获得过何种荣誉和奖励='2015年获平湖市机修钳工技能竞赛第一名；2019年获“平湖市技术能手”称号。',
         获得的发明专利及专利号='一种减速机轴承快速拆装工具（实用新型，ZL2017 2 0654321.8）。',
         主要业绩='擅长大型减速机和空压机的故障诊断与修复，累计为镇内中小企业抢修关键设备三百余台次；'
                  '改进的轴承拆装工具使拆装时间缩短百分之六十。', photo='jpg'),
]


# 评审结果 by 序号: every stage of the selection is in the sample
RESULTS = {1: '入选', 2: '入选', 3: '入选', 4: '拟入选', 5: '入选', 6: '入选', 7: '未入选', 8: '', 9: '拟入选'}


def main():
    os.makedirs(os.path.join(OUT, 'photos'), exist_ok=True)
    os.makedirs(os.path.join(OUT, 'attachments'), exist_ok=True)
    rows = []
    for i, p in enumerate(P, 1):
        r = dict(p)
        r['序号'] = str(i)
        r['身份证号'] = idcard(p['area'], p['birth'], 10 + i, p['性别'] == '男')
        assert han(r['主要业绩']) <= 300, (r['姓名'], han(r['主要业绩']))
        if p['photo']:
            name = 'photos/%02d.%s' % (i, p['photo'])
            photo(os.path.join(OUT, name), 'gangqu-%d' % i, fmt='PNG' if p['photo'] == 'png' else 'JPEG')
            r['照片'] = name
        r['评审结果'] = RESULTS[i]
        files = ['attachments/%02d_职业资格证书.pdf' % i]
        certificate_pdf(os.path.join(OUT, files[-1]), r)
        if i == 1:
            files.append('attachments/01_荣誉证书.jpg')
            honour_jpg(os.path.join(OUT, files[-1]), r['姓名'], '“浙江省技术能手”称号',
                       '浙江省人力资源和社会保障厅', '二〇一五年十二月')
        r['证明材料'] = ';'.join(files)
        rows.append(r)
    print('longest 主要业绩: %d Han characters' % max(han(r['主要业绩']) for r in rows))
    write_csv(os.path.join(OUT, 'candidates.csv'), HEADER, rows)
    write_csv(os.path.join(OUT, 'units.csv'), ['推荐单位', '填报人', '联系电话', '手机', '联系地址', '推荐日期'],
              [dict(zip(['推荐单位', '填报人', '联系电话', '手机', '联系地址', '推荐日期'], u)) for u in UNITS])
    errors(rows)


def errors(good):
    """candidates-errors.csv: each record breaks one rule (see the expected findings)."""
    os.makedirs(os.path.join(OUT, 'errors'), exist_ok=True)
    with open(os.path.join(OUT, 'errors', 'broken.jpg'), 'w') as f:
        f.write('这不是图片\n')
    base = dict(good[1])  # 王喆: passes every rule
    base['序号'] = ''

    seq = iter(range(60, 100))

    def rec(**kw):
        r = dict(base)
        r['身份证号'] = idcard('330402', '19860722', next(seq), True)
        r.update(kw)
        return r

    def bad_check(idn):
        return idn[:-1] + ('3' if idn[-1] != '3' else '4')

    too_long = good[0]['主要业绩'] + '近年来又主持完成园区公用工程管网优化，节约用水百分之十二，受到管委会通报表扬。'
    rows = [
        rec(),                                                                  # 2: clean
        rec(姓名='林海', 在港区工作年限='2'),                                    # 3: 不满3年
        rec(姓名='周雨'),                                                        # 4: 校验位（below）
        rec(姓名='吴倩', 性别='女'),                                             # 5: 性别与身份证号不符
        rec(姓名='郑强', 主要业绩=too_long),                                     # 6: 超过300个汉字
        rec(姓名='孙涛', 本工种年限='十年', 手机='1385732361'),                 # 7: 非数字；手机位数
        rec(姓名='冯磊', 推荐类型='个人自荐', 电子邮箱='fenglei＠example.com'),  # 8: 选项；全角＠
        rec(姓名='褚明', 推荐类型='行业组织推荐'),                              # 9: 行业组织推荐的不是社会团体
        rec(姓名='卫东', 工作单位='', 获得的发明专利及专利号=''),               # 10: 必填；宜填
        rec(姓名='蒋华', 照片='errors/broken.jpg'),                             # 11: 照片损坏
    ]
    rows[2]['身份证号'] = bad_check(rows[2]['身份证号'])
    rows.append(dict(rows[0], 姓名='王喆'))                                    # 12: 与第2行重复
    write_csv(os.path.join(OUT, 'candidates-errors.csv'), ERRORS_HEADER, rows)


if __name__ == '__main__':
    main()
