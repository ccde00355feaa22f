/**
 * Office.js writer, objects over written cells: a sheet's table (over data already written) and its
 * chart (drawn last, once every sheet it plots is written; its series ranges then follow a renamed
 * sheet as formulas do). A chart is optional: should a host refuse it, the sheets stand without it.
 */
import type { PlanChart, SheetPlan } from '../../core/report/plan';
import { utf8Length } from '../support';
import { ACTION_BYTES, type Op } from './batches';
import { a1 } from './rects';

const TABLE_STYLE = 'TableStyleLight9';
const CHART_TYPES: Record<PlanChart['type'], 'BarClustered' | 'ColumnClustered' | 'Pie'> = { bar: 'BarClustered', column: 'ColumnClustered', pie: 'Pie' };

/** The plan's table, named `tableName` (free in the workbook), banded, in the tool's style. */
export function tableOp(sheetOf: () => Excel.Worksheet, t: NonNullable<SheetPlan['table']>, tableName: string): Op {
  return {
    bytes: 6 * ACTION_BYTES + 100,
    run() {
      const ws = sheetOf();
      const table = ws.tables.add(ws.getRange(a1({ r0: t.top - 1, c0: t.left - 1, r1: t.bottom - 1, c1: t.right - 1 })), true);
      table.name = tableName;
      table.style = TABLE_STYLE;
      table.showBandedRows = true;
    },
  };
}

/** The plan's chart on sheet `sheetOf()`, plotting `vals` against `cats` (sheet references with the sheets' final names). */
export function chartOp(
  context: Excel.RequestContext,
  sheetOf: () => Excel.Worksheet | null,
  chart: PlanChart,
  cats: { sheet: string; ref: string },
  vals: { sheet: string; ref: string },
  failed: (e: unknown) => void,
): Op {
  return {
    bytes: 16 * ACTION_BYTES + 2 * utf8Length(chart.title + chart.series + chart.categories + chart.values) + 200,
    optional: { failed },
    run() {
      const ws = sheetOf();
      if (!ws) return;
      const sheets = context.workbook.worksheets;
      const values = sheets.getItem(vals.sheet).getRange(vals.ref);
      const ch = ws.charts.add(CHART_TYPES[chart.type], values, 'Columns');
      ch.name = 'Tizilim';
      ch.title.text = chart.title;
      ch.legend.visible = false;
      const series = ch.series.getItemAt(0);
      series.name = chart.series;
      series.setXAxisValues(sheets.getItem(cats.sheet).getRange(cats.ref));
      series.hasDataLabels = true;
      // Bars from the top down in the table's order (largest first).
      if (chart.type === 'bar') ch.axes.categoryAxis.reversePlotOrder = true;
      ch.setPosition(chart.anchor.from, chart.anchor.to);
    },
  };
}
