/**
 * Small pieces the steps share: the pane's styles, a titled section, the progress panel with its
 * Cancel, the message bars. Workbook text only ever reaches the page as React text (escaped).
 */
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkRegular, DismissRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { formatNumber, t, type Lang } from '../core/words';
import type { Worded } from './errors';
import type { Stage } from './session';

export const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  logo: { width: '24px', height: '24px', flexShrink: 0 },
  titles: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  title: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400 },
  subtitle: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  lang: { minWidth: '112px', maxWidth: '120px' },
  steps: {
    display: 'grid',
    gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  step: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: '2px',
    minWidth: 0,
    padding: `${tokens.spacingVerticalXXS} 2px`,
    border: 'none',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground2,
    cursor: 'pointer',
    fontFamily: tokens.fontFamilyBase,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':disabled': { cursor: 'default', color: tokens.colorNeutralForegroundDisabled, backgroundColor: 'transparent' },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  stepCurrent: { color: tokens.colorNeutralForeground1 },
  circle: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '24px',
    height: '24px',
    borderRadius: '50%',
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  circleCurrent: { backgroundColor: tokens.colorBrandBackground, borderTopColor: tokens.colorBrandBackground, borderRightColor: tokens.colorBrandBackground, borderBottomColor: tokens.colorBrandBackground, borderLeftColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand },
  circleDone: { borderTopColor: tokens.colorBrandStroke1, borderRightColor: tokens.colorBrandStroke1, borderBottomColor: tokens.colorBrandStroke1, borderLeftColor: tokens.colorBrandStroke1, color: tokens.colorBrandForeground1 },
  stepLabel: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  stepLabelCurrent: { fontWeight: tokens.fontWeightSemibold },
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXXL}` },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  sectionTitle: { margin: `${tokens.spacingVerticalXS} 0 0` },
  hint: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  progress: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  progressLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  messages: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  messageText: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
  fileName: { overflowWrap: 'anywhere' },
  numbers: { fontVariantNumeric: 'tabular-nums' },
  footer: {
    display: 'flex',
    justifyContent: 'flex-end',
    marginTop: 'auto',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

export interface StepItem {
  id: string;
  label: string;
  enabled: boolean;
  done: boolean;
}

/** The four steps as a compact stepper (a tab list): numbered circles, a tick once a step is done. */
export function Stepper({ steps, current, label, onSelect }: { steps: StepItem[]; current: string; label: string; onSelect: (id: string) => void }) {
  const s = useStyles();
  return (
    <nav className={s.steps} role="tablist" aria-label={label}>
      {steps.map((x, i) => {
        const isCurrent = x.id === current;
        return (
          <button
            key={x.id}
            type="button"
            role="tab"
            aria-selected={isCurrent}
            aria-label={`${i + 1}. ${x.label}`}
            className={mergeClasses(s.step, isCurrent && s.stepCurrent)}
            disabled={!x.enabled}
            onClick={() => onSelect(x.id)}
            data-testid={`step-${x.id}`}
          >
            <span className={mergeClasses(s.circle, x.done && s.circleDone, isCurrent && s.circleCurrent)} aria-hidden="true">
              {x.done && !isCurrent ? <CheckmarkRegular /> : i + 1}
            </span>
            <span className={mergeClasses(s.stepLabel, isCurrent && s.stepLabelCurrent)}>{x.label}</span>
          </button>
        );
      })}
    </nav>
  );
}

export function Section({ title, children, hint }: { title: string; children: ReactNode; hint?: string }) {
  const s = useStyles();
  return (
    <section className={s.section} aria-label={title}>
      <Subtitle2 as="h2" className={s.sectionTitle}>
        {title}
      </Subtitle2>
      {hint ? <Caption1 className={s.hint}>{hint}</Caption1> : null}
      {children}
    </section>
  );
}

export interface Busy {
  stage: Stage;
  done?: number;
  total?: number;
  /** The share done (0..1) when it is not done / total (writing: the links go after the rows). */
  share?: number;
  /** Rows of the register, for "checking N rows". */
  rows?: number;
}

export function progressText(b: Busy, lang: Lang): string {
  const n = (x: number) => formatNumber(x, lang);
  switch (b.stage) {
    case 'reading':
      return b.total ? t('progress.reading', lang, { done: n(b.done ?? 0), total: n(b.total) }) : t('progress.readingStart', lang);
    case 'sending':
      return t('progress.sending', lang, { done: n(b.done ?? 0), total: n(b.total ?? 0) });
    case 'checking':
      return t('progress.checking', lang, { rows: n(b.rows ?? 0) });
    case 'writing': {
      const percent = Math.round((b.share ?? (b.done ?? 0) / (b.total || 1)) * 100);
      return b.total ? t('progress.writingRows', lang, { done: n(b.done ?? 0), total: n(b.total), percent }) : t('progress.writing', lang, { percent });
    }
    case 'download':
      return t('progress.download', lang, { done: n(b.done ?? 0), total: n(b.total ?? 0) });
    default:
      return t(`progress.${b.stage}`, lang);
  }
}

export function ProgressPanel({ busy, lang, onCancel }: { busy: Busy; lang: Lang; onCancel: () => void }) {
  const s = useStyles();
  const determinate = busy.share !== undefined || (busy.total !== undefined && busy.total > 0 && busy.stage !== 'checking');
  const value = busy.share ?? (busy.done ?? 0) / (busy.total || 1);
  // Once the sheets are being written they are written whole: no Cancel then.
  const cancellable = busy.stage !== 'writing' && busy.stage !== 'marking';
  return (
    <div className={s.progress} role="status" aria-live="polite" data-testid="progress">
      <div className={s.progressLine}>
        <Caption1 className={s.grow} data-testid="progress-text">
          {progressText(busy, lang)}
        </Caption1>
        {cancellable ? (
          <Button size="small" onClick={onCancel} data-testid="cancel">
            {t('progress.cancel', lang)}
          </Button>
        ) : (
          <Caption1 className={s.hint}>{t('progress.noCancel', lang)}</Caption1>
        )}
      </div>
      <ProgressBar thickness="large" value={determinate ? Math.min(1, value) : undefined} aria-label={progressText(busy, lang)} />
    </div>
  );
}

export interface Shown extends Worded {
  id: number;
}

export function Messages({ items, lang, onDismiss }: { items: Shown[]; lang: Lang; onDismiss: (id: number) => void }) {
  const s = useStyles();
  if (items.length === 0) return null;
  return (
    <div className={s.messages} data-testid="messages">
      {items.map((m) => (
        <MessageBar key={m.id} intent={m.intent} layout="multiline" data-testid={`message-${m.intent}`}>
          <MessageBarBody className={s.messageText}>{m.text(lang)}</MessageBarBody>
          <MessageBarActions
            containerAction={<Button appearance="transparent" aria-label={t('ui.dismiss', lang)} icon={<DismissRegular />} onClick={() => onDismiss(m.id)} />}
          />
        </MessageBar>
      ))}
    </div>
  );
}

/** A question the pane asks before it goes on (a Fluent dialog): what happens on each answer is in its words. */
export interface Question {
  title: string;
  body: string;
  /** Listed under the text (the sheets the user edited, …). */
  items?: string[];
  yes: string;
  no: string;
  /** data-testid of the dialog; its buttons are `<testId>-yes` and `<testId>-no`. */
  testId: string;
}

/** The question as a modal dialog; closing it (Esc) answers no, the safe answer. */
export function QuestionDialog({ question, onAnswer }: { question: Question | null; onAnswer: (yes: boolean) => void }) {
  const s = useStyles();
  return (
    <Dialog open={question !== null} modalType="alert" onOpenChange={(_, d) => { if (!d.open) onAnswer(false); }}>
      <DialogSurface data-testid={question?.testId}>
        {question ? (
          <DialogBody>
            <DialogTitle>{question.title}</DialogTitle>
            <DialogContent className={s.messageText}>
              <p>{question.body}</p>
              {question.items?.length ? (
                <ul data-testid={`${question.testId}-items`}>
                  {question.items.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              ) : null}
            </DialogContent>
            <DialogActions fluid>
              <Button appearance="primary" onClick={() => onAnswer(true)} data-testid={`${question.testId}-yes`}>
                {question.yes}
              </Button>
              <Button onClick={() => onAnswer(false)} data-testid={`${question.testId}-no`}>
                {question.no}
              </Button>
            </DialogActions>
          </DialogBody>
        ) : null}
      </DialogSurface>
    </Dialog>
  );
}
