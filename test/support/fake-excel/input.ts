/**
 * The fake Excel, typed input: what Excel makes of a value written to `Range.values` or
 * `Range.formulas`. Documented (Excel JavaScript API reference, Range.values and Range.formulas): a
 * string starting with "=", "+", "-" is taken for a formula. Modelled from Excel's own behaviour: "@"
 * too; an apostrophe keeps the rest as text (a prefix, not part of the value); a cell formatted "@"
 * takes text as is; number-like strings become numbers, "TRUE"/"FALSE" booleans, ISO dates date
 * serials, error literals errors; `null` leaves a cell unchanged, "" clears it. Known limit: input is
 * parsed as a US-English Excel parses it ("1,234.5", "TRUE", ISO dates); a Kazakh or Russian Excel reads
 * "1 234,5" and "ИСТИНА" and would take some strings differently.
 */
import { displayFormula } from './calc';
import { fail } from './errors';
import { serialFromDate } from './geometry';
import { type CellM, EXCEL_ERROR_TEXTS } from './model';

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const PERCENT_RE = /^([+-]?(\d+(\.\d*)?|\.\d+))%$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function clearContent(cell: CellM): void {
  delete cell.v;
  delete cell.err;
  delete cell.f;
  delete cell.bound;
  delete cell.q;
}

export function enterInput(cell: CellM, input: unknown, where: string): void {
  if (input === null || input === undefined) return; // null leaves the cell as it is
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', where);
    clearContent(cell);
    cell.v = input;
    return;
  }
  if (typeof input === 'boolean') {
    clearContent(cell);
    cell.v = input;
    return;
  }
  if (typeof input === 'object') {
    // Office.js serialises the request as JSON: a Date travels as its ISO text.
    input = JSON.parse(JSON.stringify(input)) as unknown;
    if (typeof input !== 'string') fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', where);
  }
  const s = String(input);
  clearContent(cell);
  if (s === '') return;
  if (s.startsWith("'")) {
    cell.v = s.slice(1);
    cell.q = true;
    return;
  }
  if (cell.nf === '@') {
    cell.v = s;
    return;
  }
  if (s.length > 1 && s[0] === '=') {
    cell.f = s;
    return;
  }
  if (NUMBER_RE.test(s)) {
    cell.v = Number(s);
    return;
  }
  if (GROUPED_RE.test(s)) {
    cell.v = Number(s.replace(/,/g, ''));
    if (cell.nf === undefined) cell.nf = s.includes('.') ? '#,##0.00' : '#,##0';
    return;
  }
  let m = PERCENT_RE.exec(s);
  if (m) {
    cell.v = Number(m[1]) / 100;
    if (cell.nf === undefined) cell.nf = m[1].includes('.') ? '0.00%' : '0%';
    return;
  }
  if (s.length > 1 && (s[0] === '+' || s[0] === '-' || s[0] === '@')) {
    // Typed into Excel, these start a formula: "+1+2" is =+1+2, "-note" is =-note (#NAME?).
    cell.f = '=' + s;
    return;
  }
  if (/^(true|false)$/i.test(s)) {
    cell.v = s.toUpperCase() === 'TRUE';
    return;
  }
  m = ISO_DATE_RE.exec(s);
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const d = new Date(t);
    if (d.getUTCMonth() === Number(m[2]) - 1) {
      cell.v = serialFromDate(d);
      if (cell.nf === undefined) cell.nf = 'yyyy-mm-dd';
      return;
    }
  }
  if (EXCEL_ERROR_TEXTS.includes(s.toUpperCase())) {
    cell.v = s.toUpperCase();
    cell.err = true;
    return;
  }
  cell.v = s;
}

export function cellValue(cell: CellM | undefined): number | string | boolean {
  if (!cell || cell.v === undefined) return '';
  return cell.v;
}

export function cellFormula(cell: CellM | undefined): number | string | boolean {
  return displayFormula(cell) ?? cellValue(cell);
}

export function valueType(cell: CellM | undefined): string {
  if (!cell || cell.v === undefined) return cell?.f !== undefined ? 'String' : 'Empty';
  if (cell.err) return 'Error';
  if (typeof cell.v === 'boolean') return 'Boolean';
  if (typeof cell.v === 'number') return Number.isInteger(cell.v) ? 'Integer' : 'Double';
  return 'String';
}
