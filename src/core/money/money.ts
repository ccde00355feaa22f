/**
 * Money figures as economists write them in a Kazakh register: numbers, or text such as
 * "2 млрд 534 млн 130 тыс. тенге", "4,5 миллиард юаньнан астам", "(1 200)", "500万元".
 * Amounts are exact (big.js); rounding happens only where a figure is written out.
 */
import Big from 'big.js';
import type { CellValue } from '../grid/grid';
import { asExcelError, isCellError } from '../grid/grid';
import { CJK_WORDS, CURRENCY_WORDS, EMPTY_MARKS, KK_HYPHEN_SUFFIXES, QUALIFIER_PHRASES, QUALIFIER_WORDS, UNIT_WORDS, type Lang, type WordForms } from './units';
import { CURRENCIES, type Currency } from '../types';

export { CURRENCIES, type Currency };

/** 'over' = a lower bound (астам, свыше, more than); 'approx' = шамамен, около, about, ≈. */
export type Qualifier = 'over' | 'approx' | null;

export interface AmountContext {
  /** The column heading's unit (e.g. Big(1e9) for "млрд теңге"); default 1. */
  scale?: Big;
  /** The column heading's currency. */
  currency?: Currency;
  /** The column or register says yuan, so "¥" means CNY. */
  yuanContext?: boolean;
  /** The column's decimal separator if known (decides "1,500" etc.). */
  decimal?: ',' | '.';
}

export type AmountResult =
  | {
      ok: true;
      /** In whole units of the currency, scaled, exact, not rounded. */
      amount: Big;
      /** From the cell, else from the context, else null. */
      currency: Currency | null;
      /** A currency word or sign written in the cell itself. */
      currencyInCell: Currency | null;
      /** "¥" with no yuan context (currency then null unless ctx.currency). */
      ambiguousYen: boolean;
      /** The cell carried its own unit (overrides ctx.scale). */
      unitInCell: boolean;
      qualifier: Qualifier;
      /** The figure was a text cell (Excel will not sum it). */
      fromText: boolean;
    }
  | { ok: false; reason: 'empty' | 'unreadable' | 'error'; text: string };

// ---------------------------------------------------------------------------------------------
// Lexicon, compiled once from the data tables in units.ts.

type Lex =
  | { t: 'unit'; exp: number; scale: Big; lang: Lang; letter?: boolean }
  | { t: 'cur'; cur: Currency | 'YEN'; lang: Lang }
  | { t: 'qual'; q: 'over' | 'approx'; lang: Lang };

type Tok = Lex | { t: 'num'; raw: string; exp: number } | { t: 'minus' } | { t: 'plus' } | { t: 'lp' } | { t: 'rp' };

const WORDS = new Map<string, Lex>();
const PHRASES = new Map<string, { rest: string[]; lex: Lex }[]>();
const CJK = new Map<string, Lex>();
let CJK_MAX = 1;
const SUFFIXES = new Set(KK_HYPHEN_SUFFIXES);
const SCALES: Big[] = [];
for (let e = 0; e <= 15; e++) SCALES.push(new Big(10).pow(e));

function expand(f: WordForms): string[] {
  const out: string[] = [];
  for (const stem of f.stems) {
    out.push(stem);
    for (const list of f.endings ?? []) for (const end of list) out.push(stem + end);
  }
  return out;
}

function define(word: string, lex: Lex): void {
  // The first table entry wins so that a later, looser table cannot redefine a word.
  if (!WORDS.has(word)) WORDS.set(word, lex);
}

