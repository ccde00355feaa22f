/**
 * The normalised register: one row per project (an Excel table), tenge and yuan given or converted,
 * with the rate, its date and source, and a link back to the source cell. The summaries' formulas
 * read its columns. Built a row at a time (RegisterSheet), so a streamed register is written out as
 * it is read; registerSheet builds the whole plan the same way.
 */
import type { Provenance, RowFigures } from '../../checks/checks';
import { columnLetters } from '../../grid/a1';
import { t, type Lang } from '../../words';
import { minorToNumber } from '../../money/minor';
import { sheetRef, type PlanCell, type PlanValue, type SheetPlan } from '../plan';
import type { Register, RegisterRow } from '../../register/register';
import { cell, FMT, wrappedHeight, type RegisterLayout, type Row, type SummaryOptions, type Words } from './common';
import { statusLabel } from './groups';

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
    if (!d) {
      if (m.size > 100000) m.clear();
      m.set(iso, (d = isoToDate(iso)));
    }
    return d;
  };
}

function firstRate(fig: RowFigures | undefined): Provenance | undefined {
  return fig?.rates[0];
}

/** Where a row of the register sheet comes from: its source sheet (and region, in a consolidation). */
export interface RowSource {
  sheet: string;
  region?: string | null;
}

export const REG_HEADER_ROW = 4;

/** The most distinct values a shared column keeps objects for (a streamed register may have a million). */
const POOL_LIMIT = 20000;

/**
 * The register sheet a row at a time: head() the four rows above the table, row() each project's
 * line, finish() the sheet's frame (widths, freeze, print, the table over the rows written) and the
 * layout the summaries' formulas point at. `regions` adds a region column (a consolidation).
 */
export class RegisterSheet {
  private readonly cols: RegColumn[];
  private readonly pools: (Map<PlanValue, PlanCell> | null)[];
  private count = 0;
  private source: RowSource;
  private textPrefix = '';
  private refPrefix = '';

  constructor(private readonly opts: SummaryOptions, private readonly w: Words, readonly name: string, first: RowSource, private readonly regions = false) {
    this.source = first;
    this.setSource(first);
    this.cols = this.columns(w.lang);
    this.pools = this.cols.map((c) => (c.shared ? new Map<PlanValue, PlanCell>() : null));
  }

  /** The rows that follow come from another register. */
  setSource(s: RowSource): void {
    this.source = s;
    // The link target's sheet part, quoted once ("'Тізілім 2025-10'!"), not per row.
    this.textPrefix = `${s.sheet}!`;
    this.refPrefix = sheetRef(s.sheet, '');
  }

  private columns(lang: Lang): RegColumn[] {
    // Labels looked up once, not per row.
    const from = { given: t('from.given', lang), converted: t('from.converted', lang) };
    const day = dateCache();
    const statusWords = new Map<string, string | null>();
    const status = (r: RegisterRow) => {
      if (!r.status) return r.statusText;
      let w = statusWords.get(r.status);
      if (w === undefined) statusWords.set(r.status, (w = statusLabel(r, lang)));
      return w;
    };
    const rateNumbers = new Map<Provenance, number>();
    const rateOf = (p: Provenance) => {
      let x = rateNumbers.get(p);
      if (x === undefined) {
        if (rateNumbers.size > 100000) rateNumbers.clear();
        rateNumbers.set(p, (x = Number(p.rate.toFixed())));
      }
      return x;
    };
    const cols: RegColumn[] = [
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
      { key: 'KZT', width: 24, fmt: FMT.tenge, get: (_r, f) => (f && f.kzt !== null ? minorToNumber(f.kzt) : null) },
      { key: 'CNY', width: 22, fmt: FMT.yuan, get: (_r, f) => (f && f.cny !== null ? minorToNumber(f.cny) : null) },
      { key: 'KZTFrom', width: 14, shared: true, get: (_r, f) => (f?.KZTFrom ? from[f.KZTFrom] : null) },
      { key: 'rate', width: 12, fmt: FMT.rate, get: (_r, f) => { const p = firstRate(f); return p ? rateOf(p) : null; } },
      { key: 'rateCurrency', width: 10, shared: true, get: (_r, f) => firstRate(f)?.currency ?? null },
      { key: 'rateDate', width: 12, fmt: FMT.date, shared: true, get: (_r, f) => { const p = firstRate(f); return p ? day(p.date) : null; } },
      { key: 'rateSource', width: 24, shared: true, get: (_r, f) => firstRate(f)?.source ?? null },
      { key: 'jobs', width: 10, fmt: FMT.count, get: (r) => r.jobs },
      { key: 'notes', width: 36, get: (r) => r.notes },
      { key: 'source', width: 16, get: (r) => this.textPrefix + (r.address.name ?? `A${r.row}`), link: (r) => this.refPrefix + (r.address.name ?? `A${r.row}`) },
    ];
    if (this.regions) cols.splice(1, 0, { key: 'region', width: 22, shared: true, get: () => this.source.region ?? null });
    return cols;
  }

