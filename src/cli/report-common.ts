/**
 * What the report commands share (export, snapshot, changes, template): the helpers the main program
 * lends them, the checks of --month and --today, a register read and checked as `summarize` does, and the
 * findings, snapshot and changes printed. Kept apart from report-commands.ts, which registers the
 * commands, so the command files import this and report-commands.ts imports them, with no cycle.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { ChangesJson } from '../core/monthly/changes';
import { countBySeverity, findingMessage, type Finding } from '../core/checks/findings';
import { formatFigure, isLang, t as word, text as words, type Lang } from '../core/words';
import { runPipeline, type PipelineResult } from '../core/report/pipeline';
import { InputError } from '../core/grid/problems';
import type { RateTable } from '../core/rates/rates';
import { isMonth, type Snapshot } from '../core/monthly/snapshot';
import { openSource, type SourceBook } from '../xlsx/read';
import { say, UsageError } from './common';

/** What the main program lends the report commands (so this file does not import main.ts). */
export interface ReportHelpers {
  exit: (code: number) => void;
  loadRates: (files: string[]) => Promise<RateTable>;
  pickSheet: (book: SourceBook) => string;
  /** The tool's version for the About sheet and snapshots; package.json's when not given. */
  version?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** package.json's version: lib/cli/*.js and src/cli/*.ts both sit two levels below it. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}


export function checkMonth(month: string | undefined, option = '--month'): string {
  if (!isMonth(month)) throw new UsageError(`${option} "${month ?? ''}" (YYYY-MM)`);
  return month;
}

export function checkDate(d: string | undefined): string | undefined {
  if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new UsageError(`--today "${d}" (YYYY-MM-DD)`);
  return d;
}

/** "kk,ru" → ['kk', 'ru']. */
export function parseLangs(s: string): Lang[] {
  const langs = s.split(',').map((x) => x.trim()).filter(Boolean);
  if (!langs.length || !langs.every(isLang)) throw new UsageError(`--headings "${s}" (kk, ru, en)`);
  return [...new Set(langs)] as Lang[];
}

export interface RegisterOptions { sheet?: string; rates: string[]; lang: Lang; today?: string }

/** Open, read and check a register, as `summarize` does. */
export async function checkedRegister(file: string, o: RegisterOptions, reportDate: string, h: ReportHelpers): Promise<Extract<PipelineResult, { ok: true }>> {
  const book = await openSource(file);
  const sheet = o.sheet ?? h.pickSheet(book);
  const grid = book.grid(sheet);
  const rates = await h.loadRates(o.rates);
  const res = runPipeline(grid, { file: path.basename(file), lang: o.lang, rates, today: reportDate, date1904: book.date1904 });
  if (!res.ok) throw new InputError({ key: res.problem, params: { file, sheet, rows: 30 } });
  if (o.rates.length === 0) (h.out ?? console.log)(say('noRates', o.lang));
  return res;
}

export function printFindings(findings: Finding[], lang: Lang, out: (s: string) => void, onlyErrors = false, limit = 12): void {
  out(say('findings', lang, countBySeverity(findings)));
  const order = ['error', 'warning', 'info'];
  const shown = [...findings].filter((f) => !onlyErrors || f.severity === 'error').sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
  shown.slice(0, limit).forEach((f) => out(`  [${word(`severity.${f.severity}`, lang)}] ${f.cell ? `${f.sheet}!${f.cell}` : f.sheet} ${f.code}: ${findingMessage(f, lang)}`));
  if (shown.length > limit) out(say('more', lang, { n: shown.length - limit }));
}

export const fig = (s: string | null, lang: Lang) => (s === null ? '—' : formatFigure(s, lang));

export function printSnapshot(s: Pick<Snapshot, 'month' | 'totals'>, lang: Lang, out: (x: string) => void): void {
  out(say('snapshotTaken', lang, { month: s.month, projects: s.totals.projects, KZT: fig(s.totals.KZT, lang), CNY: fig(s.totals.CNY, lang) }));
}

export function printChanges(c: ChangesJson, lang: Lang, out: (s: string) => void, limit = 30): void {
  out(say('changesHead', lang, { from: c.from.month, to: c.to.month, ...c.counts }));
  const t = c.totals;
  out(say('changesTotals', lang, {
    pFrom: t.from.projects, pTo: t.to.projects,
    KZTFrom: fig(t.from.KZT, lang), KZTTo: fig(t.to.KZT, lang), KZTDiff: fig(t.diff.KZT, lang),
    CNYFrom: fig(t.from.CNY, lang), CNYTo: fig(t.to.CNY, lang), CNYDiff: fig(t.diff.CNY, lang),
  }));
  const lines: string[] = [];
  const who = (p: { number: string | null; name: string | null }) => `${p.number ? `№${p.number} ` : ''}${p.name ?? '—'}`;
  const status = (code: string | null, text: string | null) => (code ? words(`status.${code}`, lang) : text ?? '—');
  const value = (p: { KZT: string | null }) => (p.KZT === null ? '' : ` — ${fig(p.KZT, lang)} KZT`);
  for (const p of c.added) lines.push(`  + ${word('report.kind.added', lang)}: ${who(p)}${value(p)}`);
  for (const p of c.removed) lines.push(`  − ${word('report.kind.removed', lang)}: ${who(p)}${value(p)}`);
  for (const x of c.changed) {
    const rule = word(`report.match.${x.matchedBy}`, lang);
    for (const ch of x.changes) {
      let detail: string;
      if (ch.field === 'value') detail = `${fig(ch.KZT.from, lang)} → ${fig(ch.KZT.to, lang)} KZT; ${fig(ch.CNY.from, lang)} → ${fig(ch.CNY.to, lang)} CNY`;
      else if (ch.field === 'status') detail = `${status(ch.from, ch.fromText)} → ${status(ch.to, ch.toText)}`;
      else if (ch.field === 'currency') detail = `${ch.from ? words(`report.currency.${ch.from}`, lang) : '—'} → ${ch.to ? words(`report.currency.${ch.to}`, lang) : '—'}`;
      else detail = `${ch.from ?? '—'} → ${ch.to ?? '—'}`;
      lines.push(`  ~ ${word(`report.kind.${ch.field}`, lang)}: ${who(x.to)} (${rule}): ${detail}`);
    }
  }
  lines.slice(0, limit).forEach((l) => out(l));
  if (lines.length > limit) out(say('more', lang, { n: lines.length - limit }));
}
