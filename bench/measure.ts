/**
 * One measurement in a fresh process (bench/run.ts spawns this, compiled, once per measurement), so
 * the process's peak RSS belongs to that measurement alone. Prints one JSON line on stdout:
 * { ok, seconds, peakMB, baseMB, extra } — or { ok: false, error } when the step cannot run.
 *
 *   node bench/out/build/bench/measure.js <task> '<json args>'
 *
 * Tasks: import, import-csv, stream-read, stream-csv, pipeline, phases, write, summarize, summarize-json, floor,
 * stream-floor-read, readfile, money, export, export-mem; snapshot, changes (the monthly report at scale).
 * Inputs the runner prepared: the register (.xlsx/.csv), the rates CSV, and for pipeline/phases/write
 * the grid or plans the previous step left as a V8 snapshot (read before the clock starts, so the
 * step's peak is its own input plus its own work, not the import's).
 */
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import ExcelJS from 'exceljs';
import { runPipeline, resultJson } from '../src/core/report/pipeline';
import { checkRegister } from '../src/core/checks/checks';
import { readRegister } from '../src/core/register/register';
import { buildPlans } from '../src/core/report/summary';
import { parseAmount } from '../src/core/money/money';
import type { Grid } from '../src/core/grid/grid';
import type { SheetPlan } from '../src/core/report/plan';
import Big from 'big.js';
import { openSource } from '../src/xlsx/read';
import { readCsvStream, readXlsxStream } from '../src/xlsx/stream-read';
import { writePlansFile } from '../src/xlsx/write';
import { loadRates, program, run } from '../src/cli/main';
import { buildExport, exportInput } from '../src/core/monthly/export';
import { writeExportFile } from '../src/xlsx/export';
import { moneyCells } from './generate';

export interface MeasureArgs {
  file?: string;
  rates?: string;
  out?: string;
  json?: string;
  /** V8 snapshot to read the input from (grid or plans) or to leave the output in. */
  gridIn?: string;
  gridOut?: string;
  plansOut?: string;
  plansIn?: string;
  today?: string;
  cells?: number;
}

export interface MeasureResult {
  ok: boolean;
  seconds?: number;
  /** The process's peak resident set (VmHWM on Linux) at the end of the step, MB. */
  peakMB?: number;
  /** RSS just before the clock started (runtime, modules and the step's input), MB. */
  baseMB?: number;
  /** CPU time (user + system, all threads of the process: GC helpers count too) during the step, seconds. */
  cpuSeconds?: number;
  /** The peak just before the clock started: when the step ends at the same peak, its own peak was no higher. */
  peakBeforeMB?: number;
  extra?: Record<string, number | string>;
  error?: string;
}

const MB = 1024 * 1024;
const today = (a: MeasureArgs) => a.today ?? '2025-12-31';

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * The process's own peak resident set, MB: Linux's VmHWM, the high-water mark of this process image.
 * (getrusage's maxRSS would do elsewhere, but on Linux a child spawned by fork and exec keeps the
 * parent's peak in it: the runner, grown to 659 MB by generating a million rows, showed as every
 * child's floor.)
 */
function peakMB(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024; // kilobytes
}

async function readSnapshot<T>(file: string): Promise<T> {
  return v8.deserialize(await fs.readFile(file)) as T;
}

async function writeSnapshot(file: string, value: unknown): Promise<void> {
  await fs.writeFile(file, v8.serialize(value));
}

/** Time `step` after a GC; the peak is read before anything else (snapshots) happens. */
async function timed<T>(step: () => Promise<T> | T): Promise<{ value: T; seconds: number; cpuSeconds: number; peakMB: number; baseMB: number; peakBeforeMB: number }> {
  gc();
  const baseMB = process.memoryUsage().rss / MB;
  const peakBeforeMB = peakMB();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await step();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, seconds, cpuSeconds: (c.user + c.system) / 1e6, peakMB: peakMB(), baseMB, peakBeforeMB };
}

