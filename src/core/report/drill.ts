/**
 * Drill-down: the register rows behind a figure of the summary sheets, found by the figure's own
 * formula — the same ranges and criteria Excel evaluates — so the rows listed are the rows the figure
 * counts or sums, and they add up to it.
 *
 * Only the shapes our sheets write are read (sheets/groups.ts, sheets/overview.ts):
 * - a group's figure: `COUNTIFS(reg,crit[,reg,crit])`, `SUMIFS(sum,reg,crit[,reg,crit])`, the exact
 *   comparison `SUMPRODUCT(--(reg=$A5))` / `SUMPRODUCT(--(reg=$A5),sum)`; a criterion is a cell of the
 *   summary sheet (the group's label), a literal (`"="`: not stated) or `">="&DATE(y,m,1)`;
 * - the overview's headline figures: `COUNT(reg)`, `SUM(reg)`;
 * - a total line: `SUM(B5:B8)` over figures of the same sheet (each drilled in turn), or `0`;
 * - a control line: `B9-COUNT(reg)`, `ROUND(C9-SUM(reg),2)`: the rows counted by the groups less the
 *   register's own, each row with its weight (+1, −1, +2 when two groups count it…), so the rows left
 *   are exactly the difference (none when the control is 0).
 * Anything else (a share, a figure typed in, a formula of the user's) is refused with a reason.
 *
 * Criteria are matched as Excel's COUNTIFS/SUMIFS match them: text equal ignoring case, with the
 * wildcards * ? and ~ (a label edited in the sheet to hold one matches as Excel would match it);
 * "=" only blank cells, "<>" every non-blank cell; a number (after an operator) compares with number
 * cells only. SUMPRODUCT's `=` compares as Excel's `=` does: texts ignoring case, no wildcards, a
 * blank cell equal to "" and 0. SUMIFS, SUM and SUMPRODUCT add number cells only (text is 0).
 *
 * Sums are exact: each cell's number is read as its shortest decimal (the decimal the tool wrote,
 * whole tenge with 2 decimals) into big.js, never added as doubles.
 */
import Big from 'big.js';
import { columnNumber, parseAddress, parseRange } from '../grid/a1';
import { dateToSerial, shownValue } from '../grid/grid';
import { LANGS } from '../words';
import { Words } from './sheets/common';
import { REG_HEADER_ROW, RegisterSheet } from './sheets/register';

/** Why a cell has no rows to show. */
export type DrillProblem =
  /** More than one cell, or none, is selected. */
  | 'NOT_ONE_CELL'
  /** The cell holds no formula (a label, a figure typed in, an empty cell). */
  | 'NO_FORMULA'
  /** The cell is a share (a ratio of two figures), not a count or a sum of rows. */
  | 'SHARE'
  /** A formula the tool does not write. */
  | 'NOT_OURS'
  /** The register sheet the formula reads is not in the workbook. */
  | 'NO_REGISTER';

/**
 * Cells of the summary sheet the figure's formula points at: the group labels a criterion reads, the
 * figures a total line sums (their formulas). Values and formulas as Range.values / Range.formulas read
 * them (a formula cell's `formula` starts with "="; another cell's is its value). 1-based.
 */
export interface SummaryCells {
  value(row: number, col: number): unknown;
  formula(row: number, col: number): unknown;
}

/** SummaryCells over arrays read from (`top`, `left`), as a used range or a test's plan gives them. */
export function summaryFromArrays(values: unknown[][], formulas: unknown[][], top = 1, left = 1): SummaryCells {
  return {
    value: (r, c) => values[r - top]?.[c - left],
    formula: (r, c) => formulas[r - top]?.[c - left],
  };
}

/** A block of cells of the summary sheet, 1-based and inclusive. */
export interface LocalRect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** What a figure reads of one register sheet: rows `first`..`last` of `columns` (1-based). */
export interface RegisterNeed {
  sheet: string;
  first: number;
  last: number;
  columns: number[];
}

