/**
 * Step 4, Export, for a reporting month:
 * - Close the month: the normalised register kept as a snapshot on a hidden, tool-owned sheet
 *   `tizilim.snapshot.YYYY-MM` (asked first when that month was closed before);
 * - the copy for the ministries (core/monthly/export.ts: values only, no links, protected sheets, an About
 *   sheet, the Changes sheet against last month's snapshot, found in the workbook by itself) — with
 *   open error findings the pane asks, and the copy then states them on its About sheet;
 * - the monthly pack (the summary sheets of the latest run as a file of their own);
 * - next month's register template (core/monthly/template.ts, as `tizilim template` makes it): for the
 *   month after the reporting month unless another is typed, headings in the pane's language or in
 *   Kazakh and Russian, made in the engine's worker from the register it holds.
 * The files are built in the background (ExcelJS is loaded only now) and opened as a new workbook
 * (Excel.createWorkbook, ExcelApi 1.8) or downloaded, as the host allows (export-ways.ts: no downloads
 * in Excel for Mac and on iPad, no new workbook over Excel on the web's request limit); where neither
 * works the pane says so and gives the command line that makes the same file. This workbook is never
 * changed by them. The copy's options are kept in the workbook's settings.
 */
import { Body1, Button, Caption1, Field, Input, Select, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, BuildingGovernmentRegular, CalendarCheckmarkRegular, DocumentArrowDownRegular, DocumentRegular, TableSimpleRegular, WindowNewRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_REGION, DEFAULT_REGION_CODE } from '../core/monthly/export';
import { formatNumber, text as t, type Lang } from '../core/words';
import { isMonth, nextMonth, parseSnapshot, previousMonth, type Snapshot } from '../core/monthly/snapshot';
import { EXPORT_HEADINGS, type ExportSettings } from '../excel/settings';
import { CancelToken, localToday } from './base';
import { worded, type Worded } from './errors';
import { cliCommand, exportWays, megabytes, toBase64 } from './export-ways';
import { isPayloadLimitError } from '../excel/support';
import type { MinistryOptions, MinistryResult, RunResult, TemplateJobOptions, TemplateResult } from './jobs';
import type { MonthClosed, OnProgress, Session } from './session';
import { Section, useStyles, type Question } from './ui';

const useLocal = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  one: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  input: { minWidth: 0, width: '100%' },
  month: { minWidth: 0, width: '120px' },
  hidden: { display: 'none' },
  file: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
});

const HEADINGS: Record<(typeof EXPORT_HEADINGS)[number], Lang[]> = { 'kk,ru': ['kk', 'ru'], 'ru,kk': ['ru', 'kk'], kk: ['kk'], ru: ['ru'], en: ['en'] };

interface Made {
  url: string;
  fileName: string;
  bytes: ArrayBuffer;
}

export interface ExportProps {
  lang: Lang;
  busy: boolean;
  inExcel: boolean;
  result: Extract<RunResult, { ok: true }> | null;
  session: Session;
  roles: string[] | null;
  /** The summaries' region line (the copy's region unless one was typed here). */
  region: string | null;
  /** The copy's options as kept in the workbook. */
  options: ExportSettings;
  onOptions(next: ExportSettings): void;
  /** Months closed in this workbook. */
  snapshots: string[];
  createWorkbook: ((base64: string) => Promise<void>) | null;
  /** Office.context.platform ("PC", "Mac", "OfficeOnline", …), null outside Office. */
  platform: string | null;
  /** The register's file (the workbook's name), for the command line that makes the same file. */
  registerFile: string | null;
  task<T>(work: (token: CancelToken, progress: OnProgress) => Promise<T>): Promise<T | null>;
  ministry(m: Omit<MinistryOptions, 'previous'> & { previous?: Snapshot | null }): Promise<MinistryResult | null>;
  /** Next month's register template, made in the engine (null when it was cancelled or failed, and said). */
  template(t: TemplateJobOptions): Promise<Extract<TemplateResult, { ok: true }> | null>;
  closeMonth(month: string): Promise<MonthClosed | 'kept' | null>;
  ask(q: Question): Promise<boolean>;
  say(w: Worded, replace?: boolean): void;
}


function made(bytes: ArrayBuffer, fileName: string): Made {
  return { url: URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })), fileName, bytes };
}

/** The template's headings: the pane's language, or Kazakh over Russian. */
type TemplateHeadings = 'pane' | 'kk,ru';

