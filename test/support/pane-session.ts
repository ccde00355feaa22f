/**
 * The task pane's session (src/taskpane/session.ts) over the in-memory Excel holding a register and,
 * unless asked otherwise, the sample's rates sheet, as the pane's tests of the month and the template
 * use it: the session, the run context the pane gives a step, and the register imported from its sheet.
 */
import { findingMessage } from '../../src/core/checks/findings';
import { DEFAULT_SETTINGS } from '../../src/excel/settings';
import { CancelToken } from '../../src/taskpane/base';
import { LocalEngine } from '../../src/taskpane/engine';
import { Session, type Imported, type RunContext } from '../../src/taskpane/session';
import { sampleRatesSheet } from './browser-sample';
import { createFakeWorkbook, installFakeOffice, type SheetData } from './fake-excel';

/** A session on a workbook "bko-register-2025-10.xlsx" with the register (and the rates sheet), Kazakh Office, today 2025-11-20. */
export function paneSession(register: { name: string; data: SheetData }, opts: { rates?: boolean; engine?: LocalEngine; apiVersion?: string } = {}) {
  const fake = createFakeWorkbook(
    { [register.name]: register.data, ...(opts.rates === false ? {} : { Бағамдар: sampleRatesSheet() }) },
    { workbookName: 'bko-register-2025-10.xlsx', apiVersion: opts.apiVersion },
  );
  const office = installFakeOffice({}, fake, { displayLanguage: 'kk-KZ' });
  const session = new Session({
    engine: opts.engine ?? new LocalEngine(),
    excel: fake.Excel as unknown as { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> },
    store: office.context.document?.settings as never,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    today: () => '2025-11-20',
  });
  return { fake, session };
}

/** The context the pane gives a step: Kazakh, no cell marks, no files, never cancelled. */
export const paneContext = (extra: Partial<RunContext> = {}): RunContext => ({
  settings: { ...DEFAULT_SETTINGS, markCells: false },
  lang: 'kk',
  files: [],
  token: new CancelToken(),
  progress: () => undefined,
  describe: (f) => findingMessage(f, 'kk'),
  ...extra,
});

/** The register imported from the workbook's sheet. */
export const importSheet = (session: Session): Promise<Imported> => session.importSource({ kind: 'sheet' }, new CancelToken(), () => undefined);
