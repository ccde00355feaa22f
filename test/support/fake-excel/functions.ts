/**
 * The fake Excel, worksheet functions (ExcelApi 1.2): the few the tool evaluates without
 * writing a cell (DATE, in the workbook's date system).
 */
import type { FakeRequestContext } from './context';
import { serialFromDate } from './geometry';
import { FakeObject } from './proxy';
import { fakeQuirks } from './quirks';

/** A FunctionResult: `value` (and `error`) after load and sync. */
class FakeFunctionResult extends FakeObject<{ value: number | string | boolean; error: string | null }> {
  readonly _type = 'FunctionResult';
  protected readonly _scalars = ['value', 'error'] as const;
  protected _read(t: { value: number | string | boolean; error: string | null }, prop: string): unknown {
    return prop === 'value' ? t.value : t.error;
  }
  get value(): number | string | boolean {
    return this._get('value');
  }
  get error(): string | null {
    return this._get('error');
  }
}

/** Workbook.functions (ExcelApi 1.2): the few worksheet functions the tool evaluates without writing a cell. */
export class FakeFunctions {
  constructor(readonly context: FakeRequestContext) {}
  /** DATE(year, month, day) in the workbook's date system. */
  date(year: number, month: number, day: number): FakeFunctionResult {
    const host = this.context.host;
    return new FakeFunctionResult(this.context, () => {
      this.context.requireApi('1.2', 'Functions.date');
      const s1900 = serialFromDate(new Date(Date.UTC(year, month - 1, day)));
      if (fakeQuirks(host).date1904 && year < 1904) return { value: '#NUM!', error: '#NUM!' };
      return { value: fakeQuirks(host).date1904 ? s1900 - 1462 : s1900, error: null };
    }, false, ['date', year, month, day]);
  }
}
