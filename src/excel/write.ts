/**
 * Office.js adapter, writing: sheet plans → sheets of the open workbook.
 *
 * - The tool's own sheets (marked with the worksheet custom property `tizilim.role`, or on hosts
 *   before ExcelApi 1.12 with the document custom property `tizilim.role.<sheet id>`) are written
 *   again in place: cleared (contents, formats, merges, frozen panes, widths, heights, tables,
 *   charts) and filled anew, keeping their id, name, position and visibility — so every formula and
 *   chart series that reads them, ours or the user's, stays bound to them (a sheet renamed away and
 *   deleted would leave them all #REF!). A sheet of the same name that is not the tool's (the user's)
 *   is never touched: ours goes under a free name ("Тізілім (2)") and formulas that pointed at the
 *   planned name follow it. A sheet of ours the user renamed is theirs to keep: the plan's name gets
 *   a new sheet.
 * - Every sheet is made (or cleared) before any formula is written: Excel binds a formula to the
 *   sheets that exist when it is entered, and takes a name that is no sheet yet for a link to another
 *   workbook — it never binds it to a sheet made afterwards. Contents go in with the register first,
 *   charts last, once the sheets they plot are written.
 * - Each sheet's mark carries a fingerprint of what was written (its values and formulas, as Excel
 *   reads them back, formulas without their sheet qualifiers: Excel rewrites those when a sheet is
 *   renamed or deleted, which is no edit of the user's). Before one of the tool's sheets is written
 *   again its content is compared with the fingerprint; a sheet the user has edited is replaced only
 *   if `confirmReplaceEdited` says yes, otherwise it is kept as the user's and ours goes under a free name.
 * - Plan strings always land as text: every string Excel would read as a formula, number, date or
 *   boolean is written with a leading apostrophe (Excel keeps the rest as text). Formulas come only
 *   from a plan cell's `f`.
 * - Work goes out in few syncs: operations are queued in order (every sheet; then per sheet values,
 *   number formats, looks, layout, links, table; then charts) and packed into batches under an
 *   estimated request size (`maxPayloadBytes`); value rows, formats, looks and links split across
 *   batches; on RequestPayloadSizeLimitExceeded the batch size is halved and the batch sent again (a
 *   rejected request applies nothing).
 * - Nothing blocks for long: a plan's rows are prepared (inputs, fingerprint, sizes) a block at a time
 *   as the batches reach them, with a turn of the event loop between blocks and after every sync;
 *   the progress says how many rows have been written.
 */
import { columnLetters, rangeAddress } from '../core/a1';
import { dateToSerial } from '../core/grid';
import { BORDER_COLOR, fitCellText, LOOKS, type CellStyle, type Look, type PlanCell, type PlanChart, type SheetPlan } from '../core/plan';
import { READ_BLOCK_CELLS } from './read';
import { bareId, docRoleKey, docRoles, excelApiSupported, isPayloadLimitError, ROLE_KEY, utf8Length, type ApiCheck } from './support';

export interface WriteOptions {
  /** Upper bound of one batch's estimated request (bytes). Default 3.5 MB: under 4 MB, and Excel on the web's 5 MB limit. */
  maxPayloadBytes?: number;
  supports?: ApiCheck;
  /** The sheet the plans were made from: links into it are never redirected when one of our sheets is renamed. */
  sourceSheet?: string;
  /** Activate the first written sheet at the end (default true). */
  activate?: boolean;
  /** Called after each batch with the share of the work done (0..1) and the plan rows written so far. */
  onProgress?: (done: number, rows: { rows: number; totalRows: number }) => void;
  /**
   * Some of the tool's sheets about to be replaced were edited since the tool wrote them (their
   * values or formulas differ from the fingerprint in the mark): may they be replaced? Default: no —
   * the edited sheets are kept as the user's and ours go under free names.
   */
  confirmReplaceEdited?: (sheetNames: string[]) => Promise<boolean>;
}

export interface WrittenSheet {
  /** The planned name. */
  plan: string;
  role: string;
  /** The name it has in the workbook. */
  name: string;
  /** An earlier sheet of the tool's of this name was written over (cleared and written again in place). */
  replaced: boolean;
  /** A user's sheet holds the planned name: ours went under `name`. */
  renamed: boolean;
  table?: string;
}

export interface WriteReport {
  sheets: WrittenSheet[];
  /** context.sync() calls made, including rejected ones. */
  syncs: number;
  /** Batches sent again after RequestPayloadSizeLimitExceeded. */
  retries: number;
  /** The largest estimated batch sent (bytes). */
  maxBatchBytes: number;
  marker: 'worksheet-custom-property' | 'document-custom-property';
  /** Links whose target sheet is not in the workbook (left as plain text). */
  linksSkipped: number;
  /** The tool's sheets found edited by the user: replaced (the user agreed) or kept. */
  edited: { name: string; replaced: boolean }[];
  /** Charts drawn, and the ones Excel refused (the sheets are written all the same). */
  charts: number;
  chartErrors: string[];
}

export const DEFAULT_MAX_PAYLOAD = 3_500_000;
/**
 * Cells prepared (turned into inputs, fingerprinted, measured) between two turns of the event loop:
 * tens of milliseconds of work, so the pane never blocks for long while a large sheet is written.
 */
export const PREPARE_BLOCK_CELLS = 20_000;

/**
 * The UTF-8 length of a row of inputs as JSON (what JSON.stringify would give), without building the
 * string: a 100,000-row sheet is measured without 100,000 strings of garbage.
 */
