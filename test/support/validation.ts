/**
 * Excel's data validation, evaluated as Excel does when a value is typed into a cell: the rule read
 * back from a file with ExcelJS, the value as the cell would hold it once typed (a number, a date or
 * text). Lists, decimals, whole numbers and dates — the kinds the register template writes.
 */
import type ExcelJS from 'exceljs';

export type Typed = number | string | Date | null;

const SERIAL_EPOCH = Date.UTC(1899, 11, 30);
const serialOf = (d: Date) => (d.getTime() - SERIAL_EPOCH) / 86400000;

/** The rule on a cell, as ExcelJS read it back (a range is spread to each of its cells). */
export function ruleAt(ws: ExcelJS.Worksheet, address: string): ExcelJS.DataValidation | undefined {
  return (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model[address];
}

/** A list's items: inline ("a,b,c") or the cells of a range on a sheet of the workbook ('Lists'!$A$2:$A$9). */
export function listItems(wb: ExcelJS.Workbook, formula: string): string[] {
  const f = formula.replace(/^=/, '');
  if (f.startsWith('"')) return f.slice(1, -1).split(',');
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(f);
  if (!m) throw new Error(`not a list source: ${formula}`);
  const ws = wb.getWorksheet((m[1] ?? '').replace(/''/g, "'") || m[2]);
  if (!ws) throw new Error(`no sheet for ${formula}`);
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [c1, r1, c2, r2] = [col(m[3]), Number(m[4]), col(m[5] ?? m[3]), Number(m[6] ?? m[4])];
  const out: string[] = [];
  for (let r = r1; r <= r2; r++) {
    for (let c = c1; c <= c2; c++) {
      const v = ws.getCell(r, c).value;
      if (v !== null && v !== undefined && v !== '') out.push(String(v));
    }
  }
  return out;
}

function compare(x: number, op: string | undefined, a: number, b: number | undefined): boolean {
  switch (op ?? 'between') {
    case 'between': return x >= a && x <= (b as number);
    case 'notBetween': return x < a || x > (b as number);
    case 'equal': return x === a;
    case 'notEqual': return x !== a;
    case 'greaterThan': return x > a;
    case 'lessThan': return x < a;
    case 'greaterThanOrEqual': return x >= a;
    case 'lessThanOrEqual': return x <= a;
    default: throw new Error(`operator ${op}`);
  }
}

/** Whether Excel takes `value` typed into a cell under `rule` (true), or refuses it. */
export function accepts(wb: ExcelJS.Workbook, rule: ExcelJS.DataValidation, value: Typed): boolean {
  if (value === null || value === '') return Boolean(rule.allowBlank);
  const bound = (i: number): number | undefined => {
    const f = rule.formulae?.[i] as unknown;
    if (f === undefined) return undefined;
    return f instanceof Date ? serialOf(f) : Number(f);
  };
  switch (rule.type) {
    case 'list': {
      // Excel compares a list's items without regard to case.
      const text = value instanceof Date ? String(serialOf(value)) : String(value);
      return listItems(wb, String(rule.formulae[0])).some((x) => x.toLocaleLowerCase() === text.toLocaleLowerCase());
    }
    case 'decimal':
    case 'whole': {
      if (typeof value !== 'number') return false;
      if (rule.type === 'whole' && !Number.isInteger(value)) return false;
      return compare(value, rule.operator, bound(0) as number, bound(1));
    }
    case 'date': {
      const x = value instanceof Date ? serialOf(value) : typeof value === 'number' ? value : NaN;
      if (!Number.isFinite(x)) return false;
      return compare(x, rule.operator, bound(0) as number, bound(1));
    }
    default:
      throw new Error(`rule type ${rule.type} is not evaluated here`);
  }
}
