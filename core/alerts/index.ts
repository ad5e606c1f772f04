export * from './candidate';
export * from './text-patterns';
export * from './rules';
export * from './alert-store';
export * from './notification-policy';
export * from './history-fs';
export * from './history';
export * from './alert-manager';
