#!/usr/bin/python3
"""Regenerates the binary files beside the hand-written sample records, and the test images.

    /usr/bin/python3 scripts/make-sample-photos.py            # both
    /usr/bin/python3 scripts/make-sample-photos.py samples    # samples/jiaxing-2020 only
    /usr/bin/python3 scripts/make-sample-photos.py tests      # tests/data/photos only

The repository ships the files this writes; run it only to change or restore them. It needs
Pillow (python3-pil) and a CJK font (fonts-lxgw-wenkai, which has 𠀾 U+2003E; else
fonts-arphic-uming). Everything is deterministic (fixed seeds, fixed PDF dates): a second run
gives byte-identical files.

samples (reads samples/jiaxing-2020/candidates.csv, the source of truth, written by hand):
  photos/NN.jpg        one portrait placeholder per record whose 照片 cell names a file:
                       2寸 (35×49 mm → 413×579 px), JPEG quality 80, ≤ 60 KB; a coloured
                       background and a head-and-shoulders figure, no text. Whatever the cell
                       names decides the kind: a .png is written as PNG; photos/07.jpg is 3:4
                       (450×600) and photos/10.jpg landscape (640×480), to show that the form
                       fits a picture into the photo box keeping its aspect ratio.
  attachments/NN_职业资格证书.pdf
                       the record's 佐证材料 PDFs: one A4 page, a "scanned" certificate
                       (1-bit image, CCITT G4) naming the candidate, occupation and level.
  attachments/01_荣誉证书.jpg
                       a colour "phone photo" of an honour certificate (JPEG attachment).

tests (tests/data/photos/, used through the symlink tests/data/bad/photos by
tests/data/bad/photos.csv in tests/e2e/run.sh):
  ok.jpg               a small plain portrait
  corrupt.jpg          the first 700 bytes of a real JPEG (SOI, headers) then garbage: damaged
  not-an-image.jpg     a text file named .jpg
  interlaced.png       an Adam7-interlaced 8-bit RGB PNG (written by hand: Pillow cannot)
  gray16.png           a 16-bit greyscale PNG
  exif-rotated.jpg     pixels stored landscape with EXIF Orientation=6: shows as a portrait
  cmyk.jpg             a CMYK (Adobe) JPEG
"""
import csv
import io
import math
import os
import random
import struct
import sys
import time
import zlib

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
SAMPLES = os.path.join(ROOT, 'samples', 'jiaxing-2020')
TESTS = os.path.join(ROOT, 'tests', 'data', 'photos')
FIXED = time.gmtime(1596585600)  # 2020-08-05: the PDFs' dates, so the bytes never change
FONTS = ['/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf',
         '/usr/share/fonts/truetype/arphic/uming.ttc']

SIZE_2CUN = (413, 579)          # 35×49 mm at 300 dpi
SPECIAL_SIZES = {'photos/07.jpg': (450, 600),   # 3:4
                 'photos/10.jpg': (640, 480)}   # landscape


def font(px):
    for f in FONTS:
        if os.path.exists(f):
            return ImageFont.truetype(f, px)
    sys.exit('make-sample-photos: no CJK font (install fonts-lxgw-wenkai)')


# --- portraits ---------------------------------------------------------------------------

BACKGROUNDS = [((67, 142, 219), (120, 180, 240)),    # ID-photo blue
               ((238, 238, 238), (255, 255, 255)),   # white
               ((190, 30, 45), (220, 60, 70))]       # red
SKINS = [(236, 200, 175), (226, 186, 158), (214, 170, 140), (240, 208, 186)]
CLOTHES = [(35, 38, 48), (30, 45, 80), (55, 55, 60), (25, 70, 130)]  # dark suits, a work-uniform blue


