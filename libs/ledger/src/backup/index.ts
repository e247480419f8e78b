export * from './backup-format';
export * from './ledger-copy';
export * from './ndjson-backup';
export * from './sqlite-file-backup';
export * from './restore';
