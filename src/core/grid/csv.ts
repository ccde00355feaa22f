/** CSV as registers arrive: UTF-8 (with or without BOM), UTF-16 with BOM, windows-1251 from 1C; ; , or tab. */
import type { CellValue } from './grid';

export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251' } | { ok: false };

export function decodeCsv(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { ok: true, text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: a 1C export is windows-1251; accept it when the high bytes are mostly Cyrillic letters (0xC0–0xFF, Ёё, Kazakh extras).
    let high = 0, cyr = 0;
    for (const b of bytes) {
      if (b >= 0x80) {
        high++;
        if (b >= 0xc0 || b === 0xa8 || b === 0xb8 || (b >= 0x8a && b <= 0x9f) || b === 0xa1 || b === 0xa2 || b === 0xaa || b === 0xaf || b === 0xb2 || b === 0xb3 || b === 0xba || b === 0xbf || b === 0xa0) cyr++;
      }
      if (b === 0) return { ok: false };
    }
    if (high > 0 && cyr / high >= 0.9) return { ok: true, text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
    return { ok: false };
  }
}

/** The delimiter used most consistently over the first 20 lines that are not blank (outside quotes). */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  // The first 20 non-blank lines, found without splitting the whole text (a CSV may be 2 GB).
  const lines: string[] = [];
  for (let from = 0; from <= text.length && lines.length < 20;) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = text.length;
    const line = text.slice(from, nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
    if (line.trim()) lines.push(line);
    from = nl + 1;
  }
  let best: ';' | ',' | '\t' = ',';
  let bestScore = -1;
  for (const d of [';', '\t', ','] as const) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const rows = counts.filter((c) => c > 0).length;
    const score = rows * 1000 + counts.reduce((a, b) => a + b, 0);
    if (rows > 0 && score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  if (line.indexOf('"') < 0) {
    for (let k = line.indexOf(d); k >= 0; k = line.indexOf(d, k + 1)) n++;
    return n;
  }
  const dc = d.charCodeAt(0);
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) q = !q;
    else if (c === dc && !q) n++;
  }
  return n;
}

/** Excel's limits on what a CSV may hold, and what to do past them (throw). */
export interface CsvLimits {
  /** Characters in a field. */
  field: number;
  /** Fields in a record. */
  fields: number;
  /** The line a record with a value may start on. */
  lines: number;
  refuse(kind: 'field' | 'fields' | 'lines', line: number, field: number): never;
}

/**
 * RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks. Also returns
 * each record's line number. With `limits`, a field, a record or a line past them is refused as soon
 * as it is met.
 */
export function parseCsv(text: string, delimiter: string, limits?: CsvLimits): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let rec: string[] = [], line = 1, start = 1, i = 0;
  const n = text.length;
  const maxField = limits?.field ?? Infinity, maxFields = limits?.fields ?? Infinity, maxLines = limits?.lines ?? Infinity;
  const push = (field: string) => {
    if (field.length > maxField) limits!.refuse('field', start, rec.length + 1);
    rec.push(field);
    if (rec.length > maxFields) limits!.refuse('fields', start, rec.length);
  };
  const end = () => {
    if (start > maxLines && rec.some((f) => f.trim() !== '')) limits!.refuse('lines', start, 1);
    records.push(rec);
    lines.push(start);
    rec = [];
  };
  let field = '';
  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      // A quoted field: runs up to the next quote at a time.
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        const part = text.slice(i, stop);
        for (let j = part.indexOf('\n'); j >= 0; j = part.indexOf('\n', j + 1)) line++;
        field += part;
        if (field.length > maxField) limits!.refuse('field', start, rec.length + 1);
        i = stop;
        if (q < 0) break;
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      continue;
    }
    if (ch === delimiter) { push(field); field = ''; i++; continue; }
    if (ch === '\r' || ch === '\n') {
      push(field); field = ''; end();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      i++; line++; start = line; continue;
    }
    // A plain run up to the next delimiter or line end (a quote inside it is text).
    let j = i + 1;
    while (j < n) {
      const c = text[j];
      if (c === delimiter || c === '\r' || c === '\n') break;
      j++;
    }
    field += text.slice(i, j);
    if (field.length > maxField) limits!.refuse('field', start, rec.length + 1);
    i = j;
  }
  if (field !== '' || rec.length) { push(field); end(); }
  return { records, lines };
}

/**
 * A CSV field as Excel would read it: plain numbers ("1234.5", and "1234,5" when the file's
 * delimiter is ";" or tab, as Kazakh and Russian exports write them) become numbers; the rest stays text.
 */
export function csvValue(s: string, decimalComma: boolean): CellValue {
  const t = s.trim();
  if (!t) return null;
  if (/^-?\d+$/.test(t) && t.length < 16) return Number(t);
  if (/^-?\d+\.\d+$/.test(t) && !decimalComma && t.length < 17) return Number(t);
  if (/^-?\d+,\d+$/.test(t) && decimalComma && t.length < 17) return Number(t.replace(',', '.'));
  return s;
}
