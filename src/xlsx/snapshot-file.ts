/**
 * Snapshot files, Node side: a snapshot of any form read (a line-per-project file, plain or gzip, a
 * line at a time; a JSON or a workbook with a snapshot sheet whole, within the 50 MB rule), and a
 * line-per-project snapshot written as the projects come, to a temporary file renamed at the end.
 * The register of `snapshot` and of `changes --to` is streamed here too, as `summarize` streams it.
 */
import { createHash } from 'crypto';
import { createReadStream, createWriteStream, promises as fs, type WriteStream } from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { Finding, Severity } from '../core/checks/findings';
import { InputError } from '../core/grid/problems';
import type { RateTable } from '../core/rates/rates';
import type { Lang } from '../core/words';
import {
  isSnapshotGrid, parseSnapshot, type Hashing, projectOf, snapshotFromGrid, SnapshotProblem, snapshotReasonText, type Snapshot, type SnapshotProject, type SnapshotReason,
} from '../core/monthly/snapshot';
import { isSnapshotLinesHead, MAX_SNAPSHOT_LINE, SnapshotLineReader, SnapshotLineWriter, type SnapshotHeadIn, type SnapshotMeta } from '../core/monthly/snapshot-lines';
import { StreamingRun, type StreamResult } from '../core/report/stream';
import { dropTemp, inputStat, makeOutputDir, MAX_FILE_BYTES, readWhole, releaseTemp, tempFor } from './files';
import type { CellValue, Grid } from '../core/grid/grid';
import { openSource } from './read';
import { openXlsxFile, readSheetInto } from './stream-read';
import { sourceKind, streamRegister } from './stream-summarize';

/** Node's SHA-256 for the seals: the same digests as the core's own (test/core/monthly/snapshot-scale.test.ts), in native code. */
export const NODE_SHA256: Hashing = {
  hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  start: () => {
    const h = createHash('sha256');
    return { update: (text: string) => h.update(text, 'utf8'), hex: () => h.digest('hex') };
  },
};

/** A file that should be a snapshot and is not one: the file, and why (worded in the user's language when said). */
export class SnapshotFileError extends Error {
  constructor(public readonly file: string, public readonly problem: SnapshotReason) {
    super(`${file}: ${snapshotReasonText(problem, 'en')}`);
  }
  /** The reason in English (as messages said before reasons were structured). */
  get reason(): string {
    return snapshotReasonText(this.problem, 'en');
  }
  reasonIn(lang: Lang): string {
    return snapshotReasonText(this.problem, lang);
  }
}

/** Does the name ask for the line-per-project form (.jsonl, or gzip .jsonl.gz)? */
export function isLinesName(file: string): boolean {
  return /\.jsonl(\.gz)?$/i.test(file);
}

