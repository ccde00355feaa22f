/**
 * Reading a register file as a stream: a file too large to hold (.xlsx/.xlsm through book.ts's
 * reader over the file, read piece by piece; .csv chunk by chunk) handed over a row at a time, each
 * row as the grid of src/xlsx/read.ts would hold it: the same cell values, from the sheet's first row
 * with a value, blank rows between kept (a run of them at most LIMITS.emptyRun long), trailing ones
 * not.
 *
 * The zip is read by its central directory, part by part in the order the reader needs them, so a
 * workbook zipped as Excel zips it (the sheets before the shared strings and the styles) reads the
 * same as any other, every time, and nothing is spilled to a temporary file. (ExcelJS's streaming
 * reader, used here before, parked such sheets in temporary files and read the zip with a parser that
 * announced its end once the file was read in, before it had handed over every part: the shared
 * strings, last in Excel's order, were then skipped on some runs, every text cell read empty; a sheet
 * skipped unread raced its temporary file's removal and crashed the process with ENOENT.)
 *
 * Merged areas are not read in a stream (they come after the rows): register.ts reads a header the
 * same without them.
 */
import { createReadStream, promises as fs } from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { csvValue, detectDelimiter, type CsvLimits } from '../core/grid/csv';
import type { CellValue } from '../core/grid/grid';
import { InputError } from '../core/grid/problems';
import { SinkError, XlsxBook, type RowSink } from './book';
import { csvLimits } from './read';
import type { ByteSource, Inflater } from './zip';

export type { RowSink } from './book';
export { LIMITS } from './book';

export interface SheetInfo {
  name: string;
  date1904: boolean;
  /** How many worksheets the workbook lists. */
  sheetCount: number;
}

export interface BookInfo {
  /** Worksheet names in workbook order. */
  sheets: string[];
  date1904: boolean;
}

/** Raw inflate through Node's zlib (the streaming path is Node's only). */
export const zlibInflate: Inflater = async function* (chunks) {
  const z = zlib.createInflateRaw({ chunkSize: 1 << 16 });
  const src = Readable.from(chunks, { objectMode: false });
  src.on('error', (e) => z.destroy(e));
  src.pipe(z);
  try {
    for await (const c of z) yield c as Uint8Array;
  } finally {
    src.destroy();
    z.destroy();
  }
};