/** The register sheet's cells as the pane (or a test) has read them. */
export interface RegisterCells {
  /** The header row (REG_HEADER_ROW) from column A: tells which column is the name, the №, the source. */
  header: unknown[];
  /** A cell's value as Range.values reads it ("" or null when empty; a date as its serial, or a Date). */
  cell(row: number, col: number): unknown;
}

/** What a figure adds up. */
export type DrillKind = 'count' | 'KZT' | 'CNY' | 'jobs' | 'number';

export interface DrillRow {
  /** The row on the register sheet. */
  row: number;
  /** How many times the figure takes the row: 1 for a group's; in a control line +1 or −1 (counted by the groups, or by the register only). */
  weight: number;
  no: number | null;
  name: string | null;
  /** The summed cell's number as a decimal string; null for a count, or when the cell holds no number. */
  figure: string | null;
  /** The source cell the register row came from ("Тізілім 2025-10!A8"), as the register's source column writes it. */
  source: string | null;
}

export type Drill =
  | {
      ok: true;
      kind: DrillKind;
      /** The register sheet the figure reads (null when it reads none: a total of no groups). */
      sheet: string | null;
      /** The register sheet's column the figure sums (1-based), null for a count. */
      column: number | null;
      rows: DrillRow[];
      /** The rows' count or sum, exact: Σ weight × figure. */
      total: Big;
      /** The selected cell's number, null when it holds none (an error). */
      figure: Big | null;
      /** The rows add up to the cell's figure (to the tiyn for money, exactly for counts). */
      agrees: boolean;
    }
  | { ok: false; problem: DrillProblem; sheet?: string };

// ---------------------------------------------------------------- formulas

type Node =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'ref'; sheet: string | null; r0: number; c0: number; r1: number; c1: number }
  | { k: 'call'; fn: string; args: Node[] }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'neg'; a: Node };

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'ref'; sheet: string | null; r0: number; c0: number; r1: number; c1: number }
  | { t: 'fn'; v: string }
  | { t: 'op'; v: string };

class NotOurs extends Error {}

/** A1 or A1:B9 (with $ signs) → corners on the sheet; null when it is not one. */
function rangeRef(s: string): { r0: number; c0: number; r1: number; c1: number } | null {
  if (s.includes('!')) return null;
  const r = parseRange(s);
  return r ? { r0: r.top, c0: r.left, r1: r.bottom, c1: r.right } : null;
}

function tokens(f: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const refAt = (sheet: string | null) => {
    const m = /^[$A-Za-z0-9:]+/.exec(f.slice(i));
    const r = m ? rangeRef(m[0]) : null;
    if (!m || !r) throw new NotOurs();
    i += m[0].length;
    out.push({ t: 'ref', sheet, ...r });
  };
  while (i < f.length) {
    const c = f[i];
    if (c === ' ' || c === '@') {
      i++;
    } else if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= f.length) throw new NotOurs();
        if (f[i] === '"') {
          if (f[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += f[i++];
      }
      out.push({ t: 'str', v: s });
    } else if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= f.length) throw new NotOurs();
        if (f[i] === "'") {
          if (f[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += f[i++];
      }
      if (f[i] !== '!') throw new NotOurs();
      i++;
      refAt(s);
    } else if (/[0-9.]/.test(c)) {
      const m = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(f.slice(i));
      if (!m) throw new NotOurs();
      // A cell address begins with letters; digits alone are a number.
      i += m[0].length;
      out.push({ t: 'num', v: Number(m[0]) });
    } else if (c === '$' || /[\p{L}_]/u.test(c)) {
      const m = /^[$\p{L}\p{N}_.]+/u.exec(f.slice(i)) as RegExpExecArray;
      const word = m[0];
      const after = f[i + word.length];
      if (after === '(' && !word.includes('$')) {
        i += word.length;
        out.push({ t: 'fn', v: word.toUpperCase().replace(/^_XLFN\./, '') });
      } else if (after === '!' && !word.includes('$')) {
        i += word.length + 1;
        refAt(word);
      } else {
        refAt(null);
      }
    } else if (f.startsWith('<>', i) || f.startsWith('<=', i) || f.startsWith('>=', i)) {
      out.push({ t: 'op', v: f.slice(i, i + 2) });
      i += 2;
    } else if ('=<>&+-*/(),'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
    } else {
      throw new NotOurs();
    }
  }
  return out;
}

