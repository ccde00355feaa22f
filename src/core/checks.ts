/**
 * Figures and checks: each project's tenge and yuan figures (given or converted at the NBK rate of
 * its date, with provenance), and every finding a reviewer would raise about the register.
 * Rows with findings are kept and counted; nothing is dropped or changed.
 */
import Big from 'big.js';
import type { Finding, FindingCode, Severity } from './findings';
import { sortFindings } from './findings';
import type { Params } from './i18n';
import { moneyString, roundMoney, type AmountResult, type Currency } from './money';
import { convertToKzt, type Rate, type RateTable } from './rates';
import { MONEY_FIELDS, type MoneyField, type Register, type RegisterRow, type StatusCode } from './register';
import { fold } from './text';

export interface Provenance {
  currency: Currency;
  /** Tenge per one unit of the currency. */
  rate: Big;
  quoted: Big;
  quant: number;
  date: string;
  source: string;
}

export interface RowFigures {
  row: number;
  /** Tenge and yuan, rounded to 2 decimals (the figure written out), null where unknown. */
  KZT: Big | null;
  CNY: Big | null;
  KZTFrom: 'given' | 'converted' | null;
  CNYFrom: 'given' | 'converted' | null;
  /** Other currencies as given. */
  other: Partial<Record<Currency, Big>>;
  /** The rates used to convert, with their provenance. */
  rates: Provenance[];
}

export interface ControlFigures {
  /** The number of projects the register must hold (of `status`, when given). */
  count?: number;
  /** Their total value in tenge. */
  totalKZT?: Big;
  status?: StatusCode;
}

export interface CheckOptions {
  /** Today, ISO; dates after it are in the future. */
  today: string;
  /** How far a row's tenge/yuan ratio may stray from the NBK rate before CROSS_RATE (default 0.02 = 2 %). */
  crossRateTolerance?: number;
  /** Control figures declared by the user ("14 memoranda, 134 bn tenge"). */
  control?: ControlFigures;
  /** Relative tolerance of the control total (default 0.001 = 0.1 %); the count must match exactly. */
  controlTolerance?: number;
}

export const DEFAULT_CROSS_RATE_TOLERANCE = 0.02;
export const DEFAULT_CONTROL_TOLERANCE = 0.001;
/** A figure this many times (or more) above or below its currency's median is probably in the wrong unit. */
export const UNIT_SUSPECT_FACTOR = 1000;

export interface CheckResult {
  figures: Map<number, RowFigures>;
  findings: Finding[];
}

const FOREIGN: Currency[] = ['CNY', 'USD', 'EUR', 'RUB'];

function provenance(r: Rate): Provenance {
  return { currency: r.currency, rate: r.perUnit, quoted: r.quoted, quant: r.quant, date: r.date, source: r.source };
}

function decimals(x: Big): number {
  const s = x.abs().toFixed();
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

export function checkRegister(reg: Register, rates: RateTable, opts: CheckOptions): CheckResult {
  const findings: Finding[] = [];
  const figures = new Map<number, RowFigures>();
  const add = (code: FindingCode, severity: Severity, row: RegisterRow | null, field: string | null, value: string | null, params: Params = {}) => {
    findings.push({
      code, severity, sheet: reg.sheet,
      cell: row && field ? row.address[field as keyof RegisterRow['address']] ?? null : null,
      row: row ? row.row : null, field, value, params,
    });
  };
  const { header } = reg;
  const mapped = new Set(header.columns.map((c) => c.field));
  for (const d of header.duplicates) {
    add('HEADER_DUPLICATE', 'warning', null, d.field, null, { used: colName(d.used), other: colName(d.other) });
  }
  const moneyCols = header.columns.filter((c) => (MONEY_FIELDS as readonly string[]).includes(c.field));
  if (moneyCols.length === 0) add('HEADER_MISSING', 'error', null, 'value', null);

  // Sums for reconciling total and subtotal rows: per money column, since the last total / subtotal.
  const sinceTotal = newSums();
  const sinceSubtotal = newSums();

  const given: GivenFigure[] = [];
  const seen = new Map<string, number>();
  for (const row of reg.rows) {
    if (row.kind === 'project') {
      const fig = projectFigures(row, rates, add, moneyCols.length > 0, mapped.has('date'), given);
      figures.set(row.row, fig);
      crossRate(row, fig, rates, opts.crossRateTolerance ?? DEFAULT_CROSS_RATE_TOLERANCE, add);
      duplicate(row, fig, seen, add);
      for (const s of [sinceTotal, sinceSubtotal]) accumulate(s, row, fig);
      checkFields(row, add, mapped, opts);
    } else if (row.kind === 'total' || row.kind === 'subtotal') {
      const sums = row.kind === 'total' ? sinceTotal : sinceSubtotal;
      reconcile(row, sums, add);
      resetSums(sinceSubtotal);
      if (row.kind === 'total') resetSums(sinceTotal);
    } else if (row.kind === 'heading') {
      resetSums(sinceSubtotal);
    }
  }
  unitSuspects(given, add);
  if (opts.control) control(reg, figures, opts.control, opts.controlTolerance ?? DEFAULT_CONTROL_TOLERANCE, add);
  return { figures, findings: sortFindings(findings) };
}

/** A figure as the register gives it, kept for the median test. */
interface GivenFigure { row: RegisterRow; field: MoneyField; currency: Currency; amount: Big; raw: string | null }

type Add = (code: FindingCode, severity: Severity, row: RegisterRow | null, field: string | null, value: string | null, params?: Params) => void;

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function shown(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'error' in (v as object)) return (v as { error: string }).error;
  return String(v);
}

