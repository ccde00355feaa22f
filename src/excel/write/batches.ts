/**
 * Office.js writer, requests: the operations a write is made of, each with an estimate of its share
 * of a request (the JSON of its arguments in UTF-8, plus an envelope per action), how values, number
 * formats, looks and links split across batches, and the sender that packs operations into batches
 * under the request budget and halves the budget when Excel answers RequestPayloadSizeLimitExceeded
 * (a rejected request applies nothing, so the same work goes again).
 */
import { isPayloadLimitError, utf8Length } from '../support';
import type { Input } from './cells';
import type { Rect } from './rects';

export const DEFAULT_MAX_PAYLOAD = 3_500_000;
/**
 * Cells prepared (turned into inputs, fingerprinted, measured) between two turns of the event loop:
 * tens of milliseconds of work, so the pane never blocks for long while a large sheet is written.
 */
export const PREPARE_BLOCK_CELLS = 20_000;

/**
 * The UTF-8 length of a row of inputs as JSON (what JSON.stringify would give), without building the
 * string: a 100,000-row sheet is measured without 100,000 strings of garbage.
 */
export function rowJsonBytes(row: readonly (string | number | boolean)[]): number {
  let n = 2 + Math.max(0, row.length - 1); // [ ] and the commas
  for (const v of row) {
    if (typeof v === 'number') n += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'boolean') n += v ? 4 : 5;
    else {
      n += 2;
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c === 0x22 || c === 0x5c) n += 2;
        else if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
        else if (c < 0x80) n += 1;
        else if (c < 0x800) n += 2;
        else if (c >= 0xd800 && c <= 0xdbff) {
          const d = v.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            n += 4;
            i++;
          } else n += 6; // a lone surrogate is written \uXXXX
        } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
        else n += 3;
      }
    }
  }
  return n;
}

/** Let the page paint and take input: a macrotask, not a microtask. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
/** Estimated bytes per queued action besides its arguments (ids, paths and types in Office.js's request JSON). */
export const ACTION_BYTES = 150;

export interface Op {
  bytes: number;
  /** Must start a batch of its own (it reads what the previous batch loaded). */
  fresh?: boolean;
  /** Not needed by the rest (a chart): sent in a batch of its own; if Excel rejects it, the write goes on without it. */
  optional?: { failed(e: unknown): void };
  /** Plan rows whose values it writes (for "writing 40 000 of 100 000 rows"). */
  rows?: number;
  run(): void;
  /** Split off a first part that fits in `room` bytes (null: cannot). */
  take?(room: number): [Op, Op] | null;
}

/**
 * A values op for rows [from, to) of a plan (sheet rows, 0-based); `inputs`, `rowBytes` and
 * `hasFormula` hold the rows from `base` on (a block prepared just before). Splits by rows.
 */
export function valuesOp(sheetOf: () => Excel.Worksheet, inputs: Input[][], rowBytes: number[], hasFormula: boolean[], width: number, base: number, from: number, to: number): Op {
  let bytes = 2 * ACTION_BYTES + 60;
  for (let r = from; r < to; r++) bytes += rowBytes[r - base];
  return {
    bytes,
    rows: to - from,
    run() {
      const block: Input[][] = [];
      let formulas = false;
      for (let r = from; r < to; r++) {
        const row = inputs[r - base];
        block.push(row.length === width ? row : row.concat(new Array<Input>(width - row.length).fill('')));
        if (hasFormula[r - base]) formulas = true;
      }
      const range = sheetOf().getRangeByIndexes(from, 0, to - from, width);
      if (formulas) range.formulas = block;
      else range.values = block;
    },
    take(room) {
      let b = 2 * ACTION_BYTES + 60;
      let r = from;
      while (r < to && b + rowBytes[r - base] <= room) b += rowBytes[r++ - base];
      if (r === from || r === to) return null;
      return [valuesOp(sheetOf, inputs, rowBytes, hasFormula, width, base, from, r), valuesOp(sheetOf, inputs, rowBytes, hasFormula, width, base, r, to)];
    },
  };
}

export interface LinkCell {
  r: number;
  c: number;
  target: string;
}

/** Calls over rectangles [from, to) (number formats, looks); splits by rectangles. */
export function rectsOp(rects: Rect[], from: number, to: number, each: (x: Rect) => number, apply: (x: Rect) => void): Op {
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += each(rects[i]);
  return {
    bytes,
    run() {
      for (let i = from; i < to; i++) apply(rects[i]);
    },
    take(room) {
      let b = 0;
      let i = from;
      while (i < to && b + each(rects[i]) <= room) b += each(rects[i++]);
      if (i === from || i === to) return null;
      return [rectsOp(rects, from, i, each, apply), rectsOp(rects, i, to, each, apply)];
    },
  };
}

