/**
 * The fake Excel, formats and styles: a range's look (font, fill, borders, alignment, wrap,
 * widths and heights) kept as flat keys per cell, and RangeFormat with its children. Known limit:
 * `numberFormat` reads back verbatim as written; Excel may normalise a format code.
 */
import type { FakeRequestContext } from './context';
import { fail } from './errors';
import { isUnbounded, type Rect } from './geometry';
import { forCells, getCell, type Look, NO_LOOK, type SheetM, STANDARD_HEIGHT_PT, STANDARD_WIDTH_PT } from './model';
import { FakeObject } from './proxy';
import { liveSheet } from './worksheets';

export interface RangeT {
  sheet: SheetM;
  rect: Rect;
}

function lookKey(prop: string): string {
  return prop;
}

/** Set one look property on every cell of a rectangle, sharing the resulting looks. */
function setLook(sh: SheetM, rect: Rect, key: string, value: string | number | boolean, cells?: (r: number, c: number) => boolean): void {
  const cache = new Map<Look, Look>();
  forCells(sh, rect, true, (cell, r, c) => {
    if (cells && !cells(r, c)) return;
    const from = cell.look ?? NO_LOOK;
    let to = cache.get(from);
    if (!to) {
      to = Object.freeze({ ...from, [key]: value });
      cache.set(from, to);
    }
    cell.look = to;
  });
}

function readLook(sh: SheetM, rect: Rect, key: string, dflt: string | number | boolean | null, cells?: (r: number, c: number) => boolean): unknown {
  let first: unknown = undefined;
  let uniform = true;
  const visit = (v: unknown) => {
    if (first === undefined) first = v;
    else if (first !== v) uniform = false;
  };
  if (isUnbounded(rect)) {
    forCells(sh, rect, false, (cell, r, c) => {
      if (!cells || cells(r, c)) visit(cell.look?.[key] ?? dflt);
    });
    return first === undefined ? dflt : uniform ? first : null;
  }
  for (let r = rect.r0; r <= rect.r1 && uniform; r++) {
    for (let c = rect.c0; c <= rect.c1 && uniform; c++) {
      if (cells && !cells(r, c)) continue;
      visit(getCell(sh, r, c)?.look?.[key] ?? dflt);
    }
  }
  return first === undefined ? dflt : uniform ? first : null;
}

class FakeRangeFont extends FakeObject<RangeT> {
  readonly _type = 'RangeFont';
  protected readonly _scalars = ['bold', 'italic', 'size', 'color', 'name', 'underline', 'strikethrough'] as const;
  private static readonly DEFAULTS: Record<string, string | number | boolean> = { bold: false, italic: false, size: 11, color: '#000000', name: 'Calibri', underline: 'None', strikethrough: false };
  protected _read(t: RangeT, prop: string): unknown {
    return readLook(liveSheet(t.sheet), t.rect, 'font.' + prop, FakeRangeFont.DEFAULTS[prop] ?? null);
  }
  private put(prop: string, v: string | number | boolean): void {
    this._set(prop, v, (t) => setLook(liveSheet(t.sheet), t.rect, lookKey('font.' + prop), prop === 'color' ? normColor(String(v)) : v));
  }
  get bold(): boolean { return this._get('bold'); }
  set bold(v: boolean) { this.put('bold', v); }
  get italic(): boolean { return this._get('italic'); }
  set italic(v: boolean) { this.put('italic', v); }
  get size(): number { return this._get('size'); }
  set size(v: number) { this.put('size', v); }
  get color(): string { return this._get('color'); }
  set color(v: string) { this.put('color', v); }
  get name(): string { return this._get('name'); }
  set name(v: string) { this.put('name', v); }
  get underline(): string { return this._get('underline'); }
  set underline(v: string) { this.put('underline', v); }
  get strikethrough(): boolean { return this._get('strikethrough'); }
  set strikethrough(v: boolean) { this.put('strikethrough', v); }
}

