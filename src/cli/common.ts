/** What every command of the CLI shares: its exit codes, its words, its language, and how a failure is told. */
import { isLang, t, type Key, type Lang, type Params } from '../core/words';
import { InputError } from '../core/grid/problems';
import { cleanUpSync } from '../xlsx/files';

/**
 * 0 done, no error finding; 1 error findings (the outputs are written, or export refused);
 * 2 an input or an option that cannot be used; 3 an unexpected error (a defect of the tool). 2 and 3 write nothing.
 */
export const EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_UNUSABLE = 2, EXIT_INTERNAL = 3;

/** A flag's value that cannot be used: exit 2 with the flag named. */
export class UsageError extends Error {}

/** The CLI's words are the catalogue's "cli.*" keys (src/core/words/). */
export type CliKey = Key extends infer X ? (X extends `cli.${infer K}` ? K : never) : never;

export function say(key: CliKey, lang: Lang, params: Params = {}): string {
  return t(`cli.${key}`, lang, params);
}

export function defaultLang(): Lang {
  const env = process.env.TIZILIM_LANG;
  return isLang(env) ? env : 'kk';
}

/** The language the command line asks for ("--lang en", "--lang=en"), for words said outside a command (a crash). */
export function langOfArgs(args: string[]): Lang {
  for (let i = 0; i < args.length; i++) {
    const v = args[i] === '--lang' ? args[i + 1] : args[i].startsWith('--lang=') ? args[i].slice(7) : undefined;
    if (isLang(v)) return v;
  }
  return defaultLang();
}

/**
 * A run that failed: its temporary files and the folders it made are removed, the failure is worded
 * for the user, and its exit code returned: 2 for an input or option that cannot be used, 3 for anything else.
 */
export function reportFailure(e: unknown, lang: Lang, err: (s: string) => void = console.error): number {
  cleanUpSync();
  if (e instanceof InputError) err(t(`input.${e.problem.key}`, lang, e.problem.params));
  else if (e instanceof UsageError) err(say('badOption', lang, { option: e.message }));
  else {
    err(say('unexpected', lang, { reason: e instanceof Error ? e.message : String(e) }));
    return EXIT_INTERNAL;
  }
  return EXIT_UNUSABLE;
}
