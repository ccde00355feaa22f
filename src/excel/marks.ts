/**
 * Marks of the checks in the register itself: each cell with a finding gets a fill in its severity's
 * colour and a note saying what is wrong; one "Clear marks" takes them all away and gives every cell
 * its own fill back.
 *
 * - Before a cell is marked, its fill (colour, and from ExcelApi 1.9 its pattern) is saved in the
 *   tool's settings in the workbook (src/excel/settings.ts, entry `tizilim.marks`), in a record that
 *   says marking is under way: a mark that cannot be undone is never made, and a record is never read
 *   as more than it is.
 * - The marks go on in batches. If any batch fails (a protected sheet, Excel busy, a limit), the marks
 *   already made are taken off again — each cell given its own fill back, the tool's notes removed —
 *   and the record deleted: a failure leaves the cells as they were, not half marked. Only when every
 *   batch went through is the record saved as done.
 * - Notes: the sheet's notes (ExcelApi 1.18); on older hosts threaded comments (ExcelApi 1.10); before
 *   that, the fill alone. A cell holds a note or a threaded comment, not both: a cell that already has
 *   a note or comment of the user's keeps it (the fill still marks it), and clearing removes only notes
 *   that still begin with the tool's prefix. Between ExcelApi 1.10 and 1.17 a cell's note cannot be
 *   read, so a comment Excel refuses to add (the cell holds the user's note) is left out for that
 *   cell alone, and the cell counted as keeping the user's note.
 * - Clearing restores a cell only if it still has the mark's fill: a cell the user has re-coloured
 *   since keeps the user's colour.
 * - Marking again first clears the previous marks, so a mark is never saved as a cell's "own" fill.
 */
import { cellAddress, parseAddress } from '../core/grid/a1';
import type { Severity } from '../core/checks/findings';
import { excelApiSupported, officeErrorCode, type ApiCheck } from './support';
import { saveStore, type SettingsStore } from './settings';

export const MARKS_KEY = 'tizilim.marks';
/** At most this many cells are marked (the rest of the findings are on the Checks sheet). */
export const MAX_MARKS = 1000;
/** Cells written per sync. */
const BATCH = 400;
/** Excel's own "Bad", "Neutral" and a light blue: fills an Excel user already reads as such. */
export const MARK_FILL: Record<Severity, string> = { error: '#FFC7CE', warning: '#FFEB9C', info: '#DDEBF7' };
/** Notes the tool wrote begin with this; clearing leaves any other note alone. */
export const NOTE_PREFIX = 'Тізілім · Tizilim';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export type NoteKind = 'note' | 'comment' | 'none';

export interface MarkRequest {
  sheet: string;
  /** A1 address of one cell. */
  cell: string;
  severity: Severity;
  message: string;
}

export interface SavedFill {
  color: string | null;
  /** "None" = no fill; null when the host cannot tell (before ExcelApi 1.9). */
  pattern: string | null;
}

export interface MarkedCell {
  sheetId: string;
  sheet: string;
  cell: string;
  fill: SavedFill;
  /** The fill the mark gave the cell. */
  mark: string;
  /** What the tool added besides the fill. */
  note: 'note' | 'comment' | null;
}

export interface MarksRecord {
  version: 1;
  /** "marking": saved before the marks go on (some cells may not carry theirs); "done": every cell was marked. */
  state: 'marking' | 'done';
  cells: MarkedCell[];
}

export interface MarkReport {
  /** Cells marked. */
  marked: number;
  /** Cells with findings (more than `marked` when over the limit). */
  cells: number;
  noteKind: NoteKind;
  /** Cells that kept the user's own note or comment (no note of ours added). */
  userNotesKept: number;
  /** Cells whose sheet was not found. */
  skipped: number;
}

export interface ClearReport {
  /** Cells given their own fill back. */
  restored: number;
  /** Cells the user re-coloured since marking: left as they are. */
  keptUserChanges: number;
  /** Notes or comments of the tool removed. */
  notesRemoved: number;
}

export interface MarkOptions {
  store: SettingsStore;
  supports?: ApiCheck;
  max?: number;
  /** Cells marked per sync (default 400). */
  batch?: number;
}

