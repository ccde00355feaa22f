/**
 * Small hostile files (issue #13, item 6): each built here, small on disk, refused by both readers
 * (the stream of summarize/check, and openSource, the in-memory read) with the problem that names
 * the file, sheet and cell — or read with work that follows the cells present, not their
 * coordinates. Asserted by outcome (the refusal, the rows handed on, nothing left behind), never by
 * time.
 *
 * Before the fix: a cell in column ZZZZZZ aborted V8 (out of memory); row 999 999 999 ran out of
 * memory and row 231 999 999 999 940 spun for minutes; 60 million shared strings in 7 MB, and a sheet
 * of gigabytes in a few MB (expanded in full into the temp folder), were read; a stray cell in row
 * 1 048 576 made a million empty rows downstream.
 */
import { promises as fs, readdirSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import ExcelJS from 'exceljs';
import type { CellValue } from '../../src/core/grid/grid';
import { InputError, type InputProblem } from '../../src/core/grid/problems';
import { LIMITS } from '../../src/xlsx/book';
import { csvToGrid, MAX_GRID_CELLS, openSource } from '../../src/xlsx/read';
import { readCsvStream, readXlsxStream } from '../../src/xlsx/stream-read';
import { runCli } from '../support/cli';
import { mergedHeaderRegister } from '../support/writers';
import { handXlsx, rawPart, type RawPart } from '../support/zip';

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-hostile-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function put(name: string, data: Buffer | string): Promise<string> {
  const f = path.join(dir, name);
  await fs.writeFile(f, data);
  return f;
}

async function problemOf(p: Promise<unknown>): Promise<InputProblem> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e.problem;
    throw e;
  }
  throw new Error('read without a refusal');
}

/** Every row the stream hands on, every sheet. */
async function streamed(file: string): Promise<{ rows: number; last: number }> {
  let rows = 0, last = 0;
  const sink = { push: (_: CellValue[], r: number) => void (rows++, (last = r)) };
  if (file.endsWith('.csv')) await readCsvStream(file, sink);
  else await readXlsxStream(file, () => sink);
  return { rows, last };
}

/** Both readers refuse the file with the same problem; it is returned. */
async function bothRefuse(file: string): Promise<InputProblem> {
  const s = await problemOf(streamed(file));
  const m = await problemOf(openSource(file));
  expect(m).toEqual(s);
  return s;
}

/** ExcelJS's streaming reader named its spill files tmp-PID-…: none of ours may be left (none is made now). */
function ourTempFiles(): string[] {
  return readdirSync(os.tmpdir()).filter((n) => n.startsWith(`tmp-${process.pid}-`));
}

afterEach(() => expect(ourTempFiles()).toEqual([]));

