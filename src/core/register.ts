/**
 * The register: find the header in a grid, map its columns to canonical fields (kk, ru, en),
 * give every row below it a kind, and read each project row into a normalised record.
 * Nothing here judges the figures: checks.ts does, from what this module records.
 */
import type Big from 'big.js';
import { cellAddress, isCellError, sheetRowOf, type CellValue, type Grid } from './grid';
import { headingUnit, parseAmount, type AmountResult, type Currency } from './money';
import { QUALIFIER_WORDS } from './units';
import { parseDate, type DateResult } from './dates';
import { cellText, fold, hasPhrase, hasStem } from './text';

export type Field =
  | 'number' | 'name' | 'investor' | 'country' | 'sector' | 'location'
  | 'KZT' | 'CNY' | 'USD' | 'EUR' | 'RUB' | 'value'
  | 'date' | 'status' | 'jobs' | 'capacity' | 'timeline' | 'notes';

export const MONEY_FIELDS = ['KZT', 'CNY', 'USD', 'EUR', 'RUB', 'value'] as const;
export type MoneyField = (typeof MONEY_FIELDS)[number];

/** Words that name each field in a heading, folded (text.fold); a stem ends with "*". Longest match wins. */
const FIELD_WORDS: Record<Exclude<Field, 'KZT' | 'CNY' | 'USD' | 'EUR' | 'RUB'>, string[]> = {
  number: ['№', 'no', 'n', 'номер', 'р с', 'п п', 'рс', 'пп', 'реттик нomiри', 'рет саны', '#'],
  name: ['жоба атауы', 'жобанын атауы', 'атауы', 'атау', 'жоба', 'наименование проекта', 'наименование', 'название проекта', 'название', 'проект', 'project name', 'project', 'name'],
  investor: ['инвестор*', 'бастамашы*', 'серикт*', 'компания*', 'иницатор*', 'инициатор*', 'партнер*', 'заявитель', 'investor*', 'initiator', 'company', 'partner*'],
  country: ['ел', 'елi', 'ели', 'инвестор ели', 'страна*', 'country', 'investor country'],
  sector: ['сала*', 'отрасл*', 'сектор*', 'sector', 'industry', 'направление', 'багыт*', 'экономика саласы'],
  location: ['орналаскан жери', 'орналасу орны', 'орны', 'аудан*', 'место*', 'район*', 'локация', 'location', 'site', 'district', 'индустриалдык аимак', 'город'],
  value: ['куны', 'жоба куны', 'жобанын куны', 'инвестиция колемi', 'инвестиция колеми', 'инвестиция*', 'стоимост*', 'сумма*', 'объем инвестиций', 'объем*', 'value', 'cost', 'amount', 'investment*'],
  date: ['куни', 'кол коиылган куни', 'дата*', 'date', 'signed', 'signing date', 'меморандум куни', 'келисим куни'],
  status: ['мартебе*', 'статус*', 'status', 'жаи куии', 'кезен*', 'стадия', 'этап', 'stage', 'ахуалы'],
  jobs: ['жумыс орын*', 'жумыс орны', 'рабочих мест', 'рабочие места', 'рабоч* мест*', 'jobs', 'employment', 'new jobs'],
  capacity: ['куаты', 'мощност*', 'capacity', 'производительност*'],
  timeline: ['мерзими', 'іске асыру мерзими', 'иске асыру мерзими', 'срок*', 'timeline', 'launch', 'launch year', 'год запуска', 'иске косу*', 'period'],
  notes: ['ескертпе*', 'ескерту', 'примечан*', 'комментари*', 'notes', 'note', 'comment*', 'remarks'],
};

export interface ColumnMap {
  field: Field;
  /** Sheet column, 1-based. */
  col: number;
  label: string;
  /** 0..1: 1 for a heading that is exactly a known word, less for a partial match. */
  confidence: number;
  /** The heading's unit (1e6 for "млн тенге"), null when it names none. */
  scale: Big | null;
  currency: Currency | null;
}

