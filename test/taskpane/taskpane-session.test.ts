/**
 * What the task pane does (src/taskpane/session.ts with the in-page engine) against the in-memory
 * Excel: each source (this sheet, the selection, a table, a file), the mapping the user confirms,
 * the checks with their marks, the sheets written — and a Cancel before the write leaves the
 * workbook as it was.
 */
import * as fs from 'node:fs';
import { findingMessage } from '../../src/core/checks/findings';
import { DEFAULT_SETTINGS, readSettings, sourceKey, type SettingsStore, type ToolSettings } from '../../src/excel/settings';
import { CancelledError, CancelToken, InputProblem } from '../../src/taskpane/base';
import { LocalEngine } from '../../src/taskpane/engine';
import { describeError } from '../../src/taskpane/errors';
import { Session, rolesToWrite, type Imported, type OnProgress, type RunContext, type Stage } from '../../src/taskpane/session';
import { SAMPLE, SAMPLE_RATES, sampleRatesSheet, sampleRegister } from '../support/browser-sample';
import { createFakeWorkbook, fakeNotes, installFakeOffice, type SheetData } from '../support/fake-excel';

let REGISTER: { name: string; data: SheetData };
beforeAll(async () => {
  REGISTER = await sampleRegister();
});

function setup(sheets: Record<string, SheetData> = {}, opts: { rates?: boolean } = {}) {
  const fake = createFakeWorkbook(
    { [REGISTER.name]: REGISTER.data, ...(opts.rates === false ? {} : { Бағамдар: sampleRatesSheet() }), ...sheets },
    { workbookName: 'bko-register-2025-10.xlsx' },
  );
  const office = installFakeOffice({}, fake, { displayLanguage: 'kk-KZ' });
  const store = office.context.document?.settings as unknown as SettingsStore;
  const session = new Session({
    engine: new LocalEngine(),
    excel: fake.Excel as unknown as { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> },
    store,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    today: () => '2025-11-20',
  });
  return { fake, store, session };
}

function recorder() {
  const stages: { stage: Stage; done?: number; total?: number }[] = [];
  const progress: OnProgress = (stage, done, total) => stages.push({ stage, done, total });
  return { stages, progress };
}

function ctx(settings: ToolSettings = DEFAULT_SETTINGS, extra: Partial<RunContext> = {}): RunContext {
  const { progress } = recorder();
  return { settings, lang: 'kk', files: [], token: new CancelToken(), progress, describe: (f) => findingMessage(f, 'kk'), ...extra };
}

async function importSheet(session: Session): Promise<Imported> {
  return session.importSource({ kind: 'sheet' }, new CancelToken(), () => undefined);
}

