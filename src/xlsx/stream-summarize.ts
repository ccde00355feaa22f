/**
 * `tizilim summarize` / `check` on files of any size: each register streamed from its file (stream-read),
 * through the core's StreamingRun, into the summary workbook (stream-write) and the JSON, both written
 * to temporary files and renamed at the end, so a failure leaves nothing behind.
 *
 * Which files: an .xlsx/.xlsm workbook (a zip) or a CSV up to STREAM_MAX_BYTES (2 GB). Anything else —
 * an old .xls, an encrypted workbook, a file that is neither — is judged as src/xlsx/read.ts judges it,
 * with its 50 MB limit (the in-memory path the add-in and the other commands use).
 */
import { createWriteStream, promises as fs, type WriteStream } from 'fs';
import * as path from 'path';
import type { CellValue } from '../core/grid/grid';
import type { ResultRowJson } from '../core/report/pipeline';
import type { SheetPlan } from '../core/report/plan';
import { InputError } from '../core/grid/problems';
import { RegisterStream, type RowKind } from '../core/register/register';
import { StreamingRun, type RegisterInput, type StreamOptions, type StreamResult } from '../core/report/stream';
import { regionSheetName, sheetNames } from '../core/report/summary';
import { MAX_FILE_BYTES, oleProblem } from './read';
import { dropTemp, inputStat, makeOutputDir, readWhole, releaseTemp, tempFor } from './files';
import { csvSheetName, openXlsxFile, readCsvStream, readSheetInto, type RowSink } from './stream-read';
import { StreamBook, type StreamSheet } from './stream-write';

/** The largest register file the streaming path takes. */
export const STREAM_MAX_BYTES = 2 * 1024 * 1024 * 1024;

export type SourceKind = 'xlsx' | 'csv';

