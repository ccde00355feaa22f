/**
 * The pack written into a workbook that calculates (test/support/fake-excel.ts backed by HyperFormula):
 * the summaries' COUNTIFS/SUMIFS/SUMPRODUCT, the overview's chart and the Checks sheet's links, after
 * a first write, a second write over every tool sheet, "Keep mine", a write after the user renamed or
 * moved the register, and a write beside a user's sheet that has the register's name. After each:
 * every formula the tool wrote calculates to the figure its plan cached (to the tiyn), no formula in
 * the workbook is an error, every formula names only sheets that exist, and so does the chart.
 */
import Big from 'big.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cellAddress } from '../../src/core/grid/a1';
import { runPipeline } from '../../src/core/report/pipeline';
import { FMT } from '../../src/core/report/summary';
import type { PlanCell, SheetPlan } from '../../src/core/report/plan';
import { parseNbkXml, RateTable } from '../../src/core/rates/rates';
import { cellToken, Fingerprint, parseLink, writePlans, type WriteOptions, type WriteReport } from '../../src/excel/write';
import { SAMPLE_RATES, sampleRegister } from '../support/browser-sample';
import { createFakeWorkbook, type FakeExcel, type SheetData } from '../support/fake-excel';

const ctxOf = (c: unknown) => c as Excel.RequestContext;

let SOURCE: { name: string; data: SheetData };
let PLANS: SheetPlan[];

beforeAll(async () => {
  const reg = await sampleRegister();
  SOURCE = { name: reg.name, data: reg.data };
  const rates = new RateTable(SAMPLE_RATES.flatMap((file) => {
    const parsed = parseNbkXml(fs.readFileSync(file, 'utf8'), path.basename(file));
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.rates;
  }));
  const res = runPipeline(reg.grid, { file: 'bko-register-2025-10.xlsx', lang: 'kk', rates, today: '2025-10-31' });
  if (!res.ok) throw new Error(res.problem);
  PLANS = res.plans;
});

const plan = (role: string) => PLANS.find((p) => p.role === role) as SheetPlan;

function workbook(extra: Record<string, SheetData> = {}): FakeExcel {
  return createFakeWorkbook({ [SOURCE.name]: SOURCE.data, ...extra });
}

function write(fake: FakeExcel, opts: WriteOptions = {}): Promise<WriteReport> {
  return fake.run((ctx) => writePlans(ctxOf(ctx), PLANS, { sourceSheet: SOURCE.name, supports: (v) => fake.isSetSupported('ExcelApi', v), ...opts }));
}

/** A user's edit on one of the tool's sheets (what "Keep mine" keeps). */
async function edit(fake: FakeExcel, sheet: string, a1: string, value: string): Promise<void> {
  await fake.run(async (c) => {
    ctxOf(c).workbook.worksheets.getItem(sheet).getRange(a1).values = [[value]];
    await ctxOf(c).sync();
  });
}

/** The sheets a formula (or a chart's series address) names: 'Name'! and Name! qualifiers, outside string literals. */
function namedSheets(text: string): string[] {
  const out: string[] = [];
  const bare = text.replace(/"(?:[^"]|"")*"/g, '""');
  for (const m of bare.matchAll(/'((?:[^']|'')+)'!|(?<![\p{L}\p{N}_.#])([\p{L}_][\p{L}\p{N}_.]*)!/gu)) out.push(m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]);
  return out;
}

const money = (x: number) => new Big(x).round(2).toFixed(2);

/**
 * Everything the tool wrote is alive and right: each formula of each plan, in the sheet the report
 * says it went to, calculates to the cached figure; the workbook's formulas (the user's kept sheets'
 * too) are free of errors and name only sheets that exist, as the engine bound them; the overview's
 * chart plots the sector sheet ours wrote; the Checks sheet is ours and its links point at sheets that exist.
 */
