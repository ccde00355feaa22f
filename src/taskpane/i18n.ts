/**
 * The old path of the pane's words, now keys of the one catalogue (src/core/words/): kept only for
 * src/taskpane/ExportStep.tsx, which other work owns for the moment; elsewhere import '../core/words'.
 */
export { formatNumber, text as t } from '../core/words';
