/**
 * Sheet plans for the monthly pack: the normalised register (an Excel table), the overview, the
 * summary by sector and the checks list. Summary figures are live SUMIFS/COUNTIFS formulas over the
 * register sheet, cached with results computed here exactly, so any reader shows them and Excel or
 * LibreOffice recalculates them to the same values.
 */
import Big from 'big.js';
import type { CheckResult, Provenance, RowFigures } from './checks';
import { findingMessage, type Finding } from './findings';
import { columnLetter, type Grid } from './grid';
import { fill, word, type Lang } from './i18n';
import { label } from './labels';
import { safeSheetName, sheetRef, type PlanCell, type PlanValue, type SheetPlan } from './plan';
import type { Register, RegisterRow } from './register';

/** Locale-neutral number formats: Excel shows "1 234,50" in a Kazakh or Russian locale; no yen sign for yuan. */
export const FMT = {
  money: '#,##0.00',
  tenge: '#,##0.00 [$₸-43F]',
  yuan: '#,##0.00 "CNY"',
  millions: '#,##0.0,,',
  count: '0',
  share: '0.0%',
  rate: '#,##0.0000',
  date: 'dd.mm.yyyy',
  text: '@',
} as const;

export interface SummaryOptions {
  lang: Lang;
  /** The source file's name, shown on the sheets. */
  file: string;
  /** The report's date (ISO), shown in titles. */
  reportDate: string;
}

export interface SummaryInput {
  register: Register;
  check: CheckResult;
  findings: Finding[];
}

/** A column of the normalised register sheet. */
interface RegColumn {
  key: string;
  width: number;
  fmt?: string;
  get: (row: RegisterRow, fig: RowFigures | undefined, i: number) => PlanValue;
  link?: (row: RegisterRow) => string | undefined;
}

function num(x: Big | null | undefined): number | null {
  return x === null || x === undefined ? null : Number(x.toFixed(2));
}

function isoToDate(iso: string): Date {
  return new Date(iso + 'T00:00:00Z');
}

function statusLabel(row: RegisterRow, lang: Lang): string | null {
  return row.status ? label(`status.${row.status}`, lang) : row.statusText;
}

function firstRate(fig: RowFigures | undefined): Provenance | undefined {
  return fig?.rates[0];
}

function registerColumns(reg: Register, lang: Lang): RegColumn[] {
  const sourceName = reg.sheet;
  return [
    { key: 'no', width: 5, fmt: FMT.count, get: (_r, _f, i) => i + 1 },
    { key: 'sourceRow', width: 8, fmt: FMT.count, get: (r) => r.row },
    { key: 'number', width: 8, get: (r) => r.number },
    { key: 'name', width: 44, get: (r) => r.name },
    { key: 'investor', width: 30, get: (r) => r.investor },
    { key: 'country', width: 12, get: (r) => r.country },
    { key: 'sector', width: 22, get: (r) => r.sector },
    { key: 'location', width: 24, get: (r) => r.location },
    { key: 'status', width: 16, get: (r) => statusLabel(r, lang) },
    { key: 'statusText', width: 18, get: (r) => r.statusText },
    { key: 'date', width: 12, fmt: FMT.date, get: (r) => (r.date.ok ? isoToDate(r.date.iso) : null) },
    { key: 'KZT', width: 24, fmt: FMT.tenge, get: (_r, f) => num(f?.KZT) },
    { key: 'CNY', width: 22, fmt: FMT.yuan, get: (_r, f) => num(f?.CNY) },
    { key: 'KZTFrom', width: 14, get: (_r, f) => (f?.KZTFrom ? label(`from.${f.KZTFrom}`, lang) : null) },
    { key: 'rate', width: 12, fmt: FMT.rate, get: (_r, f) => { const p = firstRate(f); return p ? Number(p.rate.toFixed()) : null; } },
    { key: 'rateCurrency', width: 10, get: (_r, f) => firstRate(f)?.currency ?? null },
    { key: 'rateDate', width: 12, fmt: FMT.date, get: (_r, f) => { const p = firstRate(f); return p ? isoToDate(p.date) : null; } },
    { key: 'rateSource', width: 24, get: (_r, f) => firstRate(f)?.source ?? null },
    { key: 'jobs', width: 10, fmt: FMT.count, get: (r) => r.jobs },
    { key: 'notes', width: 36, get: (r) => r.notes },
    { key: 'source', width: 16, get: (r) => `${sourceName}!${r.address.name ?? 'A' + r.row}`, link: (r) => sheetRef(sourceName, r.address.name ?? `A${r.row}`) },
  ];
}

