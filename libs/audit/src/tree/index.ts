export * from './tree-store';
export * from './sqlite-tree-store';
export * from './postgres-tree-store';
export * from './tree-builder';
export * from './checkpointer';
