/**
 * Figures and checks: each project's tenge and yuan figures (given or converted at the NBK rate of
 * its date, with provenance), and every finding a reviewer would raise about the register.
 * Rows with findings are kept and counted; nothing is dropped or changed.
 *
 * The checks run one row at a time (RegisterChecker), so a register streamed from a file is checked
 * as it is read; what the whole register decides (the median of each currency, duplicates, totals,
 * control figures) is kept in compact exact structures, and money in exact minor units (minor.ts).
 * checkRegister runs the same checker over a register read whole.
 */
import Big from 'big.js';
import { columnLetters, refColumn } from '../grid/a1';
import { shownValue } from '../grid/grid';
import { raise, sortFindings, type Finding, type FindingCode } from './findings';
import type { Params } from '../words';
import { CELL_TEXT_MAX } from '../report/plan';
import { moneyString, type AmountResult, type Currency } from '../money/money';
import {
  amountFacts, convertMinor, minorOfBig, minorString, minorToBig, MinorSum, powerOfTen, scaledOf, yuanMinor,
  type Minor, type Scaled,
} from '../money/minor';
import { convertToKzt, kztToYuan, type Rate, type RateTable } from '../rates/rates';
import { cellOf, MONEY_FIELDS, type Field, type Header, type MoneyField, type Register, type RegisterRow, type StatusCode } from '../register/register';
import { FloatList, IntList, StringTable } from './stream-keys';

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
  readonly KZT: Big | null;
  readonly CNY: Big | null;
  KZTFrom: 'given' | 'converted' | null;
  CNYFrom: 'given' | 'converted' | null;
  /** Other currencies as given. */
  readonly other: Partial<Record<Currency, Big>>;
  /** The rates used to convert, with their provenance. */
  rates: Provenance[];
  /** The same tenge and yuan in tiyn and fen (hundredths), exact. */
  readonly kzt: Minor | null;
  readonly cny: Minor | null;
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

const CURRENCY_INDEX: Record<Currency, number> = { KZT: 0, CNY: 1, USD: 2, EUR: 3, RUB: 4 };
const CURRENCY_OF: Currency[] = ['KZT', 'CNY', 'USD', 'EUR', 'RUB'];
/** Each money field's place in MONEY_FIELDS. */
const MONEY_INDEX = {} as Record<MoneyField, number>;
MONEY_FIELDS.forEach((f, i) => (MONEY_INDEX[f] = i));
const NO_RATES: Provenance[] = [];
const NO_OTHER: Partial<Record<Currency, Minor>> = {};

/** A project's figures: exact hundredths inside, Bigs made when asked for. */
class Figures implements RowFigures {
  KZTFrom: 'given' | 'converted' | null = null;
  CNYFrom: 'given' | 'converted' | null = null;
  rates: Provenance[] = NO_RATES;
  kzt: Minor | null = null;
  cny: Minor | null = null;
  otherMinor: Partial<Record<Currency, Minor>> = NO_OTHER;
  constructor(readonly row: number) {}
  get KZT(): Big | null {
    return this.kzt === null ? null : minorToBig(this.kzt);
  }
  get CNY(): Big | null {
    return this.cny === null ? null : minorToBig(this.cny);
  }
  get other(): Partial<Record<Currency, Big>> {
    const o: Partial<Record<Currency, Big>> = {};
    for (const [c, v] of Object.entries(this.otherMinor) as [Currency, Minor][]) o[c] = minorToBig(v);
    return o;
  }
}

/** What a rate needs for exact conversion in hundredths, worked out once per rate. */
interface RateUse {
  rate: Rate;
  prov: Provenance;
  /** [prov], shared by every row converted at this rate alone. */
  alone: Provenance[];
  quoted: Scaled;
  /** log10 of the quant, or -1 when it is not a power of ten (then Big arithmetic, as convertToKzt). */
  quantExp: number;
  perUnit: number;
}

const rateUses = new WeakMap<Rate, RateUse>();

function rateUse(r: Rate): RateUse {
  let u = rateUses.get(r);
  if (!u) {
    const prov: Provenance = { currency: r.currency, rate: r.perUnit, quoted: r.quoted, quant: r.quant, date: r.date, source: r.source };
    u = { rate: r, prov, alone: [prov], quoted: scaledOf(r.quoted), quantExp: powerOfTen(r.quant), perUnit: Number(r.perUnit.toString()) };
    rateUses.set(r, u);
  }
  return u;
}

