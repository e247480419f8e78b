export * from './ledger.module';
export * from './ledger.token';
export * from './record-command';
export * from './read-query';
