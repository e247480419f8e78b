export * from './merkle';
export * from './signed-checkpoints';