export function rowJsonBytes(row: readonly (string | number | boolean)[]): number {
  let n = 2 + Math.max(0, row.length - 1); // [ ] and the commas
  for (const v of row) {
    if (typeof v === 'number') n += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'boolean') n += v ? 4 : 5;
    else {
      n += 2;
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c === 0x22 || c === 0x5c) n += 2;
        else if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
        else if (c < 0x80) n += 1;
        else if (c < 0x800) n += 2;
        else if (c >= 0xd800 && c <= 0xdbff) {
          const d = v.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            n += 4;
            i++;
          } else n += 6; // a lone surrogate is written \uXXXX
        } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
        else n += 3;
      }
    }
  }
  return n;
}

/** Let the page paint and take input: a macrotask, not a microtask. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
/** Estimated bytes per queued action besides its arguments (ids, paths and types in Office.js's request JSON). */
const ACTION_BYTES = 150;
const DEFAULT_DATE_FORMAT = 'dd.mm.yyyy';
const TABLE_STYLE = 'TableStyleLight9';
const LINK_COLOR = '#0563C1';
/** The worksheet custom property (or document property prefix before ExcelApi 1.12) holding the fingerprint. */
export const FINGERPRINT_KEY = 'tizilim.fingerprint';
export const DOC_FINGERPRINT_PREFIX = 'tizilim.fp.';
const CHART_TYPES: Record<PlanChart['type'], 'BarClustered' | 'ColumnClustered' | 'Pie'> = { bar: 'BarClustered', column: 'ColumnClustered', pie: 'Pie' };

// ---------------------------------------------------------------------------------------------
// Looks: the named styles of a plan (src/core/plan.ts LOOKS), drawn as src/xlsx draws them

const H_ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
const V_ALIGN = { top: 'Top', center: 'Center', bottom: 'Bottom' } as const;

