import { gridFromValues, type CellValue } from '../../../src/core/grid/grid';
import { cellOf, FIELDS, findHeader, isWs, matchField, normaliseStatus, parseJobs, readRegister } from '../../../src/core/register/register';
import { d, kazakhGrid } from '../../support/registers';

function fieldsOf(values: CellValue[][]) {
  const h = findHeader(gridFromValues('S', values));
  return h ? Object.fromEntries(h.columns.map((c) => [c.field, c.col])) : null;
}

describe('header and columns', () => {
  test('a Kazakh register with a title row has its header in row 3 and seven mapped columns', () => {
    const r = readRegister(kazakhGrid());
    if (!r.ok) throw new Error(r.problem);
    expect(r.register.header.rows).toEqual([3]);
    const map = Object.fromEntries(r.register.header.columns.map((c) => [c.field, c.col]));
    expect(map).toEqual({ number: 1, name: 2, investor: 3, sector: 4, KZT: 5, date: 6, status: 7 });
    const kzt = r.register.header.columns.find((c) => c.field === 'KZT')!;
    expect(kzt.scale?.toFixed()).toBe('1000000000');
  });

  test('Russian headings map, with the unit and currency of each value column', () => {
    const m = fieldsOf([['№ п/п', 'Наименование проекта', 'Инициатор', 'Отрасль', 'Стоимость, млн тенге', 'Стоимость, тыс. юаней', 'Дата подписания', 'Статус', 'Количество рабочих мест', 'Примечание']]);
    expect(m).toEqual({ number: 1, name: 2, investor: 3, sector: 4, KZT: 5, CNY: 6, date: 7, status: 8, jobs: 9, notes: 10 });
  });

  test('English headings map', () => {
    const m = fieldsOf([['No.', 'Project name', 'Investor', 'Sector', 'Location', 'Value, KZT bn', 'Value, CNY mln', 'Date signed', 'Status', 'Jobs']]);
    expect(m).toEqual({ number: 1, name: 2, investor: 3, sector: 4, location: 5, KZT: 6, CNY: 7, date: 8, status: 9, jobs: 10 });
  });

  test('Kazakh headings typed without Kazakh letters map the same', () => {
    expect(matchField('Жобанын атауы')?.field).toBe('name');
    expect(matchField('Мартебеси')?.field).toBe('status');
    expect(matchField('Жумыс орындары')?.field).toBe('jobs');
    expect(fieldsOf([['Жобанын атауы', 'Куны, млрд тенге', 'Мартебеси']])).toEqual({ name: 1, KZT: 2, status: 3 });
  });

  test('a two-row header with a merged heading becomes one label per column, with each unit', () => {
    const g = gridFromValues('S', [
      ['Реестр инвестиционных проектов', null, null, null],
      ['Наименование проекта', 'Стоимость проекта', null, 'Статус'],
      [null, 'млн тенге', 'тыс. юаней', null],
      ['Завод', 1500, null, 'меморандум'],
    ]);
    g.merges.push({ top: 2, left: 2, bottom: 2, right: 3 }, { top: 2, left: 1, bottom: 3, right: 1 }, { top: 2, left: 4, bottom: 3, right: 4 });
    const h = findHeader(g)!;
    expect(h.rows).toEqual([2, 3]);
    const kzt = h.columns.find((c) => c.field === 'KZT')!;
    const cny = h.columns.find((c) => c.field === 'CNY')!;
    expect([kzt.col, kzt.scale?.toFixed(), cny.col, cny.scale?.toFixed()]).toEqual([2, '1000000', 3, '1000']);
  });

  test('no header in a sheet of prose gives NO_HEADER; an empty sheet gives SHEET_EMPTY', () => {
    expect(readRegister(gridFromValues('S', [['Hello'], ['world']]))).toEqual({ ok: false, problem: 'NO_HEADER' });
    expect(readRegister(gridFromValues('S', [[null, '  ']]))).toEqual({ ok: false, problem: 'SHEET_EMPTY' });
  });
});

