export * from './analytics-relations';
export * from './postgres-analytics';
export * from './analytics-board';
