/**
 * A1 addresses, in one place: column letters ↔ column numbers ("AB" ↔ 28), a cell's address ↔ its
 * row and column ("B3" ↔ 3, 2), a range's address ↔ its corners ("A1:C9"). Everything is 1-based,
 * as Excel numbers rows and columns. A leaf module: it imports nothing, so the core, both adapters,
 * the CLI and the tests can all use it.
 *
 * Parsing refuses what is not an address on Excel's sheet (1 048 576 rows × 16 384 columns, A..XFD):
 * `columnNumber` and `cellAddress` throw a RangeError, `parseAddress` and `parseRange` answer null.
 * Writing letters accepts any whole column from 1 up, past XFD too, because a message has to name the
 * cell a file puts beyond the sheet's edge ("XFE1"); 0, negatives, fractions and non-finite numbers
 * are refused. `refColumn` / `refRow` are the lenient, allocation-free scans the .xlsx reader uses on
 * every `<c r="AB12">` and the ordering of findings uses on their cells.
 */

export const MAX_ROW = 1048576;
export const MAX_COLUMN = 16384;

/** 1 → "A", 26 → "Z", 27 → "AA", 16384 → "XFD"; past XFD too (16385 → "XFE"). RangeError for 0, negatives, fractions. */
export function columnLetters(col: number): string {
  if (!Number.isSafeInteger(col) || col < 1) throw new RangeError(`Not a column number: ${col}`);
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Are these the letters of a column on the sheet, "A".."XFD" (either case)? */
export function isColumnLetters(letters: string): boolean {
  return columnOrZero(letters) > 0;
}

/** "AB" → 28 (either case). RangeError when it is not a column on the sheet ("", "A1", "XFE"). */
export function columnNumber(letters: string): number {
  const n = columnOrZero(letters);
  if (n === 0) throw new RangeError(`Not a column: ${JSON.stringify(letters)}`);
  return n;
}

/** The column of letters A..XFD (either case), 0 for anything else. */
function columnOrZero(letters: string): number {
  if (letters.length < 1 || letters.length > 3) return 0;
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i) | 32; // lower case
    if (c < 97 || c > 122) return 0;
    n = n * 26 + c - 96;
  }
  return n <= MAX_COLUMN ? n : 0;
}

/** (3, 2) → "B3". RangeError when the cell is not on the sheet. */
export function cellAddress(row: number, col: number): string {
  if (!Number.isInteger(row) || row < 1 || row > MAX_ROW) throw new RangeError(`Not a row number: ${row}`);
  if (col > MAX_COLUMN) throw new RangeError(`Not a column number: ${col}`);
  return columnLetters(col) + String(row);
}

/** "B3", "$B$3", " b3 " → {row: 3, col: 2}; null when it is not the address of a cell on the sheet. */
export function parseAddress(a1: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(a1.trim());
  if (!m) return null;
  const col = columnOrZero(m[1]);
  const row = Number(m[2]);
  return col > 0 && row >= 1 && row <= MAX_ROW ? { row, col } : null;
}

/** A rectangle of cells, 1-based and inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** "B3" for one cell, "A1:C9" for more; RangeError when a corner is not on the sheet. */
export function rangeAddress(r: CellRange): string {
  const tl = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? tl : `${tl}:${cellAddress(r.bottom, r.right)}`;
}

/** "A1:C9", "C9:A1", "$A$1", "Sheet!A1:B2" (the sheet is dropped) → its corners, ordered; null when it is not a range of cells. */
export function parseRange(ref: string): CellRange | null {
  const s = ref.slice(ref.lastIndexOf('!') + 1);
  const parts = s.split(':');
  if (parts.length > 2) return null;
  const a = parseAddress(parts[0]);
  const b = parts.length === 2 ? parseAddress(parts[1]) : a;
  if (!a || !b) return null;
  return { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}

/**
 * The column of a cell reference's leading letters, either case ("AB12" → 28); 0 when it starts with
 * no letter; Infinity once there are more than five letters (no column, and no overflow). Lenient on
 * purpose, for references a file wrote: the caller compares the result with the sheet's bounds.
 */
export function refColumn(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + c - 64;
    else if (c >= 97 && c <= 122) n = n * 26 + c - 96;
    else break;
    if (i > 4) return Infinity;
  }
  return n;
}

/** The row number after a cell reference's letters ("AB12" → 12); NaN when there is none or it is not all digits; Infinity past 9 digits. */
export function refRow(ref: string): number {
  let i = 0;
  while (i < ref.length && !(ref.charCodeAt(i) >= 48 && ref.charCodeAt(i) <= 57)) i++;
  if (i === ref.length) return NaN;
  const t = ref.slice(i).trim();
  if (!/^\d+$/.test(t)) return NaN;
  return t.length > 9 ? Infinity : Number(t);
}
