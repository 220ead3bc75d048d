import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

/** One line per failed attempt, with the reason: what an operator greps for when a notice did not arrive. */
export function logJobFailure(logger: Logger, job: Job | undefined, err: Error): void {
  if (!job) return logger.warn(`job failed: ${err.message}`);
  const attempts = job.opts.attempts ?? 1;
  const final = job.attemptsMade >= attempts || err.name === 'UnrecoverableError';
  const line = `job ${job.id} ${job.name} failed (attempt ${job.attemptsMade}/${attempts}${final ? ', final' : ''}): ${err.message}`;
  if (final) logger.error(line);
  else logger.warn(line);
}

const recent = new Map<string, number>();
/**
 * Worker errors (Redis gone, keys lost under a running job) as one line each, at most once a minute per message: after
 * a FLUSHALL every job in flight reports its missing key, and a stack trace per job buries the one line that matters.
 */
export function logWorkerError(logger: Logger, err: Error): void {
  const key = err.message.replace(/[0-9a-f-]{8,}/gi, '…');
  const now = Date.now();
  if ((recent.get(key) ?? 0) > now - 60_000) return;
  recent.set(key, now);
  logger.warn(`queue worker: ${err.message}`);
}
