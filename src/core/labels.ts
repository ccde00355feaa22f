/**
 * The old path of the sheets' words, now keys of the one catalogue (src/core/words/): kept only for
 * src/core/changes.ts and src/cli/report-commands.ts; elsewhere `t(key, lang)` of './words'.
 */
import { text, type Lang } from './words';

export function label(key: string, lang: Lang): string {
  return text(key, lang);
}
