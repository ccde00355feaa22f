/**
 * What changed between two months: new projects, projects no longer in the register, changed
 * values (tenge and yuan, old → new, with the difference), statuses, dates, the currency a value is
 * stated in, and the totals then and now. Projects are matched by their number or, when the numbers
 * changed, by name and investor; every match says which rule made it.
 */
import Big from 'big.js';
import type { Lang } from './i18n';
import { label } from './labels';
import type { PlanCell, PlanValue, SheetPlan } from './plan';
import { safeSheetName } from './plan';
import { rlabel, rlabels } from './report-labels';
import type { Snapshot, SnapshotProject } from './snapshot';
import { FMT } from './summary';
import { fold } from './text';

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

function totals(s: Snapshot): Totals {
  return { projects: s.totals.projects, KZT: s.totals.KZT, CNY: s.totals.CNY };
}

/** Compare the previous month's snapshot with this month's. */
export function compareSnapshots(from: Snapshot, to: Snapshot): ChangesJson {
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
  return safeSheetName(rlabel('sheet.changes', lang));
}

function num(s: string | null): number | null {
  return s === null ? null : Number(s);
}

function dateValue(iso: string | null): PlanValue {
  return iso === null ? null : new Date(iso + 'T00:00:00Z');
}

function statusWord(code: string | null, text: string | null, lang: Lang): string | null {
  return code ? label(`status.${code}`, lang) : text;
}

const COLS = ['col.change', 'col.numberThen', 'col.numberNow', 'col.name', 'col.investor', 'col.matchedBy', 'col.was', 'col.becomes',
  'col.KZTThen', 'col.KZTNow', 'col.KZTDiff', 'col.CNYThen', 'col.CNYNow', 'col.CNYDiff'] as const;

