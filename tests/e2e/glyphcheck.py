#!/usr/bin/python3
"""Are the glyphs a PDF draws the font's glyphs for the characters it says?

  glyphcheck.py PDF FONTNAME FONTFILE INDEX

Text extraction alone cannot tell: pdftotext reads the ToUnicode map, which
names the character whatever glyph the code selects. So every ideograph that
mupdf reports in a font whose name contains FONTNAME (mutool draw -F stext:
character, origin, size) is compared, pixel for pixel, with the same
character drawn by Pillow (FreeType) from FONTFILE (face INDEX of a .ttc) at
the same origin and size on a page mupdf rendered. A right glyph overlaps its
own drawing almost entirely (ink IoU 0.7 to 1.0 on the samples; the two
rasterisers differ by a pixel at the edges), another character's glyph or an
empty .notdef does not (0.0 when the codes were the subset's glyph ids).
Prints one line per wrong glyph and
"glyphcheck: N passed, N failed", a character counting as one test.
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

DPI = 300
SCALE = DPI / 72.0
MIN_IOU = 0.6


def ideograph(ch):
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0x20000 <= cp <= 0x3FFFF


def chars_of(pdf, fontname):
    """(page, char, x, y, size) of every ideograph set in the font, once per
    character and size (a code selects the same glyph wherever it is used)."""
    out = subprocess.run(['mutool', 'draw', '-F', 'stext', '-o', '-', pdf],
                         capture_output=True, check=True).stdout
    found, seen = [], set()
    for pno, page in enumerate(ET.fromstring(out).iter('page'), 1):
        for font in page.iter('font'):
            if fontname not in font.get('name', ''):
                continue
            size = float(font.get('size'))
            for c in font.iter('char'):
                ch = c.get('c', ' ')
                if ideograph(ch) and (ch, size) not in seen:
                    seen.add((ch, size))
                    found.append((pno, c.get('c'), float(c.get('x')), float(c.get('y')), size))
    return found


def ink(img):
    """The dark pixels of a grey image as a mask (255 = ink), strokes made a
    pixel thicker each side: a hairline of a 10 pt glyph is two pixels here,
    and the two rasterisers (mupdf unhinted, FreeType through Pillow hinted)
    may place it a pixel apart."""
    return img.filter(ImageFilter.MinFilter(3)).point(lambda v: 255 if v < 128 else 0)


def count(mask):
    return mask.histogram()[255]


def iou(got, want):
    """Best overlap of two ink masks, allowing two pixels of offset either way."""
    best = 0.0
    for dx in (-2, -1, 0, 1, 2):
        for dy in (-2, -1, 0, 1, 2):
            moved = Image.new('L', want.size, 0)
            moved.paste(want, (dx, dy))
            union = count(ImageChops.lighter(got, moved))
            if union:
                best = max(best, count(ImageChops.darker(got, moved)) / union)
    return best


def main():
    pdf, fontname, fontfile, index = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    chars = chars_of(pdf, fontname)
    passed = failed = 0
    lowest = 1.0
    if not chars:
        print(f'FAIL: {pdf}: no ideograph set in a font named *{fontname}*')
        failed += 1
    pages = {}
    fonts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for pno, ch, x, y, size in chars:
            if pno not in pages:
                png = os.path.join(tmp, f'p{pno}.png')
                subprocess.run(['mutool', 'draw', '-q', '-r', str(DPI), '-c', 'gray', '-o', png,
                                pdf, str(pno)], capture_output=True, check=True)
                pages[pno] = Image.open(png).convert('L')
            px = round(size * SCALE)
            if px not in fonts:
                fonts[px] = ImageFont.truetype(fontfile, px, index=index)
            em = size * SCALE
            box = (int(x * SCALE), int((y - 1.1 * size) * SCALE),
                   int(x * SCALE + em) + 1, int((y + 0.3 * size) * SCALE) + 1)
            drawn = Image.new('L', (box[2] - box[0], box[3] - box[1]), 255)
            ImageDraw.Draw(drawn).text((x * SCALE - box[0], y * SCALE - box[1]), ch,
                                       font=fonts[px], fill=0, anchor='ls')
            # Only the glyph's own ink box (and a margin) is compared: a cell rule
            # or the next character may come close to a glyph but not into it.
            bbox = drawn.point(lambda v: 255 - v).getbbox()
            if not bbox:
                continue
            near = (max(bbox[0] - 3, 0), max(bbox[1] - 3, 0), bbox[2] + 3, bbox[3] + 3)
            want = ink(drawn).crop(near)
            got = ink(pages[pno].crop(box)).crop(near)
            score = iou(got, want)
            lowest = min(lowest, score)
            if score >= MIN_IOU:
                passed += 1
            else:
                failed += 1
                print(f'FAIL: {os.path.basename(pdf)} page {pno}: 「{ch}」 (U+{ord(ch):04X}) at '
                      f'{x:.1f},{y:.1f} is not the font\'s glyph (ink overlap {score:.2f})')
    print(f'  {len(chars)} distinct ideographs in *{fontname}*, lowest ink overlap {lowest:.2f}')
    print(f'glyphcheck: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
