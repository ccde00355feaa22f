/**
 * The register: find the header in a grid, map its columns to canonical fields (kk, ru, en),
 * give every row below it a kind, and read each project row into a normalised record.
 * Nothing here judges the figures: checks.ts does, from what this module records.
 */
import type Big from 'big.js';
import { columnLetters } from '../grid/a1';
import { isCellError, sheetRowOf, type CellValue, type Grid, type MergedArea } from '../grid/grid';
import { headingUnit, parseAmount, type AmountResult, type Currency } from '../money/money';
import { QUALIFIER_WORDS } from '../money/units';
import { parseDate, type DateResult } from '../grid/dates';
import { NumberAmount } from '../money/minor';
import type { FindingCode } from '../checks/findings-catalogue';
import { CELL_TEXT_MAX } from '../report/plan';
import { fold, hasPhrase, hasStem, LABEL_MAX, labelText } from '../grid/text';

export type Field =
  | 'number' | 'name' | 'investor' | 'country' | 'sector' | 'location'
  | 'KZT' | 'CNY' | 'USD' | 'EUR' | 'RUB' | 'value'
  | 'date' | 'status' | 'jobs' | 'capacity' | 'timeline' | 'notes';

export const MONEY_FIELDS = ['KZT', 'CNY', 'USD', 'EUR', 'RUB', 'value'] as const;
export type MoneyField = (typeof MONEY_FIELDS)[number];

/** Words that name each field in a heading, folded (text.fold); a stem ends with "*". Longest match wins. */
const FIELD_WORDS: Record<Exclude<Field, 'KZT' | 'CNY' | 'USD' | 'EUR' | 'RUB'>, string[]> = {
  number: ['№', 'no', 'n', 'номер', 'р с', 'п п', 'рс', 'пп', 'реттик номири', 'рет саны', '#'],
  name: ['жоба атауы', 'жобанын атауы', 'атауы', 'атау', 'жоба', 'наименование проекта', 'наименование', 'название проекта', 'название', 'проект', 'project name', 'project', 'name'],
  investor: ['инвестор*', 'бастамашы*', 'серикт*', 'компания*', 'иницатор*', 'инициатор*', 'партнер*', 'заявитель', 'investor*', 'initiator', 'company', 'partner*'],
  country: ['ел', 'елi', 'ели', 'инвестор ели', 'страна*', 'страна инвестора', 'страна происхождения', 'country', 'investor country', 'country of investor', 'country of origin'],
  sector: ['сала*', 'отрасл*', 'сектор*', 'sector', 'industry', 'направление', 'багыт*', 'экономика саласы'],
  location: ['орналаскан жери', 'орналасу орны', 'орны', 'аудан*', 'место*', 'район*', 'локация', 'location', 'site', 'district', 'индустриалдык аимак', 'город', 'иске асырылатын жери', 'иске асыру орны'],
  value: ['куны', 'жоба куны', 'жобанын куны', 'инвестиция колемi', 'инвестиция колеми', 'инвестиция*', 'стоимост*', 'сумма*', 'объем инвестиций', 'объем*', 'value', 'cost', 'amount', 'investment*', 'project cost', 'project value', 'cost of project', 'cost of the project'],
  date: ['куни', 'кол коиылган куни', 'дата*', 'date', 'signed', 'signing date', 'меморандум куни', 'келисим куни'],
  status: ['мартебе*', 'статус*', 'status', 'жаи куии', 'кезен*', 'стадия', 'этап', 'stage', 'ахуалы'],
  jobs: ['жумыс орын*', 'жумыс орны', 'рабочих мест', 'рабочие места', 'рабоч* мест*', 'jobs', 'employment', 'new jobs', 'number of jobs'],
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
  operating: ['пайдалануга берил*', 'пайдаланылуда', 'иске косыл*', 'жумыс истеп тур', 'введен*', 'эксплуатаци*', 'запущен*', 'действующ*', 'действует', 'operating', 'operational', 'launched', 'in operation'],
  suspended: ['токтатыл*', 'уакытша токтат*', 'приостановлен*', 'заморожен*', 'suspended', 'on hold'],
  cancelled: ['жоиыл*', 'куши жоиыл*', 'бас тарт*', 'отмен*', 'расторгнут*', 'cancelled', 'canceled', 'terminated'],
};

/** Words a total row's label starts with ("Итого", "Барлығы:", "Grand total"), and a subtotal's ("Subtotal"). */
const TOTAL_LEADS = ['барлығы', 'барлық', 'жиыны', 'жиынтығы', 'итого', 'всего', 'общий итог', 'total', 'totals', 'grand total'];
const SUBTOTAL_LEADS = ['subtotal', 'sub total', 'subtotals', 'промежуточный итог', 'аралық жиын', 'аралық жиынтық'];
/** Kazakh puts the total word last: "Өндіріс саласы бойынша барлығы". */
const TOTAL_LASTS = ['барлығы', 'жиыны', 'жиынтығы'];
/** What "по …" / "… бойынша" / "by …" names when it is the whole register ("Всего по области"), not a part of it; stems end with "*". */
const WHOLE_WORDS = ['облыс*', 'област*', 'oblast*', 'реестр*', 'тізілім*', 'register*', 'все', 'всем', 'всех', 'барлық', 'all', 'проект*', 'жоба*', 'project*'];
/** Words that may follow a total word and leave it a total: counts, values, units, "в том числе" ("Итого: 16 проектов", "Барлығы, млн теңге"). */
const TOTAL_TAIL_WORDS = ['жоба*', 'проект*', 'project*', 'объект*', 'object*', 'позици*', 'шт', 'ед', 'сумм*', 'стоимост*', 'құны', 'value*', 'amount*', 'cost*',
  'инвестиц*', 'investment*', 'көлем*', 'объем*', 'в', 'и', 'мен', 'және', 'and', 'of', 'in', 'том', 'числе', 'оның', 'ішінде', 'including', 'which', 'за', 'год', 'года', 'г', 'жыл*', 'year'];
