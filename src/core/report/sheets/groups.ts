/**
 * The figures of the summaries, gathered in one pass over the register (every grouping at once, money
 * in exact tiyn as bigint), and the summary tables by one grouping: count, tenge, yuan, share of the
 * tenge total, jobs, a total line and a control line. Every figure is a live COUNTIFS/SUMIFS formula
 * over the register sheet with its exact result cached.
 */
import type { CheckResult, Provenance, RowFigures } from '../../checks/checks';
import { text, type Lang } from '../../words';
import type { SheetPlan } from '../plan';
import type { Register, RegisterRow } from '../../register/register';
import { MinorSum } from '../../money/minor';
import {
  cell, FMT, fitWidths, rangeOf, tiynToNumber, titleBlock, wrappedHeight,
  type RegisterLayout, type Row, type SummaryOptions, type Words,
} from './common';

/** The groupings of the summaries. */
export type Dim = 'sector' | 'investor' | 'location' | 'status' | 'month' | 'region';
/** The groupings of every pack; 'region' only when several registers are consolidated. */
export const DIMS: readonly Dim[] = ['sector', 'investor', 'location', 'status', 'month'];

export interface Group {
  /** As written in the register (the first spelling met); null for "not stated". */
  label: string | null;
  count: number;
  /** Tiyn and fen (hundredths), exact. */
  KZT: bigint;
  CNY: bigint;
  jobs: number;
  /** Some project of the group has a tenge figure. */
  anyKZT: boolean;
}

export interface Facts {
  total: Group;
  groups: Record<Dim, Group[]>;
  /** The distinct rates used (currency, date, source), in the order first met. */
  rates: Provenance[];
}

export function statusLabel(row: RegisterRow, lang: Lang): string | null {
  return row.status ? text(`status.${row.status}`, lang) : row.statusText;
}

/** A group while the projects are counted: exact sums in hundredths. */
interface Acc {
  label: string | null;
  count: number;
  KZT: MinorSum;
  CNY: MinorSum;
  jobs: number;
  anyKZT: boolean;
}

function acc(label: string | null): Acc {
  return { label, count: 0, KZT: new MinorSum(), CNY: new MinorSum(), jobs: 0, anyKZT: false };
}

function done(a: Acc): Group {
  return { label: a.label, count: a.count, KZT: a.KZT.bigint, CNY: a.CNY.bigint, jobs: a.jobs, anyKZT: a.anyKZT };
}

/** The agreement month, "2025-10", or null. */
export function monthOf(r: RegisterRow): string | null {
  return r.date.ok ? r.date.iso.slice(0, 7) : null;
}

/**
 * The summaries' figures gathered as projects arrive, every grouping at once, exact to the tiyn, in
 * compact sums (a register of a million rows keeps only its groups). Labels are grouped as SUMIFS
 * compares text (case-insensitively); a label seen before is found by its spelling without folding it
 * again. `region`, for a consolidation of several registers, groups by each project's region too.
 */
export class FactsBuilder {
  private readonly dims: readonly Dim[];
  private readonly total = acc(null);
  private readonly bySpelling: Map<string, Acc>[];
  private readonly byKey: Map<string, Acc>[];
  private readonly none: (Acc | null)[];
  private readonly statusWords = new Map<string, string>();
  private readonly groupsOfRow: Acc[];
  // Distinct rates by currency, date and source (nested maps: no key strings built per row).
  private readonly seenRates = new Map<string, Map<string, Map<string, Provenance>>>();
  private readonly seenArrays = new WeakSet<Provenance[]>();
  private readonly rates: Provenance[] = [];

  constructor(private readonly lang: Lang, regions = false) {
    this.dims = regions ? [...DIMS, 'region'] : DIMS;
    this.bySpelling = this.dims.map(() => new Map<string, Acc>());
    this.byKey = this.dims.map(() => new Map<string, Acc>());
    this.none = this.dims.map(() => null);
    this.groupsOfRow = new Array<Acc>(this.dims.length + 1);
  }