/** A link's share of a request. */
export function linkBytesOf(l: LinkCell): number {
  return 2 * ACTION_BYTES + 40 + utf8Length(l.target);
}

export function linksOp(sheetOf: () => Excel.Worksheet, links: LinkCell[], from: number, to: number): Op {
  const each = linkBytesOf;
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += each(links[i]);
  return {
    bytes,
    run() {
      const ws = sheetOf();
      for (let i = from; i < to; i++) {
        const l = links[i];
        // No textToDisplay: the cell keeps the text already written (never re-read as input).
        ws.getCell(l.r, l.c).hyperlink = { documentReference: l.target };
      }
    },
    take(room) {
      let b = 0;
      let i = from;
      while (i < to && b + each(links[i]) <= room) b += each(links[i++]);
      if (i === from || i === to) return null;
      return [linksOp(sheetOf, links, from, i), linksOp(sheetOf, links, i, to)];
    },
  };
}


/** What the sender tells its caller as it goes. */
export interface SendOptions {
  /** Upper bound of one batch's estimated request (bytes); DEFAULT_MAX_PAYLOAD when not given, never under 20 000. */
  maxPayloadBytes?: number;
  /** Open every batch with suspendApiCalculationUntilNextSync (ExcelApi 1.6). */
  suspend: boolean;
  counter: { syncs: number };
  /** An op taken from the producer, with its estimated bytes. */
  produced(bytes: number): void;
  /** After each batch: the bytes and plan rows sent so far, and whether that was the last batch. */
  sent(bytes: number, rows: number, finished: boolean): void;
}

/**
 * Pack the operations into batches as they are prepared, and send them: an op that does not fit is
 * split (`take`) or starts the next batch; a `fresh` or `optional` op starts a batch of its own; on
 * RequestPayloadSizeLimitExceeded the budget is halved and the same batch sent again; an optional op
 * Excel refuses is reported to it and the write goes on. A turn of the event loop after every sync.
 */
export async function sendBatches(context: Excel.RequestContext, source$: AsyncGenerator<Op>, o: SendOptions): Promise<{ retries: number; maxBatchBytes: number }> {
  let budget = Math.max(20_000, o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD);
  let sent = 0;
  let rowsSent = 0;
  let retries = 0;
  let maxBatchBytes = 0;
  const { suspend, counter } = o;
  /** Ops taken from the producer and not yet sent (split parts, a batch sent again, the next one that did not fit). */
  const pending: Op[] = [];
  let exhausted = false;
  const peek = async (): Promise<Op | null> => {
    if (pending.length === 0 && !exhausted) {
      const n = await source$.next();
      if (n.done) exhausted = true;
      else {
        o.produced(n.value.bytes);
        pending.push(n.value);
      }
    }
    return pending[0] ?? null;
  };

  while (await peek()) {
    const batch: Op[] = [];
    // The calculation-suspending call opens every batch.
    let bytes = suspend ? ACTION_BYTES + 60 : 0;
    for (let op = await peek(); op; op = await peek()) {
      if ((op.fresh || op.optional) && batch.length > 0) break;
      if (bytes + op.bytes <= budget || op.optional) {
        batch.push(op);
        bytes += op.bytes;
        pending.shift();
        if (op.optional) break;
        continue;
      }
      const parts = op.take?.(budget - bytes) ?? null;
      if (parts) {
        pending.splice(0, 1, parts[0], parts[1]);
        continue;
      }
      if (batch.length === 0) {
        // Cannot split and too large alone: send it by itself.
        batch.push(op);
        bytes += op.bytes;
        pending.shift();
      }
      break;
    }
    if (suspend) context.workbook.application.suspendApiCalculationUntilNextSync();
    for (const op of batch) op.run();
    try {
      counter.syncs++;
      await context.sync();
    } catch (e) {
      if (isPayloadLimitError(e) && budget > 20_000 && retries < 12) {
        // Nothing of a rejected request was applied: send the same work again in halves.
        retries++;
        budget = Math.floor(budget / 2);
        pending.unshift(...batch);
        continue;
      }
      if (batch.length === 1 && batch[0].optional) {
        batch[0].optional.failed(e);
        continue;
      }
      throw e;
    }
    maxBatchBytes = Math.max(maxBatchBytes, bytes);
    sent += bytes;
    for (const op of batch) rowsSent += op.rows ?? 0;
    // A turn of the event loop before the next block is prepared (a real sync's answer already is one).
    await macrotask();
    o.sent(sent, rowsSent, (await peek()) === null);
  }
  return { retries, maxBatchBytes };
}

