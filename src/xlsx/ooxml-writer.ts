/**
 * An .xlsx written as a stream, with nothing but fflate: sheet plans rendered row by row into SpreadsheetML,
 * deflated into a zip a piece at a time and handed to a sink as chunks. No Node and no DOM: the CLI's
 * `export` writes the chunks to a file, the add-in's worker gathers them into one Blob. What stays in
 * memory is the sheet list, the styles met and one buffer of XML (FLUSH characters) — never the rows.
 *
 * It writes what the ministry copy needs, as src/xlsx/write.ts + export.ts render it with ExcelJS (the
 * test test/core/monthly/export-stream.test.ts reads both back and compares them cell by cell): values (strings inline,
 * always as text, cut at 32 767 characters; numbers; booleans; dates as serials), formulas with their cached
 * results when a plan keeps them, number formats, the looks of core/report/plan.ts LOOKS (fonts, fills, borders,
 * alignment), merges, column widths, row heights, frozen panes, grid lines, print setup and titles, an
 * Excel table, sheet protection without a password, every sheet visible, the document properties. No
 * links, no comments, nothing external. Every zip entry carries one fixed date, and the same plans give
 * the same bytes.
 */
import { Zip, ZipDeflate, type ZipInputFile } from 'fflate';
import { columnLetters } from '../core/grid/a1';
import { escapeXml } from './xml-text';
import type { MergedArea } from '../core/grid/grid';
import { BORDER_COLOR, fitCellText, LOOKS, type CellStyle, type Look, type PlanCell, type SheetPlan } from '../core/report/plan';

/** The document properties written to docProps/core.xml and app.xml (core/monthly/export.ts DocProperties fits). */
export interface XlsxProps {
  title?: string;
  subject?: string;
  keywords?: string;
  category?: string;
  description?: string;
  company?: string;
  creator: string;
  lastModifiedBy: string;
  created: Date;
  modified: Date;
}

/**
 * A zip entry's compressor: fflate's ZipDeflate by default (anywhere), or one the caller brings (the CLI
 * brings Node's zlib, which deflates on another thread). `push` takes the entry's bytes, `final` on the
 * last; `ready` says when to wait before pushing more (its buffer is full).
 */
export interface EntryDeflater extends ZipInputFile {
  push(chunk: Uint8Array, final: boolean): void;
  ready?(): Promise<void> | null;
}

export interface XlsxWriterOptions {
  props: XlsxProps;
  /** A compressor per zip entry (`mtime`: the entry's date, as fflate takes it). */
  deflater?: (name: string, mtime: Date) => EntryDeflater;
  /** Protect every sheet, without a password, as src/xlsx/export.ts SHEET_PROTECTION does. */
  protect?: boolean;
  /** Deflate level (fflate's, 0–9; default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * `<sheetProtection>` for SHEET_PROTECTION (src/xlsx/export.ts): the sheet locked; selecting cells,
 * formatting columns and rows and filtering allowed (a "0" lifts the lock on that action); no hash.
 */
export const PROTECTION_XML = '<sheetProtection sheet="1" formatColumns="0" formatRows="0" autoFilter="0"/>';

/** The XML buffered before it is deflated (characters). */
const FLUSH = 1 << 16;

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const COLS: string[] = [];
function col(c: number): string {
  return COLS[c] ?? (COLS[c] = columnLetters(c));
}

/** A date as Excel's serial day number (1900 system, UTC). */
function serial(d: Date): number {
  return 25569 + d.getTime() / 86400000;
}

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : '0';
}

/** The zip's DOS date and time are read as local time by fflate: a date whose local fields are `at`'s UTC ones. */
function zipTime(at: Date): Date {
  const t = new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
  return t.getFullYear() < 1980 ? new Date(1980, 0, 1) : t;
}

const argb = (hex: string) => 'FF' + hex.slice(1).toUpperCase();
const H: Record<NonNullable<Look['h']>, string> = { left: 'left', center: 'center', right: 'right' };
const V: Record<NonNullable<Look['v']>, string> = { top: 'top', center: 'center', bottom: 'bottom' };

