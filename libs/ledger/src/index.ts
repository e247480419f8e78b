export * from './config/ledger-config';
export * from './stores/ledger-stores';
export * from './commands/command-meta';
export * from './commands/directories';
export * from './commands/command-executor';
export * from './commands/read-model-directory';
export * from './reactions/reaction-runner';
