/**
 * Reading a register file whole (.xlsx, .xlsm, .csv) into grids the core reads: the add-in's file
 * import, snapshot, changes, export, rates workbooks. Workbooks go through book.ts, the reader the
 * streaming path uses too, so both read the same cells and refuse the same files; the in-memory read
 * also keeps each cell's number format and the merged areas, and refuses a used range over
 * MAX_GRID_CELLS. worksheetToGrid (ExcelJS's model → grid) stays for workbooks already loaded by ExcelJS.
 */
import ExcelJS from 'exceljs';
import { csvValue, decodeCsv, detectDelimiter, parseCsv, type CsvLimits } from '../core/grid/csv';
import { columnLetters } from '../core/grid/a1';
import { asExcelError, gridFromValues, type CellValue, type Grid, type MergedArea } from '../core/grid/grid';
import { InputError } from '../core/grid/problems';
import { LIMITS, SinkError, XlsxBook, type RowSink } from './book';
import { MAX_FILE_BYTES, readWhole } from './files';
import { browserInflater, bufferSource } from './zip';

export { MAX_FILE_BYTES };

export interface SourceBook {
  file: string;
  /** Sheet names in workbook order. */
  sheets: string[];
  date1904: boolean;
  /** The grid of a sheet (CSV: the one sheet, named after the file). */
  grid(sheet: string): Grid;
}

export async function readWorkbookBuffer(buf: Buffer | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as ArrayBuffer);
  return wb;
}

export function cellValue(cell: ExcelJS.Cell): CellValue {
  // A merged area's other cells echo its first cell in ExcelJS; Excel holds them empty.
  if (cell.type === ExcelJS.ValueType.Merge) return null;
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return asExcelError(v) ? v : v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o && typeof o.error === 'string') return { error: o.error };
    if ('richText' in o && Array.isArray(o.richText)) {
      const t = (o.richText as { text: string }[]).map((r) => r.text).join('');
      return t === '' ? null : t;
    }
    if ('formula' in o || 'sharedFormula' in o) {
      // ExcelJS leaves a cached 0, false or "" out of `value`; `result` is the cached result either way.
      const r = cell.result as unknown;
      if (r === undefined || r === null || r === '') return null;
      if (typeof r === 'object' && r !== null && 'error' in (r as object)) return { error: String((r as { error: string }).error) };
      return r as CellValue;
    }
    if ('text' in o) return typeof o.text === 'string' && o.text !== '' ? o.text : null;
  }
  return null;
}

/** The sheet's used values as a grid: origin at the first non-empty row and column. */
export function worksheetToGrid(ws: ExcelJS.Worksheet, sheetName = ws.name): Grid {
  let top = Infinity, left = Infinity, bottom = 0, right = 0;
  const cells: { r: number; c: number; v: CellValue; f: string }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const v = cellValue(cell);
      if (v === null) return;
      cells.push({ r, c, v, f: cell.numFmt || 'General' });
      if (r < top) top = r;
      if (r > bottom) bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    });
  });
  // Private in ExcelJS's typings but stable since 1.x: the sheet's merged areas by their first cell.
  const mergeMap = (ws as unknown as { _merges: Record<string, MergedArea> })._merges ?? {};
  const merges: MergedArea[] = Object.values(mergeMap).map((m) => ({ top: m.top, left: m.left, bottom: m.bottom, right: m.right }));
  if (!cells.length) return { sheet: sheetName, origin: { row: 1, col: 1 }, values: [], formats: [], merges };
  const h = bottom - top + 1, w = right - left + 1;
  const values: CellValue[][] = Array.from({ length: h }, () => new Array<CellValue>(w).fill(null));
  const formats: string[][] = Array.from({ length: h }, () => new Array<string>(w).fill('General'));
  for (const x of cells) {
    values[x.r - top][x.c - left] = x.v;
    formats[x.r - top][x.c - left] = x.f;
  }
  return { sheet: sheetName, origin: { row: top, col: left }, values, formats, merges };
}

/** The densest grid the in-memory read builds: its used range's rows × columns (summarize and check stream any). */
export const MAX_GRID_CELLS = 20_000_000;

