/** Dates as economists type them: Excel serials (1900 and 1904), "13.10.2025", "13 қазан 2025 ж.", "13 октября 2025 г.". */
import { isCellError, isoDate, serialToDate, type CellValue } from './grid';
import { fold } from './text';

export type DateResult =
  | { ok: true; iso: string; fromText: boolean }
  | { ok: false; reason: 'empty' | 'unreadable' | 'error'; text: string };

/** Month names folded (see text.fold), kk / ru (nominative and genitive) / en, as data. */
const MONTHS: Record<string, number> = {};
const MONTH_WORDS: string[][] = [
  ['каңтар', 'кантар', 'январь', 'января', 'january', 'jan'],
  ['акпан', 'февраль', 'февраля', 'february', 'feb'],
  ['наурыз', 'март', 'марта', 'march', 'mar'],
  ['сауир', 'апрель', 'апреля', 'april', 'apr'],
  ['мамыр', 'май', 'мая', 'may'],
  ['маусым', 'июнь', 'июня', 'june', 'jun'],
  ['шилде', 'июль', 'июля', 'july', 'jul'],
  ['тамыз', 'август', 'августа', 'august', 'aug'],
  ['кыркуиек', 'сентябрь', 'сентября', 'september', 'sep', 'sept'],
  ['казан', 'октябрь', 'октября', 'october', 'oct'],
  ['караша', 'ноябрь', 'ноября', 'november', 'nov'],
  ['желтоксан', 'декабрь', 'декабря', 'december', 'dec'],
];
MONTH_WORDS.forEach((ws, i) => ws.forEach((w) => (MONTHS[fold(w)] = i + 1)));

/** Words after a date that mean "year" ("ж.", "г.", "жыл", "года"). */
const YEAR_WORDS = new Set(['ж', 'жыл', 'жылы', 'г', 'год', 'года', 'y']);

function make(y: number, m: number, d: number): string | null {
  if (y < 100) y += y < 70 ? 2000 : 1900;
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 ? isoDate(dt) : null;
}

export function parseDate(v: CellValue, date1904 = false): DateResult {
  if (v === null || v === undefined) return { ok: false, reason: 'empty', text: '' };
  if (v instanceof Date) return isNaN(v.getTime()) ? { ok: false, reason: 'unreadable', text: '' } : { ok: true, iso: isoDate(v), fromText: false };
  if (isCellError(v)) return { ok: false, reason: 'error', text: v.error };
  if (typeof v === 'number') {
    // Plausible serials only (1950..2100): a bare year like 2025 is not a date.
    if (v >= 18264 && v < 73051) return { ok: true, iso: isoDate(serialToDate(Math.floor(v), date1904)), fromText: false };
    return { ok: false, reason: 'unreadable', text: String(v) };
  }
  if (typeof v !== 'string') return { ok: false, reason: 'unreadable', text: String(v) };
  const text = v.trim();
  if (!text) return { ok: false, reason: 'empty', text: '' };
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*(?:ж\.?|г\.?|жыл[а-яәіңғүұқөһ]*|года?))?$/i.exec(text);
  if (m) return done(make(Number(m[3]), Number(m[2]), Number(m[1])), text);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(text);
  if (m) return done(make(Number(m[1]), Number(m[2]), Number(m[3])), text);
  // "13 қазан 2025 ж.", "13 октября 2025 г.", "October 13, 2025", "2025 жылғы 13 қазан"
  const words = fold(text).split(' ');
  let day = 0, month = 0, year = 0;
  for (const w of words) {
    if (MONTHS[w] && !month) month = MONTHS[w];
    else if (/^\d{4}$/.test(w) && !year) year = Number(w);
    else if (/^\d{1,2}$/.test(w) && !day) day = Number(w);
    else if (/^\d{4}(ж|жылгы|жылы|г)$/.test(w) && !year) year = Number(w.slice(0, 4));
    else if (!YEAR_WORDS.has(w) && !/^жыл/.test(w) && w !== 'th' && w !== 'st' && w !== 'nd' && w !== 'rd') return { ok: false, reason: 'unreadable', text };
  }
  if (day && month && year) return done(make(year, month, day), text);
  return { ok: false, reason: 'unreadable', text };
}

function done(iso: string | null, text: string): DateResult {
  return iso ? { ok: true, iso, fromText: true } : { ok: false, reason: 'unreadable', text };
}

/**
 * Today as the user's calendar says it (local time), for the CLI and the task pane alike: in
 * Kazakhstan (UTC+5) the UTC date is still yesterday's until five in the morning.
 */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