describe('import', () => {
  test('this sheet: the header the core finds, each field\'s column and confidence', async () => {
    const { session } = setup();
    const { stages, progress } = recorder();
    const imp = await session.importSource({ kind: 'sheet' }, new CancelToken(), progress);
    expect(imp).toMatchObject({ kind: 'sheet', sheet: REGISTER.name, file: 'bko-register-2025-10.xlsx', inWorkbook: true, key: sourceKey('sheet', REGISTER.name) });
    expect(imp.analysis.headerRows).toEqual([4]);
    const byField = Object.fromEntries(imp.analysis.detected.map((d) => [d.field, d.letter]));
    expect(byField).toMatchObject({ name: 'B', investor: 'C', KZT: 'F', CNY: 'G', date: 'H', status: 'I' });
    expect(imp.analysis.detected.every((d) => d.confidence > 0 && d.confidence <= 1)).toBe(true);
    expect(imp.analysis.columns.map((c) => c.letter)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K']);
    expect(stages.some((s) => s.stage === 'reading' && s.total === imp.analysis.rows)).toBe(true);
  });

  test('the workbook: active sheet, tables of the user\'s sheets, the rates sheet', async () => {
    const { session, fake } = setup({ Жобалар: { values: [['Атауы', 'Құны, теңге'], ['A', 1]] } });
    await fake.run(async (c) => {
      c.workbook.worksheets.getItem('Жобалар').tables.add('A1:B2', true).name = 'ЖобаларКестесі';
      await c.sync();
    });
    const info = await session.workbookInfo();
    expect(info).toEqual({ name: 'bko-register-2025-10.xlsx', activeSheet: REGISTER.name, activeIsOwn: false, tables: [{ name: 'ЖобаларКестесі', sheet: 'Жобалар' }], ratesSheet: 'Бағамдар', snapshots: [] });
  });

  test('a table and the selected cells read in sheet coordinates', async () => {
    const { session, fake } = setup({
      Жобалар: { origin: 'C3', values: [['Жобаның атауы', 'Құны, млн теңге', 'Мәртебесі'], ['Зауыт', 100, 'меморандум'], ['Жылыжай', 'жиырма', 'ұсыныс']] },
    });
    await fake.run(async (c) => {
      c.workbook.worksheets.getItem('Жобалар').tables.add('C3:E5', true).name = 'ЖобаларТ';
      await c.sync();
    });
    const imp = await session.importSource({ kind: 'table', name: 'ЖобаларТ' }, new CancelToken(), () => undefined);
    expect(imp).toMatchObject({ kind: 'table', sheet: 'Жобалар', table: 'ЖобаларТ', key: 'table:ЖобаларТ' });
    const out = await session.check(imp, ctx());
    expect(out.result.findings.find((f) => f.code === 'AMOUNT_UNREADABLE')?.cell).toBe('D5');

    fake.activate('Жобалар');
    fake.model.sheets.find((s) => s.name === 'Жобалар')!.selection = { r0: 2, c0: 2, r1: 3, c1: 4 };
    const sel = await session.importSource({ kind: 'selection' }, new CancelToken(), () => undefined);
    expect(sel.analysis.rows).toBe(2);
    await expect(session.importSource({ kind: 'table', name: 'Жоқ' }, new CancelToken(), () => undefined)).rejects.toMatchObject({ key: 'error.noTable' });
  });

  test('a file: the sample .xlsx (ExcelJS, loaded on demand) and a CSV', async () => {
    const { session } = setup();
    const bytes = fs.readFileSync(SAMPLE);
    const imp = await session.importSource({ kind: 'file', name: 'bko.xlsx', bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }, new CancelToken(), () => undefined);
    expect(imp).toMatchObject({ kind: 'file', inWorkbook: false, file: 'bko.xlsx', fileSheets: [REGISTER.name], key: `file:bko.xlsx#${REGISTER.name}` });
    const csv = new TextEncoder().encode('Жобаның атауы;Құны, млн теңге\nЗауыт;100\nЖылыжай;жиырма\n');
    const c = await session.importSource({ kind: 'file', name: 'тізім.csv', bytes: csv.buffer as ArrayBuffer }, new CancelToken(), () => undefined);
    const out = await session.check(c, ctx());
    expect(out.result.findings.map((f) => [f.code, f.cell])).toContainEqual(['AMOUNT_UNREADABLE', 'B3']);
    expect(out.marks).toBeNull(); // a file's cells are not in the workbook
    await expect(session.importSource({ kind: 'file', name: 'x.xlsx', bytes: new TextEncoder().encode('not a zip').buffer as ArrayBuffer }, new CancelToken(), () => undefined)).rejects.toMatchObject({ key: 'NOT_A_WORKBOOK' });
  });

  test('an empty sheet, a sheet of the tool\'s own: problems in words', async () => {
    const { session, fake } = setup({ Бос: {} });
    fake.activate('Бос');
    const e = await session.importSource({ kind: 'sheet' }, new CancelToken(), () => undefined).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputProblem);
    expect(describeError(e).text('en')).toBe('bko-register-2025-10.xlsx, sheet "Бос": the sheet is empty. Open the sheet with the register, or choose the register\'s table or file.');
  });
});

