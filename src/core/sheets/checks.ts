/** The checks list: every finding with its cell (linked to the source) and message. */
import { findingMessage, type Finding } from '../findings';
import type { Grid } from '../grid';
import { word } from '../i18n';
import { sheetRef, type SheetPlan } from '../plan';
import type { Register } from '../register';
import { cell, FMT, wrappedHeight, type Row, type SummaryOptions, type Words } from './common';

export function checksSheet(input: { register: Register; findings: Finding[] }, opts: SummaryOptions, w: Words, source: Grid | null, name: string): SheetPlan {
  const { lang } = w;
  const rows: Row[] = [];
  rows.push([cell(w.head('title.checks').replace('\n', ' / '), { s: 'title' })]);
  rows.push([cell(`${w.text('source')}: ${opts.file} — ${input.register.sheet}`, { s: 'subtitle' })]);
  rows.push([]);
  const cols = ['col.severity', 'col.code', 'col.cell', 'col.row', 'col.field', 'col.value', 'col.message'];
  rows.push(cols.map((k) => cell(w.head(k), { s: 'header' })));
  const severity = { error: w.text('severity.error'), warning: w.text('severity.warning'), info: w.text('severity.info') };
  for (const f of input.findings) {
    const sev = f.severity;
    rows.push([
      cell(severity[sev], { s: sev }),
      cell(f.code, { s: 'cell' }),
      cell(f.cell ? `${f.sheet}!${f.cell}` : f.sheet, { s: 'cell', ...(f.cell && source ? { link: sheetRef(f.sheet, f.cell) } : {}) }),
      cell(f.row, { fmt: FMT.count, s: 'cell' }),
      cell(f.field ? word(`field.${f.field}`, lang) : null, { s: 'cell' }),
      cell(f.value, { s: 'cell' }),
      cell(findingMessage(f, lang), { s: 'cell' }),
    ]);
  }
  if (input.findings.length === 0) rows.push([cell(w.text('row.noFindings'), { s: 'note' })]);
  const widths = [14, 20, 18, 8, 22, 28, 80];
  return {
    name,
    role: 'checks',
    widths,
    rows,
    merges: [],
    ...(w.bilingual ? { heights: { 4: wrappedHeight(rows[3], widths) } } : {}),
    freeze: { rows: 4, cols: 0 },
    print: { landscape: true, fitToWidth: true, repeatRows: { from: 4, to: 4 } },
  };
}