/** The column of an A1 address, for ordering a row's findings. */
const colOfCell = (cell: string | null): number => (cell ? refColumn(cell) : 0);

const shown = shownValue;

// Tenge → yuan to the fen lives beside the other conversions (rates.ts), where the worksheet functions take it too.
export { kztToYuan };

/** Tenge of a foreign figure, in hundredths, as roundMoney(convertToKzt(…)) gives it. */
function toKzt(amount: Minor, u: RateUse, r: Rate): Minor {
  if (u.quantExp >= 0) return convertMinor(amount, u.quoted, u.quantExp);
  return minorOfBig(convertToKzt(minorToBig(amount), r));
}

/** Per money column: the sum of its own cells, and the sum of the rows' figures in its currency (hundredths). */
interface Sums {
  column: MinorSum;
  figures: MinorSum;
}

/**
 * Findings of one register, row by row. Call row() for every row in sheet order, then finish() once.
 * Findings come out in the order checkRegister has always given: the sheet's own first, then by row,
 * column and the order they were found.
 */
export class RegisterChecker {
  private readonly sheet: string;
  private readonly header: Header;
  private readonly mapped: Set<Field>;
  private readonly moneyFields: MoneyField[];
  private readonly letters: Partial<Record<Field, string>> = {};
  private readonly hasDate: boolean;
  private readonly tolerance: number;
  private readonly sheetFindings: Finding[] = [];
  private readonly rowFindings: Finding[] = [];
  private rowBuf: Finding[] = [];
  private readonly sinceTotal = new Map<MoneyField, Sums>();
  private readonly sinceSubtotal = new Map<MoneyField, Sums>();
  // A total above every project (right under the header) states the sum of the rows below it: checked at the end.
  private readonly allProjects = new Map<MoneyField, Sums>();
  private readonly topTotals: RegisterRow[] = [];
  private anyProject = false;
  // Given figures for the median test: one entry per positive figure, in row order.
  private readonly unitRow = new IntList();
  private readonly unitField = new IntList();
  private readonly unitCurrency = new IntList();
  private readonly unitApprox = new FloatList();
  private readonly unitRawNumber = new FloatList();
  private readonly unitRawText = new Map<number, string>();
  private readonly unitExact = new Map<number, Big>();
  private readonly currenciesSeen: number[] = [];
  // Duplicates: folded names and investors interned; per name its first investor, its first value and their rows.
  private readonly names = new StringTable();
  private readonly investors = new StringTable();
  private readonly investorIds = new Map<string, number>();
  private readonly niInvestor = new IntList();
  private readonly niRow = new IntList();
  private readonly nvValue = new FloatList();
  private readonly nvRow = new IntList();
  private readonly dupSpill = new Map<string, number>();
  // Control figures.
  private controlCount = 0;
  private readonly controlTotal = new MinorSum();
  private readonly given: (Minor | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  /** The current row's readings in hundredths, by money column's place in MONEY_FIELDS (projectFigures works them out, the sums reuse them). */
  private readonly rowMinor: (Minor | undefined)[] = MONEY_FIELDS.map(() => undefined);
  /**
   * Per currency (CURRENCY_INDEX), the rate of each date asked and what converting at it needs, null when there is
   * none: a register asks the same few thousand days for every row. The rate table does not change while a register is checked.
   */
  private readonly rateMemo: Map<string, RateUse | null>[] = CURRENCY_OF.map(() => new Map());

  constructor(sheet: string, header: Header, private readonly rates: RateTable, private readonly opts: CheckOptions) {
    this.sheet = sheet;
    this.header = header;
    this.mapped = new Set(header.columns.map((c) => c.field));
    for (const c of header.columns) this.letters[c.field] = columnLetters(c.col);
    this.moneyFields = MONEY_FIELDS.filter((f) => this.mapped.has(f));
    this.hasDate = this.mapped.has('date');
    this.tolerance = opts.crossRateTolerance ?? DEFAULT_CROSS_RATE_TOLERANCE;
    for (const d of header.duplicates) {
      this.sheetFindings.push(this.finding('HEADER_DUPLICATE', null, d.field, null, { used: columnLetters(d.used), other: columnLetters(d.other) }));
    }
    if (this.moneyFields.length === 0) this.sheetFindings.push(this.finding('HEADER_MISSING', null, 'value', null, {}));
  }

  private finding(code: FindingCode, row: RegisterRow | null, field: string | null, value: string | null, params: Params): Finding {
    return raise(code, { sheet: this.sheet, cell: row && field ? row.address[field as Field] ?? null : null, row: row ? row.row : null, field, value, params });
  }

  private add(code: FindingCode, row: RegisterRow, field: string | null, value: string | null, params: Params = {}): void {
    this.rowBuf.push(this.finding(code, row, field, value, params));
  }

  /** The row's findings, ordered by column (then as found), join the rest. */
  private flushRow(): void {
    const buf = this.rowBuf;
    if (buf.length === 0) return;
    if (buf.length > 1) {
      const keyed = buf.map((f, i) => ({ f, i, c: colOfCell(f.cell) }));
      keyed.sort((a, b) => a.c - b.c || a.i - b.i);
      for (const k of keyed) this.rowFindings.push(k.f);
    } else this.rowFindings.push(buf[0]);
    this.rowBuf = [];
  }

  /** One row of the register; a project's figures (null for other rows). */
  row(row: RegisterRow): RowFigures | null {
    let fig: Figures | null = null;
    const flag = row.flag;
    if (flag) this.rowBuf.push(raise(flag.code, { sheet: this.sheet, cell: flag.cell, row: row.row, field: flag.field, value: flag.value, params: flag.params }));
    if (row.kind === 'project') {
      fig = this.projectFigures(row);
      this.crossRate(row, fig);
      this.duplicate(row, fig);
      this.accumulate(this.sinceTotal, row, fig);
      this.accumulate(this.sinceSubtotal, row, fig);
      // Only a register with a total above its projects needs their grand sum (a top total comes before any project).
      if (this.topTotals.length) this.accumulate(this.allProjects, row, fig);
      this.anyProject = true;
      this.checkFields(row);
      const c = this.opts.control;
      if (c && !(c.status && row.status !== c.status)) {
        this.controlCount++;
        if (fig.kzt !== null) this.controlTotal.add(fig.kzt);
      }
    } else if (row.kind === 'total' && !this.anyProject) {
      this.topTotals.push(row);
    } else if (row.kind === 'total' || row.kind === 'subtotal') {
      this.reconcile(row, row.kind === 'total' ? this.sinceTotal : this.sinceSubtotal);
      this.sinceSubtotal.clear();
      if (row.kind === 'total') this.sinceTotal.clear();
    } else if (row.kind === 'heading') {
      this.sinceSubtotal.clear();
    }
    this.flushRow();
    return fig;
  }

  /** Findings found so far, row by row (the whole-register ones come with finish()). */
  get rowFindingCount(): number {
    return this.rowFindings.length;
  }

  /** The findings, in order, once every row has been seen. */
  finish(): Finding[] {
    const suspects = this.unitSuspects();
    const control = this.control();
    const out: Finding[] = [...this.sheetFindings, ...control];
    // The totals above every project, against all the projects; their findings go in row order.
    const top: Finding[] = [];
    for (const row of this.topTotals) {
      this.reconcile(row, this.allProjects);
      top.push(...this.rowBuf);
      this.rowBuf = [];
    }
    this.topTotals.length = 0;
    const rowFindings = top.length ? sortFindings([...top, ...this.rowFindings]) : this.rowFindings;
    // Unit suspects were found last: after the row's own findings of the same column.
    let j = 0;
    for (const f of rowFindings) {
      while (j < suspects.length && ((suspects[j].row as number) < (f.row as number) || (suspects[j].row === f.row && colOfCell(suspects[j].cell) < colOfCell(f.cell)))) out.push(suspects[j++]);
      out.push(f);
    }
    while (j < suspects.length) out.push(suspects[j++]);
    return out;
  }

  /** Read each money cell of a project row, report what is wrong with it, and derive tenge and yuan. */
  private projectFigures(row: RegisterRow): Figures {
    const given = this.given;
    for (let i = 0; i < 5; i++) given[i] = undefined;
    this.rowMinor.fill(undefined);
    let anyCell = false;
    for (const f of this.moneyFields) {
      const res = row.amounts[f];
      if (!res) continue;
      const raw = cellOf(row, f);
      if (!res.ok) {
        if (res.reason === 'error') {
          this.add('CELL_ERROR', row, f, shown(raw));
          anyCell = true;
        } else if (res.reason === 'unreadable') {
          this.add('AMOUNT_UNREADABLE', row, f, shown(raw));
          anyCell = true;
        }
        continue;
      }
      anyCell = true;
      const colCurrency = f === 'value' ? null : (f as Currency);
      let currency = res.currency;
      if (res.currencyInCell && colCurrency && res.currencyInCell !== colCurrency) {
        this.add('CURRENCY_CONFLICT', row, f, shown(raw), { cellCurrency: res.currencyInCell, columnCurrency: colCurrency });
        currency = res.currencyInCell;
      }
      if (!currency) {
        this.add(res.ambiguousYen ? 'CURRENCY_AMBIGUOUS' : 'CURRENCY_UNKNOWN', row, f, shown(raw));
        continue;
      }
      if (res.fromText) this.add('NUMBER_AS_TEXT', row, f, shown(raw));
      if (res.qualifier) this.add('APPROXIMATE', row, f, shown(raw), { qualifierKey: `qualifier.${res.qualifier}`, amount: moneyString(res.amount) });
      const facts = amountFacts(res);
      this.rowMinor[MONEY_INDEX[f]] = facts.minor;
      if (facts.sign < 0) this.add('NEGATIVE_AMOUNT', row, f, shown(raw));
      if (facts.decimals > 2) this.add('PRECISION', row, f, shown(raw), { amount: res.amount.toFixed() });
      const ci = CURRENCY_INDEX[currency];
      if (given[ci] === undefined) given[ci] = facts.minor;
      if (facts.sign > 0) this.collect(row, f, ci, facts.approx, facts.exact, raw);
    }
    const fig = new Figures(row.row);
    for (let ci = 2; ci < 5; ci++) {
      const g = given[ci];
      if (g !== undefined) {
        if (fig.otherMinor === NO_OTHER) fig.otherMinor = {};
        fig.otherMinor[CURRENCY_OF[ci]] = g;
      }
    }
    if (!anyCell && this.moneyFields.length > 0) {
      const first = MONEY_FIELDS.find((f) => row.amounts[f]) ?? 'value';
      this.add('MISSING_VALUE', row, first, null);
      return fig;
    }
    const date = row.date.ok ? row.date.iso : null;
    const rateOf = (c: Currency): RateUse | null => (date ? this.rateAt(c, date) : null);
    const kztGiven = given[0];
    if (kztGiven !== undefined) {
      fig.kzt = kztGiven;
      fig.KZTFrom = 'given';
    } else {
      let fromIndex = -1;
      for (let ci = 1; ci < 5; ci++) {
        if (given[ci] !== undefined) {
          fromIndex = ci;
          break;
        }
      }
      if (fromIndex > 0) {
        const from = CURRENCY_OF[fromIndex];
        const u = rateOf(from);
        if (u) {
          fig.kzt = toKzt(given[fromIndex] as Minor, u, u.rate);
          fig.KZTFrom = 'converted';
          fig.rates = u.alone;
        } else if (date || !this.hasDate) {
          // With an unreadable or empty date the date's own finding names the fault.
          this.add('RATE_MISSING', row, this.hasDate && !date ? 'date' : row.amounts[from as MoneyField] ? from : 'value', date, { currency: from, date });
        }
      }
    }
    const cnyGiven = given[1];
    if (cnyGiven !== undefined) {
      fig.cny = cnyGiven;
      fig.CNYFrom = 'given';
    } else if (fig.kzt !== null) {
      const u = rateOf('CNY');
      if (u) {
        const r = u.rate;
        fig.cny = yuanMinor(fig.kzt, u.quoted, r.quant);
        fig.CNYFrom = 'converted';
        if (fig.rates.length === 0) fig.rates = u.alone;
        else if (!fig.rates.some((p) => p.currency === 'CNY' && p.date === r.date)) fig.rates = [...fig.rates, u.prov];
      }
      // No CNY rate for a tenge figure: the yuan equivalent stays unknown (null), nothing had to be converted.
    }
    return fig;
  }

  private collect(row: RegisterRow, field: MoneyField, currency: number, approx: number, exact: Big | null, raw: unknown): void {
    const i = this.unitRow.length;
    this.unitRow.push(row.row);
    this.unitField.push(MONEY_INDEX[field]);
    this.unitCurrency.push(currency);
    this.unitApprox.push(approx);
    if (typeof raw === 'number') this.unitRawNumber.push(raw);
    else {
      this.unitRawNumber.push(NaN);
      const s = shown(raw);
      if (s !== null) this.unitRawText.set(i, s);
    }
    if (exact) this.unitExact.set(i, exact);
    if (!this.currenciesSeen.includes(currency)) this.currenciesSeen.push(currency);
  }

  private checkFields(row: RegisterRow): void {
    const opts = this.opts;
    if (row.longText) for (const field of this.mapped) {
      const v = row.cells[field];
      if (typeof v === 'string' && v.length > CELL_TEXT_MAX) {
        this.add('TEXT_TOO_LONG', row, field, `${v.slice(0, 100)}…`, { length: v.length, limit: CELL_TEXT_MAX });
      }
    }
    if (!row.name) this.add('MISSING_VALUE', row, 'name', null);
    if (row.jobsQualifier && row.jobs !== null) this.add('APPROXIMATE', row, 'jobs', row.jobsText, { qualifierKey: `qualifier.${row.jobsQualifier}`, amount: row.jobs });
    if (this.hasDate) {
      const d = row.date;
      if (!d.ok) {
        if (d.reason === 'empty') this.add('MISSING_VALUE', row, 'date', null);
        else if (d.reason === 'error') this.add('CELL_ERROR', row, 'date', d.text);
        else this.add('DATE_INVALID', row, 'date', d.text, { reasonKey: 'reason.unreadable' });
      } else if (d.iso > opts.today) this.add('DATE_INVALID', row, 'date', shown(row.cells.date), { reasonKey: 'reason.future' });
      else if (d.iso < '1991-01-01') this.add('DATE_INVALID', row, 'date', shown(row.cells.date), { reasonKey: 'reason.before1991' });
    }
    if (this.mapped.has('status')) {
      if (!row.statusText) this.add('MISSING_VALUE', row, 'status', null);
      else if (!row.status) this.add('STATUS_UNKNOWN', row, 'status', row.statusText);
    }
  }

  // --- totals ------------------------------------------------------------------------------

  private accumulate(s: Map<MoneyField, Sums>, row: RegisterRow, fig: Figures): void {
    for (const f of this.moneyFields) {
      const res = row.amounts[f];
      if (!res) continue;
      let cur = s.get(f);
      if (!cur) s.set(f, (cur = { column: new MinorSum(), figures: new MinorSum() }));
      const c = res.ok ? res.currency : null;
      if (c) cur.column.add(this.rowMinor[MONEY_INDEX[f]] ?? amountFacts(res as Extract<AmountResult, { ok: true }>).minor);
      const inCurrency = c === 'KZT' ? fig.kzt : c === 'CNY' ? fig.cny : c ? fig.otherMinor[c] ?? null : null;
      const colCur = f === 'KZT' ? fig.kzt : f === 'CNY' ? fig.cny : inCurrency;
      if (colCur !== null) cur.figures.add(colCur);
    }
  }

  /** A stated total agrees when it equals, to the tiyn, either the column's own cells or the rows' figures (converted ones included). */
  private reconcile(row: RegisterRow, sums: Map<MoneyField, Sums>): void {
    for (const f of this.moneyFields) {
      const res = row.amounts[f];
      if (!res || !res.ok) continue;
      const stated = amountFacts(res).minor;
      const s = sums.get(f);
      const column = s ? s.column.value : 0;
      const figures = s ? s.figures.value : 0;
      if (stated === column || stated === figures) continue;
      const computed = figures > 0 ? figures : column;
      this.add('TOTAL_MISMATCH', row, f, shown(row.cells[f]), {
        stated: minorString(stated), computed: minorString(computed), currency: res.currency ?? (f === 'value' ? '' : f),
      });
    }
  }

  // --- questions a reviewer asks of the whole register -------------------------------------------

  /** The rate table's rate of the date (rateMemo), with what converting at it needs. */
  private rateAt(currency: Currency, date: string): RateUse | null {
    const memo = this.rateMemo[CURRENCY_INDEX[currency]];
    let u = memo.get(date);
    if (u === undefined) {
      const r = this.rates.lookup(currency, date);
      u = r ? rateUse(r) : null;
      if (memo.size >= 100000) memo.clear();
      memo.set(date, u);
    }
    return u;
  }

  /** A row that gives both tenge and yuan: does their ratio agree with the NBK rate of its date? */
  private crossRate(row: RegisterRow, fig: Figures): void {
    if (fig.KZTFrom !== 'given' || fig.CNYFrom !== 'given' || fig.kzt === null || fig.cny === null || fig.cny === 0 || !row.date.ok) return;
    const u = this.rateAt('CNY', row.date.iso);
    if (!u) return;
    const r = u.rate;
    const tolerance = this.tolerance;
    // Far from the line either way, doubles decide; near it, the exact figures do.
    const approx = Math.abs(Number(fig.kzt) / Number(fig.cny) / u.perUnit - 1);
    if (approx < tolerance * (1 - 1e-9) - 1e-12) return;
    const KZT = minorToBig(fig.kzt), CNY = minorToBig(fig.cny);
    const implied = KZT.div(CNY);
    const diff = implied.div(r.perUnit).minus(1).abs();
    if (diff.gt(tolerance)) {
      this.add('CROSS_RATE', row, 'CNY', shown(row.cells.CNY), {
        implied: implied.round(4, Big.roundHalfUp).toFixed(4), official: r.perUnit.toFixed(4), date: r.date, diff: diff.times(100).round(1, Big.roundHalfUp).toFixed(1),
      });
    }
  }

  private investorId(investor: string): number {
    let id = this.investorIds.get(investor);
    if (id === undefined) {
      id = this.investors.internFold(investor);
      // An investor that folds to nothing ("—") is one investor all the same: the empty text's.
      if (id < 0) id = this.investors.intern('');
      if (this.investorIds.size > 100000) this.investorIds.clear();
      this.investorIds.set(investor, id);
    }
    return id;
  }

  /** The same project twice: same name and investor, or same name and same value. The later row names the earlier. */
  private duplicate(row: RegisterRow, fig: Figures): void {
    if (!row.name) return;
    const name = this.names.internFold(row.name);
    if (name < 0) return;
    const fresh = this.names.added;
    const inv = row.investor ? this.investorId(row.investor) : -1;
    const value = fig.kzt;
    if (fresh) {
      // A name not met before: nothing to compare, its keys are the first.
      if (inv >= 0) {
        this.niInvestor.set(name, inv + 1);
        this.niRow.set(name, row.row);
      }
      if (value !== null) this.setValue(name, value, row.row);
      return;
    }
    let earlier: number | undefined;
    if (inv >= 0) earlier = this.niInvestor.get(name) === inv + 1 ? this.niRow.get(name) : this.dupSpill.get(`${name}|i${inv}`);
    if (earlier === undefined && value !== null) earlier = this.getValue(name, value);
    if (earlier !== undefined) this.add('DUPLICATE_PROJECT', row, 'name', row.name, { earlier });
    if (inv >= 0) {
      if (this.niInvestor.get(name) === 0) {
        this.niInvestor.set(name, inv + 1);
        this.niRow.set(name, row.row);
      } else if (this.niInvestor.get(name) !== inv + 1 && !this.dupSpill.has(`${name}|i${inv}`)) this.dupSpill.set(`${name}|i${inv}`, row.row);
    }
    if (value !== null && this.getValue(name, value) === undefined) this.setValue(name, value, row.row);
  }

  private getValue(name: number, value: Minor): number | undefined {
    if (typeof value === 'number' && this.nvRow.get(name) > 0 && this.nvValue.get(name) === value) return this.nvRow.get(name);
    return this.dupSpill.get(`${name}|v${minorString(value)}`);
  }

  private setValue(name: number, value: Minor, row: number): void {
    if (typeof value === 'number' && this.nvRow.get(name) === 0) {
      this.nvValue.set(name, value);
      this.nvRow.set(name, row);
    } else this.dupSpill.set(`${name}|v${minorString(value)}`, row);
  }

  /** Figures a thousand times or more away from their currency's median were probably keyed in the wrong unit. */
  private unitSuspects(): Finding[] {
    const n = this.unitRow.length;
    const out: { f: Finding; row: number; col: number; seq: number }[] = [];
    const exactOf = (i: number): Big => this.unitExact.get(i) ?? new Big(String(this.unitApprox.get(i)));
    let seq = 0;
    for (const ci of this.currenciesSeen) {
      const list: number[] = [];
      let sparse = false;
      for (let i = 0; i < n; i++) {
        if (this.unitCurrency.get(i) !== ci) continue;
        list.push(i);
        if (this.unitExact.has(i)) sparse = true;
      }
      if (list.length < 3) continue;
      const mid = list.length >> 1;
      let median: Big;
      if (!sparse) {
        const sorted = new Float64Array(list.length);
        list.forEach((i, k) => (sorted[k] = this.unitApprox.get(i)));
        sorted.sort();
        median = list.length % 2 ? new Big(String(sorted[mid])) : new Big(String(sorted[mid - 1])).plus(new Big(String(sorted[mid]))).div(2);
      } else {
        const sorted = list.map(exactOf).sort((a, b) => a.cmp(b));
        median = sorted.length % 2 ? sorted[mid] : sorted[mid - 1].plus(sorted[mid]).div(2);
      }
      const hi = median.times(UNIT_SUSPECT_FACTOR);
      const lo = median.div(UNIT_SUSPECT_FACTOR);
      const hiD = Number(hi.toString()), loD = Number(lo.toString());
      const currency = CURRENCY_OF[ci];
      for (const i of list) {
        const d = this.unitApprox.get(i);
        let flagged = d > hiD || d < loD;
        if (!flagged && (d === hiD || d === loD)) {
          const x = exactOf(i);
          flagged = x.gte(hi) || x.lte(lo);
        }
        if (!flagged) continue;
        const row = this.unitRow.get(i);
        const field = MONEY_FIELDS[this.unitField.get(i)];
        const rawN = this.unitRawNumber.get(i);
        const raw = Number.isNaN(rawN) ? this.unitRawText.get(i) ?? null : String(rawN);
        const cell = this.letters[field] !== undefined ? this.letters[field] + row : null;
        const f = raise('UNIT_SUSPECT', {
          sheet: this.sheet, cell, row, field, value: raw,
          params: { currency, median: moneyString(median), amount: moneyString(exactOf(i)) },
        });
        out.push({ f, row, col: colOfCell(cell), seq: seq++ });
      }
    }
    out.sort((a, b) => a.row - b.row || a.col - b.col || a.seq - b.seq);
    return out.map((x) => x.f);
  }

  /** The control figures the user declared against the register (optionally for one status). */
  private control(): Finding[] {
    const c = this.opts.control;
    if (!c) return [];
    const out: Finding[] = [];
    const tolerance = this.opts.controlTolerance ?? DEFAULT_CONTROL_TOLERANCE;
    const statusKey = c.status ? `status.${c.status}` : null;
    const count = this.controlCount;
    if (c.count !== undefined && c.count !== count) {
      out.push(this.finding('CONTROL_MISMATCH', null, 'count', null, { expected: c.count, actual: count, scopeKey: statusKey ?? 'scope.all' }));
    }
    if (c.totalKZT !== undefined) {
      const total = minorToBig(this.controlTotal.value);
      const allowed = c.totalKZT.abs().times(tolerance);
      if (total.minus(c.totalKZT).abs().gt(allowed)) {
        out.push(this.finding('CONTROL_MISMATCH', null, 'KZT', null, { expected: moneyString(c.totalKZT), actual: moneyString(total), scopeKey: statusKey ?? 'scope.all' }));
      }
    }
    return out;
  }
}

export function checkRegister(reg: Register, rates: RateTable, opts: CheckOptions): CheckResult {
  const checker = new RegisterChecker(reg.sheet, reg.header, rates, opts);
  const figures = new Map<number, RowFigures>();
  for (const row of reg.rows) {
    const fig = checker.row(row);
    if (fig) figures.set(row.row, fig);
  }
  return { figures, findings: checker.finish() };
}

