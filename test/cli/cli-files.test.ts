/**
 * Nothing lost: an output never replaces an input, two outputs are never one file, a run that stops
 * (an unusable input, Ctrl-C, SIGTERM, a crash) leaves no temporary file and no folder it made, and a
 * crash never exits with the findings code.
 */
import { execFileSync, spawn } from 'child_process';
import { promises as fs, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeXlsx } from '../../bench/generate';
import { RateTable } from '../../src/core/rates/rates';
import { runCli as cli } from '../support/cli';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATE_FILES = ['09', '10', '11'].map((d) => path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`));
const RATES = RATE_FILES.flatMap((f) => ['--rates', f]);

let dir: string;
let reg: string;
let before: Buffer;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-files-'));
  reg = path.join(dir, 'reg.xlsx');
  await fs.copyFile(SAMPLE, reg);
  before = await fs.readFile(reg);
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const listing = async (d = dir) => (await fs.readdir(d)).sort();

describe('an output that is an input is refused with exit 2 before anything is read or written', () => {
  const cases: [string, () => string[]][] = [
    ['summarize --out reg.xlsx', () => ['summarize', reg, '--out', reg]],
    ['summarize --json reg.xlsx', () => ['summarize', reg, '--out', path.join(dir, 'o.xlsx'), '--json', reg]],
    ['check --json reg.xlsx', () => ['check', reg, '--json', reg]],
    ['summarize --json onto a rates file', () => ['summarize', reg, '--rates', rate, '--json', rate, '--out', path.join(dir, 'o.xlsx')]],
    ['export --out reg.xlsx', () => ['export', reg, '--month', '2025-10', '--out', reg]],
    ['snapshot --out reg.xlsx', () => ['snapshot', reg, '--month', '2025-10', '--out', reg]],
    ['the same file by another path', () => ['summarize', reg, '--out', path.join(dir, '.', 'sub', '..', 'reg.xlsx')]],
  ];
  // The rates file in the test's own folder: a failing run must not damage the repository's samples.
  let rate: string;
  beforeEach(async () => {
    rate = path.join(dir, 'nbk.xml');
    await fs.copyFile(RATE_FILES[0], rate);
  });
  test.each(cases)('%s', async (_name, args) => {
    const r = await cli([...args(), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/this is an input \(.+\); it is never overwritten/);
    expect(await fs.readFile(reg)).toEqual(before);
    expect(await fs.readFile(rate)).toEqual(await fs.readFile(RATE_FILES[0]));
    expect(await listing()).toEqual(['nbk.xml', 'reg.xlsx']);
  });

  test('a symbolic link and a hard link to the register are the register', async () => {
    const sym = path.join(dir, 'link.xlsx');
    await fs.symlink(reg, sym);
    let r = await cli(['summarize', reg, '--out', sym, '--lang', 'kk']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('кіріс файлдың өзі');
    const hard = path.join(dir, 'hard.xlsx');
    await fs.link(reg, hard);
    r = await cli(['summarize', reg, '--json', hard, '--out', path.join(dir, 'o.xlsx'), '--lang', 'ru']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('это входной файл');
    expect(await fs.readFile(reg)).toEqual(before);
    expect(await listing()).toEqual(['hard.xlsx', 'link.xlsx', 'nbk.xml', 'reg.xlsx']);
  });

  test('changes: --out or --json onto the previous snapshot is refused', async () => {
    const snap = path.join(dir, '2025-10.json');
    expect((await cli(['snapshot', reg, ...RATES, '--month', '2025-10', '--out', snap])).code).toBe(0);
    const snapBytes = await fs.readFile(snap);
    const r = await cli(['changes', '--from', snap, '--to', reg, ...RATES, '--month', '2025-11', '--json', snap, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(await fs.readFile(snap)).toEqual(snapBytes);
  });
});

test('--out and --json naming one file, or --out naming a folder, are refused before anything is written', async () => {
  const old = path.join(dir, 'old.xlsx');
  await fs.writeFile(old, 'last month\'s workbook');
  let r = await cli(['summarize', reg, '--out', old, '--json', old, '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err.join('\n')).toContain('--json');
  expect(r.err.join('\n')).toContain('the same file is given for --out');
  expect(await fs.readFile(old, 'utf8')).toBe('last month\'s workbook');
  await fs.mkdir(path.join(dir, 'folder'));
  r = await cli(['summarize', reg, '--out', path.join(dir, 'folder'), '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err.join('\n')).toContain('this is a folder; give the output a file name');
  expect(await listing(path.join(dir, 'folder'))).toEqual([]);
  expect(await listing()).toEqual(['folder', 'old.xlsx', 'reg.xlsx']);
});

test('an unusable input leaves no output folder behind, and "no rates" is not said about a register that was refused', async () => {
  const bad = path.join(dir, 'bad.xlsx');
  await fs.writeFile(bad, 'PK\u0003\u0004 not really a zip');
  const r = await cli(['summarize', bad, '--out', path.join(dir, 'new', 'deeper', 'o.xlsx'), '--json', path.join(dir, 'new', 'o.json'), '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.out.join('\n')).not.toContain('No rates given');
  expect(await listing()).toEqual(['bad.xlsx', 'reg.xlsx']);
});

test('"no rates" is said once the register is accepted', async () => {
  const r = await cli(['check', reg, '--lang', 'en']);
  expect(r.out[0]).toBe('No rates given (--rates): yuan figures are not converted to tenge.');
});

test('an unexpected error exits 3, never 1 (the findings code), and writes nothing', async () => {
  const add = jest.spyOn(RateTable.prototype, 'add').mockImplementation(() => {
    throw new Error('a defect');
  });
  try {
    const r = await cli(['summarize', reg, ...RATES, '--out', path.join(dir, 'o.xlsx'), '--lang', 'en']);
    expect(r.code).toBe(3);
    expect(r.err).toEqual(['Unexpected error: a defect. Nothing was written.']);
  } finally {
    add.mockRestore();
  }
  expect(await listing()).toEqual(['reg.xlsx']);
});

test('--map takes a field\'s key or its name as the CLI prints it, in any language', async () => {
  const out = path.join(dir, 'o.json');
  for (const m of ['KZT=F', 'Value, tenge=F', 'Құны, теңге=F', 'стоимость, тенге = f']) {
    const r = await cli(['check', reg, ...RATES, '--map', m, '--json', out, '--lang', 'en']);
    expect([m, r.code]).toEqual([m, 0]);
    expect(r.out.join('\n')).toContain('Value, tenge=F');
  }
  const r = await cli(['check', reg, '--map', 'Tenge amount=F', '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err.join('\n')).toContain('--map: "Tenge amount=F"');
});

describe('a run that is stopped leaves nothing behind', () => {
  const TSX = require.resolve('tsx/cli');
  jest.setTimeout(120_000);

  /** Run the real CLI in its own process; `whenTemp` is called once a temporary output appears. */
  function runProcess(args: string[], env: NodeJS.ProcessEnv = {}, whenTemp?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: string | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [TSX, path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.stdout.on('data', () => undefined);
      let fired = false;
      const poll = setInterval(async () => {
        if (fired || !whenTemp) return;
        const names = await fs.readdir(path.join(dir, 'out')).catch(() => [] as string[]);
        if (names.some((n) => n.endsWith('.tmp'))) {
          fired = true;
          whenTemp(child);
        }
      }, 20);
      child.on('exit', (code, signal) => {
        clearInterval(poll);
        resolve({ code, signal, stderr });
      });
    });
  }

  let big: string;
  beforeAll(async () => {
    big = path.join(os.tmpdir(), `tizilim-files-big-${process.pid}.xlsx`);
    await writeXlsx(big, 60_000);
  });
  afterAll(() => fs.rm(big, { force: true }));

  test.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s while the outputs are being written: exit %i, no temporary file, no output, no folder it made', async (signal, code) => {
    const res = await runProcess(['summarize', big, '--out', path.join(dir, 'out', 'deep', 'big.xlsx'), '--json', path.join(dir, 'out', 'big.json')], {}, (child) => child.kill(signal));
    expect(res.code).toBe(code);
    expect(await listing()).toEqual(['reg.xlsx']);
  });

  test('an uncaught error in the middle of a run: exit 3 with the message, temporary files removed', async () => {
    const preload = path.join(dir, 'stray.js');
    // A defect outside the awaited chain (a stream's late error, say) surfaces as an uncaught exception.
    // (tsx starts the CLI in a child process of its own: only that one, whose script is main.ts, gets it.)
    await fs.writeFile(preload, "if (/main\\.ts$/.test(process.argv[1] || '')) setTimeout(() => { throw new Error('a stray defect'); }, 1500);\n");
    const res = await runProcess(['summarize', big, '--out', path.join(dir, 'out', 'big.xlsx'), '--lang', 'en'], { NODE_OPTIONS: `--require ${preload}` });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('Unexpected error: a stray defect. Nothing was written.');
    expect(await listing()).toEqual(['reg.xlsx', 'stray.js']);
  });

  test('a temporary output left by a run that was killed outright is swept by the next run', async () => {
    await fs.mkdir(path.join(dir, 'out'));
    // PID 2^22 + 1 is above Linux's pid_max default: no such process.
    const stale = path.join(dir, 'out', `.o.xlsx.${4194305}.tmp`);
    const mine = path.join(dir, 'out', `.o.xlsx.${process.pid}.tmp`);
    await fs.writeFile(stale, 'half a workbook');
    await fs.writeFile(path.join(dir, 'out', '.other.xlsx.4194305.tmp'), 'not ours to sweep: another output');
    const r = await cli(['summarize', reg, ...RATES, '--out', path.join(dir, 'out', 'o.xlsx')]);
    expect(r.code).toBe(0);
    expect(await listing(path.join(dir, 'out'))).toEqual(['.other.xlsx.4194305.tmp', 'o.xlsx']);
    await expect(fs.stat(mine)).rejects.toThrow();
  });
});

describe('a rates file is a regular file of at most 50 MB, read with bounded memory', () => {
  const refused = async (rates: string, message: RegExp) => {
    const r = await cli(['summarize', reg, '--rates', rates, '--out', path.join(dir, 'o.xlsx'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(message);
    expect(r.out.join('\n')).not.toContain('No rates given');
    expect(await fs.readFile(reg)).toEqual(before);
    expect((await listing()).filter((n) => n.endsWith('.xlsx') && n !== 'reg.xlsx')).toEqual([]);
  };
  test('a folder is named a folder, not "file not found"', () => refused(dir, /this is a folder, not a file/));
  test('a device that never ends (/dev/zero) is refused at once', () => refused('/dev/zero', /not a regular file \(a device or a pipe\)/));
  test('a named pipe is refused without waiting for a writer', async () => {
    const fifo = path.join(dir, 'rates.xml');
    const { execFileSync } = await import('child_process');
    execFileSync('mkfifo', [fifo]);
    await refused(fifo, /not a regular file/);
  });
  test('a rates file over 50 MB is refused by its size (a sparse file: nothing is read)', async () => {
    const big = path.join(dir, 'rates.xml');
    const fh = await fs.open(big, 'w');
    await fh.truncate(50 * 1024 * 1024 + 1);
    await fh.close();
    await refused(big, /the file is too large \(50\.0 MB, the limit is 50 MB\)/);
  });
});

test('a cell over 32 767 characters: the workbook Excel opens keeps the first 32 767 and the finding says so; the JSON keeps it whole', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  const ws = wb.worksheets[0];
  const longText = 'Жоба туралы ескертпе. '.repeat(2000);
  let target = 0;
  ws.eachRow((row, r) => {
    if (!target && typeof row.getCell(1).value === 'number') target = r;
  });
  ws.getRow(target).getCell(4).value = longText;
  const src = path.join(dir, 'long.xlsx');
  await wb.xlsx.writeFile(src);
  const out = path.join(dir, 'o.xlsx');
  const json = path.join(dir, 'o.json');
  const r = await cli(['summarize', src, ...RATES, '--out', out, '--json', json, '--lang', 'en']);
  expect(r.code).toBe(0);
  const res = JSON.parse(await fs.readFile(json, 'utf8')) as { rows: Record<string, unknown>[]; findings: { code: string; cell: string }[] };
  expect(res.findings.filter((f) => f.code === 'TEXT_TOO_LONG').map((f) => f.cell)).toEqual([`D${target}`]);
  // (compared as a boolean: a failure must not print 44 000 characters)
  expect(Object.values(res.rows.find((x) => x.row === target) ?? {}).some((v) => v === longText.trim())).toBe(true);
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(out);
  let longest = 0;
  back.eachSheet((s) => s.eachRow((row) => row.eachCell((c) => {
    if (typeof c.value === 'string') longest = Math.max(longest, c.value.length);
  })));
  expect(longest).toBe(32767);
});

test('"today" is the user\'s local date, in the CLI as in the pane: 20:00 UTC on 31 October is 1 November in Oral (UTC+5)', () => {
  // Jest keeps its own copy of process.env, so the time zone is set for a process of its own.
  const script = path.join(dir, 'today.ts');
  writeFileSync(script, `import { localToday } from ${JSON.stringify(path.join(ROOT, 'src', 'core', 'grid', 'dates'))};
console.log([Date.UTC(2025, 9, 31, 20, 0), Date.UTC(2025, 9, 31, 18, 59)].map((t) => localToday(new Date(t))).join(' '));\n`);
  const run = (tz: string) => execFileSync(process.execPath, [require.resolve('tsx/cli'), script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).trim();
  expect(run('Asia/Oral')).toBe('2025-11-01 2025-10-31');
  expect(run('UTC')).toBe('2025-10-31 2025-10-31');
});
