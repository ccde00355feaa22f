/**
 * Marks of the checks in the register (src/excel/marks.ts) against the in-memory Excel: a fill in the
 * severity's colour and a note per cell; one "Clear marks" gives every cell its own fill back exactly
 * and removes only the tool's notes; notes fall back to comments, then to the fill alone, on older hosts.
 */
import { clearMarks, MARK_FILL, MARKS_KEY, MarksNotPlacedError, NOTE_PREFIX, placeMarks, readMarks, type MarkRequest, type MarksRecord } from '../../src/excel/marks';
import { SettingsSaveError, type SettingsStore } from '../../src/excel/settings';
import { addFakeComment, addFakeNote, createFakeWorkbook, fakeComments, fakeNotes, installFakeOffice, savedFakeSettings, type FakeExcel, type FakeSettings } from '../support/fake-excel';

const SHEET = 'Тізілім 2025-10';
const ctxOf = (c: unknown) => c as Excel.RequestContext;

function setup(apiVersion = '1.18') {
  const fake = createFakeWorkbook(
    {
      [SHEET]: {
        values: [
          ['№', 'Жобаның атауы', 'Құны, млрд теңге', 'Күні'],
          [1, 'Цемент зауыты', 'жиырма', '31.02.2025'],
          [2, 'Агро кешен', 12, null],
          [3, 'Жылыжай', '#REF!', '2025-10-10'],
        ],
      },
      Басқа: { values: [['x']] },
    },
    { apiVersion },
  );
  const office = installFakeOffice({}, fake);
  const store = office.context.document?.settings as FakeSettings;
  return { fake, store: store as unknown as SettingsStore & FakeSettings };
}

/** Give cells fills of the user's own before marking (through the API, as a user's Excel holds them). */
async function paint(fake: FakeExcel, fills: Record<string, string>) {
  await fake.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(SHEET);
    for (const [cell, color] of Object.entries(fills)) ws.getRange(cell).format.fill.color = color;
    await ctx.sync();
  });
}

const looks = (fake: FakeExcel, cells: string[]) => Object.fromEntries(cells.map((c) => [c, fake.cell(SHEET, c).look]));

const REQUESTS: MarkRequest[] = [
  { sheet: SHEET, cell: 'C2', severity: 'error', message: 'Сома оқылмайды.' },
  { sheet: SHEET, cell: 'D2', severity: 'warning', message: 'Күн оқылмайды.' },
  { sheet: SHEET, cell: 'D3', severity: 'info', message: 'Күн жоқ.' },
  { sheet: SHEET, cell: 'C4', severity: 'error', message: 'Ұяшықта #REF! қатесі бар.' },
  { sheet: SHEET, cell: 'C4', severity: 'warning', message: 'Тағы бір ескерту.' },
];
const CELLS = ['C2', 'D2', 'D3', 'C4'];

function mark(fake: FakeExcel, store: SettingsStore, requests = REQUESTS, max?: number, batch?: number) {
  return fake.run((ctx) => placeMarks(ctxOf(ctx), requests, { store, supports: (v) => fake.isSetSupported('ExcelApi', v), max, batch }));
}

/** Fail the `nth` sync after the record of the marks was saved as under way (the nth batch of marks). */
function failMarkBatch(fake: FakeExcel, store: SettingsStore & FakeSettings, nth: number, code = 'AccessDenied') {
  let armedAt = -1;
  const set = store.set.bind(store);
  store.set = (k: string, v: unknown) => {
    set(k, v);
    if (k === MARKS_KEY && (v as MarksRecord).state === 'marking') armedAt = fake.stats.syncs;
  };
  fake.failSync(code, (n) => armedAt >= 0 && n === armedAt + nth);
}

function clear(fake: FakeExcel, store: SettingsStore) {
  return fake.run((ctx) => clearMarks(ctxOf(ctx), { store, supports: (v) => fake.isSetSupported('ExcelApi', v) }));
}