const NAMED_COLORS: Record<string, string> = { black: '#000000', white: '#FFFFFF', red: '#FF0000', green: '#008000', blue: '#0000FF', yellow: '#FFFF00', gray: '#808080', grey: '#808080' };

function normColor(c: string): string {
  const named = NAMED_COLORS[c.toLowerCase()];
  if (named) return named;
  if (/^#[0-9a-f]{6}$/i.test(c)) return c.toUpperCase();
  fail('InvalidArgument', `"${c}" is not a colour.`, 'color');
}

/** Remove look keys from every existing cell of a rectangle (a cleared fill is no fill, not a white one). */
function unsetLook(sh: SheetM, rect: Rect, keys: string[]): void {
  forCells(sh, rect, false, (cell) => {
    if (!cell.look || !keys.some((k) => k in (cell.look as Look))) return;
    const next: Record<string, string | number | boolean> = { ...cell.look };
    for (const k of keys) delete next[k];
    cell.look = Object.keys(next).length ? Object.freeze(next) : undefined;
  });
}

class FakeRangeFill extends FakeObject<RangeT> {
  readonly _type = 'RangeFill';
  protected readonly _scalars = ['color', 'pattern'] as const;
  protected _read(t: RangeT, prop: string): unknown {
    if (prop === 'pattern') {
      // ExcelApi 1.9. A cell with a fill colour and no pattern set is "Solid"; no fill at all is "None".
      this.context.requireApi('1.9', 'RangeFill.pattern');
      const sh = liveSheet(t.sheet);
      let first: unknown = undefined;
      for (let r = t.rect.r0; r <= t.rect.r1; r++) {
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const look = getCell(sh, r, c)?.look;
          const v = look?.['fill.pattern'] ?? (look?.['fill.color'] !== undefined ? 'Solid' : 'None');
          if (first === undefined) first = v;
          else if (first !== v) return null;
        }
      }
      return first ?? 'None';
    }
    return readLook(liveSheet(t.sheet), t.rect, 'fill.' + prop, prop === 'color' ? '#FFFFFF' : 'None');
  }
  get color(): string { return this._get('color'); }
  set color(v: string) { this._set('color', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'fill.color', normColor(v))); }
  get pattern(): string { return this._get('pattern'); }
  set pattern(v: string) {
    this._set('pattern', v, (t) => {
      this.context.requireApi('1.9', 'RangeFill.pattern');
      if (v === 'None') unsetLook(liveSheet(t.sheet), t.rect, ['fill.color', 'fill.pattern']);
      else setLook(liveSheet(t.sheet), t.rect, 'fill.pattern', v);
    });
  }
  clear(): void {
    this._call('clear', [], (t) => unsetLook(liveSheet(t.sheet), t.rect, ['fill.color', 'fill.pattern']));
  }
}

const BORDER_INDEXES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal', 'DiagonalDown', 'DiagonalUp'] as const;

/** Which cell sides a border index touches, as (cell → side) pairs. */
function borderSides(index: string, rect: Rect): { side: string; cells: (r: number, c: number) => boolean }[] {
  switch (index) {
    case 'EdgeTop': return [{ side: 'top', cells: (r) => r === rect.r0 }];
    case 'EdgeBottom': return [{ side: 'bottom', cells: (r) => r === rect.r1 }];
    case 'EdgeLeft': return [{ side: 'left', cells: (_r, c) => c === rect.c0 }];
    case 'EdgeRight': return [{ side: 'right', cells: (_r, c) => c === rect.c1 }];
    case 'InsideHorizontal': return [{ side: 'top', cells: (r) => r > rect.r0 }, { side: 'bottom', cells: (r) => r < rect.r1 }];
    case 'InsideVertical': return [{ side: 'left', cells: (_r, c) => c > rect.c0 }, { side: 'right', cells: (_r, c) => c < rect.c1 }];
    case 'DiagonalDown': return [{ side: 'diagonalDown', cells: () => true }];
    case 'DiagonalUp': return [{ side: 'diagonalUp', cells: () => true }];
  }
  fail('InvalidArgument', `"${index}" is not a border index.`, 'RangeBorderCollection.getItem');
}

