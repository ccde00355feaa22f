/**
 * The streaming path against the in-memory one, on registers built here, the benchmark's generator
 * and the bundled sample: the rows a streamed read hands the core equal worksheetToGrid's (and
 * csvToGrid's) cells; `tizilim summarize` (which streams) writes the same JSON — rows, findings with
 * their codes, cells and order, totals — and a workbook with the same sheets, in the same order, the
 * same cells (values, formulas and cached results, formats, looks), merges, widths, heights, panes,
 * print setup, table and links as runPipeline's plans rendered by writePlansFile.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Big from 'big.js';
import ExcelJS from 'exceljs';
import { cellsOf, mergesOf, pageLook, tablesOf, widthsOf } from '../../support/read-back';
import fc from 'fast-check';
import { writeCsv, writeXlsx } from '../../../bench/generate';
import { kztToYuan } from '../../../src/core/checks/checks';
import type { CellValue, Grid } from '../../../src/core/grid/grid';
import { divRound, minorOfBig, minorString, NumberAmount, amountFacts, scaledOf, yuanMinor } from '../../../src/core/money/minor';
import { runPipeline, type PipelineOptions } from '../../../src/core/report/pipeline';
import { moneyString } from '../../../src/core/money/money';
import { makeRate } from '../../../src/core/rates/rates';
import { RegisterStream, readRegister } from '../../../src/core/register/register';
import { StreamingRun } from '../../../src/core/report/stream';
import { foldKey, PLAIN_LOWER, StringTable } from '../../../src/core/checks/stream-keys';
import { fold } from '../../../src/core/grid/text';
import { loadRates, pickSheet, run } from '../../../src/cli/main';
import { csvToGrid, openSource, worksheetToGrid } from '../../../src/xlsx/read';
import { readCsvStream, readXlsxStream } from '../../../src/xlsx/stream-read';
import { sourceKind } from '../../../src/xlsx/stream-summarize';
import { writePlansFile } from '../../../src/xlsx/write';
import { d, xlsxBuffer } from '../../support/registers';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const SAMPLE_RATES = ['09', '10', '11'].map((x) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${x}.xml`));

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-stream-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Registers built here

/** A Russian register as offices keep them: title, a merged two-row header, merged section headings, subtotals, a total, footnotes, and every kind of awkward cell. */
async function messyRegister(file: string, sheet = 'Реестр'): Promise<void> {
  await fs.writeFile(file, await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet(sheet);
    wb.addWorksheet('Пусто');
    ws.getCell('B1').value = 'Реестр инвестиционных проектов';
    ws.getCell('B2').value = 'по состоянию на 01.11.2025';
    ws.getRow(4).values = [null, '№', 'Наименование проекта', 'Инвестор', 'Стоимость проекта', null, null, 'Дата подписания', 'Статус', 'Рабочие места', 'Примечание'];
    ws.getRow(5).values = [null, null, null, null, 'млн тенге', 'тыс. юаней', 'млн USD', null, null, null, null];
    ws.mergeCells('E4:G4');
    for (const c of ['B', 'C', 'D', 'H', 'I', 'J', 'K']) ws.mergeCells(`${c}4:${c}5`);
    ws.getRow(6).values = [null, 'I. Промышленность'];
    ws.mergeCells('B6:K6');
    const date = (r: number, v: Date) => {
      ws.getCell(`H${r}`).value = v;
      ws.getCell(`H${r}`).numFmt = 'dd.mm.yyyy';
    };
    ws.getRow(7).values = [null, 1, 'Завод', 'Jiangsu Co.', 1500.5, null, null, null, 'меморандум', 40, 'note'];
    date(7, d(2025, 10, 9));
    ws.getRow(8).values = [null, 2, { richText: [{ text: 'Цех ' }, { font: { bold: true }, text: '«Ақ»' }] }, 'Nanjing', null, 10000, null, null, 'соглашение', 'около 300', null];
    date(8, d(2025, 9, 1));
    ws.getRow(9).values = [null, 3, 'Склад', 'Nanjing', '1 500,5', 250, null, null, 'строительство', null, null];
    date(9, d(2025, 10, 10));
    ws.getRow(10).values = [null, 4, 'Терминал', null, { error: '#REF!' }, null, 2, null, 'неизвестно', null, null];
    ws.getCell('H10').value = { formula: 'DATE(2025,10,27)', result: d(2025, 10, 27) } as never;
    ws.getCell('H10').numFmt = 'dd.mm.yyyy';
    ws.getRow(11).values = [null, 5, 'Завод', 'jiangsu co.', { formula: '1/0', result: { error: '#DIV/0!' } }, null, null, null, 'меморандум', 12, null];
    date(11, d(2026, 2, 1));
    ws.getRow(12).values = [null, 6, 'ТЭЦ', 'QazaqGaz АҚ', '21 млрд тг', null, null, '31.02.2025', 'Предложение', '500-ден астам жұмыс орны', null];
    ws.getRow(13).values = [null, 7, 'Мост', 'CITIC', 0.123456789, null, null, null, 'проектирование', null, null];
    date(13, d(1980, 1, 1));
    ws.getRow(14).values = [null, 8, 'Цемент', 'Lotte', { formula: 'E7*1000', result: 1500500 }, null, null, 45940, 'меморандум', null, null];
    ws.getRow(15).values = [null, null, 'Итого по разделу', null, { formula: 'SUM(E7:E14)', result: 1523523 }, { formula: 'SUM(F7:F14)', result: 10250 }];
    ws.getRow(16).values = [];
    ws.getRow(17).values = [null, 'II. Логистика'];
    ws.mergeCells('B17:K17');
    ws.getRow(18).values = [null, 9, 'Хаб', 'Nanjing Port', '≈ 300 млн теңге', null, null, null, 'на изучении', true, '  '];
    date(18, d(2025, 10, 10));
    ws.getRow(19).values = [null, 10, 'Хаб-2', 'Nanjing Port', -5, '12 млн юань', null, null, 'введен в эксплуатацию', 7, null];
    date(19, d(2025, 10, 9));
    ws.getRow(20).values = [null, null, 'Всего', null, 999, 10250];
    ws.getRow(21).values = [null, '* Источник: акимат'];
    ws.getRow(24).values = [null, null, '   '];
  }));
}

