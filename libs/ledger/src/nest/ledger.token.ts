/** The injection token of the process's Ledger (libs/ledger). */
export const LEDGER = Symbol('Ledger');
