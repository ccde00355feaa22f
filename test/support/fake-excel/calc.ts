/**
 * The fake Excel, calculation: formulas bound to sheets as Excel binds them, calculated by
 * HyperFormula (see the header of test/support/fake-excel.ts for why that engine and its licence).
 * Not in the Office.js reference, so modelled from Excel's own behaviour or guessed: formulas following
 * a renamed sheet and turning into #REF! when it is deleted (Excel's workbook behaviour — Microsoft
 * Support, "How to correct a #REF! error"); the exact text a broken reference reads back as ("#REF!A1"),
 * a guess from Excel's formula bar; what a reference to a missing sheet becomes (Excel on the desktop
 * may ask for the workbook; the fake makes it #REF!). Known limits: defined names, structured
 * references, 3-D references, INDIRECT/OFFSET into cells no formula names and links to other workbooks
 * are not calculated as Excel would; a circular reference reads 0; calculation is automatic and
 * finished by the time a sync answers.
 */
import { DetailedCellError, ExportedCellChange, HyperFormula, type CellValue, type ConfigParams, type RawCellContent } from 'hyperformula';
import { cellCount, colLetters, intersects, MAX_COLS, MAX_ROWS, quoteSheetName, type Rect } from './geometry';
import { type CellM, getCell, type SheetM, type WorkbookM } from './model';

/**
 * A reference to a sheet inside a formula, bound when the formula was written: to the sheet of that
 * name then (followed through renames; `#REF!` once deleted), or to none (no such sheet then: kept
 * as written, an error, and never bound to a sheet of that name made later).
 */
interface SheetRefPart {
  sheet: SheetM | null;
  /** The qualifier as written, quotes and all ("'Тізілім'"). */
  written: string;
  /** The sheet name it spells. */
  name: string;
  /** What follows the "!" ("$L$5:$L$20"). */
  ref: string;
}
export type FormulaPart = string | SheetRefPart;

/** A reference after "!": a cell or range, whole columns or rows, or a name. */
const REF_AFTER_BANG = /\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?(?![\p{L}\p{N}_.(])|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![\p{L}\p{N}_.(])|\$?\d+:\$?\d+|[\p{L}_\\][\p{L}\p{N}_.]*/uy;
const IDENT = /[\p{L}_\\][\p{L}\p{N}_.]*/uy;
const IDENT_START = /[\p{L}_\\]/u;
const ERROR_LITERAL = /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)/iy;

function matchAt(re: RegExp, text: string, at: number): string {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? '';
}

/**
 * Split a formula into text and sheet references ('Name'!A1, Name!A1:B2), binding each to a sheet
 * by `resolve`. String literals and error literals are left alone. 3-D references (Sheet1:Sheet3!A1)
 * and links to other workbooks ([Book]Sheet!A1) are not recognised (tizilim writes neither).
 */
function scanFormula(text: string, resolve: (name: string) => SheetM | null): FormulaPart[] {
  const parts: FormulaPart[] = [];
  let lit = '';
  const ref = (written: string, name: string, after: number): number => {
    const r = matchAt(REF_AFTER_BANG, text, after);
    if (lit) parts.push(lit);
    lit = '';
    parts.push({ sheet: resolve(name), written, name, ref: r });
    return after + r.length;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] !== '"') break;
          j++;
        }
        j++;
      }
      lit += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = '';
      while (j < text.length) {
        if (text[j] === "'") {
          if (text[j + 1] !== "'") break;
          j++;
        }
        name += text[j++];
      }
      if (text[j + 1] === '!') {
        i = ref(text.slice(i, j + 1), name, j + 2);
        continue;
      }
      lit += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '#') {
      const e = matchAt(ERROR_LITERAL, text, i);
      if (e) {
        lit += e;
        i += e.length;
        continue;
      }
    }
    if (IDENT_START.test(ch)) {
      const id = matchAt(IDENT, text, i);
      if (text[i + id.length] === '!') {
        i = ref(id, id, i + id.length + 1);
        continue;
      }
      lit += id;
      i += id.length;
      continue;
    }
    lit += ch;
    i++;
  }
  if (lit) parts.push(lit);
  return parts;
}

