/**
 * Snapshots at scale: the line-per-project form (version 3) written and read a line at a time, the
 * same content as the JSON (versions 1 and 2) and the sheet, every line sealed, a cut file refused.
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import {
  parseSnapshot, projectTotals, sealSnapshot, snapshotJson, snapshotPlan, SnapshotProblem, snapshotReasonText, type Snapshot, type SnapshotProject,
} from '../../../src/core/monthly/snapshot';
import { parseSnapshotLines, snapshotLines } from '../../../src/core/monthly/snapshot-lines';
import { Sha256, sha256Hex } from '../../../src/core/monthly/sha256';
import { readSnapshotFile, readSnapshotStream, SnapshotFileError, SnapshotFileWriter } from '../../../src/xlsx/snapshot-file';
import { writePlansFile } from '../../../src/xlsx/write';
import { mulberry32 } from '../../../bench/generate';
import { OCTOBER, octoberSnapshot } from '../../support/report-months';
import { runCli as cli } from '../../support/cli';

jest.setTimeout(240_000);

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'bko-register-2025-10.xlsx');
const RATES = ['09', '10', '11'].flatMap((d) => ['--rates', path.join(ROOT, 'samples', 'rates', `nbk-2025-10-${d}.xml`)]);

/** Everything a snapshot says but its version and digest (which differ by form). */
function content(s: Snapshot): unknown {
  const { version, digest, ...rest } = s;
  void version;
  void digest;
  return rest;
}

/** A project of a made-up register of `n`, its fields from `i`. */
function project(i: number, rnd: () => number): SnapshotProject {
  const given = rnd() < 0.7;
  return {
    row: i + 4, number: String(i + 1), name: `Жоба «${i.toString(36)}» ${rnd() < 0.1 ? '"quoted"\\ \u2028' : ''}`, investor: rnd() < 0.9 ? `Investor ${i % 997}` : null,
    country: 'Қытай', sector: 'Энергетика', location: 'Орал', status: rnd() < 0.5 ? 'construction' : 'memorandum', statusText: 'Құрылыс',
    date: '2024-05-0' + (1 + (i % 9)), KZT: given ? `${Math.floor(rnd() * 1e9)}.${String(i % 100).padStart(2, '0')}` : null,
    CNY: rnd() < 0.5 ? `${Math.floor(rnd() * 1e7)}.50` : null, KZTFrom: given ? 'given' : null, CNYFrom: given ? 'converted' : null,
    rates: given ? [{ currency: 'CNY', rate: '71.34', quoted: '71.34', quant: 1, date: '2024-05-01', source: 'nbk' }] : [], jobs: i % 50, notes: null,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-snapscale-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

test('the incremental SHA-256 gives Node\'s digest, however the text is cut into pieces', () => {
  const rnd = mulberry32(5);
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 70_000]) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(rnd() < 0.5 ? 0x41 + Math.floor(rnd() * 26) : 0x410 + Math.floor(rnd() * 64));
    const ref = createHash('sha256').update(s, 'utf8').digest('hex');
    expect(sha256Hex(s)).toBe(ref);
    const h = new Sha256();
    for (let i = 0; i < s.length;) {
      const k = 1 + Math.floor(rnd() * 100);
      h.update(s.slice(i, i + k));
      i += k;
    }
    expect(h.hex()).toBe(ref);
  }
});

test('versions 1, 2 and 3, and the sheet, read back to the same snapshot', async () => {
  const v2 = octoberSnapshot();
  const v3text = snapshotLines(v2);
  const v3 = parseSnapshotLines(v3text);
  expect(v3.version).toBe(3);
  expect(v3.digest).toMatch(/^[0-9a-f]{64}$/);
  expect(v3.digest).not.toBe(v2.digest);
  expect(content(v3)).toEqual(content(v2));
  const { digest, ...rest } = v2;
  void digest;
  const v1json = JSON.stringify({ ...rest, version: 1 });
  const v1 = parseSnapshot(v1json);
  if (!v1.ok) throw new Error(v1.reason);
  expect(content(v1.snapshot)).toEqual(content(v2));
  // The files, each form: a line per project (plain and gzip), JSON (v1, v2), a workbook's sheet.
  await fs.writeFile(path.join(dir, 'a.jsonl'), v3text);
  await fs.writeFile(path.join(dir, 'a.jsonl.gz'), zlib.gzipSync(v3text));
  await fs.writeFile(path.join(dir, 'v2.json'), snapshotJson(v2));
  await fs.writeFile(path.join(dir, 'v1.json'), v1json);
  await writePlansFile([snapshotPlan(v3)], path.join(dir, 'sheet.xlsx'));
  for (const f of ['a.jsonl', 'a.jsonl.gz', 'v2.json', 'v1.json', 'sheet.xlsx']) {
    const got = await readSnapshotFile(path.join(dir, f));
    expect([f, content(got!)]).toEqual([f, content(v2)]);
  }
  // The sheet of a version 3 snapshot keeps its version and digest.
  expect((await readSnapshotFile(path.join(dir, 'sheet.xlsx')))!.digest).toBe(v3.digest);
});

