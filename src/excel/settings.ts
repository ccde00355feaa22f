/**
 * The tool's settings in the workbook: the column mapping, control figures, tolerances, the sheets'
 * options and the languages, kept in the workbook's `Excel.SettingCollection` (ExcelApi 1.4) — per
 * workbook and per add-in, stored inside the file, invisible to the user, no sheet or custom XML part
 * of ours. They travel with the workbook and come back when it is reopened, on any machine.
 *
 * Why not `Office.context.document.settings`: Office documents that property bag as available to the
 * instance of the add-in that created it, and keeps an in-memory copy per runtime — the task pane and
 * the ribbon's function file are two runtimes, so "Check now" could not count on seeing what the pane
 * saved. The SettingCollection is the workbook's own object, read through Excel at the moment it is
 * asked for: both runtimes see the same settings. Settings a workbook still holds in the old place are
 * moved over once, by the task pane (the instance that wrote them).
 *
 * What comes back from a document is not trusted: every value is checked, and anything that does not
 * fit (a hand-edited or older file) falls back to the default rather than reaching the core.
 */
import { columnNumber, isColumnLetters } from '../core/grid/a1';
import { isLang, type Lang } from '../core/words';
import { FIELDS, STATUS_CODES, type Field, type StatusCode } from '../core/register/register';
import type { Units } from '../core/report/summary';

/** The summary sheets' units of display (PipelineOptions.units). */
export const UNITS: readonly Units[] = ['tenge', 'thousand', 'million', 'billion'];

/** The add-in's settings entry; the marks' record (src/excel/marks.ts) is a second entry beside it. */
export const SETTINGS_KEY = 'tizilim.settings';
export const SETTINGS_VERSION = 1;

/**
 * A property bag of the add-in's settings: get / set / remove on a copy in memory, `saveAsync` writes
 * the copy's changes into the workbook, `refreshAsync` reads the workbook again. Office.Settings has
 * this shape; WorkbookSettingsStore gives it to the workbook's SettingCollection.
 */
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

/** The ministry copy's options as last used (src/core/monthly/export.ts ExportOptions); null: the default. */
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

/**
 * Office.context.document.settings when the page runs in Office, else null: where settings were kept
 * before they moved to the workbook's SettingCollection (read only to move them over).
 */
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

