/**
 * Valid workbooks as other programs write them (issue #13, item 10), each made here from an ExcelJS
 * register by rewriting its parts as those programs do: read by both readers (the stream of
 * summarize/check, openSource's in-memory read, which is also the add-in's file import) into the
 * same rows as the original. Files that are not .xlsx are told what they are and what to do, in
 * kk/ru/en, by both readers and the add-in's import alike.
 *
 * Before the fix each of these was refused as "not an Excel workbook" (or read empty).
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { columnNumber } from '../../src/core/grid/a1';
import type { CellValue } from '../../src/core/grid/grid';
import { text, type Lang, type Params } from '../../src/core/words';

const inputMessage = (key: string, lang: Lang, params: Params) => text(`input.${key}`, lang, params);
import { InputError, type InputProblem } from '../../src/core/grid/problems';
import { Jobs } from '../../src/taskpane/jobs';
import { openSource } from '../../src/xlsx/read';
import { readCsvStream, readXlsxStream } from '../../src/xlsx/stream-read';
import { runCli } from '../support/cli';
import { mergedHeaderRegister, withOtherSheets } from '../support/writers';
import { editParts, readZip, writeZip } from '../support/zip';

let dir: string;
let original: Buffer;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-formats-'));
  original = await withOtherSheets(await mergedHeaderRegister());
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function put(name: string, data: Buffer | string): Promise<string> {
  const f = path.join(dir, name);
  await fs.writeFile(f, data);
  return f;
}

type Rows = Record<string, [number, CellValue[]][]>;
const plain = (v: CellValue[]) => {
  const row = v.map((x) => (x instanceof Date ? (x.toISOString() as CellValue) : x ?? null));
  while (row.length && row[row.length - 1] === null) row.pop();
  return row;
};

async function streamRows(file: string): Promise<Rows> {
  const rows: Rows = {};
  await readXlsxStream(file, (s) => {
    const list: [number, CellValue[]][] = (rows[s.name] = []);
    return { push: (v, r) => void list.push([r, plain(v)]) };
  });
  return rows;
}

async function memoryRows(file: string): Promise<Rows> {
  const book = await openSource(file);
  const rows: Rows = {};
  for (const s of book.sheets) {
    const g = book.grid(s);
    // Back to rows from column A, as the stream hands them.
    rows[s] = g.values.map((v, i) => [g.rowNumbers ? g.rowNumbers[i] : g.origin.row + i, plain([...new Array<CellValue>(g.origin.col - 1).fill(null), ...v])]);
  }
  return rows;
}

/** Both readers read `buf` into the rows they read from the original. */
async function expectSameAsOriginal(name: string, buf: Buffer): Promise<void> {
  const f = await put(name, buf);
  const o = await put(`original-${name}`, original);
  const want = await streamRows(o);
  expect(Object.keys(want)).toEqual(['Түсініктеме', 'Тізілім', 'Анықтама']);
  expect(await memoryRows(o)).toEqual(want);
  expect(await streamRows(f)).toEqual(want);
  expect(await memoryRows(f)).toEqual(want);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const isXml = (n: string) => n.endsWith('.xml') || n.endsWith('.rels');

describe('valid workbooks other programs write are read as the original', () => {
  test('rows and cells without their r numbers (each follows the one before)', async () => {
    await expectSameAsOriginal('no-r.xlsx', withPlaceholders(original));
  });

  test('UTF-16 parts (with a byte order mark and encoding="UTF-16")', async () => {
    const buf = editParts(original, (name, data) => {
      if (!isXml(name)) return data;
      const xml = data.toString('utf8').replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>');
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    });
    await expectSameAsOriginal('utf16.xlsx', buf);
  });

  test('a namespace prefix on every SpreadsheetML element (<x:worksheet xmlns:x="…">)', async () => {
    const buf = editParts(original, (name, data) => {
      if (!name.startsWith('xl/') || name.endsWith('.rels') || !name.endsWith('.xml')) return data;
      const xml = data.toString('utf8');
      if (!xml.includes(`xmlns="${MAIN}"`)) return data;
      return Buffer.from(xml.replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`).replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s>/])/g, '<$1x:$2'));
    });
    expect(readZip(buf).find((p) => p.name === 'xl/worksheets/sheet1.xml')!.data.toString('utf8')).toContain('<x:sheetData>');
    await expectSameAsOriginal('prefixed.xlsx', buf);
  });

  test('a chart sheet first in the workbook (xl/chartsheets/sheet1.xml): not listed, the worksheets read', async () => {
    const chartRel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet';
    const buf = editParts(original, (name, data) => {
      let xml = data.toString('utf8');
      if (name === 'xl/workbook.xml') xml = xml.replace('<sheets>', '<sheets><sheet name="Диаграмма" sheetId="99" r:id="rIdChart"/>');
      else if (name === 'xl/_rels/workbook.xml.rels') xml = xml.replace('</Relationships>', `<Relationship Id="rIdChart" Type="${chartRel}" Target="chartsheets/sheet1.xml"/></Relationships>`);
      else if (name === '[Content_Types].xml') xml = xml.replace('</Types>', '<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/></Types>');
      else return data;
      return Buffer.from(xml);
    }, [{ name: 'xl/chartsheets/sheet1.xml', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><chartsheet xmlns="${MAIN}"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>`) }]);
    expect(readZip(buf).find((p) => p.name === 'xl/workbook.xml')!.data.toString('utf8')).toMatch(/<sheets><sheet name="Диаграмма"/);
    await expectSameAsOriginal('chart-first.xlsx', buf);
    expect((await openSource(await put('chart-first-2.xlsx', buf))).sheets).toEqual(['Түсініктеме', 'Тізілім', 'Анықтама']);
  });

  test('parts under other names and folders, reached through absolute relationship targets; entries stored with data descriptors', async () => {
    const renames: Record<string, string> = { 'xl/workbook.xml': 'book/Workbook.xml', 'xl/_rels/workbook.xml.rels': 'book/_rels/Workbook.xml.rels', 'xl/sharedStrings.xml': 'book/strings.xml', 'xl/styles.xml': 'book/styles.xml' };
    const parts = readZip(original).map((p) => {
      let name = renames[p.name] ?? p.name.replace(/^xl\/worksheets\/sheet(\d+)\.xml$/, 'book/tables/table$1.xml');
      let xml = p.data.toString('utf8');
      if (p.name === '_rels/.rels') xml = xml.replace('Target="xl/workbook.xml"', 'Target="/book/Workbook.xml"');
      if (p.name === 'xl/_rels/workbook.xml.rels') {
        xml = xml.replace(/Target="worksheets\/sheet(\d+)\.xml"/g, 'Target="/book/tables/table$1.xml"').replace('Target="sharedStrings.xml"', 'Target="/book/strings.xml"').replace('Target="styles.xml"', 'Target="/book/styles.xml"');
      }
      if (p.name.startsWith('xl/worksheets/_rels/')) name = p.name.replace('xl/worksheets/_rels/sheet', 'book/tables/_rels/table');
      return { name, data: isXml(p.name) ? Buffer.from(xml) : p.data };
    });
    expect(parts.map((p) => p.name)).toContain('book/tables/table2.xml');
    await expectSameAsOriginal('renamed.xlsx', writeZip(parts, { dataDescriptor: true, store: true }));
  });
});

