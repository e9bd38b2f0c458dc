// wenshu serve: the clerk's page. Plain script, no framework, nothing from
// outside. Every value from a file is put on the page as text (textContent),
// never as HTML. All URLs are relative: the page lives under /TOKEN/.
'use strict';

const $ = (id) => document.getElementById(id);
let session = null;
let programs = [];
let events = null;

function notice(text) { $('notice').textContent = text || ''; }

async function api(method, path, body) {
  const resp = await fetch(path, { method, body, credentials: 'same-origin' });
  let data = null;
  try { data = await resp.json(); } catch (e) { data = null; }
  if (!resp.ok) throw new Error((data && data.error) || ('服务器返回 ' + resp.status));
  return data;
}

function sessionPath(tail) { return 'api/session/' + session + tail; }

function form(extra) {
  const f = new FormData();
  f.append('program', $('program').value);
  f.append('records', $('records').value);
  for (const k in extra || {}) f.append(k, extra[k]);
  return f;
}

// --- 1, 2: programs and the collection workbook ---------------------------------
function showProgram() {
  const p = programs[Number($('program').value)];
  if (!p) return;
  $('program-info').textContent = [p.issuer, p.year ? p.year + ' 年' : '', '模板：' + p.id]
    .filter(Boolean).join('　');
  $('collect').href = 'api/programs/' + p.index + '/collect.xlsx';
}

async function loadPrograms() {
  const data = await api('GET', 'api/programs');
  programs = data.programs;
  const sel = $('program');
  sel.textContent = '';
  for (const p of programs) {
    const o = document.createElement('option');
    o.value = String(p.index);
    o.textContent = p.name + (p.year ? '（' + p.year + '）' : '');
    sel.appendChild(o);
  }
  showProgram();
}

// --- 3: upload --------------------------------------------------------------------
function uploadForm() {
  const f = new FormData();
  let n = 0;
  for (const id of ['f-records', 'f-units']) {
    for (const file of $(id).files) { f.append('files', file, file.name); n++; }
  }
  for (const file of $('f-zip').files) { f.append('zip', file, file.name); n++; }
  for (const file of $('f-folder').files) {
    // the chosen folder's own name is dropped: its content lands beside the records
    const rel = (file.webkitRelativePath || file.name).split('/').slice(1).join('/') || file.name;
    f.append('files', file, rel);
    n++;
  }
  return n ? f : null;
}

// The records file the clerk chose stays chosen while it is still there (by
// its path: an option's index moves when a new file sorts before it);
// otherwise the first file that is not the units file.
function showInputs(data) {
  const sel = $('records');
  const before = sel.selectedIndex >= 0 ? sel.options[sel.selectedIndex].textContent : null;
  sel.textContent = '';
  let chosen = data.records.indexOf(before);
  data.records.forEach((path, i) => {
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = path;
    sel.appendChild(o);
    const base = path.split('/').pop();
    if (chosen < 0 && !/^(units|推荐单位)\./i.test(base)) chosen = i;
  });
  if (chosen >= 0) sel.value = String(chosen);
  const ready = data.records.length > 0;
  sel.disabled = !ready;
  $('check').disabled = !ready;
  $('build').disabled = !ready;
  $('upload-info').textContent = '已上传 ' + data.files + ' 个文件，共 ' +
    (data.bytes / 1048576).toFixed(1) + ' MB。' + (ready ? '' : '还没有记录表（.csv 或 .xlsx）。');
}

function upload() {
  const body = uploadForm();
  if (!body) { notice('请先选择要上传的文件。'); return; }
  const bar = $('upload-progress');
  const xhr = new XMLHttpRequest();
  xhr.open('POST', sessionPath('/upload'));
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
  xhr.onload = () => {
    bar.hidden = true;
    let data = null;
    try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
    if (xhr.status !== 200) { notice((data && data.error) || ('上传失败（' + xhr.status + '）')); return; }
    notice('上传完成。');
    clearFindings();
    showInputs(data);
  };
  xhr.onerror = () => { bar.hidden = true; notice('上传失败：与本机服务的连接断开。'); };
  bar.hidden = false;
  bar.value = 0;
  notice('正在上传……');
  xhr.send(body);
}

// --- 4: check ---------------------------------------------------------------------
const LEVEL_CN = { error: '错误', warning: '警告', note: '提示' };
let findings = [];

function cell(tr, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  tr.appendChild(td);
}

function fieldText(f) {
  if (!f.field) return f.column ? '第' + f.column + '列' : '';
  return f.field + (f.entry ? ' 第' + f.entry + '项' : '') + (f.entry_column ? ' ' + f.entry_column : '');
}

function renderFindings() {
  const level = $('f-level').value, unit = $('f-unit').value;
  const body = $('findings').querySelector('tbody');
  body.textContent = '';
  for (const f of findings) {
    if (level && f.level !== level) continue;
    if (unit && (f.unit || '') !== unit) continue;
    const tr = document.createElement('tr');
    tr.className = f.level;
    cell(tr, f.row ? (f.sheet ? '「' + f.sheet + '」' : '') + '第' + f.row + '行' : '—');
    cell(tr, f.name || '');
    cell(tr, LEVEL_CN[f.level] || f.level);
    cell(tr, fieldText(f));
    cell(tr, f.problem + (f.value ? '（值：' + f.value + '）' : ''));
    cell(tr, f.words || '');
    body.appendChild(tr);
  }
}

