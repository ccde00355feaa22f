/**
 * The engine's Web Worker: receives the register's grid in pieces, runs the core (jobs.ts) and sends
 * the plans back in pieces. One request at a time, in order.
 */
import type { CellValue } from '../core/grid/grid';
import type { SheetPlan } from '../core/report/plan';
import { PLAN_CHUNK_ROWS, type GridMeta, type WorkerReply, type WorkerRequest } from './base';
import { Jobs, type RunResult } from './jobs';

interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<WorkerRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
const jobs = new Jobs();
let upload: { meta: GridMeta; values: CellValue[][]; formats: string[][] } | null = null;
let queue: Promise<void> = Promise.resolve();

function reply(id: number, value: unknown, transfer: Transferable[] = []): void {
  scope.postMessage({ id, ok: true, value }, transfer);
}

/** A run's plans go back first, a few thousand rows per message; the reply then carries the rest. */
function sendRun(id: number, res: RunResult): void {
  if (!res.ok) return reply(id, res);
  res.plans.forEach((plan: SheetPlan, index) => {
    scope.postMessage({ id, part: 'plan', index, plan: { ...plan, rows: [] } });
    for (let r = 0; r < plan.rows.length; r += PLAN_CHUNK_ROWS) {
      scope.postMessage({ id, part: 'rows', index, rows: plan.rows.slice(r, r + PLAN_CHUNK_ROWS) });
    }
  });
  reply(id, { ...res, plans: [] });
}

async function handle(m: WorkerRequest): Promise<void> {
  try {
    switch (m.op) {
      case 'ping':
        return reply(m.id, 'pong');
      case 'grid-begin':
        upload = { meta: m.meta, values: [], formats: [] };
        return;
      case 'grid-rows':
        if (upload) {
          for (const row of m.values) upload.values.push(row);
          for (const row of m.formats) upload.formats.push(row);
        }
        return;
      case 'grid-end': {
        if (!upload) throw new Error('no grid was sent');
        const { meta, values, formats } = upload;
        upload = null;
        return reply(m.id, jobs.putGrid({ sheet: meta.sheet, origin: meta.origin, merges: meta.merges, rowNumbers: meta.rowNumbers, values, formats }, meta.date1904));
      }
      case 'analyse':
        return reply(m.id, jobs.analyse(m.grid));
      case 'open-file':
        return reply(m.id, await jobs.openFile(m.bytes, m.name));
      case 'file-grid':
        return reply(m.id, jobs.fileGrid(m.sheet));
      case 'run':
        return sendRun(m.id, await jobs.run(m.grid, m.options));
      case 'pack': {
        const file = await jobs.pack(m.roles, m.title);
        return reply(m.id, file, [file.bytes]);
      }
      case 'read-rates':
        return reply(m.id, await jobs.readRates(m.sources));
      case 'gaps':
        return reply(m.id, await jobs.gaps(m.grid, m.options));
      case 'snapshot':
        return reply(m.id, await jobs.snapshot(m.grid, m.options, m.month));
      case 'ministry': {
        const res = await jobs.ministry(m.grid, m.options, m.ministry);
        return reply(m.id, res, res.ok && 'bytes' in res ? [res.bytes] : []);
      }
      case 'template': {
        const res = await jobs.template(m.grid, m.options, m.template);
        return reply(m.id, res, res.ok ? [res.bytes] : []);
      }
    }
  } catch (e) {
    scope.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
}

scope.addEventListener('message', (e) => {
  const m = e.data;
  queue = queue.then(() => handle(m));
});
