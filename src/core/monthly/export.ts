/**
 * The ministry copy: a separate workbook to send, clean by construction. An About sheet (region,
 * period, rates used, the tool's version, the checks' outcome), the summary sheets of summary.ts, the
 * Changes sheet when the previous month's snapshot is given — values only unless formulas are asked
 * for, no links of any kind, and the same inputs always give the same cells and the same properties.
 * The file's protection, properties and bytes are the ExcelJS adapter's part (src/xlsx/export.ts).
 */
import type { CheckResult } from '../checks/checks';
import { compareSnapshots, changesPlan, type ChangesJson } from './changes';
import { findingMessage, type Finding } from '../checks/findings';
import { t, texts, type Lang } from '../words';
import type { PipelineResult, ResultJson, ResultRowJson } from '../report/pipeline';
import { safeSheetName, type PlanCell, type SheetPlan } from '../report/plan';
import type { Register } from '../register/register';
import { isMonth, makeSnapshot, monthEnd, type Snapshot } from './snapshot';
import { buildPlans, FMT } from '../report/summary';

export const DEFAULT_REGION = 'Батыс Қазақстан облысы';
export const DEFAULT_REGION_CODE = 'BKO';
/** The headings' languages of the ministry copy unless told otherwise. */
export const DEFAULT_EXPORT_LANGS: readonly Lang[] = ['kk', 'ru'];

export interface ExportOptions {
  /** The reporting month, YYYY-MM. */
  month: string;
  region: string;
  /** Latin letters and digits, for the file name ("BKO"). */
  regionCode: string;
  /** The sending organisation as the user typed it; null when not given. */
  organisation: string | null;
  /** The tool's version (the CLI passes package.json's; the core reads nothing). */
  version: string;
  /** Languages of the headings; the first is also the language of the sheets' text. */
  langs: readonly Lang[];
  /** Keep the summary's live formulas (with cached values); values only when false. */
  formulas: boolean;
  /** The sender confirmed exporting with open error findings. */
  allowErrors: boolean;
  /** The source register's file name (a base name, no directory). */
  file: string;
  /** The date the register was checked as of (ISO). */
  reportDate: string;
  /** The previous month's snapshot: a Changes sheet when given. */
  previous?: Snapshot | null;
}

export interface ExportInput {
  register: Register;
  check: CheckResult;
  findings: Finding[];
  json: ResultJson;
}

/** Document properties of the copy: nothing of the author beyond the organisation typed in. */
export interface DocProperties {
  title: string;
  subject: string;
  keywords: string;
  category: string;
  description: string;
  /** The organisation, or "" when none was given. */
  company: string;
  /** The organisation, or "Tizilim". */
  creator: string;
  lastModifiedBy: string;
  /** Fixed from the period (the month's last day, 00:00 UTC), so two exports are identical. */
  created: Date;
  modified: Date;
}

export interface ExportBook {
  plans: SheetPlan[];
  properties: DocProperties;
  /** "BKO_invest_projects_2025-10.xlsx". */
  fileName: string;
  /** Error findings open in the register (stated on the About sheet when exported anyway). */
  errors: Finding[];
  changes: ChangesJson | null;
  /** This month's snapshot, as the Changes sheet compared it. */
  snapshot: Snapshot;
}

export type ExportResult =
  | ({ ok: true } & ExportBook)
  | { ok: false; problem: 'OPEN_ERRORS'; errors: Finding[] };

/** "BKO" + "2025-10" → "BKO_invest_projects_2025-10.xlsx" (the code kept to Latin letters, digits, - and _). */
export function exportFileName(regionCode: string, month: string): string {
  const code = regionCode.replace(/[^A-Za-z0-9_-]/g, '') || DEFAULT_REGION_CODE;
  return `${code}_invest_projects_${month}.xlsx`;
}

/** A row of a plan as the copy holds it: values only (no formulas) unless asked, and no links. */
export function cleanRow(r: readonly (PlanCell | null)[], formulas: boolean): (PlanCell | null)[] {
  return r.map((c) => {
    if (!c) return c;
    const { f, link: _link, ...rest } = c;
    const out: PlanCell = { ...rest };
    if (formulas && f) out.f = f;
    return out;
  });
}

/** Values only (no formulas) unless asked, and no links: ExcelJS stores even an in-book link as an external relationship. */
export function cleanPlan(p: SheetPlan, opts: { formulas: boolean }): SheetPlan {
  return { ...p, rows: p.rows.map((r) => cleanRow(r, opts.formulas)) };
}

function uniqueName(name: string, taken: Set<string>): string {
  let n = name, i = 2;
  while (taken.has(n.toLocaleLowerCase())) n = safeSheetName(`${name.slice(0, 27)} (${i++})`);
  taken.add(n.toLocaleLowerCase());
  return n;
}

