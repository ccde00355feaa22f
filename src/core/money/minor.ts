/**
 * Money in minor units (tiyn and fen: hundredths of a tenge or a yuan), exact, without a Big per row:
 * a safe integer as a plain number, a bigint beyond 2^53. Rounding happens once, half away from zero
 * like Excel's ROUND, where a figure is rounded to the tiyn — the same place roundMoney rounds.
 *
 * Also a register cell's number read as money without building a Big: the decimal the cell shows
 * (at most 15 significant digits, as bigFromNumber reads it) times the heading's power of ten.
 */
import Big from 'big.js';
import { bigFromNumber, type AmountResult, type Currency, type Qualifier } from './money';

/** Hundredths, exact: a safe integer, or a bigint when it does not fit in 2^53 (never both for one value). */
export type Minor = number | bigint;

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

/** The canonical form: a number when it is safe, else a bigint. */
export function minorNorm(b: bigint): Minor {
  return b >= -MAX && b <= MAX ? Number(b) : b;
}

export function minorAdd(a: Minor, b: Minor): Minor {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s === 0 ? 0 : s;
  }
  return minorNorm(BigInt(a) + BigInt(b));
}

export function minorNeg(a: Minor): Minor {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : minorNorm(-a);
}

export function minorSign(a: Minor): number {
  return a > 0 ? 1 : a < 0 ? -1 : 0;
}

/** "18955000000.00": what moneyString writes for the same amount. */
export function minorString(t: Minor): string {
  let neg: boolean;
  let digits: string;
  if (typeof t === 'number') {
    if (t === 0) return '0.00';
    neg = t < 0;
    digits = String(neg ? -t : t);
  } else {
    if (t === 0n) return '0.00';
    neg = t < 0n;
    digits = (neg ? -t : t).toString();
  }
  if (digits.length < 3) digits = (digits.length === 1 ? '00' : '0') + digits;
  return (neg ? '-' : '') + digits.slice(0, -2) + '.' + digits.slice(-2);
}

/** "18955000000.00" → its hundredths: the inverse of minorString (exactly two decimals). */
export function minorFromString(s: string): Minor {
  if (!/^-?\d+\.\d\d$/.test(s)) throw new Error(`not a figure with two decimals: ${s}`);
  return minorNorm(BigInt(s.replace('.', '')));
}

/** The number a cell caches for the amount (the double nearest the decimal). */
export function minorToNumber(t: Minor): number {
  return (typeof t === 'number' ? t : Number(t)) / 100;
}

export function minorToBig(t: Minor): Big {
  return new Big(minorString(t));
}

/** A Big already rounded to two decimals, in hundredths. */
export function minorFromRounded(x: Big): Minor {
  const c = x.c;
  const shift = x.e + 3 - c.length;
  if (c.length === 1 && c[0] === 0) return 0;
  if (shift >= 0 && c.length + shift <= 15) {
    let n = 0;
    for (let i = 0; i < c.length; i++) n = n * 10 + c[i];
    n *= POW10[shift];
    return x.s < 0 ? -n : n;
  }
  return minorNorm(BigInt(x.toFixed(2).replace('.', '')));
}

/** A Big rounded half away from zero to the hundredth, in hundredths. */
export function minorOfBig(x: Big): Minor {
  return minorFromRounded(x.round(2, Big.roundHalfUp));
}

/** Decimal places of a Big (its digits after the point, trailing zeros not counted). */
export function bigDecimals(x: Big): number {
  const d = x.c.length - 1 - x.e;
  return d > 0 ? d : 0;
}

/** q and r of n / d for safe non-negative integers with n + d safe: floor, and the remainder. */
function divmod(n: number, d: number): [number, number] {
  let q = Math.floor(n / d);
  let r = n - q * d;
  if (r < 0) {
    q--;
    r += d;
  } else if (r >= d) {
    q++;
    r -= d;
  }
  return [q, r];
}

