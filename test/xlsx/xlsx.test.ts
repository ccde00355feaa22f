/** ExcelJS round trips: workbooks and CSV bytes built here, read through src/xlsx, run through the core. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runPipeline } from '../../src/core/report/pipeline';
import { csvToGrid, openSource, worksheetToGrid, readWorkbookBuffer } from '../../src/xlsx/read';
import { d, testRates, xlsxBuffer } from '../support/registers';

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-xlsx-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

test('a Russian register with a title, a merged two-row header, sections and subtotals: totals reconcile', async () => {
  const buf = await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('Реестр');
    ws.getCell('A1').value = 'Реестр инвестиционных проектов';
    ws.getCell('A2').value = 'по состоянию на 01.11.2025';
    ws.getRow(4).values = ['№', 'Наименование проекта', 'Стоимость проекта', null, 'Дата подписания', 'Статус'];
    ws.getRow(5).values = [null, null, 'млн тенге', 'тыс. юаней', null, null];
    ws.mergeCells('C4:D4');
    ws.mergeCells('A4:A5');
    ws.mergeCells('B4:B5');
    ws.mergeCells('E4:E5');
    ws.mergeCells('F4:F5');
    ws.getRow(6).values = ['I. Промышленность'];
    ws.mergeCells('A6:F6');
    ws.getRow(7).values = [1, 'Завод', 1500.5, null, d(2025, 10, 9), 'меморандум'];
    ws.getRow(8).values = [2, 'Цех', null, 10000, d(2025, 10, 10), 'соглашение'];
    ws.getRow(9).values = [null, 'Итого по разделу', { formula: 'C7', result: 1500.5 }, { formula: 'D8', result: 10000 }];
    ws.getRow(10).values = ['II. Логистика'];
    ws.mergeCells('A10:F10');
    ws.getRow(11).values = [3, 'Склад', { formula: 'C7-C7', result: 0 }, null, d(2025, 10, 10), 'проектирование'];
    ws.getRow(12).values = [null, 'Всего', 2262.5, 10000];
    ws.getCell('E7').numFmt = 'dd.mm.yyyy';
  });
  const wb = await readWorkbookBuffer(buf);
  const grid = worksheetToGrid(wb.getWorksheet('Реестр')!);
  const res = runPipeline(grid, { file: 'r.xlsx', lang: 'ru', rates: testRates(), today: '2025-11-01' });
  if (!res.ok) throw new Error(res.problem);
  expect(res.register.header.rows).toEqual([4, 5]);
  expect(res.json.rows.map((r) => r.kind)).toEqual(['heading', 'project', 'project', 'subtotal', 'heading', 'project', 'total']);
  // The formula with a cached 0 reads as 0, not as a missing value.
  const sklad = res.json.rows.find((r) => r.name === 'Склад')!;
  expect(sklad.KZT).toBe('0.00');
  // 10 000 thousand yuan at 76.14 = 761 400 000 tenge; the grand total in millions: 1500.5 + 761.4 + 0 = 2261.9, stated 2262.5.
  const ceh = res.json.rows.find((r) => r.name === 'Цех')!;
  expect([ceh.CNY, ceh.KZT, ceh.KZTFrom]).toEqual(['10000000.00', '761400000.00', 'converted']);
  expect(res.json.totals.KZT).toBe('2261900000.00');
  const mismatch = res.findings.filter((f) => f.code === 'TOTAL_MISMATCH');
  expect(mismatch.map((f) => [f.cell, f.params.stated, f.params.computed])).toEqual([['C12', '2262500000.00', '2261900000.00']]);
  expect(res.json.rows.filter((r) => r.kind === 'project').map((r) => r.sector)).toEqual(['Промышленность', 'Промышленность', 'Логистика']);
});

test('dates of a 1904 workbook read as the same calendar days', async () => {
  const buf = await xlsxBuffer((wb) => {
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('S');
    ws.addRows([['Project', 'Value, KZT mln', 'Date'], ['Plant', 5, d(2025, 10, 13)]]);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
  });
  const f = path.join(dir, '1904.xlsx');
  await fs.writeFile(f, buf);
  const book = await openSource(f);
  expect(book.date1904).toBe(true);
  const res = runPipeline(book.grid('S'), { file: f, lang: 'en', rates: testRates(), today: '2025-11-01', date1904: true });
  if (!res.ok) throw new Error(res.problem);
  expect(res.json.rows[0].date).toBe('2025-10-13');
});

test('error cells are read as errors, not as text or zero', async () => {
  const buf = await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('S');
    ws.addRows([['Project', 'Value, KZT mln'], ['A', 1], ['B', 2]]);
    ws.getCell('B2').value = { error: '#DIV/0!' } as never;
    ws.getCell('B3').value = { formula: '1/0', result: { error: '#DIV/0!' } } as never;
  });
  const grid = worksheetToGrid((await readWorkbookBuffer(buf)).getWorksheet('S')!);
  expect(grid.values[1][1]).toEqual({ error: '#DIV/0!' });
  expect(grid.values[2][1]).toEqual({ error: '#DIV/0!' });
});

test('a windows-1251 CSV from 1C with ";" and decimal comma', () => {
  const text = 'Реестр инвестпроектов\r\n№;Наименование проекта;Стоимость, млн тенге;Статус\r\n1;"Завод ""Шыны""; стекло";1500,5;меморандум\r\n2;Склад;200;соглашение\r\n;Итого;1700,5;\r\n';
  const bytes = encode1251(text);
  const grid = csvToGrid(bytes, 'export.csv');
  const res = runPipeline(grid, { file: 'export.csv', lang: 'ru', rates: testRates(), today: '2025-11-01' });
  if (!res.ok) throw new Error(res.problem);
  expect(res.json.rows.map((r) => [r.row, r.kind, r.name, r.KZT])).toEqual([
    [3, 'project', 'Завод "Шыны"; стекло', '1500500000.00'],
    [4, 'project', 'Склад', '200000000.00'],
    [5, 'total', 'Итого', '1700500000.00'],
  ]);
  expect(res.findings).toEqual([]);
});

test('a UTF-8 CSV with BOM, "," delimiter and a quoted field with a line break', () => {
  const text = '\ufeffProject,"Value, KZT mln",Notes\n"Plant\nphase 1",10,"see ""annex"""\nTotal,10,\n';
  const res = runPipeline(csvToGrid(new Uint8Array(Buffer.from(text, 'utf8')), 'r.csv'), { file: 'r.csv', lang: 'en', rates: testRates(), today: '2025-11-01' });
  if (!res.ok) throw new Error(res.problem);
  expect(res.json.rows.map((r) => [r.row, r.kind, r.name, r.notes])).toEqual([[2, 'project', 'Plant phase 1', 'see "annex"'], [4, 'total', 'Total', null]]);
});

/** windows-1251 bytes for Cyrillic text (Node has no encoder for it). */
function encode1251(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else if (c === 0x2116) out.push(0xb9);
    else throw new Error(`no 1251 byte for ${ch}`);
  }
  return new Uint8Array(out);
}

test('the sheet written by ExcelJS holds project names that look like formulas as text', async () => {
  const { plansToWorkbook } = await import('../../src/xlsx/write');
  const wb = plansToWorkbook([{ name: 'S', role: 't', widths: [], merges: [], rows: [[{ v: '=HYPERLINK("http://x")' }, { v: '+1+2' }, { v: '-note' }, { v: '@user' }]] }]);
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const row = back.getWorksheet('S')!.getRow(1);
  expect([1, 2, 3, 4].map((c) => row.getCell(c).value)).toEqual(['=HYPERLINK("http://x")', '+1+2', '-note', '@user']);
  expect([1, 2, 3, 4].map((c) => row.getCell(c).type)).toEqual(Array(4).fill(ExcelJS.ValueType.String));
});