export interface Header {
  /** Sheet rows (1-based) that make up the header. */
  rows: number[];
  /** One label per grid column (merged headings spread over their columns, header rows joined). */
  labels: string[];
  columns: ColumnMap[];
  /** Columns that map to a field already taken: [field, used col, ignored col]. */
  duplicates: { field: Field; used: number; other: number }[];
  /** Column of the register mentioning yuan anywhere (so "¥" means yuan). */
  yuanContext: boolean;
}

export type RowKind = 'project' | 'total' | 'subtotal' | 'heading' | 'blank' | 'note';
export const ROW_KINDS: readonly RowKind[] = ['project', 'total', 'subtotal', 'heading', 'blank', 'note'];

export type StatusCode =
  | 'proposal' | 'memorandum' | 'agreement' | 'study' | 'design'
  | 'construction' | 'equipment' | 'operating' | 'suspended' | 'cancelled';

export const STATUS_CODES: readonly StatusCode[] = ['proposal', 'memorandum', 'agreement', 'study', 'design', 'construction', 'equipment', 'operating', 'suspended', 'cancelled'];

/** Status words (folded, stems with "*"), per code, kk / ru / en. Longest match wins. */
export const STATUS_WORDS: Record<StatusCode, string[]> = {
  proposal: ['усыныс*', 'предложен*', 'proposal', 'proposed', 'каралуда', 'на рассмотрении', 'under consideration', 'инициатива'],
  memorandum: ['меморандум*', 'memorandum', 'mou', 'memorandum of understanding'],
  agreement: ['келисим*', 'соглашени*', 'договор*', 'agreement', 'contract', 'келисимшарт*'],
  study: ['зерделеу*', 'зерттеу*', 'изучени*', 'на изучении', 'study', 'under study', 'feasibility', 'тэн', 'тэо'],
  design: ['жобалау*', 'проектировани*', 'design', 'псд', 'жск'],
  construction: ['курылыс*', 'строительств*', 'construction', 'смр'],
  equipment: ['жабдык*', 'оборудовани*', 'equipment', 'монтаж*', 'installation'],
  operating: ['пайдалануга берил*', 'иске косыл*', 'жумыс истеп тур', 'введен*', 'эксплуатаци*', 'запущен*', 'действующ*', 'operating', 'operational', 'launched', 'in operation'],
  suspended: ['токтатыл*', 'уакытша токтат*', 'приостановлен*', 'заморожен*', 'suspended', 'on hold'],
  cancelled: ['жоиыл*', 'куши жоиыл*', 'бас тарт*', 'отмен*', 'расторгнут*', 'cancelled', 'canceled', 'terminated'],
};

/** Labels of total and subtotal rows, folded. */
const TOTAL_WORDS = ['барлыгы', 'жиыны', 'жиынтыгы', 'итого', 'всего', 'total', 'grand total', 'барлык'];
const SUBTOTAL_WORDS = ['бойынша', 'по разделу', 'по отрасли', 'по сектору', 'subtotal', 'sub total', 'итого по', 'всего по'];
/** A cheap look for the total words before folding: барлығы/барлық, жиыны, итого, всего, total. */
const MAYBE_TOTAL = /барл|жиын|итог|всег|total/i;
const NOTE_START = /^(\*|примечани|ескертпе|ескерту|note|источник|дерек коз|source)/;

export interface RegisterRow {
  /** 1-based sheet row (CSV: line number). */
  row: number;
  kind: RowKind;
  /** The raw cells by field (absent where the column is not mapped). */
  cells: Partial<Record<Field, CellValue>>;
  /** Addresses of the mapped cells, for findings and links. */
  address: Partial<Record<Field, string>>;
  /** The row's label for non-project rows (heading text, total label). */
  label: string;
  number: string | null;
  name: string | null;
  investor: string | null;
  country: string | null;
  sector: string | null;
  /** The section heading that gave this row its sector, when the sector came from a heading. */
  sectorFromHeading: boolean;
  location: string | null;
  statusText: string | null;
  status: StatusCode | null;
  date: DateResult;
  jobs: number | null;
  /** "около 300": the head count is approximate or a lower bound. */
  jobsQualifier: 'over' | 'approx' | null;
  jobsText: string | null;
  capacity: string | null;
  timeline: string | null;
  notes: string | null;
  /** Each money column's reading. */
  amounts: Partial<Record<MoneyField, AmountResult>>;
}