/** A cheap look for the total words before folding: барлығы/барлық, жиыны, итого, всего, total. */
const MAYBE_TOTAL = /барл|жиын|итог|всег|total/i;
/** "Итого-Сервис", "Total-Invest": a first word joined by a hyphen to another is a name. */
const COMPOUND_START = /^[^\p{L}\p{N}]*([\p{L}\p{N}]+(?:[-\u2010\u2011\u2013][\p{L}\p{N}]+)+)/u;
const HYPHEN = /[-\u2010\u2011\u2013]/;
const NOTE_START = /^(\*|примечани|ескертпе|ескерту|note|источник|дерек коз|дереккоз|source)/;

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
  /**
   * What the reader could not settle about the row's kind, for the checks to report: a total-looking row
   * read as a project (TOTAL_DOUBTFUL), a project-looking row below the total read as a note
   * (NOTE_PROJECT_LIKE). Absent on most rows.
   */
  flag?: RowFlag;
  /** Some cell of the row holds more than an Excel cell can (CELL_TEXT_MAX characters). */
  longText?: boolean;
}

export interface RowFlag {
  code: Extract<FindingCode, 'TOTAL_DOUBTFUL' | 'NOTE_PROJECT_LIKE'>;
  /** The cell of the row's label (A1). */
  cell: string;
  /** The field of that cell, null for an unmapped column. */
  field: Field | null;
  /** The label as written. */
  value: string;
  /** TOTAL_DOUBTFUL: reasonKey (doubt.number, doubt.status, …); NOTE_PROJECT_LIKE: whatKey (the field that looks like a project's). */
  params: Record<string, string>;
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

/** Which field a heading names, with a confidence; null when none (and for a text longer than any heading, LABEL_MAX). */
/** The words a long heading of the row's number column is made of, folded. */
const NUMBER_HEADING_WORDS = new Set(['номер', 'номери', 'номири', 'реттик', 'рет', 'саны', 'порядковыи', 'по', 'порядку', 'п', 'р', 'с', 'пп', 'рс',
  'проекта', 'жобанын', 'жоба', 'row', 'serial', 'number', 'no', 'n', 'project']);

export function matchField(label: string): FieldMatch | null {
  if (label.length > LABEL_MAX) return null;
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
  // A long heading names the row's number only in number words: "Реттік нөмірі", "Номер проекта",
  // "Порядковый номер"; "no" inside a long heading, "Номер договора" or "БИН номер" is something else.
  if (best.field === 'number' && f.length > 6 && !f.startsWith('№') && !f.split(' ').every((w) => NUMBER_HEADING_WORDS.has(w))) return null;
  best.confidence = confidenceOf(f, FOLDED_FIELDS[best.field], FOLDED_QUALIFIERS[best.field] ?? [], unitTokens(label));
  return best;
}

/**
 * Words that, in a heading already naming the field, only say which one it is, so they leave it sure:
 * "Дата соглашения", "Келісімге қол қойылған күні", "Date of agreement", "Место реализации",
 * "Количество создаваемых рабочих мест", "Страна инвестора". Alone they name no field (stems end with "*").
 */
const FIELD_QUALIFIERS: Partial<Record<Field, string[]>> = {
  date: ['соглашени*', 'подписани*', 'заключени*', 'меморандум*', 'договор*', 'контракт*', 'келисим*', 'келисимшарт*', 'меморандумга', 'кол', 'коиылган', 'коиу',
    'agreement', 'signing', 'signature', 'signed', 'memorandum', 'mou', 'contract', 'conclusion'],
  location: ['реализаци*', 'осуществлени*', 'иске', 'асыру', 'асырылатын', 'implementation', 'project'],
  timeline: ['реализаци*', 'осуществлени*', 'иске', 'асыру', 'implementation'],
  jobs: ['создаваем*', 'новых', 'новые', 'постоянн*', 'временн*', 'жана', 'курылатын', 'туракты', 'ашылатын', 'number', 'new', 'created', 'permanent', 'of'],
  country: ['инвестор*', 'investor*', 'происхождени*', 'origin'],
  value: ['общ*', 'жалпы', 'total', 'инвестиционного', 'инвестициялык', 'of'],
  name: ['инвестиционного', 'инвестиционных', 'инвестициялык', 'investment'],
  status: ['текущ*', 'агымдагы', 'current', 'реализаци*', 'иске', 'асыру'],
  sector: ['экономики', 'экономиканын', 'economy', 'of'],
};

/** Words that say nothing about the field: joiners and the register's usual qualifiers. */
const FILLER = new Set(['и', 'мен', 'жане', 'and', 'of', 'the', 'in', 'по', 'в', 'на', 'саны', 'количество', 'кол', 'во', 'жобанын', 'проекта', 'project', 'жоба']);

/**
 * 1 when the heading is exactly a known word; otherwise the share of its words that the field's
 * words, units, currencies or fillers explain, from 0.5 (half of it unexplained) to 0.95 (all of it).
 */
function confidenceOf(folded: string, words: string[], qualifiers: string[], units: ReadonlySet<string>): number {
  if (words.includes(folded) || words.includes(folded + '*')) return 1;
  const tokens = folded.split(' ');
  const parts = words.flatMap((w) => w.replace(/\*$/, '').split(' '));
  let explained = 0;
  for (const t of tokens) {
    const byField = parts.some((p) => t === p || (p.length >= 3 && t.startsWith(p))) || isWordIn(t, qualifiers);
    const u = headingUnit(t);
    if (byField || u.scale || u.currency || units.has(t) || FILLER.has(t)) explained++;
  }
  return Math.round((0.5 + 0.45 * (explained / tokens.length)) * 100) / 100;
}

/**
 * The heading's words that name a unit or currency as written ("юаней" folds to a word the unit
 * reader does not know), folded as the heading's other words are.
 */
function unitTokens(label: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const raw of label.split(/[^\p{L}\p{N}№%]+/u)) {
    if (!raw) continue;
    const u = headingUnit(raw);
    if (u.scale || u.currency) out.add(fold(raw));
  }
  return out;
}

