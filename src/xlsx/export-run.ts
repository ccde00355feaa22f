/**
 * The ministry copy made a row at a time, anywhere (no Node, no DOM): registers go in as rows
 * (beginRegister, as the core's StreamingRun takes them), each register row is cleaned (values only
 * unless formulas are asked for, no links) and written into the copy's register sheet at once by the
 * streaming writer (ooxml-writer.ts); finish() then builds the About sheet, the summaries, the checks and
 * the Changes sheet (core/monthly/export.ts assembleExport) and writes them. What is kept: the run's aggregates,
 * the rates met, and — only when a previous snapshot is given — this month's projects for the Changes sheet.
 *
 * The CLI (stream-export.ts) feeds it from files as they stream; the add-in's worker (taskpane/jobs.ts)
 * from the register grid it holds.
 */
import { assembleExport, cleanRow, exportBilingual, RatesUsed, type ExportBook, type ExportOptions } from '../core/monthly/export';
import type { Finding } from '../core/checks/findings';
import type { ResultJson, ResultRowJson } from '../core/report/pipeline';
import type { SheetPlan } from '../core/report/plan';
import { makeSnapshot, type Snapshot } from '../core/monthly/snapshot';
import { StreamingRun, type RegisterInfo, type RegisterInput, type StreamOptions, type StreamResult } from '../core/report/stream';
import type { XlsxSheetStream, XlsxStreamWriter } from './ooxml-writer';

export interface ExportRunOptions extends ExportOptions {
  rates: StreamOptions['rates'];
  /** Several registers: a region column and a summary by region. */
  consolidate?: boolean;
  mapping?: StreamOptions['mapping'];
  crossRateTolerance?: number;
  control?: StreamOptions['control'];
  controlTolerance?: number;
}

export type ExportRunResult =
  | ({ ok: true; run: StreamResult; snapshot: Snapshot | null } & Omit<ExportBook, 'snapshot'>)
  | { ok: false; problem: 'OPEN_ERRORS'; errors: Finding[]; run: StreamResult };

/** Positions in the tab order: the register and what follows it are placed past every summary sheet. */
const REGISTER_AT = 1000;

export class ExportRun {
  private readonly run: StreamingRun;
  private readonly rates = new RatesUsed();
  private readonly projects: ResultRowJson[] | null;
  private register: XlsxSheetStream | null = null;
  private readonly sheets: string[] = [];
  /** Register rows written so far. */
  rows = 0;

  constructor(private readonly writer: XlsxStreamWriter, private readonly o: ExportRunOptions) {
    this.projects = o.previous ? [] : null;
    const langs = o.langs;
    this.run = new StreamingRun({
      file: o.file, lang: langs[0], rates: o.rates, today: o.reportDate, region: o.region, bilingual: exportBilingual(langs), consolidate: o.consolidate, links: false,
      mapping: o.mapping, crossRateTolerance: o.crossRateTolerance, control: o.control, controlTolerance: o.controlTolerance,
    }, {
      registerStart: (frame: SheetPlan) => (this.register = writer.sheet(frame, REGISTER_AT)),
      registerRow: (row) => {
        (this.register as XlsxSheetStream).add(cleanRow(row, o.formulas));
        this.rows++;
      },
      jsonRow: (row) => {
        this.rates.add(row.rates);
        if (this.projects && row.kind === 'project') this.projects.push(row);
      },
    });
  }

  /** The next register (one, or one per region): push its rows, then end() it. */
  beginRegister(info: RegisterInfo): RegisterInput {
    this.sheets.push(info.sheet);
    return this.run.beginRegister(info);
  }

  /**
   * The rest of the copy, after the last register: refused (nothing more written) with open error
   * findings unless allowed; else every other sheet written and the writer finished. `pace` is awaited
   * between sheets and every few hundred rows of the checks (null: go on).
   */
  async finish(pace: () => Promise<void> | null = () => null): Promise<ExportRunResult> {
    const o = this.o;
    const res = this.run.finish();
    const current = this.projects ? makeSnapshot({ ...res.json, rows: this.projects } as ResultJson, { month: o.month, reportDate: o.reportDate, tool: `tizilim ${o.version}` }) : null;
    const book = assembleExport({ sheet: [...new Set(this.sheets)].join(', '), totals: res.totals, rates: this.rates.list(), findings: res.findings }, [...res.summaries, res.register, res.checks], current, o);
    if (!book.ok) return { ...book, run: res };
    const writer = this.writer;
    this.register?.end({ table: res.register.table, merges: res.register.merges });
    const at = book.plans.findIndex((p) => p.name === res.register.name);
    for (let n = 0; n < book.plans.length; n++) {
      if (n === at) continue;
      const plan = book.plans[n];
      const position = n < at ? n : REGISTER_AT + (n - at);
      if (plan.name === res.checks.name) {
        const checks = writer.sheet(plan, position);
        let c = 0;
        for (const row of res.checksRows()) {
          checks.add(cleanRow(row, o.formulas));
          if (++c % 500 === 0) await pace();
        }
        checks.end();
      } else writer.writeSheet(plan, position);
      await pace();
    }
    writer.finish();
    return { ...book, run: res, snapshot: current };
  }
}
