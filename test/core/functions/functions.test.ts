/**
 * The worksheet functions TIZILIM.* give the figures the CLI gives: on every money cell of the bundled
 * sample (run through the CLI's own code with the sample NBK rates), on every spelling the money tests
 * cover (test/support/money-spellings.ts, the one table), and on the rate lookup's edges — the date's
 * rate, the latest earlier one on a gap, no later one ever, and rounding half away from zero.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Big from 'big.js';
import ExcelJS from 'exceljs';
import { run } from '../../../src/cli/main';
import { amountOf, columnContext, ratesOf, toCny, toKzt } from '../../../src/core/functions/functions';
import { columnNumber } from '../../../src/core/grid/a1';
import { dateToSerial, type CellValue, type Grid } from '../../../src/core/grid/grid';
import { parseAmount } from '../../../src/core/money/money';
import { RateTable, makeRate, parseNbkXml } from '../../../src/core/rates/rates';
import type { ResultJson } from '../../../src/core/report/pipeline';
import { t, LANGS } from '../../../src/core/words';
import { ratesPlan, type RateRow } from '../../../src/excel/rates';
import { FunctionError, amount, errorMessage, amountWhyText, currency, rate, tocny, tokzt } from '../../../src/functions/functions';
import { worksheetToGrid } from '../../../src/xlsx/read';
import { MLN, MLRD_KZT, READABLE, UNREADABLE, YUAN } from '../../support/money-spellings';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATE_FILES = ['09', '10', '11'].map((d) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`));

/** The error a function throws: its code and message. */
function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof FunctionError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('no error was thrown');
}

/** The message in one of the three languages (the runtime's language decides which), or in Kazakh and Russian both where it gives none. */
const inSomeLanguage = (key: Parameters<typeof t>[0], params: Record<string, string>) => [...LANGS.map((l) => t(key, l, params)), `${t(key, 'kk', params)} / ${t(key, 'ru', params)}`];

/** The tool's rates sheet (as the pane and `tizilim rates fetch` write it) as Excel passes a range: dates as serials. */
function ratesRange(rows: RateRow[]): CellValue[][] {
  return ratesPlan(rows, 'kk').rows.map((r) => r.map((c) => (c === null ? null : c.v instanceof Date ? dateToSerial(c.v) : (c.v as CellValue))));
}

const row = (date: string, currency: string, quoted: string, quant = 1): RateRow => ({ date, currency, quoted, quant, source: 'test' });
const serial = (iso: string) => dateToSerial(new Date(`${iso}T00:00:00Z`));