function rates() {
  return [
    makeRate('CNY', '2025-10-09', new Big('75.82'), 1, 'test-rates'),
    makeRate('CNY', '2025-10-10', new Big('76.14'), 1, 'test-rates'),
    makeRate('USD', '2025-10-10', new Big('540.17'), 1, 'test-rates'),
    makeRate('USD', '2025-10-27', new Big('539.9'), 1, 'test-rates'),
  ];
}

async function ratesFile(): Promise<string> {
  const f = path.join(dir, 'rates.csv');
  const lines = ['Күні;Валюта;Бағам;Саны', ...rates().map((r) => `${r.date.split('-').reverse().join('.')};${r.currency};${r.quoted.toFixed().replace('.', ',')};${r.quant}`)];
  await fs.writeFile(f, '\ufeff' + lines.join('\r\n') + '\r\n');
  return f;
}

// ---------------------------------------------------------------------------------------------
// A workbook as ExcelJS reads it back, everything a reader sees

interface Norm {
  order: string[];
  sheets: Record<string, unknown>;
}

async function normalise(file: string): Promise<Norm> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets: Record<string, unknown> = {};
  for (const ws of wb.worksheets) {
    const { cells, heights } = cellsOf(ws);
    sheets[ws.name] = {
      cells,
      heights,
      merges: mergesOf(ws),
      widths: widthsOf(ws),
      views: ws.views.map((v) => ({ state: v.state, xSplit: (v as { xSplit?: number }).xSplit ?? 0, ySplit: (v as { ySplit?: number }).ySplit ?? 0, showGridLines: v.showGridLines !== false })),
      page: pageLook(ws),
      tables: tablesOf(ws),
    };
  }
  return { order: wb.worksheets.map((w) => w.name), sheets };
}

