/**
 * What the pane does, without the pane: read a source (this sheet, the selection, a table, a file),
 * hand it to the engine, run the checks, mark the cells, write the sheets. The React components call
 * these and show what comes back; tests drive them against the in-memory Excel.
 *
 * Nothing is written to the workbook until the core has finished: a Cancel before the write leaves
 * the workbook as it was (marks and sheets alike).
 */
import type { Finding } from '../core/findings';
import type { Lang } from '../core/i18n';
import type { SheetPlan } from '../core/plan';
import type { Field } from '../core/register';
import { clearMarks, placeMarks, type ClearReport, type MarkReport } from '../excel/marks';
import { readRange, readSheet, readSheetGrid, type SheetRead } from '../excel/read';
import { mappingColumns, sourceKey, type SettingsStore, type ToolSettings } from '../excel/settings';
import { docRoles, bareId, excelApiSupported, ROLE_KEY, type ApiCheck } from '../excel/support';
import { writePlans, type WriteReport } from '../excel/write';
import { CancelToken, InputProblem, localToday, RATES_SHEETS, yieldNow } from './base';
import type { Engine } from './engine';
import type { Analysis, FileInfo, GridRef, MinistryOptions, MinistryResult, RatesSource, RunOptions, RunResult } from './jobs';
import { isMonth, previousMonth, snapshotFromGrid, snapshotSheetName, type Snapshot } from '../core/snapshot';

/** Plans the summary sheets' formulas read: written whenever a summary is. */
export const REGISTER_ROLE = 'register';

export type SourceChoice =
  | { kind: 'sheet' }
  | { kind: 'selection' }
  | { kind: 'table'; name: string }
  | { kind: 'file'; name: string; bytes: ArrayBuffer; sheet?: string };

export interface WorkbookInfo {
  name: string;
  activeSheet: string | null;
  /** The active sheet is one the tool wrote. */
  activeIsOwn: boolean;
  tables: { name: string; sheet: string }[];
  ratesSheet: string | null;
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

export type Stage = 'reading' | 'sending' | 'opening' | 'rates' | 'checking' | 'marking' | 'writing' | 'packing';
export type OnProgress = (stage: Stage, done?: number, total?: number) => void;

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

  /** The active sheet, the tables (of the user's sheets) and the rates sheet. */
  async workbookInfo(): Promise<WorkbookInfo> {
    return this.excel().run(async (context) => {
      const wb = context.workbook;
      wb.load('name');
      const active = wb.worksheets.getActiveWorksheet();
      active.load('name,id');
      const sheets = wb.worksheets;
      sheets.load('items/name,items/id');
      const custom = wb.properties.custom;
      custom.load('items/key,items/value');
      await context.sync();
      const marks = this.supports('1.12')
        ? sheets.items.map((ws) => {
            const p = ws.customProperties.getItemOrNullObject(ROLE_KEY);
            p.load('value');
            return p;
          })
        : null;
      for (const ws of sheets.items) ws.tables.load('items/name');
      await context.sync();
      const docMarks = docRoles(custom.items);
      const own = (i: number) => (marks && !marks[i].isNullObject) || docMarks.has(bareId(sheets.items[i].id));
      const tables: WorkbookInfo['tables'] = [];
      sheets.items.forEach((ws, i) => {
        if (!own(i)) for (const t of ws.tables.items) tables.push({ name: t.name, sheet: ws.name });
      });
      const ratesSheet = sheets.items.find((ws, i) => !own(i) && RATES_SHEETS.some((n) => n.toUpperCase() === ws.name.toUpperCase()))?.name ?? null;
      const activeIndex = sheets.items.findIndex((ws) => ws.id === active.id);
      return { name: wb.name, activeSheet: active.name, activeIsOwn: activeIndex >= 0 && own(activeIndex), tables, ratesSheet };
    });
  }

