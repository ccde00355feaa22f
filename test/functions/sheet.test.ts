/**
 * A sheet that uses the custom functions recalculates to the core's figures: the in-memory Excel
 * (test/support/fake-excel, HyperFormula) has TIZILIM.* registered with the same src/functions code
 * the add-in hands Excel, and the test writes formulas over a register's cells and a rates range laid
 * out like the tool's rates sheet, reads the calculated values back, and compares them with the core.
 */
import Big from 'big.js';
import { amountOf, columnContext, ratesOf, toCny, toKzt } from '../../src/core/functions/functions';
import { dateToSerial } from '../../src/core/grid/grid';
// The add-in's custom functions in the fake's engine (before any workbook is made).
import '../support/fake-excel-functions';
import { createFakeWorkbook, type FakeExcel } from '../support/fake-excel';

const ctxOf = (c: unknown) => c as Excel.RequestContext;
const serial = (iso: string) => dateToSerial(new Date(`${iso}T00:00:00Z`));

async function write(fake: FakeExcel, sheet: string, address: string, formulas: unknown[][]): Promise<void> {
  await fake.run(async (c) => {
    ctxOf(c).workbook.worksheets.getItem(sheet).getRange(address).formulas = formulas as string[][];
    await ctxOf(c).sync();
  });
}

async function read(fake: FakeExcel, sheet: string, address: string): Promise<{ values: unknown[][]; formulas: unknown[][] }> {
  return fake.run(async (c) => {
    const r = ctxOf(c).workbook.worksheets.getItem(sheet).getRange(address);
    r.load('values,formulas');
    await ctxOf(c).sync();
    return { values: r.values, formulas: r.formulas };
  });
}

const FIGURES: [string | number, string, string][] = [
  // figure as written, the column's heading, the currency it is in, date
  ['2 млрд 534 млн тг', 'Құны, теңге', '2025-10-09'],
  ['4,5 миллиард юаньнан астам', 'Құны, юань', '2025-10-11'],
  ['9 200,0', 'Құны, млн теңге', '2025-10-10'],
  [18.955, 'Құны, млрд теңге', '2025-10-12'],
  ['250 млн юань', 'Құны, теңге', '2025-10-09'],
];

const RATES: (string | number)[][] = [
  ['Күні', 'Валюта', 'Бағам', 'Саны', 'Көзі'],
  [serial('2025-10-09'), 'CNY', 75.82, 1, 'nbk-2025-10-09.xml'],
  [serial('2025-10-10'), 'CNY', 76.14, 1, 'nbk-2025-10-10.xml'],
  [serial('2025-10-11'), 'CNY', 76.27, 1, 'nbk-2025-10-11.xml'],
  [serial('2025-10-10'), 'USD', 540.12, 1, 'nbk-2025-10-10.xml'],
];

describe('the in-memory Excel calculates =TIZILIM.* as the core does', () => {
  let fake: FakeExcel;
  const n = FIGURES.length;

  beforeAll(async () => {
    fake = createFakeWorkbook({
      Register: { values: [['figure', 'heading', 'date'], ...FIGURES.map(([v, h, d]) => [v, h, serial(d)])] },
      Rates: { values: RATES },
    });
    const rows: string[][] = [];
    for (let r = 2; r <= n + 1; r++) {
      rows.push([
        `=TIZILIM.AMOUNT(A${r},B${r})`,
        `=TIZILIM.CURRENCY(A${r},B${r})`,
        `=TIZILIM.TOKZT(D${r},E${r},C${r},Rates!$A$1:$E$5)`,
        `=TIZILIM.TOCNY(D${r},E${r},C${r},Rates!$A$1:$E$5)`,
        `=TIZILIM.RATE("CNY",C${r},Rates!$A$1:$E$5)`,
      ]);
    }
    await write(fake, 'Register', `D2:H${n + 1}`, rows);
  });

  test('AMOUNT, CURRENCY, TOKZT, TOCNY and RATE read back the core\'s figures for every row', async () => {
    const { values, formulas } = await read(fake, 'Register', `D2:H${n + 1}`);
    expect(formulas[0][0]).toBe('=TIZILIM.AMOUNT(A2,B2)');
    const table = ratesOf(RATES);
    if (!table.ok) throw new Error('rates');
    FIGURES.forEach(([v, heading, date], i) => {
      const a = amountOf(v, columnContext(heading));
      if (!a.ok) throw new Error(String(v));
      const cur = i === 1 || i === 4 ? 'CNY' : 'KZT';
      const kzt = toKzt(a.value, cur, date, table.value);
      const cny = toCny(a.value, cur, date, table.value);
      const rate = table.value.lookup('CNY', date)!;
      expect(values[i]).toEqual([
        Number(a.value.toString()),
        cur,
        kzt.ok ? Number(kzt.value.toString()) : null,
        cny.ok ? Number(cny.value.toString()) : null,
        Number(rate.perUnit.toString()),
      ]);
    });
    // the weekend's figure (2025-10-12) took Saturday's rate, the latest earlier one
    expect(values[3][4]).toBe(76.27);
    expect(values[0][0]).toBe(2534000000);
    expect(values[1][2]).toBe(Number(new Big('4500000000').times('76.27').toFixed(2)));
  });

  test('a cell changed recalculates the formulas that read it', async () => {
    await write(fake, 'Register', 'A2', [['3 млрд теңге']]);
    const { values } = await read(fake, 'Register', 'D2:F2');
    expect(values[0]).toEqual([3000000000, 'KZT', 3000000000]);
  });

  test('a rate corrected on the rates sheet recalculates the conversions that read it (the same range, new contents)', async () => {
    await write(fake, 'Register', 'A6:C6', [['250 млн юань', 'Құны, теңге', serial('2025-10-09')]]);
    expect((await read(fake, 'Register', 'F6')).values[0][0]).toBe(18955000000);
    await write(fake, 'Rates', 'C2', [[75.9]]);
    expect((await read(fake, 'Register', 'F6:H6')).values[0]).toEqual([18975000000, 250000000, 75.9]);
    await write(fake, 'Rates', 'C2', [[75.82]]);
    expect((await read(fake, 'Register', 'F6')).values[0][0]).toBe(18955000000);
  });

  test('an unreadable figure is #VALUE!, and a date with only later rates is #N/A, never a later rate', async () => {
    await write(fake, 'Register', 'A3:C3', [['5 – 10 млн', 'Құны, юань', serial('2025-10-08')]]);
    await write(fake, 'Register', 'J2:K2', [['=TIZILIM.RATE("CNY",C3,Rates!$A$1:$E$5)', '=TIZILIM.AMOUNT.WHY(A3,B3,"en")']]);
    const { values } = await read(fake, 'Register', 'D3:H3');
    expect(values[0][0]).toBe('#VALUE!');
    expect(values[0][2]).toBe('#VALUE!');
    const why = await read(fake, 'Register', 'J2:K2');
    expect(why.values[0]).toEqual(['#N/A', 'The amount "5 – 10 млн" cannot be read.']);
  });
});
