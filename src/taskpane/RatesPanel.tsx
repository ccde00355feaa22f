/**
 * The National Bank's rates in the Import step: which rates sheet they come from (the tool's own, which
 * the user may edit, and a sheet of the user's), which dates of the register have none — before the
 * checks run — and three ways to add rates: saved NBK files, a pasted table, the National Bank's site.
 * New rates are merged into the workbook's rates sheet by date and currency; nothing there is overwritten.
 */
import { Body1, Button, Caption1, Field, Link, Spinner, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, ClipboardPasteRegular, DocumentAddRegular, WarningRegular, CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { formatDate, formatNumber, t, type Lang } from '../core/words';
import { worded, type Worded } from './errors';
import type { RateGap } from './jobs';
import type { RateRow } from './rates';
import type { RatesFile, RatesSheetStatus } from './session';
import { Section, useStyles } from './ui';

/** Dates listed; the rest are counted. */
const GAPS_LISTED = 12;

export type GapsState =
  | { state: 'idle' }
  | { state: 'looking' }
  | { state: 'done'; gaps: RateGap[]; rates: number }
  | { state: 'failed'; text: (lang: Lang) => string };

const useLocal = makeStyles({
  hidden: { display: 'none' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: '2px' },
  gaps: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    borderLeft: `3px solid ${tokens.colorPaletteMarigoldBorder2}`,
    backgroundColor: tokens.colorPaletteYellowBackground1,
  },
  line: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0, marginTop: '2px' },
  warn: { color: tokens.colorPaletteMarigoldForeground1, flexShrink: 0, marginTop: '2px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  paste: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  area: { width: '100%', minHeight: '96px', fontFamily: tokens.fontFamilyMonospace },
});

export interface RatesPanelProps {
  lang: Lang;
  /** The sheets' language: the name a new rates sheet gets. */
  sheetLang: Lang;
  busy: boolean;
  inExcel: boolean;
  /** The workbook's rates sheets (in Excel); null while not yet looked at. */
  status: RatesSheetStatus[] | null;
  /** Rates the pane holds (outside Excel). */
  held: RateRow[];
  imported: boolean;
  gaps: GapsState;
  /** The National Bank's pages to save by hand, when the browser refused to fetch them. */
  blocked: string[] | null;
  onFiles(files: RatesFile[]): void;
  onPaste(text: string): void;
  onDownload(): void;
  onError(w: Worded): void;
}

async function readFiles(list: FileList | null): Promise<RatesFile[]> {
  const out: RatesFile[] = [];
  for (const f of Array.from(list ?? [])) out.push({ name: f.name, bytes: await f.arrayBuffer() });
  return out;
}

function SheetLine({ x, lang }: { x: RatesSheetStatus; lang: Lang }) {
  const s = useStyles();
  if (x.problem) return <Caption1 className={s.messageText} data-testid="rates-sheet">{t('rates.sheet.problem', lang, { ...x.problem.params, sheet: x.name, reasonKey: x.problem.key })}</Caption1>;
  if (x.count === 0) return <Caption1 className={s.hint} data-testid="rates-sheet">{t('rates.sheet.empty', lang, { sheet: x.name })}</Caption1>;
  const key = x.own ? 'rates.sheet.own' : 'rates.sheet.user';
  return (
    <Caption1 className={s.hint} data-testid="rates-sheet">
      {t(key, lang, { sheet: x.name, count: formatNumber(x.count, lang), from: formatDate(x.from ?? ''), to: formatDate(x.to ?? '') })}
    </Caption1>
  );
}

function Gaps({ gaps, lang }: { gaps: GapsState; lang: Lang }) {
  const s = useStyles();
  const l = useLocal();
  if (gaps.state === 'idle') return null;
  if (gaps.state === 'looking') return <Spinner size="extra-tiny" labelPosition="after" label={t('rates.gaps.looking', lang)} data-testid="rate-gaps-looking" />;
  if (gaps.state === 'failed') return <Caption1 className={s.hint} data-testid="rate-gaps-failed">{gaps.text(lang)}</Caption1>;
  const dates = new Set(gaps.gaps.map((g) => g.date));
  if (gaps.gaps.length === 0) {
    return (
      <div className={l.line} data-testid="rate-gaps-none">
        <CheckmarkCircleRegular className={l.ok} />
        <Caption1>{t('rates.gaps.none', lang)}</Caption1>
      </div>
    );
  }
  const shown = gaps.gaps.slice(0, GAPS_LISTED);
  return (
    <div className={l.gaps} role="status" data-testid="rate-gaps">
      <div className={l.line}>
        <WarningRegular className={l.warn} />
        <Body1>{t('rates.gaps.some', lang, { count: formatNumber(dates.size, lang) })}</Body1>
      </div>
      <ul className={l.list}>
        {shown.map((g) => (
          <li key={`${g.currency}-${g.date}`} data-testid="rate-gap">
            <Caption1>
              {t('rates.gap', lang, { currency: g.currency, date: formatDate(g.date), count: formatNumber(g.count, lang), rows: g.rows.join(', ') + (g.count > g.rows.length ? '…' : '') })}
            </Caption1>
          </li>
        ))}
      </ul>
      {gaps.gaps.length > shown.length ? <Caption1 className={s.hint}>{t('rates.gaps.more', lang, { count: formatNumber(gaps.gaps.length - shown.length, lang) })}</Caption1> : null}
    </div>
  );
}

