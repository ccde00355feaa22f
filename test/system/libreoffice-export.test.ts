/**
 * The copy for ministries in LibreOffice (a system test: needs soffice): opened and saved back it keeps
 * every sheet visible, no formulas, no comments, the properties and the figures; with --formulas,
 * LibreOffice recalculates the summaries' formulas to the figures the copy caches.
 */
import { promises as fs } from 'fs';
import type ExcelJS from 'exceljs';
import { runCli as cli } from '../support/cli';
import { expectRegisterFigures, formulaCells, monthsFixture, octoberJson, ORG, readBook, unzip, type Value } from '../support/export-book';
import { convert } from '../support/libreoffice';

let dir: string;
let f: (n: string) => string;
let exportArgs: (out: string, extra?: string[]) => string[];
beforeAll(async () => {
  ({ dir, f, exportArgs } = await monthsFixture());
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('the copy for ministries', () => {
  let file: string;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    file = f('a/BKO_invest_projects_2025-10.xlsx');
    const r = await cli(exportArgs(file, ['--lang', 'en']));
    if (r.code !== 0) throw new Error([...r.err, ...r.out].join('\n'));
    wb = await readBook(file);
  });

  test('LibreOffice opens it and saves it back with every sheet visible, no formulas, no comments, the properties and the figures', async () => {
    const converted = await convert(file, { to: 'xlsx', outDir: f('lo') });
    const lo = await readBook(converted);
    expect(lo.worksheets.map((w) => [w.name, w.state])).toEqual(wb.worksheets.map((w) => [w.name, 'visible']));
    expect(formulaCells(lo)).toEqual([]);
    for (const ws of lo.worksheets) ws.eachRow((row) => row.eachCell((c) => expect([c.address, c.note]).toEqual([c.address, undefined])));
    expect([lo.title, lo.subject, lo.creator]).toEqual([wb.title, wb.subject, ORG]);
    expectRegisterFigures(lo.getWorksheet('Тізілім')!, octoberJson());
    const names = [...unzip(await fs.readFile(converted)).keys()];
    expect(names.filter((n) => /comment|vmlDrawing|externalLink/i.test(n))).toEqual([]);
  });
});

test('--formulas keeps the summaries\' formulas; LibreOffice recalculates them to the same figures', async () => {
  const file = f('formulas/BKO_invest_projects_2025-10.xlsx');
  const r = await cli(exportArgs(file, ['--formulas', '--lang', 'en']));
  expect(r.code).toBe(0);
  const wb = await readBook(file);
  const formulas = formulaCells(wb);
  expect(formulas.length).toBeGreaterThan(0);
  const lo = await readBook(await convert(file, { to: 'xlsx', outDir: f('formulas-lo') }));
  for (const ref of formulas) {
    const [sheet, addr] = ref.split('!');
    // A formula cell's cached result (ExcelJS keeps a cached 0 out of `value`, but not out of `result`).
    const mine = wb.getWorksheet(sheet)!.getCell(addr).result as Value;
    const theirs = lo.getWorksheet(sheet)!.getCell(addr).result as Value;
    expect([ref, mine === undefined]).toEqual([ref, false]);
    if (typeof mine === 'number' && typeof theirs === 'number') {
      // The same figure up to the last bits of a double: LibreOffice sums in binary floating point.
      expect([ref, Math.abs(theirs - mine) <= 1e-12 * Math.max(1, Math.abs(mine))]).toEqual([ref, true]);
    } else expect([ref, theirs]).toEqual([ref, mine]);
  }
});
