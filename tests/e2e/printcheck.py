#!/usr/bin/python3
"""Print review on layout dumps (wenshu build --dump-layout): what a reviewer
at the bureau sends back, checked on the geometry every PDF is drawn from.

  printcheck.py RECORDS.csv DUMP...

For every dump:
  - no glyph's ink crosses a vertical rule (a cell border) drawn beside it, and
    none reaches outside the page: a run's box [x, x+w], widened to its ink
    where the dump says ink=LEFT,RIGHT (a line-end ，。 whose ink hangs past
    its box would show there);
  - no text is set below the floor (9 pt: shrink-to-fit stops there);
  - inside a table cell (a run with rules left and right of it), no line break
    splits a person's name (姓名 column of RECORDS.csv), an ID number
    (身份证号), a date (2020年8月7日, 2020.08.07, 1978.05) or a short
    bracketed group (高级技师（一级）) when the cell could hold it on one line;
  - in generated tables (汇总表, 公示, 名额表), no short cell text (序号, 性别)
    split over lines when it would fit the column;
  - outside tables too (letters, 公示, certificates), no line break splits a
    person's name, an ID number or a date;
  - one page number per page ("— N —" or "第 N 页 共 M 页");
  - no lone "一、" heading: a document whose lines number a list of sections
    一、 has a 二、 too (a letter for a unit with a single level has none).
Prints one line per finding and a final "printcheck: N passed, N failed" line,
a document counting as one test. Exits 1 when anything failed.
"""
import csv
import re
import sys

FLOOR_PT = 9.0
TEXT = re.compile(r'^  text (?P<flags>(?:start |end )*)face=.*? size=(?P<size>[0-9.]+) '
                  r'x=(?P<x>-?[0-9.]+) y=(?P<y>-?[0-9.]+) w=(?P<w>-?[0-9.]+)'
                  r'(?: ink=(?P<ink0>-?[0-9.]+),(?P<ink1>-?[0-9.]+))? "(?P<s>.*)"$')
LINE = re.compile(r'^  line=(\S+) (\S+) (\S+) (\S+) (\S+)$')
DATES = [re.compile(p) for p in (r'\d{4}年\d{1,2}月(?:\d{1,2}日)?', r'\d{4}\.\d{2}(?:\.\d{2})?',
                                  r'\d{4}-\d{2}-\d{2}')]
OPEN, CLOSE = '（(【〔《', '）)】〕》'
OPENING = '（【〔〖《〈“‘「『'
SHORT_GROUP = 6   # characters inside a bracketed group that must stay on one line (高级技师（一级）;
                  # layout keeps up to 10, but justified prose may break a long book title)
TERM_CHARS = 4    # a cell text this short (序号, 性别, 政治面貌) is one term in a generated table
GENERATED = re.compile(r'汇总表|公示|名额')  # documents whose tables are sized from content


def load_tokens(records):
    """Names and IDs of the records, the items that never break."""
    tokens = set()
    with open(records, encoding='utf-8-sig', newline='') as fp:
        for row in csv.DictReader(fp):
            for key in ('姓名', '身份证号', '身份证号码', '公民身份号码'):
                v = (row.get(key) or '').strip()
                if len(v) >= 2:
                    tokens.add(v)
    return tokens


def parse(path):
    pages = []
    with open(path, encoding='utf-8') as fp:
        for line in fp:
            line = line.rstrip('\n')
            if line.startswith('page '):
                width = float(line.split()[2].split('x')[0])
                pages.append({'runs': [], 'vlines': [], 'width': width})
                continue
            if not pages:
                continue
            m = TEXT.match(line)
            if m:
                x, w = float(m['x']), float(m['w'])
                ink = (float(m['ink0']), float(m['ink1'])) if m['ink0'] else (x, x + w)
                pages[-1]['runs'].append({
                    'start': 'start' in m['flags'], 'end': 'end' in m['flags'],
                    'size': float(m['size']), 'x': x, 'y': float(m['y']), 'w': w,
                    'left': min(x, ink[0]), 'right': max(x + w, ink[1]),
                    's': m['s'].replace('\\"', '"')})
                continue
            m = LINE.match(line)
            if m:
                x1, y1, x2, y2 = (float(v) for v in m.groups()[:4])
                if abs(x1 - x2) < 0.01:
                    pages[-1]['vlines'].append((x1, min(y1, y2), max(y1, y2)))
    return pages


