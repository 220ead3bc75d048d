export { plainFailure, serveInThread } from './serve-in-thread';
export { ThreadPool, type ThreadJobFailure, type ThreadPoolErrors, type ThreadPoolOptions } from './thread-pool';
