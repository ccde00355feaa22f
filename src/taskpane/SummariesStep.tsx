/**
 * Step 3, Summaries: the sheets' language, which sheets, the control figures, the tolerances (and
 * the summary options the core offers), then writing the sheets; the totals by status afterwards.
 * What is typed here is kept in the workbook's settings.
 */
import { Body1, Button, Caption1, Checkbox, Field, Input, Select, Switch, Table, TableBody, TableCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentTableRegular } from '@fluentui/react-icons';
import { useMemo, useState, type ReactNode } from 'react';
import { formatNumber, LANG_NAMES, LANGS, t, text, type Lang } from '../core/words';
import { STATUS_CODES, type StatusCode } from '../core/register/register';
import { DEFAULT_CONTROL_TOLERANCE, DEFAULT_CROSS_RATE_TOLERANCE } from '../core/checks/checks';
import { UNITS, type ToolSettings } from '../excel/settings';
import type { Units } from '../core/report/summary';
import type { RunResult } from './jobs';
import { REGISTER_ROLE, rolesToWrite, type WriteOutcome } from './session';
import { Section, useStyles } from './ui';


/** The core's default units of display (million tenge). */
const DEFAULT_UNITS: Units = 'million';

const useLocal = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: '1fr', gap: tokens.spacingVerticalS },
  two: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  input: { minWidth: 0, width: '100%' },
  narrow: { minWidth: 0, width: '120px' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  label: { color: tokens.colorNeutralForeground2 },
  totals: { width: '100%' },
  sub: { margin: `${tokens.spacingVerticalXS} 0 0`, fontWeight: tokens.fontWeightSemibold },
});

type Ok = Extract<RunResult, { ok: true }>;

export interface SummariesProps {
  lang: Lang;
  busy: boolean;
  inExcel: boolean;
  settings: ToolSettings;
  result: Ok | null;
  written: WriteOutcome | null;
  onChange(next: ToolSettings): void;
  onWrite(next: ToolSettings): void;
  /** The drill-down panel (DrillPanel), shown under the totals. */
  drill?: ReactNode;
}

/** "2", "2 %", "0,5" → 0.02, 0.005; null when empty; NaN when not a percentage. */
export function parsePercent(s: string): number | null {
  const x = s.trim().replace('%', '').replace(',', '.').trim();
  if (x === '') return null;
  const n = Number(x);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : NaN;
}

function percentText(f: number | null): string {
  return f === null ? '' : String(Math.round(f * 100 * 1e6) / 1e6);
}

