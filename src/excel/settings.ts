/**
 * The tool's settings in the workbook: the column mapping, control figures, tolerances, the sheets'
 * options and the languages, kept with `Office.context.document.settings` — per workbook and per
 * add-in, stored inside the file, invisible to the user, no sheet or custom XML part of ours. Saved
 * with `saveAsync` (they then travel with the workbook and come back when it is reopened, on any
 * machine); the ribbon's "Check now" reads the same settings as the task pane.
 *
 * What comes back from a document is not trusted: every value is checked, and anything that does not
 * fit (a hand-edited or older file) falls back to the default rather than reaching the core.
 */
import { isLang, type Lang } from '../core/i18n';
import { FIELDS, STATUS_CODES, type Field, type StatusCode } from '../core/register';
import type { Units } from '../core/summary';

/** The summary sheets' units of display (PipelineOptions.units). */
export const UNITS: readonly Units[] = ['tenge', 'thousand', 'million', 'billion'];

/** The add-in's settings entry; the marks' record (src/excel/marks.ts) is a second entry beside it. */
export const SETTINGS_KEY = 'tizilim.settings';
export const SETTINGS_VERSION = 1;

/** What `Office.context.document.settings` offers (Office.Settings), as far as the tool uses it. */
export interface SettingsStore {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: AsyncOutcome) => void): void;
  refreshAsync?(callback?: (result: AsyncOutcome) => void): void;
}

interface AsyncOutcome {
  status: string;
  error?: { message?: string; code?: number } | null;
}

export interface ControlSettings {
  /** The number of projects the register must hold. */
  count: number | null;
  /** Their total in tenge as the user typed it ("134 млрд теңге"); read by the core's money parser. */
  total: string | null;
  /** Only projects of this status count; null for all. */
  status: StatusCode | null;
}

/** The ministry copy's options as last used (src/core/export.ts ExportOptions); null: the default. */
export interface ExportSettings {
  organisation: string | null;
  region: string | null;
  /** Latin letters and digits, for the file name ("BKO"). */
  regionCode: string | null;
  /** Keep the summaries' formulas (else values only). */
  formulas: boolean;
  /** The headings' languages, "kk,ru" and the like. */
  headings: string | null;
}

export interface ToolSettings {
  version: number;
  /** The pane's language; null: Office's display language. */
  lang: Lang | null;
  /** The language of the written sheets; null: the pane's. */
  sheetLang: Lang | null;
  /** Column mappings the user confirmed, by source ("sheet:Тізілім 2025-10", "table:Жобалар", "file:reg.xlsx#Sheet1"): field → column letters. */
  mappings: Record<string, Partial<Record<Field, string>>>;
  control: ControlSettings;
  /** Fractions (0.02 = 2 %); null: the core's default. */
  crossRateTolerance: number | null;
  controlTolerance: number | null;
  /** Roles of the sheets to write ("summary:overview", "register", …); null: all of them. */
  sheets: string[] | null;
  /** Mark the cells with findings in the register sheet (fill and note). */
  markCells: boolean;
  /** The summary sheets' units, region line, period line and Kazakh-over-Russian headings (PipelineOptions). */
  units: Units | null;
  region: string | null;
  period: string | null;
  bilingual: boolean | null;
  /** The copy for the ministries (the Export step). */
  export: ExportSettings;
}

export const DEFAULT_EXPORT: ExportSettings = Object.freeze({ organisation: null, region: null, regionCode: null, formulas: false, headings: null }) as ExportSettings;

/** The heading languages the Export step offers. */
export const EXPORT_HEADINGS = ['kk,ru', 'ru,kk', 'kk', 'ru', 'en'] as const;

export const DEFAULT_SETTINGS: ToolSettings = Object.freeze({
  version: SETTINGS_VERSION,
  lang: null,
  sheetLang: null,
  mappings: {},
  control: { count: null, total: null, status: null },
  crossRateTolerance: null,
  controlTolerance: null,
  sheets: null,
  markCells: true,
  units: null,
  region: null,
  period: null,
  bilingual: null,
  export: DEFAULT_EXPORT,
}) as ToolSettings;

/** The settings could not be written into the document (read-only file, a host error). */
export class SettingsSaveError extends Error {
  readonly code = 'SETTINGS_NOT_SAVED';
  constructor(message: string) {
    super(message);
    this.name = 'SettingsSaveError';
  }
}

/** Office.context.document.settings when the page runs in Office, else null. */
export function officeSettingsStore(): SettingsStore | null {
  const office = (globalThis as { Office?: { context?: { document?: { settings?: unknown } } } }).Office;
  let settings: unknown;
  try {
    settings = office?.context?.document?.settings;
  } catch {
    return null; // office.js outside Office throws on some context properties
  }
  if (!settings || typeof settings !== 'object') return null;
  const s = settings as Partial<SettingsStore>;
  return typeof s.get === 'function' && typeof s.set === 'function' && typeof s.saveAsync === 'function' ? (settings as SettingsStore) : null;
}

// ---------------------------------------------------------------------------------------------
// Reading, with every value checked

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: unknown, max = 200): string | null => (typeof x === 'string' && x.trim() !== '' ? x.slice(0, max) : null);
const fraction = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1 ? x : null);
const COLUMN = /^[A-Z]{1,3}$/;

