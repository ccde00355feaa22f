/**
 * What every summary sheet shares: options, number formats and units of display, words (one language
 * or Kazakh and Russian on two lines), the official title block, column widths that fit, and the
 * register's layout the formulas point at.
 */
import type Big from 'big.js';
import { t, text, type Lang } from '../../words';
import { sheetRef, type CellStyle, type PlanCell, type PlanValue } from '../plan';

/** Locale-neutral number formats: Excel shows "1 234,50" in a Kazakh or Russian locale; no yen sign for yuan. */
export const FMT = {
  money: '#,##0.00',
  tenge: '#,##0.00 [$₸-43F]',
  yuan: '#,##0.00 "CNY"',
  millions: '#,##0.0,,',
  count: '0',
  /** Head counts: grouped ("2 740"). */
  jobs: '#,##0',
  share: '0.0%',
  rate: '#,##0.0000',
  date: 'dd.mm.yyyy',
  text: '@',
} as const;

/** Units the summaries show money in. The cells always hold whole tenge and yuan; only the number format scales. */
export type Units = 'tenge' | 'thousand' | 'million' | 'billion';
export const UNITS: readonly Units[] = ['tenge', 'thousand', 'million', 'billion'];
export const DEFAULT_UNITS: Units = 'million';

/** The number format that shows whole tenge (or yuan) in `units`: each trailing comma divides by 1,000. */
export const UNIT_FORMATS: Record<Units, string> = {
  tenge: '#,##0',
  thousand: '#,##0.0,',
  million: FMT.millions,
  billion: '#,##0.0,,,',
};

/** Powers of 1,000 each unit divides by. */
const UNIT_POWER: Record<Units, number> = { tenge: 0, thousand: 1, million: 2, billion: 3 };

export interface SummaryOptions {
  lang: Lang;
  /** The source file's name, shown on the sheets. */
  file: string;
  /** The report's date (ISO), shown in titles. */
  reportDate: string;
  /** Units of display of the summaries (default million). */
  units?: Units;
  /** The region, on the first line of every title (default none). */
  region?: string;
  /** The period line under the title (default "as of <report date>"). */
  period?: string;
  /** Headings in Kazakh and Russian on two lines. */
  bilingual?: boolean;
}

/** A row of a plan under construction. */
export type Row = (PlanCell | null)[];

export function cell(v: PlanValue, extra: Partial<PlanCell> = {}): PlanCell {
  return { v, ...extra };
}

/** Words for one sheet: in the chosen language, or Kazakh over Russian when bilingual. */
export class Words {
  readonly lang: Lang;
  readonly units: Units;
  readonly bilingual: boolean;
  constructor(opts: SummaryOptions) {
    this.lang = opts.lang;
    this.units = opts.units ?? DEFAULT_UNITS;
    this.bilingual = !!opts.bilingual;
  }

  /** One label in one language, with "{unit}" filled with the tenge (or yuan) unit. */
  one(key: string, lang: Lang, params: Record<string, string | number> = {}): string {
    return text(key, lang, { KZT: this.unit('KZT', lang), CNY: this.unit('CNY', lang), ...params });
  }

  /** A heading: the chosen language, or "kk\nru" when bilingual (one line when both are the same). */
  head(key: string, params: Record<string, string | number> = {}): string {
    if (!this.bilingual) return this.one(key, this.lang, params);
    const kk = this.one(key, 'kk', params);
    const ru = this.one(key, 'ru', params);
    return kk === ru ? kk : `${kk}\n${ru}`;
  }

  /** A heading with the money unit of its currency filled in ("Құны, млн теңге"). */
  money(key: string, currency: 'KZT' | 'CNY'): string {
    if (!this.bilingual) return this.one(key, this.lang, { unit: this.unit(currency, this.lang) });
    const kk = this.one(key, 'kk', { unit: this.unit(currency, 'kk') });
    const ru = this.one(key, 'ru', { unit: this.unit(currency, 'ru') });
    return kk === ru ? kk : `${kk}\n${ru}`;
  }

  /** Text in the chosen language (cells of the table, messages). */
  text(key: string, params: Record<string, string | number> = {}): string {
    return this.one(key, this.lang, params);
  }

  unit(currency: 'KZT' | 'CNY', lang: Lang = this.lang): string {
    return text(`unit.${currency}.${this.units}`, lang);
  }

  /** The number format of money in the chosen units. */
  get moneyFormat(): string {
    return UNIT_FORMATS[this.units];
  }
}

/** The period line from the report date: "2025 жылғы 31 қазандағы жағдай бойынша", "по состоянию на 31 октября 2025 г.". */
export function periodLine(opts: SummaryOptions, w: Words): string {
  if (opts.period && opts.period.trim()) return opts.period.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.reportDate);
  const one = (lang: Lang) => (m
    ? t('period.asOf', lang, { year: m[1], day: Number(m[3]), month: text(`period.month.${Number(m[2])}`, lang) })
    : opts.reportDate);
  if (!w.bilingual) return one(w.lang);
  return `${one('kk')} / ${one('ru')}`;
}

