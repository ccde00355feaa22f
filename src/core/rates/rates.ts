/**
 * Official exchange rates of the National Bank of Kazakhstan (NBK): read from its XML feeds
 * (per-date file or RSS) or from a rates sheet, looked up by date, used to convert exactly.
 */
import Big from 'big.js';
import type { CellValue } from '../grid/grid';
import { isCellError, isoDate, serialToDate } from '../grid/grid';
import { CURRENCIES, bigFromNumber, currencyFromText, parseAmount, type Currency } from '../money/money';
import { RATE_HEADINGS } from '../money/units';
import { t, type Key, type Params } from '../words';

export interface Rate {
  currency: Currency;
  /** YYYY-MM-DD, the rate's date. */
  date: string;
  /** Tenge per `quant` units, as published. */
  quoted: Big;
  quant: number;
  /** quoted / quant, exact. */
  perUnit: Big;
  /** File or sheet name. */
  source: string;
}

/**
 * Why a rates file cannot be read: a catalogue key (ratesFile.*) and its parameters, worded in the
 * user's language where it is shown; `message` is the same in English (logs, and callers not yet moved
 * to the key).
 */
export interface RatesProblem {
  key: Extract<Key, `ratesFile.${string}`>;
  params: Params;
}

/** `serialDates`: some date came as a number (an Excel date cell) rather than a text. */
export type RatesParse = { ok: true; rates: Rate[]; serialDates?: boolean } | { ok: false; message: string; problem: RatesProblem };

type XmlKey = Extract<Key, `xml.${string}`>;

function failed(key: RatesProblem['key'], params: Params): { ok: false; message: string; problem: RatesProblem } {
  return { ok: false, message: t(key, 'en', params), problem: { key, params } };
}

// Division by a quant that is not a power of ten is rounded at 20 places, whatever Big.DP is elsewhere.
const Big20 = Big();
Big20.DP = 20;
Big20.RM = Big.roundHalfUp;

/** x / quant: exact for powers of ten (1, 10, 100, 1000), else to 20 decimal places. */
function divByQuant(x: Big, quant: number): Big {
  let q = quant;
  let k = 0;
  while (q % 10 === 0) {
    q /= 10;
    k++;
  }
  if (q === 1) return k === 0 ? x : x.times(new Big('1e-' + k));
  return new Big(new Big20(x).div(quant).toString());
}

export function makeRate(currency: Currency, date: string, quoted: Big, quant: number, source: string): Rate {
  return { currency, date, quoted, quant, perUnit: divByQuant(quoted, quant), source };
}

// ---------------------------------------------------------------------------------------------
// A small tolerant XML reader: elements, text, entities, CDATA, comments; no DTDs, no namespaces.

interface XNode {
  name: string;
  children: XNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

function lineOf(xml: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < xml.length; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
}

function parseXml(input: string): { ok: true; root: XNode } | { ok: false; xmlKey: XmlKey; params: Params } {
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const stack: XNode[] = [];
  let root: XNode | null = null;
  let i = 0;
  const bad = (xmlKey: XmlKey, at: number, params: Params = {}) => ({ ok: false as const, xmlKey, params: { ...params, line: lineOf(xml, at) } });
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      if (stack.length > 0) stack[stack.length - 1].text += decodeEntities(text);
      else if (text.trim() !== '') return bad(root ? 'xml.textAfterRoot' : 'xml.textBeforeRoot', i);
    }
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) return bad('xml.declaration', lt);
      i = e + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt + 4);
      if (e < 0) return bad('xml.comment', lt);
      i = e + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt + 9);
      if (e < 0) return bad('xml.cdata', lt);
      if (stack.length === 0) return bad('xml.cdataOutside', lt);
      stack[stack.length - 1].text += xml.slice(lt + 9, e);
      i = e + 3;
    } else if (xml.startsWith('<!', lt)) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) return bad('xml.doctype', lt);
      i = e + 1;
    } else if (xml.startsWith('</', lt)) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) return bad('xml.closing', lt);
      const name = xml.slice(lt + 2, e).trim();
      const top = stack.pop();
      if (!top) return bad('xml.orphanClose', lt, { name });
      if (top.name !== name) return bad('xml.mismatch', lt, { expected: top.name, name });
      i = e + 1;
    } else {
      // An opening tag; attribute values may hold '>' inside quotes.
      let j = lt + 1;
      let quote = 0;
      while (j < xml.length) {
        const c = xml.charCodeAt(j);
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === 34 || c === 39) quote = c;
        else if (c === 62) break;
        else if (c === 60) return bad('xml.ltInTag', j);
        j++;
      }
      if (j >= xml.length) return bad('xml.tag', lt);
      const inner = xml.slice(lt + 1, j);
      const selfClosing = inner.endsWith('/');
      const m = /^([A-Za-z_][\w.:-]*)/.exec(inner);
      if (!m) return bad('xml.noName', lt);
      const node: XNode = { name: m[1], children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1].children.push(node);
      else if (root) return bad('xml.secondRoot', lt);
      else root = node;
      if (!selfClosing) stack.push(node);
      i = j + 1;
    }
  }
  if (stack.length > 0) return { ok: false, xmlKey: 'xml.cutShort', params: { name: stack[stack.length - 1].name } };
  if (!root) return { ok: false, xmlKey: 'xml.noRoot', params: {} };
  return { ok: true, root };
}

