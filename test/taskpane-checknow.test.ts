/**
 * The ribbon's "Check now" (src/commands/commands.ts) against the in-memory Excel: it checks the
 * active sheet with the settings the pane saved, writes only the Checks sheet and activates it,
 * shows a problem in a dialog, and tells Office it is done in every path.
 */
import { checkNow, runCheckNow, showDialog } from '../src/commands/commands';
import { DEFAULT_SETTINGS, writeSettings, type SettingsStore } from '../src/excel/settings';
import { sampleRatesSheet, sampleRegister } from './support/browser-sample';
import { createFakeWorkbook, installFakeOffice, type FakeExcel, type SheetData } from './support/fake-excel';

let REGISTER: { name: string; data: SheetData };
beforeAll(async () => {
  REGISTER = await sampleRegister();
});

function workbook(extra: Record<string, SheetData> = {}, apiVersion?: string) {
  const fake = createFakeWorkbook({ [REGISTER.name]: REGISTER.data, Бағамдар: sampleRatesSheet(), ...extra }, { apiVersion, workbookName: 'bko-register-2025-10.xlsx' });
  const office = installFakeOffice({}, fake, { displayLanguage: 'kk-KZ' });
  const store = office.context.document?.settings as unknown as SettingsStore;
  return { fake, store };
}

const deps = (fake: FakeExcel, store: SettingsStore | null) => ({
  excel: fake.Excel as unknown as { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> },
  store,
  displayLanguage: 'kk-KZ',
  supports: (v: string) => fake.isSetSupported('ExcelApi', v),
  today: () => '2025-11-20',
});

describe('Check now', () => {
  test('writes only the Checks sheet, activates it, and leaves the register as it was', async () => {
    const { fake, store } = workbook();
    const before = fake.readSheet(REGISTER.name);
    const out = await runCheckNow(deps(fake, store));
    expect(out).toMatchObject({ kind: 'written', sheet: REGISTER.name, checks: 'Тексеру', counts: { error: 0, warning: 1, info: 1 }, lang: 'kk' });
    expect(fake.sheetNames()).toEqual([REGISTER.name, 'Бағамдар', 'Тексеру']);
    expect(fake.activeSheetName()).toBe('Тексеру');
    const checks = fake.readSheet('Тексеру');
    expect(checks.customProperties).toMatchObject({ 'tizilim.role': 'checks' });
    const codes = checks.values.map((r) => r[1]);
    expect(codes).toContain('MISSING_VALUE');
    expect(codes).toContain('NUMBER_AS_TEXT');
    expect(fake.readSheet(REGISTER.name)).toEqual(before);
  });

  test('a second Check now replaces its own sheet', async () => {
    const { fake, store } = workbook();
    await runCheckNow(deps(fake, store));
    fake.activate(REGISTER.name);
    await runCheckNow(deps(fake, store));
    expect(fake.sheetNames()).toEqual([REGISTER.name, 'Бағамдар', 'Тексеру']);
  });

  test('uses the settings the pane saved: the sheets\' language and the control figures', async () => {
    const { fake, store } = workbook();
    await writeSettings(store, { ...DEFAULT_SETTINGS, sheetLang: 'ru', control: { count: 15, total: '134 млрд теңге', status: 'memorandum' } });
    const out = await runCheckNow(deps(fake, store));
    expect(out).toMatchObject({ kind: 'written', checks: 'Проверки', lang: 'ru' });
    expect(fake.readSheet('Проверки').values.map((r) => r[1])).toContain('CONTROL_MISMATCH');
  });

  test('the tool\'s own sheet active: a problem in words, nothing written', async () => {
    const { fake, store } = workbook();
    await runCheckNow(deps(fake, store));
    const names = fake.sheetNames();
    const out = await runCheckNow(deps(fake, store)); // the Checks sheet is active now
    expect(out.kind).toBe('problem');
    if (out.kind === 'problem') expect(out.text).toBe('«Тексеру» парағын осы құрал жазған. Өз тізілім парағыңызды ашып, қайталаңыз.');
    expect(fake.sheetNames()).toEqual(names);
  });

  test('a sheet without a register header: the core\'s message and what to do', async () => {
    const { fake, store } = workbook({ Жазбалар: { values: [['Бүгін'], ['ертең']] } });
    fake.activate('Жазбалар');
    const out = await runCheckNow(deps(fake, store));
    expect(out.kind).toBe('problem');
    if (out.kind === 'problem') expect(out.text).toMatch(/тақырыбы табылмады.*30 жолдың ішіне/);
  });

  test('an Excel below ExcelApi 1.7 is told so', async () => {
    const { fake, store } = workbook({}, '1.6');
    const out = await runCheckNow(deps(fake, store));
    expect(out).toMatchObject({ kind: 'problem' });
    if (out.kind === 'problem') expect(out.text).toMatch(/Excel-ді жаңартып/);
  });
});

