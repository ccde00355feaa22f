/**
 * The whole job a row at a time, for registers too large to hold: rows go in as a file streams by
 * (RegisterStream: the header found in the first rows, then each row read by the same code
 * readRegister uses), each is checked as it arrives (RegisterChecker, the code checkRegister runs),
 * its line of the normalised register sheet and of the JSON go straight out, and only compact
 * aggregates stay: the groups of the summaries, the findings, the structures of the whole-register
 * checks. At the end come the summary sheets (their formulas need the register's last row), the
 * checks and the JSON's tail. The same figures, findings, totals and sheets as runPipeline.
 *
 * Several registers (one per region) can go through one run, one after the other: the register
 * sheet then has a region column, a summary by region comes first, and each register is checked on
 * its own (its duplicates, medians and totals); control figures apply to all of them together.
 */
import type Big from 'big.js';
import { DEFAULT_CONTROL_TOLERANCE, RegisterChecker, type CheckOptions } from '../checks/checks';
import { countBySeverity, raise, type Finding, type Severity } from '../checks/findings';
import { text } from '../words';
import { minorString, minorToBig, MinorSum, type Minor } from '../money/minor';
import { moneyString } from '../money/money';
import type { SheetPlan } from './plan';
import { columnsJson, findingJson, jsonRow, type PipelineOptions, type ResultJson, type ResultRowJson } from './pipeline';
import { RegisterStream, type Header, type RegisterRow, type RowKind } from '../register/register';
import { ChecksSheet } from './sheets/checks';
import { Words, type Row, type SummaryOptions } from './sheets/common';
import { FactsBuilder } from './sheets/groups';
import { RegisterSheet } from './sheets/register';
import { sheetNames, summaryPlans } from './summary';

/** runPipeline's options (one file's date system aside: each register brings its own), and two of its own. */
export interface StreamOptions extends Omit<PipelineOptions, 'date1904'> {
  /** Link findings' cells to the source sheet, as runPipeline's plans do when given the source grid. */
  links?: boolean;
  /** Several registers: a region column and a summary by region. */
  consolidate?: boolean;
  /**
   * false: no summary sheets — their groups are not gathered and finish() gives none. For a run that
   * wants only the projects, findings and totals (`changes --to <register>`): at a million projects the
   * groups by investor and location alone are hundreds of megabytes.
   */
  summaries?: boolean;
}

/** Where the rows go as they are read (each optional: leave out what is not written). */
export interface StreamSinks {
  /** The register sheet's frame (name, widths, panes, print setup; no rows, no table yet), before its first row. */
  registerStart?(frame: SheetPlan): void;
  /** Each line of the register sheet, from row 1 (its head) down. */
  registerRow?(row: Row): void;
  /** The first register's header is known: the JSON's "input" and "columns", before its first row. */
  jsonHead?(input: ResultJson['input'], columns: ResultJson['columns']): void;
  /** Each row of the JSON's "rows". */
  jsonRow?(row: ResultRowJson): void;
}

export interface RegisterInfo {
  /** The file's name (for the JSON's input). */
  file: string;
  sheet: string;
  /** The register's region in a consolidation. */
  region?: string | null;
  date1904?: boolean;
}

export type RegisterEnd =
  | { ok: true; sheet: string; header: Header; counts: Record<RowKind, number>; projects: number }
  | { ok: false; problem: 'SHEET_EMPTY' | 'NO_HEADER' };

/** One register being streamed in: push its rows as a grid holds them, then end(). */
export interface RegisterInput {
  push(values: import('../grid/grid').CellValue[], sheetRow: number): void;
  /** No more rows can change the outcome (the sheet has no header): stop reading. */
  readonly settled: boolean;
  end(): RegisterEnd;
}

interface RegisterState {
  info: RegisterInfo;
  region: string | null;
  stream: RegisterStream;
  checker: RegisterChecker;
  findings: Finding[];
  header: Header | null;
  counts: Record<RowKind, number> | null;
  projects: number;
}

/** Projects by status as the CLI prints them: first met first, each with its count and tenge. */
export interface StatusLine {
  status: string;
  count: number;
  KZT: string | null;
}

export interface StreamResult {
  /** The overview and the summaries (in workbook order), built from the aggregates; none when asked for none. */
  summaries: SheetPlan[];
  /** The register sheet's frame (rows: [], they went out through the sink); its table covers them. */
  register: SheetPlan;
  /** The checks sheet's frame and its rows, made one at a time. */
  checks: SheetPlan;
  checksRows(): Iterable<Row>;
  findings: Finding[];
  counts: Record<Severity, number>;
  totals: ResultJson['totals'];
  /** The JSON around its rows: everything but "rows". */
  json: Omit<ResultJson, 'rows'> & { registers?: unknown[] };
  byStatus: StatusLine[];
  /** Each register's header and counts, in the order they came. */
  registers: { file: string; sheet: string; region: string | null; header: Header; counts: Record<RowKind, number>; projects: number }[];
}