export function RatesPanel(p: RatesPanelProps) {
  const s = useStyles();
  const l = useLocal();
  const { lang } = p;
  const input = useRef<HTMLInputElement>(null);
  const [pasting, setPasting] = useState(false);
  const [text, setText] = useState('');
  const gapDates = p.gaps.state === 'done' ? new Set(p.gaps.gaps.map((g) => g.date)).size : 0;

  const onChosen = async (list: FileList | null) => {
    try {
      const files = await readFiles(list);
      if (files.length) p.onFiles(files);
    } catch {
      p.onError(worded('error', 'error.fileRead', { name: list?.[0]?.name ?? '' }));
    }
  };

  return (
    <Section title={t('import.rates', lang)}>
      {p.inExcel ? (
        p.status && p.status.length === 0 ? (
          <Caption1 className={s.hint} data-testid="rates-info">{t('rates.none', lang, { sheet: t('sheet.rates', p.sheetLang) })}</Caption1>
        ) : (
          (p.status ?? []).map((x) => <SheetLine key={x.name} x={x} lang={lang} />)
        )
      ) : (
        <Caption1 className={s.hint} data-testid="rates-info">{t('rates.held', lang, { count: formatNumber(p.held.length, lang) })}</Caption1>
      )}

      <Gaps gaps={p.gaps} lang={lang} />

      <div className={s.actions}>
        <Button size="small" icon={<DocumentAddRegular />} onClick={() => input.current?.click()} disabled={p.busy} data-testid="rates-import">
          {t('rates.import', lang)}
        </Button>
        <Button size="small" icon={<ClipboardPasteRegular />} onClick={() => setPasting((v) => !v)} disabled={p.busy} aria-expanded={pasting} data-testid="paste-toggle">
          {t('rates.paste', lang)}
        </Button>
        <Button
          size="small"
          icon={<ArrowDownloadRegular />}
          onClick={p.onDownload}
          disabled={p.busy || gapDates === 0}
          title={p.imported ? undefined : t('rates.downloadNeedRead', lang)}
          data-testid="download-rates"
        >
          {t('rates.download', lang)}
        </Button>
      </div>
      <Caption1 className={s.hint}>{gapDates ? t('rates.downloadHint', lang, { count: formatNumber(gapDates, lang) }) : p.imported ? t('rates.importHint', lang) : t('rates.downloadNeedRead', lang)}</Caption1>
      <input
        ref={input}
        className={l.hidden}
        type="file"
        multiple
        accept=".xml,.csv,.xlsx"
        data-testid="rates-input"
        onChange={(e) => {
          void onChosen(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />

      {pasting ? (
        <div className={l.paste}>
          <Field label={t('rates.pasteLabel', lang)}>
            <Textarea className={l.area} resize="vertical" value={text} onChange={(_, d) => setText(d.value)} placeholder={'13.10.2025\tCNY\t76,71'} data-testid="paste-text" />
          </Field>
          <div className={s.actions}>
            <Button
              size="small"
              appearance="primary"
              disabled={p.busy || text.trim() === ''}
              onClick={() => {
                p.onPaste(text);
                setText('');
                setPasting(false);
              }}
              data-testid="paste-add"
            >
              {t('rates.pasteAdd', lang)}
            </Button>
          </div>
        </div>
      ) : null}

      {p.blocked && p.blocked.length ? (
        <div className={l.paste} data-testid="nbk-urls">
          <Caption1>{t('rates.urls', lang)}</Caption1>
          <ul className={l.list}>
            {p.blocked.map((u) => (
              <li key={u}>
                <Link className={l.mono} href={u} target="_blank" rel="noreferrer">
                  {u}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Section>
  );
}
