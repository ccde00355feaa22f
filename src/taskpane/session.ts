/**
 * What the pane does, without the pane: read a source (this sheet, the selection, a table, a file),
 * hand it to the engine, run the checks, mark the cells, write the sheets. The React components call
 * these and show what comes back; tests drive them against the in-memory Excel.
 *
 * Nothing is written to the workbook until the core has finished: a Cancel before the write leaves
 * the workbook as it was (marks and sheets alike).
 */
import type { Finding } from '../core/checks/findings';
import type { Lang } from '../core/words';
import type { SheetPlan } from '../core/report/plan';
import type { Field } from '../core/register/register';
import { drillSelection, type DrillRead } from '../excel/drill';
import { clearMarks, placeMarks, type ClearReport, type MarkReport } from '../excel/marks';
import { addRates, listSheets, RATES_ROLE, ratesSheetsOf, readRatesSheets, type RateRow, type SheetEntry } from '../excel/rates';
import { readRange, readSheet, readSheetGrid, type SheetRead } from '../excel/read';
import { mappingColumns, sourceKey, type SettingsStore, type ToolSettings } from '../excel/settings';
import { excelApiSupported, type ApiCheck } from '../excel/support';
import { writePlans, type WriteReport } from '../excel/write';
import { CancelledError, CancelToken, InputProblem, localToday, RATES_SHEETS, WorkerStoppedError, yieldNow } from './base';
import type { Engine } from './engine';
import type { Analysis, FileInfo, GridRef, MinistryOptions, MinistryResult, RateGap, RatesReason, RatesSource, RunOptions, RunResult, TemplateJobOptions, TemplateResult } from './jobs';
import { fetchNbkDays, mergeRates, NbkFailedError, pastedCells, PASTE_HEADINGS, type RatesMerge } from './rates';
import { isMonth, previousMonth, snapshotFromGrid, snapshotPlan, snapshotSheetName, type Snapshot } from '../core/monthly/snapshot';

/** RATES_UNREADABLE's parameters: the file, and its reason as a key the message fills in the user's language. */
function ratesProblemParams(source: string, reason: RatesReason): Record<string, string | number> {
  return { ...reason.params, file: source, reasonKey: reason.key };
}

/** The role of the hidden sheet a closed month's snapshot is kept on. */
export const SNAPSHOT_ROLE = 'snapshot';
const SNAPSHOT_SHEET = /^tizilim\.snapshot\.(\d{4}-(?:0[1-9]|1[0-2]))$/;

/** Plans the summary sheets' formulas read: written whenever a summary is. */
export const REGISTER_ROLE = 'register';

export type SourceChoice =
  /** The active sheet, or the sheet named (the ribbon's Check now handing a register over). */
  | { kind: 'sheet'; name?: string }
  | { kind: 'selection' }
  | { kind: 'table'; name: string }
  | { kind: 'file'; name: string; bytes: ArrayBuffer; sheet?: string };

export interface WorkbookInfo {
  name: string;
  activeSheet: string | null;
  /** The active sheet is one the tool wrote. */
  activeIsOwn: boolean;
  tables: { name: string; sheet: string }[];
  /** The sheet rates are read from first: the tool's rates sheet, else a sheet of the user's named Бағамдар / Курсы / Rates. */
  ratesSheet: string | null;
  /** Months closed in this workbook (a `tizilim.snapshot.YYYY-MM` sheet each), in order. */
  snapshots: string[];
}

/** A rates sheet as the pane shows it. */
export interface RatesSheetStatus {
  name: string;
  own: boolean;
  count: number;
  /** The first and last dates (YYYY-MM-DD), null when it holds none. */
  from: string | null;
  to: string | null;
  currencies: string[];
  /** Why it cannot be read (the check would stop on it), else null. */
  problem: RatesReason | null;
}

/** What adding rates did. */
export interface RatesAdded extends RatesMerge {
  /** The sheet they went into (null outside Excel: they are kept in the pane for this session). */
  sheet: string | null;
  created: boolean;
  /** The rates the pane keeps when there is no workbook (outside Excel). */
  kept: RateRow[];
}

