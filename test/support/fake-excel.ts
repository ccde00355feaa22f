/**
 * An in-memory Excel behind the part of the Excel JavaScript API (Office.js) tizilim uses, faithful
 * enough that code written against real Office.js runs on it unchanged:
 *
 * - `run(batch)` gives a RequestContext with `workbook`, `application` and `sync()`;
 * - objects are proxies: writes and method calls are queued and applied, in order, at `sync()`;
 *   properties are readable only after `load()` + `sync()` (else a PropertyNotLoaded error, thrown
 *   synchronously as Office does); `*OrNullObject` results carry `isNullObject` after the sync;
 * - each sync's request is measured (JSON size in UTF-8 bytes of every queued action's arguments
 *   plus a fixed envelope per action) and rejected with `RequestPayloadSizeLimitExceeded` above the
 *   limit (default 5 MB, as Excel on the web); the response of loads likewise with
 *   `ResponsePayloadSizeLimitExceeded`. A rejected request applies nothing;
 * - typed-input rules of `values`/`formulas`: a string starting with "=", "+", "-" or "@" becomes a
 *   formula unless it starts with an apostrophe (kept as text, the apostrophe is a prefix, not part of
 *   the value) or the cell's number format is "@"; number-like strings become numbers, "TRUE"/"FALSE"
 *   booleans, ISO dates date serials, error literals errors; `null` leaves a cell unchanged, "" clears it;
 * - dates are serial numbers; error cells read back as their text ("#REF!");
 * - formulas calculate, and are bound to sheets as Excel binds them (see "Calculation" below).
 *
 * Calculation. A formula written through `Range.formulas` (or `values`) is parsed and bound, at the
 * moment the action runs, to the sheets that exist then; `values`, `text` and `valueTypes` of a
 * formula cell read its calculated result. Renaming a sheet rewrites the formulas that read it (they
 * read the same sheet under its new name); deleting a sheet turns them into #REF! ("=SUM(#REF!A1:A9)"
 * as `formulas` reads back), and a sheet made later under the old name does not revive them. A
 * reference to a sheet that does not exist when the formula is written is an error, #REF!, kept as
 * written and never bound to a sheet of that name made later (Excel takes such a name for a link to
 * another workbook, which it cannot find); `brokenReferences()` lists them. Chart series ranges are
 * bound the same way: they follow a renamed sheet and read "#REF!" once it is deleted
 * (`chartPoints()` tells what a chart plots). Formulas are read as an English Excel takes them
 * through `formulas`: English function names, "," between arguments, "." in numbers.
 *
 * The engine is HyperFormula (a devDependency, used by the tests only): an independent spreadsheet
 * engine with its own parser, dependency graph and functions (SUMIFS, COUNTIFS with criteria such as
 * ">="&DATE(2025,10,1), SUMPRODUCT over arrays, DATE, ROUND, IF, ...) and its own handling of sheet
 * renames and removals, so the fake's calculations are not the same hands' guesses as the code under
 * test. Its licence is GPLv3 or commercial; it runs here under the "gpl-v3" key. tizilim is MIT and
 * ships none of it: HyperFormula is never imported by src/, never bundled into the add-in (webpack
 * builds from src/ only) and never distributed with the CLI; it only runs on a developer's or CI's
 * machine while the tests run, which the GPL does not restrict. MIT-licensed alternatives were
 * weighed: fast-formula-parser and @formulajs/formulajs evaluate functions but leave references,
 * sheets and dependencies to the caller, so the very part in question (what a formula is bound to
 * when sheets are added, renamed and deleted) would be ours again. Should the project ever ship a
 * test bundle or want no GPL code at all, the engine sits behind the `Calc` class (fake-excel/calc.ts).
 * The fake does its own scan of a formula's sheet qualifiers (for the text `formulas` reads back, and
 * to keep a reference to a missing sheet from ever binding); `formulaCells()` puts the scan and the
 * engine's own binding side by side, and the tests compare them.
 *
 * What is documented and what is not. Documented by Microsoft, and modelled: the typed-input rule
 * (Excel JavaScript API reference, Range.values and Range.formulas: a value starting with "+", "-"
 * or "=" is taken for a formula); the 5 MB request and response limits of Excel on the web ("Resource
 * limits and performance optimization for Office Add-ins"); load-then-sync and PropertyNotLoaded
 * ("Excel JavaScript API core concepts" / "Call load before reading properties"); `*OrNullObject`
 * ("*OrNullObject methods and properties"); a worksheet's id kept through renames and moves ("Work
 * with worksheets using the Excel JavaScript API"); getSelectedRange throwing when several ranges are
 * selected (Workbook.getSelectedRange); custom property keys and values trimmed to 255 characters
 * outside Excel on the web (CustomPropertyCollection.add), a worksheet custom property key over 255
 * an InvalidArgument (WorksheetCustomPropertyCollection.add); a VeryHidden sheet cannot be deleted
 * (Worksheet.delete). Not in the Office.js reference, so modelled from Excel's own behaviour or
 * guessed: formulas following a renamed sheet and turning into #REF! when it is deleted (Excel's
 * workbook behaviour — Microsoft Support, "How to correct a #REF! error" — which the API pages for
 * Worksheet.name and Worksheet.delete do not mention); the exact text a broken reference reads back
 * as ("#REF!A1"), a guess from Excel's formula bar; what a reference to a missing sheet becomes
 * (Excel on the desktop may ask for the workbook; the fake makes it #REF!); the error code of
 * getSelectedRange on several areas (InvalidSelection, one of Excel.ErrorCodes); the fake's error
 * messages (the codes are Office.js's).
 *
 * Known limits (where this Excel is not the real one):
 * - input is parsed as a US-English Excel parses it ("1,234.5", "TRUE", ISO dates); a Kazakh or Russian
 *   Excel reads "1 234,5" and "ИСТИНА" and would take some strings differently;
 * - `formulasLocal` reads the same as `formulas` (and `addressLocal` as `address`): what a Kazakh or
 *   Russian Excel shows there (";" between arguments, localized function names such as СУММ) is not
 *   modelled;
 * - formula text reads back as written, but for references it rebinds; Excel normalises formulas
 *   (drops quotes a sheet name does not need, capitalises function names, may move spaces);
 * - `numberFormat` reads back verbatim as written; Excel may normalise a format code (escapes,
 *   locale currency tags);
 * - the request size adds a guessed envelope per action (`ACTION_ENVELOPE_BYTES`) to the JSON of its
 *   arguments; Office's real serialisation is not published;
 * - `sync()` resolves in a microtask, unless `macrotaskSyncs`; a real sync is a round trip that
 *   resolves in a macrotask;
 * - calculation is automatic and finished by the time a sync answers: `calculationMode` "Manual" and
 *   `suspendApiCalculationUntilNextSync` are recorded but do not hold values back; defined names,
 *   structured references (Table1[Column]), 3-D references, INDIRECT/OFFSET into cells no formula
 *   names and links to other workbooks are not calculated as Excel would; a circular reference reads 0;
 * - hyperlinks are text (documentReference): they do not follow a renamed sheet, as in Excel;
 * - a worksheet custom property's value has no length limit here (none is documented);
 * - `Office.context.document.settings`: one store per `installFakeOffice`; two runtimes (the task pane
 *   and the ribbon's commands) given the same Office share one in-memory copy, where Office gives each
 *   runtime its own, in step only through saveAsync/refreshAsync: install one per runtime to model that.
 *
 * Plain TypeScript with no Node imports: it can be transpiled for a browser and given to a page as
 * `globalThis.Excel` (see `installFakeOffice`); there `require('hyperformula')` is answered with the
 * engine's browser build (test/support/browser.ts, which bundles the modules below into one script).
 *
 * This file is the single entry point; the fake lives in test/support/fake-excel/, one module per
 * seam, each with a header saying what it models and which of it is documented or guessed:
 * errors.ts, geometry.ts (addresses, dates), model.ts (the plain data), input.ts (typed input),
 * calc.ts (binding and HyperFormula), display.ts (Range.text), context.ts (queue, sync, payload
 * limits), proxy.ts (load/sync proxies), workbook.ts, worksheets.ts, charts.ts, tables.ts,
 * format.ts (looks), range.ts, notes.ts (notes, comments), host.ts (FakeExcel, snapshots),
 * fixtures.ts (createFakeWorkbook, installFakeOffice), settings.ts (document settings), quirks.ts,
 * workbook-settings.ts, functions.ts. The exports below are the whole API the tests use.
 */

