/**
 * Step 2, Check: the findings grouped by severity with their counts, a severity filter and a search;
 * a finding's cell selects that cell in Excel; the marks in the sheet and the one "Clear marks".
 */
import { Body1, Button, Caption1, Link, SearchBox, Switch, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowRightRegular, ArrowSyncRegular, EraserRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { findingMessage, type Finding, type Severity } from '../core/checks/findings';
import { formatNumber, t, type Lang } from '../core/words';
import type { MarkReport } from '../excel/marks';
import type { CheckOutcome, Imported } from './session';
import { Section, useStyles } from './ui';

/** Findings listed per severity; the full list is on the Checks sheet. */
export const MAX_LISTED = 200;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
type Filter = 'all' | Severity;

const useLocal = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  group: { marginTop: tokens.spacingVerticalS, fontWeight: tokens.fontWeightSemibold },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderLeft: `3px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralBackground2,
    overflowWrap: 'anywhere',
  },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2, backgroundColor: tokens.colorPaletteRedBackground1 },
  warning: { borderLeftColor: tokens.colorPaletteMarigoldBorder2, backgroundColor: tokens.colorPaletteYellowBackground1 },
  info: { borderLeftColor: tokens.colorPaletteBlueBorderActive, backgroundColor: tokens.colorNeutralBackground2 },
  where: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'baseline', flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  name: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: tokens.spacingHorizontalS },
  card: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: '2px',
    minWidth: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderTopWidth: '3px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    fontFamily: tokens.fontFamilyBase,
    textAlign: 'left',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  cardOn: { backgroundColor: tokens.colorNeutralBackground1Selected, boxShadow: tokens.shadow4 },
  cardError: { borderTopColor: tokens.colorPaletteRedBorder2 },
  cardWarning: { borderTopColor: tokens.colorPaletteMarigoldBorder2 },
  cardInfo: { borderTopColor: tokens.colorPaletteBlueBorderActive },
  cardCount: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  cardLabel: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  marks: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});


export interface CheckProps {
  lang: Lang;
  busy: boolean;
  imported: Imported | null;
  outcome: CheckOutcome | null;
  markCells: boolean;
  canMark: boolean;
  /** Marks of an earlier check can be cleared whenever the workbook is open in Excel. */
  canClear: boolean;
  onMarkCells(v: boolean): void;
  onRun(): void;
  onClearMarks(): void;
  onGoTo: ((sheet: string, cell: string) => void) | null;
  onNext(): void;
}

function marksText(m: MarkReport, lang: Lang): string[] {
  const out = [t(`check.marked.${m.noteKind}`, lang, { count: formatNumber(m.marked, lang) })];
  if (m.cells > m.marked) out.push(t('check.markedLimit', lang, { count: formatNumber(m.marked, lang), total: formatNumber(m.cells, lang) }));
  if (m.userNotesKept) out.push(t('check.userNotes', lang, { count: formatNumber(m.userNotesKept, lang) }));
  return out;
}

export function CheckStep(p: CheckProps) {
  const s = useStyles();
  const l = useLocal();
  const { lang } = p;
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const result = p.outcome?.result ?? null;

  const counts = useMemo(() => {
    const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const f of result?.findings ?? []) c[f.severity]++;
    return c;
  }, [result]);

  const visible = useMemo(() => {
    if (!result) return [];
    const q = query.trim().toLowerCase();
    return result.findings.filter((f) => {
      if (filter !== 'all' && f.severity !== filter) return false;
      if (!q) return true;
      const name = f.row !== null ? result.names[f.row] ?? '' : '';
      return [f.cell ?? '', f.code, name, findingMessage(f, lang)].some((x) => x.toLowerCase().includes(q));
    });
  }, [result, filter, query, lang]);

  if (!p.imported) return <Body1>{t('check.needImport', lang)}</Body1>;

  const item = (f: Finding, i: number) => {
    const name = f.row !== null ? result?.names[f.row] : undefined;
    const cell = f.cell;
    return (
      <li key={`${f.code}-${f.cell}-${i}`} className={`${l.item} ${l[f.severity]}`} data-testid="finding" data-severity={f.severity}>
        <span className={l.where}>
          {cell && p.onGoTo ? (
            <Link as="button" className={l.cell} onClick={() => p.onGoTo?.(f.sheet, cell)} title={t('findings.goTo', lang, { cell: `${f.sheet}!${cell}` })} data-testid="goto">
              {cell}
            </Link>
          ) : (
            <span className={l.cell}>{cell ?? t('check.sheetWide', lang)}</span>
          )}
          {f.row !== null ? <Caption1>{`· ${t('check.row', lang, { row: f.row })}`}</Caption1> : null}
          {name ? <span className={l.name} data-testid="finding-name">{name}</span> : null}
        </span>
        <Body1 data-testid="finding-message">{findingMessage(f, lang)}</Body1>
      </li>
    );
  };

  const groups = (filter === 'all' ? SEVERITIES : [filter]).map((sev) => ({ sev, list: visible.filter((f) => f.severity === sev) })).filter((g) => g.list.length);

  return (
    <>
      <div className={s.actions}>
        <Button appearance={result ? 'secondary' : 'primary'} icon={<ArrowSyncRegular />} onClick={p.onRun} disabled={p.busy} data-testid="run-check">
          {result ? t('check.runAgain', lang) : t('check.run', lang)}
        </Button>
        {result ? (
          <Button appearance="primary" icon={<ArrowRightRegular />} iconPosition="after" onClick={p.onNext} disabled={p.busy} data-testid="to-summaries">
            {t('check.next', lang)}
          </Button>
        ) : null}
      </div>

      {result ? (
        <Section title={t('ui.findings', lang)}>
          <Caption1 className={s.hint} data-testid="checked-of">
            {t('check.of', lang, { sheet: result.sheet, projects: formatNumber(result.totals.projects, lang) })}
          </Caption1>
          <div className={l.cards} role="group" aria-label={t('check.filter', lang)}>
            {SEVERITIES.map((sev) => (
              <button
                key={sev}
                type="button"
                aria-pressed={filter === sev}
                className={mergeClasses(l.card, sev === 'error' ? l.cardError : sev === 'warning' ? l.cardWarning : l.cardInfo, filter === sev && l.cardOn)}
                onClick={() => setFilter(filter === sev ? 'all' : sev)}
                data-testid={`filter-${sev}`}
              >
                <span className={l.cardCount} data-testid={`count-${sev}`}>
                  {formatNumber(counts[sev], lang)}
                </span>
                <span className={l.cardLabel}>{t(`check.severity.${sev}`, lang)}</span>
              </button>
            ))}
          </div>
          {filter !== 'all' ? (
            <Link as="button" onClick={() => setFilter('all')} data-testid="filter-all">
              {t('check.showAll', lang, { count: formatNumber(result.findings.length, lang) })}
            </Link>
          ) : null}
          {result.findings.length > 0 ? <SearchBox size="small" placeholder={t('check.search', lang)} aria-label={t('check.search', lang)} value={query} onChange={(_, d) => setQuery(d.value)} /> : null}
          {result.findings.length === 0 ? <Body1 data-testid="no-findings">{t('check.none', lang)}</Body1> : visible.length === 0 ? <Body1>{t('check.noneFiltered', lang)}</Body1> : null}
          {groups.map((g) => (
            <div key={g.sev}>
              {filter === 'all' ? (
                <Body1 as="h3" className={l.group}>
                  {`${t(`check.severity.${g.sev}`, lang)}: ${formatNumber(g.list.length, lang)}`}
                </Body1>
              ) : null}
              <ul className={l.list}>{g.list.slice(0, MAX_LISTED).map(item)}</ul>
              {g.list.length > MAX_LISTED ? <Caption1 className={s.hint}>{t('findings.more', lang, { count: formatNumber(g.list.length - MAX_LISTED, lang) })}</Caption1> : null}
            </div>
          ))}
        </Section>
      ) : null}

      <Section title={t('check.marks', lang)}>
        <div className={l.marks}>
          <Switch checked={p.markCells && p.canMark} disabled={!p.canMark || p.busy} onChange={(_, d) => p.onMarkCells(d.checked)} label={t('check.markCells', lang)} data-testid="mark-cells" />
          {!p.imported.inWorkbook ? <Caption1 className={s.hint}>{t('check.fileNoMarks', lang)}</Caption1> : null}
          {p.outcome?.marks
            ? marksText(p.outcome.marks, lang).map((x) => (
                <Caption1 key={x} className={s.hint} data-testid="marks-info">
                  {x}
                </Caption1>
              ))
            : null}
          <div className={s.actions}>
            <Button icon={<EraserRegular />} onClick={p.onClearMarks} disabled={p.busy || !p.canClear} data-testid="clear-marks">
              {t('check.clearMarks', lang)}
            </Button>
          </div>
        </div>
      </Section>
    </>
  );
}
