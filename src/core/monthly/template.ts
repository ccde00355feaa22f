/**
 * Next month's register template: a sheet with the register's canonical header in the chosen
 * language (or several, one over the other), this month's projects carried over as the register
 * holds them, and Excel's own checks on what is typed below — lists for sector, status and
 * currency, money and jobs at least zero, a date from 1991 to the month's end — with input messages
 * in the user's language and a protected header. A Lists sheet holds the lists too long to write
 * inline. Pure core: the plans are rendered by src/xlsx/write.ts.
 */
import type Big from 'big.js';
import { checkRegister, type CheckOptions } from '../checks/checks';
import type { Finding } from '../checks/findings';
import type { RateTable } from '../rates/rates';
import { columnLetters } from '../grid/a1';
import { isCellError, type CellValue } from '../grid/grid';
import { text, type Lang } from '../words';
import { CURRENCIES } from '../money/money';
import { safeSheetName, sheetRef, type PlanBlock, type PlanCell, type PlanValidation, type PlanValue, type SheetPlan } from '../report/plan';
import { STATUS_CODES, type Field, type MoneyField, type Register, type RegisterRow } from '../register/register';
import { isMonth, monthEnd } from './snapshot';

/** The template's own words, kk / ru / en (to be folded into src/core/words/). */

/** The template's words: the catalogue's "template.*" keys. */
export function tword(key: string, lang: Lang, params: Record<string, string | number> = {}): string {
  return text(`template.${key}`, lang, params);
}

/** A column of the template: a register field (or the agreement's currency) and how wide it is. */
type TemplateKey = Extract<Field, 'number' | 'name' | 'investor' | 'country' | 'sector' | 'location' | 'status' | 'date' | 'jobs' | 'notes'> | MoneyField | 'currency';
/** Money columns other than tenge and yuan: the template has them only when the register has them, after yuan. */
const OTHER_MONEY = ['USD', 'EUR', 'RUB', 'value'] as const;
const COLUMNS: { key: TemplateKey; width: number }[] = [
  { key: 'number', width: 6 }, { key: 'name', width: 44 }, { key: 'investor', width: 30 }, { key: 'country', width: 12 },
  { key: 'sector', width: 22 }, { key: 'location', width: 24 }, { key: 'status', width: 18 }, { key: 'date', width: 13 },
  { key: 'KZT', width: 22 }, { key: 'CNY', width: 18 }, { key: 'currency', width: 10 }, { key: 'jobs', width: 10 }, { key: 'notes', width: 30 },
];

/** The earliest agreement date the template takes: the tenge and the Republic's registers start in 1991. */
export const TEMPLATE_FIRST_DATE = '1991-01-01';
/** Rows below the carried-over projects that get the rules too, for the month's new projects. */
export const TEMPLATE_ROOM = 1000;
/** Excel's limit on an inline list's source (counted here with its quotes, to be safe). */
export const INLINE_LIST_MAX = 255;
export const TEMPLATE_HEADER_ROW = 3;

export const FMT_MONEY = '#,##0.00';
export const FMT_JOBS = '#,##0';
export const FMT_DATE = 'dd.mm.yyyy';

export interface TemplateOptions {
  /** The month the template is for, YYYY-MM (the dates it takes end with it). */
  month: string;
  /** The sheets' language: the messages, and the header's first line. */
  lang: Lang;
  /** The header's languages, one line each (default [lang]). */
  headings?: Lang[];
}

export interface Template {
  plans: SheetPlan[];
  /** The register sheet's name, its header row and the rows carried over. */
  sheet: string;
  headerRow: number;
  carried: number;
  /** The lists as written (the Lists sheet's columns, in the order sector, status, currency). */
  lists: { sector: string[]; status: string[]; currency: string[] };
}

function headerLabel(key: TemplateKey, langs: Lang[]): string {
  const one = (l: Lang) => {
    if (key === 'currency') return tword('col.currency', l);
    if (key === 'number') return text('col.no', l);
    if (key === 'value') return tword('col.value', l);
    if (key === 'USD' || key === 'EUR' || key === 'RUB') return `${tword('col.value', l)}, ${key}`;
    return text(`col.${key}`, l);
  };
  return [...new Set(langs.map(one))].join('\n');
}

/** A cell of the source register as the template keeps it: text stays text (never a formula), an error value its text. */
function keep(v: CellValue | undefined): PlanValue {
  if (v === undefined || v === null) return null;
  if (isCellError(v)) return v.error;
  return v;
}

/** A figure in whole units, kept exactly: a number when a double holds it to the last digit, else its decimal text. */
function figure(x: Big): PlanValue {
  const n = Number(x.toFixed());
  return Number.isFinite(n) && String(n) === x.toFixed() ? n : x.toFixed();
}

/**
 * A money cell carried over: the amount the register states, in whole units of its currency (the
 * register's "млрд" heading is not the template's); a qualified one ("свыше 5 млрд") as text with its
 * qualifier in the sheets' language ("свыше 5000000000"); a figure whose cell named a currency other than
 * its column's, with that currency ("5000000 USD"); a cell the reader could not read as it is.
 */