describe('the command itself', () => {
  type G = { Office?: unknown; Excel?: unknown };
  const g = globalThis as G;
  afterEach(() => {
    delete g.Office;
    delete g.Excel;
  });

  function event() {
    let completed = 0;
    return { ev: { completed: () => completed++ } as unknown as Office.AddinCommands.Event, count: () => completed };
  }

  function install(fake: FakeExcel, dialogs: { urls: string[]; close: 'message' | 'event' | 'fail' }) {
    const office = installFakeOffice(g as Record<string, unknown>, fake, { displayLanguage: 'ru-RU' }) as unknown as {
      context: { ui?: unknown; requirements: { isSetSupported(n: string, v?: string): boolean } };
    };
    const base = office.context.requirements.isSetSupported;
    office.context.requirements.isSetSupported = (n, v) => (n === 'DialogApi' ? true : base(n, v));
    office.context.ui = {
      displayDialogAsync(url: string, _o: unknown, cb: (r: unknown) => void) {
        dialogs.urls.push(url);
        if (dialogs.close === 'fail') return cb({ status: 'failed', value: null });
        const handlers: Record<string, (a: unknown) => void> = {};
        cb({ status: 'succeeded', value: { addEventHandler: (t: string, h: (a: unknown) => void) => (handlers[t] = h), close: () => undefined } });
        setTimeout(() => (dialogs.close === 'message' ? handlers.dialogMessageReceived?.({ message: 'close' }) : handlers.dialogEventReceived?.({ error: 12006 })), 5);
      },
    };
  }

  test('success: completed once, no dialog', async () => {
    const { fake } = workbook();
    const dialogs = { urls: [] as string[], close: 'message' as const };
    install(fake, dialogs);
    const e = event();
    await checkNow(e.ev);
    expect(e.count()).toBe(1);
    expect(dialogs.urls).toEqual([]);
    expect(fake.activeSheetName()).toBe('Проверки');
  });

  test('a problem: the dialog shows it in words, completed once it is closed', async () => {
    const { fake } = workbook({ Пусто: {} });
    fake.activate('Пусто');
    for (const close of ['message', 'event', 'fail'] as const) {
      const dialogs = { urls: [] as string[], close };
      install(fake, dialogs);
      const e = event();
      await checkNow(e.ev);
      expect(e.count()).toBe(1);
      expect(dialogs.urls).toHaveLength(1);
      const url = new URL(dialogs.urls[0]);
      expect(url.pathname).toMatch(/dialog\.html$/);
      expect(url.searchParams.get('lang')).toBe('ru');
      expect(url.searchParams.get('text')).toMatch(/лист пуст/);
    }
  });

  test('Excel failing mid-way: still completed, with the error in words', async () => {
    const { fake } = workbook();
    const dialogs = { urls: [] as string[], close: 'message' as const };
    install(fake, dialogs);
    fake.failSync('AccessDenied', (n) => n >= 3, 1);
    const e = event();
    await checkNow(e.ev);
    expect(e.count()).toBe(1);
    expect(new URL(dialogs.urls[0]).searchParams.get('text')).toMatch(/Снимите защиту/);
  });

  test('no Excel at all, and no dialog support: still completed', async () => {
    const e = event();
    await checkNow(e.ev);
    expect(e.count()).toBe(1);
    await expect(showDialog({ kind: 'problem', lang: 'en', title: 't', text: 'x' }, null, 'https://localhost/', true)).resolves.toBeUndefined();
  });
});
