/**
 * The fake Excel, the host: `FakeExcel` — `run(batch)` gives a RequestContext, the sync
 * records, forced failures, and the snapshots tests assert on (cells, sheets, charts, formula cells
 * with the engine's binding beside the fake's own scan).
 */
import { bindFormulas, type BrokenReference, displayFormula } from './calc';
import { type FakeExcelOptions, FakeRequestContext, type FakeStats, type SyncRecord, versionAtLeast } from './context';
import { formatText } from './display';
import { fail } from './errors';
import { fireSelectionChanged } from './events';
import { fillSheet, type SheetData } from './fixtures';
import type { RangeT } from './format';
import { colLetters, parseRef, rectA1, rectAddress, splitSheet } from './geometry';
import { cellValue } from './input';
import { type CellM, type ChartM, type FakeHyperlink, getCell, newSheet, type SheetM, usedRect, type WorkbookM } from './model';
import { readGrid } from './range';
import type { FakeSettings } from './settings';
import { checkSheetName, findSheet } from './worksheets';

export interface FakeOfficeNamespace {
  context: {
    host: string | null; displayLanguage: string; requirements: { isSetSupported(name: string, version?: string): boolean }; document?: { url?: string; settings?: FakeSettings };
    /** Office.context.platform and Office.context.diagnostics (host, platform, version) as Office reports them. */
    platform?: string | null; diagnostics?: { host: string; platform: string; version: string };
  };
  HostType: { Excel: string };
  onReady(cb?: (info: { host: string | null; platform: string | null }) => void): Promise<{ host: string | null; platform: string | null }>;
}

/** An in-memory workbook and an `Excel` namespace (`run`) working on it. */
export class FakeExcel {
  readonly model: WorkbookM;
  readonly stats: FakeStats = { syncs: 0, records: [], maxRequestBytes: 0, totalRequestBytes: 0 };
  requestLimit: number;
  responseLimit: number;
  readonly apiVersion: string;
  readonly macrotaskSyncs: boolean;
  readonly platform: 'web' | 'desktop';
  private forced: { code: string; when: (n: number, r: SyncRecord) => boolean; times: number }[] = [];
  /** What the task pane or the adapter gets as `Excel`. */
  readonly Excel: {
    run<T>(batchOrOptions: unknown, batch?: (context: FakeRequestContext) => Promise<T>): Promise<T>;
    /** Excel.createWorkbook (ExcelApi 1.8): opens a new workbook from an .xlsx as base64; this one is untouched. */
    createWorkbook(base64?: string): Promise<void>;
    ErrorCodes: Record<string, string>;
  };
  /** The workbooks `Excel.createWorkbook` opened (their base64, "" for an empty one), in order. */
  readonly createdWorkbooks: string[] = [];

  constructor(opts: FakeExcelOptions = {}) {
    this.macrotaskSyncs = opts.macrotaskSyncs ?? false;
    this.platform = opts.platform ?? 'desktop';
    this.requestLimit = opts.requestLimit ?? 5 * 1024 * 1024;
    this.responseLimit = opts.responseLimit ?? 5 * 1024 * 1024;
    this.apiVersion = opts.apiVersion ?? '1.17';
    this.model = {
      name: opts.workbookName ?? 'Book1.xlsx', sheets: [], active: null, docProps: {}, customDocProps: new Map(), names: new Map(),
      calculationMode: 'Automatic', nextSheetId: 1, nextTableId: 1, suspendedSyncs: 0, calc: null,
    };
    this.Excel = {
      run: <T>(a: unknown, b?: (context: FakeRequestContext) => Promise<T>) => this.run<T>((typeof a === 'function' ? a : b) as (context: FakeRequestContext) => Promise<T>),
      createWorkbook: async (base64?: string) => {
        if (!this.isSetSupported('ExcelApi', '1.8')) fail('ApiNotFound', 'The API you are trying to use could not be found (Excel.createWorkbook, ExcelApi 1.8).', 'createWorkbook');
        // A real Excel refuses what is not a workbook; a zip's base64 starts with "UEsDB" (PK\x03\x04).
        if (base64 !== undefined && base64 !== '' && !base64.startsWith('UEsDB')) fail('InvalidArgument', 'The argument is not a workbook.', 'createWorkbook');
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        this.createdWorkbooks.push(base64 ?? '');
      },
      ErrorCodes: {
        accessDenied: 'AccessDenied', apiNotFound: 'ApiNotFound', generalException: 'GeneralException', insertDeleteConflict: 'InsertDeleteConflict',
        invalidArgument: 'InvalidArgument', invalidOperation: 'InvalidOperation', invalidReference: 'InvalidReference', invalidSelection: 'InvalidSelection', itemAlreadyExists: 'ItemAlreadyExists',
        itemNotFound: 'ItemNotFound', requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded', responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded',
        propertyNotLoaded: 'PropertyNotLoaded',
      },
    };
  }

