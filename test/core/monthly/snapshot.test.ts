/** Closing the month: the snapshot of the normalised register, as JSON and as a tool-owned sheet, read back to the same data. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gridFromValues, type CellValue } from '../../../src/core/grid/grid';
import { safeSheetName, type SheetPlan } from '../../../src/core/report/plan';
import {
  isMonth, monthEnd, nextMonth, parseSnapshot, previousMonth, sealSnapshot, snapshotFromGrid, snapshotJson, snapshotPlan,
} from '../../../src/core/monthly/snapshot';
import { openSource } from '../../../src/xlsx/read';
import { monthGrid, OCTOBER, octoberSnapshot } from '../../support/report-months';
import { runCli as cli } from '../../support/cli';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATES = ['09', '10', '11'].flatMap((d) => ['--rates', path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`)]);

/** A plan's values as a plain grid, as an adapter would read the sheet back. */
function planGrid(plan: SheetPlan): ReturnType<typeof gridFromValues> {
  return gridFromValues(plan.name, plan.rows.map((r) => r.map((c) => (c ? c.v : null)) as CellValue[]));
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-snapshot-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));


test('months: YYYY-MM only; the month\'s last day; the month before', () => {
  expect(['2025-10', '2025-01', '1999-12'].every(isMonth)).toBe(true);
  expect(['2025-13', '2025-1', '2025-10-01', '', null].some(isMonth)).toBe(false);
  expect([monthEnd('2025-10'), monthEnd('2024-02'), monthEnd('2025-02')]).toEqual(['2025-10-31', '2024-02-29', '2025-02-28']);
  expect([previousMonth('2025-10'), previousMonth('2025-01')]).toEqual(['2025-09', '2024-12']);
  expect([nextMonth('2025-10'), nextMonth('2025-12'), nextMonth('2025-09')]).toEqual(['2025-11', '2026-01', '2025-10']);
  expect(() => nextMonth('2025-13')).toThrow();
});

test('a snapshot holds every project of the register with its exact figures, and the totals', () => {
  const s = octoberSnapshot();
  expect([s.format, s.version, s.month, s.source, s.reportDate, s.tool]).toEqual(['tizilim-snapshot', 2, '2025-10', { file: 'oct.xlsx', sheet: 'Тізілім 2025-10' }, '2025-10-31', 'tizilim test']);
  expect(s.projects.map((p) => [p.number, p.name, p.status, p.KZT, p.CNY, p.KZTFrom, p.CNYFrom])).toEqual([
    ['1', 'Цемент зауыты', 'construction', '12500000000.00', '164473684.21', 'given', 'converted'],
    ['2', 'Логистикалық хаб', 'proposal', '18200000000.00', '239473684.21', 'given', 'converted'],
    ['3', 'Жел электр станциясы', 'memorandum', '7600000000.00', '100000000.00', 'converted', 'given'],
    ['4', 'Сүт өңдеу зауыты', 'memorandum', '4600000000.00', '60526315.79', 'given', 'converted'],
    ['5', 'Жылыжай кешені', 'memorandum', '5000000000.00', '65945660.78', 'given', 'converted'],
  ]);
  expect(s.totals).toEqual({ projects: 5, KZT: '47900000000.00', CNY: '630419344.99' });
  expect(s.projects[2].rates).toEqual([{ currency: 'CNY', rate: '76', quoted: '76', quant: 1, date: '2025-09-15', source: 'nbk-2025-09-15.xml' }]);
});

test('JSON: written and parsed back to the same snapshot; what is not a snapshot is refused with a reason', () => {
  const s = octoberSnapshot();
  const text = snapshotJson(s);
  expect(text.endsWith('\n')).toBe(true);
  expect(parseSnapshot(text)).toEqual({ ok: true, snapshot: s });
  expect(parseSnapshot('\uFEFF' + text)).toEqual({ ok: true, snapshot: s });
  expect(parseSnapshot('{')).toMatchObject({ ok: false, reason: 'not JSON' });
  expect(parseSnapshot('{"rows": []}')).toMatchObject({ ok: false, reason: 'not a Tizilim snapshot' });
  const bad = JSON.parse(text);
  bad.projects[0].KZT = '12,5 bn';
  expect(parseSnapshot(JSON.stringify(bad))).toEqual({
    ok: false, reason: 'project 1: KZT: "12,5 bn" is not a decimal figure',
    problem: { key: 'snapshot.reason.notDecimal', params: { field: 'KZT', value: '12,5 bn', project: 1 } },
  });
  bad.projects[0].KZT = '12500000000.00';
  bad.month = '2025-10-01';
  expect(parseSnapshot(JSON.stringify(bad))).toMatchObject({ ok: false, reason: 'month: "2025-10-01" is not YYYY-MM' });
  bad.month = '2025-10';
  bad.version = 3;
  expect(parseSnapshot(JSON.stringify(bad))).toMatchObject({ ok: false });
});