/** styles.xml, built as cells meet their looks and formats: one cellXfs entry per (look, format, date). */
class Styles {
  private readonly fonts: string[] = ['<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'];
  private readonly fills: string[] = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private readonly borders: string[] = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private readonly fmts = new Map<string, number>();
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly ids = new Map<string, number>();
  private readonly lookParts = new Map<CellStyle, { font: number; fill: number; border: number; align: string }>();

  private part(list: string[], xml: string): number {
    const i = list.indexOf(xml);
    if (i >= 0) return i;
    list.push(xml);
    return list.length - 1;
  }

  private look(s: CellStyle): { font: number; fill: number; border: number; align: string } {
    let p = this.lookParts.get(s);
    if (p) return p;
    const l = LOOKS[s];
    // As write.ts: a font with its name and size, bold/italic/colour as the look says.
    let font = '<font>';
    if (l.bold) font += '<b/>';
    if (l.italic) font += '<i/>';
    font += `<sz val="${l.size ?? 11}"/>`;
    if (l.color) font += `<color rgb="${argb(l.color)}"/>`;
    font += '<name val="Calibri"/><family val="2"/></font>';
    const fill = l.fill ? `<fill><patternFill patternType="solid"><fgColor rgb="${argb(l.fill)}"/></patternFill></fill>` : null;
    const side = (n: string) => `<${n} style="thin"><color rgb="${argb(BORDER_COLOR)}"/></${n}>`;
    const border = l.border ? `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>` : null;
    let align = '';
    if (l.wrap || l.h || l.v) {
      align = '<alignment';
      if (l.h) align += ` horizontal="${H[l.h]}"`;
      if (l.v) align += ` vertical="${V[l.v]}"`;
      if (l.wrap) align += ' wrapText="1"';
      align += '/>';
    }
    p = { font: this.part(this.fonts, font), fill: fill ? this.part(this.fills, fill) : 0, border: border ? this.part(this.borders, border) : 0, align };
    this.lookParts.set(s, p);
    return p;
  }

  /** The style id of a cell: 0 for none. A date without a format takes Excel's short date (id 14), as ExcelJS gives it. */
  id(s: CellStyle | undefined, fmt: string | undefined, date: boolean): number {
    if (!s && !fmt && !date) return 0;
    const key = `${s ?? ''}\u0001${fmt ?? ''}\u0001${date && !fmt ? 'd' : ''}`;
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    let fmtId = 0;
    if (fmt) {
      fmtId = this.fmts.get(fmt) ?? 0;
      if (!fmtId) this.fmts.set(fmt, (fmtId = 164 + this.fmts.size));
    } else if (date) fmtId = 14;
    const p = s && LOOKS[s] ? this.look(s) : { font: 0, fill: 0, border: 0, align: '' };
    let xf = `<xf numFmtId="${fmtId}" fontId="${p.font}" fillId="${p.fill}" borderId="${p.border}" xfId="0"`;
    if (fmtId) xf += ' applyNumberFormat="1"';
    if (p.font) xf += ' applyFont="1"';
    if (p.fill) xf += ' applyFill="1"';
    if (p.border) xf += ' applyBorder="1"';
    xf += p.align ? ` applyAlignment="1">${p.align}</xf>` : '/>';
    id = this.xfs.length;
    this.xfs.push(xf);
    this.ids.set(key, id);
    return id;
  }

  xml(): string {
    let s = `${HEAD}<styleSheet xmlns="${NS_MAIN}">`;
    if (this.fmts.size) {
      s += `<numFmts count="${this.fmts.size}">`;
      for (const [code, id] of this.fmts) s += `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`;
      s += '</numFmts>';
    }
    s += `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>`;
    s += `<fills count="${this.fills.length}">${this.fills.join('')}</fills>`;
    s += `<borders count="${this.borders.length}">${this.borders.join('')}</borders>`;
    s += '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>';
    s += `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>`;
    s += '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>';
    s += '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>';
    return s;
  }
}

