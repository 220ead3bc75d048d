import { parentPort } from 'node:worker_threads';
import type { ThreadJobFailure, ThreadReply, ThreadRequest } from './thread-pool';

/**
 * The worker side of ThreadPool: answers each request with `handle`'s result, or with the failure `describe` makes of
 * its error (errors do not cross threads with their class, so the code and details travel instead).
 */
export function serveInThread<I, O>(handle: (input: I) => Promise<O>, describe: (err: unknown) => ThreadJobFailure): void {
  if (!parentPort) throw new Error('serveInThread runs in a worker thread only');
  const port = parentPort;
  port.on('message', (req: ThreadRequest<I>) => {
    handle(req.input).then(
      (output) => port.postMessage({ id: req.id, output } satisfies ThreadReply<O>),
      (err: unknown) => port.postMessage({ id: req.id, failure: describe(err) } satisfies ThreadReply<O>),
    );
  });
}

/** A failure without a code of its own: the error's message only. */
export const plainFailure = (err: unknown): ThreadJobFailure => ({ message: err instanceof Error ? err.message : String(err) });