function localName(n: XNode): string {
  const c = n.name.indexOf(':');
  return (c >= 0 ? n.name.slice(c + 1) : n.name).toLowerCase();
}
function child(n: XNode, name: string): XNode | undefined {
  return n.children.find((c) => localName(c) === name);
}
function childText(n: XNode, name: string): string | null {
  const c = child(n, name);
  return c ? c.text.trim() : null;
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function iso(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > dim) return null;
  // y is 1900..2200 (four digits); no padStart, which the custom functions' ES2016 runtime lacks.
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** "13.10.2025", "13/10/2025", "2025-10-13", "Mon, 13 Oct 2025 ..." → "2025-10-13"; null otherwise. */
export function parseDateText(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s.*)?$/.exec(t);
  if (m) return iso(+m[3], +m[2], +m[1]);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/.exec(t);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\b/.exec(t);
  if (m && MONTHS[m[2].toLowerCase()]) return iso(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  return null;
}

function dateOfCell(v: CellValue): string | null {
  if (v instanceof Date) return isNaN(v.getTime()) ? null : isoDate(v);
  // An Excel serial (1 = 1900-01-01); 2958465 is 9999-12-31.
  if (typeof v === 'number') return v >= 1 && v < 2958466 ? isoDate(serialToDate(Math.floor(v))) : null;
  if (typeof v === 'string') return parseDateText(v);
  return null;
}

// ---------------------------------------------------------------------------------------------
// NBK XML

const RATE_TEXT = /^\d+(?:[.,]\d+)?$/;

function readItem(item: XNode, date: string | null, source: string, item1: number): Rate | null | RatesParse {
  const code = (childText(item, 'title') ?? '').toUpperCase();
  const currency = (CURRENCIES as readonly string[]).includes(code) ? (code as Currency) : null;
  if (!currency) return null; // a currency we do not track (JPY, KRW, ...)
  const rateText = (childText(item, 'description') ?? '').replace(/\s/g, '');
  if (!RATE_TEXT.test(rateText)) return failed('ratesFile.item.rate', { source, item: item1, currency, value: rateText });
  const quoted = new Big(rateText.replace(',', '.'));
  if (quoted.lte(0)) return failed('ratesFile.item.notPositive', { source, item: item1, currency });
  const quantText = childText(item, 'quant');
  const quant = quantText === null || quantText === '' ? 1 : Number(quantText);
  if (!Number.isInteger(quant) || quant <= 0) return failed('ratesFile.item.quant', { source, item: item1, currency, value: String(quantText) });
  const pub = childText(item, 'pubdate');
  const d = pub ? parseDateText(pub) : date;
  if (!d) return pub ? failed('ratesFile.item.badDate', { source, item: item1, currency, value: pub }) : failed('ratesFile.item.noDate', { source, item: item1, currency });
  return makeRate(currency, d, quoted, quant, source);
}

export function parseNbkXml(xml: string, source: string): RatesParse {
  if (typeof xml !== 'string' || xml.trim() === '') return failed('ratesFile.empty', { source });
  const doc = parseXml(xml);
  if (!doc.ok) return failed(doc.params.line === undefined ? 'ratesFile.malformedEnd' : 'ratesFile.malformed', { source, xmlKey: doc.xmlKey, ...doc.params });
  const root = doc.root;
  const kind = localName(root);
  let items: XNode[];
  let date: string | null = null;
  if (kind === 'rates') {
    const dt = childText(root, 'date');
    if (dt !== null && dt !== '') {
      date = parseDateText(dt);
      if (!date) return failed('ratesFile.badDate', { source, value: dt });
    }
    items = root.children.filter((c) => localName(c) === 'item');
  } else if (kind === 'rss') {
    const channel = child(root, 'channel') ?? root;
    const dt = childText(channel, 'pubdate') ?? childText(channel, 'date');
    date = dt ? parseDateText(dt) : null;
    items = channel.children.filter((c) => localName(c) === 'item');
  } else {
    return failed('ratesFile.notNbk', { source, root: root.name });
  }
  const rates: Rate[] = [];
  for (let k = 0; k < items.length; k++) {
    const r = readItem(items[k], date, source, k + 1);
    if (r && 'ok' in r) return r;
    if (r) rates.push(r);
  }
  return { ok: true, rates };
}

// ---------------------------------------------------------------------------------------------
// Rates sheets and CSV

type Role = keyof typeof RATE_HEADINGS;
const ROLES: Role[] = ['date', 'currency', 'rate', 'quant'];
const HEADING_WORDS = new Map<string, Role>();
for (const role of ROLES) for (const w of RATE_HEADINGS[role]) HEADING_WORDS.set(w, role);

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return isoDate(v);
  return isCellError(v) ? v.error : '';
}

