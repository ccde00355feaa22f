/**
 * The task pane in a real browser: the built pane (webpack, into a directory of its own) served on
 * localhost, Debian's headless Chromium, office.js from the @microsoft/office-js package, and the
 * in-memory Excel seeded with the sample register's cells. Clicks Import (the dates without a rate,
 * the NBK files merged into the rates sheet) → Check → Summaries → Export (closing the month, the
 * ministries' copy opened as a new workbook, the pack), then looks at the workbook (sheets, summary
 * figures: 14 memoranda, 134 000 000 000 tenge) and at the findings the pane shows. Also: rates pasted
 * and downloaded from the National Bank (served, refused, refused by CORS), the questions the pane asks
 * (a sheet the user edited, open errors) with both answers, and a host without Excel.createWorkbook. A project named `<img src=x onerror=alert(1)>` shows as those
 * characters, and no dialog ever opens. Nothing is requested off localhost.
 *
 * Screenshots: test-output/taskpane-*.png every run; with UPDATE_DOCS=1 also docs/taskpane-*.png
 * (the README's pictures of each step).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { columnNumber } from '../../src/core/grid/a1';
import { SAMPLE_RATES, sampleRatesSheet, paneSetup, paneTeardown } from '../support/browser-sample';
import { CHROMIUM, prepare, prepareOfficeOnly, ROOT, type HostOptions, type NbkSite } from '../support/browser';
import type { SheetData, SheetSnapshot } from '../support/fake-excel';

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
    ({ dist, server, browser, fakeScript, register } = await paneSetup());
  }, 240_000);

  afterAll(async () => {
    await paneTeardown({ dist, server, browser });
  });

  /** A page over a workbook; dialogs, page errors and CSP reports fail the test. */
  async function open(host: HostOptions, opts: { userAgent?: string; locale?: string; blockBundle?: boolean; ready?: string } = {}): Promise<{ page: Page; problems: string[]; offsite: string[]; blocked: string[]; workers: string[] }> {
    const context = await browser.newContext({ viewport: { width: 380, height: 900 }, deviceScaleFactor: 1.5, locale: opts.locale ?? 'kk-KZ', acceptDownloads: true, userAgent: opts.userAgent });
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
    // The pane's own scripts refused, as a webview that cannot load or parse them would leave it.
    if (opts.blockBundle) await page.route(/\/(taskpane|vendors|runtime)[\w.-]*\.js$/, (route) => route.abort());
    await page.goto(`${server.url}taskpane.html`);
    await page.getByTestId(opts.ready ?? 'step-import').waitFor();
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

  type FakeWindow = {
    __fake: {
      sheetNames(): string[];
      readSheet(s: string): SheetSnapshot;
      createdWorkbooks: string[];
      Excel: { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> };
    };
    __fakeOffice: { context: { document: { settings: { get(k: string): unknown } } } };
  };
  const sheetNames = (page: Page) => page.evaluate(() => (window as unknown as FakeWindow).__fake.sheetNames());
  /** The settings in the workbook's SettingCollection, as a reopened workbook (and the ribbon's Check now) finds them. */
  const savedSettings = (page: Page) =>
    page.evaluate(() => {
      const w = window as unknown as { FakeExcelLib: { fakeWorkbookSettings(f: unknown): Record<string, unknown> }; __fake: unknown };
      return w.FakeExcelLib.fakeWorkbookSettings(w.__fake)['tizilim.settings'];
    }) as Promise<Record<string, unknown>>;
  /** Type into a cell of the workbook, as the user would in Excel. */
  const edit = (page: Page, sheetName: string, address: string, value: string) =>
    page.evaluate(
      ([n, a, v]) =>
        (window as unknown as FakeWindow).__fake.Excel.run(async (c) => {
          c.workbook.worksheets.getItem(n).getRange(a).values = [[v]];
          await c.sync();
        }),
      [sheetName, address, value] as const,
    );
  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');

  test('Import → Check → Summaries → Export on the sample register, in Kazakh', async () => {
    const { page, problems, offsite, workers } = await open({ sheets: { [register.name]: register.data }, workbookName: 'bko-register-2025-10.xlsx', displayLanguage: 'kk-KZ', apiVersion: '1.18' });

    // Kazakh by default, from Office's display language
    await page.getByRole('tab', { name: '2. Тексеру', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');

    // 1. Import: read the active sheet; before any check, the dates without a rate are shown
    await expect(text(page, 'rates-info')).resolves.toBe('Кітапта бағам парағы әлі жоқ. Бағамдарды төмендегі тәсілдердің бірімен қосыңыз — Тізілім «Бағамдар» парағын өзі жасайды.');
    await page.getByTestId('read').click();
    await page.getByTestId('mapping').waitFor();
    await expect(page.getByTestId('found').textContent()).resolves.toBe(`«${register.name}»: тақырып 4-жолда, барлығы ${register.grid.values.length} жол.`);
    const kzt = page.getByTestId('map-KZT');
    await expect(kzt.locator('select').inputValue()).resolves.toBe('F');
    await expect(kzt.textContent()).resolves.toMatch(/\d+%$/);
    await page.getByTestId('rate-gaps').waitFor();
    expect(await page.getByTestId('rate-gap').allTextContents()).toEqual(['CNY, 09.10.2025 — 1 жол (8)', 'CNY, 10.10.2025 — 1 жол (10)']);
    await shot(page, 'import');

    // the saved NBK files, several at once: merged into the rates sheet the add-in makes, and said what was added
    await page.getByTestId('rates-input').setInputFiles(SAMPLE_RATES);
    await page.getByTestId('message-success').waitFor();
    await expect(text(page, 'message-success')).resolves.toBe(
      '«Бағамдар» парағы жасалды, 6 бағам: CNY 09.10.2025 — 75,82; RUB 09.10.2025 — 6,61; USD 09.10.2025 — 538,42; CNY 10.10.2025 — 76,14; RUB 10.10.2025 — 6,66; USD 10.10.2025 — 540,17.',
    );
    await page.getByTestId('rate-gaps-none').waitFor();
    await expect(text(page, 'rates-sheet')).resolves.toBe('«Бағамдар» парағы (оны Тізілім жүргізеді, өзгертуге болады): 6 бағам, 09.10.2025 – 10.10.2025.');
    const rates = await sheet(page, 'Бағамдар');
    expect(rates.customProperties['tizilim.role']).toBe('rates');
    expect(rates.values[0]).toEqual(['Күні', 'Валюта', 'Бағам', 'Саны', 'Дереккөз']);
    expect(rates.values).toHaveLength(7);

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
    const names = await sheetNames(page);
    expect(names.slice(0, 2)).toEqual([register.name, 'Бағамдар']);
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

    // 4. Export: close October — its snapshot on a hidden sheet of the tool's
    await page.getByTestId('step-export').click();
    await page.getByTestId('month').fill('2025-10');
    await expect(text(page, 'closed-months')).resolves.toBe('Бұл кітапта әзірге жабылған ай жоқ.');
    await page.getByTestId('close-month').click();
    await page.getByTestId('message-success').waitFor();
    await expect(text(page, 'message-success')).resolves.toBe('2025-10 айы жабылды: 16 жоба жасырын «tizilim.snapshot.2025-10» парағына сақталды.');
    const snap = await sheet(page, 'tizilim.snapshot.2025-10');
    expect(snap.visibility).toBe('Hidden');
    expect(snap.customProperties['tizilim.role']).toBe('snapshot');
    await expect(text(page, 'closed-months')).resolves.toBe('Осы кітапта жабылған айлар: 2025-10.');
    // closing it again asks first; "keep the earlier one" leaves it
    await page.getByTestId('close-month').click();
    await page.getByTestId('snapshot-dialog').waitFor();
    await expect(page.getByTestId('snapshot-dialog').textContent()).resolves.toContain('2025-10 айының суретін ауыстыру керек пе?');
    await page.getByTestId('snapshot-dialog-no').click();
    await page.getByTestId('message-info').waitFor();
    await expect(text(page, 'message-info')).resolves.toBe('2025-10 айының бұрынғы суреті өзгеріссіз қалды.');
    expect((await sheet(page, 'tizilim.snapshot.2025-10')).id).toBe(snap.id);

    // November's copy for the ministries finds October's snapshot by itself, and opens as a new workbook
    await page.getByTestId('month').fill('2025-11');
    await expect(text(page, 'previous')).resolves.toBe('Өткен аймен (2025-10) осы кітаптағы сурет бойынша салыстырылады.');
    await page.getByTestId('organisation').fill('Экономика басқармасы');
    const before = await sheetNames(page);
    await page.getByTestId('make-copy').click();
    await page.getByTestId('download-copy').waitFor();
    await expect(text(page, 'message-success')).resolves.toMatch(/^«BKO_invest_projects_2025-11\.xlsx» дайын: Анықтама, .*Өзгерістер\. Өткен аймен салыстырылды\.$/);
    const [copy] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-copy').click()]);
    expect(copy.suggestedFilename()).toBe('BKO_invest_projects_2025-11.xlsx');
    await page.getByTestId('open-download-copy').click();
    await page.getByTestId('message-success').waitFor();
    await expect(text(page, 'message-success')).resolves.toBe('Файл жаңа кітап ретінде ашылды; бұл кітап өзгермеді.');
    const opened = await page.evaluate(() => (window as unknown as FakeWindow).__fake.createdWorkbooks);
    expect(opened).toHaveLength(1);
    expect(opened[0].startsWith('UEsDB')).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(Buffer.from(opened[0], 'base64')).buffer);
    expect(book.worksheets.map((w) => w.name)).toContain('Өзгерістер');
    expect(book.creator).toBe('Экономика басқармасы');
    expect(await sheetNames(page)).toEqual(before); // the user's workbook untouched
    // the monthly pack as an .xlsx file
    await page.getByTestId('make-pack').click();
    await page.getByTestId('download').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    expect(download.suggestedFilename()).toBe('bko-register-2025-10.tizilim.xlsx');
    await page.getByTestId('month').fill('2025-10');
    await shot(page, 'export');

    // the settings came to the workbook: a reopened workbook has them, the copy's options too
    await page.waitForTimeout(800); // the settings are saved shortly after a change
    expect(await savedSettings(page)).toMatchObject({ control: { count: 14, total: '134 млрд теңге', status: 'memorandum' }, export: { organisation: 'Экономика басқармасы' } });

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

  test('rates from a pasted table and from the National Bank; a refused request is said plainly, with the pages to save', async () => {
    const nbk: NbkSite = { mode: 'block', asked: [] };
    const { page, problems, offsite } = await open({ sheets: { [register.name]: register.data }, workbookName: 'bko.xlsx', displayLanguage: 'en-US', nbk });
    await page.getByTestId('read').click();
    await page.getByTestId('rate-gaps').waitFor();
    await expect(page.getByTestId('rate-gap').count()).resolves.toBe(2);

    // no network: said in words, and the pages to save by hand
    await page.getByTestId('download-rates').click();
    await page.getByTestId('message-warning').waitFor();
    await expect(text(page, 'message-warning')).resolves.toMatch(/^The browser did not let the pane reach nationalbank\.kz .*add them with "Import saved NBK files"\.$/);
    expect(await page.getByTestId('nbk-urls').locator('a').allTextContents()).toEqual([
      'https://nationalbank.kz/rss/get_rates.cfm?fdate=09.10.2025',
      'https://nationalbank.kz/rss/get_rates.cfm?fdate=10.10.2025',
    ]);
    expect(nbk.asked).toEqual(['https://nationalbank.kz/rss/get_rates.cfm?fdate=09.10.2025']);

    // a pasted table (tab-separated, as copied from Excel): the rates sheet is made. 10 October's rate
    // leaves 9 October without one (a rate serves its day and the days after it, never the days before)
    await page.getByTestId('paste-toggle').click();
    await page.getByTestId('paste-text').fill('Date\tCurrency\tRate\n10.10.2025\tCNY\t76.14\n');
    await page.getByTestId('paste-add').click();
    await page.getByTestId('message-success').waitFor();
    await expect(text(page, 'message-success')).resolves.toBe('Made the sheet "Rates" with 1 rate: CNY 10.10.2025 — 76.14.');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="rate-gap"]').length === 1);
    await expect(text(page, 'rate-gap')).resolves.toBe('CNY, 09.10.2025 — 1 row (8)');

    // the site answers without allowing the pane (as the real one, with no CORS header): refused as well
    nbk.mode = 'no-cors';
    await page.getByTestId('download-rates').click();
    await page.getByTestId('message-warning').waitFor();
    await expect(text(page, 'message-warning')).resolves.toMatch(/^The browser did not let the pane reach nationalbank\.kz/);

    // where it is allowed: the missing day downloaded and added below the pasted one
    nbk.mode = 'serve';
    await page.getByTestId('download-rates').click();
    await page.getByTestId('message-success').waitFor();
    await expect(text(page, 'message-success')).resolves.toBe('Added 1 rate to the sheet "Rates": CNY 09.10.2025 — 75.82.');
    await page.getByTestId('rate-gaps-none').waitFor();
    expect(nbk.asked.slice(-1)).toEqual(['https://nationalbank.kz/rss/get_rates.cfm?fdate=09.10.2025']);
    const values = (await sheet(page, 'Rates')).values;
    expect(values.map((r) => [r[1], r[2], r[4]])).toEqual([['Currency', 'Rate', 'Source'], ['CNY', 76.14, 'Paste a table'], ['CNY', 75.82, 'NBK 2025-10-09']]);
    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('writing over a sheet the user edited asks: "Replace" replaces it, "Keep mine" writes ours as a new sheet', async () => {
    const { page, problems } = await open({ sheets: { [register.name]: register.data, Курсы: sampleRatesSheet() }, workbookName: 'bko.xlsx', displayLanguage: 'ru-RU' });
    await page.getByTestId('read').click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('to-summaries').click();
    await page.getByTestId('write').click();
    await page.getByTestId('message-success').waitFor();
    expect(await sheetNames(page)).toContain('Обзор');

    await edit(page, 'Обзор', 'A1', 'Мой заголовок');
    await page.getByTestId('write').click();
    await page.getByTestId('edited-dialog').waitFor();
    expect(await page.getByTestId('edited-dialog-items').locator('li').allTextContents()).toEqual(['Обзор']);
    await expect(page.getByTestId('edited-dialog-no').textContent()).resolves.toBe('Оставить мои (наши запишутся новым листом)');
    await page.getByTestId('edited-dialog-yes').click();
    await page.getByTestId('message-info').waitFor();
    await expect(text(page, 'message-info')).resolves.toBe('Изменённые листы заменены: Обзор.');
    expect((await sheet(page, 'Обзор')).values[0][0]).not.toBe('Мой заголовок');
    expect(await sheetNames(page)).not.toContain('Обзор (2)');

    await edit(page, 'Обзор', 'A1', 'Мой заголовок');
    await page.getByTestId('write').click();
    await page.getByTestId('edited-dialog').waitFor();
    await page.getByTestId('edited-dialog-no').click();
    await page.getByTestId('message-info').waitFor();
    await expect(text(page, 'message-info')).resolves.toBe('Ваши изменённые листы сохранены: Обзор.');
    expect((await sheet(page, 'Обзор')).values[0][0]).toBe('Мой заголовок');
    expect((await sheet(page, 'Обзор (2)')).customProperties['tizilim.role']).toBe('summary:overview');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('with open errors the copy asks first and then states them; where Excel cannot open a new workbook, the file is downloaded', async () => {
    const { page, problems } = await open({ sheets: { [register.name]: register.data }, workbookName: 'bko.xlsx', displayLanguage: 'en-US', apiVersion: '1.7' });
    await page.getByTestId('read').click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('checked-of').waitFor();
    await expect(page.getByTestId('count-error').first().textContent()).resolves.toBe('3');
    await page.getByTestId('step-export').click();
    await page.getByTestId('month').fill('2025-10');
    await page.getByTestId('make-copy').click();
    await page.getByTestId('errors-dialog').waitFor();
    await expect(page.getByTestId('errors-dialog').textContent()).resolves.toContain('The register has 3 errors');
    await page.getByTestId('errors-dialog-no').click();
    await page.getByTestId('message-info').waitFor();
    await expect(text(page, 'message-info')).resolves.toBe('The copy was not made: fix the errors first.');
    expect(await page.getByTestId('download-copy').count()).toBe(0);

    await page.getByTestId('make-copy').click();
    await page.getByTestId('errors-dialog-yes').click();
    await page.getByTestId('download-copy').waitFor();
    await expect(page.getByTestId('open-download-copy').count()).resolves.toBe(0);
    await expect(text(page, 'download-copy-only')).resolves.toBe('This Excel cannot open the file as a new workbook (ExcelApi 1.8 is needed) — download it and open it.');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-copy').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await file.path());
    const about = JSON.stringify(book.worksheets[0].getSheetValues());
    expect(about).toContain('RATE_MISSING');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

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
    const saved = await savedSettings(page);
    expect(saved).toMatchObject({ mappings: { [`sheet:${register.name}`]: { investor: 'E' } } });
    expect(columnNumber('E')).toBe(5);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('Diagnostics from the footer: every check on the in-memory Excel, the host in the report, nothing left behind; a behaviour broken on purpose shows as a failure', async () => {
    const { page, problems, offsite } = await open({ sheets: { [register.name]: register.data }, workbookName: 'bko.xlsx', displayLanguage: 'en-US', apiVersion: '1.18', platform: 'OfficeOnline' });
    const before = await sheetNames(page);
    await page.getByTestId('diagnostics').click();
    await page.getByTestId('diag-run').click();
    await page.getByTestId('diag-summary').waitFor({ timeout: 60_000 });
    await expect(text(page, 'diag-host')).resolves.toBe('Excel, OfficeOnline, version 16.0 (in-memory, ExcelApi 1.18); ExcelApi 1.18');
    for (const id of ['requirements', 'text', 'payload', 'notes', 'properties', 'settings', 'dates', 'selection', 'createWorkbook', 'cleanup']) {
      await expect(page.getByTestId(`diag-${id}`).getAttribute('data-ok')).resolves.toBe('true');
    }
    const report = await page.getByTestId('diag-report').inputValue();
    expect(report.split('\n')[1]).toBe('Host: Excel; platform: OfficeOnline; version: 16.0 (in-memory, ExcelApi 1.18); language: en-US');
    expect(report).toMatch(/^\[PASS\] Text after an apostrophe stays text: wrote/m);
    expect(await sheetNames(page)).toEqual(before);
    await shot(page, 'diagnostics');
    await page.getByTestId('diag-back').click();
    await page.getByTestId('read').waitFor();
    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await page.context().close();

    const broken = await open({ sheets: { [register.name]: register.data }, workbookName: 'bko.xlsx', displayLanguage: 'ru-RU', apiVersion: '1.18', quirks: { broken: ['apostrophe'] } });
    await broken.page.getByTestId('diagnostics').click();
    await broken.page.getByTestId('diag-run').click();
    await broken.page.getByTestId('diag-summary').waitFor({ timeout: 60_000 });
    await expect(broken.page.getByTestId('diag-text').getAttribute('data-ok')).resolves.toBe('false');
    await expect(text(broken.page, 'diag-text')).resolves.toMatch(/^НЕ ПРОЙДЕНО/);
    await broken.page.context().close();
  }, 180_000);

  test('the ribbon\'s Check now handed a register over: the pane reads that sheet and checks it as soon as it opens, once', async () => {
    const { page, problems } = await open(
      { sheets: { Басқа: { values: [['x']] }, [register.name]: register.data }, workbookName: 'bko.xlsx', displayLanguage: 'kk-KZ', workbookSettings: { 'tizilim.pendingCheck': { sheet: register.name, at: new Date().toISOString(), why: 'size' } } },
      { ready: 'checked-of' },
    );
    await expect(page.getByTestId('checked-of').textContent()).resolves.toContain(`«${register.name}»`);
    await page.getByText(`Таспадағы «Тексеру» бұл тізілімді тақтаға берді: «${register.name}» парағы осында тексерілуде.`).waitFor();
    const left = await page.evaluate(() => {
      const w = window as unknown as { FakeExcelLib: { fakeWorkbookSettings(f: unknown): Record<string, unknown> }; __fake: unknown };
      return w.FakeExcelLib.fakeWorkbookSettings(w.__fake)['tizilim.pendingCheck'];
    });
    expect(left).toBeUndefined();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('Excel for Mac: the copy opens as a new workbook and no download link is offered (the Mac webview does not download), with the way said', async () => {
    const { page, problems } = await open({ sheets: { [register.name]: register.data, Бағамдар: sampleRatesSheet() }, workbookName: 'bko.xlsx', displayLanguage: 'en-US', platform: 'Mac' });
    await page.getByTestId('read').click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('checked-of').waitFor();
    await page.getByTestId('step-export').click();
    await page.getByTestId('month').fill('2025-10');
    await page.getByTestId('make-copy').click();
    await page.getByTestId('open-download-copy').waitFor();
    expect(await page.getByTestId('download-copy').count()).toBe(0);
    await expect(text(page, 'download-copy-no-download')).resolves.toBe('Excel for Mac and on iPad cannot download a file from the pane: open it as a new workbook and save that (File → Save).');
    await page.getByTestId('open-download-copy').click();
    await page.getByTestId('message-success').waitFor();
    expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.createdWorkbooks.length)).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('old webviews: Internet Explorer and EdgeHTML get the message of legacy.js in the language Office speaks, and the pane stays out of the way', async () => {
    const agents = {
      trident: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko',
      edgehtml: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045',
    };
    for (const [name, userAgent] of Object.entries(agents)) {
      const { page } = await open({ sheets: { S: { values: [['x']] } }, workbookName: 'b.xlsx', displayLanguage: 'ru-RU' }, { userAgent, locale: 'en-US', ready: 'legacy-message' });
      await expect(page.getByTestId('legacy-message').getAttribute('data-reason')).resolves.toBe('webview');
      await page.waitForFunction(() => document.querySelector('[data-testid="legacy-message"]')?.getAttribute('lang') === 'ru');
      await expect(page.locator('[data-testid="legacy-message"] h1').textContent()).resolves.toBe('Эта версия Excel не может запустить Тізілім');
      await expect(page.locator('[data-testid="legacy-message"] li').count()).resolves.toBe(4);
      expect(await page.getByTestId('step-import').count()).toBe(0);
      if (name === 'trident') await shot(page, 'legacy');
      await page.context().close();
    }
  }, 120_000);

  test('a webview that cannot start the bundle at all (its scripts refused here): the message says so, in the browser\'s language until Office answers', async () => {
    const { page } = await open({ sheets: { S: { values: [['x']] } }, workbookName: 'b.xlsx', displayLanguage: 'en-US' }, { blockBundle: true, locale: 'kk-KZ', ready: 'legacy-message' });
    await expect(page.getByTestId('legacy-message').getAttribute('data-reason')).resolves.toBe('not-started');
    await page.waitForFunction(() => document.querySelector('[data-testid="legacy-message"]')?.getAttribute('lang') === 'en');
    await expect(page.locator('[data-testid="legacy-message"] p').first().textContent()).resolves.toBe("Tizilim's scripts did not start in this browser: it is too old, or the scripts did not arrive.");
    await page.context().close();
  }, 120_000);

  test('each host\'s office.js under the pane\'s policy: its own scripts load, nothing else is asked for, only its telemetry is refused — and when Excel never answers, the pane says so after 20 s', async () => {
    const hosts = [
      ['Excel$Web$16.00$en-US$$$$0', '/lib/1/hosted/excel-web-16.00.js'],
      ['Excel$Win32$16.01$ru-RU$$$$0', '/lib/1/hosted/excel-win32-16.01.js'],
      ['Excel$Mac$16.00$kk-KZ$$$$0', '/lib/1/hosted/excel-mac-16.00.js'],
      ['Excel$iOS$16.00$en-US$$$$0', '/lib/1/hosted/excel-ios-16.00.js'],
    ] as const;
    for (const [info, hostScript] of hosts) {
      const context = await browser.newContext({ viewport: { width: 380, height: 700 }, locale: 'en-US' });
      const page = await context.newPage();
      const { cdn, offsite, violations } = await prepareOfficeOnly(page);
      await page.clock.install();
      await page.goto(`${server.url}taskpane.html?_host_Info=${info}`);
      // (the page's timers are the test's clock now: wait here, in Node)
      for (let i = 0; i < 300 && !cdn.includes(hostScript); i++) await new Promise((r) => setTimeout(r, 100));
      await page.clock.runFor(2_000);
      await page.clock.runFor(21_000);
      await page.getByTestId('boot-officeLate').waitFor();
      expect([info, cdn[0]]).toEqual([info, '/lib/1/hosted/office.js']);
      expect([info, cdn.includes(hostScript)]).toEqual([info, true]);
      // Everything office.js asked of the CDN is under the folder the policy allows, and none of it was refused.
      for (const p of cdn) expect([info, p]).toEqual([info, expect.stringMatching(/^\/lib\/1\/hosted\//)]);
      const refused = await violations();
      console.log(`${info}: office.js asked for ${cdn.join(', ')}; the policy refused ${refused.join(', ') || 'nothing'}; requests off localhost: ${offsite.join(', ') || 'none'}`);
      expect([info, refused.filter((v) => /appsforoffice/.test(v))]).toEqual([info, []]);
      // What it is refused is telemetry alone (and nothing of it left the page: the route refuses it too).
      for (const v of refused) expect([info, v]).toEqual([info, expect.stringMatching(/aria\.microsoft\.com|oaspapps\.com|^(connect-src|frame-src) /)]);
      for (const o of offsite) expect([info, o]).toEqual([info, expect.stringMatching(/aria\.microsoft\.com|oaspapps\.com/)]);
      await expect(page.getByTestId('boot-officeLate').locator('p').first().textContent()).resolves.toMatch(/^Excel has not answered the pane for 20 seconds/);
      await context.close();
    }
  }, 240_000);

  test('a page Office opened whose office.js did not load: the pane says that, not "outside Excel"', async () => {
    const context = await browser.newContext({ viewport: { width: 380, height: 700 }, locale: 'ru-RU' });
    const page = await context.newPage();
    await prepareOfficeOnly(page, { block: true });
    await page.goto(`${server.url}taskpane.html?_host_Info=Excel$Web$16.00$ru-RU$$$$0`);
    await page.getByTestId('boot-officeMissing').waitFor();
    await expect(page.getByTestId('boot-officeMissing').locator('p').first().textContent()).resolves.toMatch(/^Скрипт Office \(office\.js с https:\/\/appsforoffice\.microsoft\.com\) не загрузился/);
    await context.close();
  }, 60_000);
});
