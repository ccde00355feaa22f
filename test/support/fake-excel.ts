/**
 * An in-memory Excel behind the part of the Excel JavaScript API (Office.js) tizilim uses, faithful
 * enough that code written against real Office.js runs on it unchanged:
 *
 * - `run(batch)` gives a RequestContext with `workbook`, `application` and `sync()`;
 * - objects are proxies: writes and method calls are queued and applied, in order, at `sync()`;
 *   properties are readable only after `load()` + `sync()` (else a PropertyNotLoaded error, thrown
 *   synchronously as Office does); `*OrNullObject` results carry `isNullObject` after the sync;
 * - each sync's request is measured (JSON size in UTF-8 bytes of every queued action's arguments
 *   plus a fixed envelope per action) and rejected with `RequestPayloadSizeLimitExceeded` above the
 *   limit (default 5 MB, as Excel on the web); the response of loads likewise with
 *   `ResponsePayloadSizeLimitExceeded`. A rejected request applies nothing;
 * - typed-input rules of `values`/`formulas`: a string starting with "=", "+", "-" or "@" becomes a
 *   formula unless it starts with an apostrophe (kept as text, the apostrophe is a prefix, not part of
 *   the value) or the cell's number format is "@"; number-like strings become numbers, "TRUE"/"FALSE"
 *   booleans, ISO dates date serials, error literals errors; `null` leaves a cell unchanged, "" clears it;
 * - dates are serial numbers; error cells read back as their text ("#REF!");
 * - formulas calculate, and are bound to sheets as Excel binds them (see "Calculation" below).
 *
 * Calculation. A formula written through `Range.formulas` (or `values`) is parsed and bound, at the
 * moment the action runs, to the sheets that exist then; `values`, `text` and `valueTypes` of a
 * formula cell read its calculated result. Renaming a sheet rewrites the formulas that read it (they
 * read the same sheet under its new name); deleting a sheet turns them into #REF! ("=SUM(#REF!A1:A9)"
 * as `formulas` reads back), and a sheet made later under the old name does not revive them. A
 * reference to a sheet that does not exist when the formula is written is an error, #REF!, kept as
 * written and never bound to a sheet of that name made later (Excel takes such a name for a link to
 * another workbook, which it cannot find); `brokenReferences()` lists them. Chart series ranges are
 * bound the same way: they follow a renamed sheet and read "#REF!" once it is deleted
 * (`chartPoints()` tells what a chart plots). Formulas are read as an English Excel takes them
 * through `formulas`: English function names, "," between arguments, "." in numbers.
 *
 * The engine is HyperFormula (a devDependency, used by the tests only): an independent spreadsheet
 * engine with its own parser, dependency graph and functions (SUMIFS, COUNTIFS with criteria such as
 * ">="&DATE(2025,10,1), SUMPRODUCT over arrays, DATE, ROUND, IF, ...) and its own handling of sheet
 * renames and removals, so the fake's calculations are not the same hands' guesses as the code under
 * test. Its licence is GPLv3 or commercial; it runs here under the "gpl-v3" key. tizilim is MIT and
 * ships none of it: HyperFormula is never imported by src/, never bundled into the add-in (webpack
 * builds from src/ only) and never distributed with the CLI; it only runs on a developer's or CI's
 * machine while the tests run, which the GPL does not restrict. MIT-licensed alternatives were
 * weighed: fast-formula-parser and @formulajs/formulajs evaluate functions but leave references,
 * sheets and dependencies to the caller, so the very part in question (what a formula is bound to
 * when sheets are added, renamed and deleted) would be ours again. Should the project ever ship a
 * test bundle or want no GPL code at all, the engine sits behind the `Calc` class of this file.
 * The fake does its own scan of a formula's sheet qualifiers (for the text `formulas` reads back, and
 * to keep a reference to a missing sheet from ever binding); `formulaCells()` puts the scan and the
 * engine's own binding side by side, and the tests compare them.
 *
 * What is documented and what is not. Documented by Microsoft, and modelled: the typed-input rule
 * (Excel JavaScript API reference, Range.values and Range.formulas: a value starting with "+", "-"
 * or "=" is taken for a formula); the 5 MB request and response limits of Excel on the web ("Resource
 * limits and performance optimization for Office Add-ins"); load-then-sync and PropertyNotLoaded
 * ("Excel JavaScript API core concepts" / "Call load before reading properties"); `*OrNullObject`
 * ("*OrNullObject methods and properties"); a worksheet's id kept through renames and moves ("Work
 * with worksheets using the Excel JavaScript API"); getSelectedRange throwing when several ranges are
 * selected (Workbook.getSelectedRange); custom property keys and values trimmed to 255 characters
 * outside Excel on the web (CustomPropertyCollection.add), a worksheet custom property key over 255
 * an InvalidArgument (WorksheetCustomPropertyCollection.add); a VeryHidden sheet cannot be deleted
 * (Worksheet.delete). Not in the Office.js reference, so modelled from Excel's own behaviour or
 * guessed: formulas following a renamed sheet and turning into #REF! when it is deleted (Excel's
 * workbook behaviour — Microsoft Support, "How to correct a #REF! error" — which the API pages for
 * Worksheet.name and Worksheet.delete do not mention); the exact text a broken reference reads back
 * as ("#REF!A1"), a guess from Excel's formula bar; what a reference to a missing sheet becomes
 * (Excel on the desktop may ask for the workbook; the fake makes it #REF!); the error code of
 * getSelectedRange on several areas (InvalidSelection, one of Excel.ErrorCodes); the fake's error
 * messages (the codes are Office.js's).
 *
 * Known limits (where this Excel is not the real one):
 * - input is parsed as a US-English Excel parses it ("1,234.5", "TRUE", ISO dates); a Kazakh or Russian
 *   Excel reads "1 234,5" and "ИСТИНА" and would take some strings differently;
 * - `formulasLocal` reads the same as `formulas` (and `addressLocal` as `address`): what a Kazakh or
 *   Russian Excel shows there (";" between arguments, localized function names such as СУММ) is not
 *   modelled;
 * - formula text reads back as written, but for references it rebinds; Excel normalises formulas
 *   (drops quotes a sheet name does not need, capitalises function names, may move spaces);
 * - `numberFormat` reads back verbatim as written; Excel may normalise a format code (escapes,
 *   locale currency tags);
 * - the request size adds a guessed envelope per action (`ACTION_ENVELOPE_BYTES`) to the JSON of its
 *   arguments; Office's real serialisation is not published;
 * - `sync()` resolves in a microtask, unless `macrotaskSyncs`; a real sync is a round trip that
 *   resolves in a macrotask;
 * - calculation is automatic and finished by the time a sync answers: `calculationMode` "Manual" and
 *   `suspendApiCalculationUntilNextSync` are recorded but do not hold values back; defined names,
 *   structured references (Table1[Column]), 3-D references, INDIRECT/OFFSET into cells no formula
 *   names and links to other workbooks are not calculated as Excel would; a circular reference reads 0;
 * - hyperlinks are text (documentReference): they do not follow a renamed sheet, as in Excel;
 * - a worksheet custom property's value has no length limit here (none is documented);
 * - `Office.context.document.settings`: one store per `installFakeOffice`; two runtimes (the task pane
 *   and the ribbon's commands) given the same Office share one in-memory copy, where Office gives each
 *   runtime its own, in step only through saveAsync/refreshAsync: install one per runtime to model that.
 *
 * Plain TypeScript with no Node imports: it can be transpiled for a browser and given to a page as
 * `globalThis.Excel` (see `installFakeOffice`); there `require('hyperformula')` is answered with the
 * engine's browser build (test/support/browser.ts).
 */

import { columnLetters, columnNumber, isColumnLetters } from '../../src/core/a1';
import { DetailedCellError, ExportedCellChange, HyperFormula, type CellValue, type ConfigParams, type RawCellContent } from 'hyperformula';

// ---------------------------------------------------------------------------------------------
// Errors

/** What Office.js rejects a sync with (`OfficeExtension.Error`: name "RichApi.Error", a code, debug info). */
export class FakeRichApiError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

function fail(code: string, message: string, where?: string): never {
  throw new FakeRichApiError(code, message, where);
}

function notLoaded(prop: string, type: string): never {
  throw new FakeRichApiError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${type}.${prop}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Sheet geometry and addresses

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

/** A rectangle of cells, 0-based and inclusive. */
interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** A 0-based column's letters (0 → "A"). */
const colLetters = (col0: number): string => columnLetters(col0 + 1);

/** A 0-based column from letters matched as [A-Z]{1,3}; one past the sheet's last for letters beyond XFD (refused by the bounds check). */
const colIndex = (letters: string): number => (isColumnLetters(letters) ? columnNumber(letters) - 1 : MAX_COLS);

/** Does Excel quote this sheet name in an address? (spaces, punctuation, a leading digit, a cell-like name) */
function needsQuotes(name: string): boolean {
  if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name)) return true;
  if (/^[Rr]\d*([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name)) return true;
  return /^(true|false)$/i.test(name);
}

export function quoteSheetName(name: string): string {
  return needsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

function rectA1(r: Rect): string {
  if (r.r0 === 0 && r.r1 === MAX_ROWS - 1 && !(r.c0 === 0 && r.c1 === MAX_COLS - 1)) return `${colLetters(r.c0)}:${colLetters(r.c1)}`;
  if (r.c0 === 0 && r.c1 === MAX_COLS - 1 && !(r.r0 === 0 && r.r1 === MAX_ROWS - 1)) return `${r.r0 + 1}:${r.r1 + 1}`;
  const a = `${colLetters(r.c0)}${r.r0 + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${colLetters(r.c1)}${r.r1 + 1}`;
}

function rectAddress(sheet: string, r: Rect): string {
  return `${quoteSheetName(sheet)}!${rectA1(r)}`;
}

/** Split "'My sheet'!A1:B2" into sheet name and the A1 part. */
function splitSheet(address: string): { sheet: string | null; ref: string } {
  const s = address.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i++];
    }
    if (s[i + 1] !== '!') fail('InvalidArgument', `Bad address: ${address}`);
    return { sheet: name, ref: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf('!');
  return bang < 0 ? { sheet: null, ref: s } : { sheet: s.slice(0, bang), ref: s.slice(bang + 1) };
}

function parseRef(ref: string): Rect {
  const parts = ref.replace(/\$/g, '').toUpperCase().split(':');
  if (parts.length < 1 || parts.length > 2) fail('InvalidArgument', `Bad address: ${ref}`);
  const one = (p: string): { r: number | null; c: number | null } => {
    let m = /^([A-Z]{1,3})(\d+)$/.exec(p);
    if (m) return { r: Number(m[2]) - 1, c: colIndex(m[1]) };
    m = /^([A-Z]{1,3})$/.exec(p);
    if (m) return { r: null, c: colIndex(m[1]) };
    m = /^(\d+)$/.exec(p);
    if (m) return { r: Number(m[1]) - 1, c: null };
    return fail('InvalidArgument', `Bad address: ${ref}`);
  };
  const a = one(parts[0]);
  const b = parts.length === 2 ? one(parts[1]) : a;
  let rect: Rect;
  if (a.r === null || b.r === null) {
    // whole columns
    if (a.c === null || b.c === null || a.r !== null || b.r !== null) fail('InvalidArgument', `Bad address: ${ref}`);
    rect = { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c) };
  } else if (a.c === null || b.c === null) {
    if (a.c !== null || b.c !== null) fail('InvalidArgument', `Bad address: ${ref}`);
    rect = { r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r), c0: 0, c1: MAX_COLS - 1 };
  } else {
    if (parts.length === 1 && a.r === null) fail('InvalidArgument', `Bad address: ${ref}`);
    rect = { r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r), c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c) };
  }
  if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) fail('InvalidArgument', `Address out of the sheet: ${ref}`);
  return rect;
}

function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

function cellCount(r: Rect): number {
  return (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);
}

function isUnbounded(r: Rect): boolean {
  return (r.r0 === 0 && r.r1 === MAX_ROWS - 1) || (r.c0 === 0 && r.c1 === MAX_COLS - 1);
}

// ---------------------------------------------------------------------------------------------
// Dates (1900 system, with Excel's phantom 29 Feb 1900)

const MS_PER_DAY = 86400000;
const EPOCH = Date.UTC(1899, 11, 30);

export function serialFromDate(d: Date): number {
  const s = (d.getTime() - EPOCH) / MS_PER_DAY;
  return s < 61 ? s - 1 : s;
}

function dateFromSerial(serial: number): Date {
  const s = serial < 61 ? serial + 1 : serial;
  return new Date(EPOCH + Math.round(s * MS_PER_DAY));
}

// ---------------------------------------------------------------------------------------------
// The model

export const EXCEL_ERROR_TEXTS = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!'];

/** A cell's look: flat keys ("font.bold", "fill.color", "border.top.style", ...), shared and never mutated. */
type Look = Readonly<Record<string, string | number | boolean>>;
const NO_LOOK: Look = Object.freeze({});

export interface FakeHyperlink {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

interface CellM {
  /** The constant value, or the cached result of a formula; undefined when empty. */
  v?: number | string | boolean;
  /** v is an error text (#REF!, ...). */
  err?: boolean;
  /** The formula as written, with its "=". */
  f?: string;
  /** The formula's sheet references as bound when it was written (what `formulas` reads back). */
  bound?: FormulaPart[];
  /** Number format; undefined = "General". */
  nf?: string;
  /** Entered with a leading apostrophe (Excel's quotePrefix). */
  q?: boolean;
  look?: Look;
  link?: FakeHyperlink;
}

interface TableM {
  id: string;
  name: string;
  sheet: SheetM;
  rect: Rect;
  style: string;
  showHeaders: boolean;
  showTotals: boolean;
  showBandedRows: boolean;
  showBandedColumns: boolean;
  showFilterButton: boolean;
  deleted: boolean;
}

interface SheetM {
  id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  deleted: boolean;
  rows: Map<number, CellM[]>;
  merges: Rect[];
  /** Column widths in points (Office.js units), by 0-based column. */
  colWidths: Map<number, number>;
  freeze: { rows: number; cols: number } | null;
  tables: TableM[];
  customProps: Map<string, { key: string; value: string }>;
  pageLayout: Record<string, unknown>;
  selection: Rect;
  /** A selection of several areas (Ctrl+click), the first being `selection`; unset for one area. */
  areas?: Rect[];
  tabColor: string;
  showGridlines: boolean;
  /** Row heights in points, by 0-based row (rows not listed have the standard height). */
  rowHeights: Map<number, number>;
  charts: ChartM[];
}

/** A chart on a sheet: its series' ranges are kept as sheet + rectangle, so they follow renames as Excel's do. */
interface ChartM {
  name: string;
  type: string;
  title: string;
  legendVisible: boolean;
  series: { name: string; values: RangeT | null; xValues: RangeT | null; hasDataLabels: boolean }[];
  reversePlotOrder: boolean;
  /** The cells it covers (A1 of the top-left and bottom-right cells). */
  position: { from: string; to: string } | null;
  deleted: boolean;
}

interface WorkbookM {
  name: string;
  sheets: SheetM[];
  active: SheetM | null;
  docProps: Record<string, string>;
  customDocProps: Map<string, { key: string; value: string; type: string }>;
  /** Defined names (workbook scope): name → formula text ("=Sheet1!$A$1"). */
  names: Map<string, { name: string; formula: string }>;
  calculationMode: string;
  nextSheetId: number;
  nextTableId: number;
  /** How many syncs ran with calculation suspended (suspendApiCalculationUntilNextSync). */
  suspendedSyncs: number;
  /** The calculation engine, once a formula has been written. */
  calc: Calc | null;
}

const STANDARD_WIDTH_PT = 48; // 8.43 characters of Calibri 11 = 64 px = 48 pt
const STANDARD_HEIGHT_PT = 15;

function newSheet(wb: WorkbookM, name: string): SheetM {
  const n = wb.nextSheetId++;
  return {
    id: `{${String(n).padStart(8, '0')}-0001-0000-0000-000000000000}`,
    name,
    visibility: 'Visible',
    deleted: false,
    rows: new Map(),
    merges: [],
    colWidths: new Map(),
    freeze: null,
    tables: [],
    customProps: new Map(),
    pageLayout: { orientation: 'Portrait', zoom: { scale: 100 } },
    selection: { r0: 0, c0: 0, r1: 0, c1: 0 },
    tabColor: '',
    showGridlines: true,
    rowHeights: new Map(),
    charts: [],
  };
}

function getCell(sh: SheetM, r: number, c: number): CellM | undefined {
  return sh.rows.get(r)?.[c];
}

function ensureCell(sh: SheetM, r: number, c: number): CellM {
  let row = sh.rows.get(r);
  if (!row) sh.rows.set(r, (row = []));
  let cell = row[c];
  if (!cell) row[c] = cell = {};
  return cell;
}

function hasContent(c: CellM | undefined): boolean {
  return !!c && (c.v !== undefined || c.f !== undefined);
}

function hasFormat(c: CellM | undefined): boolean {
  return !!c && (c.nf !== undefined || (c.look !== undefined && c.look !== NO_LOOK) || c.link !== undefined);
}

/** Visit every cell of a rectangle, creating cells (bounded ranges) or only existing ones (whole rows/columns). */
function forCells(sh: SheetM, rect: Rect, create: boolean, fn: (cell: CellM, r: number, c: number) => void): void {
  if (create && !isUnbounded(rect)) {
    for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) fn(ensureCell(sh, r, c), r, c);
    return;
  }
  for (const [r, row] of sh.rows) {
    if (r < rect.r0 || r > rect.r1) continue;
    for (let c = rect.c0; c <= Math.min(rect.c1, row.length - 1); c++) {
      const cell = row[c];
      if (cell) fn(cell, r, c);
    }
  }
}

function usedRect(sh: SheetM, valuesOnly: boolean, within?: Rect): Rect | null {
  let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
  for (const [r, row] of sh.rows) {
    if (within && (r < within.r0 || r > within.r1)) continue;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      if (within && (c < within.c0 || c > within.c1)) continue;
      if (!(hasContent(cell) || (!valuesOnly && hasFormat(cell)))) continue;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
  }
  if (!valuesOnly) {
    for (const m of sh.merges) {
      if (within && !intersects(m, within)) continue;
      r0 = Math.min(r0, m.r0); c0 = Math.min(c0, m.c0); r1 = Math.max(r1, m.r1); c1 = Math.max(c1, m.c1);
    }
  }
  return r1 < 0 ? null : { r0, c0, r1, c1 };
}