export { FakeRichApiError } from './fake-excel/errors';
export { MAX_COLS, MAX_ROWS, quoteSheetName, serialFromDate } from './fake-excel/geometry';
export { EXCEL_ERROR_TEXTS } from './fake-excel/model';
export type { FakeHyperlink } from './fake-excel/model';
export type { BrokenReference } from './fake-excel/calc';
export { formatText } from './fake-excel/display';
export { ACTION_ENVELOPE_BYTES } from './fake-excel/context';
export type { FakeExcelOptions, FakeStats, SyncRecord } from './fake-excel/context';
export { FakeClientResult } from './fake-excel/proxy';
export { addFakeComment, addFakeNote, fakeComments, fakeNotes } from './fake-excel/notes';
export { FakeExcel } from './fake-excel/host';
export type { CellSnapshot, ChartPoints, ChartSnapshot, FakeOfficeNamespace, SheetSnapshot } from './fake-excel/host';
export { createFakeWorkbook, installFakeOffice } from './fake-excel/fixtures';
export type { FixtureValue, SheetData } from './fake-excel/fixtures';
export { FakeSettings, readBack, savedFakeSettings, SETTINGS_LIMIT_BYTES } from './fake-excel/settings';
export { setFakeQuirks } from './fake-excel/quirks';
export type { FakeQuirks } from './fake-excel/quirks';
export { fakeWorkbookSettings, setFakeWorkbookSetting } from './fake-excel/workbook-settings';
