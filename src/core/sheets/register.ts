/**
 * The normalised register: one row per project (an Excel table), tenge and yuan given or converted,
 * with the rate, its date and source, and a link back to the source cell. The summaries' formulas
 * read its columns.
 */
import type { Provenance, RowFigures } from '../checks';
import { columnLetter } from '../grid';
import type { Lang } from '../i18n';
import { label } from '../labels';
import { sheetRef, type PlanCell, type PlanValue, type SheetPlan } from '../plan';
import type { Register, RegisterRow } from '../register';
import { cell, FMT, wrappedHeight, type RegisterLayout, type Row, type SummaryOptions, type Words } from './common';
import { statusLabel, type Facts } from './groups';

/** A column of the normalised register sheet. */
interface RegColumn {
  key: string;
  width: number;
  fmt?: string;
  get: (row: RegisterRow, fig: RowFigures | undefined, i: number) => PlanValue;
  link?: (row: RegisterRow) => string | undefined;
  /** Few distinct values (sector, status, a date…): equal cells share one plan cell object. */
  shared?: boolean;
}

export function isoToDate(iso: string): Date {
  return new Date(iso + 'T00:00:00Z');
}

/** Dates by ISO day, made once: a register of 100,000 rows has a few thousand distinct days. Never mutated. */
function dateCache(): (iso: string) => Date {
  const m = new Map<string, Date>();
  return (iso) => {
    let d = m.get(iso);
    if (!d) m.set(iso, (d = isoToDate(iso)));
    return d;
  };
}

function firstRate(fig: RowFigures | undefined): Provenance | undefined {
  return fig?.rates[0];
}

function registerColumns(reg: Register, lang: Lang, facts: Facts): RegColumn[] {
  const sourceName = reg.sheet;
  // Labels looked up once, not per row.
  const from = { given: label('from.given', lang), converted: label('from.converted', lang) };
  const day = dateCache();
  const statusWords = new Map<string, string | null>();
  const status = (r: RegisterRow) => {
    if (!r.status) return r.statusText;
    let w = statusWords.get(r.status);
    if (w === undefined) statusWords.set(r.status, (w = statusLabel(r, lang)));
    return w;
  };
  // The link target's sheet part, quoted once ("'Тізілім 2025-10'!"), not per row.
  const textPrefix = `${sourceName}!`;
  const refPrefix = sheetRef(sourceName, '');
  const rateNumbers = new Map<Provenance, number>();
  const rateOf = (p: Provenance) => {
    let x = rateNumbers.get(p);
    if (x === undefined) rateNumbers.set(p, (x = Number(p.rate.toFixed())));
    return x;
  };
  return [
    { key: 'no', width: 5, fmt: FMT.count, get: (_r, _f, i) => i + 1 },
    { key: 'sourceRow', width: 8, fmt: FMT.count, get: (r) => r.row },
    { key: 'number', width: 8, get: (r) => r.number },
    { key: 'name', width: 44, get: (r) => r.name },
    { key: 'investor', width: 30, get: (r) => r.investor },
    { key: 'country', width: 12, shared: true, get: (r) => r.country },
    { key: 'sector', width: 22, shared: true, get: (r) => r.sector },
    { key: 'location', width: 24, shared: true, get: (r) => r.location },
    { key: 'status', width: 16, shared: true, get: status },
    { key: 'statusText', width: 18, shared: true, get: (r) => r.statusText },
    { key: 'date', width: 12, fmt: FMT.date, shared: true, get: (r) => (r.date.ok ? day(r.date.iso) : null) },
    { key: 'KZT', width: 24, fmt: FMT.tenge, get: (_r, _f, i) => facts.kztNum[i] },
    { key: 'CNY', width: 22, fmt: FMT.yuan, get: (_r, _f, i) => facts.cnyNum[i] },
    { key: 'KZTFrom', width: 14, shared: true, get: (_r, f) => (f?.KZTFrom ? from[f.KZTFrom] : null) },
    { key: 'rate', width: 12, fmt: FMT.rate, get: (_r, f) => { const p = firstRate(f); return p ? rateOf(p) : null; } },
    { key: 'rateCurrency', width: 10, shared: true, get: (_r, f) => firstRate(f)?.currency ?? null },
    { key: 'rateDate', width: 12, fmt: FMT.date, shared: true, get: (_r, f) => { const p = firstRate(f); return p ? day(p.date) : null; } },
    { key: 'rateSource', width: 24, shared: true, get: (_r, f) => firstRate(f)?.source ?? null },
    { key: 'jobs', width: 10, fmt: FMT.count, get: (r) => r.jobs },
    { key: 'notes', width: 36, get: (r) => r.notes },
    { key: 'source', width: 16, get: (r) => textPrefix + (r.address.name ?? `A${r.row}`), link: (r) => refPrefix + (r.address.name ?? `A${r.row}`) },
  ];
}

