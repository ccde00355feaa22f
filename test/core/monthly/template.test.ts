/**
 * Next month's register template (issue #16): written from the sample register, read back with
 * ExcelJS — the header, the projects carried over, the rules on what is typed (evaluated as Excel
 * would, test/support/validation.ts), the protection — and read back as a register by the tool.
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { checkRegister } from '../../../src/core/checks/checks';
import type { Finding } from '../../../src/core/checks/findings';
import { gridFromValues, type CellValue } from '../../../src/core/grid/grid';
import { LANGS, type Lang } from '../../../src/core/words';
import { text as label } from '../../../src/core/words';
import { CURRENCIES } from '../../../src/core/money/money';
import { readRegister, STATUS_CODES, type Field, type Register, type RegisterRow } from '../../../src/core/register/register';
import { buildTemplate, carriedErrors, FMT_MONEY, templateFile, TEMPLATE_HEADER_ROW, TEMPLATE_ROOM, tword } from '../../../src/core/monthly/template';
import { loadRates } from '../../../src/cli/main';
import { openSource } from '../../../src/xlsx/read';
import { writePlansFile } from '../../../src/xlsx/write';
import { runCli } from '../../support/cli';
import { protectionOf, sampleTypings, verdicts } from '../../support/template';
import { accepts, listItems, ruleAt } from '../../support/validation';

jest.setTimeout(120000);

const SAMPLE = path.join(__dirname, '..', '..', '..', 'samples', 'bko-register-2025-10.xlsx');
const RATES = ['nbk-2025-10-09.xml', 'nbk-2025-10-10.xml', 'nbk-2025-10-11.xml'].map((f) => path.join(__dirname, '..', '..', '..', 'samples', 'rates', f));
const MONTH = '2025-11';
const H = TEMPLATE_HEADER_ROW;

let dir: string;
let out: string;
let cli: { code: number; out: string[]; err: string[] };
let wb: ExcelJS.Workbook;
let ws: ExcelJS.Worksheet;
let source: Register;

async function registerOf(file: string, sheet?: string): Promise<Register> {
  const book = await openSource(file);
  const r = readRegister(book.grid(sheet ?? book.sheets[0]), { date1904: book.date1904 });
  if (!r.ok) throw new Error(`${file}: ${r.problem}`);
  return r.register;
}

const projects = (r: Register) => r.rows.filter((x) => x.kind === 'project');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-template-'));
  out = path.join(dir, 'template.xlsx');
  cli = await runCli(['template', SAMPLE, '--month', MONTH, '--out', out, '--lang', 'kk', ...RATES.flatMap((f) => ['--rates', f])]);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  ws = wb.worksheets[0];
  source = await registerOf(SAMPLE);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The columns the template has, by field, as its header maps when read back. */
function columnsOf(reg: Register): Partial<Record<Field, number>> {
  return Object.fromEntries(reg.header.columns.map((c) => [c.field, c.col]));
}