/** A closed month. */
export interface MonthClosed {
  month: string;
  sheet: string;
  replaced: boolean;
  projects: number;
}

export interface Imported {
  ref: GridRef;
  kind: SourceChoice['kind'];
  /** The sheet (of the workbook or of the file) the register is on. */
  sheet: string;
  /** The table's name, for a table. */
  table?: string;
  /** The settings key of this source's mapping. */
  key: string;
  /** The file name that goes into messages and sheets (the workbook's or the chosen file's). */
  file: string;
  /** The cells are in this workbook (they can be selected and marked). */
  inWorkbook: boolean;
  analysis: Extract<Analysis, { ok: true }>;
  /** The sheets of a chosen file. */
  fileSheets?: string[];
}

export type Stage = 'reading' | 'sending' | 'opening' | 'rates' | 'download' | 'checking' | 'marking' | 'writing' | 'packing' | 'snapshot';
/** A stage, with its count done of a total; `share` (0..1) when the count is not what the bar should show (writing: rows, and the links after them). */
export type OnProgress = (stage: Stage, done?: number, total?: number, share?: number) => void;

export interface RatesFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface CheckOutcome {
  result: Extract<RunResult, { ok: true }>;
  marks: MarkReport | null;
  /** Marking failed (the check itself did not): the error, for the pane to word. */
  marksError: unknown;
}

/** What a check or a write runs with. */
export interface RunContext {
  settings: ToolSettings;
  /** The language of the plans (the sheets'); findings are worded by the pane in its own. */
  lang: Lang;
  files: RatesFile[];
  token: CancelToken;
  progress: OnProgress;
  /** A finding in words, for the notes on marked cells. */
  describe?: (f: Finding) => string;
  /** Rates the pane holds itself (outside Excel, where there is no rates sheet). */
  rates?: RateRow[];
  /** The mapping on screen, over the saved one (the rate gaps are looked for before it is confirmed). */
  mapping?: Partial<Record<Field, string>>;
  /** Some of the tool's sheets to be replaced were edited by the user: replace them? (No: ours go under new names.) */
  confirmReplaceEdited?: (sheets: string[]) => Promise<boolean>;
}

export interface WriteOutcome {
  result: Extract<RunResult, { ok: true }>;
  report: WriteReport;
}

export interface SessionDeps {
  engine: Engine;
  /** The Excel namespace (Office.js, or the in-memory one), null outside Excel. */
  excel: { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> } | null;
  store: SettingsStore | null;
  supports?: ApiCheck;
  today?: () => string;
}

/** The roles to write: as chosen, with the register added when a summary (whose formulas read it) is chosen. */
export function rolesToWrite(plans: SheetPlan[], chosen: string[] | null): string[] {
  const all = plans.map((p) => p.role);
  if (!chosen) return all;
  const set = new Set(chosen.filter((r) => all.includes(r)));
  if ([...set].some((r) => r.startsWith('summary:')) && all.includes(REGISTER_ROLE)) set.add(REGISTER_ROLE);
  return all.filter((r) => set.has(r));
}

/** Rates files as the engine's sources (XML read as text here; CSV and XLSX go as bytes). */
function fileSources(files: RatesFile[]): RatesSource[] {
  return files.map((f): RatesSource =>
    /\.xml$/i.test(f.name) ? { kind: 'xml', source: f.name, text: new TextDecoder('utf-8').decode(new Uint8Array(f.bytes)) } : { kind: 'file', source: f.name, bytes: f.bytes },
  );
}

/** Rates the pane holds as a table the core reads (date, currency, rate, quant). */
function rateTable(rows: RateRow[]): (string | number)[][] {
  return [['Date', 'Currency', 'Rate', 'Quant'], ...rows.map((r) => [r.date, r.currency, r.quoted, r.quant])];
}

