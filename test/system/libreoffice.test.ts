/**
 * Independent verification: the CLI's summary workbook recalculated by LibreOffice Calc.
 *
 * soffice (headless, a throwaway profile with OOXMLRecalcMode = 0) loads the .xlsx, recalculates
 * every formula and saves it again; the test reads the result back and asserts that no formula gives
 * an error, that every formula's recalculated result equals the result cached in our file, and that
 * each summary figure equals a sum made here straight from the JSON rows. A scratch workbook with
 * deliberately wrong cached results proves the recalculation really happens. Without LibreOffice the
 * test fails (it says what to install), it is not skipped.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Big from 'big.js';
import ExcelJS from 'exceljs';
import { run } from '../../src/cli/main';
import { t, text, type Lang } from '../../src/core/words';
import type { ResultJson } from '../../src/core/report/pipeline';
import { sheetNames } from '../../src/core/report/summary';
import { convert, requireSoffice } from '../support/libreoffice';
import { d, xlsxBuffer } from '../support/registers';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATE_FILES = ['09', '10', '11'].map((day) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${day}.xml`));
const LO_TIMEOUT = 120_000;

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-lo-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A formula cell's result as the file holds it (ExcelJS's `value` drops a cached 0; the model keeps it). */
function result(c: ExcelJS.Cell): unknown {
  return (c as unknown as { model: { result?: unknown } }).model.result;
}

function isError(v: unknown): boolean {
  return (typeof v === 'object' && v !== null && 'error' in v) || (typeof v === 'string' && /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)/.test(v));
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 1e-12);
}

interface Verified {
  formulas: number;
  groupFigures: number;
}

/**
 * Ours against LibreOffice's: every formula cell recalculated, no errors anywhere, every result equal
 * to our cached one; then the summary tables against the JSON rows.
 */
async function verify(ours: string, lang: Lang, json: ResultJson): Promise<Verified> {
  const recalculated = await convert(ours, { to: 'xlsx', outDir: path.join(dir, `lo-${path.basename(ours, '.xlsx')}`), timeoutMs: LO_TIMEOUT });
  const a = await load(ours);
  const b = await load(recalculated);
  expect(b.worksheets.map((w) => w.name)).toEqual(a.worksheets.map((w) => w.name));

  // No error value in any cell of LibreOffice's workbook.
  const errors: string[] = [];
  b.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    const v = c.type === ExcelJS.ValueType.Formula ? result(c) : c.value;
    if (c.type === ExcelJS.ValueType.Error || isError(v)) errors.push(`${ws.name}!${c.address}: ${JSON.stringify(v)}`);
  })));
  expect(errors).toEqual([]);

  let formulas = 0;
  const mismatches: string[] = [];
  a.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    if (c.type !== ExcelJS.ValueType.Formula) return;
    formulas++;
    const cached = result(c);
    const lo = b.getWorksheet(ws.name)!.getCell(c.address);
    const got = lo.type === ExcelJS.ValueType.Formula ? result(lo) : lo.value;
    if (typeof cached !== 'number' || typeof got !== 'number' || !close(got, cached)) mismatches.push(`${ws.name}!${c.address} ${c.formula}: cached ${JSON.stringify(cached)}, LibreOffice ${JSON.stringify(got)}`);
  })));
  expect(mismatches).toEqual([]);

  // The summary tables, as LibreOffice computed them, against sums made here from the JSON rows.
  const names = sheetNames(lang);
  const status = (r: ResultJson['rows'][number]) => (r.status ? text(`status.${r.status}`, lang) : r.statusText);
  const keys: [string, (r: ResultJson['rows'][number]) => string | null, string][] = [
    [names.sector, (r) => r.sector, 'row.notStated'],
    [names.investor, (r) => r.investor, 'row.notStated'],
    [names.location, (r) => r.location, 'row.notStated'],
    [names.status, status, 'row.notStated'],
    [names.month, (r) => r.date?.slice(0, 7) ?? null, 'row.noDate'],
  ];
  const projects = json.rows.filter((r) => r.kind === 'project');
  const totalKZT = new Big(json.totals.KZT);
  const num = (c: ExcelJS.Cell) => Number(c.type === ExcelJS.ValueType.Formula ? result(c) : c.value);
  let groupFigures = 0;
  for (const [sheet, key, none] of keys) {
    const want = new Map<string, { count: number; KZT: Big; CNY: Big; jobs: number }>();
    for (const r of projects) {
      const k = (key(r) ?? '').trim().toLowerCase();
      const g = want.get(k) ?? { count: 0, KZT: new Big(0), CNY: new Big(0), jobs: 0 };
      g.count++;
      if (r.KZT !== null) g.KZT = g.KZT.plus(r.KZT);
      if (r.CNY !== null) g.CNY = g.CNY.plus(r.CNY);
      if (r.jobs !== null) g.jobs += r.jobs;
      want.set(k, g);
    }
    const ws = b.getWorksheet(sheet)!;
    const seen = new Set<string>();
    // The table starts under the header, frozen in view: row 5 under a three-row head, lower under a region's or a second language's row.
    const view = a.getWorksheet(sheet)!.views[0] as Partial<ExcelJS.WorksheetViewFrozen>;
    let r = (view.ySplit ?? 4) + 1;
    for (; ; r++) {
      const shown = String(ws.getCell(r, 1).value ?? '');
      if (shown === t('row.total', lang) || shown === '') break;
      const k = shown === text(none, lang) ? '' : shown.toLowerCase();
      const g = want.get(k);
      expect([sheet, shown, g !== undefined]).toEqual([sheet, shown, true]);
      seen.add(k);
      const got = [num(ws.getCell(r, 2)), num(ws.getCell(r, 3)), num(ws.getCell(r, 4)), num(ws.getCell(r, 6))];
      expect([sheet, shown, ...got]).toEqual([sheet, shown, g!.count, Number(g!.KZT.toFixed(2)), Number(g!.CNY.toFixed(2)), g!.jobs]);
      expect(close(num(ws.getCell(r, 5)), totalKZT.eq(0) ? 0 : g!.KZT.div(totalKZT).toNumber())).toBe(true);
      groupFigures += 5;
    }
    expect([sheet, [...seen].sort()]).toEqual([sheet, [...want.keys()].sort()]);
    // the total line and the control line (two rows below): the register's totals, and 0
    expect([sheet, num(ws.getCell(r, 2)), num(ws.getCell(r, 3)), num(ws.getCell(r, 4))]).toEqual([sheet, projects.length, Number(json.totals.KZT), Number(json.totals.CNY)]);
    expect([sheet, [2, 3, 4, 6].map((c) => num(ws.getCell(r + 2, c)))]).toEqual([sheet, [0, 0, 0, 0]]);
    groupFigures += 8;
  }
  const o = b.getWorksheet(names.overview)!;
  // The headline figures start under the head: the first cell counting the register's projects.
  let k = 1;
  while (k < 12 && !String(a.getWorksheet(names.overview)!.getCell(k, 2).formula ?? '').startsWith('COUNT(')) k++;
  expect(k).toBeLessThan(12);
  expect([num(o.getCell(k, 2)), num(o.getCell(k + 1, 2)), num(o.getCell(k + 2, 2))]).toEqual([projects.length, Number(json.totals.KZT), Number(json.totals.CNY)]);
  groupFigures += 3;
  return { formulas, groupFigures };
}