def portrait(size, seed, female, noise=True):
    """A head-and-shoulders figure on a 2寸-photo background, drawn at 2× and scaled down.
    noise: a little sensor noise, so that a JPEG compresses like a photograph (not for PNG)."""
    rng = random.Random(seed)
    w, h = size[0] * 2, size[1] * 2
    top, bottom = BACKGROUNDS[seed % len(BACKGROUNDS)] if seed % 5 else BACKGROUNDS[0]
    im = Image.new('RGB', (w, h))
    d = ImageDraw.Draw(im)
    for y in range(h):  # vertical gradient, as a studio backdrop
        t = y / h
        d.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    # the figure is laid out in a 2寸 box centred in the picture (wider pictures get more background)
    fh = h
    fw = min(w, int(h * 413 / 579))
    x0 = (w - fw) // 2
    cx = x0 + fw / 2
    skin = SKINS[rng.randrange(len(SKINS))]
    cloth = CLOTHES[rng.randrange(len(CLOTHES))]
    hair = (rng.randint(15, 40),) * 3
    shade = tuple(max(0, c - 25) for c in skin)
    hw = fw * rng.uniform(0.19, 0.22)        # half the face width
    hh = fh * rng.uniform(0.165, 0.18)       # half the face height
    cy = fh * 0.40
    if female:  # long hair behind the head and shoulders
        d.rounded_rectangle([cx - hw * 1.35, cy - hh * 1.1, cx + hw * 1.35, cy + hh * 1.55], radius=int(hw), fill=hair)
    # shoulders and jacket
    d.ellipse([x0 + fw * 0.02, fh * 0.70, x0 + fw * 0.98, fh * 1.45], fill=cloth)
    # neck
    d.rectangle([cx - hw * 0.45, cy + hh * 0.6, cx + hw * 0.45, fh * 0.76], fill=shade)
    # shirt collar: a white V under the chin
    d.polygon([(cx - hw * 0.75, fh * 0.73), (cx, fh * 0.86), (cx + hw * 0.75, fh * 0.73),
               (cx + hw * 0.35, fh * 0.72), (cx, fh * 0.79), (cx - hw * 0.35, fh * 0.72)], fill=(250, 250, 250))
    if not female and rng.random() < 0.6:  # a tie
        tie = (rng.randint(90, 160), rng.randint(20, 50), rng.randint(30, 60))
        d.polygon([(cx - hw * 0.1, fh * 0.80), (cx + hw * 0.1, fh * 0.80), (cx + hw * 0.16, fh * 0.95),
                   (cx, fh * 0.99), (cx - hw * 0.16, fh * 0.95)], fill=tie)
    # ears, face
    d.ellipse([cx - hw * 1.12, cy - hh * 0.15, cx - hw * 0.8, cy + hh * 0.35], fill=shade)
    d.ellipse([cx + hw * 0.8, cy - hh * 0.15, cx + hw * 1.12, cy + hh * 0.35], fill=shade)
    d.ellipse([cx - hw, cy - hh, cx + hw, cy + hh], fill=skin)
    # hair on top
    if female:
        d.chord([cx - hw * 1.12, cy - hh * 1.18, cx + hw * 1.12, cy + hh * 0.3], 180, 360, fill=hair)
        d.pieslice([cx - hw * 1.2, cy - hh * 1.0, cx + hw * 0.2, cy + hh * 0.1], 180, 270, fill=hair)
    else:
        d.chord([cx - hw * 1.06, cy - hh * 1.12, cx + hw * 1.06, cy - hh * 0.05], 180, 360, fill=hair)
    # a calm face: brows, eyes, nose, mouth
    ey = cy - hh * 0.02
    for sx in (-1, 1):
        ex = cx + sx * hw * 0.42
        d.line([(ex - hw * 0.2, ey - hh * 0.2), (ex + hw * 0.2, ey - hh * 0.22)], fill=hair, width=max(2, int(hw * 0.07)))
        d.ellipse([ex - hw * 0.1, ey - hh * 0.05, ex + hw * 0.1, ey + hh * 0.06], fill=(40, 30, 30))
    d.line([(cx, ey + hh * 0.08), (cx - hw * 0.06, ey + hh * 0.33), (cx + hw * 0.04, ey + hh * 0.35)],
           fill=shade, width=max(2, int(hw * 0.04)))
    d.arc([cx - hw * 0.28, ey + hh * 0.38, cx + hw * 0.28, ey + hh * 0.6], 20, 160,
          fill=(170, 90, 90), width=max(2, int(hw * 0.05)))
    im = im.resize(size, Image.LANCZOS).filter(ImageFilter.GaussianBlur(0.5))
    if not noise:
        return im
    return Image.blend(im, Image.effect_noise(size, 6).convert('RGB'), 0.02)


