/**
 * "Close the month": the normalised register of a reporting month (YYYY-MM) kept as a snapshot, so
 * the next month can be compared with it. A snapshot is plain data taken from the JSON contract
 * (pipeline.ts ResultJson): JSON in a file, or a tool-owned sheet (role 'snapshot') that reads back
 * from a grid to the same snapshot. Money stays exact: decimal strings, never floating point.
 */
import Big from 'big.js';
import { isCellError, isoDate, type CellValue, type Grid } from '../grid/grid';
import type { RateJson, ResultJson, ResultRowJson } from '../report/pipeline';
import type { PlanCell, SheetPlan } from '../report/plan';
import { MinorSum, minorString, minorFromString } from '../money/minor';
import { isKey, t as word, text as words, type Lang, type Params } from '../words';
import { Sha256, sha256Hex } from './sha256';

export const SNAPSHOT_FORMAT = 'tizilim-snapshot';
/**
 * 2: every snapshot carries its digest; a version 1 snapshot (none) is still read, its totals checked.
 * The whole-document forms (JSON, the sheet) are version 2; the line-per-project form
 * (snapshot-lines.ts) is version 3, and every form reads back to the same Snapshot.
 */
export const SNAPSHOT_VERSION = 2;
/** The line-per-project form (snapshot-lines.ts). */
export const SNAPSHOT_LINES_VERSION = 3;
/** The newest version this tool reads. */
export const SNAPSHOT_MAX_VERSION = 3;

/** One project of the register as the month closed: the JSON contract's project row. */
export type SnapshotProject = Omit<ResultRowJson, 'kind' | 'jobsQualifier'>;

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** The reporting month, YYYY-MM. */
  month: string;
  source: { file: string; sheet: string };
  /** The date the register was checked as of (ISO). */
  reportDate: string;
  /** The tool and version that took it ("tizilim 0.1.0"), when known. */
  tool: string | null;
  totals: { projects: number; KZT: string; CNY: string };
  findings: { error: number; warning: number; info: number };
  projects: SnapshotProject[];
  /**
   * SHA-256 of the snapshot's canonical content (everything above, in a fixed order): a snapshot whose
   * figures were edited afterwards no longer matches it and is refused. Null only in a version 1 snapshot.
   */
  digest: string | null;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: unknown): s is string {
  return typeof s === 'string' && MONTH.test(s);
}

/** "2025-10" → "2025-10-31". */
export function monthEnd(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  return isoDate(new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)));
}

/** "2025-01" → "2024-12". */
export function previousMonth(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  return isoDate(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 2, 1))).slice(0, 7);
}

/** "2025-12" → "2026-01": the month a register's template is for, the month after a snapshot's. */
export function nextMonth(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  return isoDate(new Date(Date.UTC(Number(m[1]), Number(m[2]), 1))).slice(0, 7);
}

/** A project row of the JSON contract as a snapshot's project. */
export function projectOf(r: ResultRowJson): SnapshotProject {
  return {
    row: r.row, number: r.number, name: r.name, investor: r.investor, country: r.country, sector: r.sector, location: r.location,
    status: r.status, statusText: r.statusText, date: r.date, KZT: r.KZT, CNY: r.CNY, KZTFrom: r.KZTFrom, CNYFrom: r.CNYFrom,
    rates: r.rates.map((p) => ({ currency: p.currency, rate: p.rate, quoted: p.quoted, quant: p.quant, date: p.date, source: p.source })),
    jobs: r.jobs, notes: r.notes,
  };
}

/** The snapshot of a checked register (the pipeline's JSON) for a month. */
export function makeSnapshot(json: ResultJson, meta: { month: string; reportDate: string; tool?: string | null }): Snapshot {
  if (!isMonth(meta.month)) throw new Error(`not a month: ${meta.month}`);
  const findings = { error: 0, warning: 0, info: 0 };
  for (const f of json.findings) if (f.severity === 'error' || f.severity === 'warning' || f.severity === 'info') findings[f.severity]++;
  return sealSnapshot({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    month: meta.month,
    source: { file: json.input.file, sheet: json.input.sheet },
    reportDate: meta.reportDate,
    tool: meta.tool ?? null,
    totals: { projects: json.totals.projects, KZT: json.totals.KZT, CNY: json.totals.CNY },
    findings,
    projects: json.rows.filter((r) => r.kind === 'project').map(projectOf),
  });
}

/** The snapshot with its digest set (over its content as it is now). */
export function sealSnapshot(s: Omit<Snapshot, 'digest'>): Snapshot {
  return { ...s, digest: snapshotDigest(s) };
}