test('LibreOffice is there (the recalculation tests need it and fail without it)', () => {
  expect(requireSoffice()).toBeTruthy();
});

test('recalculation really happens: deliberately wrong cached results come back corrected', async () => {
  const scratch = path.join(dir, 'planted.xlsx');
  await fs.writeFile(scratch, await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 2;
    ws.getCell('A2').value = 3;
    ws.getCell('B1').value = { formula: 'A1+A2', result: 999 } as ExcelJS.CellFormulaValue;
    ws.getCell('C1').value = 'x';
    ws.getCell('B2').value = { formula: 'COUNTIFS(C1:C3,"=")', result: 42 } as ExcelJS.CellFormulaValue;
    ws.getCell('B3').value = { formula: 'SUMIFS(A1:A2,C1:C2,"x")', result: -1 } as ExcelJS.CellFormulaValue;
  }));
  expect(result((await load(scratch)).getWorksheet('S')!.getCell('B1'))).toBe(999);
  const out = await convert(scratch, { to: 'xlsx', outDir: path.join(dir, 'planted-out'), timeoutMs: LO_TIMEOUT });
  const ws = (await load(out)).getWorksheet('S')!;
  // and the "=" criterion counts empty cells, as the summaries' "not stated" lines rely on
  expect([result(ws.getCell('B1')), result(ws.getCell('B2')), result(ws.getCell('B3'))]).toEqual([5, 2, 2]);
}, LO_TIMEOUT + 30_000);

test('the CLI\'s workbook for the sample: every formula recalculated to its cached value and to the JSON rows', async () => {
  const out = path.join(dir, 'sample.xlsx');
  const jsonFile = path.join(dir, 'sample.json');
  const code = await run(SAMPLE, { rates: RATE_FILES, out, json: jsonFile, lang: 'kk', write: true, today: '2025-10-31', region: 'Батыс Қазақстан облысы' }, () => undefined);
  expect(code).toBe(0);
  const json = JSON.parse(await fs.readFile(jsonFile, 'utf8')) as ResultJson;
  const v = await verify(out, 'kk', json);
  console.log(`sample: ${v.formulas} formulas recalculated by LibreOffice, equal to their cached values; ${v.groupFigures} summary figures equal to the JSON rows`);
  expect(v.formulas).toBeGreaterThanOrEqual(200);
}, LO_TIMEOUT + 60_000);

