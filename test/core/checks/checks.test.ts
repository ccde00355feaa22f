/** One test per finding code, each on a register built here: the code, the cell and the severity. */
import Big from 'big.js';
import { FINDING_CODES, findingMessage, type Finding } from '../../../src/core/checks/findings';
import { gridFromValues, type CellValue } from '../../../src/core/grid/grid';
import { CATALOGUES, LANGS } from '../../../src/core/words';
import { runPipeline, type PipelineOptions } from '../../../src/core/report/pipeline';
import { d, testRates } from '../../support/registers';

const HEAD = ['№', 'Наименование проекта', 'Инвестор', 'Стоимость, млн тенге', 'Стоимость, млн юаней', 'Дата соглашения', 'Статус'];

function check(rows: CellValue[][], opts: Partial<PipelineOptions> = {}, head: CellValue[] = HEAD): Finding[] {
  const res = runPipeline(gridFromValues('Реестр', [head, ...rows]), { file: 'r.xlsx', lang: 'ru', rates: testRates(), today: '2025-11-01', ...opts });
  if (!res.ok) throw new Error(res.problem);
  return res.findings;
}

const ok = (n: number, name = `Проект ${n}`): CellValue[] => [n, name, `Инвестор ${n}`, 100 + n, null, d(2025, 10, 10), 'меморандум'];
const brief = (fs: Finding[]) => fs.map((f) => [f.code, f.cell, f.severity]);

test('a clean register gives no findings above info', () => {
  const fs = check([ok(1), ok(2), ok(3), [null, 'Итого', null, 306, null, null, null]]);
  expect(fs.filter((f) => f.severity !== 'info')).toEqual([]);
});

test('HEADER_MISSING: a register without any value column', () => {
  expect(brief(check([['Завод', 'Jiangsu', 'меморандум']], {}, ['Наименование проекта', 'Инвестор', 'Статус']))).toEqual([['HEADER_MISSING', null, 'error']]);
});

test('HEADER_DUPLICATE: two tenge columns, the first is used and the other named', () => {
  const fs = check([['Завод', 10, 20]], {}, ['Наименование проекта', 'Стоимость, млн тенге', 'Сумма, млн тенге']);
  expect(brief(fs)).toEqual([['HEADER_DUPLICATE', null, 'warning']]);
  expect(findingMessage(fs[0], 'en')).toBe('Two columns map to "Value, tenge": B is used, C is ignored.');
});

test('MISSING_VALUE: an error for the name, warnings for the value, the date and the status', () => {
  const fs = check([ok(1), [2, null, 'X', 10, null, d(2025, 10, 10), 'меморандум'], [3, 'Проект 3', 'Y', null, null, null, null]]);
  expect(brief(fs)).toEqual([['MISSING_VALUE', 'B3', 'error'], ['MISSING_VALUE', 'D4', 'warning'], ['MISSING_VALUE', 'F4', 'warning'], ['MISSING_VALUE', 'G4', 'warning']]);
});

test('AMOUNT_UNREADABLE, and not also MISSING_VALUE', () => {
  expect(brief(check([ok(1), [2, 'Проект 2', 'X', 'много денег', null, d(2025, 10, 10), 'меморандум']]))).toEqual([['AMOUNT_UNREADABLE', 'D3', 'error']]);
});

test('CELL_ERROR: an Excel error in a figure and in a date', () => {
  expect(brief(check([[1, 'Проект', 'X', { error: '#REF!' }, null, { error: '#N/A' }, 'меморандум']]))).toEqual([['CELL_ERROR', 'D2', 'error'], ['CELL_ERROR', 'F2', 'error']]);
});