interface SheetEntry {
  name: string;
  position: number;
  file: number;
  /** The print titles' ranges (`$A:$D`, `$4:$4`), or null. */
  printTitles: string[] | null;
  table: string | null;
}

/** One sheet's XML being written row by row; end() closes it. */
export class XlsxSheetStream {
  private r = 0;
  private readonly early: (string | null)[][] = [];
  private ended = false;

  /** The merged areas by the rows they cover (none: null). */
  private readonly merged: Map<number, MergedArea[]> | null = null;
  private readonly masterStyle = new Map<MergedArea, number>();

  constructor(private readonly book: XlsxStreamWriter, private readonly entry: SheetEntry, private readonly plan: SheetPlan) {
    if (plan.merges.length) {
      this.merged = new Map();
      for (const m of plan.merges) {
        for (let r = m.top; r <= m.bottom; r++) {
          const list = this.merged.get(r);
          if (list) list.push(m);
          else this.merged.set(r, [m]);
        }
      }
    }
  }

  get rowCount(): number {
    return this.r;
  }

  /** The next row (row 1 first); null cells are left empty. */
  add(cells: readonly (PlanCell | null)[]): void {
    const r = ++this.r;
    if (r <= 10) this.early[r] = cells.map((c) => (c && typeof c.v === 'string' ? c.v : c && c.v !== null && c.v !== undefined ? String(c.v) : null));
    const h = this.plan.heights?.[r];
    let x = h !== undefined ? `<row r="${r}" ht="${h}" customHeight="1">` : `<row r="${r}">`;
    const merged = this.merged?.get(r);
    let width = cells.length;
    if (merged) for (const m of merged) width = Math.max(width, m.right);
    const styles = this.book.styles;
    for (let c = 0; c < width; c++) {
      if (merged) {
        // A merged area's other cells take its first cell's look (as ExcelJS's mergeCells gives them: a bordered area is drawn whole).
        const m = merged.find((a) => c + 1 >= a.left && c + 1 <= a.right && (c + 1 !== a.left || r !== a.top));
        if (m) {
          const sid = this.masterStyle.get(m) ?? 0;
          x += sid ? `<c r="${col(c + 1)}${r}" s="${sid}"/>` : `<c r="${col(c + 1)}${r}"/>`;
          continue;
        }
      }
      const pc = cells[c];
      if (!pc) continue;
      const v = pc.v;
      const s = styles.id(pc.s, pc.fmt, v instanceof Date);
      if (merged) for (const m of merged) if (m.top === r && m.left === c + 1) this.masterStyle.set(m, s);
      x += `<c r="${col(c + 1)}${r}"`;
      if (s) x += ` s="${s}"`;
      if (pc.f) {
        // A formula keeps its computed result, so every reader shows it.
        const f = `<f>${escapeXml(pc.f)}</f>`;
        if (typeof v === 'string') x += ` t="str">${f}<v>${escapeXml(fitCellText(v))}</v></c>`;
        else if (typeof v === 'boolean') x += ` t="b">${f}<v>${v ? 1 : 0}</v></c>`;
        else if (typeof v === 'number') x += `>${f}<v>${num(v)}</v></c>`;
        else if (v instanceof Date) x += `>${f}<v>${serial(v)}</v></c>`;
        else x += `>${f}</c>`;
      } else if (typeof v === 'string') {
        // Text is data: an inline string, never a formula, within a cell's limit.
        x += ` t="inlineStr"><is><t xml:space="preserve">${escapeXml(fitCellText(v))}</t></is></c>`;
      } else if (typeof v === 'number') x += `><v>${num(v)}</v></c>`;
      else if (typeof v === 'boolean') x += ` t="b"><v>${v ? 1 : 0}</v></c>`;
      else if (v instanceof Date) x += `><v>${serial(v)}</v></c>`;
      else x += '/>';
    }
    this.book.write(x + '</row>');
  }

