/** The CLI's promises on bad input: exit code 2, one clear line naming the file and the problem, nothing written. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { program } from '../src/cli/main';
import { xlsxBuffer, d } from './support/registers';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-cli-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; err: string[]; out: string[] }> {
  let code = -1;
  const err: string[] = [];
  const out: string[] = [];
  const e = jest.spyOn(console, 'error').mockImplementation((s: string) => void err.push(String(s)));
  const o = jest.spyOn(console, 'log').mockImplementation((s: string) => void out.push(String(s)));
  try {
    await program((c) => (code = c)).parseAsync(['node', 'tizilim', ...args]);
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
  return { code, err, out };
}

async function files(): Promise<string[]> {
  return (await fs.readdir(dir)).sort();
}

test('a missing file: exit 2, the file named, nothing written', async () => {
  const missing = path.join(dir, 'nope.xlsx');
  const r = await cli(['summarize', missing, '--out', path.join(dir, 'o.xlsx'), '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual([`${missing}: file not found.`]);
  expect(await files()).toEqual([]);
});

test('a file that is not a workbook: exit 2 in Russian, nothing written', async () => {
  const f = path.join(dir, 'notes.xlsx');
  await fs.writeFile(f, 'just some text');
  const r = await cli(['summarize', f, '--out', path.join(dir, 'o.xlsx'), '--lang', 'ru']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual([`${f}: это не книга Excel (ожидается .xlsx, .xlsm или .csv).`]);
  expect(await files()).toEqual(['notes.xlsx']);
});

test('an empty sheet and a sheet with no register header: exit 2, sheet named, nothing written', async () => {
  const empty = path.join(dir, 'empty.xlsx');
  await fs.writeFile(empty, await xlsxBuffer((wb) => wb.addWorksheet('Бос')));
  let r = await cli(['summarize', empty, '--out', path.join(dir, 'o.xlsx'), '--lang', 'kk']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual([`${empty}, «Бос» парағы: парақ бос.`]);
  const prose = path.join(dir, 'prose.xlsx');
  await fs.writeFile(prose, await xlsxBuffer((wb) => wb.addWorksheet('Letter').addRows([['Dear colleagues,'], ['please find the figures attached.']])));
  r = await cli(['summarize', prose, '--out', path.join(dir, 'o.xlsx'), '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err[0]).toBe(`${prose}, sheet "Letter": no register header in the first 30 rows (a project name column and a value column are needed).`);
  expect(await files()).toEqual(['empty.xlsx', 'prose.xlsx']);
});

test('a sheet that does not exist is named with the sheets there are', async () => {
  const f = path.join(dir, 'r.xlsx');
  await fs.writeFile(f, await xlsxBuffer((wb) => wb.addWorksheet('Реестр').addRows([['Наименование проекта', 'Стоимость, млн тенге'], ['Завод', 10]])));
  const r = await cli(['check', f, '--sheet', 'Лист1', '--lang', 'ru']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual([`${f}: нет листа «Лист1». Есть листы: Реестр.`]);
});

test('error findings give exit code 1; the summary and the JSON are still written', async () => {
  const f = path.join(dir, 'r.xlsx');
  await fs.writeFile(f, await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('Реестр');
    ws.addRows([['Наименование проекта', 'Стоимость, млн тенге', 'Дата'], ['Завод', 'много', d(2025, 10, 1)], ['Склад', 20, d(2025, 10, 1)]]);
    ws.getCell('B3').value = { error: '#REF!' } as never;
  }));
  const r = await cli(['summarize', f, '--out', path.join(dir, 'o.xlsx'), '--json', path.join(dir, 'o.json'), '--lang', 'en', '--today', '2025-11-01']);
  expect(r.code).toBe(1);
  const json = JSON.parse(await fs.readFile(path.join(dir, 'o.json'), 'utf8'));
  expect(json.findings.map((x: { code: string; cell: string }) => [x.code, x.cell])).toEqual([['AMOUNT_UNREADABLE', 'B2'], ['CELL_ERROR', 'B3']]);
  expect(await files()).toEqual(['o.json', 'o.xlsx', 'r.xlsx']);
});

test('a clean register gives exit code 0 from check, which writes no workbook', async () => {
  const f = path.join(dir, 'r.xlsx');
  await fs.writeFile(f, await xlsxBuffer((wb) => wb.addWorksheet('Register').addRows([['Project', 'Value, KZT mln', 'Status'], ['Plant', 10, 'memorandum'], ['Total', 10, null]])));
  const r = await cli(['check', f, '--lang', 'en']);
  expect(r.code).toBe(0);
  expect(r.out.join('\n')).toContain('Checks: 0 errors, 0 warnings, 0 info');
  expect(await files()).toEqual(['r.xlsx']);
});

test('control figures from the command line: "14 memoranda, 134 bn tenge" holds for the sample, 15 does not', async () => {
  const sample = path.join(__dirname, '..', 'samples', 'bko-register-2025-10.xlsx');
  const rates = ['09', '10'].flatMap((x) => ['--rates', path.join(__dirname, '..', 'samples', 'rates', `nbk-2025-10-${x}.xml`)]);
  let r = await cli(['check', sample, ...rates, '--control-count', '14', '--control-total', '134 млрд теңге', '--control-status', 'memorandum', '--lang', 'en', '--today', '2025-10-31']);
  expect(r.code).toBe(0);
  r = await cli(['check', sample, ...rates, '--control-count', '15', '--control-total', '134 млрд теңге', '--control-status', 'меморандум', '--lang', 'en', '--today', '2025-10-31']);
  expect(r.code).toBe(1);
  expect(r.out.join('\n')).toContain('CONTROL_MISMATCH: Control figure "Number of projects" (memorandum): 15, but the register has 14.');
  r = await cli(['check', sample, '--control-total', 'a lot', '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual(['The option\'s value cannot be used: --control-total: "a lot". Nothing was written.']);
});
