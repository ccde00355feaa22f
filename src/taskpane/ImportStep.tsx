/**
 * Step 1, Import: where the register is (this sheet, the selected cells, a table, a file), the
 * columns the core found — each field's column with its confidence, changeable with a list; the
 * user's choice goes to the core as PipelineOptions.mapping — then the National Bank rates
 * (RatesPanel.tsx, with the dates that lack one) and "Confirm and check".
 *
 * A field can be moved to another column, not unmapped: the core's applyMapping takes a column for
 * each field it is given (src/core/register/register.ts), with no way to say "no column"; the list offers
 * "— none —" only for a field the core did not find.
 */
import { LIKELY_MATCH, SURE_MATCH } from '../core/types';
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Radio,
  RadioGroup,
  Select,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowImportRegular, DocumentRegular, CheckmarkRegular, ArrowUndoRegular } from '@fluentui/react-icons';
import { useRef, useState, type ReactNode } from 'react';
import { formatNumber, t, text, type Lang } from '../core/words';
import { FIELDS, type Field } from '../core/register/register';
import { worded, type Worded } from './errors';
import type { DetectedColumn } from './jobs';
import type { Imported, RatesFile, WorkbookInfo } from './session';
import { Section, useStyles } from './ui';

export type SourceKind = 'sheet' | 'selection' | 'table' | 'file';

/** Fields always listed in the mapping (the rest when detected, chosen, or on "show all"). */
const KEY_FIELDS: Field[] = ['number', 'name', 'investor', 'sector', 'KZT', 'CNY', 'value', 'date', 'status', 'jobs'];

