/**
 * Step 4, Export: the monthly pack — the summary sheets of the latest run as an .xlsx file of their
 * own — and the copy for the ministries (core/export.ts: values only, no links, protected sheets, an
 * About sheet, the Changes sheet against the previous month's snapshot). Both are built in the
 * background (ExcelJS is loaded only now), to download or to open as a new workbook. Nothing is
 * written into this workbook.
 */
import { Body1, Button, Caption1, Checkbox, Field, Input, Select, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, BuildingGovernmentRegular, DocumentArrowDownRegular, DocumentRegular, WindowNewRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_REGION, DEFAULT_REGION_CODE } from '../core/export';
import type { Lang } from '../core/i18n';
import { isMonth, parseSnapshot, type Snapshot } from '../core/snapshot';
import { CancelToken, localToday } from './base';
import { worded, type Worded } from './errors';
import { formatNumber, t } from './i18n';
import type { MinistryOptions, MinistryResult, RunResult } from './jobs';
import type { OnProgress, Session } from './session';
import { Section, useStyles } from './ui';

const useLocal = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  one: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  input: { minWidth: 0, width: '100%' },
  hidden: { display: 'none' },
  file: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
});

const HEADINGS: Record<string, Lang[]> = { 'kk,ru': ['kk', 'ru'], 'ru,kk': ['ru', 'kk'], kk: ['kk'], ru: ['ru'], en: ['en'] };

interface Made {
  url: string;
  fileName: string;
  bytes: ArrayBuffer;
}

export interface ExportProps {
  lang: Lang;
  busy: boolean;
  result: Extract<RunResult, { ok: true }> | null;
  session: Session;
  roles: string[] | null;
  region: string | null;
  createWorkbook: ((base64: string) => Promise<void>) | null;
  task<T>(work: (token: CancelToken, progress: OnProgress) => Promise<T>): Promise<T | null>;
  ministry(m: Omit<MinistryOptions, 'previous'> & { previous?: Snapshot | null }): Promise<MinistryResult | null>;
  say(w: Worded, replace?: boolean): void;
}

function toBase64(bytes: ArrayBuffer): string {
  const b = new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

function made(bytes: ArrayBuffer, fileName: string): Made {
  return { url: URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })), fileName, bytes };
}

function FileActions({ file, lang, busy, onOpen, testId }: { file: Made; lang: Lang; busy: boolean; onOpen: (() => void) | null; testId: string }) {
  const s = useStyles();
  return (
    <>
      <Caption1 className={s.fileName}>{file.fileName}</Caption1>
      <div className={s.actions}>
        <Button as="a" appearance="primary" icon={<ArrowDownloadRegular />} href={file.url} download={file.fileName} data-testid={testId}>
          {t('exp.download', lang)}
        </Button>
        {onOpen ? (
          <Button icon={<WindowNewRegular />} onClick={onOpen} disabled={busy}>
            {t('exp.openBook', lang)}
          </Button>
        ) : null}
      </div>
    </>
  );
}

