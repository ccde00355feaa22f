/**
 * The in-memory Excel as the browser tests give it to a page (test/support/browser.ts,
 * fakeExcelScript): its modules transpiled one by one and tied together by a small `require`. Run
 * here in a bare V8 context (no Node globals, as in a page) to see that every module is in the
 * script and that the page's copy answers as the Node one does.
 */
import * as vm from 'vm';
import { fakeExcelScript } from '../support/browser';
import * as fakeExcel from '../support/fake-excel';

type Lib = typeof fakeExcel;

function pageLib(): Lib {
  // What a page has and the fake uses; nothing of Node's.
  const page: Record<string, unknown> = { performance, setTimeout, clearTimeout, queueMicrotask, console };
  page.window = page;
  page.self = page;
  vm.createContext(page);
  vm.runInContext(fakeExcelScript(), page);
  return (page as { FakeExcelLib: Lib }).FakeExcelLib;
}

jest.setTimeout(120000);

test('the page gets every export of the fake, and a workbook there calculates and writes as in Node', async () => {
  const lib = pageLib();
  expect(Object.keys(lib).sort()).toEqual(Object.keys(fakeExcel).sort());
  const answers: unknown[] = [];
  for (const l of [lib, fakeExcel]) {
    const fake = l.createFakeWorkbook({ 'My sheet': { values: [[1, 2], [3, { formula: '=SUM(B2:C2,B3)' }]], origin: 'B2' } });
    const got = await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('My sheet');
      ws.getRange('AA10').values = [['=B2*10']];
      const r = ws.getRange('B2:AA10');
      r.load(['address', 'values']);
      await ctx.sync();
      return { address: r.address, corner: r.values[8][25], sum: r.values[1][1] };
    });
    answers.push({ ...got, cell: fake.cell('My sheet', 'AA10').value });
  }
  expect(answers[0]).toEqual({ address: "'My sheet'!B2:AA10", corner: 10, sum: 6, cell: 10 });
  expect(answers[1]).toEqual(answers[0]);
});
