export * from './merkle';
export * from './signed-checkpoints';
export * from './tree';
