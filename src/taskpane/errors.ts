/**
 * Every error the pane can meet, in words with what to do — never a stack, never alert(). A message
 * is kept as data (a function of the language), so switching the language re-words it.
 */
import { formatNumber, isKey, text as t, type Lang } from '../core/words';
import { MarksNotPlacedError } from '../excel/marks';
import { SheetTooLargeError } from '../excel/read';
import { SettingsSaveError } from '../excel/settings';
import { officeErrorCode } from '../excel/support';
import { CancelledError, InputProblem, WorkerStoppedError } from './base';
import { NbkBlockedError, NbkFailedError } from './rates';

export interface Worded {
  intent: 'error' | 'warning' | 'info' | 'success';
  text: (lang: Lang) => string;
}

export const worded = (intent: Worded['intent'], key: string, params: Record<string, string | number> = {}): Worded => ({ intent, text: (lang) => t(key, lang, params) });

function withHint(key: string, text: (lang: Lang) => string): (lang: Lang) => string {
  const hint = `hint.${key}`;
  return isKey(hint) ? (lang) => `${text(lang)} ${t(hint, lang)}` : text;
}

/** The error in words. Cancels are not errors: they come back as info. */
export function describeError(e: unknown): Worded {
  if (e instanceof CancelledError) return worded('info', 'progress.cancelled');
  if (e instanceof InputProblem) {
    const { key, params } = e;
    if (isKey(`input.${key}`)) return { intent: 'error', text: withHint(key, (lang) => t(`input.${key}`, lang, params)) };
    return worded('error', key, params);
  }
  if (e instanceof SheetTooLargeError) {
    return { intent: 'error', text: (lang) => t('error.tooLarge', lang, { sheet: e.sheet, address: e.address, cells: formatNumber(e.cells, lang), limit: formatNumber(e.limit, lang) }) };
  }
  if (e instanceof SettingsSaveError) return worded('warning', 'error.settingsNotSaved');
  if (e instanceof WorkerStoppedError) return worded('error', 'error.unknown', { messageKey: 'engine.stopped' });
  if (e instanceof MarksNotPlacedError) {
    const why = describeError(e.reason);
    return { intent: 'warning', text: (lang) => t('error.marksNotPlaced', lang, { reason: why.text(lang) }) };
  }
  if (e instanceof NbkBlockedError) return worded('warning', 'rates.blocked');
  if (e instanceof NbkFailedError) return worded('error', 'rates.failed', typeof e.reason === 'string' ? { reason: e.reason } : { ...e.reason.params, reasonKey: e.reason.key });
  const code = officeErrorCode(e);
  switch (code) {
    case 'InvalidOperationInCellEditMode':
      return worded('error', 'error.cellEdit');
    case 'AccessDenied':
      return worded('error', 'error.protected');
    case 'RequestPayloadSizeLimitExceeded':
    case 'ResponsePayloadSizeLimitExceeded':
      return worded('error', 'error.tooBig');
    case 'ApiNotFound':
      return worded('error', 'error.oldExcel');
  }
  if (code) return worded('error', 'error.office', { code });
  // One line, no stack: the first line of the message, shortened.
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
  return worded('error', 'error.unknown', { message });
}
