/**
 * The in-memory Excel (test/support/fake-excel.ts) calculates and binds references as Excel does:
 * a formula is bound to the sheets that exist when it is written, follows a renamed sheet, turns into
 * #REF! when its sheet is deleted (for good), and a name that was no sheet when it was written stays
 * an error; chart series are bound the same way. Also the divergences the fake removed: several
 * selected areas, custom property lengths by platform, a very hidden sheet.
 */
import { createFakeWorkbook, type FakeExcel } from '../support/fake-excel';

const ctxOf = (c: unknown) => c as Excel.RequestContext;

/** Run one batch of Office.js calls and sync it. */
async function batch(fake: FakeExcel, fn: (ctx: Excel.RequestContext) => void): Promise<void> {
  await fake.run(async (c) => {
    fn(ctxOf(c));
    await ctxOf(c).sync();
  });
}

async function read(fake: FakeExcel, sheet: string, address: string): Promise<{ values: unknown[][]; formulas: unknown[][]; valueTypes: string[][] }> {
  return fake.run(async (c) => {
    const r = ctxOf(c).workbook.worksheets.getItem(sheet).getRange(address);
    r.load('values,formulas,valueTypes');
    await ctxOf(c).sync();
    return { values: r.values, formulas: r.formulas, valueTypes: r.valueTypes };
  });
}

const REG = 'Тізілім';
/** A register: sector, tenge (with tiyn), agreement date (serial), status. */
function registerBook(): FakeExcel {
  return createFakeWorkbook({
    [REG]: {
      values: [
        ['Сала', 'Құны', 'Күні', 'Мәртебе'],
        ['Өнеркәсіп', 100_000_000_000.5, 45940, 'келісім'],
        ['Энергетика', 2_500_000.25, 45900, 'келісім'],
        ['Өнеркәсіп', 1.1, 45962, 'меморандум'],
        ['001', 7, null, null], // text that looks like a number
      ],
    },
    Жиынтық: {},
  });
}

const SUMMARY = [[
  `=SUMIFS('${REG}'!$B$2:$B$5,'${REG}'!$A$2:$A$5,"Өнеркәсіп")`,
  `=COUNTIFS('${REG}'!$C$2:$C$5,">="&DATE(2025,10,1),'${REG}'!$C$2:$C$5,"<"&DATE(2025,11,1))`,
  `=SUMPRODUCT(--('${REG}'!$A$2:$A$5="001"),'${REG}'!$B$2:$B$5)`,
  `=ROUND(SUM('${REG}'!$B$2:$B$5)-A1-C1,2)`,
  `=COUNTIFS('${REG}'!$D$2:$D$5,"=")`,
]];

describe('the in-memory Excel calculates', () => {
  test('SUMIFS, COUNTIFS over a month by DATE, SUMPRODUCT, ROUND: values are the results, to the tiyn; formulas read back as written', async () => {
    const fake = registerBook();
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem('Жиынтық').getRange('A1:E1').formulas = SUMMARY));
    const r = await read(fake, 'Жиынтық', 'A1:E1');
    expect(r.values).toEqual([[100_000_000_001.6, 1, 7, 2_500_000.25, 1]]);
    expect(r.formulas).toEqual(SUMMARY);
    expect(r.valueTypes).toEqual([['Double', 'Integer', 'Integer', 'Double', 'Integer']]);
    expect(fake.brokenReferences()).toEqual([]);
  });

  test('a changed figure is recalculated; a formula overwritten by a number is a number', async () => {
    const fake = registerBook();
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem('Жиынтық').getRange('A1:E1').formulas = SUMMARY));
    await batch(fake, (ctx) => {
      ctx.workbook.worksheets.getItem(REG).getRange('B4').values = [[2]];
      ctx.workbook.worksheets.getItem('Жиынтық').getRange('C1').values = [[40]];
    });
    const r = await read(fake, 'Жиынтық', 'A1:D1');
    expect(r.values).toEqual([[100_000_000_002.5, 1, 40, 2_500_000.25 + 7 - 40]]);
    expect(r.formulas[0][2]).toBe(40);
  });

  test('a workbook loaded with formulas binds them to its sheets, whichever comes first', async () => {
    const fake = createFakeWorkbook({ Алдыңғы: { values: [[{ formula: "SUM('Кейінгі'!A1:A2)", result: 999 }]] }, Кейінгі: { values: [[2], [3]] } });
    expect(fake.cell('Алдыңғы', 'A1')).toMatchObject({ value: 5, formula: "=SUM('Кейінгі'!A1:A2)" });
  });

  test('a workbook without formulas has no engine', () => {
    const fake = registerBook();
    expect(fake.readSheet(REG).values[1][1]).toBe(100_000_000_000.5);
    expect(fake.model.calc).toBeNull();
  });
});

