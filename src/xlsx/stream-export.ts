/**
 * `tizilim export` on registers of any size: each register streamed from its file (stream-read, as
 * `summarize` reads it) through the core's StreamingRun, its register sheet written row by row into the
 * ministry copy by the environment-neutral writer (ooxml-writer.ts) as it is read, then the About sheet,
 * the summaries, the checks and the Changes sheet; all into a temporary file renamed into place at the
 * end. Only aggregates stay in memory — and, when a previous snapshot is given, this month's projects
 * (the Changes sheet compares them).
 *
 * With open error findings and no --allow-errors the copy is refused: the temporary file and any folder
 * made for it are removed, nothing is left behind.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { AsyncFlateStreamHandler, FlateError } from 'fflate';
import { exportProperties, type ExportOptions } from '../core/monthly/export';
import { InputError } from '../core/grid/problems';
import type { RateTable } from '../core/rates/rates';
import { dropTemp, makeOutputDir, releaseTemp, tempFor } from './files';
import { ExportRun, type ExportRunResult } from './export-run';
import { XlsxStreamWriter, type EntryDeflater } from './ooxml-writer';
import { sourceKind, streamRegister, type SourceKind, type SummarizeInput } from './stream-summarize';

export interface StreamExportOptions extends ExportOptions {
  rates: RateTable;
  sheet?: string;
  out: string;
}

export type StreamExportResult = ExportRunResult;

/** A file the chunks are written to, pausing the reading when the disk falls behind. */
class FileSink {
  private readonly out: WriteStream;
  private waiting: Promise<void> | null = null;
  private failed: Error | null = null;
  constructor(tmp: string) {
    this.out = createWriteStream(tmp);
    this.out.on('error', (e) => (this.failed = e));
  }
  write(chunk: Uint8Array): void {
    if (!this.out.write(chunk) && !this.waiting) this.waiting = new Promise<void>((resolve) => this.out.once('drain', () => { this.waiting = null; resolve(); }));
  }
  drain(): Promise<void> | null {
    if (this.failed) throw this.failed;
    return this.waiting;
  }
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (this.failed) throw this.failed;
  }
  abort(): void {
    this.out.destroy();
  }
}

/** CRC-32 (the zip's): Node's own where it has one (20.15 and later), else a table. */
const nodeCrc = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
let table: Int32Array | null = null;
function crc32(data: Uint8Array, crc: number): number {
  if (nodeCrc) return nodeCrc(data, crc);
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A zip entry deflated by Node's zlib, on its thread pool, while the rows go on being read and rendered. */
class ZlibEntry implements EntryDeflater {
  size = 0;
  crc = 0;
  readonly compression = 8;
  ondata: AsyncFlateStreamHandler = () => undefined;
  private readonly z = zlib.createDeflateRaw({ level: 6 });
  private waiting: Promise<void> | null = null;
  constructor(readonly filename: string, readonly mtime: Date) {
    this.z.on('data', (d: Buffer) => this.ondata(null, d as Uint8Array<ArrayBuffer>, false));
    this.z.on('end', () => this.ondata(null, new Uint8Array(0), true));
    this.z.on('error', (e) => this.ondata(Object.assign(e, { code: 0 }) as FlateError, new Uint8Array(0), true));
  }
  push(chunk: Uint8Array, final: boolean): void {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    if (chunk.length && !this.z.write(chunk) && !this.waiting) this.waiting = new Promise<void>((resolve) => this.z.once('drain', () => { this.waiting = null; resolve(); }));
    if (final) this.z.end();
  }
  ready(): Promise<void> | null {
    return this.waiting;
  }
}

/** The folders that do not exist yet on the way to `dir` (deepest first). */
async function missingDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (let d = path.resolve(dir); path.dirname(d) !== d; d = path.dirname(d)) {
    try {
      await fs.access(d);
      break;
    } catch {
      out.push(d);
    }
  }
  return out;
}

/** The ministry copy of one register (or several: a consolidation, one region each), streamed into `o.out`. */
export async function exportFiles(inputs: SummarizeInput[], o: StreamExportOptions): Promise<StreamExportResult> {
  const kinds: SourceKind[] = [];
  for (const i of inputs) kinds.push(await sourceKind(i.file));
  const tmp = await tempFor(o.out);
  const made = await missingDirs(path.dirname(tmp));
  let sink: FileSink | null = null;
  let keep = false;
  try {
    await makeOutputDir(path.dirname(tmp));
    const file = sink = new FileSink(tmp);
    const writer = new XlsxStreamWriter((c) => file.write(c), { props: exportProperties(o), protect: true, deflater: (name, mtime) => new ZlibEntry(name, mtime) });
    const paced = async () => {
      await writer.ready();
      await file.drain();
    };
    const run = new ExportRun(writer, { ...o, consolidate: inputs.length > 1 });
    let seen = 0;
    const drain = (): Promise<void> | null => {
      if (run.rows - seen < 256) return null;
      seen = run.rows;
      return writer.ready() || file.drain() ? paced() : null;
    };
    for (let k = 0; k < inputs.length; k++) {
      const i = inputs[k];
      const got = await streamRegister(i.file, kinds[k], o.sheet, (sheet, date1904) => run.beginRegister({ file: path.basename(i.file), sheet, region: i.region, date1904 }), drain);
      const end = got.input.end();
      if (!end.ok) throw new InputError({ key: end.problem, params: { file: i.file, sheet: got.sheet, rows: 30 } });
    }
    const res = await run.finish(() => (writer.ready() || file.drain() ? paced() : null));
    if (!res.ok) return res;
    await writer.done;
    await file.close();
    await fs.rename(tmp, o.out);
    releaseTemp(tmp);
    keep = true;
    return res;
  } catch (e) {
    if (!(e instanceof InputError) && typeof (e as NodeJS.ErrnoException).code === 'string') {
      throw new InputError({ key: 'OUTPUT_FAILED', params: { file: o.out, reason: (e as Error).message } });
    }
    throw e;
  } finally {
    if (!keep) {
      sink?.abort();
      await dropTemp(tmp);
      for (const d of made) await fs.rmdir(d).catch(() => undefined);
    }
  }
}