  /**
   * Call `fn` when the user activates another sheet (Worksheet activated events, ExcelApi 1.7).
   * Returns the unsubscribe. Hosts without the event (the in-memory Excel) simply never call it.
   */
  onSheetActivated(fn: () => void): () => void {
    const excel = this.deps.excel;
    if (!excel) return () => undefined;
    let remove: (() => void) | null = null;
    let stopped = false;
    excel
      .run(async (context) => {
        const sheets = context.workbook.worksheets as Excel.WorksheetCollection & { onActivated?: OfficeExtension.EventHandlers<Excel.WorksheetActivatedEventArgs> };
        if (!sheets.onActivated) return;
        const handler = sheets.onActivated.add(async () => fn());
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
      if (!info.ok) throw new InputProblem(info.problem, { file: info.name, size: ((info.size ?? 0) / 1048576).toFixed(1), limit: 50 });
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
        if (choice.kind === 'sheet') r = await readSheet(context, undefined, { onProgress: onRows, supports: this.supports });
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
      ref = await this.engine.putGrid(read.read.grid, false, token, (d, t) => progress('sending', d, t));
    }
    token.check();
    const analysis = await this.engine.analyse(ref);
    token.check();
    if (!analysis.ok) throw new InputProblem(analysis.problem, { file, sheet: analysis.sheet, rows: 30 });
    const key = choice.kind === 'file' ? sourceKey('file', choice.name, ref.sheet) : table ? sourceKey('table', table) : sourceKey('sheet', ref.sheet);
    return { ref, kind: choice.kind, sheet: ref.sheet, table, key, file, inWorkbook, analysis, fileSheets };
  }

  /** The rates: the workbook's rates sheet (read now) and the files the user added. */
  async ratesSources(files: RatesFile[], exclude: string | null): Promise<RatesSource[]> {
    const out: RatesSource[] = [];
    if (this.deps.excel) {
      const table = await this.deps.excel.run(async (context) => {
        const candidates = RATES_SHEETS.map((n) => {
          const ws = context.workbook.worksheets.getItemOrNullObject(n);
          ws.load('name');
          return ws;
        });
        await context.sync();
        const ws = candidates.find((w) => !w.isNullObject && w.name.toUpperCase() !== (exclude ?? '').toUpperCase());
        if (!ws) return null;
        const grid = await readSheetGrid(context, ws, { supports: this.supports });
        return { kind: 'table' as const, source: ws.name, values: grid.values };
      });
      if (table) out.push(table);
    }
    for (const f of files) {
      if (/\.xml$/i.test(f.name)) out.push({ kind: 'xml', source: f.name, text: new TextDecoder('utf-8').decode(new Uint8Array(f.bytes)) });
      else out.push({ kind: 'file', source: f.name, bytes: f.bytes });
    }
    return out;
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
      if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', { file: res.source, reason: res.reason });
      if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
      throw new InputProblem(res.problem, { file: imp.file, sheet: res.sheet, rows: 30 });
    }
    return res;
  }

  /** Run the checks; mark the cells (when asked and the register is in this workbook). */
  async check(imp: Imported, run: RunContext): Promise<CheckOutcome> {
    const { settings, token, progress } = run;
    progress('rates');
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null);
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
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null);
    token.check();
    const result = await this.runCore(imp, this.runOptions(imp, settings, run.lang, rates), token, progress);
    const roles = rolesToWrite(result.plans, settings.sheets);
    const plans = result.plans.filter((p) => roles.includes(p.role));
    if (plans.length === 0) throw new InputProblem('error.noSheetsChosen');
    await yieldNow();
    token.check(); // past this point the sheets are written whole
    progress('writing', 0, 1);
    const report = await this.excel().run((context) =>
      writePlans(context, plans, { sourceSheet: imp.inWorkbook ? imp.sheet : undefined, supports: this.supports, onProgress: (p) => progress('writing', p, 1) }),
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

  /** The previous month's snapshot kept in the workbook (a tool-owned `tizilim.snapshot.YYYY-MM` sheet), or null. */
  async workbookSnapshot(month: string): Promise<Snapshot | null> {
    if (!this.deps.excel || !isMonth(month)) return null;
    const name = snapshotSheetName(previousMonth(month));
    return this.deps.excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItemOrNullObject(name);
      await context.sync();
      if (ws.isNullObject) return null;
      const parsed = snapshotFromGrid(await readSheetGrid(context, ws, { supports: this.supports }));
      return parsed.ok ? parsed.snapshot : null;
    });
  }

  /**
   * The copy for ministries of the imported register (core/export.ts, src/xlsx/export.ts), with the
   * previous month's snapshot from the workbook unless one is given. Nothing is written to the workbook.
   */
  async ministry(imp: Imported, run: RunContext, m: Omit<MinistryOptions, 'previous'> & { previous?: Snapshot | null }): Promise<Extract<MinistryResult, { ok: true }> | Extract<MinistryResult, { problem: 'OPEN_ERRORS' }>> {
    const { settings, token, progress } = run;
    progress('rates');
    const rates = await this.ratesSources(run.files, imp.inWorkbook ? imp.sheet : null);
    const previous = m.previous ?? (await this.workbookSnapshot(m.month));
    token.check();
    progress('packing');
    const res = await this.engine.ministry(imp.ref, this.runOptions(imp, settings, run.lang, rates), { ...m, previous }, token);
    token.check();
    if (res.ok || res.problem === 'OPEN_ERRORS') return res;
    if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', { file: res.source, reason: res.reason });
    if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
    throw new InputProblem(res.problem, { file: imp.file, sheet: res.sheet, rows: 30 });
  }

  /** The summary pack of the last run, as an .xlsx file's bytes. */
  async pack(roles: string[] | null, title: string, progress: OnProgress): Promise<{ bytes: ArrayBuffer; fileName: string }> {
    progress('packing');
    return this.engine.pack(roles, title);
  }
}

export { CancelToken, InputProblem, localToday, RATES_SHEETS };