def band(run):
    """The run's vertical extent: its em box around the baseline."""
    return run['y'] - 0.88 * run['size'], run['y'] + 0.12 * run['size']


def cell_of(run, vlines):
    """(left rule, right rule) around the run, or None outside a table."""
    top, bottom = band(run)
    left = right = None
    for x, y1, y2 in vlines:
        if y1 > top + 0.5 or y2 < bottom - 0.5:
            continue
        if x <= run['x'] + 0.5 and (left is None or x > left):
            left = x
        if x >= run['x'] + run['w'] - 0.5 and (right is None or x < right):
            right = x
    return (left, right) if left is not None and right is not None else None


def over_rule(run, vlines):
    """A vertical rule crossing the run's box or its ink. A run that starts
    with an opening mark may start half an em early: that half is the mark's
    blank, given up at a line start (its ink is in the right half)."""
    top, bottom = band(run)
    left = run['left']
    if run['s'][:1] in OPENING:
        left = max(left, run['x'] + 0.5 * run['size'])
    for x, y1, y2 in vlines:
        if y1 < bottom - 0.5 and y2 > top + 0.5 and left + 0.3 < x < run['right'] - 0.3:
            return x
    return None


PAGE_NUMBER = re.compile(r'^(—\s*\d+\s*—|第\s*\d+\s*页\s*共\s*\d+\s*页)$')


def page_numbers(runs):
    """The runs of a page that are a page number on their own."""
    return [r['s'] for r in runs if PAGE_NUMBER.match(r['s'].strip())]


def text_lines(runs, vlines):
    """Typeset lines outside table cells, in page order (each a dict like cell_lines')."""
    return [l for l in typeset_lines(runs, vlines) if not l['cell']]


def cell_lines(runs, vlines):
    """Typeset lines inside table cells: lists of (cell, y, text) in page order."""
    return [l for l in typeset_lines(runs, vlines) if l['cell']]


def typeset_lines(runs, vlines):
    """Every typeset line of a page: its cell (or None), y, size, x, width and text."""
    lines = []
    cur = None
    for r in runs:
        if r['start'] or cur is None:
            cur = {'cell': cell_of(r, vlines), 'y': r['y'], 'size': r['size'], 'x': r['x'], 's': ''}
            lines.append(cur)
        cur['s'] += r['s']
        cur['w'] = r['x'] + r['w'] - cur['x']
    return lines


def split_inside(a, b, token):
    """True when line a ends with a head of token and line b starts with its tail."""
    for k in range(1, len(token)):
        if a.endswith(token[:k]) and b.startswith(token[k:]):
            return True
    return False


def approx_width(text, size):
    return sum(size * (0.5 if ord(ch) < 0x2E80 else 1.0) for ch in text)


def broken(a, b, tokens, width, size):
    """Why the break between lines a and b splits an unbreakable item that
    would fit the cell's width on one line, or None."""
    why = unbreakable_split(a, b, tokens)
    return why if why and approx_width(why, size) <= width else None


def unbreakable_split(a, b, tokens, brackets=True):
    for t in tokens:
        if split_inside(a, b, t):
            return t
    joined = a + b
    for pat in DATES:
        for m in pat.finditer(joined):
            if m.start() < len(a) < m.end():
                return m.group()
    if not brackets:
        return None
    depth = 0
    for ch in a:
        if ch in OPEN:
            depth, inside = depth + 1, ''
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth:
            inside += ch
    if depth:
        close = next((i for i, ch in enumerate(b) if ch in CLOSE), -1)
        if 0 <= close and len(inside) + close <= SHORT_GROUP:
            return a[a.rfind(next(c for c in reversed(a) if c in OPEN)):] + b[:close + 1]
    return None


