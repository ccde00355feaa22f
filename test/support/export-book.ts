/**
 * The ministry copy taken apart, for the export tests (test/core/monthly/export.test.ts, and the LibreOffice ones in
 * test/system): October's register as the core sees it, the zip's entries, every cell, every formula.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import ExcelJS from 'exceljs';
import { runPipeline, type ResultJson } from '../../src/core/report/pipeline';
import { runCli as cli } from './cli';
import { monthGrid, monthRateFiles, monthRates, monthXlsx, OCTOBER, SEPTEMBER } from './report-months';

export const ORG = 'Батыс Қазақстан облысы әкімдігінің экономика басқармасы';

/** The October register as the core sees it: the figures the copy must carry. */
export function octoberJson(): ResultJson {
  const res = runPipeline(monthGrid('2025-10', OCTOBER), { file: 'oct.xlsx', lang: 'kk', rates: monthRates(), today: '2025-10-31' });
  if (!res.ok) throw new Error(res.problem);
  return res.json;
}

/** The entries of a zip as text (stored or deflated), from its central directory. */
export function unzip(buf: Buffer): Map<string, string> {
  let e = buf.length - 22;
  while (e >= 0 && buf.readUInt32LE(e) !== 0x06054b50) e--;
  const out = new Map<string, string>();
  let p = buf.readUInt32LE(e + 16);
  for (let i = buf.readUInt16LE(e + 10); i > 0; i--) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nl = buf.readUInt16LE(p + 28), xl = buf.readUInt16LE(p + 30), cl = buf.readUInt16LE(p + 32);
    const name = buf.toString('utf8', p + 46, p + 46 + nl);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8'));
    p += 46 + nl + xl + cl;
  }
  return out;
}

export async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export type Value = ExcelJS.CellValue;

/** Every cell of every sheet: sheet → address → value (as ExcelJS reads it). */
export function cells(wb: ExcelJS.Workbook): Map<string, Map<string, Value>> {
  const all = new Map<string, Map<string, Value>>();
  for (const ws of wb.worksheets) {
    const m = new Map<string, Value>();
    ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (c) => void m.set(c.address, c.value)));
    all.set(ws.name, m);
  }
  return all;
}

export function formulaCells(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (c) => {
      if (c.type === ExcelJS.ValueType.Formula || c.formula) out.push(`${ws.name}!${c.address}`);
    }));
  }
  return out;
}

/** A cell's shown value: a formula's cached result, or the value. */
export function shown(v: Value): Value {
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) return (v as ExcelJS.CellFormulaValue).result as Value;
  return v;
}

/** The register's figures found on the copy's register sheet: each project's row holds its name, tenge and yuan. */
export function expectRegisterFigures(ws: ExcelJS.Worksheet, json: ResultJson): void {
  const rows: Value[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => void rows.push((row.values as Value[]).slice(1).map(shown)));
  const projects = json.rows.filter((r) => r.kind === 'project');
  expect(projects).toHaveLength(5);
  for (const p of projects) {
    const row = rows.find((r) => r.includes(p.name));
    expect(row).toBeDefined();
    for (const m of [p.KZT, p.CNY]) expect(row).toContain(Number(m));
  }
}


/** September's and October's registers, their NBK rate files and September's snapshot in a new folder. */
export async function monthsFixture(): Promise<{ dir: string; f: (n: string) => string; rates: string[]; exportArgs: (out: string, extra?: string[]) => string[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-export-'));
  const f = (n: string) => path.join(dir, n);
  await fs.writeFile(f('sept.xlsx'), await monthXlsx('2025-09', SEPTEMBER));
  await fs.writeFile(f('oct.xlsx'), await monthXlsx('2025-10', OCTOBER));
  const rates: string[] = [];
  for (const [name, xml] of monthRateFiles()) {
    await fs.writeFile(f(name), xml);
    rates.push('--rates', f(name));
  }
  const r = await cli(['snapshot', f('sept.xlsx'), '--month', '2025-09', ...rates, '-o', f('2025-09.json')]);
  if (r.code !== 0) throw new Error(r.err.join('\n'));
  const exportArgs = (out: string, extra: string[] = []) =>
    ['export', f('oct.xlsx'), '--month', '2025-10', '--previous', f('2025-09.json'), ...rates, '--organisation', ORG, '--out', out, ...extra];
  return { dir, f, rates, exportArgs };
}
