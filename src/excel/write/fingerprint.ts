/**
 * Office.js writer, fingerprints: what a sheet held when the tool wrote it (a hash of its values and
 * formulas as Excel reads them back), kept in the sheet's mark, so that a sheet the user edited since
 * is noticed before it is written again. The keys it is stored under are here too.
 */

/** The worksheet custom property (or document property prefix before ExcelApi 1.12) holding the fingerprint. */
export const FINGERPRINT_KEY = 'tizilim.fingerprint';
export const DOC_FINGERPRINT_PREFIX = 'tizilim.fp.';

// ---------------------------------------------------------------------------------------------
// Fingerprints: what a sheet held when the tool wrote it

/**
 * How cells are read into a fingerprint. v1 (the marks of earlier versions) read formulas with their
 * sheet names; v2 leaves sheet qualifiers out of formulas, so a sheet whose formulas Excel rewrote
 * because a sheet they read was renamed (or deleted: "#REF!A1") is not taken for the user's edit.
 * Marks keep their version: a v1 mark is checked the v1 way.
 */
export type FingerprintVersion = 'v1' | 'v2';
export const FINGERPRINT_VERSION: FingerprintVersion = 'v2';

/** A 53-bit hash of a stream of strings (cyrb53's mixing; no crypto needed to notice an edit). */
export class Fingerprint {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  /** The extent of the non-empty cells (1-based last row and column). */
  rows = 0;
  cols = 0;

  constructor(readonly version: FingerprintVersion = FINGERPRINT_VERSION) {}

  private mix(s: string): void {
    let h1 = this.h1, h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** A cell's position, as two code units each (no string built per cell). */
  private mixAt(r: number, c: number): void {
    let h1 = this.h1, h2 = this.h2;
    for (const x of [r & 0xffff, r >>> 16, c & 0xffff, 0x10000 | (c >>> 16)]) {
      h1 = Math.imul(h1 ^ x, 2654435761);
      h2 = Math.imul(h2 ^ x, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** One cell (0-based) as Excel reads it back through `Range.formulas`; empty cells are skipped. */
  cell(r: number, c: number, v: unknown): void {
    const t = cellToken(v, this.version);
    if (t === null) return;
    this.mixAt(r, c);
    this.mix(t);
    if (r + 1 > this.rows) this.rows = r + 1;
    if (c + 1 > this.cols) this.cols = c + 1;
  }

  /** "v2:<rows>x<cols>:<hash>" (well under a custom property's 255 characters). */
  toString(): string {
    let h1 = this.h1, h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hash = (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
    return `${this.version}:${this.rows}x${this.cols}:${hash}`;
  }
}

/**
 * A formula's sheet qualifiers ('Тізілім'!, Sheet1!, and #REF! where a deleted sheet's name was),
 * outside its string literals. What a rename or a deletion of another sheet changes in a formula.
 */
const SHEET_QUALIFIER = /"(?:[^"]|"")*"|'(?:[^']|'')+'!|(?<![\p{L}\p{N}_.#])[\p{L}_][\p{L}\p{N}_.]*!|#REF!(?=\$?[A-Za-z]{1,3}\$?\d|\$?\d+:|\$?[A-Za-z]{1,3}:)/gu;

/**
 * A cell's value as the fingerprint sees it, the same whether it comes from the plan or from Excel:
 * numbers to Excel's 15 significant digits; text without a leading apostrophe (a quote prefix);
 * formulas (and text that starts with "=") without the quotes, "$" and spaces Excel may add or drop,
 * and (v2) without their sheet qualifiers.
 */
export function cellToken(v: unknown, version: FingerprintVersion = FINGERPRINT_VERSION): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? 'n' + Number(v.toPrecision(15)) : null;
  if (typeof v === 'boolean') return v ? 'b1' : 'b0';
  let s = String(v);
  if (s.startsWith("'")) s = s.slice(1);
  if (s === '') return null;
  if (s.startsWith('=')) {
    if (version !== 'v1') s = s.replace(SHEET_QUALIFIER, (m) => (m.startsWith('"') ? m : ''));
    return 'f' + s.replace(/[\s'$]/g, '').toUpperCase();
  }
  return 's' + s;
}

/** The stored mark: its version, the extent and the hash. */
export function parseFingerprint(s: string): { version: FingerprintVersion; rows: number; cols: number } | null {
  const m = /^(v1|v2):(\d+)x(\d+):[0-9a-f]+$/.exec(s);
  return m ? { version: m[1] as FingerprintVersion, rows: Number(m[2]), cols: Number(m[3]) } : null;
}
