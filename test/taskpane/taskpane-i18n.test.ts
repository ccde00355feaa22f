/**
 * The words (src/core/words): every text in kk, ru and en with the same placeholders,
 * every key the pane's code names exists, and errors come out in words with what to do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SheetTooLargeError } from '../../src/excel/read';
import { SettingsSaveError } from '../../src/excel/settings';
import { CancelledError, InputProblem } from '../../src/taskpane/base';
import { describeError } from '../../src/taskpane/errors';
import { CATALOGUES, isKey, text as t, type Message } from '../../src/core/words';

const DIR = path.join(__dirname, '../../src/taskpane');
const flat = (m: Message) => (typeof m === 'string' ? m : Object.values(m).join(' '));
const placeholders = (m: Message) => [...new Set([...flat(m).matchAll(/\{(\w+)(?=[},])/g)].map((x) => x[1]))].sort();

describe('the pane\'s words', () => {
  test('kk, ru and en say the same things: the same placeholders in each', () => {
    for (const key of Object.keys(CATALOGUES.en) as (keyof typeof CATALOGUES.en)[]) {
      expect([key, placeholders(CATALOGUES.ru[key])]).toEqual([key, placeholders(CATALOGUES.kk[key])]);
      expect([key, placeholders(CATALOGUES.en[key])]).toEqual([key, placeholders(CATALOGUES.kk[key])]);
    }
  });

  test('every key the pane\'s code names has its words', () => {
    const files = [...fs.readdirSync(DIR).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(DIR, f)), path.join(__dirname, '../../src/commands/commands.ts'), path.join(__dirname, '../../src/commands/dialog.ts')];
    const used = new Set<string>();
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\b(?:t|worded)\(\s*'([a-z]+\.[\w.,]+)'/g)) used.add(m[1]);
      for (const m of src.matchAll(/worded\(\s*'\w+',\s*'([a-z]+\.[\w.,]+)'/g)) used.add(m[1]);
      for (const m of src.matchAll(/InputProblem\(\s*'(error\.[\w.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((k) => !isKey(k))).toEqual([]);
    // keys made up at run time
    for (const k of ['step.import', 'step.check', 'step.summaries', 'step.export', 'check.marked.note', 'check.marked.comment', 'check.marked.none', 'sum.units.billion', 'exp.headings.kk,ru', 'check.severity.error', 'progress.opening', 'progress.rates', 'progress.marking', 'progress.packing']) {
      expect(isKey(k)).toBe(true);
    }
  });

  test('errors are words with what to do — never a stack', () => {
    const e = describeError(new InputProblem('NO_HEADER', { file: 'reg.xlsx', sheet: 'Парақ1', rows: 30 }));
    expect(e.intent).toBe('error');
    expect(e.text('kk')).toBe('reg.xlsx, «Парақ1» парағы: алғашқы 30 жолда тізілімнің тақырыбы табылмады (жоба атауы мен құны бағандары керек). Тізілім парағын ашыңыз немесе тақырып жолын алғашқы 30 жолдың ішіне жылжытыңыз.');
    expect(describeError(new InputProblem('error.ownSheet', { sheet: 'Шолу' })).text('ru')).toBe('Лист «Шолу» записан этим инструментом. Откройте лист с вашим реестром и повторите.');
    expect(describeError(new SheetTooLargeError('S', 'S!A1:Z300000', 7_800_000, 5_000_000)).text('en')).toMatch(/^The used range of "S" \(S!A1:Z300000\) is too large: 7,800,000 cells, the limit is 5,000,000\. Clear the cells/);
    expect(describeError(new SettingsSaveError('x'))).toMatchObject({ intent: 'warning' });
    expect(describeError(new CancelledError()).text('kk')).toBe('Тоқтатылды: кітапқа ештеңе жазылған жоқ.');
    expect(describeError({ code: 'InvalidOperationInCellEditMode' }).text('en')).toBe('Excel is editing a cell. Press Enter or Esc and try again.');
    expect(describeError({ code: 'ApiNotFound' }).text('kk')).toMatch(/Excel-ді жаңартып/);
    expect(describeError({ code: 'GeneralException' }).text('en')).toMatch(/code: GeneralException.*restart Excel/);
    const err = new Error('boom\n    at secret (file.js:1:1)');
    const text = describeError(err).text('en');
    expect(text).toBe('Unexpected error: boom. Try again; if it happens again, save the workbook and restart Excel.');
    expect(text).not.toContain('at secret');
  });

  test('a missing key shows itself rather than nothing', () => {
    expect(t('no.such.key', 'kk')).toBe('no.such.key');
  });
});