test('every line of a version 3 snapshot is sealed: an edit anywhere is refused naming its line', () => {
  const lines = snapshotLines(octoberSnapshot()).split('\n').slice(0, -1);
  expect(lines.length).toBe(OCTOBER.length + 2 - 0 - (OCTOBER.length - octoberSnapshot().projects.length));
  const edits: ((o: Record<string, unknown>) => void)[] = [];
  for (let k = 0; k < lines.length; k++) {
    const o = JSON.parse(lines[k]) as Record<string, unknown>;
    if (k === 0) edits.push((x) => (x.tool = 'tizilim 9'));
    else if (o.end) edits.push((x) => ((x.findings as { error: number }).error += 1));
    else edits.push((x) => (x.KZT = x.KZT === null ? '1.00' : `${String(x.KZT).replace(/^\d/, '9')}`));
    edits[k](o);
    const text = lines.map((l, i) => (i === k ? JSON.stringify(o) : l)).join('\n') + '\n';
    let problem: SnapshotProblem | null = null;
    try {
      parseSnapshotLines(text);
    } catch (e) {
      problem = e as SnapshotProblem;
    }
    expect(problem).toBeInstanceOf(SnapshotProblem);
    expect([k, problem!.problem.params.line]).toEqual([k, k + 1]);
  }
  // A project's total edited together with the closing line's: the closing line's digest.
  const last = JSON.parse(lines[lines.length - 1]) as { totals: { projects: number } };
  last.totals.projects += 1;
  expect(() => parseSnapshotLines([...lines.slice(0, -1), JSON.stringify(last)].join('\n'))).toThrow(`line ${lines.length}: totals.projects is`);
  // In Russian and Kazakh, the words are theirs.
  try {
    parseSnapshotLines([...lines.slice(0, -1), JSON.stringify(last)].join('\n'));
  } catch (e) {
    expect(snapshotReasonText((e as SnapshotProblem).problem, 'ru')).toMatch(new RegExp(`^строка ${lines.length}: totals\\.projects = \\d+, а сумма по проектам \\d+$`));
    expect(snapshotReasonText((e as SnapshotProblem).problem, 'kk')).toMatch(new RegExp(`^${lines.length}-жол: totals\\.projects = \\d+, ал жобалардың қосындысы \\d+$`));
  }
});

test('a version 3 snapshot cut short, or with lines moved or removed, is refused', async () => {
  const lines = snapshotLines(octoberSnapshot()).split('\n').slice(0, -1);
  const refused = (text: string) => {
    try {
      parseSnapshotLines(text);
      return null;
    } catch (e) {
      return (e as SnapshotProblem).problem;
    }
  };
  expect(refused(lines.slice(0, -1).join('\n') + '\n')).toEqual({ key: 'snapshot.reason.truncated', params: { last: lines.length - 1 } });
  const cut = lines.join('\n').slice(0, lines.slice(0, 2).join('\n').length + 20);
  expect(refused(cut)).toEqual({ key: 'snapshot.reason.lineNotJson', params: { line: 3 } });
  // Two projects swapped: each line is intact, the digest over their order is not.
  const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n');
  expect(refused(swapped)).toEqual({ key: 'snapshot.reason.digestDiffers', params: { line: lines.length } });
  // A project removed: the count, named on the closing line.
  expect(refused([lines[0], ...lines.slice(2)].join('\n'))?.key).toBe('snapshot.reason.totalDiffers');
  expect(refused(lines.join('\n') + '\n{"end":true}\n')).toEqual({ key: 'snapshot.reason.afterEnd', params: { line: lines.length + 1 } });
  // On disk: the file named with the line, in the user's language by the CLI.
  await fs.writeFile(path.join(dir, 'cut.jsonl'), lines.slice(0, -1).join('\n') + '\n');
  const e = await readSnapshotFile(path.join(dir, 'cut.jsonl')).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(SnapshotFileError);
  expect((e as SnapshotFileError).reasonIn('en')).toBe(`the file ends at line ${lines.length - 1} without its closing line (the file is incomplete)`);
  const r = await cli(['changes', '--from', path.join(dir, 'cut.jsonl'), '--to', path.join(dir, 'cut.jsonl'), '--lang', 'ru']);
  expect([r.code, r.err]).toEqual([2, [`${path.join(dir, 'cut.jsonl')}: это не снимок реестра, или он не читается: файл обрывается на строке ${lines.length - 1} без итоговой строки (файл неполон). Ничего не записано.`]]);
});

