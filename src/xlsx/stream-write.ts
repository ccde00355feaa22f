/**
 * ExcelJS adapter, writing as a stream: sheet plans rendered through ExcelJS's streaming WorkbookWriter,
 * rows committed as they are written, so a register of a million rows never sits in memory. The cells
 * come out as src/xlsx/write.ts renders them (values, formulas with their cached results, number
 * formats, looks, merges, widths, heights, frozen panes, print setup, the register's Excel table,
 * in-book links); strings are written inline (no shared-strings table to hold), and every cell of one
 * look shares one style object, so ExcelJS finds its style id without building it again.
 *
 * Three things the streaming writer cannot do by itself are done here, each small and tested:
 * - the tab order: a worksheet's zip entry opens when the sheet is made, and the register (written
 *   while it is read) must come before the summaries (made at the end), so the sheets are written in
 *   that order and the workbook's sheet list (workbook.xml, docProps/app.xml) is put in the plan's order
 *   just before the workbook is committed;
 * - the register's Excel table (the streaming writer has no addTable): its part, relationship, content
 *   type and <tableParts> are written here with ExcelJS's own TableXform;
 * - links: ExcelJS keeps each hyperlink in memory and writes its relationship at once; here they are
 *   kept compactly and written when the sheet ends, the relationships generated as the zip takes them,
 *   in the shape the in-memory writer gives them (a relationship and the in-book location).
 */
import { Readable } from 'stream';
import ExcelJS from 'exceljs';
import { columnLetters } from '../core/grid/a1';
import { fitCellText, type CellStyle, type PlanCell, type SheetPlan } from '../core/report/plan';
import { pageSetup, xlsxLooks, tableColumnName } from './write';
import { escapeXml } from './xml-text';

/* eslint-disable @typescript-eslint/no-require-imports */
const TableXform = require('exceljs/lib/xlsx/xform/table/table-xform') as new () => { prepare(model: unknown, options: unknown): void; toXml(model: unknown): string };
const ContentTypesXform = require('exceljs/lib/xlsx/xform/core/content-types-xform') as new () => { toXml(model: unknown): string };
const RelType = require('exceljs/lib/xlsx/rel-type') as { Hyperlink: string; Table: string };
const PrintOptionsXform = require('exceljs/lib/xlsx/xform/sheet/print-options-xform') as new () => { toXml(model: unknown): string };
/* eslint-enable @typescript-eslint/no-require-imports */

type Row = (PlanCell | null)[];

interface StreamBuf {
  write(data: string | Buffer): void;
  end(): void;
  pipes?: { writableLength?: number; _writableState?: { length: number }; once(event: 'drain', fn: () => void): void }[];
  buffers?: { length: number }[];
}

/** The parts of ExcelJS's WorksheetWriter this module drives (see the module comment). */
interface SheetWriter extends ExcelJS.Worksheet {
  id: number;
  stream: StreamBuf;
  committed: boolean;
  _rows: (ExcelJS.Row | undefined)[] | null;
  startedData: boolean;
  _writeRow(row: ExcelJS.Row): void;
  _writeOpenSheetData(): void;
  _writeCloseSheetData(): void;
  _writeAutoFilter(): void;
  _writeMergeCells(): void;
  _writeConditionalFormatting(): void;
  _writeDataValidations(): void;
  _writeSheetProtection(): void;
  _writePageMargins(): void;
  _writePageSetup(): void;
  _writeBackground(): void;
  _writeHeaderFooter(): void;
  _writeRowBreaks(): void;
  _writeLegacyData(): void;
  _writeCloseWorksheet(): void;
  _sheetCommentsWriter: { commit(): void };
  _sheetRelsWriter: { commit(): void };
}

interface BookWriter {
  zip: { append(source: string | Readable, data: { name: string }): void };
  _worksheets: (SheetWriter | undefined)[];
  sharedStrings: unknown;
  commentRefs: unknown;
  media: unknown;
  addContentTypes(): Promise<void>;
  addWorksheet(name: string, options: unknown): SheetWriter;
  commit(): Promise<void>;
  creator: string;
  lastModifiedBy: string;
  title: string;
  subject: string;
}

