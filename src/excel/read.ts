/**
 * Office.js adapter, reading: a worksheet of the open workbook → the grid the core reads, the same
 * grid src/xlsx makes of the same sheet in a file (origin at the first non-empty row and column,
 * dates as Date, error values as CellError, "" as null, "General" for empty cells, every merge).
 *
 * Syncs: one for the size, merges, the sheet's mark and the workbook's date system; then the values
 * and number formats in blocks of at most `blockCells` cells (one sync for any register up to 150,000
 * cells, 100,000 where the formats' categories come too; a block is halved when Excel on the web finds
 * the response too large).
 *
 * Dates. A number is a date when its cell's format is one. The format's text is not always to be
 * trusted: Excel on the web gives `Range.numberFormat` of a built-in date format in the user's own
 * regional letters ("ДД.ММ.ГГГГ"; OfficeDev/office-js#2824), which no format reader knows. Where
 * ExcelApi 1.12 is there, `Range.numberFormatCategories` says "Date" for those; a "Custom" format (the
 * register's own "dd.mm.yyyy") is still read from its text, and any other category is not a date.
 * The serial is turned into a date in the workbook's own date system, 1900 or 1904: DATE(1904,1,1)
 * evaluated by the workbook (Workbook.functions, ExcelApi 1.2) is 0 in the 1904 system, 1462 in 1900.
 */
import { parseRange } from '../core/grid/a1';
import { asExcelError, isDateFormat, serialToDate, type CellValue, type Grid, type MergedArea } from '../core/grid/grid';
import { docRoles, excelApiSupported, isPayloadLimitError, ROLE_KEY, bareId, type ApiCheck } from './support';

/** Above this many cells the used range is not loaded at all (the UI says what to do). */
export const MAX_READ_CELLS = 5_000_000;
/** Cells loaded per sync: about 3 MB of values and formats, under Excel on the web's 5 MB response limit. */
export const READ_BLOCK_CELLS = 150_000;
/** The same with the formats' categories besides (ExcelApi 1.12): about 10 bytes more a cell. */
export const READ_BLOCK_CELLS_WITH_CATEGORIES = 100_000;

/** The used range is too large to read into the task pane. */
export class SheetTooLargeError extends Error {
  readonly code = 'SHEET_TOO_LARGE';
  constructor(
    readonly sheet: string,
    readonly address: string,
    readonly cells: number,
    readonly limit: number,
    /** Rows of the used range. */
    readonly rows: number | null = null,
  ) {
    super(`The used range ${address} of "${sheet}" has ${cells} cells; at most ${limit} can be read.`);
    this.name = 'SheetTooLargeError';
  }
}

export interface ReadOptions {
  maxCells?: number;
  blockCells?: number;
  supports?: ApiCheck;
  /** The workbook uses the 1904 date system; asked of the workbook when not given. */
  date1904?: boolean;
  /**
   * Called after each block with the rows read so far and the rows to read (the task pane's
   * "reading 40 000 of 100 000 rows"). A throw stops the read there (the pane's Cancel).
   */
  onProgress?: (rowsRead: number, rowsTotal: number) => void;
}

export interface SheetRead {
  grid: Grid;
  /** The role the tool marked this sheet with (it wrote it), else null. */
  role: string | null;
  /** The used range's address ("Sheet1!A1:H20"), null for an empty sheet. */
  address: string | null;
  syncs: number;
  /** The workbook's date system (the grid's dates are already read in it; the core needs it for serials in date columns). */
  date1904: boolean;
}

/** "Sheet1!A1:B2, 'My sheet'!C3:D4" → the areas (sheet names may hold commas inside quotes). */
export function parseAreasAddress(address: string): MergedArea[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const out: MergedArea[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    const area = parseRange(p);
    if (area) out.push(area);
  }
  return out;
}

/**
 * Is a cell's number a date? By its format's category where the host gives one (ExcelApi 1.12): "Date"
 * is, "Custom" is when its text is a date format, anything else is not; by the format's text alone
 * where the host gives no category.
 */
export function isDateCell(fmt: string, category?: string | null): boolean {
  if (category === undefined || category === null || category === '') return isDateFormat(fmt);
  if (category === 'Date') return true;
  if (category === 'Custom') return isDateFormat(fmt);
  return false;
}

/** Office.js cells → grid cells: dates by number format (and its category), error texts as errors, "" as empty. */
export function toCellValue(v: unknown, fmt: string, date1904 = false, category?: string | null): CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return isDateCell(fmt, category) ? serialToDate(v, date1904) : v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return asExcelError(v) ?? v;
  return String(v);
}

interface Pending {
  ws: Excel.Worksheet;
  used: Excel.Range;
  merged: Excel.RangeAreas | null;
  role: Excel.WorksheetCustomProperty | null;
  docProps: Excel.CustomPropertyCollection;
  /** DATE(1904,1,1) as the workbook evaluates it, when the date system is to be found out. */
  dateProbe: Excel.FunctionResult<number> | null;
}

/** Queue the first sync's loads for a sheet (size, merges, marks). */
function queueHead(context: Excel.RequestContext, ws: Excel.Worksheet, used: Excel.Range, mergesOf: Excel.Range, supports: ApiCheck, probeDates: boolean): Pending {
  ws.load('name,id');
  used.load('address,rowIndex,columnIndex,rowCount,columnCount');
  // Merged areas need ExcelApi 1.13; older hosts give a grid without merges (headings then sit in their first column).
  const merged = supports('1.13') ? mergesOf.getMergedAreasOrNullObject() : null;
  merged?.load('address');
  const role = supports('1.12') ? ws.customProperties.getItemOrNullObject(ROLE_KEY) : null;
  role?.load('value');
  const docProps = context.workbook.properties.custom;
  docProps.load('items/key,items/value');
  const dateProbe = probeDates && supports('1.2') ? context.workbook.functions.date(1904, 1, 1) : null;
  dateProbe?.load('value');
  return { ws, used, merged, role, docProps, dateProbe };
}

