/**
 * Office.js adapter, writing: sheet plans → sheets of the open workbook.
 *
 * - The tool's own sheets (marked with the worksheet custom property `tizilim.role`, or on hosts
 *   before ExcelApi 1.12 with the document custom property `tizilim.role.<sheet id>`) are written
 *   again in place: cleared (contents, formats, merges, frozen panes, widths, heights, tables,
 *   charts) and filled anew, keeping their id, name, position and visibility — so every formula and
 *   chart series that reads them, ours or the user's, stays bound to them (a sheet renamed away and
 *   deleted would leave them all #REF!). A sheet of the same name that is not the tool's (the user's)
 *   is never touched: ours goes under a free name ("Тізілім (2)") and formulas that pointed at the
 *   planned name follow it. A sheet of ours the user renamed is theirs to keep: the plan's name gets
 *   a new sheet.
 * - Every sheet is made (or cleared) before any formula is written: Excel binds a formula to the
 *   sheets that exist when it is entered, and takes a name that is no sheet yet for a link to another
 *   workbook — it never binds it to a sheet made afterwards. Contents go in with the register first,
 *   charts last, once the sheets they plot are written.
 * - Each sheet's mark carries a fingerprint of what was written (its values and formulas, as Excel
 *   reads them back, formulas without their sheet qualifiers: Excel rewrites those when a sheet is
 *   renamed or deleted, which is no edit of the user's). Before one of the tool's sheets is written
 *   again its content is compared with the fingerprint; a sheet the user has edited is replaced only
 *   if `confirmReplaceEdited` says yes, otherwise it is kept as the user's and ours goes under a free name.
 * - Plan strings always land as text: every string Excel would read as a formula, number, date or
 *   boolean is written with a leading apostrophe (Excel keeps the rest as text). Formulas come only
 *   from a plan cell's `f`.
 * - Work goes out in few syncs: operations are queued in order (every sheet; then per sheet values,
 *   number formats, looks, layout, links, table; then charts) and packed into batches under an
 *   estimated request size (`maxPayloadBytes`); value rows, formats, looks and links split across
 *   batches; on RequestPayloadSizeLimitExceeded the batch size is halved and the batch sent again (a
 *   rejected request applies nothing).
 * - Nothing blocks for long: a plan's rows are prepared (inputs, fingerprint, sizes) a block at a time
 *   as the batches reach them, with a turn of the event loop between blocks and after every sync;
 *   the progress says how many rows have been written.
 *
 * This module is the orchestration (writePlans: discover, place, confirm, then the ops in order);
 * the parts live in src/excel/write/: placement.ts (what the workbook holds, where each plan goes,
 * which of ours the user edited), fingerprint.ts, cells.ts (plan cells → inputs, sheet references),
 * rects.ts (cells grouped into rectangles), looks.ts (styles, number formats, layout), objects.ts
 * (tables, charts), batches.ts (operations, request-size budgeting, the sender). Its exports are the
 * writer's public API, the same as when it was one file.
 */
import { LOOKS, type CellStyle, type SheetPlan } from '../core/report/plan';
import { bareId, docRoleKey, excelApiSupported, ROLE_KEY, utf8Length, type ApiCheck } from './support';
import { ACTION_BYTES, linkBytesOf, linksOp, macrotask, PREPARE_BLOCK_CELLS, rectsOp, rowJsonBytes, sendBatches, valuesOp, type LinkCell, type Op } from './write/batches';
import { chartOp, tableOp } from './write/objects';
import { cellInput, parseLink, quoteRef, renameRefs, type Input } from './write/cells';
import { DOC_FINGERPRINT_PREFIX, Fingerprint, FINGERPRINT_KEY } from './write/fingerprint';
import { applyLook, layoutOp, lookActions, setNumberFormatAll } from './write/looks';
import { discover, editedSheets, place, upper } from './write/placement';
import { a1, RectGrouper } from './write/rects';