/** The roles a heading could have ("Бағам күні" could be the rate or the date). */
function headingRoles(v: CellValue): Set<Role> {
  const roles = new Set<Role>();
  const t = cellText(v).toLowerCase();
  if (!t) return roles;
  const whole = HEADING_WORDS.get(t.replace(/[\s:.,()]+$/g, ''));
  if (whole) roles.add(whole);
  for (const w of t.split(/[\s,.;:()/\\[\]]+/)) {
    const r = HEADING_WORDS.get(w);
    if (r) roles.add(r);
  }
  return roles;
}

/** Columns per role: unambiguous headings first, then the others take the roles still free. */
function assignColumns(row: CellValue[]): Partial<Record<Role, number>> {
  const cols: Partial<Record<Role, number>> = {};
  const multi: [number, Set<Role>][] = [];
  row.forEach((v, c) => {
    const roles = headingRoles(v);
    if (roles.size === 1) {
      const [r] = roles;
      if (cols[r] === undefined) cols[r] = c;
    } else if (roles.size > 1) multi.push([c, roles]);
  });
  for (const [c, roles] of multi) {
    const free = ROLES.filter((r) => roles.has(r) && cols[r] === undefined);
    if (free.length === 1 && !ROLES.some((r) => cols[r] === c)) cols[free[0]] = c;
  }
  return cols;
}

function rateOfCell(v: CellValue): Big | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? bigFromNumber(v) : null;
  if (typeof v !== 'string') return null;
  // No decimal hint: a rate like "76.140" must not read as 76140.
  const a = parseAmount(v);
  return a.ok && !a.unitInCell && a.amount.gt(0) ? a.amount : null;
}

