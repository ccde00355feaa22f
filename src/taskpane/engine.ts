/**
 * The pane's engine: the core's work behind one async interface, run in a Web Worker so that the
 * page never blocks for long (a 100 000-row register takes seconds to check), or in the page where a
 * worker cannot start (jest, a host that refuses workers), yielding to the event loop between stages.
 *
 * Large data crosses to and from the worker in pieces (grid rows going in, plan rows coming back),
 * one message each, so that no single structured clone holds the page for long.
 */
import type { Grid } from '../core/grid/grid';
import type { SheetPlan } from '../core/report/plan';
import { CancelledError, CancelToken, GRID_CHUNK_ROWS, WorkerStoppedError, yieldNow, type WorkerCall, type WorkerReply } from './base';
import type { Analysis, FileInfo, GapsResult, GridRef, Jobs, MinistryOptions, MinistryResult, PackFile, RatesRead, RatesSource, RunOptions, RunResult, SnapshotResult, TemplateJobOptions, TemplateResult } from './jobs';

export { CancelledError, CancelToken, yieldNow };

export type Progress = (done: number, total: number) => void;

export interface Engine {
  readonly kind: 'worker' | 'page' | 'deferred';
  putGrid(grid: Grid, date1904: boolean, token?: CancelToken, progress?: Progress): Promise<GridRef>;
  openFile(bytes: ArrayBuffer, name: string): Promise<FileInfo>;
  fileGrid(sheet: string): Promise<GridRef>;
  analyse(ref: GridRef): Promise<Analysis>;
  run(ref: GridRef, options: RunOptions, token?: CancelToken, progress?: Progress): Promise<RunResult>;
  pack(roles: string[] | null, title: string): Promise<PackFile>;
  ministry(ref: GridRef, options: RunOptions, m: MinistryOptions, token?: CancelToken): Promise<MinistryResult>;
  /** Rates from files, feeds and tables as plain rows. */
  readRates(sources: RatesSource[]): Promise<RatesRead>;
  /** The register's dates without a rate (RATE_MISSING ahead of the check). */
  gaps(ref: GridRef, options: RunOptions, token?: CancelToken): Promise<GapsResult>;
  /** The month's snapshot of the register. */
  snapshot(ref: GridRef, options: RunOptions, month: string, token?: CancelToken): Promise<SnapshotResult>;
  /** Next month's register template, a new workbook's bytes. */
  template(ref: GridRef, options: RunOptions, t: TemplateJobOptions, token?: CancelToken): Promise<TemplateResult>;
  dispose(): void;
}

/** Rates files travel as copies (the page keeps its own, to run again with the same files). */
function copyRates(options: RunOptions): { opts: RunOptions; transfer: Transferable[] } {
  const transfer: Transferable[] = [];
  const opts: RunOptions = { ...options, rates: options.rates.map((s) => (s.kind === 'file' ? { ...s, bytes: s.bytes.slice(0) } : s)) };
  for (const s of opts.rates) if (s.kind === 'file') transfer.push(s.bytes);
  return { opts, transfer };
}

/** Waits for `p`, or rejects as soon as the token is cancelled (the work itself may still finish, unseen). */
function raced<T>(p: Promise<T>, token?: CancelToken): Promise<T> {
  if (!token) return p;
  return new Promise<T>((resolve, reject) => {
    token.onCancel(() => reject(new CancelledError()));
    p.then(resolve, reject);
  });
}

// ---------------------------------------------------------------------------------------------
// In the page

export class LocalEngine implements Engine {
  readonly kind = 'page' as const;
  private jobsP: Promise<Jobs> | null = null;
  /** The core is loaded on first use: the page bundle stays small where the worker does the work. */
  private get jobs(): Promise<Jobs> {
    return (this.jobsP ??= import(/* webpackChunkName: "engine-core" */ './jobs').then((m) => new m.Jobs()));
  }