/**
 * The digest of a snapshot's content: the same for its JSON file and its sheet (both read back to the
 * same values), whatever the order of keys in the file. Keys are listed here, not taken from the object.
 */
export function snapshotDigest(s: Omit<Snapshot, 'digest'>): string {
  if (s.version >= SNAPSHOT_LINES_VERSION) {
    const d = new LinesDigest(s);
    for (const p of s.projects) d.project(p);
    return d.end(s.totals, s.findings);
  }
  const canonical = [
    s.format, s.version, s.month, s.source.file, s.source.sheet, s.reportDate, s.tool,
    s.totals.projects, s.totals.KZT, s.totals.CNY, s.findings.error, s.findings.warning, s.findings.info,
    s.projects.map((p) => [
      p.row, p.number, p.name, p.investor, p.country, p.sector, p.location, p.status, p.statusText, p.date,
      p.KZT, p.CNY, p.KZTFrom, p.CNYFrom, p.jobs, p.notes,
      p.rates.map((r) => [r.currency, r.rate, r.quoted, r.quant, r.date, r.source]),
    ]),
  ];
  return sha256Hex(JSON.stringify(canonical));
}

/** A project's fields in the digest's fixed order. */
export function projectCanonical(p: SnapshotProject): string {
  return JSON.stringify([
    p.row, p.number, p.name, p.investor, p.country, p.sector, p.location, p.status, p.statusText, p.date,
    p.KZT, p.CNY, p.KZTFrom, p.CNYFrom, p.jobs, p.notes,
    p.rates.map((r) => [r.currency, r.rate, r.quoted, r.quant, r.date, r.source]),
  ]);
}

/** A project's own mark in a version 3 snapshot: the first 16 hex digits of the SHA-256 of its fields. */
export function projectMark(canonical: string, hashing: Hashing = PURE_SHA256): string {
  return hashing.hex(canonical).slice(0, 16);
}

/**
 * SHA-256 as the snapshot's seals use it: the core's own (pure, for the add-in and wherever) by
 * default; an adapter may lend a native one (the CLI lends Node's crypto) — the same digests, faster.
 */
export interface Hashing {
  /** The SHA-256 of a text's UTF-8 bytes, lowercase hex. */
  hex(text: string): string;
  /** An incremental SHA-256. */
  start(): { update(text: string): unknown; hex(): string };
}

export const PURE_SHA256: Hashing = { hex: sha256Hex, start: () => new Sha256() };

/**
 * The digest of a version 3 snapshot, fed as its lines are written or read: the SHA-256 of the head's
 * fields, each project's mark in order, then the totals and findings. An edited project changes its
 * mark (caught on its own line), an edited mark changes the digest.
 */
export class LinesDigest {
  private readonly h: ReturnType<Hashing['start']>;
  constructor(head: Pick<Snapshot, 'format' | 'version' | 'month' | 'source' | 'reportDate' | 'tool'>, private readonly hashing: Hashing = PURE_SHA256) {
    this.h = hashing.start();
    this.h.update(JSON.stringify([head.format, head.version, head.month, head.source.file, head.source.sheet, head.reportDate, head.tool]) + '\n');
  }
  /** Add a project; its mark. */
  project(p: SnapshotProject, canonical = projectCanonical(p)): string {
    const mark = projectMark(canonical, this.hashing);
    this.h.update(mark + '\n');
    return mark;
  }
  end(totals: Snapshot['totals'], findings: Snapshot['findings']): string {
    this.h.update(JSON.stringify([totals.projects, totals.KZT, totals.CNY, findings.error, findings.warning, findings.info]));
    return this.h.hex();
  }
}

/** The snapshot as a file's text: UTF-8 JSON, two-space indent, a final newline. */
export function snapshotJson(s: Snapshot): string {
  return JSON.stringify(s, null, 2) + '\n';
}

/** Why a snapshot cannot be read: a "snapshot.reason.*" key of the words catalogue, its parameters, and where (a line, a project). */
export interface SnapshotReason { key: string; params: Params }

/** The reason in words; with the line or project it concerns first. */
export function snapshotReasonText(r: SnapshotReason, lang: Lang): string {
  const reason = isKey(r.key) ? words(r.key, lang, r.params) : `${r.key} ${JSON.stringify(r.params)}`;
  const at = r.params.line !== undefined ? word('snapshot.at.line', lang, r.params) : r.params.project !== undefined ? word('snapshot.at.project', lang, r.params) : null;
  return at ? `${at}: ${reason}` : reason;
}