/** Where the register sheet keeps each column and its data rows, for the summaries' formulas. */
export interface RegisterLayout {
  sheet: string;
  first: number;
  last: number;
  col: Record<string, string>;
}

const REG_HEADER_ROW = 4;

function cell(v: PlanValue, extra: Partial<PlanCell> = {}): PlanCell {
  return { v, ...extra };
}

export function sheetNames(lang: Lang): { register: string; overview: string; sector: string; checks: string } {
  return {
    register: safeSheetName(label('sheet.register', lang)),
    overview: safeSheetName(label('sheet.overview', lang)),
    sector: safeSheetName(label('sheet.sector', lang)),
    checks: safeSheetName(label('sheet.checks', lang)),
  };
}

export function registerSheet(input: SummaryInput, opts: SummaryOptions): { plan: SheetPlan; layout: RegisterLayout } {
  const { register: reg, check } = input;
  const { lang } = opts;
  const names = sheetNames(lang);
  const cols = registerColumns(reg, lang);
  const projects = reg.rows.filter((r) => r.kind === 'project');
  const rows: (PlanCell | null)[][] = [];
  rows.push([cell(label('title.register', lang), { s: 'title' })]);
  rows.push([cell(`${label('source', lang)}: ${opts.file} — ${reg.sheet}`, { s: 'subtitle' })]);
  rows.push([cell(label('unit.whole', lang), { s: 'unit' })]);
  rows.push(cols.map((c) => cell(label(`col.${c.key}`, lang), { s: 'header' })));
  projects.forEach((r, i) => {
    const fig = check.figures.get(r.row);
    rows.push(cols.map((c) => {
      const v = c.get(r, fig, i);
      const pc: PlanCell = { v, s: 'cell' };
      if (c.fmt) pc.fmt = c.fmt;
      const l = c.link?.(r);
      if (l) pc.link = l;
      return pc;
    }));
  });
  const first = REG_HEADER_ROW + 1;
  const last = REG_HEADER_ROW + Math.max(projects.length, 1);
  const col: Record<string, string> = {};
  cols.forEach((c, i) => (col[c.key] = columnLetter(i + 1)));
  const plan: SheetPlan = {
    name: names.register,
    role: 'register',
    widths: cols.map((c) => c.width),
    rows,
    merges: [],
    freeze: { rows: REG_HEADER_ROW, cols: 4 },
    print: { landscape: true, fitToWidth: true, repeatRows: { from: REG_HEADER_ROW, to: REG_HEADER_ROW } },
  };
  if (projects.length > 0) plan.table = { name: 'TizilimRegister', top: REG_HEADER_ROW, left: 1, bottom: last, right: cols.length };
  return { plan, layout: { sheet: names.register, first, last, col } };
}

/** A case-insensitive group key, as SUMIFS compares text. */
function groupKey(s: string | null): string {
  return s === null ? '' : s.trim().toLocaleLowerCase();
}

/** Can this label go into SUMIFS as a criterion without meaning something else (wildcards, operators)? */
function safeCriterion(s: string): boolean {
  return !/[*?~]/.test(s) && !/^[<>=]/.test(s);
}

interface Group { label: string | null; count: number; KZT: Big; CNY: Big; jobs: number }

