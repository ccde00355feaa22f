/**
 * The header and label searches cost what their texts are worth (issue #13, item 6): a heading or a
 * row's label is never longer than LABEL_MAX, so a sheet whose cells all hold one huge string is read
 * without folding or searching more than LABEL_MAX characters of any of them.
 */
import fc from 'fast-check';
import type { CellValue, Grid } from '../../../src/core/grid/grid';
import { findHeader, matchField, readRegister, RegisterStream, totalLabel, type RegisterRow } from '../../../src/core/register/register';
import { fold, hasPhrase, hasStem, LABEL_MAX, labelText, textWork } from '../../../src/core/grid/text';

/** About 1 MB of text full of words a heading or a total label would hold. */
const HUGE = 'Итого Барлығы Жобаның атауы Статус Құны, млн теңге total '.repeat(18000);

describe('a sheet whose cells hold one huge string', () => {
  const COLS = 400;
  /** 29 rows of 400 huge cells above the header, the header (with huge cells beyond its 4 columns), and 20 projects with huge notes: 12 016 huge cells. */
  function hugeGrid(): Grid {
    const values: CellValue[][] = [];
    for (let r = 0; r < 29; r++) values.push(new Array<CellValue>(COLS).fill(HUGE));
    values.push(['№', 'Жобаның атауы', 'Құны, млн теңге', 'Ескертпе', ...new Array<CellValue>(COLS - 4).fill(HUGE)]);
    for (let i = 1; i <= 20; i++) values.push([i, `Жоба ${i}`, 10 * i, HUGE]);
    const width = Math.max(...values.map((v) => v.length));
    for (const v of values) while (v.length < width) v.push(null);
    return { sheet: 'S', origin: { row: 1, col: 1 }, values, formats: [], merges: [] };
  }

  const hugeCells = (g: Grid) => g.values.reduce((n, row) => n + row.filter((v) => v === HUGE).length, 0);

  test('the header below 29 rows of huge cells is found and the projects read right, folding no more than LABEL_MAX characters of any huge cell', () => {
    const g = hugeGrid();
    expect(hugeCells(g)).toBe(12016);
    expect(HUGE.length).toBeGreaterThan(1_000_000);
    const before = textWork.folded;
    const r = readRegister(g);
    const folded = textWork.folded - before;
    if (!r.ok) throw new Error(r.problem);
    const reg = r.register;
    expect(reg.header.rows).toEqual([30]);
    expect(reg.header.columns.map((c) => [c.field, c.col])).toEqual([['number', 1], ['name', 2], ['KZT', 3], ['notes', 4]]);
    expect(reg.counts).toEqual({ project: 20, total: 0, subtotal: 0, heading: 0, blank: 0, note: 0 });
    expect(reg.rows.map((x) => x.name)).toEqual(Array.from({ length: 20 }, (_, i) => `Жоба ${i + 1}`));
    expect(reg.rows[19].amounts.KZT?.ok && reg.rows[19].amounts.KZT.amount.toFixed()).toBe('200000000');
    // The header labels of huge cells are cut: nothing of a megabyte is kept as a label.
    expect(Math.max(...reg.header.labels.map((l) => l.length))).toBeLessThanOrEqual(3 * (LABEL_MAX + 1) + 2);
    // An operation count, not a timing: the searches folded less than one huge cell's worth in all,
    // where folding each huge cell once would be 12 000 × 1 MB.
    expect(folded).toBeLessThan(HUGE.length);
  });

  test('a streamed read of the same rows gives the same register, with the same bound', () => {
    const g = hugeGrid();
    const rows: RegisterRow[] = [];
    const before = textWork.folded;
    const s = new RegisterStream('S', {}, (row) => rows.push(row));
    g.values.forEach((v, i) => s.push(v, i + 1));
    const end = s.end();
    expect(textWork.folded - before).toBeLessThan(HUGE.length);
    if (!end.ok) throw new Error(end.problem);
    expect(end.header.rows).toEqual([30]);
    expect(rows.map((x) => [x.row, x.kind, x.name])).toEqual(Array.from({ length: 20 }, (_, i) => [31 + i, 'project', `Жоба ${i + 1}`]));
  });

  test('a huge text is no heading and no total label, and deciding so folds nothing', () => {
    const before = textWork.folded;
    expect(matchField(HUGE)).toBeNull();
    expect(totalLabel(HUGE)).toBeNull();
    expect(textWork.folded - before).toBe(0);
    // A huge name in a project row leaves the row a project, named in full.
    const g: Grid = { sheet: 'S', origin: { row: 1, col: 1 }, values: [['Жобаның атауы', 'Құны, млн теңге'], [HUGE, 5], ['Итого', 5]], formats: [], merges: [] };
    const r = readRegister(g);
    if (!r.ok) throw new Error(r.problem);
    expect(r.register.rows.map((x) => x.kind)).toEqual(['project', 'total']);
    expect(r.register.rows[0].name?.length).toBe(HUGE.trim().length);
  });

  test('a sheet of nothing but huge cells has no header (NO_HEADER), found without folding them', () => {
    const values: CellValue[][] = Array.from({ length: 30 }, () => new Array<CellValue>(400).fill(HUGE));
    const before = textWork.folded;
    expect(findHeader({ sheet: 'S', origin: { row: 1, col: 1 }, values, formats: [], merges: [] })).toBeNull();
    expect(textWork.folded - before).toBe(0);
  });
});

