/**
 * Sheet plans for the monthly pack: the overview; the summaries by sector, investor, location, status
 * and month of agreement; the normalised register (an Excel table); the checks list. Summary figures
 * are live COUNTIFS/SUMIFS formulas over the register sheet, cached with results computed here
 * exactly, so any reader shows them and Excel or LibreOffice recalculates them to the same values.
 * Each summary has a control line (its groups minus the register's total: 0).
 *
 * The sheets are built in src/core/sheets/*; this module puts the pack together.
 */
import type { CheckResult } from '../checks/checks';
import { countBySeverity, type Finding, type Severity } from '../checks/findings';
import type { Grid } from '../grid/grid';
import { t, text, type Lang } from '../words';
import { safeSheetName, type SheetPlan } from './plan';
import type { Register } from '../register/register';
import { checksSheet } from './sheets/checks';
import { Words, type RegisterLayout, type SummaryOptions } from './sheets/common';
import { collectFacts, groupSheet, type Dim, type Facts } from './sheets/groups';
import { overviewSheet } from './sheets/overview';
import { registerSheet } from './sheets/register';

export { FMT, UNITS, UNIT_FORMATS, DEFAULT_UNITS, type Units, type SummaryOptions, type RegisterLayout } from './sheets/common';
export { safeCriterion, FactsBuilder, type Facts } from './sheets/groups';
export { RegisterSheet } from './sheets/register';
export { ChecksSheet } from './sheets/checks';

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
  const n = (key: string) => safeSheetName(text(key, lang));
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
  const { plan: reg, layout } = registerSheet(input, opts, w, names.register);
  return [...summaryPlans(facts, countBySeverity(input.findings), opts, w, layout, input.register.sheet), reg, checksSheet(input, opts, w, source, names.checks)];
}

/**
 * The overview and the summaries by each grouping (in workbook order), from the facts and the
 * register sheet's layout: what a streamed run builds at its end. `regions`: a consolidation's sheet by region comes first.
 */
export function summaryPlans(facts: Facts, counts: Record<Severity, number>, opts: SummaryOptions, w: Words, layout: RegisterLayout, sourceSheet: string, regions = false): SheetPlan[] {
  const names = sheetNames(opts.lang);
  const specs = regions ? [{ dim: 'region' as Dim, sheet: 'region' as const }, ...GROUP_SHEETS] : GROUP_SHEETS;
  const groups = specs.map(({ dim, sheet }) => groupSheet(facts, opts, w, layout, {
    dim, name: sheet === 'region' ? regionSheetName(opts.lang) : names[sheet], role: `summary:${dim}`, titleKey: `title.${dim}`, groupLabelKey: `col.group.${dim}`,
  }));
  const sector = groups[regions ? 1 : 0];
  const overview = overviewSheet(facts, counts, opts, w, layout, names.overview, {
    sectorSheet: sector.name,
    sectorFirst: (sector.freeze?.rows ?? 4) + 1,
    sectorGroups: facts.groups.sector.length,
    registerSheet: names.register,
  }, sourceSheet);
  return [overview, ...groups];
}

/** The summary by region's sheet name (a consolidation of several registers). */
export function regionSheetName(lang: Lang): string {
  return safeSheetName(t('sheet.region', lang));
}