/** Read each money cell of a project row, report what is wrong with it, and derive tenge and yuan. */
function projectFigures(row: RegisterRow, rates: RateTable, add: Add, hasMoneyColumn: boolean, hasDateColumn: boolean, collected: GivenFigure[]): RowFigures {
  const given: Partial<Record<Currency, Big>> = {};
  let anyCell = false;
  for (const f of MONEY_FIELDS) {
    const res = row.amounts[f];
    if (!res) continue;
    const raw = shown(row.cells[f]);
    if (!res.ok) {
      if (res.reason === 'error') { add('CELL_ERROR', 'error', row, f, raw); anyCell = true; }
      else if (res.reason === 'unreadable') { add('AMOUNT_UNREADABLE', 'error', row, f, raw); anyCell = true; }
      continue;
    }
    anyCell = true;
    const colCurrency = f === 'value' ? null : (f as Currency);
    let currency = res.currency;
    if (res.currencyInCell && colCurrency && res.currencyInCell !== colCurrency) {
      add('CURRENCY_CONFLICT', 'error', row, f, raw, { cellCurrency: res.currencyInCell, columnCurrency: colCurrency });
      currency = res.currencyInCell;
    }
    if (!currency) {
      add(res.ambiguousYen ? 'CURRENCY_AMBIGUOUS' : 'CURRENCY_UNKNOWN', res.ambiguousYen ? 'warning' : 'error', row, f, raw);
      continue;
    }
    if (res.fromText) add('NUMBER_AS_TEXT', 'info', row, f, raw);
    if (res.qualifier) add('APPROXIMATE', 'info', row, f, raw, { qualifierKey: `qualifier.${res.qualifier}`, amount: moneyString(res.amount) });
    if (res.amount.lt(0)) add('NEGATIVE_AMOUNT', 'error', row, f, raw);
    if (decimals(res.amount) > 2) add('PRECISION', 'warning', row, f, raw, { amount: res.amount.toFixed() });
    if (given[currency] === undefined) given[currency] = roundMoney(res.amount);
    if (res.amount.gt(0)) collected.push({ row, field: f, currency, amount: res.amount, raw });
  }
  const fig: RowFigures = { row: row.row, KZT: null, CNY: null, KZTFrom: null, CNYFrom: null, other: {}, rates: [] };
  for (const c of FOREIGN) if (c !== 'CNY' && given[c] !== undefined) fig.other[c] = given[c];
  if (!anyCell && hasMoneyColumn) {
    const first = MONEY_FIELDS.find((f) => row.amounts[f]) ?? 'value';
    add('MISSING_VALUE', 'warning', row, first, null);
    return fig;
  }
  const date = row.date.ok ? row.date.iso : null;
  const rateOf = (c: Currency): Rate | null => (date ? rates.lookup(c, date) : null);
  const missing = (c: Currency, field: MoneyField) => add('RATE_MISSING', 'error', row, hasDateColumn && !date ? 'date' : field, date, { currency: c, date });
  if (given.KZT !== undefined) {
    fig.KZT = given.KZT;
    fig.KZTFrom = 'given';
  } else {
    const from = FOREIGN.find((c) => given[c] !== undefined);
    if (from) {
      const r = rateOf(from);
      if (r) {
        fig.KZT = roundMoney(convertToKzt(given[from]!, r));
        fig.KZTFrom = 'converted';
        fig.rates.push(provenance(r));
      } else if (date || !hasDateColumn) missing(from, fieldFor(row, from));
      // With an unreadable or empty date the date's own finding names the fault.
    }
  }
  if (given.CNY !== undefined) {
    fig.CNY = given.CNY;
    fig.CNYFrom = 'given';
  } else if (fig.KZT !== null) {
    const r = rateOf('CNY');
    if (r) {
      fig.CNY = kztToYuan(fig.KZT, r);
      fig.CNYFrom = 'converted';
      if (!fig.rates.some((p) => p.currency === 'CNY' && p.date === r.date)) fig.rates.push(provenance(r));
    }
    // No CNY rate for a tenge figure: the yuan equivalent stays unknown (null), nothing had to be converted.
  }
  return fig;
}

