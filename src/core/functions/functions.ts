/**
 * The worksheet functions TIZILIM.AMOUNT, AMOUNT.WHY, CURRENCY, RATE, TOKZT and TOCNY, pure: what the
 * register reads and converts, asked of one cell. Each is the core's own code, not a copy of it —
 *   a figure:      parseAmount with the column's context (headingUnit: its unit and currency), as
 *                  the register's RowReader reads a money cell;
 *   its currency:  the cell's own, else the column's, as the checks decide it (a "¥" with no yuan
 *                  context and no currency at all are the checks' CURRENCY_AMBIGUOUS / CURRENCY_UNKNOWN);
 *   a date:        parseDate, as the register reads an agreement date (an Excel serial or a text);
 *   the rates:     parseRatesTable over the range (the tool's rates sheet: date, currency, rate,
 *                  quant, source) and RateTable.lookup: the date's rate or the latest earlier one,
 *                  never a later one;
 *   conversion:    the register's: the figure to the tiyn, then tenge = figure × rate / quant rounded
 *                  half away from zero to 2 decimals (convertToKzt, roundMoney), and yuan from those
 *                  tenge (kztToYuan), exactly as the Register sheet's converted columns.
 *
 * Nothing here imports the bigint arithmetic of money/minor.ts: the add-in's functions bundle must
 * run where Excel's JavaScript-only runtime knows ECMAScript 2016 only (see src/functions/functions.ts).
 */
import Big from 'big.js';
import { shownValue, type CellValue } from '../grid/grid';
import { parseDate } from '../grid/dates';
import { currencyFromText, headingUnit, parseAmount, roundMoney, type AmountContext, type Currency } from '../money/money';
import { RateTable, convertToKzt, kztToYuan, parseRatesTable, type Rate } from '../rates/rates';
import { t, type Key, type Lang, type Params } from '../words';

/** Why a function has no answer: the catalogue's key and its parameters, worded in the user's language where shown. */
export interface FnProblem {
  /** #VALUE! for a figure, date, currency or range that cannot be read; #N/A for an empty figure or no rate. */
  error: 'value' | 'na';
  key: Key;
  params: Params;
}

export type FnResult<T> = { ok: true; value: T } | { ok: false; problem: FnProblem };

const ok = <T>(value: T): FnResult<T> => ({ ok: true, value });
const no = (error: FnProblem['error'], key: Key, params: Params = {}): { ok: false; problem: FnProblem } => ({ ok: false, problem: { error, key, params } });

/** The words of a problem in a language. */
export function problemText(p: FnProblem, lang: Lang): string {
  return t(p.key, lang, p.params);
}

/** The cell as the checks show it in a message (the same words), '' when empty. */
const shown = (v: CellValue): string => shownValue(v) ?? '';

/**
 * The reading context of a column from its heading, as the register builds it for a money column:
 * "Құны, млрд теңге" → ×1e9, KZT; a currency alone ("CNY", "юань") names the currency. Empty → none.
 */
export function columnContext(heading: string | null | undefined): AmountContext {
  const text = (heading ?? '').trim();
  if (!text) return {};
  const unit = headingUnit(text);
  const currency = unit.currency ?? currencyFromText(text) ?? undefined;
  return { scale: unit.scale ?? undefined, currency, yuanContext: currency === 'CNY' };
}

/** A figure in whole units of its currency, exact (not rounded), as the register reads it. */
export function amountOf(value: CellValue, ctx: AmountContext = {}): FnResult<Big> {
  const res = parseAmount(value, ctx);
  if (res.ok) return ok(res.amount);
  if (res.reason === 'empty') return no('na', 'fn.empty');
  if (res.reason === 'error') return no('value', 'finding.CELL_ERROR', { value: res.text });
  return no('value', 'finding.AMOUNT_UNREADABLE', { value: shown(value) });
}

/** The currency of a figure as the checks decide it: the cell's own word or sign, else the column's. */
export function currencyOf(value: CellValue, ctx: AmountContext = {}): FnResult<Currency> {
  const res = parseAmount(value, ctx);
  if (!res.ok) return amountOf(value, ctx) as { ok: false; problem: FnProblem };
  const currency = res.currencyInCell ?? res.currency;
  if (currency) return ok(currency);
  return no('na', res.ambiguousYen ? 'finding.CURRENCY_AMBIGUOUS' : 'finding.CURRENCY_UNKNOWN', { value: shown(value) });
}

/**
 * A figure to convert from a currency the caller names: read in that currency's context, and refused
 * when the cell names another one (the checks' CURRENCY_CONFLICT) rather than converted at the wrong rate.
 */
export function amountIn(value: CellValue, currency: Currency): FnResult<Big> {
  const ctx: AmountContext = { currency, yuanContext: currency === 'CNY' };
  const res = parseAmount(value, ctx);
  if (!res.ok) return amountOf(value, ctx);
  // "¥ 5 млн" to convert as tenge: the sign is yuan or yen, never tenge.
  if (res.ambiguousYen) return no('value', 'finding.CURRENCY_AMBIGUOUS', { value: shown(value) });
  if (res.currencyInCell && res.currencyInCell !== currency) {
    return no('value', 'finding.CURRENCY_CONFLICT', { value: shown(value), cellCurrency: res.currencyInCell, columnCurrency: currency });
  }
  return ok(res.amount);
}