  /** Close the sheet; `last`: what only the end knows (the register's table over all its rows, its merges). */
  end(last: Partial<Pick<SheetPlan, 'table' | 'merges'>> = {}): void {
    if (this.ended) return;
    this.ended = true;
    const plan = { ...this.plan, ...last };
    const b = this.book;
    let x = '</sheetData>';
    if (b.protect) x += PROTECTION_XML;
    if (plan.merges.length) {
      x += `<mergeCells count="${plan.merges.length}">`;
      for (const m of plan.merges) x += `<mergeCell ref="${col(m.left)}${m.top}:${col(m.right)}${m.bottom}"/>`;
      x += '</mergeCells>';
    }
    const p = plan.print;
    if (p) {
      if (p.center) x += '<printOptions horizontalCentered="1"/>';
      x += '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>';
      // Paper 9 is A4, 8 is A3 (ECMA-376 §18.3.1.64); `pagesWide` pages wide, as many tall as needed.
      x += `<pageSetup paperSize="${p.paper === 'A3' ? 8 : 9}" orientation="${p.landscape ? 'landscape' : 'portrait'}" fitToWidth="${p.pagesWide ?? 1}" fitToHeight="0"/>`;
    } else x += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
    if (plan.table) {
      const t = plan.table;
      const header = this.early[t.top] ?? [];
      this.entry.table = b.addTable(this.entry, t, Array.from({ length: t.right - t.left + 1 }, (_, i) => header[t.left - 1 + i] ?? `Column${i + 1}`));
      x += '<tableParts count="1"><tablePart r:id="rId1"/></tableParts>';
    }
    b.write(x + '</worksheet>');
    b.closeEntry();
  }
}

/** A table column's name in the file: line breaks as OOXML escapes them (write.ts tableColumnName). */
function tableColumnName(s: string): string {
  return s.replace(/\r/g, '_x000d_').replace(/\n/g, '_x000a_');
}

/**
 * The workbook: sheets opened one at a time with sheet() (or written whole with writeSheet()), each at
 * its place in the tab order, in any order; finish() writes the rest and ends the zip. Chunks go to
 * `sink` as they are deflated (`final` on the last one).
 */
export class XlsxStreamWriter {
  readonly styles = new Styles();
  readonly protect: boolean;
  private readonly zip: Zip;
  private readonly level: XlsxWriterOptions['level'];
  private readonly mtime: Date;
  private readonly sheets: SheetEntry[] = [];
  private readonly tables: string[] = [];
  private entry: EntryDeflater | null = null;
  private open: XlsxSheetStream | null = null;
  private buf: string[] = [];
  private bufLen = 0;
  private readonly enc = new TextEncoder();
  private failed: Error | null = null;
  /** Compressed bytes handed to the sink so far. */
  bytesOut = 0;

  /** Settles when the zip's last byte has gone to the sink (a compressor of its own may finish after finish()). */
  readonly done: Promise<void>;

  constructor(sink: (chunk: Uint8Array, final: boolean) => void, private readonly opts: XlsxWriterOptions) {
    this.protect = !!opts.protect;
    this.level = opts.level ?? 6;
    this.mtime = zipTime(opts.props.modified);
    let settle: (e?: Error) => void = () => undefined;
    this.done = new Promise<void>((resolve, reject) => (settle = (e) => (e ? reject(e) : resolve())));
    // Nobody may wait on it before the end: a failure is also thrown where it happens.
    this.done.catch(() => undefined);
    this.zip = new Zip((err, data, final) => {
      if (err) {
        this.failed = err;
        settle(err);
        return;
      }
      this.bytesOut += data.length;
      try {
        sink(data, final);
      } catch (e) {
        this.failed = e as Error;
        settle(e as Error);
        return;
      }
      if (final) settle();
    });
  }

  /** Wait before writing more when the open entry's compressor is behind (null: go on). */
  ready(): Promise<void> | null {
    if (this.failed) throw this.failed;
    return this.entry?.ready?.() ?? null;
  }

