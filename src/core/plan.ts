/**
 * A sheet plan says what a sheet must hold. The core builds plans; the adapters only render them
 * (src/xlsx with ExcelJS into a file, src/excel with Office.js into the open workbook), so both
 * renderers show the same values, formulas and number formats.
 */
import type { MergedArea } from './grid';

/** A literal value. A string is always text: renderers must never let it become a formula. */
export type PlanValue = number | string | boolean | Date | null;

/** Named looks; each renderer maps them to fonts, fills and borders. */
export type CellStyle = 'title' | 'subtitle' | 'unit' | 'header' | 'cell' | 'total' | 'control' | 'note' | 'error' | 'warning' | 'info';

export interface PlanCell {
  /** The value, or for a formula its computed result (cached, so every reader shows it). */
  v: PlanValue;
  /** A formula in A1 style without the leading "=" (e.g. `SUMIFS(...)`). */
  f?: string;
  /** Number format code (locale-neutral, e.g. `#,##0.00`). */
  fmt?: string;
  s?: CellStyle;
  /** An internal link: a cell this one points to, e.g. `'Register'!B7` (no leading "#"). */
  link?: string;
}

export interface SheetPlan {
  /** Valid for Excel: at most 31 characters, none of []:*?/\ . */
  name: string;
  /** What the tool wrote this sheet as (`summary:sector`, `register`, `checks`): marks it as the tool's own. */
  role: string;
  /** Column widths in characters, index 0 = column A. */
  widths: number[];
  /** Rows from row 1 down; `null` is an empty row or cell. */
  rows: (PlanCell | null)[][];
  merges: MergedArea[];
  /** Rows and columns kept in view. */
  freeze?: { rows: number; cols: number };
  print?: { landscape: boolean; fitToWidth: boolean; repeatRows?: { from: number; to: number } };
  /** An Excel table over a block of the plan (header row included). */
  table?: { name: string; top: number; left: number; bottom: number; right: number };
}

/** Excel's limits on sheet names: 31 characters and none of []:*?/\ ; no leading or trailing apostrophe. */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').replace(/\s+/g, ' ').trim();
  return (cleaned || 'Sheet').slice(0, 31).trim();
}

/** A1 reference to another sheet, quoted as Excel wants: 'My sheet'!B7. */
export function sheetRef(sheet: string, a1: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${a1}`;
}
