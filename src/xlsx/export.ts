/**
 * ExcelJS adapter for the ministry copy: the plans of core/monthly/export.ts rendered as every other
 * workbook (src/xlsx/write.ts), then the parts only a file has — document properties, every sheet
 * visible and protected against accidental edits (no password: none is needed to open or unprotect
 * it), and the zip entries' timestamps fixed, so the same inputs give the same bytes.
 */
import { promises as fs } from 'fs';
import type ExcelJS from 'exceljs';
import type { DocProperties } from '../core/monthly/export';
import type { SheetPlan } from '../core/report/plan';
import { writeAtomically } from './files';
import { plansToWorkbook } from './write';

/** What a protected sheet still lets a reader do: select, widen columns and rows, filter. */
export const SHEET_PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  autoFilter: true,
};

export async function exportWorkbook(plans: SheetPlan[], props: DocProperties): Promise<ExcelJS.Workbook> {
  const wb = plansToWorkbook(plans);
  wb.creator = props.creator;
  wb.lastModifiedBy = props.lastModifiedBy;
  wb.created = props.created;
  wb.modified = props.modified;
  wb.title = props.title;
  wb.subject = props.subject;
  wb.keywords = props.keywords;
  wb.category = props.category;
  wb.description = props.description;
  wb.company = props.company;
  for (const ws of wb.worksheets) {
    ws.state = 'visible';
    // An empty password: the sheet is locked against slips of the hand, not against its reader.
    await ws.protect('', { ...SHEET_PROTECTION });
  }
  return wb;
}

/**
 * Set every entry's "last modified" in a zip (local headers and the central directory) to one date,
 * in place. JSZip, which ExcelJS writes with, stamps entries with the time of writing.
 */
export function fixZipTimestamps(buf: Buffer, at: Date): Buffer {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('not a zip: bad central directory');
    buf.writeUInt16LE(time, p + 12);
    buf.writeUInt16LE(date, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('not a zip: bad local header');
    buf.writeUInt16LE(time, local + 10);
    buf.writeUInt16LE(date, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}

/** The ministry copy's bytes: the same plans and properties give the same bytes. */
export async function exportBuffer(plans: SheetPlan[], props: DocProperties): Promise<Buffer> {
  const wb = await exportWorkbook(plans, props);
  return fixZipTimestamps(Buffer.from(await wb.xlsx.writeBuffer()), props.modified);
}

/** Write the copy through a temporary file renamed into place: a failure leaves nothing behind. */
export async function writeExportFile(plans: SheetPlan[], props: DocProperties, out: string): Promise<void> {
  const buf = await exportBuffer(plans, props);
  await writeAtomically(out, (tmp) => fs.writeFile(tmp, buf));
}
