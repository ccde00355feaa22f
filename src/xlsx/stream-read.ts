/**
 * ExcelJS adapter, reading as a stream: a register file too large to hold (.xlsx/.xlsm through ExcelJS's
 * streaming WorkbookReader, .csv chunk by chunk) handed over a row at a time, each row as the grid of
 * src/xlsx/read.ts would hold it: the same cell values, from the sheet's first row with a value, blank
 * rows between kept, trailing ones not.
 *
 * ExcelJS's WorkbookReader reads the zip, the shared strings, the styles and the workbook (and parks a
 * sheet that comes before the shared strings in a temporary file, as Excel and ExcelJS write them); its
 * rows, though, are full Row and Cell objects and lose what the in-memory reader keeps (a formula's
 * error result reads NaN, its date result a serial, rich inline text its last run). So the sheet's XML
 * is parsed here, with ExcelJS's own SAX parser, straight into cell values: the values worksheetToGrid
 * gives (dates from the cell's date format, as ExcelJS decides it, in the workbook's 1900 or 1904
 * system), without an object per cell. Merged areas are not read (they come after the rows):
 * register.ts reads a header the same without them.
 */
import { createReadStream, promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { csvValue, detectDelimiter } from '../core/csv';
import type { CellValue } from '../core/grid';
import { InputError } from '../core/problems';

/* eslint-disable @typescript-eslint/no-require-imports */
const parseSax = require('exceljs/lib/utils/parse-sax') as (it: AsyncIterable<unknown>) => AsyncIterable<SaxEvent[]>;
const iterateStream = require('exceljs/lib/utils/iterate-stream') as (stream: unknown) => AsyncIterable<Buffer>;
const excelUtils = require('exceljs/lib/utils/utils') as { isDateFmt(fmt: string | undefined): boolean; excelToDate(v: number, date1904: boolean): Date };
type Xform = { parseStream(it: AsyncIterable<unknown>): Promise<unknown> };
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform') as new () => Xform & ReaderInternals['styles'];
const WorkbookXform = require('exceljs/lib/xlsx/xform/book/workbook-xform') as new () => Xform & { model: ReaderInternals['model']; map: { workbookPr: unknown } };
const RelationshipsXform = require('exceljs/lib/xlsx/xform/core/relationships-xform') as new () => Xform;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A zip entry's bytes as text, decoded across chunk boundaries. ExcelJS's SAX helper decodes each
 * chunk on its own, so a two-byte letter (all of Cyrillic) split between two chunks comes out as two
 * U+FFFD: handed text instead, it passes it through untouched.
 */
async function* decoded(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') yield chunk;
    else {
      const text = decoder.decode(chunk as Uint8Array, { stream: true });
      if (text) yield text;
    }
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
type SaxEvent = { eventType: 'opentag'; value: SaxNode } | { eventType: 'text'; value: string } | { eventType: 'closetag'; value: SaxNode };

/** Where a sheet's rows go: pushed in sheet order; `settled` stops the reading early; `drain` makes it wait (the writers' back-pressure). */
export interface RowSink {
  push(values: CellValue[], sheetRow: number): void;
  readonly settled?: boolean;
  drain?(): Promise<void> | null;
}

export interface SheetInfo {
  name: string;
  date1904: boolean;
  /** How many worksheets the workbook lists, 0 when not known yet. */
  sheetCount: number;
}

export interface BookInfo {
  /** Worksheet names in workbook order. */
  sheets: string[];
  date1904: boolean;
}

interface ReaderInternals {
  options: { styles: string };
  model?: { sheets?: { id: number; name: string; rId: string }[]; properties?: { date1904?: boolean } };
  properties?: unknown;
  workbookRels?: { Id: string; Target: string }[];
  sharedStrings?: unknown[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  stream?: { destroy(): void };
  parse(): AsyncIterable<{ eventType: string; value: unknown }>;
  _parseWorksheet: (iterator: AsyncIterable<unknown>, sheetNo: string) => Iterable<{ eventType: string; value: unknown }>;
  _parseSharedStrings: (entry: unknown) => AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseStyles: (entry: unknown) => Promise<void>;
  _parseWorkbook: (entry: unknown) => Promise<void>;
  _parseRels: (entry: unknown) => Promise<void>;
}

/** The reader's parts that parse XML, given text decoded whole (see decoded()). */
function decodeWhole(reader: ReaderInternals): void {
  reader._parseRels = async function (entry) {
    this.workbookRels = (await new RelationshipsXform().parseStream(decoded(iterateStream(entry)))) as ReaderInternals['workbookRels'];
  };
  reader._parseWorkbook = async function (entry) {
    const workbook = new WorkbookXform();
    await workbook.parseStream(decoded(iterateStream(entry)));
    this.properties = workbook.map.workbookPr;
    this.model = workbook.model;
  };
  reader._parseStyles = async function (entry) {
    if (this.options.styles !== 'cache') return;
    const styles = new StylesXform();
    await styles.parseStream(decoded(iterateStream(entry)));
    this.styles = styles;
  };
  // Shared strings as text (a rich one as its runs joined: what worksheetToGrid makes of it); phonetic runs left out.
  reader._parseSharedStrings = async function* (entry) {
    const strings: string[] = [];
    this.sharedStrings = strings;
    let text: string | null = null;
    let inT = false;
    let phonetic = 0;
    for await (const events of parseSax(decoded(iterateStream(entry)))) {
      for (const ev of events) {
        if (ev.eventType === 'text') {
          if (inT && !phonetic) text = text === null ? ev.value : text + ev.value;
        } else if (ev.eventType === 'opentag') {
          if (ev.value.name === 'si') text = null;
          else if (ev.value.name === 't') inT = true;
          else if (ev.value.name === 'rPh') phonetic++;
        } else if (ev.value.name === 't') inT = false;
        else if (ev.value.name === 'rPh') phonetic--;
        else if (ev.value.name === 'si') strings.push(text ?? '');
      }
    }
    yield* [];
  };
}

/** An error of the rows' consumer (the core, a writer), not of the file: it passes through as it is. */
class SinkError extends Error {
  constructor(readonly inner: unknown) {
    super('sink');
  }
}

/** A sink whose failures are marked as its own. */
function guarded(sink: RowSink): RowSink {
  return {
    push(values, row) {
      try {
        sink.push(values, row);
      } catch (e) {
        throw new SinkError(e);
      }
    },
    get settled() {
      return sink.settled;
    },
    drain() {
      try {
        const w = sink.drain?.();
        return w ? w.catch((e: unknown) => Promise.reject(new SinkError(e))) : null;
      } catch (e) {
        throw new SinkError(e);
      }
    },
  };
}

/** 1-based column of an A1 reference ("AB12" → 28). */
function colOfRef(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + c - 64;
    else if (c >= 97 && c <= 122) n = n * 26 + c - 96;
    else break;
  }
  return n;
}

function sharedText(s: unknown): CellValue {
  if (typeof s === 'string') return s === '' ? null : s;
  if (s && typeof s === 'object' && Array.isArray((s as { richText?: unknown }).richText)) {
    const t = ((s as { richText: { text: string | null }[] }).richText).map((r) => r.text ?? '').join('');
    return t === '' ? null : t;
  }
  return null;
}

/**
 * Rows as a grid holds them, handed to `sink`: from the first row with a value; rows with no value
 * between rows with values as empty rows; trailing empty rows dropped.
 */
class GridRows {
  private started = false;
  private last = 0;
  constructor(private readonly sink: RowSink) {}
  row(sheetRow: number, values: CellValue[]): void {
    let any = false;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) values[i] = null;
      else if (values[i] !== null) any = true;
    }
    if (!any) return;
    if (this.started) for (let r = this.last + 1; r < sheetRow; r++) this.sink.push([], r);
    this.started = true;
    this.last = sheetRow;
    this.sink.push(values, sheetRow);
  }
}

