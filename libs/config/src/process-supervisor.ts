import cluster, { Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';

/** A child that dies is forked again after this, doubled for each quick death in a row, up to `maxMs`. */
export const RESTART_BACKOFF = { firstMs: 1_000, maxMs: 30_000, /** a child that ran this long starts over at firstMs */ stableMs: 60_000 };

/**
 * A child that ran `ranMs` died, and the wait planned after its last death was `plannedMs`: wait that after a quick
 * death, the first step again after a child that ran `stableMs`; plan twice the wait (at most `maxMs`) for the next.
 */
export function restartBackoff(plannedMs: number, ranMs: number): { waitMs: number; nextPlannedMs: number } {
  const waitMs = ranMs >= RESTART_BACKOFF.stableMs ? RESTART_BACKOFF.firstMs : plannedMs;
  return { waitMs, nextPlannedMs: Math.min(waitMs * 2, RESTART_BACKOFF.maxMs) };
}

export interface SupervisorOptions {
  /** 'api' or 'worker': names the children in the log */
  name: string;
  count: number;
  /** SIGTERM/SIGINT to the primary: every child has this long to end, then it is killed */
  stopWithinMs: number;
  /** what every child gets on top of the primary's environment (a JWT secret they share, MIGRATE_ON_BOOT=false) */
  env?: Record<string, string>;
  /** fork the next child only once the one before listens (the API: the first one creates the first admin alone) */
  oneAtATime?: boolean;
}

interface Slot {
  index: number;
  child: Worker | null;
  startedAt: number;
  restarts: number;
  delayMs: number;
  timer?: NodeJS.Timeout;
}

/**
 * The primary of `count` copies of this process (node:cluster): each child is the whole app (`cluster.isWorker`), the
 * listening sockets are shared (PORT, WORKER_PORT: the primary accepts and hands connections round robin). A child
 * that dies is forked again with a backoff, logged; SIGTERM or SIGINT stops forking and signals every child, which
 * shuts down as one process would, and kills those still running after `stopWithinMs`. Resolves once all are forked.
 */
export async function superviseProcesses(options: SupervisorOptions): Promise<void> {
  const logger = new Logger(`Processes:${options.name}`);
  const slots: Slot[] = Array.from({ length: options.count }, (_, index) => ({ index, child: null, startedAt: 0, restarts: 0,
    delayMs: RESTART_BACKOFF.firstMs }));
  let stopping = false;

  const fork = (slot: Slot): Worker => {
    const child = cluster.fork(options.env ?? {});
    slot.child = child;
    slot.startedAt = Date.now();
    child.on('exit', (code, signal) => {
      slot.child = null;
      if (stopping) return;
      const ranMs = Date.now() - slot.startedAt;
      const { waitMs: delay, nextPlannedMs } = restartBackoff(slot.delayMs, ranMs);
      slot.delayMs = nextPlannedMs;
      slot.restarts++;
      logger.error(`${options.name} process ${slot.index + 1}/${options.count} (pid ${child.process.pid}) ended ` +
        `(${signal ?? `code ${code}`}) after ${Math.round(ranMs / 1000)} s; restarting in ${delay / 1000} s (restart ${slot.restarts})`);
      slot.timer = setTimeout(() => {
        if (stopping) return;
        const again = fork(slot);
        logger.warn(`${options.name} process ${slot.index + 1}/${options.count} restarted as pid ${again.process.pid}`);
      }, delay);
    });
    return child;
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    for (const slot of slots) clearTimeout(slot.timer);
    const running = slots.flatMap((s) => (s.child ? [s.child] : []));
    logger.log(`${signal}: stopping ${running.length} ${options.name} process(es)`);
    for (const child of running) child.process.kill('SIGTERM');
    const killer = setTimeout(() => {
      const left = slots.flatMap((s) => (s.child ? [s.child] : []));
      logger.warn(`${left.length} ${options.name} process(es) still running after ${options.stopWithinMs} ms: killed`);
      for (const child of left) child.process.kill('SIGKILL');
    }, options.stopWithinMs);
    const check = () => {
      if (slots.some((s) => s.child)) return;
      clearTimeout(killer);
      logger.log(`${signal}: every ${options.name} process ended in ${Date.now() - started} ms`);
      process.exit(0);
    };
    cluster.on('exit', check);
    check();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  for (const slot of slots) {
    if (stopping) return; // a SIGTERM while the first ones were starting
    const child = fork(slot);
    if (options.oneAtATime) {
      await new Promise<void>((resolve) => {
        child.once('listening', () => resolve());
        child.once('exit', () => resolve()); // its restart is the exit handler's business
      });
    }
  }
  logger.log(`${options.count} ${options.name} processes started (pids ${slots.map((s) => s.child?.process.pid).join(', ')})`);
}

/** Whether this process is a child a supervisor forked (its index among them is not needed: they are alike). */
export const isSupervisedChild = (): boolean => cluster.isWorker;