describe('references are bound to sheets, as Excel binds them', () => {
  test('renaming a sheet rewrites the formulas that read it; they go on calculating', async () => {
    const fake = registerBook();
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem('Жиынтық').getRange('A1:E1').formulas = SUMMARY));
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem(REG).name = "Қыркүйек (it's)"));
    const r = await read(fake, 'Жиынтық', 'A1:B1');
    expect(r.formulas[0][0]).toBe(`=SUMIFS('Қыркүйек (it''s)'!$B$2:$B$5,'Қыркүйек (it''s)'!$A$2:$A$5,"Өнеркәсіп")`);
    expect(r.values).toEqual([[100_000_000_001.6, 1]]);
    expect(fake.formulaCells()[0].engineSheets).toEqual(["Қыркүйек (it's)"]);
  });

  test('deleting a sheet turns the formulas that read it into #REF!, and a new sheet of its name does not revive them', async () => {
    const fake = registerBook();
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem('Жиынтық').getRange('A1:E1').formulas = SUMMARY));
    // the rename-away-and-delete dance: the formulas follow the rename, then break
    await batch(fake, (ctx) => {
      const old = ctx.workbook.worksheets.getItem(REG);
      old.name = '~old-1';
      ctx.workbook.worksheets.add(REG).getRange('A1:D2').values = [['Сала', 'Құны', 'Күні', 'Мәртебе'], ['Өнеркәсіп', 5, 45940, 'келісім']];
      old.delete();
    });
    const r = await read(fake, 'Жиынтық', 'A1:E1');
    expect(r.values[0]).toEqual(['#REF!', '#REF!', '#REF!', '#REF!', '#REF!']);
    expect(r.valueTypes[0]).toEqual(['Error', 'Error', 'Error', 'Error', 'Error']);
    expect(r.formulas[0][0]).toBe('=SUMIFS(#REF!$B$2:$B$5,#REF!$A$2:$A$5,"Өнеркәсіп")');
    expect(fake.cell('Жиынтық', 'A1')).toMatchObject({ isError: true, text: '#REF!' });
  });

  test('a formula naming a sheet that does not exist yet is an error, and stays one when the sheet is made', async () => {
    const fake = createFakeWorkbook({ Жиынтық: {} });
    await batch(fake, (ctx) => {
      ctx.workbook.worksheets.getItem('Жиынтық').getRange('A1').formulas = [["=SUM('Кейін'!A1:A2)"]];
      ctx.workbook.worksheets.add('Кейін').getRange('A1:A2').values = [[2], [3]];
    });
    expect(fake.cell('Жиынтық', 'A1')).toMatchObject({ value: '#REF!', isError: true, formula: "=SUM('Кейін'!A1:A2)" });
    expect(fake.brokenReferences()).toEqual([{ sheet: 'Жиынтық', cell: 'A1', formula: "=SUM('Кейін'!A1:A2)", missing: 'Кейін' }]);
    // written again now that the sheet exists, it binds
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem('Жиынтық').getRange('A1').formulas = [["=SUM('Кейін'!A1:A2)"]]));
    expect(fake.cell('Жиынтық', 'A1')).toMatchObject({ value: 5, isError: false });
  });

  test('text stays text: a criterion "001" matches the text, not a number; strings in formulas are not sheet names', async () => {
    const fake = registerBook();
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem('Жиынтық').getRange('A1:B1').formulas = [[`=COUNTIFS('${REG}'!A2:A5,"001")`, '="Тізілім!A1"']]));
    expect((await read(fake, 'Жиынтық', 'A1:B1')).values).toEqual([[1, 'Тізілім!A1']]);
    expect(fake.brokenReferences()).toEqual([]);
  });

  test('a chart\'s series follow a renamed sheet, and read #REF! once it is deleted', async () => {
    const fake = createFakeWorkbook({ Шолу: {}, Салалар: { values: [['Өнеркәсіп', 10], ['Энергетика', 4]] } });
    await batch(fake, (ctx) => {
      const data = ctx.workbook.worksheets.getItem('Салалар');
      const ch = ctx.workbook.worksheets.getItem('Шолу').charts.add('BarClustered', data.getRange('B1:B2'), 'Columns');
      ch.name = 'Tizilim';
      ch.series.getItemAt(0).setXAxisValues(data.getRange('A1:A2'));
    });
    await batch(fake, (ctx) => (ctx.workbook.worksheets.getItem('Салалар').name = 'Салалар (2)'));
    expect(fake.readSheet('Шолу').charts[0].series[0]).toMatchObject({ values: "'Салалар (2)'!B1:B2", xValues: "'Салалар (2)'!A1:A2" });
    expect(fake.chartPoints('Шолу').Tizilim[0]).toMatchObject({ values: [10, 4], xValues: ['Өнеркәсіп', 'Энергетика'] });
    await batch(fake, (ctx) => {
      ctx.workbook.worksheets.getItem('Салалар (2)').delete();
      ctx.workbook.worksheets.add('Салалар (2)').getRange('B1:B2').values = [[1], [1]];
    });
    expect(fake.readSheet('Шолу').charts[0].series[0]).toMatchObject({ values: '#REF!', xValues: '#REF!' });
    expect(fake.chartPoints('Шолу').Tizilim[0]).toMatchObject({ values: null, xValues: null });
  });
});

