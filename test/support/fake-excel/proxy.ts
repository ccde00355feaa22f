/**
 * The fake Excel, proxy objects: the base of every Office.js object and collection the fake
 * gives out. Writes and method calls are queued and applied at `sync()`; properties are readable only
 * after `load()` + `sync()`, else PropertyNotLoaded, thrown synchronously as Office does ("Call load
 * before reading properties"); `*OrNullObject` results carry `isNullObject` after the sync
 * ("*OrNullObject methods and properties").
 */
import type { FakeRequestContext } from './context';
import { fail, notLoaded } from './errors';

type LoadArg = string | string[] | { select?: string | string[]; expand?: string | string[] } | undefined;

function loadPaths(arg: LoadArg): string[] | null {
  if (arg === undefined) return null;
  const list = (x: string | string[]): string[] => (Array.isArray(x) ? x : x.split(',')).map((s) => s.trim()).filter(Boolean);
  if (typeof arg === 'string' || Array.isArray(arg)) return list(arg);
  const out: string[] = [];
  if (arg.select) out.push(...list(arg.select));
  if (arg.expand) out.push(...list(arg.expand));
  return out.length ? out : null;
}

/**
 * A proxy. `bind` finds its target in the model; it runs at the sync, in queue order, from an action
 * queued when the proxy was made (method results), or on first use (navigation properties).
 */
export abstract class FakeObject<T> {
  protected _target: T | null | undefined = undefined;
  protected _bound = false;
  private _null = false;
  private _nullKnown = false;
  protected _values = new Map<string, unknown>();
  abstract readonly _type: string;
  /** Scalar properties a plain `load()` fetches. */
  protected abstract readonly _scalars: readonly string[];

  constructor(
    readonly context: FakeRequestContext,
    private readonly _resolve: () => T | null,
    private readonly _nullable = false,
    creationArgs?: unknown,
  ) {
    if (creationArgs !== undefined) context.enqueue(creationArgs, () => this._bind());
    if (_nullable) context.pendingNullables.add(this as FakeObject<unknown>);
  }

  /** Bind now (in queue order). A null result is a null object, or ItemNotFound where nulls are not allowed. */
  _bind(): void {
    if (this._bound) return;
    const t = this._resolve();
    this._bound = true;
    if (t === null) {
      if (!this._nullable) fail('ItemNotFound', `The requested resource doesn't exist.`, this._type);
      this._null = true;
    }
    this._target = t;
  }

  /** The target for an action; writes on a null object fail. */
  _t(): T {
    this._bind();
    if (this._null || this._target === null || this._target === undefined) fail('ItemNotFound', `The requested resource doesn't exist.`, this._type);
    return this._target;
  }

  /** The target or null for loads. */
  _tOrNull(): T | null {
    this._bind();
    return this._null ? null : (this._target as T);
  }

  _markNullKnown(): void {
    if (this._bound) this._nullKnown = true;
  }

  get isNullObject(): boolean {
    if (!this._nullable) return false;
    if (!this._nullKnown) notLoaded('isNullObject', this._type);
    return this._null;
  }

  protected _get<V>(prop: string): V {
    if (this._nullKnown && this._null) return null as V;
    if (!this._values.has(prop)) notLoaded(prop, this._type);
    return this._values.get(prop) as V;
  }

  /** Queue a property write; the value is readable on the proxy at once (as in Office.js). */
  protected _set(prop: string, value: unknown, apply: (t: T) => void): void {
    this._values.set(prop, value);
    this.context.enqueue([prop, value], () => apply(this._t()));
  }

  /** Queue a method call. */
  protected _call(name: string, args: unknown[], apply: (t: T) => void): void {
    this.context.enqueue([name, ...args], () => apply(this._t()));
  }

  /** The value of a scalar property read from the target (a load's snapshot). */
  protected abstract _read(t: T, prop: string): unknown;
  /** Navigation properties (child proxies) by name. */
  protected _nav(_name: string): FakeObject<unknown> | FakeCollection<unknown, FakeObject<unknown>> | undefined {
    return undefined;
  }

  /** Store the value of `props` now (inside a sync). */
  _snapshot(props: string[] | null): void {
    const t = this._tOrNull();
    if (t === null) return;
    const wanted = props ?? [...this._scalars];
    const nested = new Map<string, string[]>();
    for (const p of wanted) {
      const slash = p.indexOf('/');
      if (slash >= 0) {
        const head = p.slice(0, slash);
        const rest = p.slice(slash + 1);
        nested.set(head, [...(nested.get(head) ?? []), rest]);
        continue;
      }
      const nav = this._nav(p);
      if (nav) {
        nav._snapshot(null);
        continue;
      }
      if (!this._scalars.includes(p)) fail('InvalidArgument', `The property '${p}' does not exist on ${this._type}.`, `${this._type}.load`);
      const v = this._read(t, p);
      this.context.addResponse(v);
      this._values.set(p, v);
    }
    for (const [head, rest] of nested) {
      const nav = this._nav(head);
      if (!nav) fail('InvalidArgument', `The property '${head}' does not exist on ${this._type}.`, `${this._type}.load`);
      nav._snapshot(rest);
    }
  }

  load(arg?: LoadArg): this {
    const props = loadPaths(arg);
    this.context.enqueue(['load', props], () => this._snapshot(props));
    return this;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._values);
  }

  track(): this {
    return this;
  }

  untrack(): this {
    return this;
  }
}

/** A collection proxy: `items` after load; `load('name')` and `load('items/name')` both load the items' names. */
export abstract class FakeCollection<T, P extends FakeObject<unknown>> {
  private _items: P[] | null = null;
  abstract readonly _type: string;

  constructor(readonly context: FakeRequestContext, protected readonly _owner: () => T) {}

  protected abstract _list(owner: T): unknown[];
  protected abstract _wrap(item: unknown): P;

  get items(): P[] {
    if (!this._items) notLoaded('items', this._type);
    return this._items;
  }

  _snapshot(props: string[] | null): void {
    const owner = this._owner();
    const itemProps = props === null ? null : props.map((p) => (p.startsWith('items/') ? p.slice(6) : p)).filter((p) => p !== 'items' && p !== '');
    this._items = this._list(owner).map((x) => {
      const p = this._wrap(x);
      p._bind();
      p._markNullKnown();
      p._snapshot(itemProps && itemProps.length ? itemProps : null);
      return p;
    });
  }

  load(arg?: LoadArg): this {
    const props = loadPaths(arg);
    this.context.enqueue(['load', props], () => this._snapshot(props));
    return this;
  }

  getCount(): FakeClientResult<number> {
    const r = new FakeClientResult<number>();
    this.context.enqueue(['getCount'], () => r._set(this._list(this._owner()).length));
    return r;
  }

  toJSON(): unknown {
    return { items: this._items?.map((i) => i.toJSON()) ?? [] };
  }
}

export class FakeClientResult<V> {
  private _has = false;
  private _v: V | undefined;
  _set(v: V): void {
    this._v = v;
    this._has = true;
  }
  get value(): V {
    if (!this._has) notLoaded('value', 'ClientResult');
    return this._v as V;
  }
}
