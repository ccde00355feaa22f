/**
 * What changed between two months: new projects, projects no longer in the register, changed
 * values (tenge and yuan, old → new, with the difference), statuses, dates, the currency a value is
 * stated in, and the totals then and now. Projects are matched by their number or, when the numbers
 * changed, by name and investor; every match says which rule made it.
 */
import Big from 'big.js';
import type { PlanCell, PlanValue, SheetPlan } from '../report/plan';
import { safeSheetName } from '../report/plan';
import { text as wordOf, texts as wordsOf, type Lang } from '../words';
import type { Snapshot, SnapshotProject } from './snapshot';
import { FMT } from '../report/summary';
import { fold } from '../grid/text';

export type MatchRule = 'number' | 'nameInvestor';

/** A project as the Changes list shows it. */
export interface ProjectRef {
  /** The row in that month's source sheet. */
  row: number;
  number: string | null;
  name: string | null;
  investor: string | null;
  status: string | null;
  statusText: string | null;
  date: string | null;
  KZT: string | null;
  CNY: string | null;
  /** The currency the value is stated in: "KZT", "CNY", "KZT+CNY", or null (no value, or another currency). */
  currency: string | null;
}

export interface MoneyChange { from: string | null; to: string | null; diff: string | null }

export type FieldChange =
  | { field: 'value'; KZT: MoneyChange; CNY: MoneyChange }
  | { field: 'status'; from: string | null; to: string | null; fromText: string | null; toText: string | null }
  | { field: 'date' | 'currency' | 'name' | 'investor'; from: string | null; to: string | null };

export interface ChangedProject {
  matchedBy: MatchRule;
  from: ProjectRef;
  to: ProjectRef;
  changes: FieldChange[];
}

export interface Totals { projects: number; KZT: string; CNY: string }

/** The `changes --json` contract (README: "Monthly report and the ministry copy"). */
export interface ChangesJson {
  from: { month: string; file: string; sheet: string };
  to: { month: string; file: string; sheet: string };
  totals: { from: Totals; to: Totals; diff: Totals };
  counts: { added: number; removed: number; changed: number; unchanged: number; renumbered: number };
  added: ProjectRef[];
  removed: ProjectRef[];
  changed: ChangedProject[];
  /** Matched by name and investor under another number, nothing else changed. */
  renumbered: { matchedBy: MatchRule; from: ProjectRef; to: ProjectRef }[];
}

function statedCurrency(p: SnapshotProject): string | null {
  const c = [p.KZTFrom === 'given' ? 'KZT' : null, p.CNYFrom === 'given' ? 'CNY' : null].filter((x) => x !== null);
  return c.length ? c.join('+') : null;
}

function ref(p: SnapshotProject): ProjectRef {
  return {
    row: p.row, number: p.number, name: p.name, investor: p.investor, status: p.status, statusText: p.statusText,
    date: p.date, KZT: p.KZT, CNY: p.CNY, currency: statedCurrency(p),
  };
}

/** "5", "5.", "№ 5", 5 → "5"; the number as the register means it. */
function numberKey(n: string | null): string | null {
  if (n === null) return null;
  const k = n.trim().replace(/^№\s*/, '').replace(/[.)]+$/, '').trim();
  return k || null;
}

function textKey(s: string | null): string {
  return s === null ? '' : fold(s);
}

function identityKey(p: SnapshotProject): string | null {
  return p.name === null ? null : `${textKey(p.name)}\u0000${textKey(p.investor)}`;
}

function diff(a: string | null, b: string | null): string | null {
  return a === null || b === null ? null : new Big(b).minus(a).toFixed(2);
}

function money(a: string | null, b: string | null): MoneyChange {
  return { from: a, to: b, diff: diff(a, b) };
}

