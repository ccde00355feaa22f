/**
 * The task pane in a real browser: the built pane (webpack, into a directory of its own) served on
 * localhost, Debian's headless Chromium, office.js from the @microsoft/office-js package, and the
 * in-memory Excel seeded with the sample register's cells. Clicks Import → Check → Summaries →
 * Export (the pack and the ministries' copy), then looks at the workbook (sheets, summary figures: 14 memoranda, 134 000 000 000 tenge)
 * and at the findings the pane shows. A project named `<img src=x onerror=alert(1)>` shows as those
 * characters, and no dialog ever opens. Nothing is requested off localhost.
 *
 * Screenshots: test-output/taskpane-*.png every run; with UPDATE_DOCS=1 also docs/taskpane-*.png
 * (the README's pictures of each step).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { columnNumber } from '../src/core/grid';
import { SAMPLE_RATES, sampleRegister } from './support/browser-sample';
import { buildPane, CHROMIUM, fakeExcelScript, launch, prepare, ROOT, serve, type HostOptions } from './support/browser';
import type { SheetData, SheetSnapshot } from './support/fake-excel';

const OUT = path.join(ROOT, 'test-output');
const DOCS = path.join(ROOT, 'docs');
const UPDATE_DOCS = process.env.UPDATE_DOCS === '1';
describe('the task pane in Chromium', () => {
  // A missing browser fails the suite with what to install: the pane is never left untested.
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);

  let dist = '';
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let fakeScript = '';
  let register: { name: string; data: SheetData; grid: { values: unknown[][] } };

  beforeAll(async () => {
    dist = buildPane();
    server = await serve(dist);
    fakeScript = fakeExcelScript();
    register = await sampleRegister();
    browser = await launch();
    fs.mkdirSync(OUT, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dist) fs.rmSync(dist, { recursive: true, force: true });
  });

  /** A page over a workbook; dialogs, page errors and CSP reports fail the test. */
  async function open(host: HostOptions): Promise<{ page: Page; problems: string[]; offsite: string[]; blocked: string[]; workers: string[] }> {
    const context = await browser.newContext({ viewport: { width: 380, height: 900 }, deviceScaleFactor: 1.5, locale: 'kk-KZ', acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    const blocked: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`a dialog opened: ${d.type()} ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      const text = m.text();
      // office.js outside Office tries to frame Microsoft's telemetry page; the pane's CSP refuses it.
      if (/telemetryservice\.firstpartyapps\.oaspapps\.com/.test(text)) blocked.push(text);
      else if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const { offsite } = await prepare(page, host, fakeScript);
    await page.goto(`${server.url}taskpane.html`);
    await page.getByTestId('step-import').waitFor();
    return { page, problems, offsite, blocked, workers };
  }

  async function shot(page: Page, name: string): Promise<void> {
    // the pane at rest: no progress panel, no focus ring from the last click
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.waitForTimeout(400); // Fluent's colour transitions settle
    const file = path.join(OUT, `taskpane-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (UPDATE_DOCS) fs.copyFileSync(file, path.join(DOCS, `taskpane-${name}.png`));
  }

  const sheet = (page: Page, name: string) => page.evaluate((n) => (window as unknown as { __fake: { readSheet(s: string): unknown } }).__fake.readSheet(n), name) as Promise<SheetSnapshot>;

  test('Import → Check → Summaries → Export on the sample register, in Kazakh', async () => {
    const { page, problems, offsite, workers } = await open({ sheets: { [register.name]: register.data }, workbookName: 'bko-register-2025-10.xlsx', displayLanguage: 'kk-KZ', apiVersion: '1.18' });

    // Kazakh by default, from Office's display language
    await page.getByRole('tab', { name: '2. Тексеру', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');

    // 1. Import: the NBK feeds as files, then read the active sheet and confirm the columns
    await page.getByTestId('rates-input').setInputFiles(SAMPLE_RATES);
    await page.getByTestId('rates-file').nth(2).waitFor();
    await expect(page.getByTestId('rates-file').count()).resolves.toBe(3);
    await page.getByTestId('read').click();
    await page.getByTestId('mapping').waitFor();
    await expect(page.getByTestId('found').textContent()).resolves.toBe(`«${register.name}»: тақырып 4-жолда, барлығы ${register.grid.values.length} жол.`);
    const kzt = page.getByTestId('map-KZT');
    await expect(kzt.locator('select').inputValue()).resolves.toBe('F');
    await expect(kzt.textContent()).resolves.toMatch(/\d+%$/);
    await shot(page, 'import');

    // 2. Check: the findings grouped by severity, the cells marked
    await page.getByTestId('confirm').click();
    await page.getByTestId('checked-of').waitFor();
    await expect(page.getByTestId('count-error').first().textContent()).resolves.toBe('0');
    await expect(page.getByTestId('count-warning').first().textContent()).resolves.toBe('1');
    await expect(page.getByTestId('count-info').first().textContent()).resolves.toBe('1');
    const messages = await page.getByTestId('finding-message').allTextContents();
    expect(messages).toEqual(['«Құны, теңге» толтырылмаған.', '«5 908,2 млн теңге» сомасы мәтін ретінде жазылған: дұрыс оқылды, бірақ Excel оны қоспайды.']);
    await page.getByTestId('marks-info').first().waitFor();
    const marked = await page.evaluate((n) => (window as unknown as { __fake: { cell(s: string, a: string): { look: Record<string, unknown> } } }).__fake.cell(n, 'F20').look, register.name);
    expect(marked['fill.color']).toBe('#FFEB9C');
    // a finding's cell selects it in Excel
    await page.getByTestId('goto').first().click();
    await page.waitForFunction(() => {
      const m = (window as unknown as { __fake: { model: { active: { selection: { r0: number; c0: number } } } } }).__fake.model;
      return m.active.selection.r0 === 19 && m.active.selection.c0 === 5;
    });
    await shot(page, 'check');

    // 3. Summaries: control figures 14 memoranda / 134 bn tenge, then write
    await page.getByTestId('to-summaries').click();
    await page.getByTestId('control-count').fill('14');
    await page.getByTestId('control-total').fill('134 млрд теңге');
    await page.getByTestId('control-status').selectOption('memorandum');
    await page.getByTestId('write').click();
    await page.getByTestId('message-success').waitFor();
    const names: string[] = await page.evaluate(() => (window as unknown as { __fake: { sheetNames(): string[] } }).__fake.sheetNames());
    expect(names.slice(0, 1)).toEqual([register.name]);
    expect(names).toEqual(expect.arrayContaining(['Шолу', 'Салалар бойынша', 'Тізілім', 'Тексеру']));
    // the summary figures: the register sheet holds the memoranda; the overview's formulas add them up
    const reg = await sheet(page, 'Тізілім');
    const head = reg.values[3].map(String);
    const status = head.indexOf('Мәртебесі');
    const tenge = head.indexOf('Құны, теңге');
    const memoranda = reg.values.slice(4).filter((r) => r[status] === 'меморандум');
    expect(memoranda).toHaveLength(14);
    expect(memoranda.reduce((s, r) => s + Number(r[tenge]), 0)).toBe(134_000_000_000);
    const overview = await sheet(page, 'Шолу');
    const memoRow = overview.values.findIndex((r) => r[0] === 'меморандум');
    expect(memoRow).toBeGreaterThan(0);
    expect(overview.formulas[memoRow][1]).toMatch(/^=COUNTIFS\('Тізілім'!/);
    expect(overview.formulas[memoRow][2]).toMatch(/^=SUMIFS\('Тізілім'!/);
    // the control figures hold: no CONTROL_MISMATCH on the checks sheet
    const checks = await sheet(page, 'Тексеру');
    expect(checks.values.map((r) => r[1])).not.toContain('CONTROL_MISMATCH');
    expect(checks.values.map((r) => r[1])).toEqual(expect.arrayContaining(['MISSING_VALUE', 'NUMBER_AS_TEXT']));
    // and the pane says the same
    const memoLine = (await page.getByTestId('status-memorandum').textContent())?.replace(/[\u00a0\u202f]/g, ' ');
    expect(memoLine).toBe('меморандум14 жоба134 000 000 000,00');
    await shot(page, 'summaries');

    // 4. Export: the pack as an .xlsx file
    await page.getByTestId('step-export').click();
    await page.getByTestId('make-pack').click();
    await page.getByTestId('download').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    expect(download.suggestedFilename()).toBe('bko-register-2025-10.tizilim.xlsx');
    // and the copy for the ministries, for October 2025
    await page.getByTestId('month').fill('2025-10');
    await page.getByTestId('make-copy').click();
    await page.getByTestId('download-copy').waitFor();
    const [copy] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-copy').click()]);
    expect(copy.suggestedFilename()).toBe('BKO_invest_projects_2025-10.xlsx');
    await shot(page, 'export');

    // the settings came to the workbook: a reopened workbook has them
    const saved = await page.evaluate(() => (window as unknown as { __fakeOffice: { context: { document: { settings: { get(k: string): unknown } } } } }).__fakeOffice.context.document.settings.get('tizilim.settings'));
    expect(saved).toMatchObject({ control: { count: 14, total: '134 млрд теңге', status: 'memorandum' } });

    // switch the pane to Russian: every text follows
    await page.getByTestId('lang').selectOption('ru');
    await page.getByRole('tab', { name: '2. Проверка', exact: true }).waitFor();

    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    // the checks ran in the Web Worker, not in the page
    expect(workers.some((u) => /tizilim-engine/.test(u))).toBe(true);
    // and the core was never loaded into the page itself (its chunk is the worker's only)
    const pageChunks = await page.evaluate(() => ((window as unknown as { webpackChunktizilim?: [unknown[]][] }).webpackChunktizilim ?? []).flatMap((c) => c[0].map(String)));
    expect(pageChunks.filter((c) => /engine-core/.test(c))).toEqual([]);
    await page.context().close();
  }, 180_000);

  test('workbook text is shown as text: a project named <img src=x onerror=alert(1)>', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const values = [
      ['№', 'Жобаның атауы', 'Инвестор', 'Құны, млн теңге', 'Мәртебесі'],
      [1, evil, '<script>alert(2)</script>', 'жиырма', 'меморандум'],
      [2, 'Цемент зауыты', 'ЖШС «Құрылыс»', 100, 'меморандум'],
    ];
    const { page, problems, offsite } = await open({ sheets: { 'Жобалар <b>': { values } }, workbookName: '"><svg onload=alert(3)>.xlsx', displayLanguage: 'kk-KZ' });
    await page.getByTestId('read').click();
    await page.getByTestId('mapping').waitFor();
    await page.getByTestId('confirm').click();
    await page.getByTestId('checked-of').waitFor();
    await expect(page.getByTestId('finding-name').first().textContent()).resolves.toBe(evil);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await page.locator('svg[onload]').count()).toBe(0);
    await expect(page.getByTestId('checked-of').textContent()).resolves.toContain('«Жобалар <b>»');
    await page.getByTestId('to-summaries').click();
    await page.getByTestId('write').click();
    await page.getByTestId('message-success').waitFor();
    const reg = await sheet(page, 'Тізілім');
    expect(reg.values.flat()).toContain(evil);
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('the column mapping the user chooses reaches the core and is kept in the workbook', async () => {
    const { page, problems } = await open({ sheets: { [register.name]: register.data }, workbookName: 'bko.xlsx', displayLanguage: 'en-US' });
    await page.getByRole('tab', { name: '2. Check', exact: true }).waitFor();
    await page.getByTestId('read').click();
    await page.getByTestId('mapping').waitFor();
    await page.getByTestId('map-investor').locator('select').selectOption('E');
    await expect(page.getByTestId('map-investor').textContent()).resolves.toContain('yours');
    await page.getByTestId('confirm').click();
    await page.getByTestId('checked-of').waitFor();
    const saved = await page.evaluate(() => (window as unknown as { __fakeOffice: { context: { document: { settings: { get(k: string): unknown } } } } }).__fakeOffice.context.document.settings.get('tizilim.settings'));
    expect(saved).toMatchObject({ mappings: { [`sheet:${register.name}`]: { investor: 'E' } } });
    expect(columnNumber('E')).toBe(5);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
