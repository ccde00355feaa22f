/**
 * What the Office.js adapter needs besides the API itself: which requirement sets the host has,
 * the error codes Office rejects a sync with, and how the tool marks the sheets it wrote.
 */

/** Is `ExcelApi <version>` available? (the manifest asks for 1.7; newer features are used when present) */
export type ApiCheck = (version: string) => boolean;

interface OfficeRequirements {
  isSetSupported?: (name: string, minVersion?: string) => boolean;
}

/**
 * Asks Office (`Office.context.requirements.isSetSupported`). Outside Office — tests, a page given a
 * stand-in `Excel` — there is nothing to ask and every set counts as present.
 */
export const excelApiSupported: ApiCheck = (version) => {
  const office = (globalThis as { Office?: { context?: { requirements?: OfficeRequirements } } }).Office;
  const req = office?.context?.requirements;
  if (!req || typeof req.isSetSupported !== 'function') return true;
  try {
    return req.isSetSupported('ExcelApi', version);
  } catch {
    return true;
  }
};

/** The `code` of an Office error (`OfficeExtension.Error`: "InvalidArgument", "RequestPayloadSizeLimitExceeded", ...). */
export function officeErrorCode(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return null;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

export function isPayloadLimitError(e: unknown): boolean {
  const code = officeErrorCode(e);
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}

/**
 * The mark on a sheet the tool wrote: a worksheet custom property `tizilim.role` = the plan's role
 * (ExcelApi 1.12). Hosts older than 1.12 keep the same mark as a document custom property
 * `tizilim.role.<worksheet id>` (ExcelApi 1.7), which survives renames and travels with the file.
 */
export const ROLE_KEY = 'tizilim.role';

/** Names a user's sheet of NBK rates goes by (any case); the tool's own rates sheet is found by its mark. */
export const RATES_SHEET_NAMES = ['Rates', 'Бағамдар', 'Курсы'];
export const DOC_ROLE_PREFIX = 'tizilim.role.';

/** The document-property key for a worksheet id ("{…}" braces dropped: keys stay short and plain). */
export function docRoleKey(worksheetId: string): string {
  return DOC_ROLE_PREFIX + worksheetId.replace(/[{}]/g, '');
}

/** Worksheet id (braces dropped) → role, from the document custom properties. */
export function docRoles(items: { key: string; value: unknown }[]): Map<string, { key: string; role: string }> {
  const out = new Map<string, { key: string; role: string }>();
  for (const it of items) {
    if (typeof it.key === 'string' && it.key.toLowerCase().startsWith(DOC_ROLE_PREFIX) && it.key.length > DOC_ROLE_PREFIX.length) {
      out.set(it.key.slice(DOC_ROLE_PREFIX.length).toLowerCase(), { key: it.key, role: String(it.value) });
    }
  }
  return out;
}

export function bareId(worksheetId: string): string {
  return worksheetId.replace(/[{}]/g, '').toLowerCase();
}

/** UTF-8 length of a string: what a request's JSON weighs on the wire. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function jsonBytes(x: unknown): number {
  const s = JSON.stringify(x);
  return s === undefined ? 0 : utf8Length(s);
}