class FakeRangeBorder extends FakeObject<RangeT> {
  readonly _type = 'RangeBorder';
  protected readonly _scalars = ['sideIndex', 'style', 'color', 'weight'] as const;
  constructor(ctx: FakeRequestContext, resolve: () => RangeT, private readonly index: string) {
    super(ctx, resolve);
  }
  protected _read(t: RangeT, prop: string): unknown {
    if (prop === 'sideIndex') return this.index;
    const [first] = borderSides(this.index, t.rect);
    const dflt = prop === 'style' ? 'None' : prop === 'color' ? '#000000' : 'Thin';
    return readLook(liveSheet(t.sheet), t.rect, `border.${first.side}.${prop}`, dflt, first.cells);
  }
  private put(prop: string, v: string): void {
    this._set(prop, v, (t) => {
      for (const s of borderSides(this.index, t.rect)) setLook(liveSheet(t.sheet), t.rect, `border.${s.side}.${prop}`, prop === 'color' ? normColor(v) : v, s.cells);
    });
  }
  get sideIndex(): string { return this._get('sideIndex'); }
  get style(): string { return this._get('style'); }
  set style(v: string) { this.put('style', v); }
  get color(): string { return this._get('color'); }
  set color(v: string) { this.put('color', v); }
  get weight(): string { return this._get('weight'); }
  set weight(v: string) { this.put('weight', v); }
}

class FakeRangeBorders {
  readonly _type = 'RangeBorderCollection';
  constructor(readonly context: FakeRequestContext, private readonly owner: () => RangeT) {}
  getItem(index: string): FakeRangeBorder {
    if (!(BORDER_INDEXES as readonly string[]).includes(index)) fail('InvalidArgument', `"${index}" is not a border index.`);
    return new FakeRangeBorder(this.context, this.owner, index);
  }
  _snapshot(): void {}
  load(): this {
    return this;
  }
}

