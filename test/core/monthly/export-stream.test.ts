/**
 * The ministry copy streamed (src/xlsx/stream-export.ts: the register read a row at a time, the copy
 * written by src/xlsx/ooxml-writer.ts) against the copy made in memory (openSource, runPipeline,
 * buildExport, ExcelJS's in-memory writer: src/xlsx/export.ts exportBuffer): both read back with ExcelJS
 * give the same sheets in the same order, the same cells (values, formulas and cached results, number
 * formats, fonts, fills, borders, alignment), merges, widths, heights, panes, print setup, table, sheet
 * states and protection, and the same document properties — on the sample register, on generated
 * registers (with and without --formulas, a previous month's snapshot, other heading languages) and on
 * a consolidation of two registers. Two streamed runs give the same bytes; the copy holds no hidden
 * sheet, no comment, no link and no formula unless asked.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { cellsOf, mergesOf, pageLook, tablesOf, widthsOf } from '../../support/read-back';
import { writeCsv, writeRatesCsv, writeXlsx } from '../../../bench/generate';
import { loadRates, pickSheet } from '../../../src/cli/main';
import { assembleExport, buildExport, exportInput, exportProperties, RatesUsed, type ExportOptions } from '../../../src/core/monthly/export';
import type { CellValue } from '../../../src/core/grid/grid';
import { runPipeline, type ResultJson, type ResultRowJson } from '../../../src/core/report/pipeline';
import { CELL_TEXT_MAX, type PlanCell, type SheetPlan } from '../../../src/core/report/plan';
import type { RateTable } from '../../../src/core/rates/rates';
import { makeSnapshot, type Snapshot } from '../../../src/core/monthly/snapshot';
import { StreamingRun } from '../../../src/core/report/stream';
import { exportBuffer, SHEET_PROTECTION } from '../../../src/xlsx/export';
import { plansToXlsxBytes } from '../../../src/xlsx/ooxml-writer';
import { openSource } from '../../../src/xlsx/read';
import { exportFiles } from '../../../src/xlsx/stream-export';
import { unzip } from '../../support/export-book';
import pkg from '../../../package.json';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const SAMPLE_RATES = ['09', '10', '11'].map((x) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${x}.xml`));
const ORG = 'Батыс Қазақстан облысы әкімдігінің экономика басқармасы';

jest.setTimeout(240_000);

let dir: string;
let genRates: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-export-stream-'));
  genRates = path.join(dir, 'rates.csv');
  await writeRatesCsv(genRates);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

function options(file: string, o: Partial<ExportOptions> = {}): ExportOptions {
  return {
    month: '2025-10', region: 'Батыс Қазақстан облысы', regionCode: 'BKO', organisation: ORG, version: '9.9.9', langs: ['kk', 'ru'],
    formulas: false, allowErrors: true, file: path.basename(file), reportDate: '2025-10-31', previous: null, ...o,
  };
}

// ---------------------------------------------------------------------------------------------
// A workbook as ExcelJS reads it back, normalised

type Norm = { order: string[]; props: Record<string, unknown>; sheets: Record<string, { cells: Record<string, unknown>; [k: string]: unknown }> };

async function normalise(buf: Uint8Array): Promise<Norm> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(buf) as unknown as ArrayBuffer);
  const sheets: Norm['sheets'] = {};
  for (const ws of wb.worksheets) {
    const { cells, heights } = cellsOf(ws, (c) => ({ hyperlink: c.hyperlink ?? null, note: c.note ?? null }));
    sheets[ws.name] = {
      cells,
      heights,
      state: ws.state,
      protection: (ws as unknown as { sheetProtection: unknown }).sheetProtection ?? null,
      merges: mergesOf(ws),
      widths: widthsOf(ws),
      views: (ws.views ?? []).filter((v) => v.state === 'frozen' || v.showGridLines === false).map((v) => ({ state: v.state, xSplit: (v as { xSplit?: number }).xSplit ?? 0, ySplit: (v as { ySplit?: number }).ySplit ?? 0, showGridLines: v.showGridLines !== false })),
      page: pageLook(ws),
      tables: tablesOf(ws),
    };
  }
  const p = wb;
  const props = {
    creator: p.creator, lastModifiedBy: p.lastModifiedBy, title: p.title, subject: p.subject, keywords: p.keywords, category: p.category,
    description: p.description, company: p.company, created: p.created?.toISOString(), modified: p.modified?.toISOString(),
  };
  return { order: wb.worksheets.map((w) => w.name), props, sheets };
}

/** Sheet by sheet, cell by cell, so a difference names its place; the number of cells compared. */
function expectSameBook(a: Norm, b: Norm): number {
  expect(b.order).toEqual(a.order);
  expect(b.props).toEqual(a.props);
  let cells = 0;
  for (const name of a.order) {
    const { cells: xc, ...xr } = a.sheets[name];
    const { cells: yc, ...yr } = b.sheets[name];
    expect([name, yr]).toEqual([name, xr]);
    for (const k of new Set([...Object.keys(xc), ...Object.keys(yc)])) {
      expect([`${name}!${k}`, yc[k]]).toEqual([`${name}!${k}`, xc[k]]);
      cells++;
    }
  }
  return cells;
}

