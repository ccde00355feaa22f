/**
 * Reading a zip (an .xlsx, .xlsm, .ods) by its central directory, one entry at a time, in any order:
 * the workbook, its styles and shared strings first, then the sheets, whatever order the program
 * that wrote the file put them in. Nothing is written to disk, and no entry is held whole: each
 * comes out as chunks of its inflated bytes.
 *
 * Bounded: an entry that inflates to more than it declares, or more than the caller allows, is
 * refused as soon as it passes that size (a zip bomb is stopped there, not expanded).
 */
import { Inflate as FflateInflate } from 'fflate';

/** Bytes read from anywhere in a file or a buffer. */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Promise<Uint8Array>;
}

/** Raw deflate: compressed chunks in, inflated chunks out. */
export type Inflater = (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;

export interface ZipEntry {
  /** As stored, with "/" separators. */
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** The inflated size the central directory declares. */
  size: number;
  /** Offset of the local header. */
  offset: number;
}

/** Not a zip, or a damaged one (a structure that does not hold together, an unknown compression). */
export class ZipFormatError extends Error {}

/** An entry that inflates to more than allowed. */
export class ZipSizeError extends Error {
  /** `declared`: it inflates to more than its own header says (a damaged file, or a bomb that lies). */
  constructor(readonly entry: string, readonly limit: number, readonly declared = false) {
    super(`${entry}: more than ${limit} bytes${declared ? ' (its declared size)' : ''}`);
  }
}

export function bufferSource(b: Uint8Array): ByteSource {
  return {
    size: b.length,
    read: async (position, length) => b.subarray(position, Math.min(b.length, position + length)),
  };
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 0x100000000;

/** The entries of the central directory, in its order (directories left out). */
export async function readDirectory(src: ByteSource): Promise<ZipEntry[]> {
  if (src.size < 22) throw new ZipFormatError('too short for a zip');
  const tailLen = Math.min(src.size, 22 + 65535 + 20);
  const tailAt = src.size - tailLen;
  const tail = await src.read(tailAt, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: the locator just before the end record points at the zip64 end record.
    const loc = eocd - 20;
    if (loc < 0 || u32(tail, loc) !== 0x07064b50) throw new ZipFormatError('zip64 locator missing');
    const recAt = u64(tail, loc + 8);
    const rec = await src.read(recAt, 56);
    if (rec.length < 56 || u32(rec, 0) !== 0x06064b50) throw new ZipFormatError('zip64 end record missing');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (cdOffset + cdSize > src.size) throw new ZipFormatError('central directory outside the file');
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) throw new ZipFormatError('central directory damaged');
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    let compressedSize = u32(cd, p + 20);
    let size = u32(cd, p + 24);
    const nameLen = u16(cd, p + 28), extraLen = u16(cd, p + 30), commentLen = u16(cd, p + 32);
    let offset = u32(cd, p + 42);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    // UTF-8 when flagged, and in practice also when not (CP437 names are not in workbooks).
    const name = new TextDecoder('utf-8').decode(nameBytes).replace(/\\/g, '/');
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(cd, x), len = u16(cd, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff) { size = u64(cd, q); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(cd, q); q += 8; }
        if (offset === 0xffffffff) offset = u64(cd, q);
      }
      x += 4 + len;
    }
    p = xEnd + commentLen;
    if (!name.endsWith('/')) entries.push({ name, method, flags, compressedSize, size, offset });
  }
  return entries;
}

const READ_CHUNK = 1 << 18;

/** An entry's stored bytes, a chunk at a time. */
async function* storedBytes(src: ByteSource, e: ZipEntry): AsyncGenerator<Uint8Array> {
  const head = await src.read(e.offset, 30);
  if (head.length < 30 || u32(head, 0) !== 0x04034b50) throw new ZipFormatError(`${e.name}: local header missing`);
  let at = e.offset + 30 + u16(head, 26) + u16(head, 28);
  const end = at + e.compressedSize;
  if (end > src.size) throw new ZipFormatError(`${e.name}: data outside the file`);
  while (at < end) {
    const n = Math.min(READ_CHUNK, end - at);
    const b = await src.read(at, n);
    if (b.length === 0) throw new ZipFormatError(`${e.name}: data cut short`);
    at += b.length;
    yield b;
  }
}

