/**
 * A streaming XML tokenizer for the parts of a workbook: text in, tags and text out, a chunk at a
 * time, with nothing kept between chunks but an unfinished tag. Made for SpreadsheetML, not for XML
 * at large: names come without their namespace prefix (`<x:row>` is "row", as some writers prefix
 * every element), only the five predefined entities and character references are decoded (a
 * DOCTYPE is skipped, never expanded), and the document is not validated.
 *
 * Bounded: a tag, comment or processing instruction longer than MAX_TAG characters is an error
 * (no real part has one), so a hostile part cannot make it hold more than that.
 */

/** The longest tag (or comment, CDATA section, declaration) read: 1 MiB of characters. */
export const MAX_TAG = 1 << 20;

export class XmlError extends Error {}

export interface XmlHandler {
  /** A start tag: its local name and the text of its attributes (read them with attrs()); `empty` for `<x/>`. */
  open(name: string, attributes: string, empty: boolean): void;
  close(name: string): void;
  /** Character data, entities decoded; one run of text may come in several pieces. */
  text(text: string): void;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;

function entity(_: string, e: string): string {
  switch (e) {
    case 'lt': return '<';
    case 'gt': return '>';
    case 'amp': return '&';
    case 'quot': return '"';
    case 'apos': return "'";
  }
  const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

export function decodeEntities(s: string): string {
  return s.indexOf('&') < 0 ? s : s.replace(ENTITY, entity);
}

function localName(qname: string): string {
  const k = qname.indexOf(':');
  return k < 0 ? qname : qname.slice(k + 1);
}

/** The attributes of a start tag as [local name, decoded value] pairs, into `out` (cleared first). */
export function attrs(text: string, out: Map<string, string>): Map<string, string> {
  out.clear();
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) {
      i++;
      continue;
    }
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const name = text.slice(i, eq).trim();
    let j = eq + 1;
    while (j < n && ((c = text.charCodeAt(j)) === 32 || c === 9 || c === 10 || c === 13)) j++;
    const q = text[j];
    if (q !== '"' && q !== "'") break;
    const end = text.indexOf(q, j + 1);
    if (end < 0) break;
    out.set(localName(name), decodeEntities(text.slice(j + 1, end)));
    i = end + 1;
  }
  return out;
}

/** One attribute's value (local name, so `r:id` is "id"), or undefined. Quick for the few a cell has. */
export function attr(text: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const k = text.indexOf(name, from);
    if (k < 0) return undefined;
    from = k + name.length;
    const before = k === 0 ? 32 : text.charCodeAt(k - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13 && before !== 58 /* : */) continue;
    let j = from;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++j);
    if (c !== 61 /* = */) continue;
    c = text.charCodeAt(++j);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++j);
    if (c !== 34 && c !== 39) continue;
    const end = text.indexOf(c === 34 ? '"' : "'", j + 1);
    if (end < 0) return undefined;
    return decodeEntities(text.slice(j + 1, end));
  }
}

export class XmlTokenizer {
  private carry = '';
  constructor(private readonly h: XmlHandler) {}

