#!/usr/bin/env node
/**
 * tizilim — the register's checks and summaries from the command line, over the same core as the add-in.
 * Exit codes: 0 no error findings; 1 error findings; 2 the input cannot be used (nothing written).
 */
import { SURE_MATCH } from '../core/types';
import * as path from 'path';
import { Command, Option } from 'commander';
import { countBySeverity, findingMessage, type Finding } from '../core/checks/findings';
import { formatFigure, LANGS, t, text, type Lang } from '../core/words';
import { CURRENCIES, parseAmount, type Currency } from '../core/money/money';
import { fetchAndWrite, FetchError, NBK_BASE_URL } from './fetch-rates';
import { localToday } from '../core/grid/dates';
import { InputError } from '../core/grid/problems';
import { parseNbkXml, parseRatesTable, RateTable, type RatesParse } from '../core/rates/rates';
import { FIELDS, normaliseStatus, readRegister, STATUS_CODES, type Field, type StatusCode } from '../core/register/register';
import { columnLetters, columnNumber, isColumnLetters } from '../core/grid/a1';
import type { ControlFigures } from '../core/checks/checks';
import { checkOutputs, cleanUpSync, readWhole } from '../xlsx/files';
import { csvToGrid, readBook, type SourceBook } from '../xlsx/read';
import { sourceKind, summarizeFiles, type SummarizeResult } from '../xlsx/stream-summarize';
import { defaultLang, EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, langOfArgs, reportFailure, say, UsageError } from './common';
import { addReportCommands } from './report-commands';
import { addTemplateCommand } from './template-command';

/** Rates files: NBK XML (per-date or RSS), or a rates table as CSV or workbook. */
export async function loadRates(files: string[]): Promise<RateTable> {
  const table = new RateTable();
  for (const file of files) {
    let parsed: RatesParse;
    const ext = path.extname(file).toLowerCase();
    const bytes = await readWhole(file);
    if (ext === '.xml') parsed = parseNbkXml(bytes.toString('utf8'), path.basename(file));
    else if (ext === '.csv') parsed = parseRatesTable(csvToGrid(bytes, file).values, path.basename(file));
    else {
      const book = await readBook(bytes, file);
      parsed = parseRatesTable(book.grid(book.sheets[0]).values, `${path.basename(file)}!${book.sheets[0]}`);
    }
    // the reason in the user's language: {reason} is filled from reasonKey and the reader's parameters
    if (!parsed.ok) throw new InputError({ key: 'RATES_UNREADABLE', params: { ...parsed.problem.params, file, reasonKey: parsed.problem.key } });
    table.add(parsed.rates);
  }
  return table;
}

/** The sheet that looks most like a register: a header found, and the most project rows. */
export function pickSheet(book: SourceBook): string {
  let best = book.sheets[0];
  let bestCount = -1;
  for (const s of book.sheets) {
    const r = readRegister(book.grid(s), { date1904: book.date1904 });
    const n = r.ok ? r.register.counts.project : -1;
    if (n > bestCount) { best = s; bestCount = n; }
  }
  return best;
}

interface RunOptions {
  sheet?: string; rates: string[]; out?: string; json?: string; lang: Lang; write: boolean; today?: string;
  /** "FILE=NAME": a register's region in a consolidation (repeatable). */
  regionOf?: string[];
  map?: string[];
  controlCount?: string; controlTotal?: string; controlStatus?: string; crossRateTolerance?: string; controlTolerance?: string;
  units?: 'tenge' | 'thousand' | 'million' | 'billion'; region?: string; period?: string; bilingual?: boolean;
}