function expectLive(fake: FakeExcel, report: WriteReport): void {
  const names = new Set(fake.sheetNames().map((n) => n.toUpperCase()));
  const where = new Map(report.sheets.map((s) => [s.plan, s.name]));
  let formulas = 0;
  for (const p of PLANS) {
    const sheet = where.get(p.name) as string;
    const back = fake.readSheet(sheet);
    p.rows.forEach((row, r) => row.forEach((pc: PlanCell | null, c) => {
      if (!pc?.f) return;
      formulas++;
      const got = back.values[r][c];
      const at = `${sheet}!R${r + 1}C${c + 1} ${back.formulas[r][c]}`;
      expect([at, typeof got]).toEqual([at, 'number']);
      const want = pc.v as number;
      if (pc.fmt === FMT.share) expect([at, Math.abs((got as number) - want) < 1e-9]).toEqual([at, true]);
      else expect([at, money(got as number)]).toEqual([at, money(want)]);
    }));
  }
  expect(formulas).toBeGreaterThan(100);

  const ours = new Set(report.sheets.map((s) => s.name.toUpperCase()));
  const cells = fake.formulaCells();
  for (const f of cells) {
    const at = `${f.sheet}!${f.cell} ${f.formula}`;
    expect([at, f.isError, f.formula.includes('#REF!')]).toEqual([at, false, false]);
    const named = namedSheets(f.formula);
    for (const n of named) expect([at, n, names.has(n.toUpperCase())]).toEqual([at, n, true]);
    // the text's binding and the engine's are the same sheets (the engine also lists the formula's own sheet)
    const text = new Set(named.map((n) => n.toUpperCase()));
    const engine = new Set(f.engineSheets.map((n) => n.toUpperCase()).filter((n) => n !== f.sheet.toUpperCase() || text.has(n)));
    expect([at, [...engine].sort()]).toEqual([at, [...text].sort()]);
    // our formulas read our sheets, never a user's sheet of the same name or a renamed copy
    if (ours.has(f.sheet.toUpperCase())) for (const n of named) expect([at, n, ours.has(n.toUpperCase())]).toEqual([at, n, true]);
  }
  expect(fake.brokenReferences()).toEqual([]);

  // The chart on our overview plots our sector sheet's figures.
  const overview = where.get(plan('summary:overview').name) as string;
  const sector = plan('summary:sector');
  const chart = fake.readSheet(overview).charts;
  expect(chart).toHaveLength(1);
  const series = chart[0].series[0];
  for (const a of [series.values, series.xValues]) {
    expect(a).not.toContain('#REF!');
    expect(namedSheets(a as string)).toEqual([where.get(sector.name)]);
  }
  const span = /\$C\$(\d+):\$C\$(\d+)$/.exec(plan('summary:overview').chart?.values ?? '') as RegExpExecArray;
  const groupRows = sector.rows.slice(Number(span[1]) - 1, Number(span[2]));
  expect(groupRows.length).toBeGreaterThan(1);
  const points = fake.chartPoints(overview)[chart[0].name][0];
  expect(points.values?.map((v) => money(v as number))).toEqual(groupRows.map((row) => money(row[2]?.v as number)));
  expect(points.xValues).toEqual(groupRows.map((row) => row[0]?.v));

  // The Checks sheet: ours, as planned, its links into sheets that exist.
  const checksPlan = plan('checks');
  const checks = fake.readSheet(where.get(checksPlan.name) as string);
  expect(checks.customProperties['tizilim.role']).toBe('checks');
  expect(checks.values.length).toBe(checksPlan.rows.length);
  let links = 0;
  checksPlan.rows.forEach((row, r) => row.forEach((pc, c) => {
    if (!pc?.link) return;
    links++;
    const cell = fake.cell(checks.name, cellAddress(r + 1, c + 1));
    const target = parseLink(cell.hyperlink?.documentReference ?? '');
    expect(target && names.has(target.sheet.toUpperCase())).toBe(true);
  }));
  expect(links).toBeGreaterThan(0);
}