describe('labels are cut at LABEL_MAX', () => {
  test('labelText keeps a short text as cellText does, and cuts a long one to LABEL_MAX characters and "…"', () => {
    expect(labelText('  Құны,\n млн   теңге ')).toBe('Құны, млн теңге');
    expect(labelText(12.5)).toBe('12.5');
    expect(labelText('x'.repeat(LABEL_MAX))).toBe('x'.repeat(LABEL_MAX));
    expect(labelText('x'.repeat(LABEL_MAX + 1))).toBe('x'.repeat(LABEL_MAX) + '…');
    expect(labelText(HUGE)).toHaveLength(LABEL_MAX + 1);
  });

  test('a heading of a few hundred characters still maps; one longer than LABEL_MAX does not', () => {
    const long = 'Жобаның құны, млн теңге (' + 'қосымша түсініктеме '.repeat(20) + ')';
    expect(long.length).toBeLessThan(LABEL_MAX);
    expect(matchField(long)?.field).toBe('value');
    expect(matchField('Жобаның құны, млн теңге ' + 'ә'.repeat(LABEL_MAX))).toBeNull();
  });
});

describe('hasPhrase and hasStem match whole words as before, without copying the text', () => {
  const oldPhrase = (folded: string, phrase: string) => !!phrase && (' ' + folded + ' ').indexOf(' ' + phrase + ' ') >= 0;
  const oldStem = (folded: string, stem: string) => (' ' + folded).includes(' ' + stem);
  const word = fc.string({ maxLength: 4, unit: fc.constantFrom('а', 'б', 'н', 'o', 'n', 'т', 'ә') });
  const text = fc.array(word, { maxLength: 8 }).map((ws) => fold(ws.join(' ')));
  const phrase = fc.array(word, { minLength: 1, maxLength: 2 }).map((ws) => fold(ws.join(' ')));

  test('property: the same answers as the old concatenating versions', () => {
    fc.assert(fc.property(text, phrase, (t, p) => {
      expect(hasPhrase(t, p)).toBe(oldPhrase(t, p));
      expect(hasStem(t, p)).toBe(oldStem(t, p));
    }), { numRuns: 3000 });
  });

  test('examples', () => {
    expect(hasPhrase('жобанын атауы', 'атауы')).toBe(true);
    expect(hasPhrase('жобанын атауы', 'атау')).toBe(false);
    expect(hasPhrase('no no', 'no')).toBe(true);
    expect(hasPhrase('nono no', 'no')).toBe(true);
    expect(hasPhrase('nono', 'no')).toBe(false);
    expect(hasStem('курылыс салу', 'курыл')).toBe(true);
    expect(hasStem('салу курылыс', 'рыл')).toBe(false);
  });
});
