#!/usr/bin/python3
"""Records for tests/e2e/public.sh (issue 11 items 7, 10, 13, 15, 21).

Writes into OUTDIR (a copy of samples/jiaxing-2020 made by the caller) one CSV
per case, each made of the first records of the sample with one field changed:
  noname.csv    row 3 (顾喆) has no 姓名; row 2 (欧阳堃) has an error
  escape.csv    row 2's 职务 and 姓名 carry ESC sequences, row 3's 籍贯 a CR
  leak.csv      row 2's 工作单位 carries a mobile number, row 3's 姓名 an ID number
  leak2.csv     rows 2-6 carry an e-mail, a landline, a street address, a dotted ID and an
                em-dashed mobile in fields the 公示 prints; row 7 is clean
  leak3.csv     rows 2-6 carry a mobile written 0086-…, 0086 …, with slashes, with
                underscores and with a letter glued on; row 7 is clean but has a 邮编, a
                date range and a certificate number in fields the 公示 prints
  poison.csv    all 入选 in 嘉善县: row 2's 姓名 has U+17000, row 3's U+202E, row 4's
                U+FEFF, row 5 a damaged photo, row 6 an ESC in 职务; row 7 names a
                photo file that does not exist (a warning: the form keeps its box);
                rows 8 and 9 are fine
"""
import csv
import sys

out = sys.argv[1]
src = 'samples/jiaxing-2020/candidates.csv'
with open(src, encoding='utf-8') as f:
    reader = csv.DictReader(f)
    head = reader.fieldnames
    rows = list(reader)


def write(name, recs):
    with open(f'{out}/{name}', 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, head)
        w.writeheader()
        w.writerows(recs)


def first(n):
    return [dict(r) for r in rows[:n]]


def selected(n):
    """The first n records, all 入选 (on the 公示 and the certificates)."""
    recs = first(n)
    for r in recs:
        r['评审结果'] = '入选'
    return recs


recs = first(3)
recs[0]['性别'] = '未知'          # an error on 欧阳堃's row
recs[1]['姓名'] = ''
write('noname.csv', recs)

recs = first(3)
recs[0]['职务'] = '主任\x1b[31m红\x1b[0m'
recs[0]['姓名'] = '欧阳\x1b[2J堃'
recs[1]['籍贯'] = '浙江\r[成功] 假的'
write('escape.csv', recs)

recs = selected(3)
recs[0]['工作单位'] = '某公司（联系电话13957312468）'
recs[1]['姓名'] = '顾喆330421197603142131'
write('leak.csv', recs)

recs = selected(6)
leaks = [('工作单位', '某公司 wangyan@163.com'), ('职业（工种）及技能等级', '钳工（0573-83334444）'),
         ('工作单位', '平湖市当湖街道胜利路288号'), ('工作单位', '某公司330421.19760314.2131'),
         ('工作单位', '某公司139—5731—2468')]
for r, (field, value) in zip(recs, leaks):
    r[field] = value
write('leak2.csv', recs)

recs = selected(6)
leaks = [('工作单位', '恒达公司（0086-139-5731-2468）'), ('工作单位', '恒达公司（0086 13957312468）'),
         ('工作单位', '某酒店（139/5731/2468）'), ('职业（工种）及技能等级', '钳工（139_5731_2468）'),
         ('工作单位', '恒达公司（微信 13957312468a）'),
         ('工作单位', '嘉兴市某公司（邮编314100，2003.09-2016.01）')]
for r, (field, value) in zip(recs, leaks):
    r[field] = value
recs[5]['职业（工种）及技能等级'] = '钳工 高级技师（证书1733000000300456）'
write('leak3.csv', recs)

# numbers a clerk wrapped by hand in the cell (Alt+Enter) or spaced around a dash; the
# fourth record is clean, so there is a 公示
recs = selected(4)
leaks = [('工作单位', '嘉善恒达3304211976\n03142131'), ('工作单位', '嘉善恒达 139\n5731\r\n2468'),
         ('职业（工种）及技能等级', '钳工 139 - 5731 - 2468')]
for r, (field, value) in zip(recs, leaks):
    r[field] = value
write('leak4.csv', recs)

recs = first(8)
for i, r in enumerate(recs):  # 3 首席工匠 and 5 巧匠: within 嘉善县's quota
    r['评审结果'] = '入选'
    r['推荐单位'] = '嘉善县'
    r['申报类别'] = '嘉兴首席工匠' if i < 3 else '嘉兴巧匠'
    r['是否愿意参评巧匠'] = '是' if i < 3 else ''
recs[0]['姓名'] = '王\U00017000'
recs[1]['姓名'] = '顾\u202e喆'
recs[2]['姓名'] = '\ufeff王䶮'
recs[3]['照片'] = 'photos/broken.jpg'
recs[4]['职务'] = '主任\x1b[31m'
recs[5]['照片'] = 'photos/none-such.jpg'
write('poison.csv', recs)
with open(f'{out}/photos/broken.jpg', 'wb') as f:
    f.write(b'\xff\xd8\xff\xe0 this is not a JPEG')
