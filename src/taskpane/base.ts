/**
 * What the pane, its worker and the ribbon's commands share without pulling one another in: the
 * Cancel token, the problem a source or option can have, the worker's messages.
 */
import type { CellValue, MergedArea } from '../core/grid/grid';
import type { SheetPlan } from '../core/report/plan';
import type { MinistryOptions, RatesSource, RunOptions, TemplateJobOptions } from './jobs';

/** Sheets of the user's the workbook's NBK rates are looked for on (the tool's own is found by its mark). */
export { RATES_SHEET_NAMES as RATES_SHEETS } from '../excel/support';

/** Grid rows per message to the worker; plan rows per message back. */
export const GRID_CHUNK_ROWS = 4000;
export const PLAN_CHUNK_ROWS = 2000;

/** The user pressed Cancel. */
export class CancelledError extends Error {
  readonly code = 'CANCELLED';
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The engine's Web Worker stopped (out of memory, or a script error inside it): every request it held fails with this. */
export class WorkerStoppedError extends Error {
  constructor() {
    super('The background worker stopped.');
    this.name = 'WorkerStoppedError';
  }
}

/** A Cancel button's flag; checked between stages and between blocks. */
export class CancelToken {
  private _cancelled = false;
  private listeners: (() => void)[] = [];
  get cancelled(): boolean {
    return this._cancelled;
  }
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    for (const l of this.listeners.splice(0)) l();
  }
  onCancel(fn: () => void): void {
    if (this._cancelled) fn();
    else this.listeners.push(fn);
  }
  check(): void {
    if (this._cancelled) throw new CancelledError();
  }
}

/** Let the page paint and take input (a macrotask, not a microtask). */
export function yieldNow(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A source or an option that cannot be used: an input problem code of the core (the catalogue's input.* keys) or an `error.*` key of the pane. */
export class InputProblem extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'InputProblem';
  }
}

/** The user's local date: the one rule the CLI follows too. */
export { localToday } from '../core/grid/dates';

// ---------------------------------------------------------------------------------------------
// The worker's messages

export interface GridMeta {
  sheet: string;
  origin: { row: number; col: number };
  merges: MergedArea[];
  rowNumbers?: number[];
  date1904: boolean;
}

/** Messages to the worker. */
export type WorkerRequest =
  | { id: number; op: 'ping' }
  | { id: number; op: 'grid-begin'; meta: GridMeta }
  | { id: number; op: 'grid-rows'; values: CellValue[][]; formats: string[][] }
  | { id: number; op: 'grid-end' }
  | { id: number; op: 'analyse'; grid: string }
  | { id: number; op: 'open-file'; bytes: ArrayBuffer; name: string }
  | { id: number; op: 'file-grid'; sheet: string }
  | { id: number; op: 'run'; grid: string; options: RunOptions }
  | { id: number; op: 'pack'; roles: string[] | null; title: string }
  | { id: number; op: 'ministry'; grid: string; options: RunOptions; ministry: MinistryOptions }
  | { id: number; op: 'read-rates'; sources: RatesSource[] }
  | { id: number; op: 'gaps'; grid: string; options: RunOptions }
  | { id: number; op: 'snapshot'; grid: string; options: RunOptions; month: string }
  | { id: number; op: 'template'; grid: string; options: RunOptions; template: TemplateJobOptions };

/** A request without its id (distributes over the union, as Omit does not). */
type Body<T> = T extends { id: number } ? Omit<T, 'id'> : never;
export type WorkerCall = Body<WorkerRequest>;

/** Messages from the worker: a reply, or a piece of a reply's plans. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string }
  | { id: number; part: 'plan'; index: number; plan: SheetPlan }
  | { id: number; part: 'rows'; index: number; rows: SheetPlan['rows'] }
  | { id: number; part: 'progress'; done: number; total: number };