export function ExportStep(p: ExportProps) {
  const s = useStyles();
  const l = useLocal();
  const { lang } = p;
  const [pack, setPack] = useState<Made | null>(null);
  const [copy, setCopy] = useState<Made | null>(null);
  const [month, setMonth] = useState(localToday().slice(0, 7));
  const [region, setRegion] = useState(p.region ?? DEFAULT_REGION);
  const [regionCode, setRegionCode] = useState(DEFAULT_REGION_CODE);
  const [organisation, setOrganisation] = useState('');
  const [headings, setHeadings] = useState('kk,ru');
  const [formulas, setFormulas] = useState(false);
  const [refused, setRefused] = useState<number | null>(null);
  const [allowErrors, setAllowErrors] = useState(false);
  const [previous, setPrevious] = useState<{ name: string; snapshot: Snapshot } | null>(null);
  const snapInput = useRef<HTMLInputElement>(null);
  useEffect(() => () => {
    if (pack) URL.revokeObjectURL(pack.url);
  }, [pack]);
  useEffect(() => () => {
    if (copy) URL.revokeObjectURL(copy.url);
  }, [copy]);

  if (!p.result) return <Body1>{t('exp.needRun', lang)}</Body1>;

  const open = (file: Made) => async () => {
    if (!p.createWorkbook) return p.say(worded('warning', 'exp.oldExcel'));
    await p.task(async () => {
      await p.createWorkbook?.(toBase64(file.bytes));
      p.say(worded('success', 'exp.opened'));
    });
  };

  const makePack = async () => {
    const file = await p.task((_token, progress) => p.session.pack(p.roles, t('exp.pack', lang), progress));
    if (!file) return;
    setPack(made(file.bytes, file.fileName));
    p.say(worded('success', 'exp.ready', { file: file.fileName }));
  };

  const monthOk = isMonth(month);
  const makeCopy = async () => {
    if (!monthOk) return p.say(worded('error', 'exp.monthInvalid'));
    const res = await p.ministry({
      month,
      region: region.trim() || DEFAULT_REGION,
      regionCode: regionCode.trim() || DEFAULT_REGION_CODE,
      organisation: organisation.trim() || null,
      langs: HEADINGS[headings] ?? ['kk', 'ru'],
      formulas,
      allowErrors,
      previous: previous?.snapshot ?? null,
    });
    if (!res) return;
    if (!res.ok) {
      if (res.problem === 'OPEN_ERRORS') {
        setRefused(res.errors);
        p.say(worded('warning', 'exp.refused', { count: formatNumber(res.errors, lang) }));
      }
      return;
    }
    setRefused(null);
    setCopy(made(res.bytes, res.fileName));
    p.say(worded('success', res.changes ? 'exp.copyReadyChanges' : 'exp.copyReady', { file: res.fileName, sheets: res.sheets.join(', ') }));
    if (res.errors) p.say(worded('info', 'exp.errorsStated', { count: formatNumber(res.errors, lang) }), false);
  };

  const onSnapshot = async (list: FileList | null) => {
    const f = list?.[0];
    if (!f) return;
    const parsed = parseSnapshot(await f.text());
    if (parsed.ok) setPrevious({ name: f.name, snapshot: parsed.snapshot });
    else p.say(worded('error', 'exp.snapshotInvalid', { name: f.name, reason: parsed.reason }));
  };

  return (
    <>
      <Section title={t('exp.pack', lang)} hint={t('exp.packHelp', lang)}>
        <div className={s.actions}>
          <Button appearance={pack ? 'secondary' : 'primary'} icon={<DocumentArrowDownRegular />} onClick={() => void makePack()} disabled={p.busy} data-testid="make-pack">
            {t('exp.make', lang)}
          </Button>
        </div>
        {pack ? <FileActions file={pack} lang={lang} busy={p.busy} onOpen={p.createWorkbook ? () => void open(pack)() : null} testId="download" /> : null}
      </Section>

      <Section title={t('exp.ministry', lang)} hint={t('exp.ministryHelp', lang)}>
        <div className={l.one}>
          <div className={l.grid}>
            <Field label={t('exp.month', lang)} validationMessage={monthOk ? undefined : t('exp.monthInvalid', lang)}>
              <Input className={l.input} value={month} placeholder="2025-10" onChange={(_, d) => setMonth(d.value.trim())} data-testid="month" />
            </Field>
            <Field label={t('exp.regionCode', lang)} hint={t('exp.regionCodeHint', lang)}>
              <Input className={l.input} value={regionCode} onChange={(_, d) => setRegionCode(d.value)} />
            </Field>
          </div>
          <Field label={t('exp.region', lang)}>
            <Input className={l.input} value={region} onChange={(_, d) => setRegion(d.value)} />
          </Field>
          <Field label={t('exp.headings', lang)}>
            <Select className={l.input} value={headings} onChange={(_, d) => setHeadings(d.value)}>
              {Object.keys(HEADINGS).map((k) => (
                <option key={k} value={k}>
                  {t(`exp.headings.${k}`, lang)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('exp.organisation', lang)} hint={t('exp.organisationHint', lang)}>
            <Input className={l.input} value={organisation} onChange={(_, d) => setOrganisation(d.value)} />
          </Field>
          <Switch checked={formulas} onChange={(_, d) => setFormulas(d.checked)} label={t('exp.formulas', lang)} />
          <div className={l.file}>
            <Button size="small" icon={<DocumentRegular />} onClick={() => snapInput.current?.click()} disabled={p.busy}>
              {t('exp.previous', lang)}
            </Button>
            <Caption1 className={`${s.hint} ${s.fileName}`}>{previous ? previous.name : t('exp.previousAuto', lang)}</Caption1>
            <input
              ref={snapInput}
              className={l.hidden}
              type="file"
              accept=".json"
              onChange={(e) => {
                void onSnapshot(e.currentTarget.files);
                e.currentTarget.value = '';
              }}
            />
          </div>
          {refused !== null ? (
            <Checkbox checked={allowErrors} onChange={(_, d) => setAllowErrors(d.checked === true)} label={t('exp.allowErrors', lang, { count: formatNumber(refused, lang) })} data-testid="allow-errors" />
          ) : null}
          <div className={s.actions}>
            <Button appearance={copy ? 'secondary' : 'primary'} icon={<BuildingGovernmentRegular />} onClick={() => void makeCopy()} disabled={p.busy || !monthOk} data-testid="make-copy">
              {t('exp.makeCopy', lang)}
            </Button>
          </div>
          {copy ? <FileActions file={copy} lang={lang} busy={p.busy} onOpen={p.createWorkbook ? () => void open(copy)() : null} testId="download-copy" /> : null}
        </div>
      </Section>
    </>
  );
}
