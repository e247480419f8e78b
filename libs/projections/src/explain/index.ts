export * from './score-explanation';
export * from './explain-from-log';