for (const u of UNIT_WORDS) {
  const lex: Lex = { t: 'unit', exp: u.exp, scale: SCALES[u.exp], lang: u.lang };
  // A one-letter unit ("m", "k") is marked: in a heading it counts only beside a currency.
  const letter: Lex = { ...lex, letter: true };
  for (const w of expand(u)) define(w, w.length === 1 ? letter : lex);
}
for (const c of CURRENCY_WORDS) {
  const lex: Lex = { t: 'cur', cur: c.currency, lang: c.lang };
  for (const w of expand(c)) define(w, lex);
}
for (const q of QUALIFIER_WORDS) {
  const lex: Lex = { t: 'qual', q: q.qualifier, lang: q.lang };
  for (const w of expand(q)) define(w, lex);
}
for (const p of QUALIFIER_PHRASES) {
  const lex: Lex = { t: 'qual', q: p.qualifier, lang: p.lang };
  const list = PHRASES.get(p.words[0]) ?? [];
  list.push({ rest: p.words.slice(1), lex });
  list.sort((a, b) => b.rest.length - a.rest.length);
  PHRASES.set(p.words[0], list);
}
for (const c of CJK_WORDS) {
  const lex: Lex =
    c.exp !== undefined
      ? { t: 'unit', exp: c.exp, scale: SCALES[c.exp], lang: 'zh' }
      : c.currency
        ? { t: 'cur', cur: c.currency, lang: 'zh' }
        : { t: 'qual', q: c.qualifier ?? 'approx', lang: 'zh' };
  CJK.set(c.text, lex);
  CJK_MAX = Math.max(CJK_MAX, c.text.length);
}
const EMPTY = new Set(EMPTY_MARKS);
const T_MINUS: Tok = { t: 'minus' };
const T_PLUS: Tok = { t: 'plus' };
const T_LP: Tok = { t: 'lp' };
const T_RP: Tok = { t: 'rp' };

// ---------------------------------------------------------------------------------------------
// Character classes by code point: one pass over the text, no regular expressions.

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007 || c === 0x2002 || c === 0x2003 || c === 0x2008 || c === 0x200a || c === 9 || c === 10 || c === 13 || c === 0x200b || c === 0xfeff || c === 0x3000;
}
function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x02bc;
}
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x400 && c <= 0x52f);
}
function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}
function isDash(c: number): boolean {
  return c === 45 || c === 0x2212 || c === 0x2013 || c === 0x2012;
}
function threeDigitsThenEnd(s: string, i: number): boolean {
  return isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2)) && !isDigit(s.charCodeAt(i + 3));
}

/** Reads a word of letters at i; returns its end. */
function wordEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isLetter(s.charCodeAt(j))) j++;
  return j;
}

/**
 * Splits lower-cased text into tokens. Strict: any unknown word or character → null.
 * Lenient (headings): unknown words, numbers and characters are skipped.
 */