describe('the pack in a workbook that calculates', () => {
  test('a first write', async () => {
    const fake = workbook();
    const report = await write(fake);
    expect(report.sheets.every((s) => !s.replaced && !s.renamed)).toBe(true);
    expectLive(fake, report);
  });

  test('a second write over every tool sheet: the same sheets cleared and written again, every reference alive', async () => {
    const fake = workbook();
    const first = await write(fake);
    const ids = fake.sheetNames().map((n) => fake.readSheet(n).id);
    const report = await write(fake);
    expect(report.sheets.every((s) => s.replaced && !s.renamed)).toBe(true);
    expect(report.sheets.map((s) => s.name)).toEqual(first.sheets.map((s) => s.name));
    expectLive(fake, report);
    expect(fake.sheetNames().map((n) => fake.readSheet(n).id)).toEqual(ids);
  });

  test('"Keep mine" on the register: the user\'s edited sheet kept, ours under "(2)", the summaries read ours', async () => {
    const fake = workbook();
    await write(fake);
    const reg = plan('register').name;
    await edit(fake, reg, 'A2', 'менің түзетуім');
    const report = await write(fake, { confirmReplaceEdited: async () => false });
    expect(report.edited).toEqual([{ name: reg, replaced: false }]);
    expect(report.sheets.find((s) => s.role === 'register')).toMatchObject({ name: `${reg} (2)`, renamed: true });
    expect(fake.cell(reg, 'A2').value).toBe('менің түзетуім');
    expectLive(fake, report);
    // the summaries count our register, not the user's copy
    for (const f of fake.formulaCells().filter((x) => x.sheet !== reg && /COUNTIFS|SUMIFS/.test(x.formula))) expect(namedSheets(f.formula).every((n) => n === `${reg} (2)`)).toBe(true);
  });

  test('"Keep mine" on the summary by sector: the chart plots ours under "(2)"; the user\'s copy still calculates', async () => {
    const fake = workbook();
    await write(fake);
    const sector = plan('summary:sector').name;
    await edit(fake, sector, 'A2', 'менің тақырыбым');
    const report = await write(fake, { confirmReplaceEdited: async () => false });
    expect(report.sheets.find((s) => s.role === 'summary:sector')).toMatchObject({ name: `${sector} (2)` });
    expect(fake.readSheet(sector).values[1][0]).toBe('менің тақырыбым');
    expectLive(fake, report);
  });

  test('"Keep mine" answered yes: the edited sheet is written again in place', async () => {
    const fake = workbook();
    await write(fake);
    const overview = plan('summary:overview').name;
    await edit(fake, overview, 'A2', 'менікі');
    const report = await write(fake, { confirmReplaceEdited: async () => true });
    expect(report.edited).toEqual([{ name: overview, replaced: true }]);
    expect(fake.sheetNames().filter((n) => n.startsWith(overview))).toEqual([overview]);
    expectLive(fake, report);
  });

  test('a write after the user renamed the register: a new register under our name, the summaries read it, the renamed one is left alone', async () => {
    const fake = workbook();
    await write(fake);
    const reg = plan('register').name;
    await fake.run(async (c) => {
      ctxOf(c).workbook.worksheets.getItem(reg).name = 'Қыркүйек тізілімі';
      await ctxOf(c).sync();
    });
    // Excel rewrote our summaries' formulas to the new name: that is no edit of the user's.
    expect(fake.formulaCells().some((f) => f.formula.includes("'Қыркүйек тізілімі'!"))).toBe(true);
    const report = await write(fake);
    expect(report.edited).toEqual([]);
    expect(report.sheets.find((s) => s.role === 'register')).toMatchObject({ name: reg, replaced: false });
    expect(fake.sheetNames()).toContain('Қыркүйек тізілімі');
    expectLive(fake, report);
  });

  test('a write after the user moved the register: written in place, where the user put it', async () => {
    const fake = workbook();
    await write(fake);
    const reg = plan('register').name;
    await fake.run(async (c) => {
      ctxOf(c).workbook.worksheets.getItem(reg).position = 0;
      await ctxOf(c).sync();
    });
    const report = await write(fake);
    expect(fake.sheetNames()[0]).toBe(reg);
    expect(report.sheets.find((s) => s.role === 'register')).toMatchObject({ name: reg, replaced: true });
    expectLive(fake, report);
  });

  test('a user\'s sheet has the register\'s name: ours goes under "(2)" and every formula reads ours', async () => {
    const reg = plan('register').name;
    const fake = workbook({ [reg]: { values: [['Менің тізілімім'], [42]] } });
    const report = await write(fake);
    expect(report.sheets.find((s) => s.role === 'register')).toMatchObject({ name: `${reg} (2)`, renamed: true });
    expect(fake.readSheet(reg).values).toEqual([['Менің тізілімім'], [42]]);
    expectLive(fake, report);
    // and again: ours is replaced, theirs still untouched
    const again = await write(fake);
    expect(again.sheets.find((s) => s.role === 'register')).toMatchObject({ name: `${reg} (2)`, replaced: true });
    expect(fake.readSheet(reg).values).toEqual([['Менің тізілімім'], [42]]);
    expectLive(fake, again);
  });
});