/**
 * The header search's cell texts, each cut at LABEL_MAX (a longer text is no heading, and is not read to
 * its end) and worked out once, however many header candidates the cell is part of.
 */
class HeaderTexts {
  private readonly rows: (string | undefined)[][] = [];
  private readonly matches = new Map<string, FieldMatch | null>();
  constructor(readonly grid: Grid) {}
  /** matchField, once per distinct label (the same labels come back in every header candidate). */
  match(label: string): FieldMatch | null {
    let m = this.matches.get(label);
    if (m === undefined) this.matches.set(label, (m = matchField(label)));
    return m;
  }
  text(r: number, c: number): string {
    const row = (this.rows[r] ??= []);
    let t = row[c];
    if (t === undefined) row[c] = t = labelText(this.grid.values[r]?.[c]);
    return t;
  }
}

/** Header labels for grid rows [top, top+height): merged headings spread across their columns, rows joined. */
function headerLabels(texts: HeaderTexts, top: number, height: number): string[] {
  const grid = texts.grid;
  const width = grid.values[0]?.length ?? 0;
  const labels: string[] = [];
  // A group heading over several columns ("Стоимость проекта" over "млн тенге" | "тыс. юаней") is
  // merged in the workbook; a streamed read has no merges, so it is also carried right over empty
  // cells when it names a value and the row below labels the column: the same labels either way.
  const carried: string[] = new Array(height).fill('');
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (let r = top; r < top + height; r++) {
      let t = texts.text(r, c);
      if (!t) {
        const sr = r + grid.origin.row, sc = c + grid.origin.col;
        const m = grid.merges.find((a) => a.top <= sr && sr <= a.bottom && a.left <= sc && sc <= a.right);
        if (m) t = texts.text(m.top - grid.origin.row, m.left - grid.origin.col);
        else if (r < top + height - 1 && carried[r - top] && texts.text(r + 1, c)) t = carried[r - top];
      }
      carried[r - top] = t && r < top + height - 1 && isValueHeading(texts.match(t)) ? t : texts.text(r, c) ? '' : carried[r - top];
      if (t && parts[parts.length - 1] !== t) parts.push(t);
    }
    labels.push(parts.join(' '));
  }
  return labels;
}

function isValueHeading(m: FieldMatch | null): boolean {
  return m !== null && (MONEY_FIELDS as readonly string[]).includes(m.field);
}

