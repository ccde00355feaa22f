/**
 * Office.js adapter, drill-down: the selected cell's figure → the register rows behind it
 * (src/core/report/drill.ts finds them from the cell's formula).
 *
 * Reads, in few syncs: the selected cell (Workbook.getSelectedRange, ExcelApi 1.1: one cell, else
 * NOT_ONE_CELL; several areas make Excel throw, which is the same answer), the cells of its sheet the
 * formula points at (values and formulas: the group label a criterion reads; the figures a total line
 * sums, then the labels those read — never the whole sheet, which for investors of a large register
 * holds many thousands of formulas), the workbook's date system (DATE(1904,1,1) through Workbook.functions, ExcelApi 1.2, as read.ts asks
 * it), then of each register sheet the formula reads only its header row and the columns the
 * formula tests and sums (plus the №, name and source columns shown), a block of rows at a time so
 * no response nears Excel on the web's 5 MB.
 */
import { columnLetters } from '../core/grid/a1';
import { drillDown, drillNeeds, localRefs, registerColumns, SHOWN_KEYS, type Drill, type LocalRect, type RegisterCells, type SummaryCells } from '../core/report/drill';
import { REG_HEADER_ROW } from '../core/report/sheets/register';
import type { ApiCheck } from './support';

/** Rows read per request: of the summary sheet's cells in all, of the register's few columns each (10 000 names and sources are about 1 MB). */
export const DRILL_BLOCK_ROWS = 10000;
/** At most this many rows are listed (their №, name and source read); the count and sum cover them all. */
export const DRILL_LISTED = 200;
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
  /**
   * The rows listed whose source cell links into this workbook (the writer links it only when the register
   * was read from a sheet of this workbook): only those get a link to their source, never a sheet of the
   * same name when the register came from a file.
   */
  sourceLinks: number[];
}

function bare(address: string): string {
  const at = address.lastIndexOf('!');
  return at < 0 ? address : address.slice(at + 1);
}

/** One number for a cell, row and column (1-based; a column is at most 16 384), to key the cells read. */
const cellKey = (r: number, c: number): number => r * 20000 + c;

/** Reads cells of the summary sheet, a block at a time, keeping what it has read (values and formulas). */
class SummaryReader {
  private readonly values = new Map<number, unknown>();
  private readonly formulas = new Map<number, unknown>();
  private readonly rowsRead = new Map<number, Set<number>>();
  constructor(private readonly context: Excel.RequestContext, private readonly ws: Excel.Worksheet) {}

  private key(r: number, c: number): number {
    return cellKey(r, c);
  }

  /** Read the cells not read yet (runs of rows per column, DRILL_BLOCK_ROWS cells a request); returns the formulas found in them. */
  async read(rects: LocalRect[]): Promise<string[]> {
    const want = new Map<number, Set<number>>();
    for (const rect of rects) {
      for (let c = rect.c0; c <= rect.c1; c++) {
        let done = this.rowsRead.get(c);
        if (!done) this.rowsRead.set(c, (done = new Set()));
        let rows = want.get(c);
        for (let r = rect.r0; r <= rect.r1; r++) {
          if (done.has(r)) continue;
          done.add(r);
          if (!rows) want.set(c, (rows = new Set()));
          rows.add(r);
        }
      }
    }
    // Consecutive rows of a column make one range, at most DRILL_BLOCK_ROWS long.
    const runs: { c: number; from: number; to: number }[] = [];
    for (const [c, set] of want) {
      const rows = [...set].sort((x, y) => x - y);
      let from = rows[0];
      let to = from;
      for (const r of rows.slice(1)) {
        if (r === to + 1 && r - from < DRILL_BLOCK_ROWS) to = r;
        else {
          runs.push({ c, from, to });
          from = to = r;
        }
      }
      if (rows.length) runs.push({ c, from, to });
    }
    const found: string[] = [];
    for (let i = 0; i < runs.length;) {
      const batch: { r0: number; c: number; range: Excel.Range }[] = [];
      let cells = 0;
      while (i < runs.length && (batch.length === 0 || cells + runs[i].to - runs[i].from + 1 <= DRILL_BLOCK_ROWS) && batch.length < 1000) {
        const run = runs[i++];
        const range = this.ws.getRange(`${columnLetters(run.c)}${run.from}:${columnLetters(run.c)}${run.to}`);
        range.load('values,formulas');
        batch.push({ r0: run.from, c: run.c, range });
        cells += run.to - run.from + 1;
      }
      await this.context.sync();
      for (const p of batch) {
        p.range.values.forEach((row, k) => this.values.set(this.key(p.r0 + k, p.c), row[0]));
        p.range.formulas.forEach((row, k) => {
          const f = row[0];
          this.formulas.set(this.key(p.r0 + k, p.c), f);
          if (typeof f === 'string' && f.startsWith('=')) found.push(f);
        });
      }
    }
    return found;
  }

  cells(): SummaryCells {
    return {
      value: (r, c) => this.values.get(this.key(r, c)),
      formula: (r, c) => this.formulas.get(this.key(r, c)),
    };
  }
}

