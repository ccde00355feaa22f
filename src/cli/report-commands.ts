/**
 * The monthly report from the command line: `snapshot` closes a month, `changes` compares two
 * months, `export` writes the copy for ministries. Registered on the main program by
 * addReportCommands; everything here is the core's (snapshot, changes, export) plus file handling.
 * Exit codes as the rest of the CLI: 0 done; 1 error findings (export: refused, nothing written);
 * 2 an input or an option that cannot be used (nothing written).
 */
import * as path from 'path';
import { Command, Option } from 'commander';
import { DEFAULT_REGION, DEFAULT_REGION_CODE, exportFileName } from '../core/monthly/export';
import type { Lang } from '../core/words';
import { monthEnd, type Snapshot } from '../core/monthly/snapshot';
import { checkOutputs } from '../xlsx/files';
import { readSnapshotFile, SnapshotFileError } from '../xlsx/snapshot-file';
import { exportFiles } from '../xlsx/stream-export';
import { defaultLang, EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, reportFailure, say } from './common';
import {
  checkDate, checkMonth, fig, packageVersion, parseLangs, printChanges, printFindings,
  type RegisterOptions, type ReportHelpers,
} from './report-common';
import { changesCommand, snapshotCommand, type ChangesCmd, type SnapshotCmd } from './snapshot-commands';

export type { ReportHelpers } from './report-common';

/** A whole snapshot of any form (src/xlsx/snapshot-file.ts): a line-per-project file, a JSON, a workbook with a snapshot sheet. */
async function readSnapshot(file: string): Promise<Snapshot> {
  const s = await readSnapshotFile(file);
  if (!s) throw new SnapshotFileError(file, { key: 'snapshot.reason.noSheet', params: {} });
  return s;
}

function reportError(e: unknown, lang: Lang, err: (s: string) => void): number {
  if (!(e instanceof SnapshotFileError)) return reportFailure(e, lang, err);
  err(say('snapshotUnreadable', lang, { file: e.file, reason: e.reasonIn(lang) }));
  return EXIT_UNUSABLE;
}

interface ExportCmd extends RegisterOptions {
  month?: string; previous?: string; out?: string; organisation?: string; region: string; regionCode: string;
  formulas?: boolean; allowErrors?: boolean; headings: string;
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