function lex(s: string, strict: boolean): Tok[] | null {
  const toks: Tok[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // A number: digits with group separators (space-like or apostrophe before exactly three digits), ',' and '.'.
    if (isDigit(c) || ((c === 44 || c === 46) && isDigit(s.charCodeAt(i + 1)) && (i === 0 || !isLetter(s.charCodeAt(i - 1))))) {
      // The number as written, each group separator made '_': slices between separators, not a string per digit.
      let raw = '';
      let from = i;
      let j = i;
      let grouped = false;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (isDigit(d)) j++;
        else if ((d === 44 || d === 46) && isDigit(s.charCodeAt(j + 1))) j++;
        else if ((isSpace(d) || isApostrophe(d)) && d !== 10 && d !== 13 && d !== 9 && j > i && isDigit(s.charCodeAt(j - 1)) && threeDigitsThenEnd(s, j + 1)) {
          raw += s.slice(from, j) + '_';
          grouped = true;
          from = ++j;
        } else break;
      }
      raw += s.slice(from, j);
      let exp = 0;
      // Scientific notation from a CSV ("1.5E+09"); only on plain numbers.
      if (s.charCodeAt(j) === 101 && !grouped) {
        let k = j + 1;
        let sign = 1;
        if (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45) {
          if (s.charCodeAt(k) === 45) sign = -1;
          k++;
        }
        if (isDigit(s.charCodeAt(k))) {
          let e = 0;
          while (isDigit(s.charCodeAt(k)) && e < 1e6) e = e * 10 + (s.charCodeAt(k++) - 48);
          if (!isLetter(s.charCodeAt(k))) {
            exp = sign * e;
            j = k;
          }
        }
      }
      if (strict) toks.push({ t: 'num', raw, exp });
      i = j;
      continue;
    }
    if (isLetter(c)) {
      const j = wordEnd(s, i);
      const word = s.slice(i, j);
      let end = j;
      let found: Lex | undefined;
      const phrases = PHRASES.get(word);
      if (phrases) {
        for (const p of phrases) {
          let k = j;
          let ok = true;
          for (const w of p.rest) {
            while (k < n && isSpace(s.charCodeAt(k))) k++;
            const e = wordEnd(s, k);
            if (s.slice(k, e) !== w) {
              ok = false;
              break;
            }
            k = e;
          }
          if (ok) {
            found = p.lex;
            end = k;
            break;
          }
        }
      }
      if (!found) found = WORDS.get(word);
      if (!found) {
        if (strict) return null;
      } else toks.push(found);
      i = end;
      // An abbreviation's full stop ("тыс.", "руб.", "approx.").
      if (s.charCodeAt(i) === 46) i++;
      continue;
    }
    if (isDash(c)) {
      const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
      // A Kazakh ending after a hyphen ("млрд-тан", "100-ден") belongs to the word or number before it.
      if (c === 45 && (isLetter(prev) || isDigit(prev) || prev === 46) && isLetter(s.charCodeAt(i + 1))) {
        const j = wordEnd(s, i + 1);
        if (SUFFIXES.has(s.slice(i + 1, j))) {
          i = j;
          continue;
        }
        if (strict) return null;
        i = j;
        continue;
      }
      if (strict) toks.push(T_MINUS);
      i++;
      continue;
    }
    if (isCjk(c)) {
      let matched = 0;
      for (let len = Math.min(CJK_MAX, n - i); len > 0; len--) {
        const w = CJK.get(s.slice(i, i + len));
        if (w) {
          toks.push(w);
          matched = len;
          break;
        }
      }
      if (matched === 0) {
        if (strict) return null;
        matched = 1;
      }
      i += matched;
      continue;
    }
    if (c === 40 || c === 41 || c === 43) {
      if (strict) toks.push(c === 40 ? T_LP : c === 41 ? T_RP : T_PLUS);
      i++;
      continue;
    }
    // Signs and symbols are single characters in the word table (₸, $, €, ₽, ¥, ≈, ~, >).
    const sym = WORDS.get(s[i]);
    if (sym) {
      toks.push(sym);
      i++;
      continue;
    }
    if (strict) return null;
    i++;
  }
  return toks;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Valid digit groups: the first 1–3 digits, each later one exactly 3. */
function validGroups(parts: string[]): boolean {
  if (parts[0].length < 1 || parts[0].length > 3) return false;
  for (let k = 1; k < parts.length; k++) if (parts[k].length !== 3) return false;
  return true;
}

function count(s: string, ch: string): number {
  let k = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) k++;
  return k;
}

/**
 * Turns a scanned number ("1_234,5", "1.234.567,89", "1,500") into plain decimal text, or null.
 * Rule for a lone ',' or '.' followed by exactly three digits ("1,500", "1.500"): ctx.decimal decides;
 * without it an English word in the cell makes it the English reading (',' groups, '.' decimal);
 * otherwise the mark is the decimal mark (the Kazakh/Russian convention: "1,500" = 1.5).
 */
function plainNumber(raw: string, decimal: ',' | '.' | undefined, english: boolean): string | null {
  const commas = count(raw, ',');
  const dots = count(raw, '.');
  if (raw.indexOf('_') >= 0) {
    if (commas + dots > 1) return null;
    const groups = raw.split('_');
    const last = groups[groups.length - 1];
    const m = commas + dots === 1 ? (commas ? last.indexOf(',') : last.indexOf('.')) : -1;
    if (commas + dots === 1 && m < 0) return null; // the decimal mark must follow the last group
    if (m >= 0) groups[groups.length - 1] = last.slice(0, m);
    if (!validGroups(groups)) return null;
    return groups.join('') + (m >= 0 ? '.' + last.slice(m + 1) : '');
  }
  if (commas === 0 && dots === 0) return raw;
  if (commas > 0 && dots > 0) {
    const lastComma = raw.lastIndexOf(',');
    const lastDot = raw.lastIndexOf('.');
    const dec = lastComma > lastDot ? ',' : '.';
    const grp = dec === ',' ? '.' : ',';
    if ((dec === ',' ? commas : dots) !== 1) return null;
    const at = raw.lastIndexOf(dec);
    const intPart = raw.slice(0, at);
    if (!validGroups(intPart.split(grp))) return null;
    return intPart.split(grp).join('') + '.' + raw.slice(at + 1);
  }
  const mark = commas ? ',' : '.';
  const parts = raw.split(mark);
  if (parts.length > 2) return validGroups(parts) ? parts.join('') : null;
  const [intPart, frac] = parts;
  const ambiguous = frac.length === 3 && intPart.length >= 1 && intPart.length <= 3 && intPart[0] !== '0';
  if (ambiguous) {
    const dec = decimal ?? (english ? '.' : mark);
    if (dec !== mark) return intPart + frac;
  }
  return (intPart || '0') + '.' + frac;
}