function money(row: RegisterRow, f: MoneyField, lang: Lang): PlanValue {
  const a = row.amounts[f];
  if (!a) return null;
  if (!a.ok) return keep(row.cells[f]);
  const n = figure(a.amount);
  // A currency named in the cell that is not its column's ("5 млн USD" under tenge) stays named.
  const text = a.currencyInCell && a.currencyInCell !== f ? `${a.amount.toFixed()} ${a.currencyInCell}` : null;
  if (a.qualifier) return tword(`qualifier.${a.qualifier}`, lang, { n: text ?? a.amount.toFixed() });
  return text ?? n;
}

function carriedValue(row: RegisterRow, key: TemplateKey, lang: Lang): PlanValue {
  switch (key) {
    case 'currency': return null;
    case 'sector': return row.sector;
    case 'status': return keep(row.cells.status);
    case 'date': return row.date.ok ? new Date(row.date.iso + 'T00:00:00Z') : keep(row.cells.date);
    case 'KZT': case 'CNY': case 'USD': case 'EUR': case 'RUB': case 'value': return money(row, key, lang);
    case 'jobs': return row.jobs !== null && row.jobsQualifier === null ? row.jobs : keep(row.cells.jobs);
    default: return keep(row.cells[key]);
  }
}

/** Distinct non-empty texts, in first-seen order (case and spaces as written). */
function distinct(xs: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of xs) {
    const t = x?.trim();
    if (t && !seen.has(t)) { seen.add(t); out.push(t); }
  }
  return out;
}

