/**
 * One plan, two renderers. The same plans (from runPipeline) rendered by src/xlsx (ExcelJS → a buffer
 * → read back) and by src/excel (Office.js, into the in-memory Excel) hold the same cells: values,
 * formulas, number formats and looks, with the same merges, widths, heights, frozen panes and print
 * setup. Then the Office.js writer's own duties: the chart on the overview, the fingerprint in the
 * mark and the question before an edited sheet is replaced, sheet names Excel accepts.
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { cellAddress, columnLetters } from '../src/core/grid/a1';
import { loadRates } from '../src/cli/main';
import { dateToSerial, gridFromValues, type CellValue, type Grid } from '../src/core/grid/grid';
import { runPipeline, type PipelineOptions } from '../src/core/report/pipeline';
import { LOOKS, safeSheetName, sheetRef, type SheetPlan } from '../src/core/report/plan';
import type { RateTable } from '../src/core/rates/rates';
import { Fingerprint, suffixedName, widthPoints, writePlans, type WriteOptions } from '../src/excel/write';
import { openSource } from '../src/xlsx/read';
import { plansToWorkbook } from '../src/xlsx/write';
import { createFakeWorkbook, type FakeExcel, type FixtureValue } from './support/fake-excel';

const ROOT = path.join(__dirname, '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATE_FILES = ['09', '10', '11'].map((d) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`));
const ctxOf = (c: unknown) => c as Excel.RequestContext;

let sample: Grid;
let rates: RateTable;
beforeAll(async () => {
  const book = await openSource(SAMPLE);
  sample = book.grid(book.sheets[0]);
  rates = await loadRates(RATE_FILES);
});

function plansOf(grid: Grid, opts: Partial<PipelineOptions> = {}): SheetPlan[] {
  const res = runPipeline(grid, { file: 'bko-register-2025-10.xlsx', lang: 'kk', rates, today: '2025-10-31', ...opts });
  if (!res.ok) throw new Error(res.problem);
  return res.plans;
}

/** A register with what trips renderers up: text that looks like a formula, a number or a date; wildcards; no sector; no date. */
function oddGrid(): Grid {
  const d = (m: number, day: number) => new Date(Date.UTC(2025, m - 1, day));
  const rows: CellValue[][] = [
    ['Жобаның атауы', 'Инвестор', 'Саласы', 'Орналасқан жері', 'Құны, млн теңге', 'Құны, млн юань', 'Келісім күні', 'Мәртебесі', 'Жұмыс орындары'],
    ['=HYPERLINK("http://x")', 'ЖШС «Агро*Холдинг»', 'Агро*кешен', 'Орал қ.', 120.5, null, d(9, 30), 'меморандум', 40],
    ['001', '1-Құрылыс', 'энергетика', 'Ақсай қ.', null, 35, d(10, 9), 'ұсыныс', null],
    ['+1+2', 'Jiangsu Co.', 'Энергетика', 'Орал қ.', 70, null, null, 'келісім', 12],
    ['TRUE', 'Jiangsu Co.', null, '<Жоқ>', 5.25, null, d(10, 10), 'меморандум', 3],
    ['Жоба «Береке»', 'Nanjing', 'Oct 2025', 'Орал қ.', 0.01, null, d(11, 1), 'зерделеу', 1],
  ];
  return gridFromValues("Жобалар 'қазан' 2025", rows);
}

// ---------------------------------------------------------------------------------------------
// Both renderings, normalised

interface Cell {
  formula: string | null;
  /** A constant's value (dates as serials, links as their text); for a formula, the cached result (xlsx only). */
  value: number | string | boolean | null;
  fmt: string;
  look: { bold: boolean; italic: boolean; fill: string | null; border: boolean; wrap: boolean; h: string | null };
}

interface Sheet {
  cells: Map<string, Cell>;
  merges: string[];
  widths: number[];
  heights: Record<number, number>;
  freeze: { rows: number; cols: number } | null;
  /** pagesWide: fitted to so many pages wide (null: printed at its size). */
  print: { landscape: boolean; pagesWide: number | null; paper: string; titleRows: string | null; titleCols: string | null };
  gridlines: boolean;
  tables: string[];
}

