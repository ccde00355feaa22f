/// <reference types="custom-functions-runtime" />
/**
 * Excel custom functions, namespace TIZILIM: the core's own reading and conversion of a figure,
 * asked in a formula (=TIZILIM.AMOUNT(F8), =TIZILIM.TOKZT(F8; "CNY"; H8; Rates!A1:E40)). The
 * answers are src/core/functions's: one implementation with the register and the CLI. Pure: no
 * network, no workbook access, no state.
 *
 * The JSDoc tags below are the metadata: custom-functions-metadata turns them into functions.json
 * (tools/functions-metadata.js, run by the build), which Office reads with the ids and parameters;
 * the Kazakh and Russian files take the names and descriptions from the words catalogue.
 * (learn.microsoft.com/office/dev/add-ins/excel/custom-functions-json-autogeneration,
 *  …/custom-functions-naming, …/custom-functions-localize)
 *
 * Runtime: these run in Excel's JavaScript-only runtime on Windows (no <Runtimes> element in the
 * manifest, so the task pane keeps its own webview). Office documents that in Office for Windows
 * before version 2403 and in perpetual Office through 2021 that runtime "directly supports the
 * ECMAScript 2016 standard of JavaScript" (learn.microsoft.com/office/dev/add-ins/testing/runtimes):
 * so this bundle is compiled to ES2016, imports nothing that uses bigint, and test/functions checks
 * that it parses as ES2016. On the web and on Mac the functions run in a browser runtime.
 *
 * A figure that cannot be read gives #VALUE! with the reason as the error's message, which Excel
 * shows in the cell's error tooltip (learn.microsoft.com/office/dev/add-ins/excel/custom-functions-errors:
 * CustomFunctions.Error with ErrorCode.invalidValue and a message); TIZILIM.AMOUNT.WHY gives the
 * same reason as text, for every host.
 */
// `any` is Excel's own parameter type here: custom-functions-metadata turns a TypeScript `any` into
// "type": "any" (a number, a text or a boolean) and `any[][]` into a range; `unknown` it does not take.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type Big from 'big.js';
import { amountIn, amountOf, amountWhy, columnContext, currencyArg, currencyOf, dateArg, dateKindOf, problemText, rateOf, ratesOf, toCny, toKzt, type FnProblem, type FnResult } from '../core/functions/functions';
import type { CellValue } from '../core/grid/grid';
import { isLang, langFromOffice, type Lang } from '../core/words';

/** The error Excel shows: CustomFunctions.Error where the runtime has it, an equivalent elsewhere (tests, other engines). */
export class FunctionError extends Error {
  constructor(readonly code: '#VALUE!' | '#N/A', message: string) {
    super(message);
    this.name = 'FunctionError';
  }
}

declare const navigator: { language?: string } | undefined;

/**
 * The language of the answers' words: the runtime's (Office's display language where a browser runtime
 * gives it); null in Excel's JavaScript-only runtime, which gives none.
 */
function language(): Lang | null {
  const given = typeof navigator !== 'undefined' && navigator ? navigator.language : undefined;
  return given ? langFromOffice(given) : null;
}

/** The reason in the runtime's language, or in Kazakh and Russian both where it gives none. */
export function errorMessage(p: FnProblem, lang: Lang | null = language()): string {
  return lang ? problemText(p, lang) : `${problemText(p, 'kk')} / ${problemText(p, 'ru')}`;
}

function fail(p: FnProblem): never {
  const message = errorMessage(p);
  if (typeof CustomFunctions !== 'undefined' && CustomFunctions.Error) {
    const code = p.error === 'na' ? CustomFunctions.ErrorCode.notAvailable : CustomFunctions.ErrorCode.invalidValue;
    throw new CustomFunctions.Error(code, message);
  }
  throw new FunctionError(p.error === 'na' ? '#N/A' : '#VALUE!', message);
}

function get<T>(r: FnResult<T>): T {
  if (!r.ok) fail(r.problem);
  return r.value;
}

/** A cell's value as Excel passes it to a function: number, string, boolean, or empty (null / ""). */
function cell(v: unknown): CellValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

const num = (x: Big): number => Number(x.toString());

/**
 * The figure as Tizilim reads it ("2 млрд 534 млн тг", "9 200,0"), in whole units.
 * @customfunction AMOUNT
 * @param {any} figure The figure as written: a number or a text such as "4,5 миллиард юаньнан астам".
 * @param {string} [currency] The column's currency or heading ("CNY", "Құны, млрд теңге"): its unit scales a bare figure.
 * @returns {number} The figure in whole units of its currency.
 */
export function amount(figure: any, currency?: string): number {
  return num(get(amountOf(cell(figure), columnContext(text(currency)))));
}

/**
 * How Tizilim reads the figure, or why it cannot.
 * @customfunction AMOUNT.WHY
 * @param {any} figure The figure as written: a number or a text such as "4,5 миллиард юаньнан астам".
 * @param {string} [currency] The column's currency or heading ("CNY", "Құны, млрд теңге"): its unit scales a bare figure.
 * @param {string} [language] kk, ru or en (default: kk).
 * @returns {string} The reading or the reason.
 */
