/**
 * The same workbook gives the same result on every run (issue #13, item 1). A register with several
 * sheets, the register not first, zipped as Excel zips it (the sheets before the shared strings and
 * the styles), read many times over: by the streaming reader (every sheet, or only the register as
 * --sheet reads it), and by `tizilim check` / `summarize` with and without --sheet. Every result
 * equals the first, and the first equals what the in-memory reader makes of the ExcelJS original.
 *
 * Before the fix (ExcelJS's streaming reader) these failed: some reads skipped the shared strings
 * (every text cell empty: "no register header", "the sheet is empty", the wrong sheet picked); a
 * sheet skipped unread crashed the process with ENOENT on its temporary file; a notes sheet without a
 * header stopped the count of the sheets after it, so the CLI picked the notes sheet.
 */
import { promises as fs, readdirSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CellValue } from '../../src/core/grid/grid';
import { openSource } from '../../src/xlsx/read';
import { readXlsxStream } from '../../src/xlsx/stream-read';
import { runCli } from '../support/cli';
import { excelZipOrder, mergedHeaderRegister } from '../support/writers';
import { readZip } from '../support/zip';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATES = ['09', '10', '11'].flatMap((x) => ['--rates', path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${x}.xml`)]);

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-determinism-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** Spill files of ExcelJS's streaming reader (tmp's names carry the process id). */
function ourTempFiles(): string[] {
  return readdirSync(os.tmpdir()).filter((n) => n.startsWith(`tmp-${process.pid}-`));
}

type Rows = Record<string, [number, CellValue[]][]>;

async function streamAll(file: string, only?: string): Promise<Rows> {
  const rows: Rows = {};
  await readXlsxStream(file, (s) => {
    if (only && s.name !== only) return null;
    const list: [number, CellValue[]][] = (rows[s.name] = []);
    return { push: (v, r) => void list.push([r, v.map((x) => (x instanceof Date ? (x.toISOString() as CellValue) : x))]) };
  });
  return rows;
}

/** The register's rows as the in-memory reader holds them (its grid, row by row from its first value). */
async function gridRows(file: string, sheet: string): Promise<[number, CellValue[]][]> {
  const grid = (await openSource(file)).grid(sheet);
  return grid.values.map((v, i) => {
    const row = v.map((x) => (x instanceof Date ? (x.toISOString() as CellValue) : x));
    while (row.length && row[row.length - 1] === null) row.pop();
    return [grid.rowNumbers ? grid.rowNumbers[i] : grid.origin.row + i, row];
  });
}

const trimmed = (rows: [number, CellValue[]][]) => rows.map(([r, v]) => {
  const row = v.slice();
  while (row.length && row[row.length - 1] === null) row.pop();
  return [r, row];
});

const cases: [string, () => Promise<Buffer>, string][] = [
  ['the sample register', () => fs.readFile(SAMPLE), 'Тізілім 2025-10'],
  ['a register with a two-row merged header', mergedHeaderRegister, 'Тізілім'],
];

describe.each(cases)('%s, zipped in Excel\'s order between a notes sheet and a reference sheet', (_, make, sheet) => {
  let file: string;
  let original: string;
  beforeAll(async () => {
    const buf = await make();
    original = path.join(dir, `original-${sheet}.xlsx`);
    await fs.writeFile(original, buf);
    file = path.join(dir, `excel-order-${sheet}.xlsx`);
    await fs.writeFile(file, await excelZipOrder(buf));
  });

  test('the file is zipped as Excel zips it: the register is not the first sheet, and every sheet comes before the styles and the shared strings', () => {
    const names = readZip(readFileSync(file)).map((p) => p.name);
    const lastSheet = Math.max(...names.map((n, i) => (n.startsWith('xl/worksheets/sheet') ? i : -1)));
    expect(lastSheet).toBeGreaterThan(0);
    expect(names.indexOf('xl/styles.xml')).toBeGreaterThan(lastSheet);
    expect(names.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(lastSheet);
    expect(names.indexOf('xl/workbook.xml')).toBeLessThan(names.indexOf('xl/worksheets/sheet1.xml'));
  });

  test('200 streamed reads of every sheet: each the same as the first, the register the same as the in-memory read of the original', async () => {
    const first = await streamAll(file);
    expect(Object.keys(first)).toEqual(['Түсініктеме', sheet, 'Анықтама']);
    expect(trimmed(first[sheet])).toEqual(await gridRows(original, sheet));
    const firstJson = JSON.stringify(first);
    let differing = 0;
    for (let k = 0; k < 200; k++) if (JSON.stringify(await streamAll(file)) !== firstJson) differing++;
    expect(differing).toBe(0);
  });

  test('100 reads of the register alone (the other sheets skipped, as --sheet reads): the same rows, and no temporary file left', async () => {
    const first = await streamAll(file, sheet);
    expect(Object.keys(first)).toEqual([sheet]);
    expect(trimmed(first[sheet])).toEqual(await gridRows(original, sheet));
    const firstJson = JSON.stringify(first);
    let differing = 0;
    for (let k = 0; k < 100; k++) if (JSON.stringify(await streamAll(file, sheet)) !== firstJson) differing++;
    expect(differing).toBe(0);
    expect(ourTempFiles()).toEqual([]);
  });

  test('tizilim check and summarize, with and without --sheet, 15 times each: the same output every time, the register picked, nothing left behind', async () => {
    const out = path.join(dir, `out-${sheet}`);
    await fs.mkdir(out, { recursive: true });
    const runs: { args: string[]; json: string }[] = [
      { args: ['check', file, ...RATES, '--today', '2025-11-01', '--lang', 'en'], json: path.join(out, 'check.json') },
      { args: ['check', file, '--sheet', sheet, ...RATES, '--today', '2025-11-01', '--lang', 'en'], json: path.join(out, 'check-sheet.json') },
      { args: ['summarize', file, ...RATES, '--today', '2025-11-01', '--lang', 'en', '--out', path.join(out, 's.xlsx')], json: path.join(out, 'summarize.json') },
      { args: ['summarize', file, '--sheet', sheet, ...RATES, '--today', '2025-11-01', '--lang', 'en', '--out', path.join(out, 's2.xlsx')], json: path.join(out, 'summarize-sheet.json') },
    ];
    // The reference: the original (one sheet, ExcelJS's zip order) through the same command.
    const ref = await runCli(['check', original, ...RATES, '--today', '2025-11-01', '--lang', 'en', '--json', path.join(out, 'ref.json')]);
    const refJson = JSON.parse(await fs.readFile(path.join(out, 'ref.json'), 'utf8'));
    expect(refJson.input.sheet).toBe(sheet);
    expect(refJson.rows.length).toBeGreaterThan(3);
    for (const r of runs) {
      let first: { code: number; out: string; json: string } | null = null;
      for (let k = 0; k < 15; k++) {
        const res = await runCli([...r.args, '--json', r.json]);
        const got = { code: res.code, out: res.out.join('\n') + res.err.join('\n'), json: await fs.readFile(r.json, 'utf8') };
        if (!first) {
          first = got;
          expect(res.err).toEqual([]);
          expect(res.code).toBe(ref.code);
          const j = JSON.parse(got.json);
          expect(j.input.sheet).toBe(sheet);
          expect(j.rows).toEqual(refJson.rows);
          expect(j.totals).toEqual(refJson.totals);
          expect(j.findings).toEqual(refJson.findings);
        } else expect(got).toEqual(first);
      }
    }
    expect((await fs.readdir(out)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(ourTempFiles()).toEqual([]);
  });
});
