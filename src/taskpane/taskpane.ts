/**
 * The task pane's entry: waits for Office, opens the tool's settings in the workbook, starts the
 * engine (a Web Worker where the host allows one) and renders the React pane (App.tsx).
 * Workbook text reaches the page only through React, as text — never as HTML.
 *
 * Waiting for Office. office.js loads further scripts of its own (the host's, the strings of its
 * language) before `Office.onReady` resolves; a network, proxy or Content-Security-Policy that blocks
 * them leaves it waiting for ever. After OFFICE_READY_TIMEOUT_MS the pane says so in words, with what
 * to do, instead of an endless "Loading…" — and still starts if Office answers later. A page Office
 * opened (its address carries Office's host information) with no office.js at all says that
 * office.js did not load; a page opened outside Office starts as the pane does outside Excel.
 *
 * Legacy webviews: this bundle is ES2020 and cannot even be parsed by the Internet Explorer or old
 * Edge webviews of older Office. legacy.js (plain ES5, loaded first) shows them a message instead;
 * the flag below tells it that this bundle did start.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import pkg from '../../package.json';
import { runDiagnostics } from '../excel/diagnostics';
import { MARKS_KEY } from '../excel/marks';
import { excelApiSupported } from '../excel/support';
import { officeSettingsStore, openWorkbookStore, readSettings, SETTINGS_KEY, type SettingsStore } from '../excel/settings';
import { App, type Env } from './App';
import { createEngine, DeferredEngine } from './engine';
import { takePendingCheck } from './handover';
import { OFFICE_READY_TIMEOUT_MS, OfficeNotReady, openedByOffice, showBootMessage, waitForOffice, type ReadyInfo } from './boot';
import { Session } from './session';

(globalThis as { tizilimStarted?: boolean }).tizilimStarted = true;


interface OfficeInfo {
  inExcel: boolean;
  displayLanguage: string | undefined;
  platform: string | null;
}

type ExcelNamespace = { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>; createWorkbook?: (base64: string) => Promise<void> };

function excelNamespace(): ExcelNamespace | null {
  const x = (globalThis as { Excel?: ExcelNamespace }).Excel;
  return x && typeof x.run === 'function' ? x : null;
}

/** Office's word on where the page runs; outside Office not in Excel. */
async function officeInfo(container: HTMLElement): Promise<OfficeInfo> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== 'function') {
    const where = { search: location.search, name: window.name, external: (window as { external?: unknown }).external };
    if (openedByOffice(where)) throw new OfficeNotReady('missing');
    return { inExcel: false, displayLanguage: navigator.language, platform: null };
  }
  const info = await waitForOffice(() => office.onReady() as Promise<ReadyInfo>, OFFICE_READY_TIMEOUT_MS, () => showBootMessage(container, 'boot.officeLate'));
  let displayLanguage: string | undefined;
  try {
    displayLanguage = office.context?.displayLanguage;
  } catch {
    displayLanguage = undefined;
  }
  const inExcel = info.host === office.HostType.Excel && excelNamespace() !== null;
  return { inExcel, displayLanguage: displayLanguage ?? navigator.language, platform: typeof info.platform === 'string' ? info.platform : null };
}

export async function start(container: HTMLElement): Promise<void> {
  const office = await officeInfo(container);
  const excel = office.inExcel ? excelNamespace() : null;
  // The workbook's settings (Excel.SettingCollection), with any an earlier version kept in
  // Office.context.document.settings moved in; a host that cannot give them leaves the pane without.
  let store: SettingsStore | null = null;
  if (excel && excelApiSupported('1.4')) {
    try {
      store = await openWorkbookStore(excel, officeSettingsStore(), [SETTINGS_KEY, MARKS_KEY]);
    } catch {
      store = null;
    }
  }
  const pendingCheck = await takePendingCheck(store);
  // The worker starts while the pane renders; the first read waits for it.
  const engine = new DeferredEngine(createEngine());
  const session = new Session({ engine, excel, store, supports: excelApiSupported });
  const createWorkbook = excel && typeof excel.createWorkbook === 'function' && excelApiSupported('1.8') ? (b64: string) => (excel.createWorkbook as (b: string) => Promise<void>)(b64) : null;
  const officeContext = (globalThis as { Office?: { context?: unknown } }).Office?.context;
  const diagnostics = excel
    ? (onCheck: Parameters<typeof runDiagnostics>[0]['onCheck']) =>
        runDiagnostics({ excel, office: officeContext as Parameters<typeof runDiagnostics>[0]['office'], supports: excelApiSupported, tool: `Tizilim ${pkg.version}`, onCheck })
    : null;
  const env: Env = {
    inExcel: office.inExcel, displayLanguage: office.displayLanguage, platform: office.platform, store, settings: readSettings(store), session, supports: excelApiSupported, createWorkbook, pendingCheck,
    runDiagnostics: diagnostics,
  };
  createRoot(container).render(createElement(App, { env }));
}

function boot(): void {
  const container = document.getElementById('app');
  // legacy.js recognised an old webview and shows its message: stay out of the way.
  if (!container || (globalThis as { tizilimLegacyWebview?: boolean }).tizilimLegacyWebview) return;
  start(container).catch((e: unknown) => {
    if (e instanceof OfficeNotReady) return showBootMessage(container, 'boot.officeMissing');
    // The pane could not start at all: say so in the page, in the three languages, without a stack.
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
    showBootMessage(container, 'boot.failed', { message });
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
}
