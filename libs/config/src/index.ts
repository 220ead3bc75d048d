export * from './app-config';
export * from './config.module';
export * from './startup-failure';
export * from './metrics-token';
export * from './redis-target';
export * from './process-supervisor';
