/**
 * Diagnostics: a self-test of the Excel the pane runs in. The tool is tested against an in-memory
 * Excel (test/support/fake-excel.ts) that assumes how Excel behaves; this checks each of those
 * assumptions on the real one, on a scratch sheet it removes afterwards, and reports pass or fail with
 * the host, platform and version — a report the user can copy and send.
 *
 * What is checked (each on its own; one failing does not stop the others):
 * - text: a string written with a leading apostrophe stays that text ("=1+2", "0012", "-5"), never a
 *   formula or a number (the writer relies on it for every text cell of the register);
 * - formulas: a formula written after the sheet it reads exists calculates, and a sheet the tool
 *   replaces (deleted, added again, refilled) gives a formula written after it the new figures;
 * - payload: a request of about the writer's block size (3.4 MB) goes through in one sync; what the
 *   host does with one over 5 MB is reported (Excel on the web refuses it);
 * - notes and comments: a note (ExcelApi 1.18) and a threaded comment (1.10) are added, read and
 *   removed, and a comment is refused on a cell that holds a note (the marks rely on it);
 * - properties: a document custom property of 255 characters and a worksheet custom property (1.12)
 *   are kept as written — the tool's marks on its sheets;
 * - settings: the workbook's SettingCollection keeps an object (both runtimes read the settings there);
 * - dates: a built-in and a custom date format are both read as dates (by the formats' categories where
 *   there are any: Excel on the web reports built-in formats in local letters), and the date system;
 * - selection: a cell the add-in selects (Range.select) raises Workbook.onSelectionChanged (ExcelApi
 *   1.2) as the user's selection does — the in-memory Excel assumes so, and the drill-down's "follow the
 *   selection" keeps its list when its own link moves the selection; the sheet active before is activated again;
 * - new workbook: Excel.createWorkbook opens a tiny workbook given as base64 (ExcelApi 1.8);
 * - requirement sets: which ExcelApi sets the host has, against the manifest's 1.7 and each feature's.
 */
import { isDateCell } from './read';
import { jsonBytes, officeErrorCode, type ApiCheck } from './support';

export type CheckId = 'text' | 'formulas' | 'payload' | 'notes' | 'properties' | 'settings' | 'dates' | 'selection' | 'createWorkbook' | 'requirements' | 'cleanup';

export interface DiagnosticCheck {
  id: CheckId;
  /** true pass, false fail, null not run here (the host lacks what it needs). */
  ok: boolean | null;
  /** What was seen (technical, for whoever reads the report). */
  detail: string;
}

export interface DiagnosticsReport {
  /** ISO time. */
  at: string;
  tool: string;
  host: string;
  platform: string;
  version: string;
  displayLanguage: string;
  userAgent: string;
  /** The highest ExcelApi set, and every requirement set asked about. */
  excelApi: string | null;
  sets: Record<string, boolean>;
  checks: DiagnosticCheck[];
  passed: number;
  failed: number;
  skipped: number;
}

/** What Diagnostics needs of Office.js (or the in-memory Excel). */
export interface DiagnosticsEnv {
  excel: { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>; createWorkbook?: (base64: string) => Promise<void> };
  /** Office.context, as far as it is read: diagnostics (host, platform, version), the language, requirement sets. */
  office?: {
    diagnostics?: { host?: unknown; platform?: unknown; version?: unknown };
    platform?: unknown;
    displayLanguage?: string;
    requirements?: { isSetSupported?(name: string, version?: string): boolean };
  } | null;
  supports: ApiCheck;
  tool?: string;
  userAgent?: string;
  /** Run the Excel.createWorkbook check (it opens a small workbook on the screen). Default true. */
  createWorkbook?: boolean;
  /** Called as each check ends (the pane's progress). */
  onCheck?: (check: DiagnosticCheck, index: number, total: number) => void;
  /** Request size of the payload check (bytes). */
  payloadBytes?: number;
}

/** The writer's largest batch is 3.5 MB (src/excel/write.ts): a request a little under it must go through. */
export const PAYLOAD_BYTES = 3_400_000;
/** A request over Excel on the web's 5 MB limit: what the host does with it is reported. */
export const OVER_LIMIT_BYTES = 5_300_000;