function readMapping(x: unknown): Partial<Record<Field, string>> | null {
  if (!isObject(x)) return null;
  const out: Partial<Record<Field, string>> = {};
  for (const [k, v] of Object.entries(x)) {
    if ((FIELDS as readonly string[]).includes(k) && typeof v === 'string' && /^[A-Z]+$/.test(v) && isColumnLetters(v)) out[k as Field] = v;
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

/**
 * `saveAsync` as a promise; rejects with SettingsSaveError. Given the request context of a batch in
 * progress, a workbook store saves within it (no second Excel.run beside the first).
 */
export function saveStore(store: SettingsStore, context?: Excel.RequestContext): Promise<void> {
  if (context && store instanceof WorkbookSettingsStore) return store.saveIn(context);
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
  for (const [field, letters] of Object.entries(m) as [Field, string][]) if (isColumnLetters(letters)) out[field] = columnNumber(letters);
  return Object.keys(out).length ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// The workbook's SettingCollection as a SettingsStore

/** What the store needs of the Excel namespace (Office.js, or the in-memory one). */
export interface ExcelRunner {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** The add-in's own keys in the SettingCollection begin with this; others are never read or touched. */
export const STORE_PREFIX = 'tizilim.';

/**
 * The workbook's `Excel.SettingCollection` (ExcelApi 1.4) behind the SettingsStore shape. `refresh`
 * reads the add-in's keys into a copy; get / set / remove work on the copy; `save` writes only the keys
 * changed since (so the pane and the ribbon's command, each with its own copy, never write back each
 * other's keys unchanged). Values are kept as JSON, as Office keeps them: `get` returns a copy.
 */
export class WorkbookSettingsStore implements SettingsStore {
  private copy = new Map<string, string>();
  private changed = new Set<string>();
  private removed = new Set<string>();
  private loaded = false;

  constructor(private readonly excel: ExcelRunner) {}

  get(name: string): unknown {
    const json = this.copy.get(name);
    return json === undefined ? null : (JSON.parse(json) as unknown);
  }

  set(name: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new SettingsSaveError(`the setting "${name}" cannot be stored`);
    this.copy.set(name, json);
    this.changed.add(name);
    this.removed.delete(name);
  }

  remove(name: string): void {
    this.copy.delete(name);
    this.changed.delete(name);
    this.removed.add(name);
  }

  /** Has the copy been read from the workbook? */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Read the add-in's keys from the workbook (unsaved changes are dropped, as Office.Settings.refreshAsync drops them). */
  async refresh(): Promise<void> {
    const items = await this.excel.run(async (context) => {
      const settings = context.workbook.settings;
      settings.load('items/key,items/value');
      await context.sync();
      return settings.items.map((it) => ({ key: it.key, value: it.value as unknown }));
    });
    this.copy = new Map(items.filter((it) => it.key.startsWith(STORE_PREFIX)).map((it) => [it.key, JSON.stringify(it.value ?? null)]));
    this.changed.clear();
    this.removed.clear();
    this.loaded = true;
  }

  /** Write the changed keys into the workbook (in a batch of its own). */
  save(): Promise<void> {
    return this.excel.run((context) => this.saveIn(context));
  }

  /** Write the changed keys within a batch in progress. Rejects with SettingsSaveError. */
  async saveIn(context: Excel.RequestContext): Promise<void> {
    const changed = [...this.changed];
    const removed = [...this.removed];
    if (changed.length === 0 && removed.length === 0) return;
    try {
      const settings = context.workbook.settings;
      const gone = removed.map((key) => settings.getItemOrNullObject(key));
      for (const g of gone) g.load('key');
      if (gone.length) await context.sync();
      for (const g of gone) if (!g.isNullObject) g.delete();
      for (const key of changed) settings.add(key, JSON.parse(this.copy.get(key) as string) as unknown);
      await context.sync();
    } catch (e) {
      throw new SettingsSaveError(e instanceof Error ? e.message : String(e));
    }
    for (const k of changed) this.changed.delete(k);
    for (const k of removed) this.removed.delete(k);
  }

  saveAsync(callback?: (result: AsyncOutcome) => void): void {
    this.save().then(
      () => callback?.({ status: 'succeeded' }),
      (e: unknown) => callback?.({ status: 'failed', error: { message: e instanceof Error ? e.message : String(e) } }),
    );
  }

  refreshAsync(callback?: (result: AsyncOutcome) => void): void {
    this.refresh().then(
      () => callback?.({ status: 'succeeded' }),
      (e: unknown) => callback?.({ status: 'failed', error: { message: e instanceof Error ? e.message : String(e) } }),
    );
  }
}

/**
 * Settings a workbook still keeps in Office.context.document.settings (written by an earlier version
 * of the pane) are moved into the workbook's store — the keys the store does not have yet — and then
 * removed from the old place. Returns the keys moved. If the workbook refuses the save, the old place
 * keeps them (and the store's copy, still marked changed, writes them with its next save).
 */
export async function moveLegacySettings(legacy: SettingsStore | null, store: WorkbookSettingsStore, keys: readonly string[]): Promise<string[]> {
  if (!legacy) return [];
  const moved: string[] = [];
  for (const key of keys) {
    let old: unknown;
    try {
      old = legacy.get(key);
    } catch {
      old = null;
    }
    if (old === null || old === undefined || store.get(key) !== null) continue;
    store.set(key, old);
    moved.push(key);
  }
  if (moved.length === 0) return moved;
  await store.save();
  for (const key of moved) legacy.remove(key);
  await saveStore(legacy).catch(() => undefined); // the copy in the workbook's store is the one read from now on
  return moved;
}

/** The workbook's store, read, with any settings of an earlier version moved in (the task pane's start). */
export async function openWorkbookStore(excel: ExcelRunner, legacy: SettingsStore | null, keys: readonly string[]): Promise<WorkbookSettingsStore> {
  const store = new WorkbookSettingsStore(excel);
  await store.refresh();
  try {
    await moveLegacySettings(legacy, store, keys);
  } catch {
    // the old settings stay where they were; the pane works with the workbook's store
  }
  return store;
}