export { DEFAULT_MAX_PAYLOAD, PREPARE_BLOCK_CELLS, rowJsonBytes } from './write/batches';
export { cellInput, needsApostrophe, parseLink, renameRefs } from './write/cells';
export { cellToken, DOC_FINGERPRINT_PREFIX, Fingerprint, FINGERPRINT_KEY, FINGERPRINT_VERSION, type FingerprintVersion } from './write/fingerprint';
export { widthPoints } from './write/looks';
export { suffixedName } from './write/placement';
export { groupRects, RectGrouper, type Rect } from './write/rects';

export interface WriteOptions {
  /** Upper bound of one batch's estimated request (bytes). Default 3.5 MB: under 4 MB, and Excel on the web's 5 MB limit. */
  maxPayloadBytes?: number;
  supports?: ApiCheck;
  /** The sheet the plans were made from: links into it are never redirected when one of our sheets is renamed. */
  sourceSheet?: string;
  /** Activate the first written sheet at the end (default true). */
  activate?: boolean;
  /** Called after each batch with the share of the work done (0..1) and the plan rows written so far. */
  onProgress?: (done: number, rows: { rows: number; totalRows: number }) => void;
  /**
   * Some of the tool's sheets about to be replaced were edited since the tool wrote them (their
   * values or formulas differ from the fingerprint in the mark): may they be replaced? Default: no —
   * the edited sheets are kept as the user's and ours go under free names.
   */
  confirmReplaceEdited?: (sheetNames: string[]) => Promise<boolean>;
}

export interface WrittenSheet {
  /** The planned name. */
  plan: string;
  role: string;
  /** The name it has in the workbook. */
  name: string;
  /** An earlier sheet of the tool's of this name was written over (cleared and written again in place). */
  replaced: boolean;
  /** A user's sheet holds the planned name: ours went under `name`. */
  renamed: boolean;
  table?: string;
}

export interface WriteReport {
  sheets: WrittenSheet[];
  /** context.sync() calls made, including rejected ones. */
  syncs: number;
  /** Batches sent again after RequestPayloadSizeLimitExceeded. */
  retries: number;
  /** The largest estimated batch sent (bytes). */
  maxBatchBytes: number;
  marker: 'worksheet-custom-property' | 'document-custom-property';
  /** Links whose target sheet is not in the workbook (left as plain text). */
  linksSkipped: number;
  /** The tool's sheets found edited by the user: replaced (the user agreed) or kept. */
  edited: { name: string; replaced: boolean }[];
  /** Charts drawn, and the ones Excel refused (the sheets are written all the same). */
  charts: number;
  chartErrors: string[];
}
const DEFAULT_DATE_FORMAT = 'dd.mm.yyyy';

/**
 * Render plans into the workbook. Returns what was written where and how many syncs it took.
 * Office errors other than the payload limit are passed on (the task pane words them).
 *
 * The work is prepared as it is sent, never all at once: the rows of a plan are turned into cell
 * inputs (and fingerprinted) a block at a time, each block queued behind the previous one, with a
 * turn of the event loop (a macrotask) between blocks and after every sync — so a 100,000-row
 * register keeps the pane answering while it is written, in the same few syncs.
 */