function FileActions({ file, lang, busy, onOpen, canCreate, platform, cli, testId }: { file: Made; lang: Lang; busy: boolean; onOpen: () => void; canCreate: boolean; platform: string | null; cli: string; testId: string }) {
  const s = useStyles();
  const ways = exportWays(platform, canCreate, file.bytes.byteLength);
  const size = megabytes(file.bytes.byteLength);
  return (
    <>
      <Caption1 className={s.fileName}>{`${file.fileName} · ${file.bytes.byteLength < 0.1 * 1048576 ? t('exp.sizeKB', lang, { size: Math.max(1, Math.round(file.bytes.byteLength / 1024)) }) : t('exp.sizeMB', lang, { size })}`}</Caption1>
      <div className={s.actions}>
        {ways.open ? (
          <Button appearance="primary" icon={<WindowNewRegular />} onClick={onOpen} disabled={busy} data-testid={`open-${testId}`}>
            {t('exp.openBook', lang)}
          </Button>
        ) : null}
        {ways.download ? (
          <Button as="a" appearance={ways.open ? 'secondary' : 'primary'} icon={<ArrowDownloadRegular />} href={file.url} download={file.fileName} data-testid={testId}>
            {t('exp.download', lang)}
          </Button>
        ) : null}
      </div>
      {!canCreate && ways.download ? <Caption1 className={s.hint} data-testid={`${testId}-only`}>{t('exp.downloadOnly', lang)}</Caption1> : null}
      {ways.tooLargeToOpen ? <Caption1 className={s.hint} data-testid={`${testId}-too-large`}>{t('exp.tooLargeToOpen', lang, { size })}</Caption1> : null}
      {ways.open && !ways.download ? <Caption1 className={s.hint} data-testid={`${testId}-no-download`}>{t('exp.noDownloadHere', lang)}</Caption1> : null}
      {ways.cliOnly ? (
        <div className={s.section} data-testid={`${testId}-cli`}>
          <Caption1 className={s.hint}>{t(canCreate ? 'exp.cliTooLarge' : 'exp.cliOnly', lang, { size })}</Caption1>
          <code className={s.fileName}>{cli}</code>
        </div>
      ) : null}
    </>
  );
}

