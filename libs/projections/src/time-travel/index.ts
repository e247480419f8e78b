export * from './cycle-events';
export * from './cycle-snapshots';
export * from './cycle-as-of';
export * from './snapshot-keeper';
