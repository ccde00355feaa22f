/**
 * The bundled sample, end to end through the CLI's own code: the October 2025 West Kazakhstan mission
 * gives 14 memoranda worth exactly 134 bn tenge, a 17 bn tenge proposal and a CHP plant with no value yet.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Big from 'big.js';
import ExcelJS from 'exceljs';
import { run } from '../src/cli/main';
import type { ResultJson } from '../src/core/report/pipeline';

const ROOT = path.join(__dirname, '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATES = ['09', '10', '11'].map((d) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`));

let dir: string;
let json: ResultJson;
let out: string;
let printed: string[];
let code: number;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-sample-'));
  out = path.join(dir, 'summary.xlsx');
  printed = [];
  code = await run(SAMPLE, { rates: RATES, out, json: path.join(dir, 'r.json'), lang: 'en', write: true, today: '2025-10-31' }, (s) => printed.push(s));
  json = JSON.parse(await fs.readFile(path.join(dir, 'r.json'), 'utf8'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const projects = () => json.rows.filter((r) => r.kind === 'project');
const sum = (xs: (string | null)[]) => xs.reduce((a, x) => (x === null ? a : a.plus(x)), new Big(0)).toFixed(2);

test('14 memoranda add up to exactly 134 bn tenge, two of them converted from yuan at the NBK rate of their date', () => {
  const memoranda = projects().filter((r) => r.status === 'memorandum');
  expect(memoranda).toHaveLength(14);
  expect(sum(memoranda.map((r) => r.KZT))).toBe('134000000000.00');
  const converted = memoranda.filter((r) => r.KZTFrom === 'converted');
  expect(converted.map((r) => [r.CNY, r.KZT, r.rates[0].rate, r.rates[0].date])).toEqual([
    ['250000000.00', '18955000000.00', '75.82', '2025-10-09'],
    ['120000000.00', '9136800000.00', '76.14', '2025-10-10'],
  ]);
});

test('the logistics hub is a 17 bn tenge proposal and the Oral CHP plant is under study with no value', () => {
  const hub = projects().find((r) => r.status === 'proposal')!;
  expect([hub.name, hub.KZT]).toEqual(['Көлік-логистикалық хаб', '17000000000.00']);
  const chp = projects().find((r) => r.status === 'study')!;
  expect([chp.KZT, chp.CNY]).toEqual([null, null]);
  expect(json.findings.filter((f) => f.row === chp.row).map((f) => [f.code, f.severity, f.cell])).toEqual([['MISSING_VALUE', 'warning', 'F20']]);
});

test('the JSON contract: input, every source row with its kind, totals equal to the sum of the rows to the tiyn', () => {
  expect(json.input).toEqual({ file: 'bko-register-2025-10.xlsx', sheet: 'Тізілім 2025-10', headerRows: [4] });
  expect(json.rows.map((r) => r.row)).toEqual(Array.from({ length: 19 }, (_, i) => 5 + i));
  expect(json.counts).toEqual({ project: 16, total: 1, subtotal: 0, heading: 0, blank: 1, note: 1 });
  expect(json.totals).toEqual({ projects: 16, KZT: sum(projects().map((r) => r.KZT)), CNY: sum(projects().map((r) => r.CNY)) });
  expect(json.totals.KZT).toBe('151000000000.00');
  const total = json.rows.find((r) => r.kind === 'total')!;
  expect([total.KZT, total.CNY]).toEqual(['151000000000.00', '370000000.00']);
  for (const r of json.rows) {
    for (const m of [r.KZT, r.CNY]) if (m !== null) expect(m).toMatch(/^-?\d+\.\d{2}$/);
    if (r.date !== null) expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
  for (const f of json.findings) {
    expect(Object.keys(f).sort()).toEqual(['cell', 'code', 'field', 'message', 'row', 'severity', 'sheet', 'value']);
    expect(['error', 'warning', 'info']).toContain(f.severity);
  }
});

test('the partner holding\'s 4.5 bn yuan revenue in the notes is not taken for an investment', () => {
  const jinyi = projects().filter((r) => r.investor?.includes('Jinyi Yuanfang'));
  expect(jinyi).toHaveLength(2);
  expect(jinyi.every((r) => r.notes?.includes('4,5 млрд юань'))).toBe(true);
  expect(sum(jinyi.map((r) => r.CNY))).not.toBe('4500000000.00');
});

test('no error findings: exit code 0, and the headline is printed', () => {
  expect(code).toBe(0);
  expect(printed.join('\n')).toContain('memorandum: 14 — 134,000,000,000.00 tenge');
  expect(printed.join('\n')).toContain('under study: 1 — no value yet');
});

test('the summary workbook holds the overview, the sector summary, the register and the checks, with cached figures', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Overview', 'By sector', 'By investor', 'By location', 'By status', 'By month of agreement', 'Register', 'Checks']);
  const sector = wb.getWorksheet('By sector')!;
  const rows: [string, number, number][] = [];
  sector.eachRow((row, n) => {
    if (n > 4 && typeof row.getCell(2).value === 'object' && row.getCell(1).value) {
      rows.push([String(row.getCell(1).value), Number(row.getCell(2).result), Number(row.getCell(3).result)]);
    }
  });
  const total = rows.find((r) => r[0] === 'Total')!;
  expect(total.slice(1)).toEqual([16, 151e9]);
  const groups = rows.filter((r) => r[0] !== 'Total');
  expect(groups.reduce((a, r) => a + r[1], 0)).toBe(16);
  expect(sum(groups.map((r) => String(r[2])))).toBe('151000000000.00');
  expect((sector.getCell('C5').value as ExcelJS.CellFormulaValue).formula).toMatch(/^SUMIFS\('Register'!\$L\$5:\$L\$20,'Register'!\$G\$5:\$G\$20,\$A5\)$/);
  const reg = wb.getWorksheet('Register')!;
  expect(reg.getCell('D5').value).toBe('Автокомпоненттер зауыты');
  expect(reg.getCell('L5').value).toBe(21e9);
});
