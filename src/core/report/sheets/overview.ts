/**
 * The overview: the headline figures (projects, tenge, yuan, jobs) as live formulas, the reporting
 * date, the headline in words ("memorandum: 14 — 134 000,0 million tenge; …"), the table by status,
 * the rates used, the count of findings, and (in Excel) a chart of tenge by sector.
 */
import type { Provenance } from '../../checks/checks';
import type { Severity } from '../../checks/findings';
import { formatDate as dmy, t } from '../../words';
import { sheetRef, type SheetPlan } from '../plan';
import {
  cell, FMT, fitWidths, formatUnits, LINE_PT, linesIn, rangeOf, titleBlock, wrappedHeight,
  type RegisterLayout, type Row, type SummaryOptions, type Words,
} from './common';
import { groupTable, TABLE_BOUNDS, TABLE_COLS, type Facts } from './groups';
import { isoToDate } from './register';

/** At most this many rates are listed one by one; more are summarised per currency. */
export const RATES_LISTED = 12;

export interface OverviewRefs {
  /** The sheet holding the summary by sector, and how many groups it lists from row `first`. */
  sectorSheet: string;
  sectorFirst: number;
  sectorGroups: number;
  registerSheet: string;
}

export function overviewSheet(
  facts: Facts, counts: Record<Severity, number>, opts: SummaryOptions, w: Words, layout: RegisterLayout, name: string, refs: OverviewRefs, sourceSheet: string,
): SheetPlan {
  const { total } = facts;
  const money = w.moneyFormat;
  const head = titleBlock('title.overview', opts, w, TABLE_COLS);
  const rows: Row[] = [...head.rows];
  const merges = [...head.merges];
  const heights: Record<number, number> = {};

  // The headline figures, right under the head.
  const keyFirst = rows.length + 1;
  rows.push([cell(w.head('overview.projects'), { s: 'key' }), cell(total.count, { f: `COUNT(${rangeOf(layout, 'no')})`, fmt: FMT.count, s: 'cell' })]);
  rows.push([cell(w.money('overview.KZT.u', 'KZT'), { s: 'key' }), cell(Number(total.KZT) / 100, { f: `SUM(${rangeOf(layout, 'KZT')})`, fmt: money, s: 'cell' })]);
  rows.push([cell(w.money('overview.CNY.u', 'CNY'), { s: 'key' }), cell(Number(total.CNY) / 100, { f: `SUM(${rangeOf(layout, 'CNY')})`, fmt: money, s: 'cell' })]);
  rows.push([cell(w.head('overview.jobs'), { s: 'key' }), cell(total.jobs, { f: `SUM(${rangeOf(layout, 'jobs')})`, fmt: FMT.jobs, s: 'cell' })]);
  rows.push([cell(w.head('overview.reportDate'), { s: 'key' }), cell(dmy(opts.reportDate), { s: 'cell' })]);
  rows.push([]);

  // The headline in words, by status.
  const items = facts.groups.status.map((g) => {
    const status = g.label ?? w.text('row.notStated');
    return g.anyKZT
      ? w.text('headline.item', { status, count: g.count, value: formatUnits(g.KZT, w.units, w.lang), unit: w.unit('KZT') })
      : w.text('headline.noValue', { status, count: g.count });
  });
  const headlineRow = rows.length + 1;
  rows.push([cell(w.text('overview.headline', { items: items.join('; ') }), { s: 'headline' })]);
  merges.push({ top: headlineRow, left: 1, bottom: headlineRow, right: TABLE_COLS });
  rows.push([]);

  // The table by status.
  rows.push([cell(w.head('overview.byStatus').replace('\n', ' / '), { s: 'section' })]);
  const statusHeader = rows.length + 1;
  const table = groupTable(layout, w, 'status', facts.groups.status, total, statusHeader, 'col.group.status');
  rows.push(...table.rows);
  rows.push([]);

  // The rates used.
  rows.push([cell(w.head('overview.rates').replace('\n', ' / '), { s: 'section' })]);
  const ratesHeader = rows.length + 1;
  rows.push(['col.rateCurrency', 'col.rateDate', 'col.rate', 'col.rateSource'].map((k) => cell(w.head(k), { s: 'header' })));
  const rates = [...facts.rates].sort((a, b) => a.currency.localeCompare(b.currency) || a.date.localeCompare(b.date) || a.source.localeCompare(b.source));
  if (rates.length === 0) {
    rows.push([cell(w.text('overview.noRates'), { s: 'note' })]);
  } else if (rates.length <= RATES_LISTED) {
    for (const p of rates) {
      rows.push([
        cell(p.currency, { s: 'label' }),
        cell(isoToDate(p.date), { fmt: FMT.date, s: 'cell' }),
        cell(Number(p.rate.toFixed()), { fmt: FMT.rate, s: 'cell' }),
        cell(p.source, { s: 'label' }),
      ]);
    }
  } else {
    // A register over years uses hundreds of daily rates: one line per currency, each row's rate is on the register.
    const byCurrency = new Map<string, Provenance[]>();
    for (const p of rates) byCurrency.set(p.currency, [...(byCurrency.get(p.currency) ?? []), p]);
    for (const [currency, list] of byCurrency) {
      let min = list[0].rate, max = list[0].rate;
      for (const p of list) {
        if (p.rate.lt(min)) min = p.rate;
        if (p.rate.gt(max)) max = p.rate;
      }
      const dates = new Set(list.map((p) => p.date));
      rows.push([
        cell(currency, { s: 'label' }),
        cell(t('overview.rateRange', w.lang, { min: dmy(list[0].date), max: dmy(list[list.length - 1].date) }), { s: 'label' }),
        cell(t('overview.rateRange', w.lang, { min: min.toFixed(), max: max.toFixed() }), { s: 'label' }),
        cell(w.text('overview.ratesMany', { n: dates.size, from: dmy(list[0].date), to: dmy(list[list.length - 1].date), sheet: refs.registerSheet }), { s: 'label' }),
      ]);
    }
  }
  rows.push([]);

  // Findings and the source.
  const c = { error: counts.error, warning: counts.warning, info: counts.info };
  rows.push([cell(t('overview.findings', w.lang, c), { s: c.error ? 'error' : 'note' })]);
  rows.push([cell(`${w.text('source')}: ${opts.file} — ${sourceSheet}`, { s: 'subtitle' })]);

  const widths = fitWidths(rows, TABLE_COLS, TABLE_BOUNDS.map((b, i) => (i === 0 ? { min: 30, max: 60 } : i === 3 ? { min: b.min, max: 26 } : b)));
  const full = widths.reduce((a, b) => a + b, 0);
  Object.assign(heights, head.heights(widths));
  heights[headlineRow] = linesIn(String(rows[headlineRow - 1][0]?.v ?? ''), full - 2) * LINE_PT + 4;
  heights[statusHeader] = wrappedHeight(rows[statusHeader - 1], widths);
  heights[ratesHeader] = wrappedHeight(rows[ratesHeader - 1], widths);
  heights[table.controlRow] = wrappedHeight([rows[table.controlRow - 1][0]], widths, 12);
  // Labels that wrap (bilingual ones do) need their rows taller: Excel does not grow a row it was given no height for when a file is opened.
  for (let r = keyFirst; r < keyFirst + 5; r++) {
    const h = wrappedHeight([rows[r - 1][0]], widths);
    if (h > LINE_PT + 3) heights[r] = h;
  }

  const plan: SheetPlan = {
    name,
    role: 'summary:overview',
    widths,
    rows,
    merges,
    heights,
    gridlines: false,
    print: { landscape: true, fitToWidth: true, center: true },
  };
  if (refs.sectorGroups > 0) {
    const from = refs.sectorFirst;
    const to = from + refs.sectorGroups - 1;
    const top = rows.length + 2;
    plan.chart = {
      type: 'bar',
      title: w.text('overview.chart', { unit: w.unit('KZT') }),
      series: w.text('col.sumKZT.u', { unit: w.unit('KZT') }),
      categories: sheetRef(refs.sectorSheet, `$A$${from}:$A$${to}`),
      values: sheetRef(refs.sectorSheet, `$C$${from}:$C$${to}`),
      anchor: { from: `A${top}`, to: `F${top + Math.max(14, Math.min(30, 6 + refs.sectorGroups * 2))}` },
    };
  }
  return plan;
}