/** A formula as Range.formulas reads it ("=COUNTIFS(…)") → its tree; NotOurs for what cannot be read. */
function parse(formula: string): Node {
  const src = formula.trim().replace(/^=/, '');
  const ts = tokens(src);
  let p = 0;
  const peek = (v: string) => {
    const x = ts[p];
    return !!x && x.t === 'op' && x.v === v;
  };
  const expect = (v: string) => {
    if (!peek(v)) throw new NotOurs();
    p++;
  };
  const compare = (): Node => {
    let a = concat();
    while (ts[p]?.t === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes((ts[p] as { v: string }).v)) {
      const op = (ts[p++] as { v: string }).v;
      a = { k: 'bin', op, a, b: concat() };
    }
    return a;
  };
  const concat = (): Node => {
    let a = add();
    while (peek('&')) {
      p++;
      a = { k: 'bin', op: '&', a, b: add() };
    }
    return a;
  };
  const add = (): Node => {
    let a = mul();
    while (peek('+') || peek('-')) {
      const op = (ts[p++] as { v: string }).v;
      a = { k: 'bin', op, a, b: mul() };
    }
    return a;
  };
  const mul = (): Node => {
    let a = unary();
    while (peek('*') || peek('/')) {
      const op = (ts[p++] as { v: string }).v;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Node => {
    if (peek('-')) {
      p++;
      return { k: 'neg', a: unary() };
    }
    if (peek('+')) {
      p++;
      return unary();
    }
    return primary();
  };
  const primary = (): Node => {
    const x = ts[p++];
    if (!x) throw new NotOurs();
    if (x.t === 'num') return { k: 'num', v: x.v };
    if (x.t === 'str') return { k: 'str', v: x.v };
    if (x.t === 'ref') return { k: 'ref', sheet: x.sheet, r0: x.r0, c0: x.c0, r1: x.r1, c1: x.c1 };
    if (x.t === 'fn') {
      expect('(');
      const args: Node[] = [];
      if (!peek(')')) {
        args.push(compare());
        while (peek(',')) {
          p++;
          args.push(compare());
        }
      }
      expect(')');
      return { k: 'call', fn: x.v, args };
    }
    if (x.v === '(') {
      const e = compare();
      expect(')');
      return e;
    }
    throw new NotOurs();
  };
  const root = compare();
  if (p !== ts.length) throw new NotOurs();
  return root;
}

// ---------------------------------------------------------------- criteria

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

/** A cell's value as Excel compares it: a Date as its serial (1900 system, as the register sheet's dates are written). */
function norm(v: unknown): unknown {
  return v instanceof Date ? dateToSerial(v) : v;
}

/** Excel's number → text in a concatenation (whole numbers and plain decimals, as our DATE serials are). */
function numberText(n: number): string {
  return String(n);
}

function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '~' && i + 1 < pattern.length && '*?~'.includes(pattern[i + 1])) {
      re += '\\' + pattern[++i];
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'iu');
}

const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

function numCompare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '<>': return a !== b;
    default: return a === b;
  }
}

