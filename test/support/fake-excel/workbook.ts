/**
 * The fake Excel, the workbook: Workbook, Application (calculation mode, suspending
 * calculation), document custom properties and defined names. Documented: custom property keys and
 * values trimmed to 255 characters outside Excel on the web (CustomPropertyCollection.add);
 * getSelectedRange throwing when several ranges are selected (Workbook.getSelectedRange). Guessed: the
 * error code of getSelectedRange on several areas (InvalidSelection, one of Excel.ErrorCodes). Known
 * limit: `calculationMode` "Manual" and `suspendApiCalculationUntilNextSync` are recorded but do not
 * hold values back.
 */
import type { FakeRequestContext } from './context';
import { fail } from './errors';
import { FakeSelectionEvents } from './events';
import { FakeFunctions } from './functions';
import { rectAddress } from './geometry';
import type { WorkbookM } from './model';
import { FakeCommentCollection } from './notes';
import { FakeCollection, FakeObject } from './proxy';
import { FakeRange, FakeRangeAreas } from './range';
import { allTables, FakeTables } from './tables';
import { FakeSettingCollection } from './workbook-settings';
import { FakeWorksheets } from './worksheets';

export class FakeApplication extends FakeObject<WorkbookM> {
  readonly _type = 'Application';
  protected readonly _scalars = ['calculationMode'] as const;
  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.host.model);
  }
  protected _read(t: WorkbookM, prop: string): unknown {
    return prop === 'calculationMode' ? t.calculationMode : undefined;
  }
  get calculationMode(): string {
    return this._get('calculationMode');
  }
  set calculationMode(v: string) {
    this._set('calculationMode', v, (t) => (t.calculationMode = v));
  }
  suspendApiCalculationUntilNextSync(): void {
    this.context.enqueue(['suspendApiCalculationUntilNextSync'], () => {
      this.context.requireApi('1.6', 'Application.suspendApiCalculationUntilNextSync');
      this.context.suspendCalculation();
    });
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.context.enqueue(['suspendScreenUpdatingUntilNextSync'], () => undefined);
  }
  calculate(_type?: string): void {
    this.context.enqueue(['calculate'], () => undefined);
  }
}

class FakeDocCustomProperty extends FakeObject<{ wb: WorkbookM; key: string }> {
  readonly _type = 'CustomProperty';
  protected readonly _scalars = ['key', 'value', 'type'] as const;
  protected _read(t: { wb: WorkbookM; key: string }, prop: string): unknown {
    const p = t.wb.customDocProps.get(t.key.toLowerCase());
    if (!p) fail('ItemNotFound', 'The custom property does not exist.');
    return prop === 'key' ? p.key : prop === 'value' ? p.value : p.type;
  }
  get key(): string {
    return this._get('key');
  }
  get value(): string {
    return this._get('value');
  }
  set value(v: string) {
    this._set('value', v, (t) => {
      const p = t.wb.customDocProps.get(t.key.toLowerCase());
      if (p) p.value = String(v);
    });
  }
  get type(): string {
    return this._get('type');
  }
  delete(): void {
    this._call('delete', [], (t) => t.wb.customDocProps.delete(t.key.toLowerCase()));
  }
}