async function readBody(context: Excel.RequestContext, head: Pending, opts: ReadOptions, syncs: { n: number }): Promise<SheetRead> {
  const { ws, used, merged } = head;
  const sheet = ws.name;
  const merges = merged && !merged.isNullObject ? parseAreasAddress(merged.address) : [];
  let role: string | null = head.role && !head.role.isNullObject ? head.role.value : null;
  if (role === null) role = docRoles(head.docProps.items).get(bareId(ws.id))?.role ?? null;
  const date1904 = opts.date1904 ?? (head.dateProbe !== null && head.dateProbe.value === 0);
  if (used.isNullObject) {
    return { grid: { sheet, origin: { row: 1, col: 1 }, values: [], formats: [], merges }, role, address: null, syncs: syncs.n, date1904 };
  }
  const rows = used.rowCount;
  const cols = used.columnCount;
  const cells = rows * cols;
  const limit = opts.maxCells ?? MAX_READ_CELLS;
  if (cells > limit) throw new SheetTooLargeError(sheet, used.address, cells, limit, rows);

  const values: CellValue[][] = [];
  const formats: string[][] = [];
  const supports = opts.supports ?? excelApiSupported;
  const withCategories = supports('1.12');
  let block = Math.max(1, Math.floor((opts.blockCells ?? (withCategories ? READ_BLOCK_CELLS_WITH_CATEGORIES : READ_BLOCK_CELLS)) / cols));
  // One sync per block: a single sync for a register of up to `blockCells` cells.
  for (let r = 0; r < rows; ) {
    const n = Math.min(block, rows - r);
    const part = ws.getRangeByIndexes(used.rowIndex + r, used.columnIndex, n, cols);
    part.load(withCategories ? 'values,numberFormat,numberFormatCategories' : 'values,numberFormat');
    try {
      syncs.n++;
      await context.sync();
    } catch (e) {
      if (isPayloadLimitError(e) && n > 1) {
        block = Math.ceil(n / 2);
        continue;
      }
      throw e;
    }
    const vs = part.values as unknown[][];
    const fs = part.numberFormat as unknown[][];
    const cs = withCategories ? (part.numberFormatCategories as unknown[][]) : null;
    for (let i = 0; i < n; i++) {
      const vRow = vs[i];
      const fRow = fs[i];
      const cRow = cs?.[i];
      const outV: CellValue[] = new Array<CellValue>(cols);
      const outF: string[] = new Array<string>(cols);
      for (let j = 0; j < cols; j++) {
        const fmt = typeof fRow?.[j] === 'string' ? (fRow[j] as string) : 'General';
        const v = toCellValue(vRow?.[j], fmt, date1904, typeof cRow?.[j] === 'string' ? (cRow[j] as string) : null);
        outV[j] = v;
        // As src/xlsx: an empty cell's format does not matter and reads "General".
        outF[j] = v === null ? 'General' : fmt || 'General';
      }
      values.push(outV);
      formats.push(outF);
    }
    r += n;
    opts.onProgress?.(r, rows);
  }
  const grid: Grid = { sheet, origin: { row: used.rowIndex + 1, col: used.columnIndex + 1 }, values, formats, merges };
  return { grid, role, address: used.address, syncs: syncs.n, date1904 };
}

/** A sheet (the active one by default) with the tool's mark, if any. */
export async function readSheet(context: Excel.RequestContext, sheet?: Excel.Worksheet, opts: ReadOptions = {}): Promise<SheetRead> {
  const supports = opts.supports ?? excelApiSupported;
  const ws = sheet ?? context.workbook.worksheets.getActiveWorksheet();
  const head = queueHead(context, ws, ws.getUsedRangeOrNullObject(true), ws.getRange(), supports, opts.date1904 === undefined);
  const syncs = { n: 1 };
  await context.sync();
  return readBody(context, head, opts, syncs);
}

/** The grid of a sheet's used range (the active sheet by default). */
export async function readSheetGrid(context: Excel.RequestContext, sheet?: Excel.Worksheet, opts: ReadOptions = {}): Promise<Grid> {
  return (await readSheet(context, sheet, opts)).grid;
}

/** The grid of the selected cells (their used part: a selection of whole columns reads only the filled rows). */
export async function readSelectionGrid(context: Excel.RequestContext, opts: ReadOptions = {}): Promise<Grid> {
  return readRangeGrid(context, context.workbook.getSelectedRange(), opts);
}

/** The grid of a range's used part (a table's range, a selection), in sheet coordinates, with its sheet's mark. */
export async function readRange(context: Excel.RequestContext, range: Excel.Range, opts: ReadOptions = {}): Promise<SheetRead> {
  const supports = opts.supports ?? excelApiSupported;
  const head = queueHead(context, range.worksheet, range.getUsedRangeOrNullObject(true), range, supports, opts.date1904 === undefined);
  const syncs = { n: 1 };
  await context.sync();
  return readBody(context, head, opts, syncs);
}

export async function readRangeGrid(context: Excel.RequestContext, range: Excel.Range, opts: ReadOptions = {}): Promise<Grid> {
  return (await readRange(context, range, opts)).grid;
}