def save_photo(im, path):
    if path.lower().endswith('.png'):
        im.save(path, 'PNG', optimize=True)
    else:
        im.save(path, 'JPEG', quality=80, optimize=True)


# --- attachments -------------------------------------------------------------------------

def certificate_pdf(path, rec):
    """A 'scanned' 职业资格证书: one A4 page at 100 dpi, 1-bit (CCITT G4 in the PDF)."""
    rng = random.Random(path)
    im = Image.new('L', (827, 1169), 255)
    d = ImageDraw.Draw(im)
    d.rectangle([60, 70, 767, 1099], outline=0, width=4)
    d.rectangle([72, 82, 755, 1087], outline=0, width=1)
    d.text((413, 190), '中华人民共和国', font=font(34), fill=0, anchor='mm')
    d.text((413, 260), '职业资格证书', font=font(56), fill=0, anchor='mm')
    job, _, level = rec['职业（工种）及技能等级'].partition(' ')
    rank = {'高级技师': '一级', '技师': '二级'}.get(level, '')
    lines = [('姓　　名', rec['姓名']), ('性　　别', rec['性别']), ('身份证号', rec['身份证号']),
             ('职业（工种）', job), ('等　　级', '%s（国家职业资格%s）' % (level, rank) if rank else level),
             ('证书编号', '%s%05d' % (rec['身份证号'][:6], 1000 + 37 * int(rec['序号']))),
             ('发证日期', rec['_cert_date'])]
    y = 380
    for k, v in lines:
        d.text((130, y), k, font=font(28), fill=0)
        d.text((340, y), v, font=font(28), fill=0)
        d.line([(335, y + 38), (720, y + 38)], fill=0, width=1)
        y += 70
    d.text((413, 930), '浙江省人力资源和社会保障厅', font=font(28), fill=0, anchor='mm')
    d.ellipse([470, 860, 630, 1020], outline=0, width=3)  # the seal, as a scanner sees it
    d.text((150, 1040), '（本证书复印件与原件一致）', font=font(20), fill=0)
    im = im.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, fillcolor=255)
    px = im.load()
    for _ in range(300):  # scanner dust
        px[rng.randrange(827), rng.randrange(1169)] = 0
    im.point(lambda v: 255 if v > 150 else 0).convert('1').save(
        path, 'PDF', resolution=100.0, title=rec['姓名'] + ' 职业资格证书',
        creationDate=FIXED, modDate=FIXED)


