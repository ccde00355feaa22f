/**
 * The bundled sample register as the in-memory Excel holds it: the cells of
 * samples/bko-register-2025-10.xlsx (read with src/xlsx, as the CLI reads them) and a rates sheet
 * made from the sample NBK feeds. For the check-now tests and the browser test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cellAddress } from '../../src/core/grid/a1';
import { isCellError, type Grid } from '../../src/core/grid/grid';
import { parseNbkXml } from '../../src/core/rates/rates';
import { openSource } from '../../src/xlsx/read';
import type { FixtureValue, SheetData } from './fake-excel';

export const ROOT = path.join(__dirname, '..', '..');
export const SAMPLE = path.join(ROOT, 'samples/bko-register-2025-10.xlsx');
export const SAMPLE_RATES = ['nbk-2025-10-09.xml', 'nbk-2025-10-10.xml', 'nbk-2025-10-11.xml'].map((f) => path.join(ROOT, 'samples/rates', f));

/** A grid as fixture data (dates stay dates, errors stay errors, the origin and merges kept). */
export function gridFixture(grid: Grid): SheetData {
  return {
    origin: cellAddress(grid.origin.row, grid.origin.col),
    values: grid.values.map((row) => row.map((v): FixtureValue => (isCellError(v) ? { error: v.error } : v))),
    formats: grid.formats.map((row) => row.map((f) => (f === 'General' ? null : f))),
    merges: grid.merges.map((m) => `${cellAddress(m.top, m.left)}:${cellAddress(m.bottom, m.right)}`),
  };
}

export async function sampleRegister(): Promise<{ name: string; data: SheetData; grid: Grid }> {
  const book = await openSource(SAMPLE);
  const grid = book.grid(book.sheets[0]);
  return { name: grid.sheet, data: gridFixture(grid), grid };
}

/** The sample NBK feeds as a rates sheet: Күні, Валюта, Бағам, Саны. */
export function sampleRatesSheet(): SheetData {
  const rows: FixtureValue[][] = [['Күні', 'Валюта', 'Бағам', 'Саны']];
  for (const file of SAMPLE_RATES) {
    const parsed = parseNbkXml(fs.readFileSync(file, 'utf8'), path.basename(file));
    if (!parsed.ok) throw new Error(parsed.message);
    for (const r of parsed.rates) rows.push([new Date(`${r.date}T00:00:00Z`), r.currency, Number(r.quoted.toFixed()), r.quant]);
  }
  return { values: rows, formats: rows.map((_, i) => (i === 0 ? [] : ['dd.mm.yyyy'])) };
}
