export * from './signed-checkpoints';