/** The run: registers one after the other through beginRegister(), then finish(). */
export class StreamingRun {
  private readonly w: Words;
  private readonly summary: SummaryOptions;
  private readonly names;
  private readonly facts: FactsBuilder | null;
  private sheet: RegisterSheet | null = null;
  private readonly states: RegisterState[] = [];
  private readonly kzt = new MinorSum();
  private readonly cny = new MinorSum();
  private projects = 0;
  private readonly tally = new Map<string, { count: number; KZT: MinorSum; any: boolean }>();
  private readonly controlCount = { n: 0 };
  private readonly controlTotal = new MinorSum();

  constructor(private readonly opts: StreamOptions, private readonly sinks: StreamSinks) {
    this.summary = { lang: opts.lang, file: opts.file, reportDate: opts.today, units: opts.units, region: opts.region, period: opts.period, bilingual: opts.bilingual };
    this.w = new Words(this.summary);
    this.names = sheetNames(opts.lang);
    this.facts = opts.summaries === false ? null : new FactsBuilder(opts.lang, !!opts.consolidate);
  }

  private checkOptions(): CheckOptions {
    // One register: the control figures are its own, checked where checkRegister checks them. Several: over all of them, at the end.
    return { today: this.opts.today, crossRateTolerance: this.opts.crossRateTolerance, controlTolerance: this.opts.controlTolerance, control: this.opts.consolidate ? undefined : this.opts.control };
  }

  beginRegister(info: RegisterInfo): RegisterInput {
    const region = this.opts.consolidate ? info.region ?? null : null;
    if (!this.sheet) {
      this.sheet = new RegisterSheet(this.summary, this.w, this.names.register, { sheet: info.sheet, region }, !!this.opts.consolidate);
      if (this.sinks.registerRow) {
        this.sinks.registerStart?.(this.sheet.plan([]));
        for (const r of this.sheet.head()) this.sinks.registerRow(r);
      }
    }
    const sheet = this.sheet;
    sheet.setSource({ sheet: info.sheet, region });
    const state: RegisterState = {
      info, region, findings: [], header: null, counts: null, projects: 0,
      stream: null as unknown as RegisterStream, checker: null as unknown as RegisterChecker,
    };
    const control = this.opts.consolidate ? this.opts.control : undefined;
    const onRow = (row: RegisterRow) => {
      const fig = state.checker.row(row);
      if (row.kind === 'project') {
        const f = fig ?? undefined;
        state.projects++;
        this.projects++;
        if (f && f.kzt !== null) this.kzt.add(f.kzt);
        if (f && f.cny !== null) this.cny.add(f.cny);
        this.facts?.add(row, f, region);
        if (this.sinks.registerRow) this.sinks.registerRow(sheet.row(row, f));
        else sheet.skip();
        this.tallyRow(row, f?.kzt ?? null);
        if (control && !(control.status && row.status !== control.status)) {
          this.controlCount.n++;
          if (f && f.kzt !== null) this.controlTotal.add(f.kzt);
        }
      }
      if (this.sinks.jsonRow) {
        const j = jsonRow(row, fig ?? undefined);
        this.sinks.jsonRow(region === null ? j : { ...j, region } as ResultRowJson);
      }
    };
    const firstRegister = this.states.length === 0;
    state.stream = new RegisterStream(info.sheet, { date1904: info.date1904, mapping: this.opts.mapping }, onRow, (header) => {
      state.header = header;
      state.checker = new RegisterChecker(info.sheet, header, this.opts.rates, this.checkOptions());
      if (firstRegister) this.sinks.jsonHead?.({ file: info.file, sheet: info.sheet, headerRows: header.rows }, columnsJson(header));
    });
    this.states.push(state);
    return {
      push: (values, sheetRow) => state.stream.push(values, sheetRow),
      get settled() {
        return state.stream.settled;
      },
      end: () => {
        const end = state.stream.end();
        if (!end.ok) return end;
        state.counts = end.counts;
        state.findings = state.checker.finish();
        return { ok: true, sheet: info.sheet, header: end.header, counts: end.counts, projects: state.projects };
      },
    };
  }

  private sourceSheets(sheets: string[]): string {
    return [...new Set(sheets)].join(', ');
  }

