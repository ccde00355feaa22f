/**
 * The production build as a deployment gets it: pages that load only our bundles and office.js,
 * an initial task pane bundle of at most 400 KB gzipped (React, Fluent UI and the core's words) with
 * ExcelJS left to lazily loaded chunks and the checks to a Web Worker, the icons, and a manifest
 * pointing at the deployment URL. Runs webpack in a child process (about 20–30 s).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const ROOT = path.join(__dirname, '..');
const URL_ = 'https://apps.example.kz/tizilim/';

interface Stats {
  entrypoints: Record<string, { assets: { name: string; size: number }[] }>;
  assets: { name: string; size: number; chunkNames: string[] }[];
}

describe('npm run build (production)', () => {
  let out = '';
  let stats: Stats;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'tizilim-build-'));
    const statsFile = path.join(out, 'stats.json');
    const args = ['--mode', 'production', '--env', `url=${URL_}`, '--output-path', out, '--json', statsFile];
    try {
      execFileSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), ...args], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      const failed = e as { stdout?: Buffer; stderr?: Buffer };
      let errors = '';
      if (fs.existsSync(statsFile)) {
        const json = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as { errors?: { message: string }[] };
        errors = (json.errors ?? []).map((err) => err.message).join('\n');
      }
      throw new Error(`webpack failed:\n${errors}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
    }
    stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as Stats;
  }, 180_000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  const read = (file: string) => fs.readFileSync(path.join(out, file), 'utf8');
  const initialJs = (entry: string) => stats.entrypoints[entry].assets.map((a) => a.name).filter((n) => n.endsWith('.js'));

  test('writes the pages, the stylesheet, the icons and the manifest', () => {
    for (const file of ['taskpane.html', 'commands.html', 'dialog.html', 'taskpane.css', 'legacy.js', 'manifest.xml']) {
      expect(fs.existsSync(path.join(out, file))).toBe(true);
    }
    for (const size of [16, 32, 64, 80, 128]) expect(fs.existsSync(path.join(out, `assets/icon-${size}.png`))).toBe(true);
  });

  test('the initial task pane bundle is at most 400 KB gzipped and holds no ExcelJS', () => {
    const files = initialJs('taskpane');
    expect(files.length).toBeGreaterThan(0);
    const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(out, f)).size, 0);
    const gzipped = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(out, f)), { level: 9 }).length, 0);
    console.log(`initial task pane JS: ${files.join(', ')} = ${(bytes / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(400 * 1024);
    for (const f of files) expect(read(f)).not.toContain('xl/workbook.xml');
    // if ExcelJS is in the build at all, it is in a chunk of its own that loads on demand
    const withExcelJs = stats.assets
      .map((a) => a.name)
      .filter((n) => n.endsWith('.js') && read(n).includes('xl/workbook.xml'));
    expect(withExcelJs.length).toBeGreaterThan(0);
    for (const f of withExcelJs) expect(files).not.toContain(f);
    // the checks run in a Web Worker: a script of its own, not part of the page's initial load
    const worker = stats.assets.map((a) => a.name).find((n) => /^tizilim-engine\.[0-9a-f]{8}\.js$/.test(n));
    expect(worker).toBeDefined();
    expect(files).not.toContain(worker);
  });

  test('no eval anywhere: the scripts run under script-src \'self\' without \'unsafe-eval\'', () => {
    for (const a of stats.assets) {
      if (!a.name.endsWith('.js')) continue;
      const js = read(a.name);
      expect([a.name, /\beval\(|new Function\(/.test(js.replace(/["'`][^"'`\n]*(eval\(|new Function\()[^"'`\n]*["'`]/g, ''))]).toEqual([a.name, false]);
    }
  });

  test('the pages load the legacy message, office.js from Microsoft and our own hashed bundles, nothing inline', () => {
    const legacy = read('legacy.js');
    expect(legacy).toBe(fs.readFileSync(path.join(ROOT, 'src/taskpane/legacy.js'), 'utf8')); // copied as written: ES5, never through the ES2020 build
    for (const [page, entry] of [['taskpane.html', 'taskpane'], ['commands.html', 'commands'], ['dialog.html', 'dialog']] as const) {
      const html = read(page);
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
      const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
      expect(directive('script-src')).toBe("script-src 'self' https://appsforoffice.microsoft.com/lib/1/hosted/");
      expect(directive('frame-src')).toBe('frame-src https://appsforoffice.microsoft.com/lib/1/hosted/');
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|aria\.microsoft|oaspapps/);
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => /src="([^"]+)"/.exec(m[1])?.[1]);
      expect(scripts).not.toContain(undefined);
      expect(scripts[0]).toMatch(/^legacy\.js\?v=[0-9a-f]{8}$/);
      expect(scripts[1]).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
      expect(scripts.slice(2).sort()).toEqual(initialJs(entry).sort());
      for (const s of scripts.slice(2)) expect(s).toMatch(/^[\w-]+\.[0-9a-f]{8}\.js$/);
    }
    expect(read('taskpane.html')).toMatch(/<link rel="stylesheet" href="taskpane\.css\?v=[0-9a-f]{8}">/);
  });

  test('the manifest points at the deployment URL, not the dev server', () => {
    const manifest = read('manifest.xml');
    expect(manifest).not.toMatch(/https?:\/\/localhost/);
    expect(manifest).toContain(`<SourceLocation DefaultValue="${URL_}taskpane.html"/>`);
    expect(manifest).toContain(`DefaultValue="${URL_}commands.html"`);
  });
});
