/**
 * Next month's register template from the task pane (src/taskpane/session.ts → the engine's job,
 * src/taskpane/jobs.ts — the code the Web Worker runs) against the in-memory Excel holding the sample
 * register: the same workbook as `tizilim template` makes of the same file for the same month and
 * languages, read back cell by cell with ExcelJS with its rules on what is typed and its protection;
 * read back as a register it has no error; bad values typed through its rules are refused. The user's
 * workbook is not touched, and a failing engine is said in words.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type ExcelJS from 'exceljs';
import { checkRegister } from '../../src/core/checks/checks';
import { TEMPLATE_HEADER_ROW, tword } from '../../src/core/monthly/template';
import { t, type Lang } from '../../src/core/words';
import { WorkerStoppedError } from '../../src/taskpane/base';
import { loadRates } from '../../src/cli/main';
import { LocalEngine } from '../../src/taskpane/engine';
import { describeError } from '../../src/taskpane/errors';
import { SAMPLE, SAMPLE_RATES, sampleRegister } from '../support/browser-sample';
import { runCli } from '../support/cli';
import type { SheetData } from '../support/fake-excel';
import { importSheet, paneContext, paneSession } from '../support/pane-session';
import { loadWorkbook, registerOfBytes, sampleTypings, templateLook, verdicts } from '../support/template';

jest.setTimeout(120000);

const MONTH = '2025-11';
let REGISTER: { name: string; data: SheetData };
let dir: string;

beforeAll(async () => {
  REGISTER = await sampleRegister();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-pane-template-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const setup = (opts: Parameters<typeof paneSession>[1] = {}) => paneSession(REGISTER, opts);
const ctx = paneContext;

/** The CLI's template of the sample for the month and languages, read back. */
async function cliTemplate(lang: Lang, headings: Lang[], rates = true): Promise<{ wb: ExcelJS.Workbook; out: string[]; err: string[] }> {
  const out = path.join(dir, `cli-${lang}-${headings.join('')}-${rates}.xlsx`);
  const res = await runCli(['template', SAMPLE, '--month', MONTH, '--lang', lang, '--headings', headings.join(','), '--out', out, ...(rates ? SAMPLE_RATES.flatMap((f) => ['--rates', f]) : [])]);
  expect(res.code).toBe(0);
  return { wb: await loadWorkbook(await fs.readFile(out)), out: res.out, err: res.err };
}

describe('the template from the Export step', () => {
  test.each([
    ['kk', ['kk', 'ru']],
    ['ru', ['ru']],
    ['en', ['kk', 'ru']],
  ] as [Lang, Lang[]][])('in %s with headings %j: the CLI\'s workbook, cell by cell, rules and protection included', async (lang, headings) => {
    const { session, fake } = setup();
    const imp = await importSheet(session);
    const before = { names: fake.sheetNames(), register: fake.readSheet(REGISTER.name) };
    const stages: string[] = [];
    const made = await session.template(imp, ctx({ progress: (s) => stages.push(s) }), { month: MONTH, lang, headings });
    expect(stages).toEqual(['rates', 'packing']);
    expect(made).toMatchObject({ ok: true, fileName: 'bko-register-2025-10.template-2025-11.xlsx', carried: 16, carriedErrors: 0 });
    expect(made.sheets).toEqual([tword('sheet.template', lang, { month: MONTH }), tword('sheet.lists', lang)]);
    const pane = await loadWorkbook(made.bytes);
    const cli = await cliTemplate(lang, headings);
    const look = templateLook(pane);
    // Something to compare: the projects' rows, the rules over them and the protection are there.
    const first = (look.sheets as { cells: Record<string, { value: unknown }>; rules: Record<string, unknown>; protection: unknown }[])[0];
    expect(Object.keys(first.cells).length).toBeGreaterThan(16 * 13);
    expect(first.rules[`G${TEMPLATE_HEADER_ROW + 1}`]).toMatchObject({ type: 'list', errorStyle: 'stop', prompt: tword('prompt.status', lang) });
    expect(first.protection).toMatchObject({ sheet: true });
    expect(look).toEqual(templateLook(cli.wb));
    // The user's workbook is not touched: no sheet added, the register's cells as they were.
    expect(fake.sheetNames()).toEqual(before.names);
    expect(fake.readSheet(REGISTER.name)).toEqual(before.register);
  });

  test('read back as a register: every project, no error; bad values typed through its rules are refused, good ones taken', async () => {
    const { session } = setup();
    const imp = await importSheet(session);
    const made = await session.template(imp, ctx(), { month: MONTH, lang: 'kk', headings: ['kk'] });
    const reg = await registerOfBytes(made.bytes, made.fileName);
    expect(reg.rows.filter((r) => r.kind === 'project')).toHaveLength(16);
    const findings = checkRegister(reg, await loadRates(SAMPLE_RATES), { today: '2025-11-30' }).findings;
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const wb = await loadWorkbook(made.bytes);
    const cases = sampleTypings(MONTH);
    expect(verdicts(wb, wb.worksheets[0], TEMPLATE_HEADER_ROW + 16 + 3, cases)).toEqual(cases.map(([what, , , ok]) => [what, ok]));
  });

  test('without rates the register\'s errors on project rows are counted, as the CLI tells them, and the template is made all the same', async () => {
    const { session } = setup({ rates: false });
    const imp = await importSheet(session);
    const made = await session.template(imp, ctx(), { month: MONTH, lang: 'ru', headings: ['ru'] });
    const cli = await cliTemplate('ru', ['ru'], false);
    const told = cli.err.join('\n');
    expect(made.carriedErrors).toBeGreaterThan(0);
    expect(told).toContain(`${made.carriedErrors} ошиб`);
    expect(templateLook(await loadWorkbook(made.bytes))).toEqual(templateLook(cli.wb));
  });

  test('an engine that fails: said as the template\'s failure in kk, ru and en, with the reason in the same language; nothing written', async () => {
    const engine = new LocalEngine();
    engine.template = () => Promise.reject(new WorkerStoppedError());
    const { session, fake } = setup({ engine });
    const imp = await importSheet(session);
    const names = fake.sheetNames();
    const failed = await session.template(imp, ctx(), { month: MONTH, lang: 'kk', headings: ['kk'] }).then(() => null, (e: unknown) => e);
    expect(failed).not.toBeNull();
    const said = describeError(failed);
    expect(said.intent).toBe('error');
    expect(said.text('kk')).toBe(`Үлгі жасалмады: ${t('engine.stopped', 'kk')}. Бұл кітап өзгермеді; қайталап көріңіз немесе командалық жолда жасаңыз (tizilim template).`);
    expect(said.text('ru')).toMatch(/^Шаблон не удалось сделать: фоновый процесс остановился/);
    expect(said.text('en')).toMatch(/^The template could not be made: the background worker stopped/);
    // Anywhere else in the pane the stopped worker is said in words too.
    expect(describeError(new WorkerStoppedError()).text('ru')).toMatch(/^[^:]+: фоновый процесс остановился/);
    // Another failure (the writer's) keeps its own words.
    engine.template = () => Promise.reject(new Error('Invalid zip.'));
    const other = await session.template(imp, ctx(), { month: MONTH, lang: 'kk', headings: ['kk'] }).then(() => null, (e: unknown) => e);
    expect(describeError(other).text('en')).toMatch(/^The template could not be made: Invalid zip\. This workbook is unchanged/);
    expect(fake.sheetNames()).toEqual(names);
  });
});