/** What the register makes of a figure, in words: its amount and currency, or why it has none. */
export function amountWhy(value: CellValue, ctx: AmountContext, lang: Lang): string {
  const amount = amountOf(value, ctx);
  if (!amount.ok) return problemText(amount.problem, lang);
  const currency = currencyOf(value, ctx);
  const figure = amount.value.toFixed();
  return currency.ok ? t('fn.readAs', lang, { amount: figure, currency: currency.value }) : `${t('fn.readAs', lang, { amount: figure, currency: '' }).trim()} ${problemText(currency.problem, lang)}`;
}

/** A currency argument: a code, sign or word ("CNY", "юань", "₸"). */
export function currencyArg(value: CellValue): FnResult<Currency> {
  const c = typeof value === 'string' ? currencyFromText(value) : null;
  return c ? ok(c) : no('value', 'fn.badCurrency', { value: shown(value) });
}

/** A date argument as the register reads an agreement date: an Excel serial (1900 system) or a text. */
export function dateArg(value: CellValue): FnResult<string> {
  const d = parseDate(value);
  return d.ok ? ok(d.iso) : no('value', 'fn.badDate', { value: shown(value) });
}

const HEADINGS: CellValue[] = ['Date', 'Currency', 'Rate', 'Quant', 'Source'];

/**
 * The rates of a range in the layout of the tool's rates sheet (Бағамдар / Курсы / Rates: date,
 * currency, rate, quant, source), or any table parseRatesTable reads (a header in kk/ru/en, a wide
 * table with a column per currency); a range without its header row is read in the sheet's order.
 */
export function ratesOf(range: CellValue[][]): FnResult<RangeRates> {
  const rows = range.filter((r) => r.some((v) => v !== null && v !== '' && v !== undefined));
  let parsed = parseRatesTable(rows, 'range');
  if (!parsed.ok && parsed.problem.key === 'ratesFile.noHeader') parsed = parseRatesTable([HEADINGS, ...rows], 'range');
  // The reader's reason in the answer's own language: {reason} is filled from reasonKey.
  if (!parsed.ok) {
    const { source: _source, ...params } = parsed.problem.params;
    void _source;
    return no('value', 'fn.badRates', { ...params, reasonKey: parsed.problem.key, sourceKey: 'fn.range' });
  }
  return ok(new RangeRates(parsed.rates, !!parsed.serialDates));
}

/** A range's rates, and whether its dates came as Excel date cells (serials) rather than texts. */
export class RangeRates extends RateTable {
  constructor(rates: Rate[], readonly serialDates: boolean) {
    super(rates);
  }
}

/**
 * How a date argument came: an Excel date (a serial, counted in the workbook's date system, which a
 * custom function cannot ask) or a text ("12.10.2025", the same day in any workbook).
 */
export type DateKind = 'serial' | 'text';

export function dateKindOf(value: CellValue): DateKind {
  return typeof value === 'number' ? 'serial' : 'text';
}

/** Over this many days back, a rate found across a text date and serial dates (or the reverse) is refused. */
const MIXED_LOOKBACK_DAYS = 31;

function daysBetween(earlier: string, later: string): number {
  const at = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((at(later) - at(earlier)) / 86_400_000);
}

/**
 * The NBK rate of a currency on a date, or the latest earlier one; never a later one. A date written
 * one way (text, or a date cell) looked up among rates dated the other way reads them in the 1900
 * date system; in a workbook counting from 1904 that puts them four years early, and the lookup would
 * quietly take the range's last rate. So across the two kinds a rate over a month older than the date
 * is refused with that reason rather than used (`kind`: how the date came; omitted, no such check).
 */
export function rateOn(currency: Currency, date: string, rates: RateTable, kind?: DateKind): FnResult<Rate> {
  const r = rates.lookup(currency, date);
  if (!r) return no('na', 'finding.RATE_MISSING', { currency, date });
  const mixed = kind !== undefined && rates instanceof RangeRates && (kind === 'serial') !== rates.serialDates;
  if (mixed && daysBetween(r.date, date) > MIXED_LOOKBACK_DAYS) return no('na', 'fn.rateFarMixed', { currency, date, rateDate: r.date });
  return ok(r);
}

/** Tenge per one unit of the currency (KZT: 1). */
export function rateOf(currency: Currency, date: string, rates: RateTable, kind?: DateKind): FnResult<Big> {
  if (currency === 'KZT') return ok(new Big(1));
  const r = rateOn(currency, date, rates, kind);
  return r.ok ? ok(r.value.perUnit) : r;
}

/** Tenge of a figure as the Register sheet converts it: the figure to the tiyn, × rate / quant, to the tiyn. */
export function toKzt(amount: Big, currency: Currency, date: string, rates: RateTable, kind?: DateKind): FnResult<Big> {
  const given = roundMoney(amount);
  if (currency === 'KZT') return ok(given);
  const r = rateOn(currency, date, rates, kind);
  return r.ok ? ok(roundMoney(convertToKzt(given, r.value))) : r;
}

/** Yuan of a figure as the Register sheet converts it: yuan as given, else from its tenge at the CNY rate. */
export function toCny(amount: Big, currency: Currency, date: string, rates: RateTable, kind?: DateKind): FnResult<Big> {
  if (currency === 'CNY') return ok(roundMoney(amount));
  const kzt = toKzt(amount, currency, date, rates, kind);
  if (!kzt.ok) return kzt;
  const r = rateOn('CNY', date, rates, kind);
  return r.ok ? ok(kztToYuan(kzt.value, r.value)) : r;
}
