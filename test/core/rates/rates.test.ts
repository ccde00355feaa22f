import * as fs from 'fs';
import * as path from 'path';
import Big from 'big.js';
import fc from 'fast-check';
import { convertFromKzt, convertToKzt, parseNbkXml, parseRatesTable, RateTable, type Rate, type RatesParse } from '../../../src/core/rates/rates';
import type { Currency } from '../../../src/core/money/money';
import { text, type Lang } from '../../../src/core/words';

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'nbk');
const read = (f: string) => fs.readFileSync(path.join(FIX, f), 'utf8');
const B = (x: string | number) => new Big(x);

function rates(p: RatesParse): Rate[] {
  if (!p.ok) throw new Error(p.message);
  return p.rates;
}
const brief = (r: Rate) => [r.currency, r.date, r.quoted.toFixed(), r.quant, r.perUnit.toFixed()];

function rate(currency: Currency, date: string, quoted: string, quant = 1): Rate {
  const q = B(quoted);
  return { currency, date, quoted: q, quant, perUnit: q.div(quant), source: 'test' };
}

describe('parseNbkXml', () => {
  test('a per-date file (with BOM and prologue): our currencies only, in file order', () => {
    const text = read('2025-10-10.xml');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rs = rates(parseNbkXml(text, '2025-10-10.xml'));
    expect(rs.map(brief)).toEqual([
      ['EUR', '2025-10-10', '636.46', 1, '636.46'],
      ['CNY', '2025-10-10', '76.71', 1, '76.71'],
      ['RUB', '2025-10-10', '6.74', 1, '6.74'],
      ['USD', '2025-10-10', '547.81', 1, '547.81'],
    ]);
    expect(rs.every((r) => r.source === '2025-10-10.xml')).toBe(true);
  });

  test('more days', () => {
    expect(rates(parseNbkXml(read('2025-10-13.xml'), 'x')).map((r) => r.currency + ' ' + r.date + ' ' + r.quoted.toFixed())).toEqual(['EUR 2025-10-13 633.98', 'CNY 2025-10-13 76.14', 'RUB 2025-10-13 6.73', 'USD 2025-10-13 545.07']);
    expect(rates(parseNbkXml(read('2025-10-14.xml'), 'x')).find((r) => r.currency === 'USD')?.quoted.toFixed()).toBe('543.6');
  });

  test('a weekend: empty <rates/> or a date with no items is valid and has no rates', () => {
    expect(parseNbkXml(read('2025-10-11.xml'), 'sat')).toEqual({ ok: true, rates: [] });
    expect(parseNbkXml(read('2025-10-12.xml'), 'sun')).toEqual({ ok: true, rates: [] });
  });

  test('the RSS shape: dates from each item, CDATA and entities read', () => {
    const rs = rates(parseNbkXml(read('rss.xml'), 'rates_all.xml'));
    expect(rs.map(brief)).toEqual([
      ['CNY', '2025-10-15', '75.88', 1, '75.88'],
      ['EUR', '2025-10-15', '630.41', 1, '630.41'],
      ['RUB', '2025-10-15', '6.79', 1, '6.79'],
      ['USD', '2025-10-15', '542.33', 1, '542.33'],
    ]);
  });

  test('quant 10 and 100: perUnit is exact', () => {
    const rs = rates(parseNbkXml(read('quant.xml'), 'quant.xml'));
    expect(rs.map(brief)).toEqual([
      ['RUB', '2025-10-16', '67.83', 10, '6.783'],
      ['CNY', '2025-10-16', '7593.5', 100, '75.935'],
    ]);
  });

  test('malformed XML is an error with a clear message, never an exception', () => {
    const r = parseNbkXml(read('malformed.xml'), 'malformed.xml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^malformed\.xml: malformed XML: .*cut short/);
    const m = parseNbkXml('<rates><date>13.10.2025</date><item><title>USD</title></rates>', 'bad.xml');
    expect(m).toEqual({
      ok: false, message: 'bad.xml: malformed XML: expected </item> but found </rates> (line 1)',
      problem: { key: 'ratesFile.malformed', params: { source: 'bad.xml', xmlKey: 'xml.mismatch', expected: 'item', name: 'rates', line: 1 } },
    });
    expect(parseNbkXml('', 'e.xml')).toEqual({ ok: false, message: 'e.xml: the file is empty', problem: { key: 'ratesFile.empty', params: { source: 'e.xml' } } });
    expect(parseNbkXml('not xml at all', 'n.xml')).toMatchObject({ ok: false });
    expect(parseNbkXml('<rates></rates><rates/>', 'two')).toMatchObject({ ok: false, message: expect.stringContaining('second root') });
  });

  test('another document (an HTML error page) is refused', () => {
    const r = parseNbkXml(read('not-nbk.xml'), 'not-nbk.xml');
    expect(r).toMatchObject({ ok: false, message: 'not-nbk.xml: not an NBK rates file: the root element is <html>, expected <rates> or <rss>' });
  });

  test('why a file cannot be read is a key with parameters, worded in the user\'s language', () => {
    const word = (p: RatesParse, lang: Lang) => (p.ok ? '' : text(p.problem.key, lang, p.problem.params));
    const cut = parseNbkXml('<rates><item>', 'cut.xml');
    expect(word(cut, 'ru')).toBe('cut.xml: ошибка в XML: документ обрывается внутри <item>: он неполный');
    expect(word(parseNbkXml('<a></b>', 'x.xml'), 'kk')).toBe('x.xml: XML қате: </a> күтілді, бірақ </b> табылды (1-жол)');
    const row = parseRatesTable([['Дата', 'Валюта', 'Курс'], ['вчера', 'CNY', 76]], 's');
    expect(row).toMatchObject({ problem: { key: 'ratesFile.row.date', params: { source: 's', row: 2, value: 'вчера' } } });
    expect(word(row, 'ru')).toBe('s, строка 2: «вчера» — не дата');
    expect(word(row, 'kk')).toBe('s, 2-жол: «вчера» күн емес');
    // an unusable input's message takes the reason from reasonKey in the same language: no English inside Kazakh
    const p = row.ok ? {} : { ...row.problem.params, file: 'rates.csv', reasonKey: row.problem.key };
    expect(text('input.RATES_UNREADABLE', 'kk', p)).toBe('rates.csv: бағамдар файлын оқу мүмкін емес: s, 2-жол: «вчера» күн емес');
    expect(text('input.RATES_UNREADABLE', 'en', p)).toBe('rates.csv: the rates file cannot be read: s, row 2: "вчера" is not a date');
  });

  test('a tracked currency with a bad rate or date is an error', () => {
    expect(parseNbkXml(read('bad-rate.xml'), 'bad-rate.xml')).toMatchObject({ ok: false, message: 'bad-rate.xml, item 1: the rate of USD is "н/д", not a number' });
    expect(parseNbkXml('<rates><date>32.10.2025</date></rates>', 'd')).toMatchObject({ ok: false, message: expect.stringContaining('not a date') });
    expect(parseNbkXml('<rates><item><title>USD</title><description>1</description><quant>0</quant></item></rates>', 'q')).toMatchObject({ ok: false });
    expect(parseNbkXml('<rates><item><title>USD</title><description>1</description></item></rates>', 'nodate')).toMatchObject({ ok: false, message: expect.stringContaining('no valid date') });
  });

  test('tolerates attributes, comments, namespaces and decimal commas', () => {
    const xml = '<?xml version="1.0"?><!-- c --><rates a="x>y"><date>13.10.2025</date><nb:item xmlns:nb="u"><nb:title> cny </nb:title><nb:description>76,14</nb:description><nb:quant>1</nb:quant></nb:item></rates>';
    expect(rates(parseNbkXml(xml, 's')).map(brief)).toEqual([['CNY', '2025-10-13', '76.14', 1, '76.14']]);
  });

  test('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof parseNbkXml(s, 's').ok === 'boolean'), { numRuns: 2000 });
    const piece = fc.constantFrom('<rates>', '</rates>', '<item>', '</item>', '<title>USD</title>', '<description>1.5</description>', '<date>13.10.2025</date>', '<![CDATA[', ']]>', '<!--', '-->', '<?xml?>', '&amp;', '<', '>', '/>', 'x');
    fc.assert(fc.property(fc.array(piece, { maxLength: 15 }).map((a) => a.join('')), (s) => typeof parseNbkXml(s, 's').ok === 'boolean'), { numRuns: 5000 });
  });
});

