/**
 * Whether an error says the connection to PostgreSQL was lost or refused (a restart, a failover), rather than that the
 * statement was wrong: the statement may be retried on a new connection once the server is back.
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: unknown } | null;
  if (!e) return false;
  if (e.driverError && e.driverError !== err && isConnectionError(e.driverError)) return true;
  // 08xxx connection exceptions; 57P01–57P03 admin shutdown, crash shutdown, cannot connect now (starting up)
  if (typeof e.code === 'string' && (/^08/.test(e.code) || /^57P0[123]$/.test(e.code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code))) return true;
  return /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect|Driver not Connected/i
    .test(e.message ?? '');
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
