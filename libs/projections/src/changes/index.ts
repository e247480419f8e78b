export * from './bounds';
export * from './changes';
