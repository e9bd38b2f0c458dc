#!/usr/bin/python3
"""Rows of a listing that continue over pages (汇总表 PDF with 1500-character
业绩/获奖 cells), read from layout dumps.

  splitcheck.py make PROGRAM SAMPLES.csv OUT.csv   # the records to build
  splitcheck.py check OUT.csv BOTTOM_MM DUMP...     # the dumps of their 汇总表
  splitcheck.py many SAMPLES.csv OUT.csv N          # N plain records of one unit
  splitcheck.py last OUT.csv DUMP...                # the closing line keeps rows company

`make` writes four records of PROGRAM's samples whose long fields (业绩,
获奖情况 …) hold 1500 characters drawn from a set of characters of that
record alone (鳞潜羽翔… for the first, 松柏梧桐… for the second …), with
e-mail addresses and URLs among them, a long 工作单位 and 职务, rare and
transcribed names and IDs of their own.

`many` writes N copies of the samples' first record with names and IDs of
their own (a unit's 汇总表 of several pages); `last` fails a dump whose last
page shows fewer than two records' ID numbers (the sign-and-seal line
「单位负责人（签字）…（单位盖章）」 alone on it).

`check` fails a dump when a page
- shows a record's long text without that record's ID number (a continued
  row repeating another person's details, or none at all: the first
  record's 序号, 姓名, ID printed nowhere), or a table without any record's
  ID (its header alone at the page's foot);
- repeats 「（续）」 more than once (glued to every short cell);
- has a table rule or table text below the type area's foot (BOTTOM_MM
  above the page's bottom edge), or a table whose lowest vertical rule is not
  closed by a horizontal one (text run out of the grid).
"""
import csv
import re
import sys

MM = 72 / 25.4
SETS = ['鳞潜羽翔龙凤麒麟', '松柏梧桐杨柳桃李', '江河湖海溪涧潭渊', '琴瑟笙箫鼓磬钟铎']
LATIN = ['联系邮箱：zhang.wei-2020@example-company.com.cn，',
         '网址：https://www.example.org/studio/1234，', '设备DMU-65 monoBLOCK，']
NAMES = ['阿卜杜热合曼·买买提明', '欧阳堃', '司马䶮', '诸葛𠀾喆']
LONG = ('获奖情况', '主要业绩和技能荣誉', '主要技能、技术成果和业绩贡献', '主要业绩',
        '传技带徒情况', '主要贡献')
IDS = ('身份证号', '身份证号码')
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idno(first17):
    return first17 + '10X98765432'[sum(int(a) * w for a, w in zip(first17, W)) % 11]


