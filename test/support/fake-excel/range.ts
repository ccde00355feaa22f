/**
 * The fake Excel, ranges: Range (values, formulas, number formats, text, value types,
 * hyperlinks, merges, clear, used range, areas) over the model, with the typed-input rules of
 * input.ts. Known limits: `formulasLocal` reads the same as `formulas` (and `addressLocal` as
 * `address`) — a Kazakh or Russian Excel's ";" and localized function names are not modelled; formula
 * text reads back as written, but for references it rebinds (Excel normalises formulas); hyperlinks are
 * text (documentReference) and do not follow a renamed sheet, as in Excel.
 */
import { calcOf } from './calc';
import { formatText } from './display';
import { fail } from './errors';
import { fireSelectionChanged } from './events';
import { fakeQuirks } from './quirks';
import { FakeRangeFormat, type RangeT } from './format';
import { cellCount, intersects, isUnbounded, MAX_COLS, MAX_ROWS, parseRef, type Rect, rectAddress, splitSheet } from './geometry';
import { cellFormula, cellValue, clearContent, enterInput, valueType } from './input';
import { type CellM, ensureCell, type FakeHyperlink, forCells, getCell, hasContent, type SheetM, usedRect, type WorkbookM } from './model';
import { FakeCollection, FakeObject } from './proxy';
import { brokenInput, numberFormatCategory, shownNumberFormat } from './quirks';
import { FakeWorksheet, liveSheet } from './worksheets';

class FakeRangeCollection extends FakeCollection<{ sheet: SheetM; rects: Rect[] }, FakeRange> {
  readonly _type = 'RangeCollection';
  protected _list(o: { sheet: SheetM; rects: Rect[] }): unknown[] {
    return o.rects.map((rect) => ({ sheet: o.sheet, rect }));
  }
  protected _wrap(item: unknown): FakeRange {
    return new FakeRange(this.context, () => item as RangeT);
  }
}

export class FakeRangeAreas extends FakeObject<{ sheet: SheetM; rects: Rect[] }> {
  readonly _type = 'RangeAreas';
  protected readonly _scalars = ['address', 'addressLocal', 'areaCount', 'cellCount', 'isEntireColumn', 'isEntireRow'] as const;
  private _areas?: FakeRangeCollection;
  protected _read(t: { sheet: SheetM; rects: Rect[] }, prop: string): unknown {
    switch (prop) {
      case 'address':
      case 'addressLocal':
        return t.rects.map((r) => rectAddress(t.sheet.name, r)).join(', ');
      case 'areaCount': return t.rects.length;
      case 'cellCount': return t.rects.reduce((n, r) => n + cellCount(r), 0);
      case 'isEntireColumn': return t.rects.every((r) => r.r0 === 0 && r.r1 === MAX_ROWS - 1);
      case 'isEntireRow': return t.rects.every((r) => r.c0 === 0 && r.c1 === MAX_COLS - 1);
    }
    return undefined;
  }
  get areas(): FakeRangeCollection {
    return (this._areas ??= new FakeRangeCollection(this.context, () => this._t()));
  }
  protected override _nav(name: string) {
    return name === 'areas' ? this.areas : undefined;
  }
  get address(): string { return this._get('address'); }
  get addressLocal(): string { return this._get('addressLocal'); }
  get areaCount(): number { return this._get('areaCount'); }
  get cellCount(): number { return this._get('cellCount'); }
}

/** A 2D input: its rows must match the range; a single (non-array) value applies to every cell. */
function eachInput(rect: Rect, input: unknown, where: string, fn: (r: number, c: number, v: unknown) => void): void {
  const rows = rect.r1 - rect.r0 + 1;
  const cols = rect.c1 - rect.c0 + 1;
  if (!Array.isArray(input)) {
    if (isUnbounded(rect)) fail('InvalidArgument', 'Cell values cannot be set on a whole row or column.', where);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) fn(rect.r0 + r, rect.c0 + c, input);
    return;
  }
  if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols)) {
    fail('InvalidArgument', "The number of rows or columns in the input array doesn't match the size or dimensions of the range.", where);
  }
  for (let r = 0; r < rows; r++) {
    const row = input[r] as unknown[];
    for (let c = 0; c < cols; c++) fn(rect.r0 + r, rect.c0 + c, row[c]);
  }
}