describe('the bundled sample: the functions give the CLI\'s figures cell by cell', () => {
  let dir: string;
  let json: ResultJson;
  let grid: Grid;
  let rates: CellValue[][];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-functions-'));
    await run(SAMPLE, { rates: RATE_FILES, json: path.join(dir, 'r.json'), lang: 'en', write: false, today: '2025-10-31' }, () => undefined);
    json = JSON.parse(await fs.readFile(path.join(dir, 'r.json'), 'utf8'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE);
    grid = worksheetToGrid(wb.getWorksheet(json.input.sheet)!);
    const all: RateRow[] = [];
    for (const file of RATE_FILES) {
      const parsed = parseNbkXml(await fs.readFile(file, 'utf8'), path.basename(file));
      if (!parsed.ok) throw new Error(parsed.message);
      for (const r of parsed.rates) all.push({ date: r.date, currency: r.currency, quoted: r.quoted.toString(), quant: r.quant, source: r.source });
    }
    rates = ratesRange(all);
  }, 120_000);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const cellOf = (sheetRow: number, column: string): CellValue => grid.values[sheetRow - grid.origin.row]?.[columnNumber(column) - grid.origin.col] ?? null;
  const excelArg = (v: CellValue) => (v instanceof Date ? dateToSerial(v) : v);

  test('AMOUNT and CURRENCY of each given tenge and yuan cell, with its column heading, are the register\'s figure and currency', () => {
    const money = json.columns.filter((c) => c.field === 'KZT' || c.field === 'CNY');
    expect(money.map((c) => c.field).sort()).toEqual(['CNY', 'KZT']);
    let compared = 0;
    for (const r of json.rows.filter((x) => x.kind === 'project')) {
      for (const c of money) {
        const field = c.field as 'KZT' | 'CNY';
        if (r[`${field}From`] !== 'given') continue;
        const v = excelArg(cellOf(r.row, c.column));
        expect([r.row, field, amount(v, c.label)]).toEqual([r.row, field, Number(r[field])]);
        expect([r.row, field, currency(v, c.label)]).toEqual([r.row, field, field]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(15);
  });

  test('TOKZT of each yuan-only project and TOCNY of each tenge project, at the rates sheet\'s NBK rate of its date, are the register\'s conversions', () => {
    const cnyCol = json.columns.find((c) => c.field === 'CNY')!;
    const kztCol = json.columns.find((c) => c.field === 'KZT')!;
    const dateCol = json.columns.find((c) => c.field === 'date')!;
    let toTenge = 0;
    let toYuan = 0;
    for (const r of json.rows.filter((x) => x.kind === 'project')) {
      const date = excelArg(cellOf(r.row, dateCol.column));
      if (r.KZTFrom === 'converted') {
        const given = amount(excelArg(cellOf(r.row, cnyCol.column)), cnyCol.label);
        expect([r.row, tokzt(given, 'CNY', date, rates)]).toEqual([r.row, Number(r.KZT)]);
        expect(rate('CNY', date, rates)).toBe(Number(r.rates[0].rate));
        toTenge++;
      }
      if (r.CNYFrom === 'converted') {
        const given = amount(excelArg(cellOf(r.row, kztCol.column)), kztCol.label);
        expect([r.row, tocny(given, 'KZT', date, rates)]).toEqual([r.row, Number(r.CNY)]);
        toYuan++;
      }
    }
    expect(toTenge).toBe(2);
    expect(toYuan).toBeGreaterThanOrEqual(10);
  });
});

describe('every spelling the money tests cover', () => {
  const HEADING = new Map<unknown, string | undefined>([[undefined, undefined], [MLN, 'млн'], [MLRD_KZT, 'млрд теңге'], [YUAN, 'юань']]);

  test.each(READABLE)('%j (%j): the core\'s amountOf is parseAmount\'s reading', (input, ctx, expected) => {
    const r = amountOf(input, ctx);
    expect(r.ok && r.value.toFixed()).toBe(new Big(expected).toFixed());
    const p = parseAmount(input, ctx);
    expect(p.ok && p.amount.eq(new Big(expected))).toBe(true);
  });

  test.each(READABLE.filter(([, ctx]) => HEADING.has(ctx)))('%j (%j): =TIZILIM.AMOUNT with the column heading gives it in whole units', (input, ctx, expected, cur) => {
    const heading = HEADING.get(ctx);
    expect(amount(input, heading)).toBe(Number(expected));
    if (ctx === undefined) {
      if (cur) expect(currency(input)).toBe(cur);
      else expect(thrown(() => currency(input)).code).toBe('#N/A');
    }
  });

  test.each(UNREADABLE)('%j: #VALUE! with the reason as the message, and AMOUNT.WHY says it', (s) => {
    const e = thrown(() => amount(s));
    expect(e.code).toBe('#VALUE!');
    expect(inSomeLanguage('finding.AMOUNT_UNREADABLE', { value: s })).toContain(e.message);
    expect(amountWhyText(s, undefined, 'ru')).toBe(t('finding.AMOUNT_UNREADABLE', 'ru', { value: s }));
  });

  test('an empty cell has no figure (#N/A), a readable one is told with its currency', () => {
    expect(thrown(() => amount(null)).code).toBe('#N/A');
    expect(thrown(() => amount('')).code).toBe('#N/A');
    expect(amountWhyText('4,5 миллиард юаньнан астам', undefined, 'en')).toBe('Read as 4500000000 CNY');
    expect(amountWhyText('5 млн', undefined, 'en')).toBe(`Read as 5000000 ${t('finding.CURRENCY_UNKNOWN', 'en', { value: '5 млн' })}`);
  });

  test('CURRENCY: the cell\'s own currency first, else the heading\'s; "¥" alone is ambiguous', () => {
    expect(currency('7 000 000 USD', 'Құны, млн юань')).toBe('USD');
    expect(currency('12,5', 'Құны, млрд теңге')).toBe('KZT');
    expect(currency('¥ 5', 'юань')).toBe('CNY');
    const e = thrown(() => currency('¥ 5'));
    expect(e.code).toBe('#N/A');
    expect(inSomeLanguage('finding.CURRENCY_AMBIGUOUS', { value: '¥ 5' })).toContain(e.message);
  });

  test('columnContext reads a heading as the register does: unit and currency', () => {
    expect(columnContext('Құны, млрд теңге')).toEqual({ scale: new Big(1e9), currency: 'KZT', yuanContext: false });
    expect(columnContext('CNY')).toMatchObject({ currency: 'CNY', yuanContext: true });
    expect(columnContext('')).toEqual({});
  });
});

describe('RATE, TOKZT and TOCNY: the date\'s rate or the latest earlier one, never a later one', () => {
  const range = ratesRange([row('2025-10-09', 'CNY', '75.82'), row('2025-10-10', 'CNY', '76.14'), row('2025-10-13', 'CNY', '76.5'), row('2025-10-10', 'USD', '540.12')]);

  test('the date\'s own rate', () => {
    expect(rate('CNY', serial('2025-10-10'), range)).toBe(76.14);
    expect(rate('юань', '10.10.2025', range)).toBe(76.14);
    expect(rate('KZT', serial('2025-10-10'), range)).toBe(1);
  });

  test('a day without a rate (a weekend) takes the latest earlier one, not the next', () => {
    expect(rate('CNY', serial('2025-10-11'), range)).toBe(76.14);
    expect(rate('CNY', serial('2025-10-12'), range)).toBe(76.14);
    expect(tokzt(1000, 'CNY', serial('2025-10-12'), range)).toBe(76140);
  });

  test('only later rates: no rate (#N/A with the reason), never a later one', () => {
    const e = thrown(() => rate('CNY', serial('2025-10-08'), range));
    expect(e.code).toBe('#N/A');
    expect(inSomeLanguage('finding.RATE_MISSING', { currency: 'CNY', date: '2025-10-08' })).toContain(e.message);
    expect(thrown(() => tokzt(1000, 'CNY', serial('2025-10-08'), range)).code).toBe('#N/A');
    expect(thrown(() => tokzt(1000, 'EUR', serial('2025-10-10'), range)).code).toBe('#N/A');
  });

  test('a rates range that cannot be read: #VALUE! with the reader\'s reason in the answer\'s language, in Kazakh and Russian where the runtime gives none', () => {
    const bad = [['Күні', 'Валюта', 'Бағам'], ['ертең', 'CNY', 76.14]];
    const problem = ratesOf(bad);
    expect(problem.ok).toBe(false);
    if (problem.ok) return;
    const ru = errorMessage(problem.problem, 'ru');
    expect(ru).toContain(t('fn.badRates', 'ru', { reason: '' }).trim());
    expect(ru).toContain('ертең');
    expect(ru).not.toMatch(/[a-z]{3,}/);
    const both = errorMessage(problem.problem, null);
    expect(both).toBe(`${errorMessage(problem.problem, 'kk')} / ${ru}`);
    expect(thrown(() => rate('CNY', serial('2025-10-10'), bad)).code).toBe('#VALUE!');
  });

  test('a workbook counting dates from 1904: a text date among date cells is refused rather than given the range\'s last rate', () => {
    // Excel passes a 1904 workbook's date cells as 1904 serials, 1 462 days below the 1900 ones.
    const in1904 = ratesRange([row('2025-10-09', 'CNY', '75.82'), row('2025-10-20', 'CNY', '80')]).map((r) => r.map((v) => (typeof v === 'number' && v > 40000 ? v - 1462 : v)));
    const e = thrown(() => rate('CNY', '10.10.2025', in1904));
    expect(e.code).toBe('#N/A');
    expect(inSomeLanguage('fn.rateFarMixed', { currency: 'CNY', date: '2025-10-10', rateDate: '2021-10-19' })).toContain(e.message);
    expect(thrown(() => tokzt(1000, 'CNY', '10.10.2025', in1904)).code).toBe('#N/A');
    expect(thrown(() => tocny(1000, 'KZT', '10.10.2025', in1904)).code).toBe('#N/A');
    // A date cell of the same workbook counts the same way as the range: the right rate.
    expect(rate('CNY', serial('2025-10-10') - 1462, in1904)).toBe(75.82);
    expect(tokzt(1000, 'CNY', serial('2025-10-10') - 1462, in1904)).toBe(75820);
    // In a 1900 workbook a text date among date cells is fine, over a weekend or a holiday too.
    expect(rate('CNY', '12.10.2025', range)).toBe(76.14);
    expect(rate('CNY', '10.11.2025', range)).toBe(76.5);
    // Rates as text and the date a cell: the same guard.
    const asText = range.map((r, i) => (i === 0 ? r : r.map((v) => (typeof v === 'number' && v > 40000 ? '13.10.2025' : v))));
    expect(rate('CNY', serial('2025-10-14'), asText)).toBe(76.5);
    expect(thrown(() => rate('CNY', serial('2025-12-01'), asText)).code).toBe('#N/A');
  });

  test('rounding half away from zero at the tiyn, on exact decimals (0.125 → 0.13, not the double\'s 0.12)', () => {
    const r = ratesRange([row('2025-10-10', 'CNY', '0.125'), row('2025-10-10', 'RUB', '6.45', 10)]);
    expect(tokzt(1, 'CNY', serial('2025-10-10'), r)).toBe(0.13);
    expect(tokzt(-1, 'CNY', serial('2025-10-10'), r)).toBe(-0.13);
    // 0.1 RUB × 6.45 / 10 = 0.0645 → 0.06; 0.7 RUB → 0.4515 → 0.45
    expect(tokzt(0.1, 'RUB', serial('2025-10-10'), r)).toBe(0.06);
    expect(tokzt(0.7, 'RUB', serial('2025-10-10'), r)).toBe(0.45);
    // the figure is taken to the tiyn first, as the register does: 1.005 → 1.01, × 0.125 = 0.12625 → 0.13
    expect(tokzt(1.005, 'CNY', serial('2025-10-10'), r)).toBe(0.13);
  });

  test('TOCNY: yuan as given, tenge through the CNY rate, another currency through tenge (as the Register sheet)', () => {
    expect(tocny('250 млн юань', 'CNY', serial('2025-10-09'), range)).toBe(250000000);
    expect(tocny(18955000000, 'KZT', serial('2025-10-09'), range)).toBe(250000000);
    expect(tocny(100, 'KZT', serial('2025-10-10'), range)).toBe(1.31);
    // 1 000 USD → 540 120 KZT at 540.12 → 540 120 / 76.14 = 7093.77… yuan
    const table = new RateTable([makeRate('USD', '2025-10-10', new Big('540.12'), 1, 't'), makeRate('CNY', '2025-10-10', new Big('76.14'), 1, 't')]);
    const kzt = toKzt(new Big(1000), 'USD', '2025-10-10', table);
    const cny = toCny(new Big(1000), 'USD', '2025-10-10', table);
    expect(kzt.ok && kzt.value.toFixed(2)).toBe('540120.00');
    expect(cny.ok && cny.value.toFixed(2)).toBe('7093.77');
    expect(tocny(1000, 'USD', serial('2025-10-10'), range)).toBe(7093.77);
  });

  test('the rates range is read leniently: a header in any of the languages, or none, serials or text dates', () => {
    const bare = [[serial('2025-10-10'), 'CNY', 76.14, 1, 'nbk'], ['13.10.2025', 'CNY', 76.5, 1, 'nbk']];
    expect(rate('CNY', serial('2025-10-12'), bare)).toBe(76.14);
    expect(rate('CNY', '2025-10-13', [['Дата', 'Валюта', 'Курс'], ...bare.map((r) => r.slice(0, 3))])).toBe(76.5);
    const r = ratesOf([['Күні', 'Валюта'], [1, 'CNY']]);
    expect(r.ok).toBe(false);
    expect(thrown(() => rate('CNY', serial('2025-10-10'), [['Күні', 'Валюта', 'Бағам'], [serial('2025-10-10'), 'CNY', 'abc']])).code).toBe('#VALUE!');
  });

  test('a currency or a date that cannot be read is #VALUE! with the reason', () => {
    expect(thrown(() => rate('сом', serial('2025-10-10'), range)).code).toBe('#VALUE!');
    expect(thrown(() => rate('CNY', 'вчера', range)).code).toBe('#VALUE!');
    expect(thrown(() => tokzt('abc', 'CNY', serial('2025-10-10'), range)).code).toBe('#VALUE!');
  });

  test('a figure that names another currency than the one given is refused, not converted at the wrong rate', () => {
    const e = thrown(() => tokzt('5 млн USD', 'CNY', serial('2025-10-10'), range));
    expect(e.code).toBe('#VALUE!');
    expect(inSomeLanguage('finding.CURRENCY_CONFLICT', { value: '5 млн USD', cellCurrency: 'USD', columnCurrency: 'CNY' })).toContain(e.message);
    expect(tokzt('5 млн USD', 'USD', serial('2025-10-10'), range)).toBe(2700600000);
    expect(tokzt('¥ 1000', 'CNY', serial('2025-10-10'), range)).toBe(76140);
  });

  test('"¥" given as tenge is refused: the sign is yuan or yen, never tenge', () => {
    const e = thrown(() => tokzt('¥ 5 млн', 'KZT', serial('2025-10-10'), range));
    expect(e.code).toBe('#VALUE!');
    expect(inSomeLanguage('finding.CURRENCY_AMBIGUOUS', { value: '¥ 5 млн' })).toContain(e.message);
    expect(thrown(() => tocny('¥ 5 млн', 'KZT', serial('2025-10-10'), range)).code).toBe('#VALUE!');
  });
});