describe('rows', () => {
  test('every row below the header has a kind, and the kinds add up to the rows read', () => {
    const r = readRegister(kazakhGrid());
    if (!r.ok) throw new Error(r.problem);
    const reg = r.register;
    expect(reg.rows.map((x) => [x.row, x.kind])).toEqual([[4, 'project'], [5, 'project'], [6, 'project'], [7, 'total'], [8, 'note']]);
    expect(reg.counts).toEqual({ project: 3, total: 1, subtotal: 0, heading: 0, blank: 0, note: 1 });
    expect(Object.values(reg.counts).reduce((a, b) => a + b, 0)).toBe(reg.rows.length);
  });

  test('section headings give their sector to the rows under them; subtotals are not projects', () => {
    const g = gridFromValues('S', [
      ['№', 'Наименование проекта', 'Стоимость, млн тенге', 'Статус'],
      ['I. Обрабатывающая промышленность', null, null, null],
      [1, 'Завод А', 100, 'соглашение'],
      [2, 'Завод Б', 50, 'строительство'],
      [null, 'Итого по разделу', 150, null],
      ['II. Логистика', null, null, null],
      [3, 'Терминал', 70, 'проектирование'],
      [null, 'Всего', 220, null],
    ]);
    const r = readRegister(g);
    if (!r.ok) throw new Error(r.problem);
    const kinds = r.register.rows.map((x) => x.kind);
    expect(kinds).toEqual(['heading', 'project', 'project', 'subtotal', 'heading', 'project', 'total']);
    const sectors = r.register.rows.filter((x) => x.kind === 'project').map((x) => x.sector);
    expect(sectors).toEqual(['Обрабатывающая промышленность', 'Обрабатывающая промышленность', 'Логистика']);
    expect(r.register.rows.filter((x) => x.kind === 'project').map((x) => x.status)).toEqual(['agreement', 'construction', 'design']);
  });

  test('statuses in kk, ru and en normalise to stable codes; an unknown one is kept as written', () => {
    expect(normaliseStatus('Меморандумға қол қойылды')).toBe('memorandum');
    expect(normaliseStatus('Ұсыныс, қаралуда')).toBe('proposal');
    expect(normaliseStatus('на стадии строительства')).toBe('construction');
    expect(normaliseStatus('Under study')).toBe('study');
    expect(normaliseStatus('пайдалануға берілді')).toBe('operating');
    expect(normaliseStatus('приостановлен')).toBe('suspended');
    expect(normaliseStatus('что-то иное')).toBeNull();
  });

  test('dates from Date cells, serials and text in kk and ru', () => {
    const g = gridFromValues('S', [
      ['Жобаның атауы', 'Құны, млн теңге', 'Келісім күні'],
      ['A', 1, d(2025, 10, 13)],
      ['B', 1, 45943],
      ['C', 1, '13.10.2025'],
      ['D', 1, '13 қазан 2025 ж.'],
      ['E', 1, '13 октября 2025 г.'],
      ['F', 1, '13.10.25'],
      ['G', 1, '2025-10-13'],
    ]);
    const r = readRegister(g);
    if (!r.ok) throw new Error(r.problem);
    expect(r.register.rows.map((x) => (x.date.ok ? x.date.iso : x.date.reason))).toEqual(Array(7).fill('2025-10-13'));
  });
});

