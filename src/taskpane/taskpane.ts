/**
 * The task pane's entry: waits for Office, reads the tool's settings from the workbook, starts the
 * engine (a Web Worker where the host allows one) and renders the React pane (App.tsx).
 * Workbook text reaches the page only through React, as text — never as HTML.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { excelApiSupported } from '../excel/support';
import { officeSettingsStore, readSettings } from '../excel/settings';
import { App, type Env } from './App';
import { createEngine, DeferredEngine } from './engine';
import { Session } from './session';

interface OfficeInfo {
  inExcel: boolean;
  displayLanguage: string | undefined;
}

type ExcelNamespace = { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>; createWorkbook?: (base64: string) => Promise<void> };

function excelNamespace(): ExcelNamespace | null {
  const x = (globalThis as { Excel?: ExcelNamespace }).Excel;
  return x && typeof x.run === 'function' ? x : null;
}

/** Office's word on where the page runs; outside Office (or when office.js did not load) not in Excel. */
async function officeInfo(): Promise<OfficeInfo> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== 'function') return { inExcel: false, displayLanguage: navigator.language };
  const info = await office.onReady();
  let displayLanguage: string | undefined;
  try {
    displayLanguage = office.context?.displayLanguage;
  } catch {
    displayLanguage = undefined;
  }
  const inExcel = info.host === office.HostType.Excel && excelNamespace() !== null;
  return { inExcel, displayLanguage: displayLanguage ?? navigator.language };
}

export async function start(container: HTMLElement): Promise<void> {
  const office = await officeInfo();
  const store = office.inExcel ? officeSettingsStore() : null;
  const excel = office.inExcel ? excelNamespace() : null;
  // The worker starts while the pane renders; the first read waits for it.
  const engine = new DeferredEngine(createEngine());
  const session = new Session({ engine, excel, store, supports: excelApiSupported });
  const createWorkbook = excel && typeof excel.createWorkbook === 'function' && excelApiSupported('1.8') ? (b64: string) => (excel.createWorkbook as (b: string) => Promise<void>)(b64) : null;
  const env: Env = { inExcel: office.inExcel, displayLanguage: office.displayLanguage, store, settings: readSettings(store), session, supports: excelApiSupported, createWorkbook };
  createRoot(container).render(createElement(App, { env }));
}

function boot(): void {
  const container = document.getElementById('app');
  if (!container) return;
  start(container).catch((e: unknown) => {
    // The pane could not start at all: say so in the page, in the three languages, without a stack.
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
    container.textContent = `Тізілім іске қосылмады / Тізілім не запустился / Tizilim could not start: ${message}. Excel-ді қайта ашыңыз / Перезапустите Excel / Restart Excel.`;
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
}