/** In-book links of a sheet, a few bytes each: the cell, and the target split into a shared prefix and its row number. */
class Links {
  private cells: number[] = [];
  private targets: number[] = [];
  private prefixes: string[] = [];
  private prefixIds = new Map<string, number>();
  get size(): number {
    return this.cells.length >> 1;
  }
  add(row: number, col: number, target: string): void {
    const m = /^(.*?)([1-9]\d{0,8})$/.exec(target);
    const prefix = m ? m[1] : target;
    let id = this.prefixIds.get(prefix);
    if (id === undefined) {
      id = this.prefixes.length;
      this.prefixes.push(prefix);
      this.prefixIds.set(prefix, id);
    }
    this.cells.push(row, col);
    this.targets.push(id, m ? Number(m[2]) : -1);
  }
  *each(): Generator<{ address: string; target: string }> {
    for (let i = 0; i < this.cells.length; i += 2) {
      const n = this.targets[i + 1];
      yield { address: columnLetters(this.cells[i + 1]) + this.cells[i], target: this.prefixes[this.targets[i]] + (n >= 0 ? String(n) : '') };
    }
  }
}

const INTERNAL = /^[^!]+![a-zA-Z]+[\d]+$/;
/** How much a sheet's zip entry may hold unread before writing waits for the zip (bytes). */
const HIGH_WATER = 8 * 1024 * 1024;

/** A sheet being written row by row. */
export class StreamSheet {
  private r = 0;
  private readonly links = new Links();
  /** The first rows' values: a table's header is among them. */
  private readonly early: unknown[][] = [];

  constructor(private readonly book: StreamBook, private readonly ws: SheetWriter, private readonly plan: SheetPlan, private readonly keep: boolean) {}

  get rowCount(): number {
    return this.r;
  }

