/**
 * The fake Excel, events: Workbook.onSelectionChanged (ExcelApi 1.2), what the pane's drill-down
 * follows. Documented (Excel JavaScript API reference, Workbook.onSelectionChanged and
 * EventHandlers.add; "Work with events using the Excel JavaScript API"): `add(handler)` registers the
 * handler when the context syncs and returns an EventHandlerResult whose `remove()` is run in a batch
 * on the handler's own context (`Excel.run(result.context, …)`); the handler is called after the
 * selection has changed, with SelectionChangedEventArgs. Guessed: a selection made by an add-in
 * (Range.select) raises the event as the user's does; handlers are called in a later macrotask; the
 * arguments carry only `type` (no `workbook` object). Simplified: `remove()` takes effect at once
 * (the fake's Excel.run makes a fresh context, so a removal queued on the old one would never sync).
 */
import type { FakeRequestContext } from './context';
import type { WorkbookM } from './model';

type Handler = (args: { type: string }) => unknown;

const selectionHandlers = new WeakMap<WorkbookM, Set<Handler>>();

/** The selection of the workbook has changed (the user's, or Range.select): call the handlers registered. */
export function fireSelectionChanged(wb: WorkbookM): void {
  const set = selectionHandlers.get(wb);
  if (!set || set.size === 0) return;
  for (const h of [...set]) {
    setTimeout(() => {
      if (!set.has(h)) return;
      void Promise.resolve()
        .then(() => h({ type: 'WorkbookSelectionChanged' }))
        .catch(() => undefined);
    }, 0);
  }
}

/** How many selection handlers are registered (for tests: a pane that stops listening removes its own). */
export function selectionHandlerCount(wb: WorkbookM): number {
  return selectionHandlers.get(wb)?.size ?? 0;
}

export class FakeSelectionEvents {
  constructor(private readonly context: FakeRequestContext) {}
  add(handler: Handler): { context: FakeRequestContext; remove(): void } {
    const context = this.context;
    const wb = context.host.model;
    context.enqueue(['onSelectionChanged.add'], () => {
      let set = selectionHandlers.get(wb);
      if (!set) selectionHandlers.set(wb, (set = new Set()));
      set.add(handler);
    });
    return {
      context,
      remove: () => {
        selectionHandlers.get(wb)?.delete(handler);
      },
    };
  }
}
