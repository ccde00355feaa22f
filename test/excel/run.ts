/**
 * `npm run test:excel`: Diagnostics in a real Excel, run by Office's own end-to-end tooling, as Office's
 * task-pane template runs its tests — office-addin-test-server receives the results, the test add-in
 * (test/excel/diagnostics-pane.ts, built here) sends them with office-addin-test-helpers, and
 * office-addin-debugging sideloads the test manifest into the desktop Excel.
 *
 *   npm run test:excel                  build, serve on https://localhost:3001, sideload, wait for the
 *                                       results (3 minutes at most), print them, stop Excel's sideload
 *   npm run test:excel -- --build-only  only build the test add-in (any machine; what npm test checks)
 *
 * It needs a machine with Excel: Windows or macOS with desktop Excel signed in, Office's development
 * certificates (`npx office-addin-dev-certs install`, asked for on first run) and the network for npx.
 * Anywhere else it says so and exits 1. It is not part of `npm test`. Exit 0 when no check failed.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import type { TestResult } from './diagnostics-pane';

const ROOT = path.join(__dirname, '..', '..');
export const OUT = path.join(ROOT, 'test-output', 'excel-addin');
const MANIFEST = path.join(__dirname, 'manifest.xml');
const PANE_PORT = 3001;
const TEST_SERVER_PORT = 4201;
const RESULTS_TIMEOUT_MS = 3 * 60 * 1000;

/** Why this machine cannot run the test, or null when it can. */
export function noExcelHere(platform: string): string | null {
  if (platform === 'win32' || platform === 'darwin') return null;
  return (
    `npm run test:excel needs a desktop Excel, on Windows or macOS; this machine runs ${platform}, which has none.\n` +
    'It sideloads a test add-in into Excel and runs Diagnostics there (the same checks as the pane\'s footer); ' +
    'the in-memory Excel of npm test cannot stand in for it. Run it on a computer with Excel, or run Diagnostics ' +
    'from the pane\'s footer in Excel on the web and copy the report.'
  );
}

/** The outcome of the results the test add-in sent: failed checks, and a line per result. */
export function judge(results: TestResult[]): { ok: boolean; lines: string[] } {
  const lines = results.map((r) => `${r.resultName.padEnd(15)} ${r.resultValue}${r.detail ? ` — ${r.detail}` : ''}`);
  const error = results.find((r) => r.resultName === 'test-error');
  const failed = results.filter((r) => r.expectedValue === 'pass' && r.resultValue === 'fail');
  const checks = results.filter((r) => r.expectedValue === 'pass');
  return { ok: !error && failed.length === 0 && checks.length > 0, lines };
}

/** Build the test add-in into test-output/excel-addin (webpack, as the pane is built). */
export async function buildTestAddin(): Promise<string> {
  const webpack = (await import('webpack')).default;
  const HtmlWebpackPlugin = (await import('html-webpack-plugin')).default;
  fs.rmSync(OUT, { recursive: true, force: true });
  const compiler = webpack({
    mode: 'development',
    context: ROOT,
    devtool: 'source-map',
    target: ['web', 'es2020'],
    entry: { 'diagnostics-pane': path.join(__dirname, 'diagnostics-pane.ts') },
    output: { path: OUT, filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: path.join(ROOT, 'tsconfig.json'), compilerOptions: { target: 'ES2020', module: 'esnext', moduleResolution: 'bundler' } } } }],
    },
    plugins: [new HtmlWebpackPlugin({ filename: 'diagnostics-pane.html', template: path.join(__dirname, 'diagnostics-pane.html'), chunks: ['diagnostics-pane'] })],
  });
  await new Promise<void>((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    }),
  );
  for (const size of [32, 64]) fs.copyFileSync(path.join(ROOT, 'assets', `icon-${size}.png`), path.join(OUT, `icon-${size}.png`));
  return OUT;
}

function npx(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', ...args], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

async function serve(dir: string): Promise<https.Server> {
  const devCerts = await import('office-addin-dev-certs');
  const options = await devCerts.getHttpsServerOptions();
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.png': 'image/png', '.map': 'application/json' };
  const server = https.createServer(options, (req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(dir, rel || 'diagnostics-pane.html');
    if (!file.startsWith(path.resolve(dir)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(PANE_PORT, 'localhost', resolve));
  return server;
}

async function main(): Promise<number> {
  if (process.argv.includes('--build-only')) {
    await buildTestAddin();
    console.log(`test:excel: the test add-in is built in ${path.relative(ROOT, OUT)} (manifest: ${path.relative(ROOT, MANIFEST)})`);
    return 0;
  }
  const why = noExcelHere(process.platform);
  if (why) {
    console.error(why);
    return 1;
  }
  const { TestServer } = await import('office-addin-test-server');
  await buildTestAddin();
  const testServer = new TestServer(TEST_SERVER_PORT);
  if (!(await testServer.startTestServer(true))) throw new Error(`office-addin-test-server did not start on port ${TEST_SERVER_PORT}`);
  const pane = await serve(OUT);
  let code = 1;
  try {
    console.log('test:excel: sideloading the test add-in into Excel…');
    const started = await npx(['office-addin-debugging@7', 'start', MANIFEST, 'desktop', '--app', 'excel', '--no-debug', '--no-live-reload', '--dev-server-port', String(PANE_PORT)]);
    if (started !== 0) throw new Error('office-addin-debugging could not sideload the test add-in');
    let timer: NodeJS.Timeout | undefined;
    const results = (await Promise.race([
      testServer.getTestResults(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no results from Excel within ${RESULTS_TIMEOUT_MS / 60000} minutes: the test pane did not start (see Excel)`)), RESULTS_TIMEOUT_MS))),
    ])) as unknown as TestResult[];
    clearTimeout(timer);
    const { ok, lines } = judge(results);
    console.log(lines.join('\n'));
    console.log(ok ? 'test:excel: every check passed (or was not run on this host)' : 'test:excel: FAILED');
    code = ok ? 0 : 1;
  } finally {
    await npx(['office-addin-debugging@7', 'stop', MANIFEST]);
    await testServer.stopTestServer();
    await new Promise<void>((resolve) => pane.close(() => resolve()));
  }
  return code;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`test:excel: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
