/** Text folding for matching headings, statuses and row labels typed in kk, ru or en. */

const KAZAKH_FOLD: Record<string, string> = {
  ң: 'н', ә: 'а', і: 'и', ө: 'о', ү: 'у', ұ: 'у', қ: 'к', ғ: 'г', һ: 'х', ё: 'е', й: 'и',
};
/** Latin look-alikes typed inside Cyrillic words (a Kazakh "i" typed as Latin i). */
const LATIN_IN_CYRILLIC: Record<string, string> = { i: 'и', a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', k: 'к', y: 'у' };

/**
 * Characters folded since the process started: an operation count the tests read to show that the
 * header and label searches cost what their texts are worth, whatever the sheet's strings weigh.
 */
export const textWork = { folded: 0 };

/**
 * Lower case, ё→е, Kazakh letters to their plain Cyrillic neighbours, punctuation to spaces,
 * spaces folded: "Жобаның АТАУЫ," and "жобанын атауы" fold to the same text.
 */
export function fold(s: string): string {
  textWork.folded += s.length;
  const lower = s.normalize('NFC').toLowerCase();
  let out = '';
  let word = '';
  let cyr = false;
  const flush = () => {
    if (!word) return;
    let w = '';
    if (cyr) for (const ch of word) w += LATIN_IN_CYRILLIC[ch] ?? ch;
    else w = word;
    out += (out ? ' ' : '') + w;
    word = '';
    cyr = false;
  };
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i];
    const c = lower.charCodeAt(i);
    if (c >= 0x400 && c <= 0x4ff) {
      word += KAZAKH_FOLD[ch] ?? ch;
      cyr = true;
    } else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || ch === '№' || ch === '%') word += ch;
    else if (c >= 0xc0 && isLetterOrDigit(ch)) word += ch;
    else flush();
  }
  flush();
  return out;
}

// Unicode property escapes are ES2018: made from a string so the custom functions' bundle still parses
// where Excel's JavaScript-only runtime knows ES2016 only; there a cased letter (Latin, Cyrillic, Kazakh),
// a CJK ideograph or a digit stands in for \p{L}\p{N} (src/functions/functions.ts).
const LETTER_OR_DIGIT: { test(ch: string): boolean } = (() => {
  try {
    return new RegExp('[\\p{L}\\p{N}]', 'u');
  } catch {
    return { test: (ch: string) => ch.toLowerCase() !== ch.toUpperCase() || /[0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(ch) };
  }
})();
function isLetterOrDigit(ch: string): boolean {
  return LETTER_OR_DIGIT.test(ch);
}

/** The cell as text for labels: strings trimmed, numbers as written, others empty. */
export function cellText(v: unknown): string {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  if (typeof v === 'number') return String(v);
  return '';
}

/**
 * A heading or a row's label is never longer than this. Longer texts are cut here before they are
 * folded or searched (labelText), so a sheet of huge strings costs what its labels are worth.
 */
export const LABEL_MAX = 500;

/**
 * The cell as a label: cellText, but a text longer than LABEL_MAX is cut to LABEL_MAX characters and
 * ends with "…" (it is then longer than any label, and matchers refuse it). Only the first 4 × LABEL_MAX
 * characters of a string are looked at.
 */
export function labelText(v: unknown): string {
  if (typeof v !== 'string') return cellText(v);
  const long = v.length > LABEL_MAX * 4;
  const t = cellText(long ? v.slice(0, LABEL_MAX * 4) : v);
  return !long && t.length <= LABEL_MAX ? t : t.slice(0, LABEL_MAX) + '…';
}

/** Does folded text contain the folded phrase as whole words? (No copy of the text is made.) */
export function hasPhrase(folded: string, phrase: string): boolean {
  if (!phrase) return false;
  const n = phrase.length;
  for (let i = folded.indexOf(phrase); i >= 0; i = folded.indexOf(phrase, i + 1)) {
    if ((i === 0 || folded.charCodeAt(i - 1) === 32) && (i + n === folded.length || folded.charCodeAt(i + n) === 32)) return true;
  }
  return false;
}

/** Does folded text contain a word starting with the stem (Kazakh and Russian case endings)? */
export function hasStem(folded: string, stem: string): boolean {
  if (!stem) return true;
  for (let i = folded.indexOf(stem); i >= 0; i = folded.indexOf(stem, i + 1)) {
    if (i === 0 || folded.charCodeAt(i - 1) === 32) return true;
  }
  return false;
}