  private begin(name: string): void {
    if (this.failed) throw this.failed;
    if (this.entry) throw new Error('xlsx writer: an entry is still open');
    let e: EntryDeflater;
    if (this.opts.deflater) e = this.opts.deflater(name, this.mtime);
    else {
      e = new ZipDeflate(name, { level: this.level });
      e.mtime = this.mtime;
    }
    this.zip.add(e);
    this.entry = e;
  }

  /** XML into the open entry (buffered, deflated FLUSH characters at a time). */
  write(s: string): void {
    this.buf.push(s);
    this.bufLen += s.length;
    if (this.bufLen >= FLUSH) this.flush(false);
  }

  private flush(final: boolean): void {
    const e = this.entry as EntryDeflater;
    const s = this.buf.length === 1 ? this.buf[0] : this.buf.join('');
    this.buf = [];
    this.bufLen = 0;
    e.push(this.enc.encode(s), final);
    if (this.failed) throw this.failed;
  }

  closeEntry(): void {
    this.flush(true);
    this.entry = null;
    this.open = null;
  }

  private whole(name: string, xml: string): void {
    this.begin(name);
    this.write(xml);
    this.closeEntry();
  }

  /** A sheet to write row by row, at `position` (0-based) in the tab order. */
  sheet(plan: SheetPlan, position: number): XlsxSheetStream {
    if (this.open) throw new Error('xlsx writer: a sheet is still open');
    if (this.sheets.some((s) => s.position === position || s.name === plan.name)) throw new Error(`xlsx writer: sheet ${plan.name} at ${position} twice`);
    const file = this.sheets.length + 1;
    const rep = plan.print?.repeatRows;
    const repCols = plan.print?.repeatCols;
    // Print titles as Excel writes them: the columns, then the rows, each qualified by the sheet.
    const titles = [repCols ? `$${col(repCols.from)}:$${col(repCols.to)}` : null, rep ? `$${rep.from}:$${rep.to}` : null].filter((t): t is string => t !== null);
    const entry: SheetEntry = { name: plan.name, position, file, printTitles: titles.length ? titles : null, table: null };
    this.sheets.push(entry);
    this.begin(`xl/worksheets/sheet${file}.xml`);
    let x = `${HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">`;
    if (plan.print?.fitToWidth) x += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
    x += `<sheetViews><sheetView workbookViewId="0"${plan.gridlines === false ? ' showGridLines="0"' : ''}${position === 0 ? ' tabSelected="1"' : ''}`;
    const fr = plan.freeze;
    if (fr && (fr.rows || fr.cols)) {
      const pane = fr.rows && fr.cols ? 'bottomRight' : fr.rows ? 'bottomLeft' : 'topRight';
      x += `><pane${fr.cols ? ` xSplit="${fr.cols}"` : ''}${fr.rows ? ` ySplit="${fr.rows}"` : ''} topLeftCell="${col(fr.cols + 1)}${fr.rows + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView>`;
    } else x += '/>';
    x += '</sheetViews><sheetFormatPr defaultRowHeight="15"/>';
    if (plan.widths.length) {
      x += '<cols>';
      plan.widths.forEach((w, i) => {
        if (w) x += `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`;
      });
      x += '</cols>';
    }
    this.write(x + '<sheetData>');
    const s = new XlsxSheetStream(this, entry, plan);
    this.open = s;
    return s;
  }

  /** A whole sheet (its rows in the plan). */
  writeSheet(plan: SheetPlan, position: number): void {
    const s = this.sheet(plan, position);
    for (const row of plan.rows) s.add(row);
    s.end();
  }

