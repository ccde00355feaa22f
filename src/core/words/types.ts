/** The languages, a message's parameters and a message's shape: a leaf module (it imports nothing). */

export type Lang = 'kk' | 'ru' | 'en';
export const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];

export function isLang(s: unknown): s is Lang {
  return s === 'kk' || s === 'ru' || s === 'en';
}

export type Params = Record<string, string | number | null | undefined>;

/**
 * The forms of a message that says a number of things, chosen by `Intl.PluralRules` of the language
 * from the message's "count" parameter: Kazakh and English use one / other, Russian one / few / many
 * (1 проект, 2 проекта, 5 проектов; other is for fractions).
 */
export interface Plural {
  one: string;
  few?: string;
  many?: string;
  other: string;
}

/**
 * A message: a template with "{name}" placeholders, or plural forms. A template may also hold a plural
 * of its own for one of several numbers in it, as ICU writes it:
 * "{error, plural, one {# error} other {# errors}}" (# is the number).
 */
export type Message = string | Plural;
