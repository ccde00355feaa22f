/**
 * The whole job on one grid, the same in the CLI and the task pane:
 * read the register → figures and checks → sheet plans and the JSON contract.
 */
import Big from 'big.js';
import { checkRegister, type CheckResult, type ControlFigures } from './checks';
import { findingMessage, type Finding } from './findings';
import type { Grid } from './grid';
import type { Lang } from './i18n';
import { moneyString, roundMoney } from './money';
import type { SheetPlan } from './plan';
import type { RateTable } from './rates';
import { MONEY_FIELDS, readRegister, type Field, type Register, type RegisterRow, type RowKind } from './register';
import { buildPlans, type Units } from './summary';

export interface PipelineOptions {
  /** The source file's name (for messages, sheets and JSON). */
  file: string;
  lang: Lang;
  rates: RateTable;
  /** ISO date of "today": dates after it are in the future; shown as the report date. */
  today: string;
  date1904?: boolean;
  /** The user's column mapping (field → sheet column), over the detected one. */
  mapping?: Partial<Record<Field, number>>;
  crossRateTolerance?: number;
  control?: ControlFigures;
  controlTolerance?: number;
  /** Units of display of the summary sheets (default million); cells keep whole tenge and yuan. */
  units?: Units;
  /** Region and period on the summaries' titles; Kazakh and Russian headings on two lines. */
  region?: string;
  period?: string;
  bilingual?: boolean;
}

export interface ResultRowJson {
  row: number;
  kind: RowKind;
  number: string | null;
  name: string | null;
  investor: string | null;
  country: string | null;
  sector: string | null;
  location: string | null;
  status: string | null;
  statusText: string | null;
  date: string | null;
  KZT: string | null;
  CNY: string | null;
  KZTFrom: 'given' | 'converted' | null;
  CNYFrom: 'given' | 'converted' | null;
  rates: { currency: string; rate: string; quoted: string; quant: number; date: string; source: string }[];
  jobs: number | null;
  jobsQualifier: 'over' | 'approx' | null;
  notes: string | null;
}

export interface ResultJson {
  input: { file: string; sheet: string; headerRows: number[] };
  columns: { field: string; column: string; label: string; confidence: number }[];
  counts: Record<RowKind, number>;
  rows: ResultRowJson[];
  totals: { projects: number; KZT: string; CNY: string };
  findings: { code: string; severity: string; sheet: string; cell: string | null; row: number | null; field: string | null; value: string | null; message: string }[];
}

export type PipelineResult =
  | { ok: true; register: Register; check: CheckResult; findings: Finding[]; plans: SheetPlan[]; json: ResultJson }
  | { ok: false; problem: 'SHEET_EMPTY' | 'NO_HEADER' };

export function runPipeline(grid: Grid, opts: PipelineOptions): PipelineResult {
  const read = readRegister(grid, { date1904: opts.date1904, mapping: opts.mapping });
  if (!read.ok) return { ok: false, problem: read.problem };
  const register = read.register;
  const check = checkRegister(register, opts.rates, {
    today: opts.today, crossRateTolerance: opts.crossRateTolerance, control: opts.control, controlTolerance: opts.controlTolerance,
  });
  const findings = check.findings;
  const plans = buildPlans({ register, check, findings }, {
    lang: opts.lang, file: opts.file, reportDate: opts.today, units: opts.units, region: opts.region, period: opts.period, bilingual: opts.bilingual,
  }, grid);
  return { ok: true, register, check, findings, plans, json: resultJson(register, check, findings, opts) };
}

/** A stated figure of a total row, in its column's currency (rounded as written out). */
function stated(r: RegisterRow, c: 'KZT' | 'CNY'): string | null {
  for (const f of MONEY_FIELDS) {
    const a = r.amounts[f];
    if (a && a.ok && a.currency === c) return moneyString(roundMoney(a.amount));
  }
  return null;
}

/** A row that is not a project: its kind and label; totals keep their stated figures for reconciliation. */
function otherRow(r: RegisterRow): ResultRowJson {
  const isTotal = r.kind === 'total' || r.kind === 'subtotal';
  return {
    row: r.row, kind: r.kind, number: null, name: r.label || null, investor: null, country: null, sector: null, location: null,
    status: null, statusText: null, date: null,
    KZT: isTotal ? stated(r, 'KZT') : null, CNY: isTotal ? stated(r, 'CNY') : null,
    KZTFrom: isTotal && stated(r, 'KZT') ? 'given' : null, CNYFrom: isTotal && stated(r, 'CNY') ? 'given' : null,
    rates: [], jobs: null, jobsQualifier: null, notes: null,
  };
}

function colLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function resultJson(register: Register, check: CheckResult, findings: Finding[], opts: { file: string; lang: Lang }): ResultJson {
  let KZT = new Big(0), CNY = new Big(0), projects = 0;
  const rows: ResultRowJson[] = register.rows.map((r) => {
    const fig = r.kind === 'project' ? check.figures.get(r.row) : undefined;
    if (r.kind === 'project') {
      projects++;
      if (fig?.KZT) KZT = KZT.plus(fig.KZT);
      if (fig?.CNY) CNY = CNY.plus(fig.CNY);
    }
    if (r.kind !== 'project') return otherRow(r);
    return {
      row: r.row,
      kind: r.kind,
      number: r.number,
      name: r.name,
      investor: r.investor,
      country: r.country,
      sector: r.sector,
      location: r.location,
      status: r.status,
      statusText: r.statusText,
      date: r.date.ok ? r.date.iso : null,
      KZT: moneyString(fig?.KZT ?? null),
      CNY: moneyString(fig?.CNY ?? null),
      KZTFrom: fig?.KZTFrom ?? null,
      CNYFrom: fig?.CNYFrom ?? null,
      rates: (fig?.rates ?? []).map((p) => ({ currency: p.currency, rate: p.rate.toFixed(), quoted: p.quoted.toFixed(), quant: p.quant, date: p.date, source: p.source })),
      jobs: r.jobs,
      jobsQualifier: r.jobsQualifier,
      notes: r.notes,
    };
  });
  return {
    input: { file: opts.file, sheet: register.sheet, headerRows: register.header.rows },
    columns: register.header.columns.map((c) => ({ field: c.field, column: colLetters(c.col), label: c.label, confidence: c.confidence })),
    counts: register.counts,
    rows,
    totals: { projects, KZT: moneyString(KZT)!, CNY: moneyString(CNY)! },
    findings: findings.map((f) => ({ code: f.code, severity: f.severity, sheet: f.sheet, cell: f.cell, row: f.row, field: f.field, value: f.value, message: findingMessage(f, opts.lang) })),
  };
}
