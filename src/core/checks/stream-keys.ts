/**
 * Compact, exact structures for the checks that look at the whole register (duplicates, the median of
 * each currency) when a register of a million rows streams by: no string or Big per row kept alive,
 * typed arrays instead; every comparison still exact.
 */

/**
 * Strings interned to ids 0, 1, 2… in the order first met, stored as bytes (ASCII and Cyrillic one byte
 * per letter) in one growing buffer: a million folded project names take tens of megabytes, not hundreds.
 */
export class StringTable {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private starts = new Int32Array(1024);
  private lens = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048).fill(-1);
  private scratch = new Uint8Array(256);
  private units = new Uint16Array(256);
  private n = 0;
  /** Whether the last intern() or internFold() added its string. */
  added = false;

  get size(): number {
    return this.n;
  }

  /** The string's id; `added` says whether it was new. */
  intern(s: string): number {
    if (s.length > this.units.length) this.units = new Uint16Array(s.length + 16);
    const units = this.units;
    for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
    return this.internUnits(units, s.length);
  }

  /**
   * intern(foldKey(s)) without making the folded string (duplicates fold and intern every project's name):
   * the same id; -1, and nothing interned, when the text folds to nothing.
   */
  internFold(s: string): number {
    const n = foldUnits(s);
    return n === 0 ? -1 : this.internUnits(foldOut, n);
  }

  /** The id of the text in units[0, n). */
  private internUnits(units: Uint16Array, n: number): number {
    const len = this.encode(units, n);
    const buf = this.scratch;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.hashes[id] === h && this.lens[id] === len) {
        const at = this.starts[id];
        let same = true;
        for (let i = 0; i < len; i++) {
          if (this.bytes[at + i] !== buf[i]) {
            same = false;
            break;
          }
        }
        if (same) {
          this.added = false;
          return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = this.n++;
    if (id >= this.starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.lens = grow(this.lens);
      this.hashes = grow(this.hashes);
    }
    if (this.used + len > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len));
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    // A loop, not bytes.set(buf.subarray(…)): no view object made per string.
    const bytes = this.bytes, at = this.used;
    for (let i = 0; i < len; i++) bytes[at + i] = buf[i];
    this.starts[id] = at;
    this.lens[id] = len;
    this.hashes[id] = h;
    this.used += len;
    this.slots[slot] = id;
    if (this.n * 2 > this.slots.length) this.rehash();
    this.added = true;
    return id;
  }

  /** UTF-16 units as bytes: ASCII as is, U+0400–U+047E as 0x80–0xFE, anything else 0xFF and two bytes. Unambiguous. */
  private encode(units: Uint16Array, n: number): number {
    if (n * 3 > this.scratch.length) this.scratch = new Uint8Array(n * 3 + 16);
    const buf = this.scratch;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const u = units[i];
      if (u < 0x80) buf[k++] = u;
      else if (u >= 0x400 && u <= 0x47e) buf[k++] = 0x80 + (u - 0x400);
      else {
        buf[k++] = 0xff;
        buf[k++] = u >> 8;
        buf[k++] = u & 0xff;
      }
    }
    return k;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.n; id++) {
      let slot = this.hashes[id] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

/** A growing typed array: Int32Array or Float64Array, doubled when full. */
class GrowList<A extends Int32Array | Float64Array> {
  data: A;
  length = 0;
  constructor(private readonly make: (n: number) => A, capacity: number) {
    this.data = make(capacity);
  }
  private grow(index: number): void {
    let n = this.data.length * 2;
    while (n <= index) n *= 2;
    const b = this.make(n);
    b.set(this.data);
    this.data = b;
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length);
    this.data[this.length++] = v;
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) this.grow(i);
    this.data[i] = v;
    if (i >= this.length) this.length = i + 1;
  }
  /** The value at i; 0 past the end. */
  get(i: number): number {
    return i < this.length ? this.data[i] : 0;
  }
}

export class IntList extends GrowList<Int32Array> {
  constructor(capacity = 1024) {
    super((n) => new Int32Array(n), capacity);
  }
}

export class FloatList extends GrowList<Float64Array> {
  constructor(capacity = 1024) {
    super((n) => new Float64Array(n), capacity);
  }
}

