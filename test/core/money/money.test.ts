import Big from 'big.js';
import fc from 'fast-check';
import { CURRENCIES, headingUnit, moneyString, parseAmount, roundMoney, sumMoney, type AmountContext, type Currency, type Qualifier } from '../../../src/core/money/money';

const B = (x: string | number) => new Big(x);
const MLN: AmountContext = { scale: B(1e6) };
const MLRD_KZT: AmountContext = { scale: B(1e9), currency: 'KZT' };
const YUAN: AmountContext = { yuanContext: true };

type Row = [input: string | number, ctx: AmountContext | undefined, amount: string, currency: Currency | null, qualifier: Qualifier, unitInCell?: boolean];

// Real-world spellings: [cell, context, exact amount, currency, qualifier, unit written in the cell].
const READABLE: Row[] = [
  // plain numbers and separators
  ['9 200,0', undefined, '9200', null, null, false],
  ['1 234,5', undefined, '1234.5', null, null, false],
  ['1 234 567,89', undefined, '1234567.89', null, null, false],
  ['1\u00a0234\u00a0567,89', undefined, '1234567.89', null, null, false],
  ['1\u202f234\u202f567,89', undefined, '1234567.89', null, null, false],
  ['1\u2009234\u2009567.89', undefined, '1234567.89', null, null, false],
  ["1'234'567.89", undefined, '1234567.89', null, null, false],
  ['1’234’567,89', undefined, '1234567.89', null, null, false],
  ['1,234,567.89', undefined, '1234567.89', null, null, false],
  ['1.234.567,89', undefined, '1234567.89', null, null, false],
  ['1.234,5', undefined, '1234.5', null, null, false],
  ['1,234.5', undefined, '1234.5', null, null, false],
  ['1,234,567', undefined, '1234567', null, null, false],
  ['1.234.567', undefined, '1234567', null, null, false],
  ['1,5', undefined, '1.5', null, null, false],
  ['0,75', undefined, '0.75', null, null, false],
  ['12.25', undefined, '12.25', null, null, false],
  ['18500000000', undefined, '18500000000', null, null, false],
  ['18 500 000 000,00', undefined, '18500000000', null, null, false],
  ['  42  ', undefined, '42', null, null, false],
  ['\u00a042\u00a0', undefined, '42', null, null, false],
  ['+7', undefined, '7', null, null, false],
  [',5', undefined, '0.5', null, null, false],
  ['1.5E+09', undefined, '1500000000', null, null, false],
  // the ambiguous lone mark followed by three digits
  ['1,500', undefined, '1.5', null, null, false],
  ['1,500', { decimal: ',' }, '1.5', null, null, false],
  ['1,500', { decimal: '.' }, '1500', null, null, false],
  ['1.500', undefined, '1.5', null, null, false],
  ['1.500', { decimal: ',' }, '1500', null, null, false],
  ['1.500', { decimal: '.' }, '1.5', null, null, false],
  ['1,500 million', undefined, '1500000000', null, null, true],
  ['0,500', { decimal: '.' }, '0.5', null, null, false],
  ['1234,567', { decimal: '.' }, '1234.567', null, null, false],
  // signs
  ['(1 200)', undefined, '-1200', null, null, false],
  ['−5', undefined, '-5', null, null, false],
  ['-5', undefined, '-5', null, null, false],
  ['–5', undefined, '-5', null, null, false],
  ['- 1 200,50', undefined, '-1200.5', null, null, false],
  ['(1 200 тг)', undefined, '-1200', 'KZT', null, false],
  ['₸ -12', undefined, '-12', 'KZT', null, false],
  ['-0', undefined, '0', null, null, false],
  // the column's unit and currency apply when the cell has none
  ['12,5', MLRD_KZT, '12500000000', 'KZT', null, false],
  [12.5, MLRD_KZT, '12500000000', 'KZT', null, false],
  ['530', MLN, '530000000', null, null, false],
  // units in the cell, overriding the column's
  ['21 млрд тг', MLN, '21000000000', 'KZT', null, true],
  ['21 млрд тг', undefined, '21000000000', 'KZT', null, true],
  ['134 миллиард теңге', undefined, '134000000000', 'KZT', null, true],
  ['4,5 миллиард юаньнан астам', undefined, '4500000000', 'CNY', 'over', true],
  ['≈ 17 млрд', undefined, '17000000000', null, 'approx', true],
  ['≈ 17 млрд', MLRD_KZT, '17000000000', 'KZT', 'approx', true],
  ['~17 млн', undefined, '17000000', null, 'approx', true],
  ['2 млрд 534 млн 130 тыс. тенге', undefined, '2534130000', 'KZT', null, true],
  ['531 миллиард 100 миллион теңге', undefined, '531100000000', 'KZT', null, true],
  ['1 млн 500 тенге', undefined, '1000500', 'KZT', null, true],
  ['5 мың теңге', undefined, '5000', 'KZT', null, true],
  ['5 мыңнан астам', undefined, '5000', null, 'over', true],
  ['12 тыс.', undefined, '12000', null, null, true],
  ['12 тысяч рублей', undefined, '12000', 'RUB', null, true],
  ['3 тысячи', undefined, '3000', null, null, true],
  ['2 миллиона долларов', undefined, '2000000', 'USD', null, true],
  ['5 миллионов юаней', undefined, '5000000', 'CNY', null, true],
  ['1,2 миллиарда тенге', undefined, '1200000000', 'KZT', null, true],
  ['7 миллиардов рублей', undefined, '7000000000', 'RUB', null, true],
  ['1,5 трлн тенге', undefined, '1500000000000', 'KZT', null, true],
  ['2 триллиона', undefined, '2000000000000', null, null, true],
  ['3 trillion', undefined, '3000000000000', null, null, true],
  ['250k', undefined, '250000', null, null, true],
  ['250 thousand', undefined, '250000', null, null, true],
  ['USD 12.5 mln', undefined, '12500000', 'USD', null, true],
  ['$12.5m', undefined, '12500000', 'USD', null, true],
  ['$1.2 bn', undefined, '1200000000', 'USD', null, true],
  ['1.2 billion yuan', undefined, '1200000000', 'CNY', null, true],
  ['14 million tenge', undefined, '14000000', 'KZT', null, true],
  ['over 3 bn', undefined, '3000000000', null, 'over', true],
  ['more than 3 bn', undefined, '3000000000', null, 'over', true],
  ['about 40 mln', undefined, '40000000', null, 'approx', true],
  ['approx. 40 mln', undefined, '40000000', null, 'approx', true],
  ['3 亿元', undefined, '300000000', 'CNY', null, true],
  ['500万元', undefined, '5000000', 'CNY', null, true],
  ['1.5亿', undefined, '150000000', null, null, true],
  ['人民币 3亿5000万', undefined, '350000000', 'CNY', null, true],
  ['约 2000万元', undefined, '20000000', 'CNY', 'approx', true],
  // currencies and case endings
  ['1 200 теңгені', undefined, '1200', 'KZT', null, false],
  ['1 200 теңгеге', undefined, '1200', 'KZT', null, false],
  ['1 200 теңгеден астам', undefined, '1200', 'KZT', 'over', false],
  ['1 200 теңгенің', undefined, '1200', 'KZT', null, false],
  ['1 200 теңгелік', undefined, '1200', 'KZT', null, false],
  ['1 200 тенге', undefined, '1200', 'KZT', null, false],
  ['1 200 тг.', undefined, '1200', 'KZT', null, false],
  ['1 200 ₸', undefined, '1200', 'KZT', null, false],
  ['KZT 1 200', undefined, '1200', 'KZT', null, false],
  ['1200 tenge', undefined, '1200', 'KZT', null, false],
  ['1200 teńge', undefined, '1200', 'KZT', null, false],
  ['1200 ТЕҢГЕ', undefined, '1200', 'KZT', null, false],
  ['80 юань', undefined, '80', 'CNY', null, false],
  ['80 юаней', undefined, '80', 'CNY', null, false],
  ['80 юаня', undefined, '80', 'CNY', null, false],
  ['80 юані', undefined, '80', 'CNY', null, false],
  ['80 юанінің', undefined, '80', 'CNY', null, false],
  ['80 юаньнан', undefined, '80', 'CNY', null, false],
  ['80 yuan', undefined, '80', 'CNY', null, false],
  ['RMB 80', undefined, '80', 'CNY', null, false],
  ['CNY 80', undefined, '80', 'CNY', null, false],
  ['80元', undefined, '80', 'CNY', null, false],
  ['人民币80', undefined, '80', 'CNY', null, false],
  ['¥ 120 000', YUAN, '120000', 'CNY', null, false],
  ['¥ 120 000', { currency: 'CNY' }, '120000', 'CNY', null, false],
  ['$ 5', undefined, '5', 'USD', null, false],
  ['5 долларов', undefined, '5', 'USD', null, false],
  ['5 АҚШ доллары', undefined, '5', 'USD', null, false],
  ['5 млн долл. США', undefined, '5000000', 'USD', null, true],
  ['5 USD', undefined, '5', 'USD', null, false],
  ['€ 5', undefined, '5', 'EUR', null, false],
  ['5 евро', undefined, '5', 'EUR', null, false],
  ['5 EUR', undefined, '5', 'EUR', null, false],
  ['5 ₽', undefined, '5', 'RUB', null, false],
  ['5 рубль', undefined, '5', 'RUB', null, false],
  ['5 рублей', undefined, '5', 'RUB', null, false],
  ['5 руб.', undefined, '5', 'RUB', null, false],
  ['5 RUB', undefined, '5', 'RUB', null, false],
  ['5 тыс.руб.', undefined, '5000', 'RUB', null, true],
  // qualifiers
  ['свыше 5 млрд', undefined, '5000000000', null, 'over', true],
  ['более 5 млрд', undefined, '5000000000', null, 'over', true],
  ['не менее 5 млрд', undefined, '5000000000', null, 'over', true],
  ['5 млрд-тан астам', undefined, '5000000000', null, 'over', true],
  ['100-ден астам', undefined, '100', null, 'over', false],
  ['5 млрд асатын', undefined, '5000000000', null, 'over', true],
  ['шамамен 5 млрд', undefined, '5000000000', null, 'approx', true],
  ['около 5 млрд', undefined, '5000000000', null, 'approx', true],
  ['порядка 5 млрд', undefined, '5000000000', null, 'approx', true],
  ['5 млрд теңгеге жуық', undefined, '5000000000', 'KZT', 'approx', true],
  ['ШАМАМЕН 5 МЛРД ТЕҢГЕ', undefined, '5000000000', 'KZT', 'approx', true],
];