  /**
   * The next row. `keep`: rows stay uncommitted until end() (a small sheet with merges); otherwise each
   * is committed (written to the zip entry) at once.
   */
  add(cells: Row): void {
    const r = ++this.r;
    if (r <= 10) this.early[r] = cells.map((c) => c?.v ?? null);
    const row = this.ws.getRow(r);
    for (let c = 0; c < cells.length; c++) {
      const pc = cells[c];
      if (!pc) continue;
      const cell = row.getCell(c + 1);
      if (pc.f) cell.value = { formula: pc.f, result: pc.v === null ? undefined : pc.v } as ExcelJS.CellFormulaValue;
      else {
        if (pc.link && typeof pc.v === 'string') {
          const target = pc.link.replace(/^#/, '');
          const sheet = /^'?(.*?)'?!/.exec(target)?.[1]?.replace(/''/g, "'");
          if (sheet && this.book.names.has(sheet)) this.links.add(r, c + 1, target);
        }
        // Strings are written as text (ExcelJS never turns them into formulas), within a cell's limit.
        cell.value = typeof pc.v === 'string' ? fitCellText(pc.v) : pc.v;
      }
      const style = this.book.style(pc.s, pc.fmt, pc.v instanceof Date);
      if (style) cell.style = style;
    }
    const h = this.plan.heights?.[r];
    if (h !== undefined) row.height = h;
    if (!this.keep) row.commit();
  }

  /** Rows from a generator (a sheet made at the end, row by row), the zip given time to take them every 500. */
  async addAll(rows: Iterable<Row>): Promise<void> {
    let n = 0;
    for (const row of rows) {
      this.add(row);
      if (++n % 500 === 0) await this.pace();
    }
  }

  /** Wait while the zip has not taken what this sheet wrote (ExcelJS's streams do not push back themselves). */
  async pace(): Promise<void> {
    const s = this.ws.stream;
    for (;;) {
      const dest = s.pipes?.[0];
      if (dest) {
        // The zip's entry is a readable-stream PassThrough (no writableLength in its version): what it holds unread.
        if ((dest._writableState?.length ?? dest.writableLength ?? 0) < HIGH_WATER) return;
        await new Promise<void>((resolve) => dest.once('drain', resolve));
      } else {
        let held = 0;
        for (const b of s.buffers ?? []) held += b.length;
        if (held < HIGH_WATER) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  /**
   * The sheet's end, with what only the end knows (`last`: the plan as finished, e.g. the register's
   * table over all its rows): merges, links, the table; what follows the rows in the XML.
   */
  async end(last: Partial<Pick<SheetPlan, 'table' | 'merges'>> = {}): Promise<void> {
    const ws = this.ws;
    const plan = { ...this.plan, ...last };
    for (const m of plan.merges) ws.mergeCells(m.top, m.left, m.bottom, m.right);
    for (const row of ws._rows ?? []) if (row) ws._writeRow(row);
    ws._rows = null;
    if (!ws.startedData) ws._writeOpenSheetData();
    ws._writeCloseSheetData();
    ws._writeAutoFilter();
    ws._writeMergeCells();
    let rid = 0;
    if (this.links.size) {
      ws.stream.write('<hyperlinks>');
      let chunk = '';
      let k = 0;
      for (const l of this.links.each()) {
        rid++;
        chunk += `<hyperlink ref="${l.address}" r:id="rId${rid}"${INTERNAL.test(l.target) ? ` location="${escapeXml(l.target)}"` : ''}/>`;
        if (++k % 5000 === 0) {
          ws.stream.write(chunk);
          chunk = '';
          await this.pace();
        }
      }
      ws.stream.write(chunk + '</hyperlinks>');
    }
    ws._writeConditionalFormatting();
    ws._writeDataValidations();
    ws._writeSheetProtection();
    // The streaming writer leaves out <printOptions> (centred on the page), which the in-memory one writes.
    ws.stream.write(new PrintOptionsXform().toXml(ws.pageSetup));
    ws._writePageMargins();
    ws._writePageSetup();
    ws._writeBackground();
    ws._writeHeaderFooter();
    ws._writeRowBreaks();
    ws._writeLegacyData();
    const table = plan.table ? this.book.addTable(plan.table, (this.early[plan.table.top] ?? []).slice(plan.table.left - 1).map((v, i) => String(v ?? `Column${i + 1}`))) : null;
    if (table) ws.stream.write(`<tableParts count="1"><tablePart r:id="rId${rid + 1}"/></tableParts>`);
    ws._writeCloseWorksheet();
    ws.stream.end();
    ws._sheetCommentsWriter.commit();
    ws._sheetRelsWriter.commit();
    ws.committed = true;
    if (this.links.size || table) {
      const links = this.links;
      const tableTarget = table;
      this.book.append(Readable.from((function* () {
        yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';
        let n = 0;
        let chunk = '';
        for (const l of links.each()) {
          n++;
          chunk += `<Relationship Id="rId${n}" Type="${RelType.Hyperlink}" Target="${escapeXml(l.target)}" TargetMode="External"/>`;
          if (n % 5000 === 0) {
            yield chunk;
            chunk = '';
          }
        }
        if (tableTarget) chunk += `<Relationship Id="rId${n + 1}" Type="${RelType.Table}" Target="../tables/${tableTarget}"/>`;
        yield chunk + '</Relationships>';
      })()), `/xl/worksheets/_rels/sheet${ws.id}.xml.rels`);
    }
  }
}

/** A workbook written sheet by sheet through ExcelJS's streaming writer. */
export class StreamBook {
  private readonly wb: BookWriter;
  private readonly styles = new Map<string, Partial<ExcelJS.Style>>();
  private readonly looks = xlsxLooks();
  private readonly tables: { target: string }[] = [];

  /** `names`: every sheet the workbook will hold (links are written only to these). */
  constructor(file: string, readonly names: Set<string>, props: { title?: string; subject?: string } = {}) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false }) as unknown as BookWriter;
    wb.creator = 'Tizilim';
    wb.lastModifiedBy = 'Tizilim';
    if (props.title) wb.title = props.title;
    if (props.subject) wb.subject = props.subject;
    // The content types name the tables too.
    wb.addContentTypes = () => {
      const model = { worksheets: wb._worksheets.filter(Boolean), sharedStrings: wb.sharedStrings, commentRefs: wb.commentRefs, media: wb.media, tables: this.tables };
      wb.zip.append(new ContentTypesXform().toXml(model), { name: '[Content_Types].xml' });
      return Promise.resolve();
    };
    this.wb = wb;
  }

  /**
   * One style object per look, number format and (a date without a format takes ExcelJS's default date
   * format, decided with the first cell an object is met on) date: ExcelJS maps each object to its style id once.
   */
  style(s: CellStyle | undefined, fmt: string | undefined, date: boolean): Partial<ExcelJS.Style> | undefined {
    if (!s && !fmt) return undefined;
    const key = `${s ?? ''}|${fmt ?? ''}|${date && !fmt ? 'd' : ''}`;
    let st = this.styles.get(key);
    if (!st) {
      st = {};
      if (fmt) st.numFmt = fmt;
      const look = s ? this.looks[s] : undefined;
      if (look) {
        if (look.font) st.font = look.font;
        if (look.fill) st.fill = look.fill;
        if (look.border) st.border = look.border;
        if (look.alignment) st.alignment = look.alignment;
      }
      this.styles.set(key, st);
    }
    return st;
  }

  /** A sheet to write row by row; `keep` holds its rows until end() (merges need them). */
  sheet(plan: SheetPlan, keep = false): StreamSheet {
    const view: Partial<ExcelJS.WorksheetView> = plan.freeze ? { state: 'frozen', xSplit: plan.freeze.cols, ySplit: plan.freeze.rows } as Partial<ExcelJS.WorksheetView> : {};
    if (plan.gridlines === false) view.showGridLines = false;
    const ws = this.wb.addWorksheet(plan.name, { views: Object.keys(view).length ? [view] : [], pageSetup: pageSetup(plan) });
    plan.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    return new StreamSheet(this, ws, plan, keep);
  }

  /** A whole (small) sheet. */
  async write(plan: SheetPlan): Promise<void> {
    const s = this.sheet(plan, true);
    for (const row of plan.rows) s.add(row);
    await s.end();
  }

  /** The table part of a sheet (ExcelJS's TableXform), as write.ts's addTable gives it; its file name. */
  addTable(t: NonNullable<SheetPlan['table']>, header: string[]): string {
    const id = this.tables.length + 1;
    const target = `table${id}.xml`;
    const ref = `${columnLetters(t.left)}${t.top}:${columnLetters(t.right)}${t.bottom}`;
    const model = {
      id, name: t.name, displayName: t.name, tableRef: ref, autoFilterRef: ref, headerRow: true, totalsRow: false,
      style: { theme: 'TableStyleLight9', showRowStripes: true, showFirstColumn: false, showLastColumn: false, showColumnStripes: false },
      columns: Array.from({ length: t.right - t.left + 1 }, (_, i) => (i === 0
        ? { name: tableColumnName(header[i] ?? `Column${i + 1}`), filterButton: true, totalsRowLabel: 'Total' }
        : { name: tableColumnName(header[i] ?? `Column${i + 1}`), filterButton: true, totalsRowFunction: 'none', totalsRowFormula: null })),
    };
    const xform = new TableXform();
    xform.prepare(model, {});
    this.wb.zip.append(xform.toXml(model), { name: `xl/tables/${target}` });
    this.tables.push({ target });
    return target;
  }

  append(source: Readable, name: string): void {
    this.wb.zip.append(source, { name });
  }

  /** Put the sheets in the given order (workbook.xml's list, app.xml's titles) and write the workbook's remaining parts. */
  async commit(order: string[]): Promise<void> {
    const sheets = this.wb._worksheets.filter(Boolean) as SheetWriter[];
    const rank = new Map(order.map((n, i) => [n, i]));
    const sorted = [...sheets].sort((a, b) => (rank.get(a.name) ?? 1e9) - (rank.get(b.name) ?? 1e9));
    this.wb._worksheets = sorted;
    await this.wb.commit();
  }
}