test('a line longer than the limit is refused naming it, not read into memory', async () => {
  const lines = snapshotLines(octoberSnapshot()).split('\n');
  const f = path.join(dir, 'long.jsonl');
  await fs.writeFile(f, [lines[0], 'x'.repeat(17 * 1024 * 1024), ...lines.slice(1)].join('\n'));
  const e = await readSnapshotFile(f).catch((x: unknown) => x);
  expect((e as SnapshotFileError).problem).toEqual({ key: 'snapshot.reason.lineTooLong', params: { line: 2, limit: 16 * 1024 * 1024 } });
});

test('100 000 projects: written a line at a time (plain and gzip) and read back the same, totals and digest checked', async () => {
  const n = 100_000;
  const make = function* () {
    const rnd = mulberry32(11);
    for (let i = 0; i < n; i++) yield project(i, rnd);
  };
  const head = { month: '2025-10', source: { file: 'big.xlsx', sheet: 'Тізілім' }, reportDate: '2025-10-31', tool: 'tizilim test' };
  const findings = { error: 3, warning: 2, info: 1 };
  for (const name of ['big.jsonl', 'big.jsonl.gz']) {
    const f = path.join(dir, 'out', name);
    const w = new SnapshotFileWriter(f);
    await w.open();
    w.begin(head);
    let k = 0;
    for (const p of make()) {
      w.project(p);
      if (++k % 1000 === 0) await w.drain();
    }
    const meta = await w.commit(findings);
    expect(meta.totals).toEqual(projectTotals(make()));
    const it = make();
    let seen = 0, same = 0;
    const read = await readSnapshotStream(f, (p) => {
      seen++;
      if (JSON.stringify(p) === JSON.stringify(it.next().value)) same++;
    });
    expect([read!.form, seen, same]).toEqual(['lines', n, n]);
    expect(read!.meta).toEqual({ ...meta, format: 'tizilim-snapshot', version: 3 });
    // The same digest as the whole snapshot's, taken in memory.
    const whole = sealSnapshot({ format: 'tizilim-snapshot', version: 3, ...head, totals: meta.totals, findings, projects: [...make()] });
    expect(whole.digest).toBe(meta.digest);
  }
  const plain = (await fs.stat(path.join(dir, 'out', 'big.jsonl'))).size;
  const packed = (await fs.stat(path.join(dir, 'out', 'big.jsonl.gz'))).size;
  expect(packed).toBeLessThan(plain / 4);
});

test('CLI snapshot: the line-per-project file (the default) holds what the JSON holds, on the sample', async () => {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const a = await cli(['snapshot', SAMPLE, ...RATES, '--month', '2025-10', '--lang', 'en']);
    const b = await cli(['snapshot', SAMPLE, ...RATES, '--month', '2025-10', '--lang', 'en', '-o', 'whole.json']);
    expect([a.code, a.err]).toEqual([b.code, []]);
    expect(a.out.filter((l) => !l.startsWith('Written'))).toEqual(b.out.filter((l) => !l.startsWith('Written')));
    const c = await cli(['snapshot', SAMPLE, ...RATES, '--month', '2025-10', '--lang', 'en', '-o', 'packed.jsonl.gz']);
    expect(c.code).toBe(b.code);
    const lines = await readSnapshotFile(path.join(dir, 'snapshots', '2025-10.jsonl'));
    const whole = parseSnapshot(await fs.readFile(path.join(dir, 'whole.json'), 'utf8'));
    if (!whole.ok) throw new Error(whole.reason);
    expect(lines!.version).toBe(3);
    expect(whole.snapshot.projects.length).toBeGreaterThan(5);
    expect(content(lines!)).toEqual(content(whole.snapshot));
    expect(content((await readSnapshotFile(path.join(dir, 'packed.jsonl.gz')))!)).toEqual(content(whole.snapshot));
  } finally {
    process.chdir(cwd);
  }
});