const GZIP = [0x1f, 0x8b];

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const b = Buffer.alloc(n);
    const { bytesRead } = await fh.read(b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The file's bytes (gzip unpacked as they come), split into lines of at most MAX_SNAPSHOT_LINE bytes. */
async function* linesOf(file: string, gz: boolean, max = MAX_SNAPSHOT_LINE): AsyncGenerator<string> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const src = gz ? raw.pipe(zlib.createGunzip()) : raw;
  if (gz) raw.on('error', (e) => src.destroy(e));
  let parts: Buffer[] = [];
  let held = 0;
  let line = 0;
  try {
    for await (const chunk of src as AsyncIterable<Buffer>) {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(10, from);
        if (nl < 0) break;
        const piece = chunk.subarray(from, nl);
        line++;
        if (held + piece.length > max) throw new SnapshotProblem('lineTooLong', { line, limit: max });
        const buf = held ? Buffer.concat([...parts, piece]) : piece;
        parts = [];
        held = 0;
        const end = buf.length && buf[buf.length - 1] === 13 ? buf.length - 1 : buf.length;
        yield buf.toString('utf8', 0, end);
        from = nl + 1;
      }
      if (from < chunk.length) {
        const rest = chunk.subarray(from);
        if (held + rest.length > max) throw new SnapshotProblem('lineTooLong', { line: line + 1, limit: max });
        parts.push(rest);
        held += rest.length;
      }
    }
    if (held) {
      line++;
      yield Buffer.concat(parts).toString('utf8');
    }
  } catch (e) {
    if (e instanceof SnapshotProblem) throw e;
    if (gz && (e as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new SnapshotProblem('unpack', { error: (e as Error).message });
    throw e;
  } finally {
    raw.destroy();
  }
}

/** The first line of a text file (up to 64 KB of it). */
async function firstLine(file: string, gz: boolean): Promise<string> {
  for await (const l of linesOf(file, gz, 64 * 1024)) return l;
  return '';
}

export interface SnapshotRead {
  meta: SnapshotMeta;
  /** How the file holds it: 'lines' (version 3), 'json' (versions 1, 2) or 'sheet'. */
  form: 'lines' | 'json' | 'sheet';
}

/**
 * A snapshot file read: its projects handed to `onProject` in order, its head, totals and digest
 * checked, or a SnapshotFileError. A line-per-project file is read a line at a time; `null` when the
 * file is a workbook without a snapshot sheet (it may be a register).
 */
export async function readSnapshotStream(file: string, onProject: (p: SnapshotProject) => void): Promise<SnapshotRead | null> {
  await inputStat(file);
  const head = await firstBytes(file, 4);
  const gz = head[0] === GZIP[0] && head[1] === GZIP[1];
  const zip = head[0] === 0x50 && head[1] === 0x4b;
  try {
    if (!zip) {
      let first: string;
      try {
        first = await firstLine(file, gz);
      } catch (e) {
        if (e instanceof SnapshotProblem && e.problem.key === 'snapshot.reason.lineTooLong') first = '';
        else throw e;
      }
      if (isSnapshotLinesHead(first)) {
        const reader = new SnapshotLineReader(NODE_SHA256);
        for await (const l of linesOf(file, gz)) {
          const p = reader.line(l);
          if (p) onProject(p);
        }
        return { meta: reader.end(), form: 'lines' };
      }
      if (gz || /\.jsonl?$/i.test(file)) {
        if (gz) throw new SnapshotProblem('notSnapshot');
        const parsed = parseSnapshot((await readWhole(file)).toString('utf8'));
        if (!parsed.ok) throw new SnapshotFileError(file, parsed.problem);
        return { meta: metaOf(parsed.snapshot), form: 'json', ...each(parsed.snapshot, onProject) };
      }
      // Another file (a CSV, a register): not a snapshot; `changes --to` reads it as a register.
      return null;
    }
    // A workbook: the sheet that says it is a snapshot in its first line (each sheet's first row only
    // is read, so a register of any size is not read whole here), then that workbook read whole.
    const sheet = await snapshotSheetOf(file);
    if (sheet === null) return null;
    const book = await openSource(file);
    const parsed = snapshotFromGrid(book.grid(sheet));
    if (!parsed.ok) throw new SnapshotFileError(`${file} (${sheet})`, parsed.problem);
    return { meta: metaOf(parsed.snapshot), form: 'sheet', ...each(parsed.snapshot, onProject) };
  } catch (e) {
    if (e instanceof SnapshotProblem) throw new SnapshotFileError(file, e.problem);
    throw e;
  }
}

/**
 * The snapshot sheet of a workbook, or null: one named as the tool names it, else (in a workbook the
 * whole-file rule would read, 50 MB) the first whose first row says it is one — a register of any size
 * is not read an extra time to find it holds none.
 */
async function snapshotSheetOf(file: string): Promise<string | null> {
  const { book, close } = await openXlsxFile(file);
  try {
    const named = book.sheets.find((n) => /^tizilim\.snapshot\./.test(n));
    if (named !== undefined) return named;
    if ((await fs.stat(file)).size > MAX_FILE_BYTES) return null;
    for (const name of book.sheets) {
      let first: CellValue[] | null = null;
      await readSheetInto(book, name, { push: (v) => { if (!first) first = v; }, get settled() { return first !== null; } });
      if (first && isSnapshotGrid({ values: [first] } as unknown as Grid)) return name;
    }
    return null;
  } finally {
    await close();
  }
}

function metaOf(s: Snapshot): SnapshotMeta {
  const { projects, ...meta } = s;
  void projects;
  return meta;
}

function each(s: Snapshot, onProject: (p: SnapshotProject) => void): object {
  for (const p of s.projects) onProject(p);
  return {};
}

/** A whole snapshot (its projects held): `export --previous`, and tests. Null as readSnapshotStream. */
export async function readSnapshotFile(file: string): Promise<Snapshot | null> {
  const projects: SnapshotProject[] = [];
  const got = await readSnapshotStream(file, (p) => projects.push(p));
  return got ? { ...got.meta, projects } : null;
}

/** A line-per-project snapshot being written: to a temporary file (gzip for .gz), renamed into place by commit(). */
export class SnapshotFileWriter {
  private out: WriteStream | null = null;
  private gz: zlib.Gzip | null = null;
  private tmp: string | null = null;
  private waiting: Promise<void> | null = null;
  private failed: Error | null = null;
  private lines: SnapshotLineWriter | null = null;

  constructor(readonly dest: string) {}

  /** The temporary file made; nothing in it until begin(). */
  async open(): Promise<void> {
    this.tmp = await tempFor(this.dest);
    await makeOutputDir(path.dirname(this.tmp));
    this.out = createWriteStream(this.tmp);
    this.out.on('error', (e) => (this.failed = e));
    if (/\.gz$/i.test(this.dest)) {
      this.gz = zlib.createGzip({ level: 6 });
      this.gz.on('error', (e) => (this.failed = e));
      this.gz.pipe(this.out);
    }
  }

  /** The head line (the register's sheet is known once its reading starts). */
  begin(head: SnapshotHeadIn): void {
    this.lines = new SnapshotLineWriter(head, NODE_SHA256);
    this.write(this.lines.headLine());
  }

  private write(s: string): void {
    const w = this.gz ?? this.out!;
    if (!w.write(s) && !this.waiting) this.waiting = new Promise<void>((resolve) => w.once('drain', () => { this.waiting = null; resolve(); }));
  }

  /** Wait while the file has not taken what was written (null: go on). */
  drain(): Promise<void> | null {
    if (this.failed) throw this.failed;
    return this.waiting;
  }

  project(p: SnapshotProject): void {
    this.write(this.lines!.project(p));
  }

  /** The closing line; the file renamed into place. */
  async commit(findings: Snapshot['findings']): Promise<SnapshotMeta> {
    const end = this.lines!.end(findings);
    this.write(end.line);
    const w = this.gz ?? this.out!;
    await new Promise<void>((resolve, reject) => {
      this.out!.once('close', () => resolve());
      this.out!.once('error', reject);
      w.end();
    });
    if (this.failed) throw this.failed;
    await fs.rename(this.tmp!, this.dest);
    releaseTemp(this.tmp!);
    return end.meta;
  }

  async abort(): Promise<void> {
    this.gz?.destroy();
    this.out?.destroy();
    if (this.tmp) await dropTemp(this.tmp);
  }
}

export interface RegisterStreamOptions {
  sheet?: string;
  lang: Lang;
  rates: RateTable;
  today: string;
}

export interface RegisterProjects {
  file: string;
  sheet: string;
  findings: Finding[];
  counts: Record<Severity, number>;
  totals: StreamResult['totals'];
}

/**
 * A register streamed and checked as `summarize` does (src/core/report/stream.ts), each project handed on as
 * a snapshot's project as it is read; no workbook is written. `drain` paces the reading to the writer.
 */
export async function streamRegisterProjects(
  file: string, o: RegisterStreamOptions, onProject: (p: SnapshotProject) => void, drain: () => Promise<void> | null = () => null,
  onSheet?: (sheet: string) => void,
): Promise<RegisterProjects> {
  const kind = await sourceKind(file);
  // Only the projects, findings and totals are wanted: no summary groups.
  const run = new StreamingRun({ file: path.basename(file), lang: o.lang, rates: o.rates, today: o.today, summaries: false }, {
    jsonRow: (row) => {
      if (row.kind === 'project') onProject(projectOf(row));
    },
  });
  const got = await streamRegister(file, kind, o.sheet, (sheet, date1904) => {
    onSheet?.(sheet);
    return run.beginRegister({ file: path.basename(file), sheet, date1904 });
  }, drain);
  const end = got.input.end();
  if (!end.ok) throw new InputError({ key: end.problem, params: { file, sheet: got.sheet, rows: 30 } });
  const res = run.finish();
  return { file: path.basename(file), sheet: got.sheet, findings: res.findings, counts: res.counts, totals: res.totals };
}