const H_NAMES: Record<string, string> = { left: 'left', center: 'center', right: 'right', Left: 'left', Center: 'center', Right: 'right' };

async function viaExcelJs(plans: SheetPlan[]): Promise<Map<string, Sheet>> {
  const buf = await plansToWorkbook(plans).xlsx.writeBuffer();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as ArrayBuffer);
  const out = new Map<string, Sheet>();
  for (const plan of plans) {
    const ws = wb.getWorksheet(plan.name);
    if (!ws) throw new Error(`ExcelJS: no sheet ${plan.name}`);
    const cells = new Map<string, Cell>();
    const width = Math.max(...plan.rows.map((r) => r.length), 1);
    for (let r = 1; r <= plan.rows.length; r++) {
      for (let c = 1; c <= width; c++) {
        const cell = ws.getCell(r, c);
        const v = cell.value as unknown;
        let formula: string | null = null;
        let value: Cell['value'] = null;
        if (cell.type === ExcelJS.ValueType.Formula) {
          formula = cell.formula;
          // cell.value drops a cached 0; the model keeps it
          const res = (cell as unknown as { model: { result?: unknown } }).model.result;
          value = res instanceof Date ? dateToSerial(res) : (res as Cell['value']) ?? null;
        } else if (v instanceof Date) value = dateToSerial(v);
        else if (v && typeof v === 'object' && 'hyperlink' in v) value = String((v as ExcelJS.CellHyperlinkValue).text);
        else if (v !== null && v !== undefined) value = v as Cell['value'];
        const fill = cell.fill && cell.fill.type === 'pattern' && cell.fill.pattern === 'solid' ? '#' + String(cell.fill.fgColor?.argb ?? '').slice(2) : null;
        cells.set(cell.address, {
          formula, value, fmt: cell.numFmt || 'General',
          look: { bold: !!cell.font?.bold, italic: !!cell.font?.italic, fill, border: !!cell.border?.top?.style, wrap: !!cell.alignment?.wrapText, h: cell.alignment?.horizontal ? H_NAMES[cell.alignment.horizontal] : null },
        });
      }
    }
    const view = ws.views[0] as Partial<ExcelJS.WorksheetViewFrozen & { showGridLines: boolean }> | undefined;
    const heights: Record<number, number> = {};
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      if (row.height) heights[n] = row.height;
    });
    out.set(plan.name, {
      cells,
      merges: [...((ws.model as unknown as { merges: string[] }).merges ?? [])].sort(),
      widths: plan.widths.map((_, i) => ws.getColumn(i + 1).width ?? 0),
      heights,
      freeze: view?.state === 'frozen' ? { rows: view.ySplit ?? 0, cols: view.xSplit ?? 0 } : null,
      print: {
        landscape: ws.pageSetup.orientation === 'landscape', pagesWide: ws.pageSetup.fitToPage ? ws.pageSetup.fitToWidth ?? null : null,
        paper: ({ 8: 'A3', 9: 'A4' } as Record<number, string>)[ws.pageSetup.paperSize as number] ?? String(ws.pageSetup.paperSize),
        titleRows: ws.pageSetup.printTitlesRow ?? null, titleCols: ws.pageSetup.printTitlesColumn ?? null,
      },
      gridlines: view?.showGridLines !== false,
      tables: Object.values((ws as unknown as { tables: Record<string, { name: string }> }).tables ?? {}).map((t) => t.name),
    });
  }
  return out;
}

function write(fake: FakeExcel, plans: SheetPlan[], opts: WriteOptions = {}) {
  return fake.run((ctx) => writePlans(ctxOf(ctx), plans, { supports: (v) => fake.isSetSupported('ExcelApi', v), ...opts }));
}

