/**
 * Office.js writer, rectangles: cells of equal number format or look grouped into rectangles, so a
 * sheet costs one call per rectangle, not one per cell; and a rectangle's A1 address.
 */
import { rangeAddress } from '../../core/grid/a1';

// ---------------------------------------------------------------------------------------------
// Grouping cells into rectangles (one call per rectangle, not per cell)

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  key: string;
}

/**
 * Rectangles of equal keys, built a row at a time: runs along each row, then runs of rows with the
 * same run (same columns, same key) stacked into one rectangle. A register's 100,000 data rows with
 * one look are one rectangle. Rows go in in order (`add`); `finish` gives every rectangle.
 */
export class RectGrouper {
  private done: Rect[] = [];
  private open = new Map<string, Rect>();
  private r = 0;

  /** The next row's keys (null: nothing there). */
  add(keys: readonly (string | null)[]): void {
    const r = this.r++;
    const next = new Map<string, Rect>();
    let c = 0;
    while (c < keys.length) {
      const k = keys[c];
      if (k === null) {
        c++;
        continue;
      }
      let e = c;
      while (e + 1 < keys.length && keys[e + 1] === k) e++;
      const id = `${c}:${e}:${k}`;
      const prev = this.open.get(id);
      if (prev && prev.r1 === r - 1) {
        prev.r1 = r;
        next.set(id, prev);
        this.open.delete(id);
      } else next.set(id, { r0: r, c0: c, r1: r, c1: e, key: k });
      c = e + 1;
    }
    for (const rect of this.open.values()) this.done.push(rect);
    this.open = next;
  }

  finish(): Rect[] {
    for (const rect of this.open.values()) this.done.push(rect);
    this.open = new Map();
    return this.done.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  }
}

/** Rectangles of equal keys over `rows` rows (RectGrouper in one go). */
export function groupRects(rows: number, keyAt: (r: number) => (string | null)[]): Rect[] {
  const g = new RectGrouper();
  for (let r = 0; r < rows; r++) g.add(keyAt(r));
  return g.finish();
}

/** The address of a 0-based rectangle ("B3", "A1:C9"). */
export function a1(r: { r0: number; c0: number; r1: number; c1: number }): string {
  return rangeAddress({ top: r.r0 + 1, left: r.c0 + 1, bottom: r.r1 + 1, right: r.c1 + 1 });
}

