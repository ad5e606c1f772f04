export * from './options';
export * from './keys';
export * from './incident-store';
export * from './incident-actions';
export * from './incident-notice';
export { copyIncident } from './incident-record';
