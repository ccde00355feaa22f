/**
 * A workbook as ExcelJS reads it back, in plain data a test can compare: each cell (its type, value,
 * formula and cached result, number format and look), a sheet's merges, widths, print setup and
 * tables. Shared by the tests that prove two writers give the same workbook (the streamed summary
 * against the in-memory one, the streamed ministry copy against ExcelJS's).
 */
import ExcelJS from 'exceljs';

/** One cell as a reader sees it: a formula's value is its formula and cached result, a date its ISO text. */
export function cellLook(c: ExcelJS.Cell): Record<string, unknown> {
  const v = c.value as unknown;
  const st = c.style ?? {};
  return {
    type: c.type,
    value: v instanceof Date ? v.toISOString() : v && typeof v === 'object' && 'formula' in v ? null : v ?? null,
    formula: c.formula ?? null,
    result: c.type === ExcelJS.ValueType.Formula ? (c as unknown as { model: { result?: unknown } }).model.result ?? null : null,
    numFmt: st.numFmt ?? null,
    font: st.font ? JSON.stringify(st.font, Object.keys(st.font).sort()) : null,
    fill: st.fill ? JSON.stringify(st.fill) : null,
    border: st.border ? JSON.stringify(st.border, ['top', 'left', 'bottom', 'right', 'style', 'color', 'argb']) : null,
    alignment: st.alignment ? JSON.stringify(st.alignment, Object.keys(st.alignment).sort()) : null,
  };
}

/**
 * Every cell of a sheet by its address (cellLook, with what `more` adds to each), and the rows' heights
 * where they are set.
 */
export function cellsOf(ws: ExcelJS.Worksheet, more: (c: ExcelJS.Cell) => Record<string, unknown> = () => ({})): { cells: Record<string, unknown>; heights: Record<number, number> } {
  const cells: Record<string, unknown> = {};
  const heights: Record<number, number> = {};
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    if (row.height) heights[n] = row.height;
    row.eachCell({ includeEmpty: true }, (c) => {
      cells[c.address] = { ...cellLook(c), ...more(c) };
    });
  });
  return { cells, heights };
}

/** The print setup: paper, orientation, fit, centring, margins, and the rows and columns repeated on every page. */
export function pageLook(ws: ExcelJS.Worksheet): Record<string, unknown> {
  const ps = ws.pageSetup;
  return {
    orientation: ps.orientation, paperSize: ps.paperSize ?? null, fitToPage: !!ps.fitToPage, fitToWidth: ps.fitToWidth, fitToHeight: ps.fitToHeight,
    center: !!ps.horizontalCentered, margins: ps.margins, titles: ps.printTitlesRow ?? null, titleColumns: ps.printTitlesColumn ?? null,
  };
}

export function mergesOf(ws: ExcelJS.Worksheet): string[] {
  return [...((ws.model as unknown as { merges: string[] }).merges ?? [])].sort();
}

export function widthsOf(ws: ExcelJS.Worksheet): (number | null)[] {
  return (ws.columns ?? []).map((c) => c.width ?? null);
}

/** The sheet's Excel tables: name, range and column names. */
export function tablesOf(ws: ExcelJS.Worksheet): { name: string; ref: string; columns: string[] }[] {
  return Object.values((ws as unknown as { tables: Record<string, { table: { name: string; tableRef: string; columns: { name: string }[] } }> }).tables ?? {})
    .map((t) => ({ name: t.table.name, ref: t.table.tableRef, columns: t.table.columns.map((c) => c.name) }));
}
