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
import type { Browser } from 'playwright-core';
import { buildPane, fakeExcelScript, launch, serve } from './browser';
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

/** What a browser suite works with: the pane built and served, the fake Excel's script, the sample register, a Chromium. */
export interface PaneSetup {
  dist: string;
  server: { url: string; close(): Promise<void> };
  browser: Browser;
  fakeScript: string;
  register: Awaited<ReturnType<typeof sampleRegister>>;
}

/** A browser suite's beforeAll: build and serve the pane, read the sample, launch Chromium (and make test-output/). */
export async function paneSetup(): Promise<PaneSetup> {
  const dist = buildPane();
  const server = await serve(dist);
  const fakeScript = fakeExcelScript();
  const register = await sampleRegister();
  const browser = await launch();
  fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  return { dist, server, browser, fakeScript, register };
}

/** Its afterAll: whatever of it was made, closed and removed. */
export async function paneTeardown(s: Partial<Pick<PaneSetup, 'dist' | 'server' | 'browser'>>): Promise<void> {
  await s.browser?.close();
  await s.server?.close();
  if (s.dist) fs.rmSync(s.dist, { recursive: true, force: true });
}