/** The months closed in a workbook: its tool-owned `tizilim.snapshot.YYYY-MM` sheets. */
export function snapshotMonths(sheets: SheetEntry[]): string[] {
  const out: string[] = [];
  for (const s of sheets) {
    const m = SNAPSHOT_SHEET.exec(s.name);
    if (m && s.role === SNAPSHOT_ROLE) out.push(m[1]);
  }
  return out.sort();
}

export class Session {
  readonly engine: Engine;
  private readonly supports: ApiCheck;
  private readonly today: () => string;

  constructor(private readonly deps: SessionDeps) {
    this.engine = deps.engine;
    this.supports = deps.supports ?? excelApiSupported;
    this.today = deps.today ?? localToday;
  }

  get inExcel(): boolean {
    return this.deps.excel !== null;
  }

  get store(): SettingsStore | null {
    return this.deps.store;
  }

  private excel() {
    if (!this.deps.excel) throw new InputProblem('error.outsideExcel');
    return this.deps.excel;
  }

  /** The active sheet, the tables (of the user's sheets), the rates sheet and the closed months. */
  async workbookInfo(): Promise<WorkbookInfo> {
    return this.excel().run(async (context) => {
      const wb = context.workbook;
      wb.load('name');
      const active = wb.worksheets.getActiveWorksheet();
      active.load('name,id');
      const sheets = await listSheets(context, this.supports);
      const userSheets = sheets.filter((s) => s.role === null).map((s) => {
        const ws = wb.worksheets.getItem(s.id);
        ws.tables.load('items/name');
        return { s, ws };
      });
      await context.sync();
      const tables: WorkbookInfo['tables'] = [];
      for (const { s, ws } of userSheets) for (const t of ws.tables.items) tables.push({ name: t.name, sheet: s.name });
      const activeEntry = sheets.find((s) => s.id === active.id);
      return {
        name: wb.name,
        activeSheet: active.name,
        activeIsOwn: activeEntry ? activeEntry.role !== null : false,
        tables,
        ratesSheet: ratesSheetsOf(sheets)[0]?.name ?? null,
        snapshots: snapshotMonths(sheets),
      };
    });
  }

  /**
   * Call `fn` when the user activates another sheet (Worksheet activated events, ExcelApi 1.7).
   * Returns the unsubscribe. Hosts without the event (the in-memory Excel) simply never call it.
   */
  onSheetActivated(fn: () => void): () => void {
    return this.listen((context) => (context.workbook.worksheets as Excel.WorksheetCollection & { onActivated?: OfficeExtension.EventHandlers<Excel.WorksheetActivatedEventArgs> }).onActivated, fn);
  }

  /**
   * Call `fn` each time an Excel event of `events` fires, until the returned unsubscribe is called.
   * A host without the event (null or undefined) never calls it.
   */
  private listen<A>(events: (context: Excel.RequestContext) => OfficeExtension.EventHandlers<A> | null | undefined, fn: () => void): () => void {
    const excel = this.deps.excel;
    if (!excel) return () => undefined;
    let remove: (() => void) | null = null;
    let stopped = false;
    excel
      .run(async (context) => {
        const on = events(context);
        if (!on) return;
        const handler = on.add(async () => fn());
        await context.sync();
        remove = () => {
          // An event handler is removed in a batch on the context that added it (Excel.run(context, …)).
          const again = excel as unknown as { run(ctx: unknown, batch: (c: Excel.RequestContext) => Promise<void>): Promise<void> };
          void again
            .run(handler.context, async (c) => {
              handler.remove();
              await c.sync();
            })
            .catch(() => undefined);
        };
        if (stopped) remove();
      })
      .catch(() => undefined);
    return () => {
      stopped = true;
      remove?.();
    };
  }