function groupRows(reg: Register, check: CheckResult, keyOf: (r: RegisterRow) => string | null): Group[] {
  const groups = new Map<string, Group>();
  for (const r of reg.rows) {
    if (r.kind !== 'project') continue;
    const l = keyOf(r);
    const k = groupKey(l);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { label: l, count: 0, KZT: new Big(0), CNY: new Big(0), jobs: 0 }));
    const fig = check.figures.get(r.row);
    g.count++;
    if (fig?.KZT) g.KZT = g.KZT.plus(fig.KZT);
    if (fig?.CNY) g.CNY = g.CNY.plus(fig.CNY);
    if (r.jobs !== null) g.jobs += r.jobs;
  }
  // Largest tenge first; the unnamed group last; ties by label for a stable order.
  return [...groups.values()].sort((a, b) =>
    (a.label === null ? 1 : 0) - (b.label === null ? 1 : 0) || b.KZT.cmp(a.KZT) || String(a.label).localeCompare(String(b.label)));
}

function rangeOf(layout: RegisterLayout, key: string): string {
  const c = layout.col[key];
  return sheetRef(layout.sheet, `$${c}$${layout.first}:$${c}$${layout.last}`);
}

/** COUNTIFS/SUMIFS for a group whose label sits in `labelCell`; exact-match SUMPRODUCT where SUMIFS would read wildcards. */
function groupFormulas(layout: RegisterLayout, groupCol: string, g: Group, labelCell: string) {
  const crit = rangeOf(layout, groupCol);
  if (g.label === null) {
    return {
      count: `COUNTIFS(${crit},"=")`,
      sum: (k: string) => `SUMIFS(${rangeOf(layout, k)},${crit},"=")`,
    };
  }
  if (safeCriterion(g.label)) {
    return {
      count: `COUNTIFS(${crit},${labelCell})`,
      sum: (k: string) => `SUMIFS(${rangeOf(layout, k)},${crit},${labelCell})`,
    };
  }
  return {
    count: `SUMPRODUCT(--(${crit}=${labelCell}))`,
    sum: (k: string) => `SUMPRODUCT(--(${crit}=${labelCell}),${rangeOf(layout, k)})`,
  };
}

function ratio(a: Big, b: Big): number {
  return b.eq(0) ? 0 : Number(a.div(b).toFixed(12));
}

/** A summary table by one grouping column of the register: count, tenge, yuan, share, jobs, total, control. */
export function groupSheet(
  input: SummaryInput, opts: SummaryOptions, layout: RegisterLayout,
  spec: { name: string; role: string; titleKey: string; groupCol: string; groupLabelKey: string; keyOf: (r: RegisterRow) => string | null },
): SheetPlan {
  const { lang } = opts;
  const groups = groupRows(input.register, input.check, spec.keyOf);
  const header = ['col.' + spec.groupLabelKey, 'col.projects', 'col.sumKZT', 'col.sumCNY', 'col.share', 'col.jobs'];
  const rows: (PlanCell | null)[][] = [];
  rows.push([cell(label(spec.titleKey, lang), { s: 'title' })]);
  rows.push([cell(`${label('source', lang)}: ${opts.file} — ${input.register.sheet}; ${opts.reportDate}`, { s: 'subtitle' })]);
  rows.push([cell(label('unit.mln', lang), { s: 'unit' })]);
  const headerRow = 4;
  rows.push(header.map((k) => cell(label(k, lang), { s: 'header' })));
  const first = headerRow + 1;
  const totalRow = first + groups.length;
  let total = { count: 0, KZT: new Big(0), CNY: new Big(0), jobs: 0 };
  for (const g of groups) total = { count: total.count + g.count, KZT: total.KZT.plus(g.KZT), CNY: total.CNY.plus(g.CNY), jobs: total.jobs + g.jobs };
  groups.forEach((g, i) => {
    const r = first + i;
    const f = groupFormulas(layout, spec.groupCol, g, `$A${r}`);
    rows.push([
      cell(g.label ?? label('row.notStated', lang), { s: 'cell' }),
      cell(g.count, { f: f.count, fmt: FMT.count, s: 'cell' }),
      cell(num(g.KZT), { f: f.sum('KZT'), fmt: FMT.millions, s: 'cell' }),
      cell(num(g.CNY), { f: f.sum('CNY'), fmt: FMT.millions, s: 'cell' }),
      cell(ratio(g.KZT, total.KZT), { f: `IF($C$${totalRow}=0,0,C${r}/$C$${totalRow})`, fmt: FMT.share, s: 'cell' }),
      cell(g.jobs, { f: f.sum('jobs'), fmt: FMT.count, s: 'cell' }),
    ]);
  });
  const sumCol = (c: string) => (groups.length ? `SUM(${c}${first}:${c}${totalRow - 1})` : '0');
  rows.push([
    cell(label('row.total', lang), { s: 'total' }),
    cell(total.count, { f: sumCol('B'), fmt: FMT.count, s: 'total' }),
    cell(num(total.KZT), { f: sumCol('C'), fmt: FMT.millions, s: 'total' }),
    cell(num(total.CNY), { f: sumCol('D'), fmt: FMT.millions, s: 'total' }),
    cell(total.KZT.eq(0) ? 0 : 1, { f: `IF($C$${totalRow}=0,0,C${totalRow}/$C$${totalRow})`, fmt: FMT.share, s: 'total' }),
    cell(total.jobs, { f: sumCol('F'), fmt: FMT.count, s: 'total' }),
  ]);
  rows.push([]);
  rows.push([
    cell(label('row.control', lang), { s: 'control' }),
    cell(0, { f: `B${totalRow}-COUNT(${rangeOf(layout, 'no')})`, fmt: FMT.count, s: 'control' }),
    cell(0, { f: `C${totalRow}-SUM(${rangeOf(layout, 'KZT')})`, fmt: FMT.money, s: 'control' }),
    cell(0, { f: `D${totalRow}-SUM(${rangeOf(layout, 'CNY')})`, fmt: FMT.money, s: 'control' }),
  ]);
  return {
    name: spec.name,
    role: spec.role,
    widths: [40, 14, 20, 20, 14, 14],
    rows,
    merges: [],
    freeze: { rows: headerRow, cols: 1 },
    print: { landscape: true, fitToWidth: true, repeatRows: { from: headerRow, to: headerRow } },
  };
}