describe('the fake\'s other divergences, removed', () => {
  test('several selected areas: getSelectedRange throws, getSelectedRanges gives them all', async () => {
    const fake = registerBook();
    fake.select(REG, 'A2:B3, D2:D3');
    const err = await fake.run(async (c) => {
      const r = ctxOf(c).workbook.getSelectedRange();
      r.load('address');
      await ctxOf(c).sync();
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'InvalidSelection' });
    const areas = await fake.run(async (c) => {
      const a = ctxOf(c).workbook.getSelectedRanges();
      a.load('address,areaCount');
      await ctxOf(c).sync();
      return [a.address, a.areaCount];
    });
    expect(areas).toEqual([`${REG}!A2:B3, ${REG}!D2:D3`, 2]);
    fake.select(REG, 'B2:B3');
    const one = await fake.run(async (c) => {
      const r = ctxOf(c).workbook.getSelectedRange();
      r.load('address');
      await ctxOf(c).sync();
      return r.address;
    });
    expect(one).toBe(`${REG}!B2:B3`);
  });

  test('a document custom property over 255 characters: trimmed on the desktop, kept whole on the web', async () => {
    const long = 'ж'.repeat(300);
    for (const platform of ['desktop', 'web'] as const) {
      const fake = createFakeWorkbook({ A: {} }, { platform });
      await batch(fake, (ctx) => ctx.workbook.properties.custom.add('tizilim.note', long));
      expect([platform, fake.documentCustomProperties()['tizilim.note'].length]).toEqual([platform, platform === 'desktop' ? 255 : 300]);
    }
  });

  test('a very hidden sheet cannot be deleted', async () => {
    const fake = createFakeWorkbook({ A: {}, B: { visibility: 'VeryHidden' } });
    const err = await batch(fake, (ctx) => ctx.workbook.worksheets.getItem('B').delete()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'InvalidOperation' });
    expect(fake.sheetNames()).toEqual(['A', 'B']);
  });
});
