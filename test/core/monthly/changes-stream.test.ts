/**
 * Changes at scale: the compact matcher (ChangesMatcher) pairs and compares exactly as the simple,
 * whole-list one (matchProjects), on lists made to trip it (shared numbers, names, investors, numbers
 * written "5." and "№ 5", missing names); and `tizilim changes` — the previous month read a line at a
 * time, this month's register streamed, the sheet written by the streaming writer — gives the JSON and
 * the sheet the in-memory path gives, on generated registers of two months.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { changesPlan, compareSnapshots, compareSnapshotsSimple, type ChangesJson } from '../../../src/core/monthly/changes';
import type { Grid } from '../../../src/core/grid/grid';
import { runPipeline } from '../../../src/core/report/pipeline';
import { makeSnapshot, projectTotals, sealSnapshot, type Snapshot, type SnapshotProject } from '../../../src/core/monthly/snapshot';
import { loadRates } from '../../../src/cli/main';
import { openSource } from '../../../src/xlsx/read';
import { writePlansFile } from '../../../src/xlsx/write';
import { generateRows, mulberry32, writeRatesCsv } from '../../../bench/generate';
import { previousMonthRows, writeRowsXlsx } from '../../../bench/months';
import { runCli as cli } from '../../support/cli';

jest.setTimeout(300_000);

function snapshotOf(month: string, projects: SnapshotProject[]): Snapshot {
  return sealSnapshot({
    format: 'tizilim-snapshot', version: 2, month, source: { file: `${month}.xlsx`, sheet: 'S' }, reportDate: `${month}-28`, tool: null,
    totals: projectTotals(projects), findings: { error: 0, warning: 0, info: 0 }, projects,
  });
}

/** A month of projects drawn from few numbers, names and investors, so that keys collide every way. */
function month(rnd: () => number, n: number): SnapshotProject[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const names = ['Цемент зауыты', 'цемент  ЗАУЫТЫ', 'Жел станциясы', 'Logistics hub', 'Сүт зауыты', 'Ωμέγα 😀 «Ә»\u00a0— ҚҰРЫЛЫС', null];
  const investors = ['China Green', 'CHINA green', 'Nanjing Agro', null];
  const numbers = (k: number) => pick([String(k), `${k}.`, `№ ${k}`, `${k})`, null]);
  const statuses: [string | null, string | null][] = [['memorandum', 'Меморандум'], ['construction', 'Құрылыс'], [null, 'Басқа'], [null, 'басқа'], [null, null]];
  const out: SnapshotProject[] = [];
  for (let i = 0; i < n; i++) {
    const [status, statusText] = pick(statuses);
    const kzt = rnd() < 0.8 ? `${Math.floor(rnd() * 4) * 1000}.00` : null;
    const cny = rnd() < 0.4 ? `${Math.floor(rnd() * 3) * 10}.50` : null;
    out.push({
      row: i + 5, number: numbers(1 + Math.floor(rnd() * n * 0.6)), name: pick(names), investor: pick(investors), country: null, sector: null, location: null,
      status, statusText, date: pick([null, '2025-01-01', '2025-02-02']), KZT: kzt, CNY: cny,
      KZTFrom: kzt === null ? null : pick(['given', 'converted'] as const), CNYFrom: cny === null ? null : pick(['given', 'converted'] as const),
      rates: [], jobs: null, notes: null,
    });
  }
  return out;
}

test('the compact matcher pairs and compares exactly as the simple one, on months made to collide', () => {
  let pairs = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = mulberry32(seed);
    const a = month(rnd, 10 + Math.floor(rnd() * 150));
    // This month: the previous one shuffled a little, edited, some gone, some new.
    const b = a.filter(() => rnd() > 0.15).map((p) => (rnd() < 0.3 ? { ...p, KZT: p.KZT === null ? '5.00' : null, number: rnd() < 0.5 ? p.number : `${p.number ?? ''}1` } : p));
    for (let i = b.length - 1; i > 0; i--) if (rnd() < 0.2) [b[i], b[i - 1]] = [b[i - 1], b[i]];
    b.push(...month(rnd, 20));
    const from = snapshotOf('2025-09', a), to = snapshotOf('2025-10', b);
    const fast = compareSnapshots(from, to), simple = compareSnapshotsSimple(from, to);
    expect(fast).toEqual(simple);
    pairs += fast.counts.changed + fast.counts.unchanged;
  }
  expect(pairs).toBeGreaterThan(1000);
});

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-changes-stream-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function gridOf(file: string): Promise<Grid> {
  const book = await openSource(file);
  return book.grid(book.sheets[0]);
}