function fieldChanges(a: SnapshotProject, b: SnapshotProject, rule: MatchRule): FieldChange[] {
  const out: FieldChange[] = [];
  if (rule === 'number') {
    // Matched by number: a name or an investor edited in place is a change; by name and investor they are equal.
    if (textKey(a.name) !== textKey(b.name)) out.push({ field: 'name', from: a.name, to: b.name });
    if (textKey(a.investor) !== textKey(b.investor)) out.push({ field: 'investor', from: a.investor, to: b.investor });
  }
  if (a.KZT !== b.KZT || a.CNY !== b.CNY) out.push({ field: 'value', KZT: money(a.KZT, b.KZT), CNY: money(a.CNY, b.CNY) });
  const ca = statedCurrency(a), cb = statedCurrency(b);
  if (ca !== null && cb !== null && ca !== cb) out.push({ field: 'currency', from: ca, to: cb });
  const sa = a.status ?? (a.statusText === null ? null : textKey(a.statusText));
  const sb = b.status ?? (b.statusText === null ? null : textKey(b.statusText));
  if (sa !== sb) out.push({ field: 'status', from: a.status, to: b.status, fromText: a.statusText, toText: b.statusText });
  if (a.date !== b.date) out.push({ field: 'date', from: a.date, to: b.date });
  return out;
}

interface Match { a: number; b: number; rule: MatchRule }

/**
 * Pair the projects of two months. In order: the same number and the same name and investor (by
 * number); then the same name and investor under another number (by name and investor); then the
 * same number with only the name or only the investor edited (by number). The rest are new or gone.
 */
export function matchProjects(from: SnapshotProject[], to: SnapshotProject[]): Match[] {
  const usedA = new Set<number>(), usedB = new Set<number>();
  const matches: Match[] = [];
  const pass = (rule: MatchRule, ok: (a: SnapshotProject, b: SnapshotProject) => boolean) => {
    to.forEach((pb, b) => {
      if (usedB.has(b)) return;
      const a = from.findIndex((pa, i) => !usedA.has(i) && ok(pa, pb));
      if (a < 0) return;
      usedA.add(a);
      usedB.add(b);
      matches.push({ a, b, rule });
    });
  };
  const sameNumber = (pa: SnapshotProject, pb: SnapshotProject) => numberKey(pa.number) !== null && numberKey(pa.number) === numberKey(pb.number);
  const sameIdentity = (pa: SnapshotProject, pb: SnapshotProject) => identityKey(pa) !== null && identityKey(pa) === identityKey(pb);
  pass('number', (pa, pb) => sameNumber(pa, pb) && sameIdentity(pa, pb));
  pass('nameInvestor', sameIdentity);
  pass('number', (pa, pb) => sameNumber(pa, pb) && (
    (pa.name !== null && textKey(pa.name) === textKey(pb.name)) || (pa.investor !== null && textKey(pa.investor) === textKey(pb.investor))));
  return matches.sort((x, y) => x.b - y.b);
}

function totals(s: Pick<Snapshot, 'totals'>): Totals {
  return { projects: s.totals.projects, KZT: s.totals.KZT, CNY: s.totals.CNY };
}

/** Compare the previous month's snapshot with this month's (through ChangesMatcher, as the CLI streams it). */
export function compareSnapshots(from: Snapshot, to: Snapshot): ChangesJson {
  const m = new ChangesMatcher();
  for (const p of from.projects) m.addFrom(p);
  m.sealFrom();
  for (const p of to.projects) m.addTo(p);
  return m.finish(from, to);
}

/**
 * matchProjects' pairing and the comparison, with whole snapshots held: the reference the compact
 * ChangesMatcher is tested against (quadratic; for small lists).
 */