// ---------------------------------------------------------------------------------------------
// fold() of text.ts, table-driven: the same text out (test/core/report/stream.test.ts compares them), several
// times faster, for the one fold every project row needs (its name, for duplicates).

const KAZAKH_FOLD: Record<string, string> = { ң: 'н', ә: 'а', і: 'и', ө: 'о', ү: 'у', ұ: 'у', қ: 'к', ғ: 'г', һ: 'х', ё: 'е', й: 'и' };
const LATIN_IN_CYRILLIC: Record<string, string> = { i: 'и', a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', k: 'к', y: 'у' };
/** Per UTF-16 unit: 0 a separator, else the unit a word keeps. */
const FOLD_UNIT = new Uint16Array(65536);
/** Per ASCII unit: its Cyrillic look-alike inside a Cyrillic word, else itself. */
const LOOKALIKE = new Uint16Array(128);
/**
 * Per UTF-16 unit of a plain text: its lower case, or 0 when the unit is not plain. Plain units are
 * Latin-1 and the Cyrillic block's letters (its combining marks U+0483–U+0489 aside) whose lower case is
 * one unit: each is its own NFC form and composes with none of the others, so a text made only of them
 * needs no normalize('NFC') and is lowered unit by unit (test/core/report/stream.test.ts checks every pair).
 */
export const PLAIN_LOWER = new Uint16Array(65536);
(() => {
  const letterOrDigit = /[\p{L}\p{N}]/u;
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    if (c >= 0x400 && c <= 0x4ff) FOLD_UNIT[c] = (KAZAKH_FOLD[ch] ?? ch).charCodeAt(0);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || ch === '№' || ch === '%') FOLD_UNIT[c] = c;
    else if (c >= 0xc0 && letterOrDigit.test(ch)) FOLD_UNIT[c] = c;
  }
  for (let c = 0; c < 128; c++) LOOKALIKE[c] = (LATIN_IN_CYRILLIC[String.fromCharCode(c)] ?? String.fromCharCode(c)).charCodeAt(0);
  for (let c = 1; c < 0x500; c++) {
    if ((c >= 0x100 && c < 0x400) || (c >= 0x483 && c <= 0x489)) continue;
    const lower = String.fromCharCode(c).toLowerCase();
    if (lower.length === 1) PLAIN_LOWER[c] = lower.charCodeAt(0);
  }
})();

/** Is every unit of the text plain (PLAIN_LOWER)? */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (PLAIN_LOWER[s.charCodeAt(i)] === 0) return false;
  return true;
}

/** foldUnits' output, reused by the next call. */
let foldOut = new Uint16Array(256);

/** foldKey(s) as UTF-16 units in foldOut; their count. */
function foldUnits(s: string): number {
  // Most names are plain (Kazakh, Russian, English): lowered here, unit by unit, with no normalize and no copy.
  const plain = isPlain(s);
  const lower = plain ? s : s.normalize('NFC').toLowerCase();
  const n = lower.length;
  // A folded text is never longer than the lowered one: a unit kept for each letter, a space for each gap.
  if (n > foldOut.length) foldOut = new Uint16Array(n + 16);
  const out = foldOut;
  let k = 0;
  let wordStart = -1;
  let cyr = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? (plain ? PLAIN_LOWER[lower.charCodeAt(i)] : lower.charCodeAt(i)) : 0;
    const u = i < n ? FOLD_UNIT[c] : 0;
    if (u !== 0) {
      if (wordStart < 0) {
        if (k) out[k++] = 32;
        wordStart = k;
      }
      if (c >= 0x400 && c <= 0x4ff) cyr = true;
      out[k++] = u;
    } else if (wordStart >= 0) {
      if (cyr) for (let j = wordStart; j < k; j++) if (out[j] < 128) out[j] = LOOKALIKE[out[j]];
      wordStart = -1;
      cyr = false;
    }
  }
  return k;
}

/** fold(s) of text.ts: lower case, Kazakh letters to their plain neighbours, Latin look-alikes in Cyrillic words, words joined by one space. */
export function foldKey(s: string): string {
  const n = foldUnits(s);
  let r = '';
  for (let i = 0; i < n; i += 4096) r += String.fromCharCode.apply(null, foldOut.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return r;
}
