/**
 * The pane's drill-down (Session.drill → src/excel/drill.ts → src/core/report/drill.ts) against the
 * in-memory Excel, whose formula engine (HyperFormula) calculates the summaries' figures on its own:
 * after the summaries are written, selecting any count or sum lists the register rows behind it and
 * they add up to the figure Excel shows; a row's link selects it on the register sheet; what is not a
 * figure of ours is told apart; an edit of the register is followed.
 */
import Big from 'big.js';
import { findingMessage } from '../../src/core/checks/findings';
import { columnLetters } from '../../src/core/grid/a1';
import { t } from '../../src/core/words';
import { DRILL_LISTED } from '../../src/excel/drill';
import { DEFAULT_SETTINGS } from '../../src/excel/settings';
import { CancelToken } from '../../src/taskpane/base';
import { LocalEngine } from '../../src/taskpane/engine';
import { Session, type RunContext } from '../../src/taskpane/session';
import { generateRows } from '../../bench/generate';
import { gridFromValues } from '../../src/core/grid/grid';
import { gridFixture, sampleRatesSheet, sampleRegister } from '../support/browser-sample';
import { createFakeWorkbook, installFakeOffice, type SheetData } from '../support/fake-excel';
import { selectionHandlerCount } from '../support/fake-excel/events';

let REGISTER: { name: string; data: SheetData };
beforeAll(async () => {
  REGISTER = await sampleRegister();
});

async function written(lang: 'kk' | 'en' = 'kk', source: { name: string; data: SheetData } = REGISTER) {
  const fake = createFakeWorkbook({ [source.name]: source.data, Бағамдар: sampleRatesSheet() }, { workbookName: 'bko-register-2025-10.xlsx' });
  installFakeOffice({}, fake, { displayLanguage: 'kk-KZ' });
  const session = new Session({
    engine: new LocalEngine(),
    excel: fake.Excel as unknown as { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> },
    store: null,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    today: () => '2025-11-20',
  });
  const imp = await session.importSource({ kind: 'sheet' }, new CancelToken(), () => undefined);
  const ctx: RunContext = { settings: DEFAULT_SETTINGS, lang, files: [], token: new CancelToken(), progress: () => undefined, describe: (f) => findingMessage(f, lang) };
  const out = await session.write(imp, ctx);
  const sheets = out.report.sheets;
  const register = sheets.find((s) => s.role === 'register')?.name as string;
  const summaries = sheets.filter((s) => s.role.startsWith('summary:')).map((s) => s.name);
  return { fake, session, register, summaries };
}

async function selection(fake: ReturnType<typeof createFakeWorkbook>): Promise<{ sheet: string; address: string }> {
  return fake.run(async (c) => {
    const r = c.workbook.getSelectedRange();
    r.load('address');
    const ws = r.worksheet;
    ws.load('name');
    await c.sync();
    return { sheet: ws.name, address: r.address.slice(r.address.lastIndexOf('!') + 1) };
  });
}