/** The Changes sheet: the totals then and now, then one line per change, each naming its matching rule. */
export function changesPlan(c: ChangesJson, opts: ChangesSheetOptions): SheetPlan {
  const langs = opts.langs.length ? opts.langs : (['kk'] as const);
  const lang = langs[0];
  const formulas = opts.formulas ?? false;
  const rows: (PlanCell | null)[][] = [];
  const h = (key: string, params?: Record<string, string>) => ({ v: rlabels(key, langs, params), s: 'header' as const });
  rows.push([{ v: rlabels('changes.title', langs, undefined, ' / '), s: 'title' }]);
  rows.push([{ v: rlabel('changes.period', lang, { from: c.from.month, to: c.to.month }), s: 'subtitle' }]);
  const src = (x: ChangesJson['from']) => `${x.file}${x.sheet ? ' — ' + x.sheet : ''} (${x.month})`;
  rows.push([{ v: rlabel('changes.sources', lang, { from: src(c.from), to: src(c.to) }), s: 'subtitle' }]);
  rows.push([{ v: rlabels('changes.unit', langs, undefined, ' / '), s: 'unit' }]);
  rows.push([h('col.indicator'), h('col.then', { month: c.from.month }), h('col.now', { month: c.to.month }), h('col.diff')]);
  const totalLine = (key: string, a: number | null, b: number | null, d: number | null, fmt: string) => {
    const r = rows.length + 1;
    rows.push([
      { v: rlabels(key, langs, undefined, ' / '), s: 'cell' },
      { v: a, fmt, s: 'cell' },
      { v: b, fmt, s: 'cell' },
      { v: d, fmt, s: 'total', ...(formulas ? { f: `C${r}-B${r}` } : {}) },
    ]);
  };
  totalLine('row.projects', c.totals.from.projects, c.totals.to.projects, c.totals.diff.projects, FMT.count);
  totalLine('row.KZT', num(c.totals.from.KZT), num(c.totals.to.KZT), num(c.totals.diff.KZT), FMT.money);
  totalLine('row.CNY', num(c.totals.from.CNY), num(c.totals.to.CNY), num(c.totals.diff.CNY), FMT.money);
  rows.push([]);
  rows.push([{ v: rlabel('changes.counts', lang, c.counts), s: 'note' }]);
  rows.push([]);
  rows.push([{ v: rlabels('changes.list', langs, undefined, ' / '), s: 'subtitle' }]);
  const headerRow = rows.length + 1;
  rows.push(COLS.map((k) => h(k)));

  type Line = { kind: string; p: ProjectRef; a?: ProjectRef; rule?: MatchRule; was?: PlanValue; now?: PlanValue; wasFmt?: string; money?: { KZT: MoneyChange; CNY: MoneyChange } };
  const lines: Line[] = [];
  for (const p of c.added) lines.push({ kind: 'kind.added', p, now: statusWord(p.status, p.statusText, lang), money: { KZT: money(null, p.KZT), CNY: money(null, p.CNY) } });
  for (const p of c.removed) lines.push({ kind: 'kind.removed', p, a: p, was: statusWord(p.status, p.statusText, lang), money: { KZT: money(p.KZT, null), CNY: money(p.CNY, null) } });
  for (const x of c.changed) {
    for (const ch of x.changes) {
      const base = { p: x.to, a: x.from, rule: x.matchedBy };
      if (ch.field === 'value') lines.push({ ...base, kind: 'kind.value', money: { KZT: ch.KZT, CNY: ch.CNY } });
      else if (ch.field === 'status') lines.push({ ...base, kind: 'kind.status', was: statusWord(ch.from, ch.fromText, lang), now: statusWord(ch.to, ch.toText, lang) });
      else if (ch.field === 'date') lines.push({ ...base, kind: 'kind.date', was: dateValue(ch.from), now: dateValue(ch.to), wasFmt: FMT.date });
      else if (ch.field === 'currency') {
        const w = (v: string | null) => (v === null ? null : rlabel(`currency.${v}`, lang));
        lines.push({ ...base, kind: 'kind.currency', was: w(ch.from), now: w(ch.to) });
      } else lines.push({ ...base, kind: `kind.${ch.field}`, was: ch.from, now: ch.to });
    }
  }
  for (const l of lines) {
    const r = rows.length + 1;
    const m = l.money;
    const moneyCells = (mc: MoneyChange | undefined, then: string, now: string): PlanCell[] => {
      const d: PlanCell = { v: num(mc?.diff ?? null), fmt: FMT.money, s: 'cell' };
      if (formulas && mc && mc.diff !== null) d.f = `${now}${r}-${then}${r}`;
      return [{ v: num(mc?.from ?? null), fmt: FMT.money, s: 'cell' }, { v: num(mc?.to ?? null), fmt: FMT.money, s: 'cell' }, d];
    };
    const fmtOf = (v: PlanValue) => (v instanceof Date ? { fmt: FMT.date } : {});
    rows.push([
      { v: rlabel(l.kind, lang), s: 'cell' },
      { v: l.a ? l.a.number : null, s: 'cell' },
      { v: l.kind === 'kind.removed' ? null : l.p.number, s: 'cell' },
      { v: l.p.name, s: 'cell' },
      { v: l.p.investor, s: 'cell' },
      { v: l.rule ? rlabel(`match.${l.rule}`, lang) : null, s: 'cell' },
      { v: l.was ?? null, s: 'cell', ...fmtOf(l.was ?? null) },
      { v: l.now ?? null, s: 'cell', ...fmtOf(l.now ?? null) },
      ...moneyCells(m?.KZT, 'I', 'J'),
      ...moneyCells(m?.CNY, 'L', 'M'),
    ]);
  }
  if (lines.length === 0) rows.push([{ v: rlabel('changes.none', lang), s: 'note' }]);
  if (c.renumbered.length) {
    rows.push([]);
    rows.push([{ v: rlabels('changes.renumbered', langs, undefined, ' / '), s: 'subtitle' }]);
    rows.push(['col.change', 'col.numberThen', 'col.numberNow', 'col.name', 'col.investor', 'col.matchedBy'].map((k) => h(k)));
    for (const x of c.renumbered) {
      rows.push([
        { v: rlabel('kind.renumbered', lang), s: 'cell' },
        { v: x.from.number, s: 'cell' },
        { v: x.to.number, s: 'cell' },
        { v: x.to.name, s: 'cell' },
        { v: x.to.investor, s: 'cell' },
        { v: rlabel(`match.${x.matchedBy}`, lang), s: 'cell' },
      ]);
    }
  }
  return {
    name: changesSheetName(lang),
    role: 'changes',
    widths: [26, 10, 10, 40, 30, 24, 20, 20, 20, 20, 20, 18, 18, 18],
    rows,
    merges: [],
    print: { landscape: true, fitToWidth: true, repeatRows: { from: headerRow, to: headerRow } },
  };
}

