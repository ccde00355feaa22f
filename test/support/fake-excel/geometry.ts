/**
 * The fake Excel, sheet geometry and addresses: the sheet's bounds, 0-based rectangles, A1
 * addresses as Office.js writes and reads them (with whole columns "A:C" and rows "1:3", quoted sheet
 * names), and date serials. Column letters come from src/core/grid/a1.ts. When Excel quotes a sheet name in
 * an address is modelled from Excel's own behaviour (spaces, punctuation, a leading digit, a cell-like
 * name, TRUE/FALSE), not from the Office.js reference.
 */
import { columnLetters, columnNumber, isColumnLetters } from '../../../src/core/grid/a1';
import { fail } from './errors';

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** A 0-based column's letters (0 → "A"). */
export const colLetters = (col0: number): string => columnLetters(col0 + 1);

/** A 0-based column from letters matched as [A-Z]{1,3}; one past the sheet's last for letters beyond XFD (refused by the bounds check). */
const colIndex = (letters: string): number => (isColumnLetters(letters) ? columnNumber(letters) - 1 : MAX_COLS);

/** Does Excel quote this sheet name in an address? (spaces, punctuation, a leading digit, a cell-like name) */
function needsQuotes(name: string): boolean {
  if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name)) return true;
  if (/^[Rr]\d*([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name)) return true;
  return /^(true|false)$/i.test(name);
}

export function quoteSheetName(name: string): string {
  return needsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

export function rectA1(r: Rect): string {
  if (r.r0 === 0 && r.r1 === MAX_ROWS - 1 && !(r.c0 === 0 && r.c1 === MAX_COLS - 1)) return `${colLetters(r.c0)}:${colLetters(r.c1)}`;
  if (r.c0 === 0 && r.c1 === MAX_COLS - 1 && !(r.r0 === 0 && r.r1 === MAX_ROWS - 1)) return `${r.r0 + 1}:${r.r1 + 1}`;
  const a = `${colLetters(r.c0)}${r.r0 + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${colLetters(r.c1)}${r.r1 + 1}`;
}

export function rectAddress(sheet: string, r: Rect): string {
  return `${quoteSheetName(sheet)}!${rectA1(r)}`;
}

/** Split "'My sheet'!A1:B2" into sheet name and the A1 part. */
export function splitSheet(address: string): { sheet: string | null; ref: string } {
  const s = address.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i++];
    }
    if (s[i + 1] !== '!') fail('InvalidArgument', `Bad address: ${address}`);
    return { sheet: name, ref: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf('!');
  return bang < 0 ? { sheet: null, ref: s } : { sheet: s.slice(0, bang), ref: s.slice(bang + 1) };
}

export function parseRef(ref: string): Rect {
  const parts = ref.replace(/\$/g, '').toUpperCase().split(':');
  if (parts.length < 1 || parts.length > 2) fail('InvalidArgument', `Bad address: ${ref}`);
  const one = (p: string): { r: number | null; c: number | null } => {
    let m = /^([A-Z]{1,3})(\d+)$/.exec(p);
    if (m) return { r: Number(m[2]) - 1, c: colIndex(m[1]) };
    m = /^([A-Z]{1,3})$/.exec(p);
    if (m) return { r: null, c: colIndex(m[1]) };
    m = /^(\d+)$/.exec(p);
    if (m) return { r: Number(m[1]) - 1, c: null };
    return fail('InvalidArgument', `Bad address: ${ref}`);
  };
  const a = one(parts[0]);
  const b = parts.length === 2 ? one(parts[1]) : a;
  let rect: Rect;
  if (a.r === null || b.r === null) {
    // whole columns
    if (a.c === null || b.c === null || a.r !== null || b.r !== null) fail('InvalidArgument', `Bad address: ${ref}`);
    rect = { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c) };
  } else if (a.c === null || b.c === null) {
    if (a.c !== null || b.c !== null) fail('InvalidArgument', `Bad address: ${ref}`);
    rect = { r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r), c0: 0, c1: MAX_COLS - 1 };
  } else {
    if (parts.length === 1 && a.r === null) fail('InvalidArgument', `Bad address: ${ref}`);
    rect = { r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r), c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c) };
  }
  if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) fail('InvalidArgument', `Address out of the sheet: ${ref}`);
  return rect;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function cellCount(r: Rect): number {
  return (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);
}

export function isUnbounded(r: Rect): boolean {
  return (r.r0 === 0 && r.r1 === MAX_ROWS - 1) || (r.c0 === 0 && r.c1 === MAX_COLS - 1);
}

// ---------------------------------------------------------------------------------------------
// Dates (1900 system, with Excel's phantom 29 Feb 1900)

const MS_PER_DAY = 86400000;
const EPOCH = Date.UTC(1899, 11, 30);

export function serialFromDate(d: Date): number {
  const s = (d.getTime() - EPOCH) / MS_PER_DAY;
  return s < 61 ? s - 1 : s;
}

export function dateFromSerial(serial: number): Date {
  const s = serial < 61 ? serial + 1 : serial;
  return new Date(EPOCH + Math.round(s * MS_PER_DAY));
}