class FakeDocCustomProperties extends FakeCollection<WorkbookM, FakeDocCustomProperty> {
  readonly _type = 'CustomPropertyCollection';
  protected _list(wb: WorkbookM): unknown[] {
    return [...wb.customDocProps.values()].map((p) => ({ wb, key: p.key }));
  }
  protected _wrap(item: unknown): FakeDocCustomProperty {
    const it = item as { wb: WorkbookM; key: string };
    return new FakeDocCustomProperty(this.context, () => it);
  }
  add(key: string, value: unknown): FakeDocCustomProperty {
    const wb = this.context.host.model;
    // Documented (CustomPropertyCollection.add): key and value "limited to 255 characters outside of
    // Excel on the web (larger keys are automatically trimmed to 255 characters on other platforms)".
    const trim = this.context.host.platform === 'desktop';
    const stored = trim ? key.slice(0, 255) : key;
    this.context.enqueue(['add', key, value], () => {
      if (!key) fail('InvalidArgument', 'The custom property key is invalid.');
      const text = trim ? String(value).slice(0, 255) : String(value);
      wb.customDocProps.set(stored.toLowerCase(), { key: stored, value: text, type: typeof value === 'number' ? 'Number' : typeof value === 'boolean' ? 'Boolean' : 'String' });
    });
    return new FakeDocCustomProperty(this.context, () => ({ wb, key: stored }));
  }
  getItem(key: string): FakeDocCustomProperty {
    const wb = this.context.host.model;
    return new FakeDocCustomProperty(this.context, () => (wb.customDocProps.has(key.toLowerCase()) ? { wb, key } : null), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeDocCustomProperty {
    const wb = this.context.host.model;
    return new FakeDocCustomProperty(this.context, () => (wb.customDocProps.has(key.toLowerCase()) ? { wb, key } : null), true, ['getItemOrNullObject', key]);
  }
  deleteAll(): void {
    this.context.enqueue(['deleteAll'], () => this.context.host.model.customDocProps.clear());
  }
}

class FakeDocumentProperties extends FakeObject<WorkbookM> {
  readonly _type = 'DocumentProperties';
  protected readonly _scalars = ['title', 'subject', 'author', 'company', 'comments', 'keywords', 'category', 'manager', 'lastAuthor'] as const;
  private _custom?: FakeDocCustomProperties;
  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.host.model);
  }
  protected _read(t: WorkbookM, prop: string): unknown {
    return t.docProps[prop] ?? '';
  }
  get custom(): FakeDocCustomProperties {
    return (this._custom ??= new FakeDocCustomProperties(this.context, () => this._t()));
  }
  protected override _nav(name: string) {
    return name === 'custom' ? this.custom : undefined;
  }
  get title(): string {
    return this._get('title');
  }
  set title(v: string) {
    this._set('title', v, (t) => (t.docProps.title = v));
  }
  get subject(): string {
    return this._get('subject');
  }
  set subject(v: string) {
    this._set('subject', v, (t) => (t.docProps.subject = v));
  }
}

class FakeNamedItem extends FakeObject<{ wb: WorkbookM; key: string }> {
  readonly _type = 'NamedItem';
  protected readonly _scalars = ['name', 'formula', 'type', 'value', 'visible'] as const;
  protected _read(t: { wb: WorkbookM; key: string }, prop: string): unknown {
    const n = t.wb.names.get(t.key);
    if (!n) fail('ItemNotFound', 'The name does not exist.');
    switch (prop) {
      case 'name': return n.name;
      case 'formula': return n.formula;
      case 'type': return 'Range';
      case 'value': return n.formula.replace(/^=/, '');
      case 'visible': return true;
    }
    return undefined;
  }
  get name(): string { return this._get('name'); }
  get formula(): string { return this._get('formula'); }
  delete(): void {
    this._call('delete', [], (t) => t.wb.names.delete(t.key));
  }
}

class FakeNamedItems extends FakeCollection<WorkbookM, FakeNamedItem> {
  readonly _type = 'NamedItemCollection';
  protected _list(wb: WorkbookM): unknown[] {
    return [...wb.names.keys()].map((key) => ({ wb, key }));
  }
  protected _wrap(item: unknown): FakeNamedItem {
    const it = item as { wb: WorkbookM; key: string };
    return new FakeNamedItem(this.context, () => it);
  }
  add(name: string, reference: FakeRange | string, _comment?: string): FakeNamedItem {
    const wb = this.context.host.model;
    const key = name.toLowerCase();
    this.context.enqueue(['add', name, typeof reference === 'string' ? reference : '<range>'], () => {
      if (wb.names.has(key) || allTables(wb).some((t) => t.name.toLowerCase() === key)) fail('ItemAlreadyExists', `The name "${name}" already exists.`, 'NamedItemCollection.add');
      const formula = typeof reference === 'string' ? (reference.startsWith('=') ? reference : '=' + reference) : '=' + rectAddress(reference._t().sheet.name, reference._t().rect);
      wb.names.set(key, { name, formula });
    });
    return new FakeNamedItem(this.context, () => (wb.names.has(key) ? { wb, key } : null));
  }
  getItem(name: string): FakeNamedItem {
    const wb = this.context.host.model;
    return new FakeNamedItem(this.context, () => (wb.names.has(name.toLowerCase()) ? { wb, key: name.toLowerCase() } : null), false, ['getItem', name]);
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    const wb = this.context.host.model;
    return new FakeNamedItem(this.context, () => (wb.names.has(name.toLowerCase()) ? { wb, key: name.toLowerCase() } : null), true, ['getItemOrNullObject', name]);
  }
}

