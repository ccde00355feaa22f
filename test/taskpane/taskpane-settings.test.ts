/**
 * The tool's settings in the workbook (src/excel/settings.ts) over Office.context.document.settings
 * as the in-memory Office keeps it: saved with the document, back when it is reopened, checked on
 * the way in.
 */
import { MARKS_KEY, placeMarks, readMarks } from '../../src/excel/marks';
import {
  DEFAULT_SETTINGS, mappingColumns, moveLegacySettings, officeSettingsStore, openWorkbookStore, parseSettings, readSettings, refreshStore, SETTINGS_KEY, SettingsSaveError, sourceKey,
  updateSettings, WorkbookSettingsStore, writeSettings, type SettingsStore, type ToolSettings,
} from '../../src/excel/settings';
import { createFakeWorkbook, fakeWorkbookSettings, installFakeOffice, savedFakeSettings, setFakeWorkbookSetting, type FakeExcel, type FakeSettings } from '../support/fake-excel';

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

  test('the old store, Office.context.document.settings, is absent outside Office', () => {
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

describe('settings in the workbook\'s SettingCollection (ExcelApi 1.4), seen by both runtimes', () => {
  const excelOf = (fake: FakeExcel) => fake.Excel as unknown as { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> };

  test('what the pane saves, the ribbon\'s command reads — each runtime with a store of its own over the same workbook', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    const pane = new WorkbookSettingsStore(excelOf(fake));
    const ribbon = new WorkbookSettingsStore(excelOf(fake));
    await pane.refresh();
    await ribbon.refresh();
    await writeSettings(pane, SETTINGS);
    expect(fakeWorkbookSettings(fake)[SETTINGS_KEY]).toMatchObject({ version: 1, lang: 'kk', control: { count: 14 } });
    // the ribbon's copy was read before the save; Check now refreshes it first
    expect(readSettings(ribbon)).toEqual(DEFAULT_SETTINGS);
    await refreshStore(ribbon);
    expect(readSettings(ribbon)).toEqual(SETTINGS);
  });

  test('only the keys a runtime changed are written: the pane\'s save does not undo the ribbon\'s', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    const pane = new WorkbookSettingsStore(excelOf(fake));
    const ribbon = new WorkbookSettingsStore(excelOf(fake));
    await pane.refresh();
    await ribbon.refresh();
    ribbon.set('tizilim.pendingCheck', { sheet: 'Тізілім', at: '2025-11-20T10:00:00Z' });
    await ribbon.save();
    await writeSettings(pane, SETTINGS);
    expect(Object.keys(fakeWorkbookSettings(fake)).sort()).toEqual(['tizilim.pendingCheck', SETTINGS_KEY]);
    pane.remove(SETTINGS_KEY);
    await pane.save();
    expect(Object.keys(fakeWorkbookSettings(fake))).toEqual(['tizilim.pendingCheck']);
  });

  test('keys that are not the add-in\'s are neither read nor touched', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    setFakeWorkbookSetting(fake, 'other.addin', { x: 1 });
    const store = new WorkbookSettingsStore(excelOf(fake));
    await store.refresh();
    expect(store.get('other.addin')).toBeNull();
    await writeSettings(store, SETTINGS);
    expect(fakeWorkbookSettings(fake)['other.addin']).toEqual({ x: 1 });
  });

  test('a workbook that refuses the save (as a read-only one does): SettingsSaveError, and the workbook keeps what it had', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    const store = new WorkbookSettingsStore(excelOf(fake));
    await store.refresh();
    fake.failSync('AccessDenied');
    await expect(writeSettings(store, SETTINGS)).rejects.toBeInstanceOf(SettingsSaveError);
    expect(fakeWorkbookSettings(fake)[SETTINGS_KEY]).toBeUndefined();
  });

  test('settings an earlier version kept in Office.context.document.settings move to the workbook once, and leave the old place', async () => {
    const fake = createFakeWorkbook({ Sheet1: {} });
    const legacy = open(fake);
    await writeSettings(legacy, SETTINGS);
    legacy.set(MARKS_KEY, { version: 1, cells: [] });
    await new Promise<void>((r) => legacy.saveAsync(() => r()));
    const store = await openWorkbookStore(excelOf(fake), open(fake), [SETTINGS_KEY, MARKS_KEY]);
    expect(readSettings(store)).toEqual(SETTINGS);
    expect(fakeWorkbookSettings(fake)[SETTINGS_KEY]).toMatchObject({ lang: 'kk' });
    expect(savedFakeSettings(fake)[SETTINGS_KEY]).toBeUndefined();
    // what the workbook already holds wins over an old copy
    const old = open(fake);
    old.set(SETTINGS_KEY, { ...SETTINGS, lang: 'en' });
    const again = new WorkbookSettingsStore(excelOf(fake));
    await again.refresh();
    expect(await moveLegacySettings(old, again, [SETTINGS_KEY])).toEqual([]);
    expect(readSettings(again).lang).toBe('kk');
  });

  test('the marks\' record is saved within the marking batch, and a second store sees it (Clear marks from a reopened pane)', async () => {
    const fake = createFakeWorkbook({ S: { values: [['a', 'b'], [1, 'x']] } }, { apiVersion: '1.18' });
    const store = new WorkbookSettingsStore(excelOf(fake));
    await store.refresh();
    const report = await fake.run((ctx) => placeMarks(ctx as unknown as Excel.RequestContext, [{ sheet: 'S', cell: 'B2', severity: 'error', message: 'm' }], { store, supports: (v) => fake.isSetSupported('ExcelApi', v) }));
    expect(report.marked).toBe(1);
    const other = new WorkbookSettingsStore(excelOf(fake));
    await other.refresh();
    expect(readMarks(other)).toMatchObject({ state: 'done', cells: [{ cell: 'B2', mark: '#FFC7CE' }] });
  });
});
