#!/usr/bin/python3
"""bench/gen.py N OUT_DIR [phone]: N synthetic candidates made from the 嘉兴 samples (names
numbered, ID numbers re-derived with a valid check digit), with the photos and
units file copied, so wenshu build runs on realistic content at any size.
With 'phone', each record has a photo file of its own as a phone takes it: 3000 x 4000
JPEG (12 megapixels, ~2 MB; five pictures, each copied under every record's name)."""
import csv
import os
import shutil
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples', 'jiaxing-2020')


def phone_photos(out, n):
    """photos/phoneNNNN.jpg for record NNNN: the sample's photos enlarged, with grain."""
    from PIL import Image, ImageFilter
    import random
    random.seed(1)
    made = []
    for k, name in enumerate(('01.jpg', '02.jpg', '03.jpg', '04.jpg', '05.jpg')):
        im = Image.open(os.path.join(SRC, 'photos', name)).convert('RGB').resize((3000, 4000))
        grain = Image.effect_noise((3000, 4000), 24).convert('RGB')
        im = Image.blend(im, grain, 0.12).filter(ImageFilter.SMOOTH)
        path = os.path.join(out, 'photos', 'phone-%d.jpg' % k)
        im.save(path, quality=92)
        made.append(path)
    for i in range(n):
        shutil.copy(made[i % len(made)], os.path.join(out, 'photos', 'phone%04d.jpg' % i))
    return ['photos/phone%04d.jpg' % i for i in range(n)]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    phones = None
    os.makedirs(out, exist_ok=True)
    for d in ('photos', 'attachments'):
        shutil.copytree(os.path.join(SRC, d), os.path.join(out, d), dirs_exist_ok=True)
    shutil.copy(os.path.join(SRC, 'units.csv'), out)
    if len(sys.argv) > 3 and sys.argv[3] == 'phone':
        phones = phone_photos(out, n)
    rows = list(csv.DictReader(open(os.path.join(SRC, 'candidates.csv'), encoding='utf-8')))
    with open(os.path.join(out, 'candidates.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for i in range(n):
            r = dict(rows[i % len(rows)])
            r['序号'] = str(i + 1)
            r['姓名'] = r['姓名'] + str(i // len(rows) + 1) if i >= len(rows) else r['姓名']
            body = r['身份证号'][:14] + '%03d' % ((i * 2 + int(r['身份证号'][16]) % 2) % 1000)
            r['身份证号'] = body + '10X98765432'[sum(int(a) * b for a, b in zip(body, W)) % 11]
            if phones:
                r['照片'] = phones[i]
            w.writerow(r)


if __name__ == '__main__':
    main()