/** A COUNTIFS/SUMIFS criterion → the test of a cell. */
export function criterionTest(criterion: unknown): (v: unknown) => boolean {
  const c = norm(criterion);
  if (typeof c === 'number') return (v) => norm(v) === c;
  if (typeof c === 'boolean') return (v) => v === c;
  if (isBlank(c)) return isBlank;
  const s = String(c);
  const m = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(s) as RegExpExecArray;
  const op = m[1] ?? '';
  const rest = m[2];
  if (rest === '') {
    if (op === '' || op === '=') return isBlank;
    if (op === '<>') return (v) => !isBlank(v);
    return () => false;
  }
  if (NUMBER_TEXT.test(rest)) {
    const n = Number(rest);
    return (v) => {
      const x = norm(v);
      if (typeof x === 'number') return numCompare(op, x, n);
      return op === '<>';
    };
  }
  if (/^(true|false)$/i.test(rest) && (op === '' || op === '=' || op === '<>')) {
    const b = rest.toLowerCase() === 'true';
    return (v) => (op === '<>' ? v !== b : v === b);
  }
  if (op === '' || op === '=' || op === '<>') {
    const re = wildcard(rest);
    const hit = (v: unknown) => typeof v === 'string' && re.test(v);
    return op === '<>' ? (v) => !hit(v) : hit;
  }
  const low = rest.toLowerCase();
  return (v) => typeof v === 'string' && numCompare(op, v.toLowerCase().localeCompare(low) , 0);
}

/** Excel's `=` between a cell and a value (SUMPRODUCT's comparison): texts ignoring case, no wildcards. */
export function excelEquals(a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (isBlank(x) && isBlank(y)) return true;
  if (isBlank(x)) return y === 0 || y === false;
  if (isBlank(y)) return x === 0 || x === false;
  if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase();
  return x === y;
}

// ---------------------------------------------------------------- figures → terms

/** One aggregate over a register sheet: the rows whose tests pass, counted or summed, with a sign. */
interface Term {
  sign: number;
  sheet: string;
  first: number;
  last: number;
  /** The summed column; null for a count. */
  sum: number | null;
  tests: { col: number; test: (v: unknown) => boolean }[];
}

class Share extends Error {}

interface Ctx {
  summary: SummaryCells;
  date1904: boolean;
}

function localCell(ctx: Ctx, row: number, col: number, what: 'values' | 'formulas'): unknown {
  return what === 'values' ? ctx.summary.value(row, col) : ctx.summary.formula(row, col);
}

/** A register range: one column, sheet-qualified. */
function column(n: Node): { sheet: string; first: number; last: number; col: number } {
  if (n.k !== 'ref' || n.sheet === null || n.c0 !== n.c1) throw new NotOurs();
  return { sheet: n.sheet, first: n.r0, last: n.r1, col: n.c0 };
}

/** The value of a criterion: a literal, a cell of the summary sheet, DATE(y,m,d), or their concatenation. */
function value(ctx: Ctx, n: Node): unknown {
  switch (n.k) {
    case 'str':
    case 'num':
      return n.v;
    case 'ref':
      if (n.sheet !== null || n.r0 !== n.r1 || n.c0 !== n.c1) throw new NotOurs();
      return localCell(ctx, n.r0, n.c0, 'values');
    case 'bin': {
      if (n.op !== '&') throw new NotOurs();
      const text = (v: unknown) => (typeof v === 'number' ? numberText(v) : isBlank(v) ? '' : String(v));
      return text(value(ctx, n.a)) + text(value(ctx, n.b));
    }
    case 'call': {
      if (n.fn !== 'DATE' || n.args.length !== 3) throw new NotOurs();
      const [y, m, d] = n.args.map((a) => value(ctx, a));
      if (typeof y !== 'number' || typeof m !== 'number' || typeof d !== 'number') throw new NotOurs();
      const serial = dateToSerial(new Date(Date.UTC(y, m - 1, d)));
      // The 1904 system counts from 1 Jan 1904: 1462 days fewer.
      return ctx.date1904 ? serial - 1462 : serial;
    }
    default:
      throw new NotOurs();
  }
}

function sameSpan(a: { sheet: string; first: number; last: number }, b: { sheet: string; first: number; last: number }): void {
  if (a.sheet !== b.sheet || a.first !== b.first || a.last !== b.last) throw new NotOurs();
}

/** `--(range=x)`: the criterion of our exact comparison. */
function exactTest(ctx: Ctx, n: Node): { range: ReturnType<typeof column>; test: (v: unknown) => boolean } {
  if (n.k !== 'neg' || n.a.k !== 'neg') throw new NotOurs();
  const cmp = n.a.a;
  if (cmp.k !== 'bin' || cmp.op !== '=') throw new NotOurs();
  const range = column(cmp.a);
  const x = value(ctx, cmp.b);
  return { range, test: (v) => excelEquals(v, x) };
}