describe('marking the cells with findings', () => {
  test('a fill in the severity\'s colour and a note per cell; the most severe finding colours a cell with several', async () => {
    const { fake, store } = setup();
    const report = await mark(fake, store);
    expect(report).toEqual({ marked: 4, cells: 4, noteKind: 'note', userNotesKept: 0, skipped: 0 });
    expect(fake.cell(SHEET, 'C2').look['fill.color']).toBe(MARK_FILL.error);
    expect(fake.cell(SHEET, 'D2').look['fill.color']).toBe(MARK_FILL.warning);
    expect(fake.cell(SHEET, 'D3').look['fill.color']).toBe(MARK_FILL.info);
    expect(fake.cell(SHEET, 'C4').look['fill.color']).toBe(MARK_FILL.error);
    const notes = fakeNotes(fake, SHEET);
    expect(Object.keys(notes).sort()).toEqual(['C2', 'C4', 'D2', 'D3']);
    expect(notes.C2).toBe(`${NOTE_PREFIX}\n• Сома оқылмайды.`);
    expect(notes.C4).toBe(`${NOTE_PREFIX}\n• Ұяшықта #REF! қатесі бар.\n• Тағы бір ескерту.`);
    // the values are untouched
    expect(fake.readSheet(SHEET).values[1]).toEqual([1, 'Цемент зауыты', 'жиырма', '31.02.2025']);
  });

  test('the cells\' own fills are saved in the workbook\'s settings before anything is marked', async () => {
    const { fake, store } = setup();
    await paint(fake, { C2: '#FFFF00' });
    await mark(fake, store);
    const saved = savedFakeSettings(fake)[MARKS_KEY] as { cells: { cell: string; fill: { color: string; pattern: string } }[] };
    const byCell = Object.fromEntries(saved.cells.map((c) => [c.cell, c.fill]));
    expect(byCell.C2).toEqual({ color: '#FFFF00', pattern: 'Solid' });
    expect(byCell.D2).toEqual({ color: '#FFFFFF', pattern: 'None' });
  });

  test('Clear marks restores every cell\'s own formatting exactly and removes the tool\'s notes', async () => {
    const { fake, store } = setup();
    await paint(fake, { C2: '#FFFF00', D3: '#C6EFCE' });
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem(SHEET).getRange('D2');
      r.format.font.bold = true;
      await ctx.sync();
    });
    const before = looks(fake, CELLS);
    await mark(fake, store);
    expect(looks(fake, CELLS)).not.toEqual(before);
    const report = await clear(fake, store);
    expect(report).toEqual({ restored: 4, keptUserChanges: 0, notesRemoved: 4 });
    expect(looks(fake, CELLS)).toEqual(before);
    expect(fakeNotes(fake, SHEET)).toEqual({});
    expect(readMarks(store)).toBeNull();
    expect(savedFakeSettings(fake)[MARKS_KEY]).toBeUndefined();
    // a second clear has nothing to do
    expect(await clear(fake, store)).toEqual({ restored: 0, keptUserChanges: 0, notesRemoved: 0 });
  });

  test('a cell with a note of the user\'s keeps it (the fill alone marks it), and clearing leaves it', async () => {
    const { fake, store } = setup();
    addFakeNote(fake, SHEET, 'C2', 'Менің ескертпем');
    const report = await mark(fake, store);
    expect(report.userNotesKept).toBe(1);
    expect(fakeNotes(fake, SHEET).C2).toBe('Менің ескертпем');
    expect(fake.cell(SHEET, 'C2').look['fill.color']).toBe(MARK_FILL.error);
    await clear(fake, store);
    expect(fakeNotes(fake, SHEET)).toEqual({ C2: 'Менің ескертпем' });
    expect(fake.cell(SHEET, 'C2').look).toEqual({});
  });

  test('a cell the user re-coloured after marking keeps the user\'s colour', async () => {
    const { fake, store } = setup();
    await mark(fake, store);
    await paint(fake, { D2: '#00B050' });
    const report = await clear(fake, store);
    expect(report.keptUserChanges).toBe(1);
    expect(fake.cell(SHEET, 'D2').look['fill.color']).toBe('#00B050');
    expect(fake.cell(SHEET, 'C2').look).toEqual({});
  });

  test('marking again clears the earlier marks first: a mark is never saved as a cell\'s own fill', async () => {
    const { fake, store } = setup();
    await paint(fake, { C2: '#FFFF00' });
    await mark(fake, store);
    await mark(fake, store, REQUESTS.slice(0, 1));
    expect(fake.cell(SHEET, 'D2').look).toEqual({});
    expect(Object.keys(fakeNotes(fake, SHEET))).toEqual(['C2']);
    await clear(fake, store);
    expect(fake.cell(SHEET, 'C2').look).toEqual({ 'fill.color': '#FFFF00' });
  });

  test('a renamed sheet is still found by its id when clearing', async () => {
    const { fake, store } = setup();
    await mark(fake, store);
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(SHEET).name = 'Жаңа атау';
      await ctx.sync();
    });
    const report = await clear(fake, store);
    expect(report.restored).toBe(4);
    expect(fake.cell('Жаңа атау', 'C2').look).toEqual({});
  });

  test('at most `max` cells are marked, errors first', async () => {
    const { fake, store } = setup();
    const report = await mark(fake, store, REQUESTS, 2);
    expect(report).toMatchObject({ marked: 2, cells: 4 });
    expect(fake.cell(SHEET, 'C2').look['fill.color']).toBe(MARK_FILL.error);
    expect(fake.cell(SHEET, 'C4').look['fill.color']).toBe(MARK_FILL.error);
    expect(fake.cell(SHEET, 'D2').look).toEqual({});
  });

  test('when the record cannot be saved, nothing is marked', async () => {
    const { fake, store } = setup();
    store.failSaves = 1;
    await expect(mark(fake, store)).rejects.toBeInstanceOf(SettingsSaveError);
    expect(looks(fake, CELLS)).toEqual({ C2: {}, D2: {}, D3: {}, C4: {} });
    expect(fakeNotes(fake, SHEET)).toEqual({});
  });

  test('a batch of marks that fails part-way: the marks made are taken off again and the record deleted — nothing half marked', async () => {
    const { fake, store } = setup();
    await paint(fake, { C2: '#FFFF00' });
    addFakeNote(fake, SHEET, 'D3', 'Менің ескертпем');
    const before = looks(fake, CELLS);
    failMarkBatch(fake, store, 2); // the first batch (C2, C4: the errors) goes through, the second is refused
    const err = await mark(fake, store, REQUESTS, undefined, 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MarksNotPlacedError);
    expect((err as MarksNotPlacedError).reason).toMatchObject({ code: 'AccessDenied' });
    expect(looks(fake, CELLS)).toEqual(before);
    expect(fakeNotes(fake, SHEET)).toEqual({ D3: 'Менің ескертпем' });
    expect(readMarks(store)).toBeNull();
    expect(savedFakeSettings(fake)[MARKS_KEY]).toBeUndefined();
  });

  test('while the marks go on, the record says so; once they are all made, it says done', async () => {
    const { fake, store } = setup();
    const states: string[] = [];
    const set = store.set.bind(store);
    store.set = (k: string, v: unknown) => {
      set(k, v);
      if (k === MARKS_KEY) states.push(`${(v as MarksRecord).state}@${fake.cell(SHEET, 'C2').look['fill.color'] ?? 'own'}`);
    };
    await mark(fake, store);
    expect(states).toEqual(['marking@own', `done@${MARK_FILL.error}`]);
    expect(readMarks(store)?.state).toBe('done');
  });

  test('a record left "marking" (Excel closed mid-way): Clear marks restores the cells that got their mark and does not count the others as re-coloured', async () => {
    const { fake, store } = setup();
    await mark(fake, store);
    // as if only C2 had been marked before Excel went away: the others carry their own fill
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(SHEET);
      for (const a of ['D2', 'D3', 'C4']) ws.getRange(a).format.fill.clear();
      await ctx.sync();
    });
    const rec = readMarks(store) as MarksRecord;
    store.set(MARKS_KEY, { ...rec, state: 'marking' });
    const report = await clear(fake, store);
    expect(report).toMatchObject({ restored: 1, keptUserChanges: 0 });
    expect(looks(fake, CELLS)).toEqual({ C2: {}, D2: {}, D3: {}, C4: {} });
  });

  test('ExcelApi 1.18: a cell with a threaded comment of the user\'s gets no note (a cell holds one or the other)', async () => {
    const { fake, store } = setup('1.18');
    addFakeComment(fake, SHEET, 'D2', 'Тексеру керек');
    const report = await mark(fake, store);
    expect(report).toMatchObject({ noteKind: 'note', marked: 4, userNotesKept: 1 });
    expect(Object.keys(fakeNotes(fake, SHEET)).sort()).toEqual(['C2', 'C4', 'D3']);
    expect(fakeComments(fake)).toEqual({ [`${SHEET}!D2`]: 'Тексеру керек' });
    expect(fake.cell(SHEET, 'D2').look['fill.color']).toBe(MARK_FILL.warning);
  });

  test('a sheet that is not there is skipped', async () => {
    const { fake, store } = setup();
    const report = await mark(fake, store, [...REQUESTS, { sheet: 'Жоқ парақ', cell: 'A1', severity: 'error', message: 'x' }]);
    expect(report).toMatchObject({ marked: 4, skipped: 1 });
  });
});