function mapColumns(texts: HeaderTexts, labels: string[]): { columns: ColumnMap[]; duplicates: Header['duplicates']; score: number } {
  const columns: ColumnMap[] = [];
  const duplicates: Header['duplicates'] = [];
  let score = 0;
  labels.forEach((label, c) => {
    const m = texts.match(label);
    if (!m) return;
    let field = m.field;
    const unit = headingUnit(label);
    if (field === 'value' || (unit.currency && (field === 'name' || field === 'investor'))) {
      if (unit.currency) field = unit.currency;
      else if (field !== 'value') return;
    }
    const col = c + texts.grid.origin.col;
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
  const texts = new HeaderTexts(grid);
  for (let top = 0; top < limit; top++) {
    if (!isHeaderLike(grid, top)) continue;
    for (let height = 1; height <= 3 && top + height <= grid.values.length; height++) {
      if (height > 1 && !isHeaderLike(grid, top + height - 1)) break;
      const labels = headerLabels(texts, top, height);
      const { columns, duplicates, score } = mapColumns(texts, labels);
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

/** A character `\s` matches (and trim() removes). Exported for its test. */
export function isWs(c: number): boolean {
  // Below U+1680 (all of Latin and Cyrillic) only these: a letter is decided in three comparisons.
  if (c < 0x1680) return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Text with runs of white space made one space and the ends trimmed; the same string when it is already so. */
function tidy(s: string): string {
  const n = s.length;
  let prevWs = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevWs) return s.replace(/\s+/g, ' ').trim();
      prevWs = true;
    } else if (c < 32 || c >= 0xa0 ? isWs(c) : false) return s.replace(/\s+/g, ' ').trim();
    else prevWs = false;
  }
  return prevWs && n > 0 ? s.replace(/\s+/g, ' ').trim() : s;
}

function textOf(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return tidy(v) || null;
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
const FOLDED_QUALIFIERS = Object.fromEntries(Object.entries(FIELD_QUALIFIERS).map(([k, ws]) => [k, foldWords(ws)])) as Partial<Record<Field, string[]>>;
const FOLDED_STATUS = Object.fromEntries(Object.entries(STATUS_WORDS).map(([k, ws]) => [k, foldWords(ws)])) as Record<StatusCode, string[]>;
const FOLDED_TOTAL_LEADS = foldWords(TOTAL_LEADS);
const FOLDED_SUBTOTAL_LEADS = foldWords(SUBTOTAL_LEADS);
const FOLDED_TOTAL_LASTS = foldWords(TOTAL_LASTS);
const FOLDED_WHOLE = foldWords(WHOLE_WORDS);
const FOLDED_TAIL = foldWords(TOTAL_TAIL_WORDS);

const BY_KK = fold('бойынша');

/** Is the folded word one of the words (stems end with "*")? */
function isWordIn(w: string, words: string[]): boolean {
  for (const x of words) if (x.endsWith('*') ? w.startsWith(x.slice(0, -1)) : w === x) return true;
  return false;
}

/** The longest of the phrases the folded text starts with, as whole words; '' when none. */
function leadOf(folded: string, phrases: string[]): string {
  let best = '';
  for (const p of phrases) {
    if (p.length > best.length && folded.startsWith(p) && (folded.length === p.length || folded.charCodeAt(p.length) === 32)) best = p;
  }
  return best;
}

/** After a total word: nothing, a count or a unit → total; "по …", "… бойынша", "by …" → subtotal, or total when it names the whole register; anything else → doubt. */
function tailKind(tail: string[]): 'total' | 'subtotal' | 'doubt' {
  if (tail.every((w) => /^\d+$/.test(w) || isWordIn(w, FOLDED_TAIL) || isUnitWord(w))) return 'total';
  const first = tail[0], last = tail[tail.length - 1];
  const topic = first === 'по' || first === 'by' || first === 'for' || first === 'of' ? tail.slice(1) : last === BY_KK ? tail.slice(0, -1) : null;
  if (!topic || topic.length === 0) return 'doubt';
  return topic.some((w) => isWordIn(w, FOLDED_WHOLE)) ? 'total' : 'subtotal';
}

function isUnitWord(w: string): boolean {
  const u = headingUnit(w);
  return u.scale !== null || u.currency !== null;
}

/**
 * What a row's own label (its name or № cell) says of the row: 'total' ("Итого", "Барлығы:", "Всего по
 * области", "Grand total"), 'subtotal' ("Итого по разделу", "Барлығы сала бойынша", "Subtotal"),
 * 'doubt' when it starts with a total word that other words follow ("Total E&P Kazakhstan", "Всего
 * хорошего кафесі"), or null ("TotalEnergies EP", "Итого-Сервис зауыты", any other text). A text longer
 * than LABEL_MAX is no total label; only a label with a total word in it is folded.
 */
export function totalLabel(text: string): 'total' | 'subtotal' | 'doubt' | null {
  if (text.length > LABEL_MAX || !MAYBE_TOTAL.test(text)) return null;
  // COMPOUND_START needs a hyphen; without one it cannot match (and its \p{L} classes, some 10 ms to compile, are not compiled).
  const compound = HYPHEN.test(text) ? COMPOUND_START.exec(text) : null;
  if (compound && !FOLDED_SUBTOTAL_LEADS.includes(fold(compound[1]))) return null;
  const f = fold(text);
  if (!f) return null;
  if (leadOf(f, FOLDED_SUBTOTAL_LEADS)) return 'subtotal';
  const lead = leadOf(f, FOLDED_TOTAL_LEADS);
  const words = f.split(' ');
  if (lead) return tailKind(words.slice(lead.split(' ').length));
  const n = words.length;
  if (n >= 3 && FOLDED_TOTAL_LASTS.includes(words[n - 1]) && words[n - 2] === BY_KK) {
    return words.slice(0, n - 2).some((w) => isWordIn(w, FOLDED_WHOLE)) ? 'total' : 'subtotal';
  }
  if (n >= 2 && (words[n - 1] === 'subtotal' || (words[n - 2] === 'sub' && words[n - 1] === 'total'))) return 'subtotal';
  return null;
}

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
  // A status is a few words: one longer than any label is matched on its start.
  const f = fold(text.length > LABEL_MAX ? text.slice(0, LABEL_MAX) : text);
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
  if (typeof v !== 'string' || v.length > LABEL_MAX) return null;
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

/** trim() would leave nothing. */
function isBlankText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isWs(s.charCodeAt(i))) return false;
  return true;
}

function isBlankValue(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && isBlankText(v));
}

function rowIsBlank(row: CellValue[]): boolean {
  for (let c = 0; c < row.length; c++) if (!isBlankValue(row[c])) return false;
  return true;
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
  const rows: RegisterRow[] = [];
  const reader = new RowReader(header, { date1904: options.date1904, originCol: grid.origin.col, merges: grid.merges }, (r) => rows.push(r));
  const last = header.rows[header.rows.length - 1];
  let first = grid.values.length;
  for (let r = 0; r < grid.values.length; r++) {
    if (sheetRowOf(grid, r) === last) {
      first = r + 1;
      break;
    }
  }
  for (let r = first; r < grid.values.length; r++) reader.push(grid.values[r], sheetRowOf(grid, r), r + grid.origin.row);
  reader.end();
  return { ok: true, register: { sheet: grid.sheet, header, rows, counts: reader.counts } };
}

// --- one row at a time ---------------------------------------------------------------------------

/** A row's raw cells by field, read from its values when asked for. */
class RowCells {
  /** index: per field, in FIELDS order, its index into values, -1 when it is not mapped (a number: a getter's look-up is an array's). */
  constructor(readonly values: CellValue[], readonly index: readonly number[]) {}
  /** The cell of the field FIELDS[k]. */
  at(k: number): CellValue | undefined {
    const i = this.index[k];
    return i < 0 ? undefined : this.values[i] ?? null;
  }
}
FIELDS.forEach((f, k) => {
  Object.defineProperty(RowCells.prototype, f, {
    get(this: RowCells) {
      return this.at(k);
    },
  });
});
const FIELD_INDEX = {} as Record<Field, number>;
FIELDS.forEach((f, k) => (FIELD_INDEX[f] = k));

/**
 * row.cells[f], for a field known only at run time: the checks ask it of every figure, and a look-up of a
 * getter by a varying name is slow in V8. A row made elsewhere (a plain object of cells) is read as it is.
 */
export function cellOf(row: RegisterRow, f: Field): CellValue | undefined {
  const cells = row.cells;
  return cells instanceof RowCells ? cells.at(FIELD_INDEX[f]) : cells[f];
}

/** A row's cell addresses, made when asked for (a register of a million rows would otherwise hold millions of strings). */
class RowAddress {
  constructor(readonly row: number, readonly letters: Partial<Record<Field, string>>) {}
}
for (const f of FIELDS) {
  Object.defineProperty(RowAddress.prototype, f, {
    get(this: RowAddress) {
      const l = this.letters[f];
      return l === undefined ? undefined : l + this.row;
    },
  });
}

/** A mapped money column, with the reading context parseAmount gets for it (made once per register). */
interface MoneyColumn {
  field: MoneyField;
  index: number;
  ctx: { scale: Big | undefined; currency: Currency | undefined; yuanContext: boolean };
  scaleExp: number | null;
}

const NO_DATE: DateResult = { ok: false, reason: 'empty', text: '' };
/** Date cells and date texts repeat (a register of a million rows has a few thousand days): read once. */
const dateByTime = new Map<number, DateResult>();
const dateByText = new Map<string, DateResult>();

function readDate(v: CellValue, date1904: boolean): DateResult {
  if (v instanceof Date) {
    const t = v.getTime();
    let d = dateByTime.get(t);
    if (!d) {
      d = parseDate(v, date1904);
      if (dateByTime.size > 50000) dateByTime.clear();
      dateByTime.set(t, d);
    }
    return d;
  }
  if (typeof v === 'string') {
    let d = dateByText.get(v);
    if (!d) {
      d = parseDate(v, date1904);
      if (dateByText.size > 50000) dateByText.clear();
      dateByText.set(v, d);
    }
    return d;
  }
  return parseDate(v, date1904);
}

export interface RowReaderOptions {
  date1904?: boolean;
  /** The sheet column of values[0]. */
  originCol: number;
  /** Merged areas (a lone text merged across the row is a heading); none in a streamed read. */
  merges?: MergedArea[];
}

/**
 * Rows below the header, one at a time, in sheet order: each is classified, read into a RegisterRow
 * and handed to `sink`. Blank rows are held back until a later row shows they are inside the table
 * (trailing blank rows are not part of it). readRegister and the streaming reader both read through it.
 */
export class RowReader {
  readonly counts: Record<RowKind, number> = { project: 0, total: 0, subtotal: 0, heading: 0, blank: 0, note: 0 };
  private section: string | null = null;
  /** A project has been read: a total after it ends the table (a total above every project, right under the header, does not). */
  private projectSeen = false;
  private afterTotal = false;
  private blanks: { values: CellValue[]; row: number }[] = [];
  private readonly money: MoneyColumn[];
  private readonly letters: Partial<Record<Field, string>> = {};
  private readonly nameCol: number;
  private readonly hasDate: boolean;
  private readonly merges: MergedArea[];
  private readonly date1904: boolean;
  private readonly originCol: number;
  private readonly idx: Partial<Record<Field, number>> = {};
  /** idx as RowCells takes it: per field in FIELDS order, -1 when not mapped. */
  private readonly cellIndex: number[];
  /** The field of each mapped column, by index into the row's values. */
  private readonly fieldAt: (Field | undefined)[] = [];
  /** The columns that may hold the row's own label: the name and № columns, and unmapped ones left of the name. */
  private readonly labelCols: boolean[] = [];
  // The row being classified.
  private kind: RowKind = 'blank';
  private label = '';
  /** Where the row's label is (index into its values; -1: none), and the first text's. */
  private labelCol = -1;
  private firstTextCol = -1;
  /** A TOTAL_DOUBTFUL the classification found: its cell's index, and the reason. */
  private doubtCol = -1;
  private doubtReason = '';

  /** `sink` null: rows are classified and counted only (picking the sheet that looks most like a register). */
  constructor(readonly header: Header, opts: RowReaderOptions, private readonly sink: ((row: RegisterRow) => void) | null) {
    this.originCol = opts.originCol;
    this.merges = opts.merges ?? [];
    this.date1904 = opts.date1904 ?? false;
    for (const c of header.columns) {
      this.letters[c.field] = columnLetters(c.col);
      this.idx[c.field] = c.col - opts.originCol;
      if (c.col >= opts.originCol) this.fieldAt[c.col - opts.originCol] = c.field;
    }
    // A column the user mapped left of the values reads as empty, as one past their end does.
    this.cellIndex = FIELDS.map((f) => {
      const i = this.idx[f];
      return i === undefined ? -1 : i < 0 ? Number.MAX_SAFE_INTEGER : i;
    });
    const colOf = new Map(header.columns.map((c) => [c.field, c]));
    this.money = [];
    for (const f of MONEY_FIELDS) {
      const col = colOf.get(f);
      if (!col) continue;
      const scale = col.scale ?? undefined;
      this.money.push({
        field: f,
        index: col.col - opts.originCol,
        ctx: { scale, currency: col.currency ?? undefined, yuanContext: header.yuanContext || col.currency === 'CNY' },
        scaleExp: scale === undefined ? 0 : scale.c.length === 1 && scale.c[0] === 1 && scale.s > 0 && scale.e >= 0 ? scale.e : null,
      });
    }
    this.nameCol = (colOf.get('name')?.col ?? opts.originCol) - opts.originCol;
    this.hasDate = colOf.has('date');
    const numberCol = this.idx.number ?? -1;
    for (let c = 0; c <= Math.max(this.nameCol, numberCol); c++) {
      this.labelCols[c] = c === this.nameCol || c === numberCol || (c < this.nameCol && this.fieldAt[c] === undefined);
    }
  }

  /** One row: its values from the origin column on, its sheet row, and the row merged areas are given in (the grid's r + origin.row). */
  push(values: CellValue[], sheetRow: number, mergeRow = sheetRow): void {
    this.classify(values, mergeRow);
    let kind = this.kind;
    if (kind === 'blank') {
      this.blanks.push({ values, row: sheetRow });
      return;
    }
    if (this.blanks.length) {
      for (const b of this.blanks) {
        this.counts.blank++;
        if (this.sink) this.sink(this.read(b.values, b.row, 'blank', ''));
      }
      this.blanks = [];
    }
    const label = this.label;
    let flagCol = kind === 'project' ? this.doubtCol : -1;
    let flagParams: Record<string, string> = { reasonKey: this.doubtReason };
    if (this.afterTotal && (kind === 'heading' || kind === 'project')) {
      // Below the grand total, text lines and footnotes are notes, not new sections or projects; one that
      // looks like a project (a status, an investor, a figure…) is reported, never dropped unsaid.
      const footnote = isFootnote(label);
      if (footnote || !hasNumber(values)) {
        kind = 'note';
        flagCol = -1;
        const what = this.projectLike(values);
        if (what) {
          const nameValue = values[this.nameCol];
          flagCol = typeof nameValue === 'string' && !isBlankText(nameValue) ? this.nameCol
            : this.labelCol >= 0 ? this.labelCol : this.firstTextCol >= 0 ? this.firstTextCol : (this.idx[what] as number);
          flagParams = { whatKey: `field.${what}` };
        }
      }
    }
    if (kind === 'total' && this.projectSeen) this.afterTotal = true;
    if (kind === 'project') this.projectSeen = true;
    if (!this.sink) {
      this.counts[kind]++;
      return;
    }
    if (kind === 'heading') this.section = label.replace(/^([IVXLC]+|\d+(\.\d+)*)[.)]\s+/, '').trim();
    const rec = this.read(values, sheetRow, kind, label);
    if (kind === 'project' && !rec.sector && this.section) {
      rec.sector = this.section;
      rec.sectorFromHeading = true;
    }
    if (flagCol >= 0) {
      const v = values[flagCol];
      rec.flag = {
        code: kind === 'note' ? 'NOTE_PROJECT_LIKE' : 'TOTAL_DOUBTFUL',
        cell: columnLetters(flagCol + this.originCol) + sheetRow,
        field: this.fieldAt[flagCol] ?? null,
        value: typeof v === 'string' ? labelText(v) : textOf(v) ?? '',
        params: flagParams,
      };
    }
    this.counts[kind]++;
    this.sink(rec);
  }

  /**
   * Below the total: the first field (in column order, the label's own cell aside) that makes the row look
   * like a project — a known status, an investor, a date, a № number, a figure; null when none does.
   */
  private projectLike(values: CellValue[]): Field | null {
    for (let c = 0; c < values.length; c++) {
      const f = this.fieldAt[c];
      if (f === undefined || c === this.labelCol || f === 'name') continue;
      const v = values[c];
      if (isBlankValue(v)) continue;
      const short = typeof v === 'string' ? v.slice(0, LABEL_MAX) : '';
      if (f === 'status' ? typeof v === 'string' && normaliseStatus(short) !== null
        : f === 'investor' ? true
          : f === 'date' || f === 'number' || (MONEY_FIELDS as readonly string[]).includes(f) ? typeof v !== 'string' || /\d/.test(short)
            : false) return f;
    }
    return null;
  }

  /** A total-looking row is a project when it has a № number, a status, a date or an investor of its own: which (a reason key), or ''. */
  private evidence(row: CellValue[], labelCol: number): string {
    const at = (f: Field): CellValue | undefined => {
      const i = this.idx[f];
      return i === undefined || i === labelCol ? undefined : row[i];
    };
    const n = at('number');
    if (typeof n === 'number' || (typeof n === 'string' && /\d/.test(n.slice(0, LABEL_MAX)))) return 'doubt.number';
    if (!isBlankValue(at('status'))) return 'doubt.status';
    if (!isBlankValue(at('date'))) return 'doubt.date';
    if (!isBlankValue(at('investor'))) return 'doubt.investor';
    return '';
  }

  /** The end of the sheet: blank rows still held back trail the table and are dropped. */
  end(): void {
    this.blanks = [];
  }

  /**
   * Classify one row (this.kind, this.label, and a doubt to report); the caller handles notes below the
   * table and headings' sectors. A total is a row whose own label (labelCols) is a total label and that
   * has no № number, status, date or investor of its own; a total word anywhere else makes no total.
   */
  private classify(row: CellValue[], mergeRow: number): void {
    let filled = 0;
    let firstCol = -1;
    let firstIsText = false;
    let t0 = '';
    let labelT = '';
    this.labelCol = -1;
    this.firstTextCol = -1;
    this.doubtCol = -1;
    this.doubtReason = '';
    const labelCols = this.labelCols;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      if (typeof v === 'string') {
        if (isBlankText(v)) continue;
        if (this.firstTextCol < 0) {
          t0 = v.trim();
          this.firstTextCol = c;
        }
        if (this.labelCol < 0 && labelCols[c] === true) {
          labelT = c === this.firstTextCol ? t0 : v.trim();
          this.labelCol = c;
        }
        if (firstCol < 0) {
          firstCol = c;
          firstIsText = true;
        }
      } else if (firstCol < 0) firstCol = c;
      filled++;
    }
    if (filled === 0) {
      this.kind = 'blank';
      this.label = '';
      return;
    }
    if (this.labelCol >= 0) {
      const k = totalLabel(labelT);
      if (k !== null) {
        const why = this.evidence(row, this.labelCol);
        if (k !== 'doubt' && !why) {
          this.kind = k;
          this.label = labelT;
          return;
        }
        // A project whose name starts with a total word ("Total E&P Kazakhstan") is plainly one when it has a
        // number, status, date or investor; otherwise, and for a total label with project details, say so.
        if (k !== 'doubt' || !why) {
          this.doubtCol = this.labelCol;
          this.doubtReason = why || 'doubt.words';
        }
      }
    } else if (this.firstTextCol >= 0) {
      // No label of its own: a total word in another column makes no total ("Барлығы" in the sector column).
      const k = totalLabel(t0);
      if ((k === 'total' || k === 'subtotal') && !this.evidence(row, -1)) {
        if (filled === 1) {
          this.kind = 'note';
          this.label = t0;
          return;
        }
        this.doubtCol = this.firstTextCol;
        this.doubtReason = 'doubt.column';
      }
    }
    if (filled === 1 && firstIsText) {
      const t = t0;
      const sc = firstCol + this.originCol;
      let merged = false;
      for (const m of this.merges) {
        if (m.top <= mergeRow && mergeRow <= m.bottom && m.left <= sc && sc <= m.right && m.right > m.left) {
          merged = true;
          break;
        }
      }
      if (isFootnote(t)) {
        this.kind = 'note';
        this.label = t;
        return;
      }
      if (merged || /^([IVXLC]+|\d+(\.\d+)*)[.)]\s+\S/.test(t) || firstCol !== this.nameCol) {
        this.kind = 'heading';
        this.label = t;
        return;
      }
    }
    this.kind = 'project';
    this.label = t0;
  }

  private read(values: CellValue[], sheetRow: number, kind: RowKind, label: string): RegisterRow {
    const cells = new RowCells(values, this.cellIndex) as Partial<Record<Field, CellValue>>;
    const amounts: Partial<Record<MoneyField, AmountResult>> = {};
    if (kind === 'project' || kind === 'total' || kind === 'subtotal') {
      for (const m of this.money) {
        const v = values[m.index] ?? null;
        amounts[m.field] = typeof v === 'number' && Number.isFinite(v)
          ? new NumberAmount(v, m.ctx.scale, m.scaleExp, m.ctx.currency ?? null)
          : parseAmount(v, m.ctx);
      }
    }
    const idx = this.idx;
    const at = (f: Field): CellValue | undefined => {
      const i = idx[f];
      return i === undefined ? undefined : values[i] ?? null;
    };
    const statusText = textOf(at('status'));
    const jobsCell = at('jobs');
    const jobs = jobsCell === undefined || jobsCell === null ? null : parseJobs(jobsCell);
    const name = textOf(at('name'));
    // A cell too long for Excel (the checks say which field; most rows have none, so one cheap look here).
    let longText = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'string' && v.length > CELL_TEXT_MAX) {
        longText = true;
        break;
      }
    }
    const rec: RegisterRow = {
      row: sheetRow,
      kind,
      cells,
      address: new RowAddress(sheetRow, this.letters) as Partial<Record<Field, string>>,
      label,
      number: textOf(at('number')),
      name: kind === 'project' ? name : name ?? (label || null),
      investor: textOf(at('investor')),
      country: textOf(at('country')),
      sector: textOf(at('sector')),
      sectorFromHeading: false,
      location: textOf(at('location')),
      statusText,
      status: statusText ? normaliseStatus(statusText) : null,
      date: this.hasDate ? readDate(at('date') ?? null, this.date1904) : NO_DATE,
      jobs: jobs?.jobs ?? null,
      jobsQualifier: jobs?.qualifier ?? null,
      jobsText: textOf(jobsCell),
      capacity: textOf(at('capacity')),
      timeline: textOf(at('timeline')),
      notes: textOf(at('notes')),
      amounts,
    };
    // Set apart, not spread into the literal above: a spread there makes V8 build every row's record the slow way.
    if (longText) rec.longText = true;
    return rec;
  }
}