/** One worksheet's XML into rows of cell values. */
async function parseSheet(iterator: AsyncIterable<unknown>, reader: ReaderInternals, date1904: boolean, sink: RowSink): Promise<void> {
  const grid = new GridRows(sink);
  const dateStyle = new Map<number, boolean>();
  const isDateStyle = (s: number): boolean => {
    let d = dateStyle.get(s);
    if (d === undefined) {
      const m = reader.styles.getStyleModel(s);
      dateStyle.set(s, (d = !!m && excelUtils.isDateFmt(m.numFmt)));
    }
    return d;
  };
  const shared = reader.sharedStrings;
  let inRows = false;
  let rowNo = 0;
  let values: CellValue[] | null = null;
  let col = 0;
  let style = 0;
  let type: string | undefined;
  let formula = false;
  let v: string | null = null;
  let inV = false;
  let inline: string | null = null;
  let inT = false;
  let inPhonetic = false;
  for await (const events of parseSax(decoded(iterator))) {
    const wait = sink.drain?.();
    if (wait) await wait;
    for (const ev of events) {
      if (ev.eventType === 'text') {
        if (inV) v = v === null ? ev.value : v + ev.value;
        else if (inT && !inPhonetic) inline = inline === null ? ev.value : inline + ev.value;
        continue;
      }
      const name = ev.value.name;
      if (ev.eventType === 'opentag') {
        const a = ev.value.attributes;
        switch (name) {
          case 'sheetData':
            inRows = true;
            break;
          case 'row':
            if (inRows) {
              const r = a.r ? parseInt(a.r, 10) : rowNo + 1;
              rowNo = r;
              values = [];
              col = 0;
            }
            break;
          case 'c':
            if (values) {
              col = a.r ? colOfRef(a.r) : col + 1;
              style = a.s ? parseInt(a.s, 10) : 0;
              type = a.t;
              formula = false;
              v = null;
              inline = null;
            }
            break;
          case 'f':
            formula = true;
            break;
          case 'v':
            inV = true;
            v = v ?? '';
            break;
          case 't':
            inT = true;
            break;
          case 'rPh':
            inPhonetic = true;
            break;
        }
      } else {
        switch (name) {
          case 'v':
            inV = false;
            break;
          case 't':
            inT = false;
            break;
          case 'rPh':
            inPhonetic = false;
            break;
          case 'c':
            if (values) values[col - 1] = cellOf(type, formula, v, inline, style);
            break;
          case 'row':
            if (values) {
              grid.row(rowNo, values);
              values = null;
              if (sink.settled) return;
            }
            break;
          case 'sheetData':
            inRows = false;
            break;
        }
      }
    }
  }

  function cellOf(t: string | undefined, f: boolean, text: string | null, inl: string | null, s: number): CellValue {
    if (f) {
      // A formula's cached result, as worksheetToGrid reads `cell.result`: none, "" → empty.
      if (text === null) return null;
      if (t === 'str') return text === '' ? null : text;
      if (t === 'e') return { error: text };
      if (t === 'b') return parseInt(text, 10) !== 0;
      const n = parseFloat(text);
      if (Number.isNaN(n)) return null;
      return s && isDateStyle(s) ? excelUtils.excelToDate(n, date1904) : n;
    }
    switch (t) {
      case 's': {
        if (text === null || !shared) return null;
        return sharedText(shared[parseInt(text, 10)]);
      }
      case 'inlineStr':
        return inl === null || inl === '' ? null : inl;
      case 'str':
        return text === null || text === '' ? null : text;
      case 'e':
        return text === null ? null : { error: text };
      case 'b':
        return text === null ? null : parseInt(text, 10) !== 0;
      case 'd':
        return text === null ? null : new Date(text);
      default: {
        if (text === null || text === '') return null;
        const n = parseFloat(text);
        if (Number.isNaN(n)) return null;
        return s && isDateStyle(s) ? excelUtils.excelToDate(n, date1904) : n;
      }
    }
  }
}

