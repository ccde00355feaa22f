/**
 * The same register as other programs write it, made by code here, so the readers are tested on
 * files ExcelJS did not write (ExcelJS reads back what it writes, and that hides reader bugs):
 *
 * - excelZipOrder: ExcelJS's workbook with a notes sheet before the register and a reference sheet
 *   after it, re-zipped in Excel's order (worksheets before xl/theme, xl/styles.xml and
 *   xl/sharedStrings.xml). Pure Node.
 * - libreOfficeCopy: opened and saved again by LibreOffice Calc (soffice --convert-to xlsx, in a
 *   throwaway profile). Needs Debian's libreoffice-calc.
 * - openpyxlCopy: opened and saved again by Python's openpyxl. Needs Debian's python3-openpyxl.
 *
 * Those that need a program fail loudly when it is missing: they are for test/system/*.
 */
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { convert } from './libreoffice';
import { d } from './registers';
import { excelOrder } from './zip';

/** A Kazakh register with a two-row header merged as offices merge it ("Құны" over its two units), a section heading, a total. */
export async function mergedHeaderRegister(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Тізілім');
  ws.getCell('A1').value = 'Инвестициялық жобалар тізілімі';
  ws.mergeCells('A1:G1');
  ws.getRow(3).values = ['№', 'Жобаның атауы', 'Инвестор', 'Құны', null, 'Келісім күні', 'Мәртебесі'];
  ws.getRow(4).values = [null, null, null, 'млн теңге', 'мың юань', null, null];
  ws.mergeCells('D3:E3');
  for (const c of ['A', 'B', 'C', 'F', 'G']) ws.mergeCells(`${c}3:${c}4`);
  ws.getRow(5).values = ['I. Өнеркәсіп'];
  ws.mergeCells('A5:G5');
  const rows: [number, string, string, number | string | null, number | null, Date, string][] = [
    [1, 'Цемент зауыты', 'Jiangsu Cement', 12500.5, null, d(2025, 10, 9), 'Меморандум'],
    [2, 'Күн станциясы', 'Green Power', '761,4', 10000, d(2025, 10, 10), 'меморандум'],
    [3, 'Логистикалық хаб', 'Nanjing Port', null, 250000, d(2025, 10, 10), 'Ұсыныс'],
    [4, 'Жылу электр орталығы', 'QazaqGaz', 17000, null, d(2025, 9, 30), 'Зерделеу'],
  ];
  let r = 6;
  for (const row of rows) {
    ws.getRow(r).values = row;
    ws.getCell(`F${r}`).numFmt = 'dd.mm.yyyy';
    r++;
  }
  ws.getRow(r).values = [null, 'Барлығы', null, { formula: `SUM(D6:D${r - 1})`, result: 29500.5 } as never, { formula: `SUM(E6:E${r - 1})`, result: 260000 } as never];
  ws.getRow(r + 1).values = ['* Дереккөз: облыс әкімдігі'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The workbook with two more sheets: a notes sheet first (more text lines than a header is looked
 * for in, so it has no header) and a reference sheet last (a small table of figures, no register).
 */
export async function withOtherSheets(xlsx: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const notes = wb.addWorksheet('Түсініктеме');
  notes.getCell('A1').value = 'Тізілімге түсініктеме';
  for (let i = 2; i <= 45; i++) notes.getCell(`A${i}`).value = `${i - 1}. Жол бойынша ескертпе: деректер облыс әкімдігінен алынды.`;
  // ExcelJS orders the workbook's sheets by orderNo (public in its model, not in its typings).
  (notes as unknown as { orderNo: number }).orderNo = -1;
  const ref = wb.addWorksheet('Анықтама');
  ref.getRow(1).values = ['Валюта', 'Бағам'];
  ref.getRow(2).values = ['CNY', 75.82];
  ref.getRow(3).values = ['USD', 540.17];
  (ref as unknown as { orderNo: number }).orderNo = 1000;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** ExcelJS's workbook with a notes sheet first and a reference sheet last, zipped in Excel's order. */
export async function excelZipOrder(xlsx: Buffer): Promise<Buffer> {
  return excelOrder(await withOtherSheets(xlsx));
}

/** The file opened and saved again by LibreOffice Calc (throwaway profile); the copy's path in outDir. */
export async function libreOfficeCopy(file: string, outDir: string): Promise<string> {
  const out = path.join(outDir, 'libreoffice');
  await fs.mkdir(out, { recursive: true });
  return convert(file, { to: 'xlsx', outDir: out });
}

/** A python3 that has openpyxl (\$PYTHON, the one on the PATH, or Debian's /usr/bin/python3), or an error that says what to install. */
export async function requireOpenpyxl(): Promise<string> {
  const tried: string[] = [];
  for (const py of [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((x): x is string => !!x)) {
    try {
      await run(py, ['-c', 'import openpyxl']);
      return py;
    } catch (e) {
      tried.push(`${py}: ${(e as Error).message.split('\n').find((l) => /Error/.test(l)) ?? 'failed'}`);
    }
  }
  throw new Error(`Python's openpyxl was not found (${tried.join('; ')}): install it (Debian/Ubuntu: apt-get install python3-openpyxl) or set PYTHON=/path/to/python3. This test reads a workbook openpyxl wrote and cannot run without it.`);
}

/**
 * openpyxl's copy: loaded with the formulas' cached results (openpyxl keeps no cached result of a
 * formula it saves, as it cannot calculate) and saved again: its own zip, its own XML, its own styles.
 */
const OPENPYXL_COPY = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
wb.save(sys.argv[2])
`;

/** The file opened and saved again by openpyxl; the copy's path. */
export async function openpyxlCopy(file: string, outFile: string): Promise<string> {
  const py = await requireOpenpyxl();
  await run(py, ['-c', OPENPYXL_COPY, file, outFile]);
  return outFile;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd}: ${err.message}\n${stderr}`)) : resolve(stdout)));
  });
}
