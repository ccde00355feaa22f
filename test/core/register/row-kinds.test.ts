/**
 * Which rows are totals, subtotals, projects and notes (issue #13, items 3 and 4): a total is a row whose
 * own label (the name or № column) is a total word; a word in the investor or notes column, or a project
 * name that merely begins with one, never makes a total; a doubtful row stays a project with a finding;
 * a total at the top of the table does not switch off project reading below it.
 */
import fc from 'fast-check';
import { findingMessage, type Finding } from '../../../src/core/checks/findings';
import { gridFromValues, type CellValue, type Grid } from '../../../src/core/grid/grid';
import { runPipeline, type PipelineResult } from '../../../src/core/report/pipeline';
import { readRegister, RegisterStream, type RegisterRow, type RowKind } from '../../../src/core/register/register';
import { d, testRates } from '../../support/registers';

// A, B, C, D, E, F, G, H
const HEAD = ['№', 'Жобаның атауы', 'Инвестор', 'Саласы', 'Құны, млн теңге', 'Келісім күні', 'Мәртебесі', 'Ескертпе'];
const project = (n: number, name = `Жоба ${n}`, investor: CellValue = `Инвестор ${n}`): CellValue[] =>
  [n, name, investor, 'Өндіріс', 100 * n, d(2025, 10, 9), 'Меморандум', null];

function grid(rows: CellValue[][], head: CellValue[] = HEAD): Grid {
  return gridFromValues('Тізілім', [head, ...rows]);
}

function rowsOf(g: Grid): RegisterRow[] {
  const r = readRegister(g);
  if (!r.ok) throw new Error(r.problem);
  return r.register.rows;
}

/** The rows a streamed read gives (the same RowReader behind RegisterStream). */
function streamedRows(g: Grid): RegisterRow[] {
  const out: RegisterRow[] = [];
  const s = new RegisterStream(g.sheet, {}, (row) => out.push(row));
  g.values.forEach((v, i) => s.push(v, i + g.origin.row));
  const end = s.end();
  if (!end.ok) throw new Error(end.problem);
  return out;
}

const kinds = (g: Grid) => rowsOf(g).map((r) => r.kind);

function pipeline(g: Grid, lang: 'kk' | 'ru' | 'en' = 'ru'): Extract<PipelineResult, { ok: true }> {
  const res = runPipeline(g, { file: 'r.xlsx', lang, rates: testRates(), today: '2025-11-01' });
  if (!res.ok) throw new Error(res.problem);
  return res;
}

/** The finding a row carries for the checks (TOTAL_DOUBTFUL, NOTE_PROJECT_LIKE), if any. */
const flagOf = (r: RegisterRow) => (r as RegisterRow & { flag?: { code: string } }).flag ?? null;
const codes = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);

describe('a total word outside the row\'s own label does not make a total', () => {
  test('"Total E&P Kazakhstan" as the investor: the row is a project, its value counts, and no total is blamed', () => {
    const g = grid([
      project(1),
      [2, 'Мұнай өңдеу зауыты', 'Total E&P Kazakhstan', 'Энергетика', 250, d(2025, 10, 10), 'Меморандум', null],
      [3, 'Газ химиясы кешені', 'TotalEnergies EP Kazakhstan', 'Энергетика', 300, d(2025, 10, 10), 'Келісім', null],
      [null, 'Барлығы', null, null, 650, null, null, null],
    ]);
    expect(kinds(g)).toEqual(['project', 'project', 'project', 'total']);
    const res = pipeline(g);
    expect(res.json.totals.projects).toBe(3);
    expect(res.json.totals.KZT).toBe('650000000.00');
    expect(codes(res.findings, 'TOTAL_MISMATCH')).toEqual([]);
  });

  test('a total word in the notes or sector column of a project row changes nothing', () => {
    const g = grid([
      [1, 'Цемент зауыты', 'Jiangsu Cement', 'Итого-строй', 100, d(2025, 10, 9), 'Меморандум', 'Барлығы 3 кезең'],
      [2, 'Күн станциясы', 'Green Power', 'Энергетика', 50, d(2025, 10, 9), 'Меморандум', 'Total capacity 100 MW'],
      [null, 'Итого', null, null, 150, null, null, null],
    ]);
    expect(kinds(g)).toEqual(['project', 'project', 'total']);
    expect(codes(pipeline(g).findings, 'TOTAL_MISMATCH')).toEqual([]);
  });

  test('project names that begin with a total word are projects: "TotalEnergies EP", "Итого-Сервис зауыты", "Всего хорошего кафесі"', () => {
    const g = grid([
      [1, 'TotalEnergies EP', 'TotalEnergies', 'Энергетика', 100, d(2025, 10, 9), 'Меморандум', null],
      [2, 'Итого-Сервис зауыты', 'ТОО «Итого-Сервис»', 'Өндіріс', 200, d(2025, 10, 9), 'Меморандум', null],
      [3, 'Всего хорошего кафесі', 'ИП Ахметов', 'Сауда', 300, d(2025, 10, 9), 'Меморандум', null],
      [4, 'Total E&P Kazakhstan кен орны', 'Total E&P Kazakhstan', 'Энергетика', 400, d(2025, 10, 9), 'Меморандум', null],
      [null, 'Барлығы', null, null, 1000, null, null, null],
    ]);
    expect(kinds(g)).toEqual(['project', 'project', 'project', 'project', 'total']);
    const res = pipeline(g);
    expect(res.json.totals.KZT).toBe('1000000000.00');
    expect(codes(res.findings, 'TOTAL_MISMATCH')).toEqual([]);
    // A № number makes them plainly projects: nothing doubtful to report.
    expect(codes(res.findings, 'TOTAL_DOUBTFUL')).toEqual([]);
  });

  test('"Итого-Сервис" written without its number is still a project, not a total', () => {
    const g = grid([project(1), [null, 'Итого-Сервис зауыты', null, null, 100, null, null, null], [null, 'Итого', null, null, 200, null, null, null]]);
    expect(kinds(g)).toEqual(['project', 'project', 'total']);
  });
});

