/**
 * The fake Excel, display text (`Range.text`): the common number formats, enough for
 * assertions — not Excel's whole format language.
 */
import { dateFromSerial } from './geometry';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function groupThousands(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatText(v: number | string | boolean, nf: string | undefined): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  const fmt = (nf ?? 'General').split(';')[0];
  if (fmt === 'General' || fmt === '@') {
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(11)));
  }
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  if (/[dy]/i.test(bare) || /m{3,}/i.test(bare)) {
    const d = dateFromSerial(v);
    return bare
      .replace(/yyyy/gi, String(d.getUTCFullYear()))
      .replace(/yy/gi, pad(d.getUTCFullYear() % 100))
      .replace(/dd/gi, pad(d.getUTCDate()))
      .replace(/mm/gi, pad(d.getUTCMonth() + 1))
      .replace(/(^|[^0-9])d([^0-9a-z]|$)/gi, `$1${d.getUTCDate()}$2`)
      .replace(/(^|[^0-9])m([^0-9a-z]|$)/gi, `$1${d.getUTCMonth() + 1}$2`);
  }
  let x = v;
  const percent = bare.includes('%');
  if (percent) x *= 100;
  const scaleCommas = /[0#](,+)(?![0#])/.exec(bare);
  if (scaleCommas) x /= Math.pow(1000, scaleCommas[1].length);
  const dec = /\.([0#]+)/.exec(bare)?.[1].length ?? 0;
  let s = Math.abs(x).toFixed(dec);
  if (/[0#],[0#]/.test(bare)) {
    const [i, f] = s.split('.');
    s = groupThousands(i) + (f !== undefined ? '.' + f : '');
  }
  return (x < 0 && Number(s) !== 0 ? '-' : '') + s + (percent ? '%' : '');
}
