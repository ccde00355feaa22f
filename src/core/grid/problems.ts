/** A problem that makes an input unusable: a code (the words catalogue's input.CODE, src/core/words) and its parameters. */
import type { Params } from '../words';

export interface InputProblem {
  key: 'FILE_MISSING' | 'FILE_TOO_LARGE' | 'NOT_A_WORKBOOK' | 'PASSWORD_PROTECTED' | 'SHEET_MISSING' | 'SHEET_EMPTY' | 'NO_HEADER' | 'CSV_ENCODING' | 'RATES_UNREADABLE' | 'OUTPUT_FAILED'
    | 'INPUT_IS_FOLDER' | 'NOT_A_FILE' | 'OUTPUT_IS_INPUT' | 'OUTPUT_IS_FOLDER' | 'OUTPUT_TWICE'
    | 'FORMAT_XLS' | 'FORMAT_XLSB' | 'FORMAT_ODS' | 'CELL_OUT_OF_RANGE' | 'CELL_TEXT_TOO_LONG' | 'TOO_MANY_STRINGS' | 'PART_TOO_LARGE' | 'GRID_TOO_LARGE';
  params: Params;
}

/** Every file read whole (the add-in's import, rates, snapshots, the in-memory reader) stays under this: README's size rule. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Adapters throw this (only adapters throw); the CLI and the task pane word it in the user's language. */
export class InputError extends Error {
  constructor(public readonly problem: InputProblem) {
    super(`${problem.key} ${JSON.stringify(problem.params)}`);
    this.name = 'InputError';
  }
}