describe('the shapes a total or subtotal label takes in kk, ru and en', () => {
  const cases: [string, RowKind][] = [
    ['ИТОГО', 'total'],
    ['Итого', 'total'],
    ['Итого:', 'total'],
    ['ИТОГО:', 'total'],
    ['Всего', 'total'],
    ['Всего:', 'total'],
    ['Барлығы', 'total'],
    ['Барлығы:', 'total'],
    ['БАРЛЫҒЫ', 'total'],
    ['Барлыгы', 'total'],
    ['Жиыны', 'total'],
    ['Жиынтығы:', 'total'],
    ['Всего по области', 'total'],
    ['Итого по реестру', 'total'],
    ['Облыс бойынша барлығы', 'total'],
    ['Total', 'total'],
    ['Total:', 'total'],
    ['TOTAL', 'total'],
    ['Grand total', 'total'],
    ['Итого: 4 проекта', 'total'],
    ['Барлығы, млн теңге', 'total'],
    ['Итого по разделу', 'subtotal'],
    ['Итого по отрасли', 'subtotal'],
    ['Всего по сектору', 'subtotal'],
    ['Барлығы сала бойынша', 'subtotal'],
    ['Өндіріс саласы бойынша барлығы', 'subtotal'],
    ['Subtotal', 'subtotal'],
    ['Sub-total', 'subtotal'],
    ['Subtotal: manufacturing', 'subtotal'],
    ['Total by sector', 'subtotal'],
  ];
  test.each(cases)('"%s" in the name column is a %s', (label, kind) => {
    const g = grid([project(1), project(2), project(3), project(4), [null, label, null, null, 1000, null, null, null]]);
    const rows = rowsOf(g);
    expect(rows.map((r) => r.kind)).toEqual(['project', 'project', 'project', 'project', kind]);
    expect(rows[4].label).toBe(label);
    // The register's totals hold: the row agrees with its rows and is no project.
    const res = pipeline(g);
    expect(res.json.totals.projects).toBe(4);
    expect(codes(res.findings, 'TOTAL_MISMATCH')).toEqual([]);
    expect(codes(res.findings, 'TOTAL_DOUBTFUL')).toEqual([]);
  });

  test('a total label in the № column (merged across the row) is a total', () => {
    const g = grid([project(1), ['ИТОГО', null, null, null, 100, null, null, null]]);
    g.merges.push({ top: 3, left: 1, bottom: 3, right: 4 });
    expect(kinds(g)).toEqual(['project', 'total']);
  });

  test('"Всего по области" after sections with subtotals totals the whole register, not its last section', () => {
    const g = grid([
      [null, 'I. Өндіріс', null, null, null, null, null, null],
      project(1), project(2),
      [null, 'Итого по разделу', null, null, 300, null, null, null],
      [null, 'II. Энергетика', null, null, null, null, null, null],
      project(3),
      [null, 'Итого по разделу', null, null, 300, null, null, null],
      [null, 'Всего по области', null, null, 600, null, null, null],
    ]);
    expect(kinds(g)).toEqual(['heading', 'project', 'project', 'subtotal', 'heading', 'project', 'subtotal', 'total']);
    expect(codes(pipeline(g).findings, 'TOTAL_MISMATCH')).toEqual([]);
  });
});

