/**
 * The National Bank's rates in the task pane (src/taskpane/session.ts, rates.ts, src/excel/rates.ts)
 * against the in-memory Excel: the dates of the register without a rate, found before the checks run;
 * saved NBK files, a pasted table and the National Bank's feed merged into the tool's rates sheet by
 * date and currency — made when there is none, marked like the tool's other sheets, and never
 * overwriting what it holds (the user's corrections included); a user's own rates sheet only read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/excel/settings';
import { listSheets, ratesPlan } from '../../src/excel/rates';
import { CancelToken, InputProblem } from '../../src/taskpane/base';
import { LocalEngine } from '../../src/taskpane/engine';
import { describeError } from '../../src/taskpane/errors';
import { formatRate } from '../../src/core/words';
import { fetchNbkDays, mergeRates, NbkBlockedError, NbkFailedError, nbkUrl, pastedCells, type RateRow } from '../../src/taskpane/rates';
import { Session, type Imported, type RatesFile, type RunContext } from '../../src/taskpane/session';
import { runCheckNow } from '../../src/commands/commands';
import { SAMPLE_RATES, sampleRegister } from '../support/browser-sample';
import { createFakeWorkbook, installFakeOffice, type FakeExcel, type SheetData } from '../support/fake-excel';

let REGISTER: { name: string; data: SheetData };
beforeAll(async () => {
  REGISTER = await sampleRegister();
});

const FILES: RatesFile[] = SAMPLE_RATES.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)).buffer }));
const feedOf = (date: string): string | null => {
  const f = path.join(__dirname, '../../samples/rates', `nbk-${date}.xml`);
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : null;
};

function setup(sheets: Record<string, SheetData> = {}, opts: { excel?: boolean } = {}) {
  const fake = createFakeWorkbook({ [REGISTER.name]: REGISTER.data, ...sheets }, { workbookName: 'bko-register-2025-10.xlsx' });
  const office = installFakeOffice({}, fake, { displayLanguage: 'kk-KZ' });
  const session = new Session({
    engine: new LocalEngine(),
    excel: opts.excel === false ? null : (fake.Excel as unknown as { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> }),
    store: office.context.document?.settings as never,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    today: () => '2025-11-20',
  });
  return { fake, session };
}

const run = (extra: Partial<RunContext> = {}): RunContext => ({ settings: DEFAULT_SETTINGS, lang: 'kk', files: [], token: new CancelToken(), progress: () => undefined, ...extra });
const importSheet = (session: Session): Promise<Imported> => session.importSource({ kind: 'sheet' }, new CancelToken(), () => undefined);
const rolesOf = async (fake: FakeExcel) => Object.fromEntries((await fake.run((c) => listSheets(c as unknown as Excel.RequestContext))).map((s) => [s.name, s.role]));

describe('the dates without a rate, before the checks', () => {
  test('the sample\'s two yuan-only memoranda need CNY of 9 and 10 October; with the NBK files, none is missing', async () => {
    const { session } = setup();
    const imp = await importSheet(session);
    const before = await session.rateGaps(imp, run());
    expect(before).toEqual({
      rates: 0,
      gaps: [
        { currency: 'CNY', date: '2025-10-09', rows: [8], count: 1 },
        { currency: 'CNY', date: '2025-10-10', rows: [10], count: 1 },
      ],
    });
    // the same RATE_MISSING the check reports
    const check = await session.check(imp, run({ settings: { ...DEFAULT_SETTINGS, markCells: false } }));
    expect(check.result.findings.filter((f) => f.code === 'RATE_MISSING').map((f) => [f.row, f.params.date])).toEqual([[8, '2025-10-09'], [10, '2025-10-10']]);
    expect(await session.rateGaps(imp, run({ files: FILES }))).toEqual({ rates: 6, gaps: [] });
  });

  test('the mapping on screen counts: without the date column every yuan row lacks its date, not a rate', async () => {
    const { session } = setup();
    const imp = await importSheet(session);
    // the date moved to an empty column: the rows have no date, so no rate is looked for
    const res = await session.rateGaps(imp, run({ mapping: { date: 'K' } }));
    expect(res.gaps).toEqual([]);
  });
});

describe('adding rates to the workbook', () => {
  test('saved NBK files make the tool\'s rates sheet, marked as its own; the check then converts the yuan', async () => {
    const { session, fake } = setup();
    const rows = await session.readRatesFiles(FILES);
    // the Saturday's empty feed adds nothing
    expect(rows.map((r) => `${r.currency} ${r.date}`)).toEqual(['CNY 2025-10-09', 'CNY 2025-10-10', 'RUB 2025-10-09', 'RUB 2025-10-10', 'USD 2025-10-09', 'USD 2025-10-10']);
    expect(rows.slice(0, 2).map((r) => r.quoted)).toEqual(['75.82', '76.14']);
    const added = await session.addRates(rows, 'kk', REGISTER.name);
    expect(added).toMatchObject({ sheet: 'Бағамдар', created: true, same: 0, differ: [] });
    expect(added.added).toHaveLength(6);
    const sheet = fake.readSheet('Бағамдар');
    expect(sheet.values[0]).toEqual(['Күні', 'Валюта', 'Бағам', 'Саны', 'Дереккөз']);
    expect(sheet.values[1]).toEqual([45939, 'CNY', 75.82, 1, 'nbk-2025-10-09.xml']);
    expect(fake.cell('Бағамдар', 'A2')).toMatchObject({ text: '09.10.2025', numberFormat: 'dd.mm.yyyy' });
    expect(sheet.customProperties['tizilim.role']).toBe('rates');
    expect(fake.activeSheetName()).toBe(REGISTER.name); // written beside, not shown over the register
    expect(await session.ratesStatus(REGISTER.name)).toEqual([{ name: 'Бағамдар', own: true, count: 6, from: '2025-10-09', to: '2025-10-10', currencies: ['CNY', 'RUB', 'USD'], problem: null }]);
    expect((await session.workbookInfo()).ratesSheet).toBe('Бағамдар');

    const imp = await importSheet(session);
    expect((await session.rateGaps(imp, run())).gaps).toEqual([]);
    const check = await session.check(imp, run({ settings: { ...DEFAULT_SETTINGS, markCells: false } }));
    expect(check.result.findings.map((f) => f.code)).not.toContain('RATE_MISSING');
    expect(check.result.rates.sources).toEqual(['Бағамдар']);
  });

  test('merged by date and currency: what the sheet holds stays — the user\'s correction is kept and reported, not overwritten', async () => {
    const { session, fake } = setup();
    const rows = await session.readRatesFiles(FILES);
    await session.addRates(rows.filter((r) => r.date === '2025-10-09'), 'kk', REGISTER.name);
    // the user corrects the CNY rate of 9 October on the tool's sheet
    await fake.run(async (c) => {
      c.workbook.worksheets.getItem('Бағамдар').getRange('C2').values = [[75.9]];
      await c.sync();
    });
    const again = await session.addRates(rows, 'kk', REGISTER.name);
    expect(again.created).toBe(false);
    expect(again.added.map((r) => `${r.currency} ${r.date}`)).toEqual(['CNY 2025-10-10', 'RUB 2025-10-10', 'USD 2025-10-10']);
    expect(again.same).toBe(2);
    expect(again.differ).toEqual([{ date: '2025-10-09', currency: 'CNY', kept: expect.objectContaining({ quoted: '75.9' }), offered: expect.objectContaining({ quoted: '75.82' }) }]);
    const values = fake.readSheet('Бағамдар').values;
    expect(values[1]).toEqual([45939, 'CNY', 75.9, 1, 'nbk-2025-10-09.xml']); // the user's figure, untouched
    expect(values.slice(4).map((r) => [r[0], r[1]])).toEqual([[45940, 'CNY'], [45940, 'RUB'], [45940, 'USD']]); // added below
    expect(values).toHaveLength(7);
    // nothing new the third time
    const third = await session.addRates(rows, 'kk', REGISTER.name);
    expect(third).toMatchObject({ added: [], same: 5 });
    expect(fake.readSheet('Бағамдар').values).toHaveLength(7);
  });

  test('a user\'s own sheet named Бағамдар is only read: ours goes beside it, and on the same day the user\'s rate wins', async () => {
    const theirs: SheetData = { values: [['Күні', 'Валюта', 'Бағам'], [new Date('2025-10-09T00:00:00Z'), 'CNY', 80]] };
    const { session, fake } = setup({ Бағамдар: theirs });
    const rows = await session.readRatesFiles(FILES);
    const added = await session.addRates(rows, 'kk', REGISTER.name);
    expect(added.sheet).toBe('Бағамдар (2)');
    expect(added.differ.map((d) => `${d.currency} ${d.date} ${d.kept.quoted}`)).toEqual(['CNY 2025-10-09 80']);
    expect(fake.readSheet('Бағамдар').values).toEqual([['Күні', 'Валюта', 'Бағам'], [45939, 'CNY', 80]]);
    expect(await rolesOf(fake)).toMatchObject({ Бағамдар: null, 'Бағамдар (2)': 'rates' });
    expect((await session.ratesStatus(REGISTER.name)).map((s) => [s.name, s.own, s.count])).toEqual([['Бағамдар (2)', true, 5], ['Бағамдар', false, 1]]);
    // the check reads both: the user's 80 for 9 October
    const imp = await importSheet(session);
    expect((await session.rateGaps(imp, run())).gaps).toEqual([]);
    const check = await session.check(imp, run({ settings: { ...DEFAULT_SETTINGS, markCells: false } }));
    expect(check.result.rates.sources).toEqual(['Бағамдар (2)', 'Бағамдар']);
    // 9 October's yuan converted at the user's 80, not the file's 75.82
    const crossRate = check.result.findings.filter((f) => f.code === 'CROSS_RATE');
    expect(crossRate.every((f) => f.row !== 8)).toBe(true);
  });

  test('the ribbon\'s Check now reads the tool\'s rates sheet too, whatever its name', async () => {
    const { session, fake } = setup();
    const rows = await session.readRatesFiles(FILES);
    await fake.run((c) => import('../../src/excel/write').then((w) => w.writePlans(c as unknown as Excel.RequestContext, [{ ...ratesPlan(rows, 'ru'), name: 'НБ курсы' }], { activate: false })));
    fake.activate(REGISTER.name);
    const out = await runCheckNow({ excel: fake.Excel as never, store: null, displayLanguage: 'kk-KZ', supports: (v) => fake.isSetSupported('ExcelApi', v), today: () => '2025-11-20' });
    expect(out.kind).toBe('written');
    const codes = fake.readSheet('Тексеру').values.map((r) => r[1]);
    expect(codes).not.toContain('RATE_MISSING');
  });

  test('outside Excel the rates are kept by the pane, merged the same way', async () => {
    const { session } = setup({}, { excel: false });
    const rows = await session.readRatesFiles(FILES);
    const first = await session.addRates(rows.slice(0, 2), 'kk', null);
    expect(first).toMatchObject({ sheet: null, created: false });
    const second = await session.addRates(rows, 'kk', null, first.kept);
    expect(second.added).toHaveLength(4);
    expect(second.kept).toHaveLength(6);
    expect(await session.ratesStatus(null)).toEqual([]);
  });

  test('a rates sheet that cannot be read stops the merge with its reason', async () => {
    const { session } = setup({ Курсы: { values: [['Күні', 'Валюта', 'Бағам'], ['ертең', 'CNY', 76]] } });
    const err = await session.addRates([{ date: '2025-10-09', currency: 'CNY', quoted: '75.82', quant: 1, source: 'x' }], 'kk', REGISTER.name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputProblem);
    expect(describeError(err).text('en')).toMatch(/Курсы.*"ертең" is not a date/);
    // The reason travels as a key with its parameters and is worded in the pane's language: no English inside Kazakh or Russian.
    expect(describeError(err).text('kk')).toMatch(/Курсы.*«ертең» күн емес/);
    expect(describeError(err).text('kk')).not.toMatch(/is not a date/);
    expect(describeError(err).text('ru')).not.toMatch(/is not a date/);
    expect((await session.ratesStatus(REGISTER.name))[0]).toMatchObject({ name: 'Курсы', own: false, problem: { key: 'ratesFile.row.date', params: { row: 2, value: 'ертең' } } });
  });
});

describe('a pasted table', () => {
  test('tab-separated with headings, as copied from Excel', async () => {
    const { session } = setup();
    const rows = await session.readPasted('Дата\tВалюта\tКурс\tКол-во\n13.10.2025\tCNY\t76,71\t1\n13.10.2025\tUSD\t541,2\t\n', 'pasted');
    expect(rows).toEqual([
      { date: '2025-10-13', currency: 'CNY', quoted: '76.71', quant: 1, source: 'pasted' },
      { date: '2025-10-13', currency: 'USD', quoted: '541.2', quant: 1, source: 'pasted' },
    ]);
  });

  test('";"-separated without headings; blank lines dropped', async () => {
    const { session } = setup();
    const rows = await session.readPasted('\n09.10.2025; CNY; 75,82\r\n\r\n10.10.2025;CNY;76.140\n', 'pasted');
    expect(rows.map((r) => [r.date, r.quoted])).toEqual([['2025-10-09', '75.82'], ['2025-10-10', '76.14']]);
    expect(pastedCells('a\tb;c\n')).toEqual([['a', 'b;c']]);
  });

  test('what cannot be read says why and how it should look', async () => {
    const { session } = setup();
    const empty = await session.readPasted('  \n ', 'x').catch((e: unknown) => e);
    expect(describeError(empty).text('ru')).toBe('Вставленный текст пуст. Скопируйте таблицу курсов и вставьте снова.');
    const junk = await session.readPasted('привет\tмир', 'x').catch((e: unknown) => e);
    expect(describeError(junk).text('en')).toMatch(/^The pasted table cannot be read: .*Columns: date \(13\.10\.2025\), currency \(CNY\), rate \(76\.71\), optionally quant\.$/);
  });
});

describe('the National Bank\'s feed', () => {
  /** A stand-in for fetch serving the sample feeds (a day without one: the empty feed of a day off). */
  function nbk(mode: 'serve' | 'block' | 'http500' | 'html' = 'serve') {
    const asked: string[] = [];
    const f = (async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      if (mode === 'block') throw new TypeError('Failed to fetch');
      if (mode === 'http500') return new Response('error', { status: 500 });
      if (mode === 'html') return new Response('<html><body>maintenance</body></html>', { status: 200 });
      const m = /fdate=(\d\d)\.(\d\d)\.(\d{4})$/.exec(url);
      const text = m ? feedOf(`${m[3]}-${m[2]}-${m[1]}`) ?? '<?xml version="1.0"?><rates/>' : '';
      return new Response(text, { status: 200 });
    }) as typeof fetch;
    return { f, asked };
  }

  test('the URL of a day', () => {
    expect(nbkUrl('2025-10-09')).toBe('https://nationalbank.kz/rss/get_rates.cfm?fdate=09.10.2025');
  });

  test('each date needed, or the nearest earlier day with rates (a Saturday has none)', async () => {
    const { session } = setup();
    const { f, asked } = nbk();
    const stages: [string, number | undefined, number | undefined][] = [];
    const rows = await session.downloadRates(['2025-10-09', '2025-10-11'], ['CNY'], (s, d, t) => stages.push([s, d, t]), f);
    expect(asked).toEqual([nbkUrl('2025-10-09'), nbkUrl('2025-10-11'), nbkUrl('2025-10-10')]);
    expect(rows).toEqual([
      { date: '2025-10-09', currency: 'CNY', quoted: '75.82', quant: 1, source: 'NBK 2025-10-09' },
      { date: '2025-10-10', currency: 'CNY', quoted: '76.14', quant: 1, source: 'NBK 2025-10-10' },
    ]);
    expect(stages).toEqual([['download', 0, 2], ['download', 1, 2], ['download', 2, 2]]);
    // and they close the register's gaps
    const imp = await importSheet(session);
    await session.addRates(rows, 'kk', REGISTER.name);
    expect((await session.rateGaps(imp, run())).gaps).toEqual([]);
  });

  test('the browser refusing the request (CORS or no network) is said plainly, with the pages to save instead', async () => {
    const { f } = nbk('block');
    const err = await fetchNbkDays(['2025-10-10', '2025-10-09'], { fetch: f }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NbkBlockedError);
    expect((err as NbkBlockedError).urls).toEqual([nbkUrl('2025-10-09'), nbkUrl('2025-10-10')]);
    const w = describeError(err);
    expect(w.intent).toBe('warning');
    expect(w.text('kk')).toMatch(/^Браузер nationalbank\.kz сайтына сұрау жібертпеді .*«Сақталған ҰБ файлдарын импорттау» арқылы қосыңыз\.$/);
    expect(w.text('ru')).toMatch(/кнопкой «Импорт сохранённых файлов НБ»\.$/);
    expect(w.text('en')).toMatch(/^The browser did not let the pane reach nationalbank\.kz/);
  });

  test('an answer that is not the feed is an error naming it', async () => {
    const e500 = await fetchNbkDays(['2025-10-10'], { fetch: nbk('http500').f }).catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(NbkFailedError);
    expect(describeError(e500).text('en')).toBe('nationalbank.kz answered with something other than rates (HTTP 500). Try again later, or import saved files.');
    const html = await fetchNbkDays(['2025-10-10'], { fetch: nbk('html').f }).catch((e: unknown) => e);
    expect((html as NbkFailedError).reason).toBe('not an NBK rates feed');
  });
});

describe('merging and showing', () => {
  const r = (date: string, currency: string, quoted: string, quant = 1): RateRow => ({ date, currency, quoted, quant, source: 's' });

  test('by date and currency; the same rate in another quant is the same', () => {
    const m = mergeRates([r('2025-10-09', 'CNY', '75.82'), r('2025-10-09', 'JPY', '3.6', 1)], [r('2025-10-09', 'cny', '75.820'), r('2025-10-09', 'JPY', '360', 100), r('2025-10-10', 'CNY', '76.14'), r('2025-10-10', 'CNY', '99')]);
    expect(m).toEqual({ added: [r('2025-10-10', 'CNY', '76.14')], same: 2, differ: [] });
  });

  test('rates in the pane are written with Intl.NumberFormat in the pane\'s language', () => {
    expect(formatRate('76.71', 'ru').replace(/\s/g, ' ')).toBe('76,71');
    expect(formatRate('76.71', 'kk').replace(/\s/g, ' ')).toBe('76,71');
    expect(formatRate('5.12345', 'en')).toBe('5.1235');
    expect(formatRate('542.5', 'en')).toBe('542.50');
  });
});