/** Sheet by sheet, cell by cell, so a difference names its place. */
function expectSameBook(a: Norm, b: Norm): number {
  expect(b.order).toEqual(a.order);
  let cells = 0;
  for (const name of a.order) {
    const x = a.sheets[name] as { cells: Record<string, unknown> };
    const y = b.sheets[name] as { cells: Record<string, unknown> };
    const { cells: xc, ...xr } = x;
    const { cells: yc, ...yr } = y;
    expect([name, yr]).toEqual([name, xr]);
    const keys = new Set([...Object.keys(xc), ...Object.keys(yc)]);
    for (const k of keys) {
      expect([`${name}!${k}`, yc[k]]).toEqual([`${name}!${k}`, xc[k]]);
      cells++;
    }
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// The two paths

type Opts = Partial<PipelineOptions> & { lang: PipelineOptions['lang']; today: string; sheet?: string };

/** The in-memory path: openSource, the sheet picked, runPipeline, writePlansFile. */
async function inMemory(file: string, rateFiles: string[], o: Opts): Promise<{ json: unknown; book: Norm }> {
  const book = await openSource(file);
  const sheet = o.sheet ?? pickSheet(book);
  const res = runPipeline(book.grid(sheet), { ...o, file: path.basename(file), rates: await loadRates(rateFiles), date1904: book.date1904 });
  if (!res.ok) throw new Error(res.problem);
  const out = path.join(dir, `mem-${path.basename(file)}.xlsx`);
  await writePlansFile(res.plans, out, { title: 'T', subject: path.basename(file) });
  return { json: res.json, book: await normalise(out) };
}

/** The CLI, which streams. */
async function streamed(file: string, rateFiles: string[], o: Opts): Promise<{ json: unknown; book: Norm; code: number }> {
  const out = path.join(dir, `str-${path.basename(file)}.xlsx`);
  const json = path.join(dir, `str-${path.basename(file)}.json`);
  const code = await run(file, {
    rates: rateFiles, out, json, lang: o.lang, write: true, today: o.today, sheet: o.sheet, units: o.units, region: o.region, period: o.period, bilingual: o.bilingual,
  }, () => undefined);
  return { json: JSON.parse(await fs.readFile(json, 'utf8')), book: await normalise(out), code };
}

async function expectSame(file: string, rateFiles: string[], o: Opts): Promise<{ json: { rows: unknown[]; findings: { code: string; cell: string | null }[] }; cells: number }> {
  const a = await inMemory(file, rateFiles, o);
  const b = await streamed(file, rateFiles, o);
  expect(b.json).toEqual(a.json);
  const cells = expectSameBook(a.book, b.book);
  return { json: b.json as never, cells };
}

// ---------------------------------------------------------------------------------------------

describe('rows: a streamed read hands the core the cells worksheetToGrid and csvToGrid give', () => {
  /** The grid's cells by sheet row, as the streamed rows give them. */
  async function sameRows(file: string, sheet: string, grid: Grid) {
    const rows = new Map<number, CellValue[]>();
    const sink = { push: (v: CellValue[], r: number) => void rows.set(r, v) };
    if (file.endsWith('.csv')) await readCsvStream(file, sink);
    else await readXlsxStream(file, (s) => (s.name === sheet ? sink : null));
    const expected = new Map<number, CellValue[]>();
    grid.values.forEach((vals, r) => {
      const sheetRow = grid.rowNumbers ? grid.rowNumbers[r] : r + grid.origin.row;
      const full: CellValue[] = new Array(grid.origin.col - 1).fill(null).concat(vals);
      while (full.length && full[full.length - 1] === null) full.pop();
      expected.set(sheetRow, full);
    });
    const got = new Map([...rows].map(([r, v]) => {
      const w = v.slice();
      while (w.length && w[w.length - 1] === null) w.pop();
      return [r, w];
    }));
    expect([...got.keys()]).toEqual([...expected.keys()]);
    for (const [r, v] of expected) expect([r, got.get(r)]).toEqual([r, v]);
    return rows.size;
  }

  test('a register with a merged two-row header, dates, error cells, formulas, rich text, text figures, subtotals and a total', async () => {
    const f = path.join(dir, 'messy.xlsx');
    await messyRegister(f);
    const book = await openSource(f);
    expect(await sameRows(f, 'Реестр', book.grid('Реестр'))).toBe(24);
  });

  test('the benchmark generator\'s register, as .xlsx and as .csv', async () => {
    const x = path.join(dir, 'gen.xlsx'), c = path.join(dir, 'gen.csv');
    await writeXlsx(x, 300, { seed: 5 });
    await writeCsv(c, 300, { seed: 5 });
    const bx = await openSource(x);
    expect(await sameRows(x, bx.sheets[0], bx.grid(bx.sheets[0]))).toBe(304);
    expect(await sameRows(c, 'gen', csvToGrid(await fs.readFile(c), c))).toBe(304);
  });

  test('Cyrillic text split between two chunks of the zip reads whole (ExcelJS\'s own streaming reader decodes each chunk apart)', async () => {
    const x = path.join(dir, 'gen3000.xlsx');
    await writeXlsx(x, 3000, { seed: 11 });
    const bx = await openSource(x);
    await sameRows(x, bx.sheets[0], bx.grid(bx.sheets[0]));
    let bad = 0;
    await readXlsxStream(x, () => ({ push: (v: CellValue[]) => void (bad += v.filter((c) => typeof c === 'string' && c.includes('\ufffd')).length) }));
    expect(bad).toBe(0);
  });

  test('CSV: windows-1251, quoted fields with delimiters, doubled quotes and line breaks, a lone CR, blank lines', async () => {
    const text = 'Реестр\r\n\r\n№;Наименование проекта;Стоимость, млн тенге;Примечание\r\n1;"Завод ""Шыны""; стекло";1500,5;"строка 1\nстрока 2"\r\n2;Склад;200;\r3;"";"1 200";x""y\r\n;Итого;1700,5;\r\n\r\n';
    const bytes = Buffer.from([...text].map((ch) => {
      const c = ch.codePointAt(0)!;
      return c < 0x80 ? c : c === 0x401 ? 0xa8 : c === 0x451 ? 0xb8 : c - 0x410 + 0xc0;
    }));
    const f = path.join(dir, 'c1251.csv');
    await fs.writeFile(f, bytes);
    expect(await sameRows(f, 'c1251', csvToGrid(bytes, f))).toBeGreaterThan(5);
  });

  test('a 1904 workbook: the same calendar days', async () => {
    const f = path.join(dir, '1904.xlsx');
    await fs.writeFile(f, await xlsxBuffer((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('S');
      ws.addRows([['Project', 'Value, KZT mln', 'Date'], ['Plant', 5, d(2025, 10, 13)]]);
      ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    }));
    const book = await openSource(f);
    await sameRows(f, 'S', book.grid('S'));
  });
});

describe('summarize streams and writes what runPipeline and writePlansFile give', () => {
  test('the sample register', async () => {
    const { json, cells } = await expectSame(SAMPLE, SAMPLE_RATES, { lang: 'kk', today: '2025-10-31' });
    expect(json.rows).toHaveLength(19);
    expect(cells).toBeGreaterThan(500);
  });

  test('the messy register (the sheet picked among two): every finding code it raises, in the same cells and order', async () => {
    const f = path.join(dir, 'messy2.xlsx');
    await messyRegister(f);
    const { json } = await expectSame(f, [await ratesFile()], { lang: 'ru', today: '2025-11-01' });
    const codes = new Set(json.findings.map((x) => x.code));
    for (const c of ['CELL_ERROR', 'NUMBER_AS_TEXT', 'APPROXIMATE', 'NEGATIVE_AMOUNT', 'PRECISION', 'DATE_INVALID', 'STATUS_UNKNOWN', 'DUPLICATE_PROJECT', 'TOTAL_MISMATCH', 'RATE_MISSING']) expect([c, codes.has(c)]).toEqual([c, true]);
  });

  test('a generated register of a few hundred rows, in English, bilingual headings, billions; and the same as CSV', async () => {
    const x = path.join(dir, 'gen400.xlsx'), c = path.join(dir, 'gen400.csv');
    await writeXlsx(x, 400, { seed: 9, lang: 'ru' });
    await writeCsv(c, 400, { seed: 9, lang: 'ru' });
    const gr = path.join(dir, 'gen-rates.csv');
    const { writeRatesCsv } = await import('../../../bench/generate');
    await writeRatesCsv(gr);
    const o: Opts = { lang: 'en', today: '2025-12-31', bilingual: true, units: 'billion', region: 'West Kazakhstan' };
    const a = await expectSame(x, [gr], o);
    expect(a.json.rows).toHaveLength(401);
    await expectSame(c, [gr], o);
  });

  test('a source sheet that shares its name with the register sheet: the links in the register and the checks come out the same', async () => {
    const x = path.join(dir, 'linked.xlsx');
    await writeXlsx(x, 120, { seed: 2 });
    const gr = path.join(dir, 'gen-rates2.csv');
    const { writeRatesCsv } = await import('../../../bench/generate');
    await writeRatesCsv(gr);
    await expectSame(x, [gr], { lang: 'kk', today: '2025-12-31' });
    const norm = await normalise(path.join(dir, 'str-linked.xlsx.xlsx'));
    const reg = norm.sheets['Тізілім'] as { cells: Record<string, { value: unknown }> };
    expect(reg.cells.U5.value).toEqual({ text: 'Тізілім!B4', hyperlink: "'Тізілім'!B4" });
  });
});

describe('the streaming reader of the core', () => {
  test('a run without summaries (snapshot, changes --to) gives the same findings, totals, counts, rows and lines by status as a full run, and no summary sheets', async () => {
    const f = path.join(dir, 'messy-bare.xlsx');
    await messyRegister(f);
    const rates = await loadRates(SAMPLE_RATES);
    const book = await openSource(f);
    const sheet = pickSheet(book);
    const grid = book.grid(sheet);
    const once = (summaries: boolean | undefined) => {
      const rows: unknown[] = [];
      const run = new StreamingRun({ file: 'messy-bare.xlsx', lang: 'ru', rates, today: '2025-11-01', summaries }, { jsonRow: (r) => void rows.push(r) });
      const input = run.beginRegister({ file: 'messy-bare.xlsx', sheet, date1904: book.date1904 });
      grid.values.forEach((v, i) => input.push(new Array(grid.origin.col - 1).fill(null).concat(v), grid.rowNumbers ? grid.rowNumbers[i] : i + grid.origin.row));
      expect(input.end().ok).toBe(true);
      return { res: run.finish(), rows };
    };
    const full = once(undefined);
    const bare = once(false);
    expect(full.res.summaries.length).toBeGreaterThan(0);
    expect(bare.res.summaries).toEqual([]);
    expect(bare.rows).toEqual(full.rows);
    expect(bare.res.findings).toEqual(full.res.findings);
    expect(bare.res.findings.length).toBeGreaterThan(0);
    expect(bare.res.json).toEqual(full.res.json);
    expect(bare.res.byStatus).toEqual(full.res.byStatus);
    expect([...bare.res.checksRows()]).toEqual([...full.res.checksRows()]);
  });

  test('readRegister and RegisterStream read the same rows from a grid, including the header search past blank rows and a sheet without a header', () => {
    const values: CellValue[][] = [[null, null], ['  ', null], ...Array.from({ length: 40 }, (_, i) => (i === 31 ? ['Наименование проекта', 'Стоимость, млн тенге'] : [null, null]))];
    const grid: Grid = { sheet: 'S', origin: { row: 1, col: 1 }, values, formats: [], merges: [] };
    expect(readRegister(grid).ok).toBe(false);
    const s = new RegisterStream('S', {}, () => undefined);
    values.forEach((v, i) => s.push(v, i + 1));
    expect(s.end()).toEqual({ ok: false, problem: 'NO_HEADER' });
    const e = new RegisterStream('S', {}, () => undefined);
    e.push([null, '  '], 1);
    expect(e.end()).toEqual({ ok: false, problem: 'SHEET_EMPTY' });
  });
});

describe('exact money in minor units', () => {
  test('tenge → yuan in integers equals kztToYuan (10 truncated decimals, then rounded)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.integer({ min: 1, max: 999999 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(1, 10, 100, 1000), (kzt, q, dec, quant) => {
      const quoted = new Big(q).div(10 ** dec);
      const r = makeRate('CNY', '2025-10-10', quoted, quant, 't');
      const big = kztToYuan(new Big(minorString(kzt)), r);
      // (as written out: moneyString makes a -0 of kztToYuan 0.00)
      expect(minorString(yuanMinor(kzt, scaledOf(r.quoted), r.quant))).toBe(moneyString(big));
    }), { numRuns: 5000 });
    expect(minorString(yuanMinor(-1n, scaledOf(new Big('75.82')), 1))).toBe(moneyString(kztToYuan(new Big('-0.01'), makeRate('CNY', '2025-10-10', new Big('75.82'), 1, 't'))));
  });

  test('a number cell read as money: the same hundredths, decimals and sign as its Big', () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e16, max: 1e16 }), ...[1, 10, 100, 1000, 1e7].map((q) => fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map((n) => n / q)));
    fc.assert(fc.property(cell, fc.constantFrom(0, 3, 6, 9), (v, k) => {
      const scale = k ? new Big(10).pow(k) : undefined;
      const a = new NumberAmount(v, scale, k, 'KZT');
      const f = amountFacts(a);
      const x = a.amount;
      expect(minorString(f.minor)).toBe(minorString(minorOfBig(x)));
      expect(f.sign).toBe(x.eq(0) ? 0 : x.s);
      expect(f.decimals).toBe(Math.max(0, x.c.length - 1 - x.e));
      expect(f.approx).toBe(Number(x.toString()));
      if (!f.exact && f.sign > 0) expect(new Big(String(f.approx)).eq(x)).toBe(true);
    }), { numRuns: 20000 });
  });

  test('division rounds half away from zero', () => {
    expect([divRound(5, 10), divRound(-5, 10), divRound(4, 10), divRound(15, 10), divRound(10n ** 20n + 5n, 10n)]).toEqual([1, -1, 0, 2, 10n ** 19n + 1n]);
  });
});