/** Rough text width in characters of Calibri 11 (Excel's column unit); wide letters count a little more. */
export function textWidth(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Capitals and the wide Cyrillic letters (Ж, Ш, Щ, Ы, Ю, М) are wider than a digit.
    n += (c >= 0x41 && c <= 0x5a) || (c >= 0x410 && c <= 0x42f) || c === 0x436 || c === 0x448 || c === 0x449 || c === 0x44b || c === 0x44e || c === 0x43c ? 1.2 : 1;
  }
  return n;
}

/** How many lines a text takes in a column `width` characters wide (words are not broken). */
export function linesIn(text: string, width: number): number {
  let lines = 0;
  for (const para of text.split('\n')) {
    let line = 0;
    let count = 1;
    for (const word of para.split(' ')) {
      const wl = textWidth(word);
      if (line > 0 && line + 1 + wl > width) {
        count++;
        line = wl;
      } else line += (line > 0 ? 1 : 0) + wl;
    }
    lines += count;
  }
  return lines;
}

/** Points per line of text: 11 pt body text, 13 pt captions. */
export const LINE_PT = 15;
export const CAPTION_LINE_PT = 18;

/** Styles whose cells span merged areas or overflow: they do not size their column. */
const NOT_SIZING: ReadonlySet<CellStyle | undefined> = new Set<CellStyle | undefined>(['title', 'subtitle', 'unit', 'caption', 'period', 'unitRight', 'note', 'headline', 'control', 'section']);