async function viaOfficeJs(plans: SheetPlan[], source: Grid): Promise<{ fake: FakeExcel; sheets: Map<string, Sheet> }> {
  const fake = createFakeWorkbook({ [source.sheet]: { values: source.values as FixtureValue[][] } });
  await write(fake, plans, { sourceSheet: source.sheet });
  const out = new Map<string, Sheet>();
  for (const plan of plans) {
    const s = fake.readSheet(plan.name);
    const cells = new Map<string, Cell>();
    const width = Math.max(...plan.rows.map((r) => r.length), 1);
    for (let r = 0; r < plan.rows.length; r++) {
      for (let c = 0; c < width; c++) {
        const a1 = cellAddress(r + 1, c + 1);
        const snap = fake.cell(plan.name, a1);
        const l = snap.look;
        cells.set(a1, {
          formula: snap.formula ? snap.formula.replace(/^=/, '') : null,
          value: snap.formula ? null : snap.value === '' ? null : snap.value,
          fmt: snap.numberFormat,
          look: { bold: !!l['font.bold'], italic: !!l['font.italic'], fill: (l['fill.color'] as string) ?? null, border: l['border.top.style'] === 'Continuous', wrap: !!l.wrapText, h: l.horizontalAlignment ? H_NAMES[String(l.horizontalAlignment)] : null },
        });
      }
    }
    const zoom = s.pageLayout.zoom as { horizontalFitToPages?: number } | undefined;
    out.set(plan.name, {
      cells,
      merges: [...s.merges].sort(),
      widths: plan.widths.map((_, i) => s.columnWidths[columnLetters(i + 1)] ?? 0),
      heights: s.rowHeights,
      freeze: s.freeze,
      print: {
        landscape: s.pageLayout.orientation === 'Landscape', pagesWide: zoom?.horizontalFitToPages ?? null, paper: String(s.pageLayout.paperSize),
        titleRows: (s.pageLayout.printTitleRows as string | undefined)?.replace(/\$/g, '') ?? null,
        titleCols: (s.pageLayout.printTitleColumns as string | undefined)?.replace(/\$/g, '') ?? null,
      },
      gridlines: s.showGridlines,
      tables: s.tables.map((t) => t.name),
    });
  }
  return { fake, sheets: out };
}

/** Compare every cell; returns the counts compared. */
function compare(plans: SheetPlan[], a: Map<string, Sheet>, b: Map<string, Sheet>): { cells: number; formulas: number } {
  let cells = 0, formulas = 0;
  for (const plan of plans) {
    const x = a.get(plan.name)!;
    const y = b.get(plan.name)!;
    const width = Math.max(...plan.rows.map((r) => r.length), 1);
    // Cells hidden under a merge (not its top-left): ExcelJS gives them the top-left's style, Office.js leaves them; neither shows.
    const hidden = (r: number, c: number) => plan.merges.some((m) => r + 1 >= m.top && r + 1 <= m.bottom && c + 1 >= m.left && c + 1 <= m.right && !(r + 1 === m.top && c + 1 === m.left));
    for (let r = 0; r < plan.rows.length; r++) {
      for (let c = 0; c < width; c++) {
        const a1 = cellAddress(r + 1, c + 1);
        const pc = plan.rows[r][c] ?? null;
        const cx = x.cells.get(a1)!;
        const cy = y.cells.get(a1)!;
        const where = `${plan.name}!${a1}`;
        expect([where, cx.formula]).toEqual([where, cy.formula]);
        expect([where, cx.fmt]).toEqual([where, cy.fmt]);
        if (!hidden(r, c)) expect([where, cx.look]).toEqual([where, cy.look]);
        if (cx.formula !== null) {
          formulas++;
          expect([where, cx.formula]).toEqual([where, pc?.f]);
          // the cached result the file carries is the plan's value
          expect([where, cx.value]).toEqual([where, pc?.v]);
        } else if (!hidden(r, c)) {
          // (ExcelJS reads a hidden merged cell as its top-left's value; the file holds nothing there)
          expect([where, cx.value]).toEqual([where, cy.value]);
          const pv = pc?.v ?? null;
          expect([where, cx.value]).toEqual([where, pv instanceof Date ? dateToSerial(pv) : pv === '' ? null : pv]);
        }
        if (pc && pc.s) {
          const look = LOOKS[pc.s];
          expect([where, cx.look.bold, cx.look.fill]).toEqual([where, !!look.bold, look.fill ?? null]);
        }
        cells++;
      }
    }
    expect([plan.name, x.merges]).toEqual([plan.name, y.merges]);
    expect([plan.name, x.widths.map(widthPoints)]).toEqual([plan.name, y.widths]);
    expect([plan.name, x.heights]).toEqual([plan.name, y.heights]);
    expect([plan.name, x.freeze]).toEqual([plan.name, y.freeze]);
    expect([plan.name, x.print]).toEqual([plan.name, y.print]);
    expect([plan.name, x.gridlines]).toEqual([plan.name, y.gridlines]);
    expect([plan.name, x.tables]).toEqual([plan.name, y.tables]);
  }
  return { cells, formulas };
}