test('the snapshot sheet: role "snapshot", a valid name, text cells for money and dates; read back from a plain grid to the same snapshot', () => {
  const s = octoberSnapshot();
  const plan = snapshotPlan(s);
  expect(plan.role).toBe('snapshot');
  expect(plan.name).toBe('tizilim.snapshot.2025-10');
  expect(safeSheetName(plan.name)).toBe(plan.name);
  expect(plan.rows.flat().filter((c) => c?.f !== undefined)).toEqual([]);
  const kzt = plan.rows[16][10]!;
  expect(kzt).toEqual({ v: '12500000000.00', fmt: '@' });
  expect(snapshotFromGrid(planGrid(plan))).toEqual({ ok: true, snapshot: s });
});

test('the snapshot sheet read back the way Excel may hand it over: figures as numbers, dates as dates, the month as a date, at an offset', () => {
  const s = octoberSnapshot();
  const plan = snapshotPlan(s);
  const values = plan.rows.map((r) => r.map((c) => {
    const v = c ? c.v : null;
    if (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v)) return Number(v);
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(v + 'T00:00:00Z');
    if (v === '2025-10') return new Date(Date.UTC(2025, 9, 1));
    return v;
  }) as CellValue[]);
  const grid = gridFromValues(plan.name, values, { row: 3, col: 2 });
  expect(snapshotFromGrid(grid)).toEqual({ ok: true, snapshot: s });
});

test('text that looks like a formula stays text, in the plan and back', () => {
  const o = octoberSnapshot();
  o.projects[0].name = '=HYPERLINK("http://example.com","x")';
  o.projects[0].notes = '+7 701 000 00 00';
  const s = sealSnapshot(o);
  const plan = snapshotPlan(s);
  const back = snapshotFromGrid(planGrid(plan));
  expect(back.ok && back.snapshot.projects[0].name).toBe('=HYPERLINK("http://example.com","x")');
  expect(back.ok && back.snapshot.projects[0].notes).toBe('+7 701 000 00 00');
  expect(plan.rows.flat().some((c) => c?.f)).toBe(false);
});

test('a grid that is not a snapshot sheet, or a damaged one, is refused with a reason', () => {
  expect(snapshotFromGrid(monthGrid('2025-10', OCTOBER))).toMatchObject({ ok: false, reason: 'not a Tizilim snapshot sheet' });
  const plan = snapshotPlan(octoberSnapshot());
  const grid = planGrid(plan);
  grid.values[16][10] = { error: '#REF!' };
  expect(snapshotFromGrid(grid)).toMatchObject({ ok: false, reason: 'line 17: a cell holds #REF!' });
});