/** Big with 10 decimals truncated on division: cheaper than the 20 decimals of convertFromKzt. */
const Big10 = Big();
Big10.DP = 10;
Big10.RM = Big.roundDown;

/**
 * Tenge → yuan to the fen. The quotient truncated at 10 decimals lies on the same side of every
 * rounding boundary (3 decimals) as the exact one, so rounding it half away from zero is exact.
 */
export function kztToYuan(kzt: Big, r: Rate): Big {
  return new Big(new Big10(kzt).times(r.quant).div(r.quoted).round(2, Big.roundHalfUp));
}

function fieldFor(row: RegisterRow, c: Currency): MoneyField {
  if (row.amounts[c as MoneyField]) return c as MoneyField;
  return 'value';
}

function checkFields(row: RegisterRow, add: Add, mapped: Set<string>, opts: CheckOptions): void {
  if (!row.name) add('MISSING_VALUE', 'error', row, 'name', null);
  if (row.jobsQualifier && row.jobs !== null) add('APPROXIMATE', 'info', row, 'jobs', row.jobsText, { qualifierKey: `qualifier.${row.jobsQualifier}`, amount: row.jobs });
  if (mapped.has('date')) {
    const d = row.date;
    if (!d.ok) {
      if (d.reason === 'empty') add('MISSING_VALUE', 'warning', row, 'date', null);
      else if (d.reason === 'error') add('CELL_ERROR', 'error', row, 'date', d.text);
      else add('DATE_INVALID', 'warning', row, 'date', d.text, { reasonKey: 'reason.unreadable' });
    } else if (d.iso > opts.today) add('DATE_INVALID', 'warning', row, 'date', shown(row.cells.date), { reasonKey: 'reason.future' });
    else if (d.iso < '1991-01-01') add('DATE_INVALID', 'warning', row, 'date', shown(row.cells.date), { reasonKey: 'reason.before1991' });
  }
  if (mapped.has('status')) {
    if (!row.statusText) add('MISSING_VALUE', 'warning', row, 'status', null);
    else if (!row.status) add('STATUS_UNKNOWN', 'warning', row, 'status', row.statusText);
  }
}

// --- totals --------------------------------------------------------------------------------

/** Per money column: the sum of its own cells, and the sum of the rows' figures in its currency. */
type Sums = Map<MoneyField, { column: Big; figures: Big }>;

function newSums(): Sums {
  return new Map();
}
function resetSums(s: Sums): void {
  s.clear();
}

function accumulate(s: Sums, row: RegisterRow, fig: RowFigures): void {
  for (const f of MONEY_FIELDS) {
    const res = row.amounts[f];
    if (!res) continue;
    const cur = s.get(f) ?? { column: new Big(0), figures: new Big(0) };
    if (res.ok && res.currency) cur.column = cur.column.plus(roundMoney(res.amount));
    const c = res.ok ? res.currency : null;
    const inCurrency = c === 'KZT' ? fig.KZT : c === 'CNY' ? fig.CNY : c ? fig.other[c] ?? null : null;
    const colCur = f === 'KZT' ? fig.KZT : f === 'CNY' ? fig.CNY : inCurrency;
    if (colCur) cur.figures = cur.figures.plus(colCur);
    s.set(f, cur);
  }
}

