/**
 * The one reader of .xlsx/.xlsm workbooks, for both paths: the CLI's stream (stream-read.ts, a file
 * read piece by piece) and the in-memory import (read.ts: the add-in's file import, snapshot, export,
 * rates workbooks). The zip is read by its central directory (zip.ts), so the parts are taken in the
 * order a reader needs them — the package's relationships, the workbook, the styles and the shared
 * strings, then the sheets — whatever order the program that wrote the file used (Excel puts the
 * sheets first), and nothing is spilled to disk.
 *
 * What it reads as other programs write it: parts found through their relationships (any names,
 * absolute or relative targets), chart sheets and dialog sheets left out of the sheet list, rows and
 * cells without their `r` numbers (each follows the one before), namespace prefixes on every element
 * (`<x:row>`), UTF-16 parts, stored (uncompressed) entries, zip64. Cell values are what ExcelJS's
 * loader makes of them, as worksheetToGrid reads it (dates from the cell's number format in the
 * workbook's 1900 or 1904 system, errors as errors, a formula's cached result).
 *
 * What it refuses (InputError, naming the file, sheet and cell): a cell beyond Excel's last row
 * (1 048 576) or column (XFD, 16 384); a cell's text over LIMITS.cellText characters; more than
 * LIMITS.sharedStrings shared strings; a part that inflates to more than LIMITS.ratio times its
 * compressed size (with a floor of LIMITS.partFloor) or more than it declares — a zip bomb is stopped
 * there. Time and memory follow the cells present, not their coordinates: a run of empty rows longer
 * than LIMITS.emptyRun is handed on as LIMITS.emptyRun empty rows.
 */
import { columnLetters, refColumn, refRow } from '../core/grid/a1';
import type { CellValue, MergedArea } from '../core/grid/grid';
import { InputError } from '../core/grid/problems';
import { attr, attrs, parseXml, XmlError, type XmlHandler } from './xml';
import { entryBytes, readDirectory, ZipFormatError, ZipIndex, ZipSizeError, type ByteSource, type Inflater, type ZipEntry } from './zip';

export const LIMITS = {
  /** Excel's last row. */
  rows: 1048576,
  /** Excel's last column, XFD. */
  columns: 16384,
  /**
   * The longest cell text read: far past Excel's 32 767 (which other writers do not keep to), so a long
   * note is read and cut where it is written, with a TEXT_TOO_LONG finding; past this, not a register.
   */
  cellText: 1048576,
  /** Shared strings in a workbook: 8 per row of Excel's largest sheet. */
  sharedStrings: 8 * 1048576,
  /** How many times its compressed size a part may inflate to. */
  ratio: 100,
  /** … but any part may inflate to this much. */
  partFloor: 64 * 1024 * 1024,
  /** Empty rows handed on for one run of them (a stray cell far below the table costs nothing). */
  emptyRun: 100,
};

/** Where a sheet's rows go: pushed in sheet order; `settled` stops the reading early; `drain` makes it wait (the writers' back-pressure). */
export interface RowSink {
  /** A row's values from column A; `formats` (each cell's number format) only when the reader was asked for them. */
  push(values: CellValue[], sheetRow: number, formats?: string[]): void;
  readonly settled?: boolean;
  drain?(): Promise<void> | null;
}

/** An error of the rows' consumer (the core, a writer), not of the file: it passes through as it is. */
export class SinkError extends Error {
  constructor(readonly inner: unknown) {
    super('sink');
  }
}

class Stop extends Error {}

const DEFAULT_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** ExcelJS's rule (utils.isDateFmt): a format with y, m, d, h, s or b outside quotes and brackets shows a date. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** ExcelJS's serial → Date (utils.excelToDate). */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** A shared string over Excel's limit: refused where a cell uses it (so the cell is named). */
const TOO_LONG = { tooLong: true } as const;
type Shared = string | null | typeof TOO_LONG;

interface Rel {
  type: string;
  target: string;
}

/** A part's path from a relationship's target, relative to the folder of the part that holds it. */
function resolvePath(base: string, target: string): string {
  const t = target.replace(/\\/g, '/');
  const parts = t.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const p of t.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const k = part.lastIndexOf('/');
  return `${part.slice(0, k + 1)}_rels/${part.slice(k + 1)}.rels`;
}