/**
 * Stream an .xlsx/.xlsm file: `visit` is asked about each worksheet (in the order the zip holds them)
 * and returns where its rows go, or null to skip it. Returns the sheet names in workbook order.
 */
export async function readXlsxStream(file: string, visit: (sheet: SheetInfo) => RowSink | null): Promise<BookInfo> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  }) as unknown as ReaderInternals;
  decodeWhole(reader);
  // Each worksheet's XML, to parse here rather than into ExcelJS rows.
  reader._parseWorksheet = function* (iterator: AsyncIterable<unknown>, sheetNo: string) {
    yield { eventType: 'sheet-xml', value: { iterator, sheetNo } };
  };
  const date1904 = () => !!reader.model?.properties?.date1904;
  const nameOf = (sheetNo: string): string => {
    const rel = (reader.workbookRels ?? []).find((x) => x.Target === `worksheets/sheet${sheetNo}.xml` || x.Target === `/xl/worksheets/sheet${sheetNo}.xml`);
    const sheet = rel && (reader.model?.sheets ?? []).find((x) => x.rId === rel.Id);
    return sheet ? sheet.name : `Sheet${sheetNo}`;
  };
  let stopped = false;
  try {
    for await (const ev of reader.parse()) {
      if (ev.eventType !== 'sheet-xml') continue;
      const { iterator, sheetNo } = ev.value as { iterator: AsyncIterable<unknown>; sheetNo: string };
      let given: RowSink | null;
      try {
        given = visit({ name: nameOf(sheetNo), date1904: date1904(), sheetCount: reader.model?.sheets?.length ?? 0 });
      } catch (e) {
        throw new SinkError(e);
      }
      if (!given) continue;
      const sink = guarded(given);
      await parseSheet(iterator, reader, date1904(), sink);
      if (sink.settled) {
        stopped = true;
        break;
      }
    }
  } catch (e) {
    if (e instanceof SinkError) throw e.inner;
    if (e instanceof InputError) throw e;
    // The zip or its XML cannot be read: not a workbook (as openSource says of what ExcelJS cannot load).
    throw new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
  } finally {
    if (stopped) reader.stream?.destroy();
  }
  return { sheets: (reader.model?.sheets ?? []).map((s) => s.name), date1904: date1904() };
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
  constructor(private readonly delimiter: string, private readonly emit: (rec: string[], line: number) => void) {}

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
        this.rec.push(this.field);
        this.field = '';
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        this.rec.push(this.field);
        this.emit(this.rec, this.start);
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
      i = j;
    }
    this.carry = text.slice(i);
    if (final) {
      if (this.field !== '' || this.rec.length) {
        this.rec.push(this.field);
        this.emit(this.rec, this.start);
      }
      this.field = '';
      this.rec = [];
    }
  }
}

