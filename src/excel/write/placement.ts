/**
 * Office.js writer, whose sheets: what the workbook holds (its sheets, their marks, tables, charts,
 * fingerprints, defined names), where each plan goes (one of the tool's sheets is written again in
 * place; a user's sheet of the planned name is never touched, ours goes under a free name), and which
 * of the tool's sheets the user edited since they were written.
 */
import { READ_BLOCK_CELLS } from '../read';
import { bareId, docRoles, isPayloadLimitError, ROLE_KEY, type ApiCheck } from '../support';
import type { SheetPlan } from '../../core/report/plan';
import { macrotask, PREPARE_BLOCK_CELLS } from './batches';
import { DOC_FINGERPRINT_PREFIX, Fingerprint, FINGERPRINT_KEY, parseFingerprint } from './fingerprint';

// ---------------------------------------------------------------------------------------------
// Where each plan goes

export interface Existing {
  name: string;
  id: string;
  visible: boolean;
  role: string | null;
  tables: string[];
  charts: string[];
  /** The fingerprint written with the mark (null: none, e.g. written by an older version). */
  fingerprint: string | null;
  /** The extent of its values (1-based last row and column; 0 × 0 when empty). */
  extent: { rows: number; cols: number };
}

export interface Placement {
  plan: SheetPlan;
  name: string;
  replace: Existing | null;
  renamed: boolean;
  tableName?: string;
}

export const upper = (s: string) => s.toUpperCase();

/** "Тізілім" + 2 → "Тізілім (2)", kept within Excel's 31 characters. */
export function suffixedName(base: string, n: number): string {
  const suffix = ` (${n})`;
  return base.slice(0, 31 - suffix.length).trimEnd() + suffix;
}

export function place(plans: SheetPlan[], existing: Existing[], definedNames: string[]): Placement[] {
  const byName = new Map(existing.map((e) => [upper(e.name), e]));
  const claimed = new Set<string>();
  const out: Placement[] = [];
  for (const plan of plans) {
    for (let n = 1; ; n++) {
      const name = n === 1 ? plan.name : suffixedName(plan.name, n);
      const key = upper(name);
      if (claimed.has(key)) continue;
      const ex = byName.get(key);
      if (ex && ex.role === null) continue; // the user's sheet: never touched
      claimed.add(key);
      out.push({ plan, name, replace: ex ?? null, renamed: n > 1 });
      break;
    }
  }
  // Table names are workbook-wide (and may not equal a defined name): skip those still in use.
  const replacedIds = new Set(out.filter((p) => p.replace).map((p) => (p.replace as Existing).id));
  const taken = new Set<string>(definedNames.map(upper));
  for (const e of existing) if (!replacedIds.has(e.id)) for (const t of e.tables) taken.add(upper(t));
  for (const p of out) {
    if (!p.plan.table) continue;
    const base = p.plan.table.name;
    let name = base;
    for (let k = 2; taken.has(upper(name)); k++) name = `${base}${k}`;
    taken.add(upper(name));
    p.tableName = name;
  }
  return out;
}
export interface Discovery {
  existing: Existing[];
  definedNames: string[];
  docMarks: Map<string, { key: string; role: string }>;
  /** Fingerprints kept as document properties (hosts before ExcelApi 1.12), by bare worksheet id. */
  docFingerprints: Map<string, { key: string; value: string }>;
}

export async function discover(context: Excel.RequestContext, supports: ApiCheck, counter: { syncs: number }): Promise<Discovery> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id,items/visibility');
  const custom = context.workbook.properties.custom;
  custom.load('items/key,items/value');
  const names = context.workbook.names;
  names.load('items/name');
  counter.syncs++;
  await context.sync();
  const withMarks = supports('1.12');
  const per = sheets.items.map((ws) => {
    const prop = withMarks ? ws.customProperties.getItemOrNullObject(ROLE_KEY) : null;
    prop?.load('value');
    const fp = withMarks ? ws.customProperties.getItemOrNullObject(FINGERPRINT_KEY) : null;
    fp?.load('value');
    ws.tables.load('items/name');
    ws.charts.load('items/name');
    // The extent of the values: a first, cheap test of whether one of our sheets was edited.
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    return { ws, prop, fp, used };
  });
  counter.syncs++;
  await context.sync();
  const docMarks = docRoles(custom.items);
  const docFingerprints = new Map<string, { key: string; value: string }>();
  for (const it of custom.items) {
    if (typeof it.key === 'string' && it.key.toLowerCase().startsWith(DOC_FINGERPRINT_PREFIX)) {
      docFingerprints.set(it.key.slice(DOC_FINGERPRINT_PREFIX.length).toLowerCase(), { key: it.key, value: String(it.value) });
    }
  }
  const existing = per.map(({ ws, prop, fp, used }) => ({
    name: ws.name,
    id: ws.id,
    visible: ws.visibility === 'Visible',
    role: prop && !prop.isNullObject ? prop.value : docMarks.get(bareId(ws.id))?.role ?? null,
    tables: ws.tables.items.map((t) => t.name),
    charts: ws.charts.items.map((c) => c.name),
    fingerprint: fp && !fp.isNullObject ? fp.value : docFingerprints.get(bareId(ws.id))?.value ?? null,
    extent: used.isNullObject ? { rows: 0, cols: 0 } : { rows: used.rowIndex + used.rowCount, cols: used.columnIndex + used.columnCount },
  }));
  return { existing, definedNames: names.items.map((n) => n.name), docMarks, docFingerprints };
}

/**
 * The tool's sheets (about to be replaced) whose values or formulas differ from their fingerprint:
 * the extent first, then the content read in blocks under the response limit.
 */
export async function editedSheets(context: Excel.RequestContext, candidates: Existing[], counter: { syncs: number }): Promise<Existing[]> {
  const edited: Existing[] = [];
  for (const e of candidates) {
    const stored = e.fingerprint === null ? null : parseFingerprint(e.fingerprint);
    if (!stored) continue; // no fingerprint (an older version wrote it): nothing to compare with
    const { rows, cols } = e.extent;
    if (rows !== stored.rows || cols !== stored.cols) {
      edited.push(e);
      continue;
    }
    const fp = new Fingerprint(stored.version);
    const ws = context.workbook.worksheets.getItem(e.id);
    let block = Math.max(1, Math.floor(READ_BLOCK_CELLS / Math.max(cols, 1)));
    for (let r = 0; r < rows; ) {
      const n = Math.min(block, rows - r);
      const part = ws.getRangeByIndexes(r, 0, n, cols);
      part.load('formulas');
      try {
        counter.syncs++;
        await context.sync();
      } catch (err) {
        if (isPayloadLimitError(err) && n > 1) {
          block = Math.ceil(n / 2);
          continue;
        }
        throw err;
      }
      const f = part.formulas as unknown[][];
      const step = Math.max(1, Math.floor(PREPARE_BLOCK_CELLS / Math.max(cols, 1)));
      for (let i0 = 0; i0 < n; i0 += step) {
        if (i0 > 0) await macrotask(); // hashing a large sheet in pieces: the pane keeps answering
        for (let i = i0; i < Math.min(n, i0 + step); i++) for (let j = 0; j < cols; j++) fp.cell(r + i, j, f[i]?.[j]);
      }
      r += n;
    }
    if (fp.toString() !== e.fingerprint) edited.push(e);
  }
  return edited;
}