/** A number cell as Excel shows it: at most 15 significant digits, so 0.1+0.2 reads as 0.3. */
export function bigFromNumber(n: number): Big {
  if (n === 0) return new Big(0);
  // The shortest round-trip text is exact when it has at most 15 digits; only longer ones need toPrecision.
  const s = String(n);
  let digits = s.length;
  if (n < 0) digits--;
  if (s.indexOf('.') >= 0) digits--;
  return new Big(digits <= 15 && s.indexOf('e') < 0 ? s : n.toPrecision(15));
}

// ---------------------------------------------------------------------------------------------
// parseAmount

function fail(reason: 'empty' | 'unreadable' | 'error', text: string): AmountResult {
  return { ok: false, reason, text };
}

function withScale(x: Big, scale: Big | undefined): Big {
  return scale === undefined ? x : x.times(scale);
}

export function parseAmount(value: CellValue, ctx?: AmountContext): AmountResult {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('unreadable', String(value));
    return {
      ok: true,
      amount: withScale(bigFromNumber(value), ctx?.scale),
      currency: ctx?.currency ?? null,
      currencyInCell: null,
      ambiguousYen: false,
      unitInCell: false,
      qualifier: null,
      fromText: false,
    };
  }
  if (value === null || value === undefined) return fail('empty', '');
  if (typeof value === 'string') return parseText(value, ctx);
  if (isCellError(value)) return fail('error', value.error);
  if (value instanceof Date) return fail('unreadable', isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString());
  return fail('unreadable', String(value));
}

function parseText(text: string, ctx: AmountContext | undefined): AmountResult {
  try {
    return parseTextInner(text, ctx);
  } catch {
    // Never reached by design; a register must never stop on one odd cell.
    return fail('unreadable', text);
  }
}

