/**
 * The fake Excel, the workbook's SettingCollection (ExcelApi 1.4): key → the value as JSON,
 * as Office keeps it in the file.
 */
import { utf8Length } from './context';
import { fail } from './errors';
import type { FakeExcel } from './host';
import type { WorkbookM } from './model';
import { FakeCollection, FakeObject } from './proxy';
import { SETTINGS_LIMIT_BYTES } from './settings';

/** What the workbook's SettingCollection holds: key → the value as JSON (as Office keeps it in the file). */
const WORKBOOK_SETTINGS = new WeakMap<WorkbookM, Map<string, string>>();

function workbookSettingsOf(wb: WorkbookM): Map<string, string> {
  let m = WORKBOOK_SETTINGS.get(wb);
  if (!m) WORKBOOK_SETTINGS.set(wb, (m = new Map()));
  return m;
}

class FakeSetting extends FakeObject<{ wb: WorkbookM; key: string }> {
  readonly _type = 'Setting';
  protected readonly _scalars = ['key', 'value'] as const;
  protected _read(t: { wb: WorkbookM; key: string }, prop: string): unknown {
    const json = workbookSettingsOf(t.wb).get(t.key);
    if (json === undefined) fail('ItemNotFound', 'The setting does not exist.', 'Setting');
    return prop === 'key' ? t.key : (JSON.parse(json) as unknown);
  }
  get key(): string {
    return this._get('key');
  }
  get value(): unknown {
    return this._get('value');
  }
  set value(v: unknown) {
    this._set('value', v, (t) => storeSetting(t.wb, t.key, v));
  }
  delete(): void {
    this._call('delete', [], (t) => workbookSettingsOf(t.wb).delete(t.key));
  }
}

function storeSetting(wb: WorkbookM, key: string, value: unknown): void {
  const json = JSON.stringify(value);
  if (json === undefined) fail('InvalidArgument', 'The setting value cannot be stored.', 'SettingCollection.add');
  const m = workbookSettingsOf(wb);
  const size = [...m].reduce((n, [k, v]) => n + (k === key ? 0 : utf8Length(k) + utf8Length(v)), utf8Length(key) + utf8Length(json));
  if (size > SETTINGS_LIMIT_BYTES) fail('GeneralException', 'The settings exceed the 2 MB limit.', 'SettingCollection.add');
  m.set(key, json);
}

export class FakeSettingCollection extends FakeCollection<WorkbookM, FakeSetting> {
  readonly _type = 'SettingCollection';
  protected _list(wb: WorkbookM): unknown[] {
    this.context.requireApi('1.4', 'Workbook.settings');
    return [...workbookSettingsOf(wb).keys()].map((key) => ({ wb, key }));
  }
  protected _wrap(item: unknown): FakeSetting {
    const it = item as { wb: WorkbookM; key: string };
    return new FakeSetting(this.context, () => it);
  }
  add(key: string, value: unknown): FakeSetting {
    const wb = this._owner();
    this.context.enqueue(['add', key, value], () => {
      this.context.requireApi('1.4', 'SettingCollection.add');
      if (!key) fail('InvalidArgument', 'The setting key is invalid.', 'SettingCollection.add');
      storeSetting(wb, key, value);
    });
    return new FakeSetting(this.context, () => ({ wb, key }));
  }
  getItem(key: string): FakeSetting {
    const wb = this._owner();
    return new FakeSetting(this.context, () => (workbookSettingsOf(wb).has(key) ? { wb, key } : null), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeSetting {
    const wb = this._owner();
    return new FakeSetting(this.context, () => (workbookSettingsOf(wb).has(key) ? { wb, key } : null), true, ['getItemOrNullObject', key]);
  }
}

/** The workbook's settings (Excel.SettingCollection) as a reopened workbook finds them (parsed), for assertions and fixtures. */
export function fakeWorkbookSettings(fake: FakeExcel): Record<string, unknown> {
  return Object.fromEntries([...workbookSettingsOf(fake.model)].map(([k, v]) => [k, JSON.parse(v) as unknown]));
}

export function setFakeWorkbookSetting(fake: FakeExcel, key: string, value: unknown): void {
  storeSetting(fake.model, key, value);
}
