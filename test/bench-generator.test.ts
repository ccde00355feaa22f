/** The benchmark's register generator: deterministic, read back through src/xlsx and the core as planted. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COL, generateRows, HEADINGS, moneyCells, rateRows, writeCsv, writeRatesCsv, writeXlsx, type GenLang } from '../bench/generate';
import { loadRates } from '../src/cli/main';
import { runPipeline } from '../src/core/report/pipeline';
import type { RateTable } from '../src/core/rates/rates';
import { openSource } from '../src/xlsx/read';

let dir: string;
let rates: RateTable;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-bench-gen-'));
  const file = path.join(dir, 'rates.csv');
  await writeRatesCsv(file);
  rates = await loadRates([file]);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

test('the same seed gives the same rows; another seed other rows', () => {
  const a = [...generateRows(300, 42, 'kk')];
  const b = [...generateRows(300, 42, 'kk')];
  const c = [...generateRows(300, 43, 'kk')];
  expect(b).toEqual(a);
  expect(c).not.toEqual(a);
  expect(a).toHaveLength(300 + 4); // title, date line, header, 300 projects, total
  expect(a[2]).toEqual(HEADINGS.kk);
  expect(a[2]).toHaveLength(15);
  expect(moneyCells(1000, 5)).toEqual(moneyCells(1000, 5));
});

test('the same seed writes the same CSV bytes and xlsx cells', async () => {
  const f1 = path.join(dir, 'a.csv'), f2 = path.join(dir, 'b.csv');
  await writeCsv(f1, 250, { seed: 9 });
  await writeCsv(f2, 250, { seed: 9 });
  const [b1, b2] = [await fs.readFile(f1), await fs.readFile(f2)];
  expect(b1.equals(b2)).toBe(true);
  expect([...b1.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const x1 = path.join(dir, 'a.xlsx'), x2 = path.join(dir, 'b.xlsx');
  await writeXlsx(x1, 250, { seed: 9 });
  await writeXlsx(x2, 250, { seed: 9 });
  const g1 = (await openSource(x1)).grid('Тізілім');
  const g2 = (await openSource(x2)).grid('Тізілім');
  expect(g2.values).toEqual(g1.values);
  expect(g2.formats).toEqual(g1.formats);
});

test('a mix like a real register: most in tenge, about 15% in yuan only, text figures, dates 2019–2025', () => {
  const rows = [...generateRows(2000, 1, 'kk')].slice(3, -1);
  const kzt = rows.filter((r) => r[COL.KZT - 1] !== null);
  const yuanOnly = rows.filter((r) => r[COL.KZT - 1] === null && r[COL.CNY - 1] !== null);
  const both = rows.filter((r) => typeof r[COL.KZT - 1] === 'number' && typeof r[COL.CNY - 1] === 'number');
  const texts = kzt.filter((r) => typeof r[COL.KZT - 1] === 'string');
  expect(kzt.length / rows.length).toBeGreaterThan(0.75);
  expect(yuanOnly.length / rows.length).toBeGreaterThan(0.11);
  expect(yuanOnly.length / rows.length).toBeLessThan(0.19);
  expect(both.length).toBeGreaterThan(0);
  expect(texts.some((r) => /\u00a0/.test(String(r[COL.KZT - 1])))).toBe(true);
  expect(texts.some((r) => /млрд/.test(String(r[COL.KZT - 1])))).toBe(true);
  expect(texts.some((r) => /^≈ /.test(String(r[COL.KZT - 1])))).toBe(true);
  const years = new Set(rows.map((r) => r[COL.date - 1]).filter((d): d is Date => d instanceof Date).map((d) => d.getUTCFullYear()));
  expect([...years].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
});

test('the rates cover every working day of 2019–2025 for CNY and USD', () => {
  const r = rateRows();
  const cny = r.filter((x) => x.currency === 'CNY');
  expect(cny[0].date).toBe('2019-01-01');
  expect(cny[cny.length - 1].date).toBe('2025-12-31');
  expect(cny).toHaveLength(r.filter((x) => x.currency === 'USD').length);
  expect(cny.length).toBe(1827); // 2557 days from Tue 1 Jan 2019: 365 whole weeks (1825 working days) and Tue–Wed 30–31 Dec 2025
  expect(rates.lookup('CNY', '2022-06-15')?.date).toBe('2022-06-15');
});

describe.each<[string, GenLang]>([
  ['xlsx', 'kk'],
  ['csv', 'kk'],
  ['xlsx', 'ru'],
  ['csv', 'ru'],
])('read back as .%s with %s headings', (ext, lang) => {
  test('N project rows and the total; the total reconciles; the planted cells give their findings', async () => {
    const n = 400;
    const file = path.join(dir, `register-${lang}.${ext}`);
    const stats = ext === 'xlsx' ? await writeXlsx(file, n, { seed: 3, lang }) : await writeCsv(file, n, { seed: 3, lang });
    const book = await openSource(file);
    const grid = book.grid(book.sheets[0]);
    const res = runPipeline(grid, { file: path.basename(file), lang: 'kk', rates, today: '2025-12-31', date1904: book.date1904 });
    if (!res.ok) throw new Error(res.problem);
    const { register, findings } = res;
    expect(register.header.rows).toEqual([stats.headerRow]);
    // Every heading that names a field is mapped (the responsible body is deliberately left unmapped).
    expect(register.header.columns.map((c) => c.field)).toEqual(['number', 'name', 'investor', 'country', 'sector', 'location', 'KZT', 'CNY', 'date', 'status', 'jobs', 'capacity', 'timeline', 'notes']);
    expect(register.counts).toEqual({ project: n, total: 1, subtotal: 0, heading: 0, blank: 0, note: 0 });
    expect(register.rows[register.rows.length - 1]).toMatchObject({ kind: 'total', row: stats.totalRow });
    expect(stats.projects).toBe(n);
    expect(findings.filter((f) => f.code === 'TOTAL_MISMATCH')).toEqual([]);
    // The stated total is the sum of the column, in millions.
    const total = res.json.rows.find((r) => r.kind === 'total')!;
    expect(total.KZT).toBe((stats.kztTenths * 100_000).toFixed(2));
    expect(total.CNY).toBe((stats.cnyTenths * 100_000).toFixed(2));
    // 1% of the rows carry one messy cell each, of every kind.
    expect(stats.planted.map((p) => p.kind)).toEqual(['error', 'unreadable', 'status', 'date']);
    for (const p of stats.planted) {
      expect(findings.filter((f) => f.cell === p.cell).map((f) => f.code)).toContain(p.code);
    }
    const ref = stats.planted.find((p) => p.kind === 'error')!;
    expect(ref).toMatchObject({ cell: 'G41', value: '#REF!' });
    expect(findings.find((f) => f.cell === 'G41' && f.code === 'CELL_ERROR')).toMatchObject({ severity: 'error', row: 41, field: 'KZT', value: '#REF!' });
    // Nothing else is wrong: no other errors besides the planted ones and the rate a broken date cannot find.
    const plantedCells = new Set(stats.planted.map((p) => p.cell));
    const otherErrors = findings.filter((f) => f.severity === 'error' && !plantedCells.has(f.cell ?? ''));
    expect(otherErrors).toEqual([]);
  });
});
