#!/usr/bin/python3
"""Records with hostile names and paths for tests/e2e/names.sh, made from
the first sample record:

  make_hostile.py samples/jiaxing-2020/candidates.csv OUT_DIR

writes OUT_DIR/names.csv (姓名 / 推荐单位 / 序号 that try to climb out of
the output folder, make folders, use characters Windows forbids or control
characters, run past 255 bytes, or repeat) and OUT_DIR/paths.csv (照片 and
佐证材料 paths outside the data folder), plus the photos/ and attachments/
they may legitimately name, and a file outside the data folder that no
record may reach (OUT_DIR/../secret.jpg). Column 序号 1..n keeps rows apart
in messages; expected outcomes are in names.sh."""
import csv
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
head, base = rows[0], rows[1]
H = {k: i for i, k in enumerate(head)}
os.makedirs(out, exist_ok=True)
for sub in ("photos", "attachments"):
    d = os.path.join(os.path.dirname(src), sub)
    if os.path.isdir(d):
        shutil.copytree(d, os.path.join(out, sub), dirs_exist_ok=True)
shutil.copy(os.path.join(out, "photos", "01.jpg"), os.path.join(out, "..", "secret.jpg"))


def rec(**kw):
    r = list(base)
    r[H["照片"]] = "photos/01.jpg"
    r[H["佐证材料"]] = ""
    for k, v in kw.items():
        r[H[k]] = v
    return r


# (姓名, 推荐单位, 序号); rows are numbered from 第2行 in this order
NAMES = [
    ("../../etc/passwd", "../上级", ""),            # 2: climbs
    ("a/b\\c", "/abs/unit", ""),                     # 3: separators
    ('王<>:"|?*一', '单位<>:"\\|?*', ""),            # 4: Windows-forbidden characters
    ("王" * 100, "嘉" * 100, ""),                    # 5: 300-byte name and unit
    ("王同名", "嘉善县", ""),                         # 6: namesakes ...
    ("王同名", "嘉善县", ""),                         # 7: ... must not overwrite each other
    ("王\x01二", "嘉善县", ""),                       # 8: control character: the record fails
    ("王三", "嘉善\x1b县", ""),                       # 9: control character in the unit: fails
    ("CON", "NUL", ""),                              # 10: Windows device names
    (".", "..", ""),                                 # 11: dot names
    (" 王四. ", "嘉善县 .", ""),                      # 12: trailing dots and spaces
    ("王五", "嘉善县", "../../9"),                     # 13: 序号 that climbs
]
with open(os.path.join(out, "names.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for name, unit, seq in NAMES:
        w.writerow(rec(姓名=name, 推荐单位=unit, 序号=seq))

PHOTOS = [
    "../secret.jpg",                    # 2
    os.path.abspath(os.path.join(out, "..", "secret.jpg")),  # 3: absolute
    "photos/../../secret.jpg",          # 4
    "C:\\secret.jpg",                   # 5: a Windows drive
    "photos\\01.jpg",                   # 6: a backslash
    "photos/01.jpg",                    # 7: fine
]
# 佐证材料 (bound into the unit's 装订册), each in a unit of its own
FILES = [
    ("平湖市", "../secret.jpg"),          # 8
    ("海宁市", "attachments/01_荣誉证书.jpg;" + os.path.abspath(os.path.join(out, "..", "secret.jpg"))),  # 9
    ("桐乡市", "attachments/01_荣誉证书.jpg"),  # 10: fine
]
with open(os.path.join(out, "paths.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for i, p in enumerate(PHOTOS):
        w.writerow(rec(姓名="王" + "一二三四五六七"[i], 照片=p))
    for i, (unit, files) in enumerate(FILES):
        w.writerow(rec(姓名="李" + "一二三"[i], 推荐单位=unit, 佐证材料=files))
