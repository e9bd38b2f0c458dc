#!/usr/bin/python3
"""wenshu serve in a real browser (issue 15): headless Chromium, driven by
Selenium, does what a clerk does on the 嘉兴 samples at 1366×768 -
choose the program, upload the folder as a ZIP, check (the findings
table, filtered by level), generate (progress and the log), download
everything as one ZIP - and the ZIP's PDFs pass tests/e2e/pdfcheck.py.
A screenshot of each step goes to docs/images/serve-*.png when
SERVE_SCREENSHOTS=1 (to refresh the README's pictures).

Needs Debian's chromium, chromium-driver and python3-selenium; without
them it prints "skipped" and counts nothing.
  tests/e2e/serve_browser.py ./wenshu"""
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
import zipfile

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from tally import Tally  # noqa: E402

BIN = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else './wenshu')
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
SAMPLES = os.path.join(ROOT, 'samples', 'jiaxing-2020')
SHOTS = os.path.join(ROOT, 'docs', 'images') if os.environ.get('SERVE_SCREENSHOTS') == '1' else None
result = Tally('serve-browser')

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    webdriver = None



def shot(driver, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        driver.save_screenshot(os.path.join(SHOTS, 'serve-%s.png' % name))


def option_texts(driver, element_id):
    """The texts of a <select>'s options, read in one script: the page replaces
    the options when a list arrives, and an option read one at a time can be
    gone by then (StaleElementReferenceException under a sanitizer build)."""
    return driver.execute_script(
        'return [...document.getElementById(arguments[0]).options].map(o => o.text)', element_id)


def waiting(driver):
    return WebDriverWait(driver, 300, ignored_exceptions=(StaleElementReferenceException,))


def samples_zip(path):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for base, dirs, names in os.walk(SAMPLES):
            for n in sorted(names):
                full = os.path.join(base, n)
                z.write(full, os.path.relpath(full, SAMPLES))


def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which('chromium')
    for a in ['--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1366,768',
              '--disable-dev-shm-usage', '--lang=zh-CN']:
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(shutil.which('chromedriver')), options=opts)