describe('tizilim template on the sample register', () => {
  test('exit 0, the template written, nothing else left in the folder (written through a temporary file)', async () => {
    expect(cli.code).toBe(0);
    expect(await fs.readdir(dir)).toEqual(['template.xlsx']);
    expect(cli.out.join('\n')).toContain(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual([tword('sheet.template', 'kk', { month: MONTH }), tword('sheet.lists', 'kk')]);
    // Every sheet visible: no hidden lists.
    expect(wb.worksheets.every((s) => s.state === 'visible')).toBe(true);
  });

  test('the header is the canonical one in Kazakh and reads back to the register\'s fields, surely', async () => {
    const header = (ws.getRow(H).values as unknown[]).slice(1, 14);
    expect(header).toEqual(['col.no', 'col.name', 'col.investor', 'col.country', 'col.sector', 'col.location', 'col.status', 'col.date', 'col.KZT', 'col.CNY', null, 'col.jobs', 'col.notes']
      .map((k) => (k ? label(k, 'kk') : tword('col.currency', 'kk'))));
    const reg = await registerOf(out);
    expect(reg.header.rows).toEqual([H]);
    expect(columnsOf(reg)).toEqual({ number: 1, name: 2, investor: 3, country: 4, sector: 5, location: 6, status: 7, date: 8, KZT: 9, CNY: 10, jobs: 12, notes: 13 });
    expect(reg.header.columns.every((c) => c.confidence >= 0.9)).toBe(true);
  });

  test('every project is carried over with its figures, exactly; the total row is not', async () => {
    const reg = await registerOf(out);
    const from = projects(source);
    const to = projects(reg);
    expect(from.length).toBeGreaterThan(10);
    expect(to.length).toBe(from.length);
    expect(reg.counts.total).toBe(0);
    const amount = (r: RegisterRow, f: 'KZT' | 'CNY') => {
      const a = r.amounts[f];
      return a && a.ok ? a.amount.toFixed() : a ? 'unread' : null;
    };
    const facts = (r: RegisterRow) => ({
      number: r.number, name: r.name, investor: r.investor, sector: r.sector, location: r.location, status: r.status, statusText: r.statusText,
      date: r.date.ok ? r.date.iso : null, KZT: amount(r, 'KZT'), CNY: amount(r, 'CNY'), jobs: r.jobs, notes: r.notes,
    });
    expect(to.map(facts)).toEqual(from.map(facts));
    // Something to compare: the sample states tenge in billions, the template in whole tenge.
    expect(to.filter((r) => r.amounts.KZT?.ok).length).toBeGreaterThan(10);
    expect(ws.getCell(H + 1, 9).numFmt).toBe(FMT_MONEY);
    expect(ws.getCell(H + 1, 10).numFmt).toBe(FMT_MONEY);
    expect(ws.getCell(H + from.length + TEMPLATE_ROOM, 9).numFmt).toBe(FMT_MONEY);
  });

  test('the template read back as a register has no error, and no warning the register had not (a project still without a value)', async () => {
    const rates = await loadRates(RATES);
    const serious = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info');
    const before = serious(checkRegister(source, rates, { today: '2025-11-30' }).findings);
    const after = serious(checkRegister(await registerOf(out), rates, { today: '2025-11-30' }).findings);
    expect(after.filter((f) => f.severity === 'error')).toEqual([]);
    // The sample's one project under study has no value yet: that warning carries over, as it must, on the same project.
    const kept = (xs: Finding[], reg: Register) => xs.map((f) => `${f.severity} ${f.code} ${reg.rows.find((r) => r.row === f.row)?.name}`).sort();
    expect(kept(after, await registerOf(out))).toEqual(kept(before, source));
    expect(after.map((f) => f.code)).toEqual(['MISSING_VALUE']);
  });

  test('rules on each column from the first data row to the last row of room, with messages in Kazakh', () => {
    const n = projects(source).length;
    const first = H + 1;
    const last = H + n + TEMPLATE_ROOM;
    const expectRule = (col: number, type: string, prompt: string) => {
      for (const r of [first, first + n, last]) {
        const rule = ruleAt(ws, ws.getCell(r, col).address);
        expect(rule).toMatchObject({ type, allowBlank: true, showErrorMessage: true, errorStyle: 'stop', showInputMessage: true, prompt, errorTitle: tword('error.title', 'kk') });
      }
      expect(ruleAt(ws, ws.getCell(H, col).address)).toBeUndefined();
      expect(ruleAt(ws, ws.getCell(last + 1, col).address)).toBeUndefined();
    };
    expectRule(5, 'list', tword('prompt.sector', 'kk'));
    expectRule(7, 'list', tword('prompt.status', 'kk'));
    expectRule(8, 'date', tword('prompt.date', 'kk', { from: '1991-01-01', to: '2025-11-30' }));
    expectRule(9, 'decimal', tword('prompt.KZT', 'kk'));
    expectRule(10, 'decimal', tword('prompt.CNY', 'kk'));
    expectRule(11, 'list', tword('prompt.currency', 'kk'));
    expectRule(12, 'whole', tword('prompt.jobs', 'kk'));
    for (const c of [1, 2, 3, 4, 6, 13]) expect(ruleAt(ws, ws.getCell(first, c).address)).toBeUndefined();
    // Excel's limits on the messages.
    for (const c of [5, 7, 8, 9, 10, 11, 12]) {
      const rule = ruleAt(ws, ws.getCell(first, c).address)!;
      expect((rule.promptTitle ?? '').length).toBeLessThanOrEqual(32);
      expect((rule.prompt ?? '').length).toBeLessThanOrEqual(255);
      expect((rule.errorTitle ?? '').length).toBeLessThanOrEqual(32);
      expect((rule.error ?? '').length).toBeLessThanOrEqual(225);
    }
  });

  test('the lists: the register\'s own sectors, the standard statuses in Kazakh and the register\'s own, the five currencies', () => {
    const rule = (c: number) => ruleAt(ws, ws.getCell(H + 1, c).address)!;
    const sectors = [...new Set(projects(source).map((r) => r.sector).filter((s): s is string => !!s))];
    expect(listItems(wb, String(rule(5).formulae[0]))).toEqual(sectors);
    const statuses = listItems(wb, String(rule(7).formulae[0]));
    for (const c of STATUS_CODES) expect(statuses).toContain(label(`status.${c}`, 'kk'));
    for (const r of projects(source)) expect(statuses).toContain(r.statusText);
    // "Ұсыныс, қаралуда" holds a comma: the status list cannot be inline, it is a range of the Lists sheet.
    expect(String(rule(7).formulae[0])).toBe(`'${tword('sheet.lists', 'kk')}'!$B$2:$B$${statuses.length + 1}`);
    expect(listItems(wb, String(rule(11).formulae[0]))).toEqual([...CURRENCIES]);
    const lists = wb.getWorksheet(tword('sheet.lists', 'kk'))!;
    expect(lists.getCell('A1').value).toBe(label('col.sector', 'kk'));
  });

  test('the header is protected and the cells to type in are not', () => {
    const n = projects(source).length;
    expect(protectionOf(ws)).toMatchObject({ sheet: true });
    for (let c = 1; c <= 13; c++) {
      expect(ws.getCell(H, c).protection?.locked).not.toBe(false);
      expect(ws.getCell(1, c).protection?.locked).not.toBe(false);
      expect(ws.getCell(H + 1, c).protection?.locked).toBe(false);
      expect(ws.getCell(H + n + TEMPLATE_ROOM, c).protection?.locked).toBe(false);
    }
    expect(protectionOf(wb.getWorksheet(tword('sheet.lists', 'kk')))).toMatchObject({ sheet: true });
  });

  test('bad values typed through the rules are refused; good ones pass', () => {
    const row = H + projects(source).length + 5;
    const cases = sampleTypings(MONTH);
    expect(cases.filter((c) => !c[3]).length).toBeGreaterThan(10);
    expect(verdicts(wb, ws, row, cases)).toEqual(cases.map(([what, , , ok]) => [what, ok]));
  });
});

describe('the template in other languages', () => {
  test.each([['ru', ['ru']], ['en', ['en']], ['kk', ['kk', 'ru']]] as [Lang, Lang[]][])('--lang %s --headings %j: the header reads back to every field, the projects all carried over', async (lang, headings) => {
    const t = buildTemplate(source, { month: MONTH, lang, headings });
    const file = path.join(dir, `t-${lang}-${headings.join('')}.xlsx`);
    await writePlansFile(t.plans, file);
    const reg = await registerOf(file, t.sheet);
    expect(columnsOf(reg)).toEqual({ number: 1, name: 2, investor: 3, country: 4, sector: 5, location: 6, status: 7, date: 8, KZT: 9, CNY: 10, jobs: 12, notes: 13 });
    expect(projects(reg).length).toBe(projects(source).length);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    const head = back.worksheets[0].getCell(H, 2).value;
    expect(head).toBe(headings.map((l) => label('col.name', l)).join('\n'));
    expect(ruleAt(back.worksheets[0], `G${H + 1}`)?.prompt).toBe(tword('prompt.status', lang));
    expect(back.worksheets.map((s) => s.name)[1]).toBe(tword('sheet.lists', lang));
    // The standard statuses in the sheets' language all read back as their own status.
    expect(t.lists.status.slice(0, STATUS_CODES.length)).toEqual(STATUS_CODES.map((c) => label(`status.${c}`, lang)));
  });

  test('the standard status words of every language (the list\'s) read back as their status', () => {
    for (const lang of LANGS) {
      const rows: CellValue[][] = [['№', 'Жобаның атауы', 'Мәртебесі', 'Құны, теңге'], ...STATUS_CODES.map((c, i) => [i + 1, `Жоба ${i}`, label(`status.${c}`, lang), 1000] as CellValue[])];
      const r = readRegister(gridFromValues('T', rows));
      if (!r.ok) throw new Error(r.problem);
      expect(projects(r.register).map((x) => x.status)).toEqual([...STATUS_CODES]);
    }
  });
});

test('text that looks like a formula is carried over as text', async () => {
  const rows: CellValue[][] = [
    ['№', 'Жобаның атауы', 'Инвестор', 'Саласы', 'Құны, млн теңге', 'Мәртебесі'],
    [1, '=HYPERLINK("http://x","y")', '+7 701', '-', 2, 'Меморандум'],
    [2, '@SUM(A1)', 'Investor', '=1+1', 3, 'Меморандум'],
  ];
  const r = readRegister(gridFromValues('T', rows));
  if (!r.ok) throw new Error(r.problem);
  const t = buildTemplate(r.register, { month: MONTH, lang: 'kk' });
  const file = path.join(dir, 'formula-text.xlsx');
  await writePlansFile(t.plans, file);
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(file);
  const s = back.worksheets[0];
  const texts = [s.getCell(H + 1, 2), s.getCell(H + 1, 3), s.getCell(H + 2, 2), s.getCell(H + 2, 5)];
  expect(texts.map((c) => c.type)).toEqual(texts.map(() => ExcelJS.ValueType.String));
  expect(texts.map((c) => c.value)).toEqual(['=HYPERLINK("http://x","y")', '+7 701', '@SUM(A1)', '=1+1']);
  // Millions became whole tenge.
  expect(s.getCell(H + 1, 9).value).toBe(2000000);
  // "=1+1" is a sector of the register: it is in the list as text.
  const sectors = listItems(back, String(ruleAt(s, `E${H + 1}`)!.formulae[0]));
  expect(sectors).toContain('=1+1');
});

test('figures in other units, currencies and words are carried over as the register states them', async () => {
  const rows: CellValue[][] = [
    ['№', 'Жобаның атауы', 'Саласы', 'Құны, млрд теңге', 'Құны, млн USD', 'Құны', 'Мәртебесі'],
    [1, 'A', 'Өндіріс', 'свыше 5', 2, '3 млн EUR', 'Меморандум'],
    [2, 'B', 'Өндіріс', '7 млн USD', 'около 1,5', 4000, 'Меморандум'],
    [3, 'C', 'Өндіріс', 1.25, null, null, 'Меморандум'],
    [4, 'D', 'Өндіріс', 'уточняется', null, null, 'Меморандум'],
  ];
  const r = readRegister(gridFromValues('T', rows));
  if (!r.ok) throw new Error(r.problem);
  const facts = (reg: Register) => projects(reg).map((p) => Object.fromEntries((['KZT', 'USD', 'value'] as const).map((f) => {
    const a = p.amounts[f];
    return [f, a === undefined ? null : a.ok ? `${a.amount.toFixed()} ${a.currency} ${a.qualifier}` : `unread ${a.reason}`];
  })));
  for (const lang of LANGS) {
    const t = buildTemplate(r.register, { month: MONTH, lang });
    const file = path.join(dir, `units-${lang}.xlsx`);
    await writePlansFile(t.plans, file);
    const back = await registerOf(file, t.sheet);
    expect(back.header.columns.map((c) => c.field)).toEqual(['number', 'name', 'investor', 'country', 'sector', 'location', 'status', 'date', 'KZT', 'CNY', 'USD', 'value', 'jobs', 'notes']);
    expect(facts(back)).toEqual(facts(r.register));
    expect(facts(back)[0].KZT).toBe('5000000000 KZT over');
    expect(facts(back)[1].KZT).toBe('7000000 USD null');
  }
});

test('a list longer than Excel\'s 255 characters is a range of the visible Lists sheet, and still refuses what is not in it', async () => {
  const sectors = Array.from({ length: 40 }, (_, i) => `Өңдеу өнеркәсібі, бөлім ${i + 1}`.replace(',', ''));
  const rows: CellValue[][] = [['№', 'Жобаның атауы', 'Саласы', 'Құны, теңге', 'Мәртебесі'], ...sectors.map((x, i) => [i + 1, `Жоба ${i + 1}`, x, 1000 + i, 'Меморандум'] as CellValue[])];
  const r = readRegister(gridFromValues('T', rows));
  if (!r.ok) throw new Error(r.problem);
  const t = buildTemplate(r.register, { month: MONTH, lang: 'ru' });
  const file = path.join(dir, 'long-list.xlsx');
  await writePlansFile(t.plans, file);
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(file);
  expect(sectors.join(',').length).toBeGreaterThan(255);
  const rule = ruleAt(back.worksheets[0], `E${H + 1}`)!;
  expect(rule.formulae[0]).toBe(`'Списки'!$A$2:$A$41`);
  expect(listItems(back, String(rule.formulae[0]))).toEqual(sectors);
  expect(back.getWorksheet('Списки')!.state).toBe('visible');
  expect([accepts(back, rule, sectors[39]), accepts(back, rule, 'Космос')]).toEqual([true, false]);
  // The currency list is short and plain: inline.
  expect(ruleAt(back.worksheets[0], `K${H + 1}`)!.formulae[0]).toBe('"KZT,CNY,USD,EUR,RUB"');
});

describe('the command refuses what it cannot use, and writes nothing', () => {
  const sha = async (f: string) => createHash('sha256').update(await fs.readFile(f)).digest('hex');

  test('an output that is the input: exit 2, the register untouched', async () => {
    const copy = path.join(dir, 'register.xlsx');
    await fs.copyFile(SAMPLE, copy);
    const before = await sha(copy);
    const res = await runCli(['template', copy, '--month', MONTH, '--out', copy, '--lang', 'en']);
    expect(res.code).toBe(2);
    expect(res.err.join('\n')).toContain('--out');
    expect(await sha(copy)).toBe(before);
  });

  test.each([
    ['a month that is not one', ['--month', '2025-13']],
    ['headings in no known language', ['--month', MONTH, '--headings', 'kk,de']],
  ])('%s: exit 2, no file', async (_what, args) => {
    const dest = path.join(dir, 'refused', 'x.xlsx');
    const res = await runCli(['template', SAMPLE, ...args, '--out', dest, '--lang', 'en']);
    expect(res.code).toBe(2);
    await expect(fs.stat(path.join(dir, 'refused'))).rejects.toThrow();
  });

  test('a workbook with no register in it: exit 2, no file', async () => {
    const empty = path.join(dir, 'empty.xlsx');
    const w = new ExcelJS.Workbook();
    w.addWorksheet('S').getCell('A1').value = 'nothing here';
    await w.xlsx.writeFile(empty);
    const dest = path.join(dir, 'none', 'x.xlsx');
    const res = await runCli(['template', empty, '--month', MONTH, '--out', dest, '--lang', 'en']);
    expect(res.code).toBe(2);
    await expect(fs.stat(path.join(dir, 'none'))).rejects.toThrow();
  });
});

test('the template\'s file name, title and subject, as the CLI and the add-in give them', () => {
  expect(templateFile('bko-register-2025-10.xlsx', MONTH, 'kk')).toEqual({ fileName: 'bko-register-2025-10.template-2025-11.xlsx', title: tword('title', 'kk', { month: MONTH }), subject: 'bko-register-2025-10.xlsx' });
  // A folder is no part of the name, and only the last extension goes; a name with none keeps all of it.
  expect(templateFile('C:\\Users\\a\\Тізілім.v2.xlsm', '2026-01', 'ru').fileName).toBe('Тізілім.v2.template-2026-01.xlsx');
  expect(templateFile('/tmp/register', MONTH, 'en')).toMatchObject({ fileName: 'register.template-2025-11.xlsx', subject: 'register' });
  expect(path.basename(SAMPLE, path.extname(SAMPLE)) + `.template-${MONTH}.xlsx`).toBe(templateFile(path.basename(SAMPLE), MONTH, 'en').fileName);
});

test('the errors that carry over: on project rows, not a total\'s or the control figures\'', () => {
  const f = (code: string, severity: Finding['severity'], row: number | null) => ({ code, severity, row }) as Finding;
  const all = [f('RATE_MISSING', 'error', 8), f('TOTAL_MISMATCH', 'error', 20), f('CONTROL_MISMATCH', 'error', null), f('BAD_DATE', 'error', null), f('MISSING_VALUE', 'warning', 9), f('BAD_DATE', 'error', 11)];
  expect(carriedErrors(all).map((x) => `${x.code} ${x.row}`)).toEqual(['RATE_MISSING 8', 'BAD_DATE 11']);
});
