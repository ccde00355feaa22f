/**
 * `tizilim rates fetch`: the National Bank's per-date feed for each day of a period, written as a
 * rates workbook (or CSV) that `--rates` and the add-in's rates sheet read back. All days or nothing:
 * a server error or a malformed day stops the fetch and nothing is written.
 */
import Big from 'big.js';
import { t, text, type Lang } from '../core/words';
import type { Currency } from '../core/money/money';
import type { SheetPlan } from '../core/report/plan';
import { parseNbkXml, type Rate } from '../core/rates/rates';
import { InputError } from '../core/grid/problems';
import { writePlansFile, writeTextFile } from '../xlsx/write';

export const NBK_BASE_URL = 'https://nationalbank.kz';

/** The rates sheet's headings: the words parseRatesTable reads in every language. */
const RATE_COLUMNS = ['rates.date', 'rates.currency', 'rates.rate', 'rates.quant', 'rates.source'];

export interface FetchOptions {
  from: string;
  to: string;
  currencies: Currency[];
  out: string;
  lang: Lang;
  /** The feed's host (tests point it at a local server). */
  baseUrl?: string;
  /** Told after each day: "fetched 3 of 31 days". */
  progress?: (done: number, total: number, date: string) => void;
}

export class FetchError extends Error {}

/** Each ISO day from `from` to `to`, inclusive. */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(to + 'T00:00:00Z');
  for (let t = Date.parse(from + 'T00:00:00Z'); t <= end; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function feedUrl(base: string, iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${base.replace(/\/$/, '')}/rss/get_rates.cfm?fdate=${d}.${m}.${y}`;
}

/** One day's feed is a few kilobytes: a response past this is not a rates feed. */
export const MAX_FEED_BYTES = 1024 * 1024;

/** The response's text, refused once it grows past MAX_FEED_BYTES (its length header is not trusted). */
async function boundedText(res: Response, iso: string, url: string): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_FEED_BYTES) {
      await reader.cancel();
      throw new FetchError(`${iso}: ${url}: the answer is larger than ${MAX_FEED_BYTES / 1048576} MB: not a rates feed`);
    }
    parts.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(parts));
}

/**
 * Whether a feed asked for `asked` may carry rates dated `date`: the day itself or, for a Saturday
 * or a Sunday, the Friday before it (the last working day, whose rate stands over the weekend).
 */
export function feedDateFits(date: string, asked: string): boolean {
  if (date === asked) return true;
  const t = Date.parse(asked + 'T00:00:00Z');
  const dow = new Date(t).getUTCDay();
  const back = dow === 6 ? 1 : dow === 0 ? 2 : 0;
  return back > 0 && date === new Date(t - back * 86400000).toISOString().slice(0, 10);
}

/** Fetch every day; a weekend's empty <rates/> simply adds nothing. Throws FetchError naming the day. */
export async function fetchRates(o: FetchOptions): Promise<Rate[]> {
  const all: Rate[] = [];
  const list = days(o.from, o.to);
  for (let i = 0; i < list.length; i++) {
    const iso = list[i];
    const url = feedUrl(o.baseUrl ?? NBK_BASE_URL, iso);
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(30000) });
    } catch (e) {
      throw new FetchError(`${iso}: ${url}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new FetchError(`${iso}: ${url}: HTTP ${res.status}`);
    const parsed = parseNbkXml(await boundedText(res, iso, url), `NBK ${iso}`);
    if (!parsed.ok) throw new FetchError(`${iso}: ${parsed.message}`);
    const stray = parsed.rates.find((r) => !feedDateFits(r.date, iso));
    if (stray) throw new FetchError(`${iso}: ${url}: the feed gives the rates of ${stray.date}, not of the day asked for`);
    all.push(...parsed.rates.filter((r) => o.currencies.includes(r.currency)));
    o.progress?.(i + 1, list.length, iso);
  }
  return all;
}

/** The rates as a sheet: date, currency, rate, quant, source — the columns parseRatesTable reads. */
export function ratesPlan(rates: Rate[], lang: Lang): SheetPlan {
  const sorted = [...rates].sort((a, b) => a.date.localeCompare(b.date) || a.currency.localeCompare(b.currency));
  const head = RATE_COLUMNS.map((k) => ({ v: text(k, lang), s: 'header' as const }));
  return {
    name: t('sheet.rates', lang),
    role: 'rates',
    widths: [12, 10, 14, 8, 40],
    merges: [],
    freeze: { rows: 1, cols: 0 },
    rows: [
      head,
      ...sorted.map((r) => [
        { v: new Date(r.date + 'T00:00:00Z'), fmt: 'dd.mm.yyyy', s: 'cell' as const },
        { v: r.currency, s: 'cell' as const },
        { v: Number(r.quoted.toFixed()), fmt: '#,##0.00##', s: 'cell' as const },
        { v: r.quant, fmt: '0', s: 'cell' as const },
        { v: r.source, s: 'cell' as const },
      ]),
    ],
  };
}

function csvOf(rates: Rate[], lang: Lang): string {
  const head = RATE_COLUMNS.map((k) => text(k, lang));
  const q = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [head.map(q).join(';')];
  for (const r of [...rates].sort((a, b) => a.date.localeCompare(b.date) || a.currency.localeCompare(b.currency))) {
    const [y, m, d] = r.date.split('-');
    lines.push([`${d}.${m}.${y}`, r.currency, new Big(r.quoted).toFixed().replace('.', ','), String(r.quant), q(r.source)].join(';'));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** Fetch and write; nothing is written unless every day came in. */
export async function fetchAndWrite(o: FetchOptions): Promise<number> {
  const rates = await fetchRates(o);
  if (o.out.toLowerCase().endsWith('.csv')) await writeTextFile(o.out, csvOf(rates, o.lang));
  else await writePlansFile([ratesPlan(rates, o.lang)], o.out, { title: 'NBK rates' });
  return rates.length;
}

export { InputError };