const useLocal = makeStyles({
  table: { tableLayout: 'fixed', width: '100%' },
  fieldCol: { width: '36%' },
  confCol: { width: '72px' },
  cell: { paddingTop: tokens.spacingVerticalXXS, paddingBottom: tokens.spacingVerticalXXS },
  select: { width: '100%', minWidth: 0 },
  hiddenInput: { display: 'none' },
  fileRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  sub: { marginLeft: '28px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  found: { padding: tokens.spacingVerticalS, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2 },
  fieldName: { overflowWrap: 'anywhere' },
});

export interface ImportProps {
  lang: Lang;
  inExcel: boolean;
  busy: boolean;
  info: WorkbookInfo | null;
  source: SourceKind;
  onSource(s: SourceKind): void;
  table: string;
  onTable(t: string): void;
  file: RatesFile | null;
  onFile(f: RatesFile | null): void;
  fileSheet: string | undefined;
  onFileSheet(s: string): void;
  /** The rates panel (RatesPanel), between the columns and "Confirm and check". */
  rates: ReactNode;
  imported: Imported | null;
  mapping: Partial<Record<Field, string>>;
  onMapping(m: Partial<Record<Field, string>>): void;
  onRead(): void;
  onConfirm(): void;
  onError(w: Worded): void;
}

async function readFiles(list: FileList | null): Promise<RatesFile[]> {
  const out: RatesFile[] = [];
  for (const f of Array.from(list ?? [])) out.push({ name: f.name, bytes: await f.arrayBuffer() });
  return out;
}

/** The column each field ends up in: the user's choice, else the detected one unless a choice took its column. */
export function effectiveMapping(detected: DetectedColumn[], mapping: Partial<Record<Field, string>>): Map<Field, string> {
  const out = new Map<Field, string>();
  const claimed = new Set(Object.values(mapping));
  for (const d of detected) if (!(d.field in mapping) && !claimed.has(d.letter)) out.set(d.field, d.letter);
  for (const [f, letter] of Object.entries(mapping) as [Field, string][]) out.set(f, letter);
  return out;
}

export function ImportStep(p: ImportProps) {
  const s = useStyles();
  const l = useLocal();
  const { lang } = p;
  const fileInput = useRef<HTMLInputElement>(null);
  const [allFields, setAllFields] = useState(false);

  const active = p.info?.activeSheet ?? null;
  const onFileChosen = async (list: FileList | null) => {
    try {
      const [f] = await readFiles(list);
      if (f) p.onFile(f);
    } catch {
      p.onError(worded('error', 'error.fileRead', { name: list?.[0]?.name ?? '' }));
    }
  };
  return (
    <>
      <Section title={t('import.source', lang)}>
        <RadioGroup value={p.source} onChange={(_, d) => p.onSource(d.value as SourceKind)} aria-label={t('import.source', lang)} data-testid="source">
          <Radio value="sheet" disabled={!p.inExcel} label={active ? `${t('import.source.sheet', lang)} — «${active}»` : t('import.source.sheet', lang)} />
          {p.source === 'sheet' && p.info?.activeIsOwn ? <Caption1 className={l.sub}>{t('import.ownSheet', lang)}</Caption1> : null}
          <Radio value="selection" disabled={!p.inExcel} label={t('import.source.selection', lang)} />
          <Radio value="table" disabled={!p.inExcel} label={t('import.source.table', lang)} />
          {p.source === 'table' ? (
            <div className={l.sub}>
              {p.info && p.info.tables.length === 0 ? (
                <Caption1 className={s.hint}>{t('import.noTables', lang)}</Caption1>
              ) : (
                <Select aria-label={t('import.table', lang)} value={p.table} onChange={(_, d) => p.onTable(d.value)} data-testid="table">
                  <option value="">{t('import.tablePlaceholder', lang)}</option>
                  {(p.info?.tables ?? []).map((x) => (
                    <option key={x.name} value={x.name}>
                      {t('import.tableOption', lang, { table: x.name, sheet: x.sheet })}
                    </option>
                  ))}
                </Select>
              )}
            </div>
          ) : null}
          <Radio value="file" label={t('import.source.file', lang)} />
          {p.source === 'file' ? (
            <div className={l.sub}>
              <div className={l.fileRow}>
                <Button size="small" icon={<DocumentRegular />} onClick={() => fileInput.current?.click()} disabled={p.busy}>
                  {t('import.chooseFile', lang)}
                </Button>
                <Caption1 className={s.fileName}>{p.file ? p.file.name : t('import.noFile', lang)}</Caption1>
              </div>
              {p.imported?.fileSheets && p.imported.fileSheets.length > 1 ? (
                <Select aria-label={t('import.fileSheet', lang)} value={p.fileSheet ?? p.imported.sheet} onChange={(_, d) => p.onFileSheet(d.value)}>
                  {p.imported.fileSheets.map((x) => (
                    <option key={x} value={x}>
                      {x}
                    </option>
                  ))}
                </Select>
              ) : null}
              <input
                ref={fileInput}
                className={l.hiddenInput}
                type="file"
                accept=".xlsx,.xlsm,.csv,.txt"
                data-testid="file-input"
                onChange={(e) => {
                  void onFileChosen(e.currentTarget.files);
                  e.currentTarget.value = '';
                }}
              />
            </div>
          ) : null}
        </RadioGroup>
      </Section>

      <div className={s.actions}>
        <Button appearance={p.imported ? 'secondary' : 'primary'} icon={<ArrowImportRegular />} onClick={p.onRead} disabled={p.busy} data-testid="read">
          {p.imported ? t('import.readAgain', lang) : t('import.read', lang)}
        </Button>
      </div>

      {p.imported ? <Mapping {...p} imported={p.imported} allFields={allFields} onAllFields={setAllFields} /> : null}

      {p.rates}

      {p.imported ? (
        <div className={s.actions}>
          <Button appearance="primary" icon={<CheckmarkRegular />} onClick={p.onConfirm} disabled={p.busy} data-testid="confirm">
            {t('import.confirm', lang)}
          </Button>
          {Object.keys(p.mapping).length ? (
            <Button appearance="subtle" icon={<ArrowUndoRegular />} onClick={() => p.onMapping({})} disabled={p.busy}>
              {t('import.reset', lang)}
            </Button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function Mapping(p: ImportProps & { imported: Imported; allFields: boolean; onAllFields(v: boolean): void }) {
  const s = useStyles();
  const l = useLocal();
  const { lang, imported, mapping } = p;
  const a = imported.analysis;
  const detected = new Map(a.detected.map((d) => [d.field, d]));
  const effective = effectiveMapping(a.detected, mapping);
  const shown = p.allFields ? [...FIELDS] : FIELDS.filter((f) => KEY_FIELDS.includes(f) || detected.has(f) || f in mapping);

  const choose = (field: Field, letter: string) => {
    const next = { ...mapping };
    const d = detected.get(field);
    if (letter === '' || (d && d.letter === letter && !Object.entries(mapping).some(([f, x]) => f !== field && x === letter))) delete next[field];
    else next[field] = letter;
    p.onMapping(next);
  };

  const badge = (field: Field) => {
    if (field in mapping) return <Badge appearance="filled" color="brand" title={t('conf.yours', lang)}>{t('conf.yoursShort', lang)}</Badge>;
    const d = detected.get(field);
    if (!d || !effective.has(field)) return <Caption1 className={s.hint} title={t('conf.none', lang)}>—</Caption1>;
    const pct = `${Math.round(d.confidence * 100)}%`;
    if (d.confidence >= SURE_MATCH) return <Badge appearance="tint" color="success" title={t('conf.high', lang)}>{pct}</Badge>;
    if (d.confidence >= LIKELY_MATCH) return <Badge appearance="tint" color="warning" title={t('conf.medium', lang)}>{pct}</Badge>;
    return <Badge appearance="tint" color="danger" title={t('conf.low', lang)}>{pct}</Badge>;
  };

  return (
    <Section title={t('import.mapping', lang)} hint={t('import.mappingHelp', lang)}>
      <Body1 className={l.found} data-testid="found">
        {t('import.found', lang, { sheet: a.sheet, header: a.headerRows.join('–'), rows: formatNumber(a.rows, lang) })}
      </Body1>
      <Table size="extra-small" className={l.table} aria-label={t('import.mapping', lang)} data-testid="mapping">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={l.fieldCol}>{t('import.field', lang)}</TableHeaderCell>
            <TableHeaderCell>{t('import.column', lang)}</TableHeaderCell>
            <TableHeaderCell className={l.confCol}>{t('import.confidence', lang)}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((f) => {
            const value = effective.get(f) ?? '';
            const d = detected.get(f);
            return (
              <TableRow key={f} data-testid={`map-${f}`}>
                <TableCell className={l.cell}>
                  <span className={l.fieldName}>{text(`field.${f}`, lang)}</span>
                </TableCell>
                <TableCell className={l.cell}>
                  <Select size="small" className={l.select} aria-label={text(`field.${f}`, lang)} value={value} onChange={(_, x) => choose(f, x.value)}>
                    {!d || value === '' ? <option value="">{t('import.notMapped', lang)}</option> : null}
                    {a.columns.map((c) => (
                      <option key={c.letter} value={c.letter}>
                        {c.label ? t('import.columnOption', lang, { letter: c.letter, label: c.label.length > 40 ? `${c.label.slice(0, 39)}…` : c.label }) : t('import.columnEmpty', lang, { letter: c.letter })}
                      </option>
                    ))}
                  </Select>
                </TableCell>
                <TableCell className={l.cell}>{badge(f)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Caption1 className={s.hint}>{t('import.legend', lang)}</Caption1>
      <Switch checked={p.allFields} onChange={(_, d) => p.onAllFields(d.checked)} label={t('import.allFields', lang)} />
      {a.duplicates.map((d) => (
        <Caption1 key={`${d.field}-${d.other}`} className={s.hint}>
          {t('import.duplicate', lang, { field: text(`field.${d.field}`, lang), used: d.used, other: d.other })}
        </Caption1>
      ))}
    </Section>
  );
}
