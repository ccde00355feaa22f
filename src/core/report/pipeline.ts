/**
 * The whole job on one grid, the same in the CLI and the task pane:
 * read the register → figures and checks → sheet plans and the JSON contract.
 */
import { columnLetters } from '../grid/a1';
import { checkRegister, type CheckResult, type ControlFigures, type Provenance, type RowFigures } from '../checks/checks';
import { findingMessage, type Finding } from '../checks/findings';
import type { Grid } from '../grid/grid';
import type { Lang } from '../words';
import { amountFacts, minorString, MinorSum } from '../money/minor';
import type { SheetPlan } from './plan';
import type { RateTable } from '../rates/rates';
import { MONEY_FIELDS, readRegister, type Field, type Header, type Register, type RegisterRow, type RowKind } from '../register/register';
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

/** A rate a row's conversion used, as the JSON gives it. */
export interface RateJson { currency: string; rate: string; quoted: string; quant: number; date: string; source: string }

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
  rates: RateJson[];
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
    if (a && a.ok && a.currency === c) return minorString(amountFacts(a).minor);
  }
  return null;
}

/** A row that is not a project: its kind and label; totals keep their stated figures for reconciliation. */
function otherRow(r: RegisterRow): ResultRowJson {
  const isTotal = r.kind === 'total' || r.kind === 'subtotal';
  const kzt = isTotal ? stated(r, 'KZT') : null;
  const cny = isTotal ? stated(r, 'CNY') : null;
  return {
    row: r.row, kind: r.kind, number: null, name: r.label || null, investor: null, country: null, sector: null, location: null,
    status: null, statusText: null, date: null,
    KZT: kzt, CNY: cny,
    KZTFrom: kzt ? 'given' : null, CNYFrom: cny ? 'given' : null,
    rates: [], jobs: null, jobsQualifier: null, notes: null,
  };
}

const rateJsonOf = new WeakMap<Provenance, RateJson>();
const ratesJsonOf = new WeakMap<Provenance[], RateJson[]>();

/** The rates of a row as the JSON writes them; rows converted at one rate share its (never changed) objects. */
function ratesJson(rates: Provenance[]): RateJson[] {
  if (rates.length === 0) return [];
  let out = ratesJsonOf.get(rates);
  if (!out) {
    out = rates.map((p) => {
      let j = rateJsonOf.get(p);
      if (!j) rateJsonOf.set(p, (j = { currency: p.currency, rate: p.rate.toFixed(), quoted: p.quoted.toFixed(), quant: p.quant, date: p.date, source: p.source }));
      return j;
    });
    if (rates.length === 1) ratesJsonOf.set(rates, out);
  }
  return out;
}

/** One row of the JSON contract: a project with its figures, or another row with its kind. */
export function jsonRow(r: RegisterRow, fig: RowFigures | undefined): ResultRowJson {
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
    KZT: fig && fig.kzt !== null ? minorString(fig.kzt) : null,
    CNY: fig && fig.cny !== null ? minorString(fig.cny) : null,
    KZTFrom: fig?.KZTFrom ?? null,
    CNYFrom: fig?.CNYFrom ?? null,
    rates: ratesJson(fig?.rates ?? []),
    jobs: r.jobs,
    jobsQualifier: r.jobsQualifier,
    notes: r.notes,
  };
}

/** The JSON's description of the register's columns. */
export function columnsJson(header: Header): ResultJson['columns'] {
  return header.columns.map((c) => ({ field: c.field, column: columnLetters(c.col), label: c.label, confidence: c.confidence }));
}

export function findingJson(f: Finding, lang: Lang): ResultJson['findings'][number] {
  return { code: f.code, severity: f.severity, sheet: f.sheet, cell: f.cell, row: f.row, field: f.field, value: f.value, message: findingMessage(f, lang) };
}

export function resultJson(register: Register, check: CheckResult, findings: Finding[], opts: { file: string; lang: Lang }): ResultJson {
  const KZT = new MinorSum(), CNY = new MinorSum();
  let projects = 0;
  const rows: ResultRowJson[] = register.rows.map((r) => {
    if (r.kind !== 'project') return otherRow(r);
    const fig = check.figures.get(r.row);
    projects++;
    if (fig && fig.kzt !== null) KZT.add(fig.kzt);
    if (fig && fig.cny !== null) CNY.add(fig.cny);
    return jsonRow(r, fig);
  });
  return {
    input: { file: opts.file, sheet: register.sheet, headerRows: register.header.rows },
    columns: columnsJson(register.header),
    counts: register.counts,
    rows,
    totals: { projects, KZT: minorString(KZT.value), CNY: minorString(CNY.value) },
    findings: findings.map((f) => findingJson(f, opts.lang)),
  };
}