/** A footnote's first words: "* …", "Ескерту: …", "Примечание", "Source". Only the start of the text is folded. */
function isFootnote(text: string): boolean {
  return text.startsWith('*') || NOTE_START.test(fold(text.length > 200 ? text.slice(0, 200) : text));
}

function hasNumber(row: CellValue[]): boolean {
  for (let c = 0; c < row.length; c++) if (typeof row[c] === 'number') return true;
  return false;
}

// --- streaming ---------------------------------------------------------------------------------

export type RegisterStreamEnd =
  | { ok: true; sheet: string; header: Header; counts: Record<RowKind, number> }
  | { ok: false; problem: 'SHEET_EMPTY' | 'NO_HEADER' };

/**
 * The register read row by row, as a file streams in: the first rows (the header's 30, and two more a
 * header may reach into) are held until the header is found, then every row goes through the same
 * RowReader readRegister uses, and out to `sink` as it is read. Rows are pushed as a grid would hold
 * them: from the sheet's first row with a value, each with its values from column A (or the grid's
 * origin column) and its sheet row (CSV: its line).
 */
export class RegisterStream {
  header: Header | null = null;
  private buffer: { values: CellValue[]; row: number }[] = [];
  private reader: RowReader | null = null;
  private failed = false;
  private nonBlank = false;

