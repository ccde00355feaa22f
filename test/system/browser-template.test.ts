/**
 * Next month's register template from the task pane, in headless Chromium: the built pane over the
 * in-memory Excel holding the sample register and its rates sheet. Import → Check → Export, where the
 * template's month follows the reporting month (the month after it); the template is made in the
 * engine's Web Worker and offered as the copy is — downloaded, and opened as a new workbook. Both
 * files' bytes, read back with ExcelJS in Node, are the workbook `tizilim template` makes of the same
 * register for the same month and languages (cells, rules on what is typed, protection); the user's
 * workbook is not touched. Nothing is requested off localhost, no dialog opens.
 *
 * Screenshot: test-output/taskpane-template.png every run; with UPDATE_DOCS=1 also
 * docs/taskpane-template.png (the README's picture of the template).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TEMPLATE_HEADER_ROW, tword } from '../../src/core/monthly/template';
import { text as label } from '../../src/core/words';
import { SAMPLE, SAMPLE_RATES, sampleRatesSheet, paneSetup, paneTeardown } from '../support/browser-sample';
import { CHROMIUM, prepare, ROOT } from '../support/browser';
import { runCli } from '../support/cli';
import type { SheetData } from '../support/fake-excel';
import { loadWorkbook, registerOfBytes, sampleTypings, templateLook, verdicts } from '../support/template';

const OUT = path.join(ROOT, 'test-output');
const DOCS = path.join(ROOT, 'docs');
const UPDATE_DOCS = process.env.UPDATE_DOCS === '1';

describe('next month\'s register template from the pane, in Chromium', () => {
  // A missing browser fails the suite with what to install: the pane is never left untested.
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);

  let dist = '';
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let fakeScript = '';
  let register: { name: string; data: SheetData };
  let tmp = '';

  beforeAll(async () => {
    ({ dist, server, browser, fakeScript, register } = await paneSetup());
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tizilim-browser-template-'));
  }, 240_000);

  afterAll(async () => {
    await paneTeardown({ dist, server, browser });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  type FakeWindow = { __fake: { sheetNames(): string[]; readSheet(s: string): unknown; createdWorkbooks: string[] } };
  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');

  test('Export → next month\'s template: made in the worker, offered as a download and a new workbook, the same workbook as tizilim template', async () => {
    const context = await browser.newContext({ viewport: { width: 380, height: 900 }, deviceScaleFactor: 1.5, locale: 'kk-KZ', acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`a dialog opened: ${d.type()} ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      const line = m.text();
      if (/Content Security Policy|Refused to/i.test(line) && !/telemetryservice\.firstpartyapps\.oaspapps\.com/.test(line)) problems.push(`CSP: ${line}`);
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const { offsite } = await prepare(page, { sheets: { [register.name]: register.data, Бағамдар: sampleRatesSheet() }, workbookName: 'bko-register-2025-10.xlsx', displayLanguage: 'kk-KZ', apiVersion: '1.18' }, fakeScript);
    await page.goto(`${server.url}taskpane.html`);
    await page.getByTestId('step-import').waitFor();

    // Import and check the sample (the template is made from the register the engine holds)
    await page.getByTestId('read').click();
    await page.getByTestId('mapping').waitFor();
    await page.getByTestId('confirm').click();
    await page.getByTestId('checked-of').waitFor();
    await page.getByTestId('step-export').click();

    // The template's month follows the reporting month: the month after it, until one is typed
    await page.getByTestId('month').fill('2025-10');
    await expect(page.getByTestId('template-month').inputValue()).resolves.toBe('2025-11');
    await page.getByTestId('month').fill('2025-12');
    await expect(page.getByTestId('template-month').inputValue()).resolves.toBe('2026-01');
    await page.getByTestId('month').fill('2025-10');
    await page.getByTestId('template-headings').selectOption('kk,ru');

    const before = await page.evaluate(() => (window as unknown as FakeWindow).__fake.sheetNames());
    const registerBefore = await page.evaluate((n) => (window as unknown as FakeWindow).__fake.readSheet(n), register.name);
    await page.getByTestId('make-template').click();
    await page.getByTestId('download-template').waitFor();
    await expect(text(page, 'message-success')).resolves.toBe('«bko-register-2025-10.template-2025-11.xlsx» дайын: 16 жоба көшірілді; парақтар: Тізілім 2025-11, Тізімдер.');
    await expect(text(page, 'template')).resolves.toMatch(/bko-register-2025-10\.template-2025-11\.xlsx · [1-9]\d* КБ/); // a small file: its size in kilobytes (КБ in Kazakh), not "0.0 МБ"
    // The picture: the pane at rest with the template made and its ways out
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.waitForTimeout(400); // Fluent's colour transitions settle
    const file = path.join(OUT, 'taskpane-template.png');
    await page.screenshot({ path: file, fullPage: true });
    if (UPDATE_DOCS) fs.copyFileSync(file, path.join(DOCS, 'taskpane-template.png'));

    // Downloaded: the bytes the pane offers
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-template').click()]);
    expect(download.suggestedFilename()).toBe('bko-register-2025-10.template-2025-11.xlsx');
    const saved = path.join(tmp, 'pane.xlsx');
    await download.saveAs(saved);
    const bytes = fs.readFileSync(saved);
    // Opened as a new workbook: the same bytes, as base64, to Excel.createWorkbook
    await page.getByTestId('open-download-template').click();
    await page.getByTestId('message-success').waitFor();
    await expect(text(page, 'message-success')).resolves.toBe('Файл жаңа кітап ретінде ашылды; бұл кітап өзгермеді.');
    const opened = await page.evaluate(() => (window as unknown as FakeWindow).__fake.createdWorkbooks);
    expect(opened).toHaveLength(1);
    expect(Buffer.from(opened[0], 'base64').equals(bytes)).toBe(true);
    // The user's workbook untouched
    expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.sheetNames())).toEqual(before);
    expect(await page.evaluate((n) => (window as unknown as FakeWindow).__fake.readSheet(n), register.name)).toEqual(registerBefore);

    // Read back in Node: tizilim template's workbook for the same register, month and languages
    const pane = await loadWorkbook(bytes);
    expect(pane.worksheets.map((w) => w.name)).toEqual([tword('sheet.template', 'kk', { month: '2025-11' }), tword('sheet.lists', 'kk')]);
    const cliOut = path.join(tmp, 'cli.xlsx');
    const cli = await runCli(['template', SAMPLE, '--month', '2025-11', '--lang', 'kk', '--headings', 'kk,ru', '--out', cliOut, ...SAMPLE_RATES.flatMap((f) => ['--rates', f])]);
    expect(cli.code).toBe(0);
    expect(templateLook(pane)).toEqual(templateLook(await loadWorkbook(fs.readFileSync(cliOut))));
    // its header in Kazakh over Russian, its rules refusing bad values, and it reads back as the register's 16 projects
    expect(pane.worksheets[0].getCell(TEMPLATE_HEADER_ROW, 2).value).toBe(`${label('col.name', 'kk')}\n${label('col.name', 'ru')}`);
    const cases = sampleTypings('2025-11');
    expect(verdicts(pane, pane.worksheets[0], TEMPLATE_HEADER_ROW + 20, cases)).toEqual(cases.map(([what, , , ok]) => [what, ok]));
    const back = await registerOfBytes(bytes, 'pane.xlsx');
    expect(back.rows.filter((r) => r.kind === 'project')).toHaveLength(16);

    // Made in the Web Worker, the core never loaded into the page itself
    expect(workers.some((u) => /tizilim-engine/.test(u))).toBe(true);
    const pageChunks = await page.evaluate(() => ((window as unknown as { webpackChunktizilim?: [unknown[]][] }).webpackChunktizilim ?? []).flatMap((c) => c[0].map(String)));
    expect(pageChunks.filter((c) => /engine-core|xlsx-write/.test(c))).toEqual([]);

    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await context.close();
  }, 180_000);
});