describe('check and write', () => {
  test('the sample register: no errors with the rates sheet; the cells with findings are marked', async () => {
    const { session, fake } = setup();
    const imp = await importSheet(session);
    const out = await session.check(imp, ctx());
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of out.result.findings) counts[f.severity]++;
    expect(counts).toEqual({ error: 0, warning: 1, info: 1 });
    expect(out.result.totals).toEqual({ projects: 16, KZT: '151000000000.00', CNY: '1987637483.78' });
    expect(out.result.byStatus.find((s) => s.status === 'memorandum')).toEqual({ status: 'memorandum', statusText: null, count: 14, KZT: '134000000000.00' });
    expect(out.result.rates).toEqual({ count: 6, sources: ['Бағамдар'] });
    // the in-memory Excel is ExcelApi 1.17 by default: comments carry the text
    expect(out.marks).toMatchObject({ marked: 2, noteKind: 'comment' });
    expect(fake.cell(REGISTER.name, 'F20').look['fill.color']).toBeDefined();
    // nothing else was written
    expect(fake.sheetNames()).toEqual([REGISTER.name, 'Бағамдар']);
  });

  test('the user\'s mapping goes to the core: a field moved to another column', async () => {
    const { session } = setup();
    const imp = await importSheet(session);
    const settings = { ...DEFAULT_SETTINGS, mappings: { [imp.key]: { investor: 'E' } } };
    const out = await session.check(imp, ctx(settings));
    expect(out.result.columns.find((c) => c.field === 'investor')).toMatchObject({ column: 'E', confidence: 1 });
  });

  test('write: the chosen sheets, the register added when a summary needs it', async () => {
    const { session, fake } = setup();
    const imp = await importSheet(session);
    const out = await session.write(imp, ctx({ ...DEFAULT_SETTINGS, sheets: ['summary:overview'] }));
    expect(out.report.sheets.map((s) => s.role)).toEqual(['summary:overview', 'register']);
    expect(fake.sheetNames()).toEqual([REGISTER.name, 'Бағамдар', 'Шолу', 'Тізілім']);
    const all = await session.write(imp, ctx(DEFAULT_SETTINGS, { lang: 'en' }));
    expect(all.report.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Overview', 'Register', 'Checks']));
  });

  test('Cancel at any stage before the write: nothing is written, no cell is marked', async () => {
    for (const at of ['rates', 'checking', 'writing'] as Stage[]) {
      const { session, fake } = setup();
      const imp = await importSheet(session);
      const before = fake.readSheet(REGISTER.name);
      const token = new CancelToken();
      const progress: OnProgress = (stage) => {
        if (stage === at) token.cancel();
      };
      const write = session.write(imp, ctx(DEFAULT_SETTINGS, { token, progress }));
      if (at === 'writing') {
        // past the last check: the write goes ahead whole
        await expect(write).resolves.toBeDefined();
        continue;
      }
      await expect(write).rejects.toBeInstanceOf(CancelledError);
      expect(fake.sheetNames()).toEqual([REGISTER.name, 'Бағамдар']);
      expect(fake.readSheet(REGISTER.name)).toEqual(before);
      const check = session.check(imp, ctx({ ...DEFAULT_SETTINGS, markCells: true }, { token: (() => { const x = new CancelToken(); x.cancel(); return x; })() }));
      await expect(check).rejects.toBeInstanceOf(CancelledError);
      expect(fakeNotes(fake, REGISTER.name)).toEqual({});
    }
  });

  test('Cancel while reading a large sheet stops between blocks', async () => {
    const rows = [['Жобаның атауы', 'Құны, теңге'], ...Array.from({ length: 5000 }, (_, i) => [`Жоба ${i}`, i + 1])];
    const { session, fake } = setup({ Үлкен: { values: rows } });
    fake.activate('Үлкен');
    const token = new CancelToken();
    const seen: number[] = [];
    // a small block size would be the adapter's; here the whole sheet fits one block, so cancel at the first report
    await expect(
      session.importSource({ kind: 'sheet' }, token, (stage, done) => {
        if (stage === 'reading' && done !== undefined) {
          seen.push(done);
          token.cancel();
        }
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(seen).toEqual([5001]);
  });

  test('a control total that cannot be read is an error in words', async () => {
    const { session } = setup();
    const imp = await importSheet(session);
    const e = await session.check(imp, ctx({ ...DEFAULT_SETTINGS, control: { count: 14, total: 'көп', status: null } })).catch((x: unknown) => x);
    expect(describeError(e).text('ru')).toMatch(/^Не удалось прочитать контрольную сумму: «көп»/);
  });

  test('rates files added in the pane (the NBK XML feeds) convert the yuan without a rates sheet', async () => {
    const { session } = setup({}, { rates: false });
    const imp = await importSheet(session);
    const without = await session.check(imp, ctx());
    expect(without.result.findings.filter((f) => f.code === 'RATE_MISSING')).toHaveLength(2);
    const files = SAMPLE_RATES.map((f) => {
      const b = fs.readFileSync(f);
      return { name: f.replace(/^.*\//, ''), bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer };
    });
    const withFiles = await session.check(imp, ctx(DEFAULT_SETTINGS, { files }));
    expect(withFiles.result.findings.filter((f) => f.code === 'RATE_MISSING')).toHaveLength(0);
    expect(withFiles.result.rates.count).toBe(6);
  });

  test('the pack of the last run: an .xlsx file', async () => {
    const { session } = setup();
    const imp = await importSheet(session);
    await session.check(imp, ctx());
    const pack = await session.pack(null, 'Айлық жиынтық', () => undefined);
    expect(pack.fileName).toBe('bko-register-2025-10.tizilim.xlsx');
    expect(new Uint8Array(pack.bytes).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  test('the copy for the ministries: refused with open errors unless allowed, then stated', async () => {
    const { session } = setup({}, { rates: false });
    const imp = await importSheet(session);
    const m = { month: '2025-10', region: 'Батыс Қазақстан облысы', regionCode: 'BKO', organisation: null, langs: ['kk', 'ru'] as ('kk' | 'ru')[], formulas: false, allowErrors: false };
    const refused = await session.ministry(imp, ctx(), m);
    // the two yuan figures without a rate, and the total row they leave short
    expect(refused).toEqual({ ok: false, problem: 'OPEN_ERRORS', errors: 3 });
    const sent = await session.ministry(imp, ctx(), { ...m, allowErrors: true });
    expect(sent).toMatchObject({ ok: true, fileName: 'BKO_invest_projects_2025-10.xlsx', errors: 3, changes: false });
    if (sent.ok) {
      expect(sent.sheets[0]).toBe('Анықтама');
      expect(new Uint8Array(sent.bytes).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    }
  });

  test('rolesToWrite keeps the plans\' order and adds the register under a summary', () => {
    const plans = ['summary:overview', 'summary:sector', 'register', 'checks'].map((role) => ({ role }) as never);
    expect(rolesToWrite(plans, null)).toEqual(['summary:overview', 'summary:sector', 'register', 'checks']);
    expect(rolesToWrite(plans, ['checks', 'summary:sector'])).toEqual(['summary:sector', 'register', 'checks']);
    expect(rolesToWrite(plans, ['checks'])).toEqual(['checks']);
  });

  test('settings persist across a reopen (what the pane saves, Check now reads)', async () => {
    const { store, fake } = setup();
    const { writeSettings } = await import('../../src/excel/settings');
    await writeSettings(store, { ...DEFAULT_SETTINGS, lang: 'ru', markCells: false });
    const again = installFakeOffice({}, fake).context.document?.settings as unknown as SettingsStore;
    expect(readSettings(again)).toMatchObject({ lang: 'ru', markCells: false });
  });
});
