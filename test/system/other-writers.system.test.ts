/**
 * The same register as LibreOffice Calc and Python's openpyxl write it (they make their own zip,
 * XML, styles and shared strings): `tizilim check` and `summarize` and the in-memory import give the
 * same rows, figures and findings as for the ExcelJS original. Needs system programs — Debian's
 * libreoffice-calc (soffice) and python3-openpyxl — and fails, not skips, without them.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRegister } from '../../src/core/register/register';
import { openSource } from '../../src/xlsx/read';
import { runCli } from '../support/cli';
import { requireSoffice } from '../support/libreoffice';
import { libreOfficeCopy, mergedHeaderRegister, openpyxlCopy, requireOpenpyxl } from '../support/writers';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATES = ['09', '10', '11'].flatMap((x) => ['--rates', path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${x}.xml`)]);

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-writers-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

test('the programs these tests need are installed (soffice: libreoffice-calc; python3-openpyxl)', async () => {
  expect(requireSoffice()).toBeTruthy();
  expect(await requireOpenpyxl()).toBeTruthy();
});

interface Result {
  code: number;
  json: { input: { sheet: string; headerRows: number[] }; columns: unknown; rows: unknown[]; counts: unknown; totals: unknown; findings: unknown[] };
  out: string[];
}

async function check(file: string, cmd: 'check' | 'summarize', tag: string): Promise<Result> {
  const json = path.join(dir, `${tag}.json`);
  const extra = cmd === 'summarize' ? ['--out', path.join(dir, `${tag}.xlsx`)] : [];
  const res = await runCli([cmd, file, ...RATES, '--today', '2025-11-01', '--lang', 'en', '--json', json, ...extra]);
  expect(res.err).toEqual([]);
  // The lines naming the files differ (the register, the JSON written); the rest is the same.
  return { code: res.code, json: JSON.parse(await fs.readFile(json, 'utf8')), out: res.out.filter((l) => !l.includes(file) && !l.includes(dir)) };
}

function expectSame(got: Result, want: Result): void {
  expect(got.code).toBe(want.code);
  expect(got.json.input.sheet).toBe(want.json.input.sheet);
  expect(got.json.input.headerRows).toEqual(want.json.input.headerRows);
  expect(got.json.columns).toEqual(want.json.columns);
  expect(got.json.rows).toEqual(want.json.rows);
  expect(got.json.counts).toEqual(want.json.counts);
  expect(got.json.totals).toEqual(want.json.totals);
  expect(got.json.findings).toEqual(want.json.findings);
  expect(got.out).toEqual(want.out);
}

const registers: [string, () => Promise<string>][] = [
  ['the sample register', async () => SAMPLE],
  ['a register with a two-row merged header', async () => {
    const f = path.join(dir, 'merged-header.xlsx');
    await fs.writeFile(f, await mergedHeaderRegister());
    return f;
  }],
];

const writers: [string, (file: string, tag: string) => Promise<string>][] = [
  ['LibreOffice Calc', (file, tag) => libreOfficeCopy(file, path.join(dir, tag))],
  ['openpyxl', (file, tag) => openpyxlCopy(file, path.join(dir, `${tag}-openpyxl.xlsx`))],
];

describe.each(registers)('%s', (name, make) => {
  test.each(writers)('as %s writes it: check, summarize and the in-memory import give what the ExcelJS original gives', async (writer, copy) => {
    const original = await make();
    const tag = `${name}-${writer}`.replace(/\W+/g, '-');
    const file = await copy(original, tag);
    expect(await fs.readFile(file)).not.toEqual(await fs.readFile(original));
    for (const cmd of ['check', 'summarize'] as const) expectSame(await check(file, cmd, `${tag}-${cmd}`), await check(original, cmd, `${tag}-${cmd}-original`));
    const [a, b] = [await openSource(original), await openSource(file)];
    const sheet = a.sheets[0];
    expect(b.sheets).toContain(sheet);
    const [ra, rb] = [readRegister(a.grid(sheet), { date1904: a.date1904 }), readRegister(b.grid(sheet), { date1904: b.date1904 })];
    if (!ra.ok || !rb.ok) throw new Error('no register read');
    expect(rb.register.counts).toEqual(ra.register.counts);
    expect(rb.register.rows.map((r) => [r.row, r.kind, r.name, r.date])).toEqual(ra.register.rows.map((r) => [r.row, r.kind, r.name, r.date]));
  });
});
