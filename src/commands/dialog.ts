/**
 * The small dialog of the ribbon's "Check now": a title, the problem in words (passed in the URL by
 * commands.ts, already in the user's language) and a Close button. Text only, set with textContent.
 */
import { isLang, t } from '../core/words';

(globalThis as { tizilimStarted?: boolean }).tizilimStarted = true;

const STYLE = `
  body { margin: 0; font-family: "Segoe UI", -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 14px; color: #242424; background: #fff; }
  main { display: flex; flex-direction: column; gap: 12px; padding: 20px; }
  h1 { margin: 0; font-size: 16px; font-weight: 600; }
  p { margin: 0; line-height: 1.45; overflow-wrap: anywhere; }
  button { align-self: flex-start; min-height: 32px; padding: 5px 16px; font: inherit; font-weight: 600; color: #fff; background: #107c41; border: 1px solid #107c41; border-radius: 4px; cursor: pointer; }
  button:hover { background: #0f6c3a; }
  button:focus-visible { outline: 2px solid #242424; outline-offset: 2px; }
`;

function render(): void {
  const q = new URLSearchParams(location.search);
  // legacy.js shows an old webview's message (and the message of a legacy Check now) itself.
  if ((globalThis as { tizilimLegacyWebview?: boolean }).tizilimLegacyWebview || q.get('legacy') === '1') return;
  const langParam = q.get('lang');
  const lang = isLang(langParam) ? langParam : 'en';
  document.documentElement.lang = lang;
  const style = document.createElement('style');
  style.textContent = STYLE;
  document.head.append(style);
  const main = document.getElementById('dialog') ?? document.body;
  const h1 = document.createElement('h1');
  h1.textContent = (q.get('title') ?? t('cmd.title', lang)).slice(0, 200);
  document.title = h1.textContent;
  const p = document.createElement('p');
  p.textContent = (q.get('text') ?? '').slice(0, 1500);
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = t('cmd.close', lang);
  close.addEventListener('click', () => {
    const ui = (globalThis as { Office?: { context?: { ui?: { messageParent?(m: string): void } } } }).Office?.context?.ui;
    if (ui?.messageParent) ui.messageParent('close');
    else window.close();
  });
  main.append(h1, p, close);
  close.focus();
}

const office = (globalThis as { Office?: { onReady?: () => Promise<unknown> } }).Office;
if (office?.onReady) void office.onReady().then(render, render);
else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
else render();
