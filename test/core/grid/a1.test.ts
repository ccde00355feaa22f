/**
 * The one A1-address utility (src/core/grid/a1.ts): column letters ↔ numbers, cell addresses ↔ (row,
 * column), ranges; round trips over the whole sheet, Excel's own landmarks, and bad input refused.
 */
import fc from 'fast-check';
import { parseMapping } from '../../../src/cli/main';
import { UsageError } from '../../../src/cli/common';
import { mappingColumns, parseSettings } from '../../../src/excel/settings';
import { cellAddress, columnLetters, columnNumber, isColumnLetters, MAX_COLUMN, MAX_ROW, parseAddress, parseRange, rangeAddress, refColumn, refRow } from '../../../src/core/grid/a1';

const column = fc.integer({ min: 1, max: MAX_COLUMN });
const row = fc.integer({ min: 1, max: MAX_ROW });

describe('column letters', () => {
  test.each([
    [1, 'A'], [2, 'B'], [26, 'Z'], [27, 'AA'], [52, 'AZ'], [53, 'BA'], [702, 'ZZ'], [703, 'AAA'], [16384, 'XFD'],
  ])('%i is %s, and back', (n, letters) => {
    expect(columnLetters(n)).toBe(letters);
    expect(columnNumber(letters)).toBe(n);
    expect(columnNumber(letters.toLowerCase())).toBe(n);
    expect(isColumnLetters(letters)).toBe(true);
  });

  test('every column of the sheet round-trips, and letters grow in the order of the numbers', () => {
    fc.assert(fc.property(column, (n) => {
      const s = columnLetters(n);
      expect(s).toMatch(/^[A-Z]{1,3}$/);
      expect(columnNumber(s)).toBe(n);
    }), { numRuns: 2000 });
    // Exhaustively too: 16 384 is small.
    let prev = '';
    for (let n = 1; n <= MAX_COLUMN; n++) {
      const s = columnLetters(n);
      expect(s.length > prev.length || (s.length === prev.length && s > prev)).toBe(true);
      expect(columnNumber(s)).toBe(n);
      prev = s;
    }
  });

  test('letters past XFD are written, to name a cell beyond the sheet in a message, but not read as a column', () => {
    expect(columnLetters(16385)).toBe('XFE');
    expect(columnLetters(18278)).toBe('ZZZ');
    expect(columnLetters(18279)).toBe('AAAA');
    for (const bad of ['XFE', 'ZZZ', 'AAAA']) {
      expect(isColumnLetters(bad)).toBe(false);
      expect(() => columnNumber(bad)).toThrow(RangeError);
    }
  });

  test.each([0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53])('column number %p is refused', (n) => {
    expect(() => columnLetters(n)).toThrow(RangeError);
  });

  test.each(['', 'A1', '1', 'A B', 'Ä', 'Ж', '$A', ' A', 'A-'])('letters %p are refused', (s) => {
    expect(isColumnLetters(s)).toBe(false);
    expect(() => columnNumber(s)).toThrow(RangeError);
  });

  test('any string that is not 1–3 ASCII letters within XFD is refused', () => {
    const letters = fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('A', 'D', 'F', 'X', 'Z', 'x', 'z', '1', '$', ' ') });
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 5 }), letters), (s) => {
      // Same-length upper-case letters compare as their columns do.
      const ok = /^[A-Za-z]{1,3}$/.test(s) && (s.length < 3 || s.toUpperCase() <= 'XFD');
      expect(isColumnLetters(s)).toBe(ok);
      if (ok) expect(columnLetters(columnNumber(s))).toBe(s.toUpperCase());
    }), { numRuns: 3000 });
  });
});