def text_of(k):
    chars, out, i = SETS[k], '', 0
    while len(out) < 1490:
        out += ''.join(chars[(i + j) % 8] for j in range(11)) + '，'
        if i % 9 == 4:
            out += LATIN[(i // 9) % 3]
        i += 1
    return out[:1499] + '。'


def make(program, samples, out):
    rows = list(csv.DictReader(open(samples, encoding='utf-8-sig', newline='')))
    recs = []
    for k in range(4):
        r = dict(rows[k % len(rows)])
        r['姓名'] = NAMES[k]
        r['推荐单位'] = rows[0]['推荐单位']
        for f in LONG:
            if f in r:
                r[f] = text_of(k)
        for f in IDS:
            if r.get(f):
                male = r.get('性别', '男') == '男'
                r[f] = idno(r[f][:14] + '%03d' % (11 + 2 * k + (0 if male else 1)))
        if '工作单位' in r:
            r['工作单位'] = '浙江省嘉兴港区石油化工新材料产业集聚区管理委员会下属国有资产经营投资集团有限责任公司第二分公司（筹）'
        if '职务' in r:
            r['职务'] = '党委副书记、副董事长、总经理兼首席技术官（CTO）'
        if '专业技术职称' in r:
            r['专业技术职称'] = '正高级工程师（教授级高级工程师）'
        recs.append(r)
    w = csv.DictWriter(open(out, 'w', encoding='utf-8', newline=''), fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(recs)


def many(samples, out, n):
    rows = list(csv.DictReader(open(samples, encoding='utf-8-sig', newline='')))
    sur = '丁于万马王文方孔邓田白刘许孙李杨吴何宋张陈林罗周郑赵胡钟姜贺袁钱徐高郭黄曹梁葛董蒋韩谢蔡潘戴魏'
    recs = []
    for i in range(n):
        r = dict(rows[0])
        r['姓名'] = sur[i % len(sur)] + '国' + '建晓志立文'[i % 5]
        for f in IDS:
            if r.get(f):
                male = r.get('性别', '男') == '男'
                r[f] = idno(r[f][:14] + '%03d' % (2 * i + (1 if male else 2)))
        if '序号' in r:
            r['序号'] = str(i + 1)
        recs.append(r)
    w = csv.DictWriter(open(out, 'w', encoding='utf-8', newline=''), fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(recs)


def last(records, dumps):
    recs = list(csv.DictReader(open(records, encoding='utf-8-sig', newline='')))
    ids = {next(r[f] for f in IDS if r.get(f)) for r in recs}
    failed = 0
    for path in dumps:
        p = pages_of(path)[-1]
        shown = sum(t[3] in ids for t in p['texts'])
        if shown < 2:
            print('%s 第%d页（末页）：只有 %d 条记录，落款行几乎独自成页' % (path.split('/')[-1], p['no'], shown))
            failed += 1
    print('splitcheck last: %d passed, %d failed' % (len(dumps) - failed, failed))
    return 1 if failed or not dumps else 0


TEXT = re.compile(r'^  text .*? x=([\d.-]+) y=([\d.-]+) w=([\d.]+)(?: ink=\S+)? "(.*)"$')
LINE = re.compile(r'^  line=([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) ')
PAGE = re.compile(r'^page (\d+) ([\d.]+)x([\d.]+)')
FOOTER = re.compile(r'^第\s*\d+\s*页')


def pages_of(path):
    pages = []
    for raw in open(path, encoding='utf-8'):
        m = PAGE.match(raw)
        if m:
            pages.append({'no': int(m[1]), 'h': float(m[3]), 'texts': [], 'lines': []})
            continue
        m = TEXT.match(raw)
        if m and pages:
            pages[-1]['texts'].append((float(m[1]), float(m[2]), float(m[3]), m[4]))
            continue
        m = LINE.match(raw)
        if m and pages:
            pages[-1]['lines'].append(tuple(float(v) for v in m.groups()))
    return pages


def check(records, bottom_mm, dumps):
    recs = list(csv.DictReader(open(records, encoding='utf-8-sig', newline='')))
    ids = [next(r[f] for f in IDS if r.get(f)) for r in recs]
    failed = 0
    for path in dumps:
        found = []
        for p in pages_of(path):
            where = '%s 第%d页' % (path.split('/')[-1], p['no'])
            foot = p['h'] - bottom_mm * MM + 0.5
            body = [t for t in p['texts'] if not FOOTER.match(t[3].replace(' ', ''))]
            runs = [t[3] for t in body]
            for k in range(min(len(recs), len(SETS))):
                if any(sum(ch in SETS[k] for ch in s) >= 2 for s in runs) and ids[k] not in runs:
                    found.append('%s：第%d条记录（%s）的文字在此页，身份证号不在' % (where, k + 1, recs[k]['姓名']))
            if p['lines'] and not any(i in runs for i in ids):
                found.append('%s：表格在此页，却没有一条记录的身份证号（表头独自在页脚？）' % where)
            n = sum(s.count('（续）') for s in runs)
            if n > 1:
                found.append('%s：「（续）」出现 %d 次' % (where, n))
            low = [t for t in body if t[1] > foot]
            if low:
                found.append('%s：文字「%s」在版心下沿（%.1f）以下 y=%.1f' % (where, low[0][3], foot, low[0][1]))
            if any(max(l[1], l[3]) > foot for l in p['lines']):
                found.append('%s：表格线在版心下沿以下' % where)
            verticals = [l for l in p['lines'] if abs(l[0] - l[2]) < 0.01]
            if verticals:
                y = max(max(l[1], l[3]) for l in verticals)
                xs = [l[0] for l in verticals if abs(max(l[1], l[3]) - y) < 0.01]
                closed = all(any(abs(l[1] - y) < 0.01 and abs(l[3] - y) < 0.01 and
                                 min(l[0], l[2]) <= x + 0.01 and max(l[0], l[2]) >= x - 0.01
                                 for l in p['lines']) for x in xs)
                if not closed:
                    found.append('%s：表格在 y=%.1f 处没有底线' % (where, y))
        for f in found:
            print(f)
        failed += bool(found)
    print('splitcheck: %d passed, %d failed' % (len(dumps) - failed, failed))
    return 1 if failed or not dumps else 0


if __name__ == '__main__':
    if sys.argv[1] == 'make':
        make(*sys.argv[2:5])
        sys.exit(0)
    if sys.argv[1] == 'many':
        many(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        sys.exit(0)
    if sys.argv[1] == 'last':
        sys.exit(last(sys.argv[2], sys.argv[3:]))
    sys.exit(check(sys.argv[2], float(sys.argv[3]), sys.argv[4:]))
