/**
 * How a file the pane made (the ministry copy, the monthly pack) gets out of the pane, on each host:
 *
 * - opened as a new workbook, `Excel.createWorkbook(base64)` (ExcelApi 1.8). The base64 travels in one
 *   request: Excel on the web refuses a request over 5 MB (RequestPayloadSizeLimitExceeded), so there
 *   a file whose base64 is over CREATE_WORKBOOK_WEB_LIMIT is not sent at all; other hosts document no
 *   limit, and a refusal there is worded the same way;
 * - downloaded through a link — which does nothing in Excel for Mac and on iPad (their webview has no
 *   downloads: OfficeDev/office-js#471, #3385, #4681), so there the link is not offered;
 * - and where neither is possible, the command line, which makes the same file (`tizilim export`,
 *   `tizilim summarize`, `tizilim template`) with no size limit of Office's: the pane says so plainly, with the command.
 */

/** Excel on the web's request limit is 5 MB; the base64 gets a margin for the request around it. */
export const CREATE_WORKBOOK_WEB_LIMIT = 4_500_000;

/** Platforms whose webview does not download a file from a link. */
const NO_DOWNLOADS = ['Mac', 'iOS'];

/** A file's bytes as base64, for Excel.createWorkbook. */
export function toBase64(bytes: ArrayBuffer): string {
  const b = new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The base64 length of `bytes` bytes. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The largest base64 the host takes in Excel.createWorkbook, where one is known (null: none documented). */
export function createWorkbookLimit(platform: string | null): number | null {
  return platform === 'OfficeOnline' ? CREATE_WORKBOOK_WEB_LIMIT : null;
}

/** Does a link's download work on this platform? (outside Office, in a browser, it does) */
export function downloadsWork(platform: string | null): boolean {
  return !NO_DOWNLOADS.includes(platform ?? '');
}

export interface ExportWays {
  /** Open it as a new workbook. */
  open: boolean;
  /** Offer the download link. */
  download: boolean;
  /** Excel could open a new workbook, but not one this large. */
  tooLargeToOpen: boolean;
  /** Neither way works here: the command line is the way out. */
  cliOnly: boolean;
}

/** The ways out for a file of `bytes` bytes on this host. */
export function exportWays(platform: string | null, canCreateWorkbook: boolean, bytes: number): ExportWays {
  const limit = createWorkbookLimit(platform);
  const tooLargeToOpen = canCreateWorkbook && limit !== null && base64Length(bytes) > limit;
  const open = canCreateWorkbook && !tooLargeToOpen;
  const download = downloadsWork(platform);
  return { open, download, tooLargeToOpen, cliOnly: !open && !download };
}

/** Megabytes for a message ("3.4"). */
export function megabytes(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/** A value for a shell command line, quoted when it needs to be. */
function arg(v: string): string {
  return /^[\w./:,=@+-]+$/.test(v) ? v : `"${v.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The command line that makes the same file outside Excel (the register saved as a file first). */
export function cliCommand(kind: 'copy' | 'pack' | 'template', o: { register: string; month?: string; organisation?: string | null; region?: string | null; regionCode?: string | null; headings?: string | null; formulas?: boolean; lang?: string }): string {
  const register = arg(/\.(xlsx|xlsm|csv)$/i.test(o.register) ? o.register : `${o.register}.xlsx`);
  if (kind === 'pack') return `tizilim summarize ${register} --rates <rates.xml>`;
  if (kind === 'template') {
    // With the rates, as the pane checks it: without them every converted figure would count as an error carried over.
    const parts = ['tizilim', 'template', register, '--month', arg(o.month ?? 'YYYY-MM'), '--rates', '<rates.xml>'];
    if (o.lang) parts.push('--lang', arg(o.lang));
    if (o.headings) parts.push('--headings', arg(o.headings));
    return parts.join(' ');
  }
  const parts = ['tizilim', 'export', register, '--month', arg(o.month ?? 'YYYY-MM'), '--rates', '<rates.xml>'];
  if (o.organisation) parts.push('--organisation', arg(o.organisation));
  if (o.region) parts.push('--region', arg(o.region));
  if (o.regionCode) parts.push('--region-code', arg(o.regionCode));
  if (o.headings) parts.push('--headings', arg(o.headings));
  if (o.formulas) parts.push('--formulas');
  return parts.join(' ');
}
