/**
 * The Changes between two months (test/support/report-months.ts): one project added, one removed, a
 * value changed, a status changed, a currency changed from tenge to yuan — and nothing else, though
 * the numbers below the removed project all moved up.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { changesPlan, compareSnapshots, matchProjects, type ChangesJson } from '../../../src/core/monthly/changes';
import type { Grid } from '../../../src/core/grid/grid';
import { runPipeline } from '../../../src/core/report/pipeline';
import { makeSnapshot, type Snapshot } from '../../../src/core/monthly/snapshot';
import { monthGrid, monthRateFiles, monthRates, monthXlsx, OCTOBER, SEPTEMBER, type MonthRow } from '../../support/report-months';
import { runCli as cli } from '../../support/cli';

function snap(month: string, grid: Grid, file: string): Snapshot {
  const res = runPipeline(grid, { file, lang: 'en', rates: monthRates(), today: '2025-10-31' });
  if (!res.ok) throw new Error(res.problem);
  return makeSnapshot(res.json, { month, reportDate: month === '2025-09' ? '2025-09-30' : '2025-10-31' });
}

const sept = () => snap('2025-09', monthGrid('2025-09', SEPTEMBER), 'sept.xlsx');
const oct = (rows: MonthRow[] = OCTOBER) => snap('2025-10', monthGrid('2025-10', rows), 'oct.xlsx');

test('exactly the five changes: one new, one gone, a value, a status, a currency; the renumbered dairy only as renumbered', () => {
  const c = compareSnapshots(sept(), oct());
  expect(c.from).toEqual({ month: '2025-09', file: 'sept.xlsx', sheet: 'Тізілім 2025-09' });
  expect(c.to).toEqual({ month: '2025-10', file: 'oct.xlsx', sheet: 'Тізілім 2025-10' });
  expect(c.counts).toEqual({ added: 1, removed: 1, changed: 3, unchanged: 1, renumbered: 1 });
  expect(c.added.map((p) => [p.number, p.name, p.investor, p.status, p.KZT, p.CNY, p.currency])).toEqual([
    ['5', 'Жылыжай кешені', 'Nanjing Agro Tech', 'memorandum', '5000000000.00', '65945660.78', 'KZT'],
  ]);
  expect(c.removed.map((p) => [p.number, p.name, p.investor, p.status, p.KZT, p.CNY])).toEqual([
    ['2', 'Күн электр станциясы', 'China Green Power', 'memorandum', '7500000000.00', '98684210.53'],
  ]);
  expect(c.changed.map((x) => [x.from.number, x.to.number, x.to.name, x.matchedBy, x.changes])).toEqual([
    ['1', '1', 'Цемент зауыты', 'number', [{ field: 'status', from: 'memorandum', to: 'construction', fromText: 'Меморандум', toText: 'Құрылыс' }]],
    ['3', '2', 'Логистикалық хаб', 'nameInvestor', [{
      field: 'value',
      KZT: { from: '17000000000.00', to: '18200000000.00', diff: '1200000000.00' },
      CNY: { from: '223684210.53', to: '239473684.21', diff: '15789473.68' },
    }]],
    ['4', '3', 'Жел электр станциясы', 'nameInvestor', [{ field: 'currency', from: 'KZT', to: 'CNY' }]],
  ]);
  expect(c.renumbered.map((x) => [x.from.number, x.to.number, x.to.name, x.matchedBy])).toEqual([['5', '4', 'Сүт өңдеу зауыты', 'nameInvestor']]);
  expect(c.totals).toEqual({
    from: { projects: 5, KZT: '49200000000.00', CNY: '647368421.06' },
    to: { projects: 5, KZT: '47900000000.00', CNY: '630419344.99' },
    diff: { projects: 0, KZT: '-1300000000.00', CNY: '-16949076.07' },
  });
});

test('matching: by number when number, name and investor agree; by name and investor when the number moved; a freed number taken by another project is no match', () => {
  const a = sept().projects, b = oct().projects;
  expect(matchProjects(a, b).map((m) => [a[m.a].number, b[m.b].number, m.rule])).toEqual([
    ['1', '1', 'number'], ['3', '2', 'nameInvestor'], ['4', '3', 'nameInvestor'], ['5', '4', 'nameInvestor'],
  ]);
  // October's new greenhouse takes №2, the number the solar plant left: still one new and one gone.
  const taken = OCTOBER.map((r) => (r[1] === 'Жылыжай кешені' ? ([2, ...r.slice(1)] as MonthRow) : r));
  const c = compareSnapshots(sept(), oct(taken));
  expect([c.added.map((p) => p.name), c.removed.map((p) => p.name)]).toEqual([['Жылыжай кешені'], ['Күн электр станциясы']]);
});

test('a name edited in place is matched by number and shown as a change; so is a date', () => {
  const rows = OCTOBER.map((r): MonthRow => (r[0] === 1 ? [1, 'Цемент зауыты, 1-кезең', r[2], r[3], r[4], r[5], new Date(Date.UTC(2025, 9, 9)), 'Меморандум'] : r));
  const c = compareSnapshots(sept(), oct(rows));
  const cement = c.changed.find((x) => x.from.number === '1')!;
  expect(cement.matchedBy).toBe('number');
  expect(cement.changes).toEqual([
    { field: 'name', from: 'Цемент зауыты', to: 'Цемент зауыты, 1-кезең' },
    // The date moved to 9 October, when yuan is 75.82: the converted yuan figure moves with it.
    { field: 'value', KZT: { from: '12500000000.00', to: '12500000000.00', diff: '0.00' }, CNY: { from: '164473684.21', to: '164864151.94', diff: '390467.73' } },
    { field: 'date', from: '2025-09-15', to: '2025-10-09' },
  ]);
});

test('the same month against itself: no changes', () => {
  const c = compareSnapshots(oct(), oct());
  expect(c.counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 5, renumbered: 0 });
  const plan = changesPlan(c, { langs: ['en'] });
  expect(plan.rows.flat().some((x) => x?.v === 'No changes.')).toBe(true);
});

type Cell = string | number | boolean | Date | null;

/** The Changes sheet's change lines as plain values (from the header row "Change" down to the first empty row). */
function changeLines(rows: Cell[][], header: string): Cell[][] {
  const h = rows.findIndex((r) => r[0] === header);
  const out: Cell[][] = [];
  for (let i = h + 1; i < rows.length && rows[i].some((v) => v !== null && v !== undefined); i++) out.push(rows[i]);
  return out;
}

