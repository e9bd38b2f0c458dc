#!/usr/bin/env python3
"""Page breaks as a reviewer sees them (issue 12), read from layout dumps.

    pagecheck.py OUT_DIR...

Reads every *.layout.txt under each OUT_DIR (`wenshu build --dump-layout`)
and fails a document with a page, after its first, that carries nothing but
- one table row (the lone 市人社局评审意见 row on page 3 of a 赣州 申报表), or
- one line of text (a paragraph's last line), or
- only the 落款 (署名 and 成文日期, maybe a 附注 "（联系人…）" under it): the
  signature block keeps at least the two lines before it on its page,
or a continued cell (its label says 续) that carries a single line on its
page ("人次。" under a "(续)" label): a split cell keeps two lines each side;
and a listing (a table whose header says 序号) that starts at the foot of a
page with a single row under its header and goes on under the header
repeated on the next page (the "二、技术能手" heading, header and one row);
and a document with a table rule within FOOT_MM of the page's bottom edge,
where no template's type area reaches: the page footer's or the packet's
page number's band (a 申报表 row stretched past the type area's foot).
The page's top and bottom margins (page footer, mark) are not content.
Prints one line per failure and "N passed, N failed".
"""
import glob
import os
import re
import sys

PAGE = re.compile(r'^page (\d+) ([\d.]+)x([\d.]+)')
TEXT = re.compile(r'^\s+text .*? x=([\d.]+) y=([\d.]+) w=([\d.]+)(?: ink=\S+)? "(.*)"$')
LINE = re.compile(r'^\s+line=([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ')
MARGIN = 0.045  # of the page height (13 mm on A4), top and bottom: page footers and marks live there
FOOT_MM = 15    # the least bottom margin of any template (汇总表): below it only footers and page numbers
MM = 72 / 25.4


def pages_of(path):
    pages = []
    with open(path, encoding='utf-8') as f:
        for raw in f:
            m = PAGE.match(raw)
            if m:
                pages.append({'h': float(m.group(3)), 'texts': [], 'boxes': [], 'rules': []})
                continue
            if not pages:
                continue
            m = TEXT.match(raw)
            if m:
                pages[-1]['texts'].append((float(m.group(2)), m.group(4)))
                pages[-1]['boxes'].append((float(m.group(1)), float(m.group(2)),
                                           float(m.group(3)), m.group(4)))
                continue
            m = LINE.match(raw)
            if m and abs(float(m.group(2)) - float(m.group(4))) < 0.01:
                pages[-1]['rules'].append(float(m.group(2)))
    return pages


def body(page):
    lo, hi = page['h'] * MARGIN, page['h'] * (1 - MARGIN)
    texts = [(y, s) for y, s in page['texts'] if lo < y < hi]
    rules = sorted({round(y, 1) for y in page['rules'] if lo < y < hi})
    return texts, rules


def lone(page):
    """'one row' / 'one line' when the page body holds only that, else None."""
    texts, rules = body(page)
    baselines = sorted({round(y) for y, _ in texts})
    if len(rules) == 2:  # one bordered row: its top and bottom rule
        top, bottom = rules
        if all(top <= y <= bottom + 2 for y, _ in texts):
            return '只有一行表格（%s）' % ''.join(s for _, s in texts)[:30]
    if not rules and len(baselines) == 1:
        return '只有一行文字（%s）' % ''.join(s for _, s in texts)[:30]
    if not rules and only_signature(texts):
        return '只有落款（%s）' % ''.join(s for _, s in texts)[:30]
    return lone_continuation(page, rules)


PAGE_NUMBER = re.compile(r'^(—\s*\d+\s*—|第\s*\d+\s*页\s*共\s*\d+\s*页)$')
DATE_LINE = re.compile(r'^(\d{4}年\d{1,2}月\d{1,2}日|[〇一二三四五六七八九十]+年[一二三四五六七八九十]+月[一二三四五六七八九十]+日)$')


def only_signature(texts):
    """True when the lines of a page body are a 落款: at most two 署名 lines,
    the 成文日期 line, then only 附注 lines in brackets."""
    lines = []
    for y, s in sorted(texts):
        if PAGE_NUMBER.match(s.strip()):
            continue
        if lines and abs(lines[-1][0] - y) < 1:
            lines[-1] = (lines[-1][0], lines[-1][1] + s)
        else:
            lines.append((y, s))
    dates = [i for i, (_, s) in enumerate(lines) if DATE_LINE.match(s.strip())]
    if not dates or dates[0] > 2:
        return False
    return all(s.lstrip().startswith(('（', '(')) for _, s in lines[dates[0] + 1:])


def lone_continuation(page, rules):
    """A continued row (label …（续）) whose other cells hold one line between its rules."""
    for x, y, w, s in page['boxes']:
        if '续' not in s:
            continue
        above = [r for r in rules if r < y]
        below = [r for r in rules if r > y]
        if not above or not below:
            continue
        top, bottom = max(above), min(below)
        label_right = x + w
        lines = {round(by) for bx, by, _, _ in page['boxes'] if top < by < bottom and bx > label_right}
        if len(lines) == 1:
            return '续表只有一行（%s）' % s
    return None


def rule_in_foot(page):
    """A table rule lower than FOOT_MM above the page's bottom edge (or off the page)."""
    low = [y for y in page['rules'] if y > page['h'] - FOOT_MM * MM + 0.01]
    if not low:
        return None
    return '表格线超出版心，距页面底边 %.1f mm（应不低于 %d mm）' % ((page['h'] - max(low)) / MM, FOOT_MM)


def lone_first_row(page, following):
    """A listing's header at the foot of page with one row under it (one line,
    or one row between rules: a 工作单位 of five lines), and the header again
    at the top of the following page."""
    texts, _ = body(page)
    heads = [y for y, s in texts if s == '序号']
    if not heads or following is None:
        return None
    head_y = max(heads)
    folio = re.compile(r'^(—\s*\d+\s*—|第\s*\d+\s*页.*)$')
    rows = {round(y) for y, s in texts if y > head_y + 1 and not folio.match(s)}
    _, rules = body(page)
    ruled = len([r for r in rules if r > head_y]) - 1  # the header's bottom rule, then one a row
    ntexts, _ = body(following)
    if any('续' in s for _, s in texts + ntexts):  # a row that splits: one a page is its way
        return None
    if (len(rows) != 1 and ruled != 1) or not ntexts:
        return None
    top = min(y for y, _ in ntexts)
    first = [s for y, s in ntexts if y < top + 40]
    return '表格只有一行在页末（表头下仅一行，其余转下页）' if '序号' in first else None


def main(dirs):
    passed = failed = 0
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, '**', '*.layout.txt'), recursive=True)):
            problems = []
            pages = pages_of(path)
            for i, page in enumerate(pages[1:], 2):
                why = lone(page)
                if why:
                    problems.append('第%d页%s' % (i, why))
            for i, page in enumerate(pages, 1):
                why = rule_in_foot(page)
                if why:
                    problems.append('第%d页%s' % (i, why))
            for i, page in enumerate(pages[:-1], 1):
                why = lone_first_row(page, pages[i])
                if why:
                    problems.append('第%d页%s' % (i, why))
            if problems:
                failed += 1
                print('FAIL %s: %s' % (os.path.relpath(path, d), '；'.join(problems)))
            else:
                passed += 1
    print('pagecheck: %d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
