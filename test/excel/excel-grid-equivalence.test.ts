/**
 * The two adapters make the same grid of the same sheet: src/xlsx from a file (ExcelJS), src/excel
 * from the open workbook (Office.js, here the in-memory Excel holding the cells as Excel holds them:
 * dates as serial numbers with a date format, errors as their text, merged cells empty).
 */
import ExcelJS from 'exceljs';
import { parseAddress } from '../../src/core/grid/a1';
import type { Grid } from '../../src/core/grid/grid';
import { readSelectionGrid, readSheet, readSheetGrid } from '../../src/excel/read';
import { readWorkbookBuffer, worksheetToGrid } from '../../src/xlsx/read';
import { createFakeWorkbook, type FixtureValue, type SheetData } from '../support/fake-excel';

const NBSP = '\u00a0';
const SHEET = 'Жобалар';
const DATE = new Date(Date.UTC(2025, 9, 10));
const DATE_SERIAL = 45940; // 10.10.2025 in the 1900 date system
const ctxOf = (c: unknown) => c as Excel.RequestContext;

/** The sheet: data from B2, a merged title, a merged two-row header, then rows. */
const ROWS: { at: string; value: ExcelJS.CellValue; fmt?: string }[] = [
  { at: 'B2', value: 'Инвестициялық жобалар тізілімі' },
  { at: 'B3', value: '№' },
  { at: 'C3', value: 'Жобаның атауы' },
  { at: 'D3', value: 'Құны' },
  { at: 'D4', value: 'млрд теңге' },
  { at: 'E4', value: 'млн юань' },
  { at: 'F3', value: 'Келісім күні' },
  { at: 'B5', value: 1 },
  { at: 'C5', value: `Цемент${NBSP}зауыты` },
  { at: 'D5', value: 120.5, fmt: '#,##0.00' },
  { at: 'E5', value: { error: '#REF!' } as ExcelJS.CellErrorValue },
  { at: 'F5', value: DATE, fmt: 'dd.mm.yyyy' },
  { at: 'B6', value: 2 },
  { at: 'C6', value: `Агро${NBSP}кешен «Береке»` },
  // D6 left empty
  { at: 'E6', value: 45.25 },
  { at: 'F6', value: DATE, fmt: 'dd.mm.yyyy' },
  { at: 'B7', value: 'Барлығы' },
  { at: 'D7', value: { formula: 'SUM(D5:D6)', result: 120.5 } as ExcelJS.CellFormulaValue, fmt: '#,##0.00' },
  { at: 'F7', value: true },
];
const MERGES = ['B2:F2', 'B3:B4', 'C3:C4', 'D3:E3', 'F3:F4'];

async function gridFromFile(): Promise<Grid> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  for (const r of ROWS) {
    const c = ws.getCell(r.at);
    c.value = r.value;
    if (r.fmt) c.numFmt = r.fmt;
  }
  for (const m of MERGES) ws.mergeCells(m);
  const buf = await wb.xlsx.writeBuffer();
  const back = await readWorkbookBuffer(buf as ArrayBuffer);
  const sheet = back.getWorksheet(SHEET);
  if (!sheet) throw new Error('sheet lost in the round trip');
  return worksheetToGrid(sheet);
}

/** The same cells as Excel holds them, for the in-memory Excel. */
function excelHeld(): SheetData {
  const values: FixtureValue[][] = Array.from({ length: 6 }, () => new Array<FixtureValue>(5).fill(null));
  const formats: (string | null)[][] = Array.from({ length: 6 }, () => new Array<string | null>(5).fill(null));
  for (const r of ROWS) {
    const at = parseAddress(r.at);
    if (!at) throw new Error(r.at);
    const row = at.row - 2;
    const col = at.col - 2;
    const v = r.value;
    let held: FixtureValue;
    if (v instanceof Date) held = DATE_SERIAL; // a date is a number with a date format
    else if (typeof v === 'object' && v !== null && 'error' in v) held = (v as ExcelJS.CellErrorValue).error; // Office.js reads errors as text
    else if (typeof v === 'object' && v !== null && 'formula' in v) held = { formula: (v as ExcelJS.CellFormulaValue).formula, result: (v as ExcelJS.CellFormulaValue).result as number };
    else held = v as FixtureValue;
    values[row][col] = held;
    formats[row][col] = r.fmt ?? null;
  }
  // Excel keeps a column's format on empty cells too: the reader must not let it through.
  formats[4][2] = '#,##0.00';
  return { origin: 'B2', values, formats, merges: MERGES };
}