test('a register of odd labels (wildcards, digits, operators, case, blanks, no dates), in Russian, bilingual: the same', async () => {
  const src = path.join(dir, 'odd.xlsx');
  await fs.writeFile(src, await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet("Проекты 'октябрь' 2025");
    ws.addRow(['Наименование проекта', 'Инвестор', 'Отрасль', 'Место реализации', 'Стоимость, млн тенге', 'Стоимость, млн юаней', 'Дата соглашения', 'Статус', 'Рабочие места']);
    const rows: ExcelJS.CellValue[][] = [
      ['=HYPERLINK("x")', 'ТОО «Агро*Холдинг»', 'Агро*комплекс', 'г. Уральск', 120.5, null, d(2025, 9, 30), 'меморандум', 40],
      ['001', '1-Строй', 'энергетика', 'г. Аксай', null, 35, d(2025, 10, 9), 'предложение', null],
      ['+1+2', 'Jiangsu Co.', 'Энергетика', 'г. Уральск', 70, null, null, 'соглашение', 12],
      ['TRUE', 'Jiangsu Co.', null, '<нет>', 5.25, null, d(2025, 10, 10), 'меморандум', 3],
      ['Проект «Береке»', 'Nanjing', 'Oct 2025', 'г. Уральск', 0.01, 12.5, d(2025, 12, 31), 'изучение', 1],
      ['Склад', 'Nanjing', 'Логистика', null, 1234.567, null, d(2026, 1, 1), 'меморандум', 7],
    ];
    for (const r of rows) ws.addRow(r);
    ws.getColumn(7).numFmt = 'dd.mm.yyyy';
  }));
  const rates = path.join(dir, 'rates.csv');
  await fs.writeFile(rates, 'Дата,Валюта,Курс\n2025-10-09,CNY,75.82\n2025-12-31,CNY,73.10\n');
  const out = path.join(dir, 'odd-summary.xlsx');
  const jsonFile = path.join(dir, 'odd.json');
  await run(src, { rates: [rates], out, json: jsonFile, lang: 'ru', write: true, today: '2026-01-31', bilingual: true, units: 'thousand' }, () => undefined);
  const json = JSON.parse(await fs.readFile(jsonFile, 'utf8')) as ResultJson;
  expect(json.totals.projects).toBe(6);
  const v = await verify(out, 'ru', json);
  console.log(`odd register: ${v.formulas} formulas recalculated by LibreOffice, equal to their cached values; ${v.groupFigures} summary figures equal to the JSON rows`);
  expect(v.formulas).toBeGreaterThanOrEqual(150);
}, LO_TIMEOUT + 60_000);

/** Each page's size in points, in the document's order (the page tree's Kids), from a PDF LibreOffice wrote. */
function pageSizes(pdf: Buffer): [number, number][] {
  const text = pdf.toString('latin1');
  const boxes = new Map<string, [number, number]>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*<<\s*\/Type\s*\/Page\b[^>]*?\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)) {
    boxes.set(m[1], [Math.round(Number(m[4]) - Number(m[2])), Math.round(Number(m[5]) - Number(m[3]))]);
  }
  const kids = /\/Type\s*\/Pages\b[\s\S]*?\/Kids\s*\[([^\]]*)\]/.exec(text);
  if (!kids) throw new Error('no page tree in the PDF');
  return [...kids[1].matchAll(/(\d+) 0 R/g)].map((k) => boxes.get(k[1]) ?? [0, 0]);
}

test('printed by LibreOffice: each summary one A4 landscape page, the Register on two A3 landscape pages', async () => {
  const out = path.join(dir, 'print.xlsx');
  const code = await run(SAMPLE, { rates: RATE_FILES, out, lang: 'kk', write: true, today: '2025-10-31', region: 'Батыс Қазақстан облысы' }, () => undefined);
  expect(code).toBe(0);
  const pdf = await convert(out, { to: 'pdf', outDir: path.join(dir, 'print-pdf'), timeoutMs: LO_TIMEOUT });
  const A4 = [842, 595];
  const A3 = [1191, 842];
  // Overview, five summaries, the Register (two pages wide: its name columns repeated on each), Checks.
  expect(pageSizes(await fs.readFile(pdf))).toEqual([A4, A4, A4, A4, A4, A4, A3, A3, A4]);
}, LO_TIMEOUT + 60_000);
