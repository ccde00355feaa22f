/**
 * Drill-down from a summary figure to its register rows (src/core/report/drill.ts): every figure of
 * the summaries the CLI's `summarize` plans for the sample (and for a consolidation of two generated
 * registers) — each group's count and sums, the total and control lines, the overview's headline —
 * drilled from its formula over the register sheet's cells gives rows that add up to the figure's
 * cached value exactly; a group's rows are the register rows of that group, found here independently;
 * Excel's criteria rules (case, wildcards, blank) hold; what the tool did not write is refused.
 */
import * as path from 'path';
import Big from 'big.js';
import { loadRates } from '../../../src/cli/main';
import { columnLetters } from '../../../src/core/grid/a1';
import { dateToSerial, gridFromValues } from '../../../src/core/grid/grid';
import { runPipeline } from '../../../src/core/report/pipeline';
import type { PlanCell, SheetPlan } from '../../../src/core/report/plan';
import type { RateTable } from '../../../src/core/rates/rates';
import { StreamingRun, type StreamOptions } from '../../../src/core/report/stream';
import type { Row } from '../../../src/core/report/sheets/common';
import { REG_HEADER_ROW } from '../../../src/core/report/sheets/register';
import {
  criterionTest, drillDown, drillNeeds, excelEquals, localRefs, registerColumns, sourceCell, summaryFromArrays,
  type RegisterCells, type SummaryCells,
} from '../../../src/core/report/drill';
import { sourceKind, streamRegister } from '../../../src/xlsx/stream-summarize';
import { twoRegions } from '../../support/regions';
import { kazakhGrid, testRates } from '../../support/registers';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATE_FILES = ['09', '10', '11'].map((d) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`));

interface Pack {
  summaries: SheetPlan[];
  register: { name: string; rows: Row[] };
}

/** The plans as `tizilim summarize` makes them: each file streamed into one StreamingRun, the register sheet's rows kept. */
async function summarize(files: { file: string; region: string | null }[], rates: RateTable, o: Partial<StreamOptions> = {}): Promise<Pack> {
  const rows: Row[] = [];
  const consolidate = files.length > 1;
  const run = new StreamingRun({ file: path.basename(files[0].file), lang: 'kk', rates, today: '2025-10-31', consolidate, links: true, ...o }, { registerRow: (r) => rows.push(r) });
  for (const f of files) {
    const got = await streamRegister(f.file, await sourceKind(f.file), undefined, (sheet, date1904) => run.beginRegister({ file: path.basename(f.file), sheet, region: f.region, date1904 }), () => null);
    expect(got.input.end().ok).toBe(true);
  }
  const res = run.finish();
  return { summaries: res.summaries, register: { name: res.register.name, rows } };
}

const summaryCells = (plan: SheetPlan, values = plan.rows.map((r) => r.map((c) => c?.v ?? null))): SummaryCells =>
  summaryFromArrays(values, plan.rows.map((r) => r.map((c) => (c?.f ? `=${c.f}` : c?.v ?? null))));

const registerCells = (rows: Row[]): RegisterCells => ({
  header: (rows[REG_HEADER_ROW - 1] ?? []).map((c) => c?.v ?? null),
  cell: (r, c) => rows[r - 1]?.[c - 1]?.v ?? null,
});

/** Every figure cell of a plan: its address, the cell, and the column letter. */
function figures(plan: SheetPlan): { at: string; row: number; col: string; cell: PlanCell }[] {
  const out: { at: string; row: number; col: string; cell: PlanCell }[] = [];
  plan.rows.forEach((r, i) => r.forEach((c, j) => {
    if (c?.f) out.push({ at: `${columnLetters(j + 1)}${i + 1}`, row: i + 1, col: columnLetters(j + 1), cell: c });
  }));
  return out;
}

/** Drill every figure of the pack; returns how many figures were drilled and shares refused. */
function drillAll(pack: Pack): { drilled: number; shares: number; kinds: Record<string, number> } {
  const reg = registerCells(pack.register.rows);
  const cols = registerColumns(reg.header);
  let drilled = 0;
  let shares = 0;
  const kinds: Record<string, number> = {};
  for (const plan of pack.summaries) {
    const summary = summaryCells(plan);
    for (const f of figures(plan)) {
      const res = drillDown({ formula: `=${f.cell.f}`, value: f.cell.v, summary, registers: (s) => (s === pack.register.name ? reg : null) });
      if (f.cell.f?.startsWith('IF(')) {
        // A share divides two figures: no rows add up to it.
        expect({ at: `${plan.name}!${f.at}`, res }).toEqual({ at: `${plan.name}!${f.at}`, res: { ok: false, problem: 'SHARE' } });
        shares++;
        continue;
      }
      if (!res.ok) throw new Error(`${plan.name}!${f.at} (${f.cell.f}): ${res.problem}`);
      const cached = new Big(String(f.cell.v));
      // Exactly the cached value, not only to the tiyn.
      expect({ at: `${plan.name}!${f.at}`, total: res.total.toFixed(2), agrees: res.agrees }).toEqual({ at: `${plan.name}!${f.at}`, total: cached.toFixed(2), agrees: true });
      expect(res.total.eq(cached)).toBe(true);
      // The rows' own figures add up to the total; a count is its rows, each once (the control lines' rows cancel out).
      const sum = res.rows.reduce((a, r) => a.plus(res.kind === 'count' ? r.weight : new Big(r.figure ?? 0).times(r.weight)), new Big(0));
      expect(sum.eq(res.total)).toBe(true);
      if (res.kind === 'count' && !/-/.test(f.cell.f as string)) expect(res.rows.every((r) => r.weight === 1) && res.rows.length === f.cell.v).toBe(true);
      // The column summed is the one its header names: C tenge, D yuan, F jobs on a table; the overview's headline likewise.
      const want = { B: 'count', C: 'KZT', D: 'CNY', F: 'jobs' }[f.col];
      if (plan.role !== 'summary:overview' || f.row > 10) expect({ at: f.at, kind: res.kind }).toEqual({ at: f.at, kind: want });
      for (const r of res.rows) {
        expect(r.name).toBe(reg.cell(r.row, cols.name));
        expect(sourceCell(r.source)).not.toBeNull();
      }
      kinds[res.kind] = (kinds[res.kind] ?? 0) + 1;
      drilled++;
    }
  }
  return { drilled, shares, kinds };
}

/** A group table's lines (label and row) under its header, down to the total. */
function groupLines(plan: SheetPlan): { row: number; label: string }[] {
  const headerRow = plan.freeze?.rows ?? 4;
  const out: { row: number; label: string }[] = [];
  for (let r = headerRow; r < plan.rows.length; r++) {
    const c = plan.rows[r]?.[0];
    if (!c || c.s !== 'label') break;
    out.push({ row: r + 1, label: String(c.v) });
  }
  return out;
}

let sampleRates: RateTable;
let sample: Pack;
beforeAll(async () => {
  sampleRates = await loadRates(RATE_FILES);
  sample = await summarize([{ file: SAMPLE, region: null }], sampleRates);
}, 60000);

describe('every figure of the summaries, drilled to its rows', () => {
  test('the sample: each count and sum (groups, total and control lines, the overview) equals the sum of its rows exactly', () => {
    const n = drillAll(sample);
    // 6 sheets: overview (4 headline + status table) and five group sheets, each with groups × 4 figures + total 4 + control 4.
    expect(n.drilled).toBeGreaterThan(150);
    expect(n.kinds).toEqual(expect.objectContaining({ count: expect.any(Number), KZT: expect.any(Number), CNY: expect.any(Number), jobs: expect.any(Number) }));
    expect(n.shares).toBeGreaterThan(30);
  });

  test("a group's rows are the register rows of that group (label compared as SUMIFS does), and a month's the rows dated in it", () => {
    const reg = registerCells(sample.register.rows);
    const cols = registerColumns(reg.header);
    const projects = sample.register.rows.length - REG_HEADER_ROW;
    for (const plan of sample.summaries.filter((p) => p.role.startsWith('summary:') && p.role !== 'summary:overview')) {
      const dim = plan.role.slice('summary:'.length);
      const summary = summaryCells(plan);
      const seen = new Set<number>();
      for (const line of groupLines(plan)) {
        const countCell = plan.rows[line.row - 1][1] as PlanCell;
        const res = drillDown({ formula: `=${countCell.f}`, value: countCell.v, summary, registers: () => reg });
        if (!res.ok) throw new Error(res.problem);
        // "Not stated" (criterion "="): the rows with no value; else the rows whose value is the label, ignoring case.
        const notStated = /"="\)$/.test(countCell.f as string);
        const want: number[] = [];
        for (let r = REG_HEADER_ROW + 1; r <= REG_HEADER_ROW + projects; r++) {
          const v = reg.cell(r, cols[dim === 'month' ? 'date' : dim]);
          const key = v instanceof Date ? v.toISOString().slice(0, 7) : v === null || v === '' ? null : String(v).trim().toLowerCase();
          if (notStated ? key === null : key === line.label.toLowerCase()) want.push(r);
        }
        expect({ sheet: plan.name, label: line.label, rows: res.rows.map((x) => x.row) }).toEqual({ sheet: plan.name, label: line.label, rows: want });
        for (const x of res.rows) seen.add(x.row);
      }
      // The groups cover the register, each row once.
      expect(seen.size).toBe(projects);
    }
  });

  test('a consolidation of two generated registers (the by-region sheet too): every figure equals its rows', async () => {
    const { rates, a, b } = await twoRegions('tizilim-drill-');
    const pack = await summarize([{ file: a, region: 'Батыс Қазақстан' }, { file: b, region: 'Ақтөбе' }], await loadRates([rates]), { today: '2025-12-31' });
    expect(pack.summaries.some((p) => p.role === 'summary:region')).toBe(true);
    const n = drillAll(pack);
    expect(n.drilled).toBeGreaterThan(300);
  }, 120000);

  test('what a figure reads of its own sheet: the label it compares with, the figures a total or control line sums', () => {
    const plan = sample.summaries.find((p) => p.role === 'summary:sector') as SheetPlan;
    const f = (at: string) => `=${figures(plan).find((x) => x.at === at)?.cell.f}`;
    const lines = groupLines(plan);
    const total = lines[lines.length - 1].row + 1;
    expect(localRefs(f('C5'))).toEqual([{ r0: 5, c0: 1, r1: 5, c1: 1 }]);
    expect(localRefs(f(`C${total}`))).toEqual([{ r0: 5, c0: 3, r1: total - 1, c1: 3 }]);
    expect(localRefs(f(`C${total + 2}`))).toEqual([{ r0: total, c0: 3, r1: total, c1: 3 }]);
    expect(localRefs('=VLOOKUP(')).toEqual([]);
    expect(localRefs(5)).toEqual([]);
  });

  test('what a figure reads: the register sheet, its rows and the columns tested and summed', () => {
    const plan = sample.summaries.find((p) => p.role === 'summary:sector') as SheetPlan;
    const c = plan.rows[4][2] as PlanCell;
    const needs = drillNeeds(`=${c.f}`, summaryCells(plan));
    const cols = registerColumns(registerCells(sample.register.rows).header);
    expect(needs).toEqual({ ok: true, needs: [{ sheet: sample.register.name, first: 5, last: REG_HEADER_ROW + 16, columns: [cols.sector, cols.KZT] }] });
  });
});

describe("Excel's criteria", () => {
  test('text ignores case; * ? ~ are wildcards as in COUNTIFS; "=" only blank cells; "<>" every non-blank one; numbers with operators', () => {
    expect(criterionTest('жасыл энергетика')('Жасыл Энергетика')).toBe(true);
    expect(criterionTest('Жасыл*')('Жасыл энергетика')).toBe(true);
    expect(criterionTest('Жасыл*')('Көк энергетика')).toBe(false);
    expect(criterionTest('a?c')('ABC')).toBe(true);
    expect(criterionTest('a?c')('abbc')).toBe(false);
    expect(criterionTest('IT~*')('it*')).toBe(true);
    expect(criterionTest('IT~*')('ITX')).toBe(false);
    expect(criterionTest('a.b')('aXb')).toBe(false);
    expect(criterionTest('Тау-кен (өнд.) [1]/2+$')('тау-кен (ӨНД.) [1]/2+$')).toBe(true);
    expect(criterionTest('=')('')).toBe(true);
    expect(criterionTest('=')(null)).toBe(true);
    expect(criterionTest('=')('x')).toBe(false);
    expect(criterionTest('<>')('x')).toBe(true);
    expect(criterionTest('<>')('')).toBe(false);
    const oct = dateToSerial(new Date(Date.UTC(2025, 9, 1)));
    expect(criterionTest(`>=${oct}`)(new Date(Date.UTC(2025, 9, 1)))).toBe(true);
    expect(criterionTest(`<${oct}`)(new Date(Date.UTC(2025, 9, 1)))).toBe(false);
    expect(criterionTest(`>=${oct}`)(String(oct))).toBe(false);
    expect(excelEquals('ENERGY*', 'energy*')).toBe(true);
    expect(excelEquals('ENERGY X', 'energy*')).toBe(false);
    expect(excelEquals('', null)).toBe(true);
  });

  test('a label changed to another case or to a wildcard in the sheet: the rows follow the criterion as Excel reads it', () => {
    const plan = sample.summaries.find((p) => p.role === 'summary:sector') as SheetPlan;
    const reg = registerCells(sample.register.rows);
    const first = groupLines(plan)[0];
    const f = `=${(plan.rows[first.row - 1][1] as PlanCell).f}`;
    expect(f).toMatch(/^=COUNTIFS\(/);
    const rowsWith = (label: string) => {
      const values = plan.rows.map((r) => r.map((c) => c?.v ?? null));
      values[first.row - 1][0] = label;
      const res = drillDown({ formula: f, value: 0, summary: summaryCells(plan, values), registers: () => reg });
      if (!res.ok) throw new Error(res.problem);
      return res.rows.map((r) => r.row);
    };
    const asWritten = rowsWith(first.label);
    expect(asWritten.length).toBe((plan.rows[first.row - 1][1] as PlanCell).v);
    expect(rowsWith(first.label.toUpperCase())).toEqual(asWritten);
    // A wildcard the user typed: every sector Excel would match.
    const all = rowsWith('*');
    expect(all.length).toBe(sample.register.rows.length - REG_HEADER_ROW - rowsWith('=').length);
    expect(rowsWith(`${first.label.slice(0, 3)}*`)).toEqual(expect.arrayContaining(asWritten));
  });

  test('labels a criterion would misread (wildcards, in other case) get the exact SUMPRODUCT comparison, and the drill-down reads it exactly', () => {
    const g = kazakhGrid();
    // Sectors "Өндіріс*" twice (in two cases) and "Өндіріс X": a wildcard criterion would take all three.
    const values = g.values.map((r) => [...r]);
    values[3][3] = 'Өндіріс*';
    values[4][3] = 'ӨНДІРІС*';
    values[5][3] = 'Өндіріс X';
    const res = runPipeline(gridFromValues(g.sheet, values), { file: 't.xlsx', lang: 'kk', rates: testRates(), today: '2025-10-31' });
    if (!res.ok) throw new Error(res.problem);
    const sector = res.plans.find((p) => p.role === 'summary:sector') as SheetPlan;
    const register = res.plans.find((p) => p.role === 'register') as SheetPlan;
    const reg = registerCells(register.rows as Row[]);
    const line = groupLines(sector).find((l) => l.label.endsWith('*')) as { row: number; label: string };
    const count = sector.rows[line.row - 1][1] as PlanCell;
    expect(count.f).toMatch(/^SUMPRODUCT\(--\(/);
    expect(count.v).toBe(2);
    for (const col of [1, 2, 5]) {
      const c = sector.rows[line.row - 1][col] as PlanCell;
      const d = drillDown({ formula: `=${c.f}`, value: c.v, summary: summaryCells(sector), registers: () => reg });
      if (!d.ok) throw new Error(d.problem);
      expect(d.rows.map((r) => r.name)).toEqual(['Цемент зауыты', 'Күн станциясы']);
      expect(d.total.eq(new Big(String(c.v)))).toBe(true);
    }
  });
});

describe('what the tool did not write is refused, with the reason', () => {
  const plan = () => sample.summaries.find((p) => p.role === 'summary:sector') as SheetPlan;
  const reg = () => registerCells(sample.register.rows);
  const ask = (formula: unknown, value: unknown = 0) => drillDown({ formula, value, summary: summaryCells(plan()), registers: (s) => (s === sample.register.name ? reg() : null) });
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

  test('a figure typed in, a label, an empty cell: no formula', () => {
    expect(ask(42)).toEqual({ ok: false, problem: 'NO_FORMULA' });
    expect(ask('Жасыл энергетика')).toEqual({ ok: false, problem: 'NO_FORMULA' });
    expect(ask('')).toEqual({ ok: false, problem: 'NO_FORMULA' });
  });

  test("formulas of other shapes: not the tool's", () => {
    const r = q(sample.register.name);
    for (const f of [
      '=SUM(1,2)',
      `=VLOOKUP(A5,${r}!$A$5:$U$20,2,FALSE)`,
      `=COUNTIFS(${r}!$G$5:$G$20,"x",${r}!$H$6:$H$21,"y")`,
      `=SUMIFS(${r}!$L$5:$M$20,${r}!$G$5:$G$20,"x")`,
      `=COUNTIFS(${r}!$G$5:$G$20,"x")*2`,
      `=COUNTIFS(${r}!$G$5:$G$20,"x")+SUM(${r}!$L$5:$L$20)`,
      '=A1+',
      '=COUNTIFS(',
      `=A5`, // a label, not a figure
      `=COUNTIFS(${r}!$G$5:$G$1048577,"x")`, // past the sheet's last row
      `=SUM(${r}!$XFE$5:$XFE$20)`, // past its last column
    ]) expect({ f, res: ask(f) }).toEqual({ f, res: { ok: false, problem: 'NOT_OURS' } });
  });

  test('a share of the total: not a count or a sum of rows', () => {
    expect(ask('=IF($C$9=0,0,C5/$C$9)')).toEqual({ ok: false, problem: 'SHARE' });
  });

  test('a register sheet that is not in the workbook', () => {
    expect(ask(`=COUNTIFS('Нет такого'!$G$5:$G$20,"x")`)).toEqual({ ok: false, problem: 'NO_REGISTER', sheet: 'Нет такого' });
  });

  test('an unquoted sheet name and the register edited since: the rows are listed and the disagreement is told', () => {
    const name = sample.register.name;
    const rows = sample.register.rows.map((r) => [...r]);
    const cols = registerColumns(registerCells(rows).header);
    const f = `=SUM(${/^[\p{L}]+$/u.test(name) ? name : q(name)}!$${columnLetters(cols.KZT)}$5:$${columnLetters(cols.KZT)}$${rows.length})`;
    const before = drillDown({ formula: f, value: 151e9, summary: summaryCells(plan()), registers: () => registerCells(rows) });
    expect(before.ok && before.agrees).toBe(true);
    rows[4] = rows[4].map((c, j) => (j === cols.KZT - 1 ? { ...(c as PlanCell), v: 1 } : c));
    const after = drillDown({ formula: f, value: 151e9, summary: summaryCells(plan()), registers: () => registerCells(rows) });
    expect(after.ok && !after.agrees && after.rows.length === 16).toBe(true);
  });
});

describe('a control line drilled', () => {
  test('a register row given a sector no group has: the control line of projects lists that row once, × −1, and the sum is −1', () => {
    const plan = sample.summaries.find((p) => p.role === 'summary:sector') as SheetPlan;
    const rows = sample.register.rows.map((r) => [...r]);
    const cols = registerColumns(registerCells(rows).header);
    rows[6][cols.sector - 1] = { v: 'Жаңа сала', s: 'cell' };
    const control = figures(plan).find((f) => f.col === 'B' && /-COUNT\(/.test(f.cell.f as string)) as { cell: PlanCell };
    const stale = drillDown({ formula: `=${control.cell.f}`, value: control.cell.v, summary: summaryCells(plan), registers: () => registerCells(rows) });
    if (!stale.ok) throw new Error(stale.problem);
    expect(stale.rows.map((r) => ({ row: r.row, weight: r.weight }))).toEqual([{ row: 7, weight: -1 }]);
    expect(stale.total.toFixed()).toBe('-1');
    // The cell still shows 0 (cached before the edit): the rows and the figure disagree, and it says so.
    expect(stale.agrees).toBe(false);
    const recalculated = drillDown({ formula: `=${control.cell.f}`, value: -1, summary: summaryCells(plan), registers: () => registerCells(rows) });
    expect(recalculated.ok && recalculated.agrees).toBe(true);
  });
});
