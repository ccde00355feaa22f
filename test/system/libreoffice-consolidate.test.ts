/**
 * Several registers in one summary, recalculated by LibreOffice (a system test: needs soffice): every
 * formula of the consolidated workbook comes back to the figure it caches.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { twoRegions } from '../support/regions';
import { run } from '../../src/cli/main';
import { convert } from '../support/libreoffice';

let dir: string;
let rates: string;
let a: string, b: string;
beforeAll(async () => {
  ({ dir, rates, a, b } = await twoRegions('tizilim-cons-lo-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function summarize(files: string[]): Promise<{ out: string }> {
  const out = path.join(dir, 'both.xlsx');
  const code = await run(files, { rates: [rates], out, lang: 'en', write: true, today: '2025-12-31' }, () => undefined);
  if (code > 1) throw new Error(`summarize exited ${code}`);
  return { out };
}

test('LibreOffice recalculates the consolidated workbook to the figures it caches', async () => {
  const both = await summarize([a, b]);
  const lo = await convert(both.out, { to: 'xlsx', outDir: path.join(dir, 'lo'), timeoutMs: 120_000 });
  const x = new ExcelJS.Workbook(), y = new ExcelJS.Workbook();
  await x.xlsx.readFile(both.out);
  await y.xlsx.readFile(lo);
  const result = (c: ExcelJS.Cell) => (c as unknown as { model: { result?: unknown } }).model.result;
  const bad: string[] = [];
  let formulas = 0;
  x.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    if (c.type !== ExcelJS.ValueType.Formula) return;
    formulas++;
    const got = y.getWorksheet(ws.name)!.getCell(c.address);
    const v = got.type === ExcelJS.ValueType.Formula ? result(got) : got.value;
    const want = result(c);
    if (typeof v !== 'number' || typeof want !== 'number' || Math.abs(v - want) > Math.max(1e-9, Math.abs(want) * 1e-12)) bad.push(`${ws.name}!${c.address} ${c.formula}: ${JSON.stringify(want)} vs ${JSON.stringify(v)}`);
  })));
  expect(bad).toEqual([]);
  expect(formulas).toBeGreaterThan(100);
}, 180_000);
