/**
 * Words as data: every message of the core, the sheets, the pane and the CLI, in Kazakh, Russian and
 * English, under one key, filled from parameters. One catalogue per language (kk.ts, ru.ts, en.ts) with
 * the same keys — a missing key is a type error — and one `t()` that chooses plural forms with
 * `Intl.PluralRules`, so a count reads "1 проект, 2 проекта, 5 проектов" and "1 project, 2 projects".
 *
 * Pure TypeScript with no imports from the adapters or the front ends: the pane, the commands and the
 * CLI import it from here.
 */
import type { Catalogue, Key } from './catalogue';
import { en } from './en';
import { kk } from './kk';
import { ru } from './ru';
import type { Lang, Message, Params, Plural } from './types';

export type { Catalogue, Key } from './catalogue';
export { isLang, LANGS, type Lang, type Message, type Params, type Plural } from './types';
export { formatDate, formatFigure, formatNumber, formatRate } from './format';

export const CATALOGUES: { readonly [L in Lang]: Catalogue } = { kk, ru, en };

/** The languages as they name themselves (the pane's switch shows these whatever its language). */
export const LANG_NAMES: { readonly [L in Lang]: string } = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** Office's or the browser's language ("kk-KZ", "ru-RU", …) → ours; anything else reads English. */
export function langFromOffice(displayLanguage: string | null | undefined): Lang {
  const base = (displayLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'kk' || base === 'ru' || base === 'en' ? base : 'en';
}

const rules = new Map<Lang, Intl.PluralRules>();

/** The plural category of a number in a language: kk and en one / other; ru one / few / many / other. */
export function pluralCategory(n: number, lang: Lang): Intl.LDMLPluralRule {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r.select(n);
}

function pick(forms: Partial<Plural> & { other: string }, n: number, lang: Lang): string {
  const c = Number.isFinite(n) ? pluralCategory(n, lang) : 'other';
  return (c === 'one' || c === 'few' || c === 'many' ? forms[c] : undefined) ?? forms.other;
}

/** The count a plural chooses by: a number, or a string of one ("16", "1 234" as formatted). */
function countOf(v: Params[string]): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v.replace(/[\s\u00a0,]/g, ''));
  return NaN;
}

/** The end of the "{…}" that opens at `from` (balanced braces), or -1. */
function closing(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

const PLURAL_HEAD = /^\s*(\w+)\s*,\s*plural\s*,/;
const OPTION = /\s*(one|few|many|other)\s*\{/y;

/**
 * Fill "{name}" placeholders ("—" for a missing parameter, never "undefined"), and an inline plural
 * "{name, plural, one {# проект} few {# проекта} many {# проектов} other {# проекта}}" with its form.
 * A placeholder with no parameter of its own but a "<name>Key" that is a catalogue key is filled with
 * that message in the same language and from the same parameters (a reader's reason inside an input's
 * message: "{file}: … cannot be read: {reason}" with reasonKey "ratesFile.row.date").
 */
export function fill(template: string, params: Params = {}, lang: Lang = 'en'): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const end = closing(template, open);
    if (end < 0) break;
    out += template.slice(i, open);
    const inner = template.slice(open + 1, end);
    const head = PLURAL_HEAD.exec(inner);
    if (head) {
      const v = params[head[1]];
      const forms: Partial<Plural> = {};
      let j = head[0].length;
      OPTION.lastIndex = j;
      for (let m = OPTION.exec(inner); m; OPTION.lastIndex = j, m = OPTION.exec(inner)) {
        const close = closing(inner, OPTION.lastIndex - 1);
        if (close < 0) break;
        forms[m[1] as keyof Plural] = inner.slice(OPTION.lastIndex, close);
        j = close + 1;
      }
      const shown = v === null || v === undefined ? '—' : String(v);
      // # is the number; the parameter's text is put in after filling, so it is never read as a template
      out += pick({ other: '', ...forms }, countOf(v), lang).split('#').map((part) => fill(part, params, lang)).join(shown);
    } else if (/^\w+$/.test(inner)) {
      const v = params[inner];
      const nested = params[`${inner}Key`];
      if ((v === null || v === undefined) && typeof nested === 'string' && isKey(nested)) out += t(nested, lang, params);
      else out += v === null || v === undefined ? '—' : String(v);
    } else {
      out += template.slice(open, end + 1);
    }
    i = end + 1;
  }
  return out + template.slice(i);
}

function render(m: Message, lang: Lang, params: Params): string {
  return fill(typeof m === 'string' ? m : pick(m, countOf(params.count), lang), params, lang);
}

/** The message under a key in a language, filled from its parameters (plural forms by its "count"). */
export function t(key: Key, lang: Lang, params: Params = {}): string {
  const m = CATALOGUES[lang][key] as Message | undefined;
  return m === undefined ? key : render(m, lang, params);
}

/** Is there a message under this key? */
export function isKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * The message under a key made at run time (`status.${code}`, a finding's code): the key itself when
 * the catalogue has none, so a gap shows rather than hides.
 */
export function text(key: string, lang: Lang, params: Params = {}): string {
  return isKey(key) ? t(key, lang, params) : key;
}

/** The same message in several languages (bilingual headings): each once, one a line, or joined by `sep`. */
export function texts(key: string, langs: readonly Lang[], params?: Params, sep = '\n'): string {
  const seen: string[] = [];
  for (const l of langs) {
    const s = text(key, l, params);
    if (!seen.includes(s)) seen.push(s);
  }
  return seen.join(sep);
}