const TASKS: Record<string, (a: MeasureArgs) => Promise<MeasureResult>> = {
  /** (a) openSource + the sheet's grid, as the CLI imports. */
  async import(a) {
    const r = await timed(async () => {
      const book = await openSource(a.file!);
      return book.grid(book.sheets[0]);
    });
    const rows = r.value.values.length;
    if (a.gridOut) await writeSnapshot(a.gridOut, r.value);
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { gridRows: rows } };
  },

  /** The CLI's import: the register sheet streamed (src/xlsx/stream-read.ts) into rows of cell values, nothing kept. */
  async 'stream-read'(a) {
    let rows = 0, cells = 0;
    const r = await timed(() => readXlsxStream(a.file!, () => ({
      push(values: unknown[]) {
        rows++;
        cells += values.length;
      },
    })));
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { rows, cells } };
  },

  /** The CLI's CSV import: the file streamed (src/xlsx/stream-read.ts) into rows of cell values, nothing kept. */
  async 'stream-csv'(a) {
    let rows = 0;
    const r = await timed(() => readCsvStream(a.file!, { push: () => void rows++ }));
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { rows } };
  },

  /** ExcelJS's own streaming reader alone, its rows as it builds them (the floor's reading half). */
  async 'stream-floor-read'(a) {
    let cells = 0;
    const r = await timed(async () => {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(a.file!, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
      for await (const wsReader of reader) {
        for await (const row of wsReader as unknown as AsyncIterable<ExcelJS.Row>) cells += (row.values as ExcelJS.CellValue[]).length - 1;
      }
    });
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { cells } };
  },

  /** The CSV import (openSource on the .csv), for comparison. */
  async 'import-csv'(a) {
    const r = await timed(async () => {
      const book = await openSource(a.file!);
      return book.grid(book.sheets[0]);
    });
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { gridRows: r.value.values.length } };
  },

  /** (b) runPipeline on the imported grid: register, figures and checks, plans, JSON. */
  async pipeline(a) {
    const grid = await readSnapshot<Grid>(a.gridIn!);
    const rates = await loadRates([a.rates!]);
    const r = await timed(() => runPipeline(grid, { file: path.basename(a.file!), lang: 'kk', rates, today: today(a) }));
    if (!r.value.ok) return { ok: false, error: r.value.problem };
    const findings = r.value.findings.length;
    if (a.plansOut) await writeSnapshot(a.plansOut, r.value.plans);
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { findings, projects: r.value.register.counts.project } };
  },

  /** runPipeline's steps one by one, the same calls in the same order. */
  async phases(a) {
    const grid = await readSnapshot<Grid>(a.gridIn!);
    const rates = await loadRates([a.rates!]);
    const file = path.basename(a.file!);
    gc();
    const t = [performance.now()];
    const read = readRegister(grid, {});
    t.push(performance.now());
    if (!read.ok) return { ok: false, error: read.problem };
    const check = checkRegister(read.register, rates, { today: today(a) });
    t.push(performance.now());
    const plans = buildPlans({ register: read.register, check, findings: check.findings }, { lang: 'kk', file, reportDate: today(a) }, grid);
    t.push(performance.now());
    const json = resultJson(read.register, check, check.findings, { file, lang: 'kk' });
    t.push(performance.now());
    const s = (i: number) => (t[i + 1] - t[i]) / 1000;
    return {
      ok: true, seconds: (t[4] - t[0]) / 1000, peakMB: peakMB(),
      extra: { readRegister: s(0), checkRegister: s(1), buildPlans: s(2), resultJson: s(3), sheets: plans.length, jsonRows: json.rows.length },
    };
  },

  /** (c) writePlansFile for the plans the pipeline step left. */
  async write(a) {
    const plans = await readSnapshot<SheetPlan[]>(a.plansIn!);
    const r = await timed(() => writePlansFile(plans, a.out!, { title: 'bench', subject: 'bench' }));
    const size = (await fs.stat(a.out!)).size;
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { outMB: size / MB } };
  },

  /** (d) the whole `tizilim summarize <file> --rates <csv> --out <xlsx> --today <date>` (and --json when given), via run(). */
  async summarize(a) {
    const lines: string[] = [];
    const r = await timed(() => run(a.file!, { rates: [a.rates!], out: a.out!, json: a.json, lang: 'kk', write: true, today: today(a) }, (s) => lines.push(s)));
    const size = (await fs.stat(a.out!)).size;
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { exitCode: r.value, lines: lines.length, outMB: size / MB } };
  },

  /** (d') the same with --json: the JSON's rows streamed to their file too. */
  async 'summarize-json'(a) {
    return TASKS.summarize(a);
  },

  /** (g) the whole `tizilim export <file> --month 2025-12 --rates <csv> --out <xlsx> --allow-errors` (streamed), in-process, its lines not printed. */
  async export(a) {
    const month = today(a).slice(0, 7);
    let code = -1;
    const log = console.log;
    console.log = () => undefined;
    let r;
    try {
      r = await timed(() => program((c) => (code = c)).parseAsync(['node', 'tizilim', 'export', a.file!, '--month', month, '--rates', a.rates!, '--out', a.out!, '--allow-errors', '--today', today(a), '--lang', 'kk']));
    } finally {
      console.log = log;
    }
    if (code !== 0) return { ok: false, error: `exit code ${code}` };
    const size = (await fs.stat(a.out!)).size;
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { outMB: size / MB } };
  },

  /** (g') the copy made in memory, as export did before it streamed: openSource, runPipeline, buildExport, ExcelJS's in-memory writer. */
  async 'export-mem'(a) {
    const month = today(a).slice(0, 7);
    const rates = await loadRates([a.rates!]);
    const r = await timed(async () => {
      const book = await openSource(a.file!);
      const res = runPipeline(book.grid(book.sheets[0]), { file: path.basename(a.file!), lang: 'kk', rates, today: today(a) });
      if (!res.ok) throw new Error(res.problem);
      const copy = buildExport(exportInput(res), {
        month, region: 'Батыс Қазақстан облысы', regionCode: 'BKO', organisation: null, version: '0.0.0', langs: ['kk', 'ru'],
        formulas: false, allowErrors: true, file: path.basename(a.file!), reportDate: today(a), previous: null,
      });
      if (!copy.ok) throw new Error('refused');
      await writeExportFile(copy.plans, copy.properties, a.out!);
    });
    const size = (await fs.stat(a.out!)).size;
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { outMB: size / MB } };
  },

  /** (e) the floor: ExcelJS's streaming reader into its streaming writer, the same cells, no logic of ours. */
  async floor(a) {
    let cells = 0;
    const r = await timed(async () => {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(a.file!, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: a.out!, useStyles: true, useSharedStrings: true });
      let k = 0;
      for await (const wsReader of reader) {
        const ws = writer.addWorksheet(`Sheet${++k}`);
        for await (const row of wsReader as unknown as AsyncIterable<ExcelJS.Row>) {
          const values = row.values as ExcelJS.CellValue[];
          cells += values.length - 1;
          ws.addRow(values).commit();
        }
        ws.commit();
      }
      await writer.commit();
    });
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { cells } };
  },

  /** (f) ExcelJS's non-streaming readFile alone. */
  async readfile(a) {
    const r = await timed(async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(a.file!);
      return wb.worksheets[0].rowCount;
    });
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { rowCount: r.value } };
  },

  /** parseAmount over mixed cells in a tenge-in-millions column of a yuan register. */
  async money(a) {
    const n = a.cells ?? 1_000_000;
    const cells = moneyCells(n);
    const ctx = { scale: new Big(1e6), currency: 'KZT' as const, yuanContext: true };
    for (let i = 0; i < 50_000; i++) parseAmount(cells[i % n], ctx); // warm-up
    let ok = 0;
    const r = await timed(() => {
      for (let i = 0; i < n; i++) if (parseAmount(cells[i], ctx).ok) ok++;
    });
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { cells: n, readable: ok, cellsPerSecond: n / r.seconds } };
  },
};

