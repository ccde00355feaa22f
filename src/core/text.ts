/** Text folding for matching headings, statuses and row labels typed in kk, ru or en. */

const KAZAKH_FOLD: Record<string, string> = {
  ң: 'н', ә: 'а', і: 'и', ө: 'о', ү: 'у', ұ: 'у', қ: 'к', ғ: 'г', һ: 'х', ё: 'е', й: 'и',
};
const CYRILLIC = /[\u0400-\u04ff]/;
/** Latin look-alikes typed inside Cyrillic words (a Kazakh "i" typed as Latin i). */
const LATIN_IN_CYRILLIC: Record<string, string> = { i: 'и', a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', k: 'к', y: 'у' };

/**
 * Lower case, ё→е, Kazakh letters to their plain Cyrillic neighbours, punctuation to spaces,
 * spaces folded: "Жобаның АТАУЫ," and "жобанын атауы" fold to the same text.
 */
export function fold(s: string): string {
  const lower = s.normalize('NFC').toLowerCase();
  let out = '';
  for (const word of lower.split(/[^\p{L}\p{N}№%]+/u)) {
    if (!word) continue;
    const cyr = CYRILLIC.test(word);
    let w = '';
    for (const ch of word) w += KAZAKH_FOLD[ch] ?? (cyr ? LATIN_IN_CYRILLIC[ch] ?? ch : ch);
    out += (out ? ' ' : '') + w;
  }
  return out;
}

/** The cell as text for labels: strings trimmed, numbers as written, others empty. */
export function cellText(v: unknown): string {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  if (typeof v === 'number') return String(v);
  return '';
}

/** Does folded text contain the folded phrase as whole words? */
export function hasPhrase(folded: string, phrase: string): boolean {
  if (!phrase) return false;
  const i = (' ' + folded + ' ').indexOf(' ' + phrase + ' ');
  return i >= 0;
}

/** Does folded text contain a word starting with the stem (Kazakh and Russian case endings)? */
export function hasStem(folded: string, stem: string): boolean {
  return (' ' + folded).includes(' ' + stem);
}