/** The copy's document properties: from the options alone (the period, the region, the organisation). */
export function exportProperties(o: Pick<ExportOptions, 'month' | 'region' | 'regionCode' | 'organisation' | 'langs'>): DocProperties {
  const [y, m] = o.month.split('-').map(Number);
  const at = new Date(Date.UTC(y, m, 0));
  const period = o.month;
  const who = o.organisation ?? 'Tizilim';
  return {
    title: texts('report.doc.title', o.langs, { region: o.region, period }, ' / '),
    subject: texts('report.doc.subject', o.langs, undefined, ' / '),
    keywords: [o.regionCode, period, o.region].join('; '),
    category: texts('report.doc.subject', o.langs, undefined, ' / '),
    description: t('report.doc.description', o.langs[0], { region: o.region, period, organisation: o.organisation ?? '—' }),
    company: o.organisation ?? '',
    creator: who,
    lastModifiedBy: who,
    created: at,
    modified: at,
  };
}

/** A rate a row was converted at, as the JSON gives it. */
export type RateUse = ResultRowJson['rates'][number];

/** The rates the rows were converted at, each once, in the About sheet's order (currency, date, source). */
export class RatesUsed {
  private readonly seen = new Map<string, RateUse>();
  private last: readonly RateUse[] | null = null;
  add(rates: readonly RateUse[]): void {
    // Rows converted at one rate share its array: met again, nothing to do.
    if (rates.length === 0 || rates === this.last) return;
    this.last = rates;
    for (const p of rates) this.seen.set(`${p.currency} ${p.date} ${p.source}`, p);
  }
  list(): RateUse[] {
    return [...this.seen.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.date.localeCompare(b.date) || a.source.localeCompare(b.source));
  }
}

/** What the About sheet says of the register(s): the source sheet, the totals, the rates used, the findings. */
export interface ExportFacts {
  sheet: string;
  totals: ResultJson['totals'];
  rates: RateUse[];
  findings: Finding[];
}

function aboutPlan(input: ExportFacts, o: ExportOptions, sheetNames: string[], name: string, changes: ChangesJson | null, errors: Finding[]): SheetPlan {
  const langs = o.langs;
  const lang = langs[0];
  const L = (key: string) => texts(`report.${key}`, langs, undefined, ' / ');
  const rows: (PlanCell | null)[][] = [];
  const kv = (key: string, v: PlanCell) => rows.push([{ v: L(key), s: 'header' }, { s: 'cell', ...v }]);
  for (const l of langs) rows.push([{ v: t('report.about.title', l), s: 'title' }]);
  rows.push([]);
  const totals = input.totals;
  kv('about.region', { v: o.region });
  kv('about.period', { v: o.month });
  kv('about.reportDate', { v: new Date(o.reportDate + 'T00:00:00Z'), fmt: FMT.date });
  kv('about.organisation', { v: o.organisation ?? '—' });
  kv('about.source', { v: `${o.file} — ${input.sheet}` });
  kv('about.projects', { v: totals.projects, fmt: FMT.count });
  kv('about.KZT', { v: Number(totals.KZT), fmt: FMT.money });
  kv('about.CNY', { v: Number(totals.CNY), fmt: FMT.money });
  kv('about.previous', { v: changes ? `${changes.from.month} (${changes.from.file})` : t('report.about.noPrevious', lang) });
  kv('about.content', { v: t(o.formulas ? 'report.about.formulas' : 'report.about.values', lang) });
  kv('about.tool', { v: `Tizilim ${o.version}` });
  rows.push([]);

  rows.push([{ v: L('about.rates'), s: 'subtitle' }]);
  const rates = input.rates;
  if (rates.length) {
    rows.push(['col.currency', 'col.rateDate', 'col.rate', 'col.quant', 'col.rateSource'].map((k) => ({ v: texts(`report.${k}`, langs), s: 'header' as const })));
    for (const p of rates) {
      rows.push([
        { v: p.currency, s: 'cell' },
        { v: new Date(p.date + 'T00:00:00Z'), fmt: FMT.date, s: 'cell' },
        { v: Number(p.rate), fmt: FMT.rate, s: 'cell' },
        { v: p.quant, fmt: FMT.count, s: 'cell' },
        { v: p.source, s: 'cell' },
      ]);
    }
  } else rows.push([{ v: t('report.about.noRates', lang), s: 'note' }]);
  rows.push([]);

  rows.push([{ v: L('about.checks'), s: 'subtitle' }]);
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of input.findings) c[f.severity]++;
  kv('about.errors', { v: c.error, fmt: FMT.count, s: c.error ? 'error' : 'cell' });
  kv('about.warnings', { v: c.warning, fmt: FMT.count });
  kv('about.info', { v: c.info, fmt: FMT.count });
  if (errors.length) {
    rows.push([{ v: t('report.about.withErrors', lang, { n: errors.length }), s: 'error' }]);
    rows.push(['col.cell', 'col.code', 'col.message'].map((k) => ({ v: texts(`report.${k}`, langs), s: 'header' as const })));
    for (const f of errors) {
      rows.push([
        { v: f.cell ? `${f.sheet}!${f.cell}` : f.sheet, s: 'cell' },
        { v: f.code, s: 'cell' },
        { v: findingMessage(f, lang), s: 'cell' },
      ]);
    }
  } else rows.push([{ v: t('report.about.noErrors', lang), s: 'note' }]);
  rows.push([]);

  rows.push([{ v: L('about.sheets'), s: 'subtitle' }]);
  for (const n of sheetNames) rows.push([{ v: n, s: 'cell' }]);
  return {
    name,
    role: 'about',
    widths: [40, 48, 16, 10, 28],
    rows,
    merges: [],
    print: { landscape: false, fitToWidth: true },
  };
}