export function compareSnapshotsSimple(from: Snapshot, to: Snapshot): ChangesJson {
  const matches = matchProjects(from.projects, to.projects);
  const matchedA = new Set(matches.map((m) => m.a));
  const matchedB = new Set(matches.map((m) => m.b));
  const changed: ChangedProject[] = [];
  const renumbered: ChangesJson['renumbered'] = [];
  let unchanged = 0;
  for (const m of matches) {
    const a = from.projects[m.a], b = to.projects[m.b];
    const changes = fieldChanges(a, b, m.rule);
    if (changes.length) changed.push({ matchedBy: m.rule, from: ref(a), to: ref(b), changes });
    else {
      unchanged++;
      if (numberKey(a.number) !== numberKey(b.number)) renumbered.push({ matchedBy: m.rule, from: ref(a), to: ref(b) });
    }
  }
  const added = to.projects.filter((_, i) => !matchedB.has(i)).map(ref);
  const removed = from.projects.filter((_, i) => !matchedA.has(i)).map(ref);
  const tf = totals(from), tt = totals(to);
  return {
    from: { month: from.month, file: from.source.file, sheet: from.source.sheet },
    to: { month: to.month, file: to.source.file, sheet: to.source.sheet },
    totals: { from: tf, to: tt, diff: { projects: tt.projects - tf.projects, KZT: diff(tf.KZT, tt.KZT)!, CNY: diff(tf.CNY, tt.CNY)! } },
    counts: { added: added.length, removed: removed.length, changed: changed.length, unchanged, renumbered: renumbered.length },
    added,
    removed,
    changed,
    renumbered,
  };
}

// --- the Changes sheet -------------------------------------------------------------------------

export interface ChangesSheetOptions {
  /** Headings in each of these languages (one line each); the first is the language of the rest. */
  langs: readonly Lang[];
  /** Differences as formulas (new − old) with their values cached; values only when false. */
  formulas?: boolean;
}

export function changesSheetName(lang: Lang): string {
  return safeSheetName(wordOf('report.sheet.changes', lang));
}

function num(s: string | null): number | null {
  return s === null ? null : Number(s);
}

function dateValue(iso: string | null): PlanValue {
  return iso === null ? null : new Date(iso + 'T00:00:00Z');
}

function statusWord(code: string | null, text: string | null, lang: Lang): string | null {
  return code ? wordOf(`status.${code}`, lang) : text;
}

const COLS = ['col.change', 'col.numberThen', 'col.numberNow', 'col.name', 'col.investor', 'col.matchedBy', 'col.was', 'col.becomes',
  'col.KZTThen', 'col.KZTNow', 'col.KZTDiff', 'col.CNYThen', 'col.CNYNow', 'col.CNYDiff'] as const;

/** The Changes sheet: the totals then and now, then one line per change, each naming its matching rule. */
export function changesPlan(c: ChangesJson, opts: ChangesSheetOptions): SheetPlan {
  const sheet = changesSheet(c, opts);
  return { ...sheet.frame, rows: [...sheet.rows()] };
}

/**
 * The Changes sheet as a frame (everything but its rows) and its rows made one at a time, for a
 * writer that streams them (the CLI's `changes --out`); changesPlan holds them all.
 */
