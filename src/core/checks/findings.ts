/** Findings are data: a fixed vocabulary of codes (findings-catalogue.ts) with positions; every front end shows the same list. */
import { FINDINGS, severityOf, type FindingCode, type Severity } from './findings-catalogue';
import { refColumn } from '../grid/a1';
import { formatFigure, t, text, type Lang, type Params } from '../words';

/** Money and rates travel in parameters as plain decimal strings; messages show them as the language writes figures. */
const DECIMAL = /^-?\d+\.\d+$/;

export type { Severity, FindingCode } from './findings-catalogue';
export { FINDING_CODES, FINDINGS, severityOf } from './findings-catalogue';

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

/** Where a finding is and what it is about; the code decides the severity. */
export interface FindingAt {
  sheet: string;
  cell: string | null;
  row: number | null;
  field: string | null;
  value: string | null;
  params?: Params;
}

/** The one way to make a finding: only a catalogued code, with the catalogue's severity. */
export function raise(code: FindingCode, at: FindingAt): Finding {
  return { code, severity: severityOf(code, at.field), sheet: at.sheet, cell: at.cell, row: at.row, field: at.field, value: at.value, params: at.params ?? {} };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings in a stable order: by row (sheet-level first), then column, then code. */
export function sortFindings(fs: Finding[]): Finding[] {
  return fs
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (a.f.row ?? 0) - (b.f.row ?? 0) || colOf(a.f.cell) - colOf(b.f.cell) || a.i - b.i)
    .map((x) => x.f);
}

const colOf = (cell: string | null): number => (cell ? refColumn(cell) : 0);

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
  return t(`finding.${FINDINGS[f.code].message}`, lang, p);
}

export function countBySeverity(fs: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of fs) c[f.severity]++;
  return c;
}
