/**
 * Office.js adapter, drill-down: the selected cell's figure → the register rows behind it
 * (src/core/report/drill.ts finds them from the cell's formula).
 *
 * Reads, in few syncs: the selected cell (Workbook.getSelectedRange, ExcelApi 1.1: one cell, else
 * NOT_ONE_CELL; several areas make Excel throw, which is the same answer), its sheet's used range
 * (values and formulas: the group labels a criterion points at, the figures a total line sums), the
 * workbook's date system (DATE(1904,1,1) through Workbook.functions, ExcelApi 1.2, as read.ts asks
 * it), then of each register sheet the formula reads only its header row and the columns the
 * formula tests and sums (plus the №, name and source columns shown), a block of rows at a time so
 * no response nears Excel on the web's 5 MB.
 */
import { columnLetters } from '../core/grid/a1';
import { drillDown, drillNeeds, registerColumns, SHOWN_KEYS, type Drill, type RegisterCells } from '../core/report/drill';
import { REG_HEADER_ROW } from '../core/report/sheets/register';
import type { ApiCheck } from './support';

/** Rows of one column read per request. */
export const DRILL_BLOCK_ROWS = 20000;
/** The register's header is read this wide (the register sheet has about 22 columns). */
const HEADER_WIDTH = 60;

export interface DrillRead {
  /** The selected cell ("C7") and its sheet; null when the selection could not be read. */
  sheet: string | null;
  cell: string | null;
  /** What the figure's row is about: the text in column A of its row (a group's label, "Барлығы"), else null. */
  label: string | null;
  drill: Drill;
  /** The register row's cells to select for a row (its last column's letter), when a register sheet was read. */
  lastColumn: string | null;
}

function bare(address: string): string {
  const at = address.lastIndexOf('!');
  return at < 0 ? address : address.slice(at + 1);
}

/** The rows behind the figure of the selected cell. */
export async function drillSelection(context: Excel.RequestContext, supports: ApiCheck): Promise<DrillRead> {
  const wb = context.workbook;
  const sel = wb.getSelectedRange();
  sel.load('address,cellCount,formulas,values,rowIndex');
  const ws = sel.worksheet;
  ws.load('name');
  const used = ws.getUsedRangeOrNullObject();
  used.load('values,formulas,rowIndex,columnIndex');
  const probe = supports('1.2') ? wb.functions.date(1904, 1, 1) : null;
  probe?.load('value');
  try {
    await context.sync();
  } catch {
    // Several areas selected (or a chart): Excel refuses getSelectedRange.
    return { sheet: null, cell: null, label: null, drill: { ok: false, problem: 'NOT_ONE_CELL' }, lastColumn: null };
  }
  const sheet = ws.name;
  const cell = bare(sel.address);
  if (sel.cellCount !== 1) return { sheet, cell, label: null, drill: { ok: false, problem: 'NOT_ONE_CELL' }, lastColumn: null };
  const date1904 = probe !== null && probe.value === 0;
  const summary = used.isNullObject
    ? { values: [], formulas: [], top: 1, left: 1 }
    : { values: used.values, formulas: used.formulas, top: used.rowIndex + 1, left: used.columnIndex + 1 };
  const first = summary.left === 1 ? summary.values[sel.rowIndex + 1 - summary.top]?.[0] : undefined;
  const label = typeof first === 'string' && first.trim() ? first : null;
  const formula = sel.formulas[0][0];
  const value = sel.values[0][0];
  const needs = drillNeeds(formula, summary, date1904);
  if (!needs.ok) return { sheet, cell, label, drill: { ok: false, problem: needs.problem }, lastColumn: null };

  // The register sheets' headers first: they tell which columns hold the №, the name and the source.
  const heads = needs.needs.map((n) => {
    const s = wb.worksheets.getItemOrNullObject(n.sheet);
    const header = s.getRange(`A${REG_HEADER_ROW}:${columnLetters(HEADER_WIDTH)}${REG_HEADER_ROW}`);
    header.load('values');
    return { n, s, header };
  });
  await context.sync();
  const registers = new Map<string, RegisterCells>();
  let lastColumn: string | null = null;
  for (const { n, s, header } of heads) {
    if (s.isNullObject) continue;
    const head = header.values[0];
    const cols = registerColumns(head);
    let last = 0;
    head.forEach((v, i) => {
      if (v !== '' && v !== null) last = i + 1;
    });
    if (last > 0) lastColumn = columnLetters(last);
    const columns = [...n.columns];
    for (const k of SHOWN_KEYS) if (cols[k] && !columns.includes(cols[k])) columns.push(cols[k]);
    const data = new Map<number, unknown[]>(columns.map((c) => [c, []]));
    for (let from = n.first; from <= n.last; from += DRILL_BLOCK_ROWS) {
      const to = Math.min(n.last, from + DRILL_BLOCK_ROWS - 1);
      const blocks = columns.map((c) => {
        const r = s.getRange(`${columnLetters(c)}${from}:${columnLetters(c)}${to}`);
        r.load('values');
        return { c, r };
      });
      await context.sync();
      for (const { c, r } of blocks) {
        const list = data.get(c) as unknown[];
        for (const row of r.values) list.push(row[0]);
      }
    }
    registers.set(n.sheet, {
      header: head,
      cell: (row, col) => data.get(col)?.[row - n.first] ?? null,
    });
  }
  const drill = drillDown({ formula, value, summary, registers: (name) => registers.get(name) ?? null, date1904 });
  return { sheet, cell, label, drill, lastColumn };
}
