#!/usr/bin/env python3
"""Packet pagination as a reviewer reads it (issue 12).

    packetcheck.py OUT_DIR...

For every 装订册 PDF under each OUT_DIR:
- every page after the cover carries exactly one page number, and it is the
  page's own number in the packet ("— N —"), but for the blank versos a duplex
  packet adds (an even page with no text and no image: counted, not numbered);
  a part's own footer number
  ("第 1 页 共 2 页", a letter's "— 1 —") must not survive inside a packet;
- the 目录 on the cover points each entry at a page that says that number, and
  a candidate's 申报表/推荐表 entry at a page that names the candidate;
- the page number stands clear: nothing is drawn (text, table rule, picture)
  beside or below it, nor within FOLIO_CLEAR_MM above its ink, where the type area
  of the part must have ended (a 申报表 row stretched to the page's foot ran
  its border through "— 4 —"). Seen on the page as printed (pdftoppm); the
  attachments bound as they are (佐证材料, 证明材料) are not looked at.
Prints one line per failure and "N passed, N failed".
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

from PIL import Image

# "— 4 —": a number between two dashes, with no digit or dot outside them (a date
# range such as 2003.09—2016.01 has them). The spaces inside may not come out of
# pdftotext: it guesses them from the gap, and Noto CJK's space is 0.22 em, not the
# half em of the TrueType CJK faces.
DASH_NUMBER = re.compile(r'(?<![\d.])—\s*(\d+)\s*—(?![\d.])')
FORM_OF = re.compile(r'(?:申报表|推荐表).*：(.+)$')
OF_PAGES = re.compile(r'第\s*\d+\s*页\s*共\s*\d+\s*页')
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE_BOX = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
MM = 72 / 25.4
FOLIO_CLEAR_MM = 4  # the least gap from the type area's foot down to the number's ink (GB/T 9704:
                    # its dashes 7 mm below; the forms' 18 mm margins over a number 8 mm up leave 5)
ATTACHMENT = re.compile(r'(佐证|证明)材料')
DPI = 72            # one pixel a point


def page_count(pdf):
    out = subprocess.run(['qpdf', '--show-npages', pdf], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def page_text(pdf, page):
    out = subprocess.run(['pdftotext', '-layout', '-f', str(page), '-l', str(page), pdf, '-'],
                         capture_output=True, text=True)
    return out.stdout


def blank_verso(pdf, page, text):
    """A page a duplex packet added after an odd part: even, without text or images."""
    if page % 2 or text.strip():
        return False
    out = subprocess.run(['pdfimages', '-list', '-f', str(page), '-l', str(page), pdf],
                         capture_output=True, text=True)
    return len(out.stdout.strip().splitlines()) <= 2  # the two heading lines alone


def numbers_on(text):
    """Every page number printed on a page: dash numbers alone on a line, and 第 N 页 共 M 页."""
    found = [int(m) for m in DASH_NUMBER.findall(text)]
    found += ['of-pages'] * len(OF_PAGES.findall(text))
    return found


def toc_entries(text):
    """(title, first page) of the 目录: lines ending in a page number (and maybe a page count)."""
    entries = []
    for line in text.splitlines():
        m = re.match(r'^\s*(\S.*?\S)\s{2,}(\d+)(\s+\d+)?\s*$', line)
        if m and not DASH_NUMBER.search(line):
            entries.append((m.group(1), int(m.group(2))))
    return entries


def number_box(pdf, page):
    """(x0, y0, x1, y1, page height) in pt of the page number "— N —" at the page's foot, or None."""
    out = subprocess.run(['pdftotext', '-bbox', '-f', str(page), '-l', str(page), pdf, '-'],
                         capture_output=True, text=True).stdout
    size = PAGE_BOX.search(out)
    if not size:
        return None
    h = float(size.group(2))
    box = None
    for m in WORD.finditer(out):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        if y0 > h * 0.8 and DASH_NUMBER.fullmatch(m.group(5).strip()) and \
                int(DASH_NUMBER.fullmatch(m.group(5).strip()).group(1)) == page:
            box = (x0, y0, x1, y1, h)
    return box


def dark(img):
    """The box of img's dark pixels (as printed: not the anti-aliasing's grey), or None."""
    return img.point(lambda v: 255 if v < 128 else 0).getbbox()