describe('confidence and the user\'s own mapping', () => {
  test('a heading made only of the field\'s words, units and currencies is a confident match; one with stray words is not', () => {
    expect(matchField('Құны, млрд теңге')!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(matchField('Жұмыс орындары')!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(matchField('Статус')!.confidence).toBe(1);
    const weak = matchField('Статус согласования с министерством финансов')!;
    expect(weak.field).toBe('status');
    expect(weak.confidence).toBeLessThan(0.9);
  });

  test("a row's cells by field: a mapped column reads its value or null, an unmapped field undefined, a column mapped left of the sheet's values null", () => {
    // The values start in column B; the user maps notes to column A, where nothing was read.
    const g = gridFromValues('S', [
      ['Наименование проекта', 'Стоимость, млн тенге', 'Статус'],
      ['Завод', 100, null],
    ], { row: 1, col: 2 });
    const res = readRegister(g, { mapping: { notes: 1 } });
    if (!res.ok) throw new Error('no header');
    const cells = res.register.rows[0].cells;
    expect([cells.name, cells.KZT, cells.status, cells.notes, cells.investor]).toEqual(['Завод', 100, null, null, undefined]);
    expect(res.register.rows[0].address.notes).toBe('A2');
    // cellOf, the checks' look-up by a field named at run time, reads the same, and reads a plain object of cells too.
    const row = res.register.rows[0];
    expect(FIELDS.map((f) => cellOf(row, f))).toEqual(FIELDS.map((f) => row.cells[f]));
    expect(cellOf({ ...row, cells: { name: 'Plain' } }, 'name')).toBe('Plain');
  });

  test('--map moves a field to another column, and the column it took no longer serves its old field', () => {
    const g = gridFromValues('S', [
      ['Наименование проекта', 'Стоимость, млн тенге', 'Уточнённая стоимость, млн тенге', 'Статус'],
      ['Завод', 100, 120, 'меморандум'],
    ]);
    const auto = readRegister(g);
    const mapped = readRegister(g, { mapping: { KZT: 3 } });
    if (!auto.ok || !mapped.ok) throw new Error('no header');
    expect(auto.register.header.columns.find((c) => c.field === 'KZT')!.col).toBe(2);
    expect(auto.register.header.duplicates).toEqual([{ field: 'KZT', used: 2, other: 3 }]);
    const kzt = mapped.register.header.columns.find((c) => c.field === 'KZT')!;
    expect([kzt.col, kzt.scale?.toFixed(), kzt.confidence]).toEqual([3, '1000000', 1]);
    expect(mapped.register.header.duplicates).toEqual([]);
    const row = mapped.register.rows[0];
    expect(row.amounts.KZT && row.amounts.KZT.ok && row.amounts.KZT.amount.toFixed()).toBe('120000000');
  });
});

test('jobs as whole numbers, with their qualifier kept', () => {
  expect(parseJobs(250)).toEqual({ jobs: 250, qualifier: null });
  expect(parseJobs('250 орын')).toEqual({ jobs: 250, qualifier: null });
  expect(parseJobs('около 300')).toEqual({ jobs: 300, qualifier: 'approx' });
  expect(parseJobs('свыше 1 000 рабочих мест')).toEqual({ jobs: 1000, qualifier: 'over' });
  expect(parseJobs('500-ден астам жұмыс орны')).toEqual({ jobs: 500, qualifier: 'over' });
  expect(parseJobs('~120 jobs')).toEqual({ jobs: 120, qualifier: 'approx' });
  expect(parseJobs('көп')).toBeNull();
  expect(parseJobs('2025 жылы')).toBeNull();
});

test('the two-row header reads the same without its merges, as a streamed read gives it', () => {
  const rows: CellValue[][] = [
    ['Наименование проекта', 'Стоимость проекта', null, 'Статус'],
    [null, 'млн тенге', 'тыс. юаней', null],
    ['Завод', 1500, null, 'меморандум'],
  ];
  const merged = gridFromValues('S', rows);
  merged.merges.push({ top: 1, left: 2, bottom: 1, right: 3 }, { top: 1, left: 1, bottom: 2, right: 1 }, { top: 1, left: 4, bottom: 2, right: 4 });
  const plain = gridFromValues('S', rows);
  const a = findHeader(merged)!, b = findHeader(plain)!;
  expect(b.labels).toEqual(a.labels);
  expect(b.columns.map((c) => [c.field, c.col])).toEqual([['name', 1], ['KZT', 2], ['CNY', 3], ['status', 4]]);
  // A name heading is not carried over: "Наименование" does not label the investor column.
  const other = findHeader(gridFromValues('S', [['Наименование', null, 'Стоимость, млн тенге'], ['проекта', 'Инвестор', null], ['Завод', 'X', 5]]))!;
  expect(other.columns.map((c) => [c.field, c.col])).toEqual([['name', 1], ['investor', 2], ['KZT', 3]]);
});

describe('white space', () => {
  test('isWs is exactly the white space of \\s (what trim() removes), over every UTF-16 unit', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 65536; c++) if (isWs(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });
});
