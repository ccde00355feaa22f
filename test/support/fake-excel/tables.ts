/**
 * The fake Excel, tables: names (workbook-wide, not a defined name's), ranges, style, banded
 * rows, rows added, deleted tables.
 */
import { formatText } from './display';
import { fail } from './errors';
import { intersects, isUnbounded, parseRef, type Rect, splitSheet } from './geometry';
import { ensureCell, type SheetM, type TableM, type WorkbookM } from './model';
import { FakeCollection, FakeObject } from './proxy';
import { FakeRange } from './range';
import { findSheet, liveSheet } from './worksheets';

const TABLE_NAME_RE = /^[\p{L}_\\][\p{L}\p{N}_.]*$/u;

export function allTables(wb: WorkbookM): TableM[] {
  return wb.sheets.flatMap((s) => s.tables);
}

function checkTableName(wb: WorkbookM, name: string, self: TableM | null): void {
  if (!TABLE_NAME_RE.test(name) || name.length > 255 || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name)) fail('InvalidArgument', `"${name}" is not a valid table name.`, 'Table.name');
  if (allTables(wb).some((t) => t !== self && t.name.toLowerCase() === name.toLowerCase()) || wb.names.has(name.toLowerCase())) fail('InvalidArgument', `A table or name "${name}" already exists.`, 'Table.name');
}

class FakeTable extends FakeObject<TableM> {
  readonly _type = 'Table';
  protected readonly _scalars = ['name', 'id', 'style', 'showHeaders', 'showTotals', 'showBandedRows', 'showBandedColumns', 'showFilterButton', 'highlightFirstColumn', 'highlightLastColumn'] as const;
  protected _read(t: TableM, prop: string): unknown {
    if (t.deleted) fail('ItemNotFound', 'The table was deleted.');
    if (prop in t) return (t as unknown as Record<string, unknown>)[prop];
    return false;
  }
  private put(prop: keyof TableM, v: unknown): void {
    this._set(prop, v, (t) => {
      if (t.deleted) fail('ItemNotFound', 'The table was deleted.');
      if (prop === 'name') checkTableName(this.context.host.model, String(v), t);
      (t as unknown as Record<string, unknown>)[prop] = v;
    });
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this.put('name', v);
  }
  get id(): string {
    return this._get('id');
  }
  get style(): string {
    return this._get('style');
  }
  set style(v: string) {
    this.put('style', v);
  }
  get showHeaders(): boolean {
    return this._get('showHeaders');
  }
  set showHeaders(v: boolean) {
    this.put('showHeaders', v);
  }
  get showTotals(): boolean {
    return this._get('showTotals');
  }
  set showTotals(v: boolean) {
    this.put('showTotals', v);
  }
  get showBandedRows(): boolean {
    return this._get('showBandedRows');
  }
  set showBandedRows(v: boolean) {
    this.put('showBandedRows', v);
  }
  get showBandedColumns(): boolean {
    return this._get('showBandedColumns');
  }
  set showBandedColumns(v: boolean) {
    this.put('showBandedColumns', v);
  }
  get showFilterButton(): boolean {
    return this._get('showFilterButton');
  }
  set showFilterButton(v: boolean) {
    this.put('showFilterButton', v);
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => ({ sheet: this._t().sheet, rect: this._t().rect }), false, ['getRange']);
  }
  getHeaderRowRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r1: t.rect.r0 } };
    }, false, ['getHeaderRowRange']);
  }
  getDataBodyRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: { ...t.rect, r0: Math.min(t.rect.r0 + 1, t.rect.r1) } };
    }, false, ['getDataBodyRange']);
  }
  delete(): void {
    this._call('delete', [], (t) => {
      t.deleted = true;
      t.sheet.tables = t.sheet.tables.filter((x) => x !== t);
    });
  }
}

export class FakeTables extends FakeCollection<{ wb: WorkbookM; sheet: SheetM | null }, FakeTable> {
  readonly _type = 'TableCollection';
  protected _list(o: { wb: WorkbookM; sheet: SheetM | null }): unknown[] {
    return o.sheet ? o.sheet.tables : allTables(o.wb);
  }
  protected _wrap(item: unknown): FakeTable {
    return new FakeTable(this.context, () => item as TableM);
  }
  private find(name: string): TableM | null {
    const k = name.toLowerCase();
    return this._list(this._owner()).map((t) => t as TableM).find((t) => t.name.toLowerCase() === k || t.id === name) ?? null;
  }
  getItem(name: string): FakeTable {
    return new FakeTable(this.context, () => this.find(name), false, ['getItem', name]);
  }
  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.context, () => this.find(name), true, ['getItemOrNullObject', name]);
  }
  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    let made: TableM | null = null;
    const p = new FakeTable(this.context, () => made);
    this.context.enqueue(['add', typeof address === 'string' ? address : '<range>', hasHeaders], () => {
      const o = this._owner();
      const wb = o.wb;
      let sheet: SheetM;
      let rect: Rect;
      if (typeof address === 'string') {
        const { sheet: name, ref } = splitSheet(address);
        // Without a sheet name the workbook collection uses the active sheet; a sheet's own collection, that sheet.
        const sh = name !== null ? findSheet(wb, name) : o.sheet ?? wb.active;
        if (!sh) fail('ItemNotFound', `No sheet for ${address}.`, 'TableCollection.add');
        sheet = sh;
        rect = parseRef(ref);
      } else {
        const t = address._t();
        sheet = t.sheet;
        rect = t.rect;
      }
      liveSheet(sheet);
      if (o.sheet && o.sheet !== sheet) fail('InvalidArgument', 'The range is not on this worksheet.', 'TableCollection.add');
      if (isUnbounded(rect)) fail('InvalidArgument', 'A table cannot span whole rows or columns.', 'TableCollection.add');
      if (!hasHeaders) fail('InvalidArgument', 'The fake Excel models only tables whose first row is the header (hasHeaders = true).', 'TableCollection.add');
      if (allTables(wb).some((t) => t.sheet === sheet && intersects(t.rect, rect))) fail('InvalidOperation', 'A table cannot overlap another table.', 'TableCollection.add');
      if (sheet.merges.some((m) => intersects(m, rect))) fail('InvalidOperation', 'A table cannot contain merged cells.', 'TableCollection.add');
      // Excel turns the header row into unique text names; empty headings become ColumnN.
      const seen = new Set<string>();
      for (let c = rect.c0; c <= rect.c1; c++) {
        const cell = ensureCell(sheet, rect.r0, c);
        let name = cell.v === undefined ? `Column${c - rect.c0 + 1}` : formatText(cell.v, cell.nf);
        let k = 2;
        const base = name;
        while (seen.has(name.toLowerCase())) name = `${base}${k++}`;
        seen.add(name.toLowerCase());
        delete cell.f;
        delete cell.bound;
        cell.v = name;
        delete cell.err;
      }
      wb.calc?.changed(sheet, { ...rect, r1: rect.r0 });
      let n = wb.nextTableId++;
      while (allTables(wb).some((t) => t.name.toLowerCase() === `table${n}`)) n = wb.nextTableId++;
      made = {
        id: String(n), name: `Table${n}`, sheet, rect, style: 'TableStyleMedium2',
        showHeaders: true, showTotals: false, showBandedRows: true, showBandedColumns: false, showFilterButton: true, deleted: false,
      };
      sheet.tables.push(made);
      p._bind();
    });
    return p;
  }
}