/** The rows behind the figure of the selected cell. */
export async function drillSelection(context: Excel.RequestContext, supports: ApiCheck): Promise<DrillRead> {
  const wb = context.workbook;
  const sel = wb.getSelectedRange();
  // The selection's size only: a large selection (Ctrl+A in the register) is not read, only its first cell.
  sel.load('address,cellCount,rowIndex,columnIndex');
  const top = sel.getCell(0, 0);
  top.load('formulas,values');
  const ws = sel.worksheet;
  ws.load('name');
  const probe = supports('1.2') ? wb.functions.date(1904, 1, 1) : null;
  probe?.load('value');
  try {
    await context.sync();
  } catch {
    // Several areas selected (or a chart): Excel refuses getSelectedRange.
    return { sheet: null, cell: null, label: null, drill: { ok: false, problem: 'NOT_ONE_CELL' }, lastColumn: null, sourceLinks: [] };
  }
  const sheet = ws.name;
  const cell = bare(sel.address);
  if (sel.cellCount !== 1) return { sheet, cell, label: null, drill: { ok: false, problem: 'NOT_ONE_CELL' }, lastColumn: null, sourceLinks: [] };
  const date1904 = probe !== null && probe.value === 0;
  const formula = top.formulas[0][0];
  const value = top.values[0][0];
  const row = sel.rowIndex + 1;
  // The summary sheet's cells the figure points at (labels; a total line's figures and theirs), and column A of its row.
  const reader = new SummaryReader(context, ws);
  let formulas = [typeof formula === 'string' ? formula : ''];
  const first: LocalRect = { r0: row, c0: 1, r1: row, c1: 1 };
  for (let depth = 0; depth < 4 && formulas.length; depth++) {
    const rects = formulas.flatMap((f) => localRefs(f));
    if (depth === 0) rects.push(first);
    formulas = await reader.read(rects);
  }
  const summary = reader.cells();
  const a = summary.value(row, 1);
  const label = sel.columnIndex > 0 && typeof a === 'string' && a.trim() ? a : null;
  const needs = drillNeeds(formula, summary, date1904);
  if (!needs.ok) return { sheet, cell, label, drill: { ok: false, problem: needs.problem }, lastColumn: null, sourceLinks: [] };

  // The register sheets' headers first: they tell which columns hold the №, the name and the source.
  const heads = needs.needs.map((n) => {
    const s = wb.worksheets.getItemOrNullObject(n.sheet);
    const header = s.getRange(`A${REG_HEADER_ROW}:${columnLetters(HEADER_WIDTH)}${REG_HEADER_ROW}`);
    header.load('values');
    return { n, s, header };
  });
  await context.sync();
  const registers = new Map<string, RegisterCells>();
  const shownCells = new Map<string, { cols: number[]; data: Map<number, unknown> }>();
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
    // The columns the formula tests and sums, every row of its ranges.
    const data = new Map<number, unknown[]>(n.columns.map((c) => [c, []]));
    for (let from = n.first; from <= n.last; from += DRILL_BLOCK_ROWS) {
      const to = Math.min(n.last, from + DRILL_BLOCK_ROWS - 1);
      const blocks = n.columns.map((c) => {
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
    // The №, name and source columns are read afterwards, for the rows listed only.
    const shown = { cols: SHOWN_KEYS.map((k) => cols[k]).filter((c) => c && !n.columns.includes(c)), data: new Map<number, unknown>() };
    shownCells.set(n.sheet, shown);
    registers.set(n.sheet, {
      header: head,
      cell: (row, col) => (data.has(col) ? data.get(col)?.[row - n.first] ?? null : shown.data.get(cellKey(row, col)) ?? null),
    });
  }
  const ask = () => drillDown({ formula, value, summary, registers: (name) => registers.get(name) ?? null, date1904 });
  let drill = ask();
  const sourceLinks: number[] = [];
  if (drill.ok && drill.sheet !== null && drill.rows.length) {
    const shown = shownCells.get(drill.sheet);
    const s = wb.worksheets.getItem(drill.sheet);
    const rows = drill.rows.slice(0, DRILL_LISTED).map((r) => r.row);
    const sourceCol = registerColumns(registers.get(drill.sheet)?.header ?? []).source;
    const links = sourceCol ? rows.map((r) => {
      const c = s.getCell(r - 1, sourceCol - 1);
      c.load('hyperlink');
      return { r, c };
    }) : [];
    if (shown && shown.cols.length) {
      // Consecutive rows make one range per column.
      const runs: { from: number; to: number }[] = [];
      for (const r of rows) {
        const run = runs[runs.length - 1];
        if (run && r === run.to + 1) run.to = r;
        else runs.push({ from: r, to: r });
      }
      const reads = runs.flatMap((run) => shown.cols.map((c) => {
        const range = s.getRange(`${columnLetters(c)}${run.from}:${columnLetters(c)}${run.to}`);
        range.load('values');
        return { run, c, range };
      }));
      await context.sync();
      for (const { run, c, range } of reads) range.values.forEach((v, k) => shown.data.set(cellKey(run.from + k, c), v[0]));
      drill = ask();
    } else if (links.length) await context.sync();
    for (const { r, c } of links) if (c.hyperlink?.documentReference) sourceLinks.push(r);
  }
  return { sheet, cell, label, drill, lastColumn, sourceLinks };
}
