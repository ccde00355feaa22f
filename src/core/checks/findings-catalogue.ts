/**
 * Every finding the tool can raise, declared once: its code, how severe it is (fixed, or decided by
 * the field it is about), the key of its message in kk/ru/en, what it means (the README's table is
 * tested against these words) and an example. The checks raise findings only through `raise`, so a
 * code not declared here does not compile and no call site picks its own severity.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A severity that depends on the field the finding is about, with the words the README shows for it. */
export interface SeverityByField {
  of: (field: string | null) => Severity;
  /** As the README's table writes it ("error for the name; warning for value, date, status"). */
  text: string;
}

export interface FindingSpec {
  severity: Severity | SeverityByField;
  /** Key of the message (kk/ru/en) in the core's word tables. */
  message: string;
  /** What the finding means, in English: the README's "Finding codes" table. */
  meaning: string;
  /** A situation that raises it. */
  example: string;
}

/** In the README's order. */
export const FINDINGS = {
  HEADER_MISSING: {
    severity: 'error',
    message: 'HEADER_MISSING',
    meaning: 'a required column (a value column) was not found in the header',
    example: 'a register whose header has "Жоба атауы" and "Мәртебесі" but no column of tenge or yuan',
  },
  HEADER_DUPLICATE: {
    severity: 'warning',
    message: 'HEADER_DUPLICATE',
    meaning: 'two columns map to the same field; the one used is named',
    example: 'two columns headed "Стоимость, млн тенге" (F) and "Сумма, тенге" (H): F is used',
  },
  MISSING_VALUE: {
    severity: {
      of: (field) => (field === 'name' ? 'error' : 'warning'),
      text: 'error for the name; warning for value, date, status',
    },
    message: 'MISSING_VALUE',
    meaning: 'a required field is empty',
    example: 'a project row with a figure but no name (error), or with no figure at all (warning)',
  },
  AMOUNT_UNREADABLE: {
    severity: 'error',
    message: 'AMOUNT_UNREADABLE',
    meaning: 'a figure cannot be read as money',
    example: '"много" or "12,3,4" in the tenge column',
  },
  CELL_ERROR: {
    severity: 'error',
    message: 'CELL_ERROR',
    meaning: 'the cell holds an Excel error (`#REF!`, `#VALUE!`, …)',
    example: 'a tenge cell whose formula shows #REF! after a row was deleted',
  },
  NUMBER_AS_TEXT: {
    severity: 'info',
    message: 'NUMBER_AS_TEXT',
    meaning: 'a figure stored as text (read correctly, but Excel will not sum it)',
    example: '"1 250,5" typed as text in the tenge column',
  },
  CURRENCY_UNKNOWN: {
    severity: 'error',
    message: 'CURRENCY_UNKNOWN',
    meaning: 'no currency from the cell or the column',
    example: '"1 250" in a column headed "Сумма" with no currency in the heading or the cell',
  },
  CURRENCY_AMBIGUOUS: {
    severity: 'warning',
    message: 'CURRENCY_AMBIGUOUS',
    meaning: '"¥" with no yuan context (it is also the yen sign)',
    example: '"¥ 5 000 000" in a column headed "Сумма"',
  },
  CURRENCY_CONFLICT: {
    severity: 'error',
    message: 'CURRENCY_CONFLICT',
    meaning: 'the cell names another currency than its column',
    example: '"12 млн юань" in the column "Құны, млн теңге"',
  },
  NEGATIVE_AMOUNT: {
    severity: 'error',
    message: 'NEGATIVE_AMOUNT',
    meaning: 'a value below zero',
    example: '-150 in the tenge column',
  },
  PRECISION: {
    severity: 'warning',
    message: 'PRECISION',
    meaning: 'more than 2 decimals of tenge or yuan after scaling',
    example: '0.0000001 in a column of million tenge (0.1 tenge is fine; 0.001 tenge is not)',
  },
  APPROXIMATE: {
    severity: 'info',
    message: 'APPROXIMATE',
    meaning: 'the figure carries "астам", "около" or similar; the figure is used',
    example: '"около 50 млн" or "200-ден астам" jobs',
  },
  RATE_MISSING: {
    severity: 'error',
    message: 'RATE_MISSING',
    meaning: 'no NBK rate on or before the date for a figure that must be converted',
    example: 'a yuan figure dated 2019-03-01 with rates only from 2025',
  },
  DATE_INVALID: {
    severity: 'warning',
    message: 'DATE_INVALID',
    meaning: 'a date that cannot be read, is in the future, or is before 1991',
    example: '"32.13.2025", a date next year, or 15.06.1985',
  },
  STATUS_UNKNOWN: {
    severity: 'warning',
    message: 'STATUS_UNKNOWN',
    meaning: 'a status outside the known list (kept as written)',
    example: '"на рассмотрении у акима"',
  },
  UNIT_SUSPECT: {
    severity: 'warning',
    message: 'UNIT_SUSPECT',
    meaning: "a figure a thousand times or more away from the register's median for its currency — probably keyed in the wrong unit",
    example: '12 500 000 000 in a column of million tenge whose other figures are near 10 000',
  },
  CROSS_RATE: {
    severity: 'error',
    message: 'CROSS_RATE',
    meaning: 'a row gives both tenge and yuan and their ratio is more than the tolerance (default 2 %) away from the NBK rate of its date',
    example: '7 582 million tenge beside 50 million yuan on a day the NBK rate is 75.82 (ratio 151.6)',
  },
  DUPLICATE_PROJECT: {
    severity: 'warning',
    message: 'DUPLICATE_PROJECT',
    meaning: 'the same project twice (same name and investor, or same name and value); on the later row, naming the earlier',
    example: 'row 20 repeats the name and investor of row 8',
  },
  TOTAL_MISMATCH: {
    severity: 'error',
    message: 'TOTAL_MISMATCH',
    meaning: 'a total or subtotal row disagrees with the sum of its rows; both figures shown',
    example: '"Барлығы: 151 000" under projects that add up to 150 000',
  },
  CONTROL_MISMATCH: {
    severity: 'error',
    message: 'CONTROL_MISMATCH',
    meaning: 'the control figures you declared (`--control-count`, `--control-total`, optionally for one `--control-status`) disagree with the register',
    example: '--control-count 14 for a register of 16 projects',
  },
  TEXT_TOO_LONG: {
    severity: 'warning',
    message: 'TEXT_TOO_LONG',
    meaning: 'a cell of the register holds more than 32 767 characters, more than an Excel cell can: the summary workbook (and the add-in\'s sheets) keep the first 32 767, the JSON the whole text',
    example: 'a notes cell of a CSV register holding 40 000 characters',
  },
  TOTAL_DOUBTFUL: {
    severity: 'warning',
    message: 'TOTAL_DOUBTFUL',
    meaning: 'a row whose label looks like a total ("Итого" with a status, "Всего хорошего кафесі" with no №…) is read and counted as a project; the label\'s cell is named',
    example: '"Итого" in the name column of a row that also has the status "меморандум"',
  },
  NOTE_PROJECT_LIKE: {
    severity: 'warning',
    message: 'NOTE_PROJECT_LIKE',
    meaning: 'a row below the total row has a project\'s details (a status, an investor, a figure…) but is read as a note',
    example: 'a line under "Барлығы" with an investor and the status "меморандум"',
  },
} as const satisfies Record<string, FindingSpec>;

export type FindingCode = keyof typeof FINDINGS;

export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

/** The severity of a finding of `code` about `field`, as the catalogue rules. */
export function severityOf(code: FindingCode, field: string | null): Severity {
  const s: FindingSpec['severity'] = FINDINGS[code].severity;
  return typeof s === 'string' ? s : s.of(field);
}

/** The severity column of the README's table: the fixed severity, or the rule's words. */
export function severityText(code: FindingCode): string {
  const s: FindingSpec['severity'] = FINDINGS[code].severity;
  return typeof s === 'string' ? s : s.text;
}