def blocks(lines):
    """Runs of consecutive lines of one cell (one text, as far as the dump shows)."""
    out = []
    for l in lines:
        if out and out[-1][-1]['cell'] == l['cell'] and 0 < l['y'] - out[-1][-1]['y'] < 2.2 * l['size']:
            out[-1].append(l)
        else:
            out.append([l])
    return out


def lone_heading(pages):
    """The line that starts "一、" when no line of the document starts "二、", or None."""
    starts = [r['s'] for page in pages for r in page['runs'] if r['start']]
    first = next((s for s in starts if s.startswith('一、')), None)
    if first and not any(s.startswith('二、') for s in starts):
        return first
    return None


def check(path, tokens):
    problems = []
    lone = lone_heading(parse(path))
    if lone:
        problems.append(f'只有一个“一、”标题（「{lone}」）：只有一项时不编号')
    for no, page in enumerate(parse(path), 1):
        for r in page['runs']:
            x = over_rule(r, page['vlines'])
            if x is not None:
                problems.append(f'第{no}页「{r["s"]}」越过表格线（x={x}）')
            if r['left'] < 0 or r['right'] > page['width']:
                problems.append(f'第{no}页「{r["s"]}」超出页面（{r["left"]:g}–{r["right"]:g}）')
            if r['size'] < FLOOR_PT - 0.01:
                problems.append(f'第{no}页「{r["s"]}」字号 {r["size"]} 磅，低于 {FLOOR_PT:g} 磅的下限')
        numbers = page_numbers(page['runs'])
        if len(numbers) > 1:
            problems.append(f'第{no}页有 {len(numbers)} 个页码（{"、".join(numbers)}）')
        prose = text_lines(page['runs'], page['vlines'])
        for a, b in zip(prose, prose[1:]):
            if 0 < b['y'] - a['y'] < 2.2 * a['size'] and abs(a['size'] - b['size']) < 0.01:
                why = unbreakable_split(a['s'], b['s'], tokens, brackets=False)
                if why:
                    problems.append(f'第{no}页「{a["s"]} / {b["s"]}」把「{why}」断在两行')
        lines = cell_lines(page['runs'], page['vlines'])
        for a, b in zip(lines, lines[1:]):
            if a['cell'] != b['cell'] or not 0 < b['y'] - a['y'] < 2.2 * a['size']:
                continue
            width = a['cell'][1] - a['cell'][0] - 2
            why = broken(a['s'], b['s'], tokens, width, a['size'])
            if why:
                problems.append(f'第{no}页「{a["s"]} / {b["s"]}」把「{why}」断在两行')
        if GENERATED.search(path):
            for blk in blocks(lines):
                text = ''.join(l['s'] for l in blk)
                width = blk[0]['cell'][1] - blk[0]['cell'][0] - 6  # less the padding
                set_w = sum(l['w'] for l in blk)  # as set: spaces between words included
                if 1 < len(blk) and len(text) <= TERM_CHARS and set_w <= width:
                    problems.append(f'第{no}页「{" / ".join(l["s"] for l in blk)}」：短词拆成了多行')
    return problems


def main():
    tokens = load_tokens(sys.argv[1])
    passed = failed = 0
    for path in sys.argv[2:]:
        problems = check(path, tokens)
        if problems:
            failed += 1
            for p in problems[:8]:
                print(f'FAIL {path}: {p}')
            if len(problems) > 8:
                print(f'FAIL {path}: …（共 {len(problems)} 处）')
        else:
            passed += 1
    print(f'printcheck: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
