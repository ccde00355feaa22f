/**
 * A grid is what both adapters (ExcelJS for files, Office.js inside Excel) make of a sheet:
 * plain cell values, their number formats and the merged areas. The core reads only grids.
 */

/** An Excel error value such as `#REF!` or `#N/A`, kept as an error, never as text or zero. */
export interface CellError {
  readonly error: string;
}

/**
 * A cell's value. Dates are `Date` objects whose UTC year/month/day are the calendar date shown
 * in Excel (time of day in the UTC hours), whatever the machine's time zone.
 */
export type CellValue = number | string | boolean | Date | CellError | null;

/** A merged area in sheet coordinates, 1-based and inclusive. */
export interface MergedArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Grid {
  /** The sheet's name as the workbook spells it. */
  sheet: string;
  /** Sheet row and column (1-based) of `values[0][0]`: a used range may start at B3. */
  origin: { row: number; col: number };
  /** Rectangular: every row has the same length. */
  values: CellValue[][];
  /** Number format of each cell ("General" where none), same shape as `values`. */
  formats: string[][];
  merges: MergedArea[];
  /** The sheet row of each grid row where rows are not consecutive (CSV: the line a record starts on). */
  rowNumbers?: number[];
}

/** The sheet row (1-based; CSV: line number) of grid row r. */
export function sheetRowOf(grid: Grid, r: number): number {
  return grid.rowNumbers ? grid.rowNumbers[r] : r + grid.origin.row;
}

export const EXCEL_ERRORS = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!'] as const;

export function isCellError(v: unknown): v is CellError {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && typeof (v as CellError).error === 'string';
}

/** A cell's value as a message shows it ("{value}" of a finding): a date as YYYY-MM-DD, an error as its code, else its text; null when empty. */
export function shownValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (isCellError(v)) return v.error;
  return String(v);
}

/** Excel's own error texts; a string cell that equals one is an error value (Office.js returns errors as such strings). */
export function asExcelError(s: string): CellError | null {
  return (EXCEL_ERRORS as readonly string[]).includes(s) ? { error: s } : null;
}

/** A number format that shows a date ("dd.mm.yyyy", "m/d/yy", "[$-43F]d mmmm yyyy"), not a duration or a number. */
export function isDateFormat(fmt: string | null | undefined): boolean {
  if (!fmt || fmt === 'General' || fmt === '@') return false;
  // Drop quoted text, escaped characters, colours/locales in brackets: they are not date codes.
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  if (/[0#?]/.test(bare.replace(/[dmyhs]+/gi, ''))) return false;
  return /[dy]/i.test(bare) || /m{3,}/i.test(bare);
}

const MS_PER_DAY = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30); // serial 0 with Excel's 1900 leap-year bug folded in for serials > 60
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Excel serial → Date (UTC), for the 1900 or the 1904 date system. */
export function serialToDate(serial: number, date1904 = false): Date {
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * MS_PER_DAY));
  // Serials 1..59 sit before Excel's phantom 29 Feb 1900 and are one day later than a plain count.
  const s = serial < 61 ? serial + 1 : serial;
  return new Date(EPOCH_1900 + Math.round(s * MS_PER_DAY));
}

/** Date (UTC) → Excel serial in the 1900 system. */
export function dateToSerial(d: Date): number {
  const s = (d.getTime() - EPOCH_1900) / MS_PER_DAY;
  return s < 61 ? s - 1 : s;
}

/** "2025-10-13" from a Date's UTC calendar day. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A grid from plain values: formats "General", no merges. Handy for tests and CSV. */
export function gridFromValues(sheet: string, values: CellValue[][], origin = { row: 1, col: 1 }): Grid {
  const width = values.reduce((w, r) => Math.max(w, r.length), 0);
  const rect = values.map((r) => {
    const row = r.slice();
    while (row.length < width) row.push(null);
    return row;
  });
  return { sheet, origin, values: rect, formats: rect.map((r) => r.map(() => 'General')), merges: [] };
}
