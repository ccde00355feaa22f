/**
 * The drill-down in a real browser: the built pane in Debian's headless Chromium over the in-memory
 * Excel seeded with the sample register and its rates sheet (test/support/browser.ts). Import → Check
 * → Summaries writes the sheets; then a figure selected on the summary by sector — the first sector's
 * tenge — and "Show the rows behind the selected figure" lists its register rows with their names and
 * figures, and the footer says they add up to the figure; a row's link selects that row on the register
 * sheet; with "Follow the selection" on, selecting a count lists its rows at once, and a share is told
 * apart. A project name that looks like HTML shows as text.
 *
 * Screenshot: test-output/taskpane-drilldown.png every run; with UPDATE_DOCS=1 also docs/ (the README's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { sampleRatesSheet, paneSetup, paneTeardown } from '../support/browser-sample';
import { CHROMIUM, prepare, ROOT } from '../support/browser';
import type { SheetData, SheetSnapshot } from '../support/fake-excel';

const OUT = path.join(ROOT, 'test-output');
const DOCS = path.join(ROOT, 'docs');
const UPDATE_DOCS = process.env.UPDATE_DOCS === '1';

type FakeWindow = {
  __fake: {
    readSheet(s: string): SheetSnapshot;
    select(sheet: string, address: string): void;
    model: { active: { name: string; selection: { r0: number; c0: number; r1: number; c1: number } } };
  };
};

describe('the drill-down in Chromium', () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);

  let dist = '';
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let fakeScript = '';
  let register: { name: string; data: SheetData };

  beforeAll(async () => {
    ({ dist, server, browser, fakeScript, register } = await paneSetup());
  }, 240_000);

  afterAll(async () => {
    await paneTeardown({ dist, server, browser });
  });

  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
  const sheet = (page: Page, name: string) => page.evaluate((n) => (window as unknown as FakeWindow).__fake.readSheet(n), name) as Promise<SheetSnapshot>;
  const select = (page: Page, name: string, address: string) => page.evaluate(([n, a]) => (window as unknown as FakeWindow).__fake.select(n, a), [name, address] as const);

  test('a figure selected on a summary sheet: its rows, their figures and links, and the sum that equals it', async () => {
    // A project whose name looks like HTML: the list shows it as those characters.
    const values = (register.data.values as unknown[][]).map((r) => [...r]);
    const data = { ...register.data, values } as SheetData;
    const nameRow = values.findIndex((r) => r[1] === 'Жел электр станциясы, 50 МВт');
    expect(nameRow).toBeGreaterThan(0);
    values[nameRow][1] = 'Жел электр станциясы <b>50 МВт</b>';
    const context = await browser.newContext({ viewport: { width: 380, height: 900 }, deviceScaleFactor: 1.5, locale: 'kk-KZ' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`a dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.stack}`));
    const { offsite } = await prepare(page, { sheets: { [register.name]: data, Бағамдар: sampleRatesSheet() }, workbookName: 'bko-register-2025-10.xlsx', displayLanguage: 'kk-KZ', apiVersion: '1.18' }, fakeScript);
    await page.goto(`${server.url}taskpane.html`);
    await page.getByTestId('step-import').waitFor();

    // Import → Check → Summaries: the sheets written
    await page.getByTestId('read').click();
    await page.getByTestId('mapping').waitFor({ timeout: 10000 }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${problems.join('\n')}\n${await page.locator('main').innerText()}`);
    });
    await page.getByTestId('confirm').click();
    await page.getByTestId('checked-of').waitFor();
    await page.getByTestId('to-summaries').click();
    await page.getByTestId('write').click();
    await page.getByTestId('message-success').waitFor();
    await page.getByTestId('progress').waitFor({ state: 'detached' });

    // The first sector's tenge on the summary by sector, and the register's own rows of that sector
    const bySector = await sheet(page, 'Салалар бойынша');
    const label = String(bySector.values[4][0]);
    const figure = bySector.values[4][2] as number;
    expect(bySector.formulas[4][2]).toMatch(/^=SUMIFS\('Тізілім'!/);
    const reg = await sheet(page, 'Тізілім');
    const head = reg.values[3].map(String);
    const [sectorCol, nameCol, kztCol] = ['Сала', 'Жобаның атауы', 'Құны, теңге'].map((h) => head.indexOf(h));
    const want = reg.values.map((r, i) => ({ row: i + 1, r })).filter((x) => x.row > 4 && String(x.r[sectorCol]).toLowerCase() === label.toLowerCase());
    expect(want.length).toBeGreaterThan(1);

    await select(page, 'Салалар бойынша', 'C5');
    await page.getByTestId('drill-show').click();
    await page.getByTestId('drill-rows').waitFor();
    const rows = page.getByTestId('drill-rows').locator('tr');
    await expect(rows.count()).resolves.toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      const line = ((await rows.nth(i).textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
      expect(line).toContain(`${want[i].row}-жол`);
      expect(line).toContain(String(want[i].r[nameCol]));
      const kzt = want[i].r[kztCol];
      if (typeof kzt === 'number') expect(line).toContain(kzt.toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, ' '));
    }
    const sum = want.reduce((s, x) => s + (typeof x.r[kztCol] === 'number' ? (x.r[kztCol] as number) : 0), 0);
    expect(sum).toBe(figure);
    const shown = figure.toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
    await expect(text(page, 'drill-label')).resolves.toBe(label);
    await expect(text(page, 'drill-figure')).resolves.toBe(`«Салалар бойынша» парағындағы C5: ${shown} (теңге)`);
    await expect(text(page, 'drill-agrees')).resolves.toBe(`${want.length} жол, сомасы ${shown} = көрсеткіш ${shown}.`);
    // The screenshot: the drill-down section, at rest
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.waitForTimeout(400);
    const section = page.locator('section', { has: page.getByTestId('drill-show') });
    await section.scrollIntoViewIfNeeded();
    const file = path.join(OUT, 'taskpane-drilldown.png');
    await section.screenshot({ path: file });
    if (UPDATE_DOCS) fs.copyFileSync(file, path.join(DOCS, 'taskpane-drilldown.png'));

    // A row's link selects that row on the register sheet
    await page.getByTestId('drill-go').nth(1).click();
    await page.waitForFunction(([r]) => {
      const a = (window as unknown as FakeWindow).__fake.model.active;
      return a.name === 'Тізілім' && a.selection.r0 === r - 1 && a.selection.c0 === 0 && a.selection.r1 === r - 1 && a.selection.c1 > 10;
    }, [want[1].row] as const);

    // Following the selection: a count on the summary by status lists its rows at once; a share is told apart
    await page.getByTestId('drill-follow').click();
    await page.waitForTimeout(200);
    const byStatus = await sheet(page, 'Мәртебесі бойынша');
    const memo = byStatus.values.findIndex((r) => r[0] === 'меморандум');
    await select(page, 'Мәртебесі бойынша', `B${memo + 1}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="drill-rows"] tr').length === n, byStatus.values[memo][1] as number);
    await expect(text(page, 'drill-agrees')).resolves.toBe('14 жол, сомасы 14 = көрсеткіш 14.');
    // The memorandum whose name looks like HTML: shown as those characters, no element made of it
    await expect(page.getByTestId('drill-rows').textContent()).resolves.toContain('Жел электр станциясы <b>50 МВт</b>');
    await expect(page.getByTestId('drill-rows').locator('b').count()).resolves.toBe(0);
    await select(page, 'Мәртебесі бойынша', `E${memo + 1}`);
    await page.getByTestId('drill-problem').waitFor();
    await expect(text(page, 'drill-problem')).resolves.toBe(`E${memo + 1} — жалпы сомадағы үлес, жолдардың саны не сомасы емес: сол жолдағы санды не соманы таңдаңыз.`);

    expect(problems).toEqual([]);
    expect(offsite.filter((u) => !/telemetry|aria\.microsoft/.test(u))).toEqual([]);
    await context.close();
  }, 240_000);
});
