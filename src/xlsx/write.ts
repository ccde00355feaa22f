/**
 * ExcelJS adapter, writing: sheet plans → an .xlsx file, written whole or not at all.
 * A plan's `chart` is left out: ExcelJS cannot write charts (the add-in draws it with Office.js).
 */
import { promises as fs } from 'fs';
import ExcelJS from 'exceljs';
import { columnLetters } from '../core/grid/a1';
import { BORDER_COLOR, fitCellText, LOOKS, type CellStyle, type Look, type PlanCell, type PlanValidation, type SheetPlan } from '../core/report/plan';
import { writeAtomically } from './files';

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF' + BORDER_COLOR.slice(1) } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export interface XlsxLook {
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  border?: Partial<ExcelJS.Borders>;
  alignment?: Partial<ExcelJS.Alignment>;
}

const argb = (hex: string) => 'FF' + hex.slice(1).toUpperCase();
const H: Record<NonNullable<Look['h']>, ExcelJS.Alignment['horizontal']> = { left: 'left', center: 'center', right: 'right' };
const V: Record<NonNullable<Look['v']>, ExcelJS.Alignment['vertical']> = { top: 'top', center: 'middle', bottom: 'bottom' };

/** A named look of the plan (src/core/report/plan.ts LOOKS, which src/excel draws too) as ExcelJS styles, made once and shared by every cell. */
function xlsxLook(l: Look): XlsxLook {
  const out: XlsxLook = {};
  // A font with its name and size: a file's font without them is drawn in the reader's default face.
  const font: Partial<ExcelJS.Font> = { name: 'Calibri', family: 2, size: 11 };
  if (l.bold) font.bold = true;
  if (l.italic) font.italic = true;
  if (l.size) font.size = l.size;
  if (l.color) font.color = { argb: argb(l.color) };
  out.font = font;
  if (l.fill) out.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(l.fill) } };
  if (l.border) out.border = BOX;
  if (l.wrap || l.h || l.v) {
    out.alignment = {};
    if (l.wrap) out.alignment.wrapText = true;
    if (l.h) out.alignment.horizontal = H[l.h];
    if (l.v) out.alignment.vertical = V[l.v];
  }
  return out;
}

const STYLES = Object.fromEntries(Object.entries(LOOKS).map(([k, l]) => [k, xlsxLook(l)])) as Record<CellStyle, XlsxLook>;

/** The plan's looks as ExcelJS styles (shared objects: never change them). */
export function xlsxLooks(): Record<CellStyle, XlsxLook> {
  return STYLES;
}

function applyStyle(c: ExcelJS.Cell, s: CellStyle | undefined): void {
  if (!s) return;
  const st = STYLES[s];
  if (!st) return;
  if (st.font) c.font = st.font;
  if (st.fill) c.fill = st.fill;
  if (st.border) c.border = st.border;
  if (st.alignment) c.alignment = st.alignment;
}

/** A table column's name in the file: line breaks as OOXML escapes them (a raw one would be read as a space and not match its cell). */
export function tableColumnName(s: string): string {
  return s.replace(/\r/g, '_x000d_').replace(/\n/g, '_x000a_');
}

function cellValue(pc: PlanCell, sheetNames: Set<string>): ExcelJS.CellValue {
  if (pc.f) return { formula: pc.f, result: pc.v === null ? undefined : pc.v } as ExcelJS.CellFormulaValue;
  if (pc.link && typeof pc.v === 'string') {
    const target = pc.link.replace(/^#/, '');
    const sheet = /^'?(.*?)'?!/.exec(target)?.[1]?.replace(/''/g, "'");
    if (sheet && sheetNames.has(sheet)) return { text: fitCellText(pc.v), hyperlink: target } as ExcelJS.CellHyperlinkValue;
  }
  // Strings are written as text (shared strings): ExcelJS never turns them into formulas; within a cell's limit.
  return typeof pc.v === 'string' ? fitCellText(pc.v) : pc.v;
}

/** Render plans into a new workbook (in order). */
export function plansToWorkbook(plans: SheetPlan[], props: { title?: string; subject?: string } = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tizilim';
  wb.lastModifiedBy = 'Tizilim';
  if (props.title) wb.title = props.title;
  if (props.subject) wb.subject = props.subject;
  const names = new Set(plans.map((p) => p.name));
  for (const plan of plans) renderSheet(wb, plan, names);
  return wb;
}

function renderSheet(wb: ExcelJS.Workbook, plan: SheetPlan, names: Set<string>): void {
  const ws = wb.addWorksheet(plan.name);
  plan.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  if (plan.table) {
    const t = plan.table;
    const header = plan.rows[t.top - 1] ?? [];
    ws.addTable({
      name: t.name,
      ref: ws.getCell(t.top, t.left).address,
      headerRow: true,
      style: { theme: 'TableStyleLight9', showRowStripes: true },
      columns: Array.from({ length: t.right - t.left + 1 }, (_, i) => ({ name: tableColumnName(String(header[t.left - 1 + i]?.v ?? `Column${i + 1}`)), filterButton: true })),
      rows: plan.rows.slice(t.top, t.bottom).map((r) => Array.from({ length: t.right - t.left + 1 }, (_, i) => r[t.left - 1 + i]?.v ?? null)),
    });
  }
  plan.rows.forEach((cells, ri) => {
    cells.forEach((pc, ci) => {
      if (!pc) return;
      const c = ws.getCell(ri + 1, ci + 1);
      c.value = cellValue(pc, names);
      if (pc.fmt) c.numFmt = pc.fmt;
      applyStyle(c, pc.s);
    });
  });
  for (const m of plan.merges) ws.mergeCells(m.top, m.left, m.bottom, m.right);
  for (const [r, h] of Object.entries(plan.heights ?? {})) ws.getRow(Number(r)).height = h;
  const view: Partial<ExcelJS.WorksheetView> = plan.freeze ? { state: 'frozen', xSplit: plan.freeze.cols, ySplit: plan.freeze.rows } : {};
  if (plan.gridlines === false) view.showGridLines = false;
  if (Object.keys(view).length) ws.views = [view];
  const setup = pageSetup(plan);
  if (setup) ws.pageSetup = { ...ws.pageSetup, ...setup };
  renderValidations(ws, plan);
}

/** ExcelJS keeps a sheet's rules in `dataValidations` (not in its typings); a range address is written as one rule. */
type WithValidations = { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } };

/** A plan's rule as ExcelJS writes it: blanks allowed, the input message shown, a broken rule refused ("stop"). */
export function xlsxValidation(v: PlanValidation): ExcelJS.DataValidation {
  const bound = (x: number | string) => (v.type === 'date' ? new Date(String(x) + 'T00:00:00Z') : x);
  let formulae: unknown[];
  let operator: ExcelJS.DataValidationOperator | undefined;
  if (v.type === 'list') formulae = [v.source ?? `"${(v.items ?? []).join(',')}"`];
  else if (v.min !== undefined && v.max !== undefined) { operator = 'between'; formulae = [bound(v.min), bound(v.max)]; }
  else if (v.min !== undefined) { operator = 'greaterThanOrEqual'; formulae = [bound(v.min)]; }
  else { operator = 'lessThanOrEqual'; formulae = [bound(v.max ?? 0)]; }
  return {
    type: v.type, formulae, allowBlank: true, ...(operator ? { operator } : {}),
    ...(v.prompt ? { showInputMessage: true, promptTitle: v.prompt.title, prompt: v.prompt.text } : {}),
    showErrorMessage: true, errorStyle: 'stop', errorTitle: v.error.title, error: v.error.text,
  };
}

/** What a protected sheet still lets its user do: select, widen columns and rows, sort and filter. */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, sort: true, autoFilter: true,
};

function renderValidations(ws: ExcelJS.Worksheet, plan: SheetPlan): void {
  for (const v of plan.validations ?? []) {
    (ws as unknown as WithValidations).dataValidations.add(`${ws.getCell(v.top, v.left).address}:${ws.getCell(v.bottom, v.right).address}`, xlsxValidation(v));
  }
  if (!plan.protect) return;
  for (const b of plan.protect.unlocked) {
    for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) ws.getCell(r, c).protection = { locked: false };
  }
  // No password: the header is kept from slips of the hand, not from its user. protect() sets the sheet's
  // protection at once (its promise only reports it).
  void ws.protect('', { ...PROTECTION });
}

/** Write plans to `out` through a temporary file renamed into place: a failure leaves nothing behind. */
export async function writePlansFile(plans: SheetPlan[], out: string, props: { title?: string; subject?: string } = {}): Promise<void> {
  const wb = plansToWorkbook(plans, props);
  await writeAtomically(out, (tmp) => wb.xlsx.writeFile(tmp));
}

/** Write a text file (JSON) the same all-or-nothing way. */
export async function writeTextFile(out: string, text: string): Promise<void> {
  await writeAtomically(out, (tmp) => fs.writeFile(tmp, text, 'utf8'));
}

/** A plan's print setup as ExcelJS wants it: the in-memory and the streaming writers share it. */
export function pageSetup(plan: SheetPlan): Partial<ExcelJS.PageSetup> | undefined {
  if (!plan.print) return undefined;
  return {
    // The file format's codes: 8 A3, 9 A4 (ExcelJS's PaperSize lists no A3; it writes the number as given).
    paperSize: (plan.print.paper === 'A3' ? 8 : 9) as ExcelJS.PaperSize,
    orientation: plan.print.landscape ? 'landscape' : 'portrait',
    fitToPage: plan.print.fitToWidth,
    fitToWidth: plan.print.pagesWide ?? 1,
    fitToHeight: 0,
    horizontalCentered: !!plan.print.center,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: plan.print.repeatRows ? `${plan.print.repeatRows.from}:${plan.print.repeatRows.to}` : undefined,
    printTitlesColumn: plan.print.repeatCols ? `${columnLetters(plan.print.repeatCols.from)}:${columnLetters(plan.print.repeatCols.to)}` : undefined,
  };
}
