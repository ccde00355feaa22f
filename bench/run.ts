/**
 * The benchmark: `npm run bench` (sizes 1,000 / 10,000 / 100,000), `npm run bench -- --full` (adds
 * 1,000,000), `npm run bench -- --sizes 1000,5000`. For each size it generates one synthetic register
 * (bench/generate.ts) into bench/out/, then runs every measurement in a fresh `node` process
 * (bench/measure.ts, compiled first into bench/out/build) so each peak RSS is that measurement's own.
 * Prints the table and writes docs/BENCHMARKS.md with the goals (met / not met) and docs/bench-time.svg.
 *
 * Options: --sizes a,b,c  --full  --repeat N (default 3 below 100,000 rows, else 1; the median is kept)
 *          --seed N  --lang kk|ru  --doc <file.md> (the SVG goes beside it)  --no-doc
 *          --only monthly (only `snapshot` and `changes`, with their goals)
 */
import { spawnSync } from 'child_process';
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { writeCsv, writeRatesCsv, writeXlsx, type GenLang } from './generate';
import { previousMonthRows, writeRowsXlsx } from './months';
import type { MeasureArgs, MeasureResult } from './measure';
import { timeChart, type Series } from './plot';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const BUILD = path.join(OUT, 'build');
const MEASURE_JS = path.join(BUILD, 'bench', 'measure.js');
const TODAY = '2025-12-31';
const MB = 1024 * 1024;

interface Options {
  sizes: number[];
  full: boolean;
  repeat: number | null;
  seed: number;
  lang: GenLang;
  doc: string | null;
  argv: string[];
  /** `--only monthly`: only the monthly report's measurements (snapshot, changes). */
  only: string | null;
}

function parseArgs(argv: string[]): Options {
  const get = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const full = argv.includes('--full');
  let sizes = (get('--sizes') ?? '1000,10000,100000').split(',').map((s) => Number(s.replace(/[_\s]/g, ''))).filter((n) => Number.isInteger(n) && n > 0);
  if (full && !sizes.includes(1_000_000)) sizes.push(1_000_000);
  sizes = [...new Set(sizes)].sort((a, b) => a - b);
  const repeat = get('--repeat') ? Math.max(1, Number(get('--repeat'))) : null;
  const doc = argv.includes('--no-doc') ? null : path.resolve(ROOT, get('--doc') ?? 'docs/BENCHMARKS.md');
  return { sizes, full, repeat, seed: Number(get('--seed') ?? '1'), lang: (get('--lang') ?? 'kk') as GenLang, doc, argv, only: get('--only') ?? null };
}

/** The monthly report's measurements (issue #14; monthlySteps below). */
const MONTHLY_TASKS = ['snapshot', 'changes'] as const;
type MonthlyTask = (typeof MONTHLY_TASKS)[number];
const MONTHLY_LABELS: Record<MonthlyTask, string> = {
  snapshot: '(m) tizilim snapshot → .jsonl (streamed)',
  changes: "(m') tizilim changes --from .jsonl --to register",
};

// --- measurements ----------------------------------------------------------------------------------

type Task = 'import' | 'import-csv' | 'stream-read' | 'stream-csv' | 'pipeline' | 'phases' | 'write' | 'summarize' | 'summarize-json' | 'floor' | 'stream-floor-read' | 'readfile' | 'money'
  | 'export' | 'export-mem'
  | MonthlyTask;

interface Outcome extends MeasureResult {
  task: Task;
  rows: number;
  /** Wall time of the whole child process (start-up and input snapshots included). */
  wall: number;
  runs: number;
}

