/**
 * The one words module (src/core/words): plural forms read right in kk, ru and en for the counts where
 * languages differ, a catalogue missing a key does not compile, and the number formatter writes what
 * Intl writes in full ICU while staying exact on long decimal strings.
 */
import fc from 'fast-check';
import { CATALOGUES, fill, formatDate, formatFigure, formatNumber, formatRate, LANGS, pluralCategory, t, text, type Catalogue, type Key, type Lang, type Message } from '../../../src/core/words';

const NS = [0, 1, 2, 3, 4, 5, 11, 21, 22, 25, 101];

/** Russian by the grammar books, not by Intl: 1, 21, 101 → one; 2–4, 22 → few; 0, 5–20, 25 → many. */
const ruForm = (n: number, one: string, few: string, many: string) => {
  const d = n % 10, h = n % 100;
  return d === 1 && h !== 11 ? one : d >= 2 && d <= 4 && (h < 12 || h > 14) ? few : many;
};

describe('plural forms', () => {
  test('the languages have the plural rules the catalogues are written for (Node\'s ICU)', () => {
    expect(new Intl.PluralRules('kk').resolvedOptions().pluralCategories.sort()).toEqual(['one', 'other']);
    expect(new Intl.PluralRules('ru').resolvedOptions().pluralCategories.sort()).toEqual(['few', 'many', 'one', 'other']);
    expect(new Intl.PluralRules('en').resolvedOptions().pluralCategories.sort()).toEqual(['one', 'other']);
    expect(NS.map((n) => pluralCategory(n, 'ru'))).toEqual(NS.map((n) => ruForm(n, 'one', 'few', 'many')));
  });

  test.each(NS)('%i projects read right in ru, en and kk (the CLI\'s total line)', (n) => {
    const p = { projects: n, KZT: '1', CNY: '2' };
    expect(t('cli.totals', 'ru', p)).toBe(`Всего: ${n} ${ruForm(n, 'проект', 'проекта', 'проектов')} — 1 тенге; 2 юаней`);
    expect(t('cli.totals', 'en', p)).toBe(`Total: ${n} ${n === 1 ? 'project' : 'projects'} — 1 tenge; 2 yuan`);
    // Kazakh nouns do not change after a numeral: "1 жоба", "21 жоба"
    expect(t('cli.totals', 'kk', p)).toBe(`Барлығы: ${n} жоба — 1 теңге; 2 юань`);
  });

  test.each(NS)('%i of each: the pane, the sheets and the CLI say it in the form the number takes', (n) => {
    // a plural object chosen by "count"
    expect(t('sum.projects', 'en', { count: n })).toBe(`${n} ${n === 1 ? 'project' : 'projects'}`);
    expect(t('rates.added', 'en', { count: n, sheet: 'Rates', list: 'x' })).toBe(`Added ${n} ${n === 1 ? 'rate' : 'rates'} to the sheet "Rates": x.`);
    expect(t('check.clearedKept', 'ru', { count: n })).toBe(`${n} ${ruForm(n, 'ячейку', 'ячейки', 'ячеек')} вы перекрасили после пометки — ${n % 10 === 1 && n % 100 !== 11 ? 'её' : 'их'} заливка не изменена.`);
    expect(t('check.cleared', 'ru', { count: n })).toContain(`${n} ${ruForm(n, 'ячейке', 'ячейкам', 'ячейкам')} возвращена`);
    expect(t('check.userNotes', 'ru', { count: n })).toContain(`В ${n} ${ruForm(n, 'ячейке', 'ячейках', 'ячейках')} уже были`);
    // inline plurals, one or several numbers in a message
    expect(t('progress.checking', 'ru', { rows: n })).toBe(`Проверка реестра: ${n} ${ruForm(n, 'строка', 'строки', 'строк')}…`);
    expect(t('progress.reading', 'ru', { done: 0, total: n })).toBe(`Чтение: 0 из ${n} ${ruForm(n, 'строки', 'строк', 'строк')}`);
    expect(t('cli.fetchProgress', 'ru', { done: 1, total: n, date: 'd' })).toBe(`Курсы НБ РК: 1 из ${n} ${ruForm(n, 'дня', 'дней', 'дней')} (d)`);
    expect(t('overview.ratesMany', 'ru', { n, from: 'a', to: 'b', sheet: 'Курсы' })).toMatch(new RegExp(`^${n} ${ruForm(n, 'курс', 'курса', 'курсов')}, a — b;`));
    const s = (one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    expect(t('cli.findings', 'en', { error: n, warning: n, info: n })).toBe(`Checks: ${s('error')}, ${s('warning')}, ${n} info`);
    expect(t('overview.findings', 'en', { error: n, warning: 1, info: 0 })).toBe(`Checks: ${s('error')}, 1 warning, 0 info`);
    expect(t('cli.kinds', 'en', { project: n, total: 1, subtotal: 2, heading: n, blank: 0, note: 1 })).toBe(`Rows: ${s('project')}, 1 total, 2 subtotals, ${s('section heading')}, 0 blank, 1 note`);
    expect(t('cli.exportErrorsStated', 'en', { n })).toBe(`${n === 1 ? `${n} open error finding is` : `${n} open error findings are`} stated on the About sheet (--allow-errors).`);
    // the Russian that was right already stays as it was: "label: number"
    expect(t('cli.findings', 'ru', { error: n, warning: 0, info: 1 })).toBe(`Проверка: ошибок ${n}, предупреждений 0, сведений 1`);
  });

  test('every plural message in every language renders every count: the number shown, no brace or # left', () => {
    const plural = (m: Message) => typeof m !== 'string' || /\{\w+, plural,/.test(m);
    let seen = 0;
    for (const lang of LANGS) {
      for (const [key, m] of Object.entries(CATALOGUES[lang]) as [Key, Message][]) {
        if (!plural(m)) continue;
        seen++;
        const names = [...new Set([...(typeof m === 'string' ? m : Object.values(m).join(' ')).matchAll(/\{(\w+)(?=[},])/g)].map((x) => x[1]))];
        for (const n of NS) {
          const params = Object.fromEntries(names.map((k) => [k, n]));
          const s = t(key, lang, params);
          expect([key, lang, n, /[{}#]/.test(s.replace(/--allow-errors|`tizilim summarize`/g, ''))]).toEqual([key, lang, n, false]);
          expect([key, lang, n, s.includes(String(n))]).toEqual([key, lang, n, true]);
        }
      }
    }
    expect(seen).toBeGreaterThan(40);
  });

  test('a formatted count ("1 234", "1,234") chooses its form as the number would', () => {
    expect(t('sum.projects', 'en', { count: formatNumber(1234, 'en') })).toBe('1,234 projects');
    expect(t('check.clearedKept', 'ru', { count: formatNumber(1001, 'ru') })).toMatch(/^1\u00a0001 ячейку /);
    expect(t('sum.projects', 'en', { count: '1' })).toBe('1 project');
  });
});

describe('fill and lookups', () => {
  test('placeholders, a missing parameter as "—", an inline plural with # and a placeholder inside', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and —');
    expect(fill('{n, plural, one {# file in {dir}} other {# files in {dir}}}', { n: 1, dir: 'x' }, 'en')).toBe('1 file in x');
    expect(fill('{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}', { n: 22 }, 'ru')).toBe('22 файла');
    expect(fill('no braces', {})).toBe('no braces');
    // a parameter's text is data, never a template
    expect(fill('{n, plural, one {# x} other {# xs}}: {name}', { n: '{name}', name: '{n}' }, 'en')).toBe('{name} xs: {n}');
  });

  test('a key made at run time: its text, or the key itself when the catalogue has none', () => {
    expect(text('status.memorandum', 'ru')).toBe('меморандум');
    expect(text('status.nonsense', 'kk')).toBe('status.nonsense');
    expect(text('input.FILE_MISSING', 'en', { file: 'a.xlsx' })).toBe('a.xlsx: file not found.');
  });

  test('every language has every key (at run time too, whatever the casts)', () => {
    const keys = Object.keys(CATALOGUES.en).sort();
    for (const lang of LANGS) expect(Object.keys(CATALOGUES[lang]).sort()).toEqual(keys);
  });

  test('a catalogue missing a key, or with a key en does not have, is a type error', () => {
    const { 'cli.wrote': dropped, ...missing } = CATALOGUES.kk;
    // @ts-expect-error 'cli.wrote' is missing
    const short: Catalogue = missing;
    // @ts-expect-error an extra key
    const long: Catalogue = { ...CATALOGUES.ru, 'cli.noSuchWord': 'x' };
    // @ts-expect-error t() takes the catalogue's keys only
    const unknown = t('cli.noSuchWord', 'en');
    expect([dropped, Object.keys(short).length + 1, Object.keys(long).length - 1, unknown]).toEqual(['Жазылды: {file}', Object.keys(CATALOGUES.en).length, Object.keys(CATALOGUES.en).length, 'cli.noSuchWord']);
  });
});

describe('numbers and dates for people', () => {
  const locale: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en' };
  const intl = (x: string | number, lang: Lang, d: number) => new Intl.NumberFormat(locale[lang], { minimumFractionDigits: d, maximumFractionDigits: d }).format(x as number);

  test('formatNumber writes what Intl writes in full ICU, for doubles and decimal strings', () => {
    fc.assert(fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 4 }), fc.constantFrom<Lang>('kk', 'ru', 'en'), (x, d, lang) => {
      expect(formatNumber(x, lang, d)).toBe(intl(x, lang, d));
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom<Lang>('kk', 'ru', 'en'), (units, scale, d, lang) => {
      const neg = units < 0n;
      const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
      const s = (neg ? '-' : '') + (scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits);
      expect(formatNumber(s, lang, d)).toBe(intl(s, lang, d));
    }), { numRuns: 500 });
  });

  test('a decimal string stays exact past a double, halves away from zero; figures keep their decimals', () => {
    expect(formatNumber('12345678901234567.25', 'ru', 2)).toBe('12\u00a0345\u00a0678\u00a0901\u00a0234\u00a0567,25');
    expect(formatNumber('2.5', 'en')).toBe('3');
    expect(formatNumber('-2.5', 'en')).toBe('-3');
    expect(formatFigure('151000000000.00', 'kk')).toBe('151\u00a0000\u00a0000\u00a0000,00');
    expect(formatFigure('-1987637483.78', 'en')).toBe('-1,987,637,483.78');
    expect(formatFigure('7', 'en')).toBe('7');
    expect(formatNumber('n/a', 'en')).toBe('n/a');
  });

  test('rates with 2 to 4 decimals, dates as dd.mm.yyyy', () => {
    expect(formatRate('76.71', 'ru')).toBe('76,71');
    expect(formatRate('5.12345', 'en')).toBe('5.1235');
    expect(formatRate(542.5, 'kk')).toBe('542,50');
    expect(formatRate('0.1', 'en')).toBe('0.10');
    expect(formatDate('2025-10-13')).toBe('13.10.2025');
    expect(formatDate('13.10.2025')).toBe('13.10.2025');
  });
});
