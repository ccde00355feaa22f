/**
 * The fake Excel, host quirks (what a particular host does that the default one does not,
 * and behaviours broken on purpose) and number format categories (ExcelApi 1.12).
 */
import type { FakeExcel } from './host';

/** What a particular host does that the default one does not, and behaviours broken on purpose. */
export interface FakeQuirks {
  /**
   * Excel on the web with another regional format: Range.numberFormat of a built-in date format comes
   * back in the locale's own letters ("ДД.ММ.ГГГГ"), not as Excel's format code (OfficeDev/office-js#2824).
   */
  localeDateFormats?: boolean;
  /** The workbook uses the 1904 date system (DATE(1904,1,1) is 0, not 1462). */
  date1904?: boolean;
  /**
   * Behaviours broken on purpose, for the Diagnostics test: "apostrophe" — a leading apostrophe no longer
   * keeps a string as text (it is dropped and the rest typed in); "note-guard" — a threaded comment is
   * added over a cell's note; "select-event" — a selection made by Range.select raises no SelectionChanged.
   */
  broken?: ('apostrophe' | 'note-guard' | 'select-event')[];
}

const QUIRKS = new WeakMap<FakeExcel, FakeQuirks>();

export function setFakeQuirks(fake: FakeExcel, quirks: FakeQuirks): void {
  QUIRKS.set(fake, { ...quirks });
}

export function fakeQuirks(host: FakeExcel): FakeQuirks {
  return QUIRKS.get(host) ?? {};
}

export function brokenInput(host: FakeExcel, x: unknown): unknown {
  return typeof x === 'string' && x.startsWith("'") && fakeQuirks(host).broken?.includes('apostrophe') ? x.slice(1) : x;
}

/** Excel's built-in date and time formats (ids 14–22, 45–47), as Range.numberFormat gives them in English. */
const BUILTIN_DATE_FORMATS = ['m/d/yyyy', 'd-mmm-yy', 'd-mmm', 'mmm-yy', 'm/d/yyyy h:mm'];
const BUILTIN_TIME_FORMATS = ['h:mm AM/PM', 'h:mm:ss AM/PM', 'h:mm', 'h:mm:ss', 'mm:ss', '[h]:mm:ss', 'mmss.0'];

/** Range.numberFormatCategories for a cell's format, as Excel sorts its formats into the Format Cells dialog's categories. */
export function numberFormatCategory(nf: string | undefined): string {
  if (nf === undefined || nf === 'General') return 'General';
  if (nf === '@') return 'Text';
  if (BUILTIN_DATE_FORMATS.includes(nf)) return 'Date';
  if (BUILTIN_TIME_FORMATS.includes(nf)) return 'Time';
  if (/%/.test(nf)) return 'Percentage';
  if (/E[+-]/i.test(nf)) return 'Scientific';
  if (/^[#,0.]+(;[-(]?[#,0.]+\)?)?$/.test(nf)) return 'Number';
  return 'Custom';
}

/** Range.numberFormat as the host reports it (with the web's locale quirk, a built-in date in the locale's letters). */
export function shownNumberFormat(host: FakeExcel, nf: string | undefined): string {
  const f = nf ?? 'General';
  if (fakeQuirks(host).localeDateFormats && numberFormatCategory(nf) === 'Date') return 'ДД.ММ.ГГГГ';
  return f;
}
