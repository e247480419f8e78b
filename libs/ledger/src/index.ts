export * from './config/ledger-config';
export * from './stores/ledger-stores';