def ink_in_folio_band(png, box):
    """The highest dark pixel drawn in the page number's band (the strip from
    FOLIO_CLEAR_MM above the number's ink down to the page's edge), the number
    itself aside: its distance from the bottom edge in mm, or None."""
    x0, y0, x1, y1, h = box
    img = Image.open(png).convert('L')
    scale = img.height / h
    number = (int((x0 - 1) * scale), int((y0 - 1) * scale), int((x1 + 1) * scale) + 1,
              int((y1 + 1) * scale) + 1)
    ink = dark(img.crop(number))
    ink_top = number[1] + (ink[1] if ink else 0)
    top = max(int(ink_top - FOLIO_CLEAR_MM * MM * scale), 0)
    band = img.crop((0, top, img.width, img.height))
    band.paste(255, (number[0], number[1] - top, number[2], number[3] - top))
    ink = dark(band)
    return None if ink is None else (img.height - top - ink[1]) / scale / MM


def attachment_pages(entries, n):
    """The pages of the attachments bound in (佐证材料, 证明材料: kept as they are, not laid out here)."""
    pages = set()
    starts = sorted(entries, key=lambda e: e[1])
    for i, (title, first) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else n + 1
        if ATTACHMENT.match(title.replace(' ', '')):
            pages.update(range(first, end))
    return pages


def folio_band_faults(pdf, n, skip):
    """One line per page (but those in skip) whose number has something drawn too close to it."""
    faults = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['pdftoppm', '-r', str(DPI), '-gray', '-aa', 'no', '-aaVector', 'no', '-png',
                        '-f', '2', '-l', str(n), pdf, os.path.join(tmp, 'p')], check=True)
        for png in glob.glob(os.path.join(tmp, 'p-*.png')):
            page = int(re.search(r'-(\d+)\.png$', png).group(1))
            box = None if page in skip else number_box(pdf, page)
            mm = ink_in_folio_band(png, box) if box else None
            if mm is not None:
                faults.append(f'{os.path.basename(pdf)} 第{page}页: 版心外、页码区内有内容'
                              f'（距页面底边 {mm:.1f} mm，页码上方应空出 {FOLIO_CLEAR_MM} mm 以上）')
    return sorted(faults, key=lambda f: int(re.search(r'第(\d+)页', f).group(1)))


def check_packet(pdf):
    problems = []
    n = page_count(pdf)
    texts = [page_text(pdf, p) for p in range(1, n + 1)]
    toc = next((t for t in texts[:3] if re.search(r'目\s*录', t)), '')
    first = 2  # the cover (and 目录) page is not numbered
    for p in range(first, n + 1):
        nums = numbers_on(texts[p - 1])
        if nums != [p] and not blank_verso(pdf, p, texts[p - 1]):
            problems.append(f'{os.path.basename(pdf)} 第{p}页: 页码 {nums}，应只有 {p}')
    entries = toc_entries(toc)
    problems += folio_band_faults(pdf, n, attachment_pages(entries, n))
    if not entries:
        problems.append(f'{os.path.basename(pdf)}: 没有找到目录')
    for title, page in entries:
        if not 1 <= page <= n:
            problems.append(f'{os.path.basename(pdf)} 目录「{title}」指向不存在的第{page}页')
        elif numbers_on(texts[page - 1]) != [page]:
            problems.append(f'{os.path.basename(pdf)} 目录「{title}」第{page}页，该页页码为 '
                            f'{numbers_on(texts[page - 1])}')
        else:  # a candidate's form starts where the 目录 says: that page names the candidate
            m = FORM_OF.search(title.replace(' ', ''))
            if m and m.group(1) not in re.sub(r'\s', '', texts[page - 1]):
                problems.append(f'{os.path.basename(pdf)} 目录「{title}」第{page}页不是{m.group(1)}的表')
    return problems


def main(dirs):
    passed = failed = 0
    for d in dirs:
        packets = sorted(glob.glob(os.path.join(d, '**', '装订册', '*.pdf'), recursive=True))
        for pdf in packets:
            problems = check_packet(pdf)
            if problems:
                failed += 1
                for line in problems[:6]:
                    print('FAIL', line)
            else:
                passed += 1
    print(f'packetcheck: {passed} passed, {failed} failed')
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