const EXPECTED_LINES_EN = [
  ['new project', null, '5', 'Жылыжай кешені', 'Nanjing Agro Tech', null, null, 'memorandum', null, 5000000000, null, null, 65945660.78, null],
  ['no longer in the register', '2', null, 'Күн электр станциясы', 'China Green Power', null, 'memorandum', null, 7500000000, null, null, 98684210.53, null, null],
  ['status changed', '1', '1', 'Цемент зауыты', 'Jiangsu Cement Co.', 'matched by number', 'memorandum', 'construction', null, null, null, null, null, null],
  ['value changed', '3', '2', 'Логистикалық хаб', 'Nanjing Port Logistics', 'by name and investor', null, null, 17000000000, 18200000000, 1200000000, 223684210.53, 239473684.21, 15789473.68],
  ['currency changed', '4', '3', 'Жел электр станциясы', 'Nanjing New Energy', 'by name and investor', 'in tenge', 'in yuan', null, null, null, null, null, null],
];

test('the Changes sheet lists exactly these, each with its matching rule; the totals then, now and their difference', () => {
  const c = compareSnapshots(sept(), oct());
  const plan = changesPlan(c, { langs: ['en'] });
  expect(plan.role).toBe('changes');
  expect(plan.name).toBe('Changes');
  const rows = plan.rows.map((r) => Array.from({ length: 14 }, (_, i) => r[i]?.v ?? null));
  expect(changeLines(rows, 'Change')).toEqual(EXPECTED_LINES_EN);
  expect(changeLines(rows, 'Indicator')).toEqual([
    ['Projects', 5, 5, 0, ...Array(10).fill(null)],
    ['Total value, tenge', 49200000000, 47900000000, -1300000000, ...Array(10).fill(null)],
    ['Total value, yuan', 647368421.06, 630419344.99, -16949076.07, ...Array(10).fill(null)],
  ]);
  expect(rows.some((r) => r[0] === 'renumbered' && r[1] === '5' && r[2] === '4')).toBe(true);
  expect(plan.rows.flat().some((x) => x?.f)).toBe(false);
  // Headings in two languages, one line each; formulas for the differences when asked.
  const bi = changesPlan(c, { langs: ['kk', 'ru'], formulas: true });
  expect(bi.name).toBe('Өзгерістер');
  expect(bi.rows.flat().some((x) => x?.v === 'Өзгеріс\nИзменение')).toBe(true);
  const diffs = bi.rows.flat().filter((x) => x?.f);
  expect(diffs.length).toBe(3 + 2);
  expect(diffs.every((x) => /^[A-Z]+\d+-[A-Z]+\d+$/.test(x!.f!))).toBe(true);
});

