/**
 * The pane's heavy work, away from the page: holding the register's grid, finding its header for the
 * mapping step, reading a chosen file, running the core's pipeline, building the pack to download.
 * Runs inside the Web Worker (engine.worker.ts) and, where a worker cannot start, in the page
 * (engine.ts, LocalEngine) — the same code either way. Everything it returns is plain data that a
 * worker can post (no Big, no class instances).
 *
 * ExcelJS is only imported (a lazily loaded chunk) when a file is opened or a pack is built.
 */
import Big from 'big.js';
import type { ControlFigures } from '../core/checks/checks';
import { decodeCsv, detectDelimiter, parseCsv, csvValue } from '../core/grid/csv';
import type { Finding } from '../core/checks/findings';
import { columnLetters } from '../core/grid/a1';
import { gridFromValues, type CellValue, type Grid } from '../core/grid/grid';
import type { Lang } from '../core/words';
import { moneyString, parseAmount } from '../core/money/money';
import { DEFAULT_EXPORT_LANGS, exportProperties } from '../core/monthly/export';
import { runPipeline, type PipelineOptions, type PipelineResult, type ResultJson } from '../core/report/pipeline';
import type { SheetPlan } from '../core/report/plan';
import { parseNbkXml, parseRatesTable, RateTable, type RatesProblem } from '../core/rates/rates';
import { findHeader, readRegister, type Field, type RowKind, type StatusCode } from '../core/register/register';
import { makeTemplate } from '../core/monthly/template';
import { makeSnapshot, monthEnd, type Snapshot } from '../core/monthly/snapshot';
import { MAX_FILE_BYTES } from '../core/grid/problems';
import { StreamingRun } from '../core/report/stream';
import type { RateRow } from '../excel/rates';
import type { Units } from '../core/report/summary';
import { ExportRun } from '../xlsx/export-run';
import { yieldNow } from './base';
import { concat, XlsxStreamWriter } from '../xlsx/ooxml-writer';
import pkg from '../../package.json';

/** Rows of the register between two turns of the event loop while the copy is made. */
const MINISTRY_SLICE = 2000;

/** Files above this size are not opened (as the CLI). */
export { MAX_FILE_BYTES };

export type RatesSource =
  | { kind: 'table'; source: string; values: CellValue[][] }
  | { kind: 'xml'; source: string; text: string }
  | { kind: 'file'; source: string; bytes: ArrayBuffer };

export interface GridRef {
  id: string;
  sheet: string;
  rows: number;
  cols: number;
}

export interface ColumnChoice {
  /** 1-based sheet column. */
  col: number;
  letter: string;
  /** The header's words over this column ("" when none). */
  label: string;
}

export interface DetectedColumn extends ColumnChoice {
  field: Field;
  confidence: number;
}

export type Analysis =
  | { ok: true; sheet: string; rows: number; headerRows: number[]; columns: ColumnChoice[]; detected: DetectedColumn[]; duplicates: { field: Field; used: string; other: string }[] }
  | { ok: false; problem: 'SHEET_EMPTY' | 'NO_HEADER'; sheet: string };

export type FileInfo =
  | { ok: true; name: string; sheets: string[]; best: string }
  | { ok: false; problem: FileProblem; name: string; size?: number; params?: FileInfoParams };

/** What the file reader refuses (src/core/grid/problems.ts), worded by the core's input messages. */
export type FileProblem = import('../core/grid/problems').InputProblem['key'];
type FileInfoParams = Record<string, string | number | null>;

export interface ControlInput {
  count?: number;
  /** As typed ("134 млрд теңге"); read with the core's money parser. */
  total?: string;
  status?: StatusCode;
}

export interface RunOptions {
  file: string;
  lang: Lang;
  today: string;
  date1904?: boolean;
  mapping?: Partial<Record<Field, number>>;
  crossRateTolerance?: number;
  controlTolerance?: number;
  control?: ControlInput;
  rates: RatesSource[];
  /** The summary sheets' units of display, region and period lines, Kazakh-and-Russian headings. */
  units?: Units;
  region?: string;
  period?: string;
  bilingual?: boolean;
}

