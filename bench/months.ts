/**
 * Two months of a generated register, for `snapshot` and `changes` at scale: this month is
 * generateRows(n) as it is; the previous month is made from it a row at a time, a few percent of the
 * projects different — absent then (this month's new ones), another value or status then, or a
 * project then that is gone now — so the Changes hold a few percent of the rows and the matching
 * does its work on all of them.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { CellValue } from '../src/core/grid/grid';
import { COL, generateRows, mulberry32, type GenLang } from './generate';

/** The previous month's rows: `share` of the projects differ (a quarter each: new now, value, status, gone now). */
export function* previousMonthRows(n: number, seed = 1, lang: GenLang = 'kk', share = 0.04): Generator<CellValue[]> {
  const rng = mulberry32(seed * 7919 + 13);
  let lastStatus: CellValue = null;
  let i = 0;
  for (const row of generateRows(n, seed, lang)) {
    i++;
    if (i <= 3 || typeof row[0] !== 'number') {
      yield row;
      continue;
    }
    const r = rng();
    const status = row[COL.status - 1];
    if (r < share / 4) {
      lastStatus = status;
      continue; // new this month
    }
    if (r < share / 2) {
      const v = row[COL.KZT - 1];
      if (typeof v === 'number') row[COL.KZT - 1] = Math.round(v * 9) / 10;
    } else if (r < (3 * share) / 4 && lastStatus !== null) row[COL.status - 1] = lastStatus;
    lastStatus = status;
    yield row;
    if (r >= (3 * share) / 4 && r < share) {
      // A project of the previous month no longer in the register.
      const gone = row.slice();
      gone[0] = `${row[0]}.1`;
      gone[1] = `${String(row[1])} (${lang === 'kk' ? 'жабылған' : 'закрыт'})`;
      yield gone;
    }
  }
}

/** Rows as a register workbook (streamed, as bench/generate.ts writeXlsx writes one). */
export async function writeRowsXlsx(file: string, rows: Iterable<CellValue[]>, lang: GenLang = 'kk'): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet(lang === 'kk' ? 'Тізілім' : 'Реестр');
  for (const values of rows) {
    const row = ws.addRow(values);
    if (row.number > 3 && values[COL.date - 1] instanceof Date) row.getCell(COL.date).numFmt = 'dd.mm.yyyy';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}
