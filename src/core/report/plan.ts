/**
 * A sheet plan says what a sheet must hold. The core builds plans; the adapters only render them
 * (src/xlsx with ExcelJS into a file, src/excel with Office.js into the open workbook), so both
 * renderers show the same values, formulas and number formats.
 */
import type { MergedArea } from '../grid/grid';

/** A literal value. A string is always text: renderers must never let it become a formula. */
export type PlanValue = number | string | boolean | Date | null;

/**
 * Named looks; each renderer maps them to fonts, fills, borders and alignment:
 * `caption` a centred, wrapped sheet title (over merged cells), `period` the centred "as of" line,
 * `unitRight` the right-aligned unit line, `label` a bordered text cell that wraps, `key` a bold
 * bordered label of a key figure, `headline` a wrapped paragraph, `section` a bold heading of a block.
 */
export type CellStyle =
  | 'title' | 'subtitle' | 'unit' | 'header' | 'cell' | 'total' | 'control' | 'note' | 'error' | 'warning' | 'info'
  | 'caption' | 'period' | 'unitRight' | 'label' | 'key' | 'headline' | 'section';

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
  /**
   * Print setup: A4 (or `paper`), landscape or portrait; when `fitToWidth`, `pagesWide` pages wide
   * (default 1) and as many tall as needed; rows repeated at the top and columns at the left of every page.
   */
  print?: {
    landscape: boolean;
    fitToWidth: boolean;
    repeatRows?: { from: number; to: number };
    center?: boolean;
    paper?: 'A4' | 'A3';
    pagesWide?: number;
    /** 1-based columns repeated at the left of every printed page (the name of a wide table's row). */
    repeatCols?: { from: number; to: number };
  };
  /** An Excel table over a block of the plan (header row included). */
  table?: { name: string; top: number; left: number; bottom: number; right: number };
  /** Row heights in points by 1-based row (rows not listed keep Excel's automatic height). */
  heights?: Record<number, number>;
  /** Show the grid lines (default true); official summaries turn them off and draw borders. */
  gridlines?: boolean;
  /**
   * A native chart (Office.js only: ExcelJS cannot write charts, so src/xlsx leaves it out).
   * `categories` and `values` are sheet-qualified A1 ranges (`'By sector'!$A$5:$A$9`, as sheetRef
   * writes them); `anchor` the cells the chart covers on this sheet.
   */
  chart?: PlanChart;
  /** Data validation rules over blocks of cells (Excel's: a list, a decimal, a whole number or a date). */
  validations?: PlanValidation[];
  /**
   * The sheet is protected (no password: against slips of the hand); every cell is locked except
   * the blocks in `unlocked`, where the user types.
   */
  protect?: { unlocked: PlanBlock[] };
}

/** A block of cells, 1-based and inclusive. */
export interface PlanBlock { top: number; left: number; bottom: number; right: number }

/**
 * A rule Excel applies to what is typed into a block; a value it breaks is refused (error style "stop").
 * `list`: one of `items` (inline; together at most 255 characters, none holding a comma or a quote)
 * or of the cells of `source`, a sheet-qualified absolute range (`'Lists'!$A$2:$A$9`).
 * `decimal` / `whole` / `date`: at least `min` and at most `max` when given (dates as ISO days).
 * Blank cells are allowed. Excel's limits: titles 32 characters, prompt 255, error 225.
 */
export interface PlanValidation extends PlanBlock {
  type: 'list' | 'decimal' | 'whole' | 'date';
  items?: string[];
  source?: string;
  min?: number | string;
  max?: number | string;
  prompt?: { title: string; text: string };
  error: { title: string; text: string };
}

export interface PlanChart {
  type: 'bar' | 'column' | 'pie';
  title: string;
  /** The series' name (legend and tooltips). */
  series: string;
  categories: string;
  values: string;
  anchor: { from: string; to: string };
}

/** The most characters an Excel cell holds (Excel's specifications and limits); longer text is refused by Excel. */
export const CELL_TEXT_MAX = 32767;

/** Text as a cell can hold it: cut to CELL_TEXT_MAX (the checks report every source cell that is longer: TEXT_TOO_LONG). */
export function fitCellText(s: string): string {
  return s.length > CELL_TEXT_MAX ? s.slice(0, CELL_TEXT_MAX) : s;
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

/** How a named style looks, as data both renderers draw from (colours as #RRGGBB). */
export interface Look {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  fill?: string;
  /** Thin borders on every side. */
  border?: boolean;
  wrap?: boolean;
  h?: 'left' | 'center' | 'right';
  v?: 'top' | 'center' | 'bottom';
}

export const BORDER_COLOR = '#8A8886';

export const LOOKS: Record<CellStyle, Look> = {
  title: { bold: true, size: 14 },
  subtitle: { italic: true, size: 10 },
  unit: { italic: true, size: 10, color: '#605E5C' },
  header: { bold: true, fill: '#E1DFDD', border: true, wrap: true, h: 'center', v: 'center' },
  cell: { border: true, v: 'center' },
  total: { bold: true, fill: '#F3F2F1', border: true, v: 'center' },
  control: { italic: true, size: 9, color: '#605E5C', wrap: true, v: 'top' },
  note: { italic: true },
  error: { bold: true, color: '#A4262C', border: true },
  warning: { color: '#8A5A00', border: true },
  info: { color: '#005A9E', border: true },
  caption: { bold: true, size: 13, wrap: true, h: 'center', v: 'center' },
  period: { italic: true, h: 'center' },
  unitRight: { italic: true, size: 10, color: '#605E5C', h: 'right' },
  label: { border: true, wrap: true, v: 'center' },
  key: { bold: true, fill: '#F3F2F1', border: true, wrap: true, v: 'center' },
  headline: { wrap: true, v: 'top' },
  section: { bold: true, size: 12 },
};