/**
 * A sheet without cell references needs its empty cells written: ExcelJS leaves them out. Each row
 * gets empty <c/> placeholders up to its last cell, as writers without references write them.
 */
function withPlaceholders(buf: Buffer): Buffer {
  const orig = new Map(readZip(buf).map((p) => [p.name, p.data.toString('utf8')]));
  return editParts(buf, (name, data) => {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) return data;
    // Rebuild from the original: per row, its cells in column order with <c/> for the gaps, no references.
    const xml = orig.get(name)!;
    let prev = 0;
    const out = xml.replace(/<row r="(\d+)"[^>]*?(\/>|>([\s\S]*?)<\/row>)/g, (_m, r: string, _end: string, inner: string | undefined) => {
      const n = Number(r);
      const open = n === prev + 1 ? '<row>' : `<row r="${n}">`;
      prev = n;
      if (!inner) return `${open}</row>`;
      let col = 0;
      const cells = inner.replace(/<c r="([A-Z]+)\d+"/g, (_c, letters: string) => {
        const k = columnNumber(letters);
        const pad = '<c/>'.repeat(k - col - 1);
        col = k;
        return `${pad}<c`;
      });
      return `${open}${cells}</row>`;
    }).replace(/ spans="[^"]*"/g, '');
    expect(out).not.toMatch(/<c r=/);
    return Buffer.from(out);
  });
}

