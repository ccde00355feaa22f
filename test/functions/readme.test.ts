/**
 * The README's examples of the custom functions are true: each formula of the "Custom functions
 * (TIZILIM)" table — Kazakh, Russian and English — is put into the in-memory Excel (the functions
 * registered with its engine, the sample NBK rates on a rates sheet laid out as the tool writes it)
 * and must calculate to the result the README states. Localized names are taken back to their ids
 * through the kk/ru metadata, and ";" and decimal commas to the English syntax the fake reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNbkXml } from '../../src/core/rates/rates';
import { dateToSerial } from '../../src/core/grid/grid';
import { CATALOGUES, type Key } from '../../src/core/words';
// The add-in's custom functions in the fake's engine (before any workbook is made).
import '../support/fake-excel-functions';
import { createFakeWorkbook } from '../support/fake-excel';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const ctxOf = (c: unknown) => c as Excel.RequestContext;

function section(): string {
  const start = README.indexOf('### Custom functions (TIZILIM)');
  expect(start).toBeGreaterThan(0);
  const end = README.indexOf('\n### ', start + 10);
  return README.slice(start, end);
}

/** Outside string literals only. */
function outsideStrings(formula: string, f: (code: string) => string): string {
  return formula.split(/("(?:[^"]|"")*")/).map((part, i) => (i % 2 === 1 ? part : f(part))).join('');
}

const IDS = ['AMOUNT.WHY', 'AMOUNT', 'CURRENCY', 'RATE', 'TOKZT', 'TOCNY'];

/** A Kazakh or Russian formula as an English Excel takes it. */
function english(formula: string): string {
  return outsideStrings(formula, (code) => {
    let c = code;
    for (const lang of ['kk', 'ru'] as const) {
      c = c.split(`${CATALOGUES[lang]['fn.namespace']}.`).join('TIZILIM.');
      // longest names first: СОМА.СЕБЕБІ before СОМА
      const names = IDS.map((id) => [CATALOGUES[lang][`fn.${id}.name` as Key] as string, id]).sort((a, b) => b[0].length - a[0].length);
      for (const [name, id] of names) c = c.split(`TIZILIM.${name}(`).join(`TIZILIM.${id}(`);
    }
    if (c.includes(';')) c = c.replace(/(\d),(\d)/g, '$1.$2').replace(/;/g, ',');
    return c.replace(/ДАТА\(/g, 'DATE(').replace(/(Бағамдар|Курсы)!/g, 'Rates!');
  });
}

function expected(result: string, lang: 'kk' | 'ru' | 'en'): number | string {
  const r = result.replace(/\s*\([^)]*\)$/, '').trim();
  if (!/^-?[\d\s,.]+$/.test(r)) return r;
  return Number(lang === 'en' ? r.replace(/,/g, '') : r.replace(/\s/g, '').replace(',', '.'));
}

describe('README: the custom functions\' examples', () => {
  const rows = section().split('\n').filter((l) => l.startsWith('| `'));
  const examples: { formula: string; result: string; lang: 'kk' | 'ru' | 'en' }[] = [];
  for (const row of rows) {
    const cells = row.split(' | ');
    const formulas = [...cells[1].matchAll(/`(=[^`]+)`/g)].map((m) => m[1]);
    const results = cells[2].replace(/\s*\|\s*$/, '').split('<br>');
    expect(formulas).toHaveLength(3);
    expect(results).toHaveLength(3);
    formulas.forEach((formula, i) => examples.push({ formula, result: results[i], lang: (['kk', 'ru', 'en'] as const)[i] }));
  }

  test('every function has a Kazakh, a Russian and an English example', () => {
    expect(rows).toHaveLength(IDS.length);
    for (const id of IDS) {
      const name = (l: 'kk' | 'ru') => `${CATALOGUES[l]['fn.namespace']}.${CATALOGUES[l][`fn.${id}.name` as Key]}(`;
      const ofId = examples.filter((e) => english(e.formula).includes(`TIZILIM.${id}(`));
      expect([id, ofId.map((e) => e.lang)]).toEqual([id, ['kk', 'ru', 'en']]);
      expect(ofId[0].formula).toContain(name('kk'));
      expect(ofId[1].formula).toContain(name('ru'));
      expect(ofId[2].formula).toContain(`TIZILIM.${id}(`);
    }
  });

  test('each example calculates to the result the README states', async () => {
    const rates: (string | number)[][] = [['Күні', 'Валюта', 'Бағам', 'Саны', 'Көзі']];
    for (const d of ['09', '10', '11']) {
      const file = `nbk-2025-10-${d}.xml`;
      const p = parseNbkXml(fs.readFileSync(path.join(ROOT, 'samples', 'rates', file), 'utf8'), file);
      if (!p.ok) throw new Error(p.message);
      for (const r of p.rates) rates.push([dateToSerial(new Date(`${r.date}T00:00:00Z`)), r.currency, Number(r.quoted.toString()), r.quant, file]);
    }
    const fake = createFakeWorkbook({ Sheet1: { values: [[null]] }, Rates: { values: rates } });
    const got = await fake.run(async (c) => {
      const ws = ctxOf(c).workbook.worksheets.getItem('Sheet1');
      const range = ws.getRange(`A1:A${examples.length}`);
      range.formulas = examples.map((e) => [english(e.formula)]);
      await ctxOf(c).sync();
      range.load('values');
      await ctxOf(c).sync();
      return range.values.map((r) => r[0]);
    });
    expect(examples.map((e, i) => [e.formula, got[i]])).toEqual(examples.map((e) => [e.formula, expected(e.result, e.lang)]));
  });
});
