/**
 * Ribbon commands, loaded by the function file (commands.html) named in manifest.xml.
 *
 * "Check now" (ExecuteFunction checkNow) checks the active sheet without opening the task pane: it
 * reads the sheet, runs the core with the settings the pane saved in the workbook (mapping, control
 * figures, tolerances, language) and the workbook's rates sheet, writes only the Checks sheet (through
 * writePlans, with just that plan — the tool's own sheet, replaced each time) and activates it.
 *
 * Where it runs. A function file's runtime has no Web Worker of the pane's and runs on the page's own
 * thread; Office may stop a command after 5 minutes, and desktop Excel restarts an add-in that does
 * not answer for 5 seconds. So the check goes a slice of rows at a time (Jobs.checks: the core's
 * streaming run), letting the runtime breathe between slices, within a time budget well under the 5
 * minutes; and a register too large for that (more cells than CHECK_NOW_MAX_CELLS, or a budget spent
 * before the write) is handed over to the pane: nothing is written, the workbook's settings get a
 * "pending check" naming the sheet, and a dialog says to open Tizilim, which checks that sheet as soon
 * as it opens (in its worker). The settings are the workbook's SettingCollection, which both runtimes
 * read through Excel (src/excel/settings.ts).
 *
 * How it reports. Excel add-in commands have no toast or notification API (Office's
 * NotificationMessages belong to Outlook), and a function file has no UI of its own; the documented
 * ways are a dialog (Office.context.ui.displayDialogAsync) or the result written into the workbook.
 * The written, activated Checks sheet is the report: the user lands on the findings, one per line
 * with its cell and message — no extra window to dismiss after every click. A dialog is used only
 * when there is nothing to show in the workbook (no register header, the tool's own sheet active, a
 * protected workbook, an Excel too old, a register handed over to the pane): a small page
 * (dialog.html) with the problem in words and what to do. event.completed() is called in every path —
 * after the dialog closes when one is shown.
 */
import { formatNumber, langFromOffice, t, type Lang } from '../core/words';
import { readSheet, SheetTooLargeError } from '../excel/read';
import { mappingColumns, readSettings, refreshStore, saveStore, sourceKey, WorkbookSettingsStore, type SettingsStore } from '../excel/settings';
import { excelApiSupported, type ApiCheck } from '../excel/support';
import { writePlans, type WriteReport } from '../excel/write';
import { describeError } from '../taskpane/errors';
import { Jobs, type RatesSource } from '../taskpane/jobs';
import { InputProblem, localToday } from '../taskpane/base';
import { PENDING_CHECK_KEY, type PendingCheck } from '../taskpane/handover';
import { readRatesSheets } from '../excel/rates';

(globalThis as { tizilimStarted?: boolean }).tizilimStarted = true;

/** Above this many cells (about 100 000 rows of a 15-column register) Check now hands the register over to the pane. */
export const CHECK_NOW_MAX_CELLS = 1_500_000;
/** Rows checked between two breaths of the runtime. */
export const CHECK_NOW_SLICE_ROWS = 2000;
/** The time Check now allows itself before it hands over to the pane (Office may stop a command after 5 minutes). */
export const CHECK_NOW_BUDGET_MS = 3 * 60 * 1000;

export type CheckNowOutcome =
  | { kind: 'written'; sheet: string; checks: string; counts: Record<'error' | 'warning' | 'info', number>; report: WriteReport; lang: Lang }
  | { kind: 'problem'; lang: Lang; title: string; text: string }
  | { kind: 'handover'; lang: Lang; title: string; text: string; sheet: string };

export interface CheckNowDeps {
  excel: { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> };
  store: SettingsStore | null;
  displayLanguage?: string;
  supports?: ApiCheck;
  today?: () => string;
  /** The clock (ms), for the time budget. */
  now?: () => number;
  limits?: { maxCells?: number; sliceRows?: number; budgetMs?: number };
}

/** The register is too large, or the time ran out: the pane takes it. */
class HandOver extends Error {
  constructor(readonly sheet: string, readonly rows: number | null, readonly why: 'size' | 'time') {
    super('hand over to the pane');
    this.name = 'HandOver';
  }
}