describe('parseAmount: real-world spellings', () => {
  test('the table is large', () => expect(READABLE.length).toBeGreaterThanOrEqual(80));
  test.each(READABLE)('%j (%j) → %s %s %s', (input, ctx, amount, currency, qualifier, unitInCell) => {
    const r = parseAmount(input, ctx);
    if (!r.ok) throw new Error(`unreadable: ${JSON.stringify(r)}`);
    expect(r.amount.toFixed()).toBe(B(amount).toFixed());
    expect(r.currency).toBe(currency);
    expect(r.qualifier).toBe(qualifier);
    if (unitInCell !== undefined) expect(r.unitInCell).toBe(unitInCell);
    expect(r.fromText).toBe(typeof input === 'string');
  });
});

describe('parseAmount: refusals', () => {
  const UNREADABLE = ['abc', '5 сом', '5-10', '5 – 10 млн', 'н/д', 'нет данных', '12 34', '1 2345', '12,34,5', '1,234.567,8', '5%', '5 млн млрд', 'млн 5', '2 млн 3 млрд', '(5', '5)', '-(5)', '5 $ тенге', '¥ 5 тенге', 'не более 5', 'more 5', '1 234 567.8.9', '2025 год', '5.', '1.2.3', '∞', 'NaN', '5 млрд-abc'];
  test.each(UNREADABLE)('%j is unreadable, not zero', (s) => {
    const r = parseAmount(s);
    expect(r).toEqual({ ok: false, reason: 'unreadable', text: s });
  });
  test.each(['', '   ', '\u00a0', '-', '—', '–', ' - '])('%j is empty', (s) => {
    expect(parseAmount(s)).toMatchObject({ ok: false, reason: 'empty' });
  });
  test('null is empty', () => expect(parseAmount(null)).toEqual({ ok: false, reason: 'empty', text: '' }));
  test('errors stay errors', () => {
    expect(parseAmount({ error: '#REF!' })).toEqual({ ok: false, reason: 'error', text: '#REF!' });
    expect(parseAmount('#N/A')).toEqual({ ok: false, reason: 'error', text: '#N/A' });
    expect(parseAmount(' #DIV/0! ')).toMatchObject({ ok: false, reason: 'error' });
  });
  test('booleans, dates and non-finite numbers are unreadable', () => {
    expect(parseAmount(true)).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(parseAmount(new Date(Date.UTC(2025, 9, 13)))).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(parseAmount(NaN)).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(parseAmount(Infinity)).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});

describe('parseAmount: details', () => {
  test('a number cell reads as Excel shows it (15 significant digits)', () => {
    const r = parseAmount(0.1 + 0.2);
    expect(r.ok && r.amount.toFixed()).toBe('0.3');
    const big = parseAmount(12345678901234567);
    expect(big.ok && big.amount.toFixed()).toBe('12345678901234600');
    const neg = parseAmount(-0);
    expect(neg.ok && neg.amount.toFixed()).toBe('0');
    const tiny = parseAmount(1.5e-7);
    expect(tiny.ok && tiny.amount.toFixed()).toBe('0.00000015');
  });
  test('a number cell keeps the column context and is not from text', () => {
    expect(parseAmount(2.5, { scale: B(1e9), currency: 'CNY', yuanContext: true })).toEqual({
      ok: true,
      amount: B('2500000000'),
      currency: 'CNY',
      currencyInCell: null,
      ambiguousYen: false,
      unitInCell: false,
      qualifier: null,
      fromText: false,
    });
  });
  test('"¥" without a yuan context is flagged, not guessed', () => {
    const r = parseAmount('¥ 120 000');
    expect(r).toMatchObject({ ok: true, currency: null, currencyInCell: null, ambiguousYen: true });
    const inKzt = parseAmount('¥ 120 000', { currency: 'KZT' });
    expect(inKzt).toMatchObject({ ok: true, currency: 'KZT', currencyInCell: null, ambiguousYen: true });
    const withYuan = parseAmount('¥ 120 000', YUAN);
    expect(withYuan).toMatchObject({ ok: true, currency: 'CNY', currencyInCell: 'CNY', ambiguousYen: false });
    expect(parseAmount('¥120 000 юань')).toMatchObject({ ok: true, currency: 'CNY', ambiguousYen: false });
  });
  test('currencyInCell versus the column currency', () => {
    expect(parseAmount('5 юань', { currency: 'KZT' })).toMatchObject({ currency: 'CNY', currencyInCell: 'CNY' });
    expect(parseAmount('5', { currency: 'KZT' })).toMatchObject({ currency: 'KZT', currencyInCell: null });
  });
  test('a unit in the cell overrides the heading unit; a bare figure takes it', () => {
    expect(parseAmount('21 млрд тг', { scale: B(1e6), currency: 'KZT' })).toMatchObject({ ok: true, amount: B('21e9'), unitInCell: true });
    expect(parseAmount('21', { scale: B(1e6), currency: 'KZT' })).toMatchObject({ ok: true, amount: B('21e6'), unitInCell: false });
  });
  test('never throws on odd inputs', () => {
    for (const s of ['\ud800', '(', ')', '((1))', '1e99999999', '1e400', '9'.repeat(5000), '1 ' + '000 '.repeat(2000), '-'.repeat(100), '¥¥¥', '亿亿', '万', 'more than', 'не', '.', ',', "'", '1-', '1-тан']) {
      expect(() => parseAmount(s)).not.toThrow();
    }
    expect(parseAmount('1e400').ok).toBe(false);
  });
});

describe('headingUnit', () => {
  test.each<[string, string | null, Currency | null, boolean]>([
    ['Құны, млрд теңге', '1e9', 'KZT', false],
    ['Стоимость (тыс. юаней)', '1e3', 'CNY', true],
    ['Value, USD mln', '1e6', 'USD', false],
    ['Сумма, млн. тг', '1e6', 'KZT', false],
    ['Инвестиции, млрд ₸', '1e9', 'KZT', false],
    ['Жоба құны (мың теңге)', '1e3', 'KZT', false],
    ['Құны, млн АҚШ доллары', '1e6', 'USD', false],
    ['Стоимость, млн юаней', '1e6', 'CNY', true],
    ['Сумма, 万元', '1e4', 'CNY', true],
    ['Cost ($m)', '1e6', 'USD', false],
    ['Сумма, тенге', null, 'KZT', false],
    ['Сумма', null, null, false],
    ['Type B', null, null, false],
    ['Доля, %', null, null, false],
    ['Capacity, thousand tonnes', '1e3', null, false],
  ])('%j', (h, scale, currency, yuan) => {
    const r = headingUnit(h);
    expect(r.scale === null ? null : r.scale.toFixed()).toBe(scale === null ? null : B(scale).toFixed());
    expect(r.currency).toBe(currency);
    expect(r.yuan).toBe(yuan);
  });
});

describe('roundMoney and moneyString', () => {
  test('half away from zero', () => {
    expect(roundMoney(B('2.345')).toFixed()).toBe('2.35');
    expect(roundMoney(B('-2.345')).toFixed()).toBe('-2.35');
    expect(roundMoney(B('2.344')).toFixed()).toBe('2.34');
    expect(roundMoney(B('-2.344')).toFixed()).toBe('-2.34');
    expect(roundMoney(B('0.005')).toFixed()).toBe('0.01');
    expect(roundMoney(B('-0.005')).toFixed()).toBe('-0.01');
    expect(roundMoney(B('2.5'), 0).toFixed()).toBe('3');
    expect(roundMoney(B('-2.5'), 0).toFixed()).toBe('-3');
    expect(roundMoney(B('1234.5678'), 3).toFixed()).toBe('1234.568');
  });
  test('rounding does not depend on Big.RM', () => {
    const rm = Big.RM;
    try {
      Big.RM = Big.roundDown;
      expect(roundMoney(B('2.345')).toFixed()).toBe('2.35');
      expect(moneyString(B('2.345'))).toBe('2.35');
    } finally {
      Big.RM = rm;
    }
  });
  test('moneyString', () => {
    expect(moneyString(B('18500000000'))).toBe('18500000000.00');
    expect(moneyString(B('1e21'))).toBe('1000000000000000000000.00');
    expect(moneyString(B('-1234.565'))).toBe('-1234.57');
    expect(moneyString(B('0.1'))).toBe('0.10');
    expect(moneyString(B('-0.001'))).toBe('0.00');
    expect(moneyString(B('1e-9'))).toBe('0.00');
    expect(moneyString(null)).toBeNull();
  });
  test('CURRENCIES', () => expect([...CURRENCIES]).toEqual(['KZT', 'CNY', 'USD', 'EUR', 'RUB']));
});

// ---------------------------------------------------------------------------------------------
// Properties

/** An amount in tiyn (minor units): up to 15 significant digits with 2 decimals. */
const minorUnits = fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n });