/** What kind of file this is, or the InputError openSource would give (missing, too large, protected, not a workbook). */
export async function sourceKind(file: string): Promise<SourceKind> {
  const stat = await inputStat(file);
  const tooLarge = (limit: number) => new InputError({ key: 'FILE_TOO_LARGE', params: { file, size: (stat.size / 1048576).toFixed(1), limit: limit / 1048576 } });
  const head = Buffer.alloc(8);
  const fh = await fs.open(file, 'r');
  let n = 0;
  try {
    n = (await fh.read(head, 0, 8, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  const b = head.subarray(0, n);
  const ext = path.extname(file).toLowerCase();
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    if (stat.size > STREAM_MAX_BYTES) throw tooLarge(STREAM_MAX_BYTES);
    return 'xlsx';
  }
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    // An OLE container is either an encrypted (password-protected) OOXML workbook or an old .xls.
    throw oleProblem(await readWhole(file, MAX_FILE_BYTES), file);
  }
  if (ext === '.csv' || ext === '.txt') {
    if (stat.size > STREAM_MAX_BYTES) throw tooLarge(STREAM_MAX_BYTES);
    return 'csv';
  }
  if (stat.size > MAX_FILE_BYTES) throw tooLarge(MAX_FILE_BYTES);
  throw new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
}


/**
 * The register sheet of `file` into `begin`'s input: the sheet named, or the one that looks most like
 * a register (the most project rows; the first such in workbook order), as pickSheet chooses. In a
 * workbook with several sheets and no --sheet, each sheet is read to count its projects, then the
 * chosen one again to use it.
 */
export async function streamRegister(
  file: string, kind: SourceKind, wanted: string | undefined,
  begin: (sheet: string, date1904: boolean) => RegisterInput, drain: () => Promise<void> | null,
): Promise<{ sheet: string; input: RegisterInput }> {
  const paced = (input: RegisterInput): RowSink => ({ push: (v: CellValue[], r: number) => input.push(v, r), get settled() { return input.settled; }, drain });
  if (kind === 'csv') {
    const sheet = csvSheetName(file);
    if (wanted !== undefined && wanted !== sheet) throw new InputError({ key: 'SHEET_MISSING', params: { file, sheet: wanted, sheets: sheet } });
    const input = begin(sheet, false);
    await readCsvStream(file, paced(input));
    return { sheet, input };
  }
  // One open of the workbook (its relationships, styles and shared strings read once) for every read of a sheet.
  const { book, close } = await openXlsxFile(file);
  try {
    if (wanted !== undefined) {
      if (!book.sheets.includes(wanted)) throw new InputError({ key: 'SHEET_MISSING', params: { file, sheet: wanted, sheets: book.sheets.join(', ') } });
      const input = begin(wanted, book.date1904);
      await readSheetInto(book, wanted, paced(input));
      return { sheet: wanted, input };
    }
    if (book.sheets.length === 0) throw new InputError({ key: 'NOT_A_WORKBOOK', params: { file } });
    if (book.sheets.length === 1) {
      const input = begin(book.sheets[0], book.date1904);
      await readSheetInto(book, book.sheets[0], paced(input));
      return { sheet: book.sheets[0], input };
    }
    // Several sheets: each counted (a sheet without a header stops its own count early), then the best read.
    let best = book.sheets[0];
    let bestCount = -1;
    for (const name of book.sheets) {
      const stream = new RegisterStream(name, { date1904: book.date1904 }, null);
      await readSheetInto(book, name, { push: (v, r) => stream.push(v, r), get settled() { return stream.settled; } });
      const end = stream.end();
      const n = end.ok ? end.counts.project : -1;
      if (n > bestCount) {
        best = name;
        bestCount = n;
      }
    }
    const input = begin(best, book.date1904);
    await readSheetInto(book, best, paced(input));
    return { sheet: best, input };
  } finally {
    await close();
  }
}

/** The JSON written as the rows come: its head, the rows array, then the rest (key order: input, columns, rows, counts, totals, findings). */
class JsonOut {
  private readonly out: WriteStream;
  private rows = 0;
  private waiting: Promise<void> | null = null;
  private failed: Error | null = null;
  constructor(readonly tmp: string) {
    this.out = createWriteStream(tmp, { encoding: 'utf8' });
    this.out.on('error', (e) => (this.failed = e));
  }
  private write(s: string): void {
    if (!this.out.write(s) && !this.waiting) this.waiting = new Promise<void>((resolve) => this.out.once('drain', () => { this.waiting = null; resolve(); }));
  }
  drain(): Promise<void> | null {
    if (this.failed) throw this.failed;
    return this.waiting;
  }
  row(r: ResultRowJson): void {
    this.write((this.rows++ ? ',\n    ' : '[\n    ') + JSON.stringify(r, null, 2).replace(/\n/g, '\n    '));
  }
  begin(input: unknown, columns: unknown): void {
    this.write(`{\n  "input": ${JSON.stringify(input, null, 2).replace(/\n/g, '\n  ')},\n  "columns": ${JSON.stringify(columns, null, 2).replace(/\n/g, '\n  ')},\n  "rows": `);
  }
  async finish(rest: Record<string, unknown>, findings: () => Iterable<unknown>): Promise<void> {
    this.write(this.rows ? '\n  ]' : '[]');
    for (const [k, v] of Object.entries(rest)) this.write(`,\n  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`);
    let n = 0;
    this.write(',\n  "findings": ');
    for (const f of findings()) {
      this.write((n++ ? ',\n    ' : '[\n    ') + JSON.stringify(f, null, 2).replace(/\n/g, '\n    '));
      if (this.waiting) await this.waiting;
    }
    this.write(n ? '\n  ]\n}\n' : '[]\n}\n');
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (this.failed) throw this.failed;
  }
  abort(): void {
    this.out.destroy();
  }
}

export interface SummarizeInput {
  /** The file as the user named it (messages name it so). */
  file: string;
  /** Its region in a consolidation (several files). */
  region: string | null;
}

export interface SummarizeOptions extends Omit<StreamOptions, 'file' | 'consolidate' | 'links'> {
  sheet?: string;
  /** The summary workbook; none for `check`. */
  out?: string;
  json?: string;
  title?: string;
}

export interface SummarizeResult extends StreamResult {
  /** Per register: the file as named, its sheet. */
  sources: { file: string; sheet: string; region: string | null; header: StreamResult['registers'][number]['header']; counts: Record<RowKind, number> }[];
}

/** The whole job on one or several registers; the outputs are renamed into place only when all went well. */
export async function summarizeFiles(inputs: SummarizeInput[], o: SummarizeOptions): Promise<SummarizeResult> {
  const kinds: SourceKind[] = [];
  for (const i of inputs) kinds.push(await sourceKind(i.file));
  const consolidate = inputs.length > 1;
  const file = inputs.map((i) => path.basename(i.file)).join(', ');
  const names = sheetNames(o.lang);
  const order = [names.overview, ...(consolidate ? [regionSheetName(o.lang)] : []), names.sector, names.investor, names.location, names.status, names.month, names.register, names.checks];
  const tmpXlsx = o.out ? await tempFor(o.out) : null;
  const tmpJson = o.json ? await tempFor(o.json) : null;
  let book: StreamBook | null = null;
  let json: JsonOut | null = null;
  let sheet: StreamSheet | null = null;
  let rowsSincePace = 0;
  try {
    if (tmpXlsx) {
      await makeOutputDir(path.dirname(tmpXlsx));
      book = new StreamBook(tmpXlsx, new Set(order), { title: o.title, subject: file });
    }
    if (tmpJson) {
      await makeOutputDir(path.dirname(tmpJson));
      json = new JsonOut(tmpJson);
    }
    const run = new StreamingRun({ ...o, file, consolidate, links: true }, {
      registerStart: book ? (frame: SheetPlan) => (sheet = (book as StreamBook).sheet(frame)) : undefined,
      registerRow: book ? (row) => {
        (sheet as StreamSheet).add(row);
        rowsSincePace++;
      } : undefined,
      jsonHead: json ? (input, columns) => (json as JsonOut).begin(input, columns) : undefined,
      jsonRow: json ? (row) => (json as JsonOut).row(row) : undefined,
    });
    const drain = (): Promise<void> | null => {
      const waits: Promise<void>[] = [];
      const j = json?.drain();
      if (j) waits.push(j);
      if (sheet && rowsSincePace >= 256) {
        rowsSincePace = 0;
        waits.push((sheet as StreamSheet).pace());
      }
      return waits.length ? Promise.all(waits).then(() => undefined) : null;
    };
    const sources: SummarizeResult['sources'] = [];
    for (let k = 0; k < inputs.length; k++) {
      const i = inputs[k];
      const got = await streamRegister(i.file, kinds[k], o.sheet, (sheetName, date1904) => {
        const input = run.beginRegister({ file: path.basename(i.file), sheet: sheetName, region: i.region, date1904 });
        return input;
      }, drain);
      const end = got.input.end();
      if (!end.ok) throw new InputError({ key: end.problem, params: { file: i.file, sheet: got.sheet, rows: 30 } });
      sources.push({ file: i.file, sheet: got.sheet, region: i.region, header: end.header, counts: end.counts });
    }
    const res = run.finish();
    if (book) {
      const reg = sheet as StreamSheet | null;
      if (reg) await reg.end({ table: res.register.table });
      for (const plan of res.summaries) await book.write(plan);
      const checks = book.sheet(res.checks);
      await checks.addAll(res.checksRows());
      await checks.end();
      await book.commit(order);
    }
    if (json) {
      const { input, columns, findings, ...rest } = res.json;
      void input;
      void columns;
      await json.finish(rest, () => findings as Iterable<unknown>);
    }
    if (tmpXlsx && o.out) {
      await fs.rename(tmpXlsx, o.out);
      releaseTemp(tmpXlsx);
    }
    if (tmpJson && o.json) {
      await fs.rename(tmpJson, o.json);
      releaseTemp(tmpJson);
    }
    return { ...res, sources };
  } catch (e) {
    json?.abort();
    if (tmpXlsx) await dropTemp(tmpXlsx);
    if (tmpJson) await dropTemp(tmpJson);
    // A file system's refusal (no space, no permission, no such folder) is the output's problem, named as such.
    if (!(e instanceof InputError) && typeof (e as NodeJS.ErrnoException).code === 'string' && (o.out || o.json)) {
      throw new InputError({ key: 'OUTPUT_FAILED', params: { file: o.out ?? o.json ?? '', reason: (e as Error).message } });
    }
    throw e;
  }
}