const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The check itself; never throws — a problem comes back in words. */
export async function runCheckNow(deps: CheckNowDeps): Promise<CheckNowOutcome> {
  const supports = deps.supports ?? excelApiSupported;
  const now = deps.now ?? (() => Date.now());
  const started = now();
  const budget = deps.limits?.budgetMs ?? CHECK_NOW_BUDGET_MS;
  if (deps.store) await refreshStore(deps.store);
  const settings = readSettings(deps.store);
  const lang: Lang = settings.sheetLang ?? settings.lang ?? langFromOffice(deps.displayLanguage);
  const problem = (e: unknown): CheckNowOutcome => ({ kind: 'problem', lang, title: t('cmd.title', lang), text: describeError(e).text(lang) });
  let sheetName = '';
  let rowsTotal: number | null = null;
  const inBudget = () => {
    if (now() - started > budget) throw new HandOver(sheetName, rowsTotal, 'time');
  };
  try {
    if (!supports('1.7')) throw new InputProblem('error.oldExcel');
    return await deps.excel.run(async (context) => {
      const wb = context.workbook;
      wb.load('name');
      const active = wb.worksheets.getActiveWorksheet();
      active.load('name');
      await context.sync();
      sheetName = active.name;
      let read;
      try {
        read = await readSheet(context, undefined, {
          supports,
          maxCells: deps.limits?.maxCells ?? CHECK_NOW_MAX_CELLS,
          onProgress: (_done, total) => {
            rowsTotal = total;
            inBudget();
          },
        });
      } catch (e) {
        if (e instanceof SheetTooLargeError) throw new HandOver(e.sheet, e.rows, 'size');
        throw e;
      }
      const sheet = read.grid.sheet;
      if (read.role !== null) throw new InputProblem('error.ownSheet', { sheet });
      rowsTotal = read.grid.values.length;

      // The workbook's rates sheets: the tool's (found by its mark), then a sheet of the user's named Бағамдар / Курсы / Rates.
      const rates: RatesSource[] = (await readRatesSheets(context, { supports, exclude: sheet })).map((s) => ({ kind: 'table', source: s.name, values: s.values }));

      const jobs = new Jobs();
      const ref = jobs.putGrid(read.grid, read.date1904);
      const file = wb.name || sheet;
      const c = settings.control;
      const res = await jobs.checks(ref.id, {
        file, lang, today: (deps.today ?? localToday)(), rates,
        mapping: mappingColumns(settings.mappings[sourceKey('sheet', sheet)]),
        crossRateTolerance: settings.crossRateTolerance ?? undefined,
        controlTolerance: settings.controlTolerance ?? undefined,
        control: c.count !== null || c.total !== null ? { count: c.count ?? undefined, total: c.total ?? undefined, status: c.status ?? undefined } : undefined,
        units: settings.units ?? undefined,
        region: settings.region ?? undefined,
        period: settings.period ?? undefined,
        bilingual: settings.bilingual ?? undefined,
      }, {
        slice: deps.limits?.sliceRows ?? CHECK_NOW_SLICE_ROWS,
        pause: async () => {
          await breathe();
          inBudget();
        },
      });
      if (!res.ok) {
        if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', { ...res.reason.params, file: res.source, reasonKey: res.reason.key });
        if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
        throw new InputProblem(res.problem, { file, sheet: res.sheet, rows: 30 });
      }
      inBudget(); // past this point the sheet is written whole
      const report = await writePlans(context, [res.plan], { sourceSheet: sheet, supports, activate: true });
      const counts = { error: 0, warning: 0, info: 0 };
      for (const f of res.findings) counts[f.severity]++;
      return { kind: 'written' as const, sheet, checks: report.sheets[0]?.name ?? res.plan.name, counts, report, lang };
    });
  } catch (e) {
    if (e instanceof HandOver) return handOver(e, deps.store, lang, now);
    return problem(e);
  }
}

/** Leave the register to the pane: a pending check in the workbook's settings, and what to do in words. */
async function handOver(h: HandOver, store: SettingsStore | null, lang: Lang, now: () => number): Promise<CheckNowOutcome> {
  let noted = false;
  if (store && h.sheet) {
    try {
      store.set(PENDING_CHECK_KEY, { sheet: h.sheet, at: new Date(now()).toISOString(), why: h.why } satisfies PendingCheck);
      await saveStore(store);
      noted = true;
    } catch {
      noted = false;
    }
  }
  const rows = h.rows !== null ? formatNumber(h.rows, lang) : null;
  const key = h.why === 'time' ? 'cmd.handover.time' : 'cmd.handover.size';
  const text = `${t(key, lang, { sheet: h.sheet, rows: rows ?? '—' })} ${t(noted ? 'cmd.handover.open' : 'cmd.handover.openManual', lang, { sheet: h.sheet })}`;
  return { kind: 'handover', lang, title: t('cmd.title', lang), text, sheet: h.sheet };
}

