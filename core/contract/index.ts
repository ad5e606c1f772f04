export * from './data';
export * from './config';
export * from './commands';
export * from './events';
export * from './wire';
export * from './settings';
export * from './notification-policy';
export * from './history';
