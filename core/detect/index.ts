export * from './signal';
export * from './interval-baseline';
export * from './rate-spike';
export * from './new-template';
export * from './lag-growth';
export * from './detectors';
export * from './numeric/numeric-detector';
export * from './gaps';