export interface Register {
  sheet: string;
  header: Header;
  rows: RegisterRow[];
  /** Counts per kind; they add up to rows.length. */
  counts: Record<RowKind, number>;
}

export type RegisterResult = { ok: true; register: Register } | { ok: false; problem: 'SHEET_EMPTY' | 'NO_HEADER' };

export const HEADER_SEARCH_ROWS = 30;

// --- header ---------------------------------------------------------------------------------

interface FieldMatch { field: Field; confidence: number; length: number }

/** Which field a heading names, with a confidence; null when none. */
export function matchField(label: string): FieldMatch | null {
  const f = fold(label);
  if (!f) return null;
  let best: FieldMatch | null = null;
  for (const [field, words] of Object.entries(FOLDED_FIELDS) as [Field, string[]][]) {
    for (const w of words) {
      const stem = w.endsWith('*');
      const word = stem ? w.slice(0, -1) : w;
      const hit = stem ? hasStem(f, word) : hasPhrase(f, word);
      if (!hit) continue;
      const length = word.length;
      if (!best || length > best.length) best = { field, confidence: 0, length };
    }
  }
  if (!best) return null;
  if (best.field === 'number' && f.length > 6 && !f.startsWith('№')) return null; // "no" inside a long heading is not a number column
  best.confidence = confidenceOf(f, FOLDED_FIELDS[best.field]);
  return best;
}

/** Words that say nothing about the field: joiners and the register's usual qualifiers. */
const FILLER = new Set(['и', 'мен', 'жане', 'and', 'of', 'the', 'in', 'по', 'в', 'на', 'саны', 'количество', 'кол', 'во', 'жобанын', 'проекта', 'project', 'жоба']);

/**
 * 1 when the heading is exactly a known word; otherwise the share of its words that the field's
 * words, units, currencies or fillers explain, from 0.5 (half of it unexplained) to 0.95 (all of it).
 */
function confidenceOf(folded: string, words: string[]): number {
  if (words.includes(folded) || words.includes(folded + '*')) return 1;
  const tokens = folded.split(' ');
  const parts = words.flatMap((w) => w.replace(/\*$/, '').split(' '));
  let explained = 0;
  for (const t of tokens) {
    const byField = parts.some((p) => t === p || (p.length >= 3 && t.startsWith(p)));
    const u = headingUnit(t);
    if (byField || u.scale || u.currency || FILLER.has(t)) explained++;
  }
  return Math.round((0.5 + 0.45 * (explained / tokens.length)) * 100) / 100;
}

function gridText(grid: Grid, r: number, c: number): string {
  return cellText(grid.values[r]?.[c]);
}

/** Header labels for grid rows [top, top+height): merged headings spread across their columns, rows joined. */
function headerLabels(grid: Grid, top: number, height: number): string[] {
  const width = grid.values[0]?.length ?? 0;
  const labels: string[] = [];
  // A group heading over several columns ("Стоимость проекта" over "млн тенге" | "тыс. юаней") is
  // merged in the workbook; a streamed read has no merges, so it is also carried right over empty
  // cells when it names a value and the row below labels the column: the same labels either way.
  const carried: string[] = new Array(height).fill('');
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (let r = top; r < top + height; r++) {
      let t = gridText(grid, r, c);
      if (!t) {
        const sr = r + grid.origin.row, sc = c + grid.origin.col;
        const m = grid.merges.find((a) => a.top <= sr && sr <= a.bottom && a.left <= sc && sc <= a.right);
        if (m) t = gridText(grid, m.top - grid.origin.row, m.left - grid.origin.col);
        else if (r < top + height - 1 && carried[r - top] && gridText(grid, r + 1, c)) t = carried[r - top];
      }
      carried[r - top] = t && r < top + height - 1 && isValueHeading(t) ? t : gridText(grid, r, c) ? '' : carried[r - top];
      if (t && parts[parts.length - 1] !== t) parts.push(t);
    }
    labels.push(parts.join(' '));
  }
  return labels;
}

