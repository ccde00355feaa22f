/**
 * The snapshot a line per project (version 3): what a register of a million projects closes its month
 * into, written as the rows are read and read back a line at a time, so neither side holds it.
 *
 *   {"format":"tizilim-snapshot","version":3,"month":"2025-10","source":{…},"reportDate":"…","tool":"…"}
 *   {"row":5,"number":"1",…,"rates":[…],"h":"3f0c…"}          one line per project, in register order
 *   …
 *   {"end":true,"totals":{"projects":…,"KZT":"…","CNY":"…"},"findings":{…},"digest":"…"}
 *
 * The head and each project line carry their mark `h` (snapshot.ts projectMark: the SHA-256 of its fields, 16 hex
 * digits), so an edited project is refused naming its line; the closing line's digest covers the head,
 * every mark in order and the totals (LinesDigest), so a line removed, added, moved or re-marked is
 * refused too, and the totals are recomputed from the projects. A file cut short has no closing line
 * and is refused. Reads to the same Snapshot as the JSON (version 2) and the sheet.
 * Pure: the adapter (src/xlsx/snapshot-file.ts) reads and writes the file, gzip or not.
 */
import type { Params } from '../words';
import { MinorSum, minorFromString, minorString } from '../money/minor';
import {
  checkedTail, LinesDigest, projectCanonical, projectFrom, projectMark, PURE_SHA256, SNAPSHOT_FORMAT, type Hashing, SNAPSHOT_LINES_VERSION, SNAPSHOT_COLUMNS,
  snapshotHead, SnapshotProblem, type Snapshot, type SnapshotProject,
} from './snapshot';

/** What a snapshot says besides its projects. */
export type SnapshotMeta = Omit<Snapshot, 'projects'>;

/** The longest line read (a project line of a register's largest cells stays far below it). */
export const MAX_SNAPSHOT_LINE = 16 * 1024 * 1024;

export type SnapshotHeadIn = Pick<Snapshot, 'month' | 'source' | 'reportDate' | 'tool'>;

/** Writes a version 3 snapshot's lines (each ends with "\n"): head(), then project() per project, then end(). */
export class SnapshotLineWriter {
  private readonly digest: LinesDigest;
  private readonly kzt = new MinorSum();
  private readonly cny = new MinorSum();
  private n = 0;
  readonly head: Pick<Snapshot, 'format' | 'version' | 'month' | 'source' | 'reportDate' | 'tool'>;

  constructor(head: SnapshotHeadIn, private readonly hashing: Hashing = PURE_SHA256) {
    this.head = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_LINES_VERSION, month: head.month, source: { file: head.source.file, sheet: head.source.sheet }, reportDate: head.reportDate, tool: head.tool };
    this.digest = new LinesDigest(this.head, hashing);
  }

  headLine(): string {
    return JSON.stringify({ ...this.head, h: headMark(this.head, this.hashing) }) + '\n';
  }

  project(p: SnapshotProject): string {
    this.n++;
    if (p.KZT !== null) this.kzt.add(minorFromString(p.KZT));
    if (p.CNY !== null) this.cny.add(minorFromString(p.CNY));
    const h = this.digest.project(p);
    const o: Record<string, unknown> = {};
    for (const k of SNAPSHOT_COLUMNS) o[k] = p[k];
    o.h = h;
    return JSON.stringify(o) + '\n';
  }

  /** The closing line, and the snapshot's totals and digest. */
  end(findings: Snapshot['findings']): { line: string; meta: SnapshotMeta } {
    const totals = { projects: this.n, KZT: minorString(this.kzt.value), CNY: minorString(this.cny.value) };
    const digest = this.digest.end(totals, findings);
    return {
      line: JSON.stringify({ end: true, totals, findings, digest }) + '\n',
      meta: { ...this.head, totals, findings: { ...findings }, digest },
    };
  }
}

/** The head line's own mark, as a project line's: an edited head is refused naming line 1. */
function headMark(h: Pick<Snapshot, 'format' | 'version' | 'month' | 'source' | 'reportDate' | 'tool'>, hashing: Hashing): string {
  return projectMark(JSON.stringify([h.format, h.version, h.month, h.source.file, h.source.sheet, h.reportDate, h.tool]), hashing);
}

/** A whole snapshot as version 3 lines (for tests and small snapshots). */
export function snapshotLines(s: Snapshot): string {
  const w = new SnapshotLineWriter(s);
  let out = w.headLine();
  for (const p of s.projects) out += w.project(p);
  return out + w.end(s.findings).line;
}