/** A file read where asked, through one open handle. */
async function fileSource(file: string): Promise<ByteSource & { close(): Promise<void> }> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    return {
      size,
      async read(position, length) {
        const n = Math.max(0, Math.min(length, size - position));
        const buf = Buffer.allocUnsafe(n);
        let got = 0;
        while (got < n) {
          const { bytesRead } = await fh.read(buf, got, n - got, position + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return buf.subarray(0, got);
      },
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** An open workbook file: its sheets read as often as wanted, then closed. */
export interface XlsxFile {
  book: XlsxBook;
  close(): Promise<void>;
}

/** Open an .xlsx/.xlsm file for reading sheet by sheet; InputError when it cannot be used. Close it when done. */
export async function openXlsxFile(file: string): Promise<XlsxFile> {
  let src;
  try {
    src = await fileSource(file);
  } catch {
    throw new InputError({ key: 'FILE_MISSING', params: { file } });
  }
  try {
    const book = await XlsxBook.open(src, zlibInflate, file);
    return { book, close: () => src.close() };
  } catch (e) {
    await src.close();
    throw e;
  }
}

/** One sheet of an open workbook into `sink`; the sink's own errors pass through as they are. */
export async function readSheetInto(book: XlsxBook, sheet: string, sink: RowSink): Promise<void> {
  try {
    await book.readSheet(sheet, sink);
  } catch (e) {
    throw e instanceof SinkError ? e.inner : e;
  }
}

/**
 * Stream an .xlsx/.xlsm file: `visit` is asked about each worksheet (in workbook order) and returns
 * where its rows go, or null to skip it (a skipped sheet is not read at all). A sink that settles
 * stops its own sheet, not the others. Returns the sheet names in workbook order.
 */
export async function readXlsxStream(file: string, visit: (sheet: SheetInfo) => RowSink | null): Promise<BookInfo> {
  const { book, close } = await openXlsxFile(file);
  try {
    for (const name of book.sheets) {
      const sink = visit({ name, date1904: book.date1904, sheetCount: book.sheets.length });
      if (sink) await readSheetInto(book, name, sink);
    }
    return { sheets: book.sheets, date1904: book.date1904 };
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

/** The CSV's sheet name: the file's name without its extension (as csvToGrid names it). */
export function csvSheetName(file: string): string {
  return path.basename(file, path.extname(file));
}

const CHUNK = 1 << 20;

/** UTF-8 without a BOM is checked over the whole file first, as decodeCsv decides; else windows-1251 by its letters. */
async function csvEncoding(file: string): Promise<'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251' | null> {
  const fh = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    const b = head.subarray(0, bytesRead);
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
    if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
    if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  } finally {
    await fh.close();
  }
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) utf8.decode(chunk as Buffer, { stream: true });
    utf8.decode();
    return 'utf-8';
  } catch {
    // Not UTF-8: a 1C export is windows-1251 when its high bytes are mostly Cyrillic letters (decodeCsv's rule, over every byte).
  }
  let high = 0, cyr = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    for (const x of chunk as Buffer) {
      if (x >= 0x80) {
        high++;
        if (x >= 0xc0 || x === 0xa8 || x === 0xb8 || (x >= 0x8a && x <= 0x9f) || x === 0xa1 || x === 0xa2 || x === 0xaa || x === 0xaf || x === 0xb2 || x === 0xb3 || x === 0xba || x === 0xbf || x === 0xa0) cyr++;
      }
      if (x === 0) return null;
    }
  }
  return high > 0 && cyr / high >= 0.9 ? 'windows-1251' : null;
}

/**
 * The records of parseCsv (csv.ts), chunk by chunk: the same fields and the same line numbers, with
 * fields cut out of the text rather than built a character at a time.
 */
class CsvRecords {
  private field = '';
  private rec: string[] = [];
  private q = false;
  private line = 1;
  private start = 1;
  private carry = '';
  constructor(private readonly delimiter: string, private readonly emit: (rec: string[], line: number) => void, private readonly limits: CsvLimits) {}

  private pushField(): void {
    if (this.field.length > this.limits.field) this.limits.refuse('field', this.start, this.rec.length + 1);
    this.rec.push(this.field);
    if (this.rec.length > this.limits.fields) this.limits.refuse('fields', this.start, this.rec.length);
  }

  private endRecord(): void {
    if (this.start > this.limits.lines && this.rec.some((f) => f.trim() !== '')) this.limits.refuse('lines', this.start, 1);
    this.emit(this.rec, this.start);
  }

  feed(chunk: string, final: boolean): void {
    const text = this.carry + chunk;
    const n = text.length;
    // A quote or a CR at the very end may pair with the next chunk's first character.
    const limit = final ? n : n - 1;
    const d = this.delimiter;
    const dc = d.charCodeAt(0);
    let i = 0;
    while (i < limit) {
      if (this.q) {
        let k = text.indexOf('"', i);
        if (k < 0 || k >= limit) k = limit;
        if (k > i) {
          const part = text.slice(i, k);
          for (let j = part.indexOf('\n'); j >= 0; j = part.indexOf('\n', j + 1)) this.line++;
          this.field += part;
          if (this.field.length > this.limits.field) this.limits.refuse('field', this.start, this.rec.length + 1);
          i = k;
          continue;
        }
        // text[i] === '"'
        if (text[i + 1] === '"') {
          this.field += '"';
          i += 2;
          continue;
        }
        this.q = false;
        i++;
        continue;
      }
      const ch = text[i];
      if (ch === '"' && this.field === '') {
        this.q = true;
        i++;
        continue;
      }
      if (ch === d) {
        this.pushField();
        this.field = '';
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        this.pushField();
        this.endRecord();
        this.field = '';
        this.rec = [];
        if (ch === '\r' && text[i + 1] === '\n') i++;
        i++;
        this.line++;
        this.start = this.line;
        continue;
      }
      // A plain run up to the next delimiter or line end (a quote inside it is text).
      let j = i + 1;
      while (j < limit) {
        const c = text.charCodeAt(j);
        if (c === dc || c === 13 || c === 10) break;
        j++;
      }
      this.field += text.slice(i, j);
      if (this.field.length > this.limits.field) this.limits.refuse('field', this.start, this.rec.length + 1);
      i = j;
    }
    this.carry = text.slice(i);
    if (final) {
      if (this.field !== '' || this.rec.length) {
        this.pushField();
        this.endRecord();
      }
      this.field = '';
      this.rec = [];
    }
  }
}

/**
 * Stream a CSV file into `sink`: every record a row (its line its row number), as csvToGrid reads it,
 * refused where csvToGrid refuses (a field, a record or a line past Excel's limits; a header and
 * nothing after it).
 */
export async function readCsvStream(file: string, sink: RowSink): Promise<void> {
  const encoding = await csvEncoding(file);
  if (!encoding) throw new InputError({ key: 'CSV_ENCODING', params: { file } });
  const decoder = new TextDecoder(encoding);
  const skip = encoding === 'utf-8' || encoding.startsWith('utf-16') ? 'bom' : 'none';
  const limits = csvLimits(file, csvSheetName(file));
  // The head: the text until 20 lines that are not blank are complete (kept in pieces, joined once).
  const head: string[] = [];
  let lineHas = false;
  let nonBlank = 0;
  const scan = (t: string) => {
    for (let from = 0; nonBlank < 20;) {
      const k = t.indexOf('\n', from);
      if (!lineHas && /\S/.test(k < 0 ? t.slice(from) : t.slice(from, k))) lineHas = true;
      if (k < 0) break;
      if (lineHas) nonBlank++;
      lineHas = false;
      from = k + 1;
    }
  };
  let parser: CsvRecords | null = null;
  let decimalComma = false;
  let stopped = false;
  let filled = 0;
  const push = (rec: string[], line: number) => {
    if (rec.some((f) => f.trim() !== '')) filled++;
    if (stopped) return;
    const values: CellValue[] = new Array(rec.length);
    for (let k = 0; k < rec.length; k++) values[k] = csvValue(rec[k], decimalComma);
    sink.push(values, line);
    if (sink.settled) stopped = true;
  };
  const begin = (text: string) => {
    const delimiter = detectDelimiter(text);
    decimalComma = delimiter !== ',';
    parser = new CsvRecords(delimiter, push, limits);
  };
  let first = true;
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) {
      let text = decoder.decode(chunk as Buffer, { stream: true });
      if (first) {
        first = false;
        // The BOM: TextDecoder drops it for UTF-8 and UTF-16 by itself; decodeCsv drops it too.
        if (skip === 'bom' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (!parser) {
        head.push(text);
        // The delimiter is decided on the first 20 lines that are not blank, as detectDelimiter reads a whole text.
        scan(text);
        if (nonBlank >= 20) {
          const all = head.join('');
          head.length = 0;
          begin(all);
          (parser as unknown as CsvRecords).feed(all, false);
        }
        continue;
      }
      (parser as CsvRecords).feed(text, false);
      if (stopped) return;
      const wait = sink.drain?.();
      if (wait) await wait;
    }
  } finally {
    stream.destroy();
  }
  const rest = decoder.decode();
  if (!parser) {
    const all = head.join('') + rest;
    begin(all);
    (parser as unknown as CsvRecords).feed(all, true);
  } else (parser as CsvRecords).feed(rest, true);
  if (filled === 1) throw new InputError({ key: 'SHEET_EMPTY', params: { file, sheet: csvSheetName(file) } });
}