/** Marking failed part-way; the marks already made were taken off again and the record deleted. */
export class MarksNotPlacedError extends Error {
  readonly code = 'MARKS_NOT_PLACED';
  constructor(readonly reason: unknown) {
    super(`The cells were not marked: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'MarksNotPlacedError';
  }
}

/** Which kind of note this host can add. */
export function noteKindFor(supports: ApiCheck): NoteKind {
  if (supports('1.18')) return 'note';
  if (supports('1.10')) return 'comment';
  return 'none';
}

const upper = (s: string | null | undefined) => (s ?? '').toUpperCase();
const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;

function isRecord(x: unknown): x is MarksRecord {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { version?: unknown; cells?: unknown };
  return r.version === 1 && Array.isArray(r.cells);
}

/** "B3" as the tool writes it: a cell on the sheet, upper case, no "$", no spaces, no leading zeros. */
function isPlainAddress(cell: string): boolean {
  const at = parseAddress(cell);
  return at !== null && cellAddress(at.row, at.col) === cell;
}

function validCell(c: unknown): c is MarkedCell {
  if (typeof c !== 'object' || c === null) return false;
  const m = c as Partial<MarkedCell>;
  return typeof m.sheetId === 'string' && typeof m.sheet === 'string' && typeof m.cell === 'string' && isPlainAddress(m.cell)
    && typeof m.mark === 'string' && typeof m.fill === 'object' && m.fill !== null && (m.note === 'note' || m.note === 'comment' || m.note === null);
}

/** The marks on record in the workbook, or null. */
export function readMarks(store: SettingsStore | null): MarksRecord | null {
  if (!store) return null;
  let raw: unknown;
  try {
    raw = store.get(MARKS_KEY);
  } catch {
    return null;
  }
  if (!isRecord(raw)) return null;
  const cells = raw.cells.filter(validCell);
  // A record of an earlier version has no state: it was saved only once its marks were made.
  const state = (raw as { state?: unknown }).state === 'marking' ? 'marking' : 'done';
  return cells.length ? { version: 1, state, cells } : null;
}

interface Group {
  sheet: string;
  cell: string;
  severity: Severity;
  messages: string[];
}

/** One entry per cell: the most severe finding's colour, every message once. */
function groupRequests(requests: MarkRequest[]): Group[] {
  const by = new Map<string, Group>();
  for (const r of requests) {
    const cell = r.cell.replace(/\$/g, '').toUpperCase();
    const key = `${upper(r.sheet)}!${cell}`;
    const g = by.get(key);
    if (!g) by.set(key, { sheet: r.sheet, cell, severity: r.severity, messages: [r.message] });
    else {
      if (SEVERITY_RANK[r.severity] < SEVERITY_RANK[g.severity]) g.severity = r.severity;
      if (!g.messages.includes(r.message)) g.messages.push(r.message);
    }
  }
  return [...by.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

function noteText(g: Group): string {
  const body = g.messages.slice(0, 5).map((m) => `• ${m}`).join('\n');
  return `${NOTE_PREFIX}\n${body}${g.messages.length > 5 ? `\n… +${g.messages.length - 5}` : ''}`.slice(0, 2000);
}

/** Addresses ("Sheet!A1", upper-cased) of the workbook's comments that sit on cells. */
async function commentCells(context: Excel.RequestContext): Promise<Map<string, Excel.Comment>> {
  const comments = context.workbook.comments;
  comments.load('items/id,items/content');
  await context.sync();
  const located = comments.items.map((c) => {
    const at = c.getLocation();
    at.load('address');
    return { c, at };
  });
  if (located.length) await context.sync();
  const out = new Map<string, Excel.Comment>();
  for (const { c, at } of located) {
    const a = at.address;
    const bang = a.lastIndexOf('!');
    const sheet = a.slice(0, bang).replace(/^'|'$/g, '').replace(/''/g, "'");
    out.set(`${upper(sheet)}!${a.slice(bang + 1).replace(/\$/g, '').toUpperCase()}`, c);
  }
  return out;
}

/**
 * Mark the cells of the findings. Earlier marks are cleared first. Throws SettingsSaveError (nothing
 * marked) when the record of the cells' own fills cannot be saved, and MarksNotPlacedError when a
 * batch of marks fails (the marks made were taken off again, the record deleted).
 */
export async function placeMarks(context: Excel.RequestContext, requests: MarkRequest[], opts: MarkOptions): Promise<MarkReport> {
  const supports = opts.supports ?? excelApiSupported;
  const store = opts.store;
  if (readMarks(store)) await clearMarks(context, { store, supports });

  const groups = groupRequests(requests);
  const chosen = groups.slice(0, Math.max(0, opts.max ?? MAX_MARKS));
  const kind = noteKindFor(supports);
  const withPattern = supports('1.9');
  if (chosen.length === 0) return { marked: 0, cells: groups.length, noteKind: kind, userNotesKept: 0, skipped: 0 };

  // 1. The sheets, each cell's fill, and the notes already there.
  const sheets = new Map<string, Excel.Worksheet>();
  for (const g of chosen) {
    if (!sheets.has(upper(g.sheet))) {
      const ws = context.workbook.worksheets.getItemOrNullObject(g.sheet);
      ws.load('id,name');
      sheets.set(upper(g.sheet), ws);
    }
  }
  // A null sheet would fail the reads of its cells: learn which sheets exist first.
  await context.sync();
  const live = chosen
    .filter((g) => !(sheets.get(upper(g.sheet)) as Excel.Worksheet).isNullObject)
    .map((g) => {
      const ws = sheets.get(upper(g.sheet)) as Excel.Worksheet;
      const fill = ws.getRange(g.cell).format.fill;
      fill.load(withPattern ? 'color,pattern' : 'color');
      const note = kind === 'note' ? ws.notes.getItemOrNullObject(g.cell) : null;
      note?.load('content');
      return { g, ws, fill, note };
    });
  if (live.length) await context.sync();
  // A cell holds a note or a threaded comment: either of the user's keeps our note off it.
  const comments = kind !== 'none' ? await commentCells(context) : new Map<string, Excel.Comment>();

  // 2. The record, saved before anything changes, as under way.
  let userNotesKept = 0;
  const cells: MarkedCell[] = live.map((p) => {
    const key = `${upper(p.ws.name)}!${p.g.cell}`;
    const hasUserNote = (!!p.note && !p.note.isNullObject) || comments.has(key);
    if (hasUserNote) userNotesKept++;
    const fill: SavedFill = { color: p.fill.color ?? null, pattern: withPattern ? p.fill.pattern ?? null : null };
    return {
      sheetId: p.ws.id,
      sheet: p.ws.name,
      cell: p.g.cell,
      fill,
      mark: MARK_FILL[p.g.severity],
      note: kind === 'none' || hasUserNote ? null : kind,
    };
  });
  store.set(MARKS_KEY, { version: 1, state: 'marking', cells } satisfies MarksRecord);
  await saveStore(store, context);

  // 3. The marks, in batches; on any failure the ones made are taken off again.
  const text = new Map(live.map((p) => [`${upper(p.ws.name)}!${p.g.cell}`, noteText(p.g)]));
  const batch = Math.max(1, opts.batch ?? BATCH);
  try {
    for (let i = 0; i < cells.length; i += batch) {
      const slice = cells.slice(i, i + batch);
      for (const c of slice) {
        const ws = sheets.get(upper(c.sheet)) as Excel.Worksheet;
        ws.getRange(c.cell).format.fill.color = c.mark;
        if (c.note === 'note') ws.notes.add(c.cell, text.get(`${upper(c.sheet)}!${c.cell}`) ?? NOTE_PREFIX);
      }
      await context.sync();
      if (kind === 'comment') userNotesKept += await addComments(context, slice.filter((c) => c.note === 'comment'), text);
    }
    store.set(MARKS_KEY, { version: 1, state: 'done', cells } satisfies MarksRecord);
    await saveStore(store, context);
  } catch (e) {
    try {
      await clearRecord(context, { version: 1, state: 'marking', cells }, supports);
      store.remove(MARKS_KEY);
      await saveStore(store, context);
    } catch {
      // the record says "marking": Clear marks can still take off whatever is left
    }
    throw new MarksNotPlacedError(e);
  }
  return { marked: cells.length, cells: groups.length, noteKind: kind, userNotesKept, skipped: chosen.length - live.length };
}

/**
 * Threaded comments for a batch of cells (ExcelApi 1.10–1.17). Excel refuses a comment on a cell that
 * holds a note, which these hosts cannot read: when the batch is refused, the comments that did go on
 * are found, and each cell left is tried alone; a cell refused alone keeps its note and no comment of
 * ours (its record entry says so). Returns how many cells kept a note of the user's.
 */
async function addComments(context: Excel.RequestContext, cells: MarkedCell[], text: Map<string, string>): Promise<number> {
  if (cells.length === 0) return 0;
  const add = (c: MarkedCell) => context.workbook.comments.add(`${quoted(c.sheet)}!${c.cell}`, text.get(`${upper(c.sheet)}!${c.cell}`) ?? NOTE_PREFIX);
  try {
    for (const c of cells) add(c);
    await context.sync();
    return 0;
  } catch (e) {
    if (!refusedForNote(e)) throw e;
  }
  // Office applies a batch's actions up to the one that fails: see which comments are there now.
  const present = await commentCells(context);
  let kept = 0;
  for (const c of cells) {
    if (present.has(`${upper(c.sheet)}!${c.cell}`)) continue;
    try {
      add(c);
      await context.sync();
    } catch (e) {
      if (!refusedForNote(e)) throw e;
      c.note = null;
      kept++;
    }
  }
  return kept;
}

/** Excel refused an addition to a cell because of what the cell holds (a note or comment already there). */
function refusedForNote(e: unknown): boolean {
  const code = officeErrorCode(e);
  return code === 'InvalidOperation' || code === 'InvalidArgument' || code === 'ItemAlreadyExists';
}

/** Take the marks away: each cell's own fill back, the tool's notes removed, the record deleted. */
export async function clearMarks(context: Excel.RequestContext, opts: { store: SettingsStore; supports?: ApiCheck }): Promise<ClearReport> {
  const supports = opts.supports ?? excelApiSupported;
  const store = opts.store;
  const record = readMarks(store);
  if (!record) {
    if (store.get(MARKS_KEY) !== null && store.get(MARKS_KEY) !== undefined) {
      store.remove(MARKS_KEY);
      await saveStore(store, context);
    }
    return { restored: 0, keptUserChanges: 0, notesRemoved: 0 };
  }
  const report = await clearRecord(context, record, supports);
  store.remove(MARKS_KEY);
  await saveStore(store, context);
  return report;
}

/**
 * Take off the marks a record lists. A cell without the mark's fill was re-coloured by the user since
 * (a record marked "done"), or never got its mark (a record still "marking"): either way it is left as
 * it is, and only the first counts as the user's change.
 */
async function clearRecord(context: Excel.RequestContext, record: MarksRecord, supports: ApiCheck): Promise<ClearReport> {
  const report: ClearReport = { restored: 0, keptUserChanges: 0, notesRemoved: 0 };
  const withPattern = supports('1.9');
  const canNotes = supports('1.18');
  const canComments = supports('1.10');

  // Sheets by id: a renamed sheet is still found.
  const sheets = new Map<string, Excel.Worksheet>();
  for (const c of record.cells) {
    if (!sheets.has(c.sheetId)) {
      const ws = context.workbook.worksheets.getItemOrNullObject(c.sheetId);
      ws.load('name');
      sheets.set(c.sheetId, ws);
    }
  }
  await context.sync();
  const live = record.cells.filter((c) => !(sheets.get(c.sheetId) as Excel.Worksheet).isNullObject);
  const probes = live.map((c) => {
    const ws = sheets.get(c.sheetId) as Excel.Worksheet;
    const fill = ws.getRange(c.cell).format.fill;
    fill.load('color');
    const note = c.note === 'note' && canNotes ? ws.notes.getItemOrNullObject(c.cell) : null;
    note?.load('content');
    return { c, ws, fill, note };
  });
  if (probes.length) await context.sync();
  const comments = live.some((c) => c.note === 'comment') && canComments ? await commentCells(context) : new Map<string, Excel.Comment>();
  if (comments.size) {
    for (const c of comments.values()) c.load('content');
    await context.sync();
  }

  for (let i = 0; i < probes.length; i += BATCH) {
    for (const p of probes.slice(i, i + BATCH)) {
      if (upper(p.fill.color) === upper(p.c.mark)) {
        const f = p.c.fill;
        const noFill = f.pattern === 'None' || (f.pattern === null && (f.color === null || upper(f.color) === '#FFFFFF'));
        if (noFill || !f.color) p.fill.clear();
        else {
          p.fill.color = f.color;
          if (withPattern && f.pattern && f.pattern !== 'Solid') p.fill.pattern = f.pattern as Excel.FillPattern;
        }
        report.restored++;
      } else if (record.state === 'done') report.keptUserChanges++;
      if (p.note && !p.note.isNullObject && p.note.content.startsWith(NOTE_PREFIX)) {
        p.note.delete();
        report.notesRemoved++;
      }
      if (p.c.note === 'comment') {
        const cm = comments.get(`${upper(p.ws.name)}!${p.c.cell}`);
        if (cm && cm.content.startsWith(NOTE_PREFIX)) {
          cm.delete();
          report.notesRemoved++;
        }
      }
    }
    await context.sync();
  }
  return report;
}