// The findings and report link on screen are those of the files there now:
// they go when new files are uploaded, and when a check starts (the server
// drops the last report then), so a check that fails leaves nothing behind.
function clearFindings() {
  findings = [];
  $('check-summary').textContent = '';
  $('filters').hidden = true;
  $('findings').hidden = true;
  $('findings').querySelector('tbody').textContent = '';
  $('report').hidden = true;
}

async function check() {
  notice('正在检查……');
  clearFindings();
  $('check').disabled = true;
  try {
    const data = await api('POST', sessionPath('/check'), form());
    const c = data.check;
    findings = c.findings;
    if (c.units) for (const u of c.units.errors) {
      findings.push({ level: 'error', row: u.row, sheet: '单位信息表', name: '', field: '',
                      problem: u.message, words: '', unit: '' });
    }
    const s = c.summary;
    $('check-summary').textContent = '共 ' + s.records + ' 条记录：' + s.records_with_errors +
      ' 条有错误，' + s.records_with_warnings + ' 条只有警告；错误 ' + s.errors + ' 处，警告 ' +
      s.warnings + ' 处，提示 ' + s.notes + ' 处。' +
      (s.records_with_errors ? '有错误的记录不会生成（除非勾选“仍然生成”）。' : '');
    const units = [...new Set(findings.map((f) => f.unit).filter(Boolean))].sort();
    const sel = $('f-unit');
    sel.textContent = '';
    const all = document.createElement('option');
    all.value = '';
    all.textContent = '全部';
    sel.appendChild(all);
    for (const u of units) {
      const o = document.createElement('option');
      o.value = u;
      o.textContent = u;
      sel.appendChild(o);
    }
    $('filters').hidden = findings.length === 0;
    $('findings').hidden = findings.length === 0;
    $('report').hidden = !data.report;
    $('report').href = sessionPath('/report.xlsx');
    renderFindings();
    notice(findings.length ? '检查完成，请查看下面的问题。' : '检查完成，没有发现问题。');
  } catch (e) {
    notice('无法检查：' + e.message);
  } finally {
    $('check').disabled = false;
  }
}

// --- 5, 6: build, events, outputs -------------------------------------------------
function logLine(ev) {
  if (!ev.text) return;
  const log = $('log');
  const span = document.createElement('span');
  span.className = 'line-' + ev.level;
  span.textContent = ev.text + '\n';
  log.appendChild(span);
  log.scrollTop = log.scrollHeight;
}

async function showOutputs() {
  const data = await api('GET', sessionPath('/outputs'));
  const box = $('outputs');
  box.textContent = '';
  const groups = new Map();
  for (const o of data.outputs) {
    if (!groups.has(o.doc)) groups.set(o.doc, []);
    groups.get(o.doc).push(o);
  }
  for (const [doc, list] of groups) {
    const div = document.createElement('div');
    div.className = 'doc-group';
    const h = document.createElement('h3');
    h.textContent = doc + '（' + list.length + ' 个文件）';
    div.appendChild(h);
    const ul = document.createElement('ul');
    for (const o of list) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = sessionPath('/output/' + o.index);
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = o.path;
      li.appendChild(a);
      ul.appendChild(li);
    }
    div.appendChild(ul);
    box.appendChild(div);
  }
  $('zip').hidden = data.outputs.length === 0;
  $('zip').href = sessionPath('/all.zip');
}

function follow() {
  if (events) events.close();
  events = new EventSource(sessionPath('/events'));
  events.onmessage = (m) => {
    const ev = JSON.parse(m.data);
    if (ev.kind === 'progress' || (ev.kind === 'record' && ev.total)) {
      $('build-progress').max = ev.total || 1;
      $('build-progress').value = ev.done;
      $('build-status').textContent = '正在生成：已完成 ' + ev.done + ' / ' + ev.total + ' 条记录';
    }
    logLine(ev);
    if (ev.kind === 'end') {
      events.close();
      events = null;
      $('build').disabled = false;
      $('build-progress').hidden = true;
      $('build-status').textContent = ev.error ? '无法生成：' + ev.error
        : ev.stopped ? '生成已停止。' : ev.rc === 0 ? '全部生成完成。' : '生成完成，部分记录或文档未生成，请查看记录。';
      notice($('build-status').textContent);
      showOutputs().catch((e) => notice('无法取得生成的文件：' + e.message));
    }
  };
}

async function build() {
  $('build').disabled = true;
  $('log').textContent = '';
  $('log').hidden = false;
  $('outputs').textContent = '';
  $('zip').hidden = true;
  $('build-progress').hidden = false;
  $('build-progress').value = 0;
  try {
    await api('POST', sessionPath('/build'), form({
      force: $('force').checked ? '1' : '0', password: $('password').value }));
    notice('正在生成……');
    follow();
  } catch (e) {
    $('build').disabled = false;
    $('build-progress').hidden = true;
    notice('无法生成：' + e.message);
  }
}

// --- start ------------------------------------------------------------------------
async function start() {
  try {
    await loadPrograms();
    const s = await api('POST', 'api/session');
    session = s.session;
  } catch (e) {
    notice('无法连接本机服务：' + e.message + '。请重新运行 wenshu serve 并打开它显示的地址。');
    return;
  }
  $('program').addEventListener('change', showProgram);
  $('upload').addEventListener('click', upload);
  $('check').addEventListener('click', check);
  $('build').addEventListener('click', build);
  $('f-level').addEventListener('change', renderFindings);
  $('f-unit').addEventListener('change', renderFindings);
  window.addEventListener('pagehide', () => {
    if (session) fetch(sessionPath(''), { method: 'DELETE', keepalive: true });
  });
}

start();
