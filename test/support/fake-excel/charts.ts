/**
 * The fake Excel, charts — the part tizilim uses: add, title, legend, series ranges and data labels,
 * category order, position. A chart's series ranges are bound to sheets as formulas are: they follow
 * a renamed sheet and read "#REF!" once it is deleted (Excel's behaviour, not in the Office.js
 * reference); `chartPoints()` of the host tells what a chart plots.
 */
import type { FakeRequestContext } from './context';
import { fail } from './errors';
import { colLetters, isUnbounded, parseRef, splitSheet } from './geometry';
import type { ChartM, SheetM } from './model';
import { FakeCollection, FakeObject } from './proxy';
import type { FakeRange } from './range';
import { liveSheet } from './worksheets';

const CHART_TYPES = ['ColumnClustered', 'ColumnStacked', 'BarClustered', 'BarStacked', 'Line', 'LineMarkers', 'Pie', 'Doughnut', 'Area', 'XYScatter'];

class FakeChartTitle extends FakeObject<ChartM> {
  readonly _type = 'ChartTitle';
  protected readonly _scalars = ['text', 'visible'] as const;
  protected _read(c: ChartM, prop: string): unknown {
    return prop === 'text' ? c.title : c.title !== '';
  }
  get text(): string { return this._get('text'); }
  set text(v: string) { this._set('text', v, (c) => (c.title = String(v))); }
}

class FakeChartLegend extends FakeObject<ChartM> {
  readonly _type = 'ChartLegend';
  protected readonly _scalars = ['visible'] as const;
  protected _read(c: ChartM): unknown {
    return c.legendVisible;
  }
  get visible(): boolean { return this._get('visible'); }
  set visible(v: boolean) { this._set('visible', v, (c) => (c.legendVisible = !!v)); }
}

class FakeChartAxis extends FakeObject<ChartM> {
  readonly _type = 'ChartAxis';
  protected readonly _scalars = ['reversePlotOrder'] as const;
  protected _read(c: ChartM): unknown {
    return c.reversePlotOrder;
  }
  get reversePlotOrder(): boolean { return this._get('reversePlotOrder'); }
  set reversePlotOrder(v: boolean) {
    this._set('reversePlotOrder', v, (c) => {
      this.context.requireApi('1.7', 'ChartAxis.reversePlotOrder');
      c.reversePlotOrder = !!v;
    });
  }
}

class FakeChartAxes {
  readonly categoryAxis: FakeChartAxis;
  constructor(ctx: FakeRequestContext, owner: () => ChartM) {
    this.categoryAxis = new FakeChartAxis(ctx, owner);
  }
}

class FakeChartSeries extends FakeObject<{ chart: ChartM; index: number }> {
  readonly _type = 'ChartSeries';
  protected readonly _scalars = ['name', 'hasDataLabels'] as const;
  private s(t: { chart: ChartM; index: number }) {
    const x = t.chart.series[t.index];
    if (!x) fail('ItemNotFound', 'The series does not exist.', 'ChartSeries');
    return x;
  }
  protected _read(t: { chart: ChartM; index: number }, prop: string): unknown {
    const x = this.s(t);
    return prop === 'name' ? x.name : x.hasDataLabels;
  }
  get name(): string { return this._get('name'); }
  set name(v: string) { this._set('name', v, (t) => (this.s(t).name = String(v))); }
  get hasDataLabels(): boolean { return this._get('hasDataLabels'); }
  set hasDataLabels(v: boolean) {
    this._set('hasDataLabels', v, (t) => {
      this.context.requireApi('1.7', 'ChartSeries.hasDataLabels');
      this.s(t).hasDataLabels = !!v;
    });
  }
  setValues(source: FakeRange): void {
    this._call('setValues', ['<range>'], (t) => {
      this.context.requireApi('1.7', 'ChartSeries.setValues');
      this.s(t).values = { sheet: liveSheet(source._t().sheet), rect: { ...source._t().rect } };
    });
  }
  setXAxisValues(source: FakeRange): void {
    this._call('setXAxisValues', ['<range>'], (t) => {
      this.context.requireApi('1.7', 'ChartSeries.setXAxisValues');
      this.s(t).xValues = { sheet: liveSheet(source._t().sheet), rect: { ...source._t().rect } };
    });
  }
}

class FakeChartSeriesCollection {
  readonly _type = 'ChartSeriesCollection';
  constructor(readonly context: FakeRequestContext, private readonly owner: () => ChartM) {}
  getItemAt(index: number): FakeChartSeries {
    return new FakeChartSeries(this.context, () => {
      const c = this.owner();
      return c.series[index] ? { chart: c, index } : null;
    }, false, ['getItemAt', index]);
  }
}

