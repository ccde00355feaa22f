/**
 * The month in the task pane (src/taskpane/session.ts) against the in-memory Excel: closing a month
 * keeps the normalised register on a hidden, tool-owned `tizilim.snapshot.YYYY-MM` sheet (asked first
 * when that month was closed before); next month's ministry copy finds it and carries a Changes
 * sheet; writing the summaries over a sheet the user edited asks, and both answers do what they say;
 * the write reports the rows it has written.
 */
import ExcelJS from 'exceljs';
import { snapshotFromGrid } from '../../src/core/monthly/snapshot';
import { readSheetGrid } from '../../src/excel/read';
import { sampleRegister } from '../support/browser-sample';
import type { FakeExcel, SheetData } from '../support/fake-excel';
import { importSheet, paneContext, paneSession } from '../support/pane-session';

let REGISTER: { name: string; data: SheetData };
beforeAll(async () => {
  REGISTER = await sampleRegister();
});

const setup = (opts: Parameters<typeof paneSession>[1] = {}) => paneSession(REGISTER, opts);
const ctx = paneContext;
const never = async (): Promise<boolean> => {
  throw new Error('not asked');
};
const snapshotOn = (fake: FakeExcel, sheet: string) =>
  fake.run(async (c) => snapshotFromGrid(await readSheetGrid(c as unknown as Excel.RequestContext, (c as unknown as Excel.RequestContext).workbook.worksheets.getItem(sheet))));

describe('closing the month', () => {
  test('the snapshot goes on a hidden sheet of the tool\'s; the register and the active sheet are as they were', async () => {
    const { session, fake } = setup();
    const imp = await importSheet(session);
    const before = fake.readSheet(REGISTER.name);
    const stages: string[] = [];
    const closed = await session.closeMonth(imp, ctx({ progress: (s) => stages.push(s) }), '2025-10', never);
    expect(closed).toEqual({ month: '2025-10', sheet: 'tizilim.snapshot.2025-10', replaced: false, projects: 16 });
    expect(stages).toEqual(expect.arrayContaining(['rates', 'snapshot', 'writing']));
    const sheet = fake.readSheet('tizilim.snapshot.2025-10');
    expect(sheet.visibility).toBe('Hidden');
    expect(sheet.customProperties['tizilim.role']).toBe('snapshot');
    expect(fake.activeSheetName()).toBe(REGISTER.name);
    expect(fake.readSheet(REGISTER.name)).toEqual(before);
    const back = await snapshotOn(fake, 'tizilim.snapshot.2025-10');
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.snapshot).toMatchObject({ month: '2025-10', reportDate: '2025-10-31', source: { file: 'bko-register-2025-10.xlsx', sheet: REGISTER.name }, totals: { projects: 16 } });
      expect(back.snapshot.totals.KZT).toBe('151000000000.00');
    }
    expect((await session.workbookInfo()).snapshots).toEqual(['2025-10']);
    expect(await session.hasSnapshot('2025-10')).toBe(true);
    expect(await session.hasSnapshot('2025-09')).toBe(false);
  });

  test('closing the same month again asks first: no keeps the earlier snapshot, yes replaces it (still hidden, still one)', async () => {
    const { session, fake } = setup();
    const imp = await importSheet(session);
    await session.closeMonth(imp, ctx(), '2025-10', never);
    const id = fake.readSheet('tizilim.snapshot.2025-10').id;

    const asked: string[] = [];
    const kept = await session.closeMonth(imp, ctx(), '2025-10', async (m) => (asked.push(m), false));
    expect(asked).toEqual(['2025-10']);
    expect(kept).toBeNull();
    expect(fake.readSheet('tizilim.snapshot.2025-10').id).toBe(id);

    // the user touched the hidden sheet meanwhile: the answer given covers it
    await fake.run(async (c) => {
      (c as unknown as Excel.RequestContext).workbook.worksheets.getItem('tizilim.snapshot.2025-10').getRange('B5').values = [['өзгертілді']];
      await c.sync();
    });
    const replaced = await session.closeMonth(imp, ctx(), '2025-10', async () => true);
    expect(replaced).toMatchObject({ sheet: 'tizilim.snapshot.2025-10', replaced: true });
    const sheet = fake.readSheet('tizilim.snapshot.2025-10');
    expect(sheet.id).toBe(id); // written again in place (the writer clears and reuses its own sheets)
    expect(fake.cell('tizilim.snapshot.2025-10', 'B5').value).not.toBe('өзгертілді');
    expect(sheet.visibility).toBe('Hidden');
    expect(fake.sheetNames().filter((n) => n.startsWith('tizilim.snapshot') || n.startsWith('~'))).toEqual(['tizilim.snapshot.2025-10']);
  });

  test('next month\'s copy for the ministries finds last month\'s snapshot by itself: a Changes sheet', async () => {
    const { session, fake } = setup();
    const imp = await importSheet(session);
    await session.closeMonth(imp, ctx(), '2025-10', never);
    const m = { region: 'Батыс Қазақстан облысы', regionCode: 'BKO', organisation: 'Экономика басқармасы', langs: ['kk', 'ru'] as ('kk' | 'ru')[], formulas: false, allowErrors: false };
    const november = await session.ministry(imp, ctx(), { ...m, month: '2025-11' });
    expect(november).toMatchObject({ ok: true, fileName: 'BKO_invest_projects_2025-11.xlsx', changes: true });
    if (!november.ok) throw new Error('no copy');
    expect(november.sheets).toContain('Өзгерістер');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(november.bytes);
    const about = book.getWorksheet('Анықтама');
    const text = JSON.stringify(about?.getSheetValues());
    expect(text).toContain('2025-10');
    // October itself has no September to compare with
    const october = await session.ministry(imp, ctx(), { ...m, month: '2025-10' });
    expect(october).toMatchObject({ ok: true, changes: false });
    // the user's workbook did not change: the copy is a file of its own
    expect(fake.sheetNames()).toEqual([REGISTER.name, 'Бағамдар', 'tizilim.snapshot.2025-10']);
  });

  test('with open errors the copy is refused until allowed, then the errors are stated on its About sheet', async () => {
    const { session } = setup({ rates: false });
    const imp = await importSheet(session);
    const m = { month: '2025-10', region: 'Батыс Қазақстан облысы', regionCode: 'BKO', organisation: null, langs: ['kk', 'ru'] as ('kk' | 'ru')[], formulas: false, allowErrors: false };
    expect(await session.ministry(imp, ctx(), m)).toEqual({ ok: false, problem: 'OPEN_ERRORS', errors: 3 });
    const sent = await session.ministry(imp, ctx(), { ...m, allowErrors: true });
    if (!sent.ok) throw new Error('refused');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sent.bytes);
    const about = JSON.stringify(book.getWorksheet('Анықтама')?.getSheetValues());
    expect(about).toContain('RATE_MISSING');
  });
});

