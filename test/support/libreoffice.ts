/**
 * LibreOffice headless for tests: convert a workbook (xlsx → xlsx, or → pdf) in a throwaway profile
 * that makes Calc recalculate every formula of an .xlsx on load (OOXMLRecalcMode = 0, "always").
 * Without it Calc keeps the cached results a file was written with, and a check of them proves nothing.
 */
import { execFile } from 'child_process';
import { promises as fs, existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

const CANDIDATES = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'];

/** The soffice binary: $SOFFICE, a usual place, or `soffice` on the PATH; null when there is none. */
export function findSoffice(): string | null {
  const env = process.env.SOFFICE;
  if (env && existsSync(env)) return env;
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'soffice');
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** soffice, or an error that says what to install (a test that needs it must fail, not skip). */
export function requireSoffice(): string {
  const s = findSoffice();
  if (!s) {
    throw new Error('LibreOffice (soffice) was not found: install it (Debian/Ubuntu: apt-get install libreoffice-calc; .ci/run does) or set SOFFICE=/path/to/soffice. This test recalculates the workbook in LibreOffice and cannot run without it.');
  }
  return s;
}

/** The user profile's settings: recalculate OOXML files always on load, never ask. */
export const RECALC_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export interface ConvertOptions {
  /** Target: "xlsx" (Calc MS Excel 2007 XML) or "pdf". */
  to: 'xlsx' | 'pdf';
  /** Where the result goes (a directory; the file keeps the input's base name). */
  outDir: string;
  /** Milliseconds before soffice is killed (default 120 s). */
  timeoutMs?: number;
}

const FILTERS: Record<ConvertOptions['to'], string> = { xlsx: 'xlsx:Calc MS Excel 2007 XML', pdf: 'pdf:calc_pdf_Export' };

/** Convert one file with a fresh profile; resolves to the output's path. */
export async function convert(input: string, opts: ConvertOptions): Promise<string> {
  const soffice = requireSoffice();
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-lo-profile-'));
  try {
    await fs.mkdir(path.join(profile, 'user'), { recursive: true });
    await fs.writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_XCU, 'utf8');
    await fs.mkdir(opts.outDir, { recursive: true });
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless', '--invisible', '--norestore', '--nologo', '--nodefault', '--nolockcheck',
      '--convert-to', FILTERS[opts.to], '--outdir', opts.outDir, input,
    ];
    const timeout = opts.timeoutMs ?? 120_000;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(soffice, args, { timeout, killSignal: 'SIGKILL', env: { ...process.env, HOME: profile } }, (err, out, errOut) => {
        if (err) reject(new Error(`soffice failed (${(err as NodeJS.ErrnoException & { killed?: boolean }).killed ? `killed after ${timeout} ms` : err.message}): ${errOut || out}`));
        else resolve({ stdout: String(out), stderr: String(errOut) });
      });
    });
    const result = path.join(opts.outDir, `${path.basename(input, path.extname(input))}.${opts.to}`);
    if (!existsSync(result)) throw new Error(`soffice wrote no ${opts.to} for ${input}: ${stdout} ${stderr}`);
    return result;
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
}