describe('compact structures', () => {
  test('foldKey folds as fold does', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяәіңғүұқөһАБВӘІҢabcdexyzABCXYZ0129 .,;-«»()№%\u00a0\tİß\ud835çé漢ÀŸ') }), (s) => {
      expect(foldKey(s)).toBe(fold(s));
    }), { numRuns: 5000 });
  });

  test("foldKey's plain texts need no normalize: every pair of plain units is its own NFC form and lowers unit by unit", () => {
    const plain: number[] = [];
    for (let c = 0; c < 65536; c++) if (PLAIN_LOWER[c] !== 0) plain.push(c);
    // Latin-1 and Cyrillic, without the Cyrillic combining marks.
    expect(plain.length).toBeGreaterThan(480);
    expect(PLAIN_LOWER[0x0483]).toBe(0);
    expect(PLAIN_LOWER[0x0130]).toBe(0);
    let wrong = 0;
    for (const a of plain) {
      for (const b of plain) {
        const s = String.fromCharCode(a, b);
        if (s.normalize('NFC').toLowerCase() !== String.fromCharCode(PLAIN_LOWER[a], PLAIN_LOWER[b])) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  test('foldKey folds plain and other texts as fold does, over all plain units', () => {
    const units: string[] = [];
    for (let c = 0; c < 0x500; c++) if (PLAIN_LOWER[c] !== 0) units.push(String.fromCharCode(c));
    units.push('\u0306', '\u0483', 'İ', 'Σ', '\ud835');
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...units) }), (s) => {
      expect(foldKey(s)).toBe(fold(s));
    }), { numRuns: 5000 });
  });

  test('StringTable.internFold gives the ids intern(foldKey(…)) gives, and -1 for a text that folds to nothing', () => {
    const byFold = new StringTable(), byKey = new StringTable();
    fc.assert(fc.property(fc.string({ maxLength: 12, unit: fc.constantFrom('а', 'Ә', 'ә', 'a', 'A', 'i', ' ', '-', '«', 'İ', '\u0306', '€', '\u047f') }), (s) => {
      const key = foldKey(s);
      const id = byFold.internFold(s);
      if (!key) expect(id).toBe(-1);
      else {
        expect(id).toBe(byKey.intern(key));
        expect(byFold.added).toBe(byKey.added);
      }
    }), { numRuns: 5000 });
    expect(byFold.size).toBe(byKey.size);
  });

  test('StringTable interns exactly: equal strings one id, different strings different ids', () => {
    const t = new StringTable();
    const seen = new Map<string, number>();
    fc.assert(fc.property(fc.string({ maxLength: 8, unit: fc.constantFrom('а', 'б', 'a', 'b', 'ң', '€', ' ', '\u0400', '\u047e', '\u047f') }), (s) => {
      const id = t.intern(s);
      if (seen.has(s)) expect(id).toBe(seen.get(s));
      else {
        expect([...seen.values()]).not.toContain(id);
        seen.set(s, id);
      }
    }), { numRuns: 3000 });
  });
});