function toDecimal(minor: bigint): { sign: string; int: string; frac: string } {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  return { sign: neg ? '-' : '', int: (abs / 100n).toString(), frac: (abs % 100n).toString().padStart(2, '0') };
}
function group(int: string, sep: string): string {
  let out = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += sep;
    out += int[i];
  }
  return out;
}
const exact = (minor: bigint) => B(minor.toString()).div(100);

type Style = { name: string; write: (minor: bigint) => string; ctx?: AmountContext };
const neg = (sign: string, body: string, how: 'minus' | 'unicode' | 'paren') => (sign ? (how === 'paren' ? `(${body})` : how === 'unicode' ? `\u2212${body}` : `-${body}`) : body);
const STYLES: Style[] = [
  { name: 'plain point', write: (m) => { const d = toDecimal(m); return `${d.sign}${d.int}.${d.frac}`; } },
  { name: 'plain comma', write: (m) => { const d = toDecimal(m); return `${d.sign}${d.int},${d.frac}`; } },
  ...[' ', '\u00a0', '\u202f', '\u2009', "'"].map((sep) => ({
    name: `group ${JSON.stringify(sep)} comma`,
    write: (m: bigint) => { const d = toDecimal(m); return neg(d.sign, `${group(d.int, sep)},${d.frac}`, 'unicode'); },
  })),
  { name: 'english', ctx: { decimal: '.' }, write: (m) => { const d = toDecimal(m); return neg(d.sign, `${group(d.int, ',')}.${d.frac}`, 'minus'); } },
  { name: 'continental', ctx: { decimal: ',' }, write: (m) => { const d = toDecimal(m); return neg(d.sign, `${group(d.int, '.')},${d.frac}`, 'paren'); } },
  { name: 'integer groups, english column', ctx: { decimal: '.' }, write: (m) => { const d = toDecimal(m - (m % 100n)); return neg(d.sign, group(d.int, ','), 'minus'); } },
];
// Units: the figure divided by the unit, written with a decimal comma and the unit word.
const UNITS: [string, number][] = [['тыс.', 3], ['мың', 3], ['млн', 6], ['миллион', 6], ['миллиона', 6], ['млрд', 9], ['миллиард', 9], ['миллиардов', 9], ['mln', 6], ['bn', 9], ['трлн', 12], ['万', 4], ['亿', 8]];
const CURRENCY_WORDS: [string, Currency, 'before' | 'after'][] = [['теңге', 'KZT', 'after'], ['теңгеден', 'KZT', 'after'], ['тенге', 'KZT', 'after'], ['тг', 'KZT', 'after'], ['₸', 'KZT', 'after'], ['KZT', 'KZT', 'before'], ['юань', 'CNY', 'after'], ['юаней', 'CNY', 'after'], ['元', 'CNY', 'after'], ['CNY', 'CNY', 'before'], ['$', 'USD', 'before'], ['долларов', 'USD', 'after'], ['€', 'EUR', 'before'], ['евро', 'EUR', 'after'], ['₽', 'RUB', 'after'], ['рублей', 'RUB', 'after']];