export interface StatusLine {
  status: StatusCode | null;
  statusText: string | null;
  count: number;
  KZT: string | null;
}

export type RunResult =
  | {
      ok: true;
      sheet: string;
      findings: Finding[];
      plans: SheetPlan[];
      totals: ResultJson['totals'];
      counts: Record<RowKind, number>;
      columns: ResultJson['columns'];
      byStatus: StatusLine[];
      /** Project names of the rows that have findings, by sheet row (shown beside each finding). */
      names: Record<number, string>;
      rates: { count: number; sources: string[] };
    }
  | { ok: false; problem: 'SHEET_EMPTY' | 'NO_HEADER'; sheet: string }
  | RunInputProblem;

/** Rates or control figures that cannot be read: any job's refusal before it starts. */
type RunInputProblem =
  | { ok: false; problem: 'RATES_UNREADABLE'; source: string; reason: RatesReason }
  | { ok: false; problem: 'CONTROL_TOTAL'; text: string };

/** The checks of a register and the Checks sheet (Jobs.checks). */
export type ChecksResult =
  | { ok: true; sheet: string; findings: Finding[]; plan: SheetPlan }
  | Extract<RunResult, { ok: false }>;

/** A date of the register without a rate on or before it (the core's RATE_MISSING, found ahead of the check). */
export interface RateGap {
  currency: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Sheet rows that need it (the first few), and how many there are. */
  rows: number[];
  count: number;
}

export type GapsResult = { ok: true; gaps: RateGap[]; rates: number } | Extract<RunResult, { ok: false }>;

/** Why a rates source cannot be read: a catalogue key ("ratesFile.*") and its parameters, worded where it is shown. */
export interface RatesReason { key: string; params: Record<string, string | number> }

/** The reader's problem as plain data that crosses to the worker and back (parameters of strings and numbers). */
function reasonOf(p: RatesProblem): RatesReason {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p.params)) if (v !== null && v !== undefined) params[k] = v;
  return { key: p.key, params };
}

export type RatesRead = { ok: true; rates: RateRow[] } | { ok: false; source: string; reason: RatesReason };

export type SnapshotResult = { ok: true; snapshot: Snapshot } | Extract<RunResult, { ok: false }>;

export interface PackFile {
  bytes: ArrayBuffer;
  fileName: string;
}

/** The ministry copy's options (core/monthly/export.ts ExportOptions, less what the run gives). */
export interface MinistryOptions {
  /** YYYY-MM. */
  month: string;
  region: string;
  regionCode: string;
  organisation: string | null;
  langs: Lang[];
  formulas: boolean;
  allowErrors: boolean;
  /** The previous month's snapshot (a Changes sheet when given). */
  previous: Snapshot | null;
}

export type MinistryResult =
  | { ok: true; bytes: ArrayBuffer; fileName: string; sheets: string[]; errors: number; changes: boolean }
  | { ok: false; problem: 'OPEN_ERRORS'; errors: number }
  | Extract<RunResult, { ok: false }>;

/** Next month's register template's options (core/monthly/template.ts TemplateOptions). */
export interface TemplateJobOptions {
  /** YYYY-MM: the month the template is for. */
  month: string;
  /** The sheets' language (the input messages, the lists' status words, the header's first line). */
  lang: Lang;
  /** The header's languages, one line each. */
  headings: Lang[];
}

export type TemplateResult =
  | { ok: true; bytes: ArrayBuffer; fileName: string; sheets: string[]; carried: number; carriedErrors: number }
  | Extract<RunResult, { ok: false }>;

