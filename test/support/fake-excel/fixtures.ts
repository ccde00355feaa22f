/**
 * The fake Excel, fixtures: a workbook from plain data (`createFakeWorkbook`) and an
 * `Office`/`Excel` namespace over it (`installFakeOffice`). Known limit: `Office.context.document.settings`
 * is one store per `installFakeOffice`; two runtimes (the task pane and the ribbon's commands) given the
 * same Office share one in-memory copy, where Office gives each runtime its own, in step only through
 * saveAsync/refreshAsync: install one per runtime to model that.
 */
import { bindFormulas } from './calc';
import type { FakeExcelOptions } from './context';
import { parseRef, serialFromDate } from './geometry';
import { FakeExcel, type FakeOfficeNamespace } from './host';
import { ensureCell, EXCEL_ERROR_TEXTS, type SheetM } from './model';
import { FakeSettings } from './settings';

/** A cell as a fixture gives it: how Excel holds it, not how one types it. */
export type FixtureValue = number | string | boolean | Date | { error: string } | { formula: string; result?: number | string | boolean } | null;

export interface SheetData {
  /** Rows from `origin` down. Strings are text as held (no formula parsing); an error text ("#REF!") or {error} is an error value; a Date becomes a serial. */
  values?: FixtureValue[][];
  /** Number formats, same shape as `values` (null or missing = General). */
  formats?: (string | null | undefined)[][];
  /** Merged areas, as A1 ranges ("A1:C1") in sheet coordinates. */
  merges?: string[];
  /** Where values[0][0] goes, "A1" by default. */
  origin?: string;
  /** Worksheet custom properties (e.g. {"tizilim.role": "register"}). */
  customProperties?: Record<string, string>;
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
}

export function fillSheet(sh: SheetM, data: SheetData): void {
  const o = parseRef(data.origin ?? 'A1');
  const values = data.values ?? [];
  const formats = data.formats ?? [];
  const height = Math.max(values.length, formats.length);
  for (let i = 0; i < height; i++) {
    const width = Math.max(values[i]?.length ?? 0, formats[i]?.length ?? 0);
    for (let j = 0; j < width; j++) {
      const v = values[i]?.[j] ?? null;
      const fmt = formats[i]?.[j];
      if ((v === null || v === '') && !fmt) continue;
      const cell = ensureCell(sh, o.r0 + i, o.c0 + j);
      if (fmt && fmt !== 'General') cell.nf = fmt;
      if (v === null || v === '') continue;
      if (v instanceof Date) {
        cell.v = serialFromDate(v);
        if (!fmt) cell.nf = 'dd.mm.yyyy';
      } else if (typeof v === 'object') {
        if ('error' in v) {
          cell.v = v.error;
          cell.err = true;
        } else {
          cell.f = v.formula.startsWith('=') ? v.formula : '=' + v.formula;
          if (v.result !== undefined) cell.v = v.result;
        }
      } else if (typeof v === 'string' && EXCEL_ERROR_TEXTS.includes(v)) {
        cell.v = v;
        cell.err = true;
      } else cell.v = v;
    }
  }
  for (const m of data.merges ?? []) sh.merges.push(parseRef(m));
  for (const [k, v] of Object.entries(data.customProperties ?? {})) sh.customProps.set(k.toLowerCase(), { key: k, value: v });
  if (data.visibility) sh.visibility = data.visibility;
}

/** A fake Excel holding a workbook made from plain data (sheet name → cells); the first sheet is active. */
export function createFakeWorkbook(sheets: Record<string, SheetData>, opts: FakeExcelOptions & { names?: Record<string, string> } = {}): FakeExcel {
  const fake = new FakeExcel(opts);
  for (const [name, formula] of Object.entries(opts.names ?? {})) fake.model.names.set(name.toLowerCase(), { name, formula: formula.startsWith('=') ? formula : '=' + formula });
  for (const [name, data] of Object.entries(sheets)) fake.addSheet(name, data, true);
  if (fake.model.sheets.length === 0) fake.addSheet('Sheet1');
  // A workbook opened from a file: its formulas are bound to its sheets, whichever comes first.
  for (const sh of fake.model.sheets) bindFormulas(fake.model, sh);
  return fake;
}

/** Give a page (or a test) `globalThis.Excel` backed by `fake`, and a minimal `globalThis.Office`. */
export function installFakeOffice(
  target: Record<string, unknown>,
  fake: FakeExcel,
  opts: { displayLanguage?: string; host?: string | null; platform?: string } = {},
): FakeOfficeNamespace {
  const host = opts.host === undefined ? 'Excel' : opts.host;
  const platform = host ? opts.platform ?? 'PC' : null;
  const office: FakeOfficeNamespace = {
    context: {
      host,
      displayLanguage: opts.displayLanguage ?? 'en-US',
      requirements: { isSetSupported: (name: string, version?: string) => fake.isSetSupported(name, version) },
    },
    HostType: { Excel: 'Excel' },
    onReady(cb) {
      const info = { host, platform };
      if (cb) cb(info);
      return Promise.resolve(info);
    },
  };
  office.context.document = { url: fake.model.name, settings: new FakeSettings(fake) };
  office.context.platform = platform;
  if (host && platform) office.context.diagnostics = { host, platform, version: `16.0 (in-memory, ExcelApi ${fake.apiVersion})` };
  target.Excel = fake.Excel;
  target.Office = office;
  return office;
}