/** A figure's formula → the terms it adds up (depth: SUM over cells of the same sheet reads their formulas). */
function terms(ctx: Ctx, n: Node, sign: number, depth: number): Term[] {
  if (depth > 4) throw new NotOurs();
  switch (n.k) {
    case 'num':
      if (n.v !== 0) throw new NotOurs();
      return [];
    case 'neg':
      return terms(ctx, n.a, -sign, depth);
    case 'bin':
      if (n.op === '+' || n.op === '-') return [...terms(ctx, n.a, sign, depth), ...terms(ctx, n.b, n.op === '-' ? -sign : sign, depth)];
      throw new NotOurs();
    case 'ref': {
      if (n.sheet !== null) throw new NotOurs();
      return localTerms(ctx, n, sign, depth);
    }
    case 'call':
      break;
    default:
      throw new NotOurs();
  }
  const { fn, args } = n;
  switch (fn) {
    case 'COUNTIFS':
    case 'SUMIFS': {
      const sum = fn === 'SUMIFS' ? column(args[0] ?? { k: 'num', v: 0 }) : null;
      const pairs = fn === 'SUMIFS' ? args.slice(1) : args;
      if (pairs.length === 0 || pairs.length % 2 !== 0) throw new NotOurs();
      const tests: Term['tests'] = [];
      let span: ReturnType<typeof column> | null = sum;
      for (let i = 0; i < pairs.length; i += 2) {
        const r = column(pairs[i]);
        if (span) sameSpan(span, r);
        span = r;
        tests.push({ col: r.col, test: criterionTest(value(ctx, pairs[i + 1])) });
      }
      const s = span as ReturnType<typeof column>;
      return [{ sign, sheet: s.sheet, first: s.first, last: s.last, sum: sum ? sum.col : null, tests }];
    }
    case 'SUMPRODUCT': {
      if (args.length < 1 || args.length > 2) throw new NotOurs();
      const { range, test } = exactTest(ctx, args[0]);
      const sum = args[1] ? column(args[1]) : null;
      if (sum) sameSpan(range, sum);
      return [{ sign, sheet: range.sheet, first: range.first, last: range.last, sum: sum ? sum.col : null, tests: [{ col: range.col, test }] }];
    }
    case 'COUNT': {
      if (args.length !== 1) throw new NotOurs();
      const r = column(args[0]);
      return [{ sign, sheet: r.sheet, first: r.first, last: r.last, sum: null, tests: [{ col: r.col, test: (v) => typeof norm(v) === 'number' }] }];
    }
    case 'SUM': {
      const out: Term[] = [];
      for (const a of args) {
        if (a.k === 'ref' && a.sheet === null) out.push(...localTerms(ctx, a, sign, depth));
        else {
          const r = column(a);
          out.push({ sign, sheet: r.sheet, first: r.first, last: r.last, sum: r.col, tests: [] });
        }
      }
      return out;
    }
    case 'ROUND': {
      // ROUND(x,2) of a sum of 2-decimal figures changes nothing but floating-point dust.
      if (args.length !== 2 || args[1].k !== 'num' || args[1].v !== 2) throw new NotOurs();
      return terms(ctx, args[0], sign, depth);
    }
    case 'IF':
      throw new Share();
    default:
      throw new NotOurs();
  }
}

/** Figures of the summary sheet a total or a control line reads: each cell's own formula. */
function localTerms(ctx: Ctx, n: Extract<Node, { k: 'ref' }>, sign: number, depth: number): Term[] {
  const out: Term[] = [];
  for (let r = n.r0; r <= n.r1; r++) {
    for (let c = n.c0; c <= n.c1; c++) {
      const f = localCell(ctx, r, c, 'formulas');
      if (typeof f !== 'string' || !f.startsWith('=')) throw new NotOurs();
      out.push(...terms(ctx, parse(f), sign, depth + 1));
    }
  }
  return out;
}

