/**
 * The tool's settings in the workbook (src/excel/settings.ts) over Office.context.document.settings
 * as the in-memory Office keeps it: saved with the document, back when it is reopened, checked on
 * the way in.
 */
import { DEFAULT_SETTINGS, mappingColumns, officeSettingsStore, parseSettings, readSettings, SETTINGS_KEY, SettingsSaveError, sourceKey, updateSettings, writeSettings, type SettingsStore, type ToolSettings } from '../src/excel/settings';
import { createFakeWorkbook, installFakeOffice, savedFakeSettings, type FakeExcel, type FakeSettings } from './support/fake-excel';

function open(fake: FakeExcel): SettingsStore & FakeSettings {
  return installFakeOffice({}, fake).context.document?.settings as unknown as SettingsStore & FakeSettings;
}

const SETTINGS: ToolSettings = {
  ...DEFAULT_SETTINGS,
  lang: 'kk',
  sheetLang: 'ru',
  mappings: { [sourceKey('sheet', 'Тізілім 2025-10')]: { KZT: 'F', name: 'B' } },
  control: { count: 14, total: '134 млрд теңге', status: 'memorandum' },
  crossRateTolerance: 0.03,
  controlTolerance: 0.002,
  sheets: ['summary:overview', 'register'],
  markCells: false,
  export: { organisation: 'Экономика басқармасы', region: 'Батыс Қазақстан облысы', regionCode: 'BKO', formulas: true, headings: 'ru,kk' },
};

describe('settings in the workbook', () => {
  test('saved, they come back when the workbook is reopened', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    await writeSettings(open(fake), SETTINGS);
    expect(savedFakeSettings(fake)[SETTINGS_KEY]).toMatchObject({ version: 1, lang: 'kk' });
    // "reopen": a new Office namespace over the same workbook
    expect(readSettings(open(fake))).toEqual(SETTINGS);
  });

  test('changes that were not saved are gone after reopening', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    const store = open(fake);
    await writeSettings(store, SETTINGS);
    store.set(SETTINGS_KEY, { ...SETTINGS, lang: 'en' });
    expect(readSettings(store).lang).toBe('en');
    expect(readSettings(open(fake)).lang).toBe('kk');
  });

  test('updateSettings reads, changes and saves in one step', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    const store = open(fake);
    const next = await updateSettings(store, (s) => ({ ...s, control: { ...s.control, count: 3 } }));
    expect(next.control.count).toBe(3);
    expect(readSettings(open(fake)).control.count).toBe(3);
  });

  test('a save Office refuses (a read-only workbook) is a SettingsSaveError', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    const store = open(fake);
    store.failSaves = 1;
    await expect(writeSettings(store, SETTINGS)).rejects.toBeInstanceOf(SettingsSaveError);
    expect(savedFakeSettings(fake)[SETTINGS_KEY]).toBeUndefined();
  });

  test('what a document holds is checked: values that do not fit fall back to the defaults', () => {
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('<script>')).toEqual(DEFAULT_SETTINGS);
    const s = parseSettings({
      lang: 'de',
      sheetLang: 'ru',
      mappings: { 'sheet:A': { KZT: 'F', name: '=HYPERLINK()', nope: 'B' }, 'sheet:B': 'x' },
      control: { count: -1, total: 42, status: 'bribe' },
      crossRateTolerance: 5,
      controlTolerance: 0.01,
      sheets: ['register', 7],
      markCells: 'yes',
      bilingual: true,
    });
    expect(s.lang).toBeNull();
    expect(s.sheetLang).toBe('ru');
    expect(s.mappings).toEqual({ 'sheet:A': { KZT: 'F' } });
    expect(s.control).toEqual({ count: null, total: null, status: null });
    expect(s.crossRateTolerance).toBeNull();
    expect(s.controlTolerance).toBe(0.01);
    expect(s.sheets).toEqual(['register']);
    expect(s.markCells).toBe(true);
    expect(s.bilingual).toBe(true);
  });

  test('the copy for the ministries: its options come back, and only what fits', () => {
    expect(parseSettings({ export: SETTINGS.export }).export).toEqual(SETTINGS.export);
    expect(parseSettings({ export: { organisation: '  ', region: 7, regionCode: 'БҚО; rm -rf', formulas: 'yes', headings: 'de' } }).export).toEqual({
      organisation: null, region: null, regionCode: null, formulas: false, headings: null,
    });
    expect(parseSettings({ export: 'x' }).export).toEqual(DEFAULT_SETTINGS.export);
  });

  test('the store is Office.context.document.settings, absent outside Office', () => {
    const g = globalThis as { Office?: unknown };
    const before = g.Office;
    try {
      delete g.Office;
      expect(officeSettingsStore()).toBeNull();
      installFakeOffice(globalThis as unknown as Record<string, unknown>, createFakeWorkbook({ Sheet1: {} }));
      expect(officeSettingsStore()).not.toBeNull();
    } finally {
      g.Office = before;
      delete (globalThis as { Excel?: unknown }).Excel;
    }
  });

  test('column letters become the core\'s column numbers', () => {
    expect(mappingColumns({ KZT: 'F', name: 'AA' })).toEqual({ KZT: 6, name: 27 });
    expect(mappingColumns({})).toBeUndefined();
    expect(mappingColumns(undefined)).toBeUndefined();
  });
});