  /** Read the source, give it to the engine and find its header. Nothing is written. */
  async importSource(choice: SourceChoice, token: CancelToken, progress: OnProgress): Promise<Imported> {
    let ref: GridRef;
    let file: string;
    let inWorkbook = true;
    let fileSheets: string[] | undefined;
    let table: string | undefined;
    if (choice.kind === 'file') {
      progress('opening');
      inWorkbook = false;
      file = choice.name;
      const info: FileInfo = await this.engine.openFile(choice.bytes, choice.name);
      token.check();
      if (!info.ok) throw new InputProblem(info.problem, { file: info.name, size: ((info.size ?? 0) / 1048576).toFixed(1), limit: 50, ...info.params });
      fileSheets = info.sheets;
      const sheet = choice.sheet && info.sheets.includes(choice.sheet) ? choice.sheet : info.best;
      ref = await this.engine.fileGrid(sheet);
    } else {
      const onRows = (done: number, total: number) => {
        token.check();
        progress('reading', done, total);
      };
      progress('reading');
      const read = await this.excel().run(async (context): Promise<{ read: SheetRead; name: string }> => {
        const wb = context.workbook;
        wb.load('name');
        let r: SheetRead;
        if (choice.kind === 'sheet') {
          let ws: Excel.Worksheet | undefined;
          if (choice.name !== undefined) {
            ws = context.workbook.worksheets.getItemOrNullObject(choice.name);
            await context.sync();
            if (ws.isNullObject) throw new InputProblem('handover.missing', { sheet: choice.name });
          }
          r = await readSheet(context, ws, { onProgress: onRows, supports: this.supports });
        }
        else if (choice.kind === 'selection') r = await readRange(context, context.workbook.getSelectedRange(), { onProgress: onRows, supports: this.supports });
        else {
          const t = context.workbook.tables.getItemOrNullObject(choice.name);
          await context.sync();
          if (t.isNullObject) throw new InputProblem('error.noTable', { table: choice.name });
          r = await readRange(context, t.getRange(), { onProgress: onRows, supports: this.supports });
        }
        return { read: r, name: wb.name };
      });
      token.check();
      if (read.read.role !== null) throw new InputProblem('error.ownSheet', { sheet: read.read.grid.sheet });
      if (choice.kind === 'table') table = choice.name;
      file = read.name || read.read.grid.sheet;
      await yieldNow();
      ref = await this.engine.putGrid(read.read.grid, read.read.date1904, token, (d, t) => progress('sending', d, t));
    }
    token.check();
    const analysis = await this.engine.analyse(ref);
    token.check();
    if (!analysis.ok) throw new InputProblem(analysis.problem, { file, sheet: analysis.sheet, rows: 30 });
    const key = choice.kind === 'file' ? sourceKey('file', choice.name, ref.sheet) : table ? sourceKey('table', table) : sourceKey('sheet', ref.sheet);
    return { ref, kind: choice.kind, sheet: ref.sheet, table, key, file, inWorkbook, analysis, fileSheets };
  }

  /**
   * The rates: the workbook's rates sheets (read now: the tool's, then the user's, whose rates win on
   * the same day), the rates the pane holds (outside Excel) and the files the user added.
   */
  async ratesSources(files: RatesFile[], exclude: string | null, held: RateRow[] = []): Promise<RatesSource[]> {
    const out: RatesSource[] = [];
    if (this.deps.excel) {
      const sheets = await this.deps.excel.run((context) => readRatesSheets(context, { supports: this.supports, exclude }));
      for (const s of sheets) out.push({ kind: 'table', source: s.name, values: s.values });
    }
    if (held.length) out.push({ kind: 'table', source: held[0].source, values: rateTable(held) });
    out.push(...fileSources(files));
    return out;
  }

  /** Rates from sources (NBK XML, CSV and XLSX files, tables) as plain rows; RATES_UNREADABLE names the one that is not. */
  async readRates(sources: RatesSource[]): Promise<RateRow[]> {
    if (sources.length === 0) return [];
    const res = await this.engine.readRates(sources);
    if (!res.ok) throw new InputProblem('RATES_UNREADABLE', ratesProblemParams(res.source, res.reason));
    return res.rates;
  }

  /** Saved NBK files (the per-date XML, or CSV / XLSX tables) as rates. */
  async readRatesFiles(files: RatesFile[]): Promise<RateRow[]> {
    return this.readRates(fileSources(files));
  }