/** CSV bytes → one grid; the line number of each record is kept as its row. Refused as the streamed CSV is (see csvLimits). */
export function csvToGrid(bytes: Uint8Array, file: string): Grid {
  const dec = decodeCsv(bytes);
  if (!dec.ok) throw new InputError({ key: 'CSV_ENCODING', params: { file } });
  const delimiter = detectDelimiter(dec.text);
  const sheet = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const { records, lines } = parseCsv(dec.text, delimiter, csvLimits(file, sheet));
  headerOnly(records, file, sheet);
  const decimalComma = delimiter !== ',';
  const width = records.reduce((w, r) => Math.max(w, r.length), 0);
  if (records.length * width > MAX_GRID_CELLS) throw gridTooLarge(file, sheet, 1, lines[lines.length - 1] ?? 1, 1, width, records.length * width);
  const values: CellValue[][] = records.map((rec) => rec.map((s) => csvValue(s, decimalComma)));
  // Each record keeps the line it starts on, so findings name the line a user sees in an editor.
  return { ...gridFromValues(sheet, values), rowNumbers: lines };
}

/** Excel's limits on a CSV as on a sheet: a field's length, the fields of a record, the lines. */
export function csvLimits(file: string, sheet: string): CsvLimits {
  return {
    field: LIMITS.cellText, fields: LIMITS.columns, lines: LIMITS.rows,
    refuse(kind, line, field) {
      if (kind === 'field') throw new InputError({ key: 'CELL_TEXT_TOO_LONG', params: { file, sheet, cell: `${columnLetters(field)}${line}`, limit: LIMITS.cellText } });
      throw new InputError({ key: 'CELL_OUT_OF_RANGE', params: { file, sheet, cell: kind === 'fields' ? `${columnLetters(field)}${line}` : `A${line}` } });
    },
  };
}

/** A CSV with a header line and nothing after it is refused as an empty sheet is. */
export function headerOnly(records: string[][], file: string, sheet: string): void {
  let filled = 0;
  for (const r of records) {
    if (r.some((f) => f.trim() !== '') && ++filled > 1) return;
  }
  if (filled === 1) throw new InputError({ key: 'SHEET_EMPTY', params: { file, sheet } });
}

function gridTooLarge(file: string, sheet: string, top: number, bottom: number, left: number, right: number, cells: number): InputError {
  return new InputError({ key: 'GRID_TOO_LARGE', params: { file, sheet, range: `${columnLetters(left)}${top}:${columnLetters(right)}${bottom}`, cells, limit: MAX_GRID_CELLS } });
}

/** The rows of a sheet as book.ts hands them over, kept for a grid. */
class GridCollector implements RowSink {
  readonly rows: number[] = [];
  readonly values: CellValue[][] = [];
  readonly formats: string[][] = [];
  push(values: CellValue[], sheetRow: number, formats?: string[]): void {
    this.rows.push(sheetRow);
    this.values.push(values);
    this.formats.push(formats ?? []);
  }
}

/**
 * The sheet's used values as a grid, as worksheetToGrid makes them of ExcelJS's model: origin at the
 * first non-empty row and column; the other cells of a merged area empty. A run of empty rows longer
 * than LIMITS.emptyRun was handed over shortened: the grid then lists its rows' numbers, and its merged
 * areas are given in the grid's rows (grid row + origin row, as the core reads them).
 */
function collectedGrid(file: string, sheet: string, c: GridCollector, merges: MergedArea[]): Grid {
  // The other cells of a merged area are empty in Excel (ExcelJS echoes the first cell's value there).
  let present = 0;
  for (const row of c.values) present += row.length;
  let work = 0;
  const budget = 4 * present + 1_000_000;
  for (const m of merges) {
    for (let i = lowerBound(c.rows, m.top); i < c.rows.length && c.rows[i] <= m.bottom; i++) {
      const row = c.values[i];
      const from = c.rows[i] === m.top ? m.left : m.left - 1;
      for (let col = from; col < Math.min(m.right, row.length); col++) row[col] = null;
      // Overlapping areas (Excel never writes them) could make this quadratic: refused past a budget.
      work += 1 + Math.max(0, Math.min(m.right, row.length) - from);
      if (work > budget) throw new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
    }
  }
  // The used range: rows and columns with a value.
  let left = Infinity, right = 0, first = -1, last = -1;
  c.values.forEach((row, i) => {
    for (let k = 0; k < row.length; k++) {
      if (row[k] !== null && row[k] !== undefined) {
        if (k + 1 < left) left = k + 1;
        if (k + 1 > right) right = k + 1;
        if (first < 0) first = i;
        last = i;
      }
    }
  });
  if (first < 0) return { sheet, origin: { row: 1, col: 1 }, values: [], formats: [], merges };
  const rows = c.rows.slice(first, last + 1);
  const n = rows.length;
  const top = rows[0], bottom = rows[n - 1];
  const w = right - left + 1;
  if (n * w > MAX_GRID_CELLS) throw gridTooLarge(file, sheet, top, bottom, left, right, n * w);
  const dense = bottom - top + 1 === n;
  const values: CellValue[][] = new Array(n);
  const formats: string[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = new Array<CellValue>(w).fill(null);
    const f = new Array<string>(w).fill('General');
    const row = c.values[first + i], fr = c.formats[first + i];
    for (let k = left - 1; k < Math.min(row.length, right); k++) {
      const x = row[k];
      if (x !== null && x !== undefined) {
        v[k - left + 1] = x;
        f[k - left + 1] = fr[k] ?? 'General';
      }
    }
    values[i] = v;
    formats[i] = f;
  }
  if (dense) return { sheet, origin: { row: top, col: left }, values, formats, merges };
  // Merged areas in grid rows: each row of the area that is in the grid, at its grid position.
  const virtual: MergedArea[] = [];
  for (const m of merges) {
    const a = lowerBound(rows, m.top);
    const b = lowerBound(rows, m.bottom + 1) - 1;
    if (a <= b) virtual.push({ top: a + top, left: m.left, bottom: b + top, right: m.right });
  }
  return { sheet, origin: { row: top, col: left }, values, formats, merges: virtual, rowNumbers: rows };
}