/** "2%", "2 %" or "0.02" → 0.02. */
export function parseTolerance(s: string | undefined, option: string): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().replace(',', '.');
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1).trim() : t);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${option}: "${s}"`);
  return pct ? n / 100 : n;
}

/** The control figures typed by the user: "14", "134 млрд теңге", "memorandum". */
export function parseControl(o: RunOptions): ControlFigures | undefined {
  if (o.controlCount === undefined && o.controlTotal === undefined) return undefined;
  const c: ControlFigures = {};
  if (o.controlCount !== undefined) {
    if (!/^\d+$/.test(o.controlCount.trim())) throw new UsageError(`--control-count: "${o.controlCount}"`);
    c.count = Number(o.controlCount);
  }
  if (o.controlTotal !== undefined) {
    const a = parseAmount(o.controlTotal, { currency: 'KZT' });
    if (!a.ok || (a.currency && a.currency !== 'KZT')) throw new UsageError(`--control-total: "${o.controlTotal}"`);
    c.totalKZT = a.amount;
  }
  if (o.controlStatus !== undefined) {
    const code = (STATUS_CODES as readonly string[]).includes(o.controlStatus) ? (o.controlStatus as StatusCode) : normaliseStatus(o.controlStatus);
    if (!code) throw new UsageError(`--control-status: "${o.controlStatus}"`);
    c.status = code;
  }
  return c;
}

/** A field as the user may name it: its key ("KZT") or its name as the CLI prints it, in any language ("Value, tenge", "Құны, теңге"). */
function fieldNamed(name: string): Field | undefined {
  const key = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s,.;:]+/g, ' ').trim();
  const k = key(name);
  return FIELDS.find((f) => f.toLowerCase() === k || LANGS.some((l) => key(text(`field.${f}`, l)) === k));
}

/** "--map KZT=F --map 'Project name=B'" → {KZT: 6, name: 2}. */
export function parseMapping(pairs: string[] | undefined): Partial<Record<Field, number>> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const m: Partial<Record<Field, number>> = {};
  for (const p of pairs) {
    const x = /^(.+)=\s*([A-Za-z]{1,3})\s*$/.exec(p);
    const field = x ? fieldNamed(x[1]) : undefined;
    if (!x || !field || !isColumnLetters(x[2])) throw new UsageError(`--map: "${p}" (${FIELDS.join(', ')}=COLUMN)`);
    m[field] = columnNumber(x[2]);
  }
  return m;
}


/** The summary as printed: each register read, the totals, the projects by status, the findings. */
/** `check` prints every finding (that is its job); `summarize` the first 12, the rest are on the Checks sheet. */
function printSummary(res: SummarizeResult, lang: Lang, out: (s: string) => void, limit: number): void {
  for (const src of res.sources) {
    out(say('register', lang, { file: src.file, sheet: src.sheet, rows: src.header.rows.join('–') }));
    out(say('columns', lang, { columns: src.header.columns.map((c) => `${text(`field.${c.field}`, lang)}=${columnLetters(c.col)}${c.confidence < SURE_MATCH ? '?' : ''}`).join(', ') }));
    out(say('kinds', lang, src.counts));
  }
  out(say('totals', lang, { projects: res.totals.projects, KZT: formatFigure(res.totals.KZT, lang), CNY: formatFigure(res.totals.CNY, lang) }));
  // By status, as the headline reads: "14 memoranda — 134 bn tenge; 1 proposal — 17 bn; 1 under study — no value yet".
  for (const g of res.byStatus) {
    out(g.KZT !== null ? say('byStatus', lang, { status: g.status, count: g.count, KZT: formatFigure(g.KZT, lang) }) : say('byStatusNoValue', lang, { status: g.status, count: g.count }));
  }
  printFindings(res.findings, lang, out, limit);
}

function printFindings(findings: Finding[], lang: Lang, out: (s: string) => void, limit = 12): void {
  const c = countBySeverity(findings);
  out(say('findings', lang, c));
  const ordered = [...findings].sort((a, b) => ['error', 'warning', 'info'].indexOf(a.severity) - ['error', 'warning', 'info'].indexOf(b.severity));
  ordered.slice(0, limit).forEach((f) => out(`  [${text(`severity.${f.severity}`, lang)}] ${f.cell ? `${f.sheet}!${f.cell}` : f.sheet} ${f.code}: ${findingMessage(f, lang)}`));
  if (ordered.length > limit) out(say('more', lang, { n: ordered.length - limit }));
}

/**
 * Each register's region: "--region-of FILE=NAME" (FILE as given on the command line, or its file
 * name), else the file's name without its extension.
 */
export function regionsOf(files: string[], pairs: string[] | undefined): string[] {
  const regions = files.map((f) => path.basename(f, path.extname(f)));
  for (const p of pairs ?? []) {
    let hit = -1;
    let name = '';
    files.forEach((f, i) => {
      for (const key of [f, path.basename(f), path.resolve(f)]) {
        if (hit < 0 && p.startsWith(key + '=') && p.length > key.length + 1) {
          hit = i;
          name = p.slice(key.length + 1).trim();
        }
      }
    });
    if (hit < 0 || !name) throw new UsageError(`--region-of: "${p}" (FILE=NAME, FILE one of the registers)`);
    regions[hit] = name;
  }
  return regions;
}

/**
 * summarize and check: every register streamed from its file (any size up to 2 GB for .xlsx/.xlsm and
 * .csv) through the core, the workbook and the JSON written as the rows are read. Several registers
 * make one consolidated summary, with a region column and a summary by region.
 */
export async function run(file: string | string[], o: RunOptions, out: (s: string) => void = console.log): Promise<number> {
  const files = Array.isArray(file) ? file : [file];
  for (const f of files) await sourceKind(f);
  const mapping = parseMapping(o.map);
  const control = parseControl(o);
  const crossRateTolerance = parseTolerance(o.crossRateTolerance, '--cross-rate-tolerance');
  const controlTolerance = parseTolerance(o.controlTolerance, '--control-tolerance');
  const regions = regionsOf(files, o.regionOf);
  const dest = o.write ? o.out ?? path.join('out', files.length > 1 ? 'consolidated.tizilim.xlsx' : `${path.basename(files[0], path.extname(files[0]))}.tizilim.xlsx`) : undefined;
  await checkOutputs([...files, ...o.rates], { '--out': dest, '--json': o.json });
  const rates = await loadRates(o.rates);
  const res = await summarizeFiles(files.map((f, i) => ({ file: f, region: files.length > 1 ? regions[i] : null })), {
    sheet: o.sheet, out: dest, json: o.json, title: t('title.overview', o.lang),
    lang: o.lang, rates, today: o.today ?? localToday(), mapping, control, crossRateTolerance, controlTolerance,
    units: o.units, region: o.region, period: o.period, bilingual: o.bilingual,
  });
  // Said once the registers were accepted: a register that cannot be used is the only message then.
  if (o.rates.length === 0) out(say('noRates', o.lang));
  else out(say('rates', o.lang, { n: rates.size, files: o.rates.map((f) => path.basename(f)).join(', ') }));
  printSummary(res, o.lang, out, o.write ? 12 : Infinity);
  if (dest) out(say('wrote', o.lang, { file: dest }));
  if (o.json) out(say('wrote', o.lang, { file: o.json }));
  return res.counts.error > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function controlOptions(c: Command): Command {
  return c
    .option('--map <field=column>', 'map a field to a column yourself, e.g. --map KZT=F (repeatable)', (v: string, prev: string[]) => prev.concat([v]), [] as string[])
    .option('--control-count <n>', 'control figure: the number of projects the register must hold')
    .option('--control-total <amount>', 'control figure: their total value, e.g. "134 млрд теңге"')
    .option('--control-status <status>', 'apply the control figures to one status only (memorandum, proposal, …)')
    .option('--cross-rate-tolerance <t>', 'how far a row\'s tenge/yuan ratio may be from the NBK rate (default 2%)')
    .option('--control-tolerance <t>', 'relative tolerance of the control total (default 0.1%)');
}

export function program(exit: (code: number) => void = (c) => (process.exitCode = c)): Command {
  const collect = (v: string, prev: string[]) => prev.concat([v]);
  const langOption = () => new Option('--lang <lang>', 'language of messages and sheets: kk, ru or en').choices(['kk', 'ru', 'en']).default(defaultLang());
  const p = new Command('tizilim').description('Register of investment projects: checks and summaries of tenge and yuan figures').version('0.1.0');
  const act = (write: boolean) => async (file: string | string[], o: Omit<RunOptions, 'write'>) => {
    try {
      exit(await run(file, { ...o, write }));
    } catch (e) {
      exit(reportFailure(e, o.lang));
    }
  };
  p.command('summarize')
    .description('check the register (or several, one per region) and write the summary workbook')
    .argument('<registers...>', '.xlsx, .xlsm or .csv; several make one consolidated summary with a region column')
    .option('--region-of <file=name>', 'a register\'s region in a consolidation (default: its file name without extension); repeatable', collect, [])
    .option('--sheet <name>', 'the register sheet (default: the sheet that looks most like a register)')
    .option('--rates <file>', 'NBK rates: XML feed file, or a rates table (.csv/.xlsx); repeatable', collect, [])
    .option('--out <file>', 'the summary workbook (.xlsx)')
    .option('--json <file>', 'the machine-readable result (UTF-8 JSON)')
    .option('--today <date>', 'the report date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--units <units>', 'units of the summary sheets').choices(['tenge', 'thousand', 'million', 'billion']).default('million'))
    .option('--region <text>', 'the region, on the first line of every summary title').option('--period <text>', 'the period line under the titles (default: "as of" the report date)')
    .option('--bilingual', 'headings in Kazakh and Russian on two lines')
    .addOption(langOption());
  controlOptions(p.commands[p.commands.length - 1]).action(act(true));
  p.command('check')
    .description('check the register (or several) and print the findings')
    .argument('<registers...>', '.xlsx, .xlsm or .csv')
    .option('--region-of <file=name>', 'a register\'s region when several are checked together; repeatable', collect, [])
    .option('--sheet <name>', 'the register sheet')
    .option('--rates <file>', 'NBK rates file; repeatable', collect, [])
    .option('--json <file>', 'the machine-readable result (UTF-8 JSON)')
    .option('--today <date>', 'the report date, YYYY-MM-DD (default: today)')
    .addOption(langOption());
  controlOptions(p.commands[p.commands.length - 1]).action(act(false));
  const rates = p.command('rates').description('National Bank of Kazakhstan exchange rates');
  rates.command('fetch')
    .description('download the NBK per-date feed for each day of a period and write a rates workbook or CSV')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--currencies <list>', 'comma-separated currency codes', 'CNY,USD,EUR,RUB')
    .requiredOption('-o, --out <file>', 'rates.xlsx or rates.csv')
    .addOption(new Option('--base-url <url>', 'the feed\'s host').default(process.env.TIZILIM_NBK_URL ?? NBK_BASE_URL).hideHelp())
    .addOption(langOption())
    .action(async (o: { from: string; to: string; currencies: string; out: string; baseUrl: string; lang: Lang }) => {
      try {
        const iso = /^\d{4}-\d{2}-\d{2}$/;
        if (!iso.test(o.from) || !iso.test(o.to) || o.from > o.to) throw new UsageError(`--from ${o.from} --to ${o.to}`);
        const currencies = o.currencies.split(',').map((c) => c.trim().toUpperCase());
        const bad = currencies.filter((c) => !(CURRENCIES as readonly string[]).includes(c) || c === 'KZT');
        if (bad.length) throw new UsageError(`--currencies ${bad.join(',')}`);
        await checkOutputs([], { '--out': o.out });
        const n = await fetchAndWrite({
          from: o.from, to: o.to, currencies: currencies as Currency[], out: o.out, lang: o.lang, baseUrl: o.baseUrl,
          progress: (done, total, date) => process.stderr.write(`\r${say('fetchProgress', o.lang, { done, total, date })}${done === total ? '\n' : ''}`),
        });
        console.log(say('fetched', o.lang, { n, file: o.out }));
        exit(EXIT_OK);
      } catch (e) {
        if (e instanceof FetchError) {
          console.error(say('fetchFailed', o.lang, { reason: e.message }));
          exit(EXIT_UNUSABLE);
        } else exit(reportFailure(e, o.lang));
      }
    });
  addReportCommands(p, { exit, loadRates, pickSheet });
  addTemplateCommand(p, { exit, loadRates, pickSheet });
  return p;
}

if (require.main === module) {
  // `tizilim … | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // Temporary outputs and folders made for them go on every way out the process can catch.
  process.on('exit', cleanUpSync);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      cleanUpSync();
      process.exit(code);
    });
  }
  const crash = (e: unknown) => process.exit(reportFailure(e, langOfArgs(process.argv)));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  program().parseAsync(process.argv).catch((e) => {
    console.error((e as Error).message);
    process.exitCode = EXIT_UNUSABLE;
  });
}