/** `reason` is the English words (as before); `problem` the structured reason to word in the user's language. */
export type SnapshotParse = { ok: true; snapshot: Snapshot } | { ok: false; reason: string; problem: SnapshotReason };

/** A snapshot that cannot be read. */
export class SnapshotProblem extends Error {
  readonly problem: SnapshotReason;
  constructor(key: string, params: Params = {}) {
    const problem = { key: `snapshot.reason.${key}`, params };
    super(snapshotReasonText(problem, 'en'));
    this.problem = problem;
  }
  /** The same problem, placed (a line, a project) if it was not yet. */
  at(where: Params): SnapshotProblem {
    if (this.problem.params.line !== undefined || this.problem.params.project !== undefined) return this;
    return new SnapshotProblem(this.problem.key.slice('snapshot.reason.'.length), { ...this.problem.params, ...where });
  }
}

function refused(e: SnapshotProblem): { ok: false; reason: string; problem: SnapshotReason } {
  return { ok: false, reason: e.message, problem: e.problem };
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function money(v: unknown, what: string): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v)) return new Big(v).toFixed(2, Big.roundHalfUp);
  if (typeof v === 'string' && DECIMAL.test(v.trim())) return new Big(v.trim()).toFixed(2, Big.roundHalfUp);
  throw new SnapshotProblem('notDecimal', { field: what, value: String(v) });
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return isoDate(v);
  return null;
}

function dateOf(v: unknown, what: string): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return isoDate(v);
  if (typeof v === 'string' && ISO.test(v.trim())) return v.trim();
  throw new SnapshotProblem('notDate', { field: what, value: String(v) });
}

function intOf(v: unknown, what: string): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isInteger(n)) throw new SnapshotProblem('notWhole', { field: what, value: String(v) });
  return n;
}

function fromOf(v: unknown, what: string): 'given' | 'converted' | null {
  const t = text(v);
  if (t === null) return null;
  if (t === 'given' || t === 'converted') return t;
  throw new SnapshotProblem('notFrom', { field: what, value: t });
}


function ratesOf(v: unknown): RateJson[] {
  let arr: unknown = v;
  if (v === null || v === undefined || v === '') return [];
  if (typeof v === 'string') {
    try {
      arr = JSON.parse(v);
    } catch {
      throw new SnapshotProblem('ratesNotJson');
    }
  }
  if (!Array.isArray(arr)) throw new SnapshotProblem('ratesNotList');
  return arr.map((x, i) => {
    const o = (x ?? {}) as Record<string, unknown>;
    const rate = money(o.rate, `rates[${i}].rate`);
    const quoted = money(o.quoted, `rates[${i}].quoted`);
    const date = dateOf(o.date, `rates[${i}].date`);
    if (typeof o.currency !== 'string' || rate === null || quoted === null || date === null) throw new SnapshotProblem('rateIncomplete', { n: i + 1 });
    // The rate keeps its own decimals ("75.82", "0.0123"): take it as written, not at 2 decimals.
    return { currency: o.currency, rate: String(o.rate), quoted: String(o.quoted), quant: intOf(o.quant, `rates[${i}].quant`) ?? 1, date, source: text(o.source) ?? '' };
  });
}

/** The fields of a project, in the order of the snapshot sheet's columns. */
export const SNAPSHOT_COLUMNS = ['row', 'number', 'name', 'investor', 'country', 'sector', 'location', 'status', 'statusText', 'date', 'KZT', 'CNY', 'KZTFrom', 'CNYFrom', 'jobs', 'notes', 'rates'] as const;
type Column = (typeof SNAPSHOT_COLUMNS)[number];

/** A project from its fields (`where`: the line or the project, for a refusal). */
export function projectFrom(get: (k: Column) => unknown, where: Params): SnapshotProject {
  try {
    return projectFields(get);
  } catch (e) {
    throw e instanceof SnapshotProblem ? e.at(where) : e;
  }
}

function projectFields(get: (k: Column) => unknown): SnapshotProject {
  return {
    row: intOf(get('row'), 'row') ?? 0,
    number: text(get('number')),
    name: text(get('name')),
    investor: text(get('investor')),
    country: text(get('country')),
    sector: text(get('sector')),
    location: text(get('location')),
    status: text(get('status')),
    statusText: text(get('statusText')),
    date: dateOf(get('date'), 'date'),
    KZT: money(get('KZT'), 'KZT'),
    CNY: money(get('CNY'), 'CNY'),
    KZTFrom: fromOf(get('KZTFrom'), 'KZTFrom'),
    CNYFrom: fromOf(get('CNYFrom'), 'CNYFrom'),
    rates: ratesOf(get('rates')),
    jobs: intOf(get('jobs'), 'jobs'),
    notes: text(get('notes')),
  };
}

