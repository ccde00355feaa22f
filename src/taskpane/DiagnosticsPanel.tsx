/**
 * The Diagnostics panel (from the pane's footer): runs src/excel/diagnostics.ts against this Excel and
 * shows each check passed or failed with what was seen, the host, platform and version, and the
 * report as text to copy (a Copy button, and the text itself in a box to select where the webview
 * does not let the pane write to the clipboard). Workbook text never appears here; the details are
 * the checks' own measurements.
 */
import { Badge, Body1, Button, Caption1, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular, CopyRegular, StethoscopeRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { formatNumber, t, text as textOf, type Lang } from '../core/words';
import { reportText, type DiagnosticCheck, type DiagnosticsReport } from '../excel/diagnostics';
import { Section, useStyles } from './ui';

const useLocal = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyleType: 'none' },
  item: { display: 'flex', flexDirection: 'column', gap: '2px' },
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  text: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, minHeight: '160px' },
});

export type RunDiagnostics = (onCheck: (c: DiagnosticCheck, done: number, total: number) => void) => Promise<DiagnosticsReport>;

export function DiagnosticsPanel({ lang, run, onBack }: { lang: Lang; run: RunDiagnostics | null; onBack: () => void }) {
  const s = useStyles();
  const l = useLocal();
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [running, setRunning] = useState<{ done: number; total: number } | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const title = (id: string) => textOf(`diag.check.${id}`, lang);
  const words = { pass: t('diag.pass', lang), fail: t('diag.fail', lang), skip: t('diag.skip', lang) };
  const text = report ? reportText(report, title, words) : '';

  const start = async () => {
    if (!run || running) return;
    setReport(null);
    setCopied(null);
    setRunning({ done: 0, total: 10 });
    try {
      setReport(await run((_c, done, total) => setRunning({ done, total })));
    } finally {
      setRunning(null);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };

  return (
    <Section title={t('diag.title', lang)} hint={t('diag.intro', lang)}>
      {run ? null : <Body1>{t('diag.outsideExcel', lang)}</Body1>}
      <div className={s.actions}>
        <Button icon={<ArrowLeftRegular />} onClick={onBack} data-testid="diag-back">
          {t('diag.back', lang)}
        </Button>
        <Button appearance="primary" icon={<StethoscopeRegular />} onClick={() => void start()} disabled={!run || running !== null} data-testid="diag-run">
          {t(report ? 'diag.runAgain' : 'diag.run', lang)}
        </Button>
      </div>
      {running ? (
        <Caption1 role="status" data-testid="diag-progress">
          {t('diag.running', lang, { done: formatNumber(running.done, lang), total: formatNumber(running.total, lang) })}
        </Caption1>
      ) : null}
      {report ? (
        <>
          <Body1 data-testid="diag-summary">{t('diag.summary', lang, { passed: report.passed, failed: report.failed, skipped: report.skipped })}</Body1>
          <Caption1 className={s.hint} data-testid="diag-host">
            {t('diag.host', lang, { host: report.host, platform: report.platform, version: report.version, api: report.excelApi ?? '—' })}
          </Caption1>
          <ul className={l.list} data-testid="diag-checks">
            {report.checks.map((c) => (
              <li key={c.id} className={l.item} data-testid={`diag-${c.id}`} data-ok={c.ok === null ? 'skip' : String(c.ok)}>
                <span className={l.head}>
                  <Badge appearance="filled" color={c.ok === true ? 'success' : c.ok === false ? 'danger' : 'informative'}>
                    {c.ok === true ? words.pass : c.ok === false ? words.fail : words.skip}
                  </Badge>
                  <Body1>{title(c.id)}</Body1>
                </span>
                <Caption1 className={`${s.hint} ${s.fileName}`}>{c.detail}</Caption1>
              </li>
            ))}
          </ul>
          <div className={s.actions}>
            <Button icon={<CopyRegular />} onClick={() => void copy()} data-testid="diag-copy">
              {t('diag.copy', lang)}
            </Button>
            {copied ? <Caption1 data-testid="diag-copied">{t(copied === 'yes' ? 'diag.copied' : 'diag.copyFailed', lang)}</Caption1> : null}
          </div>
          <Textarea className={l.text} readOnly value={text} resize="vertical" aria-label={t('diag.reportLabel', lang)} data-testid="diag-report" />
        </>
      ) : null}
    </Section>
  );
}
