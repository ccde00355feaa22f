/** ExcelJS adapter, writing: sheet plans → an .xlsx file, written whole or not at all. */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { CellStyle, PlanCell, SheetPlan } from '../core/plan';
import { InputError } from '../core/problems';

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF8A8886' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** How each named look of a plan is drawn in a file. */
const STYLES: Record<CellStyle, { font?: Partial<ExcelJS.Font>; fill?: string; border?: boolean; wrap?: boolean }> = {
  title: { font: { bold: true, size: 14 } },
  subtitle: { font: { italic: true, size: 10 } },
  unit: { font: { italic: true, size: 10, color: { argb: 'FF605E5C' } } },
  header: { font: { bold: true }, fill: 'FFE1DFDD', border: true, wrap: true },
  cell: { border: true },
  total: { font: { bold: true }, fill: 'FFF3F2F1', border: true },
  control: { font: { italic: true, size: 9, color: { argb: 'FF605E5C' } } },
  note: { font: { italic: true } },
  error: { font: { bold: true, color: { argb: 'FFA4262C' } }, border: true },
  warning: { font: { color: { argb: 'FF8A5A00' } }, border: true },
  info: { font: { color: { argb: 'FF005A9E' } }, border: true },
};

function applyStyle(c: ExcelJS.Cell, s: CellStyle | undefined): void {
  if (!s) return;
  const st = STYLES[s];
  if (st.font) c.font = st.font;
  if (st.fill) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: st.fill } };
  if (st.border) c.border = BOX;
  if (st.wrap) c.alignment = { wrapText: true, vertical: 'top' };
}

function cellValue(pc: PlanCell, sheetNames: Set<string>): ExcelJS.CellValue {
  if (pc.f) return { formula: pc.f, result: pc.v === null ? undefined : pc.v } as ExcelJS.CellFormulaValue;
  if (pc.link && typeof pc.v === 'string') {
    const target = pc.link.replace(/^#/, '');
    const sheet = /^'?(.*?)'?!/.exec(target)?.[1]?.replace(/''/g, "'");
    if (sheet && sheetNames.has(sheet)) return { text: pc.v, hyperlink: target } as ExcelJS.CellHyperlinkValue;
  }
  // Strings are written as text (shared strings): ExcelJS never turns them into formulas.
  return pc.v;
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
      columns: Array.from({ length: t.right - t.left + 1 }, (_, i) => ({ name: String(header[t.left - 1 + i]?.v ?? `Column${i + 1}`), filterButton: true })),
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
  if (plan.freeze) ws.views = [{ state: 'frozen', xSplit: plan.freeze.cols, ySplit: plan.freeze.rows }];
  if (plan.print) {
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: 9,
      orientation: plan.print.landscape ? 'landscape' : 'portrait',
      fitToPage: plan.print.fitToWidth,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: plan.print.repeatRows ? `${plan.print.repeatRows.from}:${plan.print.repeatRows.to}` : undefined,
    };
  }
}

/** Write plans to `out` through a temporary file renamed into place: a failure leaves nothing behind. */
export async function writePlansFile(plans: SheetPlan[], out: string, props: { title?: string; subject?: string } = {}): Promise<void> {
  const wb = plansToWorkbook(plans, props);
  const dir = path.dirname(path.resolve(out));
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await wb.xlsx.writeFile(tmp);
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new InputError({ key: 'OUTPUT_FAILED', params: { file: out, reason: (e as Error).message } });
  }
}

/** Write a text file (JSON) the same all-or-nothing way. */
export async function writeTextFile(out: string, text: string): Promise<void> {
  const dir = path.dirname(path.resolve(out));
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(tmp, text, 'utf8');
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new InputError({ key: 'OUTPUT_FAILED', params: { file: out, reason: (e as Error).message } });
  }
}