export function changesSheet(c: ChangesJson, opts: ChangesSheetOptions): { frame: SheetPlan; rows(): Iterable<(PlanCell | null)[]> } {
  const langs = opts.langs.length ? opts.langs : (['kk'] as const);
  const lang = langs[0];
  const formulas = opts.formulas ?? false;
  const rows: (PlanCell | null)[][] = [];
  const h = (key: string, params?: Record<string, string>) => ({ v: wordsOf(`report.${key}`, langs, params), s: 'header' as const });
  rows.push([{ v: wordsOf('report.changes.title', langs, undefined, ' / '), s: 'title' }]);
  rows.push([{ v: wordOf('report.changes.period', lang, { from: c.from.month, to: c.to.month }), s: 'subtitle' }]);
  const src = (x: ChangesJson['from']) => `${x.file}${x.sheet ? ' — ' + x.sheet : ''} (${x.month})`;
  rows.push([{ v: wordOf('report.changes.sources', lang, { from: src(c.from), to: src(c.to) }), s: 'subtitle' }]);
  rows.push([{ v: wordsOf('report.changes.unit', langs, undefined, ' / '), s: 'unit' }]);
  rows.push([h('col.indicator'), h('col.then', { month: c.from.month }), h('col.now', { month: c.to.month }), h('col.diff')]);
  const totalLine = (key: string, a: number | null, b: number | null, d: number | null, fmt: string) => {
    const r = rows.length + 1;
    rows.push([
      { v: wordsOf(`report.${key}`, langs, undefined, ' / '), s: 'cell' },
      { v: a, fmt, s: 'cell' },
      { v: b, fmt, s: 'cell' },
      { v: d, fmt, s: 'total', ...(formulas ? { f: `C${r}-B${r}` } : {}) },
    ]);
  };
  totalLine('row.projects', c.totals.from.projects, c.totals.to.projects, c.totals.diff.projects, FMT.count);
  totalLine('row.KZT', num(c.totals.from.KZT), num(c.totals.to.KZT), num(c.totals.diff.KZT), FMT.money);
  totalLine('row.CNY', num(c.totals.from.CNY), num(c.totals.to.CNY), num(c.totals.diff.CNY), FMT.money);
  rows.push([]);
  rows.push([{ v: wordOf('report.changes.counts', lang, c.counts), s: 'note' }]);
  rows.push([]);
  rows.push([{ v: wordsOf('report.changes.list', langs, undefined, ' / '), s: 'subtitle' }]);
  const headerRow = rows.length + 1;
  rows.push(COLS.map((k) => h(k)));
  const head = rows;
  const frame: SheetPlan = {
    name: changesSheetName(lang),
    role: 'changes',
    widths: [26, 10, 10, 40, 30, 24, 20, 20, 20, 20, 20, 18, 18, 18],
    rows: [],
    merges: [],
    print: { landscape: true, fitToWidth: true, repeatRows: { from: headerRow, to: headerRow } },
  };
  return { frame, rows: () => changesRows(c, langs, formulas, head) };
}