export class FakeRangeFormat extends FakeObject<RangeT> {
  readonly _type = 'RangeFormat';
  protected readonly _scalars = ['columnWidth', 'rowHeight', 'wrapText', 'horizontalAlignment', 'verticalAlignment', 'indentLevel', 'useStandardWidth', 'useStandardHeight'] as const;
  private _font?: FakeRangeFont;
  private _fill?: FakeRangeFill;
  private _borders?: FakeRangeBorders;
  protected _read(t: RangeT, prop: string): unknown {
    const sh = liveSheet(t.sheet);
    switch (prop) {
      case 'columnWidth': {
        let w: number | null | undefined;
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const x = sh.colWidths.get(c) ?? STANDARD_WIDTH_PT;
          if (w === undefined) w = x;
          else if (w !== x) return null;
          if (c - t.rect.c0 > 1000) break;
        }
        return w ?? STANDARD_WIDTH_PT;
      }
      case 'rowHeight': {
        let h: number | null | undefined;
        for (let r = t.rect.r0; r <= Math.min(t.rect.r1, t.rect.r0 + 1000); r++) {
          const x = sh.rowHeights.get(r) ?? STANDARD_HEIGHT_PT;
          if (h === undefined) h = x;
          else if (h !== x) return null;
        }
        return h ?? STANDARD_HEIGHT_PT;
      }
      case 'useStandardWidth': return [...sh.colWidths.keys()].every((c) => c < t.rect.c0 || c > t.rect.c1);
      case 'useStandardHeight': return [...sh.rowHeights.keys()].every((r) => r < t.rect.r0 || r > t.rect.r1);
      case 'wrapText': return readLook(sh, t.rect, 'wrapText', false);
      case 'horizontalAlignment': return readLook(sh, t.rect, 'horizontalAlignment', 'General');
      case 'verticalAlignment': return readLook(sh, t.rect, 'verticalAlignment', 'Bottom');
      case 'indentLevel': return readLook(sh, t.rect, 'indentLevel', 0);
    }
    return undefined;
  }
  protected override _nav(name: string) {
    if (name === 'font') return this.font;
    if (name === 'fill') return this.fill;
    return undefined;
  }
  get font(): FakeRangeFont {
    return (this._font ??= new FakeRangeFont(this.context, () => this._t()));
  }
  get fill(): FakeRangeFill {
    return (this._fill ??= new FakeRangeFill(this.context, () => this._t()));
  }
  get borders(): FakeRangeBorders {
    return (this._borders ??= new FakeRangeBorders(this.context, () => this._t()));
  }
  get columnWidth(): number { return this._get('columnWidth'); }
  set columnWidth(v: number) {
    this._set('columnWidth', v, (t) => {
      if (!(v >= 0)) fail('InvalidArgument', 'A column width must be a non-negative number.', 'RangeFormat.columnWidth');
      for (let c = t.rect.c0; c <= t.rect.c1; c++) liveSheet(t.sheet).colWidths.set(c, v);
    });
  }
  get rowHeight(): number { return this._get('rowHeight'); }
  set rowHeight(v: number) {
    this._set('rowHeight', v, (t) => {
      if (!(v >= 0 && v <= 409)) fail('InvalidArgument', 'A row height must be between 0 and 409 points.', 'RangeFormat.rowHeight');
      if (t.rect.r1 - t.rect.r0 > 100000) fail('InvalidArgument', 'The fake Excel sets heights of at most 100,000 rows at once.', 'RangeFormat.rowHeight');
      for (let r = t.rect.r0; r <= t.rect.r1; r++) liveSheet(t.sheet).rowHeights.set(r, v);
    });
  }
  /** ExcelApi 1.2: only `true` does anything (the columns go back to the sheet's standard width). */
  get useStandardWidth(): boolean { return this._get('useStandardWidth'); }
  set useStandardWidth(v: boolean) {
    this._set('useStandardWidth', v, (t) => {
      this.context.requireApi('1.2', 'RangeFormat.useStandardWidth');
      const sh = liveSheet(t.sheet);
      if (v) for (const c of [...sh.colWidths.keys()]) if (c >= t.rect.c0 && c <= t.rect.c1) sh.colWidths.delete(c);
    });
  }
  get useStandardHeight(): boolean { return this._get('useStandardHeight'); }
  set useStandardHeight(v: boolean) {
    this._set('useStandardHeight', v, (t) => {
      this.context.requireApi('1.2', 'RangeFormat.useStandardHeight');
      const sh = liveSheet(t.sheet);
      if (v) for (const r of [...sh.rowHeights.keys()]) if (r >= t.rect.r0 && r <= t.rect.r1) sh.rowHeights.delete(r);
    });
  }
  get wrapText(): boolean { return this._get('wrapText'); }
  set wrapText(v: boolean) { this._set('wrapText', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'wrapText', v)); }
  get horizontalAlignment(): string { return this._get('horizontalAlignment'); }
  set horizontalAlignment(v: string) { this._set('horizontalAlignment', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'horizontalAlignment', v)); }
  get verticalAlignment(): string { return this._get('verticalAlignment'); }
  set verticalAlignment(v: string) { this._set('verticalAlignment', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'verticalAlignment', v)); }
  get indentLevel(): number { return this._get('indentLevel'); }
  set indentLevel(v: number) { this._set('indentLevel', v, (t) => setLook(liveSheet(t.sheet), t.rect, 'indentLevel', v)); }
  autofitColumns(): void {
    this._call('autofitColumns', [], () => undefined);
  }
  autofitRows(): void {
    this._call('autofitRows', [], () => undefined);
  }
}
