/**
 * Office.js adapter, the rates sheet: the National Bank's rates the workbook keeps (date, currency,
 * rate, quant, source — the columns the core's parseRatesTable reads in kk, ru and en).
 *
 * Two kinds of rates sheet are read: the tool's own (marked with role `rates`, like every sheet the
 * tool writes; the user may edit it) and a sheet of the user's named Бағамдар / Курсы / Rates. New
 * rates go only into the tool's sheet: it is made when there is none, and later rates are added
 * below what it holds — rows already there (the user's corrections included) are never rewritten.
 * The user's own rates sheet is only ever read.
 */
import { dateToSerial, type CellValue } from '../core/grid/grid';
import { t, text, type Lang } from '../core/words';
import type { PlanCell, SheetPlan } from '../core/report/plan';
import { readSheetGrid } from './read';
import { bareId, docRoles, excelApiSupported, RATES_SHEET_NAMES, ROLE_KEY, type ApiCheck } from './support';
import { cellInput, writePlans, type WriteReport } from './write';

/** The role of the tool's rates sheet. */
export const RATES_ROLE = 'rates';
export { RATES_SHEET_NAMES };

/** One rate as plain data (what the engine hands over; no Big). */
export interface RateRow {
  /** YYYY-MM-DD. */
  date: string;
  currency: string;
  /** Tenge per `quant` units, a decimal string as published ("76.71"). */
  quoted: string;
  quant: number;
  /** The file, the feed or the sheet it came from. */
  source: string;
}

/** A sheet of the workbook with the tool's mark (its role), if any. */
export interface SheetEntry {
  name: string;
  id: string;
  role: string | null;
  visibility: string;
}

/** Every sheet with its role: the worksheet mark (ExcelApi 1.12) or the document-property mark. Two syncs. */
export async function listSheets(context: Excel.RequestContext, supports: ApiCheck = excelApiSupported): Promise<SheetEntry[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id,items/visibility');
  const custom = context.workbook.properties.custom;
  custom.load('items/key,items/value');
  await context.sync();
  const marks = supports('1.12')
    ? sheets.items.map((ws) => {
        const p = ws.customProperties.getItemOrNullObject(ROLE_KEY);
        p.load('value');
        return p;
      })
    : null;
  if (marks) await context.sync();
  const doc = docRoles(custom.items);
  return sheets.items.map((ws, i) => ({
    name: ws.name,
    id: ws.id,
    visibility: ws.visibility,
    role: marks && !marks[i].isNullObject ? marks[i].value : doc.get(bareId(ws.id))?.role ?? null,
  }));
}

export interface RatesSheet {
  name: string;
  id: string;
  /** The tool's sheet (role `rates`), else a sheet of the user's with a rates name. */
  own: boolean;
}

/** The rates sheets: the tool's first, then the user's; `exclude` (the register's sheet) is left out. */
export function ratesSheetsOf(sheets: SheetEntry[], exclude?: string | null): RatesSheet[] {
  const ex = (exclude ?? '').toUpperCase();
  const names = RATES_SHEET_NAMES.map((n) => n.toUpperCase());
  const own = sheets.filter((s) => s.role === RATES_ROLE && s.name.toUpperCase() !== ex);
  const users = sheets.filter((s) => s.role === null && names.includes(s.name.toUpperCase()) && s.name.toUpperCase() !== ex);
  return [...own.map((s) => ({ name: s.name, id: s.id, own: true })), ...users.map((s) => ({ name: s.name, id: s.id, own: false }))];
}

/** The rates sheets' cells, as grids' values (dates as Date), the tool's first. */
export async function readRatesSheets(
  context: Excel.RequestContext,
  opts: { supports?: ApiCheck; exclude?: string | null } = {},
): Promise<(RatesSheet & { values: CellValue[][] })[]> {
  const supports = opts.supports ?? excelApiSupported;
  const found = ratesSheetsOf(await listSheets(context, supports), opts.exclude);
  const out: (RatesSheet & { values: CellValue[][] })[] = [];
  for (const s of found) {
    const grid = await readSheetGrid(context, context.workbook.worksheets.getItem(s.id), { supports });
    out.push({ ...s, values: grid.values });
  }
  return out;
}

/** The headings of the rates sheet (the words parseRatesTable reads in every language). */
const RATE_COLUMNS = ['rates.date', 'rates.currency', 'rates.rate', 'rates.quant', 'rates.source'];
const RATE_FORMATS = ['dd.mm.yyyy', '@', '#,##0.00##', '0', '@'];

function rateCells(r: RateRow): PlanCell[] {
  return [
    { v: new Date(`${r.date}T00:00:00Z`), fmt: RATE_FORMATS[0], s: 'cell' },
    { v: r.currency, s: 'cell' },
    { v: Number(r.quoted), fmt: RATE_FORMATS[2], s: 'cell' },
    { v: r.quant, fmt: RATE_FORMATS[3], s: 'cell' },
    { v: r.source, s: 'cell' },
  ];
}

const byDate = (a: RateRow, b: RateRow) => a.date.localeCompare(b.date) || a.currency.localeCompare(b.currency);

/** The tool's rates sheet as a plan (as `tizilim rates fetch` writes it into a workbook). */
export function ratesPlan(rates: RateRow[], lang: Lang): SheetPlan {
  return {
    name: t('sheet.rates', lang),
    role: RATES_ROLE,
    widths: [12, 10, 14, 8, 40],
    merges: [],
    freeze: { rows: 1, cols: 0 },
    rows: [RATE_COLUMNS.map((k) => ({ v: text(k, lang), s: 'header' as const })), ...[...rates].sort(byDate).map(rateCells)],
  };
}

export interface RatesWrite {
  /** The sheet the rates went into. */
  sheet: string;
  /** It was made now (there was no rates sheet of the tool's). */
  created: boolean;
  /** The write's report when the sheet was made. */
  report: WriteReport | null;
}

/**
 * Put rates into the tool's rates sheet: below what it holds (nothing there is rewritten), or a new
 * sheet when the tool has none (beside a user's sheet of the same name, ours takes a free name).
 */
export async function addRates(context: Excel.RequestContext, rows: RateRow[], opts: { lang: Lang; supports?: ApiCheck; exclude?: string | null }): Promise<RatesWrite> {
  const supports = opts.supports ?? excelApiSupported;
  const own = ratesSheetsOf(await listSheets(context, supports), opts.exclude).find((s) => s.own);
  if (!own) {
    const report = await writePlans(context, [ratesPlan(rows, opts.lang)], { supports, activate: false });
    return { sheet: report.sheets[0].name, created: true, report };
  }
  if (rows.length === 0) return { sheet: own.name, created: false, report: null };
  const ws = context.workbook.worksheets.getItem(own.id);
  const used = ws.getUsedRangeOrNullObject(true);
  used.load('rowIndex,rowCount');
  await context.sync();
  const start = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
  const sorted = [...rows].sort(byDate);
  const values = sorted.map((r) => rateCells(r).map((pc) => (pc.v instanceof Date ? dateToSerial(pc.v) : cellInput(pc))));
  const range = ws.getRangeByIndexes(start, 0, sorted.length, RATE_COLUMNS.length);
  range.numberFormat = sorted.map(() => RATE_FORMATS.map((f) => (f === '@' ? 'General' : f)));
  range.values = values;
  await context.sync();
  return { sheet: own.name, created: false, report: null };
}
