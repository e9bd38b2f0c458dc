#!/usr/bin/python3
"""The web 公示 in a real browser: at a desktop width (1000 px) and a phone's
(390 px), no table cell of six characters or fewer (a name, 序号, 性别,
职业（工种）) breaks over two lines, however long the 工作单位 beside it.
Headless Chromium through Selenium, as serve_browser.py; without them it
prints "skipped" and passes.
  tests/e2e/htmlwrap.py PAGE.html"""
import os
import shutil
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
except ImportError:
    webdriver = None

# the short cells whose text the browser laid out on more than one line
BROKEN_CELLS = '''
const out = [];
for (const c of document.querySelectorAll('td,th')) {
  const t = c.textContent.trim();
  if (!t || [...t].length > 6) continue;
  const r = document.createRange();
  r.selectNodeContents(c);
  const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
  if (tops.size > 1) out.push(t);
}
return out;'''


def broken_cells(page, width):
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which('chromium')
    for a in ['--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=%d,900' % width,
              '--disable-dev-shm-usage', '--lang=zh-CN']:
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(shutil.which('chromedriver')), options=opts)
    try:
        d.get('file://' + os.path.realpath(page))
        return d.execute_script(BROKEN_CELLS)
    finally:
        d.quit()


def main():
    if webdriver is None or not shutil.which('chromium') or not shutil.which('chromedriver'):
        print('htmlwrap: skipped (needs chromium, chromium-driver, python3-selenium)')
        return 0
    failed = 0
    for width in (1000, 390):
        cells = broken_cells(sys.argv[1], width)
        if cells:
            print('FAIL: at %d px these cells break over two lines: %s' % (width, '、'.join(cells)))
            failed += 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