/** The template for `opts.month` from this month's register. */
export function buildTemplate(reg: Register, opts: TemplateOptions): Template {
  if (!isMonth(opts.month)) throw new Error(`not a month: ${opts.month}`);
  const lang = opts.lang;
  const langs = opts.headings?.length ? opts.headings : [lang];
  const end = monthEnd(opts.month);
  const projects = reg.rows.filter((r) => r.kind === 'project');
  const has = new Set(reg.header.columns.map((c) => c.field));
  const others = OTHER_MONEY.filter((f) => has.has(f));
  const cny = COLUMNS.findIndex((c) => c.key === 'CNY') + 1;
  const columns = [...COLUMNS.slice(0, cny), ...others.map((key) => ({ key, width: 18 })), ...COLUMNS.slice(cny)];
  const col = (k: TemplateKey) => columns.findIndex((c) => c.key === k) + 1;

  const lists = {
    sector: distinct(projects.map((r) => r.sector)),
    status: distinct([...STATUS_CODES.map((c) => text(`status.${c}`, lang)), ...projects.map((r) => (typeof r.cells.status === 'string' ? r.cells.status : null))]),
    currency: [...CURRENCIES] as string[],
  };
  const listsName = safeSheetName(tword('sheet.lists', lang));
  const sheet = safeSheetName(tword('sheet.template', lang, { month: opts.month }));
  const h = TEMPLATE_HEADER_ROW;
  const last = h + projects.length + TEMPLATE_ROOM;

  // The Lists sheet: one column per list, its heading in row 1 (kept, like the header, from slips of the hand).
  const listKeys = ['sector', 'status', 'currency'] as const;
  const listRows: (PlanCell | null)[][] = [listKeys.map((k) => ({ v: headerLabel(k, [lang]), s: 'header' as const }))];
  const longest = Math.max(...listKeys.map((k) => lists[k].length));
  for (let i = 0; i < longest; i++) listRows.push(listKeys.map((k) => (i < lists[k].length ? { v: lists[k][i], s: 'cell' as const } : null)));
  const listsPlan: SheetPlan = { name: listsName, role: 'template:lists', widths: [28, 28, 10], rows: listRows, merges: [], freeze: { rows: 1, cols: 0 }, protect: { unlocked: [] } };

  const block = (k: TemplateKey): PlanBlock => ({ top: h + 1, left: col(k), bottom: last, right: col(k) });
  const errorOf = (key: string, params: Record<string, string> = {}) => ({ title: tword('error.title', lang), text: tword(key, lang, params) });
  const promptOf = (k: TemplateKey, params: Record<string, string> = {}) => ({ title: headerLabel(k, [lang]).slice(0, 32), text: tword(`prompt.${k}`, lang, params) });
  const listRule = (k: 'sector' | 'status' | 'currency', i: number): PlanValidation | null => {
    const items = lists[k];
    if (!items.length) return null;
    const inline = items.join(',').length + 2 <= INLINE_LIST_MAX && items.every((x) => !/[",]/.test(x));
    const letter = columnLetters(i + 1);
    return {
      ...block(k), type: 'list', prompt: promptOf(k), error: errorOf('error.list'),
      ...(inline ? { items } : { source: sheetRef(listsName, `$${letter}$2:$${letter}$${items.length + 1}`) }),
    };
  };
  const dates = { from: TEMPLATE_FIRST_DATE, to: end };
  const validations: PlanValidation[] = [
    ...listKeys.map((k, i) => listRule(k, i)).filter((v): v is PlanValidation => v !== null),
    { ...block('KZT'), type: 'decimal', min: 0, prompt: promptOf('KZT'), error: errorOf('error.money') },
    { ...block('CNY'), type: 'decimal', min: 0, prompt: promptOf('CNY'), error: errorOf('error.money') },
    ...others.filter((k) => k !== 'value').map((k): PlanValidation => ({
      ...block(k), type: 'decimal', min: 0, error: errorOf('error.money'),
      prompt: { title: headerLabel(k, [lang]).slice(0, 32), text: tword('prompt.other', lang, { currency: k }) },
    })),
    { ...block('jobs'), type: 'whole', min: 0, prompt: promptOf('jobs'), error: errorOf('error.jobs') },
    { ...block('date'), type: 'date', min: TEMPLATE_FIRST_DATE, max: end, prompt: promptOf('date', dates), error: errorOf('error.date', dates) },
  ];

  const fmt: Partial<Record<TemplateKey, string>> = { KZT: FMT_MONEY, CNY: FMT_MONEY, USD: FMT_MONEY, EUR: FMT_MONEY, RUB: FMT_MONEY, value: FMT_MONEY, jobs: FMT_JOBS, date: FMT_DATE };
  const rows: (PlanCell | null)[][] = [
    [{ v: tword('title', lang, { month: opts.month }), s: 'title' }],
    [],
    columns.map((c) => ({ v: headerLabel(c.key, langs), s: 'header' as const })),
  ];
  for (const r of projects) {
    rows.push(columns.map((c) => {
      const v = carriedValue(r, c.key, lang);
      const f = fmt[c.key];
      return v === null && !f ? null : { v, ...(f ? { fmt: f } : {}), s: 'cell' as const };
    }));
  }
  // The empty rows below get the number formats too, so a figure typed there shows as the others do.
  const formats = Object.entries(fmt).map(([k, f]) => ({ col: col(k as TemplateKey), f: f as string })).filter((x) => x.col > 0);
  for (let r = h + projects.length + 1; r <= last; r++) {
    const cells: (PlanCell | null)[] = columns.map(() => null);
    for (const x of formats) cells[x.col - 1] = { v: null, fmt: x.f };
    rows.push(cells);
  }
  const plan: SheetPlan = {
    name: sheet, role: 'template', widths: columns.map((c) => c.width), rows, merges: [],
    freeze: { rows: h, cols: 0 }, heights: langs.length > 1 ? { [h]: 30 } : undefined,
    validations, protect: { unlocked: [{ top: h + 1, left: 1, bottom: last, right: columns.length }] },
  };
  return { plans: [plan, listsPlan], sheet, headerRow: h, carried: projects.length, lists };
}

/** A file name without its folder and its last extension ("folder/register-2025-10.xlsx" → "register-2025-10"), as Node's path.basename(f, path.extname(f)). */
function stem(file: string): string {
  const base = file.replace(/^.*[\\/]/, '');
  return base.replace(/(.)\.[^.]*$/, '$1');
}

/**
 * The template's file name beside its register ("register-2025-10.template-2025-11.xlsx") and its
 * document properties (the title in the sheets' language, the register's file name as the subject):
 * the CLI and the add-in name and label the same workbook the same way.
 */
export function templateFile(register: string, month: string, lang: Lang): { fileName: string; title: string; subject: string } {
  return { fileName: `${stem(register) || 'register'}.template-${month}.xlsx`, title: tword('title', lang, { month }), subject: register.replace(/^.*[\\/]/, '') };
}

/**
 * The register's errors that travel into the template with their values: those on a project's row. A
 * total row and the control figures do not carry over, so their findings end with this month.
 */
export function carriedErrors(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error' && f.code !== 'TOTAL_MISMATCH' && f.code !== 'CONTROL_MISMATCH' && f.row !== null);
}

/** What `tizilim template` and the pane's Export step make of a register: the template, named, and the errors that travel with it. */
export interface MadeTemplate extends Template {
  fileName: string;
  title: string;
  subject: string;
  /** The register's findings, checked as of the template month's last day. */
  findings: Finding[];
  /** Those of them that carry over (carriedErrors). */
  carriedErrors: Finding[];
}

/**
 * The template of a register read from `file`, as the CLI and the add-in both make it: the register
 * checked as of the template month's last day (a date after it is in the future for the template too;
 * its errors on project rows travel with their values), the template built, and its name and properties.
 */
export function makeTemplate(reg: Register, rates: RateTable, file: string, opts: TemplateOptions, check: Omit<CheckOptions, 'today'> = {}): MadeTemplate {
  const findings = checkRegister(reg, rates, { ...check, today: monthEnd(opts.month) }).findings;
  const t = buildTemplate(reg, opts);
  return { ...t, ...templateFile(file, opts.month, opts.lang), findings, carriedErrors: carriedErrors(findings) };
}
