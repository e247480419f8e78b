export * from './what-if-rules';
export * from './what-if';
export * from './cycle-log';