test('CLI: `snapshot --month` writes the JSON (exit 0 for the sample), and a workbook for -o *.xlsx that reads back the same', async () => {
  const json = path.join(dir, 'snapshots', '2025-10.json');
  let r = await cli(['snapshot', SAMPLE, '--month', '2025-10', ...RATES, '-o', json, '--lang', 'en']);
  expect(r.code).toBe(0);
  expect(r.out[0]).toBe('Snapshot of 2025-10: 16 projects — 151,000,000,000.00 tenge; 1,987,637,483.78 yuan');
  expect(r.out[r.out.length - 1]).toBe(`Written: ${json}`);
  const parsed = parseSnapshot(await fs.readFile(json, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.reason);
  expect(parsed.snapshot.projects).toHaveLength(16);
  expect(parsed.snapshot.reportDate).toBe('2025-10-31');
  expect(parsed.snapshot.tool).toMatch(/^tizilim \d+\.\d+\.\d+/);
  const xlsx = path.join(dir, '2025-10.xlsx');
  r = await cli(['snapshot', SAMPLE, '--month', '2025-10', ...RATES, '-o', xlsx, '--lang', 'en']);
  expect(r.code).toBe(0);
  const book = await openSource(xlsx);
  expect(book.sheets).toEqual(['tizilim.snapshot.2025-10']);
  expect(snapshotFromGrid(book.grid(book.sheets[0]))).toEqual({ ok: true, snapshot: parsed.snapshot });
});

test('CLI: a month that is not YYYY-MM is refused with exit 2 and nothing written', async () => {
  const r = await cli(['snapshot', SAMPLE, '--month', '10.2025', '-o', path.join(dir, 's.json'), '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual(['The option\'s value cannot be used: --month "10.2025" (YYYY-MM). Nothing was written.']);
  expect(await fs.readdir(dir)).toEqual([]);
});

describe('a snapshot edited after it was written is refused, naming what differs', () => {
  const parsed = (o: unknown) => parseSnapshot(JSON.stringify(o));
  const json = () => JSON.parse(snapshotJson(octoberSnapshot())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  test('every snapshot carries the SHA-256 of its content, the same in the file and on the sheet', () => {
    const s = octoberSnapshot();
    expect(s.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(json().digest).toBe(s.digest);
    const back = snapshotFromGrid(planGrid(snapshotPlan(s)));
    expect(back.ok && back.snapshot.digest).toBe(s.digest);
  });

  test('a project figure edited: the totals no longer add up', () => {
    const o = json();
    o.projects[0].KZT = '13500000000.00';
    expect(parsed(o)).toMatchObject({ ok: false, reason: 'totals.KZT is 47900000000.00, but the projects add up to 48900000000.00' });
  });

  test('a figure and the total edited together: the digest no longer matches', () => {
    const o = json();
    o.projects[0].KZT = '13500000000.00';
    o.totals.KZT = '48900000000.00';
    expect(parsed(o)).toMatchObject({ ok: false, reason: 'its content was changed after it was written (the SHA-256 digest does not match)' });
  });

  test('a project removed, the count changed, a total removed, the digest removed', () => {
    const a = json();
    a.projects.pop();
    expect(parsed(a)).toMatchObject({ ok: false, reason: 'totals.projects is 5, but the projects add up to 4' });
    const b = json();
    b.totals.projects = 6;
    expect(parsed(b)).toMatchObject({ ok: false, reason: 'totals.projects is 6, but the projects add up to 5' });
    const c = json();
    delete c.totals.CNY;
    expect(parsed(c)).toMatchObject({ ok: false, reason: 'totals.CNY is missing' });
    const d = json();
    delete d.digest;
    expect(parsed(d)).toMatchObject({ ok: false, reason: 'the digest is missing' });
    const e = json();
    e.projects[1].name = 'Логистикалық хаб (2)';
    expect(parsed(e)).toMatchObject({ ok: false, reason: expect.stringContaining('digest does not match') });
  });

  test('a figure edited on the snapshot sheet is refused too', () => {
    const plan = snapshotPlan(octoberSnapshot());
    const grid = planGrid(plan);
    expect(grid.values[16][10]).toBe('12500000000.00');
    grid.values[16][10] = '12600000000.00';
    expect(grid.values[8].slice(0, 2)).toEqual(['KZT', '47900000000.00']);
    grid.values[8][1] = '48000000000.00';
    expect(snapshotFromGrid(grid)).toMatchObject({ ok: false, reason: 'its content was changed after it was written (the SHA-256 digest does not match)' });
  });

  test('a version 1 snapshot (written before digests) is still read when its totals add up, and refused when they do not', () => {
    const o = json();
    delete o.digest;
    o.version = 1;
    const ok = parsed(o);
    expect(ok.ok && [ok.snapshot.digest, ok.snapshot.totals]).toEqual([null, { projects: 5, KZT: '47900000000.00', CNY: '630419344.99' }]);
    o.projects[0].CNY = '1.00';
    expect(parsed(o)).toMatchObject({ ok: false, reason: expect.stringMatching(/^totals\.CNY is 630419344\.99, but the projects add up to /) });
  });

  test('CLI: `changes --from` a tampered snapshot exits 2, names the file and what differs, and writes nothing', async () => {
    const o = json();
    o.projects[0].KZT = '13500000000.00';
    const from = path.join(dir, '2025-10.json');
    await fs.writeFile(from, JSON.stringify(o));
    const out = path.join(dir, 'changes.xlsx');
    const r = await cli(['changes', '--from', from, '--to', SAMPLE, ...RATES, '--month', '2025-11', '--out', out, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(from);
    expect(r.err.join('\n')).toContain('totals.KZT is 47900000000.00, but the projects add up to 48900000000.00');
    await expect(fs.stat(out)).rejects.toThrow();
  });
});