describe('the record read back', () => {
  test('a cell is kept only under the address the tool writes (on the sheet, upper case, no $, no leading zero)', () => {
    const cell = (at: string) => ({ sheetId: '{1}', sheet: SHEET, cell: at, fill: {}, mark: MARK_FILL.error, note: null });
    const store: SettingsStore = {
      get: () => ({ version: 1, state: 'done', cells: ['C2', 'XFD1048576', 'AB12', 'c2', '$C$2', 'C02', 'C0', 'XFE1', 'C1048577', ' C2', 'C'].map(cell) }),
      set: () => undefined,
      remove: () => undefined,
      saveAsync: () => undefined,
    };
    expect(readMarks(store)?.cells.map((c) => c.cell)).toEqual(['C2', 'XFD1048576', 'AB12']);
  });
});

describe('older hosts', () => {
  test('ExcelApi 1.10–1.17: threaded comments instead of notes; a user\'s comment is kept', async () => {
    const { fake, store } = setup('1.12');
    addFakeComment(fake, SHEET, 'D3', 'Тексеру керек');
    const report = await mark(fake, store);
    expect(report).toMatchObject({ noteKind: 'comment', marked: 4, userNotesKept: 1 });
    const comments = fakeComments(fake);
    expect(comments[`${SHEET}!C2`]).toBe(`${NOTE_PREFIX}\n• Сома оқылмайды.`);
    expect(comments[`${SHEET}!D3`]).toBe('Тексеру керек');
    await clear(fake, store);
    expect(fakeComments(fake)).toEqual({ [`${SHEET}!D3`]: 'Тексеру керек' });
    expect(looks(fake, CELLS)).toEqual({ C2: {}, D2: {}, D3: {}, C4: {} });
  });

  test('ExcelApi 1.10–1.17: a cell holding the user\'s note (which these hosts cannot read) gets the fill and no comment; the note stays', async () => {
    const { fake, store } = setup('1.12');
    addFakeNote(fake, SHEET, 'C4', 'Бұл менің ескертпем');
    const report = await mark(fake, store, REQUESTS, undefined, 2);
    expect(report).toMatchObject({ noteKind: 'comment', marked: 4, userNotesKept: 1 });
    expect(fake.cell(SHEET, 'C4').look['fill.color']).toBe(MARK_FILL.error);
    const comments = fakeComments(fake);
    expect(Object.keys(comments).sort()).toEqual([`${SHEET}!C2`, `${SHEET}!D2`, `${SHEET}!D3`]);
    expect(fakeNotes(fake, SHEET)).toEqual({ C4: 'Бұл менің ескертпем' });
    expect((readMarks(store) as MarksRecord).cells.find((c) => c.cell === 'C4')?.note).toBeNull();
    await clear(fake, store);
    expect(fakeComments(fake)).toEqual({});
    expect(fakeNotes(fake, SHEET)).toEqual({ C4: 'Бұл менің ескертпем' });
    expect(looks(fake, CELLS)).toEqual({ C2: {}, D2: {}, D3: {}, C4: {} });
  });

  test('ExcelApi 1.7: the fill alone; no fill pattern to read, so white reads as no fill and is cleared', async () => {
    const { fake, store } = setup('1.7');
    await paint(fake, { C2: '#FFFF00' });
    const report = await mark(fake, store);
    expect(report).toMatchObject({ noteKind: 'none', marked: 4 });
    expect(fakeNotes(fake, SHEET)).toEqual({});
    expect(fakeComments(fake)).toEqual({});
    await clear(fake, store);
    expect(looks(fake, CELLS)).toEqual({ C2: { 'fill.color': '#FFFF00' }, D2: {}, D3: {}, C4: {} });
  });
});