describe('a doubtful row stays a project, with a finding naming its cell', () => {
  test('"Итого" with a status of its own: a project, TOTAL_DOUBTFUL on the label\'s cell, worded in each language', () => {
    const g = grid([project(1), [null, 'Итого', null, null, 100, null, 'Меморандум', null]]);
    expect(kinds(g)).toEqual(['project', 'project']);
    const res = pipeline(g);
    const doubt = codes(res.findings, 'TOTAL_DOUBTFUL');
    expect(doubt.map((f) => [f.cell, f.row, f.severity, f.value])).toEqual([['B3', 3, 'warning', 'Итого']]);
    expect(findingMessage(doubt[0], 'ru')).toBe('«Итого» похоже на итоговую строку, но в строке указан статус: строка прочитана как проект и учтена. Если это итог, исправьте строку.');
    expect(findingMessage(doubt[0], 'en')).toBe('"Итого" looks like a total row, but the row has a status: it is read as a project and counted. If it is a total, correct the row.');
    expect(findingMessage(doubt[0], 'kk')).toBe('«Итого» қорытынды жолға ұқсайды, бірақ жолда мәртебесі көрсетілген: жол жоба ретінде оқылып, есепке алынды. Бұл қорытынды жол болса, жолды түзетіңіз.');
  });

  test.each([
    ['a № number', [7, 'Барлығы', null, null, 100, null, null, null], 'B3'],
    ['a date', [null, 'Барлығы', null, null, 100, d(2025, 10, 9), null, null], 'B3'],
    ['an investor', [null, 'Всего', 'Jiangsu Cement', null, 100, null, null, null], 'B3'],
    ['words after the total word', [null, 'Всего хорошего кафесі', null, null, 100, null, null, null], 'B3'],
    ['words after the total word (en)', [null, 'Total E&P Kazakhstan', null, null, 100, null, null, null], 'B3'],
    ['the total word outside the name and № columns', [null, null, null, 'Барлығы', 100, null, null, null], 'D3'],
  ] as [string, CellValue[], string][])('a total-looking row with %s is a project with TOTAL_DOUBTFUL', (_, row, cell) => {
    const g = grid([project(1), row]);
    expect(kinds(g)).toEqual(['project', 'project']);
    const doubt = codes(pipeline(g).findings, 'TOTAL_DOUBTFUL');
    expect(doubt.map((f) => f.cell)).toEqual([cell]);
    expect(findingMessage(doubt[0], 'kk')).toMatch(/^«(Барлығы|Всего|Всего хорошего кафесі|Total E&P Kazakhstan)» қорытынды жолға ұқсайды, бірақ /);
  });

  test('a subtotal label with a status is a project with TOTAL_DOUBTFUL, not a subtotal', () => {
    const g = grid([project(1), [null, 'Итого по разделу', null, null, 100, null, 'Соглашение', null]]);
    expect(kinds(g)).toEqual(['project', 'project']);
    expect(codes(pipeline(g).findings, 'TOTAL_DOUBTFUL').map((f) => f.cell)).toEqual(['B3']);
  });

  test('property: a row with a № number, a status or a date is never a total or a subtotal, whatever its texts say', () => {
    const totalish = fc.constantFrom('Итого', 'ИТОГО:', 'Всего', 'Всего по области', 'Барлығы', 'Барлығы:', 'Жиыны', 'Total', 'Grand total', 'Subtotal',
      'Итого по разделу', 'Барлығы сала бойынша', 'Total E&P Kazakhstan', 'TotalEnergies', 'Итого-Сервис', 'Всего хорошего кафесі', 'Жоба');
    const maybeText = fc.option(fc.oneof(totalish, fc.string({ maxLength: 12 })), { nil: null });
    const evidence = fc.record({
      number: fc.option(fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.constantFrom('12', '3а', '1.2', '№ 5')), { nil: null }),
      status: fc.option(fc.oneof(fc.constantFrom('Меморандум', 'Итого', 'Барлығы', 'x', 'зерделеу'), fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '')), { nil: null }),
      date: fc.option(fc.oneof(fc.constant(d(2025, 10, 9)), fc.constantFrom('09.10.2025', '2025', 'Итого')), { nil: null }),
    }).filter((e) => e.number !== null || e.status !== null || e.date !== null);
    fc.assert(fc.property(totalish, maybeText, maybeText, fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: null }), evidence, (label, investor, notes, value, ev) => {
      const row: CellValue[] = [ev.number, label, investor, null, value, ev.date, ev.status, notes];
      const g = grid([project(1), row]);
      for (const rows of [rowsOf(g), streamedRows(g)]) {
        expect(rows.map((r) => r.kind)).toEqual(['project', 'project']);
      }
    }), { numRuns: 400 });
  });
});

