/**
 * The pane's start before React: waiting for Office with a deadline, telling a page Office opened
 * from one opened outside it, and a message in the page itself (three languages, the browser's
 * first: Office's display language is not known yet) when the pane cannot start. No React, no
 * Fluent: this is what shows when they could not start.
 */
import { langFromOffice, LANGS, text, type Lang } from '../core/words';

/** How long the pane waits for Office.onReady before it says that Office is not answering. */
export const OFFICE_READY_TIMEOUT_MS = 20_000;

/** What Office.onReady gives, as far as the pane uses it. */
export interface ReadyInfo {
  host: unknown;
  platform?: unknown;
}

/** Office.onReady with a deadline: `onLate` is called once when it has not resolved by then; the promise still resolves when Office answers. */
export function waitForOffice(onReady: () => Promise<ReadyInfo>, ms: number, onLate: () => void): Promise<ReadyInfo> {
  let settled = false;
  const timer = setTimeout(() => {
    if (!settled) onLate();
  }, ms);
  return onReady().finally(() => {
    settled = true;
    clearTimeout(timer);
  });
}

/**
 * Was the page opened by Office? Office passes its host information in the address (`_host_Info`,
 * Excel on the web and WebView2), in window.name, or through the webview's `window.external`
 * (as office.js itself looks for it).
 */
export function openedByOffice(where: { search: string; name: string; external?: unknown }): boolean {
  if (/[?&]_host_Info=/i.test(where.search)) return true;
  if (/"hostInfo"/.test(where.name)) return true;
  const ext = where.external as { GetHostInfo?: unknown } | undefined;
  return typeof ext?.GetHostInfo === 'function';
}

/** Office did not load, or does not answer: why, for the message. */
export class OfficeNotReady extends Error {
  constructor(readonly why: 'missing' | 'late') {
    super(why === 'missing' ? 'office.js did not load' : 'Office did not answer');
    this.name = 'OfficeNotReady';
  }
}

/** The three languages, the browser's own first (Office's display language is not known yet). */
function langsByBrowser(): Lang[] {
  const first = langFromOffice(typeof navigator !== 'undefined' ? navigator.language : undefined);
  return [first, ...LANGS.filter((l) => l !== first)];
}

/** A message in the page itself, in the three languages (the browser's first), as text. */
export function showBootMessage(container: HTMLElement, key: string, params: Record<string, string> = {}): void {
  const box = document.createElement('div');
  box.className = 'boot-message';
  box.setAttribute('role', 'alert');
  box.setAttribute('data-testid', `boot-${key.replace(/^boot\./, '')}`);
  for (const l of langsByBrowser()) {
    const p = document.createElement('p');
    p.lang = l;
    p.textContent = text(key, l, params);
    box.append(p);
  }
  container.replaceChildren(box);
}

