/**
 * Drill-down in the Summaries step: the register rows behind the figure selected on a summary sheet
 * (src/core/report/drill.ts finds them from the cell's own formula), each with its figure, a link that
 * selects its row on the register sheet and one to its source cell, and a footer that says whether
 * the rows add up to the figure. The button reads the selection (ExcelApi 1.1); "Follow the
 * selection" listens to Workbook.onSelectionChanged (ExcelApi 1.2) and drills on every new selection.
 * Workbook text (names, sources) reaches the page as React text only.
 */
import { Body1, Button, Caption1, Link, MessageBar, MessageBarBody, Switch, Table, TableBody, TableCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { TableSearchRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import type Big from 'big.js';
import { formatNumber, t, type Lang } from '../core/words';
import { sourceCell, type DrillKind } from '../core/report/drill';
import { DRILL_LISTED as DRILL_SHOWN, type DrillRead } from '../excel/drill';
import { Section, useStyles } from './ui';


const useLocal = makeStyles({
  list: { width: '100%', tableLayout: 'fixed' },
  rowCell: { width: '64px', whiteSpace: 'nowrap' },
  name: { overflowWrap: 'anywhere' },
  source: { display: 'block', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  num: { width: '34%', textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  head: { display: 'block', overflowWrap: 'anywhere' },
  label: { display: 'block', fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export interface DrillActions {
  drill(): Promise<DrillRead>;
  goTo(sheet: string, cell: string): Promise<void>;
  onSelectionChanged(fn: () => void): () => void;
}

/** A figure as the pane writes it: counts and jobs whole, money with 2 decimals. */
export function drillFigure(x: Big | string | null, kind: DrillKind, lang: Lang): string {
  if (x === null) return t('drill.noValue', lang);
  const s = typeof x === 'string' ? x : x.toFixed();
  return kind === 'count' || kind === 'jobs' ? formatNumber(s, lang) : formatNumber(s, lang, 2);
}

export function DrillPanel({ lang, actions, onError }: { lang: Lang; actions: DrillActions; onError(e: unknown): void }) {
  const s = useStyles();
  const l = useLocal();
  const [shown, setShown] = useState<DrillRead | null>(null);
  const [busy, setBusy] = useState(false);
  const [follow, setFollow] = useState(false);
  const running = useRef(false);
  const again = useRef(false);
  const current = useRef<DrillRead | null>(null);
  // The latest error handler, without making the selection listener subscribe again on every render.
  const errorRef = useRef(onError);
  errorRef.current = onError;

  const run = useCallback(async (following: boolean) => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    setBusy(true);
    try {
      do {
        again.current = false;
        const read = await actions.drill();
        // Following the selection onto another sheet (the register row a link selected) keeps the list shown.
        const keep = following && !read.drill.ok && current.current !== null && read.sheet !== current.current.sheet;
        if (!keep) {
          current.current = read;
          setShown(read);
        }
      } while (again.current);
    } catch (e) {
      errorRef.current(e);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, [actions]);

  useEffect(() => (follow ? actions.onSelectionChanged(() => void run(true)) : undefined), [follow, actions, run]);

  const go = (sheet: string, cell: string) => {
    actions.goTo(sheet, cell).catch((e: unknown) => errorRef.current(e));
  };

  const d = shown?.drill ?? null;
  return (
    <Section title={t('drill.title', lang)} hint={t('drill.hint', lang)}>
      <div className={s.actions}>
        <Button icon={<TableSearchRegular />} disabled={busy} onClick={() => void run(false)} data-testid="drill-show">
          {t('drill.show', lang)}
        </Button>
        <Switch checked={follow} onChange={(_, x) => setFollow(x.checked)} label={t('drill.follow', lang)} data-testid="drill-follow" />
      </div>
      {shown && d && !d.ok ? (
        <MessageBar intent="warning" layout="multiline" data-testid="drill-problem">
          <MessageBarBody className={s.messageText}>{t(`drill.problem.${d.problem}`, lang, { cell: shown.cell ?? '', register: d.sheet ?? '' })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {shown && d && d.ok ? (
        <div data-testid="drill" className={l.block}>
          {shown.label ? (
            <Body1 className={l.label} data-testid="drill-label">
              {shown.label}
            </Body1>
          ) : null}
          <Caption1 className={l.head} data-testid="drill-figure">
            {t('drill.figure', lang, { cell: shown.cell ?? '', sheet: shown.sheet ?? '', figure: drillFigure(d.figure, d.kind, lang), kind: t(`drill.kind.${d.kind}`, lang) })}
          </Caption1>
          {d.rows.length ? (
            <Table size="extra-small" className={l.list} aria-label={t('drill.title', lang)} data-testid="drill-rows">
              <TableBody>
                {d.rows.slice(0, DRILL_SHOWN).map((r) => {
                  const src = shown.sourceLinks.includes(r.row) ? sourceCell(r.source) : null;
                  return (
                    <TableRow key={r.row} data-testid={`drill-row-${r.row}`}>
                      <TableCell className={l.rowCell}>
                        <Link as="button" onClick={() => go(d.sheet as string, `A${r.row}:${shown.lastColumn ?? 'A'}${r.row}`)} title={t('drill.goRow', lang, { row: r.row })} data-testid="drill-go">
                          {t('drill.row', lang, { row: r.row })}
                        </Link>
                      </TableCell>
                      <TableCell className={l.name}>
                        {r.name ?? t('drill.noName', lang)}
                        {src ? (
                          <Link as="button" className={l.source} onClick={() => go(src.sheet, src.cell)} title={t('drill.goSource', lang, { source: r.source ?? '' })} data-testid="drill-source">
                            {t('drill.source', lang, { source: r.source ?? '' })}
                          </Link>
                        ) : null}
                      </TableCell>
                      <TableCell className={l.num}>
                        {d.kind === 'count' ? '' : drillFigure(r.figure, d.kind, lang)}
                        {r.weight !== 1 ? ` ${t('drill.weight', lang, { weight: r.weight })}` : ''}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          ) : null}
          {d.rows.length > DRILL_SHOWN ? <Caption1 className={s.hint}>{t('drill.more', lang, { count: d.rows.length - DRILL_SHOWN })}</Caption1> : null}
          <MessageBar intent={d.agrees ? 'success' : 'warning'} layout="multiline" data-testid={d.agrees ? 'drill-agrees' : 'drill-disagrees'}>
            <MessageBarBody className={s.messageText}>
              {!d.agrees
                ? t('drill.disagrees', lang, { total: drillFigure(d.total, d.kind, lang), figure: drillFigure(d.figure, d.kind, lang) })
                : d.rows.length === 0
                  ? t('drill.empty', lang, { figure: drillFigure(d.figure, d.kind, lang) })
                  : t('drill.agrees', lang, { count: d.rows.length, total: drillFigure(d.total, d.kind, lang), figure: drillFigure(d.figure, d.kind, lang) })}
            </MessageBarBody>
          </MessageBar>
        </div>
      ) : null}
    </Section>
  );
}