function isBlank(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

export function parseRatesTable(rows: CellValue[][], source: string): RatesParse {
  const scan = Math.min(rows.length, 30);
  for (let h = 0; h < scan; h++) {
    const cols = assignColumns(rows[h] ?? []);
    if (cols.date !== undefined && cols.currency !== undefined && cols.rate !== undefined) return readLong(rows, h, cols as Record<Role, number>, source);
    // A wide table: a date column and one column per currency code (Дата | USD | CNY | ...).
    if (cols.date !== undefined) {
      const curCols: [number, Currency][] = [];
      (rows[h] ?? []).forEach((v, c) => {
        const cur = typeof v === 'string' ? currencyFromText(v) : null;
        if (cur && cur !== 'KZT' && c !== cols.date) curCols.push([c, cur]);
      });
      if (curCols.length > 0) return readWide(rows, h, cols.date, curCols, source);
    }
  }
  return failed('ratesFile.noHeader', { source });
}

function readLong(rows: CellValue[][], h: number, cols: Partial<Record<Role, number>> & { date: number; currency: number; rate: number }, source: string): RatesParse {
  const rates: Rate[] = [];
  let serialDates = false;
  let lastDate: string | null = null;
  for (let r = h + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const where = { source, row: r + 1 };
    const curCell = row[cols.currency] ?? null;
    const rateCell = row[cols.rate] ?? null;
    if (isBlank(curCell) && isBlank(rateCell)) continue; // blank lines and notes under the table
    const dateCell = row[cols.date] ?? null;
    // A date written once for a block of rows (often a merged cell) holds for the rows below it.
    const date: string | null = isBlank(dateCell) ? lastDate : dateOfCell(dateCell);
    if (!date) return failed('ratesFile.row.date', { ...where, value: cellText(dateCell) });
    if (typeof dateCell === 'number') serialDates = true;
    lastDate = date;
    const currency = currencyFromText(cellText(curCell));
    if (!currency) {
      if (/^[A-Za-z]{3}$/.test(cellText(curCell))) continue; // a currency we do not track
      return failed('ratesFile.row.currency', { ...where, value: cellText(curCell) });
    }
    if (currency === 'KZT') continue;
    const quoted = rateOfCell(rateCell);
    if (!quoted) return failed('ratesFile.row.rate', { ...where, value: cellText(rateCell) });
    let quant = 1;
    if (cols.quant !== undefined && !isBlank(row[cols.quant] ?? null)) {
      const q = row[cols.quant];
      quant = typeof q === 'number' ? q : Number(cellText(q ?? null));
      if (!Number.isInteger(quant) || quant <= 0) return failed('ratesFile.row.quant', { ...where, value: cellText(q ?? null) });
    }
    rates.push(makeRate(currency, date, quoted, quant, source));
  }
  return { ok: true, rates, serialDates };
}

function readWide(rows: CellValue[][], h: number, dateCol: number, curCols: [number, Currency][], source: string): RatesParse {
  const rates: Rate[] = [];
  let serialDates = false;
  for (let r = h + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (curCols.every(([c]) => isBlank(row[c] ?? null))) continue;
    const where = { source, row: r + 1 };
    const date = dateOfCell(row[dateCol] ?? null);
    if (!date) return failed('ratesFile.row.date', { ...where, value: cellText(row[dateCol] ?? null) });
    if (typeof row[dateCol] === 'number') serialDates = true;
    for (const [c, cur] of curCols) {
      if (isBlank(row[c] ?? null)) continue;
      const quoted = rateOfCell(row[c] ?? null);
      if (!quoted) return failed('ratesFile.row.currencyRate', { ...where, currency: cur, value: cellText(row[c] ?? null) });
      rates.push(makeRate(cur, date, quoted, 1, source));
    }
  }
  return { ok: true, rates, serialDates };
}

// ---------------------------------------------------------------------------------------------
// Lookup and conversion

export class RateTable {
  // Per currency: rates sorted by date, one per date (a later add replaces the same day).
  private byCurrency = new Map<Currency, Rate[]>();
  private count = 0;
  /** lookup's answers per currency and date (a register asks the same few thousand days for every row); add() forgets them. */
  private memo = new Map<Currency, Map<string, Rate | null>>();

  constructor(rates?: Rate[]) {
    if (rates) this.add(rates);
  }

  add(rates: Rate[]): void {
    const touched = new Set<Currency>();
    for (const r of rates) {
      let list = this.byCurrency.get(r.currency);
      if (!list) this.byCurrency.set(r.currency, (list = []));
      list.push(r);
      touched.add(r.currency);
    }
    for (const c of touched) {
      const list = this.byCurrency.get(c) as Rate[];
      // Stable sort keeps insertion order within a date, so the last one added is kept.
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const out: Rate[] = [];
      for (const r of list) {
        if (out.length > 0 && out[out.length - 1].date === r.date) out[out.length - 1] = r;
        else out.push(r);
      }
      this.byCurrency.set(c, out);
    }
    this.count = 0;
    for (const l of this.byCurrency.values()) this.count += l.length;
    this.memo = new Map();
  }

  /** The rate of the date; if none was published that day, the latest earlier one; never a later one. null when none on or before. */
  lookup(currency: Currency, date: string): Rate | null {
    let memo = this.memo.get(currency);
    if (!memo) this.memo.set(currency, (memo = new Map()));
    let r = memo.get(date);
    if (r === undefined) {
      r = this.search(currency, date);
      if (memo.size >= 100000) memo.clear();
      memo.set(date, r);
    }
    return r;
  }

  private search(currency: Currency, date: string): Rate | null {
    const list = this.byCurrency.get(currency);
    if (!list || list.length === 0) return null;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].date <= date) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 ? list[found] : null;
  }

  /** Sorted by currency then date. */
  all(): Rate[] {
    const out: Rate[] = [];
    for (const c of [...this.byCurrency.keys()].sort()) out.push(...(this.byCurrency.get(c) as Rate[]));
    return out;
  }

  get size(): number {
    return this.count;
  }
}

/** Exact: amount * quoted / quant (no rounding). */
export function convertToKzt(amount: Big, rate: Rate): Big {
  return divByQuant(amount.times(rate.quoted), rate.quant);
}

/** kzt * quant / quoted, rounded to 20 decimal places (half away from zero). */
export function convertFromKzt(kzt: Big, rate: Rate): Big {
  return new Big(new Big20(kzt).times(rate.quant).div(rate.quoted).toString());
}

/** Big with 10 decimals truncated on division: cheaper than the 20 decimals of convertFromKzt. */
const Big10 = Big();
Big10.DP = 10;
Big10.RM = Big.roundDown;

/**
 * Tenge → yuan to the fen. The quotient truncated at 10 decimals lies on the same side of every
 * rounding boundary (3 decimals) as the exact one, so rounding it half away from zero is exact.
 * (The checks compute the same in exact integers: yuanMinor.)
 */
export function kztToYuan(kzt: Big, r: Rate): Big {
  return new Big(new Big10(kzt).times(r.quant).div(r.quoted).round(2, Big.roundHalfUp));
}