describe('RateTable', () => {
  const table = new RateTable();
  for (const f of ['2025-10-10.xml', '2025-10-11.xml', '2025-10-12.xml', '2025-10-13.xml', '2025-10-14.xml', 'rss.xml']) table.add(rates(parseNbkXml(read(f), f)));

  test('size and all() sorted by currency then date', () => {
    expect(table.size).toBe(16);
    const all = table.all();
    expect(all.map((r) => r.currency + ' ' + r.date).slice(0, 5)).toEqual(['CNY 2025-10-10', 'CNY 2025-10-13', 'CNY 2025-10-14', 'CNY 2025-10-15', 'EUR 2025-10-10']);
    const keys = all.map((r) => r.currency + r.date);
    expect([...keys].sort()).toEqual(keys);
  });

  test('the same day', () => {
    expect(table.lookup('CNY', '2025-10-13')?.quoted.toFixed()).toBe('76.14');
    expect(table.lookup('USD', '2025-10-15')?.source).toBe('rss.xml');
  });
  test('a weekend takes the latest earlier day (Friday)', () => {
    expect(table.lookup('CNY', '2025-10-11')?.date).toBe('2025-10-10');
    expect(table.lookup('CNY', '2025-10-12')?.quoted.toFixed()).toBe('76.71');
  });
  test('after the last day: the last one; never a later one', () => {
    expect(table.lookup('CNY', '2025-12-31')?.date).toBe('2025-10-15');
    expect(table.lookup('CNY', '2025-10-09')).toBeNull();
    expect(table.lookup('KZT', '2025-10-13')).toBeNull();
  });
  test('adding the same day again replaces it', () => {
    const t = new RateTable([rate('USD', '2025-10-13', '545')]);
    t.add([rate('USD', '2025-10-13', '546'), rate('USD', '2025-10-01', '550')]);
    expect(t.size).toBe(2);
    expect(t.lookup('USD', '2025-10-13')?.quoted.toFixed()).toBe('546');
    expect(t.lookup('USD', '2025-10-05')?.quoted.toFixed()).toBe('550');
  });
  test('lookup agrees with a linear scan (property)', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86400000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(fc.tuple(day, fc.integer({ min: 1, max: 1000 })), { maxLength: 60 }), day, (entries, q) => {
        const t = new RateTable(entries.map(([d, v]) => rate('CNY', d, String(v))));
        const last = new Map<string, number>();
        for (const [d, v] of entries) last.set(d, v);
        const before = [...last.keys()].filter((d) => d <= q).sort();
        const want = before.length ? last.get(before[before.length - 1]) : undefined;
        const got = t.lookup('CNY', q);
        return want === undefined ? got === null : got !== null && got.quoted.eq(want) && got.date === before[before.length - 1];
      }),
      { numRuns: 1000 },
    );
  });
  test('lookups between adds answer as a table built at once (remembered answers are forgotten on add)', () => {
    const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86400000).toISOString().slice(0, 10));
    const batch = fc.array(fc.tuple(fc.constantFrom<Currency>('CNY', 'USD'), day, fc.integer({ min: 1, max: 1000 })), { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.tuple(batch, fc.array(fc.tuple(fc.constantFrom<Currency>('CNY', 'USD'), day), { maxLength: 8 })), { maxLength: 6 }), (steps) => {
        const t = new RateTable();
        const all: Rate[] = [];
        for (const [added, queries] of steps) {
          const rates = added.map(([c, d, v]) => rate(c, d, String(v)));
          t.add(rates);
          all.push(...rates);
          const fresh = new RateTable(all);
          for (const [c, q] of [...queries, ...queries]) expect(t.lookup(c, q)).toBe(fresh.lookup(c, q));
        }
      }),
      { numRuns: 500 },
    );
  });
  test('lookup is fast on a large table', () => {
    const many: Rate[] = [];
    for (let d = 0; d < 20000; d++) many.push(rate('USD', new Date(Date.UTC(1970, 0, 1) + d * 86400000).toISOString().slice(0, 10), '500'));
    const t = new RateTable(many);
    const start = Date.now();
    let found = 0;
    for (let i = 0; i < 200000; i++) if (t.lookup('USD', '2010-06-15')) found++;
    expect(found).toBe(200000);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe('conversion', () => {
  test('to tenge is exact', () => {
    expect(convertToKzt(B('1234567.89'), rate('CNY', '2025-10-13', '76.14')).toFixed()).toBe('93999999.1446');
    expect(convertToKzt(B('1000'), rate('RUB', '2025-10-16', '67.83', 10)).toFixed()).toBe('6783');
    expect(convertToKzt(B('0.01'), rate('CNY', '2025-10-16', '7593.5', 100)).toFixed()).toBe('0.75935');
    expect(convertToKzt(B('-2'), rate('USD', '2025-10-13', '545.07')).toFixed()).toBe('-1090.14');
  });
  test('to tenge is exact for any amount (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 1, max: 10000000 }), fc.constantFrom(1, 10, 100, 1000), (minor, q, quant) => {
        const got = convertToKzt(B(minor.toString()).div(100), rate('CNY', '2025-10-13', B(q).div(100).toFixed(), quant));
        // Reference in integers: minor * q / (100 * 100 * quant) tenge.
        const num = minor * BigInt(q);
        return got.times(10000 * quant).toFixed() === num.toString();
      }),
      { numRuns: 2000 },
    );
  });
  test('from tenge is rounded at 20 places', () => {
    expect(convertFromKzt(B('1000'), rate('USD', '2025-10-13', '545.07')).toFixed()).toBe('1.83462674518869136074');
    expect(convertFromKzt(B('7614'), rate('CNY', '2025-10-13', '76.14')).toFixed()).toBe('100');
    expect(convertFromKzt(B('6783'), rate('RUB', '2025-10-16', '67.83', 10)).toFixed()).toBe('1000');
    const dp = Big.DP;
    try {
      Big.DP = 2;
      expect(convertFromKzt(B('1000'), rate('USD', '2025-10-13', '545.07')).toFixed()).toBe('1.83462674518869136074');
    } finally {
      Big.DP = dp;
    }
  });
  test('there and back again to the tiyn', () => {
    const r = rate('CNY', '2025-10-13', '76.14');
    const kzt = convertToKzt(B('98765.43'), r);
    expect(convertFromKzt(kzt, r).round(2).toFixed()).toBe('98765.43');
  });
});

