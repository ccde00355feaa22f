/**
 * Diagnostics (src/excel/diagnostics.ts) on the in-memory Excel: every check of the behaviours the
 * in-memory Excel assumes, run on a scratch sheet that is gone afterwards, the host and its sets in the
 * report — and a behaviour broken on purpose in the in-memory Excel is reported as a failure, the rest
 * still passing. (npm run test:excel runs the same checks in a real Excel: test/excel/.)
 */
import ExcelJS from 'exceljs';
import { runDiagnostics, reportText, type CheckId, type DiagnosticsReport } from '../../src/excel/diagnostics';
import { tinyXlsx } from '../../src/excel/tiny-xlsx';
import { createFakeWorkbook, fakeWorkbookSettings, installFakeOffice, setFakeQuirks, type FakeExcel, type FakeQuirks } from '../support/fake-excel';

function host(apiVersion = '1.18', quirks: FakeQuirks = {}, platform = 'PC') {
  const fake = createFakeWorkbook({ Тізілім: { values: [['№', 'Атауы'], [1, 'Жылыжай']] } }, { apiVersion, workbookName: 'bko.xlsx' });
  setFakeQuirks(fake, quirks);
  const office = installFakeOffice({}, fake, { displayLanguage: 'kk-KZ', platform });
  return { fake, office };
}

async function diagnose(fake: FakeExcel, office: ReturnType<typeof host>['office'], createWorkbook = true): Promise<DiagnosticsReport> {
  return runDiagnostics({
    excel: fake.Excel as never,
    office: office.context as never,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    tool: 'Tizilim 0.1.0',
    userAgent: 'jest',
    createWorkbook,
    payloadBytes: 3_400_000,
  });
}

const outcome = (r: DiagnosticsReport) => Object.fromEntries(r.checks.map((c) => [c.id, c.ok])) as Record<CheckId, boolean | null>;

/**
 * Does the in-memory Excel calculate formulas? What the formulas check asks of a real Excel — whose
 * answer it must agree with: an in-memory Excel keeping formulas uncalculated fails that check.
 */
async function calculates(): Promise<boolean> {
  const probe = createFakeWorkbook({ S: {} });
  return probe.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem('S').getRange('A1');
    r.formulas = [['=1+2']];
    r.load('values');
    await ctx.sync();
    return r.values[0][0] === 3;
  });
}

