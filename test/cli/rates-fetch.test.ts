/**
 * `tizilim rates fetch` against a local HTTP server on loopback serving recorded feed files: a working
 * week with a weekend, a server error and a malformed day (a clear message, nothing half-written).
 */
import { promises as fs } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { openSource } from '../../src/xlsx/read';
import { parseRatesTable, RateTable } from '../../src/core/rates/rates';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'nbk');
let server: http.Server;
let base: string;
let dir: string;
const requests: string[] = [];
/** Days the server answers badly: 500, or a document cut off mid-file. */
const broken: Record<string, 'error' | 'malformed' | 'huge' | { serve: string }> = {};

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const m = /fdate=(\d\d)\.(\d\d)\.(\d{4})/.exec(req.url ?? '');
    requests.push(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    const iso = `${m[3]}-${m[2]}-${m[1]}`;
    const how = broken[iso];
    if (how === 'error') return void res.writeHead(500).end('Internal Server Error');
    if (how === 'huge') {
      // An endless answer with no length header: the client must stop reading it.
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<?xml version="1.0" encoding="utf-8"?><rates><!--');
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('--></rates>');
      };
      res.on('close', () => (sent = Infinity));
      return more();
    }
    const file = how === 'malformed' ? 'malformed.xml' : typeof how === 'object' ? `${how.serve}.xml` : `${iso}.xml`;
    try {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(await fs.readFile(path.join(FIXTURES, file)));
    } catch {
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<?xml version="1.0" encoding="utf-8"?><rates/>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tizilim-fetch-'));
  for (const k of Object.keys(broken)) delete broken[k];
  requests.length = 0;
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

function fetchCli(args: string[]): Promise<{ code: number; err: string[]; out: string[] }> {
  return runCli(['rates', 'fetch', '--base-url', base, ...args]);
}

test('a week with a weekend: one request per day, the empty days add nothing, and the workbook reads back as rates', async () => {
  const out = path.join(dir, 'rates.xlsx');
  const r = await fetchCli(['--from', '2025-10-10', '--to', '2025-10-14', '--currencies', 'CNY,USD', '-o', out, '--lang', 'en']);
  expect(r.code).toBe(0);
  expect(requests.map((u) => /fdate=([\d.]+)/.exec(u)![1])).toEqual(['10.10.2025', '11.10.2025', '12.10.2025', '13.10.2025', '14.10.2025']);
  const book = await openSource(out);
  const parsed = parseRatesTable(book.grid(book.sheets[0]).values, 'rates.xlsx');
  if (!parsed.ok) throw new Error(parsed.message);
  const table = new RateTable(parsed.rates);
  expect(new Set(parsed.rates.map((x) => x.currency))).toEqual(new Set(['CNY', 'USD']));
  expect(new Set(parsed.rates.map((x) => x.date))).toEqual(new Set(['2025-10-10', '2025-10-13', '2025-10-14']));
  // Saturday's figure is Friday's rate: no rate was published on the 11th.
  expect(table.lookup('CNY', '2025-10-11')!.date).toBe('2025-10-10');
  expect(r.out).toEqual([`${parsed.rates.length} rates written to ${out}`]);
});

test.each([['kk', 'csv'], ['ru', 'csv'], ['en', 'csv'], ['kk', 'xlsx'], ['ru', 'xlsx']])('the %s %s form reads back the same', async (lang, ext) => {
  const out = path.join(dir, `rates.${ext}`);
  expect((await fetchCli(['--from', '2025-10-13', '--to', '2025-10-14', '--currencies', 'CNY', '-o', out, '--lang', lang])).code).toBe(0);
  const book = await openSource(out);
  const parsed = parseRatesTable(book.grid(book.sheets[0]).values, out);
  if (!parsed.ok) throw new Error(parsed.message);
  expect(parsed.rates.map((x) => [x.date, x.currency])).toEqual([['2025-10-13', 'CNY'], ['2025-10-14', 'CNY']]);
});

test('a server error on one day: exit 2, the day named, nothing written', async () => {
  broken['2025-10-13'] = 'error';
  const out = path.join(dir, 'rates.xlsx');
  const r = await fetchCli(['--from', '2025-10-10', '--to', '2025-10-14', '-o', out, '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err[0]).toMatch(/^The rates could not be fetched: 2025-10-13: http:\/\/127\.0\.0\.1:\d+\/rss\/get_rates\.cfm\?fdate=13\.10\.2025: HTTP 500\. Nothing was written/);
  expect(await fs.readdir(dir)).toEqual([]);
});

test('a malformed day: exit 2 with the parser\'s reason, nothing written', async () => {
  broken['2025-10-14'] = 'malformed';
  const out = path.join(dir, 'rates.xlsx');
  const r = await fetchCli(['--from', '2025-10-13', '--to', '2025-10-14', '-o', out, '--lang', 'ru']);
  expect(r.code).toBe(2);
  expect(r.err[0]).toMatch(/^Не удалось получить курсы: 2025-10-14: NBK 2025-10-14: malformed XML/);
  expect(await fs.readdir(dir)).toEqual([]);
});

test('a reversed period or an unknown currency is refused before any request', async () => {
  expect((await fetchCli(['--from', '2025-10-14', '--to', '2025-10-10', '-o', path.join(dir, 'r.xlsx')])).code).toBe(2);
  expect((await fetchCli(['--from', '2025-10-10', '--to', '2025-10-14', '--currencies', 'XYZ', '-o', path.join(dir, 'r.xlsx')])).code).toBe(2);
  expect(requests).toEqual([]);
});

test('a feed that answers with another day\'s rates is refused, naming both days; nothing written', async () => {
  broken['2025-10-14'] = { serve: '2025-10-13' };
  const out = path.join(dir, 'rates.xlsx');
  const r = await fetchCli(['--from', '2025-10-13', '--to', '2025-10-14', '-o', out, '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err[0]).toMatch(/^The rates could not be fetched: 2025-10-14: .*fdate=14\.10\.2025: the feed gives the rates of 2025-10-13, not of the day asked for\./);
  expect(await fs.readdir(dir)).toEqual([]);
});

test('a Saturday or Sunday answered with Friday\'s rates is the weekend rule, and accepted', async () => {
  broken['2025-10-11'] = { serve: '2025-10-10' };
  broken['2025-10-12'] = { serve: '2025-10-10' };
  const out = path.join(dir, 'rates.csv');
  const r = await fetchCli(['--from', '2025-10-10', '--to', '2025-10-13', '--currencies', 'CNY', '-o', out, '--lang', 'en']);
  expect(r.code).toBe(0);
  // Monday answered with Friday's rates is not the weekend rule.
  broken['2025-10-13'] = { serve: '2025-10-10' };
  expect((await fetchCli(['--from', '2025-10-13', '--to', '2025-10-13', '-o', path.join(dir, 'mon.csv'), '--lang', 'en'])).code).toBe(2);
});

test('an answer far larger than a feed is cut off and refused: nothing written', async () => {
  broken['2025-10-13'] = 'huge';
  const out = path.join(dir, 'rates.xlsx');
  const r = await fetchCli(['--from', '2025-10-13', '--to', '2025-10-13', '-o', out, '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err[0]).toMatch(/the answer is larger than 1 MB: not a rates feed/);
  expect(await fs.readdir(dir)).toEqual([]);
});