/** Typed input into a rectangle: each formula bound (to the sheets there are now) as it is entered, in order. */
function enterInputs(wb: WorkbookM, sh: SheetM, rect: Rect, input: unknown, where: string): void {
  eachInput(rect, input, where, (r, c, x) => {
    if (x === null || x === undefined) return;
    const cell = ensureCell(sh, r, c);
    enterInput(cell, x, where);
    if (cell.f !== undefined) calcOf(wb).enterFormula(sh, r, c, cell);
  });
  wb.calc?.changed(sh, rect);
}

export function readGrid<V>(t: RangeT, fn: (cell: CellM | undefined) => V): V[][] | null {
  if (isUnbounded(t.rect)) return null;
  const out: V[][] = [];
  for (let r = t.rect.r0; r <= t.rect.r1; r++) {
    const row = t.sheet.rows.get(r);
    const line: V[] = new Array<V>(t.rect.c1 - t.rect.c0 + 1);
    for (let c = t.rect.c0; c <= t.rect.c1; c++) line[c - t.rect.c0] = fn(row?.[c]);
    out.push(line);
  }
  return out;
}

export class FakeRange extends FakeObject<RangeT> {
  readonly _type = 'Range';
  protected readonly _scalars = ['address', 'addressLocal', 'rowCount', 'columnCount', 'rowIndex', 'columnIndex', 'cellCount', 'values', 'formulas', 'formulasLocal', 'numberFormat', 'numberFormatCategories', 'text', 'valueTypes', 'hyperlink', 'isEntireColumn', 'isEntireRow'] as const;
  private _format?: FakeRangeFormat;
  private _sheet?: FakeWorksheet;

  protected _read(t: RangeT, prop: string): unknown {
    const sh = liveSheet(t.sheet);
    const r = t.rect;
    // Values are calculated when read (Excel's automatic calculation, done by the time a sync answers).
    if (prop === 'values' || prop === 'text' || prop === 'valueTypes') this.context.host.model.calc?.settle();
    switch (prop) {
      case 'address':
      case 'addressLocal':
        return rectAddress(sh.name, r);
      case 'rowCount': return r.r1 - r.r0 + 1;
      case 'columnCount': return r.c1 - r.c0 + 1;
      case 'rowIndex': return r.r0;
      case 'columnIndex': return r.c0;
      case 'cellCount': return cellCount(r);
      case 'isEntireColumn': return r.r0 === 0 && r.r1 === MAX_ROWS - 1;
      case 'isEntireRow': return r.c0 === 0 && r.c1 === MAX_COLS - 1;
      case 'values': return readGrid(t, cellValue);
      case 'formulas':
      case 'formulasLocal':
        return readGrid(t, cellFormula);
      case 'numberFormat': return readGrid(t, (c) => shownNumberFormat(this.context.host, c?.nf));
      case 'numberFormatCategories': return this.context.requireApi('1.12', 'Range.numberFormatCategories'), readGrid(t, (c) => numberFormatCategory(c?.nf));
      case 'text': return readGrid(t, (c) => (c && c.v !== undefined ? formatText(c.v, c.err ? undefined : c.nf) : ''));
      case 'valueTypes': return readGrid(t, valueType);
      case 'hyperlink': {
        const l = getCell(sh, r.r0, r.c0)?.link;
        return l ? { ...l } : null;
      }
    }
    return undefined;
  }
  protected override _nav(name: string) {
    if (name === 'format') return this.format;
    if (name === 'worksheet') return this.worksheet;
    return undefined;
  }

  get format(): FakeRangeFormat {
    return (this._format ??= new FakeRangeFormat(this.context, () => this._t()));
  }
  get worksheet(): FakeWorksheet {
    return (this._sheet ??= new FakeWorksheet(this.context, () => this._t().sheet));
  }

