/**
 * The copy for ministries, end to end through the CLI: October's register exported with September's
 * snapshot. Read back with ExcelJS and taken apart as a zip (test/system/libreoffice-export.test.ts opens it in LibreOffice), it has
 * no hidden sheets, no formulas (by default), no comments, no links, its properties set, every sheet
 * protected without a password, and the register's figures; two exports are the same to the byte.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { buildExport, exportFileName, exportInput } from '../../../src/core/monthly/export';
import { t } from '../../../src/core/words';
import { runPipeline } from '../../../src/core/report/pipeline';
import { makeSnapshot } from '../../../src/core/monthly/snapshot';
import { monthGrid, monthRates, monthXlsx, OCTOBER, type MonthRow } from '../../support/report-months';
import { cells, expectRegisterFigures, formulaCells, monthsFixture, octoberJson, ORG, readBook, unzip, type Value } from '../../support/export-book';
import { runCli as cli } from '../../support/cli';


let dir: string;
let rates: string[];
let f: (n: string) => string;


let exportArgs: (out: string, extra?: string[]) => string[];
beforeAll(async () => {
  ({ dir, f, rates, exportArgs } = await monthsFixture());
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('the copy for ministries', () => {
  let file: string;
  let wb: ExcelJS.Workbook;
  let printed: string[];
  beforeAll(async () => {
    file = f('a/BKO_invest_projects_2025-10.xlsx');
    const r = await cli(exportArgs(file, ['--lang', 'en']));
    if (r.code !== 0) throw new Error([...r.err, ...r.out].join('\n'));
    printed = r.out;
    wb = await readBook(file);
  });

  test('the sheets: About first, the summary sheets of summary.ts, then Changes; all visible, all protected without a password', () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Анықтама');
    expect(names[names.length - 1]).toBe('Өзгерістер');
    expect(names).toEqual(expect.arrayContaining(['Шолу', 'Тізілім', 'Тексеру']));
    expect(printed[0]).toBe(`The copy for ministries, 2025-10: ${names.join(', ')}`);
    for (const ws of wb.worksheets) {
      expect([ws.name, ws.state]).toEqual([ws.name, 'visible']);
      // Not in ExcelJS's typings, but what it reads <sheetProtection> into.
      const protection = (ws as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;
      expect(protection).toMatchObject({ sheet: true });
      expect(protection).not.toHaveProperty('hashValue');
    }
  });

  test('values only: no formulas, no comments, no links, no hidden sheets, nothing external in the package', async () => {
    expect(formulaCells(wb)).toEqual([]);
    for (const ws of wb.worksheets) {
      ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (c) => {
        expect([c.address, c.note]).toEqual([c.address, undefined]);
        expect([c.address, c.hyperlink]).toEqual([c.address, undefined]);
      }));
    }
    const zip = unzip(await fs.readFile(file));
    const names = [...zip.keys()];
    expect(names.filter((n) => /comment|vmlDrawing|externalLink|person|connections|customXml|printerSettings/i.test(n))).toEqual([]);
    for (const [n, text] of zip) {
      if (n.endsWith('.rels')) expect([n, /TargetMode="External"/.test(text)]).toEqual([n, false]);
      if (n.startsWith('xl/worksheets/sheet')) {
        expect([n, /<f[ >]/.test(text), /<hyperlink/.test(text)]).toEqual([n, false, false]);
        expect([n, /<sheetProtection [^>]*sheet="1"/.test(text), /hashValue|password=/.test(text)]).toEqual([n, true, false]);
      }
    }
    expect(zip.get('xl/workbook.xml')).not.toMatch(/state="(hidden|veryHidden)"/);
  });

  test('document properties: title, subject, region, period, organisation; the organisation as author; dates from the period', async () => {
    expect(wb.title).toBe('Батыс Қазақстан облысы: инвестициялық жобалар тізілімі, 2025-10 / Батыс Қазақстан облысы: реестр инвестиционных проектов, 2025-10');
    expect(wb.subject).toBe('Министрліктерге арналған айлық есеп / Ежемесячный отчёт для министерств');
    expect(wb.keywords).toBe('BKO; 2025-10; Батыс Қазақстан облысы');
    expect(wb.description).toBe(`Өңір: Батыс Қазақстан облысы; кезең: 2025-10; ұйым: ${ORG}`);
    expect([wb.creator, wb.lastModifiedBy, wb.company]).toEqual([ORG, ORG, ORG]);
    expect([wb.created.toISOString(), wb.modified.toISOString()]).toEqual(['2025-10-31T00:00:00.000Z', '2025-10-31T00:00:00.000Z']);
    const core = unzip(await fs.readFile(file)).get('docProps/core.xml')!;
    expect(core).not.toMatch(/lastPrinted/);
  });

  test('the figures are the register\'s: each project\'s tenge and yuan on the register sheet, the totals on About', () => {
    const json = octoberJson();
    const register = wb.getWorksheet('Тізілім')!;
    expectRegisterFigures(register, json);
    // summary.ts's own bilingual headings: Kazakh over Russian.
    const headings: Value[] = [];
    register.eachRow((row) => row.eachCell((c) => void headings.push(c.value)));
    expect(headings).toContain(`${t('col.name', 'kk')}\n${t('col.name', 'ru')}`);
    const about = wb.getWorksheet('Анықтама')!;
    const kv = new Map<string, Value>();
    about.eachRow((row) => void kv.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(kv.get('Өңір / Регион')).toBe('Батыс Қазақстан облысы');
    expect(kv.get('Есепті кезең / Отчётный период')).toBe('2025-10');
    expect(kv.get('Жіберуші ұйым / Организация-отправитель')).toBe(ORG);
    expect(kv.get('Жобалар саны / Количество проектов')).toBe(5);
    expect(kv.get('Жалпы құны, теңге / Общая стоимость, тенге')).toBe(Number(json.totals.KZT));
    expect(kv.get('Жалпы құны, юань / Общая стоимость, юаней')).toBe(Number(json.totals.CNY));
    expect(kv.get('Ашық қателер / Открытые ошибки')).toBe(0);
    expect(kv.get('Құрал / Инструмент')).toMatch(/^Tizilim \d+\.\d+\.\d+/);
    // The rates used, with their dates and files.
    const rateRows: Value[][] = [];
    about.eachRow((row) => { if (row.getCell(1).value === 'CNY') rateRows.push([row.getCell(2).value, row.getCell(3).value, row.getCell(5).value]); });
    expect(rateRows).toEqual([[new Date('2025-09-15T00:00:00Z'), 76, 'nbk-2025-09-15.xml'], [new Date('2025-10-09T00:00:00Z'), 75.82, 'nbk-2025-10-09.xml']]);
  });

  test('the Changes sheet with headings in Kazakh and Russian lists the five changes', () => {
    const ws = wb.getWorksheet('Өзгерістер')!;
    const rows: Value[][] = [];
    ws.eachRow((row) => void rows.push((row.values as Value[]).slice(1)));
    const h = rows.findIndex((r) => r[0] === 'Өзгеріс\nИзменение');
    expect(h).toBeGreaterThan(0);
    expect(rows[h][5]).toBe('Сәйкестендіру\nСопоставление');
    expect(rows.slice(h + 1, h + 6).map((r) => [r[0], r[3], r[5] ?? null])).toEqual([
      ['жаңа жоба', 'Жылыжай кешені', null],
      ['тізілімде жоқ', 'Күн электр станциясы', null],
      ['мәртебесі өзгерді', 'Цемент зауыты', 'нөмірі бойынша'],
      ['құны өзгерді', 'Логистикалық хаб', 'атауы мен инвесторы бойынша'],
      ['валютасы өзгерді', 'Жел электр станциясы', 'атауы мен инвесторы бойынша'],
    ]);
  });

  test('the same inputs give the same cells — and the same bytes', async () => {
    const again = f('b/BKO_invest_projects_2025-10.xlsx');
    await new Promise((r) => setTimeout(r, 2100)); // zip entries carry 2-second timestamps
    const r = await cli(exportArgs(again, ['--lang', 'en']));
    expect(r.code).toBe(0);
    const [a, b] = [cells(wb), cells(await readBook(again))];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [sheet, m] of a) expect([sheet, [...b.get(sheet)!.entries()]]).toEqual([sheet, [...m.entries()]]);
    expect((await fs.readFile(again)).equals(await fs.readFile(file))).toBe(true);
  });
});

test('open error findings: refused with exit 1, a clear message and nothing written; with --allow-errors written and stated on About', async () => {
  const bad = OCTOBER.map((r): MonthRow => (r[0] === 4 ? [4, r[1], r[2], r[3], 'көп', null, r[6], r[7]] : r));
  await fs.writeFile(f('bad.xlsx'), await monthXlsx('2025-10', bad));
  const out = f('bad/BKO_invest_projects_2025-10.xlsx');
  let r = await cli(['export', f('bad.xlsx'), '--month', '2025-10', ...rates, '--out', out, '--lang', 'en']);
  expect(r.code).toBe(1);
  expect(r.err).toEqual(['The register has 1 open error finding: the copy for ministries was not written. Fix them, or pass --allow-errors to export it anyway (they are then stated on the About sheet).']);
  expect(r.out.join('\n')).toContain('AMOUNT_UNREADABLE');
  await expect(fs.access(path.dirname(out))).rejects.toThrow();
  r = await cli(['export', f('bad.xlsx'), '--month', '2025-10', ...rates, '--out', out, '--lang', 'en', '--allow-errors']);
  expect(r.code).toBe(0);
  expect(r.out).toContain('1 open error finding is stated on the About sheet (--allow-errors).');
  const about = (await readBook(out)).getWorksheet('Анықтама')!;
  const texts: string[] = [];
  about.eachRow((row) => row.eachCell((c) => void texts.push(String(c.value))));
  expect(texts).toContain('Көшірме 1 ашық қатемен жіберілді, жіберуші мұны растады (--allow-errors). Қателер:');
  expect(texts).toContain('Тізілім 2025-10!E7');
  expect(texts).toContain('AMOUNT_UNREADABLE');
});

test('the file name from the region code and the month; no organisation: "Tizilim" as author and no company', () => {
  expect(exportFileName('BKO', '2025-10')).toBe('BKO_invest_projects_2025-10.xlsx');
  expect(exportFileName('ZKO / Oral', '2025-11')).toBe('ZKOOral_invest_projects_2025-11.xlsx');
  const res = runPipeline(monthGrid('2025-10', OCTOBER), { file: 'oct.xlsx', lang: 'ru', rates: monthRates(), today: '2025-10-31' });
  if (!res.ok) throw new Error(res.problem);
  const book = buildExport(exportInput(res), {
    month: '2025-10', region: 'Батыс Қазақстан облысы', regionCode: 'BKO', organisation: null, version: '9.9.9', langs: ['ru', 'kk'],
    formulas: false, allowErrors: false, file: 'oct.xlsx', reportDate: '2025-10-31', previous: makeSnapshot(res.json, { month: '2025-09', reportDate: '2025-09-30' }),
  });
  if (!book.ok) throw new Error('refused');
  expect(book.fileName).toBe('BKO_invest_projects_2025-10.xlsx');
  expect([book.properties.creator, book.properties.lastModifiedBy, book.properties.company]).toEqual(['Tizilim', 'Tizilim', '']);
  expect(book.plans.map((p) => [p.name, p.role])).toEqual(expect.arrayContaining([['Справка', 'about'], ['Изменения', 'changes']]));
  expect(book.plans.flat().flatMap((p) => p.rows.flat()).filter((c) => c?.f || c?.link)).toEqual([]);
  const about = book.plans[0].rows.flat().map((c) => c?.v);
  expect(about).toContain('Tizilim 9.9.9');
  expect(about).toContain('Регион / Өңір');
});
