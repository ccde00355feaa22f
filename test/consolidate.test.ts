/**
 * Several registers (one per region) in one `tizilim summarize`: one workbook with a region column on
 * the register sheet and a summary by region; each register checked on its own (its findings the same
 * as when it is summarised alone), the totals the sum of theirs; the region from --region-of or the
 * file's name (test/system/libreoffice-consolidate.test.ts recalculates the workbook in LibreOffice).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import Big from 'big.js';
import ExcelJS from 'exceljs';
import { twoRegions } from './support/regions';
import { program, regionsOf, run } from '../src/cli/main';
import { t } from '../src/core/words';
import { regionSheetName, sheetNames } from '../src/core/report/summary';

interface Json {
  rows: { row: number; kind: string; region?: string; KZT: string | null; CNY: string | null; name: string | null }[];
  findings: { code: string; cell: string | null; row: number | null; region?: string | null; sheet: string }[];
  totals: { projects: number; KZT: string; CNY: string };
  counts: Record<string, number>;
  registers?: { region: string; input: { file: string; sheet: string }; counts: Record<string, number> }[];
}

let dir: string;
let rates: string;
let a: string, b: string;
beforeAll(async () => {
  ({ dir, rates, a, b } = await twoRegions('tizilim-cons-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function summarize(files: string[], extra: Record<string, unknown> = {}): Promise<{ json: Json; out: string; code: number; lines: string[] }> {
  const tag = files.map((f) => path.basename(f)).join('+');
  const out = path.join(dir, `${tag}.xlsx`);
  const json = path.join(dir, `${tag}.json`);
  const lines: string[] = [];
  const code = await run(files, { rates: [rates], out, json, lang: 'en', write: true, today: '2025-12-31', ...extra }, (s) => lines.push(s));
  return { json: JSON.parse(await fs.readFile(json, 'utf8')) as Json, out, code, lines };
}

const sum = (xs: (string | null)[]) => xs.reduce((s, x) => (x === null ? s : s.plus(x)), new Big(0)).toFixed(2);

test('two registers, one summary: a region column, a summary by region, each register checked as if alone, totals that add up', async () => {
  const alone = [await summarize([a]), await summarize([b])];
  const both = await summarize([a, b], { regionOf: [`${path.basename(a)}=Батыс Қазақстан`] });
  const regions = ['Батыс Қазақстан', 'akt-2025'];

  // JSON: every row and finding carries its region; the rest is each register's own.
  expect(both.json.rows.map((r) => r.region)).toEqual([...alone[0].json.rows.map(() => regions[0]), ...alone[1].json.rows.map(() => regions[1])]);
  expect(both.json.rows.map(({ region, ...r }) => (void region, r))).toEqual([...alone[0].json.rows, ...alone[1].json.rows]);
  expect(both.json.findings.map(({ region, ...f }) => (void region, f))).toEqual([...alone[0].json.findings, ...alone[1].json.findings]);
  expect(both.json.findings.map((f) => f.region)).toEqual([...alone[0].json.findings.map(() => regions[0]), ...alone[1].json.findings.map(() => regions[1])]);
  expect(both.json.totals).toEqual({
    projects: alone[0].json.totals.projects + alone[1].json.totals.projects,
    KZT: sum([alone[0].json.totals.KZT, alone[1].json.totals.KZT]),
    CNY: sum([alone[0].json.totals.CNY, alone[1].json.totals.CNY]),
  });
  expect(both.json.registers?.map((r) => [r.region, r.input.file, r.counts.project])).toEqual([
    [regions[0], 'bko-2025.xlsx', 150], [regions[1], 'akt-2025.csv', 90],
  ]);
  expect(both.code).toBe(Math.max(alone[0].code, alone[1].code));
  expect(both.lines.filter((l) => l.startsWith('Register:'))).toHaveLength(2);

  // The workbook: the summary by region after the overview, the region column, the regions' figures.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(both.out);
  const names = sheetNames('en');
  expect(wb.worksheets.map((w) => w.name)).toEqual([names.overview, regionSheetName('en'), names.sector, names.investor, names.location, names.status, names.month, names.register, names.checks]);
  const reg = wb.getWorksheet(names.register)!;
  expect(reg.getCell('B4').value).toBe(t('col.region', 'en'));
  expect(reg.getCell('B5').value).toBe(regions[0]);
  expect(reg.getCell(`B${4 + 150 + 1}`).value).toBe(regions[1]);
  expect(reg.rowCount).toBe(4 + 240);
  // Frozen through the project's name, which the region column moved one to the right.
  const nameCol = (reg.getRow(4).values as unknown[]).indexOf(t('col.name', 'en'));
  expect(nameCol).toBe(5);
  expect(reg.views[0]).toMatchObject({ state: 'frozen', xSplit: nameCol, ySplit: 4 });
  const byRegion = wb.getWorksheet(regionSheetName('en'))!;
  const result = (c: ExcelJS.Cell) => (c as unknown as { model: { result?: unknown } }).model.result;
  const lines = new Map<string, [number, number]>();
  for (let r = 5; r <= 6; r++) lines.set(String(byRegion.getCell(r, 1).value), [Number(result(byRegion.getCell(r, 2))), Number(result(byRegion.getCell(r, 3)))]);
  for (let k = 0; k < 2; k++) expect(lines.get(regions[k])).toEqual([alone[k].json.totals.projects, Number(alone[k].json.totals.KZT)]);
  expect((byRegion.getCell('B5').value as ExcelJS.CellFormulaValue).formula).toMatch(/^(COUNTIFS|SUMPRODUCT)\('Register'!\$B\$5:\$B\$244/);
  const checks = wb.getWorksheet(names.checks)!;
  expect(checks.getCell('A4').value).toBe(t('col.region', 'en'));
}, 60_000);

describe('regions', () => {
  test('by default each file\'s name without extension; --region-of by the path given or the file name', () => {
    expect(regionsOf(['x/bko.xlsx', 'y/akt.csv'], undefined)).toEqual(['bko', 'akt']);
    expect(regionsOf(['x/bko.xlsx', 'y/akt.csv'], ['bko.xlsx=Батыс Қазақстан облысы', 'y/akt.csv=Ақтөбе облысы'])).toEqual(['Батыс Қазақстан облысы', 'Ақтөбе облысы']);
    expect(() => regionsOf(['x/bko.xlsx'], ['nope.xlsx=A'])).toThrow('--region-of');
  });

  test('a --region-of naming no register is refused: exit 2, nothing written', async () => {
    const err: string[] = [];
    let code = -1;
    const e = jest.spyOn(console, 'error').mockImplementation((s: string) => void err.push(String(s)));
    const o = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await program((c) => (code = c)).parseAsync(['node', 'tizilim', 'summarize', a, b, '--region-of', 'other.xlsx=X', '--out', path.join(dir, 'never.xlsx'), '--lang', 'en']);
    } finally {
      e.mockRestore();
      o.mockRestore();
    }
    expect(code).toBe(2);
    expect(err[0]).toContain('--region-of');
    await expect(fs.stat(path.join(dir, 'never.xlsx'))).rejects.toThrow();
  });
});