function runChild(task: Task, args: MeasureArgs): MeasureResult & { wall: number } {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, ['--expose-gc', MEASURE_JS, task, JSON.stringify(args)], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * MB, timeout: 60 * 60 * 1000,
  });
  const wall = (performance.now() - t0) / 1000;
  const line = (p.stdout ?? '').split('\n').find((l) => l.startsWith('@@RESULT '));
  if (line) return { ...(JSON.parse(line.slice(9)) as MeasureResult), wall };
  const err = (p.stderr ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = err.find((l) => /FATAL ERROR|heap out of memory|Allocation failed/i.test(l));
  const why = p.error ? p.error.message : p.signal ? `killed by ${p.signal}` : `exit code ${p.status}`;
  return { ok: false, error: `crashed (${why})${fatal ? ': ' + fatal : err.length ? ': ' + err[err.length - 1].slice(0, 200) : ''}`, wall };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Run a task `times` times; keep the run with the median time, and the highest peak of all runs. */
function measure(task: Task, rows: number, args: MeasureArgs, times: number): Outcome {
  const runs: (MeasureResult & { wall: number })[] = [];
  for (let k = 0; k < times; k++) {
    const r = runChild(task, args);
    runs.push(r);
    if (!r.ok) return { ...r, task, rows, runs: runs.length };
  }
  const m = median(runs.map((r) => r.seconds!));
  const pick = runs.find((r) => r.seconds === m) ?? runs.reduce((a, b) => (Math.abs(a.seconds! - m) <= Math.abs(b.seconds! - m) ? a : b));
  return { ...pick, seconds: m, peakMB: Math.max(...runs.map((r) => r.peakMB ?? 0)), task, rows, runs: runs.length };
}

function notRun(task: Task, rows: number, why: string): Outcome {
  return { ok: false, error: why, task, rows, wall: 0, runs: 0 };
}

// --- formatting ------------------------------------------------------------------------------------

const LABELS: Record<Exclude<Task, 'money' | 'phases'>, string> = {
  import: '(a) in-memory import .xlsx: openSource + grid',
  'import-csv': "(a') in-memory import .csv: openSource + grid",
  'stream-read': '(a*) streamed read .xlsx (the CLI)',
  'stream-csv': "(a*') streamed read .csv (the CLI)",
  pipeline: '(b) checks + plans: runPipeline',
  write: '(c) in-memory write: writePlansFile',
  summarize: '(d) tizilim summarize (run(), streamed)',
  'summarize-json': "(d') tizilim summarize --json",
  floor: '(e) floor: ExcelJS stream read → stream write',
  'stream-floor-read': "(e') ExcelJS stream read alone",
  readfile: '(f) ExcelJS readFile alone',
  export: '(g) tizilim export --month (streamed)',
  'export-mem': "(g') the copy in memory (export before it streamed)",
  ...MONTHLY_LABELS,
};
const ORDER: (keyof typeof LABELS)[] = ['import', 'import-csv', 'stream-read', 'stream-csv', 'pipeline', 'write', 'summarize', 'summarize-json', 'export', 'export-mem', 'floor', 'stream-floor-read', 'readfile', ...MONTHLY_TASKS];
/** Up to this many rows the step-by-step pipeline (phases, the checks' and plans' goals) runs 3 times, the median kept. */
const PHASES_REPEAT_MAX_ROWS = 200_000;
/** The in-memory reader (f) held about 4 GB and stopped at V8's heap limit on a million rows; it is not run above this. */
const READFILE_MAX_ROWS = 200_000;

function fmtN(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
function fmtS(s: number): string {
  return s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3);
}
function fmtMB(x: number): string {
  return x.toFixed(0);
}
/** The peak, marked "≤" when the step ended at the peak its input loading had already reached. */
function fmtPeak(r: MeasureResult): string {
  const p = fmtMB(r.peakMB ?? 0);
  return r.peakBeforeMB !== undefined && (r.peakMB ?? 0) - r.peakBeforeMB < 1 ? `≤ ${p}` : p;
}
function fmtX(x: number): string {
  return `${x.toFixed(2)}×`;
}

/** A table as fixed-width text (stdout) or markdown. */
function table(head: string[], rows: string[][], md: boolean, right: boolean[] = []): string {
  if (md) {
    const sep = head.map((_, i) => (right[i] ? '---:' : '---'));
    return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

// --- goals -----------------------------------------------------------------------------------------

interface Goal { goal: string; figure: string; status: 'met' | 'not met' | 'not run' }

function find(results: Outcome[], task: Task, rows: number): Outcome | undefined {
  return results.find((r) => r.task === task && r.rows === rows);
}

function goals(results: Outcome[], money: Outcome | null, o: Options): Goal[] {
  const G: Goal[] = [];
  if (o.only === 'monthly') return monthlyGoals(results, o);
  const at = (rows: number) => (o.sizes.includes(rows) ? null : `not run (${fmtN(rows)} rows not measured${rows === 1_000_000 ? '; pass --full' : ''})`);
  const failed = (r: Outcome | undefined, what: string) => (r ? `${what} could not run: ${r.error}` : `${what} not measured`);
  // Money.
  if (money?.ok) {
    const cps = Number(money.extra!.cellsPerSecond);
    G.push({ goal: 'money parsing ≥ 1,000,000 cells/s', figure: `${fmtN(cps)} cells/s`, status: cps >= 1e6 ? 'met' : 'not met' });
  } else G.push({ goal: 'money parsing ≥ 1,000,000 cells/s', figure: money ? `failed: ${money.error}` : 'not run', status: 'not run' });
  // Import vs readFile at 100k.
  const K = 100_000;
  {
    const g = 'import of 100,000 rows ≤ 1.5× ExcelJS readFile alone';
    const skip = at(K);
    const a = find(results, 'import', K), f = find(results, 'readfile', K);
    if (skip) G.push({ goal: g, figure: skip, status: 'not run' });
    else if (a?.ok && f?.ok) G.push({ goal: g, figure: `${fmtS(a.seconds!)} s vs ${fmtS(f.seconds!)} s = ${fmtX(a.seconds! / f.seconds!)}`, status: a.seconds! <= 1.5 * f.seconds! ? 'met' : 'not met' });
    else G.push({ goal: g, figure: !a?.ok ? failed(a, 'import') : failed(f, 'readFile'), status: 'not met' });
  }
  // Checks and plans at 100k.
  {
    const ph = find(results, 'phases', K);
    const skip = at(K);
    const gc = 'checks on 100,000 rows < 1 s', gp = 'plans for 100,000 rows < 1 s';
    if (skip) {
      G.push({ goal: gc, figure: skip, status: 'not run' }, { goal: gp, figure: skip, status: 'not run' });
    } else if (ph?.ok) {
      const e = ph.extra!;
      const checks = Number(e.readRegister) + Number(e.checkRegister);
      G.push({
        goal: gc,
        figure: `${fmtS(checks)} s (readRegister ${fmtS(Number(e.readRegister))} s + checkRegister ${fmtS(Number(e.checkRegister))} s)`,
        status: checks < 1 ? 'met' : 'not met',
      });
      G.push({ goal: gp, figure: `${fmtS(Number(e.buildPlans))} s (buildPlans; resultJson another ${fmtS(Number(e.resultJson))} s)`, status: Number(e.buildPlans) < 1 ? 'met' : 'not met' });
    } else {
      G.push({ goal: gc, figure: failed(ph, 'checks'), status: 'not met' }, { goal: gp, figure: failed(ph, 'plans'), status: 'not met' });
    }
  }
  // Summarize against the floor, and its peak.
  const vsFloor = (rows: number, factor: number, limitMB: number, limitText: string) => {
    const g1 = `\`tizilim summarize\` at ${fmtN(rows)} rows ≤ ${factor}× the streaming floor`;
    const g2 = `\`tizilim summarize\` at ${fmtN(rows)} rows < ${limitText} peak RSS`;
    const skip = at(rows);
    if (skip) {
      G.push({ goal: g1, figure: skip, status: 'not run' }, { goal: g2, figure: skip, status: 'not run' });
      return;
    }
    const d = find(results, 'summarize', rows), e = find(results, 'floor', rows);
    if (d?.ok && e?.ok) G.push({ goal: g1, figure: `${fmtS(d.seconds!)} s vs ${fmtS(e.seconds!)} s = ${fmtX(d.seconds! / e.seconds!)}`, status: d.seconds! <= factor * e.seconds! ? 'met' : 'not met' });
    else G.push({ goal: g1, figure: !d?.ok ? failed(d, 'summarize') : failed(e, 'floor'), status: 'not met' });
    if (d?.ok) G.push({ goal: g2, figure: `${fmtMB(d.peakMB!)} MB`, status: d.peakMB! < limitMB ? 'met' : 'not met' });
    else G.push({ goal: g2, figure: failed(d, 'summarize'), status: 'not met' });
  };
  vsFloor(K, 1.5, 500, '500 MB');
  vsFloor(1_000_000, 2, 1024, '1 GB');
  {
    const g = 'time per row at 1,000,000 ≤ 1.3× time per row at 100,000 (`tizilim summarize`)';
    const skip = at(1_000_000) ?? at(K);
    const a = find(results, 'summarize', K), b = find(results, 'summarize', 1_000_000);
    if (skip) G.push({ goal: g, figure: skip, status: 'not run' });
    else if (a?.ok && b?.ok) {
      const ra = a.seconds! / K, rb = b.seconds! / 1_000_000;
      G.push({ goal: g, figure: `${(rb * 1e6).toFixed(1)} µs vs ${(ra * 1e6).toFixed(1)} µs per row = ${fmtX(rb / ra)}`, status: rb <= 1.3 * ra ? 'met' : 'not met' });
    } else G.push({ goal: g, figure: failed(!b?.ok ? b : a, 'summarize'), status: 'not met' });
  }
  G.push(...monthlyGoals(results, o));
  return G;
}

// --- the monthly report at scale: snapshot and changes (issue #14) ---------------------------------

/**
 * `snapshot` of the register, and `changes` against a previous month of the same size (bench/months.ts:
 * 4% of the projects differ), whose snapshot is made first (not measured).
 */
async function monthlySteps(
  n: number, o: Options, xlsx: string, rates: string,
  step: (task: Task, args: MeasureArgs & { from?: string; month?: string }, times?: number) => Outcome, log: (s: string) => void,
): Promise<void> {
  const prev = path.join(OUT, `previous-${o.lang}-${n}-s${o.seed}.xlsx`);
  const prevSnap = path.join(OUT, `previous-${n}.jsonl`);
  let t = performance.now();
  await writeRowsXlsx(prev, previousMonthRows(n, o.seed, o.lang));
  const made = runChild('snapshot', { file: prev, rates, out: prevSnap, today: '2025-11-30', month: '2025-11' } as MeasureArgs);
  log(`  previous month: ${path.relative(ROOT, prev)} and its snapshot in ${fmtS((performance.now() - t) / 1000)} s${made.ok ? '' : ` — failed: ${made.error}`}`);
  const snap = path.join(OUT, `snapshot-${n}.jsonl`);
  step('snapshot', { out: snap, month: '2025-12' });
  if (made.ok) step('changes', { from: prevSnap, out: path.join(OUT, `changes-${n}.xlsx`), json: path.join(OUT, `changes-${n}.json`), month: '2025-12' });
  t = performance.now();
  for (const f of [prev, prevSnap, snap, path.join(OUT, `changes-${n}.xlsx`), path.join(OUT, `changes-${n}.json`)]) await fs.rm(f, { force: true });
}

/** snapshot + changes at 1,000,000 rows: under 1 GB, and time per row ≤ 1.3× that at 100,000. */
function monthlyGoals(results: Outcome[], o: Options): Goal[] {
  const G: Goal[] = [];
  const K = 100_000, M = 1_000_000;
  const skip = (rows: number) => (o.sizes.includes(rows) ? null : `not run (${fmtN(rows)} rows not measured${rows === M ? '; pass --full' : ''})`);
  const both = (rows: number) => {
    const a = find(results, 'snapshot', rows), b = find(results, 'changes', rows);
    return a?.ok && b?.ok ? { seconds: a.seconds! + b.seconds!, peak: Math.max(a.peakMB!, b.peakMB!), a, b } : { error: `${!a?.ok ? 'snapshot' : 'changes'} could not run: ${(!a?.ok ? a : b)?.error ?? 'not measured'}` };
  };
  const gm = '`tizilim snapshot` + `tizilim changes` at 1,000,000 rows (against a previous month of 1,000,000) < 1 GB peak RSS';
  const gt = 'time per row of `snapshot` + `changes` at 1,000,000 ≤ 1.3× time per row at 100,000';
  const sm = skip(M);
  if (sm) G.push({ goal: gm, figure: sm, status: 'not run' });
  else {
    const m = both(M);
    if ('peak' in m) G.push({ goal: gm, figure: `${fmtMB(m.peak!)} MB (snapshot ${fmtMB(m.a!.peakMB!)} MB, changes ${fmtMB(m.b!.peakMB!)} MB)`, status: m.peak! < 1024 ? 'met' : 'not met' });
    else G.push({ goal: gm, figure: m.error!, status: 'not met' });
  }
  const st = skip(M) ?? skip(K);
  if (st) G.push({ goal: gt, figure: st, status: 'not run' });
  else {
    const a = both(K), b = both(M);
    if ('seconds' in a && 'seconds' in b) {
      const ra = a.seconds! / K, rb = b.seconds! / M;
      G.push({ goal: gt, figure: `${(rb * 1e6).toFixed(1)} µs vs ${(ra * 1e6).toFixed(1)} µs per row = ${fmtX(rb / ra)} (${fmtS(b.seconds!)} s vs ${fmtS(a.seconds!)} s)`, status: rb <= 1.3 * ra ? 'met' : 'not met' });
    } else G.push({ goal: gt, figure: ('error' in b ? b.error : (a as { error: string }).error)!, status: 'not met' });
  }
  return G;
}

/** The ministry copy's goals (issue #14): `export --month` against `summarize` on the same register in the same run, and its peaks. */
function exportGoals(results: Outcome[], o: Options): Goal[] {
  const G: Goal[] = [];
  const at = (rows: number) => (o.sizes.includes(rows) ? null : `not run (${fmtN(rows)} rows not measured${rows === 1_000_000 ? '; pass --full' : ''})`);
  const failed = (r: Outcome | undefined, what: string) => (r ? `${what} could not run: ${r.error}` : `${what} not measured`);
  const K = 100_000;
  {
    const g1 = `\`tizilim export --month\` at ${fmtN(K)} rows ≤ 1.5× \`summarize\` on the same register`;
    const g2 = `\`tizilim export --month\` at ${fmtN(K)} rows < 500 MB peak RSS`;
    const skip = at(K);
    const x = find(results, 'export', K), d = find(results, 'summarize', K);
    if (skip) G.push({ goal: g1, figure: skip, status: 'not run' }, { goal: g2, figure: skip, status: 'not run' });
    else {
      if (x?.ok && d?.ok) G.push({ goal: g1, figure: `${fmtS(x.seconds!)} s vs ${fmtS(d.seconds!)} s = ${fmtX(x.seconds! / d.seconds!)}`, status: x.seconds! <= 1.5 * d.seconds! ? 'met' : 'not met' });
      else G.push({ goal: g1, figure: !x?.ok ? failed(x, 'export') : failed(d, 'summarize'), status: 'not met' });
      if (x?.ok) G.push({ goal: g2, figure: `${fmtMB(x.peakMB!)} MB`, status: x.peakMB! < 500 ? 'met' : 'not met' });
      else G.push({ goal: g2, figure: failed(x, 'export'), status: 'not met' });
    }
  }
  {
    const g = `\`tizilim export --month\` at 1,000,000 rows < 1 GB peak RSS`;
    const skip = at(1_000_000);
    const x = find(results, 'export', 1_000_000);
    if (skip) G.push({ goal: g, figure: skip, status: 'not run' });
    else if (x?.ok) G.push({ goal: g, figure: `${fmtMB(x.peakMB!)} MB (${fmtS(x.seconds!)} s)`, status: x.peakMB! < 1024 ? 'met' : 'not met' });
    else G.push({ goal: g, figure: failed(x, 'export'), status: 'not met' });
  }
  return G;
}

/** The ministry copy, streamed (g) and, up to the in-memory path's size, made in memory as before (g'). */
function exportSteps(n: number, out: string, step: (task: Task, args: MeasureArgs) => Outcome, skip: (task: Task, why: string) => void): string[] {
  const streamed = path.join(out, `export-${n}.xlsx`), mem = path.join(out, `export-mem-${n}.xlsx`);
  step('export', { out: streamed });
  if (n <= EXPORT_MEM_MAX_ROWS) step('export-mem', { out: mem });
  else skip('export-mem', `the in-memory copy is not run above ${fmtN(EXPORT_MEM_MAX_ROWS)} rows (its register is past openSource's 50 MB limit)`);
  return [streamed, mem];
}
/** The in-memory copy reads the register whole (50 MB cap): 100,000 generated rows are about 10 MB, a million about 96 MB. */
const EXPORT_MEM_MAX_ROWS = 200_000;

// --- machine ---------------------------------------------------------------------------------------

function machine(): { cpu: string; cores: number; memGB: number; node: string; os: string; date: string } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() has it
  }
  return { cpu, cores: os.cpus().length, memGB: os.totalmem() / 1024 ** 3, node: process.version, os: `${os.type()} ${os.release()} ${os.arch()}`, date: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
}

/** What the import paths do today, read from their sources so the notes stay true as they change. */
function importNotes(): string {
  const src = (f: string) => {
    try {
      return readFileSync(path.join(ROOT, f), 'utf8');
    } catch {
      return '';
    }
  };
  const stream = src('src/xlsx/stream-read.ts'), cli = src('src/cli/main.ts');
  const notes: string[] = [];
  const limit = /MAX_FILE_BYTES\s*=\s*(\d+)\s*\*\s*1024\s*\*\s*1024/.exec(src('src/core/grid/problems.ts'));
  if (/stream\.xlsx\.WorkbookReader/.test(stream) && /summarizeFiles/.test(cli)) {
    notes.push("- `tizilim summarize` streams (d): src/xlsx/stream-read.ts reads the sheet through ExcelJS's streaming WorkbookReader (zip, shared strings, styles, the workbook; a sheet that comes before the shared strings parked in a temporary file, as in the floor) and parses the sheet's XML with ExcelJS's own SAX parser straight into cell values (a*), the core (src/core/report/stream.ts) reads, checks and aggregates each row as it comes, and src/xlsx/stream-write.ts writes the register sheet through ExcelJS's streaming WorkbookWriter as the rows are read (inline strings, one style object per look), the summaries and the checks at the end. (a*) is compared with ExcelJS's own rows (e'): ExcelJS builds a Row and a Cell object per cell.");
    notes.push("- ExcelJS's streaming reader decodes each chunk of a zip entry on its own, so a two-byte UTF-8 letter (all of Cyrillic) split between two chunks becomes two U+FFFD; on the 100,000-row register 229 of its 113,033 shared strings (239 cells) come out garbled. stream-read.ts hands ExcelJS's parser text decoded across chunks instead (test/core/report/stream.test.ts). The floor (e) and (e') use the stock reader, bug included; it costs them nothing.");
    notes.push("- Memory: ExcelJS's streams do not push back (its StreamBuf ignores a full buffer, and the zip's entry is a readable-stream PassThrough without `writableLength`), so stream-write.ts waits while the zip entry holds more than 8 MB unread; without that the 1,000,000-row summarize held 1.6 GB of XML waiting for the compressor. ExcelJS's own rows (e') make a Row and a Cell object per cell that live long enough to reach V8's old generation, which V8 lets grow to several times its live size before collecting (on the 1,000,000-row file about 890 MB, against about 370 MB with V8's heap growing factor cut to 1.3, `--heap-growing-percent=30`); the streamed read (a*) builds no such objects. What stays in memory is ExcelJS's shared strings (1.07 million on that file, every project's name: about 170 MB of heap) and the checks' compact structures.");
  }
  if (limit) notes.push(`- The in-memory path — openSource (a), runPipeline on its grid (b), writePlansFile (c) — is the add-in's and the other commands' (snapshot, changes, export), and keeps its ${limit[1]} MB limit: a generated register of 1,000,000 rows is about 96 MB (.xlsx) and 270 MB (.csv), so at that size (a), (a'), (b) and (c) report "not run" with the reason. \`tizilim summarize\` and \`check\` take .xlsx/.xlsm and .csv files up to 2 GB through the streaming path.`);
  return notes.join('\n');
}

// --- main ------------------------------------------------------------------------------------------

async function compile(): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc');
  const p = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
  // Type errors elsewhere (other work in progress) do not stop the emit; only a missing output does.
  if (p.status !== 0 && (p.stdout || p.stderr)) console.warn(`tsc reported problems (the build is still used):\n${(p.stdout + p.stderr).trim().split('\n').slice(0, 10).join('\n')}`);
  await fs.access(MEASURE_JS);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadBefore = os.loadavg();
  const log = (s: string) => process.stdout.write(s + '\n');
  await fs.mkdir(OUT, { recursive: true });
  log(`tizilim bench: sizes ${o.sizes.map(fmtN).join(', ')}${o.full ? '' : ' (1,000,000 only with --full)'}; seed ${o.seed}; headings ${o.lang}`);
  let t = performance.now();
  await compile();
  log(`compiled bench/measure.ts and src/ into bench/out/build in ${fmtS((performance.now() - t) / 1000)} s`);
  const ratesFile = path.join(OUT, 'rates-2019-2025.csv');
  const rateCount = await writeRatesCsv(ratesFile);

  const results: Outcome[] = [];
  const generated: { rows: number; xlsxMB: number; csvMB: number; seconds: number; planted: number }[] = [];
  for (const n of o.sizes) {
    const times = o.repeat ?? (n < 100_000 ? 3 : 1);
    const base = path.join(OUT, `register-${o.lang}-${n}-s${o.seed}`);
    const xlsx = base + '.xlsx', csv = base + '.csv';
    t = performance.now();
    const stats = await writeXlsx(xlsx, n, { seed: o.seed, lang: o.lang });
    if (o.only === 'monthly') await fs.writeFile(csv, '');
    else await writeCsv(csv, n, { seed: o.seed, lang: o.lang });
    const gen = { rows: n, xlsxMB: (await fs.stat(xlsx)).size / MB, csvMB: (await fs.stat(csv)).size / MB, seconds: (performance.now() - t) / 1000, planted: stats.planted.length };
    generated.push(gen);
    log(`\n${fmtN(n)} rows: generated ${path.relative(ROOT, xlsx)} (${gen.xlsxMB.toFixed(1)} MB) and .csv (${gen.csvMB.toFixed(1)} MB) in ${fmtS(gen.seconds)} s; ${times} run(s) per measurement`);
    const gridV8 = path.join(OUT, `grid-${n}.v8`), plansV8 = path.join(OUT, `plans-${n}.v8`);
    const common = { file: xlsx, rates: ratesFile, today: TODAY };
    const step = (task: Task, args: MeasureArgs, times2 = times) => {
      const r = measure(task, n, { ...common, ...args }, times2);
      results.push(r);
      log(`  ${(task === 'phases' ? '    runPipeline step by step' : LABELS[task as keyof typeof LABELS]).padEnd(48)} ${r.ok ? `${fmtS(r.seconds!).padStart(7)} s  ${fmtPeak(r).padStart(7)} MB peak` : `not run: ${r.error}`}`);
      return r;
    };
    if (o.only === 'monthly') {
      await monthlySteps(n, o, xlsx, ratesFile, step, log);
      continue;
    }
    if (n <= READFILE_MAX_ROWS) step('readfile', {});
    else {
      results.push(notRun('readfile', n, `the in-memory reader is not run above ${fmtN(READFILE_MAX_ROWS)} rows (at 1,000,000 it reached V8's default heap limit, about 4 GB)`));
      log(`  ${LABELS.readfile.padEnd(48)} not run (in-memory reader, above ${fmtN(READFILE_MAX_ROWS)} rows)`);
    }
    step('floor', { out: path.join(OUT, `floor-${n}.xlsx`) });
    step('stream-floor-read', {});
    step('stream-read', {});
    step('stream-csv', { file: csv });
    const imp = step('import', { gridOut: gridV8 });
    step('import-csv', { file: csv });
    if (imp.ok) {
      const pipe = step('pipeline', { gridIn: gridV8, plansOut: plansV8 });
      // The goal "checks on 100,000 rows < 1 s" reads this step: a few seconds, so three runs (the median kept) even at 100,000 rows.
      step('phases', { gridIn: gridV8 }, o.repeat ?? (n <= PHASES_REPEAT_MAX_ROWS ? 3 : times));
      if (pipe.ok) step('write', { plansIn: plansV8, out: path.join(OUT, `written-${n}.xlsx`) });
      else results.push(notRun('write', n, 'no plans (runPipeline did not run)'));
    } else {
      for (const task of ['pipeline', 'phases', 'write'] as const) results.push(notRun(task, n, 'no grid (the import did not run)'));
      log(`  (b), (c): not run: no grid (the import did not run)`);
    }
    step('summarize', { out: path.join(OUT, `summary-${n}.xlsx`) });
    step('summarize-json', { out: path.join(OUT, `summary-${n}.xlsx`), json: path.join(OUT, `summary-${n}.json`) });
    const exportOuts = exportSteps(n, OUT, step, (task, why) => {
      results.push(notRun(task, n, why));
      log(`  ${LABELS[task as keyof typeof LABELS].padEnd(48)} not run (${why})`);
    });
    for (const f of exportOuts) await fs.rm(f, { force: true });
    await monthlySteps(n, o, xlsx, ratesFile, step, log);
    for (const f of [gridV8, plansV8, path.join(OUT, `floor-${n}.xlsx`), path.join(OUT, `written-${n}.xlsx`), path.join(OUT, `summary-${n}.xlsx`), path.join(OUT, `summary-${n}.json`)]) await fs.rm(f, { force: true });
  }
  if (!o.sizes.includes(1_000_000)) log(`\n1,000,000 rows: not run (pass --full)`);
  const money = measure('money', 1_000_000, { cells: 1_000_000 }, 3);
  const moneyText = money.ok
    ? `${fmtS(money.seconds!)} s (CPU ${fmtS(money.cpuSeconds ?? NaN)} s) = ${fmtN(1_000_000 / money.seconds!)} cells/s`
    : `not run: ${money.error}`;
  log(`\nparseAmount over 1,000,000 mixed cells: ${moneyText}`);

  const totalSeconds = (performance.now() - started) / 1000;
  const loadAfter = os.loadavg();
  const load = `load average ${loadBefore.map((x) => x.toFixed(2)).join(' / ')} at the start, ${loadAfter.map((x) => x.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min)`;
  const mainTable = (md: boolean) => {
    const rows: string[][] = [];
    for (const n of o.sizes) {
      for (const task of ORDER) {
        const r = find(results, task, n);
        if (!r) continue;
        let note = '';
        if (r.ok && task === 'import') {
          const f = find(results, 'readfile', n);
          if (f?.ok) note = `${fmtX(r.seconds! / f.seconds!)} readFile`;
        }
        if (r.ok && (task === 'summarize' || task === 'summarize-json')) {
          const f = find(results, 'floor', n);
          if (f?.ok) note = `${fmtX(r.seconds! / f.seconds!)} floor; output ${Number(r.extra?.outMB ?? 0).toFixed(0)} MB`;
        }
        if (r.ok && (task === 'export' || task === 'export-mem')) {
          const d = find(results, 'summarize', n);
          if (d?.ok) note = `${fmtX(r.seconds! / d.seconds!)} summarize; output ${Number(r.extra?.outMB ?? 0).toFixed(0)} MB`;
        }
        if (r.ok && task === 'stream-read') {
          const f = find(results, 'stream-floor-read', n);
          if (f?.ok) note = `${fmtX(r.seconds! / f.seconds!)} ExcelJS's own rows (e')`;
        }
        rows.push(r.ok
          ? [fmtN(n), LABELS[task], fmtS(r.seconds!), r.cpuSeconds !== undefined ? fmtS(r.cpuSeconds) : '—', fmtN(n / r.seconds!), fmtPeak(r), note]
          : [fmtN(n), LABELS[task], '—', '—', '—', '—', `not run: ${r.error}`]);
      }
    }
    return table(['rows', 'measurement', 'seconds', 'CPU s', 'rows/s', 'peak RSS MB', 'note'], rows, md, [true, false, true, true, true, true, false]);
  };
  const phaseTable = (md: boolean) => {
    const rows: string[][] = [];
    for (const n of o.sizes) {
      const r = find(results, 'phases', n);
      if (!r?.ok) {
        rows.push([fmtN(n), '—', '—', '—', '—', '—', r ? `not run: ${r.error}` : 'not run']);
        continue;
      }
      const e = r.extra!;
      const num = (k: string) => Number(e[k]);
      rows.push([fmtN(n), fmtS(num('readRegister')), fmtS(num('checkRegister')), fmtS(num('readRegister') + num('checkRegister')), fmtS(num('buildPlans')), fmtS(num('resultJson')), fmtS(r.seconds!)]);
    }
    return table(['rows', 'readRegister', 'checkRegister', 'checks (sum)', 'buildPlans', 'resultJson', 'all four'], rows, md, [true, true, true, true, true, true, true]);
  };
  const G = [...goals(results, money, o), ...exportGoals(results, o)];
  const goalTable = (md: boolean) => table(['goal (from the issues)', 'figure', 'status'], G.map((g) => [g.goal, g.figure, md && g.status !== 'met' ? `**${g.status}**` : g.status]), md);

  log('\n' + mainTable(false));
  log('\nrunPipeline step by step (seconds; same calls as runPipeline, one process per size):\n' + phaseTable(false));
  log('\nGoals:\n' + goalTable(false));
  log(`\nmet ${G.filter((g) => g.status === 'met').length}, not met ${G.filter((g) => g.status === 'not met').length}, not run ${G.filter((g) => g.status === 'not run').length}`);
  log(`\nnpm run bench took ${fmtS(totalSeconds)} s (${(totalSeconds / 60).toFixed(1)} min) on this machine; ${load}`);

  if (!o.doc) return;
  const svgFile = path.join(path.dirname(o.doc), 'bench-time.svg');
  const series: Series[] = ORDER.map((task) => ({
    label: LABELS[task],
    points: o.sizes.map((n) => find(results, task, n)).filter((r): r is Outcome => !!r && r.ok).map((r) => [r.rows, r.seconds!] as [number, number]),
  }));
  series.push({ label: '    checks (readRegister + checkRegister)', points: o.sizes.map((n) => find(results, 'phases', n)).filter((r): r is Outcome => !!r && r.ok).map((r) => [r.rows, Number(r.extra!.readRegister) + Number(r.extra!.checkRegister)] as [number, number]) });
  series.push({ label: '    plans (buildPlans)', points: o.sizes.map((n) => find(results, 'phases', n)).filter((r): r is Outcome => !!r && r.ok).map((r) => [r.rows, Number(r.extra!.buildPlans)] as [number, number]) });
  const m = machine();
  await fs.mkdir(path.dirname(o.doc), { recursive: true });
  await fs.writeFile(svgFile, timeChart(series, 'tizilim: time against project rows', `${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date.slice(0, 10)}`), 'utf8');
  const cmd = ['npm run bench', o.argv.length ? ` -- ${o.argv.join(' ')}` : ''].join('');
  const md = `# Benchmarks

_Generated by \`${cmd}\` (bench/run.ts) on ${m.date}. Do not edit by hand: run the bench again._

## Machine

| | |
|---|---|
| CPU | ${m.cpu} |
| cores | ${m.cores} |
| memory | ${m.memGB.toFixed(1)} GB |
| Node | ${m.node} |
| OS | ${m.os} |
| date | ${m.date} |
| load | ${load}; the bench itself keeps one core busy |

## Commands

\`\`\`sh
${cmd}                    # this run; the whole run took ${fmtS(totalSeconds)} s (${(totalSeconds / 60).toFixed(1)} min)
npm run bench -- --full          # adds 1,000,000 rows
npm run bench:quick              # 1,000 and 10,000 rows, report in bench/out/
\`\`\`

What \`npm run bench\` does, step by step:

1. \`tsc -p bench/tsconfig.json\` compiles bench/measure.ts and the src/ it imports into bench/out/build (plain \`node\` runs the measurements, no loader in the figures).
2. Writes the rates table \`bench/out/rates-2019-2025.csv\` (${fmtN(rateCount)} made-up CNY and USD rates, every working day of 2019–2025; \`Күні;Валюта;Бағам;Саны\`).
3. For each size N: \`bench/generate.ts\` writes \`bench/out/register-${o.lang}-N-s${o.seed}.xlsx\` (ExcelJS streaming writer, shared strings) and \`.csv\` (UTF-8 with BOM, \`;\`, decimal comma).
4. Each measurement is a fresh process: \`node --expose-gc bench/out/build/bench/measure.js <task> '<json args>'\`, tasks \`readfile\`, \`floor\`, \`stream-floor-read\`, \`stream-read\`, \`stream-csv\`, \`import\`, \`import-csv\`, \`pipeline\`, \`phases\`, \`write\`, \`summarize\`, \`summarize-json\`, \`money\`. Below 100,000 rows each runs 3 times and the median time is kept (with the highest peak); at 100,000 and above once, except \`phases\` (the checks' and plans' goals), which runs 3 times up to ${fmtN(PHASES_REPEAT_MAX_ROWS)} rows: one run of a second or two on a shared machine swung by a fifth.

The summarize measurement (d) is the CLI's own \`run()\`, i.e. \`tizilim summarize bench/out/register-${o.lang}-N-s${o.seed}.xlsx --rates bench/out/rates-2019-2025.csv --out bench/out/summary-N.xlsx --today ${TODAY} --lang kk\` without the process start; (d') adds \`--json bench/out/summary-N.json\`. The register's sheet is named "Тізілім", as the summary's register sheet is in Kazakh, so the summary's source-cell links are written too (one per project and per finding).

## The registers

${table(['rows', '.xlsx MB', '.csv MB', 'generated in s', 'planted messy cells'], generated.map((g) => [fmtN(g.rows), g.xlsxMB.toFixed(1), g.csvMB.toFixed(1), fmtS(g.seconds), String(g.planted)]), true, [true, true, true, true, true])}

Each register: a title and a date line, a 15-column header in row 3 (№, name, investor, country, sector, location, cost in mln tenge, cost in mln yuan, agreement date, status, jobs, capacity, timeline, responsible body, notes), N project rows and a total row "Барлығы" whose tenge and yuan figures equal the column sums (it reconciles). About 72% of the projects are in tenge only, 15% in yuan only, 10% in both, 3% without a value yet; 20% of the tenge figures are text ("21 млрд тг", "1 500,5" with a no-break space, "≈ 300 млн теңге", "2 млрд 300 млн теңге"); dates are Date cells on working days of 2019–2025; exactly 1% of the rows carry one planted messy cell (an error value such as #REF!, an unreadable figure, an unknown status, an impossible date 31.02). Seed ${o.seed}: the same seed gives the same cells.

## Results

Seconds are the step's wall-clock time alone (inside its process, after start-up and after its input is loaded); CPU s is the process's user + system time over the same step (GC helper threads included, so it can exceed the wall time; far below it means the machine was busy with other work); rows/s = N / seconds; peak RSS is the process's own peak resident set, Linux's \`VmHWM\` (runtime and modules ≈ 70 MB included; not getrusage's \`maxRSS\`, which on Linux a spawned child inherits from the parent it was forked from). For (b) the input grid, and for (c) the input plans, are loaded from a V8 snapshot left by the step before, so their peaks include that input but not the import's; "≤" marks a peak that loading the input had already reached (the step's own peak was at most that).

${mainTable(true)}

![time against rows, log–log](bench-time.svg)

[bench-time.svg](bench-time.svg): one line per measurement, log–log.

### runPipeline step by step

The same four calls runPipeline makes, timed one by one (seconds):

${phaseTable(true)}

### Money parsing

parseAmount over 1,000,000 mixed cells (≈40% numbers, ≈30% text with units, ≈30% text with currency words and qualifiers) in a "млн теңге" column of a yuan register: ${money.ok ? `${fmtS(money.seconds!)} s (CPU ${fmtS(money.cpuSeconds ?? NaN)} s), **${fmtN(1_000_000 / money.seconds!)} cells/s** (median of 3 processes)` : `not run: ${money.error}`}.

## Goals

${goalTable(true)}

Met ${G.filter((g) => g.status === 'met').length}, not met ${G.filter((g) => g.status === 'not met').length}, not run ${G.filter((g) => g.status === 'not run').length}. "Checks" is reading the register (header, row kinds, every figure parsed: readRegister) plus the checks proper (checkRegister); checkRegister alone is shown beside it. "Plans" is buildPlans; resultJson (the JSON contract) is reported separately.

## Notes

${importNotes()}
- The floor (e) is ExcelJS's streaming reader feeding its streaming writer the same rows, no logic of ours. ExcelJS's streaming reader parks a worksheet in a temporary file when the worksheet comes before sharedStrings.xml in the zip (as Excel and ExcelJS write them), and reads it back afterwards; that is part of the floor.
- Figures at 100,000 rows and above are single measurements (smaller sizes: the median of 3) on a machine others share: with other work running, times can be up to 2–3× higher than on an idle machine (see the load line above), while peaks hardly move. Compare ratios measured in the same run, not figures across runs.
`;
  await fs.writeFile(o.doc, md, 'utf8');
  log(`wrote ${path.relative(ROOT, o.doc)} and ${path.relative(ROOT, svgFile)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