// ---------------------------------------------------------------------------------------------
// Typed input: what Excel makes of a value written to `values` or `formulas`

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const PERCENT_RE = /^([+-]?(\d+(\.\d*)?|\.\d+))%$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function clearContent(cell: CellM): void {
  delete cell.v;
  delete cell.err;
  delete cell.f;
  delete cell.bound;
  delete cell.q;
}

function enterInput(cell: CellM, input: unknown, where: string): void {
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

function cellValue(cell: CellM | undefined): number | string | boolean {
  if (!cell || cell.v === undefined) return '';
  return cell.v;
}

function cellFormula(cell: CellM | undefined): number | string | boolean {
  return displayFormula(cell) ?? cellValue(cell);
}

function valueType(cell: CellM | undefined): string {
  if (!cell || cell.v === undefined) return cell?.f !== undefined ? 'String' : 'Empty';
  if (cell.err) return 'Error';
  if (typeof cell.v === 'boolean') return 'Boolean';
  if (typeof cell.v === 'number') return Number.isInteger(cell.v) ? 'Integer' : 'Double';
  return 'String';
}

// ---------------------------------------------------------------------------------------------
// Calculation: formulas bound to sheets as Excel binds them, calculated by HyperFormula

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
type FormulaPart = string | SheetRefPart;

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
class Calc {
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
function calcOf(wb: WorkbookM): Calc {
  return (wb.calc ??= new Calc(wb));
}

/** Bind and enter every formula of a sheet that has none bound yet (a fixture's formulas, once its workbook is whole). */
function bindFormulas(wb: WorkbookM, sh: SheetM): void {
  for (const [r, row] of sh.rows) {
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell?.f !== undefined && !cell.bound) calcOf(wb).enterFormula(sh, r, c, cell);
    }
  }
}

/** What `Range.formulas` reads for a cell: its formula as bound now, else its value. */
function displayFormula(cell: CellM | undefined): string | null {
  if (cell?.f === undefined) return null;
  return cell.bound ? '=' + formulaText(cell.bound) : cell.f;
}

// ---------------------------------------------------------------------------------------------
// Display text (Range.text): the common number formats, enough for assertions

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function groupThousands(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatText(v: number | string | boolean, nf: string | undefined): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  const fmt = (nf ?? 'General').split(';')[0];
  if (fmt === 'General' || fmt === '@') {
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(11)));
  }
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  if (/[dy]/i.test(bare) || /m{3,}/i.test(bare)) {
    const d = dateFromSerial(v);
    return bare
      .replace(/yyyy/gi, String(d.getUTCFullYear()))
      .replace(/yy/gi, pad(d.getUTCFullYear() % 100))
      .replace(/dd/gi, pad(d.getUTCDate()))
      .replace(/mm/gi, pad(d.getUTCMonth() + 1))
      .replace(/(^|[^0-9])d([^0-9a-z]|$)/gi, `$1${d.getUTCDate()}$2`)
      .replace(/(^|[^0-9])m([^0-9a-z]|$)/gi, `$1${d.getUTCMonth() + 1}$2`);
  }
  let x = v;
  const percent = bare.includes('%');
  if (percent) x *= 100;
  const scaleCommas = /[0#](,+)(?![0#])/.exec(bare);
  if (scaleCommas) x /= Math.pow(1000, scaleCommas[1].length);
  const dec = /\.([0#]+)/.exec(bare)?.[1].length ?? 0;
  let s = Math.abs(x).toFixed(dec);
  if (/[0#],[0#]/.test(bare)) {
    const [i, f] = s.split('.');
    s = groupThousands(i) + (f !== undefined ? '.' + f : '');
  }
  return (x < 0 && Number(s) !== 0 ? '-' : '') + s + (percent ? '%' : '');
}

// ---------------------------------------------------------------------------------------------
// Request context, actions, payload

interface Action {
  bytes: number;
  run(): void;
}

export interface SyncRecord {
  /** Request size: UTF-8 JSON of every action's arguments plus an envelope per action. */
  requestBytes: number;
  responseBytes: number;
  actions: number;
  /** Set when the sync was rejected (the error code). */
  rejected?: string;
  /**
   * When the in-memory Excel applied the batch (performance.now(), ms) and how long that took: work a
   * real Excel does in its own process, not in the page (the task-pane benchmark leaves it out).
   */
  appliedAt?: number;
  applyMs?: number;
}

export interface FakeStats {
  syncs: number;
  records: SyncRecord[];
  maxRequestBytes: number;
  totalRequestBytes: number;
}

/**
 * Bytes counted for each action besides its arguments (Office.js sends ids, types and paths). A guess:
 * Office's request format is not published; the writer budgets 150 per action, more than this.
 */
export const ACTION_ENVELOPE_BYTES = 100;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function jsonBytes(x: unknown): number {
  const s = JSON.stringify(x);
  return s === undefined ? 0 : utf8Length(s);
}

export interface FakeExcelOptions {
  /** Reject a sync whose request is larger (bytes). Default 5 MB; Infinity to turn off. */
  requestLimit?: number;
  /** Reject a sync whose response (loaded data) is larger (bytes). Default 5 MB; Infinity to turn off. */
  responseLimit?: number;
  /** The highest ExcelApi requirement set the host supports, e.g. "1.7". Default "1.17". */
  apiVersion?: string;
  /** The workbook's file name (Workbook.name). */
  workbookName?: string;
  /**
   * Resolve each sync after a macrotask (setTimeout), as a real round trip to Excel does, instead of a
   * microtask: a page then gets to paint between syncs (for timing the task pane in a browser).
   */
  macrotaskSyncs?: boolean;
  /**
   * Which Excel, where the platforms are documented to differ (default "desktop", where most of
   * tizilim's users are): a document custom property's key and value are trimmed to 255 characters
   * on the desktop and kept whole on the web. The payload limits are set apart (requestLimit).
   */
  platform?: 'web' | 'desktop';
}

function versionAtLeast(have: string, need: string): boolean {
  const [a1, a2] = have.split('.').map(Number);
  const [b1, b2] = need.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && (a2 ?? 0) >= (b2 ?? 0));
}

class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  syncCount = 0;
  /** Set after `Excel.run` returns: the context can no longer sync. */
  closed = false;
  private queue: Action[] = [];
  private responseBytes = 0;
  private suspendCalc = false;

  constructor(readonly host: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
    this.application = this.workbook.application;
  }

  /** Queue an action whose arguments (for the payload) are `args`. */
  enqueue(args: unknown, run: () => void): void {
    if (this.closed) fail('InvalidRequestContext', 'Cannot use the object across different request contexts.');
    this.queue.push({ bytes: ACTION_ENVELOPE_BYTES + jsonBytes(args), run });
  }

  hasPending(): boolean {
    return this.queue.length > 0;
  }

  /** A load's snapshot counts toward the response. */
  addResponse(data: unknown): void {
    this.responseBytes += jsonBytes(data);
  }

  requireApi(version: string, what: string): void {
    if (!this.host.isSetSupported('ExcelApi', version)) fail('ApiNotFound', `The API you are trying to use could not be found (${what}, ExcelApi ${version}).`, what);
  }

  suspendCalculation(): void {
    this.suspendCalc = true;
  }

  async sync(): Promise<void> {
    if (this.closed) fail('InvalidRequestContext', 'The request context is no longer valid.');
    const actions = this.queue;
    this.queue = [];
    this.responseBytes = 0;
    const requestBytes = actions.reduce((n, a) => n + a.bytes, 0);
    const record: SyncRecord = { requestBytes, responseBytes: 0, actions: actions.length };
    this.syncCount++;
    this.host.record(record);
    await (this.host.macrotaskSyncs ? new Promise<void>((resolve) => setTimeout(resolve, 0)) : Promise.resolve());
    const forced = this.host.takeForcedFailure(record);
    if (forced) {
      record.rejected = forced;
      fail(forced, `Simulated failure: ${forced}`);
    }
    if (requestBytes > this.host.requestLimit) {
      record.rejected = 'RequestPayloadSizeLimitExceeded';
      fail('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit. Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".');
    }
    const t0 = performance.now();
    try {
      // Actions run in order; a failing one stops the batch, the ones before it stay applied (as in Office).
      for (const a of actions) a.run();
    } finally {
      if (this.suspendCalc) this.host.model.suspendedSyncs++;
      this.suspendCalc = false;
      record.responseBytes = this.responseBytes;
      record.appliedAt = t0;
      record.applyMs = performance.now() - t0;
    }
    if (this.responseBytes > this.host.responseLimit) {
      record.rejected = 'ResponsePayloadSizeLimitExceeded';
      fail('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
    }
    this.host.afterSync(this);
  }

  /** Objects whose null-ness becomes known at this sync. */
  pendingNullables = new Set<FakeObject<unknown>>();
}

// ---------------------------------------------------------------------------------------------
// Proxy objects

type LoadArg = string | string[] | { select?: string | string[]; expand?: string | string[] } | undefined;

function loadPaths(arg: LoadArg): string[] | null {
  if (arg === undefined) return null;
  const list = (x: string | string[]): string[] => (Array.isArray(x) ? x : x.split(',')).map((s) => s.trim()).filter(Boolean);
  if (typeof arg === 'string' || Array.isArray(arg)) return list(arg);
  const out: string[] = [];
  if (arg.select) out.push(...list(arg.select));
  if (arg.expand) out.push(...list(arg.expand));
  return out.length ? out : null;
}

/**
 * A proxy. `bind` finds its target in the model; it runs at the sync, in queue order, from an action
 * queued when the proxy was made (method results), or on first use (navigation properties).
 */
abstract class FakeObject<T> {
  protected _target: T | null | undefined = undefined;
  protected _bound = false;
  private _null = false;
  private _nullKnown = false;
  protected _values = new Map<string, unknown>();
  abstract readonly _type: string;
  /** Scalar properties a plain `load()` fetches. */
  protected abstract readonly _scalars: readonly string[];

  constructor(
    readonly context: FakeRequestContext,
    private readonly _resolve: () => T | null,
    private readonly _nullable = false,
    creationArgs?: unknown,
  ) {
    if (creationArgs !== undefined) context.enqueue(creationArgs, () => this._bind());
    if (_nullable) context.pendingNullables.add(this as FakeObject<unknown>);
  }

  /** Bind now (in queue order). A null result is a null object, or ItemNotFound where nulls are not allowed. */
  _bind(): void {
    if (this._bound) return;
    const t = this._resolve();
    this._bound = true;
    if (t === null) {
      if (!this._nullable) fail('ItemNotFound', `The requested resource doesn't exist.`, this._type);
      this._null = true;
    }
    this._target = t;
  }

  /** The target for an action; writes on a null object fail. */
  _t(): T {
    this._bind();
    if (this._null || this._target === null || this._target === undefined) fail('ItemNotFound', `The requested resource doesn't exist.`, this._type);
    return this._target;
  }

  /** The target or null for loads. */
  _tOrNull(): T | null {
    this._bind();
    return this._null ? null : (this._target as T);
  }

  _markNullKnown(): void {
    if (this._bound) this._nullKnown = true;
  }

  get isNullObject(): boolean {
    if (!this._nullable) return false;
    if (!this._nullKnown) notLoaded('isNullObject', this._type);
    return this._null;
  }

  protected _get<V>(prop: string): V {
    if (this._nullKnown && this._null) return null as V;
    if (!this._values.has(prop)) notLoaded(prop, this._type);
    return this._values.get(prop) as V;
  }

  /** Queue a property write; the value is readable on the proxy at once (as in Office.js). */
  protected _set(prop: string, value: unknown, apply: (t: T) => void): void {
    this._values.set(prop, value);
    this.context.enqueue([prop, value], () => apply(this._t()));
  }

  /** Queue a method call. */
  protected _call(name: string, args: unknown[], apply: (t: T) => void): void {
    this.context.enqueue([name, ...args], () => apply(this._t()));
  }

  /** The value of a scalar property read from the target (a load's snapshot). */
  protected abstract _read(t: T, prop: string): unknown;
  /** Navigation properties (child proxies) by name. */
  protected _nav(_name: string): FakeObject<unknown> | FakeCollection<unknown, FakeObject<unknown>> | undefined {
    return undefined;
  }

  /** Store the value of `props` now (inside a sync). */
  _snapshot(props: string[] | null): void {
    const t = this._tOrNull();
    if (t === null) return;
    const wanted = props ?? [...this._scalars];
    const nested = new Map<string, string[]>();
    for (const p of wanted) {
      const slash = p.indexOf('/');
      if (slash >= 0) {
        const head = p.slice(0, slash);
        const rest = p.slice(slash + 1);
        nested.set(head, [...(nested.get(head) ?? []), rest]);
        continue;
      }
      const nav = this._nav(p);
      if (nav) {
        nav._snapshot(null);
        continue;
      }
      if (!this._scalars.includes(p)) fail('InvalidArgument', `The property '${p}' does not exist on ${this._type}.`, `${this._type}.load`);
      const v = this._read(t, p);
      this.context.addResponse(v);
      this._values.set(p, v);
    }
    for (const [head, rest] of nested) {
      const nav = this._nav(head);
      if (!nav) fail('InvalidArgument', `The property '${head}' does not exist on ${this._type}.`, `${this._type}.load`);
      nav._snapshot(rest);
    }
  }

  load(arg?: LoadArg): this {
    const props = loadPaths(arg);
    this.context.enqueue(['load', props], () => this._snapshot(props));
    return this;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._values);
  }

  track(): this {
    return this;
  }

  untrack(): this {
    return this;
  }
}

/** A collection proxy: `items` after load; `load('name')` and `load('items/name')` both load the items' names. */
abstract class FakeCollection<T, P extends FakeObject<unknown>> {
  private _items: P[] | null = null;
  abstract readonly _type: string;

  constructor(readonly context: FakeRequestContext, protected readonly _owner: () => T) {}

  protected abstract _list(owner: T): unknown[];
  protected abstract _wrap(item: unknown): P;

  get items(): P[] {
    if (!this._items) notLoaded('items', this._type);
    return this._items;
  }

  _snapshot(props: string[] | null): void {
    const owner = this._owner();
    const itemProps = props === null ? null : props.map((p) => (p.startsWith('items/') ? p.slice(6) : p)).filter((p) => p !== 'items' && p !== '');
    this._items = this._list(owner).map((x) => {
      const p = this._wrap(x);
      p._bind();
      p._markNullKnown();
      p._snapshot(itemProps && itemProps.length ? itemProps : null);
      return p;
    });
  }

  load(arg?: LoadArg): this {
    const props = loadPaths(arg);
    this.context.enqueue(['load', props], () => this._snapshot(props));
    return this;
  }

  getCount(): FakeClientResult<number> {
    const r = new FakeClientResult<number>();
    this.context.enqueue(['getCount'], () => r._set(this._list(this._owner()).length));
    return r;
  }

  toJSON(): unknown {
    return { items: this._items?.map((i) => i.toJSON()) ?? [] };
  }
}

export class FakeClientResult<V> {
  private _has = false;
  private _v: V | undefined;
  _set(v: V): void {
    this._v = v;
    this._has = true;
  }
  get value(): V {
    if (!this._has) notLoaded('value', 'ClientResult');
    return this._v as V;
  }
}

// ---------------------------------------------------------------------------------------------
// Workbook, application, properties

class FakeApplication extends FakeObject<WorkbookM> {
  readonly _type = 'Application';
  protected readonly _scalars = ['calculationMode'] as const;
  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.host.model);
  }
  protected _read(t: WorkbookM, prop: string): unknown {
    return prop === 'calculationMode' ? t.calculationMode : undefined;
  }
  get calculationMode(): string {
    return this._get('calculationMode');
  }
  set calculationMode(v: string) {
    this._set('calculationMode', v, (t) => (t.calculationMode = v));
  }
  suspendApiCalculationUntilNextSync(): void {
    this.context.enqueue(['suspendApiCalculationUntilNextSync'], () => {
      this.context.requireApi('1.6', 'Application.suspendApiCalculationUntilNextSync');
      this.context.suspendCalculation();
    });
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.context.enqueue(['suspendScreenUpdatingUntilNextSync'], () => undefined);
  }
  calculate(_type?: string): void {
    this.context.enqueue(['calculate'], () => undefined);
  }
}

class FakeDocCustomProperty extends FakeObject<{ wb: WorkbookM; key: string }> {
  readonly _type = 'CustomProperty';
  protected readonly _scalars = ['key', 'value', 'type'] as const;
  protected _read(t: { wb: WorkbookM; key: string }, prop: string): unknown {
    const p = t.wb.customDocProps.get(t.key.toLowerCase());
    if (!p) fail('ItemNotFound', 'The custom property does not exist.');
    return prop === 'key' ? p.key : prop === 'value' ? p.value : p.type;
  }
  get key(): string {
    return this._get('key');
  }
  get value(): string {
    return this._get('value');
  }
  set value(v: string) {
    this._set('value', v, (t) => {
      const p = t.wb.customDocProps.get(t.key.toLowerCase());
      if (p) p.value = String(v);
    });
  }
  get type(): string {
    return this._get('type');
  }
  delete(): void {
    this._call('delete', [], (t) => t.wb.customDocProps.delete(t.key.toLowerCase()));
  }
}