/**
 * An entry's inflated bytes, a chunk at a time. `limit`: the most bytes it may inflate to (the
 * declared size too: more than that is refused the moment it shows).
 */
export async function* entryBytes(src: ByteSource, e: ZipEntry, inflate: Inflater, limit: number): AsyncGenerator<Uint8Array> {
  if (e.flags & 1) throw new ZipFormatError(`${e.name}: encrypted entry`);
  if (e.size > limit) throw new ZipSizeError(e.name, limit);
  const bound = Math.min(limit, e.size);
  const lied = e.size < limit;
  let out = 0;
  if (e.method === 0) {
    for await (const b of storedBytes(src, e)) {
      out += b.length;
      if (out > bound) throw new ZipSizeError(e.name, bound, lied);
      yield b;
    }
    return;
  }
  if (e.method !== 8) throw new ZipFormatError(`${e.name}: compression method ${e.method}`);
  for await (const b of inflate(storedBytes(src, e))) {
    out += b.length;
    if (out > bound) throw new ZipSizeError(e.name, bound, lied);
    yield b;
  }
}

/** Raw inflate with the web's DecompressionStream (browsers, and Node 18+). */
export const webInflate: Inflater = async function* (chunks) {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let failed: unknown = null;
  const pump = (async () => {
    try {
      for await (const c of chunks) await writer.write(c as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (e) {
      failed ??= e;
      await writer.abort(e).catch(() => undefined);
    }
  })();
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof reader.read>>;
      try {
        r = await reader.read();
      } catch (e) {
        throw failed ?? new ZipFormatError(`inflate: ${(e as Error).message}`);
      }
      if (r.done) break;
      yield r.value;
    }
    await pump;
    if (failed) throw failed;
  } finally {
    await reader.cancel().catch(() => undefined);
    await pump;
  }
};

/** Compressed bytes handed to fflate at a time: deflate expands at most about 1 032 times, so one push makes at most ~16 MB. */
const FFLATE_PIECE = 16 * 1024;

/**
 * Raw inflate in plain JavaScript (fflate), for webviews whose DecompressionStream is missing or
 * cannot do 'deflate-raw' (Safari before 16.4, Chromium before 103): the same bytes, a piece at a time,
 * so the caller's size bound still stops a zip bomb as it grows.
 */
export const fflateInflate: Inflater = async function* (chunks) {
  let out: Uint8Array[] = [];
  const inflater = new FflateInflate((data) => void out.push(data));
  try {
    for await (const c of chunks) {
      for (let i = 0; i < c.length; i += FFLATE_PIECE) {
        inflater.push(c.subarray(i, Math.min(c.length, i + FFLATE_PIECE)));
        const ready = out;
        out = [];
        yield* ready;
      }
    }
    inflater.push(new Uint8Array(0), true);
  } catch (e) {
    throw e instanceof ZipSizeError || e instanceof ZipFormatError ? e : new ZipFormatError(`inflate: ${(e as Error).message}`);
  }
  yield* out;
};

/** The web's inflater where this browser has one that does raw deflate, else fflate's. */
export function browserInflater(scope: { DecompressionStream?: unknown } = globalThis): Inflater {
  const DS = scope.DecompressionStream as (new (format: string) => unknown) | undefined;
  if (typeof DS !== 'function') return fflateInflate;
  try {
    new DS('deflate-raw');
    return webInflate;
  } catch {
    return fflateInflate;
  }
}

/** A zip's entries by name, looked up as OPC does: case-insensitively, with or without a leading "/". */
export class ZipIndex {
  private readonly byName = new Map<string, ZipEntry>();
  constructor(readonly entries: ZipEntry[]) {
    for (const e of entries) {
      const k = e.name.replace(/^\/+/, '').toLowerCase();
      if (!this.byName.has(k)) this.byName.set(k, e);
    }
  }
  get(name: string): ZipEntry | undefined {
    return this.byName.get(name.replace(/^\/+/, '').toLowerCase());
  }
}