describe('Diagnostics on the in-memory Excel', () => {
  test('every check of what the in-memory Excel assumes, on a scratch sheet that is gone afterwards; the host, platform and version in the report', async () => {
    const { fake, office } = host('1.18');
    const sheets = fake.sheetNames();
    const props = fake.documentCustomProperties();
    const progress: string[] = [];
    const report = await runDiagnostics({
      excel: fake.Excel as never, office: office.context as never, supports: (v) => fake.isSetSupported('ExcelApi', v), tool: 'Tizilim 0.1.0', userAgent: 'jest',
      onCheck: (c, i, n) => progress.push(`${i}/${n} ${c.id}`),
    });
    expect(outcome(report)).toEqual({
      requirements: true, text: true, formulas: await calculates(), payload: true, notes: true, properties: true, settings: true, dates: true, selection: true, createWorkbook: true, cleanup: true,
    });
    expect(progress).toHaveLength(11);
    expect(progress[10]).toBe('11/11 cleanup');
    expect(report).toMatchObject({ host: 'Excel', platform: 'PC', version: '16.0 (in-memory, ExcelApi 1.18)', displayLanguage: 'kk-KZ', excelApi: '1.18', tool: 'Tizilim 0.1.0' });
    expect(report.sets['ExcelApi 1.18']).toBe(true);
    expect(report.sets['ExcelApi 1.19']).toBe(false);
    const detail = Object.fromEntries(report.checks.map((c) => [c.id, c.detail]));
    if (!(await calculates())) expect(detail.formulas).toMatch(/^=SUM over the other sheet: "" \(5 expected\)/);
    expect(detail.payload).toMatch(/^a 3\.\d MB request went through in one sync; a request over 5 MB was refused \(RequestPayloadSizeLimitExceeded\)$/);
    expect(detail.notes).toMatch(/a comment over the note was refused \(InvalidOperation\)/);
    expect(detail.dates).toBe('formats read back ["m/d/yyyy","dd.mm.yyyy"], categories ["Date","Custom"]; read as dates: [true,true]; date system 1900');
    // nothing left behind: sheets, document properties, settings
    expect(fake.sheetNames()).toEqual(sheets);
    expect(fake.documentCustomProperties()).toEqual(props);
    expect(fakeWorkbookSettings(fake)).toEqual({});
    // the new workbook was a real .xlsx
    expect(fake.createdWorkbooks).toHaveLength(1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(Buffer.from(fake.createdWorkbooks[0], 'base64')).buffer);
    expect(book.getWorksheet('Tizilim')?.getCell('A1').value).toBe('Tizilim diagnostics: this workbook can be closed without saving.');
  }, 60_000);

  test('a behaviour broken on purpose — a leading apostrophe no longer keeping text as text — is reported as a failure, the rest still pass', async () => {
    const { fake, office } = host('1.18', { broken: ['apostrophe'] });
    const report = await diagnose(fake, office, false);
    const o = outcome(report);
    expect(o.text).toBe(false);
    expect(report.checks.find((c) => c.id === 'text')?.detail).toMatch(/^wrote \["'=1\+2","'0012","'-5","'TRUE"\], read \[/);
    expect({ ...o, text: undefined, formulas: undefined }).toEqual({ requirements: true, text: undefined, formulas: undefined, payload: true, notes: true, properties: true, settings: true, dates: true, selection: true, createWorkbook: null, cleanup: true });
    expect(report.failed).toBeGreaterThanOrEqual(1);
    expect(reportText(report)).toMatch(/^\[FAIL\] text: wrote/m);
  }, 60_000);

  test('a selection the add-in makes raising no SelectionChanged (broken on purpose) is reported, and the user\'s sheet is active again', async () => {
    const { fake, office } = host('1.18', { broken: ['select-event'] });
    const activeBefore = fake.model.active?.name;
    const report = await diagnose(fake, office, false);
    expect(outcome(report).selection).toBe(false);
    expect(report.checks.find((c) => c.id === 'selection')?.detail).toMatch(/raised no SelectionChanged within 3 s/);
    expect(fake.model.active?.name).toBe(activeBefore);
    const fine = host('1.18');
    const ok = await diagnose(fine.fake, fine.office, false);
    expect(ok.checks.find((c) => c.id === 'selection')?.detail).toBe(`the add-in's Range.select raised SelectionChanged (1×); "${fine.fake.model.active?.name}" active again`);
  }, 60_000);

  test('a comment added over the user\'s note (the guard broken on purpose) is reported: the marks would lose notes there', async () => {
    const { fake, office } = host('1.18', { broken: ['note-guard'] });
    const report = await diagnose(fake, office, false);
    expect(outcome(report).notes).toBe(false);
    expect(report.checks.find((c) => c.id === 'notes')?.detail).toMatch(/a comment over the note was ACCEPTED/);
  }, 60_000);

  test('Excel on the web before ExcelApi 1.12 reporting a built-in date in local letters: the dates check fails, as the tool could not read those dates there', async () => {
    const { fake, office } = host('1.11', { localeDateFormats: true }, 'OfficeOnline');
    const report = await diagnose(fake, office, false);
    expect(outcome(report).dates).toBe(false);
    expect(report.checks.find((c) => c.id === 'dates')?.detail).toBe('formats read back ["ДД.ММ.ГГГГ","dd.mm.yyyy"] (no categories before ExcelApi 1.12); read as dates: [false,true]; date system 1900');
    // with categories the same host passes
    const later = host('1.12', { localeDateFormats: true }, 'OfficeOnline');
    expect(outcome(await diagnose(later.fake, later.office, false)).dates).toBe(true);
  }, 60_000);

  test('an older host: what it lacks is not run (n/a), not failed; the date system of a 1904 workbook is told', async () => {
    const { fake, office } = host('1.7', { date1904: true });
    const report = await diagnose(fake, office);
    const o = outcome(report);
    expect(o.notes).toBeNull();
    expect(o.createWorkbook).toBeNull();
    expect(o.requirements).toBe(true);
    expect(report.checks.find((c) => c.id === 'requirements')?.detail).toBe(
      'highest ExcelApi 1.7; without: open an export as a new workbook (ExcelApi 1.8), marks keep fill patterns (ExcelApi 1.9), marks as threaded comments (ExcelApi 1.10), sheet marks, date categories (ExcelApi 1.12), merged headings (ExcelApi 1.13), marks as notes (ExcelApi 1.18)',
    );
    expect(report.checks.find((c) => c.id === 'dates')?.detail).toMatch(/date system 1904$/);
    expect(report.skipped).toBe(2);
    expect(fake.createdWorkbooks).toEqual([]);
  }, 60_000);

  test('the copied report: the host line, the sets and one line per check', async () => {
    const { fake, office } = host('1.18', {}, 'Mac');
    const text = reportText(await diagnose(fake, office, false), (id) => `«${id}»`, { pass: 'ӨТТІ', fail: 'ӨТПЕДІ', skip: '—' });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Tizilim 0\.1\.0 — Diagnostics, \d{4}-\d\d-\d\dT/);
    expect(lines[1]).toBe('Host: Excel; platform: Mac; version: 16.0 (in-memory, ExcelApi 1.18); language: kk-KZ');
    expect(lines[2]).toBe('ExcelApi: 1.18; DialogApi 1.1: no; DialogApi 1.2: no; SharedRuntime 1.1: no');
    expect(lines.filter((l) => /^\[(ӨТТІ|ӨТПЕДІ|—)\] «/.test(l))).toHaveLength(11);
  }, 60_000);
});

test('the tiny workbook is a zip ExcelJS reads, with the text in A1 (and the same bytes each time)', async () => {
  const bytes = tinyXlsx('Парақ & <1>', 'Мәтін & <b>');
  expect(Buffer.from(tinyXlsx('Парақ & <1>', 'Мәтін & <b>')).equals(Buffer.from(bytes))).toBe(true);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['Парақ & <1>']);
  expect(book.worksheets[0].getCell('A1').value).toBe('Мәтін & <b>');
});