  /** A pasted table (tab- or ;-separated; headings optional) as rates. */
  async readPasted(text: string, source: string): Promise<RateRow[]> {
    const cells = pastedCells(text);
    if (cells.length === 0) throw new InputProblem('error.pasteEmpty');
    const first = await this.engine.readRates([{ kind: 'table', source, values: cells }]);
    if (first.ok) return first.rates;
    // No heading row: read it as date, currency, rate[, quant].
    const again = await this.engine.readRates([{ kind: 'table', source, values: [PASTE_HEADINGS, ...cells] }]);
    if (again.ok) return again.rates;
    throw new InputProblem('error.pasteUnreadable', { ...first.reason.params, reasonKey: first.reason.key });
  }

  /**
   * The National Bank's feed for each date (or the nearest earlier day with rates), as rates. The
   * browser may refuse the request (NbkBlockedError: CORS or no network), the pane then offers the files.
   */
  async downloadRates(dates: string[], currencies: string[], progress: OnProgress, fetchImpl?: typeof fetch): Promise<RateRow[]> {
    progress('download', 0, dates.length);
    const want = new Set(currencies.map((c) => c.toUpperCase()));
    const feeds = await fetchNbkDays(dates, {
      fetch: fetchImpl,
      progress: (d, t) => progress('download', d, t),
      hasRates: async (text) => {
        const r = await this.engine.readRates([{ kind: 'xml', source: 'NBK', text }]);
        return r.ok && r.rates.some((x) => want.size === 0 || want.has(x.currency));
      },
    });
    const rows: RateRow[] = [];
    const seen = new Set<string>();
    for (const f of feeds) {
      if (seen.has(f.fetched)) continue;
      seen.add(f.fetched);
      const r = await this.engine.readRates([{ kind: 'xml', source: `NBK ${f.fetched}`, text: f.text }]);
      if (!r.ok) throw new NbkFailedError(f.url, r.reason);
      rows.push(...r.rates.filter((x) => want.size === 0 || want.has(x.currency)));
    }
    return rows;
  }

  /** The workbook's rates sheets: what each holds, or why it cannot be read. */
  async ratesStatus(exclude: string | null): Promise<RatesSheetStatus[]> {
    if (!this.deps.excel) return [];
    const sheets = await this.deps.excel.run((context) => readRatesSheets(context, { supports: this.supports, exclude }));
    const out: RatesSheetStatus[] = [];
    for (const s of sheets) {
      const res = await this.engine.readRates([{ kind: 'table', source: s.name, values: s.values }]);
      const rates = res.ok ? res.rates : [];
      const dates = rates.map((r) => r.date).sort();
      out.push({
        name: s.name, own: s.own, count: rates.length, from: dates[0] ?? null, to: dates[dates.length - 1] ?? null,
        currencies: [...new Set(rates.map((r) => r.currency))].sort(), problem: res.ok ? null : res.reason,
      });
    }
    return out;
  }

  /**
   * Add rates to the workbook's rates sheet, merged by date and currency: pairs it already holds stay
   * as they are (the user's corrections too — a different rate is reported, not written); new pairs
   * are added below. The tool's rates sheet is made when there is none. Outside Excel the rates are
   * merged with `held` and kept by the pane.
   */
  async addRates(incoming: RateRow[], lang: Lang, exclude: string | null, held: RateRow[] = []): Promise<RatesAdded> {
    if (!this.deps.excel) {
      const m = mergeRates(held, incoming);
      return { ...m, sheet: null, created: false, kept: [...held, ...m.added] };
    }
    const sheets = await this.deps.excel.run((context) => readRatesSheets(context, { supports: this.supports, exclude }));
    const existing: RateRow[] = [];
    for (const s of sheets) {
      const res = await this.engine.readRates([{ kind: 'table', source: s.name, values: s.values }]);
      if (!res.ok) throw new InputProblem('RATES_UNREADABLE', ratesProblemParams(s.name, res.reason));
      existing.push(...res.rates);
    }
    const m = mergeRates(existing, incoming);
    const wrote = await this.excel().run((context) => addRates(context, m.added, { lang, supports: this.supports, exclude }));
    return { ...m, sheet: wrote.sheet, created: wrote.created, kept: [] };
  }

