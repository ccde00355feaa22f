/**
 * The old path of the monthly report's words, now the catalogue's "report.*" keys (src/core/words/):
 * kept only for src/core/changes.ts and src/cli/report-commands.ts; elsewhere `t('report.…', lang)`.
 */
import { text, texts, type Lang, type Params } from './words';

export function rlabel(key: string, lang: Lang, params?: Params): string {
  return text(`report.${key}`, lang, params);
}

export function rlabels(key: string, langs: readonly Lang[], params?: Params, sep = '\n'): string {
  return texts(`report.${key}`, langs, params, sep);
}