/** Every cell of a workbook's first sheet: its value and number format, and the sheet's widths and print titles. */
async function sheetCells(file: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const cells: unknown[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => row.eachCell({ includeEmpty: false }, (c, col) => {
    cells.push([r, col, c.value instanceof Date ? c.value.toISOString() : c.value, c.numFmt ?? null, c.font?.bold ?? false]);
  }));
  return { name: ws.name, cells, widths: ws.columns.map((c) => c.width), landscape: ws.pageSetup.orientation, titles: ws.pageSetup.printTitlesRow ?? null };
}

test('CLI changes on generated registers of two months: the same JSON and sheet as the in-memory path, from a .jsonl, a .json and a .jsonl.gz', async () => {
  const n = 3000;
  const f = (x: string) => path.join(dir, x);
  await writeRatesCsv(f('rates.csv'));
  await writeRowsXlsx(f('prev.xlsx'), previousMonthRows(n, 3));
  await writeRowsXlsx(f('cur.xlsx'), generateRows(n, 3));
  const rates = await loadRates([f('rates.csv')]);
  const inMemory = async (file: string, m: string, today: string) => {
    const res = runPipeline(await gridOf(file), { file: path.basename(file), lang: 'en', rates, today });
    if (!res.ok) throw new Error(res.problem);
    return makeSnapshot(res.json, { month: m, reportDate: today });
  };
  const expected = compareSnapshotsSimple(await inMemory(f('prev.xlsx'), '2025-11', '2025-11-30'), await inMemory(f('cur.xlsx'), '2025-12', '2025-12-31'));
  // A few percent of the projects changed, every kind.
  expect(expected.counts.added).toBeGreaterThan(5);
  expect(expected.counts.removed).toBeGreaterThan(5);
  expect(expected.changed.length).toBeGreaterThan(10);
  expect(expected.counts.unchanged).toBeGreaterThan(n * 0.9);
  await writePlansFile([changesPlan(expected, { langs: ['en'] })], f('expected.xlsx'));
  const want = JSON.parse(JSON.stringify(expected)) as ChangesJson;
  for (const snap of ['prev.jsonl', 'prev.json', 'prev.jsonl.gz']) {
    const s = await cli(['snapshot', f('prev.xlsx'), '--month', '2025-11', '--rates', f('rates.csv'), '-o', f(snap), '--lang', 'en']);
    expect([snap, s.err]).toEqual([snap, []]);
    const r = await cli(['changes', '--from', f(snap), '--to', f('cur.xlsx'), '--rates', f('rates.csv'), '--json', f('c.json'), '--out', f('c.xlsx'), '--lang', 'en']);
    expect([snap, r.code, r.err]).toEqual([snap, 0, []]);
    expect(JSON.parse(await fs.readFile(f('c.json'), 'utf8'))).toEqual(want);
    expect(await sheetCells(f('c.xlsx'))).toEqual(await sheetCells(f('expected.xlsx')));
  }
  // This month as a snapshot too (`--to` a line-per-project file).
  await cli(['snapshot', f('cur.xlsx'), '--month', '2025-12', '--rates', f('rates.csv'), '-o', f('cur.jsonl'), '--lang', 'en']);
  const r = await cli(['changes', '--from', f('prev.jsonl'), '--to', f('cur.jsonl'), '--json', f('c2.json'), '--lang', 'en']);
  expect(r.code).toBe(0);
  expect(JSON.parse(await fs.readFile(f('c2.json'), 'utf8'))).toEqual(want);
});
