/**
 * The fake Excel, the model: workbooks, sheets, cells (value, formula, number format, look,
 * hyperlink), tables and charts as plain data, and the helpers that walk them (used range, content).
 * The proxies of the other modules read and write this model at `sync()`; nothing here knows Office.js.
 */
import type { Calc, FormulaPart } from './calc';
import type { RangeT } from './format';
import { intersects, isUnbounded, type Rect } from './geometry';

export const EXCEL_ERROR_TEXTS = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!'];

/** A cell's look: flat keys ("font.bold", "fill.color", "border.top.style", ...), shared and never mutated. */
export type Look = Readonly<Record<string, string | number | boolean>>;
export const NO_LOOK: Look = Object.freeze({});

export interface FakeHyperlink {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

export interface CellM {
  /** The constant value, or the cached result of a formula; undefined when empty. */
  v?: number | string | boolean;
  /** v is an error text (#REF!, ...). */
  err?: boolean;
  /** The formula as written, with its "=". */
  f?: string;
  /** The formula's sheet references as bound when it was written (what `formulas` reads back). */
  bound?: FormulaPart[];
  /** Number format; undefined = "General". */
  nf?: string;
  /** Entered with a leading apostrophe (Excel's quotePrefix). */
  q?: boolean;
  look?: Look;
  link?: FakeHyperlink;
}

export interface TableM {
  id: string;
  name: string;
  sheet: SheetM;
  rect: Rect;
  style: string;
  showHeaders: boolean;
  showTotals: boolean;
  showBandedRows: boolean;
  showBandedColumns: boolean;
  showFilterButton: boolean;
  deleted: boolean;
}

export interface SheetM {
  id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  deleted: boolean;
  rows: Map<number, CellM[]>;
  merges: Rect[];
  /** Column widths in points (Office.js units), by 0-based column. */
  colWidths: Map<number, number>;
  freeze: { rows: number; cols: number } | null;
  tables: TableM[];
  customProps: Map<string, { key: string; value: string }>;
  pageLayout: Record<string, unknown>;
  selection: Rect;
  /** A selection of several areas (Ctrl+click), the first being `selection`; unset for one area. */
  areas?: Rect[];
  tabColor: string;
  showGridlines: boolean;
  /** Row heights in points, by 0-based row (rows not listed have the standard height). */
  rowHeights: Map<number, number>;
  charts: ChartM[];
}

/** A chart on a sheet: its series' ranges are kept as sheet + rectangle, so they follow renames as Excel's do. */
export interface ChartM {
  name: string;
  type: string;
  title: string;
  legendVisible: boolean;
  series: { name: string; values: RangeT | null; xValues: RangeT | null; hasDataLabels: boolean }[];
  reversePlotOrder: boolean;
  /** The cells it covers (A1 of the top-left and bottom-right cells). */
  position: { from: string; to: string } | null;
  deleted: boolean;
}

export interface WorkbookM {
  name: string;
  sheets: SheetM[];
  active: SheetM | null;
  docProps: Record<string, string>;
  customDocProps: Map<string, { key: string; value: string; type: string }>;
  /** Defined names (workbook scope): name → formula text ("=Sheet1!$A$1"). */
  names: Map<string, { name: string; formula: string }>;
  calculationMode: string;
  nextSheetId: number;
  nextTableId: number;
  /** How many syncs ran with calculation suspended (suspendApiCalculationUntilNextSync). */
  suspendedSyncs: number;
  /** The calculation engine, once a formula has been written. */
  calc: Calc | null;
}

export const STANDARD_WIDTH_PT = 48; // 8.43 characters of Calibri 11 = 64 px = 48 pt
export const STANDARD_HEIGHT_PT = 15;

export function newSheet(wb: WorkbookM, name: string): SheetM {
  const n = wb.nextSheetId++;
  return {
    id: `{${String(n).padStart(8, '0')}-0001-0000-0000-000000000000}`,
    name,
    visibility: 'Visible',
    deleted: false,
    rows: new Map(),
    merges: [],
    colWidths: new Map(),
    freeze: null,
    tables: [],
    customProps: new Map(),
    pageLayout: { orientation: 'Portrait', zoom: { scale: 100 } },
    selection: { r0: 0, c0: 0, r1: 0, c1: 0 },
    tabColor: '',
    showGridlines: true,
    rowHeights: new Map(),
    charts: [],
  };
}

export function getCell(sh: SheetM, r: number, c: number): CellM | undefined {
  return sh.rows.get(r)?.[c];
}

export function ensureCell(sh: SheetM, r: number, c: number): CellM {
  let row = sh.rows.get(r);
  if (!row) sh.rows.set(r, (row = []));
  let cell = row[c];
  if (!cell) row[c] = cell = {};
  return cell;
}

export function hasContent(c: CellM | undefined): boolean {
  return !!c && (c.v !== undefined || c.f !== undefined);
}

function hasFormat(c: CellM | undefined): boolean {
  return !!c && (c.nf !== undefined || (c.look !== undefined && c.look !== NO_LOOK) || c.link !== undefined);
}

/** Visit every cell of a rectangle, creating cells (bounded ranges) or only existing ones (whole rows/columns). */
export function forCells(sh: SheetM, rect: Rect, create: boolean, fn: (cell: CellM, r: number, c: number) => void): void {
  if (create && !isUnbounded(rect)) {
    for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) fn(ensureCell(sh, r, c), r, c);
    return;
  }
  for (const [r, row] of sh.rows) {
    if (r < rect.r0 || r > rect.r1) continue;
    for (let c = rect.c0; c <= Math.min(rect.c1, row.length - 1); c++) {
      const cell = row[c];
      if (cell) fn(cell, r, c);
    }
  }
}

export function usedRect(sh: SheetM, valuesOnly: boolean, within?: Rect): Rect | null {
  let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
  for (const [r, row] of sh.rows) {
    if (within && (r < within.r0 || r > within.r1)) continue;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      if (within && (c < within.c0 || c > within.c1)) continue;
      if (!(hasContent(cell) || (!valuesOnly && hasFormat(cell)))) continue;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
  }
  if (!valuesOnly) {
    for (const m of sh.merges) {
      if (within && !intersects(m, within)) continue;
      r0 = Math.min(r0, m.r0); c0 = Math.min(c0, m.c0); r1 = Math.max(r1, m.r1); c1 = Math.max(c1, m.c1);
    }
  }
  return r1 < 0 ? null : { r0, c0, r1, c1 };
}
