/**
 * The fake Excel (test/support/fake-excel.ts), the add-in's custom functions: TIZILIM.AMOUNT, AMOUNT.WHY,
 * CURRENCY, RATE, TOKZT and TOCNY registered with its formula engine (a HyperFormula function plugin,
 * registered for every workbook made after this module is imported), each calling the very functions
 * src/functions/functions.ts hands Excel, so a sheet that uses them recalculates here. A module of its
 * own, beside fake-excel/ rather than in it: the fake's page build (test/support/browser.ts) carries
 * only fake-excel/ and cannot take the core; import it in the Node tests that use the functions.
 *
 * Documented (Microsoft, "Create custom functions in Excel" and "Handle and return errors from your
 * custom function"): an add-in's custom functions are called from formulas as NAMESPACE.NAME(…) and
 * recalculate with the sheet; a range argument (any[][]) arrives as rows of values, dates as serial
 * numbers, empty cells as empty; a CustomFunctions.Error shows as its error value (#VALUE!, #N/A)
 * with its message. Guessed: an empty cell arrives as null (HyperFormula's EmptyValue here), and the
 * error values of arguments propagate before the function is called (HyperFormula's default, which
 * matches Excel for functions that do not ask for errors). Only the English names are registered:
 * the fake reads formulas as an English Excel takes them through Range.formulas.
 */
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue, EmptyValue, type ImplementedFunctions } from 'hyperformula';
import { FUNCTIONS, FunctionError } from '../../src/functions/functions';

type Scalar = number | string | boolean | null;

function scalar(v: unknown): Scalar {
  if (v === EmptyValue || v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

function arg(v: unknown): Scalar | Scalar[][] {
  if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map(scalar));
  return scalar(v);
}

function call(id: string, args: unknown[]): number | string | CellError {
  try {
    return FUNCTIONS[id](...args.map(arg));
  } catch (e) {
    if (e instanceof FunctionError) return new CellError(e.code === '#N/A' ? ErrorType.NA : ErrorType.VALUE, e.message);
    throw e;
  }
}

const S = { argumentType: FunctionArgumentType.SCALAR };
const OPT = { argumentType: FunctionArgumentType.SCALAR, optionalArg: true };
const R = { argumentType: FunctionArgumentType.RANGE };

/** The functions' parameters, as functions.json declares them (test/functions holds the two together). */
export const PARAMETERS: Record<string, { argumentType: FunctionArgumentType; optionalArg?: boolean }[]> = {
  AMOUNT: [S, OPT],
  'AMOUNT.WHY': [S, OPT, OPT],
  CURRENCY: [S, OPT],
  RATE: [S, S, R],
  TOKZT: [S, S, S, R],
  TOCNY: [S, S, S, R],
};

const NAMESPACE = 'TIZILIM';

class TizilimFunctions extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {};
}

const translations: Record<string, string> = {};
for (const id of Object.keys(PARAMETERS)) {
  const name = `${NAMESPACE}.${id}`;
  const method = `fn_${id.replace(/\./g, '_')}`;
  TizilimFunctions.implementedFunctions[name] = { method, parameters: PARAMETERS[id] };
  (TizilimFunctions.prototype as unknown as Record<string, unknown>)[method] = function (this: TizilimFunctions, ast: { args: never[] }, state: never) {
    const run = (this as unknown as { runFunction: (a: unknown, s: unknown, m: unknown, f: (...x: unknown[]) => unknown) => unknown }).runFunction;
    const meta = (this as unknown as { metadata: (n: string) => unknown }).metadata(name);
    return run.call(this, ast.args, state, meta, (...x: unknown[]) => call(id, x));
  };
  translations[name] = name;
}

HyperFormula.registerFunctionPlugin(TizilimFunctions, { enGB: translations });