interface DialogLike {
  addEventHandler(type: string, handler: (arg: unknown) => void): void;
  close(): void;
}

interface OfficeUi {
  displayDialogAsync(url: string, options: Record<string, unknown>, callback: (r: { status: string; value: DialogLike; error?: unknown }) => void): void;
}

/** The longest a dialog keeps the command open before Office is told it is done anyway. */
const DIALOG_TIMEOUT_MS = 10 * 60 * 1000;

/** Show a problem in a small dialog; resolves when it is closed (or cannot be shown). */
export function showDialog(outcome: { lang: Lang; title: string; text: string }, ui: OfficeUi | null, baseUrl: string, supportsDialog: boolean): Promise<void> {
  if (!ui || !supportsDialog) return Promise.resolve();
  const url = new URL('dialog.html', baseUrl);
  url.searchParams.set('lang', outcome.lang);
  url.searchParams.set('title', outcome.title);
  url.searchParams.set('text', outcome.text.slice(0, 1500));
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    const timer = setTimeout(finish, DIALOG_TIMEOUT_MS);
    try {
      ui.displayDialogAsync(url.toString(), { height: 32, width: 30, displayInIframe: true }, (r) => {
        if (r.status !== 'succeeded') {
          clearTimeout(timer);
          return finish();
        }
        const dialog = r.value;
        const close = () => {
          clearTimeout(timer);
          try {
            dialog.close();
          } catch {
            // already closed by the user
          }
          finish();
        };
        dialog.addEventHandler('dialogMessageReceived', close);
        dialog.addEventHandler('dialogEventReceived', close); // closed with its ✕, or navigation failed
      });
    } catch {
      clearTimeout(timer);
      finish();
    }
  });
}

interface OfficeGlobal {
  context?: {
    displayLanguage?: string;
    ui?: OfficeUi;
    requirements?: { isSetSupported?(name: string, version?: string): boolean };
  };
  actions?: { associate?(name: string, fn: (event: Office.AddinCommands.Event) => unknown): void };
  onReady?: () => Promise<unknown>;
}

function officeGlobal(): OfficeGlobal | null {
  return (globalThis as unknown as { Office?: OfficeGlobal }).Office ?? null;
}

/** Checks the active sheet from the ribbon; calls event.completed() whatever happens. */
export async function checkNow(event: Office.AddinCommands.Event): Promise<void> {
  try {
    const office = officeGlobal();
    const excel = (globalThis as { Excel?: CheckNowDeps['excel'] }).Excel;
    let displayLanguage: string | undefined;
    try {
      displayLanguage = office?.context?.displayLanguage;
    } catch {
      displayLanguage = undefined;
    }
    // The workbook's SettingCollection: what the pane saved, read through Excel now (see settings.ts).
    const store = excel ? new WorkbookSettingsStore(excel) : null;
    const outcome: CheckNowOutcome = excel
      ? await runCheckNow({ excel, store, displayLanguage })
      : { kind: 'problem', lang: langFromOffice(displayLanguage), title: t('cmd.title', langFromOffice(displayLanguage)), text: t('error.outsideExcel', langFromOffice(displayLanguage)) };
    if (outcome.kind !== 'written') {
      const req = office?.context?.requirements;
      let dialogs = false;
      try {
        dialogs = typeof req?.isSetSupported === 'function' && req.isSetSupported('DialogApi', '1.1');
      } catch {
        dialogs = false;
      }
      await showDialog(outcome, office?.context?.ui ?? null, typeof location !== 'undefined' ? location.href : 'https://localhost/', dialogs);
    }
  } catch {
    // nothing more can be shown from here; Office must still hear that the command is done
  } finally {
    event.completed();
  }
}

// Office.actions.associate is how current Office finds an ExecuteFunction handler; older builds
// look the name up on the global object instead, which a webpack bundle does not reach by itself.
if (typeof Office !== 'undefined' && Office.actions?.associate) {
  Office.actions.associate('checkNow', checkNow);
}
(globalThis as unknown as Record<string, unknown>).checkNow = checkNow;

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  void Office.onReady();
}