/** n / d rounded half away from zero, n any sign, d > 0, both exact. */
export function divRound(n: Minor, d: Minor): Minor {
  if (typeof n === 'number' && typeof d === 'number' && Number.isSafeInteger(2 * Math.abs(n) + d)) {
    const [q, r] = divmod(Math.abs(n), d);
    const v = 2 * r >= d ? q + 1 : q;
    return n < 0 && v !== 0 ? -v : v;
  }
  const bn = BigInt(n), bd = BigInt(d);
  const a = bn < 0n ? -bn : bn;
  let q = a / bd;
  if (2n * (a - q * bd) >= bd) q += 1n;
  return minorNorm(bn < 0n ? -q : q);
}

function minorMul(a: Minor, b: Minor): Minor {
  if (typeof a === 'number' && typeof b === 'number') {
    const p = a * b;
    if (Number.isSafeInteger(p)) return p === 0 ? 0 : p;
  }
  return minorNorm(BigInt(a) * BigInt(b));
}

/** A positive Big as an integer and a power of ten: x = int × 10^-scale (scale ≥ 0). */
export interface Scaled {
  int: Minor;
  scale: number;
}

export function scaledOf(x: Big): Scaled {
  const decimals = bigDecimals(x);
  const c = x.c;
  // x = 0.c × 10^(e+1); int = c × 10^(e + 1 - c.length + decimals)
  const zeros = x.e + 1 - c.length + decimals;
  let s = '';
  for (let i = 0; i < c.length; i++) s += c[i];
  for (let i = 0; i < zeros; i++) s += '0';
  const b = BigInt(s);
  return { int: minorNorm(x.s < 0 ? -b : b), scale: decimals };
}

/** Is n (a positive safe integer) a power of ten? Its exponent, or -1. */
export function powerOfTen(n: number): number {
  for (let k = 0; k < POW10.length; k++) if (POW10[k] === n) return k;
  return -1;
}

/** Hundredths × quoted / quant, rounded half away from zero: tenge of a foreign figure (quant a power of ten). */
export function convertMinor(amount: Minor, quoted: Scaled, quantExp: number): Minor {
  // amount/100 × int/10^scale / 10^quantExp, in hundredths: amount × int / 10^(scale + quantExp)
  const e = quoted.scale + quantExp;
  const n = minorMul(amount, quoted.int);
  if (e === 0) return n;
  return divRound(n, e < POW10.length ? POW10[e] : minorNorm(10n ** BigInt(e)));
}

/** Yuan (hundredths) of tenge (hundredths) at a rate: tenge × quant / quoted, rounded half away from zero. */
export function yuanMinor(kzt: Minor, quoted: Scaled, quant: number): Minor {
  // kzt/100 × quant / (int / 10^scale), in hundredths: kzt × quant × 10^scale / int
  let n = minorMul(kzt, quant);
  if (quoted.scale > 0) n = minorMul(n, quoted.scale < POW10.length ? POW10[quoted.scale] : minorNorm(10n ** BigInt(quoted.scale)));
  return divRound(n, quoted.int);
}

// ---------------------------------------------------------------------------------------------
// A number cell read as money

/**
 * parseAmount's reading of a number cell, without its Big until someone asks for it: the amount is
 * the cell's decimal (bigFromNumber: at most 15 significant digits) times the heading's scale.
 */
export class NumberAmount {
  declare readonly ok: true;
  declare readonly currencyInCell: null;
  declare readonly ambiguousYen: false;
  declare readonly unitInCell: false;
  declare readonly qualifier: Qualifier;
  declare readonly fromText: false;
  private big: Big | undefined;

  constructor(
    /** The cell's number (finite). */
    readonly value: number,
    /** The heading's scale (a power of ten), undefined for none. */
    readonly scale: Big | undefined,
    /** Its exponent, or null when the scale is not a power of ten. */
    readonly scaleExp: number | null,
    readonly currency: Currency | null,
  ) {}

  get amount(): Big {
    if (!this.big) {
      const x = bigFromNumber(this.value);
      this.big = this.scale === undefined ? x : x.times(this.scale);
    }
    return this.big;
  }
}
// What every number cell says alike lives on the prototype: a million cells, a million fewer fields.
for (const [k, v] of Object.entries({ ok: true, currencyInCell: null, ambiguousYen: false, unitInCell: false, qualifier: null, fromText: false })) {
  Object.defineProperty(NumberAmount.prototype, k, { value: v, enumerable: true });
}

