/**
 * The old path of the words: the catalogues and `t()` are now src/core/words/. This re-export is kept
 * only for files that other work owns for the moment (src/core/changes.ts, src/cli/report-commands.ts,
 * src/taskpane/jobs.ts); import from './words' instead.
 */
export { fill, formatFigure, isLang, LANGS, type Lang, type Params } from './words';