  private keyOf(d: Dim, r: RegisterRow, region: string | null): string | null {
    switch (d) {
      case 'sector': return r.sector;
      case 'investor': return r.investor;
      case 'location': return r.location;
      case 'status': {
        if (!r.status) return r.statusText;
        let w = this.statusWords.get(r.status);
        if (w === undefined) this.statusWords.set(r.status, (w = statusLabel(r, this.lang) as string));
        return w;
      }
      case 'month': return monthOf(r);
      case 'region': return region;
    }
  }

  private groupOf(i: number, raw: string | null): Acc {
    const spelling = raw === null ? '' : raw;
    let g = spelling ? this.bySpelling[i].get(spelling) : undefined;
    if (g) return g;
    const key = spelling.trim().toLowerCase();
    if (!key) return (this.none[i] ??= acc(null));
    g = this.byKey[i].get(key);
    if (!g) this.byKey[i].set(key, (g = acc(spelling.trim())));
    // Spellings are remembered while they are few; a column of unique labels (investors of a million rows) is found by key.
    if (this.bySpelling[i].size < 50000) this.bySpelling[i].set(spelling, g);
    return g;
  }

  /** One project and its figures. */
  add(r: RegisterRow, fig: RowFigures | undefined, region: string | null = null): void {
    const kzt = fig ? fig.kzt : null;
    const cny = fig ? fig.cny : null;
    if (fig && fig.rates.length && !this.seenArrays.has(fig.rates)) {
      for (const x of fig.rates) {
        let byDate = this.seenRates.get(x.currency);
        if (!byDate) this.seenRates.set(x.currency, (byDate = new Map()));
        let bySource = byDate.get(x.date);
        if (!bySource) byDate.set(x.date, (bySource = new Map()));
        if (!bySource.has(x.source)) {
          bySource.set(x.source, x);
          this.rates.push(x);
        }
      }
      // Rows converted at one rate share its array: looked at once.
      if (fig.rates.length === 1) this.seenArrays.add(fig.rates);
    }
    const jobs = r.jobs;
    const groups = this.groupsOfRow;
    groups[0] = this.total;
    for (let i = 0; i < this.dims.length; i++) groups[i + 1] = this.groupOf(i, this.keyOf(this.dims[i], r, region));
    for (const g of groups) {
      g.count++;
      if (kzt !== null) {
        g.KZT.add(kzt);
        g.anyKZT = true;
      }
      if (cny !== null) g.CNY.add(cny);
      if (jobs !== null) g.jobs += jobs;
    }
  }

  finish(): Facts {
    const groups = {} as Record<Dim, Group[]>;
    this.dims.forEach((d, i) => {
      const list = [...this.byKey[i].values()].map(done);
      if (d === 'month') list.sort((a, b) => String(a.label).localeCompare(String(b.label)));
      else list.sort((a, b) => (a.KZT === b.KZT ? String(a.label).localeCompare(String(b.label)) : a.KZT > b.KZT ? -1 : 1));
      const nil = this.none[i];
      if (nil) list.push(done(nil));
      groups[d] = list;
    });
    return { total: done(this.total), groups, rates: this.rates };
  }
}

/** One pass over the projects of a register read whole. */
export function collectFacts(reg: Register, check: CheckResult, lang: Lang): Facts {
  const b = new FactsBuilder(lang);
  for (const r of reg.rows) if (r.kind === 'project') b.add(r, check.figures.get(r.row));
  return b.finish();
}

/**
 * Can this label go into COUNTIFS/SUMIFS as a criterion and mean only itself? Criteria are parsed:
 * wildcards (* ? ~), operators (< > =), numbers, dates ("Oct 2025"), booleans and texts over 255
 * characters would match something else or fail. Such labels get an exact SUMPRODUCT comparison.
 */