class FakeDocCustomProperties extends FakeCollection<WorkbookM, FakeDocCustomProperty> {
  readonly _type = 'CustomPropertyCollection';
  protected _list(wb: WorkbookM): unknown[] {
    return [...wb.customDocProps.values()].map((p) => ({ wb, key: p.key }));
  }
  protected _wrap(item: unknown): FakeDocCustomProperty {
    const it = item as { wb: WorkbookM; key: string };
    return new FakeDocCustomProperty(this.context, () => it);
  }
  add(key: string, value: unknown): FakeDocCustomProperty {
    const wb = this.context.host.model;
    // Documented (CustomPropertyCollection.add): key and value "limited to 255 characters outside of
    // Excel on the web (larger keys are automatically trimmed to 255 characters on other platforms)".
    const trim = this.context.host.platform === 'desktop';
    const stored = trim ? key.slice(0, 255) : key;
    this.context.enqueue(['add', key, value], () => {
      if (!key) fail('InvalidArgument', 'The custom property key is invalid.');
      const text = trim ? String(value).slice(0, 255) : String(value);
      wb.customDocProps.set(stored.toLowerCase(), { key: stored, value: text, type: typeof value === 'number' ? 'Number' : typeof value === 'boolean' ? 'Boolean' : 'String' });
    });
    return new FakeDocCustomProperty(this.context, () => ({ wb, key: stored }));
  }
  getItem(key: string): FakeDocCustomProperty {
    const wb = this.context.host.model;
    return new FakeDocCustomProperty(this.context, () => (wb.customDocProps.has(key.toLowerCase()) ? { wb, key } : null), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeDocCustomProperty {
    const wb = this.context.host.model;
    return new FakeDocCustomProperty(this.context, () => (wb.customDocProps.has(key.toLowerCase()) ? { wb, key } : null), true, ['getItemOrNullObject', key]);
  }
  deleteAll(): void {
    this.context.enqueue(['deleteAll'], () => this.context.host.model.customDocProps.clear());
  }
}

class FakeDocumentProperties extends FakeObject<WorkbookM> {
  readonly _type = 'DocumentProperties';
  protected readonly _scalars = ['title', 'subject', 'author', 'company', 'comments', 'keywords', 'category', 'manager', 'lastAuthor'] as const;
  private _custom?: FakeDocCustomProperties;
  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.host.model);
  }
  protected _read(t: WorkbookM, prop: string): unknown {
    return t.docProps[prop] ?? '';
  }
  get custom(): FakeDocCustomProperties {
    return (this._custom ??= new FakeDocCustomProperties(this.context, () => this._t()));
  }
  protected override _nav(name: string) {
    return name === 'custom' ? this.custom : undefined;
  }
  get title(): string {
    return this._get('title');
  }
  set title(v: string) {
    this._set('title', v, (t) => (t.docProps.title = v));
  }
  get subject(): string {
    return this._get('subject');
  }
  set subject(v: string) {
    this._set('subject', v, (t) => (t.docProps.subject = v));
  }
}

class FakeNamedItem extends FakeObject<{ wb: WorkbookM; key: string }> {
  readonly _type = 'NamedItem';
  protected readonly _scalars = ['name', 'formula', 'type', 'value', 'visible'] as const;
  protected _read(t: { wb: WorkbookM; key: string }, prop: string): unknown {
    const n = t.wb.names.get(t.key);
    if (!n) fail('ItemNotFound', 'The name does not exist.');
    switch (prop) {
      case 'name': return n.name;
      case 'formula': return n.formula;
      case 'type': return 'Range';
      case 'value': return n.formula.replace(/^=/, '');
      case 'visible': return true;
    }
    return undefined;
  }
  get name(): string { return this._get('name'); }
  get formula(): string { return this._get('formula'); }
  delete(): void {
    this._call('delete', [], (t) => t.wb.names.delete(t.key));
  }
}

class FakeNamedItems extends FakeCollection<WorkbookM, FakeNamedItem> {
  readonly _type = 'NamedItemCollection';
  protected _list(wb: WorkbookM): unknown[] {
    return [...wb.names.keys()].map((key) => ({ wb, key }));
  }
  protected _wrap(item: unknown): FakeNamedItem {
    const it = item as { wb: WorkbookM; key: string };
    return new FakeNamedItem(this.context, () => it);
  }
  add(name: string, reference: FakeRange | string, _comment?: string): FakeNamedItem {
    const wb = this.context.host.model;
    const key = name.toLowerCase();
    this.context.enqueue(['add', name, typeof reference === 'string' ? reference : '<range>'], () => {
      if (wb.names.has(key) || allTables(wb).some((t) => t.name.toLowerCase() === key)) fail('ItemAlreadyExists', `The name "${name}" already exists.`, 'NamedItemCollection.add');
      const formula = typeof reference === 'string' ? (reference.startsWith('=') ? reference : '=' + reference) : '=' + rectAddress(reference._t().sheet.name, reference._t().rect);
      wb.names.set(key, { name, formula });
    });
    return new FakeNamedItem(this.context, () => (wb.names.has(key) ? { wb, key } : null));
  }
  getItem(name: string): FakeNamedItem {
    const wb = this.context.host.model;
    return new FakeNamedItem(this.context, () => (wb.names.has(name.toLowerCase()) ? { wb, key: name.toLowerCase() } : null), false, ['getItem', name]);
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    const wb = this.context.host.model;
    return new FakeNamedItem(this.context, () => (wb.names.has(name.toLowerCase()) ? { wb, key: name.toLowerCase() } : null), true, ['getItemOrNullObject', name]);
  }
}

class FakeWorkbook extends FakeObject<WorkbookM> {
  readonly _type = 'Workbook';
  protected readonly _scalars = ['name'] as const;
  readonly worksheets: FakeWorksheets;
  readonly tables: FakeTables;
  readonly names: FakeNamedItems;
  readonly application: FakeApplication;
  readonly properties: FakeDocumentProperties;
  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.host.model);
    this.worksheets = new FakeWorksheets(ctx, () => ctx.host.model);
    this.names = new FakeNamedItems(ctx, () => ctx.host.model);
    this.tables = new FakeTables(ctx, () => ({ wb: ctx.host.model, sheet: null }));
    this.application = new FakeApplication(ctx);
    this.properties = new FakeDocumentProperties(ctx);
  }
  protected _read(t: WorkbookM, prop: string): unknown {
    return prop === 'name' ? t.name : undefined;
  }
  protected override _nav(name: string) {
    if (name === 'worksheets') return this.worksheets;
    if (name === 'tables') return this.tables;
    if (name === 'names') return this.names;
    if (name === 'application') return this.application;
    if (name === 'properties') return this.properties;
    return undefined;
  }
  get name(): string {
    return this._get('name');
  }
  /** ExcelApi 1.10: threaded comments of the workbook. */
  get comments(): FakeCommentCollection {
    return (this._comments ??= new FakeCommentCollection(this.context, () => this.context.host.model));
  }
  private _comments?: FakeCommentCollection;
  /** ExcelApi 1.4: the add-in's settings kept in the workbook; ExcelApi 1.2: worksheet functions evaluated without a cell. */
  get settings(): FakeSettingCollection {
    return (this._settings ??= new FakeSettingCollection(this.context, () => this.context.host.model));
  }
  private _settings?: FakeSettingCollection;
  get functions(): FakeFunctions {
    return (this._functions ??= new FakeFunctions(this.context));
  }
  private _functions?: FakeFunctions;
  /** Documented: "If there are multiple ranges selected, this method will throw an error" (the code is a guess). */
  getSelectedRange(): FakeRange {
    const wb = this.context.host.model;
    return new FakeRange(this.context, () => {
      const sh = wb.active;
      if (!sh) fail('ItemNotFound', 'No active sheet.');
      if (sh.areas && sh.areas.length > 1) fail('InvalidSelection', 'The current selection is invalid for this operation: more than one range is selected.', 'Workbook.getSelectedRange');
      return { sheet: sh, rect: sh.selection };
    }, false, ['getSelectedRange']);
  }
  /** ExcelApi 1.9: every area of the selection. */
  getSelectedRanges(): FakeRangeAreas {
    const wb = this.context.host.model;
    return new FakeRangeAreas(this.context, () => {
      this.context.requireApi('1.9', 'Workbook.getSelectedRanges');
      const sh = wb.active;
      if (!sh) fail('ItemNotFound', 'No active sheet.');
      return { sheet: sh, rects: sh.areas && sh.areas.length > 1 ? sh.areas.map((r) => ({ ...r })) : [sh.selection] };
    }, false, ['getSelectedRanges']);
  }
  getActiveCell(): FakeRange {
    const wb = this.context.host.model;
    return new FakeRange(this.context, () => {
      const sh = wb.active;
      if (!sh) fail('ItemNotFound', 'No active sheet.');
      return { sheet: sh, rect: { r0: sh.selection.r0, c0: sh.selection.c0, r1: sh.selection.r0, c1: sh.selection.c0 } };
    }, false, ['getActiveCell']);
  }
}

// ---------------------------------------------------------------------------------------------
// Worksheets

const BAD_SHEET_CHARS = /[[\]:*?/\\]/;

function checkSheetName(wb: WorkbookM, name: string, self: SheetM | null): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 31 || BAD_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history') {
    fail('InvalidArgument', `The sheet name "${name}" is not valid.`, 'Worksheet.name');
  }
  const clash = wb.sheets.find((s) => s !== self && s.name.toLowerCase() === name.toLowerCase());
  if (clash) fail('ItemAlreadyExists', `A sheet named "${name}" already exists.`, 'Worksheet.name');
}

function findSheet(wb: WorkbookM, key: string): SheetM | null {
  const k = key.toLowerCase();
  return wb.sheets.find((s) => s.name.toLowerCase() === k || s.id.toLowerCase() === k) ?? null;
}

function liveSheet(sh: SheetM): SheetM {
  if (sh.deleted) fail('ItemNotFound', 'The worksheet was deleted.', 'Worksheet');
  return sh;
}