  async putGrid(grid: Grid, date1904: boolean, token?: CancelToken): Promise<GridRef> {
    token?.check();
    return (await this.jobs).putGrid(grid, date1904);
  }
  async openFile(bytes: ArrayBuffer, name: string): Promise<FileInfo> {
    await yieldNow();
    return (await this.jobs).openFile(bytes, name);
  }
  async fileGrid(sheet: string): Promise<GridRef> {
    await yieldNow();
    return (await this.jobs).fileGrid(sheet);
  }
  async analyse(ref: GridRef): Promise<Analysis> {
    await yieldNow();
    return (await this.jobs).analyse(ref.id);
  }
  async run(ref: GridRef, options: RunOptions, token?: CancelToken): Promise<RunResult> {
    await yieldNow();
    token?.check();
    const res = await (await this.jobs).run(ref.id, options);
    await yieldNow();
    token?.check();
    return res;
  }
  async pack(roles: string[] | null, title: string): Promise<PackFile> {
    await yieldNow();
    return (await this.jobs).pack(roles, title);
  }
  async ministry(ref: GridRef, options: RunOptions, m: MinistryOptions, token?: CancelToken): Promise<MinistryResult> {
    await yieldNow();
    token?.check();
    const res = await (await this.jobs).ministry(ref.id, options, m);
    token?.check();
    return res;
  }
  async readRates(sources: RatesSource[]): Promise<RatesRead> {
    await yieldNow();
    return (await this.jobs).readRates(sources);
  }
  async gaps(ref: GridRef, options: RunOptions, token?: CancelToken): Promise<GapsResult> {
    await yieldNow();
    token?.check();
    return (await this.jobs).gaps(ref.id, options);
  }
  async snapshot(ref: GridRef, options: RunOptions, month: string, token?: CancelToken): Promise<SnapshotResult> {
    await yieldNow();
    token?.check();
    const res = await (await this.jobs).snapshot(ref.id, options, month);
    token?.check();
    return res;
  }
  async template(ref: GridRef, options: RunOptions, t: TemplateJobOptions, token?: CancelToken): Promise<TemplateResult> {
    await yieldNow();
    token?.check();
    const res = await (await this.jobs).template(ref.id, options, t);
    token?.check();
    return res;
  }
  dispose(): void {}
}

// ---------------------------------------------------------------------------------------------
// In a Web Worker

interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  addEventListener(type: 'error', fn: (e: Event) => void): void;
  terminate(): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  plans: SheetPlan[];
  progress?: Progress;
}

export class WorkerEngine implements Engine {
  readonly kind = 'worker' as const;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private broken: Error | null = null;

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (e: MessageEvent) => this.receive(e.data as WorkerReply));
    worker.addEventListener('error', (e: Event) => {
      e.preventDefault?.();
      this.broken = new WorkerStoppedError();
      for (const p of this.pending.values()) p.reject(this.broken);
      this.pending.clear();
    });
  }

  private receive(m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return; // a cancelled request's late answer
    if ('part' in m) {
      if (m.part === 'plan') p.plans[m.index] = m.plan;
      else if (m.part === 'rows') {
        const plan = p.plans[m.index];
        for (const row of m.rows) plan.rows.push(row);
      } else p.progress?.(m.done, m.total);
      return;
    }
    this.pending.delete(m.id);
    if (m.ok) {
      const v = m.value as { plans?: SheetPlan[] } | null;
      if (v && typeof v === 'object' && Array.isArray(v.plans) && p.plans.length) v.plans = p.plans;
      p.resolve(v);
    } else p.reject(new Error(m.error));
  }

  private call<T>(req: WorkerCall, transfer: Transferable[] = [], progress?: Progress): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, plans: [], progress });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  private send(req: WorkerCall): void {
    if (this.broken) throw this.broken;
    this.worker.postMessage({ ...req, id: 0 });
  }

  /**
   * Answers a ping within `ms` of the page's own waiting: the worker's script loaded and runs. The wait
   * is counted in ticks of `tick` ms, and a tick that comes late (the page was busy — starting up in a
   * slow host, a large paste) does not count: an answer queued behind the busy page is not taken for
   * silence, and the pane does not give up the worker for the page.
   */
  ping(ms: number, tick = 250, now: () => number = () => Date.now()): Promise<boolean> {
    return new Promise((resolve) => {
      let waited = 0;
      let last = now();
      let done = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        if (timer !== undefined) clearTimeout(timer);
        resolve(ok);
      };
      const step = () => {
        const t = now();
        if (t - last <= tick * 2) waited += tick; // on time: the page was free to hear an answer
        last = t;
        if (waited >= ms) finish(false);
        else timer = setTimeout(step, tick);
      };
      timer = setTimeout(step, tick);
      this.call({ op: 'ping' }).then(
        () => finish(true),
        () => finish(false),
      );
    });
  }

  async putGrid(grid: Grid, date1904: boolean, token?: CancelToken, progress?: Progress): Promise<GridRef> {
    const rows = grid.values.length;
    this.send({ op: 'grid-begin', meta: { sheet: grid.sheet, origin: grid.origin, merges: grid.merges, rowNumbers: grid.rowNumbers, date1904 } });
    for (let r = 0; r < rows; r += GRID_CHUNK_ROWS) {
      token?.check();
      this.send({ op: 'grid-rows', values: grid.values.slice(r, r + GRID_CHUNK_ROWS), formats: grid.formats.slice(r, r + GRID_CHUNK_ROWS) });
      progress?.(Math.min(rows, r + GRID_CHUNK_ROWS), rows);
      await yieldNow();
    }
    return raced(this.call<GridRef>({ op: 'grid-end' }), token);
  }
  openFile(bytes: ArrayBuffer, name: string): Promise<FileInfo> {
    // A copy goes over (the page keeps the file to open it again if the worker has to restart).
    return this.call<FileInfo>({ op: 'open-file', bytes: bytes.slice(0), name });
  }
  fileGrid(sheet: string): Promise<GridRef> {
    return this.call<GridRef>({ op: 'file-grid', sheet });
  }
  analyse(ref: GridRef): Promise<Analysis> {
    return this.call<Analysis>({ op: 'analyse', grid: ref.id });
  }
  run(ref: GridRef, options: RunOptions, token?: CancelToken, progress?: Progress): Promise<RunResult> {
    token?.check();
    const { opts, transfer } = copyRates(options);
    return raced(this.call<RunResult>({ op: 'run', grid: ref.id, options: opts }, transfer, progress), token);
  }
  async pack(roles: string[] | null, title: string): Promise<PackFile> {
    return this.call<PackFile>({ op: 'pack', roles, title });
  }
  ministry(ref: GridRef, options: RunOptions, m: MinistryOptions, token?: CancelToken): Promise<MinistryResult> {
    token?.check();
    const { opts, transfer } = copyRates(options);
    return raced(this.call<MinistryResult>({ op: 'ministry', grid: ref.id, options: opts, ministry: m }, transfer), token);
  }
  readRates(sources: RatesSource[]): Promise<RatesRead> {
    const { opts, transfer } = copyRates({ rates: sources } as RunOptions);
    return this.call<RatesRead>({ op: 'read-rates', sources: opts.rates }, transfer);
  }
  gaps(ref: GridRef, options: RunOptions, token?: CancelToken): Promise<GapsResult> {
    token?.check();
    const { opts, transfer } = copyRates(options);
    return raced(this.call<GapsResult>({ op: 'gaps', grid: ref.id, options: opts }, transfer), token);
  }
  snapshot(ref: GridRef, options: RunOptions, month: string, token?: CancelToken): Promise<SnapshotResult> {
    token?.check();
    const { opts, transfer } = copyRates(options);
    return raced(this.call<SnapshotResult>({ op: 'snapshot', grid: ref.id, options: opts, month }, transfer), token);
  }
  template(ref: GridRef, options: RunOptions, t: TemplateJobOptions, token?: CancelToken): Promise<TemplateResult> {
    token?.check();
    const { opts, transfer } = copyRates(options);
    return raced(this.call<TemplateResult>({ op: 'template', grid: ref.id, options: opts, template: t }, transfer), token);
  }
  dispose(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new CancelledError());
    this.pending.clear();
  }
}