/** The projects' own totals: the count, and the tenge and yuan figures added up to the tiyn. */
export function projectTotals(projects: Iterable<SnapshotProject>): Snapshot['totals'] {
  const KZT = new MinorSum(), CNY = new MinorSum();
  let n = 0;
  for (const p of projects) {
    n++;
    if (p.KZT !== null) KZT.add(minorFromString(p.KZT));
    if (p.CNY !== null) CNY.add(minorFromString(p.CNY));
  }
  return { projects: n, KZT: minorString(KZT.value), CNY: minorString(CNY.value) };
}

/** The head of a snapshot (everything but its projects, totals, findings and digest), checked. */
export function snapshotHead(head: Record<string, unknown>): Pick<Snapshot, 'format' | 'version' | 'month' | 'source' | 'reportDate' | 'tool'> {
  if (head.format !== SNAPSHOT_FORMAT) throw new SnapshotProblem('notSnapshot');
  const version = intOf(head.version, 'version');
  if (version === null || version > SNAPSHOT_MAX_VERSION) throw new SnapshotProblem('version', { version: String(head.version), max: SNAPSHOT_MAX_VERSION });
  // A sheet read through Office.js may hand the month back as a date: its first day.
  const month = head.month instanceof Date ? isoDate(head.month).slice(0, 7) : text(head.month);
  if (!isMonth(month)) throw new SnapshotProblem('month', { value: String(head.month) });
  const source = (head.source ?? {}) as Record<string, unknown>;
  return {
    format: SNAPSHOT_FORMAT,
    version,
    month,
    source: { file: text(source.file) ?? '', sheet: text(source.sheet) ?? '' },
    reportDate: dateOf(head.reportDate, 'reportDate') ?? '',
    tool: text(head.tool),
  };
}

/**
 * The stated totals against the projects' own (a total that disagrees with them, or is gone, was
 * edited), and the findings' counts; `where` places a refusal (the closing line of a version 3 file).
 */
export function checkedTail(tail: { totals?: unknown; findings?: unknown }, own: Snapshot['totals'], where: Params = {}): Pick<Snapshot, 'totals' | 'findings'> {
  try {
    const totals = (tail.totals ?? {}) as Record<string, unknown>;
    const findings = (tail.findings ?? {}) as Record<string, unknown>;
    const stated = {
      projects: intOf(totals.projects, 'totals.projects'),
      KZT: money(totals.KZT, 'totals.KZT'),
      CNY: money(totals.CNY, 'totals.CNY'),
    };
    for (const k of ['projects', 'KZT', 'CNY'] as const) {
      if (stated[k] === null) throw new SnapshotProblem('totalMissing', { field: k });
      if (String(stated[k]) !== String(own[k])) throw new SnapshotProblem('totalDiffers', { field: k, stated: String(stated[k]), own: String(own[k]) });
    }
    return {
      totals: own,
      findings: { error: intOf(findings.error, 'errors') ?? 0, warning: intOf(findings.warning, 'warnings') ?? 0, info: intOf(findings.info, 'info') ?? 0 },
    };
  } catch (e) {
    throw e instanceof SnapshotProblem ? e.at(where) : e;
  }
}

function finish(head: Record<string, unknown>, projects: SnapshotProject[]): Snapshot {
  const h = snapshotHead(head);
  const content: Omit<Snapshot, 'digest'> = { ...h, ...checkedTail(head, projectTotals(projects)), projects };
  const digest = text(head.digest);
  if (h.version >= 2) {
    if (digest === null) throw new SnapshotProblem('digestMissing');
    if (digest !== snapshotDigest(content)) throw new SnapshotProblem('digestDiffers');
  }
  return { ...content, digest: h.version >= 2 ? digest : null };
}

/** A snapshot file's text → the snapshot, or why it cannot be one. */
export function parseSnapshot(textIn: string): SnapshotParse {
  let o: unknown;
  try {
    o = JSON.parse(textIn.replace(/^\uFEFF/, ''));
  } catch {
    const e = new SnapshotProblem('notJson');
    return refused(e);
  }
  try {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new SnapshotProblem('notSnapshot');
    const head = o as Record<string, unknown>;
    if (head.format !== SNAPSHOT_FORMAT) throw new SnapshotProblem('notSnapshot');
    if (!Array.isArray(head.projects)) throw new SnapshotProblem('noProjects');
    const projects = head.projects.map((p, i) => {
      const r = (p ?? {}) as Record<string, unknown>;
      return projectFrom((k) => r[k], { project: i + 1 });
    });
    return { ok: true, snapshot: finish(head, projects) };
  } catch (e) {
    if (e instanceof SnapshotProblem) return refused(e);
    throw e;
  }
}