  /** The table part of a sheet (as write.ts's addTable gives it); its number. */
  addTable(entry: SheetEntry, t: NonNullable<SheetPlan['table']>, header: string[]): string {
    const id = this.tables.length + 1;
    const ref = `${col(t.left)}${t.top}:${col(t.right)}${t.bottom}`;
    let x = `${HEAD}<table xmlns="${NS_MAIN}" id="${id}" name="${escapeXml(t.name)}" displayName="${escapeXml(t.name)}" ref="${ref}"><autoFilter ref="${ref}"/>`;
    x += `<tableColumns count="${header.length}">`;
    header.forEach((h, i) => (x += `<tableColumn id="${i + 1}" name="${escapeXml(tableColumnName(h))}"/>`));
    x += '</tableColumns><tableStyleInfo name="TableStyleLight9" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>';
    // The sheet's entry is open: the table's XML waits for finish().
    this.tables.push(x);
    void entry;
    return `table${id}.xml`;
  }

  /** The workbook's remaining parts; the zip ends. */
  finish(): void {
    if (this.open) throw new Error('xlsx writer: a sheet is still open');
    const sheets = [...this.sheets].sort((a, b) => a.position - b.position);
    const props = this.opts.props;
    const ct = [
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`,
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
      '<Default Extension="xml" ContentType="application/xml"/>',
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
      ...sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s.file}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`),
      ...this.tables.map((_, i) => `<Override PartName="/xl/tables/table${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>`),
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>',
      '</Types>',
    ].join('');
    this.whole('[Content_Types].xml', ct);
    this.whole('_rels/.rels', `${HEAD}<Relationships xmlns="${NS_PKG_REL}">`
      + `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>`
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
      + `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`);
    let wb = `${HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr defaultThemeVersion="164011"/><bookViews><workbookView activeTab="0"/></bookViews><sheets>`;
    sheets.forEach((s, i) => (wb += `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`));
    wb += '</sheets>';
    const titles = sheets.map((s, i) => ({ s, i })).filter(({ s }) => s.printTitles);
    if (titles.length) {
      wb += '<definedNames>';
      for (const { s, i } of titles) {
        const sheet = `'${escapeXml(s.name.replace(/'/g, "''"))}'`;
        wb += `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${(s.printTitles as string[]).map((r) => `${sheet}!${r}`).join(',')}</definedName>`;
      }
      wb += '</definedNames>';
    }
    this.whole('xl/workbook.xml', wb + '<calcPr calcId="171027"/></workbook>');
    let rels = `${HEAD}<Relationships xmlns="${NS_PKG_REL}">`;
    sheets.forEach((s, i) => (rels += `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${s.file}.xml"/>`));
    rels += `<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
    this.whole('xl/_rels/workbook.xml.rels', rels);
    for (const s of this.sheets) {
      if (!s.table) continue;
      this.whole(`xl/worksheets/_rels/sheet${s.file}.xml.rels`, `${HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${REL}/table" Target="../tables/${s.table}"/></Relationships>`);
    }
    this.tables.forEach((x, i) => this.whole(`xl/tables/table${i + 1}.xml`, x));
    this.whole('xl/styles.xml', this.styles.xml());
    const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const el = (tag: string, v: string | undefined) => (v ? `<${tag}>${escapeXml(v)}</${tag}>` : '');
    this.whole('docProps/core.xml', `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
      + el('dc:creator', props.creator) + el('dc:title', props.title) + el('dc:subject', props.subject) + el('dc:description', props.description)
      + el('cp:keywords', props.keywords) + el('cp:category', props.category) + el('cp:lastModifiedBy', props.lastModifiedBy)
      + `<dcterms:created xsi:type="dcterms:W3CDTF">${iso(props.created)}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso(props.modified)}</dcterms:modified></cp:coreProperties>`);
    let app = `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>`;
    app += `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>`;
    app += `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${escapeXml(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>`;
    app += `<Company>${escapeXml(props.company ?? '')}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>`;
    this.whole('docProps/app.xml', app);
    this.zip.end();
    if (this.failed) throw this.failed;
  }
}

/** Plans written whole into one byte array (small books, tests): the chunks gathered. */
export function plansToXlsxBytes(plans: SheetPlan[], opts: XlsxWriterOptions): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new XlsxStreamWriter((c) => chunks.push(c), opts);
  plans.forEach((p, i) => w.writeSheet(p, i));
  w.finish();
  return concat(chunks);
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
