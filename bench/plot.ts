/** A hand-written SVG line chart with log–log axes: one line per measurement, time against rows. */

export interface Series {
  label: string;
  /** [rows, seconds]; points that did not run are left out. */
  points: [number, number][];
}

/** Thirteen distinct lines: a colour each (no two alike), dashes on every other one. */
const COLOURS = ['#0063b1', '#d13438', '#107c10', '#8764b8', '#ca5010', '#038387', '#201f1e', '#c239b3', '#986f0b', '#4f6bed', '#e3008c', '#498205', '#8e562e'];
const DASHES = ['', '6 4', '', '2 3', '', '6 4', '', '8 3 2 3', '', '2 3', '', '6 4', ''];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function tickLabel(v: number, unit: string): string {
  if (unit === 'rows') {
    if (v >= 1e6) return `${v / 1e6}M`;
    if (v >= 1e3) return `${v / 1e3}k`;
    return String(v);
  }
  if (v >= 1) return `${v} s`;
  if (v >= 0.001) return `${v * 1000} ms`;
  return `${v} s`;
}

/** SVG text of the chart; `title` on top, legend on the right. */
export function timeChart(series: Series[], title: string, subtitle = ''): string {
  const W = 960, H = 560;
  const m = { left: 72, right: 340, top: 64, bottom: 58 };
  const pw = W - m.left - m.right, ph = H - m.top - m.bottom;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((y) => y > 0);
  const x0 = Math.floor(Math.log10(Math.min(...(xs.length ? xs : [1000]))));
  let x1 = Math.ceil(Math.log10(Math.max(...(xs.length ? xs : [100000]))));
  if (x1 === x0) x1 = x0 + 1;
  const y0 = Math.floor(Math.log10(Math.min(...(ys.length ? ys : [0.01]))));
  let y1 = Math.ceil(Math.log10(Math.max(...(ys.length ? ys : [10]))));
  if (y1 === y0) y1 = y0 + 1;
  const X = (v: number) => m.left + ((Math.log10(v) - x0) / (x1 - x0)) * pw;
  const Y = (v: number) => m.top + ph - ((Math.log10(v) - y0) / (y1 - y0)) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left}" y="28" font-size="16" font-weight="600" fill="#201f1e">${esc(title)}</text>`);
  if (subtitle) out.push(`<text x="${m.left}" y="46" fill="#605e5c">${esc(subtitle)}</text>`);
  // Grid: decades solid, 2× and 5× dotted.
  for (let e = x0; e <= x1; e++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** e;
      if (Math.log10(v) > x1 + 1e-9) continue;
      const x = X(v).toFixed(1);
      out.push(`<line x1="${x}" y1="${m.top}" x2="${x}" y2="${m.top + ph}" stroke="${k === 1 ? '#c8c6c4' : '#edebe9'}" ${k === 1 ? '' : 'stroke-dasharray="2 3"'}/>`);
      if (k === 1) out.push(`<text x="${x}" y="${m.top + ph + 18}" text-anchor="middle" fill="#323130">${tickLabel(v, 'rows')}</text>`);
    }
  }
  for (let e = y0; e <= y1; e++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** e;
      if (Math.log10(v) > y1 + 1e-9) continue;
      const y = Y(v).toFixed(1);
      out.push(`<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="${k === 1 ? '#c8c6c4' : '#edebe9'}" ${k === 1 ? '' : 'stroke-dasharray="2 3"'}/>`);
      if (k === 1) out.push(`<text x="${m.left - 8}" y="${(Number(y) + 4).toFixed(1)}" text-anchor="end" fill="#323130">${tickLabel(Number(v.toPrecision(3)), 's')}</text>`);
    }
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#8a8886"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 16}" text-anchor="middle" fill="#201f1e">project rows (log scale)</text>`);
  out.push(`<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#201f1e">seconds (log scale)</text>`);
  series.forEach((s, i) => {
    const c = COLOURS[i % COLOURS.length];
    const pts = s.points.filter((p) => p[0] > 0 && p[1] > 0).sort((a, b) => a[0] - b[0]);
    if (pts.length > 1) {
      const d = pts.map((p, j) => `${j ? 'L' : 'M'}${X(p[0]).toFixed(1)} ${Y(p[1]).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2" ${DASHES[i % DASHES.length] ? `stroke-dasharray="${DASHES[i % DASHES.length]}"` : ''}/>`);
    }
    for (const p of pts) out.push(`<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3.5" fill="${c}"><title>${esc(s.label)}: ${p[0]} rows, ${p[1].toFixed(3)} s</title></circle>`);
    const ly = m.top + 8 + i * 22;
    const lx = m.left + pw + 20;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 26}" y2="${ly}" stroke="${c}" stroke-width="2" ${DASHES[i % DASHES.length] ? `stroke-dasharray="${DASHES[i % DASHES.length]}"` : ''}/>`);
    out.push(`<circle cx="${lx + 13}" cy="${ly}" r="3.5" fill="${c}"/>`);
    out.push(`<text x="${lx + 34}" y="${ly + 4}" fill="#201f1e">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