export function ExportStep(p: ExportProps) {
  const s = useStyles();
  const l = useLocal();
  const { lang, options } = p;
  const [pack, setPack] = useState<Made | null>(null);
  const [copy, setCopy] = useState<Made | null>(null);
  const [month, setMonth] = useState(localToday().slice(0, 7));
  const [previous, setPrevious] = useState<{ name: string; snapshot: Snapshot } | null>(null);
  const snapInput = useRef<HTMLInputElement>(null);
  // The template's month follows the reporting month (the month after it) until one is typed.
  const [tplMonth, setTplMonth] = useState<string | null>(null);
  const [tplHeadings, setTplHeadings] = useState<TemplateHeadings>('pane');
  const [tpl, setTpl] = useState<Made | null>(null);
  useEffect(() => () => {
    if (pack) URL.revokeObjectURL(pack.url);
  }, [pack]);
  useEffect(() => () => {
    if (tpl) URL.revokeObjectURL(tpl.url);
  }, [tpl]);
  useEffect(() => () => {
    if (copy) URL.revokeObjectURL(copy.url);
  }, [copy]);

  if (!p.result) return <Body1>{t('exp.needRun', lang)}</Body1>;

  const set = (change: Partial<ExportSettings>) => p.onOptions({ ...options, ...change });
  const region = options.region ?? p.region ?? DEFAULT_REGION;
  const regionCode = options.regionCode ?? DEFAULT_REGION_CODE;
  const headings = (options.headings ?? 'kk,ru') as keyof typeof HEADINGS;

  const monthOk = isMonth(month);
  const templateMonth = tplMonth ?? (monthOk ? nextMonth(month) : '');
  const templateMonthOk = isMonth(templateMonth);
  const templateLangs: Lang[] = tplHeadings === 'kk,ru' ? ['kk', 'ru'] : [lang];

  const cli = (kind: 'copy' | 'pack' | 'template') =>
    kind === 'template'
      ? cliCommand(kind, { register: p.registerFile ?? 'register.xlsx', month: templateMonth, lang, headings: templateLangs.join(',') })
      : cliCommand(kind, { register: p.registerFile ?? 'register.xlsx', month, organisation: options.organisation, region: options.region ?? p.region, regionCode: options.regionCode, headings: options.headings, formulas: options.formulas });

  const open = (file: Made, kind: 'copy' | 'pack' | 'template') => async () => {
    if (!p.createWorkbook) return p.say(worded('warning', 'exp.oldExcel'));
    const refused = await p.task(async () => {
      try {
        await p.createWorkbook?.(toBase64(file.bytes));
      } catch (e) {
        // Excel refused a request this large: say so, with the ways that are left.
        if (isPayloadLimitError(e)) return e;
        throw e;
      }
      p.say(worded('success', 'exp.opened'));
      return null;
    });
    if (refused) {
      const size = megabytes(file.bytes.byteLength);
      const key = exportWays(p.platform, false, file.bytes.byteLength).download ? 'exp.openRefusedDownload' : 'exp.openRefusedCli';
      p.say({ intent: 'warning', text: (l) => `${t(key, l, { size })} ${key === 'exp.openRefusedCli' ? cli(kind) : ''}`.trim() });
    }
  };

  const makePack = async () => {
    const file = await p.task((_token, progress) => p.session.pack(p.roles, t('exp.pack', lang), progress));
    if (!file) return;
    setPack(made(file.bytes, file.fileName));
    p.say(worded('success', 'exp.ready', { file: file.fileName }));
  };

  const last = monthOk ? previousMonth(month) : null;

  const closeMonth = async () => {
    if (!monthOk) return p.say(worded('error', 'exp.monthInvalid'));
    const res = await p.closeMonth(month);
    if (res === 'kept') p.say(worded('info', 'exp.closeKept', { month }));
    else if (res) p.say(worded('success', res.replaced ? 'exp.closedReplaced' : 'exp.closed', { month, sheet: res.sheet, projects: formatNumber(res.projects, lang) }));
  };

  const makeCopy = async (allowErrors = false): Promise<void> => {
    if (!monthOk) return p.say(worded('error', 'exp.monthInvalid'));
    const res = await p.ministry({
      month,
      region: region.trim() || DEFAULT_REGION,
      regionCode: regionCode.trim() || DEFAULT_REGION_CODE,
      organisation: options.organisation?.trim() || null,
      langs: HEADINGS[headings] ?? ['kk', 'ru'],
      formulas: options.formulas,
      allowErrors,
      previous: previous?.snapshot ?? null,
    });
    if (!res) return;
    if (!res.ok) {
      if (res.problem !== 'OPEN_ERRORS') return;
      const count = formatNumber(res.errors, lang);
      const yes = await p.ask({
        title: t('exp.errorsDialog.title', lang, { count }),
        body: t('exp.errorsDialog.body', lang),
        yes: t('exp.errorsDialog.yes', lang),
        no: t('exp.errorsDialog.no', lang),
        testId: 'errors-dialog',
      });
      if (yes) return makeCopy(true);
      return p.say(worded('info', 'exp.refusedKept'));
    }
    setCopy(made(res.bytes, res.fileName));
    p.say(worded('success', res.changes ? 'exp.copyReadyChanges' : 'exp.copyReady', { file: res.fileName, sheets: res.sheets.join(', ') }));
    if (res.errors) p.say(worded('info', 'exp.errorsStated', { count: formatNumber(res.errors, lang) }), false);
  };

  const makeTemplate = async (): Promise<void> => {
    if (!templateMonthOk) return p.say(worded('error', 'exp.monthInvalid'));
    setTpl(null);
    const res = await p.template({ month: templateMonth, lang, headings: templateLangs });
    if (!res) return;
    setTpl(made(res.bytes, res.fileName));
    p.say(worded('success', 'tpl.ready', { file: res.fileName, carried: res.carried, sheets: res.sheets.join(', ') }));
    if (res.carriedErrors) p.say(worded('warning', 'tpl.carriedErrors', { n: res.carriedErrors }), false);
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
      <Field label={t('exp.month', lang)} validationMessage={monthOk ? undefined : t('exp.monthInvalid', lang)}>
        <Input className={l.month} value={month} placeholder="2025-10" onChange={(_, d) => setMonth(d.value.trim())} data-testid="month" />
      </Field>

      {p.inExcel ? (
        <Section title={t('exp.close', lang)} hint={t('exp.closeHelp', lang)}>
          <Caption1 className={s.hint} data-testid="closed-months">
            {p.snapshots.length ? t('exp.closedMonths', lang, { months: p.snapshots.join(', ') }) : t('exp.noClosedMonths', lang)}
          </Caption1>
          <div className={s.actions}>
            <Button icon={<CalendarCheckmarkRegular />} onClick={() => void closeMonth()} disabled={p.busy || !monthOk} data-testid="close-month">
              {t('exp.closeButton', lang, { month: monthOk ? month : '…' })}
            </Button>
          </div>
        </Section>
      ) : null}

      <Section title={t('exp.ministry', lang)} hint={t('exp.ministryHelp', lang)}>
        <div className={l.one}>
          <div className={l.grid}>
            <Field label={t('exp.regionCode', lang)} hint={t('exp.regionCodeHint', lang)}>
              <Input className={l.input} value={regionCode} onChange={(_, d) => set({ regionCode: d.value })} data-testid="region-code" />
            </Field>
            <Field label={t('exp.headings', lang)}>
              <Select className={l.input} value={headings} onChange={(_, d) => set({ headings: d.value })}>
                {EXPORT_HEADINGS.map((k) => (
                  <option key={k} value={k}>
                    {t(`exp.headings.${k}`, lang)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field label={t('exp.region', lang)}>
            <Input className={l.input} value={region} onChange={(_, d) => set({ region: d.value })} data-testid="export-region" />
          </Field>
          <Field label={t('exp.organisation', lang)} hint={t('exp.organisationHint', lang)}>
            <Input className={l.input} value={options.organisation ?? ''} onChange={(_, d) => set({ organisation: d.value })} data-testid="organisation" />
          </Field>
          <Switch checked={options.formulas} onChange={(_, d) => set({ formulas: d.checked })} label={t('exp.formulas', lang)} data-testid="formulas" />
          <div className={l.file}>
            <Button size="small" icon={<DocumentRegular />} onClick={() => snapInput.current?.click()} disabled={p.busy}>
              {t('exp.previous', lang)}
            </Button>
            <Caption1 className={`${s.hint} ${s.fileName}`} data-testid="previous">
              {previous
                ? previous.name
                : p.inExcel && last
                  ? t(p.snapshots.includes(last) ? 'exp.previousFound' : 'exp.previousMissing', lang, { month: last })
                  : t('exp.previousAuto', lang)}
            </Caption1>
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
          <Caption1 className={s.hint}>{t('exp.optionsSaved', lang)}</Caption1>
          <div className={s.actions}>
            <Button appearance={copy ? 'secondary' : 'primary'} icon={<BuildingGovernmentRegular />} onClick={() => void makeCopy()} disabled={p.busy || !monthOk} data-testid="make-copy">
              {t('exp.makeCopy', lang)}
            </Button>
          </div>
          {copy ? <FileActions file={copy} lang={lang} busy={p.busy} onOpen={() => void open(copy, 'copy')()} canCreate={p.createWorkbook !== null} platform={p.platform} cli={cli('copy')} testId="download-copy" /> : null}
        </div>
      </Section>

      <Section title={t('exp.pack', lang)} hint={t('exp.packHelp', lang)}>
        <div className={s.actions}>
          <Button appearance={pack ? 'secondary' : 'primary'} icon={<DocumentArrowDownRegular />} onClick={() => void makePack()} disabled={p.busy} data-testid="make-pack">
            {t('exp.make', lang)}
          </Button>
        </div>
        {pack ? <FileActions file={pack} lang={lang} busy={p.busy} onOpen={() => void open(pack, 'pack')()} canCreate={p.createWorkbook !== null} platform={p.platform} cli={cli('pack')} testId="download" /> : null}
      </Section>

      <Section title={t('tpl.title', lang)} hint={t('tpl.help', lang)}>
        <div className={l.one} data-testid="template">
          <div className={l.grid}>
            <Field label={t('tpl.month', lang)} validationMessage={templateMonthOk ? undefined : t('exp.monthInvalid', lang)}>
              <Input className={l.input} value={templateMonth} placeholder="2025-11" onChange={(_, d) => setTplMonth(d.value.trim())} data-testid="template-month" />
            </Field>
            <Field label={t('tpl.headings', lang)}>
              <Select className={l.input} value={tplHeadings} onChange={(_, d) => setTplHeadings(d.value === 'kk,ru' ? 'kk,ru' : 'pane')} data-testid="template-headings">
                <option value="pane">{t(`exp.headings.${lang}`, lang)}</option>
                <option value="kk,ru">{t('exp.headings.kk,ru', lang)}</option>
              </Select>
            </Field>
          </div>
          <div className={s.actions}>
            <Button appearance={tpl ? 'secondary' : 'primary'} icon={<TableSimpleRegular />} onClick={() => void makeTemplate()} disabled={p.busy || !templateMonthOk} data-testid="make-template">
              {t('tpl.make', lang)}
            </Button>
          </div>
          {tpl ? <FileActions file={tpl} lang={lang} busy={p.busy} onOpen={() => void open(tpl, 'template')()} canCreate={p.createWorkbook !== null} platform={p.platform} cli={cli('template')} testId="download-template" /> : null}
        </div>
      </Section>
    </>
  );
}