  /** The register's dates without a rate on or before them, with the rates the check would use. */
  async rateGaps(imp: Imported, run: RunContext): Promise<{ gaps: RateGap[]; rates: number }> {
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null, run.rates);
    run.token.check();
    const options = this.runOptions(imp, run.mapping ? { ...run.settings, mappings: { ...run.settings.mappings, [imp.key]: run.mapping } } : run.settings, run.lang, rates);
    const res = await this.engine.gaps(imp.ref, options, run.token);
    run.token.check();
    if (!res.ok) {
      if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', ratesProblemParams(res.source, res.reason));
      if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
      throw new InputProblem(res.problem, { file: imp.file, sheet: res.sheet, rows: 30 });
    }
    return { gaps: res.gaps, rates: res.rates };
  }

  /** The options of a run, from the settings and the mapping on screen. */
  runOptions(imp: Imported, settings: ToolSettings, lang: Lang, rates: RatesSource[]): RunOptions {
    const c = settings.control;
    const mapping = mappingColumns(settings.mappings[imp.key] as Partial<Record<Field, string>> | undefined);
    return {
      file: imp.file,
      lang,
      today: this.today(),
      mapping,
      crossRateTolerance: settings.crossRateTolerance ?? undefined,
      controlTolerance: settings.controlTolerance ?? undefined,
      control: c.count !== null || c.total !== null ? { count: c.count ?? undefined, total: c.total ?? undefined, status: c.status ?? undefined } : undefined,
      rates,
      units: settings.units ?? undefined,
      region: settings.region ?? undefined,
      period: settings.period ?? undefined,
      bilingual: settings.bilingual ?? undefined,
    };
  }

  private async runCore(imp: Imported, options: RunOptions, token: CancelToken, progress: OnProgress): Promise<Extract<RunResult, { ok: true }>> {
    progress('checking');
    await yieldNow();
    const res = await this.engine.run(imp.ref, options, token);
    token.check();
    if (!res.ok) {
      if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', ratesProblemParams(res.source, res.reason));
      if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
      throw new InputProblem(res.problem, { file: imp.file, sheet: res.sheet, rows: 30 });
    }
    return res;
  }

  /** Run the checks; mark the cells (when asked and the register is in this workbook). */
  async check(imp: Imported, run: RunContext): Promise<CheckOutcome> {
    const { settings, token, progress } = run;
    progress('rates');
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null, run.rates);
    token.check();
    const result = await this.runCore(imp, this.runOptions(imp, settings, run.lang, rates), token, progress);
    let marks: MarkReport | null = null;
    let marksError: unknown = null;
    const store = this.deps.store;
    if (settings.markCells && imp.inWorkbook && store && this.deps.excel) {
      token.check(); // the last point a Cancel stops: marking writes
      progress('marking');
      const describe = run.describe ?? ((f: Finding) => f.code);
      const requests = result.findings
        .filter((f) => f.cell !== null && f.sheet === imp.sheet)
        .map((f) => ({ sheet: f.sheet, cell: f.cell as string, severity: f.severity, message: describe(f) }));
      try {
        marks = await this.deps.excel.run((context) => placeMarks(context, requests, { store, supports: this.supports }));
      } catch (e) {
        marksError = e;
      }
    }
    return { result, marks, marksError };
  }

  /** Mark the cells with the messages in a language (the pane words them; `check` passes codes). */
  async mark(requests: { sheet: string; cell: string; severity: 'error' | 'warning' | 'info'; message: string }[]): Promise<MarkReport> {
    const store = this.deps.store;
    if (!store) throw new InputProblem('error.noSettings');
    return this.excel().run((context) => placeMarks(context, requests, { store, supports: this.supports }));
  }

  async clearMarks(): Promise<ClearReport> {
    const store = this.deps.store;
    if (!store) throw new InputProblem('error.noSettings');
    return this.excel().run((context) => clearMarks(context, { store, supports: this.supports }));
  }

  /** Run the core in the sheets' language and write the chosen sheets. Cancel works until the write starts. */
  async write(imp: Imported, run: RunContext): Promise<WriteOutcome> {
    const { settings, token, progress } = run;
    progress('rates');
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null, run.rates);
    token.check();
    const result = await this.runCore(imp, this.runOptions(imp, settings, run.lang, rates), token, progress);
    const roles = rolesToWrite(result.plans, settings.sheets);
    const plans = result.plans.filter((p) => roles.includes(p.role));
    if (plans.length === 0) throw new InputProblem('error.noSheetsChosen');
    await yieldNow();
    token.check(); // past this point the sheets are written whole
    const rows = plans.reduce((n, p) => n + p.rows.length, 0);
    progress('writing', 0, rows, 0);
    const report = await this.excel().run((context) =>
      writePlans(context, plans, {
        sourceSheet: imp.inWorkbook ? imp.sheet : undefined,
        supports: this.supports,
        confirmReplaceEdited: run.confirmReplaceEdited,
        onProgress: (share, r) => progress('writing', r.rows, r.totalRows, share),
      }),
    );
    return { result, report };
  }

  /** Select a cell of the register (the sheet is activated). */
  async goTo(sheet: string, cell: string): Promise<void> {
    await this.excel().run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(cell).select();
      await context.sync();
    });
  }

  /** The register rows behind the figure in the selected cell (a count or a sum the summary sheets calculate): src/excel/drill.ts. */
  async drill(): Promise<DrillRead> {
    return this.excel().run((context) => drillSelection(context, this.supports));
  }

  /**
   * Call `fn` when the user selects other cells (Workbook.onSelectionChanged, ExcelApi 1.2), for the
   * drill-down to follow the selection. Returns the unsubscribe. A host without the event never calls it.
   */
  onSelectionChanged(fn: () => void): () => void {
    return this.listen((context) => (this.supports('1.2') ? (context.workbook as Excel.Workbook & { onSelectionChanged?: OfficeExtension.EventHandlers<Excel.SelectionChangedEventArgs> }).onSelectionChanged : null), fn);
  }

  /** A month's snapshot kept in the workbook (its tool-owned, hidden `tizilim.snapshot.YYYY-MM` sheet), or null. */
  async workbookSnapshot(month: string): Promise<Snapshot | null> {
    if (!this.deps.excel || !isMonth(month)) return null;
    const name = snapshotSheetName(month);
    return this.deps.excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItemOrNullObject(name);
      await context.sync();
      if (ws.isNullObject) return null;
      const parsed = snapshotFromGrid(await readSheetGrid(context, ws, { supports: this.supports }));
      return parsed.ok && parsed.snapshot.month === month ? parsed.snapshot : null;
    });
  }

  /** Is there a snapshot sheet of this month already (the tool's)? */
  async hasSnapshot(month: string): Promise<boolean> {
    if (!this.deps.excel || !isMonth(month)) return false;
    const sheets = await this.deps.excel.run((context) => listSheets(context, this.supports));
    return snapshotMonths(sheets).includes(month);
  }

  /**
   * Close the month: the register checked as of the month's last day, its normalised projects kept
   * as a snapshot on the tool-owned sheet `tizilim.snapshot.YYYY-MM`, hidden once written. A snapshot
   * of the same month already there is replaced only if `confirmReplace` says yes (else null is
   * returned and nothing is written). Next month's Changes sheet and ministry copy find it by itself.
   */
  async closeMonth(imp: Imported, run: RunContext, month: string, confirmReplace: (month: string) => Promise<boolean>): Promise<MonthClosed | null> {
    if (!isMonth(month)) throw new InputProblem('exp.monthInvalid');
    const { settings, token, progress } = run;
    const exists = await this.hasSnapshot(month);
    if (exists && !(await confirmReplace(month))) return null;
    token.check();
    progress('rates');
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null, run.rates);
    token.check();
    progress('snapshot');
    const res = await this.engine.snapshot(imp.ref, this.runOptions(imp, settings, run.lang, rates), month, token);
    token.check();
    if (!res.ok) {
      if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', ratesProblemParams(res.source, res.reason));
      if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
      throw new InputProblem(res.problem, { file: imp.file, sheet: res.sheet, rows: 30 });
    }
    const plan = snapshotPlan(res.snapshot);
    progress('writing', 0, plan.rows.length, 0);
    return this.excel().run(async (context) => {
      // Asked already: a snapshot sheet the user touched is replaced all the same.
      const report = await writePlans(context, [plan], {
        supports: this.supports,
        activate: false,
        confirmReplaceEdited: async () => true,
        onProgress: (share, r) => progress('writing', r.rows, r.totalRows, share),
      });
      const written = report.sheets[0];
      const ws = context.workbook.worksheets.getItem(written.name);
      ws.visibility = 'Hidden';
      await context.sync();
      return { month, sheet: written.name, replaced: written.replaced, projects: res.snapshot.totals.projects };
    });
  }

  /**
   * The copy for ministries of the imported register (core/monthly/export.ts, src/xlsx/export.ts), with the
   * previous month's snapshot from the workbook unless one is given. Nothing is written to the workbook.
   */
  async ministry(imp: Imported, run: RunContext, m: Omit<MinistryOptions, 'previous'> & { previous?: Snapshot | null }): Promise<Extract<MinistryResult, { ok: true }> | Extract<MinistryResult, { problem: 'OPEN_ERRORS' }>> {
    const { settings, token, progress } = run;
    progress('rates');
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null, run.rates);
    const previous = m.previous ?? (await this.workbookSnapshot(previousMonth(m.month)));
    token.check();
    progress('packing');
    const res = await this.engine.ministry(imp.ref, this.runOptions(imp, settings, run.lang, rates), { ...m, previous }, token);
    token.check();
    if (res.ok || res.problem === 'OPEN_ERRORS') return res;
    if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', ratesProblemParams(res.source, res.reason));
    if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
    throw new InputProblem(res.problem, { file: imp.file, sheet: res.sheet, rows: 30 });
  }

  /**
   * Next month's register template of the imported register (core/monthly/template.ts), made in the
   * engine from the grid it holds, as `tizilim template` makes it. A new workbook's bytes: nothing is
   * written to this workbook. The engine's failure comes back as the template's, in words (tpl.failed).
   */
  async template(imp: Imported, run: RunContext, t: TemplateJobOptions): Promise<Extract<TemplateResult, { ok: true }>> {
    const { settings, token, progress } = run;
    progress('rates');
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null, run.rates);
    token.check();
    progress('packing');
    let res: TemplateResult;
    try {
      res = await this.engine.template(imp.ref, this.runOptions(imp, settings, run.lang, rates), t, token);
    } catch (e) {
      if (e instanceof CancelledError || e instanceof InputProblem) throw e;
      // The engine could not make it (the worker stopped, the writer failed): said as the template's failure, in words.
      if (e instanceof WorkerStoppedError) throw new InputProblem('tpl.failed', { reasonKey: 'engine.stopped' });
      throw new InputProblem('tpl.failed', { reason: (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200).replace(/[.\s]+$/, '') });
    }
    token.check();
    if (res.ok) return res;
    if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', ratesProblemParams(res.source, res.reason));
    if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
    throw new InputProblem(res.problem, { file: imp.file, sheet: res.sheet, rows: 30 });
  }

  /** The summary pack of the last run, as an .xlsx file's bytes. */
  async pack(roles: string[] | null, title: string, progress: OnProgress): Promise<{ bytes: ArrayBuffer; fileName: string }> {
    progress('packing');
    return this.engine.pack(roles, title);
  }
}

export { CancelToken, InputProblem, localToday, RATES_SHEETS, RATES_ROLE };
