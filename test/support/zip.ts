/**
 * A small zip writer and reader for tests: workbooks re-zipped in the order other programs write
 * their parts (Excel puts the worksheets before the shared strings and the styles), and hostile
 * zips built by hand (a part whose declared size lies, a part that inflates to gigabytes).
 */
import * as zlib from 'zlib';

// One CRC-32 for the project: the Diagnostics' tiny workbook writer's.
export { crc32 } from '../../src/excel/tiny-xlsx';
import { crc32 } from '../../src/excel/tiny-xlsx';

export interface ZipPart {
  name: string;
  data: Buffer;
}

export interface RawPart {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  stored: Buffer;
  method: 0 | 8;
  crc: number;
  /** The size written in the headers (a zip bomb may lie). */
  size: number;
}

/** A part deflated (or stored, for `store`), with its true size and CRC. */
export function rawPart(name: string, data: Buffer, store = false): RawPart {
  return { name, stored: store ? data : zlib.deflateRawSync(data, { level: 9 }), method: store ? 0 : 8, crc: crc32(data), size: data.length };
}

/** A zip of `parts` in the order given (local headers, then the central directory). */
export function writeZipRaw(parts: RawPart[], opts: { dataDescriptor?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const flags = 0x0800 | (opts.dataDescriptor ? 0x0008 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(opts.dataDescriptor ? 0 : p.crc, 14);
    local.writeUInt32LE(opts.dataDescriptor ? 0 : p.stored.length, 18);
    local.writeUInt32LE(opts.dataDescriptor ? 0 : p.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, p.stored);
    let len = 30 + name.length + p.stored.length;
    if (opts.dataDescriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(p.crc, 4);
      dd.writeUInt32LE(p.stored.length, 8);
      dd.writeUInt32LE(p.size, 12);
      chunks.push(dd);
      len += 16;
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(p.method, 10);
    c.writeUInt32LE(0, 12);
    c.writeUInt32LE(p.crc, 16);
    c.writeUInt32LE(p.stored.length, 20);
    c.writeUInt32LE(p.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += len;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cd, end]);
}

export function writeZip(parts: ZipPart[], opts: { dataDescriptor?: boolean; store?: boolean } = {}): Buffer {
  return writeZipRaw(parts.map((p) => rawPart(p.name, p.data, opts.store)), opts);
}

/** The parts of a zip, in the order its central directory lists them (directories left out). */
export function readZip(buf: Buffer): ZipPart[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const parts: ZipPart[] = [];
  for (let k = 0; k < count; k++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const off = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const lnlen = buf.readUInt16LE(off + 26), lxlen = buf.readUInt16LE(off + 28);
    const raw = buf.subarray(off + 30 + lnlen + lxlen, off + 30 + lnlen + lxlen + csize);
    if (!name.endsWith('/')) parts.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nlen + xlen + clen;
  }
  return parts;
}

/** Where Excel puts a part: content types, package rels, workbook and its rels, the sheets, the rest, styles, shared strings, docProps. */
export function excelRank(name: string): number {
  const fixed = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'];
  const i = fixed.indexOf(name);
  if (i >= 0) return i;
  if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) return 10;
  if (name.startsWith('xl/worksheets/')) return 11;
  if (name.startsWith('xl/theme/')) return 20;
  if (name === 'xl/styles.xml') return 21;
  if (name === 'xl/sharedStrings.xml') return 22;
  if (name.startsWith('docProps/')) return 40;
  return 30;
}

/** The workbook's parts re-zipped in Excel's order. */
export function excelOrder(xlsx: Buffer): Buffer {
  const parts = readZip(xlsx);
  const num = (n: string) => Number(/(\d+)\.xml$/.exec(n)?.[1] ?? 0);
  parts.sort((a, b) => excelRank(a.name) - excelRank(b.name) || num(a.name) - num(b.name) || a.name.localeCompare(b.name));
  return writeZip(parts);
}

/** The workbook with some parts changed (`edit` returns the new bytes, or null to drop the part) and others added. */
export function editParts(xlsx: Buffer, edit: (name: string, data: Buffer) => Buffer | null, add: ZipPart[] = [], opts: { dataDescriptor?: boolean; store?: boolean } = {}): Buffer {
  const parts: ZipPart[] = [];
  for (const p of readZip(xlsx)) {
    const data = edit(p.name, p.data);
    if (data) parts.push({ name: p.name, data });
  }
  return writeZip([...parts, ...add], opts);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A workbook written by hand, part by part: one sheet (its <sheetData> inner XML given), shared
 * strings if given. For files no spreadsheet program writes: hostile ones.
 */
export function handXlsx(sheetData: string, opts: { sheet?: string; sharedStrings?: Buffer; sheetRaw?: RawPart } = {}): Buffer {
  const sheet = opts.sheet ?? 'Тізілім';
  const parts: RawPart[] = [
    rawPart('[Content_Types].xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)),
    rawPart('_rels/.rels', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`)),
    rawPart('xl/workbook.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>`)),
    rawPart('xl/_rels/workbook.xml.rels', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)),
    opts.sheetRaw ?? rawPart('xl/worksheets/sheet1.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`)),
  ];
  if (opts.sharedStrings) parts.push(rawPart('xl/sharedStrings.xml', opts.sharedStrings));
  return writeZipRaw(parts);
}
