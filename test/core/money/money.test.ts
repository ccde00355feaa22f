import Big from 'big.js';
import fc from 'fast-check';
import { CURRENCIES, headingUnit, moneyString, parseAmount, roundMoney, sumMoney, type AmountContext, type Currency } from '../../../src/core/money/money';
import { READABLE, UNREADABLE, YUAN } from '../../support/money-spellings';

const B = (x: string | number) => new Big(x);
// The spellings are shared with the worksheet functions' tests (test/core/functions): one table.
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
    // In a tenge column "¥" is still yuan or yen, never tenge: no currency, not the column's.
    expect(inKzt).toMatchObject({ ok: true, currency: null, currencyInCell: null, ambiguousYen: true });
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
