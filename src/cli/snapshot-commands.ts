/**
 * `tizilim snapshot` and `tizilim changes` at any size (registered by report-commands.ts).
 *
 * `snapshot` streams the register as `summarize` does and writes the month's snapshot a line per
 * project (version 3, src/core/monthly/snapshot-lines.ts; gzip for .jsonl.gz) as the rows are read: the
 * default, snapshots/<month>.jsonl. The whole-document forms — a `.json` (version 2) or a workbook
 * with the snapshot sheet (`.xlsx`) — are made in memory as before (the register read whole, the 50 MB
 * rule), for small registers and the add-in.
 *
 * `changes` reads the previous month's snapshot (any form; a line-per-project file a line at a time)
 * into ChangesMatcher's compact structures, then this month — a snapshot, or a register streamed and
 * checked — one project at a time, and writes the Changes sheet through the streaming writer.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { ChangesMatcher, changesSheet, type SnapshotMetaLike } from '../core/monthly/changes';
import { makeSnapshot, monthEnd, nextMonth, snapshotJson, snapshotPlan } from '../core/monthly/snapshot';
import { text as wordOf } from '../core/words';
import { checkOutputs, writeAtomically } from '../xlsx/files';
import { isLinesName, readSnapshotStream, SnapshotFileError, SnapshotFileWriter, streamRegisterProjects } from '../xlsx/snapshot-file';
import { StreamBook } from '../xlsx/stream-write';
import { plansToXlsxBytes } from '../xlsx/ooxml-writer';
import { writeTextFile } from '../xlsx/write';
import { EXIT_FINDINGS, EXIT_OK, say } from './common';
import {
  checkDate, checkedRegister, checkMonth, packageVersion, printChanges, printFindings, printSnapshot,
  type RegisterOptions, type ReportHelpers,
} from './report-common';
import { InputError } from '../core/grid/problems';

export interface SnapshotCmd extends RegisterOptions { month?: string; out?: string }
export interface ChangesCmd extends RegisterOptions { from: string; to: string; out?: string; json?: string; month?: string }

/** `tizilim snapshot`: close the month — a line per project (.jsonl, .jsonl.gz; streamed), or JSON (.json) or a workbook (.xlsx). */
export async function snapshotCommand(file: string, o: SnapshotCmd, h: ReportHelpers): Promise<number> {
  const out = h.out ?? console.log;
  const month = checkMonth(o.month);
  const reportDate = checkDate(o.today) ?? monthEnd(month);
  const dest = o.out ?? path.join('snapshots', `${month}.jsonl`);
  await checkOutputs([file, ...o.rates], { '--out': dest });
  const tool = `tizilim ${h.version ?? packageVersion()}`;
  if (!isLinesName(dest)) {
    // The whole-document forms, made in memory.
    const res = await checkedRegister(file, o, reportDate, h);
    const snap = makeSnapshot(res.json, { month, reportDate, tool });
    if (/\.xlsx$/i.test(dest)) {
      // The streaming writer's sheet, gathered: no ExcelJS workbook of the whole register is built.
      const now = new Date();
      const bytes = plansToXlsxBytes([snapshotPlan(snap)], { props: { title: `Tizilim snapshot ${month}`, subject: path.basename(file), creator: tool, lastModifiedBy: tool, created: now, modified: now } });
      await writeAtomically(dest, (tmp) => fs.writeFile(tmp, bytes));
    }
    else await writeTextFile(dest, snapshotJson(snap));
    printSnapshot(snap, o.lang, out);
    printFindings(res.findings, o.lang, out);
    out(say('wrote', o.lang, { file: dest }));
    return countErrors(res.findings) > 0 ? EXIT_FINDINGS : EXIT_OK;
  }
  const rates = await h.loadRates(o.rates);
  const w = new SnapshotFileWriter(dest);
  try {
    await w.open();
    const reg = await streamRegisterProjects(file, { sheet: o.sheet, lang: o.lang, rates, today: reportDate }, (p) => w.project(p), () => w.drain(),
      (sheet) => w.begin({ month, source: { file: path.basename(file), sheet }, reportDate, tool }));
    if (o.rates.length === 0) out(say('noRates', o.lang));
    const meta = await w.commit({ error: reg.counts.error, warning: reg.counts.warning, info: reg.counts.info });
    printSnapshot(meta, o.lang, out);
    printFindings(reg.findings, o.lang, out);
    out(say('wrote', o.lang, { file: dest }));
    return reg.counts.error > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (e) {
    await w.abort();
    if (!(e instanceof InputError) && !(e instanceof SnapshotFileError) && typeof (e as NodeJS.ErrnoException).code === 'string') {
      throw new InputError({ key: 'OUTPUT_FAILED', params: { file: dest, reason: (e as Error).message } });
    }
    throw e;
  }
}

function countErrors(findings: { severity: string }[]): number {
  let n = 0;
  for (const f of findings) if (f.severity === 'error') n++;
  return n;
}

/** `tizilim changes`: the previous snapshot against this month's register or snapshot. */
export async function changesCommand(o: ChangesCmd, h: ReportHelpers): Promise<number> {
  const out = h.out ?? console.log;
  await checkOutputs([o.from, o.to, ...o.rates], { '--out': o.out, '--json': o.json });
  const m = new ChangesMatcher();
  const fromRead = await readSnapshotStream(o.from, (p) => m.addFrom(p));
  if (!fromRead) throw new SnapshotFileError(o.from, { key: 'snapshot.reason.noSheet', params: {} });
  const from = fromRead.meta;
  m.sealFrom();
  let to: SnapshotMetaLike | null = (await readSnapshotStream(o.to, (p) => m.addTo(p)))?.meta ?? null;
  if (!to) {
    // A register: this month is --month, or the month after the previous snapshot's.
    const month = o.month !== undefined ? checkMonth(o.month) : nextMonth(from.month);
    const reportDate = checkDate(o.today) ?? monthEnd(month);
    const rates = await h.loadRates(o.rates);
    const reg = await streamRegisterProjects(o.to, { sheet: o.sheet, lang: o.lang, rates, today: reportDate }, (p) => m.addTo(p));
    if (o.rates.length === 0) out(say('noRates', o.lang));
    to = { month, source: { file: reg.file, sheet: reg.sheet }, totals: reg.totals };
  }
  const changes = m.finish(from, to);
  printChanges(changes, o.lang, out);
  if (o.out) {
    const sheet = changesSheet(changes, { langs: [o.lang] });
    await writeAtomically(o.out, async (tmp) => {
      const book = new StreamBook(tmp, new Set([sheet.frame.name]), { title: `${wordOf('report.changes.title', o.lang)}, ${from.month} → ${to.month}` });
      const s = book.sheet(sheet.frame);
      await s.addAll(sheet.rows());
      await s.end();
      await book.commit([sheet.frame.name]);
    });
    out(say('wrote', o.lang, { file: o.out }));
  }
  if (o.json) {
    await writeTextFile(o.json, JSON.stringify(changes, null, 2) + '\n');
    out(say('wrote', o.lang, { file: o.json }));
  }
  return EXIT_OK;
}