class FakeChart extends FakeObject<ChartM> {
  readonly _type = 'Chart';
  protected readonly _scalars = ['name', 'chartType'] as const;
  private _title?: FakeChartTitle;
  private _legend?: FakeChartLegend;
  private _series?: FakeChartSeriesCollection;
  private _axes?: FakeChartAxes;
  protected _read(c: ChartM, prop: string): unknown {
    if (c.deleted) fail('ItemNotFound', 'The chart was deleted.');
    return prop === 'name' ? c.name : c.type;
  }
  protected override _nav(name: string) {
    if (name === 'title') return this.title;
    if (name === 'legend') return this.legend;
    return undefined;
  }
  get name(): string { return this._get('name'); }
  set name(v: string) { this._set('name', v, (c) => (c.name = String(v))); }
  get chartType(): string { return this._get('chartType'); }
  get title(): FakeChartTitle { return (this._title ??= new FakeChartTitle(this.context, () => this._t())); }
  get legend(): FakeChartLegend { return (this._legend ??= new FakeChartLegend(this.context, () => this._t())); }
  get series(): FakeChartSeriesCollection { return (this._series ??= new FakeChartSeriesCollection(this.context, () => this._t())); }
  get axes(): FakeChartAxes { return (this._axes ??= new FakeChartAxes(this.context, () => this._t())); }
  setPosition(startCell: FakeRange | string, endCell?: FakeRange | string): void {
    const at = (x: FakeRange | string | undefined) => (x === undefined ? undefined : typeof x === 'string' ? x : '<range>');
    this._call('setPosition', [at(startCell), at(endCell)], (c) => {
      const cellOf = (x: FakeRange | string): string => {
        const rect = typeof x === 'string' ? parseRef(splitSheet(x).ref) : x._t().rect;
        return `${colLetters(rect.c0)}${rect.r0 + 1}`;
      };
      const from = cellOf(startCell);
      c.position = { from, to: endCell === undefined ? from : cellOf(endCell) };
    });
  }
  delete(): void {
    this._call('delete', [], (c) => (c.deleted = true));
  }
}

export class FakeCharts extends FakeCollection<SheetM, FakeChart> {
  readonly _type = 'ChartCollection';
  protected _list(sh: SheetM): unknown[] {
    return sh.charts.filter((c) => !c.deleted);
  }
  protected _wrap(item: unknown): FakeChart {
    return new FakeChart(this.context, () => item as ChartM);
  }
  /** Like Excel: one series per column of the source (seriesBy "Columns"), or per row ("Rows"). */
  add(type: string, sourceData: FakeRange, seriesBy: string = 'Auto'): FakeChart {
    let made: ChartM | null = null;
    const p = new FakeChart(this.context, () => made);
    this.context.enqueue(['add', type, '<range>', seriesBy], () => {
      const sh = liveSheet(this._owner());
      if (!CHART_TYPES.includes(type)) fail('InvalidArgument', `"${type}" is not a chart type the fake Excel knows.`, 'ChartCollection.add');
      const src = sourceData._t();
      liveSheet(src.sheet);
      if (isUnbounded(src.rect)) fail('InvalidArgument', 'A chart cannot take whole rows or columns as its source here.', 'ChartCollection.add');
      const byRows = seriesBy === 'Rows';
      const n = byRows ? src.rect.r1 - src.rect.r0 + 1 : src.rect.c1 - src.rect.c0 + 1;
      const series = Array.from({ length: n }, (_, i) => ({
        name: `Series${i + 1}`,
        values: { sheet: src.sheet, rect: byRows ? { ...src.rect, r0: src.rect.r0 + i, r1: src.rect.r0 + i } : { ...src.rect, c0: src.rect.c0 + i, c1: src.rect.c0 + i } },
        xValues: null,
        hasDataLabels: false,
      }));
      let k = sh.charts.length + 1;
      while (sh.charts.some((c) => c.name === `Chart ${k}`)) k++;
      made = { name: `Chart ${k}`, type, title: '', legendVisible: true, series, reversePlotOrder: false, position: null, deleted: false };
      sh.charts.push(made);
      p._bind();
    });
    return p;
  }
  getItem(name: string): FakeChart {
    return new FakeChart(this.context, () => (this._owner().charts.find((c) => !c.deleted && c.name === name) ?? null), false, ['getItem', name]);
  }
}
