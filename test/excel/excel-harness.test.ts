/**
 * The tooling of `npm run test:excel` (test/excel/): it cannot run Excel here, but what can be checked
 * without one is — it says plainly on a machine without desktop Excel that it needs one, and exits 1;
 * its test add-in builds and its page loads office.js and reports only to the test server; its manifest
 * passes Office's XSD (xmllint as WebAssembly, offline) and points at the page it serves; and the results the add-in
 * sends are judged as a failure when any check failed or the pane reported an error.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTestAddin, judge, noExcelHere } from './run';
import { validateManifest } from '../support/xsd';

const ROOT = path.join(__dirname, '..', '..');

describe('npm run test:excel', () => {
  test('on a machine without desktop Excel it says so and exits 1, doing nothing else', () => {
    expect(noExcelHere('win32')).toBeNull();
    expect(noExcelHere('darwin')).toBeNull();
    expect(noExcelHere('linux')).toMatch(/^npm run test:excel needs a desktop Excel, on Windows or macOS; this machine runs linux, which has none\./);
    // Run it for real only where it cannot reach an Excel (on Windows or a Mac it would start one).
    if (noExcelHere(process.platform) === null) return;
    const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'test/excel/run.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(noExcelHere(process.platform));
  }, 60_000);

  test('the test add-in builds; its page loads office.js and its bundle, and connects to the test server alone', async () => {
    const out = await buildTestAddin();
    const html = fs.readFileSync(path.join(out, 'diagnostics-pane.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js', 'diagnostics-pane.js']);
    expect(/connect-src ([^;]*);/.exec(html)?.[1]).toBe("'self' https://localhost:4201");
    const js = fs.readFileSync(path.join(out, 'diagnostics-pane.js'), 'utf8');
    expect(js).toContain('https://localhost:'); // office-addin-test-helpers' ping and results
    expect(js).toContain('tizilim.diag.'); // the Diagnostics it runs
  }, 120_000);

  test('its manifest passes Office\'s XSD and points at the page run.ts serves', async () => {
    const manifest = path.join(__dirname, 'manifest.xml');
    const xml = fs.readFileSync(manifest, 'utf8');
    expect((await validateManifest(xml)).errors).toEqual([]);
    expect(xml).toContain('<SourceLocation DefaultValue="https://localhost:3001/diagnostics-pane.html"/>');
    expect(/<Id>([^<]+)<\/Id>/.exec(xml)?.[1]).not.toBe(/<Id>([^<]+)<\/Id>/.exec(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'))?.[1]);
  });

  test('the results are judged: a failed check or an error in the pane fails the run; checks not run on the host do not', () => {
    const pass = { resultName: 'text', resultValue: 'pass', expectedValue: 'pass' };
    const na = { resultName: 'notes', resultValue: 'n/a', expectedValue: 'pass', detail: 'no notes before ExcelApi 1.10' };
    const host = { resultName: 'host', resultValue: 'Excel; PC; 16.0.1; ExcelApi 1.18', expectedValue: '' };
    expect(judge([host, pass, na]).ok).toBe(true);
    expect(judge([host, pass, { ...pass, resultName: 'dates', resultValue: 'fail' }]).ok).toBe(false);
    expect(judge([{ resultName: 'test-error', resultValue: 'ping failed', expectedValue: 'no-error' }]).ok).toBe(false);
    expect(judge([host]).ok).toBe(false);
    expect(judge([host, na]).lines[1]).toBe('notes           n/a — no notes before ExcelApi 1.10');
  });
});
