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
  a candidate's 申报表/推荐表 entry at a page that names the candidate.
Prints one line per failure and "N passed, N failed".
"""
import glob
import os
import re
import subprocess
import sys

# "— 4 —": a number between two dashes, with no digit or dot outside them (a date
# range such as 2003.09—2016.01 has them). The spaces inside may not come out of
# pdftotext: it guesses them from the gap, and Noto CJK's space is 0.22 em, not the
# half em of the TrueType CJK faces.
DASH_NUMBER = re.compile(r'(?<![\d.])—\s*(\d+)\s*—(?![\d.])')
FORM_OF = re.compile(r'(?:申报表|推荐表).*：(.+)$')
OF_PAGES = re.compile(r'第\s*\d+\s*页\s*共\s*\d+\s*页')


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