export const REG_HEADER_ROW = 4;

export function registerSheet(input: { register: Register; check: { figures: Map<number, RowFigures> } }, facts: Facts, opts: SummaryOptions, w: Words, name: string): { plan: SheetPlan; layout: RegisterLayout } {
  const { register: reg, check } = input;
  const cols = registerColumns(reg, w.lang, facts);
  const projects = facts.projects;
  const rows: Row[] = new Array<Row>(REG_HEADER_ROW + projects.length);
  rows[0] = [cell(w.head('title.register').replace('\n', ' / '), { s: 'title' })];
  rows[1] = [cell(`${w.text('source')}: ${opts.file} — ${reg.sheet}`, { s: 'subtitle' })];
  rows[2] = [cell(w.head('unit.whole').replace('\n', ' / '), { s: 'unit' })];
  rows[3] = cols.map((c) => cell(w.head(`col.${c.key}`), { s: 'header' }));
  const width = cols.length;
  // Plan cells are never changed once made: equal cells of a low-cardinality column are one object.
  const pools = cols.map((c) => (c.shared ? new Map<PlanValue, PlanCell>() : null));
  for (let i = 0; i < projects.length; i++) {
    const r = projects[i];
    const fig = check.figures.get(r.row);
    const line = new Array<PlanCell>(width);
    for (let j = 0; j < width; j++) {
      const c = cols[j];
      const v = c.get(r, fig, i);
      const pool = pools[j];
      if (pool) {
        let shared = pool.get(v);
        if (!shared) pool.set(v, (shared = { v, s: 'cell', fmt: c.fmt }));
        line[j] = shared;
        continue;
      }
      // One shape for every cell (v, s, fmt): no per-cell property additions.
      const pc: PlanCell = { v, s: 'cell', fmt: c.fmt };
      if (c.link) {
        const l = c.link(r);
        if (l) pc.link = l;
      }
      line[j] = pc;
    }
    rows[REG_HEADER_ROW + i] = line;
  }
  const first = REG_HEADER_ROW + 1;
  const last = REG_HEADER_ROW + Math.max(projects.length, 1);
  const col: Record<string, string> = {};
  cols.forEach((c, i) => (col[c.key] = columnLetter(i + 1)));
  const widths = cols.map((c) => c.width);
  const plan: SheetPlan = {
    name,
    role: 'register',
    widths,
    rows,
    merges: [],
    freeze: { rows: REG_HEADER_ROW, cols: 4 },
    print: { landscape: true, fitToWidth: true, repeatRows: { from: REG_HEADER_ROW, to: REG_HEADER_ROW } },
  };
  plan.heights = { [REG_HEADER_ROW]: wrappedHeight(rows[REG_HEADER_ROW - 1], widths) };
  if (projects.length > 0) plan.table = { name: 'TizilimRegister', top: REG_HEADER_ROW, left: 1, bottom: last, right: cols.length };
  return { plan, layout: { sheet: name, first, last, col } };
}