function readMapping(x: unknown): Partial<Record<Field, string>> | null {
  if (!isObject(x)) return null;
  const out: Partial<Record<Field, string>> = {};
  for (const [k, v] of Object.entries(x)) {
    if ((FIELDS as readonly string[]).includes(k) && typeof v === 'string' && COLUMN.test(v)) out[k as Field] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** Settings from a raw stored value (anything); defaults where a value does not fit. */
export function parseSettings(raw: unknown): ToolSettings {
  const s: ToolSettings = { ...DEFAULT_SETTINGS, mappings: {}, control: { ...DEFAULT_SETTINGS.control }, export: { ...DEFAULT_EXPORT } };
  if (!isObject(raw)) return s;
  if (isLang(raw.lang)) s.lang = raw.lang;
  if (isLang(raw.sheetLang)) s.sheetLang = raw.sheetLang;
  if (isObject(raw.mappings)) {
    for (const [key, m] of Object.entries(raw.mappings).slice(0, 50)) {
      const mapping = readMapping(m);
      if (mapping && key.length <= 300) s.mappings[key] = mapping;
    }
  }
  if (isObject(raw.control)) {
    const c = raw.control;
    if (typeof c.count === 'number' && Number.isInteger(c.count) && c.count >= 0) s.control.count = c.count;
    s.control.total = text(c.total, 100);
    if ((STATUS_CODES as readonly unknown[]).includes(c.status)) s.control.status = c.status as StatusCode;
  }
  s.crossRateTolerance = fraction(raw.crossRateTolerance);
  s.controlTolerance = fraction(raw.controlTolerance);
  if (Array.isArray(raw.sheets)) s.sheets = raw.sheets.filter((r): r is string => typeof r === 'string' && r.length <= 100).slice(0, 50);
  if (typeof raw.markCells === 'boolean') s.markCells = raw.markCells;
  if ((UNITS as readonly unknown[]).includes(raw.units)) s.units = raw.units as Units;
  s.region = text(raw.region);
  s.period = text(raw.period, 40);
  if (typeof raw.bilingual === 'boolean') s.bilingual = raw.bilingual;
  if (isObject(raw.export)) {
    const e = raw.export;
    s.export.organisation = text(e.organisation);
    s.export.region = text(e.region);
    s.export.regionCode = typeof e.regionCode === 'string' && /^[A-Za-z0-9_-]{1,20}$/.test(e.regionCode) ? e.regionCode : null;
    if (typeof e.formulas === 'boolean') s.export.formulas = e.formulas;
    s.export.headings = (EXPORT_HEADINGS as readonly unknown[]).includes(e.headings) ? (e.headings as string) : null;
  }
  return s;
}

export function readSettings(store: SettingsStore | null): ToolSettings {
  if (!store) return parseSettings(null);
  try {
    return parseSettings(store.get(SETTINGS_KEY));
  } catch {
    return parseSettings(null);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/** `saveAsync` as a promise; rejects with SettingsSaveError. */
export function saveStore(store: SettingsStore): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      store.saveAsync((r) => {
        if (!r || r.status === 'succeeded') resolve();
        else reject(new SettingsSaveError(r.error?.message ?? 'saveAsync failed'));
      });
    } catch (e) {
      reject(new SettingsSaveError(e instanceof Error ? e.message : String(e)));
    }
  });
}

/** Store the settings in the document and save them (they come back when the workbook is reopened). */
export async function writeSettings(store: SettingsStore, settings: ToolSettings): Promise<void> {
  store.set(SETTINGS_KEY, { ...settings, version: SETTINGS_VERSION });
  await saveStore(store);
}

/** Read, change and save in one step. Returns the settings as saved. */
export async function updateSettings(store: SettingsStore, change: (s: ToolSettings) => ToolSettings): Promise<ToolSettings> {
  const next = change(readSettings(store));
  await writeSettings(store, next);
  return next;
}

/**
 * Re-read what the document holds (the task pane may have saved since this runtime read them: the
 * ribbon's function file keeps its own copy). Hosts without `refreshAsync` keep the copy they have.
 */
export function refreshStore(store: SettingsStore): Promise<void> {
  return new Promise((resolve) => {
    if (typeof store.refreshAsync !== 'function') return resolve();
    try {
      store.refreshAsync(() => resolve());
    } catch {
      resolve();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Mappings by source

/** The key a source's mapping is kept under. */
export function sourceKey(kind: 'sheet' | 'table' | 'file', name: string, sheet?: string): string {
  return kind === 'file' ? `file:${name}#${sheet ?? ''}` : `${kind}:${name}`;
}

/** Column letters → 1-based numbers ("F" → 6), for PipelineOptions.mapping. */
export function mappingColumns(m: Partial<Record<Field, string>> | undefined): Partial<Record<Field, number>> | undefined {
  if (!m) return undefined;
  const out: Partial<Record<Field, number>> = {};
  for (const [field, letters] of Object.entries(m) as [Field, string][]) {
    let n = 0;
    for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
    out[field] = n;
  }
  return Object.keys(out).length ? out : undefined;
}