export async function writePlans(context: Excel.RequestContext, plans: SheetPlan[], opts: WriteOptions = {}): Promise<WriteReport> {
  const supports = opts.supports ?? excelApiSupported;
  const counter = { syncs: 0 };
  const { existing, definedNames, docMarks, docFingerprints } = await discover(context, supports, counter);
  let placements = place(plans, existing, definedNames);
  const useSheetMarks = supports('1.12');

  // The tool's sheets the user edited since: replaced only with the user's yes, else kept as theirs.
  const edited = await editedSheets(context, placements.flatMap((p) => (p.replace ? [p.replace] : [])), counter);
  let replaceEdited = false;
  if (edited.length) {
    replaceEdited = opts.confirmReplaceEdited ? await opts.confirmReplaceEdited(edited.map((e) => e.name)) : false;
    if (!replaceEdited) {
      const keep = new Set(edited.map((e) => e.id));
      placements = place(plans, existing.map((e) => (keep.has(e.id) ? { ...e, role: null } : e)), definedNames);
    }
  }

  // Final names of renamed plans, for the formulas (and links) that point at them.
  const renames = new Map<string, string>();
  for (const p of placements) if (p.name !== p.plan.name) renames.set(p.plan.name, p.name);
  const source = opts.sourceSheet === undefined ? null : upper(opts.sourceSheet);
  const linkRenames = source === null ? new Map<string, string>() : new Map([...renames].filter(([from]) => upper(from) !== source));
  const sheetsAfter = new Set<string>([...existing.map((e) => upper(e.name)), ...placements.map((p) => upper(p.name))]);
  // A link goes to one of the sheets written or to the register's own source sheet; a register read from
  // a file links nowhere in this workbook (its "Лист1" is not the file's).
  const ours = new Set(placements.map((p) => upper(p.name)));
  const linkable = (sheet: string) => sheetsAfter.has(upper(sheet)) && (ours.has(upper(sheet)) || upper(sheet) === source);

  const proxies: (Excel.Worksheet | null)[] = placements.map(() => null);
  const fingerprints: Fingerprint[] = placements.map(() => new Fingerprint());
  let linksSkipped = 0;
  let charts = 0;
  const chartErrors: string[] = [];
  const canChart = supports('1.7');
  // The first sheet written that the user can see (one of ours they hid stays hidden and is not shown).
  const first = placements.findIndex((p) => p.replace === null || p.replace.visible);
  const activate = opts.activate !== false && first >= 0;
  // Contents in an order where what formulas read comes first: the register, then the rest as planned.
  const contentOrder = placements.map((_, i) => i).sort((a, b) => Number(placements[b].plan.role === 'register') - Number(placements[a].plan.role === 'register'));

  // What the progress is measured against: the plans' rows, and the bytes of the work (the rows not
  // yet prepared estimated from the ones that were).
  const totalRows = placements.reduce((n, p) => n + p.plan.rows.length, 0);
  const est = { produced: 0, preparedRows: 0, preparedRowBytes: 0, later: 0 };

  /** The operations in order, each prepared only when the batches reach it. */
  async function* produce(): AsyncGenerator<Op> {
    // 1. Every sheet, before any formula is written: a formula binds to the sheets that exist when it
    //    is entered (a name that is not a sheet yet is a broken link to another workbook, never bound
    //    to a sheet made later). One of ours is cleared and written again in place: its id, and every
    //    reference to it (our other sheets', the user's own formulas, a kept sheet's chart), stay
    //    alive; renaming it away and deleting it would turn them all into #REF!.
    for (let i = 0; i < placements.length; i++) {
      const p = placements[i];
      const old = p.replace;
      yield {
        bytes: (old ? 14 + 2 * (old.tables.length + old.charts.length) : 4) * ACTION_BYTES + 4 * utf8Length(p.name) + 160,
        run() {
          const sheets = context.workbook.worksheets;
          if (old) {
            const ws = sheets.getItem(old.id);
            proxies[i] = ws;
            for (const t of old.tables) ws.tables.getItem(t).delete();
            for (const c of old.charts) ws.charts.getItem(c).delete();
            if (supports('1.7')) ws.freezePanes.unfreeze();
            const all = ws.getRange();
            all.unmerge();
            all.clear('All');
            if (supports('1.2')) {
              all.format.useStandardWidth = true;
              all.format.useStandardHeight = true;
            }
          } else proxies[i] = sheets.add(p.name);
          const ws = proxies[i] as Excel.Worksheet;
          if (useSheetMarks) ws.customProperties.add(ROLE_KEY, p.plan.role);
          else ws.load('id');
        },
      };
    }

    // 2. Each sheet's contents, the register's first.
    for (const i of contentOrder) {
      const p = placements[i];
      const plan = p.plan;
      const sheetOf = () => {
        const ws = proxies[i];
        if (!ws) throw new Error(`tizilim: sheet "${p.name}" used before it was made`);
        return ws;
      };
      const fingerprint = fingerprints[i];

      // Values and formulas, a block of rows at a time (with their formats, looks and links noted).
      const width = plan.rows.reduce((w, r) => Math.max(w, r.length), 1);
      const fmtRects = new RectGrouper();
      const lookRects = new RectGrouper();
      const links: LinkCell[] = [];
      const block = Math.max(1, Math.floor(PREPARE_BLOCK_CELLS / width));
      for (let r0 = 0; r0 < plan.rows.length; r0 += block) {
        if (r0 > 0) await macrotask();
        const r1 = Math.min(plan.rows.length, r0 + block);
        const inputs: Input[][] = [];
        const rowBytes: number[] = [];
        const hasFormula: boolean[] = [];
        let linkBytes = 0;
        for (let r = r0; r < r1; r++) {
          const row = plan.rows[r];
          let f = false;
          const fmtKeys: (string | null)[] = [];
          const lookKeys: (string | null)[] = [];
          const line: Input[] = row.map((pc, c) => {
            if (pc?.f) f = true;
            if (pc?.link) {
              const target = parseLink(renameRefs(pc.link, linkRenames));
              if (target && linkable(target.sheet)) {
                const l = { r, c, target: `${quoteRef(target.sheet)}!${target.ref}` };
                links.push(l);
                linkBytes += linkBytesOf(l);
              } else linksSkipped++;
            }
            fmtKeys.push(pc ? pc.fmt ?? (pc.v instanceof Date ? DEFAULT_DATE_FORMAT : null) : null);
            lookKeys.push(pc && (pc.s || pc.link) ? `${pc.s ?? ''}|${pc.link ? 'link' : ''}` : null);
            const input = cellInput(pc, pc?.f ? renameRefs(pc.f, renames) : undefined);
            fingerprint.cell(r, c, input);
            return input;
          });
          fmtRects.add(fmtKeys);
          lookRects.add(lookKeys);
          inputs.push(line);
          hasFormula.push(f);
          // The row as it travels: padded to the block width with "" (3 bytes each with the comma).
          rowBytes.push(rowJsonBytes(line) + 1 + 3 * (width - line.length));
        }
        const op = valuesOp(sheetOf, inputs, rowBytes, hasFormula, width, r0, r0, r1);
        est.preparedRows += r1 - r0;
        est.preparedRowBytes += op.bytes + linkBytes;
        est.later += linkBytes;
        yield op;
      }

      // The fingerprint of what was written, complete now that every row has been through it.
      if (useSheetMarks) {
        yield {
          bytes: 3 * ACTION_BYTES + 80,
          run() {
            sheetOf().customProperties.add(FINGERPRINT_KEY, fingerprint.toString());
          },
        };
      }

      // Number formats, one call per rectangle of equal format (split across batches when there are many).
      const fmts = fmtRects.finish();
      if (fmts.length) {
        yield rectsOp(fmts, 0, fmts.length, (x) => 2 * ACTION_BYTES + 40 + utf8Length(x.key), (x) => setNumberFormatAll(sheetOf().getRange(a1(x)), x.key));
      }

      // Looks, one set of calls per rectangle of equal look (a Checks sheet of thousands of findings has thousands).
      const looks = lookRects.finish();
      if (looks.length) {
        const lookOf = (key: string) => {
          const [s, l] = key.split('|');
          return { look: s ? LOOKS[s as CellStyle] ?? {} : {}, link: l === 'link' };
        };
        yield rectsOp(
          looks,
          0,
          looks.length,
          (x) => {
            const { look, link } = lookOf(x.key);
            return (lookActions(look, link) + 1) * (ACTION_BYTES + 30);
          },
          (x) => {
            const { look, link } = lookOf(x.key);
            applyLook(sheetOf().getRange(a1(x)), look, link, x.r1 - x.r0 + 1, x.c1 - x.c0 + 1);
          },
        );
      }

      // Layout: column widths, merges, frozen panes, print setup.
      yield layoutOp(plan, sheetOf, supports);

      // Internal links, one per cell (Office.js has no call for many).
      if (links.length) {
        est.later -= links.reduce((n, l) => n + linkBytesOf(l), 0);
        yield linksOp(sheetOf, links, 0, links.length);
      }

      // The table, over data already written.
      const t = plan.table;
      if (t && p.tableName) {
        yield tableOp(sheetOf, t, p.tableName);
      }
    }

    // 3. Marks on hosts without worksheet custom properties; the first sheet shown.
    if (!useSheetMarks || activate) {
      yield {
        bytes: (placements.length * 3 + docMarks.size + docFingerprints.size + 4) * (ACTION_BYTES + 80),
        fresh: !useSheetMarks,
        run() {
          if (!useSheetMarks) {
            const custom = context.workbook.properties.custom;
            const alive = new Set(existing.filter((e) => !placements.some((p) => p.replace?.id === e.id)).map((e) => bareId(e.id)));
            for (const [id, mark] of docMarks) if (!alive.has(id)) custom.getItem(mark.key).delete();
            for (const [id, mark] of docFingerprints) if (!alive.has(id)) custom.getItem(mark.key).delete();
            placements.forEach((p, i) => {
              const ws = proxies[i];
              if (!ws) return;
              custom.add(docRoleKey(ws.id), p.plan.role);
              custom.add(DOC_FINGERPRINT_PREFIX + bareId(ws.id), fingerprints[i].toString());
            });
          }
          if (activate) proxies[first]?.activate();
        },
      };
    }

    // 4. Charts, last: once every sheet they read from is written (series ranges follow renamed sheets), each in a batch of its own.
    for (let i = 0; i < placements.length; i++) {
      const p = placements[i];
      const chart = p.plan.chart;
      if (!chart || !canChart) continue;
      const cats = parseLink(renameRefs(chart.categories, renames));
      const vals = parseLink(renameRefs(chart.values, renames));
      if (!cats || !vals || !sheetsAfter.has(upper(cats.sheet)) || !sheetsAfter.has(upper(vals.sheet))) continue;
      charts++;
      // A chart whose data is on another sheet: should a host refuse it, the summaries stand without it.
      yield chartOp(context, () => proxies[i], chart, cats, vals, (e) => {
        charts--;
        chartErrors.push(`${p.name}: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
  }

  // Pack the operations into batches as they are prepared, and send them.
  let shown = 0;
  const { retries, maxBatchBytes } = await sendBatches(context, produce(), {
    maxPayloadBytes: opts.maxPayloadBytes,
    suspend: supports('1.6'),
    counter,
    produced: (bytes) => {
      est.produced += bytes;
    },
    sent: (sent, rowsSent, finished) => {
      if (!opts.onProgress) return;
      const unprepared = totalRows - est.preparedRows;
      const perRow = est.preparedRows ? est.preparedRowBytes / est.preparedRows : 0;
      const total = Math.max(sent, est.produced + est.later + unprepared * perRow);
      shown = Math.max(shown, finished ? 1 : Math.min(0.99, sent / (total || 1)));
      opts.onProgress(shown, { rows: rowsSent, totalRows });
    },
  });

  return {
    sheets: placements.map((p) => ({
      plan: p.plan.name,
      role: p.plan.role,
      name: p.name,
      replaced: p.replace !== null,
      renamed: p.renamed,
      ...(p.tableName ? { table: p.tableName } : {}),
    })),
    syncs: counter.syncs,
    retries,
    maxBatchBytes,
    marker: useSheetMarks ? 'worksheet-custom-property' : 'document-custom-property',
    linksSkipped,
    edited: edited.map((e) => ({ name: e.name, replaced: replaceEdited })),
    charts,
    chartErrors,
  };
}