const sortMerges = (g: Grid): Grid => ({ ...g, merges: [...g.merges].sort((a, b) => a.top - b.top || a.left - b.left) });

describe('the grid of a sheet is the same from a file (src/xlsx) and from Excel (src/excel)', () => {
  test('values, formats, merges and origin', async () => {
    const fromFile = await gridFromFile();
    const fake = createFakeWorkbook({ [SHEET]: excelHeld() });
    const fromExcel = await fake.run((ctx) => readSheetGrid(ctxOf(ctx)));

    expect(sortMerges(fromExcel)).toEqual(sortMerges(fromFile));

    // and the grid holds what the sheet shows
    expect(fromExcel.origin).toEqual({ row: 2, col: 2 });
    expect(fromExcel.values[3][1]).toBe(`Цемент${NBSP}зауыты`);
    expect(fromExcel.values[3][3]).toEqual({ error: '#REF!' });
    expect(fromExcel.values[3][4]).toEqual(DATE);
    expect(fromExcel.formats[3][4]).toBe('dd.mm.yyyy');
    expect(fromExcel.values[4][2]).toBeNull();
    expect(fromExcel.formats[4][2]).toBe('General');
    expect(fromExcel.values[5][2]).toBe(120.5);
    expect(fromExcel.values[1][1]).toBe('Жобаның атауы');
    expect(fromExcel.values[2][1]).toBeNull(); // under a merged heading
  });

  test('reads in two syncs, and an empty sheet is an empty grid with its merges', async () => {
    const fake = createFakeWorkbook({ [SHEET]: excelHeld(), Бос: { merges: ['A1:B2'] } });
    const read = await fake.run((ctx) => readSheet(ctxOf(ctx)));
    expect(read.syncs).toBe(2);
    expect(fake.stats.syncs).toBe(2);
    expect(read.address).toBe('Жобалар!B2:F7');
    const empty = await fake.run(async (ctx) => readSheetGrid(ctxOf(ctx), ctxOf(ctx).workbook.worksheets.getItem('Бос')));
    expect(empty).toEqual({ sheet: 'Бос', origin: { row: 1, col: 1 }, values: [], formats: [], merges: [{ top: 1, left: 1, bottom: 2, right: 2 }] });
    const fromFile = worksheetToGrid(new ExcelJS.Workbook().addWorksheet('Бос'));
    expect({ ...fromFile, merges: [] }).toEqual({ ...empty, merges: [] });
  });

  test('a large sheet is read in blocks with the same result', async () => {
    const rows: FixtureValue[][] = [['№', 'Атауы', 'Күні']];
    for (let i = 1; i <= 2000; i++) rows.push([i, `Жоба ${i}`, DATE_SERIAL + i]);
    const formats = rows.map((_, i) => [null, null, i === 0 ? null : 'dd.mm.yyyy']);
    const fake = createFakeWorkbook({ Үлкен: { values: rows, formats } });
    const whole = await fake.run((ctx) => readSheet(ctxOf(ctx)));
    const blocks = await fake.run((ctx) => readSheet(ctxOf(ctx), undefined, { blockCells: 999 }));
    expect(blocks.grid).toEqual(whole.grid);
    expect(whole.syncs).toBe(2);
    expect(blocks.syncs).toBe(1 + Math.ceil(2001 / 333));
    expect(whole.grid.values[2000][2]).toEqual(new Date(Date.UTC(2025, 9, 10) + 2000 * 86400000));
  });

  test('without ExcelApi 1.13 there are no merges, the rest is the same', async () => {
    const fake = createFakeWorkbook({ [SHEET]: excelHeld() }, { apiVersion: '1.7' });
    const grid = await fake.run((ctx) => readSheetGrid(ctxOf(ctx), undefined, { supports: (v) => fake.isSetSupported('ExcelApi', v) }));
    const full = await createFakeWorkbook({ [SHEET]: excelHeld() }).run((ctx) => readSheetGrid(ctxOf(ctx)));
    expect(grid).toEqual({ ...full, merges: [] });
  });

  test('the selection: its used part only', async () => {
    const fake = createFakeWorkbook({ [SHEET]: excelHeld() });
    fake.model.sheets[0].selection = { r0: 0, c0: 2, r1: 1048575, c1: 3 }; // columns C:D
    const grid = await fake.run((ctx) => readSelectionGrid(ctxOf(ctx)));
    expect(grid.origin).toEqual({ row: 3, col: 3 });
    expect(grid.values.map((r) => r.length)).toEqual([2, 2, 2, 2, 2]);
    expect(grid.values[0]).toEqual(['Жобаның атауы', 'Құны']);
  });
});