/** An OLE compound file's first sector and a directory naming `streams` (UTF-16LE, as the format stores names). */
function oleFile(streams: string[]): Buffer {
  const head = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(head, 0);
  const dir = Buffer.concat(streams.map((s) => {
    const e = Buffer.alloc(128);
    Buffer.from(s, 'utf16le').copy(e, 0);
    e.writeUInt16LE((s.length + 1) * 2, 64);
    return e;
  }));
  return Buffer.concat([head, dir, Buffer.alloc(1024)]);
}

describe('files that are not .xlsx are told what they are and what to do', () => {
  async function refusedEverywhere(file: string, bytes: Buffer): Promise<InputProblem> {
    const cli = await runCli(['check', file, '--lang', 'en']);
    expect(cli.code).toBe(2);
    let memory: InputProblem | null = null;
    try {
      await openSource(file);
    } catch (e) {
      if (e instanceof InputError) memory = e.problem;
    }
    expect(memory).not.toBeNull();
    expect(cli.err).toEqual([inputMessage(memory!.key, 'en', memory!.params)]);
    const pane = await new Jobs().openFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer, path.basename(file));
    expect(pane).toMatchObject({ ok: false, problem: memory!.key });
    return memory!;
  }

  test.each([
    ['an old .xls (an OLE file with a Workbook stream)', 'old.xls', () => oleFile(['Root Entry', 'Workbook', 'SummaryInformation']), 'FORMAT_XLS', ['save it as .xlsx', 'сохраните как .xlsx', '.xlsx ретінде сақтаңыз']],
    ['an .xls renamed .xlsx', 'renamed.xlsx', () => oleFile(['Root Entry', 'Workbook']), 'FORMAT_XLS', ['save it as .xlsx', 'сохраните как .xlsx', '.xlsx ретінде сақтаңыз']],
    ['an encrypted .xlsx (OLE too: EncryptionInfo, EncryptedPackage)', 'locked.xlsx', () => oleFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), 'PASSWORD_PROTECTED', ['remove the password', 'снимите пароль', 'құпиясөзді алып тастап']],
    ['an .ods', 'register.ods', () => writeZip([{ name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') }, { name: 'content.xml', data: Buffer.from('<office:document-content/>') }], { store: true }), 'FORMAT_ODS', ['save it as .xlsx', 'сохраните как .xlsx', '.xlsx ретінде сақтаңыз']],
    ['an .xlsb', 'register.xlsb', () => editParts(original, (n, d) => (n === 'xl/workbook.xml' ? null : d), [{ name: 'xl/workbook.bin', data: Buffer.from([0x83, 0x01, 0x00]) }]), 'FORMAT_XLSB', ['save it as .xlsx', 'сохраните как .xlsx', '.xlsx ретінде сақтаңыз']],
  ])('%s', async (_, name, make, key, words) => {
    const bytes = make();
    const f = await put(name, bytes);
    const p = await refusedEverywhere(f, bytes);
    expect(p).toEqual({ key, params: { file: f } });
    (['en', 'ru', 'kk'] as const).forEach((lang, i) => expect(inputMessage(key, lang, p.params)).toContain(words[i]));
  });

  test('a CSV with a header and no rows is refused as an empty sheet, by both readers', async () => {
    const f = await put('header-only.csv', '\ufeffНаименование проекта;Стоимость, млн тенге;Статус\r\n;;\r\n');
    const cli = await runCli(['check', f, '--lang', 'en']);
    expect(cli.code).toBe(2);
    expect(cli.err).toEqual([inputMessage('SHEET_EMPTY', 'en', { file: f, sheet: 'header-only' })]);
    await expect(readCsvStream(f, { push: () => undefined })).rejects.toMatchObject({ problem: { key: 'SHEET_EMPTY', params: { file: f, sheet: 'header-only' } } });
    await expect(openSource(f)).rejects.toMatchObject({ problem: { key: 'SHEET_EMPTY', params: { file: f, sheet: 'header-only' } } });
    const bytes = await fs.readFile(f);
    expect(await new Jobs().openFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer, 'header-only.csv')).toMatchObject({ ok: false, problem: 'SHEET_EMPTY' });
  });
});
