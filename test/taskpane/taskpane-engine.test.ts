/**
 * The pane's engine (src/taskpane/engine.ts): the Web Worker is kept when it answers, even when the
 * page itself was too busy to hear the answer in time (a slow start, a large paste); a worker that
 * never answers is given up for the page after five seconds of the page's own waiting.
 */
import { WorkerEngine } from '../../src/taskpane/engine';

function fakeWorker() {
  const listeners: ((e: MessageEvent) => void)[] = [];
  const sent: { id: number; op: string }[] = [];
  return {
    sent,
    answer(id: number) {
      for (const l of listeners) l({ data: { id, ok: true, value: 'pong' } } as MessageEvent);
    },
    postMessage(m: unknown) {
      sent.push(m as { id: number; op: string });
    },
    addEventListener(type: string, fn: (e: MessageEvent) => void) {
      if (type === 'message') listeners.push(fn);
    },
    terminate() {},
  };
}

describe('starting the worker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('a worker that never answers is given up after five seconds of waiting', async () => {
    const w = fakeWorker();
    let clock = 0;
    const ping = new WorkerEngine(w).ping(5000, 250, () => clock);
    for (let i = 0; i < 19; i++) {
      clock += 250;
      jest.advanceTimersByTime(250);
    }
    let settled = false;
    void ping.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    clock += 250;
    jest.advanceTimersByTime(250);
    await expect(ping).resolves.toBe(false);
  });

  test('time the page spent busy does not count: the late answer keeps the worker', async () => {
    const w = fakeWorker();
    let clock = 0;
    const ping = new WorkerEngine(w).ping(5000, 250, () => clock);
    // the page is busy for 6 s (a tick fires late), then waits 3 s more on time
    clock += 6000;
    jest.advanceTimersByTime(250);
    for (let i = 0; i < 12; i++) {
      clock += 250;
      jest.advanceTimersByTime(250);
    }
    w.answer(w.sent[0].id);
    await expect(ping).resolves.toBe(true);
    expect(w.sent[0].op).toBe('ping');
  });
});