describe('which files take which path', () => {
  test('a zip or a CSV over 50 MB streams; another file over 50 MB is refused at 50 MB; anything over 2 GB at 2 GB', async () => {
    const sparse = async (name: string, size: number, head: Buffer) => {
      const f = path.join(dir, name);
      const h = await fs.open(f, 'w');
      await h.write(head, 0, head.length, 0);
      await h.truncate(size);
      await h.close();
      return f;
    };
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    expect(await sourceKind(await sparse('big.xlsx', 60 * 1024 * 1024, zip))).toBe('xlsx');
    expect(await sourceKind(await sparse('big.csv', 60 * 1024 * 1024, Buffer.from('a;b\n')))).toBe('csv');
    await expect(sourceKind(await sparse('big.xls', 60 * 1024 * 1024, Buffer.from('junk')))).rejects.toMatchObject({ problem: { key: 'FILE_TOO_LARGE', params: { limit: 50 } } });
    await expect(sourceKind(await sparse('huge.xlsx', 2 * 1024 ** 3 + 1, zip))).rejects.toMatchObject({ problem: { key: 'FILE_TOO_LARGE', params: { limit: 2048 } } });
    for (const f of await fs.readdir(dir)) if (/^(big|huge)\./.test(f)) await fs.rm(path.join(dir, f));
  });
});

test.each([[1], [2]])('worksheetToGrid stays the import of the add-in (%i)', async (n) => {
  const f = path.join(dir, `w${n}.xlsx`);
  await messyRegister(f);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(f);
  expect(worksheetToGrid(wb.getWorksheet('Реестр')!).origin).toEqual({ row: 1, col: 2 });
});