interface Analysis {
  terms: Term[];
}

function analyse(formula: unknown, summary: SummaryCells, date1904: boolean): Analysis | { problem: DrillProblem } {
  if (typeof formula !== 'string' || !formula.startsWith('=')) return { problem: 'NO_FORMULA' };
  try {
    const ts = terms({ summary, date1904 }, parse(formula), 1, 0);
    // One aggregate throughout: one register sheet, all counts or all sums of one column.
    for (const t of ts) {
      if (t.sheet !== ts[0].sheet || t.sum !== ts[0].sum) return { problem: 'NOT_OURS' };
    }
    return { terms: ts };
  } catch (e) {
    if (e instanceof Share) return { problem: 'SHARE' };
    if (e instanceof NotOurs) return { problem: 'NOT_OURS' };
    throw e;
  }
}

// ---------------------------------------------------------------- the register's columns

let headers: Map<string, string> | null = null;

/** The register sheet's header texts in every language (one-language and bilingual) → their column keys. */
function headerKeys(): Map<string, string> {
  if (headers) return headers;
  const m = new Map<string, string>();
  for (const lang of LANGS) {
    for (const bilingual of [false, true]) {
      const opts = { lang, file: '', reportDate: '2000-01-01', bilingual };
      const sheet = new RegisterSheet(opts, new Words(opts), 'x', { sheet: 'x' }, true);
      const head = sheet.head()[REG_HEADER_ROW - 1];
      for (const [key, letters] of Object.entries(sheet.layout().col)) {
        const v = head[columnNumber(letters) - 1]?.v;
        if (typeof v === 'string' && !m.has(v.trim().toLowerCase())) m.set(v.trim().toLowerCase(), key);
      }
    }
  }
  return (headers = m);
}

/** The register sheet's columns by key (no, name, KZT, CNY, jobs, source…), 1-based, from its header row. */
export function registerColumns(header: unknown[]): Record<string, number> {
  const keys = headerKeys();
  const out: Record<string, number> = {};
  header.forEach((v, i) => {
    const key = typeof v === 'string' ? keys.get(v.trim().toLowerCase()) : undefined;
    if (key && out[key] === undefined) out[key] = i + 1;
  });
  return out;
}

/** The register's columns the drill-down shows beside each row. */
export const SHOWN_KEYS = ['no', 'name', 'source'] as const;

// ---------------------------------------------------------------- the API

/**
 * The cells of the summary sheet a formula points at (labels, the figures a total line sums), for an
 * adapter to read them before drilling: empty for a formula that is not ours (drillDown then says why).
 */
export function localRefs(formula: unknown): LocalRect[] {
  if (typeof formula !== 'string' || !formula.startsWith('=')) return [];
  let root: Node;
  try {
    root = parse(formula);
  } catch (e) {
    if (e instanceof NotOurs) return [];
    throw e;
  }
  const out: LocalRect[] = [];
  const walk = (n: Node): void => {
    if (n.k === 'ref' && n.sheet === null) out.push({ r0: n.r0, c0: n.c0, r1: n.r1, c1: n.c1 });
    else if (n.k === 'call') n.args.forEach(walk);
    else if (n.k === 'bin') {
      walk(n.a);
      walk(n.b);
    } else if (n.k === 'neg') walk(n.a);
  };
  walk(root);
  return out;
}

/**
 * What the figure in a cell reads of the register: the sheets, rows and columns to fetch (the columns
 * it tests and sums; add the header row and SHOWN_KEYS' columns to show the rows). A problem when the
 * cell is no figure the tool wrote.
 */