function isValueHeading(label: string): boolean {
  const m = matchField(label);
  return m !== null && (MONEY_FIELDS as readonly string[]).includes(m.field);
}

function mapColumns(grid: Grid, labels: string[]): { columns: ColumnMap[]; duplicates: Header['duplicates']; score: number } {
  const columns: ColumnMap[] = [];
  const duplicates: Header['duplicates'] = [];
  let score = 0;
  labels.forEach((label, c) => {
    const m = matchField(label);
    if (!m) return;
    let field = m.field;
    const unit = headingUnit(label);
    if (field === 'value' || (unit.currency && (field === 'name' || field === 'investor'))) {
      if (unit.currency) field = unit.currency;
      else if (field !== 'value') return;
    }
    const col = c + grid.origin.col;
    const prev = columns.find((x) => x.field === field);
    if (prev) {
      duplicates.push({ field, used: prev.col, other: col });
      return;
    }
    columns.push({ field, col, label, confidence: m.confidence, scale: unit.scale, currency: unit.currency ?? (field === 'value' ? null : (field as Currency)) });
    score += m.confidence + (unit.scale ? 0.2 : 0) + (unit.currency ? 0.2 : 0);
  });
  return { columns: columns.map((c) => (MONEY_FIELDS as readonly string[]).includes(c.field) ? c : { ...c, currency: null }), duplicates, score };
}

function isHeaderLike(grid: Grid, r: number): boolean {
  const row = grid.values[r] ?? [];
  let texts = 0, numbers = 0;
  for (const v of row) {
    if (typeof v === 'string' && v.trim()) texts++;
    else if (typeof v === 'number' || v instanceof Date) numbers++;
  }
  return texts > 0 && numbers <= 1;
}

/** Find the header in the first 30 rows: the block of 1–3 rows whose labels map the most fields. */
export function findHeader(grid: Grid): Header | null {
  const limit = Math.min(HEADER_SEARCH_ROWS, grid.values.length);
  let best: { top: number; height: number; score: number; columns: ColumnMap[]; duplicates: Header['duplicates']; labels: string[] } | null = null;
  for (let top = 0; top < limit; top++) {
    if (!isHeaderLike(grid, top)) continue;
    for (let height = 1; height <= 3 && top + height <= grid.values.length; height++) {
      if (height > 1 && !isHeaderLike(grid, top + height - 1)) break;
      const labels = headerLabels(grid, top, height);
      const { columns, duplicates, score } = mapColumns(grid, labels);
      const hasName = columns.some((c) => c.field === 'name');
      const hasValue = columns.some((c) => (MONEY_FIELDS as readonly string[]).includes(c.field));
      // A register needs a name column and either a value column or two more known columns.
      if (!hasName || (!hasValue && columns.length < 3)) continue;
      // A taller header must earn its rows.
      const adjusted = score - (height - 1) * 0.1;
      if (!best || adjusted > best.score + 1e-9) best = { top, height, score: adjusted, columns, duplicates, labels };
    }
  }
  if (!best) return null;
  const rows = Array.from({ length: best.height }, (_, i) => sheetRowOf(grid, best!.top + i));
  const yuanContext = best.columns.some((c) => c.currency === 'CNY');
  return { rows, labels: best.labels, columns: best.columns, duplicates: best.duplicates, yuanContext };
}

// --- rows ------------------------------------------------------------------------------------