/** An engine that is still starting: the pane shows at once, the first call waits for the engine. */
export class DeferredEngine implements Engine {
  readonly kind = 'deferred' as const;
  constructor(private readonly ready: Promise<Engine>) {}
  async putGrid(grid: Grid, date1904: boolean, token?: CancelToken, progress?: Progress): Promise<GridRef> {
    return (await this.ready).putGrid(grid, date1904, token, progress);
  }
  async openFile(bytes: ArrayBuffer, name: string): Promise<FileInfo> {
    return (await this.ready).openFile(bytes, name);
  }
  async fileGrid(sheet: string): Promise<GridRef> {
    return (await this.ready).fileGrid(sheet);
  }
  async analyse(ref: GridRef): Promise<Analysis> {
    return (await this.ready).analyse(ref);
  }
  async run(ref: GridRef, options: RunOptions, token?: CancelToken, progress?: Progress): Promise<RunResult> {
    return (await this.ready).run(ref, options, token, progress);
  }
  async pack(roles: string[] | null, title: string): Promise<PackFile> {
    return (await this.ready).pack(roles, title);
  }
  async ministry(ref: GridRef, options: RunOptions, m: MinistryOptions, token?: CancelToken): Promise<MinistryResult> {
    return (await this.ready).ministry(ref, options, m, token);
  }
  async readRates(sources: RatesSource[]): Promise<RatesRead> {
    return (await this.ready).readRates(sources);
  }
  async gaps(ref: GridRef, options: RunOptions, token?: CancelToken): Promise<GapsResult> {
    return (await this.ready).gaps(ref, options, token);
  }
  async snapshot(ref: GridRef, options: RunOptions, month: string, token?: CancelToken): Promise<SnapshotResult> {
    return (await this.ready).snapshot(ref, options, month, token);
  }
  async template(ref: GridRef, options: RunOptions, t: TemplateJobOptions, token?: CancelToken): Promise<TemplateResult> {
    return (await this.ready).template(ref, options, t, token);
  }
  dispose(): void {
    void this.ready.then((e) => e.dispose());
  }
}

/**
 * The engine for this page: a worker when one starts and answers, else the page itself. `make`
 * builds the worker (engine-worker.ts: webpack bundles the worker script from it).
 */
export async function createEngine(make?: () => WorkerLike | null): Promise<Engine> {
  if (typeof Worker === 'undefined') return new LocalEngine();
  try {
    const factory = make ?? (await import('./engine-worker')).makeEngineWorker;
    const worker = factory();
    if (!worker) return new LocalEngine();
    const engine = new WorkerEngine(worker);
    if (await engine.ping(5000)) return engine;
    engine.dispose();
  } catch {
    // a worker the host or its policy refuses: the page does the work
  }
  return new LocalEngine();
}
