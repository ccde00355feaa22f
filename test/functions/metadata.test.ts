/**
 * The custom functions as Office registers them: functions.json made from the JSDoc of
 * src/functions/functions.ts by custom-functions-metadata (the generator run here, no build needed),
 * the Kazakh and Russian files with every function and parameter named and described from the words
 * catalogue, names Excel accepts, and a functions bundle that parses as ECMAScript 2016 — what Office
 * documents its JavaScript-only runtime supports on Windows before Office 2403 and in Office 2016–2021
 * (learn.microsoft.com/office/dev/add-ins/testing/runtimes, "JavaScript-only runtime").
 */
import { parse } from 'acorn';
import { buildFunctions, functionsMetadata } from '../../tools/functions-build';
import { CATALOGUES, t, type Key } from '../../src/core/words';
import { FUNCTIONS } from '../../src/functions/functions';
import * as localizer from '../../src/functions/metadata';
import { METADATA_FILES, type Metadata } from '../../src/functions/metadata';
import { PARAMETERS } from '../support/fake-excel-functions';

jest.setTimeout(180_000);

let files: Record<string, Metadata>;
beforeAll(async () => {
  const texts = await functionsMetadata(localizer);
  files = Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, JSON.parse(text) as Metadata]));
});

// What each function takes, as the issue states it: [name, type, optional].
const EXPECTED: Record<string, [string, string, boolean][]> = {
  AMOUNT: [['figure', 'any', false], ['currency', 'string', true]],
  'AMOUNT.WHY': [['figure', 'any', false], ['currency', 'string', true], ['language', 'string', true]],
  CURRENCY: [['figure', 'any', false], ['heading', 'string', true]],
  RATE: [['currency', 'string', false], ['date', 'any', false], ['rates', 'any', false]],
  TOKZT: [['amount', 'any', false], ['currency', 'string', false], ['date', 'any', false], ['rates', 'any', false]],
  TOCNY: [['amount', 'any', false], ['currency', 'string', false], ['date', 'any', false], ['rates', 'any', false]],
};

describe('functions.json (generated from the JSDoc)', () => {
  test('every function with its id, name and parameters; the ranges are matrices', () => {
    const en = files['functions.json'];
    expect(en.functions.map((f) => f.id)).toEqual(Object.keys(EXPECTED));
    for (const f of en.functions) {
      expect([f.id, f.parameters.map((p) => [p.name, p.type, p.optional === true])]).toEqual([f.id, EXPECTED[f.id]]);
      for (const p of f.parameters) if (p.name === 'rates') expect(p.dimensionality).toBe('matrix');
    }
  });

  test('the ids are the ones the code associates, and the in-memory Excel takes the same parameters', () => {
    const ids = files['functions.json'].functions.map((f) => f.id);
    expect(Object.keys(FUNCTIONS)).toEqual(ids);
    expect(Object.keys(PARAMETERS)).toEqual(ids);
    for (const f of files['functions.json'].functions) {
      expect([f.id, PARAMETERS[f.id].map((p) => p.optionalArg === true)]).toEqual([f.id, f.parameters.map((p) => p.optional === true)]);
      expect(FUNCTIONS[f.id].length).toBe(f.parameters.length);
    }
  });

  test('the English names and descriptions are the catalogue\'s (one source of words)', () => {
    for (const f of files['functions.json'].functions) {
      expect([f.id, f.name, f.description]).toEqual([f.id, t(`fn.${f.id}.name` as Key, 'en'), t(`fn.${f.id}.description` as Key, 'en')]);
    }
    // and each parameter's: the English file made through the catalogue is the generated one, word for word
    expect(localizer.localizeMetadata(files['functions.json'], 'en')).toEqual(files['functions.json']);
  });
});