function* changesRows(c: ChangesJson, langs: readonly Lang[], formulas: boolean, head: (PlanCell | null)[][]): Generator<(PlanCell | null)[]> {
  const lang = langs[0];
  const h = (key: string, params?: Record<string, string>) => ({ v: wordsOf(`report.${key}`, langs, params), s: 'header' as const });
  yield* head;
  let n = head.length;
  const rows = { get length() { return n; } };

  type Line = { kind: string; p: ProjectRef; a?: ProjectRef; rule?: MatchRule; was?: PlanValue; now?: PlanValue; wasFmt?: string; money?: { KZT: MoneyChange; CNY: MoneyChange } };
  function* lines(): Generator<Line> {
    for (const p of c.added) yield { kind: 'kind.added', p, now: statusWord(p.status, p.statusText, lang), money: { KZT: money(null, p.KZT), CNY: money(null, p.CNY) } };
    for (const p of c.removed) yield { kind: 'kind.removed', p, a: p, was: statusWord(p.status, p.statusText, lang), money: { KZT: money(p.KZT, null), CNY: money(p.CNY, null) } };
    for (const x of c.changed) {
      for (const ch of x.changes) {
        const base = { p: x.to, a: x.from, rule: x.matchedBy };
        if (ch.field === 'value') yield { ...base, kind: 'kind.value', money: { KZT: ch.KZT, CNY: ch.CNY } };
        else if (ch.field === 'status') yield { ...base, kind: 'kind.status', was: statusWord(ch.from, ch.fromText, lang), now: statusWord(ch.to, ch.toText, lang) };
        else if (ch.field === 'date') yield { ...base, kind: 'kind.date', was: dateValue(ch.from), now: dateValue(ch.to), wasFmt: FMT.date };
        else if (ch.field === 'currency') {
          const w = (v: string | null) => (v === null ? null : wordOf(`report.currency.${v}`, lang));
          yield { ...base, kind: 'kind.currency', was: w(ch.from), now: w(ch.to) };
        } else yield { ...base, kind: `kind.${ch.field}`, was: ch.from, now: ch.to };
      }
    }
  }
  let any = false;
  for (const l of lines()) {
    any = true;
    const r = rows.length + 1;
    const m = l.money;
    const moneyCells = (mc: MoneyChange | undefined, then: string, now: string): PlanCell[] => {
      const d: PlanCell = { v: num(mc?.diff ?? null), fmt: FMT.money, s: 'cell' };
      if (formulas && mc && mc.diff !== null) d.f = `${now}${r}-${then}${r}`;
      return [{ v: num(mc?.from ?? null), fmt: FMT.money, s: 'cell' }, { v: num(mc?.to ?? null), fmt: FMT.money, s: 'cell' }, d];
    };
    const fmtOf = (v: PlanValue) => (v instanceof Date ? { fmt: FMT.date } : {});
    n++;
    yield [
      { v: wordOf(`report.${l.kind}`, lang), s: 'cell' },
      { v: l.a ? l.a.number : null, s: 'cell' },
      { v: l.kind === 'kind.removed' ? null : l.p.number, s: 'cell' },
      { v: l.p.name, s: 'cell' },
      { v: l.p.investor, s: 'cell' },
      { v: l.rule ? wordOf(`report.match.${l.rule}`, lang) : null, s: 'cell' },
      { v: l.was ?? null, s: 'cell', ...fmtOf(l.was ?? null) },
      { v: l.now ?? null, s: 'cell', ...fmtOf(l.now ?? null) },
      ...moneyCells(m?.KZT, 'I', 'J'),
      ...moneyCells(m?.CNY, 'L', 'M'),
    ];
  }
  if (!any) yield [{ v: wordOf('report.changes.none', lang), s: 'note' }];
  if (c.renumbered.length) {
    yield [];
    yield [{ v: wordsOf('report.changes.renumbered', langs, undefined, ' / '), s: 'subtitle' }];
    yield ['col.change', 'col.numberThen', 'col.numberNow', 'col.name', 'col.investor', 'col.matchedBy'].map((k) => h(k));
    for (const x of c.renumbered) {
      yield [
        { v: wordOf('report.kind.renumbered', lang), s: 'cell' },
        { v: x.from.number, s: 'cell' },
        { v: x.to.number, s: 'cell' },
        { v: x.to.name, s: 'cell' },
        { v: x.to.investor, s: 'cell' },
        { v: wordOf(`report.match.${x.matchedBy}`, lang), s: 'cell' },
      ];
    }
  }
}


// --- matching in compact structures --------------------------------------------------------------

/** A growable list of 32-bit integers. */
class IntList {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  get(i: number): number {
    return this.a[i];
  }
}

const CHUNK = 4 * 1024 * 1024;

/**
 * A project as the matcher uses it: as the Changes list shows it, its number's key, and its name and
 * investor folded (textKey) — folded when first asked (folding is the costliest step of matching; a
 * stored project is compared with one of the same name and investor as written without folding it).
 */
class Rec {
  readonly num: string | null;
  private nk: string | null = null;
  private ik: string | null = null;
  constructor(readonly ref: ProjectRef) {
    this.num = numberKey(ref.number);
  }
  get nameK(): string {
    return (this.nk ??= textKey(this.ref.name));
  }
  get invK(): string {
    return (this.ik ??= textKey(this.ref.investor));
  }
  /** Its identity (name and investor), or null without a name. */
  get id(): string | null {
    return this.ref.name === null ? null : `${this.nameK}\u0000${this.invK}`;
  }
  /** The same name and investor (both folded) as y. */
  sameIdentity(y: Rec): boolean {
    if (this.ref.name === null || y.ref.name === null) return false;
    if (this.ref.name === y.ref.name && this.ref.investor === y.ref.investor) return true;
    return this.nameK === y.nameK && this.invK === y.invK;
  }
  sameName(y: Rec): boolean {
    return this.ref.name === y.ref.name || this.nameK === y.nameK;
  }
  sameInvestor(y: Rec): boolean {
    return this.ref.investor === y.ref.investor || this.invK === y.invK;
  }
}

