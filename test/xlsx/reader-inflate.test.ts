/**
 * The add-in's import in webviews without a raw-deflate DecompressionStream (Safari before 16.4,
 * Chromium before 103): fflate inflates the same bytes, and the size bound still stops a bomb.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { readBook } from '../../src/xlsx/read';
import { browserInflater, bufferSource, entryBytes, fflateInflate, readDirectory, webInflate, ZipSizeError, type Inflater } from '../../src/xlsx/zip';
import { rawPart, writeZipRaw } from '../support/zip';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'bko-register-2025-10.xlsx');

async function partsWith(bytes: Uint8Array, inflate: Inflater): Promise<Map<string, Buffer>> {
  const src = bufferSource(bytes);
  const out = new Map<string, Buffer>();
  for (const e of await readDirectory(src)) {
    const chunks: Uint8Array[] = [];
    for await (const c of entryBytes(src, e, inflate, 64 * 1024 * 1024)) chunks.push(c);
    out.set(e.name, Buffer.concat(chunks));
  }
  return out;
}

test('fflate inflates every part of the sample to the same bytes as the web\'s DecompressionStream', async () => {
  const bytes = new Uint8Array(await fs.readFile(SAMPLE));
  const web = await partsWith(bytes, webInflate);
  const ff = await partsWith(bytes, fflateInflate);
  expect([...ff.keys()]).toEqual([...web.keys()]);
  for (const [name, b] of web) expect([name, ff.get(name)!.equals(b)]).toEqual([name, true]);
  expect(web.size).toBeGreaterThan(5);
});

test('a part that inflates past its bound is stopped as it grows, with fflate too', async () => {
  // 40 MB of zeros packs to ~40 KB and says it is 40 MB: a bound of 1 MB stops it early.
  const bomb = writeZipRaw([rawPart('xl/worksheets/sheet1.xml', Buffer.alloc(40 * 1024 * 1024))]);
  const src = bufferSource(new Uint8Array(bomb));
  const [entry] = await readDirectory(src);
  let seen = 0;
  await expect((async () => {
    for await (const c of entryBytes(src, { ...entry, size: 40 * 1024 * 1024 }, fflateInflate, 1024 * 1024)) seen += c.length;
  })()).rejects.toBeInstanceOf(ZipSizeError);
  expect(seen).toBeLessThanOrEqual(1024 * 1024);
});

test('the browser\'s inflater: the web\'s where it does raw deflate, fflate where DecompressionStream is missing or lacks it', () => {
  expect(browserInflater()).toBe(webInflate);
  expect(browserInflater({})).toBe(fflateInflate);
  class GzipOnly {
    constructor(format: string) {
      if (format !== 'gzip' && format !== 'deflate') throw new TypeError(`Unsupported compression format: '${format}'`);
    }
  }
  expect(browserInflater({ DecompressionStream: GzipOnly })).toBe(fflateInflate);
});

test('the add-in\'s reader reads the sample the same in a webview without DecompressionStream', async () => {
  const bytes = await fs.readFile(SAMPLE);
  const withWeb = await readBook(bytes, 'sample.xlsx');
  const saved = (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
  delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
  try {
    const without = await readBook(bytes, 'sample.xlsx');
    expect(without.sheets).toEqual(withWeb.sheets);
    for (const s of withWeb.sheets) expect(without.grid(s).values).toEqual(withWeb.grid(s).values);
  } finally {
    (globalThis as { DecompressionStream?: unknown }).DecompressionStream = saved;
  }
});