describe('the Kazakh and Russian metadata', () => {
  test.each(METADATA_FILES.filter((m) => m.lang !== 'en'))('$file: every function and parameter localized, the rest as in functions.json', ({ file, lang }) => {
    const en = files['functions.json'];
    const loc = files[file];
    expect(loc.functions.map((f) => f.id)).toEqual(en.functions.map((f) => f.id));
    loc.functions.forEach((f, i) => {
      const e = en.functions[i];
      expect(f.name).toBe(CATALOGUES[lang][`fn.${f.id}.name` as Key]);
      expect(f.description).toBe(CATALOGUES[lang][`fn.${f.id}.description` as Key]);
      expect(f.description).not.toBe(e.description);
      expect(f.result).toEqual(e.result);
      expect(f.parameters.map((p) => [p.type, p.optional, p.dimensionality])).toEqual(e.parameters.map((p) => [p.type, p.optional, p.dimensionality]));
      for (const p of f.parameters) {
        expect(p.name.trim()).not.toBe('');
        expect(p.description).toMatch(/[\u0400-\u04ff]/);
      }
    });
  });

  test('names Excel accepts (a letter first, at least three characters, only letters, "_" and "."), unique in each language; ids A–Z, 0–9, "_", "."', () => {
    // learn.microsoft.com/office/dev/add-ins/excel/custom-functions-naming
    for (const m of METADATA_FILES) {
      const names = files[m.file].functions.map((f) => f.name);
      for (const n of names) expect([m.file, n, /^\p{L}[\p{L}_.]{2,}$/u.test(n)]).toEqual([m.file, n, true]);
      expect(new Set(names.map((n) => n.toUpperCase())).size).toBe(names.length);
      for (const f of files[m.file].functions) expect(f.id).toMatch(/^[A-Z][A-Z0-9_.]{2,}$/);
    }
    // the check can fail: digits, a leading period or a space are refused
    for (const bad of ['TO2KZT', '.AMOUNT', 'AM OUNT', 'AM']) expect(/^\p{L}[\p{L}_.]{2,}$/u.test(bad)).toBe(false);
  });

  test('the messages the functions give are plain strings (no plural forms: Intl.PluralRules, ES2017, is never reached)', () => {
    const keys = Object.keys(CATALOGUES.en).filter((k) => k.startsWith('fn.') || k.startsWith('ratesFile.') || ['finding.AMOUNT_UNREADABLE', 'finding.CELL_ERROR', 'finding.CURRENCY_UNKNOWN', 'finding.CURRENCY_AMBIGUOUS', 'finding.RATE_MISSING'].includes(k));
    expect(keys.length).toBeGreaterThan(30);
    for (const lang of ['kk', 'ru', 'en'] as const) for (const k of keys) expect([lang, k, typeof CATALOGUES[lang][k as Key]]).toEqual([lang, k, 'string']);
  });
});

describe('the functions bundle (tools/functions-build.js, as the add-in\'s build emits it)', () => {
  let bundle: Record<string, Buffer>;
  beforeAll(async () => {
    bundle = await buildFunctions('production', localizer);
  });

  const es2016 = (code: string) => parse(code, { ecmaVersion: 2016, sourceType: 'script' });

  test('functions.js parses as ECMAScript 2016', () => {
    expect(() => es2016(bundle['functions.js'].toString('utf8'))).not.toThrow();
  });

  test('the ES2016 parser refuses later syntax, so the test above can fail', () => {
    for (const later of ['async function f() {}', 'var o = { ...a };', 'var o = a?.b;', 'var o = a ?? b;', 'try {} catch {}', 'var n = 1n;', 'var r = /\\p{L}/u;', 'var r = /a/s;', 'class A { #x = 1 }']) {
      expect(() => es2016(later)).toThrow();
    }
  });

  test('it calls no built-in later than ES2016 (bigint, padStart, Object.entries/values, flat, matchAll, …)', () => {
    const code = bundle['functions.js'].toString('utf8');
    for (const name of ['BigInt', 'padStart', 'padEnd', 'Object.entries', 'Object.values', 'fromEntries', 'flatMap', '.flat(', 'matchAll', 'replaceAll', 'globalThis', 'trimStart', 'trimEnd', 'allSettled', 'WeakRef', 'getOwnPropertyDescriptors']) {
      expect([name, code.includes(name)]).toEqual([name, false]);
    }
  });

  test('the page loads Office\'s custom-functions runtime and the bundle; the metadata files come with it', () => {
    const page = bundle['functions.html'].toString('utf8');
    expect(page).toContain('<script src="https://appsforoffice.microsoft.com/lib/1/hosted/custom-functions-runtime.js"></script>');
    expect(page).toMatch(/<script src="functions\.js\?v=[0-9a-f]{8}"><\/script>/);
    expect([...page.matchAll(/<script\b/g)]).toHaveLength(2);
    for (const m of METADATA_FILES) expect(JSON.parse(bundle[m.file].toString('utf8'))).toEqual(files[m.file]);
  });
});
