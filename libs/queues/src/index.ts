export * from './queue-names';
export * from './redis';
export * from './queue-metrics';
export * from './queue-connection';
