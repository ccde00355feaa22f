/**
 * Numbers and dates for people — in the pane, the CLI's lines and the sheets' text — one formatter
 * each. (The JSON's money strings are data, "134000000000.00", and never pass through here.)
 *
 * Numbers are grouped by hand rather than by `Intl.NumberFormat`: a decimal string stays exact however
 * long (a double would not, and webviews before ES2023 turn the string into one), and Chromium's trimmed
 * ICU data knows "kk-KZ" but groups it the root way ("1,234.5"). The result is what Intl gives in full
 * ICU (test/core/words/words.test.ts holds them side by side): kk and ru "1 234 567,50" (no-break space), en
 * "1,234,567.50".
 */
import Big from 'big.js';
import type { Lang } from './types';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function group(fixed: string, lang: Lang): string {
  const neg = fixed.startsWith('-');
  const [int, frac] = (neg ? fixed.slice(1) : fixed).split('.');
  const sep = lang === 'en' ? ',' : '\u00a0';
  const dec = lang === 'en' ? '.' : ',';
  return (neg ? '-' : '') + int.replace(/\B(?=(\d{3})+(?!\d))/g, sep) + (frac !== undefined ? dec + frac : '');
}

/**
 * A count, a double or a decimal string ("134000000000.00") as the language writes it, with `decimals`
 * decimals, rounded half away from zero: a decimal string exactly, a double as its shortest decimal (as
 * Intl does). A string that is not a number comes back as it is.
 */
export function formatNumber(x: string | number, lang: Lang, decimals = 0): string {
  if (typeof x === 'number' && !Number.isFinite(x)) return String(x);
  // A double is its shortest decimal ("0.1", "1e-7"), as Intl reads it; -0 keeps its sign, as Intl does.
  const s = typeof x === 'number' ? (Object.is(x, -0) ? '-0' : String(x)) : x.trim();
  if (typeof x === 'string' && !DECIMAL.test(s)) return x;
  const fixed = new Big(s).toFixed(decimals, Big.roundHalfUp);
  return group(s.startsWith('-') && !fixed.startsWith('-') ? `-${fixed}` : fixed, lang);
}

/** A decimal string with the decimals it has ("151000000000.00" → "151 000 000 000,00"), as messages quote figures. */
export function formatFigure(decimalString: string, lang: Lang): string {
  const dot = decimalString.indexOf('.');
  return formatNumber(decimalString, lang, dot < 0 ? 0 : decimalString.length - dot - 1);
}

/** A rate with 2 to 4 decimals ("76,71", "5,1235"). */
export function formatRate(x: string | number, lang: Lang): string {
  const s = formatNumber(x, lang, 4);
  const dec = lang === 'en' ? '.' : ',';
  const at = s.indexOf(dec);
  if (at < 0) return s;
  let end = s.length;
  while (end > at + 3 && s[end - 1] === '0') end--;
  return s.slice(0, end);
}

/** "2025-10-13" → "13.10.2025", as the register's economists (and the National Bank) write dates in every language; anything else as it is. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