export function drillNeeds(formula: unknown, summary: SummaryCells, date1904 = false): { ok: true; needs: RegisterNeed[] } | { ok: false; problem: DrillProblem } {
  const a = analyse(formula, summary, date1904);
  if ('problem' in a) return { ok: false, problem: a.problem };
  const by = new Map<string, RegisterNeed>();
  for (const t of a.terms) {
    let n = by.get(t.sheet);
    if (!n) by.set(t.sheet, (n = { sheet: t.sheet, first: t.first, last: t.last, columns: [] }));
    n.first = Math.min(n.first, t.first);
    n.last = Math.max(n.last, t.last);
    for (const c of [...t.tests.map((x) => x.col), ...(t.sum ? [t.sum] : [])]) if (!n.columns.includes(c)) n.columns.push(c);
  }
  return { ok: true, needs: [...by.values()] };
}

function decimalOf(v: unknown): string | null {
  const x = norm(v);
  return typeof x === 'number' && Number.isFinite(x) ? String(x) : null;
}

/** A listed row's text cell (№, name, source) as a message shows it; null when empty. */
const cellText = (v: unknown): string | null => shownValue(v) || null;

/**
 * The rows behind the figure of a cell: its formula (as Range.formulas reads it), its value, the
 * summary sheet's cells (labels, and the figures a total line sums), and the register sheets it reads.
 */
export function drillDown(input: {
  formula: unknown;
  value: unknown;
  summary: SummaryCells;
  registers: (sheet: string) => RegisterCells | null;
  date1904?: boolean;
}): Drill {
  const a = analyse(input.formula, input.summary, !!input.date1904);
  if ('problem' in a) return { ok: false, problem: a.problem };
  const sheet = a.terms[0]?.sheet ?? null;
  const reg = sheet === null ? null : input.registers(sheet);
  if (sheet !== null && !reg) return { ok: false, problem: 'NO_REGISTER', sheet };
  const sumCol = a.terms[0]?.sum ?? null;
  const cols = reg ? registerColumns(reg.header) : {};
  const sumKey = sumCol === null ? null : Object.keys(cols).find((k) => cols[k] === sumCol);
  const kind: DrillKind = sumCol === null ? 'count' : sumKey === 'KZT' || sumKey === 'CNY' || sumKey === 'jobs' ? sumKey : 'number';

  const weights = new Map<number, number>();
  if (reg) {
    for (const t of a.terms) {
      for (let r = t.first; r <= t.last; r++) {
        let pass = true;
        for (const x of t.tests) {
          if (!x.test(reg.cell(r, x.col))) {
            pass = false;
            break;
          }
        }
        if (pass) weights.set(r, (weights.get(r) ?? 0) + t.sign);
      }
    }
  }
  const rows: DrillRow[] = [];
  let total = new Big(0);
  for (const r of [...weights.keys()].sort((x, y) => x - y)) {
    const weight = weights.get(r) as number;
    if (weight === 0 || !reg) continue;
    const figure = sumCol === null ? null : decimalOf(reg.cell(r, sumCol));
    total = total.plus(sumCol === null ? weight : figure === null ? 0 : new Big(figure).times(weight));
    const no = cols.no ? norm(reg.cell(r, cols.no)) : null;
    rows.push({
      row: r,
      weight,
      no: typeof no === 'number' ? no : null,
      name: cols.name ? cellText(reg.cell(r, cols.name)) : null,
      figure,
      source: cols.source ? cellText(reg.cell(r, cols.source)) : null,
    });
  }
  const shown = decimalOf(input.value);
  const figure = shown === null ? null : new Big(shown);
  // Excel's own sums of 2-decimal figures may carry floating-point dust: money agrees to the tiyn.
  const agrees = figure !== null && (kind === 'count' ? figure.eq(total) : figure.round(2, Big.roundHalfUp).eq(total.round(2, Big.roundHalfUp)));
  return { ok: true, kind, sheet, column: sumCol, rows, total, figure, agrees };
}

/** A source cell as the register's source column writes it ("Тізілім 2025-10!A8") → its sheet and cell; null when it is not one. */
export function sourceCell(text: string | null): { sheet: string; cell: string } | null {
  if (!text) return null;
  const at = text.lastIndexOf('!');
  if (at <= 0) return null;
  const cell = text.slice(at + 1);
  return parseAddress(cell) ? { sheet: text.slice(0, at), cell } : null;
}