/**
 * The ministry copy's sheets and properties. With open error findings and no confirmation it
 * refuses (the CLI exits 1); confirmed, the errors are stated on the About sheet.
 */
export function buildExport(input: ExportInput, o: ExportOptions): ExportResult {
  if (!isMonth(o.month)) throw new Error(`not a month: ${o.month}`);
  const langs = o.langs.length ? o.langs : DEFAULT_EXPORT_LANGS;
  const lang = langs[0];
  const errors = input.findings.filter((f) => f.severity === 'error');
  if (errors.length && !o.allowErrors) return { ok: false, problem: 'OPEN_ERRORS', errors };

  const snapshot = makeSnapshot(input.json, { month: o.month, reportDate: o.reportDate, tool: `tizilim ${o.version}` });
  const summary = buildPlans(
    { register: input.register, check: input.check, findings: input.findings },
    { lang, file: o.file, reportDate: o.reportDate, region: o.region, bilingual: exportBilingual(langs) },
    null,
  );
  const rates = new RatesUsed();
  for (const r of input.json.rows) rates.add(r.rates);
  const book = assembleExport({ sheet: input.register.sheet, totals: input.json.totals, rates: rates.list(), findings: input.findings }, summary, snapshot, o);
  return book.ok ? { ...book, snapshot } : book;
}

/** summary.ts writes its headings in Kazakh over Russian when bilingual — whenever both are asked for, whatever the order. */
export function exportBilingual(langs: readonly Lang[]): boolean {
  return langs.includes('kk') && langs.includes('ru');
}

/**
 * The copy around its summary sheets (as buildPlans or a streamed run gives them: a streamed run's
 * register and checks come as frames, their rows written as they come): the About sheet, the Changes
 * sheet against `current` when a previous snapshot is given, every plan cleaned, the properties.
 */
export function assembleExport(facts: ExportFacts, summary: SheetPlan[], current: Snapshot | null, o: ExportOptions):
  | ({ ok: true } & Omit<ExportBook, 'snapshot'>)
  | { ok: false; problem: 'OPEN_ERRORS'; errors: Finding[] } {
  if (!isMonth(o.month)) throw new Error(`not a month: ${o.month}`);
  const langs = o.langs.length ? o.langs : DEFAULT_EXPORT_LANGS;
  const opts = { ...o, langs };
  const lang = langs[0];
  const errors = facts.findings.filter((f) => f.severity === 'error');
  if (errors.length && !o.allowErrors) return { ok: false, problem: 'OPEN_ERRORS', errors };
  if (o.previous && !current) throw new Error('assembleExport: comparing with the previous snapshot needs this month\'s');
  const changes = o.previous && current ? compareSnapshots(o.previous, current) : null;
  // The summary's names stay as they are (its formulas name its sheets); ours give way on a clash.
  const taken = new Set(summary.map((p) => p.name.toLocaleLowerCase()));
  const aboutName = uniqueName(safeSheetName(t('report.sheet.about', lang)), taken);
  const body: SheetPlan[] = [...summary];
  if (changes) {
    const plan = changesPlan(changes, { langs, formulas: o.formulas });
    body.push({ ...plan, name: uniqueName(plan.name, taken) });
  }
  const names = [aboutName, ...body.map((p) => p.name)];
  const about = aboutPlan(facts, opts, names, aboutName, changes, errors);
  const plans = [about, ...body].map((p) => cleanPlan(p, { formulas: o.formulas }));
  return { ok: true, plans, properties: exportProperties(opts), fileName: exportFileName(o.regionCode, o.month), errors, changes };
}

/** The pipeline's result as the export's input. */
export function exportInput(res: Extract<PipelineResult, { ok: true }>): ExportInput {
  return { register: res.register, check: res.check, findings: res.findings, json: res.json };
}

/** The date a month is reported as of, unless told otherwise: its last day. */
export function defaultReportDate(month: string): string {
  return monthEnd(month);
}