/** A stated total agrees when it equals, to the tiyn, either the column's own cells or the rows' figures (converted ones included). */
function reconcile(row: RegisterRow, sums: Sums, add: Add): void {
  for (const f of MONEY_FIELDS) {
    const res = row.amounts[f] as AmountResult | undefined;
    if (!res || !res.ok) continue;
    const stated = roundMoney(res.amount);
    const s = sums.get(f) ?? { column: new Big(0), figures: new Big(0) };
    if (stated.eq(s.column) || stated.eq(s.figures)) continue;
    const computed = s.figures.gt(0) ? s.figures : s.column;
    add('TOTAL_MISMATCH', 'error', row, f, shown(row.cells[f]), {
      stated: moneyString(stated), computed: moneyString(computed), currency: res.currency ?? (f === 'value' ? '' : f),
    });
  }
}

// --- questions a reviewer asks of the whole register ---------------------------------------------

/** A row that gives both tenge and yuan: does their ratio agree with the NBK rate of its date? */
function crossRate(row: RegisterRow, fig: RowFigures, rates: RateTable, tolerance: number, add: Add): void {
  if (fig.KZTFrom !== 'given' || fig.CNYFrom !== 'given' || !fig.KZT || !fig.CNY || fig.CNY.eq(0) || !row.date.ok) return;
  const r = rates.lookup('CNY', row.date.iso);
  if (!r) return;
  const implied = fig.KZT.div(fig.CNY);
  const diff = implied.div(r.perUnit).minus(1).abs();
  if (diff.gt(tolerance)) {
    add('CROSS_RATE', 'error', row, 'CNY', shown(row.cells.CNY), {
      implied: implied.round(4, Big.roundHalfUp).toFixed(4), official: r.perUnit.toFixed(4), date: r.date, diff: diff.times(100).round(1, Big.roundHalfUp).toFixed(1),
    });
  }
}

function dupKey(s: string | null): string {
  return s ? fold(s) : '';
}

/** The same project twice: same name and investor, or same name and same value. The later row names the earlier. */
function duplicate(row: RegisterRow, fig: RowFigures, seen: Map<string, number>, add: Add): void {
  const name = dupKey(row.name);
  if (!name) return;
  const keys: string[] = [];
  if (row.investor) keys.push(`ni|${name}|${dupKey(row.investor)}`);
  if (fig.KZT) keys.push(`nv|${name}|${fig.KZT.toFixed(2)}`);
  const earlier = keys.map((k) => seen.get(k)).find((r) => r !== undefined);
  if (earlier !== undefined) add('DUPLICATE_PROJECT', 'warning', row, 'name', row.name, { earlier });
  for (const k of keys) if (!seen.has(k)) seen.set(k, row.row);
}

/** Figures a thousand times or more away from their currency's median were probably keyed in the wrong unit. */
function unitSuspects(given: GivenFigure[], add: Add): void {
  const by = new Map<Currency, GivenFigure[]>();
  for (const g of given) (by.get(g.currency) ?? by.set(g.currency, []).get(g.currency)!).push(g);
  for (const [currency, list] of by) {
    if (list.length < 3) continue;
    const sorted = list.map((g) => g.amount).sort((a, b) => a.cmp(b));
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : sorted[mid - 1].plus(sorted[mid]).div(2);
    const hi = median.times(UNIT_SUSPECT_FACTOR);
    const lo = median.div(UNIT_SUSPECT_FACTOR);
    for (const g of list) {
      if (g.amount.gte(hi) || g.amount.lte(lo)) {
        add('UNIT_SUSPECT', 'warning', g.row, g.field, g.raw, { currency, median: moneyString(median), amount: moneyString(g.amount) });
      }
    }
  }
}

/** The control figures the user declared against the register (optionally for one status). */
function control(reg: Register, figures: Map<number, RowFigures>, c: ControlFigures, tolerance: number, add: Add): void {
  let count = 0;
  let total = new Big(0);
  for (const r of reg.rows) {
    if (r.kind !== 'project' || (c.status && r.status !== c.status)) continue;
    count++;
    const f = figures.get(r.row);
    if (f?.KZT) total = total.plus(f.KZT);
  }
  const statusKey = c.status ? `status.${c.status}` : null;
  if (c.count !== undefined && c.count !== count) {
    add('CONTROL_MISMATCH', 'error', null, 'count', null, { expected: c.count, actual: count, scopeKey: statusKey ?? 'scope.all' });
  }
  if (c.totalKZT !== undefined) {
    const allowed = c.totalKZT.abs().times(tolerance);
    if (total.minus(c.totalKZT).abs().gt(allowed)) {
      add('CONTROL_MISMATCH', 'error', null, 'KZT', null, { expected: moneyString(c.totalKZT), actual: moneyString(total), scopeKey: statusKey ?? 'scope.all' });
    }
  }
}