/** The cell's digits as an integer and its decimals (value = int × 10^-dec), as bigFromNumber reads it; null when it needs toPrecision. */
function digitsOf(value: number): { int: number; dec: number; neg: boolean } | null {
  // The shortest decimal that gives the double back has the fewest decimals: found by arithmetic while it
  // has at most 15 digits (then it is the only one of them that does, so it is String(value)'s).
  const a = Math.abs(value);
  if (a < 1e14) {
    for (let k = 0; k <= 8; k++) {
      const p = POW10[k];
      const x = Math.round(a * p);
      if (x >= 1e15) break;
      if (x / p === a) return { int: x, dec: k, neg: value < 0 };
    }
  }
  const s = String(value);
  if (s.indexOf('e') >= 0) return null;
  const neg = s.charCodeAt(0) === 45;
  let n = 0, digits = 0, point = -1;
  for (let i = neg ? 1 : 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) point = i;
    else {
      n = n * 10 + (c - 48);
      digits++;
    }
  }
  if (digits > 15) return null;
  return { int: n, dec: point < 0 ? 0 : s.length - point - 1, neg: neg && value !== 0 };
}

/** What the checks need of an amount, exact: its sign, decimals, hundredths and a double to sort by. */
export interface AmountFacts {
  sign: number;
  decimals: number;
  minor: Minor;
  /** The double nearest the amount. */
  approx: number;
  /** The amount exactly, when the double alone cannot give it back (more than 15 significant digits). */
  exact: Big | null;
}

/** The facts of an ok amount (a NumberAmount without Big arithmetic). */
export function amountFacts(res: Extract<AmountResult, { ok: true }>): AmountFacts {
  const digits = res instanceof NumberAmount && res.scaleExp !== null ? digitsOf(res.value) : null;
  if (digits) {
    const k = (res as NumberAmount).scaleExp as number;
    const m = digits.int;
    const p = k - digits.dec + 2;
    let minor: Minor;
    if (m === 0) minor = 0;
    else if (p >= 0) minor = p < POW10.length ? minorMul(m, POW10[p]) : minorNorm(BigInt(m) * 10n ** BigInt(p));
    else minor = -p < POW10.length ? divRound(m, POW10[-p]) : 0;
    if (digits.neg) minor = minorNeg(minor);
    const e = k - digits.dec;
    const sign = m === 0 ? 0 : digits.neg ? -1 : 1;
    const decimals = Math.max(0, digits.dec - k);
    // One IEEE operation on exact operands: the double nearest the decimal, which gives the decimal back.
    if (e >= -22 && e <= 22) return { sign, decimals, minor, approx: sign * (e >= 0 ? m * POW10[e] : m / POW10[-e]), exact: null };
    const x = res.amount;
    return { sign, decimals, minor, approx: Number(x.toString()), exact: x };
  }
  const x = res.amount;
  const sign = x.c.length === 1 && x.c[0] === 0 ? 0 : x.s;
  const approx = Number(x.toString());
  // Up to 15 digits a double gives its decimal back, unless it is near the ends of the double's range.
  const a = Math.abs(approx);
  return { sign, decimals: bigDecimals(x), minor: minorOfBig(x), approx, exact: x.c.length > 15 || (a !== 0 && (a < 1e-280 || a > 1e280)) ? x : null };
}

/** An exact running sum of hundredths: a double while it is safe, spilling into a bigint. */
export class MinorSum {
  private lo = 0;
  private hi = 0n;
  add(t: Minor): void {
    if (typeof t === 'number') {
      const s = this.lo + t;
      if (Number.isSafeInteger(s)) {
        this.lo = s;
        return;
      }
      this.hi += BigInt(this.lo) + BigInt(t);
      this.lo = 0;
    } else this.hi += t;
  }
  get value(): Minor {
    return this.hi === 0n ? (this.lo === 0 ? 0 : this.lo) : minorNorm(this.hi + BigInt(this.lo));
  }
  get bigint(): bigint {
    return this.hi + BigInt(this.lo);
  }
}
