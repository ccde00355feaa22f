/**
 * Next month's register template as the tests read it back: its sheets with ExcelJS (the cells, the
 * rules on what is typed, the protection, the views) in plain data two workbooks can be compared by,
 * the values a user might type into it (the sample register's, good and bad), and the template read back
 * as a register by the tool. Shared by the CLI's test (test/core/monthly/template.test.ts), the pane's
 * (test/taskpane/taskpane-template.test.ts) and the browser's (test/system/browser-template.test.ts).
 */
import ExcelJS from 'exceljs';
import { readRegister, type Register } from '../../src/core/register/register';
import { monthEnd, nextMonth } from '../../src/core/monthly/snapshot';
import { text as label } from '../../src/core/words';
import { readBook } from '../../src/xlsx/read';
import { cellsOf, mergesOf, widthsOf } from './read-back';
import { d } from './registers';
import { accepts, ruleAt, type Typed } from './validation';

/** Not in ExcelJS's typings, but what it reads <sheetProtection> into. */
export const protectionOf = (s: ExcelJS.Worksheet | undefined) => (s as unknown as { sheetProtection: Record<string, unknown> | null } | undefined)?.sheetProtection ?? null;

/** Every rule on a sheet, by cell, as ExcelJS reads them back. */
export function rulesOf(ws: ExcelJS.Worksheet): Record<string, unknown> {
  const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model;
  const out: Record<string, unknown> = {};
  for (const [address, rule] of Object.entries(model)) {
    if (!rule) continue;
    out[address] = { ...rule, formulae: (rule.formulae ?? []).map((f: unknown) => (f instanceof Date ? f.toISOString() : f)) };
  }
  return out;
}

/**
 * A template workbook in plain data: each sheet's name, state, cells (with each cell's protection),
 * heights, widths, merges, frozen panes, rules and protection; the title and subject. Two writers'
 * templates are the same workbook when these are equal.
 */
export function templateLook(wb: ExcelJS.Workbook): Record<string, unknown> {
  return {
    title: wb.title ?? null,
    subject: wb.subject ?? null,
    sheets: wb.worksheets.map((ws) => ({
      name: ws.name,
      state: ws.state,
      ...cellsOf(ws, (c) => ({ locked: c.protection?.locked ?? null })),
      widths: widthsOf(ws),
      merges: mergesOf(ws),
      views: ws.views.map((v) => ({ state: v.state ?? null, ySplit: (v as { ySplit?: number }).ySplit ?? null, xSplit: (v as { xSplit?: number }).xSplit ?? null })),
      rules: rulesOf(ws),
      protection: protectionOf(ws),
    })),
  };
}

export async function loadWorkbook(bytes: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes instanceof Uint8Array ? bytes.slice().buffer : bytes);
  return wb;
}

/** An .xlsx file's bytes read back as a register by the tool's own reader (the CLI's). */
export async function registerOfBytes(bytes: ArrayBuffer | Uint8Array, name: string, sheet?: string): Promise<Register> {
  const book = await readBook(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), name);
  const r = readRegister(book.grid(sheet ?? book.sheets[0]), { date1904: book.date1904 });
  if (!r.ok) throw new Error(`${name}: ${r.problem}`);
  return r.register;
}

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Values typed into the sample register's template for `month` (sheets in Kazakh): what it is, the
 * column, the value as the cell would hold it, and whether Excel must take it.
 */
export function sampleTypings(month: string): [string, number, Typed, boolean][] {
  const last = monthEnd(month);
  return [
    ['a status not in the list', 7, 'орындалды-ау', false],
    ['a standard status', 7, label('status.agreement', 'kk'), true],
    ['the register\'s own status, with its comma', 7, 'Ұсыныс, қаралуда', true],
    ['a status in other case', 7, 'МЕМОРАНДУМ', true],
    ['a sector not in the list', 5, 'Ғарыш', false],
    ['a sector of the register', 5, 'Энергетика', true],
    ['a negative tenge figure', 9, -1, false],
    ['text in a money cell', 9, 'бір миллиард', false],
    ['a number typed as text with its unit', 9, '1,5 млрд', false],
    ['zero tenge', 9, 0, true],
    ['a figure with tiyn', 9, 1500000000.55, true],
    ['negative yuan', 10, -0.01, false],
    ['yuan', 10, 12000000, true],
    ['a date in 1980', 8, d(1980, 5, 1), false],
    ['the day after the month', 8, dateOf(`${nextMonth(month)}-01`), false],
    ['text in the date', 8, '31 қараша', false],
    ['the first day taken', 8, d(1991, 1, 1), true],
    ['the month\'s last day', 8, dateOf(last), true],
    ['currency XYZ', 11, 'XYZ', false],
    ['currency CNY', 11, 'CNY', true],
    ['half a job', 12, 2.5, false],
    ['negative jobs', 12, -3, false],
    ['250 jobs', 12, 250, true],
    ['a blank cell', 9, null, true],
  ];
}

/** Each typing's verdict through the rules read back from the template, on a row of its own: [what, taken]. */
export function verdicts(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, row: number, typings: [string, number, Typed, boolean][]): [string, boolean][] {
  return typings.map(([what, col, v]) => {
    const rule = ruleAt(ws, ws.getCell(row, col).address);
    if (!rule) throw new Error(`no rule on ${ws.getCell(row, col).address} (${what})`);
    return [what, accepts(wb, rule, v)];
  });
}
