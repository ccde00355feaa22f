/**
 * `tizilim template`: next month's register template from this month's register — the canonical
 * header, the projects carried over, Excel's lists and checks on what is typed, a protected header
 * (src/core/monthly/template.ts). The register is checked as `check` does and its errors are told, since its
 * values carry over as they are; a total row does not carry over, so its findings end here.
 * Exit 0 when the template is written, 2 when the register or an option cannot be used (nothing written).
 */
import * as path from 'path';
import { Command, Option } from 'commander';
import { countBySeverity, findingMessage } from '../core/checks/findings';
import { t as word, type Lang } from '../core/words';
import { InputError } from '../core/grid/problems';
import { readRegister } from '../core/register/register';
import { makeTemplate, templateFile } from '../core/monthly/template';
import { checkOutputs } from '../xlsx/files';
import { openSource } from '../xlsx/read';
import { writePlansFile } from '../xlsx/write';
import { defaultLang, EXIT_OK, reportFailure, say, UsageError } from './common';
import { checkMonth, parseLangs, type ReportHelpers } from './report-common';


export interface TemplateCmd {
  month?: string; out?: string; lang: Lang; headings?: string; rates: string[]; sheet?: string;
}

/** `tizilim template <register> --month YYYY-MM`. */
export async function templateCommand(file: string, o: TemplateCmd, h: ReportHelpers): Promise<number> {
  const out = h.out ?? console.log;
  const month = checkMonth(o.month);
  const headings = o.headings === undefined ? [o.lang] : parseLangs(o.headings);
  const named = templateFile(path.basename(file), month, o.lang);
  const dest = o.out ?? path.join('out', named.fileName);
  if (!/\.xlsx$/i.test(dest)) throw new UsageError(`--out "${dest}" (.xlsx)`);
  await checkOutputs([file, ...o.rates], { '--out': dest });
  const book = await openSource(file);
  const sheet = o.sheet ?? h.pickSheet(book);
  const read = readRegister(book.grid(sheet), { date1904: book.date1904 });
  if (!read.ok) throw new InputError({ key: read.problem, params: { file, sheet, rows: 30 } });
  const t = makeTemplate(read.register, await h.loadRates(o.rates), path.basename(file), { month, lang: o.lang, headings });
  const findings = t.findings;
  await writePlansFile(t.plans, dest, { title: t.title, subject: t.subject });
  out(say('templateMade', o.lang, { month, carried: t.carried, sheets: t.plans.map((p) => p.name).join(', ') }));
  const c = countBySeverity(findings);
  out(say('findings', o.lang, c));
  const errors = findings.filter((f) => f.severity === 'error');
  errors.slice(0, 12).forEach((f) => out(`  [${word('severity.error', o.lang)}] ${f.cell ? `${f.sheet}!${f.cell}` : f.sheet} ${f.code}: ${findingMessage(f, o.lang)}`));
  // A total row and the control figures do not carry over: only errors on project rows travel with their values.
  const carried = t.carriedErrors;
  if (carried.length) (h.err ?? console.error)(say('templateSourceErrors', o.lang, { n: carried.length }));
  out(say('wrote', o.lang, { file: dest }));
  return EXIT_OK;
}

/** Register `template` on the program. */
export function addTemplateCommand(program: Command, helpers: ReportHelpers): Command {
  const collect = (v: string, prev: string[]) => prev.concat([v]);
  program.command('template')
    .description('next month\'s register template: the canonical header, this month\'s projects carried over, lists and checks on what is typed, a protected header')
    .argument('<register>', '.xlsx, .xlsm or .csv')
    .requiredOption('--month <YYYY-MM>', 'the month the template is for (dates up to its last day are taken)')
    .option('--out <file>', 'the template workbook (.xlsx; default out/<register>.template-<month>.xlsx)')
    .option('--headings <langs>', 'languages of the header, comma-separated, one line each (default: --lang)')
    .option('--rates <file>', 'NBK rates, to check the register carried over; repeatable', collect, [])
    .option('--sheet <name>', 'the register sheet (default: the sheet that looks most like a register)')
    .addOption(new Option('--lang <lang>', 'language of the messages, the sheets and the input messages: kk, ru or en').choices(['kk', 'ru', 'en']).default(defaultLang()))
    .action(async (file: string, o: TemplateCmd) => {
      try {
        helpers.exit(await templateCommand(file, o, helpers));
      } catch (e) {
        helpers.exit(reportFailure(e, o.lang ?? defaultLang(), helpers.err ?? console.error));
      }
    });
  return program;
}
