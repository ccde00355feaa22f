/** The CLI's promises on bad input: exit code 2, one clear line naming the file and the problem, nothing written. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli as cli } from '../support/cli';
import { xlsxBuffer, d } from '../support/registers';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-cli-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));


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
  const sample = path.join(__dirname, '..', '..', 'samples', 'bko-register-2025-10.xlsx');
  const rates = ['09', '10'].flatMap((x) => ['--rates', path.join(__dirname, '..', '..', 'samples', 'rates', `nbk-2025-10-${x}.xml`)]);
  let r = await cli(['check', sample, ...rates, '--control-count', '14', '--control-total', '134 млрд теңге', '--control-status', 'memorandum', '--lang', 'en', '--today', '2025-10-31']);
  expect(r.code).toBe(0);
  r = await cli(['check', sample, ...rates, '--control-count', '15', '--control-total', '134 млрд теңге', '--control-status', 'меморандум', '--lang', 'en', '--today', '2025-10-31']);
  expect(r.code).toBe(1);
  expect(r.out.join('\n')).toContain('CONTROL_MISMATCH: Control figure "Number of projects" (memorandum): 15, but the register has 14.');
  r = await cli(['check', sample, '--control-total', 'a lot', '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual(['The option\'s value cannot be used: --control-total: "a lot". Nothing was written.']);
});

test('a password-protected workbook and a file over 50 MB are refused by name, nothing written', async () => {
  // An encrypted workbook is an OLE container holding an "EncryptionInfo" stream.
  const locked = path.join(dir, 'locked.xlsx');
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(512)]);
  await fs.writeFile(locked, ole);
  let r = await cli(['summarize', locked, '--out', path.join(dir, 'o.xlsx'), '--lang', 'en']);
  expect([r.code, r.err]).toEqual([2, [`${locked}: the workbook is password-protected; remove the password and save it again.`]]);
  const huge = path.join(dir, 'huge.xlsx');
  const fh = await fs.open(huge, 'w');
  await fh.truncate(51 * 1024 * 1024);
  await fh.close();
  r = await cli(['summarize', huge, '--out', path.join(dir, 'o.xlsx'), '--lang', 'kk']);
  expect([r.code, r.err]).toEqual([2, [`${huge}: файл тым үлкен (51.0 МБ, шегі 50 МБ).`]]);
  expect(await files()).toEqual(['huge.xlsx', 'locked.xlsx']);
});

test('a CSV whose encoding cannot be decided is refused; a UTF-16 CSV with BOM is read', async () => {
  const bad = path.join(dir, 'bad.csv');
  await fs.writeFile(bad, Buffer.from([0x50, 0x72, 0x6f, 0x6a, 0x3b, 0x81, 0x8d, 0x8f, 0x90, 0x0a]));
  let r = await cli(['check', bad, '--lang', 'ru']);
  expect([r.code, r.err]).toEqual([2, [`${bad}: не удалось определить кодировку CSV; сохраните файл в UTF-8.`]]);
  const u16 = path.join(dir, 'u16.csv');
  await fs.writeFile(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Наименование проекта\tСтоимость, млн тенге\r\nЗавод\t12,5\r\n', 'utf16le')]));
  r = await cli(['check', u16, '--lang', 'en', '--json', path.join(dir, 'u16.json')]);
  expect(r.code).toBe(0);
  const json = JSON.parse(await fs.readFile(path.join(dir, 'u16.json'), 'utf8'));
  expect(json.rows.map((x: { name: string; KZT: string }) => [x.name, x.KZT])).toEqual([['Завод', '12500000.00']]);
});

test('without --sheet the sheet that looks most like a register is taken', async () => {
  const f = path.join(dir, 'two.xlsx');
  await fs.writeFile(f, await xlsxBuffer((wb) => {
    wb.addWorksheet('Мазмұны').addRows([['Мазмұны'], ['1. Тізілім']]);
    wb.addWorksheet('Тізілім').addRows([['Жобаның атауы', 'Құны, млн теңге'], ['Зауыт', 5], ['Қойма', 7]]);
  }));
  const r = await cli(['check', f, '--lang', 'kk', '--json', path.join(dir, 'two.json')]);
  expect(r.code).toBe(0);
  expect(JSON.parse(await fs.readFile(path.join(dir, 'two.json'), 'utf8')).input.sheet).toBe('Тізілім');
});

test('check prints every finding, summarize the first 12 and how many more', async () => {
  const f = path.join(dir, 'many.xlsx');
  await fs.writeFile(f, await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('Реестр');
    ws.addRow(['Наименование проекта', 'Стоимость, млн тенге']);
    for (let i = 1; i <= 15; i++) ws.addRow([`Завод ${i}`, 'много']);
  }));
  const c = await cli(['check', f, '--lang', 'en']);
  expect(c.out.filter((l) => l.includes('AMOUNT_UNREADABLE'))).toHaveLength(15);
  const s = await cli(['summarize', f, '--lang', 'en', '--out', path.join(dir, 'o.xlsx')]);
  expect(s.out.filter((l) => l.includes('AMOUNT_UNREADABLE'))).toHaveLength(12);
  expect(s.out).toContain('  … and 3 more (all of them: --json or the Checks sheet)');
});