describe('properties', () => {
  test.each(STYLES.map((s) => [s.name, s] as const))('every written amount reads back exactly: %s', (_name, style) => {
    fc.assert(
      fc.property(minorUnits, (m) => {
        const text = style.write(m);
        const r = parseAmount(text, style.ctx);
        const want = style.name.startsWith('integer') ? exact(m - (m % 100n)) : exact(m);
        return r.ok && r.amount.eq(want) && r.fromText;
      }),
      { numRuns: 2000 },
    );
  });

  test('a figure written with a unit word reads back exactly', () => {
    fc.assert(
      fc.property(minorUnits, fc.constantFrom(...UNITS), fc.boolean(), (m, [word, exp], space) => {
        const value = exact(m).div(new Big(10).pow(exp)); // exact: a division by a power of ten
        const text = value.toFixed().replace('.', ',') + (space ? ' ' : '') + word;
        const r = parseAmount(text, { scale: B(1e6) });
        return r.ok && r.amount.eq(exact(m)) && r.unitInCell;
      }),
      { numRuns: 3000 },
    );
  });

  test('a figure written with a currency word reads back exactly with its currency', () => {
    fc.assert(
      fc.property(minorUnits, fc.constantFrom(...CURRENCY_WORDS), (m, [word, cur, where]) => {
        const d = toDecimal(m);
        const num = `${d.sign}${group(d.int, ' ')},${d.frac}`;
        const text = where === 'before' ? `${word} ${num}` : `${num} ${word}`;
        const r = parseAmount(text);
        return r.ok && r.amount.eq(exact(m)) && r.currency === cur && r.currencyInCell === cur;
      }),
      { numRuns: 3000 },
    );
  });

  test('a compound figure reads back as its sum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }), (a, b, c) => {
        const text = `${a} млрд ${b} млн ${c} тыс. тенге`;
        const r = parseAmount(text);
        return r.ok && r.amount.eq(B(a).times(1e9).plus(B(b).times(1e6)).plus(B(c).times(1e3))) && r.currency === 'KZT';
      }),
    );
  });

  test('a number cell reads as its shortest text', () => {
    fc.assert(
      fc.property(minorUnits, (m) => {
        const n = Number(m) / 100;
        const r = parseAmount(n);
        return r.ok && r.amount.eq(new Big(n.toPrecision(15)));
      }),
      { numRuns: 5000 },
    );
  });

  test('never throws on arbitrary strings', () => {
    const safe = (s: string) => {
      const r = parseAmount(s);
      return r.ok ? r.amount instanceof Big : ['empty', 'unreadable', 'error'].includes(r.reason);
    };
    fc.assert(fc.property(fc.string(), safe), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), safe), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), safe), { numRuns: 2000 });
    // Strings made of the pieces the reader knows reach its deeper paths.
    const piece = fc.constantFrom('1', '23', '456', ' ', '\u00a0', ',', '.', "'", '-', '−', '(', ')', '+', 'e', 'E+', 'млн', 'млрд', 'тыс.', 'теңге', '-тан', '¥', '$', '万', '亿', '元', 'более', 'more', 'than', '≈', '~', '#REF!', '—');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), safe), { numRuns: 20000 });
  });

  test('sumMoney over 100 000 random figures equals a BigInt reference to the tiyn', () => {
    const figures = fc.sample(minorUnits, { numRuns: 100000, seed: 42 });
    let ref = 0n;
    const bigs: Big[] = [];
    for (const m of figures) {
      ref += m;
      bigs.push(exact(m));
    }
    const total = sumMoney(bigs);
    expect(total.times(100).toFixed()).toBe(ref.toString());
    expect(sumMoney([]).toFixed()).toBe('0');
    expect(sumMoney([B('0.1'), B('0.2')]).toFixed()).toBe('0.3');
  });
});
