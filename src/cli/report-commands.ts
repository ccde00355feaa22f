/**
 * The monthly report from the command line: `snapshot` closes a month, `changes` compares two
 * months, `export` writes the copy for ministries. Registered on the main program by
 * addReportCommands; everything here is the core's (snapshot, changes, export) plus file handling.
 * Exit codes as the rest of the CLI: 0 done; 1 error findings (export: refused, nothing written);
 * 2 an input or an option that cannot be used (nothing written).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { compareSnapshots, changesPlan, type ChangesJson } from '../core/changes';
import { DEFAULT_REGION, DEFAULT_REGION_CODE, exportFileName } from '../core/export';
import { countBySeverity, findingMessage, type Finding } from '../core/findings';
import { formatFigure, isLang, type Lang } from '../core/i18n';
import { label } from '../core/labels';
import { runPipeline, type PipelineResult } from '../core/pipeline';
import { InputError } from '../core/problems';
import type { RateTable } from '../core/rates';
import { rlabel } from '../core/report-labels';
import {
  isMonth, isSnapshotGrid, makeSnapshot, monthEnd, parseSnapshot, snapshotFromGrid, snapshotJson, snapshotPlan, type Snapshot,
} from '../core/snapshot';
import { checkOutputs, readWhole } from '../xlsx/files';
import { openSource, type SourceBook } from '../xlsx/read';
import { exportFiles } from '../xlsx/stream-export';
import { writePlansFile, writeTextFile } from '../xlsx/write';
import { defaultLang, EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, reportFailure, say, UsageError } from './common';

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

/** A file that should be a snapshot and is not one. */
class SnapshotFileError extends Error {
  constructor(public readonly file: string, public readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

function checkMonth(month: string | undefined, option = '--month'): string {
  if (!isMonth(month)) throw new UsageError(`${option} "${month ?? ''}" (YYYY-MM)`);
  return month;
}

function checkDate(d: string | undefined): string | undefined {
  if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new UsageError(`--today "${d}" (YYYY-MM-DD)`);
  return d;
}

/** "kk,ru" → ['kk', 'ru']. */
function parseLangs(s: string): Lang[] {
  const langs = s.split(',').map((x) => x.trim()).filter(Boolean);
  if (!langs.length || !langs.every(isLang)) throw new UsageError(`--headings "${s}" (kk, ru, en)`);
  return [...new Set(langs)] as Lang[];
}

/** A snapshot from its JSON file, or from a workbook holding a snapshot sheet; null when the workbook holds none. */
async function snapshotIn(file: string): Promise<Snapshot | null> {
  if (path.extname(file).toLowerCase() === '.json') {
    const parsed = parseSnapshot((await readWhole(file)).toString('utf8'));
    if (!parsed.ok) throw new SnapshotFileError(file, parsed.reason);
    return parsed.snapshot;
  }
  const book = await openSource(file);
  for (const s of book.sheets) {
    const grid = book.grid(s);
    if (!isSnapshotGrid(grid)) continue;
    const parsed = snapshotFromGrid(grid);
    if (!parsed.ok) throw new SnapshotFileError(`${file} (${s})`, parsed.reason);
    return parsed.snapshot;
  }
  return null;
}

async function readSnapshot(file: string): Promise<Snapshot> {
  const s = await snapshotIn(file);
  if (!s) throw new SnapshotFileError(file, 'no snapshot sheet in the workbook');
  return s;
}

interface RegisterOptions { sheet?: string; rates: string[]; lang: Lang; today?: string }

/** Open, read and check a register, as `summarize` does. */
async function checkedRegister(file: string, o: RegisterOptions, reportDate: string, h: ReportHelpers): Promise<Extract<PipelineResult, { ok: true }>> {
  const book = await openSource(file);
  const sheet = o.sheet ?? h.pickSheet(book);
  const grid = book.grid(sheet);
  const rates = await h.loadRates(o.rates);
  const res = runPipeline(grid, { file: path.basename(file), lang: o.lang, rates, today: reportDate, date1904: book.date1904 });
  if (!res.ok) throw new InputError({ key: res.problem, params: { file, sheet, rows: 30 } });
  if (o.rates.length === 0) (h.out ?? console.log)(say('noRates', o.lang));
  return res;
}

function printFindings(findings: Finding[], lang: Lang, out: (s: string) => void, onlyErrors = false, limit = 12): void {
  out(say('findings', lang, countBySeverity(findings)));
  const order = ['error', 'warning', 'info'];
  const shown = [...findings].filter((f) => !onlyErrors || f.severity === 'error').sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
  shown.slice(0, limit).forEach((f) => out(`  [${label(`severity.${f.severity}`, lang)}] ${f.cell ? `${f.sheet}!${f.cell}` : f.sheet} ${f.code}: ${findingMessage(f, lang)}`));
  if (shown.length > limit) out(say('more', lang, { n: shown.length - limit }));
}

const fig = (s: string | null, lang: Lang) => (s === null ? '—' : formatFigure(s, lang));

function printSnapshot(s: Snapshot, lang: Lang, out: (x: string) => void): void {
  out(say('snapshotTaken', lang, { month: s.month, projects: s.totals.projects, KZT: fig(s.totals.KZT, lang), CNY: fig(s.totals.CNY, lang) }));
}

function printChanges(c: ChangesJson, lang: Lang, out: (s: string) => void, limit = 30): void {
  out(say('changesHead', lang, { from: c.from.month, to: c.to.month, ...c.counts }));
  const t = c.totals;
  out(say('changesTotals', lang, {
    pFrom: t.from.projects, pTo: t.to.projects,
    KZTFrom: fig(t.from.KZT, lang), KZTTo: fig(t.to.KZT, lang), KZTDiff: fig(t.diff.KZT, lang),
    CNYFrom: fig(t.from.CNY, lang), CNYTo: fig(t.to.CNY, lang), CNYDiff: fig(t.diff.CNY, lang),
  }));
  const lines: string[] = [];
  const who = (p: { number: string | null; name: string | null }) => `${p.number ? `№${p.number} ` : ''}${p.name ?? '—'}`;
  const status = (code: string | null, text: string | null) => (code ? label(`status.${code}`, lang) : text ?? '—');
  const value = (p: { KZT: string | null }) => (p.KZT === null ? '' : ` — ${fig(p.KZT, lang)} KZT`);
  for (const p of c.added) lines.push(`  + ${rlabel('kind.added', lang)}: ${who(p)}${value(p)}`);
  for (const p of c.removed) lines.push(`  − ${rlabel('kind.removed', lang)}: ${who(p)}${value(p)}`);
  for (const x of c.changed) {
    const rule = rlabel(`match.${x.matchedBy}`, lang);
    for (const ch of x.changes) {
      let detail: string;
      if (ch.field === 'value') detail = `${fig(ch.KZT.from, lang)} → ${fig(ch.KZT.to, lang)} KZT; ${fig(ch.CNY.from, lang)} → ${fig(ch.CNY.to, lang)} CNY`;
      else if (ch.field === 'status') detail = `${status(ch.from, ch.fromText)} → ${status(ch.to, ch.toText)}`;
      else if (ch.field === 'currency') detail = `${ch.from ? rlabel(`currency.${ch.from}`, lang) : '—'} → ${ch.to ? rlabel(`currency.${ch.to}`, lang) : '—'}`;
      else detail = `${ch.from ?? '—'} → ${ch.to ?? '—'}`;
      lines.push(`  ~ ${rlabel(`kind.${ch.field}`, lang)}: ${who(x.to)} (${rule}): ${detail}`);
    }
  }
  lines.slice(0, limit).forEach((l) => out(l));
  if (lines.length > limit) out(say('more', lang, { n: lines.length - limit }));
}

function reportError(e: unknown, lang: Lang, err: (s: string) => void): number {
  if (!(e instanceof SnapshotFileError)) return reportFailure(e, lang, err);
  err(say('snapshotUnreadable', lang, { file: e.file, reason: e.reason }));
  return EXIT_UNUSABLE;
}

interface SnapshotCmd extends RegisterOptions { month?: string; out?: string }
interface ChangesCmd extends RegisterOptions { from: string; to: string; out?: string; json?: string; month?: string }
interface ExportCmd extends RegisterOptions {
  month?: string; previous?: string; out?: string; organisation?: string; region: string; regionCode: string;
  formulas?: boolean; allowErrors?: boolean; headings: string;
}

/** `tizilim snapshot`: close the month — the normalised register as JSON, or as a workbook for .xlsx. */
export async function snapshotCommand(file: string, o: SnapshotCmd, h: ReportHelpers): Promise<number> {
  const out = h.out ?? console.log;
  const month = checkMonth(o.month);
  const reportDate = checkDate(o.today) ?? monthEnd(month);
  const dest = o.out ?? path.join('snapshots', `${month}.json`);
  await checkOutputs([file, ...o.rates], { '--out': dest });
  const res = await checkedRegister(file, o, reportDate, h);
  const version = h.version ?? packageVersion();
  const snap = makeSnapshot(res.json, { month, reportDate, tool: `tizilim ${version}` });
  if (/\.xlsx$/i.test(dest)) await writePlansFile([snapshotPlan(snap)], dest, { title: `Tizilim snapshot ${month}`, subject: path.basename(file) });
  else await writeTextFile(dest, snapshotJson(snap));
  printSnapshot(snap, o.lang, out);
  printFindings(res.findings, o.lang, out);
  out(say('wrote', o.lang, { file: dest }));
  return countBySeverity(res.findings).error > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** `tizilim changes`: the previous snapshot against this month's register or snapshot. */
export async function changesCommand(o: ChangesCmd, h: ReportHelpers): Promise<number> {
  const out = h.out ?? console.log;
  await checkOutputs([o.from, o.to, ...o.rates], { '--out': o.out, '--json': o.json });
  const from = await readSnapshot(o.from);
  let to = await snapshotIn(o.to);
  if (!to) {
    // A register: this month is --month, or the month after the previous snapshot's.
    const month = o.month !== undefined ? checkMonth(o.month) : nextMonth(from.month);
    const reportDate = checkDate(o.today) ?? monthEnd(month);
    const res = await checkedRegister(o.to, o, reportDate, h);
    to = makeSnapshot(res.json, { month, reportDate, tool: `tizilim ${h.version ?? packageVersion()}` });
  }
  const changes = compareSnapshots(from, to);
  printChanges(changes, o.lang, out);
  if (o.out) {
    await writePlansFile([changesPlan(changes, { langs: [o.lang] })], o.out, { title: `${rlabel('changes.title', o.lang)}, ${from.month} → ${to.month}` });
    out(say('wrote', o.lang, { file: o.out }));
  }
  if (o.json) {
    await writeTextFile(o.json, JSON.stringify(changes, null, 2) + '\n');
    out(say('wrote', o.lang, { file: o.json }));
  }
  return EXIT_OK;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** `tizilim export`: the copy for ministries; refused (exit 1, nothing written) with open errors unless --allow-errors. */
export async function exportCommand(file: string, o: ExportCmd, h: ReportHelpers): Promise<number> {
  const out = h.out ?? console.log;
  const month = checkMonth(o.month);
  const langs = parseLangs(o.headings);
  const reportDate = checkDate(o.today) ?? monthEnd(month);
  const dest = o.out ?? path.join('out', exportFileName(o.regionCode, month));
  await checkOutputs([file, ...o.rates, ...(o.previous ? [o.previous] : [])], { '--out': dest });
  const previous = o.previous ? await readSnapshot(o.previous) : null;
  const organisation = o.organisation?.trim() || null;
  const rates = await h.loadRates(o.rates);
  if (o.rates.length === 0) out(say('noRates', o.lang));
  // Streamed: the register read and the copy written a row at a time (src/xlsx/stream-export.ts).
  const book = await exportFiles([{ file, region: null }], {
    month, region: o.region, regionCode: o.regionCode, organisation, version: h.version ?? packageVersion(),
    langs, formulas: Boolean(o.formulas), allowErrors: Boolean(o.allowErrors), file: path.basename(file), reportDate, previous,
    rates, sheet: o.sheet, out: dest,
  });
  if (!book.ok) {
    printFindings(book.run.findings, o.lang, out, true);
    (h.err ?? console.error)(say('exportRefused', o.lang, { n: book.errors.length }));
    return EXIT_FINDINGS;
  }
  out(say('exportSheets', o.lang, { month, sheets: book.plans.map((p) => p.name).join(', ') }));
  const t = book.run.totals;
  out(say('snapshotTaken', o.lang, { month, projects: t.projects, KZT: fig(t.KZT, o.lang), CNY: fig(t.CNY, o.lang) }));
  if (book.changes) printChanges(book.changes, o.lang, out, 10);
  printFindings(book.run.findings, o.lang, out, true, 5);
  if (book.errors.length) out(say('exportErrorsStated', o.lang, { n: book.errors.length }));
  out(say('wrote', o.lang, { file: dest }));
  return EXIT_OK;
}

/** Register `snapshot`, `changes` and `export` on the program. */
export function addReportCommands(program: Command, helpers: ReportHelpers): Command {
  const collect = (v: string, prev: string[]) => prev.concat([v]);
  const langOption = (what = 'language of messages and sheets: kk, ru or en') => new Option('--lang <lang>', what).choices(['kk', 'ru', 'en']).default(defaultLang());
  const act = <A extends unknown[]>(fn: (...args: A) => Promise<number>, langOf: (...args: A) => Lang) => async (...args: A) => {
    try {
      helpers.exit(await fn(...args));
    } catch (e) {
      helpers.exit(reportError(e, langOf(...args) ?? defaultLang(), helpers.err ?? console.error));
    }
  };
  program.command('snapshot')
    .description('close the month: keep the normalised register of a reporting month as a snapshot')
    .argument('<register>', '.xlsx, .xlsm or .csv')
    .requiredOption('--month <YYYY-MM>', 'the reporting month')
    .option('-o, --out <file>', 'the snapshot: .json (default snapshots/<month>.json) or .xlsx')
    .option('--sheet <name>', 'the register sheet (default: the sheet that looks most like a register)')
    .option('--rates <file>', 'NBK rates: XML feed file, or a rates table (.csv/.xlsx); repeatable', collect, [])
    .option('--today <date>', 'the date the register is checked as of, YYYY-MM-DD (default: the month\'s last day)')
    .addOption(langOption())
    .action(act((file: string, o: SnapshotCmd) => snapshotCommand(file, o, helpers), (_f, o) => o.lang));
  program.command('changes')
    .description('compare this month with the previous snapshot: new, removed and changed projects, totals then and now')
    .requiredOption('--from <snapshot>', 'the previous month\'s snapshot (.json, or a workbook holding one)')
    .requiredOption('--to <file>', 'this month: a register (.xlsx, .xlsm, .csv) or a snapshot')
    .option('--out <file>', 'the Changes sheet as a workbook (.xlsx)')
    .option('--json <file>', 'the changes as JSON')
    .option('--month <YYYY-MM>', 'this month, when --to is a register (default: the month after --from\'s)')
    .option('--sheet <name>', 'the register sheet, when --to is a register')
    .option('--rates <file>', 'NBK rates, when --to is a register; repeatable', collect, [])
    .option('--today <date>', 'the date the register is checked as of, YYYY-MM-DD (default: the month\'s last day)')
    .addOption(langOption())
    .action(act((o: ChangesCmd) => changesCommand(o, helpers), (o) => o.lang));
  program.command('export')
    .description('the copy for ministries: register, summaries, changes and an About sheet; values only, protected, no links')
    .argument('<register>', '.xlsx, .xlsm or .csv')
    .requiredOption('--month <YYYY-MM>', 'the reporting month')
    .option('--previous <snapshot>', 'the previous month\'s snapshot: adds the Changes sheet')
    .option('--rates <file>', 'NBK rates; repeatable', collect, [])
    .option('--out <file>', 'the workbook (default out/<region code>_invest_projects_<month>.xlsx)')
    .option('--organisation <name>', 'the sending organisation (the file\'s author and company; nothing else of yours goes in)')
    .option('--region <name>', 'the region', DEFAULT_REGION)
    .option('--region-code <code>', 'the region code for the file name', DEFAULT_REGION_CODE)
    .option('--formulas', 'keep the summaries\' formulas (default: values only)')
    .option('--allow-errors', 'export even with open error findings, and state them on the About sheet')
    .option('--headings <langs>', 'languages of the headings, comma-separated; the first is the sheets\' language', 'kk,ru')
    .option('--sheet <name>', 'the register sheet')
    .option('--today <date>', 'the date the register is checked as of, YYYY-MM-DD (default: the month\'s last day)')
    .addOption(langOption('language of the messages: kk, ru or en (the sheets follow --headings)'))
    .action(act((file: string, o: ExportCmd) => exportCommand(file, o, helpers), (_f, o) => o.lang));
  return program;
}