// --- the snapshot as a sheet -------------------------------------------------------------------

/** The tool-owned sheet's name for a month: ASCII, valid for Excel, one per month. */
export function snapshotSheetName(month: string): string {
  return `tizilim.snapshot.${month}`;
}

const TEXT = '@';

function t(v: string | number | null): PlanCell {
  // Text cells carry the text format, so Excel keeps "18955000000.00" and "2025-10-09" as written.
  return typeof v === 'number' ? { v } : { v, fmt: TEXT };
}

/**
 * The snapshot as a sheet plan (role 'snapshot'): a block of key/value lines, a blank line, then one
 * line per project under a header of field keys. Money, dates and rates are text, so the sheet holds
 * exactly what the JSON holds; `snapshotFromGrid` reads it back.
 */
export function snapshotPlan(s: Snapshot): SheetPlan {
  const head: [string, string | number | null][] = [
    ['format', s.format],
    ['version', s.version],
    ['month', s.month],
    ['file', s.source.file],
    ['sheet', s.source.sheet],
    ['reportDate', s.reportDate],
    ['tool', s.tool],
    ['projects', s.totals.projects],
    ['KZT', s.totals.KZT],
    ['CNY', s.totals.CNY],
    ['errors', s.findings.error],
    ['warnings', s.findings.warning],
    ['info', s.findings.info],
    ['digest', s.digest],
  ];
  const rows: (PlanCell | null)[][] = head.map(([k, v]) => [t(k), t(v)]);
  rows.push([]);
  rows.push(SNAPSHOT_COLUMNS.map((k) => t(k)));
  for (const p of s.projects) {
    rows.push(SNAPSHOT_COLUMNS.map((k) => {
      if (k === 'rates') return t(p.rates.length ? JSON.stringify(p.rates) : null);
      const v = p[k];
      return t(v);
    }));
  }
  return {
    name: snapshotSheetName(s.month),
    role: 'snapshot',
    widths: [12, 8, 40, 30, 12, 20, 20, 14, 18, 12, 20, 20, 10, 10, 8, 30, 40],
    rows,
    merges: [],
  };
}

function cellOf(v: CellValue | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (isCellError(v)) throw new SnapshotProblem('cellError', { error: v.error });
  return v;
}

/** Does the grid hold a snapshot sheet (its first cells say so)? */
export function isSnapshotGrid(grid: Grid): boolean {
  const first = grid.values[0] ?? [];
  return first[0] === 'format' && first[1] === SNAPSHOT_FORMAT;
}

/** A snapshot sheet read back into a grid (by either adapter) → the snapshot, or why it cannot be one. */
export function snapshotFromGrid(grid: Grid): SnapshotParse {
  try {
    if (!isSnapshotGrid(grid)) throw new SnapshotProblem('notSnapshotSheet');
    const head: Record<string, unknown> = {};
    let r = 0;
    for (; r < grid.values.length; r++) {
      const row = grid.values[r];
      const k = cellOf(row[0]);
      if (k === null) break;
      head[String(k)] = cellOf(row[1]);
    }
    while (r < grid.values.length && grid.values[r].every((v) => v === null)) r++;
    const header = (grid.values[r] ?? []).map((v) => (typeof v === 'string' ? v : null));
    const at = new Map<string, number>();
    header.forEach((h, i) => { if (h !== null) at.set(h, i); });
    for (const k of ['name', 'KZT', 'CNY'] as const) if (!at.has(k)) throw new SnapshotProblem('noColumn', { column: k });
    const projects: SnapshotProject[] = [];
    for (r++; r < grid.values.length; r++) {
      const row = grid.values[r];
      if (row.every((v) => v === null)) continue;
      projects.push(projectFrom((k) => (at.has(k) ? cellOf(row[at.get(k)!]) : null), { line: r + 1 }));
    }
    return {
      ok: true,
      snapshot: finish({
        format: head.format, version: head.version, month: head.month,
        source: { file: head.file, sheet: head.sheet },
        reportDate: head.reportDate, tool: head.tool,
        totals: { projects: head.projects, KZT: head.KZT, CNY: head.CNY },
        findings: { error: head.errors, warning: head.warnings, info: head.info },
        digest: head.digest,
      }, projects),
    };
  } catch (e) {
    if (e instanceof SnapshotProblem) return refused(e);
    throw e;
  }
}
