/**
 * Ribbon commands, loaded by the function file (commands.html) named in manifest.xml.
 *
 * "Check now" (ExecuteFunction checkNow) checks the active sheet without opening the task pane: it
 * reads the sheet, runs the core with the settings the pane saved in the workbook (mapping, control
 * figures, tolerances, language) and the workbook's rates sheet, writes only the Checks sheet (through
 * writePlans, with just that plan — the tool's own sheet, replaced each time) and activates it.
 *
 * How it reports. Excel add-in commands have no toast or notification API (Office's
 * NotificationMessages belong to Outlook), and a function file has no UI of its own; the documented
 * ways are a dialog (Office.context.ui.displayDialogAsync) or the result written into the workbook.
 * The written, activated Checks sheet is the report: the user lands on the findings, one per line
 * with its cell and message — no extra window to dismiss after every click. A dialog is used only
 * when there is nothing to show in the workbook (no register header, the tool's own sheet active, a
 * protected workbook, an Excel too old): a small page (dialog.html) with the problem in words and
 * what to do. event.completed() is called in every path — after the dialog closes when one is shown.
 */
import type { Lang } from '../core/i18n';
import { readSheet } from '../excel/read';
import { mappingColumns, officeSettingsStore, readSettings, refreshStore, sourceKey, type SettingsStore } from '../excel/settings';
import { excelApiSupported, type ApiCheck } from '../excel/support';
import { writePlans, type WriteReport } from '../excel/write';
import { describeError } from '../taskpane/errors';
import { langFromOffice, t } from '../taskpane/i18n';
import { Jobs, type RatesSource } from '../taskpane/jobs';
import { InputProblem, localToday } from '../taskpane/base';
import { readRatesSheets } from '../excel/rates';

export type CheckNowOutcome =
  | { kind: 'written'; sheet: string; checks: string; counts: Record<'error' | 'warning' | 'info', number>; report: WriteReport; lang: Lang }
  | { kind: 'problem'; lang: Lang; title: string; text: string };

export interface CheckNowDeps {
  excel: { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> };
  store: SettingsStore | null;
  displayLanguage?: string;
  supports?: ApiCheck;
  today?: () => string;
}

/** The check itself; never throws — a problem comes back in words. */
export async function runCheckNow(deps: CheckNowDeps): Promise<CheckNowOutcome> {
  const supports = deps.supports ?? excelApiSupported;
  if (deps.store) await refreshStore(deps.store);
  const settings = readSettings(deps.store);
  const lang: Lang = settings.sheetLang ?? settings.lang ?? langFromOffice(deps.displayLanguage);
  const problem = (e: unknown): CheckNowOutcome => ({ kind: 'problem', lang, title: t('cmd.title', lang), text: describeError(e).text(lang) });
  try {
    if (!supports('1.7')) throw new InputProblem('error.oldExcel');
    return await deps.excel.run(async (context) => {
      const wb = context.workbook;
      wb.load('name');
      const read = await readSheet(context, undefined, { supports });
      const sheet = read.grid.sheet;
      if (read.role !== null) throw new InputProblem('error.ownSheet', { sheet });

      // The workbook's rates sheets: the tool's (found by its mark), then a sheet of the user's named Бағамдар / Курсы / Rates.
      const rates: RatesSource[] = (await readRatesSheets(context, { supports, exclude: sheet })).map((s) => ({ kind: 'table', source: s.name, values: s.values }));

      const jobs = new Jobs();
      const ref = jobs.putGrid(read.grid);
      const file = wb.name || sheet;
      const c = settings.control;
      const res = await jobs.run(ref.id, {
        file, lang, today: (deps.today ?? localToday)(), rates,
        mapping: mappingColumns(settings.mappings[sourceKey('sheet', sheet)]),
        crossRateTolerance: settings.crossRateTolerance ?? undefined,
        controlTolerance: settings.controlTolerance ?? undefined,
        control: c.count !== null || c.total !== null ? { count: c.count ?? undefined, total: c.total ?? undefined, status: c.status ?? undefined } : undefined,
        units: settings.units ?? undefined,
        region: settings.region ?? undefined,
        period: settings.period ?? undefined,
        bilingual: settings.bilingual ?? undefined,
      });
      if (!res.ok) {
        if (res.problem === 'RATES_UNREADABLE') throw new InputProblem('RATES_UNREADABLE', { file: res.source, reason: res.reason });
        if (res.problem === 'CONTROL_TOTAL') throw new InputProblem('error.controlTotal', { text: res.text });
        throw new InputProblem(res.problem, { file, sheet: res.sheet, rows: 30 });
      }
      const plan = res.plans.find((p) => p.role === 'checks');
      if (!plan) throw new Error('no checks sheet in the plans');
      const report = await writePlans(context, [plan], { sourceSheet: sheet, supports, activate: true });
      const counts = { error: 0, warning: 0, info: 0 };
      for (const f of res.findings) counts[f.severity]++;
      return { kind: 'written' as const, sheet, checks: report.sheets[0]?.name ?? plan.name, counts, report, lang };
    });
  } catch (e) {
    return problem(e);
  }
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
export function showDialog(outcome: Extract<CheckNowOutcome, { kind: 'problem' }>, ui: OfficeUi | null, baseUrl: string, supportsDialog: boolean): Promise<void> {
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
    const store = officeSettingsStore();
    const outcome: CheckNowOutcome = excel
      ? await runCheckNow({ excel, store, displayLanguage })
      : { kind: 'problem', lang: langFromOffice(displayLanguage), title: t('cmd.title', langFromOffice(displayLanguage)), text: t('error.outsideExcel', langFromOffice(displayLanguage)) };
    if (outcome.kind === 'problem') {
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
