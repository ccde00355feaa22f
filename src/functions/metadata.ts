/**
 * The custom functions' metadata in Kazakh and Russian. custom-functions-metadata makes functions.json
 * from the JSDoc of functions.ts (English); Office reads one metadata file per locale, with the same
 * ids and localized names and descriptions of the functions and their parameters, chosen by the
 * manifest's bt:Override of the metadata URL (learn.microsoft.com/office/dev/add-ins/excel/custom-functions-localize).
 * The words come from the one catalogue (src/core/words, the fn.* block). Used by the build
 * (tools/functions-metadata.js) and the tests.
 */
import { isKey, t, type Lang } from '../core/words';

export interface MetadataParameter {
  name: string;
  description?: string;
  type?: string;
  optional?: boolean;
  dimensionality?: string;
}

export interface MetadataFunction {
  id: string;
  name: string;
  description?: string;
  parameters: MetadataParameter[];
  result?: unknown;
  options?: unknown;
}

export interface Metadata {
  functions: MetadataFunction[];
  [key: string]: unknown;
}

/** The locales the manifest serves a metadata file of its own to, and the file. */
export const METADATA_FILES: { lang: Lang; locale: string; file: string }[] = [
  { lang: 'en', locale: 'en-US', file: 'functions.json' },
  { lang: 'kk', locale: 'kk-KZ', file: 'functions.kk.json' },
  { lang: 'ru', locale: 'ru-RU', file: 'functions.ru.json' },
];

/** The catalogue's key of a parameter, by its name in functions.ts (fn.param.<name>). */
const PARAM_KEYS: Record<string, string> = { figure: 'text', currency: 'currency', heading: 'heading', language: 'language', date: 'date', rates: 'rates', amount: 'amount' };

/** The catalogue key of a parameter of a function: the currency of RATE/TOKZT/TOCNY is a code, AMOUNT's a heading too. */
function paramKey(fn: MetadataFunction, param: string): string {
  if (param === 'currency' && (fn.id === 'RATE' || fn.id === 'TOKZT' || fn.id === 'TOCNY')) return 'fn.param.code';
  const k = PARAM_KEYS[param];
  if (!k) throw new Error(`custom function ${fn.id}: parameter "${param}" has no words in the catalogue (fn.param.*)`);
  return `fn.param.${k}`;
}

/** The metadata with every function's and parameter's name and description in a language. */
export function localizeMetadata(en: Metadata, lang: Lang): Metadata {
  const w = (key: string) => {
    if (!isKey(key)) throw new Error(`custom functions' metadata: no words under ${key} in the catalogue (src/core/words)`);
    return t(key, lang);
  };
  return {
    ...en,
    functions: en.functions.map((fn) => ({
      ...fn,
      name: w(`fn.${fn.id}.name`),
      description: w(`fn.${fn.id}.description`),
      parameters: fn.parameters.map((p) => ({ ...p, name: w(paramKey(fn, p.name)), description: w(`${paramKey(fn, p.name)}.description`) })),
    })),
  };
}