export function safeCriterion(s: string): boolean {
  return /^\p{L}/u.test(s) && !/[*?~\d]/.test(s) && s.length <= 255 && !/^(true|false|истина|ложь|ақиқат|жалған)$/i.test(s.trim());
}

export interface Formulas {
  count: string;
  sum: (col: string) => string;
}

/** COUNTIFS/SUMIFS for a group whose label sits in `labelCell`; exact-match SUMPRODUCT where a criterion would be read as something else. */
export function groupFormulas(layout: RegisterLayout, groupCol: string, g: Group, labelCell: string): Formulas {
  const crit = rangeOf(layout, groupCol);
  if (g.label === null) {
    return { count: `COUNTIFS(${crit},"=")`, sum: (k) => `SUMIFS(${rangeOf(layout, k)},${crit},"=")` };
  }
  if (safeCriterion(g.label)) {
    return { count: `COUNTIFS(${crit},${labelCell})`, sum: (k) => `SUMIFS(${rangeOf(layout, k)},${crit},${labelCell})` };
  }
  return { count: `SUMPRODUCT(--(${crit}=${labelCell}))`, sum: (k) => `SUMPRODUCT(--(${crit}=${labelCell}),${rangeOf(layout, k)})` };
}

/**
 * A month by date range over the agreement dates: >= the first day, < the first day of the next
 * month. DATE() takes numbers, so the formula reads the same in every locale; a text helper column
 * ("2025-10") would be one more column to keep in step with the dates, and a criterion "2025-10"
 * may itself be read as a date.
 */
export function monthFormulas(layout: RegisterLayout, g: Group): Formulas {
  const d = rangeOf(layout, 'date');
  if (g.label === null) return { count: `COUNTIFS(${d},"=")`, sum: (k) => `SUMIFS(${rangeOf(layout, k)},${d},"=")` };
  const y = Number(g.label.slice(0, 4));
  const m = Number(g.label.slice(5, 7));
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  const between = `${d},">="&DATE(${y},${m},1),${d},"<"&DATE(${ny},${nm},1)`;
  return { count: `COUNTIFS(${between})`, sum: (k) => `SUMIFS(${rangeOf(layout, k)},${between})` };
}

function share(a: bigint, total: bigint): number {
  return total === 0n ? 0 : Number(a) / Number(total);
}

/** The columns of a summary table. */
export const TABLE_COLS = 6;

/**
 * A summary table from `headerRow` (1-based) down: header, one line per group, the total, an empty
 * row, the control line (sum of the groups minus the register's own total: 0 when nothing is lost).
 * Returns its rows and the rows of its total and control lines.
 */