/** Queue a look on a range. */
function applyLook(range: Excel.Range, look: Look, link: boolean, rows: number, cols: number): void {
  const f = range.format;
  if (look.bold) f.font.bold = true;
  if (look.italic) f.font.italic = true;
  if (look.size) f.font.size = look.size;
  if (link) {
    f.font.color = LINK_COLOR;
    f.font.underline = 'Single';
  } else if (look.color) f.font.color = look.color;
  if (look.fill) f.fill.color = look.fill;
  if (look.wrap) f.wrapText = true;
  if (look.h) f.horizontalAlignment = H_ALIGN[look.h];
  if (look.v) f.verticalAlignment = V_ALIGN[look.v];
  if (look.border) {
    const sides: ('EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical')[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
    if (rows > 1) sides.push('InsideHorizontal');
    if (cols > 1) sides.push('InsideVertical');
    for (const side of sides) {
      const b = f.borders.getItem(side);
      b.style = 'Continuous';
      b.color = BORDER_COLOR;
    }
  }
}

function lookActions(look: Look, link: boolean): number {
  return 1 + (look.bold ? 1 : 0) + (look.italic ? 1 : 0) + (look.size ? 1 : 0) + (look.color ? 1 : 0) + (link ? 2 : 0) + (look.fill ? 1 : 0) + (look.wrap ? 1 : 0) + (look.h ? 1 : 0) + (look.v ? 1 : 0) + (look.border ? 12 : 0);
}

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

type Input = string | number | boolean;

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

function quoteRef(name: string): string {
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

// ---------------------------------------------------------------------------------------------
// Fingerprints: what a sheet held when the tool wrote it

/**
 * How cells are read into a fingerprint. v1 (the marks of earlier versions) read formulas with their
 * sheet names; v2 leaves sheet qualifiers out of formulas, so a sheet whose formulas Excel rewrote
 * because a sheet they read was renamed (or deleted: "#REF!A1") is not taken for the user's edit.
 * Marks keep their version: a v1 mark is checked the v1 way.
 */
export type FingerprintVersion = 'v1' | 'v2';
export const FINGERPRINT_VERSION: FingerprintVersion = 'v2';

/** A 53-bit hash of a stream of strings (cyrb53's mixing; no crypto needed to notice an edit). */
export class Fingerprint {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  /** The extent of the non-empty cells (1-based last row and column). */
  rows = 0;
  cols = 0;

  constructor(readonly version: FingerprintVersion = FINGERPRINT_VERSION) {}

  private mix(s: string): void {
    let h1 = this.h1, h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** A cell's position, as two code units each (no string built per cell). */
  private mixAt(r: number, c: number): void {
    let h1 = this.h1, h2 = this.h2;
    for (const x of [r & 0xffff, r >>> 16, c & 0xffff, 0x10000 | (c >>> 16)]) {
      h1 = Math.imul(h1 ^ x, 2654435761);
      h2 = Math.imul(h2 ^ x, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** One cell (0-based) as Excel reads it back through `Range.formulas`; empty cells are skipped. */
  cell(r: number, c: number, v: unknown): void {
    const t = cellToken(v, this.version);
    if (t === null) return;
    this.mixAt(r, c);
    this.mix(t);
    if (r + 1 > this.rows) this.rows = r + 1;
    if (c + 1 > this.cols) this.cols = c + 1;
  }

  /** "v2:<rows>x<cols>:<hash>" (well under a custom property's 255 characters). */
  toString(): string {
    let h1 = this.h1, h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hash = (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
    return `${this.version}:${this.rows}x${this.cols}:${hash}`;
  }
}

/**
 * A formula's sheet qualifiers ('Тізілім'!, Sheet1!, and #REF! where a deleted sheet's name was),
 * outside its string literals. What a rename or a deletion of another sheet changes in a formula.
 */
const SHEET_QUALIFIER = /"(?:[^"]|"")*"|'(?:[^']|'')+'!|(?<![\p{L}\p{N}_.#])[\p{L}_][\p{L}\p{N}_.]*!|#REF!(?=\$?[A-Za-z]{1,3}\$?\d|\$?\d+:|\$?[A-Za-z]{1,3}:)/gu;

/**
 * A cell's value as the fingerprint sees it, the same whether it comes from the plan or from Excel:
 * numbers to Excel's 15 significant digits; text without a leading apostrophe (a quote prefix);
 * formulas (and text that starts with "=") without the quotes, "$" and spaces Excel may add or drop,
 * and (v2) without their sheet qualifiers.
 */
export function cellToken(v: unknown, version: FingerprintVersion = FINGERPRINT_VERSION): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? 'n' + Number(v.toPrecision(15)) : null;
  if (typeof v === 'boolean') return v ? 'b1' : 'b0';
  let s = String(v);
  if (s.startsWith("'")) s = s.slice(1);
  if (s === '') return null;
  if (s.startsWith('=')) {
    if (version !== 'v1') s = s.replace(SHEET_QUALIFIER, (m) => (m.startsWith('"') ? m : ''));
    return 'f' + s.replace(/[\s'$]/g, '').toUpperCase();
  }
  return 's' + s;
}

/** The stored mark: its version, the extent and the hash. */
function parseFingerprint(s: string): { version: FingerprintVersion; rows: number; cols: number } | null {
  const m = /^(v1|v2):(\d+)x(\d+):[0-9a-f]+$/.exec(s);
  return m ? { version: m[1] as FingerprintVersion, rows: Number(m[2]), cols: Number(m[3]) } : null;
}

// ---------------------------------------------------------------------------------------------
// Grouping cells into rectangles (one call per rectangle, not per cell)

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  key: string;
}

/**
 * Rectangles of equal keys, built a row at a time: runs along each row, then runs of rows with the
 * same run (same columns, same key) stacked into one rectangle. A register's 100,000 data rows with
 * one look are one rectangle. Rows go in in order (`add`); `finish` gives every rectangle.
 */
export class RectGrouper {
  private done: Rect[] = [];
  private open = new Map<string, Rect>();
  private r = 0;

  /** The next row's keys (null: nothing there). */
  add(keys: readonly (string | null)[]): void {
    const r = this.r++;
    const next = new Map<string, Rect>();
    let c = 0;
    while (c < keys.length) {
      const k = keys[c];
      if (k === null) {
        c++;
        continue;
      }
      let e = c;
      while (e + 1 < keys.length && keys[e + 1] === k) e++;
      const id = `${c}:${e}:${k}`;
      const prev = this.open.get(id);
      if (prev && prev.r1 === r - 1) {
        prev.r1 = r;
        next.set(id, prev);
        this.open.delete(id);
      } else next.set(id, { r0: r, c0: c, r1: r, c1: e, key: k });
      c = e + 1;
    }
    for (const rect of this.open.values()) this.done.push(rect);
    this.open = next;
  }

  finish(): Rect[] {
    for (const rect of this.open.values()) this.done.push(rect);
    this.open = new Map();
    return this.done.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  }
}

/** Rectangles of equal keys over `rows` rows (RectGrouper in one go). */
export function groupRects(rows: number, keyAt: (r: number) => (string | null)[]): Rect[] {
  const g = new RectGrouper();
  for (let r = 0; r < rows; r++) g.add(keyAt(r));
  return g.finish();
}

/** The address of a 0-based rectangle ("B3", "A1:C9"). */
function a1(r: { r0: number; c0: number; r1: number; c1: number }): string {
  return rangeAddress({ top: r.r0 + 1, left: r.c0 + 1, bottom: r.r1 + 1, right: r.c1 + 1 });
}

/** Office.js takes one value for every cell of a range (documented: "set the property to a single value"); its typings only know 2D arrays. */
function setNumberFormatAll(range: Excel.Range, fmt: string): void {
  (range as unknown as { numberFormat: string }).numberFormat = fmt;
}

// ---------------------------------------------------------------------------------------------
// Where each plan goes

interface Existing {
  name: string;
  id: string;
  visible: boolean;
  role: string | null;
  tables: string[];
  charts: string[];
  /** The fingerprint written with the mark (null: none, e.g. written by an older version). */
  fingerprint: string | null;
  /** The extent of its values (1-based last row and column; 0 × 0 when empty). */
  extent: { rows: number; cols: number };
}

interface Placement {
  plan: SheetPlan;
  name: string;
  replace: Existing | null;
  renamed: boolean;
  tableName?: string;
}

const upper = (s: string) => s.toUpperCase();

/** "Тізілім" + 2 → "Тізілім (2)", kept within Excel's 31 characters. */
export function suffixedName(base: string, n: number): string {
  const suffix = ` (${n})`;
  return base.slice(0, 31 - suffix.length).trimEnd() + suffix;
}

function place(plans: SheetPlan[], existing: Existing[], definedNames: string[]): Placement[] {
  const byName = new Map(existing.map((e) => [upper(e.name), e]));
  const claimed = new Set<string>();
  const out: Placement[] = [];
  for (const plan of plans) {
    for (let n = 1; ; n++) {
      const name = n === 1 ? plan.name : suffixedName(plan.name, n);
      const key = upper(name);
      if (claimed.has(key)) continue;
      const ex = byName.get(key);
      if (ex && ex.role === null) continue; // the user's sheet: never touched
      claimed.add(key);
      out.push({ plan, name, replace: ex ?? null, renamed: n > 1 });
      break;
    }
  }
  // Table names are workbook-wide (and may not equal a defined name): skip those still in use.
  const replacedIds = new Set(out.filter((p) => p.replace).map((p) => (p.replace as Existing).id));
  const taken = new Set<string>(definedNames.map(upper));
  for (const e of existing) if (!replacedIds.has(e.id)) for (const t of e.tables) taken.add(upper(t));
  for (const p of out) {
    if (!p.plan.table) continue;
    const base = p.plan.table.name;
    let name = base;
    for (let k = 2; taken.has(upper(name)); k++) name = `${base}${k}`;
    taken.add(upper(name));
    p.tableName = name;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Operations and batches

interface Op {
  bytes: number;
  /** Must start a batch of its own (it reads what the previous batch loaded). */
  fresh?: boolean;
  /** Not needed by the rest (a chart): sent in a batch of its own; if Excel rejects it, the write goes on without it. */
  optional?: { failed(e: unknown): void };
  /** Plan rows whose values it writes (for "writing 40 000 of 100 000 rows"). */
  rows?: number;
  run(): void;
  /** Split off a first part that fits in `room` bytes (null: cannot). */
  take?(room: number): [Op, Op] | null;
}

interface Discovery {
  existing: Existing[];
  definedNames: string[];
  docMarks: Map<string, { key: string; role: string }>;
  /** Fingerprints kept as document properties (hosts before ExcelApi 1.12), by bare worksheet id. */
  docFingerprints: Map<string, { key: string; value: string }>;
}

async function discover(context: Excel.RequestContext, supports: ApiCheck, counter: { syncs: number }): Promise<Discovery> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id,items/visibility');
  const custom = context.workbook.properties.custom;
  custom.load('items/key,items/value');
  const names = context.workbook.names;
  names.load('items/name');
  counter.syncs++;
  await context.sync();
  const withMarks = supports('1.12');
  const per = sheets.items.map((ws) => {
    const prop = withMarks ? ws.customProperties.getItemOrNullObject(ROLE_KEY) : null;
    prop?.load('value');
    const fp = withMarks ? ws.customProperties.getItemOrNullObject(FINGERPRINT_KEY) : null;
    fp?.load('value');
    ws.tables.load('items/name');
    ws.charts.load('items/name');
    // The extent of the values: a first, cheap test of whether one of our sheets was edited.
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    return { ws, prop, fp, used };
  });
  counter.syncs++;
  await context.sync();
  const docMarks = docRoles(custom.items);
  const docFingerprints = new Map<string, { key: string; value: string }>();
  for (const it of custom.items) {
    if (typeof it.key === 'string' && it.key.toLowerCase().startsWith(DOC_FINGERPRINT_PREFIX)) {
      docFingerprints.set(it.key.slice(DOC_FINGERPRINT_PREFIX.length).toLowerCase(), { key: it.key, value: String(it.value) });
    }
  }
  const existing = per.map(({ ws, prop, fp, used }) => ({
    name: ws.name,
    id: ws.id,
    visible: ws.visibility === 'Visible',
    role: prop && !prop.isNullObject ? prop.value : docMarks.get(bareId(ws.id))?.role ?? null,
    tables: ws.tables.items.map((t) => t.name),
    charts: ws.charts.items.map((c) => c.name),
    fingerprint: fp && !fp.isNullObject ? fp.value : docFingerprints.get(bareId(ws.id))?.value ?? null,
    extent: used.isNullObject ? { rows: 0, cols: 0 } : { rows: used.rowIndex + used.rowCount, cols: used.columnIndex + used.columnCount },
  }));
  return { existing, definedNames: names.items.map((n) => n.name), docMarks, docFingerprints };
}

/**
 * The tool's sheets (about to be replaced) whose values or formulas differ from their fingerprint:
 * the extent first, then the content read in blocks under the response limit.
 */
async function editedSheets(context: Excel.RequestContext, candidates: Existing[], counter: { syncs: number }): Promise<Existing[]> {
  const edited: Existing[] = [];
  for (const e of candidates) {
    const stored = e.fingerprint === null ? null : parseFingerprint(e.fingerprint);
    if (!stored) continue; // no fingerprint (an older version wrote it): nothing to compare with
    const { rows, cols } = e.extent;
    if (rows !== stored.rows || cols !== stored.cols) {
      edited.push(e);
      continue;
    }
    const fp = new Fingerprint(stored.version);
    const ws = context.workbook.worksheets.getItem(e.id);
    let block = Math.max(1, Math.floor(READ_BLOCK_CELLS / Math.max(cols, 1)));
    for (let r = 0; r < rows; ) {
      const n = Math.min(block, rows - r);
      const part = ws.getRangeByIndexes(r, 0, n, cols);
      part.load('formulas');
      try {
        counter.syncs++;
        await context.sync();
      } catch (err) {
        if (isPayloadLimitError(err) && n > 1) {
          block = Math.ceil(n / 2);
          continue;
        }
        throw err;
      }
      const f = part.formulas as unknown[][];
      const step = Math.max(1, Math.floor(PREPARE_BLOCK_CELLS / Math.max(cols, 1)));
      for (let i0 = 0; i0 < n; i0 += step) {
        if (i0 > 0) await macrotask(); // hashing a large sheet in pieces: the pane keeps answering
        for (let i = i0; i < Math.min(n, i0 + step); i++) for (let j = 0; j < cols; j++) fp.cell(r + i, j, f[i]?.[j]);
      }
      r += n;
    }
    if (fp.toString() !== e.fingerprint) edited.push(e);
  }
  return edited;
}

/**
 * A values op for rows [from, to) of a plan (sheet rows, 0-based); `inputs`, `rowBytes` and
 * `hasFormula` hold the rows from `base` on (a block prepared just before). Splits by rows.
 */
function valuesOp(sheetOf: () => Excel.Worksheet, inputs: Input[][], rowBytes: number[], hasFormula: boolean[], width: number, base: number, from: number, to: number): Op {
  let bytes = 2 * ACTION_BYTES + 60;
  for (let r = from; r < to; r++) bytes += rowBytes[r - base];
  return {
    bytes,
    rows: to - from,
    run() {
      const block: Input[][] = [];
      let formulas = false;
      for (let r = from; r < to; r++) {
        const row = inputs[r - base];
        block.push(row.length === width ? row : row.concat(new Array<Input>(width - row.length).fill('')));
        if (hasFormula[r - base]) formulas = true;
      }
      const range = sheetOf().getRangeByIndexes(from, 0, to - from, width);
      if (formulas) range.formulas = block;
      else range.values = block;
    },
    take(room) {
      let b = 2 * ACTION_BYTES + 60;
      let r = from;
      while (r < to && b + rowBytes[r - base] <= room) b += rowBytes[r++ - base];
      if (r === from || r === to) return null;
      return [valuesOp(sheetOf, inputs, rowBytes, hasFormula, width, base, from, r), valuesOp(sheetOf, inputs, rowBytes, hasFormula, width, base, r, to)];
    },
  };
}

interface LinkCell {
  r: number;
  c: number;
  target: string;
}

/** Calls over rectangles [from, to) (number formats, looks); splits by rectangles. */
function rectsOp(rects: Rect[], from: number, to: number, each: (x: Rect) => number, apply: (x: Rect) => void): Op {
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += each(rects[i]);
  return {
    bytes,
    run() {
      for (let i = from; i < to; i++) apply(rects[i]);
    },
    take(room) {
      let b = 0;
      let i = from;
      while (i < to && b + each(rects[i]) <= room) b += each(rects[i++]);
      if (i === from || i === to) return null;
      return [rectsOp(rects, from, i, each, apply), rectsOp(rects, i, to, each, apply)];
    },
  };
}

/** A link's share of a request. */
function linkBytesOf(l: LinkCell): number {
  return 2 * ACTION_BYTES + 40 + utf8Length(l.target);
}

function linksOp(sheetOf: () => Excel.Worksheet, links: LinkCell[], from: number, to: number): Op {
  const each = linkBytesOf;
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += each(links[i]);
  return {
    bytes,
    run() {
      const ws = sheetOf();
      for (let i = from; i < to; i++) {
        const l = links[i];
        // No textToDisplay: the cell keeps the text already written (never re-read as input).
        ws.getCell(l.r, l.c).hyperlink = { documentReference: l.target };
      }
    },
    take(room) {
      let b = 0;
      let i = from;
      while (i < to && b + each(links[i]) <= room) b += each(links[i++]);
      if (i === from || i === to) return null;
      return [linksOp(sheetOf, links, from, i), linksOp(sheetOf, links, i, to)];
    },
  };
}

/** Plan widths are in characters (Calibri 11: 7 px each plus 5 px padding); Office.js wants points (¾ px). */
export function widthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/**
 * Render plans into the workbook. Returns what was written where and how many syncs it took.
 * Office errors other than the payload limit are passed on (the task pane words them).
 *
 * The work is prepared as it is sent, never all at once: the rows of a plan are turned into cell
 * inputs (and fingerprinted) a block at a time, each block queued behind the previous one, with a
 * turn of the event loop (a macrotask) between blocks and after every sync — so a 100,000-row
 * register keeps the pane answering while it is written, in the same few syncs.
 */
export async function writePlans(context: Excel.RequestContext, plans: SheetPlan[], opts: WriteOptions = {}): Promise<WriteReport> {
  const supports = opts.supports ?? excelApiSupported;
  const counter = { syncs: 0 };
  const { existing, definedNames, docMarks, docFingerprints } = await discover(context, supports, counter);
  let placements = place(plans, existing, definedNames);
  const useSheetMarks = supports('1.12');

  // The tool's sheets the user edited since: replaced only with the user's yes, else kept as theirs.
  const edited = await editedSheets(context, placements.flatMap((p) => (p.replace ? [p.replace] : [])), counter);
  let replaceEdited = false;
  if (edited.length) {
    replaceEdited = opts.confirmReplaceEdited ? await opts.confirmReplaceEdited(edited.map((e) => e.name)) : false;
    if (!replaceEdited) {
      const keep = new Set(edited.map((e) => e.id));
      placements = place(plans, existing.map((e) => (keep.has(e.id) ? { ...e, role: null } : e)), definedNames);
    }
  }

  // Final names of renamed plans, for the formulas (and links) that point at them.
  const renames = new Map<string, string>();
  for (const p of placements) if (p.name !== p.plan.name) renames.set(p.plan.name, p.name);
  const source = opts.sourceSheet === undefined ? null : upper(opts.sourceSheet);
  const linkRenames = source === null ? new Map<string, string>() : new Map([...renames].filter(([from]) => upper(from) !== source));
  const sheetsAfter = new Set<string>([...existing.map((e) => upper(e.name)), ...placements.map((p) => upper(p.name))]);

  const proxies: (Excel.Worksheet | null)[] = placements.map(() => null);
  const fingerprints: Fingerprint[] = placements.map(() => new Fingerprint());
  let linksSkipped = 0;
  let charts = 0;
  const chartErrors: string[] = [];
  const canChart = supports('1.7');
  // The first sheet written that the user can see (one of ours they hid stays hidden and is not shown).
  const first = placements.findIndex((p) => p.replace === null || p.replace.visible);
  const activate = opts.activate !== false && first >= 0;
  // Contents in an order where what formulas read comes first: the register, then the rest as planned.
  const contentOrder = placements.map((_, i) => i).sort((a, b) => Number(placements[b].plan.role === 'register') - Number(placements[a].plan.role === 'register'));

  // What the progress is measured against: the plans' rows, and the bytes of the work (the rows not
  // yet prepared estimated from the ones that were).
  const totalRows = placements.reduce((n, p) => n + p.plan.rows.length, 0);
  const est = { produced: 0, preparedRows: 0, preparedRowBytes: 0, later: 0 };

  /** The operations in order, each prepared only when the batches reach it. */
  async function* produce(): AsyncGenerator<Op> {
    // 1. Every sheet, before any formula is written: a formula binds to the sheets that exist when it
    //    is entered (a name that is not a sheet yet is a broken link to another workbook, never bound
    //    to a sheet made later). One of ours is cleared and written again in place: its id, and every
    //    reference to it (our other sheets', the user's own formulas, a kept sheet's chart), stay
    //    alive; renaming it away and deleting it would turn them all into #REF!.
    for (let i = 0; i < placements.length; i++) {
      const p = placements[i];
      const old = p.replace;
      yield {
        bytes: (old ? 14 + 2 * (old.tables.length + old.charts.length) : 4) * ACTION_BYTES + 4 * utf8Length(p.name) + 160,
        run() {
          const sheets = context.workbook.worksheets;
          if (old) {
            const ws = sheets.getItem(old.id);
            proxies[i] = ws;
            for (const t of old.tables) ws.tables.getItem(t).delete();
            for (const c of old.charts) ws.charts.getItem(c).delete();
            if (supports('1.7')) ws.freezePanes.unfreeze();
            const all = ws.getRange();
            all.unmerge();
            all.clear('All');
            if (supports('1.2')) {
              all.format.useStandardWidth = true;
              all.format.useStandardHeight = true;
            }
          } else proxies[i] = sheets.add(p.name);
          const ws = proxies[i] as Excel.Worksheet;
          if (useSheetMarks) ws.customProperties.add(ROLE_KEY, p.plan.role);
          else ws.load('id');
        },
      };
    }

    // 2. Each sheet's contents, the register's first.
    for (const i of contentOrder) {
      const p = placements[i];
      const plan = p.plan;
      const sheetOf = () => {
        const ws = proxies[i];
        if (!ws) throw new Error(`tizilim: sheet "${p.name}" used before it was made`);
        return ws;
      };
      const fingerprint = fingerprints[i];

      // Values and formulas, a block of rows at a time (with their formats, looks and links noted).
      const width = plan.rows.reduce((w, r) => Math.max(w, r.length), 1);
      const fmtRects = new RectGrouper();
      const lookRects = new RectGrouper();
      const links: LinkCell[] = [];
      const block = Math.max(1, Math.floor(PREPARE_BLOCK_CELLS / width));
      for (let r0 = 0; r0 < plan.rows.length; r0 += block) {
        if (r0 > 0) await macrotask();
        const r1 = Math.min(plan.rows.length, r0 + block);
        const inputs: Input[][] = [];
        const rowBytes: number[] = [];
        const hasFormula: boolean[] = [];
        let linkBytes = 0;
        for (let r = r0; r < r1; r++) {
          const row = plan.rows[r];
          let f = false;
          const fmtKeys: (string | null)[] = [];
          const lookKeys: (string | null)[] = [];
          const line: Input[] = row.map((pc, c) => {
            if (pc?.f) f = true;
            if (pc?.link) {
              const target = parseLink(renameRefs(pc.link, linkRenames));
              if (target && sheetsAfter.has(upper(target.sheet))) {
                const l = { r, c, target: `${quoteRef(target.sheet)}!${target.ref}` };
                links.push(l);
                linkBytes += linkBytesOf(l);
              } else linksSkipped++;
            }
            fmtKeys.push(pc ? pc.fmt ?? (pc.v instanceof Date ? DEFAULT_DATE_FORMAT : null) : null);
            lookKeys.push(pc && (pc.s || pc.link) ? `${pc.s ?? ''}|${pc.link ? 'link' : ''}` : null);
            const input = cellInput(pc, pc?.f ? renameRefs(pc.f, renames) : undefined);
            fingerprint.cell(r, c, input);
            return input;
          });
          fmtRects.add(fmtKeys);
          lookRects.add(lookKeys);
          inputs.push(line);
          hasFormula.push(f);
          // The row as it travels: padded to the block width with "" (3 bytes each with the comma).
          rowBytes.push(rowJsonBytes(line) + 1 + 3 * (width - line.length));
        }
        const op = valuesOp(sheetOf, inputs, rowBytes, hasFormula, width, r0, r0, r1);
        est.preparedRows += r1 - r0;
        est.preparedRowBytes += op.bytes + linkBytes;
        est.later += linkBytes;
        yield op;
      }

      // The fingerprint of what was written, complete now that every row has been through it.
      if (useSheetMarks) {
        yield {
          bytes: 3 * ACTION_BYTES + 80,
          run() {
            sheetOf().customProperties.add(FINGERPRINT_KEY, fingerprint.toString());
          },
        };
      }

      // Number formats, one call per rectangle of equal format (split across batches when there are many).
      const fmts = fmtRects.finish();
      if (fmts.length) {
        yield rectsOp(fmts, 0, fmts.length, (x) => 2 * ACTION_BYTES + 40 + utf8Length(x.key), (x) => setNumberFormatAll(sheetOf().getRange(a1(x)), x.key));
      }

      // Looks, one set of calls per rectangle of equal look (a Checks sheet of thousands of findings has thousands).
      const looks = lookRects.finish();
      if (looks.length) {
        const lookOf = (key: string) => {
          const [s, l] = key.split('|');
          return { look: s ? LOOKS[s as CellStyle] ?? {} : {}, link: l === 'link' };
        };
        yield rectsOp(
          looks,
          0,
          looks.length,
          (x) => {
            const { look, link } = lookOf(x.key);
            return (lookActions(look, link) + 1) * (ACTION_BYTES + 30);
          },
          (x) => {
            const { look, link } = lookOf(x.key);
            applyLook(sheetOf().getRange(a1(x)), look, link, x.r1 - x.r0 + 1, x.c1 - x.c0 + 1);
          },
        );
      }

      // Layout: column widths, merges, frozen panes, print setup.
      yield layoutOp(plan, sheetOf, supports);

      // Internal links, one per cell (Office.js has no call for many).
      if (links.length) {
        est.later -= links.reduce((n, l) => n + linkBytesOf(l), 0);
        yield linksOp(sheetOf, links, 0, links.length);
      }

      // The table, over data already written.
      const t = plan.table;
      if (t && p.tableName) {
        const tableName = p.tableName;
        yield {
          bytes: 6 * ACTION_BYTES + 100,
          run() {
            const ws = sheetOf();
            const table = ws.tables.add(ws.getRange(a1({ r0: t.top - 1, c0: t.left - 1, r1: t.bottom - 1, c1: t.right - 1 })), true);
            table.name = tableName;
            table.style = TABLE_STYLE;
            table.showBandedRows = true;
          },
        };
      }
    }

    // 3. Marks on hosts without worksheet custom properties; the first sheet shown.
    if (!useSheetMarks || activate) {
      yield {
        bytes: (placements.length * 3 + docMarks.size + docFingerprints.size + 4) * (ACTION_BYTES + 80),
        fresh: !useSheetMarks,
        run() {
          if (!useSheetMarks) {
            const custom = context.workbook.properties.custom;
            const alive = new Set(existing.filter((e) => !placements.some((p) => p.replace?.id === e.id)).map((e) => bareId(e.id)));
            for (const [id, mark] of docMarks) if (!alive.has(id)) custom.getItem(mark.key).delete();
            for (const [id, mark] of docFingerprints) if (!alive.has(id)) custom.getItem(mark.key).delete();
            placements.forEach((p, i) => {
              const ws = proxies[i];
              if (!ws) return;
              custom.add(docRoleKey(ws.id), p.plan.role);
              custom.add(DOC_FINGERPRINT_PREFIX + bareId(ws.id), fingerprints[i].toString());
            });
          }
          if (activate) proxies[first]?.activate();
        },
      };
    }

    // 4. Charts, last: once every sheet they read from is written (series ranges follow renamed sheets), each in a batch of its own.
    for (let i = 0; i < placements.length; i++) {
      const p = placements[i];
      const chart = p.plan.chart;
      if (!chart || !canChart) continue;
      const cats = parseLink(renameRefs(chart.categories, renames));
      const vals = parseLink(renameRefs(chart.values, renames));
      if (!cats || !vals || !sheetsAfter.has(upper(cats.sheet)) || !sheetsAfter.has(upper(vals.sheet))) continue;
      charts++;
      yield {
        bytes: 16 * ACTION_BYTES + 2 * utf8Length(chart.title + chart.series + chart.categories + chart.values) + 200,
        // A chart whose data is on another sheet: should a host refuse it, the summaries stand without it.
        optional: { failed: (e) => { charts--; chartErrors.push(`${p.name}: ${e instanceof Error ? e.message : String(e)}`); } },
        run() {
          const ws = proxies[i];
          if (!ws) return;
          const sheets = context.workbook.worksheets;
          const values = sheets.getItem(vals.sheet).getRange(vals.ref);
          const ch = ws.charts.add(CHART_TYPES[chart.type], values, 'Columns');
          ch.name = 'Tizilim';
          ch.title.text = chart.title;
          ch.legend.visible = false;
          const series = ch.series.getItemAt(0);
          series.name = chart.series;
          series.setXAxisValues(sheets.getItem(cats.sheet).getRange(cats.ref));
          series.hasDataLabels = true;
          // Bars from the top down in the table's order (largest first).
          if (chart.type === 'bar') ch.axes.categoryAxis.reversePlotOrder = true;
          ch.setPosition(chart.anchor.from, chart.anchor.to);
        },
      };
    }
  }

  // Pack the operations into batches as they are prepared, and send them.
  let budget = Math.max(20_000, opts.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD);
  let sent = 0;
  let rowsSent = 0;
  let shown = 0;
  let retries = 0;
  let maxBatchBytes = 0;
  const suspend = supports('1.6');
  const source$ = produce();
  /** Ops taken from the producer and not yet sent (split parts, a batch sent again, the next one that did not fit). */
  const pending: Op[] = [];
  let exhausted = false;
  const peek = async (): Promise<Op | null> => {
    if (pending.length === 0 && !exhausted) {
      const n = await source$.next();
      if (n.done) exhausted = true;
      else {
        est.produced += n.value.bytes;
        pending.push(n.value);
      }
    }
    return pending[0] ?? null;
  };

  while (await peek()) {
    const batch: Op[] = [];
    // The calculation-suspending call opens every batch.
    let bytes = suspend ? ACTION_BYTES + 60 : 0;
    for (let op = await peek(); op; op = await peek()) {
      if ((op.fresh || op.optional) && batch.length > 0) break;
      if (bytes + op.bytes <= budget || op.optional) {
        batch.push(op);
        bytes += op.bytes;
        pending.shift();
        if (op.optional) break;
        continue;
      }
      const parts = op.take?.(budget - bytes) ?? null;
      if (parts) {
        pending.splice(0, 1, parts[0], parts[1]);
        continue;
      }
      if (batch.length === 0) {
        // Cannot split and too large alone: send it by itself.
        batch.push(op);
        bytes += op.bytes;
        pending.shift();
      }
      break;
    }
    if (suspend) context.workbook.application.suspendApiCalculationUntilNextSync();
    for (const op of batch) op.run();
    try {
      counter.syncs++;
      await context.sync();
    } catch (e) {
      if (isPayloadLimitError(e) && budget > 20_000 && retries < 12) {
        // Nothing of a rejected request was applied: send the same work again in halves.
        retries++;
        budget = Math.floor(budget / 2);
        pending.unshift(...batch);
        continue;
      }
      if (batch.length === 1 && batch[0].optional) {
        batch[0].optional.failed(e);
        continue;
      }
      throw e;
    }
    maxBatchBytes = Math.max(maxBatchBytes, bytes);
    sent += bytes;
    for (const op of batch) rowsSent += op.rows ?? 0;
    // A turn of the event loop before the next block is prepared (a real sync's answer already is one).
    await macrotask();
    const finished = (await peek()) === null;
    if (opts.onProgress) {
      const unprepared = totalRows - est.preparedRows;
      const perRow = est.preparedRows ? est.preparedRowBytes / est.preparedRows : 0;
      const total = Math.max(sent, est.produced + est.later + unprepared * perRow);
      shown = Math.max(shown, finished ? 1 : Math.min(0.99, sent / (total || 1)));
      opts.onProgress(shown, { rows: rowsSent, totalRows });
    }
  }

  return {
    sheets: placements.map((p) => ({
      plan: p.plan.name,
      role: p.plan.role,
      name: p.name,
      replaced: p.replace !== null,
      renamed: p.renamed,
      ...(p.tableName ? { table: p.tableName } : {}),
    })),
    syncs: counter.syncs,
    retries,
    maxBatchBytes,
    marker: useSheetMarks ? 'worksheet-custom-property' : 'document-custom-property',
    linksSkipped,
    edited: edited.map((e) => ({ name: e.name, replaced: replaceEdited })),
    charts,
    chartErrors,
  };
}

/** The layout of a sheet: column widths, row heights, gridlines, merges, frozen panes, print setup. */
function layoutOp(plan: SheetPlan, sheetOf: () => Excel.Worksheet, supports: ApiCheck): Op {
  const widthRuns: { c0: number; c1: number; w: number }[] = [];
  plan.widths.forEach((w, c) => {
    const last = widthRuns[widthRuns.length - 1];
    if (last && last.w === w && last.c1 === c - 1) last.c1 = c;
    else if (w > 0) widthRuns.push({ c0: c, c1: c, w });
  });
  // Row heights, consecutive rows of one height in one call.
  const heightRuns: { r0: number; r1: number; h: number }[] = [];
  for (const [row, h] of Object.entries(plan.heights ?? {}).map(([k, v]) => [Number(k), v] as const).sort((a, b) => a[0] - b[0])) {
    const last = heightRuns[heightRuns.length - 1];
    if (last && last.h === h && last.r1 === row - 1) last.r1 = row;
    else if (h > 0) heightRuns.push({ r0: row, r1: row, h });
  }
  return {
    bytes: (widthRuns.length * 2 + heightRuns.length * 2 + plan.merges.length * 2 + 12) * (ACTION_BYTES + 30),
    run() {
      const ws = sheetOf();
      for (const run of widthRuns) ws.getRange(`${columnLetters(run.c0 + 1)}:${columnLetters(run.c1 + 1)}`).format.columnWidth = widthPoints(run.w);
      for (const run of heightRuns) ws.getRange(`${run.r0}:${run.r1}`).format.rowHeight = run.h;
      if (supports('1.8')) ws.showGridlines = plan.gridlines !== false;
      for (const m of plan.merges) ws.getRange(a1({ r0: m.top - 1, c0: m.left - 1, r1: m.bottom - 1, c1: m.right - 1 })).merge(false);
      const fr = plan.freeze;
      if (fr && fr.rows > 0 && fr.cols > 0) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, fr.rows, fr.cols));
      else if (fr && fr.rows > 0) ws.freezePanes.freezeRows(fr.rows);
      else if (fr && fr.cols > 0) ws.freezePanes.freezeColumns(fr.cols);
      const pr = plan.print;
      if (pr && supports('1.9')) {
        ws.pageLayout.paperSize = 'A4';
        if (pr.landscape) ws.pageLayout.orientation = 'Landscape';
        if (pr.center) ws.pageLayout.centerHorizontally = true;
        // One page wide, as many tall as needed (0 = no limit, as fitToHeight=0 in the file format).
        if (pr.fitToWidth) ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        if (pr.repeatRows) ws.pageLayout.setPrintTitleRows(`$${pr.repeatRows.from}:$${pr.repeatRows.to}`);
      }
    },
  };
}
