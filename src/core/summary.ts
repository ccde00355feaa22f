/**
 * Sheet plans for the monthly pack: the overview; the summaries by sector, investor, location, status
 * and month of agreement; the normalised register (an Excel table); the checks list. Summary figures
 * are live COUNTIFS/SUMIFS formulas over the register sheet, cached with results computed here
 * exactly, so any reader shows them and Excel or LibreOffice recalculates them to the same values.
 * Each summary has a control line (its groups minus the register's total: 0).
 *
 * The sheets are built in src/core/sheets/*; this module puts the pack together.
 */
import type { CheckResult } from './checks';
import type { Finding } from './findings';
import type { Grid } from './grid';
import type { Lang } from './i18n';
import { label } from './labels';
import { safeSheetName, type SheetPlan } from './plan';
import type { Register } from './register';
import { checksSheet } from './sheets/checks';
import { Words, type SummaryOptions } from './sheets/common';
import { collectFacts, groupSheet, type Dim } from './sheets/groups';
import { overviewSheet } from './sheets/overview';
import { registerSheet } from './sheets/register';

export { FMT, UNITS, UNIT_FORMATS, DEFAULT_UNITS, type Units, type SummaryOptions, type RegisterLayout } from './sheets/common';
export { safeCriterion } from './sheets/groups';

export interface SummaryInput {
  register: Register;
  check: CheckResult;
  findings: Finding[];
}

export interface SheetNames {
  overview: string;
  sector: string;
  investor: string;
  location: string;
  status: string;
  month: string;
  register: string;
  checks: string;
}

export function sheetNames(lang: Lang): SheetNames {
  const n = (key: string) => safeSheetName(label(key, lang));
  return {
    overview: n('sheet.overview'),
    sector: n('sheet.sector'),
    investor: n('sheet.investor'),
    location: n('sheet.location'),
    status: n('sheet.status'),
    month: n('sheet.month'),
    register: n('sheet.register'),
    checks: n('sheet.checks'),
  };
}

/** The summaries by one grouping, in workbook order after the overview. */
const GROUP_SHEETS: { dim: Dim; sheet: keyof SheetNames }[] = [
  { dim: 'sector', sheet: 'sector' },
  { dim: 'investor', sheet: 'investor' },
  { dim: 'location', sheet: 'location' },
  { dim: 'status', sheet: 'status' },
  { dim: 'month', sheet: 'month' },
];

/** All sheets of the pack, in workbook order. */
export function buildPlans(input: SummaryInput, opts: SummaryOptions, source: Grid | null): SheetPlan[] {
  const w = new Words(opts);
  const names = sheetNames(opts.lang);
  const facts = collectFacts(input.register, input.check, opts.lang);
  const { plan: reg, layout } = registerSheet(input, facts, opts, w, names.register);
  const groups = GROUP_SHEETS.map(({ dim, sheet }) => groupSheet(facts, opts, w, layout, {
    dim, name: names[sheet], role: `summary:${dim}`, titleKey: `title.${dim}`, groupLabelKey: `col.group.${dim}`,
  }));
  const sector = groups[0];
  const overview = overviewSheet(facts, input.findings, opts, w, layout, names.overview, {
    sectorSheet: sector.name,
    sectorFirst: (sector.freeze?.rows ?? 4) + 1,
    sectorGroups: facts.groups.sector.length,
    registerSheet: names.register,
  }, input.register.sheet);
  return [overview, ...groups, reg, checksSheet(input, opts, w, source, names.checks)];
}
