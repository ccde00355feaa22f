/** The checks list: every finding with its cell (linked to the source) and message. */
import { findingMessage, type Finding } from '../../checks/findings';
import { text } from '../../words';
import { sheetRef, type SheetPlan } from '../plan';
import { cell, FMT, wrappedHeight, type Row, type SummaryOptions, type Words } from './common';

/**
 * The checks sheet a finding at a time: head() the rows above the list, row() a finding's line,
 * plan() the sheet around its rows. `links`: the cells link to the source sheet (it is in the workbook,
 * or the plans will be rendered next to it). `regions` adds a region column (a consolidation).
 */
export class ChecksSheet {
  private readonly severity: Record<Finding['severity'], string>;
  private count = 0;
  constructor(private readonly opts: SummaryOptions, private readonly w: Words, readonly name: string, private readonly sourceSheet: string, private readonly links: boolean, private readonly regions = false) {
    this.severity = { error: w.text('severity.error'), warning: w.text('severity.warning'), info: w.text('severity.info') };
  }

  head(): Row[] {
    const { w } = this;
    const cols = ['col.severity', 'col.code', 'col.cell', 'col.row', 'col.field', 'col.value', 'col.message'];
    if (this.regions) cols.unshift('col.region');
    return [
      [cell(w.head('title.checks').replace('\n', ' / '), { s: 'title' })],
      [cell(`${w.text('source')}: ${this.opts.file} — ${this.sourceSheet}`, { s: 'subtitle' })],
      [],
      cols.map((k) => cell(w.head(k), { s: 'header' })),
    ];
  }

  row(f: Finding, region: string | null = null): Row {
    const { lang } = this.w;
    const sev = f.severity;
    this.count++;
    const line: Row = [
      cell(this.severity[sev], { s: sev }),
      cell(f.code, { s: 'cell' }),
      cell(f.cell ? `${f.sheet}!${f.cell}` : f.sheet, { s: 'cell', ...(f.cell && this.links ? { link: sheetRef(f.sheet, f.cell) } : {}) }),
      cell(f.row, { fmt: FMT.count, s: 'cell' }),
      cell(f.field ? text(`field.${f.field}`, lang) : null, { s: 'cell' }),
      cell(f.value, { s: 'cell' }),
      cell(findingMessage(f, lang), { s: 'cell' }),
    ];
    if (this.regions) line.unshift(cell(region, { s: 'cell' }));
    return line;
  }

  /** The line under an empty list. */
  empty(): Row {
    return [cell(this.w.text('row.noFindings'), { s: 'note' })];
  }

  get widths(): number[] {
    return this.regions ? [22, 14, 20, 18, 8, 22, 28, 80] : [14, 20, 18, 8, 22, 28, 80];
  }

  plan(rows: Row[]): SheetPlan {
    const widths = this.widths;
    return {
      name: this.name,
      role: 'checks',
      widths,
      rows,
      merges: [],
      ...(this.w.bilingual ? { heights: { 4: wrappedHeight(rows.length ? rows[3] : this.head()[3], widths) } } : {}),
      freeze: { rows: 4, cols: 0 },
      print: { landscape: true, fitToWidth: true, repeatRows: { from: 4, to: 4 } },
    };
  }
}

export function checksSheet(input: { register: { sheet: string }; findings: Finding[] }, opts: SummaryOptions, w: Words, source: unknown, name: string): SheetPlan {
  const b = new ChecksSheet(opts, w, name, input.register.sheet, !!source);
  const rows = b.head();
  for (const f of input.findings) rows.push(b.row(f));
  if (input.findings.length === 0) rows.push(b.empty());
  return b.plan(rows);
}