/** A positive decimal number as written ("12" → 12); a number past Excel's rows stays past them (not rounded to a huge float near 2^53). */
function digits(s: string): number {
  const t = s.trim();
  if (!/^\d+$/.test(t)) return NaN;
  return t.length > 9 ? Infinity : Number(t);
}

/**
 * Rows as a grid holds them, handed to `sink`: from the first row with a value; rows with no value
 * between rows with values as empty rows (a run of them at most LIMITS.emptyRun long); trailing empty
 * rows dropped.
 */
class GridRows {
  private started = false;
  private last = 0;
  constructor(private readonly sink: RowSink) {}
  row(sheetRow: number, values: CellValue[], formats: string[] | undefined): void {
    let any = false;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) values[i] = null;
      else if (values[i] !== null) any = true;
    }
    if (!any) return;
    if (formats) for (let i = 0; i < formats.length; i++) if (formats[i] === undefined) formats[i] = 'General';
    if (this.started) {
      const gapEnd = Math.min(sheetRow, this.last + 1 + LIMITS.emptyRun);
      for (let r = this.last + 1; r < gapEnd; r++) this.sink.push([], r, formats ? [] : undefined);
    }
    this.started = true;
    this.last = sheetRow;
    this.sink.push(values, sheetRow, formats);
  }
}

export interface SheetOptions {
  /** Hand each row's number formats to the sink as well (the in-memory grid keeps them). */
  formats?: boolean;
  /** Collect the sheet's merged areas here (they come after the rows). */
  merges?: MergedArea[];
}

export class XlsxBook {
  /** Worksheet names in workbook order. */
  readonly sheets: string[];
  private constructor(
    private readonly src: ByteSource,
    private readonly inflate: Inflater,
    private readonly zip: ZipIndex,
    readonly file: string,
    private readonly sheetParts: Map<string, ZipEntry | undefined>,
    readonly date1904: boolean,
    private readonly xfFormat: (string | undefined)[],
    private readonly xfDate: boolean[],
    private readonly shared: Shared[],
  ) {
    this.sheets = [...sheetParts.keys()];
  }

  /** Open a workbook: its relationships, sheet list, styles and shared strings. InputError when it cannot be used. */
  static async open(src: ByteSource, inflate: Inflater, file: string): Promise<XlsxBook> {
    let zip: ZipIndex;
    try {
      zip = new ZipIndex(await readDirectory(src));
    } catch (e) {
      throw refusal(e, file);
    }
    try {
      return await XlsxBook.read(src, inflate, zip, file);
    } catch (e) {
      throw refusal(e, file);
    }
  }

