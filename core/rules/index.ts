export * from './schema';
export * from './compiled';
export * from './load';
export * from './engine';
export * from './render';
export * from './pack';
export { WindowCounter } from './window-counter';
export * from './examples';
export * from './group-by';
