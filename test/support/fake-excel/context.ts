/**
 * The fake Excel, the request context: actions queued and applied in order at `sync()`, each
 * sync's request and response measured and refused above the limits, and the requirement sets.
 * Documented: the 5 MB request and response limits of Excel on the web ("Resource limits and
 * performance optimization for Office Add-ins"); a failing action stops the batch, the ones before it
 * stay applied. Guessed: the envelope per action (`ACTION_ENVELOPE_BYTES`) added to the JSON of its
 * arguments — Office's real serialisation is not published. Known limit: `sync()` resolves in a
 * microtask unless `macrotaskSyncs`; a real sync is a round trip that resolves in a macrotask.
 */
import { fail } from './errors';
import type { FakeExcel } from './host';
import type { FakeObject } from './proxy';
import { type FakeApplication, FakeWorkbook } from './workbook';

interface Action {
  bytes: number;
  run(): void;
}

export interface SyncRecord {
  /** Request size: UTF-8 JSON of every action's arguments plus an envelope per action. */
  requestBytes: number;
  responseBytes: number;
  actions: number;
  /** Set when the sync was rejected (the error code). */
  rejected?: string;
  /**
   * When the in-memory Excel applied the batch (performance.now(), ms) and how long that took: work a
   * real Excel does in its own process, not in the page (the task-pane benchmark leaves it out).
   */
  appliedAt?: number;
  applyMs?: number;
}

export interface FakeStats {
  syncs: number;
  records: SyncRecord[];
  maxRequestBytes: number;
  totalRequestBytes: number;
}

/**
 * Bytes counted for each action besides its arguments (Office.js sends ids, types and paths). A guess:
 * Office's request format is not published; the writer budgets 150 per action, more than this.
 */
export const ACTION_ENVELOPE_BYTES = 100;

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function jsonBytes(x: unknown): number {
  const s = JSON.stringify(x);
  return s === undefined ? 0 : utf8Length(s);
}

export interface FakeExcelOptions {
  /** Reject a sync whose request is larger (bytes). Default 5 MB; Infinity to turn off. */
  requestLimit?: number;
  /** Reject a sync whose response (loaded data) is larger (bytes). Default 5 MB; Infinity to turn off. */
  responseLimit?: number;
  /** The highest ExcelApi requirement set the host supports, e.g. "1.7". Default "1.17". */
  apiVersion?: string;
  /** The workbook's file name (Workbook.name). */
  workbookName?: string;
  /**
   * Resolve each sync after a macrotask (setTimeout), as a real round trip to Excel does, instead of a
   * microtask: a page then gets to paint between syncs (for timing the task pane in a browser).
   */
  macrotaskSyncs?: boolean;
  /**
   * Which Excel, where the platforms are documented to differ (default "desktop", where most of
   * tizilim's users are): a document custom property's key and value are trimmed to 255 characters
   * on the desktop and kept whole on the web. The payload limits are set apart (requestLimit).
   */
  platform?: 'web' | 'desktop';
}

export function versionAtLeast(have: string, need: string): boolean {
  const [a1, a2] = have.split('.').map(Number);
  const [b1, b2] = need.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && (a2 ?? 0) >= (b2 ?? 0));
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  syncCount = 0;
  /** Set after `Excel.run` returns: the context can no longer sync. */
  closed = false;
  private queue: Action[] = [];
  private responseBytes = 0;
  private suspendCalc = false;

  constructor(readonly host: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
    this.application = this.workbook.application;
  }

  /** Queue an action whose arguments (for the payload) are `args`. */
  enqueue(args: unknown, run: () => void): void {
    if (this.closed) fail('InvalidRequestContext', 'Cannot use the object across different request contexts.');
    this.queue.push({ bytes: ACTION_ENVELOPE_BYTES + jsonBytes(args), run });
  }

  hasPending(): boolean {
    return this.queue.length > 0;
  }

  /** A load's snapshot counts toward the response. */
  addResponse(data: unknown): void {
    this.responseBytes += jsonBytes(data);
  }

  requireApi(version: string, what: string): void {
    if (!this.host.isSetSupported('ExcelApi', version)) fail('ApiNotFound', `The API you are trying to use could not be found (${what}, ExcelApi ${version}).`, what);
  }

  suspendCalculation(): void {
    this.suspendCalc = true;
  }

  async sync(): Promise<void> {
    if (this.closed) fail('InvalidRequestContext', 'The request context is no longer valid.');
    const actions = this.queue;
    this.queue = [];
    this.responseBytes = 0;
    const requestBytes = actions.reduce((n, a) => n + a.bytes, 0);
    const record: SyncRecord = { requestBytes, responseBytes: 0, actions: actions.length };
    this.syncCount++;
    this.host.record(record);
    await (this.host.macrotaskSyncs ? new Promise<void>((resolve) => setTimeout(resolve, 0)) : Promise.resolve());
    const forced = this.host.takeForcedFailure(record);
    if (forced) {
      record.rejected = forced;
      fail(forced, `Simulated failure: ${forced}`);
    }
    if (requestBytes > this.host.requestLimit) {
      record.rejected = 'RequestPayloadSizeLimitExceeded';
      fail('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit. Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".');
    }
    const t0 = performance.now();
    try {
      // Actions run in order; a failing one stops the batch, the ones before it stay applied (as in Office).
      for (const a of actions) a.run();
    } finally {
      if (this.suspendCalc) this.host.model.suspendedSyncs++;
      this.suspendCalc = false;
      record.responseBytes = this.responseBytes;
      record.appliedAt = t0;
      record.applyMs = performance.now() - t0;
    }
    if (this.responseBytes > this.host.responseLimit) {
      record.rejected = 'ResponsePayloadSizeLimitExceeded';
      fail('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
    }
    this.host.afterSync(this);
  }

  /** Objects whose null-ness becomes known at this sync. */
  pendingNullables = new Set<FakeObject<unknown>>();
}
