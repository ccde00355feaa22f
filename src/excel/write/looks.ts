/**
 * Office.js writer, how a sheet looks: the plan's named styles (src/core/report/plan.ts LOOKS) drawn on
 * ranges as src/xlsx draws them, number formats, and the layout op (column widths, row heights,
 * gridlines, merges, frozen panes, print setup).
 */
import { columnLetters } from '../../core/grid/a1';
import { BORDER_COLOR, type Look, type SheetPlan } from '../../core/report/plan';
import type { ApiCheck } from '../support';
import { ACTION_BYTES, type Op } from './batches';
import { a1 } from './rects';

const LINK_COLOR = '#0563C1';

// ---------------------------------------------------------------------------------------------
// Looks: the named styles of a plan (src/core/report/plan.ts LOOKS), drawn as src/xlsx draws them

const H_ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
const V_ALIGN = { top: 'Top', center: 'Center', bottom: 'Bottom' } as const;

/** Queue a look on a range. */
export function applyLook(range: Excel.Range, look: Look, link: boolean, rows: number, cols: number): void {
  const f = range.format;
  if (look.bold) f.font.bold = true;
  if (look.italic) f.font.italic = true;
  if (look.size) f.font.size = look.size;
  if (link) {
    f.font.color = LINK_COLOR;
    f.font.underline = 'Single';
  } else if (look.color) f.font.color = look.color;
  if (look.fill) f.fill.color = look.fill;
  if (look.wrap) f.wrapText = true;
  if (look.h) f.horizontalAlignment = H_ALIGN[look.h];
  if (look.v) f.verticalAlignment = V_ALIGN[look.v];
  if (look.border) {
    const sides: ('EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical')[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
    if (rows > 1) sides.push('InsideHorizontal');
    if (cols > 1) sides.push('InsideVertical');
    for (const side of sides) {
      const b = f.borders.getItem(side);
      b.style = 'Continuous';
      b.color = BORDER_COLOR;
    }
  }
}

export function lookActions(look: Look, link: boolean): number {
  return 1 + (look.bold ? 1 : 0) + (look.italic ? 1 : 0) + (look.size ? 1 : 0) + (look.color ? 1 : 0) + (link ? 2 : 0) + (look.fill ? 1 : 0) + (look.wrap ? 1 : 0) + (look.h ? 1 : 0) + (look.v ? 1 : 0) + (look.border ? 12 : 0);
}

/** Office.js takes one value for every cell of a range (documented: "set the property to a single value"); its typings only know 2D arrays. */
export function setNumberFormatAll(range: Excel.Range, fmt: string): void {
  (range as unknown as { numberFormat: string }).numberFormat = fmt;
}

/** Plan widths are in characters (Calibri 11: 7 px each plus 5 px padding); Office.js wants points (¾ px). */
export function widthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** The layout of a sheet: column widths, row heights, gridlines, merges, frozen panes, print setup. */
export function layoutOp(plan: SheetPlan, sheetOf: () => Excel.Worksheet, supports: ApiCheck): Op {
  const widthRuns: { c0: number; c1: number; w: number }[] = [];
  plan.widths.forEach((w, c) => {
    const last = widthRuns[widthRuns.length - 1];
    if (last && last.w === w && last.c1 === c - 1) last.c1 = c;
    else if (w > 0) widthRuns.push({ c0: c, c1: c, w });
  });
  // Row heights, consecutive rows of one height in one call.
  const heightRuns: { r0: number; r1: number; h: number }[] = [];
  for (const [row, h] of Object.entries(plan.heights ?? {}).map(([k, v]) => [Number(k), v] as const).sort((a, b) => a[0] - b[0])) {
    const last = heightRuns[heightRuns.length - 1];
    if (last && last.h === h && last.r1 === row - 1) last.r1 = row;
    else if (h > 0) heightRuns.push({ r0: row, r1: row, h });
  }
  return {
    bytes: (widthRuns.length * 2 + heightRuns.length * 2 + plan.merges.length * 2 + 12) * (ACTION_BYTES + 30),
    run() {
      const ws = sheetOf();
      for (const run of widthRuns) ws.getRange(`${columnLetters(run.c0 + 1)}:${columnLetters(run.c1 + 1)}`).format.columnWidth = widthPoints(run.w);
      for (const run of heightRuns) ws.getRange(`${run.r0}:${run.r1}`).format.rowHeight = run.h;
      if (supports('1.8')) ws.showGridlines = plan.gridlines !== false;
      for (const m of plan.merges) ws.getRange(a1({ r0: m.top - 1, c0: m.left - 1, r1: m.bottom - 1, c1: m.right - 1 })).merge(false);
      const fr = plan.freeze;
      if (fr && fr.rows > 0 && fr.cols > 0) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, fr.rows, fr.cols));
      else if (fr && fr.rows > 0) ws.freezePanes.freezeRows(fr.rows);
      else if (fr && fr.cols > 0) ws.freezePanes.freezeColumns(fr.cols);
      const pr = plan.print;
      if (pr && supports('1.9')) {
        ws.pageLayout.paperSize = pr.paper === 'A3' ? 'A3' : 'A4';
        if (pr.landscape) ws.pageLayout.orientation = 'Landscape';
        if (pr.center) ws.pageLayout.centerHorizontally = true;
        // `pagesWide` pages wide (default one), as many tall as needed (0 = no limit, as fitToHeight=0 in the file format).
        if (pr.fitToWidth) ws.pageLayout.zoom = { horizontalFitToPages: pr.pagesWide ?? 1, verticalFitToPages: 0 };
        if (pr.repeatRows) ws.pageLayout.setPrintTitleRows(`$${pr.repeatRows.from}:$${pr.repeatRows.to}`);
        if (pr.repeatCols) ws.pageLayout.setPrintTitleColumns(`$${columnLetters(pr.repeatCols.from)}:$${columnLetters(pr.repeatCols.to)}`);
      }
    },
  };
}
