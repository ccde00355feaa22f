/**
 * The architecture is enforced by lint, and this proves the rules bite: the project's own
 * eslint.config.mjs, run by the project's eslint on a throwaway tree shaped like src/, rejects an
 * import cycle and a core file importing an adapter, and lets the same files through without them.
 * Runs eslint in a child process (its flat config is an ES module, which jest's VM does not load).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
jest.setTimeout(120_000);

interface Message { ruleId: string | null; message: string }
interface Result { filePath: string; messages: Message[] }

function lintTree(files: Record<string, string>): Result[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tizilim-lint-'));
  try {
    fs.copyFileSync(path.join(ROOT, 'eslint.config.mjs'), path.join(dir, 'eslint.config.mjs'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    let out: string;
    try {
      out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const err = e as { status?: number; stdout?: string; stderr?: string };
      if (err.status !== 1 || !err.stdout) throw new Error(`eslint failed to run: ${err.stderr ?? e}`);
      out = err.stdout; // exit 1: lint errors, reported as JSON
    }
    return (JSON.parse(out) as Result[]).map((r) => ({ ...r, filePath: path.relative(dir, r.filePath) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rules = (results: Result[], file: string): (string | null)[] =>
  results.find((r) => r.filePath === file)?.messages.map((m) => m.ruleId) ?? [];

describe('lint enforces the layers and forbids import cycles', () => {
  test('a cycle between two core modules is rejected, and the same modules without it pass', () => {
    const cyclic = lintTree({
      'src/core/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'src/core/b.ts': "import { a } from './a';\nexport const b = (): number => a() - 1;\n",
    });
    expect(rules(cyclic, 'src/core/a.ts')).toContain('import-x/no-cycle');
    expect(rules(cyclic, 'src/core/b.ts')).toContain('import-x/no-cycle');

    const acyclic = lintTree({
      'src/core/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'src/core/b.ts': 'export const b = (): number => 1;\n',
    });
    expect(acyclic.flatMap((r) => r.messages)).toEqual([]);
  });

  test('a core module importing an adapter or a front end is rejected', () => {
    const results = lintTree({
      'src/xlsx/files.ts': 'export const readWhole = (): number => 1;\n',
      'src/excel/support.ts': 'export const host = (): number => 2;\n',
      'src/cli/common.ts': 'export const say = (): number => 3;\n',
      'src/core/uses-xlsx.ts': "import { readWhole } from '../xlsx/files';\nexport const x = readWhole();\n",
      'src/core/uses-excel.ts': "import { host } from '../excel/support';\nexport const y = host();\n",
      'src/core/uses-cli.ts': "import { say } from '../cli/common';\nexport const z = say();\n",
      'src/cli/uses-xlsx.ts': "import { readWhole } from '../xlsx/files';\nexport const ok = readWhole();\n",
      'src/xlsx/uses-excel.ts': "import { host } from '../excel/support';\nexport const no = host();\n",
    });
    for (const f of ['src/core/uses-xlsx.ts', 'src/core/uses-excel.ts', 'src/core/uses-cli.ts', 'src/xlsx/uses-excel.ts']) {
      expect(rules(results, f)).toContain('import-x/no-restricted-paths');
    }
    // A front end using an adapter is the intended direction.
    expect(rules(results, 'src/cli/uses-xlsx.ts')).toEqual([]);
  });

  test('the custom functions (src/functions) run on the core alone: an adapter import is rejected, a core import passes', () => {
    const results = lintTree({
      'src/core/money.ts': 'export const read = (): number => 1;\n',
      'src/excel/support.ts': 'export const host = (): number => 2;\n',
      'src/functions/ok.ts': "import { read } from '../core/money';\nexport const a = read();\n",
      'src/functions/uses-excel.ts': "import { host } from '../excel/support';\nexport const b = host();\n",
      'src/core/uses-functions.ts': "import { a } from '../functions/ok';\nexport const c = a;\n",
    });
    expect(rules(results, 'src/functions/ok.ts')).toEqual([]);
    expect(rules(results, 'src/functions/uses-excel.ts')).toContain('import-x/no-restricted-paths');
    expect(rules(results, 'src/core/uses-functions.ts')).toContain('import-x/no-restricted-paths');
  });
});