function textOf(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (isCellError(v)) return v.error;
  return null;
}

/** Word lists are folded once, so they may be written with Kazakh letters, й or ё. */
function foldWords(words: string[]): string[] {
  return words.map((w) => (w.endsWith('*') ? fold(w.slice(0, -1)) + '*' : fold(w))).filter((w) => w !== '*' && w !== '');
}
const FOLDED_FIELDS = Object.fromEntries(Object.entries(FIELD_WORDS).map(([k, ws]) => [k, ws.includes('№') ? ['№', ...foldWords(ws.filter((w) => w !== '№'))] : foldWords(ws)])) as Record<string, string[]>;
const FOLDED_STATUS = Object.fromEntries(Object.entries(STATUS_WORDS).map(([k, ws]) => [k, foldWords(ws)])) as Record<StatusCode, string[]>;
const FOLDED_TOTAL = foldWords(TOTAL_WORDS);
const FOLDED_SUBTOTAL = foldWords(SUBTOTAL_WORDS);

function matchWords(folded: string, words: string[]): number {
  let best = 0;
  for (const w of words) {
    const stem = w.endsWith('*');
    const word = stem ? w.slice(0, -1) : w;
    if ((stem ? hasStem(folded, word) : hasPhrase(folded, word)) && word.length > best) best = word.length;
  }
  return best;
}

const statusCache = new Map<string, StatusCode | null>();

/** A status as written → its stable code, or null (kept as written and reported). Registers repeat a few statuses: remembered. */
export function normaliseStatus(text: string): StatusCode | null {
  const hit = statusCache.get(text);
  if (hit !== undefined) return hit;
  const code = statusOf(text);
  if (statusCache.size > 10000) statusCache.clear();
  statusCache.set(text, code);
  return code;
}

function statusOf(text: string): StatusCode | null {
  const f = fold(text);
  let best: StatusCode | null = null;
  let len = 0;
  for (const [code, words] of Object.entries(FOLDED_STATUS) as [StatusCode, string[]][]) {
    const l = matchWords(f, words);
    if (l > len) { len = l; best = code; }
  }
  return best;
}

/** Words for places of work after a head count ("250 орын", "300 рабочих мест", "120 jobs"), folded stems. */
const JOB_WORDS = ['орын', 'орн', 'жумыс', 'рабоч', 'мест', 'место', 'чел', 'человек', 'job', 'jobs', 'position', 'people', 'адам', 'шт'];
const QUALIFIER_BY_WORD = new Map<string, 'over' | 'approx'>();
for (const q of QUALIFIER_WORDS) for (const w of q.stems) QUALIFIER_BY_WORD.set(fold(w) || w, q.qualifier);

/** "250 орын" → 250; "около 300" → 300 (approx); "свыше 1 000 рабочих мест" → 1000 (over); null when it cannot be read. */
export function parseJobs(v: CellValue | undefined): { jobs: number; qualifier: 'over' | 'approx' | null } | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? { jobs: Math.round(v), qualifier: null } : null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  const m = /^([^\d]*?)\s*(\d{1,3}(?:[\s\u00a0\u202f]\d{3})+|\d+)\s*(.*)$/.exec(t);
  if (!m) return null;
  const before = fold(m[1]);
  // Kazakh writes case endings after a hyphen: "500-ден астам".
  const after = fold(m[3].replace(/^-\p{L}{1,4}(?=\s|$)/u, ''));
  let qualifier: 'over' | 'approx' | null = null;
  for (const w of before.split(' ').filter(Boolean)) {
    const q = QUALIFIER_BY_WORD.get(w);
    if (!q) return null;
    qualifier = q;
  }
  if (/[~≈∼≃]/.test(m[1])) qualifier = 'approx';
  if (/[>≥]/.test(m[1])) qualifier = 'over';
  for (const w of after.split(' ').filter(Boolean)) {
    const q = QUALIFIER_BY_WORD.get(w);
    if (q) qualifier = q;
    else if (!JOB_WORDS.some((j) => w.startsWith(j))) return null;
  }
  return { jobs: Number(m[2].replace(/\D/g, '')), qualifier };
}