describe('one plan, two renderers', () => {
  const cases: [string, () => Grid, Partial<PipelineOptions>][] = [
    ['the sample, in Kazakh, millions', () => sample, {}],
    ['the sample, in English, billions, bilingual headings, with a region', () => sample, { lang: 'en', units: 'billion', bilingual: true, region: 'West Kazakhstan region' }],
    ['a register of odd labels and texts, in Russian, thousands', oddGrid, { lang: 'ru', units: 'thousand', today: '2025-11-30' }],
  ];

  test.each(cases)('%s: every cell the same in ExcelJS and in Office.js', async (_name, grid, opts) => {
    const g = grid();
    const plans = plansOf(g, opts);
    const a = await viaExcelJs(plans);
    const { sheets: b } = await viaOfficeJs(plans, g);
    const n = compare(plans, a, b);
    // Both print the register on A3, several pages wide, with the columns up to the name on every page.
    const reg = plans.find((p) => p.role === 'register')!;
    expect(a.get(reg.name)!.print).toMatchObject({ landscape: true, paper: 'A3', pagesWide: 2, titleRows: '4:4', titleCols: 'A:D' });
    console.log(`${_name}: ${n.cells} cells compared, ${n.formulas} of them formulas`);
    expect(n.formulas).toBeGreaterThan(100);
  });
});

