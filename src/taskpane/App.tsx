/**
 * The task pane: four steps — Import, Check, Summaries, Export — over one Session. The pane keeps
 * what the user chose as settings in the workbook (src/excel/settings.ts) and shows every error in
 * words. Long work shows its stage and can be cancelled until the workbook is about to be written.
 */
import { Button, Caption1, FluentProvider, Select } from '@fluentui/react-components';
import { StethoscopeRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { findingMessage, type Finding } from '../core/checks/findings';
import { formatDate, formatRate, isLang, LANG_NAMES, langFromOffice, LANGS, t, type Lang } from '../core/words';
import type { Field } from '../core/register/register';
import { SettingsSaveError, writeSettings, type ExportSettings, type SettingsStore, type ToolSettings } from '../excel/settings';
import type { ApiCheck } from '../excel/support';
import { CheckStep } from './CheckStep';
import { CancelToken } from './base';
import { describeError, worded, type Worded } from './errors';
import { ExportStep } from './ExportStep';
import { DiagnosticsPanel, type RunDiagnostics } from './DiagnosticsPanel';
import type { PendingCheck } from './handover';
import { ImportStep, type SourceKind } from './ImportStep';
import { NbkBlockedError, type RateRow } from './rates';
import { RatesPanel, type GapsState } from './RatesPanel';
import type { CheckOutcome, Imported, OnProgress, RatesAdded, RatesFile, RatesSheetStatus, RunContext, Session, WorkbookInfo, WriteOutcome } from './session';
import { SummariesStep } from './SummariesStep';
import { DrillPanel } from './DrillPanel';
import { paneTheme } from './theme';
import { Messages, ProgressPanel, QuestionDialog, Stepper, useStyles, type Busy, type Question, type Shown } from './ui';

/** Rates listed in a message; the rest are counted. */
const RATES_LISTED = 8;

/** "CNY 13.10.2025 — 76,71; …" for a message. */
function rateList(rows: RateRow[], lang: Lang): string {
  const shown = rows.slice(0, RATES_LISTED).map((r) => `${r.currency} ${formatDate(r.date)} — ${formatRate(r.quoted, lang)}${r.quant !== 1 ? ` / ${r.quant}` : ''}`);
  return rows.length > RATES_LISTED ? `${shown.join('; ')}; …` : shown.join('; ');
}

export type StepId = 'import' | 'check' | 'summaries' | 'export';

export interface Env {
  inExcel: boolean;
  displayLanguage: string | undefined;
  store: SettingsStore | null;
  settings: ToolSettings;
  session: Session;
  supports: ApiCheck;
  /** Opens an .xlsx as a new workbook (Excel.createWorkbook, ExcelApi 1.8); null where Excel cannot. */
  createWorkbook: ((base64: string) => Promise<void>) | null;
  /** Office.context's platform ("PC", "Mac", "OfficeOnline", "iOS", …), null outside Office. */
  platform: string | null;
  /** A register the ribbon's Check now handed over to the pane, to check at the start. */
  pendingCheck: PendingCheck | null;
  /** Diagnostics of this Excel (src/excel/diagnostics.ts); null outside Excel. */
  runDiagnostics: RunDiagnostics | null;
}

export function App({ env }: { env: Env }) {
  const s = useStyles();
  const session = env.session;
  const [settings, setSettings] = useState<ToolSettings>(env.settings);
  const [lang, setLangState] = useState<Lang>(env.settings.lang ?? langFromOffice(env.displayLanguage));
  const [step, setStep] = useState<StepId>('import');
  const [diagOpen, setDiagOpen] = useState(false);
  const [info, setInfo] = useState<WorkbookInfo | null>(null);
  const [source, setSource] = useState<SourceKind>('sheet');
  const [table, setTable] = useState('');
  const [file, setFile] = useState<RatesFile | null>(null);
  const [fileSheet, setFileSheet] = useState<string | undefined>(undefined);
  const [heldRates, setHeldRates] = useState<RateRow[]>([]);
  const [ratesStatus, setRatesStatus] = useState<RatesSheetStatus[] | null>(null);
  const [gaps, setGaps] = useState<GapsState>({ state: 'idle' });
  const [blocked, setBlocked] = useState<string[] | null>(null);
  const [question, setQuestion] = useState<{ q: Question; resolve: (yes: boolean) => void } | null>(null);
  const gapsRun = useRef(0);
  const [imported, setImported] = useState<Imported | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<Field, string>>>({});
  const [checked, setChecked] = useState<CheckOutcome | null>(null);
  const [written, setWritten] = useState<WriteOutcome | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [messages, setMessages] = useState<Shown[]>([]);
  const tokenRef = useRef<CancelToken | null>(null);
  const nextMessage = useRef(1);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const settingsWarned = useRef(false);

  const say = useCallback((w: Worded, replace = true) => {
    const id = nextMessage.current++;
    setMessages((prev) => (replace ? [{ ...w, id }] : [...prev, { ...w, id }]));
  }, []);
  const dismiss = useCallback((id: number) => setMessages((prev) => prev.filter((m) => m.id !== id)), []);

  /** Ask the user (a dialog); the answer comes back as a promise. */
  const ask = useCallback((q: Question) => new Promise<boolean>((resolve) => setQuestion({ q, resolve })), []);
  const answer = (yes: boolean) => {
    question?.resolve(yes);
    setQuestion(null);
  };

  // Settings: kept in state, saved into the workbook shortly after each change.
  const saveNow = useCallback(
    async (next: ToolSettings) => {
      if (!env.store) return;
      try {
        await writeSettings(env.store, next);
      } catch (e) {
        if (!settingsWarned.current) {
          settingsWarned.current = true;
          say(describeError(e), false);
        }
      }
    },
    [env.store, say],
  );
  const changeSettings = useCallback(
    (change: (prev: ToolSettings) => ToolSettings, now = false): ToolSettings => {
      const next = change(settings);
      setSettings(next);
      if (saveTimer.current) clearTimeout(saveTimer.current);
      if (now) void saveNow(next);
      else saveTimer.current = setTimeout(() => void saveNow(next), 600);
      return next;
    },
    [settings, saveNow],
  );

  const setLang = (l: Lang) => {
    setLangState(l);
    changeSettings((prev) => ({ ...prev, lang: l }), true);
  };

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('ui.title', lang);
  }, [lang]);

  const refreshInfo = useCallback(async () => {
    if (!session.inExcel) return;
    try {
      setInfo(await session.workbookInfo());
    } catch (e) {
      say(describeError(e));
    }
  }, [session, say]);

  /** What the workbook's rates sheets hold (read again after rates were added). */
  const refreshRates = useCallback(
    async (exclude: string | null) => {
      if (!session.inExcel) return;
      try {
        setRatesStatus(await session.ratesStatus(exclude));
      } catch (e) {
        say(describeError(e), false);
      }
    },
    [session, say],
  );

  useEffect(() => {
    if (!env.inExcel) {
      say(worded('warning', 'status.outsideExcel'));
      setSource('file');
      return undefined;
    }
    void refreshInfo();
    void refreshRates(null);
    // "This sheet — «…»" follows the sheet the user switches to.
    return session.onSheetActivated(() => void refreshInfo());
  }, [env.inExcel, refreshInfo, refreshRates, say, session]);

  /** Run long work with the progress panel and its Cancel; errors end up in words. */
  const task = useCallback(
    async <T,>(work: (token: CancelToken, progress: OnProgress) => Promise<T>): Promise<T | null> => {
      if (tokenRef.current) return null;
      const token = new CancelToken();
      tokenRef.current = token;
      setMessages([]);
      const rows = imported?.analysis.rows;
      setBusy({ stage: 'reading', rows });
      const progress: OnProgress = (stage, done, total, share) => setBusy({ stage, done, total, share, rows });
      try {
        return await work(token, progress);
      } catch (e) {
        say(describeError(e));
        return null;
      } finally {
        tokenRef.current = null;
        setBusy(null);
      }
    },
    [imported, say],
  );

  const cancel = () => tokenRef.current?.cancel();

  const describe = useCallback((f: Finding) => findingMessage(f, lang), [lang]);
  const sheetLang = settings.sheetLang ?? lang;

  /** A run's context: the settings, the sheets' language, the rates the pane holds, the questions it asks. */
  const runContext = (withSettings: ToolSettings, token: CancelToken, progress: OnProgress, extra: Partial<RunContext> = {}): RunContext => ({
    settings: withSettings,
    lang: withSettings.sheetLang ?? lang,
    // Rates files go into the rates sheet (or, outside Excel, into the rates the pane holds) when added.
    files: [],
    rates: heldRates,
    token,
    progress,
    describe,
    ...extra,
  });

  /** The register's dates that have no rate, looked for in the background (the newest look wins). */
  const lookForGaps = useCallback(
    async (imp: Imported, onScreen: Partial<Record<Field, string>>, held: RateRow[]) => {
      const run = ++gapsRun.current;
      setGaps({ state: 'looking' });
      try {
        const res = await session.rateGaps(imp, { settings, lang: sheetLang, files: [], rates: held, mapping: onScreen, token: new CancelToken(), progress: () => undefined });
        if (run === gapsRun.current) setGaps({ state: 'done', gaps: res.gaps, rates: res.rates });
      } catch (e) {
        const w = describeError(e);
        if (run === gapsRun.current) setGaps({ state: 'failed', text: (l) => t('rates.gaps.failed', l, { reason: w.text(l) }) });
      }
    },
    [session, settings, sheetLang],
  );

  /** Rates came in (files, a pasted table, the National Bank): merged into the rates sheet, and said what was added. */
  const addRates = async (read: (token: CancelToken, progress: OnProgress) => Promise<RateRow[]>) => {
    const exclude = imported?.inWorkbook ? imported.sheet : null;
    const out = await task(async (token, progress): Promise<RatesAdded> => {
      const rows = await read(token, progress);
      token.check();
      progress('rates');
      return session.addRates(rows, sheetLang, exclude, heldRates);
    });
    if (!out) return;
    setBlocked(null);
    const n = out.added.length;
    if (n === 0) say(worded('info', 'rates.nothingNew'));
    else if (out.sheet === null) say(worded('success', 'rates.addedHeld', { count: n, list: rateList(out.added, lang) }));
    else say(worded('success', out.created ? 'rates.addedCreated' : 'rates.added', { sheet: out.sheet, count: n, list: rateList(out.added, lang) }));
    if (n > 0 && out.same > 0) say(worded('info', 'rates.same', { count: out.same }), false);
    if (out.differ.length) {
      const list = out.differ
        .slice(0, RATES_LISTED)
        .map((d) => t('rates.differLine', lang, { currency: d.currency, date: formatDate(d.date), kept: formatRate(d.kept.quoted, lang), offered: formatRate(d.offered.quoted, lang) }))
        .join('; ');
      say(worded('warning', 'rates.differ', { count: out.differ.length, list }), false);
    }
    const held = out.sheet === null ? out.kept : heldRates;
    if (out.sheet === null) setHeldRates(out.kept);
    await refreshRates(exclude);
    if (out.created) void refreshInfo();
    if (imported) void lookForGaps(imported, mapping, held);
  };

  const importRatesFiles = (files: RatesFile[]) => addRates(() => session.readRatesFiles(files));
  const pasteRates = (text: string) => addRates(() => session.readPasted(text, t('rates.paste', lang)));
  const downloadRates = async () => {
    if (gaps.state !== 'done' || gaps.gaps.length === 0) return;
    const dates = [...new Set(gaps.gaps.map((g) => g.date))];
    const currencies = [...new Set(gaps.gaps.map((g) => g.currency))];
    // A refusal is worded by the task (describeError); the pages to save by hand are listed in the panel.
    await addRates(async (_token, progress) => {
      try {
        return await session.downloadRates(dates, currencies, progress);
      } catch (e) {
        if (e instanceof NbkBlockedError) setBlocked(e.urls);
        throw e;
      }
    });
  };

  const runCheck = async (imp: Imported, withSettings: ToolSettings) => {
    const out = await task((token, progress) => session.check(imp, runContext(withSettings, token, progress)));
    if (!out) return;
    setChecked(out);
    if (out.marksError) say(out.marksError instanceof SettingsSaveError ? worded('warning', 'error.marksNotSaved') : describeError(out.marksError), false);
  };

  const doImport = async () => {
    if (source === 'table' && !table) return say(worded('error', 'error.chooseTable'));
    if (source === 'file' && !file) return say(worded('error', 'error.chooseFile'));
    const choice =
      source === 'file' && file ? { kind: 'file' as const, name: file.name, bytes: file.bytes, sheet: fileSheet } : source === 'table' ? { kind: 'table' as const, name: table } : { kind: source as 'sheet' | 'selection' };
    const imp = await task((token, progress) => session.importSource(choice, token, progress));
    if (imp) afterImport(imp);
  };

  /** A source was read: its mapping on screen, the earlier results gone, the rates and their gaps looked at again. */
  const afterImport = (imp: Imported) => {
    const onScreen = settings.mappings[imp.key] ?? {};
    setImported(imp);
    setMapping(onScreen);
    setChecked(null);
    setWritten(null);
    setBlocked(null);
    if (imp.kind === 'file') setFileSheet(imp.sheet);
    void refreshInfo();
    void refreshRates(imp.inWorkbook ? imp.sheet : null);
    void lookForGaps(imp, onScreen, heldRates);
  };

  // The ribbon's Check now handed a register over (too large for its runtime): read that sheet and check it here, once.
  const handedOver = useRef(false);
  useEffect(() => {
    const p = env.pendingCheck;
    if (!p || !env.inExcel || handedOver.current) return;
    handedOver.current = true;
    void (async () => {
      const imp = await task((token, progress) => session.importSource({ kind: 'sheet', name: p.sheet }, token, progress));
      if (!imp) return;
      afterImport(imp);
      setStep('check');
      await runCheck(imp, settings);
      say(worded('info', 'handover.taken', { sheet: p.sheet }), false);
    })();
    // once, at the start: the pending check was taken from the workbook already
  }, []);

  const confirmMapping = async () => {
    if (!imported) return;
    const next = changeSettings((prev) => {
      const mappings = { ...prev.mappings };
      if (Object.keys(mapping).length) mappings[imported.key] = mapping;
      else delete mappings[imported.key];
      return { ...prev, mappings };
    }, true);
    setStep('check');
    await runCheck(imported, next);
  };

  const doCheck = async () => {
    if (imported) await runCheck(imported, settings);
  };

  const doWrite = async (next: ToolSettings) => {
    if (!imported) return;
    const saved = changeSettings(() => next, true);
    const confirmReplaceEdited = (sheets: string[]) =>
      ask({ title: t('edited.title', lang), body: t('edited.body', lang), items: sheets, yes: t('edited.replace', lang), no: t('edited.keep', lang), testId: 'edited-dialog' });
    const out = await task((token, progress) => session.write(imported, runContext(saved, token, progress, { confirmReplaceEdited })));
    if (!out) return;
    setWritten(out);
    setChecked((prev) => ({ result: out.result, marks: prev?.marks ?? null, marksError: null }));
    const names = out.report.sheets.map((x) => x.name).join(', ');
    say(worded('success', 'sum.written', { names }));
    const edited = out.report.edited;
    if (edited.length) say(worded('info', edited[0].replaced ? 'edited.replaced' : 'edited.kept', { sheets: edited.map((e) => e.name).join(', ') }), false);
    const kept = new Set(edited.filter((e) => !e.replaced).map((e) => e.name.toUpperCase()));
    for (const x of out.report.sheets) if (x.renamed && !kept.has(x.plan.toUpperCase())) say(worded('info', 'status.renamed', { plan: x.plan, name: x.name }), false);
  };

  const closeMonth = async (month: string) => {
    if (!imported) return null;
    let declined = false;
    const out = await task((token, progress) =>
      session.closeMonth(imported, runContext(settings, token, progress), month, async (m) => {
        const yes = await ask({ title: t('exp.replaceSnapshot.title', lang, { month: m }), body: t('exp.replaceSnapshot.body', lang, { month: m }), yes: t('exp.replace', lang), no: t('exp.keep', lang), testId: 'snapshot-dialog' });
        declined = !yes;
        return yes;
      }),
    );
    void refreshInfo();
    return declined ? ('kept' as const) : out;
  };

  const changeExport = (next: ExportSettings) => changeSettings((prev) => ({ ...prev, export: next }));

  const clearMarks = async () => {
    const report = await task(() => session.clearMarks());
    if (!report) return;
    if (report.restored === 0 && report.keptUserChanges === 0) say(worded('info', 'check.noMarks'));
    else {
      say(worded('success', 'check.cleared', { count: report.restored }));
      if (report.keptUserChanges) say(worded('info', 'check.clearedKept', { count: report.keptUserChanges }), false);
    }
    setChecked((prev) => (prev ? { ...prev, marks: null } : prev));
  };

  const goTo = async (sheet: string, cell: string) => {
    try {
      await session.goTo(sheet, cell);
    } catch (e) {
      say(describeError(e));
    }
  };

  const result = checked?.result ?? null;
  const steps: { id: StepId; enabled: boolean; done: boolean }[] = useMemo(
    () => [
      { id: 'import', enabled: true, done: imported !== null },
      { id: 'check', enabled: imported !== null, done: result !== null },
      { id: 'summaries', enabled: imported !== null, done: written !== null },
      { id: 'export', enabled: result !== null, done: false },
    ],
    [imported, result, written],
  );

  return (
    <FluentProvider theme={paneTheme} className={s.root} dir="ltr" lang={lang}>
      <header className={s.header}>
        <img className={s.logo} src="assets/icon-32.png" alt="" width={24} height={24} />
        <div className={s.titles}>
          <span className={s.title}>{t('ui.title', lang)}</span>
          <Caption1 className={s.subtitle}>{t('ui.subtitle', lang)}</Caption1>
        </div>
        <Select
          className={s.lang}
          size="small"
          aria-label={t('ui.language', lang)}
          value={lang}
          data-testid="lang"
          onChange={(_, d) => {
            if (isLang(d.value)) setLang(d.value);
          }}
        >
          {LANGS.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANG_NAMES[l]}
            </option>
          ))}
        </Select>
      </header>
      <Stepper
        label={t('ui.steps', lang)}
        current={step}
        steps={steps.map((x) => ({ id: x.id, label: t(`step.${x.id}`, lang), enabled: x.enabled && busy === null, done: x.done }))}
        onSelect={(id) => {
          setStep(id as StepId);
          if (id === 'import') void refreshInfo();
        }}
      />
      <main className={s.main}>
        {busy ? <ProgressPanel busy={busy} lang={lang} onCancel={cancel} /> : null}
        <Messages items={messages} lang={lang} onDismiss={dismiss} />
        {diagOpen ? <DiagnosticsPanel lang={lang} run={env.runDiagnostics} onBack={() => setDiagOpen(false)} /> : null}
        {!diagOpen && step === 'import' ? (
          <ImportStep
            lang={lang}
            inExcel={env.inExcel}
            busy={busy !== null}
            info={info}
            source={source}
            onSource={setSource}
            table={table}
            onTable={setTable}
            file={file}
            onFile={(f) => {
              setFile(f);
              setFileSheet(undefined);
            }}
            fileSheet={fileSheet}
            onFileSheet={setFileSheet}
            rates={
              <RatesPanel
                lang={lang}
                sheetLang={sheetLang}
                busy={busy !== null}
                inExcel={env.inExcel}
                status={ratesStatus}
                held={heldRates}
                imported={imported !== null}
                gaps={gaps}
                blocked={blocked}
                onFiles={(f) => void importRatesFiles(f)}
                onPaste={(x) => void pasteRates(x)}
                onDownload={() => void downloadRates()}
                onError={(w) => say(w)}
              />
            }
            imported={imported}
            mapping={mapping}
            onMapping={setMapping}
            onRead={() => void doImport()}
            onConfirm={() => void confirmMapping()}
            onError={(w) => say(w)}
          />
        ) : null}
        {!diagOpen && step === 'check' ? (
          <CheckStep
            lang={lang}
            busy={busy !== null}
            imported={imported}
            outcome={checked}
            markCells={settings.markCells}
            canMark={env.inExcel && env.store !== null && imported?.inWorkbook === true}
            canClear={env.inExcel && env.store !== null}
            onMarkCells={(v) => changeSettings((prev) => ({ ...prev, markCells: v }), true)}
            onRun={() => void doCheck()}
            onClearMarks={() => void clearMarks()}
            onGoTo={imported?.inWorkbook && env.inExcel ? (sheet, cell) => void goTo(sheet, cell) : null}
            onNext={() => setStep('summaries')}
          />
        ) : null}
        {!diagOpen && step === 'summaries' ? (
          <SummariesStep lang={lang} busy={busy !== null} inExcel={env.inExcel} settings={settings} result={result} written={written} onChange={(next) => changeSettings(() => next)} onWrite={(next) => void doWrite(next)} drill={env.inExcel ? <DrillPanel lang={lang} actions={session} onError={(e) => say(describeError(e))} /> : undefined} />
        ) : null}
        {!diagOpen && step === 'export' ? (
          <ExportStep
            lang={lang}
            busy={busy !== null}
            inExcel={env.inExcel}
            result={result}
            session={session}
            roles={settings.sheets}
            region={settings.region}
            options={settings.export}
            onOptions={changeExport}
            snapshots={info?.snapshots ?? []}
            createWorkbook={env.createWorkbook}
            platform={env.platform}
            registerFile={imported?.file ?? null}
            task={task}
            say={say}
            ask={ask}
            closeMonth={closeMonth}
            ministry={(m) => (imported ? task((token, progress) => session.ministry(imported, runContext(settings, token, progress), m)) : Promise.resolve(null))}
            template={(m) => (imported ? task((token, progress) => session.template(imported, runContext(settings, token, progress), m)) : Promise.resolve(null))}
          />
        ) : null}
      </main>
      <footer className={s.footer}>
        <Button appearance="subtle" size="small" icon={<StethoscopeRegular />} onClick={() => setDiagOpen(true)} disabled={busy !== null || diagOpen} data-testid="diagnostics">
          {t('diag.open', lang)}
        </Button>
      </footer>
      <QuestionDialog question={question?.q ?? null} onAnswer={answer} />
    </FluentProvider>
  );
}