interface FileBook {
  name: string;
  sheets: string[];
  date1904: boolean;
  grid(sheet: string): Grid;
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

/** CSV bytes → one grid keeping each record's line number (as src/xlsx's csvToGrid, without Node's path). */
export function csvGrid(bytes: Uint8Array, file: string): Grid | null {
  const dec = decodeCsv(bytes);
  if (!dec.ok) return null;
  const delimiter = detectDelimiter(dec.text);
  const { records, lines } = parseCsv(dec.text, delimiter);
  const values: CellValue[][] = records.map((rec) => rec.map((s) => csvValue(s, delimiter !== ',')));
  return { ...gridFromValues(baseName(file).replace(/\.[^.]*$/, ''), values), rowNumbers: lines };
}

/** The control figures as the core takes them; null when the total cannot be read as tenge. */
export function controlFigures(c: ControlInput | undefined): ControlFigures | undefined | null {
  if (!c || (c.count === undefined && (c.total === undefined || c.total.trim() === ''))) return undefined;
  const out: ControlFigures = {};
  if (c.count !== undefined) out.count = c.count;
  if (c.total !== undefined && c.total.trim() !== '') {
    const a = parseAmount(c.total, { currency: 'KZT' });
    if (!a.ok || (a.currency && a.currency !== 'KZT')) return null;
    out.totalKZT = a.amount;
  }
  if (c.status) out.status = c.status;
  return out;
}

export class Jobs {
  private grids = new Map<string, { grid: Grid; date1904: boolean }>();
  private book: FileBook | null = null;
  private lastPlans: SheetPlan[] | null = null;
  private lastFile = 'register';
  private nextId = 1;

  /** Keep a grid (the last few) under a new id. */
  putGrid(grid: Grid, date1904 = false): GridRef {
    const id = `g${this.nextId++}`;
    this.grids.set(id, { grid, date1904 });
    while (this.grids.size > 3) this.grids.delete(this.grids.keys().next().value as string);
    return { id, sheet: grid.sheet, rows: grid.values.length, cols: grid.values[0]?.length ?? 0 };
  }

  hasGrid(id: string): boolean {
    return this.grids.has(id);
  }

  private gridOf(id: string): { grid: Grid; date1904: boolean } {
    const g = this.grids.get(id);
    if (!g) throw new Error(`tizilim: no grid ${id}`);
    return g;
  }

  /** The header the core finds, and every column with its heading, for the mapping step. */
  analyse(id: string): Analysis {
    const { grid } = this.gridOf(id);
    if (grid.values.length === 0 || grid.values.every((r) => r.every((v) => v === null || (typeof v === 'string' && !v.trim())))) {
      return { ok: false, problem: 'SHEET_EMPTY', sheet: grid.sheet };
    }
    const header = findHeader(grid);
    if (!header) return { ok: false, problem: 'NO_HEADER', sheet: grid.sheet };
    const width = grid.values.reduce((w, r) => Math.max(w, r.length), 0);
    const columns: ColumnChoice[] = Array.from({ length: width }, (_, c) => {
      const col = grid.origin.col + c;
      return { col, letter: columnLetters(col), label: (header.labels[c] ?? '').slice(0, 120) };
    });
    return {
      ok: true,
      sheet: grid.sheet,
      rows: grid.values.length,
      headerRows: header.rows,
      columns,
      detected: header.columns.map((c) => ({ field: c.field, col: c.col, letter: columnLetters(c.col), label: c.label.slice(0, 120), confidence: c.confidence })),
      duplicates: header.duplicates.map((d) => ({ field: d.field, used: columnLetters(d.used), other: columnLetters(d.other) })),
    };
  }