class FakeWorksheets extends FakeCollection<WorkbookM, FakeWorksheet> {
  readonly _type = 'WorksheetCollection';
  protected _list(wb: WorkbookM): unknown[] {
    return wb.sheets;
  }
  protected _wrap(item: unknown): FakeWorksheet {
    return new FakeWorksheet(this.context, () => item as SheetM);
  }
  getItem(key: string): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => findSheet(wb, key), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => findSheet(wb, key), true, ['getItemOrNullObject', key]);
  }
  getActiveWorksheet(): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => wb.active, false, ['getActiveWorksheet']);
  }
  getFirst(visibleOnly?: boolean): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => wb.sheets.find((s) => !visibleOnly || s.visibility === 'Visible') ?? null, false, ['getFirst']);
  }
  getLast(visibleOnly?: boolean): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => [...wb.sheets].reverse().find((s) => !visibleOnly || s.visibility === 'Visible') ?? null, false, ['getLast']);
  }
  add(name?: string): FakeWorksheet {
    const wb = this.context.host.model;
    let created: SheetM | null = null;
    const p = new FakeWorksheet(this.context, () => created, false);
    this.context.enqueue(['add', name ?? null], () => {
      let n = name;
      if (n === undefined || n === null) {
        let i = wb.sheets.length + 1;
        while (findSheet(wb, `Sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      checkSheetName(wb, n, null);
      created = newSheet(wb, n);
      wb.sheets.push(created);
      wb.calc?.addSheet(created);
      p._bind();
    });
    return p;
  }
}

class FakeFreezePanes extends FakeObject<SheetM> {
  readonly _type = 'WorksheetFreezePanes';
  protected readonly _scalars = [] as const;
  protected _read(): unknown {
    return undefined;
  }
  freezeRows(count = 1): void {
    this._call('freezeRows', [count], (sh) => (liveSheet(sh).freeze = count > 0 ? { rows: count, cols: 0 } : null));
  }
  freezeColumns(count = 1): void {
    this._call('freezeColumns', [count], (sh) => (liveSheet(sh).freeze = count > 0 ? { rows: 0, cols: count } : null));
  }
  freezeAt(frozenRange: FakeRange | string): void {
    const arg = typeof frozenRange === 'string' ? frozenRange : '<range>';
    this._call('freezeAt', [arg], (sh) => {
      const rect = typeof frozenRange === 'string' ? parseRef(splitSheet(frozenRange).ref) : frozenRange._t().rect;
      liveSheet(sh).freeze = { rows: rect.r1 + 1, cols: rect.c1 + 1 };
    });
  }
  unfreeze(): void {
    this._call('unfreeze', [], (sh) => (liveSheet(sh).freeze = null));
  }
  getLocationOrNullObject(): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = this._t();
      const f = sh.freeze;
      if (!f) return null;
      return { sheet: sh, rect: { r0: 0, c0: 0, r1: Math.max(f.rows, 1) - 1, c1: Math.max(f.cols, 1) - 1 } };
    }, true, ['getLocationOrNullObject']);
  }
}

class FakeWorksheetCustomProperty extends FakeObject<{ sheet: SheetM; key: string }> {
  readonly _type = 'WorksheetCustomProperty';
  protected readonly _scalars = ['key', 'value'] as const;
  protected _read(t: { sheet: SheetM; key: string }, prop: string): unknown {
    const p = t.sheet.customProps.get(t.key.toLowerCase());
    if (!p) fail('ItemNotFound', 'The custom property does not exist.');
    return prop === 'key' ? p.key : p.value;
  }
  get key(): string {
    return this._get('key');
  }
  get value(): string {
    return this._get('value');
  }
  set value(v: string) {
    this._set('value', v, (t) => {
      const p = t.sheet.customProps.get(t.key.toLowerCase());
      if (p) p.value = String(v);
    });
  }
  delete(): void {
    this._call('delete', [], (t) => t.sheet.customProps.delete(t.key.toLowerCase()));
  }
}

class FakeWorksheetCustomProperties extends FakeCollection<SheetM, FakeWorksheetCustomProperty> {
  readonly _type = 'WorksheetCustomPropertyCollection';
  protected _list(sh: SheetM): unknown[] {
    this.context.requireApi('1.12', 'Worksheet.customProperties');
    return [...sh.customProps.values()].map((p) => ({ sheet: sh, key: p.key }));
  }
  protected _wrap(item: unknown): FakeWorksheetCustomProperty {
    const it = item as { sheet: SheetM; key: string };
    return new FakeWorksheetCustomProperty(this.context, () => it);
  }
  add(key: string, value: string): FakeWorksheetCustomProperty {
    let sheet: SheetM | null = null;
    this.context.enqueue(['add', key, value], () => {
      this.context.requireApi('1.12', 'WorksheetCustomPropertyCollection.add');
      sheet = liveSheet(this._owner());
      if (!key || key.length > 255) fail('InvalidArgument', 'The custom property key is invalid.');
      sheet.customProps.set(key.toLowerCase(), { key, value: String(value) });
    });
    return new FakeWorksheetCustomProperty(this.context, () => (sheet ? { sheet, key } : null));
  }
  private find(key: string): { sheet: SheetM; key: string } | null {
    this.context.requireApi('1.12', 'WorksheetCustomPropertyCollection.getItem');
    const sh = liveSheet(this._owner());
    const p = sh.customProps.get(key.toLowerCase());
    return p ? { sheet: sh, key: p.key } : null;
  }
  getItem(key: string): FakeWorksheetCustomProperty {
    return new FakeWorksheetCustomProperty(this.context, () => this.find(key), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeWorksheetCustomProperty {
    return new FakeWorksheetCustomProperty(this.context, () => this.find(key), true, ['getItemOrNullObject', key]);
  }
}

class FakePageLayout extends FakeObject<SheetM> {
  readonly _type = 'PageLayout';
  protected readonly _scalars = ['orientation', 'zoom', 'centerHorizontally', 'centerVertically', 'printGridlines', 'printHeadings', 'paperSize', 'printOrder', 'blackAndWhite', 'draftMode', 'firstPageNumber', 'printComments', 'printErrors', 'leftMargin', 'rightMargin', 'topMargin', 'bottomMargin', 'headerMargin', 'footerMargin'] as const;
  protected _read(sh: SheetM, prop: string): unknown {
    this.context.requireApi('1.9', 'Worksheet.pageLayout');
    return sh.pageLayout[prop] ?? null;
  }
  private put(prop: string, v: unknown): void {
    this._set(prop, v, (sh) => {
      this.context.requireApi('1.9', `PageLayout.${prop}`);
      liveSheet(sh).pageLayout[prop] = v;
    });
  }
  get orientation(): string {
    return this._get('orientation');
  }
  set orientation(v: string) {
    this.put('orientation', v);
  }
  get zoom(): Record<string, number> {
    return this._get('zoom');
  }
  set zoom(v: Record<string, number>) {
    this.put('zoom', v);
  }
  get centerHorizontally(): boolean {
    return this._get('centerHorizontally');
  }
  set centerHorizontally(v: boolean) {
    this.put('centerHorizontally', v);
  }
  get paperSize(): string {
    return this._get('paperSize');
  }
  set paperSize(v: string) {
    this.put('paperSize', v);
  }
  get printGridlines(): boolean {
    return this._get('printGridlines');
  }
  set printGridlines(v: boolean) {
    this.put('printGridlines', v);
  }
  setPrintTitleRows(rows: FakeRange | string): void {
    this._call('setPrintTitleRows', [typeof rows === 'string' ? rows : '<range>'], (sh) => {
      this.context.requireApi('1.9', 'PageLayout.setPrintTitleRows');
      const rect = typeof rows === 'string' ? parseRef(splitSheet(rows).ref) : rows._t().rect;
      liveSheet(sh).pageLayout.printTitleRows = `$${rect.r0 + 1}:$${rect.r1 + 1}`;
    });
  }
  setPrintTitleColumns(cols: FakeRange | string): void {
    this._call('setPrintTitleColumns', [typeof cols === 'string' ? cols : '<range>'], (sh) => {
      this.context.requireApi('1.9', 'PageLayout.setPrintTitleColumns');
      const rect = typeof cols === 'string' ? parseRef(splitSheet(cols).ref) : cols._t().rect;
      liveSheet(sh).pageLayout.printTitleColumns = `$${colLetters(rect.c0)}:$${colLetters(rect.c1)}`;
    });
  }
  setPrintArea(area: FakeRange | string): void {
    this._call('setPrintArea', [typeof area === 'string' ? area : '<range>'], (sh) => {
      this.context.requireApi('1.9', 'PageLayout.setPrintArea');
      const rect = typeof area === 'string' ? parseRef(splitSheet(area).ref) : area._t().rect;
      liveSheet(sh).pageLayout.printArea = rectA1(rect);
    });
  }
}

class FakeWorksheet extends FakeObject<SheetM> {
  readonly _type = 'Worksheet';
  protected readonly _scalars = ['name', 'id', 'position', 'visibility', 'tabColor', 'showGridlines', 'standardWidth', 'standardHeight'] as const;
  private _freeze?: FakeFreezePanes;
  private _tables?: FakeTables;
  private _custom?: FakeWorksheetCustomProperties;
  private _page?: FakePageLayout;
  private _charts?: FakeCharts;
  private _notes?: FakeNoteCollection;

  protected _read(sh: SheetM, prop: string): unknown {
    liveSheet(sh);
    switch (prop) {
      case 'name': return sh.name;
      case 'id': return sh.id;
      case 'position': return this.context.host.model.sheets.indexOf(sh);
      case 'visibility': return sh.visibility;
      case 'tabColor': return sh.tabColor;
      case 'showGridlines': return sh.showGridlines;
      case 'standardWidth': return 8.43;
      case 'standardHeight': return STANDARD_HEIGHT_PT;
    }
    return undefined;
  }
  protected override _nav(name: string) {
    if (name === 'freezePanes') return this.freezePanes;
    if (name === 'tables') return this.tables;
    if (name === 'customProperties') return this.customProperties;
    if (name === 'pageLayout') return this.pageLayout;
    if (name === 'charts') return this.charts;
    return undefined;
  }

  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._set('name', v, (sh) => {
      checkSheetName(this.context.host.model, v, liveSheet(sh));
      sh.name = v;
      // Formulas that read the sheet follow it (they are bound to the sheet, not to its name).
      this.context.host.model.calc?.renameSheet(sh);
    });
  }
  get id(): string {
    return this._get('id');
  }
  get position(): number {
    return this._get('position');
  }
  set position(v: number) {
    this._set('position', v, (sh) => {
      const list = this.context.host.model.sheets;
      const i = list.indexOf(liveSheet(sh));
      if (v < 0 || v >= list.length) fail('InvalidArgument', 'The position is out of range.', 'Worksheet.position');
      list.splice(i, 1);
      list.splice(v, 0, sh);
    });
  }
  get visibility(): string {
    return this._get('visibility');
  }
  set visibility(v: string) {
    this._set('visibility', v, (sh) => {
      const wb = this.context.host.model;
      if (v !== 'Visible' && !wb.sheets.some((s) => s !== sh && s.visibility === 'Visible')) fail('InvalidOperation', 'A workbook must keep at least one visible sheet.');
      sh.visibility = v as SheetM['visibility'];
      if (v !== 'Visible' && wb.active === sh) wb.active = wb.sheets.find((s) => s.visibility === 'Visible') ?? null;
    });
  }
  get tabColor(): string {
    return this._get('tabColor');
  }
  set tabColor(v: string) {
    this._set('tabColor', v, (sh) => (sh.tabColor = v));
  }
  get showGridlines(): boolean {
    return this._get('showGridlines');
  }
  set showGridlines(v: boolean) {
    this._set('showGridlines', v, (sh) => (sh.showGridlines = v));
  }

  get freezePanes(): FakeFreezePanes {
    return (this._freeze ??= new FakeFreezePanes(this.context, () => this._t()));
  }
  get tables(): FakeTables {
    return (this._tables ??= new FakeTables(this.context, () => ({ wb: this.context.host.model, sheet: liveSheet(this._t()) })));
  }
  get customProperties(): FakeWorksheetCustomProperties {
    return (this._custom ??= new FakeWorksheetCustomProperties(this.context, () => this._t()));
  }
  get charts(): FakeCharts {
    return (this._charts ??= new FakeCharts(this.context, () => liveSheet(this._t())));
  }
  get pageLayout(): FakePageLayout {
    return (this._page ??= new FakePageLayout(this.context, () => this._t()));
  }
  /** ExcelApi 1.18: the sheet's notes (the classic yellow notes, not threaded comments). */
  get notes(): FakeNoteCollection {
    return (this._notes ??= new FakeNoteCollection(this.context, () => liveSheet(this._t())));
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      if (address === undefined || address === '') return { sheet: sh, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 } };
      const { sheet, ref } = splitSheet(address);
      if (sheet !== null && sheet.toLowerCase() !== sh.name.toLowerCase()) fail('InvalidArgument', `The address ${address} is not on this sheet.`);
      return { sheet: sh, rect: parseRef(ref) };
    }, false, ['getRange', address ?? null]);
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      if (rowCount < 1 || columnCount < 1 || startRow < 0 || startColumn < 0 || startRow + rowCount > MAX_ROWS || startColumn + columnCount > MAX_COLS) {
        fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', 'Worksheet.getRangeByIndexes');
      }
      return { sheet: sh, rect: { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 } };
    }, false, ['getRangeByIndexes', startRow, startColumn, rowCount, columnCount]);
  }
  getCell(row: number, column: number): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      if (row < 0 || column < 0 || row >= MAX_ROWS || column >= MAX_COLS) fail('InvalidArgument', 'The cell is outside the sheet.', 'Worksheet.getCell');
      return { sheet: sh, rect: { r0: row, c0: column, r1: row, c1: column } };
    }, false, ['getCell', row, column]);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      return { sheet: sh, rect: usedRect(sh, !!valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }, false, ['getUsedRange', !!valuesOnly]);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      const r = usedRect(sh, !!valuesOnly);
      return r ? { sheet: sh, rect: r } : null;
    }, true, ['getUsedRangeOrNullObject', !!valuesOnly]);
  }
  delete(): void {
    this._call('delete', [], (sh) => {
      const wb = this.context.host.model;
      liveSheet(sh);
      if (sh.visibility === 'VeryHidden') fail('InvalidOperation', 'A very hidden worksheet cannot be deleted: make it hidden or visible first.', 'Worksheet.delete');
      if (!wb.sheets.some((s) => s !== sh && s.visibility === 'Visible')) fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.', 'Worksheet.delete');
      const i = wb.sheets.indexOf(sh);
      wb.sheets.splice(i, 1);
      sh.deleted = true;
      for (const t of sh.tables) t.deleted = true;
      // References to it become #REF! (and stay so, whatever sheet takes its name later).
      wb.calc?.removeSheet(sh);
      if (wb.active === sh) wb.active = wb.sheets.slice(i).concat(wb.sheets.slice(0, i).reverse()).find((s) => s.visibility === 'Visible') ?? null;
    });
  }
  activate(): void {
    this._call('activate', [], (sh) => {
      if (liveSheet(sh).visibility !== 'Visible') fail('InvalidOperation', 'A hidden sheet cannot be activated.', 'Worksheet.activate');
      this.context.host.model.active = sh;
    });
  }
  calculate(_markAllDirty: boolean): void {
    this._call('calculate', [], () => undefined);
  }
}


// ---------------------------------------------------------------------------------------------
// Charts (the part tizilim uses: add, title, legend, series ranges and data labels, category order, position)

const CHART_TYPES = ['ColumnClustered', 'ColumnStacked', 'BarClustered', 'BarStacked', 'Line', 'LineMarkers', 'Pie', 'Doughnut', 'Area', 'XYScatter'];

class FakeChartTitle extends FakeObject<ChartM> {
  readonly _type = 'ChartTitle';
  protected readonly _scalars = ['text', 'visible'] as const;
  protected _read(c: ChartM, prop: string): unknown {
    return prop === 'text' ? c.title : c.title !== '';
  }
  get text(): string { return this._get('text'); }
  set text(v: string) { this._set('text', v, (c) => (c.title = String(v))); }
}

class FakeChartLegend extends FakeObject<ChartM> {
  readonly _type = 'ChartLegend';
  protected readonly _scalars = ['visible'] as const;
  protected _read(c: ChartM): unknown {
    return c.legendVisible;
  }
  get visible(): boolean { return this._get('visible'); }
  set visible(v: boolean) { this._set('visible', v, (c) => (c.legendVisible = !!v)); }
}

class FakeChartAxis extends FakeObject<ChartM> {
  readonly _type = 'ChartAxis';
  protected readonly _scalars = ['reversePlotOrder'] as const;
  protected _read(c: ChartM): unknown {
    return c.reversePlotOrder;
  }
  get reversePlotOrder(): boolean { return this._get('reversePlotOrder'); }
  set reversePlotOrder(v: boolean) {
    this._set('reversePlotOrder', v, (c) => {
      this.context.requireApi('1.7', 'ChartAxis.reversePlotOrder');
      c.reversePlotOrder = !!v;
    });
  }
}

class FakeChartAxes {
  readonly categoryAxis: FakeChartAxis;
  constructor(ctx: FakeRequestContext, owner: () => ChartM) {
    this.categoryAxis = new FakeChartAxis(ctx, owner);
  }
}

class FakeChartSeries extends FakeObject<{ chart: ChartM; index: number }> {
  readonly _type = 'ChartSeries';
  protected readonly _scalars = ['name', 'hasDataLabels'] as const;
  private s(t: { chart: ChartM; index: number }) {
    const x = t.chart.series[t.index];
    if (!x) fail('ItemNotFound', 'The series does not exist.', 'ChartSeries');
    return x;
  }
  protected _read(t: { chart: ChartM; index: number }, prop: string): unknown {
    const x = this.s(t);
    return prop === 'name' ? x.name : x.hasDataLabels;
  }
  get name(): string { return this._get('name'); }
  set name(v: string) { this._set('name', v, (t) => (this.s(t).name = String(v))); }
  get hasDataLabels(): boolean { return this._get('hasDataLabels'); }
  set hasDataLabels(v: boolean) {
    this._set('hasDataLabels', v, (t) => {
      this.context.requireApi('1.7', 'ChartSeries.hasDataLabels');
      this.s(t).hasDataLabels = !!v;
    });
  }
  setValues(source: FakeRange): void {
    this._call('setValues', ['<range>'], (t) => {
      this.context.requireApi('1.7', 'ChartSeries.setValues');
      this.s(t).values = { sheet: liveSheet(source._t().sheet), rect: { ...source._t().rect } };
    });
  }
  setXAxisValues(source: FakeRange): void {
    this._call('setXAxisValues', ['<range>'], (t) => {
      this.context.requireApi('1.7', 'ChartSeries.setXAxisValues');
      this.s(t).xValues = { sheet: liveSheet(source._t().sheet), rect: { ...source._t().rect } };
    });
  }
}

class FakeChartSeriesCollection {
  readonly _type = 'ChartSeriesCollection';
  constructor(readonly context: FakeRequestContext, private readonly owner: () => ChartM) {}
  getItemAt(index: number): FakeChartSeries {
    return new FakeChartSeries(this.context, () => {
      const c = this.owner();
      return c.series[index] ? { chart: c, index } : null;
    }, false, ['getItemAt', index]);
  }
}

class FakeChart extends FakeObject<ChartM> {
  readonly _type = 'Chart';
  protected readonly _scalars = ['name', 'chartType'] as const;
  private _title?: FakeChartTitle;
  private _legend?: FakeChartLegend;
  private _series?: FakeChartSeriesCollection;
  private _axes?: FakeChartAxes;
  protected _read(c: ChartM, prop: string): unknown {
    if (c.deleted) fail('ItemNotFound', 'The chart was deleted.');
    return prop === 'name' ? c.name : c.type;
  }
  protected override _nav(name: string) {
    if (name === 'title') return this.title;
    if (name === 'legend') return this.legend;
    return undefined;
  }
  get name(): string { return this._get('name'); }
  set name(v: string) { this._set('name', v, (c) => (c.name = String(v))); }
  get chartType(): string { return this._get('chartType'); }
  get title(): FakeChartTitle { return (this._title ??= new FakeChartTitle(this.context, () => this._t())); }
  get legend(): FakeChartLegend { return (this._legend ??= new FakeChartLegend(this.context, () => this._t())); }
  get series(): FakeChartSeriesCollection { return (this._series ??= new FakeChartSeriesCollection(this.context, () => this._t())); }
  get axes(): FakeChartAxes { return (this._axes ??= new FakeChartAxes(this.context, () => this._t())); }
  setPosition(startCell: FakeRange | string, endCell?: FakeRange | string): void {
    const at = (x: FakeRange | string | undefined) => (x === undefined ? undefined : typeof x === 'string' ? x : '<range>');
    this._call('setPosition', [at(startCell), at(endCell)], (c) => {
      const cellOf = (x: FakeRange | string): string => {
        const rect = typeof x === 'string' ? parseRef(splitSheet(x).ref) : x._t().rect;
        return `${colLetters(rect.c0)}${rect.r0 + 1}`;
      };
      const from = cellOf(startCell);
      c.position = { from, to: endCell === undefined ? from : cellOf(endCell) };
    });
  }
  delete(): void {
    this._call('delete', [], (c) => (c.deleted = true));
  }
}

class FakeCharts extends FakeCollection<SheetM, FakeChart> {
  readonly _type = 'ChartCollection';
  protected _list(sh: SheetM): unknown[] {
    return sh.charts.filter((c) => !c.deleted);
  }
  protected _wrap(item: unknown): FakeChart {
    return new FakeChart(this.context, () => item as ChartM);
  }
  /** Like Excel: one series per column of the source (seriesBy "Columns"), or per row ("Rows"). */
  add(type: string, sourceData: FakeRange, seriesBy: string = 'Auto'): FakeChart {
    let made: ChartM | null = null;
    const p = new FakeChart(this.context, () => made);
    this.context.enqueue(['add', type, '<range>', seriesBy], () => {
      const sh = liveSheet(this._owner());
      if (!CHART_TYPES.includes(type)) fail('InvalidArgument', `"${type}" is not a chart type the fake Excel knows.`, 'ChartCollection.add');
      const src = sourceData._t();
      liveSheet(src.sheet);
      if (isUnbounded(src.rect)) fail('InvalidArgument', 'A chart cannot take whole rows or columns as its source here.', 'ChartCollection.add');
      const byRows = seriesBy === 'Rows';
      const n = byRows ? src.rect.r1 - src.rect.r0 + 1 : src.rect.c1 - src.rect.c0 + 1;
      const series = Array.from({ length: n }, (_, i) => ({
        name: `Series${i + 1}`,
        values: { sheet: src.sheet, rect: byRows ? { ...src.rect, r0: src.rect.r0 + i, r1: src.rect.r0 + i } : { ...src.rect, c0: src.rect.c0 + i, c1: src.rect.c0 + i } },
        xValues: null,
        hasDataLabels: false,
      }));
      let k = sh.charts.length + 1;
      while (sh.charts.some((c) => c.name === `Chart ${k}`)) k++;
      made = { name: `Chart ${k}`, type, title: '', legendVisible: true, series, reversePlotOrder: false, position: null, deleted: false };
      sh.charts.push(made);
      p._bind();
    });
    return p;
  }
  getItem(name: string): FakeChart {
    return new FakeChart(this.context, () => (this._owner().charts.find((c) => !c.deleted && c.name === name) ?? null), false, ['getItem', name]);
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

const TABLE_NAME_RE = /^[\p{L}_\\][\p{L}\p{N}_.]*$/u;

function allTables(wb: WorkbookM): TableM[] {
  return wb.sheets.flatMap((s) => s.tables);
}

function checkTableName(wb: WorkbookM, name: string, self: TableM | null): void {
  if (!TABLE_NAME_RE.test(name) || name.length > 255 || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name)) fail('InvalidArgument', `"${name}" is not a valid table name.`, 'Table.name');
  if (allTables(wb).some((t) => t !== self && t.name.toLowerCase() === name.toLowerCase()) || wb.names.has(name.toLowerCase())) fail('InvalidArgument', `A table or name "${name}" already exists.`, 'Table.name');
}

class FakeTable extends FakeObject<TableM> {
  readonly _type = 'Table';
  protected readonly _scalars = ['name', 'id', 'style', 'showHeaders', 'showTotals', 'showBandedRows', 'showBandedColumns', 'showFilterButton', 'highlightFirstColumn', 'highlightLastColumn'] as const;
  protected _read(t: TableM, prop: string): unknown {
    if (t.deleted) fail('ItemNotFound', 'The table was deleted.');
    if (prop in t) return (t as unknown as Record<string, unknown>)[prop];
    return false;
  }
  private put(prop: keyof TableM, v: unknown): void {
    this._set(prop, v, (t) => {
      if (t.deleted) fail('ItemNotFound', 'The table was deleted.');
      if (prop === 'name') checkTableName(this.context.host.model, String(v), t);
      (t as unknown as Record<string, unknown>)[prop] = v;
    });
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this.put('name', v);
  }
  get id(): string {
    return this._get('id');
  }
  get style(): string {
    return this._get('style');
  }
  set style(v: string) {
    this.put('style', v);
  }
  get showHeaders(): boolean {
    return this._get('showHeaders');
  }
  set showHeaders(v: boolean) {
    this.put('showHeaders', v);
  }
  get showTotals(): boolean {
    return this._get('showTotals');
  }
  set showTotals(v: boolean) {
    this.put('showTotals', v);
  }
  get showBandedRows(): boolean {
    return this._get('showBandedRows');
  }
  set showBandedRows(v: boolean) {
    this.put('showBandedRows', v);
  }
  get showBandedColumns(): boolean {
    return this._get('showBandedColumns');
  }
  set showBandedColumns(v: boolean) {
    this.put('showBandedColumns', v);
  }
  get showFilterButton(): boolean {
    return this._get('showFilterButton');
  }
  set showFilterButton(v: boolean) {
    this.put('showFilterButton', v);
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => ({ sheet: this._t().sheet, rect: this._t().rect }), false, ['getRange']);
  }
  getHeaderRowRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r1: t.rect.r0 } };
    }, false, ['getHeaderRowRange']);
  }
  getDataBodyRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r0: Math.min(t.rect.r0 + 1, t.rect.r1) } };
    }, false, ['getDataBodyRange']);
  }
  delete(): void {
    this._call('delete', [], (t) => {
      t.deleted = true;
      t.sheet.tables = t.sheet.tables.filter((x) => x !== t);
    });
  }
}

class FakeTables extends FakeCollection<{ wb: WorkbookM; sheet: SheetM | null }, FakeTable> {
  readonly _type = 'TableCollection';
  protected _list(o: { wb: WorkbookM; sheet: SheetM | null }): unknown[] {
    return o.sheet ? o.sheet.tables : allTables(o.wb);
  }
  protected _wrap(item: unknown): FakeTable {
    return new FakeTable(this.context, () => item as TableM);
  }
  private find(name: string): TableM | null {
    const k = name.toLowerCase();
    return this._list(this._owner()).map((t) => t as TableM).find((t) => t.name.toLowerCase() === k || t.id === name) ?? null;
  }
  getItem(name: string): FakeTable {
    return new FakeTable(this.context, () => this.find(name), false, ['getItem', name]);
  }
  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.context, () => this.find(name), true, ['getItemOrNullObject', name]);
  }
  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    let made: TableM | null = null;
    const p = new FakeTable(this.context, () => made);
    this.context.enqueue(['add', typeof address === 'string' ? address : '<range>', hasHeaders], () => {
      const o = this._owner();
      const wb = o.wb;
      let sheet: SheetM;
      let rect: Rect;
      if (typeof address === 'string') {
        const { sheet: name, ref } = splitSheet(address);
        // Without a sheet name the workbook collection uses the active sheet; a sheet's own collection, that sheet.
        const sh = name !== null ? findSheet(wb, name) : o.sheet ?? wb.active;
        if (!sh) fail('ItemNotFound', `No sheet for ${address}.`, 'TableCollection.add');
        sheet = sh;
        rect = parseRef(ref);
      } else {
        const t = address._t();
        sheet = t.sheet;
        rect = t.rect;
      }
      liveSheet(sheet);
      if (o.sheet && o.sheet !== sheet) fail('InvalidArgument', 'The range is not on this worksheet.', 'TableCollection.add');
      if (isUnbounded(rect)) fail('InvalidArgument', 'A table cannot span whole rows or columns.', 'TableCollection.add');
      if (!hasHeaders) fail('InvalidArgument', 'The fake Excel models only tables whose first row is the header (hasHeaders = true).', 'TableCollection.add');
      if (allTables(wb).some((t) => t.sheet === sheet && intersects(t.rect, rect))) fail('InvalidOperation', 'A table cannot overlap another table.', 'TableCollection.add');
      if (sheet.merges.some((m) => intersects(m, rect))) fail('InvalidOperation', 'A table cannot contain merged cells.', 'TableCollection.add');
      // Excel turns the header row into unique text names; empty headings become ColumnN.
      const seen = new Set<string>();
      for (let c = rect.c0; c <= rect.c1; c++) {
        const cell = ensureCell(sheet, rect.r0, c);
        let name = cell.v === undefined ? `Column${c - rect.c0 + 1}` : formatText(cell.v, cell.nf);
        let k = 2;
        const base = name;
        while (seen.has(name.toLowerCase())) name = `${base}${k++}`;
        seen.add(name.toLowerCase());
        delete cell.f;
        delete cell.bound;
        cell.v = name;
        delete cell.err;
      }
      wb.calc?.changed(sheet, { ...rect, r1: rect.r0 });
      let n = wb.nextTableId++;
      while (allTables(wb).some((t) => t.name.toLowerCase() === `table${n}`)) n = wb.nextTableId++;
      made = {
        id: String(n), name: `Table${n}`, sheet, rect, style: 'TableStyleMedium2',
        showHeaders: true, showTotals: false, showBandedRows: true, showBandedColumns: false, showFilterButton: true, deleted: false,
      };
      sheet.tables.push(made);
      p._bind();
    });
    return p;
  }
}

// ---------------------------------------------------------------------------------------------
// Ranges

interface RangeT {
  sheet: SheetM;
  rect: Rect;
}

function lookKey(prop: string): string {
  return prop;
}

/** Set one look property on every cell of a rectangle, sharing the resulting looks. */
function setLook(sh: SheetM, rect: Rect, key: string, value: string | number | boolean, cells?: (r: number, c: number) => boolean): void {
  const cache = new Map<Look, Look>();
  forCells(sh, rect, true, (cell, r, c) => {
    if (cells && !cells(r, c)) return;
    const from = cell.look ?? NO_LOOK;
    let to = cache.get(from);
    if (!to) {
      to = Object.freeze({ ...from, [key]: value });
      cache.set(from, to);
    }
    cell.look = to;
  });
}

function readLook(sh: SheetM, rect: Rect, key: string, dflt: string | number | boolean | null, cells?: (r: number, c: number) => boolean): unknown {
  let first: unknown = undefined;
  let uniform = true;
  const visit = (v: unknown) => {
    if (first === undefined) first = v;
    else if (first !== v) uniform = false;
  };
  if (isUnbounded(rect)) {
    forCells(sh, rect, false, (cell, r, c) => {
      if (!cells || cells(r, c)) visit(cell.look?.[key] ?? dflt);
    });
    return first === undefined ? dflt : uniform ? first : null;
  }
  for (let r = rect.r0; r <= rect.r1 && uniform; r++) {
    for (let c = rect.c0; c <= rect.c1 && uniform; c++) {
      if (cells && !cells(r, c)) continue;
      visit(getCell(sh, r, c)?.look?.[key] ?? dflt);
    }
  }
  return first === undefined ? dflt : uniform ? first : null;
}

class FakeRangeFont extends FakeObject<RangeT> {
  readonly _type = 'RangeFont';
  protected readonly _scalars = ['bold', 'italic', 'size', 'color', 'name', 'underline', 'strikethrough'] as const;
  private static readonly DEFAULTS: Record<string, string | number | boolean> = { bold: false, italic: false, size: 11, color: '#000000', name: 'Calibri', underline: 'None', strikethrough: false };
  protected _read(t: RangeT, prop: string): unknown {
    return readLook(liveSheet(t.sheet), t.rect, 'font.' + prop, FakeRangeFont.DEFAULTS[prop] ?? null);
  }
  private put(prop: string, v: string | number | boolean): void {
    this._set(prop, v, (t) => setLook(liveSheet(t.sheet), t.rect, lookKey('font.' + prop), prop === 'color' ? normColor(String(v)) : v));
  }
  get bold(): boolean { return this._get('bold'); }
  set bold(v: boolean) { this.put('bold', v); }
  get italic(): boolean { return this._get('italic'); }
  set italic(v: boolean) { this.put('italic', v); }
  get size(): number { return this._get('size'); }
  set size(v: number) { this.put('size', v); }
  get color(): string { return this._get('color'); }
  set color(v: string) { this.put('color', v); }
  get name(): string { return this._get('name'); }
  set name(v: string) { this.put('name', v); }
  get underline(): string { return this._get('underline'); }
  set underline(v: string) { this.put('underline', v); }
  get strikethrough(): boolean { return this._get('strikethrough'); }
  set strikethrough(v: boolean) { this.put('strikethrough', v); }
}

const NAMED_COLORS: Record<string, string> = { black: '#000000', white: '#FFFFFF', red: '#FF0000', green: '#008000', blue: '#0000FF', yellow: '#FFFF00', gray: '#808080', grey: '#808080' };

function normColor(c: string): string {
  const named = NAMED_COLORS[c.toLowerCase()];
  if (named) return named;
  if (/^#[0-9a-f]{6}$/i.test(c)) return c.toUpperCase();
  fail('InvalidArgument', `"${c}" is not a colour.`, 'color');
}

/** Remove look keys from every existing cell of a rectangle (a cleared fill is no fill, not a white one). */
function unsetLook(sh: SheetM, rect: Rect, keys: string[]): void {
  forCells(sh, rect, false, (cell) => {
    if (!cell.look || !keys.some((k) => k in (cell.look as Look))) return;
    const next: Record<string, string | number | boolean> = { ...cell.look };
    for (const k of keys) delete next[k];
    cell.look = Object.keys(next).length ? Object.freeze(next) : undefined;
  });
}

class FakeRangeFill extends FakeObject<RangeT> {
  readonly _type = 'RangeFill';
  protected readonly _scalars = ['color', 'pattern'] as const;
  protected _read(t: RangeT, prop: string): unknown {
    if (prop === 'pattern') {
      // ExcelApi 1.9. A cell with a fill colour and no pattern set is "Solid"; no fill at all is "None".
      this.context.requireApi('1.9', 'RangeFill.pattern');
      const sh = liveSheet(t.sheet);
      let first: unknown = undefined;
      for (let r = t.rect.r0; r <= t.rect.r1; r++) {
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const look = getCell(sh, r, c)?.look;
          const v = look?.['fill.pattern'] ?? (look?.['fill.color'] !== undefined ? 'Solid' : 'None');
          if (first === undefined) first = v;
          else if (first !== v) return null;
        }
      }
      return first ?? 'None';
    }
    return readLook(liveSheet(t.sheet), t.rect, 'fill.' + prop, prop === 'color' ? '#FFFFFF' : 'None');
  }
  get color(): string { return this._get('color'); }
  set color(v: string) { this._set('color', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'fill.color', normColor(v))); }
  get pattern(): string { return this._get('pattern'); }
  set pattern(v: string) {
    this._set('pattern', v, (t) => {
      this.context.requireApi('1.9', 'RangeFill.pattern');
      if (v === 'None') unsetLook(liveSheet(t.sheet), t.rect, ['fill.color', 'fill.pattern']);
      else setLook(liveSheet(t.sheet), t.rect, 'fill.pattern', v);
    });
  }
  clear(): void {
    this._call('clear', [], (t) => unsetLook(liveSheet(t.sheet), t.rect, ['fill.color', 'fill.pattern']));
  }
}

const BORDER_INDEXES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal', 'DiagonalDown', 'DiagonalUp'] as const;

/** Which cell sides a border index touches, as (cell → side) pairs. */
function borderSides(index: string, rect: Rect): { side: string; cells: (r: number, c: number) => boolean }[] {
  switch (index) {
    case 'EdgeTop': return [{ side: 'top', cells: (r) => r === rect.r0 }];
    case 'EdgeBottom': return [{ side: 'bottom', cells: (r) => r === rect.r1 }];
    case 'EdgeLeft': return [{ side: 'left', cells: (_r, c) => c === rect.c0 }];
    case 'EdgeRight': return [{ side: 'right', cells: (_r, c) => c === rect.c1 }];
    case 'InsideHorizontal': return [{ side: 'top', cells: (r) => r > rect.r0 }, { side: 'bottom', cells: (r) => r < rect.r1 }];
    case 'InsideVertical': return [{ side: 'left', cells: (_r, c) => c > rect.c0 }, { side: 'right', cells: (_r, c) => c < rect.c1 }];
    case 'DiagonalDown': return [{ side: 'diagonalDown', cells: () => true }];
    case 'DiagonalUp': return [{ side: 'diagonalUp', cells: () => true }];
  }
  fail('InvalidArgument', `"${index}" is not a border index.`, 'RangeBorderCollection.getItem');
}

class FakeRangeBorder extends FakeObject<RangeT> {
  readonly _type = 'RangeBorder';
  protected readonly _scalars = ['sideIndex', 'style', 'color', 'weight'] as const;
  constructor(ctx: FakeRequestContext, resolve: () => RangeT, private readonly index: string) {
    super(ctx, resolve);
  }
  protected _read(t: RangeT, prop: string): unknown {
    if (prop === 'sideIndex') return this.index;
    const [first] = borderSides(this.index, t.rect);
    const dflt = prop === 'style' ? 'None' : prop === 'color' ? '#000000' : 'Thin';
    return readLook(liveSheet(t.sheet), t.rect, `border.${first.side}.${prop}`, dflt, first.cells);
  }
  private put(prop: string, v: string): void {
    this._set(prop, v, (t) => {
      for (const s of borderSides(this.index, t.rect)) setLook(liveSheet(t.sheet), t.rect, `border.${s.side}.${prop}`, prop === 'color' ? normColor(v) : v, s.cells);
    });
  }
  get sideIndex(): string { return this._get('sideIndex'); }
  get style(): string { return this._get('style'); }
  set style(v: string) { this.put('style', v); }
  get color(): string { return this._get('color'); }
  set color(v: string) { this.put('color', v); }
  get weight(): string { return this._get('weight'); }
  set weight(v: string) { this.put('weight', v); }
}

class FakeRangeBorders {
  readonly _type = 'RangeBorderCollection';
  constructor(readonly context: FakeRequestContext, private readonly owner: () => RangeT) {}
  getItem(index: string): FakeRangeBorder {
    if (!(BORDER_INDEXES as readonly string[]).includes(index)) fail('InvalidArgument', `"${index}" is not a border index.`);
    return new FakeRangeBorder(this.context, this.owner, index);
  }
  _snapshot(): void {}
  load(): this {
    return this;
  }
}

class FakeRangeFormat extends FakeObject<RangeT> {
  readonly _type = 'RangeFormat';
  protected readonly _scalars = ['columnWidth', 'rowHeight', 'wrapText', 'horizontalAlignment', 'verticalAlignment', 'indentLevel', 'useStandardWidth', 'useStandardHeight'] as const;
  private _font?: FakeRangeFont;
  private _fill?: FakeRangeFill;
  private _borders?: FakeRangeBorders;
  protected _read(t: RangeT, prop: string): unknown {
    const sh = liveSheet(t.sheet);
    switch (prop) {
      case 'columnWidth': {
        let w: number | null | undefined;
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const x = sh.colWidths.get(c) ?? STANDARD_WIDTH_PT;
          if (w === undefined) w = x;
          else if (w !== x) return null;
          if (c - t.rect.c0 > 1000) break;
        }
        return w ?? STANDARD_WIDTH_PT;
      }
      case 'rowHeight': {
        let h: number | null | undefined;
        for (let r = t.rect.r0; r <= Math.min(t.rect.r1, t.rect.r0 + 1000); r++) {
          const x = sh.rowHeights.get(r) ?? STANDARD_HEIGHT_PT;
          if (h === undefined) h = x;
          else if (h !== x) return null;
        }
        return h ?? STANDARD_HEIGHT_PT;
      }
      case 'useStandardWidth': return [...sh.colWidths.keys()].every((c) => c < t.rect.c0 || c > t.rect.c1);
      case 'useStandardHeight': return [...sh.rowHeights.keys()].every((r) => r < t.rect.r0 || r > t.rect.r1);
      case 'wrapText': return readLook(sh, t.rect, 'wrapText', false);
      case 'horizontalAlignment': return readLook(sh, t.rect, 'horizontalAlignment', 'General');
      case 'verticalAlignment': return readLook(sh, t.rect, 'verticalAlignment', 'Bottom');
      case 'indentLevel': return readLook(sh, t.rect, 'indentLevel', 0);
    }
    return undefined;
  }
  protected override _nav(name: string) {
    if (name === 'font') return this.font;
    if (name === 'fill') return this.fill;
    return undefined;
  }
  get font(): FakeRangeFont {
    return (this._font ??= new FakeRangeFont(this.context, () => this._t()));
  }
  get fill(): FakeRangeFill {
    return (this._fill ??= new FakeRangeFill(this.context, () => this._t()));
  }
  get borders(): FakeRangeBorders {
    return (this._borders ??= new FakeRangeBorders(this.context, () => this._t()));
  }
  get columnWidth(): number { return this._get('columnWidth'); }
  set columnWidth(v: number) {
    this._set('columnWidth', v, (t) => {
      if (!(v >= 0)) fail('InvalidArgument', 'A column width must be a non-negative number.', 'RangeFormat.columnWidth');
      for (let c = t.rect.c0; c <= t.rect.c1; c++) liveSheet(t.sheet).colWidths.set(c, v);
    });
  }
  get rowHeight(): number { return this._get('rowHeight'); }
  set rowHeight(v: number) {
    this._set('rowHeight', v, (t) => {
      if (!(v >= 0 && v <= 409)) fail('InvalidArgument', 'A row height must be between 0 and 409 points.', 'RangeFormat.rowHeight');
      if (t.rect.r1 - t.rect.r0 > 100000) fail('InvalidArgument', 'The fake Excel sets heights of at most 100,000 rows at once.', 'RangeFormat.rowHeight');
      for (let r = t.rect.r0; r <= t.rect.r1; r++) liveSheet(t.sheet).rowHeights.set(r, v);
    });
  }
  /** ExcelApi 1.2: only `true` does anything (the columns go back to the sheet's standard width). */
  get useStandardWidth(): boolean { return this._get('useStandardWidth'); }
  set useStandardWidth(v: boolean) {
    this._set('useStandardWidth', v, (t) => {
      this.context.requireApi('1.2', 'RangeFormat.useStandardWidth');
      const sh = liveSheet(t.sheet);
      if (v) for (const c of [...sh.colWidths.keys()]) if (c >= t.rect.c0 && c <= t.rect.c1) sh.colWidths.delete(c);
    });
  }
  get useStandardHeight(): boolean { return this._get('useStandardHeight'); }
  set useStandardHeight(v: boolean) {
    this._set('useStandardHeight', v, (t) => {
      this.context.requireApi('1.2', 'RangeFormat.useStandardHeight');
      const sh = liveSheet(t.sheet);
      if (v) for (const r of [...sh.rowHeights.keys()]) if (r >= t.rect.r0 && r <= t.rect.r1) sh.rowHeights.delete(r);
    });
  }
  get wrapText(): boolean { return this._get('wrapText'); }
  set wrapText(v: boolean) { this._set('wrapText', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'wrapText', v)); }
  get horizontalAlignment(): string { return this._get('horizontalAlignment'); }
  set horizontalAlignment(v: string) { this._set('horizontalAlignment', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'horizontalAlignment', v)); }
  get verticalAlignment(): string { return this._get('verticalAlignment'); }
  set verticalAlignment(v: string) { this._set('verticalAlignment', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'verticalAlignment', v)); }
  get indentLevel(): number { return this._get('indentLevel'); }
  set indentLevel(v: number) { this._set('indentLevel', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'indentLevel', v)); }
  autofitColumns(): void {
    this._call('autofitColumns', [], () => undefined);
  }
  autofitRows(): void {
    this._call('autofitRows', [], () => undefined);
  }
}

class FakeRangeCollection extends FakeCollection<{ sheet: SheetM; rects: Rect[] }, FakeRange> {
  readonly _type = 'RangeCollection';
  protected _list(o: { sheet: SheetM; rects: Rect[] }): unknown[] {
    return o.rects.map((rect) => ({ sheet: o.sheet, rect }));
  }
  protected _wrap(item: unknown): FakeRange {
    return new FakeRange(this.context, () => item as RangeT);
  }
}

class FakeRangeAreas extends FakeObject<{ sheet: SheetM; rects: Rect[] }> {
  readonly _type = 'RangeAreas';
  protected readonly _scalars = ['address', 'addressLocal', 'areaCount', 'cellCount', 'isEntireColumn', 'isEntireRow'] as const;
  private _areas?: FakeRangeCollection;
  protected _read(t: { sheet: SheetM; rects: Rect[] }, prop: string): unknown {
    switch (prop) {
      case 'address':
      case 'addressLocal':
        return t.rects.map((r) => rectAddress(t.sheet.name, r)).join(', ');
      case 'areaCount': return t.rects.length;
      case 'cellCount': return t.rects.reduce((n, r) => n + cellCount(r), 0);
      case 'isEntireColumn': return t.rects.every((r) => r.r0 === 0 && r.r1 === MAX_ROWS - 1);
      case 'isEntireRow': return t.rects.every((r) => r.c0 === 0 && r.c1 === MAX_COLS - 1);
    }
    return undefined;
  }
  get areas(): FakeRangeCollection {
    return (this._areas ??= new FakeRangeCollection(this.context, () => this._t()));
  }
  protected override _nav(name: string) {
    return name === 'areas' ? this.areas : undefined;
  }
  get address(): string { return this._get('address'); }
  get addressLocal(): string { return this._get('addressLocal'); }
  get areaCount(): number { return this._get('areaCount'); }
  get cellCount(): number { return this._get('cellCount'); }
}

/** A 2D input: its rows must match the range; a single (non-array) value applies to every cell. */
function eachInput(rect: Rect, input: unknown, where: string, fn: (r: number, c: number, v: unknown) => void): void {
  const rows = rect.r1 - rect.r0 + 1;
  const cols = rect.c1 - rect.c0 + 1;
  if (!Array.isArray(input)) {
    if (isUnbounded(rect)) fail('InvalidArgument', 'Cell values cannot be set on a whole row or column.', where);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) fn(rect.r0 + r, rect.c0 + c, input);
    return;
  }
  if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols)) {
    fail('InvalidArgument', "The number of rows or columns in the input array doesn't match the size or dimensions of the range.", where);
  }
  for (let r = 0; r < rows; r++) {
    const row = input[r] as unknown[];
    for (let c = 0; c < cols; c++) fn(rect.r0 + r, rect.c0 + c, row[c]);
  }
}

/** Typed input into a rectangle: each formula bound (to the sheets there are now) as it is entered, in order. */
function enterInputs(wb: WorkbookM, sh: SheetM, rect: Rect, input: unknown, where: string): void {
  eachInput(rect, input, where, (r, c, x) => {
    if (x === null || x === undefined) return;
    const cell = ensureCell(sh, r, c);
    enterInput(cell, x, where);
    if (cell.f !== undefined) calcOf(wb).enterFormula(sh, r, c, cell);
  });
  wb.calc?.changed(sh, rect);
}

function readGrid<V>(t: RangeT, fn: (cell: CellM | undefined) => V): V[][] | null {
  if (isUnbounded(t.rect)) return null;
  const out: V[][] = [];
  for (let r = t.rect.r0; r <= t.rect.r1; r++) {
    const row = t.sheet.rows.get(r);
    const line: V[] = new Array<V>(t.rect.c1 - t.rect.c0 + 1);
    for (let c = t.rect.c0; c <= t.rect.c1; c++) line[c - t.rect.c0] = fn(row?.[c]);
    out.push(line);
  }
  return out;
}

class FakeRange extends FakeObject<RangeT> {
  readonly _type = 'Range';
  protected readonly _scalars = ['address', 'addressLocal', 'rowCount', 'columnCount', 'rowIndex', 'columnIndex', 'cellCount', 'values', 'formulas', 'formulasLocal', 'numberFormat', 'numberFormatCategories', 'text', 'valueTypes', 'hyperlink', 'isEntireColumn', 'isEntireRow'] as const;
  private _format?: FakeRangeFormat;
  private _sheet?: FakeWorksheet;

  protected _read(t: RangeT, prop: string): unknown {
    const sh = liveSheet(t.sheet);
    const r = t.rect;
    // Values are calculated when read (Excel's automatic calculation, done by the time a sync answers).
    if (prop === 'values' || prop === 'text' || prop === 'valueTypes') this.context.host.model.calc?.settle();
    switch (prop) {
      case 'address':
      case 'addressLocal':
        return rectAddress(sh.name, r);
      case 'rowCount': return r.r1 - r.r0 + 1;
      case 'columnCount': return r.c1 - r.c0 + 1;
      case 'rowIndex': return r.r0;
      case 'columnIndex': return r.c0;
      case 'cellCount': return cellCount(r);
      case 'isEntireColumn': return r.r0 === 0 && r.r1 === MAX_ROWS - 1;
      case 'isEntireRow': return r.c0 === 0 && r.c1 === MAX_COLS - 1;
      case 'values': return readGrid(t, cellValue);
      case 'formulas':
      case 'formulasLocal':
        return readGrid(t, cellFormula);
      case 'numberFormat': return readGrid(t, (c) => shownNumberFormat(this.context.host, c?.nf));
      case 'numberFormatCategories': return this.context.requireApi('1.12', 'Range.numberFormatCategories'), readGrid(t, (c) => numberFormatCategory(c?.nf));
      case 'text': return readGrid(t, (c) => (c && c.v !== undefined ? formatText(c.v, c.err ? undefined : c.nf) : ''));
      case 'valueTypes': return readGrid(t, valueType);
      case 'hyperlink': {
        const l = getCell(sh, r.r0, r.c0)?.link;
        return l ? { ...l } : null;
      }
    }
    return undefined;
  }
  protected override _nav(name: string) {
    if (name === 'format') return this.format;
    if (name === 'worksheet') return this.worksheet;
    return undefined;
  }

  get format(): FakeRangeFormat {
    return (this._format ??= new FakeRangeFormat(this.context, () => this._t()));
  }
  get worksheet(): FakeWorksheet {
    return (this._sheet ??= new FakeWorksheet(this.context, () => this._t().sheet));
  }

  get address(): string { return this._get('address'); }
  get addressLocal(): string { return this._get('addressLocal'); }
  get rowCount(): number { return this._get('rowCount'); }
  get columnCount(): number { return this._get('columnCount'); }
  get rowIndex(): number { return this._get('rowIndex'); }
  get columnIndex(): number { return this._get('columnIndex'); }
  get cellCount(): number { return this._get('cellCount'); }
  get isEntireColumn(): boolean { return this._get('isEntireColumn'); }
  get isEntireRow(): boolean { return this._get('isEntireRow'); }
  get text(): string[][] { return this._get('text'); }
  get valueTypes(): string[][] { return this._get('valueTypes'); }

  get values(): unknown[][] { return this._get('values'); }
  set values(v: unknown[][]) {
    this._set('values', v, (t) => {
      const sh = liveSheet(t.sheet);
      // Diagnostics' deliberately broken host drops a leading apostrophe (brokenInput).
      enterInputs(this.context.host.model, sh, t.rect, v.map((row) => row.map((x) => brokenInput(this.context.host, x))), 'Range.values');
    });
  }
  get formulas(): unknown[][] { return this._get('formulas'); }
  set formulas(v: unknown[][]) {
    this._set('formulas', v, (t) => {
      const sh = liveSheet(t.sheet);
      enterInputs(this.context.host.model, sh, t.rect, v, 'Range.formulas');
    });
  }
  get numberFormat(): string[][] { return this._get('numberFormat'); }
  get numberFormatCategories(): string[][] { return this._get('numberFormatCategories'); }
  set numberFormat(v: string[][]) {
    this._set('numberFormat', v, (t) => {
      const sh = liveSheet(t.sheet);
      const apply = (cell: CellM, x: unknown) => {
        if (x === null || x === undefined) return;
        const s = String(x);
        if (s === '' || s === 'General') delete cell.nf;
        else cell.nf = s;
      };
      if (!Array.isArray(v) && isUnbounded(t.rect)) {
        forCells(sh, t.rect, false, (cell) => apply(cell, v));
        return;
      }
      eachInput(t.rect, v, 'Range.numberFormat', (r, c, x) => {
        if (x === null || x === undefined) return;
        apply(ensureCell(sh, r, c), x);
      });
    });
  }
  get hyperlink(): FakeHyperlink { return this._get('hyperlink'); }
  set hyperlink(v: FakeHyperlink) {
    this._set('hyperlink', v, (t) => {
      const sh = liveSheet(t.sheet);
      if (isUnbounded(t.rect)) fail('InvalidArgument', 'A hyperlink cannot be set on a whole row or column.', 'Range.hyperlink');
      forCells(sh, t.rect, true, (cell) => {
        if (!v || (!v.address && !v.documentReference)) {
          delete cell.link;
          return;
        }
        cell.link = { ...v };
        // The cell shows textToDisplay when given, else keeps its value (or shows the target when empty).
        if (v.textToDisplay !== undefined) {
          clearContent(cell);
          cell.v = v.textToDisplay;
        } else if (!hasContent(cell)) cell.v = v.address ?? v.documentReference;
      });
      this.context.host.model.calc?.changed(sh, t.rect);
    });
  }

  getCell(row: number, column: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { r0: t.rect.r0 + row, c0: t.rect.c0 + column, r1: t.rect.r0 + row, c1: t.rect.c0 + column } };
    }, false, ['getCell', row, column]);
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const rect = { ...t.rect, r1: t.rect.r1 + deltaRows, c1: t.rect.c1 + deltaColumns };
      if (rect.r1 < rect.r0 || rect.c1 < rect.c0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) fail('InvalidArgument', 'The resized range is outside the sheet.', 'Range.getResizedRange');
      return { sheet: t.sheet, rect };
    }, false, ['getResizedRange', deltaRows, deltaColumns]);
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const rect = { r0: t.rect.r0 + rowOffset, r1: t.rect.r1 + rowOffset, c0: t.rect.c0 + columnOffset, c1: t.rect.c1 + columnOffset };
      if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) fail('InvalidArgument', 'The offset range is outside the sheet.', 'Range.getOffsetRange');
      return { sheet: t.sheet, rect };
    }, false, ['getOffsetRange', rowOffset, columnOffset]);
  }
  getRow(row: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r0: t.rect.r0 + row, r1: t.rect.r0 + row } };
    }, false, ['getRow', row]);
  }
  getColumn(column: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, c0: t.rect.c0 + column, c1: t.rect.c0 + column } };
    }, false, ['getColumn', column]);
  }
  getEntireColumn(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { r0: 0, r1: MAX_ROWS - 1, c0: t.rect.c0, c1: t.rect.c1 } };
    }, false, ['getEntireColumn']);
  }
  getEntireRow(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: MAX_COLS - 1 } };
    }, false, ['getEntireRow']);
  }
  getLastRow(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r0: t.rect.r1 } };
    }, false, ['getLastRow']);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: usedRect(t.sheet, !!valuesOnly, t.rect) ?? { r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0, c1: t.rect.c0 } };
    }, false, ['getUsedRange', !!valuesOnly]);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const r = usedRect(t.sheet, !!valuesOnly, t.rect);
      return r ? { sheet: t.sheet, rect: r } : null;
    }, true, ['getUsedRangeOrNullObject', !!valuesOnly]);
  }
  getIntersectionOrNullObject(other: FakeRange | string): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const o = typeof other === 'string' ? parseRef(splitSheet(other).ref) : other._t().rect;
      if (!intersects(t.rect, o)) return null;
      return { sheet: t.sheet, rect: { r0: Math.max(t.rect.r0, o.r0), c0: Math.max(t.rect.c0, o.c0), r1: Math.min(t.rect.r1, o.r1), c1: Math.min(t.rect.c1, o.c1) } };
    }, true, ['getIntersectionOrNullObject', typeof other === 'string' ? other : '<range>']);
  }
  getMergedAreasOrNullObject(): FakeRangeAreas {
    return new FakeRangeAreas(this.context, () => {
      this.context.requireApi('1.13', 'Range.getMergedAreasOrNullObject');
      const t = this._t();
      const rects = t.sheet.merges.filter((m) => intersects(m, t.rect)).sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
      return rects.length ? { sheet: t.sheet, rects } : null;
    }, true, ['getMergedAreasOrNullObject']);
  }
  merge(across = false): void {
    this._call('merge', [across], (t) => {
      const sh = liveSheet(t.sheet);
      const pieces = across ? Array.from({ length: t.rect.r1 - t.rect.r0 + 1 }, (_, i) => ({ ...t.rect, r0: t.rect.r0 + i, r1: t.rect.r0 + i })) : [t.rect];
      for (const m of pieces) {
        if (cellCount(m) < 2) continue;
        if (sh.tables.some((tb) => intersects(tb.rect, m))) fail('InvalidOperation', 'Cells in a table cannot be merged.', 'Range.merge');
        sh.merges = sh.merges.filter((x) => !intersects(x, m));
        sh.merges.push({ ...m });
        // Only the upper-left value is kept.
        forCells(sh, m, false, (cell, r, c) => {
          if (r !== m.r0 || c !== m.c0) clearContent(cell);
        });
        this.context.host.model.calc?.changed(sh, m);
      }
    });
  }
  unmerge(): void {
    this._call('unmerge', [], (t) => {
      const sh = liveSheet(t.sheet);
      sh.merges = sh.merges.filter((m) => !intersects(m, t.rect));
    });
  }
  clear(applyTo: string = 'All'): void {
    this._call('clear', [applyTo], (t) => {
      const sh = liveSheet(t.sheet);
      forCells(sh, t.rect, false, (cell) => {
        if (applyTo === 'All' || applyTo === 'Contents') clearContent(cell);
        if (applyTo === 'All' || applyTo === 'Formats') {
          delete cell.nf;
          delete cell.look;
        }
        if (applyTo === 'All' || applyTo === 'Hyperlinks' || applyTo === 'RemoveHyperlinks') delete cell.link;
      });
      if (applyTo === 'All' || applyTo === 'Contents') this.context.host.model.calc?.changed(sh, t.rect);
    });
  }
  select(): void {
    this._call('select', [], (t) => {
      const wb = this.context.host.model;
      wb.active = liveSheet(t.sheet);
      t.sheet.selection = { ...t.rect };
      delete t.sheet.areas;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Notes (ExcelApi 1.18) and threaded comments (ExcelApi 1.10), kept beside the model by sheet / workbook

interface NoteM {
  sheet: SheetM;
  r: number;
  c: number;
  content: string;
  author: string;
  deleted: boolean;
}

interface CommentM {
  id: string;
  sheet: SheetM;
  r: number;
  c: number;
  content: string;
  author: string;
  deleted: boolean;
}

const NOTES = new WeakMap<SheetM, NoteM[]>();
const COMMENTS = new WeakMap<WorkbookM, CommentM[]>();
const AUTHOR = 'Fake User';

function notesOf(sh: SheetM): NoteM[] {
  let list = NOTES.get(sh);
  if (!list) NOTES.set(sh, (list = []));
  return list;
}

function commentsOf(wb: WorkbookM): CommentM[] {
  let list = COMMENTS.get(wb);
  if (!list) COMMENTS.set(wb, (list = []));
  return list;
}

/** One cell from "B7", "Sheet1!B7" or a range proxy; InvalidArgument for anything larger. */
function oneCell(wb: WorkbookM, at: FakeRange | string, dfltSheet: SheetM | null, where: string): { sheet: SheetM; r: number; c: number } {
  let sheet: SheetM | null;
  let rect: Rect;
  if (typeof at === 'string') {
    const { sheet: name, ref } = splitSheet(at);
    sheet = name !== null ? findSheet(wb, name) : dfltSheet ?? wb.active;
    rect = parseRef(ref);
  } else {
    const t = at._t();
    sheet = t.sheet;
    rect = t.rect;
  }
  if (!sheet) fail('ItemNotFound', `No sheet for ${String(at)}.`, where);
  if (cellCount(rect) !== 1) fail('InvalidArgument', 'The address must be a single cell.', where);
  return { sheet: liveSheet(sheet), r: rect.r0, c: rect.c0 };
}

class FakeNote extends FakeObject<NoteM> {
  readonly _type = 'Note';
  protected readonly _scalars = ['content', 'authorName', 'visible', 'height', 'width'] as const;
  protected _read(n: NoteM, prop: string): unknown {
    if (n.deleted) fail('ItemNotFound', 'The note was deleted.', 'Note');
    switch (prop) {
      case 'content': return n.content;
      case 'authorName': return n.author;
      case 'visible': return false;
      case 'height': return 59.25;
      case 'width': return 96;
    }
    return undefined;
  }
  get content(): string { return this._get('content'); }
  set content(v: string) { this._set('content', v, (n) => (n.content = String(v))); }
  get authorName(): string { return this._get('authorName'); }
  delete(): void {
    this._call('delete', [], (n) => {
      n.deleted = true;
      const list = notesOf(n.sheet);
      list.splice(list.indexOf(n), 1);
    });
  }
  getLocation(): FakeRange {
    return new FakeRange(this.context, () => {
      const n = this._t();
      return { sheet: n.sheet, rect: { r0: n.r, c0: n.c, r1: n.r, c1: n.c } };
    }, false, ['getLocation']);
  }
}

class FakeNoteCollection extends FakeCollection<SheetM, FakeNote> {
  readonly _type = 'NoteCollection';
  protected _list(sh: SheetM): unknown[] {
    this.context.requireApi('1.18', 'Worksheet.notes');
    return notesOf(sh);
  }
  protected _wrap(item: unknown): FakeNote {
    return new FakeNote(this.context, () => item as NoteM);
  }
  private find(key: string): NoteM | null {
    this.context.requireApi('1.18', 'NoteCollection.getItem');
    const sh = this._owner();
    const at = oneCell(this.context.host.model, key, sh, 'NoteCollection.getItem');
    return notesOf(sh).find((n) => n.r === at.r && n.c === at.c) ?? null;
  }
  add(cellAddress: FakeRange | string, content: string): FakeNote {
    let made: NoteM | null = null;
    const p = new FakeNote(this.context, () => made);
    this.context.enqueue(['add', typeof cellAddress === 'string' ? cellAddress : '<range>', content], () => {
      this.context.requireApi('1.18', 'NoteCollection.add');
      const sh = this._owner();
      const at = oneCell(this.context.host.model, cellAddress, sh, 'NoteCollection.add');
      if (at.sheet !== sh) fail('InvalidArgument', 'The cell is not on this worksheet.', 'NoteCollection.add');
      if (notesOf(sh).some((n) => n.r === at.r && n.c === at.c)) fail('InvalidOperation', 'The cell already has a note.', 'NoteCollection.add');
      if (commentsOf(this.context.host.model).some((m) => m.sheet === sh && m.r === at.r && m.c === at.c)) fail('InvalidOperation', 'The cell already has a comment.', 'NoteCollection.add');
      made = { sheet: sh, r: at.r, c: at.c, content: String(content), author: AUTHOR, deleted: false };
      notesOf(sh).push(made);
      p._bind();
    });
    return p;
  }
  getItem(key: string): FakeNote {
    return new FakeNote(this.context, () => this.find(key), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeNote {
    return new FakeNote(this.context, () => this.find(key), true, ['getItemOrNullObject', key]);
  }
}

class FakeComment extends FakeObject<CommentM> {
  readonly _type = 'Comment';
  protected readonly _scalars = ['id', 'content', 'authorName', 'resolved'] as const;
  protected _read(m: CommentM, prop: string): unknown {
    if (m.deleted) fail('ItemNotFound', 'The comment was deleted.', 'Comment');
    switch (prop) {
      case 'id': return m.id;
      case 'content': return m.content;
      case 'authorName': return m.author;
      case 'resolved': return false;
    }
    return undefined;
  }
  get id(): string { return this._get('id'); }
  get content(): string { return this._get('content'); }
  set content(v: string) { this._set('content', v, (m) => (m.content = String(v))); }
  get authorName(): string { return this._get('authorName'); }
  delete(): void {
    this._call('delete', [], (m) => {
      m.deleted = true;
      const list = commentsOf(this.context.host.model);
      list.splice(list.indexOf(m), 1);
    });
  }
  getLocation(): FakeRange {
    return new FakeRange(this.context, () => {
      const m = this._t();
      return { sheet: liveSheet(m.sheet), rect: { r0: m.r, c0: m.c, r1: m.r, c1: m.c } };
    }, false, ['getLocation']);
  }
}

class FakeCommentCollection extends FakeCollection<WorkbookM, FakeComment> {
  readonly _type = 'CommentCollection';
  protected _list(wb: WorkbookM): unknown[] {
    this.context.requireApi('1.10', 'Workbook.comments');
    return commentsOf(wb).filter((m) => !m.sheet.deleted);
  }
  protected _wrap(item: unknown): FakeComment {
    return new FakeComment(this.context, () => item as CommentM);
  }
  add(cellAddress: FakeRange | string, content: string, _contentType?: string): FakeComment {
    let made: CommentM | null = null;
    const p = new FakeComment(this.context, () => made);
    this.context.enqueue(['add', typeof cellAddress === 'string' ? cellAddress : '<range>', content], () => {
      this.context.requireApi('1.10', 'CommentCollection.add');
      const wb = this._owner();
      const at = oneCell(wb, cellAddress, null, 'CommentCollection.add');
      if (commentsOf(wb).some((m) => m.sheet === at.sheet && m.r === at.r && m.c === at.c)) fail('InvalidOperation', 'The cell already has a comment.', 'CommentCollection.add');
      if (!fakeQuirks(this.context.host).broken?.includes('note-guard') && notesOf(at.sheet).some((n) => n.r === at.r && n.c === at.c)) fail('InvalidOperation', 'The cell already has a note.', 'CommentCollection.add');
      made = { id: `{comment-${commentsOf(wb).length + 1}-${Date.now() % 100000}}`, sheet: at.sheet, r: at.r, c: at.c, content: String(content), author: AUTHOR, deleted: false };
      commentsOf(wb).push(made);
      p._bind();
    });
    return p;
  }
  getItem(id: string): FakeComment {
    return new FakeComment(this.context, () => {
      this.context.requireApi('1.10', 'CommentCollection.getItem');
      return commentsOf(this._owner()).find((m) => m.id === id) ?? null;
    }, false, ['getItem', id]);
  }
  getItemByCell(cellAddress: FakeRange | string): FakeComment {
    return new FakeComment(this.context, () => {
      this.context.requireApi('1.10', 'CommentCollection.getItemByCell');
      const wb = this._owner();
      const at = oneCell(wb, cellAddress, null, 'CommentCollection.getItemByCell');
      return commentsOf(wb).find((m) => m.sheet === at.sheet && m.r === at.r && m.c === at.c) ?? null;
    }, false, ['getItemByCell', typeof cellAddress === 'string' ? cellAddress : '<range>']);
  }
}

/** The notes of a sheet as Excel holds them: A1 address → text (for assertions). */
export function fakeNotes(fake: FakeExcel, sheet: string): Record<string, string> {
  return Object.fromEntries(notesOf(fake.requireSheet(sheet)).map((n) => [`${colLetters(n.c)}${n.r + 1}`, n.content]));
}

/** The workbook's threaded comments: "Sheet!A1" → text (for assertions). */
export function fakeComments(fake: FakeExcel): Record<string, string> {
  return Object.fromEntries(commentsOf(fake.model).filter((m) => !m.sheet.deleted).map((m) => [`${m.sheet.name}!${colLetters(m.c)}${m.r + 1}`, m.content]));
}

/** Put a note on a cell directly (a fixture: the user's own note). */
export function addFakeNote(fake: FakeExcel, sheet: string, a1: string, content: string): void {
  const sh = fake.requireSheet(sheet);
  const rect = parseRef(a1);
  notesOf(sh).push({ sheet: sh, r: rect.r0, c: rect.c0, content, author: AUTHOR, deleted: false });
}

/** Put a threaded comment on a cell directly (a fixture: the user's own comment). */
export function addFakeComment(fake: FakeExcel, sheet: string, a1: string, content: string): void {
  const sh = fake.requireSheet(sheet);
  const rect = parseRef(a1);
  commentsOf(fake.model).push({ id: `{user-comment-${commentsOf(fake.model).length + 1}}`, sheet: sh, r: rect.r0, c: rect.c0, content, author: AUTHOR, deleted: false });
}

// ---------------------------------------------------------------------------------------------
// The host

export interface FakeOfficeNamespace {
  context: {
    host: string | null; displayLanguage: string; requirements: { isSetSupported(name: string, version?: string): boolean }; document?: { url?: string; settings?: FakeSettings };
    /** Office.context.platform and Office.context.diagnostics (host, platform, version) as Office reports them. */
    platform?: string | null; diagnostics?: { host: string; platform: string; version: string };
  };
  HostType: { Excel: string };
  onReady(cb?: (info: { host: string | null; platform: string | null }) => void): Promise<{ host: string | null; platform: string | null }>;
}

/** An in-memory workbook and an `Excel` namespace (`run`) working on it. */
export class FakeExcel {
  readonly model: WorkbookM;
  readonly stats: FakeStats = { syncs: 0, records: [], maxRequestBytes: 0, totalRequestBytes: 0 };
  requestLimit: number;
  responseLimit: number;
  readonly apiVersion: string;
  readonly macrotaskSyncs: boolean;
  readonly platform: 'web' | 'desktop';
  private forced: { code: string; when: (n: number, r: SyncRecord) => boolean; times: number }[] = [];
  /** What the task pane or the adapter gets as `Excel`. */
  readonly Excel: {
    run<T>(batchOrOptions: unknown, batch?: (context: FakeRequestContext) => Promise<T>): Promise<T>;
    /** Excel.createWorkbook (ExcelApi 1.8): opens a new workbook from an .xlsx as base64; this one is untouched. */
    createWorkbook(base64?: string): Promise<void>;
    ErrorCodes: Record<string, string>;
  };
  /** The workbooks `Excel.createWorkbook` opened (their base64, "" for an empty one), in order. */
  readonly createdWorkbooks: string[] = [];

  constructor(opts: FakeExcelOptions = {}) {
    this.macrotaskSyncs = opts.macrotaskSyncs ?? false;
    this.platform = opts.platform ?? 'desktop';
    this.requestLimit = opts.requestLimit ?? 5 * 1024 * 1024;
    this.responseLimit = opts.responseLimit ?? 5 * 1024 * 1024;
    this.apiVersion = opts.apiVersion ?? '1.17';
    this.model = {
      name: opts.workbookName ?? 'Book1.xlsx', sheets: [], active: null, docProps: {}, customDocProps: new Map(), names: new Map(),
      calculationMode: 'Automatic', nextSheetId: 1, nextTableId: 1, suspendedSyncs: 0, calc: null,
    };
    this.Excel = {
      run: <T>(a: unknown, b?: (context: FakeRequestContext) => Promise<T>) => this.run<T>((typeof a === 'function' ? a : b) as (context: FakeRequestContext) => Promise<T>),
      createWorkbook: async (base64?: string) => {
        if (!this.isSetSupported('ExcelApi', '1.8')) fail('ApiNotFound', 'The API you are trying to use could not be found (Excel.createWorkbook, ExcelApi 1.8).', 'createWorkbook');
        // A real Excel refuses what is not a workbook; a zip's base64 starts with "UEsDB" (PK\x03\x04).
        if (base64 !== undefined && base64 !== '' && !base64.startsWith('UEsDB')) fail('InvalidArgument', 'The argument is not a workbook.', 'createWorkbook');
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        this.createdWorkbooks.push(base64 ?? '');
      },
      ErrorCodes: {
        accessDenied: 'AccessDenied', apiNotFound: 'ApiNotFound', generalException: 'GeneralException', insertDeleteConflict: 'InsertDeleteConflict',
        invalidArgument: 'InvalidArgument', invalidOperation: 'InvalidOperation', invalidReference: 'InvalidReference', invalidSelection: 'InvalidSelection', itemAlreadyExists: 'ItemAlreadyExists',
        itemNotFound: 'ItemNotFound', requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded', responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded',
        propertyNotLoaded: 'PropertyNotLoaded',
      },
    };
  }

  /** `Excel.run`: a fresh context for the batch; pending actions are synced when it resolves. */
  async run<T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> {
    const ctx = new FakeRequestContext(this);
    const p = batch(ctx) as unknown;
    if (!p || typeof (p as Promise<T>).then !== 'function') fail('RunMustReturnPromise', 'The batch function passed to the ".run" method didn\'t return a promise.');
    try {
      const result = await (p as Promise<T>);
      if (ctx.hasPending()) await ctx.sync();
      return result;
    } finally {
      ctx.closed = true;
    }
  }

  /** A context outside `run` (for tests that drive the adapter directly). */
  newContext(): FakeRequestContext {
    return new FakeRequestContext(this);
  }

  isSetSupported(name: string, version = '1.1'): boolean {
    return name === 'ExcelApi' ? versionAtLeast(this.apiVersion, version) : false;
  }

  /** Fail the next sync(s) matching `when` with `code` (nothing of the batch is applied). */
  failSync(code: string, when: (syncNumber: number, r: SyncRecord) => boolean = () => true, times = 1): void {
    this.forced.push({ code, when, times });
  }

  takeForcedFailure(r: SyncRecord): string | null {
    for (const f of this.forced) {
      if (f.times > 0 && f.when(this.stats.syncs, r)) {
        f.times--;
        return f.code;
      }
    }
    return null;
  }

  record(r: SyncRecord): void {
    this.stats.syncs++;
    this.stats.records.push(r);
    this.stats.maxRequestBytes = Math.max(this.stats.maxRequestBytes, r.requestBytes);
    this.stats.totalRequestBytes += r.requestBytes;
  }

  afterSync(ctx: FakeRequestContext): void {
    for (const o of ctx.pendingNullables) o._markNullKnown();
    ctx.pendingNullables.clear();
  }

  resetStats(): void {
    this.stats.syncs = 0;
    this.stats.records = [];
    this.stats.maxRequestBytes = 0;
    this.stats.totalRequestBytes = 0;
  }

  // ----- direct access for fixtures and assertions (no sync involved) -----

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  /**
   * Add a sheet as a file would hold it. Its formulas (fixture `{formula}` cells) are bound to the
   * sheets there are at once, unless `bindLater` (a workbook being loaded binds them when it is whole).
   */
  addSheet(name: string, data: SheetData = {}, bindLater = false): void {
    checkSheetName(this.model, name, null);
    const sh = newSheet(this.model, name);
    this.model.sheets.push(sh);
    if (!this.model.active) this.model.active = sh;
    fillSheet(sh, data);
    this.model.calc?.addSheet(sh);
    if (!bindLater) bindFormulas(this.model, sh);
  }

  activate(name: string): void {
    this.model.active = this.requireSheet(name);
  }

  /** Select on a sheet (and make it active) as the user would: one area ("B3:D9") or several ("B3:D9, F3:F9"). */
  select(sheet: string, address: string): void {
    const sh = this.requireSheet(sheet);
    const rects = address.split(',').map((a) => parseRef(splitSheet(a).ref));
    sh.selection = { ...rects[0] };
    if (rects.length > 1) sh.areas = rects;
    else delete sh.areas;
    this.model.active = sh;
  }

  activeSheetName(): string | null {
    return this.model.active?.name ?? null;
  }

  requireSheet(name: string): SheetM {
    const sh = findSheet(this.model, name);
    if (!sh) throw new Error(`fake-excel: no sheet "${name}" (sheets: ${this.sheetNames().join(', ')})`);
    return sh;
  }

  /** One cell as Excel holds it. */
  cell(sheet: string, a1: string): CellSnapshot {
    const sh = this.requireSheet(sheet);
    this.model.calc?.settle();
    const rect = parseRef(a1);
    return snapshotCell(sh, rect.r0, rect.c0);
  }

  /** A sheet as Excel holds it: what `values`, `formulas`, `numberFormat` would return over its used range (from A1). */
  readSheet(sheet: string): SheetSnapshot {
    const sh = this.requireSheet(sheet);
    this.model.calc?.settle();
    const used = usedRect(sh, false);
    const rows = used ? used.r1 + 1 : 0;
    const cols = used ? used.c1 + 1 : 0;
    const t: RangeT = { sheet: sh, rect: { r0: 0, c0: 0, r1: Math.max(rows - 1, 0), c1: Math.max(cols - 1, 0) } };
    const grid = <V>(fn: (c: CellM | undefined) => V): V[][] => (rows ? (readGrid(t, fn) as V[][]) : []);
    return {
      name: sh.name,
      id: sh.id,
      position: this.model.sheets.indexOf(sh),
      visibility: sh.visibility,
      values: grid(cellValue),
      formulas: grid((c) => displayFormula(c)),
      formats: grid((c) => c?.nf ?? 'General'),
      quotePrefix: grid((c) => !!c?.q),
      merges: sh.merges.map((m) => rectA1(m)),
      freeze: sh.freeze ? { ...sh.freeze } : null,
      tables: sh.tables.map((tb) => ({ name: tb.name, address: rectA1(tb.rect), style: tb.style, showBandedRows: tb.showBandedRows })),
      columnWidths: Object.fromEntries([...sh.colWidths].sort((a, b) => a[0] - b[0]).map(([c, w]) => [colLetters(c), w])),
      customProperties: Object.fromEntries([...sh.customProps.values()].map((p) => [p.key, p.value])),
      pageLayout: { ...sh.pageLayout },
      usedRange: used ? rectA1(used) : null,
      rowHeights: Object.fromEntries([...sh.rowHeights].sort((a, b) => a[0] - b[0]).map(([r, h]) => [r + 1, h])),
      showGridlines: sh.showGridlines,
      charts: sh.charts.filter((c) => !c.deleted).map(chartSnapshot),
    };
  }

  /** What each chart of a sheet plots, by chart name: its series' calculated values. */
  chartPoints(sheet: string): Record<string, ChartPoints[]> {
    const sh = this.requireSheet(sheet);
    this.model.calc?.settle();
    const data = (t: RangeT | null) => (t && !t.sheet.deleted ? (readGrid(t, cellValue) ?? []).flat() : null);
    return Object.fromEntries(sh.charts.filter((c) => !c.deleted).map((c) => [c.name, c.series.map((x) => ({ series: x.name, values: data(x.values), xValues: data(x.xValues) }))]));
  }

  /** Formulas that named a sheet the workbook did not have when they were written (each an error, never bound later). */
  brokenReferences(): BrokenReference[] {
    return [...(this.model.calc?.broken ?? [])];
  }

  /**
   * Every formula cell of the live sheets: its text as `formulas` reads it, its calculated value, and
   * the sheets the engine bound it to (a cross-check of the text's binding against the engine's own).
   */
  formulaCells(): { sheet: string; cell: string; formula: string; value: number | string | boolean; isError: boolean; engineSheets: string[] }[] {
    this.model.calc?.settle();
    const out: { sheet: string; cell: string; formula: string; value: number | string | boolean; isError: boolean; engineSheets: string[] }[] = [];
    for (const sh of this.model.sheets) {
      for (const [r, row] of [...sh.rows].sort((a, b) => a[0] - b[0])) {
        row.forEach((cell, c) => {
          const f = displayFormula(cell);
          if (f === null) return;
          out.push({ sheet: sh.name, cell: `${colLetters(c)}${r + 1}`, formula: f, value: cellValue(cell), isError: !!cell.err, engineSheets: this.model.calc?.enginePrecedentSheets(sh, r, c) ?? [] });
        });
      }
    }
    return out;
  }

  documentCustomProperties(): Record<string, string> {
    return Object.fromEntries([...this.model.customDocProps.values()].map((p) => [p.key, p.value]));
  }
}

export interface CellSnapshot {
  value: number | string | boolean;
  formula: string | null;
  numberFormat: string;
  text: string;
  isError: boolean;
  quotePrefix: boolean;
  hyperlink: FakeHyperlink | null;
  /** Flat look keys: "font.bold", "fill.color", "border.top.style", "wrapText", ... */
  look: Record<string, string | number | boolean>;
}

export interface SheetSnapshot {
  name: string;
  id: string;
  position: number;
  visibility: string;
  values: (number | string | boolean)[][];
  formulas: (string | null)[][];
  formats: string[][];
  quotePrefix: boolean[][];
  merges: string[];
  freeze: { rows: number; cols: number } | null;
  tables: { name: string; address: string; style: string; showBandedRows: boolean }[];
  /** Points, by column letter, for columns given a width. */
  columnWidths: Record<string, number>;
  customProperties: Record<string, string>;
  pageLayout: Record<string, unknown>;
  usedRange: string | null;
  /** Points, by 1-based row, for rows given a height. */
  rowHeights: Record<number, number>;
  showGridlines: boolean;
  charts: ChartSnapshot[];
}

export interface ChartSnapshot {
  name: string;
  type: string;
  title: string;
  legendVisible: boolean;
  /** Series ranges as sheet-qualified addresses under the sheets' current names ("#REF!" once their sheet is deleted). */
  series: { name: string; values: string | null; xValues: string | null; hasDataLabels: boolean }[];
  reversePlotOrder: boolean;
  position: { from: string; to: string } | null;
}

/** What a chart's series plots: the calculated values of its cells (null once their sheet is deleted). */
export interface ChartPoints {
  series: string;
  values: (number | string | boolean)[] | null;
  xValues: (number | string | boolean)[] | null;
}

/** A series' range is bound to its sheet: renamed with it, broken (#REF!) when it is deleted. */
function chartSnapshot(c: ChartM): ChartSnapshot {
  const addr = (t: RangeT | null) => (t ? (t.sheet.deleted ? '#REF!' : rectAddress(t.sheet.name, t.rect)) : null);
  return {
    name: c.name, type: c.type, title: c.title, legendVisible: c.legendVisible,
    series: c.series.map((x) => ({ name: x.name, values: addr(x.values), xValues: addr(x.xValues), hasDataLabels: x.hasDataLabels })),
    reversePlotOrder: c.reversePlotOrder, position: c.position ? { ...c.position } : null,
  };
}

function snapshotCell(sh: SheetM, r: number, c: number): CellSnapshot {
  const cell = getCell(sh, r, c);
  return {
    value: cellValue(cell),
    formula: displayFormula(cell),
    numberFormat: cell?.nf ?? 'General',
    text: cell && cell.v !== undefined ? formatText(cell.v, cell.err ? undefined : cell.nf) : '',
    isError: !!cell?.err,
    quotePrefix: !!cell?.q,
    hyperlink: cell?.link ? { ...cell.link } : null,
    look: { ...(cell?.look ?? {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** A cell as a fixture gives it: how Excel holds it, not how one types it. */
export type FixtureValue = number | string | boolean | Date | { error: string } | { formula: string; result?: number | string | boolean } | null;

export interface SheetData {
  /** Rows from `origin` down. Strings are text as held (no formula parsing); an error text ("#REF!") or {error} is an error value; a Date becomes a serial. */
  values?: FixtureValue[][];
  /** Number formats, same shape as `values` (null or missing = General). */
  formats?: (string | null | undefined)[][];
  /** Merged areas, as A1 ranges ("A1:C1") in sheet coordinates. */
  merges?: string[];
  /** Where values[0][0] goes, "A1" by default. */
  origin?: string;
  /** Worksheet custom properties (e.g. {"tizilim.role": "register"}). */
  customProperties?: Record<string, string>;
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
}

function fillSheet(sh: SheetM, data: SheetData): void {
  const o = parseRef(data.origin ?? 'A1');
  const values = data.values ?? [];
  const formats = data.formats ?? [];
  const height = Math.max(values.length, formats.length);
  for (let i = 0; i < height; i++) {
    const width = Math.max(values[i]?.length ?? 0, formats[i]?.length ?? 0);
    for (let j = 0; j < width; j++) {
      const v = values[i]?.[j] ?? null;
      const fmt = formats[i]?.[j];
      if ((v === null || v === '') && !fmt) continue;
      const cell = ensureCell(sh, o.r0 + i, o.c0 + j);
      if (fmt && fmt !== 'General') cell.nf = fmt;
      if (v === null || v === '') continue;
      if (v instanceof Date) {
        cell.v = serialFromDate(v);
        if (!fmt) cell.nf = 'dd.mm.yyyy';
      } else if (typeof v === 'object') {
        if ('error' in v) {
          cell.v = v.error;
          cell.err = true;
        } else {
          cell.f = v.formula.startsWith('=') ? v.formula : '=' + v.formula;
          if (v.result !== undefined) cell.v = v.result;
        }
      } else if (typeof v === 'string' && EXCEL_ERROR_TEXTS.includes(v)) {
        cell.v = v;
        cell.err = true;
      } else cell.v = v;
    }
  }
  for (const m of data.merges ?? []) sh.merges.push(parseRef(m));
  for (const [k, v] of Object.entries(data.customProperties ?? {})) sh.customProps.set(k.toLowerCase(), { key: k, value: v });
  if (data.visibility) sh.visibility = data.visibility;
}

/** A fake Excel holding a workbook made from plain data (sheet name → cells); the first sheet is active. */
export function createFakeWorkbook(sheets: Record<string, SheetData>, opts: FakeExcelOptions & { names?: Record<string, string> } = {}): FakeExcel {
  const fake = new FakeExcel(opts);
  for (const [name, formula] of Object.entries(opts.names ?? {})) fake.model.names.set(name.toLowerCase(), { name, formula: formula.startsWith('=') ? formula : '=' + formula });
  for (const [name, data] of Object.entries(sheets)) fake.addSheet(name, data, true);
  if (fake.model.sheets.length === 0) fake.addSheet('Sheet1');
  // A workbook opened from a file: its formulas are bound to its sheets, whichever comes first.
  for (const sh of fake.model.sheets) bindFormulas(fake.model, sh);
  return fake;
}

/** Give a page (or a test) `globalThis.Excel` backed by `fake`, and a minimal `globalThis.Office`. */
export function installFakeOffice(
  target: Record<string, unknown>,
  fake: FakeExcel,
  opts: { displayLanguage?: string; host?: string | null; platform?: string } = {},
): FakeOfficeNamespace {
  const host = opts.host === undefined ? 'Excel' : opts.host;
  const platform = host ? opts.platform ?? 'PC' : null;
  const office: FakeOfficeNamespace = {
    context: {
      host,
      displayLanguage: opts.displayLanguage ?? 'en-US',
      requirements: { isSetSupported: (name: string, version?: string) => fake.isSetSupported(name, version) },
    },
    HostType: { Excel: 'Excel' },
    onReady(cb) {
      const info = { host, platform };
      if (cb) cb(info);
      return Promise.resolve(info);
    },
  };
  office.context.document = { url: fake.model.name, settings: new FakeSettings(fake) };
  office.context.platform = platform;
  if (host && platform) office.context.diagnostics = { host, platform, version: `16.0 (in-memory, ExcelApi ${fake.apiVersion})` };
  target.Excel = fake.Excel;
  target.Office = office;
  return office;
}

// ---------------------------------------------------------------------------------------------
// Office.context.document.settings: the add-in's settings stored in the document

/** What the "file" holds: settings saved with saveAsync, by workbook; a reopened workbook (installFakeOffice again) reads them back. */
const SAVED_SETTINGS = new WeakMap<FakeExcel, Map<string, string>>();
/** Office's limit on an add-in's settings in one document (2 MB of JSON). */
export const SETTINGS_LIMIT_BYTES = 2 * 1024 * 1024;

interface FakeAsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error?: { name: string; message: string; code: number };
}

/**
 * `Office.Settings` as Office has it: `set`/`get`/`remove` work on the add-in's in-memory copy (values
 * are stored as JSON, so `get` returns a copy, and what JSON cannot hold is lost); `saveAsync` writes the
 * copy into the document; `refreshAsync` re-reads it. Unsaved changes are gone when the workbook is reopened.
 */
export class FakeSettings {
  private copy: Map<string, string>;
  /** Make the next saveAsync calls fail (as when the document is read-only). */
  failSaves = 0;
  saves = 0;
  constructor(private readonly fake: FakeExcel) {
    this.copy = new Map(savedSettingsOf(fake));
  }
  get(name: string): unknown {
    const json = this.copy.get(name);
    return json === undefined ? null : (JSON.parse(json) as unknown);
  }
  set(name: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new Error('Office.Settings.set: the value cannot be stored.');
    this.copy.set(name, json);
  }
  remove(name: string): void {
    this.copy.delete(name);
  }
  saveAsync(a?: unknown, b?: unknown): void {
    const cb = (typeof a === 'function' ? a : b) as ((r: FakeAsyncResult<void>) => void) | undefined;
    const size = [...this.copy].reduce((n, [k, v]) => n + utf8Length(k) + utf8Length(v), 0);
    let result: FakeAsyncResult<void>;
    if (this.failSaves > 0) {
      this.failSaves--;
      result = { status: 'failed', value: undefined, error: { name: 'Settings save failed', message: 'The settings could not be saved.', code: 5001 } };
    } else if (size > SETTINGS_LIMIT_BYTES) {
      result = { status: 'failed', value: undefined, error: { name: 'Settings size exceeded', message: 'The settings exceed the 2 MB limit.', code: 5001 } };
    } else {
      SAVED_SETTINGS.set(this.fake, new Map(this.copy));
      this.saves++;
      result = { status: 'succeeded', value: undefined };
    }
    setTimeout(() => cb?.(result), 0);
  }
  refreshAsync(cb?: (r: FakeAsyncResult<FakeSettings>) => void): void {
    this.copy = new Map(savedSettingsOf(this.fake));
    setTimeout(() => cb?.({ status: 'succeeded', value: this }), 0);
  }
}

function savedSettingsOf(fake: FakeExcel): Map<string, string> {
  return SAVED_SETTINGS.get(fake) ?? new Map();
}

/** The settings saved in the document (parsed), as a reopened workbook would find them. */
export function savedFakeSettings(fake: FakeExcel): Record<string, unknown> {
  return Object.fromEntries([...savedSettingsOf(fake)].map(([k, v]) => [k, JSON.parse(v) as unknown]));
}

/** A sheet's cells as Excel holds them (values, formulas, number formats, merges, tables, …), for assertions. */
export function readBack(fake: FakeExcel, sheet: string): SheetSnapshot {
  return fake.readSheet(sheet);
}

// ---------------------------------------------------------------------------------------------
// Host quirks, the workbook's settings (ExcelApi 1.4), worksheet functions (ExcelApi 1.2) and
// number format categories (ExcelApi 1.12). Kept in a section of their own, beside the model.

/** What a particular host does that the default one does not, and behaviours broken on purpose. */
export interface FakeQuirks {
  /**
   * Excel on the web with another regional format: Range.numberFormat of a built-in date format comes
   * back in the locale's own letters ("ДД.ММ.ГГГГ"), not as Excel's format code (OfficeDev/office-js#2824).
   */
  localeDateFormats?: boolean;
  /** The workbook uses the 1904 date system (DATE(1904,1,1) is 0, not 1462). */
  date1904?: boolean;
  /**
   * Behaviours broken on purpose, for the Diagnostics test: "apostrophe" — a leading apostrophe no longer
   * keeps a string as text (it is dropped and the rest typed in); "note-guard" — a threaded comment is
   * added over a cell's note.
   */
  broken?: ('apostrophe' | 'note-guard')[];
}

const QUIRKS = new WeakMap<FakeExcel, FakeQuirks>();

export function setFakeQuirks(fake: FakeExcel, quirks: FakeQuirks): void {
  QUIRKS.set(fake, { ...quirks });
}

function fakeQuirks(host: FakeExcel): FakeQuirks {
  return QUIRKS.get(host) ?? {};
}

function brokenInput(host: FakeExcel, x: unknown): unknown {
  return typeof x === 'string' && x.startsWith("'") && fakeQuirks(host).broken?.includes('apostrophe') ? x.slice(1) : x;
}

/** Excel's built-in date and time formats (ids 14–22, 45–47), as Range.numberFormat gives them in English. */
const BUILTIN_DATE_FORMATS = ['m/d/yyyy', 'd-mmm-yy', 'd-mmm', 'mmm-yy', 'm/d/yyyy h:mm'];
const BUILTIN_TIME_FORMATS = ['h:mm AM/PM', 'h:mm:ss AM/PM', 'h:mm', 'h:mm:ss', 'mm:ss', '[h]:mm:ss', 'mmss.0'];

/** Range.numberFormatCategories for a cell's format, as Excel sorts its formats into the Format Cells dialog's categories. */
function numberFormatCategory(nf: string | undefined): string {
  if (nf === undefined || nf === 'General') return 'General';
  if (nf === '@') return 'Text';
  if (BUILTIN_DATE_FORMATS.includes(nf)) return 'Date';
  if (BUILTIN_TIME_FORMATS.includes(nf)) return 'Time';
  if (/%/.test(nf)) return 'Percentage';
  if (/E[+-]/i.test(nf)) return 'Scientific';
  if (/^[#,0.]+(;[-(]?[#,0.]+\)?)?$/.test(nf)) return 'Number';
  return 'Custom';
}

/** Range.numberFormat as the host reports it (with the web's locale quirk, a built-in date in the locale's letters). */
function shownNumberFormat(host: FakeExcel, nf: string | undefined): string {
  const f = nf ?? 'General';
  if (fakeQuirks(host).localeDateFormats && numberFormatCategory(nf) === 'Date') return 'ДД.ММ.ГГГГ';
  return f;
}

/** What the workbook's SettingCollection holds: key → the value as JSON (as Office keeps it in the file). */
const WORKBOOK_SETTINGS = new WeakMap<WorkbookM, Map<string, string>>();

function workbookSettingsOf(wb: WorkbookM): Map<string, string> {
  let m = WORKBOOK_SETTINGS.get(wb);
  if (!m) WORKBOOK_SETTINGS.set(wb, (m = new Map()));
  return m;
}

class FakeSetting extends FakeObject<{ wb: WorkbookM; key: string }> {
  readonly _type = 'Setting';
  protected readonly _scalars = ['key', 'value'] as const;
  protected _read(t: { wb: WorkbookM; key: string }, prop: string): unknown {
    const json = workbookSettingsOf(t.wb).get(t.key);
    if (json === undefined) fail('ItemNotFound', 'The setting does not exist.', 'Setting');
    return prop === 'key' ? t.key : (JSON.parse(json) as unknown);
  }
  get key(): string {
    return this._get('key');
  }
  get value(): unknown {
    return this._get('value');
  }
  set value(v: unknown) {
    this._set('value', v, (t) => storeSetting(t.wb, t.key, v));
  }
  delete(): void {
    this._call('delete', [], (t) => workbookSettingsOf(t.wb).delete(t.key));
  }
}

function storeSetting(wb: WorkbookM, key: string, value: unknown): void {
  const json = JSON.stringify(value);
  if (json === undefined) fail('InvalidArgument', 'The setting value cannot be stored.', 'SettingCollection.add');
  const m = workbookSettingsOf(wb);
  const size = [...m].reduce((n, [k, v]) => n + (k === key ? 0 : utf8Length(k) + utf8Length(v)), utf8Length(key) + utf8Length(json));
  if (size > SETTINGS_LIMIT_BYTES) fail('GeneralException', 'The settings exceed the 2 MB limit.', 'SettingCollection.add');
  m.set(key, json);
}

class FakeSettingCollection extends FakeCollection<WorkbookM, FakeSetting> {
  readonly _type = 'SettingCollection';
  protected _list(wb: WorkbookM): unknown[] {
    this.context.requireApi('1.4', 'Workbook.settings');
    return [...workbookSettingsOf(wb).keys()].map((key) => ({ wb, key }));
  }
  protected _wrap(item: unknown): FakeSetting {
    const it = item as { wb: WorkbookM; key: string };
    return new FakeSetting(this.context, () => it);
  }
  add(key: string, value: unknown): FakeSetting {
    const wb = this._owner();
    this.context.enqueue(['add', key, value], () => {
      this.context.requireApi('1.4', 'SettingCollection.add');
      if (!key) fail('InvalidArgument', 'The setting key is invalid.', 'SettingCollection.add');
      storeSetting(wb, key, value);
    });
    return new FakeSetting(this.context, () => ({ wb, key }));
  }
  getItem(key: string): FakeSetting {
    const wb = this._owner();
    return new FakeSetting(this.context, () => (workbookSettingsOf(wb).has(key) ? { wb, key } : null), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeSetting {
    const wb = this._owner();
    return new FakeSetting(this.context, () => (workbookSettingsOf(wb).has(key) ? { wb, key } : null), true, ['getItemOrNullObject', key]);
  }
}

/** The workbook's settings (Excel.SettingCollection) as a reopened workbook finds them (parsed), for assertions and fixtures. */
export function fakeWorkbookSettings(fake: FakeExcel): Record<string, unknown> {
  return Object.fromEntries([...workbookSettingsOf(fake.model)].map(([k, v]) => [k, JSON.parse(v) as unknown]));
}

export function setFakeWorkbookSetting(fake: FakeExcel, key: string, value: unknown): void {
  storeSetting(fake.model, key, value);
}

/** A FunctionResult: `value` (and `error`) after load and sync. */
class FakeFunctionResult extends FakeObject<{ value: number | string | boolean; error: string | null }> {
  readonly _type = 'FunctionResult';
  protected readonly _scalars = ['value', 'error'] as const;
  protected _read(t: { value: number | string | boolean; error: string | null }, prop: string): unknown {
    return prop === 'value' ? t.value : t.error;
  }
  get value(): number | string | boolean {
    return this._get('value');
  }
  get error(): string | null {
    return this._get('error');
  }
}

/** Workbook.functions (ExcelApi 1.2): the few worksheet functions the tool evaluates without writing a cell. */
class FakeFunctions {
  constructor(readonly context: FakeRequestContext) {}
  /** DATE(year, month, day) in the workbook's date system. */
  date(year: number, month: number, day: number): FakeFunctionResult {
    const host = this.context.host;
    return new FakeFunctionResult(this.context, () => {
      this.context.requireApi('1.2', 'Functions.date');
      const s1900 = serialFromDate(new Date(Date.UTC(year, month - 1, day)));
      if (fakeQuirks(host).date1904 && year < 1904) return { value: '#NUM!', error: '#NUM!' };
      return { value: fakeQuirks(host).date1904 ? s1900 - 1462 : s1900, error: null };
    }, false, ['date', year, month, day]);
  }
}