function parseTextInner(text: string, ctx: AmountContext | undefined): AmountResult {
  let a = 0;
  let b = text.length;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (a === b) return fail('empty', text);
  const trimmed = a === 0 && b === text.length ? text : text.slice(a, b);
  if (EMPTY.has(trimmed)) return fail('empty', text);
  if (trimmed.charCodeAt(0) === 35 && asExcelError(trimmed)) return fail('error', trimmed);
  const toks = lex(trimmed.toLowerCase(), true);
  if (!toks) return fail('unreadable', text);

  let sign = 0;
  let open = false;
  let closed = false;
  let qualifier: Qualifier = null;
  let cur: Currency | null = null;
  let yen = false;
  let english = false;
  let local = false;
  const nums: { raw: string; exp: number }[] = [];
  const units: (Lex & { t: 'unit' })[] = [];
  for (const tk of toks) {
    switch (tk.t) {
      case 'num':
        if (closed || nums.length > units.length) return fail('unreadable', text);
        nums.push(tk);
        break;
      case 'unit':
        if (nums.length !== units.length + 1) return fail('unreadable', text);
        units.push(tk);
        break;
      case 'cur':
        if (tk.cur === 'YEN') yen = true;
        else if (cur !== null && cur !== tk.cur) return fail('unreadable', text);
        else cur = tk.cur;
        break;
      case 'qual':
        if (qualifier === null) qualifier = tk.q;
        break;
      case 'minus':
      case 'plus':
        if (sign !== 0 || nums.length > 0) return fail('unreadable', text);
        sign = tk.t === 'minus' ? -1 : 1;
        break;
      case 'lp':
        if (open || nums.length > 0) return fail('unreadable', text);
        open = true;
        break;
      case 'rp':
        if (!open || closed || nums.length === 0) return fail('unreadable', text);
        closed = true;
        break;
    }
    if (tk.t === 'unit' || tk.t === 'cur' || tk.t === 'qual') {
      if (tk.lang === 'en') english = true;
      else if (tk.lang === 'kk' || tk.lang === 'ru') local = true;
    }
  }
  if (nums.length === 0 || open !== closed || (open && sign !== 0)) return fail('unreadable', text);
  // Compound figures go from big units to small: "2 млрд 534 млн 130 тыс."; a unitless tail counts in ones.
  if (nums.length > 1) {
    if (units.length < nums.length - 1) return fail('unreadable', text);
    for (let k = 1; k < units.length; k++) if (units[k].exp >= units[k - 1].exp) return fail('unreadable', text);
  }
  const isEnglish = english && !local;
  let amount = new Big(0);
  for (let k = 0; k < nums.length; k++) {
    const plain = plainNumber(nums[k].raw, ctx?.decimal, isEnglish);
    if (plain === null) return fail('unreadable', text);
    let x = new Big(plain);
    if (nums[k].exp !== 0) {
      if (Math.abs(nums[k].exp) > 300) return fail('unreadable', text);
      x = x.times(new Big(10).pow(nums[k].exp));
    }
    if (k < units.length) x = x.times(units[k].scale);
    amount = nums.length === 1 ? x : amount.plus(x);
  }
  const unitInCell = units.length > 0;
  if (!unitInCell) amount = withScale(amount, ctx?.scale);
  if ((sign < 0 || open) && !amount.eq(0)) amount = amount.neg();

  let ambiguousYen = false;
  if (yen) {
    if (cur !== null && cur !== 'CNY') return fail('unreadable', text);
    // ¥ is also the Japanese yen: it is yuan only where the column or register says yuan.
    if (cur === null) {
      if (ctx?.yuanContext || ctx?.currency === 'CNY') cur = 'CNY';
      else ambiguousYen = true;
    }
  }
  return {
    ok: true,
    amount,
    // A ¥ the context does not make yuan names no currency: not the column's tenge either.
    currency: ambiguousYen ? null : cur ?? ctx?.currency ?? null,
    currencyInCell: cur,
    ambiguousYen,
    unitInCell,
    qualifier,
    fromText: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Headings, rounding, sums

/** The unit and currency a column heading states: "Құны, млрд теңге" → 1e9, KZT. */
export function headingUnit(heading: string): { scale: Big | null; currency: Currency | null; yuan: boolean } {
  const toks = lex(String(heading ?? '').toLowerCase(), false) ?? [];
  let scale: Big | null = null;
  let letterScale: Big | null = null;
  let currency: Currency | null = null;
  for (const tk of toks) {
    if (tk.t === 'unit') {
      // "Type B" is not billions: a lone letter is a unit only in a heading that names a currency.
      if (tk.letter) letterScale ??= tk.scale;
      else scale ??= tk.scale;
    } else if (tk.t === 'cur' && tk.cur !== 'YEN') currency ??= tk.cur;
  }
  if (scale === null && currency !== null) scale = letterScale;
  return { scale, currency, yuan: currency === 'CNY' };
}

/** Half away from zero, like Excel's ROUND. */
export function roundMoney(x: Big, dp = 2): Big {
  const r = x.round(dp, Big.roundHalfUp);
  return r.eq(0) ? new Big(0) : r;
}

/** "18500000000.00": two decimals, half away from zero, plain digits, '-' for negatives. */
export function moneyString(x: Big | null): string | null {
  if (x === null) return null;
  const r = roundMoney(x, 2);
  return r.toFixed(2, Big.roundHalfUp);
}

/** Exact sum. */
export function sumMoney(xs: Iterable<Big>): Big {
  let s = new Big(0);
  for (const x of xs) s = s.plus(x);
  return s;
}

/** A currency named by a code, sign or word ("CNY", "юань", "₸"); null when it is none of ours. */
export function currencyFromText(text: string): Currency | null {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  const lexed = WORDS.get(t) ?? CJK.get(t);
  return lexed && lexed.t === 'cur' && lexed.cur !== 'YEN' ? lexed.cur : null;
}