describe('cell addresses', () => {
  test('every cell of the sheet round-trips, with or without $ and in either case', () => {
    fc.assert(fc.property(row, column, fc.boolean(), fc.boolean(), (r, c, abs, lower) => {
      const a = cellAddress(r, c);
      expect(parseAddress(a)).toEqual({ row: r, col: c });
      let b = abs ? `$${columnLetters(c)}$${r}` : a;
      if (lower) b = b.toLowerCase();
      expect(parseAddress(` ${b} `)).toEqual({ row: r, col: c });
    }), { numRuns: 2000 });
  });

  test('Excel\'s corners', () => {
    expect(cellAddress(1, 1)).toBe('A1');
    expect(cellAddress(3, 2)).toBe('B3');
    expect(cellAddress(MAX_ROW, MAX_COLUMN)).toBe('XFD1048576');
    expect(parseAddress('XFD1048576')).toEqual({ row: MAX_ROW, col: MAX_COLUMN });
  });

  test.each(['', 'A', '1', 'A0', 'A1048577', 'XFE1', 'AAAA1', '1A', 'A1B', 'A-1', 'A1.5', 'Sheet1!A1', 'A1:B2', '$$A1', 'A 1'])('%p is not a cell address', (s) => {
    expect(parseAddress(s)).toBeNull();
  });

  test.each([[0, 1], [1, 0], [MAX_ROW + 1, 1], [1, MAX_COLUMN + 1], [1.5, 1], [1, 2.5]])('cell (%p, %p) is off the sheet and refused', (r, c) => {
    expect(() => cellAddress(r, c)).toThrow(RangeError);
  });
});

describe('ranges', () => {
  test('every rectangle round-trips, whichever corners it was written from', () => {
    fc.assert(fc.property(row, column, row, column, (r0, c0, r1, c1) => {
      const range = { top: Math.min(r0, r1), left: Math.min(c0, c1), bottom: Math.max(r0, r1), right: Math.max(c0, c1) };
      const a = rangeAddress(range);
      expect(parseRange(a)).toEqual(range);
      expect(parseRange(`${cellAddress(r1, c1)}:${cellAddress(r0, c0)}`)).toEqual(range);
      expect(parseRange(`'My sheet'!${a}`)).toEqual(range);
    }), { numRuns: 1000 });
  });

  test('one cell is written as a cell', () => {
    expect(rangeAddress({ top: 4, left: 1, bottom: 4, right: 1 })).toBe('A4');
    expect(rangeAddress({ top: 4, left: 1, bottom: 6, right: 28 })).toBe('A4:AB6');
    expect(parseRange('$A$4:$AB$6')).toEqual({ top: 4, left: 1, bottom: 6, right: 28 });
  });

  test.each(['', 'A1:', ':B2', 'A1:B2:C3', 'A:C', '1:3', 'A1:XFE2', 'A0:B2'])('%p is not a range of cells', (s) => {
    expect(parseRange(s)).toBeNull();
  });
});

describe('lenient scans of a file\'s references', () => {
  test('the column and row of a reference, as the .xlsx reader needs them', () => {
    expect(refColumn('AB12')).toBe(28);
    expect(refColumn('ab12')).toBe(28);
    expect(refColumn('12')).toBe(0);
    expect(refColumn('XFE1')).toBe(16385);
    expect(refColumn('AAAAAA1')).toBe(Infinity);
    expect(refRow('AB12')).toBe(12);
    expect(refRow('AB')).toBeNaN();
    expect(refRow('A1x')).toBeNaN();
    expect(refRow('A1234567890')).toBe(Infinity);
  });

  test('they agree with the strict parser on every address of the sheet', () => {
    fc.assert(fc.property(row, column, (r, c) => {
      const a = cellAddress(r, c);
      expect(refColumn(a)).toBe(c);
      expect(refRow(a)).toBe(r);
    }), { numRuns: 1000 });
  });
});

describe('where users give columns, a column off the sheet is refused (it used to become column 18 278)', () => {
  test('the CLI\'s --map', () => {
    expect(parseMapping(['KZT=F', 'name = xfd'])).toEqual({ KZT: 6, name: 16384 });
    expect(() => parseMapping(['KZT=XFE'])).toThrow(UsageError);
    expect(() => parseMapping(['KZT=ZZZ'])).toThrow(UsageError);
  });

  test('a mapping kept in the workbook\'s settings', () => {
    const s = parseSettings({ mappings: { 'sheet:A': { KZT: 'F', CNY: 'XFD', name: 'ZZZ', date: 'f' } } });
    expect(s.mappings).toEqual({ 'sheet:A': { KZT: 'F', CNY: 'XFD' } });
    expect(mappingColumns({ KZT: 'F', name: 'ZZZ' })).toEqual({ KZT: 6 });
  });
});