def run(driver, url, tmp):
    wait = waiting(driver)
    driver.get(url)
    wait.until(lambda d: len(option_texts(d, 'program')) > 0)
    program = Select(driver.find_element(By.ID, 'program'))
    jx = [o for o in program.options if '嘉兴' in o.text and '2020' in o.text]
    result(len(jx) == 1, 'the 嘉兴 2020 program is offered: %r' % [o.text for o in program.options])
    program.select_by_visible_text(jx[0].text)
    info = driver.find_element(By.ID, 'program-info').text
    result('嘉兴市人力资源和社会保障局' in info, 'program issuer shown: %r' % info)
    href = driver.find_element(By.ID, 'collect').get_attribute('href')
    result(href.endswith('/collect.xlsx'), 'collection workbook link: %r' % href)
    # every form control has a label, every action is a real button
    for el in driver.find_elements(By.CSS_SELECTOR, 'input, select'):
        labels = driver.find_elements(By.CSS_SELECTOR, 'label[for="%s"]' % el.get_attribute('id'))
        result(len(labels) == 1, 'a label for #%s' % el.get_attribute('id'))
    result(driver.execute_script('return document.documentElement.scrollWidth <= 1366'),
           'no sideways scrolling at 1366 wide')
    shot(driver, '1-program')

    zpath = os.path.join(tmp, 'jiaxing-2020.zip')
    samples_zip(zpath)
    driver.find_element(By.ID, 'f-zip').send_keys(zpath)
    driver.find_element(By.ID, 'upload').click()
    wait.until(lambda d: d.find_element(By.ID, 'records').is_enabled())
    records = Select(driver.find_element(By.ID, 'records'))
    names = option_texts(driver, 'records')
    result('candidates.csv' in names and 'units.csv' in names, 'records files listed: %r' % names)
    result(records.first_selected_option.text != 'units.csv', 'units.csv is not chosen as the records')
    shot(driver, '2-upload')

    records.select_by_visible_text('candidates-errors.csv')
    driver.find_element(By.ID, 'check').click()
    wait.until(lambda d: d.find_element(By.ID, 'findings').is_displayed())
    rows = driver.find_elements(By.CSS_SELECTOR, '#findings tbody tr')
    result(len(rows) > 5, 'findings table filled: %d rows' % len(rows))
    heads = [th.text for th in driver.find_elements(By.CSS_SELECTOR, '#findings th')]
    result(heads == ['行', '姓名/名称', '级别', '字段', '问题', '依据'], 'table columns: %r' % heads)
    Select(driver.find_element(By.ID, 'f-level')).select_by_visible_text('错误')
    levels = set(r.find_elements(By.TAG_NAME, 'td')[2].text
                 for r in driver.find_elements(By.CSS_SELECTOR, '#findings tbody tr'))
    result(levels == {'错误'}, 'filtered to errors: %r' % levels)
    units = Select(driver.find_element(By.ID, 'f-unit'))
    result(len(units.options) > 2, 'unit filter offers the units')
    result(driver.find_element(By.ID, 'report').is_displayed(), 'report download shown')
    driver.execute_script('document.getElementById("step-check").scrollIntoView()')
    shot(driver, '3-check')

    records.select_by_visible_text('candidates.csv')
    driver.find_element(By.ID, 'build').click()
    wait.until(lambda d: d.find_element(By.ID, 'build').is_enabled())
    status = driver.find_element(By.ID, 'build-status').text
    result(status == '全部生成完成。', 'build status: %r' % status)
    log = driver.find_element(By.ID, 'log').text
    result(log.count('[成功]') > 10 and '共 ' in log, 'the log shows the lines of the terminal')
    groups = [h.text for h in driver.find_elements(By.CSS_SELECTOR, '.doc-group h3')]
    result(len(groups) >= 3, 'outputs grouped by document: %r' % groups)
    zip_link = driver.find_element(By.ID, 'zip')
    result(zip_link.is_displayed(), '下载全部 shown')
    driver.execute_script('document.getElementById("step-build").scrollIntoView()')
    shot(driver, '4-build')
    driver.execute_script('document.getElementById("step-download").scrollIntoView()')
    shot(driver, '5-download')

    with urllib.request.urlopen(zip_link.get_attribute('href')) as r:
        data = r.read()
    out = os.path.join(tmp, 'check')
    os.makedirs(out)
    zipfile.ZipFile(io.BytesIO(data)).extractall(os.path.join(out, 'out'))
    with open(os.path.join(out, 'build.log'), 'w', encoding='utf-8') as f:
        f.write(log + '\n')
    p = subprocess.run(['/usr/bin/python3', os.path.join(ROOT, 'tests', 'e2e', 'pdfcheck.py'),
                        os.path.join(ROOT, 'templates', 'jiaxing-2020'),
                        os.path.join(SAMPLES, 'candidates.csv'), 'build.log'],
                       cwd=out, capture_output=True, text=True)
    last = (p.stdout.strip().splitlines() or [''])[-1]
    result(p.returncode == 0 and ' 0 failed' in last, 'pdfcheck on the downloaded ZIP: %s %s' % (last, p.stdout[-500:]))


def check_list_entry(driver, tmp):
    """A finding inside a list entry names the entry and its column on the
    page too ("成员 第3项 出生年月"), as the terminal's table and --json do."""
    wait = waiting(driver)
    zpath = os.path.join(tmp, 'studio.zip')
    src = os.path.join(ROOT, 'samples', 'studio-2026')
    with zipfile.ZipFile(zpath, 'w', zipfile.ZIP_DEFLATED) as z:
        for base, dirs, names in os.walk(src):
            for n in sorted(names):
                full = os.path.join(base, n)
                z.write(full, os.path.join('studio', os.path.relpath(full, src)))
    program = Select(driver.find_element(By.ID, 'program'))
    studio = [o.text for o in program.options if '工作室' in o.text]
    result(len(studio) == 1, 'the studio program is offered: %r' % [o.text for o in program.options])
    program.select_by_visible_text(studio[0])
    driver.find_element(By.ID, 'f-zip').send_keys(zpath)
    driver.find_element(By.ID, 'upload').click()
    wait.until(lambda d: 'studio/candidates-errors.csv' in option_texts(d, 'records'))
    Select(driver.find_element(By.ID, 'records')).select_by_visible_text('studio/candidates-errors.csv')
    driver.find_element(By.ID, 'check').click()
    field_cells = ('return [...document.querySelectorAll("#findings tbody tr")]'
                   '.map(r => r.cells.length > 3 ? r.cells[3].textContent : "")')
    wait.until(lambda d: any(f.startswith('成员') for f in d.execute_script(field_cells)))
    fields = driver.execute_script(field_cells)
    result('成员 第3项 出生年月' in fields,
           'a list entry\'s finding names the entry and its column: %r' % [f for f in fields if '项' in f])