describe('writing over a sheet the user edited', () => {
  async function editedOverview() {
    const { session, fake } = setup();
    const imp = await importSheet(session);
    await session.write(imp, ctx());
    await fake.run(async (c) => {
      (c as unknown as Excel.RequestContext).workbook.worksheets.getItem('Шолу').getRange('A1').values = [['Менің тақырыбым']];
      await c.sync();
    });
    return { session, fake, imp };
  }

  test('"Replace": the edited sheet is replaced in place', async () => {
    const { session, fake, imp } = await editedOverview();
    const asked: string[][] = [];
    const out = await session.write(imp, ctx({ confirmReplaceEdited: async (names) => (asked.push(names), true) }));
    expect(asked).toEqual([['Шолу']]);
    expect(out.report.edited).toEqual([{ name: 'Шолу', replaced: true }]);
    expect(fake.cell('Шолу', 'A1').value).not.toBe('Менің тақырыбым');
    expect(fake.sheetNames()).not.toContain('Шолу (2)');
  });

  test('"Keep mine": the edited sheet stays as the user made it, ours is written as a new sheet — and replaced in place the next time', async () => {
    const { session, fake, imp } = await editedOverview();
    const out = await session.write(imp, ctx({ confirmReplaceEdited: async () => false }));
    expect(out.report.edited).toEqual([{ name: 'Шолу', replaced: false }]);
    expect(out.report.sheets.find((s) => s.role === 'summary:overview')).toMatchObject({ name: 'Шолу (2)', renamed: true });
    expect(fake.cell('Шолу', 'A1').value).toBe('Менің тақырыбым');
    const again = await session.write(imp, ctx({ confirmReplaceEdited: async () => false }));
    expect(again.report.sheets.find((s) => s.role === 'summary:overview')).toMatchObject({ name: 'Шолу (2)', replaced: true });
    expect(fake.sheetNames().filter((n) => n.startsWith('Шолу'))).toEqual(['Шолу', 'Шолу (2)']);
    expect(fake.cell('Шолу', 'A1').value).toBe('Менің тақырыбым');
  });

  test('on hosts before ExcelApi 1.12 (marks in document properties) both answers work the same', async () => {
    const { session, fake } = setup({ apiVersion: '1.7' });
    const imp = await importSheet(session);
    await session.write(imp, ctx());
    await fake.run(async (c) => {
      (c as unknown as Excel.RequestContext).workbook.worksheets.getItem('Шолу').getRange('A1').values = [['Менің']];
      await c.sync();
    });
    const kept = await session.write(imp, ctx({ confirmReplaceEdited: async () => false }));
    expect(kept.report.sheets.find((s) => s.role === 'summary:overview')).toMatchObject({ name: 'Шолу (2)' });
    expect(fake.cell('Шолу', 'A1').value).toBe('Менің');
    const replaced = await session.write(imp, ctx({ confirmReplaceEdited: async () => true }));
    expect(replaced.report.edited).toEqual([{ name: 'Шолу', replaced: true }]);
    expect(fake.cell('Шолу', 'A1').value).not.toBe('Менің');
  });

  test('the write reports the rows written, up to all of them', async () => {
    const { session } = setup();
    const imp = await importSheet(session);
    const seen: { done?: number; total?: number; share?: number }[] = [];
    const out = await session.write(imp, ctx({ progress: (stage, done, total, share) => { if (stage === 'writing') seen.push({ done, total, share }); } }));
    const rows = out.result.plans.reduce((n, p) => n + p.rows.length, 0);
    expect(seen[0]).toEqual({ done: 0, total: rows, share: 0 });
    expect(seen[seen.length - 1]).toEqual({ done: rows, total: rows, share: 1 });
    for (let i = 1; i < seen.length; i++) expect(seen[i].share).toBeGreaterThanOrEqual(seen[i - 1].share ?? 0);
  });
});