  /** Open a register file (.xlsx, .xlsm, .csv) picked in the pane. */
  async openFile(bytes: ArrayBuffer, name: string): Promise<FileInfo> {
    const b = new Uint8Array(bytes);
    if (b.length > MAX_FILE_BYTES) return { ok: false, problem: 'FILE_TOO_LARGE', name, size: b.length };
    let book: FileBook;
    try {
      // The reader the CLI uses too (src/xlsx/read.ts → book.ts): the same cells, the same refusals.
      const xlsx = await import(/* webpackChunkName: "xlsx" */ '../xlsx/read');
      const src = await xlsx.readBook(b, name);
      book = { name, sheets: src.sheets, date1904: src.date1904, grid: (sheet) => src.grid(sheet) };
    } catch (e) {
      const p = (e as { problem?: { key: string; params: FileInfoParams } }).problem;
      if (e instanceof Error && e.name === 'InputError' && p) return { ok: false, problem: p.key as FileProblem, name, params: p.params };
      return { ok: false, problem: 'NOT_A_WORKBOOK', name };
    }
    this.book = book;
    // The sheet that looks most like a register: a header in its first rows, and the most rows.
    let best = book.sheets[0];
    let bestScore = -1;
    for (const s of book.sheets) {
      const g = book.grid(s);
      const score = findHeader(g) ? g.values.length : -1;
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return { ok: true, name, sheets: book.sheets, best };
  }

  /** A sheet of the opened file as a grid. */
  fileGrid(sheet: string): GridRef {
    if (!this.book) throw new Error('tizilim: no file open');
    return this.putGrid(this.book.grid(sheet), this.book.date1904);
  }

  private async rateTable(sources: RatesSource[]): Promise<{ ok: true; table: RateTable } | { ok: false; source: string; reason: RatesReason }> {
    const table = new RateTable();
    for (const src of sources) {
      let values: CellValue[][] | null = null;
      if (src.kind === 'table') values = src.values;
      else if (src.kind === 'xml') {
        const parsed = parseNbkXml(src.text, src.source);
        if (!parsed.ok) return { ok: false, source: src.source, reason: reasonOf(parsed.problem) };
        table.add(parsed.rates);
        continue;
      } else {
        const b = new Uint8Array(src.bytes);
        if (isZip(b)) {
          try {
            const xlsx = await import(/* webpackChunkName: "xlsx" */ '../xlsx/read');
            const wb = await xlsx.readWorkbookBuffer(src.bytes);
            values = xlsx.worksheetToGrid(wb.worksheets[0]).values;
          } catch {
            return { ok: false, source: src.source, reason: { key: 'ratesFile.notWorkbook', params: { source: src.source } } };
          }
        } else {
          const text = new TextDecoder('utf-8').decode(b);
          if (/^\s*(<\?xml|<rates|<rss)/i.test(text)) {
            const parsed = parseNbkXml(text, src.source);
            if (!parsed.ok) return { ok: false, source: src.source, reason: reasonOf(parsed.problem) };
            table.add(parsed.rates);
            continue;
          }
          const grid = csvGrid(b, src.source);
          if (!grid) return { ok: false, source: src.source, reason: { key: 'ratesFile.encoding', params: { source: src.source } } };
          values = grid.values;
        }
      }
      const parsed = parseRatesTable(values, src.source);
      if (!parsed.ok) return { ok: false, source: src.source, reason: reasonOf(parsed.problem) };
      table.add(parsed.rates);
    }
    return { ok: true, table };
  }

  /** The run's rates and control figures, or why they cannot be read (every job starts with them). */
  private async inputs(o: RunOptions): Promise<{ ok: true; rates: { table: RateTable }; control: ControlFigures | undefined } | RunInputProblem> {
    const rates = await this.rateTable(o.rates);
    if (!rates.ok) return { ok: false, problem: 'RATES_UNREADABLE', source: rates.source, reason: rates.reason };
    const control = controlFigures(o.control);
    if (control === null) return { ok: false, problem: 'CONTROL_TOTAL', text: o.control?.total ?? '' };
    return { ok: true, rates, control };
  }

  /** The pipeline on a kept grid with the pane's options. */
  private async pipeline(id: string, o: RunOptions): Promise<{ ok: true; res: Extract<PipelineResult, { ok: true }>; rates: RateTable; sheet: string } | Extract<RunResult, { ok: false }>> {
    const { grid, date1904 } = this.gridOf(id);
    const inputs = await this.inputs(o);
    if (!inputs.ok) return inputs;
    const { rates, control } = inputs;
    const opts: PipelineOptions = {
      file: o.file, lang: o.lang, rates: rates.table, today: o.today, date1904: o.date1904 ?? date1904,
      mapping: o.mapping, crossRateTolerance: o.crossRateTolerance, controlTolerance: o.controlTolerance, control,
      units: o.units, region: o.region, period: o.period, bilingual: o.bilingual,
    };
    const res = runPipeline(grid, opts);
    if (!res.ok) return { ok: false, problem: res.problem, sheet: grid.sheet };
    return { ok: true, res, rates: rates.table, sheet: grid.sheet };
  }

  /** Rates from files, feeds and tables (the rates sheets, a pasted table) as plain rows: one per day and currency. */
  async readRates(sources: RatesSource[]): Promise<RatesRead> {
    const t = await this.rateTable(sources);
    if (!t.ok) return t;
    return { ok: true, rates: t.table.all().map((r) => ({ date: r.date, currency: r.currency, quoted: r.quoted.toFixed(), quant: r.quant, source: r.source })) };
  }

  /** The dates of the register that have no rate on or before them, with the rates given (RATE_MISSING before the check). */
  async gaps(id: string, o: RunOptions): Promise<GapsResult> {
    const done = await this.pipeline(id, o);
    if (!done.ok) return done;
    const byKey = new Map<string, RateGap>();
    for (const f of done.res.findings) {
      if (f.code !== 'RATE_MISSING') continue;
      const date = typeof f.params.date === 'string' ? f.params.date : null;
      const currency = typeof f.params.currency === 'string' ? f.params.currency : null;
      if (!date || !currency) continue; // no date on the row: a date problem, not a missing rate
      const key = `${currency} ${date}`;
      const g = byKey.get(key) ?? { currency, date, rows: [], count: 0 };
      if (f.row !== null && g.rows.length < 5 && !g.rows.includes(f.row)) g.rows.push(f.row);
      g.count++;
      byKey.set(key, g);
    }
    const gaps = [...byKey.values()].sort((a, b) => a.date.localeCompare(b.date) || a.currency.localeCompare(b.currency));
    return { ok: true, gaps, rates: done.rates.size };
  }

  /** The month's snapshot of the register (checked as of the month's last day), for its hidden sheet. */
  async snapshot(id: string, o: RunOptions, month: string): Promise<SnapshotResult> {
    const reportDate = monthEnd(month);
    const done = await this.pipeline(id, { ...o, today: reportDate });
    if (!done.ok) return done;
    return { ok: true, snapshot: makeSnapshot(done.res.json, { month, reportDate, tool: `tizilim ${pkg.version}` }) };
  }

  /** The core's whole job on a grid. The plans are kept for the pack. */
  async run(id: string, o: RunOptions): Promise<RunResult> {
    const done = await this.pipeline(id, o);
    if (!done.ok) return done;
    const { res, sheet } = done;
    const grid = { sheet };
    const rates = { table: done.rates };
    this.lastPlans = res.plans;
    this.lastFile = o.file;
    const flagged = new Set(res.findings.map((f) => f.row).filter((r): r is number => r !== null));
    const names: Record<number, string> = {};
    const groups = new Map<string, { status: StatusCode | null; statusText: string | null; count: number; KZT: Big | null }>();
    for (const r of res.json.rows) {
      if (flagged.has(r.row) && r.name) names[r.row] = r.name.slice(0, 200);
      if (r.kind !== 'project') continue;
      const key = r.status ?? `?${r.statusText ?? ''}`;
      const g = groups.get(key) ?? { status: r.status as StatusCode | null, statusText: r.status ? null : r.statusText, count: 0, KZT: null };
      g.count++;
      if (r.KZT !== null) g.KZT = (g.KZT ?? new Big(0)).plus(r.KZT);
      groups.set(key, g);
    }
    return {
      ok: true,
      sheet: grid.sheet,
      findings: res.findings,
      plans: res.plans,
      totals: res.json.totals,
      counts: res.json.counts,
      columns: res.json.columns,
      byStatus: [...groups.values()].map((g) => ({ status: g.status, statusText: g.statusText, count: g.count, KZT: g.KZT ? moneyString(g.KZT) : null })),
      names,
      rates: { count: rates.table.size, sources: o.rates.map((s) => s.source) },
    };
  }

  /**
   * The checks alone, a slice of rows at a time — for the ribbon's Check now, which runs in the
   * function file's runtime on the page's own thread, with no worker: the core's streaming run
   * (RegisterStream and RegisterChecker, the code runPipeline's reading and checks are built on) goes
   * over the kept grid, and `pause` is awaited after every `slice` rows, so the runtime keeps answering
   * Office (desktop Excel restarts an add-in that does not answer for 5 seconds) and a caller can stop
   * it between slices (by throwing from `pause`). The same findings and Checks sheet as run().
   */
  async checks(id: string, o: RunOptions, pace: { slice: number; pause(rowsDone: number, rowsTotal: number): Promise<void> }): Promise<ChecksResult> {
    const { grid, date1904 } = this.gridOf(id);
    const inputs = await this.inputs(o);
    if (!inputs.ok) return inputs;
    const { rates, control } = inputs;
    const run = new StreamingRun({
      file: o.file, lang: o.lang, rates: rates.table, today: o.today, mapping: o.mapping, crossRateTolerance: o.crossRateTolerance,
      controlTolerance: o.controlTolerance, control, units: o.units, region: o.region, period: o.period, bilingual: o.bilingual, links: true,
    }, {});
    const input = run.beginRegister({ file: o.file, sheet: grid.sheet, date1904: o.date1904 ?? date1904 });
    // The stream reads rows from column A: a grid that starts further right is padded.
    const pad: CellValue[] = new Array<CellValue>(Math.max(0, grid.origin.col - 1)).fill(null);
    const total = grid.values.length;
    const slice = Math.max(1, pace.slice);
    for (let i = 0; i < total && !input.settled; i++) {
      const row = grid.values[i];
      input.push(pad.length ? [...pad, ...row] : row, grid.rowNumbers?.[i] ?? grid.origin.row + i);
      if ((i + 1) % slice === 0 && i + 1 < total) await pace.pause(i + 1, total);
    }
    const end = input.end();
    if (!end.ok) return { ok: false, problem: end.problem, sheet: grid.sheet };
    const done = run.finish();
    return { ok: true, sheet: grid.sheet, findings: done.findings, plan: { ...done.checks, rows: [...done.checksRows()] } };
  }

  /**
   * The copy for ministries (core/monthly/export.ts): the register checked as of the month's last day, the
   * summary sheets, an About sheet, the Changes sheet when the previous month's snapshot is given;
   * refused with open error findings unless allowed. Made as the CLI makes it (src/xlsx/export-run.ts):
   * the kept grid's rows go through the core's streaming run and each register row is written into the
   * copy at once by the streaming writer (src/xlsx/ooxml-writer.ts, fflate), so no plan of the register
   * and no workbook model is held — only the grid, the run's aggregates and the compressed copy, whose
   * pieces are joined once at the end; its size then tells the pane which ways out the host allows.
   */
  async ministry(id: string, o: RunOptions, m: MinistryOptions): Promise<MinistryResult> {
    const reportDate = monthEnd(m.month);
    const { grid, date1904 } = this.gridOf(id);
    const inputs = await this.inputs(o);
    if (!inputs.ok) return inputs;
    const { rates, control } = inputs;
    const file = baseName(o.file);
    const opts = { ...m, langs: m.langs.length ? m.langs : [...DEFAULT_EXPORT_LANGS], version: pkg.version, file, reportDate };
    const chunks: Uint8Array[] = [];
    const writer = new XlsxStreamWriter((c) => chunks.push(c), { props: exportProperties(opts), protect: true });
    const run = new ExportRun(writer, {
      ...opts, rates: rates.table, mapping: o.mapping, crossRateTolerance: o.crossRateTolerance, control, controlTolerance: o.controlTolerance,
    });
    const input = run.beginRegister({ file, sheet: grid.sheet, date1904: o.date1904 ?? date1904 });
    // The stream reads rows from column A: a grid that starts further right is padded.
    const pad: CellValue[] = new Array<CellValue>(Math.max(0, grid.origin.col - 1)).fill(null);
    for (let i = 0; i < grid.values.length && !input.settled; i++) {
      const row = grid.values[i];
      input.push(pad.length ? [...pad, ...row] : row, grid.rowNumbers?.[i] ?? grid.origin.row + i);
      // Turn the event loop now and then: the page's own thread where no worker runs, messages (and a debugger) in the worker.
      if ((i + 1) % MINISTRY_SLICE === 0) await yieldNow();
    }
    const end = input.end();
    if (!end.ok) return { ok: false, problem: end.problem, sheet: grid.sheet };
    const book = await run.finish(yieldNow);
    if (!book.ok) return { ok: false, problem: 'OPEN_ERRORS', errors: book.errors.length };
    const bytes = concat(chunks).buffer as ArrayBuffer;
    chunks.length = 0;
    return { ok: true, bytes, fileName: book.fileName, sheets: book.plans.map((p) => p.name), errors: book.errors.length, changes: book.changes !== null };
  }

  /** The summary pack of the last run as an .xlsx file (ExcelJS, loaded now). */
  async pack(roles: string[] | null, title: string): Promise<PackFile> {
    if (!this.lastPlans) throw new Error('tizilim: nothing to export yet');
    const plans = roles ? this.lastPlans.filter((p) => roles.includes(p.role)) : this.lastPlans;
    const bytes = await plansBytes(plans, { title, subject: this.lastFile });
    const base = baseName(this.lastFile).replace(/\.(xlsx|xlsm|csv|txt)$/i, '') || 'register';
    return { bytes, fileName: `${base}.tizilim.xlsx` };
  }

  /**
   * Next month's register template (core/monthly/template.ts), as `tizilim template` makes it: the kept
   * grid read as a register with the pane's mapping, checked as of the template month's last day (its
   * errors on project rows travel with their values, so they are counted), and the template's plans
   * written by the CLI's writer (src/xlsx/write.ts: ExcelJS in memory, which draws the rules on what
   * is typed and the protected header). A new workbook: the user's own is not touched.
   */
  async template(id: string, o: RunOptions, m: TemplateJobOptions): Promise<TemplateResult> {
    const { grid, date1904 } = this.gridOf(id);
    const inputs = await this.inputs(o);
    if (!inputs.ok) return inputs;
    const { rates, control } = inputs;
    const read = readRegister(grid, { date1904: o.date1904 ?? date1904, mapping: o.mapping });
    if (!read.ok) return { ok: false, problem: read.problem, sheet: grid.sheet };
    const t = makeTemplate(read.register, rates.table, baseName(o.file), { month: m.month, lang: m.lang, headings: m.headings }, {
      crossRateTolerance: o.crossRateTolerance, control, controlTolerance: o.controlTolerance,
    });
    await yieldNow();
    const bytes = await plansBytes(t.plans, { title: t.title, subject: t.subject });
    return { ok: true, bytes, fileName: t.fileName, sheets: t.plans.map((p) => p.name), carried: t.carried, carriedErrors: t.carriedErrors.length };
  }
}

/** Plans as an .xlsx file's bytes, by the CLI's in-memory writer (ExcelJS, loaded now). */
async function plansBytes(plans: SheetPlan[], props: { title?: string; subject?: string }): Promise<ArrayBuffer> {
  const { plansToWorkbook } = await import(/* webpackChunkName: "xlsx-write" */ '../xlsx/write');
  const bytes = (await plansToWorkbook(plans, props).xlsx.writeBuffer()) as ArrayBuffer;
  return bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes as ArrayLike<number>).buffer;
}

