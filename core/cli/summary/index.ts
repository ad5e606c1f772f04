export * from './types';
export * from './collector';
export * from './format-text';
export * from './error-histogram';
export * from './template-tally';
