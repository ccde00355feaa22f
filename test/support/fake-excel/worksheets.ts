/**
 * The fake Excel, worksheets: the collection (add, names, order, visibility), freeze panes,
 * worksheet custom properties, page layout and the Worksheet itself. Documented: a worksheet's id kept
 * through renames and moves ("Work with worksheets using the Excel JavaScript API"); a worksheet custom
 * property key over 255 characters an InvalidArgument (WorksheetCustomPropertyCollection.add); a
 * VeryHidden sheet cannot be deleted (Worksheet.delete). Known limit: a worksheet custom property's
 * value has no length limit here (none is documented).
 */
import { FakeCharts } from './charts';
import { fail } from './errors';
import { colLetters, MAX_COLS, MAX_ROWS, parseRef, rectA1, splitSheet } from './geometry';
import { newSheet, type SheetM, STANDARD_HEIGHT_PT, usedRect, type WorkbookM } from './model';
import { FakeNoteCollection } from './notes';
import { FakeCollection, FakeObject } from './proxy';
import { FakeRange } from './range';
import { FakeTables } from './tables';

const BAD_SHEET_CHARS = /[[\]:*?/\\]/;

export function checkSheetName(wb: WorkbookM, name: string, self: SheetM | null): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 31 || BAD_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history') {
    fail('InvalidArgument', `The sheet name "${name}" is not valid.`, 'Worksheet.name');
  }
  const clash = wb.sheets.find((s) => s !== self && s.name.toLowerCase() === name.toLowerCase());
  if (clash) fail('ItemAlreadyExists', `A sheet named "${name}" already exists.`, 'Worksheet.name');
}

export function findSheet(wb: WorkbookM, key: string): SheetM | null {
  const k = key.toLowerCase();
  return wb.sheets.find((s) => s.name.toLowerCase() === k || s.id.toLowerCase() === k) ?? null;
}

export function liveSheet(sh: SheetM): SheetM {
  if (sh.deleted) fail('ItemNotFound', 'The worksheet was deleted.', 'Worksheet');
  return sh;
}