export class FakeWorkbook extends FakeObject<WorkbookM> {
  readonly _type = 'Workbook';
  protected readonly _scalars = ['name'] as const;
  readonly worksheets: FakeWorksheets;
  readonly tables: FakeTables;
  readonly names: FakeNamedItems;
  readonly application: FakeApplication;
  readonly properties: FakeDocumentProperties;
  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.host.model);
    this.worksheets = new FakeWorksheets(ctx, () => ctx.host.model);
    this.names = new FakeNamedItems(ctx, () => ctx.host.model);
    this.tables = new FakeTables(ctx, () => ({ wb: ctx.host.model, sheet: null }));
    this.application = new FakeApplication(ctx);
    this.properties = new FakeDocumentProperties(ctx);
  }
  protected _read(t: WorkbookM, prop: string): unknown {
    return prop === 'name' ? t.name : undefined;
  }
  protected override _nav(name: string) {
    if (name === 'worksheets') return this.worksheets;
    if (name === 'tables') return this.tables;
    if (name === 'names') return this.names;
    if (name === 'application') return this.application;
    if (name === 'properties') return this.properties;
    return undefined;
  }
  get name(): string {
    return this._get('name');
  }
  /** ExcelApi 1.10: threaded comments of the workbook. */
  get comments(): FakeCommentCollection {
    return (this._comments ??= new FakeCommentCollection(this.context, () => this.context.host.model));
  }
  private _comments?: FakeCommentCollection;
  /** ExcelApi 1.4: the add-in's settings kept in the workbook; ExcelApi 1.2: worksheet functions evaluated without a cell. */
  get settings(): FakeSettingCollection {
    return (this._settings ??= new FakeSettingCollection(this.context, () => this.context.host.model));
  }
  private _settings?: FakeSettingCollection;
  get functions(): FakeFunctions {
    return (this._functions ??= new FakeFunctions(this.context));
  }
  private _functions?: FakeFunctions;
  /** ExcelApi 1.2: the selection changed (events.ts). */
  get onSelectionChanged(): FakeSelectionEvents {
    this.context.requireApi('1.2', 'Workbook.onSelectionChanged');
    return (this._selectionEvents ??= new FakeSelectionEvents(this.context));
  }
  private _selectionEvents?: FakeSelectionEvents;
  /** Documented: "If there are multiple ranges selected, this method will throw an error" (the code is a guess). */
  getSelectedRange(): FakeRange {
    const wb = this.context.host.model;
    return new FakeRange(this.context, () => {
      const sh = wb.active;
      if (!sh) fail('ItemNotFound', 'No active sheet.');
      if (sh.areas && sh.areas.length > 1) fail('InvalidSelection', 'The current selection is invalid for this operation: more than one range is selected.', 'Workbook.getSelectedRange');
      return { sheet: sh, rect: sh.selection };
    }, false, ['getSelectedRange']);
  }
  /** ExcelApi 1.9: every area of the selection. */
  getSelectedRanges(): FakeRangeAreas {
    const wb = this.context.host.model;
    return new FakeRangeAreas(this.context, () => {
      this.context.requireApi('1.9', 'Workbook.getSelectedRanges');
      const sh = wb.active;
      if (!sh) fail('ItemNotFound', 'No active sheet.');
      return { sheet: sh, rects: sh.areas && sh.areas.length > 1 ? sh.areas.map((r) => ({ ...r })) : [sh.selection] };
    }, false, ['getSelectedRanges']);
  }
  getActiveCell(): FakeRange {
    const wb = this.context.host.model;
    return new FakeRange(this.context, () => {
      const sh = wb.active;
      if (!sh) fail('ItemNotFound', 'No active sheet.');
      return { sheet: sh, rect: { r0: sh.selection.r0, c0: sh.selection.c0, r1: sh.selection.r0, c1: sh.selection.c0 } };
    }, false, ['getActiveCell']);
  }
}
