/** Run the CLI in-process as a user would, capturing what it prints and the exit code it sets. */
import { program } from '../../src/cli/main';

export async function runCli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  let code = -1;
  const out: string[] = [], err: string[] = [];
  const o = jest.spyOn(console, 'log').mockImplementation((s: string) => void out.push(String(s)));
  const e = jest.spyOn(console, 'error').mockImplementation((s: string) => void err.push(String(s)));
  const w = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program((c) => (code = c)).parseAsync(['node', 'tizilim', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
    w.mockRestore();
  }
  return { code, out, err };
}
