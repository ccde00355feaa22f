/**
 * The core's shared vocabulary, a leaf module (it imports nothing): what the money, rates, register and
 * report modules all speak of. The languages and message parameters are the words module's own leaf,
 * src/core/words/types.ts.
 */

/** The currencies a register's figures come in, as ISO 4217 codes. */
export type Currency = 'KZT' | 'CNY' | 'USD' | 'EUR' | 'RUB';
export const CURRENCIES: readonly Currency[] = ['KZT', 'CNY', 'USD', 'EUR', 'RUB'];