def upload_zip(driver, path):
    """Sends the ZIP chosen in 上传 and waits for the page to take the answer."""
    driver.execute_script('document.getElementById("notice").textContent = ""')
    driver.find_element(By.ID, 'f-zip').send_keys(path)
    driver.find_element(By.ID, 'upload').click()
    waiting(driver).until(lambda d: d.find_element(By.ID, 'notice').text == '上传完成。')


def check_shown(driver):
    """What the 检查 step shows: rows of the findings table (when shown), the
    report link and the summary line."""
    return driver.execute_script(
        'const t = document.getElementById("findings");'
        'return {rows: t.hidden ? 0 : t.querySelectorAll("tbody tr").length,'
        ' report: !document.getElementById("report").hidden,'
        ' summary: document.getElementById("check-summary").textContent}')


def check_after_upload(driver, url, tmp):
    """What the page shows follows the files uploaded now: uploading again
    keeps the 记录表 the clerk chose (it does not jump back to the first),
    and findings and the report link of an earlier check go away when new
    files come or a check fails."""
    wait = waiting(driver)
    driver.get(url)
    wait.until(lambda d: len(option_texts(d, 'program')) > 0)
    program = Select(driver.find_element(By.ID, 'program'))
    program.select_by_visible_text([o.text for o in program.options if '嘉兴' in o.text and '2020' in o.text][0])
    zpath = os.path.join(tmp, 'again.zip')
    samples_zip(zpath)
    with zipfile.ZipFile(zpath, 'a') as z:
        z.writestr('broken.csv', 'a,b\n1,2\n')
    upload_zip(driver, zpath)
    records = Select(driver.find_element(By.ID, 'records'))
    records.select_by_visible_text('candidates.csv')
    upload_zip(driver, zpath)
    chosen = Select(driver.find_element(By.ID, 'records')).first_selected_option.text
    result(chosen == 'candidates.csv', 'the chosen records file stays chosen after an upload: %r' % chosen)

    Select(driver.find_element(By.ID, 'records')).select_by_visible_text('candidates-errors.csv')
    driver.find_element(By.ID, 'check').click()
    wait.until(lambda d: check_shown(d)['rows'] > 0 and check_shown(d)['report'])
    upload_zip(driver, zpath)
    shown = check_shown(driver)
    result(shown['rows'] == 0 and not shown['report'] and not shown['summary'],
           'an upload clears the last check from the page: %r' % shown)

    Select(driver.find_element(By.ID, 'records')).select_by_visible_text('candidates-errors.csv')
    driver.find_element(By.ID, 'check').click()
    wait.until(lambda d: check_shown(d)['rows'] > 0 and check_shown(d)['report'])
    Select(driver.find_element(By.ID, 'records')).select_by_visible_text('broken.csv')
    driver.find_element(By.ID, 'check').click()
    wait.until(lambda d: d.find_element(By.ID, 'notice').text.startswith('无法检查'))
    shown = check_shown(driver)
    result(shown['rows'] == 0 and not shown['report'] and not shown['summary'],
           'a failed check clears the last check from the page: %r' % shown)


def main():
    if webdriver is None or not shutil.which('chromium') or not shutil.which('chromedriver'):
        print('e2e serve-browser: skipped (needs chromium, chromium-driver, python3-selenium)')
        return 0
    tmp = tempfile.mkdtemp(prefix='ws-serve-browser-')
    server = subprocess.Popen([BIN, 'serve', '--no-browser', '--port', '0', '--templates',
                               os.path.join(ROOT, 'templates')], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=dict(os.environ, TMPDIR=tmp))
    line = server.stdout.readline()
    url = line[line.index('http://'):].strip()
    driver = None
    try:
        driver = browser()
        run(driver, url, tmp)
        check_list_entry(driver, tmp)
        check_after_upload(driver, url, tmp)
    finally:
        if driver:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
    return result.report()


if __name__ == '__main__':
    sys.exit(main())
