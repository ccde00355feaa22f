/**
 * The fake Excel, `Office.context.document.settings`: the add-in's settings stored in the
 * document, saved with saveAsync and read back by a reopened workbook; Office's 2 MB limit on them.
 */
import { utf8Length } from './context';
import type { FakeExcel, SheetSnapshot } from './host';

/** What the "file" holds: settings saved with saveAsync, by workbook; a reopened workbook (installFakeOffice again) reads them back. */
const SAVED_SETTINGS = new WeakMap<FakeExcel, Map<string, string>>();
/** Office's limit on an add-in's settings in one document (2 MB of JSON). */
export const SETTINGS_LIMIT_BYTES = 2 * 1024 * 1024;

interface FakeAsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error?: { name: string; message: string; code: number };
}

/**
 * `Office.Settings` as Office has it: `set`/`get`/`remove` work on the add-in's in-memory copy (values
 * are stored as JSON, so `get` returns a copy, and what JSON cannot hold is lost); `saveAsync` writes the
 * copy into the document; `refreshAsync` re-reads it. Unsaved changes are gone when the workbook is reopened.
 */
export class FakeSettings {
  private copy: Map<string, string>;
  /** Make the next saveAsync calls fail (as when the document is read-only). */
  failSaves = 0;
  saves = 0;
  constructor(private readonly fake: FakeExcel) {
    this.copy = new Map(savedSettingsOf(fake));
  }
  get(name: string): unknown {
    const json = this.copy.get(name);
    return json === undefined ? null : (JSON.parse(json) as unknown);
  }
  set(name: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new Error('Office.Settings.set: the value cannot be stored.');
    this.copy.set(name, json);
  }
  remove(name: string): void {
    this.copy.delete(name);
  }
  saveAsync(a?: unknown, b?: unknown): void {
    const cb = (typeof a === 'function' ? a : b) as ((r: FakeAsyncResult<void>) => void) | undefined;
    const size = [...this.copy].reduce((n, [k, v]) => n + utf8Length(k) + utf8Length(v), 0);
    let result: FakeAsyncResult<void>;
    if (this.failSaves > 0) {
      this.failSaves--;
      result = { status: 'failed', value: undefined, error: { name: 'Settings save failed', message: 'The settings could not be saved.', code: 5001 } };
    } else if (size > SETTINGS_LIMIT_BYTES) {
      result = { status: 'failed', value: undefined, error: { name: 'Settings size exceeded', message: 'The settings exceed the 2 MB limit.', code: 5001 } };
    } else {
      SAVED_SETTINGS.set(this.fake, new Map(this.copy));
      this.saves++;
      result = { status: 'succeeded', value: undefined };
    }
    setTimeout(() => cb?.(result), 0);
  }
  refreshAsync(cb?: (r: FakeAsyncResult<FakeSettings>) => void): void {
    this.copy = new Map(savedSettingsOf(this.fake));
    setTimeout(() => cb?.({ status: 'succeeded', value: this }), 0);
  }
}

function savedSettingsOf(fake: FakeExcel): Map<string, string> {
  return SAVED_SETTINGS.get(fake) ?? new Map();
}

/** The settings saved in the document (parsed), as a reopened workbook would find them. */
export function savedFakeSettings(fake: FakeExcel): Record<string, unknown> {
  return Object.fromEntries([...savedSettingsOf(fake)].map(([k, v]) => [k, JSON.parse(v) as unknown]));
}

/** A sheet's cells as Excel holds them (values, formulas, number formats, merges, tables, …), for assertions. */
export function readBack(fake: FakeExcel, sheet: string): SheetSnapshot {
  return fake.readSheet(sheet);
}