function lowerBound(a: number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
function isOle(b: Uint8Array): boolean {
  return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0 && b[4] === 0xa1 && b[5] === 0xb1 && b[6] === 0x1a && b[7] === 0xe1;
}

function includes(b: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  outer: for (let i = b.indexOf(first); i >= 0 && i + needle.length <= b.length; i = b.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const utf16 = (s: string) => new Uint8Array([...s].flatMap((ch) => [ch.charCodeAt(0), 0]));

/**
 * An OLE compound file is either an encrypted (password-protected) .xlsx — its streams are
 * EncryptionInfo and EncryptedPackage — or an old .xls (a Workbook or Book stream), or something else.
 */
export function oleProblem(b: Uint8Array, file: string): InputError {
  if (includes(b, utf16('EncryptionInfo'))) return new InputError({ key: 'PASSWORD_PROTECTED', params: { file } });
  if (includes(b, utf16('Workbook')) || includes(b, utf16('Book'))) return new InputError({ key: 'FORMAT_XLS', params: { file } });
  return new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
}

/** An .xlsx/.xlsm held whole: every worksheet read into a grid now (as ExcelJS's loader held the whole model). */
async function xlsxBook(bytes: Uint8Array, file: string): Promise<SourceBook> {
  // The web's inflater where the webview has one for raw deflate; fflate's in older ones (Safari < 16.4).
  const book = await XlsxBook.open(bufferSource(bytes), browserInflater(), file);
  const grids = new Map<string, Grid>();
  for (const sheet of book.sheets) {
    const c = new GridCollector();
    const merges: MergedArea[] = [];
    try {
      await book.readSheet(sheet, c, { formats: true, merges });
    } catch (e) {
      throw e instanceof SinkError ? e.inner : e;
    }
    grids.set(sheet, collectedGrid(file, sheet, c, merges));
  }
  return {
    file, sheets: book.sheets, date1904: book.date1904,
    grid(sheet: string) {
      const g = grids.get(sheet);
      if (!g) throw new InputError({ key: 'SHEET_MISSING', params: { file, sheet, sheets: book.sheets.join(', ') } });
      return g;
    },
  };
}

/**
 * A register file's bytes (.xlsx, .xlsm, .csv) as a book of grids — the add-in's file import and
 * openSource. InputError with what is wrong: not a workbook, an old .xls, an .ods, protected, …
 */
export async function readBook(bytes: Uint8Array, file: string): Promise<SourceBook> {
  if (isOle(bytes)) throw oleProblem(bytes, file);
  if (isZip(bytes)) return xlsxBook(bytes, file);
  if (/\.(csv|txt)$/i.test(file)) {
    const grid = csvToGrid(bytes, file);
    return {
      file, sheets: [grid.sheet], date1904: false,
      grid(sheet: string) {
        if (sheet !== grid.sheet) throw new InputError({ key: 'SHEET_MISSING', params: { file, sheet, sheets: grid.sheet } });
        return grid;
      },
    };
  }
  throw new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
}

/** Open a register file; throws InputError with what is wrong (missing, too large, not a workbook, protected). */
export async function openSource(file: string): Promise<SourceBook> {
  return readBook(await readWhole(file, MAX_FILE_BYTES), file);
}
