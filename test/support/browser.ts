/**
 * The browser test's harness: the pane built into a directory of its own (never dist/, which the
 * build test uses), a tiny static server on localhost, Debian's headless Chromium through
 * playwright-core, office.js served from the @microsoft/office-js package, and the in-memory Excel
 * (test/support/fake-excel.ts, compiled with the TypeScript compiler into a plain script) given to
 * the page before any of its scripts run.
 *
 * Outside Office, office.js's Office.onReady says host null and it defines no Excel namespace: the
 * page then gets the in-memory Excel as `Excel`, and a few lines after office.js make `Office` the
 * in-memory host's namespace (installFakeOffice: host Excel, the display language, the requirement
 * sets, the settings store) — standing in for the Office client, not for our code.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Browser, Page } from 'playwright-core';
import type { SheetData } from './fake-excel';

export const ROOT = path.join(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_DIST = path.join(ROOT, 'node_modules/@microsoft/office-js/dist');

/**
 * Build the add-in into a fresh directory: development mode (readable errors, no minifying) for the
 * tests, production mode (what users get: React's production build, minified) for the benchmark.
 */
export function buildPane(mode: 'development' | 'production' = 'development'): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tizilim-browser-'));
  try {
    execFileSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--mode', mode], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, TIZILIM_OUT_DIR: out },
    });
  } catch (e) {
    const failed = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`webpack failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
  '.xml': 'application/xml',
};

/** Serve a directory on 127.0.0.1 (a free port). */
export async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(dir, rel || 'taskpane.html');
    if (!file.startsWith(path.resolve(dir)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * fake-excel.ts as a script that leaves its exports on `window.FakeExcelLib`, after the browser build
 * of its calculation engine (HyperFormula, which the script's `require('hyperformula')` is given).
 * The fake is several modules (test/support/fake-excel/*.ts and the A1 helpers of src/core/grid/a1.ts):
 * each is transpiled on its own and wrapped as a CommonJS module, and a small `require` resolves
 * their relative imports inside the page.
 */
export function fakeExcelScript(): string {
  const entry = 'test/support/fake-excel.ts';
  const files = [entry, ...fs.readdirSync(path.join(ROOT, 'test/support/fake-excel')).filter((f) => f.endsWith('.ts')).map((f) => `test/support/fake-excel/${f}`), 'src/core/grid/a1.ts'];
  const modules = files.map((f) => {
    const js = ts.transpileModule(fs.readFileSync(path.join(ROOT, f), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
    return `${JSON.stringify(f.replace(/\.ts$/, ''))}: function (module, exports, require) {\n${js}\n}`;
  });
  const engine = fs.readFileSync(path.join(path.dirname(require.resolve('hyperformula')), '..', 'dist', 'hyperformula.full.min.js'), 'utf8');
  const loader = `
  var defs = {${modules.join(',\n')}};
  var done = {};
  function resolve(from, name) {
    var parts = from.split('/').slice(0, -1);
    name.split('/').forEach(function (p) { if (p === '..') parts.pop(); else if (p !== '.') parts.push(p); });
    return parts.join('/');
  }
  function load(id) {
    if (done[id]) return done[id].exports;
    if (!defs[id]) throw new Error('fake-excel: no module ' + id + ' in the page');
    var module = { exports: {} };
    done[id] = module;
    defs[id](module, module.exports, function (name) {
      if (name === 'hyperformula') return window.HyperFormula;
      if (name.charAt(0) !== '.') throw new Error('fake-excel: no module ' + name + ' in the page');
      return load(resolve(id, name));
    });
    return module.exports;
  }
  window.FakeExcelLib = load(${JSON.stringify(entry.replace(/\.ts$/, ''))});`;
  return `${engine}\n(function () {${loader}\n})();`;
}

/** Fixture data as JSON (dates as {$date}). */
function toJson(sheets: Record<string, SheetData>): string {
  return JSON.stringify(sheets, (_k, v: unknown) => v, 0).replace(/"\$date:([^"]+)"/g, '{"$date":"$1"}');
}

function encodeDates(sheets: Record<string, SheetData>): Record<string, SheetData> {
  const enc = (v: unknown): unknown => (v instanceof Date ? `$date:${v.toISOString()}` : Array.isArray(v) ? v.map(enc) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)])) : v);
  return enc(sheets) as Record<string, SheetData>;
}

export interface HostOptions {
  sheets: Record<string, SheetData>;
  workbookName: string;
  displayLanguage: string;
  apiVersion?: string;
  /** Syncs end in a macrotask, as real round trips to Excel do (for timing). */
  macrotaskSyncs?: boolean;
  /** The National Bank's site as the test wants it (else a request to it is off localhost, refused and recorded). */
  nbk?: NbkSite;
  /** Office.context.platform ("PC" by default; "Mac", "OfficeOnline", …). */
  platform?: string;
  /** Host quirks and behaviours broken on purpose (fake-excel's setFakeQuirks). */
  quirks?: Record<string, unknown>;
  /** Settings the workbook's SettingCollection holds when the pane opens. */
  workbookSettings?: Record<string, unknown>;
}

/**
 * The National Bank's feed for the page, switchable during a test: `serve` answers from
 * samples/rates/nbk-YYYY-MM-DD.xml (an empty feed for a day without one) and allows the page's origin;
 * `no-cors` answers the same without allowing the page's origin (the browser refuses it, as it refuses
 * the real site, which allows no other origin); `block` fails the request (no network). Every URL asked is recorded.
 */
export interface NbkSite {
  mode: 'serve' | 'no-cors' | 'block';
  asked: string[];
}

const NBK_HOSTS = ['nationalbank.kz', 'www.nationalbank.kz'];

function nbkFeed(url: URL): string {
  const m = /^(\d\d)\.(\d\d)\.(\d{4})$/.exec(url.searchParams.get('fdate') ?? '');
  const file = m ? path.join(ROOT, 'samples/rates', `nbk-${m[3]}-${m[2]}-${m[1]}.xml`) : '';
  return file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '<?xml version="1.0" encoding="utf-8"?>\n<rates/>\n';
}

/**
 * Give the page the in-memory Excel before its scripts run, and serve office.js from the package
 * followed by the host shim. Every other request off localhost is refused and recorded.
 */
export async function prepare(page: Page, host: HostOptions, fakeScript: string): Promise<{ offsite: string[] }> {
  const offsite: string[] = [];
  const seed = `
    (function () {
      var sheets = ${toJson(encodeDates(host.sheets))};
      var revive = function (v) {
        if (Array.isArray(v)) return v.map(revive);
        if (v && typeof v === 'object') {
          if (typeof v.$date === 'string') return new Date(v.$date);
          var o = {}; for (var k in v) o[k] = revive(v[k]); return o;
        }
        return v;
      };
      var F = window.FakeExcelLib;
      var fake = F.createFakeWorkbook(revive(sheets), { workbookName: ${JSON.stringify(host.workbookName)}${host.apiVersion ? `, apiVersion: ${JSON.stringify(host.apiVersion)}` : ''}${host.macrotaskSyncs ? ', macrotaskSyncs: true' : ''} });
      F.setFakeQuirks(fake, ${JSON.stringify(host.quirks ?? {})});
      var settings = ${JSON.stringify(host.workbookSettings ?? {})};
      for (var key in settings) F.setFakeWorkbookSetting(fake, key, settings[key]);
      var office = F.installFakeOffice({}, fake, { displayLanguage: ${JSON.stringify(host.displayLanguage)}, platform: ${JSON.stringify(host.platform ?? 'PC')} });
      window.Excel = fake.Excel;
      window.__fake = fake;
      window.__fakeOffice = office;
    })();`;
  await page.addInitScript({ content: `${fakeScript}\n${seed}` });
  // After office.js has run, `Office` is the in-memory host's namespace for the page — host Excel,
  // its display language, requirement sets and settings store — with everything else (Office.Promise,
  // …) still office.js's own, which it uses to finish loading. The same lines follow the part of
  // office.js it loads asynchronously, in case that part sets `Office` again.
  const shim = `
;(function () {
  var f = window.__fakeOffice, real = window.Office;
  if (!f || !real || real === f) return;
  Object.setPrototypeOf(f, real);
  window.Office = f;
})();`;
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    if (url.hostname === 'appsforoffice.microsoft.com') {
      const rel = url.pathname.replace(/^\/lib\/1\/hosted\//, '');
      const file = path.join(OFFICE_DIST, rel);
      if (url.href === OFFICE_JS_URL) return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(path.join(OFFICE_DIST, 'office.js'), 'utf8') + shim });
      if (file.startsWith(OFFICE_DIST) && fs.existsSync(file)) return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(file, 'utf8') + shim });
      return route.fulfill({ status: 404, body: '' });
    }
    if (host.nbk && NBK_HOSTS.includes(url.hostname)) {
      host.nbk.asked.push(url.href);
      if (host.nbk.mode === 'block') return route.abort('internetdisconnected');
      // Playwright adds an allowing CORS header to a fulfilled cross-origin answer that has none; `no-cors`
      // therefore names another origin, which the browser refuses just as it refuses an answer without one.
      const headers = { 'Access-Control-Allow-Origin': host.nbk.mode === 'serve' ? '*' : 'https://nationalbank.kz' };
      return route.fulfill({ status: 200, contentType: 'text/xml; charset=utf-8', headers, body: nbkFeed(url) });
    }
    offsite.push(url.href);
    return route.abort();
  });
  return { offsite };
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * office.js alone, as Office runs it, with no in-memory host: the page's requests to Office's CDN are
 * answered from the @microsoft/office-js package (every one recorded), the rest off localhost refused
 * and recorded; the page's Content-Security-Policy violations are collected. With `?_host_Info=…` in
 * the address office.js takes the page for one Office opened and loads that host's scripts.
 */
export async function prepareOfficeOnly(page: Page, opts: { block?: boolean } = {}): Promise<{ cdn: string[]; offsite: string[]; violations: () => Promise<string[]> }> {
  const cdn: string[] = [];
  const offsite: string[] = [];
  await page.addInitScript({
    content: `window.__csp = []; document.addEventListener('securitypolicyviolation', function (e) { window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI); });`,
  });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    if (url.hostname === 'appsforoffice.microsoft.com') {
      cdn.push(url.pathname);
      if (opts.block) return route.abort('internetdisconnected');
      const rel = url.pathname.replace(/^\/lib\/1\/hosted\//, '');
      const file = path.join(OFFICE_DIST, rel.toLowerCase());
      if (file.startsWith(OFFICE_DIST) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return route.fulfill({ contentType: file.endsWith('.html') ? 'text/html' : 'text/javascript', body: fs.readFileSync(file) });
      }
      return route.fulfill({ status: 404, body: '' });
    }
    offsite.push(url.href);
    return route.abort();
  });
  return { cdn, offsite, violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice()) };
}