  get address(): string { return this._get('address'); }
  get addressLocal(): string { return this._get('addressLocal'); }
  get rowCount(): number { return this._get('rowCount'); }
  get columnCount(): number { return this._get('columnCount'); }
  get rowIndex(): number { return this._get('rowIndex'); }
  get columnIndex(): number { return this._get('columnIndex'); }
  get cellCount(): number { return this._get('cellCount'); }
  get isEntireColumn(): boolean { return this._get('isEntireColumn'); }
  get isEntireRow(): boolean { return this._get('isEntireRow'); }
  get text(): string[][] { return this._get('text'); }
  get valueTypes(): string[][] { return this._get('valueTypes'); }

  get values(): unknown[][] { return this._get('values'); }
  set values(v: unknown[][]) {
    this._set('values', v, (t) => {
      const sh = liveSheet(t.sheet);
      // Diagnostics' deliberately broken host drops a leading apostrophe (brokenInput).
      enterInputs(this.context.host.model, sh, t.rect, v.map((row) => row.map((x) => brokenInput(this.context.host, x))), 'Range.values');
    });
  }
  get formulas(): unknown[][] { return this._get('formulas'); }
  set formulas(v: unknown[][]) {
    this._set('formulas', v, (t) => {
      const sh = liveSheet(t.sheet);
      enterInputs(this.context.host.model, sh, t.rect, v, 'Range.formulas');
    });
  }
  get numberFormat(): string[][] { return this._get('numberFormat'); }
  get numberFormatCategories(): string[][] { return this._get('numberFormatCategories'); }
  set numberFormat(v: string[][]) {
    this._set('numberFormat', v, (t) => {
      const sh = liveSheet(t.sheet);
      const apply = (cell: CellM, x: unknown) => {
        if (x === null || x === undefined) return;
        const s = String(x);
        if (s === '' || s === 'General') delete cell.nf;
        else cell.nf = s;
      };
      if (!Array.isArray(v) && isUnbounded(t.rect)) {
        forCells(sh, t.rect, false, (cell) => apply(cell, v));
        return;
      }
      eachInput(t.rect, v, 'Range.numberFormat', (r, c, x) => {
        if (x === null || x === undefined) return;
        apply(ensureCell(sh, r, c), x);
      });
    });
  }
  get hyperlink(): FakeHyperlink { return this._get('hyperlink'); }
  set hyperlink(v: FakeHyperlink) {
    this._set('hyperlink', v, (t) => {
      const sh = liveSheet(t.sheet);
      if (isUnbounded(t.rect)) fail('InvalidArgument', 'A hyperlink cannot be set on a whole row or column.', 'Range.hyperlink');
      forCells(sh, t.rect, true, (cell) => {
        if (!v || (!v.address && !v.documentReference)) {
          delete cell.link;
          return;
        }
        cell.link = { ...v };
        // The cell shows textToDisplay when given, else keeps its value (or shows the target when empty).
        if (v.textToDisplay !== undefined) {
          clearContent(cell);
          cell.v = v.textToDisplay;
        } else if (!hasContent(cell)) cell.v = v.address ?? v.documentReference;
      });
      this.context.host.model.calc?.changed(sh, t.rect);
    });
  }