function recOf(p: SnapshotProject): Rec {
  return new Rec(ref(p));
}

function idOf(x: Rec): string | null {
  return x.id;
}

// A compact byte form of a record's text: ASCII as itself, the Cyrillic alphabet and the common
// Kazakh letters and marks in one byte each (UTF-8 takes two), anything else escaped in three.
const ONE_BYTE: number[] = (() => {
  const t: number[] = [];
  for (let c = 0x410; c <= 0x44f; c++) t.push(c); // А..я
  for (const ch of 'ЁёІіӘәҒғҚқҢңӨөҰұҮүҺһ«»—–№’“”\u00a0') t.push(ch.charCodeAt(0));
  return t;
})();
const BYTE_OF = new Map<number, number>(ONE_BYTE.map((c, i) => [c, 0x80 + i]));
const ESCAPE = 0xff;

/** The text's bytes written at `at` (room for 3 bytes a unit); their count. */
function packText(text: string, into: Uint8Array, at: number): number {
  let k = at;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) into[k++] = c;
    else {
      const b = BYTE_OF.get(c);
      if (b !== undefined) into[k++] = b;
      else {
        into[k++] = ESCAPE;
        into[k++] = c >>> 8;
        into[k++] = c & 0xff;
      }
    }
  }
  return k - at;
}

function unpackText(bytes: Uint8Array, from: number, to: number): string {
  let out = '';
  const codes: number[] = [];
  for (let k = from; k < to;) {
    const b = bytes[k++];
    if (b < 0x80) codes.push(b);
    else if (b === ESCAPE) {
      codes.push((bytes[k] << 8) | bytes[k + 1]);
      k += 2;
    } else codes.push(ONE_BYTE[b - 0x80]);
    if (codes.length >= 4096) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

/**
 * Projects as the matcher keeps them (Rec), each one UTF-8 JSON array in chunks of bytes: a few
 * hundred bytes a project, no object per project held.
 */
class RecStore {
  private readonly chunks: Uint8Array[] = [];
  private used = CHUNK;
  private readonly where = new IntList();
  private readonly start = new IntList();
  private readonly len = new IntList();

  get length(): number {
    return this.where.n;
  }

  add(x: Rec): number {
    const r = x.ref;
    const text = JSON.stringify([r.row, r.number, r.name, r.investor, r.status, r.statusText, r.date, r.KZT, r.CNY, r.currency]);
    // At most 3 bytes a UTF-16 unit.
    const most = text.length * 3;
    if (this.used + most > CHUNK) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK, most)));
      this.used = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1];
    const written = packText(text, chunk, this.used);
    this.where.push(this.chunks.length - 1);
    this.start.push(this.used);
    this.len.push(written);
    this.used += written;
    return this.where.n - 1;
  }

  get(i: number): Rec {
    const s = this.start.get(i);
    const a = JSON.parse(unpackText(this.chunks[this.where.get(i)], s, s + this.len.get(i))) as (string | number | null)[];
    return new Rec({
      row: a[0] as number, number: a[1] as string | null, name: a[2] as string | null, investor: a[3] as string | null,
      status: a[4] as string | null, statusText: a[5] as string | null, date: a[6] as string | null,
      KZT: a[7] as string | null, CNY: a[8] as string | null, currency: a[9] as string | null,
    });
  }
}

/** FNV-1a over a key's UTF-16 units: a bucket for a key; equal keys are still compared in full. */
function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

const NONE = -1;