/** The copy's package: every sheet visible and protected without a password; no comment, link, hidden sheet or external part; formulas only when asked. */
function expectClean(buf: Uint8Array, formulas: boolean): void {
  const entries = unzip(Buffer.from(buf));
  const names = [...entries.keys()];
  expect(names.filter((n) => /comment|vmlDrawing|externalLink|person|connections|customXml|printerSettings|drawing/i.test(n))).toEqual([]);
  expect(entries.get('xl/workbook.xml')).not.toMatch(/state="(hidden|veryHidden)"/);
  let withFormulas = 0;
  for (const [n, text] of entries) {
    if (n.endsWith('.rels')) expect([n, /TargetMode="External"|hyperlink/i.test(text)]).toEqual([n, false]);
    if (n.startsWith('xl/worksheets/sheet')) {
      expect([n, /<hyperlink/.test(text), /<sheetProtection [^>]*sheet="1"/.test(text), /hashValue|password=/.test(text)]).toEqual([n, false, true, false]);
      if (/<f>/.test(text)) withFormulas++;
    }
  }
  if (formulas) expect(withFormulas).toBeGreaterThan(0);
  else expect(withFormulas).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// The two paths

/** In memory: openSource, runPipeline, buildExport, ExcelJS. */
async function inMemory(file: string, rates: RateTable, o: ExportOptions): Promise<Uint8Array> {
  const book = await openSource(file);
  const res = runPipeline(book.grid(pickSheet(book)), { file: path.basename(file), lang: o.langs[0], rates, today: o.reportDate, date1904: book.date1904 });
  if (!res.ok) throw new Error(res.problem);
  const copy = buildExport(exportInput(res), o);
  if (!copy.ok) throw new Error('refused');
  return exportBuffer(copy.plans, copy.properties);
}

let n = 0;
async function streamed(files: { file: string; region: string | null }[], rates: RateTable, o: ExportOptions): Promise<Uint8Array> {
  const out = path.join(dir, `out-${++n}`, 'copy.xlsx');
  const res = await exportFiles(files, { ...o, rates, out });
  if (!res.ok) throw new Error('refused');
  return fs.readFile(out);
}

async function expectSame(file: string, rateFiles: string[], o: ExportOptions): Promise<{ cells: number; streamed: Uint8Array; norm: Norm }> {
  const rates = await loadRates(rateFiles);
  const a = await normalise(await inMemory(file, rates, o));
  const s = await streamed([{ file, region: null }], rates, o);
  const b = await normalise(s);
  const cells = expectSameBook(a, b);
  expectClean(s, o.formulas);
  return { cells, streamed: s, norm: b };
}

/** This month's snapshot as runPipeline gives it, under another month: a "previous" that differs only in its month (no changes) — or in its figures when `edit`. */
async function previousOf(file: string, rateFiles: string[], month: string, edit = false): Promise<Snapshot> {
  const book = await openSource(file);
  const res = runPipeline(book.grid(pickSheet(book)), { file: path.basename(file), lang: 'kk', rates: await loadRates(rateFiles), today: '2025-09-30', date1904: book.date1904 });
  if (!res.ok) throw new Error(res.problem);
  const json: ResultJson = edit
    ? { ...res.json, rows: res.json.rows.filter((r, i) => i % 7 !== 3).map((r, i) => (i % 5 === 1 && r.KZT ? { ...r, KZT: String(Number(r.KZT) + 1000) } : r)) }
    : res.json;
  const snap = makeSnapshot(json, { month, reportDate: '2025-09-30' });
  // The totals follow the projects kept (a snapshot's totals are its projects' sum).
  return edit ? makeSnapshot({ ...json, totals: sumTotals(json.rows) }, { month, reportDate: '2025-09-30' }) : snap;
}

function sumTotals(rows: ResultRowJson[]): ResultJson['totals'] {
  let kzt = 0n, cny = 0n, projects = 0;
  const minor = (s: string) => BigInt(s.replace('.', ''));
  const str = (v: bigint) => {
    const neg = v < 0n;
    const a = (neg ? -v : v).toString().padStart(3, '0');
    return `${neg ? '-' : ''}${a.slice(0, -2)}.${a.slice(-2)}`;
  };
  for (const r of rows) {
    if (r.kind !== 'project') continue;
    projects++;
    if (r.KZT) kzt += minor(r.KZT);
    if (r.CNY) cny += minor(r.CNY);
  }
  return { projects, KZT: str(kzt), CNY: str(cny) };
}

// ---------------------------------------------------------------------------------------------

describe('export streams and writes the copy the in-memory path gives', () => {
  test('the sample register, with a previous month that differs: About, the summaries, the register, the checks and Changes', async () => {
    const previous = await previousOf(SAMPLE, SAMPLE_RATES, '2025-09', true);
    const { cells, norm } = await expectSame(SAMPLE, SAMPLE_RATES, options(SAMPLE, { previous }));
    expect(cells).toBeGreaterThan(500);
    expect(norm.order[0]).toBe('Анықтама');
    expect(norm.order[norm.order.length - 1]).toBe('Өзгерістер');
    for (const s of Object.values(norm.sheets)) {
      expect(s.state).toBe('visible');
      // Locked, no password; what SHEET_PROTECTION allows stays allowed (selecting is allowed unless a "1" forbids it).
      expect(s.protection).toMatchObject({ sheet: true, formatColumns: SHEET_PROTECTION.formatColumns, formatRows: SHEET_PROTECTION.formatRows, autoFilter: SHEET_PROTECTION.autoFilter });
      expect(s.protection).not.toHaveProperty('hashValue');
      expect([(s.protection as Record<string, unknown>).selectLockedCells, (s.protection as Record<string, unknown>).selectUnlockedCells]).toEqual([undefined, undefined]);
    }
  });

  test('a generated register of a few hundred rows: kk and ru headings, values only; and the same with --formulas and Russian alone', async () => {
    const x = path.join(dir, 'gen500.xlsx');
    await writeXlsx(x, 500, { seed: 21 });
    const previous = await previousOf(x, [genRates], '2025-09', true);
    const a = await expectSame(x, [genRates], options(x, { previous, reportDate: '2025-12-31', month: '2025-12' }));
    expect(a.cells).toBeGreaterThan(500 * 10);
    await expectSame(x, [genRates], options(x, { formulas: true, langs: ['ru'], organisation: null, reportDate: '2025-12-31', month: '2025-12' }));
  });

  test('a generated Russian CSV register, headings ru then kk, no previous month', async () => {
    const c = path.join(dir, 'gen300.csv');
    await writeCsv(c, 300, { seed: 8, lang: 'ru' });
    await expectSame(c, [genRates], options(c, { langs: ['ru', 'kk'], reportDate: '2025-12-31', month: '2025-12' }));
  });

  test('two streamed runs give the same bytes', async () => {
    const x = path.join(dir, 'gen200.xlsx');
    await writeXlsx(x, 200, { seed: 4 });
    const rates = await loadRates([genRates]);
    const o = options(x, { previous: await previousOf(x, [genRates], '2025-09', true) });
    const a = await streamed([{ file: x, region: null }], rates, o);
    await new Promise((r) => setTimeout(r, 2100)); // a zip stamped with the time of writing would differ by now
    const b = await streamed([{ file: x, region: null }], rates, o);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  test('a consolidation of two registers: the streamed copy is what ExcelJS writes for the same plans', async () => {
    const a = path.join(dir, 'bko.xlsx'), b = path.join(dir, 'akt.csv');
    await writeXlsx(a, 150, { seed: 3 });
    await writeCsv(b, 90, { seed: 4, lang: 'ru' });
    const rates = await loadRates([genRates]);
    const o = options('bko.xlsx, akt.csv', { reportDate: '2025-12-31', month: '2025-12' });
    const inputs = [{ file: a, region: 'BKO' }, { file: b, region: 'AKT' }];
    const s = await streamed(inputs, rates, o);
    // The same run collected whole: its plans written by ExcelJS's in-memory writer.
    const run = new StreamingRun({ file: o.file, lang: 'kk', rates, today: o.reportDate, region: o.region, bilingual: true, consolidate: true, links: false }, {
      registerRow: (row) => void regRows.push(row),
      jsonRow: (row) => used.add(row.rates),
    });
    const regRows: (PlanCell | null)[][] = [];
    const used = new RatesUsed();
    const sheets: string[] = [];
    for (const i of inputs) {
      const book = await openSource(i.file);
      const sheet = pickSheet(book);
      sheets.push(sheet);
      const grid = book.grid(sheet);
      const input = run.beginRegister({ file: path.basename(i.file), sheet, region: i.region, date1904: book.date1904 });
      grid.values.forEach((vals, r) => input.push(new Array<CellValue>(grid.origin.col - 1).fill(null).concat(vals), grid.rowNumbers ? grid.rowNumbers[r] : r + grid.origin.row));
      expect(input.end().ok).toBe(true);
    }
    const res = run.finish();
    const register: SheetPlan = { ...res.register, rows: regRows };
    const checks: SheetPlan = { ...res.checks, rows: [...res.checksRows()] };
    const copy = assembleExport({ sheet: [...new Set(sheets)].join(', '), totals: res.totals, rates: used.list(), findings: res.findings }, [...res.summaries, register, checks], null, o);
    if (!copy.ok) throw new Error('refused');
    const norm = await normalise(s);
    expect(expectSameBook(await normalise(await exportBuffer(copy.plans, copy.properties)), norm)).toBeGreaterThan(240 * 10);
    expect(norm.order).toContain('Өңірлер бойынша');
    expectClean(s, false);
  });
});

describe('the streaming writer', () => {
  test('text is data: a formula-like string, XML\'s special characters, control characters and an over-long text come back as ExcelJS writes them', async () => {
    const long = 'ж'.repeat(CELL_TEXT_MAX + 10);
    const texts = ['=SUM(A1:A2)', '+7 701', '-5', '@x', '<b>&amp;"quoted" \'x\'</b>', 'tab\there\nnew line', 'bell\u0007 and \u0001', '  spaced  ', long, 'emoji 😀 and қазақша'];
    const plan: SheetPlan = {
      name: "Мәтін 'x' т", role: 'test', widths: [30, 12], merges: [{ top: 1, left: 1, bottom: 1, right: 2 }],
      rows: [
        [{ v: 'Title', s: 'caption' }, null],
        ...texts.map((t): (PlanCell | null)[] => [{ v: t, s: 'cell' }, { v: 1234.5, fmt: '#,##0.00', s: 'total' }]),
        [{ v: new Date(Date.UTC(2025, 9, 31)), fmt: 'dd.mm.yyyy' }, { v: true }],
        [{ v: -0.005 }, { v: 1e21 }],
      ],
      freeze: { rows: 1, cols: 0 }, print: { landscape: true, fitToWidth: true, repeatRows: { from: 1, to: 1 }, center: true }, heights: { 1: 30 }, gridlines: false,
    };
    const props = exportProperties({ month: '2025-10', region: 'R', regionCode: 'BKO', organisation: null, langs: ['kk', 'ru'] });
    const ours = plansToXlsxBytes([plan], { props, protect: true });
    const a = await normalise(await exportBuffer([plan], props));
    const b = await normalise(ours);
    expectSameBook(a, b);
    const cells = b.sheets[plan.name].cells as Record<string, { value: unknown; type: number }>;
    expect(cells.A2).toMatchObject({ value: '=SUM(A1:A2)', type: ExcelJS.ValueType.String });
    expect((cells.A10.value as string).length).toBe(CELL_TEXT_MAX);
    expect(cells.A12.value).toBe('2025-10-31T00:00:00.000Z');
  });
});

describe('the add-in\'s copy (taskpane/jobs.ts, in its worker)', () => {
  test('the register grid it holds, streamed into the writer, gives the copy the in-memory path gives, and names its sheets', async () => {
    const rateFiles = SAMPLE_RATES;
    const o = options(SAMPLE, { previous: await previousOf(SAMPLE, rateFiles, '2025-09', true), version: pkg.version });
    const expected = await normalise(await inMemory(SAMPLE, await loadRates(rateFiles), o));
    const { Jobs } = await import('../../../src/taskpane/jobs');
    const jobs = new Jobs();
    const book = await openSource(SAMPLE);
    const ref = jobs.putGrid(book.grid(pickSheet(book)), book.date1904);
    const rates = await Promise.all(rateFiles.map(async (f) => ({ kind: 'xml' as const, source: path.basename(f), text: await fs.readFile(f, 'utf8') })));
    const res = await jobs.ministry(ref.id, { file: SAMPLE, lang: 'en', today: '2025-12-31', rates }, {
      month: o.month, region: o.region, regionCode: o.regionCode, organisation: o.organisation, langs: ['kk', 'ru'], formulas: false, allowErrors: true, previous: o.previous ?? null,
    });
    if (!res.ok || !('bytes' in res)) throw new Error(JSON.stringify(res));
    const got = await normalise(new Uint8Array(res.bytes));
    expect(expectSameBook(expected, got)).toBeGreaterThan(500);
    expect(res.sheets).toEqual(got.order);
    expectClean(new Uint8Array(res.bytes), false);
  });
});