  /** `Excel.run`: a fresh context for the batch; pending actions are synced when it resolves. */
  async run<T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> {
    const ctx = new FakeRequestContext(this);
    const p = batch(ctx) as unknown;
    if (!p || typeof (p as Promise<T>).then !== 'function') fail('RunMustReturnPromise', 'The batch function passed to the ".run" method didn\'t return a promise.');
    try {
      const result = await (p as Promise<T>);
      if (ctx.hasPending()) await ctx.sync();
      return result;
    } finally {
      ctx.closed = true;
    }
  }

  /** A context outside `run` (for tests that drive the adapter directly). */
  newContext(): FakeRequestContext {
    return new FakeRequestContext(this);
  }

  isSetSupported(name: string, version = '1.1'): boolean {
    return name === 'ExcelApi' ? versionAtLeast(this.apiVersion, version) : false;
  }

  /** Fail the next sync(s) matching `when` with `code` (nothing of the batch is applied). */
  failSync(code: string, when: (syncNumber: number, r: SyncRecord) => boolean = () => true, times = 1): void {
    this.forced.push({ code, when, times });
  }

  takeForcedFailure(r: SyncRecord): string | null {
    for (const f of this.forced) {
      if (f.times > 0 && f.when(this.stats.syncs, r)) {
        f.times--;
        return f.code;
      }
    }
    return null;
  }

  record(r: SyncRecord): void {
    this.stats.syncs++;
    this.stats.records.push(r);
    this.stats.maxRequestBytes = Math.max(this.stats.maxRequestBytes, r.requestBytes);
    this.stats.totalRequestBytes += r.requestBytes;
  }

  afterSync(ctx: FakeRequestContext): void {
    for (const o of ctx.pendingNullables) o._markNullKnown();
    ctx.pendingNullables.clear();
  }

  resetStats(): void {
    this.stats.syncs = 0;
    this.stats.records = [];
    this.stats.maxRequestBytes = 0;
    this.stats.totalRequestBytes = 0;
  }

  // ----- direct access for fixtures and assertions (no sync involved) -----

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  /**
   * Add a sheet as a file would hold it. Its formulas (fixture `{formula}` cells) are bound to the
   * sheets there are at once, unless `bindLater` (a workbook being loaded binds them when it is whole).
   */
  addSheet(name: string, data: SheetData = {}, bindLater = false): void {
    checkSheetName(this.model, name, null);
    const sh = newSheet(this.model, name);
    this.model.sheets.push(sh);
    if (!this.model.active) this.model.active = sh;
    fillSheet(sh, data);
    this.model.calc?.addSheet(sh);
    if (!bindLater) bindFormulas(this.model, sh);
  }

  activate(name: string): void {
    this.model.active = this.requireSheet(name);
  }

