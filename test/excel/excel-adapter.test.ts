/**
 * The Office.js adapter (src/excel) against the in-memory Excel (test/support/fake-excel.ts):
 * plans from the core land as values, formulas, formats, looks, tables and frozen panes; the tool
 * replaces its own sheets and never a user's; plan text never becomes a formula; large sheets go
 * out in few syncs under the request size limit; over-large reads are refused.
 */
import Big from 'big.js';
import { columnLetters } from '../../src/core/grid/a1';
import { gridFromValues, type CellValue, type Grid } from '../../src/core/grid/grid';
import { CATALOGUES, formatNumber, isKey, langFromOffice, text } from '../../src/core/words';
import { FMT } from '../../src/core/report/summary';
import { runPipeline } from '../../src/core/report/pipeline';
import type { SheetPlan } from '../../src/core/report/plan';
import { makeRate, RateTable } from '../../src/core/rates/rates';
import * as fs from 'fs';
import * as path from 'path';
import { parseAreasAddress, readSheet, readSheetGrid, SheetTooLargeError } from '../../src/excel/read';
import { cellInput, groupRects, needsApostrophe, PREPARE_BLOCK_CELLS, RectGrouper, renameRefs, rowJsonBytes, suffixedName, writePlans, type WriteOptions } from '../../src/excel/write';
import { createFakeWorkbook, readBack, type FakeExcel, type FixtureValue } from '../support/fake-excel';

const ctxOf = (c: unknown) => c as Excel.RequestContext;
const SOURCE = 'Жобалар';
const HEADINGS = ['№', 'Жобаның атауы', 'Инвестор', 'Саласы', 'Құны, млрд теңге', 'Құны, млн юань', 'Келісім күні', 'Мәртебесі'];
const DATE = new Date(Date.UTC(2025, 9, 10));
const RATES = new RateTable([makeRate('CNY', '2025-10-10', new Big('76.71'), 1, 'ҰБ 2025-10-10')]);

function sourceRows(names = ['Цемент зауыты', 'Агро кешен «Береке»']): CellValue[][] {
  const rows: CellValue[][] = [['Инвестициялық жобалар тізілімі'], HEADINGS];
  names.forEach((name, i) => rows.push([i + 1, name, `Инвестор ${i + 1}`, i % 2 ? 'Ауыл шаруашылығы' : 'Өнеркәсіп', 100 + i * 20.5, null, DATE, 'Келісім']));
  rows.push(['Барлығы', null, null, null, names.reduce((s, _n, i) => s + 100 + i * 20.5, 0), null, null, null]);
  return rows;
}

function plansOf(grid: Grid): SheetPlan[] {
  const res = runPipeline(grid, { file: 'тізілім.xlsx', lang: 'kk', rates: RATES, today: '2025-11-01' });
  if (!res.ok) throw new Error(res.problem);
  return res.plans;
}

/** A workbook holding the source sheet (as Excel holds it), and the plans made from it. */
function setup(names?: string[], extra: Record<string, { values?: FixtureValue[][]; customProperties?: Record<string, string> }> = {}) {
  const rows = sourceRows(names);
  const fake = createFakeWorkbook({ [SOURCE]: { values: rows as FixtureValue[][] }, ...extra });
  const plans = plansOf(gridFromValues(SOURCE, rows));
  return { fake, plans };
}

function write(fake: FakeExcel, plans: SheetPlan[], opts: WriteOptions = {}) {
  return fake.run((ctx) => writePlans(ctxOf(ctx), plans, { sourceSheet: SOURCE, supports: (v) => fake.isSetSupported('ExcelApi', v), ...opts }));
}