describe('parseRatesTable', () => {
  test('Kazakh headings, text dates and decimal commas, quant column', () => {
    const rows = [
      ['ҚР Ұлттық Банкінің ресми бағамдары', null, null, null],
      [null, null, null, null],
      ['Күні', 'Валюта', 'Бағам', 'Саны'],
      ['13.10.2025', 'CNY', '76,14', 1],
      ['13.10.2025', 'USD', '545,07', 1],
      ['13.10.2025', 'KRW', '38,41', 100],
      ['14.10.2025', 'RUB', '67,7', 10],
      [null, null, null, null],
      ['Дереккөз: nationalbank.kz', null, null, null],
    ];
    expect(rates(parseRatesTable(rows, 'Бағамдар')).map(brief)).toEqual([
      ['CNY', '2025-10-13', '76.14', 1, '76.14'],
      ['USD', '2025-10-13', '545.07', 1, '545.07'],
      ['RUB', '2025-10-14', '67.7', 10, '6.77'],
    ]);
  });

  test('Russian headings, Date cells, Excel serials, ISO text, a date carried down a block', () => {
    const rows = [
      ['Дата', 'Валюта', 'Курс', 'Кол-во'],
      [new Date(Date.UTC(2025, 9, 10)), 'CNY', 76.71, 1],
      [null, 'USD', 547.81, null],
      [45943, 'CNY', 76.14, 1],
      ['2025-10-14', 'cny', '76.02', ''],
      ['15.10.2025', 'USD', '542.330', null],
    ];
    const rs = rates(parseRatesTable(rows, 'Курсы'));
    expect(rs.map(brief)).toEqual([
      ['CNY', '2025-10-10', '76.71', 1, '76.71'],
      ['USD', '2025-10-10', '547.81', 1, '547.81'],
      ['CNY', '2025-10-13', '76.14', 1, '76.14'],
      ['CNY', '2025-10-14', '76.02', 1, '76.02'],
      ['USD', '2025-10-15', '542.33', 1, '542.33'],
    ]);
    expect(rs[0].source).toBe('Курсы');
  });

  test('English headings and compound headings decided by elimination', () => {
    expect(rates(parseRatesTable([['Rate date', 'Currency', 'Rate'], ['13.10.2025', 'USD', '545.07']], 'en')).map(brief)).toEqual([['USD', '2025-10-13', '545.07', 1, '545.07']]);
    expect(rates(parseRatesTable([['Бағам күні', 'Валюта коды', 'Бағам'], ['13.10.2025', 'CNY', '76,14']], 'kk')).map(brief)).toEqual([['CNY', '2025-10-13', '76.14', 1, '76.14']]);
    expect(rates(parseRatesTable([['Дата курса', 'Валюта', 'Курс НБ РК, тенге'], ['13.10.2025', 'CNY', '76,14']], 'ru')).map(brief)).toEqual([['CNY', '2025-10-13', '76.14', 1, '76.14']]);
  });

  test('a wide table: one column per currency', () => {
    const rows = [
      ['Дата', 'USD', 'CNY', 'JPY'],
      ['10.10.2025', 547.81, 76.71, 3.6],
      ['13.10.2025', '545,07', '76,14', null],
    ];
    expect(rates(parseRatesTable(rows, 'wide')).map((r) => `${r.currency} ${r.date} ${r.quoted}`)).toEqual(['USD 2025-10-10 547.81', 'CNY 2025-10-10 76.71', 'USD 2025-10-13 545.07', 'CNY 2025-10-13 76.14']);
  });

  test('errors are values with the row', () => {
    expect(parseRatesTable([['a', 'b'], [1, 2]], 's')).toMatchObject({ ok: false, message: expect.stringContaining('no header row') });
    expect(parseRatesTable([['Дата', 'Валюта', 'Курс'], ['вчера', 'CNY', 76]], 's')).toMatchObject({ ok: false, message: 's, row 2: "вчера" is not a date' });
    expect(parseRatesTable([['Дата', 'Валюта', 'Курс'], ['13.10.2025', 'CNY', 'н/д']], 's')).toMatchObject({ ok: false, message: 's, row 2: the rate "н/д" is not a positive number' });
    expect(parseRatesTable([['Дата', 'Валюта', 'Курс'], ['13.10.2025', 'CNY', -1]], 's')).toMatchObject({ ok: false });
    expect(parseRatesTable([['Дата', 'Валюта', 'Курс', 'Кол-во'], ['13.10.2025', 'CNY', 76, 1.5]], 's')).toMatchObject({ ok: false });
    expect(parseRatesTable([['Дата', 'Валюта', 'Курс'], ['31.02.2025', 'CNY', 76]], 's')).toMatchObject({ ok: false });
    expect(parseRatesTable([], 's')).toMatchObject({ ok: false });
  });
});