test('NUMBER_AS_TEXT: a figure stored as text is read and reported as info', () => {
  const fs = check([[1, 'Проект', 'X', '1 500,5', null, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs)).toEqual([['NUMBER_AS_TEXT', 'D2', 'info']]);
});

test('CURRENCY_UNKNOWN: a value column and a cell that name no currency', () => {
  const fs = check([['Завод', 1500]], {}, ['Наименование проекта', 'Стоимость проекта']);
  expect(brief(fs)).toEqual([['CURRENCY_UNKNOWN', 'B2', 'error']]);
});

test('CURRENCY_AMBIGUOUS: "¥" where nothing says yuan', () => {
  const fs = check([['Завод', '¥ 120 000']], {}, ['Наименование проекта', 'Стоимость проекта']);
  expect(brief(fs)).toEqual([['CURRENCY_AMBIGUOUS', 'B2', 'warning']]);
});

test('CURRENCY_AMBIGUOUS: "¥" in a tenge column is not read as tenge', () => {
  const fs = check([['Завод', '¥ 5 млн']], {}, ['Наименование проекта', 'Стоимость проекта, тенге']);
  expect(brief(fs).filter((f) => f[0] !== 'NUMBER_AS_TEXT')).toEqual([['CURRENCY_AMBIGUOUS', 'B2', 'warning']]);
});

test('CURRENCY_CONFLICT: yuan written in a tenge column', () => {
  const fs = check([[1, 'Проект', 'X', '120 млн юаней', null, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs).filter((f) => f[0] !== 'NUMBER_AS_TEXT')).toEqual([['CURRENCY_CONFLICT', 'D2', 'error']]);
});

test('NEGATIVE_AMOUNT', () => {
  expect(brief(check([ok(1), [2, 'Проект 2', 'X', -5, null, d(2025, 10, 10), 'меморандум']]))).toEqual([['NEGATIVE_AMOUNT', 'D3', 'error']]);
});

test('UNIT_SUSPECT: tenge keyed into a "млн тенге" column stands a thousand times above the median', () => {
  const fs = check([ok(1), ok(2), ok(3), [4, 'Проект 4', 'X', 250000000, null, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs)).toEqual([['UNIT_SUSPECT', 'D5', 'warning']]);
  expect(findingMessage(fs[0], 'ru')).toContain('102\u00a0500\u00a0000,00');
});

test('PRECISION: more than 2 decimals of tenge after scaling', () => {
  const fs = check([['Завод', 100.555]], {}, ['Наименование проекта', 'Стоимость, тенге']);
  expect(brief(fs)).toEqual([['PRECISION', 'B2', 'warning']]);
});

test('APPROXIMATE: "около" and "астам" travel with the figure as info', () => {
  const fs = check([[1, 'Проект', 'X', 'около 300 млн тенге', null, d(2025, 10, 10), 'меморандум'], [2, 'Жоба', 'Y', '5 млрд теңгеден астам', null, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs).filter((f) => f[0] === 'APPROXIMATE')).toEqual([['APPROXIMATE', 'D2', 'info'], ['APPROXIMATE', 'D3', 'info']]);
});

test('CROSS_RATE: tenge and yuan given in a row whose ratio is far from the NBK rate of its date', () => {
  const fs = check([[1, 'Проект', 'X', 1000, 10, d(2025, 10, 10), 'меморандум'], [2, 'Жоба', 'Y', 761.4, 10, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs)).toEqual([['CROSS_RATE', 'E2', 'error']]);
  expect(findingMessage(fs[0], 'en')).toBe('The tenge/yuan ratio is 100.0000, the NBK rate is 76.1400 (2025-10-10): 31.3% apart.');
});

test('CROSS_RATE honours a wider tolerance', () => {
  expect(check([[1, 'Проект', 'X', 780, 10, d(2025, 10, 10), 'меморандум']], { crossRateTolerance: 0.05 })).toEqual([]);
  expect(brief(check([[1, 'Проект', 'X', 780, 10, d(2025, 10, 10), 'меморандум']]))).toEqual([['CROSS_RATE', 'E2', 'error']]);
});

test('RATE_MISSING: a yuan figure dated before any rate is not converted', () => {
  const fs = check([[1, 'Проект', 'X', null, 10, d(2020, 1, 1), 'меморандум']]);
  expect(brief(fs)).toEqual([['RATE_MISSING', 'E2', 'error']]);
});

test('DATE_INVALID: unreadable, in the future, before 1991', () => {
  const fs = check([[1, 'A', 'X', 10, null, '32.13.2025', 'меморандум'], [2, 'B', 'Y', 10, null, d(2026, 1, 1), 'меморандум'], [3, 'C', 'Z', 10, null, d(1990, 5, 1), 'меморандум']]);
  expect(brief(fs)).toEqual([['DATE_INVALID', 'F2', 'warning'], ['DATE_INVALID', 'F3', 'warning'], ['DATE_INVALID', 'F4', 'warning']]);
});

test('STATUS_UNKNOWN: kept as written and reported', () => {
  const fs = check([[1, 'Проект', 'X', 10, null, d(2025, 10, 10), 'на согласовании у партнёра']]);
  expect(brief(fs)).toEqual([['STATUS_UNKNOWN', 'G2', 'warning']]);
});

test('DUPLICATE_PROJECT: the later row names the earlier', () => {
  const fs = check([ok(1), ok(2), [3, 'проект 1', 'ИНВЕСТОР 1', 999, null, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs)).toEqual([['DUPLICATE_PROJECT', 'B4', 'warning']]);
  expect(findingMessage(fs[0], 'kk')).toBe('Бұл жоба 2 жолында бар.');
});

test('TOTAL_MISMATCH: a total row that disagrees with its rows shows both figures', () => {
  const fs = check([ok(1), ok(2), [null, 'Итого', null, 300, null, null, null]]);
  expect(brief(fs)).toEqual([['TOTAL_MISMATCH', 'D4', 'error']]);
  expect(findingMessage(fs[0], 'ru')).toBe('Итоговая строка: 300\u00a0000\u00a0000,00 KZT, а сумма строк: 203\u00a0000\u00a0000,00 KZT.');
});

test('TOTAL_MISMATCH: a total right under the header states the sum of the projects below it', () => {
  const top = (v: number): CellValue[] => [null, 'Итого', null, v, null, null, null];
  expect(check([top(306), ok(1), ok(2), ok(3)])).toEqual([]);
  const fs = check([top(300), ok(1), ok(2), ok(3), [4, null, 'X', 104, null, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs)).toEqual([['TOTAL_MISMATCH', 'D2', 'error'], ['MISSING_VALUE', 'B6', 'error']]);
  expect(findingMessage(fs[0], 'ru')).toBe('Итоговая строка: 300\u00a0000\u00a0000,00 KZT, а сумма строк: 410\u00a0000\u00a0000,00 KZT.');
  // A total at the top and another at the bottom: each states the same projects.
  expect(check([top(306), ok(1), ok(2), ok(3), top(306)])).toEqual([]);
});

test('CONTROL_MISMATCH: "3 memoranda, 500 million tenge" against a register of two', () => {
  const fs = check([ok(1), ok(2)], { control: { count: 3, totalKZT: new Big(500e6), status: 'memorandum' } });
  expect(brief(fs)).toEqual([['CONTROL_MISMATCH', null, 'error'], ['CONTROL_MISMATCH', null, 'error']]);
  expect(findingMessage(fs[0], 'en')).toBe('Control figure "Number of projects" (memorandum): 3, but the register has 2.');
  expect(check([ok(1), ok(2)], { control: { count: 2, totalKZT: new Big(203e6) } })).toEqual([]);
});

test('TEXT_TOO_LONG: a cell longer than an Excel cell can hold, with its length; the value shown is cut', () => {
  const long = 'Ә'.repeat(40000);
  const fs = check([ok(1), [2, 'Проект 2', long, 102, null, d(2025, 10, 10), 'меморандум'], [3, 'Проект 3', 'Б'.repeat(32767), 103, null, d(2025, 10, 10), 'меморандум']]);
  expect(brief(fs)).toEqual([['TEXT_TOO_LONG', 'C3', 'warning']]);
  expect(fs[0].value).toBe(`${'Ә'.repeat(100)}…`);
  expect(findingMessage(fs[0], 'en')).toBe('"Investor" holds 40000 characters, and an Excel cell holds at most 32767: the summary workbook keeps the first 32767 only (the JSON keeps the whole text).');
});

test('every code has a test above and a message in kk, ru and en', () => {
  for (const code of FINDING_CODES) {
    for (const lang of LANGS) expect(String(CATALOGUES[lang][`finding.${code}`]).length).toBeGreaterThan(10);
  }
});

test('the same input gives the same findings in the same order', () => {
  const rows = [ok(1), [2, null, 'X', 'много', 10, '32.13.2025', 'что-то'], ok(1), [null, 'Итого', null, 1, null, null, null]];
  expect(check(rows)).toEqual(check(rows));
  expect(check(rows).length).toBeGreaterThan(4);
});

test('tenge to yuan at 10 truncated decimals rounds exactly as the exact quotient (fast-check)', async () => {
  const fc = await import('fast-check');
  const { convertFromKzt, makeRate } = await import('../../../src/core/rates/rates');
  const { roundMoney } = await import('../../../src/core/money/money');
  const { kztToYuan } = await import('../../../src/core/checks/checks');
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 1, max: 99999999 }), fc.constantFrom(1, 10, 100, 1000), (tiyn, rateCents, quant) => {
      const kzt = new Big(tiyn.toString()).div(100);
      const rate = makeRate('CNY', '2025-10-10', new Big(rateCents).div(10000), quant, 't');
      expect(kztToYuan(kzt, rate).toFixed(2)).toBe(roundMoney(convertFromKzt(kzt, rate)).toFixed(2));
    }),
    { numRuns: 3000 },
  );
});