export function amountWhyText(figure: any, currency?: string, language?: string): string {
  const lang = text(language).trim().toLowerCase();
  return amountWhy(cell(figure), columnContext(text(currency)), isLang(lang) ? lang : 'kk');
}

/**
 * The currency of the figure (KZT, CNY, USD, EUR, RUB) as Tizilim decides it.
 * @customfunction CURRENCY
 * @param {any} figure The figure as written: a number or a text such as "4,5 миллиард юаньнан астам".
 * @param {string} [heading] The column's heading or currency, used when the cell names none.
 * @returns {string} The currency code.
 */
export function currency(figure: any, heading?: string): string {
  return get(currencyOf(cell(figure), columnContext(text(heading))));
}

/**
 * The NBK rate (tenge per unit) of the date, or the latest earlier one.
 * @customfunction RATE
 * @param {string} currency KZT, CNY, USD, EUR or RUB.
 * @param {any} date The agreement date: an Excel date or DD.MM.YYYY.
 * @param {any[][]} rates The NBK rates: a range laid out like the Rates sheet (date, currency, rate, quant).
 * @returns {number} Tenge per one unit of the currency.
 */
export function rate(currency: string, date: any, rates: any[][]): number {
  const d = cell(date);
  return num(get(rateOf(get(currencyArg(cell(currency))), get(dateArg(d)), get(ratesOfRange(rates)), dateKindOf(d))));
}

/**
 * The figure in tenge at the NBK rate of the date, rounded like the register.
 * @customfunction TOKZT
 * @param {any} amount The figure: a number in whole units, or a text as in AMOUNT.
 * @param {string} currency KZT, CNY, USD, EUR or RUB.
 * @param {any} date The agreement date: an Excel date or DD.MM.YYYY.
 * @param {any[][]} rates The NBK rates: a range laid out like the Rates sheet (date, currency, rate, quant).
 * @returns {number} Tenge, to the tiyn.
 */
export function tokzt(amount: any, currency: string, date: any, rates: any[][]): number {
  const [x, c, d, table, kind] = convertArgs(amount, currency, date, rates);
  return num(get(toKzt(x, c, d, table, kind)));
}

/**
 * The figure in yuan at the NBK rates of the date, rounded like the register.
 * @customfunction TOCNY
 * @param {any} amount The figure: a number in whole units, or a text as in AMOUNT.
 * @param {string} currency KZT, CNY, USD, EUR or RUB.
 * @param {any} date The agreement date: an Excel date or DD.MM.YYYY.
 * @param {any[][]} rates The NBK rates: a range laid out like the Rates sheet (date, currency, rate, quant).
 * @returns {number} Yuan, to the fen.
 */
export function tocny(amount: any, currency: string, date: any, rates: any[][]): number {
  const [x, c, d, table, kind] = convertArgs(amount, currency, date, rates);
  return num(get(toCny(x, c, d, table, kind)));
}

function range(v: unknown): CellValue[][] {
  if (!Array.isArray(v)) return [[cell(v)]];
  return v.map((row) => (Array.isArray(row) ? row.map(cell) : [cell(row)]));
}

// A column of a register converts row after row over the same rates range: Excel passes a fresh array
// each time, so the last range read is remembered by its contents (a pure memo: the same cells give the
// same table; any change to them reads them again).
let lastRates: { key: string; table: ReturnType<typeof ratesOf> } | null = null;

function ratesOfRange(v: unknown): ReturnType<typeof ratesOf> {
  // A whole-column range (Бағамдар!A:E) comes a million rows long: its empty rows make no key.
  const rows = range(v).filter((r) => r.some((c) => c !== null && c !== ''));
  const key = JSON.stringify(rows);
  if (lastRates === null || lastRates.key !== key) lastRates = { key, table: ratesOf(rows) };
  return lastRates.table;
}

function convertArgs(amount: unknown, currency: unknown, date: unknown, rates: unknown) {
  const c = get(currencyArg(cell(currency)));
  const x = get(amountIn(cell(amount), c));
  const d = cell(date);
  return [x, c, get(dateArg(d)), get(ratesOfRange(rates)), dateKindOf(d)] as const;
}

/** Each function by the id its metadata gives it (functions.json; the test holds the two to each other). */
export const FUNCTIONS: Record<string, (...args: any[]) => number | string> = {
  AMOUNT: amount,
  'AMOUNT.WHY': amountWhyText,
  CURRENCY: currency,
  RATE: rate,
  TOKZT: tokzt,
  TOCNY: tocny,
};

if (typeof CustomFunctions !== 'undefined' && typeof CustomFunctions.associate === 'function') {
  for (const id of Object.keys(FUNCTIONS)) CustomFunctions.associate(id, FUNCTIONS[id]);
}