/** Stream a CSV file into `sink`: every record a row (its line its row number), as csvToGrid reads it. */
export async function readCsvStream(file: string, sink: RowSink): Promise<void> {
  const encoding = await csvEncoding(file);
  if (!encoding) throw new InputError({ key: 'CSV_ENCODING', params: { file } });
  const decoder = new TextDecoder(encoding);
  const skip = encoding === 'utf-8' || encoding.startsWith('utf-16') ? 'bom' : 'none';
  let head = '';
  let parser: CsvRecords | null = null;
  let decimalComma = false;
  let stopped = false;
  const push = (rec: string[], line: number) => {
    if (stopped) return;
    const values: CellValue[] = new Array(rec.length);
    for (let k = 0; k < rec.length; k++) values[k] = csvValue(rec[k], decimalComma);
    sink.push(values, line);
    if (sink.settled) stopped = true;
  };
  const begin = (text: string) => {
    const delimiter = detectDelimiter(text);
    decimalComma = delimiter !== ',';
    parser = new CsvRecords(delimiter, push);
  };
  let first = true;
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  for await (const chunk of stream) {
    let text = decoder.decode(chunk as Buffer, { stream: true });
    if (first) {
      first = false;
      // The BOM: TextDecoder drops it for UTF-8 and UTF-16 by itself; decodeCsv drops it too.
      if (skip === 'bom' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!parser) {
      head += text;
      // The delimiter is decided on the first 20 lines that are not empty, as detectDelimiter reads a whole text.
      const lines = head.split(/\r?\n/);
      const complete = lines.slice(0, -1);
      if (complete.filter((l) => l.trim()).length >= 20) {
        begin(complete.join('\n'));
        const all = head;
        head = '';
        (parser as unknown as CsvRecords).feed(all, false);
      }
      continue;
    }
    (parser as CsvRecords).feed(text, false);
    if (stopped) {
      stream.destroy();
      return;
    }
    const wait = sink.drain?.();
    if (wait) await wait;
  }
  const rest = decoder.decode();
  if (!parser) {
    head += rest;
    begin(head);
    (parser as unknown as CsvRecords).feed(head, true);
  } else (parser as CsvRecords).feed(rest, true);
}