/** An InputError's problem, short: "FILE_TOO_LARGE: 96.4 MB, over openSource's 50 MB limit". */
function problemText(p: { key: string; params?: Record<string, unknown> }): string {
  const q = p.params ?? {};
  if (p.key === 'FILE_TOO_LARGE') return `FILE_TOO_LARGE: ${q.size} MB, over openSource's ${q.limit} MB limit`;
  const rest = Object.entries(q).filter(([k]) => k !== 'file').map(([k, v]) => `${k}=${String(v)}`);
  return rest.length ? `${p.key}: ${rest.join(', ')}` : p.key;
}

// --- the monthly report at scale: `snapshot` and `changes` (issue #14) --------------------------------

/** Arguments of the monthly tasks: `file` the register, `out` the snapshot or the Changes workbook, `from` the previous snapshot, `json` the Changes JSON. */
interface MonthlyArgs extends MeasureArgs { from?: string; month?: string }

/** The CLI's own command through its program, its printing kept; the exit code. */
async function cliRun(args: string[], lines: string[]): Promise<number> {
  let code = -1;
  const log = console.log, error = console.error;
  console.log = (x: unknown) => void lines.push(String(x));
  console.error = (x: unknown) => void lines.push(String(x));
  try {
    await program((c) => (code = c)).parseAsync(['node', 'tizilim', ...args]);
  } finally {
    console.log = log;
    console.error = error;
  }
  return code;
}