  private static async read(src: ByteSource, inflate: Inflater, zip: ZipIndex, file: string): Promise<XlsxBook> {
    const part = (name: string) => zip.get(name);
    const bytes = (e: ZipEntry) => entryBytes(src, e, inflate, partLimit(e));
    const mimetype = part('mimetype');
    if (mimetype && mimetype.size < 256) {
      let text = '';
      for await (const b of bytes(mimetype)) text += new TextDecoder().decode(b);
      if (text.trim().startsWith('application/vnd.oasis.opendocument')) throw new InputError({ key: 'FORMAT_ODS', params: { file } });
    }
    const rels = async (owner: string): Promise<Map<string, Rel>> => {
      const out = new Map<string, Rel>();
      const e = part(relsPathOf(owner));
      if (!e) return out;
      const a = new Map<string, string>();
      await parseXml(bytes(e), {
        open(name, text) {
          if (name !== 'Relationship') return;
          attrs(text, a);
          const id = a.get('Id'), target = a.get('Target');
          if (id && target && a.get('TargetMode') !== 'External') out.set(id, { type: a.get('Type') ?? '', target: resolvePath(owner, target) });
        },
        close() {},
        text() {},
      });
      return out;
    };
    // The workbook: where the package's relationships say, else where Excel puts it.
    const pkg = await rels('');
    let bookPath = [...pkg.values()].find((r) => /\/officeDocument$/.test(r.type))?.target ?? 'xl/workbook.xml';
    if (!part(bookPath)) bookPath = 'xl/workbook.xml';
    const bookEntry = part(bookPath);
    if (!bookEntry) {
      if (part('xl/workbook.bin')) throw new InputError({ key: 'FORMAT_XLSB', params: { file } });
      if (part('content.xml')) throw new InputError({ key: 'FORMAT_ODS', params: { file } });
      throw new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
    }
    const bookRels = await rels(bookPath);
    const listed: { name: string; id: string; position: number }[] = [];
    let date1904 = false;
    const a = new Map<string, string>();
    await parseXml(bytes(bookEntry), {
      open(name, text) {
        if (name === 'sheet') {
          attrs(text, a);
          listed.push({ name: a.get('name') ?? `Sheet${listed.length + 1}`, id: a.get('id') ?? '', position: listed.length + 1 });
        } else if (name === 'workbookPr') {
          const v = attr(text, 'date1904');
          date1904 = v === '1' || v === 'true';
        }
      },
      close() {},
      text() {},
    });
    const sheetParts = new Map<string, ZipEntry | undefined>();
    for (const s of listed) {
      const rel = bookRels.get(s.id);
      let target: string | undefined;
      if (rel) {
        // Worksheets only: chart sheets, dialog sheets and macro sheets hold no register.
        if (!/\/worksheet$/.test(rel.type) && !(rel.type === '' && /worksheets\//i.test(rel.target))) continue;
        target = rel.target;
      } else if (bookRels.size === 0) target = `${bookPath.replace(/[^/]*$/, '')}worksheets/sheet${s.position}.xml`;
      if (!target || sheetParts.has(s.name)) continue;
      sheetParts.set(s.name, part(target));
    }
    // Styles: each cell format's number format.
    const xfFormat: (string | undefined)[] = [];
    const xfDate: boolean[] = [];
    const stylesPath = [...bookRels.values()].find((r) => /\/styles$/.test(r.type))?.target ?? resolvePath(bookPath, 'styles.xml');
    const stylesEntry = part(stylesPath);
    if (stylesEntry) {
      const custom = new Map<number, string>();
      const ids: number[] = [];
      let inXfs = false;
      await parseXml(bytes(stylesEntry), {
        open(name, text) {
          if (name === 'numFmt') {
            const id = parseInt(attr(text, 'numFmtId') ?? '', 10);
            const code = attr(text, 'formatCode');
            if (Number.isFinite(id) && code !== undefined) custom.set(id, code);
          } else if (name === 'cellXfs') inXfs = true;
          else if (name === 'xf' && inXfs) ids.push(parseInt(attr(text, 'numFmtId') ?? '0', 10) || 0);
        },
        close(name) {
          if (name === 'cellXfs') inXfs = false;
        },
        text() {},
      });
      for (const id of ids) {
        const f = id ? custom.get(id) ?? DEFAULT_FORMATS[id] : undefined;
        xfFormat.push(f);
        xfDate.push(isDateFmt(f));
      }
    }
    // Shared strings: each as text (a rich one as its runs joined, phonetic runs left out).
    const shared: Shared[] = [];
    const sstPath = [...bookRels.values()].find((r) => /\/sharedStrings$/.test(r.type))?.target ?? resolvePath(bookPath, 'sharedStrings.xml');
    const sstEntry = part(sstPath);
    if (sstEntry) {
      let text: string | null = null;
      let long = false;
      let inT = false;
      let phonetic = 0;
      const limit = LIMITS.sharedStrings;
      await parseXml(bytes(sstEntry), {
        open(name) {
          if (name === 'si') {
            text = null;
            long = false;
          } else if (name === 't') inT = true;
          else if (name === 'rPh') phonetic++;
        },
        close(name) {
          if (name === 't') inT = false;
          else if (name === 'rPh') phonetic--;
          else if (name === 'si') {
            if (shared.length >= limit) throw new InputError({ key: 'TOO_MANY_STRINGS', params: { file, limit } });
            shared.push(long ? TOO_LONG : text === null || text === '' ? null : text);
          }
        },
        text(t) {
          if (!inT || phonetic || long) return;
          text = text === null ? t : text + t;
          if (text.length > LIMITS.cellText) {
            long = true;
            text = null;
          }
        },
      });
    }
    return new XlsxBook(src, inflate, zip, file, sheetParts, date1904, xfFormat, xfDate, shared);
  }

  /** Read one worksheet's rows into `sink`. */
  async readSheet(sheet: string, sink: RowSink, opts: SheetOptions = {}): Promise<void> {
    if (!this.sheetParts.has(sheet)) throw new InputError({ key: 'SHEET_MISSING', params: { file: this.file, sheet, sheets: this.sheets.join(', ') } });
    const entry = this.sheetParts.get(sheet);
    if (!entry) return; // listed, but its part is missing: an empty sheet, as Excel shows it
    const handler = new SheetHandler(this, sheet, sink, opts);
    try {
      await parseXml(entryBytes(this.src, entry, this.inflate, partLimit(entry)), handler, () => {
        if (sink.settled) throw new Stop();
        try {
          const w = sink.drain?.();
          return w ? w.catch((e: unknown) => Promise.reject(new SinkError(e))) : null;
        } catch (e) {
          throw new SinkError(e);
        }
      });
    } catch (e) {
      if (e instanceof Stop) return;
      if (e instanceof SinkError) throw e;
      throw refusal(e, this.file);
    }
  }

  /** @internal for SheetHandler: does cell format `s` show a date (ExcelJS's rule)? */
  isDate(s: number): boolean {
    return this.xfDate[s] ?? false;
  }
  /** @internal for SheetHandler: the number format of cell format `s`. */
  formatOf(s: number): string {
    return this.xfFormat[s] ?? 'General';
  }
  /** @internal for SheetHandler */
  sharedAt(i: number): Shared | undefined {
    return this.shared[i];
  }
}

/** How much a part may inflate to: LIMITS.ratio times its compressed size, at least LIMITS.partFloor. */
function partLimit(e: ZipEntry): number {
  return Math.max(LIMITS.partFloor, e.compressedSize * LIMITS.ratio);
}

/** What is wrong with the file, as the user is told. */
function refusal(e: unknown, file: string): unknown {
  if (e instanceof InputError || e instanceof SinkError) return e;
  if (e instanceof ZipSizeError) {
    // More than it declares: damaged (or a bomb that lies about its size); more than allowed: too large for a register.
    if (e.declared) return new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
    return new InputError({ key: 'PART_TOO_LARGE', params: { file, part: e.entry, limit: Math.round(e.limit / 1048576) } });
  }
  if (e instanceof ZipFormatError || e instanceof XmlError) return new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
  // Anything else that breaks while reading the zip or its XML: not a workbook we can read.
  return new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
}

/** One worksheet's XML into rows of cell values. */
class SheetHandler implements XmlHandler {
  private readonly grid: GridRows;
  private inRows = false;
  private rowNo = 0;
  private values: CellValue[] | null = null;
  private formats: string[] | undefined;
  private col = 0;
  private style = 0;
  private type: string | undefined;
  private formula = false;
  private v: string | null = null;
  private inV = false;
  private inline: string | null = null;
  private inT = false;
  private inPhonetic = false;
  private readonly date1904: boolean;
  private readonly wantFormats: boolean;

  constructor(private readonly book: XlsxBook, private readonly sheet: string, private readonly sink: RowSink, private readonly opts: SheetOptions) {
    this.date1904 = book.date1904;
    this.wantFormats = !!opts.formats;
    this.grid = new GridRows({
      push: (values, row, formats) => {
        try {
          sink.push(values, row, formats);
        } catch (e) {
          throw new SinkError(e);
        }
      },
    });
  }

  private outOfRange(cell: string): never {
    throw new InputError({ key: 'CELL_OUT_OF_RANGE', params: { file: this.book.file, sheet: this.sheet, cell: cell.length > 24 ? `${cell.slice(0, 24)}…` : cell } });
  }

  private tooLong(): never {
    throw new InputError({ key: 'CELL_TEXT_TOO_LONG', params: { file: this.book.file, sheet: this.sheet, cell: `${columnLetters(this.col)}${this.rowNo}`, limit: LIMITS.cellText } });
  }

  open(name: string, text: string): void {
    switch (name) {
      case 'sheetData':
        this.inRows = true;
        break;
      case 'row': {
        if (!this.inRows) break;
        const r = attr(text, 'r');
        let n: number;
        if (r === undefined) n = this.rowNo + 1;
        else {
          n = digits(r);
          if (Number.isNaN(n) || n < 1) throw new XmlError('row number');
        }
        if (n > LIMITS.rows) this.outOfRange(`A${r === undefined ? n : r.trim()}`);
        if (n <= this.rowNo) throw new XmlError('rows out of order');
        this.rowNo = n;
        this.values = [];
        this.formats = this.wantFormats ? [] : undefined;
        this.col = 0;
        break;
      }
      case 'c': {
        if (!this.values) break;
        const r = attr(text, 'r');
        if (r === undefined) this.col++;
        else {
          const c = refColumn(r);
          const row = refRow(r);
          if (c > LIMITS.columns || row > LIMITS.rows) this.outOfRange(r.trim());
          this.col = c > 0 ? c : this.col + 1;
        }
        if (this.col > LIMITS.columns) this.outOfRange(`${columnLetters(this.col)}${this.rowNo}`);
        const s = attr(text, 's');
        this.style = s ? parseInt(s, 10) || 0 : 0;
        this.type = attr(text, 't');
        this.formula = false;
        this.v = null;
        this.inline = null;
        break;
      }
      case 'f':
        this.formula = true;
        break;
      case 'v':
        this.inV = true;
        this.v = this.v ?? '';
        break;
      case 't':
        this.inT = true;
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
      case 'mergeCell':
        this.openMerge(text);
        break;
    }
  }

  text(t: string): void {
    if (this.inV) {
      this.v = this.v === null ? t : this.v + t;
      if (this.v.length > LIMITS.cellText) this.tooLong();
    } else if (this.inT && !this.inPhonetic && this.values) {
      this.inline = this.inline === null ? t : this.inline + t;
      if (this.inline.length > LIMITS.cellText) this.tooLong();
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
        this.inV = false;
        break;
      case 't':
        this.inT = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'c':
        if (this.values) {
          const v = this.cellOf();
          this.values[this.col - 1] = v;
          if (this.formats && v !== null) this.formats[this.col - 1] = this.book.formatOf(this.style);
        }
        break;
      case 'row':
        if (this.values) {
          this.grid.row(this.rowNo, this.values, this.formats);
          this.values = null;
          if (this.sink.settled) throw new Stop();
        }
        break;
      case 'sheetData':
        this.inRows = false;
        break;
    }
  }

  /** A merged area, `<mergeCell ref="A1:C1"/>` (after the rows). */
  private openMerge(text: string): void {
    const ref = attr(text, 'ref');
    if (!ref || !this.opts.merges) return;
    const [a, b = a] = ref.split(':');
    const left = refColumn(a), right = refColumn(b), top = refRow(a), bottom = refRow(b);
    if (!(left >= 1 && right >= left && top >= 1 && bottom >= top) || right > LIMITS.columns || bottom > LIMITS.rows) return;
    this.opts.merges.push({ top, left, bottom, right });
  }

  private cellOf(): CellValue {
    const t = this.type;
    const text = this.v;
    if (this.formula) {
      // A formula's cached result, as worksheetToGrid reads `cell.result`: none, "" → empty.
      if (text === null) return null;
      if (t === 'str') return text === '' ? null : text;
      if (t === 'e') return { error: text };
      if (t === 'b') return parseInt(text, 10) !== 0;
      const n = parseFloat(text);
      if (Number.isNaN(n)) return null;
      return this.style && this.book.isDate(this.style) ? excelToDate(n, this.date1904) : n;
    }
    switch (t) {
      case 's': {
        if (text === null) return null;
        const s = this.book.sharedAt(parseInt(text, 10));
        if (s === TOO_LONG) this.tooLong();
        return (s as string | null | undefined) ?? null;
      }
      case 'inlineStr':
        return this.inline === null || this.inline === '' ? null : this.inline;
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
        return this.style && this.book.isDate(this.style) ? excelToDate(n, this.date1904) : n;
      }
    }
  }
}