describe('cells past Excel\'s limits are refused, naming the file, sheet and cell', () => {
  test.each([
    ['a cell in column ZZZZZZ', '<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>', 'ZZZZZZ1'],
    ['a cell in column XFE, one past XFD', '<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>1</v></c></row>', 'XFE1'],
    ['row 999 999 999', '<row r="1"><c r="A1"><v>1</v></c></row><row r="999999999"><c r="A999999999"><v>1</v></c></row>', 'A999999999'],
    ['row 231 999 999 999 940', '<row r="231999999999940"><c r="B231999999999940"><v>1</v></c></row>', 'A231999999999940'],
    ['row 1 048 577, one past the last', '<row r="1048577"><c r="A1048577"><v>1</v></c></row>', 'A1048577'],
    ['a cell without a reference pushed past XFD', `<row r="2"><c r="XFD2"><v>1</v></c><c><v>2</v></c></row>`, 'XFE2'],
  ])('%s', async (_, rows, cell) => {
    const f = await put(`range-${cell}.xlsx`, handXlsx(rows));
    expect((await fs.stat(f)).size).toBeLessThan(2000);
    const p = await bothRefuse(f);
    expect(p).toEqual({ key: 'CELL_OUT_OF_RANGE', params: { file: f, sheet: 'Тізілім', cell } });
    const cli = await runCli(['check', f, '--lang', 'en']);
    expect(cli.code).toBe(2);
    expect(cli.err.join('\n')).toContain(`cell ${cell} lies beyond Excel's limits`);
  });

  test('the last row and the last column are read (XFD1048576)', async () => {
    const f = await put('corner.xlsx', handXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>7</v></c></row>'));
    const s = await streamed(f);
    expect(s.last).toBe(1048576);
    // One run of empty rows between them, handed on as LIMITS.emptyRun rows.
    expect(s.rows).toBe(2 + LIMITS.emptyRun);
    const g = (await openSource(f)).grid('Тізілім');
    expect(g.values.length).toBe(2 + LIMITS.emptyRun);
    expect(g.rowNumbers?.[g.values.length - 1]).toBe(1048576);
    expect(g.values[g.values.length - 1][16383]).toBe(7);
  });
});

describe('text past LIMITS.cellText (1 048 576 characters) is refused where a cell holds it', () => {
  const long = 'ж'.repeat(LIMITS.cellText + 1);
  test('inline text', async () => {
    const f = await put('long-inline.xlsx', handXlsx(`<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>${long}</t></is></c></row>`));
    expect(await bothRefuse(f)).toEqual({ key: 'CELL_TEXT_TOO_LONG', params: { file: f, sheet: 'Тізілім', cell: 'B2', limit: LIMITS.cellText } });
  });
  test('a shared string (refused at the cell that uses it; not kept)', async () => {
    const sst = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>ok</t></si><si><t>${long}</t></si></sst>`);
    const f = await put('long-shared.xlsx', handXlsx('<row r="3"><c r="C3" t="s"><v>0</v></c><c r="D3" t="s"><v>1</v></c></row>', { sharedStrings: sst }));
    expect(await bothRefuse(f)).toEqual({ key: 'CELL_TEXT_TOO_LONG', params: { file: f, sheet: 'Тізілім', cell: 'D3', limit: LIMITS.cellText } });
  });
  test('a CSV field, and a record of more than 16 384 fields, and the exact limits read', async () => {
    const f = await put('long.csv', `Наименование проекта;Стоимость\nа;${'x'.repeat(LIMITS.cellText + 1)}\n`);
    expect(await bothRefuse(f)).toEqual({ key: 'CELL_TEXT_TOO_LONG', params: { file: f, sheet: 'long', cell: 'B2', limit: LIMITS.cellText } });
    const wide = await put('wide.csv', `a;b\n${new Array(LIMITS.columns + 1).fill('1').join(';')}\n`);
    expect(await bothRefuse(wide)).toEqual({ key: 'CELL_OUT_OF_RANGE', params: { file: wide, sheet: 'wide', cell: 'XFE2' } });
    const edge = await put('edge.csv', `a;b\n${'x'.repeat(LIMITS.cellText)};${new Array(LIMITS.columns - 1).fill('1').join(';')}\n`);
    expect((await streamed(edge)).rows).toBe(2);
    expect(csvToGrid(await fs.readFile(edge), edge).values[1].length).toBe(LIMITS.columns);
  });
});

test('more shared strings than LIMITS.sharedStrings (8 × 1 048 576) in a small file are refused', async () => {
  const n = LIMITS.sharedStrings + 1;
  const sst = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<si/>'.repeat(n)}</sst>`);
  const f = await put('strings.xlsx', handXlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { sharedStrings: sst }));
  expect((await fs.stat(f)).size).toBeLessThan(200_000);
  expect(await bothRefuse(f)).toEqual({ key: 'TOO_MANY_STRINGS', params: { file: f, limit: LIMITS.sharedStrings } });
});

/**
 * A sheet of `gib` GiB of spaces between its rows, deflated to a few MB: pieces compressed apart and
 * flushed, so the same compressed MB can be repeated.
 */
function bomb(gib: number, declared?: number): RawPart {
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>');
  const tail = Buffer.from('</sheetData></worksheet>');
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const mb = zlib.deflateRawSync(Buffer.alloc(1 << 20, 0x20), flush);
  const reps = gib * 1024;
  const stored = Buffer.concat([zlib.deflateRawSync(head, flush), ...new Array<Buffer>(reps).fill(mb), zlib.deflateRawSync(tail)]);
  return { ...rawPart('xl/worksheets/sheet1.xml', Buffer.alloc(0)), stored, size: declared ?? head.length + reps * (1 << 20) + tail.length };
}

describe('a zip bomb is stopped, not expanded', () => {
  test('a sheet of 3 GiB in a few MB: refused by its declared size, before any of it is inflated', async () => {
    const f = await put('bomb.xlsx', handXlsx('', { sheetRaw: bomb(3) }));
    expect((await fs.stat(f)).size).toBeLessThan(8 * 1048576);
    const limit = Math.round(((await fs.stat(f)).size * LIMITS.ratio) / 1048576);
    const p = await bothRefuse(f);
    expect(p.key).toBe('PART_TOO_LARGE');
    expect(p.params).toEqual({ file: f, part: 'xl/worksheets/sheet1.xml', limit: expect.any(Number) });
    expect(p.params.limit as number).toBeLessThanOrEqual(limit);
    const out = path.join(dir, 'bomb-out');
    const cli = await runCli(['summarize', f, '--lang', 'en', '--out', path.join(out, 'x.xlsx'), '--json', path.join(out, 'x.json')]);
    expect(cli.code).toBe(2);
    expect(cli.err.join('\n')).toContain('unpacks to more than');
    expect(await fs.readdir(out).catch(() => [])).toEqual([]);
  });
  test('the same bomb declaring a few bytes: refused (as damaged) as soon as it inflates past them', async () => {
    const f = await put('liar.xlsx', handXlsx('', { sheetRaw: bomb(3, 4000) }));
    expect(await bothRefuse(f)).toEqual({ key: 'NOT_A_WORKBOOK', params: { file: f } });
  });
});

describe('work follows the cells present, not their coordinates', () => {
  test('a stray cell in row 1 048 576 below a register: a hundred empty rows handed on, not a million; the same figures', async () => {
    const buf = await mergedHeaderRegister();
    const plain = await put('plain.xlsx', buf);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    wb.getWorksheet('Тізілім')!.getCell('A1048576').value = 'x';
    const stray = await put('stray.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const a = await streamed(plain), b = await streamed(stray);
    expect(b.last).toBe(1048576);
    expect(b.rows).toBe(a.rows + LIMITS.emptyRun + 1);
    const grid = (await openSource(stray)).grid('Тізілім');
    expect(grid.values.length).toBe(a.rows + LIMITS.emptyRun + 1);
    const ja = path.join(dir, 'plain.json'), jb = path.join(dir, 'stray.json');
    await runCli(['check', plain, '--json', ja, '--today', '2025-11-01']);
    await runCli(['check', stray, '--json', jb, '--today', '2025-11-01']);
    const [x, y] = [JSON.parse(await fs.readFile(ja, 'utf8')), JSON.parse(await fs.readFile(jb, 'utf8'))];
    expect(y.totals).toEqual(x.totals);
    expect(y.rows.length).toBeLessThanOrEqual(x.rows.length + LIMITS.emptyRun + 1);
    expect(y.rows.slice(0, x.rows.length)).toEqual(x.rows);
  });

  test('a used range over MAX_GRID_CELLS is refused by the in-memory read (naming it) and streamed by summarize', async () => {
    const rows = Math.ceil(MAX_GRID_CELLS / LIMITS.columns) + 1;
    let xml = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>';
    for (let r = 2; r <= rows; r++) xml += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`;
    const f = await put('wide.xlsx', handXlsx(xml));
    expect((await fs.stat(f)).size).toBeLessThan(100_000);
    expect(await problemOf(openSource(f))).toEqual({ key: 'GRID_TOO_LARGE', params: { file: f, sheet: 'Тізілім', range: `A1:XFD${rows}`, cells: rows * LIMITS.columns, limit: MAX_GRID_CELLS } });
    expect((await streamed(f)).rows).toBe(rows);
  });

  test('a CSV of 5 long lines (2 MB each) reads the same records through both readers', async () => {
    const field = 'ы'.repeat(10_000);
    const line = (k: number) => [`Жоба ${k}`, ...new Array(199).fill(field)].join(';');
    const f = await put('long-lines.csv', ['Жобаның атауы;Құны', line(1), line(2), line(3), line(4)].join('\n'));
    const rows: CellValue[][] = [];
    await readCsvStream(f, { push: (v) => void rows.push(v) });
    const grid = csvToGrid(await fs.readFile(f), f);
    expect(rows.length).toBe(5);
    expect(rows.map((r) => r.length)).toEqual([2, 200, 200, 200, 200]);
    expect(grid.values.map((r, i) => r.slice(0, rows[i].length))).toEqual(rows);
    expect(rows[3][0]).toBe('Жоба 3');
    expect(rows[4][199]).toBe(field);
    expect(grid.values[4][199]).toBe(field);
  });
});

test("README's size rule states the limits the readers apply", async () => {
  const readme = await fs.readFile(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  for (const line of [
    `| a sheet read whole (the same commands): its used range, rows × columns | ${group(MAX_GRID_CELLS)} cells |`,
    `| a cell's row and column, in a workbook or a CSV | Excel's: row ${group(LIMITS.rows)}, column XFD (${group(LIMITS.columns)}) |`,
    `| a cell's text (a shared string, inline text, a CSV field) | ${group(LIMITS.cellText)} characters (an Excel cell holds 32 767: longer text is read, and cut to 32 767 where a workbook is written, with a \`TEXT_TOO_LONG\` finding) |`,
    `| shared strings in a workbook | ${group(LIMITS.sharedStrings)} (8 per row of Excel's largest sheet) |`,
    `| a part of the zip (a sheet, the shared strings), unpacked | ${LIMITS.ratio} × its packed size, at least ${LIMITS.partFloor / 1048576} MB; and no more than it declares |`,
  ]) expect(readme).toContain(line);
  expect(readme).toContain(`A run of more than ${LIMITS.emptyRun} empty rows inside a sheet is read as ${LIMITS.emptyRun} empty rows`);
});
