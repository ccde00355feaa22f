/**
 * The common headings of real Kazakh, Russian and English registers are sure matches (the CLI shows
 * no "?", the pane a green badge: confidence 0.9 or more), and a heading naming two things, or a
 * field and something else, stays doubtful.
 */
import { gridFromValues } from '../../../src/core/grid/grid';
import { matchField, readRegister, type Field } from '../../../src/core/register/register';
import { SURE_MATCH } from '../../../src/core/types';

/** The CLI marks a column with "?" below this, the pane's badge turns from green below it. */
const SURE = SURE_MATCH;

const SURE_HEADINGS: [string, Field][] = [
  // The agreement date, however a register words it.
  ['Дата соглашения', 'date'],
  ['Дата подписания', 'date'],
  ['Дата подписания соглашения', 'date'],
  ['Дата подписания меморандума', 'date'],
  ['Дата заключения договора', 'date'],
  ['Келісім күні', 'date'],
  ['Келісімге қол қойылған күні', 'date'],
  ['Меморандумға қол қойылған күні', 'date'],
  ['Date of agreement', 'date'],
  ['Agreement date', 'date'],
  ['Date of signing', 'date'],
  ['Signing date', 'date'],
  // The row's number, in Kazakh (a Latin letter in the word list once kept this from matching).
  ['Реттік нөмірі', 'number'],
  // The project.
  ['Наименование проекта', 'name'],
  ['Наименование инвестиционного проекта', 'name'],
  ['Название проекта', 'name'],
  ['Жобаның атауы', 'name'],
  ['Инвестициялық жобаның атауы', 'name'],
  ['Project name', 'name'],
  // Who.
  ['Инициатор', 'investor'],
  ['Инвестор', 'investor'],
  ['Инициатор/Инвестор', 'investor'],
  ['Инициатор проекта', 'investor'],
  ['Инвестор (инициатор)', 'investor'],
  ['Бастамашы', 'investor'],
  ['Investor / initiator', 'investor'],
  ['Страна инвестора', 'country'],
  ['Страна происхождения инвестора', 'country'],
  ['Инвестор елі', 'country'],
  ['Country of investor', 'country'],
  // What and where.
  ['Отрасль', 'sector'],
  ['Отрасль экономики', 'sector'],
  ['Экономика саласы', 'sector'],
  ['Место реализации', 'location'],
  ['Место реализации проекта', 'location'],
  ['Орналасқан жері', 'location'],
  ['Жобаның іске асырылатын жері', 'location'],
  ['Project location', 'location'],
  // How much.
  ['Стоимость проекта (млн тенге)', 'value'],
  ['Стоимость проекта (млн юаней)', 'value'],
  ['Общая стоимость проекта, млн тенге', 'value'],
  ['Объем инвестиций, млн тенге', 'value'],
  ['Жобаның құны, млн теңге', 'value'],
  ['Project cost, KZT mln', 'value'],
  // Where it stands.
  ['Статус', 'status'],
  ['Статус проекта', 'status'],
  ['Текущий статус', 'status'],
  ['Статус реализации', 'status'],
  ['Мәртебесі', 'status'],
  ['Срок реализации', 'timeline'],
  // Jobs.
  ['Количество рабочих мест', 'jobs'],
  ['Количество создаваемых рабочих мест', 'jobs'],
  ['Количество новых рабочих мест', 'jobs'],
  ['Жұмыс орындары', 'jobs'],
  ['Жаңа жұмыс орындары', 'jobs'],
  ['Құрылатын жұмыс орындары саны', 'jobs'],
  ['Number of jobs', 'jobs'],
  ['Примечание', 'notes'],
];

/** Headings that name two things, or a field and something that is not it: the reader should look. */
const DOUBTFUL_HEADINGS: [string, Field][] = [
  ['Дата и статус', 'status'],
  ['Инвестор и страна', 'investor'],
  ['Наименование и место', 'name'],
  ['Дата обновления информации', 'date'],
  ['Статус согласования с министерством финансов', 'status'],
  ['Стоимость земельного участка', 'value'],
];

describe('a common heading of a real register is a sure match', () => {
  test.each(SURE_HEADINGS)('%s → %s, sure', (heading, field) => {
    const m = matchField(heading);
    expect(m && { field: m.field, sure: m.confidence >= SURE }).toEqual({ field, sure: true });
  });
});

describe('a vague heading stays doubtful', () => {
  test.each(DOUBTFUL_HEADINGS)('%s → %s, doubtful', (heading, field) => {
    const m = matchField(heading);
    expect(m && { field: m.field, sure: m.confidence >= SURE }).toEqual({ field, sure: false });
  });
});

test('a heading with "номер" that numbers something else is not the row\'s number column', () => {
  for (const h of ['Номер договора', 'Регистрационный номер', 'Номер телефона', 'БИН номер', 'Номер и дата соглашения', 'Номер ИП в реестре', 'Келісімшарт нөмірі']) {
    expect([h, matchField(h)?.field]).not.toEqual([h, 'number']);
  }
  for (const h of ['Номер проекта', 'Порядковый номер', 'Реттік нөмірі', 'Номер п/п']) expect([h, matchField(h)?.field]).toEqual([h, 'number']);
});

test('a whole Russian register header reads with every column sure, each to its field (the value, in tenge, to KZT)', () => {
  const g = gridFromValues('Реестр', [
    ['№ п/п', 'Наименование проекта', 'Инициатор/Инвестор', 'Страна инвестора', 'Отрасль', 'Место реализации', 'Стоимость проекта (млн тенге)', 'Дата соглашения', 'Статус', 'Количество рабочих мест'],
    [1, 'Завод', 'ТОО «Альфа»', 'КНР', 'Промышленность', 'Уральск', 1200, '09.10.2025', 'меморандум', 120],
  ]);
  const r = readRegister(g);
  if (!r.ok) throw new Error(r.problem);
  expect(r.register.header.columns.map((c) => [c.field, c.confidence >= SURE])).toEqual([
    ['number', true], ['name', true], ['investor', true], ['country', true], ['sector', true], ['location', true],
    ['KZT', true], ['date', true], ['status', true], ['jobs', true],
  ]);
  expect(r.register.rows[0].date.ok && r.register.rows[0].date.iso).toBe('2025-10-09');
});