describe('what the writer leaves as the user had it', () => {
  test('one of ours the user hid is written again and stays hidden; the first visible one is shown', async () => {
    const fake = workbook();
    await write(fake);
    const overview = plan('summary:overview').name;
    await fake.run(async (c) => {
      ctxOf(c).workbook.worksheets.getItem(overview).visibility = 'Hidden';
      await ctxOf(c).sync();
    });
    fake.activate(SOURCE.name);
    const report = await write(fake);
    expect(fake.readSheet(overview).visibility).toBe('Hidden');
    expect(fake.activeSheetName()).toBe(plan('summary:sector').name);
    expectLive(fake, report);
  });
});

describe('the fingerprint does not take Excel\'s own rewriting of a formula for an edit', () => {
  test('sheet qualifiers, renamed or #REF!, do not count; the rest of the formula and its strings do', () => {
    const t = (s: string) => cellToken(s);
    expect(t("=COUNTIFS('Тізілім'!$G$5:$G$20,$A5)")).toBe(t("=COUNTIFS('Қыркүйек (it''s)'!$G$5:$G$20,$A5)"));
    expect(t("=COUNTIFS('Тізілім'!$G$5:$G$20,$A5)")).toBe(t('=COUNTIFS(#REF!$G$5:$G$20,$A5)'));
    expect(t("=COUNTIFS('Тізілім'!$G$5:$G$20,$A5)")).toBe(t('=COUNTIFS(Sheet1!G5:G20,$A5)'));
    expect(t("=COUNTIFS('Тізілім'!$G$5:$G$20,$A5)")).not.toBe(t("=COUNTIFS('Тізілім'!$G$5:$G$21,$A5)"));
    expect(t('=COUNTIFS(A1:A9,"Жоба!")')).not.toBe(t('=COUNTIFS(A1:A9,"Басқа!")'));
    expect(t('=SUM(#REF!)')).not.toBe(t('=SUM(A1)'));
    // the marks of earlier versions are read their own way: sheet names count there
    expect(cellToken("=SUM('A'!B1)", 'v1')).not.toBe(cellToken("=SUM('B'!B1)", 'v1'));
  });

  test('sheets marked by an earlier version (v1) are checked the v1 way: the unchanged ones written again without a question, the edited one asked about', async () => {
    const fake = workbook();
    await write(fake);
    // mark every sheet of ours as an earlier version would have
    for (const p of PLANS) {
      const s = fake.readSheet(p.name);
      const fp = new Fingerprint('v1');
      s.formulas.forEach((row, r) => row.forEach((f, c) => fp.cell(r, c, f ?? s.values[r][c])));
      await fake.run(async (c) => {
        ctxOf(c).workbook.worksheets.getItem(p.name).customProperties.add('tizilim.fingerprint', fp.toString());
        await ctxOf(c).sync();
      });
    }
    expect(fake.readSheet(plan('register').name).customProperties['tizilim.fingerprint']).toMatch(/^v1:/);
    await edit(fake, plan('summary:status').name, 'A2', 'менікі');
    const asked: string[][] = [];
    const report = await write(fake, { confirmReplaceEdited: async (n) => (asked.push(n), true) });
    expect(asked).toEqual([[plan('summary:status').name]]);
    expect(fake.readSheet(plan('register').name).customProperties['tizilim.fingerprint']).toMatch(/^v2:/);
    expectLive(fake, report);
  });
});
