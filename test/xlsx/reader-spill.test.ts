/**
 * Nothing is spilled (issue #13, item 7): the readers take a workbook's parts from the zip where they
 * lie, so no temporary file is made — none to leave behind after Ctrl-C, SIGTERM, a crash or an
 * out-of-memory end. Shown on a child process whose temporary folder is its own: killed with SIGKILL
 * in the middle of reading a register zipped in Excel's order, and run to its end, it leaves that
 * folder as it found it (but for tsx's own compile cache).
 *
 * Before the fix ExcelJS's streaming reader wrote every sheet that came before the shared strings to
 * tmp-PID-* files in the temporary folder and removed them only at a normal exit.
 */
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeXlsx } from '../../bench/generate';
import { excelZipOrder } from '../support/writers';

const ROOT = path.join(__dirname, '..', '..');
let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-spill-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** What the child left in its temporary folder, tsx's compile cache aside. */
async function left(tmp: string): Promise<string[]> {
  return (await fs.readdir(tmp)).filter((n) => !n.startsWith('tsx-'));
}

function cli(args: string[], tmp: string): { done: Promise<number | null>; kill(): void; started: Promise<void> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  // The CLI says which rates it uses before it reads the register.
  child.stdout.on('data', () => started());
  child.stderr.on('data', () => started());
  return {
    done: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    kill: () => child.kill('SIGKILL'),
    started: startedP,
  };
}

test('a run killed in the middle of reading, and a run to its end, leave the temporary folder as they found it', async () => {
  const gen = path.join(dir, 'gen.xlsx');
  await writeXlsx(gen, 20000);
  const file = path.join(dir, 'excel-order.xlsx');
  await fs.writeFile(file, await excelZipOrder(await fs.readFile(gen)));
  const out = path.join(dir, 'out');
  for (const killed of [true, false]) {
    const tmp = await fs.mkdtemp(path.join(dir, 'tmp-'));
    const run = cli(['summarize', file, '--lang', 'en', '--today', '2025-11-01', '--out', path.join(out, 'r.xlsx'), '--json', path.join(out, 'r.json')], tmp);
    if (killed) {
      await run.started;
      await new Promise((r) => setTimeout(r, 300));
      run.kill();
    }
    const code = await run.done;
    // Run to its end: exit 1 (the generated register has yuan figures and no rates are given), the outputs written.
    if (!killed) expect(code).toBe(1);
    expect(await left(tmp)).toEqual([]);
  }
  expect((await fs.readdir(out)).sort()).toEqual(['r.json', 'r.xlsx']);
}, 120_000);