  /** Select on a sheet (and make it active) as the user would: one area ("B3:D9") or several ("B3:D9, F3:F9"). */
  select(sheet: string, address: string): void {
    const sh = this.requireSheet(sheet);
    const rects = address.split(',').map((a) => parseRef(splitSheet(a).ref));
    sh.selection = { ...rects[0] };
    if (rects.length > 1) sh.areas = rects;
    else delete sh.areas;
    this.model.active = sh;
    fireSelectionChanged(this.model);
  }

  activeSheetName(): string | null {
    return this.model.active?.name ?? null;
  }

  requireSheet(name: string): SheetM {
    const sh = findSheet(this.model, name);
    if (!sh) throw new Error(`fake-excel: no sheet "${name}" (sheets: ${this.sheetNames().join(', ')})`);
    return sh;
  }

  /** One cell as Excel holds it. */
  cell(sheet: string, a1: string): CellSnapshot {
    const sh = this.requireSheet(sheet);
    this.model.calc?.settle();
    const rect = parseRef(a1);
    return snapshotCell(sh, rect.r0, rect.c0);
  }

  /** A sheet as Excel holds it: what `values`, `formulas`, `numberFormat` would return over its used range (from A1). */
  readSheet(sheet: string): SheetSnapshot {
    const sh = this.requireSheet(sheet);
    this.model.calc?.settle();
    const used = usedRect(sh, false);
    const rows = used ? used.r1 + 1 : 0;
    const cols = used ? used.c1 + 1 : 0;
    const t: RangeT = { sheet: sh, rect: { r0: 0, c0: 0, r1: Math.max(rows - 1, 0), c1: Math.max(cols - 1, 0) } };
    const grid = <V>(fn: (c: CellM | undefined) => V): V[][] => (rows ? (readGrid(t, fn) as V[][]) : []);
    return {
      name: sh.name,
      id: sh.id,
      position: this.model.sheets.indexOf(sh),
      visibility: sh.visibility,
      values: grid(cellValue),
      formulas: grid((c) => displayFormula(c)),
      formats: grid((c) => c?.nf ?? 'General'),
      quotePrefix: grid((c) => !!c?.q),
      merges: sh.merges.map((m) => rectA1(m)),
      freeze: sh.freeze ? { ...sh.freeze } : null,
      tables: sh.tables.map((tb) => ({ name: tb.name, address: rectA1(tb.rect), style: tb.style, showBandedRows: tb.showBandedRows })),
      columnWidths: Object.fromEntries([...sh.colWidths].sort((a, b) => a[0] - b[0]).map(([c, w]) => [colLetters(c), w])),
      customProperties: Object.fromEntries([...sh.customProps.values()].map((p) => [p.key, p.value])),
      pageLayout: { ...sh.pageLayout },
      usedRange: used ? rectA1(used) : null,
      rowHeights: Object.fromEntries([...sh.rowHeights].sort((a, b) => a[0] - b[0]).map(([r, h]) => [r + 1, h])),
      showGridlines: sh.showGridlines,
      charts: sh.charts.filter((c) => !c.deleted).map(chartSnapshot),
    };
  }

  /** What each chart of a sheet plots, by chart name: its series' calculated values. */
  chartPoints(sheet: string): Record<string, ChartPoints[]> {
    const sh = this.requireSheet(sheet);
    this.model.calc?.settle();
    const data = (t: RangeT | null) => (t && !t.sheet.deleted ? (readGrid(t, cellValue) ?? []).flat() : null);
    return Object.fromEntries(sh.charts.filter((c) => !c.deleted).map((c) => [c.name, c.series.map((x) => ({ series: x.name, values: data(x.values), xValues: data(x.xValues) }))]));
  }

  /** Formulas that named a sheet the workbook did not have when they were written (each an error, never bound later). */
  brokenReferences(): BrokenReference[] {
    return [...(this.model.calc?.broken ?? [])];
  }

