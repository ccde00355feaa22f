/**
 * Text written into XML by the two streaming writers (ooxml-writer.ts, and stream-write.ts's links): a
 * module of its own, so the pane's worker, which writes the copy, takes this and not the reader (xml.ts).
 */

// Characters XML 1.0 cannot hold are left out (as ExcelJS does); & < > " escaped.
const NEEDS = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]/;
const NEEDS_ALL = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]/g;

/** Text for an XML element or a double-quoted attribute, as the writers put it: decodeEntities reads it back. */
export function escapeXml(s: string): string {
  if (!NEEDS.test(s)) return s;
  return s.replace(NEEDS_ALL, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : ''));
}