Object.assign(TASKS, {
  /** `tizilim snapshot REGISTER --month M -o OUT.jsonl`: the register streamed, the snapshot written a line per project. */
  async snapshot(a: MonthlyArgs): Promise<MeasureResult> {
    const lines: string[] = [];
    const r = await timed(() => cliRun(['snapshot', a.file!, '--month', a.month ?? '2025-12', '--rates', a.rates!, '-o', a.out!, '--today', today(a), '--lang', 'kk'], lines));
    if (r.value !== 0 && r.value !== 1) return { ok: false, error: `exit ${r.value}: ${lines.slice(-2).join(' | ')}` };
    const size = (await fs.stat(a.out!)).size;
    return { ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds, extra: { exitCode: r.value, outMB: size / MB } };
  },
  /** `tizilim changes --from PREV.jsonl --to REGISTER --out OUT.xlsx --json J`: the previous month read a line at a time, this month streamed. */
  async changes(a: MonthlyArgs): Promise<MeasureResult> {
    const lines: string[] = [];
    const r = await timed(() => cliRun(['changes', '--from', a.from!, '--to', a.file!, '--month', a.month ?? '2025-12', '--rates', a.rates!, '--out', a.out!, '--json', a.json!, '--today', today(a), '--lang', 'kk'], lines));
    if (r.value !== 0) return { ok: false, error: `exit ${r.value}: ${lines.slice(-2).join(' | ')}` };
    const c = JSON.parse(await fs.readFile(a.json!, 'utf8')) as { counts: Record<string, number> };
    return {
      ok: true, seconds: r.seconds, peakMB: r.peakMB, baseMB: r.baseMB, peakBeforeMB: r.peakBeforeMB, cpuSeconds: r.cpuSeconds,
      extra: { added: c.counts.added, removed: c.counts.removed, changed: c.counts.changed, unchanged: c.counts.unchanged, outMB: (await fs.stat(a.out!)).size / MB },
    };
  },
} as Record<string, (a: MeasureArgs) => Promise<MeasureResult>>);

async function main(): Promise<void> {
  const [task, json] = process.argv.slice(2);
  const fn = TASKS[task];
  if (!fn) throw new Error(`unknown task ${task}; tasks: ${Object.keys(TASKS).join(', ')}`);
  let res: MeasureResult;
  try {
    res = await fn(JSON.parse(json ?? '{}') as MeasureArgs);
  } catch (e) {
    const err = e as Error & { problem?: { key: string; params?: Record<string, unknown> } };
    res = { ok: false, error: err.problem ? problemText(err.problem) : err.message };
  }
  process.stdout.write('@@RESULT ' + JSON.stringify(res) + '\n');
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