  /** Feed the next piece of text; `final` at the end of the part. */
  feed(chunk: string, final = false): void {
    const s = this.carry ? this.carry + chunk : chunk;
    this.carry = '';
    const n = s.length;
    const h = this.h;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        // Text to the end: hold back an entity cut in two.
        let end = n;
        const amp = s.lastIndexOf('&');
        if (!final && amp >= i && s.indexOf(';', amp) < 0 && n - amp < 12) end = amp;
        if (end > i) h.text(decodeEntities(s.slice(i, end)));
        i = end;
        break;
      }
      if (lt > i) h.text(decodeEntities(s.slice(i, lt)));
      i = lt;
      const c1 = s.charCodeAt(lt + 1);
      if (Number.isNaN(c1)) break;
      if (c1 === 33 /* ! */) {
        if (n - lt < 9 && !final) break;
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) break;
          i = e + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) break;
          if (e > lt + 9) h.text(s.slice(lt + 9, e));
          i = e + 3;
          continue;
        }
        // A DOCTYPE (skipped with its internal subset, never expanded) or another declaration.
        const bracket = s.indexOf('[', lt);
        let gt = s.indexOf('>', lt);
        if (bracket >= 0 && gt >= 0 && bracket < gt) {
          const close = s.indexOf(']', bracket);
          gt = close < 0 ? -1 : s.indexOf('>', close);
        }
        if (gt < 0) break;
        i = gt + 1;
        continue;
      }
      if (c1 === 63 /* ? */) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) break;
        i = e + 2;
        continue;
      }
      // A tag: its end is the first '>' outside quotes.
      let gt = s.indexOf('>', lt + 1);
      if (gt < 0) break;
      let quoted = false;
      for (let j = lt + 1; j < gt; j++) {
        const c = s.charCodeAt(j);
        if (c === 34 || c === 39) {
          quoted = true;
          break;
        }
      }
      if (quoted) {
        // Quotes in the tag: walk it.
        let j = lt + 1;
        gt = -1;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === 62) {
            gt = j;
            break;
          }
          if (c === 34 || c === 39) {
            const e = s.indexOf(c === 34 ? '"' : "'", j + 1);
            if (e < 0) break;
            j = e + 1;
          } else j++;
        }
        if (gt < 0) break;
      }
      if (c1 === 47 /* / */) {
        h.close(localName(s.slice(lt + 2, gt).trim()));
      } else {
        let k = lt + 1;
        while (k < gt) {
          const c = s.charCodeAt(k);
          if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62) break;
          k++;
        }
        const empty = s.charCodeAt(gt - 1) === 47;
        const name = localName(s.slice(lt + 1, k));
        h.open(name, s.slice(k, empty ? gt - 1 : gt), empty);
        if (empty) h.close(name);
      }
      i = gt + 1;
    }
    if (i < n) {
      if (final) throw new XmlError('the part ends inside a tag');
      this.carry = s.slice(i);
      if (this.carry.length > MAX_TAG) throw new XmlError('a tag longer than 1 MiB');
    }
  }
}

/**
 * The encoding of an XML part from its first bytes: a byte order mark, UTF-16 without one (`<` as
 * two bytes), or the declaration's encoding="…"; UTF-8 otherwise.
 */
export function xmlEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0x3c && head[1] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c) return 'utf-16be';
  let decl = '';
  for (let i = 0; i < head.length && i < 200; i++) {
    const b = head[i];
    decl += String.fromCharCode(b);
    if (b === 0x3e) break;
  }
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(decl);
  if (!m) return 'utf-8';
  const enc = m[1].toLowerCase();
  try {
    new TextDecoder(enc);
    return enc === 'utf-16' ? 'utf-16le' : enc;
  } catch {
    return 'utf-8';
  }
}

/** Bytes of a part to text: decoded across chunk boundaries in the part's own encoding. */
export async function* decodeXml(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let head: Uint8Array | null = null;
  for await (const chunk of chunks) {
    if (!decoder) {
      // Enough of the start to read the declaration.
      head = head ? concat(head, chunk) : chunk;
      if (head.length < 200) continue;
      decoder = new TextDecoder(xmlEncoding(head));
      const t = decoder.decode(head, { stream: true });
      head = null;
      if (t) yield t;
      continue;
    }
    const t = decoder.decode(chunk, { stream: true });
    if (t) yield t;
  }
  if (!decoder) {
    if (!head) return;
    decoder = new TextDecoder(xmlEncoding(head));
    const t = decoder.decode(head, { stream: true });
    if (t) yield t;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Run a part's bytes through a handler. */
export async function parseXml(chunks: AsyncIterable<Uint8Array>, h: XmlHandler, between?: () => Promise<void> | null): Promise<void> {
  const t = new XmlTokenizer(h);
  for await (const text of decodeXml(chunks)) {
    t.feed(text);
    const w = between?.();
    if (w) await w;
  }
  t.feed('', true);
}