function rowIsBlank(row: CellValue[]): boolean {
  return row.every((v) => v === null || (typeof v === 'string' && !v.trim()));
}

/** Classify one row; the caller handles notes below the table and headings' sectors. */
function classify(grid: Grid, r: number, header: Header, nameCol: number): { kind: RowKind; label: string } {
  const row = grid.values[r];
  if (rowIsBlank(row)) return { kind: 'blank', label: '' };
  const filled = row.map((v, c) => ({ v, c })).filter(({ v }) => !(v === null || (typeof v === 'string' && !v.trim())));
  const texts = filled.filter(({ v }) => typeof v === 'string').map(({ v }) => (v as string).trim());
  // Most rows are projects: fold the first texts only when one might say "total".
  const firstTexts = texts.slice(0, 3).join(' ');
  if (MAYBE_TOTAL.test(firstTexts) && matchWords(fold(firstTexts), FOLDED_TOTAL)) {
    return { kind: matchWords(fold(firstTexts), FOLDED_SUBTOTAL) ? 'subtotal' : 'total', label: texts[0] };
  }
  if (filled.length === 1 && typeof filled[0].v === 'string') {
    const t = (filled[0].v as string).trim();
    const sr = r + grid.origin.row, sc = filled[0].c + grid.origin.col;
    const merged = grid.merges.some((m) => m.top <= sr && sr <= m.bottom && m.left <= sc && sc <= m.right && m.right > m.left);
    if (NOTE_START.test(fold(t)) || t.startsWith('*')) return { kind: 'note', label: t };
    if (merged || /^([IVXLC]+|\d+(\.\d+)*)[.)]\s+\S/.test(t) || filled[0].c !== nameCol) return { kind: 'heading', label: t };
  }
  return { kind: 'project', label: texts[0] ?? '' };
}

/** The grid row just below the header. */
function headerEnd(grid: Grid, header: Header): number {
  const last = header.rows[header.rows.length - 1];
  for (let r = 0; r < grid.values.length; r++) if (sheetRowOf(grid, r) === last) return r + 1;
  return grid.values.length;
}

/** Read the register: header, then every row below it with its kind and, for projects, its fields. */
export interface ReadOptions {
  date1904?: boolean;
  /** The user's own mapping: field → sheet column (1-based), over what the header says. */
  mapping?: Partial<Record<Field, number>>;
}

export const FIELDS: readonly Field[] = ['number', 'name', 'investor', 'country', 'sector', 'location', 'KZT', 'CNY', 'USD', 'EUR', 'RUB', 'value', 'date', 'status', 'jobs', 'capacity', 'timeline', 'notes'];

/** Put the user's mapping over the detected one: a field moves to the column named, and a column serves one field. */
export function applyMapping(header: Header, mapping: Partial<Record<Field, number>>, originCol: number): Header {
  let columns = header.columns.slice();
  for (const [field, col] of Object.entries(mapping) as [Field, number][]) {
    columns = columns.filter((c) => c.field !== field && c.col !== col);
    const label = header.labels[col - originCol] ?? '';
    const unit = headingUnit(label);
    const money = (MONEY_FIELDS as readonly string[]).includes(field);
    columns.push({
      field, col, label, confidence: 1,
      scale: money ? unit.scale : null,
      currency: money ? (field === 'value' ? unit.currency : (field as Currency)) : null,
    });
  }
  columns.sort((a, b) => a.col - b.col);
  return { ...header, columns, duplicates: header.duplicates.filter((d) => !(d.field in mapping)), yuanContext: header.yuanContext || columns.some((c) => c.currency === 'CNY') };
}

