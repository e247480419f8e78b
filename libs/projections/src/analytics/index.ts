export * from './analytics-relations';
export * from './postgres-analytics';