/** The same field changes as fieldChanges, on the matcher's records (their keys folded once). */
function recChanges(x: Rec, y: Rec, rule: MatchRule): FieldChange[] {
  const a = x.ref, b = y.ref;
  const out: FieldChange[] = [];
  if (rule === 'number') {
    if (!x.sameName(y)) out.push({ field: 'name', from: a.name, to: b.name });
    if (!x.sameInvestor(y)) out.push({ field: 'investor', from: a.investor, to: b.investor });
  }
  if (a.KZT !== b.KZT || a.CNY !== b.CNY) out.push({ field: 'value', KZT: money(a.KZT, b.KZT), CNY: money(a.CNY, b.CNY) });
  if (a.currency !== null && b.currency !== null && a.currency !== b.currency) out.push({ field: 'currency', from: a.currency, to: b.currency });
  const sa = a.status ?? (a.statusText === null ? null : textKey(a.statusText));
  const sb = b.status ?? (b.statusText === null ? null : textKey(b.statusText));
  if (sa !== sb) out.push({ field: 'status', from: a.status, to: b.status, fromText: a.statusText, toText: b.statusText });
  if (a.date !== b.date) out.push({ field: 'date', from: a.date, to: b.date });
  return out;
}

/**
 * What changed between two months, in compact structures and linear in the projects: the previous
 * month's projects (addFrom, then sealFrom) are kept as RecStore records (their names and investors
 * folded once) with three hash chains (number with name and investor; name and investor; number), each
 * in the order the projects came; this month's come one at a time (addTo) and the first pass (the same
 * number, name and investor) is made as each arrives, so a matched project is compared at once and
 * kept only if it changed. The few left go through the other two passes at finish(). Pairs exactly as
 * matchProjects does (for each of this month's projects in its order, the first free project of the
 * previous month in its order, pass by pass).
 */
export class ChangesMatcher {
  private readonly from = new RecStore();
  private readonly numHash = new IntList();
  private readonly idHash = new IntList();
  private readonly bothHash = new IntList();
  /** Which keys a project has (1: a number, 2: a name), apart from the hashes, so a hash of 0 is not taken for none. */
  private readonly keyFlags = new IntList();
  private mask = 0;
  private heads: Int32Array[] = [];
  private next: Int32Array[] = [];
  private usedA = new Uint8Array(0);
  private sealed = false;
  /** This month's projects not paired in the first pass: their records and their index in this month. */
  private readonly rest = new RecStore();
  private readonly restB = new IntList();
  private nTo = 0;
  private unchanged = 0;
  private readonly changed: { b: number; entry: ChangedProject }[] = [];
  private readonly renumbered: { b: number; entry: ChangesJson['renumbered'][number] }[] = [];

  /** The previous month's next project. */
  addFrom(p: SnapshotProject): void {
    if (this.sealed) throw new Error('ChangesMatcher: addFrom after sealFrom');
    const x = recOf(p);
    this.from.add(x);
    const id = idOf(x);
    this.numHash.push(x.num === null ? 0 : hashKey(x.num));
    this.idHash.push(id === null ? 0 : hashKey(id));
    this.bothHash.push(x.num === null || id === null ? 0 : hashKey(`${x.num}\u0001${id}`));
    this.keyFlags.push((x.num === null ? 0 : 1) | (id === null ? 0 : 2));
  }

  /** The previous month is complete: its chains are built. */
  sealFrom(): void {
    if (this.sealed) return;
    const n = this.from.length;
    let size = 1024;
    while (size < 2 * n) size *= 2;
    this.mask = size - 1;
    this.usedA = new Uint8Array(n);
    const lists = [this.bothHash, this.idHash, this.numHash];
    const need = [3, 2, 1];
    this.heads = lists.map(() => new Int32Array(size).fill(NONE));
    this.next = lists.map(() => new Int32Array(n).fill(NONE));
    // Backwards, so each chain runs in the previous month's order.
    for (let c = 0; c < 3; c++) {
      const head = this.heads[c], next = this.next[c], list = lists[c];
      for (let i = n - 1; i >= 0; i--) {
        if ((this.keyFlags.get(i) & need[c]) !== need[c]) continue;
        const bucket = list.get(i) & this.mask;
        next[i] = head[bucket];
        head[bucket] = i;
      }
    }
    this.sealed = true;
  }

