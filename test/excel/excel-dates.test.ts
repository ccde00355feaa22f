/**
 * Dates read from Excel (src/excel/read.ts) the way each host gives them: Excel on the web reports a
 * built-in date format's text in the user's regional letters (OfficeDev/office-js#2824), so the format
 * text alone misses those dates — the format's category (ExcelApi 1.12) finds them; and the serials are
 * turned into dates in the workbook's own date system, 1900 or 1904, asked of the workbook.
 */
import { findingMessage } from '../../src/core/checks/findings';
import { serialToDate } from '../../src/core/grid/grid';
import { DEFAULT_SETTINGS } from '../../src/excel/settings';
import { isDateCell, readSheet } from '../../src/excel/read';
import { CancelToken } from '../../src/taskpane/base';
import { LocalEngine } from '../../src/taskpane/engine';
import { Session } from '../../src/taskpane/session';
import { createFakeWorkbook, setFakeQuirks, type FakeExcel, type FakeQuirks, type SheetData } from '../support/fake-excel';

const ctxOf = (c: unknown) => c as Excel.RequestContext;
const sup = (fake: FakeExcel) => (v: string) => fake.isSetSupported('ExcelApi', v);

/** Three dates: Excel's built-in short date, a custom one, and a number that is not a date. */
const DATES: SheetData = {
  values: [['Күні', 'Басқа күн', 'Сан'], [45939, 45940, 45941]],
  formats: [[], ['m/d/yyyy', 'dd.mm.yyyy', '#,##0.00']],
};

function host(apiVersion: string, quirks: FakeQuirks): FakeExcel {
  const fake = createFakeWorkbook({ S: DATES }, { apiVersion });
  setFakeQuirks(fake, quirks);
  return fake;
}

describe('which numbers are dates', () => {
  test('Excel on the web in another regional format: the built-in date is found by its category, where the format text cannot tell', async () => {
    const fake = host('1.12', { localeDateFormats: true });
    const read = await fake.run((ctx) => readSheet(ctxOf(ctx), undefined, { supports: sup(fake) }));
    expect(read.grid.formats[1]).toEqual(['ДД.ММ.ГГГГ', 'dd.mm.yyyy', '#,##0.00']);
    expect(read.grid.values[1]).toEqual([serialToDate(45939), serialToDate(45940), 45941]);
    expect(read.syncs).toBe(2);
  });

  test('the same host before ExcelApi 1.12 (no categories): the text is all there is, and the built-in date stays a number', async () => {
    const fake = host('1.11', { localeDateFormats: true });
    const read = await fake.run((ctx) => readSheet(ctxOf(ctx), undefined, { supports: sup(fake) }));
    expect(read.grid.values[1]).toEqual([45939, serialToDate(45940), 45941]);
  });

  test('a desktop Excel (English format codes): the same dates with or without categories', async () => {
    for (const v of ['1.11', '1.12']) {
      const fake = host(v, {});
      const read = await fake.run((ctx) => readSheet(ctxOf(ctx), undefined, { supports: sup(fake) }));
      expect(read.grid.values[1]).toEqual([serialToDate(45939), serialToDate(45940), 45941]);
    }
  });

  test('by category: Date is a date, Custom is when its text is a date format, any other is not', () => {
    expect(isDateCell('ДД.ММ.ГГГГ', 'Date')).toBe(true);
    expect(isDateCell('dd.mm.yyyy', 'Custom')).toBe(true);
    expect(isDateCell('0.0 "млн"', 'Custom')).toBe(false);
    expect(isDateCell('dd.mm.yyyy', 'Text')).toBe(false);
    expect(isDateCell('h:mm', 'Time')).toBe(false);
    expect(isDateCell('dd.mm.yyyy', null)).toBe(true);
    expect(isDateCell('General', undefined)).toBe(false);
  });
});

describe('the 1900 and 1904 date systems', () => {
  test('the workbook is asked in the first sync (no sync more), and its serials read in its own system', async () => {
    for (const date1904 of [false, true]) {
      const fake = host('1.12', { date1904 });
      const read = await fake.run((ctx) => readSheet(ctxOf(ctx), undefined, { supports: sup(fake) }));
      expect(read.date1904).toBe(date1904);
      expect(read.syncs).toBe(2);
      expect(read.grid.values[1][1]).toEqual(serialToDate(45940, date1904));
    }
    expect(serialToDate(45940, true).toISOString().slice(0, 10)).toBe('2029-10-11');
    expect(serialToDate(45940, false).toISOString().slice(0, 10)).toBe('2025-10-10');
  });

  test('a date given by the caller is not asked again', async () => {
    const fake = host('1.12', { date1904: true });
    const read = await fake.run((ctx) => readSheet(ctxOf(ctx), undefined, { date1904: false, supports: sup(fake) }));
    expect(read.date1904).toBe(false);
    expect(read.grid.values[1][1]).toEqual(serialToDate(45940, false));
  });

  test('end to end in the pane: a 1904 workbook\'s agreement date of 2029 is found to be in the future, the same serial in 1900 is not', async () => {
    const register: SheetData = {
      values: [['№', 'Жобаның атауы', 'Құны, млн теңге', 'Келісім күні', 'Мәртебесі'], [1, 'Жылыжай', 100, 45940, 'меморандум']],
      formats: [[], [null, null, null, 'dd.mm.yyyy']],
    };
    const codes: Record<string, string[]> = {};
    for (const date1904 of [false, true]) {
      const fake = createFakeWorkbook({ Тізілім: register });
      setFakeQuirks(fake, { date1904 });
      const session = new Session({ engine: new LocalEngine(), excel: fake.Excel as never, store: null, supports: (v) => fake.isSetSupported('ExcelApi', v), today: () => '2025-11-20' });
      const imp = await session.importSource({ kind: 'sheet' }, new CancelToken(), () => undefined);
      const out = await session.check(imp, { settings: DEFAULT_SETTINGS, lang: 'en', files: [], token: new CancelToken(), progress: () => undefined });
      codes[String(date1904)] = out.result.findings.filter((f) => f.field === 'date').map((f) => `${f.code} ${findingMessage(f, 'en')}`);
    }
    expect(codes.false).toEqual([]);
    expect(codes.true).toHaveLength(1);
    expect(codes.true[0]).toMatch(/^DATE_INVALID .*2029/);
  });
});