export function SummariesStep(p: SummariesProps) {
  const s = useStyles();
  const l = useLocal();
  const { lang, settings } = p;
  const [count, setCount] = useState(settings.control.count === null ? '' : String(settings.control.count));
  const [total, setTotal] = useState(settings.control.total ?? '');
  const [cross, setCross] = useState(percentText(settings.crossRateTolerance));
  const [ctl, setCtl] = useState(percentText(settings.controlTolerance));

  const countValue = count.trim() === '' ? null : /^\d+$/.test(count.trim().replace(/\s/g, '')) ? Number(count.trim().replace(/\s/g, '')) : NaN;
  const crossValue = parsePercent(cross);
  const ctlValue = parsePercent(ctl);
  const valid = !Number.isNaN(countValue) && !Number.isNaN(crossValue) && !Number.isNaN(ctlValue);

  const formSettings = (): ToolSettings => ({
    ...settings,
    control: { ...settings.control, count: Number.isNaN(countValue) ? settings.control.count : countValue, total: total.trim() === '' ? null : total.trim() },
    crossRateTolerance: Number.isNaN(crossValue) ? settings.crossRateTolerance : crossValue,
    controlTolerance: Number.isNaN(ctlValue) ? settings.controlTolerance : ctlValue,
  });
  const commit = () => {
    if (valid) p.onChange(formSettings());
  };

  const plans = p.result?.plans ?? [];
  const chosen = rolesToWrite(plans, settings.sheets);
  const summaryChosen = chosen.some((r) => r.startsWith('summary:'));
  const toggle = (role: string, on: boolean) => {
    const cur = new Set(rolesToWrite(plans, settings.sheets));
    if (on) cur.add(role);
    else cur.delete(role);
    const all = plans.map((x) => x.role);
    p.onChange({ ...formSettings(), sheets: all.every((r) => cur.has(r)) ? null : all.filter((r) => cur.has(r)) });
  };

  const statusLines = useMemo(() => p.result?.byStatus ?? [], [p.result]);
  const sheetLang = settings.sheetLang ?? lang;

  return (
    <>
      {p.result ? (
        <Section title={t('ui.totals', lang)}>
          <Table size="extra-small" className={l.totals} aria-label={t('ui.totals', lang)} data-testid="totals">
            <TableBody>
              <TableRow>
                <TableCell className={l.label}>{t('totals.projects', lang)}</TableCell>
                <TableCell className={l.num}>{formatNumber(p.result.totals.projects, lang)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell className={l.label}>{t('totals.KZT', lang)}</TableCell>
                <TableCell className={l.num}>{formatNumber(p.result.totals.KZT, lang, 2)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell className={l.label}>{t('totals.CNY', lang)}</TableCell>
                <TableCell className={l.num}>{formatNumber(p.result.totals.CNY, lang, 2)}</TableCell>
              </TableRow>
            </TableBody>
          </Table>
          <Body1 as="h3" className={l.sub}>
            {t('sum.byStatus', lang)}
          </Body1>
          <Table size="extra-small" className={l.totals} aria-label={t('sum.byStatus', lang)} data-testid="by-status">
            <TableBody>
              {statusLines.map((x) => (
                <TableRow key={`${x.status}-${x.statusText}`} data-testid={`status-${x.status ?? 'other'}`}>
                  <TableCell className={l.label}>{x.status ? text(`status.${x.status}`, lang) : x.statusText ?? t('sum.noStatus', lang)}</TableCell>
                  <TableCell className={l.num}>{t('sum.projects', lang, { count: formatNumber(x.count, lang) })}</TableCell>
                  <TableCell className={l.num}>{x.KZT !== null ? formatNumber(x.KZT, lang, 2) : t('sum.noValue', lang)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {p.result.rates.count ? (
            <Caption1 className={s.hint}>{t('status.ratesFrom', lang, { count: formatNumber(p.result.rates.count, lang), sources: p.result.rates.sources.join(', ') })}</Caption1>
          ) : (
            <Caption1 className={s.hint}>{t('status.noRates', lang)}</Caption1>
          )}
        </Section>
      ) : null}
      {p.drill ?? null}
      <Section title={t('sum.lang', lang)}>
        <Select value={sheetLang} onChange={(_, d) => p.onChange({ ...formSettings(), sheetLang: d.value as Lang })} aria-label={t('sum.lang', lang)} data-testid="sheet-lang">
          {LANGS.map((x) => (
            <option key={x} value={x} lang={x}>
              {LANG_NAMES[x]}
            </option>
          ))}
        </Select>
      </Section>

      <Section title={t('sum.sheets', lang)} hint={t('sum.sheetsHelp', lang)}>
        {plans.length === 0 ? <Caption1 className={s.hint}>{t('sum.needCheck', lang)}</Caption1> : null}
        {plans.map((plan) => {
          const forced = plan.role === REGISTER_ROLE && summaryChosen;
          return (
            <Checkbox
              key={plan.role}
              checked={chosen.includes(plan.role)}
              disabled={forced || p.busy}
              onChange={(_, d) => toggle(plan.role, d.checked === true)}
              label={forced ? `${plan.name} — ${t('sum.registerNeeded', lang)}` : plan.role === 'checks' ? `${plan.name} — ${t('sum.role.checks', lang)}` : plan.name}
              data-testid={`sheet-${plan.role}`}
            />
          );
        })}
      </Section>

      <Section title={t('sum.control', lang)} hint={t('sum.controlHelp', lang)}>
        <div className={l.grid}>
          <div className={l.two}>
            <Field label={t('sum.controlCount', lang)} validationMessage={Number.isNaN(countValue) ? t('sum.countInvalid', lang) : undefined}>
              <Input className={l.input} inputMode="numeric" value={count} onChange={(_, d) => setCount(d.value)} onBlur={commit} data-testid="control-count" />
            </Field>
            <Field label={t('sum.controlStatus', lang)}>
              <Select
                className={l.input}
                value={settings.control.status ?? ''}
                onChange={(_, d) => p.onChange({ ...formSettings(), control: { ...formSettings().control, status: d.value === '' ? null : (d.value as StatusCode) } })}
                data-testid="control-status"
              >
                <option value="">{t('sum.allProjects', lang)}</option>
                {STATUS_CODES.map((c) => (
                  <option key={c} value={c}>
                    {text(`status.${c}`, lang)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field label={t('sum.controlTotal', lang)} hint={t('sum.controlTotalHint', lang)}>
            <Input className={l.input} value={total} onChange={(_, d) => setTotal(d.value)} onBlur={commit} data-testid="control-total" />
          </Field>
        </div>
      </Section>

      <Section title={t('sum.tolerances', lang)}>
        <div className={l.grid}>
          <Field
            label={t('sum.crossRate', lang)}
            hint={t('sum.default', lang, { value: `${formatNumber(DEFAULT_CROSS_RATE_TOLERANCE * 100, lang)} %` })}
            validationMessage={Number.isNaN(crossValue) ? t('sum.percentInvalid', lang) : undefined}
          >
            <Input className={l.narrow} inputMode="decimal" value={cross} onChange={(_, d) => setCross(d.value)} onBlur={commit} data-testid="cross-rate" />
          </Field>
          <Field
            label={t('sum.controlTol', lang)}
            hint={t('sum.default', lang, { value: `${formatNumber(DEFAULT_CONTROL_TOLERANCE * 100, lang, 1)} %` })}
            validationMessage={Number.isNaN(ctlValue) ? t('sum.percentInvalid', lang) : undefined}
          >
            <Input className={l.narrow} inputMode="decimal" value={ctl} onChange={(_, d) => setCtl(d.value)} onBlur={commit} data-testid="control-tolerance" />
          </Field>
        </div>
      </Section>

      <Section title={t('sum.options', lang)}>
        <div className={l.grid}>
          <Field label={t('sum.units', lang)}>
            <Select className={l.input} value={settings.units ?? DEFAULT_UNITS} onChange={(_, d) => p.onChange({ ...formSettings(), units: d.value === DEFAULT_UNITS ? null : (d.value as Units) })} data-testid="units">
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`sum.units.${u}`, lang)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('sum.region', lang)} hint={t('sum.regionHint', lang)}>
            <Input className={l.input} value={settings.region ?? ''} onChange={(_, d) => p.onChange({ ...formSettings(), region: d.value.trim() ? d.value : null })} data-testid="region" />
          </Field>
          <Field label={t('sum.period', lang)} hint={t('sum.periodHint', lang)}>
            <Input className={l.input} value={settings.period ?? ''} onChange={(_, d) => p.onChange({ ...formSettings(), period: d.value.trim() ? d.value : null })} data-testid="period" />
          </Field>
          <Switch checked={settings.bilingual === true} onChange={(_, d) => p.onChange({ ...formSettings(), bilingual: d.checked ? true : null })} label={t('sum.bilingual', lang)} data-testid="bilingual" />
        </div>
      </Section>

      <div className={s.actions}>
        <Button appearance="primary" icon={<DocumentTableRegular />} disabled={p.busy || !valid || !p.inExcel} onClick={() => p.onWrite(formSettings())} data-testid="write">
          {t('sum.write', lang)}
        </Button>
      </div>

    </>
  );
}