describe('writing the pack', () => {
  test('values, formulas, number formats, table, frozen panes, widths, print setup, marks', async () => {
    const { fake, plans } = setup();
    const report = await write(fake, plans);

    expect(fake.sheetNames()).toEqual([SOURCE, 'Шолу', 'Салалар бойынша', 'Инвесторлар бойынша', 'Орналасқан жері бойынша', 'Мәртебесі бойынша', 'Келісім айы бойынша', 'Тізілім', 'Тексеру']);
    expect(report.sheets.map((s) => [s.name, s.role, s.replaced, s.renamed])).toEqual([
      ['Шолу', 'summary:overview', false, false],
      ['Салалар бойынша', 'summary:sector', false, false],
      ['Инвесторлар бойынша', 'summary:investor', false, false],
      ['Орналасқан жері бойынша', 'summary:location', false, false],
      ['Мәртебесі бойынша', 'summary:status', false, false],
      ['Келісім айы бойынша', 'summary:month', false, false],
      ['Тізілім', 'register', false, false],
      ['Тексеру', 'checks', false, false],
    ]);
    expect(report.syncs).toBeLessThanOrEqual(4);
    expect(report.syncs).toBe(fake.stats.syncs);
    expect(report.marker).toBe('worksheet-custom-property');

    // The register: header on row 4, one row per project, an Excel table over them.
    const regPlan = plans.find((p) => p.role === 'register') as SheetPlan;
    const head = regPlan.rows[3].map((c) => c?.v);
    const col = (key: string) => head.indexOf(text(`col.${key}`, 'kk'));
    const at = (key: string, row: number) => `${columnLetters(col(key) + 1)}${row}`;
    const reg = fake.readSheet('Тізілім');
    expect(reg.values[0][0]).toBe('Инвестициялық жобалар тізілімі (нормаланған)');
    expect(reg.values[3]).toEqual(head);
    expect(reg.values[4][col('name')]).toBe('Цемент зауыты');
    expect(reg.values[5][col('name')]).toBe('Агро кешен «Береке»');
    expect(reg.values[4][col('number')]).toBe('1'); // the source's "№" is text in the register, not the number 1
    expect(fake.cell('Тізілім', at('date', 5))).toMatchObject({ value: 45940, numberFormat: FMT.date, text: '10.10.2025' });
    expect(fake.cell('Тізілім', at('KZT', 5))).toMatchObject({ value: 100_000_000_000, numberFormat: regPlan.rows[4][col('KZT')]?.fmt, formula: null });
    expect(fake.cell('Тізілім', 'A5')).toMatchObject({ value: 1, numberFormat: FMT.count });
    expect(reg.tables).toEqual([{ name: 'TizilimRegister', address: `A4:${columnLetters(head.length)}6`, style: 'TableStyleLight9', showBandedRows: true }]);
    expect(reg.freeze).toEqual({ rows: 4, cols: 4 });
    expect(reg.customProperties).toEqual({ 'tizilim.role': 'register', 'tizilim.fingerprint': expect.stringMatching(/^v2:6x21:[0-9a-f]{14}$/) });
    expect(reg.columnWidths[columnLetters(col('name') + 1)]).toBeCloseTo((regPlan.widths[col('name')] * 7 + 5) * 0.75);
    // The register prints on A3, two pages wide, the header and the columns up to the name on every page.
    expect(reg.pageLayout).toMatchObject({ paperSize: 'A3', orientation: 'Landscape', zoom: { horizontalFitToPages: 2, verticalFitToPages: 0 }, printTitleRows: '$4:$4', printTitleColumns: '$A:$D' });
    // the source column links back to the user's sheet
    expect(fake.cell('Тізілім', at('source', 5))).toMatchObject({ value: 'Жобалар!B3', hyperlink: { documentReference: "'Жобалар'!B3" } });
    // The same register read from a file, into a workbook with a sheet of the same name: that sheet is not
    // the file's, so the source cells (and the checks' cells) link nowhere; the links among our sheets stay.
    const other = setup();
    const fromFile = await write(other.fake, other.plans, { sourceSheet: undefined });
    expect(fake.cell('Тізілім', at('source', 5)).hyperlink).toBeTruthy();
    expect(other.fake.cell('Тізілім', at('source', 5))).toMatchObject({ value: 'Жобалар!B3' });
    expect(other.fake.cell('Тізілім', at('source', 5)).hyperlink ?? null).toBeNull();
    expect(fromFile.linksSkipped).toBeGreaterThan(0);
    // every cell as planned: the value (or formula) and the number format
    for (const plan of plans) {
      const back = fake.readSheet(plan.name);
      plan.rows.forEach((row, r) => row.forEach((pc, c) => {
        if (!pc) return;
        if (pc.f) expect(back.formulas[r][c]).toBe('=' + pc.f);
        else expect(back.values[r][c]).toEqual(pc.v instanceof Date ? 45940 : pc.v === null ? '' : pc.v);
        expect(back.formats[r][c]).toBe(pc.fmt ?? (pc.v instanceof Date ? 'dd.mm.yyyy' : 'General'));
      }));
    }

    // The summary by sector: live SUMIFS over the register, with its number formats.
    const sector = fake.readSheet('Салалар бойынша');
    expect(sector.values[3]).toEqual(['Сала', 'Жобалар саны', 'Құны, млн теңге', 'Құны, млн юань', 'Теңгедегі үлесі', 'Жұмыс орындары']);
    expect(sector.values[4][0]).toBe('Ауыл шаруашылығы'); // largest tenge first
    expect(sector.values[5][0]).toBe('Өнеркәсіп');
    const g = columnLetters(col('sector') + 1);
    const l = columnLetters(col('KZT') + 1);
    expect(sector.formulas[4][1]).toBe(`=COUNTIFS('Тізілім'!$${g}$5:$${g}$6,$A5)`);
    expect(sector.formulas[4][2]).toBe(`=SUMIFS('Тізілім'!$${l}$5:$${l}$6,'Тізілім'!$${g}$5:$${g}$6,$A5)`);
    expect(sector.formulas[4][3]).toMatch(/^=SUMIFS\('Тізілім'!\$[A-Z]+\$5:\$[A-Z]+\$6,/);
    expect(sector.formats[4].slice(1, 5)).toEqual([FMT.count, FMT.millions, FMT.millions, FMT.share]);
    expect(sector.values[6][0]).toBe('Барлығы');
    expect(sector.formulas[6][2]).toBe('=SUM(C5:C6)');
    expect(sector.freeze).toEqual({ rows: 4, cols: 1 });

    // Looks: a bold shaded header with borders, grouped (not set cell by cell).
    const h = fake.cell('Тізілім', 'D4').look;
    expect(h).toMatchObject({ 'font.bold': true, 'fill.color': '#E1DFDD', wrapText: true, 'border.top.style': 'Continuous', 'border.left.style': 'Continuous' });
    expect(fake.cell('Тізілім', 'A1').look).toMatchObject({ 'font.bold': true, 'font.size': 14 });
    expect(fake.cell('Салалар бойынша', 'C7').look).toMatchObject({ 'font.bold': true, 'fill.color': '#F3F2F1' });

    // Bulk writes ran with calculation suspended; the overview is shown.
    expect(fake.model.suspendedSyncs).toBeGreaterThan(0);
    expect(fake.activeSheetName()).toBe('Шолу');
    // and the user's sheet is as it was
    expect(fake.readSheet(SOURCE).values[2][1]).toBe('Цемент зауыты');
  });

  test('writing twice writes the tool\'s own sheets again in place: the same sheets, cleared, their formulas alive', async () => {
    const { fake, plans } = setup();
    await write(fake, plans);
    fake.activate(SOURCE);
    const before = fake.sheetNames().map((n) => fake.readSheet(n).id);
    const again = await write(fake, plans);
    expect(fake.sheetNames()).toEqual([SOURCE, 'Шолу', 'Салалар бойынша', 'Инвесторлар бойынша', 'Орналасқан жері бойынша', 'Мәртебесі бойынша', 'Келісім айы бойынша', 'Тізілім', 'Тексеру']);
    expect(again.sheets.every((s) => s.replaced && !s.renamed)).toBe(true);
    // the same sheets (their ids, so every reference to them, kept), not new ones in their place
    expect(fake.sheetNames().map((n) => fake.readSheet(n).id)).toEqual(before);
    expect(fake.readSheet('Тізілім').tables.map((t) => t.name)).toEqual(['TizilimRegister']);
    expect(fake.readSheet('Салалар бойынша').formulas[4][1]).toMatch(/^=COUNTIFS\('Тізілім'!/);
    expect(fake.readSheet('Салалар бойынша').values[4][1]).toBe(1); // calculated: one project of the sector
    expect(fake.readSheet('Шолу').charts).toHaveLength(1); // the old chart deleted, the new one drawn
  });

  test('a user\'s sheet with our name is never touched: ours goes under a free name, formulas follow', async () => {
    const theirs: FixtureValue[][] = [['Менің тізілімім'], ['=not a formula, just text'], [42]];
    const { fake, plans } = setup(undefined, { Тізілім: { values: theirs } });
    const report = await write(fake, plans);
    const reg = report.sheets.find((s) => s.role === 'register');
    expect(reg).toMatchObject({ plan: 'Тізілім', name: 'Тізілім (2)', renamed: true, replaced: false });
    expect(fake.readSheet('Тізілім').values).toEqual([['Менің тізілімім'], ['=not a formula, just text'], [42]]);
    expect(fake.readSheet('Тізілім').customProperties).toEqual({});
    expect(fake.readSheet('Тізілім (2)').values[4][3]).toBe('Цемент зауыты');
    // the summaries count the tool's register, not the user's sheet
    const planned = (name: string, r: number, c: number) => '=' + (plans.find((p) => p.name === name)?.rows[r][c]?.f ?? '').replace(/'Тізілім'!/g, "'Тізілім (2)'!");
    expect(fake.readSheet('Салалар бойынша').formulas[4][1]).toBe(planned('Салалар бойынша', 4, 1));
    expect(fake.readSheet('Салалар бойынша').formulas[4][1]).toMatch(/^=COUNTIFS\('Тізілім \(2\)'!/);
    expect(fake.readSheet('Шолу').formulas[3][1]).toBe("=COUNT('Тізілім (2)'!$A$5:$A$6)");
    expect(JSON.stringify(fake.readSheet('Салалар бойынша').formulas)).not.toContain("'Тізілім'!");

    // Again: "Тізілім (2)" is ours now and is replaced, not joined by a "(3)".
    const again = await write(fake, plans);
    expect(again.sheets.find((s) => s.role === 'register')).toMatchObject({ name: 'Тізілім (2)', replaced: true });
    expect(fake.sheetNames()).toEqual([SOURCE, 'Тізілім', 'Шолу', 'Салалар бойынша', 'Инвесторлар бойынша', 'Орналасқан жері бойынша', 'Мәртебесі бойынша', 'Келісім айы бойынша', 'Тізілім (2)', 'Тексеру']);
    expect(fake.readSheet('Тізілім').values[1][0]).toBe('=not a formula, just text');
  });

  test('on hosts before ExcelApi 1.12 the mark is a document custom property; no newer API is called', async () => {
    const { fake, plans } = setup();
    const old = createFakeWorkbook({ [SOURCE]: { values: sourceRows() as FixtureValue[][] } }, { apiVersion: '1.7' });
    void fake;
    const first = await write(old, plans);
    expect(first.marker).toBe('document-custom-property');
    const marks = old.documentCustomProperties();
    const roles = Object.entries(marks).filter(([k]) => k.startsWith('tizilim.role.')).map(([, v]) => v);
    expect(roles.sort()).toEqual(['checks', 'register', 'summary:investor', 'summary:location', 'summary:month', 'summary:overview', 'summary:sector', 'summary:status']);
    const regId = old.readSheet('Тізілім').id.replace(/[{}]/g, '');
    expect(marks[`tizilim.role.${regId}`]).toBe('register');
    expect(old.readSheet('Тізілім').pageLayout.orientation).toBe('Portrait'); // print setup needs ExcelApi 1.9

    const second = await write(old, plans);
    expect(second.sheets.every((s) => s.replaced && !s.renamed)).toBe(true);
    expect(old.sheetNames()).toHaveLength(9);
    expect(Object.keys(old.documentCustomProperties())).toHaveLength(16); // a role and a fingerprint per sheet; stale marks removed

    // A newer Excel opening the file still knows the sheets as the tool's.
    const role = await old.run((ctx) => readSheet(ctxOf(ctx), ctxOf(ctx).workbook.worksheets.getItem('Тізілім'), { supports: (v) => old.isSetSupported('ExcelApi', v) }));
    expect(role.role).toBe('register');
  });

  test('reading a sheet the tool wrote tells its role', async () => {
    const { fake, plans } = setup();
    await write(fake, plans);
    const r = await fake.run((ctx) => readSheet(ctxOf(ctx), ctxOf(ctx).workbook.worksheets.getItem('Тізілім')));
    expect(r.role).toBe('register');
    const s = await fake.run((ctx) => readSheet(ctxOf(ctx), ctxOf(ctx).workbook.worksheets.getItem(SOURCE)));
    expect(s.role).toBeNull();
  });
});

describe('plan text never becomes a formula', () => {
  const NAMES = ['=HYPERLINK("http://x")', '+1+2', '-note', '@user'];

  test.each(NAMES.map((n) => [n[0], n]))('a project named with a leading "%s" lands as text', async (_ch, name) => {
    const { fake, plans } = setup(['Цемент зауыты', name]);
    await write(fake, plans);
    const cell = fake.cell('Тізілім', 'D6');
    expect(cell.value).toBe(name);
    expect(cell.formula).toBeNull();
  });

  test('strings Excel would read as numbers, dates, booleans or errors stay the same text', async () => {
    const texts = ['001', '12%', '2025-10-10', 'TRUE', 'false', '#REF!', "'quoted'", ' =1', '1,234', '1e5', 'Барлығы', '№ 7'];
    const plan: SheetPlan = { name: 'Мәтін', role: 'test', widths: [20], rows: texts.map((t) => [{ v: t }]), merges: [] };
    const fake = createFakeWorkbook({ Парақ: {} });
    await write(fake, [plan]);
    const back = fake.readSheet('Мәтін');
    expect(back.values.map((r) => r[0])).toEqual(texts);
    expect(back.formulas.every((r) => r[0] === null)).toBe(true);
    // and plain words go in without an apostrophe
    expect(fake.cell('Мәтін', 'K1').quotePrefix).toBe(false);
    expect(fake.cell('Мәтін', 'A1').quotePrefix).toBe(true);
  });

  test('what goes into a cell', () => {
    expect(cellInput({ v: '=1+1' })).toBe("'=1+1");
    expect(cellInput({ v: 'Өнеркәсіп' })).toBe('Өнеркәсіп');
    expect(cellInput({ v: 2, f: 'SUM(A1:A2)' })).toBe('=SUM(A1:A2)');
    expect(cellInput({ v: DATE })).toBe(45940);
    expect(cellInput({ v: null })).toBe('');
    expect(cellInput({ v: Number.NaN })).toBe('');
    expect(needsApostrophe('Барлығы')).toBe(false);
    expect(needsApostrophe('жалған')).toBe(true);
  });
});

describe('helpers', () => {
  test('rectangles of equal keys', () => {
    const keys = [['h', 'h', 'h'], ['c', 'c', 'l'], ['c', 'c', 'l'], [null, 'c', 'c']];
    expect(groupRects(keys.length, (r) => keys[r])).toEqual([
      { r0: 0, c0: 0, r1: 0, c1: 2, key: 'h' },
      { r0: 1, c0: 0, r1: 2, c1: 1, key: 'c' },
      { r0: 1, c0: 2, r1: 2, c1: 2, key: 'l' },
      { r0: 3, c0: 1, r1: 3, c1: 2, key: 'c' },
    ]);
  });

  test('a row\'s size as JSON is measured without building the string', () => {
    const rows: (string | number | boolean)[][] = [
      [],
      [1, -2.5, 1e21, 0.1 + 0.2, NaN, true, false, ''],
      ['Жоба «Береке»', 'quote " and \\ back', 'tab\tnew\nline\u0001', '😀 ok', '\ud800 lone', 'ascii'],
    ];
    for (const r of rows) expect(rowJsonBytes(r)).toBe(Buffer.byteLength(JSON.stringify(r), 'utf8'));
  });

  test('rectangles built a row at a time are the same as in one go', () => {
    const keys = [['h', 'h', 'h'], ['c', 'c', 'l'], ['c', 'c', 'l'], [null, 'c', 'c']];
    const g = new RectGrouper();
    for (const row of keys) g.add(row);
    expect(g.finish()).toEqual(groupRects(keys.length, (r) => keys[r]));
  });

  test('sheet names and references', () => {
    expect(suffixedName('Тізілім', 2)).toBe('Тізілім (2)');
    expect(suffixedName('x'.repeat(31), 12)).toBe('x'.repeat(26) + ' (12)');
    expect(renameRefs("SUM('Тізілім'!$L$5:$L$6)+'It''s'!A1", new Map([['Тізілім', 'Тізілім (2)'], ["It's", "It's (2)"]]))).toBe("SUM('Тізілім (2)'!$L$5:$L$6)+'It''s (2)'!A1");
  });
});

describe('large sheets', () => {
  /** A 100,000-project register as the core plans it (built directly: the core's own tests cover the pipeline). */
  function bigRegister(n: number): SheetPlan {
    const head = ['№', 'Бастапқы жол', 'Тізілімдегі №', 'Жобаның атауы', 'Инвестор', 'Ел', 'Сала', 'Орналасқан жері', 'Мәртебесі', 'Мәртебесі (жазылғандай)', 'Келісім күні', 'Құны, теңге', 'Құны, юань', 'Теңге: берілген / аударылған', 'ҰБ бағамы, теңге', 'Бағам валютасы', 'Бағам күні', 'Бағам көзі', 'Жұмыс орындары', 'Ескертпе', 'Бастапқы ұяшық'];
    const sectors = ['Өнеркәсіп', 'Ауыл шаруашылығы', 'Энергетика', 'Көлік және логистика'];
    const rows: SheetPlan['rows'] = [
      [{ v: 'Инвестициялық жобалар тізілімі (нормаланған)', s: 'title' }],
      [{ v: 'Дереккөз: үлкен.xlsx — Жобалар', s: 'subtitle' }],
      [{ v: 'теңге, юань', s: 'unit' }],
      head.map((v) => ({ v, s: 'header' as const })),
    ];
    for (let i = 1; i <= n; i++) {
      const kzt = (i % 500) * 1_000_000_000 + 0.5;
      rows.push([
        { v: i, fmt: '0', s: 'cell' }, { v: i + 2, fmt: '0', s: 'cell' }, { v: String(i), s: 'cell' },
        { v: `Жоба №${i}: зауыт құрылысы`, s: 'cell' }, { v: `Инвестор ${i % 97} ЖШС`, s: 'cell' }, { v: 'Қытай', s: 'cell' },
        { v: sectors[i % 4], s: 'cell' }, { v: 'Алматы облысы', s: 'cell' }, { v: 'келісім', s: 'cell' }, { v: 'Келісім', s: 'cell' },
        { v: DATE, fmt: 'dd.mm.yyyy', s: 'cell' }, { v: kzt, fmt: '#,##0.00', s: 'cell' }, { v: Math.round((kzt / 76.71) * 100) / 100, fmt: '#,##0.00', s: 'cell' },
        { v: 'берілген', s: 'cell' }, { v: 76.71, fmt: '#,##0.0000', s: 'cell' }, { v: 'CNY', s: 'cell' }, { v: DATE, fmt: 'dd.mm.yyyy', s: 'cell' },
        { v: 'ҰБ 2025-10-10', s: 'cell' }, { v: i % 300, fmt: '0', s: 'cell' }, { v: i % 10 ? null : 'ескертпе', s: 'cell' },
        { v: `Жобалар!B${i + 2}`, s: 'cell', link: `'Жобалар'!B${i + 2}` },
      ]);
    }
    return {
      name: 'Тізілім', role: 'register', widths: [5, 8, 8, 44, 30, 12, 22, 24, 16, 18, 12, 22, 20, 14, 12, 10, 12, 24, 10, 36, 16], rows, merges: [],
      freeze: { rows: 4, cols: 4 }, print: { landscape: true, fitToWidth: true, repeatRows: { from: 4, to: 4 } },
      table: { name: 'TizilimRegister', top: 4, left: 1, bottom: n + 4, right: 21 },
    };
  }

  test('a 100,000-row register: at most 30 syncs, none over 4 MB', async () => {
    const plan = bigRegister(100_000);
    const fake = createFakeWorkbook({ Жобалар: { values: [['№']] } });
    const report = await write(fake, [plan]);
    expect(report.syncs).toBeLessThanOrEqual(30);
    expect(fake.stats.syncs).toBe(report.syncs);
    expect(fake.stats.maxRequestBytes).toBeLessThanOrEqual(4_000_000);
    expect(fake.stats.records.every((r) => !r.rejected)).toBe(true);
    console.log(`100,000-row register: ${report.syncs} syncs, largest request ${fake.stats.maxRequestBytes} bytes (estimated ${report.maxBatchBytes})`);
    const reg = fake.readSheet('Тізілім');
    expect(reg.values).toHaveLength(100_004);
    expect(reg.values[100_003][3]).toBe('Жоба №100000: зауыт құрылысы');
    expect(fake.cell('Тізілім', 'K100004')).toMatchObject({ value: 45940, numberFormat: 'dd.mm.yyyy' });
    expect(fake.cell('Тізілім', 'U100004').hyperlink).toEqual({ documentReference: "'Жобалар'!B100002" });
    expect(reg.tables[0].address).toBe('A4:U100004');
    // A generous limit: on a busy 2-core machine the write takes about a minute (its speed is the benchmark's to measure).
  }, 240_000);

  test('rows are prepared as they are sent: the first syncs go out before the last rows are made into inputs, with turns of the event loop between blocks', async () => {
    const n = 40_000;
    const plan = bigRegister(n);
    const fake = createFakeWorkbook({ Жобалар: { values: [['№']] } });
    // When was each row turned into cell inputs? (its first cell's formula is looked at then, and only then)
    const preparedAt = new Map<number, number>();
    plan.rows.forEach((row, r) => {
      const first = row[0] as object;
      Object.defineProperty(first, 'f', { get: () => (preparedAt.has(r) || preparedAt.set(r, fake.stats.syncs), undefined), enumerable: false });
    });
    // A timer chain standing for the pane's own work: it runs only when the writer yields a macrotask.
    let turns = 0;
    let stop = false;
    const tick = () => {
      if (stop) return;
      turns++;
      setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const progress: { share: number; rows: number; totalRows: number }[] = [];
    const report = await write(fake, [plan], { onProgress: (share, r) => progress.push({ share, ...r }) });
    stop = true;
    expect(preparedAt.size).toBe(n + 4);
    expect(preparedAt.get(0)).toBe(2); // after the two syncs that look at the workbook
    expect(preparedAt.get(n + 3)).toBeGreaterThan(3); // the last rows: after several batches had gone
    const blocks = Math.ceil((n + 4) / Math.floor(PREPARE_BLOCK_CELLS / 21));
    expect(turns).toBeGreaterThanOrEqual(blocks - 1);
    expect(report.syncs).toBeLessThanOrEqual(12);
    // progress: rows written so far, never going back, ending at all of them
    expect(progress.length).toBe(report.syncs - 2);
    expect(progress[progress.length - 1]).toEqual({ share: 1, rows: n + 4, totalRows: n + 4 });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].rows).toBeGreaterThanOrEqual(progress[i - 1].rows);
      expect(progress[i].share).toBeGreaterThanOrEqual(progress[i - 1].share);
    }
    expect(progress.some((p) => p.rows > 0 && p.rows < n)).toBe(true);
    // and the sheet is whole, its fingerprint written once every row had gone through it
    expect(fake.readSheet('Тізілім').values).toHaveLength(n + 4);
    expect(fake.readSheet('Тізілім').customProperties['tizilim.fingerprint']).toMatch(new RegExp(`^v2:${n + 4}x21:`));
  }, 60_000);

  test('a sheet the user edited and keeps: ours goes beside it, and the next write (asked again) replaces ours, not the user\'s', async () => {
    const { fake, plans } = setup();
    await write(fake, plans);
    await fake.run(async (c) => {
      ctxOf(c).workbook.worksheets.getItem('Шолу').getRange('A1').values = [['менікі']];
      await ctxOf(c).sync();
    });
    const first = await write(fake, plans, { confirmReplaceEdited: async () => false });
    expect(first.edited).toEqual([{ name: 'Шолу', replaced: false }]);
    const asked: string[][] = [];
    const second = await write(fake, plans, { confirmReplaceEdited: async (n) => (asked.push(n), false) });
    expect(asked).toEqual([['Шолу']]);
    expect(second.sheets.find((x) => x.role === 'summary:overview')).toMatchObject({ name: 'Шолу (2)', replaced: true });
    expect(fake.sheetNames().filter((n) => n.startsWith('Шолу'))).toEqual(['Шолу', 'Шолу (2)']);
    expect(fake.cell('Шолу', 'A1').value).toBe('менікі');
  });

  test('thousands of looks (a Checks sheet of many findings by severity) go out over several batches, none over the limit', async () => {
    const styles = ['error', 'warning', 'info'] as const;
    const n = 25_000;
    const rows: SheetPlan['rows'] = [[{ v: 'Маңыздылығы', s: 'header' }, { v: 'Код', s: 'header' }]];
    for (let i = 0; i < n; i++) rows.push([{ v: styles[i % 3], s: styles[i % 3] }, { v: `CODE_${i % 7}`, s: 'cell' }]);
    const plan: SheetPlan = { name: 'Тексеру', role: 'checks', widths: [12, 20], rows, merges: [] };
    const fake = createFakeWorkbook({ Жобалар: { values: [['№']] } });
    const report = await write(fake, [plan]);
    expect(report.retries).toBe(0);
    expect(fake.stats.maxRequestBytes).toBeLessThanOrEqual(4_000_000);
    expect(fake.stats.records.every((r) => !r.rejected)).toBe(true);
    expect(report.syncs).toBeGreaterThan(4); // the looks alone are more than one request holds
    expect(fake.cell('Тексеру', `A${n}`).look).toMatchObject({ 'font.color': '#005A9E', 'border.top.style': 'Continuous' }); // row n: the (n-1)th finding, info
    expect(fake.cell('Тексеру', `A${n + 1}`).look).toMatchObject({ 'font.color': '#A4262C' });
    expect(fake.cell('Тексеру', 'A2').look).toMatchObject({ 'font.bold': true, 'font.color': '#A4262C' });
  }, 60_000);

  test('RequestPayloadSizeLimitExceeded: the writer halves its batches and still writes everything', async () => {
    const plan = bigRegister(6000); // about 2 MB of values
    const fake = createFakeWorkbook({ Жобалар: { values: [['№']] } }, { requestLimit: 700_000 });
    const report = await write(fake, [plan]);
    expect(report.retries).toBeGreaterThanOrEqual(2); // 3.5 MB → 1.75 MB → 875 kB → under the limit
    expect(fake.stats.records.filter((r) => r.rejected === 'RequestPayloadSizeLimitExceeded').length).toBe(report.retries);
    expect(fake.stats.records.filter((r) => !r.rejected).every((r) => r.requestBytes <= 700_000)).toBe(true);
    const reg = fake.readSheet('Тізілім');
    expect(reg.values).toHaveLength(6004);
    expect(reg.values[6003][3]).toBe('Жоба №6000: зауыт құрылысы');
    expect(reg.tables[0].address).toBe('A4:U6004');
    expect(fake.sheetNames()).toEqual(['Жобалар', 'Тізілім']);
  });

  test('a rejected small batch is sent again whole', async () => {
    const { fake, plans } = setup();
    fake.failSync('RequestPayloadSizeLimitExceeded', (n) => n === 3);
    const report = await write(fake, plans);
    expect(report.retries).toBe(1);
    expect(fake.sheetNames()).toEqual([SOURCE, 'Шолу', 'Салалар бойынша', 'Инвесторлар бойынша', 'Орналасқан жері бойынша', 'Мәртебесі бойынша', 'Келісім айы бойынша', 'Тізілім', 'Тексеру']);
    expect(fake.readSheet('Салалар бойынша').formulas[4][1]).toBe('=' + plans[1].rows[4][1]?.f);
  });

  test('a used range over 5,000,000 cells is refused without loading it', async () => {
    const fake = createFakeWorkbook({ Үлкен: { values: [['№']] } });
    fake.model.sheets[0].rows.set(399, []);
    fake.model.sheets[0].rows.get(399)![16383] = { v: 'соңы' }; // XFD400: 400 × 16,384 cells
    const err = await fake.run((ctx) => readSheetGrid(ctxOf(ctx))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetTooLargeError);
    expect(err).toMatchObject({ code: 'SHEET_TOO_LARGE', cells: 400 * 16384, limit: 5_000_000, sheet: 'Үлкен', address: 'Үлкен!1:400' });
    expect(fake.stats.syncs).toBe(1);
    expect(fake.stats.records[0].responseBytes).toBeLessThan(1000);
  });
});

describe('the in-memory Excel behaves like Office.js', () => {
  test('properties are readable only after load + sync; writes apply at sync', async () => {
    const fake = createFakeWorkbook({ Парақ: { values: [[1, 'a']] } });
    await fake.run(async (c) => {
      const ctx = ctxOf(c);
      const range = ctx.workbook.worksheets.getItem('Парақ').getRange('A1:B1');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      range.load('values,address');
      expect(() => range.address).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect(range.values).toEqual([[1, 'a']]);
      expect(range.address).toBe('Парақ!A1:B1');
      range.values = [[2, 'b']];
      expect(fake.cell('Парақ', 'A1').value).toBe(1); // queued, not yet applied
      await ctx.sync();
      expect(fake.cell('Парақ', 'A1').value).toBe(2);
      const missing = ctx.workbook.worksheets.getItemOrNullObject('Жоқ');
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      const count = ctx.workbook.worksheets.getCount();
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      expect(count.value).toBe(1);
      expect(sheets.items.map((w) => w.name)).toEqual(['Парақ']);
    });
    expect(fake.stats.syncs).toBe(4);
    expect(readBack(fake, 'Парақ').values).toEqual([[2, 'b']]);
  });

  test('typed input: "=", "+", "-", "@" start formulas unless apostrophe-prefixed or text-formatted', async () => {
    const fake = createFakeWorkbook({ Парақ: { formats: [[null, null, null, null, null, null, null, null, '@']] } });
    await fake.run(async (c) => {
      const ctx = ctxOf(c);
      ctx.workbook.worksheets.getItem('Парақ').getRange('A1:I1').values = [['=1+2', '+1+2', '-note', '@user', "'=1+2", '001', '-5', 'TRUE', '=x']];
      await ctx.sync();
    });
    const f = (a: string) => fake.cell('Парақ', a);
    expect([f('A1').formula, f('B1').formula, f('C1').formula, f('D1').formula]).toEqual(['=1+2', '=+1+2', '=-note', '=@user']);
    expect(f('E1')).toMatchObject({ value: '=1+2', formula: null, quotePrefix: true });
    expect([f('F1').value, f('G1').value, f('H1').value]).toEqual([1, -5, true]);
    expect(f('I1')).toMatchObject({ value: '=x', formula: null });
  });

  test('a request over the limit is rejected whole', async () => {
    const fake = createFakeWorkbook({ Парақ: {} }, { requestLimit: 10_000 });
    const err = await fake.run(async (c) => {
      const ctx = ctxOf(c);
      const ws = ctx.workbook.worksheets.getItem('Парақ');
      ws.getRange('A1').values = [['бірінші']];
      ws.getRange('A2:A1001').values = Array.from({ length: 1000 }, (_, i) => [`жол ${i}`]);
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(fake.cell('Парақ', 'A1').value).toBe('');
    expect(fake.stats.records[0]).toMatchObject({ rejected: 'RequestPayloadSizeLimitExceeded' });
  });

  test('merged areas are listed with quoted sheet names', () => {
    expect(parseAreasAddress("'Жоба, 2025'!A1:C1, 'Жоба, 2025'!B3:B4,Sheet1!D7")).toEqual([
      { top: 1, left: 1, bottom: 1, right: 3 },
      { top: 3, left: 2, bottom: 4, right: 2 },
      { top: 7, left: 4, bottom: 7, right: 4 },
    ]);
  });
});

describe('the task pane\'s words', () => {
  test('every text in kk, ru and en, and every data-i18n key of the page has one', () => {
    for (const lang of ['kk', 'ru', 'en'] as const) for (const [key, m] of Object.entries(CATALOGUES[lang])) expect([key, lang, (typeof m === 'string' ? m : m.other).trim().length > 0]).toEqual([key, lang, true]);
    const html = fs.readFileSync(path.join(__dirname, '../../src/taskpane/taskpane.html'), 'utf8');
    for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) expect([m[1], isKey(m[1])]).toEqual([m[1], true]);
  });

  test('Office\'s display language picks ours', () => {
    expect(langFromOffice('kk-KZ')).toBe('kk');
    expect(langFromOffice('ru-RU')).toBe('ru');
    expect(langFromOffice('en-GB')).toBe('en');
    expect(langFromOffice('de-DE')).toBe('en');
    expect(langFromOffice(undefined)).toBe('en');
    expect(formatNumber(1234567.5, 'kk', 2)).toMatch(/^1\s234\s567,50$/);
    expect(formatNumber(1234567.5, 'en', 2)).toBe('1,234,567.50');
  });
});
