/**
 * Starts the engine's Web Worker. webpack sees `new Worker(new URL(…, import.meta.url))`, bundles
 * engine.worker.ts as a script of its own next to the pane's (same origin: the page's
 * Content-Security-Policy allows it through script-src 'self') and puts its URL here.
 * Loaded only in a browser (engine.ts imports it lazily): Node's module system has no import.meta.
 */
export function makeEngineWorker(): Worker {
  // @ts-expect-error -- tsconfig.json compiles to CommonJS for Node, where import.meta does not exist; webpack builds this file as an ES module.
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { name: 'tizilim-engine' });
}