describe('the Office.js writer', () => {
  test('a native chart of tenge by sector on the overview; row heights, no grid lines, A4 (ExcelJS writes none of the chart)', async () => {
    const plans = plansOf(sample, { lang: 'en' });
    const { fake } = await viaOfficeJs(plans, sample);
    const overview = fake.readSheet('Overview');
    const chart = plans[0].chart!;
    expect(fake.stats.records.every((r) => !r.rejected)).toBe(true);
    expect(overview.charts).toEqual([{
      name: 'Tizilim', type: 'BarClustered', title: 'Value by sector, million tenge', legendVisible: false,
      series: [{ name: 'Value, million tenge', values: `'By sector'!C5:C11`, xValues: `'By sector'!A5:A11`, hasDataLabels: true }],
      reversePlotOrder: true, position: chart.anchor,
    }]);
    expect(overview.rowHeights[1]).toBe(plans[0].heights![1]);
    expect(overview.showGridlines).toBe(false);
    expect(overview.pageLayout).toMatchObject({ paperSize: 'A4', orientation: 'Landscape', centerHorizontally: true });
    // the file has no chart (ExcelJS cannot write one) and is otherwise the same
    const buf = await plansToWorkbook(plans).xlsx.writeBuffer();
    expect(Buffer.from(buf as ArrayBuffer).includes(Buffer.from('xl/charts/'))).toBe(false);
  });

  test('the chart follows the sector sheet when a user\'s sheet holds its name', async () => {
    const plans = plansOf(sample, { lang: 'en' });
    const fake = createFakeWorkbook({ [sample.sheet]: { values: sample.values as FixtureValue[][] }, 'By sector': { values: [['mine']] } });
    await write(fake, plans, { sourceSheet: sample.sheet });
    expect(fake.readSheet('Overview').charts[0].series[0]).toMatchObject({ values: `'By sector (2)'!C5:C11`, xValues: `'By sector (2)'!A5:A11` });
    expect(fake.readSheet('By sector').values).toEqual([['mine']]);
  });

  test('a chart Excel refuses is left out; the sheets are written all the same', async () => {
    const plans = plansOf(sample, { lang: 'en' });
    plans[0] = { ...plans[0], chart: { ...plans[0].chart!, values: "'By sector'!C:C" } }; // the fake refuses whole columns
    const fake = createFakeWorkbook({ [sample.sheet]: { values: sample.values as FixtureValue[][] } });
    const report = await write(fake, plans, { sourceSheet: sample.sheet });
    expect(report.charts).toBe(0);
    expect(report.chartErrors).toEqual([expect.stringMatching(/^Overview: .*whole rows or columns/)]);
    expect(fake.sheetNames()).toHaveLength(plans.length + 1);
    expect(fake.readSheet('Overview').charts).toEqual([]);
    expect(fake.activeSheetName()).toBe('Overview');
  });

  test('the fingerprint in the mark is what Excel reads back', async () => {
    const plans = plansOf(oddGrid(), { lang: 'ru' });
    const { fake } = await viaOfficeJs(plans, oddGrid());
    for (const plan of plans) {
      const s = fake.readSheet(plan.name);
      const fp = new Fingerprint();
      s.formulas.forEach((row, r) => row.forEach((f, c) => fp.cell(r, c, f ?? s.values[r][c])));
      expect([plan.name, s.customProperties['tizilim.fingerprint']]).toEqual([plan.name, fp.toString()]);
    }
  });

  describe('a sheet of the tool\'s that the user edited', () => {
    const SECTOR = 'Салалар бойынша';
    async function edited(edit: (ctx: Excel.RequestContext) => void, apiVersion?: string) {
      const plans = plansOf(sample);
      const fake = createFakeWorkbook({ [sample.sheet]: { values: sample.values as FixtureValue[][] } }, apiVersion ? { apiVersion } : {});
      await write(fake, plans, { sourceSheet: sample.sheet });
      await fake.run(async (c) => {
        edit(ctxOf(c));
        await ctxOf(c).sync();
      });
      return { plans, fake };
    }
    const changeValue = (ctx: Excel.RequestContext) => (ctx.workbook.worksheets.getItem(SECTOR).getRange('B5').values = [[99]]);

    test('nothing edited: replaced without a question', async () => {
      const plans = plansOf(sample);
      const fake = createFakeWorkbook({ [sample.sheet]: { values: sample.values as FixtureValue[][] } });
      await write(fake, plans, { sourceSheet: sample.sheet });
      const asked: string[][] = [];
      const report = await write(fake, plans, { sourceSheet: sample.sheet, confirmReplaceEdited: async (n) => (asked.push(n), true) });
      expect(asked).toEqual([]);
      expect(report.edited).toEqual([]);
      expect(report.sheets.every((s) => s.replaced && !s.renamed)).toBe(true);
    });

    test('the user says no: the edited sheet is kept, ours goes under a new name and the formulas and chart follow', async () => {
      const { plans, fake } = await edited(changeValue);
      const asked: string[][] = [];
      const report = await write(fake, plans, { sourceSheet: sample.sheet, confirmReplaceEdited: async (n) => (asked.push(n), false) });
      expect(asked).toEqual([[SECTOR]]);
      expect(report.edited).toEqual([{ name: SECTOR, replaced: false }]);
      expect(report.sheets.find((s) => s.role === 'summary:sector')).toMatchObject({ name: `${SECTOR} (2)`, renamed: true, replaced: false });
      expect(fake.cell(SECTOR, 'B5').value).toBe(99);
      expect(fake.cell(`${SECTOR} (2)`, 'B5').formula).toBe("=COUNTIFS('Тізілім'!$G$5:$G$20,$A5)");
      expect(fake.readSheet('Шолу').charts[0].series[0].values).toBe(`'${SECTOR} (2)'!C5:C11`);
      expect(report.sheets.filter((s) => s.role !== 'summary:sector').every((s) => s.replaced && !s.renamed)).toBe(true);
    });

    test('no confirmReplaceEdited given: the answer is no', async () => {
      const { plans, fake } = await edited(changeValue);
      const report = await write(fake, plans, { sourceSheet: sample.sheet });
      expect(report.edited).toEqual([{ name: SECTOR, replaced: false }]);
      expect(fake.sheetNames()).toContain(`${SECTOR} (2)`);
      expect(fake.cell(SECTOR, 'B5').value).toBe(99);
    });

    test('the user says yes: replaced in place, the edit is gone', async () => {
      const { plans, fake } = await edited(changeValue);
      const before = fake.sheetNames();
      const report = await write(fake, plans, { sourceSheet: sample.sheet, confirmReplaceEdited: async () => true });
      expect(report.edited).toEqual([{ name: SECTOR, replaced: true }]);
      expect(fake.sheetNames()).toEqual(before);
      expect(fake.cell(SECTOR, 'B5').formula).toBe("=COUNTIFS('Тізілім'!$G$5:$G$20,$A5)");
      // and the next run has nothing to ask
      const again = await write(fake, plans, { sourceSheet: sample.sheet, confirmReplaceEdited: async () => { throw new Error('not asked'); } });
      expect(again.edited).toEqual([]);
    });

    test('a changed formula, a value added beyond the table, a cleared cell: each one is an edit', async () => {
      const edits: ((ctx: Excel.RequestContext) => void)[] = [
        (ctx) => (ctx.workbook.worksheets.getItem(SECTOR).getRange('C5').formulas = [['=57408200000']]),
        (ctx) => (ctx.workbook.worksheets.getItem(SECTOR).getRange('K40').values = [['ескерту']]),
        (ctx) => (ctx.workbook.worksheets.getItem(SECTOR).getRange('A6').values = [['']]),
      ];
      for (const e of edits) {
        const { plans, fake } = await edited(e);
        const report = await write(fake, plans, { sourceSheet: sample.sheet });
        expect(report.edited).toEqual([{ name: SECTOR, replaced: false }]);
      }
    });

    test('on hosts before ExcelApi 1.12 the fingerprint is a document property and works the same', async () => {
      const { plans, fake } = await edited(changeValue, '1.7');
      const keys = Object.keys(fake.documentCustomProperties());
      expect(keys.filter((k) => k.startsWith('tizilim.fp.'))).toHaveLength(plans.length);
      const asked: string[][] = [];
      const report = await write(fake, plans, { sourceSheet: sample.sheet, confirmReplaceEdited: async (n) => (asked.push(n), false) });
      expect(asked).toEqual([[SECTOR]]);
      expect(report.edited).toEqual([{ name: SECTOR, replaced: false }]);
      // marks of replaced sheets are renewed, none left behind: a role and a fingerprint per sheet we wrote, plus the kept one's
      const props = Object.keys(fake.documentCustomProperties());
      expect(props.filter((k) => k.startsWith('tizilim.role.'))).toHaveLength(plans.length + 1);
      expect(props.filter((k) => k.startsWith('tizilim.fp.'))).toHaveLength(plans.length + 1);
    });
  });

  test('sheet names Excel accepts: odd and long names, made safe, written by both renderers; suffixes stay within 31', async () => {
    const odd = safeSheetName("It's [2025/10]: жобалар *тізімі?* — облыс бойынша");
    const other = safeSheetName("'Бастапқы'");
    expect(odd).toBe("It's 2025 10 жобалар тізімі — о");
    expect(odd.length).toBe(31);
    const plans: SheetPlan[] = [
      { name: other, role: 'test:b', widths: [12], rows: [[{ v: 1 }], [{ v: 2 }]], merges: [] },
      { name: odd, role: 'test:a', widths: [12], rows: [[{ v: 3, f: `SUM(${sheetRef(other, 'A1:A2')})` }], [{ v: 'ok' }]], merges: [] },
    ];
    const fake = createFakeWorkbook({ [odd]: { values: [['the user\'s']] } });
    const report = await write(fake, plans);
    const ours = report.sheets.find((s) => s.role === 'test:a')!;
    expect(ours.name).toBe(suffixedName(odd, 2));
    expect(ours.name.length).toBeLessThanOrEqual(31);
    expect(fake.cell(ours.name, 'A1').formula).toBe("=SUM('Бастапқы'!A1:A2)");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await plansToWorkbook(plans).xlsx.writeBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([other, odd]);
    expect(wb.getWorksheet(odd)!.getCell('A1').formula).toBe("SUM('Бастапқы'!A1:A2)");
  });
});