const EXCEL_SETS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11', '1.12', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20'];
/** What each feature of the tool needs (the README's table). */
export const FEATURE_SETS: [string, string][] = [
  ['the add-in (manifest)', '1.7'],
  ['settings in the workbook', '1.4'],
  ['open an export as a new workbook', '1.8'],
  ['marks keep fill patterns', '1.9'],
  ['marks as threaded comments', '1.10'],
  ['sheet marks, date categories', '1.12'],
  ['merged headings', '1.13'],
  ['marks as notes', '1.18'],
];

const ids: CheckId[] = ['requirements', 'text', 'formulas', 'payload', 'notes', 'properties', 'settings', 'dates', 'selection', 'createWorkbook', 'cleanup'];

/** How long the selection check waits for Excel's SelectionChanged event. */
export const SELECTION_EVENT_WAIT_MS = 3000;

function message(e: unknown): string {
  const code = officeErrorCode(e);
  const text = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 160);
  return code ? `${code}: ${text}` : text;
}

const show = (v: unknown) => JSON.stringify(v);

/** Run every check; never throws. */
export async function runDiagnostics(env: DiagnosticsEnv): Promise<DiagnosticsReport> {
  const { excel, supports } = env;
  const office = env.office ?? null;
  const d = office?.diagnostics ?? {};
  const sets: Record<string, boolean> = {};
  for (const v of EXCEL_SETS) sets[`ExcelApi ${v}`] = supports(v);
  const req = office?.requirements;
  const other = (name: string, v: string) => {
    try {
      return typeof req?.isSetSupported === 'function' ? req.isSetSupported(name, v) : false;
    } catch {
      return false;
    }
  };
  for (const [n, v] of [['DialogApi', '1.1'], ['DialogApi', '1.2'], ['SharedRuntime', '1.1']] as const) sets[`${n} ${v}`] = other(n, v);
  const excelApi = [...EXCEL_SETS].reverse().find((v) => supports(v)) ?? null;
  const checks: DiagnosticCheck[] = [];
  const tag = Date.now().toString(36).slice(-6);
  const scratch = `tizilim.diag.${tag}`;
  const scratch2 = `tizilim.diag2.${tag}`;
  const propKey = `tizilim.diag.${tag}`;
  const settingKey = `tizilim.diag.${tag}`;

  const record = (id: CheckId, ok: boolean | null, detail: string) => {
    const c = { id, ok, detail };
    checks.push(c);
    env.onCheck?.(c, checks.length, ids.length);
  };
  const attempt = async (id: CheckId, body: () => Promise<{ ok: boolean | null; detail: string }>) => {
    try {
      const r = await body();
      record(id, r.ok, r.detail);
    } catch (e) {
      record(id, false, message(e));
    }
  };

  await attempt('requirements', async () => {
    const missing = FEATURE_SETS.filter(([, v]) => !supports(v)).map(([f, v]) => `${f} (ExcelApi ${v})`);
    return { ok: supports('1.7'), detail: `highest ExcelApi ${excelApi ?? 'none'}${missing.length ? `; without: ${missing.join(', ')}` : '; every feature available'}` };
  });

  // The scratch sheet, added once for the checks that need cells.
  let made = false;
  try {
    await excel.run(async (context) => {
      context.workbook.worksheets.add(scratch);
      await context.sync();
    });
    made = true;
  } catch (e) {
    for (const id of ['text', 'formulas', 'payload', 'notes', 'properties', 'dates', 'selection'] as CheckId[]) record(id, false, `no scratch sheet: ${message(e)}`);
  }

  if (made) {
    await attempt('text', async () => {
      const typed = ["'=1+2", "'0012", "'-5", "'TRUE"];
      const expected = ['=1+2', '0012', '-5', 'TRUE'];
      return excel.run(async (context) => {
        const r = context.workbook.worksheets.getItem(scratch).getRange('A1:D1');
        r.values = [typed];
        await context.sync();
        r.load('values,valueTypes');
        await context.sync();
        const values = r.values[0];
        const types = r.valueTypes[0] as string[];
        const ok = expected.every((x, i) => values[i] === x && types[i] === 'String');
        return { ok, detail: `wrote ${show(typed)}, read ${show(values)} (${types.join(', ')})` };
      });
    });

    await attempt('formulas', async () => {
      return excel.run(async (context) => {
        const sheets = context.workbook.worksheets;
        const src = sheets.getItem(scratch);
        const data = sheets.add(scratch2);
        data.getRange('A1:A2').values = [[2], [3]];
        await context.sync();
        const cell = src.getRange('F1');
        cell.formulas = [[`=SUM('${scratch2}'!A1:A2)`]];
        cell.load('values');
        await context.sync();
        const first = cell.values[0][0];
        // Replaced as the writer replaces a sheet of its own: deleted, added again, refilled; the formula written after.
        sheets.getItem(scratch2).delete();
        await context.sync();
        cell.load('values');
        await context.sync();
        const broken = cell.values[0][0];
        const again = sheets.add(scratch2);
        again.getRange('A1:A2').values = [[4], [6]];
        await context.sync();
        cell.formulas = [[`=SUM('${scratch2}'!A1:A2)`]];
        cell.load('values');
        await context.sync();
        const after = cell.values[0][0];
        return { ok: first === 5 && after === 10, detail: `=SUM over the other sheet: ${show(first)} (5 expected); after that sheet was deleted: ${show(broken)}; written again after it was replaced: ${show(after)} (10 expected)` };
      });
    });

    await attempt('payload', async () => {
      const target = env.payloadBytes ?? PAYLOAD_BYTES;
      const block = (bytes: number) => {
        const cols = 10;
        const text = 'x'.repeat(220);
        const rows = Math.max(1, Math.floor(bytes / (cols * (text.length + 3))));
        return Array.from({ length: rows }, () => new Array<string>(cols).fill(text));
      };
      const send = (values: string[][]) =>
        excel.run(async (context) => {
          const ws = context.workbook.worksheets.getItem(scratch);
          ws.getRangeByIndexes(10, 0, values.length, values[0].length).values = values;
          await context.sync();
          const probe = ws.getRangeByIndexes(10 + values.length - 1, 9, 1, 1);
          probe.load('values');
          await context.sync();
          ws.getRangeByIndexes(10, 0, values.length, values[0].length).clear();
          await context.sync();
          return probe.values[0][0] === values[0][0];
        });
      const near = block(target);
      const nearBytes = jsonBytes(near);
      const ok = await send(near);
      let over: string;
      try {
        const big = block(OVER_LIMIT_BYTES);
        over = (await send(big)) ? `a ${(jsonBytes(big) / 1e6).toFixed(1)} MB request was accepted` : 'a request over 5 MB went through but did not write';
      } catch (e) {
        over = `a request over 5 MB was refused (${officeErrorCode(e) ?? message(e)})`;
      }
      return { ok, detail: `a ${(nearBytes / 1e6).toFixed(1)} MB request ${ok ? 'went through' : 'did not write its cells'} in one sync; ${over}` };
    });

    await attempt('notes', async () => {
      if (!supports('1.10')) return { ok: null, detail: 'no notes or threaded comments before ExcelApi 1.10 (the marks are a fill alone)' };
      return excel.run(async (context) => {
        const ws = context.workbook.worksheets.getItem(scratch);
        const seen: string[] = [];
        let ok = true;
        const at = (a: string) => `'${scratch}'!${a}`;
        const comment = context.workbook.comments.add(at('H1'), 'Tizilim comment');
        await context.sync();
        comment.load('content');
        await context.sync();
        ok = ok && comment.content === 'Tizilim comment';
        seen.push(`comment read back ${show(comment.content)}`);
        comment.delete();
        await context.sync();
        if (supports('1.18')) {
          const note = ws.notes.add('H2', 'Tizilim note');
          await context.sync();
          note.load('content');
          await context.sync();
          ok = ok && note.content === 'Tizilim note';
          seen.push(`note read back ${show(note.content)}`);
          // A cell holds a note or a threaded comment: Excel must refuse a comment over the note.
          let refused = false;
          try {
            context.workbook.comments.add(at('H2'), 'over the note');
            await context.sync();
          } catch (e) {
            refused = true;
            seen.push(`a comment over the note was refused (${officeErrorCode(e) ?? message(e)})`);
          }
          if (!refused) seen.push('a comment over the note was ACCEPTED');
          const kept = ws.notes.getItemOrNullObject('H2');
          kept.load('content');
          await context.sync();
          const noteKept = !kept.isNullObject && kept.content === 'Tizilim note';
          if (!noteKept) seen.push('the note was lost');
          ok = ok && refused && noteKept;
        } else seen.push('notes need ExcelApi 1.18: not checked');
        return { ok, detail: seen.join('; ') };
      });
    });

    await attempt('properties', async () => {
      const value = 'Тізілім '.repeat(32).slice(0, 255);
      return excel.run(async (context) => {
        const custom = context.workbook.properties.custom;
        custom.add(propKey, value);
        await context.sync();
        const p = custom.getItemOrNullObject(propKey);
        p.load('value');
        await context.sync();
        const docOk = !p.isNullObject && p.value === value;
        const seen = [`document property of ${value.length} characters ${docOk ? 'kept' : `came back as ${show(p.isNullObject ? null : p.value)}`}`];
        let sheetOk = true;
        if (supports('1.12')) {
          const ws = context.workbook.worksheets.getItem(scratch);
          ws.customProperties.add('tizilim.role', 'diagnostics');
          await context.sync();
          const wp = ws.customProperties.getItemOrNullObject('tizilim.role');
          wp.load('value');
          await context.sync();
          sheetOk = !wp.isNullObject && wp.value === 'diagnostics';
          seen.push(`worksheet property ${sheetOk ? 'kept' : 'lost'}`);
        } else seen.push('worksheet properties need ExcelApi 1.12: the marks go to document properties');
        return { ok: docOk && sheetOk, detail: seen.join('; ') };
      });
    });

    await attempt('dates', async () => {
      return excel.run(async (context) => {
        const r = context.workbook.worksheets.getItem(scratch).getRange('J1:K1');
        r.values = [[45940, 45940]];
        r.numberFormat = [['m/d/yyyy', 'dd.mm.yyyy']];
        await context.sync();
        const withCategories = supports('1.12');
        r.load(withCategories ? 'numberFormat,numberFormatCategories' : 'numberFormat');
        const probe = supports('1.2') ? context.workbook.functions.date(1904, 1, 1) : null;
        probe?.load('value');
        await context.sync();
        const formats = r.numberFormat[0] as string[];
        const categories = withCategories ? (r.numberFormatCategories[0] as string[]) : [null, null];
        const dates = formats.map((f, i) => isDateCell(f, categories[i]));
        const system = probe ? (probe.value === 0 ? '1904' : probe.value === 1462 ? '1900' : `unknown (DATE(1904,1,1) = ${show(probe.value)})`) : 'not asked (ExcelApi 1.2)';
        return {
          ok: dates.every(Boolean) && !system.startsWith('unknown'),
          detail: `formats read back ${show(formats)}${withCategories ? `, categories ${show(categories)}` : ' (no categories before ExcelApi 1.12)'}; read as dates: ${show(dates)}; date system ${system}`,
        };
      });
    });
  }

  if (made) {
    await attempt('selection', async () => {
      if (!supports('1.2')) return { ok: null, detail: 'no Workbook.onSelectionChanged before ExcelApi 1.2 (the drill-down has its button only)' };
      return excel.run(async (context) => {
        const wb = context.workbook;
        const active = wb.worksheets.getActiveWorksheet();
        active.load('name');
        let fired = 0;
        let heard: () => void = () => undefined;
        const event = new Promise<void>((resolve) => (heard = resolve));
        const handler = wb.onSelectionChanged.add(async () => {
          fired++;
          heard();
        });
        await context.sync();
        const before = active.name;
        wb.worksheets.getItem(scratch).getRange('L3').select();
        await context.sync();
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([event, new Promise<void>((resolve) => (timer = setTimeout(resolve, SELECTION_EVENT_WAIT_MS)))]);
        clearTimeout(timer);
        handler.remove();
        wb.worksheets.getItem(before).activate();
        await context.sync();
        return {
          ok: fired > 0,
          detail: fired > 0 ? `the add-in's Range.select raised SelectionChanged (${fired}×); "${before}" active again` : `the add-in's Range.select raised no SelectionChanged within ${SELECTION_EVENT_WAIT_MS / 1000} s (the in-memory Excel assumes it does); "${before}" active again`,
        };
      });
    });
  }

  await attempt('settings', async () => {
    if (!supports('1.4')) return { ok: false, detail: 'no SettingCollection before ExcelApi 1.4' };
    const value = { a: 'Тізілім', n: 1.5, list: [1, 'two'], nested: { ok: true } };
    return excel.run(async (context) => {
      const settings = context.workbook.settings;
      settings.add(settingKey, value);
      await context.sync();
      const s = settings.getItemOrNullObject(settingKey);
      s.load('value');
      await context.sync();
      const back = s.isNullObject ? null : (s.value as unknown);
      return { ok: JSON.stringify(back) === JSON.stringify(value), detail: `an object kept as ${show(back)}` };
    });
  });

  await attempt('createWorkbook', async () => {
    if (env.createWorkbook === false) return { ok: null, detail: 'not run (asked not to open a workbook)' };
    if (!supports('1.8') || typeof excel.createWorkbook !== 'function') return { ok: null, detail: 'no Excel.createWorkbook before ExcelApi 1.8 (exports are downloaded)' };
    // Loaded now: the pane's first load stays without a workbook writer of any kind.
    const { tinyXlsx } = await import(/* webpackChunkName: "tiny-xlsx" */ './tiny-xlsx');
    const bytes = tinyXlsx('Tizilim', 'Tizilim diagnostics: this workbook can be closed without saving.');
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    await excel.createWorkbook(btoa(s));
    return { ok: true, detail: `a ${bytes.length}-byte workbook opened as a new workbook (close it without saving)` };
  });

  // Cleanup: the scratch sheets, the property, the setting.
  await attempt('cleanup', async () => {
    const left: string[] = [];
    await excel.run(async (context) => {
      const sheets = [scratch, scratch2].map((n) => context.workbook.worksheets.getItemOrNullObject(n));
      const prop = context.workbook.properties.custom.getItemOrNullObject(propKey);
      const setting = supports('1.4') ? context.workbook.settings.getItemOrNullObject(settingKey) : null;
      for (const s of sheets) s.load('name');
      prop.load('key');
      setting?.load('key');
      await context.sync();
      for (const s of sheets) if (!s.isNullObject) s.delete();
      if (!prop.isNullObject) prop.delete();
      if (setting && !setting.isNullObject) setting.delete();
      await context.sync();
      const again = [scratch, scratch2].map((n) => context.workbook.worksheets.getItemOrNullObject(n));
      for (const s of again) s.load('name');
      await context.sync();
      again.forEach((s, i) => {
        if (!s.isNullObject) left.push([scratch, scratch2][i]);
      });
    });
    return { ok: left.length === 0, detail: left.length ? `left behind: ${left.join(', ')}` : 'the scratch sheets, the property and the setting were removed' };
  });

  const str = (x: unknown, dflt: string) => (typeof x === 'string' && x ? x : dflt);
  return {
    at: new Date().toISOString(),
    tool: env.tool ?? 'Tizilim',
    host: str(d.host, 'Excel'),
    platform: str(d.platform ?? office?.platform, 'unknown'),
    version: str(d.version, 'unknown'),
    displayLanguage: str(office?.displayLanguage, 'unknown'),
    userAgent: env.userAgent ?? (typeof navigator !== 'undefined' ? navigator.userAgent : 'unknown'),
    excelApi,
    sets,
    checks,
    passed: checks.filter((c) => c.ok === true).length,
    failed: checks.filter((c) => c.ok === false).length,
    skipped: checks.filter((c) => c.ok === null).length,
  };
}

/** The report as plain text to copy: one line per check, then the host and the sets. */
export function reportText(r: DiagnosticsReport, title: (id: CheckId) => string = (id) => id, words = { pass: 'PASS', fail: 'FAIL', skip: 'n/a' }): string {
  const lines = [
    `${r.tool} — Diagnostics, ${r.at}`,
    `Host: ${r.host}; platform: ${r.platform}; version: ${r.version}; language: ${r.displayLanguage}`,
    `ExcelApi: ${r.excelApi ?? 'none'}; ${Object.entries(r.sets).filter(([k]) => !k.startsWith('ExcelApi')).map(([k, v]) => `${k}: ${v ? 'yes' : 'no'}`).join('; ')}`,
    `Webview: ${r.userAgent}`,
    `${r.passed} ${words.pass}, ${r.failed} ${words.fail}, ${r.skipped} ${words.skip}`,
    '',
    ...r.checks.map((c) => `[${c.ok === true ? words.pass : c.ok === false ? words.fail : words.skip}] ${title(c.id)}: ${c.detail}`),
  ];
  return lines.join('\n');
}