export function readRegister(grid: Grid, options: ReadOptions = {}): RegisterResult {
  if (grid.values.length === 0 || grid.values.every(rowIsBlank)) return { ok: false, problem: 'SHEET_EMPTY' };
  const found = findHeader(grid);
  if (!found) return { ok: false, problem: 'NO_HEADER' };
  const header = options.mapping ? applyMapping(found, options.mapping, grid.origin.col) : found;
  const colOf = new Map(header.columns.map((c) => [c.field, c]));
  const nameCol = (colOf.get('name')?.col ?? grid.origin.col) - grid.origin.col;
  const rows: RegisterRow[] = [];
  const counts: Record<RowKind, number> = { project: 0, total: 0, subtotal: 0, heading: 0, blank: 0, note: 0 };
  let section: string | null = null;
  let afterTotal = false;
  const first = headerEnd(grid, header);
  for (let r = first; r < grid.values.length; r++) {
    const sheetRow = sheetRowOf(grid, r);
    const classified = classify(grid, r, header, nameCol);
    const label = classified.label;
    let kind = classified.kind;
    // Below the grand total, text lines are footnotes, not new sections.
    if (afterTotal && (kind === 'heading' || kind === 'project') && !grid.values[r].some((v) => typeof v === 'number')) kind = 'note';
    if (kind === 'total') afterTotal = true;
    if (kind === 'heading') section = label.replace(/^([IVXLC]+|\d+(\.\d+)*)[.)]\s+/, '').trim();
    const rec = readRow(grid, r, sheetRow, kind, label, header, colOf, options.date1904 ?? false);
    if (kind === 'project' && !rec.sector && section) {
      rec.sector = section;
      rec.sectorFromHeading = true;
    }
    counts[kind]++;
    rows.push(rec);
  }
  // Trailing blank rows after the last non-blank row are not part of the table.
  while (rows.length && rows[rows.length - 1].kind === 'blank') {
    rows.pop();
    counts.blank--;
  }
  return { ok: true, register: { sheet: grid.sheet, header, rows, counts } };
}

function readRow(
  grid: Grid, r: number, sheetRow: number, kind: RowKind, label: string,
  header: Header, colOf: Map<Field, ColumnMap>, date1904: boolean,
): RegisterRow {
  const cells: Partial<Record<Field, CellValue>> = {};
  const address: Partial<Record<Field, string>> = {};
  for (const c of header.columns) {
    cells[c.field] = grid.values[r][c.col - grid.origin.col] ?? null;
    address[c.field] = cellAddress(sheetRow, c.col);
  }
  const amounts: Partial<Record<MoneyField, AmountResult>> = {};
  if (kind === 'project' || kind === 'total' || kind === 'subtotal') {
    for (const f of MONEY_FIELDS) {
      const col = colOf.get(f);
      if (!col) continue;
      amounts[f] = parseAmount(cells[f] ?? null, {
        scale: col.scale ?? undefined,
        currency: col.currency ?? undefined,
        yuanContext: header.yuanContext || col.currency === 'CNY',
      });
    }
  }
  const statusText = textOf(cells.status);
  const jobsText = textOf(cells.jobs);
  const jobs = parseJobs(cells.jobs);
  return {
    row: sheetRow,
    kind,
    cells,
    address,
    label,
    number: textOf(cells.number),
    name: kind === 'project' ? textOf(cells.name) : textOf(cells.name) ?? (label || null),
    investor: textOf(cells.investor),
    country: textOf(cells.country),
    sector: textOf(cells.sector),
    sectorFromHeading: false,
    location: textOf(cells.location),
    statusText,
    status: statusText ? normaliseStatus(statusText) : null,
    date: colOf.has('date') ? parseDate(cells.date ?? null, date1904) : { ok: false, reason: 'empty', text: '' },
    jobs: jobs?.jobs ?? null,
    jobsQualifier: jobs?.qualifier ?? null,
    jobsText,
    capacity: textOf(cells.capacity),
    timeline: textOf(cells.timeline),
    notes: textOf(cells.notes),
    amounts,
  };
}