export function groupTable(
  layout: RegisterLayout, w: Words, dim: Dim, groups: Group[], total: Group, headerRow: number, groupLabelKey: string,
): { rows: Row[]; totalRow: number; controlRow: number } {
  const money = w.moneyFormat;
  const rows: Row[] = [];
  rows.push([
    cell(w.head(groupLabelKey), { s: 'header' }),
    cell(w.head('col.projects'), { s: 'header' }),
    cell(w.money('col.sumKZT.u', 'KZT'), { s: 'header' }),
    cell(w.money('col.sumCNY.u', 'CNY'), { s: 'header' }),
    cell(w.head('col.share'), { s: 'header' }),
    cell(w.head('col.jobs'), { s: 'header' }),
  ]);
  const first = headerRow + 1;
  const totalRow = first + groups.length;
  const regCol = dim === 'month' ? 'date' : dim;
  const notStated = w.text(dim === 'month' ? 'row.noDate' : 'row.notStated');
  groups.forEach((g, i) => {
    const r = first + i;
    const f = dim === 'month' ? monthFormulas(layout, g) : groupFormulas(layout, regCol, g, `$A${r}`);
    rows.push([
      cell(g.label ?? notStated, { s: 'label' }),
      cell(g.count, { f: f.count, fmt: FMT.count, s: 'cell' }),
      cell(tiynToNumber(g.KZT), { f: f.sum('KZT'), fmt: money, s: 'cell' }),
      cell(tiynToNumber(g.CNY), { f: f.sum('CNY'), fmt: money, s: 'cell' }),
      cell(share(g.KZT, total.KZT), { f: `IF($C$${totalRow}=0,0,C${r}/$C$${totalRow})`, fmt: FMT.share, s: 'cell' }),
      cell(g.jobs, { f: f.sum('jobs'), fmt: FMT.jobs, s: 'cell' }),
    ]);
  });
  const sumCol = (c: string) => (groups.length ? `SUM(${c}${first}:${c}${totalRow - 1})` : '0');
  rows.push([
    cell(w.text('row.total'), { s: 'total' }),
    cell(total.count, { f: sumCol('B'), fmt: FMT.count, s: 'total' }),
    cell(tiynToNumber(total.KZT), { f: sumCol('C'), fmt: money, s: 'total' }),
    cell(tiynToNumber(total.CNY), { f: sumCol('D'), fmt: money, s: 'total' }),
    cell(total.KZT === 0n ? 0 : 1, { f: `IF($C$${totalRow}=0,0,C${totalRow}/$C$${totalRow})`, fmt: FMT.share, s: 'total' }),
    cell(total.jobs, { f: sumCol('F'), fmt: FMT.jobs, s: 'total' }),
  ]);
  rows.push([]);
  const controlRow = totalRow + 2;
  // Money to the tiyn: ROUND keeps floating-point dust of the sums from showing as -0.00.
  rows.push([
    cell(w.text('row.control'), { s: 'control' }),
    cell(0, { f: `B${totalRow}-COUNT(${rangeOf(layout, 'no')})`, fmt: FMT.count, s: 'control' }),
    cell(0, { f: `ROUND(C${totalRow}-SUM(${rangeOf(layout, 'KZT')}),2)`, fmt: FMT.money, s: 'control' }),
    cell(0, { f: `ROUND(D${totalRow}-SUM(${rangeOf(layout, 'CNY')}),2)`, fmt: FMT.money, s: 'control' }),
    null,
    cell(0, { f: `F${totalRow}-SUM(${rangeOf(layout, 'jobs')})`, fmt: FMT.jobs, s: 'control' }),
  ]);
  return { rows, totalRow, controlRow };
}

/** Column bounds of a summary table: the label column, then five figures. */
export const TABLE_BOUNDS = [{ min: 26, max: 60 }, { min: 11, max: 18 }, { min: 14, max: 22 }, { min: 14, max: 22 }, { min: 11, max: 16 }, { min: 11, max: 16 }];

export interface GroupSpec {
  dim: Dim;
  name: string;
  role: string;
  titleKey: string;
  groupLabelKey: string;
}

/** A summary sheet by one grouping: the official head (titleBlock), the table under it, frozen under its header. */
export function groupSheet(facts: Facts, opts: SummaryOptions, w: Words, layout: RegisterLayout, spec: GroupSpec): SheetPlan {
  const head = titleBlock(spec.titleKey, opts, w, TABLE_COLS);
  const headerRow = head.rows.length + 1;
  const table = groupTable(layout, w, spec.dim, facts.groups[spec.dim], facts.total, headerRow, spec.groupLabelKey);
  const rows = [...head.rows, ...table.rows];
  const widths = fitWidths(rows, TABLE_COLS, TABLE_BOUNDS);
  return {
    name: spec.name,
    role: spec.role,
    widths,
    rows,
    merges: head.merges,
    heights: {
      ...head.heights(widths),
      [headerRow]: wrappedHeight(rows[headerRow - 1], widths),
      [table.controlRow]: wrappedHeight([rows[table.controlRow - 1][0]], widths, 12),
    },
    gridlines: false,
    freeze: { rows: headerRow, cols: 1 },
    print: { landscape: true, fitToWidth: true, repeatRows: { from: headerRow, to: headerRow }, center: true },
  };
}