describe('CLI', () => {
  let dir: string;
  let rates: string[];
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-changes-'));
    await fs.writeFile(path.join(dir, 'sept.xlsx'), await monthXlsx('2025-09', SEPTEMBER));
    await fs.writeFile(path.join(dir, 'oct.xlsx'), await monthXlsx('2025-10', OCTOBER));
    rates = [];
    for (const [name, xml] of monthRateFiles()) {
      await fs.writeFile(path.join(dir, name), xml);
      rates.push('--rates', path.join(dir, name));
    }
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));


  test('snapshot September, then `changes --from` it `--to` the October register: the JSON and the sheet list exactly these', async () => {
    const f = (n: string) => path.join(dir, n);
    let r = await cli(['snapshot', f('sept.xlsx'), '--month', '2025-09', ...rates, '-o', f('2025-09.json'), '--lang', 'en']);
    expect(r.code).toBe(0);
    r = await cli(['changes', '--from', f('2025-09.json'), '--to', f('oct.xlsx'), ...rates, '--out', f('changes.xlsx'), '--json', f('changes.json'), '--lang', 'en']);
    expect([r.code, r.err]).toEqual([0, []]);
    expect(r.out.slice(0, 7)).toEqual([
      'Changes 2025-09 → 2025-10: 1 new, 1 removed, 3 changed, 1 unchanged',
      '  Totals: 5 → 5 projects; 49,200,000,000.00 → 47,900,000,000.00 tenge (difference -1,300,000,000.00); 647,368,421.06 → 630,419,344.99 yuan (difference -16,949,076.07)',
      '  + new project: №5 Жылыжай кешені — 5,000,000,000.00 KZT',
      '  − no longer in the register: №2 Күн электр станциясы — 7,500,000,000.00 KZT',
      '  ~ status changed: №1 Цемент зауыты (matched by number): memorandum → construction',
      '  ~ value changed: №2 Логистикалық хаб (by name and investor): 17,000,000,000.00 → 18,200,000,000.00 KZT; 223,684,210.53 → 239,473,684.21 CNY',
      '  ~ currency changed: №3 Жел электр станциясы (by name and investor): in tenge → in yuan',
    ]);
    const json = JSON.parse(await fs.readFile(f('changes.json'), 'utf8')) as ChangesJson;
    // The CLI reads the files as the core reads the grids: the same changes to the tiyn.
    const expected = compareSnapshots(sept(), oct());
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f('changes.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Changes']);
    const ws = wb.worksheets[0];
    const rows: Cell[][] = [];
    for (let i = 1; i <= ws.rowCount; i++) rows.push(Array.from({ length: 14 }, (_, c) => (ws.getCell(i, c + 1).value as string | number | null) ?? null));
    expect(changeLines(rows, 'Change')).toEqual(EXPECTED_LINES_EN);
  });

  test('`--to` a snapshot, and `--from` a snapshot workbook, give the same JSON', async () => {
    const f = (n: string) => path.join(dir, n);
    await cli(['snapshot', f('sept.xlsx'), '--month', '2025-09', ...rates, '-o', f('2025-09.xlsx'), '--lang', 'en']);
    await cli(['snapshot', f('oct.xlsx'), '--month', '2025-10', ...rates, '-o', f('2025-10.json'), '--lang', 'en']);
    const r = await cli(['changes', '--from', f('2025-09.xlsx'), '--to', f('2025-10.json'), '--json', f('c2.json'), '--lang', 'kk']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('Өзгерістер, 2025-09 → 2025-10: жаңа 1, шыққан 1, өзгерген 3, өзгеріссіз 1');
    expect(JSON.parse(await fs.readFile(f('c2.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(compareSnapshots(sept(), oct()))));
  });

  test('`--from` that is not a snapshot, or missing: exit 2 with the file named, nothing written', async () => {
    const f = (n: string) => path.join(dir, n);
    let r = await cli(['changes', '--from', f('sept.xlsx'), '--to', f('oct.xlsx'), '--json', f('never.json'), '--lang', 'en']);
    expect([r.code, r.err]).toEqual([2, [`${f('sept.xlsx')}: not a register snapshot, or it cannot be read: no snapshot sheet in the workbook. Nothing was written.`]]);
    await fs.writeFile(f('broken.json'), '{"format": "tizilim-snapshot", "version": 1, "month": "2025-09", "projects": [{"KZT": "a lot"}]}');
    r = await cli(['changes', '--from', f('broken.json'), '--to', f('oct.xlsx'), '--json', f('never.json'), '--lang', 'ru']);
    expect([r.code, r.err]).toEqual([2, [`${f('broken.json')}: это не снимок реестра, или он не читается: проект 1: KZT: «a lot» не десятичное число. Ничего не записано.`]]);
    r = await cli(['changes', '--from', f('nope.json'), '--to', f('oct.xlsx'), '--lang', 'en']);
    expect([r.code, r.err]).toEqual([2, [`${f('nope.json')}: file not found.`]]);
    await expect(fs.access(f('never.json'))).rejects.toThrow();
  });
});
