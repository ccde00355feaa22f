/** ExcelJS adapter, reading: a file (.xlsx, .xlsm, .csv) → grids the core reads. */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { csvValue, decodeCsv, detectDelimiter, parseCsv } from '../core/csv';
import { asExcelError, gridFromValues, type CellValue, type Grid, type MergedArea } from '../core/grid';
import { InputError } from '../core/problems';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

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

/** CSV bytes → one grid; the line number of each record is kept as its row. */
export function csvToGrid(bytes: Uint8Array, file: string): Grid {
  const dec = decodeCsv(bytes);
  if (!dec.ok) throw new InputError({ key: 'CSV_ENCODING', params: { file } });
  const delimiter = detectDelimiter(dec.text);
  const { records, lines } = parseCsv(dec.text, delimiter);
  const decimalComma = delimiter !== ',';
  const values: CellValue[][] = records.map((rec) => rec.map((s) => csvValue(s, decimalComma)));
  // Each record keeps the line it starts on, so findings name the line a user sees in an editor.
  return { ...gridFromValues(path.basename(file, path.extname(file)), values), rowNumbers: lines };
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
function isOle(b: Uint8Array): boolean {
  return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

/** Open a register file; throws InputError with what is wrong (missing, too large, not a workbook, protected). */
export async function openSource(file: string): Promise<SourceBook> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new InputError({ key: 'FILE_MISSING', params: { file } });
  }
  if (!stat.isFile()) throw new InputError({ key: 'FILE_MISSING', params: { file } });
  if (stat.size > MAX_FILE_BYTES) {
    throw new InputError({ key: 'FILE_TOO_LARGE', params: { file, size: (stat.size / 1048576).toFixed(1), limit: MAX_FILE_BYTES / 1048576 } });
  }
  const bytes = await fs.readFile(file);
  const ext = path.extname(file).toLowerCase();
  if (isOle(bytes)) {
    // An OLE container is either an encrypted (password-protected) OOXML workbook or an old .xls.
    const protectedBook = bytes.includes(Buffer.from('EncryptionInfo', 'utf16le'));
    throw new InputError({ key: protectedBook ? 'PASSWORD_PROTECTED' : 'NOT_A_WORKBOOK', params: { file } });
  }
  if (isZip(bytes)) {
    let wb: ExcelJS.Workbook;
    try {
      wb = await readWorkbookBuffer(bytes);
    } catch {
      throw new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
    }
    const sheets = wb.worksheets.map((w) => w.name);
    const date1904 = Boolean((wb.properties as { date1904?: boolean }).date1904);
    return {
      file, sheets, date1904,
      grid(sheet: string) {
        const ws = wb.getWorksheet(sheet);
        if (!ws) throw new InputError({ key: 'SHEET_MISSING', params: { file, sheet, sheets: sheets.join(', ') } });
        return worksheetToGrid(ws);
      },
    };
  }
  if (ext === '.csv' || ext === '.txt') {
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