function quoteAlways(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** The formula as `Range.formulas` reads it: references under their sheets' names now, `#REF!` for a deleted sheet, as written for a sheet that never was. */
function formulaText(parts: readonly FormulaPart[]): string {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'string') s += p;
    else if (p.sheet === null) s += `${p.written}!${p.ref}`;
    else if (p.sheet.deleted) s += `#REF!${p.ref}`;
    else s += `${p.written.startsWith("'") ? quoteAlways(p.sheet.name) : quoteSheetName(p.sheet.name)}!${p.ref}`;
  }
  return s;
}

/** The formula as HyperFormula is given it (at the moment it is written): a reference to no sheet is #REF!. */
function engineText(parts: readonly FormulaPart[]): string {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'string') s += p;
    else if (p.sheet === null || p.sheet.deleted) s += '#REF!';
    else s += `${quoteAlways(p.sheet.name)}!${p.ref}`;
  }
  return s;
}

/** A formula that named a sheet the workbook did not have when it was written. */
export interface BrokenReference {
  /** Where the formula is: sheet and A1. */
  sheet: string;
  cell: string;
  formula: string;
  /** The sheet it names. */
  missing: string;
}

/**
 * HyperFormula as the fake's calculation engine (GPLv3, used under its "gpl-v3" licence key, a
 * devDependency for tests only; see the header): English function names, "," between arguments,
 * "." for decimals; the 1900 date system with Excel's phantom 29 Feb 1900; array arithmetic (what
 * SUMPRODUCT(--(range=x), range) needs); results as doubles, not rounded for display; a sheet of
 * Excel's size.
 */
const ENGINE_CONFIG: Partial<ConfigParams> = {
  licenseKey: 'gpl-v3',
  functionArgSeparator: ',',
  decimalSeparator: '.',
  useArrayArithmetic: true,
  leapYear1900: true,
  nullDate: { year: 1899, month: 12, day: 31 },
  smartRounding: false,
  caseSensitive: false,
  matchWholeCell: true,
  useWildcards: true,
  maxRows: MAX_ROWS,
  maxColumns: MAX_COLS,
};

/** A cell's key in a sheet's set of cells. */
function cellKey(r: number, c: number): number {
  return r * MAX_COLS + c;
}

function intersection(a: Rect, b: Rect): Rect | null {
  return intersects(a, b) ? { r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) } : null;
}

function contains(outer: Rect, inner: Rect): boolean {
  return outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1;
}

/** What a constant cell is to HyperFormula: text always as text (never re-read as a number, date or formula). */
function engineValue(cell: CellM | undefined): RawCellContent {
  if (!cell || cell.v === undefined) return null;
  if (cell.err) return String(cell.v);
  if (typeof cell.v === 'string') return "'" + cell.v;
  return cell.v;
}

/**
 * The workbook's formulas in HyperFormula, kept in step with the model:
 *
 * - every live sheet is a sheet of the engine under the same name (added, renamed, removed with it);
 * - a formula is bound when it is written ({@link enterFormula}): its sheet references resolved to
 *   the sheets that exist then, and given to the engine, which binds it the same way;
 * - constants are passed on lazily: only the cells some formula reads (its precedents, as the engine
 *   reports them) are mirrored, at the next calculation, so a 100,000-row sheet no formula reads costs
 *   the engine nothing;
 * - the engine calculates when a value is read ({@link settle}); formula cells get their results.
 */
export class Calc {
  private readonly hf: HyperFormula;
  private readonly ids = new Map<SheetM, number>();
  private readonly byId = new Map<number, SheetM>();
  /** Per sheet, the rectangles formulas read (deduplicated by key). */
  private readonly watched = new Map<SheetM, { rects: Rect[]; keys: Set<string> }>();
  /** Rectangles of watched cells whose constants the engine has not had yet. */
  private pending: { sh: SheetM; rect: Rect }[] = [];
  /** Cells the engine holds a formula for, per sheet. */
  private readonly formulaCells = new Map<SheetM, Set<number>>();
  /** Formula cells written since the last calculation: their results are read whether or not they changed. */
  private entered: { sh: SheetM; r: number; c: number }[] = [];
  private dirty = false;
  readonly broken: BrokenReference[] = [];

  constructor(private readonly wb: WorkbookM) {
    this.hf = HyperFormula.buildEmpty(ENGINE_CONFIG);
    this.hf.suspendEvaluation();
    for (const sh of wb.sheets) this.addSheet(sh);
  }

