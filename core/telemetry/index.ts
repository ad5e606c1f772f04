export * from './histogram';
export * from './rate-meter';
export * from './process-metrics';
export * from './disk-usage';
export * from './health';