  /** The first free project of the previous month in chain `c` with `hash` that `ok` accepts. */
  private find(c: number, hash: number, ok: (a: Rec) => boolean): { a: number; rec: Rec } | null {
    const list = c === 0 ? this.bothHash : c === 1 ? this.idHash : this.numHash;
    for (let a = this.heads[c][hash & this.mask]; a !== NONE; a = this.next[c][a]) {
      if (this.usedA[a] || list.get(a) !== hash) continue;
      const rec = this.from.get(a);
      if (ok(rec)) return { a, rec };
    }
    return null;
  }

  private record(b: number, got: { a: number; rec: Rec }, y: Rec, rule: MatchRule): void {
    this.usedA[got.a] = 1;
    const changes = recChanges(got.rec, y, rule);
    if (changes.length) this.changed.push({ b, entry: { matchedBy: rule, from: got.rec.ref, to: y.ref, changes } });
    else {
      this.unchanged++;
      if (got.rec.num !== y.num) this.renumbered.push({ b, entry: { matchedBy: rule, from: got.rec.ref, to: y.ref } });
    }
  }

  /** This month's next project: paired at once when the first pass pairs it. */
  addTo(p: SnapshotProject): void {
    this.sealFrom();
    const b = this.nTo++;
    const y = recOf(p);
    const id = idOf(y);
    if (y.num !== null && id !== null) {
      const got = this.find(0, hashKey(`${y.num}\u0001${id}`), (x) => x.num === y.num && x.sameIdentity(y));
      if (got) {
        this.record(b, got, y, 'number');
        return;
      }
    }
    this.rest.add(y);
    this.restB.push(b);
  }

  /** The changes: the passes by name and investor, then by number with one of them edited, over what is left. */
  finish(from: SnapshotMetaLike, to: SnapshotMetaLike): ChangesJson {
    this.sealFrom();
    const left = this.rest.length;
    const pairedRest = new Uint8Array(left);
    for (let i = 0; i < left; i++) {
      const y = this.rest.get(i);
      const id = idOf(y);
      if (id === null) continue;
      const got = this.find(1, hashKey(id), (x) => x.sameIdentity(y));
      if (got) {
        pairedRest[i] = 1;
        this.record(this.restB.get(i), got, y, 'nameInvestor');
      }
    }
    for (let i = 0; i < left; i++) {
      if (pairedRest[i]) continue;
      const y = this.rest.get(i);
      if (y.num === null) continue;
      const got = this.find(2, hashKey(y.num), (x) => x.num === y.num && (
        (x.ref.name !== null && x.sameName(y)) || (x.ref.investor !== null && x.sameInvestor(y))));
      if (got) {
        pairedRest[i] = 1;
        this.record(this.restB.get(i), got, y, 'number');
      }
    }
    const added: ProjectRef[] = [];
    for (let i = 0; i < left; i++) if (!pairedRest[i]) added.push(this.rest.get(i).ref);
    const removed: ProjectRef[] = [];
    for (let a = 0; a < this.from.length; a++) if (!this.usedA[a]) removed.push(this.from.get(a).ref);
    const byB = <T>(xs: { b: number; entry: T }[]) => xs.sort((p, q) => p.b - q.b).map((p) => p.entry);
    const changed = byB(this.changed);
    const renumbered = byB(this.renumbered);
    const tf = totals(from), tt = totals(to);
    return {
      from: { month: from.month, file: from.source.file, sheet: from.source.sheet },
      to: { month: to.month, file: to.source.file, sheet: to.source.sheet },
      totals: { from: tf, to: tt, diff: { projects: tt.projects - tf.projects, KZT: diff(tf.KZT, tt.KZT)!, CNY: diff(tf.CNY, tt.CNY)! } },
      counts: { added: added.length, removed: removed.length, changed: changed.length, unchanged: this.unchanged, renumbered: renumbered.length },
      added,
      removed,
      changed,
      renumbered,
    };
  }
}

/** What compareSnapshots needs of a month besides its projects. */
export type SnapshotMetaLike = Pick<Snapshot, 'month' | 'source' | 'totals'>;