  /**
   * Every formula cell of the live sheets: its text as `formulas` reads it, its calculated value, and
   * the sheets the engine bound it to (a cross-check of the text's binding against the engine's own).
   */
  formulaCells(): { sheet: string; cell: string; formula: string; value: number | string | boolean; isError: boolean; engineSheets: string[] }[] {
    this.model.calc?.settle();
    const out: { sheet: string; cell: string; formula: string; value: number | string | boolean; isError: boolean; engineSheets: string[] }[] = [];
    for (const sh of this.model.sheets) {
      for (const [r, row] of [...sh.rows].sort((a, b) => a[0] - b[0])) {
        row.forEach((cell, c) => {
          const f = displayFormula(cell);
          if (f === null) return;
          out.push({ sheet: sh.name, cell: `${colLetters(c)}${r + 1}`, formula: f, value: cellValue(cell), isError: !!cell.err, engineSheets: this.model.calc?.enginePrecedentSheets(sh, r, c) ?? [] });
        });
      }
    }
    return out;
  }

  documentCustomProperties(): Record<string, string> {
    return Object.fromEntries([...this.model.customDocProps.values()].map((p) => [p.key, p.value]));
  }
}

export interface CellSnapshot {
  value: number | string | boolean;
  formula: string | null;
  numberFormat: string;
  text: string;
  isError: boolean;
  quotePrefix: boolean;
  hyperlink: FakeHyperlink | null;
  /** Flat look keys: "font.bold", "fill.color", "border.top.style", "wrapText", ... */
  look: Record<string, string | number | boolean>;
}

export interface SheetSnapshot {
  name: string;
  id: string;
  position: number;
  visibility: string;
  values: (number | string | boolean)[][];
  formulas: (string | null)[][];
  formats: string[][];
  quotePrefix: boolean[][];
  merges: string[];
  freeze: { rows: number; cols: number } | null;
  tables: { name: string; address: string; style: string; showBandedRows: boolean }[];
  /** Points, by column letter, for columns given a width. */
  columnWidths: Record<string, number>;
  customProperties: Record<string, string>;
  pageLayout: Record<string, unknown>;
  usedRange: string | null;
  /** Points, by 1-based row, for rows given a height. */
  rowHeights: Record<number, number>;
  showGridlines: boolean;
  charts: ChartSnapshot[];
}

export interface ChartSnapshot {
  name: string;
  type: string;
  title: string;
  legendVisible: boolean;
  /** Series ranges as sheet-qualified addresses under the sheets' current names ("#REF!" once their sheet is deleted). */
  series: { name: string; values: string | null; xValues: string | null; hasDataLabels: boolean }[];
  reversePlotOrder: boolean;
  position: { from: string; to: string } | null;
}

/** What a chart's series plots: the calculated values of its cells (null once their sheet is deleted). */
export interface ChartPoints {
  series: string;
  values: (number | string | boolean)[] | null;
  xValues: (number | string | boolean)[] | null;
}

/** A series' range is bound to its sheet: renamed with it, broken (#REF!) when it is deleted. */
function chartSnapshot(c: ChartM): ChartSnapshot {
  const addr = (t: RangeT | null) => (t ? (t.sheet.deleted ? '#REF!' : rectAddress(t.sheet.name, t.rect)) : null);
  return {
    name: c.name, type: c.type, title: c.title, legendVisible: c.legendVisible,
    series: c.series.map((x) => ({ name: x.name, values: addr(x.values), xValues: addr(x.xValues), hasDataLabels: x.hasDataLabels })),
    reversePlotOrder: c.reversePlotOrder, position: c.position ? { ...c.position } : null,
  };
}

function snapshotCell(sh: SheetM, r: number, c: number): CellSnapshot {
  const cell = getCell(sh, r, c);
  return {
    value: cellValue(cell),
    formula: displayFormula(cell),
    numberFormat: cell?.nf ?? 'General',
    text: cell && cell.v !== undefined ? formatText(cell.v, cell.err ? undefined : cell.nf) : '',
    isError: !!cell?.err,
    quotePrefix: !!cell?.q,
    hyperlink: cell?.link ? { ...cell.link } : null,
    look: { ...(cell?.look ?? {}) },
  };
}