/** Is this first line the head of a version 3 snapshot? (A JSON snapshot's first line is "{" or the whole document.) */
export function isSnapshotLinesHead(line: string): boolean {
  try {
    const o = JSON.parse(line.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    return typeof o === 'object' && o !== null && o.format === SNAPSHOT_FORMAT && typeof o.version === 'number' && o.version >= SNAPSHOT_LINES_VERSION && !('projects' in o);
  } catch {
    return false;
  }
}

/**
 * Reads a version 3 snapshot a line at a time: line(text) for each line (1-based, without its "\n"),
 * handing back each project; end() checks the closing line (totals recomputed, the digest) and gives
 * the rest. Every refusal is a SnapshotProblem naming the line.
 */
export class SnapshotLineReader {
  private lineNo = 0;
  private head: ReturnType<typeof snapshotHead> | null = null;
  private digest: LinesDigest | null = null;
  private readonly kzt = new MinorSum();
  private readonly cny = new MinorSum();
  private n = 0;
  private closing: { line: number; o: Record<string, unknown> } | null = null;

  constructor(private readonly hashing: Hashing = PURE_SHA256) {}

  get lines(): number {
    return this.lineNo;
  }

  /** The head, once its line was read. */
  get meta(): ReturnType<typeof snapshotHead> | null {
    return this.head;
  }

  line(text: string): SnapshotProject | null {
    const line = ++this.lineNo;
    const where: Params = { line };
    if (this.closing) {
      if (text.trim() === '') return null;
      throw new SnapshotProblem('afterEnd', where);
    }
    let o: unknown;
    try {
      o = JSON.parse(line === 1 ? text.replace(/^\uFEFF/, '') : text);
    } catch {
      if (text.trim() === '' && this.head) return null;
      throw new SnapshotProblem(line === 1 ? 'notSnapshot' : 'lineNotJson', line === 1 ? {} : where);
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new SnapshotProblem(line === 1 ? 'notSnapshot' : 'lineNotJson', line === 1 ? {} : where);
    const r = o as Record<string, unknown>;
    if (!this.head) {
      try {
        this.head = snapshotHead(r);
      } catch (e) {
        throw e instanceof SnapshotProblem ? e.at(where) : e;
      }
      if (this.head.version < SNAPSHOT_LINES_VERSION) throw new SnapshotProblem('notSnapshot', where);
      if (r.h !== headMark(this.head, this.hashing)) throw new SnapshotProblem('lineDigestDiffers', where);
      this.digest = new LinesDigest(this.head, this.hashing);
      return null;
    }
    if (r.end === true) {
      this.closing = { line, o: r };
      return null;
    }
    const p = projectFrom((k) => r[k], where);
    const canonical = projectCanonical(p);
    if (typeof r.h !== 'string' || r.h !== projectMark(canonical, this.hashing)) throw new SnapshotProblem('lineDigestDiffers', where);
    (this.digest as LinesDigest).project(p, canonical);
    this.n++;
    if (p.KZT !== null) this.kzt.add(minorFromString(p.KZT));
    if (p.CNY !== null) this.cny.add(minorFromString(p.CNY));
    return p;
  }

  end(): SnapshotMeta {
    if (!this.head) throw new SnapshotProblem('notSnapshot');
    if (!this.closing) throw new SnapshotProblem('truncated', { last: this.lineNo });
    const where = { line: this.closing.line };
    const own = { projects: this.n, KZT: minorString(this.kzt.value), CNY: minorString(this.cny.value) };
    const tail = checkedTail(this.closing.o, own, where);
    const digest = typeof this.closing.o.digest === 'string' ? this.closing.o.digest : null;
    if (digest === null) throw new SnapshotProblem('digestMissing', where);
    if (digest !== (this.digest as LinesDigest).end(tail.totals, tail.findings)) throw new SnapshotProblem('digestDiffers', where);
    return { ...this.head, ...tail, digest };
  }
}

/** A version 3 snapshot's whole text → the snapshot (every line held: for tests and small files). */
export function parseSnapshotLines(text: string): Snapshot {
  const r = new SnapshotLineReader();
  const projects: SnapshotProject[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) {
    const p = r.line(l.endsWith('\r') ? l.slice(0, -1) : l);
    if (p) projects.push(p);
  }
  return { ...r.end(), projects };
}
