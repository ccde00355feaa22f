/**
 * The National Bank's rates in the pane, apart from Excel: merging new rates with those the workbook
 * already holds (by date and currency: what is there stays, the user's corrections included), a
 * pasted table split into cells, and the NBK's per-date feed fetched for the days the register needs.
 *
 * Parsing (NBK XML, tables) is the core's (src/core/rates/rates.ts), done by the engine; this module only
 * moves plain rows (RateRow) about, so the page stays light.
 */
import Big from 'big.js';
import type { CellValue } from '../core/grid/grid';
import type { RateRow } from '../excel/rates';

export type { RateRow };

/** The National Bank's per-date feed (the CLI's `rates fetch` reads the same). */
export const NBK_FEED = 'https://nationalbank.kz/rss/get_rates.cfm';

/** "2025-10-13" → https://nationalbank.kz/rss/get_rates.cfm?fdate=13.10.2025 */
export function nbkUrl(date: string): string {
  const [y, m, d] = date.split('-');
  return `${NBK_FEED}?fdate=${d}.${m}.${y}`;
}

export interface RateDiffer {
  date: string;
  currency: string;
  /** What the workbook holds (kept), and what came in (not written). */
  kept: RateRow;
  offered: RateRow;
}

export interface RatesMerge {
  /** New (date, currency) pairs: to be added. */
  added: RateRow[];
  /** Already there with the same rate. */
  same: number;
  /** Already there with another rate: the workbook's is kept, never overwritten. */
  differ: RateDiffer[];
}

const key = (r: RateRow) => `${r.date} ${r.currency.toUpperCase()}`;

/** Tenge per unit, compared exactly (quoted / quant, without dividing). */
function sameRate(a: RateRow, b: RateRow): boolean {
  try {
    return new Big(a.quoted).times(b.quant).eq(new Big(b.quoted).times(a.quant));
  } catch {
    return a.quoted === b.quoted && a.quant === b.quant;
  }
}

/** Merge by (date, currency): the workbook's rates win; new pairs are added once each. */
export function mergeRates(existing: RateRow[], incoming: RateRow[]): RatesMerge {
  const have = new Map<string, RateRow>();
  for (const r of existing) if (!have.has(key(r))) have.set(key(r), r);
  const added: RateRow[] = [];
  const differ: RateDiffer[] = [];
  let same = 0;
  const seen = new Set<string>();
  for (const r of incoming) {
    const k = key(r);
    if (seen.has(k)) continue;
    seen.add(k);
    const old = have.get(k);
    if (!old) added.push(r);
    else if (sameRate(old, r)) same++;
    else differ.push({ date: r.date, currency: r.currency, kept: old, offered: r });
  }
  added.sort((a, b) => a.date.localeCompare(b.date) || a.currency.localeCompare(b.currency));
  return { added, same, differ };
}

/**
 * A pasted table (from Excel, a web page, a text file) as rows of cells: tab-separated when any tab
 * is there, else separated by ";". Blank lines are dropped.
 */
export function pastedCells(text: string): CellValue[][] {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const sep = lines.some((l) => l.includes('\t')) ? '\t' : ';';
  return lines.map((l) => l.split(sep).map((c) => {
    const v = c.trim().replace(/^"(.*)"$/, '$1').trim();
    return v === '' ? null : v;
  }));
}

/** Headings for a pasted table that has none (date, currency, rate[, quant]). */
export const PASTE_HEADINGS = ['Date', 'Currency', 'Rate', 'Quant'];

// ---------------------------------------------------------------------------------------------
// The National Bank's feed

/** The browser did not let the request through (CORS, a proxy, no network): the file route is offered. */
export class NbkBlockedError extends Error {
  readonly code = 'NBK_BLOCKED';
  constructor(readonly urls: string[], message: string) {
    super(message);
    this.name = 'NbkBlockedError';
  }
}

/** The site answered, but not with rates (an HTTP error or a page that is not the feed). */
export class NbkFailedError extends Error {
  readonly code = 'NBK_FAILED';
  /** `reason`: words of the site's answer (HTTP 404), or the rates reader's reason as a catalogue key. */
  constructor(readonly url: string, readonly reason: string | { key: string; params: Record<string, string | number> }) {
    super(`${url}: ${typeof reason === 'string' ? reason : reason.key}`);
    this.name = 'NbkFailedError';
  }
}

export interface DayFeed {
  /** The day asked for, and the day whose feed was read (an earlier one over a weekend). */
  date: string;
  fetched: string;
  url: string;
  text: string;
}

export interface NbkFetch {
  /** fetch, or a stand-in (tests). */
  fetch?: typeof fetch;
  /** How many earlier days to look back when a day has no rate (weekends and holidays). */
  lookBack?: number;
  /** Does this feed hold a rate for the currencies needed? (the engine parses; default: any <item>). */
  hasRates?: (text: string) => Promise<boolean> | boolean;
  progress?: (done: number, total: number) => void;
  timeoutMs?: number;
}

function minusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
}

/**
 * Each day's feed: the day itself, or the nearest earlier day that has rates (the core takes the
 * latest rate on or before a date, never a later one). Throws NbkBlockedError when the browser
 * refuses the request, NbkFailedError when the site answers with something else.
 */
export async function fetchNbkDays(dates: string[], o: NbkFetch = {}): Promise<DayFeed[]> {
  const get = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const lookBack = o.lookBack ?? 6;
  const hasRates = o.hasRates ?? ((t: string) => /<item[\s>]/i.test(t));
  const cache = new Map<string, string>();
  const out: DayFeed[] = [];
  const wanted = [...new Set(dates)].sort();
  for (let i = 0; i < wanted.length; i++) {
    const date = wanted[i];
    for (let back = 0; back <= lookBack; back++) {
      const day = minusDays(date, back);
      const url = nbkUrl(day);
      let text = cache.get(day);
      if (text === undefined) {
        let res: Response;
        try {
          res = await get(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 20000), credentials: 'omit', cache: 'no-store' });
        } catch (e) {
          throw new NbkBlockedError(wanted.map(nbkUrl), e instanceof Error ? e.message : String(e));
        }
        if (!res.ok) throw new NbkFailedError(url, `HTTP ${res.status}`);
        text = await res.text();
        if (!/<(rates|rss)[\s>/]/i.test(text)) throw new NbkFailedError(url, 'not an NBK rates feed');
        cache.set(day, text);
      }
      if ((await hasRates(text)) || back === lookBack) {
        out.push({ date, fetched: day, url, text });
        break;
      }
    }
    o.progress?.(i + 1, wanted.length);
  }
  return out;
}
