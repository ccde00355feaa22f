/**
 * Office.js writer, cells: what a plan cell becomes in `Range.formulas` / `Range.values` (plan strings
 * always land as text — an apostrophe before anything Excel would read as a formula, number, date or
 * boolean), and the sheet references in formulas and links when one of our sheets gets another name.
 */
import { dateToSerial } from '../../core/grid/grid';
import { fitCellText, type PlanCell } from '../../core/report/plan';

// ---------------------------------------------------------------------------------------------
// Cells → what goes into `formulas` / `values`

/**
 * Would Excel read this string as something other than the same text (a formula, a number, a date,
 * a boolean, an error, a percentage)? Then it goes in with an apostrophe. Plain words stay as they are.
 */
export function needsApostrophe(s: string): boolean {
  if (s === '') return false;
  if (!/^\p{L}/u.test(s)) return true; // "=", "+", "-", "@", "'", "#", digits, spaces, currency signs…
  if (/\d/.test(s)) return true; // "Jan 5", "May-2024", "e5" may read as dates or numbers
  return /^(true|false|истина|ложь|ақиқат|жалған)$/i.test(s.trim());
}

export type Input = string | number | boolean;

/** What to write for a plan cell. `formula` is the formula text (references already renamed). */
export function cellInput(pc: PlanCell | null | undefined, formula?: string): Input {
  if (!pc) return '';
  if (pc.f) return '=' + (formula ?? pc.f).replace(/^=+/, '');
  const v = pc.v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : dateToSerial(v);
  // Within a cell's limit: the checks' TEXT_TOO_LONG tells the user of every source cell cut here.
  const s = fitCellText(String(v));
  return needsApostrophe(s) ? "'" + s : s;
}

// ---------------------------------------------------------------------------------------------
// Sheet references when one of our sheets gets another name

export function quoteRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Rewrite `'Old'!` references (the core always quotes them, plan.sheetRef) to the sheets' final names. */
export function renameRefs(text: string, renames: Map<string, string>): string {
  if (renames.size === 0 || text.indexOf("'") < 0) return text;
  return text.replace(/'((?:[^']|'')+)'!/g, (m, inner: string) => {
    const to = renames.get(inner.replace(/''/g, "'"));
    return to === undefined ? m : quoteRef(to) + '!';
  });
}

/** "'My sheet'!B7" → {sheet, cell}; null when it is not a sheet reference. */
export function parseLink(link: string): { sheet: string; ref: string } | null {
  const m = /^#?(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(link.trim());
  if (!m) return null;
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], ref: m[3] };
}
