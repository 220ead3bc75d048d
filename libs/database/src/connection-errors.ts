import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

const PG_UNAVAILABLE = /^(08|57P0[123])/; // connection exceptions; admin/crash shutdown, cannot connect now
const NET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const PG_UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (shutting down|starting up|in recovery mode)|terminating connection|Driver not Connected/i;

/**
 * Whether an error says the connection to PostgreSQL was lost or refused (a restart, a failover), rather than that the
 * statement was wrong: the statement may be retried on a new connection once the server is back, and an HTTP request
 * answers 503, not 500. Follows TypeORM's `driverError` and `cause` chains.
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof QueryRunnerAlreadyReleasedError || err instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  for (let e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0;
    e && typeof e === 'object' && depth < 4; e = (e.driverError ?? e.cause) as typeof e, depth++) {
    if (typeof e.code === 'string' && (PG_UNAVAILABLE.test(e.code) || NET_UNAVAILABLE.has(e.code))) return true;
    if (typeof e.message === 'string' && PG_UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** Runs `fn` again while it fails for a lost connection, for up to `withinMs` (then the last error is thrown). */
export async function retryOnConnectionLoss<T>(fn: () => Promise<T>, withinMs = 10_000): Promise<T> {
  const until = Date.now() + withinMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 1_000)) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionError(err) || Date.now() + wait > until) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