  addSheet(sh: SheetM): void {
    const id = this.hf.getSheetId(this.hf.addSheet(sh.name));
    if (id === undefined) throw new Error(`fake-excel: the engine has no sheet "${sh.name}"`);
    this.ids.set(sh, id);
    this.byId.set(id, sh);
  }

  renameSheet(sh: SheetM): void {
    const id = this.ids.get(sh);
    if (id !== undefined) this.hf.renameSheet(id, sh.name);
  }

  /** The sheet is gone: the engine turns every reference to it into #REF! (it may give its id to a later sheet). */
  removeSheet(sh: SheetM): void {
    const id = this.ids.get(sh);
    if (id === undefined) return;
    this.hf.removeSheet(id);
    this.ids.delete(sh);
    this.byId.delete(id);
    this.watched.delete(sh);
    this.formulaCells.delete(sh);
    this.pending = this.pending.filter((p) => p.sh !== sh);
    this.entered = this.entered.filter((e) => e.sh !== sh);
    this.dirty = true;
  }

  /** A formula was written into this cell (cell.f): bind it to the sheets there are now and give it to the engine. */
  enterFormula(sh: SheetM, r: number, c: number, cell: CellM): void {
    const id = this.ids.get(sh);
    if (id === undefined || cell.f === undefined) return;
    const parts = scanFormula(cell.f.slice(1), (name) => sheetByName(this.wb, name));
    cell.bound = parts;
    for (const p of parts) {
      if (typeof p !== 'string' && p.sheet === null) this.broken.push({ sheet: sh.name, cell: `${colLetters(c)}${r + 1}`, formula: cell.f, missing: p.name });
    }
    const at = { sheet: id, row: r, col: c };
    this.hf.setCellContents(at, [['=' + engineText(parts)]]);
    let set = this.formulaCells.get(sh);
    if (!set) this.formulaCells.set(sh, (set = new Set()));
    set.add(cellKey(r, c));
    this.entered.push({ sh, r, c });
    this.dirty = true;
    for (const p of this.hf.getCellPrecedents(at)) {
      if ('start' in p) {
        const s = this.byId.get(p.start.sheet);
        if (s) this.watch(s, { r0: p.start.row, c0: p.start.col, r1: p.end.row ?? MAX_ROWS - 1, c1: p.end.col ?? MAX_COLS - 1 });
      } else {
        const s = this.byId.get(p.sheet);
        if (s) this.watch(s, { r0: p.row, c0: p.col, r1: p.row, c1: p.col });
      }
    }
  }

  private watch(sh: SheetM, rect: Rect): void {
    let w = this.watched.get(sh);
    if (!w) this.watched.set(sh, (w = { rects: [], keys: new Set() }));
    const key = `${rect.r0}:${rect.c0}:${rect.r1}:${rect.c1}`;
    if (w.keys.has(key)) return;
    w.keys.add(key);
    if (w.rects.some((x) => contains(x, rect))) return;
    w.rects.push(rect);
    this.pending.push({ sh, rect });
    this.dirty = true;
  }