export function overviewSheet(input: SummaryInput, opts: SummaryOptions, layout: RegisterLayout): SheetPlan {
  const { lang } = opts;
  const { register: reg, check, findings } = input;
  const rows: (PlanCell | null)[][] = [];
  const projects = reg.rows.filter((r) => r.kind === 'project');
  let KZT = new Big(0), CNY = new Big(0), jobs = 0;
  for (const r of projects) {
    const f = check.figures.get(r.row);
    if (f?.KZT) KZT = KZT.plus(f.KZT);
    if (f?.CNY) CNY = CNY.plus(f.CNY);
    if (r.jobs !== null) jobs += r.jobs;
  }
  rows.push([cell(label('title.overview', lang), { s: 'title' })]);
  rows.push([cell(`${label('source', lang)}: ${opts.file} — ${reg.sheet}; ${opts.reportDate}`, { s: 'subtitle' })]);
  rows.push([]);
  rows.push([cell(label('overview.projects', lang), { s: 'header' }), cell(projects.length, { f: `COUNT(${rangeOf(layout, 'no')})`, fmt: FMT.count, s: 'cell' })]);
  rows.push([cell(label('overview.KZT', lang), { s: 'header' }), cell(num(KZT), { f: `SUM(${rangeOf(layout, 'KZT')})`, fmt: FMT.millions, s: 'cell' })]);
  rows.push([cell(label('overview.CNY', lang), { s: 'header' }), cell(num(CNY), { f: `SUM(${rangeOf(layout, 'CNY')})`, fmt: FMT.millions, s: 'cell' })]);
  rows.push([cell(label('overview.jobs', lang), { s: 'header' }), cell(jobs, { f: `SUM(${rangeOf(layout, 'jobs')})`, fmt: FMT.count, s: 'cell' })]);
  rows.push([]);
  rows.push([cell(label('overview.byStatus', lang), { s: 'subtitle' })]);
  const headerRow = rows.length + 1;
  rows.push(['col.group.status', 'col.projects', 'col.sumKZT', 'col.sumCNY'].map((k) => cell(label(k, lang), { s: 'header' })));
  const groups = groupRows(reg, check, (r) => statusLabel(r, lang));
  groups.forEach((g, i) => {
    const r = headerRow + 1 + i;
    const f = groupFormulas(layout, 'status', g, `$A${r}`);
    rows.push([
      cell(g.label ?? label('row.notStated', lang), { s: 'cell' }),
      cell(g.count, { f: f.count, fmt: FMT.count, s: 'cell' }),
      cell(num(g.KZT), { f: f.sum('KZT'), fmt: FMT.millions, s: 'cell' }),
      cell(num(g.CNY), { f: f.sum('CNY'), fmt: FMT.millions, s: 'cell' }),
    ]);
  });
  rows.push([]);
  rows.push([cell(label('overview.rates', lang), { s: 'subtitle' })]);
  rows.push(['col.rateCurrency', 'col.rateDate', 'col.rate', 'col.rateSource'].map((k) => cell(label(k, lang), { s: 'header' })));
  const seen = new Map<string, Provenance>();
  for (const f of check.figures.values()) for (const p of f.rates) seen.set(`${p.currency} ${p.date} ${p.source}`, p);
  for (const p of [...seen.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.date.localeCompare(b.date))) {
    rows.push([
      cell(p.currency, { s: 'cell' }),
      cell(isoToDate(p.date), { fmt: FMT.date, s: 'cell' }),
      cell(Number(p.rate.toFixed()), { fmt: FMT.rate, s: 'cell' }),
      cell(p.source, { s: 'cell' }),
    ]);
  }
  rows.push([]);
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  rows.push([cell(fill(label('overview.findings', lang), c), { s: c.error ? 'error' : 'note' })]);
  return {
    name: sheetNames(lang).overview,
    role: 'summary:overview',
    widths: [42, 16, 20, 28],
    rows,
    merges: [],
    print: { landscape: true, fitToWidth: true },
  };
}

