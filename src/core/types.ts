/**
 * The core's shared vocabulary, a leaf module (it imports nothing): what the money, rates, register and
 * report modules all speak of. The languages and message parameters are the words module's own leaf,
 * src/core/words/types.ts.
 */

/** The currencies a register's figures come in, as ISO 4217 codes. */
export type Currency = 'KZT' | 'CNY' | 'USD' | 'EUR' | 'RUB';
export const CURRENCIES: readonly Currency[] = ['KZT', 'CNY', 'USD', 'EUR', 'RUB'];

/**
 * How sure a heading's match to a field is (Header.columns[].confidence, 0–1): from SURE_MATCH on it is
 * sure (the CLI prints no "?", the pane shows it green), from LIKELY_MATCH on it is worth checking
 * (yellow), below that doubtful (red).
 */
export const SURE_MATCH = 0.9;
export const LIKELY_MATCH = 0.7;
