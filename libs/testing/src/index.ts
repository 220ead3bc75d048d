export * from './test-env';
export * from './test-database';
export * from './own-services';
export * from './built-api';