describe('drill-down in the pane', () => {
  test('every count and sum on every summary sheet written: its rows add up to the figure Excel calculates', async () => {
    const { fake, session, register, summaries } = await written();
    let drilled = 0;
    let shares = 0;
    for (const name of summaries) {
      const sheet = fake.readSheet(name);
      for (let r = 0; r < sheet.formulas.length; r++) {
        for (let c = 0; c < sheet.formulas[r].length; c++) {
          const f = sheet.formulas[r][c];
          if (typeof f !== 'string' || !f.startsWith('=')) continue;
          const at = `${columnLetters(c + 1)}${r + 1}`;
          fake.select(name, at);
          const read = await session.drill();
          expect({ sheet: read.sheet, cell: read.cell }).toEqual({ sheet: name, cell: at });
          if (f.startsWith('=IF(')) {
            expect(read.drill).toEqual({ ok: false, problem: 'SHARE' });
            shares++;
            continue;
          }
          if (!read.drill.ok) throw new Error(`${name}!${at} ${f}: ${read.drill.problem}`);
          const value = sheet.values[r][c];
          expect(typeof value).toBe('number');
          expect({ at: `${name}!${at}`, total: read.drill.total.toFixed(2), agrees: read.drill.agrees }).toEqual({ at: `${name}!${at}`, total: new Big(String(value)).toFixed(2), agrees: true });
          expect(read.drill.sheet).toBe(register);
          drilled++;
        }
      }
    }
    expect(drilled).toBeGreaterThan(150);
    expect(shares).toBeGreaterThan(30);
  }, 120000);

  test("a group's tenge: its rows with names and figures; a row's link selects that row on the register sheet", async () => {
    const { fake, session, register, summaries } = await written('kk');
    const sector = summaries.find((n) => n === 'Салалар бойынша') as string;
    fake.select(sector, 'C5');
    const read = await session.drill();
    if (!read.drill.ok) throw new Error(read.drill.problem);
    expect(read.drill.kind).toBe('KZT');
    const label = fake.cell(sector, 'A5').value;
    expect(read.label).toBe(label);
    const reg = fake.readSheet(register);
    const header = reg.values[3];
    const sectorCol = header.findIndex((h) => h === 'Сала');
    const nameCol = header.findIndex((h) => h === 'Жобаның атауы');
    expect(sectorCol).toBeGreaterThan(0);
    // The register's own rows of that sector, read here from the sheet.
    const want = reg.values.map((row, i) => ({ row: i + 1, v: row })).filter((x) => x.row > 4 && String(x.v[sectorCol]).toLowerCase() === String(label).toLowerCase());
    expect(read.drill.rows.map((r) => r.row)).toEqual(want.map((x) => x.row));
    expect(read.drill.rows.map((r) => r.name)).toEqual(want.map((x) => x.v[nameCol]));
    expect(read.drill.rows.every((r) => r.source !== null && r.source.startsWith(`${REGISTER.name}!`))).toBe(true);
    // Read from a sheet of this workbook, every source cell links to it; one whose link is gone is listed without it.
    expect(read.sourceLinks).toEqual(read.drill.rows.map((r) => r.row));
    const sourceCol = reg.values[3].findIndex((h) => h === t('col.source', 'kk')) + 1;
    expect(sourceCol).toBeGreaterThan(0);
    await fake.run(async (c) => {
      c.workbook.worksheets.getItem(register).getCell(read.drill.ok ? read.drill.rows[0].row - 1 : 0, sourceCol - 1).clear('Hyperlinks');
      await c.sync();
    });
    const unlinked = await session.drill();
    expect(unlinked.sourceLinks).toEqual(read.drill.rows.slice(1).map((r) => r.row));
    const first = read.drill.rows[0];
    await session.goTo(register, `A${first.row}:${read.lastColumn}${first.row}`);
    expect(await selection(fake)).toEqual({ sheet: register, address: `A${first.row}:${read.lastColumn}${first.row}` });
    expect(read.lastColumn).toBe(columnLetters(header.filter((h) => h !== '' && h !== null).length));
  }, 60000);

  test('not one cell, a label, a figure the user typed: told apart; an edit of the register is followed', async () => {
    const { fake, session, register } = await written('en');
    fake.select('By sector', 'B5:C6');
    expect((await session.drill()).drill).toEqual({ ok: false, problem: 'NOT_ONE_CELL' });
    fake.select('By sector', 'B5, D5');
    expect((await session.drill()).drill).toEqual({ ok: false, problem: 'NOT_ONE_CELL' });
    fake.select('By sector', 'A5');
    expect((await session.drill()).drill).toEqual({ ok: false, problem: 'NO_FORMULA' });
    // The register edited: Excel recalculates the figure, and the rows behind it carry the new value.
    fake.select('Overview', 'B5');
    const before = await session.drill();
    if (!before.drill.ok) throw new Error(before.drill.problem);
    const reg = fake.readSheet(register);
    const kztCol = reg.values[3].findIndex((h) => h === 'Value, tenge') + 1;
    const row = before.drill.rows.find((r) => r.figure !== null) as { row: number; figure: string };
    await fake.run(async (c) => {
      c.workbook.worksheets.getItem(register).getRange(`${columnLetters(kztCol)}${row.row}`).values = [[Number(row.figure) + 0.01]];
      await c.sync();
    });
    fake.select('Overview', 'B5');
    const after = await session.drill();
    if (!after.drill.ok) throw new Error(after.drill.problem);
    expect(after.drill.total.minus(before.drill.total).toFixed(2)).toBe('0.01');
    expect(after.drill.agrees).toBe(true);
  }, 60000);

  test('following the selection (Workbook.onSelectionChanged): each new selection is drilled, until the pane stops listening', async () => {
    const { fake, session } = await written('en');
    const seen: string[] = [];
    let done: () => void = () => undefined;
    const stop = session.onSelectionChanged(() => {
      void session.drill().then((r) => {
        seen.push(`${r.sheet}!${r.cell} ${r.drill.ok ? r.drill.rows.length : r.drill.problem}`);
        done();
      });
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(selectionHandlerCount(fake.model)).toBe(1);
    const next = () => new Promise<void>((r) => (done = r));
    let p = next();
    fake.select('By status', 'B5');
    await p;
    p = next();
    fake.select('By status', 'E5');
    await p;
    stop();
    expect(selectionHandlerCount(fake.model)).toBe(0);
    fake.select('By sector', 'D5');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([`By status!B5 ${fake.cell('By status', 'B5').value}`, 'By status!E5 SHARE']);
  }, 60000);

  test("only what the formula reads is fetched: a group's figure costs a fraction of reading the register sheet; of a count of 2 000 rows the names of the first listed only", async () => {
    // A generated register of 2 000 projects
    const generated = gridFixture(gridFromValues('Жобалар', [...generateRows(2000, 5, 'kk')]));
    const { fake, session, register } = await written('en', { name: 'Жобалар', data: generated });
    const bytes = () => fake.stats.records.reduce((a, r) => a + r.responseBytes, 0);
    fake.select('By investor', 'C5');
    const before = bytes();
    const read = await session.drill();
    expect(read.drill.ok).toBe(true);
    const drill = bytes() - before;
    const start = bytes();
    await fake.run(async (c) => {
      const used = c.workbook.worksheets.getItem(register).getUsedRange();
      used.load('values');
      await c.sync();
    });
    const whole = bytes() - start;
    expect(drill).toBeGreaterThan(0);
    // The investor and tenge columns are read whole (the criterion is tested on every row); the name, № and source only for the rows listed.
    expect(drill * 4).toBeLessThan(whole);
    if (!read.drill.ok) return;
    expect(read.drill.rows.every((r) => r.name !== null && r.source !== null)).toBe(true);
    // The overview's count of projects: every row, the first DRILL_LISTED with their names (the pane lists those), the count all of them.
    fake.select('Overview', 'B4');
    const all = await session.drill();
    if (!all.drill.ok) throw new Error(all.drill.problem);
    expect(all.drill.rows.length).toBe(fake.cell('Overview', 'B4').value);
    expect(all.drill.rows.length).toBeGreaterThan(DRILL_LISTED);
    expect(all.drill.rows.slice(0, DRILL_LISTED).every((r) => r.name !== null)).toBe(true);
    expect(all.drill.rows.slice(DRILL_LISTED).every((r) => r.name === null)).toBe(true);
    expect(all.drill.agrees).toBe(true);
    // A whole block of the register selected (Ctrl+A in its table): refused as not one cell, its cells never read.
    fake.select(register, `A5:${read.lastColumn}2004`);
    const blockStart = bytes();
    expect((await session.drill()).drill).toEqual({ ok: false, problem: 'NOT_ONE_CELL' });
    expect((bytes() - blockStart) * 50).toBeLessThan(whole);
  }, 60000);
});
