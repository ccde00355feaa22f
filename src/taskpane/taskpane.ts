/**
 * The task pane: check the active sheet's register and write the summary pack into the workbook.
 * Reads through src/excel, thinks through src/core, writes through src/excel; shows the totals and
 * the findings. Workbook text reaches the page only as text nodes (textContent), never as HTML.
 */
import { findingMessage, type Finding, type Severity } from '../core/findings';
import { inputMessage, isLang, LANGS, type Lang } from '../core/i18n';
import { runPipeline } from '../core/pipeline';
import { parseRatesTable, RateTable } from '../core/rates';
import { readSheet, readSheetGrid, SheetTooLargeError } from '../excel/read';
import { officeErrorCode } from '../excel/support';
import { writePlans, type WriteReport } from '../excel/write';
import { langFromOffice, numberFormat, t } from './i18n';

const RATES_SHEETS = ['Rates', 'Бағамдар', 'Курсы'];
const LANG_KEY = 'tizilim.lang';
/** Findings listed per severity; the rest are on the checks sheet. */
const MAX_LISTED = 200;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

interface Done {
  sheet: string;
  projects: number;
  KZT: string;
  CNY: string;
  findings: Finding[];
  report: WriteReport;
  rates: { sheet: string; count: number } | null;
}

/** What the pane shows, kept as data so that a language switch re-words all of it. */
const state: {
  lang: Lang;
  inExcel: boolean;
  busy: boolean;
  status: ((lang: Lang) => string) | null;
  done: Done | null;
} = { lang: 'kk', inExcel: false, busy: false, status: null, done: null };

function el<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function storedLang(): Lang | null {
  try {
    const v = window.localStorage.getItem(LANG_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null; // storage blocked (private mode, policies)
  }
}

function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_KEY, lang);
  } catch {
    // not remembered; the choice still holds for this session
  }
}