describe('rows after a total', () => {
  test('a total at the top, right under the header, does not switch off project reading: a name and a status below it is a project', () => {
    const g = grid([
      [null, 'Барлығы', null, null, 300, null, null, null],
      project(1),
      [null, 'Жаңа жылу электр станциясы', null, null, null, null, 'Зерделеу', null],
      [2, 'Сүт зауыты', 'Beijing Dairy', 'Өндіріс', 200, d(2025, 10, 10), 'Меморандум', null],
      [null, 'Ескерту: құны зерделеуден кейін анықталады', null, null, null, null, null, null],
    ]);
    const rows = rowsOf(g);
    expect(rows.map((r) => r.kind)).toEqual(['total', 'project', 'project', 'project', 'note']);
    expect(rows[2].status).toBe('study');
    expect(pipeline(g).json.totals.projects).toBe(3);
  });

  test('a project-like row below the grand total at the bottom is a note with NOTE_PROJECT_LIKE on its cell, never silently dropped', () => {
    const g = grid([
      project(1), project(2),
      [null, 'Барлығы', null, null, 300, null, null, null],
      [null, 'Жаңа жылу электр станциясы', 'Қытай тарапы', null, null, null, 'Зерделеу', null],
    ]);
    expect(kinds(g)).toEqual(['project', 'project', 'total', 'note']);
    const res = pipeline(g, 'kk');
    const f = codes(res.findings, 'NOTE_PROJECT_LIKE');
    expect(f.map((x) => [x.cell, x.severity, x.value])).toEqual([['B5', 'warning', 'Жаңа жылу электр станциясы']]);
    expect(findingMessage(f[0], 'en')).toBe('"Жаңа жылу электр станциясы" is below the total row and is read as a note, though its "Investor" is filled: if it is a project, move it above the total row.');
    expect(findingMessage(f[0], 'ru')).toBe('«Жаңа жылу электр станциясы» ниже итоговой строки и прочитана как примечание, хотя в ней заполнено поле «Инвестор»: если это проект, перенесите его выше итоговой строки.');
    expect(findingMessage(f[0], 'kk')).toBe('«Жаңа жылу электр станциясы» қорытынды жолдан төмен, сондықтан ескертпе ретінде оқылды, бірақ онда «Инвестор» толтырылған: бұл жоба болса, оны қорытынды жолдың үстіне көшіріңіз.');
    expect(res.json.totals.projects).toBe(2);
  });

  test('notes below the table stay notes and are no investment: "Ескерту: …", "* Холдингтің жылдық табысы 4,5 млрд юань"', () => {
    const g = grid([
      project(1), project(2),
      [null, 'Барлығы', null, null, 300, null, null, null],
      [null, null, null, null, null, null, null, null],
      ['Ескерту: юаньмен берілген құн ҰБ бағамы бойынша аударылады.', null, null, null, null, null, null, null],
      ['* Холдингтің жылдық табысы 4,5 млрд юань', null, null, null, null, null, null, null],
      [null, 'Дереккөз: облыс әкімдігі', null, null, null, null, null, null],
      ['*', 'Холдингтің жылдық табысы', null, null, '4,5 млрд юань', null, null, null],
    ]);
    expect(kinds(g)).toEqual(['project', 'project', 'total', 'blank', 'note', 'note', 'note', 'note']);
    const res = pipeline(g);
    expect([res.json.totals.projects, res.json.totals.KZT]).toEqual([2, '300000000.00']);
    // The split footnote with a figure is accounted for; the plain footnotes are not findings.
    expect(codes(res.findings, 'NOTE_PROJECT_LIKE').map((f) => f.cell)).toEqual(['B9']);
  });
});

test('the streamed read gives the same kinds and findings as the read of the whole grid', () => {
  const g = grid([
    [null, 'Барлығы', null, null, 300, null, null, null],
    project(1),
    [null, 'Жаңа ЖЭС', null, null, null, null, 'Зерделеу', null],
    [2, 'TotalEnergies EP', 'Total E&P Kazakhstan', null, 200, d(2025, 10, 10), 'Меморандум', null],
    [null, 'Итого', null, null, 100, null, 'Меморандум', null],
    [null, 'Всего по области', null, null, 600, null, null, null],
    [null, 'Новый проект', 'Инвестор', null, null, null, 'Изучение', null],
    ['* Сноска', null, null, null, null, null, null, null],
  ]);
  const whole = rowsOf(g), streamed = streamedRows(g);
  expect(streamed.map((r) => [r.row, r.kind, r.label, flagOf(r)])).toEqual(whole.map((r) => [r.row, r.kind, r.label, flagOf(r)]));
  expect(whole.map((r) => r.kind)).toEqual(['total', 'project', 'project', 'project', 'project', 'total', 'note', 'note']);
  expect(whole.filter((r) => flagOf(r)).map((r) => [r.row, flagOf(r)!.code])).toEqual([[6, 'TOTAL_DOUBTFUL'], [8, 'NOTE_PROJECT_LIKE']]);
});