export function checksSheet(input: SummaryInput, opts: SummaryOptions, source: Grid | null): SheetPlan {
  const { lang } = opts;
  const rows: (PlanCell | null)[][] = [];
  rows.push([cell(label('title.checks', lang), { s: 'title' })]);
  rows.push([cell(`${label('source', lang)}: ${opts.file} — ${input.register.sheet}`, { s: 'subtitle' })]);
  rows.push([]);
  const cols = ['col.severity', 'col.code', 'col.cell', 'col.row', 'col.field', 'col.value', 'col.message'];
  rows.push(cols.map((k) => cell(label(k, lang), { s: 'header' })));
  for (const f of input.findings) {
    const sev = f.severity;
    rows.push([
      cell(label(`severity.${sev}`, lang), { s: sev }),
      cell(f.code, { s: 'cell' }),
      cell(f.cell ? `${f.sheet}!${f.cell}` : f.sheet, { s: 'cell', ...(f.cell && source ? { link: sheetRef(f.sheet, f.cell) } : {}) }),
      cell(f.row, { fmt: FMT.count, s: 'cell' }),
      cell(f.field ? word(`field.${f.field}`, lang) : null, { s: 'cell' }),
      cell(f.value, { s: 'cell' }),
      cell(findingMessage(f, lang), { s: 'cell' }),
    ]);
  }
  if (input.findings.length === 0) rows.push([cell(label('row.noFindings', lang), { s: 'note' })]);
  return {
    name: sheetNames(lang).checks,
    role: 'checks',
    widths: [14, 20, 18, 8, 22, 28, 80],
    rows,
    merges: [],
    freeze: { rows: 4, cols: 0 },
    print: { landscape: true, fitToWidth: true, repeatRows: { from: 4, to: 4 } },
  };
}

/** All sheets of the pack, in workbook order. */
export function buildPlans(input: SummaryInput, opts: SummaryOptions, source: Grid | null): SheetPlan[] {
  const { plan: reg, layout } = registerSheet(input, opts);
  const names = sheetNames(opts.lang);
  const sector = groupSheet(input, opts, layout, {
    name: names.sector, role: 'summary:sector', titleKey: 'title.sector', groupCol: 'sector', groupLabelKey: 'group.sector', keyOf: (r) => r.sector,
  });
  return [overviewSheet(input, opts, layout), sector, reg, checksSheet(input, opts, source)];
}