def honour_jpg(path, name, award, date):
    """A colour photograph of a 荣誉证书 taken with a phone: slightly rotated, uneven light."""
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
    d.text((470, 440), '浙江省总工会', font=font(30), fill=(30, 30, 30))
    d.text((470, 485), date, font=font(28), fill=(30, 30, 30))
    d.ellipse([480, 380, 640, 540], outline=(200, 30, 30), width=5)
    paper = paper.rotate(rng.uniform(-2, 2), resample=Image.BICUBIC, expand=True, fillcolor=(205, 200, 190))
    im.paste(paper, ((w - paper.width) // 2, (h - paper.height) // 2))
    light = Image.linear_gradient('L').rotate(-30).resize((w, h))
    im = Image.composite(im, Image.new('RGB', (w, h), (150, 145, 135)), light.point(lambda v: 200 + v // 5))
    im.filter(ImageFilter.GaussianBlur(0.6)).save(path, 'JPEG', quality=72, optimize=True)


def make_samples():
    src = os.path.join(SAMPLES, 'candidates.csv')
    with open(src, encoding='utf-8-sig', newline='') as f:
        records = list(csv.DictReader(f))
    os.makedirs(os.path.join(SAMPLES, 'photos'), exist_ok=True)
    os.makedirs(os.path.join(SAMPLES, 'attachments'), exist_ok=True)
    made = []
    for rec in records:
        n = int(rec['序号'])
        p = rec['照片'].strip()
        if p:
            im = portrait(SPECIAL_SIZES.get(p, SIZE_2CUN), seed=n, female=rec['性别'] == '女',
                          noise=not p.lower().endswith('.png'))
            save_photo(im, os.path.join(SAMPLES, p))
            made.append(p)
        first_job = rec['主要工作经历'].split('\n')[0].split('|')[0][:7]
        rec['_cert_date'] = '%d年%d月' % (min(int(first_job[:4]) + 12, 2019), 6 + n % 6)
        for a in filter(None, (x.strip() for x in rec['佐证材料'].replace('；', ';').split(';'))):
            out = os.path.join(SAMPLES, a)
            if a.endswith('_职业资格证书.pdf'):
                certificate_pdf(out, rec)
            elif a.endswith('_荣誉证书.jpg'):
                honour_jpg(out, rec['姓名'], '浙江省五一劳动奖章', '二〇一九年四月')
            else:
                sys.exit('make-sample-photos: do not know how to make %s' % a)
            made.append(a)
    for p in made:
        print('%6d  %s' % (os.path.getsize(os.path.join(SAMPLES, p)), os.path.join('samples/jiaxing-2020', p)))


# --- test images -------------------------------------------------------------------------

def png_chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)


def interlaced_png(im):
    """An Adam7-interlaced 8-bit RGB PNG (Pillow only writes non-interlaced ones)."""
    w, h = im.size
    px = im.convert('RGB').tobytes()
    raw = bytearray()
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        for y in range(y0, h, dy):
            row = b''.join(px[(y * w + x) * 3:(y * w + x) * 3 + 3] for x in range(x0, w, dx))
            if row:
                raw += b'\0' + row  # filter type 0 (None)
    return (b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 1)) +
            png_chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + png_chunk(b'IEND', b''))


def make_tests():
    os.makedirs(TESTS, exist_ok=True)
    out = lambda name: os.path.join(TESTS, name)
    base = portrait((160, 224), seed=101, female=False)
    base.save(out('ok.jpg'), 'JPEG', quality=80, optimize=True)

    good = io.BytesIO()
    portrait((160, 224), seed=102, female=True).save(good, 'JPEG', quality=80)
    junk = bytes(random.Random(7).randrange(256) for _ in range(1500))
    open(out('corrupt.jpg'), 'wb').write(good.getvalue()[:700] + junk)

    open(out('not-an-image.jpg'), 'w', encoding='utf-8').write(
        '这不是图片，是一个改了扩展名的文本文件。\nThis is a text file named .jpg, not a picture.\n')

    open(out('interlaced.png'), 'wb').write(interlaced_png(portrait((120, 168), seed=103, female=True, noise=False)))

    g = portrait((120, 168), seed=104, female=False, noise=False).convert('L')
    g16 = Image.new('I', g.size)
    g16.putdata([v * 257 for v in g.getdata()])  # 0..255 → 0..65535
    g16.convert('I;16').save(out('gray16.png'), 'PNG')

    # stored 224 wide × 160 high; EXIF Orientation 6 ("rotate 90° clockwise to view") → a portrait
    up = portrait((160, 224), seed=105, female=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    up.transpose(Image.ROTATE_90).save(out('exif-rotated.jpg'), 'JPEG', quality=80, exif=exif.tobytes())

    portrait((160, 224), seed=106, female=False).convert('CMYK').save(out('cmyk.jpg'), 'JPEG', quality=80)

    for name in sorted(os.listdir(TESTS)):
        print('%6d  tests/data/photos/%s' % (os.path.getsize(out(name)), name))


if __name__ == '__main__':
    what = sys.argv[1:] or ['samples', 'tests']
    for w in what:
        {'samples': make_samples, 'tests': make_tests}[w]()