export class FakeWorksheets extends FakeCollection<WorkbookM, FakeWorksheet> {
  readonly _type = 'WorksheetCollection';
  protected _list(wb: WorkbookM): unknown[] {
    return wb.sheets;
  }
  protected _wrap(item: unknown): FakeWorksheet {
    return new FakeWorksheet(this.context, () => item as SheetM);
  }
  getItem(key: string): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => findSheet(wb, key), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => findSheet(wb, key), true, ['getItemOrNullObject', key]);
  }
  getActiveWorksheet(): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => wb.active, false, ['getActiveWorksheet']);
  }
  getFirst(visibleOnly?: boolean): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => wb.sheets.find((s) => !visibleOnly || s.visibility === 'Visible') ?? null, false, ['getFirst']);
  }
  getLast(visibleOnly?: boolean): FakeWorksheet {
    const wb = this.context.host.model;
    return new FakeWorksheet(this.context, () => [...wb.sheets].reverse().find((s) => !visibleOnly || s.visibility === 'Visible') ?? null, false, ['getLast']);
  }
  add(name?: string): FakeWorksheet {
    const wb = this.context.host.model;
    let created: SheetM | null = null;
    const p = new FakeWorksheet(this.context, () => created, false);
    this.context.enqueue(['add', name ?? null], () => {
      let n = name;
      if (n === undefined || n === null) {
        let i = wb.sheets.length + 1;
        while (findSheet(wb, `Sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      checkSheetName(wb, n, null);
      created = newSheet(wb, n);
      wb.sheets.push(created);
      wb.calc?.addSheet(created);
      p._bind();
    });
    return p;
  }
}

class FakeFreezePanes extends FakeObject<SheetM> {
  readonly _type = 'WorksheetFreezePanes';
  protected readonly _scalars = [] as const;
  protected _read(): unknown {
    return undefined;
  }
  freezeRows(count = 1): void {
    this._call('freezeRows', [count], (sh) => (liveSheet(sh).freeze = count > 0 ? { rows: count, cols: 0 } : null));
  }
  freezeColumns(count = 1): void {
    this._call('freezeColumns', [count], (sh) => (liveSheet(sh).freeze = count > 0 ? { rows: 0, cols: count } : null));
  }
  freezeAt(frozenRange: FakeRange | string): void {
    const arg = typeof frozenRange === 'string' ? frozenRange : '<range>';
    this._call('freezeAt', [arg], (sh) => {
      const rect = typeof frozenRange === 'string' ? parseRef(splitSheet(frozenRange).ref) : frozenRange._t().rect;
      liveSheet(sh).freeze = { rows: rect.r1 + 1, cols: rect.c1 + 1 };
    });
  }
  unfreeze(): void {
    this._call('unfreeze', [], (sh) => (liveSheet(sh).freeze = null));
  }
  getLocationOrNullObject(): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = this._t();
      const f = sh.freeze;
      if (!f) return null;
      return { sheet: sh, rect: { r0: 0, c0: 0, r1: Math.max(f.rows, 1) - 1, c1: Math.max(f.cols, 1) - 1 } };
    }, true, ['getLocationOrNullObject']);
  }
}

class FakeWorksheetCustomProperty extends FakeObject<{ sheet: SheetM; key: string }> {
  readonly _type = 'WorksheetCustomProperty';
  protected readonly _scalars = ['key', 'value'] as const;
  protected _read(t: { sheet: SheetM; key: string }, prop: string): unknown {
    const p = t.sheet.customProps.get(t.key.toLowerCase());
    if (!p) fail('ItemNotFound', 'The custom property does not exist.');
    return prop === 'key' ? p.key : p.value;
  }
  get key(): string {
    return this._get('key');
  }
  get value(): string {
    return this._get('value');
  }
  set value(v: string) {
    this._set('value', v, (t) => {
      const p = t.sheet.customProps.get(t.key.toLowerCase());
      if (p) p.value = String(v);
    });
  }
  delete(): void {
    this._call('delete', [], (t) => t.sheet.customProps.delete(t.key.toLowerCase()));
  }
}

class FakeWorksheetCustomProperties extends FakeCollection<SheetM, FakeWorksheetCustomProperty> {
  readonly _type = 'WorksheetCustomPropertyCollection';
  protected _list(sh: SheetM): unknown[] {
    this.context.requireApi('1.12', 'Worksheet.customProperties');
    return [...sh.customProps.values()].map((p) => ({ sheet: sh, key: p.key }));
  }
  protected _wrap(item: unknown): FakeWorksheetCustomProperty {
    const it = item as { sheet: SheetM; key: string };
    return new FakeWorksheetCustomProperty(this.context, () => it);
  }
  add(key: string, value: string): FakeWorksheetCustomProperty {
    let sheet: SheetM | null = null;
    this.context.enqueue(['add', key, value], () => {
      this.context.requireApi('1.12', 'WorksheetCustomPropertyCollection.add');
      sheet = liveSheet(this._owner());
      if (!key || key.length > 255) fail('InvalidArgument', 'The custom property key is invalid.');
      sheet.customProps.set(key.toLowerCase(), { key, value: String(value) });
    });
    return new FakeWorksheetCustomProperty(this.context, () => (sheet ? { sheet, key } : null));
  }
  private find(key: string): { sheet: SheetM; key: string } | null {
    this.context.requireApi('1.12', 'WorksheetCustomPropertyCollection.getItem');
    const sh = liveSheet(this._owner());
    const p = sh.customProps.get(key.toLowerCase());
    return p ? { sheet: sh, key: p.key } : null;
  }
  getItem(key: string): FakeWorksheetCustomProperty {
    return new FakeWorksheetCustomProperty(this.context, () => this.find(key), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeWorksheetCustomProperty {
    return new FakeWorksheetCustomProperty(this.context, () => this.find(key), true, ['getItemOrNullObject', key]);
  }
}

class FakePageLayout extends FakeObject<SheetM> {
  readonly _type = 'PageLayout';
  protected readonly _scalars = ['orientation', 'zoom', 'centerHorizontally', 'centerVertically', 'printGridlines', 'printHeadings', 'paperSize', 'printOrder', 'blackAndWhite', 'draftMode', 'firstPageNumber', 'printComments', 'printErrors', 'leftMargin', 'rightMargin', 'topMargin', 'bottomMargin', 'headerMargin', 'footerMargin'] as const;
  protected _read(sh: SheetM, prop: string): unknown {
    this.context.requireApi('1.9', 'Worksheet.pageLayout');
    return sh.pageLayout[prop] ?? null;
  }
  private put(prop: string, v: unknown): void {
    this._set(prop, v, (sh) => {
      this.context.requireApi('1.9', `PageLayout.${prop}`);
      liveSheet(sh).pageLayout[prop] = v;
    });
  }
  get orientation(): string {
    return this._get('orientation');
  }
  set orientation(v: string) {
    this.put('orientation', v);
  }
  get zoom(): Record<string, number> {
    return this._get('zoom');
  }
  set zoom(v: Record<string, number>) {
    this.put('zoom', v);
  }
  get centerHorizontally(): boolean {
    return this._get('centerHorizontally');
  }
  set centerHorizontally(v: boolean) {
    this.put('centerHorizontally', v);
  }
  get paperSize(): string {
    return this._get('paperSize');
  }
  set paperSize(v: string) {
    this.put('paperSize', v);
  }
  get printGridlines(): boolean {
    return this._get('printGridlines');
  }
  set printGridlines(v: boolean) {
    this.put('printGridlines', v);
  }
  setPrintTitleRows(rows: FakeRange | string): void {
    this._call('setPrintTitleRows', [typeof rows === 'string' ? rows : '<range>'], (sh) => {
      this.context.requireApi('1.9', 'PageLayout.setPrintTitleRows');
      const rect = typeof rows === 'string' ? parseRef(splitSheet(rows).ref) : rows._t().rect;
      liveSheet(sh).pageLayout.printTitleRows = `$${rect.r0 + 1}:$${rect.r1 + 1}`;
    });
  }
  setPrintTitleColumns(cols: FakeRange | string): void {
    this._call('setPrintTitleColumns', [typeof cols === 'string' ? cols : '<range>'], (sh) => {
      this.context.requireApi('1.9', 'PageLayout.setPrintTitleColumns');
      const rect = typeof cols === 'string' ? parseRef(splitSheet(cols).ref) : cols._t().rect;
      liveSheet(sh).pageLayout.printTitleColumns = `$${colLetters(rect.c0)}:$${colLetters(rect.c1)}`;
    });
  }
  setPrintArea(area: FakeRange | string): void {
    this._call('setPrintArea', [typeof area === 'string' ? area : '<range>'], (sh) => {
      this.context.requireApi('1.9', 'PageLayout.setPrintArea');
      const rect = typeof area === 'string' ? parseRef(splitSheet(area).ref) : area._t().rect;
      liveSheet(sh).pageLayout.printArea = rectA1(rect);
    });
  }
}

export class FakeWorksheet extends FakeObject<SheetM> {
  readonly _type = 'Worksheet';
  protected readonly _scalars = ['name', 'id', 'position', 'visibility', 'tabColor', 'showGridlines', 'standardWidth', 'standardHeight'] as const;
  private _freeze?: FakeFreezePanes;
  private _tables?: FakeTables;
  private _custom?: FakeWorksheetCustomProperties;
  private _page?: FakePageLayout;
  private _charts?: FakeCharts;
  private _notes?: FakeNoteCollection;

  protected _read(sh: SheetM, prop: string): unknown {
    liveSheet(sh);
    switch (prop) {
      case 'name': return sh.name;
      case 'id': return sh.id;
      case 'position': return this.context.host.model.sheets.indexOf(sh);
      case 'visibility': return sh.visibility;
      case 'tabColor': return sh.tabColor;
      case 'showGridlines': return sh.showGridlines;
      case 'standardWidth': return 8.43;
      case 'standardHeight': return STANDARD_HEIGHT_PT;
    }
    return undefined;
  }
  protected override _nav(name: string) {
    if (name === 'freezePanes') return this.freezePanes;
    if (name === 'tables') return this.tables;
    if (name === 'customProperties') return this.customProperties;
    if (name === 'pageLayout') return this.pageLayout;
    if (name === 'charts') return this.charts;
    return undefined;
  }

  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._set('name', v, (sh) => {
      checkSheetName(this.context.host.model, v, liveSheet(sh));
      sh.name = v;
      // Formulas that read the sheet follow it (they are bound to the sheet, not to its name).
      this.context.host.model.calc?.renameSheet(sh);
    });
  }
  get id(): string {
    return this._get('id');
  }
  get position(): number {
    return this._get('position');
  }
  set position(v: number) {
    this._set('position', v, (sh) => {
      const list = this.context.host.model.sheets;
      const i = list.indexOf(liveSheet(sh));
      if (v < 0 || v >= list.length) fail('InvalidArgument', 'The position is out of range.', 'Worksheet.position');
      list.splice(i, 1);
      list.splice(v, 0, sh);
    });
  }
  get visibility(): string {
    return this._get('visibility');
  }
  set visibility(v: string) {
    this._set('visibility', v, (sh) => {
      const wb = this.context.host.model;
      if (v !== 'Visible' && !wb.sheets.some((s) => s !== sh && s.visibility === 'Visible')) fail('InvalidOperation', 'A workbook must keep at least one visible sheet.');
      sh.visibility = v as SheetM['visibility'];
      if (v !== 'Visible' && wb.active === sh) wb.active = wb.sheets.find((s) => s.visibility === 'Visible') ?? null;
    });
  }
  get tabColor(): string {
    return this._get('tabColor');
  }
  set tabColor(v: string) {
    this._set('tabColor', v, (sh) => (sh.tabColor = v));
  }
  get showGridlines(): boolean {
    return this._get('showGridlines');
  }
  set showGridlines(v: boolean) {
    this._set('showGridlines', v, (sh) => (sh.showGridlines = v));
  }

  get freezePanes(): FakeFreezePanes {
    return (this._freeze ??= new FakeFreezePanes(this.context, () => this._t()));
  }
  get tables(): FakeTables {
    return (this._tables ??= new FakeTables(this.context, () => ({ wb: this.context.host.model, sheet: liveSheet(this._t()) })));
  }
  get customProperties(): FakeWorksheetCustomProperties {
    return (this._custom ??= new FakeWorksheetCustomProperties(this.context, () => this._t()));
  }
  get charts(): FakeCharts {
    return (this._charts ??= new FakeCharts(this.context, () => liveSheet(this._t())));
  }
  get pageLayout(): FakePageLayout {
    return (this._page ??= new FakePageLayout(this.context, () => this._t()));
  }
  /** ExcelApi 1.18: the sheet's notes (the classic yellow notes, not threaded comments). */
  get notes(): FakeNoteCollection {
    return (this._notes ??= new FakeNoteCollection(this.context, () => liveSheet(this._t())));
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      if (address === undefined || address === '') return { sheet: sh, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 } };
      const { sheet, ref } = splitSheet(address);
      if (sheet !== null && sheet.toLowerCase() !== sh.name.toLowerCase()) fail('InvalidArgument', `The address ${address} is not on this sheet.`);
      return { sheet: sh, rect: parseRef(ref) };
    }, false, ['getRange', address ?? null]);
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      if (rowCount < 1 || columnCount < 1 || startRow < 0 || startColumn < 0 || startRow + rowCount > MAX_ROWS || startColumn + columnCount > MAX_COLS) {
        fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', 'Worksheet.getRangeByIndexes');
      }
      return { sheet: sh, rect: { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 } };
    }, false, ['getRangeByIndexes', startRow, startColumn, rowCount, columnCount]);
  }
  getCell(row: number, column: number): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      if (row < 0 || column < 0 || row >= MAX_ROWS || column >= MAX_COLS) fail('InvalidArgument', 'The cell is outside the sheet.', 'Worksheet.getCell');
      return { sheet: sh, rect: { r0: row, c0: column, r1: row, c1: column } };
    }, false, ['getCell', row, column]);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      return { sheet: sh, rect: usedRect(sh, !!valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }, false, ['getUsedRange', !!valuesOnly]);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const sh = liveSheet(this._t());
      const r = usedRect(sh, !!valuesOnly);
      return r ? { sheet: sh, rect: r } : null;
    }, true, ['getUsedRangeOrNullObject', !!valuesOnly]);
  }
  delete(): void {
    this._call('delete', [], (sh) => {
      const wb = this.context.host.model;
      liveSheet(sh);
      if (sh.visibility === 'VeryHidden') fail('InvalidOperation', 'A very hidden worksheet cannot be deleted: make it hidden or visible first.', 'Worksheet.delete');
      if (!wb.sheets.some((s) => s !== sh && s.visibility === 'Visible')) fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.', 'Worksheet.delete');
      const i = wb.sheets.indexOf(sh);
      wb.sheets.splice(i, 1);
      sh.deleted = true;
      for (const t of sh.tables) t.deleted = true;
      // References to it become #REF! (and stay so, whatever sheet takes its name later).
      wb.calc?.removeSheet(sh);
      if (wb.active === sh) wb.active = wb.sheets.slice(i).concat(wb.sheets.slice(0, i).reverse()).find((s) => s.visibility === 'Visible') ?? null;
    });
  }
  activate(): void {
    this._call('activate', [], (sh) => {
      if (liveSheet(sh).visibility !== 'Visible') fail('InvalidOperation', 'A hidden sheet cannot be activated.', 'Worksheet.activate');
      this.context.host.model.active = sh;
    });
  }
  calculate(_markAllDirty: boolean): void {
    this._call('calculate', [], () => undefined);
  }
}