/** Displayed length of a number in a format (grouped digits, decimals, %, the scale of trailing commas). */
function numberWidth(v: number, fmt: string | undefined): number {
  if (!fmt) return String(v).length;
  if (fmt.includes('%')) return (Math.abs(v) * 100).toFixed(1).length + 2;
  if (/[dy]/.test(fmt)) return 10;
  const commas = /0(,+)(?:$|[^0#,])/.exec(fmt + ' ')?.[1].length ?? 0;
  const decimals = /\.(0+)/.exec(fmt)?.[1].length ?? 0;
  const x = Math.abs(v) / Math.pow(1000, commas);
  const int = Math.max(1, Math.floor(x).toString().length);
  const grouped = fmt.includes('#,##') ? int + Math.floor((int - 1) / 3) : int;
  return grouped + (decimals ? decimals + 1 : 0) + (v < 0 ? 1 : 0);
}

/**
 * Column widths (characters) that fit the cells: the longest value of each column, headings allowed
 * to wrap onto up to three lines, within [min, max].
 */
export function fitWidths(rows: Row[], cols: number, bounds: { min: number; max: number }[]): number[] {
  const want = new Array<number>(cols).fill(0);
  const head = new Array<number>(cols).fill(0);
  for (const row of rows) {
    // A line of text alone in its row (a heading, the findings line) runs on over the empty cells.
    if (row.length === 1) continue;
    for (let c = 0; c < Math.min(cols, row.length); c++) {
      const pc = row[c];
      if (!pc || NOT_SIZING.has(pc.s) || pc.v === null) continue;
      const v = pc.v;
      if (pc.s === 'header') {
        // A heading may wrap: wide enough for its longest word and a third of its longest line.
        let w = 0;
        for (const line of String(v).split('\n')) {
          w = Math.max(w, textWidth(line) / 3);
          for (const word of line.split(' ')) w = Math.max(w, textWidth(word));
        }
        head[c] = Math.max(head[c], w + 2);
        continue;
      }
      const len = typeof v === 'number' ? numberWidth(v, pc.fmt) : v instanceof Date ? 10 : Math.max(...String(v).split('\n').map(textWidth));
      want[c] = Math.max(want[c], len + 3);
    }
  }
  return want.map((w, c) => {
    const b = bounds[c] ?? bounds[bounds.length - 1];
    return Math.round(Math.min(b.max, Math.max(b.min, w, head[c])));
  });
}

/** Height (points) for a row whose cells wrap, from the widths of the columns they sit in. */
export function wrappedHeight(row: Row, widths: number[], linePt = LINE_PT): number {
  let lines = 1;
  row.forEach((pc, c) => {
    if (pc && typeof pc.v === 'string') lines = Math.max(lines, linesIn(pc.v, Math.max(1, (widths[c] ?? 10) - 1.5)));
  });
  return lines * linePt + 3;
}

/** The official head of a summary sheet: its rows, merges, and the heights of its caption rows once the widths are known. */
export interface TitleBlock {
  rows: Row[];
  merges: { top: number; left: number; bottom: number; right: number }[];
  /** Caption rows (the region, the title in each language) at the top: 1-based rows 1..captionRows. */
  captionRows: number;
  /** Heights (points) of the caption rows, each tall enough for its text wrapped across the table. */
  heights(widths: number[]): Record<number, number>;
}

/**
 * The official head of a summary sheet over columns A..last, one line a row so that no two lines run
 * together however the sheet is shown or printed: the region (when given), the title (Kazakh, then
 * Russian when bilingual), each centred across the table in a merged, wrapped row; the period line;
 * the unit line (right-aligned). The header follows: row 4 with no region in one language, up to 6.
 */
export function titleBlock(titleKey: string, opts: SummaryOptions, w: Words, cols: number): TitleBlock {
  const title = w.bilingual ? [text(titleKey, 'kk'), text(titleKey, 'ru')] : [text(titleKey, w.lang)];
  const region = opts.region?.trim();
  const lines = region ? [region, ...title] : title;
  const pad = (first: PlanCell): Row => [first, ...new Array<PlanCell | null>(cols - 1).fill(null)];
  const unitLine = w.bilingual ? `${w.one('unit.line', 'kk')} / ${w.one('unit.line', 'ru')}` : w.text('unit.line');
  const rows: Row[] = [
    ...lines.map((l) => pad(cell(l, { s: 'caption' }))),
    pad(cell(periodLine(opts, w), { s: 'period' })),
    pad(cell(unitLine, { s: 'unitRight' })),
  ];
  return {
    rows,
    merges: rows.map((_, i) => ({ top: i + 1, left: 1, bottom: i + 1, right: cols })),
    captionRows: lines.length,
    heights(widths) {
      // Bold 13 pt is about 1.3 times as wide as the 11 pt a column's width counts in.
      const full = widths.slice(0, cols).reduce((a, b) => a + b, 0);
      const out: Record<number, number> = {};
      lines.forEach((l, i) => (out[i + 1] = linesIn(l, full / 1.3) * CAPTION_LINE_PT + 4));
      return out;
    },
  };
}

/** Where the register sheet keeps each column and its data rows, for the summaries' formulas. */
export interface RegisterLayout {
  sheet: string;
  first: number;
  last: number;
  col: Record<string, string>;
}

/** An absolute, sheet-qualified range of one register column's data rows. */
export function rangeOf(layout: RegisterLayout, key: string): string {
  const c = layout.col[key];
  return sheetRef(layout.sheet, `$${c}$${layout.first}:$${c}$${layout.last}`);
}

/**
 * Money (a Big rounded to 2 decimals) in tiyn (hundredths) as a safe integer number, read from the
 * Big's digits without going through a string; null when it does not fit exactly (then use tiynBig).
 */
export function tiynNumber(x: Big): number | null {
  const c = x.c;
  const shift = x.e + 2 - (c.length - 1);
  if (shift < 0 || c.length + shift > 15) return null;
  let n = 0;
  for (let i = 0; i < c.length; i++) n = n * 10 + c[i];
  for (let i = 0; i < shift; i++) n *= 10;
  return x.s < 0 ? -n : n;
}

/** Money in tiyn as bigint, exactly, whatever its size. */
export function tiynBig(x: Big): bigint {
  return BigInt(x.toFixed(2).replace('.', ''));
}

/** Tiyn → the number a cell caches (the nearest double to the decimal, as Number("…00.00") gives). */
export function tiynToNumber(t: bigint): number {
  return Number(t) / 100;
}

/** Below this a running sum of tiyn stays exact in a double when numbers under 2^50 are added to it. */
const SPILL = 2 ** 52;

/** An exact sum of tiyn: a double while it is safe, spilling into a bigint (no bigint work per row for usual sums). */
export class TiynSum {
  private lo = 0;
  private hi = 0n;
  add(t: number | null, big: bigint | null): void {
    if (t !== null && t < 2 ** 50 && t > -(2 ** 50)) {
      this.lo += t;
      if (this.lo > SPILL || this.lo < -SPILL) {
        this.hi += BigInt(this.lo);
        this.lo = 0;
      }
    } else if (big !== null) this.hi += big;
  }
  get value(): bigint {
    return this.hi + BigInt(this.lo);
  }
}

/** Tiyn shown in `units` with one decimal (whole tenge for "tenge"), rounded half away from zero, grouped as the language writes. */
export function formatUnits(t: bigint, units: Units, lang: Lang): string {
  const decimals = units === 'tenge' ? 0 : 1;
  // tiyn → units × 10^decimals
  const div = 100n * 1000n ** BigInt(UNIT_POWER[units]) / 10n ** BigInt(decimals);
  const neg = t < 0n;
  const a = neg ? -t : t;
  const q = (a + div / 2n) / div;
  const s = q.toString().padStart(decimals + 1, '0');
  const int = decimals ? s.slice(0, -decimals) : s;
  const frac = decimals ? s.slice(-decimals) : '';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'en' ? ',' : '\u00a0');
  return (neg && q !== 0n ? '-' : '') + grouped + (frac ? (lang === 'en' ? '.' : ',') + frac : '');
}
