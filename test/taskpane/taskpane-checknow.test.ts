/**
 * The ribbon's "Check now" (src/commands/commands.ts) against the in-memory Excel: it checks the
 * active sheet with the settings the pane saved, writes only the Checks sheet and activates it,
 * shows a problem in a dialog, and tells Office it is done in every path.
 */
import { generateRows, rateRows } from '../../bench/generate';
import { checkNow, runCheckNow, showDialog } from '../../src/commands/commands';
import { gridFromValues } from '../../src/core/grid/grid';
import { DEFAULT_SETTINGS, WorkbookSettingsStore, writeSettings, type SettingsStore } from '../../src/excel/settings';
import { CancelToken } from '../../src/taskpane/base';
import { LocalEngine } from '../../src/taskpane/engine';
import { PENDING_CHECK_KEY, readPendingCheck, takePendingCheck } from '../../src/taskpane/handover';
import { Jobs, type RunOptions } from '../../src/taskpane/jobs';
import { Session } from '../../src/taskpane/session';
import { sampleRatesSheet, sampleRegister } from '../support/browser-sample';
import { createFakeWorkbook, fakeWorkbookSettings, installFakeOffice, type FakeExcel, type SheetData } from '../support/fake-excel';

let REGISTER: { name: string; data: SheetData; grid: { values: unknown[][] } };
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
    await expect(showDialog({ lang: 'en', title: 't', text: 'x' }, null, 'https://localhost/', true)).resolves.toBeUndefined();
  });
});

describe('Check now a slice at a time, and a register handed over to the pane', () => {
  const excelOf = (fake: FakeExcel) => fake.Excel as unknown as { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> };

  test('the checks go a slice of rows at a time, with the same findings and Checks sheet as the pane\'s whole run', async () => {
    const grid = gridFromValues('Тізілім', [...generateRows(3000, 1)]);
    const rates: RunOptions['rates'] = [{ kind: 'table', source: 'rates.csv', values: [['Date', 'Currency', 'Rate', 'Quant'], ...rateRows().map((r) => [r.date, r.currency, r.rate, r.quant])] }];
    const jobs = new Jobs();
    const ref = jobs.putGrid(grid);
    const o: RunOptions = { file: 'register.xlsx', lang: 'kk', today: '2025-12-31', rates, control: { count: 2999 } };
    const whole = await jobs.run(ref.id, o);
    const pauses: number[] = [];
    const sliced = await jobs.checks(ref.id, o, { slice: 500, pause: async (done) => void pauses.push(done) });
    if (!whole.ok || !sliced.ok) throw new Error('not ok');
    expect(pauses).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    expect(sliced.findings.map((f) => f.code)).toContain('CONTROL_MISMATCH');
    expect(sliced.findings.length).toBeGreaterThan(20);
    expect(sliced.findings).toEqual(whole.findings);
    expect(sliced.plan).toEqual(whole.plans.find((p) => p.role === 'checks'));
  });

  test('a register with more cells than Check now takes: nothing read or written, a pending check for the pane, the dialog says what to do', async () => {
    const { fake } = workbook();
    const store = new WorkbookSettingsStore(excelOf(fake));
    const names = fake.sheetNames();
    const out = await runCheckNow({ ...deps(fake, store), limits: { maxCells: 100 } });
    expect(out).toMatchObject({ kind: 'handover', sheet: REGISTER.name, lang: 'kk' });
    if (out.kind === 'handover') expect(out.text).toBe(`«${REGISTER.name}» парағы таспадағы «Тексеру» батырмасы үшін тым үлкен (жолдар: ${REGISTER.grid.values.length}): оны Тізілім тақтасы фонда тексереді. «Басты бет» → «Тізілімді ашу» басыңыз: тақта ашыла салысымен «${REGISTER.name}» парағын тексереді.`);
    expect(fake.sheetNames()).toEqual(names);
    expect(fake.stats.records.every((r) => r.responseBytes < 20_000)).toBe(true); // the values were never loaded
    expect(fakeWorkbookSettings(fake)[PENDING_CHECK_KEY]).toMatchObject({ sheet: REGISTER.name, why: 'size' });
  });

  test('the time Check now allows itself runs out between slices: it stops before writing and hands over', async () => {
    const { fake } = workbook();
    const store = new WorkbookSettingsStore(excelOf(fake));
    let clock = 0;
    const out = await runCheckNow({ ...deps(fake, store), now: () => (clock += 20_000), limits: { sliceRows: 2, budgetMs: 100_000 } });
    expect(out).toMatchObject({ kind: 'handover', sheet: REGISTER.name });
    if (out.kind === 'handover') expect(out.text).toMatch(/уақыттан асып кетті \(жолдар: \d+\); ештеңе жазылған жоқ/);
    expect(fake.sheetNames()).not.toContain('Тексеру');
    expect(fakeWorkbookSettings(fake)[PENDING_CHECK_KEY]).toMatchObject({ sheet: REGISTER.name, why: 'time' });
  });

  test('the pane takes the pending check once, and reads the sheet it names even when another is active', async () => {
    const { fake } = workbook({ Басқа: { values: [['x']] } });
    await runCheckNow({ ...deps(fake, new WorkbookSettingsStore(excelOf(fake))), limits: { maxCells: 100 } });
    fake.activate('Басқа');
    const paneStore = new WorkbookSettingsStore(excelOf(fake));
    await paneStore.refresh();
    const pending = await takePendingCheck(paneStore);
    expect(pending).toMatchObject({ sheet: REGISTER.name, why: 'size' });
    expect(fakeWorkbookSettings(fake)[PENDING_CHECK_KEY]).toBeUndefined();
    expect(await takePendingCheck(paneStore)).toBeNull();
    const session = new Session({ engine: new LocalEngine(), excel: excelOf(fake), store: paneStore, supports: (v) => fake.isSetSupported('ExcelApi', v), today: () => '2025-11-20' });
    const imp = await session.importSource({ kind: 'sheet', name: (pending as { sheet: string }).sheet }, new CancelToken(), () => undefined);
    expect(imp.sheet).toBe(REGISTER.name);
    expect(imp.analysis.headerRows).toEqual([4]);
    await expect(session.importSource({ kind: 'sheet', name: 'Жоқ' }, new CancelToken(), () => undefined)).rejects.toMatchObject({ key: 'handover.missing' });
  });

  test('a pending check a day old, or not what the tool writes, is dropped', async () => {
    const { fake } = workbook();
    const store = new WorkbookSettingsStore(excelOf(fake));
    await store.refresh();
    const now = Date.parse('2025-11-20T12:00:00Z');
    store.set(PENDING_CHECK_KEY, { sheet: REGISTER.name, at: '2025-11-18T12:00:00Z', why: 'size' });
    expect(readPendingCheck(store, now)).toBeNull();
    expect(await takePendingCheck(store, now)).toBeNull();
    expect(store.get(PENDING_CHECK_KEY)).toBeNull();
    for (const bad of [{ sheet: 7, at: '2025-11-20T11:00:00Z' }, { sheet: 'x'.repeat(40), at: '2025-11-20T11:00:00Z' }, 'Тізілім', { sheet: 'S', at: 'yesterday' }]) {
      store.set(PENDING_CHECK_KEY, bad);
      expect(readPendingCheck(store, now)).toBeNull();
    }
    store.set(PENDING_CHECK_KEY, { sheet: 'S', at: '2025-11-20T11:00:00Z', why: 'odd' });
    expect(readPendingCheck(store, now)).toEqual({ sheet: 'S', at: '2025-11-20T11:00:00Z', why: 'size' });
  });
});