  constructor(
    readonly sheet: string,
    private readonly opts: ReadOptions & { originCol?: number; merges?: MergedArea[] },
    private readonly sink: ((row: RegisterRow) => void) | null,
    private readonly onHeader?: (header: Header) => void,
  ) {}

  push(values: CellValue[], sheetRow: number): void {
    if (this.reader) {
      this.reader.push(values, sheetRow);
      return;
    }
    if (this.failed) {
      if (!this.nonBlank && !rowIsBlank(values)) this.nonBlank = true;
      return;
    }
    this.buffer.push({ values, row: sheetRow });
    if (this.buffer.length >= HEADER_SEARCH_ROWS + 2) this.detect();
  }

  /** Nothing more can change the outcome: no header, and a row that is not blank (so NO_HEADER). */
  get settled(): boolean {
    return this.failed && this.nonBlank;
  }

  end(): RegisterStreamEnd {
    if (!this.reader && !this.failed) this.detect();
    if (!this.reader || !this.header) return { ok: false, problem: this.nonBlank ? 'NO_HEADER' : 'SHEET_EMPTY' };
    this.reader.end();
    return { ok: true, sheet: this.sheet, header: this.header, counts: this.reader.counts };
  }

  private detect(): void {
    const rows = this.buffer;
    this.buffer = [];
    let width = 0;
    for (const r of rows) width = Math.max(width, r.values.length);
    const values = rows.map((r) => {
      if (r.values.length === width) return r.values;
      const v = r.values.slice();
      while (v.length < width) v.push(null);
      return v;
    });
    const originCol = this.opts.originCol ?? 1;
    const grid: Grid = {
      sheet: this.sheet, origin: { row: rows[0]?.row ?? 1, col: originCol }, values, formats: [], merges: this.opts.merges ?? [], rowNumbers: rows.map((r) => r.row),
    };
    this.nonBlank = !values.every(rowIsBlank);
    const found = this.nonBlank ? findHeader(grid) : null;
    if (!found) {
      this.failed = true;
      return;
    }
    const header = this.opts.mapping ? applyMapping(found, this.opts.mapping, originCol) : found;
    this.header = header;
    this.onHeader?.(header);
    this.reader = new RowReader(header, { date1904: this.opts.date1904, originCol, merges: this.opts.merges }, this.sink);
    const last = header.rows[header.rows.length - 1];
    let i = rows.findIndex((r) => r.row === last) + 1;
    if (i <= 0) i = rows.length;
    for (; i < rows.length; i++) this.reader.push(rows[i].values, rows[i].row, i + grid.origin.row);
  }
}