  /** Rows 1–4: the title, the source, the unit line and the table's header. */
  head(): Row[] {
    const { w, opts } = this;
    return [
      [cell(w.head('title.register').replace('\n', ' / '), { s: 'title' })],
      // A consolidation's sources are its files (the region column tells its rows apart).
      [cell(this.regions ? `${w.text('source')}: ${opts.file}` : `${w.text('source')}: ${opts.file} — ${this.source.sheet}`, { s: 'subtitle' })],
      [cell(w.head('unit.whole').replace('\n', ' / '), { s: 'unit' })],
      this.cols.map((c) => cell(w.head(`col.${c.key}`), { s: 'header' })),
    ];
  }

  /** The next project's line. Plan cells are never changed once made: equal cells of a low-cardinality column are one object. */
  row(r: RegisterRow, fig: RowFigures | undefined): Row {
    const cols = this.cols;
    const width = cols.length;
    const i = this.count++;
    const line = new Array<PlanCell>(width);
    for (let j = 0; j < width; j++) {
      const c = cols[j];
      const v = c.get(r, fig, i);
      const pool = this.pools[j];
      if (pool) {
        let shared = pool.get(v);
        if (!shared) {
          if (pool.size >= POOL_LIMIT) pool.clear();
          pool.set(v, (shared = { v, s: 'cell', fmt: c.fmt }));
        }
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
    return line;
  }

  /** A project not written out (a check without a workbook): counted, so the layout still spans it. */
  skip(): void {
    this.count++;
  }

  get rows(): number {
    return this.count;
  }

  get widths(): number[] {
    return this.cols.map((c) => c.width);
  }

  /** Where the columns are and which rows hold data: known from the start but for the last row. */
  layout(): RegisterLayout {
    const col: Record<string, string> = {};
    this.cols.forEach((c, i) => (col[c.key] = columnLetters(i + 1)));
    return { sheet: this.name, first: REG_HEADER_ROW + 1, last: REG_HEADER_ROW + Math.max(this.count, 1), col };
  }

  /** The sheet's plan around its rows (`rows` as given: all of them, or none when they were streamed). */
  plan(rows: Row[]): SheetPlan {
    const widths = this.widths;
    const head = rows.length ? rows[REG_HEADER_ROW - 1] : this.head()[REG_HEADER_ROW - 1];
    // Frozen through the project's name, as printed: a consolidation's region column moves it to E.
    const nameCol = this.cols.findIndex((c) => c.key === 'name') + 1;
    const plan: SheetPlan = {
      name: this.name,
      role: 'register',
      widths,
      rows,
      merges: [],
      freeze: { rows: REG_HEADER_ROW, cols: nameCol },
      print: registerPrint(widths, nameCol),
    };
    plan.heights = { [REG_HEADER_ROW]: wrappedHeight(head, widths) };
    if (this.count > 0) plan.table = { name: 'TizilimRegister', top: REG_HEADER_ROW, left: 1, bottom: REG_HEADER_ROW + this.count, right: this.cols.length };
    return plan;
  }
}

/** A3 landscape: 420 mm less the half-inch margins either side, in millimetres. */
const A3_LANDSCAPE_MM = 420 - 2 * 12.7;
/** The smallest print scale the register may take: Calibri 11 at 85 % is a 9.4 pt type a reader can read. */
export const REGISTER_MIN_SCALE = 0.85;

/** A column's printed width in millimetres at 100 %: Excel's width in characters is 7 px each plus 5 px of padding, at 96 px an inch. */
export function columnMm(width: number): number {
  return ((Math.trunc(width * 7 + 0.5) + 5) * 25.4) / 96;
}

/**
 * The register's print layout. Its twenty-odd columns one page wide came out at a 4–5 pt type; instead
 * A3 landscape, as many pages wide as keep the type at REGISTER_MIN_SCALE or larger, with the columns
 * up to the project's name (№, source row, № in the register, name) repeated at the left of every page
 * and the header at the top, so each page reads on its own; as many pages tall as the rows need.
 */
export function registerPrint(widths: number[], nameCol: number): NonNullable<SheetPlan['print']> {
  const titles = widths.slice(0, nameCol).reduce((a, w) => a + columnMm(w), 0);
  const room = A3_LANDSCAPE_MM / REGISTER_MIN_SCALE - titles;
  let pages = 1;
  let used = 0;
  for (const w of widths.slice(nameCol)) {
    const mm = columnMm(w);
    if (used > 0 && used + mm > room) {
      pages++;
      used = 0;
    }
    used += mm;
  }
  return {
    landscape: true, fitToWidth: true, paper: 'A3', pagesWide: pages,
    repeatRows: { from: REG_HEADER_ROW, to: REG_HEADER_ROW }, repeatCols: { from: 1, to: nameCol },
  };
}

export function registerSheet(input: { register: Register; check: { figures: Map<number, RowFigures> } }, opts: SummaryOptions, w: Words, name: string): { plan: SheetPlan; layout: RegisterLayout } {
  const { register: reg, check } = input;
  const b = new RegisterSheet(opts, w, name, { sheet: reg.sheet });
  const rows: Row[] = b.head();
  for (const r of reg.rows) if (r.kind === 'project') rows.push(b.row(r, check.figures.get(r.row)));
  return { plan: b.plan(rows), layout: b.layout() };
}