  getCell(row: number, column: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { r0: t.rect.r0 + row, c0: t.rect.c0 + column, r1: t.rect.r0 + row, c1: t.rect.c0 + column } };
    }, false, ['getCell', row, column]);
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const rect = { ...t.rect, r1: t.rect.r1 + deltaRows, c1: t.rect.c1 + deltaColumns };
      if (rect.r1 < rect.r0 || rect.c1 < rect.c0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) fail('InvalidArgument', 'The resized range is outside the sheet.', 'Range.getResizedRange');
      return { sheet: t.sheet, rect };
    }, false, ['getResizedRange', deltaRows, deltaColumns]);
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const rect = { r0: t.rect.r0 + rowOffset, r1: t.rect.r1 + rowOffset, c0: t.rect.c0 + columnOffset, c1: t.rect.c1 + columnOffset };
      if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) fail('InvalidArgument', 'The offset range is outside the sheet.', 'Range.getOffsetRange');
      return { sheet: t.sheet, rect };
    }, false, ['getOffsetRange', rowOffset, columnOffset]);
  }
  getRow(row: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r0: t.rect.r0 + row, r1: t.rect.r0 + row } };
    }, false, ['getRow', row]);
  }
  getColumn(column: number): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, c0: t.rect.c0 + column, c1: t.rect.c0 + column } };
    }, false, ['getColumn', column]);
  }
  getEntireColumn(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { r0: 0, r1: MAX_ROWS - 1, c0: t.rect.c0, c1: t.rect.c1 } };
    }, false, ['getEntireColumn']);
  }
  getEntireRow(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: MAX_COLS - 1 } };
    }, false, ['getEntireRow']);
  }
  getLastRow(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r0: t.rect.r1 } };
    }, false, ['getLastRow']);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: usedRect(t.sheet, !!valuesOnly, t.rect) ?? { r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0, c1: t.rect.c0 } };
    }, false, ['getUsedRange', !!valuesOnly]);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const r = usedRect(t.sheet, !!valuesOnly, t.rect);
      return r ? { sheet: t.sheet, rect: r } : null;
    }, true, ['getUsedRangeOrNullObject', !!valuesOnly]);
  }
  getIntersectionOrNullObject(other: FakeRange | string): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      const o = typeof other === 'string' ? parseRef(splitSheet(other).ref) : other._t().rect;
      if (!intersects(t.rect, o)) return null;
      return { sheet: t.sheet, rect: { r0: Math.max(t.rect.r0, o.r0), c0: Math.max(t.rect.c0, o.c0), r1: Math.min(t.rect.r1, o.r1), c1: Math.min(t.rect.c1, o.c1) } };
    }, true, ['getIntersectionOrNullObject', typeof other === 'string' ? other : '<range>']);
  }
  getMergedAreasOrNullObject(): FakeRangeAreas {
    return new FakeRangeAreas(this.context, () => {
      this.context.requireApi('1.13', 'Range.getMergedAreasOrNullObject');
      const t = this._t();
      const rects = t.sheet.merges.filter((m) => intersects(m, t.rect)).sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
      return rects.length ? { sheet: t.sheet, rects } : null;
    }, true, ['getMergedAreasOrNullObject']);
  }
  merge(across = false): void {
    this._call('merge', [across], (t) => {
      const sh = liveSheet(t.sheet);
      const pieces = across ? Array.from({ length: t.rect.r1 - t.rect.r0 + 1 }, (_, i) => ({ ...t.rect, r0: t.rect.r0 + i, r1: t.rect.r0 + i })) : [t.rect];
      for (const m of pieces) {
        if (cellCount(m) < 2) continue;
        if (sh.tables.some((tb) => intersects(tb.rect, m))) fail('InvalidOperation', 'Cells in a table cannot be merged.', 'Range.merge');
        sh.merges = sh.merges.filter((x) => !intersects(x, m));
        sh.merges.push({ ...m });
        // Only the upper-left value is kept.
        forCells(sh, m, false, (cell, r, c) => {
          if (r !== m.r0 || c !== m.c0) clearContent(cell);
        });
        this.context.host.model.calc?.changed(sh, m);
      }
    });
  }
  unmerge(): void {
    this._call('unmerge', [], (t) => {
      const sh = liveSheet(t.sheet);
      sh.merges = sh.merges.filter((m) => !intersects(m, t.rect));
    });
  }
  clear(applyTo: string = 'All'): void {
    this._call('clear', [applyTo], (t) => {
      const sh = liveSheet(t.sheet);
      forCells(sh, t.rect, false, (cell) => {
        if (applyTo === 'All' || applyTo === 'Contents') clearContent(cell);
        if (applyTo === 'All' || applyTo === 'Formats') {
          delete cell.nf;
          delete cell.look;
        }
        if (applyTo === 'All' || applyTo === 'Hyperlinks' || applyTo === 'RemoveHyperlinks') delete cell.link;
      });
      if (applyTo === 'All' || applyTo === 'Contents') this.context.host.model.calc?.changed(sh, t.rect);
    });
  }
  select(): void {
    this._call('select', [], (t) => {
      const wb = this.context.host.model;
      wb.active = liveSheet(t.sheet);
      t.sheet.selection = { ...t.rect };
      delete t.sheet.areas;
      if (!fakeQuirks(this.context.host).broken?.includes('select-event')) fireSelectionChanged(wb);
    });
  }
}