  /** "memorandum: 14 — 134 000 000 000,00": the CLI's lines by status, as printSummary always grouped them. */
  private tallyRow(r: RegisterRow, kzt: Minor | null): void {
    const k = r.status ? text(`status.${r.status}`, this.opts.lang) : r.statusText ?? '—';
    let g = this.tally.get(k);
    if (!g) this.tally.set(k, (g = { count: 0, KZT: new MinorSum(), any: false }));
    g.count++;
    if (kzt !== null) {
      g.KZT.add(kzt);
      g.any = true;
    }
  }

  finish(): StreamResult {
    const states = this.states.filter((s) => s.header && s.counts);
    const consolidate = !!this.opts.consolidate;
    const sourceSheet = consolidate ? this.sourceSheets(states.map((s) => s.info.sheet)) : states[0]?.info.sheet ?? '';
    const sheet = this.sheet as RegisterSheet;
    const layout = sheet.layout();
    // Findings: a consolidation's control figures first (they are the whole's), then each register's in order.
    const control = consolidate ? this.control(sourceSheet) : [];
    const findings: Finding[] = [...control];
    const regionOf: (string | null)[] = control.map(() => null);
    for (const s of states) for (const f of s.findings) {
      findings.push(f);
      regionOf.push(s.region);
    }
    const counts = countBySeverity(findings);
    const summaries = this.facts ? summaryPlans(this.facts.finish(), counts, this.summary, this.w, layout, sourceSheet, consolidate) : [];
    const checks = new ChecksSheet(this.summary, this.w, this.names.checks, sourceSheet, !!this.opts.links, consolidate);
    const totals = { projects: this.projects, KZT: minorString(this.kzt.value), CNY: minorString(this.cny.value) };
    const first = states[0];
    const registers = states.map((s) => ({
      file: s.info.file, sheet: s.info.sheet, region: s.region, header: s.header as Header, counts: s.counts as Record<RowKind, number>, projects: s.projects,
    }));
    const sumCounts = (): Record<RowKind, number> => {
      const c: Record<RowKind, number> = { project: 0, total: 0, subtotal: 0, heading: 0, blank: 0, note: 0 };
      for (const r of registers) for (const k of Object.keys(c) as RowKind[]) c[k] += r.counts[k];
      return c;
    };
    const json: StreamResult['json'] = {
      input: { file: first?.info.file ?? '', sheet: first?.info.sheet ?? '', headerRows: first?.header?.rows ?? [] },
      columns: first?.header ? columnsJson(first.header) : [],
      counts: consolidate ? sumCounts() : first?.counts ?? sumCounts(),
      totals,
      findings: findings.map((f, i) => (consolidate ? { ...findingJson(f, this.opts.lang), region: regionOf[i] } : findingJson(f, this.opts.lang))),
    };
    if (consolidate) {
      json.registers = registers.map((r) => ({
        region: r.region, input: { file: r.file, sheet: r.sheet, headerRows: r.header.rows }, columns: columnsJson(r.header), counts: r.counts,
      }));
    }
    const byStatus = [...this.tally].map(([status, g]) => ({ status, count: g.count, KZT: g.any ? minorString(g.KZT.value) : null }));
    return {
      summaries,
      register: sheet.plan([]),
      checks: checks.plan([]),
      *checksRows() {
        yield* checks.head();
        for (let i = 0; i < findings.length; i++) yield checks.row(findings[i], regionOf[i]);
        if (findings.length === 0) yield checks.empty();
      },
      findings,
      counts,
      totals,
      json,
      byStatus,
      registers,
    };
  }

  /** A consolidation's control figures, over every register's projects. */
  private control(sheet: string): Finding[] {
    const c = this.opts.control;
    if (!c) return [];
    const out: Finding[] = [];
    const tolerance = this.opts.controlTolerance ?? DEFAULT_CONTROL_TOLERANCE;
    const scopeKey = c.status ? `status.${c.status}` : 'scope.all';
    const make = (field: string, params: Finding['params']): Finding => raise('CONTROL_MISMATCH', { sheet, cell: null, row: null, field, value: null, params });
    if (c.count !== undefined && c.count !== this.controlCount.n) out.push(make('count', { expected: c.count, actual: this.controlCount.n, scopeKey }));
    if (c.totalKZT !== undefined) {
      const total: Big = minorToBig(this.controlTotal.value);
      if (total.minus(c.totalKZT).abs().gt(c.totalKZT.abs().times(tolerance))) out.push(make('KZT', { expected: moneyString(c.totalKZT), actual: moneyString(total), scopeKey }));
    }
    return out;
  }
}