/** Local calendar date (Kazakhstan is UTC+5: the UTC date would still be yesterday early in the morning). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function number(x: string | number, lang: Lang, decimals: number): string {
  // A decimal string is formatted exactly where Intl supports it, else as a double.
  return numberFormat(lang, decimals).format(x as unknown as number);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderStatic(): void {
  const lang = state.lang;
  document.documentElement.lang = lang;
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((node) => {
    const key = node.dataset.i18n;
    if (key) node.textContent = t(key, lang);
  });
  const select = el<HTMLSelectElement>('lang');
  if (select) select.value = lang;
}

function setStatus(fn: ((lang: Lang) => string) | null): void {
  state.status = fn;
  const status = el('status');
  if (status) status.textContent = fn ? fn(state.lang) : '';
}

function setProgress(value: number | null, visible = true): void {
  const p = el<HTMLProgressElement>('progress');
  if (!p) return;
  p.hidden = !visible;
  if (value === null) p.removeAttribute('value');
  else {
    p.max = 1;
    p.value = value;
  }
}

function clearChildren(node: HTMLElement, keep: (child: Element) => boolean = () => false): void {
  for (const child of Array.from(node.children)) if (!keep(child)) child.remove();
}

function renderTotals(): void {
  const section = el('totals');
  if (!section) return;
  clearChildren(section, (c) => c.tagName === 'H2');
  const done = state.done;
  if (!done) return;
  const lang = state.lang;
  const caption = document.createElement('p');
  caption.className = 'totals-caption';
  caption.textContent = t('totals.caption', lang, { sheet: done.sheet });
  const table = document.createElement('table');
  const rows: [string, string][] = [
    [t('totals.projects', lang), number(done.projects, lang, 0)],
    [t('totals.KZT', lang), number(done.KZT, lang, 2)],
    [t('totals.CNY', lang), number(done.CNY, lang, 2)],
  ];
  for (const [label, value] of rows) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = label;
    const td = document.createElement('td');
    td.className = 'num';
    td.textContent = value;
    tr.append(th, td);
    table.append(tr);
  }
  section.append(caption, table);
}

function renderFindings(): void {
  const list = el('findings-list');
  if (!list) return;
  clearChildren(list);
  const done = state.done;
  if (!done) return;
  const lang = state.lang;
  if (done.findings.length === 0) {
    const li = document.createElement('li');
    li.textContent = t('findings.none', lang);
    list.append(li);
    return;
  }
  const checksSheet = done.report.sheets.find((s) => s.role === 'checks')?.name ?? '';
  for (const sev of SEVERITIES) {
    const group = done.findings.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    const head = document.createElement('li');
    head.className = `sev-${sev} sev-group`;
    const label = document.createElement('span');
    label.className = 'sev-label';
    label.textContent = t('findings.count', lang, { label: t(`severity.${sev}`, lang), count: group.length });
    head.append(label);
    list.append(head);
    for (const f of group.slice(0, MAX_LISTED)) list.append(findingItem(f, lang));
    if (group.length > MAX_LISTED) {
      const more = document.createElement('li');
      more.className = `sev-${sev}`;
      more.textContent = t('findings.more', lang, { count: group.length - MAX_LISTED, sheet: checksSheet });
      list.append(more);
    }
  }
}

function findingItem(f: Finding, lang: Lang): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `sev-${f.severity}`;
  const where = f.cell ? `${f.sheet}!${f.cell}` : f.sheet;
  if (f.cell && state.inExcel) {
    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'cell';
    go.textContent = where;
    go.title = t('findings.goTo', lang, { cell: where });
    const sheet = f.sheet;
    const cell = f.cell;
    go.addEventListener('click', () => void goTo(sheet, cell));
    li.append(go);
  } else {
    const span = document.createElement('span');
    span.className = 'cell';
    span.textContent = where;
    li.append(span);
  }
  li.append(document.createTextNode(findingMessage(f, lang)));
  return li;
}

function renderAll(): void {
  renderStatic();
  setStatus(state.status);
  renderTotals();
  renderFindings();
}

// ---------------------------------------------------------------------------------------------
// Errors in words

function describeError(e: unknown): (lang: Lang) => string {
  if (e instanceof SheetTooLargeError) {
    return (lang) => t('error.tooLarge', lang, { sheet: e.sheet, address: e.address, cells: number(e.cells, lang, 0), limit: number(e.limit, lang, 0) });
  }
  const code = officeErrorCode(e);
  switch (code) {
    case 'InvalidOperationInCellEditMode':
      return (lang) => t('error.cellEdit', lang);
    case 'AccessDenied':
      return (lang) => t('error.protected', lang);
    case 'RequestPayloadSizeLimitExceeded':
    case 'ResponsePayloadSizeLimitExceeded':
      return (lang) => t('error.tooBig', lang);
    case 'ApiNotFound':
      return (lang) => t('error.oldExcel', lang);
  }
  if (code) return (lang) => t('error.office', lang, { code });
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
  return (lang) => t('error.unknown', lang, { message });
}

// ---------------------------------------------------------------------------------------------
// The run

type Outcome =
  | { kind: 'done'; done: Done }
  | { kind: 'own'; sheet: string }
  | { kind: 'problem'; key: string; params: Record<string, string | number> };

async function run(): Promise<void> {
  if (state.busy || !state.inExcel) return;
  const lang = state.lang;
  const button = el<HTMLButtonElement>('run');
  state.busy = true;
  if (button) button.disabled = true;
  state.done = null;
  renderTotals();
  renderFindings();
  setStatus((l) => t('status.reading', l));
  setProgress(null);
  try {
    const outcome = await Excel.run(async (context): Promise<Outcome> => {
      const wb = context.workbook;
      wb.load('name');
      const candidates = RATES_SHEETS.map((name) => {
        const ws = wb.worksheets.getItemOrNullObject(name);
        ws.load('name');
        return ws;
      });
      await context.sync();
      const source = await readSheet(context);
      const sheet = source.grid.sheet;
      if (source.role !== null) return { kind: 'own', sheet };
      const file = wb.name || sheet;

      let rates = new RateTable();
      let ratesInfo: Done['rates'] = null;
      const ratesSheet = candidates.find((ws) => !ws.isNullObject && ws.name !== sheet);
      if (ratesSheet) {
        const grid = await readSheetGrid(context, ratesSheet);
        const parsed = parseRatesTable(grid.values, ratesSheet.name);
        if (!parsed.ok) return { kind: 'problem', key: 'RATES_UNREADABLE', params: { file: ratesSheet.name, reason: parsed.message } };
        rates = new RateTable(parsed.rates);
        ratesInfo = { sheet: ratesSheet.name, count: rates.size };
      }

      setStatus((l) => t('status.checking', l));
      const result = runPipeline(source.grid, { file, lang, rates, today: today() });
      if (!result.ok) return { kind: 'problem', key: result.problem, params: { file, sheet, rows: 30 } };

      setStatus((l) => t('status.writing', l));
      setProgress(0);
      const report = await writePlans(context, result.plans, { sourceSheet: sheet, onProgress: (p) => setProgress(p) });
      const totals = result.json.totals;
      return { kind: 'done', done: { sheet, projects: totals.projects, KZT: totals.KZT, CNY: totals.CNY, findings: result.findings, report, rates: ratesInfo } };
    });

    if (outcome.kind === 'own') {
      const sheet = outcome.sheet;
      setStatus((l) => t('error.ownSheet', l, { sheet }));
    } else if (outcome.kind === 'problem') {
      const { key, params } = outcome;
      setStatus((l) => inputMessage(key, l, params));
    } else {
      const done = outcome.done;
      state.done = done;
      setStatus((l) => {
        const parts = [t('status.done', l, { sheet: done.sheet, count: done.report.sheets.length, names: done.report.sheets.map((s) => s.name).join(', ') })];
        for (const s of done.report.sheets) if (s.renamed) parts.push(t('status.renamed', l, { plan: s.plan, name: s.name }));
        parts.push(done.rates ? t('status.ratesFrom', l, done.rates) : t('status.noRates', l));
        return parts.join(' ');
      });
      renderTotals();
      renderFindings();
    }
  } catch (e) {
    setStatus(describeError(e));
  } finally {
    state.busy = false;
    if (button) button.disabled = !state.inExcel;
    setProgress(null, false);
  }
}

async function goTo(sheet: string, cell: string): Promise<void> {
  try {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(cell).select();
      await context.sync();
    });
  } catch (e) {
    setStatus(describeError(e));
  }
}

// ---------------------------------------------------------------------------------------------
// Start

function start(inExcel: boolean, displayLanguage: string | null | undefined): void {
  state.inExcel = inExcel;
  state.lang = storedLang() ?? langFromOffice(displayLanguage ?? (typeof navigator !== 'undefined' ? navigator.language : undefined));
  const select = el<HTMLSelectElement>('lang');
  select?.addEventListener('change', () => {
    const v = select.value;
    if (!isLang(v) || !LANGS.includes(v)) return;
    state.lang = v;
    storeLang(v);
    renderAll();
  });
  const button = el<HTMLButtonElement>('run');
  if (button) {
    button.disabled = !inExcel;
    button.addEventListener('click', () => void run());
  }
  if (!inExcel) setStatus((l) => t('status.outsideExcel', l));
  renderAll();
}

function boot(): void {
  if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
    void Office.onReady((info) => {
      const inExcel = info.host === Office.HostType.Excel && typeof Excel !== 'undefined';
      start(inExcel, Office.context?.displayLanguage);
    });
  } else {
    // office.js did not load (opened outside Office, or blocked): still show the pane, with the note.
    start(false, undefined);
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
}
