/**
 * The summary sheets as the core plans them: names in three languages, the official head (region,
 * period, unit line), every group sheet's figures equal to sums made here from the JSON rows, live
 * formulas of the right shape (SUMIFS, exact SUMPRODUCT for labels a criterion would misread, date
 * ranges by month), control lines, units of display through number formats only, bilingual headings,
 * the overview's headline and chart, widths, heights and print setup.
 */
import * as path from 'path';
import Big from 'big.js';
import { parseAddress } from '../../../src/core/grid/a1';
import { loadRates } from '../../../src/cli/main';
import { gridFromValues, type CellValue, type Grid } from '../../../src/core/grid/grid';
import { text, type Lang } from '../../../src/core/words';
import { runPipeline, type PipelineOptions, type ResultJson } from '../../../src/core/report/pipeline';
import { safeSheetName, type PlanCell, type SheetPlan } from '../../../src/core/report/plan';
import { makeRate, RateTable } from '../../../src/core/rates/rates';
import { formatUnits, linesIn, tiynBig, tiynNumber, TiynSum } from '../../../src/core/report/sheets/common';
import { columnMm, REGISTER_MIN_SCALE, registerPrint } from '../../../src/core/report/sheets/register';
import { FMT, safeCriterion, sheetNames, UNIT_FORMATS, type Units } from '../../../src/core/report/summary';
import { openSource } from '../../../src/xlsx/read';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATE_FILES = ['09', '10', '11'].map((d) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`));

let sampleGrid: Grid;
let sampleRates: RateTable;
beforeAll(async () => {
  const book = await openSource(SAMPLE);
  sampleGrid = book.grid(book.sheets[0]);
  sampleRates = await loadRates(RATE_FILES);
});

function pack(opts: Partial<PipelineOptions> = {}, grid: Grid = sampleGrid) {
  const res = runPipeline(grid, { file: 'bko-register-2025-10.xlsx', lang: 'kk', rates: sampleRates, today: '2025-10-31', ...opts });
  if (!res.ok) throw new Error(res.problem);
  return res;
}

const byRole = (plans: SheetPlan[], role: string) => {
  const p = plans.find((x) => x.role === role);
  if (!p) throw new Error(`no plan ${role}`);
  return p;
};
const at = (plan: SheetPlan, a1: string): PlanCell | null => {
  const { row, col } = parseAddress(a1)!;
  return plan.rows[row - 1]?.[col - 1] ?? null;
};

/** The table of a summary sheet: its group lines (label, count, KZT, CNY, share, jobs) between the header (row 4) and the total. */
function table(plan: SheetPlan, headerRow = 4) {
  const lines: { row: number; label: string; count: number; KZT: number; CNY: number; share: number; jobs: number; cells: PlanCell[] }[] = [];
  let r = headerRow;
  for (; ; r++) {
    const row = plan.rows[r];
    if (!row || !row[0] || row[0].s === 'total') break;
    const v = row.map((c) => c?.v);
    lines.push({ row: r + 1, label: String(v[0]), count: v[1] as number, KZT: v[2] as number, CNY: v[3] as number, share: v[4] as number, jobs: v[5] as number, cells: row as PlanCell[] });
  }
  const total = plan.rows[r] as PlanCell[];
  const control = plan.rows[r + 2] as (PlanCell | null)[];
  return { lines, total, totalRow: r + 1, control, controlRow: r + 3 };
}

/** Sums straight from the JSON rows, grouped as SUMIFS compares labels (case-insensitively). */
function fromJson(json: ResultJson, key: (r: ResultJson['rows'][number]) => string | null) {
  const m = new Map<string, { count: number; KZT: Big; CNY: Big; jobs: number }>();
  for (const r of json.rows) {
    if (r.kind !== 'project') continue;
    const k = (key(r) ?? '').trim().toLowerCase();
    const g = m.get(k) ?? { count: 0, KZT: new Big(0), CNY: new Big(0), jobs: 0 };
    g.count++;
    if (r.KZT !== null) g.KZT = g.KZT.plus(r.KZT);
    if (r.CNY !== null) g.CNY = g.CNY.plus(r.CNY);
    if (r.jobs !== null) g.jobs += r.jobs;
    m.set(k, g);
  }
  return m;
}

const statusWord = (lang: Lang) => (r: ResultJson['rows'][number]) => (r.status ? text(`status.${r.status}`, lang) : r.statusText);
const KEYS: Record<string, (lang: Lang) => (r: ResultJson['rows'][number]) => string | null> = {
  'summary:sector': () => (r) => r.sector,
  'summary:investor': () => (r) => r.investor,
  'summary:location': () => (r) => r.location,
  'summary:status': statusWord,
  'summary:month': () => (r) => (r.date ? r.date.slice(0, 7) : null),
};

describe('the pack', () => {
  test.each(['kk', 'ru', 'en'] as Lang[])('sheets in workbook order, named in %s, valid for Excel', (lang) => {
    const { plans } = pack({ lang });
    const names = sheetNames(lang);
    expect(plans.map((p) => p.name)).toEqual([names.overview, names.sector, names.investor, names.location, names.status, names.month, names.register, names.checks]);
    expect(plans.map((p) => p.role)).toEqual(['summary:overview', 'summary:sector', 'summary:investor', 'summary:location', 'summary:status', 'summary:month', 'register', 'checks']);
    for (const p of plans) {
      expect(p.name.length).toBeLessThanOrEqual(31);
      expect(p.name).not.toMatch(/[[\]:*?/\\]/);
      expect(safeSheetName(p.name)).toBe(p.name);
    }
    expect(new Set(plans.map((p) => p.name.toLowerCase())).size).toBe(plans.length);
  });

  test('the English names', () => {
    expect(Object.values(sheetNames('en'))).toEqual(['Overview', 'By sector', 'By investor', 'By location', 'By status', 'By month of agreement', 'Register', 'Checks']);
    expect(Object.values(sheetNames('ru'))).toEqual(['Обзор', 'По отраслям', 'По инвесторам', 'По месту реализации', 'По статусам', 'По месяцам соглашений', 'Реестр', 'Проверки']);
  });

  test('safeSheetName: Excel\'s 31 characters, none of []:*?/\\, no apostrophe at either end', () => {
    expect(safeSheetName('Жобалар [қазан/2025]: *барлығы?* — облыс бойынша жиынтық')).toBe('Жобалар қазан 2025 барлығы — об');
    expect(safeSheetName("'Тізілім'")).toBe('Тізілім');
    expect(safeSheetName('a\\b:c')).toBe('a b c');
    expect(safeSheetName('[]:*?/\\')).toBe('Sheet');
    expect(safeSheetName('x'.repeat(40))).toHaveLength(31);
    expect(safeSheetName('Ескі  жобалар    тізімі ')).toBe('Ескі жобалар тізімі');
  });
});

describe('every summary sheet: figures from the JSON rows, formulas, control line', () => {
  test.each(['kk', 'ru', 'en'] as Lang[])('%s: each group and the total equal the JSON rows, shares add to 100 %%', (lang) => {
    const { plans, json } = pack({ lang });
    for (const role of Object.keys(KEYS)) {
      const plan = byRole(plans, role);
      const t = table(plan);
      const expected = fromJson(json, KEYS[role](lang));
      expect([role, t.lines.length]).toEqual([role, expected.size]);
      for (const line of t.lines) {
        const notStated = line.cells[0].v === text(role === 'summary:month' ? 'row.noDate' : 'row.notStated', lang);
        const e = expected.get(notStated ? '' : line.label.toLowerCase());
        expect([role, line.label, e !== undefined]).toEqual([role, line.label, true]);
        expect([role, line.label, line.count, line.KZT, line.CNY, line.jobs]).toEqual([role, line.label, e!.count, Number(e!.KZT.toFixed(2)), Number(e!.CNY.toFixed(2)), e!.jobs]);
        expect(line.share).toBeCloseTo(e!.KZT.div(json.totals.KZT).toNumber(), 12);
      }
      const total = t.total.map((c) => c?.v);
      expect(total.slice(1)).toEqual([json.totals.projects, Number(json.totals.KZT), Number(json.totals.CNY), 1, json.rows.reduce((a, r) => a + (r.kind === 'project' ? r.jobs ?? 0 : 0), 0)]);
      expect(t.lines.reduce((a, l) => a + l.share, 0)).toBeCloseTo(1, 10);
      // the control line: 0 everywhere, formulas against the register's own sums
      expect(t.control.map((c) => c?.v ?? null)).toEqual([text('row.control', lang), 0, 0, 0, null, 0]);
      expect(t.control[1]?.f).toBe(`B${t.totalRow}-COUNT('${sheetNames(lang).register}'!$A$5:$A$20)`);
      expect(t.control[2]?.f).toBe(`ROUND(C${t.totalRow}-SUM('${sheetNames(lang).register}'!$L$5:$L$20),2)`);
      expect(t.control[3]?.f).toMatch(/^ROUND\(D\d+-SUM\('.+'!\$M\$5:\$M\$20\),2\)$/);
      expect(t.control[5]?.f).toMatch(/^F\d+-SUM\('.+'!\$S\$5:\$S\$20\)$/);
    }
  });

  test('the sample by status: 14 memoranda = 134 bn, 1 proposal 17 bn, 1 under study with no value', () => {
    const { plans } = pack({ lang: 'en' });
    const t = table(byRole(plans, 'summary:status'));
    expect(t.lines.map((l) => [l.label, l.count, l.KZT])).toEqual([['memorandum', 14, 134e9], ['proposal', 1, 17e9], ['under study', 1, 0]]);
  });

  test('formulas: SUMIFS over the register by the label in column A; the share of the total; sums in the total line', () => {
    const { plans } = pack();
    const sector = byRole(plans, 'summary:sector');
    expect(at(sector, 'B5')?.f).toBe("COUNTIFS('Тізілім'!$G$5:$G$20,$A5)");
    expect(at(sector, 'C5')?.f).toBe("SUMIFS('Тізілім'!$L$5:$L$20,'Тізілім'!$G$5:$G$20,$A5)");
    expect(at(sector, 'D5')?.f).toBe("SUMIFS('Тізілім'!$M$5:$M$20,'Тізілім'!$G$5:$G$20,$A5)");
    expect(at(sector, 'F5')?.f).toBe("SUMIFS('Тізілім'!$S$5:$S$20,'Тізілім'!$G$5:$G$20,$A5)");
    const t = table(sector);
    expect(at(sector, 'E5')?.f).toBe(`IF($C$${t.totalRow}=0,0,C5/$C$${t.totalRow})`);
    expect(t.total[2]?.f).toBe(`SUM(C5:C${t.totalRow - 1})`);
    expect(byRole(plans, 'summary:investor').rows[4][1]?.f).toMatch(/^COUNTIFS\('Тізілім'!\$E\$5:\$E\$20,\$A5\)$/);
    expect(byRole(plans, 'summary:location').rows[4][1]?.f).toMatch(/^COUNTIFS\('Тізілім'!\$H\$5:\$H\$20,\$A5\)$/);
    expect(byRole(plans, 'summary:status').rows[4][1]?.f).toMatch(/^COUNTIFS\('Тізілім'!\$I\$5:\$I\$20,\$A5\)$/);
  });

  test('by month: a date range over the agreement dates (DATE criteria), the month as text "2025-10", no date last', () => {
    const grid = gridFromValues('Жобалар', [
      ['Жобаның атауы', 'Құны, млн теңге', 'Келісім күні', 'Мәртебесі'],
      ['A', 10, new Date(Date.UTC(2025, 11, 5)), 'меморандум'],
      ['B', 20, new Date(Date.UTC(2025, 10, 30)), 'меморандум'],
      ['C', 5, new Date(Date.UTC(2026, 0, 1)), 'ұсыныс'],
      ['D', 7, null, 'ұсыныс'],
      ['E', 1, new Date(Date.UTC(2025, 11, 31)), 'ұсыныс'],
    ]);
    const { plans } = pack({ today: '2026-01-31' }, grid);
    const month = byRole(plans, 'summary:month');
    const t = table(month);
    expect(t.lines.map((l) => [l.label, l.count, l.KZT])).toEqual([['2025-11', 1, 20e6], ['2025-12', 2, 11e6], ['2026-01', 1, 5e6], ['(күні көрсетілмеген)', 1, 7e6]]);
    const d = "'Тізілім'!$K$5:$K$9";
    expect(t.lines[1].cells[1].f).toBe(`COUNTIFS(${d},">="&DATE(2025,12,1),${d},"<"&DATE(2026,1,1))`);
    expect(t.lines[1].cells[2].f).toBe(`SUMIFS('Тізілім'!$L$5:$L$9,${d},">="&DATE(2025,12,1),${d},"<"&DATE(2026,1,1))`);
    expect(t.lines[3].cells[1].f).toBe(`COUNTIFS(${d},"=")`);
    expect(typeof t.lines[0].cells[0].v).toBe('string');
  });

  test('labels a criterion would misread get an exact SUMPRODUCT; the unnamed group counts blanks', () => {
    const names = ['Агро*Холдинг', '1-Құрылыс', '<Жоқ>', 'TRUE', 'Oct 2025', 'Энергетика', 'энергетика'];
    const rows: CellValue[][] = [['Жобаның атауы', 'Саласы', 'Құны, млн теңге', 'Мәртебесі']];
    names.forEach((s, i) => rows.push([`Жоба ${String.fromCharCode(1040 + i)}`, s, 10 + i, 'меморандум']));
    rows.push(['Жоба Ю', null, 3, 'меморандум']);
    const { plans } = pack({}, gridFromValues('Жобалар', rows));
    const t = table(byRole(plans, 'summary:sector'));
    const f = (l: string) => t.lines.find((x) => x.label === l)!.cells[1].f;
    for (const l of ['Агро*Холдинг', '1-Құрылыс', '<Жоқ>', 'TRUE', 'Oct 2025']) expect(f(l)).toMatch(/^SUMPRODUCT\(--\('Тізілім'!\$G\$5:\$G\$12=\$A\d+\)\)$/);
    // one group for both spellings (SUMIFS compares text without case), under the first spelling met
    expect(t.lines.find((x) => x.label === 'Энергетика')).toMatchObject({ count: 2, KZT: 31e6 });
    expect(f('Энергетика')).toMatch(/^COUNTIFS\(/);
    expect(t.lines[t.lines.length - 1]).toMatchObject({ label: '(көрсетілмеген)', count: 1, KZT: 3e6 });
    expect(t.lines[t.lines.length - 1].cells[1].f).toBe("COUNTIFS('Тізілім'!$G$5:$G$12,\"=\")");
    expect(safeCriterion('Өндіріс')).toBe(true);
    expect(['2025', 'a?b', '=x', '>5', 'x'.repeat(256), 'ложь'].map(safeCriterion)).toEqual([false, false, false, false, false, false]);
  });
});

describe('units of display', () => {
  test.each(['tenge', 'thousand', 'million', 'billion'] as Units[])('%s: only the number format changes; the cells keep whole tenge', (units) => {
    const { plans } = pack({ units, lang: 'ru' });
    const sector = byRole(plans, 'summary:sector');
    const t = table(sector);
    expect(t.lines[0].cells[2]).toMatchObject({ v: 57408200000, fmt: UNIT_FORMATS[units] });
    expect(t.lines[0].cells[3].fmt).toBe(UNIT_FORMATS[units]);
    expect(t.total[2]).toMatchObject({ v: 151e9, fmt: UNIT_FORMATS[units] });
    const word = text(`unit.KZT.${units}`, 'ru');
    expect(sector.rows[3][2]?.v).toBe(`Стоимость, ${word}`);
    expect(sector.rows[2][0]?.v).toContain(word);
    expect(at(byRole(plans, 'summary:overview'), 'B5')).toMatchObject({ v: 151e9, fmt: UNIT_FORMATS[units] });
  });

  test('formats: each trailing comma divides by a thousand; the control line stays exact to the tiyn', () => {
    expect(UNIT_FORMATS).toEqual({ tenge: '#,##0', thousand: '#,##0.0,', million: FMT.millions, billion: '#,##0.0,,,' });
    const { plans } = pack();
    expect(table(byRole(plans, 'summary:sector')).control[2]?.fmt).toBe(FMT.money);
  });

  test('the unit line says "млн теңге" / "млн тенге"', () => {
    expect(byRole(pack({ lang: 'kk' }).plans, 'summary:sector').rows[2][0]?.v).toBe('(млн теңге; юань бағанында — млн юань)');
    expect(byRole(pack({ lang: 'ru' }).plans, 'summary:sector').rows[2][0]?.v).toBe('(млн тенге; в графе юаней — млн юаней)');
  });

  test('figures in words: grouped as the language writes them, rounded half away from zero', () => {
    expect(formatUnits(13400000000000n, 'million', 'kk')).toBe('134\u00a0000,0');
    expect(formatUnits(13400000000000n, 'billion', 'en')).toBe('134.0');
    expect(formatUnits(5n, 'tenge', 'en')).toBe('0');
    expect(formatUnits(50n, 'tenge', 'en')).toBe('1');
    expect(formatUnits(-123456789n, 'thousand', 'ru')).toBe('-1\u00a0234,6');
    expect(formatUnits(4999n, 'thousand', 'en')).toBe('0.0');
  });

  test('tiyn exactly: the Big\'s digits, a bigint when over 15 digits, sums that spill into bigint', () => {
    for (const s of ['0', '0.01', '-5.5', '18955000000', '9136800000.00', '123456789012.34', '9999999999999.99']) {
      expect(tiynNumber(new Big(s))).toBe(Number(tiynBig(new Big(s))));
    }
    expect(tiynNumber(new Big('99999999999999.99'))).toBeNull(); // 16 digits: the bigint way
    expect(tiynBig(new Big('99999999999999.99'))).toBe(9999999999999999n);
    expect(tiynNumber(new Big('1e20'))).toBeNull();
    expect(tiynBig(new Big('1e20'))).toBe(10n ** 22n);
    const sum = new TiynSum();
    const big = 2 ** 49; // just under the safe addend
    for (let i = 0; i < 100; i++) sum.add(big, null);
    sum.add(null, 10n ** 22n);
    expect(sum.value).toBe(100n * BigInt(big) + 10n ** 22n);
  });
});

describe('the official look', () => {
  test('title: the region over the title, each on its own row centred across the table; the period from the report date; then the unit line and the header', () => {
    const { plans } = pack({ region: 'Батыс Қазақстан облысы' });
    const sector = byRole(plans, 'summary:sector');
    // The region and the title are two rows: shown or printed without wrapping, they never run together.
    expect(sector.rows[0][0]).toEqual({ v: 'Батыс Қазақстан облысы', s: 'caption' });
    expect(sector.rows[1][0]).toEqual({ v: 'Инвестициялық жобалар салалар бойынша', s: 'caption' });
    expect(sector.rows.slice(0, 4).every((r) => !String(r[0]?.v).includes('\n'))).toBe(true);
    expect(sector.rows[2][0]).toMatchObject({ v: '2025 жылғы 31 қазандағы жағдай бойынша', s: 'period' });
    expect(sector.rows[3][0]?.s).toBe('unitRight');
    expect(sector.rows[4].every((c) => c?.s === 'header')).toBe(true);
    expect(sector.merges).toEqual([1, 2, 3, 4].map((r) => ({ top: r, left: 1, bottom: r, right: 6 })));
    // Each caption row one line tall (both fit across the table), none left to Excel's guess.
    expect([sector.heights?.[1], sector.heights?.[2]]).toEqual([18 + 4, 18 + 4]);
    expect(sector.freeze).toEqual({ rows: 5, cols: 1 });
    expect(sector.gridlines).toBe(false);
    expect(sector.print).toEqual({ landscape: true, fitToWidth: true, repeatRows: { from: 5, to: 5 }, center: true });
    // The formulas follow the table down a row: the first group's line is row 6.
    expect(sector.rows[5][1]?.f).toMatch(/,\$A6\)$/);
    expect(byRole(pack({ lang: 'ru' }).plans, 'summary:sector').rows[1][0]?.v).toBe('по состоянию на 31 октября 2025 г.');
    expect(byRole(pack({ lang: 'en' }).plans, 'summary:sector').rows[1][0]?.v).toBe('as of 31 October 2025');
    expect(byRole(pack({ period: 'қаңтар–қазан 2025 ж.' }).plans, 'summary:sector').rows[1][0]?.v).toBe('қаңтар–қазан 2025 ж.');
    // With no region the head is three rows and the header row 4, as before.
    const plain = byRole(pack().plans, 'summary:sector');
    expect(plain.rows[0][0]?.v).toBe('Инвестициялық жобалар салалар бойынша');
    expect(plain.freeze).toEqual({ rows: 4, cols: 1 });
    // A long region wraps within its own row, which is made tall enough for it.
    const long = byRole(pack({ region: 'Батыс Қазақстан облысы әкімдігінің кәсіпкерлік және индустриялық-инновациялық даму басқармасы, инвестициялар бөлімі' }).plans, 'summary:sector');
    expect(long.heights?.[1]).toBeGreaterThanOrEqual(2 * 18 + 4);
    expect(long.heights?.[2]).toBe(18 + 4);
  });

  test('every summary sheet, the overview too, keeps the region and each title line on rows of their own', () => {
    const { plans } = pack({ region: 'Батыс Қазақстан облысы', bilingual: true });
    const summaries = plans.filter((p) => p.role.startsWith('summary:'));
    expect(summaries.length).toBeGreaterThanOrEqual(6);
    for (const p of summaries) {
      const captions = p.rows.filter((r) => r[0]?.s === 'caption').map((r) => r[0]?.v);
      expect([p.role, captions[0]]).toEqual([p.role, 'Батыс Қазақстан облысы']);
      expect([p.role, captions.length, captions.some((c) => String(c).includes('\n'))]).toEqual([p.role, 3, false]);
      for (let r = 1; r <= 3; r++) expect([p.role, r, p.heights?.[r]]).toEqual([p.role, r, expect.any(Number)]);
    }
    const o = byRole(plans, 'summary:overview');
    expect(o.rows.slice(0, 3).map((r) => r[0]?.v)).toEqual(['Батыс Қазақстан облысы', 'Инвестициялық жобалар: жалпы көрініс', 'Инвестиционные проекты: обзор']);
    // The headline figures start right under the head (row 6), and the overview's formulas still read the register.
    expect(o.rows[5][1]?.f).toBe(`COUNT('${byRole(plans, 'register').name}'!$A$5:$A$20)`);
  });

  test('the register prints on A3 landscape, as many pages wide as keep its type readable, the № and name columns on every page', () => {
    const { plans } = pack();
    const reg = byRole(plans, 'register');
    const nameCol = reg.rows[3].findIndex((c) => c?.v === 'Жобаның атауы') + 1;
    expect(nameCol).toBe(4);
    expect(reg.print).toEqual({
      landscape: true, fitToWidth: true, paper: 'A3', pagesWide: 2,
      repeatRows: { from: 4, to: 4 }, repeatCols: { from: 1, to: 4 },
    });
    // At two pages wide each page holds the repeated columns and part of the rest.
    const mm = reg.widths.map(columnMm);
    const titles = mm.slice(0, nameCol).reduce((a, b) => a + b, 0);
    const rest = mm.slice(nameCol).reduce((a, b) => a + b, 0);
    const A3 = 420 - 25.4;
    expect(A3 / (titles + rest)).toBeLessThan(0.6); // one page wide: under 60 %, the unreadable type of before
    // Some split of the other columns into two pages fits each page, with the repeated columns, at 85 % or more.
    const others = mm.slice(nameCol);
    const fits = others.some((_, k) => [others.slice(0, k), others.slice(k)].every((page) => A3 / (titles + page.reduce((a, b) => a + b, 0)) >= REGISTER_MIN_SCALE));
    expect(fits).toBe(true);
    // Wider columns take more pages; a narrow table one.
    expect(registerPrint(reg.widths.map((w) => w * 2), nameCol).pagesWide).toBeGreaterThan(2);
    expect(registerPrint([5, 8, 8, 44, 20, 20], 4).pagesWide).toBe(1);
    // The other sheets stay A4, one page wide.
    for (const p of plans.filter((x) => x.role !== 'register')) expect([p.role, p.print?.paper, p.print?.pagesWide]).toEqual([p.role, undefined, undefined]);
  });

  test('bilingual: Kazakh over Russian in headings (one line where both are the same), a taller header row', () => {
    const { plans } = pack({ bilingual: true, lang: 'en' });
    const sector = byRole(plans, 'summary:sector');
    expect(sector.rows[4].map((c) => c?.v)).toEqual([
      'Сала\nОтрасль', 'Жобалар саны\nКоличество проектов', 'Құны, млн теңге\nСтоимость, млн тенге', 'Құны, млн юань\nСтоимость, млн юаней', 'Теңгедегі үлесі\nДоля в тенге', 'Жұмыс орындары\nРабочие места',
    ]);
    expect(byRole(plans, 'summary:investor').rows[4][0]?.v).toBe('Инвестор');
    // The title in Kazakh and in Russian, a row each.
    expect(sector.rows.slice(0, 2).map((r) => r[0]?.v)).toEqual(['Инвестициялық жобалар салалар бойынша', 'Инвестиционные проекты по отраслям']);
    expect(sector.rows[2][0]?.v).toBe('2025 жылғы 31 қазандағы жағдай бойынша / по состоянию на 31 октября 2025 г.');
    expect(sector.heights?.[5]).toBeGreaterThanOrEqual(2 * 15);
    expect(sector.freeze).toEqual({ rows: 5, cols: 1 });
    const reg = byRole(plans, 'register');
    expect(reg.rows[3][3]?.v).toBe('Жобаның атауы\nНаименование проекта');
    expect(reg.heights?.[4]).toBeGreaterThanOrEqual(2 * 15);
    // the sheets keep the chosen language's names and table words
    expect(sector.name).toBe('By sector');
    expect(table(sector).total[0]?.v).toBe('Total');
  });

  test('column widths fit: the longest label and figure, headings wrapped within bounds', () => {
    const { plans } = pack({ units: 'tenge' });
    const investor = byRole(plans, 'summary:investor');
    const longest = Math.max(...table(investor).lines.map((l) => l.label.length));
    expect(investor.widths[0]).toBeGreaterThanOrEqual(longest);
    expect(investor.widths[0]).toBeLessThanOrEqual(60);
    // "151,000,000,000" in whole tenge: 15 characters
    expect(investor.widths[2]).toBeGreaterThanOrEqual(15);
    for (const w of investor.widths.slice(1)) expect(w).toBeLessThanOrEqual(22);
    expect(linesIn('Жобалар саны', 8)).toBe(2);
    expect(linesIn('а\nб', 10)).toBe(2);
  });
});

describe('the overview', () => {
  test('headline figures as live formulas, the reporting date, the headline in words', () => {
    const { plans } = pack({ units: 'billion', lang: 'en' });
    const o = byRole(plans, 'summary:overview');
    expect(o.rows.slice(3, 8).map((r) => [r[0]?.v, r[1]?.v, r[1]?.f ?? null])).toEqual([
      ['Number of projects', 16, "COUNT('Register'!$A$5:$A$20)"],
      ['Total value, billion tenge', 151e9, "SUM('Register'!$L$5:$L$20)"],
      ['Total value, billion yuan', 1987637483.78, "SUM('Register'!$M$5:$M$20)"],
      ['Jobs', 2740, "SUM('Register'!$S$5:$S$20)"],
      ['Reporting date', '31.10.2025', null],
    ]);
    const headline = o.rows.find((r) => r[0]?.s === 'headline')![0]!.v;
    expect(headline).toBe('In brief: memorandum: 14 — 134.0 billion tenge; proposal: 1 — 17.0 billion tenge; under study: 1 — no value yet.');
    expect(byRole(pack().plans, 'summary:overview').rows.find((r) => r[0]?.s === 'headline')![0]!.v)
      .toBe('Қысқаша: меморандум: 14 — 134\u00a0000,0 млн теңге; ұсыныс: 1 — 17\u00a0000,0 млн теңге; зерделеу: 1 — құны әлі жоқ.');
  });

  test('the table by status with its control line, the rates used, the findings', () => {
    const { plans } = pack({ lang: 'en' });
    const o = byRole(plans, 'summary:overview');
    const headerRow = o.rows.findIndex((r) => r[0]?.v === 'Status') + 1;
    const t = table(o, headerRow);
    expect(t.lines.map((l) => [l.label, l.count])).toEqual([['memorandum', 14], ['proposal', 1], ['under study', 1]]);
    expect(t.control.map((c) => c?.v ?? null)).toEqual([text('row.control', 'en'), 0, 0, 0, null, 0]);
    const rates = o.rows.filter((r) => r[0]?.v === 'CNY').map((r) => [(r[1]?.v as Date).toISOString().slice(0, 10), r[2]?.v, r[3]?.v]);
    expect(rates).toEqual([['2025-10-09', 75.82, 'nbk-2025-10-09.xml'], ['2025-10-10', 76.14, 'nbk-2025-10-10.xml']]);
    expect(o.rows.some((r) => r[0]?.v === 'Checks: 0 errors, 1 warning, 1 info')).toBe(true);
  });

  test('many rates: one line per currency instead of hundreds', () => {
    const rates = new RateTable(Array.from({ length: 30 }, (_, i) => makeRate('CNY', `2025-09-${String(i + 1).padStart(2, '0')}`, new Big(75 + i / 10), 1, 'nbk.csv')));
    const rows: CellValue[][] = [['Жобаның атауы', 'Құны, млн юань', 'Келісім күні']];
    for (let i = 0; i < 30; i++) rows.push([`Жоба ${i}`, 1 + i, new Date(Date.UTC(2025, 8, i + 1))]);
    const res = runPipeline(gridFromValues('Ж', rows), { file: 'x.xlsx', lang: 'en', rates, today: '2025-10-31' });
    if (!res.ok) throw new Error(res.problem);
    const o = byRole(res.plans, 'summary:overview');
    const lines = o.rows.filter((r) => r[0]?.v === 'CNY');
    expect(lines).toHaveLength(1);
    expect(lines[0].map((c) => c?.v)).toEqual(['CNY', '01.09.2025 to 30.09.2025', '75 to 77.9', '30 rates, 01.09.2025 to 30.09.2025; each project\'s rate is on the "Register" sheet']);
  });

  test('a chart of tenge by sector, reading the sector sheet\'s labels and tenge column, below the tables', () => {
    const { plans } = pack({ lang: 'en' });
    const o = byRole(plans, 'summary:overview');
    const sector = byRole(plans, 'summary:sector');
    const n = table(sector).lines.length;
    expect(o.chart).toEqual({
      type: 'bar',
      title: 'Value by sector, million tenge',
      series: 'Value, million tenge',
      categories: `'By sector'!$A$5:$A$${4 + n}`,
      values: `'By sector'!$C$5:$C$${4 + n}`,
      anchor: { from: `A${o.rows.length + 2}`, to: expect.stringMatching(/^F\d+$/) },
    });
    // no projects, no chart
    const empty = runPipeline(gridFromValues('Ж', [['Жобаның атауы', 'Құны, млн теңге']]), { file: 'x', lang: 'en', rates: new RateTable(), today: '2025-10-31' });
    if (!empty.ok) throw new Error(empty.problem);
    expect(byRole(empty.plans, 'summary:overview').chart).toBeUndefined();
    expect(table(byRole(empty.plans, 'summary:sector')).total[1]?.f).toBe('0');
  });
});
