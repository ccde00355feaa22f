/**
 * The catalogue of findings is the one place a code, its severity, its message and its meaning are
 * declared: the README's table says what it says, every code has words in kk/ru/en, and the checks
 * raise nothing but what it declares, with its severity.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FINDING_CODES, FINDINGS, raise, severityOf, type FindingCode } from '../../../src/core/checks/findings';
import { severityText } from '../../../src/core/checks/findings-catalogue';
import { CATALOGUES, LANGS } from '../../../src/core/words';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The rows of the README's "### Finding codes" table: code, severity, meaning. */
function readmeTable(): { code: string; severity: string; meaning: string }[] {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = text.indexOf('\n### Finding codes\n');
  expect(at).toBeGreaterThan(0);
  const lines = text.slice(at).split('\n').slice(2);
  const table: string[] = [];
  for (const l of lines) {
    if (table.length === 0 && l.trim() === '') continue;
    if (!l.startsWith('|')) break;
    table.push(l);
  }
  expect(table[0]).toBe('| code | severity | meaning |');
  return table.slice(2).map((l) => {
    const cells = l.split('|').slice(1, -1).map((c) => c.trim());
    expect(cells).toHaveLength(3);
    return { code: cells[0].replace(/^`|`$/g, ''), severity: cells[1], meaning: cells[2] };
  });
}

test("the README's table lists exactly the catalogue's codes, in its order, with its severities and meanings", () => {
  const rows = readmeTable();
  expect(rows.map((r) => r.code)).toEqual(FINDING_CODES);
  for (const r of rows) {
    const code = r.code as FindingCode;
    expect({ code, severity: r.severity, meaning: r.meaning }).toEqual({ code, severity: severityText(code), meaning: FINDINGS[code].meaning });
  }
});

test('every code has a message in kk, ru and en, and an example', () => {
  expect(FINDING_CODES.length).toBe(23);
  for (const code of FINDING_CODES) {
    const spec = FINDINGS[code];
    const key = `finding.${spec.message}`;
    const words = Object.fromEntries(LANGS.map((l) => [l, (CATALOGUES[l] as Record<string, unknown>)[key]])) as Record<string, string>;
    for (const lang of LANGS) {
      expect(typeof words[lang]).toBe('string');
      expect(words[lang].trim().length).toBeGreaterThan(10);
    }
    // The three are not one text copied: Kazakh and Russian words differ from the English.
    expect(new Set(LANGS.map((l) => words[l])).size).toBe(3);
    expect(spec.example.length).toBeGreaterThan(5);
    expect(spec.meaning.length).toBeGreaterThan(10);
  }
  // No message left over for a code that is gone.
  for (const lang of LANGS) {
    const messages = Object.keys(CATALOGUES[lang]).filter((k) => k.startsWith('finding.')).map((k) => k.slice('finding.'.length));
    expect(messages.sort()).toEqual(FINDING_CODES.map((c) => FINDINGS[c].message).sort());
  }
});

test("a finding's severity is the catalogue's: fixed, or the field's for an empty cell", () => {
  expect(severityOf('CURRENCY_UNKNOWN', 'KZT')).toBe('error');
  expect(severityOf('CURRENCY_AMBIGUOUS', 'CNY')).toBe('warning');
  expect(severityOf('NUMBER_AS_TEXT', 'KZT')).toBe('info');
  expect(severityOf('MISSING_VALUE', 'name')).toBe('error');
  for (const field of ['KZT', 'CNY', 'value', 'date', 'status']) expect(severityOf('MISSING_VALUE', field)).toBe('warning');
  const f = raise('MISSING_VALUE', { sheet: 'S', cell: 'B7', row: 7, field: 'name', value: null });
  expect(f).toEqual({ code: 'MISSING_VALUE', severity: 'error', sheet: 'S', cell: 'B7', row: 7, field: 'name', value: null, params: {} });
  expect(Object.keys(f)).toEqual(['code', 'severity', 'sheet', 'cell', 'row', 'field', 'value', 'params']);
  // A code the catalogue does not declare does not compile (and, forced, has no severity to take).
  // @ts-expect-error: 'NOT_A_CODE' is not a FindingCode.
  expect(() => raise('NOT_A_CODE', { sheet: 'S', cell: null, row: null, field: null, value: null })).toThrow();
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') || p.endsWith('.tsx') ? [p] : [];
  });
}

test('no source builds a finding by hand: a catalogued code next to a severity appears only in the catalogue', () => {
  const codes = FINDING_CODES.join('|');
  const byHand = new RegExp(`code:\\s*'(${codes})'[^\\n]*severity:|severity:\\s*'(error|warning|info)'[^\\n]*'(${codes})'`);
  const named = new RegExp(`'(${codes})'`, 'g');
  const offenders: string[] = [];
  const seen = new Set<string>();
  for (const file of sources(path.join(ROOT, 'src'))) {
    if (file.endsWith('findings-catalogue.ts')) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (byHand.test(text)) offenders.push(path.relative(ROOT, file));
    for (const m of text.matchAll(named)) seen.add(m[1]);
  }
  expect(offenders).toEqual([]);
  // Every catalogued code is named by some source (a code no check raises would be a dead entry).
  expect(FINDING_CODES.filter((c) => !seen.has(c))).toEqual([]);
});
