/**
 * Files on disk, as the CLI reads and writes them: an input is a regular file of bounded size, checked
 * before anything is read; an output is never one of the inputs, nor a folder, nor another output; an
 * output is written to a temporary file beside it and renamed into place, and every temporary file
 * and every folder made for an output is removed on each way out that a process can catch (an error,
 * Ctrl-C, SIGTERM, an uncaught exception). One the process could not catch (a kill -9, an
 * out-of-memory abort) is swept by the next run that writes the same output.
 */
import { promises as fs, rmSync, rmdirSync, type Stats } from 'fs';
import * as path from 'path';
import { InputError, MAX_FILE_BYTES } from '../core/grid/problems';

export { MAX_FILE_BYTES };

/** The file's stat when it is a regular file within `limit` bytes; else the InputError that says what it is. */
export async function inputStat(file: string, limit = Infinity): Promise<Stats> {
  let stat: Stats;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new InputError({ key: 'FILE_MISSING', params: { file } });
  }
  if (stat.isDirectory()) throw new InputError({ key: 'INPUT_IS_FOLDER', params: { file } });
  if (!stat.isFile()) throw new InputError({ key: 'NOT_A_FILE', params: { file } });
  if (stat.size > limit) throw tooLarge(file, stat.size, limit);
  return stat;
}

function tooLarge(file: string, size: number, limit: number): InputError {
  return new InputError({ key: 'FILE_TOO_LARGE', params: { file, size: (size / 1048576).toFixed(1), limit: Math.round(limit / 1048576) } });
}

/** A regular file's bytes, never more than `limit` (a file that grows while it is read is refused too). */
export async function readWhole(file: string, limit = MAX_FILE_BYTES): Promise<Buffer> {
  await inputStat(file, limit);
  const fh = await fs.open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(1 << 20);
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw tooLarge(file, total, limit);
      chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

/** Where a path really lands: the file's own real path, or its folder's real path and its name when it does not exist yet. */
async function landing(file: string): Promise<{ real: string; stat: Stats | null }> {
  const abs = path.resolve(file);
  try {
    return { real: await fs.realpath(abs), stat: await fs.stat(abs) };
  } catch {
    let dir = path.dirname(abs);
    const rest = [path.basename(abs)];
    // The folder may not exist yet either: resolve the deepest part that does.
    for (;;) {
      try {
        return { real: path.join(await fs.realpath(dir), ...rest), stat: null };
      } catch {
        const up = path.dirname(dir);
        if (up === dir) return { real: path.join(dir, ...rest), stat: null };
        rest.unshift(path.basename(dir));
        dir = up;
      }
    }
  }
}

const sameFile = (a: Stats | null, b: Stats | null) => !!a && !!b && a.dev === b.dev && a.ino === b.ino;

/**
 * Refuse, before anything is read or written, an output that is one of the inputs (by real path, or
 * by device and inode: a link to it), an output that is a folder, and two outputs that are one file.
 * `outputs` names each output by its option ({ '--out': 'reg.xlsx', '--json': undefined }); one not given is left out.
 */
export async function checkOutputs(inputs: string[], outputs: Record<string, string | undefined>): Promise<void> {
  const ins = await Promise.all(inputs.map(async (f) => ({ file: f, ...(await landing(f)) })));
  const seen: { option: string; file: string; real: string; stat: Stats | null }[] = [];
  for (const [option, file] of Object.entries(outputs)) {
    if (file === undefined) continue;
    const o = await landing(file);
    if (o.stat?.isDirectory() || /[\\/]$/.test(file)) throw new InputError({ key: 'OUTPUT_IS_FOLDER', params: { file, option } });
    const input = ins.find((i) => i.real === o.real || sameFile(i.stat, o.stat));
    if (input) throw new InputError({ key: 'OUTPUT_IS_INPUT', params: { file, option, input: input.file } });
    const twin = seen.find((s) => s.real === o.real || sameFile(s.stat, o.stat));
    if (twin) throw new InputError({ key: 'OUTPUT_TWICE', params: { file, option, other: twin.option } });
    seen.push({ option, file, ...o });
  }
}

// ---------------------------------------------------------------------------------------------
// Temporary files and the folders made for outputs

const liveTemps = new Set<string>();
const madeDirs: string[] = [];
const TEMP = /^\.(.+)\.(\d+)\.tmp$/;

/** Whether a process with this id runs (on this machine). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The temporary file an output is written to (".NAME.PID.tmp" beside it), known to the process until
 * released; the same output's temporary files left by runs that died are removed first.
 */
export async function tempFor(out: string): Promise<string> {
  const dir = path.dirname(path.resolve(out));
  const base = path.basename(out);
  try {
    for (const name of await fs.readdir(dir)) {
      const m = TEMP.exec(name);
      if (m && m[1] === base && !alive(Number(m[2]))) await fs.rm(path.join(dir, name), { force: true });
    }
  } catch {
    // No folder yet: nothing to sweep.
  }
  const tmp = path.join(dir, `.${base}.${process.pid}.tmp`);
  liveTemps.add(tmp);
  return tmp;
}

/** The temporary file is renamed into place or removed: no longer the process's to clean. */
export function releaseTemp(tmp: string): void {
  liveTemps.delete(tmp);
}

/** Remove a temporary file (after a failure) and forget it. */
export async function dropTemp(tmp: string): Promise<void> {
  await fs.rm(tmp, { force: true });
  liveTemps.delete(tmp);
}

/** Make an output's folder; the folders made are remembered so that a run that fails leaves none behind. */
export async function makeOutputDir(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  const first = await fs.mkdir(abs, { recursive: true });
  if (!first) return;
  // mkdir returns the first folder it made: every folder from there down to abs is new.
  for (let d = abs; ; d = path.dirname(d)) {
    madeDirs.push(d);
    if (d === first || path.dirname(d) === d) break;
  }
}

/**
 * Remove every temporary file still known and every folder made for an output that stayed empty
 * (deepest first). Synchronous, so it can run from an exit or signal handler.
 */
export function cleanUpSync(): void {
  for (const tmp of liveTemps) rmSync(tmp, { force: true });
  liveTemps.clear();
  for (const d of madeDirs) {
    try {
      rmdirSync(d);
    } catch {
      // Not empty (the user's own files, or another output): it stays.
    }
  }
  madeDirs.length = 0;
}

/**
 * Write `out` all or nothing: `write` fills a temporary file beside it, which is then renamed into
 * place; a failure removes it (and any folder made for it) and is reported as the output's problem.
 */
export async function writeAtomically(out: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await tempFor(out);
  try {
    await makeOutputDir(path.dirname(tmp));
    await write(tmp);
    await fs.rename(tmp, out);
    releaseTemp(tmp);
  } catch (e) {
    await dropTemp(tmp);
    if (e instanceof InputError) throw e;
    throw new InputError({ key: 'OUTPUT_FAILED', params: { file: out, reason: (e as Error).message } });
  }
}
