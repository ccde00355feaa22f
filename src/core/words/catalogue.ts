/** The catalogue's keys (those of en.ts) and the type every language's catalogue has. */
import type { en } from './en';
import type { Message } from './types';

export type Key = keyof typeof en;

/** Every key, and no other: a language missing a key, or with one too many, does not compile. */
export type Catalogue = { readonly [K in Key]: Message };
