/** Findings are data: a fixed vocabulary of codes with positions; every front end shows the same list. */
import { formatFigure, t, text, type Lang, type Params } from './words';

/** Money and rates travel in parameters as plain decimal strings; messages show them as the language writes figures. */
const DECIMAL = /^-?\d+\.\d+$/;

export type Severity = 'error' | 'warning' | 'info';

export const FINDING_CODES = [
  'HEADER_MISSING',
  'HEADER_DUPLICATE',
  'MISSING_VALUE',
  'AMOUNT_UNREADABLE',
  'CELL_ERROR',
  'NUMBER_AS_TEXT',
  'CURRENCY_UNKNOWN',
  'CURRENCY_AMBIGUOUS',
  'CURRENCY_CONFLICT',
  'NEGATIVE_AMOUNT',
  'UNIT_SUSPECT',
  'PRECISION',
  'APPROXIMATE',
  'CROSS_RATE',
  'RATE_MISSING',
  'DATE_INVALID',
  'STATUS_UNKNOWN',
  'DUPLICATE_PROJECT',
  'TOTAL_MISMATCH',
  'CONTROL_MISMATCH',
  'TEXT_TOO_LONG',
  'TOTAL_DOUBTFUL',
  'NOTE_PROJECT_LIKE',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  severity: Severity;
  sheet: string;
  /** A1 address in the source sheet, null for a finding about the whole sheet. */
  cell: string | null;
  /** 1-based source row (line number for CSV). */
  row: number | null;
  /** Canonical field ("name", "KZT", "date", …). */
  field: string | null;
  /** The offending value as written. */
  value: string | null;
  /** Message parameters; field names and qualifiers are keys into WORDS, translated when worded. */
  params: Params;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings in a stable order: by row (sheet-level first), then column, then code. */
export function sortFindings(fs: Finding[]): Finding[] {
  return fs
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (a.f.row ?? 0) - (b.f.row ?? 0) || colOf(a.f.cell) - colOf(b.f.cell) || a.i - b.i)
    .map((x) => x.f);
}

function colOf(cell: string | null): number {
  if (!cell) return 0;
  const m = /^[A-Z]+/.exec(cell);
  if (!m) return 0;
  let n = 0;
  for (const ch of m[0]) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

/** The finding's message in a language; parameters named *Key are translated words. */
export function findingMessage(f: Finding, lang: Lang): string {
  const p: Params = {};
  for (const [k, v] of Object.entries(f.params)) {
    if (k.endsWith('Key') && typeof v === 'string') p[k.slice(0, -3)] = text(v, lang);
    else p[k] = typeof v === 'string' && DECIMAL.test(v) ? formatFigure(v, lang) : v;
  }
  if (f.field && p.field === undefined) p.field = text(`field.${f.field}`, lang);
  if (p.value === undefined) p.value = f.value;
  return t(`finding.${f.code}`, lang, p);
}

export function countBySeverity(fs: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of fs) c[f.severity]++;
  return c;
}