  /** The content of these cells changed (values written, cleared, merged away): pass on what a formula reads. */
  changed(sh: SheetM, rect: Rect): void {
    const id = this.ids.get(sh);
    if (id === undefined) return;
    const w = this.watched.get(sh);
    if (w) {
      for (const x of w.rects) {
        const part = intersection(x, rect);
        if (part) {
          this.pending.push({ sh, rect: part });
          this.dirty = true;
        }
      }
    }
    // A formula the engine holds, now a constant (or nothing): the engine must forget the formula.
    const set = this.formulaCells.get(sh);
    if (!set || set.size === 0) return;
    const check = (r: number, c: number) => {
      const cell = getCell(sh, r, c);
      if (cell?.f !== undefined) return;
      set.delete(cellKey(r, c));
      this.hf.setCellContents({ sheet: id, row: r, col: c }, [[engineValue(cell)]]);
      this.dirty = true;
    };
    if (cellCount(rect) <= set.size) {
      for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) if (set.has(cellKey(r, c))) check(r, c);
    } else {
      for (const k of [...set]) {
        const r = Math.floor(k / MAX_COLS);
        const c = k % MAX_COLS;
        if (r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) check(r, c);
      }
    }
  }

  /** Give the engine the constants it lacks, a column run at a time (formula cells it has are skipped). */
  private flush(): void {
    const extent = new Map<SheetM, { rows: number; cols: number }>();
    for (const { sh, rect } of this.pending) {
      const id = this.ids.get(sh);
      if (id === undefined) continue;
      let ext = extent.get(sh);
      if (!ext) {
        let rows = 0, cols = 0;
        for (const [r, row] of sh.rows) {
          rows = Math.max(rows, r + 1);
          cols = Math.max(cols, row.length);
        }
        extent.set(sh, (ext = { rows, cols }));
      }
      const r1 = Math.min(rect.r1, ext.rows - 1);
      const c1 = Math.min(rect.c1, ext.cols - 1);
      for (let c = rect.c0; c <= c1; c++) {
        let run: RawCellContent[][] = [];
        let start = rect.r0;
        const send = () => {
          if (run.length) this.hf.setCellContents({ sheet: id, row: start, col: c }, run);
          run = [];
        };
        for (let r = rect.r0; r <= r1; r++) {
          const cell = getCell(sh, r, c);
          if (cell?.f !== undefined) {
            send();
            start = r + 1;
            continue;
          }
          run.push([engineValue(cell)]);
        }
        send();
      }
    }
    this.pending = [];
  }

  /** Calculate now (if anything changed) and give every formula cell its result. */
  settle(): void {
    if (!this.dirty) return;
    this.flush();
    const changes = this.hf.resumeEvaluation();
    for (const ch of changes) {
      if (!(ch instanceof ExportedCellChange)) continue;
      const sh = this.byId.get(ch.sheet);
      const cell = sh ? getCell(sh, ch.row, ch.col) : undefined;
      if (cell?.f !== undefined) setResult(cell, ch.newValue);
    }
    for (const e of this.entered) {
      const cell = getCell(e.sh, e.r, e.c);
      const id = this.ids.get(e.sh);
      if (cell?.f !== undefined && id !== undefined) setResult(cell, this.hf.getCellValue({ sheet: id, row: e.r, col: e.c }));
    }
    this.entered = [];
    this.hf.suspendEvaluation();
    this.dirty = false;
  }

  /** The sheets a formula cell's references are bound to in the engine (for a cross-check of the binding). */
  enginePrecedentSheets(sh: SheetM, r: number, c: number): string[] {
    const id = this.ids.get(sh);
    if (id === undefined) return [];
    const names = new Set<string>();
    for (const p of this.hf.getCellPrecedents({ sheet: id, row: r, col: c })) {
      const s = this.byId.get('start' in p ? p.start.sheet : p.sheet);
      if (s) names.add(s.name);
    }
    return [...names];
  }
}

/** A calculated result as Excel holds it; the engine's own error kinds are given Excel's nearest. */
function setResult(cell: CellM, v: CellValue): void {
  delete cell.err;
  if (v instanceof DetailedCellError) {
    const text = v.value;
    if (text === '#CYCLE!') {
      cell.v = 0; // Excel warns of a circular reference and shows 0
      return;
    }
    cell.v = text === '#ERROR!' ? '#NAME?' : text === '#LIC!' ? '#VALUE!' : text;
    cell.err = true;
    return;
  }
  cell.v = v === null ? 0 : v;
}

function sheetByName(wb: WorkbookM, name: string): SheetM | null {
  const k = name.toLowerCase();
  return wb.sheets.find((s) => s.name.toLowerCase() === k) ?? null;
}

/** The workbook's engine, made when the first formula is written (a workbook without formulas never needs one). */
export function calcOf(wb: WorkbookM): Calc {
  return (wb.calc ??= new Calc(wb));
}

/** Bind and enter every formula of a sheet that has none bound yet (a fixture's formulas, once its workbook is whole). */
export function bindFormulas(wb: WorkbookM, sh: SheetM): void {
  for (const [r, row] of sh.rows) {
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell?.f !== undefined && !cell.bound) calcOf(wb).enterFormula(sh, r, c, cell);
    }
  }
}

/** What `Range.formulas` reads for a cell: its formula as bound now, else its value. */
export function displayFormula(cell: CellM | undefined): string | null {
  if (cell?.f === undefined) return null;
  return cell.bound ? '=' + formulaText(cell.bound) : cell.f;
}
